/* plr-application.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-application"

#include "config.h"

#include <glib/gi18n.h>

#include "plr-application.h"
#include "plr-form-sign-in.h"
#include "plr-record-file.h"
#include "plr-secret-token-store.h"
#include "plr-service-thread.h"
#include "plr-window.h"

/* The demo learner of the embedded reference service (plr_service_seed_demo). */
#define DEMO_USERNAME "demo"
#define DEMO_PASSWORD "demo"

struct _PlrApplication
{
  AdwApplication    parent_instance;

  PlrStore         *store;
  PlrClient        *client;
  PlrServiceThread *demo_service;
  SoupSession      *demo_browser;
  char             *startup_message;
  gboolean          demo;
};

G_DEFINE_FINAL_TYPE (PlrApplication, plr_application, ADW_TYPE_APPLICATION)

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
  int status = EXIT_SUCCESS;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "learning-record", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  self->demo = g_variant_dict_contains (options, "demo");
  if (self->demo)
    {
      /* A demo runs beside the learner's own window, not inside it. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  g_variant_dict_lookup (options, "import", "^&ay", &import_path);
  g_variant_dict_lookup (options, "export", "^&ay", &export_path);
  if (import_path == NULL && export_path == NULL)
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

  return status;
}

static void
on_demo_signed_in_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A failure shows up as the client's own sign-in error. */
  if (!plr_form_sign_in_finish (result, &error))
    g_warning ("The demo sign-in failed: %s", error->message);
}

/* In demo mode the "browser" fills in the reference service's sign-in form
 * with the demo learner's details: the real OAuth flow, without a person. */
static void
demo_browser_launcher (const char *uri,
                       gpointer    user_data)
{
  PlrApplication *self = user_data;

  plr_form_sign_in_async (self->demo_browser, uri, DEMO_USERNAME, DEMO_PASSWORD, NULL,
                          on_demo_signed_in_cb, NULL);
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

  self->demo_browser = soup_session_new ();
  plr_client_set_browser_launcher (self->client, demo_browser_launcher, self, NULL);
}

static void
create_client (PlrApplication *self)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *url = g_settings_get_string (settings, "service-url");
  g_autoptr(PlrTokenStore) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (url[0] == '\0')
    return;

  tokens = plr_secret_token_store_new ();
  self->client = plr_client_new (NULL, url, tokens, &error);
  if (self->client == NULL)
    g_warning ("The service address in Preferences is refused: %s", error->message);
}

static void
plr_application_startup (GApplication *app)
{
  PlrApplication *self = PLR_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (plr_application_parent_class)->startup (app);

  if (self->demo)
    start_demo_service (self);
  else
    create_client (self);

  self->store = open_store (self->demo, &self->startup_message, &error);
  if (self->store == NULL)
    {
      g_clear_pointer (&self->startup_message, g_free);
      self->startup_message = g_strdup_printf (_("Your record cannot be kept on this computer: %s"),
                                               error->message);
    }
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

  g_clear_object (&self->client);
  g_clear_object (&self->demo_browser);
  if (self->demo_service != NULL)
    plr_service_thread_stop (self->demo_service);
  g_clear_object (&self->demo_service);

  G_APPLICATION_CLASS (plr_application_parent_class)->shutdown (app);
}

static void
plr_application_finalize (GObject *object)
{
  PlrApplication *self = (PlrApplication *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->demo_browser);
  g_clear_object (&self->demo_service);
  g_clear_object (&self->store);
  g_clear_pointer (&self->startup_message, g_free);

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
                         "website", "https://github.com/learningrecord/learning-record",
                         "issue-url", "https://github.com/learningrecord/learning-record/issues",
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
on_quit_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
plr_application_class_init (PlrApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = plr_application_finalize;
  app_class->handle_local_options = plr_application_handle_local_options;
  app_class->startup = plr_application_startup;
  app_class->shutdown = plr_application_shutdown;
  app_class->activate = plr_application_activate;
}

static const GActionEntry app_actions[] = {
  { "about", on_about_action_cb },
  { "quit", on_quit_action_cb },
};

static const GOptionEntry option_entries[] = {
  { "import", 'i', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import a record file (our JSON or an LRS XML response) into the cache and exit"),
    N_("FILE") },
  { "export", 'e', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Export the cached record as a record file and exit"), N_("FILE") },
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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

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
