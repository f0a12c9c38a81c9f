/* bench-first-frame.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A probe for figure 1, loaded with LD_PRELOAD into the app and into the
 * bare window alike, so both are timed the same way without a hook in
 * src/ui/. It wraps gtk_window_present() to watch the window's frame
 * clock and, at the end of the first frame that shows what is waited for,
 * writes to $BENCH_FIRST_FRAME_OUT:
 *
 *   first_frame_ns=N   CLOCK_MONOTONIC at the end of that frame's paint
 *   peak_rss_kb=N      the process's VmHWM then
 *   rows=N             the items of the list shown
 *   present_ns=N       when the app called gtk_window_present()
 *   first_paint_ns=N   the end of the window's first frame, whatever it showed
 *
 * and ends the process at once (_exit). What is waited for: the first
 * frame at all, or with BENCH_MIN_ROWS=N the first frame painted after a
 * layout in which a mapped GtkColumnView or GtkListView had a model of at
 * least N items, i.e. the first frame that shows the record's list. */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gtk/gtk.h>

static guint min_rows;
static gint64 present_ns;
static gint64 first_paint_ns;
static gboolean shown_at_layout;
static guint rows_at_layout;
static gboolean watching;

static guint
find_rows (GtkWidget *widget)
{
  GListModel *model = NULL;

  if (!gtk_widget_get_mapped (widget))
    return 0;

  if (GTK_IS_COLUMN_VIEW (widget))
    model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (widget)));
  else if (GTK_IS_LIST_VIEW (widget))
    model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (widget)));

  if (model != NULL)
    return g_list_model_get_n_items (model);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      guint rows = find_rows (child);

      if (rows > 0)
        return rows;
    }

  return 0;
}

static gint64
now_ns (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (gint64) now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
}

static long long
peak_rss_kb (void)
{
  FILE *status = fopen ("/proc/self/status", "r");
  char line[256];
  long long kb = -1;

  if (status == NULL)
    return -1;
  while (fgets (line, sizeof line, status) != NULL)
    if (strncmp (line, "VmHWM:", 6) == 0)
      kb = atoll (line + 6);
  fclose (status);

  return kb;
}

static void
on_layout_cb (GdkFrameClock *clock,
              GtkWidget     *window)
{
  if (min_rows == 0)
    {
      shown_at_layout = TRUE;
      return;
    }

  rows_at_layout = find_rows (window);
  shown_at_layout = rows_at_layout >= min_rows;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  const char *path = g_getenv ("BENCH_FIRST_FRAME_OUT");
  gint64 now = now_ns ();
  FILE *out;

  if (first_paint_ns == 0)
    first_paint_ns = now;

  if (!shown_at_layout)
    return;

  out = path != NULL ? fopen (path, "w") : stderr;
  if (out != NULL)
    {
      fprintf (out,
               "first_frame_ns=%" G_GINT64_FORMAT "\npeak_rss_kb=%lld\nrows=%u\n"
               "present_ns=%" G_GINT64_FORMAT "\nfirst_paint_ns=%" G_GINT64_FORMAT "\n",
               now, peak_rss_kb (), rows_at_layout, present_ns, first_paint_ns);
      fflush (out);
      if (out != stderr)
        fclose (out);
    }

  _exit (0);
}

static void
watch_frame_clock (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock == NULL || watching)
    return;

  watching = TRUE;
  g_signal_connect_after (clock, "layout", G_CALLBACK (on_layout_cb), window);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint_cb), window);
}

static void
on_realize_cb (GtkWidget *window,
               gpointer   user_data)
{
  watch_frame_clock (window);
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*real_present) (GtkWindow *) = NULL;
  const char *rows = g_getenv ("BENCH_MIN_ROWS");

  if (present_ns == 0)
    present_ns = now_ns ();

  if (real_present == NULL)
    real_present = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");

  min_rows = rows != NULL ? (guint) g_ascii_strtoull (rows, NULL, 10) : 0;

  if (!watching)
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);

  real_present (window);

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    watch_frame_clock (GTK_WIDGET (window));
}
