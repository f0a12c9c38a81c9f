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

static int
run_import (PlrStore   *store,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;

  record = plr_record_file_load (file, NULL, &error);
  if (record == NULL || !plr_store_replace_record (store, record, &diff, &error))
    {
      /* Translators: %s is the reason, such as "events[3].grade: expected a string" */
      g_printerr (_("Could not import the record: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Imported %u learning event (%u new, %u changed, %u removed)\n",
                     "Imported %u learning events (%u new, %u changed, %u removed)\n",
                     plr_record_get_n_events (record)),
           plr_record_get_n_events (record),
           plr_record_diff_get_n_added (diff),
           plr_record_diff_get_n_changed (diff),
           plr_record_diff_get_n_removed (diff));

  return EXIT_SUCCESS;
}

static int
run_export (PlrStore   *store,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  if (record == NULL)
    {
      if (error)
        g_printerr (_("Could not read the cached record: %s\n"), error->message);
      else
        g_printerr (_("There is no record to export yet. Import or fetch your record first.\n"));
      return EXIT_FAILURE;
    }

  if (!plr_record_file_save (record, file, NULL, &error))
    {
      g_printerr (_("Could not export the record: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Exported %u learning event\n", "Exported %u learning events\n",
                     plr_record_get_n_events (record)),
           plr_record_get_n_events (record));

  return EXIT_SUCCESS;
}

/* Writes a saved view's PDF, HTML or JSON, and logs it in the sharing log. */
static int
run_export_view (PlrStore   *store,
                 const char *name,
                 const char *format,
                 const char *path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(PlrView) view = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PlrViewFormat view_format;

  if (!plr_view_format_from_string (format, &view_format))
    {
      /* Translators: do not translate "--format" nor the format names */
      g_printerr (_("Choose the format of the export with --format pdf, --format html or "
                    "--format json.\n"));
      return EXIT_FAILURE;
    }
  if (path == NULL || path[0] == '\0')
    {
      /* Translators: do not translate "--output" */
      g_printerr (_("Say where to write the export with --output FILE.\n"));
      return EXIT_FAILURE;
    }

  view = plr_store_load_view (store, name, &error);
  if (view == NULL)
    {
      g_printerr (_("Could not export the view: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  record = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  if (record == NULL)
    {
      if (error)
        g_printerr (_("Could not read the cached record: %s\n"), error->message);
      else
        g_printerr (_("There is no record to export yet. Import or fetch your record first.\n"));
      return EXIT_FAILURE;
    }

  result = plr_view_apply (view, record, &error);
  if (result == NULL)
    {
      g_printerr (_("Could not export the view: %s\n"), error->message);
      return EXIT_FAILURE;
    }

  /* Readable by the learner only, like every file Learning Record writes. */
  file = g_file_new_for_commandline_arg (path);
  if (!plr_view_export_to_file (result, view_format, file, NULL, &error))
    {
      g_autofree char *display = g_file_get_parse_name (file);

      /* Translators: the first %s is a file name, the second the reason */
      g_printerr (_("Could not write “%s”: %s\n"), display, error->message);
      return EXIT_FAILURE;
    }

  if (!plr_store_log_export (store, view, record, format, NULL, &error))
    {
      g_printerr (_("The view was exported, but it could not be added to your sharing log: "
                    "%s\n"), error->message);
      return EXIT_FAILURE;
    }

  g_print (ngettext ("Exported the view “%s” with %u learning event\n",
                     "Exported the view “%s” with %u learning events\n",
                     plr_view_result_get_n_entries (result)),
           name, plr_view_result_get_n_entries (result));

  return EXIT_SUCCESS;
}

static int
plr_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  PlrApplication *self = PLR_APPLICATION (app);
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *import_path = NULL;
  const char *export_path = NULL;
  const char *export_view = NULL;
  const char *view_format = NULL;
  const char *view_output = NULL;
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
      const char *issuer_key = NULL, *audience = NULL, *nonce = NULL;
      gint64 at = 0;
      gboolean have_at = g_variant_dict_lookup (options, "at", "x", &at);

      g_variant_dict_lookup (options, "issuer-key", "^&ay", &issuer_key);
      g_variant_dict_lookup (options, "audience", "&s", &audience);
      g_variant_dict_lookup (options, "nonce", "&s", &nonce);
      return plr_verify_command_run (verify_path, issuer_key, audience, nonce, have_at, at);
    }

  self->demo = g_variant_dict_contains (options, "demo");
  if (self->demo)
    {
      /* A demo runs beside the learner's own window, not inside it. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  g_variant_dict_lookup (options, "import", "^&ay", &import_path);
  g_variant_dict_lookup (options, "export", "^&ay", &export_path);
  g_variant_dict_lookup (options, "export-view", "&s", &export_view);
  g_variant_dict_lookup (options, "format", "&s", &view_format);
  g_variant_dict_lookup (options, "output", "^&ay", &view_output);
  if (export_view == NULL && (view_format != NULL || view_output != NULL))
    {
      /* Translators: do not translate the options */
      g_printerr (_("--format and --output go with --export-view NAME.\n"));
      return EXIT_FAILURE;
    }
  if (import_path == NULL && export_path == NULL && export_view == NULL)
    return -1;

  /* Command-line work runs here and exits, without a window. */
  store = open_store (self->demo, &message, &error);
  if (store == NULL)
    {
      g_printerr (_("Could not open the cached record: %s\n"), error->message);
      return EXIT_FAILURE;
    }
  if (message)
    g_printerr ("%s\n", message);

  if (import_path != NULL)
    status = run_import (store, import_path);
  if (status == EXIT_SUCCESS && export_path != NULL)
    status = run_export (store, export_path);
  if (status == EXIT_SUCCESS && export_view != NULL)
    status = run_export_view (store, export_view, view_format, view_output);

  return status;
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
  g_notification_set_default_action (notification, "app.show-challenges");
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
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "challenges");
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
  { "demo", on_demo_action_cb },
  { "quit", on_quit_action_cb },
  { "show-challenges", on_show_challenges_action_cb },
  { "send-queued-changes", on_send_queued_changes_action_cb },
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
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
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
