/* plr-pdf.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* What the A4 PDF renderers of the core share (the view PDF, the challenge
 * letter, the rights letter): the page size, the stream the PDF goes to,
 * the two passes, the Pango set-up and the text helpers. Internal to the
 * core library; each renderer keeps its own content and layout. */

#define PLR_PDF_PAGE_WIDTH  595.276  /* A4 in points */
#define PLR_PDF_PAGE_HEIGHT 841.890
#define PLR_PDF_MAX_FONTS   16

#define PLR_PDF_ERROR (plr_pdf_error_quark ())

/* Only between the helper and a renderer, which words it for its own
 * error domain: a failure of cairo, the message is cairo's. */
typedef enum
{
  PLR_PDF_ERROR_CAIRO,
} PlrPdfError;

typedef struct
{
  double r, g, b;
} PlrPdfColor;

typedef struct
{
  const char  *family;
  double       size;
  PangoWeight  weight;
  PangoStyle   style;
  double       line_spacing;  /* a factor, or 0 for the font's own */
} PlrPdfFont;

typedef struct
{
  cairo_t              *cr;
  PangoFontMap         *font_map;
  PangoContext         *context;
  const PlrPdfFont     *font_specs;
  PangoFontDescription *fonts[PLR_PDF_MAX_FONTS];
  guint                 n_fonts;
  gboolean              draw;       /* put ink on the surface, or only lay out */
  int                   only_page;  /* draw just this page (from 1), or 0 for all */
  int                   page;       /* from 1 */
  int                   n_pages;    /* known in the drawing pass */
  int                   outline_parent;  /* the outline entry of the last H1 */
} PlrPdfDoc;

/* Where the PDF goes, from plr_pdf_begin() to plr_pdf_end(); on the
 * caller's stack, as it must outlive a surface that cairo gave up on. */
typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} PlrPdfOutput;

/* Lays the document out from its first page, drawing or not as @doc says. */
typedef void (*PlrPdfDrawFunc) (gpointer user_data);

GQuark       plr_pdf_error_quark   (void);

void         plr_pdf_doc_init      (PlrPdfDoc         *doc,
                                    cairo_t           *cr,
                                    const PlrPdfFont  *fonts,
                                    guint              n_fonts);
void         plr_pdf_doc_clear     (PlrPdfDoc         *doc);
gboolean     plr_pdf_doc_inking    (PlrPdfDoc         *doc);
void         plr_pdf_doc_show_page (PlrPdfDoc         *doc);

void         plr_pdf_tag_begin     (PlrPdfDoc         *doc,
                                    const char        *tag);
void         plr_pdf_tag_end       (PlrPdfDoc         *doc,
                                    const char        *tag);
void         plr_pdf_heading_begin (PlrPdfDoc         *doc,
                                    int                level,
                                    const char        *title,
                                    double             y);
void         plr_pdf_heading_end   (PlrPdfDoc         *doc,
                                    int                level);
void         plr_pdf_set_subject   (cairo_t           *cr,
                                    const char        *subject);
void         plr_pdf_set_author    (cairo_t           *cr,
                                    const char        *author);

PangoLayout *plr_pdf_layout        (PlrPdfDoc         *doc,
                                    guint              font,
                                    const char        *text,
                                    double             width);
double       plr_pdf_height        (PangoLayout       *layout);
double       plr_pdf_width         (PangoLayout       *layout);
void         plr_pdf_set_color     (PlrPdfDoc         *doc,
                                    const PlrPdfColor *color);
void         plr_pdf_show          (PlrPdfDoc         *doc,
                                    PangoLayout       *layout,
                                    double             x,
                                    double             y,
                                    const PlrPdfColor *color);
void         plr_pdf_fill_rect     (PlrPdfDoc         *doc,
                                    double             x,
                                    double             y,
                                    double             width,
                                    double             height,
                                    const PlrPdfColor *color);
void         plr_pdf_draw_footer   (PlrPdfDoc         *doc,
                                    guint              font,
                                    const char        *text,
                                    double             x,
                                    double             width,
                                    double             rule_y,
                                    const PlrPdfColor *rule_color,
                                    const PlrPdfColor *text_color);

cairo_t     *plr_pdf_begin         (PlrPdfOutput      *output,
                                    GOutputStream     *stream,
                                    GCancellable      *cancellable,
                                    const char        *title);
void         plr_pdf_draw_passes   (PlrPdfDoc         *doc,
                                    PlrPdfDrawFunc     draw_document,
                                    gpointer           user_data);
gboolean     plr_pdf_end           (PlrPdfOutput      *output,
                                    cairo_t           *cr,
                                    GError           **error);
gboolean     plr_pdf_save          (GOutputStream     *memory,
                                    GFile             *file,
                                    GCancellable      *cancellable,
                                    GError           **error);

G_END_DECLS
