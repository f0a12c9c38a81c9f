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
 * least N items, i.e. the first frame that shows the record's list.
 *
 * With BENCH_TYPE="phrase|phrase|..." it then types each phrase into the
 * window's search entry, a character at a time as a person would (the
 * entry cleared before each phrase), and for every keystroke times the
 * app from the entry's search-changed (after GTK's own typing delay) to
 * the end of the first frame painted after the list's model changed. It
 * adds to the output:
 *
 *   typing_keystrokes=N      keystrokes typed
 *   typing_measured=N        of which the list changed (the others timed out)
 *   typing_results_s=S       the sum of those times
 *   typing_worst_s=S         the longest of them
 *   typing_stall_ms=MS       the longest the main loop went without
 *                            dispatching, from the first keystroke to the end
 *                            (a 1 ms timeout notes the gaps between its runs)
 */

#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "bench-util.h"

#define KEYSTROKE_GAP_MS 60
#define RESULTS_TIMEOUT_MS 3000

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

/* Widgets per row ---------------------------------------------------- */

static guint
count_css_class (GtkWidget  *widget,
                 const char *css_class)
{
  guint n = gtk_widget_has_css_class (widget, css_class) && gtk_widget_get_visible (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_css_class (child, css_class);

  return n;
}

static guint
count_widgets (GtkWidget *widget)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);

  return n;
}

static GtkWidget *
find_column_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_column_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* What a row of the table costs: the widgets under each row the column
 * view's list holds (the row itself included), and how many rows it holds,
 * on show or not. */
static void
count_row_widgets (GtkWidget *window,
                   guint     *n_rows,
                   guint     *n_widgets)
{
  GtkWidget *view = find_column_view (window);

  *n_rows = 0;
  *n_widgets = 0;
  if (view == NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_LIST_VIEW (child))
        continue;

      for (GtkWidget *row = gtk_widget_get_first_child (child);
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          /* The list's rows, not its rubberband or other helpers. */
          if (g_strcmp0 (gtk_widget_get_css_name (row), "row") != 0)
            continue;
          *n_rows += 1;
          *n_widgets += count_widgets (row);
        }
    }
}

/* Typing ------------------------------------------------------------ */

typedef struct
{
  char          **phrases;
  guint           phrase;
  gsize           typed;
  GtkEditable    *entry;
  GListModel     *model;
  gint64          search_ns;
  gboolean        searching;
  gboolean        changed;
  gboolean        clearing;
  guint           timeout_id;
  guint           keystrokes;
  guint           measured;
  double          results_s;
  double          worst_s;
  BenchStallWatch stall;
} Typing;

static Typing *typing;

static void next_keystroke (void);

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
finish_typing (void)
{
  const char *path = g_getenv ("BENCH_FIRST_FRAME_OUT");
  FILE *out = path != NULL ? fopen (path, "a") : stderr;
  double stall_ms = bench_stall_watch_stop (&typing->stall);

  if (out != NULL)
    {
      fprintf (out,
               "typing_keystrokes=%u\ntyping_measured=%u\ntyping_results_s=%.6f\n"
               "typing_worst_s=%.6f\ntyping_stall_ms=%.2f\n",
               typing->keystrokes, typing->measured, typing->results_s, typing->worst_s,
               stall_ms);
      fflush (out);
      if (out != stderr)
        fclose (out);
    }

  _exit (0);
}

static gboolean
on_next_keystroke_cb (gpointer user_data)
{
  typing->timeout_id = 0;
  typing->clearing = FALSE;
  next_keystroke ();
  return G_SOURCE_REMOVE;
}

static void
keystroke_done (void)
{
  g_clear_handle_id (&typing->timeout_id, g_source_remove);
  typing->searching = FALSE;
  typing->changed = FALSE;
  typing->timeout_id = g_timeout_add (KEYSTROKE_GAP_MS, on_next_keystroke_cb, NULL);
}

static gboolean
on_results_timeout_cb (gpointer user_data)
{
  /* The list did not change: not timed. */
  typing->timeout_id = 0;
  keystroke_done ();
  return G_SOURCE_REMOVE;
}

static void
next_keystroke (void)
{
  const char *phrase = typing->phrases[typing->phrase];
  int position;

  if (phrase == NULL)
    {
      finish_typing ();
      return;
    }

  if (typing->typed == strlen (phrase))
    {
      typing->phrase++;
      typing->typed = 0;
      /* Clearing is typing too, but not timed: wait for it to settle. */
      typing->clearing = TRUE;
      gtk_editable_set_text (typing->entry, "");
      typing->timeout_id = g_timeout_add (RESULTS_TIMEOUT_MS, on_next_keystroke_cb, NULL);
      return;
    }

  /* One character added at the end, as a key press adds it: setting the
   * whole text would empty the entry first, and an empty search entry
   * reports the change at once. */
  position = (int) typing->typed;
  typing->typed++;
  typing->keystrokes++;
  typing->searching = FALSE;
  typing->changed = FALSE;
  gtk_editable_insert_text (typing->entry, phrase + position, 1, &position);
  typing->timeout_id = g_timeout_add (RESULTS_TIMEOUT_MS, on_results_timeout_cb, NULL);
}

static void
on_search_changed_cb (GtkSearchEntry *entry)
{
  typing->search_ns = bench_now_ns ();
  typing->searching = TRUE;
}

static void
on_model_changed_cb (GListModel *model)
{
  if (typing->searching)
    typing->changed = TRUE;
}

static void
typing_after_paint (void)
{
  double seconds;

  if (typing->clearing || !typing->searching || !typing->changed)
    return;

  seconds = (bench_now_ns () - typing->search_ns) / 1e9;
  typing->measured++;
  typing->results_s += seconds;
  typing->worst_s = MAX (typing->worst_s, seconds);
  keystroke_done ();
}

static void
start_typing (GtkWidget  *window,
              const char *phrases)
{
  GtkWidget *entry = find_widget (window, GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *view = find_widget (window, GTK_TYPE_COLUMN_VIEW);

  if (entry == NULL || view == NULL)
    {
      g_printerr ("bench-first-frame: no search entry or list to type into\n");
      _exit (3);
    }

  typing = g_new0 (Typing, 1);
  typing->phrases = g_strsplit (phrases, "|", -1);
  typing->entry = GTK_EDITABLE (entry);
  typing->model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed_cb), NULL);
  g_signal_connect_after (typing->model, "items-changed", G_CALLBACK (on_model_changed_cb), NULL);

  bench_stall_watch_start (&typing->stall);

  next_keystroke ();
}

static int settle_ms = -1;
static gboolean settled;

static gboolean
queue_draw_cb (gpointer data)
{
  settled = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (data));
  return G_SOURCE_REMOVE;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   GtkWidget     *window)
{
  const char *path = g_getenv ("BENCH_FIRST_FRAME_OUT");
  const char *phrases = g_getenv ("BENCH_TYPE");
  gint64 now = bench_now_ns ();
  FILE *out;

  if (typing != NULL)
    {
      typing_after_paint ();
      return;
    }

  if (first_paint_ns == 0)
    first_paint_ns = now;

  if (!shown_at_layout)
    return;

  /* BENCH_SETTLE_MS: report a later frame instead, to count what the
   * window shows once what it loads after its first frame has come (the
   * badges of the last fetch's changes). Not for timing. */
  if (settle_ms < 0)
    {
      const char *settle = g_getenv ("BENCH_SETTLE_MS");

      settle_ms = settle != NULL ? (int) g_ascii_strtoll (settle, NULL, 10) : 0;
      if (settle_ms > 0)
        {
          g_timeout_add (settle_ms, queue_draw_cb, window);
          return;
        }
    }
  if (settle_ms > 0 && !settled)
    return;

  out = path != NULL ? fopen (path, "w") : stderr;
  if (out != NULL)
    {
      guint n_rows, n_widgets;

      count_row_widgets (window, &n_rows, &n_widgets);
      fprintf (out,
               "first_frame_ns=%" G_GINT64_FORMAT "\npeak_rss_kb=%" G_GINT64_FORMAT "\nrows=%u\n"
               "present_ns=%" G_GINT64_FORMAT "\nfirst_paint_ns=%" G_GINT64_FORMAT "\n"
               "list_rows=%u\nlist_row_widgets=%u\nwindow_widgets=%u\nbadges=%u\n",
               now, bench_peak_rss_kb (), rows_at_layout, present_ns, first_paint_ns,
               n_rows, n_widgets, count_widgets (window), count_css_class (window, "plr-badge"));
      fflush (out);
      if (out != stderr)
        fclose (out);
    }

  if (phrases != NULL && *phrases != '\0')
    {
      start_typing (window, phrases);
      return;
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
    present_ns = bench_now_ns ();

  if (real_present == NULL)
    real_present = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");

  min_rows = rows != NULL ? (guint) g_ascii_strtoull (rows, NULL, 10) : 0;

  if (!watching)
    g_signal_connect (window, "realize", G_CALLBACK (on_realize_cb), NULL);

  real_present (window);

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    watch_frame_clock (GTK_WIDGET (window));
}
