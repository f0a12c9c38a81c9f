/* bench-bare-window.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The baseline of figure 1: a bare libadwaita window, started the way
 * Learning Record starts (an AdwApplication whose activate presents an
 * AdwApplicationWindow of the app's default size with a header bar), and
 * nothing else. bench/run times it with the same first-frame probe as the
 * app (libbench-first-frame.so). */

#include "config.h"

#include <adwaita.h>

static void
on_activate_cb (GApplication *app,
                gpointer      user_data)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_window_set_title (GTK_WINDOW (window), "Learning Record");
  /* The app's default size: window-width and window-height in the GSettings schema */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);

  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), content);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  app = adw_application_new ("io.github.learningrecord.LearningRecord.BenchBareWindow",
                             G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
