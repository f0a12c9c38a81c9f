/* test-store-kill.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Kills a process in the middle of replacing the record, again and again,
 * and checks after each kill that the cache opens, passes integrity_check
 * and holds the complete old or the complete new record, never a mix. */

#include "config.h"

#include "plr-store.h"
#include "test-support.h"

#define N_KILLS 24

static void
test_kill_during_replace (void)
{
  const char *writer = g_getenv ("PLR_STORE_WRITER");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "kill", "cache.db", NULL);
  g_autoptr(PlrRecord) a = test_make_record ("9276308686", 3000, 1, "A");
  g_autoptr(PlrRecord) b = test_make_record ("1000000043", 2500, 1, "B");
  g_autofree char *hash_a = plr_record_dup_content_hash (a);
  g_autofree char *hash_b = plr_record_dup_content_hash (b);
  GRand *rand = g_rand_new_with_seed (20261123);
  guint seen_a = 0, seen_b = 0, seen_none = 0;

  if (writer == NULL)
    {
      g_test_skip ("PLR_STORE_WRITER is not set; run through meson test");
      g_rand_free (rand);
      return;
    }

  for (guint i = 0; i < N_KILLS; i++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(PlrStore) store = NULL;
      g_autoptr(PlrRecord) current = NULL;
      g_autoptr(PlrRecord) previous = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = NULL;
      /* Spread the kills over several replaces: early, mid-transaction, late. */
      guint delay_ms = g_rand_int_range (rand, 5, 900);

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, writer, path, NULL);
      g_assert_no_error (error);

      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (child));

      store = plr_store_new (path, &error);
      g_assert_no_error (error);
      g_assert_true (plr_store_check_integrity (store, &error));
      g_assert_no_error (error);

      current = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
      g_assert_no_error (error);

      if (current == NULL)
        {
          seen_none++;
          g_test_message ("kill %u after %u ms: no record yet", i, delay_ms);
          continue;
        }

      hash = plr_record_dup_content_hash (current);
      g_test_message ("kill %u after %u ms: record %s", i, delay_ms,
                      g_str_equal (hash, hash_a) ? "A" : g_str_equal (hash, hash_b) ? "B" : "?");
      if (g_str_equal (hash, hash_a))
        seen_a++;
      else if (g_str_equal (hash, hash_b))
        seen_b++;
      else
        g_assert_not_reached ();

      /* The stored hash agrees with what was read back. */
      g_clear_pointer (&hash, g_free);
      hash = plr_store_dup_content_hash (store, &error);
      g_assert_true (g_str_equal (hash, hash_a) || g_str_equal (hash, hash_b));

      /* The previous snapshot, when there is one, is whole too. */
      previous = plr_store_load_record (store, PLR_STORE_SNAPSHOT_PREVIOUS, &error);
      g_assert_no_error (error);
      if (previous != NULL)
        g_assert_true (plr_record_equal (previous, a) || plr_record_equal (previous, b));
    }

  g_test_message ("%u kills: %u left record A, %u record B, %u none yet",
                  N_KILLS, seen_a, seen_b, seen_none);
  g_assert_cmpuint (seen_a + seen_b + seen_none, ==, N_KILLS);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/kill-during-replace", test_kill_during_replace);

  return g_test_run ();
}
