/* plr-service-db-shares.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-db"

#include "config.h"

#include <string.h>

#include "plr-service-db-private.h"

/* The service database: shares and their views. */

/* ------------------------------------------------------------------------ */
/* Shares                                                                    */

/**
 * plr_service_db_add_share:
 * @self: a #PlrServiceDb
 * @share: the share; views and revoked_at are ignored
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PLR_SERVICE_DB_ERROR_EXISTS if the code is taken
 */
gboolean
plr_service_db_add_share (PlrServiceDb             *self,
                          const PlrServiceDbShare  *share,
                          GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (share != NULL, FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO shares (code, learner_id, recipient, purpose, view_json,"
                  "                    created_at, expires_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, share->code);
      sqlite3_bind_int64 (stmt, 2, share->learner_id);
      bind_text (stmt, 3, share->recipient);
      bind_text (stmt, 4, share->purpose);
      bind_text (stmt, 5, share->view_json);
      sqlite3_bind_int64 (stmt, 6, share->created_at);
      bind_time (stmt, 7, share->expires_at);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

#define SHARE_COLUMNS \
  "code, learner_id, recipient, purpose, view_json, created_at, expires_at, revoked_at, views"

static PlrServiceDbShare *
read_share (sqlite3_stmt *stmt)
{
  PlrServiceDbShare *share = g_new0 (PlrServiceDbShare, 1);

  share->code = dup_text (stmt, 0);
  share->learner_id = sqlite3_column_int64 (stmt, 1);
  share->recipient = dup_text (stmt, 2);
  share->purpose = dup_text (stmt, 3);
  share->view_json = dup_text (stmt, 4);
  share->created_at = sqlite3_column_int64 (stmt, 5);
  share->expires_at = sqlite3_column_int64 (stmt, 6);
  share->revoked_at = sqlite3_column_int64 (stmt, 7);
  share->views = sqlite3_column_int64 (stmt, 8);

  return share;
}

/**
 * plr_service_db_list_shares:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrServiceDbShare): the learner's
 *   shares, newest first, or %NULL with @error set
 */
GPtrArray *
plr_service_db_list_shares (PlrServiceDb  *self,
                            gint64         learner_id,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  lock (self);
  stmt = prepare (self,
                  "SELECT " SHARE_COLUMNS " FROM shares WHERE learner_id = ?1"
                  " ORDER BY created_at DESC, rowid DESC",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      shares = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_share_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (shares, read_share (stmt));
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error, "Could not read the shares");
          g_clear_pointer (&shares, g_ptr_array_unref);
        }
    }
  unlock (self);

  return g_steal_pointer (&shares);
}

/**
 * plr_service_db_get_share:
 * @self: a #PlrServiceDb
 * @code: the share code, formatted
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the share, or %NULL with @error set
 *   (%PLR_SERVICE_DB_ERROR_NOT_FOUND if there is none)
 */
PlrServiceDbShare *
plr_service_db_get_share (PlrServiceDb  *self,
                          const char    *code,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlrServiceDbShare *share = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  lock (self);
  stmt = prepare (self, "SELECT " SHARE_COLUMNS " FROM shares WHERE code = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        share = read_share (stmt);
      else if (rc == SQLITE_DONE)
        not_found (error, "share");
      else
        set_sqlite_error (self, rc, error, "Could not read the share");
    }
  unlock (self);

  return share;
}

/**
 * plr_service_db_revoke_share:
 * @self: a #PlrServiceDb
 * @learner_id: the learner who owns the share
 * @code: the share code
 * @now: the time
 * @error: return location for a #GError
 *
 * Revokes a share; revoking it again changes nothing.
 *
 * Returns: %TRUE on success; %PLR_SERVICE_DB_ERROR_NOT_FOUND if the learner
 *   has no such share
 */
gboolean
plr_service_db_revoke_share (PlrServiceDb  *self,
                             gint64         learner_id,
                             const char    *code,
                             gint64         now,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "UPDATE shares SET revoked_at = coalesce (revoked_at, ?3)"
                  " WHERE code = ?1 AND learner_id = ?2",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code);
      sqlite3_bind_int64 (stmt, 2, learner_id);
      sqlite3_bind_int64 (stmt, 3, now);
      ok = step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        ok = not_found (error, "share");
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_count_share_view:
 * @self: a #PlrServiceDb
 * @code: the share code
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_count_share_view (PlrServiceDb  *self,
                                 const char    *code,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE shares SET views = views + 1 WHERE code = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}
