/* test-sqlite.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "plr-sqlite.h"

/* The SQLite helper that the cache (and later the service's database)
 * runs its transactions and migrations through: every failure rolls back
 * and is reported in the caller's own domain. */

static GQuark test_sqlite_error_quark (void);
G_DEFINE_QUARK (test-sqlite-error-quark, test_sqlite_error)

enum {
  TEST_FAILED = 1,
  TEST_DISK_FULL,
  TEST_CORRUPT,
  TEST_TOO_NEW,
  TEST_REFUSED,
};

static const PlrSqliteErrorCodes codes = {
  .domain = test_sqlite_error_quark,
  .failed = TEST_FAILED,
  .disk_full = TEST_DISK_FULL,
  .corrupt = TEST_CORRUPT,
  .too_new = TEST_TOO_NEW,
  .read_context = "Could not read",
  .write_context = "Could not write",
  .too_new_message = "Too new",
};

static sqlite3 *
open_memory (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  return db;
}

static int
count_rows (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = plr_sqlite_prepare (db, sql, &codes, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static int
user_version (sqlite3 *db)
{
  return count_rows (db, "PRAGMA user_version");
}

typedef struct
{
  sqlite3  *db;
  gboolean  fail;
} Insert;

static gboolean
insert_then_maybe_fail (gpointer   user_data,
                        GError   **error)
{
  Insert *insert = user_data;

  if (!plr_sqlite_exec (insert->db, "INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)",
                        &codes, error))
    return FALSE;

  if (insert->fail)
    {
      g_set_error_literal (error, test_sqlite_error_quark (), TEST_REFUSED, "refused");
      return FALSE;
    }

  return TRUE;
}

static void
test_transaction_commits_or_rolls_back (void)
{
  sqlite3 *db = open_memory ();
  g_autoptr(GError) error = NULL;
  Insert insert = { db, TRUE };

  g_assert_true (plr_sqlite_exec (db, "CREATE TABLE t (x INTEGER)", &codes, &error));
  g_assert_no_error (error);

  /* The work's own error comes back as it was, and nothing it wrote stays. */
  g_assert_false (plr_sqlite_transaction (db, &codes, insert_then_maybe_fail, &insert, &error));
  g_assert_error (error, test_sqlite_error_quark (), TEST_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM t"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (db));

  insert.fail = FALSE;
  g_assert_true (plr_sqlite_transaction (db, &codes, insert_then_maybe_fail, &insert, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM t"), ==, 2);
  g_assert_true (sqlite3_get_autocommit (db));

  sqlite3_close (db);
}

static gboolean
insert_nothing (gpointer   user_data,
                GError   **error)
{
  return TRUE;
}

static void
test_transaction_inside_transaction (void)
{
  sqlite3 *db = open_memory ();
  g_autoptr(GError) error = NULL;

  /* A runner inside an open transaction is a bug in the caller: it is
   * refused, in the caller's domain, and the open transaction is left to
   * its owner. */
  g_assert_true (plr_sqlite_exec (db, "BEGIN", &codes, &error));
  g_assert_false (plr_sqlite_transaction (db, &codes, insert_nothing, NULL, &error));
  g_assert_error (error, test_sqlite_error_quark (), TEST_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "Could not write: "));
  g_assert_false (sqlite3_get_autocommit (db));

  sqlite3_close (db);
}

typedef struct
{
  sqlite3  *db;
  gboolean  inner_fails;
} Nested;

static gboolean
outer_with_inner (gpointer   user_data,
                  GError   **error)
{
  Nested *nested = user_data;
  Insert inner = { nested->db, nested->inner_fails };
  g_autoptr(GError) inner_error = NULL;

  if (!plr_sqlite_exec (nested->db, "INSERT INTO t VALUES (10)", &codes, error))
    return FALSE;

  /* The inner part's failure undoes only the inner part; the outer work
   * carries on and commits. */
  if (!plr_sqlite_transaction_full (nested->db, PLR_SQLITE_TRANSACTION_NESTABLE, &codes,
                                    insert_then_maybe_fail, &inner, &inner_error))
    g_assert_error (inner_error, test_sqlite_error_quark (), TEST_REFUSED);
  else
    g_assert_false (nested->inner_fails);

  g_assert_false (sqlite3_get_autocommit (nested->db));
  return TRUE;
}

static void
test_transaction_nested (void)
{
  sqlite3 *db = open_memory ();
  g_autoptr(GError) error = NULL;
  Nested nested = { db, TRUE };

  g_assert_true (plr_sqlite_exec (db, "CREATE TABLE t (x INTEGER)", &codes, &error));

  g_assert_true (plr_sqlite_transaction_full (db, PLR_SQLITE_TRANSACTION_NESTABLE, &codes,
                                              outer_with_inner, &nested, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM t"), ==, 1);
  g_assert_true (sqlite3_get_autocommit (db));

  nested.inner_fails = FALSE;
  g_assert_true (plr_sqlite_transaction_full (db, PLR_SQLITE_TRANSACTION_NESTABLE, &codes,
                                              outer_with_inner, &nested, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM t"), ==, 4);
  g_assert_true (sqlite3_get_autocommit (db));

  /* A read transaction commits what it did and leaves none open. */
  g_assert_true (plr_sqlite_transaction_full (db, PLR_SQLITE_TRANSACTION_READ, &codes,
                                              insert_nothing, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (db));

  sqlite3_close (db);
}

static const char * const migrations[] = {
  "CREATE TABLE a (x INTEGER);",
  "CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (1);",
  /* The third fails half way: its first statement must not stay. */
  "CREATE TABLE c (z INTEGER); INSERT INTO no_such_table VALUES (1);",
};

static void
test_migrate (void)
{
  sqlite3 *db = open_memory ();
  g_autoptr(GError) error = NULL;

  g_assert_true (plr_sqlite_migrate (db, migrations, 2, &codes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (user_version (db), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM b"), ==, 1);

  /* Up to date: nothing runs again. */
  g_assert_true (plr_sqlite_migrate (db, migrations, 2, &codes, &error));
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM b"), ==, 1);

  /* A failed step leaves the schema at the last step that worked. */
  g_assert_false (plr_sqlite_migrate (db, migrations, 3, &codes, &error));
  g_assert_error (error, test_sqlite_error_quark (), TEST_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (user_version (db), ==, 2);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'c'"), ==, 0);

  /* Newer than this code knows: refused, and left as it is. */
  g_assert_false (plr_sqlite_migrate (db, migrations, 1, &codes, &error));
  g_assert_error (error, test_sqlite_error_quark (), TEST_TOO_NEW);
  g_assert_cmpstr (error->message, ==, "Too new");
  g_assert_cmpint (user_version (db), ==, 2);

  sqlite3_close (db);
}

static void
test_error_codes (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (plr_sqlite_set_error (NULL, SQLITE_FULL, &codes, &error, "Saving"));
  g_assert_error (error, test_sqlite_error_quark (), TEST_DISK_FULL);
  g_assert_true (g_str_has_prefix (error->message, "Saving: the disk is full."));
  g_clear_error (&error);

  /* Extended codes count as their primary code. */
  g_assert_false (plr_sqlite_set_error (NULL, SQLITE_CORRUPT_VTAB, &codes, &error, "Reading"));
  g_assert_error (error, test_sqlite_error_quark (), TEST_CORRUPT);
  g_clear_error (&error);
  g_assert_false (plr_sqlite_set_error (NULL, SQLITE_NOTADB, &codes, &error, "Reading"));
  g_assert_error (error, test_sqlite_error_quark (), TEST_CORRUPT);
  g_clear_error (&error);

  g_assert_false (plr_sqlite_set_error (NULL, SQLITE_CONSTRAINT_CHECK, &codes, &error, "Saving"));
  g_assert_error (error, test_sqlite_error_quark (), TEST_FAILED);
  g_clear_error (&error);

  /* A caller with a code of its own for a broken constraint gets it. */
  {
    PlrSqliteErrorCodes with_constraint = codes;

    with_constraint.constraint = TEST_REFUSED;
    g_assert_false (plr_sqlite_set_error (NULL, SQLITE_CONSTRAINT_UNIQUE, &with_constraint, &error,
                                          "Saving"));
    g_assert_error (error, test_sqlite_error_quark (), TEST_REFUSED);
  }
}

static void
test_times (void)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_iso8601 ("2026-12-07T09:30:05+01:00", NULL);
  g_autofree char *text = plr_sqlite_format_time (local);
  sqlite3 *db = open_memory ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) back = NULL;

  g_assert_cmpstr (text, ==, "2026-12-07T08:30:05Z");

  stmt = plr_sqlite_prepare (db, "SELECT ?1, ?2", &codes, NULL);
  plr_sqlite_bind_text_or_null (stmt, 1, text);
  plr_sqlite_bind_text_or_null (stmt, 2, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  back = plr_sqlite_column_time (stmt, 0);
  g_assert_true (g_date_time_equal (back, local));
  g_assert_null (plr_sqlite_column_time (stmt, 1));
  g_clear_pointer (&stmt, sqlite3_finalize);

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sqlite/transaction", test_transaction_commits_or_rolls_back);
  g_test_add_func ("/sqlite/transaction-inside-transaction", test_transaction_inside_transaction);
  g_test_add_func ("/sqlite/transaction-nested", test_transaction_nested);
  g_test_add_func ("/sqlite/migrate", test_migrate);
  g_test_add_func ("/sqlite/error-codes", test_error_codes);
  g_test_add_func ("/sqlite/times", test_times);

  return g_test_run ();
}
