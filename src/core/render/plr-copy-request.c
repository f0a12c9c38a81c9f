/* plr-copy-request.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-copy-request"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-date.h"
#include "plr-copy-request.h"
#include "plr-field.h"
#include "plr-identifiers.h"
#include "plr-rights.h"

/* A request for a copy of one's Personal Learning Record, as a letter or an
 * email to the Learning Records Service (or to a learning provider). Since
 * 2016 there is no online learner view: this is how a learner gets a copy
 * today, and the answer can take up to a month. As a subject access
 * request under UK GDPR the answer is due one calendar month after it was
 * received: the same date next month, or that month's last day, moved to
 * the next working day (plr_rights_response_due()). */
struct _PlrCopyRequest
{
  GObject    parent_instance;

  char      *name;
  char      *former_names;
  char      *date_of_birth;   /* yyyy-mm-dd */
  char      *uln;
  char      *address;
  char      *email;
  GDateTime *sent_on;
};

G_DEFINE_FINAL_TYPE (PlrCopyRequest, plr_copy_request, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_FORMER_NAMES,
  PROP_DATE_OF_BIRTH,
  PROP_ULN,
  PROP_ADDRESS,
  PROP_EMAIL,
  PROP_SENT_ON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char **
field_for_prop (PlrCopyRequest *self,
                guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_NAME:          return &self->name;
    case PROP_FORMER_NAMES:  return &self->former_names;
    case PROP_DATE_OF_BIRTH: return &self->date_of_birth;
    case PROP_ULN:           return &self->uln;
    case PROP_ADDRESS:       return &self->address;
    case PROP_EMAIL:         return &self->email;
    default:                 return NULL;
    }
}

static void
plr_copy_request_finalize (GObject *object)
{
  PlrCopyRequest *self = (PlrCopyRequest *)object;

  for (guint i = PROP_NAME; i <= PROP_EMAIL; i++)
    g_clear_pointer (field_for_prop (self, i), g_free);
  g_clear_pointer (&self->sent_on, g_date_time_unref);

  G_OBJECT_CLASS (plr_copy_request_parent_class)->finalize (object);
}

static void
plr_copy_request_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlrCopyRequest *self = PLR_COPY_REQUEST (object);

  if (prop_id == PROP_SENT_ON)
    g_value_set_boxed (value, self->sent_on);
  else if (field_for_prop (self, prop_id) != NULL)
    g_value_set_string (value, *field_for_prop (self, prop_id));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
plr_copy_request_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlrCopyRequest *self = PLR_COPY_REQUEST (object);
  char **field;
  g_autofree char *text = NULL;

  if (prop_id == PROP_SENT_ON)
    {
      GDateTime *sent_on = g_value_get_boxed (value);

      g_clear_pointer (&self->sent_on, g_date_time_unref);
      self->sent_on = sent_on ? g_date_time_ref (sent_on) : g_date_time_new_now_local ();
      g_object_notify_by_pspec (object, pspec);
      return;
    }

  field = field_for_prop (self, prop_id);
  if (field == NULL)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  text = g_strstrip (g_strdup (g_value_get_string (value) ? g_value_get_string (value) : ""));
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);
  if (g_strcmp0 (*field, text) == 0)
    return;

  g_free (*field);
  *field = g_steal_pointer (&text);
  g_object_notify_by_pspec (object, pspec);
}

static void
plr_copy_request_class_init (PlrCopyRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_copy_request_finalize;
  object_class->get_property = plr_copy_request_get_property;
  object_class->set_property = plr_copy_request_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_FORMER_NAMES] = g_param_spec_string ("former-names", NULL, NULL, NULL, flags);
  /* yyyy-mm-dd */
  properties[PROP_DATE_OF_BIRTH] = g_param_spec_string ("date-of-birth", NULL, NULL, NULL, flags);
  properties[PROP_ULN] = g_param_spec_string ("uln", NULL, NULL, NULL, flags);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_EMAIL] = g_param_spec_string ("email", NULL, NULL, NULL, flags);
  properties[PROP_SENT_ON] =
    g_param_spec_boxed ("sent-on", NULL, NULL, G_TYPE_DATE_TIME, flags | G_PARAM_CONSTRUCT);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_copy_request_init (PlrCopyRequest *self)
{
}

/**
 * plr_copy_request_new:
 *
 * Returns: (transfer full): an empty request, dated today
 */
PlrCopyRequest *
plr_copy_request_new (void)
{
  return g_object_new (PLR_TYPE_COPY_REQUEST, NULL);
}

/**
 * plr_copy_request_get_sent_on:
 * @self: a #PlrCopyRequest
 *
 * Returns: (transfer none): the date the request is written on
 */
GDateTime *
plr_copy_request_get_sent_on (PlrCopyRequest *self)
{
  g_return_val_if_fail (PLR_IS_COPY_REQUEST (self), NULL);
  return self->sent_on;
}

/**
 * plr_copy_request_due_date_for:
 * @sent_on: the day a request is received
 *
 * One calendar month later, as plr_rights_response_due() counts it: the
 * same date next month or that month's last day, moved off weekends and
 * bank holidays.
 *
 * Returns: (transfer full): the day the answer is due, at midnight local time
 */
GDateTime *
plr_copy_request_due_date_for (GDateTime *sent_on)
{
  int year, month, day;
  GDate received;
  GDate date;

  g_return_val_if_fail (sent_on != NULL, NULL);

  g_date_time_get_ymd (sent_on, &year, &month, &day);
  g_date_clear (&received, 1);
  g_date_clear (&date, 1);
  g_date_set_dmy (&received, day, month, year);

  /* The same ICO rule as every other rights request. Past the years whose
   * bank holidays are known, only weekends are skipped. */
  plr_rights_response_due (&received, FALSE, &date);

  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), 0, 0, 0);
}

/**
 * plr_copy_request_dup_due_date:
 * @self: a #PlrCopyRequest
 *
 * Returns: (transfer full): when the answer is due if sent today
 */
GDateTime *
plr_copy_request_dup_due_date (PlrCopyRequest *self)
{
  g_return_val_if_fail (PLR_IS_COPY_REQUEST (self), NULL);
  return plr_copy_request_due_date_for (self->sent_on);
}

/**
 * plr_copy_request_dup_file_name:
 * @self: a #PlrCopyRequest
 *
 * Returns: (transfer full): a file name with the date, for saving the letter
 */
char *
plr_copy_request_dup_file_name (PlrCopyRequest *self)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (PLR_IS_COPY_REQUEST (self), NULL);

  date = g_date_time_format (self->sent_on, "%Y-%m-%d");
  /* Translators: a file name; %s is a date such as 2026-11-23 */
  return g_strdup_printf (_("learning-record-request-%s.txt"), date);
}

static void
append_line (GString    *letter,
             const char *label,
             const char *value)
{
  g_string_append_printf (letter, "%s: %s\n", label, value);
}

/**
 * plr_copy_request_render:
 * @self: a #PlrCopyRequest
 *
 * Writes the request as plain text, ready to print, email or hand to a
 * learning provider. Details left empty are left out, except the name.
 *
 * Returns: (transfer full): the letter
 */
char *
plr_copy_request_render (PlrCopyRequest *self)
{
  g_autoptr(GString) letter = g_string_new (NULL);
  g_autofree char *today = NULL;
  g_autofree char *due = NULL;
  g_autoptr(GDateTime) due_date = NULL;
  int year, month, day;

  g_return_val_if_fail (PLR_IS_COPY_REQUEST (self), NULL);

  today = plr_date_format_long (self->sent_on);
  due_date = plr_copy_request_dup_due_date (self);
  due = plr_date_format_long (due_date);

  g_string_append_printf (letter, "%s\n\n", today);
  g_string_append_printf (letter, "%s\n\n", _("To: the Learning Records Service"));
  g_string_append_printf (letter, "%s\n\n",
                          _("Subject access request: a copy of my Personal Learning Record"));
  g_string_append_printf (letter, "%s\n\n", _("Dear Learning Records Service,"));
  g_string_append_printf (letter, "%s\n\n",
                          _("Under Article 15 of the UK General Data Protection Regulation, "
                            "I ask for a copy of the personal data you hold about me in the "
                            "Learning Records Service: my Personal Learning Record (all my "
                            "learning events), my learner record, the list of organisations "
                            "that have viewed or been sent my record and when, whether my "
                            "record may be shared, and where the data came from."));
  g_string_append_printf (letter, "%s\n\n",
                          _("Please send it to me electronically, in a commonly used format "
                            "such as PDF or XML."));
  g_string_append_printf (letter, "%s\n\n", _("My details, to find my record:"));

  append_line (letter, _("Full name"), self->name ? self->name : "");
  if (self->former_names)
    append_line (letter, _("Former names"), self->former_names);
  if (self->date_of_birth && plr_field_parse_date (self->date_of_birth, &year, &month, &day))
    {
      g_autoptr(GDateTime) birth = g_date_time_new_local (year, month, day, 0, 0, 0);
      g_autofree char *text = plr_date_format_long (birth);

      append_line (letter, _("Date of birth"), text);
    }
  if (self->uln)
    {
      g_autofree char *uln = plr_uln_format_for_reading (self->uln);

      append_line (letter, _("Unique Learner Number (ULN)"), uln);
    }
  if (self->address)
    {
      g_auto(GStrv) lines = g_strsplit (self->address, "\n", -1);
      g_autofree char *joined = g_strjoinv (", ", lines);

      append_line (letter, _("Address"), joined);
    }
  if (self->email)
    append_line (letter, _("Email"), self->email);

  g_string_append_c (letter, '\n');
  g_string_append_printf (letter, "%s\n\n",
                          _("I enclose proof of my identity. If you need anything more to "
                            "find my record, please tell me."));
  /* Translators: %s is a date such as "23 December 2026" */
  g_string_append_printf (letter, _("I understand you have one calendar month to answer, "
                                    "that is by %s."), due);
  g_string_append (letter, "\n\n");
  g_string_append_printf (letter, "%s\n\n", _("Yours faithfully,"));
  g_string_append_printf (letter, "%s\n", self->name ? self->name : "");

  return g_string_free (g_steal_pointer (&letter), FALSE);
}
