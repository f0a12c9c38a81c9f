/* plr-view.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "plr-json.h"
#include "plr-view.h"

/* A configured view: what the learner chooses to share with one recipient.
 * It selects entries (picked by LRS ID, and/or by a rule that re-applies to
 * every new record), the fields of each entry and of the learner, and an
 * order. It holds no personal data itself; plr_view_apply() makes the
 * filtered PlrViewResult that every renderer takes. */
struct _PlrView
{
  GObject       parent_instance;

  char         *name;
  char         *recipient;
  char         *purpose;
  GArray       *picked;    /* gint64 LRS IDs, in the order they were picked */
  GArray       *excluded;  /* gint64 LRS IDs the rule must not bring back */
  char        **qualification_types;
  char         *share_code;
  GDateTime    *share_expires_at;
  guint64       event_fields;
  guint64       learner_fields;
  PlrViewOrder  order;
  int           min_level;
  int           awarded_since;
  guint         use_rule : 1;
  guint         mark_challenged : 1;
};

G_DEFINE_FINAL_TYPE (PlrView, plr_view, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-view-error-quark, plr_view_error)

G_DEFINE_ENUM_TYPE (PlrViewOrder, plr_view_order,
  G_DEFINE_ENUM_VALUE (PLR_VIEW_ORDER_NEWEST_FIRST, "newest-first"),
  G_DEFINE_ENUM_VALUE (PLR_VIEW_ORDER_OLDEST_FIRST, "oldest-first"),
  G_DEFINE_ENUM_VALUE (PLR_VIEW_ORDER_BY_LEVEL, "by-level"))

G_DEFINE_ENUM_TYPE (PlrViewPreset, plr_view_preset,
  G_DEFINE_ENUM_VALUE (PLR_VIEW_PRESET_JOB_APPLICATION, "job-application"),
  G_DEFINE_ENUM_VALUE (PLR_VIEW_PRESET_COLLEGE_APPLICATION, "college-application"),
  G_DEFINE_ENUM_VALUE (PLR_VIEW_PRESET_ONE_QUALIFICATION, "one-qualification"))

enum {
  PROP_0,
  PROP_NAME,
  PROP_RECIPIENT,
  PROP_PURPOSE,
  PROP_USE_RULE,
  PROP_QUALIFICATION_TYPES,
  PROP_MIN_LEVEL,
  PROP_AWARDED_SINCE,
  PROP_EVENT_FIELDS,
  PROP_LEARNER_FIELDS,
  PROP_ORDER,
  PROP_MARK_CHALLENGED,
  PROP_SHARE_CODE,
  PROP_SHARE_EXPIRES_AT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

#define DEFAULT_EVENT_FIELDS                               \
  (BIT (PLR_EVENT_FIELD_SUBJECT) |                         \
   BIT (PLR_EVENT_FIELD_QUALIFICATION_TYPE) |              \
   BIT (PLR_EVENT_FIELD_LEVEL) |                           \
   BIT (PLR_EVENT_FIELD_GRADE) |                           \
   BIT (PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE) |          \
   BIT (PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME))

#define DEFAULT_LEARNER_FIELDS                             \
  (BIT (PLR_LEARNER_FIELD_GIVEN_NAME) | BIT (PLR_LEARNER_FIELD_FAMILY_NAME))

#define ALL_EVENT_FIELDS   ((G_GUINT64_CONSTANT (1) << PLR_EVENT_N_FIELDS) - 1)
#define ALL_LEARNER_FIELDS ((G_GUINT64_CONSTANT (1) << PLR_LEARNER_N_FIELDS) - 1)

#define TEXT_MAX_LENGTH       255
#define SHARE_CODE_MAX_LENGTH 64
#define MAX_ENTRY_IDS         200000
#define MAX_QUALIFICATION_TYPES 100
#define MIN_YEAR              1900
#define MAX_YEAR              9999

static void
changed (PlrView    *self,
         GParamSpec *pspec)
{
  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static gboolean
id_array_contains (GArray *array,
                   gint64  id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static gboolean
id_array_remove (GArray *array,
                 gint64  id)
{
  for (guint i = 0; i < array->len; i++)
    {
      if (g_array_index (array, gint64, i) == id)
        {
          g_array_remove_index (array, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
plr_view_finalize (GObject *object)
{
  PlrView *self = (PlrView *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->picked, g_array_unref);
  g_clear_pointer (&self->excluded, g_array_unref);
  g_clear_pointer (&self->qualification_types, g_strfreev);
  g_clear_pointer (&self->share_code, g_free);
  g_clear_pointer (&self->share_expires_at, g_date_time_unref);

  G_OBJECT_CLASS (plr_view_parent_class)->finalize (object);
}

static void
plr_view_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlrView *self = PLR_VIEW (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_RECIPIENT:
      g_value_set_string (value, self->recipient);
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_USE_RULE:
      g_value_set_boolean (value, self->use_rule);
      break;
    case PROP_QUALIFICATION_TYPES:
      g_value_set_boxed (value, self->qualification_types);
      break;
    case PROP_MIN_LEVEL:
      g_value_set_int (value, self->min_level);
      break;
    case PROP_AWARDED_SINCE:
      g_value_set_int (value, self->awarded_since);
      break;
    case PROP_EVENT_FIELDS:
      g_value_set_uint64 (value, self->event_fields);
      break;
    case PROP_LEARNER_FIELDS:
      g_value_set_uint64 (value, self->learner_fields);
      break;
    case PROP_ORDER:
      g_value_set_enum (value, self->order);
      break;
    case PROP_MARK_CHALLENGED:
      g_value_set_boolean (value, self->mark_challenged);
      break;
    case PROP_SHARE_CODE:
      g_value_set_string (value, self->share_code);
      break;
    case PROP_SHARE_EXPIRES_AT:
      g_value_set_boxed (value, self->share_expires_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_view_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PlrView *self = PLR_VIEW (object);

  switch (prop_id)
    {
    case PROP_NAME:
      plr_view_set_name (self, g_value_get_string (value));
      break;
    case PROP_RECIPIENT:
      plr_view_set_recipient (self, g_value_get_string (value));
      break;
    case PROP_PURPOSE:
      plr_view_set_purpose (self, g_value_get_string (value));
      break;
    case PROP_USE_RULE:
      plr_view_set_use_rule (self, g_value_get_boolean (value));
      break;
    case PROP_QUALIFICATION_TYPES:
      plr_view_set_qualification_types (self, g_value_get_boxed (value));
      break;
    case PROP_MIN_LEVEL:
      plr_view_set_min_level (self, g_value_get_int (value));
      break;
    case PROP_AWARDED_SINCE:
      plr_view_set_awarded_since (self, g_value_get_int (value));
      break;
    case PROP_EVENT_FIELDS:
      plr_view_set_event_fields (self, g_value_get_uint64 (value));
      break;
    case PROP_LEARNER_FIELDS:
      plr_view_set_learner_fields (self, g_value_get_uint64 (value));
      break;
    case PROP_ORDER:
      plr_view_set_order (self, g_value_get_enum (value));
      break;
    case PROP_MARK_CHALLENGED:
      plr_view_set_mark_challenged (self, g_value_get_boolean (value));
      break;
    case PROP_SHARE_CODE:
      plr_view_set_share_code (self, g_value_get_string (value));
      break;
    case PROP_SHARE_EXPIRES_AT:
      plr_view_set_share_expires_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_view_class_init (PlrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_view_finalize;
  object_class->get_property = plr_view_get_property;
  object_class->set_property = plr_view_set_property;

  /**
   * PlrView:name:
   *
   * The learner's own name for the view, for their list of saved views.
   * It is never shown to the recipient.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECIPIENT] =
    g_param_spec_string ("recipient", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PURPOSE] =
    g_param_spec_string ("purpose", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_RULE] =
    g_param_spec_boolean ("use-rule", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUALIFICATION_TYPES] =
    g_param_spec_boxed ("qualification-types", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_LEVEL] =
    g_param_spec_int ("min-level", NULL, NULL,
                      PLR_VIEW_LEVEL_NONE, PLR_VIEW_LEVEL_MAX, PLR_VIEW_LEVEL_NONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AWARDED_SINCE] =
    g_param_spec_int ("awarded-since", NULL, NULL, 0, MAX_YEAR, PLR_VIEW_ANY_YEAR,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENT_FIELDS] =
    g_param_spec_uint64 ("event-fields", NULL, NULL, 0, ALL_EVENT_FIELDS, DEFAULT_EVENT_FIELDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LEARNER_FIELDS] =
    g_param_spec_uint64 ("learner-fields", NULL, NULL, 0, ALL_LEARNER_FIELDS,
                         DEFAULT_LEARNER_FIELDS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER] =
    g_param_spec_enum ("order", NULL, NULL, PLR_TYPE_VIEW_ORDER, PLR_VIEW_ORDER_NEWEST_FIRST,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MARK_CHALLENGED] =
    g_param_spec_boolean ("mark-challenged", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARE_CODE] =
    g_param_spec_string ("share-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARE_EXPIRES_AT] =
    g_param_spec_boxed ("share-expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlrView::changed:
   *
   * Emitted after any part of the definition changed, including the picked
   * entries, which have no property. A saved view is written again on it.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
plr_view_init (PlrView *self)
{
  self->picked = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->excluded = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->event_fields = DEFAULT_EVENT_FIELDS;
  self->learner_fields = DEFAULT_LEARNER_FIELDS;
  self->order = PLR_VIEW_ORDER_NEWEST_FIRST;
  self->min_level = PLR_VIEW_LEVEL_NONE;
  self->awarded_since = PLR_VIEW_ANY_YEAR;
  self->mark_challenged = TRUE;
}

/**
 * plr_view_new:
 *
 * A view that covers no entries yet, with the default fields: subject,
 * qualification type, level, grade, award date and awarding organisation,
 * and the learner's given and family names.
 *
 * Returns: (transfer full): a new #PlrView
 */
PlrView *
plr_view_new (void)
{
  return g_object_new (PLR_TYPE_VIEW, NULL);
}

/**
 * plr_view_new_preset:
 * @preset: a #PlrViewPreset
 *
 * A job application covers every entry with the default fields, newest
 * first. A college application covers every entry, adds the provider and
 * the dates of participation, and groups the entries by level. One
 * qualification covers nothing until the caller picks the entry with
 * plr_view_pick_entry(), and adds the subject code.
 *
 * Returns: (transfer full): a new #PlrView
 */
PlrView *
plr_view_new_preset (PlrViewPreset preset)
{
  PlrView *self = plr_view_new ();

  switch (preset)
    {
    case PLR_VIEW_PRESET_JOB_APPLICATION:
      self->name = g_strdup (_("Job application"));
      self->purpose = g_strdup (_("Job application"));
      self->use_rule = TRUE;
      break;

    case PLR_VIEW_PRESET_COLLEGE_APPLICATION:
      self->name = g_strdup (_("College application"));
      self->purpose = g_strdup (_("College application"));
      self->use_rule = TRUE;
      self->event_fields |= BIT (PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME) |
                            BIT (PLR_EVENT_FIELD_PARTICIPATION_START_DATE) |
                            BIT (PLR_EVENT_FIELD_PARTICIPATION_END_DATE);
      self->order = PLR_VIEW_ORDER_BY_LEVEL;
      break;

    case PLR_VIEW_PRESET_ONE_QUALIFICATION:
      self->name = g_strdup (_("One qualification"));
      self->event_fields |= BIT (PLR_EVENT_FIELD_SUBJECT_CODE);
      break;

    default:
      g_return_val_if_reached (self);
    }

  return self;
}

/**
 * plr_view_copy:
 * @self: a #PlrView
 *
 * Returns: (transfer full): a copy of the whole definition
 */
PlrView *
plr_view_copy (PlrView *self)
{
  PlrView *copy;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);

  copy = plr_view_new ();
  copy->name = g_strdup (self->name);
  copy->recipient = g_strdup (self->recipient);
  copy->purpose = g_strdup (self->purpose);
  g_array_append_vals (copy->picked, self->picked->data, self->picked->len);
  g_array_append_vals (copy->excluded, self->excluded->data, self->excluded->len);
  copy->qualification_types = g_strdupv (self->qualification_types);
  copy->share_code = g_strdup (self->share_code);
  copy->share_expires_at = self->share_expires_at ?
                           g_date_time_ref (self->share_expires_at) : NULL;
  copy->event_fields = self->event_fields;
  copy->learner_fields = self->learner_fields;
  copy->order = self->order;
  copy->min_level = self->min_level;
  copy->awarded_since = self->awarded_since;
  copy->use_rule = self->use_rule;
  copy->mark_challenged = self->mark_challenged;

  return copy;
}

const char *
plr_view_get_name (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  return self->name;
}

void
plr_view_set_name (PlrView    *self,
                   const char *name)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  if (replace_string (&self->name, name))
    changed (self, properties[PROP_NAME]);
}

const char *
plr_view_get_recipient (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  return self->recipient;
}

void
plr_view_set_recipient (PlrView    *self,
                        const char *recipient)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  if (replace_string (&self->recipient, recipient))
    changed (self, properties[PROP_RECIPIENT]);
}

const char *
plr_view_get_purpose (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  return self->purpose;
}

void
plr_view_set_purpose (PlrView    *self,
                      const char *purpose)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  if (replace_string (&self->purpose, purpose))
    changed (self, properties[PROP_PURPOSE]);
}

/**
 * plr_view_pick_entry:
 * @self: a #PlrView
 * @lrs_id: the LRS ID of a learning event
 *
 * Covers the entry whatever the rule says, and takes it off the list of
 * entries the learner unpicked.
 */
void
plr_view_pick_entry (PlrView *self,
                     gint64   lrs_id)
{
  gboolean was_excluded;

  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail (lrs_id >= 0);

  was_excluded = id_array_remove (self->excluded, lrs_id);
  if (!id_array_contains (self->picked, lrs_id))
    g_array_append_val (self->picked, lrs_id);
  else if (!was_excluded)
    return;

  changed (self, NULL);
}

/**
 * plr_view_unpick_entry:
 * @self: a #PlrView
 * @lrs_id: the LRS ID of a learning event
 *
 * Stops covering the entry, even when the rule matches it; new records
 * will not bring it back.
 */
void
plr_view_unpick_entry (PlrView *self,
                       gint64   lrs_id)
{
  gboolean was_picked;

  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail (lrs_id >= 0);

  was_picked = id_array_remove (self->picked, lrs_id);
  if (!id_array_contains (self->excluded, lrs_id))
    g_array_append_val (self->excluded, lrs_id);
  else if (!was_picked)
    return;

  changed (self, NULL);
}

/**
 * plr_view_clear_entries:
 * @self: a #PlrView
 *
 * Forgets every picked and unpicked entry; the rule is kept.
 */
void
plr_view_clear_entries (PlrView *self)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  if (self->picked->len == 0 && self->excluded->len == 0)
    return;

  g_array_set_size (self->picked, 0);
  g_array_set_size (self->excluded, 0);
  changed (self, NULL);
}

/**
 * plr_view_get_picked_entries:
 * @self: a #PlrView
 * @n_entries: (out): the number of IDs
 *
 * Returns: (transfer none) (array length=n_entries): the LRS IDs picked one by one
 */
const gint64 *
plr_view_get_picked_entries (PlrView *self,
                             guint   *n_entries)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  g_return_val_if_fail (n_entries != NULL, NULL);

  *n_entries = self->picked->len;
  return (const gint64 *) self->picked->data;
}

/**
 * plr_view_get_excluded_entries:
 * @self: a #PlrView
 * @n_entries: (out): the number of IDs
 *
 * Returns: (transfer none) (array length=n_entries): the LRS IDs the learner unpicked
 */
const gint64 *
plr_view_get_excluded_entries (PlrView *self,
                               guint   *n_entries)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  g_return_val_if_fail (n_entries != NULL, NULL);

  *n_entries = self->excluded->len;
  return (const gint64 *) self->excluded->data;
}

gboolean
plr_view_get_use_rule (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), FALSE);
  return self->use_rule;
}

/**
 * plr_view_set_use_rule:
 * @self: a #PlrView
 * @use_rule: whether the rule picks entries
 *
 * With the rule on, the view covers every entry that matches all of its
 * criteria (qualification types, minimum level, awarded since); a rule
 * with no criteria covers every entry.
 */
void
plr_view_set_use_rule (PlrView  *self,
                       gboolean  use_rule)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  use_rule = !!use_rule;
  if (self->use_rule == (guint) use_rule)
    return;

  self->use_rule = use_rule;
  changed (self, properties[PROP_USE_RULE]);
}

/**
 * plr_view_get_qualification_types:
 * @self: a #PlrView
 *
 * Returns: (transfer none) (nullable): the types the rule accepts, or %NULL for any
 */
const char * const *
plr_view_get_qualification_types (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  return (const char * const *) self->qualification_types;
}

/**
 * plr_view_set_qualification_types:
 * @self: a #PlrView
 * @types: (nullable) (array zero-terminated=1): qualification types, or
 *   %NULL or an empty list for any type
 *
 * The rule accepts an entry whose qualification type equals one of @types,
 * ignoring case.
 */
void
plr_view_set_qualification_types (PlrView            *self,
                                  const char * const *types)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  if (types != NULL && types[0] == NULL)
    types = NULL;

  if (types == NULL && self->qualification_types == NULL)
    return;
  if (types != NULL && self->qualification_types != NULL &&
      g_strv_equal ((const char * const *) self->qualification_types, types))
    return;

  g_strfreev (self->qualification_types);
  self->qualification_types = g_strdupv ((char **) types);
  changed (self, properties[PROP_QUALIFICATION_TYPES]);
}

int
plr_view_get_min_level (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), PLR_VIEW_LEVEL_NONE);
  return self->min_level;
}

/**
 * plr_view_set_min_level:
 * @self: a #PlrView
 * @level: a level ordinal (%PLR_VIEW_LEVEL_ENTRY to %PLR_VIEW_LEVEL_MAX), or
 *   %PLR_VIEW_LEVEL_NONE for any level
 *
 * The rule accepts an entry whose level, as plr_view_parse_level() reads
 * it, is at least @level. An entry with no level, or one that cannot be
 * read, does not match a minimum level.
 */
void
plr_view_set_min_level (PlrView *self,
                        int      level)
{
  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail (level >= PLR_VIEW_LEVEL_NONE && level <= PLR_VIEW_LEVEL_MAX);

  if (self->min_level == level)
    return;

  self->min_level = level;
  changed (self, properties[PROP_MIN_LEVEL]);
}

int
plr_view_get_awarded_since (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), PLR_VIEW_ANY_YEAR);
  return self->awarded_since;
}

/**
 * plr_view_set_awarded_since:
 * @self: a #PlrView
 * @year: a year, or %PLR_VIEW_ANY_YEAR
 *
 * The rule accepts an entry awarded in @year or later. An entry with no
 * award date does not match.
 */
void
plr_view_set_awarded_since (PlrView *self,
                            int      year)
{
  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail (year == PLR_VIEW_ANY_YEAR || (year >= MIN_YEAR && year <= MAX_YEAR));

  if (self->awarded_since == year)
    return;

  self->awarded_since = year;
  changed (self, properties[PROP_AWARDED_SINCE]);
}

/**
 * plr_view_get_event_fields:
 * @self: a #PlrView
 *
 * Returns: the chosen #PlrEventField values as a bit mask (PLR_VIEW_FIELD_BIT())
 */
guint64
plr_view_get_event_fields (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), 0);
  return self->event_fields;
}

void
plr_view_set_event_fields (PlrView *self,
                           guint64  fields)
{
  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail ((fields & ~ALL_EVENT_FIELDS) == 0);

  if (self->event_fields == fields)
    return;

  self->event_fields = fields;
  changed (self, properties[PROP_EVENT_FIELDS]);
}

gboolean
plr_view_has_event_field (PlrView       *self,
                          PlrEventField  field)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), FALSE);
  g_return_val_if_fail ((guint) field < PLR_EVENT_N_FIELDS, FALSE);

  return (self->event_fields & BIT (field)) != 0;
}

void
plr_view_set_event_field (PlrView       *self,
                          PlrEventField  field,
                          gboolean       chosen)
{
  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail ((guint) field < PLR_EVENT_N_FIELDS);

  if (chosen)
    plr_view_set_event_fields (self, self->event_fields | BIT (field));
  else
    plr_view_set_event_fields (self, self->event_fields & ~BIT (field));
}

/**
 * plr_view_get_learner_fields:
 * @self: a #PlrView
 *
 * Returns: the chosen #PlrLearnerField values as a bit mask (PLR_VIEW_FIELD_BIT())
 */
guint64
plr_view_get_learner_fields (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), 0);
  return self->learner_fields;
}

void
plr_view_set_learner_fields (PlrView *self,
                             guint64  fields)
{
  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail ((fields & ~ALL_LEARNER_FIELDS) == 0);

  if (self->learner_fields == fields)
    return;

  self->learner_fields = fields;
  changed (self, properties[PROP_LEARNER_FIELDS]);
}

gboolean
plr_view_has_learner_field (PlrView         *self,
                            PlrLearnerField  field)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), FALSE);
  g_return_val_if_fail ((guint) field < PLR_LEARNER_N_FIELDS, FALSE);

  return (self->learner_fields & BIT (field)) != 0;
}

void
plr_view_set_learner_field (PlrView         *self,
                            PlrLearnerField  field,
                            gboolean         chosen)
{
  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail ((guint) field < PLR_LEARNER_N_FIELDS);

  if (chosen)
    plr_view_set_learner_fields (self, self->learner_fields | BIT (field));
  else
    plr_view_set_learner_fields (self, self->learner_fields & ~BIT (field));
}

PlrViewOrder
plr_view_get_order (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), PLR_VIEW_ORDER_NEWEST_FIRST);
  return self->order;
}

void
plr_view_set_order (PlrView      *self,
                    PlrViewOrder  order)
{
  g_return_if_fail (PLR_IS_VIEW (self));
  g_return_if_fail (order <= PLR_VIEW_ORDER_BY_LEVEL);

  if (self->order == order)
    return;

  self->order = order;
  changed (self, properties[PROP_ORDER]);
}

gboolean
plr_view_get_mark_challenged (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), TRUE);
  return self->mark_challenged;
}

/**
 * plr_view_set_mark_challenged:
 * @self: a #PlrView
 * @mark_challenged: whether to mark entries under data challenge
 *
 * When on (the default), every covered entry carries whether the LRS marks
 * it as under data challenge, even if the field itself was not chosen, so a
 * recipient is never misled by an entry that may be corrected. Nothing else
 * about the entry is revealed by it.
 */
void
plr_view_set_mark_challenged (PlrView  *self,
                              gboolean  mark_challenged)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  mark_challenged = !!mark_challenged;
  if (self->mark_challenged == (guint) mark_challenged)
    return;

  self->mark_challenged = mark_challenged;
  changed (self, properties[PROP_MARK_CHALLENGED]);
}

const char *
plr_view_get_share_code (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  return self->share_code;
}

void
plr_view_set_share_code (PlrView    *self,
                         const char *share_code)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  if (replace_string (&self->share_code, share_code))
    changed (self, properties[PROP_SHARE_CODE]);
}

/**
 * plr_view_get_share_expires_at:
 * @self: a #PlrView
 *
 * Returns: (transfer none) (nullable): when the share stops working
 */
GDateTime *
plr_view_get_share_expires_at (PlrView *self)
{
  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  return self->share_expires_at;
}

void
plr_view_set_share_expires_at (PlrView   *self,
                               GDateTime *expires_at)
{
  g_return_if_fail (PLR_IS_VIEW (self));

  if (self->share_expires_at == expires_at ||
      (self->share_expires_at != NULL && expires_at != NULL &&
       g_date_time_equal (self->share_expires_at, expires_at)))
    return;

  g_clear_pointer (&self->share_expires_at, g_date_time_unref);
  if (expires_at != NULL)
    self->share_expires_at = g_date_time_ref (expires_at);
  changed (self, properties[PROP_SHARE_EXPIRES_AT]);
}

/* ------------------------------------------------------------------------ */
/* Levels                                                                    */

/**
 * plr_view_parse_level:
 * @level: (nullable): an LRS level: "Entry Level", "Level 1/2", "Level 3", ...
 *
 * Reads a level as an ordinal for the minimum-level rule and for grouping:
 * anything with "Entry" is %PLR_VIEW_LEVEL_ENTRY (0); "Level N" is N; a
 * combined level such as "Level 1/2" counts as its higher level (2), so
 * that a rule asking for level 2 and above keeps GCSEs; a bare digit is
 * that level. Levels run from 1 to 8. Anything else, and no level, is
 * %PLR_VIEW_LEVEL_NONE. The mapping is documented in docs/view-format.md.
 *
 * Returns: the level ordinal, or %PLR_VIEW_LEVEL_NONE
 */
int
plr_view_parse_level (const char *level)
{
  g_autofree char *lower = NULL;
  const char *p;
  gboolean bare = FALSE;
  int best = PLR_VIEW_LEVEL_NONE;

  if (level == NULL)
    return PLR_VIEW_LEVEL_NONE;

  lower = g_strstrip (g_ascii_strdown (level, -1));
  if (strstr (lower, "entry") != NULL)
    return PLR_VIEW_LEVEL_ENTRY;

  p = strstr (lower, "level");
  if (p != NULL)
    {
      p += strlen ("level");
      while (*p == ' ')
        p++;
    }
  else
    {
      p = lower;
      bare = TRUE;
    }

  /* "N", "N/M" or "N-M": the highest of the numbers */
  while (g_ascii_isdigit (*p))
    {
      int n = 0;

      while (g_ascii_isdigit (*p) && n < 100)
        n = n * 10 + (*p++ - '0');

      if (n < 1 || n > PLR_VIEW_LEVEL_MAX)
        return PLR_VIEW_LEVEL_NONE;
      best = MAX (best, n);

      if ((*p == '/' || *p == '-') && g_ascii_isdigit (p[1]))
        p++;
      else
        break;
    }

  /* A bare number must be nothing but the number. */
  if (bare && *p != '\0')
    return PLR_VIEW_LEVEL_NONE;

  return best;
}

/* ------------------------------------------------------------------------ */
/* Against a record                                                          */

static gboolean
rule_matches (PlrView          *self,
              PlrLearningEvent *event)
{
  if (self->qualification_types != NULL)
    {
      const char *type = plr_learning_event_get_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE);
      g_autofree char *folded = NULL;
      gboolean found = FALSE;

      if (type == NULL)
        return FALSE;

      folded = g_utf8_casefold (type, -1);
      for (guint i = 0; self->qualification_types[i] != NULL && !found; i++)
        {
          g_autofree char *wanted = g_utf8_casefold (self->qualification_types[i], -1);

          found = strcmp (folded, wanted) == 0;
        }
      if (!found)
        return FALSE;
    }

  if (self->min_level != PLR_VIEW_LEVEL_NONE)
    {
      int level = plr_view_parse_level (plr_learning_event_get_value (event,
                                                                      PLR_EVENT_FIELD_LEVEL));

      if (level == PLR_VIEW_LEVEL_NONE || level < self->min_level)
        return FALSE;
    }

  if (self->awarded_since != PLR_VIEW_ANY_YEAR)
    {
      int year;

      if (!plr_field_parse_date (plr_learning_event_get_award_date (event), &year, NULL, NULL) ||
          year < self->awarded_since)
        return FALSE;
    }

  return TRUE;
}

/**
 * plr_view_covers_event:
 * @self: a #PlrView
 * @event: a learning event
 *
 * Returns: %TRUE if the view shares @event: it was picked, or the rule is
 *   on and matches it, and the learner did not unpick it
 */
gboolean
plr_view_covers_event (PlrView          *self,
                       PlrLearningEvent *event)
{
  gint64 id;

  g_return_val_if_fail (PLR_IS_VIEW (self), FALSE);
  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (event), FALSE);

  id = plr_learning_event_get_id (event);
  if (id_array_contains (self->excluded, id))
    return FALSE;
  if (id_array_contains (self->picked, id))
    return TRUE;

  return self->use_rule && rule_matches (self, event);
}

typedef struct
{
  PlrLearningEvent *event;
  const char       *award_date;
  const char       *level;
  int               level_ordinal;
  guint             position;
} SortItem;

static int
compare_dates (const char   *a,
               const char   *b,
               PlrViewOrder  order)
{
  /* no date sorts last either way */
  if (a == NULL || b == NULL)
    return (a == NULL) - (b == NULL);

  return order == PLR_VIEW_ORDER_OLDEST_FIRST ? strcmp (a, b) : strcmp (b, a);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const SortItem *x = a;
  const SortItem *y = b;
  PlrViewOrder order = GPOINTER_TO_INT (user_data);
  int cmp;

  if (order == PLR_VIEW_ORDER_BY_LEVEL)
    {
      if (x->level_ordinal != y->level_ordinal)
        return y->level_ordinal - x->level_ordinal;
      if ((cmp = g_strcmp0 (x->level, y->level)) != 0)
        return cmp;
    }

  if ((cmp = compare_dates (x->award_date, y->award_date, order)) != 0)
    return cmp;

  return (x->position > y->position) - (x->position < y->position);
}

/**
 * plr_view_select_events:
 * @self: a #PlrView
 * @record: a record
 *
 * The entries of @record the view covers, in the view's order. This is for
 * the screens that edit a view; outputs take plr_view_apply() instead.
 *
 * Returns: (transfer container) (element-type PlrLearningEvent): the events
 */
GPtrArray *
plr_view_select_events (PlrView   *self,
                        PlrRecord *record)
{
  g_autoptr(GArray) items = NULL;
  GPtrArray *events;
  guint n;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  n = plr_record_get_n_events (record);
  items = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), n);

  for (guint i = 0; i < n; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);
      SortItem item;

      if (!plr_view_covers_event (self, event))
        continue;

      item.event = event;
      item.award_date = plr_learning_event_get_award_date (event);
      item.level = plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL);
      item.level_ordinal = plr_view_parse_level (item.level);
      item.position = i;
      g_array_append_val (items, item);
    }

  g_array_sort_with_data (items, compare_items, GINT_TO_POINTER (self->order));

  events = g_ptr_array_new_full (items->len, g_object_unref);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (events, g_object_ref (g_array_index (items, SortItem, i).event));

  return events;
}

/**
 * plr_view_list_missing_entries:
 * @self: a #PlrView
 * @record: a record
 *
 * Returns: (transfer full) (element-type gint64): the LRS IDs picked one by
 *   one that @record no longer holds, possibly none
 */
GArray *
plr_view_list_missing_entries (PlrView   *self,
                               PlrRecord *record)
{
  g_autoptr(GHashTable) ids = NULL;
  GArray *missing;
  guint n;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  n = plr_record_get_n_events (record);
  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    {
      gint64 id = plr_learning_event_get_id (plr_record_get_event (record, i));

      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }

  missing = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < self->picked->len; i++)
    {
      gint64 id = g_array_index (self->picked, gint64, i);

      if (!g_hash_table_contains (ids, &id))
        g_array_append_val (missing, id);
    }

  return missing;
}

/**
 * plr_view_list_changes:
 * @self: a #PlrView
 * @old_record: (nullable): the record the view was last shared from
 * @new_record: the new record
 * @learner_fields: (out) (optional): the chosen learner fields that changed
 *
 * Which entries of the view changed between two records: entries it newly
 * covers (new in the record, or newly matched by the rule), entries it no
 * longer covers, and covered entries whose chosen fields changed (or whose
 * under-challenge flag changed, when challenged entries are marked).
 * Changes to fields the view does not share are not reported.
 *
 * Returns: (transfer full) (element-type PlrViewChange): the changes, in
 *   the view's order for the new record, then the removed entries
 */
GArray *
plr_view_list_changes (PlrView   *self,
                       PlrRecord *old_record,
                       PlrRecord *new_record,
                       guint64   *learner_fields)
{
  g_autoptr(GHashTable) old_covered = NULL;
  g_autoptr(GHashTable) new_ids = NULL;
  g_autoptr(GPtrArray) new_events = NULL;
  g_autoptr(GPtrArray) old_events = NULL;
  GArray *changes;
  guint64 mask;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  g_return_val_if_fail (old_record == NULL || PLR_IS_RECORD (old_record), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (new_record), NULL);

  mask = self->event_fields;
  if (self->mark_challenged)
    mask |= BIT (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE);

  changes = g_array_new (FALSE, FALSE, sizeof (PlrViewChange));
  old_covered = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  new_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (old_record != NULL)
    {
      old_events = plr_view_select_events (self, old_record);
      for (guint i = 0; i < old_events->len; i++)
        {
          PlrLearningEvent *event = g_ptr_array_index (old_events, i);
          gint64 id = plr_learning_event_get_id (event);

          g_hash_table_insert (old_covered, g_memdup2 (&id, sizeof id), event);
        }
    }

  new_events = plr_view_select_events (self, new_record);
  for (guint i = 0; i < new_events->len; i++)
    {
      PlrLearningEvent *event = g_ptr_array_index (new_events, i);
      PlrLearningEvent *old_event;
      PlrViewChange change = { 0, };

      change.id = plr_learning_event_get_id (event);
      g_hash_table_add (new_ids, g_memdup2 (&change.id, sizeof change.id));
      old_event = g_hash_table_lookup (old_covered, &change.id);

      if (old_event == NULL)
        {
          change.kind = PLR_VIEW_CHANGE_ADDED;
          g_array_append_val (changes, change);
          continue;
        }

      change.fields = plr_learning_event_diff_fields (old_event, event) & mask;
      if (change.fields != 0)
        {
          change.kind = PLR_VIEW_CHANGE_CHANGED;
          g_array_append_val (changes, change);
        }
    }

  for (guint i = 0; old_events != NULL && i < old_events->len; i++)
    {
      PlrViewChange change = { 0, };

      change.id = plr_learning_event_get_id (g_ptr_array_index (old_events, i));
      if (g_hash_table_contains (new_ids, &change.id))
        continue;
      change.kind = PLR_VIEW_CHANGE_REMOVED;
      g_array_append_val (changes, change);
    }

  if (learner_fields != NULL)
    {
      *learner_fields = 0;
      if (old_record != NULL)
        *learner_fields = plr_learner_diff_fields (plr_record_get_learner (old_record),
                                                   plr_record_get_learner (new_record)) &
                          self->learner_fields;
      else
        *learner_fields = self->learner_fields;
    }

  return changes;
}

/* ------------------------------------------------------------------------ */
/* The definition as JSON                                                    */

static void
add_optional_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_id_array (JsonBuilder *builder,
              const char  *member,
              GArray      *ids)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * plr_view_to_json_node:
 * @self: a #PlrView
 *
 * Returns: (transfer full): the definition, as docs/view-format.md describes
 */
JsonNode *
plr_view_to_json_node (PlrView *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  GEnumValue *order;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, PLR_VIEW_DEFINITION_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PLR_VIEW_DEFINITION_FORMAT_VERSION);
  add_optional_string (builder, "name", self->name);
  add_optional_string (builder, "recipient", self->recipient);
  add_optional_string (builder, "purpose", self->purpose);

  json_builder_set_member_name (builder, "entries");
  json_builder_begin_object (builder);
  add_id_array (builder, "ids", self->picked);
  add_id_array (builder, "excluded_ids", self->excluded);
  json_builder_set_member_name (builder, "rule");
  if (self->use_rule)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "qualification_types");
      json_builder_begin_array (builder);
      for (guint i = 0; self->qualification_types && self->qualification_types[i]; i++)
        json_builder_add_string_value (builder, self->qualification_types[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "min_level");
      if (self->min_level == PLR_VIEW_LEVEL_NONE)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, self->min_level);
      json_builder_set_member_name (builder, "awarded_since");
      if (self->awarded_since == PLR_VIEW_ANY_YEAR)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, self->awarded_since);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "event_fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    if (self->event_fields & BIT (i))
      json_builder_add_string_value (builder, plr_event_field_info (i)->json_name);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "learner_fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    if (self->learner_fields & BIT (i))
      json_builder_add_string_value (builder, plr_learner_field_info (i)->json_name);
  json_builder_end_array (builder);

  order = g_enum_get_value (g_type_class_peek (PLR_TYPE_VIEW_ORDER), self->order);
  json_builder_set_member_name (builder, "order");
  json_builder_add_string_value (builder, order->value_nick);

  json_builder_set_member_name (builder, "mark_challenged");
  json_builder_add_boolean_value (builder, self->mark_challenged);

  add_optional_string (builder, "share_code", self->share_code);
  if (self->share_expires_at != NULL)
    {
      g_autofree char *expires = format_time (self->share_expires_at);

      add_optional_string (builder, "share_expires_at", expires);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_view_to_json:
 * @self: a #PlrView
 *
 * Returns: (transfer full): the definition as a JSON document in UTF-8
 */
GBytes *
plr_view_to_json (PlrView *self)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  char *text;
  gsize length;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);

  root = plr_view_to_json_node (self);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

static const char *
node_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_DOUBLE:
      return "a number with a fraction";
    default:
      return "a number";
    }
}

static gboolean G_GNUC_PRINTF (4, 5)
set_path_error (GError     **error,
                int          code,
                const char  *path,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PLR_VIEW_ERROR, code, "%s: %s", path, message);
  return FALSE;
}

static gboolean
check_members (JsonObject         *object,
               const char         *path,
               const char * const *allowed,
               GError            **error)
{
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      if (!g_strv_contains (allowed, member))
        {
          g_autofree char *member_path = path ? g_strconcat (path, ".", member, NULL)
                                              : g_strdup (member);

          return set_path_error (error, PLR_VIEW_ERROR_INVALID, member_path, _("unknown member"));
        }
    }

  return TRUE;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Text goes through the same validator as every field of a record. */
static gboolean
read_text (JsonObject  *object,
           const char  *member,
           const char  *path,
           char       **out,
           GError     **error)
{
  static const PlrFieldInfo text_info = {
    "Text", "text", "text", PLR_FIELD_KIND_TEXT, TEXT_MAX_LENGTH, 0, 0, NULL, FALSE, FALSE
  };
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is (node, G_TYPE_STRING))
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("expected a string, found %s"), node_type_name (node));

  *out = plr_field_normalize (&text_info, json_node_get_string (node), &local_error);
  if (local_error != NULL)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path, "%s", local_error->message);

  return TRUE;
}

static gboolean
read_int (JsonNode    *node,
          const char  *path,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  if (!node_is (node, G_TYPE_INT64))
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("expected a whole number, found %s"), node_type_name (node));

  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("expected a whole number from %" PRId64
                             " to %" PRId64), min, max);

  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           const char  *path,
           gboolean     required,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      if (required)
        set_path_error (error, PLR_VIEW_ERROR_INVALID, path, _("required but missing"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                      _("expected an array, found %s"), node_type_name (node));
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
read_ids (JsonObject  *entries,
          const char  *member,
          gboolean     required,
          GArray      *out,
          GError     **error)
{
  g_autofree char *path = g_strconcat ("entries.", member, NULL);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;
  guint n;

  array = get_array (entries, member, path, required, &local_error);
  if (array == NULL)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  n = json_array_get_length (array);
  if (n > MAX_ENTRY_IDS)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("more than %u entries"), MAX_ENTRY_IDS);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);
      gint64 id;

      if (!read_int (json_array_get_element (array, i), element_path, 0, G_MAXINT64, &id, error))
        return FALSE;
      if (id_array_contains (out, id))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, element_path,
                               _("the entry is listed twice"));
      g_array_append_val (out, id);
    }

  return TRUE;
}

static gboolean
read_rule (PlrView     *self,
           JsonNode    *node,
           GError     **error)
{
  static const char * const members[] = {
    "qualification_types", "min_level", "awarded_since", NULL
  };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) types = NULL;
  JsonObject *rule;
  JsonArray *array;
  gint64 value;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries.rule",
                           _("expected an object or null, found %s"), node_type_name (node));

  rule = json_node_get_object (node);
  if (!check_members (rule, "entries.rule", members, error))
    return FALSE;

  self->use_rule = TRUE;

  array = get_array (rule, "qualification_types", "entries.rule.qualification_types", FALSE,
                     &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (array != NULL && json_array_get_length (array) > MAX_QUALIFICATION_TYPES)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries.rule.qualification_types",
                           _("more than %u types"), MAX_QUALIFICATION_TYPES);

  types = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("entries.rule.qualification_types[%u]", i);
      JsonNode *element = json_array_get_element (array, i);
      const char *type;

      if (!node_is (element, G_TYPE_STRING))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("expected a string, found %s"), node_type_name (element));
      type = json_node_get_string (element);
      if (type[0] == '\0' || g_utf8_strlen (type, -1) > TEXT_MAX_LENGTH ||
          !g_utf8_validate (type, -1, NULL))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("expected a qualification type of 1 to %u characters"),
                               TEXT_MAX_LENGTH);
      g_ptr_array_add (types, g_strdup (type));
    }
  if (types->len > 0)
    {
      g_ptr_array_add (types, NULL);
      self->qualification_types = (char **) g_ptr_array_steal (types, NULL);
    }

  node = json_object_get_member (rule, "min_level");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!read_int (node, "entries.rule.min_level", PLR_VIEW_LEVEL_ENTRY, PLR_VIEW_LEVEL_MAX,
                     &value, error))
        return FALSE;
      self->min_level = (int) value;
    }

  node = json_object_get_member (rule, "awarded_since");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!read_int (node, "entries.rule.awarded_since", MIN_YEAR, MAX_YEAR, &value, error))
        return FALSE;
      self->awarded_since = (int) value;
    }

  return TRUE;
}

typedef int (*FieldFromName) (const char *name);
typedef const PlrFieldInfo *(*FieldInfo) (guint field);

static gboolean
read_field_set (JsonObject     *object,
                const char     *member,
                FieldFromName   from_name,
                FieldInfo       info,
                guint64        *out,
                GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  *out = 0;
  array = get_array (object, member, member, TRUE, &local_error);
  if (array == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);
      JsonNode *element = json_array_get_element (array, i);
      const char *name;
      int field;

      if (!node_is (element, G_TYPE_STRING))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("expected a string, found %s"), node_type_name (element));

      name = json_node_get_string (element);
      field = from_name (name);
      /* Only our snake_case names, as in the record format. */
      if (field < 0 || strcmp (info (field)->json_name, name) != 0)
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("unknown field “%s”"), name);
      if (*out & BIT (field))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("the field “%s” is listed twice"), name);
      *out |= BIT (field);
    }

  return TRUE;
}

static gboolean
share_code_is_valid (const char *code)
{
  gsize len = strlen (code);

  if (len == 0 || len > SHARE_CODE_MAX_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-')
      return FALSE;
  return TRUE;
}

static const char * const definition_members[] = {
  "format", "version", "name", "recipient", "purpose", "entries", "event_fields",
  "learner_fields", "order", "mark_challenged", "share_code", "share_expires_at", NULL
};

/**
 * plr_view_new_from_json_node:
 * @root: the root of a view definition document
 * @error: return location for a #GError
 *
 * Reads a definition strictly: unknown members, wrong types, unknown field
 * names and values out of range are refused, and every error names the
 * path of the value that is wrong ("entries.ids[3]: ...").
 *
 * Returns: (transfer full): the view, or %NULL with @error set
 */
PlrView *
plr_view_new_from_json_node (JsonNode  *root,
                             GError   **error)
{
  static const char * const entries_members[] = { "ids", "excluded_ids", "rule", NULL };
  g_autoptr(PlrView) self = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonObject *entries;
  JsonNode *node;
  gint64 version;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_NOT_A_VIEW,
                   _("This is not a saved view: the document is %s, not an object"),
                   node_type_name (root));
      return NULL;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "format");
  if (node == NULL || !node_is (node, G_TYPE_STRING) ||
      g_strcmp0 (json_node_get_string (node), PLR_VIEW_DEFINITION_FORMAT_NAME) != 0)
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_NOT_A_VIEW,
                   _("This is not a saved view: “format” should be “%s”"),
                   PLR_VIEW_DEFINITION_FORMAT_NAME);
      return NULL;
    }

  node = json_object_get_member (object, "version");
  if (node == NULL || !node_is (node, G_TYPE_INT64))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "version", _("expected a whole number"));
      return NULL;
    }
  version = json_node_get_int (node);
  if (version != PLR_VIEW_DEFINITION_FORMAT_VERSION)
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_UNSUPPORTED_VERSION,
                   _("This saved view is version %" PRId64 "; this version of "
                     "Learning Record reads version %d. A newer Learning Record may read it."),
                   version, PLR_VIEW_DEFINITION_FORMAT_VERSION);
      return NULL;
    }

  if (!check_members (object, NULL, definition_members, error))
    return NULL;

  self = plr_view_new ();

  if (!read_text (object, "name", "name", &self->name, error) ||
      !read_text (object, "recipient", "recipient", &self->recipient, error) ||
      !read_text (object, "purpose", "purpose", &self->purpose, error))
    return NULL;

  node = json_object_get_member (object, "entries");
  if (node == NULL)
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries", _("required but missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries",
                      _("expected an object, found %s"), node_type_name (node));
      return NULL;
    }
  entries = json_node_get_object (node);
  if (!check_members (entries, "entries", entries_members, error) ||
      !read_ids (entries, "ids", TRUE, self->picked, error) ||
      !read_ids (entries, "excluded_ids", FALSE, self->excluded, error))
    return NULL;

  for (guint i = 0; i < self->excluded->len; i++)
    {
      if (id_array_contains (self->picked, g_array_index (self->excluded, gint64, i)))
        {
          g_autofree char *path = g_strdup_printf ("entries.excluded_ids[%u]", i);

          set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                          _("the entry is both picked and excluded"));
          return NULL;
        }
    }

  node = json_object_get_member (entries, "rule");
  if (node != NULL && !read_rule (self, node, error))
    return NULL;

  if (!read_field_set (object, "event_fields", plr_event_field_from_name,
                       (FieldInfo) plr_event_field_info, &self->event_fields, error) ||
      !read_field_set (object, "learner_fields", plr_learner_field_from_name,
                       (FieldInfo) plr_learner_field_info, &self->learner_fields, error))
    return NULL;

  node = json_object_get_member (object, "order");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      GEnumValue *value = NULL;

      if (node_is (node, G_TYPE_STRING))
        value = g_enum_get_value_by_nick (g_type_class_peek (PLR_TYPE_VIEW_ORDER),
                                          json_node_get_string (node));
      if (value == NULL)
        {
          set_path_error (error, PLR_VIEW_ERROR_INVALID, "order",
                          _("expected “newest-first”, “oldest-first” or “by-level”"));
          return NULL;
        }
      self->order = value->value;
    }

  node = json_object_get_member (object, "mark_challenged");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!node_is (node, G_TYPE_BOOLEAN))
        {
          set_path_error (error, PLR_VIEW_ERROR_INVALID, "mark_challenged",
                          _("expected true or false, found %s"), node_type_name (node));
          return NULL;
        }
      self->mark_challenged = json_node_get_boolean (node);
    }

  if (!read_text (object, "share_code", "share_code", &self->share_code, error))
    return NULL;
  if (self->share_code != NULL && !share_code_is_valid (self->share_code))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "share_code",
                      _("expected up to %u letters, digits and hyphens"),
                      SHARE_CODE_MAX_LENGTH);
      return NULL;
    }

  if (!read_text (object, "share_expires_at", "share_expires_at", &text, error))
    return NULL;
  if (text != NULL)
    {
      self->share_expires_at = g_date_time_new_from_iso8601 (text, NULL);
      if (self->share_expires_at == NULL)
        {
          set_path_error (error, PLR_VIEW_ERROR_INVALID, "share_expires_at",
                          _("expected an ISO 8601 date and time with a time zone"));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * plr_view_new_from_json:
 * @bytes: a view definition document
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the view, or %NULL with @error set
 */
PlrView *
plr_view_new_from_json (GBytes  *bytes,
                        GError **error)
{
  static const PlrRecordLimits limits = {
    .max_bytes = 16 * 1024 * 1024,
    .max_events = 0,
    .max_depth = 8,
  };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  root = plr_json_parse (bytes, &limits, &local_error);
  if (root == NULL)
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_NOT_A_VIEW,
                   _("This is not a saved view: %s"), local_error->message);
      return NULL;
    }

  return plr_view_new_from_json_node (root, error);
}
