/* plr-service-db-challenges.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-db"

#include "config.h"

#include <string.h>

#include "plr-service-db-private.h"

/* The service database: data challenges, their history and evidence. */

/* ------------------------------------------------------------------------ */
/* Data challenges                                                           */

static gboolean
add_history (PlrServiceDb  *self,
             const char    *id,
             const char    *status,
             const char    *note,
             gint64         at,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO challenge_history (challenge_id, status, at, note)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, at);
  bind_text (stmt, 4, note);

  return step_done (self, stmt, error);
}

typedef struct
{
  PlrServiceDb                  *self;
  const PlrServiceDbChallenge   *challenge;
} AddChallenge;

static gboolean
add_challenge_in_transaction (gpointer   user_data,
                              GError   **error)
{
  AddChallenge *a = user_data;
  PlrServiceDb *self = a->self;
  const PlrServiceDbChallenge *challenge = a->challenge;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO challenges (id, learner_id, event_id, learner_field, field,"
                  "                        current_value, proposed_value, reason, details,"
                  "                        status, submitted_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, challenge->id);
  sqlite3_bind_int64 (stmt, 2, challenge->learner_id);
  if (challenge->has_event_id)
    sqlite3_bind_int64 (stmt, 3, challenge->event_id);
  else
    sqlite3_bind_null (stmt, 3);
  bind_text (stmt, 4, challenge->learner_field);
  bind_text (stmt, 5, challenge->field);
  bind_text (stmt, 6, challenge->current_value);
  bind_text (stmt, 7, challenge->proposed_value);
  bind_text (stmt, 8, challenge->reason);
  bind_text (stmt, 9, challenge->details);
  bind_text (stmt, 10, challenge->status);
  sqlite3_bind_int64 (stmt, 11, challenge->submitted_at);
  if (!step_done (self, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!add_history (self, challenge->id, challenge->status, NULL, challenge->submitted_at, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO challenge_evidence (challenge_id, position, name, media_type,"
                  "                                sha256, content)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < challenge->evidence->len; i++)
    {
      PlrServiceDbEvidence *evidence = g_ptr_array_index (challenge->evidence, i);
      gsize size = 0;
      gconstpointer data = g_bytes_get_data (evidence->content, &size);

      sqlite3_reset (stmt);
      bind_text (stmt, 1, challenge->id);
      sqlite3_bind_int64 (stmt, 2, i);
      bind_text (stmt, 3, evidence->name);
      bind_text (stmt, 4, evidence->media_type);
      bind_text (stmt, 5, evidence->sha256);
      sqlite3_bind_blob64 (stmt, 6, data ? data : "", size, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return TRUE;
}

/**
 * plr_service_db_add_challenge:
 * @self: a #PlrServiceDb
 * @challenge: the challenge with its evidence (with content)
 * @error: return location for a #GError
 *
 * Stores a new challenge, its evidence and the first entry of its history.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_add_challenge (PlrServiceDb                 *self,
                              const PlrServiceDbChallenge  *challenge,
                              GError                      **error)
{
  AddChallenge a = { self, challenge };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (challenge != NULL, FALSE);

  return plr_service_db_transaction (self, add_challenge_in_transaction, &a, error);
}

#define CHALLENGE_COLUMNS \
  "id, learner_id, event_id, learner_field, field, current_value, proposed_value, reason," \
  " details, status, submitted_at, updated_at"

static gboolean
read_challenge_details (PlrServiceDb           *self,
                        PlrServiceDbChallenge  *challenge,
                        GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "SELECT status, at, note FROM challenge_history WHERE challenge_id = ?1"
                  " ORDER BY id",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, challenge->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrServiceDbHistory *history = g_new0 (PlrServiceDbHistory, 1);

      history->status = dup_text (stmt, 0);
      history->at = sqlite3_column_int64 (stmt, 1);
      history->note = dup_text (stmt, 2);
      g_ptr_array_add (challenge->history, history);
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, "Could not read the challenge history");
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (self,
                  "SELECT name, media_type, sha256, length (content) FROM challenge_evidence"
                  " WHERE challenge_id = ?1 ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, challenge->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrServiceDbEvidence *evidence = g_new0 (PlrServiceDbEvidence, 1);

      evidence->name = dup_text (stmt, 0);
      evidence->media_type = dup_text (stmt, 1);
      evidence->sha256 = dup_text (stmt, 2);
      evidence->size = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (challenge->evidence, evidence);
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, "Could not read the challenge evidence");

  return TRUE;
}

static PlrServiceDbChallenge *
read_challenge (PlrServiceDb  *self,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  g_autoptr(PlrServiceDbChallenge) challenge = plr_service_db_challenge_new ();

  challenge->id = dup_text (stmt, 0);
  challenge->learner_id = sqlite3_column_int64 (stmt, 1);
  challenge->has_event_id = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
  challenge->event_id = sqlite3_column_int64 (stmt, 2);
  challenge->learner_field = dup_text (stmt, 3);
  challenge->field = dup_text (stmt, 4);
  challenge->current_value = dup_text (stmt, 5);
  challenge->proposed_value = dup_text (stmt, 6);
  challenge->reason = dup_text (stmt, 7);
  challenge->details = dup_text (stmt, 8);
  challenge->status = dup_text (stmt, 9);
  challenge->submitted_at = sqlite3_column_int64 (stmt, 10);
  challenge->updated_at = sqlite3_column_int64 (stmt, 11);

  if (!read_challenge_details (self, challenge, error))
    return NULL;

  return g_steal_pointer (&challenge);
}

/* Reads one challenge by id, or all of a learner's, with its history and
 * evidence in one snapshot. */
typedef struct
{
  PlrServiceDb *self;
  gint64        learner_id;
  const char   *id;
  GPtrArray    *list;
} ReadChallenges;

static gboolean
read_challenges (gpointer   user_data,
                 GError   **error)
{
  ReadChallenges *read = user_data;
  PlrServiceDb *self = read->self;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (read->id != NULL)
    {
      stmt = prepare (self, "SELECT " CHALLENGE_COLUMNS " FROM challenges WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, read->id);
    }
  else
    {
      stmt = prepare (self,
                      "SELECT " CHALLENGE_COLUMNS " FROM challenges WHERE learner_id = ?1"
                      " ORDER BY submitted_at DESC, rowid DESC",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, read->learner_id);
    }

  read->list = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_challenge_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrServiceDbChallenge *challenge = read_challenge (self, stmt, error);

      if (challenge == NULL)
        return FALSE;
      g_ptr_array_add (read->list, challenge);
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error,
                             read->id ? "Could not read the challenge" : "Could not read the challenges");

  if (read->id != NULL && read->list->len == 0)
    return not_found (error, "challenge");

  return TRUE;
}

/**
 * plr_service_db_list_challenges:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrServiceDbChallenge): the
 *   learner's challenges with their history and evidence (without content),
 *   newest first, or %NULL with @error set
 */
GPtrArray *
plr_service_db_list_challenges (PlrServiceDb  *self,
                                gint64         learner_id,
                                GError       **error)
{
  ReadChallenges read = { self, learner_id, NULL, NULL };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  if (!_plr_service_db_read (self, read_challenges, &read, error))
    {
      g_clear_pointer (&read.list, g_ptr_array_unref);
      return NULL;
    }

  return read.list;
}

/**
 * plr_service_db_get_challenge:
 * @self: a #PlrServiceDb
 * @id: the challenge id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the challenge, or %NULL with @error set
 *   (%PLR_SERVICE_DB_ERROR_NOT_FOUND if there is none)
 */
PlrServiceDbChallenge *
plr_service_db_get_challenge (PlrServiceDb  *self,
                              const char    *id,
                              GError       **error)
{
  ReadChallenges read = { self, 0, id, NULL };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  if (!_plr_service_db_read (self, read_challenges, &read, error))
    {
      g_clear_pointer (&read.list, g_ptr_array_unref);
      return NULL;
    }

  /* The one challenge moves out of the list, which must not free it. */
  g_ptr_array_set_free_func (read.list, NULL);
  return g_ptr_array_steal_index (read.list, 0);
}

typedef struct
{
  PlrServiceDb   *self;
  const char     *id;
  const char     *status;
  const char     *note;
  gint64          now;
} SetChallengeStatus;

static gboolean
set_challenge_status_in_transaction (gpointer   user_data,
                                     GError   **error)
{
  SetChallengeStatus *a = user_data;
  PlrServiceDb *self = a->self;
  const char *id = a->id;
  const char *status = a->status;
  const char *note = a->note;
  gint64 now = a->now;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self, "UPDATE challenges SET status = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      not_found (error, "challenge");
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!add_history (self, id, status, note, now, error))
    return FALSE;

  return TRUE;
}

/**
 * plr_service_db_set_challenge_status:
 * @self: a #PlrServiceDb
 * @id: the challenge id
 * @status: the new status
 * @note: (nullable): a note for the learner
 * @now: the time
 * @error: return location for a #GError
 *
 * Moves a challenge on and adds the step to its history.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_challenge_status (PlrServiceDb  *self,
                                     const char    *id,
                                     const char    *status,
                                     const char    *note,
                                     gint64         now,
                                     GError       **error)
{
  SetChallengeStatus a = { self, id, status, note, now };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  return plr_service_db_transaction (self, set_challenge_status_in_transaction, &a, error);
}

/**
 * plr_service_db_count_open_challenges:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @event_id: an LRS event ID
 * @error: return location for a #GError
 *
 * Returns: how many of the learner's challenges against the event are not
 *   yet accepted or rejected
 */
guint
plr_service_db_count_open_challenges (PlrServiceDb  *self,
                                      gint64         learner_id,
                                      gint64         event_id,
                                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), 0);

  lock (self);
  stmt = prepare (self,
                  "SELECT count (*) FROM challenges"
                  " WHERE learner_id = ?1 AND event_id = ?2"
                  "   AND status NOT IN ('accepted', 'rejected')",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int64 (stmt, 2, event_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = (guint) sqlite3_column_int64 (stmt, 0);
    }
  unlock (self);

  return count;
}
