/* plr-record.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-record"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-record.h"

/* A learner's whole PLR as held at one moment: the learner, the learning
 * events in the order the source gave them, and where and when it came from. */
struct _PlrRecord
{
  GObject     parent_instance;

  PlrLearner *learner;
  GListStore *events;
  GDateTime  *fetched_at;
  char       *source;
  char       *etag;
  char       *incoming_uln;
  PlrRecordCredential *credential;
};

G_DEFINE_FINAL_TYPE (PlrRecord, plr_record, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-record-error-quark, plr_record_error)

enum {
  PROP_0,
  PROP_LEARNER,
  PROP_EVENTS,
  PROP_FETCHED_AT,
  PROP_SOURCE,
  PROP_ETAG,
  PROP_INCOMING_ULN,
  PROP_CREDENTIAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plr_record_finalize (GObject *object)
{
  PlrRecord *self = (PlrRecord *)object;

  g_clear_object (&self->learner);
  g_clear_object (&self->events);
  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->etag, g_free);
  g_clear_pointer (&self->incoming_uln, g_free);
  g_clear_object (&self->credential);

  G_OBJECT_CLASS (plr_record_parent_class)->finalize (object);
}

static void
plr_record_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PlrRecord *self = PLR_RECORD (object);

  switch (prop_id)
    {
    case PROP_LEARNER:
      g_value_set_object (value, self->learner);
      break;
    case PROP_EVENTS:
      g_value_set_object (value, self->events);
      break;
    case PROP_FETCHED_AT:
      g_value_set_boxed (value, self->fetched_at);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;
    case PROP_INCOMING_ULN:
      g_value_set_string (value, self->incoming_uln);
      break;
    case PROP_CREDENTIAL:
      g_value_set_object (value, self->credential);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_record_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PlrRecord *self = PLR_RECORD (object);

  switch (prop_id)
    {
    case PROP_LEARNER:
      g_set_object (&self->learner, g_value_get_object (value));
      break;
    case PROP_FETCHED_AT:
      plr_record_set_fetched_at (self, g_value_get_boxed (value));
      break;
    case PROP_SOURCE:
      plr_record_set_source (self, g_value_get_string (value));
      break;
    case PROP_ETAG:
      plr_record_set_etag (self, g_value_get_string (value));
      break;
    case PROP_INCOMING_ULN:
      plr_record_set_incoming_uln (self, g_value_get_string (value));
      break;
    case PROP_CREDENTIAL:
      plr_record_set_credential (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_record_class_init (PlrRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_record_finalize;
  object_class->get_property = plr_record_get_property;
  object_class->set_property = plr_record_set_property;

  properties[PROP_LEARNER] =
    g_param_spec_object ("learner", NULL, NULL, PLR_TYPE_LEARNER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHED_AT] =
    g_param_spec_boxed ("fetched-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ETAG] =
    g_param_spec_string ("etag", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCOMING_ULN] =
    g_param_spec_string ("incoming-uln", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CREDENTIAL] =
    g_param_spec_object ("credential", NULL, NULL, PLR_TYPE_RECORD_CREDENTIAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_record_init (PlrRecord *self)
{
  self->events = g_list_store_new (PLR_TYPE_LEARNING_EVENT);
}

/**
 * plr_record_new:
 * @learner: (nullable): the learner, or %NULL for an empty one
 *
 * Returns: (transfer full): a new record with no events
 */
PlrRecord *
plr_record_new (PlrLearner *learner)
{
  g_autoptr(PlrLearner) empty = NULL;

  if (learner == NULL)
    learner = empty = plr_learner_new ();

  return g_object_new (PLR_TYPE_RECORD, "learner", learner, NULL);
}

/**
 * plr_record_get_learner:
 * @self: a #PlrRecord
 *
 * Returns: (transfer none): the learner
 */
PlrLearner *
plr_record_get_learner (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return self->learner;
}

/**
 * plr_record_get_events:
 * @self: a #PlrRecord
 *
 * Returns: (transfer none): a #GListModel of #PlrLearningEvent
 */
GListModel *
plr_record_get_events (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return G_LIST_MODEL (self->events);
}

guint
plr_record_get_n_events (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->events));
}

/**
 * plr_record_get_event:
 * @self: a #PlrRecord
 * @position: the position
 *
 * Returns: (transfer none) (nullable): the event at @position
 */
PlrLearningEvent *
plr_record_get_event (PlrRecord *self,
                      guint      position)
{
  g_autoptr(PlrLearningEvent) event = NULL;

  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);

  /* The store keeps its own reference, so a borrowed pointer is safe. */
  event = g_list_model_get_item (G_LIST_MODEL (self->events), position);
  return event;
}

void
plr_record_append_event (PlrRecord        *self,
                         PlrLearningEvent *event)
{
  g_return_if_fail (PLR_IS_RECORD (self));
  g_return_if_fail (PLR_IS_LEARNING_EVENT (event));

  g_list_store_append (self->events, event);
}

/**
 * plr_record_take_events:
 * @self: a #PlrRecord
 * @events: (transfer container): #PlrLearningEvent objects to append
 *
 * Appends many events with a single items-changed.
 */
void
plr_record_take_events (PlrRecord *self,
                        GPtrArray *events)
{
  g_autoptr(GPtrArray) owned = events;

  g_return_if_fail (PLR_IS_RECORD (self));

  g_list_store_splice (self->events,
                       g_list_model_get_n_items (G_LIST_MODEL (self->events)), 0,
                       owned->pdata, owned->len);
}

/**
 * plr_record_get_fetched_at:
 * @self: a #PlrRecord
 *
 * Returns: (transfer none) (nullable): when the record was fetched or imported
 */
GDateTime *
plr_record_get_fetched_at (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return self->fetched_at;
}

void
plr_record_set_fetched_at (PlrRecord *self,
                           GDateTime *fetched_at)
{
  g_return_if_fail (PLR_IS_RECORD (self));

  if (self->fetched_at == fetched_at)
    return;

  g_clear_pointer (&self->fetched_at, g_date_time_unref);
  if (fetched_at)
    self->fetched_at = g_date_time_ref (fetched_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FETCHED_AT]);
}

static void
set_string (PlrRecord   *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

const char *
plr_record_get_source (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return self->source;
}

void
plr_record_set_source (PlrRecord  *self,
                       const char *source)
{
  g_return_if_fail (PLR_IS_RECORD (self));
  set_string (self, &self->source, source, PROP_SOURCE);
}

/**
 * plr_record_get_credential:
 * @self: a #PlrRecord
 *
 * The service's signed copy of exactly this record, when it sent one.
 * A record from a file, the sample or an LRS export has none.
 *
 * Returns: (transfer none) (nullable): the credential
 */
PlrRecordCredential *
plr_record_get_credential (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return self->credential;
}

void
plr_record_set_credential (PlrRecord           *self,
                           PlrRecordCredential *credential)
{
  g_return_if_fail (PLR_IS_RECORD (self));
  g_return_if_fail (credential == NULL || PLR_IS_RECORD_CREDENTIAL (credential));

  if (g_set_object (&self->credential, credential))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIAL]);
}

/**
 * plr_record_dup_signed_by:
 * @self: a #PlrRecord
 *
 * Returns: (transfer full) (nullable): "Signed by <issuer> on <date>", or
 *   %NULL when the record has no credential
 */
char *
plr_record_dup_signed_by (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return self->credential ? plr_record_credential_dup_signed_by (self->credential) : NULL;
}

const char *
plr_record_get_etag (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return self->etag;
}

void
plr_record_set_etag (PlrRecord  *self,
                     const char *etag)
{
  g_return_if_fail (PLR_IS_RECORD (self));
  set_string (self, &self->etag, etag, PROP_ETAG);
}

/**
 * plr_record_get_incoming_uln:
 * @self: a #PlrRecord
 *
 * When the LRS linked the learner's records under another ULN, this is the
 * ULN that was asked for, while the learner's ULN is the one found.
 *
 * Returns: (nullable): the ULN asked for, when it differs from the learner's
 */
const char *
plr_record_get_incoming_uln (PlrRecord *self)
{
  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);
  return self->incoming_uln;
}

void
plr_record_set_incoming_uln (PlrRecord  *self,
                             const char *incoming_uln)
{
  g_return_if_fail (PLR_IS_RECORD (self));
  set_string (self, &self->incoming_uln, incoming_uln, PROP_INCOMING_ULN);
}

/**
 * plr_record_equal:
 * @a: a #PlrRecord
 * @b: a #PlrRecord
 *
 * Compares the learner and every event, field by field and in order.
 * Where the record came from and when is not compared.
 *
 * Returns: %TRUE if the records hold the same data
 */
gboolean
plr_record_equal (PlrRecord *a,
                  PlrRecord *b)
{
  guint n;

  g_return_val_if_fail (PLR_IS_RECORD (a), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (b), FALSE);

  if (!plr_learner_equal (a->learner, b->learner))
    return FALSE;

  n = plr_record_get_n_events (a);
  if (n != plr_record_get_n_events (b))
    return FALSE;

  for (guint i = 0; i < n; i++)
    if (!plr_learning_event_equal (plr_record_get_event (a, i), plr_record_get_event (b, i)))
      return FALSE;

  return TRUE;
}

/**
 * plr_record_dup_content_hash:
 * @self: a #PlrRecord
 *
 * A SHA-256 over the learner and the events, so that two copies of a
 * record can be compared without keeping both.
 *
 * Returns: (transfer full): the hash in hex
 */
char *
plr_record_dup_content_hash (PlrRecord *self)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint n;

  g_return_val_if_fail (PLR_IS_RECORD (self), NULL);

  plr_learner_checksum_update (self->learner, checksum);
  n = plr_record_get_n_events (self);
  for (guint i = 0; i < n; i++)
    plr_learning_event_checksum_update (plr_record_get_event (self, i), checksum);

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * plr_record_check_event_ids:
 * @events: (element-type PlrLearningEvent): the events read, in order
 * @position_format: how a position is written, with one %u: "events[%u]"
 * @error: return location for a #GError
 *
 * Every format refuses two learning events with one ID: the LRS ID is what
 * a challenge, a share and the diff point at, so two would be two readings.
 *
 * Returns: %TRUE if no ID is given twice
 */
gboolean
plr_record_check_event_ids (GPtrArray   *events,
                            const char  *position_format,
                            GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < events->len; i++)
    {
      PlrLearningEvent *event = g_ptr_array_index (events, i);
      const char *id = plr_learning_event_get_value (event, PLR_EVENT_FIELD_ID);
      gpointer first;

      if (id == NULL)
        continue;
      if (g_hash_table_lookup_extended (seen, id, NULL, &first))
        {
          g_autofree char *a = NULL;
          g_autofree char *b = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          a = g_strdup_printf (position_format, GPOINTER_TO_UINT (first));
          b = g_strdup_printf (position_format, i);
#pragma GCC diagnostic pop
          g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                       _("%s.id: the learning event ID %s is given twice, at %s and at %s"),
                       b, id, a, b);
          return FALSE;
        }
      g_hash_table_insert (seen, (gpointer) id, GUINT_TO_POINTER (i));
    }
  return TRUE;
}
