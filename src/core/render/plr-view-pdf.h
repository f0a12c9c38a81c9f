/* plr-view-pdf.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "plr-view-result.h"

G_BEGIN_DECLS

#define PLR_VIEW_PDF_ERROR (plr_view_pdf_error_quark ())

typedef enum
{
  PLR_VIEW_PDF_ERROR_FAILED,   /* cairo could not make the document */
} PlrViewPdfError;

GQuark   plr_view_pdf_error_quark          (void);

gboolean plr_view_pdf_render               (PlrViewResult        *result,
                                            GOutputStream        *stream,
                                            GCancellable         *cancellable,
                                            GError              **error);

void     plr_view_pdf_get_page_size        (double               *width,
                                            double               *height);
int      plr_view_pdf_count_pages          (PlrViewResult        *result);
void     plr_view_pdf_draw_page            (PlrViewResult        *result,
                                            cairo_t              *cr,
                                            int                   page,
                                            int                   n_pages);

G_END_DECLS
