/* plr-service-db-learners.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-db"

#include "config.h"

#include <string.h>

#include "plr-record-json.h"
#include "plr-service-db-private.h"

/* The service database: learners, their records and LRS accounts. */

/* ------------------------------------------------------------------------ */
/* Learners and records                                                      */

static char *
node_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

static gboolean
write_record (PlrServiceDb  *self,
              gint64         learner_id,
              PlrRecord     *record,
              gint64         now,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) learner_node = NULL;
  g_autofree char *learner_json = NULL;
  g_autofree char *hash = NULL;
  guint n_events = plr_record_get_n_events (record);

  learner_node = plr_learner_to_json_node (plr_record_get_learner (record));
  learner_json = node_to_string (learner_node);
  hash = plr_record_dup_content_hash (record);

  stmt = prepare (self,
                  "INSERT INTO records (learner_id, version, learner_json, incoming_uln,"
                  "                     n_events, content_hash, updated_at)"
                  " VALUES (?1, 1, ?2, ?3, ?4, ?5, ?6)"
                  " ON CONFLICT (learner_id) DO UPDATE SET"
                  "   version = version + 1, learner_json = excluded.learner_json,"
                  "   incoming_uln = excluded.incoming_uln, n_events = excluded.n_events,"
                  "   content_hash = excluded.content_hash, updated_at = excluded.updated_at",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, learner_id);
  bind_text (stmt, 2, learner_json);
  bind_text (stmt, 3, plr_record_get_incoming_uln (record));
  sqlite3_bind_int64 (stmt, 4, n_events);
  bind_text (stmt, 5, hash);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!step_done (self, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (self, "DELETE FROM events WHERE learner_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, learner_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (self,
                  "INSERT INTO events (learner_id, position, event_id, json)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < n_events; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);
      g_autoptr(JsonNode) node = plr_learning_event_to_json_node (event);
      g_autofree char *json = node_to_string (node);

      sqlite3_reset (stmt);
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int64 (stmt, 2, i);
      sqlite3_bind_int64 (stmt, 3, plr_learning_event_get_id (event));
      sqlite3_bind_text (stmt, 4, json, -1, SQLITE_TRANSIENT);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/* What adding a learner writes in one transaction: the learner, then a
 * record of their own (local learners) or their LRS account (LRS learners,
 * who have no record until the first fetch), then the first sharing
 * choice. */
typedef struct
{
  PlrServiceDb                 *self;
  const char                   *username;
  const char                   *salt;
  const char                   *password_hash;
  const PlrServiceDbLrsAccount *account;
  PlrRecord                    *record;
  gint64                        now;
  gint64                        id;
} AddLearner;

static gboolean
add_learner_in_transaction (gpointer   user_data,
                            GError   **error)
{
  AddLearner *add = user_data;
  PlrServiceDb *self = add->self;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (self,
                  "INSERT INTO learners (username, salt, password_hash, created_at)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, add->username);
  bind_text (stmt, 2, add->salt);
  bind_text (stmt, 3, add->password_hash);
  sqlite3_bind_int64 (stmt, 4, add->now);
  if (!step_done (self, stmt, error))
    return FALSE;
  add->id = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (add->record != NULL && !write_record (self, add->id, add->record, add->now, error))
    return FALSE;

  if (add->account != NULL)
    {
      stmt = prepare (self,
                      "INSERT INTO lrs_learners (learner_id, uln, given_name, family_name,"
                      "                          date_of_birth, gender)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                      error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, add->id);
      bind_text (stmt, 2, add->account->uln);
      bind_text (stmt, 3, add->account->given_name);
      bind_text (stmt, 4, add->account->family_name);
      bind_text (stmt, 5, add->account->date_of_birth);
      bind_text (stmt, 6, add->account->gender);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return plr_service_db_set_preferences (self, add->id, FALSE, "initial", NULL, add->now, error);
}

/**
 * plr_service_db_add_learner:
 * @self: a #PlrServiceDb
 * @username: the sign-in name
 * @salt: the password's salt, in hex
 * @password_hash: the salted password hash, in hex
 * @record: the learner's record
 * @now: the time
 * @out_id: (out) (optional): the new learner's row id
 * @error: return location for a #GError
 *
 * Adds a learner with their record (version 1) and their sharing
 * preferences (not opted out).
 *
 * Returns: %TRUE on success; %PLR_SERVICE_DB_ERROR_EXISTS if the username is taken
 */
gboolean
plr_service_db_add_learner (PlrServiceDb  *self,
                            const char    *username,
                            const char    *salt,
                            const char    *password_hash,
                            PlrRecord     *record,
                            gint64         now,
                            gint64        *out_id,
                            GError       **error)
{
  AddLearner add = { self, username, salt, password_hash, NULL, record, now, 0 };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  if (!plr_service_db_transaction (self, add_learner_in_transaction, &add, error))
    return FALSE;

  if (out_id)
    *out_id = add.id;
  return TRUE;
}

/**
 * plr_service_db_add_lrs_learner:
 * @self: a #PlrServiceDb
 * @username: the sign-in name
 * @password_hash: a hash that holds its own salt (yescrypt)
 * @account: the ULN and demographics the LRS matches
 * @now: the time
 * @out_id: (out) (optional): the new learner's row id
 * @error: return location for a #GError
 *
 * Adds a learner whose record comes from the LRS. They have no record
 * until the first fetch.
 *
 * Returns: %TRUE on success; %PLR_SERVICE_DB_ERROR_EXISTS if the username is taken
 */
gboolean
plr_service_db_add_lrs_learner (PlrServiceDb                 *self,
                                const char                   *username,
                                const char                   *password_hash,
                                const PlrServiceDbLrsAccount *account,
                                gint64                        now,
                                gint64                       *out_id,
                                GError                      **error)
{
  AddLearner add = { self, username, "", password_hash, account, NULL, now, 0 };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (username != NULL && password_hash != NULL && account != NULL, FALSE);

  if (!plr_service_db_transaction (self, add_learner_in_transaction, &add, error))
    return FALSE;

  if (out_id)
    *out_id = add.id;
  return TRUE;
}

void
plr_service_db_lrs_account_clear (PlrServiceDbLrsAccount *account)
{
  g_clear_pointer (&account->uln, g_free);
  g_clear_pointer (&account->given_name, g_free);
  g_clear_pointer (&account->family_name, g_free);
  g_clear_pointer (&account->date_of_birth, g_free);
  g_clear_pointer (&account->gender, g_free);
}

/**
 * plr_service_db_get_lrs_account:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @out: (out caller-allocates): the ULN, demographics and last fetch
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the learner's record comes from the LRS;
 *   %PLR_SERVICE_DB_ERROR_NOT_FOUND if it does not
 */
gboolean
plr_service_db_get_lrs_account (PlrServiceDb            *self,
                                gint64                   learner_id,
                                PlrServiceDbLrsAccount  *out,
                                GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  lock (self);
  stmt = prepare (self,
                  "SELECT uln, given_name, family_name, date_of_birth, gender, fetched_at"
                  " FROM lrs_learners WHERE learner_id = ?1",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          out->uln = dup_text (stmt, 0);
          out->given_name = dup_text (stmt, 1);
          out->family_name = dup_text (stmt, 2);
          out->date_of_birth = dup_text (stmt, 3);
          out->gender = dup_text (stmt, 4);
          out->fetched_at = sqlite3_column_int64 (stmt, 5);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        not_found (error, "LRS account");
      else
        set_sqlite_error (self, rc, error, "Could not read the LRS account");
    }
  unlock (self);

  return ok;
}

typedef struct
{
  PlrServiceDb *self;
  gint64        learner_id;
  PlrRecord    *record;
  gint64        now;
  gboolean      changed;
} SetRecord;

static gboolean
set_lrs_record_in_transaction (gpointer   user_data,
                               GError   **error)
{
  SetRecord *set = user_data;
  PlrServiceDb *self = set->self;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored_hash = NULL;

  stmt = prepare (self, "SELECT content_hash FROM records WHERE learner_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set->learner_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stored_hash = dup_text (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  hash = plr_record_dup_content_hash (set->record);
  set->changed = g_strcmp0 (hash, stored_hash) != 0;
  if (set->changed && !write_record (self, set->learner_id, set->record, set->now, error))
    return FALSE;

  stmt = prepare (self, "UPDATE lrs_learners SET fetched_at = ?2 WHERE learner_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, set->learner_id);
  sqlite3_bind_int64 (stmt, 2, set->now);
  return step_done (self, stmt, error);
}

/**
 * plr_service_db_set_lrs_record:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @record: the record the LRS answered with
 * @now: the time
 * @out_changed: (out) (optional): whether a new version was stored
 * @error: return location for a #GError
 *
 * Stores a fetched record as the learner's current version and notes the
 * fetch. A record with the same content as the stored one keeps its
 * version, so the app's If-None-Match still answers 304.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_lrs_record (PlrServiceDb  *self,
                               gint64         learner_id,
                               PlrRecord     *record,
                               gint64         now,
                               gboolean      *out_changed,
                               GError       **error)
{
  SetRecord set = { self, learner_id, record, now, FALSE };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  if (!plr_service_db_transaction (self, set_lrs_record_in_transaction, &set, error))
    return FALSE;

  if (out_changed)
    *out_changed = set.changed;
  return TRUE;
}

/**
 * plr_service_db_set_password_hash:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @password_hash: a hash that holds its own salt (yescrypt)
 * @error: return location for a #GError
 *
 * Replaces the learner's password hash and clears the separate salt that
 * only the old SHA-256 form needed.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_password_hash (PlrServiceDb  *self,
                                  gint64         learner_id,
                                  const char    *password_hash,
                                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (password_hash != NULL, FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE learners SET salt = '', password_hash = ?2 WHERE id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      bind_text (stmt, 2, password_hash);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_find_learner:
 * @self: a #PlrServiceDb
 * @username: the sign-in name
 * @out_id: (out) (optional): the learner's row id
 * @out_salt: (out) (optional) (transfer full): the salt
 * @out_hash: (out) (optional) (transfer full): the password hash
 * @error: return location for a #GError
 *
 * Returns: %TRUE if found; %PLR_SERVICE_DB_ERROR_NOT_FOUND if not
 */
gboolean
plr_service_db_find_learner (PlrServiceDb  *self,
                             const char    *username,
                             gint64        *out_id,
                             char         **out_salt,
                             char         **out_hash,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);

  lock (self);
  stmt = prepare (self, "SELECT id, salt, password_hash FROM learners WHERE username = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, username);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          if (out_id)
            *out_id = sqlite3_column_int64 (stmt, 0);
          if (out_salt)
            *out_salt = dup_text (stmt, 1);
          if (out_hash)
            *out_hash = dup_text (stmt, 2);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        not_found (error, "learner");
      else
        set_sqlite_error (self, rc, error, "Could not find the learner");
    }
  unlock (self);

  return ok;
}

static gboolean
set_record_in_transaction (gpointer   user_data,
                           GError   **error)
{
  SetRecord *set = user_data;

  return write_record (set->self, set->learner_id, set->record, set->now, error);
}

/**
 * plr_service_db_set_record:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @record: the new record
 * @now: the time
 * @error: return location for a #GError
 *
 * Replaces the learner's record and moves it to the next version.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_record (PlrServiceDb  *self,
                           gint64         learner_id,
                           PlrRecord     *record,
                           gint64         now,
                           GError       **error)
{
  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  return plr_service_db_transaction (self, set_record_in_transaction,
                                     &(SetRecord) { self, learner_id, record, now, FALSE },
                                     error);
}

static gboolean
read_record_info (PlrServiceDb            *self,
                  gint64                   learner_id,
                  PlrServiceDbRecordInfo  *info,
                  GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "SELECT version, learner_json, incoming_uln, n_events, content_hash, updated_at"
                  " FROM records WHERE learner_id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, learner_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return not_found (error, "record");
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error, "Could not read the record");

  info->version = sqlite3_column_int64 (stmt, 0);
  info->learner_json = dup_text (stmt, 1);
  info->incoming_uln = dup_text (stmt, 2);
  info->n_events = (guint) sqlite3_column_int64 (stmt, 3);
  info->content_hash = dup_text (stmt, 4);
  info->updated_at = sqlite3_column_int64 (stmt, 5);

  return TRUE;
}

/**
 * plr_service_db_get_record_info:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @info: (out caller-allocates): where to put the record's version and learner
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_get_record_info (PlrServiceDb            *self,
                                gint64                   learner_id,
                                PlrServiceDbRecordInfo  *info,
                                GError                 **error)
{
  gboolean ok;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  lock (self);
  ok = read_record_info (self, learner_id, info, error);
  unlock (self);

  return ok;
}

typedef struct
{
  PlrServiceDb           *self;
  gint64                  learner_id;
  gint64                  version;
  guint                   offset;
  guint                   limit;
  PlrServiceDbRecordInfo *info;
  GPtrArray              *events;
} EventsPage;

static gboolean
read_events_page (gpointer   user_data,
                  GError   **error)
{
  EventsPage *page = user_data;
  PlrServiceDb *self = page->self;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!read_record_info (self, page->learner_id, page->info, error))
    return FALSE;

  if (page->version >= 0 && page->version != page->info->version)
    {
      g_set_error (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_CHANGED,
                   "The record is at version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                   page->info->version, page->version);
      return FALSE;
    }

  stmt = prepare (self,
                  "SELECT json FROM events WHERE learner_id = ?1 AND position >= ?2"
                  " ORDER BY position LIMIT ?3",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, page->learner_id);
  sqlite3_bind_int64 (stmt, 2, page->offset);
  sqlite3_bind_int64 (stmt, 3, page->limit);

  page->events = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (page->events, dup_text (stmt, 0));
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, "Could not read the learning events");

  return TRUE;
}

/**
 * plr_service_db_get_events_page:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @version: the record version the page must come from, or -1 for the current one
 * @offset: the position of the first event
 * @limit: how many events at most
 * @info: (out caller-allocates): the record's version and learner
 * @error: return location for a #GError
 *
 * Reads one page of events as JSON objects, from one consistent version.
 *
 * Returns: (transfer full) (element-type utf8): the events' JSON, or %NULL with
 *   @error set (%PLR_SERVICE_DB_ERROR_CHANGED if the record moved past @version)
 */
GPtrArray *
plr_service_db_get_events_page (PlrServiceDb            *self,
                                gint64                   learner_id,
                                gint64                   version,
                                guint                    offset,
                                guint                    limit,
                                PlrServiceDbRecordInfo  *info,
                                GError                 **error)
{
  EventsPage page = { self, learner_id, version, offset, limit, info, NULL };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  if (!_plr_service_db_read (self, read_events_page, &page, error))
    {
      g_clear_pointer (&page.events, g_ptr_array_unref);
      return NULL;
    }

  return g_steal_pointer (&page.events);
}

/**
 * plr_service_db_load_record:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @error: return location for a #GError
 *
 * Reads the learner's current record back into the model, through the
 * same validator as any other record document.
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_service_db_load_record (PlrServiceDb  *self,
                            gint64         learner_id,
                            GError       **error)
{
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autoptr(GPtrArray) jsons = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonNode) learner_node = NULL;
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(PlrRecord) record = NULL;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  jsons = plr_service_db_get_events_page (self, learner_id, -1, 0, G_MAXINT, &info, error);
  if (jsons == NULL)
    return NULL;

  learner_node = json_from_string (info.learner_json, error);
  if (learner_node == NULL)
    return NULL;
  learner = plr_learner_from_json_node (learner_node, "learner", error);
  if (learner == NULL)
    return NULL;

  events = g_ptr_array_new_full (jsons->len, g_object_unref);
  for (guint i = 0; i < jsons->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (jsons, i), error);
      g_autofree char *path = g_strdup_printf ("events[%u]", i);
      PlrLearningEvent *event;

      if (node == NULL)
        return NULL;
      event = plr_learning_event_from_json_node (node, path, error);
      if (event == NULL)
        return NULL;
      g_ptr_array_add (events, event);
    }

  record = plr_record_new (learner);
  plr_record_take_events (record, g_steal_pointer (&events));
  plr_record_set_incoming_uln (record, info.incoming_uln);
  plr_record_set_source (record, PLR_RECORD_SOURCE_SERVICE);

  return g_steal_pointer (&record);
}

/**
 * plr_service_db_has_event:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @event_id: an LRS event ID
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the learner's current record holds the event
 */
gboolean
plr_service_db_has_event (PlrServiceDb  *self,
                          gint64         learner_id,
                          gint64         event_id,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean found = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "SELECT 1 FROM events WHERE learner_id = ?1 AND event_id = ?2 LIMIT 1",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int64 (stmt, 2, event_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        found = TRUE;
      else if (rc != SQLITE_DONE)
        set_sqlite_error (self, rc, error, "Could not read the learning events");
    }
  unlock (self);

  return found;
}
