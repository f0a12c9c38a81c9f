/* main.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "plr-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlrApplication) app = NULL;
  const char *localedir = g_getenv ("LEARNING_RECORD_LOCALEDIR");

  /* Before anything is translated: PlrApplication translates its
   * option summary when it is made, before GTK would set the locale.
   * LEARNING_RECORD_LOCALEDIR runs the translations of a build tree
   * (BUILD/po) without installing them, as the UI tests do. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && localedir[0] ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = plr_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
