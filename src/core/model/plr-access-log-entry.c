/* plr-access-log-entry.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-access-log-entry"

#include "config.h"

#include "plr-access-log-entry.h"

/* One read of the learner's record, as the PLR service's access log gives
 * it (the shape of the LRS ViewAudit log): when, which organisation, its
 * UKPRN and user, the action and the stated purpose. Those never change.
 * PlrAccessLog's analysis adds who the reader is and what looks unusual,
 * and notifies those properties when it does. */
struct _PlrAccessLogEntry
{
  GObject            parent_instance;

  GDateTime         *at;             /* UTC */
  char              *organisation;
  char              *ukprn;
  char              *user;
  char              *action;
  char              *purpose;

  PlrAccessReader    reader;
  PlrRecipient      *recipient;
  PlrAccessConcerns  concerns;
};

G_DEFINE_FINAL_TYPE (PlrAccessLogEntry, plr_access_log_entry, G_TYPE_OBJECT)

G_DEFINE_FLAGS_TYPE (PlrAccessConcerns, plr_access_concerns,
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_CONCERN_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_CONCERN_MANY_READS, "many-reads"),
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_CONCERN_UNKNOWN_ORGANISATION, "unknown-organisation"),
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_CONCERN_NIGHT, "night"))

G_DEFINE_ENUM_TYPE (PlrAccessReader, plr_access_reader,
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_READER_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_READER_YOU, "you"),
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_READER_SHARE, "share"),
  G_DEFINE_ENUM_VALUE (PLR_ACCESS_READER_KNOWN, "known"))

enum {
  PROP_0,
  PROP_AT,
  PROP_ORGANISATION,
  PROP_UKPRN,
  PROP_USER,
  PROP_ACTION,
  PROP_PURPOSE,
  PROP_READER,
  PROP_RECIPIENT,
  PROP_CONCERNS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plr_access_log_entry_finalize (GObject *object)
{
  PlrAccessLogEntry *self = (PlrAccessLogEntry *)object;

  g_clear_pointer (&self->at, g_date_time_unref);
  g_clear_pointer (&self->organisation, g_free);
  g_clear_pointer (&self->ukprn, g_free);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->action, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_object (&self->recipient);

  G_OBJECT_CLASS (plr_access_log_entry_parent_class)->finalize (object);
}

static void
plr_access_log_entry_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PlrAccessLogEntry *self = PLR_ACCESS_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_AT:
      g_value_set_boxed (value, self->at);
      break;
    case PROP_ORGANISATION:
      g_value_set_string (value, self->organisation);
      break;
    case PROP_UKPRN:
      g_value_set_string (value, self->ukprn);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_READER:
      g_value_set_enum (value, self->reader);
      break;
    case PROP_RECIPIENT:
      g_value_set_object (value, self->recipient);
      break;
    case PROP_CONCERNS:
      g_value_set_flags (value, self->concerns);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_access_log_entry_class_init (PlrAccessLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_access_log_entry_finalize;
  object_class->get_property = plr_access_log_entry_get_property;

  properties[PROP_AT] = g_param_spec_boxed ("at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ORGANISATION] = g_param_spec_string ("organisation", NULL, NULL, NULL, flags);
  properties[PROP_UKPRN] = g_param_spec_string ("ukprn", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_PURPOSE] = g_param_spec_string ("purpose", NULL, NULL, NULL, flags);
  properties[PROP_READER] =
    g_param_spec_enum ("reader", NULL, NULL, PLR_TYPE_ACCESS_READER, PLR_ACCESS_READER_UNKNOWN,
                       flags);
  properties[PROP_RECIPIENT] =
    g_param_spec_object ("recipient", NULL, NULL, PLR_TYPE_RECIPIENT, flags);
  properties[PROP_CONCERNS] =
    g_param_spec_flags ("concerns", NULL, NULL, PLR_TYPE_ACCESS_CONCERNS,
                        PLR_ACCESS_CONCERN_NONE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_access_log_entry_init (PlrAccessLogEntry *self)
{
}

/**
 * plr_access_log_entry_new:
 * @at: when the record was read
 * @organisation: who read it
 * @ukprn: (nullable): the organisation's UKPRN, as given
 * @user: (nullable): the organisation's user
 * @action: what was done, such as "learner-view" or "share-view"
 * @purpose: (nullable): why, as the organisation stated it
 *
 * Returns: (transfer full): a new entry, not yet analysed
 */
PlrAccessLogEntry *
plr_access_log_entry_new (GDateTime  *at,
                          const char *organisation,
                          const char *ukprn,
                          const char *user,
                          const char *action,
                          const char *purpose)
{
  PlrAccessLogEntry *self;

  g_return_val_if_fail (at != NULL, NULL);
  g_return_val_if_fail (organisation != NULL, NULL);
  g_return_val_if_fail (action != NULL, NULL);

  self = g_object_new (PLR_TYPE_ACCESS_LOG_ENTRY, NULL);
  self->at = g_date_time_to_utc (at);
  self->organisation = g_strdup (organisation);
  self->ukprn = g_strdup (ukprn);
  self->user = g_strdup (user);
  self->action = g_strdup (action);
  self->purpose = g_strdup (purpose);

  return self;
}

/**
 * plr_access_log_entry_get_at:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: (transfer none): when the record was read, in UTC
 */
GDateTime *
plr_access_log_entry_get_at (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), NULL);
  return self->at;
}

/**
 * plr_access_log_entry_get_organisation:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: (transfer none): the organisation that read the record
 */
const char *
plr_access_log_entry_get_organisation (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), NULL);
  return self->organisation;
}

/**
 * plr_access_log_entry_get_ukprn:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: (transfer none) (nullable): its UKPRN as the log gives it, unchecked
 */
const char *
plr_access_log_entry_get_ukprn (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), NULL);
  return self->ukprn;
}

/**
 * plr_access_log_entry_get_user:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: (transfer none) (nullable): the organisation's user
 */
const char *
plr_access_log_entry_get_user (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), NULL);
  return self->user;
}

/**
 * plr_access_log_entry_get_action:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: (transfer none): the action, such as "learner-view"
 */
const char *
plr_access_log_entry_get_action (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), NULL);
  return self->action;
}

/**
 * plr_access_log_entry_get_purpose:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: (transfer none) (nullable): the stated purpose
 */
const char *
plr_access_log_entry_get_purpose (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), NULL);
  return self->purpose;
}

/**
 * plr_access_log_entry_get_reader:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: who read the record, once the log was analysed;
 *   %PLR_ACCESS_READER_UNKNOWN before
 */
PlrAccessReader
plr_access_log_entry_get_reader (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), PLR_ACCESS_READER_UNKNOWN);
  return self->reader;
}

/**
 * plr_access_log_entry_get_recipient:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: (transfer none) (nullable): the recipient of the dataset the
 *   organisation was matched to
 */
PlrRecipient *
plr_access_log_entry_get_recipient (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), NULL);
  return self->recipient;
}

/**
 * plr_access_log_entry_get_concerns:
 * @self: a #PlrAccessLogEntry
 *
 * Returns: what looks unusual about this read, once the log was analysed
 */
PlrAccessConcerns
plr_access_log_entry_get_concerns (PlrAccessLogEntry *self)
{
  g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self), PLR_ACCESS_CONCERN_NONE);
  return self->concerns;
}

/**
 * _plr_access_log_entry_set_analysis:
 * @self: a #PlrAccessLogEntry
 * @reader: who read it
 * @recipient: (nullable): the matched recipient
 * @concerns: what looks unusual
 */
void
_plr_access_log_entry_set_analysis (PlrAccessLogEntry *self,
                                    PlrAccessReader    reader,
                                    PlrRecipient      *recipient,
                                    PlrAccessConcerns  concerns)
{
  g_return_if_fail (PLR_IS_ACCESS_LOG_ENTRY (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->reader != reader)
    {
      self->reader = reader;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READER]);
    }
  if (g_set_object (&self->recipient, recipient))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPIENT]);
  if (self->concerns != concerns)
    {
      self->concerns = concerns;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCERNS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}
