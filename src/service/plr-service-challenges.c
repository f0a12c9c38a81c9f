/* plr-service-challenges.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service"

#include "config.h"

#include <string.h>

#include "plr-field.h"
#include "plr-service-private.h"

/* Data challenges: a learner says an entry (or a personal detail) is
 * wrong, or that an achievement is missing, with evidence. As the LRS does,
 * the service marks a challenged event "under data challenge" until every
 * challenge against it is resolved. An operator resolves challenges
 * (plr_service_resolve_challenge(), or `learning-record-service challenge
 * resolve`); an accepted correction is applied to the record, which then
 * has a new version and ETag. */

#define MAX_EVIDENCE        PLR_PROTOCOL_MAX_EVIDENCE_FILES
#define MAX_EVIDENCE_BYTES  PLR_PROTOCOL_MAX_EVIDENCE_BYTES
#define MAX_DETAILS_CHARS   PLR_PROTOCOL_MAX_DETAILS_CHARS
#define MAX_VALUE_CHARS     1000

static const char * const reasons[] = {
  "wrong-grade", "wrong-date", "wrong-organisation", "not-mine", "duplicate", "missing",
  "sensitive-data", "other", NULL
};

static const struct
{
  const char *media_type;
  const char *magic;
  gsize       magic_length;
} media_types[] = {
  { "application/pdf", "%PDF-", 5 },
  { "image/png", "\x89PNG\r\n\x1a\n", 8 },
  { "image/jpeg", "\xff\xd8\xff", 3 },
};

static gboolean G_GNUC_PRINTF (2, 3)
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                                                format, args));
  va_end (args);

  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* JSON                                                                      */

static void
add_challenge (JsonBuilder                 *builder,
               const PlrServiceDbChallenge *challenge)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, challenge->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, challenge->status);
  _plr_json_builder_add_time (builder, "submitted_at", challenge->submitted_at);
  _plr_json_builder_add_time (builder, "updated_at", challenge->updated_at);

  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < challenge->history->len; i++)
    {
      PlrServiceDbHistory *history = g_ptr_array_index (challenge->history, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, history->status);
      _plr_json_builder_add_time (builder, "at", history->at);
      _plr_json_builder_add_string_or_null (builder, "note", history->note);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "event_id");
  if (challenge->has_event_id)
    json_builder_add_int_value (builder, challenge->event_id);
  else
    json_builder_add_null_value (builder);
  _plr_json_builder_add_string_or_null (builder, "learner_field", challenge->learner_field);
  _plr_json_builder_add_string_or_null (builder, "field", challenge->field);
  _plr_json_builder_add_string_or_null (builder, "current_value", challenge->current_value);
  _plr_json_builder_add_string_or_null (builder, "proposed_value", challenge->proposed_value);
  _plr_json_builder_add_string_or_null (builder, "reason", challenge->reason);
  _plr_json_builder_add_string_or_null (builder, "details", challenge->details);

  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; i < challenge->evidence->len; i++)
    {
      PlrServiceDbEvidence *evidence = g_ptr_array_index (challenge->evidence, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, evidence->name);
      json_builder_set_member_name (builder, "media_type");
      json_builder_add_string_value (builder, evidence->media_type);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, evidence->sha256);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, evidence->size);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* A value may come as a string, a whole number or a boolean; it is kept
 * as the canonical text the record would hold. */
static gboolean
read_value (JsonObject  *body,
            const char  *member,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (body, member);
  const char *text;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          return TRUE;
        case G_TYPE_BOOLEAN:
          *out = g_strdup (json_node_get_boolean (node) ? "Y" : "N");
          return TRUE;
        case G_TYPE_STRING:
          if (!_plr_json_get_string (body, member, FALSE, MAX_VALUE_CHARS, &text, error))
            return FALSE;
          *out = g_strdup (text);
          return TRUE;
        default:
          break;
        }
    }

  return set_invalid (error, "%s: expected a string, a number or a boolean", member);
}

static gboolean
base64_is_clean (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("+/=\r\n", *p))
      return FALSE;

  return TRUE;
}

static gboolean
read_evidence (JsonObject             *body,
               PlrServiceDbChallenge  *challenge,
               GError                **error)
{
  static const char * const members[] = { "name", "media_type", "sha256", "content", NULL };
  JsonNode *node = json_object_get_member (body, "evidence");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_invalid (error, "evidence: expected an array");

  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_EVIDENCE)
    return set_invalid (error, "evidence: at most %u files", MAX_EVIDENCE);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = g_strdup_printf ("evidence[%u]", i);
      g_autofree char *sha256 = NULL;
      g_autofree char *computed = NULL;
      g_autofree guchar *data = NULL;
      const char *name, *media_type, *hash, *content;
      PlrServiceDbEvidence *evidence;
      JsonObject *object;
      gsize length = 0;
      gboolean type_known = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return set_invalid (error, "%s: expected an object", path);
      object = json_node_get_object (element);

      if (!_plr_json_check_members (object, path, members, error) ||
          !_plr_json_get_string (object, "name", TRUE, 255, &name, error) ||
          !_plr_json_get_string (object, "media_type", TRUE, 64, &media_type, error) ||
          !_plr_json_get_string (object, "sha256", TRUE, 64, &hash, error) ||
          !_plr_json_get_string (object, "content", TRUE, G_MAXUINT, &content, error))
        {
          g_prefix_error (error, "%s.", path);
          return FALSE;
        }

      if (strlen (content) > (MAX_EVIDENCE_BYTES / 3 + 1) * 4 + 1024 || !base64_is_clean (content))
        return set_invalid (error, "%s.content: expected base64 of at most 10 MiB", path);
      data = g_base64_decode (content, &length);
      if (length == 0 || length > MAX_EVIDENCE_BYTES)
        return set_invalid (error, "%s.content: expected a file of 1 byte to 10 MiB", path);

      for (guint t = 0; t < G_N_ELEMENTS (media_types); t++)
        {
          if (!g_str_equal (media_types[t].media_type, media_type))
            continue;
          type_known = TRUE;
          if (length < media_types[t].magic_length ||
              memcmp (data, media_types[t].magic, media_types[t].magic_length) != 0)
            return set_invalid (error, "%s.content: does not look like %s", path, media_type);
        }
      if (!type_known)
        return set_invalid (error, "%s.media_type: must be application/pdf, image/png or "
                            "image/jpeg", path);

      sha256 = g_ascii_strdown (hash, -1);
      computed = _plr_sha256_hex (data, length);
      if (!g_str_equal (sha256, computed))
        return set_invalid (error, "%s.sha256: does not match the content", path);

      evidence = g_new0 (PlrServiceDbEvidence, 1);
      evidence->name = g_strdup (name);
      evidence->media_type = g_strdup (media_type);
      evidence->sha256 = g_steal_pointer (&sha256);
      evidence->size = (gint64) length;
      evidence->content = g_bytes_new_take (g_steal_pointer (&data), length);
      g_ptr_array_add (challenge->evidence, evidence);
    }

  return TRUE;
}

/* Reads and checks a challenge from the request body. */
static PlrServiceDbChallenge *
read_challenge (PlrServiceRequest  *req,
                JsonObject         *body,
                GError            **error)
{
  static const char * const members[] = {
    "event_id", "learner_field", "field", "current_value", "proposed_value", "reason",
    "details", "evidence", NULL
  };
  g_autoptr(PlrServiceDbChallenge) challenge = plr_service_db_challenge_new ();
  const char *learner_field, *field, *reason, *details;
  const PlrFieldInfo *info = NULL;
  const PlrFieldInfo *id_info = plr_event_field_info (PLR_EVENT_FIELD_ID);
  g_autoptr(GError) local_error = NULL;

  if (!_plr_json_check_members (body, "", members, error) ||
      !_plr_json_get_int (body, "event_id", id_info->min_value, id_info->max_value,
                          &challenge->has_event_id, &challenge->event_id, error) ||
      !_plr_json_get_string (body, "learner_field", FALSE, 64, &learner_field, error) ||
      !_plr_json_get_string (body, "field", FALSE, 64, &field, error) ||
      !_plr_json_get_string (body, "reason", TRUE, 64, &reason, error) ||
      !_plr_json_get_string (body, "details", FALSE, MAX_DETAILS_CHARS, &details, error) ||
      !read_value (body, "current_value", &challenge->current_value, error) ||
      !read_value (body, "proposed_value", &challenge->proposed_value, error))
    return NULL;

  if (!g_strv_contains (reasons, reason))
    return set_invalid (error, "reason: unknown reason"), NULL;

  if (challenge->has_event_id && learner_field != NULL)
    return set_invalid (error, "event_id and learner_field: give one, not both"), NULL;

  if (challenge->has_event_id)
    {
      if (!plr_service_db_has_event (req->db, req->learner_id, challenge->event_id,
                                     &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          return set_invalid (error, "event_id: there is no such learning event in your "
                              "record"), NULL;
        }
      if (field != NULL)
        {
          int f = plr_event_field_from_name (field);

          if (f < 0 || f == PLR_EVENT_FIELD_ID ||
              !g_str_equal (plr_event_field_info (f)->json_name, field))
            return set_invalid (error, "field: not a field of a learning event"), NULL;
          info = plr_event_field_info (f);
        }
    }
  else if (learner_field != NULL)
    {
      int f = plr_learner_field_from_name (learner_field);

      if (f < 0 || !g_str_equal (plr_learner_field_info (f)->json_name, learner_field))
        return set_invalid (error, "learner_field: not a field of the learner"), NULL;
      if (field != NULL && !g_str_equal (field, learner_field))
        return set_invalid (error, "field: must be empty or the same as learner_field"), NULL;
      field = learner_field;
      info = plr_learner_field_info (f);
    }
  else if (!g_str_equal (reason, "missing"))
    return set_invalid (error, "event_id or learner_field: one is needed unless the reason is "
                        "missing"), NULL;

  if (challenge->proposed_value != NULL && info != NULL)
    {
      g_autofree char *normalized = plr_field_normalize (info, challenge->proposed_value,
                                                         &local_error);

      if (local_error != NULL)
        return set_invalid (error, "proposed_value: %s", local_error->message), NULL;
      g_free (challenge->proposed_value);
      challenge->proposed_value = g_steal_pointer (&normalized);
    }

  if (!read_evidence (body, challenge, error))
    return NULL;

  challenge->id = _plr_challenge_id_new ();
  challenge->learner_id = req->learner_id;
  challenge->learner_field = g_strdup (learner_field);
  challenge->field = g_strdup (field);
  challenge->reason = g_strdup (reason);
  challenge->details = g_strdup (details);
  challenge->status = g_strdup ("submitted");
  challenge->submitted_at = req->now;
  challenge->updated_at = req->now;

  return g_steal_pointer (&challenge);
}

/* ------------------------------------------------------------------------ */
/* The record                                                                */

/* Sets every event with @event_id's under_data_challenge flag.
 * Returns whether anything changed. */
static gboolean
mark_event (PlrRecord  *record,
            gint64      event_id,
            const char *flag)
{
  guint n = plr_record_get_n_events (record);
  gboolean changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);

      if (plr_learning_event_get_id (event) != event_id)
        continue;
      if (g_strcmp0 (plr_learning_event_get_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE),
                     flag) != 0)
        {
          plr_learning_event_set_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE, flag);
          changed = TRUE;
        }
    }

  return changed;
}

/* A copy of @record without the events with @event_id. */
static PlrRecord *
record_without_event (PlrRecord *record,
                      gint64     event_id)
{
  g_autoptr(PlrLearner) learner = plr_learner_copy (plr_record_get_learner (record));
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  PlrRecord *copy;
  guint n = plr_record_get_n_events (record);

  for (guint i = 0; i < n; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);

      if (plr_learning_event_get_id (event) != event_id)
        g_ptr_array_add (events, g_object_ref (event));
    }

  copy = plr_record_new (learner);
  plr_record_take_events (copy, g_steal_pointer (&events));
  plr_record_set_incoming_uln (copy, plr_record_get_incoming_uln (record));

  return copy;
}

/* Applies an accepted challenge's correction. Returns whether the record changed. */
static gboolean
apply_correction (PlrRecord                   **record,
                  const PlrServiceDbChallenge  *challenge,
                  GError                      **error)
{
  if (challenge->has_event_id)
    {
      int f = challenge->field ? plr_event_field_from_name (challenge->field) : -1;
      guint n = plr_record_get_n_events (*record);
      gboolean changed = FALSE;

      if (f >= 0 && f != PLR_EVENT_FIELD_ID)
        {
          g_autofree char *value = plr_field_normalize (plr_event_field_info (f),
                                                        challenge->proposed_value, error);

          if (value == NULL && error && *error)
            return FALSE;
          for (guint i = 0; i < n; i++)
            {
              PlrLearningEvent *event = plr_record_get_event (*record, i);

              if (plr_learning_event_get_id (event) == challenge->event_id &&
                  g_strcmp0 (plr_learning_event_get_value (event, f), value) != 0)
                {
                  plr_learning_event_set_value (event, f, value);
                  changed = TRUE;
                }
            }
          return changed;
        }

      if (g_strcmp0 (challenge->reason, "not-mine") == 0 ||
          g_strcmp0 (challenge->reason, "duplicate") == 0)
        {
          g_autoptr(PlrRecord) trimmed = record_without_event (*record, challenge->event_id);

          changed = plr_record_get_n_events (trimmed) != n;
          g_set_object (record, trimmed);
          return changed;
        }

      return FALSE;
    }

  if (challenge->learner_field != NULL)
    {
      int f = plr_learner_field_from_name (challenge->learner_field);
      PlrLearner *learner = plr_record_get_learner (*record);
      g_autofree char *value = NULL;

      if (f < 0)
        return FALSE;
      /* The ULN is the record's key: it is corrected in the LRS, not here. */
      if (f == PLR_LEARNER_FIELD_ULN && challenge->proposed_value == NULL)
        return FALSE;
      value = plr_field_normalize (plr_learner_field_info (f), challenge->proposed_value, error);
      if (value == NULL && error && *error)
        return FALSE;
      if (g_strcmp0 (plr_learner_get_value (learner, f), value) == 0)
        return FALSE;
      plr_learner_set_value (learner, f, value);
      return TRUE;
    }

  /* A missing achievement is added by whoever awards it, not by the service. */
  return FALSE;
}

typedef struct
{
  PlrServiceDb                *db;
  const PlrServiceDbChallenge *challenge;
  gboolean                     accept;
  const char                  *note;
  gint64                       now;
} ApplyChallenge;

static gboolean
apply_challenge_in_transaction (gpointer   user_data,
                                GError   **error)
{
  ApplyChallenge *apply = user_data;
  PlrServiceDb *db = apply->db;
  const PlrServiceDbChallenge *challenge = apply->challenge;
  g_autoptr(PlrRecord) record = NULL;
  gboolean changed = FALSE;

  if (!plr_service_db_set_challenge_status (db, challenge->id,
                                            apply->accept ? "accepted" : "rejected",
                                            apply->note, apply->now, error))
    return FALSE;

  record = plr_service_db_load_record (db, challenge->learner_id, error);
  if (record == NULL)
    return FALSE;

  if (apply->accept)
    {
      g_autoptr(GError) local_error = NULL;

      changed = apply_correction (&record, challenge, &local_error);
      if (local_error != NULL)
        {
          g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                       "The proposed value cannot be applied: %s", local_error->message);
          return FALSE;
        }
    }

  if (challenge->has_event_id &&
      plr_service_db_count_open_challenges (db, challenge->learner_id, challenge->event_id,
                                            NULL) == 0)
    changed |= mark_event (record, challenge->event_id, "N");

  if (changed && !plr_service_db_set_record (db, challenge->learner_id, record, apply->now, error))
    return FALSE;

  return TRUE;
}

/**
 * _plr_service_apply_challenge:
 * @db: the service database
 * @challenge: an open challenge
 * @accept: whether the correction is accepted
 * @note: (nullable): a note for the learner
 * @now: the time
 * @error: return location for a #GError
 *
 * Resolves a challenge in one transaction: its new status and history, the
 * correction if accepted, and the event's under-challenge mark.
 *
 * Returns: %TRUE on success
 */
gboolean
_plr_service_apply_challenge (PlrServiceDb                 *db,
                              const PlrServiceDbChallenge  *challenge,
                              gboolean                      accept,
                              const char                   *note,
                              gint64                        now,
                              GError                      **error)
{
  ApplyChallenge apply = { db, challenge, accept, note, now };

  return plr_service_db_transaction (db, apply_challenge_in_transaction, &apply, error);
}


/* ------------------------------------------------------------------------ */
/* Handlers                                                                  */

typedef struct
{
  PlrServiceRequest           *req;
  const PlrServiceDbChallenge *challenge;
} StoreChallenge;

static gboolean
store_challenge_in_transaction (gpointer   user_data,
                                GError   **error)
{
  StoreChallenge *store = user_data;
  PlrServiceRequest *req = store->req;
  g_autoptr(PlrRecord) record = NULL;

  if (!plr_service_db_add_challenge (req->db, store->challenge, error))
    return FALSE;

  /* The LRS marks an entry under challenge while it is looked into. */
  if (store->challenge->has_event_id)
    {
      record = plr_service_db_load_record (req->db, req->learner_id, error);
      if (record == NULL)
        return FALSE;
      if (mark_event (record, store->challenge->event_id, "Y") &&
          !plr_service_db_set_record (req->db, req->learner_id, record, req->now, error))
        return FALSE;
    }

  return TRUE;
}

static void
create_challenge (PlrServiceRequest *req,
                  JsonObject        *body)
{
  g_autoptr(PlrServiceDbChallenge) challenge = NULL;
  g_autoptr(PlrServiceDbChallenge) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* Counted only for a new change: a retry with its key is replayed. */
  if (!_plr_service_limit_take_account (req, PLR_SERVICE_LIMIT_CHALLENGE_CREATE))
    return;

  challenge = read_challenge (req, body, &error);
  if (challenge == NULL)
    {
      if (g_error_matches (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID))
        _plr_reply_problem (req->msg, "invalid-request", error->message);
      else
        {
          g_warning ("Could not read a challenge: %s", error->message);
          _plr_reply_problem (req->msg, "server-error", NULL);
        }
      return;
    }

  if (!plr_service_db_transaction (req->db, store_challenge_in_transaction,
                                   &(StoreChallenge) { req, challenge }, &error))
    goto failed;

  stored = plr_service_db_get_challenge (req->db, challenge->id, &error);
  if (stored == NULL)
    goto failed;

  g_debug ("Learner %" G_GINT64_FORMAT " raised challenge %s with %u evidence files",
           req->learner_id, challenge->id, challenge->evidence->len);

  builder = json_builder_new_immutable ();
  add_challenge (builder, stored);
  root = json_builder_get_root (builder);
  _plr_reply_json (req->msg, SOUP_STATUS_CREATED, root);
  return;

failed:
  g_warning ("Could not store a challenge: %s", error->message);
  _plr_reply_problem (req->msg, "server-error", NULL);
}

static void
list_challenges (PlrServiceRequest *req)
{
  g_autoptr(GPtrArray) challenges = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  challenges = plr_service_db_list_challenges (req->db, req->learner_id, &error);
  if (challenges == NULL)
    {
      g_warning ("Could not list challenges: %s", error->message);
      _plr_reply_problem (req->msg, "server-error", NULL);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "challenges");
  json_builder_begin_array (builder);
  for (guint i = 0; i < challenges->len; i++)
    add_challenge (builder, g_ptr_array_index (challenges, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}

/**
 * _plr_service_handle_challenges:
 * @req: a GET or POST of /v1/challenges
 */
void
_plr_service_handle_challenges (PlrServiceRequest *req)
{
  if (!_plr_service_require_learner (req))
    return;

  if (g_str_equal (req->method, "POST"))
    _plr_service_run_idempotent (req, create_challenge);
  else
    list_challenges (req);
}
