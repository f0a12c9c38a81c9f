/* plr-view-builder.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view-builder"

#include "config.h"

#include <glib/gi18n.h>
#include <qrencode.h>

#include "plr-learner.h"
#include "plr-learning-event.h"
#include "plr-store.h"
#include "plr-view-builder.h"
#include "plr-view-export.h"
#include "plr-view-pdf.h"
#include "plr-view-result.h"

/* The builder for a configured view: on one side what is shared (a preset
 * to start from, the entries, a rule, the fields, the order), on the other
 * a preview built from the same PlrViewResult the exports are made from,
 * so what the learner sees here is what the recipient gets.
 *
 * Two signals say what happened to the view, for whoever keeps views and
 * the sharing log: PlrViewBuilder::saved and PlrViewBuilder::exported. */

struct _PlrViewBuilder
{
  AdwWindow             parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkToggleButton      *preview_button;
  AdwLeaflet           *leaflet;
  GtkWidget            *settings_page;
  GtkWidget            *preview_page;
  GtkCheckButton       *preset_job;
  GtkCheckButton       *preset_college;
  GtkCheckButton       *preset_one;
  GtkCheckButton       *preset_blank;
  AdwEntryRow          *name_row;
  AdwEntryRow          *recipient_row;
  AdwEntryRow          *purpose_row;
  GtkSwitch            *rule_switch;
  AdwComboRow          *type_row;
  AdwComboRow          *level_row;
  AdwComboRow          *since_row;
  AdwPreferencesGroup  *entries_group;
  AdwPreferencesGroup  *event_fields_group;
  AdwPreferencesGroup  *learner_fields_group;
  AdwComboRow          *order_row;
  GtkBox               *preview_box;
  GtkStack             *stack;
  GtkLabel             *result_status;
  GtkLabel             *result_detail;
  GtkSpinner           *result_spinner;
  GtkWidget            *result_ready;
  GtkDrawingArea       *result_qr;
  GtkLabel             *result_link;
  GtkLabel             *result_code;

  PlrRecord            *record;
  PlrStore             *store;         /* nullable: where views and the sharing log are kept */
  PlrView              *view;
  PlrViewResult        *result;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;

  GPtrArray            *entry_checks;  /* GtkCheckButton, one per event, in record order */
  GtkCheckButton       *event_checks[PLR_EVENT_N_FIELDS];
  GtkCheckButton       *learner_checks[PLR_LEARNER_N_FIELDS];
  GArray               *since_years;   /* int per since_row item; PLR_VIEW_ANY_YEAR first */
  GPtrArray            *type_names;    /* char* per type_row item; NULL ("any") first */
  guint                 updating;      /* > 0 while controls follow the view */
  guint                 n_exports;
  gint64                shown_share;    /* sharing log id on the result page, or 0 */
  char                 *result_url;
  char                 *result_share_code;
  QRcode               *qr;             /* of result_url */
};

G_DEFINE_FINAL_TYPE (PlrViewBuilder, plr_view_builder, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_RECORD,
  PROP_VIEW,
  N_PROPS
};

enum {
  SAVED,
  EXPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The details of an achievement a learner may choose, in the order shown. */
static const PlrEventField event_fields[] = {
  PLR_EVENT_FIELD_SUBJECT,
  PLR_EVENT_FIELD_QUALIFICATION_TYPE,
  PLR_EVENT_FIELD_LEVEL,
  PLR_EVENT_FIELD_GRADE,
  PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
  PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
  PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
  PLR_EVENT_FIELD_PARTICIPATION_START_DATE,
  PLR_EVENT_FIELD_PARTICIPATION_END_DATE,
  PLR_EVENT_FIELD_SUBJECT_CODE,
  PLR_EVENT_FIELD_CREDITS,
  PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT,
};

static const PlrLearnerField learner_fields[] = {
  PLR_LEARNER_FIELD_TITLE,
  PLR_LEARNER_FIELD_GIVEN_NAME,
  PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME,
  PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME,
  PLR_LEARNER_FIELD_FAMILY_NAME,
  PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME,
  PLR_LEARNER_FIELD_DATE_OF_BIRTH,
  PLR_LEARNER_FIELD_ULN,
  PLR_LEARNER_FIELD_EMAIL_ADDRESS,
  PLR_LEARNER_FIELD_ADDRESS_LINE_1,
  PLR_LEARNER_FIELD_ADDRESS_LINE_2,
  PLR_LEARNER_FIELD_ADDRESS_TOWN,
  PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY,
  PLR_LEARNER_FIELD_POST_CODE,
  PLR_LEARNER_FIELD_GENDER,
  PLR_LEARNER_FIELD_NATIONALITY,
};

static void set_view (PlrViewBuilder *self,
                      PlrView        *view);

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */

static void
show_error (PlrViewBuilder *self,
            const char     *heading,
            const char     *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (PlrViewBuilder *self,
            const char     *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* Keeps the view under its name and logs how it left the app, when the
 * builder was given a store. */
static void
keep_view_and_log (PlrViewBuilder *self,
                   const char     *channel)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!plr_store_log_export (self->store, self->view, self->record, channel, NULL, &error))
    {
      show_error (self, _("Could Not Add the Export to the Sharing Log"), error->message);
      return;
    }
  if (!plr_store_save_view (self->store, self->view, TRUE, &error))
    show_toast (self, error->message);
}

/* The QR code of the link, black on white whatever the theme, with the
 * quiet zone of four modules the standard asks for so phones read it. */
static void
draw_qr_cb (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  PlrViewBuilder *self = user_data;
  int modules;
  double size;
  double scale;
  double x0;
  double y0;

  if (self->qr == NULL)
    return;

  modules = self->qr->width + 8;
  size = MIN (width, height);
  scale = floor (size / modules);
  if (scale < 1)
    scale = size / modules;
  x0 = floor ((width - scale * modules) / 2);
  y0 = floor ((height - scale * modules) / 2);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x0, y0, scale * modules, scale * modules);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (int y = 0; y < self->qr->width; y++)
    for (int x = 0; x < self->qr->width; x++)
      if (self->qr->data[y * self->qr->width + x] & 1)
        cairo_rectangle (cr, x0 + (x + 4) * scale, y0 + (y + 4) * scale, scale, scale);
  cairo_fill (cr);
}

/* Shows where the share on the result page stands: waiting to send, or
 * the link, code and expiry to send to the recipient. */
static void
update_result_page (PlrViewBuilder *self)
{
  g_autoptr(PlrShareRecord) share = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *a11y = NULL;
  const char *recipient;
  const char *url;
  const char *code;
  PlrShareState state;

  if (self->shown_share == 0 || self->store == NULL)
    return;

  share = plr_store_dup_share_record (self->store, self->shown_share, NULL);
  if (share == NULL)
    return;

  state = plr_share_record_get_state (share);
  recipient = plr_share_record_get_recipient (share);
  url = plr_share_record_get_url (share);
  code = plr_share_record_get_share_code (share);
  if (plr_share_record_get_expires_at (share) != NULL)
    expires = plr_view_format_date (plr_share_record_get_expires_at (share));

  g_clear_pointer (&self->qr, QRcode_free);
  g_clear_pointer (&self->result_url, g_free);
  g_clear_pointer (&self->result_share_code, g_free);

  switch (state)
    {
    case PLR_SHARE_STATE_ACTIVE:
      gtk_label_set_text (self->result_status, _("Ready to Send"));
      if (expires != NULL)
        /* Translators: on the page after sharing; %s is who the share is for, then the date */
        detail = g_strdup_printf (_("Send the link or the code to %s. They work until %s."),
                                  recipient != NULL ? recipient : "—", expires);
      else
        detail = g_strdup_printf (_("Send the link or the code to %s."),
                                  recipient != NULL ? recipient : "—");
      self->result_url = g_strdup (url);
      self->result_share_code = g_strdup (code);
      break;

    case PLR_SHARE_STATE_WAITING:
      gtk_label_set_text (self->result_status, _("Waiting to Send"));
      detail = g_strdup (_("The share is kept and sent as soon as the service can be reached. "
                           "The link and the code appear here once it is sent."));
      break;

    case PLR_SHARE_STATE_FAILED:
      gtk_label_set_text (self->result_status, _("The Service Refused the Share"));
      detail = g_strdup (_("No share code was made. Check the view has a recipient and try "
                           "again."));
      break;

    case PLR_SHARE_STATE_REVOKED:
      gtk_label_set_text (self->result_status, _("Share Cancelled"));
      detail = g_strdup (_("This share was cancelled or revoked and does not work."));
      break;

    case PLR_SHARE_STATE_EXPIRED:
    case PLR_SHARE_STATE_EXPORTED:
    default:
      gtk_label_set_text (self->result_status, _("Share Expired"));
      detail = g_strdup (_("This share no longer works."));
      break;
    }

  gtk_label_set_text (self->result_detail, detail);
  gtk_spinner_set_spinning (self->result_spinner, state == PLR_SHARE_STATE_WAITING);
  gtk_widget_set_visible (GTK_WIDGET (self->result_spinner), state == PLR_SHARE_STATE_WAITING);
  gtk_widget_set_visible (self->result_ready, state == PLR_SHARE_STATE_ACTIVE);

  gtk_label_set_text (self->result_link, self->result_url != NULL ? self->result_url : "");
  gtk_label_set_text (self->result_code,
                      self->result_share_code != NULL ? self->result_share_code : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_qr), self->result_url != NULL);
  if (self->result_url != NULL)
    {
      self->qr = QRcode_encodeString (self->result_url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      /* Translators: the accessible description of the QR code; %s is the link */
      a11y = g_strdup_printf (_("A QR code that opens %s"), self->result_url);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->result_qr),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, a11y, -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self->result_qr));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.copy-result-link",
                                 self->result_url != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.send-email", self->result_url != NULL);
}

static void
on_store_shares_changed_cb (PlrViewBuilder *self,
                            PlrStore       *store)
{
  update_result_page (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (widget);

  gtk_stack_set_visible_child_name (self->stack, "build");
}

static void
copy_result_link_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (widget);

  if (self->result_url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->result_url);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Link copied")));
}

/* A mailto: link with no address (the app knows the recipient by name
 * only), so the learner picks who it goes to in their mail program; the
 * portal opens it for a sandboxed app. */
static void
send_email_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (widget);
  g_autofree char *body = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *uri = NULL;

  if (self->result_url == NULL)
    return;

  /* Translators: the subject of the email that sends a share */
  subject = g_uri_escape_string (_("My Personal Learning Record"), NULL, FALSE);
  /* Translators: the text of the email that sends a share; %s are the link, then the code */
  body = g_strdup_printf (_("You can read the part of my Personal Learning Record I chose to "
                            "share at %s\n\nor enter the share code %s on the checking site."),
                          self->result_url,
                          self->result_share_code != NULL ? self->result_share_code : "");
  {
    g_autofree char *escaped = g_uri_escape_string (body, NULL, FALSE);

    uri = g_strdup_printf ("mailto:?subject=%s&body=%s", subject, escaped);
  }
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          g_variant_get_string (parameter, NULL));
  show_toast (PLR_VIEW_BUILDER (widget), _("Link copied"));
}

/* How long a share lasts, in the order of the expiry drop-down. */
static GDateTime *
expiry_for_choice (guint choice)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  switch (choice)
    {
    case 0:
      return g_date_time_add_weeks (now, 1);
    case 2:
      return g_date_time_add_months (now, 3);
    case 3:
      return g_date_time_add_months (now, 6);
    case 4:
      return g_date_time_add_years (now, 1);
    case 1:
    default:
      return g_date_time_add_months (now, 1);
    }
}

static void
on_share_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      PlrViewBuilder   *self)
{
  GtkDropDown *expiry = g_object_get_data (G_OBJECT (dialog), "expiry");
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GError) error = NULL;
  GApplication *application;
  gint64 id = 0;

  if (!g_str_equal (response, "share") || self->store == NULL)
    return;

  expires_at = expiry_for_choice (gtk_drop_down_get_selected (expiry));
  if (!plr_store_create_share (self->store, self->view, self->record, expires_at, &id, &error))
    {
      show_error (self, _("Could Not Share the View"), error->message);
      return;
    }
  self->shown_share = id;
  if (!plr_store_save_view (self->store, self->view, TRUE, &error))
    {
      /* The message may name the view: log its kind only. */
      g_debug ("Could not keep the shared view (%s %d)", g_quark_to_string (error->domain),
               error->code);
    }
  g_debug ("Queued share %" G_GINT64_FORMAT, id);

  update_result_page (self);
  gtk_stack_set_visible_child_name (self->stack, "result");
  application = g_application_get_default ();
  if (application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "send-queued-changes", NULL);
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (widget);
  g_autoptr(GtkStringList) choices = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *expiry;

  if (self->store == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Share by Code"),
                                   _("Anyone with the code or the link can read this view "
                                     "until it expires. You can revoke it in Shares at any time."));
  choices = gtk_string_list_new (NULL);
  gtk_string_list_append (choices, _("1 week"));
  gtk_string_list_append (choices, _("1 month"));
  gtk_string_list_append (choices, _("3 months"));
  gtk_string_list_append (choices, _("6 months"));
  gtk_string_list_append (choices, _("1 year"));
  expiry = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (choices)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (expiry), 1);
  label = gtk_label_new_with_mnemonic (_("E_xpires after"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), expiry);
  set_accessible_label (expiry, _("Expires after"));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), expiry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "expiry", expiry);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "share", _("_Share"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "share",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "share");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_share_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* A share needs someone it is for: the button waits for a name rather
 * than refusing afterwards. */
static void
update_share_enabled (PlrViewBuilder *self)
{
  gboolean named = self->view != NULL && nonempty (plr_view_get_recipient (self->view)) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.share", self->store != NULL && named);
}

static void
on_check_row_activated_cb (AdwActionRow   *row,
                           GtkCheckButton *check)
{
  gtk_check_button_set_active (check, !gtk_check_button_get_active (check));
}

/* A row with a check button in front, the whole row toggling it. The row
 * is not the check button's label (as activatable-widget would make it), so
 * a screen reader says just @accessible_label. */
static GtkCheckButton *
add_check_row (AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               const char          *accessible_label)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  set_accessible_label (check, accessible_label != NULL ? accessible_label : title);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "activated", G_CALLBACK (on_check_row_activated_cb), check, 0);
  adw_preferences_group_add (group, row);

  return GTK_CHECK_BUTTON (check);
}

/* ------------------------------------------------------------------------ */
/* The preview: the PlrViewResult as widgets                                 */

static GtkWidget *
preview_label (const char *text,
               const char *style_class,
               gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (style_class != NULL)
    gtk_widget_add_css_class (label, style_class);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static const char *
order_words (PlrViewResult *result)
{
  switch (plr_view_result_get_order (result))
    {
    case PLR_VIEW_ORDER_OLDEST_FIRST:
      return _("oldest first");
    case PLR_VIEW_ORDER_BY_LEVEL:
      return plr_view_result_get_is_grouped (result) ? _("grouped by level")
                                                     : _("ordered by level");
    case PLR_VIEW_ORDER_NEWEST_FIRST:
    default:
      return _("newest first");
    }
}

static void
preview_heading (PlrViewBuilder *self,
                 PlrViewResult  *result)
{
  GtkBox *box = self->preview_box;
  const char *recipient = plr_view_result_get_recipient (result);
  const char *purpose = plr_view_result_get_purpose (result);
  const char *code = plr_view_result_get_share_code (result);
  g_autofree char *name = plr_view_result_dup_learner_name (result, NULL);
  g_autofree char *prepared = NULL;
  g_autofree char *generated = NULL;
  g_autofree char *provenance = NULL;
  GtkWidget *title;

  title = preview_label (plr_view_result_get_title (result), "title-1", FALSE);
  gtk_label_set_selectable (GTK_LABEL (title), FALSE);
  gtk_box_append (box, title);
  if (name != NULL)
    gtk_box_append (box, preview_label (name, "title-3", FALSE));

  if (recipient != NULL && purpose != NULL)
    /* Translators: "Prepared for Acme Ltd, Job application" */
    prepared = g_strdup_printf (_("Prepared for %s, %s"), recipient, purpose);
  else if (recipient != NULL)
    prepared = g_strdup_printf (_("Prepared for %s"), recipient);
  else if (purpose != NULL)
    prepared = g_strdup_printf (_("Purpose: %s"), purpose);
  if (prepared != NULL)
    gtk_box_append (box, preview_label (prepared, NULL, FALSE));

  generated = plr_view_format_date (plr_view_result_get_generated_at (result));
  if (plr_view_result_get_as_of (result) != NULL)
    {
      g_autofree char *as_of = plr_view_format_date (plr_view_result_get_as_of (result));

      provenance = g_strdup_printf (_("From the learner’s record as fetched on %s. "
                                      "Generated on %s."), as_of, generated);
    }
  else
    provenance = g_strdup_printf (_("Generated on %s."), generated);
  gtk_box_append (box, preview_label (provenance, "caption", TRUE));

  if (code != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", _("Share code:"), code);

      gtk_box_append (box, preview_label (text, "monospace", FALSE));
    }
}

static void
preview_learner (PlrViewBuilder *self,
                 PlrViewResult  *result)
{
  GtkWidget *grid = NULL;
  guint64 name_fields = 0;
  g_autofree char *name = plr_view_result_dup_learner_name (result, &name_fields);
  int row = 0;

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      const char *value = plr_view_result_get_learner_value (result, i);
      g_autofree char *formatted = NULL;
      GtkWidget *label;

      if (value == NULL || (name_fields & PLR_VIEW_FIELD_BIT (i)))
        continue;

      if (grid == NULL)
        {
          gtk_box_append (self->preview_box, preview_label (_("About the learner"), "title-4",
                                                            FALSE));
          grid = gtk_grid_new ();
          gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
          gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
          gtk_widget_set_margin_bottom (grid, 6);
          gtk_box_append (self->preview_box, grid);
        }

      formatted = plr_view_format_learner_value (i, value);
      label = preview_label (plr_learner_field_get_label (i), NULL, TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), FALSE);
      gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
      label = preview_label (formatted, NULL, FALSE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (GTK_GRID (grid), label, 1, row, 1, 1);
      row++;
    }
}

static GtkWidget *
preview_entry_row (PlrViewResult *result,
                   guint          entry)
{
  guint n_columns = plr_view_result_get_n_columns (result);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *flow = NULL;
  g_autofree char *heading = NULL;
  guint first = 0;

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  if (n_columns > 0)
    {
      PlrEventField field = plr_view_result_get_column (result, 0);

      heading = plr_view_format_event_value (field,
                                             plr_view_result_get_entry_value (result, entry,
                                                                              field));
      first = 1;
    }
  else
    heading = g_strdup_printf (_("Entry %u"), entry + 1);
  gtk_box_append (GTK_BOX (box), preview_label (heading != NULL ? heading : "–", "heading",
                                                FALSE));

  if (plr_view_result_get_entry_challenged (result, entry))
    gtk_box_append (GTK_BOX (box), preview_label (_("Under data challenge"), "error", FALSE));

  if (first < n_columns)
    {
      flow = gtk_flow_box_new ();
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
      gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
      gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
      gtk_box_append (GTK_BOX (box), flow);
    }

  for (guint c = first; c < n_columns; c++)
    {
      PlrEventField field = plr_view_result_get_column (result, c);
      g_autofree char *value = NULL;
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *child;

      value = plr_view_format_event_value (field,
                                           plr_view_result_get_entry_value (result, entry, field));
      gtk_box_append (GTK_BOX (cell), preview_label (plr_event_field_get_label (field),
                                                     "caption", TRUE));
      gtk_box_append (GTK_BOX (cell), preview_label (value != NULL ? value : "–", NULL, FALSE));
      gtk_flow_box_append (GTK_FLOW_BOX (flow), cell);
      child = gtk_widget_get_parent (cell);
      gtk_widget_set_focusable (child, FALSE);
      gtk_widget_set_valign (child, GTK_ALIGN_START);
    }

  return box;
}

static GtkWidget *
new_entries_list (GtkBox *box)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (box, list);

  return list;
}

static void
preview_entries (PlrViewBuilder *self,
                 PlrViewResult  *result)
{
  guint n_entries = plr_view_result_get_n_entries (result);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *list = NULL;

  gtk_widget_set_margin_top (header, 12);
  gtk_box_append (GTK_BOX (header), preview_label (_("Learning events"), "title-4", FALSE));
  if (n_entries > 0)
    {
      g_autofree char *aside = NULL;
      GtkWidget *label;

      aside = g_strdup_printf (ngettext ("%u entry, %s", "%u entries, %s", n_entries), n_entries,
                               order_words (result));
      label = preview_label (aside, "caption", TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
      gtk_box_append (GTK_BOX (header), label);
    }
  gtk_box_append (self->preview_box, header);

  if (plr_view_result_get_n_challenged (result) > 0)
    gtk_box_append (self->preview_box,
                    preview_label (_("An entry marked “Under data challenge” is being checked "
                                     "because someone asked for it to be corrected; its details "
                                     "may change."), "caption", FALSE));

  if (n_entries == 0)
    {
      gtk_box_append (self->preview_box,
                      preview_label (_("This view holds no learning events."), NULL, TRUE));
      return;
    }

  for (guint e = 0; e < n_entries; e++)
    {
      GtkWidget *row;

      if (plr_view_result_starts_group (result, e))
        {
          const char *group = plr_view_result_get_entry_group (result, e);
          GtkWidget *label = preview_label (group != NULL ? group : _("Level not recorded"),
                                            "heading", FALSE);

          gtk_widget_set_margin_top (label, 6);
          gtk_box_append (self->preview_box, label);
          list = NULL;
        }

      if (list == NULL)
        list = new_entries_list (self->preview_box);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), preview_entry_row (result, e));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}

static void
clear_preview (PlrViewBuilder *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_box))) != NULL)
    gtk_box_remove (self->preview_box, child);
}

static void
update_preview (PlrViewBuilder *self)
{
  g_autoptr(GError) error = NULL;
  const char *name = plr_view_get_name (self->view);

  adw_window_title_set_subtitle (self->window_title, name != NULL ? name : "");

  g_clear_object (&self->result);
  clear_preview (self);

  self->result = plr_view_apply (self->view, self->record, &error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.export", self->result != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.print", self->result != NULL);

  if (self->result == NULL)
    {
      gtk_box_append (self->preview_box, preview_label (error->message, "error", FALSE));
      return;
    }

  preview_heading (self, self->result);
  preview_learner (self, self->result);
  preview_entries (self, self->result);
  g_debug ("Preview shows %u entries", plr_view_result_get_n_entries (self->result));
}

/* ------------------------------------------------------------------------ */
/* Controls that follow the view                                             */

static void
sync_entry_checks (PlrViewBuilder *self)
{
  self->updating++;
  for (guint i = 0; i < self->entry_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->entry_checks, i);
      PlrLearningEvent *event = g_object_get_data (G_OBJECT (check), "plr-event");

      gtk_check_button_set_active (check, plr_view_covers_event (self->view, event));
    }
  self->updating--;
}

static guint
level_to_position (int level)
{
  return level == PLR_VIEW_LEVEL_NONE ? 0 : (guint) level + 1;
}

static int
position_to_level (guint position)
{
  return position == 0 || position == GTK_INVALID_LIST_POSITION ? PLR_VIEW_LEVEL_NONE
                                                                  : (int) position - 1;
}

static void
sync_controls (PlrViewBuilder *self)
{
  int since = plr_view_get_awarded_since (self->view);
  guint since_position = 0;
  const char * const *types;
  guint type_position = 0;

  self->updating++;

  gtk_editable_set_text (GTK_EDITABLE (self->name_row),
                         plr_view_get_name (self->view) ? plr_view_get_name (self->view) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->recipient_row),
                         plr_view_get_recipient (self->view) ?
                         plr_view_get_recipient (self->view) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->purpose_row),
                         plr_view_get_purpose (self->view) ? plr_view_get_purpose (self->view) : "");

  gtk_switch_set_active (self->rule_switch, plr_view_get_use_rule (self->view));
  types = plr_view_get_qualification_types (self->view);
  for (guint i = 1; i < self->type_names->len; i++)
    if (types != NULL && types[0] != NULL && types[1] == NULL &&
        g_strcmp0 (g_ptr_array_index (self->type_names, i), types[0]) == 0)
      type_position = i;
  adw_combo_row_set_selected (self->type_row, type_position);
  adw_combo_row_set_selected (self->level_row,
                              level_to_position (plr_view_get_min_level (self->view)));
  for (guint i = 0; i < self->since_years->len; i++)
    if (g_array_index (self->since_years, int, i) == since)
      since_position = i;
  adw_combo_row_set_selected (self->since_row, since_position);

  for (guint i = 0; i < G_N_ELEMENTS (event_fields); i++)
    gtk_check_button_set_active (self->event_checks[event_fields[i]],
                                 plr_view_has_event_field (self->view, event_fields[i]));
  for (guint i = 0; i < G_N_ELEMENTS (learner_fields); i++)
    gtk_check_button_set_active (self->learner_checks[learner_fields[i]],
                                 plr_view_has_learner_field (self->view, learner_fields[i]));

  adw_combo_row_set_selected (self->order_row, plr_view_get_order (self->view));

  self->updating--;

  sync_entry_checks (self);
}

static void
on_view_changed_cb (PlrViewBuilder *self,
                    PlrView        *view)
{
  update_preview (self);
}

static void
set_view (PlrViewBuilder *self,
          PlrView        *view)
{
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_func (self->view, on_view_changed_cb, self);

  g_set_object (&self->view, view);
  g_signal_connect_object (self->view, "changed", G_CALLBACK (on_view_changed_cb), self,
                           G_CONNECT_SWAPPED);

  sync_controls (self);
  update_preview (self);
  update_share_enabled (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* ------------------------------------------------------------------------ */
/* Callbacks from the controls                                               */

/* The presets cover "every achievement" by a rule, which would share
 * achievements that arrive later too. That is the learner's choice to
 * make, so a preset picks what it covers today and leaves the rule off. */
static void
pick_instead_of_rule (PlrViewBuilder *self,
                      PlrView        *view)
{
  if (!plr_view_get_use_rule (view))
    return;

  for (guint i = 0; i < self->entry_checks->len; i++)
    {
      PlrLearningEvent *event = g_object_get_data (g_ptr_array_index (self->entry_checks, i),
                                                   "plr-event");

      if (event != NULL && plr_view_covers_event (view, event))
        plr_view_pick_entry (view, plr_learning_event_get_id (event));
    }
  plr_view_set_use_rule (view, FALSE);
}

static void
on_preset_toggled_cb (PlrViewBuilder *self,
                      GtkCheckButton *button)
{
  g_autoptr(PlrView) view = NULL;
  g_autofree char *recipient = NULL;

  if (self->updating > 0 || !gtk_check_button_get_active (button))
    return;

  if (button == self->preset_job)
    view = plr_view_new_preset (PLR_VIEW_PRESET_JOB_APPLICATION);
  else if (button == self->preset_college)
    view = plr_view_new_preset (PLR_VIEW_PRESET_COLLEGE_APPLICATION);
  else if (button == self->preset_one)
    view = plr_view_new_preset (PLR_VIEW_PRESET_ONE_QUALIFICATION);
  else
    view = plr_view_new ();
  pick_instead_of_rule (self, view);

  /* Who it is for does not change with the kind of view. */
  recipient = g_strdup (nonempty (gtk_editable_get_text (GTK_EDITABLE (self->recipient_row))));
  if (recipient != NULL)
    plr_view_set_recipient (view, recipient);

  set_view (self, view);
}

static void
on_text_changed_cb (PlrViewBuilder *self,
                    GtkEditable    *editable)
{
  const char *text = nonempty (gtk_editable_get_text (editable));

  if (self->updating > 0 || self->view == NULL)
    return;

  if (editable == GTK_EDITABLE (self->name_row))
    plr_view_set_name (self->view, text);
  else if (editable == GTK_EDITABLE (self->recipient_row))
    plr_view_set_recipient (self->view, text);
  else if (editable == GTK_EDITABLE (self->purpose_row))
    plr_view_set_purpose (self->view, text);
  update_share_enabled (self);
}

static void
on_rule_changed_cb (PlrViewBuilder *self)
{
  guint since = adw_combo_row_get_selected (self->since_row);
  guint type = adw_combo_row_get_selected (self->type_row);
  const char *types[2] = { NULL, NULL };

  if (self->updating > 0 || self->view == NULL)
    return;

  if (type != GTK_INVALID_LIST_POSITION && type < self->type_names->len)
    types[0] = g_ptr_array_index (self->type_names, type);
  plr_view_set_qualification_types (self->view, types);

  plr_view_set_min_level (self->view,
                          position_to_level (adw_combo_row_get_selected (self->level_row)));
  plr_view_set_awarded_since (self->view,
                              since < self->since_years->len ?
                              g_array_index (self->since_years, int, since) : PLR_VIEW_ANY_YEAR);
  plr_view_set_use_rule (self->view, gtk_switch_get_active (self->rule_switch));
  sync_entry_checks (self);
}

static void
on_order_changed_cb (PlrViewBuilder *self)
{
  guint order = adw_combo_row_get_selected (self->order_row);

  if (self->updating > 0 || self->view == NULL || order == GTK_INVALID_LIST_POSITION)
    return;

  plr_view_set_order (self->view, order);
}

static void
on_entry_toggled_cb (GtkCheckButton *check,
                     PlrViewBuilder *self)
{
  PlrLearningEvent *event = g_object_get_data (G_OBJECT (check), "plr-event");

  if (self->updating > 0 || self->view == NULL)
    return;

  if (gtk_check_button_get_active (check))
    plr_view_pick_entry (self->view, plr_learning_event_get_id (event));
  else
    plr_view_unpick_entry (self->view, plr_learning_event_get_id (event));
}

static void
on_event_field_toggled_cb (GtkCheckButton *check,
                           PlrViewBuilder *self)
{
  if (self->updating > 0 || self->view == NULL)
    return;

  plr_view_set_event_field (self->view,
                            GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "plr-field")),
                            gtk_check_button_get_active (check));
}

static void
on_learner_field_toggled_cb (GtkCheckButton *check,
                             PlrViewBuilder *self)
{
  if (self->updating > 0 || self->view == NULL)
    return;

  plr_view_set_learner_field (self->view,
                              GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "plr-field")),
                              gtk_check_button_get_active (check));
}

static void
on_preview_button_toggled_cb (PlrViewBuilder  *self,
                              GtkToggleButton *button)
{
  if (self->updating > 0 || self->view == NULL)
    return;

  adw_leaflet_set_visible_child (self->leaflet,
                                 gtk_toggle_button_get_active (button) ? self->preview_page
                                                                       : self->settings_page);
}

static void
on_leaflet_visible_child_cb (PlrViewBuilder *self)
{
  self->updating++;
  gtk_toggle_button_set_active (self->preview_button,
                                adw_leaflet_get_folded (self->leaflet) &&
                                adw_leaflet_get_visible_child (self->leaflet) ==
                                self->preview_page);
  self->updating--;
}

/* ------------------------------------------------------------------------ */
/* Building the rows for a record                                            */

static void
build_entry_rows (PlrViewBuilder *self)
{
  guint n_events = plr_record_get_n_events (self->record);
  g_autofree char *description = NULL;

  for (guint i = 0; i < n_events; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (self->record, i);
      const char *subject = plr_learning_event_get_subject (event);
      const char *type = plr_learning_event_get_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE);
      g_autofree char *grade = plr_view_format_event_value (PLR_EVENT_FIELD_GRADE,
                                                            plr_learning_event_get_grade (event));
      g_autofree char *date = plr_view_format_event_value (PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
                                                           plr_learning_event_get_award_date (event));
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *accessible = NULL;
      GtkCheckButton *check;

      if (subject == NULL)
        subject = _("Untitled achievement");
      if (type != NULL)
        g_ptr_array_add (parts, (gpointer) type);
      if (grade != NULL)
        g_ptr_array_add (parts, grade);
      if (date != NULL)
        g_ptr_array_add (parts, date);
      g_ptr_array_add (parts, NULL);

      /* Translators: the separator between an achievement's details in a row */
      subtitle = g_strjoinv (_(" · "), (char **) parts->pdata);
      /* Translators: the name a screen reader gives an achievement's check box:
       * "Mathematics, GCSE · A · 22 August 2019" */
      accessible = *subtitle != '\0' ? g_strdup_printf (_("%s, %s"), subject, subtitle)
                                     : g_strdup (subject);

      check = add_check_row (self->entries_group, subject, *subtitle ? subtitle : NULL,
                             accessible);
      g_object_set_data_full (G_OBJECT (check), "plr-event", g_object_ref (event),
                              g_object_unref);
      g_signal_connect (check, "toggled", G_CALLBACK (on_entry_toggled_cb), self);
      g_ptr_array_add (self->entry_checks, check);
    }

  description = g_strdup_printf (ngettext ("Tick what this view shares: %u achievement in your "
                                           "record.",
                                           "Tick what this view shares: %u achievements in your "
                                           "record.", n_events), n_events);
  adw_preferences_group_set_description (self->entries_group, description);
}

/* NULL ("any type") first, then A to Z. */
static int
compare_type_names (gconstpointer a,
                    gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  if (x == NULL || y == NULL)
    return (x != NULL) - (y != NULL);

  return g_utf8_collate (x, y);
}

static void
build_rule_models (PlrViewBuilder *self)
{
  g_autoptr(GtkStringList) levels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (int));
  int any = PLR_VIEW_ANY_YEAR;

  gtk_string_list_append (levels, _("Any level"));
  gtk_string_list_append (levels, _("Entry level"));
  for (int level = 1; level <= PLR_VIEW_LEVEL_MAX; level++)
    {
      g_autofree char *text = g_strdup_printf (_("Level %d"), level);

      gtk_string_list_append (levels, text);
    }
  adw_combo_row_set_model (self->level_row, G_LIST_MODEL (levels));

  /* "Any year", then every year an achievement was awarded, newest first. */
  for (guint i = 0; i < plr_record_get_n_events (self->record); i++)
    {
      const char *date = plr_learning_event_get_award_date (plr_record_get_event (self->record, i));
      int year;
      gboolean seen = FALSE;

      if (date == NULL || strlen (date) < 4)
        continue;
      year = (int) g_ascii_strtoll (date, NULL, 10);
      if (year <= 0)
        continue;
      for (guint k = 0; k < found->len && !seen; k++)
        seen = g_array_index (found, int, k) == year;
      if (!seen)
        g_array_append_val (found, year);
    }
  for (guint i = 0; i + 1 < found->len; i++)
    for (guint k = i + 1; k < found->len; k++)
      if (g_array_index (found, int, k) > g_array_index (found, int, i))
        {
          int swap = g_array_index (found, int, i);

          g_array_index (found, int, i) = g_array_index (found, int, k);
          g_array_index (found, int, k) = swap;
        }

  /* "Any type", then every qualification type in the record, A to Z. */
  g_ptr_array_set_size (self->type_names, 0);
  g_ptr_array_add (self->type_names, NULL);
  gtk_string_list_append (types, _("Any type"));
  for (guint i = 0; i < plr_record_get_n_events (self->record); i++)
    {
      PlrLearningEvent *event = plr_record_get_event (self->record, i);
      const char *type = plr_learning_event_get_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE);
      gboolean seen = FALSE;

      for (guint k = 1; k < self->type_names->len && !seen; k++)
        seen = g_strcmp0 (g_ptr_array_index (self->type_names, k), type) == 0;
      if (type != NULL && !seen)
        g_ptr_array_add (self->type_names, g_strdup (type));
    }
  g_ptr_array_sort (self->type_names, compare_type_names);
  for (guint i = 1; i < self->type_names->len; i++)
    gtk_string_list_append (types, g_ptr_array_index (self->type_names, i));

  g_array_set_size (self->since_years, 0);
  g_array_append_val (self->since_years, any);
  gtk_string_list_append (years, _("Any year"));
  for (guint i = 0; i < found->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d", g_array_index (found, int, i));

      g_array_append_val (self->since_years, g_array_index (found, int, i));
      gtk_string_list_append (years, text);
    }

  self->updating++;
  adw_combo_row_set_model (self->since_row, G_LIST_MODEL (years));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (types));
  self->updating--;
}

static void
build_field_rows (PlrViewBuilder *self)
{
  PlrLearner *learner = plr_record_get_learner (self->record);

  for (guint i = 0; i < G_N_ELEMENTS (event_fields); i++)
    {
      PlrEventField field = event_fields[i];
      GtkCheckButton *check;

      check = add_check_row (self->event_fields_group, plr_event_field_get_label (field), NULL,
                             NULL);
      g_object_set_data (G_OBJECT (check), "plr-field", GUINT_TO_POINTER (field));
      g_signal_connect (check, "toggled", G_CALLBACK (on_event_field_toggled_cb), self);
      self->event_checks[field] = check;
    }

  for (guint i = 0; i < G_N_ELEMENTS (learner_fields); i++)
    {
      PlrLearnerField field = learner_fields[i];
      g_autofree char *value = NULL;
      GtkCheckButton *check;
      const char *raw = NULL;

      if (learner != NULL)
        raw = plr_learner_get_value (learner, field);
      if (raw != NULL)
        value = plr_view_format_learner_value (field, raw);

      check = add_check_row (self->learner_fields_group, plr_learner_field_get_label (field),
                             value != NULL ? value : _("Not in your record"), NULL);
      g_object_set_data (G_OBJECT (check), "plr-field", GUINT_TO_POINTER (field));
      g_signal_connect (check, "toggled", G_CALLBACK (on_learner_field_toggled_cb), self);
      self->learner_checks[field] = check;
    }
}

/* ------------------------------------------------------------------------ */
/* Export                                                                    */

/* What the export's callback needs once the file is written. */
typedef struct
{
  PlrViewBuilder *self;
  PlrViewResult  *result;
  GFile          *file;
  char           *format;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->result);
  g_clear_object (&data->file);
  g_clear_pointer (&data->format, g_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportData, export_data_free)

static void
on_export_finished_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(ExportData) data = user_data;
  PlrViewBuilder *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;

  if (!plr_view_export_to_file_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *body = g_strdup_printf (_("%s\n\nChoose another folder or file name "
                                                     "and try again."), error->message);

          show_error (self, _("Could Not Export the View"), body);
        }
      return;
    }

  self->n_exports++;
  basename = g_file_get_basename (data->file);
  /* Translators: a toast after exporting a view; %s is the file name */
  message = g_strdup_printf (_("Exported “%s”"), basename);
  show_toast (self, message);
  g_debug ("Exported a view as %s with %u entries", data->format,
           plr_view_result_get_n_entries (data->result));

  /* The one place an export is reported: the sharing log listens here. */
  g_signal_emit (self, signals[EXPORTED], 0, self->view, data->format, data->file);
  keep_view_and_log (self, data->format);
}

static void
export_to_file (PlrViewBuilder *self,
                const char     *format,
                GFile          *file)
{
  PlrViewFormat view_format;
  ExportData *data;

  g_assert (self->result != NULL);

  if (!plr_view_format_from_string (format, &view_format))
    g_return_if_reached ();

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->result = g_object_ref (self->result);
  data->file = g_object_ref (file);
  data->format = g_strdup (format);

  plr_view_export_to_file_async (self->result, view_format, file, self->cancellable,
                                 on_export_finished_cb, data);
}

static void
on_export_response_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  PlrViewBuilder *self = user_data;
  const char *format = g_object_get_data (G_OBJECT (dialog), "plr-format");

  if (response == GTK_RESPONSE_ACCEPT && self->result != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        export_to_file (self, format, file);
    }

  g_clear_object (&self->chooser);
}

static char *
suggest_file_name (PlrViewBuilder *self,
                   const char     *extension)
{
  const char *name = plr_view_get_name (self->view);
  g_autofree char *base = g_strdup (name != NULL ? name : _("Learning record view"));

  g_strdelimit (base, "/\\:*?\"<>|", '-');
  return g_strdup_printf ("%s.%s", base, extension);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *file_name = NULL;
  const char *title;

  if (self->result == NULL)
    return;

  if (g_str_equal (format, "pdf"))
    {
      title = _("Export the View as PDF");
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
    }
  else if (g_str_equal (format, "html"))
    {
      title = _("Export the View as a Web Page");
      gtk_file_filter_set_name (filter, _("Web pages"));
      gtk_file_filter_add_mime_type (filter, "text/html");
    }
  else if (g_str_equal (format, "json"))
    {
      title = _("Export the View as JSON");
      gtk_file_filter_set_name (filter, _("JSON files"));
      gtk_file_filter_add_mime_type (filter, "application/json");
    }
  else
    g_return_if_reached ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  file_name = suggest_file_name (self, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_object_set_data_full (G_OBJECT (self->chooser), "plr-format", g_strdup (format), g_free);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------------ */
/* Print                                                                     */

static void
unref_result_notify (gpointer  data,
                     GClosure *closure)
{
  g_object_unref (data);
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   PlrViewResult     *result)
{
  int n_pages = plr_view_pdf_count_pages (result);

  g_object_set_data (G_OBJECT (operation), "plr-n-pages", GINT_TO_POINTER (n_pages));
  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 PlrViewResult     *result)
{
  int n_pages = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (operation), "plr-n-pages"));

  plr_view_pdf_draw_page (result, gtk_print_context_get_cairo_context (context), page_nr + 1,
                          n_pages);
}

static void
on_print_done_cb (GtkPrintOperation       *operation,
                  GtkPrintOperationResult  print_result,
                  PlrViewBuilder          *self)
{
  g_autoptr(GError) error = NULL;

  if (print_result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      show_error (self, _("Could Not Print the View"),
                  error != NULL ? error->message : _("The printer reported a problem."));
    }
  else if (print_result == GTK_PRINT_OPERATION_RESULT_APPLY)
    keep_view_and_log (self, PLR_SHARE_CHANNEL_PRINT);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GtkPageSetup) page_setup = NULL;
  g_autoptr(GtkPaperSize) paper = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  if (self->result == NULL)
    return;

  operation = gtk_print_operation_new ();
  page_setup = gtk_page_setup_new ();
  paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (page_setup, paper);
  gtk_print_operation_set_default_page_setup (operation, page_setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, plr_view_result_get_title (self->result));
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  /* The result is immutable, so the operation holds its own reference. */
  g_signal_connect_data (operation, "begin-print", G_CALLBACK (on_begin_print_cb),
                         g_object_ref (self->result), unref_result_notify, 0);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb),
                         g_object_ref (self->result), unref_result_notify, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (on_print_done_cb), self, 0);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, _("Could Not Print the View"), error->message);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static gboolean
plr_view_builder_close_request (GtkWindow *window)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (window);

  /* The one place a finished view is reported, for whoever keeps views. */
  if (self->n_exports > 0)
    g_signal_emit (self, signals[SAVED], 0, self->view);

  return GTK_WINDOW_CLASS (plr_view_builder_parent_class)->close_request (window);
}

static void
plr_view_builder_constructed (GObject *object)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (object);
  g_autoptr(PlrView) view = NULL;

  G_OBJECT_CLASS (plr_view_builder_parent_class)->constructed (object);

  g_assert (PLR_IS_RECORD (self->record));

  build_rule_models (self);
  build_entry_rows (self);
  build_field_rows (self);

  /* A new view shares nothing until the learner chooses what goes in. */
  self->updating++;
  gtk_check_button_set_active (self->preset_blank, TRUE);
  self->updating--;
  view = plr_view_new ();
  set_view (self, view);
}

static void
plr_view_builder_dispose (GObject *object)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (plr_view_builder_parent_class)->dispose (object);
}

static void
plr_view_builder_finalize (GObject *object)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->result);
  g_clear_object (&self->view);
  g_clear_object (&self->record);
  g_clear_object (&self->store);
  g_clear_pointer (&self->entry_checks, g_ptr_array_unref);
  g_clear_pointer (&self->since_years, g_array_unref);
  g_clear_pointer (&self->type_names, g_ptr_array_unref);
  g_clear_pointer (&self->qr, QRcode_free);
  g_clear_pointer (&self->result_url, g_free);
  g_clear_pointer (&self->result_share_code, g_free);

  G_OBJECT_CLASS (plr_view_builder_parent_class)->finalize (object);
}

static void
plr_view_builder_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;

    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_view_builder_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlrViewBuilder *self = PLR_VIEW_BUILDER (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      self->record = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_view_builder_class_init (PlrViewBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = plr_view_builder_constructed;
  object_class->dispose = plr_view_builder_dispose;
  object_class->finalize = plr_view_builder_finalize;
  object_class->get_property = plr_view_builder_get_property;
  object_class->set_property = plr_view_builder_set_property;
  window_class->close_request = plr_view_builder_close_request;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, PLR_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, PLR_TYPE_VIEW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlrViewBuilder::saved:
   * @self: the builder
   * @view: the view definition, as the learner left it
   *
   * Emitted once, as the builder closes, for a view that was exported at
   * least once: the place to keep the definition.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PLR_TYPE_VIEW);

  /**
   * PlrViewBuilder::exported:
   * @self: the builder
   * @view: the view definition the export was made from
   * @format: "pdf", "html" or "json"
   * @file: the file written
   *
   * Emitted after an export was written: the place to log a share.
   */
  signals[EXPORTED] =
    g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, PLR_TYPE_VIEW, G_TYPE_STRING, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-view-builder.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, preview_button);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, settings_page);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, preview_page);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, preset_job);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, preset_college);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, preset_one);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, preset_blank);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, stack);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, result_status);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, result_detail);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, result_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, result_ready);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, result_qr);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, result_link);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, result_code);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, rule_switch);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, type_row);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, level_row);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, since_row);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, entries_group);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, event_fields_group);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, learner_fields_group);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, order_row);
  gtk_widget_class_bind_template_child (widget_class, PlrViewBuilder, preview_box);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_order_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_preview_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_visible_child_cb);

  gtk_widget_class_install_action (widget_class, "view.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "view.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "view.share", NULL, share_action);
  gtk_widget_class_install_action (widget_class, "view.copy-link", "s", copy_link_action);
  gtk_widget_class_install_action (widget_class, "view.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "view.copy-result-link", NULL,
                                   copy_result_link_action);
  gtk_widget_class_install_action (widget_class, "view.send-email", NULL, send_email_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "view.print",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "view.export",
                                       "s", "pdf");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
plr_view_builder_init (PlrViewBuilder *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->entry_checks = g_ptr_array_new ();
  self->since_years = g_array_new (FALSE, FALSE, sizeof (int));
  self->type_names = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.share", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.copy-result-link", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.send-email", FALSE);
  gtk_drawing_area_set_draw_func (self->result_qr, draw_qr_cb, self, NULL);
}

/**
 * plr_view_builder_new:
 * @record: the record the view is made from
 *
 * Returns: (transfer full): a new builder, starting from the job application preset
 */
PlrViewBuilder *
plr_view_builder_new (PlrRecord *record)
{
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  return g_object_new (PLR_TYPE_VIEW_BUILDER, "record", record, NULL);
}

/**
 * plr_view_builder_get_view:
 * @self: a #PlrViewBuilder
 *
 * Returns: (transfer none): the view being built
 */
PlrView *
plr_view_builder_get_view (PlrViewBuilder *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_BUILDER (self), NULL);

  return self->view;
}

/**
 * plr_view_builder_set_store:
 * @self: a #PlrViewBuilder
 * @store: the store that keeps saved views and the sharing log
 *
 * With a store, every export and print is logged and the view kept under
 * its name, and the view can be shared by code.
 */
void
plr_view_builder_set_store (PlrViewBuilder *self,
                            PlrStore       *store)
{
  g_return_if_fail (PLR_IS_VIEW_BUILDER (self));
  g_return_if_fail (PLR_IS_STORE (store));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "shares-changed", G_CALLBACK (on_store_shares_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_share_enabled (self);
}

/**
 * plr_view_builder_edit_view:
 * @self: a #PlrViewBuilder
 * @view: a saved view to start from
 *
 * Shows a copy of @view for editing, in place of the preset.
 */
void
plr_view_builder_edit_view (PlrViewBuilder *self,
                            PlrView        *view)
{
  g_autoptr(PlrView) copy = NULL;

  g_return_if_fail (PLR_IS_VIEW_BUILDER (self));
  g_return_if_fail (PLR_IS_VIEW (view));

  copy = plr_view_copy (view);
  set_view (self, copy);
  adw_window_title_set_title (self->window_title, _("Edit View"));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit View"));
}
