/* plr-challenge-dialog.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-challenge-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plr-challenge-dialog.h"
#include "plr-challenge-letter.h"
#include "plr-evidence.h"
#include "plr-view-result.h"

/* The form of a data challenge: which detail is wrong, what it should be,
 * why, the details and the evidence, then how to send it. The draft is
 * saved through the store as the learner types (after a pause), so closing
 * the window, or a crash, loses nothing; "Send" queues it in the outbox
 * (and sends it at once when the service can be reached), saves the
 * letter to post, or records a phone call. */

#define SAVE_DELAY_MS 600

/* The details of an entry a learner may challenge, in the order shown. */
static const PlrEventField event_fields[] = {
  PLR_EVENT_FIELD_GRADE,
  PLR_EVENT_FIELD_SUBJECT,
  PLR_EVENT_FIELD_QUALIFICATION_TYPE,
  PLR_EVENT_FIELD_LEVEL,
  PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
  PLR_EVENT_FIELD_PARTICIPATION_START_DATE,
  PLR_EVENT_FIELD_PARTICIPATION_END_DATE,
  PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
  PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN,
  PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
  PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN,
  PLR_EVENT_FIELD_SUBJECT_CODE,
  PLR_EVENT_FIELD_CREDITS,
  PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT,
};

typedef enum
{
  ROUTE_ROW_SERVICE,
  ROUTE_ROW_PROVIDER_LETTER,
  ROUTE_ROW_LRS_LETTER,
  ROUTE_ROW_PHONE,
} RouteRow;

struct _PlrChallengeDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *send_button;
  GtkWidget            *error_box;
  GtkLabel             *error_label;
  AdwPreferencesGroup  *what_group;
  AdwComboRow          *field_row;
  AdwActionRow         *current_row;
  AdwComboRow          *reason_row;
  AdwEntryRow          *proposed_row;
  GtkTextView          *details_view;
  AdwPreferencesGroup  *evidence_group;
  GtkListBox           *evidence_list;
  AdwComboRow          *route_row;
  AdwEntryRow          *call_date_row;
  AdwEntryRow          *call_reference_row;
  GtkLabel             *route_label;
  GtkLabel             *saved_label;

  /* Owned */
  PlrStore             *store;
  PlrRecord            *record;
  PlrChallenge         *challenge;
  GCancellable         *cancellable;
  GArray               *fields;        /* (int) field per row of field_row; -1 the whole entry */
  GtkFileChooserNative *chooser;
  AdwToast             *error_toast;
  guint                 save_timeout;
  guint                 importing;
  gboolean              loading;
  gboolean              saved;
};

G_DEFINE_FINAL_TYPE (PlrChallengeDialog, plr_challenge_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_RECORD,
  PROP_CHALLENGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Messages                                                             */

static void
show_error (PlrChallengeDialog *self,
            const char         *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->error_box, TRUE);
  /* The form may be scrolled away from the message: say it here too. */
  if (self->error_toast != NULL)
    adw_toast_dismiss (self->error_toast);
  g_clear_object (&self->error_toast);
  self->error_toast = adw_toast_new (message);
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (self->error_toast));
}

static void
clear_error (PlrChallengeDialog *self)
{
  gtk_widget_set_visible (self->error_box, FALSE);
  if (self->error_toast != NULL)
    adw_toast_dismiss (self->error_toast);
  g_clear_object (&self->error_toast);
}

static GtkWindow *
get_parent_window (PlrChallengeDialog *self)
{
  return gtk_window_get_transient_for (GTK_WINDOW (self));
}

static void
tell_parent (PlrChallengeDialog *self,
             const char         *message)
{
  GtkWindow *parent = get_parent_window (self);

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-toast", "s", message);
}

/* ------------------------------------------------------------------ */
/* The form and the challenge                                           */

static int
selected_field (PlrChallengeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->field_row);

  if (self->fields->len == 0 || selected >= self->fields->len)
    return -1;
  return g_array_index (self->fields, int, selected);
}

static PlrLearner *
get_learner (PlrChallengeDialog *self)
{
  return self->record ? plr_record_get_learner (self->record) : NULL;
}

static const char *
current_value_of (PlrChallengeDialog *self,
                  int                 field)
{
  PlrChallengeTarget target = plr_challenge_get_target (self->challenge);

  if (field < 0)
    return NULL;
  if (target == PLR_CHALLENGE_TARGET_EVENT && plr_challenge_get_event (self->challenge) != NULL)
    return plr_learning_event_get_value (plr_challenge_get_event (self->challenge), field);
  if (target == PLR_CHALLENGE_TARGET_LEARNER && get_learner (self) != NULL)
    return plr_learner_get_value (get_learner (self), field);
  return NULL;
}

static void
update_current_row (PlrChallengeDialog *self)
{
  int field = selected_field (self);
  const char *value = field >= 0 ? current_value_of (self, field)
                                 : plr_challenge_get_current_value (self->challenge);

  gtk_widget_set_visible (GTK_WIDGET (self->current_row), field >= 0);
  adw_action_row_set_subtitle (self->current_row,
                               value != NULL && value[0] != '\0' ? value : _("(empty)"));
}

static char *
dup_details (PlrChallengeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->details_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static PlrChallengeRoute
selected_route (PlrChallengeDialog *self)
{
  switch (adw_combo_row_get_selected (self->route_row))
    {
    case ROUTE_ROW_PROVIDER_LETTER: return PLR_CHALLENGE_ROUTE_PROVIDER_LETTER;
    case ROUTE_ROW_LRS_LETTER: return PLR_CHALLENGE_ROUTE_LRS_LETTER;
    case ROUTE_ROW_PHONE: return PLR_CHALLENGE_ROUTE_PHONE;
    case ROUTE_ROW_SERVICE:
    default:
      return PLR_CHALLENGE_ROUTE_SERVICE;
    }
}

/* Copies the form into the challenge. */
static void
read_form (PlrChallengeDialog *self)
{
  PlrChallengeTarget target = plr_challenge_get_target (self->challenge);
  int field = selected_field (self);
  const char *proposed = gtk_editable_get_text (GTK_EDITABLE (self->proposed_row));
  g_autofree char *details = dup_details (self);

  if (target != PLR_CHALLENGE_TARGET_MISSING)
    {
      const char *name = NULL;

      if (field >= 0)
        name = target == PLR_CHALLENGE_TARGET_EVENT ? plr_event_field_info (field)->json_name
                                                    : plr_learner_field_info (field)->json_name;
      plr_challenge_set_field (self->challenge, name);
      plr_challenge_set_current_value (self->challenge, current_value_of (self, field));
    }

  plr_challenge_set_reason (self->challenge, adw_combo_row_get_selected (self->reason_row));
  plr_challenge_set_proposed_value (self->challenge, proposed[0] ? proposed : NULL);
  plr_challenge_set_details (self->challenge, details[0] ? details : NULL);
  plr_challenge_set_route (self->challenge, selected_route (self));
}

static gboolean
save_now (PlrChallengeDialog  *self,
          GError             **error)
{
  g_clear_handle_id (&self->save_timeout, g_source_remove);

  if (plr_challenge_get_state (self->challenge) != PLR_CHALLENGE_STATE_DRAFT)
    return TRUE;

  read_form (self);
  if (!plr_store_save_challenge (self->store, self->challenge, error))
    return FALSE;

  self->saved = TRUE;

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *time = g_date_time_format (now, "%H:%M");
    /* Translators: %s is a time such as 14:05 */
    g_autofree char *text = g_strdup_printf (_("Draft saved on this computer at %s"), time);

    gtk_label_set_text (self->saved_label, text);
  }

  return TRUE;
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  PlrChallengeDialog *self = user_data;
  g_autoptr(GError) error = NULL;

  self->save_timeout = 0;
  if (!save_now (self, &error))
    show_error (self, error->message);

  return G_SOURCE_REMOVE;
}

static void
on_changed_cb (PlrChallengeDialog *self)
{
  if (self->loading)
    return;

  clear_error (self);
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_DELAY_MS, on_save_timeout_cb, self);
}

static void
on_field_selected_cb (PlrChallengeDialog *self)
{
  update_current_row (self);
  on_changed_cb (self);
}

static void
update_route (PlrChallengeDialog *self)
{
  PlrChallengeRoute route = selected_route (self);

  gtk_widget_set_visible (GTK_WIDGET (self->call_date_row), route == PLR_CHALLENGE_ROUTE_PHONE);
  gtk_widget_set_visible (GTK_WIDGET (self->call_reference_row),
                          route == PLR_CHALLENGE_ROUTE_PHONE);

  switch (route)
    {
    case PLR_CHALLENGE_ROUTE_PROVIDER_LETTER:
      gtk_button_set_label (self->send_button, _("_Save Letter…"));
      gtk_label_set_text (self->route_label,
                          _("Save the letter as a PDF, then post or email it to your learning "
                            "provider. They raise the challenge with the Learning Records "
                            "Service. The answer is due within one month."));
      break;
    case PLR_CHALLENGE_ROUTE_LRS_LETTER:
      gtk_button_set_label (self->send_button, _("_Save Letter…"));
      gtk_label_set_text (self->route_label,
                          _("For when you are not studying anywhere: save the letter as a PDF "
                            "and send it to the LRS service desk. The answer is due within one "
                            "month."));
      break;
    case PLR_CHALLENGE_ROUTE_PHONE:
      gtk_button_set_label (self->send_button, _("_Record Call"));
      gtk_label_set_text (self->route_label,
                          _("If you raised this by phone, record the day you called and any "
                            "reference, so that you can follow it here."));
      break;
    case PLR_CHALLENGE_ROUTE_SERVICE:
    default:
      gtk_button_set_label (self->send_button, _("_Send"));
      gtk_label_set_text (self->route_label,
                          _("Sent through your learning record service as soon as it can be "
                            "reached; until then it waits on this computer. The answer is due "
                            "within one month."));
      break;
    }
}

static void
on_route_selected_cb (PlrChallengeDialog *self)
{
  clear_error (self);
  update_route (self);
  on_changed_cb (self);
}

/* ------------------------------------------------------------------ */
/* Evidence                                                             */

static void on_remove_evidence_clicked_cb (GtkButton          *button,
                                           PlrChallengeDialog *self);

static void
reload_evidence (PlrChallengeDialog *self)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;

  /* Rows only: the placeholder is a child too, and must stay. */
  while ((row = gtk_list_box_get_row_at_index (self->evidence_list, 0)) != NULL)
    gtk_list_box_remove (self->evidence_list, GTK_WIDGET (row));

  if (!self->saved)
    return;

  files = plr_store_list_challenge_evidence (self->store,
                                             plr_challenge_get_uuid (self->challenge), &error);
  if (files == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < files->len; i++)
    {
      PlrEvidence *evidence = g_ptr_array_index (files, i);
      g_autofree char *size = g_format_size (evidence->size);
      /* Translators: a file's kind and size, e.g. "PDF document · 1.2 MB" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"),
                                                   plr_evidence_get_type_label (evidence->media_type),
                                                   size);
      /* Translators: the accessible name of a button; %s is a file's name */
      g_autofree char *remove_name = g_strdup_printf (_("Remove %s"), evidence->name);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), evidence->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (
                                   g_str_equal (evidence->media_type, "application/pdf")
                                     ? "x-office-document-symbolic" : "image-x-generic-symbolic"));

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove This File"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_name, -1);
      g_object_set_data (G_OBJECT (remove), "plr-evidence-id",
                         GINT_TO_POINTER ((int) evidence->id));
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_evidence_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      gtk_list_box_append (self->evidence_list, row);
    }
}

static void
on_remove_evidence_clicked_cb (GtkButton          *button,
                               PlrChallengeDialog *self)
{
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "plr-evidence-id"));
  g_autoptr(GError) error = NULL;

  clear_error (self);
  if (!plr_store_remove_challenge_evidence (self->store, plr_challenge_get_uuid (self->challenge),
                                            id, &error))
    show_error (self, error->message);
  reload_evidence (self);
}

typedef struct
{
  PlrChallengeDialog *self;
  char               *name;     /* the file's name, for messages */
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->self);
  g_free (data->name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ImportData, import_data_free)

/* The core's messages about a file mostly name it; those that do not get
 * its name in front. */
static void
show_file_error (PlrChallengeDialog *self,
                 const char         *name,
                 const GError       *error)
{
  g_autofree char *message = NULL;

  if (name == NULL || strstr (error->message, name) != NULL)
    {
      show_error (self, error->message);
      return;
    }

  /* Translators: %s is a file's name, then what is wrong with it */
  message = g_strdup_printf (_("%s: %s"), name, error->message);
  show_error (self, message);
}

static void
on_evidence_imported_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(ImportData) data = user_data;
  PlrChallengeDialog *self = data->self;
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  self->importing--;

  evidence = plr_evidence_import_finish (result, &error);
  if (evidence == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_file_error (self, data->name, error);
      return;
    }

  if (!save_now (self, &error) ||
      !plr_store_add_challenge_evidence (self->store, plr_challenge_get_uuid (self->challenge),
                                         evidence, &error))
    show_file_error (self, data->name, error);

  reload_evidence (self);
}

/* Copies each chosen file into the private evidence folder; the core
 * checks its type by content and its size. */
static void
on_add_evidence_response_cb (GtkNativeDialog    *dialog,
                             int                 response,
                             PlrChallengeDialog *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autofree char *dir = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      dir = plr_store_dup_evidence_dir (self->store);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);
          ImportData *data = g_new0 (ImportData, 1);

          data->self = g_object_ref (self);
          data->name = g_file_get_basename (file);
          self->importing++;
          plr_evidence_import_async (file, dir, self->cancellable, on_evidence_imported_cb, data);
        }
    }

  g_clear_object (&self->chooser);
}

static void
on_add_evidence_clicked_cb (PlrChallengeDialog *self)
{
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();

  clear_error (self);

  gtk_file_filter_set_name (all, _("PDF documents and images"));
  gtk_file_filter_add_mime_type (all, "application/pdf");
  gtk_file_filter_add_mime_type (all, "image/png");
  gtk_file_filter_add_mime_type (all, "image/jpeg");
  gtk_file_filter_add_suffix (all, "pdf");
  gtk_file_filter_add_suffix (all, "png");
  gtk_file_filter_add_suffix (all, "jpg");
  gtk_file_filter_add_suffix (all, "jpeg");
  gtk_file_filter_set_name (pdf, _("PDF documents"));
  gtk_file_filter_add_mime_type (pdf, "application/pdf");
  gtk_file_filter_add_suffix (pdf, "pdf");
  gtk_file_filter_set_name (images, _("PNG and JPEG images"));
  gtk_file_filter_add_mime_type (images, "image/png");
  gtk_file_filter_add_mime_type (images, "image/jpeg");
  gtk_file_filter_add_suffix (images, "png");
  gtk_file_filter_add_suffix (images, "jpg");
  gtk_file_filter_add_suffix (images, "jpeg");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Add Evidence"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pdf);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_add_evidence_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------ */
/* Sending                                                              */

static void
finish_sent (PlrChallengeDialog *self,
             const char         *message)
{
  tell_parent (self, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_through_service (PlrChallengeDialog *self)
{
  GtkWindow *parent = get_parent_window (self);
  GtkApplication *application = parent ? gtk_window_get_application (parent) : NULL;
  g_autoptr(GError) error = NULL;
  gboolean online;

  if (!plr_store_submit_challenge (self->store, plr_challenge_get_uuid (self->challenge), NULL,
                                   &error))
    {
      show_error (self, error->message);
      return;
    }

  /* Through the app's one sender, at once rather than after a backoff. */
  if (application != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "send-queued-changes", NULL);

  online = g_network_monitor_get_network_available (g_network_monitor_get_default ());
  finish_sent (self, online ? _("Challenge sent to your learning record service")
                            : _("Challenge waiting to send: it goes when you are back online"));
}

static gboolean
parse_call_date (const char  *text,
                 GDateTime  **out,
                 GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year, month, day;
  char end;

  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) != 3 ||
      !g_date_valid_dmy (day, month, year))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Enter the day you called as year-month-day, for example "
                             "2026-11-23."));
      return FALSE;
    }

  *out = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (g_date_time_compare (*out, now) > 0 &&
      g_date_time_get_day_of_year (*out) != g_date_time_get_day_of_year (now))
    {
      g_clear_pointer (out, g_date_time_unref);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The day you called cannot be in the future."));
      return FALSE;
    }

  return TRUE;
}

static void
record_call (PlrChallengeDialog *self)
{
  const char *date_text = gtk_editable_get_text (GTK_EDITABLE (self->call_date_row));
  const char *reference = gtk_editable_get_text (GTK_EDITABLE (self->call_reference_row));
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_call_date (date_text, &date, &error))
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->call_date_row));
      return;
    }

  utc = g_date_time_to_utc (date);
  if (!plr_store_record_challenge_sent (self->store, plr_challenge_get_uuid (self->challenge),
                                        PLR_CHALLENGE_ROUTE_PHONE, utc,
                                        reference[0] ? reference : NULL, &error))
    {
      show_error (self, error->message);
      return;
    }

  finish_sent (self, _("Phone call recorded: follow your challenge in Challenges"));
}

static void
on_letter_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlrChallengeDialog) self = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), TRUE);

  if (!plr_challenge_letter_render_pdf_to_file_finish (PLR_CHALLENGE_LETTER (object), result,
                                                       &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }

  if (!plr_store_record_challenge_sent (self->store, plr_challenge_get_uuid (self->challenge),
                                        selected_route (self), now, NULL, &error))
    {
      show_error (self, error->message);
      return;
    }

  finish_sent (self, _("Letter saved: send it, then follow your challenge in Challenges"));
}

static PlrChallengeLetter *
create_letter (PlrChallengeDialog *self)
{
  g_autoptr(GPtrArray) evidence = NULL;
  PlrChallengeLetterRecipient recipient;

  recipient = selected_route (self) == PLR_CHALLENGE_ROUTE_LRS_LETTER
                ? PLR_CHALLENGE_LETTER_TO_LRS : PLR_CHALLENGE_LETTER_TO_PROVIDER;
  evidence = plr_store_list_challenge_evidence (self->store,
                                                plr_challenge_get_uuid (self->challenge), NULL);
  return plr_challenge_letter_new (self->challenge, get_learner (self), evidence, recipient);
}

static void
on_letter_response_cb (GtkNativeDialog    *dialog,
                       int                 response,
                       PlrChallengeDialog *self)
{
  g_autoptr(GFile) file = NULL;
  PlrChallengeLetter *letter = g_object_get_data (G_OBJECT (dialog), "plr-letter");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), FALSE);
      plr_challenge_letter_render_pdf_to_file_async (letter, file, self->cancellable,
                                                     on_letter_written_cb, g_object_ref (self));
    }

  g_clear_object (&self->chooser);
}

static void
save_letter (PlrChallengeDialog *self)
{
  g_autoptr(PlrChallengeLetter) letter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (!plr_challenge_check_ready (self->challenge, &error))
    {
      show_error (self, error->message);
      return;
    }
  if (get_learner (self) == NULL)
    {
      show_error (self, _("A letter needs your record: fetch or open it first."));
      return;
    }

  letter = create_letter (self);
  name = plr_challenge_letter_dup_file_name (letter, "pdf");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Letter"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "plr-letter", g_steal_pointer (&letter),
                          g_object_unref);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_letter_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_send_clicked_cb (PlrChallengeDialog *self)
{
  g_autoptr(GError) error = NULL;

  clear_error (self);

  if (self->importing > 0)
    {
      show_error (self, _("Wait for the evidence to be added, then send."));
      return;
    }

  if (!save_now (self, &error))
    {
      show_error (self, error->message);
      return;
    }

  switch (selected_route (self))
    {
    case PLR_CHALLENGE_ROUTE_PROVIDER_LETTER:
    case PLR_CHALLENGE_ROUTE_LRS_LETTER:
      save_letter (self);
      break;
    case PLR_CHALLENGE_ROUTE_PHONE:
      record_call (self);
      break;
    case PLR_CHALLENGE_ROUTE_SERVICE:
    default:
      send_through_service (self);
      break;
    }
}

static void
on_close_clicked_cb (PlrChallengeDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
plr_challenge_dialog_close_request (GtkWindow *window)
{
  PlrChallengeDialog *self = PLR_CHALLENGE_DIALOG (window);

  /* Typing not yet saved is saved now; a draft nobody typed in is not. */
  if (self->save_timeout != 0)
    {
      g_autoptr(GError) error = NULL;

      if (!save_now (self, &error))
        g_warning ("Could not save the draft challenge (%s %d)",
                   g_quark_to_string (error->domain), error->code);
      else
        tell_parent (self, _("Draft challenge saved: find it in Challenges"));
    }

  return GTK_WINDOW_CLASS (plr_challenge_dialog_parent_class)->close_request (window);
}

/* ------------------------------------------------------------------ */
/* Filling the form                                                     */

static void
fill_form (PlrChallengeDialog *self)
{
  PlrChallenge *challenge = self->challenge;
  PlrChallengeTarget target = plr_challenge_get_target (challenge);
  g_autoptr(GtkStringList) field_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) reason_labels = gtk_string_list_new (NULL);
  const char *field_name = plr_challenge_get_field (challenge);
  guint field_index = 0;

  self->loading = TRUE;

  g_array_set_size (self->fields, 0);
  switch (target)
    {
    case PLR_CHALLENGE_TARGET_EVENT:
      {
        PlrLearningEvent *event = plr_challenge_get_event (challenge);
        int wanted = field_name ? plr_event_field_from_name (field_name) : -1;
        int whole = -1;

        gtk_window_set_title (GTK_WINDOW (self), _("Challenge This Entry"));
        adw_window_title_set_title (self->window_title, _("Challenge This Entry"));
        if (event != NULL)
          adw_window_title_set_subtitle (self->window_title,
                                         plr_learning_event_get_subject (event));

        for (guint i = 0; i < G_N_ELEMENTS (event_fields); i++)
          {
            g_array_append_val (self->fields, event_fields[i]);
            gtk_string_list_append (field_labels, plr_event_field_get_label (event_fields[i]));
            if ((int) event_fields[i] == wanted)
              field_index = i;
          }
        g_array_append_val (self->fields, whole);
        gtk_string_list_append (field_labels, _("The whole entry"));
        if (field_name == NULL && plr_challenge_get_created_at (challenge) != NULL)
          field_index = self->fields->len - 1;
      }
      break;

    case PLR_CHALLENGE_TARGET_LEARNER:
      {
        int wanted = field_name ? plr_learner_field_from_name (field_name) : -1;

        gtk_window_set_title (GTK_WINDOW (self), _("Challenge a Personal Detail"));
        adw_window_title_set_title (self->window_title, _("Challenge a Personal Detail"));
        for (int f = 0; f < PLR_LEARNER_N_FIELDS; f++)
          {
            if (f == PLR_LEARNER_FIELD_CREATED_DATE || f == PLR_LEARNER_FIELD_LAST_UPDATED_DATE ||
                f == PLR_LEARNER_FIELD_VERSION_NUMBER)
              continue;
            if (f == wanted)
              field_index = self->fields->len;
            g_array_append_val (self->fields, f);
            gtk_string_list_append (field_labels, plr_learner_field_get_label (f));
          }
      }
      break;

    case PLR_CHALLENGE_TARGET_MISSING:
    default:
      gtk_window_set_title (GTK_WINDOW (self), _("Report a Missing Achievement"));
      adw_window_title_set_title (self->window_title, _("Report a Missing Achievement"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->proposed_row),
                                     _("The achievement, who awarded it and when"));
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->field_row), self->fields->len > 0);
  adw_combo_row_set_model (self->field_row, G_LIST_MODEL (field_labels));
  adw_combo_row_set_selected (self->field_row, field_index);
  update_current_row (self);

  for (int r = PLR_CHALLENGE_REASON_WRONG_GRADE; r <= PLR_CHALLENGE_REASON_OTHER; r++)
    gtk_string_list_append (reason_labels, plr_challenge_reason_get_label (r));
  adw_combo_row_set_model (self->reason_row, G_LIST_MODEL (reason_labels));
  adw_combo_row_set_selected (self->reason_row, plr_challenge_get_reason (challenge));

  gtk_editable_set_text (GTK_EDITABLE (self->proposed_row),
                         plr_challenge_get_proposed_value (challenge)
                           ? plr_challenge_get_proposed_value (challenge) : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->details_view),
                            plr_challenge_get_details (challenge)
                              ? plr_challenge_get_details (challenge) : "", -1);

  switch (plr_challenge_get_route (challenge))
    {
    case PLR_CHALLENGE_ROUTE_PROVIDER_LETTER:
      adw_combo_row_set_selected (self->route_row, ROUTE_ROW_PROVIDER_LETTER);
      break;
    case PLR_CHALLENGE_ROUTE_LRS_LETTER:
      adw_combo_row_set_selected (self->route_row, ROUTE_ROW_LRS_LETTER);
      break;
    case PLR_CHALLENGE_ROUTE_PHONE:
      adw_combo_row_set_selected (self->route_row, ROUTE_ROW_PHONE);
      break;
    case PLR_CHALLENGE_ROUTE_SERVICE:
    default:
      adw_combo_row_set_selected (self->route_row, ROUTE_ROW_SERVICE);
      break;
    }
  update_route (self);

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    gtk_editable_set_text (GTK_EDITABLE (self->call_date_row), today);
  }

  self->saved = plr_challenge_get_created_at (challenge) != NULL;
  /* Evidence belongs to a saved draft: the first file saves it. */
  reload_evidence (self);

  self->loading = FALSE;
}

static void
on_details_changed_cb (GtkTextBuffer      *buffer,
                       PlrChallengeDialog *self)
{
  on_changed_cb (self);
}

/* ------------------------------------------------------------------ */

static void
plr_challenge_dialog_constructed (GObject *object)
{
  PlrChallengeDialog *self = PLR_CHALLENGE_DIALOG (object);

  G_OBJECT_CLASS (plr_challenge_dialog_parent_class)->constructed (object);

  g_assert (self->store != NULL && self->challenge != NULL);
  fill_form (self);
  g_signal_connect_object (gtk_text_view_get_buffer (self->details_view), "changed",
                           G_CALLBACK (on_details_changed_cb), self, 0);
}

static void
plr_challenge_dialog_dispose (GObject *object)
{
  PlrChallengeDialog *self = PLR_CHALLENGE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_CHALLENGE_DIALOG);

  G_OBJECT_CLASS (plr_challenge_dialog_parent_class)->dispose (object);
}

static void
plr_challenge_dialog_finalize (GObject *object)
{
  PlrChallengeDialog *self = PLR_CHALLENGE_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->record);
  g_clear_object (&self->challenge);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->error_toast);
  g_clear_pointer (&self->fields, g_array_unref);

  G_OBJECT_CLASS (plr_challenge_dialog_parent_class)->finalize (object);
}

static void
plr_challenge_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlrChallengeDialog *self = PLR_CHALLENGE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    case PROP_CHALLENGE:
      g_value_set_object (value, self->challenge);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_challenge_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PlrChallengeDialog *self = PLR_CHALLENGE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_RECORD:
      self->record = g_value_dup_object (value);
      break;
    case PROP_CHALLENGE:
      self->challenge = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_challenge_dialog_class_init (PlrChallengeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = plr_challenge_dialog_constructed;
  object_class->dispose = plr_challenge_dialog_dispose;
  object_class->finalize = plr_challenge_dialog_finalize;
  object_class->get_property = plr_challenge_dialog_get_property;
  object_class->set_property = plr_challenge_dialog_set_property;
  window_class->close_request = plr_challenge_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PLR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, PLR_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHALLENGE] =
    g_param_spec_object ("challenge", NULL, NULL, PLR_TYPE_CHALLENGE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-challenge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, what_group);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, field_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, proposed_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, details_view);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, evidence_group);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, evidence_list);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, route_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, call_date_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, call_reference_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, route_label);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengeDialog, saved_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_error);
  gtk_widget_class_bind_template_callback (widget_class, on_field_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_route_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_evidence_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
plr_challenge_dialog_init (PlrChallengeDialog *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->fields = g_array_new (FALSE, FALSE, sizeof (int));
}

/**
 * plr_challenge_dialog_new:
 * @store: the cache the draft is saved in
 * @record: (nullable): the current record, for the learner's details
 * @challenge: a draft: new, or from the store
 *
 * Returns: (transfer full): a new window editing @challenge
 */
PlrChallengeDialog *
plr_challenge_dialog_new (PlrStore     *store,
                          PlrRecord    *record,
                          PlrChallenge *challenge)
{
  g_return_val_if_fail (PLR_IS_STORE (store), NULL);
  g_return_val_if_fail (record == NULL || PLR_IS_RECORD (record), NULL);
  g_return_val_if_fail (PLR_IS_CHALLENGE (challenge), NULL);

  return g_object_new (PLR_TYPE_CHALLENGE_DIALOG,
                       "store", store,
                       "record", record,
                       "challenge", challenge,
                       NULL);
}

/**
 * plr_challenge_dialog_get_challenge:
 * @self: a #PlrChallengeDialog
 *
 * Returns: (transfer none): the challenge being edited
 */
PlrChallenge *
plr_challenge_dialog_get_challenge (PlrChallengeDialog *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE_DIALOG (self), NULL);
  return self->challenge;
}

/**
 * plr_challenge_dialog_present:
 * @parent: a widget of the window the dialog belongs to
 * @store: the cache
 * @record: (nullable): the current record
 * @challenge: a draft
 *
 * Opens a dialog editing @challenge, over @parent's window.
 */
void
plr_challenge_dialog_present (GtkWidget    *parent,
                              PlrStore     *store,
                              PlrRecord    *record,
                              PlrChallenge *challenge)
{
  PlrChallengeDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (parent));

  dialog = plr_challenge_dialog_new (store, record, challenge);
  root = gtk_widget_get_root (parent);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}
