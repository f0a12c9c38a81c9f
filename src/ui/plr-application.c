/* plr-application.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <string.h>

#include "plr-application.h"
#include "plr-form-sign-in.h"
#include "plr-preferences-window.h"
#include "plr-record-file.h"
#include "plr-secret-token-store.h"
#include "plr-service-thread.h"
#include "plr-sync.h"
#include "plr-check-window.h"
#include "plr-verify-command.h"
#include "plr-view-export.h"
#include "plr-view-result.h"
#include "plr-window.h"

/* For tests and administrators only: when set, this service address is used
 * instead of the one in Preferences, without being saved. */
#define SERVICE_URL_ENV "LEARNING_RECORD_SERVICE_URL"

/* For the UI tests only: "form:USER:PASS" signs in by filling in the
 * reference service's sign-in form instead of opening a browser. */
#define TEST_BROWSER_ENV "LEARNING_RECORD_TEST_BROWSER"

/* The demo learner of the embedded reference service (plr_service_seed_demo). */
#define DEMO_USERNAME "demo"
#define DEMO_PASSWORD "demo"

struct _PlrApplication
{
  AdwApplication    parent_instance;

  PlrStore         *store;
  PlrClient        *client;
  PlrSync          *sync;
  GSettings        *settings;
  PlrServiceThread *demo_service;
  SoupSession      *demo_browser;
  char             *test_username;
  char             *test_password;
  char             *startup_message;
  char             *client_error;
  guint             sigterm_source;
  gboolean          demo;
};

G_DEFINE_FINAL_TYPE (PlrApplication, plr_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_CLIENT_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Demo mode keeps its own cache so it never touches the learner's record. */
static char *
dup_store_path (gboolean demo)
{
  return g_build_filename (g_get_user_data_dir (), "learning-record",
                           demo ? "demo.db" : "cache.db", NULL);
}

/* Opens the cache. A damaged one has been moved aside by the store; open a
 * fresh one and keep the store's explanation to show the learner. */
static PlrStore *
open_store (gboolean   demo,
            char     **message,
            GError   **error)
{
  g_autofree char *path = dup_store_path (demo);
  g_autoptr(GError) local_error = NULL;
  PlrStore *store;

  store = plr_store_new (path, &local_error);
  if (store == NULL && g_error_matches (local_error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT))
    {
      if (message)
        *message = g_strdup (local_error->message);
      g_clear_error (&local_error);
      store = plr_store_new (path, &local_error);
    }

  if (store == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return store;
}

/* Command-line output goes to the terminal that asked: this process's, or
 * the one of a second "learning-record --import" handed to this instance. */
static void say (GApplicationCommandLine *cmdline,
                 gboolean                 is_error,
                 const char              *format,
                 ...) G_GNUC_PRINTF (3, 4);

static void
say (GApplicationCommandLine *cmdline,
     gboolean                 is_error,
     const char              *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (cmdline != NULL && is_error)
    g_application_command_line_printerr (cmdline, "%s", message);
  else if (cmdline != NULL)
    g_application_command_line_print (cmdline, "%s", message);
  else if (is_error)
    g_printerr ("%s", message);
  else
    g_print ("%s", message);
}

static char *
describe_import (PlrRecord     *record,
                 PlrRecordDiff *diff)
{
  guint n = plr_record_get_n_events (record);

  return g_strdup_printf (ngettext ("Imported %u learning event "
                                    "(%u new, %u changed, %u removed)\n",
                                    "Imported %u learning events "
                                    "(%u new, %u changed, %u removed)\n", n),
                          n,
                          plr_record_diff_get_n_added (diff),
                          plr_record_diff_get_n_changed (diff),
                          plr_record_diff_get_n_removed (diff));
}

static int
run_import (PlrStore                *store,
            GFile                   *file,
            GApplicationCommandLine *cmdline)
{
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  record = plr_record_file_load (file, NULL, &error);
  if (record == NULL || !plr_store_replace_record (store, record, &diff, &error))
    {
      /* Translators: %s is the reason, such as "events[3].grade: expected a string" */
      say (cmdline, TRUE, _("Could not import the record: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  summary = describe_import (record, diff);
  say (cmdline, FALSE, "%s", summary);

  return EXIT_SUCCESS;
}

static int
run_export (PlrStore                *store,
            GFile                   *file,
            GApplicationCommandLine *cmdline)
{
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  if (record == NULL)
    {
      if (error)
        say (cmdline, TRUE, _("Could not read the cached record: %s\n"), error->message);
      else
        say (cmdline, TRUE, _("There is no record to export yet. Import or fetch your record "
                              "first.\n"));
      return EXIT_FAILURE;
    }

  if (!plr_record_file_save (record, file, NULL, &error))
    {
      say (cmdline, TRUE, _("Could not export the record: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  say (cmdline, FALSE, ngettext ("Exported %u learning event\n", "Exported %u learning events\n",
                     plr_record_get_n_events (record)),
           plr_record_get_n_events (record));

  return EXIT_SUCCESS;
}

/* Writes a saved view's PDF, HTML or JSON, and logs it in the sharing log. */
static int
run_export_view (PlrStore                *store,
                 const char              *name,
                 const char              *format,
                 GFile                   *file,
                 GApplicationCommandLine *cmdline)
{
  g_autoptr(PlrView) view = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlrViewFormat view_format;

  if (!plr_view_format_from_string (format, &view_format))
    {
      /* Translators: do not translate "--format" nor the format names */
      say (cmdline, TRUE, _("Choose the format of the export with --format pdf, --format html or "
                    "--format json.\n"));
      return EXIT_FAILURE;
    }
  if (file == NULL)
    {
      /* Translators: do not translate "--output" */
      say (cmdline, TRUE, _("Say where to write the export with --output FILE.\n"));
      return EXIT_FAILURE;
    }

  view = plr_store_load_view (store, name, &error);
  if (view == NULL)
    {
      say (cmdline, TRUE, _("Could not export the view: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  if (record == NULL)
    {
      if (error)
        say (cmdline, TRUE, _("Could not read the cached record: %s\n"), error->message);
      else
        say (cmdline, TRUE, _("There is no record to export yet. Import or fetch your record "
                              "first.\n"));
      return EXIT_FAILURE;
    }

  result = plr_view_apply (view, record, &error);
  if (result == NULL)
    {
      say (cmdline, TRUE, _("Could not export the view: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  /* Readable by the learner only, like every file Learning Record writes. */
  if (!plr_view_export_to_file (result, view_format, file, NULL, &error))
    {
      g_autofree char *display = g_file_get_parse_name (file);

      /* Translators: the first %s is a file name, the second the reason */
      say (cmdline, TRUE, _("Could not write “%s”: %s\n"), display, error->message);
      return EXIT_FAILURE;
    }

  if (!plr_store_log_export (store, view, record, format, NULL, &error))
    {
      say (cmdline, TRUE, _("The view was exported, but it could not be added to your sharing log: "
                    "%s\n"), error->message);
      return EXIT_FAILURE;
    }

  say (cmdline, FALSE, ngettext ("Exported the view “%s” with %u learning event\n",
                     "Exported the view “%s” with %u learning events\n",
                     plr_view_result_get_n_entries (result)),
           name, plr_view_result_get_n_entries (result));

  return EXIT_SUCCESS;
}

/* Whether this app already runs for this user (its window, or started by
 * D-Bus activation). Asked without registering, because registering as
 * the primary instance would start GTK, and the command-line work must
 * also run without a display. */
static gboolean
primary_instance_is_running (GApplication *app)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)",
                                                      g_application_get_application_id (app)),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* The command-line work that --import, --export and --export-view ask for. */
typedef struct
{
  char  *import_path;
  char  *export_path;
  char  *export_view;
  char  *view_format;
  char  *view_output;
} CommandLineWork;

static void
command_line_work_clear (CommandLineWork *work)
{
  g_clear_pointer (&work->import_path, g_free);
  g_clear_pointer (&work->export_path, g_free);
  g_clear_pointer (&work->export_view, g_free);
  g_clear_pointer (&work->view_format, g_free);
  g_clear_pointer (&work->view_output, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommandLineWork, command_line_work_clear)

/* Returns FALSE, with the message written, when the options do not fit together. */
static gboolean
read_command_line_work (GVariantDict            *options,
                        CommandLineWork         *work,
                        GApplicationCommandLine *cmdline)
{
  g_variant_dict_lookup (options, "import", "^ay", &work->import_path);
  g_variant_dict_lookup (options, "export", "^ay", &work->export_path);
  g_variant_dict_lookup (options, "export-view", "s", &work->export_view);
  g_variant_dict_lookup (options, "format", "s", &work->view_format);
  g_variant_dict_lookup (options, "output", "^ay", &work->view_output);

  if (work->export_view == NULL && (work->view_format != NULL || work->view_output != NULL))
    {
      /* Translators: do not translate the options */
      say (cmdline, TRUE, _("--format and --output go with --export-view NAME.\n"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
command_line_work_is_empty (CommandLineWork *work)
{
  return work->import_path == NULL && work->export_path == NULL && work->export_view == NULL;
}

static GFile *
file_for_arg (GApplicationCommandLine *cmdline,
              const char              *arg)
{
  if (arg == NULL || arg[0] == '\0')
    return NULL;
  if (cmdline != NULL)
    return g_application_command_line_create_file_for_arg (cmdline, arg);
  return g_file_new_for_commandline_arg (arg);
}

/* The export parts, after any import: the import comes first, as before. */
static int
run_exports (PlrStore                *store,
             CommandLineWork         *work,
             GApplicationCommandLine *cmdline)
{
  int status = EXIT_SUCCESS;

  if (work->export_path != NULL)
    {
      g_autoptr(GFile) file = file_for_arg (cmdline, work->export_path);

      status = run_export (store, file, cmdline);
    }
  if (status == EXIT_SUCCESS && work->export_view != NULL)
    {
      g_autoptr(GFile) file = file_for_arg (cmdline, work->view_output);

      status = run_export_view (store, work->export_view, work->view_format, file, cmdline);
    }

  return status;
}

static int
plr_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  PlrApplication *self = PLR_APPLICATION (app);
  g_auto(CommandLineWork) work = { 0 };
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *verify_path = NULL;
  int status = EXIT_SUCCESS;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "learning-record", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  /* --verify needs no store and no window (plr-verify-command.c). */
  if (g_variant_dict_lookup (options, "verify", "^&ay", &verify_path))
    {
      const char *issuer_key = NULL, *audience = NULL, *nonce = NULL, *jwks_url = NULL;
      gint64 at = 0;
      gboolean have_at = g_variant_dict_lookup (options, "at", "x", &at);

      g_variant_dict_lookup (options, "issuer-key", "^&ay", &issuer_key);
      g_variant_dict_lookup (options, "audience", "&s", &audience);
      g_variant_dict_lookup (options, "nonce", "&s", &nonce);
      g_variant_dict_lookup (options, "jwks-url", "&s", &jwks_url);
      return plr_verify_command_run (verify_path, issuer_key, jwks_url, audience, nonce,
                                     have_at, at);
    }

  self->demo = g_variant_dict_contains (options, "demo");
  if (self->demo)
    {
      /* A demo runs beside the learner's own window, not inside it. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  if (!read_command_line_work (options, &work, NULL))
    return EXIT_FAILURE;
  if (command_line_work_is_empty (&work))
    return -1;

  /* With the app running, the work is handed to it (the options travel
   * with the command line), so its window shows the imported record. */
  if (!self->demo && primary_instance_is_running (app))
    return -1;

  /* Otherwise it runs here and exits, without a window. */
  store = open_store (self->demo, &message, &error);
  if (store == NULL)
    {
      g_printerr (_("Could not open the cached record: %s\n"), error->message);
      return EXIT_FAILURE;
    }
  if (message)
    g_printerr ("%s\n", message);

  if (work.import_path != NULL)
    {
      g_autoptr(GFile) file = file_for_arg (NULL, work.import_path);

      status = run_import (store, file, NULL);
    }
  if (status == EXIT_SUCCESS)
    status = run_exports (store, &work, NULL);

  return status;
}

/* Command-line work handed to the running app: the import reads the file
 * and writes the cache off the main thread; the other terminal waits
 * until @cmdline is released, and gets its exit status then. */
typedef struct
{
  PlrApplication          *self;
  GApplicationCommandLine *cmdline;
  CommandLineWork          work;
  PlrRecord               *record;
} RemoteJob;

static void
remote_job_free (RemoteJob *job)
{
  g_application_release (G_APPLICATION (job->self));
  g_clear_object (&job->self);
  g_clear_object (&job->cmdline);
  g_clear_object (&job->record);
  command_line_work_clear (&job->work);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RemoteJob, remote_job_free)

static void
show_toast_in_windows (PlrApplication *self,
                       const char     *title)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (PLR_IS_WINDOW (l->data))
        plr_window_show_toast (PLR_WINDOW (l->data), title);
    }
}

static void
on_remote_exports_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  /* Freed here, not with the task: releasing the app belongs on the main
   * thread, and the worker may drop the task's last reference. */
  g_autoptr(RemoteJob) job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gssize status = g_task_propagate_int (G_TASK (result), &error);

  g_application_command_line_set_exit_status (job->cmdline,
                                              status < 0 ? EXIT_FAILURE : (int) status);
}

static void
remote_exports_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  RemoteJob *job = task_data;

  /* The store locks itself, and a remote command line sends what it says
   * over D-Bus, which any thread may do. */
  g_task_return_int (task, run_exports (job->self->store, &job->work, job->cmdline));
}

/* --export and --export-view handed to the running app: reading the
 * cache, rendering a PDF and writing the file happen on a worker, so the
 * window keeps drawing while a large record is exported. */
static void
start_remote_exports (RemoteJob *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_remote_exports_done_cb, NULL);

  g_task_set_source_tag (task, start_remote_exports);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, remote_exports_thread);
}

static void
on_remote_import_replaced_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(RemoteJob) job = user_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  /* The window shows the new record through PlrStore::changed. */
  diff = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  if (diff == NULL)
    {
      say (job->cmdline, TRUE, _("Could not import the record: %s\n"), error->message);
      g_application_command_line_set_exit_status (job->cmdline, EXIT_FAILURE);
      return;
    }

  g_debug ("Imported a record handed over by another process (%u events)",
           plr_record_get_n_events (job->record));
  summary = describe_import (job->record, diff);
  say (job->cmdline, FALSE, "%s", summary);
  g_strchomp (summary);
  show_toast_in_windows (job->self, summary);

  if (job->work.export_path == NULL && job->work.export_view == NULL)
    return;
  start_remote_exports (g_steal_pointer (&job));
}

static void
on_remote_import_loaded_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RemoteJob) job = user_data;
  g_autoptr(GError) error = NULL;
  PlrStore *store;
  PlrRecord *record;

  job->record = plr_record_file_load_finish (result, &error);
  if (job->record == NULL)
    {
      say (job->cmdline, TRUE, _("Could not import the record: %s\n"), error->message);
      g_application_command_line_set_exit_status (job->cmdline, EXIT_FAILURE);
      return;
    }

  store = job->self->store;
  record = job->record;
  plr_store_replace_record_async (store, record, NULL, on_remote_import_replaced_cb,
                                  g_steal_pointer (&job));
}

static int
plr_application_command_line (GApplication            *app,
                              GApplicationCommandLine *cmdline)
{
  PlrApplication *self = PLR_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autoptr(RemoteJob) job = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) arguments = NULL;
  int argc = 0;

  job = g_new0 (RemoteJob, 1);
  job->self = g_object_ref (self);
  job->cmdline = g_object_ref (cmdline);
  g_application_hold (app);

  if (!read_command_line_work (options, &job->work, cmdline))
    return EXIT_FAILURE;

  if (command_line_work_is_empty (&job->work))
    {
      /* "learning-record FILE", as the desktop file's Exec line runs it. */
      arguments = g_application_command_line_get_arguments (cmdline, &argc);
      if (argc > 1)
        {
          g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

          for (int i = 1; i < argc; i++)
            g_ptr_array_add (files, g_application_command_line_create_file_for_arg (cmdline,
                                                                                   arguments[i]));
          g_application_open (app, (GFile **) files->pdata, files->len, "");
        }
      else
        {
          g_application_activate (app);
        }
      return EXIT_SUCCESS;
    }

  if (self->store == NULL)
    {
      say (cmdline, TRUE, "%s\n", _("Your record cannot be kept on this computer."));
      return EXIT_FAILURE;
    }

  if (job->work.import_path == NULL)
    {
      start_remote_exports (g_steal_pointer (&job));
      /* The status the exports set replaces this one. */
      return EXIT_SUCCESS;
    }

  file = file_for_arg (cmdline, job->work.import_path);
  plr_record_file_load_async (file, NULL, on_remote_import_loaded_cb, g_steal_pointer (&job));

  /* The status the import sets replaces this one. */
  return EXIT_SUCCESS;
}

/* Opening a record file (from a file manager, or "learning-record FILE"):
 * read it, say what will be replaced, and import it only when the learner
 * agrees. */
typedef struct
{
  PlrApplication *self;
  GtkWindow      *window;
  GFile          *file;
  PlrRecord      *record;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_application_release (G_APPLICATION (job->self));
  g_clear_object (&job->self);
  g_clear_object (&job->window);
  g_clear_object (&job->file);
  g_clear_object (&job->record);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenJob, open_job_free)

static void
show_open_error (OpenJob    *job,
                 const char *reason)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (job->window,
                                                       _("This Record File Cannot Be Opened"),
                                                       reason));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_open_replaced_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(OpenJob) job = user_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  diff = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  if (diff == NULL)
    {
      show_open_error (job, error->message);
      return;
    }

  g_debug ("Imported an opened record file (%u events)", plr_record_get_n_events (job->record));
  summary = describe_import (job->record, diff);
  g_strchomp (summary);
  if (PLR_IS_WINDOW (job->window))
    plr_window_show_toast (PLR_WINDOW (job->window), summary);
}

static void
on_open_confirm_response_cb (AdwMessageDialog *dialog,
                             const char       *response,
                             gpointer          user_data)
{
  g_autoptr(OpenJob) job = user_data;

  PlrStore *store = job->self->store;
  PlrRecord *record = job->record;

  if (g_strcmp0 (response, "replace") != 0 || store == NULL)
    return;

  /* (The arguments are read before the job is handed over.) */
  plr_store_replace_record_async (store, record, NULL, on_open_replaced_cb,
                                  g_steal_pointer (&job));
}

static void
on_open_current_loaded_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(OpenJob) job = user_data;
  g_autoptr(PlrRecord) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *body = NULL;
  g_autofree char *holds = NULL;
  const char *replaces;
  g_autofree char *replaces_text = NULL;
  AdwMessageDialog *dialog;
  guint n_file = plr_record_get_n_events (job->record);

  current = plr_store_load_record_finish (PLR_STORE (object), result, &error);
  if (current == NULL && error != NULL)
    {
      show_open_error (job, error->message);
      return;
    }

  name = g_file_get_basename (job->file);
  /* Translators: %s is a file name, %u a number of learning events */
  holds = g_strdup_printf (ngettext ("“%s” holds a record with %u learning event.",
                                     "“%s” holds a record with %u learning events.", n_file),
                           name, n_file);
  if (current != NULL)
    {
      guint n_current = plr_record_get_n_events (current);

      replaces_text = g_strdup_printf (ngettext ("It will replace the record on this computer, "
                                                 "which has %u learning event. That one is kept "
                                                 "as the previous version.",
                                                 "It will replace the record on this computer, "
                                                 "which has %u learning events. That one is kept "
                                                 "as the previous version.", n_current),
                                       n_current);
      replaces = replaces_text;
    }
  else
    {
      replaces = _("It will become the record kept on this computer.");
    }
  body = g_strdup_printf ("%s %s", holds, replaces);

  g_debug ("Asking before importing an opened record file (%u events over %u)", n_file,
           current != NULL ? plr_record_get_n_events (current) : 0);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (job->window, _("Replace Your Record?"),
                                                       body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_confirm_response_cb),
                    g_steal_pointer (&job));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_open_file_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(OpenJob) job = user_data;
  g_autoptr(GError) error = NULL;
  PlrStore *store;

  job->record = plr_record_file_load_finish (result, &error);
  if (job->record == NULL)
    {
      show_open_error (job, error->message);
      return;
    }

  if (job->self->store == NULL)
    {
      show_open_error (job, _("Your record cannot be kept on this computer."));
      return;
    }

  store = job->self->store;
  plr_store_load_record_async (store, PLR_STORE_SNAPSHOT_CURRENT, NULL,
                               on_open_current_loaded_cb, g_steal_pointer (&job));
}

static void
plr_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  PlrApplication *self = PLR_APPLICATION (app);
  OpenJob *job;

  g_application_activate (app);
  if (n_files < 1)
    return;

  /* One record replaces another: only the first file counts. */
  if (n_files > 1)
    g_debug ("Asked to open %d record files; opening the first", n_files);

  job = g_new0 (OpenJob, 1);
  job->self = g_object_ref (self);
  g_set_object (&job->window, gtk_application_get_active_window (GTK_APPLICATION (self)));
  job->file = g_object_ref (files[0]);
  g_application_hold (app);

  plr_record_file_load_async (job->file, NULL, on_open_file_loaded_cb, job);
}

/* In demo mode (and in the UI tests) the "browser" fills in the reference
 * service's sign-in form: the real OAuth flow, without a person. */
static SoupSession *
get_form_browser_session (PlrApplication *self)
{
  if (self->demo_browser == NULL)
    self->demo_browser = soup_session_new ();
  return self->demo_browser;
}

/* Every client the app makes holds the learner's key in the keyring, so
 * that the signed copy of the record is fetched with it (issue 13). */
static void
give_holder_keys (PlrClient *client)
{
  g_autoptr(PlrHolderKeyStore) holder_keys = plr_holder_key_store_new ();

  plr_client_set_holder_key_store (client, holder_keys);
}

static void
start_demo_service (PlrApplication *self)
{
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(GError) error = NULL;

  self->demo_service = plr_service_thread_start (NULL, TRUE, &error);
  if (self->demo_service == NULL)
    {
      g_warning ("Could not start the demo service: %s", error->message);
      return;
    }

  self->client = plr_client_new (NULL, plr_service_thread_get_base_url (self->demo_service),
                                 tokens, &error);
  if (self->client == NULL)
    {
      g_warning ("Could not talk to the demo service: %s", error->message);
      return;
    }
  give_holder_keys (self->client);

  plr_form_sign_in_set_browser (self->client, get_form_browser_session (self), DEMO_USERNAME,
                                DEMO_PASSWORD);
}

/* LEARNING_RECORD_TEST_BROWSER=form:USER:PASS, for the UI tests. */
static void
read_test_browser (PlrApplication *self)
{
  const char *spec = g_getenv (TEST_BROWSER_ENV);
  g_auto(GStrv) parts = NULL;

  if (spec == NULL || !g_str_has_prefix (spec, "form:"))
    return;

  parts = g_strsplit (spec + strlen ("form:"), ":", 2);
  if (g_strv_length (parts) != 2)
    {
      g_warning ("%s must be form:USER:PASS", TEST_BROWSER_ENV);
      return;
    }

  self->test_username = g_strdup (parts[0]);
  self->test_password = g_strdup (parts[1]);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* The sign-in page opens in the browser with the window as its parent, so
 * that the desktop (and a sandbox's portal) knows which window asked. */
static void
show_sign_in_page (const char *uri,
                   gpointer    user_data)
{
  g_autoptr(PlrApplication) self = g_weak_ref_get (user_data);
  GtkWindow *parent = NULL;

  if (self != NULL)
    parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}

/* (Re)creates the client for the service address in Preferences. */
static void
create_client (PlrApplication *self)
{
  g_autofree char *url = NULL;
  g_autoptr(PlrTokenStore) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrClient) client = NULL;

  if (g_getenv (SERVICE_URL_ENV) != NULL)
    url = g_strdup (g_getenv (SERVICE_URL_ENV));
  else
    url = g_settings_get_string (self->settings, "service-url");

  g_clear_pointer (&self->client_error, g_free);

  if (url[0] != '\0')
    {
      tokens = plr_secret_token_store_new ();
      client = plr_client_new (NULL, url, tokens, &error);
      if (client == NULL)
        {
          g_debug ("The service address in Preferences is refused (%s)",
                   g_quark_to_string (error->domain));
          self->client_error = g_strdup (error->message);
        }
      else if (self->test_username != NULL)
        {
          plr_form_sign_in_set_browser (client, get_form_browser_session (self),
                                        self->test_username, self->test_password);
        }
      else
        {
          GWeakRef *ref = g_new0 (GWeakRef, 1);

          g_weak_ref_init (ref, self);
          plr_client_set_browser_launcher (client, show_sign_in_page, ref,
                                           (GDestroyNotify) weak_ref_free);
        }

      if (client != NULL)
        give_holder_keys (client);
    }

  if (self->client != client)
    {
      g_set_object (&self->client, client);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT_ERROR]);
}

/* Every request the client makes goes in the learner's network activity
 * log (Privacy > Network activity): no bodies, queries or headers. */
static void
on_client_request_finished_cb (PlrClient      *client,
                               const char     *method,
                               const char     *host,
                               const char     *path,
                               guint           status,
                               guint64         bytes_sent,
                               guint64         bytes_received,
                               PlrApplication *self)
{
  if (self->store == NULL)
    return;

  /* Written on a worker thread: neither the disk nor a long write of the
   * record holds up the window. */
  plr_store_queue_network_activity (self->store, method, host, path, status, bytes_sent,
                                    bytes_received, PLR_STORE_NETWORK_ACTIVITY_KEEP);
}

/* The service answered a data challenge (after a refresh): tell the
 * learner with a notification, which stays after the window is closed,
 * and a toast in the window. Neither names the entry or its values, so
 * nothing personal shows on a locked screen. */
static void
on_challenges_changed_cb (PlrSync        *sync,
                          GStrv           uuids,
                          PlrApplication *self)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  guint n = uuids ? g_strv_length (uuids) : 0;
  GtkWindow *window;

  if (n == 0 || self->store == NULL)
    return;

  g_debug ("The service answered %u data challenges", n);

  if (n == 1)
    {
      g_autoptr(PlrChallenge) challenge = plr_store_dup_challenge (self->store, uuids[0], NULL);

      if (challenge == NULL)
        return;
      /* Translators: %s is a challenge's new status, such as "Accepted" */
      title = g_strdup_printf (_("Data challenge: %s"),
                               plr_challenge_state_get_label (plr_challenge_get_state (challenge)));
    }
  else
    {
      title = g_strdup_printf (ngettext ("%u data challenge has news",
                                         "%u data challenges have news", n), n);
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, _("Open Challenges in Learning Record to see the "
                                           "answer."));
  g_notification_set_default_action_and_target (notification, "app.show-section", "s",
                                                "challenges");
  g_application_send_notification (G_APPLICATION (self), "challenge-status", notification);

  /* Every main window says it (the active one may be a dialog, or none). */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      window = l->data;
      if (PLR_IS_WINDOW (window))
        plr_window_show_toast (PLR_WINDOW (window), title);
    }
}

/* Pages and dialogs send queued changes through this action rather than
 * by including this header. */
static void
on_send_queued_changes_action_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  plr_application_send_queued_changes (PLR_APPLICATION (user_data));
}

static void
on_show_challenges_action_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  PlrApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (PLR_IS_WINDOW (window))
    plr_window_show_section (PLR_WINDOW (window), "challenges");
}

/* The target of notification actions ("app.show-section::challenges"):
 * D-Bus activation starts the app for it when it has quit, and the window
 * shows the section once it has read the record. */
static void
on_show_section_action_cb (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  PlrApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (PLR_IS_WINDOW (window))
    plr_window_show_section (PLR_WINDOW (window), g_variant_get_string (parameter, NULL));
}

/* Changes queued for the service (the outbox) go out through one PlrSync
 * per client: on start, when one is queued, when the network comes back. */
static void
update_sync (PlrApplication *self)
{
  if (self->sync != NULL && self->client != NULL && self->store != NULL &&
      plr_sync_get_client (self->sync) == self->client)
    return;

  if (self->sync != NULL)
    plr_sync_stop (self->sync);
  g_clear_object (&self->sync);

  if (self->client == NULL || self->store == NULL)
    return;

  g_signal_connect_object (self->client, "request-finished",
                           G_CALLBACK (on_client_request_finished_cb), self, 0);
  self->sync = plr_sync_new (self->client, self->store, NULL);
  g_signal_connect_object (self->sync, "challenges-changed",
                           G_CALLBACK (on_challenges_changed_cb), self, 0);
  plr_sync_start (self->sync);
}

static void
on_service_url_changed_cb (GSettings      *settings,
                           const char     *key,
                           PlrApplication *self)
{
  create_client (self);
  update_sync (self);
}

static gboolean
on_sigterm_cb (gpointer user_data)
{
  g_debug ("Quitting on SIGTERM");
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_CONTINUE;
}

static void
plr_application_startup (GApplication *app)
{
  PlrApplication *self = PLR_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (plr_application_parent_class)->startup (app);

  /* The session ending sends SIGTERM: quit as if the window were closed,
   * so that work in hand finishes and the store is closed cleanly. */
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_sigterm_cb, self);

  self->settings = g_settings_new (APP_ID);

  if (self->demo)
    {
      start_demo_service (self);
    }
  else
    {
      read_test_browser (self);
      create_client (self);
      g_signal_connect_object (self->settings, "changed::service-url",
                               G_CALLBACK (on_service_url_changed_cb), self, 0);
    }

  self->store = open_store (self->demo, &self->startup_message, &error);
  if (self->store == NULL)
    {
      g_clear_pointer (&self->startup_message, g_free);
      self->startup_message = g_strdup_printf (_("Your record cannot be kept on this computer: %s"),
                                               error->message);
    }

  update_sync (self);
}

static void
plr_application_activate (GApplication *app)
{
  PlrApplication *self = PLR_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *message = NULL;

  if (window == NULL)
    {
      window = GTK_WINDOW (plr_window_new (self));
      message = g_steal_pointer (&self->startup_message);
      if (message != NULL)
        plr_window_show_startup_message (PLR_WINDOW (window), message);
    }

  gtk_window_present (window);
}

static void
plr_application_shutdown (GApplication *app)
{
  PlrApplication *self = PLR_APPLICATION (app);

  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  if (self->sync != NULL)
    plr_sync_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->client);
  g_clear_object (&self->demo_browser);
  g_clear_object (&self->settings);
  if (self->demo_service != NULL)
    plr_service_thread_stop (self->demo_service);
  g_clear_object (&self->demo_service);

  G_APPLICATION_CLASS (plr_application_parent_class)->shutdown (app);
}

static void
plr_application_finalize (GObject *object)
{
  PlrApplication *self = (PlrApplication *)object;

  g_clear_object (&self->sync);
  g_clear_object (&self->client);
  g_clear_object (&self->demo_browser);
  g_clear_object (&self->demo_service);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->startup_message, g_free);
  g_clear_pointer (&self->client_error, g_free);
  g_clear_pointer (&self->test_username, g_free);
  g_clear_pointer (&self->test_password, g_free);

  G_OBJECT_CLASS (plr_application_parent_class)->finalize (object);
}

static void
on_about_action_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  PlrApplication *self = user_data;
  static const char *developers[] = { "Learning Record developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Learning Record"),
                         "application-icon", APP_ID,
                         "developer-name", _("Learning Record developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Your Personal Learning Record, on your computer: read it, "
                                       "share exactly what you choose, and put it right."),
                         "website", "https://github.com/learningrecord/LearningRecord",
                         "issue-url", "https://github.com/learningrecord/LearningRecord/issues",
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
on_preferences_action_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  PlrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PlrPreferencesWindow *preferences = plr_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
on_check_shared_record_action_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  PlrApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  PlrCheckWindow *window = plr_check_window_new (self->store, self->client);

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_demo_exited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error))
    g_debug ("The sample learner window ended: %s", error->message);
}

/* The sample learner opens in its own process and window, with its own
 * cache and the built-in service, so it can never mix with the learner's
 * own record: the same as running "learning-record --demo". */
static void
on_demo_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  PlrApplication *self = user_data;
  g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  if (program == NULL)
    program = g_find_program_in_path ("learning-record");
  if (program != NULL)
    process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, program, "--demo", NULL);

  if (process == NULL)
    {
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
      if (PLR_IS_WINDOW (window))
        plr_window_show_toast (PLR_WINDOW (window), _("Could not open the sample learner"));
      if (error != NULL)
        g_warning ("Could not start the sample learner: %s", error->message);
      return;
    }

  g_subprocess_wait_check_async (process, NULL, on_demo_exited_cb, NULL);
}

static void
on_quit_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
plr_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlrApplication *self = PLR_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CLIENT_ERROR:
      g_value_set_string (value, self->client_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_application_class_init (PlrApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = plr_application_finalize;
  object_class->get_property = plr_application_get_property;
  app_class->handle_local_options = plr_application_handle_local_options;
  app_class->startup = plr_application_startup;
  app_class->shutdown = plr_application_shutdown;
  app_class->activate = plr_application_activate;
  app_class->command_line = plr_application_command_line;
  app_class->open = plr_application_open;

  /**
   * PlrApplication:client:
   *
   * The PLR service client, replaced when the service address changes in
   * Preferences; %NULL when there is no (valid) address.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PLR_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PlrApplication:client-error:
   *
   * Why the service address in Preferences cannot be used, or %NULL.
   */
  properties[PROP_CLIENT_ERROR] =
    g_param_spec_string ("client-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static const GActionEntry app_actions[] = {
  { "about", on_about_action_cb },
  { "preferences", on_preferences_action_cb },
  { "check-shared-record", on_check_shared_record_action_cb },
  { "demo", on_demo_action_cb },
  { "quit", on_quit_action_cb },
  { "show-challenges", on_show_challenges_action_cb },
  { "send-queued-changes", on_send_queued_changes_action_cb },
  { "show-section", on_show_section_action_cb, "s" },
};

static const GOptionEntry option_entries[] = {
  { "import", 'i', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import a record file (our JSON or an LRS XML response) into the cache and exit"),
    N_("FILE") },
  { "export", 'e', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Export the cached record as a record file and exit"), N_("FILE") },
  { "export-view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Export the saved view NAME (with --format and --output), log it, and exit"),
    N_("NAME") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The format of --export-view: pdf, html or json"), N_("FORMAT") },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The file --export-view writes"), N_("FILE") },
  { "verify", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check a verifiable record (an SD-JWT or presentation), print what it proves as JSON, "
       "and exit"), N_("FILE") },
  { "issuer-key", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The issuer's public key for --verify: a JWK or JWK Set file"), N_("JWK_FILE") },
  { "jwks-url", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("For --verify: fetch the issuer's JWK Set from this https:// address"), N_("URL") },
  { "audience", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("For --verify: the audience the presentation must be bound to"), N_("AUD") },
  { "nonce", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("For --verify: the nonce the presentation must be bound to"), N_("N") },
  { "at", 0, 0, G_OPTION_ARG_INT64, NULL,
    N_("For --verify: check times as of this moment (Unix seconds)"), N_("UNIX_TIME") },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open a sample learner from a built-in PLR service on this computer, kept apart from "
       "your own record"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
  { NULL }
};

static void
plr_application_init (PlrApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Read, keep and share your Personal Learning Record"));
}

PlrApplication *
plr_application_new (void)
{
  return g_object_new (PLR_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/learningrecord/LearningRecord",
                       NULL);
}

/**
 * plr_application_get_store:
 * @self: a #PlrApplication
 *
 * Returns: (transfer none) (nullable): the cache, or %NULL if it could not be opened
 */
PlrStore *
plr_application_get_store (PlrApplication *self)
{
  g_return_val_if_fail (PLR_IS_APPLICATION (self), NULL);
  return self->store;
}

/**
 * plr_application_get_client:
 * @self: a #PlrApplication
 *
 * Returns: (transfer none) (nullable): the PLR service client, or %NULL
 *   when no service is set up
 */
PlrClient *
plr_application_get_client (PlrApplication *self)
{
  g_return_val_if_fail (PLR_IS_APPLICATION (self), NULL);
  return self->client;
}

gboolean
plr_application_get_demo (PlrApplication *self)
{
  g_return_val_if_fail (PLR_IS_APPLICATION (self), FALSE);
  return self->demo;
}

/**
 * plr_application_get_client_error:
 * @self: a #PlrApplication
 *
 * Returns: (nullable): why the service address cannot be used, or %NULL
 */
const char *
plr_application_get_client_error (PlrApplication *self)
{
  g_return_val_if_fail (PLR_IS_APPLICATION (self), NULL);
  return self->client_error;
}

/**
 * plr_application_get_service_url_locked:
 * @self: a #PlrApplication
 *
 * Returns: %TRUE when the service address comes from the environment (tests,
 *   administrators) or the demo, so Preferences cannot change it
 */
gboolean
plr_application_get_service_url_locked (PlrApplication *self)
{
  g_return_val_if_fail (PLR_IS_APPLICATION (self), FALSE);
  return self->demo || g_getenv (SERVICE_URL_ENV) != NULL;
}

/**
 * plr_application_send_queued_changes:
 * @self: a #PlrApplication
 *
 * Sends the outbox now, for when the service has just been reached or the
 * learner has just signed in; queued changes otherwise wait for their
 * backoff timer.
 */
void
plr_application_send_queued_changes (PlrApplication *self)
{
  g_return_if_fail (PLR_IS_APPLICATION (self));

  if (self->sync != NULL)
    plr_sync_drain_async (self->sync, NULL, NULL, NULL);
}
