/* plr-generate.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "plr-record-json.h"
#include "plr-sample.h"

/* Writes a made-up learning record as a record document, for benchmarks,
 * for filling a service with learners, and for data/sample-learner.json:
 *
 *   plr-generate --demo --output data/sample-learner.json
 *   plr-generate --seed 7 --events 100000 > big.json
 */

static gint64 seed = -1;
static gint events = -1;
static gboolean demo = FALSE;
static char *output = NULL;

static const GOptionEntry entries[] = {
  { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
    "The learner to make: the same seed gives the same record (default 1)", "N" },
  { "events", 'n', 0, G_OPTION_ARG_INT, &events,
    "How many learning events to make (default 24)", "N" },
  { "demo", 'd', 0, G_OPTION_ARG_NONE, &demo,
    "Make the demo learner that the app bundles", NULL },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
    "Write the record to FILE instead of standard output", "FILE" },
  { NULL }
};

static gboolean
write_record (GBytes      *json,
              const char  *path,
              GError     **error)
{
  gsize length;
  const char *data = g_bytes_get_data (json, &length);
  g_autofree char *text = NULL;

  /* The document plus a final newline, as text files end */
  text = g_malloc (length + 1);
  memcpy (text, data, length);
  text[length] = '\n';

  if (path != NULL && !g_str_equal (path, "-"))
    return g_file_set_contents (path, text, (gssize) length + 1, error);

  if (fwrite (text, 1, length + 1, stdout) != length + 1 || fflush (stdout) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "Could not write to standard output");
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GBytes) json = NULL;
  guint max_events = plr_record_limits_default ()->max_events;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("- write a made-up learning record");
  g_option_context_set_summary (context,
                                "Writes the record of a made-up learner as a Learning Record "
                                "document (JSON).\nThe same seed and event count always give "
                                "the same bytes.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("plr-generate: %s\n", error->message);
      return 2;
    }

  if (argc > 1)
    {
      g_printerr ("plr-generate: unexpected argument “%s”\n", argv[1]);
      return 2;
    }

  if (demo && (seed >= 0 || events >= 0))
    {
      g_printerr ("plr-generate: --demo makes the demo learner; leave out --seed and --events\n");
      return 2;
    }

  if (seed > (gint64) G_MAXUINT32)
    {
      g_printerr ("plr-generate: --seed must be from 0 to %u\n", G_MAXUINT32);
      return 2;
    }
  if (seed < 0)
    seed = 1;

  if (events < -1 || (events >= 0 && (guint) events > max_events))
    {
      g_printerr ("plr-generate: --events must be from 0 to %u, the most a record may hold\n",
                  max_events);
      return 2;
    }
  if (events < 0)
    events = 24;

  if (demo)
    record = plr_sample_demo ();
  else
    record = plr_sample_generate ((guint32) seed, (guint) events);

  json = plr_record_json_write (record);

  if (!write_record (json, output, &error))
    {
      g_printerr ("plr-generate: %s\n", error->message);
      return 1;
    }

  g_clear_pointer (&output, g_free);

  return 0;
}
