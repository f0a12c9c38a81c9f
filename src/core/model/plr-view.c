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

#include "plr-view-private.h"

/* A configured view: what the learner chooses to share with one recipient.
 * It selects entries (picked by LRS ID, and/or by a rule that re-applies to
 * every new record), the fields of each entry and of the learner, and an
 * order. It holds no personal data itself; plr_view_apply() makes the
 * filtered PlrViewResult that every renderer takes. */

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

gboolean
_plr_view_id_array_contains (GArray *array,
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
  if (!_plr_view_id_array_contains (self->picked, lrs_id))
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
  if (!_plr_view_id_array_contains (self->excluded, lrs_id))
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
  if (_plr_view_id_array_contains (self->excluded, id))
    return FALSE;
  if (_plr_view_id_array_contains (self->picked, id))
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
