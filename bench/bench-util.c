/* bench-util.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench-util.h"

gint64
bench_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

double
bench_seconds_since (gint64 start_ns)
{
  return (double) (bench_now_ns () - start_ns) / 1e9;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (GArray *seconds)
{
  g_autoptr(GArray) sorted = NULL;
  guint n = seconds->len;

  if (n == 0)
    return 0.0;

  sorted = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  g_array_append_vals (sorted, seconds->data, n);
  g_array_sort (sorted, compare_doubles);

  if (n % 2 == 1)
    return g_array_index (sorted, double, n / 2);
  return (g_array_index (sorted, double, n / 2 - 1) + g_array_index (sorted, double, n / 2)) / 2;
}

double
bench_min (GArray *seconds)
{
  double min = G_MAXDOUBLE;

  for (guint i = 0; i < seconds->len; i++)
    min = MIN (min, g_array_index (seconds, double, i));

  return seconds->len > 0 ? min : 0.0;
}

static gint64
read_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;
  gsize key_length = strlen (key);

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;

  for (line = status; line != NULL && *line != '\0'; )
    {
      const char *next = strchr (line, '\n');

      if (strncmp (line, key, key_length) == 0 && line[key_length] == ':')
        return g_ascii_strtoll (line + key_length + 1, NULL, 10);

      line = next != NULL ? next + 1 : NULL;
    }

  return -1;
}

/* The process's peak resident set (VmHWM), in KiB. */
gint64
bench_peak_rss_kb (void)
{
  return read_status_kb ("VmHWM");
}

gint64
bench_rss_kb (void)
{
  return read_status_kb ("VmRSS");
}

void
bench_report (const char *key,
              const char *format,
              ...)
{
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);

  printf ("%s=%s\n", key, value);
  fflush (stdout);
}

/* KEY=median, KEY_min=fastest, KEY_n=runs. */
void
bench_report_seconds (const char *key,
                      GArray     *seconds)
{
  g_autofree char *min_key = g_strconcat (key, "_min", NULL);
  g_autofree char *n_key = g_strconcat (key, "_n", NULL);

  bench_report (key, "%.6f", bench_median (seconds));
  bench_report (min_key, "%.6f", bench_min (seconds));
  bench_report (n_key, "%u", seconds->len);
}

/* The baseline of figures 2 and 3: json-glib parsing the document into its
 * tree and doing nothing else; the tree is freed, as any reader frees it. */
gboolean
bench_parse_only_data (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return json_parser_load_from_data (parser, data, (gssize) length, error);
}

gboolean
bench_parse_only_file (const char  *path,
                       GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;

  return bench_parse_only_data (data, length, error);
}

/* A SQLite database and its write-ahead log, if any. */
void
bench_remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static gboolean
stall_tick_cb (gpointer user_data)
{
  BenchStallWatch *watch = user_data;
  gint64 now = bench_now_ns ();

  watch->longest_ns = MAX (watch->longest_ns, now - watch->last_ns);
  watch->last_ns = now;

  return G_SOURCE_CONTINUE;
}

void
bench_stall_watch_start (BenchStallWatch *watch)
{
  watch->longest_ns = 0;
  watch->last_ns = bench_now_ns ();
  watch->source = g_timeout_source_new (1);
  g_source_set_priority (watch->source, G_PRIORITY_HIGH);
  g_source_set_callback (watch->source, stall_tick_cb, watch, NULL);
  g_source_attach (watch->source, g_main_context_get_thread_default ());
}

/* Returns the longest gap in milliseconds, less the millisecond the
 * timeout waits by design. */
double
bench_stall_watch_stop (BenchStallWatch *watch)
{
  stall_tick_cb (watch);
  g_source_destroy (watch->source);
  g_clear_pointer (&watch->source, g_source_unref);

  return MAX (0.0, watch->longest_ns / 1e6 - 1.0);
}
