/* bench-parse-only.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The baseline of figure 2: json-glib parses the same file into its tree
 * and does nothing else.
 *
 *   bench-parse-only [--repeat N] FILE...
 *
 * Prints parse_only_s (the median over N runs of reading and parsing every
 * FILE once), parse_only_s_min and parse_only_bytes. */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "bench-util.h"

static int repeat = 5;

static const GOptionEntry entries[] = {
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs to take the median of (default 5)", "N" },
  { NULL }
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE... - parse JSON and nothing else");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 bytes = 0;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc < 2 || repeat < 1)
    {
      g_printerr ("bench-parse-only: %s\n", error ? error->message : "give one or more files");
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (argv[i]);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, &error);
      if (info == NULL)
        {
          g_printerr ("bench-parse-only: %s\n", error->message);
          return 1;
        }
      bytes += (guint64) g_file_info_get_size (info);
    }

  for (int r = 0; r < repeat; r++)
    {
      gint64 start = bench_now_ns ();
      double elapsed;

      for (int i = 1; i < argc; i++)
        {
          if (!bench_parse_only_file (argv[i], &error))
            {
              g_printerr ("bench-parse-only: %s: %s\n", argv[i], error->message);
              return 1;
            }
        }
      elapsed = bench_seconds_since (start);
      g_array_append_val (seconds, elapsed);
    }

  bench_report_seconds ("parse_only_s", seconds);
  bench_report ("parse_only_bytes", "%" G_GUINT64_FORMAT, bytes);

  return EXIT_SUCCESS;
}
