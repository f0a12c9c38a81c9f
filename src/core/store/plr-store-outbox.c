/* plr-store-outbox.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plr-challenge-private.h"
#include "plr-challenge-request.h"
#include "plr-learning-event-private.h"
#include "plr-record-json.h"
#include "plr-rights.h"
#include "plr-sqlite.h"
#include "plr-store-private.h"
#include "plr-view-json.h"
#include "plr-view-result.h"

/* ------------------------------------------------------------------------ */
/* The outbox and the sharing choices                                        */

static const char * const sharing_methods[] = { "app", "phone", "letter", NULL };

#define OUTBOX_COLUMNS \
  "id, kind, method, path, body, idempotency_key, created_at, state, attempts, last_error," \
  " next_attempt_at, response, sent_at"

/* An error code is a short, non-personal token such as "offline" or
 * "http-422": lower-case ASCII letters, digits and dashes. */
static gboolean
error_code_is_valid (const char *code)
{
  gsize length = 0;

  if (code == NULL)
    return FALSE;

  for (const char *p = code; *p; p++, length++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;

  return length > 0 && length <= 64;
}

/* The service refuses control characters other than tabs and line breaks. */
gboolean
_plr_store_note_is_valid (const char  *note,
                          GError     **error)
{
  glong n_chars = 0;

  for (const char *p = note; *p; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                               _("The note holds characters that cannot be sent. Remove them "
                                 "and try again."));
          return FALSE;
        }
    }

  if (n_chars > PLR_STORE_MAX_NOTE_CHARS)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                   _("The note is longer than %d characters. Shorten it and try again."),
                   PLR_STORE_MAX_NOTE_CHARS);
      return FALSE;
    }

  return TRUE;
}

static char *
build_sharing_body (gboolean    opted_out,
                    const char *method,
                    const char *note)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "opted_out");
  json_builder_add_boolean_value (builder, opted_out);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, method);
  json_builder_set_member_name (builder, "note");
  if (note != NULL)
    json_builder_add_string_value (builder, note);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Adds a queued item with a fresh Idempotency-Key. Call inside a transaction. */
gboolean
_plr_store_insert_outbox_locked (PlrStore    *self,
                                 const char  *kind,
                                 const char  *method,
                                 const char  *path,
                                 const char  *body,
                                 const char  *created_at,
                                 gint64      *out_id,
                                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = g_uuid_string_random ();
  int rc;

  stmt = _plr_store_prepare (self,
                             "INSERT INTO outbox (kind, method, path, body, idempotency_key,"
                             " created_at, attempts, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0,"
                             " 'queued')",
                             error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, kind);
  plr_sqlite_bind_text_or_null (stmt, 2, method);
  plr_sqlite_bind_text_or_null (stmt, 3, path);
  plr_sqlite_bind_text_or_null (stmt, 4, body);
  plr_sqlite_bind_text_or_null (stmt, 5, key);
  plr_sqlite_bind_text_or_null (stmt, 6, created_at);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error,
                                        _("Could not save the change for sending"));

  *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

typedef struct
{
  PlrStore   *self;
  gboolean    opted_out;
  const char *method;
  const char *note;
  gint64     *out_change_id;
  gint64     *out_outbox_id;
} RecordSharingChoice;

static gboolean
record_sharing_choice_in_transaction (gpointer   user_data,
                                      GError   **error)
{
  RecordSharingChoice *args = user_data;
  PlrStore *self = args->self;
  gboolean opted_out = args->opted_out;
  const char *method = args->method;
  const char *note = args->note;
  gint64 *out_change_id = args->out_change_id;
  gint64 *out_outbox_id = args->out_outbox_id;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *body = build_sharing_body (opted_out, method, note);
  g_autofree char *now = plr_sqlite_format_now ();
  int rc;

  if (!_plr_store_insert_outbox_locked (self, PLR_OUTBOX_KIND_SHARING_PREFERENCE, "PUT",
                                        "v1/sharing-preferences", body, now, out_outbox_id,
                                        error))
    return FALSE;

  stmt = _plr_store_prepare (self,
                             "INSERT INTO sharing_preference_changes (opted_out, method, note,"
                             " made_at, outbox_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, opted_out ? 1 : 0);
  plr_sqlite_bind_text_or_null (stmt, 2, method);
  plr_sqlite_bind_text_or_null (stmt, 3, note);
  plr_sqlite_bind_text_or_null (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, *out_outbox_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not save your sharing choice"));
      return FALSE;
    }
  *out_change_id = sqlite3_last_insert_rowid (self->db);

  return TRUE;
}

static gboolean
record_sharing_choice_locked (PlrStore    *self,
                              gboolean     opted_out,
                              const char  *method,
                              const char  *note,
                              gint64      *out_change_id,
                              gint64      *out_outbox_id,
                              GError     **error)
{
  RecordSharingChoice args = { self, opted_out, method, note, out_change_id, out_outbox_id };

  return _plr_store_run_transaction (self, record_sharing_choice_in_transaction, &args, error);
}

/**
 * plr_store_record_sharing_choice:
 * @self: a #PlrStore
 * @opted_out: %TRUE if organisations should get no learning events
 * @method: how the choice was made: "app", "phone" or "letter"
 * @note: (nullable): the learner's note, at most %PLR_STORE_MAX_NOTE_CHARS
 *   characters; empty counts as none
 * @out_change_id: (out) (optional): the id of the new history entry
 * @error: return location for a #GError
 *
 * Records the learner's sharing choice in their history and, in the same
 * transaction, queues it for the service: `PUT v1/sharing-preferences` with
 * `{"opted_out", "method", "note"}` and a fresh Idempotency-Key. Either both
 * are written or neither. Emits #PlrStore::outbox-item-queued on success.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_INVALID for a note that the
 *   service would refuse
 */
gboolean
plr_store_record_sharing_choice (PlrStore    *self,
                                 gboolean     opted_out,
                                 const char  *method,
                                 const char  *note,
                                 gint64      *out_change_id,
                                 GError     **error)
{
  gint64 change_id = 0;
  gint64 outbox_id = 0;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (method != NULL && g_strv_contains (sharing_methods, method), FALSE);
  g_return_val_if_fail (note == NULL || g_utf8_validate (note, -1, NULL), FALSE);

  if (note != NULL && note[0] == '\0')
    note = NULL;
  if (note != NULL && !_plr_store_note_is_valid (note, error))
    return FALSE;

  g_mutex_lock (&self->mutex);
  ok = record_sharing_choice_locked (self, opted_out, method, note, &change_id, &outbox_id,
                                     error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_debug ("Queued sharing choice %" G_GINT64_FORMAT " as outbox item %" G_GINT64_FORMAT,
           change_id, outbox_id);
  _plr_store_emit_outbox_item_queued (self, outbox_id);

  if (out_change_id)
    *out_change_id = change_id;

  return TRUE;
}

/**
 * plr_store_list_sharing_choices:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrSharingChoice): the learner's
 *   sharing choices in the order they were made, or %NULL on error
 */
GPtrArray *
plr_store_list_sharing_choices (PlrStore  *self,
                                GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT c.id, c.opted_out, c.method, c.note, c.made_at, c.outbox_id,"
                             " o.state, c.reference, c.confirmed_at FROM"
                             " sharing_preference_changes c JOIN outbox o ON o.id = c.outbox_id"
                             " ORDER BY c.id",
                             error);
  if (stmt == NULL)
    return NULL;

  choices = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_sharing_choice_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlrSharingChoice) choice = g_new0 (PlrSharingChoice, 1);

      choice->id = sqlite3_column_int64 (stmt, 0);
      choice->opted_out = sqlite3_column_int (stmt, 1) != 0;
      choice->method = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      choice->note = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      choice->made_at = plr_sqlite_column_time (stmt, 4);
      choice->outbox_id = sqlite3_column_int64 (stmt, 5);
      choice->reference = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      choice->confirmed_at = plr_sqlite_column_time (stmt, 8);

      if (choice->made_at == NULL ||
          !plr_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 6),
                                         &choice->state))
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                               _("Your saved sharing choices could not be read"));
          return NULL;
        }

      g_ptr_array_add (choices, g_steal_pointer (&choice));
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read your sharing choices"));
      return NULL;
    }

  return g_steal_pointer (&choices);
}

/* Reads a row selected with OUTBOX_COLUMNS. */
static PlrOutboxItem *
outbox_item_from_row (sqlite3_stmt  *stmt,
                      GError       **error)
{
  g_autoptr(PlrOutboxItem) item = NULL;
  g_autoptr(GDateTime) created_at = plr_sqlite_column_time (stmt, 6);
  g_autoptr(GDateTime) next_attempt_at = plr_sqlite_column_time (stmt, 10);
  g_autoptr(GDateTime) sent_at = plr_sqlite_column_time (stmt, 12);
  PlrOutboxState state;

  if (created_at == NULL || sqlite3_column_type (stmt, 4) == SQLITE_NULL ||
      !plr_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 7), &state))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                           _("A change waiting to be sent could not be read"));
      return NULL;
    }

  item = _plr_outbox_item_new (sqlite3_column_int64 (stmt, 0),
                               (const char *) sqlite3_column_text (stmt, 1),
                               (const char *) sqlite3_column_text (stmt, 2),
                               (const char *) sqlite3_column_text (stmt, 3),
                               (const char *) sqlite3_column_text (stmt, 4),
                               (const char *) sqlite3_column_text (stmt, 5),
                               created_at);
  _plr_outbox_item_set_progress (item, state,
                                 (guint) MAX (sqlite3_column_int (stmt, 8), 0),
                                 (const char *) sqlite3_column_text (stmt, 9),
                                 next_attempt_at,
                                 (const char *) sqlite3_column_text (stmt, 11),
                                 sent_at);

  return g_steal_pointer (&item);
}

/**
 * plr_store_list_outbox:
 * @self: a #PlrStore
 * @only_queued: %TRUE for the items still waiting to be sent only
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrOutboxItem): the items in the
 *   order they were queued, which is the order they must be sent in, or
 *   %NULL on error
 */
GPtrArray *
plr_store_list_outbox (PlrStore  *self,
                       gboolean   only_queued,
                       GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT " OUTBOX_COLUMNS " FROM outbox "
                             "WHERE ?1 = 0 OR state = 'queued' ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, only_queued ? 1 : 0);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrOutboxItem *item = outbox_item_from_row (stmt, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error,
                                   _("Could not read the changes waiting to be sent"));
      return NULL;
    }

  return g_steal_pointer (&items);
}

/**
 * plr_store_dup_outbox_item:
 * @self: a #PlrStore
 * @id: an outbox item id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the item as stored now, or %NULL with
 *   %PLR_STORE_ERROR_NOT_FOUND if there is none
 */
PlrOutboxItem *
plr_store_dup_outbox_item (PlrStore  *self,
                           gint64     id,
                           GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return outbox_item_from_row (stmt, error);

  if (rc == SQLITE_DONE)
    g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                 "No outbox item %" G_GINT64_FORMAT, id);
  else
    _plr_store_set_sqlite_error (self, rc, error,
                                 _("Could not read the changes waiting to be sent"));

  return NULL;
}

/* Sets the receipt of the sharing choice that @outbox_id carried, from the
 * service's answer: `reference` is required, `updated_at` is used when it
 * is a valid time. Call inside a transaction. */
static gboolean
confirm_sharing_choice_locked (PlrStore    *self,
                               gint64       outbox_id,
                               JsonObject  *answer,
                               const char  *now,
                               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *confirmed_at = NULL;
  JsonNode *node;
  const char *reference = NULL;
  int rc;

  node = json_object_get_member (answer, "reference");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    reference = json_node_get_string (node);

  if (reference == NULL || reference[0] == '\0' || strlen (reference) > 64 ||
      !g_utf8_validate (reference, -1, NULL))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("The service confirmed your sharing choice without a reference"));
      return FALSE;
    }

  for (const char *p = reference; *p; p++)
    if (g_ascii_iscntrl (*p))
      {
        g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                             _("The service confirmed your sharing choice without a reference"));
        return FALSE;
      }

  node = json_object_get_member (answer, "updated_at");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autoptr(GDateTime) updated_at = g_date_time_new_from_iso8601 (json_node_get_string (node),
                                                                      NULL);
      if (updated_at != NULL)
        confirmed_at = plr_sqlite_format_time (updated_at);
    }

  stmt = _plr_store_prepare (self,
                             "UPDATE sharing_preference_changes SET reference = ?1, confirmed_at"
                             " = ?2 WHERE outbox_id = ?3",
                             error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, reference);
  plr_sqlite_bind_text_or_null (stmt, 2, confirmed_at ? confirmed_at : now);
  sqlite3_bind_int64 (stmt, 3, outbox_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the service's receipt"));

  return TRUE;
}

typedef struct
{
  PlrStore   *self;
  gint64      id;
  const char *response_json;
  JsonObject *answer;
  char      **out_challenge_uuid;
  gboolean   *out_shares_changed;
  gint64     *out_queued_id;
} MarkOutboxSent;

static gboolean
mark_outbox_sent_in_transaction (gpointer   user_data,
                                 GError   **error)
{
  MarkOutboxSent *args = user_data;
  PlrStore *self = args->self;
  gint64 id = args->id;
  const char *response_json = args->response_json;
  JsonObject *answer = args->answer;
  char **out_challenge_uuid = args->out_challenge_uuid;
  gboolean *out_shares_changed = args->out_shares_changed;
  gint64 *out_queued_id = args->out_queued_id;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *now = plr_sqlite_format_now ();
  const char *state;
  int rc;

  select = _plr_store_prepare (self,
                               "SELECT kind, CASE WHEN state = 'failed' AND last_error ="
                               " 'cancelled' THEN 'queued' ELSE state END FROM outbox WHERE id = ?1",
                               error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, id);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                     "No outbox item %" G_GINT64_FORMAT, id);
      else
        _plr_store_set_sqlite_error (self, rc, error,
                                     _("Could not read the changes waiting to be sent"));
      return FALSE;
    }

  kind = g_strdup ((const char *) sqlite3_column_text (select, 0));
  state = (const char *) sqlite3_column_text (select, 1);

  /* A share cancelled while its send was under way counts as waiting:
   * the service made it, and taking the answer is what revokes it there. */

  /* Sent already: the answer is recorded, and marking it again is harmless. */
  if (g_strcmp0 (state, "sent") == 0)
    return TRUE;

  if (g_strcmp0 (state, "queued") != 0)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                   "Outbox item %" G_GINT64_FORMAT " is not waiting to be sent", id);
      return FALSE;
    }

  update = _plr_store_prepare (self,
                               "UPDATE outbox SET state = 'sent', attempts = attempts + 1,"
                               " response = ?2, sent_at = ?3, next_attempt_at = NULL WHERE id = ?1",
                               error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, id);
  plr_sqlite_bind_text_or_null (update, 2, response_json);
  plr_sqlite_bind_text_or_null (update, 3, now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error,
                                   _("Could not save the service's answer"));
      return FALSE;
    }

  /* The local change that owns the item learns the outcome in the same
   * transaction. */
  if (g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARING_PREFERENCE) == 0 &&
      !confirm_sharing_choice_locked (self, id, answer, now, error))
    return FALSE;

  if (g_strcmp0 (kind, PLR_OUTBOX_KIND_CHALLENGE) == 0 &&
      !_plr_store_confirm_challenge_locked (self, id, answer, now, out_challenge_uuid,
                                            error))
    return FALSE;

  if (g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE) == 0 &&
      !_plr_store_confirm_share_locked (self, id, answer, now, out_queued_id, error))
    return FALSE;

  *out_shares_changed = g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE) == 0 ||
                        g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE_REVOKE) == 0;

  return TRUE;
}

static gboolean
mark_outbox_sent_locked (PlrStore    *self,
                         gint64       id,
                         const char  *response_json,
                         JsonObject  *answer,
                         char       **out_challenge_uuid,
                         gboolean    *out_shares_changed,
                         gint64      *out_queued_id,
                         GError     **error)
{
  MarkOutboxSent args = { self, id, response_json, answer, out_challenge_uuid,
                          out_shares_changed, out_queued_id };

  return _plr_store_run_transaction (self, mark_outbox_sent_in_transaction, &args, error);
}

/**
 * plr_store_mark_outbox_sent:
 * @self: a #PlrStore
 * @id: a queued outbox item
 * @response_json: the service's answer, a JSON object
 * @error: return location for a #GError
 *
 * Records that the service accepted the item, with its answer, and in the
 * same transaction updates the local change the item carried (for a
 * sharing choice: its reference and confirmation time, from the answer's
 * `reference` and `updated_at`; for a challenge: the service's id, its
 * status, and the service's history in its timeline). Marking a sent item
 * again changes nothing.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_INVALID when the answer lacks
 *   what the change needs, %PLR_STORE_ERROR_NOT_FOUND when there is no
 *   such item or it failed for good. On error nothing changes.
 */
gboolean
plr_store_mark_outbox_sent (PlrStore    *self,
                            gint64       id,
                            const char  *response_json,
                            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *challenge_uuid = NULL;
  gboolean shares_changed = FALSE;
  gint64 queued_id = 0;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (response_json != NULL, FALSE);

  bytes = g_bytes_new_static (response_json, strlen (response_json));
  root = plr_json_parse (bytes, NULL, &parse_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("The service's answer to a change could not be read"));
      return FALSE;
    }

  g_mutex_lock (&self->mutex);
  ok = mark_outbox_sent_locked (self, id, response_json, json_node_get_object (root),
                                &challenge_uuid, &shares_changed, &queued_id, error);
  g_mutex_unlock (&self->mutex);

  if (ok && challenge_uuid != NULL)
    _plr_store_emit_challenge_changed (self, challenge_uuid);
  if (ok && shares_changed)
    _plr_store_emit_shares_changed (self);
  if (ok && queued_id != 0)
    _plr_store_emit_outbox_item_queued (self, queued_id);
  if (ok)
    _plr_store_emit_outbox_item_sent (self, id);

  return ok;
}

typedef struct
{
  PlrStore   *self;
  gint64      id;
  const char *error_code;
  const char *next;
  gboolean    permanent;
  const char *now;
  char       *challenge_uuid;
  gboolean    shares_changed;
} AttemptFailed;

static gboolean
attempt_failed_in_transaction (gpointer   user_data,
                               GError   **error)
{
  AttemptFailed *args = user_data;
  PlrStore *self = args->self;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *kind = NULL;
  int rc;

  select = _plr_store_prepare (self, "SELECT kind FROM outbox WHERE id = ?1 AND state = 'queued'",
                               error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, args->id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                   "No outbox item %" G_GINT64_FORMAT " is waiting to be sent", args->id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the state of a change"));
  kind = g_strdup ((const char *) sqlite3_column_text (select, 0));

  stmt = _plr_store_prepare (self,
                             "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,"
                             " next_attempt_at = ?3, state = ?4 WHERE id = ?1 AND state = 'queued'",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, args->id);
  plr_sqlite_bind_text_or_null (stmt, 2, args->error_code);
  plr_sqlite_bind_text_or_null (stmt, 3, args->next);
  plr_sqlite_bind_text_or_null (stmt, 4, args->permanent ? "failed" : "queued");

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the state of a change"));

  /* A challenge the service refused for good, or whose evidence is gone,
   * goes back to being a draft, with everything the learner wrote, and
   * its timeline says why. */
  if (args->permanent && g_strcmp0 (kind, PLR_OUTBOX_KIND_CHALLENGE) == 0 &&
      !_plr_store_fail_challenge_locked (self, args->id, args->error_code, args->now,
                                         &args->challenge_uuid, error))
    return FALSE;

  args->shares_changed = args->permanent && (g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE) == 0 ||
                                             g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE_REVOKE) == 0);
  return TRUE;
}

/**
 * plr_store_mark_outbox_attempt_failed:
 * @self: a #PlrStore
 * @id: a queued outbox item
 * @error_code: a short code for what went wrong, such as "offline" or
 *   "http-422": lower-case ASCII letters, digits and dashes, never a message
 * @next_attempt_at: (nullable): when to try again; ignored when @permanent
 * @permanent: %TRUE if the service refused the change for good
 * @error: return location for a #GError
 *
 * Counts a failed attempt. A transient failure leaves the item queued
 * until @next_attempt_at; a permanent one marks it failed and, in the same
 * transaction, makes the data challenge it carried a draft again, with
 * @error_code in its timeline (the learner fixes it and sends it again).
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND when there is no
 *   such queued item
 */
gboolean
plr_store_mark_outbox_attempt_failed (PlrStore    *self,
                                      gint64       id,
                                      const char  *error_code,
                                      GDateTime   *next_attempt_at,
                                      gboolean     permanent,
                                      GError     **error)
{
  g_autofree char *next = NULL;
  g_autofree char *now = plr_sqlite_format_now ();
  g_autofree char *challenge_uuid = NULL;
  AttemptFailed args;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (error_code_is_valid (error_code), FALSE);

  if (!permanent && next_attempt_at != NULL)
    next = plr_sqlite_format_time (next_attempt_at);

  args = (AttemptFailed) { self, id, error_code, next, permanent, now, NULL, FALSE };
  g_mutex_lock (&self->mutex);
  ok = _plr_store_run_transaction (self, attempt_failed_in_transaction, &args, error);
  g_mutex_unlock (&self->mutex);
  challenge_uuid = g_steal_pointer (&args.challenge_uuid);
  if (!ok)
    return FALSE;

  if (challenge_uuid != NULL)
    _plr_store_emit_challenge_changed (self, challenge_uuid);
  if (args.shares_changed)
    _plr_store_emit_shares_changed (self);
  if (permanent)
    _plr_store_emit_outbox_item_sent (self, id);

  return TRUE;
}


/**
 * plr_store_count_unsent:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Counts the changes in the outbox that the service has not yet taken:
 * what forgetting this device would lose.
 *
 * Returns: the number of queued outbox items, or -1 on error
 */
int
plr_store_count_unsent (PlrStore  *self,
                        GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "SELECT count(*) FROM outbox WHERE state = 'queued'", error);
  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _plr_store_set_sqlite_error (self, sqlite3_errcode (self->db), error,
                                   _("Could not read the changes waiting to be sent"));
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}
