/* plr-view-export.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view-export"

#include "config.h"

#include "plr-view-export.h"
#include "plr-view-html.h"
#include "plr-view-json.h"
#include "plr-view-pdf.h"

/* One way to render a view in a format and write it, shared by the view
 * builder and `learning-record --export-view`: the whole document is made
 * first, then it replaces the file in one step, private to the learner
 * (0600), since it holds personal data. The async form runs on a worker
 * thread so that laying out a long PDF never blocks the window. */

static const char * const format_names[] = {
  [PLR_VIEW_FORMAT_PDF] = "pdf",
  [PLR_VIEW_FORMAT_HTML] = "html",
  [PLR_VIEW_FORMAT_JSON] = "json",
};

/**
 * plr_view_format_from_string:
 * @name: "pdf", "html" or "json"
 * @format: (out): the format
 *
 * Returns: %TRUE if @name is a format
 */
gboolean
plr_view_format_from_string (const char    *name,
                             PlrViewFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_str_equal (name, format_names[i]))
      {
        *format = (PlrViewFormat) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * plr_view_format_to_string:
 * @format: a format
 *
 * Returns: (transfer none): its name, as plr_view_format_from_string() reads it
 */
const char *
plr_view_format_to_string (PlrViewFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), NULL);

  return format_names[format];
}

/**
 * plr_view_export_render:
 * @result: a filtered view
 * @format: the format
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the whole document, or %NULL with @error set
 */
GBytes *
plr_view_export_render (PlrViewResult  *result,
                        PlrViewFormat   format,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(GOutputStream) memory = NULL;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), NULL);

  switch (format)
    {
    case PLR_VIEW_FORMAT_HTML:
      return plr_view_html_render (result);

    case PLR_VIEW_FORMAT_JSON:
      return plr_view_json_render (result);

    case PLR_VIEW_FORMAT_PDF:
      memory = g_memory_output_stream_new_resizable ();
      if (!plr_view_pdf_render (result, memory, cancellable, error) ||
          !g_output_stream_close (memory, cancellable, error))
        return NULL;
      return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));

    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * plr_view_export_to_file:
 * @result: a filtered view
 * @format: the format
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Renders the whole document, then replaces @file with it, private to the
 * user even when @file existed with wider permissions.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_view_export_to_file (PlrViewResult  *result,
                         PlrViewFormat   format,
                         GFile          *file,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = plr_view_export_render (result, format, cancellable, error);
  if (bytes == NULL)
    return FALSE;

  /* REPLACE_DESTINATION: a new file with our mode, not the old file's. */
  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, cancellable, error);
}

typedef struct
{
  PlrViewResult *result;
  PlrViewFormat  format;
  GFile         *file;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->result);
  g_clear_object (&data->file);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (plr_view_export_to_file (data->result, data->format, data->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * plr_view_export_to_file_async:
 * @result: a filtered view; it never changes, so a worker thread may read it
 * @format: the format
 * @file: the file to write
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * plr_view_export_to_file() on a worker thread.
 */
void
plr_view_export_to_file_async (PlrViewResult       *result,
                               PlrViewFormat        format,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (PLR_IS_VIEW_RESULT (result));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->result = g_object_ref (result);
  data->format = format;
  data->file = g_object_ref (file);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_view_export_to_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

/**
 * plr_view_export_to_file_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the file was written
 */
gboolean
plr_view_export_to_file_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plr_view_export_to_file_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
