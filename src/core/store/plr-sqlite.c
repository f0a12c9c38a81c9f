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
 * plr_sqlite_transaction:
 * @db: the connection, with no transaction open
 * @codes: how the caller reports failures
 * @func: the work to do
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Runs @func inside `BEGIN IMMEDIATE` … `COMMIT`. IMMEDIATE takes the
 * write lock at once, so what @func reads and what it writes see the same
 * database. When @func fails, or the commit does, everything it did is
 * rolled back and its error returned: the database is as it was.
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
  g_autoptr(GError) local_error = NULL;

  if (!plr_sqlite_exec (db, "BEGIN IMMEDIATE", codes, error))
    return FALSE;

  if (func (user_data, &local_error) && plr_sqlite_exec (db, "COMMIT", codes, &local_error))
    return TRUE;

  /* A failed COMMIT may already have ended the transaction; then this
   * ROLLBACK fails harmlessly. */
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  g_assert (local_error != NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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
