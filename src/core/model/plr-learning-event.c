/* plr-learning-event.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-learning-event"

#include "config.h"

#include <string.h>

#include "plr-identifiers.h"
#include "plr-learning-event-private.h"

/* One entry of the PLR as the LRS web service returns it: every field of
 * shared/domain.md, each a property named after its LRS element. */
struct _PlrLearningEvent
{
  GObject  parent_instance;

  /* An event read from the store keeps all its texts in this one block:
   * a whole record is hundreds of thousands of short strings, and one
   * allocation per event instead of one per value saves the allocator's
   * overhead on each (a fifth of the app's memory with 100,000 events).
   * Bit i of @packed_fields says values[i] points into @packed; a value
   * set later is a string of its own. */
  char    *packed;
  guint32  packed_fields;

  char    *values[PLR_EVENT_N_FIELDS];
};

G_STATIC_ASSERT (PLR_EVENT_N_FIELDS <= 32);

G_DEFINE_FINAL_TYPE (PlrLearningEvent, plr_learning_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  N_PROPS = PLR_EVENT_N_FIELDS + 1
};

static GParamSpec *properties[N_PROPS];

static void
clear_value (PlrLearningEvent *self,
             guint             field)
{
  guint32 bit = 1u << field;

  if (self->packed_fields & bit)
    {
      self->packed_fields &= ~bit;
      self->values[field] = NULL;
    }
  else
    {
      g_clear_pointer (&self->values[field], g_free);
    }
}

static void
plr_learning_event_finalize (GObject *object)
{
  PlrLearningEvent *self = (PlrLearningEvent *)object;

  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    clear_value (self, i);
  g_clear_pointer (&self->packed, g_free);

  G_OBJECT_CLASS (plr_learning_event_parent_class)->finalize (object);
}

static void
plr_learning_event_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlrLearningEvent *self = PLR_LEARNING_EVENT (object);
  guint field = prop_id - 1;

  if (prop_id == 0 || field >= PLR_EVENT_N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  plr_field_to_gvalue (plr_event_field_info (field), self->values[field], value);
}

static void
plr_learning_event_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlrLearningEvent *self = PLR_LEARNING_EVENT (object);
  guint field = prop_id - 1;
  g_autofree char *text = NULL;

  if (prop_id == 0 || field >= PLR_EVENT_N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  text = plr_field_from_gvalue (plr_event_field_info (field), value);
  plr_learning_event_set_value (self, field, text);
}

static void
plr_learning_event_class_init (PlrLearningEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_learning_event_finalize;
  object_class->get_property = plr_learning_event_get_property;
  object_class->set_property = plr_learning_event_set_property;

  plr_field_install_properties (object_class,
                                (PlrFieldInfoFunc) plr_event_field_info,
                                PLR_EVENT_N_FIELDS,
                                properties);
}

static void
plr_learning_event_init (PlrLearningEvent *self)
{
}

PlrLearningEvent *
plr_learning_event_new (void)
{
  return g_object_new (PLR_TYPE_LEARNING_EVENT, NULL);
}

/**
 * plr_learning_event_copy:
 * @self: a #PlrLearningEvent
 *
 * Returns: (transfer full): a new learning event with the same values
 */
PlrLearningEvent *
plr_learning_event_copy (PlrLearningEvent *self)
{
  PlrLearningEvent *copy;

  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (self), NULL);

  copy = plr_learning_event_new ();
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    copy->values[i] = g_strdup (self->values[i]);

  return copy;
}

/**
 * plr_learning_event_get_value:
 * @self: a #PlrLearningEvent
 * @field: the field
 *
 * Returns: (nullable): the canonical text of @field, or %NULL when absent
 */
const char *
plr_learning_event_get_value (PlrLearningEvent      *self,
                       PlrEventField  field)
{
  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (self), NULL);
  g_return_val_if_fail ((guint) field < PLR_EVENT_N_FIELDS, NULL);

  return self->values[field];
}

/**
 * plr_learning_event_set_value:
 * @self: a #PlrLearningEvent
 * @field: the field
 * @value: (nullable): canonical text, already validated by plr_field_normalize()
 *
 * Empty text is stored as no value.
 */
void
plr_learning_event_set_value (PlrLearningEvent      *self,
                       PlrEventField  field,
                       const char      *value)
{
  g_return_if_fail (PLR_IS_LEARNING_EVENT (self));
  g_return_if_fail ((guint) field < PLR_EVENT_N_FIELDS);

  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (self->values[field], value) == 0)
    return;

  clear_value (self, field);
  self->values[field] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

/**
 * _plr_learning_event_new_take_values:
 * @values: (array fixed-size=PLR_EVENT_N_FIELDS) (transfer full): one
 *   canonical text or %NULL per field, already validated by
 *   plr_field_normalize(); the strings are taken and the slots cleared
 *
 * Returns: (transfer full): a new event holding @values
 */
PlrLearningEvent *
_plr_learning_event_new_take_values (char **values)
{
  PlrLearningEvent *self = plr_learning_event_new ();

  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    {
      char *value = g_steal_pointer (&values[i]);

      /* Empty text is stored as no value, as plr_learning_event_set_value() does. */
      if (value != NULL && value[0] == '\0')
        g_clear_pointer (&value, g_free);
      self->values[i] = value;
    }

  return self;
}

/**
 * _plr_learning_event_new_packed:
 * @texts: (array fixed-size=PLR_EVENT_N_FIELDS): one canonical text or
 *   %NULL per field, already validated by plr_field_normalize(); copied
 *
 * Like _plr_learning_event_new_take_values(), for a reader that only
 * borrows its texts (a store's rows): all of them are copied into one
 * block owned by the event.
 *
 * Returns: (transfer full): a new event holding copies of @texts
 */
PlrLearningEvent *
_plr_learning_event_new_packed (const char * const *texts)
{
  PlrLearningEvent *self = plr_learning_event_new ();
  gsize lengths[PLR_EVENT_N_FIELDS];
  gsize total = 0;
  char *next;

  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    {
      /* Empty text is stored as no value, as plr_learning_event_set_value() does. */
      lengths[i] = texts[i] != NULL && texts[i][0] != '\0' ? strlen (texts[i]) + 1 : 0;
      total += lengths[i];
    }

  if (total == 0)
    return self;

  self->packed = next = g_malloc (total);
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    {
      if (lengths[i] == 0)
        continue;

      memcpy (next, texts[i], lengths[i]);
      self->values[i] = next;
      self->packed_fields |= 1u << i;
      next += lengths[i];
    }

  return self;
}

gint64
plr_learning_event_get_id (PlrLearningEvent *self)
{
  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (self), 0);

  return self->values[PLR_EVENT_FIELD_ID] ? g_ascii_strtoll (self->values[PLR_EVENT_FIELD_ID],
                                                             NULL, 10) : 0;
}

const char *
plr_learning_event_get_subject (PlrLearningEvent *self)
{
  return plr_learning_event_get_value (self, PLR_EVENT_FIELD_SUBJECT);
}

const char *
plr_learning_event_get_grade (PlrLearningEvent *self)
{
  return plr_learning_event_get_value (self, PLR_EVENT_FIELD_GRADE);
}

const char *
plr_learning_event_get_award_date (PlrLearningEvent *self)
{
  return plr_learning_event_get_value (self, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE);
}

static gboolean
ukprn_is_unusual (const char *ukprn)
{
  return ukprn != NULL && plr_ukprn_check (ukprn) != PLR_UKPRN_VALID;
}

/**
 * plr_learning_event_get_warnings:
 * @self: a #PlrLearningEvent
 * @now: (nullable): the time to compare dates with, or %NULL for now
 *
 * Real LRS data holds placeholder grades, unknown organisations and award
 * dates in the future. They are kept as they are; this says which of them
 * the entry has, so the UI can explain them.
 *
 * Returns: the warnings that apply
 */
PlrEventWarnings
plr_learning_event_get_warnings (PlrLearningEvent *self,
                                 GDateTime        *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *today = NULL;
  PlrEventWarnings warnings = PLR_EVENT_WARNING_NONE;
  const char *value;
  const char *start;
  const char *end;

  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (self), PLR_EVENT_WARNING_NONE);

  if (now == NULL)
    now = local_now = g_date_time_new_now_utc ();
  today = g_date_time_format (now, "%Y-%m-%d");

  if (g_strcmp0 (self->values[PLR_EVENT_FIELD_GRADE], PLR_GRADE_PLACEHOLDER) == 0)
    warnings |= PLR_EVENT_WARNING_NO_GRADE_RECORDED;

  /* Dates are yyyy-mm-dd, so text order is date order. */
  value = self->values[PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE];
  if (value != NULL && strcmp (value, today) > 0)
    warnings |= PLR_EVENT_WARNING_FUTURE_AWARD_DATE;

  value = self->values[PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME];
  if (value != NULL && g_ascii_strcasecmp (value, "UNKNOWN") == 0)
    warnings |= PLR_EVENT_WARNING_UNKNOWN_AWARDING_ORGANISATION;

  if (ukprn_is_unusual (self->values[PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN]) ||
      ukprn_is_unusual (self->values[PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN]))
    warnings |= PLR_EVENT_WARNING_UNUSUAL_UKPRN;

  value = self->values[PLR_EVENT_FIELD_SUBJECT_CODE];
  if (value != NULL && plr_subject_code_check (value) == PLR_SUBJECT_CODE_UNKNOWN)
    warnings |= PLR_EVENT_WARNING_UNUSUAL_SUBJECT_CODE;

  start = self->values[PLR_EVENT_FIELD_PARTICIPATION_START_DATE];
  end = self->values[PLR_EVENT_FIELD_PARTICIPATION_END_DATE];
  if (start != NULL && end != NULL && strcmp (start, end) > 0)
    warnings |= PLR_EVENT_WARNING_DATES_OUT_OF_ORDER;

  return warnings;
}

/**
 * plr_learning_event_diff_fields:
 * @a: a #PlrLearningEvent
 * @b: a #PlrLearningEvent
 *
 * Returns: a bit mask with bit N set when field N differs
 */
guint64
plr_learning_event_diff_fields (PlrLearningEvent *a,
                         PlrLearningEvent *b)
{
  guint64 mask = 0;

  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (a), 0);
  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (b), 0);

  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    if (g_strcmp0 (a->values[i], b->values[i]) != 0)
      mask |= G_GUINT64_CONSTANT (1) << i;

  return mask;
}

gboolean
plr_learning_event_equal (PlrLearningEvent *a,
                   PlrLearningEvent *b)
{
  return plr_learning_event_diff_fields (a, b) == 0;
}

void
plr_learning_event_checksum_update (PlrLearningEvent *self,
                             GChecksum  *checksum)
{
  g_return_if_fail (PLR_IS_LEARNING_EVENT (self));

  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    plr_field_checksum_update (checksum, self->values[i]);
}
