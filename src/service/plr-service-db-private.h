/* plr-service-db-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the service database's files share: plr-service-db.c (opening,
 * the schema, transactions) and one file per subject (learners and
 * records, OAuth, shares, challenges, privacy, idempotency). SQLite itself
 * is reached through the core's plr-sqlite.h, in this module's words. */

#pragma once

#include <sqlite3.h>

#include "plr-service-db.h"
#include "plr-sqlite.h"

G_BEGIN_DECLS

/* The reference service's own database: learners and their records, OAuth
 * codes and tokens, shares, data challenges, sharing preferences, the
 * access log and remembered answers to idempotent requests.
 *
 * Every statement is a constant string prepared with bound parameters. The
 * schema moves forward through PRAGMA user_version, one migration a step.
 * Secrets are never stored: authorization codes and tokens are kept as
 * their SHA-256, passwords salted and hashed by the caller.
 *
 * One connection, guarded by a recursive mutex: the service runs its
 * handlers on its own thread while the embedding application may call the
 * public API from another. plr_service_db_transaction() holds the lock
 * across several calls so that they form one transaction. */
struct _PlrServiceDb
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  GRecMutex mutex;
};

/* How long remembered answers, used codes and dead tokens are kept. */
#define IDEMPOTENCY_KEEP_SECONDS (30 * 24 * 3600 + 3600)
#define AUTH_CODE_KEEP_SECONDS   (24 * 3600)
#define TOKEN_KEEP_SECONDS       (24 * 3600)

extern const PlrSqliteErrorCodes _plr_service_db_codes;

gboolean _plr_service_db_read (PlrServiceDb              *self,
                               PlrSqliteTransactionFunc   func,
                               gpointer                   user_data,
                               GError                   **error);

static inline gboolean
set_sqlite_error (PlrServiceDb  *self,
                  int            rc,
                  GError       **error,
                  const char    *context)
{
  return plr_sqlite_set_error (self->db, rc, &_plr_service_db_codes, error, context);
}

static inline gboolean
exec_sql (PlrServiceDb  *self,
          const char    *sql,
          GError       **error)
{
  return plr_sqlite_exec (self->db, sql, &_plr_service_db_codes, error);
}

static inline sqlite3_stmt *
prepare (PlrServiceDb  *self,
         const char    *sql,
         GError       **error)
{
  return plr_sqlite_prepare (self->db, sql, &_plr_service_db_codes, error);
}

/* Runs a statement that returns no rows. */
static inline gboolean
step_done (PlrServiceDb  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  return plr_sqlite_step_done (stmt, &_plr_service_db_codes, error);
}

#define bind_text plr_sqlite_bind_text_or_null
#define dup_text  plr_sqlite_column_dup_text

/* Times are Unix seconds; 0 is "none" and stored as NULL. */
static inline void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

static inline gboolean
not_found (GError     **error,
           const char  *what)
{
  g_set_error (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND, "No such %s", what);
  return FALSE;
}

static inline void
lock (PlrServiceDb *self)
{
  g_rec_mutex_lock (&self->mutex);
}

static inline void
unlock (PlrServiceDb *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

G_END_DECLS
