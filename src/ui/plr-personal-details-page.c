/* plr-personal-details-page.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-personal-details-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <stdlib.h>

#include "plr-date.h"
#include "plr-field-row.h"
#include "plr-identifiers.h"
#include "plr-personal-details-page.h"
#include "plr-rights.h"

/* The LRS privacy notice: the record may be kept for this many years. */

/* Every field of the learner record, in plain words: the ULN grouped for
 * reading, whether it checks out, linked ULNs and a merged record, when the
 * copy on this computer was fetched, and how long the LRS may keep it.
 * Codes whose meanings are not published (verification type, learner
 * status) are shown as held. */
struct _PlrPersonalDetailsPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *merged_group;
  PlrFieldRow         *merged_row;
  AdwPreferencesGroup *identity_group;
  AdwPreferencesGroup *names_group;
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *record_group;

  /* Owned */
  PlrRecord           *record;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (PlrPersonalDetailsPage, plr_personal_details_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A date, or the day of a date-time ("2014-10-24 09:12:00", as the LRS
 * writes when a record was created): plr_field_parse_date() takes a date
 * alone, and a date-time given to it whole read as no date at all. */
static gboolean
parse_day (const char *value,
           int        *year,
           int        *month,
           int        *day)
{
  char date[11];

  if (value == NULL)
    return FALSE;
  if (plr_field_parse_date (value, year, month, day))
    return TRUE;
  if (strlen (value) <= 10 || (value[10] != ' ' && value[10] != 'T'))
    return FALSE;

  memcpy (date, value, 10);
  date[10] = '\0';
  return plr_field_parse_date (date, year, month, day);
}

static char *
format_date (const char *value)
{
  int year, month, day;

  if (value == NULL)
    return NULL;
  if (!parse_day (value, &year, &month, &day))
    return g_strdup (value);

  return plr_date_format_long_ymd (year, month, day);
}

static void
add_row (PlrPersonalDetailsPage *self,
         AdwPreferencesGroup    *group,
         const char             *title,
         const char             *value,
         const char             *explanation)
{
  GtkWidget *row = plr_field_row_new (title, value, explanation);

  g_object_set_data (G_OBJECT (row), "plr-group", group);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

/* "Challenge this entry…" beside the detail just added (win.challenge-detail). */
static void
add_challenge_button (PlrPersonalDetailsPage *self,
                      PlrLearnerField         field,
                      const char             *title)
{
  GtkWidget *row = g_ptr_array_index (self->rows, self->rows->len - 1);
  GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  /* Translators: the accessible name of a button; %s is a detail such as "Date of birth" */
  g_autofree char *name = g_strdup_printf (_("Challenge this entry: %s…"), title);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Challenge this entry…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.challenge-detail");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", (gint32) field);
  plr_field_row_add_suffix (PLR_FIELD_ROW (row), button);
}

static void
add_field (PlrPersonalDetailsPage *self,
           AdwPreferencesGroup    *group,
           PlrLearnerField         field,
           const char             *title,
           const char             *explanation)
{
  PlrLearner *learner = plr_record_get_learner (self->record);
  const char *value = plr_learner_get_value (learner, field);
  const PlrFieldInfo *info = plr_learner_field_info (field);
  g_autofree char *text = NULL;

  if (info->kind == PLR_FIELD_KIND_DATE || info->kind == PLR_FIELD_KIND_DATETIME)
    text = format_date (value);
  else
    text = g_strdup (value);

  add_row (self, group, title, text, explanation);
  add_challenge_button (self, field, title);
}

static void
clear_rows (PlrPersonalDetailsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "plr-group"), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static const char *
describe_gender (const char *value)
{
  if (g_strcmp0 (value, "0") == 0)
    return _("Not known");
  if (g_strcmp0 (value, "1") == 0)
    return _("Male");
  if (g_strcmp0 (value, "2") == 0)
    return _("Female");
  if (g_strcmp0 (value, "9") == 0)
    return _("Not specified");
  return value;
}

static const char *
describe_ability_to_share (const char *value)
{
  if (g_strcmp0 (value, "-1") == 0)
    return _("Not provided");
  if (g_strcmp0 (value, "0") == 0)
    return _("You have not been shown the privacy notice yet");
  if (g_strcmp0 (value, "1") == 0)
    return _("You have seen the privacy notice, and your record may be shared");
  if (g_strcmp0 (value, "2") == 0)
    return _("You have seen the privacy notice, and your record is not to be shared");
  if (!plr_ability_to_share_is_known (value))
    return _("A value Learning Record does not know, kept as it came: see Privacy");
  return value;
}

static void
add_uln (PlrPersonalDetailsPage *self)
{
  PlrLearner *learner = plr_record_get_learner (self->record);
  const char *uln = plr_learner_get_uln (learner);
  g_autofree char *readable = uln ? plr_uln_format_for_reading (uln) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;

  if (uln != NULL && plr_uln_validate (uln, &error))
    explanation = g_strdup (_("Your Unique Learner Number, for life. Its check digit is right."));
  else if (uln != NULL)
    /* Translators: %s says what is wrong with the number */
    explanation = g_strdup_printf (_("This does not check out as a ULN: %s"), error->message);

  add_row (self, self->identity_group, _("Unique Learner Number (ULN)"), readable, explanation);
  add_challenge_button (self, PLR_LEARNER_FIELD_ULN, _("Unique Learner Number (ULN)"));
}

static void
add_linked_ulns (PlrPersonalDetailsPage *self)
{
  PlrLearner *learner = plr_record_get_learner (self->record);
  const char *linked = plr_learner_get_value (learner, PLR_LEARNER_FIELD_LINKED_ULNS);
  g_auto(GStrv) ulns = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (linked == NULL || linked[0] == '\0')
    {
      add_row (self, self->identity_group, _("Linked ULNs"), _("None"),
               _("Other numbers you were given that now lead to this record."));
      return;
    }

  ulns = g_strsplit (linked, ",", -1);
  for (guint i = 0; ulns[i] != NULL; i++)
    {
      g_autofree char *readable = plr_uln_format_for_reading (g_strstrip (ulns[i]));

      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append (text, readable);
    }

  add_row (self, self->identity_group, _("Linked ULNs"), text->str,
           _("Other numbers you were given that now lead to this record."));
}

/* "your records were merged": the LRS answered for a different ULN. */
static void
update_merged (PlrPersonalDetailsPage *self)
{
  const char *incoming = plr_record_get_incoming_uln (self->record);
  const char *found = plr_learner_get_uln (plr_record_get_learner (self->record));
  g_autofree char *incoming_text = NULL;
  g_autofree char *found_text = NULL;
  g_autofree char *value = NULL;

  if (incoming == NULL || found == NULL || g_strcmp0 (incoming, found) == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->merged_group), FALSE);
      return;
    }

  incoming_text = plr_uln_format_for_reading (incoming);
  found_text = plr_uln_format_for_reading (found);
  /* Translators: both are ULNs, such as "100 000 0043" */
  value = g_strdup_printf (_("Asked for %s, found under %s"), incoming_text, found_text);
  plr_field_row_set_value (self->merged_row, value);
  plr_field_row_set_explanation (self->merged_row,
                                 _("The Learning Records Service linked your records under one "
                                   "number. Use the number your record is found under from now "
                                   "on; both lead to the same record."));
  plr_field_row_set_icon_name (self->merged_row, "dialog-information-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->merged_group), TRUE);
}

static void
add_fetched_at (PlrPersonalDetailsPage *self)
{
  GDateTime *fetched_at = plr_record_get_fetched_at (self->record);
  g_autofree char *text = NULL;
  const char *source = plr_record_get_source (self->record);
  const char *explanation;

  if (fetched_at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (fetched_at);
      /* Translators: when the record was fetched, see strftime(3) */
      text = g_date_time_format (local, _("%-d %B %Y at %H:%M"));
    }

  if (g_strcmp0 (source, PLR_RECORD_SOURCE_SERVICE) == 0)
    explanation = _("Fetched from your learning record service.");
  else if (g_strcmp0 (source, PLR_RECORD_SOURCE_SAMPLE) == 0)
    explanation = _("A sample learner, made up to show how the app works.");
  else
    explanation = _("Opened from a record file.");

  add_row (self, self->record_group, _("Last fetched"), text, explanation);
}

/* The one retention rule of the model, so Privacy gives the same year. */
static void
add_retention (PlrPersonalDetailsPage *self)
{
  PlrRetentionBasis basis = PLR_RETENTION_UNKNOWN;
  int year = plr_rights_retention_for_learner (plr_record_get_learner (self->record), &basis);
  g_autofree char *value = plr_rights_describe_retention_short (year, basis);
  g_autofree char *explanation = plr_rights_describe_retention (year, basis);

  add_row (self, self->record_group, _("How long the LRS keeps it"), value, explanation);
}

static void
show_record (PlrPersonalDetailsPage *self)
{
  PlrLearner *learner = plr_record_get_learner (self->record);
  const char *gender = plr_learner_get_value (learner, PLR_LEARNER_FIELD_GENDER);
  const char *sharing = plr_learner_get_value (learner, PLR_LEARNER_FIELD_ABILITY_TO_SHARE);

  update_merged (self);

  add_uln (self);
  add_linked_ulns (self);
  add_field (self, self->identity_group, PLR_LEARNER_FIELD_DATE_OF_BIRTH, _("Date of birth"), NULL);
  add_field (self, self->identity_group, PLR_LEARNER_FIELD_PLACE_OF_BIRTH, _("Place of birth"),
             NULL);
  add_row (self, self->identity_group, _("Gender"), describe_gender (gender), NULL);
  add_challenge_button (self, PLR_LEARNER_FIELD_GENDER, _("Gender"));
  add_field (self, self->identity_group, PLR_LEARNER_FIELD_NATIONALITY, _("Nationality"), NULL);
  add_field (self, self->identity_group, PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16, _("School at 16"),
             NULL);
  add_field (self, self->identity_group, PLR_LEARNER_FIELD_SCOTTISH_CANDIDATE_NUMBER,
             _("Scottish candidate number"), NULL);
  add_field (self, self->identity_group, PLR_LEARNER_FIELD_VERIFICATION_TYPE,
             _("Verification type"),
             _("How the LRS checked who you are, as the code it holds: what each code means is "
               "not published."));

  add_field (self, self->names_group, PLR_LEARNER_FIELD_TITLE, _("Title"), NULL);
  add_field (self, self->names_group, PLR_LEARNER_FIELD_GIVEN_NAME, _("Given name"), NULL);
  add_field (self, self->names_group, PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME, _("Middle names"),
             NULL);
  add_field (self, self->names_group, PLR_LEARNER_FIELD_FAMILY_NAME, _("Family name"), NULL);
  add_field (self, self->names_group, PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME,
             _("Preferred given name"), NULL);
  add_field (self, self->names_group, PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME,
             _("Previous family name"), NULL);
  add_field (self, self->names_group, PLR_LEARNER_FIELD_FAMILY_NAME_AT_AGE_16,
             _("Family name at 16"), NULL);

  add_field (self, self->contact_group, PLR_LEARNER_FIELD_EMAIL_ADDRESS, _("Email"), NULL);
  {
    static const PlrLearnerField address_fields[] = {
      PLR_LEARNER_FIELD_ADDRESS_LINE_1, PLR_LEARNER_FIELD_ADDRESS_LINE_2,
      PLR_LEARNER_FIELD_ADDRESS_TOWN, PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY,
      PLR_LEARNER_FIELD_POST_CODE,
    };
    g_autoptr(GString) address = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (address_fields); i++)
      {
        const char *line = plr_learner_get_value (learner, address_fields[i]);

        if (line == NULL || line[0] == '\0')
          continue;
        if (address->len > 0)
          g_string_append_c (address, '\n');
        g_string_append (address, line);
      }
    add_row (self, self->contact_group, _("Last known address"), address->str, NULL);
  }
  add_field (self, self->contact_group, PLR_LEARNER_FIELD_DATE_OF_ADDRESS_CAPTURE,
             _("Address recorded on"), NULL);

  add_fetched_at (self);
  add_row (self, self->record_group, _("Sharing"), describe_ability_to_share (sharing),
           _("Whether organisations may be given your learning events."));
  add_field (self, self->record_group, PLR_LEARNER_FIELD_LEARNER_STATUS, _("Learner status"),
             _("As the code the LRS holds: what each code means is not published."));
  add_field (self, self->record_group, PLR_LEARNER_FIELD_CREATED_DATE, _("Record created"),
             NULL);
  add_field (self, self->record_group, PLR_LEARNER_FIELD_LAST_UPDATED_DATE,
             _("Record last changed"), NULL);
  add_field (self, self->record_group, PLR_LEARNER_FIELD_VERSION_NUMBER, _("Version"), NULL);
  add_retention (self);
}

static void
plr_personal_details_page_dispose (GObject *object)
{
  PlrPersonalDetailsPage *self = (PlrPersonalDetailsPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_PERSONAL_DETAILS_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (plr_personal_details_page_parent_class)->dispose (object);
}

static void
plr_personal_details_page_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  PlrPersonalDetailsPage *self = PLR_PERSONAL_DETAILS_PAGE (object);

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
plr_personal_details_page_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  PlrPersonalDetailsPage *self = PLR_PERSONAL_DETAILS_PAGE (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      plr_personal_details_page_set_record (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_personal_details_page_class_init (PlrPersonalDetailsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_personal_details_page_dispose;
  object_class->get_property = plr_personal_details_page_get_property;
  object_class->set_property = plr_personal_details_page_set_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, PLR_TYPE_RECORD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-personal-details-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, PlrPersonalDetailsPage, page);
  gtk_widget_class_bind_template_child (widget_class, PlrPersonalDetailsPage, merged_group);
  gtk_widget_class_bind_template_child (widget_class, PlrPersonalDetailsPage, merged_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPersonalDetailsPage, identity_group);
  gtk_widget_class_bind_template_child (widget_class, PlrPersonalDetailsPage, names_group);
  gtk_widget_class_bind_template_child (widget_class, PlrPersonalDetailsPage, contact_group);
  gtk_widget_class_bind_template_child (widget_class, PlrPersonalDetailsPage, record_group);

  g_type_ensure (PLR_TYPE_FIELD_ROW);
}

static void
plr_personal_details_page_init (PlrPersonalDetailsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

/**
 * plr_personal_details_page_set_record:
 * @self: a #PlrPersonalDetailsPage
 * @record: (nullable): the record whose learner to show
 */
void
plr_personal_details_page_set_record (PlrPersonalDetailsPage *self,
                                      PlrRecord              *record)
{
  g_return_if_fail (PLR_IS_PERSONAL_DETAILS_PAGE (self));

  clear_rows (self);
  g_set_object (&self->record, record);
  gtk_widget_set_visible (GTK_WIDGET (self->merged_group), FALSE);

  if (record != NULL)
    show_record (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}
