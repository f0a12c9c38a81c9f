/* plr-shares-page.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-shares-page"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>

#include "plr-share-record.h"
#include "plr-shares-page.h"
#include "plr-view-builder.h"

/* The Shares section: the saved views, to open again or delete, and the
 * sharing log, every export, print-out and share code with where it
 * stands; active shares can be copied or revoked. It follows the store's
 * PlrStore::shares-changed, and shows the empty state when there is
 * nothing to list. */

struct _PlrSharesPage
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  AdwPreferencesGroup  *views_group;
  AdwPreferencesGroup  *log_group;

  PlrStore             *store;
  PlrRecord            *record;
  GPtrArray            *rows;     /* the rows added to either group */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (PlrSharesPage, plr_shares_page, GTK_TYPE_WIDGET)

static void
show_error (PlrSharesPage *self,
            const char    *heading,
            const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
send_queued_changes (void)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "send-queued-changes", NULL);
}

static char *
format_day (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return NULL;
  local = g_date_time_to_local (when);
  /* Translators: a date in the sharing log, see strftime(3) */
  return g_date_time_format (local, _("%-d %b %Y"));
}

static const char *
channel_label (const char *channel)
{
  if (g_strcmp0 (channel, PLR_SHARE_CHANNEL_SHARE_CODE) == 0)
    return _("Share code");
  if (g_strcmp0 (channel, PLR_SHARE_CHANNEL_PDF) == 0)
    return _("PDF");
  if (g_strcmp0 (channel, PLR_SHARE_CHANNEL_HTML) == 0)
    return _("Web page");
  if (g_strcmp0 (channel, PLR_SHARE_CHANNEL_JSON) == 0)
    return _("JSON file");
  if (g_strcmp0 (channel, PLR_SHARE_CHANNEL_PRINT) == 0)
    return _("Print-out");
  return channel;
}

static const char *
state_label (PlrShareState state)
{
  switch (state)
    {
    case PLR_SHARE_STATE_EXPORTED:
      return _("Exported");
    case PLR_SHARE_STATE_WAITING:
      return _("Waiting to send");
    case PLR_SHARE_STATE_ACTIVE:
      return _("Active");
    case PLR_SHARE_STATE_EXPIRED:
      return _("Expired");
    case PLR_SHARE_STATE_REVOKED:
      return _("Revoked");
    case PLR_SHARE_STATE_FAILED:
      return _("Refused by the service");
    default:
      return "";
    }
}

/* ------------------------------------------------------------------------ */
/* Saved views                                                               */

static void
open_view (PlrSharesPage *self,
           const char    *name)
{
  g_autoptr(PlrView) view = NULL;
  g_autoptr(GError) error = NULL;
  PlrViewBuilder *builder;

  if (self->store == NULL || self->record == NULL)
    return;

  view = plr_store_load_view (self->store, name, &error);
  if (view == NULL)
    {
      show_error (self, _("Could Not Open the View"), error->message);
      return;
    }

  builder = plr_view_builder_new (self->record);
  plr_view_builder_set_store (builder, self->store);
  plr_view_builder_edit_view (builder, view);
  gtk_window_set_transient_for (GTK_WINDOW (builder),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (builder));
}

static void
on_delete_view_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            PlrSharesPage    *self)
{
  const char *name = g_object_get_data (G_OBJECT (dialog), "view-name");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "delete") || self->store == NULL)
    return;

  if (!plr_store_delete_view (self->store, name, &error))
    show_error (self, _("Could Not Delete the View"), error->message);
}

static void
confirm_delete_view (PlrSharesPage *self,
                     const char    *name)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Delete the View?"), NULL);
  /* Translators: %s is the name of a saved view */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will no longer be kept. The sharing log keeps what "
                                    "was exported or shared, and shares stay active until "
                                    "they expire or you revoke them."), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "view-name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_view_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  open_view (PLR_SHARES_PAGE (widget), g_variant_get_string (parameter, NULL));
}

static void
delete_view_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  confirm_delete_view (PLR_SHARES_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* ------------------------------------------------------------------------ */
/* The sharing log                                                           */

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkWidget *overlay;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          g_variant_get_string (parameter, NULL));

  /* The window's toast overlay, when there is one. */
  for (overlay = gtk_widget_get_parent (widget); overlay != NULL;
       overlay = gtk_widget_get_parent (overlay))
    if (ADW_IS_TOAST_OVERLAY (overlay))
      {
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                     adw_toast_new (_("Link copied")));
        break;
      }
}

static void
on_revoke_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PlrSharesPage    *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "share-id"));
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "revoke") || self->store == NULL)
    return;

  if (!plr_store_revoke_share (self->store, id, &error))
    {
      show_error (self, _("Could Not Revoke the Share"), error->message);
      return;
    }
  g_debug ("Revoked share %" G_GINT64_FORMAT, id);
  send_queued_changes ();
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlrSharesPage *self = PLR_SHARES_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(PlrShareRecord) share = NULL;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;
  share = plr_store_dup_share_record (self->store, id, NULL);
  if (share == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Revoke the Share?"), NULL);
  /* Translators: %s is a share code */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Share code %s and its link will stop working at once, "
                                    "for everyone who has them. This cannot be undone."),
                                  plr_share_record_get_share_code (share) != NULL
                                  ? plr_share_record_get_share_code (share) : "—");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "revoke", _("_Revoke"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "share-id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_revoke_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A share that never left the device is taken back without a question:
 * nothing was sent, so nothing needs undoing on the service. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlrSharesPage *self = PLR_SHARES_PAGE (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!plr_store_cancel_share (self->store, id, &error))
    {
      if (g_error_matches (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND))
        show_error (self, _("Could Not Cancel the Share"),
                    _("The share was sent in the meantime. Revoke it to stop it working."));
      else
        show_error (self, _("Could Not Cancel the Share"), error->message);
      return;
    }
  g_debug ("Cancelled share %" G_GINT64_FORMAT, id);
}

static GtkWidget *
make_log_row (PlrShareRecord *share)
{
  PlrShareState state = plr_share_record_get_state (share);
  const char *name = plr_share_record_get_view_name (share);
  const char *recipient = plr_share_record_get_recipient (share);
  const char *purpose = plr_share_record_get_purpose (share);
  const char *code = plr_share_record_get_share_code (share);
  const char *url = plr_share_record_get_url (share);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *created = format_day (plr_share_record_get_created_at (share));
  g_autofree char *expires = format_day (plr_share_record_get_expires_at (share));
  g_autofree char *status = NULL;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *label;
  guint n_entries = 0;

  plr_share_record_get_entry_ids (share, &n_entries);

  if (recipient != NULL && recipient[0] != '\0')
    /* Translators: a sharing log row's title; %s is who it was for */
    title = g_strdup_printf (_("For %s"), recipient);
  else if (name != NULL && name[0] != '\0')
    title = g_strdup (name);
  else
    title = g_strdup (_("Untitled view"));

  /* Translators: the start of a sharing log row's subtitle: how, then when */
  g_string_append_printf (subtitle, _("%s, %s"), channel_label (plr_share_record_get_channel (share)),
                          created != NULL ? created : "");
  g_string_append (subtitle, " · ");
  g_string_append_printf (subtitle, ngettext ("%u entry", "%u entries", n_entries), n_entries);
  if (purpose != NULL && purpose[0] != '\0')
    {
      g_string_append (subtitle, " · ");
      g_string_append (subtitle, purpose);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  switch (state)
    {
    case PLR_SHARE_STATE_ACTIVE:
      {
        g_autofree char *viewed = NULL;
        gint64 views = plr_share_record_get_views (share);

        /* PRId64, not G_GINT64_FORMAT: xgettext cannot expand GLib's macro
         * and would cut the message short. */
        viewed = g_strdup_printf (ngettext ("Viewed %" PRId64 " time",
                                            "Viewed %" PRId64 " times", (gulong) views), views);
        /* Translators: a share's state: Active, its expiry date and how often it was read */
        status = expires != NULL ? g_strdup_printf (_("Active until %s · %s"), expires, viewed)
                                 : g_strdup_printf (_("Active · %s"), viewed);
      }
      break;

    case PLR_SHARE_STATE_WAITING:
      status = expires != NULL
        /* Translators: a share not yet sent; %s is when it will expire */
        ? g_strdup_printf (_("Waiting to send · until %s"), expires)
        : g_strdup (state_label (state));
      break;

    case PLR_SHARE_STATE_EXPIRED:
      status = expires != NULL
        /* Translators: %s is the date a share expired */
        ? g_strdup_printf (_("Expired %s"), expires) : g_strdup (state_label (state));
      break;

    case PLR_SHARE_STATE_REVOKED:
    case PLR_SHARE_STATE_FAILED:
    case PLR_SHARE_STATE_EXPORTED:
    default:
      status = g_strdup (state_label (state));
      break;
    }

  /* On the right: the code, if any, over where the entry stands. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  if (code != NULL && code[0] != '\0')
    {
      /* Translators: the accessible name of a share code label */
      g_autofree char *a11y = g_strdup_printf (_("Share code %s"), code);

      label = gtk_label_new (code);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "monospace");
      set_accessible_label (label, a11y);
      gtk_box_append (GTK_BOX (box), label);
    }

  label = gtk_label_new (status);
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_widget_add_css_class (label, "caption");
  if (state == PLR_SHARE_STATE_ACTIVE)
    gtk_widget_add_css_class (label, "success");
  else if (state == PLR_SHARE_STATE_FAILED)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  if (state == PLR_SHARE_STATE_ACTIVE)
    {
      GtkWidget *button;

      if (url != NULL && url[0] != '\0')
        {
          button = gtk_button_new_with_label (_("Copy Link"));
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shares.copy-link");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                                  g_variant_new_string (url));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }

      button = gtk_button_new_with_label (_("Revoke…"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "error");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shares.revoke");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_int64 (plr_share_record_get_id (share)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  else if (state == PLR_SHARE_STATE_WAITING)
    {
      GtkWidget *button = gtk_button_new_with_label (_("Cancel Share"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shares.cancel");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_int64 (plr_share_record_get_id (share)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

/* A saved view's rule is applied again to every new record, so the
 * entries it covers come and go: "Since you last shared it: 2 new, 1 no
 * longer covered", against the entries the sharing log says went out last
 * time. NULL when nothing changed or it was never shared. */
static char *
describe_coverage_change (PlrView   *view,
                          PlrRecord *record,
                          GPtrArray *shares)
{
  PlrShareRecord *last = NULL;
  guint added = 0;
  guint gone = 0;

  if (record == NULL || shares == NULL)
    return NULL;

  /* The log is newest first. */
  for (guint i = 0; i < shares->len && last == NULL; i++)
    if (g_strcmp0 (plr_share_record_get_view_name (g_ptr_array_index (shares, i)),
                   plr_view_get_name (view)) == 0)
      last = g_ptr_array_index (shares, i);

  if (last == NULL || !plr_share_record_compare_coverage (last, view, record, &added, &gone))
    return NULL;

  if (gone == 0)
    return g_strdup_printf (ngettext ("Since you last shared it: %u new entry",
                                      "Since you last shared it: %u new entries", added), added);
  if (added == 0)
    return g_strdup_printf (ngettext ("Since you last shared it: %u entry no longer covered",
                                      "Since you last shared it: %u entries no longer covered",
                                      gone), gone);
  /* Translators: how a saved view's entries changed since it was last shared */
  return g_strdup_printf (_("Since you last shared it: %u new, %u no longer covered"),
                          added, gone);
}

static GtkWidget *
make_view_row (PlrView   *view,
               PlrRecord *record,
               GPtrArray *shares)
{
  g_autofree char *change = describe_coverage_change (view, record, shares);
  g_autofree char *for_whom = NULL;
  const char *name = plr_view_get_name (view);
  const char *recipient = plr_view_get_recipient (view);
  GtkWidget *row;
  GtkWidget *button;
  g_autofree char *a11y = NULL;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (recipient != NULL && recipient[0] != '\0')
    /* Translators: a saved view's subtitle; %s is who it is for */
    for_whom = g_strdup_printf (_("For %s"), recipient);
  if (for_whom != NULL || change != NULL)
    {
      g_autofree char *subtitle = NULL;

      if (for_whom != NULL && change != NULL)
        subtitle = g_strconcat (for_whom, "\n", change, NULL);
      else
        subtitle = g_strdup (for_whom != NULL ? for_whom : change);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }

  button = gtk_button_new_with_label (_("Open…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: %s is the name of a saved view */
  a11y = g_strdup_printf (_("Open “%s”"), name);
  set_accessible_label (button, a11y);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shares.open-view");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_clear_pointer (&a11y, g_free);
  /* Translators: %s is the name of a saved view */
  a11y = g_strdup_printf (_("Delete “%s”…"), name);
  set_accessible_label (button, a11y);
  gtk_widget_set_tooltip_text (button, _("Delete This View"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "shares.delete-view");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
clear_rows (PlrSharesPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
reload (PlrSharesPage *self)
{
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GError) error = NULL;

  clear_rows (self);

  if (self->store != NULL)
    {
      views = plr_store_list_views (self->store, &error);
      if (views == NULL)
        g_warning ("Could not list the saved views (%s %d)", g_quark_to_string (error->domain),
                   error->code);
      g_clear_error (&error);
      shares = plr_store_list_share_records (self->store, &error);
      if (shares == NULL)
        g_warning ("Could not read the sharing log (%s %d)", g_quark_to_string (error->domain),
                   error->code);
    }

  for (guint i = 0; views != NULL && i < views->len; i++)
    {
      GtkWidget *row = make_view_row (g_ptr_array_index (views, i), self->record, shares);

      adw_preferences_group_add (self->views_group, row);
      g_ptr_array_add (self->rows, row);
    }
  for (guint i = 0; shares != NULL && i < shares->len; i++)
    {
      GtkWidget *row = make_log_row (g_ptr_array_index (shares, i));

      adw_preferences_group_add (self->log_group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->views_group), views != NULL && views->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->log_group), shares != NULL && shares->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shares.export-log",
                                 shares != NULL && shares->len > 0);
  gtk_stack_set_visible_child_name (self->stack, self->rows->len > 0 ? "list" : "empty");
  g_debug ("Shares page: %u views, %u log entries", views != NULL ? views->len : 0,
           shares != NULL ? shares->len : 0);
}

/* ------------------------------------------------------------------------ */
/* Exporting the log                                                         */

static void
add_time (JsonBuilder *builder,
          GDateTime   *when)
{
  g_autofree char *text = when != NULL ? g_date_time_format_iso8601 (when) : NULL;

  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static GBytes *
build_log_json (GPtrArray *shares)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GEnumClass) states = g_type_class_ref (PLR_TYPE_SHARE_STATE);
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sharing_log");
  json_builder_begin_array (builder);
  for (guint i = 0; i < shares->len; i++)
    {
      PlrShareRecord *share = g_ptr_array_index (shares, i);
      GEnumValue *state = g_enum_get_value (states, plr_share_record_get_state (share));
      GDateTime *created = plr_share_record_get_created_at (share);
      GDateTime *expires = plr_share_record_get_expires_at (share);
      GDateTime *revoked = plr_share_record_get_revoked_at (share);
      guint n_entries = 0;

      plr_share_record_get_entry_ids (share, &n_entries);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "view_name");
      json_builder_add_string_value (builder, plr_share_record_get_view_name (share));
      json_builder_set_member_name (builder, "recipient");
      json_builder_add_string_value (builder, plr_share_record_get_recipient (share));
      json_builder_set_member_name (builder, "purpose");
      json_builder_add_string_value (builder, plr_share_record_get_purpose (share));
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, plr_share_record_get_channel (share));
      json_builder_set_member_name (builder, "entries");
      json_builder_add_int_value (builder, n_entries);
      json_builder_set_member_name (builder, "created_at");
      add_time (builder, created);
      json_builder_set_member_name (builder, "expires_at");
      add_time (builder, expires);
      json_builder_set_member_name (builder, "revoked_at");
      add_time (builder, revoked);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, state != NULL ? state->value_nick : NULL);
      json_builder_set_member_name (builder, "share_code");
      json_builder_add_string_value (builder, plr_share_record_get_share_code (share));
      json_builder_set_member_name (builder, "views");
      json_builder_add_int_value (builder, plr_share_record_get_views (share));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

static void
on_export_log_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           PlrSharesPage   *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      shares = plr_store_list_share_records (self->store, &error);
      if (shares != NULL)
        {
          bytes = build_log_json (shares);
          /* A small file: written at once, private like every export. */
          g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   NULL, FALSE,
                                   G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                   NULL, NULL, &error);
        }
      if (error != NULL)
        show_error (self, _("Could Not Export the Sharing Log"), error->message);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
export_log_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlrSharesPage *self = PLR_SHARES_PAGE (widget);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Export the Sharing Log"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "sharing-log.json");
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_log_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------------ */

static void
plr_shares_page_dispose (GObject *object)
{
  PlrSharesPage *self = PLR_SHARES_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, reload, self);
  g_clear_object (&self->store);
  g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_SHARES_PAGE);

  G_OBJECT_CLASS (plr_shares_page_parent_class)->dispose (object);
}

static void
plr_shares_page_finalize (GObject *object)
{
  PlrSharesPage *self = PLR_SHARES_PAGE (object);

  g_clear_object (&self->record);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (plr_shares_page_parent_class)->finalize (object);
}

static void
plr_shares_page_class_init (PlrSharesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_shares_page_dispose;
  object_class->finalize = plr_shares_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-shares-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrSharesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlrSharesPage, views_group);
  gtk_widget_class_bind_template_child (widget_class, PlrSharesPage, log_group);

  gtk_widget_class_install_action (widget_class, "shares.open-view", "s", open_view_action);
  gtk_widget_class_install_action (widget_class, "shares.delete-view", "s", delete_view_action);
  gtk_widget_class_install_action (widget_class, "shares.copy-link", "s", copy_link_action);
  gtk_widget_class_install_action (widget_class, "shares.revoke", "x", revoke_action);
  gtk_widget_class_install_action (widget_class, "shares.cancel", "x", cancel_action);
  gtk_widget_class_install_action (widget_class, "shares.export-log", NULL, export_log_action);
}

static void
plr_shares_page_init (PlrSharesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shares.export-log", FALSE);
}

/**
 * plr_shares_page_set_store:
 * @self: a #PlrSharesPage
 * @store: (nullable): the store holding saved views and the sharing log
 *
 * Shows @store's views and log and follows its changes.
 */
void
plr_shares_page_set_store (PlrSharesPage *self,
                           PlrStore      *store)
{
  g_return_if_fail (PLR_IS_SHARES_PAGE (self));
  g_return_if_fail (store == NULL || PLR_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, reload, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "shares-changed", G_CALLBACK (reload), self,
                             G_CONNECT_SWAPPED);
  reload (self);
}

/**
 * plr_shares_page_set_record:
 * @self: a #PlrSharesPage
 * @record: (nullable): the record saved views are opened on
 */
void
plr_shares_page_set_record (PlrSharesPage *self,
                            PlrRecord     *record)
{
  g_return_if_fail (PLR_IS_SHARES_PAGE (self));

  /* A new record may change which entries each saved view covers. */
  if (g_set_object (&self->record, record))
    reload (self);
}
