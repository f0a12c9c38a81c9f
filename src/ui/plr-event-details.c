/* plr-event-details.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-event-details"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "plr-date.h"
#include "plr-application.h"
#include "plr-event-details.h"
#include "plr-field-row.h"
#include "plr-grade.h"
#include "plr-identifiers.h"
#include "plr-text.h"

/* Everything the record says about one learning event: learner-friendly
 * labels with what the values mean, anything worth checking, what changed
 * since the last fetch, and every field as the LRS names and holds it.
 * Status, CollectionType, Restriction and ReturnNumber are shown as held:
 * their meanings are not published, so they are never interpreted. */
struct _PlrEventDetails
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkScrolledWindow    *scrolled_window;
  GtkLabel             *subject_label;
  GtkLabel             *summary_label;
  GtkWidget            *hidden_marks_icon;
  GtkWidget            *grade_box;
  GtkLabel             *grade_label;
  AdwPreferencesGroup  *warnings_group;
  AdwPreferencesGroup  *changes_group;
  AdwPreferencesGroup  *achievement_group;
  AdwPreferencesGroup  *recorded_group;
  AdwExpanderRow       *codes_row;
  GtkWidget            *challenge_button;

  /* Owned */
  PlrLearningEvent     *event;
  GPtrArray            *rows;        /* (GtkWidget *) rows added for the event, with their group */
};

G_DEFINE_FINAL_TYPE (PlrEventDetails, plr_event_details, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------------ */
/* Words                                                                    */

static const char *
field_label (PlrEventField field)
{
  switch (field)
    {
    case PLR_EVENT_FIELD_ID: return _("LRS entry number");
    case PLR_EVENT_FIELD_SUBJECT: return _("Subject");
    case PLR_EVENT_FIELD_SUBJECT_CODE: return _("Qualification or unit code");
    case PLR_EVENT_FIELD_QUALIFICATION_TYPE: return _("Qualification type");
    case PLR_EVENT_FIELD_LEVEL: return _("Level");
    case PLR_EVENT_FIELD_GRADE: return _("Grade");
    case PLR_EVENT_FIELD_CREDITS: return _("Credits");
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE: return _("Awarded on");
    case PLR_EVENT_FIELD_PARTICIPATION_START_DATE: return _("Started");
    case PLR_EVENT_FIELD_PARTICIPATION_END_DATE: return _("Finished");
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME: return _("Awarding organisation");
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN: return _("Awarding organisation’s UKPRN");
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME: return _("Learning provider");
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN: return _("Learning provider’s UKPRN");
    case PLR_EVENT_FIELD_SOURCE: return _("Source");
    case PLR_EVENT_FIELD_DATE_LOADED: return _("Added to the LRS");
    case PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT: return _("Language of assessment");
    case PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE: return _("Under data challenge");
    case PLR_EVENT_FIELD_STATUS: return _("Status");
    case PLR_EVENT_FIELD_COLLECTION_TYPE: return _("Collection type");
    case PLR_EVENT_FIELD_RESTRICTION: return _("Restriction");
    case PLR_EVENT_FIELD_RETURN_NUMBER: return _("Return number");
    case PLR_EVENT_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/* The qualification levels of England, Wales and Northern Ireland, as
 * GOV.UK explains them ("What qualification levels mean"). */
static const char *
explain_level (const char *level)
{
  static const struct { const char *level; const char *meaning; } levels[] = {
    { "Entry Level", N_("The first steps: entry level certificates and functional skills at entry level.") },
    { "Level 1", N_("Like GCSE grades 3, 2 and 1 (D to G).") },
    { "Level 1/2", N_("Spans levels 1 and 2, like a GCSE graded 9 to 1.") },
    { "Level 2", N_("Like GCSE grades 9 to 4 (A* to C).") },
    { "Level 3", N_("Like A levels.") },
    { "Level 4", N_("Like a Higher National Certificate (HNC) or a first year at university.") },
    { "Level 5", N_("Like a foundation degree or a Higher National Diploma (HND).") },
    { "Level 6", N_("Like a bachelor’s degree.") },
    { "Level 7", N_("Like a master’s degree.") },
    { "Level 8", N_("Like a doctorate.") },
  };

  if (level == NULL)
    return _("The record gives no level for this entry.");

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_ascii_strcasecmp (level, levels[i].level) == 0)
      return _(levels[i].meaning);

  return NULL;
}

static const char *
explain_source (const char *source)
{
  if (g_strcmp0 (source, "ILR") == 0)
    return _("ILR: the Individualised Learner Record, which your school, college or training "
             "provider sends in.");
  if (g_strcmp0 (source, "NPD") == 0)
    return _("NPD: the National Pupil Database, which holds exam results from schools.");
  if (g_strcmp0 (source, "AO") == 0)
    return _("AO: sent in directly by the awarding organisation.");
  if (g_strcmp0 (source, "QCFU") == 0)
    return _("QCFU: a unit of the Qualifications and Credit Framework.");

  return _("Where the Learning Records Service got this entry.");
}

static char *
format_date (const char *value)
{
  int year, month, day;

  if (value == NULL)
    return NULL;
  if (!plr_field_parse_date (value, &year, &month, &day))
    return g_strdup (value);

  return plr_date_format_long_ymd (year, month, day);
}

static char *
format_value (PlrLearningEvent *event,
              PlrEventField     field)
{
  const char *value = plr_learning_event_get_value (event, field);

  switch (field)
    {
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE:
    case PLR_EVENT_FIELD_PARTICIPATION_START_DATE:
    case PLR_EVENT_FIELD_PARTICIPATION_END_DATE:
    case PLR_EVENT_FIELD_DATE_LOADED:
      return format_date (value);
    case PLR_EVENT_FIELD_GRADE:
      if (plr_grade_get_scale (value) == PLR_GRADE_SCALE_NONE)
        return g_strdup (_("No grade recorded"));
      return g_strdup (value);
    case PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE:
      if (g_strcmp0 (value, "Y") == 0)
        return g_strdup (_("Yes"));
      if (g_strcmp0 (value, "N") == 0)
        return g_strdup (_("No"));
      return g_strdup (value);
    case PLR_EVENT_FIELD_ID:
    case PLR_EVENT_FIELD_SUBJECT:
    case PLR_EVENT_FIELD_SUBJECT_CODE:
    case PLR_EVENT_FIELD_QUALIFICATION_TYPE:
    case PLR_EVENT_FIELD_LEVEL:
    case PLR_EVENT_FIELD_CREDITS:
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME:
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN:
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME:
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN:
    case PLR_EVENT_FIELD_SOURCE:
    case PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT:
    case PLR_EVENT_FIELD_STATUS:
    case PLR_EVENT_FIELD_COLLECTION_TYPE:
    case PLR_EVENT_FIELD_RESTRICTION:
    case PLR_EVENT_FIELD_RETURN_NUMBER:
    case PLR_EVENT_N_FIELDS:
    default:
      /* Isolated when it holds direction-changing characters. */
      return plr_text_display (value);
    }
}

static const char *
explain_ukprn (const char *ukprn)
{
  switch (plr_ukprn_check (ukprn))
    {
    case PLR_UKPRN_VALID:
      return _("The UK Provider Reference Number: the organisation’s number in the UK Register "
               "of Learning Providers.");
    case PLR_UKPRN_SHORT:
      return _("Shorter than the usual 8 digits. Older LRS entries hold numbers like this.");
    case PLR_UKPRN_UNKNOWN:
      return _("The LRS does not know the organisation’s number.");
    case PLR_UKPRN_MALFORMED:
    default:
      return _("Not the usual form of a UK Provider Reference Number (8 digits).");
    }
}

static char *
explain (PlrLearningEvent *event,
         PlrEventField     field)
{
  const char *value = plr_learning_event_get_value (event, field);

  switch (field)
    {
    case PLR_EVENT_FIELD_LEVEL:
      return g_strdup (explain_level (value));
    case PLR_EVENT_FIELD_SOURCE:
      return g_strdup (explain_source (value));
    case PLR_EVENT_FIELD_GRADE:
      if (g_strcmp0 (value, PLR_GRADE_PLACEHOLDER) == 0)
        return g_strdup (_("The record holds 9999999999, the placeholder the Individualised "
                           "Learner Record uses when no grade was recorded."));
      return NULL;
    case PLR_EVENT_FIELD_SUBJECT_CODE:
      switch (plr_subject_code_check (value))
        {
        case PLR_SUBJECT_CODE_AIM:
          return g_strdup (_("The qualification number (learning aim reference), without "
                             "slashes."));
        case PLR_SUBJECT_CODE_QN:
          return g_strdup (_("The qualification number."));
        case PLR_SUBJECT_CODE_UNIT:
          return g_strdup (_("The reference of a unit of a qualification."));
        case PLR_SUBJECT_CODE_UNKNOWN:
        default:
          return NULL;
        }
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN:
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN:
      return value ? g_strdup (explain_ukprn (value)) : NULL;
    case PLR_EVENT_FIELD_CREDITS:
      return g_strdup (_("Credit values of the Qualifications and Credit Framework; often 0."));
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME:
      return g_strdup (_("The exam board or body that awarded it."));
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME:
      return g_strdup (_("The school, college or training provider that recorded it."));
    case PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE:
      if (g_strcmp0 (value, "Y") == 0)
        return g_strdup (_("Someone has asked for this entry to be corrected, and the LRS "
                           "marks it as being checked."));
      return NULL;
    case PLR_EVENT_FIELD_STATUS:
    case PLR_EVENT_FIELD_COLLECTION_TYPE:
    case PLR_EVENT_FIELD_RESTRICTION:
    case PLR_EVENT_FIELD_RETURN_NUMBER:
      return g_strdup (_("Shown as the LRS holds it: what this code means is not published."));
    case PLR_EVENT_FIELD_ID:
    case PLR_EVENT_FIELD_SUBJECT:
    case PLR_EVENT_FIELD_QUALIFICATION_TYPE:
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE:
    case PLR_EVENT_FIELD_PARTICIPATION_START_DATE:
    case PLR_EVENT_FIELD_PARTICIPATION_END_DATE:
    case PLR_EVENT_FIELD_DATE_LOADED:
    case PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT:
    case PLR_EVENT_N_FIELDS:
    default:
      return NULL;
    }
}

static const struct
{
  PlrEventWarnings  warning;
  const char       *title;
  const char       *explanation;
} warnings[] = {
  { PLR_EVENT_WARNING_NO_GRADE_RECORDED, N_("No grade recorded"),
    N_("If you were awarded a grade, ask your learning provider to check it.") },
  { PLR_EVENT_WARNING_FUTURE_AWARD_DATE, N_("Awarded on a date still to come"),
    N_("The LRS holds some dates like this. If it is wrong, your learning provider can ask "
       "for it to be corrected.") },
  { PLR_EVENT_WARNING_UNKNOWN_AWARDING_ORGANISATION, N_("Awarding organisation unknown"),
    N_("The LRS does not say who awarded this.") },
  { PLR_EVENT_WARNING_UNUSUAL_UKPRN, N_("Unusual organisation number"),
    N_("A UK Provider Reference Number here is not the usual 8 digits. Older entries often "
       "hold numbers like this; it does not mean the entry is wrong.") },
  { PLR_EVENT_WARNING_UNUSUAL_SUBJECT_CODE, N_("Unusual qualification code"),
    N_("The code is not in a form we recognise.") },
  { PLR_EVENT_WARNING_DATES_OUT_OF_ORDER, N_("Finished before it started"),
    N_("The dates you took part are the wrong way round.") },
};

/* ------------------------------------------------------------------------ */

/* An accepted data challenge of the learner's whose correction this entry
 * now holds, from the application's store. */
static gboolean
is_corrected_after_challenge (PlrLearningEvent *event)
{
  GApplication *application = g_application_get_default ();
  g_autoptr(GPtrArray) challenges = NULL;
  PlrStore *store;

  if (!PLR_IS_APPLICATION (application))
    return FALSE;
  store = plr_application_get_store (PLR_APPLICATION (application));
  if (store == NULL)
    return FALSE;

  challenges = plr_store_list_challenges (store, NULL);
  for (guint i = 0; challenges != NULL && i < challenges->len; i++)
    if (plr_challenge_is_corrected_by (g_ptr_array_index (challenges, i), event))
      return TRUE;

  return FALSE;
}

static void
clear_rows (PlrEventDetails *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *parent = g_object_get_data (G_OBJECT (row), "plr-group");

      if (ADW_IS_EXPANDER_ROW (parent))
        adw_expander_row_remove (ADW_EXPANDER_ROW (parent), row);
      else
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (parent), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
add_row (PlrEventDetails *self,
         GtkWidget       *group,
         const char      *title,
         const char      *value,
         const char      *explanation)
{
  GtkWidget *row = plr_field_row_new (title, value, explanation);

  g_object_set_data (G_OBJECT (row), "plr-group", group);
  if (ADW_IS_EXPANDER_ROW (group))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (group), row);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->rows, row);

  return row;
}

static void
add_field (PlrEventDetails     *self,
           AdwPreferencesGroup *group,
           PlrEventField        field)
{
  g_autofree char *value = format_value (self->event, field);
  g_autofree char *explanation = explain (self->event, field);

  add_row (self, GTK_WIDGET (group), field_label (field), value, explanation);
}

static void
show_changes (PlrEventDetails  *self,
              PlrRecordChanges *changes)
{
  PlrLearningEvent *old_event = NULL;
  gboolean added = FALSE;
  guint64 mask = 0;
  guint n = 0;

  if (changes == NULL ||
      !plr_record_changes_lookup (changes, self->event, &added, &old_event, &mask))
    return;

  if (added)
    {
      if (!plr_record_diff_is_first (plr_record_changes_get_diff (changes)))
        {
          GtkWidget *row = add_row (self, GTK_WIDGET (self->changes_group), _("New"),
                                    _("Added to your record in the last fetch"), NULL);
          plr_field_row_set_icon_name (PLR_FIELD_ROW (row), "starred-symbolic");
          n++;
        }
    }
  else
    {
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        {
          g_autofree char *now = NULL;
          g_autofree char *before = NULL;
          g_autofree char *was = NULL;

          if ((mask & (G_GUINT64_CONSTANT (1) << f)) == 0)
            continue;

          now = format_value (self->event, f);
          before = format_value (old_event, f);
          /* Translators: the value a field had before the last fetch */
          was = g_strdup_printf (_("Was: %s"), before ? before : "—");
          add_row (self, GTK_WIDGET (self->changes_group), field_label (f), now, was);
          n++;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), n > 0);
}

static void
show_event (PlrEventDetails  *self,
            PlrRecordChanges *changes)
{
  static const PlrEventField achievement_fields[] = {
    PLR_EVENT_FIELD_SUBJECT,
    PLR_EVENT_FIELD_QUALIFICATION_TYPE,
    PLR_EVENT_FIELD_LEVEL,
    PLR_EVENT_FIELD_GRADE,
    PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
    PLR_EVENT_FIELD_PARTICIPATION_START_DATE,
    PLR_EVENT_FIELD_PARTICIPATION_END_DATE,
    PLR_EVENT_FIELD_CREDITS,
    PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT,
    PLR_EVENT_FIELD_SUBJECT_CODE,
  };
  static const PlrEventField recorded_fields[] = {
    PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
    PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN,
    PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
    PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN,
    PLR_EVENT_FIELD_SOURCE,
    PLR_EVENT_FIELD_DATE_LOADED,
    PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE,
    PLR_EVENT_FIELD_STATUS,
    PLR_EVENT_FIELD_COLLECTION_TYPE,
    PLR_EVENT_FIELD_RESTRICTION,
    PLR_EVENT_FIELD_RETURN_NUMBER,
  };
  PlrLearningEvent *event = self->event;
  PlrEventWarnings found = plr_learning_event_get_warnings (event, NULL);
  const char *type = plr_learning_event_get_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE);
  const char *level = plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL);
  g_autofree char *grade = format_value (event, PLR_EVENT_FIELD_GRADE);
  g_autofree char *awarded = format_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE);
  g_autofree char *summary = NULL;
  g_autofree char *grade_name = NULL;
  g_autofree char *shown_subject = NULL;
  gboolean hidden_marks = FALSE;
  guint n_warnings = 0;

  shown_subject = plr_text_display (plr_learning_event_get_subject (event));
  gtk_label_set_text (self->subject_label, shown_subject);
  summary = g_strjoin (" · ",
                       type ? type : _("Unknown type"),
                       level ? level : _("No level"),
                       awarded ? awarded : _("No award date"),
                       NULL);
  gtk_label_set_text (self->summary_label, summary);

  gtk_label_set_text (self->grade_label,
                      plr_grade_get_scale (plr_learning_event_get_grade (event)) ==
                      PLR_GRADE_SCALE_NONE ? "—" : plr_learning_event_get_grade (event));
  /* Translators: read by screen readers for the large grade, e.g. "Grade: A*" */
  grade_name = g_strdup_printf (_("Grade: %s"), grade);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grade_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, grade_name, -1);

  for (guint i = 0; i < G_N_ELEMENTS (warnings); i++)
    {
      GtkWidget *row;

      if ((found & warnings[i].warning) == 0)
        continue;

      row = add_row (self, GTK_WIDGET (self->warnings_group), _("Worth checking"),
                     _(warnings[i].title), _(warnings[i].explanation));
      plr_field_row_set_icon_name (PLR_FIELD_ROW (row), "dialog-warning-symbolic");
      n_warnings++;
    }

  /* Free text keeps such characters as the record holds them and is shown
   * isolated; the flag says why it may read oddly (docs/record-format.md). */
  for (guint f = 0; f < PLR_EVENT_N_FIELDS && !hidden_marks; f++)
    hidden_marks = plr_text_has_hidden_marks (plr_learning_event_get_value (event, f));
  gtk_widget_set_visible (self->hidden_marks_icon, hidden_marks);
  if (hidden_marks)
    {
      GtkWidget *row;

      row = add_row (self, GTK_WIDGET (self->warnings_group), _("Worth checking"),
                     _("Invisible or direction-changing characters"),
                     _("Some of this entry’s text holds characters that cannot be seen or "
                       "that change the direction of the text. It is shown as the record "
                       "holds it, kept apart so that it cannot change how the rest reads. "
                       "If it looks wrong, ask your learning provider to check it."));
      plr_field_row_set_icon_name (PLR_FIELD_ROW (row), "dialog-warning-symbolic");
      n_warnings++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), n_warnings > 0);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->challenge_button), "x",
                                    plr_learning_event_get_id (event));

  gtk_widget_set_visible (GTK_WIDGET (self->changes_group), FALSE);
  show_changes (self, changes);

  if (is_corrected_after_challenge (event))
    {
      GtkWidget *row = add_row (self, GTK_WIDGET (self->changes_group),
                                _("Corrected after your challenge"),
                                _("Your data challenge was accepted, and this entry now holds "
                                  "the correction."), NULL);
      plr_field_row_set_icon_name (PLR_FIELD_ROW (row), "emblem-ok-symbolic");
      gtk_widget_set_visible (GTK_WIDGET (self->changes_group), TRUE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (achievement_fields); i++)
    add_field (self, self->achievement_group, achievement_fields[i]);
  for (guint i = 0; i < G_N_ELEMENTS (recorded_fields); i++)
    add_field (self, self->recorded_group, recorded_fields[i]);

  /* The raw codes: LRS names, values exactly as held. */
  for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
    {
      const PlrFieldInfo *info = plr_event_field_info (f);
      const char *value = plr_learning_event_get_value (event, f);

      g_autofree char *shown = plr_text_display (value);

      add_row (self, GTK_WIDGET (self->codes_row), info->lrs_name,
               value ? shown : _("(empty)"), NULL);
    }
}

static void
plr_event_details_dispose (GObject *object)
{
  PlrEventDetails *self = (PlrEventDetails *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_EVENT_DETAILS);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (plr_event_details_parent_class)->dispose (object);
}

static void
plr_event_details_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  PlrEventDetails *self = PLR_EVENT_DETAILS (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_event_details_class_init (PlrEventDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_event_details_dispose;
  object_class->get_property = plr_event_details_get_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, PLR_TYPE_LEARNING_EVENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-event-details.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plr-event-details");
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, subject_label);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, grade_box);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, grade_label);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, hidden_marks_icon);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, changes_group);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, achievement_group);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, recorded_group);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, codes_row);
  gtk_widget_class_bind_template_child (widget_class, PlrEventDetails, challenge_button);
}

static void
plr_event_details_init (PlrEventDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/**
 * plr_event_details_set_event:
 * @self: a #PlrEventDetails
 * @event: (nullable): the event to show
 * @changes: (nullable): what changed since the previous fetch
 */
void
plr_event_details_set_event (PlrEventDetails  *self,
                             PlrLearningEvent *event,
                             PlrRecordChanges *changes)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (PLR_IS_EVENT_DETAILS (self));
  g_return_if_fail (event == NULL || PLR_IS_LEARNING_EVENT (event));

  clear_rows (self);
  g_set_object (&self->event, event);

  if (event == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      show_event (self, changes);
      gtk_stack_set_visible_child_name (self->stack, "event");
      adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
      gtk_adjustment_set_value (adjustment, 0);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

/**
 * plr_event_details_get_event:
 * @self: a #PlrEventDetails
 *
 * Returns: (transfer none) (nullable): the event shown
 */
PlrLearningEvent *
plr_event_details_get_event (PlrEventDetails *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_DETAILS (self), NULL);
  return self->event;
}
