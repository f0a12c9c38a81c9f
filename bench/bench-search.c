/* bench-search.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Figure 5, search as you type: for every keystroke of each PHRASE, the
 * time plr_store_search() takes to answer the text typed so far, against
 * the sqlite3 command running the same FTS5 query on the same database.
 *
 *   bench-search --store DB [--repeat N] [--sqlite3 PATH] PHRASE...
 *
 * The core side is the median of N warm calls per keystroke. The sqlite3
 * side is its steady-state cost per query: one sqlite3 process runs the
 * query once, another runs it N + 1 times, and the difference over N is
 * one query, without the command's start-up, its opening of the database
 * or its first, cold run. Both write every matching row somewhere: the
 * core into its array, sqlite3 as text to /dev/null.
 *
 * Prints, over all keystrokes: search_s (the sum of the per-keystroke
 * medians), search_worst_s, sqlite_s, sqlite_worst_s, search_keystrokes,
 * and one search_key_N line per keystroke: text, rows, core, sqlite3. */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "plr-store.h"

#include "bench-util.h"

static int repeat = 20;
static char *store_path = NULL;
static char *sqlite3_path = NULL;

static const GOptionEntry entries[] = {
  { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, "The cache to search", "DB" },
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs per keystroke (default 20)", "N" },
  { "sqlite3", 0, 0, G_OPTION_ARG_FILENAME, &sqlite3_path,
    "The sqlite3 command (default: from PATH)", "PATH" },
  { NULL }
};

/* The FTS5 query plr_store_search() makes of @text; the same rules as
 * build_match_query() in src/core/store/plr-store.c: every word a quoted prefix. */
static char *
match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT);
  g_auto(GStrv) words = g_strsplit_set (normalized, " \t\n", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* The statement of plr_store_search(), with the query as an SQL literal. */
static char *
search_sql (const char *text)
{
  g_autofree char *query = match_query (text);
  g_auto(GStrv) parts = g_strsplit (query, "'", -1);
  g_autofree char *quoted = g_strjoinv ("''", parts);

  return g_strdup_printf ("SELECT e.position FROM events_fts f JOIN events e ON e.rowid = "
                          "f.rowid WHERE events_fts MATCH '%s' ORDER BY e.position;\n", quoted);
}

/* Wall time of one sqlite3 process running @sql @times times. */
static gboolean
time_sqlite3 (const char  *sql,
              int          times,
              double      *seconds,
              GError     **error)
{
  g_autoptr(GString) script = g_string_new (".output /dev/null\n");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) input = NULL;
  const char *argv[] = { sqlite3_path, "-batch", "-bail", store_path, NULL };
  gint64 start;

  for (int i = 0; i < times; i++)
    g_string_append (script, sql);
  input = g_bytes_new (script->str, script->len);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  start = bench_now_ns ();
  process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (process == NULL ||
      !g_subprocess_communicate (process, input, NULL, NULL, NULL, error) ||
      !g_subprocess_wait_check (process, NULL, error))
    return FALSE;
  *seconds = bench_seconds_since (start);

  return TRUE;
}

static gboolean
time_sqlite3_query (const char  *text,
                    double      *seconds,
                    GError     **error)
{
  g_autofree char *sql = search_sql (text);
  g_autoptr(GArray) once = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) many = g_array_new (FALSE, FALSE, sizeof (double));

  /* Three of each, alternated, to take the noise of process start-up out. */
  for (int i = 0; i < 3; i++)
    {
      double t;

      if (!time_sqlite3 (sql, 1, &t, error))
        return FALSE;
      g_array_append_val (once, t);
      if (!time_sqlite3 (sql, repeat + 1, &t, error))
        return FALSE;
      g_array_append_val (many, t);
    }

  *seconds = MAX (0.0, (bench_median (many) - bench_median (once)) / repeat);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("PHRASE... - time search as you type");
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrStore) store = NULL;
  double core_sum = 0, core_worst = 0, sqlite_sum = 0, sqlite_worst = 0;
  guint keystrokes = 0;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || repeat < 1 ||
      store_path == NULL)
    {
      g_printerr ("bench-search: %s\n",
                  error ? error->message : "give --store DB and one or more phrases");
      return 2;
    }
  if (sqlite3_path == NULL)
    sqlite3_path = g_find_program_in_path ("sqlite3");
  if (sqlite3_path == NULL)
    {
      g_printerr ("bench-search: the sqlite3 command is not installed\n");
      return 1;
    }

  store = plr_store_new (store_path, &error);
  if (store == NULL)
    {
      g_printerr ("bench-search: %s\n", error->message);
      return 1;
    }

  for (int p = 1; p < argc; p++)
    {
      const char *phrase = argv[p];

      for (const char *end = g_utf8_next_char (phrase); ; end = g_utf8_next_char (end))
        {
          g_autofree char *typed = g_strndup (phrase, (gsize) (end - phrase));
          g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
          g_autofree char *key = NULL;
          guint rows = 0;
          double core, sqlite;

          /* A trailing space changes no query: the UI would not search again. */
          if (end[-1] != ' ')
            {
              for (int r = 0; r < repeat; r++)
                {
                  g_autoptr(GArray) positions = NULL;
                  gint64 start = bench_now_ns ();
                  double t;

                  positions = plr_store_search (store, typed, &error);
                  t = bench_seconds_since (start);
                  if (positions == NULL)
                    {
                      g_printerr ("bench-search: %s\n", error->message);
                      return 1;
                    }
                  rows = positions->len;
                  g_array_append_val (seconds, t);
                }
              core = bench_median (seconds);

              if (!time_sqlite3_query (typed, &sqlite, &error))
                {
                  g_printerr ("bench-search: sqlite3: %s\n", error->message);
                  return 1;
                }

              key = g_strdup_printf ("search_key_%u", keystrokes++);
              bench_report (key, "%s|%u|%.6f|%.6f", typed, rows, core, sqlite);
              core_sum += core;
              sqlite_sum += sqlite;
              core_worst = MAX (core_worst, core);
              sqlite_worst = MAX (sqlite_worst, sqlite);
            }

          if (*end == '\0')
            break;
        }
    }

  bench_report ("search_s", "%.6f", core_sum);
  bench_report ("search_worst_s", "%.6f", core_worst);
  bench_report ("sqlite_s", "%.6f", sqlite_sum);
  bench_report ("sqlite_worst_s", "%.6f", sqlite_worst);
  bench_report ("search_keystrokes", "%u", keystrokes);

  return EXIT_SUCCESS;
}
