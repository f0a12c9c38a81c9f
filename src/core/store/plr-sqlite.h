/* plr-sqlite.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/**
 * PlrSqliteErrorCodes:
 * @domain: the caller's error domain, as its quark function
 * @failed: its code for any failure not listed here
 * @disk_full: its code for a full disk
 * @corrupt: its code for a damaged or foreign file
 * @too_new: its code for a schema newer than the caller knows
 * @constraint: its code for a broken UNIQUE or other constraint (often
 *   "already exists"), or 0 to report it as @failed
 * @read_context: what a failed read or prepare says first, marked with N_()
 *   (translated when used)
 * @write_context: what a failed write says first, marked with N_()
 * @too_new_message: what a schema that is too new says, marked with N_()
 *
 * How a module that keeps an SQLite database reports SQLite's failures in
 * its own error domain and words, so that its callers can act on the code.
 */
typedef struct
{
  GQuark (*domain) (void);
  int    failed;
  int    disk_full;
  int    corrupt;
  int    too_new;
  int    constraint;
  const char *read_context;
  const char *write_context;
  const char *too_new_message;
} PlrSqliteErrorCodes;

/**
 * PlrSqliteTransactionFunc:
 * @user_data: what the caller passed to the runner
 * @error: return location for a #GError
 *
 * The work done inside one transaction.
 *
 * Returns: %TRUE to commit, %FALSE with @error set to roll back
 */
typedef gboolean (*PlrSqliteTransactionFunc) (gpointer   user_data,
                                              GError   **error);

/**
 * PlrSqliteTransactionFlags:
 * @PLR_SQLITE_TRANSACTION_DEFAULT: a write transaction (`BEGIN IMMEDIATE`),
 *   refused inside one already open
 * @PLR_SQLITE_TRANSACTION_READ: a deferred transaction, so that several
 *   reads see one snapshot without taking the write lock
 * @PLR_SQLITE_TRANSACTION_NESTABLE: inside an open transaction, a savepoint
 *   instead of an error, for callers that compose several calls into one
 *
 * How plr_sqlite_transaction_full() runs its work.
 */
typedef enum
{
  PLR_SQLITE_TRANSACTION_DEFAULT  = 0,
  PLR_SQLITE_TRANSACTION_READ     = 1 << 0,
  PLR_SQLITE_TRANSACTION_NESTABLE = 1 << 1,
} PlrSqliteTransactionFlags;

gboolean      plr_sqlite_set_error         (sqlite3                   *db,
                                            int                        rc,
                                            const PlrSqliteErrorCodes *codes,
                                            GError                   **error,
                                            const char                *context);
gboolean      plr_sqlite_exec              (sqlite3                   *db,
                                            const char                *sql,
                                            const PlrSqliteErrorCodes *codes,
                                            GError                   **error);
sqlite3_stmt *plr_sqlite_prepare           (sqlite3                   *db,
                                            const char                *sql,
                                            const PlrSqliteErrorCodes *codes,
                                            GError                   **error);
gboolean      plr_sqlite_step_done         (sqlite3_stmt              *stmt,
                                            const PlrSqliteErrorCodes *codes,
                                            GError                   **error);
gboolean      plr_sqlite_transaction       (sqlite3                   *db,
                                            const PlrSqliteErrorCodes *codes,
                                            PlrSqliteTransactionFunc   func,
                                            gpointer                   user_data,
                                            GError                   **error);
gboolean      plr_sqlite_transaction_full  (sqlite3                   *db,
                                            PlrSqliteTransactionFlags  flags,
                                            const PlrSqliteErrorCodes *codes,
                                            PlrSqliteTransactionFunc   func,
                                            gpointer                   user_data,
                                            GError                   **error);
gboolean      plr_sqlite_migrate           (sqlite3                   *db,
                                            const char * const        *migrations,
                                            guint                      n_migrations,
                                            const PlrSqliteErrorCodes *codes,
                                            GError                   **error);

void          plr_sqlite_bind_text_or_null (sqlite3_stmt              *stmt,
                                            int                        index,
                                            const char                *text);
char         *plr_sqlite_column_dup_text   (sqlite3_stmt              *stmt,
                                            int                        column);
char         *plr_sqlite_format_time       (GDateTime                 *time);
char         *plr_sqlite_format_now        (void);
GDateTime    *plr_sqlite_column_time       (sqlite3_stmt              *stmt,
                                            int                        column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
