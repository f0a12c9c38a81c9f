/* plr-event-filter.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-event-filter"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plr-event-filter.h"

/* What the learner asked to see of their achievements: the words typed in
 * the search (matched by the store's full-text index) and the criteria of
 * the filter popover (matched here, on the events themselves). A copy is
 * handed to a worker thread, so the one on the main thread may change
 * while a query runs. */
struct _PlrEventFilter
{
  GObject   parent_instance;

  char     *text;
  char     *level;
  char     *qualification_type;
  char     *awarding_organisation;
  int       year_from;
  int       year_to;
  gboolean  changed_only;
};

G_DEFINE_FINAL_TYPE (PlrEventFilter, plr_event_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LEVEL,
  PROP_QUALIFICATION_TYPE,
  PROP_AWARDING_ORGANISATION,
  PROP_YEAR_FROM,
  PROP_YEAR_TO,
  PROP_CHANGED_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An empty string means "any", as NULL does. */
static void
set_string (PlrEventFilter  *self,
            char           **field,
            const char      *value,
            guint            prop_id)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
plr_event_filter_finalize (GObject *object)
{
  PlrEventFilter *self = (PlrEventFilter *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->level, g_free);
  g_clear_pointer (&self->qualification_type, g_free);
  g_clear_pointer (&self->awarding_organisation, g_free);

  G_OBJECT_CLASS (plr_event_filter_parent_class)->finalize (object);
}

static void
plr_event_filter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlrEventFilter *self = PLR_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_LEVEL:
      g_value_set_string (value, self->level);
      break;
    case PROP_QUALIFICATION_TYPE:
      g_value_set_string (value, self->qualification_type);
      break;
    case PROP_AWARDING_ORGANISATION:
      g_value_set_string (value, self->awarding_organisation);
      break;
    case PROP_YEAR_FROM:
      g_value_set_int (value, self->year_from);
      break;
    case PROP_YEAR_TO:
      g_value_set_int (value, self->year_to);
      break;
    case PROP_CHANGED_ONLY:
      g_value_set_boolean (value, self->changed_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_event_filter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PlrEventFilter *self = PLR_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      plr_event_filter_set_text (self, g_value_get_string (value));
      break;
    case PROP_LEVEL:
      plr_event_filter_set_level (self, g_value_get_string (value));
      break;
    case PROP_QUALIFICATION_TYPE:
      plr_event_filter_set_qualification_type (self, g_value_get_string (value));
      break;
    case PROP_AWARDING_ORGANISATION:
      plr_event_filter_set_awarding_organisation (self, g_value_get_string (value));
      break;
    case PROP_YEAR_FROM:
      plr_event_filter_set_year_from (self, g_value_get_int (value));
      break;
    case PROP_YEAR_TO:
      plr_event_filter_set_year_to (self, g_value_get_int (value));
      break;
    case PROP_CHANGED_ONLY:
      plr_event_filter_set_changed_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_event_filter_class_init (PlrEventFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_event_filter_finalize;
  object_class->get_property = plr_event_filter_get_property;
  object_class->set_property = plr_event_filter_set_property;

  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  properties[PROP_LEVEL] = g_param_spec_string ("level", NULL, NULL, NULL, flags);
  properties[PROP_QUALIFICATION_TYPE] =
    g_param_spec_string ("qualification-type", NULL, NULL, NULL, flags);
  properties[PROP_AWARDING_ORGANISATION] =
    g_param_spec_string ("awarding-organisation", NULL, NULL, NULL, flags);
  properties[PROP_YEAR_FROM] = g_param_spec_int ("year-from", NULL, NULL, 0, 9999, 0, flags);
  properties[PROP_YEAR_TO] = g_param_spec_int ("year-to", NULL, NULL, 0, 9999, 0, flags);
  properties[PROP_CHANGED_ONLY] =
    g_param_spec_boolean ("changed-only", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_event_filter_init (PlrEventFilter *self)
{
}

/**
 * plr_event_filter_new:
 *
 * Returns: (transfer full): a filter that lets every event through
 */
PlrEventFilter *
plr_event_filter_new (void)
{
  return g_object_new (PLR_TYPE_EVENT_FILTER, NULL);
}

/**
 * plr_event_filter_copy:
 * @self: a #PlrEventFilter
 *
 * Returns: (transfer full): a copy, for a worker thread
 */
PlrEventFilter *
plr_event_filter_copy (PlrEventFilter *self)
{
  PlrEventFilter *copy;

  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), NULL);

  copy = plr_event_filter_new ();
  copy->text = g_strdup (self->text);
  copy->level = g_strdup (self->level);
  copy->qualification_type = g_strdup (self->qualification_type);
  copy->awarding_organisation = g_strdup (self->awarding_organisation);
  copy->year_from = self->year_from;
  copy->year_to = self->year_to;
  copy->changed_only = self->changed_only;

  return copy;
}

const char *
plr_event_filter_get_text (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), NULL);
  return self->text;
}

/**
 * plr_event_filter_set_text:
 * @self: a #PlrEventFilter
 * @text: (nullable): words to search for, as the learner typed them
 */
void
plr_event_filter_set_text (PlrEventFilter *self,
                           const char     *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (PLR_IS_EVENT_FILTER (self));

  /* Surrounding spaces do not change what matches. */
  stripped = text ? g_strstrip (g_strdup (text)) : NULL;
  set_string (self, &self->text, stripped, PROP_TEXT);
}

const char *
plr_event_filter_get_level (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), NULL);
  return self->level;
}

void
plr_event_filter_set_level (PlrEventFilter *self,
                            const char     *level)
{
  g_return_if_fail (PLR_IS_EVENT_FILTER (self));
  set_string (self, &self->level, level, PROP_LEVEL);
}

const char *
plr_event_filter_get_qualification_type (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), NULL);
  return self->qualification_type;
}

void
plr_event_filter_set_qualification_type (PlrEventFilter *self,
                                         const char     *qualification_type)
{
  g_return_if_fail (PLR_IS_EVENT_FILTER (self));
  set_string (self, &self->qualification_type, qualification_type, PROP_QUALIFICATION_TYPE);
}

const char *
plr_event_filter_get_awarding_organisation (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), NULL);
  return self->awarding_organisation;
}

void
plr_event_filter_set_awarding_organisation (PlrEventFilter *self,
                                            const char     *awarding_organisation)
{
  g_return_if_fail (PLR_IS_EVENT_FILTER (self));
  set_string (self, &self->awarding_organisation, awarding_organisation,
              PROP_AWARDING_ORGANISATION);
}

int
plr_event_filter_get_year_from (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), 0);
  return self->year_from;
}

/**
 * plr_event_filter_set_year_from:
 * @self: a #PlrEventFilter
 * @year: the first year of award to show, or 0 for no limit
 */
void
plr_event_filter_set_year_from (PlrEventFilter *self,
                                int             year)
{
  g_return_if_fail (PLR_IS_EVENT_FILTER (self));

  if (self->year_from == year)
    return;

  self->year_from = year;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR_FROM]);
}

int
plr_event_filter_get_year_to (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), 0);
  return self->year_to;
}

/**
 * plr_event_filter_set_year_to:
 * @self: a #PlrEventFilter
 * @year: the last year of award to show, or 0 for no limit
 */
void
plr_event_filter_set_year_to (PlrEventFilter *self,
                              int             year)
{
  g_return_if_fail (PLR_IS_EVENT_FILTER (self));

  if (self->year_to == year)
    return;

  self->year_to = year;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR_TO]);
}

gboolean
plr_event_filter_get_changed_only (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), FALSE);
  return self->changed_only;
}

void
plr_event_filter_set_changed_only (PlrEventFilter *self,
                                   gboolean        changed_only)
{
  g_return_if_fail (PLR_IS_EVENT_FILTER (self));

  changed_only = !!changed_only;
  if (self->changed_only == changed_only)
    return;

  self->changed_only = changed_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGED_ONLY]);
}

/**
 * plr_event_filter_has_criteria:
 * @self: a #PlrEventFilter
 *
 * Returns: %TRUE if a level, type, organisation or year is chosen (the
 *   search text and the changed-only switch are not counted)
 */
gboolean
plr_event_filter_has_criteria (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), FALSE);

  return self->level != NULL || self->qualification_type != NULL ||
         self->awarding_organisation != NULL || self->year_from != 0 || self->year_to != 0;
}

/**
 * plr_event_filter_is_empty:
 * @self: a #PlrEventFilter
 *
 * Returns: %TRUE if the filter lets every event through
 */
gboolean
plr_event_filter_is_empty (PlrEventFilter *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_FILTER (self), TRUE);

  return self->text == NULL && !self->changed_only && !plr_event_filter_has_criteria (self);
}

/**
 * plr_event_filter_clear_criteria:
 * @self: a #PlrEventFilter
 *
 * Forgets the level, type, organisation and years; keeps the search text.
 */
void
plr_event_filter_clear_criteria (PlrEventFilter *self)
{
  g_return_if_fail (PLR_IS_EVENT_FILTER (self));

  g_object_freeze_notify (G_OBJECT (self));
  plr_event_filter_set_level (self, NULL);
  plr_event_filter_set_qualification_type (self, NULL);
  plr_event_filter_set_awarding_organisation (self, NULL);
  plr_event_filter_set_year_from (self, 0);
  plr_event_filter_set_year_to (self, 0);
  g_object_thaw_notify (G_OBJECT (self));
}

static int
award_year (PlrLearningEvent *event)
{
  const char *date = plr_learning_event_get_award_date (event);

  if (date == NULL || strlen (date) < 4)
    return 0;

  return atoi (date);
}

/**
 * plr_event_filter_match:
 * @self: a #PlrEventFilter
 * @event: a learning event
 * @changes: (nullable): what changed since the previous fetch
 *
 * Matches everything but the search text, which the store's full-text
 * index answers. Safe to call from any thread on a filter that no thread
 * changes.
 *
 * Returns: %TRUE if @event passes the criteria
 */
gboolean
plr_event_filter_match (PlrEventFilter   *self,
                        PlrLearningEvent *event,
                        PlrRecordChanges *changes)
{
  int year;

  if (self->level != NULL &&
      g_strcmp0 (plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL), self->level) != 0)
    return FALSE;

  if (self->qualification_type != NULL &&
      g_strcmp0 (plr_learning_event_get_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE),
                 self->qualification_type) != 0)
    return FALSE;

  if (self->awarding_organisation != NULL &&
      g_strcmp0 (plr_learning_event_get_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME),
                 self->awarding_organisation) != 0)
    return FALSE;

  if (self->year_from != 0 || self->year_to != 0)
    {
      year = award_year (event);
      if (year == 0)
        return FALSE;
      if (self->year_from != 0 && year < self->year_from)
        return FALSE;
      if (self->year_to != 0 && year > self->year_to)
        return FALSE;
    }

  if (self->changed_only &&
      (changes == NULL || !plr_record_changes_lookup (changes, event, NULL, NULL, NULL)))
    return FALSE;

  return TRUE;
}
