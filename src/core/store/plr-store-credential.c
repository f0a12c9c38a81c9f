/* plr-store-credential.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "plr-sqlite.h"
#include "plr-store-private.h"

/* The credential the service signed for a snapshot: one row per snapshot,
 * written and read inside the snapshot's own transaction, and deleted
 * with it (ON DELETE CASCADE), so the cache cannot pair a record with a
 * credential for another version of it. */

gboolean
_plr_store_insert_credential_locked (PlrStore             *self,
                                     gint64                snapshot_id,
                                     PlrRecordCredential  *credential,
                                     GError              **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _plr_store_prepare (self,
                             "INSERT INTO credentials (snapshot_id, compact, issuer, issuer_name,"
                             " issued_at, expires_at, record_version)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, snapshot_id);
  plr_sqlite_bind_text_or_null (stmt, 2, plr_record_credential_get_compact (credential));
  plr_sqlite_bind_text_or_null (stmt, 3, plr_record_credential_get_issuer (credential));
  plr_sqlite_bind_text_or_null (stmt, 4, plr_record_credential_get_issuer_name (credential));
  sqlite3_bind_int64 (stmt, 5, plr_record_credential_get_issued_at (credential));
  sqlite3_bind_int64 (stmt, 6, plr_record_credential_get_expires_at (credential));
  sqlite3_bind_int64 (stmt, 7, plr_record_credential_get_record_version (credential));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not store the signed record"));

  return TRUE;
}

PlrRecordCredential *
_plr_store_load_credential_locked (PlrStore  *self,
                                   gint64     snapshot_id,
                                   GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _plr_store_prepare (self,
                             "SELECT compact, issuer, issuer_name, issued_at, expires_at,"
                             " record_version FROM credentials WHERE snapshot_id = ?1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, snapshot_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read the cached record"));
      return NULL;
    }

  return plr_record_credential_new ((const char *) sqlite3_column_text (stmt, 0),
                                    (const char *) sqlite3_column_text (stmt, 1),
                                    (const char *) sqlite3_column_text (stmt, 2),
                                    sqlite3_column_int64 (stmt, 3),
                                    sqlite3_column_int64 (stmt, 4),
                                    sqlite3_column_int64 (stmt, 5));
}
