/* bench-memory.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Figure 6, measured on the core: the peak resident memory of a process
 * that loads the whole record into a PlrRecord, less that of the same
 * program stopping before it loads anything.
 *
 *   bench-memory --baseline          the same program, loading nothing
 *   bench-memory --store DB          the current snapshot of the cache DB,
 *                                    as the window loads it
 *   bench-memory --file FILE         a record file, as an import reads it
 *
 * Prints peak_rss_kb (VmHWM), rss_kb (VmRSS, with the record still held)
 * and events. */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "plr-record-file.h"
#include "plr-store.h"

#include "bench-util.h"

static gboolean baseline = FALSE;
static char *store_path = NULL;
static char *file_path = NULL;

static const GOptionEntry entries[] = {
  { "baseline", 'b', 0, G_OPTION_ARG_NONE, &baseline, "Load nothing", NULL },
  { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, "Load the cache DB", "DB" },
  { "file", 'f', 0, G_OPTION_ARG_FILENAME, &file_path, "Load a record file", "FILE" },
  { NULL }
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- peak memory of a loaded record");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrRecord) record = NULL;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      (baseline + (store_path != NULL) + (file_path != NULL)) != 1)
    {
      g_printerr ("bench-memory: %s\n",
                  error ? error->message : "give one of --baseline, --store DB, --file FILE");
      return 2;
    }

  /* The types every mode would meet, so the baseline pays for them too. */
  g_type_ensure (PLR_TYPE_RECORD);
  g_type_ensure (PLR_TYPE_LEARNER);
  g_type_ensure (PLR_TYPE_LEARNING_EVENT);
  g_type_ensure (PLR_TYPE_STORE);

  if (store_path != NULL)
    {
      store = plr_store_new (store_path, &error);
      if (store != NULL)
        record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
    }
  else if (file_path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (file_path);

      record = plr_record_file_load (file, NULL, &error);
    }

  if (!baseline && record == NULL)
    {
      g_printerr ("bench-memory: %s\n", error ? error->message : "the cache holds no record");
      return 1;
    }

  bench_report ("peak_rss_kb", "%" G_GINT64_FORMAT, bench_peak_rss_kb ());
  bench_report ("rss_kb", "%" G_GINT64_FORMAT, bench_rss_kb ());
  bench_report ("events", "%u", record ? plr_record_get_n_events (record) : 0);

  return EXIT_SUCCESS;
}
