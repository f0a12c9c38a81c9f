/* plr-record-file.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-record-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-lrs-xml.h"
#include "plr-record-file.h"

/* Reading a record file a learner picked: our JSON or an LRS XML response,
 * told apart by their first character, never by the file name. */

static char
first_significant_char (GBytes *bytes)
{
  const guchar *data;
  gsize length;
  gsize i = 0;

  data = g_bytes_get_data (bytes, &length);

  /* A UTF-8 byte order mark is allowed before either form. */
  if (length >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    i = 3;

  for (; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      return (char) data[i];

  return '\0';
}

/**
 * plr_record_file_read_bytes:
 * @bytes: the contents of a record file
 * @limits: (nullable): limits, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_record_file_read_bytes (GBytes                *bytes,
                            const PlrRecordLimits *limits,
                            GError               **error)
{
  g_autoptr(GBytes) body = NULL;
  gsize length;
  const guchar *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  switch (first_significant_char (bytes))
    {
    case '{':
      data = g_bytes_get_data (bytes, &length);
      if (length >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
        body = g_bytes_new_from_bytes (bytes, 3, length - 3);
      else
        body = g_bytes_ref (bytes);
      return plr_record_json_read (body, limits, error);

    case '<':
      return plr_lrs_xml_read (bytes, limits, error);

    default:
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                           _("This file is not a learning record: Learning Record opens its own "
                             "record files (JSON) and LRS learning events responses (XML)"));
      return NULL;
    }
}

/**
 * plr_record_file_load:
 * @file: a record file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads and validates @file. Its size is checked before it is read.
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_record_file_load (GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  const PlrRecordLimits *limits = plr_record_limits_default ();
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Could not open the file: %s"),
                   local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                           _("This is not a file that Learning Record can open"));
      return NULL;
    }

  if ((guint64) g_file_info_get_size (info) > limits->max_bytes)
    {
      g_autofree char *size = g_format_size (limits->max_bytes);
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                   _("The file is larger than %s, far larger than any learning record"), size);
      return NULL;
    }

  bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, local_error->code, _("Could not read the file: %s"),
                   local_error->message);
      return NULL;
    }

  record = plr_record_file_read_bytes (bytes, limits, error);
  if (record == NULL)
    return NULL;

  if (plr_record_get_source (record) == NULL)
    plr_record_set_source (record, PLR_RECORD_SOURCE_FILE);

  if (plr_record_get_fetched_at (record) == NULL)
    {
      now = g_date_time_new_now_utc ();
      plr_record_set_fetched_at (record, now);
    }

  g_debug ("Read a record file with %u events", plr_record_get_n_events (record));

  return g_steal_pointer (&record);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PlrRecord *record;
  GError *error = NULL;

  record = plr_record_file_load (task_data, cancellable, &error);
  if (record == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, g_object_unref);
}

/**
 * plr_record_file_load_async:
 * @file: a record file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Reads and validates @file on a worker thread.
 */
void
plr_record_file_load_async (GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_record_file_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * plr_record_file_load_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_record_file_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * plr_record_file_save:
 * @record: a #PlrRecord
 * @file: where to write it
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes @record in our JSON format. The file is readable by the learner
 * only, and replaced atomically.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_record_file_save (PlrRecord     *record,
                      GFile         *file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  bytes = plr_record_json_write (record);

  return g_file_replace_contents (file,
                                  g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes),
                                  NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, cancellable, error);
}
