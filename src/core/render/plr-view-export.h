/* plr-view-export.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-view-result.h"

G_BEGIN_DECLS

/**
 * PlrViewFormat:
 * @PLR_VIEW_FORMAT_PDF: a PDF document
 * @PLR_VIEW_FORMAT_HTML: one HTML page
 * @PLR_VIEW_FORMAT_JSON: the view JSON format (docs/view-format.md)
 *
 * The formats a view is exported in.
 */
typedef enum
{
  PLR_VIEW_FORMAT_PDF,
  PLR_VIEW_FORMAT_HTML,
  PLR_VIEW_FORMAT_JSON,
} PlrViewFormat;

gboolean    plr_view_format_from_string    (const char           *name,
                                            PlrViewFormat        *format);
const char *plr_view_format_to_string      (PlrViewFormat         format);

GBytes     *plr_view_export_render         (PlrViewResult        *result,
                                            PlrViewFormat         format,
                                            GCancellable         *cancellable,
                                            GError              **error);
gboolean    plr_view_export_to_file        (PlrViewResult        *result,
                                            PlrViewFormat         format,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GError              **error);
void        plr_view_export_to_file_async  (PlrViewResult        *result,
                                            PlrViewFormat         format,
                                            GFile                *file,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    plr_view_export_to_file_finish (GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
