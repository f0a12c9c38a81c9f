/* plr-service-db.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-db"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plr-record-json.h"
#include "plr-service-db.h"

/* The reference service's own database: learners and their records, OAuth
 * codes and tokens, shares, data challenges, sharing preferences, the
 * access log and remembered answers to idempotent requests.
 *
 * Every statement is a constant string prepared with bound parameters. The
 * schema moves forward through PRAGMA user_version, one migration a step.
 * Secrets are never stored: authorization codes and tokens are kept as
 * their SHA-256, passwords salted and hashed by the caller.
 *
 * One connection, guarded by a recursive mutex: the service runs its
 * handlers on its own thread while the embedding application may call the
 * public API from another. begin()/commit() hold the lock across several
 * calls so that they form one transaction. */
struct _PlrServiceDb
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  GRecMutex mutex;
  guint     depth;
};

G_DEFINE_FINAL_TYPE (PlrServiceDb, plr_service_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-service-db-error-quark, plr_service_db_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Each migration takes the schema from version N to N + 1. */
static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE learners ("
  "  id            INTEGER PRIMARY KEY,"
  "  username      TEXT NOT NULL UNIQUE,"
  "  salt          TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL"
  ");"
  "CREATE TABLE records ("
  "  learner_id    INTEGER PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,"
  "  version       INTEGER NOT NULL,"
  "  learner_json  TEXT NOT NULL,"
  "  incoming_uln  TEXT,"
  "  n_events      INTEGER NOT NULL,"
  "  content_hash  TEXT NOT NULL,"
  "  updated_at    INTEGER NOT NULL"
  ");"
  "CREATE TABLE events ("
  "  learner_id    INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,"
  "  position      INTEGER NOT NULL,"
  "  event_id      INTEGER NOT NULL,"
  "  json          TEXT NOT NULL,"
  "  PRIMARY KEY (learner_id, position)"
  ") WITHOUT ROWID;"
  "CREATE INDEX events_by_event_id ON events (learner_id, event_id);"
  "CREATE TABLE auth_codes ("
  "  code_hash      TEXT PRIMARY KEY,"
  "  learner_id     INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,"
  "  client_id      TEXT NOT NULL,"
  "  redirect_uri   TEXT NOT NULL,"
  "  code_challenge TEXT NOT NULL,"
  "  scope          TEXT NOT NULL,"
  "  expires_at     INTEGER NOT NULL,"
  "  used           INTEGER NOT NULL DEFAULT 0,"
  "  family_id      INTEGER"
  ");"
  "CREATE TABLE token_families ("
  "  id            INTEGER PRIMARY KEY,"
  "  learner_id    INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,"
  "  client_id     TEXT NOT NULL,"
  "  scope         TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL,"
  "  revoked       INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE tokens ("
  "  hash          TEXT PRIMARY KEY,"
  "  family_id     INTEGER NOT NULL REFERENCES token_families (id) ON DELETE CASCADE,"
  "  kind          TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),"
  "  expires_at    INTEGER NOT NULL,"
  "  used          INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE shares ("
  "  code          TEXT PRIMARY KEY,"
  "  learner_id    INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,"
  "  recipient     TEXT NOT NULL,"
  "  purpose       TEXT,"
  "  view_json     TEXT NOT NULL,"
  "  created_at    INTEGER NOT NULL,"
  "  expires_at    INTEGER,"
  "  revoked_at    INTEGER,"
  "  views         INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX shares_by_learner ON shares (learner_id, created_at);"
  "CREATE TABLE challenges ("
  "  id             TEXT PRIMARY KEY,"
  "  learner_id     INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,"
  "  event_id       INTEGER,"
  "  learner_field  TEXT,"
  "  field          TEXT,"
  "  current_value  TEXT,"
  "  proposed_value TEXT,"
  "  reason         TEXT NOT NULL,"
  "  details        TEXT,"
  "  status         TEXT NOT NULL,"
  "  submitted_at   INTEGER NOT NULL,"
  "  updated_at     INTEGER NOT NULL"
  ");"
  "CREATE INDEX challenges_by_learner ON challenges (learner_id, submitted_at);"
  "CREATE TABLE challenge_history ("
  "  id            INTEGER PRIMARY KEY,"
  "  challenge_id  TEXT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,"
  "  status        TEXT NOT NULL,"
  "  at            INTEGER NOT NULL,"
  "  note          TEXT"
  ");"
  "CREATE INDEX challenge_history_by_challenge ON challenge_history (challenge_id, id);"
  "CREATE TABLE challenge_evidence ("
  "  challenge_id  TEXT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,"
  "  position      INTEGER NOT NULL,"
  "  name          TEXT NOT NULL,"
  "  media_type    TEXT NOT NULL,"
  "  sha256        TEXT NOT NULL,"
  "  content       BLOB NOT NULL,"
  "  PRIMARY KEY (challenge_id, position)"
  ");"
  "CREATE TABLE preference_changes ("
  "  id            INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  learner_id    INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,"
  "  opted_out     INTEGER NOT NULL CHECK (opted_out IN (0, 1)),"
  "  method        TEXT,"
  "  note          TEXT,"
  "  at            INTEGER NOT NULL"
  ");"
  "CREATE INDEX preference_changes_by_learner ON preference_changes (learner_id, id);"
  "CREATE TABLE access_log ("
  "  id            INTEGER PRIMARY KEY,"
  "  learner_id    INTEGER NOT NULL REFERENCES learners (id) ON DELETE CASCADE,"
  "  at            INTEGER NOT NULL,"
  "  organisation  TEXT NOT NULL,"
  "  ukprn         TEXT,"
  "  user          TEXT,"
  "  action        TEXT NOT NULL,"
  "  purpose       TEXT"
  ");"
  "CREATE INDEX access_log_by_learner ON access_log (learner_id, at, id);"
  "CREATE TABLE idempotency_keys ("
  "  learner_id    INTEGER NOT NULL,"
  "  key           TEXT NOT NULL,"
  "  request_hash  TEXT NOT NULL,"
  "  status        INTEGER NOT NULL,"
  "  content_type  TEXT,"
  "  location      TEXT,"
  "  body          BLOB,"
  "  created_at    INTEGER NOT NULL,"
  "  PRIMARY KEY (learner_id, key)"
  ");",
  /* 2: learners whose record the service fetches from the LRS (--lrs-config).
   * fetched_at is the last answer with a record; 0 means never. */
  "CREATE TABLE lrs_learners ("
  "  learner_id    INTEGER PRIMARY KEY REFERENCES learners (id) ON DELETE CASCADE,"
  "  uln           TEXT NOT NULL,"
  "  given_name    TEXT NOT NULL,"
  "  family_name   TEXT NOT NULL,"
  "  date_of_birth TEXT NOT NULL,"
  "  gender        TEXT NOT NULL,"
  "  fetched_at    INTEGER NOT NULL DEFAULT 0"
  ");",
};

/* How long remembered answers, used codes and dead tokens are kept. */
#define IDEMPOTENCY_KEEP_SECONDS (30 * 24 * 3600 + 3600)
#define AUTH_CODE_KEEP_SECONDS   (24 * 3600)
#define TOKEN_KEEP_SECONDS       (24 * 3600)

/* ------------------------------------------------------------------------ */
/* Row helpers                                                               */

void
plr_service_db_record_info_clear (PlrServiceDbRecordInfo *info)
{
  g_clear_pointer (&info->learner_json, g_free);
  g_clear_pointer (&info->incoming_uln, g_free);
  g_clear_pointer (&info->content_hash, g_free);
  memset (info, 0, sizeof *info);
}

void
plr_service_db_auth_code_clear (PlrServiceDbAuthCode *code)
{
  g_clear_pointer (&code->client_id, g_free);
  g_clear_pointer (&code->redirect_uri, g_free);
  g_clear_pointer (&code->code_challenge, g_free);
  g_clear_pointer (&code->scope, g_free);
  memset (code, 0, sizeof *code);
}

void
plr_service_db_token_clear (PlrServiceDbToken *token)
{
  g_clear_pointer (&token->client_id, g_free);
  g_clear_pointer (&token->scope, g_free);
  memset (token, 0, sizeof *token);
}

void
plr_service_db_share_free (PlrServiceDbShare *share)
{
  if (share == NULL)
    return;

  g_free (share->code);
  g_free (share->recipient);
  g_free (share->purpose);
  g_free (share->view_json);
  g_free (share);
}

void
plr_service_db_history_free (PlrServiceDbHistory *history)
{
  if (history == NULL)
    return;

  g_free (history->status);
  g_free (history->note);
  g_free (history);
}

void
plr_service_db_evidence_free (PlrServiceDbEvidence *evidence)
{
  if (evidence == NULL)
    return;

  g_free (evidence->name);
  g_free (evidence->media_type);
  g_free (evidence->sha256);
  g_clear_pointer (&evidence->content, g_bytes_unref);
  g_free (evidence);
}

PlrServiceDbChallenge *
plr_service_db_challenge_new (void)
{
  PlrServiceDbChallenge *challenge = g_new0 (PlrServiceDbChallenge, 1);

  challenge->history = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_history_free);
  challenge->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_evidence_free);

  return challenge;
}

void
plr_service_db_challenge_free (PlrServiceDbChallenge *challenge)
{
  if (challenge == NULL)
    return;

  g_free (challenge->id);
  g_free (challenge->learner_field);
  g_free (challenge->field);
  g_free (challenge->current_value);
  g_free (challenge->proposed_value);
  g_free (challenge->reason);
  g_free (challenge->details);
  g_free (challenge->status);
  g_clear_pointer (&challenge->history, g_ptr_array_unref);
  g_clear_pointer (&challenge->evidence, g_ptr_array_unref);
  g_free (challenge);
}

void
plr_service_db_preferences_clear (PlrServiceDbPreferences *preferences)
{
  g_clear_pointer (&preferences->method, g_free);
  g_clear_pointer (&preferences->note, g_free);
  memset (preferences, 0, sizeof *preferences);
}

void
plr_service_db_log_entry_free (PlrServiceDbLogEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->organisation);
  g_free (entry->ukprn);
  g_free (entry->user);
  g_free (entry->action);
  g_free (entry->purpose);
  g_free (entry);
}

void
plr_service_db_stored_response_clear (PlrServiceDbStoredResponse *response)
{
  g_clear_pointer (&response->request_hash, g_free);
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->location, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
  memset (response, 0, sizeof *response);
}

/* ------------------------------------------------------------------------ */
/* SQLite helpers                                                            */

static gboolean
set_sqlite_error (PlrServiceDb  *self,
                  int            rc,
                  GError       **error,
                  const char    *context)
{
  int code = PLR_SERVICE_DB_ERROR_FAILED;

  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    code = PLR_SERVICE_DB_ERROR_EXISTS;

  g_set_error (error, PLR_SERVICE_DB_ERROR, code, "%s: %s", context,
               self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

static gboolean
exec_sql (PlrServiceDb  *self,
          const char    *sql,
          GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error, "Could not update the service database");

  return TRUE;
}

static sqlite3_stmt *
prepare (PlrServiceDb  *self,
         const char    *sql,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, "Could not prepare a statement");
      return NULL;
    }

  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static void
bind_time (sqlite3_stmt *stmt,
           int           index,
           gint64        value)
{
  if (value == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, value);
}

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *) text) : NULL;
}

/* Runs a statement that returns no rows. */
static gboolean
step_done (PlrServiceDb  *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, "Could not update the service database");

  return TRUE;
}

static gboolean
not_found (GError     **error,
           const char  *what)
{
  g_set_error (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND, "No such %s", what);
  return FALSE;
}

static gboolean
begin_internal (PlrServiceDb  *self,
                gboolean       immediate,
                GError       **error)
{
  g_rec_mutex_lock (&self->mutex);

  if (self->depth == 0)
    {
      if (!exec_sql (self, immediate ? "BEGIN IMMEDIATE" : "BEGIN", error))
        {
          g_rec_mutex_unlock (&self->mutex);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("SAVEPOINT sp%u", self->depth);

      if (!exec_sql (self, sql, error))
        {
          g_rec_mutex_unlock (&self->mutex);
          return FALSE;
        }
    }

  self->depth++;
  return TRUE;
}

/**
 * plr_service_db_begin:
 * @self: a #PlrServiceDb
 * @error: return location for a #GError
 *
 * Starts a write transaction (or a savepoint inside one) and keeps the
 * connection locked to this thread until plr_service_db_commit() or
 * plr_service_db_rollback().
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_begin (PlrServiceDb  *self,
                      GError       **error)
{
  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  return begin_internal (self, TRUE, error);
}

/**
 * plr_service_db_commit:
 * @self: a #PlrServiceDb
 * @error: return location for a #GError
 *
 * Commits what plr_service_db_begin() started. On failure the transaction
 * is rolled back.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_commit (PlrServiceDb  *self,
                       GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    {
      ok = exec_sql (self, "COMMIT", error);
      if (!ok)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("RELEASE sp%u", self->depth - 1);

      ok = exec_sql (self, sql, error);
    }

  self->depth--;
  g_rec_mutex_unlock (&self->mutex);

  return ok;
}

/**
 * plr_service_db_rollback:
 * @self: a #PlrServiceDb
 *
 * Undoes what plr_service_db_begin() started.
 */
void
plr_service_db_rollback (PlrServiceDb *self)
{
  g_return_if_fail (PLR_IS_SERVICE_DB (self));
  g_return_if_fail (self->depth > 0);

  if (self->depth == 1)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO sp%u; RELEASE sp%u",
                                              self->depth - 1, self->depth - 1);

      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }

  self->depth--;
  g_rec_mutex_unlock (&self->mutex);
}

static inline void
lock (PlrServiceDb *self)
{
  g_rec_mutex_lock (&self->mutex);
}

static inline void
unlock (PlrServiceDb *self)
{
  g_rec_mutex_unlock (&self->mutex);
}

/* ------------------------------------------------------------------------ */
/* Opening                                                                   */

static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;
      g_set_error (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_PERMISSION,
                   "Could not create the service database: %s", g_strerror (saved_errno));
      return FALSE;
    }

  if (fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;
      close (fd);
      g_set_error (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_PERMISSION,
                   "Could not make the service database private: %s", g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

static gboolean
migrate (PlrServiceDb  *self,
         GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  stmt = prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (self, SQLITE_ERROR, error, "Could not read the schema version");
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_TOO_NEW,
                   "The service database has schema version %d; this program knows up to %u",
                   version, (guint) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (guint i = (guint) version; i < G_N_ELEMENTS (migrations); i++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!plr_service_db_begin (self, error))
        return FALSE;
      if (!exec_sql (self, migrations[i], error) || !exec_sql (self, set_version, error))
        {
          plr_service_db_rollback (self);
          return FALSE;
        }
      if (!plr_service_db_commit (self, error))
        return FALSE;
      g_debug ("Service database migrated to schema version %u", i + 1);
    }

  return TRUE;
}

/**
 * plr_service_db_new:
 * @path: (nullable): the database file, or %NULL for an in-memory database
 * @error: return location for a #GError
 *
 * Opens (creating it 0600 if needed) and migrates the service database.
 * The folder must exist.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
PlrServiceDb *
plr_service_db_new (const char  *path,
                    GError     **error)
{
  g_autoptr(PlrServiceDb) self = g_object_new (PLR_TYPE_SERVICE_DB, "path", path, NULL);
  int rc;

  if (path != NULL && !create_private_file (path, error))
    return NULL;

  rc = sqlite3_open_v2 (path ? path : ":memory:", &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, "Could not open the service database");
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  if (!exec_sql (self, "PRAGMA foreign_keys = ON", error))
    return NULL;
  if (path != NULL && !exec_sql (self, "PRAGMA journal_mode = WAL", error))
    return NULL;
  if (!exec_sql (self, "PRAGMA secure_delete = ON", error))
    return NULL;

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * plr_service_db_get_path:
 * @self: a #PlrServiceDb
 *
 * Returns: (nullable): the file, or %NULL for an in-memory database
 */
const char *
plr_service_db_get_path (PlrServiceDb *self)
{
  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  return self->path;
}

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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO learners (username, salt, password_hash, created_at)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, username);
  bind_text (stmt, 2, salt);
  bind_text (stmt, 3, password_hash);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (self->db);

  if (!write_record (self, id, record, now, error))
    goto failed;

  if (!plr_service_db_set_preferences (self, id, FALSE, "initial", NULL, now, error))
    goto failed;

  if (!plr_service_db_commit (self, error))
    return FALSE;

  if (out_id)
    *out_id = id;
  return TRUE;

failed:
  plr_service_db_rollback (self);
  return FALSE;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (username != NULL && password_hash != NULL && account != NULL, FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO learners (username, salt, password_hash, created_at)"
                  " VALUES (?1, '', ?2, ?3)",
                  error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, username);
  bind_text (stmt, 2, password_hash);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!step_done (self, stmt, error))
    goto failed;
  id = sqlite3_last_insert_rowid (self->db);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (self,
                  "INSERT INTO lrs_learners (learner_id, uln, given_name, family_name,"
                  "                          date_of_birth, gender)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text (stmt, 2, account->uln);
  bind_text (stmt, 3, account->given_name);
  bind_text (stmt, 4, account->family_name);
  bind_text (stmt, 5, account->date_of_birth);
  bind_text (stmt, 6, account->gender);
  if (!step_done (self, stmt, error))
    goto failed;

  if (!plr_service_db_set_preferences (self, id, FALSE, "initial", NULL, now, error))
    goto failed;

  if (!plr_service_db_commit (self, error))
    return FALSE;

  if (out_id)
    *out_id = id;
  return TRUE;

failed:
  plr_service_db_rollback (self);
  return FALSE;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored_hash = NULL;
  gboolean changed;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  stmt = prepare (self, "SELECT content_hash FROM records WHERE learner_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, learner_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    stored_hash = dup_text (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  hash = plr_record_dup_content_hash (record);
  changed = g_strcmp0 (hash, stored_hash) != 0;
  if (changed && !write_record (self, learner_id, record, now, error))
    goto failed;

  stmt = prepare (self, "UPDATE lrs_learners SET fetched_at = ?2 WHERE learner_id = ?1", error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, learner_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!step_done (self, stmt, error))
    goto failed;

  if (!plr_service_db_commit (self, error))
    return FALSE;

  if (out_changed)
    *out_changed = changed;
  return TRUE;

failed:
  plr_service_db_rollback (self);
  return FALSE;
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

  if (!plr_service_db_begin (self, error))
    return FALSE;

  if (!write_record (self, learner_id, record, now, error))
    {
      plr_service_db_rollback (self);
      return FALSE;
    }

  return plr_service_db_commit (self, error);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) events = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);
  g_return_val_if_fail (info != NULL, NULL);

  if (!begin_internal (self, FALSE, error))
    return NULL;

  if (!read_record_info (self, learner_id, info, error))
    goto failed;

  if (version >= 0 && version != info->version)
    {
      g_set_error (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_CHANGED,
                   "The record is at version %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                   info->version, version);
      goto failed;
    }

  stmt = prepare (self,
                  "SELECT json FROM events WHERE learner_id = ?1 AND position >= ?2"
                  " ORDER BY position LIMIT ?3",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, learner_id);
  sqlite3_bind_int64 (stmt, 2, offset);
  sqlite3_bind_int64 (stmt, 3, limit);

  events = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, dup_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, "Could not read the learning events");
      goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!plr_service_db_commit (self, error))
    return NULL;

  return g_steal_pointer (&events);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  plr_service_db_rollback (self);
  return NULL;
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

/* ------------------------------------------------------------------------ */
/* OAuth                                                                     */

/**
 * plr_service_db_add_auth_code:
 * @self: a #PlrServiceDb
 * @code_hash: the SHA-256 of the authorization code
 * @learner_id: who signed in
 * @client_id: the client that asked
 * @redirect_uri: where the code was sent
 * @code_challenge: the PKCE S256 challenge
 * @scope: the granted scope
 * @expires_at: when the code stops working
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_add_auth_code (PlrServiceDb  *self,
                              const char    *code_hash,
                              gint64         learner_id,
                              const char    *client_id,
                              const char    *redirect_uri,
                              const char    *code_challenge,
                              const char    *scope,
                              gint64         expires_at,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO auth_codes (code_hash, learner_id, client_id, redirect_uri,"
                  "                        code_challenge, scope, expires_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code_hash);
      sqlite3_bind_int64 (stmt, 2, learner_id);
      bind_text (stmt, 3, client_id);
      bind_text (stmt, 4, redirect_uri);
      bind_text (stmt, 5, code_challenge);
      bind_text (stmt, 6, scope);
      sqlite3_bind_int64 (stmt, 7, expires_at);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_redeem_auth_code:
 * @self: a #PlrServiceDb
 * @code_hash: the SHA-256 of the authorization code
 * @out: (out caller-allocates): the code's grant; @out->was_used says whether
 *   it had been presented before
 * @error: return location for a #GError
 *
 * Looks a code up and marks it used, so that it works at most once.
 *
 * Returns: %TRUE if the code exists; %PLR_SERVICE_DB_ERROR_NOT_FOUND if not
 */
gboolean
plr_service_db_redeem_auth_code (PlrServiceDb          *self,
                                 const char            *code_hash,
                                 PlrServiceDbAuthCode  *out,
                                 GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  stmt = prepare (self,
                  "SELECT learner_id, client_id, redirect_uri, code_challenge, scope, expires_at,"
                  "       used, family_id"
                  " FROM auth_codes WHERE code_hash = ?1",
                  error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, code_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      not_found (error, "authorization code");
      goto failed;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, "Could not read the authorization code");
      goto failed;
    }

  out->learner_id = sqlite3_column_int64 (stmt, 0);
  out->client_id = dup_text (stmt, 1);
  out->redirect_uri = dup_text (stmt, 2);
  out->code_challenge = dup_text (stmt, 3);
  out->scope = dup_text (stmt, 4);
  out->expires_at = sqlite3_column_int64 (stmt, 5);
  out->was_used = sqlite3_column_int (stmt, 6) != 0;
  out->family_id = sqlite3_column_int64 (stmt, 7);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (self, "UPDATE auth_codes SET used = 1 WHERE code_hash = ?1", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, code_hash);
  if (!step_done (self, stmt, error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  return plr_service_db_commit (self, error);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  plr_service_db_rollback (self);
  return FALSE;
}

/**
 * plr_service_db_set_auth_code_family:
 * @self: a #PlrServiceDb
 * @code_hash: the SHA-256 of the authorization code
 * @family_id: the tokens issued for it
 * @error: return location for a #GError
 *
 * Remembers which tokens a code gave, so that a replayed code can revoke them.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_auth_code_family (PlrServiceDb  *self,
                                     const char    *code_hash,
                                     gint64         family_id,
                                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE auth_codes SET family_id = ?2 WHERE code_hash = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code_hash);
      sqlite3_bind_int64 (stmt, 2, family_id);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_add_token_family:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @client_id: the client
 * @scope: the granted scope
 * @now: the time
 * @error: return location for a #GError
 *
 * A family is one sign-in: the access and refresh tokens that descend from
 * one authorization code through refresh rotation. Revoking it ends them all.
 *
 * Returns: the family's id, or 0 with @error set
 */
gint64
plr_service_db_add_token_family (PlrServiceDb  *self,
                                 gint64         learner_id,
                                 const char    *client_id,
                                 const char    *scope,
                                 gint64         now,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), 0);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO token_families (learner_id, client_id, scope, created_at)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      bind_text (stmt, 2, client_id);
      bind_text (stmt, 3, scope);
      sqlite3_bind_int64 (stmt, 4, now);
      if (step_done (self, stmt, error))
        id = sqlite3_last_insert_rowid (self->db);
    }
  unlock (self);

  return id;
}

/**
 * plr_service_db_add_token:
 * @self: a #PlrServiceDb
 * @token_hash: the SHA-256 of the token
 * @family_id: its family
 * @kind: "access" or "refresh"
 * @expires_at: when it stops working
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_add_token (PlrServiceDb  *self,
                          const char    *token_hash,
                          gint64         family_id,
                          const char    *kind,
                          gint64         expires_at,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO tokens (hash, family_id, kind, expires_at) VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, token_hash);
      sqlite3_bind_int64 (stmt, 2, family_id);
      bind_text (stmt, 3, kind);
      sqlite3_bind_int64 (stmt, 4, expires_at);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_lookup_token:
 * @self: a #PlrServiceDb
 * @token_hash: the SHA-256 of the token
 * @kind: "access" or "refresh"
 * @mark_used: whether to mark the token used (a refresh token being rotated)
 * @out: (out caller-allocates): the token's grant; @out->was_used says whether
 *   it had been used before
 * @error: return location for a #GError
 *
 * The caller checks expiry and revocation.
 *
 * Returns: %TRUE if the token exists; %PLR_SERVICE_DB_ERROR_NOT_FOUND if not
 */
gboolean
plr_service_db_lookup_token (PlrServiceDb       *self,
                             const char         *token_hash,
                             const char         *kind,
                             gboolean            mark_used,
                             PlrServiceDbToken  *out,
                             GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  stmt = prepare (self,
                  "SELECT t.family_id, f.learner_id, f.client_id, f.scope, t.expires_at, t.used,"
                  "       f.revoked"
                  " FROM tokens t JOIN token_families f ON f.id = t.family_id"
                  " WHERE t.hash = ?1 AND t.kind = ?2",
                  error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      not_found (error, "token");
      goto failed;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, "Could not read the token");
      goto failed;
    }

  out->family_id = sqlite3_column_int64 (stmt, 0);
  out->learner_id = sqlite3_column_int64 (stmt, 1);
  out->client_id = dup_text (stmt, 2);
  out->scope = dup_text (stmt, 3);
  out->expires_at = sqlite3_column_int64 (stmt, 4);
  out->was_used = sqlite3_column_int (stmt, 5) != 0;
  out->revoked = sqlite3_column_int (stmt, 6) != 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (mark_used && !out->was_used)
    {
      stmt = prepare (self, "UPDATE tokens SET used = 1 WHERE hash = ?1", error);
      if (stmt == NULL)
        goto failed;
      bind_text (stmt, 1, token_hash);
      if (!step_done (self, stmt, error))
        goto failed;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  return plr_service_db_commit (self, error);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  plr_service_db_rollback (self);
  return FALSE;
}

/**
 * plr_service_db_revoke_family:
 * @self: a #PlrServiceDb
 * @family_id: a token family
 * @error: return location for a #GError
 *
 * Ends every access and refresh token of one sign-in.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_revoke_family (PlrServiceDb  *self,
                              gint64         family_id,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE token_families SET revoked = 1 WHERE id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, family_id);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_revoke_learner_tokens:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @error: return location for a #GError
 *
 * Ends every sign-in of a learner.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_revoke_learner_tokens (PlrServiceDb  *self,
                                      gint64         learner_id,
                                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE token_families SET revoked = 1 WHERE learner_id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/* ------------------------------------------------------------------------ */
/* Shares                                                                    */

/**
 * plr_service_db_add_share:
 * @self: a #PlrServiceDb
 * @share: the share; views and revoked_at are ignored
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PLR_SERVICE_DB_ERROR_EXISTS if the code is taken
 */
gboolean
plr_service_db_add_share (PlrServiceDb             *self,
                          const PlrServiceDbShare  *share,
                          GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (share != NULL, FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO shares (code, learner_id, recipient, purpose, view_json,"
                  "                    created_at, expires_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, share->code);
      sqlite3_bind_int64 (stmt, 2, share->learner_id);
      bind_text (stmt, 3, share->recipient);
      bind_text (stmt, 4, share->purpose);
      bind_text (stmt, 5, share->view_json);
      sqlite3_bind_int64 (stmt, 6, share->created_at);
      bind_time (stmt, 7, share->expires_at);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

#define SHARE_COLUMNS \
  "code, learner_id, recipient, purpose, view_json, created_at, expires_at, revoked_at, views"

static PlrServiceDbShare *
read_share (sqlite3_stmt *stmt)
{
  PlrServiceDbShare *share = g_new0 (PlrServiceDbShare, 1);

  share->code = dup_text (stmt, 0);
  share->learner_id = sqlite3_column_int64 (stmt, 1);
  share->recipient = dup_text (stmt, 2);
  share->purpose = dup_text (stmt, 3);
  share->view_json = dup_text (stmt, 4);
  share->created_at = sqlite3_column_int64 (stmt, 5);
  share->expires_at = sqlite3_column_int64 (stmt, 6);
  share->revoked_at = sqlite3_column_int64 (stmt, 7);
  share->views = sqlite3_column_int64 (stmt, 8);

  return share;
}

/**
 * plr_service_db_list_shares:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrServiceDbShare): the learner's
 *   shares, newest first, or %NULL with @error set
 */
GPtrArray *
plr_service_db_list_shares (PlrServiceDb  *self,
                            gint64         learner_id,
                            GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  lock (self);
  stmt = prepare (self,
                  "SELECT " SHARE_COLUMNS " FROM shares WHERE learner_id = ?1"
                  " ORDER BY created_at DESC, rowid DESC",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      shares = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_share_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (shares, read_share (stmt));
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error, "Could not read the shares");
          g_clear_pointer (&shares, g_ptr_array_unref);
        }
    }
  unlock (self);

  return g_steal_pointer (&shares);
}

/**
 * plr_service_db_get_share:
 * @self: a #PlrServiceDb
 * @code: the share code, formatted
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the share, or %NULL with @error set
 *   (%PLR_SERVICE_DB_ERROR_NOT_FOUND if there is none)
 */
PlrServiceDbShare *
plr_service_db_get_share (PlrServiceDb  *self,
                          const char    *code,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlrServiceDbShare *share = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  lock (self);
  stmt = prepare (self, "SELECT " SHARE_COLUMNS " FROM shares WHERE code = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        share = read_share (stmt);
      else if (rc == SQLITE_DONE)
        not_found (error, "share");
      else
        set_sqlite_error (self, rc, error, "Could not read the share");
    }
  unlock (self);

  return share;
}

/**
 * plr_service_db_revoke_share:
 * @self: a #PlrServiceDb
 * @learner_id: the learner who owns the share
 * @code: the share code
 * @now: the time
 * @error: return location for a #GError
 *
 * Revokes a share; revoking it again changes nothing.
 *
 * Returns: %TRUE on success; %PLR_SERVICE_DB_ERROR_NOT_FOUND if the learner
 *   has no such share
 */
gboolean
plr_service_db_revoke_share (PlrServiceDb  *self,
                             gint64         learner_id,
                             const char    *code,
                             gint64         now,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "UPDATE shares SET revoked_at = coalesce (revoked_at, ?3)"
                  " WHERE code = ?1 AND learner_id = ?2",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code);
      sqlite3_bind_int64 (stmt, 2, learner_id);
      sqlite3_bind_int64 (stmt, 3, now);
      ok = step_done (self, stmt, error);
      if (ok && sqlite3_changes (self->db) == 0)
        ok = not_found (error, "share");
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_count_share_view:
 * @self: a #PlrServiceDb
 * @code: the share code
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_count_share_view (PlrServiceDb  *self,
                                 const char    *code,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE shares SET views = views + 1 WHERE code = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (challenge != NULL, FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO challenges (id, learner_id, event_id, learner_field, field,"
                  "                        current_value, proposed_value, reason, details,"
                  "                        status, submitted_at, updated_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                  error);
  if (stmt == NULL)
    goto failed;
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
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!add_history (self, challenge->id, challenge->status, NULL, challenge->submitted_at, error))
    goto failed;

  stmt = prepare (self,
                  "INSERT INTO challenge_evidence (challenge_id, position, name, media_type,"
                  "                                sha256, content)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  error);
  if (stmt == NULL)
    goto failed;
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
        goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  return plr_service_db_commit (self, error);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  plr_service_db_rollback (self);
  return FALSE;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) challenges = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  if (!begin_internal (self, FALSE, error))
    return NULL;

  stmt = prepare (self,
                  "SELECT " CHALLENGE_COLUMNS " FROM challenges WHERE learner_id = ?1"
                  " ORDER BY submitted_at DESC, rowid DESC",
                  error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, learner_id);

  challenges = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_challenge_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrServiceDbChallenge *challenge = read_challenge (self, stmt, error);

      if (challenge == NULL)
        goto failed;
      g_ptr_array_add (challenges, challenge);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, "Could not read the challenges");
      goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!plr_service_db_commit (self, error))
    return NULL;

  return g_steal_pointer (&challenges);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  plr_service_db_rollback (self);
  return NULL;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  PlrServiceDbChallenge *challenge = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  if (!begin_internal (self, FALSE, error))
    return NULL;

  stmt = prepare (self, "SELECT " CHALLENGE_COLUMNS " FROM challenges WHERE id = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        challenge = read_challenge (self, stmt, error);
      else if (rc == SQLITE_DONE)
        not_found (error, "challenge");
      else
        set_sqlite_error (self, rc, error, "Could not read the challenge");
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (challenge == NULL)
    {
      plr_service_db_rollback (self);
      return NULL;
    }

  if (!plr_service_db_commit (self, error))
    g_clear_pointer (&challenge, plr_service_db_challenge_free);

  return challenge;
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
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  stmt = prepare (self, "UPDATE challenges SET status = ?2, updated_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, status);
  sqlite3_bind_int64 (stmt, 3, now);
  if (!step_done (self, stmt, error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      not_found (error, "challenge");
      goto failed;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!add_history (self, id, status, note, now, error))
    goto failed;

  return plr_service_db_commit (self, error);

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  plr_service_db_rollback (self);
  return FALSE;
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

/* ------------------------------------------------------------------------ */
/* Sharing preferences                                                       */

/**
 * plr_service_db_get_preferences:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @out: (out caller-allocates): the learner's latest choice
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_get_preferences (PlrServiceDb             *self,
                                gint64                    learner_id,
                                PlrServiceDbPreferences  *out,
                                GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  lock (self);
  stmt = prepare (self,
                  "SELECT opted_out, method, note, at, id FROM preference_changes"
                  " WHERE learner_id = ?1 ORDER BY id DESC LIMIT 1",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          out->opted_out = sqlite3_column_int (stmt, 0) != 0;
          out->method = dup_text (stmt, 1);
          out->note = dup_text (stmt, 2);
          out->updated_at = sqlite3_column_int64 (stmt, 3);
          out->reference = sqlite3_column_int64 (stmt, 4);
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        not_found (error, "sharing preference");
      else
        set_sqlite_error (self, rc, error, "Could not read the sharing preferences");
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_set_preferences:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @opted_out: whether organisations get no learning events
 * @method: (nullable): how the choice was made ("app", ...)
 * @note: (nullable): the learner's note
 * @now: the time
 * @error: return location for a #GError
 *
 * Records a new choice. Its row number is the learner's receipt reference.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_preferences (PlrServiceDb  *self,
                                gint64         learner_id,
                                gboolean       opted_out,
                                const char    *method,
                                const char    *note,
                                gint64         now,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO preference_changes (learner_id, opted_out, method, note, at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int (stmt, 2, opted_out ? 1 : 0);
      bind_text (stmt, 3, method);
      bind_text (stmt, 4, note);
      sqlite3_bind_int64 (stmt, 5, now);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/* ------------------------------------------------------------------------ */
/* Access log                                                                */

/**
 * plr_service_db_log_access:
 * @self: a #PlrServiceDb
 * @learner_id: whose record was read
 * @at: when
 * @organisation: who read it
 * @ukprn: (nullable): the organisation's UKPRN
 * @user: (nullable): the organisation's user
 * @action: what was done ("learner-view", "share-view")
 * @purpose: (nullable): why
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_log_access (PlrServiceDb  *self,
                           gint64         learner_id,
                           gint64         at,
                           const char    *organisation,
                           const char    *ukprn,
                           const char    *user,
                           const char    *action,
                           const char    *purpose,
                           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO access_log (learner_id, at, organisation, ukprn, user, action,"
                  "                        purpose)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int64 (stmt, 2, at);
      bind_text (stmt, 3, organisation);
      bind_text (stmt, 4, ukprn);
      bind_text (stmt, 5, user);
      bind_text (stmt, 6, action);
      bind_text (stmt, 7, purpose);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_list_access_log:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @before_at: with @before_id, where the previous page ended; 0 for the first page
 * @before_id: the id of the last entry of the previous page
 * @limit: how many entries at most
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrServiceDbLogEntry): entries,
 *   newest first, or %NULL with @error set
 */
GPtrArray *
plr_service_db_list_access_log (PlrServiceDb  *self,
                                gint64         learner_id,
                                gint64         before_at,
                                gint64         before_id,
                                guint          limit,
                                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), NULL);

  lock (self);
  stmt = prepare (self,
                  "SELECT id, at, organisation, ukprn, user, action, purpose FROM access_log"
                  " WHERE learner_id = ?1"
                  "   AND (?2 = 0 OR at < ?2 OR (at = ?2 AND id < ?3))"
                  " ORDER BY at DESC, id DESC LIMIT ?4",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      sqlite3_bind_int64 (stmt, 2, before_at);
      sqlite3_bind_int64 (stmt, 3, before_id);
      sqlite3_bind_int64 (stmt, 4, limit);

      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_service_db_log_entry_free);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          PlrServiceDbLogEntry *entry = g_new0 (PlrServiceDbLogEntry, 1);

          entry->id = sqlite3_column_int64 (stmt, 0);
          entry->at = sqlite3_column_int64 (stmt, 1);
          entry->organisation = dup_text (stmt, 2);
          entry->ukprn = dup_text (stmt, 3);
          entry->user = dup_text (stmt, 4);
          entry->action = dup_text (stmt, 5);
          entry->purpose = dup_text (stmt, 6);
          g_ptr_array_add (entries, entry);
        }
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, error, "Could not read the access log");
          g_clear_pointer (&entries, g_ptr_array_unref);
        }
    }
  unlock (self);

  return g_steal_pointer (&entries);
}

/* ------------------------------------------------------------------------ */
/* Idempotency keys                                                          */

/**
 * plr_service_db_find_response:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @key: the Idempotency-Key
 * @out: (out caller-allocates): the stored answer
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the key was used before; %PLR_SERVICE_DB_ERROR_NOT_FOUND if not
 */
gboolean
plr_service_db_find_response (PlrServiceDb                *self,
                              gint64                       learner_id,
                              const char                  *key,
                              PlrServiceDbStoredResponse  *out,
                              GError                     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  lock (self);
  stmt = prepare (self,
                  "SELECT request_hash, status, content_type, location, body"
                  " FROM idempotency_keys WHERE learner_id = ?1 AND key = ?2",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      bind_text (stmt, 2, key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          out->request_hash = dup_text (stmt, 0);
          out->status = (guint) sqlite3_column_int (stmt, 1);
          out->content_type = dup_text (stmt, 2);
          out->location = dup_text (stmt, 3);
          out->body = g_bytes_new (sqlite3_column_blob (stmt, 4),
                                   (gsize) sqlite3_column_bytes (stmt, 4));
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        not_found (error, "idempotency key");
      else
        set_sqlite_error (self, rc, error, "Could not read the idempotency key");
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_store_response:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @key: the Idempotency-Key
 * @request_hash: the SHA-256 of the request's method, path and body
 * @status: the answer's status
 * @content_type: (nullable): the answer's Content-Type
 * @location: (nullable): the answer's Location
 * @body: (nullable): the answer's body
 * @now: the time
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_store_response (PlrServiceDb  *self,
                               gint64         learner_id,
                               const char    *key,
                               const char    *request_hash,
                               guint          status,
                               const char    *content_type,
                               const char    *location,
                               GBytes        *body,
                               gint64         now,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO idempotency_keys (learner_id, key, request_hash, status,"
                  "                              content_type, location, body, created_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  error);
  if (stmt != NULL)
    {
      gsize size = 0;
      gconstpointer data = body ? g_bytes_get_data (body, &size) : NULL;

      sqlite3_bind_int64 (stmt, 1, learner_id);
      bind_text (stmt, 2, key);
      bind_text (stmt, 3, request_hash);
      sqlite3_bind_int (stmt, 4, (int) status);
      bind_text (stmt, 5, content_type);
      bind_text (stmt, 6, location);
      sqlite3_bind_blob64 (stmt, 7, data ? data : "", size, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 8, now);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_count_responses:
 * @self: a #PlrServiceDb
 *
 * Returns: how many answers to idempotent requests are remembered
 */
guint
plr_service_db_count_responses (PlrServiceDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), 0);

  lock (self);
  stmt = prepare (self, "SELECT count (*) FROM idempotency_keys", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  unlock (self);

  return count;
}

/**
 * plr_service_db_prune:
 * @self: a #PlrServiceDb
 * @now: the time
 * @error: return location for a #GError
 *
 * Forgets idempotency keys older than 30 days, and codes and tokens that
 * can no longer be used.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_prune (PlrServiceDb  *self,
                      gint64         now,
                      GError       **error)
{
  static const char * const statements[] = {
    "DELETE FROM idempotency_keys WHERE created_at < ?1 - " G_STRINGIFY (IDEMPOTENCY_KEEP_SECONDS),
    "DELETE FROM auth_codes WHERE expires_at < ?1 - " G_STRINGIFY (AUTH_CODE_KEEP_SECONDS),
    "DELETE FROM tokens WHERE expires_at < ?1 - " G_STRINGIFY (TOKEN_KEEP_SECONDS),
    "DELETE FROM token_families WHERE NOT EXISTS"
    " (SELECT 1 FROM tokens WHERE tokens.family_id = token_families.id)"
    " AND created_at < ?1 - " G_STRINGIFY (TOKEN_KEEP_SECONDS),
  };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  if (!plr_service_db_begin (self, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = prepare (self, statements[i], error);

      if (stmt == NULL)
        goto failed;
      sqlite3_bind_int64 (stmt, 1, now);
      if (!step_done (self, stmt, error))
        goto failed;
    }

  return plr_service_db_commit (self, error);

failed:
  plr_service_db_rollback (self);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
plr_service_db_finalize (GObject *object)
{
  PlrServiceDb *self = (PlrServiceDb *)object;

  g_assert (self->depth == 0);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_rec_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (plr_service_db_parent_class)->finalize (object);
}

static void
plr_service_db_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlrServiceDb *self = PLR_SERVICE_DB (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_service_db_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PlrServiceDb *self = PLR_SERVICE_DB (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_service_db_class_init (PlrServiceDbClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_service_db_finalize;
  object_class->get_property = plr_service_db_get_property;
  object_class->set_property = plr_service_db_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_service_db_init (PlrServiceDb *self)
{
  g_rec_mutex_init (&self->mutex);
}
