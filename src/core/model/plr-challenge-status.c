/* plr-challenge-status.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-challenge-status"

#include "config.h"

#include <string.h>

#include "plr-challenge-private.h"
#include "plr-challenge-status.h"
#include "plr-evidence.h"
#include "plr-field.h"
#include "plr-json.h"

/* The service's description of a challenge: the answer to POST
 * /v1/challenges and each element of GET /v1/challenges. Read as strictly
 * as a record: every member the app uses must be there with its kind and
 * within its limits, or the whole answer is refused and nothing is
 * stored. Members the app does not use are ignored, so that a service may
 * add some. Error messages name the member, never its value. */

G_DEFINE_BOXED_TYPE (PlrChallengeStatus, plr_challenge_status,
                     plr_challenge_status_copy, plr_challenge_status_free)

#define MAX_ID_CHARS 64

static gpointer
copy_entry (gconstpointer src,
            gpointer      data)
{
  return plr_challenge_timeline_entry_copy (src);
}

static gpointer
copy_evidence (gconstpointer src,
               gpointer      data)
{
  return plr_evidence_copy (src);
}

/**
 * plr_challenge_status_copy:
 * @status: a #PlrChallengeStatus
 *
 * Returns: (transfer full): a deep copy
 */
PlrChallengeStatus *
plr_challenge_status_copy (const PlrChallengeStatus *status)
{
  PlrChallengeStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = g_new0 (PlrChallengeStatus, 1);
  *copy = *status;
  copy->service_id = g_strdup (status->service_id);
  copy->submitted_at = status->submitted_at ? g_date_time_ref (status->submitted_at) : NULL;
  copy->updated_at = status->updated_at ? g_date_time_ref (status->updated_at) : NULL;
  copy->history = g_ptr_array_copy (status->history, copy_entry, NULL);
  g_ptr_array_set_free_func (copy->history, (GDestroyNotify) plr_challenge_timeline_entry_free);
  copy->evidence = g_ptr_array_copy (status->evidence, copy_evidence, NULL);
  g_ptr_array_set_free_func (copy->evidence, (GDestroyNotify) plr_evidence_free);

  return copy;
}

void
plr_challenge_status_free (PlrChallengeStatus *status)
{
  if (status == NULL)
    return;

  g_clear_pointer (&status->service_id, g_free);
  g_clear_pointer (&status->submitted_at, g_date_time_unref);
  g_clear_pointer (&status->updated_at, g_date_time_unref);
  g_clear_pointer (&status->history, g_ptr_array_unref);
  g_clear_pointer (&status->evidence, g_ptr_array_unref);
  g_free (status);
}

static gboolean G_GNUC_PRINTF (3, 4)
set_invalid (GError     **error,
             const char  *path,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_RESPONSE, "%s: %s",
               path, message);
  return FALSE;
}

/* A string member: %NULL in *out when absent or null and not required. */
static gboolean
get_string (JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            glong        max_chars,
            const char **out,
            GError     **error)
{
  g_autofree char *where = g_strconcat (path, ".", member, NULL);
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required || set_invalid (error, where, "required but missing");

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_invalid (error, where, "expected a string");

  text = json_node_get_string (node);
  if (!_plr_challenge_text_is_clean (text, TRUE) || g_utf8_strlen (text, -1) > max_chars)
    return set_invalid (error, where, "longer than %ld characters or not clean text",
                        max_chars);
  if (required && text[0] == '\0')
    return set_invalid (error, where, "required but empty");

  *out = text;
  return TRUE;
}

static gboolean
get_time (JsonObject  *object,
          const char  *path,
          const char  *member,
          gboolean     required,
          GDateTime  **out,
          GError     **error)
{
  g_autofree char *where = g_strconcat (path, ".", member, NULL);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  const char *text;

  *out = NULL;
  if (!get_string (object, path, member, required, 64, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  /* A time without a zone is read as UTC rather than refused. */
  *out = g_date_time_new_from_iso8601 (text, utc);
  if (*out == NULL)
    return set_invalid (error, where, "expected an ISO 8601 time");

  return TRUE;
}

static gboolean
get_int (JsonObject  *object,
         const char  *path,
         const char  *member,
         gint64       min,
         gint64       max,
         gboolean    *present,
         gint64      *out,
         GError     **error)
{
  g_autofree char *where = g_strconcat (path, ".", member, NULL);
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_object_get_member (object, member);

  *present = FALSE;
  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  /* The one number reader; its message names the member and the range. */
  if (!plr_json_read_int (node, where, min, max, out, &local_error))
    {
      g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_RESPONSE,
                           local_error->message);
      return FALSE;
    }

  *present = TRUE;
  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *path,
           const char  *member,
           guint        max_length,
           GError     **error)
{
  g_autofree char *where = g_strconcat (path, ".", member, NULL);
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_invalid (error, where, "expected an array");
      return NULL;
    }

  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_length)
    {
      set_invalid (error, where, "more than %u elements", max_length);
      return NULL;
    }

  return array;
}

/* The statuses a service may report; draft and waiting-to-send are the app's. */
static gboolean
get_service_state (JsonObject         *object,
                   const char         *path,
                   const char         *member,
                   PlrChallengeState  *state,
                   GError            **error)
{
  g_autofree char *where = g_strconcat (path, ".", member, NULL);
  const char *text;

  if (!get_string (object, path, member, TRUE, 64, &text, error))
    return FALSE;

  if (!plr_challenge_state_from_string (text, state) ||
      *state == PLR_CHALLENGE_STATE_DRAFT || *state == PLR_CHALLENGE_STATE_WAITING_TO_SEND)
    return set_invalid (error, where, "not a status of the protocol");

  return TRUE;
}

static gboolean
id_is_valid (const char *id)
{
  gsize n = 0;

  for (const char *p = id; *p; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
      return FALSE;

  return n > 0 && n <= MAX_ID_CHARS;
}

static gboolean
read_history (JsonObject          *object,
              const char          *path,
              PlrChallengeStatus  *status,
              GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = get_array (object, path, "history", PLR_CHALLENGE_STATUS_MAX_HISTORY,
                                &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.history[%u]", path, i);
      g_autoptr(GDateTime) at = NULL;
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *entry;
      PlrChallengeState state;
      const char *note;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return set_invalid (error, where, "expected an object");
      entry = json_node_get_object (element);

      if (!get_service_state (entry, where, "status", &state, error) ||
          !get_time (entry, where, "at", TRUE, &at, error) ||
          !get_string (entry, where, "note", FALSE, PLR_CHALLENGE_MAX_NOTE_CHARS, &note, error))
        return FALSE;

      g_ptr_array_add (status->history,
                       plr_challenge_timeline_entry_new (state, at, note,
                                                         PLR_CHALLENGE_SOURCE_SERVICE));
    }

  return TRUE;
}

static gboolean
read_evidence (JsonObject          *object,
               const char          *path,
               PlrChallengeStatus  *status,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = get_array (object, path, "evidence", PLR_EVIDENCE_MAX_FILES, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.evidence[%u]", path, i);
      g_autofree char *sha256 = NULL;
      g_autoptr(PlrEvidence) evidence = NULL;
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *entry;
      const char *name, *media_type, *hash;
      gboolean has_size;
      gint64 size;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return set_invalid (error, where, "expected an object");
      entry = json_node_get_object (element);

      if (!get_string (entry, where, "name", TRUE, PLR_EVIDENCE_MAX_NAME_CHARS, &name, error) ||
          !get_string (entry, where, "media_type", FALSE, 64, &media_type, error) ||
          !get_string (entry, where, "sha256", TRUE, 64, &hash, error) ||
          !get_int (entry, where, "size", 0, PLR_EVIDENCE_MAX_BYTES, &has_size, &size, error))
        return FALSE;

      sha256 = g_ascii_strdown (hash, -1);
      if (!plr_evidence_is_sha256 (sha256))
        return set_invalid (error, where, "sha256: expected 64 hex digits");

      evidence = g_new0 (PlrEvidence, 1);
      evidence->name = g_strdup (name);
      evidence->media_type = g_strdup (media_type);
      evidence->sha256 = g_steal_pointer (&sha256);
      evidence->size = has_size ? size : -1;
      g_ptr_array_add (status->evidence, g_steal_pointer (&evidence));
    }

  return TRUE;
}

/**
 * plr_challenge_status_from_json:
 * @node: a challenge object as the service sends it
 * @path: (nullable): where @node is, for error messages, such as "challenges[2]"
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the validated status, or %NULL with
 *   %PLR_CHALLENGE_ERROR_INVALID_RESPONSE
 */
PlrChallengeStatus *
plr_challenge_status_from_json (JsonNode    *node,
                                const char  *path,
                                GError     **error)
{
  g_autoptr(PlrChallengeStatus) status = NULL;
  JsonObject *object;
  const char *id;

  g_return_val_if_fail (node != NULL, NULL);

  if (path == NULL)
    path = "challenge";

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_invalid (error, path, "expected an object");
      return NULL;
    }
  object = json_node_get_object (node);

  status = g_new0 (PlrChallengeStatus, 1);
  status->history =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_challenge_timeline_entry_free);
  status->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_evidence_free);

  if (!get_string (object, path, "id", TRUE, MAX_ID_CHARS, &id, error))
    return NULL;
  if (!id_is_valid (id))
    {
      set_invalid (error, path, "id: expected letters, digits, '_' or '-'");
      return NULL;
    }
  status->service_id = g_strdup (id);

  if (!get_service_state (object, path, "status", &status->state, error) ||
      !get_time (object, path, "submitted_at", TRUE, &status->submitted_at, error) ||
      !get_time (object, path, "updated_at", FALSE, &status->updated_at, error) ||
      !get_int (object, path, "event_id", plr_event_field_info (PLR_EVENT_FIELD_ID)->min_value,
                plr_event_field_info (PLR_EVENT_FIELD_ID)->max_value, &status->has_event_id,
                &status->event_id, error) ||
      !read_history (object, path, status, error) ||
      !read_evidence (object, path, status, error))
    return NULL;

  return g_steal_pointer (&status);
}

/**
 * plr_challenge_status_list_from_json:
 * @root: the body of GET /v1/challenges: `{"challenges": [...]}`
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrChallengeStatus): the
 *   validated statuses, in the service's order, or %NULL with
 *   %PLR_CHALLENGE_ERROR_INVALID_RESPONSE when any of them fails
 */
GPtrArray *
plr_challenge_status_list_from_json (JsonNode  *root,
                                     GError   **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_invalid (error, "(root)", "expected an object");
      return NULL;
    }

  array = get_array (json_node_get_object (root), "(root)", "challenges",
                     PLR_CHALLENGE_STATUS_MAX_LIST, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (array == NULL)
    {
      set_invalid (error, "challenges", "required but missing");
      return NULL;
    }

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_challenge_status_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *where = g_strdup_printf ("challenges[%u]", i);
      PlrChallengeStatus *status = plr_challenge_status_from_json (json_array_get_element (array,
                                                                                           i),
                                                                   where, error);

      if (status == NULL)
        return NULL;
      g_ptr_array_add (list, status);
    }

  return g_steal_pointer (&list);
}
