/* bench-import.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Figure 2: importing a record file as `learning-record --import FILE`
 * does it: plr_record_file_load() (read, parse, validate every field) and
 * plr_store_replace_record() into the cache, one transaction, with its
 * search index. Each run imports into a new, empty cache in --dir.
 *
 *   bench-import [--repeat N] --dir DIR FILE
 *       prints import_s (median), import_read_s, import_store_s, import_events
 *   bench-import --store DB FILE
 *       fills the cache DB with FILE once (for the other figures) and prints
 *       store_events and store_bytes
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "plr-record-file.h"
#include "plr-store.h"

#include "bench-util.h"

static int repeat = 3;
static char *dir = NULL;
static char *store_path = NULL;

static const GOptionEntry entries[] = {
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs to take the median of (default 3)", "N" },
  { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Where to make the caches", "DIR" },
  { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path,
    "Import FILE once into the cache DB and stop", "DB" },
  { NULL }
};

static gboolean
import_once (const char  *path,
             const char  *db,
             double      *read_s,
             double      *store_s,
             guint       *n_events,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  gint64 start;

  /* The CLI opens the cache before it reads the file. */
  store = plr_store_new (db, error);
  if (store == NULL)
    return FALSE;

  start = bench_now_ns ();
  record = plr_record_file_load (file, NULL, error);
  if (record == NULL)
    return FALSE;
  *read_s = bench_seconds_since (start);

  start = bench_now_ns ();
  if (!plr_store_replace_record (store, record, &diff, error))
    return FALSE;
  *n_events = plr_record_get_n_events (record);
  g_clear_object (&record);
  g_clear_object (&diff);
  *store_s = bench_seconds_since (start);

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE - time an import");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reading = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) storing = g_array_new (FALSE, FALSE, sizeof (double));
  guint n_events = 0;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 || repeat < 1 ||
      (dir == NULL && store_path == NULL))
    {
      g_printerr ("bench-import: %s\n",
                  error ? error->message : "give --dir DIR or --store DB, and one FILE");
      return 2;
    }

  if (store_path != NULL)
    {
      double read_s, store_s;
      GStatBuf buf;

      bench_remove_database (store_path);
      if (!import_once (argv[1], store_path, &read_s, &store_s, &n_events, &error))
        {
          g_printerr ("bench-import: %s\n", error->message);
          return 1;
        }
      bench_report ("store_events", "%u", n_events);
      if (g_stat (store_path, &buf) == 0)
        bench_report ("store_bytes", "%" G_GINT64_FORMAT, (gint64) buf.st_size);
      return EXIT_SUCCESS;
    }

  for (int r = 0; r < repeat; r++)
    {
      g_autofree char *name = g_strdup_printf ("import-%d.db", r);
      g_autofree char *db = g_build_filename (dir, name, NULL);
      double read_s = 0, store_s = 0, sum;

      bench_remove_database (db);
      if (!import_once (argv[1], db, &read_s, &store_s, &n_events, &error))
        {
          g_printerr ("bench-import: %s\n", error->message);
          return 1;
        }
      bench_remove_database (db);

      sum = read_s + store_s;
      g_array_append_val (total, sum);
      g_array_append_val (reading, read_s);
      g_array_append_val (storing, store_s);
    }

  bench_report_seconds ("import_s", total);
  bench_report_seconds ("import_read_s", reading);
  bench_report_seconds ("import_store_s", storing);
  bench_report ("import_events", "%u", n_events);

  return EXIT_SUCCESS;
}
