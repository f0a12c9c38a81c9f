/* plr-store-privacy.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plr-challenge-private.h"
#include "plr-challenge-request.h"
#include "plr-learning-event-private.h"
#include "plr-record-json.h"
#include "plr-rights.h"
#include "plr-sqlite.h"
#include "plr-store-private.h"
#include "plr-view-json.h"
#include "plr-view-result.h"

/* Privacy centre: rights requests and the network activity log. */

static const char * const rights_request_kinds[] = { "subject-access", "objection", NULL };

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static gboolean
parse_day (const char *text,
           GDate      *out)
{
  unsigned int y, m, d;

  g_date_clear (out, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

/**
 * plr_store_add_rights_request:
 * @self: a #PlrStore
 * @kind: %PLR_RIGHTS_REQUEST_SUBJECT_ACCESS or %PLR_RIGHTS_REQUEST_OBJECTION
 * @body: the body the request went to, as the learner named it
 * @sent_on: the day it was sent
 * @note: (nullable): the learner's note, such as a reference; empty counts as none
 * @out_id: (out) (optional): the new request's id
 * @error: return location for a #GError
 *
 * Records a request the learner sent, with the last day for the answer
 * (one calendar month, moved past weekends and bank holidays).
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_INVALID for an empty or too
 *   long body name or note
 */
gboolean
plr_store_add_rights_request (PlrStore              *self,
                              PlrRightsRequestKind   kind,
                              const char            *body,
                              const GDate           *sent_on,
                              const char            *note,
                              gint64                *out_id,
                              GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sent_text = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *trimmed = NULL;
  GDate due;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind == PLR_RIGHTS_REQUEST_SUBJECT_ACCESS ||
                        kind == PLR_RIGHTS_REQUEST_OBJECTION, FALSE);
  g_return_val_if_fail (body != NULL && g_utf8_validate (body, -1, NULL), FALSE);
  g_return_val_if_fail (sent_on != NULL && g_date_valid (sent_on), FALSE);
  g_return_val_if_fail (note == NULL || g_utf8_validate (note, -1, NULL), FALSE);

  trimmed = g_strstrip (g_strdup (body));
  if (trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > 200)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("Name the organisation you sent the request to, in at most "
                             "200 characters."));
      return FALSE;
    }

  if (note != NULL && note[0] == '\0')
    note = NULL;
  if (note != NULL && !_plr_store_note_is_valid (note, error))
    return FALSE;

  /* Outside the bank holiday table the deadline still counts weekends. */
  plr_rights_response_due (sent_on, FALSE, &due);
  sent_text = format_day (sent_on);
  due_text = format_day (&due);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "INSERT INTO rights_requests (body, kind, sent_on, due_on, note)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, trimmed);
  plr_sqlite_bind_text_or_null (stmt, 2, rights_request_kinds[kind]);
  plr_sqlite_bind_text_or_null (stmt, 3, sent_text);
  plr_sqlite_bind_text_or_null (stmt, 4, due_text);
  plr_sqlite_bind_text_or_null (stmt, 5, note);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save your request"));

  if (out_id)
    *out_id = sqlite3_last_insert_rowid (self->db);

  return TRUE;
}

/**
 * plr_store_mark_rights_request_answered:
 * @self: a #PlrStore
 * @id: the request
 * @answered_on: (nullable): the day the answer came, or %NULL to mark it
 *   unanswered again
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND for no such request
 */
gboolean
plr_store_mark_rights_request_answered (PlrStore     *self,
                                        gint64        id,
                                        const GDate  *answered_on,
                                        GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *answered_text = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (answered_on == NULL || g_date_valid (answered_on), FALSE);

  if (answered_on != NULL)
    answered_text = format_day (answered_on);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "UPDATE rights_requests SET answered_on = ?1 WHERE id = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, answered_text);
  sqlite3_bind_int64 (stmt, 2, id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save your request"));

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                           _("That request is no longer kept on this computer."));
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_store_list_rights_requests:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrRightsRequest): the requests,
 *   newest first, or %NULL on error
 */
GPtrArray *
plr_store_list_rights_requests (PlrStore  *self,
                                GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT id, body, kind, sent_on, due_on, answered_on, note"
                             " FROM rights_requests ORDER BY sent_on DESC, id DESC",
                             error);
  if (stmt == NULL)
    return NULL;

  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_rights_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlrRightsRequest) request = g_new0 (PlrRightsRequest, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);

      request->id = sqlite3_column_int64 (stmt, 0);
      request->body = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      request->kind = g_strcmp0 (kind, "objection") == 0 ? PLR_RIGHTS_REQUEST_OBJECTION
                                                          : PLR_RIGHTS_REQUEST_SUBJECT_ACCESS;
      request->note = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      if (!parse_day ((const char *) sqlite3_column_text (stmt, 3), &request->sent_on) ||
          !parse_day ((const char *) sqlite3_column_text (stmt, 4), &request->due_on))
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                               _("Your saved requests could not be read"));
          return NULL;
        }
      parse_day ((const char *) sqlite3_column_text (stmt, 5), &request->answered_on);

      g_ptr_array_add (requests, g_steal_pointer (&request));
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read your requests"));
      return NULL;
    }

  return g_steal_pointer (&requests);
}

static gboolean
insert_network_activity_locked (PlrStore                 *self,
                                const PlrNetworkActivity *activity,
                                GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *bare_path = NULL;
  int rc;

  at_text = activity->at ? plr_sqlite_format_time (activity->at) : plr_sqlite_format_now ();
  bare_path = g_strndup (activity->path, strcspn (activity->path, "?#"));
  if (strlen (bare_path) > 2048)
    bare_path[2048] = '\0';

  stmt = _plr_store_prepare (self,
                             "INSERT INTO network_activity (at, method, host, path, status,"
                             " bytes_sent, bytes_received) VALUES (?1, substr (?2, 1, 16), substr"
                             " (?3, 1, 255), ?4, ?5, ?6, ?7)",
                             error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, at_text);
  plr_sqlite_bind_text_or_null (stmt, 2, activity->method);
  plr_sqlite_bind_text_or_null (stmt, 3, activity->host);
  plr_sqlite_bind_text_or_null (stmt, 4, bare_path);
  sqlite3_bind_int (stmt, 5, MIN (activity->status, 999));
  sqlite3_bind_int64 (stmt, 6, (gint64) MIN (activity->bytes_sent, (guint64) G_MAXINT64));
  sqlite3_bind_int64 (stmt, 7, (gint64) MIN (activity->bytes_received, (guint64) G_MAXINT64));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not log a network request"));

  return TRUE;
}

static gboolean
trim_network_activity_locked (PlrStore  *self,
                              guint      keep,
                              GError   **error)
{
  g_autoptr(sqlite3_stmt) trim = NULL;
  int rc;

  if (keep == 0)
    return TRUE;

  trim = _plr_store_prepare (self,
                             "DELETE FROM network_activity WHERE id <= (SELECT id FROM"
                             " network_activity ORDER BY id DESC LIMIT 1 OFFSET ?1)",
                             error);
  if (trim == NULL)
    return FALSE;

  sqlite3_bind_int64 (trim, 1, keep);
  rc = sqlite3_step (trim);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not log a network request"));

  return TRUE;
}

/**
 * plr_store_log_network_activity:
 * @self: a #PlrStore
 * @at: (nullable): when the request finished, or %NULL for now
 * @method: the HTTP method
 * @host: the host
 * @path: the path; anything from a `?` or `#` on is dropped, never stored
 * @status: the HTTP status, or 0 when there was no answer
 * @bytes_sent: bytes sent
 * @bytes_received: bytes received
 * @keep: how many of the newest entries to keep, 0 for all
 * @error: return location for a #GError
 *
 * Adds one request to the network activity log and drops the oldest
 * entries beyond @keep. Bodies, queries and headers are never stored.
 * This writes to disk before it returns; on the main thread use
 * plr_store_queue_network_activity().
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_log_network_activity (PlrStore    *self,
                                GDateTime   *at,
                                const char  *method,
                                const char  *host,
                                const char  *path,
                                guint        status,
                                guint64      bytes_sent,
                                guint64      bytes_received,
                                guint        keep,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  PlrNetworkActivity activity = {
    at, (char *) method, (char *) host, (char *) path, status, bytes_sent, bytes_received
  };

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (method != NULL && host != NULL && path != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return insert_network_activity_locked (self, &activity, error) &&
         trim_network_activity_locked (self, keep, error);
}

/* Writes what plr_store_queue_network_activity() queued, in one
 * transaction: one write to disk for a whole fetch's requests. */
typedef struct
{
  PlrStore  *self;
  GPtrArray *batch;
  guint      keep;
} WriteActivity;

static gboolean
write_activity_in_transaction (gpointer   user_data,
                               GError   **error)
{
  WriteActivity *args = user_data;

  for (guint i = 0; i < args->batch->len; i++)
    if (!insert_network_activity_locked (args->self, g_ptr_array_index (args->batch, i), error))
      return FALSE;

  return trim_network_activity_locked (args->self, args->keep, error);
}

static gboolean
write_pending_activity_locked (PlrStore  *self,
                               GError   **error)
{
  g_autoptr(GPtrArray) batch = NULL;
  WriteActivity args;
  guint keep;

  g_mutex_lock (&self->activity_mutex);
  batch = g_steal_pointer (&self->pending_activity);
  self->pending_activity =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_network_activity_free);
  keep = self->activity_keep;
  g_mutex_unlock (&self->activity_mutex);

  if (batch->len == 0)
    return TRUE;

  args = (WriteActivity) { self, batch, keep };
  return _plr_store_run_transaction (self, write_activity_in_transaction, &args, error);
}

static void
write_activity_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PlrStore *self = source_object;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gboolean done;

      g_mutex_lock (&self->mutex);
      if (!write_pending_activity_locked (self, &error))
        g_debug ("Could not log network requests (%s %d)",
                 g_quark_to_string (error->domain), error->code);
      g_mutex_unlock (&self->mutex);

      g_mutex_lock (&self->activity_mutex);
      done = self->pending_activity->len == 0;
      if (done)
        self->activity_writer_running = FALSE;
      g_mutex_unlock (&self->activity_mutex);

      if (done)
        break;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * plr_store_queue_network_activity:
 * @self: a #PlrStore
 * @method: the HTTP method
 * @host: the host
 * @path: the path; anything from a `?` or `#` on is dropped, never stored
 * @status: the HTTP status, or 0 when there was no answer
 * @bytes_sent: bytes sent
 * @bytes_received: bytes received
 * @keep: how many of the newest entries to keep, 0 for all
 *
 * Like plr_store_log_network_activity() for a request that finished now,
 * without waiting: the entry is written on a worker thread, with any
 * others queued meanwhile, in the order they were queued. The main thread
 * neither waits for the disk nor for another thread's long write.
 * plr_store_list_network_activity() lists queued entries too; forgetting
 * the cache drops those not written yet.
 */
void
plr_store_queue_network_activity (PlrStore   *self,
                                  const char *method,
                                  const char *host,
                                  const char *path,
                                  guint       status,
                                  guint64     bytes_sent,
                                  guint64     bytes_received,
                                  guint       keep)
{
  PlrNetworkActivity *activity;
  gboolean start;

  g_return_if_fail (PLR_IS_STORE (self));
  g_return_if_fail (method != NULL && host != NULL && path != NULL);

  activity = g_new0 (PlrNetworkActivity, 1);
  activity->at = g_date_time_new_now_utc ();
  activity->method = g_strdup (method);
  activity->host = g_strdup (host);
  activity->path = g_strndup (path, strcspn (path, "?#"));
  activity->status = status;
  activity->bytes_sent = bytes_sent;
  activity->bytes_received = bytes_received;

  g_mutex_lock (&self->activity_mutex);
  g_ptr_array_add (self->pending_activity, activity);
  self->activity_keep = keep;
  start = !self->activity_writer_running;
  self->activity_writer_running = TRUE;
  g_mutex_unlock (&self->activity_mutex);

  if (start)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

      g_task_set_source_tag (task, plr_store_queue_network_activity);
      g_task_run_in_thread (task, write_activity_thread);
    }
}

/**
 * plr_store_list_network_activity:
 * @self: a #PlrStore
 * @limit: at most this many entries, 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrNetworkActivity): the logged
 *   requests, newest first, or %NULL on error
 */
GPtrArray *
plr_store_list_network_activity (PlrStore  *self,
                                 guint      limit,
                                 GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!write_pending_activity_locked (self, error))
    return NULL;

  stmt = _plr_store_prepare (self,
                             "SELECT at, method, host, path, status, bytes_sent, bytes_received"
                             " FROM network_activity ORDER BY id DESC LIMIT ?1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (gint64) limit);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_network_activity_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrNetworkActivity *entry = g_new0 (PlrNetworkActivity, 1);

      entry->at = plr_sqlite_column_time (stmt, 0);
      entry->method = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->host = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->path = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->status = sqlite3_column_int (stmt, 4);
      entry->bytes_sent = sqlite3_column_int64 (stmt, 5);
      entry->bytes_received = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read the network activity"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

static void
list_network_activity_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *entries;

  entries = plr_store_list_network_activity (PLR_STORE (source_object),
                                             GPOINTER_TO_UINT (task_data), &error);
  if (entries == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, entries, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * plr_store_list_network_activity_async:
 * @self: a #PlrStore
 * @limit: at most this many requests, 0 for all
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * plr_store_list_network_activity() on a worker thread, so a page can show
 * the log without blocking the main loop.
 */
void
plr_store_list_network_activity_async (PlrStore            *self,
                                       guint                limit,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_store_list_network_activity_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (limit), NULL);
  g_task_run_in_thread (task, list_network_activity_thread);
}

/**
 * plr_store_list_network_activity_finish:
 * @self: a #PlrStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrNetworkActivity): the logged
 *   requests, newest first, or %NULL on error
 */
GPtrArray *
plr_store_list_network_activity_finish (PlrStore      *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

