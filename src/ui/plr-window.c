/* plr-window.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-window"

#include "config.h"

#include <glib/gi18n.h>

#include "plr-record-file.h"
#include "plr-window.h"

#define SAMPLE_RESOURCE "/io/github/learningrecord/LearningRecord/sample-learner.json"

struct _PlrWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *unavailable_page;
  GtkColumnView        *events_view;
  GtkWidget            *offline_box;
  GtkLabel             *updated_label;
  GtkProgressBar       *progress_bar;

  /* Owned */
  GSettings            *settings;
  GCancellable         *cancellable;
  PlrStore             *store;
  PlrClient            *client;
  PlrRecord            *record;
  GNetworkMonitor      *network_monitor;
  guint                 updated_timeout;
  gboolean              refreshing;
  gboolean              refresh_may_sign_in;
  gboolean              service_unreachable;
  GtkFileChooserNative *chooser;
  gboolean              demo;
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

typedef const char *(*CellTextFunc) (PlrLearningEvent *event);

static void
show_toast (PlrWindow  *self,
            const char *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
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
    g_autofree char *date = g_date_time_format (local, _("%-d %B %Y"));
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
show_record (PlrWindow *self,
             PlrRecord *record)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_set_object (&self->record, record);

  if (record == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_column_view_set_model (self->events_view, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      update_status (self);
      return;
    }

  {
    g_autofree char *name = plr_learner_dup_display_name (plr_record_get_learner (record));
    g_autofree char *subtitle = NULL;
    guint n = plr_record_get_n_events (record);

    subtitle = g_strdup_printf (ngettext ("%s · %u achievement", "%s · %u achievements", n),
                                name, n);
    adw_window_title_set_subtitle (self->window_title, subtitle);
  }

  selection = gtk_no_selection_new (g_object_ref (plr_record_get_events (record)));
  gtk_column_view_set_model (self->events_view, GTK_SELECTION_MODEL (selection));
  gtk_stack_set_visible_child_name (self->stack, "record");
  update_status (self);
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

static void
on_record_replaced_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PlrWindow) self = user_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  diff = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  if (diff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Keep the Record"), error->message);
      return;
    }

  message = describe_diff (diff);
  show_toast (self, message);

  reload_record (self);
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
  g_autofree char *message = NULL;
  gboolean sign_in_if_needed;

  sign_in_if_needed = self->refresh_may_sign_in;
  self->refreshing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);

  diff = plr_client_refresh_finish (PLR_CLIENT (object), result, &error);
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
      show_toast (self, error->message);
      return;
    }

  self->service_unreachable = FALSE;
  message = describe_diff (diff);
  show_toast (self, message);
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

static const char *
event_award_date (PlrLearningEvent *event)
{
  return plr_learning_event_get_award_date (event);
}

static const char *
event_awarding_organisation (PlrLearningEvent *event)
{
  return plr_learning_event_get_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME);
}

static char *
format_cell (CellTextFunc      text_func,
             PlrLearningEvent *event)
{
  const char *text = text_func (event);
  int year, month, day;

  if (text == NULL)
    return g_strdup ("—");

  if (text_func == event_award_date && plr_field_parse_date (text, &year, &month, &day))
    {
      g_autoptr(GDateTime) date = g_date_time_new_utc (year, month, day, 0, 0, 0);
      /* Translators: the date an achievement was awarded, see strftime(3) */
      return g_date_time_format (date, _("%-d %b %Y"));
    }

  if (text_func == (CellTextFunc) plr_learning_event_get_grade &&
      g_str_equal (text, PLR_GRADE_PLACEHOLDER))
    return g_strdup (_("No grade recorded"));

  return g_strdup (text);
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  const char *css_class = user_data;

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_list_item_set_child (item, label);
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  CellTextFunc text_func = g_object_get_data (G_OBJECT (factory), "text-func");
  PlrLearningEvent *event = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = format_cell (text_func, event);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static void
add_column (PlrWindow    *self,
            const char   *title,
            CellTextFunc  text_func,
            const char   *css_class,
            gboolean      expand)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "text-func", text_func);
  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), (gpointer) css_class);
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), NULL);

  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->events_view, column);
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
  if (diff == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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

static void
plr_window_constructed (GObject *object)
{
  PlrWindow *self = PLR_WINDOW (object);

  G_OBJECT_CLASS (plr_window_parent_class)->constructed (object);

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "unavailable");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", FALSE);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-in", self->client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", self->client != NULL);

  if (self->client != NULL)
    g_signal_connect_object (self->client, "progress", G_CALLBACK (on_refresh_progress_cb), self,
                             0);

  if (self->demo)
    {
      adw_window_title_set_title (self->window_title, _("Learning Record (Sample Learner)"));

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
  g_clear_handle_id (&self->updated_timeout, g_source_remove);
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
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->record);

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
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, unavailable_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, events_view);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, offline_box);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, updated_label);
  gtk_widget_class_bind_template_child (widget_class, PlrWindow, progress_bar);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
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

  add_column (self, _("Awarded"), event_award_date, "date", FALSE);
  add_column (self, _("Subject"), plr_learning_event_get_subject, NULL, TRUE);
  add_column (self, _("Grade"), plr_learning_event_get_grade, "grade", FALSE);
  add_column (self, _("Awarding Organisation"), event_awarding_organisation, NULL, FALSE);

  gtk_stack_set_visible_child_name (self->stack, "loading");
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
