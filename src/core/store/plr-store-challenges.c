/* plr-store-challenges.c
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
/* Data challenges                                                           */

/* What a draft may hold: far more than the protocol's limits, so that
 * nothing the learner types is refused; submitting checks the limits. */
#define DRAFT_MAX_DETAILS_CHARS 100000
#define DRAFT_MAX_VALUE_CHARS   10000
#define MAX_ROUTE_REFERENCE_CHARS 200

#define CHALLENGE_COLUMNS \
  "c.uuid, c.target, c.event_id, c.event_snapshot, c.field, c.current_value," \
  " c.proposed_value, c.reason, c.details, c.route, c.route_reference, c.state," \
  " c.service_id, c.created_at, c.submitted_at, c.updated_at," \
  " (c.target = 'event' AND EXISTS (SELECT 1 FROM snapshots WHERE is_current = 1) AND" \
  "  NOT EXISTS (SELECT 1 FROM events e WHERE e.snapshot_id =" \
  "   (SELECT id FROM snapshots WHERE is_current = 1) AND e.id = c.event_id))"

#define EVIDENCE_COLUMNS \
  "id, original_name, media_type, size, sha256, stored_path, added_at"

#define TIMELINE_COLUMNS "id, state, at, note, source"

/**
 * plr_store_dup_evidence_dir:
 * @self: a #PlrStore
 *
 * The private folder for copies of evidence: "evidence" next to the
 * database, so $XDG_DATA_HOME/learning-record/evidence/ for the default
 * store.
 *
 * Returns: (transfer full): the folder's path
 */
char *
plr_store_dup_evidence_dir (PlrStore *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  dir = g_path_get_dirname (self->path);
  return g_build_filename (dir, "evidence", NULL);
}

static gboolean
set_challenge_not_found (GError     **error,
                         const char  *uuid)
{
  g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                       _("This data challenge is no longer in Learning Record."));
  return FALSE;
}

static gboolean
set_wrong_state (GError     **error,
                 const char  *message)
{
  g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE, message);
  return FALSE;
}

static PlrLearningEvent *
event_from_json_text (const char *json)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (json == NULL)
    return NULL;

  bytes = g_bytes_new (json, strlen (json));
  node = plr_json_parse (bytes, NULL, NULL);
  if (node == NULL)
    return NULL;

  return plr_learning_event_from_json_node (node, "event", NULL);
}

static char *
event_to_json_text (PlrLearningEvent *event)
{
  g_autoptr(JsonNode) node = plr_learning_event_to_json_node (event);

  return json_to_string (node, FALSE);
}

/* Reads a row selected with CHALLENGE_COLUMNS. */
static PlrChallenge *
challenge_from_row (sqlite3_stmt  *stmt,
                    GError       **error)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(PlrLearningEvent) event = NULL;
  g_autoptr(GDateTime) created_at = plr_sqlite_column_time (stmt, 13);
  g_autoptr(GDateTime) submitted_at = plr_sqlite_column_time (stmt, 14);
  g_autoptr(GDateTime) updated_at = plr_sqlite_column_time (stmt, 15);
  PlrChallengeTarget target;
  PlrChallengeReason reason;
  PlrChallengeRoute route;
  PlrChallengeState state;

  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL ||
      !plr_challenge_target_from_string ((const char *) sqlite3_column_text (stmt, 1), &target) ||
      !plr_challenge_reason_from_string ((const char *) sqlite3_column_text (stmt, 7), &reason) ||
      !plr_challenge_route_from_string ((const char *) sqlite3_column_text (stmt, 9), &route) ||
      !plr_challenge_state_from_string ((const char *) sqlite3_column_text (stmt, 11), &state) ||
      created_at == NULL || updated_at == NULL)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                           _("A saved data challenge could not be read"));
      return NULL;
    }

  challenge = _plr_challenge_new_stored ((const char *) sqlite3_column_text (stmt, 0), target,
                                         sqlite3_column_int64 (stmt, 2));
  plr_challenge_set_field (challenge, (const char *) sqlite3_column_text (stmt, 4));
  plr_challenge_set_current_value (challenge, (const char *) sqlite3_column_text (stmt, 5));
  plr_challenge_set_proposed_value (challenge, (const char *) sqlite3_column_text (stmt, 6));
  plr_challenge_set_reason (challenge, reason);
  plr_challenge_set_details (challenge, (const char *) sqlite3_column_text (stmt, 8));
  plr_challenge_set_route (challenge, route);

  event = event_from_json_text ((const char *) sqlite3_column_text (stmt, 3));
  _plr_challenge_set_event (challenge, event);

  _plr_challenge_set_stored (challenge, state,
                             (const char *) sqlite3_column_text (stmt, 12),
                             (const char *) sqlite3_column_text (stmt, 10),
                             created_at, submitted_at, updated_at,
                             sqlite3_column_int (stmt, 16) != 0);

  return g_steal_pointer (&challenge);
}

static PlrChallenge *
dup_challenge_locked (PlrStore    *self,
                      const char  *uuid,
                      gint64      *out_row_id,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _plr_store_prepare (self,
                             "SELECT " CHALLENGE_COLUMNS ", c.id FROM challenges c"
                             " WHERE c.uuid = ?1",
                             error);
  if (stmt == NULL)
    return NULL;

  plr_sqlite_bind_text_or_null (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_challenge_not_found (error, uuid);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read your data challenges"));
      return NULL;
    }

  if (out_row_id)
    *out_row_id = sqlite3_column_int64 (stmt, 17);

  return challenge_from_row (stmt, error);
}

/* The entry with @event_id in the current snapshot, or NULL. */
static PlrLearningEvent *
load_current_event_locked (PlrStore *self,
                           gint64    event_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *values[PLR_EVENT_N_FIELDS];

  stmt = _plr_store_prepare (self,
                             "SELECT " EVENT_COLUMNS " FROM events WHERE snapshot_id ="
                             " (SELECT id FROM snapshots WHERE is_current = 1) AND id = ?1"
                             " ORDER BY position LIMIT 1",
                             NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, event_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    values[i] = g_strdup ((const char *) sqlite3_column_text (stmt, (int) i));

  return _plr_learning_event_new_take_values (values);
}

static gboolean
insert_timeline_locked (PlrStore            *self,
                        gint64               challenge_row,
                        PlrChallengeState    state,
                        const char          *at,
                        const char          *note,
                        PlrChallengeSource   source,
                        GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _plr_store_prepare (self,
                             "INSERT INTO challenge_events (challenge_id, state, at, note, source)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, challenge_row);
  plr_sqlite_bind_text_or_null (stmt, 2, plr_challenge_state_to_string (state));
  plr_sqlite_bind_text_or_null (stmt, 3, at);
  plr_sqlite_bind_text_or_null (stmt, 4, note);
  plr_sqlite_bind_text_or_null (stmt, 5, plr_challenge_source_to_string (source));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error,
                                        _("Could not save the history of a data challenge"));

  return TRUE;
}

/* What a draft may hold: any text, within generous bounds. */
static gboolean
check_draft_text (const char  *text,
                  glong        max_chars,
                  GError     **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("The challenge holds text that is not valid UTF-8"));
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                   _("The challenge is too long to keep (over %ld characters). Shorten it."),
                   max_chars);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  PlrStore      *self;
  PlrChallenge  *challenge;
  const char    *now;
  PlrChallenge **out_saved;
} SaveChallenge;

static gboolean
save_challenge_in_transaction (gpointer   user_data,
                               GError   **error)
{
  SaveChallenge *args = user_data;
  PlrStore *self = args->self;
  PlrChallenge *challenge = args->challenge;
  const char *now = args->now;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(PlrLearningEvent) looked_up = NULL;
  g_autofree char *snapshot = NULL;
  PlrChallengeTarget target = plr_challenge_get_target (challenge);
  gint64 row_id = 0;
  gboolean exists = FALSE;
  gboolean has_snapshot = FALSE;
  int rc;

  select = _plr_store_prepare (self,
                               "SELECT id, state, event_snapshot IS NOT NULL FROM challenges"
                               " WHERE uuid = ?1",
                               error);
  if (select == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (select, 1, plr_challenge_get_uuid (challenge));
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    {
      exists = TRUE;
      row_id = sqlite3_column_int64 (select, 0);
      has_snapshot = sqlite3_column_int (select, 2) != 0;
      if (g_strcmp0 ((const char *) sqlite3_column_text (select, 1), "draft") != 0)
        {
          set_wrong_state (error, _("This data challenge was already sent, so it can no "
                                           "longer be changed."));
          return FALSE;
        }
    }
  else if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not save your data challenge"));
      return FALSE;
    }

  /* The entry as the learner saw it, kept for the letters and for the day
   * a fetch no longer has it. */
  if (target == PLR_CHALLENGE_TARGET_EVENT)
    {
      PlrLearningEvent *event = plr_challenge_get_event (challenge);

      if (event == NULL && !has_snapshot)
        event = looked_up = load_current_event_locked (self,
                                                       plr_challenge_get_event_id (challenge));
      if (event != NULL)
        snapshot = event_to_json_text (event);
    }

  if (exists)
    stmt = _plr_store_prepare (self,
                               "UPDATE challenges SET target = ?2, event_id = ?3, event_snapshot"
                               " = coalesce (?4, event_snapshot), field = ?5, current_value = ?6,"
                               " proposed_value = ?7, reason = ?8, details = ?9, route = ?10,"
                               " updated_at = ?11 WHERE uuid = ?1",
                               error);
  else
    stmt = _plr_store_prepare (self,
                               "INSERT INTO challenges (uuid, target, event_id, event_snapshot,"
                               " field, current_value, proposed_value, reason, details, route,"
                               " state, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
                               " ?7, ?8, ?9, ?10, 'draft', ?11, ?11)",
                               error);
  if (stmt == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (stmt, 1, plr_challenge_get_uuid (challenge));
  plr_sqlite_bind_text_or_null (stmt, 2, plr_challenge_target_to_string (target));
  if (target == PLR_CHALLENGE_TARGET_EVENT)
    sqlite3_bind_int64 (stmt, 3, plr_challenge_get_event_id (challenge));
  else
    sqlite3_bind_null (stmt, 3);
  plr_sqlite_bind_text_or_null (stmt, 4, snapshot);
  plr_sqlite_bind_text_or_null (stmt, 5, plr_challenge_get_field (challenge));
  plr_sqlite_bind_text_or_null (stmt, 6, plr_challenge_get_current_value (challenge));
  plr_sqlite_bind_text_or_null (stmt, 7, plr_challenge_get_proposed_value (challenge));
  plr_sqlite_bind_text_or_null (stmt, 8, plr_challenge_reason_to_string (
                                  plr_challenge_get_reason (challenge)));
  plr_sqlite_bind_text_or_null (stmt, 9, plr_challenge_get_details (challenge));
  plr_sqlite_bind_text_or_null (stmt, 10, plr_challenge_route_to_string (
                                  plr_challenge_get_route (challenge)));
  plr_sqlite_bind_text_or_null (stmt, 11, now);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not save your data challenge"));
      return FALSE;
    }

  if (!exists)
    {
      row_id = sqlite3_last_insert_rowid (self->db);
      if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_DRAFT, now, NULL,
                                   PLR_CHALLENGE_SOURCE_LEARNER, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
save_challenge_locked (PlrStore      *self,
                       PlrChallenge  *challenge,
                       const char    *now,
                       PlrChallenge **out_saved,
                       GError       **error)
{
  SaveChallenge args = { self, challenge, now, out_saved };

  if (!_plr_store_run_transaction (self, save_challenge_in_transaction, &args, error))
    return FALSE;

  *out_saved = dup_challenge_locked (self, plr_challenge_get_uuid (challenge), NULL, error);
  return *out_saved != NULL;
}

/**
 * plr_store_save_challenge:
 * @self: a #PlrStore
 * @challenge: a draft
 * @error: return location for a #GError
 *
 * Saves a draft under its local id, inserting it the first time (with a
 * "draft" step in its timeline) and updating it after: call it as the
 * learner types. A draft against an entry keeps the entry as it is in the
 * current record (or as @challenge holds it). Drafts may be incomplete;
 * plr_store_submit_challenge() checks them. On success @challenge learns
 * its stored times. Emits #PlrStore::challenge-changed.
 *
 * Each save is a transaction written to disk: a UI saving as the learner
 * types should wait for a pause in the typing.
 *
 * Returns: %TRUE on success; %PLR_CHALLENGE_ERROR_WRONG_STATE when the
 *   challenge is no longer a draft; %PLR_STORE_ERROR_INVALID for text
 *   that is not UTF-8 or beyond any sensible length
 */
gboolean
plr_store_save_challenge (PlrStore      *self,
                          PlrChallenge  *challenge,
                          GError       **error)
{
  g_autoptr(PlrChallenge) saved = NULL;
  g_autofree char *now = NULL;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_CHALLENGE (challenge), FALSE);

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    return set_wrong_state (error, _("This data challenge was already sent, so it can no "
                                     "longer be changed."));

  if (!check_draft_text (plr_challenge_get_field (challenge), 64, error) ||
      !check_draft_text (plr_challenge_get_current_value (challenge), DRAFT_MAX_VALUE_CHARS,
                         error) ||
      !check_draft_text (plr_challenge_get_proposed_value (challenge), DRAFT_MAX_VALUE_CHARS,
                         error) ||
      !check_draft_text (plr_challenge_get_details (challenge), DRAFT_MAX_DETAILS_CHARS, error))
    return FALSE;

  now = plr_sqlite_format_now ();

  g_mutex_lock (&self->mutex);
  ok = save_challenge_locked (self, challenge, now, &saved, error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  _plr_challenge_set_event (challenge, plr_challenge_get_event (saved));
  _plr_challenge_set_stored (challenge, plr_challenge_get_state (saved), NULL, NULL,
                             plr_challenge_get_created_at (saved), NULL,
                             plr_challenge_get_updated_at (saved),
                             plr_challenge_get_event_removed (saved));

  _plr_store_emit_challenge_changed (self, plr_challenge_get_uuid (challenge));

  return TRUE;
}

/**
 * plr_store_dup_challenge:
 * @self: a #PlrStore
 * @uuid: the challenge's local id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the challenge as stored now, or %NULL with
 *   %PLR_STORE_ERROR_NOT_FOUND
 */
PlrChallenge *
plr_store_dup_challenge (PlrStore    *self,
                         const char  *uuid,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  return dup_challenge_locked (self, uuid, NULL, error);
}

/**
 * plr_store_list_challenges:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Every challenge, newest first. A challenge against an entry that the
 * current record no longer holds keeps all its data and says so with
 * plr_challenge_get_event_removed().
 *
 * Returns: (transfer full) (element-type PlrChallenge): the challenges,
 *   or %NULL on error
 */
GPtrArray *
plr_store_list_challenges (PlrStore  *self,
                           GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) challenges = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT " CHALLENGE_COLUMNS " FROM challenges c"
                             " ORDER BY c.created_at DESC, c.id DESC",
                             error);
  if (stmt == NULL)
    return NULL;

  challenges = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrChallenge *challenge = challenge_from_row (stmt, error);

      if (challenge == NULL)
        return NULL;
      g_ptr_array_add (challenges, challenge);
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read your data challenges"));
      return NULL;
    }

  return g_steal_pointer (&challenges);
}

/* Removes the private copies that no row refers to any more. */
static void
remove_unused_copies_locked (PlrStore  *self,
                             GStrv      hashes)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *dir = NULL;

  if (hashes == NULL || hashes[0] == NULL)
    return;

  stmt = _plr_store_prepare (self, "SELECT EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?1)",
                             NULL);
  if (stmt == NULL)
    return;

  dir = plr_store_dup_evidence_dir (self);
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      plr_sqlite_bind_text_or_null (stmt, 1, hashes[i]);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0 &&
          plr_evidence_is_sha256 (hashes[i]))
        {
          g_autofree char *path = plr_evidence_dup_private_path (dir, hashes[i]);

          if (g_unlink (path) != 0 && errno != ENOENT)
            g_debug ("Could not remove an unused copy of evidence: %s", g_strerror (errno));
        }
    }
}

static GStrv
list_hashes_locked (PlrStore *self,
                    gint64    challenge_row,
                    gint64    evidence_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  stmt = _plr_store_prepare (self,
                             "SELECT sha256 FROM evidence WHERE challenge_id = ?1 AND (?2 = 0 OR"
                             " id = ?2)",
                             NULL);
  if (stmt == NULL)
    return g_strv_builder_end (builder);

  sqlite3_bind_int64 (stmt, 1, challenge_row);
  sqlite3_bind_int64 (stmt, 2, evidence_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  return g_strv_builder_end (builder);
}

typedef struct
{
  PlrStore   *self;
  const char *uuid;
  GStrv       hashes;
} DeleteChallenge;

static gboolean
delete_challenge_in_transaction (gpointer   user_data,
                                 GError   **error)
{
  DeleteChallenge *args = user_data;
  PlrStore *self = args->self;
  const char *uuid = args->uuid;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlrChallengeState state;
  gint64 row_id = 0;
  int rc;

  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return FALSE;

  /* One the service holds and is still looking into is followed to the end. */
  state = plr_challenge_get_state (challenge);
  if (plr_challenge_get_route (challenge) == PLR_CHALLENGE_ROUTE_SERVICE &&
      state != PLR_CHALLENGE_STATE_DRAFT && !plr_challenge_state_is_final (state))
    {
      set_wrong_state (error, _("This data challenge is with the service. It can be "
                                       "removed once it is accepted or rejected."));
      return FALSE;
    }

  args->hashes = list_hashes_locked (self, row_id, 0);

  stmt = _plr_store_prepare (self, "DELETE FROM challenges WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error,
                                   _("Could not remove the data challenge"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
delete_challenge_locked (PlrStore    *self,
                         const char  *uuid,
                         GError     **error)
{
  DeleteChallenge args = { self, uuid, NULL };
  g_auto(GStrv) hashes = NULL;
  gboolean ok;

  ok = _plr_store_run_transaction (self, delete_challenge_in_transaction, &args, error);
  hashes = g_steal_pointer (&args.hashes);
  if (!ok)
    return FALSE;

  remove_unused_copies_locked (self, hashes);
  return TRUE;
}

/**
 * plr_store_delete_challenge:
 * @self: a #PlrStore
 * @uuid: the challenge's local id
 * @error: return location for a #GError
 *
 * Removes a draft, a resolved challenge, or one sent by letter or phone,
 * with its timeline and evidence (and the private copies no other
 * challenge uses). Emits #PlrStore::challenge-changed.
 *
 * Returns: %TRUE on success; %PLR_CHALLENGE_ERROR_WRONG_STATE for a
 *   challenge waiting to be sent or open with the service
 */
gboolean
plr_store_delete_challenge (PlrStore    *self,
                            const char  *uuid,
                            GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  ok = delete_challenge_locked (self, uuid, error);
  g_mutex_unlock (&self->mutex);

  if (ok)
    _plr_store_emit_challenge_changed (self, uuid);

  return ok;
}

/* Reads a row selected with EVIDENCE_COLUMNS. */
static PlrEvidence *
evidence_from_row (sqlite3_stmt *stmt)
{
  PlrEvidence *evidence = g_new0 (PlrEvidence, 1);

  evidence->id = sqlite3_column_int64 (stmt, 0);
  evidence->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  evidence->media_type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  evidence->size = sqlite3_column_int64 (stmt, 3);
  evidence->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  evidence->path = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  evidence->added_at = plr_sqlite_column_time (stmt, 6);

  return evidence;
}

static GPtrArray *
list_evidence_locked (PlrStore  *self,
                      gint64     challenge_row,
                      GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int rc;

  stmt = _plr_store_prepare (self,
                             "SELECT " EVIDENCE_COLUMNS " FROM evidence WHERE challenge_id = ?1"
                             " ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, challenge_row);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_evidence_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, evidence_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error,
                                   _("Could not read the evidence of a data challenge"));
      return NULL;
    }

  return g_steal_pointer (&list);
}

static gboolean
check_evidence_limits (GPtrArray    *attached,
                       gint64        extra_size,
                       GError      **error)
{
  gint64 total = extra_size;

  for (guint i = 0; i < attached->len; i++)
    total += ((PlrEvidence *) g_ptr_array_index (attached, i))->size;

  if (attached->len + (extra_size > 0 ? 1 : 0) > PLR_EVIDENCE_MAX_FILES)
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY,
                   _("A data challenge can carry at most %d files of evidence. Remove one "
                     "first."), PLR_EVIDENCE_MAX_FILES);
      return FALSE;
    }

  if (total > PLR_EVIDENCE_MAX_TOTAL_BYTES)
    {
      g_set_error_literal (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY,
                           _("The evidence would be more than 40 MiB in all. Choose smaller "
                             "scans or photos, or remove a file."));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  PlrStore    *self;
  const char  *uuid;
  PlrEvidence *evidence;
  const char  *now;
} AddEvidence;

static gboolean
add_evidence_in_transaction (gpointer   user_data,
                             GError   **error)
{
  AddEvidence *args = user_data;
  PlrStore *self = args->self;
  const char *uuid = args->uuid;
  PlrEvidence *evidence = args->evidence;
  const char *now = args->now;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GPtrArray) attached = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) touch = NULL;
  gint64 row_id = 0;
  int rc;

  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return FALSE;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (error, _("This data challenge was already sent, so no evidence "
                                       "can be added to it."));
      return FALSE;
    }

  attached = list_evidence_locked (self, row_id, error);
  if (attached == NULL)
    return FALSE;

  for (guint i = 0; i < attached->len; i++)
    if (g_str_equal (((PlrEvidence *) g_ptr_array_index (attached, i))->sha256,
                     evidence->sha256))
      {
        g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY,
                     _("“%s” is already attached to this data challenge."), evidence->name);
        return FALSE;
      }

  if (!check_evidence_limits (attached, evidence->size, error))
    return FALSE;

  stmt = _plr_store_prepare (self,
                             "INSERT INTO evidence (challenge_id, original_name, media_type,"
                             " size, sha256, stored_path, added_at) VALUES (?1, ?2, ?3, ?4, ?5,"
                             " ?6, ?7)",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  plr_sqlite_bind_text_or_null (stmt, 2, evidence->name);
  plr_sqlite_bind_text_or_null (stmt, 3, evidence->media_type);
  sqlite3_bind_int64 (stmt, 4, evidence->size);
  plr_sqlite_bind_text_or_null (stmt, 5, evidence->sha256);
  plr_sqlite_bind_text_or_null (stmt, 6, evidence->path);
  plr_sqlite_bind_text_or_null (stmt, 7, now);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not attach the evidence"));
      return FALSE;
    }
  evidence->id = sqlite3_last_insert_rowid (self->db);

  touch = _plr_store_prepare (self, "UPDATE challenges SET updated_at = ?2 WHERE id = ?1",
                              error);
  if (touch == NULL)
    return FALSE;
  sqlite3_bind_int64 (touch, 1, row_id);
  plr_sqlite_bind_text_or_null (touch, 2, now);
  if ((rc = sqlite3_step (touch)) != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not attach the evidence"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_evidence_locked (PlrStore     *self,
                     const char   *uuid,
                     PlrEvidence  *evidence,
                     const char   *now,
                     GError      **error)
{
  AddEvidence args = { self, uuid, evidence, now };

  /* Nothing was attached: the evidence has no id in the store. */
  if (!_plr_store_run_transaction (self, add_evidence_in_transaction, &args, error))
    {
      evidence->id = 0;
      return FALSE;
    }

  return TRUE;
}

static gboolean
media_type_is_known (const char *media_type)
{
  return g_strcmp0 (media_type, "application/pdf") == 0 ||
         g_strcmp0 (media_type, "image/png") == 0 ||
         g_strcmp0 (media_type, "image/jpeg") == 0;
}

/**
 * plr_store_add_challenge_evidence:
 * @self: a #PlrStore
 * @uuid: a draft's local id (saved at least once)
 * @evidence: evidence from plr_evidence_import(); its @id and @added_at are set
 * @error: return location for a #GError
 *
 * Attaches evidence to a draft. Emits #PlrStore::challenge-changed.
 *
 * Returns: %TRUE on success; %PLR_EVIDENCE_ERROR_TOO_MANY over 10 files or
 *   40 MiB, or for a file already attached; %PLR_CHALLENGE_ERROR_WRONG_STATE
 *   when the challenge is no longer a draft
 */
gboolean
plr_store_add_challenge_evidence (PlrStore     *self,
                                  const char   *uuid,
                                  PlrEvidence  *evidence,
                                  GError      **error)
{
  g_autofree char *now = NULL;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (evidence != NULL, FALSE);
  g_return_val_if_fail (plr_evidence_is_sha256 (evidence->sha256), FALSE);
  g_return_val_if_fail (media_type_is_known (evidence->media_type), FALSE);
  g_return_val_if_fail (evidence->size > 0 && evidence->size <= PLR_EVIDENCE_MAX_BYTES, FALSE);
  g_return_val_if_fail (evidence->name != NULL && evidence->name[0] != '\0', FALSE);
  g_return_val_if_fail (evidence->path != NULL, FALSE);

  now = plr_sqlite_format_now ();

  g_mutex_lock (&self->mutex);
  ok = add_evidence_locked (self, uuid, evidence, now, error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_clear_pointer (&evidence->added_at, g_date_time_unref);
  evidence->added_at = g_date_time_new_from_iso8601 (now, NULL);
  _plr_store_emit_challenge_changed (self, uuid);

  return TRUE;
}

typedef struct
{
  PlrStore   *self;
  const char *uuid;
  gint64      evidence_id;
  GStrv       hashes;
} RemoveEvidence;

static gboolean
remove_evidence_in_transaction (gpointer   user_data,
                                GError   **error)
{
  RemoveEvidence *args = user_data;
  PlrStore *self = args->self;
  const char *uuid = args->uuid;
  gint64 evidence_id = args->evidence_id;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 row_id = 0;
  int rc;

  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return FALSE;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (error, _("This data challenge was already sent with its "
                                       "evidence."));
      return FALSE;
    }

  args->hashes = list_hashes_locked (self, row_id, evidence_id);

  stmt = _plr_store_prepare (self, "DELETE FROM evidence WHERE challenge_id = ?1 AND id = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int64 (stmt, 2, evidence_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not remove the evidence"));
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                           _("This evidence is no longer attached."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
remove_evidence_locked (PlrStore    *self,
                        const char  *uuid,
                        gint64       evidence_id,
                        GError     **error)
{
  RemoveEvidence args = { self, uuid, evidence_id, NULL };
  g_auto(GStrv) hashes = NULL;
  gboolean ok;

  ok = _plr_store_run_transaction (self, remove_evidence_in_transaction, &args, error);
  hashes = g_steal_pointer (&args.hashes);
  if (!ok)
    return FALSE;

  remove_unused_copies_locked (self, hashes);
  return TRUE;
}

/**
 * plr_store_remove_challenge_evidence:
 * @self: a #PlrStore
 * @uuid: a draft's local id
 * @evidence_id: the evidence's row id
 * @error: return location for a #GError
 *
 * Detaches evidence from a draft, and removes its private copy when no
 * other challenge uses it. Emits #PlrStore::challenge-changed.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_remove_challenge_evidence (PlrStore    *self,
                                     const char  *uuid,
                                     gint64       evidence_id,
                                     GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  ok = remove_evidence_locked (self, uuid, evidence_id, error);
  g_mutex_unlock (&self->mutex);

  if (ok)
    _plr_store_emit_challenge_changed (self, uuid);

  return ok;
}

/**
 * plr_store_list_challenge_evidence:
 * @self: a #PlrStore
 * @uuid: a challenge's local id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrEvidence): its evidence in the
 *   order it was attached, or %NULL on error
 */
GPtrArray *
plr_store_list_challenge_evidence (PlrStore    *self,
                                   const char  *uuid,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(PlrChallenge) challenge = NULL;
  gint64 row_id = 0;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return NULL;

  return list_evidence_locked (self, row_id, error);
}

/**
 * plr_store_list_challenge_timeline:
 * @self: a #PlrStore
 * @uuid: a challenge's local id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrChallengeTimelineEntry): its
 *   history in the order Learning Record learned it (the service's steps
 *   in the service's order), which does not depend on any clock being
 *   right; %NULL on error
 */
GPtrArray *
plr_store_list_challenge_timeline (PlrStore    *self,
                                   const char  *uuid,
                                   GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) timeline = NULL;
  gint64 row_id = 0;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return NULL;

  stmt = _plr_store_prepare (self,
                             "SELECT " TIMELINE_COLUMNS " FROM challenge_events"
                             " WHERE challenge_id = ?1 ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, row_id);
  timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_challenge_timeline_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) at = plr_sqlite_column_time (stmt, 2);
      PlrChallengeTimelineEntry *entry;
      PlrChallengeState state;
      PlrChallengeSource source;

      if (at == NULL ||
          !plr_challenge_state_from_string ((const char *) sqlite3_column_text (stmt, 1),
                                            &state) ||
          !plr_challenge_source_from_string ((const char *) sqlite3_column_text (stmt, 4),
                                             &source))
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                               _("The history of a data challenge could not be read"));
          return NULL;
        }

      entry = plr_challenge_timeline_entry_new (state, at,
                                                (const char *) sqlite3_column_text (stmt, 3),
                                                source);
      entry->id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (timeline, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error,
                                   _("Could not read the history of a data challenge"));
      return NULL;
    }

  return g_steal_pointer (&timeline);
}

typedef struct
{
  PlrStore   *self;
  const char *uuid;
  const char *now;
  gint64     *out_outbox_id;
} SubmitChallenge;

static gboolean
submit_challenge_in_transaction (gpointer   user_data,
                                 GError   **error)
{
  SubmitChallenge *args = user_data;
  PlrStore *self = args->self;
  const char *uuid = args->uuid;
  const char *now = args->now;
  gint64 *out_outbox_id = args->out_outbox_id;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *body = NULL;
  gint64 row_id = 0;
  int rc;

  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return FALSE;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (error, _("This data challenge was already sent."));
      return FALSE;
    }

  if (!plr_challenge_check_ready (challenge, error))
    return FALSE;

  evidence = list_evidence_locked (self, row_id, error);
  if (evidence == NULL || !check_evidence_limits (evidence, 0, error))
    return FALSE;

  /* A quick look that every copy is still there; its content is checked
   * against its hash when it is sent. */
  for (guint i = 0; i < evidence->len; i++)
    if (!plr_evidence_check_present (g_ptr_array_index (evidence, i), error))
      return FALSE;

  body = plr_challenge_request_build_body (challenge, evidence);

  if (!_plr_store_insert_outbox_locked (self, PLR_OUTBOX_KIND_CHALLENGE, "POST", "v1/challenges",
                                        body, now,
                                        out_outbox_id, error))
    return FALSE;

  stmt = _plr_store_prepare (self,
                             "UPDATE challenges SET state = 'waiting-to-send', route = 'service',"
                             " outbox_id = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'draft'",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int64 (stmt, 2, *out_outbox_id);
  plr_sqlite_bind_text_or_null (stmt, 3, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not save your data challenge"));
      return FALSE;
    }

  if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_WAITING_TO_SEND, now, NULL,
                               PLR_CHALLENGE_SOURCE_LEARNER, error))
    return FALSE;

  return TRUE;
}

static gboolean
submit_challenge_locked (PlrStore    *self,
                         const char  *uuid,
                         const char  *now,
                         gint64      *out_outbox_id,
                         GError     **error)
{
  SubmitChallenge args = { self, uuid, now, out_outbox_id };

  return _plr_store_run_transaction (self, submit_challenge_in_transaction, &args, error);
}

/**
 * plr_store_submit_challenge:
 * @self: a #PlrStore
 * @uuid: a draft's local id
 * @out_outbox_id: (out) (optional): the outbox item that carries it
 * @error: return location for a #GError
 *
 * Sends a draft through the service, offline or not: checks it (see
 * plr_challenge_check_ready(), the evidence limits, and that every private
 * copy of evidence is still there), then in one transaction sets it
 * waiting to send, adds that step to its timeline, and queues `POST
 * v1/challenges` with a fresh Idempotency-Key. Either all three are
 * written or none, and the draft is kept as it was. The evidence's content
 * is read when the item is sent (see plr_challenge_request_expand_body()).
 * Emits #PlrStore::outbox-item-queued and #PlrStore::challenge-changed.
 *
 * Returns: %TRUE on success; otherwise a #PlrChallengeError or a
 *   #PlrEvidenceError that says what to fix, or a #PlrStoreError
 */
gboolean
plr_store_submit_challenge (PlrStore    *self,
                            const char  *uuid,
                            gint64      *out_outbox_id,
                            GError     **error)
{
  g_autofree char *now = NULL;
  gint64 outbox_id = 0;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  now = plr_sqlite_format_now ();

  g_mutex_lock (&self->mutex);
  ok = submit_challenge_locked (self, uuid, now, &outbox_id, error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_debug ("Queued a data challenge as outbox item %" G_GINT64_FORMAT, outbox_id);
  _plr_store_emit_outbox_item_queued (self, outbox_id);
  _plr_store_emit_challenge_changed (self, uuid);

  if (out_outbox_id)
    *out_outbox_id = outbox_id;

  return TRUE;
}

/* Brings a challenge's state and timeline in line with the service's
 * description: adds the history entries it does not have yet, and takes
 * the service's status. Call inside a transaction. */
static gboolean
merge_service_status_locked (PlrStore                 *self,
                             gint64                    row_id,
                             PlrChallengeState         local_state,
                             const PlrChallengeStatus *status,
                             const char               *now,
                             gboolean                 *out_changed,
                             GError                  **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autofree char *submitted_at = plr_sqlite_format_time (status->submitted_at);
  g_autofree char *updated_at =
    status->updated_at ? plr_sqlite_format_time (status->updated_at) : NULL;
  gboolean has_state_entry = FALSE;
  int rc;

  *out_changed = FALSE;

  insert = _plr_store_prepare (self,
                               "INSERT INTO challenge_events (challenge_id, state, at, note,"
                               " source) SELECT ?1, ?2, ?3, ?4, 'service' WHERE NOT EXISTS (SELECT"
                               " 1 FROM challenge_events WHERE challenge_id = ?1 AND state = ?2"
                               "  AND at = ?3 AND source = 'service')",
                               error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < status->history->len; i++)
    {
      PlrChallengeTimelineEntry *entry = g_ptr_array_index (status->history, i);
      g_autofree char *at = plr_sqlite_format_time (entry->at);

      if (entry->state == status->state)
        has_state_entry = TRUE;

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, row_id);
      plr_sqlite_bind_text_or_null (insert, 2, plr_challenge_state_to_string (entry->state));
      plr_sqlite_bind_text_or_null (insert, 3, at);
      plr_sqlite_bind_text_or_null (insert, 4, entry->note);
      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        return _plr_store_set_sqlite_error (self, rc, error,
                                            _("Could not save the history of a data challenge"));
    }

  if (status->state == local_state)
    return TRUE;

  /* A status the service reached without saying when, in its history. */
  if (!has_state_entry &&
      !insert_timeline_locked (self, row_id, status->state, updated_at ? updated_at : now, NULL,
                               PLR_CHALLENGE_SOURCE_SERVICE, error))
    return FALSE;

  update = _plr_store_prepare (self,
                               "UPDATE challenges SET state = ?2, updated_at = ?3,"
                               " submitted_at = coalesce (submitted_at, ?4) WHERE id = ?1",
                               error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, row_id);
  plr_sqlite_bind_text_or_null (update, 2, plr_challenge_state_to_string (status->state));
  plr_sqlite_bind_text_or_null (update, 3, updated_at ? updated_at : now);
  plr_sqlite_bind_text_or_null (update, 4, submitted_at);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save your data challenge"));

  *out_changed = TRUE;
  return TRUE;
}

/* The service took the challenge that @outbox_id carried: its answer is
 * the challenge as it holds it. Call inside a transaction. */
gboolean
_plr_store_confirm_challenge_locked (PlrStore    *self,
                                     gint64       outbox_id,
                                     JsonObject  *answer,
                                     const char  *now,
                                     char       **out_uuid,
                                     GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), answer);
  g_autoptr(PlrChallengeStatus) status = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *submitted_at = NULL;
  PlrChallengeState state;
  gboolean changed;
  gint64 row_id;
  int rc;

  status = plr_challenge_status_from_json (node, "answer", &local_error);
  if (status == NULL)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("The service took your data challenge but its answer could not "
                             "be read"));
      return FALSE;
    }

  select = _plr_store_prepare (self, "SELECT id, uuid, state FROM challenges WHERE outbox_id = ?1",
                               error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, outbox_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    return TRUE;  /* removed since: the outbox keeps the answer */
  if (rc != SQLITE_ROW)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not read your data challenges"));

  row_id = sqlite3_column_int64 (select, 0);
  if (!plr_challenge_state_from_string ((const char *) sqlite3_column_text (select, 2), &state))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                           _("A saved data challenge could not be read"));
      return FALSE;
    }

  submitted_at = plr_sqlite_format_time (status->submitted_at);
  update = _plr_store_prepare (self,
                               "UPDATE challenges SET service_id = ?2, submitted_at = ?3,"
                               " updated_at = ?4 WHERE id = ?1",
                               error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, row_id);
  plr_sqlite_bind_text_or_null (update, 2, status->service_id);
  plr_sqlite_bind_text_or_null (update, 3, submitted_at);
  plr_sqlite_bind_text_or_null (update, 4, now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save the service's receipt"));

  if (!merge_service_status_locked (self, row_id, state, status, now, &changed, error))
    return FALSE;

  *out_uuid = g_strdup ((const char *) sqlite3_column_text (select, 1));
  return TRUE;
}

/* The challenge that @outbox_id carried could not be sent, for good: it
 * goes back to being a draft, and its timeline says why with
 * @error_code. Call inside a transaction. */
gboolean
_plr_store_fail_challenge_locked (PlrStore    *self,
                                  gint64       outbox_id,
                                  const char  *error_code,
                                  const char  *now,
                                  char       **out_uuid,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  gint64 row_id;
  int rc;

  select = _plr_store_prepare (self,
                               "SELECT id, uuid FROM challenges WHERE outbox_id = ?1"
                               " AND state = 'waiting-to-send'",
                               error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, outbox_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not read your data challenges"));

  row_id = sqlite3_column_int64 (select, 0);

  update = _plr_store_prepare (self,
                               "UPDATE challenges SET state = 'draft', updated_at = ?2 WHERE id ="
                               " ?1",
                               error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, row_id);
  plr_sqlite_bind_text_or_null (update, 2, now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not save your data challenge"));

  if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_DRAFT, now, error_code,
                               PLR_CHALLENGE_SOURCE_APP, error))
    return FALSE;

  *out_uuid = g_strdup ((const char *) sqlite3_column_text (select, 1));
  return TRUE;
}

typedef struct
{
  PlrStore     *self;
  GPtrArray    *statuses;
  const char   *now;
  GStrvBuilder *changed;
} ApplyStatuses;

static gboolean
apply_statuses_in_transaction (gpointer   user_data,
                               GError   **error)
{
  ApplyStatuses *args = user_data;
  PlrStore *self = args->self;
  GPtrArray *statuses = args->statuses;
  g_autoptr(sqlite3_stmt) select = NULL;

  select = _plr_store_prepare (self,
                               "SELECT id, uuid, state FROM challenges WHERE service_id = ?1",
                               error);
  if (select == NULL)
    return FALSE;

  for (guint i = 0; i < statuses->len; i++)
    {
      PlrChallengeStatus *status = g_ptr_array_index (statuses, i);
      g_autofree char *uuid = NULL;
      PlrChallengeState state;
      gboolean state_changed = FALSE;
      gint64 row_id;
      int rc;

      sqlite3_reset (select);
      plr_sqlite_bind_text_or_null (select, 1, status->service_id);
      rc = sqlite3_step (select);
      if (rc == SQLITE_DONE)
        continue;  /* raised elsewhere, or not confirmed here yet */
      if (rc != SQLITE_ROW)
        {
          _plr_store_set_sqlite_error (self, rc, error,
                                       _("Could not read your data challenges"));
          return FALSE;
        }

      row_id = sqlite3_column_int64 (select, 0);
      uuid = g_strdup ((const char *) sqlite3_column_text (select, 1));
      if (!plr_challenge_state_from_string ((const char *) sqlite3_column_text (select, 2),
                                            &state))
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                               _("A saved data challenge could not be read"));
          return FALSE;
        }

      if (!merge_service_status_locked (self, row_id, state, status, args->now, &state_changed,
                                        error))
        return FALSE;

      if (state_changed)
        g_strv_builder_add (args->changed, uuid);
    }

  return TRUE;
}

static GStrv
apply_statuses_locked (PlrStore   *self,
                       GPtrArray  *statuses,
                       const char *now,
                       GError    **error)
{
  g_autoptr(GStrvBuilder) changed = g_strv_builder_new ();
  ApplyStatuses args = { self, statuses, now, changed };

  if (!_plr_store_run_transaction (self, apply_statuses_in_transaction, &args, error))
    return NULL;

  return g_strv_builder_end (changed);
}

/**
 * plr_store_apply_challenge_statuses:
 * @self: a #PlrStore
 * @statuses: (element-type PlrChallengeStatus): the service's list, from
 *   plr_client_list_challenges_finish()
 * @error: return location for a #GError
 *
 * In one transaction, brings every challenge the service knows (by its
 * service id) up to date: the service's status, and its history added to
 * the timeline once. Challenges the service lists that were not raised
 * from here are left out. Emits #PlrStore::challenge-changed for each
 * challenge whose state changed.
 *
 * Returns: (transfer full): the local ids of the challenges whose state
 *   changed (empty when none did), so that the app can tell the learner;
 *   %NULL with @error set on error, when nothing changed
 */
GStrv
plr_store_apply_challenge_statuses (PlrStore   *self,
                                    GPtrArray  *statuses,
                                    GError    **error)
{
  g_autofree char *now = NULL;
  GStrv changed;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (statuses != NULL, NULL);

  now = plr_sqlite_format_now ();

  g_mutex_lock (&self->mutex);
  changed = apply_statuses_locked (self, statuses, now, error);
  g_mutex_unlock (&self->mutex);

  if (changed == NULL)
    return NULL;

  if (changed[0] != NULL)
    g_debug ("%u data challenges changed on the service", g_strv_length (changed));

  for (guint i = 0; changed[i] != NULL; i++)
    _plr_store_emit_challenge_changed (self, changed[i]);

  return changed;
}

static gboolean
check_note (const char  *note,
            glong        max_chars,
            GError     **error)
{
  if (note == NULL)
    return TRUE;

  if (!_plr_challenge_text_is_clean (note, TRUE) || g_utf8_strlen (note, -1) > max_chars)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                   _("The note is longer than %ld characters or holds characters that cannot "
                     "be kept. Shorten it and try again."), max_chars);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  PlrStore         *self;
  const char       *uuid;
  PlrChallengeRoute route;
  const char       *sent_at;
  const char       *reference;
  const char       *now;
} RecordSent;

static gboolean
record_sent_in_transaction (gpointer   user_data,
                            GError   **error)
{
  RecordSent *args = user_data;
  PlrStore *self = args->self;
  const char *uuid = args->uuid;
  PlrChallengeRoute route = args->route;
  const char *sent_at = args->sent_at;
  const char *reference = args->reference;
  const char *now = args->now;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 row_id = 0;
  int rc;

  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return FALSE;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (error, _("This data challenge was already sent."));
      return FALSE;
    }

  if (!plr_challenge_check_ready (challenge, error))
    return FALSE;

  stmt = _plr_store_prepare (self,
                             "UPDATE challenges SET state = 'submitted', route = ?2,"
                             " route_reference = ?3, submitted_at = ?4, updated_at = ?5 WHERE id ="
                             " ?1 AND state = 'draft'",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  plr_sqlite_bind_text_or_null (stmt, 2, plr_challenge_route_to_string (route));
  plr_sqlite_bind_text_or_null (stmt, 3, reference);
  plr_sqlite_bind_text_or_null (stmt, 4, sent_at);
  plr_sqlite_bind_text_or_null (stmt, 5, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not save your data challenge"));
      return FALSE;
    }

  if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_SUBMITTED, sent_at, reference,
                               PLR_CHALLENGE_SOURCE_LEARNER, error))
    return FALSE;

  return TRUE;
}

static gboolean
record_sent_locked (PlrStore           *self,
                    const char         *uuid,
                    PlrChallengeRoute   route,
                    const char         *sent_at,
                    const char         *reference,
                    const char         *now,
                    GError            **error)
{
  RecordSent args = { self, uuid, route, sent_at, reference, now };

  return _plr_store_run_transaction (self, record_sent_in_transaction, &args, error);
}

/**
 * plr_store_record_challenge_sent:
 * @self: a #PlrStore
 * @uuid: a draft's local id
 * @route: how it was sent: a letter to the provider or to the LRS, or a
 *   phone call (not %PLR_CHALLENGE_ROUTE_SERVICE)
 * @sent_at: the day the learner sent the letter or phoned; the one-month
 *   clock starts then
 * @reference: (nullable): a reference the learner was given or wrote
 * @error: return location for a #GError
 *
 * Records a challenge sent on paper or by phone: it becomes submitted,
 * with that step in its timeline. Emits #PlrStore::challenge-changed.
 *
 * Returns: %TRUE on success; a #PlrChallengeError when it is not ready or
 *   no longer a draft
 */
gboolean
plr_store_record_challenge_sent (PlrStore           *self,
                                 const char         *uuid,
                                 PlrChallengeRoute   route,
                                 GDateTime          *sent_at,
                                 const char         *reference,
                                 GError            **error)
{
  g_autofree char *at = NULL;
  g_autofree char *now = NULL;
  g_autofree char *clean_reference = NULL;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (route != PLR_CHALLENGE_ROUTE_SERVICE, FALSE);
  g_return_val_if_fail (sent_at != NULL, FALSE);

  if (reference != NULL)
    {
      clean_reference = g_strstrip (g_strdup (reference));
      if (clean_reference[0] == '\0')
        g_clear_pointer (&clean_reference, g_free);
    }
  if (!check_note (clean_reference, MAX_ROUTE_REFERENCE_CHARS, error))
    return FALSE;

  at = plr_sqlite_format_time (sent_at);
  now = plr_sqlite_format_now ();

  g_mutex_lock (&self->mutex);
  ok = record_sent_locked (self, uuid, route, at, clean_reference, now, error);
  g_mutex_unlock (&self->mutex);

  if (ok)
    _plr_store_emit_challenge_changed (self, uuid);

  return ok;
}

typedef struct
{
  PlrStore         *self;
  const char       *uuid;
  PlrChallengeState state;
  const char       *at;
  const char       *note;
  const char       *now;
} RecordProgress;

static gboolean
record_progress_in_transaction (gpointer   user_data,
                                GError   **error)
{
  RecordProgress *args = user_data;
  PlrStore *self = args->self;
  const char *uuid = args->uuid;
  PlrChallengeState state = args->state;
  const char *at = args->at;
  const char *note = args->note;
  const char *now = args->now;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlrChallengeState current;
  gint64 row_id = 0;
  int rc;

  challenge = dup_challenge_locked (self, uuid, &row_id, error);
  if (challenge == NULL)
    return FALSE;

  current = plr_challenge_get_state (challenge);
  if (plr_challenge_get_route (challenge) == PLR_CHALLENGE_ROUTE_SERVICE)
    {
      set_wrong_state (error, _("The service tells Learning Record how this data "
                                       "challenge goes."));
      return FALSE;
    }
  if (current == PLR_CHALLENGE_STATE_DRAFT || current == PLR_CHALLENGE_STATE_WAITING_TO_SEND)
    {
      set_wrong_state (error, _("Record when you sent this data challenge first."));
      return FALSE;
    }

  stmt = _plr_store_prepare (self,
                             "UPDATE challenges SET state = ?2, updated_at = ?3 WHERE id = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, row_id);
  plr_sqlite_bind_text_or_null (stmt, 2, plr_challenge_state_to_string (state));
  plr_sqlite_bind_text_or_null (stmt, 3, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not save your data challenge"));
      return FALSE;
    }

  if (!insert_timeline_locked (self, row_id, state, at, note, PLR_CHALLENGE_SOURCE_LEARNER,
                               error))
    return FALSE;

  return TRUE;
}

static gboolean
record_progress_locked (PlrStore           *self,
                        const char         *uuid,
                        PlrChallengeState   state,
                        const char         *at,
                        const char         *note,
                        const char         *now,
                        GError            **error)
{
  RecordProgress args = { self, uuid, state, at, note, now };

  return _plr_store_run_transaction (self, record_progress_in_transaction, &args, error);
}

/**
 * plr_store_record_challenge_progress:
 * @self: a #PlrStore
 * @uuid: the local id of a challenge sent by letter or phone
 * @state: what the learner heard: under review, needs more information,
 *   accepted or rejected
 * @at: when
 * @note: (nullable): the learner's note, such as the answer's reference
 * @error: return location for a #GError
 *
 * Records news of a challenge sent on paper or by phone, in its state and
 * timeline. Challenges sent through the service learn theirs from it.
 * Emits #PlrStore::challenge-changed.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_record_challenge_progress (PlrStore           *self,
                                     const char         *uuid,
                                     PlrChallengeState   state,
                                     GDateTime          *at,
                                     const char         *note,
                                     GError            **error)
{
  g_autofree char *when = NULL;
  g_autofree char *now = NULL;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (state == PLR_CHALLENGE_STATE_UNDER_REVIEW ||
                        state == PLR_CHALLENGE_STATE_NEEDS_INFORMATION ||
                        state == PLR_CHALLENGE_STATE_ACCEPTED ||
                        state == PLR_CHALLENGE_STATE_REJECTED, FALSE);
  g_return_val_if_fail (at != NULL, FALSE);

  if (note != NULL && note[0] == '\0')
    note = NULL;
  if (!check_note (note, PLR_CHALLENGE_MAX_NOTE_CHARS, error))
    return FALSE;

  when = plr_sqlite_format_time (at);
  now = plr_sqlite_format_now ();

  g_mutex_lock (&self->mutex);
  ok = record_progress_locked (self, uuid, state, when, note, now, error);
  g_mutex_unlock (&self->mutex);

  if (ok)
    _plr_store_emit_challenge_changed (self, uuid);

  return ok;
}

/**
 * plr_store_has_open_service_challenges:
 * @self: a #PlrStore
 *
 * Returns: %TRUE if a challenge sent through the service is still open
 *   (submitted, under review or needing information), so that its status
 *   is worth asking for
 */
gboolean
plr_store_has_open_service_challenges (PlrStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT EXISTS (SELECT 1 FROM challenges WHERE service_id IS NOT"
                             " NULL AND state IN ('submitted', 'under-review',"
                             " 'needs-information'))",
                             NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}
