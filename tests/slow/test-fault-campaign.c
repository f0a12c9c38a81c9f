/* test-fault-campaign.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Fault campaigns (issue 8), in the slow suite. A worker process imports,
 * fetches from the real reference service over loopback, or sends the
 * outbox, and is killed with SIGKILL at a random moment, 50 times for
 * each kind of work (PLR_FAULT_KILLS changes the count), and while it
 * forgets everything ("Forget this device"). After every kill
 * the cache must open, pass integrity_check and hold a complete old or
 * new record, and no outbox item may be lost; at the end every queued
 * change reaches the service exactly once. A full disk during a fetch (a
 * small tmpfs, where mounting one is allowed) must give a clear error and
 * leave the old record as it was. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <unistd.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-sample.h"
#include "plr-record-json.h"
#include "plr-service.h"
#include "plr-store.h"
#include "plr-sync.h"
#include "plr-token-store.h"

#define USERNAME "learner"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  PlrService  *service;
  char        *service_dir;
  char        *base_url;
  char        *store_path;
  SoupSession *session;
  GRand       *rand;
  guint        kills;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (20261123, 40);
  g_autoptr(GError) error = NULL;
  const char *kills = g_getenv ("PLR_FAULT_KILLS");

  fixture->service_dir = g_build_filename (g_get_user_data_dir (), "service", NULL);
  fixture->service = plr_service_new (fixture->service_dir, &error);
  g_assert_no_error (error);
  /* Hundreds of killed workers fetching from one address in a minute are
   * what the abuse limits stop; this campaign is about the cache. */
  plr_service_set_limits_enabled_for_tests (fixture->service, FALSE);
  g_assert_true (plr_service_listen_local (fixture->service, 0, &error));
  g_assert_no_error (error);
  g_assert_true (plr_service_add_learner (fixture->service, USERNAME, PASSWORD, record, &error));
  g_assert_no_error (error);
  fixture->base_url = plr_service_dup_base_url (fixture->service);
  fixture->store_path = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db",
                                          NULL);
  fixture->session = soup_session_new_with_options ("timeout", 10, NULL);
  fixture->rand = g_rand_new_with_seed (20261123);
  fixture->kills = kills ? (guint) g_ascii_strtoull (kills, NULL, 10) : 50;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->service);
  g_clear_pointer (&fixture->service_dir, g_free);
  g_clear_pointer (&fixture->base_url, g_free);
  g_clear_pointer (&fixture->store_path, g_free);
  g_clear_pointer (&fixture->rand, g_rand_free);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *done = user_data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop, so that the service keeps answering, for @ms. */
static void
serve_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Starts the worker, waits for it to open the cache, lets it work for a
 * random time, and kills it. Returns how long it worked, in ms. */
static guint
run_and_kill (Fixture            *fixture,
              const char * const *argv,
              guint               min_ms,
              guint               max_ms)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  guint delay_ms = (guint) g_rand_int_range (fixture->rand, (gint32) min_ms, (gint32) max_ms);

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");

  serve_for (delay_ms);

  /* A worker that stopped on its own (it prints why) fails the check that
   * it was killed. */
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  return delay_ms;
}

/* Opens the cache as the app would after the crash and checks it. Returns
 * the current record's content hash, or NULL when there is none yet. */
static char *
check_cache (Fixture     *fixture,
             const char  *hash_a,
             const char  *hash_b)
{
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrRecord) current = NULL;
  g_autoptr(PlrRecord) previous = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *previous_hash = NULL;

  store = plr_store_new (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_check_integrity (store, &error));
  g_assert_no_error (error);

  current = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);
  if (current == NULL)
    return NULL;

  hash = plr_record_dup_content_hash (current);
  g_assert_true (g_str_equal (hash, hash_a) || g_str_equal (hash, hash_b));

  previous = plr_store_load_record (store, PLR_STORE_SNAPSHOT_PREVIOUS, &error);
  g_assert_no_error (error);
  if (previous != NULL)
    {
      previous_hash = plr_record_dup_content_hash (previous);
      g_assert_true (g_str_equal (previous_hash, hash_a) || g_str_equal (previous_hash, hash_b));
    }

  return g_steal_pointer (&hash);
}

static void
write_record_file (PlrRecord  *record,
                   const char *path)
{
  g_autoptr(GBytes) bytes = plr_record_json_write (record);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                       &error);
  g_assert_no_error (error);
}

static void
test_kill_during_import (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PlrRecord) a = plr_sample_generate (1, 3000);
  g_autoptr(PlrRecord) b = plr_sample_generate (2, 2500);
  g_autofree char *hash_a = plr_record_dup_content_hash (a);
  g_autofree char *hash_b = plr_record_dup_content_hash (b);
  g_autofree char *file_a = g_build_filename (g_get_user_data_dir (), "a.json", NULL);
  g_autofree char *file_b = g_build_filename (g_get_user_data_dir (), "b.json", NULL);
  const char *argv[] = { g_getenv ("PLR_FAULT_WORKER"), "import", fixture->store_path, file_a,
                         file_b, NULL };
  guint seen_a = 0, seen_b = 0, seen_none = 0;

  write_record_file (a, file_a);
  write_record_file (b, file_b);

  for (guint i = 0; i < fixture->kills; i++)
    {
      guint ms = run_and_kill (fixture, argv, 5, 900);
      g_autofree char *hash = check_cache (fixture, hash_a, hash_b);

      g_test_message ("import kill %u after %u ms: %s", i, ms,
                      hash == NULL ? "no record yet" : g_str_equal (hash, hash_a) ? "A" : "B");
      if (hash == NULL)
        seen_none++;
      else if (g_str_equal (hash, hash_a))
        seen_a++;
      else
        seen_b++;
    }

  g_print ("# import: %u kills; afterwards record A %u times, B %u, none yet %u; "
           "integrity_check passed every time\n", fixture->kills, seen_a, seen_b, seen_none);
  /* Kills that always came before the first commit would prove nothing. */
  g_assert_cmpuint (seen_a + seen_b, >, 0);
}

static void
test_kill_during_fetch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlrRecord) a = plr_sample_generate (3, 3000);
  g_autoptr(PlrRecord) b = plr_sample_generate (4, 2500);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash_a = NULL;
  g_autofree char *hash_b = NULL;
  const char *argv[] = { g_getenv ("PLR_FAULT_WORKER"), "fetch", fixture->store_path,
                         fixture->base_url, USERNAME, PASSWORD, NULL };
  guint seen_a = 0, seen_b = 0, seen_none = 0;

  /* The hashes of the records as the service serves them. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PlrRecord) served = NULL;

      g_assert_true (plr_service_set_record (fixture->service, USERNAME, i ? b : a, &error));
      g_assert_no_error (error);
      served = plr_service_dup_record (fixture->service, USERNAME, &error);
      g_assert_no_error (error);
      if (i == 0)
        hash_a = plr_record_dup_content_hash (served);
      else
        hash_b = plr_record_dup_content_hash (served);
    }

  for (guint i = 0; i < fixture->kills; i++)
    {
      g_autofree char *hash = NULL;
      guint ms;

      /* The service's record changes between runs, so that a fetch has
       * something new to write. */
      g_assert_true (plr_service_set_record (fixture->service, USERNAME, i % 2 ? b : a, &error));
      g_assert_no_error (error);

      ms = run_and_kill (fixture, argv, 30, 1500);
      hash = check_cache (fixture, hash_a, hash_b);
      g_test_message ("fetch kill %u after %u ms: %s", i, ms,
                      hash == NULL ? "no record yet" : g_str_equal (hash, hash_a) ? "A" : "B");
      if (hash == NULL)
        seen_none++;
      else if (g_str_equal (hash, hash_a))
        seen_a++;
      else
        seen_b++;
    }

  g_print ("# fetch: %u kills; afterwards record A %u times, B %u, none yet %u; "
           "integrity_check passed every time\n", fixture->kills, seen_a, seen_b, seen_none);
  g_assert_cmpuint (seen_a + seen_b, >, 0);
}

static void
on_async_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static PlrClient *
sign_in (Fixture *fixture)
{
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  client = plr_client_new (fixture->session, fixture->base_url, tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (client, fixture->session, USERNAME, PASSWORD);
  plr_client_sign_in_async (client, NULL, on_async_cb, &result);
  g_assert_true (plr_client_sign_in_finish (client, wait_for (&result), &error));
  g_assert_no_error (error);

  return g_steal_pointer (&client);
}

/* How many sharing choices the service has applied, read from its own
 * database: a change applied twice would show as two rows. */
static guint
count_service_choices (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->service_dir, "service.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM preference_changes", -1, &stmt,
                                       NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

static void
test_kill_during_outbox_send (Fixture       *fixture,
                              gconstpointer  data)
{
  const char *argv[] = { g_getenv ("PLR_FAULT_WORKER"), "outbox", fixture->store_path,
                         fixture->base_url, USERNAME, PASSWORD, NULL };
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(PlrSync) sync = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) references = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  /* The service may hold a first row for the learner's initial choice. */
  guint service_before = count_service_choices (fixture);
  guint known = 0;

  for (guint i = 0; i < fixture->kills; i++)
    {
      g_autoptr(PlrStore) after = NULL;
      g_autoptr(GPtrArray) now = NULL;
      guint ms = run_and_kill (fixture, argv, 30, 1200);

      after = plr_store_new (fixture->store_path, &error);
      g_assert_no_error (error);
      g_assert_true (plr_store_check_integrity (after, &error));
      g_assert_no_error (error);

      /* Nothing queued before is ever lost. */
      now = plr_store_list_sharing_choices (after, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (now->len, >=, known);
      g_test_message ("outbox kill %u after %u ms: %u choices queued so far", i, ms, now->len);
      known = now->len;
    }

  /* The app starts again, with the service reachable: send what is left. */
  store = plr_store_new (fixture->store_path, &error);
  g_assert_no_error (error);
  client = sign_in (fixture);
  sync = plr_sync_new (client, store, g_network_monitor_get_default ());
  plr_sync_drain_async (sync, NULL, on_async_cb, &result);
  g_assert_true (plr_sync_drain_finish (sync, wait_for (&result), &error));
  g_assert_no_error (error);

  queued = plr_store_list_outbox (store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 0);

  choices = plr_store_list_sharing_choices (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, known);
  for (guint i = 0; i < choices->len; i++)
    {
      PlrSharingChoice *choice = g_ptr_array_index (choices, i);

      g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_SENT);
      g_assert_nonnull (choice->reference);
      /* Each change has its own receipt: none was applied twice. */
      g_assert_true (g_hash_table_add (references, choice->reference));
    }
  g_assert_cmpuint (count_service_choices (fixture) - service_before, ==, known);

  g_print ("# outbox: %u kills; %u changes queued, each applied by the service exactly once; "
           "none lost\n", fixture->kills, known);
  g_assert_cmpuint (known, >, 0);
}

static void
test_kill_during_forget (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(PlrRecord) a = plr_sample_generate (8, 3000);
  g_autofree char *hash_a = plr_record_dup_content_hash (a);
  g_autofree char *file_a = g_build_filename (g_get_user_data_dir (), "a.json", NULL);
  const char *argv[] = { g_getenv ("PLR_FAULT_WORKER"), "forget", fixture->store_path, file_a,
                         NULL };
  guint seen_record = 0, seen_none = 0;

  write_record_file (a, file_a);

  for (guint i = 0; i < fixture->kills; i++)
    {
      guint ms = run_and_kill (fixture, argv, 5, 900);
      g_autofree char *hash = check_cache (fixture, hash_a, hash_a);
      g_autoptr(PlrStore) store = NULL;
      g_autoptr(GPtrArray) outbox = NULL;
      g_autoptr(GError) error = NULL;

      store = plr_store_new (fixture->store_path, &error);
      g_assert_no_error (error);
      outbox = plr_store_list_outbox (store, FALSE, &error);
      g_assert_no_error (error);
      g_test_message ("forget kill %u after %u ms: %s, %u outbox items", i, ms,
                      hash ? "record" : "no record", outbox->len);

      /* The worker writes the record before its changes, and forgetting
       * takes everything at once: changes without a record would be a
       * forget that stopped half way. (With a record, changes from runs
       * killed before they could forget add up, as they should.) */
      if (hash == NULL)
        {
          g_assert_cmpuint (outbox->len, ==, 0);
          seen_none++;
        }
      else
        {
          seen_record++;
        }
    }

  g_print ("# forget: %u kills; afterwards the whole record %u times, nothing %u times; "
           "never changes without their record; integrity_check passed every time\n",
           fixture->kills, seen_record, seen_none);
  g_assert_cmpuint (seen_record, >, 0);
}

/* The cache on a 2 MiB tmpfs, filled up before a fetch of a larger record. */
static void
test_disk_full_during_fetch (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *mount_dir = g_build_filename (g_get_user_data_dir (), "small-disk", NULL);
  g_autofree char *store_path = g_build_filename (mount_dir, "cache.db", NULL);
  g_autofree char *filler = g_build_filename (mount_dir, "filler", NULL);
  g_autoptr(PlrRecord) small = plr_sample_generate (5, 30);
  g_autoptr(PlrRecord) large = plr_sample_generate (6, 6000);
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) kept = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash_before = NULL;
  g_autofree char *hash_after = NULL;
  char block[4096] = { 0, };
  int fd;

  g_assert_cmpint (g_mkdir_with_parents (mount_dir, 0700), ==, 0);
  if (mount ("tmpfs", mount_dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=2m,mode=0700") != 0)
    {
      g_autofree char *why = g_strdup_printf ("cannot mount a small tmpfs here (%s)",
                                              g_strerror (errno));
      g_test_skip (why);
      return;
    }

  client = sign_in (fixture);
  store = plr_store_new (store_path, &error);
  g_assert_no_error (error);

  /* The old record, fetched while there was room. */
  g_assert_true (plr_service_set_record (fixture->service, USERNAME, small, &error));
  g_assert_no_error (error);
  plr_client_refresh_async (client, store, NULL, on_async_cb, &result);
  diff = plr_client_refresh_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&diff);
  g_clear_object (&result);
  hash_before = plr_store_dup_content_hash (store, &error);
  g_assert_no_error (error);

  /* Fill the disk. */
  fd = open (filler, O_WRONLY | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  while (write (fd, block, sizeof block) == sizeof block)
    ;
  close (fd);

  g_assert_true (plr_service_set_record (fixture->service, USERNAME, large, &error));
  g_assert_no_error (error);
  plr_client_refresh_async (client, store, NULL, on_async_cb, &result);
  diff = plr_client_refresh_finish (client, wait_for (&result), &error);
  g_assert_null (diff);
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_DISK_FULL);
  g_print ("# disk full during a fetch: \"%s\"\n", error->message);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);

  /* The old record is whole, before and after room is made again. */
  kept = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kept);
  {
    g_autofree char *kept_hash = plr_record_dup_content_hash (kept);
    g_assert_cmpstr (kept_hash, ==, hash_before);
  }
  g_clear_object (&store);
  g_assert_cmpint (g_unlink (filler), ==, 0);

  store = plr_store_new (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_check_integrity (store, &error));
  g_assert_no_error (error);
  hash_after = plr_store_dup_content_hash (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash_before, ==, hash_after);
  g_clear_object (&store);

  g_assert_cmpint (umount2 (mount_dir, MNT_DETACH), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("PLR_FAULT_WORKER") == NULL)
    {
      g_printerr ("PLR_FAULT_WORKER is not set; run through meson test\n");
      return 77;
    }

  g_test_add ("/fault/kill-during-import", Fixture, NULL, fixture_set_up,
              test_kill_during_import, fixture_tear_down);
  g_test_add ("/fault/kill-during-fetch", Fixture, NULL, fixture_set_up,
              test_kill_during_fetch, fixture_tear_down);
  g_test_add ("/fault/kill-during-outbox-send", Fixture, NULL, fixture_set_up,
              test_kill_during_outbox_send, fixture_tear_down);
  g_test_add ("/fault/kill-during-forget", Fixture, NULL, fixture_set_up,
              test_kill_during_forget, fixture_tear_down);
  g_test_add ("/fault/disk-full-during-fetch", Fixture, NULL, fixture_set_up,
              test_disk_full_during_fetch, fixture_tear_down);

  return g_test_run ();
}
