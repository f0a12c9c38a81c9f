/* test-record-file.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plr-record-file.h"
#include "plr-store.h"
#include "test-support.h"

static char *
fixture_path (const char *dir,
              const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "fixtures", dir, name, NULL);
}

static char *
write_temp (const char *name,
            const char *data,
            gssize      length)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return g_steal_pointer (&path);
}

static void
test_load_json (void)
{
  g_autofree char *path = fixture_path ("records", "valid-full.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_record_file_load (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 3);
  /* The file named its own source and time, and they are kept. */
  g_assert_cmpstr (plr_record_get_source (record), ==, "file");
  g_assert_nonnull (plr_record_get_fetched_at (record));
}

static void
test_load_xml (void)
{
  g_autofree char *path = fixture_path ("lrs", "full.xml");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_record_file_load (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), >, 0);
  g_assert_cmpstr (plr_record_get_source (record), ==, PLR_RECORD_SOURCE_LRS_XML);
  /* An LRS response carries no time; the import time stands in. */
  g_assert_nonnull (plr_record_get_fetched_at (record));
}

static void
test_byte_order_mark (void)
{
  g_autofree char *fixture = fixture_path ("records", "valid-full.json");
  g_autofree char *contents = NULL;
  g_autofree char *with_bom = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  g_assert_true (g_file_get_contents (fixture, &contents, NULL, NULL));
  with_bom = g_strconcat ("\xef\xbb\xbf\n  ", contents, NULL);
  path = write_temp ("bom.json", with_bom, -1);
  file = g_file_new_for_path (path);

  record = plr_record_file_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 3);
}

static void
test_not_a_record (void)
{
  static const struct { const char *name; const char *data; gssize len; } cases[] = {
    { "letter.txt", "Dear Sir or Madam,", -1 },
    { "empty.json", "", 0 },
    { "blank.json", "   \n\t  ", -1 },
    { "scan.pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3", -1 },
    { "photo.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_temp (cases[i].name, cases[i].data, cases[i].len);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(PlrRecord) record = plr_record_file_load (file, NULL, &error);

      g_test_message ("%s: %s", cases[i].name, error ? error->message : "(no error)");
      g_assert_null (record);
      g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
    }
}

static void
test_too_large_not_read (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "huge.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  int fd;

  /* A sparse file: the size check must refuse it before reading a byte. */
  fd = g_open (path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 300 * 1024 * 1024), ==, 0);
  close (fd);

  record = plr_record_file_load (file, NULL, &error);
  g_assert_null (record);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE);
}

static void
test_missing_and_directory (void)
{
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/record.json");
  g_autoptr(GFile) dir = g_file_new_for_path (g_get_tmp_dir ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) dir_error = NULL;

  g_assert_null (plr_record_file_load (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_assert_null (plr_record_file_load (dir, NULL, &dir_error));
  g_assert_error (dir_error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
}

static void
test_save_private_round_trip (void)
{
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 7, 40, "Merit");
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "export.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PlrRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (plr_record_file_save (record, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  again = plr_record_file_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plr_record_equal (record, again));
}

static void
on_loaded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(PlrRecord) record = plr_record_file_load_finish (result, error);

  g_assert_true ((record == NULL) != (*error == NULL));
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "loaded");
}

static void
test_async (void)
{
  g_autofree char *path = fixture_path ("records", "valid-full.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) result = NULL;

  plr_record_file_load_async (file, NULL, on_loaded_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The callback marks success with EXISTS so the loop can see it. */
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
}

/* Every hostile file is refused, and the record already cached is left
 * exactly as it was. */
static void
test_hostile_files_leave_cache_untouched (void)
{
  static const char * const lrs_fixtures[] = {
    "billion-laughs.xml", "external-entity.xml", "malformed.xml", "bad-date.xml",
    "bad-found-uln.xml", "not-shared.xml", "not-verified.xml", "no-match.xml",
    "invalid-uln.xml",
  };
  static const char * const json_docs[] = {
    "{\"format\": \"io.github.learningrecord.record\", \"version\": 1, \"learner\": "
    "{\"uln\": \"1000000042\"}, \"events\": []}",
    "{\"format\": \"io.github.learningrecord.record\", \"version\": 1, \"learner\": "
    "{\"uln\": \"9276308686\"}, \"events\": [{\"id\": \"x\", \"subject\": \"S\"}]}",
    "{\"format\": \"io.github.learningrecord.record\", \"version\": 1, \"learner\": "
    "{\"uln\": \"9276308686\"}, \"events\": [{\"id\": 1}]}",
    "{\"format\": \"io.github.learningrecord.record\", \"version\": 1, \"learner\": "
    "{\"uln\": \"9276308686\", \"date_of_birth\": \"31/02/2006\"}, \"events\": []}",
    "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
  };
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db",
                                          NULL);
  g_autoptr(PlrStore) store = plr_store_new (db, NULL);
  g_autoptr(PlrRecord) cached = test_make_record ("9276308686", 25, 1, "A");
  g_autofree char *before = NULL;
  guint refused = 0;

  g_assert_true (plr_store_replace_record (store, cached, NULL, NULL));
  before = plr_store_dup_content_hash (store, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lrs_fixtures) + G_N_ELEMENTS (json_docs); i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(PlrRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      if (i < G_N_ELEMENTS (lrs_fixtures))
        path = fixture_path ("lrs", lrs_fixtures[i]);
      else
        path = write_temp ("hostile.json", json_docs[i - G_N_ELEMENTS (lrs_fixtures)], -1);

      file = g_file_new_for_path (path);
      record = plr_record_file_load (file, NULL, &error);
      g_test_message ("%u: %s", i, error ? error->message : "(accepted)");
      g_assert_null (record);
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), >, 20);
      refused++;

      after = plr_store_dup_content_hash (store, NULL);
      g_assert_cmpstr (before, ==, after);
    }

  g_assert_cmpuint (refused, ==, G_N_ELEMENTS (lrs_fixtures) + G_N_ELEMENTS (json_docs));
}

/* Issue 20's hostile files (tests/fixtures/strict/): each one read as the
 * app imports a file is refused, and the cached record stays as it was. */
static void
test_strict_files_leave_cache_untouched (void)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "..", "fixtures", "strict",
                                                   NULL);
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db",
                                          NULL);
  g_autoptr(PlrStore) store = plr_store_new (db, NULL);
  g_autoptr(PlrRecord) cached = test_make_record ("9276308686", 25, 1, "A");
  g_autoptr(GDir) dir = NULL;
  g_autofree char *before = NULL;
  const char *name;
  guint refused = 0;

  g_assert_true (plr_store_replace_record (store, cached, NULL, NULL));
  before = plr_store_dup_content_hash (store, NULL);

  dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(PlrRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      /* The cases that must read: 100 linked ULNs, as documented, and free
   * text kept with its bidi controls ("kept-…") */
      if (g_str_equal (name, "linked-ulns-100.json") || g_str_has_prefix (name, "kept-"))
        continue;

      record = plr_record_file_load (file, NULL, &error);
      g_test_message ("%s: %s", name, error ? error->message : "(accepted)");
      g_assert_null (record);
      g_assert_nonnull (error);
      refused++;

      after = plr_store_dup_content_hash (store, NULL);
      g_assert_cmpstr (before, ==, after);
    }

  g_assert_cmpuint (refused, >=, 19);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/record-file/load-json", test_load_json);
  g_test_add_func ("/record-file/load-xml", test_load_xml);
  g_test_add_func ("/record-file/byte-order-mark", test_byte_order_mark);
  g_test_add_func ("/record-file/not-a-record", test_not_a_record);
  g_test_add_func ("/record-file/too-large-not-read", test_too_large_not_read);
  g_test_add_func ("/record-file/missing-and-directory", test_missing_and_directory);
  g_test_add_func ("/record-file/save-private-round-trip", test_save_private_round_trip);
  g_test_add_func ("/record-file/async", test_async);
  g_test_add_func ("/record-file/hostile-files-leave-cache-untouched",
                   test_hostile_files_leave_cache_untouched);
  g_test_add_func ("/record-file/strict-files-leave-cache-untouched",
                   test_strict_files_leave_cache_untouched);

  return g_test_run ();
}
