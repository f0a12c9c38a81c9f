/* plr-outbox-item.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-outbox-item"

#include "config.h"

#include <string.h>

#include "plr-outbox-item.h"

/* One change waiting for the service, or already answered: the request as
 * it will be sent (method, path relative to the base URL, JSON body, and
 * the Idempotency-Key it keeps on every retry) and its progress. An item
 * is a snapshot of its row when it was read from the store; the store
 * holds the truth. */
struct _PlrOutboxItem
{
  GObject         parent_instance;

  gint64          id;
  char           *kind;
  char           *method;
  char           *path;
  char           *body;
  char           *idempotency_key;
  GDateTime      *created_at;

  PlrOutboxState  state;
  guint           attempts;
  char           *last_error;
  GDateTime      *next_attempt_at;
  char           *response;
  GDateTime      *sent_at;
};

G_DEFINE_FINAL_TYPE (PlrOutboxItem, plr_outbox_item, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlrOutboxState, plr_outbox_state,
  G_DEFINE_ENUM_VALUE (PLR_OUTBOX_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (PLR_OUTBOX_STATE_SENT, "sent"),
  G_DEFINE_ENUM_VALUE (PLR_OUTBOX_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_METHOD,
  PROP_PATH,
  PROP_BODY,
  PROP_IDEMPOTENCY_KEY,
  PROP_CREATED_AT,
  PROP_STATE,
  PROP_ATTEMPTS,
  PROP_LAST_ERROR,
  PROP_NEXT_ATTEMPT_AT,
  PROP_RESPONSE,
  PROP_SENT_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The names are the ones the store keeps in its state column. */
static const char * const state_names[] = {
  [PLR_OUTBOX_STATE_QUEUED] = "queued",
  [PLR_OUTBOX_STATE_SENT] = "sent",
  [PLR_OUTBOX_STATE_FAILED] = "failed",
};

/**
 * plr_outbox_state_to_string:
 * @state: a #PlrOutboxState
 *
 * Returns: (transfer none): "queued", "sent" or "failed"
 */
const char *
plr_outbox_state_to_string (PlrOutboxState state)
{
  g_return_val_if_fail (state <= PLR_OUTBOX_STATE_FAILED, NULL);

  return state_names[state];
}

/**
 * plr_outbox_state_from_string:
 * @text: "queued", "sent" or "failed"
 * @state: (out): the state
 *
 * Returns: %TRUE if @text names a state
 */
gboolean
plr_outbox_state_from_string (const char     *text,
                              PlrOutboxState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      {
        *state = (PlrOutboxState) i;
        return TRUE;
      }

  return FALSE;
}

static void
plr_outbox_item_finalize (GObject *object)
{
  PlrOutboxItem *self = (PlrOutboxItem *)object;

  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->body, g_free);
  g_clear_pointer (&self->idempotency_key, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->last_error, g_free);
  g_clear_pointer (&self->next_attempt_at, g_date_time_unref);
  g_clear_pointer (&self->response, g_free);
  g_clear_pointer (&self->sent_at, g_date_time_unref);

  G_OBJECT_CLASS (plr_outbox_item_parent_class)->finalize (object);
}

static void
plr_outbox_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlrOutboxItem *self = PLR_OUTBOX_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_BODY:
      g_value_set_string (value, self->body);
      break;
    case PROP_IDEMPOTENCY_KEY:
      g_value_set_string (value, self->idempotency_key);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_NEXT_ATTEMPT_AT:
      g_value_set_boxed (value, self->next_attempt_at);
      break;
    case PROP_RESPONSE:
      g_value_set_string (value, self->response);
      break;
    case PROP_SENT_AT:
      g_value_set_boxed (value, self->sent_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_outbox_item_class_init (PlrOutboxItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_outbox_item_finalize;
  object_class->get_property = plr_outbox_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_METHOD] =
    g_param_spec_string ("method", NULL, NULL, NULL, flags);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_BODY] =
    g_param_spec_string ("body", NULL, NULL, NULL, flags);
  properties[PROP_IDEMPOTENCY_KEY] =
    g_param_spec_string ("idempotency-key", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PLR_TYPE_OUTBOX_STATE, PLR_OUTBOX_STATE_QUEUED,
                       flags);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_NEXT_ATTEMPT_AT] =
    g_param_spec_boxed ("next-attempt-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_RESPONSE] =
    g_param_spec_string ("response", NULL, NULL, NULL, flags);
  properties[PROP_SENT_AT] =
    g_param_spec_boxed ("sent-at", NULL, NULL, G_TYPE_DATE_TIME, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_outbox_item_init (PlrOutboxItem *self)
{
  self->state = PLR_OUTBOX_STATE_QUEUED;
}

/**
 * _plr_outbox_item_new:
 * @id: the row id
 * @kind: what kind of change, such as %PLR_OUTBOX_KIND_SHARING_PREFERENCE
 * @method: the HTTP method
 * @path: the path relative to the service's base URL
 * @body: the JSON body
 * @idempotency_key: the key sent with every attempt
 * @created_at: when the change was made
 *
 * For #PlrStore only.
 *
 * Returns: (transfer full): a queued item with no attempts yet
 */
PlrOutboxItem *
_plr_outbox_item_new (gint64      id,
                      const char *kind,
                      const char *method,
                      const char *path,
                      const char *body,
                      const char *idempotency_key,
                      GDateTime  *created_at)
{
  PlrOutboxItem *self;

  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (idempotency_key != NULL, NULL);
  g_return_val_if_fail (created_at != NULL, NULL);

  self = g_object_new (PLR_TYPE_OUTBOX_ITEM, NULL);
  self->id = id;
  self->kind = g_strdup (kind);
  self->method = g_strdup (method);
  self->path = g_strdup (path);
  self->body = g_strdup (body);
  self->idempotency_key = g_strdup (idempotency_key);
  self->created_at = g_date_time_ref (created_at);

  return self;
}

static void
replace_date_time (GDateTime **slot,
                   GDateTime  *value)
{
  if (value != NULL)
    g_date_time_ref (value);
  g_clear_pointer (slot, g_date_time_unref);
  *slot = value;
}

/**
 * _plr_outbox_item_set_progress:
 * @self: a #PlrOutboxItem
 * @state: the state
 * @attempts: how many times it was sent
 * @last_error: (nullable): the short error code of the last failed attempt
 * @next_attempt_at: (nullable): when to try again
 * @response: (nullable): the service's answer, once sent
 * @sent_at: (nullable): when the service confirmed it
 *
 * For #PlrStore only, before the item is handed out.
 */
void
_plr_outbox_item_set_progress (PlrOutboxItem  *self,
                               PlrOutboxState  state,
                               guint           attempts,
                               const char     *last_error,
                               GDateTime      *next_attempt_at,
                               const char     *response,
                               GDateTime      *sent_at)
{
  g_return_if_fail (PLR_IS_OUTBOX_ITEM (self));

  g_object_freeze_notify (G_OBJECT (self));

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  self->attempts = attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPTS]);
  g_free (self->last_error);
  self->last_error = g_strdup (last_error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  replace_date_time (&self->next_attempt_at, next_attempt_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT_AT]);
  g_free (self->response);
  self->response = g_strdup (response);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONSE]);
  replace_date_time (&self->sent_at, sent_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT_AT]);

  g_object_thaw_notify (G_OBJECT (self));
}

gint64
plr_outbox_item_get_id (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), 0);
  return self->id;
}

const char *
plr_outbox_item_get_kind (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->kind;
}

const char *
plr_outbox_item_get_method (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->method;
}

/**
 * plr_outbox_item_get_path:
 * @self: a #PlrOutboxItem
 *
 * Returns: (transfer none): the path relative to the service's base URL,
 *   such as "v1/sharing-preferences"
 */
const char *
plr_outbox_item_get_path (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->path;
}

/**
 * plr_outbox_item_get_body:
 * @self: a #PlrOutboxItem
 *
 * The body may hold what the learner wrote: never log it.
 *
 * Returns: (transfer none): the JSON body
 */
const char *
plr_outbox_item_get_body (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->body;
}

/**
 * plr_outbox_item_dup_body_bytes:
 * @self: a #PlrOutboxItem
 *
 * Returns: (transfer full): the JSON body as bytes, ready to send
 */
GBytes *
plr_outbox_item_dup_body_bytes (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return g_bytes_new (self->body, strlen (self->body));
}

const char *
plr_outbox_item_get_idempotency_key (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->idempotency_key;
}

/**
 * plr_outbox_item_get_created_at:
 * @self: a #PlrOutboxItem
 *
 * Returns: (transfer none): when the change was made
 */
GDateTime *
plr_outbox_item_get_created_at (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->created_at;
}

/**
 * plr_outbox_item_get_attempts:
 * @self: a #PlrOutboxItem
 *
 * Returns: how many times the change was sent, successfully or not
 */
guint
plr_outbox_item_get_attempts (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), 0);
  return self->attempts;
}

/**
 * plr_outbox_item_get_last_error:
 * @self: a #PlrOutboxItem
 *
 * Returns: (transfer none) (nullable): a short code such as "offline" or
 *   "http-422" for the last failed attempt, never a message
 */
const char *
plr_outbox_item_get_last_error (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->last_error;
}

/**
 * plr_outbox_item_get_next_attempt_at:
 * @self: a #PlrOutboxItem
 *
 * Returns: (transfer none) (nullable): when a queued item that failed will
 *   be tried again
 */
GDateTime *
plr_outbox_item_get_next_attempt_at (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->next_attempt_at;
}

PlrOutboxState
plr_outbox_item_get_state (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), PLR_OUTBOX_STATE_QUEUED);
  return self->state;
}

/**
 * plr_outbox_item_get_response:
 * @self: a #PlrOutboxItem
 *
 * Returns: (transfer none) (nullable): the service's JSON answer, once sent
 */
const char *
plr_outbox_item_get_response (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->response;
}

/**
 * plr_outbox_item_get_sent_at:
 * @self: a #PlrOutboxItem
 *
 * Returns: (transfer none) (nullable): when the service confirmed the change
 */
GDateTime *
plr_outbox_item_get_sent_at (PlrOutboxItem *self)
{
  g_return_val_if_fail (PLR_IS_OUTBOX_ITEM (self), NULL);
  return self->sent_at;
}
