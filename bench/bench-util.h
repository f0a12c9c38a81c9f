/* bench-util.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the benchmark helpers share: one clock, one way to summarise
 * repeated runs, one way to read the peak memory, one way to print a
 * figure, and the parse-only baseline that several figures compare with.
 *
 * Every helper prints its figures as KEY=VALUE lines on standard output,
 * times in seconds, memory in KiB, sizes in bytes; bench/run reads them. */

gint64   bench_now_ns              (void);
double   bench_seconds_since       (gint64       start_ns);
double   bench_median              (GArray      *seconds);
double   bench_min                 (GArray      *seconds);
gint64   bench_peak_rss_kb         (void);
gint64   bench_rss_kb              (void);
void     bench_report              (const char  *key,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (2, 3);
void     bench_report_seconds      (const char  *key,
                                    GArray      *seconds);
gboolean bench_parse_only_file     (const char  *path,
                                    GError     **error);
gboolean bench_parse_only_data     (const char  *data,
                                    gsize        length,
                                    GError     **error);
void     bench_remove_database     (const char  *path);

/* The longest the thread's default main context went without dispatching
 * between bench_stall_watch_start() and _stop(): a timeout that should run
 * every millisecond notes the longest gap between its runs. That is the
 * longest any callback kept the main loop from drawing a frame. */
typedef struct
{
  GSource *source;
  gint64   last_ns;
  gint64   longest_ns;
} BenchStallWatch;

void     bench_stall_watch_start   (BenchStallWatch *watch);
double   bench_stall_watch_stop    (BenchStallWatch *watch);

G_END_DECLS
