/* plr-challenges-page.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-challenges-page"

#include "config.h"

#include <glib/gi18n.h>

#include "plr-date.h"
#include "plr-challenge-dialog.h"
#include "plr-challenge-letter.h"
#include "plr-challenges-page.h"
#include "plr-sensitive-scan.h"
#include "plr-view-result.h"

/* The learner's data challenges: a list (what, where each stands, when it
 * was sent and when the answer is due, overdue ones marked), and one
 * challenge in detail with its timeline; the check for sensitive data.
 * The list follows the store: whatever changes a challenge (the dialog,
 * the outbox, the service's answers) emits PlrStore::challenge-changed,
 * and the page reads the challenges again. With none, the empty state
 * explains where challenges come from. */

struct _PlrChallengesPage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkWidget            *challenges_group;
  GtkListBox           *challenges_list;
  GtkListBox           *hits_list;
  AdwActionRow         *check_row;
  GtkScrolledWindow    *detail_scroller;
  GtkLabel             *detail_title;
  GtkLabel             *detail_status;
  GtkLabel             *detail_clock;
  GtkListBox           *detail_list;
  GtkListBox           *timeline_list;
  GtkWidget            *edit_button;
  GtkWidget            *delete_button;

  /* Owned */
  PlrStore             *store;
  PlrRecord            *record;
  PlrChallenge         *shown;        /* the challenge in detail, if any */
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;
  gboolean              checked;      /* the sensitive data check has run */
};

G_DEFINE_FINAL_TYPE (PlrChallengesPage, plr_challenges_page, GTK_TYPE_WIDGET)

static char *
format_day (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  return plr_date_format_long (local);
}

static char *
format_gdate (const GDate *date)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (g_date_get_year (date),
                                                      g_date_get_month (date),
                                                      g_date_get_day (date), 12, 0, 0);
  return format_day (time);
}

static PlrLearningEvent *
find_event (PlrRecord *record,
            gint64     id)
{
  if (record == NULL || id <= 0)
    return NULL;

  for (guint i = 0; i < plr_record_get_n_events (record); i++)
    if (plr_learning_event_get_id (plr_record_get_event (record, i)) == id)
      return plr_record_get_event (record, i);

  return NULL;
}

/**
 * plr_challenges_page_describe:
 * @challenge: a challenge
 *
 * Returns: (transfer full): what @challenge is about, in a line, such as
 *   "GCSE in English Language: Grade"
 */
char *
plr_challenges_page_describe (PlrChallenge *challenge)
{
  g_autofree char *field = plr_challenge_dup_field_label (challenge);
  PlrLearningEvent *event = plr_challenge_get_event (challenge);
  const char *subject = event ? plr_learning_event_get_subject (event) : NULL;

  switch (plr_challenge_get_target (challenge))
    {
    case PLR_CHALLENGE_TARGET_EVENT:
      if (subject == NULL)
        subject = _("An entry of your record");
      if (field != NULL)
        /* Translators: an entry's subject and the detail challenged, e.g. "GCSE Maths: Grade" */
        return g_strdup_printf (_("%s: %s"), subject, field);
      return g_strdup (subject);
    case PLR_CHALLENGE_TARGET_LEARNER:
      if (field != NULL)
        /* Translators: %s is a personal detail such as "Date of birth" */
        return g_strdup_printf (_("Personal details: %s"), field);
      return g_strdup (_("Personal details"));
    case PLR_CHALLENGE_TARGET_MISSING:
    default:
      if (plr_challenge_get_proposed_value (challenge) != NULL)
        /* Translators: %s is how the learner described the missing achievement */
        return g_strdup_printf (_("Missing achievement: %s"),
                                plr_challenge_get_proposed_value (challenge));
      return g_strdup (_("Missing achievement"));
    }
}

/* "Submitted · sent 3 November 2026 · answer due 3 December 2026". */
static char *
describe_progress (PlrChallengesPage *self,
                   PlrChallenge      *challenge,
                   gboolean          *out_overdue)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *sent = format_day (plr_challenge_get_submitted_at (challenge));
  PlrChallengeState state = plr_challenge_get_state (challenge);
  gboolean overdue = plr_challenge_is_overdue (challenge, NULL);
  GDate due;

  if (sent != NULL)
    /* Translators: %s is the date a challenge was received */
    g_string_append_printf (text, _("Sent %s"), sent);
  else if (state == PLR_CHALLENGE_STATE_DRAFT)
    g_string_append (text, _("Not sent yet"));
  else if (state == PLR_CHALLENGE_STATE_WAITING_TO_SEND)
    g_string_append (text, _("Waiting until your service can be reached"));

  if (self->record != NULL && plr_challenge_is_corrected_in (challenge, self->record))
    g_string_append_printf (text, " · %s", _("corrected in your record"));
  else if (plr_challenge_get_target (challenge) == PLR_CHALLENGE_TARGET_EVENT)
    {
      PlrLearningEvent *now = find_event (self->record, plr_challenge_get_event_id (challenge));

      if (now != NULL &&
          g_strcmp0 (plr_learning_event_get_value (now, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE),
                     "Y") == 0)
        g_string_append_printf (text, " · %s", _("the LRS marks it as under data challenge"));
    }

  if (!plr_challenge_state_is_final (state) && plr_challenge_get_due_date (challenge, &due))
    {
      g_autofree char *day = format_gdate (&due);

      g_string_append (text, " · ");
      if (overdue)
        /* Translators: %s is a date */
        g_string_append_printf (text, _("overdue: the answer was due by %s"), day);
      else
        /* Translators: %s is a date */
        g_string_append_printf (text, _("answer due by %s"), day);
    }

  if (out_overdue)
    *out_overdue = overdue;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ------------------------------------------------------------------ */
/* The list                                                             */

static GtkWidget *
create_challenge_row (PlrChallengesPage *self,
                      PlrChallenge      *challenge)
{
  g_autofree char *what = plr_challenges_page_describe (challenge);
  g_autofree char *progress = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (plr_challenge_state_get_label (
                                       plr_challenge_get_state (challenge)));
  gboolean overdue = FALSE;

  progress = describe_progress (self, challenge, &overdue);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), progress);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_add_css_class (status, "plr-status");
  {
    g_autofree char *css = g_strdup_printf ("plr-status-%s", plr_challenge_state_to_string (
                                              plr_challenge_get_state (challenge)));
    gtk_widget_add_css_class (status, css);
  }
  if (overdue)
    {
      gtk_label_set_text (GTK_LABEL (status), _("Overdue"));
      gtk_widget_add_css_class (status, "plr-status-overdue");
    }
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_object_set_data_full (G_OBJECT (row), "plr-uuid", g_strdup (plr_challenge_get_uuid (challenge)),
                          g_free);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static void show_detail (PlrChallengesPage *self);

static void
reload (PlrChallengesPage *self)
{
  g_autoptr(GPtrArray) challenges = NULL;
  g_autoptr(GError) error = NULL;
  const char *visible = gtk_stack_get_visible_child_name (self->stack);

  clear_list (self->challenges_list);

  if (self->store != NULL)
    challenges = plr_store_list_challenges (self->store, &error);
  if (error != NULL)
    g_warning ("Could not list the challenges (%s %d)", g_quark_to_string (error->domain),
               error->code);

  for (guint i = 0; challenges != NULL && i < challenges->len; i++)
    gtk_list_box_append (self->challenges_list,
                         create_challenge_row (self, g_ptr_array_index (challenges, i)));

  gtk_widget_set_visible (self->challenges_group, challenges != NULL && challenges->len > 0);

  /* The detail follows its challenge; gone (a deleted draft), back to the list. */
  if (self->shown != NULL)
    {
      g_autoptr(PlrChallenge) again = plr_store_dup_challenge (self->store,
                                                               plr_challenge_get_uuid (self->shown),
                                                               NULL);
      g_set_object (&self->shown, again);
    }

  if (g_strcmp0 (visible, "detail") == 0 && self->shown != NULL)
    show_detail (self);
  else if ((challenges != NULL && challenges->len > 0) || self->checked)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
on_challenge_changed_cb (PlrStore          *store,
                         const char        *uuid,
                         PlrChallengesPage *self)
{
  reload (self);
}

/* ------------------------------------------------------------------ */
/* One challenge                                                        */

static void
add_detail_row (GtkListBox *list,
                const char *title,
                const char *value,
                const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  if (icon_name != NULL)
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon_name));
  gtk_list_box_append (list, row);
}

static const char *
route_label (PlrChallengeRoute route)
{
  switch (route)
    {
    case PLR_CHALLENGE_ROUTE_PROVIDER_LETTER: return _("A letter to your learning provider");
    case PLR_CHALLENGE_ROUTE_LRS_LETTER: return _("A letter to the LRS service desk");
    case PLR_CHALLENGE_ROUTE_PHONE: return _("A phone call");
    case PLR_CHALLENGE_ROUTE_SERVICE:
    default:
      return _("Your learning record service");
    }
}

static const char *
source_label (PlrChallengeSource source)
{
  switch (source)
    {
    case PLR_CHALLENGE_SOURCE_SERVICE: return _("The service");
    case PLR_CHALLENGE_SOURCE_LEARNER: return _("You");
    case PLR_CHALLENGE_SOURCE_APP:
    default:
      return _("Learning Record");
    }
}

static void
show_detail (PlrChallengesPage *self)
{
  PlrChallenge *challenge = self->shown;
  PlrChallengeState state = plr_challenge_get_state (challenge);
  g_autofree char *what = plr_challenges_page_describe (challenge);
  g_autofree char *field = plr_challenge_dup_field_label (challenge);
  g_autoptr(GPtrArray) timeline = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  PlrLearningEvent *now_event = NULL;
  GDate due;

  clear_list (self->detail_list);
  clear_list (self->timeline_list);

  gtk_label_set_text (self->detail_title, what);
  gtk_label_set_text (self->detail_status, plr_challenge_state_get_label (state));
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->detail_status), "success");

  /* The one-month clock. */
  if (plr_challenge_get_due_date (challenge, &due))
    {
      g_autofree char *day = format_gdate (&due);
      g_autofree char *sent = format_day (plr_challenge_get_submitted_at (challenge));
      g_autofree char *text = NULL;

      if (plr_challenge_state_is_final (state))
        /* Translators: both are dates */
        text = g_strdup_printf (_("Received on %s. It has been answered."), sent);
      else if (plr_challenge_is_overdue (challenge, NULL))
        {
          text = g_strdup_printf (_("Received on %s. The answer was due by %s and is overdue: "
                                    "you may complain to the Information Commissioner’s "
                                    "Office."), sent, day);
          gtk_widget_add_css_class (GTK_WIDGET (self->detail_status), "error");
        }
      else
        text = g_strdup_printf (_("Received on %s. The law gives one calendar month to answer: "
                                  "by %s."), sent, day);
      gtk_label_set_text (self->detail_clock, text);
    }
  else if (state == PLR_CHALLENGE_STATE_WAITING_TO_SEND)
    gtk_label_set_text (self->detail_clock,
                        _("Waiting on this computer until your learning record service can be "
                          "reached. The one-month clock starts when it arrives."));
  else
    gtk_label_set_text (self->detail_clock,
                        _("A draft: not sent yet. The one-month clock starts when it is."));

  if (self->record != NULL && plr_challenge_is_corrected_in (challenge, self->record))
    {
      gtk_label_set_text (self->detail_status, _("Accepted, and corrected in your record"));
      gtk_widget_add_css_class (GTK_WIDGET (self->detail_status), "success");
      add_detail_row (self->detail_list, _("Correction"),
                      _("The correction arrived with your last fetch."),
                      "emblem-ok-symbolic");
    }

  if (plr_challenge_get_target (challenge) == PLR_CHALLENGE_TARGET_EVENT)
    {
      now_event = find_event (self->record, plr_challenge_get_event_id (challenge));
      if (now_event != NULL &&
          g_strcmp0 (plr_learning_event_get_value (now_event,
                                                   PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE),
                     "Y") == 0)
        add_detail_row (self->detail_list, _("In the Learning Records Service"),
                        _("The LRS marks this entry as under data challenge while it is checked."),
                        "dialog-information-symbolic");
      if (plr_challenge_get_event_removed (challenge))
        add_detail_row (self->detail_list, _("In your record"),
                        _("This entry is no longer in your record."), NULL);
    }

  if (field != NULL)
    add_detail_row (self->detail_list, _("Detail"), field, NULL);
  if (plr_challenge_get_current_value (challenge) != NULL)
    add_detail_row (self->detail_list, _("Read when you challenged it"), plr_challenge_get_current_value (challenge),
                    NULL);
  if (plr_challenge_get_proposed_value (challenge) != NULL)
    add_detail_row (self->detail_list, _("Should be"),
                    plr_challenge_get_proposed_value (challenge), NULL);
  add_detail_row (self->detail_list, _("Reason"),
                  plr_challenge_reason_get_label (plr_challenge_get_reason (challenge)), NULL);
  if (plr_challenge_get_details (challenge) != NULL)
    add_detail_row (self->detail_list, _("Details"), plr_challenge_get_details (challenge), NULL);
  if (state != PLR_CHALLENGE_STATE_DRAFT)
    add_detail_row (self->detail_list, _("Sent by"),
                    route_label (plr_challenge_get_route (challenge)), NULL);
  if (plr_challenge_get_route_reference (challenge) != NULL)
    add_detail_row (self->detail_list, _("Reference"),
                    plr_challenge_get_route_reference (challenge), NULL);
  if (plr_challenge_get_service_id (challenge) != NULL)
    add_detail_row (self->detail_list, _("The service’s reference"),
                    plr_challenge_get_service_id (challenge), NULL);

  evidence = plr_store_list_challenge_evidence (self->store, plr_challenge_get_uuid (challenge),
                                                NULL);
  for (guint i = 0; evidence != NULL && i < evidence->len; i++)
    {
      PlrEvidence *file = g_ptr_array_index (evidence, i);
      add_detail_row (self->detail_list, _("Evidence"), file->name, NULL);
    }

  timeline = plr_store_list_challenge_timeline (self->store, plr_challenge_get_uuid (challenge),
                                                NULL);
  for (guint i = 0; timeline != NULL && i < timeline->len; i++)
    {
      PlrChallengeTimelineEntry *entry = g_ptr_array_index (timeline, i);
      g_autoptr(GDateTime) local = g_date_time_to_local (entry->at);
      /* Translators: a date and time in a challenge's timeline, see strftime(3) */
      g_autofree char *when = g_date_time_format (local, _("%-d %B %Y, %H:%M"));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (entry->note != NULL && entry->source == PLR_CHALLENGE_SOURCE_APP)
        /* Translators: when, who, and a short code such as "http-503" */
        subtitle = g_strdup_printf (_("%s · %s: could not send (%s)"), when,
                                    source_label (entry->source), entry->note);
      else if (entry->note != NULL)
        /* Translators: when, who, and their note */
        subtitle = g_strdup_printf (_("%s · %s: %s"), when, source_label (entry->source),
                                    entry->note);
      else
        subtitle = g_strdup_printf (_("%s · %s"), when, source_label (entry->source));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     plr_challenge_state_get_label (entry->state));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (self->timeline_list, row);
    }

  gtk_widget_set_visible (self->edit_button, state == PLR_CHALLENGE_STATE_DRAFT);
  gtk_widget_set_visible (self->delete_button, state == PLR_CHALLENGE_STATE_DRAFT);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

static void
on_challenge_row_activated_cb (PlrChallengesPage *self,
                               GtkListBoxRow     *row)
{
  const char *uuid = g_object_get_data (G_OBJECT (row), "plr-uuid");

  if (uuid != NULL)
    plr_challenges_page_show_challenge (self, uuid);
}

/* ------------------------------------------------------------------ */
/* Actions                                                              */

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (widget);

  g_clear_object (&self->shown);
  reload (self);
}

static void
report_missing_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (widget);
  g_autoptr(PlrChallenge) challenge = plr_challenge_new_missing ();

  if (self->store == NULL)
    return;
  plr_challenge_dialog_present (widget, self->store, self->record, challenge);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (widget);

  if (self->shown == NULL || plr_challenge_get_state (self->shown) != PLR_CHALLENGE_STATE_DRAFT)
    return;
  plr_challenge_dialog_present (widget, self->store, self->record, self->shown);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  if (self->shown == NULL)
    return;

  uuid = g_strdup (plr_challenge_get_uuid (self->shown));
  g_clear_object (&self->shown);
  if (!plr_store_delete_challenge (self->store, uuid, &error))
    {
      gtk_widget_activate_action (widget, "win.show-toast", "s", error->message);
    }
  reload (self);
}

static void
on_letter_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlrChallengesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  if (!plr_challenge_letter_render_pdf_to_file_finish (PLR_CHALLENGE_LETTER (object), result,
                                                       &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", _("Letter saved"));
}

static void
on_letter_response_cb (GtkNativeDialog   *dialog,
                       int                response,
                       PlrChallengesPage *self)
{
  PlrChallengeLetter *letter = g_object_get_data (G_OBJECT (dialog), "plr-letter");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      plr_challenge_letter_render_pdf_to_file_async (letter, file, self->cancellable,
                                                     on_letter_written_cb, g_object_ref (self));
    }

  g_clear_object (&self->chooser);
}

static void
export_letter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (widget);
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(PlrChallengeLetter) letter = NULL;
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->shown == NULL || self->record == NULL)
    return;

  evidence = plr_store_list_challenge_evidence (self->store, plr_challenge_get_uuid (self->shown),
                                                NULL);
  letter = plr_challenge_letter_new (self->shown, plr_record_get_learner (self->record), evidence,
                                     plr_challenge_get_route (self->shown) ==
                                       PLR_CHALLENGE_ROUTE_LRS_LETTER
                                       ? PLR_CHALLENGE_LETTER_TO_LRS
                                       : PLR_CHALLENGE_LETTER_TO_PROVIDER);
  name = plr_challenge_letter_dup_file_name (letter, "pdf");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Letter"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "plr-letter", g_steal_pointer (&letter),
                          g_object_unref);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_letter_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------ */
/* The sensitive data check                                             */

static void
on_hit_challenge_clicked_cb (GtkButton         *button,
                             PlrChallengesPage *self)
{
  PlrSensitiveHit *hit = g_object_get_data (G_OBJECT (button), "plr-hit");
  g_autoptr(PlrChallenge) challenge = NULL;

  if (self->record == NULL || self->store == NULL)
    return;

  challenge = plr_sensitive_hit_create_challenge (hit, self->record);
  if (challenge != NULL)
    plr_challenge_dialog_present (GTK_WIDGET (self), self->store, self->record, challenge);
}

static GtkWidget *
create_hit_row (PlrChallengesPage *self,
                PlrSensitiveHit   *hit)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Challenge…"));
  g_autofree char *where = NULL;
  g_autofree char *what = NULL;
  g_autofree char *button_name = NULL;
  const char *field = NULL;

  if (hit->target == PLR_CHALLENGE_TARGET_EVENT)
    {
      PlrLearningEvent *event = find_event (self->record, hit->event_id);
      int f = hit->field ? plr_event_field_from_name (hit->field) : -1;

      where = g_strdup (event ? plr_learning_event_get_subject (event) : _("An entry"));
      field = f >= 0 ? plr_event_field_get_label (f) : NULL;
    }
  else
    {
      int f = hit->field ? plr_learner_field_from_name (hit->field) : -1;

      where = g_strdup (_("Your personal details"));
      field = f >= 0 ? plr_learner_field_get_label (f) : NULL;
    }

  /* Translators: the detail, the kind of data and the words found, e.g.
   * "Subject: health or disability (“diabetes”)" */
  what = g_strdup_printf (_("%s: %s (“%s”)"), field ? field : _("Text"),
                          plr_sensitive_category_get_label (hit->category), hit->term);
  /* Translators: the accessible name of a button; %s is where the data was found */
  button_name = g_strdup_printf (_("Challenge %s"), where);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), where);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), what);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("dialog-warning-symbolic"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  button_name, -1);
  g_object_set_data_full (G_OBJECT (button), "plr-hit", plr_sensitive_hit_copy (hit),
                          (GDestroyNotify) plr_sensitive_hit_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_hit_challenge_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

/* The scan reads the whole record: 120 ms for 10,000 entries, more than a
 * frame, so it runs on a worker thread with its own reference to the
 * record, which nothing changes once loaded. */
static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PlrRecord *record = task_data;
  g_autoptr(PlrSensitiveScan) scan = NULL;
  GError *error = NULL;

  scan = plr_sensitive_scan_new_default (&error);
  if (scan == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, plr_sensitive_scan_record (scan, record),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
on_scanned_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (object);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  hits = g_task_propagate_pointer (G_TASK (result), &error);
  if (hits == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "challenges.check-sensitive",
                                 self->record != NULL);
  if (hits == NULL)
    {
      adw_action_row_set_subtitle (self->check_row, error->message);
      return;
    }

  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->hits_list, create_hit_row (self, g_ptr_array_index (hits, i)));

  if (hits->len == 0)
    summary = g_strdup (_("Nothing that looks like sensitive personal data was found."));
  else
    summary = g_strdup_printf (ngettext ("%u place may hold sensitive personal data: you can "
                                         "ask for it to be removed.",
                                         "%u places may hold sensitive personal data: you can "
                                         "ask for them to be removed.", hits->len),
                               hits->len);
  adw_action_row_set_subtitle (self->check_row, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->hits_list), hits->len > 0);

  self->checked = TRUE;
  g_clear_object (&self->shown);
  reload (self);
}

static void
check_sensitive_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (widget);
  g_autoptr(GTask) task = NULL;

  clear_list (self->hits_list);
  gtk_widget_set_visible (GTK_WIDGET (self->hits_list), FALSE);

  if (self->record == NULL)
    return;

  adw_action_row_set_subtitle (self->check_row, _("Checking…"));
  gtk_widget_action_set_enabled (widget, "challenges.check-sensitive", FALSE);

  task = g_task_new (self, self->cancellable, on_scanned_cb, NULL);
  g_task_set_source_tag (task, check_sensitive_action);
  g_task_set_task_data (task, g_object_ref (self->record), g_object_unref);
  g_task_run_in_thread (task, scan_thread);
}

/* ------------------------------------------------------------------ */

static void
plr_challenges_page_dispose (GObject *object)
{
  PlrChallengesPage *self = PLR_CHALLENGES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_challenge_changed_cb, self);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_CHALLENGES_PAGE);

  g_clear_object (&self->store);
  g_clear_object (&self->record);
  g_clear_object (&self->shown);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (plr_challenges_page_parent_class)->dispose (object);
}

static void
plr_challenges_page_class_init (PlrChallengesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_challenges_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-challenges-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, challenges_group);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, challenges_list);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, hits_list);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, check_row);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, detail_scroller);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, detail_status);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, detail_clock);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, detail_list);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, edit_button);
  gtk_widget_class_bind_template_child (widget_class, PlrChallengesPage, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, on_challenge_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "challenges.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "challenges.report-missing", NULL,
                                   report_missing_action);
  gtk_widget_class_install_action (widget_class, "challenges.check-sensitive", NULL,
                                   check_sensitive_action);
  gtk_widget_class_install_action (widget_class, "challenges.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "challenges.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "challenges.export-letter", NULL,
                                   export_letter_action);
}

static void
plr_challenges_page_init (PlrChallengesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/**
 * plr_challenges_page_set_store:
 * @self: a #PlrChallengesPage
 * @store: (nullable): the cache that holds the challenges
 */
void
plr_challenges_page_set_store (PlrChallengesPage *self,
                               PlrStore          *store)
{
  g_return_if_fail (PLR_IS_CHALLENGES_PAGE (self));
  g_return_if_fail (store == NULL || PLR_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, on_challenge_changed_cb, self);
  g_set_object (&self->store, store);
  if (self->store != NULL)
    g_signal_connect (self->store, "challenge-changed", G_CALLBACK (on_challenge_changed_cb),
                      self);

  g_clear_object (&self->shown);
  reload (self);
}

/**
 * plr_challenges_page_set_record:
 * @self: a #PlrChallengesPage
 * @record: (nullable): the current record
 *
 * The record tells which corrections have arrived and which entries the
 * LRS marks as under data challenge.
 */
void
plr_challenges_page_set_record (PlrChallengesPage *self,
                                PlrRecord         *record)
{
  g_return_if_fail (PLR_IS_CHALLENGES_PAGE (self));
  g_return_if_fail (record == NULL || PLR_IS_RECORD (record));

  /* What a check found was in the record before: check again. */
  if (g_set_object (&self->record, record) &&
      gtk_list_box_get_row_at_index (self->hits_list, 0) != NULL)
    {
      clear_list (self->hits_list);
      gtk_widget_set_visible (GTK_WIDGET (self->hits_list), FALSE);
      adw_action_row_set_subtitle (self->check_row, _("Your record changed: check it again."));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "challenges.check-sensitive", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "challenges.export-letter", record != NULL);
  reload (self);
}

/**
 * plr_challenges_page_show_challenge:
 * @self: a #PlrChallengesPage
 * @uuid: a challenge's local id
 *
 * Shows one challenge in detail.
 */
void
plr_challenges_page_show_challenge (PlrChallengesPage *self,
                                    const char        *uuid)
{
  g_autoptr(PlrChallenge) challenge = NULL;

  g_return_if_fail (PLR_IS_CHALLENGES_PAGE (self));
  g_return_if_fail (uuid != NULL);

  if (self->store == NULL)
    return;

  challenge = plr_store_dup_challenge (self->store, uuid, NULL);
  if (challenge == NULL)
    return;

  g_set_object (&self->shown, challenge);
  show_detail (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->detail_scroller), 0);
}
