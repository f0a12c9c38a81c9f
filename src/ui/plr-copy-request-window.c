/* plr-copy-request-window.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-copy-request-window"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "plr-date.h"
#include "plr-copy-request.h"
#include "plr-copy-request-window.h"
#include "plr-field-row.h"
#include "plr-identifiers.h"

/* "I don't have my record yet": how learners get a copy today, and a
 * request filled in from a small form, ready to copy into an email or save
 * as a dated text file, with the date the answer is due. Nothing is sent. */
struct _PlrCopyRequestWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwEntryRow          *name_row;
  AdwEntryRow          *former_names_row;
  AdwEntryRow          *birth_row;
  AdwEntryRow          *uln_row;
  AdwEntryRow          *address_row;
  AdwEntryRow          *email_row;
  GtkLabel             *problem_label;
  PlrFieldRow          *due_row;
  GtkTextView          *letter_view;

  /* Owned */
  PlrCopyRequest       *request;
  PlrRecord            *record;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (PlrCopyRequestWindow, plr_copy_request_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
mark_row (AdwEntryRow *row,
          gboolean     wrong)
{
  if (wrong)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* 2000-04-09 or 09/04/2000; returns yyyy-mm-dd, or NULL. */
static char *
parse_birth_date (const char *text)
{
  int year, month, day;
  char end;

  if (plr_field_parse_date (text, &year, &month, &day))
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);

  if (sscanf (text, "%d/%d/%d%c", &day, &month, &year, &end) == 3 &&
      g_date_valid_dmy (day, month, year))
    return g_strdup_printf ("%04d-%02d-%02d", year, month, day);

  return NULL;
}

static void
update_letter (PlrCopyRequestWindow *self)
{
  g_autofree char *birth = NULL;
  g_autofree char *uln = NULL;
  g_autofree char *letter = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *sent_text = NULL;
  g_autofree char *due_value = NULL;
  g_autofree char *explanation = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  const char *birth_text = entry_text (self->birth_row);
  const char *uln_text = entry_text (self->uln_row);

  if (birth_text[0] != '\0')
    {
      birth = parse_birth_date (birth_text);
      if (birth == NULL)
        g_string_append (problems, _("Write the date of birth as year-month-day, such as 2000-04-09."));
    }
  mark_row (self->birth_row, birth_text[0] != '\0' && birth == NULL);

  if (uln_text[0] != '\0')
    {
      /* People copy a ULN with the spaces it is read with. */
      g_autoptr(GString) digits = g_string_new (NULL);

      for (const char *p = uln_text; *p; p++)
        if (*p != ' ')
          g_string_append_c (digits, *p);
      uln = g_string_free (g_steal_pointer (&digits), FALSE);

      if (!plr_uln_validate (uln, &error))
        {
          if (problems->len > 0)
            g_string_append_c (problems, ' ');
          /* Translators: %s says what is wrong with the number */
          g_string_append_printf (problems, _("Check the ULN: %s."), error->message);
          g_clear_pointer (&uln, g_free);
        }
    }
  mark_row (self->uln_row, uln_text[0] != '\0' && uln == NULL);

  gtk_label_set_text (self->problem_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problems->len > 0);

  g_object_set (self->request,
                "name", entry_text (self->name_row),
                "former-names", entry_text (self->former_names_row),
                "date-of-birth", birth,
                "uln", uln,
                "address", entry_text (self->address_row),
                "email", entry_text (self->email_row),
                NULL);

  letter = plr_copy_request_render (self->request);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->letter_view), letter, -1);

  due = plr_copy_request_dup_due_date (self->request);
  /* Translators: a date, see strftime(3) */
  due_text = g_date_time_format (due, _("%A %-d %B %Y"));
  sent_text = plr_date_format_long (plr_copy_request_get_sent_on (self->request));
  /* Translators: %s is a date such as "Wednesday 23 December 2026" */
  due_value = g_strdup_printf (_("An answer is due by %s"), due_text);
  /* Translators: %s is today's date */
  explanation = g_strdup_printf (_("Up to one calendar month from when they receive it, %s. "
                                   "If they need more time they must tell you within that "
                                   "month."), sent_text);
  plr_field_row_set_value (self->due_row, due_value);
  plr_field_row_set_explanation (self->due_row, explanation);
}

static void
on_entry_changed_cb (PlrCopyRequestWindow *self,
                     GtkEditable          *editable)
{
  update_letter (self);
}

static void
show_toast (PlrCopyRequestWindow *self,
            const char           *title)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlrCopyRequestWindow *self = PLR_COPY_REQUEST_WINDOW (widget);
  g_autofree char *letter = plr_copy_request_render (self->request);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), letter);
  show_toast (self, _("Request copied"));
}

static void
on_saved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(PlrCopyRequestWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the reason, such as "Permission denied" */
      message = g_strdup_printf (_("Could not save the request: %s"), error->message);
      show_toast (self, message);
      return;
    }

  show_toast (self, _("Request saved"));
}

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  PlrCopyRequestWindow *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *letter;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      letter = plr_copy_request_render (self->request);
      bytes = g_bytes_new_take (letter, strlen (letter));
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_PRIVATE |
                                           G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->cancellable, on_saved_cb, g_object_ref (self));
    }

  g_clear_object (&self->chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PlrCopyRequestWindow *self = PLR_COPY_REQUEST_WINDOW (widget);
  g_autofree char *name = plr_copy_request_dup_file_name (self->request);

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save the Request"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* A learner who has a record (an old file, the demo) starts from it. */
static void
fill_from_record (PlrCopyRequestWindow *self)
{
  PlrLearner *learner;
  g_autofree char *name = NULL;
  g_autoptr(GString) address = g_string_new (NULL);
  static const PlrLearnerField address_fields[] = {
    PLR_LEARNER_FIELD_ADDRESS_LINE_1, PLR_LEARNER_FIELD_ADDRESS_LINE_2,
    PLR_LEARNER_FIELD_ADDRESS_TOWN, PLR_LEARNER_FIELD_POST_CODE,
  };
  const char *value;

  if (self->record == NULL)
    return;

  learner = plr_record_get_learner (self->record);
  name = g_strjoin (" ",
                    plr_learner_get_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME)
                      ? plr_learner_get_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME) : "",
                    plr_learner_get_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME)
                      ? plr_learner_get_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME) : "",
                    NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), g_strstrip (name));

  value = plr_learner_get_value (learner, PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME);
  if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->former_names_row), value);
  value = plr_learner_get_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH);
  if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->birth_row), value);
  value = plr_learner_get_uln (learner);
  if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->uln_row), value);
  value = plr_learner_get_value (learner, PLR_LEARNER_FIELD_EMAIL_ADDRESS);
  if (value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->email_row), value);

  for (guint i = 0; i < G_N_ELEMENTS (address_fields); i++)
    {
      value = plr_learner_get_value (learner, address_fields[i]);
      if (value == NULL || value[0] == '\0')
        continue;
      if (address->len > 0)
        g_string_append (address, ", ");
      g_string_append (address, value);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), address->str);
}

static void
plr_copy_request_window_constructed (GObject *object)
{
  PlrCopyRequestWindow *self = PLR_COPY_REQUEST_WINDOW (object);

  G_OBJECT_CLASS (plr_copy_request_window_parent_class)->constructed (object);

  fill_from_record (self);
  update_letter (self);
}

static void
plr_copy_request_window_dispose (GObject *object)
{
  PlrCopyRequestWindow *self = (PlrCopyRequestWindow *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_COPY_REQUEST_WINDOW);

  G_OBJECT_CLASS (plr_copy_request_window_parent_class)->dispose (object);
}

static void
plr_copy_request_window_finalize (GObject *object)
{
  PlrCopyRequestWindow *self = (PlrCopyRequestWindow *)object;

  g_clear_object (&self->request);
  g_clear_object (&self->record);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (plr_copy_request_window_parent_class)->finalize (object);
}

static void
plr_copy_request_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PlrCopyRequestWindow *self = PLR_COPY_REQUEST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_copy_request_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PlrCopyRequestWindow *self = PLR_COPY_REQUEST_WINDOW (object);

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
plr_copy_request_window_class_init (PlrCopyRequestWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plr_copy_request_window_constructed;
  object_class->dispose = plr_copy_request_window_dispose;
  object_class->finalize = plr_copy_request_window_finalize;
  object_class->get_property = plr_copy_request_window_get_property;
  object_class->set_property = plr_copy_request_window_set_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, PLR_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-copy-request-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, former_names_row);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, birth_row);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, uln_row);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, email_row);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, due_row);
  gtk_widget_class_bind_template_child (widget_class, PlrCopyRequestWindow, letter_view);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);

  gtk_widget_class_install_action (widget_class, "request.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "request.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "request.save",
                                       NULL);

  g_type_ensure (PLR_TYPE_FIELD_ROW);
}

static void
plr_copy_request_window_init (PlrCopyRequestWindow *self)
{
  self->request = plr_copy_request_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * plr_copy_request_window_new:
 * @record: (nullable): a record to take the learner's details from
 *
 * Returns: (transfer floating): a new window
 */
PlrCopyRequestWindow *
plr_copy_request_window_new (PlrRecord *record)
{
  return g_object_new (PLR_TYPE_COPY_REQUEST_WINDOW, "record", record, NULL);
}
