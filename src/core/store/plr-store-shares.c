/* plr-store-shares.c
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

/* ------------------------------------------------------------------------ */
/* Saved views and the sharing log                                          */

#define MAX_VIEW_NAME_CHARS 200

#define SHARE_LOG_COLUMNS \
  "s.id, s.view_name, s.recipient, s.purpose, s.channel, s.entry_ids, s.field_names," \
  " s.created_at, s.expires_at, s.share_code, s.url, s.revoked_at, s.views, s.outbox_id," \
  " o.state"

static gboolean
check_view_name (const char  *name,
                 GError     **error)
{
  if (name == NULL || name[0] == '\0' || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > MAX_VIEW_NAME_CHARS)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                   _("Give the view a name of 1 to %d characters."), MAX_VIEW_NAME_CHARS);
      return FALSE;
    }

  return TRUE;
}

static void
set_view_not_found (GError     **error,
                    const char  *name)
{
  g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
               _("There is no saved view called “%s”."), name);
}

/**
 * plr_store_save_view:
 * @self: a #PlrStore
 * @view: a view with a name
 * @replace: %TRUE to replace a saved view of the same name
 * @error: return location for a #GError
 *
 * Saves the view's definition under its name.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_EXISTS when a view of that
 *   name is saved and @replace is %FALSE, %PLR_STORE_ERROR_INVALID for a
 *   missing or too long name
 */
gboolean
plr_store_save_view (PlrStore  *self,
                     PlrView   *view,
                     gboolean   replace,
                     GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) definition = NULL;
  g_autofree char *now = plr_sqlite_format_now ();
  const char *name;
  gsize length;
  const char *data;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_VIEW (view), FALSE);

  name = plr_view_get_name (view);
  if (!check_view_name (name, error))
    return FALSE;

  definition = plr_view_to_json (view);
  data = g_bytes_get_data (definition, &length);

  locker = g_mutex_locker_new (&self->mutex);
  if (replace)
    stmt = _plr_store_prepare (self,
                               "INSERT INTO saved_views (name, definition, created_at,"
                               " updated_at) VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO UPDATE"
                               " SET definition = excluded.definition, updated_at ="
                               " excluded.updated_at",
                               error);
  else
    stmt = _plr_store_prepare (self,
                               "INSERT INTO saved_views (name, definition, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?3)",
                               error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, name);
  sqlite3_bind_text (stmt, 2, data, (int) length, SQLITE_TRANSIENT);
  plr_sqlite_bind_text_or_null (stmt, 3, now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT && !replace)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_EXISTS,
                   _("A view called “%s” is saved already. Choose another name."), name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the view"));

  g_clear_pointer (&locker, g_mutex_locker_free);
  g_debug ("Saved a view");
  _plr_store_emit_shares_changed (self);

  return TRUE;
}

static PlrView *
view_from_row (sqlite3_stmt  *stmt,
               int            column,
               GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  PlrView *view;

  bytes = g_bytes_new (sqlite3_column_blob (stmt, column),
                       (gsize) sqlite3_column_bytes (stmt, column));
  view = plr_view_new_from_json (bytes, &local_error);
  if (view == NULL)
    g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                 _("A saved view could not be read: %s"), local_error->message);

  return view;
}

/**
 * plr_store_load_view:
 * @self: a #PlrStore
 * @name: the name of a saved view
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the view, or %NULL with
 *   %PLR_STORE_ERROR_NOT_FOUND when none has this name
 */
PlrView *
plr_store_load_view (PlrStore    *self,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "SELECT definition FROM saved_views WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;

  plr_sqlite_bind_text_or_null (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      PlrView *view = view_from_row (stmt, 0, error);

      /* The row's name wins over one inside the definition. */
      if (view != NULL)
        plr_view_set_name (view, name);
      return view;
    }

  if (rc == SQLITE_DONE)
    set_view_not_found (error, name);
  else
    _plr_store_set_sqlite_error (self, rc, error, _("Could not read the saved views"));

  return NULL;
}

/**
 * plr_store_list_views:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrView): the saved views by
 *   name, or %NULL on error
 */
GPtrArray *
plr_store_list_views (PlrStore  *self,
                      GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) views = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT name, definition FROM saved_views ORDER BY name COLLATE"
                             " NOCASE",
                             error);
  if (stmt == NULL)
    return NULL;

  views = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrView *view = view_from_row (stmt, 1, error);

      if (view == NULL)
        return NULL;
      plr_view_set_name (view, (const char *) sqlite3_column_text (stmt, 0));
      g_ptr_array_add (views, view);
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read the saved views"));
      return NULL;
    }

  return g_steal_pointer (&views);
}

/**
 * plr_store_delete_view:
 * @self: a #PlrStore
 * @name: the name of a saved view
 * @error: return location for a #GError
 *
 * Deletes a saved view. Its entries in the sharing log stay.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND if none has this name
 */
gboolean
plr_store_delete_view (PlrStore    *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "DELETE FROM saved_views WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not delete the view"));
  if (sqlite3_changes (self->db) == 0)
    {
      set_view_not_found (error, name);
      return FALSE;
    }

  g_clear_pointer (&locker, g_mutex_locker_free);
  _plr_store_emit_shares_changed (self);

  return TRUE;
}

/* What a result holds, for the log: the LRS IDs of the entries the view
 * covers in @record, and the JSON names of the chosen fields. */
static void
describe_result (PlrView        *view,
                 PlrRecord      *record,
                 PlrViewResult  *result,
                 char          **out_entry_ids,
                 char          **out_field_names)
{
  g_autoptr(GPtrArray) events = plr_view_select_events (view, record);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(JsonNode) fields = NULL;
  guint64 learner_fields = plr_view_result_get_learner_fields (result);
  guint n_columns = plr_view_result_get_n_columns (result);

  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    json_builder_add_int_value (builder,
                                plr_learning_event_get_id (g_ptr_array_index (events, i)));
  json_builder_end_array (builder);
  ids = json_builder_get_root (builder);

  json_builder_reset (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "learner");
  json_builder_begin_array (builder);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    if (learner_fields & PLR_VIEW_FIELD_BIT (i))
      json_builder_add_string_value (builder, plr_learner_field_info (i)->json_name);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint c = 0; c < n_columns; c++)
    {
      PlrEventField field = plr_view_result_get_column (result, c);

      json_builder_add_string_value (builder, plr_event_field_info (field)->json_name);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  fields = json_builder_get_root (builder);

  *out_entry_ids = json_to_string (ids, FALSE);
  *out_field_names = json_to_string (fields, FALSE);
}

static gboolean
insert_share_log_locked (PlrStore    *self,
                         PlrView     *view,
                         const char  *channel,
                         const char  *entry_ids,
                         const char  *field_names,
                         const char  *now,
                         const char  *expires_at,
                         gint64       outbox_id,
                         gint64      *out_id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _plr_store_prepare (self,
                             "INSERT INTO share_log (view_name, recipient, purpose, channel,"
                             " entry_ids, field_names, created_at, expires_at, outbox_id) VALUES"
                             " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                             error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, plr_view_get_name (view));
  plr_sqlite_bind_text_or_null (stmt, 2, plr_view_get_recipient (view));
  plr_sqlite_bind_text_or_null (stmt, 3, plr_view_get_purpose (view));
  plr_sqlite_bind_text_or_null (stmt, 4, channel);
  plr_sqlite_bind_text_or_null (stmt, 5, entry_ids);
  plr_sqlite_bind_text_or_null (stmt, 6, field_names);
  plr_sqlite_bind_text_or_null (stmt, 7, now);
  plr_sqlite_bind_text_or_null (stmt, 8, expires_at);
  if (outbox_id != 0)
    sqlite3_bind_int64 (stmt, 9, outbox_id);
  else
    sqlite3_bind_null (stmt, 9);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the sharing log"));

  *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/**
 * plr_store_log_export:
 * @self: a #PlrStore
 * @view: the view that was exported
 * @record: the record it was applied to
 * @channel: "pdf", "html", "json" or "print"
 * @out_id: (out) (optional): the id of the new log entry
 * @error: return location for a #GError
 *
 * Adds a file export or a print-out to the sharing log, with the LRS IDs of
 * the entries @view covers in @record and the names of its fields.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_log_export (PlrStore    *self,
                      PlrView     *view,
                      PlrRecord   *record,
                      const char  *channel,
                      gint64      *out_id,
                      GError     **error)
{
  g_autoptr(PlrViewResult) result = NULL;
  g_autofree char *entry_ids = NULL;
  g_autofree char *field_names = NULL;
  g_autofree char *now = plr_sqlite_format_now ();
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_VIEW (view), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (plr_share_channel_is_valid (channel), FALSE);
  g_return_val_if_fail (!g_str_equal (channel, PLR_SHARE_CHANNEL_SHARE_CODE), FALSE);

  result = plr_view_apply (view, record, error);
  if (result == NULL)
    return FALSE;
  describe_result (view, record, result, &entry_ids, &field_names);

  g_mutex_lock (&self->mutex);
  ok = insert_share_log_locked (self, view, channel, entry_ids, field_names, now, NULL, 0, &id,
                                error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_debug ("Logged export %" G_GINT64_FORMAT " (%s)", id, channel);
  _plr_store_emit_shares_changed (self);
  if (out_id)
    *out_id = id;

  return TRUE;
}

/* POST v1/shares: the recipient, the purpose, the expiry, and the view's
 * share body, which holds only what the result holds. */
static char *
build_share_body (PlrViewResult *result,
                  const char    *recipient,
                  const char    *purpose,
                  const char    *expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "recipient");
  json_builder_add_string_value (builder, recipient);
  if (purpose != NULL)
    {
      json_builder_set_member_name (builder, "purpose");
      json_builder_add_string_value (builder, purpose);
    }
  if (expires_at != NULL)
    {
      json_builder_set_member_name (builder, "expires_at");
      json_builder_add_string_value (builder, expires_at);
    }
  json_builder_set_member_name (builder, "view");
  json_builder_add_value (builder, plr_view_json_build_share_body (result));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

typedef struct
{
  PlrStore   *self;
  PlrView    *view;
  const char *entry_ids;
  const char *field_names;
  const char *body;
  const char *now;
  const char *expires;
  gint64      outbox_id;
  gint64      id;
} CreateShare;

/* The share waits in the outbox, and the sharing log says so: both, or
 * neither. */
static gboolean
create_share_in_transaction (gpointer   user_data,
                             GError   **error)
{
  CreateShare *args = user_data;

  return _plr_store_insert_outbox_locked (args->self, PLR_OUTBOX_KIND_SHARE, "POST", "v1/shares",
                                          args->body, args->now, &args->outbox_id, error) &&
         insert_share_log_locked (args->self, args->view, PLR_SHARE_CHANNEL_SHARE_CODE,
                                  args->entry_ids, args->field_names, args->now, args->expires,
                                  args->outbox_id, &args->id, error);
}

/**
 * plr_store_create_share:
 * @self: a #PlrStore
 * @view: the view to share, with a recipient
 * @record: the record to apply it to
 * @expires_at: (nullable): when the share stops working
 * @out_id: (out) (optional): the id of the new log entry
 * @error: return location for a #GError
 *
 * Applies @view to @record and, in one transaction, queues the share for
 * the service (`POST v1/shares` with a fresh Idempotency-Key; the body is
 * exactly plr_view_json_build_share_body() of the result, with the
 * recipient, purpose and expiry) and adds it to the sharing log. The share
 * code appears in the log once the service answers. Emits
 * #PlrStore::outbox-item-queued and #PlrStore::shares-changed.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_INVALID when the view has no
 *   recipient or the expiry is not within the next year (366 days, the
 *   protocol's cap); a #PlrViewError when the view cannot be applied
 */
gboolean
plr_store_create_share (PlrStore    *self,
                        PlrView     *view,
                        PlrRecord   *record,
                        GDateTime   *expires_at,
                        gint64      *out_id,
                        GError     **error)
{
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *entry_ids = NULL;
  g_autofree char *field_names = NULL;
  g_autofree char *now = plr_sqlite_format_time (now_time);
  g_autofree char *expires = NULL;
  g_autofree char *body = NULL;
  const char *recipient;
  CreateShare args;
  gint64 outbox_id;
  gint64 id;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_VIEW (view), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  recipient = plr_view_get_recipient (view);
  if (recipient == NULL || recipient[0] == '\0' || strlen (recipient) > 255 ||
      (plr_view_get_purpose (view) != NULL && strlen (plr_view_get_purpose (view)) > 255))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("Say who the share is for (at most 255 characters), and keep "
                             "the purpose to at most 255 characters."));
      return FALSE;
    }

  if (expires_at != NULL)
    {
      g_autoptr(GDateTime) latest = g_date_time_add_days (now_time, 366);

      if (g_date_time_compare (expires_at, now_time) <= 0)
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                               _("The share would have expired already. Choose a later "
                                 "date."));
          return FALSE;
        }
      /* The protocol's limit. */
      if (g_date_time_compare (expires_at, latest) > 0)
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                               _("A share can last at most a year. Choose an earlier "
                                 "date."));
          return FALSE;
        }
      expires = plr_sqlite_format_time (expires_at);
    }

  result = plr_view_apply (view, record, error);
  if (result == NULL)
    return FALSE;
  describe_result (view, record, result, &entry_ids, &field_names);
  body = build_share_body (result, recipient, plr_view_get_purpose (view), expires);

  args = (CreateShare) { self, view, entry_ids, field_names, body, now, expires, 0, 0 };
  g_mutex_lock (&self->mutex);
  ok = _plr_store_run_transaction (self, create_share_in_transaction, &args, error);
  g_mutex_unlock (&self->mutex);
  if (!ok)
    return FALSE;
  outbox_id = args.outbox_id;
  id = args.id;

  g_debug ("Queued share %" G_GINT64_FORMAT " as outbox item %" G_GINT64_FORMAT, id, outbox_id);
  _plr_store_emit_outbox_item_queued (self, outbox_id);
  _plr_store_emit_shares_changed (self);
  if (out_id)
    *out_id = id;

  return TRUE;
}

/* Queues DELETE v1/shares/{code} for a revoked share the service holds.
 * Call inside a transaction. */
static gboolean
queue_revoke_locked (PlrStore    *self,
                     gint64       id,
                     const char  *code,
                     const char  *now,
                     gint64      *out_queued_id,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *escaped = g_uri_escape_string (code, NULL, FALSE);
  g_autofree char *path = g_strconcat ("v1/shares/", escaped, NULL);
  int rc;

  if (!_plr_store_insert_outbox_locked (self, PLR_OUTBOX_KIND_SHARE_REVOKE, "DELETE", path, "{}",
                                        now,
                                        out_queued_id, error))
    return FALSE;

  stmt = _plr_store_prepare (self, "UPDATE share_log SET revoke_outbox_id = ?2 WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, *out_queued_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the sharing log"));

  return TRUE;
}

/* Takes the service's answer to a share: its code, address, expiry and
 * views. A share revoked while it waited is revoked on the service now. */
gboolean
_plr_store_confirm_share_locked (PlrStore    *self,
                                 gint64       outbox_id,
                                 JsonObject  *answer,
                                 const char  *now,
                                 gint64      *out_queued_id,
                                 GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), answer);
  g_autoptr(PlrShareInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *expires = NULL;
  gint64 id;
  int rc;

  info = plr_share_info_new_from_json (node, &local_error);
  if (info == NULL)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                   _("The service’s answer to a share could not be read: %s"),
                   local_error->message);
      return FALSE;
    }

  if (info->expires_at != NULL)
    expires = plr_sqlite_format_time (info->expires_at);

  stmt = _plr_store_prepare (self,
                             "UPDATE share_log SET share_code = ?2, url = ?3,"
                             " expires_at = coalesce (?4, expires_at), views = ?5"
                             " WHERE outbox_id = ?1 RETURNING id, revoked_at IS NOT NULL",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, outbox_id);
  plr_sqlite_bind_text_or_null (stmt, 2, info->code);
  plr_sqlite_bind_text_or_null (stmt, 3, info->url);
  plr_sqlite_bind_text_or_null (stmt, 4, expires);
  sqlite3_bind_int64 (stmt, 5, info->views);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;  /* the log entry is gone: nothing to update */
  if (rc != SQLITE_ROW)
    return _plr_store_set_sqlite_error (self, rc, error,
                                        _("Could not save the service’s answer"));

  id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_int (stmt, 1) != 0)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      return queue_revoke_locked (self, id, info->code, now, out_queued_id, error);
    }

  return TRUE;
}

static PlrShareRecord *
share_record_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GDateTime) created_at = plr_sqlite_column_time (stmt, 7);
  g_autoptr(GDateTime) expires_at = plr_sqlite_column_time (stmt, 8);
  g_autoptr(GDateTime) revoked_at = plr_sqlite_column_time (stmt, 11);
  PlrOutboxState state = PLR_OUTBOX_STATE_SENT;
  PlrShareRecord *record;

  if (sqlite3_column_type (stmt, 14) != SQLITE_NULL)
    plr_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 14), &state);

  record = _plr_share_record_new (sqlite3_column_int64 (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  (const char *) sqlite3_column_text (stmt, 3),
                                  (const char *) sqlite3_column_text (stmt, 4),
                                  (const char *) sqlite3_column_text (stmt, 5),
                                  (const char *) sqlite3_column_text (stmt, 6),
                                  created_at);
  _plr_share_record_set_service (record,
                                 (const char *) sqlite3_column_text (stmt, 9),
                                 (const char *) sqlite3_column_text (stmt, 10),
                                 expires_at, revoked_at,
                                 sqlite3_column_type (stmt, 12) == SQLITE_NULL
                                   ? -1 : sqlite3_column_int64 (stmt, 12),
                                 sqlite3_column_int64 (stmt, 13),
                                 state);
  return record;
}

/**
 * plr_store_list_share_records:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrShareRecord): the sharing log,
 *   newest first, or %NULL on error
 */
GPtrArray *
plr_store_list_share_records (PlrStore  *self,
                              GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT " SHARE_LOG_COLUMNS " FROM share_log s"
                             " LEFT JOIN outbox o ON o.id = s.outbox_id ORDER BY s.id DESC",
                             error);
  if (stmt == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, share_record_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read the sharing log"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * plr_store_dup_share_record:
 * @self: a #PlrStore
 * @id: a log entry's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the log entry, or %NULL with
 *   %PLR_STORE_ERROR_NOT_FOUND
 */
PlrShareRecord *
plr_store_dup_share_record (PlrStore  *self,
                            gint64     id,
                            GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT " SHARE_LOG_COLUMNS " FROM share_log s"
                             " LEFT JOIN outbox o ON o.id = s.outbox_id WHERE s.id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return share_record_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                 "No sharing log entry %" G_GINT64_FORMAT, id);
  else
    _plr_store_set_sqlite_error (self, rc, error, _("Could not read the sharing log"));

  return NULL;
}

typedef struct
{
  PlrStore   *self;
  gint64      id;
  const char *now;
  gint64      queued_id;
  gboolean    changed;
} RevokeShare;

static gboolean
revoke_share_in_transaction (gpointer   user_data,
                             GError   **error)
{
  RevokeShare *args = user_data;
  PlrStore *self = args->self;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *code = NULL;
  int rc;

  stmt = _plr_store_prepare (self,
                             "UPDATE share_log SET revoked_at = ?2 WHERE id = ?1 AND channel ="
                             " 'share-code' AND revoked_at IS NULL RETURNING share_code,"
                             " revoke_outbox_id",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->id);
  plr_sqlite_bind_text_or_null (stmt, 2, args->now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      args->changed = TRUE;
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL &&
          sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  else if (rc == SQLITE_DONE)
    {
      g_autoptr(sqlite3_stmt) check = NULL;

      g_clear_pointer (&stmt, sqlite3_finalize);
      check = _plr_store_prepare (self,
                                  "SELECT 1 FROM share_log WHERE id = ?1 AND channel ="
                                  " 'share-code'",
                                  error);
      if (check == NULL)
        return FALSE;
      sqlite3_bind_int64 (check, 1, args->id);
      if (sqlite3_step (check) != SQLITE_ROW)
        {
          g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                       "No share %" G_GINT64_FORMAT " in the sharing log", args->id);
          return FALSE;
        }
    }
  else
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not save the sharing log"));
      return FALSE;
    }

  return code == NULL ||
         queue_revoke_locked (self, args->id, code, args->now, &args->queued_id, error);
}

/**
 * plr_store_revoke_share:
 * @self: a #PlrStore
 * @id: the log entry of a share code
 * @error: return location for a #GError
 *
 * Marks the share revoked now and, if the service holds it, queues
 * `DELETE v1/shares/{code}`. A share still waiting to be created is
 * revoked on the service as soon as it is created. Revoking again changes
 * nothing.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND when @id is not a
 *   share code in the log
 */
gboolean
plr_store_revoke_share (PlrStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autofree char *now = plr_sqlite_format_now ();
  RevokeShare args = { self, id, now, 0, FALSE };
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  g_mutex_lock (&self->mutex);
  ok = _plr_store_run_transaction (self, revoke_share_in_transaction, &args, error);
  g_mutex_unlock (&self->mutex);
  if (!ok)
    return FALSE;

  if (args.queued_id != 0)
    _plr_store_emit_outbox_item_queued (self, args.queued_id);
  if (args.changed)
    _plr_store_emit_shares_changed (self);

  return TRUE;
}

typedef struct
{
  PlrStore   *self;
  gint64      id;
  const char *now;
} CancelShare;

static gboolean
cancel_share_in_transaction (gpointer   user_data,
                             GError   **error)
{
  CancelShare *args = user_data;
  PlrStore *self = args->self;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  gint64 outbox_id;
  int rc;

  stmt = _plr_store_prepare (self,
                             "SELECT outbox_id FROM share_log WHERE id = ?1 AND channel ="
                             " 'share-code' AND revoked_at IS NULL AND share_code IS NULL AND"
                             " outbox_id IS NOT NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, args->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                   "Share %" G_GINT64_FORMAT " is not waiting to be sent", args->id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not read the sharing log"));
  outbox_id = sqlite3_column_int64 (stmt, 0);

  /* "cancelled" tells the outbox an answer may still come for it: a send
   * already under way when the learner cancelled. */
  update = _plr_store_prepare (self,
                               "UPDATE outbox SET state = 'failed', last_error = 'cancelled',"
                               " next_attempt_at = NULL WHERE id = ?1 AND state = 'queued'",
                               error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, outbox_id);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the sharing log"));
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                   "Share %" G_GINT64_FORMAT " is not waiting to be sent", args->id);
      return FALSE;
    }

  g_clear_pointer (&update, sqlite3_finalize);
  update = _plr_store_prepare (self, "UPDATE share_log SET revoked_at = ?2 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  sqlite3_bind_int64 (update, 1, args->id);
  plr_sqlite_bind_text_or_null (update, 2, args->now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the sharing log"));

  return TRUE;
}

/**
 * plr_store_cancel_share:
 * @self: a #PlrStore
 * @id: the log entry of a share code still waiting to be sent
 * @error: return location for a #GError
 *
 * Takes a share that was never sent out of the outbox, so the view does
 * not leave the device, and marks it revoked in the log. Should a send be
 * under way at that moment, the service's answer is still taken and the
 * share revoked on the service at once (see plr_store_mark_outbox_sent()).
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND when @id is not a
 *   share waiting to be sent (use plr_store_revoke_share() for one that was)
 */
gboolean
plr_store_cancel_share (PlrStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autofree char *now = plr_sqlite_format_now ();
  CancelShare args = { self, id, now };
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  g_mutex_lock (&self->mutex);
  ok = _plr_store_run_transaction (self, cancel_share_in_transaction, &args, error);
  g_mutex_unlock (&self->mutex);
  if (!ok)
    return FALSE;

  g_debug ("Cancelled waiting share %" G_GINT64_FORMAT, id);
  _plr_store_emit_shares_changed (self);

  return TRUE;
}

typedef struct
{
  PlrStore   *self;
  GPtrArray  *infos;
  const char *now;
  guint       n_changed;
} ApplyShareInfos;

static gboolean
apply_share_infos_in_transaction (gpointer   user_data,
                                  GError   **error)
{
  ApplyShareInfos *args = user_data;
  PlrStore *self = args->self;

  for (guint i = 0; i < args->infos->len; i++)
    {
      PlrShareInfo *info = g_ptr_array_index (args->infos, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *expires =
        info->expires_at ? plr_sqlite_format_time (info->expires_at) : NULL;
      int rc;

      stmt = _plr_store_prepare (self,
                                 "UPDATE share_log SET views = ?2, url = coalesce (?3, url),"
                                 " expires_at = coalesce (?4, expires_at), revoked_at = CASE WHEN"
                                 " ?5 THEN coalesce (revoked_at, ?6) ELSE revoked_at END WHERE"
                                 " share_code = ?1 AND (views IS NOT ?2 OR url IS NOT coalesce"
                                 " (?3, url) OR expires_at IS NOT coalesce (?4, expires_at) OR (?5"
                                 " AND revoked_at IS NULL))",
                                 error);
      if (stmt == NULL)
        return FALSE;

      plr_sqlite_bind_text_or_null (stmt, 1, info->code);
      sqlite3_bind_int64 (stmt, 2, info->views);
      plr_sqlite_bind_text_or_null (stmt, 3, info->url);
      plr_sqlite_bind_text_or_null (stmt, 4, expires);
      sqlite3_bind_int (stmt, 5, info->revoked ? 1 : 0);
      plr_sqlite_bind_text_or_null (stmt, 6, args->now);

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          _plr_store_set_sqlite_error (self, rc, error, _("Could not save the sharing log"));
          return FALSE;
        }
      args->n_changed += sqlite3_changes (self->db);
    }

  return TRUE;
}

/**
 * plr_store_apply_share_infos:
 * @self: a #PlrStore
 * @infos: (element-type PlrShareInfo): the shares as the service lists them
 * @error: return location for a #GError
 *
 * Updates the log's shares from the service's list: view counts, expiry
 * and address, and marks revoked those the service says are revoked.
 * Shares the log does not know are left alone.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_apply_share_infos (PlrStore   *self,
                             GPtrArray  *infos,
                             GError    **error)
{
  g_autofree char *now = plr_sqlite_format_now ();
  ApplyShareInfos args = { self, infos, now, 0 };
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (infos != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  ok = _plr_store_run_transaction (self, apply_share_infos_in_transaction, &args, error);
  g_mutex_unlock (&self->mutex);
  if (!ok)
    return FALSE;

  g_debug ("Updated %u shares from the service", args.n_changed);
  if (args.n_changed > 0)
    _plr_store_emit_shares_changed (self);

  return TRUE;
}

/**
 * plr_store_has_service_shares:
 * @self: a #PlrStore
 *
 * Returns: whether the log holds a share code that the service knows
 *   (whose view count is worth asking for)
 */
gboolean
plr_store_has_service_shares (PlrStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "SELECT 1 FROM share_log WHERE share_code IS NOT NULL LIMIT 1",
                             NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}
