/* learning-record-service.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "learning-record-service"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plr-lrs-client.h"
#include "plr-record-file.h"
#include "plr-service.h"

/* The reference PLR service on its own:
 *
 *   learning-record-service [--port N] [--data DIR] [--seed-demo]
 *                           [--fault NAME [--fault-count N]] [--limit NAME=BURST/SECONDS]...
 *   learning-record-service --data DIR challenge resolve ID --accept|--reject [--note TEXT]
 *   learning-record-service lrs fetch --config FILE --uln ULN --given-name G --family-name F
 *                           --date-of-birth YYYY-MM-DD [--gender G] --output FILE
 *   learning-record-service --data DIR learner add --username U [--password-file F]
 *                           --uln ULN --given-name G --family-name F
 *                           --date-of-birth YYYY-MM-DD [--gender G]
 *
 * With --lrs-config FILE the first form is a gateway: learners added with
 * `learner add` get their record from the LRS (docs/lrs-connector.md).
 *
 * The first form serves on 127.0.0.1 until SIGINT or SIGTERM; its first
 * line on stdout is "Listening on http://127.0.0.1:PORT/". The second is
 * the operator's command: it works on the database in DIR directly, with
 * or without a service running on it, and exits. The third is a provider's
 * command: it fetches one learner's record from the LRS's own web service
 * and writes it as a Learning Record file, private to the user, to hand to
 * the learner. */

static int      opt_port = 0;
static char    *opt_data = NULL;
static gboolean opt_seed_demo = FALSE;
static char    *opt_fault = NULL;
static int      opt_fault_count = 0;
static gboolean opt_accept = FALSE;
static gboolean opt_reject = FALSE;
static char    *opt_note = NULL;
static char    *opt_config = NULL;
static char    *opt_uln = NULL;
static char    *opt_given_name = NULL;
static char    *opt_family_name = NULL;
static char    *opt_date_of_birth = NULL;
static char    *opt_gender = NULL;
static char    *opt_output = NULL;
static gboolean opt_version = FALSE;
static char   **opt_limits = NULL;
static char    *opt_lrs_config = NULL;
static char    *opt_username = NULL;
static char    *opt_password_file = NULL;

static const GOptionEntry entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port,
    "Listen on this port of 127.0.0.1 (default: one the system picks)", "N" },
  { "data", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data,
    "Keep the database in this folder (default: in memory)", "DIR" },
  { "seed-demo", 0, 0, G_OPTION_ARG_NONE, &opt_seed_demo,
    "Add the demo learners (demo, sian, ciaran; password demo)", NULL },
  { "fault", 0, 0, G_OPTION_ARG_STRING, &opt_fault,
    "Misbehave on record reads: server-error, unavailable, rate-limited, hang, reset, "
    "truncated, malformed-json, wrong-types, invalid-uln, oversized, added-members", "NAME" },
  { "fault-count", 0, 0, G_OPTION_ARG_INT, &opt_fault_count,
    "Misbehave on the first N record reads only", "N" },
  { "limit", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_limits,
    "Change an abuse limit (docs/protocol.md), such as sign-in-account=5/30; "
    "they cannot be turned off", "NAME=BURST/SECONDS" },
  { "accept", 0, 0, G_OPTION_ARG_NONE, &opt_accept,
    "challenge resolve: accept the challenge and apply its correction", NULL },
  { "reject", 0, 0, G_OPTION_ARG_NONE, &opt_reject,
    "challenge resolve: reject the challenge", NULL },
  { "note", 0, 0, G_OPTION_ARG_STRING, &opt_note,
    "challenge resolve: a note for the learner", "TEXT" },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    "Show the version and exit", NULL },
  { "lrs-config", 0, 0, G_OPTION_ARG_FILENAME, &opt_lrs_config,
    "Fetch the records of learners added with learner add from the LRS; the LRS "
    "configuration, a key file private to you (mode 0600)", "FILE" },
  { NULL }
};

static const GOptionEntry lrs_entries[] = {
  { "config", 0, 0, G_OPTION_ARG_FILENAME, &opt_config,
    "lrs fetch: the LRS configuration, a key file private to you (mode 0600)", "FILE" },
  { "uln", 0, 0, G_OPTION_ARG_STRING, &opt_uln,
    "lrs fetch: the learner's Unique Learner Number", "ULN" },
  { "given-name", 0, 0, G_OPTION_ARG_STRING, &opt_given_name,
    "lrs fetch: the learner's given name", "G" },
  { "family-name", 0, 0, G_OPTION_ARG_STRING, &opt_family_name,
    "lrs fetch: the learner's family name", "F" },
  { "date-of-birth", 0, 0, G_OPTION_ARG_STRING, &opt_date_of_birth,
    "lrs fetch: the learner's date of birth", "YYYY-MM-DD" },
  { "gender", 0, 0, G_OPTION_ARG_STRING, &opt_gender,
    "lrs fetch: the LRS's gender code, 0 not known (default), 1 male, 2 female, "
    "9 not specified", "G" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    "lrs fetch: write the record here, as a Learning Record file (mode 0600)", "FILE" },
  { "username", 0, 0, G_OPTION_ARG_STRING, &opt_username,
    "learner add: the learner's sign-in name", "U" },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file,
    "learner add: read the learner's password from the first line of this file "
    "(default: from standard input)", "FILE" },
  { NULL }
};

static gboolean
on_signal_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);

  return G_SOURCE_CONTINUE;
}

static int
resolve_challenge (const char *id)
{
  g_autoptr(PlrService) service = NULL;
  g_autoptr(GError) error = NULL;

  if (opt_data == NULL)
    {
      g_printerr ("challenge resolve works on a database: give --data DIR\n");
      return EXIT_FAILURE;
    }
  if (opt_accept == opt_reject)
    {
      g_printerr ("challenge resolve needs one of --accept and --reject\n");
      return EXIT_FAILURE;
    }

  service = plr_service_new (opt_data, &error);
  if (service == NULL ||
      !plr_service_resolve_challenge (service, id, opt_accept, opt_note, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("Challenge %s %s.\n", id, opt_accept ? "accepted" : "rejected");
  return EXIT_SUCCESS;
}

static int
lrs_fetch (void)
{
  g_autoptr(PlrLrsClient) client = NULL;
  g_autoptr(PlrLrsQuery) query = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outcome = NULL;

  if (opt_config == NULL || opt_uln == NULL || opt_given_name == NULL ||
      opt_family_name == NULL || opt_date_of_birth == NULL || opt_output == NULL)
    {
      g_printerr ("lrs fetch needs --config, --uln, --given-name, --family-name, "
                  "--date-of-birth and --output\n");
      return EXIT_FAILURE;
    }

  /* Everything is checked before the LRS is asked, and nothing is written
   * unless it answered with a record. */
  client = plr_lrs_client_new_from_file (opt_config, &error);
  if (client == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  query = plr_lrs_query_new (opt_uln, opt_given_name, opt_family_name, opt_date_of_birth,
                             opt_gender, &error);
  if (query == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  record = plr_lrs_client_fetch (client, query, NULL, &error);
  if (record == NULL)
    {
      g_printerr ("No record was fetched. %s\n", error->message);
      return EXIT_FAILURE;
    }

  output = g_file_new_for_commandline_arg (opt_output);
  if (!plr_record_file_save (record, output, NULL, &error))
    {
      g_printerr ("Could not write the record: %s\n", error->message);
      return EXIT_FAILURE;
    }

  outcome = plr_lrs_describe_outcome (record);
  g_print ("%s\n", outcome);
  g_print ("Wrote the record to %s, readable only by you. Hand it to the learner; they open "
           "it with Learning Record (Open Record File…).\n", opt_output);

  return EXIT_SUCCESS;
}

static char *
read_password (GError **error)
{
  g_autofree char *contents = NULL;
  char *newline;

  if (opt_password_file != NULL)
    {
      if (!g_file_get_contents (opt_password_file, &contents, NULL, error))
        return NULL;
    }
  else
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);

      contents = g_data_input_stream_read_line_utf8 (data, NULL, NULL, error);
      if (contents == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                 "No password on standard input");
          return NULL;
        }
    }

  /* The first line is the password; a file written by an editor ends in a
   * newline that is not part of it. */
  newline = strpbrk (contents, "\r\n");
  if (newline != NULL)
    *newline = '\0';

  if (*contents == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The password is empty");
      return NULL;
    }

  return g_steal_pointer (&contents);
}

static int
learner_add (void)
{
  g_autoptr(PlrService) service = NULL;
  g_autoptr(PlrLrsQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;

  if (opt_data == NULL)
    {
      g_printerr ("learner add works on a database: give --data DIR\n");
      return EXIT_FAILURE;
    }
  if (opt_username == NULL || opt_uln == NULL || opt_given_name == NULL ||
      opt_family_name == NULL || opt_date_of_birth == NULL)
    {
      g_printerr ("learner add needs --username, --uln, --given-name, --family-name and "
                  "--date-of-birth\n");
      return EXIT_FAILURE;
    }

  /* The details are checked as the LRS would need them before anything is
   * stored. */
  query = plr_lrs_query_new (opt_uln, opt_given_name, opt_family_name, opt_date_of_birth,
                             opt_gender, &error);
  if (query == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  password = read_password (&error);
  if (password == NULL)
    {
      g_printerr ("Could not read the password: %s\n", error->message);
      return EXIT_FAILURE;
    }

  service = plr_service_new (opt_data, &error);
  if (service == NULL ||
      !plr_service_add_lrs_learner (service, opt_username, password, query, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  g_print ("Added learner %s. Their record is fetched from the LRS when they sign in to a "
           "service started with --lrs-config.\n", opt_username);
  return EXIT_SUCCESS;
}

static gboolean
lrs_options_given (void)
{
  return opt_config != NULL || opt_uln != NULL || opt_given_name != NULL ||
         opt_family_name != NULL || opt_date_of_birth != NULL || opt_gender != NULL ||
         opt_output != NULL || opt_username != NULL || opt_password_file != NULL;
}

static int
serve (void)
{
  g_autoptr(PlrService) service = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PlrServiceFault fault = PLR_SERVICE_FAULT_NONE;
  guint sigint_id, sigterm_id;

  if (opt_port < 0 || opt_port > G_MAXUINT16)
    {
      g_printerr ("--port must be from 0 to 65535\n");
      return EXIT_FAILURE;
    }
  if (opt_fault != NULL && !plr_service_fault_from_nick (opt_fault, &fault))
    {
      g_printerr ("Unknown fault “%s”\n", opt_fault);
      return EXIT_FAILURE;
    }
  if (opt_fault_count < 0)
    {
      g_printerr ("--fault-count must be 0 or more\n");
      return EXIT_FAILURE;
    }

  service = plr_service_new (opt_data, &error);
  if (service == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (opt_seed_demo && !plr_service_seed_demo (service, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  plr_service_set_fault (service, fault, (guint) opt_fault_count);

  for (guint i = 0; opt_limits != NULL && opt_limits[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit_set (opt_limits[i], "=/", 3);
      PlrServiceLimit limit;
      guint64 burst, seconds;

      if (g_strv_length (parts) != 3 || !plr_service_limit_from_name (parts[0], &limit) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT32, &burst, NULL) ||
          !g_ascii_string_to_unsigned (parts[2], 10, 1, G_MAXUINT32, &seconds, NULL))
        {
          g_printerr ("--limit takes NAME=BURST/SECONDS with a known name and whole numbers "
                      "from 1, not “%s”\n", opt_limits[i]);
          return EXIT_FAILURE;
        }
      plr_service_set_limit (service, limit, (guint) burst, (guint) seconds);
    }

  if (opt_lrs_config != NULL)
    {
      g_autoptr(PlrLrsClient) client = plr_lrs_client_new_from_file (opt_lrs_config, &error);

      if (client == NULL)
        {
          g_printerr ("%s\n", error->message);
          return EXIT_FAILURE;
        }
      plr_service_set_lrs_client (service, client);
    }

  if (!plr_service_listen_local (service, (guint) opt_port, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  url = plr_service_dup_base_url (service);
  g_print ("Listening on %s\n", url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal_cb, loop);

  g_main_loop_run (loop);

  g_clear_handle_id (&sigint_id, g_source_remove);
  g_clear_handle_id (&sigterm_id, g_source_remove);

  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("[challenge resolve ID | lrs fetch | learner add] — the reference PLR "
                                  "service");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_main_entries (context, lrs_entries, NULL);
  g_option_context_set_description (context,
                                    "Serves the PLR service protocol on 127.0.0.1, for the "
                                    "demo mode and the tests of Learning Record. lrs fetch "
                                    "fetches one learner's record from the Learning Records "
                                    "Service (see docs/lrs-connector.md).");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if (opt_version)
    {
      /* The one version of the project, from meson.build. */
      g_print ("%s %s\n", "learning-record-service", PACKAGE_VERSION);
      status = EXIT_SUCCESS;
    }
  else if (argc == 4 && g_str_equal (argv[1], "challenge") && g_str_equal (argv[2], "resolve"))
    {
      if (opt_seed_demo || opt_fault != NULL || opt_port != 0)
        {
          g_printerr ("challenge resolve takes only --data, --accept, --reject and --note\n");
          status = EXIT_FAILURE;
        }
      else
        status = resolve_challenge (argv[3]);
    }
  else if (argc == 3 && g_str_equal (argv[1], "learner") && g_str_equal (argv[2], "add"))
    {
      if (opt_seed_demo || opt_fault != NULL || opt_port != 0 || opt_accept || opt_reject ||
          opt_note != NULL || opt_config != NULL || opt_output != NULL || opt_lrs_config != NULL)
        {
          g_printerr ("learner add takes only --data, --username, --password-file, --uln, "
                      "--given-name, --family-name, --date-of-birth and --gender\n");
          status = EXIT_FAILURE;
        }
      else
        status = learner_add ();
    }
  else if (argc == 3 && g_str_equal (argv[1], "lrs") && g_str_equal (argv[2], "fetch"))
    {
      if (opt_seed_demo || opt_fault != NULL || opt_port != 0 || opt_data != NULL ||
          opt_accept || opt_reject || opt_note != NULL || opt_username != NULL ||
          opt_password_file != NULL || opt_lrs_config != NULL)
        {
          g_printerr ("lrs fetch takes only --config, --uln, --given-name, --family-name, "
                      "--date-of-birth, --gender and --output\n");
          status = EXIT_FAILURE;
        }
      else
        status = lrs_fetch ();
    }
  else if (argc == 1 && lrs_options_given ())
    {
      g_printerr ("--config, --uln, --given-name, --family-name, --date-of-birth, --gender, "
                  "--output, --username and --password-file belong to lrs fetch or "
                  "learner add\n");
      status = EXIT_FAILURE;
    }
  else if (argc == 1)
    {
      if (opt_accept || opt_reject || opt_note != NULL)
        {
          g_printerr ("--accept, --reject and --note belong to challenge resolve\n");
          status = EXIT_FAILURE;
        }
      else
        status = serve ();
    }
  else
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      status = EXIT_FAILURE;
    }

  g_clear_pointer (&opt_data, g_free);
  g_clear_pointer (&opt_fault, g_free);
  g_clear_pointer (&opt_note, g_free);
  g_clear_pointer (&opt_config, g_free);
  g_clear_pointer (&opt_uln, g_free);
  g_clear_pointer (&opt_given_name, g_free);
  g_clear_pointer (&opt_family_name, g_free);
  g_clear_pointer (&opt_date_of_birth, g_free);
  g_clear_pointer (&opt_gender, g_free);
  g_clear_pointer (&opt_output, g_free);
  g_clear_pointer (&opt_lrs_config, g_free);
  g_clear_pointer (&opt_username, g_free);
  g_clear_pointer (&opt_password_file, g_free);

  return status;
}
