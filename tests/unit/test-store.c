/* test-store.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "plr-store.h"
#include "test-support.h"

static char *
store_path (void)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own data dir. */
  return g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db", NULL);
}

static PlrStore *
open_store (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  PlrStore *store = plr_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
test_default_path (void)
{
  g_autofree char *path = plr_store_dup_default_path ();
  g_autofree char *expected = store_path ();

  g_assert_cmpstr (path, ==, expected);
}

static void
test_empty (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);

  g_assert_no_error (error);
  g_assert_null (record);
  g_assert_null (plr_store_dup_changes (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (plr_store_get_schema_version (store), ==, PLR_STORE_SCHEMA_VERSION);
}

static void
test_permissions (void)
{
  g_autoptr(PlrStore) store = NULL;
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 3, 1, "A");
  struct stat st;
  mode_t old_umask;

  /* Even a careless umask must not leak the record to other users. */
  old_umask = umask (0);
  store = open_store ();
  g_assert_true (plr_store_replace_record (store, record, NULL, NULL));
  umask (old_umask);

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_permissions_tightened (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(PlrStore) store = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  store = open_store ();
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_replace_and_reload (void)
{
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 12, 500, "Merit");
  g_autoptr(PlrRecord) loaded = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GDateTime) fetched_at = g_date_time_new_utc (2026, 11, 2, 9, 30, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *expected_hash = plr_record_dup_content_hash (record);

  plr_record_set_fetched_at (record, fetched_at);
  plr_record_set_etag (record, "\"abc\"");
  plr_record_set_source (record, PLR_RECORD_SOURCE_FILE);

  {
    g_autoptr(PlrStore) store = open_store ();

    g_assert_true (plr_store_replace_record (store, record, &diff, &error));
    g_assert_no_error (error);
    g_assert_true (plr_record_diff_is_first (diff));
    g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 12);
  }

  /* A new connection sees the same record: it was committed to disk. */
  {
    g_autoptr(PlrStore) store = open_store ();

    loaded = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
    g_assert_no_error (error);
    g_assert_nonnull (loaded);
    g_assert_true (plr_record_equal (record, loaded));
    g_assert_cmpstr (plr_record_get_etag (loaded), ==, "\"abc\"");
    g_assert_cmpstr (plr_record_get_source (loaded), ==, PLR_RECORD_SOURCE_FILE);
    g_assert_true (g_date_time_equal (plr_record_get_fetched_at (loaded), fetched_at));

    hash = plr_store_dup_content_hash (store, &error);
    g_assert_cmpstr (hash, ==, expected_hash);
    g_assert_true (plr_store_check_integrity (store, &error));
  }
}

/* Loaded events keep their texts in one block (plr-learning-event.c);
 * changing, clearing and copying values of such an event must work like
 * any other and free everything (the ASan build checks that). */
static void
test_loaded_events_can_change (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 3, 42, "Merit");
  g_autoptr(PlrRecord) loaded = NULL;
  g_autoptr(PlrLearningEvent) event = NULL;
  g_autoptr(PlrLearningEvent) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;

  g_assert_true (plr_store_replace_record (store, record, NULL, &error));
  g_assert_no_error (error);
  loaded = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);

  event = g_list_model_get_item (plr_record_get_events (loaded), 1);
  subject = g_strdup (plr_learning_event_get_value (event, PLR_EVENT_FIELD_SUBJECT));
  g_assert_nonnull (subject);
  g_assert_cmpstr (plr_learning_event_get_grade (event), ==, "Merit");

  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "Distinction");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "Pass");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT_CODE, NULL);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_LEVEL, "");
  g_assert_cmpstr (plr_learning_event_get_grade (event), ==, "Pass");
  g_assert_null (plr_learning_event_get_value (event, PLR_EVENT_FIELD_SUBJECT_CODE));
  g_assert_null (plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL));
  g_assert_cmpstr (plr_learning_event_get_value (event, PLR_EVENT_FIELD_SUBJECT), ==, subject);

  copy = plr_learning_event_copy (event);
  g_clear_object (&loaded);
  g_assert_true (plr_learning_event_equal (copy, event));
  g_assert_cmpstr (plr_learning_event_get_value (copy, PLR_EVENT_FIELD_SUBJECT), ==, subject);
}

static void
test_keeps_previous (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrRecord) first = test_make_record ("9276308686", 4, 1, "C");
  g_autoptr(PlrRecord) second = test_make_record ("9276308686", 5, 1, "C");
  g_autoptr(PlrRecord) third = test_make_record ("9276308686", 5, 1, "B");
  g_autoptr(PlrRecord) previous = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecordDiff) changes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (plr_store_replace_record (store, first, NULL, &error));
  g_assert_true (plr_store_replace_record (store, second, &diff, &error));
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 1);
  g_assert_cmpuint (plr_record_diff_get_n_changed (diff), ==, 0);
  g_clear_object (&diff);

  g_assert_true (plr_store_replace_record (store, third, &diff, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_diff_get_n_changed (diff), ==, 5);

  previous = plr_store_load_record (store, PLR_STORE_SNAPSHOT_PREVIOUS, &error);
  g_assert_true (plr_record_equal (previous, second));

  /* The store answers "what changed since the last fetch" on its own. */
  changes = plr_store_dup_changes (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_diff_get_n_changed (changes), ==, 5);
  g_assert_cmpuint (plr_record_diff_get_n_added (changes), ==, 0);
}

static void
test_only_two_snapshots (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autofree char *path = store_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PlrRecord) record = test_make_record ("9276308686", 3 + i, 1, "A");
      g_assert_true (plr_store_replace_record (store, record, NULL, NULL));
    }

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), (SELECT count(*) FROM events) "
                                           "FROM snapshots", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 6 + 7);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
count_signal_cb (PlrStore      *store,
                 PlrRecordDiff *diff,
                 guint         *count)
{
  g_assert_true (PLR_IS_RECORD_DIFF (diff));
  (*count)++;
}

/* A replace that fails half way leaves the old record, whole. */
static void
test_failed_replace_is_atomic (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrRecord) good = test_make_record ("9276308686", 20, 1, "A");
  g_autoptr(PlrRecord) bad = test_make_record ("1000000043", 50, 1, "B");
  g_autoptr(PlrRecord) loaded = NULL;
  g_autoptr(PlrRecord) previous = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint changed_signals = 0;

  g_assert_true (plr_store_replace_record (store, good, NULL, &error));
  before = plr_store_dup_content_hash (store, NULL);
  g_signal_connect (store, "changed", G_CALLBACK (count_signal_cb), &changed_signals);

  /* The 40th event breaks the schema's NOT NULL on subject. */
  plr_learning_event_set_value (plr_record_get_event (bad, 39), PLR_EVENT_FIELD_SUBJECT, NULL);
  g_assert_false (plr_store_replace_record (store, bad, NULL, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_FAILED);

  after = plr_store_dup_content_hash (store, NULL);
  g_assert_cmpstr (before, ==, after);
  loaded = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, NULL);
  g_assert_true (plr_record_equal (loaded, good));
  previous = plr_store_load_record (store, PLR_STORE_SNAPSHOT_PREVIOUS, NULL);
  g_assert_null (previous);
  g_assert_cmpuint (changed_signals, ==, 0);
}

static void
test_search (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 6, 1, "A");
  g_autoptr(GArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  plr_learning_event_set_value (plr_record_get_event (record, 1), PLR_EVENT_FIELD_SUBJECT,
                                "Level 3 Advanced GCE in English Literature A");
  plr_learning_event_set_value (plr_record_get_event (record, 3), PLR_EVENT_FIELD_SUBJECT,
                                "Lefel 3 Cymraeg Ail Iaith");
  plr_learning_event_set_value (plr_record_get_event (record, 4),
                                PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME, "Pearson Edexcel");
  g_assert_true (plr_store_replace_record (store, record, NULL, &error));

  hits = plr_store_search (store, "english lit", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (g_array_index (hits, guint, 0), ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* Prefixes, other fields, and every word must match. */
  hits = plr_store_search (store, "pears", &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpuint (g_array_index (hits, guint, 0), ==, 4);
  g_clear_pointer (&hits, g_array_unref);

  hits = plr_store_search (store, "Welsh", &error);
  g_assert_cmpuint (hits->len, ==, 4);
  g_clear_pointer (&hits, g_array_unref);

  hits = plr_store_search (store, "welsh pearson", &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* Accents do not matter, in the query or the record. */
  hits = plr_store_search (store, "cymraeg", &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);

  /* FTS syntax typed by a learner is text, not a query. */
  hits = plr_store_search (store, "\"english\" OR * NEAR( -", &error);
  g_assert_no_error (error);
  g_clear_pointer (&hits, g_array_unref);

  hits = plr_store_search (store, "   ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_array_unref);

  /* Only the current snapshot is searched. */
  {
    g_autoptr(PlrRecord) next = test_make_record ("9276308686", 2, 1, "A");

    g_assert_true (plr_store_replace_record (store, next, NULL, &error));
    hits = plr_store_search (store, "english", &error);
    g_assert_cmpuint (hits->len, ==, 0);
  }
}

static void
write_garbage (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GString) junk = g_string_new ("SQLite format 3");

  for (guint i = 0; i < 4096; i++)
    g_string_append_c (junk, (char) (i * 7919 % 251));

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, junk->str, junk->len, NULL));
}

static guint
count_damaged_copies (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".damaged-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      n++;

  return n;
}

static void
test_damaged_file_moved_aside (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrStore) fresh = NULL;

  write_garbage (path);

  store = plr_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "moved aside"));
  g_assert_cmpuint (count_damaged_copies (path), ==, 1);
  g_clear_error (&error);

  /* Opening again makes a fresh, empty cache. */
  fresh = plr_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_null (plr_store_load_record (fresh, PLR_STORE_SNAPSHOT_CURRENT, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_damaged_copies (path), ==, 1);
}

/* A real database with a page overwritten in the middle of its events. */
static void
test_damaged_pages_detected (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrStore) reopened = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  gsize length;

  {
    g_autoptr(PlrStore) store = open_store ();
    g_autoptr(PlrRecord) record = test_make_record ("9276308686", 2000, 1, "Distinction*");

    g_assert_true (plr_store_replace_record (store, record, NULL, &error));
  }

  /* Closing the last connection checkpoints the WAL into the main file. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 16 * 4096);
  for (gsize i = 8 * 4096; i < 12 * 4096; i++)
    contents[i] = (char) (i % 13);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  reopened = plr_store_new (path, &error);
  g_assert_null (reopened);
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT);
  g_assert_cmpuint (count_damaged_copies (path), ==, 1);
}

static void
test_migrations (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint column = 0;

  {
    g_autoptr(PlrStore) store = open_store ();
    g_assert_cmpint (plr_store_get_schema_version (store), ==, PLR_STORE_SCHEMA_VERSION);
  }

  /* The events table has one column per event field, in field order, so
   * the constant SQL in the store cannot drift from the field table. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info('events')", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (column == 0)
        g_assert_cmpstr (name, ==, "snapshot_id");
      else if (column == 1)
        g_assert_cmpstr (name, ==, "position");
      else
        g_assert_cmpstr (name, ==, plr_event_field_info (column - 2)->json_name);
      column++;
    }
  g_assert_cmpuint (column, ==, PLR_EVENT_N_FIELDS + 2);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Opening again runs no migration twice. */
  {
    g_autoptr(PlrStore) store = open_store ();
    g_assert_cmpint (plr_store_get_schema_version (store), ==, PLR_STORE_SCHEMA_VERSION);
  }
  (void) dir;
}

static void
test_too_new (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrStore) store = NULL;
  sqlite3 *db = NULL;

  {
    g_autoptr(PlrStore) first = open_store ();
  }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  store = plr_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_TOO_NEW);
  /* A newer schema is not damage: the file stays where it is. */
  g_assert_cmpuint (count_damaged_copies (path), ==, 0);
}

static void
test_update_fetch_info (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 2, 1, "A");
  g_autoptr(PlrRecord) loaded = NULL;
  g_autoptr(GDateTime) later = g_date_time_new_utc (2026, 11, 20, 8, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (plr_store_replace_record (store, record, NULL, &error));
  before = plr_store_dup_content_hash (store, NULL);

  g_assert_true (plr_store_update_fetch_info (store, later, "\"v2\"", &error));
  g_assert_no_error (error);

  loaded = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_cmpstr (plr_record_get_etag (loaded), ==, "\"v2\"");
  g_assert_true (g_date_time_equal (plr_record_get_fetched_at (loaded), later));
  after = plr_store_dup_content_hash (store, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (plr_store_load_record (store, PLR_STORE_SNAPSHOT_PREVIOUS, NULL));
}

static void
on_replaced_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PlrRecordDiff **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PlrRecord **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = plr_store_load_record_finish (PLR_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 300, 1, "Pass");
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) loaded = NULL;
  guint changed_signals = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_signal_cb), &changed_signals);

  plr_store_replace_record_async (store, record, NULL, on_replaced_cb, &diff);
  while (diff == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 300);
  g_assert_cmpuint (changed_signals, ==, 1);

  plr_store_load_record_async (store, PLR_STORE_SNAPSHOT_CURRENT, NULL, on_loaded_cb, &loaded);
  while (loaded == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (plr_record_equal (loaded, record));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/default-path", test_default_path);
  g_test_add_func ("/store/empty", test_empty);
  g_test_add_func ("/store/permissions", test_permissions);
  g_test_add_func ("/store/permissions-tightened", test_permissions_tightened);
  g_test_add_func ("/store/replace-and-reload", test_replace_and_reload);
  g_test_add_func ("/store/loaded-events-can-change", test_loaded_events_can_change);
  g_test_add_func ("/store/keeps-previous", test_keeps_previous);
  g_test_add_func ("/store/only-two-snapshots", test_only_two_snapshots);
  g_test_add_func ("/store/failed-replace-is-atomic", test_failed_replace_is_atomic);
  g_test_add_func ("/store/search", test_search);
  g_test_add_func ("/store/damaged-file-moved-aside", test_damaged_file_moved_aside);
  g_test_add_func ("/store/damaged-pages-detected", test_damaged_pages_detected);
  g_test_add_func ("/store/migrations", test_migrations);
  g_test_add_func ("/store/too-new", test_too_new);
  g_test_add_func ("/store/update-fetch-info", test_update_fetch_info);
  g_test_add_func ("/store/async", test_async);

  return g_test_run ();
}
