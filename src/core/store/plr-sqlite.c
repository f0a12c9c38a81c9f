/* plr-sqlite.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-sqlite"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-sqlite.h"

/* What the app's cache and the reference service's database share: errors
 * in the caller's own domain, one way to run a transaction, and one way
 * to bring a schema up to date. Statements are constant strings with bound
 * parameters; nothing here pastes values into SQL. */

static const char *
read_context (const PlrSqliteErrorCodes *codes)
{
  return _(codes->read_context);
}

static const char *
write_context (const PlrSqliteErrorCodes *codes)
{
  return _(codes->write_context);
}

/**
 * plr_sqlite_set_error:
 * @db: (nullable): the connection, for SQLite's own words
 * @rc: the SQLite result code
 * @codes: how the caller reports failures
 * @error: return location for a #GError
 * @context: what was being done, as the first part of the message
 *
 * Returns: %FALSE, so that a caller can `return plr_sqlite_set_error (…)`
 */
gboolean
plr_sqlite_set_error (sqlite3                   *db,
                      int                        rc,
                      const PlrSqliteErrorCodes *codes,
                      GError                   **error,
                      const char                *context)
{
  int primary = rc & 0xff;

  /* SQLite's own words for a full disk ("database or disk is full") do
   * not tell the learner what to do. */
  if (primary == SQLITE_FULL)
    g_set_error (error, codes->domain (), codes->disk_full,
                 _("%s: the disk is full. Free some space and try again; what was saved "
                   "before is unchanged."), context);
  else
    g_set_error (error, codes->domain (),
                 primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? codes->corrupt
                 : primary == SQLITE_CONSTRAINT && codes->constraint != 0 ? codes->constraint
                 : codes->failed,
                 "%s: %s", context, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/**
 * plr_sqlite_exec:
 * @db: the connection
 * @sql: one or more constant statements that return no rows
 * @codes: how the caller reports failures
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_sqlite_exec (sqlite3                   *db,
                 const char                *sql,
                 const PlrSqliteErrorCodes *codes,
                 GError                   **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return plr_sqlite_set_error (db, rc, codes, error, write_context (codes));

  return TRUE;
}

/**
 * plr_sqlite_prepare:
 * @db: the connection
 * @sql: one constant statement
 * @codes: how the caller reports failures
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the statement, or %NULL with @error set
 */
sqlite3_stmt *
plr_sqlite_prepare (sqlite3                   *db,
                    const char                *sql,
                    const PlrSqliteErrorCodes *codes,
                    GError                   **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      plr_sqlite_set_error (db, rc, codes, error, read_context (codes));
      return NULL;
    }

  return stmt;
}

/**
 * plr_sqlite_step_done:
 * @stmt: a prepared statement that returns no rows
 * @codes: how the caller reports failures
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the statement ran to its end
 */
gboolean
plr_sqlite_step_done (sqlite3_stmt              *stmt,
                      const PlrSqliteErrorCodes *codes,
                      GError                   **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return plr_sqlite_set_error (sqlite3_db_handle (stmt), rc, codes, error,
                                 write_context (codes));

  return TRUE;
}

/**
 * plr_sqlite_transaction_full:
 * @db: the connection
 * @flags: a read or a write transaction, and whether it may nest
 * @codes: how the caller reports failures
 * @func: the work to do
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Runs @func in one transaction: all it did, or nothing. With no
 * transaction open this is `BEGIN` … `COMMIT`. Inside one it is refused,
 * unless @flags has %PLR_SQLITE_TRANSACTION_NESTABLE: then it is a
 * savepoint, so a failing inner part undoes only itself and the outer work
 * decides. SQLite reports whether a transaction is open, so callers keep
 * no depth of their own; savepoints share one name because SQLite
 * releases and rolls back the innermost of a name.
 *
 * A locked database is waited for by the connection's busy timeout, at
 * `BEGIN IMMEDIATE` for writes; what still fails is reported in @codes's
 * words and the work rolled back.
 *
 * Returns: %TRUE if @func succeeded and was committed
 */
gboolean
plr_sqlite_transaction_full (sqlite3                   *db,
                             PlrSqliteTransactionFlags  flags,
                             const PlrSqliteErrorCodes *codes,
                             PlrSqliteTransactionFunc   func,
                             gpointer                   user_data,
                             GError                   **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean nested;
  const char *begin;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* Without NESTABLE, BEGIN inside a transaction fails in SQLite and is
   * reported in the caller's words: for the store that is a bug. */
  nested = (flags & PLR_SQLITE_TRANSACTION_NESTABLE) != 0 && !sqlite3_get_autocommit (db);
  if (nested)
    begin = "SAVEPOINT plr_nested";
  else if ((flags & PLR_SQLITE_TRANSACTION_READ) != 0)
    begin = "BEGIN DEFERRED";
  else
    begin = "BEGIN IMMEDIATE";

  if (!plr_sqlite_exec (db, begin, codes, error))
    return FALSE;

  if (func (user_data, &local_error) &&
      plr_sqlite_exec (db, nested ? "RELEASE plr_nested" : "COMMIT", codes, &local_error))
    return TRUE;

  /* A failed COMMIT, or an error SQLite answers with a rollback of its
   * own (a full disk), may already have ended the transaction; then this
   * fails harmlessly. */
  sqlite3_exec (db,
                nested ? "ROLLBACK TO plr_nested; RELEASE plr_nested" : "ROLLBACK",
                NULL, NULL, NULL);

  g_assert (local_error != NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * plr_sqlite_transaction:
 * @db: the connection
 * @codes: how the caller reports failures
 * @func: the work to do
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Runs @func in a write transaction, see plr_sqlite_transaction_full().
 * IMMEDIATE takes the write lock at once, so what @func reads and what it
 * writes see the same database.
 *
 * Returns: %TRUE if @func succeeded and was committed
 */
gboolean
plr_sqlite_transaction (sqlite3                   *db,
                        const PlrSqliteErrorCodes *codes,
                        PlrSqliteTransactionFunc   func,
                        gpointer                   user_data,
                        GError                   **error)
{
  return plr_sqlite_transaction_full (db, PLR_SQLITE_TRANSACTION_DEFAULT, codes,
                                      func, user_data, error);
}

typedef struct
{
  sqlite3    *db;
  const char *migration;
  int         version;
  const PlrSqliteErrorCodes *codes;
} Migration;

static gboolean
apply_migration (gpointer   user_data,
                 GError   **error)
{
  Migration *migration = user_data;
  /* PRAGMA takes no parameters; the number is ours, not input. */
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d",
                                                  migration->version);

  return plr_sqlite_exec (migration->db, migration->migration, migration->codes, error) &&
         plr_sqlite_exec (migration->db, set_version, migration->codes, error);
}

/**
 * plr_sqlite_migrate:
 * @db: the connection
 * @migrations: (array length=n_migrations): the statements that take the
 *   schema from version N to N + 1, for N from 0
 * @n_migrations: how many there are: the newest schema version
 * @codes: how the caller reports failures
 * @error: return location for a #GError
 *
 * Brings the schema (`PRAGMA user_version`) up to date, one transaction
 * per version, so that a process killed half way leaves a schema that a
 * later start carries on from. A schema newer than @n_migrations is
 * refused with @codes->too_new and left as it is.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_sqlite_migrate (sqlite3                   *db,
                    const char * const        *migrations,
                    guint                      n_migrations,
                    const PlrSqliteErrorCodes *codes,
                    GError                   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  stmt = plr_sqlite_prepare (db, "PRAGMA user_version", codes, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return plr_sqlite_set_error (db, sqlite3_errcode (db), codes, error, read_context (codes));
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version < 0 || version > (int) n_migrations)
    {
      g_set_error_literal (error, codes->domain (), codes->too_new, _(codes->too_new_message));
      return FALSE;
    }

  for (int v = version; v < (int) n_migrations; v++)
    {
      Migration migration = { db, migrations[v], v + 1, codes };

      g_debug ("Migrating the schema from version %d to %d", v, v + 1);
      if (!plr_sqlite_transaction (db, codes, apply_migration, &migration, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * plr_sqlite_bind_text_or_null:
 * @stmt: a statement
 * @index: the parameter, from 1
 * @text: (nullable): the value; %NULL binds SQL NULL
 *
 * Binds a copy of @text, so it need not outlive the call.
 */
void
plr_sqlite_bind_text_or_null (sqlite3_stmt *stmt,
                              int           index,
                              const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * plr_sqlite_column_dup_text:
 * @stmt: a statement on a row
 * @column: the column, from 0
 *
 * Returns: (transfer full) (nullable): a copy of the text, or %NULL for SQL NULL
 */
char *
plr_sqlite_column_dup_text (sqlite3_stmt *stmt,
                            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

/**
 * plr_sqlite_format_time:
 * @time: a time
 *
 * UTC, ISO 8601 to the second: fixed width, so the text sorts as the time.
 *
 * Returns: (transfer full): the text to store
 */
char *
plr_sqlite_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * plr_sqlite_format_now:
 *
 * Returns: (transfer full): the current time as plr_sqlite_format_time() writes it
 */
char *
plr_sqlite_format_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return plr_sqlite_format_time (now);
}

/**
 * plr_sqlite_column_time:
 * @stmt: a statement with a row
 * @column: the column, from 0
 *
 * Returns: (transfer full) (nullable): the time stored in @column, or %NULL
 *   for NULL or text that is not a time
 */
GDateTime *
plr_sqlite_column_time (sqlite3_stmt *stmt,
                        int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}
