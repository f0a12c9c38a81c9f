/* plr-privacy-page.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-privacy-page"

#include "config.h"

#include <glib/gi18n.h>

#include "plr-date.h"
#include "plr-access-log.h"
#include "plr-forget.h"
#include "plr-outbox-item.h"
#include "plr-privacy-page.h"
#include "plr-receipt.h"
#include "plr-recipients.h"
#include "plr-rights.h"
#include "plr-rights-letter.h"
#include "plr-secret-token-store.h"

/* The Privacy section: the learner's sharing choice and its history, where
 * the data goes, who read the record, the app's own network requests, data
 * rights requests, retention, consent receipts, and forgetting this
 * device. The overview and its sub-pages are the children of one stack. */
struct _PlrPrivacyPage
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  AdwActionRow         *choice_row;
  AdwActionRow         *ability_row;
  GtkButton            *change_button;
  GtkListBox           *history_list;
  AdwActionRow         *recipients_row;
  AdwActionRow         *access_row;
  AdwActionRow         *network_row;
  AdwActionRow         *rights_row;
  AdwActionRow         *retention_row;
  GtkSearchEntry       *recipients_search;
  GtkListBox           *recipients_list;
  GtkLabel             *access_status;
  GtkListBox           *findings_list;
  GtkListBox           *access_list;
  GtkListBox           *network_list;
  AdwComboRow          *kind_row;
  AdwComboRow          *body_row;
  GtkListBox           *requests_list;

  PlrStore             *store;
  PlrClient            *client;
  PlrRecord            *record;
  PlrRecipients        *recipients;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  PlrRightsLetter      *pending_letter;
  GBytes               *pending_receipts;
  gboolean              demo;
  gboolean              opted_out;
};

G_DEFINE_FINAL_TYPE (PlrPrivacyPage, plr_privacy_page, GTK_TYPE_WIDGET)

enum {
  FORGOTTEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void refresh_history (PlrPrivacyPage *self);

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_message_row (GtkListBox *list,
                 const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_append (list, row);
}

static char *
format_when (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (_("unknown time"));

  local = g_date_time_to_local (time);
  /* TRANSLATORS: a date and time, as in "3 February 2026, 14:05" */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

static void
today (GDate *date)
{
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
}

static GtkWindow *
get_window (PlrPrivacyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (PlrPrivacyPage *self,
       const char     *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);
}

static void
show_error (PlrPrivacyPage *self,
            const char     *heading,
            const char     *body)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Sharing choice and history */

static char *
describe_state (const PlrSharingChoice *choice)
{
  g_autofree char *when = NULL;

  switch (choice->state)
    {
    case PLR_OUTBOX_STATE_QUEUED:
      return g_strdup (_("Waiting to send"));
    case PLR_OUTBOX_STATE_SENT:
      when = format_when (choice->confirmed_at);
      if (choice->reference != NULL)
        return g_strdup_printf (_("Confirmed %s, reference %s"), when, choice->reference);
      return g_strdup_printf (_("Confirmed %s"), when);
    case PLR_OUTBOX_STATE_FAILED:
    default:
      return g_strdup (_("The service refused it: record it again or phone the helpdesk"));
    }
}

static const char *
describe_method (const char *method)
{
  if (g_strcmp0 (method, "phone") == 0)
    return _("made by phone");
  if (g_strcmp0 (method, "letter") == 0)
    return _("made in a letter");
  return _("in this app");
}

static void
refresh_history (PlrPrivacyPage *self)
{
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->history_list);

  if (self->store == NULL)
    return;

  choices = plr_store_list_sharing_choices (self->store, &error);
  if (choices == NULL)
    {
      add_message_row (self->history_list, error->message);
      return;
    }

  if (choices->len == 0)
    {
      self->opted_out = FALSE;
      adw_action_row_set_subtitle (self->choice_row,
                                   _("Not recorded in this app. Unless you opted out before "
                                     "2021, organisations registered with the Learning Records "
                                     "Service can get your learning events."));
      add_message_row (self->history_list, _("No choices recorded yet"));
    }
  else
    {
      const PlrSharingChoice *last = choices->pdata[choices->len - 1];
      g_autofree char *state = describe_state (last);
      g_autofree char *subtitle = NULL;

      self->opted_out = last->opted_out;
      subtitle = g_strdup_printf ("%s\n%s",
                                  last->opted_out
                                  ? _("You asked that organisations get no learning events")
                                  : _("Organisations may get your learning events"),
                                  state);
      adw_action_row_set_subtitle (self->choice_row, subtitle);
    }

  gtk_button_set_label (self->change_button,
                        self->opted_out ? _("Opt Back In…") : _("Opt Out…"));

  for (guint i = choices->len; i > 0; i--)
    {
      const PlrSharingChoice *choice = choices->pdata[i - 1];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *made = format_when (choice->made_at);
      g_autofree char *when = NULL;
      g_autofree char *state = describe_state (choice);
      g_autofree char *subtitle = NULL;

      /* A choice made by phone or letter is dated in its note; the time
       * here is when it was written down in the app. */
      if (g_strcmp0 (choice->method, "app") == 0)
        when = g_steal_pointer (&made);
      else
        when = g_strdup_printf (_("Recorded %s"), made);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     choice->opted_out ? _("Opted out") : _("Opted back in"));
      if (choice->note != NULL)
        subtitle = g_strdup_printf ("%s, %s · %s\n%s", when, describe_method (choice->method),
                                    state, choice->note);
      else
        subtitle = g_strdup_printf ("%s, %s · %s", when, describe_method (choice->method), state);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->history_list, row);
    }
}

static void
send_queued (PlrPrivacyPage *self)
{
  GApplication *application = g_application_get_default ();

  if (application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "send-queued-changes", NULL);
}

static void
record_choice (PlrPrivacyPage *self,
               gboolean        opted_out,
               const char     *method,
               const char     *note)
{
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!plr_store_record_sharing_choice (self->store, opted_out, method, note, NULL, &error))
    {
      show_error (self, _("Your Choice Was Not Saved"), error->message);
      return;
    }

  refresh_history (self);
  send_queued (self);
}

static void
on_consequence_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            PlrPrivacyPage   *self)
{
  if (g_strcmp0 (response, "change") == 0)
    record_choice (self, !self->opted_out, "app", NULL);
}

static void
on_change_clicked_cb (PlrPrivacyPage *self)
{
  GtkWidget *dialog;

  if (!self->opted_out)
    {
      dialog = adw_message_dialog_new (get_window (self), _("Opt Out of Sharing?"),
                                       _("Organisations that ask the Learning Records Service "
                                         "for your record would get none of your learning "
                                         "events.\n\n"
                                         "• Awarding organisations may not be able to find you, "
                                         "or to award you a certificate.\n"
                                         "• You may have to show your certificates yourself, to "
                                         "colleges and employers.\n"
                                         "• Services such as credit transfer may not work for "
                                         "you.\n"
                                         "• Your ULN stays: nobody can opt out of having one, "
                                         "and your record is still kept.\n\n"
                                         "You can change your mind later."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Keep Sharing"),
                                        "change", _("_Opt Out"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      dialog = adw_message_dialog_new (get_window (self), _("Opt Back In to Sharing?"),
                                       _("Organisations registered with the Learning Records "
                                         "Service — awarding organisations, and the colleges, "
                                         "careers services and employers you deal with — could "
                                         "get your learning events again. That lets them find "
                                         "you and check your achievements without asking you "
                                         "for certificates."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "change", _("_Opt Back In"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                                  ADW_RESPONSE_SUGGESTED);
    }

  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_consequence_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkCheckButton *opted_out;
  GtkCheckButton *phone;
  GtkEntry       *date;
  GtkEntry       *reference;
} OfflineForm;

static gboolean
parse_iso_day (const char *text,
               GDate      *date)
{
  unsigned int y, m, d;
  char extra;

  g_date_clear (date, 1);
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &extra) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static void
on_offline_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        PlrPrivacyPage   *self)
{
  OfflineForm *form = g_object_get_data (G_OBJECT (dialog), "form");
  g_autofree char *reference = NULL;
  g_autofree char *note = NULL;
  g_autofree char *day_text = NULL;
  GDate day, now;

  if (g_strcmp0 (response, "record") != 0)
    return;

  today (&now);
  if (!parse_iso_day (gtk_editable_get_text (GTK_EDITABLE (form->date)), &day) ||
      g_date_compare (&day, &now) > 0)
    {
      show_error (self, _("Check the Date"),
                  _("Give the day you made the choice as year-month-day, such as 2026-02-03, "
                    "and not in the future. Nothing was recorded."));
      return;
    }

  reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->reference))));
  day_text = plr_date_format_long_gdate (&day);
  if (reference[0] != '\0')
    note = g_strdup_printf (_("Made on %s, reference %s"), day_text, reference);
  else
    note = g_strdup_printf (_("Made on %s"), day_text);

  record_choice (self, gtk_check_button_get_active (form->opted_out),
                 gtk_check_button_get_active (form->phone) ? "phone" : "letter", note);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  return box;
}

static void
on_record_offline_clicked_cb (PlrPrivacyPage *self)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *choice_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *method_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *opted_in, *letter;
  OfflineForm *form = g_new0 (OfflineForm, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%d");

  form->opted_out = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_("I opted out")));
  opted_in = gtk_check_button_new_with_label (_("I opted back in"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (opted_in), form->opted_out);
  gtk_check_button_set_active (form->opted_out, TRUE);
  gtk_box_append (GTK_BOX (choice_box), GTK_WIDGET (form->opted_out));
  gtk_box_append (GTK_BOX (choice_box), opted_in);

  form->phone = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (_("By phone")));
  letter = gtk_check_button_new_with_label (_("By letter"));
  gtk_check_button_set_group (GTK_CHECK_BUTTON (letter), form->phone);
  gtk_check_button_set_active (form->phone, TRUE);
  gtk_box_append (GTK_BOX (method_box), GTK_WIDGET (form->phone));
  gtk_box_append (GTK_BOX (method_box), letter);

  form->date = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (form->date), now_text);
  gtk_entry_set_placeholder_text (form->date, "2026-02-03");
  form->reference = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_max_length (form->reference, 200);

  gtk_box_append (GTK_BOX (box), choice_box);
  gtk_box_append (GTK_BOX (box), method_box);
  gtk_box_append (GTK_BOX (box), labelled (_("Date (year-month-day)"), GTK_WIDGET (form->date)));
  gtk_box_append (GTK_BOX (box), labelled (_("Reference you were given (optional)"),
                                           GTK_WIDGET (form->reference)));

  dialog = adw_message_dialog_new (get_window (self), _("Record a Choice Made by Phone or Letter"),
                                   _("It goes in your history and is sent to your PLR service "
                                     "with the date and reference."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "record", _("_Record"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "form", form, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_offline_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Letters */

static PlrRightsLetter *
build_letter (PlrPrivacyPage      *self,
              PlrRightsLetterKind  kind,
              PlrRecipient        *recipient)
{
  PlrRightsLetter *letter = plr_rights_letter_new (kind, recipient);

  if (self->record != NULL)
    {
      PlrLearner *learner = plr_record_get_learner (self->record);
      g_autofree char *name = plr_learner_dup_display_name (learner);

      g_object_set (letter,
                    "name", name,
                    "uln", plr_learner_get_value (learner, PLR_LEARNER_FIELD_ULN),
                    "date-of-birth", plr_learner_get_value (learner,
                                                            PLR_LEARNER_FIELD_DATE_OF_BIRTH),
                    "email", plr_learner_get_value (learner, PLR_LEARNER_FIELD_EMAIL_ADDRESS),
                    NULL);
    }

  return letter;
}

static void
copy_letter_text (PlrPrivacyPage  *self,
                  PlrRightsLetter *letter)
{
  g_autofree char *text = plr_rights_letter_render_text (letter);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  toast (self, _("Letter copied. Paste it into an email."));
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     PlrPrivacyPage  *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRightsLetter) letter = g_steal_pointer (&self->pending_letter);
  g_autoptr(GBytes) receipts = g_steal_pointer (&self->pending_receipts);

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (letter != NULL)
    {
      if (!plr_rights_letter_render_pdf_to_file (letter, file, NULL, &error))
        show_error (self, _("The Letter Was Not Saved"), error->message);
      else
        toast (self, _("Letter saved. Print it or attach it to an email."));
    }
  else if (receipts != NULL)
    {
      if (!g_file_replace_contents (file, g_bytes_get_data (receipts, NULL),
                                    g_bytes_get_size (receipts), NULL, FALSE,
                                    G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                    NULL, NULL, &error))
        show_error (self, _("The Receipts Were Not Saved"), error->message);
      else
        toast (self, _("Consent receipts saved"));
    }
}

static void
save_with_chooser (PlrPrivacyPage *self,
                   const char     *title,
                   const char     *file_name)
{
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, get_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_letter (PlrPrivacyPage  *self,
             PlrRightsLetter *letter)
{
  g_autofree char *name = plr_rights_letter_dup_file_name (letter, "pdf");

  g_set_object (&self->pending_letter, letter);
  g_clear_pointer (&self->pending_receipts, g_bytes_unref);
  save_with_chooser (self, _("Save the Letter"), name);
}

static PlrRecipient *
get_controller (PlrPrivacyPage *self)
{
  return self->recipients ? plr_recipients_lookup (self->recipients, "dfe") : NULL;
}

static void
on_objection_pdf_clicked_cb (PlrPrivacyPage *self)
{
  g_autoptr(PlrRightsLetter) letter = NULL;

  if (get_controller (self) == NULL)
    return;
  letter = build_letter (self, PLR_RIGHTS_LETTER_OBJECTION, get_controller (self));
  save_letter (self, letter);
}

static void
on_objection_copy_clicked_cb (PlrPrivacyPage *self)
{
  g_autoptr(PlrRightsLetter) letter = NULL;

  if (get_controller (self) == NULL)
    return;
  letter = build_letter (self, PLR_RIGHTS_LETTER_OBJECTION, get_controller (self));
  copy_letter_text (self, letter);
}

/* Receipts */

static void
on_receipts_clicked_cb (PlrPrivacyPage *self)
{
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GBytes *bytes;

  if (self->store == NULL)
    return;

  choices = plr_store_list_sharing_choices (self->store, &error);
  if (choices != NULL)
    bytes = plr_receipt_build_bytes (choices, NULL, 0,
                                     self->client ? plr_client_get_base_url (self->client) : NULL,
                                     NULL, PLR_RECEIPT_DEFAULT, now, &error);
  else
    bytes = NULL;

  if (bytes == NULL)
    {
      show_error (self, _("No Receipts to Export"), error->message);
      return;
    }

  g_clear_pointer (&self->pending_receipts, g_bytes_unref);
  g_clear_object (&self->pending_letter);
  self->pending_receipts = bytes;
  save_with_chooser (self, _("Export Consent Receipts"), _("consent-receipts.json"));
}

/* Where the data goes */

static const char *
describe_opt_out (PlrOptOutEffect effect)
{
  switch (effect)
    {
    case PLR_OPT_OUT_EFFECT_AFFECTED:
      return _("Opting out stops them getting your learning events.");
    case PLR_OPT_OUT_EFFECT_NOT_AFFECTED:
      return _("Opting out does not stop this.");
    case PLR_OPT_OUT_EFFECT_UNKNOWN:
    default:
      return _("The notices do not say whether opting out stops this.");
    }
}

static void
add_detail (AdwExpanderRow *expander,
            const char     *title,
            const char     *text)
{
  GtkWidget *row;

  if (text == NULL || text[0] == '\0')
    return;

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_expander_row_add_row (expander, row);
}

static void
refresh_recipients (PlrPrivacyPage *self)
{
  g_autoptr(GListModel) found = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->recipients_search));
  guint n;

  clear_list (self->recipients_list);
  if (self->recipients == NULL)
    {
      add_message_row (self->recipients_list, _("The list of recipients could not be loaded"));
      return;
    }

  found = plr_recipients_search (self->recipients, text);
  n = g_list_model_get_n_items (found);
  if (n == 0)
    add_message_row (self->recipients_list, _("No organisation or purpose matches"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlrRecipient) recipient = g_list_model_get_item (found, i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *sources = plr_recipient_dup_sources_text (recipient);
      g_autofree char *opt_out = NULL;
      const char *note = plr_recipient_get_opt_out_note (recipient);

      if (note != NULL && note[0] != '\0')
        opt_out = g_strdup_printf ("%s %s",
                                   describe_opt_out (plr_recipient_get_opt_out_effect (recipient)),
                                   note);
      else
        opt_out = g_strdup (describe_opt_out (plr_recipient_get_opt_out_effect (recipient)));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     plr_recipient_get_name (recipient));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                     plr_recipient_get_receives (recipient));
      add_detail (ADW_EXPANDER_ROW (expander), _("Why"), plr_recipient_get_purpose (recipient));
      add_detail (ADW_EXPANDER_ROW (expander), _("Under which law"),
                  plr_recipient_get_legal_basis (recipient));
      add_detail (ADW_EXPANDER_ROW (expander), _("If you opt out"), opt_out);
      add_detail (ADW_EXPANDER_ROW (expander), _("Source"), sources);
      gtk_list_box_append (self->recipients_list, expander);
    }
}

static void
on_recipients_search_changed_cb (PlrPrivacyPage *self)
{
  refresh_recipients (self);
}

/* Who looked at the record */

/* The log's action code in words; the code itself is for the raw view. */
static const char *
describe_access_action (const char *action)
{
  if (g_strcmp0 (action, PLR_ACCESS_LOG_ACTION_SHARE_VIEW) == 0)
    return _("opened a link you shared");
  if (g_strcmp0 (action, "learner-view") == 0)
    return _("you read your own record");
  return action;
}

static void
on_access_log_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlrPrivacyPage) self = user_data;
  g_autoptr(PlrAccessLog) log = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GTimeZone) uk = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  guint n;

  log = plr_client_fetch_access_log_finish (PLR_CLIENT (object), result, &error);
  if (log == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      status = g_strdup_printf (_("The access log could not be fetched: %s"), error->message);
      gtk_label_set_text (self->access_status, status);
      return;
    }

  uk = g_time_zone_new_identifier ("Europe/London");
  if (uk == NULL)
    uk = g_time_zone_new_utc ();
  findings = plr_access_log_analyse (log, self->recipients, uk, PLR_ACCESS_ANALYSE_NIGHT);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));

  status = g_strdup_printf (ngettext ("%u read of your record is logged. Unusual ones are "
                                      "marked; if one worries you, ask the Learning Records "
                                      "Service who it was.",
                                      "%u reads of your record are logged. Unusual ones are "
                                      "marked; if one worries you, ask the Learning Records "
                                      "Service who it was.", n), n);
  gtk_label_set_text (self->access_status, status);

  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), findings->len > 0);
  for (guint i = 0; i < findings->len; i++)
    {
      g_autofree char *text = plr_access_finding_describe (findings->pdata[i]);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Unusual"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->findings_list, row);
    }

  if (n == 0)
    add_message_row (self->access_list, _("No one has read your record"));

  /* Newest first. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(PlrAccessLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i - 1);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = format_when (plr_access_log_entry_get_at (entry));
      g_autofree char *subtitle = NULL;
      const char *purpose = plr_access_log_entry_get_purpose (entry);
      PlrAccessConcerns concerns = plr_access_log_entry_get_concerns (entry);

      gboolean by_link = g_strcmp0 (plr_access_log_entry_get_action (entry),
                                    PLR_ACCESS_LOG_ACTION_SHARE_VIEW) == 0;

      subtitle = g_strdup_printf ("%s · %s%s%s%s", when,
                                  describe_access_action (plr_access_log_entry_get_action (entry)),
                                  purpose ? " · " : "", purpose ? purpose : "",
                                  concerns != PLR_ACCESS_CONCERN_NONE ? _(" · Unusual") : "");
      /* Anyone holding a share link can open it: the log knows only whom
       * the link was made for, not who read it, so it must not name them. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     by_link ? _("Someone with the link")
                                             : plr_access_log_entry_get_organisation (entry));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (concerns != PLR_ACCESS_CONCERN_NONE)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Unusual"), -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      gtk_list_box_append (self->access_list, row);
    }
}

static void
refresh_access_log (PlrPrivacyPage *self)
{
  clear_list (self->findings_list);
  clear_list (self->access_list);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_list), FALSE);

  if (self->client == NULL)
    {
      gtk_label_set_text (self->access_status,
                          _("Connect to a PLR service in Preferences and sign in to see who "
                            "looked at your record."));
      return;
    }

  gtk_label_set_text (self->access_status, _("Fetching the access log…"));
  plr_client_fetch_access_log_async (self->client, self->cancellable, on_access_log_cb,
                                     g_object_ref (self));
}

/* Network activity */

static void
on_network_activity_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(PlrPrivacyPage) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = plr_store_list_network_activity_finish (PLR_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_list (self->network_list);
  if (entries == NULL)
    {
      add_message_row (self->network_list, error->message);
      return;
    }

  if (entries->len == 0)
    add_message_row (self->network_list, _("This app has made no requests yet"));

  for (guint i = 0; i < entries->len; i++)
    {
      const PlrNetworkActivity *entry = entries->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf ("%s %s%s", entry->method, entry->host, entry->path);
      g_autofree char *when = format_when (entry->at);
      g_autofree char *sent = g_format_size (entry->bytes_sent);
      g_autofree char *received = g_format_size (entry->bytes_received);
      g_autofree char *status = entry->status
                                ? g_strdup_printf (_("status %u"), entry->status)
                                : g_strdup (_("no answer"));
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · sent %s, received %s"), when,
                                                   status, sent, received);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->network_list, row);
    }
}

static void
refresh_network (PlrPrivacyPage *self)
{
  if (self->store == NULL)
    {
      clear_list (self->network_list);
      return;
    }

  /* The log is read on a worker: the list fills when it arrives. */
  plr_store_list_network_activity_async (self->store, 1000, self->cancellable,
                                         on_network_activity_cb, g_object_ref (self));
}

/* Rights requests */

static PlrRecipient *
get_selected_body (PlrPrivacyPage *self)
{
  return PLR_RECIPIENT (adw_combo_row_get_selected_item (self->body_row));
}

static gboolean
is_objection (PlrPrivacyPage *self)
{
  return adw_combo_row_get_selected (self->kind_row) == 1;
}

static void
on_sar_pdf_clicked_cb (PlrPrivacyPage *self)
{
  g_autoptr(PlrRightsLetter) letter = NULL;

  if (get_selected_body (self) == NULL)
    return;
  letter = build_letter (self,
                         is_objection (self) ? PLR_RIGHTS_LETTER_OBJECTION
                                             : PLR_RIGHTS_LETTER_SUBJECT_ACCESS,
                         get_selected_body (self));
  save_letter (self, letter);
}

static void
on_sar_copy_clicked_cb (PlrPrivacyPage *self)
{
  g_autoptr(PlrRightsLetter) letter = NULL;

  if (get_selected_body (self) == NULL)
    return;
  letter = build_letter (self,
                         is_objection (self) ? PLR_RIGHTS_LETTER_OBJECTION
                                             : PLR_RIGHTS_LETTER_SUBJECT_ACCESS,
                         get_selected_body (self));
  copy_letter_text (self, letter);
}

static void refresh_requests (PlrPrivacyPage *self);

static void
on_sar_sent_clicked_cb (PlrPrivacyPage *self)
{
  PlrRecipient *body = get_selected_body (self);
  g_autoptr(GError) error = NULL;
  GDate day;

  if (body == NULL || self->store == NULL)
    return;

  today (&day);
  if (!plr_store_add_rights_request (self->store,
                                     is_objection (self) ? PLR_RIGHTS_REQUEST_OBJECTION
                                                         : PLR_RIGHTS_REQUEST_SUBJECT_ACCESS,
                                     plr_recipient_get_name (body), &day, NULL, NULL, &error))
    {
      show_error (self, _("The Request Was Not Recorded"), error->message);
      return;
    }

  refresh_requests (self);
  toast (self, _("Request recorded. The answer’s due date is in Your Requests."));
}

static void
on_answered_clicked_cb (GtkButton      *button,
                        PlrPrivacyPage *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "request-id"));
  g_autoptr(GError) error = NULL;
  GDate day;

  today (&day);
  if (!plr_store_mark_rights_request_answered (self->store, id, &day, &error))
    show_error (self, _("The Request Was Not Updated"), error->message);
  refresh_requests (self);
}

static void
refresh_requests (PlrPrivacyPage *self)
{
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GError) error = NULL;
  GDate now;

  clear_list (self->requests_list);
  if (self->store == NULL)
    return;

  requests = plr_store_list_rights_requests (self->store, &error);
  if (requests == NULL)
    {
      add_message_row (self->requests_list, error->message);
      return;
    }

  if (requests->len == 0)
    add_message_row (self->requests_list, _("No requests recorded yet"));

  today (&now);
  for (guint i = 0; i < requests->len; i++)
    {
      const PlrRightsRequest *request = requests->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *state = gtk_label_new (NULL);
      g_autofree char *title = NULL;
      g_autofree char *sent = plr_date_format_long_gdate (&request->sent_on);
      g_autofree char *due = plr_date_format_long_gdate (&request->due_on);
      g_autofree char *subtitle = NULL;
      g_autofree char *state_text = NULL;

      title = g_strdup_printf ("%s: %s",
                               request->kind == PLR_RIGHTS_REQUEST_OBJECTION
                               ? _("Objection") : _("Subject access request"),
                               request->body);
      subtitle = g_strdup_printf (_("Sent %s · answer due by %s"), sent, due);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      if (g_date_valid (&request->answered_on))
        {
          g_autofree char *answered = plr_date_format_long_gdate (&request->answered_on);

          state_text = g_strdup_printf (_("Answered %s"), answered);
          gtk_widget_add_css_class (state, "success");
        }
      else
        {
          int days = g_date_days_between (&now, &request->due_on);
          GtkWidget *button = gtk_button_new_with_label (_("Mark Answered"));

          if (days < 0)
            {
              state_text = g_strdup (_("Overdue: you can complain to the ICO"));
              gtk_widget_add_css_class (state, "error");
            }
          else if (days == 0)
            {
              state_text = g_strdup (_("Due today"));
              gtk_widget_add_css_class (state, "warning");
            }
          else
            {
              state_text = g_strdup_printf (ngettext ("%d day left", "%d days left", days), days);
            }

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (button, _("Mark as answered today"));
          g_object_set_data (G_OBJECT (button), "request-id", GSIZE_TO_POINTER (request->id));
          g_signal_connect (button, "clicked", G_CALLBACK (on_answered_clicked_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }

      gtk_label_set_text (GTK_LABEL (state), state_text);
      gtk_widget_set_valign (state, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
      gtk_list_box_append (self->requests_list, row);
    }
}

static char *
recipient_name (PlrRecipient *recipient)
{
  return g_strdup (recipient ? plr_recipient_get_name (recipient) : "");
}

/* Retention */

static void
refresh_retention (PlrPrivacyPage *self)
{
  PlrRetentionBasis basis = PLR_RETENTION_UNKNOWN;
  g_autofree char *text = NULL;
  int year = 0;

  if (self->record != NULL)
    year = plr_rights_retention_for_learner (plr_record_get_learner (self->record), &basis);

  text = plr_rights_describe_retention (year, basis);
  adw_action_row_set_subtitle (self->retention_row, text);
}

/* Forgetting this device */

static void
on_forgotten_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PlrPrivacyPage) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (!plr_forget_device_finish (result, &error))
    {
      show_error (self, _("Not Everything Was Forgotten"), error->message);
      return;
    }

  /* Show nothing of what was forgotten; the lists fill again on the next
   * visit, from the fresh cache. */
  g_clear_object (&self->record);
  clear_list (self->history_list);
  clear_list (self->access_list);
  clear_list (self->findings_list);
  clear_list (self->network_list);
  clear_list (self->requests_list);
  refresh_retention (self);
  gtk_stack_set_visible_child_name (self->stack, "overview");
  g_signal_emit (self, signals[FORGOTTEN], 0);
}

static void
forget_now (PlrPrivacyPage *self)
{
  g_autoptr(PlrTokenStore) tokens = NULL;
  g_autoptr(PlrHolderKeyStore) holder_keys = NULL;
  g_auto(GStrv) folders = NULL;

  /* Demo mode keeps its cache and keys beside the learner's, so it leaves
   * the keyring alone. Otherwise the client's own key store is the one
   * cleared, so it does not go on trusting a key that is no longer kept. */
  if (!self->demo)
    {
      PlrHolderKeyStore *client_keys =
        self->client != NULL ? plr_client_get_holder_key_store (self->client) : NULL;

      tokens = plr_secret_token_store_new ();
      folders = plr_forget_dup_app_folders ();
      holder_keys = client_keys != NULL ? g_object_ref (client_keys) : plr_holder_key_store_new ();
    }

  plr_forget_device_async (self->store, tokens, holder_keys, (const char * const *) folders, NULL,
                           on_forgotten_cb, g_object_ref (self));
}

static void
on_signed_out_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PlrPrivacyPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Offline: the token goes from the keyring anyway. */
  if (!plr_client_sign_out_finish (PLR_CLIENT (object), result, &error))
    g_debug ("Sign-out before forgetting failed (%s)", g_quark_to_string (error->domain));

  forget_now (self);
}

static void
on_forget_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       PlrPrivacyPage   *self)
{
  if (g_strcmp0 (response, "forget") != 0 || self->store == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  if (self->client != NULL)
    plr_client_sign_out_async (self->client, NULL, on_signed_out_cb, g_object_ref (self));
  else
    forget_now (self);
}

static const char *
describe_outbox_kind (const char *kind)
{
  if (g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARING_PREFERENCE) == 0)
    return _("a sharing choice");
  if (g_str_has_prefix (kind, "challenge"))
    return _("a data challenge");
  return _("a change");
}

static void
on_forget_clicked_cb (PlrPrivacyPage *self)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GPtrArray) unsent = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  g_string_append (body, _("This deletes from this computer your saved record and every earlier "
                           "copy, your sharing history, your data challenges and their "
                           "evidence, your requests, the network activity log, and your "
                           "sign-in. Your record at the Learning Records Service does not "
                           "change."));

  unsent = plr_store_list_outbox (self->store, TRUE, &error);
  if (unsent != NULL && unsent->len > 0)
    {
      g_string_append (body, "\n\n");
      g_string_append_printf (body, ngettext ("%u change has not reached your PLR service and "
                                              "will be lost:",
                                              "%u changes have not reached your PLR service and "
                                              "will be lost:", unsent->len), unsent->len);
      for (guint i = 0; i < unsent->len; i++)
        {
          PlrOutboxItem *item = unsent->pdata[i];
          g_autofree char *when = format_when (plr_outbox_item_get_created_at (item));

          g_string_append_printf (body, "\n• %s, %s",
                                  describe_outbox_kind (plr_outbox_item_get_kind (item)), when);
        }
    }
  else if (unsent != NULL)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("Every change you made has reached your PLR service."));
    }

  dialog = adw_message_dialog_new (get_window (self), _("Forget This Device?"), body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget This Device"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "forget",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Navigation */

static void
on_nav_button_clicked_cb (PlrPrivacyPage *self,
                          GtkButton      *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  const char *name = NULL;

  if (row == GTK_WIDGET (self->recipients_row))
    {
      name = "recipients";
      refresh_recipients (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->recipients_search));
    }
  else if (row == GTK_WIDGET (self->access_row))
    {
      name = "access";
      refresh_access_log (self);
    }
  else if (row == GTK_WIDGET (self->network_row))
    {
      name = "network";
      refresh_network (self);
    }
  else if (row == GTK_WIDGET (self->rights_row))
    {
      name = "rights";
      refresh_requests (self);
    }

  if (name != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlrPrivacyPage *self = PLR_PRIVACY_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "overview");
  refresh_history (self);
}

/* A choice queued, or confirmed or refused by the service: the history
 * shows its new state at once, with no need to ask the store again and
 * again while it waits. */
static void
on_outbox_item_changed_cb (PlrStore       *store,
                           gint64          id,
                           PlrPrivacyPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_history (self);
}

static void
plr_privacy_page_map (GtkWidget *widget)
{
  PlrPrivacyPage *self = PLR_PRIVACY_PAGE (widget);

  GTK_WIDGET_CLASS (plr_privacy_page_parent_class)->map (widget);

  refresh_history (self);
  refresh_retention (self);
}

static void
plr_privacy_page_dispose (GObject *object)
{
  PlrPrivacyPage *self = (PlrPrivacyPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_PRIVACY_PAGE);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->record);
  g_clear_object (&self->recipients);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->pending_letter);
  g_clear_pointer (&self->pending_receipts, g_bytes_unref);

  G_OBJECT_CLASS (plr_privacy_page_parent_class)->dispose (object);
}

static void
plr_privacy_page_class_init (PlrPrivacyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_privacy_page_dispose;
  widget_class->map = plr_privacy_page_map;

  /**
   * PlrPrivacyPage::forgotten:
   * @self: the page
   *
   * Emitted after the learner forgot this device: the cache, the app's
   * folders and the sign-in are gone.
   */
  signals[FORGOTTEN] =
    g_signal_new ("forgotten", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/"
                                               "plr-privacy-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, choice_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, ability_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, recipients_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, access_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, network_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, rights_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, retention_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, recipients_search);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, recipients_list);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, access_status);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, access_list);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, network_list);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, body_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPrivacyPage, requests_list);

  gtk_widget_class_bind_template_callback (widget_class, on_change_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_record_offline_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_objection_pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_objection_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_receipts_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_nav_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_recipients_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sar_pdf_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sar_copy_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sar_sent_clicked_cb);

  gtk_widget_class_install_action (widget_class, "privacy.back", NULL, back_action);
}

static void
plr_privacy_page_init (PlrPrivacyPage *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->recipients = plr_recipients_new_default (&error);
  if (self->recipients == NULL)
    g_warning ("The recipients dataset could not be loaded: %s", error->message);
  else
    {
      g_autoptr(GListModel) bodies = plr_recipients_list_subject_access_bodies (self->recipients);
      GtkExpression *expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                               G_CALLBACK (recipient_name),
                                                               NULL, NULL);

      adw_combo_row_set_expression (self->body_row, expression);
      adw_combo_row_set_model (self->body_row, bodies);
      gtk_expression_unref (expression);
    }

  gtk_button_set_label (self->change_button, _("Opt Out…"));
  refresh_retention (self);
}

/**
 * plr_privacy_page_set_store:
 * @self: a #PlrPrivacyPage
 * @store: (nullable): the cache
 * @demo: %TRUE in demo mode, where forgetting touches only the demo's cache
 */
void
plr_privacy_page_set_store (PlrPrivacyPage *self,
                            PlrStore       *store,
                            gboolean        demo)
{
  g_return_if_fail (PLR_IS_PRIVACY_PAGE (self));

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_outbox_item_changed_cb, self);

  g_set_object (&self->store, store);
  self->demo = demo;

  if (self->store != NULL)
    {
      g_signal_connect_object (self->store, "outbox-item-queued",
                               G_CALLBACK (on_outbox_item_changed_cb), self, 0);
      g_signal_connect_object (self->store, "outbox-item-sent",
                               G_CALLBACK (on_outbox_item_changed_cb), self, 0);
    }

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh_history (self);
}

/**
 * plr_privacy_page_set_client:
 * @self: a #PlrPrivacyPage
 * @client: (nullable): the PLR service client
 */
void
plr_privacy_page_set_client (PlrPrivacyPage *self,
                             PlrClient      *client)
{
  g_return_if_fail (PLR_IS_PRIVACY_PAGE (self));

  g_set_object (&self->client, client);
}

/**
 * plr_privacy_page_set_record:
 * @self: a #PlrPrivacyPage
 * @record: (nullable): the learner's record, for letters and retention
 */
/* AbilityToShare as the LRS set it on the record (0, 1, 2 or a value we do
 * not know), explained: it is the LRS's flag, apart from the choice above. */
static void
refresh_ability_to_share (PlrPrivacyPage *self)
{
  const char *value = NULL;
  g_autofree char *explanation = NULL;

  if (self->record != NULL)
    value = plr_learner_get_value (plr_record_get_learner (self->record),
                                   PLR_LEARNER_FIELD_ABILITY_TO_SHARE);

  explanation = plr_ability_to_share_explain (value);
  adw_action_row_set_subtitle (self->ability_row, explanation);
}

void
plr_privacy_page_set_record (PlrPrivacyPage *self,
                             PlrRecord      *record)
{
  g_return_if_fail (PLR_IS_PRIVACY_PAGE (self));

  g_set_object (&self->record, record);
  refresh_retention (self);
  refresh_ability_to_share (self);
}
