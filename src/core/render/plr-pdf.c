/* plr-pdf.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-pdf"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "plr-pdf.h"

/* A document is laid out twice with the same code: once to count the
 * pages, once to draw them. Text goes through Pango, so Welsh, Irish and
 * any other script are shaped properly, and is always plain text, never
 * markup: what the learner or the record wrote is shown as written. */

G_DEFINE_QUARK (plr-pdf-error-quark, plr_pdf_error)

/* ------------------------------------------------------------------------ */
/* The document                                                              */

/**
 * plr_pdf_doc_init:
 * @doc: a zeroed #PlrPdfDoc
 * @cr: where the document is drawn
 * @fonts: (array length=n_fonts): the document's text styles; must outlive @doc
 * @n_fonts: how many, at most %PLR_PDF_MAX_FONTS
 */
void
plr_pdf_doc_init (PlrPdfDoc        *doc,
                  cairo_t          *cr,
                  const PlrPdfFont *fonts,
                  guint             n_fonts)
{
  cairo_font_options_t *options;

  g_assert (n_fonts <= PLR_PDF_MAX_FONTS);

  doc->cr = cr;
  /* A font map of our own, dropped with the document: nothing is cached
   * between documents, and documents can be made on any thread. */
  doc->font_map = pango_cairo_font_map_new ();
  doc->context = pango_font_map_create_context (doc->font_map);
  pango_cairo_update_context (cr, doc->context);

  /* The same metrics in both passes and in any viewer. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (doc->context, options);
  cairo_font_options_destroy (options);

  doc->font_specs = fonts;
  doc->n_fonts = n_fonts;
  for (guint i = 0; i < n_fonts; i++)
    {
      doc->fonts[i] = pango_font_description_from_string (fonts[i].family);
      pango_font_description_set_size (doc->fonts[i], (int) (fonts[i].size * PANGO_SCALE));
      pango_font_description_set_weight (doc->fonts[i], fonts[i].weight);
      pango_font_description_set_style (doc->fonts[i], fonts[i].style);
    }
}

void
plr_pdf_doc_clear (PlrPdfDoc *doc)
{
  for (guint i = 0; i < G_N_ELEMENTS (doc->fonts); i++)
    g_clear_pointer (&doc->fonts[i], pango_font_description_free);
  g_clear_object (&doc->context);
  g_clear_object (&doc->font_map);
}

/* Whether ink goes on the surface now: drawing, and on the page wanted. */
gboolean
plr_pdf_doc_inking (PlrPdfDoc *doc)
{
  return doc->draw && (doc->only_page == 0 || doc->page == doc->only_page);
}

/* Ends the page on the surface, when drawing them all. */
void
plr_pdf_doc_show_page (PlrPdfDoc *doc)
{
  if (doc->draw && doc->only_page == 0)
    cairo_show_page (doc->cr);
}

/* ------------------------------------------------------------------------ */
/* Text                                                                      */

/**
 * plr_pdf_layout:
 * @doc: a #PlrPdfDoc
 * @font: which of the document's fonts
 * @text: plain text
 * @width: the width to wrap at, in points, or 0 or less for one line
 *
 * Returns: (transfer full): a layout of @text
 */
PangoLayout *
plr_pdf_layout (PlrPdfDoc  *doc,
                guint       font,
                const char *text,
                double      width)
{
  PangoLayout *layout = pango_layout_new (doc->context);

  g_assert (font < doc->n_fonts);

  pango_layout_set_font_description (layout, doc->fonts[font]);
  /* Plain text, never markup: what the learner wrote is shown as written. */
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (doc->font_specs[font].line_spacing > 0)
    pango_layout_set_line_spacing (layout, (float) doc->font_specs[font].line_spacing);

  return layout;
}

double
plr_pdf_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

/* The width the text takes, from the layout's left edge. */
double
plr_pdf_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) (logical.x + logical.width) / PANGO_SCALE;
}

void
plr_pdf_set_color (PlrPdfDoc         *doc,
                   const PlrPdfColor *color)
{
  cairo_set_source_rgb (doc->cr, color->r, color->g, color->b);
}

void
plr_pdf_show (PlrPdfDoc         *doc,
              PangoLayout       *layout,
              double             x,
              double             y,
              const PlrPdfColor *color)
{
  if (!plr_pdf_doc_inking (doc))
    return;

  plr_pdf_set_color (doc, color);
  cairo_move_to (doc->cr, x, y);
  pango_cairo_show_layout (doc->cr, layout);
}

void
plr_pdf_fill_rect (PlrPdfDoc         *doc,
                   double             x,
                   double             y,
                   double             width,
                   double             height,
                   const PlrPdfColor *color)
{
  if (!plr_pdf_doc_inking (doc))
    return;

  plr_pdf_set_color (doc, color);
  cairo_rectangle (doc->cr, x, y, width, height);
  cairo_fill (doc->cr);
}

/**
 * plr_pdf_draw_footer:
 * @doc: a #PlrPdfDoc
 * @font: the footer's font
 * @text: what the foot of every page says on the left
 * @x: the left edge of the text column
 * @width: the width of the text column
 * @rule_y: where the rule above the footer goes
 * @rule_color: the rule's colour
 * @text_color: the text's colour
 *
 * Draws a rule, @text and "Page N of M" at the foot of the current page.
 */
void
plr_pdf_draw_footer (PlrPdfDoc         *doc,
                     guint              font,
                     const char        *text,
                     double             x,
                     double             width,
                     double             rule_y,
                     const PlrPdfColor *rule_color,
                     const PlrPdfColor *text_color)
{
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  g_autofree char *page = NULL;

  if (!plr_pdf_doc_inking (doc))
    return;

  /* Translators: the page number at the foot of a PDF page or a letter */
  page = g_strdup_printf (_("Page %d of %d"), doc->page, doc->n_pages);
  right = plr_pdf_layout (doc, font, page, -1);
  left = plr_pdf_layout (doc, font, text, width - plr_pdf_width (right) - 24);

  plr_pdf_fill_rect (doc, x, rule_y, width, 0.5, rule_color);
  plr_pdf_show (doc, left, x, rule_y + 6, text_color);
  plr_pdf_show (doc, right, x + width - plr_pdf_width (right), rule_y + 6, text_color);
}

/* ------------------------------------------------------------------------ */
/* Structure: tags, so that a screen reader reads headings, paragraphs and   */
/* tables as such, and an outline of the headings                            */

static const cairo_user_data_key_t output_key;

/* Tags go on the surface only in the pass that draws the whole document to
 * a PDF: the measuring pass and a preview of one page must not open a tag
 * that another page would close. */
static gboolean
doc_tagging (PlrPdfDoc *doc)
{
  cairo_surface_t *target = cairo_get_target (doc->cr);
  PlrPdfOutput *output;

  if (!doc->draw || doc->only_page != 0 ||
      cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_PDF)
    return FALSE;

  /* Nor once the stream has failed or is cancelled: cairo 1.16 crashes
   * finishing a surface that has an outline and could not write its
   * header (seen with a stream cancelled from the start). */
  output = cairo_surface_get_user_data (target, &output_key);
  return cairo_status (doc->cr) == CAIRO_STATUS_SUCCESS &&
         (output == NULL ||
          (output->error == NULL && !g_cancellable_is_cancelled (output->cancellable)));
}

/**
 * plr_pdf_tag_begin:
 * @doc: a #PlrPdfDoc
 * @tag: a structure tag cairo knows, such as "P", "Table", "TR", "TH", "TD"
 *
 * Opens a structure element; close it with plr_pdf_tag_end().
 */
void
plr_pdf_tag_begin (PlrPdfDoc  *doc,
                   const char *tag)
{
  if (doc_tagging (doc))
    cairo_tag_begin (doc->cr, tag, NULL);
}

void
plr_pdf_tag_end (PlrPdfDoc  *doc,
                 const char *tag)
{
  if (doc_tagging (doc))
    cairo_tag_end (doc->cr, tag);
}

/**
 * plr_pdf_heading_begin:
 * @doc: a #PlrPdfDoc
 * @level: 1 or 2
 * @title: the heading's text, for the outline
 * @y: the top of the heading on the current page
 *
 * Opens an H1 or H2 element and adds the heading to the document's
 * outline (an H2 under the last H1), pointing at where it is drawn.
 */
void
plr_pdf_heading_begin (PlrPdfDoc  *doc,
                       int         level,
                       const char *title,
                       double      y)
{
  g_autofree char *tag = NULL;
  g_autofree char *link = NULL;
  int parent;
  int id;

  if (!doc_tagging (doc))
    return;

  g_return_if_fail (level == 1 || level == 2);

  tag = g_strdup_printf ("H%d", level);
  cairo_tag_begin (doc->cr, tag, NULL);

  link = g_strdup_printf ("page=%d pos=[0 %.0f]", doc->page, MAX (0, y - 12));
  parent = level == 1 || doc->outline_parent == 0 ? CAIRO_PDF_OUTLINE_ROOT
                                                  : doc->outline_parent;
  id = cairo_pdf_surface_add_outline (cairo_get_target (doc->cr), parent, title, link, 0);
  if (level == 1)
    doc->outline_parent = id;
}

void
plr_pdf_heading_end (PlrPdfDoc *doc,
                     int        level)
{
  g_autofree char *tag = NULL;

  if (!doc_tagging (doc))
    return;

  tag = g_strdup_printf ("H%d", level);
  cairo_tag_end (doc->cr, tag);
}

/**
 * plr_pdf_set_subject:
 * @cr: from plr_pdf_begin()
 * @subject: what the document is, for its metadata
 */
void
plr_pdf_set_subject (cairo_t    *cr,
                     const char *subject)
{
  cairo_pdf_surface_set_metadata (cairo_get_target (cr), CAIRO_PDF_METADATA_SUBJECT, subject);
}

/**
 * plr_pdf_set_author:
 * @cr: from plr_pdf_begin()
 * @author: (nullable): the learner's name, only where the learner chose to
 *   put it in the document; %NULL leaves the document without an author
 *
 * A PDF reader shows and indexes the author apart from the pages, so it
 * holds the name only where the pages do.
 */
void
plr_pdf_set_author (cairo_t    *cr,
                    const char *author)
{
  if (author != NULL && author[0] != '\0')
    cairo_pdf_surface_set_metadata (cairo_get_target (cr), CAIRO_PDF_METADATA_AUTHOR, author);
}

/* ------------------------------------------------------------------------ */
/* Output                                                                    */

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  PlrPdfOutput *write = closure;

  if (write->error != NULL ||
      g_cancellable_set_error_if_cancelled (write->cancellable, &write->error))
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (write->stream, data, length, NULL, write->cancellable,
                                  &write->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

/**
 * plr_pdf_begin:
 * @output: (out caller-allocates): where the PDF goes, until plr_pdf_end()
 * @stream: where to write the PDF
 * @cancellable: (nullable): a #GCancellable
 * @title: the document's title, for its metadata
 *
 * Starts an A4 PDF 1.5 document written to @stream; end it with
 * plr_pdf_end(), which also clears @output.
 *
 * Returns: (transfer full): where to draw the document
 */
cairo_t *
plr_pdf_begin (PlrPdfOutput  *output,
               GOutputStream *stream,
               GCancellable  *cancellable,
               const char    *title)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  cairo_surface_t *surface;
  cairo_t *cr;

  output->stream = stream;
  output->cancellable = cancellable;
  output->error = NULL;

  /* The header is written at once: a stream that fails gives a surface in
   * error, and the stream's error stays in @output. */
  surface = cairo_pdf_surface_create_for_stream (write_cb, output, PLR_PDF_PAGE_WIDTH,
                                                 PLR_PDF_PAGE_HEIGHT);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Learning Record");
  /* No author unless plr_pdf_set_author() gives the learner's name. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
  cairo_surface_set_user_data (surface, &output_key, output, NULL);
  cr = cairo_create (surface);
  cairo_surface_destroy (surface);

  /* Everything drawn from here is in one Document element (cairo 1.16
   * has no way to give the document's language: no /Lang). */
  if (cairo_status (cr) == CAIRO_STATUS_SUCCESS && output->error == NULL)
    cairo_tag_begin (cr, "Document", NULL);

  return cr;
}

/**
 * plr_pdf_draw_passes:
 * @doc: a #PlrPdfDoc
 * @draw_document: lays the whole document out, from its first page
 * @user_data: data for @draw_document
 *
 * Counts the pages, then draws them.
 */
void
plr_pdf_draw_passes (PlrPdfDoc      *doc,
                     PlrPdfDrawFunc  draw_document,
                     gpointer        user_data)
{
  doc->draw = FALSE;
  draw_document (user_data);
  doc->n_pages = doc->page;
  doc->draw = TRUE;
  draw_document (user_data);
}

/**
 * plr_pdf_end:
 * @output: from plr_pdf_begin()
 * @cr: (transfer full): from plr_pdf_begin()
 * @error: return location for a #GError
 *
 * Finishes the document and writes out what is left of it.
 *
 * Returns: %TRUE on success; on failure @error holds the stream's error, or
 *   %PLR_PDF_ERROR_CAIRO with cairo's message, for the caller to word
 */
gboolean
plr_pdf_end (PlrPdfOutput  *output,
             cairo_t       *cr,
             GError       **error)
{
  cairo_surface_t *surface = cairo_surface_reference (cairo_get_target (cr));
  cairo_status_t status;

  if (cairo_status (cr) == CAIRO_STATUS_SUCCESS)
    cairo_tag_end (cr, "Document");
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  output->stream = NULL;
  output->cancellable = NULL;
  if (output->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&output->error));
      return FALSE;
    }

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, PLR_PDF_ERROR, PLR_PDF_ERROR_CAIRO,
                           cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_pdf_save:
 * @memory: a #GMemoryOutputStream holding a whole document
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Closes @memory and replaces @file with what it holds, only now that the
 * whole document is made. A new file is private to the user: it holds
 * personal data.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_pdf_save (GOutputStream  *memory,
              GFile          *file,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (!g_output_stream_close (memory, cancellable, error))
    return FALSE;

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, cancellable, error);
}
