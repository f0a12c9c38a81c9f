/* plr-window.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plr-date.h"
#include "plr-achievements-page.h"
#include "plr-challenge-dialog.h"
#include "plr-challenges-page.h"
#include "plr-copy-request-window.h"
#include "plr-personal-details-page.h"
#include "plr-record-changes.h"
#include "plr-record-file.h"
#include "plr-record-json.h"
#include "plr-privacy-page.h"
#include "plr-shares-page.h"
#include "plr-view-builder.h"
#include "plr-welcome-page.h"
#include "plr-window.h"

#define SAMPLE_RESOURCE "/io/github/learningrecord/LearningRecord/sample-learner.json"

struct _PlrWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay        *toast_overlay;
  GtkStack               *main_stack;
  GtkStack               *start_stack;
  AdwWindowTitle         *start_title;
  AdwWindowTitle         *sidebar_title;
  AdwWindowTitle         *content_title;
  PlrWelcomePage         *welcome_page;
  PlrPrivacyPage         *privacy_page;
  PlrSharesPage          *shares_page;
  AdwStatusPage          *unavailable_page;
  AdwLeaflet             *leaflet;
  GtkWidget              *content;
  GtkListBox             *sections_list;
  GtkStack               *content_stack;
  PlrAchievementsPage    *achievements_page;
  PlrPersonalDetailsPage *personal_details_page;
  PlrChallengesPage      *challenges_page;
  GtkActionBar           *status_bar;
  GtkWidget              *offline_box;
  GtkLabel               *updated_label;
  GtkProgressBar         *progress_bar;

  /* Owned */
  GSettings              *settings;
  GCancellable           *cancellable;
  GCancellable           *changes_cancellable;
  PlrStore               *store;
  PlrClient              *client;
  PlrRecord              *record;
  GNetworkMonitor        *network_monitor;
  guint                   updated_timeout;
  gboolean                refreshing;
  gboolean                refresh_may_sign_in;
  gboolean                refresh_quietly;
  gboolean                service_unreachable;
  gboolean                record_loaded;
  GtkFileChooserNative   *chooser;
  char                   *pending_section;
  gboolean                demo;
};

G_DEFINE_FINAL_TYPE (PlrWindow, plr_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLIENT,
  PROP_DEMO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (PlrWindow  *self,
            const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  /* Errors from the network can be long: give the learner time to read. */
  adw_toast_set_timeout (toast, strlen (title) > 60 ? 8 : 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Errors that need reading get a dialog; the learner must act on them. */
static void
show_error (PlrWindow  *self,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Last updated 3 hours ago", from when the record was fetched or imported. */
static char *
describe_last_update (GDateTime *fetched_at)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan age = g_date_time_difference (now, fetched_at);
  gint64 minutes = MAX (age, 0) / G_TIME_SPAN_MINUTE;
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (minutes < 1)
    return g_strdup (_("Last updated just now"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("Last updated %d minute ago", "Last updated %d minutes ago",
                                      (gulong) minutes), (int) minutes);
  if (hours < 24)
    return g_strdup_printf (ngettext ("Last updated %d hour ago", "Last updated %d hours ago",
                                      (gulong) hours), (int) hours);
  if (days < 60)
    return g_strdup_printf (ngettext ("Last updated %d day ago", "Last updated %d days ago",
                                      (gulong) days), (int) days);

  {
    g_autoptr(GDateTime) local = g_date_time_to_local (fetched_at);
    g_autofree char *date = plr_date_format_long (local);
    /* Translators: %s is a date such as "2 November 2026" */
    return g_strdup_printf (_("Last updated on %s"), date);
  }
}

static void
update_status (PlrWindow *self)
{
  gboolean offline;

  offline = self->client != NULL &&
            (self->service_unreachable ||
             !g_network_monitor_get_network_available (self->network_monitor));
  gtk_widget_set_visible (self->offline_box, offline);

  if (self->record != NULL && plr_record_get_fetched_at (self->record) != NULL)
    {
      g_autofree char *text = describe_last_update (plr_record_get_fetched_at (self->record));
      gtk_label_set_text (self->updated_label, text);
    }
  else
    {
      gtk_label_set_text (self->updated_label, "");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh",
                                 self->client != NULL && self->store != NULL &&
                                 !self->refreshing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in",
                                 self->client != NULL && self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", self->client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", self->record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-view", self->record != NULL);

  /* On the welcome page the bar shows only while there is news. */
  gtk_action_bar_set_revealed (self->status_bar,
                               self->record != NULL || offline ||
                               gtk_widget_get_visible (GTK_WIDGET (self->progress_bar)));
  plr_welcome_page_set_busy (self->welcome_page, self->refreshing);
}

static gboolean
on_updated_timeout_cb (gpointer user_data)
{
  update_status (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       PlrWindow       *self)
{
  update_status (self);
}

static void
on_changes_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(PlrRecordChanges) changes = NULL;
  g_autoptr(GError) error = NULL;

  changes = plr_store_load_changes_finish (result, &error);
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not compare the record with the previous one: %s", error->message);
      return;
    }

  plr_achievements_page_set_changes (self->achievements_page, changes);
}

static void
show_section (PlrWindow  *self,
              const char *name)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->content_stack, name);

  if (child == NULL)
    return;

  gtk_stack_set_visible_child (self->content_stack, child);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
show_record (PlrWindow *self,
             PlrRecord *record)
{
  g_set_object (&self->record, record);
  self->record_loaded = TRUE;

  g_cancellable_cancel (self->changes_cancellable);
  g_clear_object (&self->changes_cancellable);

  plr_achievements_page_set_record (self->achievements_page, self->store, record);
  plr_personal_details_page_set_record (self->personal_details_page, record);
  plr_privacy_page_set_record (self->privacy_page, record);
  plr_challenges_page_set_record (self->challenges_page, record);
  plr_shares_page_set_record (self->shares_page, record);

  if (record == NULL)
    {
      adw_window_title_set_subtitle (self->content_title, NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "start");
      gtk_stack_set_visible_child_name (self->start_stack, "welcome");
      update_status (self);
      return;
    }

  {
    g_autofree char *name = plr_learner_dup_display_name (plr_record_get_learner (record));
    adw_window_title_set_subtitle (self->content_title, name);
  }

  /* In a narrow window, open on the section rather than the list of them. */
  if (gtk_stack_get_visible_child (self->main_stack) !=
      gtk_stack_get_child_by_name (self->main_stack, "record"))
    adw_leaflet_set_visible_child (self->leaflet, self->content);

  self->changes_cancellable = g_cancellable_new ();
  plr_store_load_changes_async (self->store, record, self->changes_cancellable,
                                 on_changes_loaded_cb, g_object_ref (self));

  gtk_stack_set_visible_child_name (self->main_stack, "record");
  update_status (self);

  /* A notification action asked for a section before the record was read. */
  if (self->pending_section != NULL)
    {
      g_autofree char *section = g_steal_pointer (&self->pending_section);

      show_section (self, section);
    }
}

static void
on_record_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = plr_store_load_record_finish (PLR_STORE (object), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_error (self, _("Could Not Read Your Record"), error->message);
    }

  show_record (self, record);
}

static void
reload_record (PlrWindow *self)
{
  plr_store_load_record_async (self->store, PLR_STORE_SNAPSHOT_CURRENT, self->cancellable,
                               on_record_loaded_cb, g_object_ref (self));
}

/* "3 new, 1 changed, 0 removed", for a toast after an import or refresh. */
static char *
describe_diff (PlrRecordDiff *diff)
{
  if (plr_record_diff_is_first (diff))
    return g_strdup_printf (ngettext ("%u achievement added", "%u achievements added",
                                      plr_record_diff_get_n_added (diff)),
                            plr_record_diff_get_n_added (diff));

  if (plr_record_diff_is_empty (diff))
    return g_strdup (_("Your record is up to date"));

  /* Translators: a summary of what changed, e.g. "3 new, 1 changed, 0 removed" */
  return g_strdup_printf (_("%u new, %u changed, %u removed"),
                          plr_record_diff_get_n_added (diff),
                          plr_record_diff_get_n_changed (diff),
                          plr_record_diff_get_n_removed (diff));
}

/* After a fetch or an import that changed something, the toast offers to
 * show just what changed. */
static void
show_diff_toast (PlrWindow     *self,
                 PlrRecordDiff *diff)
{
  g_autofree char *message = describe_diff (diff);
  AdwToast *toast = adw_toast_new (message);

  if (!plr_record_diff_is_empty (diff) && !plr_record_diff_is_first (diff) &&
      plr_record_diff_get_n_added (diff) + plr_record_diff_get_n_changed (diff) > 0)
    {
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.show-changes");
    }

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_record_replaced_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;

  diff = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  if (diff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Keep the Record"), error->message);
      return;
    }

  /* The store's "changed" signal shows the new record (on_store_changed_cb). */
  show_diff_toast (self, diff);
}

static void refresh (PlrWindow *self,
                     gboolean   sign_in_if_needed);

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->refreshing = FALSE;

  if (!plr_client_sign_in_finish (PLR_CLIENT (object), result, &error))
    {
      update_status (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Not Signed In"), error->message);
      return;
    }

  /* The sample learner signs in by itself: nothing to tell. */
  if (!self->demo)
    show_toast (self, _("Signed in"));
  refresh (self, FALSE);
}

static void
sign_in (PlrWindow *self)
{
  if (self->client == NULL || self->refreshing)
    return;

  self->refreshing = TRUE;
  update_status (self);
  plr_client_sign_in_async (self->client, self->cancellable, on_signed_in_cb,
                            g_object_ref (self));
}

static void
on_refresh_progress_cb (PlrClient *client,
                        guint      received,
                        guint      total,
                        PlrWindow *self)
{
  g_autofree char *text = NULL;

  /* Translators: progress of a refresh, e.g. "400 of 1000 learning events" */
  text = g_strdup_printf (ngettext ("%u of %u learning event", "%u of %u learning events", total),
                          received, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total ? (double) received / total : 1.0);
}

static void
on_refreshed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  PlrRefreshOutcome outcome = PLR_REFRESH_REPLACED;
  gboolean sign_in_if_needed;
  gboolean quietly;

  sign_in_if_needed = self->refresh_may_sign_in;
  quietly = self->refresh_quietly;
  self->refreshing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);

  diff = plr_client_refresh_finish_full (PLR_CLIENT (object), result, &outcome, &error);
  if (diff == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED) &&
          sign_in_if_needed)
        {
          sign_in (self);
          return;
        }

      self->service_unreachable =
        g_error_matches (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE) ||
        g_error_matches (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_TIMEOUT) ||
        g_error_matches (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_NETWORK);
      update_status (self);

      /* At start-up, not being signed in is what the welcome page is for,
       * and being offline is what the indicator is for. */
      if (quietly &&
          (self->service_unreachable ||
           g_error_matches (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED)))
        return;

      show_toast (self, error->message);
      return;
    }

  self->service_unreachable = FALSE;
  update_status (self);
  show_diff_toast (self, diff);
  plr_application_send_queued_changes (PLR_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  /* On 304 the cache was not rewritten: what is shown is still current. */
  if (outcome == PLR_REFRESH_REPLACED)
    reload_record (self);
}

static void
refresh (PlrWindow *self,
         gboolean   sign_in_if_needed)
{
  if (self->client == NULL || self->store == NULL || self->refreshing)
    return;

  self->refreshing = TRUE;
  self->refresh_may_sign_in = sign_in_if_needed;
  self->refresh_quietly = FALSE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Connecting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  update_status (self);

  plr_client_refresh_async (self->client, self->store, self->cancellable, on_refreshed_cb,
                            g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);

  /* In demo mode the sign-in needs no person, so do it on demand. */
  refresh (self, self->demo);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sign_in (PLR_WINDOW (widget));
}

static void
on_signed_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plr_client_sign_out_finish (PLR_CLIENT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Sign Out"), error->message);
      return;
    }

  show_toast (self, _("Signed out. Your saved record stays on this computer."));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);

  if (self->client == NULL)
    return;

  plr_client_sign_out_async (self->client, self->cancellable, on_signed_out_cb,
                             g_object_ref (self));
}

static void
on_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = plr_record_file_load_finish (result, &error);
  if (record == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("This File Could Not Be Opened"), error->message);
      return;
    }

  plr_store_replace_record_async (self->store, record, self->cancellable,
                                  on_record_replaced_cb, g_object_ref (self));
}

static void
on_open_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  PlrWindow *self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      plr_record_file_load_async (file, self->cancellable, on_file_loaded_cb,
                                  g_object_ref (self));
    }

  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);
  g_autoptr(GtkFileFilter) records = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->store == NULL)
    return;

  gtk_file_filter_set_name (records, _("Learning records (JSON or LRS XML)"));
  gtk_file_filter_add_mime_type (records, "application/json");
  gtk_file_filter_add_mime_type (records, "application/xml");
  gtk_file_filter_add_mime_type (records, "text/xml");
  gtk_file_filter_add_suffix (records, "json");
  gtk_file_filter_add_suffix (records, "xml");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Open a Record File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), records);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_export_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Export the Record"), error->message);
      return;
    }

  show_toast (self, _("Record exported"));
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  PlrWindow *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->record != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      bytes = plr_record_json_write (self->record);
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_PRIVATE |
                                           G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->cancellable, on_export_written_cb,
                                           g_object_ref (self));
    }

  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);

  if (self->record == NULL)
    {
      show_toast (self, _("There is no record to export yet"));
      return;
    }

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export the Record"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     _("learning-record.json"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_sample_replaced_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;

  diff = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  if (diff != NULL)
    return;  /* the store's "changed" signal shows it (on_store_changed_cb) */

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, _("Could Not Open the Sample Learner"), error->message);
  reload_record (self);
}

/* Demo mode shows the bundled sample learner in its own cache. */
static void
load_sample (PlrWindow *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_resources_lookup_data (SAMPLE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes != NULL)
    record = plr_record_file_read_bytes (bytes, NULL, &error);
  if (record == NULL)
    {
      show_error (self, _("Could Not Open the Sample Learner"), error->message);
      return;
    }

  plr_store_replace_record_async (self->store, record, self->cancellable,
                                  on_sample_replaced_cb, g_object_ref (self));
}

static const char *section_names[] = {
  "achievements", "personal", "shares", "challenges", "privacy",
};

static void
select_section_row (PlrWindow  *self,
                    const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sections_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          gtk_list_box_select_row (self->sections_list, GTK_LIST_BOX_ROW (row));
          return;
        }
    }
}

static void
on_sections_list_row_activated_cb (GtkListBox    *list,
                                   GtkListBoxRow *row,
                                   PlrWindow     *self)
{
  show_section (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_content_stack_visible_child_name_cb (PlrWindow  *self,
                                        GParamSpec *pspec,
                                        GtkStack   *stack)
{
  const char *name = gtk_stack_get_visible_child_name (stack);
  GtkStackPage *page = gtk_stack_get_page (stack, gtk_stack_get_visible_child (stack));

  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  select_section_row (self, name);
  g_settings_set_string (self->settings, "last-section", name);
}

static void
restore_section (PlrWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "last-section");

  if (gtk_stack_get_child_by_name (self->content_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, name);
  else
    gtk_stack_set_visible_child_name (self->content_stack, "achievements");

  on_content_stack_visible_child_name_cb (self, NULL, self->content_stack);
}

/* Pages and dialogs raise toasts through this action rather than by
 * including this header. */
static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_toast (PLR_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);

  if (self->record == NULL)
    return;

  show_section (self, g_variant_get_string (parameter, NULL));
  gtk_widget_child_focus (gtk_stack_get_visible_child (self->content_stack), GTK_DIR_TAB_FORWARD);
}

static void
show_sections_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->sections_list));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);

  if (self->record == NULL)
    return;

  show_section (self, "achievements");
  plr_achievements_page_focus_search (self->achievements_page);
}

static void
show_changes_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);

  if (self->record == NULL)
    return;

  show_section (self, "achievements");
  plr_achievements_page_show_changes (self->achievements_page);
}

static void
request_copy_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);
  PlrCopyRequestWindow *window = plr_copy_request_window_new (self->record);

  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

/* A draft the learner already started against @event_id (an entry) or
 * @field (a personal detail), to carry on with rather than start again. */
static PlrChallenge *
find_draft (PlrWindow          *self,
            PlrChallengeTarget  target,
            gint64              event_id,
            const char         *field)
{
  g_autoptr(GPtrArray) challenges = plr_store_list_challenges (self->store, NULL);

  for (guint i = 0; challenges != NULL && i < challenges->len; i++)
    {
      PlrChallenge *challenge = g_ptr_array_index (challenges, i);

      if (plr_challenge_get_state (challenge) == PLR_CHALLENGE_STATE_DRAFT &&
          plr_challenge_get_target (challenge) == target &&
          (target != PLR_CHALLENGE_TARGET_EVENT ||
           plr_challenge_get_event_id (challenge) == event_id) &&
          (field == NULL || g_strcmp0 (plr_challenge_get_field (challenge), field) == 0))
        return g_object_ref (challenge);
    }

  return NULL;
}

/* "Challenge this entry…" in an entry's details: the entry's LRS id. */
static void
challenge_entry_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(PlrChallenge) challenge = NULL;

  if (self->record == NULL || self->store == NULL)
    return;

  for (guint i = 0; i < plr_record_get_n_events (self->record); i++)
    {
      PlrLearningEvent *event = plr_record_get_event (self->record, i);

      if (plr_learning_event_get_id (event) != id)
        continue;
      challenge = find_draft (self, PLR_CHALLENGE_TARGET_EVENT, id, NULL);
      if (challenge == NULL)
        challenge = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                                 PLR_CHALLENGE_REASON_WRONG_GRADE);
      plr_challenge_dialog_present (widget, self->store, self->record, challenge);
      return;
    }
}

/* "Challenge this detail…" beside a personal detail: the PlrLearnerField. */
static void
challenge_detail_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);
  int field = g_variant_get_int32 (parameter);
  g_autoptr(PlrChallenge) challenge = NULL;

  if (self->record == NULL || self->store == NULL || field < 0 || field >= PLR_LEARNER_N_FIELDS)
    return;

  challenge = find_draft (self, PLR_CHALLENGE_TARGET_LEARNER, 0,
                         plr_learner_field_info (field)->json_name);
  if (challenge == NULL)
    challenge = plr_challenge_new_for_learner (plr_record_get_learner (self->record), field,
                                               PLR_CHALLENGE_REASON_OTHER);
  plr_challenge_dialog_present (widget, self->store, self->record, challenge);
}

static void
new_view_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  PlrWindow *self = PLR_WINDOW (widget);
  PlrViewBuilder *builder;

  if (self->record == NULL)
    {
      show_toast (self, _("There is no record to make a view from yet"));
      return;
    }

  builder = plr_view_builder_new (self->record);
  if (self->store != NULL)
    plr_view_builder_set_store (builder, self->store);
  gtk_window_set_transient_for (GTK_WINDOW (builder), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (builder));
}

static void
on_achievements_query_failed_cb (PlrAchievementsPage *page,
                                 const GError        *error,
                                 PlrWindow           *self)
{
  show_toast (self, error->message);
}

static void
on_client_progress_cb (PlrClient *client,
                       guint      received,
                       guint      total,
                       gpointer   user_data)
{
  on_refresh_progress_cb (client, received, total, user_data);
}

static void
set_client (PlrWindow *self,
            PlrClient *client)
{
  if (self->client == client)
    return;

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->client, on_client_progress_cb, self);
      /* A sign-in or refresh in flight belongs to the old service. */
      if (self->refreshing)
        {
          g_cancellable_cancel (self->cancellable);
          g_clear_object (&self->cancellable);
          self->cancellable = g_cancellable_new ();
          self->refreshing = FALSE;
          gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
          if (self->record_loaded && self->record == NULL)
            gtk_stack_set_visible_child_name (self->start_stack, "welcome");
          else
            reload_record (self);
        }
    }

  g_set_object (&self->client, client);
  self->service_unreachable = FALSE;

  if (self->client != NULL)
    g_signal_connect_object (self->client, "progress", G_CALLBACK (on_client_progress_cb), self,
                             0);

  plr_welcome_page_set_client (self->welcome_page, client);
  plr_privacy_page_set_client (self->privacy_page, client);
  update_status (self);
}

static void
on_application_client_cb (PlrApplication *application,
                          GParamSpec     *pspec,
                          PlrWindow      *self)
{
  set_client (self, plr_application_get_client (application));
}

/* The record was replaced elsewhere (another "learning-record --import",
 * a file opened from the file manager): show the new one at once. */
static void
on_store_changed_cb (PlrWindow     *self,
                     PlrRecordDiff *diff,
                     PlrStore      *store)
{
  reload_record (self);
}

/* Forgetting this device leaves nothing to show: back to the welcome page. */
static void
on_privacy_page_forgotten_cb (PlrWindow *self)
{
  show_record (self, NULL);
  show_toast (self, _("This computer no longer holds your record or your sign-in"));
}

static void
plr_window_constructed (GObject *object)
{
  PlrWindow *self = PLR_WINDOW (object);
  PlrClient *client = g_steal_pointer (&self->client);
  GtkApplication *application;

  G_OBJECT_CLASS (plr_window_parent_class)->constructed (object);

  set_client (self, client);
  g_clear_object (&client);
  plr_challenges_page_set_store (self->challenges_page, self->store);

  application = gtk_window_get_application (GTK_WINDOW (self));
  if (PLR_IS_APPLICATION (application) && !self->demo)
    g_signal_connect_object (application, "notify::client",
                             G_CALLBACK (on_application_client_cb), self, 0);

  plr_welcome_page_set_demo (self->welcome_page, self->demo);
  plr_privacy_page_set_store (self->privacy_page, self->store, self->demo);
  plr_shares_page_set_store (self->shares_page, self->store);
  if (self->store != NULL)
    g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->privacy_page, "forgotten",
                           G_CALLBACK (on_privacy_page_forgotten_cb), self, G_CONNECT_SWAPPED);

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->start_stack, "unavailable");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", FALSE);
      return;
    }

  if (self->demo)
    {
      adw_window_title_set_title (self->sidebar_title, _("Learning Record"));
      adw_window_title_set_subtitle (self->sidebar_title, _("Sample Learner"));
      adw_window_title_set_subtitle (self->start_title, _("Sample Learner"));
      gtk_window_set_title (GTK_WINDOW (self), _("Learning Record (Sample Learner)"));

      /* The sample learner comes from the built-in service over loopback
       * HTTP, like a real record; the bundled copy is the fallback. */
      if (self->client != NULL)
        {
          reload_record (self);
          refresh (self, TRUE);
        }
      else
        {
          load_sample (self);
        }
    }
  else
    {
      reload_record (self);
      if (self->client != NULL && g_settings_get_boolean (self->settings, "refresh-on-start"))
        {
          refresh (self, FALSE);
          self->refresh_quietly = TRUE;
        }
    }
}

static void
plr_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlrWindow *self = PLR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlrWindow *self = PLR_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_DEMO:
      self->demo = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_window_dispose (GObject *object)
{
  PlrWindow *self = (PlrWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->changes_cancellable);
  g_clear_handle_id (&self->updated_timeout, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, on_client_progress_cb, self);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_WINDOW);

  G_OBJECT_CLASS (plr_window_parent_class)->dispose (object);
}

static void
plr_window_finalize (GObject *object)
{
  PlrWindow *self = (PlrWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->changes_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->record);
  g_clear_pointer (&self->pending_section, g_free);

  G_OBJECT_CLASS (plr_window_parent_class)->finalize (object);
}

static void
plr_window_class_init (PlrWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plr_window_constructed;
  object_class->dispose = plr_window_dispose;
  object_class->finalize = plr_window_finalize;
  object_class->get_property = plr_window_get_property;
  object_class->set_property = plr_window_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PLR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PLR_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, start_stack);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, start_title);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, privacy_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, shares_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, content);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, sections_list);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, achievements_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, personal_details_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, challenges_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, offline_box);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, updated_label);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_sections_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_content_stack_visible_child_name_cb);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-changes", NULL, show_changes_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.show-sections", NULL,
                                   show_sections_action);
  gtk_widget_class_install_action (widget_class, "win.request-copy", NULL, request_copy_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.new-view", NULL, new_view_action);
  gtk_widget_class_install_action (widget_class, "win.challenge-entry", "x",
                                   challenge_entry_action);
  gtk_widget_class_install_action (widget_class, "win.challenge-detail", "i",
                                   challenge_detail_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-view",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
  for (guint i = 0; i < G_N_ELEMENTS (section_names); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", section_names[i]);

  g_type_ensure (PLR_TYPE_ACHIEVEMENTS_PAGE);
  g_type_ensure (PLR_TYPE_PERSONAL_DETAILS_PAGE);
  g_type_ensure (PLR_TYPE_CHALLENGES_PAGE);
  g_type_ensure (PLR_TYPE_WELCOME_PAGE);
  g_type_ensure (PLR_TYPE_PRIVACY_PAGE);
  g_type_ensure (PLR_TYPE_SHARES_PAGE);
}

static void
plr_window_init (PlrWindow *self)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->network_monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->network_monitor, "network-changed",
                           G_CALLBACK (on_network_changed_cb), self, 0);
  self->updated_timeout = g_timeout_add_seconds (60, on_updated_timeout_cb, self);

  /* Keep the window the size the learner left it. */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);

  gtk_css_provider_load_from_resource (css, "/io/github/learningrecord/LearningRecord/style.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_signal_connect_object (self->achievements_page, "query-failed",
                           G_CALLBACK (on_achievements_query_failed_cb), self, 0);

  gtk_stack_set_visible_child_name (self->main_stack, "start");
  gtk_stack_set_visible_child_name (self->start_stack, "loading");
  restore_section (self);
}

PlrWindow *
plr_window_new (PlrApplication *application)
{
  return g_object_new (PLR_TYPE_WINDOW,
                       "application", application,
                       "store", plr_application_get_store (application),
                       "client", plr_application_get_client (application),
                       "demo", plr_application_get_demo (application),
                       NULL);
}

/**
 * plr_window_show_startup_message:
 * @self: a #PlrWindow
 * @message: what the learner must be told, such as a damaged cache moved aside
 *
 * Shows @message once: as a dialog beside the record, or on the status
 * page when there is no cache at all.
 */
void
plr_window_show_startup_message (PlrWindow  *self,
                                 const char *message)
{
  g_return_if_fail (PLR_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  if (self->store == NULL)
    adw_status_page_set_description (self->unavailable_page, message);
  else
    show_error (self, _("Your Cached Record Was Damaged"), message);
}

/**
 * plr_window_show_toast:
 * @self: a #PlrWindow
 * @title: a short message
 */
void
plr_window_show_toast (PlrWindow  *self,
                       const char *title)
{
  g_return_if_fail (PLR_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  show_toast (self, title);
}

/**
 * plr_window_show_section:
 * @self: a #PlrWindow
 * @name: a section, such as "challenges"
 *
 * Shows the section @name, or does so once the record has been read when
 * the window has just opened (a notification clicked after the app quit).
 */
void
plr_window_show_section (PlrWindow  *self,
                         const char *name)
{
  g_return_if_fail (PLR_IS_WINDOW (self));
  g_return_if_fail (name != NULL);

  if (self->record != NULL)
    {
      show_section (self, name);
      return;
    }

  if (!self->record_loaded)
    {
      g_free (self->pending_section);
      self->pending_section = g_strdup (name);
    }
}
