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
#include <sys/stat.h>
#include <unistd.h>

#include "plr-service-db-private.h"

/* Opening, the schema and transactions; each subject has its own file
 * (plr-service-db-private.h). */

G_DEFINE_FINAL_TYPE (PlrServiceDb, plr_service_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-service-db-error-quark, plr_service_db_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

const PlrSqliteErrorCodes _plr_service_db_codes = {
  .domain = plr_service_db_error_quark,
  .failed = PLR_SERVICE_DB_ERROR_FAILED,
  .disk_full = PLR_SERVICE_DB_ERROR_FAILED,
  .corrupt = PLR_SERVICE_DB_ERROR_FAILED,
  .too_new = PLR_SERVICE_DB_ERROR_TOO_NEW,
  .constraint = PLR_SERVICE_DB_ERROR_EXISTS,
  .read_context = "Could not read the service database",
  .write_context = "Could not update the service database",
  .too_new_message = "The service database was written by a newer learning-record-service; "
                     "update this one to open it",
};

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
/* Transactions                                                              */

static gboolean
run_locked (PlrServiceDb               *self,
            PlrSqliteTransactionFlags   flags,
            PlrSqliteTransactionFunc    func,
            gpointer                    user_data,
            GError                    **error)
{
  gboolean ok;

  /* The lock is held for the whole transaction, so that another thread's
   * calls cannot land inside it; it is recursive, so a handler's
   * transaction may call functions that run their own (a savepoint). */
  g_rec_mutex_lock (&self->mutex);
  ok = plr_sqlite_transaction_full (self->db, flags | PLR_SQLITE_TRANSACTION_NESTABLE,
                                    &_plr_service_db_codes, func, user_data, error);
  g_rec_mutex_unlock (&self->mutex);

  return ok;
}

/**
 * _plr_service_db_read:
 * @self: a #PlrServiceDb
 * @func: the reads
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Runs @func in a read transaction, so that several reads see one
 * snapshot; inside a transaction, a savepoint of it.
 *
 * Returns: %TRUE if @func succeeded
 */
gboolean
_plr_service_db_read (PlrServiceDb              *self,
                      PlrSqliteTransactionFunc   func,
                      gpointer                   user_data,
                      GError                   **error)
{
  return run_locked (self, PLR_SQLITE_TRANSACTION_READ, func, user_data, error);
}

/**
 * plr_service_db_transaction:
 * @self: a #PlrServiceDb
 * @func: the work, which may call any of this database's functions
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Runs @func in one write transaction, with the connection locked to this
 * thread: all it wrote, or nothing. Called inside another it is a
 * savepoint, so a failing part undoes only itself and its caller decides.
 *
 * Returns: %TRUE if @func succeeded and was committed
 */
gboolean
plr_service_db_transaction (PlrServiceDb              *self,
                            PlrSqliteTransactionFunc   func,
                            gpointer                   user_data,
                            GError                   **error)
{
  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return run_locked (self, PLR_SQLITE_TRANSACTION_DEFAULT, func, user_data, error);
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

  if (!plr_sqlite_migrate (self->db, migrations, G_N_ELEMENTS (migrations),
                           &_plr_service_db_codes, error))
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
/* GObject                                                                   */

static void
plr_service_db_finalize (GObject *object)
{
  PlrServiceDb *self = (PlrServiceDb *)object;

  g_assert (self->db == NULL || sqlite3_get_autocommit (self->db));

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
