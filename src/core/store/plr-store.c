/* plr-store.c
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
#include "plr-record-changes.h"
#include "plr-record-json.h"
#include "plr-rights.h"
#include "plr-sqlite.h"
#include "plr-store-private.h"
#include "plr-view-json.h"
#include "plr-view-result.h"

G_DEFINE_FINAL_TYPE (PlrStore, plr_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-store-error-quark, plr_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  CHANGED,
  OUTBOX_ITEM_QUEUED,
  OUTBOX_ITEM_SENT,
  CHALLENGE_CHANGED,
  SHARES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Each migration takes the schema from version N to N + 1. */
static const char * const migrations[] = {
  /* 1: snapshots, their events, and the search index over the current one */
  "CREATE TABLE snapshots ("
  "  id            INTEGER PRIMARY KEY,"
  "  stored_at     TEXT NOT NULL,"
  "  fetched_at    TEXT,"
  "  source        TEXT,"
  "  etag          TEXT,"
  "  incoming_uln  TEXT,"
  "  learner       TEXT NOT NULL,"
  "  n_events      INTEGER NOT NULL,"
  "  content_hash  TEXT NOT NULL,"
  "  is_current    INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1))"
  ");"
  "CREATE UNIQUE INDEX snapshots_one_current ON snapshots (is_current) WHERE is_current = 1;"
  "CREATE TABLE events ("
  "  snapshot_id                 INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,"
  "  position                    INTEGER NOT NULL,"
  "  id                          INTEGER NOT NULL,"
  "  subject                     TEXT NOT NULL,"
  "  subject_code                TEXT,"
  "  qualification_type          TEXT,"
  "  level                       TEXT,"
  "  grade                       TEXT,"
  "  credits                     INTEGER,"
  "  achievement_award_date      TEXT,"
  "  participation_start_date    TEXT,"
  "  participation_end_date      TEXT,"
  "  awarding_organisation_name  TEXT,"
  "  awarding_organisation_ukprn TEXT,"
  "  achievement_provider_name   TEXT,"
  "  achievement_provider_ukprn  TEXT,"
  "  source                      TEXT,"
  "  date_loaded                 TEXT,"
  "  language_for_assessment     TEXT,"
  "  under_data_challenge        TEXT,"
  "  status                      TEXT,"
  "  collection_type             TEXT,"
  "  restriction                 TEXT,"
  "  return_number               TEXT,"
  "  UNIQUE (snapshot_id, position)"
  ");"
  "CREATE INDEX events_by_id ON events (snapshot_id, id);"
  "CREATE VIRTUAL TABLE events_fts USING fts5 ("
  "  subject, subject_code, qualification_type, level, grade,"
  "  awarding_organisation_name, achievement_provider_name,"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");",

  /* 2: the outbox of changes for the service, and the first local change
   * that goes through it, the learner's sharing choices. Times are UTC,
   * ISO 8601 to the second. last_error holds a short code, never a message. */
  "CREATE TABLE outbox ("
  "  id               INTEGER PRIMARY KEY,"
  "  kind             TEXT NOT NULL,"
  "  method           TEXT NOT NULL CHECK (method IN ('POST', 'PUT', 'DELETE')),"
  "  path             TEXT NOT NULL,"
  "  body             TEXT NOT NULL CHECK (json_valid (body)),"
  "  idempotency_key  TEXT NOT NULL UNIQUE,"
  "  created_at       TEXT NOT NULL,"
  "  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  last_error       TEXT CHECK (last_error IS NULL OR length (last_error) <= 64),"
  "  next_attempt_at  TEXT,"
  "  state            TEXT NOT NULL DEFAULT 'queued'"
  "                   CHECK (state IN ('queued', 'sent', 'failed')),"
  "  response         TEXT CHECK (response IS NULL OR json_valid (response)),"
  "  sent_at          TEXT"
  ");"
  "CREATE INDEX outbox_by_state ON outbox (state, id);"
  "CREATE TABLE sharing_preference_changes ("
  "  id            INTEGER PRIMARY KEY,"
  "  opted_out     INTEGER NOT NULL CHECK (opted_out IN (0, 1)),"
  "  method        TEXT NOT NULL CHECK (method IN ('app', 'phone', 'letter')),"
  "  note          TEXT CHECK (note IS NULL OR length (note) <= 2000),"
  "  made_at       TEXT NOT NULL,"
  "  outbox_id     INTEGER NOT NULL UNIQUE REFERENCES outbox (id),"
  "  reference     TEXT,"
  "  confirmed_at  TEXT"
  ");",

  /* 3: data challenges, their timelines and their evidence. A challenge is
   * against an entry (by its LRS id, with the entry as it was kept in
   * event_snapshot, so that a later fetch that drops it loses nothing),
   * against a personal detail, or about a missing achievement. Drafts may
   * break the protocol's limits (nothing the learner types is refused);
   * submitting checks them. Evidence rows point at private copies named by
   * their SHA-256. IF NOT EXISTS: a cache taken back to version 2 by hand
   * (as the outbox tests do) keeps its challenges. */
  "CREATE TABLE IF NOT EXISTS challenges ("
  "  id               INTEGER PRIMARY KEY,"
  "  uuid             TEXT NOT NULL UNIQUE,"
  "  target           TEXT NOT NULL CHECK (target IN ('event', 'learner', 'missing')),"
  "  event_id         INTEGER CHECK ((target = 'event') = (event_id IS NOT NULL)),"
  "  event_snapshot   TEXT CHECK (event_snapshot IS NULL OR json_valid (event_snapshot)),"
  "  field            TEXT CHECK (field IS NULL OR length (field) <= 64),"
  "  current_value    TEXT CHECK (current_value IS NULL OR length (current_value) <= 10000),"
  "  proposed_value   TEXT CHECK (proposed_value IS NULL OR length (proposed_value) <= 10000),"
  "  reason           TEXT NOT NULL CHECK (reason IN ('wrong-grade', 'wrong-date',"
  "                   'wrong-organisation', 'not-mine', 'duplicate', 'missing',"
  "                   'sensitive-data', 'other')),"
  "  details          TEXT CHECK (details IS NULL OR length (details) <= 100000),"
  "  route            TEXT NOT NULL CHECK (route IN ('service', 'provider-letter',"
  "                   'lrs-letter', 'phone')),"
  "  route_reference  TEXT CHECK (route_reference IS NULL OR length (route_reference) <= 200),"
  "  state            TEXT NOT NULL CHECK (state IN ('draft', 'waiting-to-send', 'submitted',"
  "                   'under-review', 'needs-information', 'accepted', 'rejected')),"
  "  service_id       TEXT UNIQUE,"
  "  outbox_id        INTEGER UNIQUE REFERENCES outbox (id),"
  "  created_at       TEXT NOT NULL,"
  "  submitted_at     TEXT,"
  "  updated_at       TEXT NOT NULL"
  ");"
  "CREATE TABLE IF NOT EXISTS challenge_events ("
  "  id            INTEGER PRIMARY KEY,"
  "  challenge_id  INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,"
  "  state         TEXT NOT NULL CHECK (state IN ('draft', 'waiting-to-send', 'submitted',"
  "                'under-review', 'needs-information', 'accepted', 'rejected')),"
  "  at            TEXT NOT NULL,"
  "  note          TEXT CHECK (note IS NULL OR length (note) <= 2000),"
  "  source        TEXT NOT NULL CHECK (source IN ('app', 'service', 'learner'))"
  ");"
  "CREATE INDEX IF NOT EXISTS challenge_events_by_challenge ON challenge_events (challenge_id, id);"
  "CREATE TABLE IF NOT EXISTS evidence ("
  "  id             INTEGER PRIMARY KEY,"
  "  challenge_id   INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,"
  "  original_name  TEXT NOT NULL CHECK (length (original_name) BETWEEN 1 AND 255),"
  "  media_type     TEXT NOT NULL CHECK (media_type IN ('application/pdf', 'image/png',"
  "                 'image/jpeg')),"
  "  size           INTEGER NOT NULL CHECK (size > 0 AND size <= 10485760),"
  "  sha256         TEXT NOT NULL CHECK (length (sha256) = 64),"
  "  stored_path    TEXT NOT NULL,"
  "  added_at       TEXT NOT NULL,"
  "  UNIQUE (challenge_id, sha256)"
  ");"
  "CREATE INDEX IF NOT EXISTS evidence_by_sha256 ON evidence (sha256);",

  /* 4: saved configured views (their definition as plr_view_to_json()
   * writes it, docs/view-format.md) and the sharing log: every view that
   * left the app, as a share code or as a file, with the LRS IDs of its
   * entries and the names of its fields. A share code's row learns its
   * code, address and view count from the service; revoking it queues a
   * second outbox item. */
  "CREATE TABLE IF NOT EXISTS saved_views ("
  "  id          INTEGER PRIMARY KEY,"
  "  name        TEXT NOT NULL UNIQUE CHECK (length (name) BETWEEN 1 AND 200),"
  "  definition  TEXT NOT NULL CHECK (json_valid (definition)),"
  "  created_at  TEXT NOT NULL,"
  "  updated_at  TEXT NOT NULL"
  ");"
  "CREATE TABLE IF NOT EXISTS share_log ("
  "  id                INTEGER PRIMARY KEY,"
  "  view_name         TEXT,"
  "  recipient         TEXT,"
  "  purpose           TEXT,"
  "  channel           TEXT NOT NULL CHECK (channel IN ('share-code', 'pdf', 'html', 'json',"
  "                    'print')),"
  "  entry_ids         TEXT NOT NULL CHECK (json_valid (entry_ids)),"
  "  field_names       TEXT NOT NULL CHECK (json_valid (field_names)),"
  "  created_at        TEXT NOT NULL,"
  "  expires_at        TEXT,"
  "  share_code        TEXT UNIQUE,"
  "  url               TEXT,"
  "  revoked_at        TEXT,"
  "  views             INTEGER,"
  "  outbox_id         INTEGER UNIQUE REFERENCES outbox (id),"
  "  revoke_outbox_id  INTEGER UNIQUE REFERENCES outbox (id),"
  "  CHECK ((channel = 'share-code') = (outbox_id IS NOT NULL))"
  ");",

  /* 5: the privacy centre: the learner's data rights requests (subject access and
   * objection), with the deadline computed when recorded, and the log of
   * the app's own network requests. The log holds no bodies, queries or
   * headers: method, host, path, status and byte counts only. Dates of
   * requests are days (yyyy-mm-dd), the log's times UTC to the second. */
  "CREATE TABLE IF NOT EXISTS rights_requests ("
  "  id           INTEGER PRIMARY KEY,"
  "  body         TEXT NOT NULL CHECK (length (body) BETWEEN 1 AND 200),"
  "  kind         TEXT NOT NULL CHECK (kind IN ('subject-access', 'objection')),"
  "  sent_on      TEXT NOT NULL CHECK (length (sent_on) = 10),"
  "  due_on       TEXT NOT NULL CHECK (length (due_on) = 10),"
  "  answered_on  TEXT CHECK (answered_on IS NULL OR length (answered_on) = 10),"
  "  note         TEXT CHECK (note IS NULL OR length (note) <= 2000)"
  ");"
  "CREATE TABLE IF NOT EXISTS network_activity ("
  "  id              INTEGER PRIMARY KEY,"
  "  at              TEXT NOT NULL,"
  "  method          TEXT NOT NULL CHECK (length (method) BETWEEN 1 AND 16),"
  "  host            TEXT NOT NULL CHECK (length (host) <= 255),"
  "  path            TEXT NOT NULL CHECK (length (path) <= 2048"
  "                  AND instr (path, '?') = 0 AND instr (path, '#') = 0),"
  "  status          INTEGER NOT NULL CHECK (status BETWEEN 0 AND 999),"
  "  bytes_sent      INTEGER NOT NULL CHECK (bytes_sent >= 0),"
  "  bytes_received  INTEGER NOT NULL CHECK (bytes_received >= 0)"
  ");",

  /* 6: the issuers' published keys (JWK Sets), public, so that a shared
   * record can be checked offline: one row per URL fetched from. */
  "CREATE TABLE IF NOT EXISTS issuer_keys ("
  "  id          INTEGER PRIMARY KEY,"
  "  url         TEXT NOT NULL UNIQUE CHECK (length (url) BETWEEN 1 AND 2048),"
  "  jwks        TEXT NOT NULL CHECK (json_valid (jwks)),"
  "  fetched_at  TEXT NOT NULL"
  ");",

  /* 7: the service's signed copy of a snapshot (plr-store-credential.c). It
   * belongs to one snapshot and goes with it, so an old credential can
   * never sit beside a newer record. */
  "CREATE TABLE IF NOT EXISTS credentials ("
  "  snapshot_id     INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,"
  "  compact         TEXT NOT NULL CHECK (length (compact) BETWEEN 1 AND 16777216),"
  "  issuer          TEXT NOT NULL CHECK (length (issuer) BETWEEN 1 AND 2048),"
  "  issuer_name     TEXT CHECK (issuer_name IS NULL OR length (issuer_name) <= 256),"
  "  issued_at       INTEGER NOT NULL,"
  "  expires_at      INTEGER NOT NULL,"
  "  record_version  INTEGER NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PLR_STORE_SCHEMA_VERSION);


/* How the cache reports SQLite's failures: in PLR_STORE_ERROR, with the
 * words the learner has always seen. */
static const PlrSqliteErrorCodes store_error_codes = {
  .domain = plr_store_error_quark,
  .failed = PLR_STORE_ERROR_FAILED,
  .disk_full = PLR_STORE_ERROR_DISK_FULL,
  .corrupt = PLR_STORE_ERROR_CORRUPT,
  .too_new = PLR_STORE_ERROR_TOO_NEW,
  .read_context = N_("Could not read the cached record"),
  .write_context = N_("Could not update the cached record"),
  .too_new_message = N_("The cached record was written by a newer version of Learning Record. "
                        "Update Learning Record to open it."),
};

gboolean
_plr_store_set_sqlite_error (PlrStore    *self,
                             int          rc,
                             GError     **error,
                             const char  *context)
{
  return plr_sqlite_set_error (self->db, rc, &store_error_codes, error, context);
}

static gboolean plr_store_open (PlrStore  *self,
                                GError   **error);
static gboolean migrate        (PlrStore  *self,
                                GError   **error);

/* What the statement does to the cache: only a SELECT or a PRAGMA that
 * sets nothing leaves it as it is. */
static gboolean
sql_only_reads (const char *sql)
{
  while (g_ascii_isspace (*sql))
    sql++;
  if (g_ascii_strncasecmp (sql, "SELECT", 6) == 0)
    return TRUE;
  return g_ascii_strncasecmp (sql, "PRAGMA", 6) == 0 && strchr (sql, '=') == NULL;
}

/* The empty cache that answers reads after plr_store_forget(): the same
 * schema, in memory, so that a window still asking for its lists does not
 * bring the file back. */
static gboolean
open_empty_in_memory (PlrStore  *self,
                      GError   **error)
{
  int rc = sqlite3_open_v2 (":memory:", &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                            NULL);

  if (rc != SQLITE_OK)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not open the cached record"));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  self->db_in_memory = TRUE;
  self->migrating = TRUE;
  if (!migrate (self, error))
    {
      self->migrating = FALSE;
      g_clear_pointer (&self->db, sqlite3_close);
      self->db_in_memory = FALSE;
      return FALSE;
    }
  self->migrating = FALSE;

  return TRUE;
}

/* After plr_store_forget() the connection is closed and the files are gone.
 * A read is answered from an empty database in memory; the first write
 * makes a fresh, private cache in the same place. */
static gboolean
ensure_open (PlrStore    *self,
             const char  *sql,
             GError     **error)
{
  gboolean writes = !sql_only_reads (sql);

  if (self->db != NULL && !(self->db_in_memory && writes && !self->migrating))
    return TRUE;

  if (!writes)
    return open_empty_in_memory (self, error);

  g_clear_pointer (&self->db, sqlite3_close);
  self->db_in_memory = FALSE;
  g_debug ("Making a new cache after it was forgotten");
  return plr_store_open (self, error);
}

gboolean
_plr_store_exec (PlrStore    *self,
                 const char  *sql,
                 GError     **error)
{
  return ensure_open (self, sql, error) &&
         plr_sqlite_exec (self->db, sql, &store_error_codes, error);
}

sqlite3_stmt *
_plr_store_prepare (PlrStore    *self,
                    const char  *sql,
                    GError     **error)
{
  if (!ensure_open (self, sql, error))
    return NULL;

  return plr_sqlite_prepare (self->db, sql, &store_error_codes, error);
}

/**
 * _plr_store_run_transaction:
 * @self: a #PlrStore, with its mutex held
 * @func: the work, which reads and writes through @self
 * @user_data: passed to @func
 * @error: return location for a #GError
 *
 * Runs @func in one write transaction of the cache: all it wrote, or
 * nothing. The cache is opened first if it was forgotten.
 *
 * Returns: %TRUE if @func succeeded and was committed
 */
gboolean
_plr_store_run_transaction (PlrStore                 *self,
                            PlrSqliteTransactionFunc  func,
                            gpointer                  user_data,
                            GError                  **error)
{
  if (!ensure_open (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  return plr_sqlite_transaction (self->db, &store_error_codes, func, user_data, error);
}

/**
 * plr_store_dup_default_path:
 *
 * Returns: (transfer full): where the app keeps its cache
 */
char *
plr_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db", NULL);
}

static gboolean
make_private (const char  *path,
              gboolean     is_dir,
              GError     **error)
{
  int fd;

  if (is_dir)
    {
      if (g_mkdir_with_parents (path, 0700) != 0)
        {
          int saved_errno = errno;
          g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_PERMISSION,
                       _("Could not create the folder for the cached record: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
    }
  else
    {
      /* Create the file ourselves, 0600, before SQLite sees it: SQLite
       * would create it with the umask's permissions. Its -wal and -shm
       * files take the permissions of the database file. */
      fd = g_open (path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved_errno = errno;
          g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_PERMISSION,
                       _("Could not create the cached record: %s"), g_strerror (saved_errno));
          return FALSE;
        }
      close (fd);
    }

  if (g_chmod (path, is_dir ? 0700 : 0600) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_PERMISSION,
                   _("Could not make the cached record private to you: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Moves a damaged database and its journal files aside, never deleting
 * them: the learner or a helper may still recover something from them. */
static char *
move_aside (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", path, stamp);
  static const char * const suffixes[] = { "-wal", "-shm" };

  if (g_rename (path, target) != 0)
    g_warning ("Could not move a damaged cache aside: %s", g_strerror (errno));

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }

  return g_steal_pointer (&target);
}

static gboolean
quick_check (PlrStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;

  ok = sqlite3_step (stmt) == SQLITE_ROW &&
       g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;

  return ok;
}

static gboolean
migrate (PlrStore  *self,
         GError   **error)
{
  return plr_sqlite_migrate (self->db, migrations, G_N_ELEMENTS (migrations), &store_error_codes,
                             error);
}

static gboolean
plr_store_open (PlrStore  *self,
                GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int rc;

  if (!make_private (dir, TRUE, error) || !make_private (self->path, FALSE, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not open the cached record"));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, FALSE);
  sqlite3_busy_timeout (self->db, 5000);

  if (!quick_check (self))
    {
      g_autofree char *aside = NULL;

      g_clear_pointer (&self->db, sqlite3_close);
      aside = move_aside (self->path);
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                   _("The cached record was damaged, so it was moved aside to “%s” and "
                     "nothing was deleted. Fetch or import your record again to rebuild "
                     "the cache."), aside);
      return FALSE;
    }

  /* FULL: a committed snapshot survives a power cut, not just a crash.
   * secure_delete: removed personal data is overwritten, not left in free pages. */
  if (!_plr_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_plr_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !_plr_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !_plr_store_exec (self, "PRAGMA secure_delete = ON", error) ||
      !migrate (self, error))
    {
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  return TRUE;
}

static void
plr_store_finalize (GObject *object)
{
  PlrStore *self = (PlrStore *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->pending_activity, g_ptr_array_unref);
  g_mutex_clear (&self->activity_mutex);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (plr_store_parent_class)->finalize (object);
}

static void
plr_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PlrStore *self = PLR_STORE (object);

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
plr_store_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PlrStore *self = PLR_STORE (object);

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
plr_store_class_init (PlrStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_store_finalize;
  object_class->get_property = plr_store_get_property;
  object_class->set_property = plr_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlrStore::changed:
   * @self: the store
   * @diff: a #PlrRecordDiff from the previous current record to the new one
   *
   * Emitted on the thread that owns the store after the record was replaced.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, PLR_TYPE_RECORD_DIFF);

  /**
   * PlrStore::outbox-item-queued:
   * @self: the store
   * @id: the new outbox item
   *
   * Emitted on the calling thread after a local change and its outbox item
   * were committed, so that #PlrSync can send it.
   */
  signals[OUTBOX_ITEM_QUEUED] =
    g_signal_new ("outbox-item-queued", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * PlrStore::outbox-item-sent:
   * @self: the store
   * @id: the outbox item
   *
   * Emitted on the calling thread after the service's answer to an outbox
   * item was committed (taken, or refused for good), so that a page showing
   * what waits to be sent updates without asking again.
   */
  signals[OUTBOX_ITEM_SENT] =
    g_signal_new ("outbox-item-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * PlrStore::challenge-changed:
   * @self: the store
   * @uuid: the local id of the challenge
   *
   * Emitted on the calling thread after a challenge, its timeline or its
   * evidence changed in the store: saved, submitted, sent, answered by the
   * service, recorded by the learner, or deleted.
   */
  signals[CHALLENGE_CHANGED] =
    g_signal_new ("challenge-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * PlrStore::shares-changed:
   * @self: the store
   *
   * Emitted on the calling thread after the saved views or the sharing log
   * changed: a view saved or deleted, a view exported or shared, a share
   * confirmed, revoked or updated from the service.
   */
  signals[SHARES_CHANGED] =
    g_signal_new ("shares-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

void
_plr_store_emit_outbox_item_queued (PlrStore *self,
                                    gint64    outbox_id)
{
  g_signal_emit (self, signals[OUTBOX_ITEM_QUEUED], 0, outbox_id);
}

void
_plr_store_emit_outbox_item_sent (PlrStore *self,
                                  gint64    outbox_id)
{
  g_signal_emit (self, signals[OUTBOX_ITEM_SENT], 0, outbox_id);
}

void
_plr_store_emit_challenge_changed (PlrStore   *self,
                                   const char *uuid)
{
  g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, uuid);
}

void
_plr_store_emit_shares_changed (PlrStore *self)
{
  g_signal_emit (self, signals[SHARES_CHANGED], 0);
}

static void
plr_store_init (PlrStore *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->activity_mutex);
  self->pending_activity =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_network_activity_free);
}

/**
 * plr_store_new:
 * @path: (nullable): the database file, or %NULL for the default place
 * @error: return location for a #GError
 *
 * Opens the cache, creating it (and its folder) private to the user, and
 * brings its schema up to date. A damaged file is moved aside and reported
 * as %PLR_STORE_ERROR_CORRUPT; calling this again then makes a fresh cache.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
PlrStore *
plr_store_new (const char  *path,
               GError     **error)
{
  g_autoptr(PlrStore) self = NULL;
  g_autofree char *default_path = NULL;

  if (path == NULL)
    path = default_path = plr_store_dup_default_path ();

  self = g_object_new (PLR_TYPE_STORE, "path", path, NULL);
  if (!plr_store_open (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
plr_store_get_path (PlrStore *self)
{
  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  return self->path;
}

int
plr_store_get_schema_version (PlrStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), -1);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "PRAGMA user_version", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

static void
bind_event_field (sqlite3_stmt     *stmt,
                  int               index,
                  PlrLearningEvent *event,
                  PlrEventField     field)
{
  const char *value = plr_learning_event_get_value (event, field);

  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else if (plr_event_field_info (field)->kind == PLR_FIELD_KIND_INT)
    sqlite3_bind_int64 (stmt, index, g_ascii_strtoll (value, NULL, 10));
  else
    /* The event outlives the step, so SQLite need not copy the text. */
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

/* Must be called with the mutex held. */
static PlrRecord *
load_record_locked (PlrStore          *self,
                    PlrStoreSnapshot   which,
                    GError           **error)
{
  g_autoptr(sqlite3_stmt) snapshot = NULL;
  g_autoptr(sqlite3_stmt) events = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(JsonNode) learner_node = NULL;
  g_autoptr(GBytes) learner_bytes = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *learner_json;
  const char *fetched_at;
  gint64 snapshot_id;
  int rc;

  snapshot = _plr_store_prepare (self,
                                 "SELECT id, fetched_at, source, etag, incoming_uln, learner,"
                                 " n_events FROM snapshots WHERE is_current = ?1",
                                 error);
  if (snapshot == NULL)
    return NULL;

  sqlite3_bind_int (snapshot, 1, which == PLR_STORE_SNAPSHOT_CURRENT ? 1 : 0);
  rc = sqlite3_step (snapshot);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read the cached record"));
      return NULL;
    }

  snapshot_id = sqlite3_column_int64 (snapshot, 0);
  learner_json = (const char *) sqlite3_column_text (snapshot, 5);
  learner_bytes = g_bytes_new (learner_json, strlen (learner_json));
  learner_node = plr_json_parse (learner_bytes, NULL, &local_error);
  if (learner_node != NULL)
    learner = plr_learner_from_json_node (learner_node, "learner", &local_error);
  if (learner == NULL)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                   _("The cached learner details could not be read: %s"),
                   local_error->message);
      return NULL;
    }

  record = plr_record_new (learner);
  fetched_at = (const char *) sqlite3_column_text (snapshot, 1);
  if (fetched_at != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (fetched_at, NULL);
      plr_record_set_fetched_at (record, dt);
    }
  plr_record_set_source (record, (const char *) sqlite3_column_text (snapshot, 2));
  plr_record_set_etag (record, (const char *) sqlite3_column_text (snapshot, 3));
  plr_record_set_incoming_uln (record, (const char *) sqlite3_column_text (snapshot, 4));

  events = _plr_store_prepare (self,
                               "SELECT " EVENT_COLUMNS " FROM events WHERE snapshot_id = ?1 "
                               "ORDER BY position",
                               error);
  if (events == NULL)
    return NULL;

  sqlite3_bind_int64 (events, 1, snapshot_id);
  list = g_ptr_array_new_full (sqlite3_column_int (snapshot, 6), g_object_unref);
  while ((rc = sqlite3_step (events)) == SQLITE_ROW)
    {
      const char *texts[PLR_EVENT_N_FIELDS];

      /* Each text stays valid until the next step: the event copies them. */
      for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
        texts[i] = (const char *) sqlite3_column_text (events, (int) i);
      g_ptr_array_add (list, _plr_learning_event_new_packed (texts));
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read the cached record"));
      return NULL;
    }

  plr_record_take_events (record, g_steal_pointer (&list));

  {
    g_autoptr(PlrRecordCredential) credential = NULL;

    credential = _plr_store_load_credential_locked (self, snapshot_id, &local_error);
    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
    plr_record_set_credential (record, credential);
  }

  return g_steal_pointer (&record);
}

/**
 * plr_store_load_record:
 * @self: a #PlrStore
 * @which: the current snapshot or the one before it
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the record, or %NULL when there is
 *   none (no error) or on error
 */
PlrRecord *
plr_store_load_record (PlrStore          *self,
                       PlrStoreSnapshot   which,
                       GError           **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  return load_record_locked (self, which, error);
}

static gboolean
insert_snapshot_locked (PlrStore   *self,
                        PlrRecord  *record,
                        GError    **error)
{
  g_autoptr(sqlite3_stmt) snapshot = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(sqlite3_stmt) index = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) learner_node = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stored_at = g_date_time_format_iso8601 (now);
  g_autofree char *fetched_at = NULL;
  g_autofree char *learner_json = NULL;
  g_autofree char *hash = plr_record_dup_content_hash (record);
  gint64 snapshot_id;
  guint n_events = plr_record_get_n_events (record);
  int rc;

  learner_node = plr_learner_to_json_node (plr_record_get_learner (record));
  json_generator_set_root (generator, learner_node);
  learner_json = json_generator_to_data (generator, NULL);

  if (plr_record_get_fetched_at (record))
    fetched_at = g_date_time_format_iso8601 (plr_record_get_fetched_at (record));

  /* Keep exactly one earlier snapshot: drop the older one, demote the current. */
  if (!_plr_store_exec (self, "DELETE FROM snapshots WHERE is_current = 0", error) ||
      !_plr_store_exec (self, "UPDATE snapshots SET is_current = 0 WHERE is_current = 1", error))
    return FALSE;

  snapshot = _plr_store_prepare (self,
                                 "INSERT INTO snapshots (stored_at, fetched_at, source, etag,"
                                 " incoming_uln, learner, n_events, content_hash, is_current)"
                                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
                                 error);
  if (snapshot == NULL)
    return FALSE;

  plr_sqlite_bind_text_or_null (snapshot, 1, stored_at);
  plr_sqlite_bind_text_or_null (snapshot, 2, fetched_at);
  plr_sqlite_bind_text_or_null (snapshot, 3, plr_record_get_source (record));
  plr_sqlite_bind_text_or_null (snapshot, 4, plr_record_get_etag (record));
  plr_sqlite_bind_text_or_null (snapshot, 5, plr_record_get_incoming_uln (record));
  plr_sqlite_bind_text_or_null (snapshot, 6, learner_json);
  sqlite3_bind_int (snapshot, 7, (int) n_events);
  plr_sqlite_bind_text_or_null (snapshot, 8, hash);

  rc = sqlite3_step (snapshot);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not store the record"));
  snapshot_id = sqlite3_last_insert_rowid (self->db);

  insert = _plr_store_prepare (self,
                               "INSERT INTO events (snapshot_id, position, " EVENT_COLUMNS ")"
                               " VALUES ("
                               "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                               " ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
                               error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < n_events; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);

      sqlite3_bind_int64 (insert, 1, snapshot_id);
      sqlite3_bind_int (insert, 2, (int) i);
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        bind_event_field (insert, 3 + (int) f, event, f);

      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        return _plr_store_set_sqlite_error (self, rc, error, _("Could not store the record"));
      sqlite3_reset (insert);
    }

  /* In the same transaction: the record's credential or none at all. */
  if (plr_record_get_credential (record) != NULL &&
      !_plr_store_insert_credential_locked (self, snapshot_id, plr_record_get_credential (record),
                                            error))
    return FALSE;

  /* The search index covers the current snapshot only. */
  if (!_plr_store_exec (self, "DELETE FROM events_fts", error))
    return FALSE;

  index = _plr_store_prepare (self,
                              "INSERT INTO events_fts (rowid, subject, subject_code,"
                              " qualification_type, level, grade, awarding_organisation_name,"
                              " achievement_provider_name) SELECT rowid, subject, subject_code,"
                              " qualification_type, level, grade, awarding_organisation_name,"
                              " achievement_provider_name FROM events WHERE snapshot_id = ?1",
                              error);
  if (index == NULL)
    return FALSE;

  sqlite3_bind_int64 (index, 1, snapshot_id);
  rc = sqlite3_step (index);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error,
                                        _("Could not index the record for search"));

  return TRUE;
}

typedef struct
{
  PlrStore  *self;
  PlrRecord *record;
  PlrRecord *previous;
} ReplaceRecord;

static gboolean
replace_record_in_transaction (gpointer   user_data,
                               GError   **error)
{
  ReplaceRecord *replace = user_data;
  g_autoptr(GError) local_error = NULL;

  replace->previous = load_record_locked (replace->self, PLR_STORE_SNAPSHOT_CURRENT,
                                          &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return insert_snapshot_locked (replace->self, replace->record, error);
}

static PlrRecordDiff *
replace_record_locked (PlrStore   *self,
                       PlrRecord  *record,
                       GError    **error)
{
  ReplaceRecord replace = { self, record, NULL };
  g_autoptr(PlrRecord) previous = NULL;
  gboolean ok;

  /* The read of the old record and the write of the new one see the same
   * database: the transaction holds the write lock from its start. */
  ok = _plr_store_run_transaction (self, replace_record_in_transaction, &replace, error);
  previous = g_steal_pointer (&replace.previous);
  if (!ok)
    return NULL;

  g_debug ("Stored a snapshot of %u events", plr_record_get_n_events (record));

  return plr_record_diff_new (previous, record);
}

/**
 * plr_store_replace_record:
 * @self: a #PlrStore
 * @record: the new record, already validated
 * @diff: (out) (optional) (transfer full): what changed
 * @error: return location for a #GError
 *
 * Makes @record the current snapshot in one transaction, keeping the
 * current one as the previous snapshot. On error nothing changes.
 * Emits #PlrStore::changed on success.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_replace_record (PlrStore       *self,
                          PlrRecord      *record,
                          PlrRecordDiff **diff,
                          GError        **error)
{
  g_autoptr(PlrRecordDiff) result = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  g_mutex_lock (&self->mutex);
  result = replace_record_locked (self, record, error);
  g_mutex_unlock (&self->mutex);

  if (result == NULL)
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0, result);

  if (diff)
    *diff = g_steal_pointer (&result);

  return TRUE;
}

static void
replace_record_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PlrStore *self = source_object;
  PlrRecordDiff *diff;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&self->mutex);
  diff = replace_record_locked (self, task_data, &error);
  g_mutex_unlock (&self->mutex);

  if (diff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diff, g_object_unref);
}

/**
 * plr_store_replace_record_async:
 * @self: a #PlrStore
 * @record: the new record, already validated
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Like plr_store_replace_record(), on a worker thread. #PlrStore::changed is
 * emitted on the calling thread from plr_store_replace_record_finish().
 */
void
plr_store_replace_record_async (PlrStore            *self,
                                PlrRecord           *record,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_STORE (self));
  g_return_if_fail (PLR_IS_RECORD (record));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_store_replace_record_async);
  g_task_set_task_data (task, g_object_ref (record), g_object_unref);
  g_task_run_in_thread (task, replace_record_thread);
}

/**
 * plr_store_replace_record_finish:
 * @self: a #PlrStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what changed, or %NULL with @error set
 */
PlrRecordDiff *
plr_store_replace_record_finish (PlrStore      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  PlrRecordDiff *diff;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  diff = g_task_propagate_pointer (G_TASK (result), error);
  if (diff != NULL)
    g_signal_emit (self, signals[CHANGED], 0, diff);

  return diff;
}

static void
load_record_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  PlrStore *self = source_object;
  PlrStoreSnapshot which = GPOINTER_TO_INT (task_data);
  PlrRecord *record;
  GError *error = NULL;

  record = plr_store_load_record (self, which, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, g_object_unref);
}

void
plr_store_load_record_async (PlrStore            *self,
                             PlrStoreSnapshot     which,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_store_load_record_async);
  g_task_set_task_data (task, GINT_TO_POINTER (which), NULL);
  g_task_run_in_thread (task, load_record_thread);
}

/**
 * plr_store_load_record_finish:
 * @self: a #PlrStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the record, or %NULL if there is
 *   none or on error
 */
PlrRecord *
plr_store_load_record_finish (PlrStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * plr_store_update_fetch_info:
 * @self: a #PlrStore
 * @fetched_at: when the service last confirmed the record
 * @etag: (nullable): the service's entity tag
 * @error: return location for a #GError
 *
 * Records a fetch that found nothing new (a 304), without a new snapshot.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_update_fetch_info (PlrStore    *self,
                             GDateTime   *fetched_at,
                             const char  *etag,
                             GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *iso = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (fetched_at != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "UPDATE snapshots SET fetched_at = ?1, etag = ?2 WHERE is_current = 1",
                             error);
  if (stmt == NULL)
    return FALSE;

  iso = g_date_time_format_iso8601 (fetched_at);
  plr_sqlite_bind_text_or_null (stmt, 1, iso);
  plr_sqlite_bind_text_or_null (stmt, 2, etag);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not update the cached record"));

  return TRUE;
}

/**
 * plr_store_dup_content_hash:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the content hash of the current
 *   snapshot as stored, or %NULL when there is none
 */
char *
plr_store_dup_content_hash (PlrStore  *self,
                            GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "SELECT content_hash FROM snapshots WHERE is_current = 1",
                             error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * plr_store_dup_changes:
 * @self: a #PlrStore
 * @current_record: (nullable): the current snapshot if the caller has
 *   already loaded it, or %NULL to load it here
 * @error: return location for a #GError
 *
 * A window that shows the record passes it in, so that a large record is
 * not held twice just to compute the changes.
 *
 * Returns: (transfer full) (nullable): what changed from the previous
 *   snapshot to the current one, or %NULL when there is no record
 */
PlrRecordDiff *
plr_store_dup_changes (PlrStore   *self,
                       PlrRecord  *current_record,
                       GError    **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(PlrRecord) current = NULL;
  g_autoptr(PlrRecord) previous = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (current_record == NULL || PLR_IS_RECORD (current_record), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (current_record != NULL)
    current = g_object_ref (current_record);
  else
    current = load_record_locked (self, PLR_STORE_SNAPSHOT_CURRENT, &local_error);
  if (current != NULL)
    previous = load_record_locked (self, PLR_STORE_SNAPSHOT_PREVIOUS, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return current ? plr_record_diff_new (previous, current) : NULL;
}

/* Turns what a learner types into an FTS5 query: every word must match,
 * as a prefix, and nothing they type is read as FTS syntax. */
static char *
build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT);

  if (normalized == NULL)
    return NULL;

  words = g_strsplit_set (normalized, " \t\n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;

      if (query->len > 0)
        g_string_append_c (query, ' ');
      g_string_append_c (query, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (query, '"');
          g_string_append_c (query, *p);
        }
      g_string_append (query, "\"*");
    }

  return query->len > 0 ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

/**
 * plr_store_search:
 * @self: a #PlrStore
 * @text: what the learner typed
 * @error: return location for a #GError
 *
 * Searches the current snapshot's subjects, codes, types, levels, grades,
 * awarding organisations and providers. Every word must match the start
 * of a word; accents are ignored ("sian" finds "Siân").
 *
 * Returns: (transfer full) (element-type guint): the positions of the
 *   matching events in the current record, in record order
 */
GArray *
plr_store_search (PlrStore    *self,
                  const char  *text,
                  GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *query = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  query = build_match_query (text);
  if (query == NULL)
    return g_steal_pointer (&positions);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT e.position FROM events_fts f JOIN events e ON e.rowid ="
                             " f.rowid WHERE events_fts MATCH ?1 ORDER BY e.position",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint position = (guint) sqlite3_column_int (stmt, 0);
      g_array_append_val (positions, position);
    }

  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not search the cached record"));
      return NULL;
    }

  return g_steal_pointer (&positions);
}

/**
 * plr_store_check_integrity:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Runs SQLite's full integrity_check.
 *
 * Returns: %TRUE if the database is sound
 */
gboolean
plr_store_check_integrity (PlrStore  *self,
                           GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW ||
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                           _("The cached record failed its integrity check"));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  PlrStore  *store;
  PlrRecord *current_record;
} LoadChangesData;

static void
load_changes_data_free (LoadChangesData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->current_record);
  g_free (data);
}

static void
load_changes_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadChangesData *data = task_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  GError *error = NULL;

  diff = plr_store_dup_changes (data->store, data->current_record, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (diff == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, plr_record_changes_new (diff), g_object_unref);
}

/**
 * plr_store_load_changes_async:
 * @store: the cache
 * @current_record: (nullable): the current snapshot, if already loaded
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Compares the current and the previous snapshot on a worker thread.
 */
void
plr_store_load_changes_async (PlrStore            *store,
                              PlrRecord           *current_record,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadChangesData *data;

  g_return_if_fail (PLR_IS_STORE (store));
  g_return_if_fail (current_record == NULL || PLR_IS_RECORD (current_record));

  data = g_new0 (LoadChangesData, 1);
  data->store = g_object_ref (store);
  data->current_record = current_record ? g_object_ref (current_record) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_store_load_changes_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_changes_data_free);
  g_task_run_in_thread (task, load_changes_thread);
}

/**
 * plr_store_load_changes_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the changes, or %NULL when there is
 *   no record (with @error unset) or on error
 */
PlrRecordChanges *
plr_store_load_changes_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
