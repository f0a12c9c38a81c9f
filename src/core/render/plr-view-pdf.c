/* plr-view-pdf.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "plr-pdf.h"
#include "plr-text.h"
#include "plr-view-pdf.h"

/* A view as an A4 PDF that a learner can hand to an employer: a title, who
 * it is for, the learner's chosen details, the entries as a table with the
 * chosen columns (its header repeated on every page), challenged entries
 * marked in words, the share code and its expiry worded so nobody takes it
 * for the qualifications', and "Page N of M" on every page.
 *
 * The document is laid out twice with the same code: once to count the
 * pages, once to draw them. Text goes through Pango, so Welsh, Irish and
 * any other script are shaped properly; Cantarell is preferred and DejaVu
 * Sans (and fontconfig) fill in. Only the filtered result is read. */

#define PAGE_WIDTH     PLR_PDF_PAGE_WIDTH
#define PAGE_HEIGHT    PLR_PDF_PAGE_HEIGHT
#define MARGIN_X       51.0     /* 18 mm */
#define MARGIN_TOP     60.0
#define CONTENT_BOTTOM (PAGE_HEIGHT - 70.0)
#define FOOTER_RULE_Y  (PAGE_HEIGHT - 52.0)
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN_X)

#define CELL_PAD_X        4.5
#define CELL_PAD_Y        4.5
#define MAX_TABLE_COLUMNS 7
#define BLOCK_COLUMNS     4
#define BLOCK_GAP         10.0

#define FONT_FAMILY      "Cantarell, DejaVu Sans"
#define MONO_FONT_FAMILY "DejaVu Sans Mono, Monospace"

G_DEFINE_QUARK (plr-view-pdf-error-quark, plr_view_pdf_error)

typedef PlrPdfColor Color;

static const Color text_color = { 0.118, 0.118, 0.118 };
static const Color secondary_color = { 0.369, 0.361, 0.392 };
static const Color heading_color = { 0.141, 0.122, 0.192 };
static const Color rule_color = { 0.776, 0.773, 0.765 };
static const Color strong_rule_color = { 0.400, 0.396, 0.420 };
static const Color zebra_color = { 0.961, 0.957, 0.953 };
static const Color panel_color = { 0.953, 0.949, 0.945 };
static const Color accent_color = { 0.110, 0.443, 0.847 };
static const Color challenge_color = { 0.647, 0.114, 0.176 };

typedef enum
{
  STYLE_TITLE,
  STYLE_NAME,
  STYLE_LEAD,
  STYLE_BODY,
  STYLE_SMALL,
  STYLE_SECTION,
  STYLE_COLUMN_HEADER,
  STYLE_CELL,
  STYLE_CELL_STRONG,
  STYLE_FLAG,
  STYLE_GROUP,
  STYLE_LABEL,
  STYLE_FOOTER,
  STYLE_CODE,
  N_STYLES
} Style;

static const PlrPdfFont styles[N_STYLES] = {
  [STYLE_TITLE] = { FONT_FAMILY, 21.0, PANGO_WEIGHT_BOLD },
  [STYLE_NAME] = { FONT_FAMILY, 14.5, PANGO_WEIGHT_BOLD },
  [STYLE_LEAD] = { FONT_FAMILY, 11.0, PANGO_WEIGHT_NORMAL },
  [STYLE_BODY] = { FONT_FAMILY, 9.5, PANGO_WEIGHT_NORMAL },
  [STYLE_SMALL] = { FONT_FAMILY, 8.5, PANGO_WEIGHT_NORMAL },
  [STYLE_SECTION] = { FONT_FAMILY, 12.0, PANGO_WEIGHT_BOLD },
  [STYLE_COLUMN_HEADER] = { FONT_FAMILY, 7.75, PANGO_WEIGHT_BOLD },
  [STYLE_CELL] = { FONT_FAMILY, 8.5, PANGO_WEIGHT_NORMAL },
  [STYLE_CELL_STRONG] = { FONT_FAMILY, 9.5, PANGO_WEIGHT_BOLD },
  [STYLE_FLAG] = { FONT_FAMILY, 7.5, PANGO_WEIGHT_BOLD },
  [STYLE_GROUP] = { FONT_FAMILY, 10.0, PANGO_WEIGHT_BOLD },
  [STYLE_LABEL] = { FONT_FAMILY, 7.5, PANGO_WEIGHT_NORMAL },
  [STYLE_FOOTER] = { FONT_FAMILY, 7.5, PANGO_WEIGHT_NORMAL },
  [STYLE_CODE] = { MONO_FONT_FAMILY, 10.0, PANGO_WEIGHT_BOLD },
};

typedef struct
{
  PlrPdfDoc             pdf;
  PlrViewResult        *result;
  double                y;
  char                 *name;
  guint64               name_fields;
  char                 *footer;
  char                 *running_head;
  gboolean              table_mode;
  double                widths[PLR_EVENT_N_FIELDS];
} Doc;

static void
doc_clear (Doc *doc)
{
  plr_pdf_doc_clear (&doc->pdf);
  g_clear_pointer (&doc->name, g_free);
  g_clear_pointer (&doc->footer, g_free);
  g_clear_pointer (&doc->running_head, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Doc, doc_clear)

/* ------------------------------------------------------------------------ */
/* Text                                                                      */

static void
hrule (Doc         *doc,
       double       y,
       double       thickness,
       const Color *color)
{
  plr_pdf_fill_rect (&doc->pdf, MARGIN_X, y, CONTENT_WIDTH, thickness, color);
}

/* The natural (one line) and the smallest (longest word) widths of a text. */
static void
measure (Doc        *doc,
         Style       style,
         const char *text,
         double     *natural,
         double     *minimum)
{
  g_autoptr(PangoLayout) layout = plr_pdf_layout (&doc->pdf, style, text, -1);

  *natural = MAX (*natural, plr_pdf_width (layout));

  pango_layout_set_width (layout, 1);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  *minimum = MAX (*minimum, plr_pdf_width (layout));
}

/* ------------------------------------------------------------------------ */
/* Pages                                                                     */

static void
draw_footer (Doc *doc)
{
  plr_pdf_draw_footer (&doc->pdf, STYLE_FOOTER, doc->footer, MARGIN_X, CONTENT_WIDTH,
                       FOOTER_RULE_Y, &rule_color, &secondary_color);
}

static void
draw_running_head (Doc *doc)
{
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  const char *code = plr_view_result_get_share_code (doc->result);
  double right_width = 0;

  if (code != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Share code %s"), code);

      right = plr_pdf_layout (&doc->pdf, STYLE_FOOTER, text, -1);
      right_width = plr_pdf_width (right);
      plr_pdf_show (&doc->pdf, right, MARGIN_X + CONTENT_WIDTH - right_width, MARGIN_TOP - 30,
                    &secondary_color);
    }

  left = plr_pdf_layout (&doc->pdf, STYLE_FOOTER, doc->running_head,
                         CONTENT_WIDTH - right_width - 24);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (left, 0);
  plr_pdf_show (&doc->pdf, left, MARGIN_X, MARGIN_TOP - 30, &secondary_color);
  hrule (doc, MARGIN_TOP - 16, 0.5, &rule_color);
}

static void
next_page (Doc *doc)
{
  draw_footer (doc);
  plr_pdf_doc_show_page (&doc->pdf);

  doc->pdf.page++;
  doc->y = MARGIN_TOP;
  draw_running_head (doc);
}

/* Starts a new page unless @height fits below; a page that is still empty
 * takes anything, so an enormous row cannot loop. */
static gboolean
ensure_space (Doc    *doc,
              double  height)
{
  if (doc->y + height <= CONTENT_BOTTOM || doc->y <= MARGIN_TOP)
    return FALSE;

  next_page (doc);
  return TRUE;
}

static void
paragraph (Doc         *doc,
           Style        style,
           const Color *color,
           const char  *text,
           double       space_after)
{
  g_autoptr(PangoLayout) layout = plr_pdf_layout (&doc->pdf, style, text, CONTENT_WIDTH);
  double height = plr_pdf_height (layout);

  ensure_space (doc, height);
  if (style == STYLE_TITLE)
    plr_pdf_heading_begin (&doc->pdf, 1, text, doc->y);
  else
    plr_pdf_tag_begin (&doc->pdf, "P");
  plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, color);
  if (style == STYLE_TITLE)
    plr_pdf_heading_end (&doc->pdf, 1);
  else
    plr_pdf_tag_end (&doc->pdf, "P");
  doc->y += height + space_after;
}

static void
section_heading (Doc        *doc,
                 const char *title,
                 const char *aside,
                 double      keep_with_next)
{
  g_autoptr(PangoLayout) layout = plr_pdf_layout (&doc->pdf, STYLE_SECTION, title, CONTENT_WIDTH);
  g_autoptr(PangoLayout) aside_layout = NULL;
  double height = plr_pdf_height (layout);

  ensure_space (doc, height + 8 + keep_with_next);
  plr_pdf_heading_begin (&doc->pdf, 2, title, doc->y);
  plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &heading_color);
  plr_pdf_heading_end (&doc->pdf, 2);

  if (aside != NULL)
    {
      double width;

      aside_layout = plr_pdf_layout (&doc->pdf, STYLE_SMALL, aside, -1);
      width = plr_pdf_width (aside_layout);
      plr_pdf_tag_begin (&doc->pdf, "P");
      plr_pdf_show (&doc->pdf, aside_layout, MARGIN_X + CONTENT_WIDTH - width,
                    doc->y + height - plr_pdf_height (aside_layout) - 1, &secondary_color);
      plr_pdf_tag_end (&doc->pdf, "P");
    }

  doc->y += height + 4;
  hrule (doc, doc->y, 0.75, &rule_color);
  doc->y += 9;
}

/* ------------------------------------------------------------------------ */
/* The first page's heading and the learner                                  */

static void
draw_heading (Doc *doc)
{
  PlrViewResult *result = doc->result;
  const char *recipient = plr_view_result_get_recipient (result);
  const char *purpose = plr_view_result_get_purpose (result);
  const char *code = plr_view_result_get_share_code (result);
  GDateTime *expires_at = plr_view_result_get_share_expires_at (result);
  g_autofree char *prepared = NULL;
  g_autofree char *provenance = NULL;
  g_autofree char *shown_recipient = NULL;
  g_autofree char *shown_purpose = NULL;
  g_autofree char *shown_title = plr_text_display (plr_view_result_get_title (result));

  plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y - 16, 40, 3, &accent_color);

  paragraph (doc, STYLE_TITLE, &heading_color, shown_title, 4);
  if (doc->name != NULL)
    paragraph (doc, STYLE_NAME, &text_color, doc->name, 8);
  else
    doc->y += 6;

  /* Isolated, as they sit inside a sentence (docs/record-format.md). */
  shown_recipient = plr_text_display (recipient);
  shown_purpose = plr_text_display (purpose);
  if (recipient != NULL && purpose != NULL)
    /* Translators: "Prepared for Acme Ltd, Job application" */
    prepared = g_strdup_printf (_("Prepared for %s, %s"), shown_recipient, shown_purpose);
  else if (recipient != NULL)
    prepared = g_strdup_printf (_("Prepared for %s"), shown_recipient);
  else if (purpose != NULL)
    prepared = g_strdup_printf (_("Purpose: %s"), shown_purpose);
  if (prepared != NULL)
    paragraph (doc, STYLE_LEAD, &text_color, prepared, 3);

  if (plr_view_result_get_as_of (result) != NULL)
    {
      g_autofree char *as_of = plr_view_format_date (plr_view_result_get_as_of (result));
      g_autofree char *generated = plr_view_format_date (plr_view_result_get_generated_at (result));

      provenance = g_strdup_printf (_("From the learner’s record as fetched on %s. "
                                      "Generated on %s."), as_of, generated);
    }
  else
    {
      g_autofree char *generated = plr_view_format_date (plr_view_result_get_generated_at (result));

      provenance = g_strdup_printf (_("Generated on %s."), generated);
    }
  paragraph (doc, STYLE_SMALL, &secondary_color, provenance, 0);

  if (code != NULL || expires_at != NULL)
    {
      g_autoptr(PangoLayout) label = NULL;
      g_autoptr(PangoLayout) code_layout = NULL;
      g_autoptr(PangoLayout) expiry = NULL;
      g_autofree char *expiry_text = NULL;
      double inner = CONTENT_WIDTH - 28;
      double height = 0;
      double top;

      if (expires_at != NULL)
        {
          g_autofree char *date = plr_view_format_date (expires_at);

          expiry_text = g_strdup_printf (_("This share expires on %s (this is not an expiry of "
                                           "the qualifications)."), date);
        }
      else
        expiry_text = g_strdup (_("This share has no expiry date; the learner can withdraw it "
                                  "at any time."));

      if (code != NULL)
        {
          label = plr_pdf_layout (&doc->pdf, STYLE_BODY, _("Share code:"), -1);
          code_layout = plr_pdf_layout (&doc->pdf, STYLE_CODE, code,
                                        inner - plr_pdf_width (label) - 6);
          height += MAX (plr_pdf_height (label), plr_pdf_height (code_layout)) + 3;
        }
      expiry = plr_pdf_layout (&doc->pdf, STYLE_BODY, expiry_text, inner);
      height += plr_pdf_height (expiry);

      doc->y += 12;
      ensure_space (doc, height + 18);
      top = doc->y;
      plr_pdf_fill_rect (&doc->pdf, MARGIN_X, top, CONTENT_WIDTH, height + 18, &panel_color);
      plr_pdf_fill_rect (&doc->pdf, MARGIN_X, top, 3, height + 18, &accent_color);
      doc->y += 9;
      plr_pdf_tag_begin (&doc->pdf, "P");
      if (code != NULL)
        {
          double line = MAX (plr_pdf_height (label), plr_pdf_height (code_layout));

          plr_pdf_show (&doc->pdf, label, MARGIN_X + 14, doc->y + line - plr_pdf_height (label),
                        &text_color);
          plr_pdf_show (&doc->pdf, code_layout, MARGIN_X + 14 + plr_pdf_width (label) + 6,
                        doc->y + line - plr_pdf_height (code_layout), &text_color);
          doc->y += line + 3;
        }
      plr_pdf_show (&doc->pdf, expiry, MARGIN_X + 14, doc->y, &text_color);
      plr_pdf_tag_end (&doc->pdf, "P");
      doc->y = top + height + 18;
    }

  doc->y += 20;
}

static void
draw_learner (Doc *doc)
{
  PlrViewResult *result = doc->result;
  double label_width = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      double natural = 0, minimum = 0;

      if (plr_view_result_get_learner_value (result, i) == NULL ||
          (doc->name_fields & PLR_VIEW_FIELD_BIT (i)))
        continue;

      measure (doc, STYLE_BODY, plr_learner_field_get_label (i), &natural, &minimum);
      label_width = MAX (label_width, natural);
      any = TRUE;
    }

  if (!any)
    return;

  label_width = MIN (label_width, CONTENT_WIDTH * 0.4) + 18;
  section_heading (doc, _("About the learner"), NULL, 14);
  plr_pdf_tag_begin (&doc->pdf, "Table");

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      const char *value = plr_view_result_get_learner_value (result, i);
      g_autoptr(PangoLayout) label = NULL;
      g_autoptr(PangoLayout) text = NULL;
      g_autofree char *formatted = NULL;
      double height;

      if (value == NULL || (doc->name_fields & PLR_VIEW_FIELD_BIT (i)))
        continue;

      formatted = plr_view_format_learner_value (i, value);
      label = plr_pdf_layout (&doc->pdf, STYLE_BODY, plr_learner_field_get_label (i),
                              label_width - 18);
      text = plr_pdf_layout (&doc->pdf, STYLE_BODY, formatted, CONTENT_WIDTH - label_width);
      height = MAX (plr_pdf_height (label), plr_pdf_height (text));

      ensure_space (doc, height);
      plr_pdf_tag_begin (&doc->pdf, "TR");
      plr_pdf_tag_begin (&doc->pdf, "TH");
      plr_pdf_show (&doc->pdf, label, MARGIN_X, doc->y, &secondary_color);
      plr_pdf_tag_end (&doc->pdf, "TH");
      plr_pdf_tag_begin (&doc->pdf, "TD");
      plr_pdf_show (&doc->pdf, text, MARGIN_X + label_width, doc->y, &text_color);
      plr_pdf_tag_end (&doc->pdf, "TD");
      plr_pdf_tag_end (&doc->pdf, "TR");
      doc->y += height + 4;
    }
  plr_pdf_tag_end (&doc->pdf, "Table");

  doc->y += 16;
}

/* ------------------------------------------------------------------------ */
/* The entries                                                               */

static char *
cell_text (Doc   *doc,
           guint  entry,
           guint  column)
{
  PlrEventField field = plr_view_result_get_column (doc->result, column);
  const char *value = plr_view_result_get_entry_value (doc->result, entry, field);

  /* Short months in the narrow columns of the table, full ones in blocks. */
  if (doc->table_mode)
    return plr_view_format_event_value_compact (field, value);
  return plr_view_format_event_value (field, value);
}

static PangoAlignment
column_alignment (Doc   *doc,
                  guint  column)
{
  PlrEventField field = plr_view_result_get_column (doc->result, column);

  return plr_event_field_info (field)->kind == PLR_FIELD_KIND_INT ? PANGO_ALIGN_RIGHT
                                                                 : PANGO_ALIGN_LEFT;
}

/* Short values (dates, numbers, levels, codes) should not wrap. */
static gboolean
column_is_rigid (PlrEventField field)
{
  switch (field)
    {
    case PLR_EVENT_FIELD_ID:
    case PLR_EVENT_FIELD_SUBJECT_CODE:
    case PLR_EVENT_FIELD_LEVEL:
    case PLR_EVENT_FIELD_CREDITS:
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE:
    case PLR_EVENT_FIELD_PARTICIPATION_START_DATE:
    case PLR_EVENT_FIELD_PARTICIPATION_END_DATE:
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN:
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN:
    case PLR_EVENT_FIELD_SOURCE:
    case PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Column widths much as a browser lays out an automatic table: every
 * column gets at least its longest word (short values their whole text,
 * when there is room), and the width left goes to the columns in
 * proportion to what they lack. Returns FALSE when the columns cannot sit
 * side by side. */
static gboolean
compute_widths (Doc *doc)
{
  PlrViewResult *result = doc->result;
  guint n_columns = plr_view_result_get_n_columns (result);
  guint n_entries = plr_view_result_get_n_entries (result);
  double natural[PLR_EVENT_N_FIELDS] = { 0, };
  double minimum[PLR_EVENT_N_FIELDS] = { 0, };
  double sum_natural = 0, sum_minimum = 0, sum_rigid = 0, wanting = 0;

  if (n_columns == 0 || n_columns > MAX_TABLE_COLUMNS)
    return FALSE;

  /* Measure as the table would show the values. */
  doc->table_mode = TRUE;

  for (guint c = 0; c < n_columns; c++)
    {
      measure (doc, STYLE_COLUMN_HEADER,
               plr_event_field_get_label (plr_view_result_get_column (result, c)),
               &natural[c], &minimum[c]);

      for (guint e = 0; e < n_entries; e++)
        {
          g_autofree char *text = cell_text (doc, e, c);

          if (text != NULL)
            measure (doc, STYLE_CELL, text, &natural[c], &minimum[c]);
        }

      if (c == 0 && plr_view_result_get_n_challenged (result) > 0)
        measure (doc, STYLE_FLAG, _("Under data challenge"), &natural[c], &minimum[c]);

      /* a long code breaks anywhere rather than push the table off the page */
      minimum[c] = MIN (minimum[c], CONTENT_WIDTH * 0.3) + 2 * CELL_PAD_X;
      natural[c] = MIN (natural[c], CONTENT_WIDTH) + 2 * CELL_PAD_X + 1;
      natural[c] = MAX (natural[c], minimum[c]);
      sum_natural += natural[c];
      sum_minimum += minimum[c];
      if (column_is_rigid (plr_view_result_get_column (result, c)))
        sum_rigid += MIN (natural[c], CONTENT_WIDTH * 0.25) - minimum[c];
    }

  doc->table_mode = FALSE;
  if (sum_minimum > CONTENT_WIDTH)
    return FALSE;

  if (sum_natural <= CONTENT_WIDTH)
    {
      /* Everything fits on one line: share out the spare width. */
      double spare = CONTENT_WIDTH - sum_natural;

      for (guint c = 0; c < n_columns; c++)
        doc->widths[c] = natural[c] + spare * natural[c] / sum_natural;
      return TRUE;
    }

  if (sum_minimum + sum_rigid <= CONTENT_WIDTH)
    {
      for (guint c = 0; c < n_columns; c++)
        if (column_is_rigid (plr_view_result_get_column (result, c)))
          minimum[c] = MAX (minimum[c], MIN (natural[c], CONTENT_WIDTH * 0.25));
      sum_minimum += sum_rigid;
    }

  /* The first column, usually the subject, heads each row: it gets a
   * double share so that titles wrap less. */
  for (guint c = 0; c < n_columns; c++)
    wanting += (natural[c] - minimum[c]) * (c == 0 ? 2 : 1);

  for (guint c = 0; c < n_columns; c++)
    {
      doc->widths[c] = minimum[c];
      if (wanting > 0)
        doc->widths[c] += (CONTENT_WIDTH - sum_minimum) * (natural[c] - minimum[c]) *
                          (c == 0 ? 2 : 1) / wanting;
    }

  return TRUE;
}

static double
draw_column_headers (Doc *doc)
{
  guint n_columns = plr_view_result_get_n_columns (doc->result);
  PangoLayout *layouts[PLR_EVENT_N_FIELDS] = { NULL, };
  double height = 0;
  double x = MARGIN_X;

  for (guint c = 0; c < n_columns; c++)
    {
      const char *label = plr_event_field_get_label (plr_view_result_get_column (doc->result, c));

      layouts[c] = plr_pdf_layout (&doc->pdf, STYLE_COLUMN_HEADER, label,
                                   doc->widths[c] - 2 * CELL_PAD_X);
      pango_layout_set_alignment (layouts[c], column_alignment (doc, c));
      height = MAX (height, plr_pdf_height (layouts[c]));
    }

  plr_pdf_tag_begin (&doc->pdf, "TR");
  for (guint c = 0; c < n_columns; c++)
    {
      /* bottom-aligned, like the column they head */
      plr_pdf_tag_begin (&doc->pdf, "TH");
      plr_pdf_show (&doc->pdf, layouts[c], x + CELL_PAD_X,
                    doc->y + CELL_PAD_Y + height - plr_pdf_height (layouts[c]), &heading_color);
      plr_pdf_tag_end (&doc->pdf, "TH");
      x += doc->widths[c];
      g_object_unref (layouts[c]);
    }
  plr_pdf_tag_end (&doc->pdf, "TR");

  doc->y += height + 2 * CELL_PAD_Y;
  hrule (doc, doc->y - 1, 1.0, &strong_rule_color);
  doc->y += 1;

  return height + 2 * CELL_PAD_Y + 1;
}

static double
column_headers_height (Doc *doc)
{
  gboolean draw = doc->pdf.draw;
  double y = doc->y;
  double height;

  doc->pdf.draw = FALSE;
  height = draw_column_headers (doc);
  doc->pdf.draw = draw;
  doc->y = y;

  return height;
}

static PangoLayout *
make_group_layout (Doc        *doc,
                   const char *group)
{
  return plr_pdf_layout (&doc->pdf, STYLE_GROUP, group != NULL ? group : _("Level not recorded"),
                         CONTENT_WIDTH);
}

#define GROUP_SPACE_ABOVE 10.0
#define GROUP_SPACE_BELOW 5.0

static void
draw_group (Doc        *doc,
            const char *group,
            double      keep_with_next)
{
  g_autoptr(PangoLayout) layout = make_group_layout (doc, group);
  double height = plr_pdf_height (layout);

  if (ensure_space (doc, GROUP_SPACE_ABOVE + height + GROUP_SPACE_BELOW + keep_with_next) &&
      doc->table_mode)
    draw_column_headers (doc);

  doc->y += GROUP_SPACE_ABOVE;
  /* Inside the table the level is a row of its own; in blocks, a heading. */
  plr_pdf_tag_begin (&doc->pdf, doc->table_mode ? "TR" : "H3");
  if (doc->table_mode)
    plr_pdf_tag_begin (&doc->pdf, "TH");
  plr_pdf_show (&doc->pdf, layout, MARGIN_X, doc->y, &heading_color);
  if (doc->table_mode)
    plr_pdf_tag_end (&doc->pdf, "TH");
  plr_pdf_tag_end (&doc->pdf, doc->table_mode ? "TR" : "H3");
  doc->y += height + 2;
  hrule (doc, doc->y, 0.5, &strong_rule_color);
  doc->y += GROUP_SPACE_BELOW;
}

typedef struct
{
  PangoLayout *cells[PLR_EVENT_N_FIELDS];
  PangoLayout *flag;
  double       height;
} Row;

static void
row_clear (Row *row)
{
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    g_clear_object (&row->cells[i]);
  g_clear_object (&row->flag);
}

static void
make_row (Doc   *doc,
          guint  entry,
          Row   *row)
{
  guint n_columns = plr_view_result_get_n_columns (doc->result);
  double first_height = 0;

  row->height = 0;
  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *text = cell_text (doc, entry, c);

      row->cells[c] = plr_pdf_layout (&doc->pdf, STYLE_CELL, text ? text : "",
                                      doc->widths[c] - 2 * CELL_PAD_X);
      pango_layout_set_alignment (row->cells[c], column_alignment (doc, c));
      row->height = MAX (row->height, plr_pdf_height (row->cells[c]));
    }

  if (plr_view_result_get_entry_challenged (doc->result, entry))
    {
      row->flag = plr_pdf_layout (&doc->pdf, STYLE_FLAG, _("Under data challenge"),
                                  doc->widths[0] - 2 * CELL_PAD_X);
      first_height = plr_pdf_height (row->cells[0]) + 2 + plr_pdf_height (row->flag);
      row->height = MAX (row->height, first_height);
    }

  row->height += 2 * CELL_PAD_Y;
}

static void
draw_row (Doc      *doc,
          Row      *row,
          gboolean  zebra)
{
  guint n_columns = plr_view_result_get_n_columns (doc->result);
  double x = MARGIN_X;

  if (zebra)
    plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y, CONTENT_WIDTH, row->height, &zebra_color);
  if (row->flag != NULL)
    plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y, 2.5, row->height, &challenge_color);

  plr_pdf_tag_begin (&doc->pdf, "TR");
  for (guint c = 0; c < n_columns; c++)
    {
      plr_pdf_tag_begin (&doc->pdf, "TD");
      plr_pdf_show (&doc->pdf, row->cells[c], x + CELL_PAD_X, doc->y + CELL_PAD_Y, &text_color);
      if (c == 0 && row->flag != NULL)
        plr_pdf_show (&doc->pdf, row->flag, x + CELL_PAD_X,
                      doc->y + CELL_PAD_Y + plr_pdf_height (row->cells[0]) + 2, &challenge_color);
      plr_pdf_tag_end (&doc->pdf, "TD");
      x += doc->widths[c];
    }
  plr_pdf_tag_end (&doc->pdf, "TR");

  doc->y += row->height;
}

static void
draw_table (Doc *doc)
{
  PlrViewResult *result = doc->result;
  guint n_entries = plr_view_result_get_n_entries (result);
  guint stripe = 0;

  plr_pdf_tag_begin (&doc->pdf, "Table");
  draw_column_headers (doc);

  for (guint e = 0; e < n_entries; e++)
    {
      const char *group = plr_view_result_get_entry_group (result, e);
      Row row = { { NULL, }, NULL, 0 };

      make_row (doc, e, &row);

      if (plr_view_result_starts_group (result, e))
        {
          draw_group (doc, group, row.height);
          stripe = 0;
        }

      if (ensure_space (doc, row.height))
        {
          draw_column_headers (doc);
          stripe = 0;
        }

      draw_row (doc, &row, stripe++ % 2 == 1);
      row_clear (&row);
    }
  plr_pdf_tag_end (&doc->pdf, "Table");

  hrule (doc, doc->y, 0.75, &strong_rule_color);
  doc->y += 12;
}

/* When the chosen columns cannot sit side by side, each entry becomes a
 * block: its first field as a heading, then the others as labelled values
 * in four columns. */
static double
draw_block (Doc      *doc,
            guint     entry,
            gboolean  measure_only)
{
  PlrViewResult *result = doc->result;
  guint n_columns = plr_view_result_get_n_columns (result);
  double cell_width = (CONTENT_WIDTH - 2 * CELL_PAD_X - (BLOCK_COLUMNS - 1) * BLOCK_GAP) /
                      BLOCK_COLUMNS;
  g_autoptr(PangoLayout) heading = NULL;
  g_autoptr(PangoLayout) flag = NULL;
  g_autofree char *heading_text = NULL;
  gboolean draw = doc->pdf.draw;
  double top = doc->y;
  double y;
  guint first = 0;

  if (measure_only)
    doc->pdf.draw = FALSE;

  if (n_columns > 0)
    {
      heading_text = cell_text (doc, entry, 0);
      first = 1;
    }
  else
    heading_text = g_strdup_printf (_("Entry %u"), entry + 1);

  heading = plr_pdf_layout (&doc->pdf, STYLE_CELL_STRONG, heading_text ? heading_text : "",
                            CONTENT_WIDTH - 2 * CELL_PAD_X);
  y = top + CELL_PAD_Y + 1;
  plr_pdf_show (&doc->pdf, heading, MARGIN_X + CELL_PAD_X, y, &text_color);
  y += plr_pdf_height (heading);

  if (plr_view_result_get_entry_challenged (result, entry))
    {
      flag = plr_pdf_layout (&doc->pdf, STYLE_FLAG, _("Under data challenge"), CONTENT_WIDTH);
      plr_pdf_show (&doc->pdf, flag, MARGIN_X + CELL_PAD_X, y + 1, &challenge_color);
      y += plr_pdf_height (flag) + 1;
    }
  y += 3;

  for (guint c = first; c < n_columns; c += BLOCK_COLUMNS)
    {
      double line = 0;

      for (guint k = 0; k < BLOCK_COLUMNS && c + k < n_columns; k++)
        {
          PlrEventField field = plr_view_result_get_column (result, c + k);
          g_autoptr(PangoLayout) label = NULL;
          g_autoptr(PangoLayout) value = NULL;
          g_autofree char *text = cell_text (doc, entry, c + k);
          double x = MARGIN_X + CELL_PAD_X + k * (cell_width + BLOCK_GAP);

          label = plr_pdf_layout (&doc->pdf, STYLE_LABEL, plr_event_field_get_label (field),
                                  cell_width);
          value = plr_pdf_layout (&doc->pdf, STYLE_CELL, text ? text : "–", cell_width);
          plr_pdf_show (&doc->pdf, label, x, y, &secondary_color);
          plr_pdf_show (&doc->pdf, value, x, y + plr_pdf_height (label), &text_color);
          line = MAX (line, plr_pdf_height (label) + plr_pdf_height (value));
        }
      y += line + 4;
    }

  y += CELL_PAD_Y - 3;

  doc->pdf.draw = draw;
  return y - top;
}

static void
draw_blocks (Doc *doc)
{
  PlrViewResult *result = doc->result;
  guint n_entries = plr_view_result_get_n_entries (result);
  guint stripe = 0;

  for (guint e = 0; e < n_entries; e++)
    {
      const char *group = plr_view_result_get_entry_group (result, e);
      double height = draw_block (doc, e, TRUE);

      if (plr_view_result_starts_group (result, e))
        {
          draw_group (doc, group, height);
          stripe = 0;
        }

      ensure_space (doc, height);
      if (stripe++ % 2 == 1)
        plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y, CONTENT_WIDTH, height, &zebra_color);
      if (plr_view_result_get_entry_challenged (result, e))
        plr_pdf_fill_rect (&doc->pdf, MARGIN_X, doc->y, 2.5, height, &challenge_color);
      plr_pdf_tag_begin (&doc->pdf, "Div");
      draw_block (doc, e, FALSE);
      plr_pdf_tag_end (&doc->pdf, "Div");
      doc->y += height;
      hrule (doc, doc->y - 0.5, 0.5, &rule_color);
    }

  doc->y += 12;
}

static const char *
order_words (PlrViewResult *result)
{
  switch (plr_view_result_get_order (result))
    {
    case PLR_VIEW_ORDER_OLDEST_FIRST:
      return _("oldest first");
    case PLR_VIEW_ORDER_BY_LEVEL:
      return plr_view_result_get_is_grouped (result) ? _("grouped by level")
                                                     : _("ordered by level");
    case PLR_VIEW_ORDER_NEWEST_FIRST:
    default:
      return _("newest first");
    }
}

static void
draw_entries (Doc *doc)
{
  PlrViewResult *result = doc->result;
  guint n_entries = plr_view_result_get_n_entries (result);
  g_autofree char *aside = NULL;
  double keep = 0;

  if (n_entries > 0)
    {
      aside = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry, %s", "%u entries, %s",
                                            n_entries),
                               n_entries, order_words (result));
      keep = doc->table_mode ? column_headers_height (doc) + 30 : 60;
    }

  section_heading (doc, _("Learning events"), aside, keep);

  if (plr_view_result_get_n_challenged (result) > 0)
    paragraph (doc, STYLE_SMALL, &challenge_color,
               _("An entry marked “Under data challenge” is being checked because someone "
                 "asked for it to be corrected; its details may change."), 8);

  if (n_entries == 0)
    {
      paragraph (doc, STYLE_BODY, &text_color, _("This view holds no learning events."), 0);
      return;
    }

  if (doc->table_mode)
    draw_table (doc);
  else
    draw_blocks (doc);
}

static void
draw_document (Doc *doc)
{
  doc->pdf.page = 1;
  doc->y = MARGIN_TOP;

  draw_heading (doc);
  draw_learner (doc);
  draw_entries (doc);
  draw_footer (doc);
}

/* ------------------------------------------------------------------------ */
/* Output                                                                    */

static void
setup_doc (Doc           *doc,
           PlrViewResult *result,
           cairo_t       *cr)
{
  g_autofree char *as_of = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *shown_title = NULL;

  doc->result = result;
  plr_pdf_doc_init (&doc->pdf, cr, styles, N_STYLES);
  doc->name = plr_view_result_dup_learner_name (result, &doc->name_fields);
  shown_title = plr_text_display (plr_view_result_get_title (result));
  if (doc->name != NULL)
    /* Translators: a PDF page's running head: "Qualifications and achievements · Siân Jones" */
    doc->running_head = g_strdup_printf (_("%s · %s"), shown_title, doc->name);
  else
    doc->running_head = g_steal_pointer (&shown_title);

  generated = plr_view_format_date (plr_view_result_get_generated_at (result));
  if (plr_view_result_get_as_of (result) != NULL)
    {
      as_of = plr_view_format_date (plr_view_result_get_as_of (result));
      doc->footer = g_strdup_printf (_("Generated on %s from the learner’s record as fetched "
                                       "on %s."), generated, as_of);
    }
  else
    doc->footer = g_strdup_printf (_("Generated on %s."), generated);

  doc->table_mode = compute_widths (doc);
}

/**
 * plr_view_pdf_render:
 * @result: a filtered view
 * @stream: where to write the PDF
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes the view as an A4 PDF document. @stream is not closed.
 *
 * Returns: %TRUE on success; on failure @error holds the stream's error, or
 *   %PLR_VIEW_PDF_ERROR_FAILED
 */
gboolean
plr_view_pdf_render (PlrViewResult  *result,
                     GOutputStream  *stream,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_auto(Doc) doc = { { NULL, }, };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *learner_name = NULL;
  PlrPdfOutput output;
  cairo_t *cr;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cr = plr_pdf_begin (&output, stream, cancellable, plr_view_result_get_title (result));
  plr_pdf_set_subject (cr, _("Learning events from a Personal Learning Record"));
  /* The author is the learner only where the view shows their name. */
  learner_name = plr_view_result_dup_learner_name (result, NULL);
  plr_pdf_set_author (cr, learner_name);
  setup_doc (&doc, result, cr);
  plr_pdf_draw_passes (&doc.pdf, (PlrPdfDrawFunc) draw_document, &doc);

  if (plr_pdf_end (&output, cr, &local_error))
    return TRUE;

  if (g_error_matches (local_error, PLR_PDF_ERROR, PLR_PDF_ERROR_CAIRO))
    g_set_error (error, PLR_VIEW_PDF_ERROR, PLR_VIEW_PDF_ERROR_FAILED,
                 _("Could not make the PDF: %s"), local_error->message);
  else
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                _("Could not write the PDF: "));
  return FALSE;
}

/**
 * plr_view_pdf_get_page_size:
 * @width: (out) (optional): the page width in points
 * @height: (out) (optional): the page height in points
 *
 * The page the document is laid out on: A4 portrait.
 */
void
plr_view_pdf_get_page_size (double *width,
                            double *height)
{
  if (width != NULL)
    *width = PAGE_WIDTH;
  if (height != NULL)
    *height = PAGE_HEIGHT;
}

/**
 * plr_view_pdf_count_pages:
 * @result: a filtered view
 *
 * Lays the document out without drawing it, as plr_view_pdf_render() and
 * plr_view_pdf_draw_page() do.
 *
 * Returns: the number of pages, at least 1
 */
int
plr_view_pdf_count_pages (PlrViewResult *result)
{
  g_auto(Doc) doc = { { NULL, }, };
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), 1);

  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);

  setup_doc (&doc, result, cr);
  doc.pdf.draw = FALSE;
  draw_document (&doc);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return MAX (doc.pdf.page, 1);
}

/**
 * plr_view_pdf_draw_page:
 * @result: a filtered view
 * @cr: where to draw, in points with the origin at the page's top left
 * @page: which page, from 1
 * @n_pages: the number of pages, from plr_view_pdf_count_pages()
 *
 * Draws one page of the same document plr_view_pdf_render() writes, for
 * printing. Nothing is drawn when @page is past the end.
 */
void
plr_view_pdf_draw_page (PlrViewResult *result,
                        cairo_t       *cr,
                        int            page,
                        int            n_pages)
{
  g_auto(Doc) doc = { { NULL, }, };

  g_return_if_fail (PLR_IS_VIEW_RESULT (result));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page >= 1);

  cairo_save (cr);
  setup_doc (&doc, result, cr);
  doc.pdf.n_pages = n_pages;
  doc.pdf.only_page = page;
  doc.pdf.draw = TRUE;
  draw_document (&doc);
  cairo_restore (cr);
}
