/* plr-challenge-request.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-challenge-request"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "plr-challenge-request.h"
#include "plr-evidence.h"

/* The body of POST /v1/challenges (docs/protocol.md, "Data challenges"),
 * in two steps.
 *
 * When the learner submits, the store writes the body to the outbox in the
 * same transaction as the challenge's new state: every member of the
 * protocol, and for each file of evidence its name, media type and
 * SHA-256, but not its content. Evidence is up to 40 MiB; kept in the
 * outbox it would be a second copy of the learner's documents inside the
 * database (which keeps sent items), read whole every time the outbox is
 * listed.
 *
 * When PlrSync sends the item, the body is expanded here, on a worker
 * thread: each file's content is read from its private copy, named by
 * its hash, checked against that hash, and added as base64. The copy is
 * content-addressed and checked, so every attempt sends the same bytes and
 * the Idempotency-Key holds; a copy that vanished or changed stops the
 * send with %PLR_EVIDENCE_ERROR_VANISHED instead of sending something
 * else. The wire body is written directly, not through a JSON tree, so a
 * 53 MiB request is built once in memory. */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Trims the white space the learner left around a value. */
static char *
trimmed (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

/**
 * plr_challenge_request_build_body:
 * @challenge: a challenge ready to send (see plr_challenge_check_ready())
 * @evidence: (element-type PlrEvidence) (nullable): its evidence
 *
 * Returns: (transfer full): the body to keep in the outbox: the protocol's
 *   body with each file's name, media type and SHA-256, without content
 */
char *
plr_challenge_request_build_body (PlrChallenge *challenge,
                                  GPtrArray    *evidence)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *current = NULL;
  g_autofree char *proposed = NULL;
  g_autofree char *details = NULL;
  PlrChallengeTarget target;

  g_return_val_if_fail (PLR_IS_CHALLENGE (challenge), NULL);

  target = plr_challenge_get_target (challenge);
  current = trimmed (plr_challenge_get_current_value (challenge));
  proposed = trimmed (plr_challenge_get_proposed_value (challenge));
  details = trimmed (plr_challenge_get_details (challenge));

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "event_id");
  if (target == PLR_CHALLENGE_TARGET_EVENT)
    json_builder_add_int_value (builder, plr_challenge_get_event_id (challenge));
  else
    json_builder_add_null_value (builder);

  add_string_or_null (builder, "learner_field",
                      target == PLR_CHALLENGE_TARGET_LEARNER
                        ? plr_challenge_get_field (challenge) : NULL);
  add_string_or_null (builder, "field",
                      target != PLR_CHALLENGE_TARGET_MISSING
                        ? plr_challenge_get_field (challenge) : NULL);
  add_string_or_null (builder, "current_value", current);
  add_string_or_null (builder, "proposed_value", proposed);
  add_string_or_null (builder, "reason",
                      plr_challenge_reason_to_string (plr_challenge_get_reason (challenge)));
  add_string_or_null (builder, "details", details);

  json_builder_set_member_name (builder, "evidence");
  json_builder_begin_array (builder);
  for (guint i = 0; evidence != NULL && i < evidence->len; i++)
    {
      PlrEvidence *file = g_ptr_array_index (evidence, i);

      json_builder_begin_object (builder);
      add_string_or_null (builder, "name", file->name);
      add_string_or_null (builder, "media_type", file->media_type);
      add_string_or_null (builder, "sha256", file->sha256);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
set_damaged (GError **error)
{
  g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_TEXT,
                       _("A challenge waiting to be sent is damaged and cannot be sent. Open "
                         "it, check it and send it again."));
  return FALSE;
}

/* A string member, or NULL when it is missing or anything else. */
static const char *
get_member_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);

  g_string_append (out, quoted);
}

static void
append_base64 (GString *out,
               GBytes  *content)
{
  const guchar *data;
  gsize length;
  gsize at;
  int state = 0;
  int save = 0;

  data = g_bytes_get_data (content, &length);
  at = out->len;

  /* Encoded into the string's own buffer: 4 bytes for every 3, plus the
   * end, with no line breaks. */
  g_string_set_size (out, at + (length / 3 + 1) * 4 + 4);
  at += g_base64_encode_step (data, length, FALSE, out->str + at, &state, &save);
  at += g_base64_encode_close (FALSE, out->str + at, &state, &save);
  g_string_truncate (out, at);
}

/**
 * plr_challenge_request_expand_body:
 * @stored_body: the body kept in the outbox
 * @evidence_dir: the private evidence folder
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Adds each file's content, read from its private copy and checked
 * against its hash, to make the body that is sent. The same stored body
 * and copies always give the same bytes. Blocks while it reads.
 *
 * Returns: (transfer full): the body to send, or %NULL with
 *   %PLR_EVIDENCE_ERROR_VANISHED (a copy is gone or changed), another
 *   #PlrEvidenceError, or %PLR_CHALLENGE_ERROR_INVALID_TEXT when the
 *   stored body is damaged
 */
GBytes *
plr_challenge_request_expand_body (const char    *stored_body,
                                   const char    *evidence_dir,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) head_node = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *head = NULL;
  JsonObject *object;
  JsonObject *head_object;
  JsonNode *evidence_node;
  JsonArray *evidence = NULL;
  guint n_files = 0;
  gsize total = 0;

  g_return_val_if_fail (stored_body != NULL, NULL);
  g_return_val_if_fail (evidence_dir != NULL, NULL);

  root = json_from_string (stored_body, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return set_damaged (error), NULL;
  object = json_node_get_object (root);

  evidence_node = json_object_get_member (object, "evidence");
  if (evidence_node != NULL && !JSON_NODE_HOLDS_NULL (evidence_node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (evidence_node))
        return set_damaged (error), NULL;
      evidence = json_node_get_array (evidence_node);
      n_files = json_array_get_length (evidence);
      if (n_files > PLR_EVIDENCE_MAX_FILES)
        return set_damaged (error), NULL;
    }

  /* Every member but the evidence, as the generator writes it. */
  head_object = json_object_new ();
  {
    g_autoptr(GList) members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      if (!g_str_equal (l->data, "evidence"))
        json_object_set_member (head_object, l->data,
                                json_node_copy (json_object_get_member (object, l->data)));
  }
  head_node = json_node_init_object (json_node_alloc (), head_object);
  json_object_unref (head_object);
  head = json_to_string (head_node, FALSE);
  g_assert (g_str_has_suffix (head, "}"));

  out = g_string_sized_new (strlen (head) + 64);
  g_string_append_len (out, head, (gssize) strlen (head) - 1);
  if (out->len > 1)
    g_string_append_c (out, ',');
  g_string_append (out, "\"evidence\":[");

  for (guint i = 0; i < n_files; i++)
    {
      JsonNode *element = json_array_get_element (evidence, i);
      g_autoptr(GBytes) content = NULL;
      JsonObject *file;
      const char *name, *media_type, *sha256;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return set_damaged (error), NULL;
      file = json_node_get_object (element);
      name = get_member_string (file, "name");
      media_type = get_member_string (file, "media_type");
      sha256 = get_member_string (file, "sha256");
      if (name == NULL || media_type == NULL || !plr_evidence_is_sha256 (sha256))
        return set_damaged (error), NULL;

      content = plr_evidence_load_private_copy (evidence_dir, sha256, name, cancellable, error);
      if (content == NULL)
        return NULL;

      total += g_bytes_get_size (content);
      if (total > PLR_EVIDENCE_MAX_TOTAL_BYTES)
        {
          g_set_error_literal (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY,
                               _("The evidence is more than 40 MiB in all. Remove a file and "
                                 "send the challenge again."));
          return NULL;
        }

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"name\":");
      append_json_string (out, name);
      g_string_append (out, ",\"media_type\":");
      append_json_string (out, media_type);
      g_string_append (out, ",\"sha256\":");
      append_json_string (out, sha256);
      g_string_append (out, ",\"content\":\"");
      append_base64 (out, content);
      g_string_append (out, "\"}");
    }

  g_string_append (out, "]}");

  return g_string_free_to_bytes (g_steal_pointer (&out));
}

typedef struct
{
  char *stored_body;
  char *evidence_dir;
} ExpandData;

static void
expand_data_free (ExpandData *data)
{
  g_clear_pointer (&data->stored_body, g_free);
  g_clear_pointer (&data->evidence_dir, g_free);
  g_free (data);
}

static void
expand_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExpandData *data = task_data;
  GBytes *body;
  GError *error = NULL;

  body = plr_challenge_request_expand_body (data->stored_body, data->evidence_dir, cancellable,
                                            &error);
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

/**
 * plr_challenge_request_expand_body_async:
 * @stored_body: the body kept in the outbox
 * @evidence_dir: the private evidence folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Like plr_challenge_request_expand_body(), on a worker thread.
 */
void
plr_challenge_request_expand_body_async (const char          *stored_body,
                                         const char          *evidence_dir,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExpandData *data;

  g_return_if_fail (stored_body != NULL);
  g_return_if_fail (evidence_dir != NULL);

  data = g_new0 (ExpandData, 1);
  data->stored_body = g_strdup (stored_body);
  data->evidence_dir = g_strdup (evidence_dir);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_challenge_request_expand_body_async);
  g_task_set_task_data (task, data, (GDestroyNotify) expand_data_free);
  g_task_run_in_thread (task, expand_thread);
}

/**
 * plr_challenge_request_expand_body_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the body to send, or %NULL with @error set
 */
GBytes *
plr_challenge_request_expand_body_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plr_challenge_request_expand_body_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
