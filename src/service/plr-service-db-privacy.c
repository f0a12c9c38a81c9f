/* plr-service-db-privacy.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-db"

#include "config.h"

#include <string.h>

#include "plr-service-db-private.h"

/* The service database: sharing preferences and the access log. */

/* ------------------------------------------------------------------------ */
/* Sharing preferences                                                       */

/**
 * plr_service_db_get_preferences:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @out: (out caller-allocates): the learner's latest choice
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_get_preferences (PlrServiceDb             *self,
                                gint64                    learner_id,
                                PlrServiceDbPreferences  *out,
                                GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  lock (self);
  stmt = prepare (self,
                  "SELECT opted_out, method, note, at, id FROM preference_changes"
                  " WHERE learner_id = ?1 ORDER BY id DESC LIMIT 1",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          out->opted_out = sqlite3_column_int (stmt, 0) != 0;
          out->method = dup_text (stmt, 1);
          out->note = dup_text (stmt, 2);
          out->updated_at = sqlite3_column_int64 (stmt, 3);
          out->reference = sqlite3_column_int64 (stmt, 4);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        not_found (error, "sharing preference");
      else
        set_sqlite_error (self, rc, error, "Could not read the sharing preferences");
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_set_preferences:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @opted_out: whether organisations get no learning events
 * @method: (nullable): how the choice was made ("app", ...)
 * @note: (nullable): the learner's note
 * @now: the time
 * @error: return location for a #GError
 *
 * Records a new choice. Its row number is the learner's receipt reference.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_preferences (PlrServiceDb  *self,
                                gint64         learner_id,
                                gboolean       opted_out,
                                const char    *method,
                                const char    *note,
                                gint64         now,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO preference_changes (learner_id, opted_out, method, note, at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int (stmt, 2, opted_out ? 1 : 0);
      bind_text (stmt, 3, method);
      bind_text (stmt, 4, note);
      sqlite3_bind_int64 (stmt, 5, now);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/* ------------------------------------------------------------------------ */
/* Access log                                                                */

/**
 * plr_service_db_log_access:
 * @self: a #PlrServiceDb
 * @learner_id: whose record was read
 * @at: when
 * @organisation: who read it
 * @ukprn: (nullable): the organisation's UKPRN
 * @user: (nullable): the organisation's user
 * @action: what was done ("learner-view", "share-view")
 * @purpose: (nullable): why
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_log_access (PlrServiceDb  *self,
                           gint64         learner_id,
                           gint64         at,
                           const char    *organisation,
                           const char    *ukprn,
                           const char    *user,
                           const char    *action,
                           const char    *purpose,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO access_log (learner_id, at, organisation, ukprn, user, action,"
                  "                        purpose)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int64 (stmt, 2, at);
      bind_text (stmt, 3, organisation);
      bind_text (stmt, 4, ukprn);
      bind_text (stmt, 5, user);
      bind_text (stmt, 6, action);
      bind_text (stmt, 7, purpose);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_list_access_log:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @before_at: with @before_id, where the previous page ended; 0 for the first page
 * @before_id: the id of the last entry of the previous page
 * @limit: how many entries at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrServiceDbLogEntry): entries,
 *   newest first, or %NULL with @error set
 */
GPtrArray *
plr_service_db_list_access_log (PlrServiceDb  *self,
                                gint64         learner_id,
                                gint64         before_at,
                                gint64         before_id,
                                guint          limit,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  lock (self);
  stmt = prepare (self,
                  "SELECT id, at, organisation, ukprn, user, action, purpose FROM access_log"
                  " WHERE learner_id = ?1"
                  "   AND (?2 = 0 OR at < ?2 OR (at = ?2 AND id < ?3))"
                  " ORDER BY at DESC, id DESC LIMIT ?4",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int64 (stmt, 2, before_at);
      sqlite3_bind_int64 (stmt, 3, before_id);
      sqlite3_bind_int64 (stmt, 4, limit);

      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_log_entry_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          PlrServiceDbLogEntry *entry = g_new0 (PlrServiceDbLogEntry, 1);

          entry->id = sqlite3_column_int64 (stmt, 0);
          entry->at = sqlite3_column_int64 (stmt, 1);
          entry->organisation = dup_text (stmt, 2);
          entry->ukprn = dup_text (stmt, 3);
          entry->user = dup_text (stmt, 4);
          entry->action = dup_text (stmt, 5);
          entry->purpose = dup_text (stmt, 6);
          g_ptr_array_add (entries, entry);
        }
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error, "Could not read the access log");
          g_clear_pointer (&entries, g_ptr_array_unref);
        }
    }
  unlock (self);

  return g_steal_pointer (&entries);
}
