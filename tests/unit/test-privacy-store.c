/* test-privacy-store.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The privacy centre's store: rights requests, the network activity log,
 * the count of unsent changes, and forgetting this device. */

#define _GNU_SOURCE
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "plr-forget.h"
#include "plr-store.h"
#include "test-support.h"

static char *
store_path (void)
{
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
test_rights_requests (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  PlrRightsRequest *request;
  GDate sent, answered;
  gint64 id = 0, id2 = 0;

  /* Friday 30 January 2026: one month on is Saturday 28 February, so the
   * answer is due on Monday 2 March. */
  g_date_clear (&sent, 1);
  g_date_set_dmy (&sent, 30, G_DATE_JANUARY, 2026);
  g_assert_true (plr_store_add_rights_request (store, PLR_RIGHTS_REQUEST_SUBJECT_ACCESS,
                                               "  Department for Education ", &sent,
                                               "ref SAR-1", &id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_date_set_dmy (&sent, 3, G_DATE_FEBRUARY, 2026);
  g_assert_true (plr_store_add_rights_request (store, PLR_RIGHTS_REQUEST_OBJECTION,
                                               "Learning Records Service", &sent, "", &id2,
                                               &error));
  g_assert_no_error (error);

  list = plr_store_list_rights_requests (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);

  /* Newest first. */
  request = list->pdata[0];
  g_assert_cmpint (request->id, ==, id2);
  g_assert_cmpint (request->kind, ==, PLR_RIGHTS_REQUEST_OBJECTION);
  g_assert_null (request->note);
  g_assert_false (g_date_valid (&request->answered_on));

  request = list->pdata[1];
  g_assert_cmpstr (request->body, ==, "Department for Education");
  g_assert_cmpint (request->kind, ==, PLR_RIGHTS_REQUEST_SUBJECT_ACCESS);
  g_assert_cmpstr (request->note, ==, "ref SAR-1");
  g_assert_cmpint (g_date_get_day (&request->due_on), ==, 2);
  g_assert_cmpint (g_date_get_month (&request->due_on), ==, G_DATE_MARCH);
  g_assert_cmpint (g_date_get_year (&request->due_on), ==, 2026);

  g_date_clear (&answered, 1);
  g_date_set_dmy (&answered, 20, G_DATE_FEBRUARY, 2026);
  g_assert_true (plr_store_mark_rights_request_answered (store, id, &answered, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = plr_store_list_rights_requests (store, &error);
  request = list->pdata[1];
  g_assert_true (g_date_valid (&request->answered_on));
  g_assert_cmpint (g_date_compare (&request->answered_on, &answered), ==, 0);

  /* Bad input: a clear error, nothing stored. */
  g_assert_false (plr_store_mark_rights_request_answered (store, 9999, &answered, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (plr_store_add_rights_request (store, PLR_RIGHTS_REQUEST_SUBJECT_ACCESS, "  ",
                                                &sent, NULL, NULL, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = plr_store_list_rights_requests (store, &error);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_network_activity (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  PlrNetworkActivity *entry;

  g_assert_true (plr_store_log_network_activity (store, NULL, "GET", "127.0.0.1",
                                                 "/v1/learner/events?cursor=abc&token=secret#x",
                                                 200, 310, 4096, 0, &error));
  g_assert_no_error (error);

  list = plr_store_list_network_activity (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  entry = list->pdata[0];
  g_assert_cmpstr (entry->method, ==, "GET");
  g_assert_cmpstr (entry->host, ==, "127.0.0.1");
  g_assert_cmpstr (entry->path, ==, "/v1/learner/events");
  g_assert_cmpuint (entry->status, ==, 200);
  g_assert_cmpuint (entry->bytes_sent, ==, 310);
  g_assert_cmpuint (entry->bytes_received, ==, 4096);
  g_assert_nonnull (entry->at);

  /* Bounded: only the newest "keep" entries stay. */
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/page/%u", i);

      g_assert_true (plr_store_log_network_activity (store, NULL, "GET", "127.0.0.1", path,
                                                     i % 2 ? 0 : 200, 1, 2, 10, &error));
      g_assert_no_error (error);
    }

  g_clear_pointer (&list, g_ptr_array_unref);
  list = plr_store_list_network_activity (store, 0, &error);
  g_assert_cmpuint (list->len, ==, 10);
  g_assert_cmpstr (((PlrNetworkActivity *) list->pdata[0])->path, ==, "/v1/page/29");
  g_assert_cmpstr (((PlrNetworkActivity *) list->pdata[9])->path, ==, "/v1/page/20");

  g_clear_pointer (&list, g_ptr_array_unref);
  list = plr_store_list_network_activity (store, 3, &error);
  g_assert_cmpuint (list->len, ==, 3);

  /* The same listing from a worker, as the Privacy page reads it. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    plr_store_list_network_activity_async (store, 3, NULL, on_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = plr_store_list_network_activity_finish (store, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 3);
    g_assert_cmpstr (((PlrNetworkActivity *) list->pdata[0])->path, ==, "/v1/page/29");
  }
}

/* Queued from the main thread, written on a worker thread in order; a
 * listing includes what is not written yet; forgetting drops it. */
static void
test_network_activity_queued (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 deadline;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/page/%u?cursor=secret", i);

      plr_store_queue_network_activity (store, "GET", "127.0.0.1", path, 200, i, 2 * i, 25);
    }

  /* Listing at once, whatever the worker has written so far. */
  list = plr_store_list_network_activity (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 25);
  for (guint i = 0; i < list->len; i++)
    {
      PlrNetworkActivity *entry = list->pdata[i];
      g_autofree char *path = g_strdup_printf ("/v1/page/%u", 39 - i);

      g_assert_cmpstr (entry->path, ==, path);
      g_assert_cmpuint (entry->bytes_sent, ==, 39 - i);
      g_assert_cmpuint (entry->bytes_received, ==, 2 * (39 - i));
      g_assert_nonnull (entry->at);
    }

  /* The worker ends by itself; its task holds the store until then. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_main_context_iteration (NULL, FALSE) || G_OBJECT (store)->ref_count > 1)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (1000);
    }

  plr_store_queue_network_activity (store, "GET", "127.0.0.1", "/v1/after", 200, 1, 1, 25);
  g_assert_true (plr_store_forget (store, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = plr_store_list_network_activity (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
count_files (const char *path,
             guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      (*n_files)++;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        count_files (child, n_files);
    }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static void
fill_store (PlrStore *store)
{
  g_autoptr(PlrRecord) record = test_make_record ("1000000043", 5, 4100000, "A*");
  g_autoptr(PlrRecord) record2 = test_make_record ("1000000043", 6, 4100000, "B");
  g_autoptr(GError) error = NULL;
  GDate sent;

  g_assert_true (plr_store_replace_record (store, record, NULL, &error));
  g_assert_true (plr_store_replace_record (store, record2, NULL, &error));
  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", "Opted out by app", NULL,
                                                  &error));
  g_assert_true (plr_store_record_sharing_choice (store, FALSE, "phone", NULL, NULL, &error));
  g_date_clear (&sent, 1);
  g_date_set_dmy (&sent, 3, G_DATE_FEBRUARY, 2026);
  g_assert_true (plr_store_add_rights_request (store, PLR_RIGHTS_REQUEST_SUBJECT_ACCESS,
                                               "Department for Education", &sent, NULL, NULL,
                                               &error));
  g_assert_true (plr_store_log_network_activity (store, NULL, "GET", "127.0.0.1", "/v1/x", 200,
                                                 1, 2, 0, &error));
  g_assert_no_error (error);
}

#define OTHER_SHA256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* A challenge on the first entry with one PDF attached; returns the path
 * of the store's private copy. */
static char *
attach_evidence (PlrStore *store)
{
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = plr_store_dup_evidence_dir (store);
  g_autofree char *source_dir = g_build_filename (g_get_user_data_dir (), "files", NULL);
  g_autofree char *source = g_build_filename (source_dir, "certificate.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);

  record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  if (record == NULL)
    {
      fill_store (store);
      record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
    }
  g_assert_no_error (error);
  challenge = plr_challenge_new_for_event (plr_record_get_event (record, 0),
                                           PLR_EVENT_FIELD_GRADE,
                                           PLR_CHALLENGE_REASON_WRONG_GRADE);
  plr_challenge_set_proposed_value (challenge, "A");
  g_assert_true (plr_store_save_challenge (store, challenge, &error));
  g_assert_no_error (error);

  g_mkdir_with_parents (source_dir, 0700);
  g_assert_true (g_file_set_contents (source, "%PDF-1.4\n%% my certificate\n", -1, NULL));
  evidence = plr_evidence_import (file, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_add_challenge_evidence (store, plr_challenge_get_uuid (challenge),
                                                   evidence, &error));
  g_assert_no_error (error);

  return plr_evidence_dup_private_path (dir, evidence->sha256);
}

static void
test_count_unsent_and_forget_store (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *path = store_path ();
  g_autofree char *evidence_dir = plr_store_dup_evidence_dir (store);
  g_autofree char *others = g_build_filename (evidence_dir, OTHER_SHA256, NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *ours = NULL;

  g_assert_cmpint (plr_store_count_unsent (store, &error), ==, 0);
  fill_store (store);
  g_assert_cmpint (plr_store_count_unsent (store, &error), ==, 2);
  g_assert_no_error (error);

  ours = attach_evidence (store);
  g_assert_true (g_file_test (ours, G_FILE_TEST_IS_REGULAR));
  /* A copy another cache in the same folder keeps (demo.db beside cache.db). */
  g_assert_true (g_file_set_contents (others, "%PDF-1.4\n", -1, NULL));
  g_assert_true (file_contains (path, "Welsh Literature") || file_contains (wal, "Welsh Literature"));

  g_assert_true (plr_store_forget (store, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (ours, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (others, G_FILE_TEST_IS_REGULAR));

  /* With nothing else in it, the folder goes too. */
  g_assert_cmpint (g_unlink (others), ==, 0);
  {
    g_autoptr(PlrStore) other = open_store ();
    g_autofree char *again = attach_evidence (other);

    g_assert_true (plr_store_forget (other, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (again, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (evidence_dir, G_FILE_TEST_EXISTS));
  }

  /* Still usable: reads find nothing, and do not bring the file back (a
   * window may still ask for its lists after forgetting) ... */
  loaded = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  list = plr_store_list_sharing_choices (store, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpint (plr_store_count_unsent (store, &error), ==, 0);
  g_assert_cmpint (plr_store_get_schema_version (store), ==, PLR_STORE_SCHEMA_VERSION);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* ... and the first write makes a fresh, empty, private cache. */
  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "phone", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = plr_store_list_sharing_choices (store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_false (file_contains (path, "Welsh Literature"));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Waiter;

static void
on_forgotten_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->ok = plr_forget_device_finish (result, &waiter->error);
  waiter->done = TRUE;
}

static void
on_token_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  char **token = user_data;
  g_autoptr(GError) error = NULL;

  *token = plr_token_store_lookup_finish (PLR_TOKEN_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_forget_device (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_auto(GStrv) folders = plr_forget_dup_app_folders ();
  g_autofree char *cache_file = g_build_filename (folders[1], "thumbnails", "x.png", NULL);
  g_autofree char *cache_dir = g_path_get_dirname (cache_file);
  g_autofree char *stray = g_build_filename (folders[0], "leftover.json", NULL);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autofree char *token = NULL;
  Waiter waiter = { 0, };
  guint n_files = 0;

  fill_store (store);
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (cache_file, "png", -1, NULL));
  g_assert_true (g_file_set_contents (stray, "{}", -1, NULL));

  /* A token for each of two services. */
  plr_token_store_store_async (tokens, "http://127.0.0.1:1/", "t1", NULL, NULL, NULL);
  plr_token_store_store_async (tokens, "http://127.0.0.1:2/", "t2", NULL, NULL, NULL);

  count_files (folders[0], &n_files);
  count_files (folders[1], &n_files);
  g_assert_cmpuint (n_files, >, 3);

  g_main_context_push_thread_default (context);
  plr_forget_device_async (store, tokens, NULL, (const char * const *) folders, NULL,
                           on_forgotten_cb, &waiter);
  while (!waiter.done)
    g_main_context_iteration (context, TRUE);
  g_assert_no_error (waiter.error);
  g_assert_true (waiter.ok);

  plr_token_store_lookup_async (tokens, "http://127.0.0.1:2/", NULL, on_token_cb, &token);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  g_assert_null (token);

  n_files = 0;
  count_files (folders[0], &n_files);
  count_files (folders[1], &n_files);
  g_assert_cmpuint (n_files, ==, 0);
  g_assert_false (g_file_test (folders[0], G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folders[1], G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/privacy-store/rights-requests", test_rights_requests);
  g_test_add_func ("/privacy-store/network-activity", test_network_activity);
  g_test_add_func ("/privacy-store/network-activity-queued", test_network_activity_queued);
  g_test_add_func ("/privacy-store/forget-store", test_count_unsent_and_forget_store);
  g_test_add_func ("/privacy-store/forget-device", test_forget_device);

  return g_test_run ();
}
