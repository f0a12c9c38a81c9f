/* bench-pdf.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Figure 7: exporting a configured view of 1,000 entries as PDF with
 * plr_view_pdf_render(), into memory: its time and pages per second.
 *
 *   bench-pdf [--entries N] [--seed S] [--repeat R] [--output FILE]
 *
 * The view picks every entry of plr_sample_generate (S, N) with the
 * default fields. Prints pdf_s (median), pdf_pages, pdf_bytes, pdf_entries. */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "plr-sample.h"
#include "plr-view.h"
#include "plr-view-pdf.h"
#include "plr-view-result.h"

#include "bench-util.h"

static int n_entries = 1000;
static gint64 seed = 7;
static int repeat = 3;
static char *output = NULL;

static const GOptionEntry entries[] = {
  { "entries", 'n', 0, G_OPTION_ARG_INT, &n_entries, "Entries in the view (default 1000)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "The learner (default 7)", "S" },
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs to take the median of (default 3)", "R" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Also write the PDF to FILE", "FILE" },
  { NULL }
};

/* Page objects in the PDF: "/Type /Page" not followed by "s". */
static guint
count_pages (GBytes *pdf)
{
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  const char *needle = "/Type /Page";
  gsize needle_length = strlen (needle);
  guint pages = 0;

  for (gsize i = 0; i + needle_length < length; i++)
    if (data[i] == '/' && memcmp (data + i, needle, needle_length) == 0 &&
        data[i + needle_length] != 's')
      pages++;

  return pages;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time a PDF export");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrView) view = NULL;
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GBytes) pdf = NULL;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 || repeat < 1 ||
      n_entries < 1 || seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("bench-pdf: %s\n", error ? error->message : "wrong arguments");
      return 2;
    }

  record = plr_sample_generate ((guint32) seed, (guint) n_entries);
  view = plr_view_new ();
  plr_view_set_name (view, "Benchmark");
  for (guint i = 0; i < plr_record_get_n_events (record); i++)
    plr_view_pick_entry (view, plr_learning_event_get_id (plr_record_get_event (record, i)));

  result = plr_view_apply (view, record, &error);
  if (result == NULL)
    {
      g_printerr ("bench-pdf: %s\n", error->message);
      return 1;
    }

  for (int r = 0; r <= repeat; r++)
    {
      g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
      gint64 start = bench_now_ns ();
      double t;

      if (!plr_view_pdf_render (result, stream, NULL, &error) ||
          !g_output_stream_close (stream, NULL, &error))
        {
          g_printerr ("bench-pdf: %s\n", error->message);
          return 1;
        }
      t = bench_seconds_since (start);
      /* The first run loads the fonts; the median is of the runs after it. */
      if (r > 0)
        g_array_append_val (seconds, t);
      g_clear_pointer (&pdf, g_bytes_unref);
      pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
    }

  if (output != NULL &&
      !g_file_set_contents (output, g_bytes_get_data (pdf, NULL),
                            (gssize) g_bytes_get_size (pdf), &error))
    {
      g_printerr ("bench-pdf: %s\n", error->message);
      return 1;
    }

  bench_report_seconds ("pdf_s", seconds);
  bench_report ("pdf_pages", "%u", count_pages (pdf));
  bench_report ("pdf_bytes", "%" G_GSIZE_FORMAT, g_bytes_get_size (pdf));
  bench_report ("pdf_entries", "%u", plr_view_result_get_n_entries (result));

  return EXIT_SUCCESS;
}
