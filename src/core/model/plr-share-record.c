/* plr-share-record.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-share-record"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-json.h"
#include "plr-share-record.h"

/* One entry of the learner's sharing log: a view that left the app, as a
 * share code on the service or as a file, with what it held (the LRS IDs
 * of the entries and the names of the fields) and, for a share code, what
 * the service says of it. Made by PlrStore; it never changes once made. */
struct _PlrShareRecord
{
  GObject         parent_instance;

  gint64          id;
  char           *view_name;
  char           *recipient;
  char           *purpose;
  char           *channel;
  GArray         *entry_ids;
  GStrv           learner_fields;
  GStrv           event_fields;
  GDateTime      *created_at;
  GDateTime      *expires_at;
  GDateTime      *revoked_at;
  char           *share_code;
  char           *url;
  gint64          views;
  gint64          outbox_id;
  PlrOutboxState  outbox_state;
};

G_DEFINE_FINAL_TYPE (PlrShareRecord, plr_share_record, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (PlrShareInfo, plr_share_info, plr_share_info_copy, plr_share_info_free)
G_DEFINE_ENUM_TYPE (PlrShareState, plr_share_state,
  G_DEFINE_ENUM_VALUE (PLR_SHARE_STATE_EXPORTED, "exported"),
  G_DEFINE_ENUM_VALUE (PLR_SHARE_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (PLR_SHARE_STATE_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (PLR_SHARE_STATE_EXPIRED, "expired"),
  G_DEFINE_ENUM_VALUE (PLR_SHARE_STATE_REVOKED, "revoked"),
  G_DEFINE_ENUM_VALUE (PLR_SHARE_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_ID,
  PROP_VIEW_NAME,
  PROP_RECIPIENT,
  PROP_PURPOSE,
  PROP_CHANNEL,
  PROP_CREATED_AT,
  PROP_EXPIRES_AT,
  PROP_REVOKED_AT,
  PROP_SHARE_CODE,
  PROP_URL,
  PROP_VIEWS,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const channels[] = {
  PLR_SHARE_CHANNEL_SHARE_CODE, PLR_SHARE_CHANNEL_PDF, PLR_SHARE_CHANNEL_HTML,
  PLR_SHARE_CHANNEL_JSON, PLR_SHARE_CHANNEL_PRINT, NULL
};

/**
 * plr_share_channel_is_valid:
 * @channel: (nullable): a channel name
 *
 * Returns: whether @channel is one of the PLR_SHARE_CHANNEL_ names
 */
gboolean
plr_share_channel_is_valid (const char *channel)
{
  return channel != NULL && g_strv_contains (channels, channel);
}

/* ------------------------------------------------------------------ */
/* PlrShareInfo                                                         */

PlrShareInfo *
plr_share_info_copy (const PlrShareInfo *info)
{
  PlrShareInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (PlrShareInfo, 1);
  *copy = *info;
  copy->code = g_strdup (info->code);
  copy->url = g_strdup (info->url);
  copy->recipient = g_strdup (info->recipient);
  copy->purpose = g_strdup (info->purpose);
  copy->created_at = info->created_at ? g_date_time_ref (info->created_at) : NULL;
  copy->expires_at = info->expires_at ? g_date_time_ref (info->expires_at) : NULL;

  return copy;
}

void
plr_share_info_free (PlrShareInfo *info)
{
  if (info == NULL)
    return;

  g_clear_pointer (&info->code, g_free);
  g_clear_pointer (&info->url, g_free);
  g_clear_pointer (&info->recipient, g_free);
  g_clear_pointer (&info->purpose, g_free);
  g_clear_pointer (&info->created_at, g_date_time_unref);
  g_clear_pointer (&info->expires_at, g_date_time_unref);
  g_free (info);
}

static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            gsize        max_length,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: required", member);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: expected a string", member);
      return FALSE;
    }

  text = json_node_get_string (node);
  if (strlen (text) > max_length || !g_utf8_validate (text, -1, NULL) ||
      (required && text[0] == '\0'))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a valid value", member);
      return FALSE;
    }

  for (const char *p = text; *p; p++)
    if (g_ascii_iscntrl (*p))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: control characters",
                     member);
        return FALSE;
      }

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
get_time (JsonObject  *object,
          const char  *member,
          GDateTime  **out,
          GError     **error)
{
  g_autofree char *text = NULL;

  if (!get_string (object, member, FALSE, 64, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  *out = g_date_time_new_from_iso8601 (text, NULL);
  if (*out == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not a time", member);
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_share_info_new_from_json:
 * @node: one share as the service describes it
 * @error: return location for a #GError
 *
 * Checks and reads one share. The error message names the member and the
 * problem, never a value.
 *
 * Returns: (transfer full): the share, or %NULL with @error set
 */
PlrShareInfo *
plr_share_info_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(PlrShareInfo) info = g_new0 (PlrShareInfo, 1);
  JsonObject *object;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "expected an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "code", TRUE, 64, &info->code, error) ||
      !get_string (object, "url", FALSE, 2048, &info->url, error) ||
      !get_string (object, "recipient", FALSE, 1024, &info->recipient, error) ||
      !get_string (object, "purpose", FALSE, 1024, &info->purpose, error) ||
      !get_time (object, "created_at", &info->created_at, error) ||
      !get_time (object, "expires_at", &info->expires_at, error))
    return NULL;

  /* Absent is allowed (the answer to POST /v1/shares may leave them out),
   * but a known member with the wrong type is refused, not ignored. */
  member = json_object_get_member (object, "revoked");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "revoked: expected true or false");
          return NULL;
        }
      info->revoked = json_node_get_boolean (member);
    }

  member = json_object_get_member (object, "views");
  if (member != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 views;

      if (!plr_json_read_int (member, "views", 0, G_MAXINT32, &views, &local_error))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               local_error->message);
          return NULL;
        }
      info->views = views;
    }

  return g_steal_pointer (&info);
}

/**
 * plr_share_info_list_from_json:
 * @root: the answer to GET /v1/shares
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrShareInfo): the shares, or
 *   %NULL with @error set
 */
GPtrArray *
plr_share_info_list_from_json (JsonNode  *root,
                               GError   **error)
{
  g_autoptr(GPtrArray) list = NULL;
  JsonNode *shares;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (shares = json_object_get_member (json_node_get_object (root), "shares")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (shares))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "shares: required, an array");
      return NULL;
    }

  array = json_node_get_array (shares);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_share_info_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local_error = NULL;
      PlrShareInfo *info = plr_share_info_new_from_json (json_array_get_element (array, i),
                                                         &local_error);

      if (info == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "shares[%u]: %s", i,
                       local_error->message);
          return NULL;
        }
      g_ptr_array_add (list, info);
    }

  return g_steal_pointer (&list);
}

/* ------------------------------------------------------------------ */
/* PlrShareRecord                                                       */

static void
plr_share_record_finalize (GObject *object)
{
  PlrShareRecord *self = (PlrShareRecord *)object;

  g_clear_pointer (&self->view_name, g_free);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->channel, g_free);
  g_clear_pointer (&self->entry_ids, g_array_unref);
  g_clear_pointer (&self->learner_fields, g_strfreev);
  g_clear_pointer (&self->event_fields, g_strfreev);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->revoked_at, g_date_time_unref);
  g_clear_pointer (&self->share_code, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (plr_share_record_parent_class)->finalize (object);
}

static void
plr_share_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PlrShareRecord *self = PLR_SHARE_RECORD (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_VIEW_NAME:
      g_value_set_string (value, self->view_name);
      break;
    case PROP_RECIPIENT:
      g_value_set_string (value, self->recipient);
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;
    case PROP_REVOKED_AT:
      g_value_set_boxed (value, self->revoked_at);
      break;
    case PROP_SHARE_CODE:
      g_value_set_string (value, self->share_code);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_VIEWS:
      g_value_set_int64 (value, self->views);
      break;
    case PROP_STATE:
      g_value_set_enum (value, plr_share_record_get_state (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_share_record_class_init (PlrShareRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_share_record_finalize;
  object_class->get_property = plr_share_record_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_VIEW_NAME] = g_param_spec_string ("view-name", NULL, NULL, NULL, flags);
  properties[PROP_RECIPIENT] = g_param_spec_string ("recipient", NULL, NULL, NULL, flags);
  properties[PROP_PURPOSE] = g_param_spec_string ("purpose", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL,
                                                    G_TYPE_DATE_TIME, flags);
  properties[PROP_EXPIRES_AT] = g_param_spec_boxed ("expires-at", NULL, NULL,
                                                    G_TYPE_DATE_TIME, flags);
  properties[PROP_REVOKED_AT] = g_param_spec_boxed ("revoked-at", NULL, NULL,
                                                    G_TYPE_DATE_TIME, flags);
  properties[PROP_SHARE_CODE] = g_param_spec_string ("share-code", NULL, NULL, NULL, flags);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_VIEWS] = g_param_spec_int64 ("views", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PLR_TYPE_SHARE_STATE,
                                              PLR_SHARE_STATE_EXPORTED, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_share_record_init (PlrShareRecord *self)
{
  self->entry_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->views = -1;
}

static GStrv
strv_from_json_array (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

PlrShareRecord *
_plr_share_record_new (gint64      id,
                       const char *view_name,
                       const char *recipient,
                       const char *purpose,
                       const char *channel,
                       const char *entry_ids_json,
                       const char *field_names_json,
                       GDateTime  *created_at)
{
  PlrShareRecord *self = g_object_new (PLR_TYPE_SHARE_RECORD, NULL);
  g_autoptr(JsonNode) ids = entry_ids_json ? json_from_string (entry_ids_json, NULL) : NULL;
  g_autoptr(JsonNode) fields = field_names_json ? json_from_string (field_names_json, NULL)
                                                : NULL;

  self->id = id;
  self->view_name = g_strdup (view_name);
  self->recipient = g_strdup (recipient);
  self->purpose = g_strdup (purpose);
  self->channel = g_strdup (channel);
  self->created_at = created_at ? g_date_time_ref (created_at) : NULL;

  if (ids != NULL && JSON_NODE_HOLDS_ARRAY (ids))
    {
      JsonArray *array = json_node_get_array (ids);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gint64 value = json_array_get_int_element (array, i);
          g_array_append_val (self->entry_ids, value);
        }
    }

  if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
    {
      JsonObject *object = json_node_get_object (fields);

      self->learner_fields = strv_from_json_array (json_object_get_member (object, "learner"));
      self->event_fields = strv_from_json_array (json_object_get_member (object, "events"));
    }
  else
    {
      self->learner_fields = g_new0 (char *, 1);
      self->event_fields = g_new0 (char *, 1);
    }

  return self;
}

void
_plr_share_record_set_service (PlrShareRecord *self,
                               const char     *share_code,
                               const char     *url,
                               GDateTime      *expires_at,
                               GDateTime      *revoked_at,
                               gint64          views,
                               gint64          outbox_id,
                               PlrOutboxState  outbox_state)
{
  g_return_if_fail (PLR_IS_SHARE_RECORD (self));

  self->share_code = g_strdup (share_code);
  self->url = g_strdup (url);
  self->expires_at = expires_at ? g_date_time_ref (expires_at) : NULL;
  self->revoked_at = revoked_at ? g_date_time_ref (revoked_at) : NULL;
  self->views = views;
  self->outbox_id = outbox_id;
  self->outbox_state = outbox_state;
}

gint64
plr_share_record_get_id (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), 0);
  return self->id;
}

const char *
plr_share_record_get_view_name (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->view_name;
}

const char *
plr_share_record_get_recipient (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->recipient;
}

const char *
plr_share_record_get_purpose (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->purpose;
}

const char *
plr_share_record_get_channel (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->channel;
}

/**
 * plr_share_record_get_entry_ids:
 * @self: a #PlrShareRecord
 * @n_ids: (out): the number of entries
 *
 * Returns: (array length=n_ids): the LRS IDs of the entries it held
 */
const gint64 *
plr_share_record_get_entry_ids (PlrShareRecord *self,
                                guint          *n_ids)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  g_return_val_if_fail (n_ids != NULL, NULL);

  *n_ids = self->entry_ids->len;
  return (const gint64 *) (gpointer) self->entry_ids->data;
}

/**
 * plr_share_record_get_learner_fields:
 * @self: a #PlrShareRecord
 *
 * Returns: (transfer none): the JSON names of the learner's fields it held
 */
const char * const *
plr_share_record_get_learner_fields (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return (const char * const *) self->learner_fields;
}

/**
 * plr_share_record_get_event_fields:
 * @self: a #PlrShareRecord
 *
 * Returns: (transfer none): the JSON names of the entries' fields it held
 */
const char * const *
plr_share_record_get_event_fields (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return (const char * const *) self->event_fields;
}

GDateTime *
plr_share_record_get_created_at (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->created_at;
}

GDateTime *
plr_share_record_get_expires_at (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->expires_at;
}

GDateTime *
plr_share_record_get_revoked_at (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->revoked_at;
}

const char *
plr_share_record_get_share_code (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->share_code;
}

const char *
plr_share_record_get_url (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), NULL);
  return self->url;
}

/**
 * plr_share_record_get_views:
 * @self: a #PlrShareRecord
 *
 * Returns: how many times recipients read the share, as last heard from
 *   the service, or -1 if not known
 */
gint64
plr_share_record_get_views (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), -1);
  return self->views;
}

/**
 * plr_share_record_get_outbox_id:
 * @self: a #PlrShareRecord
 *
 * Returns: the outbox item that creates the share, or 0 for an export
 */
gint64
plr_share_record_get_outbox_id (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), 0);
  return self->outbox_id;
}

PlrOutboxState
plr_share_record_get_outbox_state (PlrShareRecord *self)
{
  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), PLR_OUTBOX_STATE_QUEUED);
  return self->outbox_state;
}

/**
 * plr_share_record_get_state:
 * @self: a #PlrShareRecord
 *
 * Returns: where the entry stands now
 */
PlrShareState
plr_share_record_get_state (PlrShareRecord *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), PLR_SHARE_STATE_EXPORTED);

  if (g_strcmp0 (self->channel, PLR_SHARE_CHANNEL_SHARE_CODE) != 0)
    return PLR_SHARE_STATE_EXPORTED;
  if (self->revoked_at != NULL)
    return PLR_SHARE_STATE_REVOKED;
  if (self->outbox_state == PLR_OUTBOX_STATE_FAILED)
    return PLR_SHARE_STATE_FAILED;
  if (self->share_code == NULL)
    return PLR_SHARE_STATE_WAITING;

  now = g_date_time_new_now_utc ();
  if (self->expires_at != NULL && g_date_time_compare (now, self->expires_at) >= 0)
    return PLR_SHARE_STATE_EXPIRED;

  return PLR_SHARE_STATE_ACTIVE;
}

/**
 * plr_share_record_compare_coverage:
 * @self: the sharing log's entry for the last time @view left the app
 * @view: the saved view
 * @record: the current record
 * @n_added: (out) (optional): entries @view covers now that did not go out then
 * @n_gone: (out) (optional): entries that went out then that @view no longer covers
 *
 * A saved view's rule is applied again to every new record, so the
 * entries it covers come and go; this says how, against the LRS IDs the
 * log kept.
 *
 * Returns: %TRUE if the entries differ
 */
gboolean
plr_share_record_compare_coverage (PlrShareRecord *self,
                                   PlrView        *view,
                                   PlrRecord      *record,
                                   guint          *n_added,
                                   guint          *n_gone)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) now_ids = NULL;
  g_autoptr(GHashTable) now = NULL;
  g_autoptr(GHashTable) then = NULL;
  const gint64 *ids;
  guint n_ids = 0;
  guint added = 0;
  guint gone = 0;

  g_return_val_if_fail (PLR_IS_SHARE_RECORD (self), FALSE);
  g_return_val_if_fail (PLR_IS_VIEW (view), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  events = plr_view_select_events (view, record);
  now_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), events->len);
  for (guint i = 0; i < events->len; i++)
    {
      gint64 id = plr_learning_event_get_id (g_ptr_array_index (events, i));
      g_array_append_val (now_ids, id);
    }

  /* Hashed by address: the arrays are full and do not move any more. */
  now = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < now_ids->len; i++)
    g_hash_table_add (now, &g_array_index (now_ids, gint64, i));

  ids = plr_share_record_get_entry_ids (self, &n_ids);
  then = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < n_ids; i++)
    {
      g_hash_table_add (then, (gpointer) &ids[i]);
      if (!g_hash_table_contains (now, &ids[i]))
        gone++;
    }
  for (guint i = 0; i < now_ids->len; i++)
    if (!g_hash_table_contains (then, &g_array_index (now_ids, gint64, i)))
      added++;

  if (n_added != NULL)
    *n_added = added;
  if (n_gone != NULL)
    *n_gone = gone;

  return added > 0 || gone > 0;
}
