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
#include "plr-record-json.h"
#include "plr-rights.h"
#include "plr-store.h"
#include "plr-view-json.h"
#include "plr-view-result.h"

/* The local cache of the learner's record. One SQLite file, private to the
 * user, in WAL mode. Each replace keeps the previous snapshot so the store
 * can say what changed since the last fetch, and is one transaction: a
 * process killed half way leaves the complete old or the complete new one.
 *
 * Every statement is a constant string prepared with bound parameters.
 * The connection is serialised by a mutex so that the async operations can
 * run on worker threads while the main loop stays free. */
struct _PlrStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  GMutex    mutex;

  /* After plr_store_forget(): reads are answered by an empty database in
   * memory until something is written. */
  gboolean  db_in_memory;
  gboolean  migrating;

  /* Network requests queued by plr_store_queue_network_activity() and not
   * written yet. Guarded by activity_mutex, and taken from the queue only
   * while @mutex is held, so that batches are written in order and
   * forgetting the cache drops what was not written. */
  GMutex     activity_mutex;
  GPtrArray *pending_activity;
  guint      activity_keep;
  gboolean   activity_writer_running;
};

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
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PLR_STORE_SCHEMA_VERSION);

/* The event columns after snapshot_id and position, in PlrEventField order. */
#define EVENT_COLUMNS \
  "id, subject, subject_code, qualification_type, level, grade, credits," \
  " achievement_award_date, participation_start_date, participation_end_date," \
  " awarding_organisation_name, awarding_organisation_ukprn, achievement_provider_name," \
  " achievement_provider_ukprn, source, date_loaded, language_for_assessment," \
  " under_data_challenge, status, collection_type, restriction, return_number"

G_STATIC_ASSERT (PLR_EVENT_N_FIELDS == 22);

static gboolean
set_sqlite_error (PlrStore    *self,
                  int          rc,
                  GError     **error,
                  const char  *context)
{
  int code = PLR_STORE_ERROR_FAILED;

  if (rc == SQLITE_FULL)
    code = PLR_STORE_ERROR_DISK_FULL;
  else if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
    code = PLR_STORE_ERROR_CORRUPT;

  /* SQLite's own words for a full disk ("database or disk is full") do
   * not tell the learner what to do. */
  if (code == PLR_STORE_ERROR_DISK_FULL)
    g_set_error (error, PLR_STORE_ERROR, code,
                 _("%s: the disk is full. Free some space and try again; what was saved "
                   "before is unchanged."), context);
  else
    g_set_error (error, PLR_STORE_ERROR, code, "%s: %s", context,
                 self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
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
      set_sqlite_error (self, rc, error, _("Could not open the cached record"));
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

static gboolean
exec_sql (PlrStore    *self,
          const char  *sql,
          GError     **error)
{
  int rc;

  if (!ensure_open (self, sql, error))
    return FALSE;

  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error, _("Could not update the cached record"));

  return TRUE;
}

static sqlite3_stmt *
prepare (PlrStore    *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!ensure_open (self, sql, error))
    return NULL;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error, _("Could not read the cached record"));
      return NULL;
    }

  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  stmt = prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sqlite_error (self, sqlite3_errcode (self->db), error,
                             _("Could not read the cached record"));
  version = sqlite3_column_int (stmt, 0);

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_TOO_NEW,
                   _("The cached record was written by a newer version of Learning Record. "
                     "Update Learning Record to open it."));
      return FALSE;
    }

  for (int v = version; v < (int) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *set_version = NULL;

      g_debug ("Migrating the cache schema from version %d to %d", v, v + 1);

      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* PRAGMA takes no parameters; the number is ours, not input. */
      set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      if (!exec_sql (self, migrations[v], error) || !exec_sql (self, set_version, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      if (!exec_sql (self, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
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
      set_sqlite_error (self, rc, error, _("Could not open the cached record"));
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
  if (!exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (self, "PRAGMA synchronous = FULL", error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_sql (self, "PRAGMA secure_delete = ON", error) ||
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
  stmt = prepare (self, "PRAGMA user_version", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int (stmt, 0);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
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

  snapshot = prepare (self,
                      "SELECT id, fetched_at, source, etag, incoming_uln, learner, n_events "
                      "FROM snapshots WHERE is_current = ?1",
                      error);
  if (snapshot == NULL)
    return NULL;

  sqlite3_bind_int (snapshot, 1, which == PLR_STORE_SNAPSHOT_CURRENT ? 1 : 0);
  rc = sqlite3_step (snapshot);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, _("Could not read the cached record"));
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

  events = prepare (self,
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
      set_sqlite_error (self, rc, error, _("Could not read the cached record"));
      return NULL;
    }

  plr_record_take_events (record, g_steal_pointer (&list));

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
  if (!exec_sql (self, "DELETE FROM snapshots WHERE is_current = 0", error) ||
      !exec_sql (self, "UPDATE snapshots SET is_current = 0 WHERE is_current = 1", error))
    return FALSE;

  snapshot = prepare (self,
                      "INSERT INTO snapshots (stored_at, fetched_at, source, etag, incoming_uln,"
                      " learner, n_events, content_hash, is_current) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)",
                      error);
  if (snapshot == NULL)
    return FALSE;

  bind_text_or_null (snapshot, 1, stored_at);
  bind_text_or_null (snapshot, 2, fetched_at);
  bind_text_or_null (snapshot, 3, plr_record_get_source (record));
  bind_text_or_null (snapshot, 4, plr_record_get_etag (record));
  bind_text_or_null (snapshot, 5, plr_record_get_incoming_uln (record));
  bind_text_or_null (snapshot, 6, learner_json);
  sqlite3_bind_int (snapshot, 7, (int) n_events);
  bind_text_or_null (snapshot, 8, hash);

  rc = sqlite3_step (snapshot);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not store the record"));
  snapshot_id = sqlite3_last_insert_rowid (self->db);

  insert = prepare (self,
                    "INSERT INTO events (snapshot_id, position, " EVENT_COLUMNS ") VALUES ("
                    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                    " ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
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
        return set_sqlite_error (self, rc, error, _("Could not store the record"));
      sqlite3_reset (insert);
    }

  /* The search index covers the current snapshot only. */
  if (!exec_sql (self, "DELETE FROM events_fts", error))
    return FALSE;

  index = prepare (self,
                   "INSERT INTO events_fts (rowid, subject, subject_code, qualification_type,"
                   " level, grade, awarding_organisation_name, achievement_provider_name) "
                   "SELECT rowid, subject, subject_code, qualification_type, level, grade,"
                   " awarding_organisation_name, achievement_provider_name "
                   "FROM events WHERE snapshot_id = ?1",
                   error);
  if (index == NULL)
    return FALSE;

  sqlite3_bind_int64 (index, 1, snapshot_id);
  rc = sqlite3_step (index);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not index the record for search"));

  return TRUE;
}

static PlrRecordDiff *
replace_record_locked (PlrStore   *self,
                       PlrRecord  *record,
                       GError    **error)
{
  g_autoptr(PlrRecord) previous = NULL;
  g_autoptr(GError) local_error = NULL;

  /* IMMEDIATE takes the write lock now, so the read of the old record and
   * the write of the new one see the same database. */
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return NULL;

  previous = load_record_locked (self, PLR_STORE_SNAPSHOT_CURRENT, &local_error);
  if (local_error != NULL || !insert_snapshot_locked (self, record, &local_error) ||
      !exec_sql (self, "COMMIT", &local_error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

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
  stmt = prepare (self,
                  "UPDATE snapshots SET fetched_at = ?1, etag = ?2 WHERE is_current = 1",
                  error);
  if (stmt == NULL)
    return FALSE;

  iso = g_date_time_format_iso8601 (fetched_at);
  bind_text_or_null (stmt, 1, iso);
  bind_text_or_null (stmt, 2, etag);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not update the cached record"));

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
  stmt = prepare (self, "SELECT content_hash FROM snapshots WHERE is_current = 1", error);
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
  stmt = prepare (self,
                  "SELECT e.position FROM events_fts f JOIN events e ON e.rowid = f.rowid "
                  "WHERE events_fts MATCH ?1 ORDER BY e.position",
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
      set_sqlite_error (self, rc, error, _("Could not search the cached record"));
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
  stmt = prepare (self, "PRAGMA integrity_check", error);
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

/* ------------------------------------------------------------------------ */
/* The outbox and the sharing choices                                        */

G_DEFINE_BOXED_TYPE (PlrSharingChoice, plr_sharing_choice,
                     plr_sharing_choice_copy, plr_sharing_choice_free)

/**
 * plr_sharing_choice_copy:
 * @choice: a #PlrSharingChoice
 *
 * Returns: (transfer full): a deep copy of @choice
 */
PlrSharingChoice *
plr_sharing_choice_copy (const PlrSharingChoice *choice)
{
  PlrSharingChoice *copy;

  g_return_val_if_fail (choice != NULL, NULL);

  copy = g_new0 (PlrSharingChoice, 1);
  *copy = *choice;
  copy->method = g_strdup (choice->method);
  copy->note = g_strdup (choice->note);
  copy->made_at = choice->made_at ? g_date_time_ref (choice->made_at) : NULL;
  copy->reference = g_strdup (choice->reference);
  copy->confirmed_at = choice->confirmed_at ? g_date_time_ref (choice->confirmed_at) : NULL;

  return copy;
}

void
plr_sharing_choice_free (PlrSharingChoice *choice)
{
  if (choice == NULL)
    return;

  g_clear_pointer (&choice->method, g_free);
  g_clear_pointer (&choice->note, g_free);
  g_clear_pointer (&choice->made_at, g_date_time_unref);
  g_clear_pointer (&choice->reference, g_free);
  g_clear_pointer (&choice->confirmed_at, g_date_time_unref);
  g_free (choice);
}

static const char * const sharing_methods[] = { "app", "phone", "letter", NULL };

#define OUTBOX_COLUMNS \
  "id, kind, method, path, body, idempotency_key, created_at, state, attempts, last_error," \
  " next_attempt_at, response, sent_at"

/* UTC, ISO 8601 to the second: fixed width, so the text sorts as the time. */
static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
format_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return format_time (now);
}

static GDateTime *
column_time (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

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
static gboolean
note_is_valid (const char  *note,
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
static gboolean
insert_outbox_locked (PlrStore    *self,
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

  stmt = prepare (self,
                  "INSERT INTO outbox (kind, method, path, body, idempotency_key, created_at,"
                  " attempts, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 'queued')",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, kind);
  bind_text_or_null (stmt, 2, method);
  bind_text_or_null (stmt, 3, path);
  bind_text_or_null (stmt, 4, body);
  bind_text_or_null (stmt, 5, key);
  bind_text_or_null (stmt, 6, created_at);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save the change for sending"));

  *out_id = sqlite3_last_insert_rowid (self->db);
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
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *body = build_sharing_body (opted_out, method, note);
  g_autofree char *now = format_now ();
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!insert_outbox_locked (self, PLR_OUTBOX_KIND_SHARING_PREFERENCE, "PUT",
                             "v1/sharing-preferences", body, now, out_outbox_id, &local_error))
    goto failed;

  stmt = prepare (self,
                  "INSERT INTO sharing_preference_changes (opted_out, method, note, made_at,"
                  " outbox_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                  &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int (stmt, 1, opted_out ? 1 : 0);
  bind_text_or_null (stmt, 2, method);
  bind_text_or_null (stmt, 3, note);
  bind_text_or_null (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, *out_outbox_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save your sharing choice"));
      goto failed;
    }
  *out_change_id = sqlite3_last_insert_rowid (self->db);

  if (!exec_sql (self, "COMMIT", &local_error))
    goto failed;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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
  if (note != NULL && !note_is_valid (note, error))
    return FALSE;

  g_mutex_lock (&self->mutex);
  ok = record_sharing_choice_locked (self, opted_out, method, note, &change_id, &outbox_id,
                                     error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_debug ("Queued sharing choice %" G_GINT64_FORMAT " as outbox item %" G_GINT64_FORMAT,
           change_id, outbox_id);
  g_signal_emit (self, signals[OUTBOX_ITEM_QUEUED], 0, outbox_id);

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
  stmt = prepare (self,
                  "SELECT c.id, c.opted_out, c.method, c.note, c.made_at, c.outbox_id, o.state,"
                  " c.reference, c.confirmed_at "
                  "FROM sharing_preference_changes c JOIN outbox o ON o.id = c.outbox_id "
                  "ORDER BY c.id",
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
      choice->made_at = column_time (stmt, 4);
      choice->outbox_id = sqlite3_column_int64 (stmt, 5);
      choice->reference = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      choice->confirmed_at = column_time (stmt, 8);

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
      set_sqlite_error (self, rc, error, _("Could not read your sharing choices"));
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
  g_autoptr(GDateTime) created_at = column_time (stmt, 6);
  g_autoptr(GDateTime) next_attempt_at = column_time (stmt, 10);
  g_autoptr(GDateTime) sent_at = column_time (stmt, 12);
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
  stmt = prepare (self,
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
      set_sqlite_error (self, rc, error, _("Could not read the changes waiting to be sent"));
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
  stmt = prepare (self, "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1", error);
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
    set_sqlite_error (self, rc, error, _("Could not read the changes waiting to be sent"));

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
        confirmed_at = format_time (updated_at);
    }

  stmt = prepare (self,
                  "UPDATE sharing_preference_changes SET reference = ?1, confirmed_at = ?2 "
                  "WHERE outbox_id = ?3",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, reference);
  bind_text_or_null (stmt, 2, confirmed_at ? confirmed_at : now);
  sqlite3_bind_int64 (stmt, 3, outbox_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save the service's receipt"));

  return TRUE;
}

static gboolean confirm_challenge_locked (PlrStore    *self,
                                          gint64       outbox_id,
                                          JsonObject  *answer,
                                          const char  *now,
                                          char       **out_uuid,
                                          GError     **error);
static gboolean fail_challenge_locked    (PlrStore    *self,
                                          gint64       outbox_id,
                                          const char  *error_code,
                                          const char  *now,
                                          char       **out_uuid,
                                          GError     **error);

static gboolean confirm_share_locked     (PlrStore    *self,
                                          gint64       outbox_id,
                                          JsonObject  *answer,
                                          const char  *now,
                                          gint64      *out_queued_id,
                                          GError     **error);

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
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *now = format_now ();
  const char *state;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  select = prepare (self, "SELECT kind, state FROM outbox WHERE id = ?1", &local_error);
  if (select == NULL)
    goto failed;

  sqlite3_bind_int64 (select, 1, id);
  rc = sqlite3_step (select);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (&local_error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                     "No outbox item %" G_GINT64_FORMAT, id);
      else
        set_sqlite_error (self, rc, &local_error, _("Could not read the changes waiting to be sent"));
      goto failed;
    }

  kind = g_strdup ((const char *) sqlite3_column_text (select, 0));
  state = (const char *) sqlite3_column_text (select, 1);

  /* Sent already: the answer is recorded, and marking it again is harmless. */
  if (g_strcmp0 (state, "sent") == 0)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return TRUE;
    }

  if (g_strcmp0 (state, "queued") != 0)
    {
      g_set_error (&local_error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                   "Outbox item %" G_GINT64_FORMAT " is not waiting to be sent", id);
      goto failed;
    }

  update = prepare (self,
                    "UPDATE outbox SET state = 'sent', attempts = attempts + 1, response = ?2,"
                    " sent_at = ?3, next_attempt_at = NULL WHERE id = ?1",
                    &local_error);
  if (update == NULL)
    goto failed;

  sqlite3_bind_int64 (update, 1, id);
  bind_text_or_null (update, 2, response_json);
  bind_text_or_null (update, 3, now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save the service's answer"));
      goto failed;
    }

  /* The local change that owns the item learns the outcome in the same
   * transaction. */
  if (g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARING_PREFERENCE) == 0 &&
      !confirm_sharing_choice_locked (self, id, answer, now, &local_error))
    goto failed;

  if (g_strcmp0 (kind, PLR_OUTBOX_KIND_CHALLENGE) == 0 &&
      !confirm_challenge_locked (self, id, answer, now, out_challenge_uuid, &local_error))
    goto failed;

  if (g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE) == 0 &&
      !confirm_share_locked (self, id, answer, now, out_queued_id, &local_error))
    goto failed;

  *out_shares_changed = g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE) == 0 ||
                        g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE_REVOKE) == 0;

  if (!exec_sql (self, "COMMIT", &local_error))
    goto failed;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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
    g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, challenge_uuid);
  if (ok && shares_changed)
    g_signal_emit (self, signals[SHARES_CHANGED], 0);
  if (ok && queued_id != 0)
    g_signal_emit (self, signals[OUTBOX_ITEM_QUEUED], 0, queued_id);

  return ok;
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
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *next = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *now = format_now ();
  g_autofree char *challenge_uuid = NULL;
  gboolean shares_changed = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (error_code_is_valid (error_code), FALSE);

  if (!permanent && next_attempt_at != NULL)
    next = format_time (next_attempt_at);

  g_mutex_lock (&self->mutex);

  if (!exec_sql (self, "BEGIN IMMEDIATE", &local_error))
    goto out;

  select = prepare (self, "SELECT kind FROM outbox WHERE id = ?1 AND state = 'queued'",
                    &local_error);
  if (select == NULL)
    goto failed;

  sqlite3_bind_int64 (select, 1, id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      g_set_error (&local_error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                   "No outbox item %" G_GINT64_FORMAT " is waiting to be sent", id);
      goto failed;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save the state of a change"));
      goto failed;
    }
  kind = g_strdup ((const char *) sqlite3_column_text (select, 0));

  stmt = prepare (self,
                  "UPDATE outbox SET attempts = attempts + 1, last_error = ?2,"
                  " next_attempt_at = ?3, state = ?4 WHERE id = ?1 AND state = 'queued'",
                  &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, id);
  bind_text_or_null (stmt, 2, error_code);
  bind_text_or_null (stmt, 3, next);
  bind_text_or_null (stmt, 4, permanent ? "failed" : "queued");

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save the state of a change"));
      goto failed;
    }

  /* A challenge the service refused for good, or whose evidence is gone,
   * goes back to being a draft, with everything the learner wrote, and
   * its timeline says why. */
  if (permanent && g_strcmp0 (kind, PLR_OUTBOX_KIND_CHALLENGE) == 0 &&
      !fail_challenge_locked (self, id, error_code, now, &challenge_uuid, &local_error))
    goto failed;

  shares_changed = permanent && (g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE) == 0 ||
                                 g_strcmp0 (kind, PLR_OUTBOX_KIND_SHARE_REVOKE) == 0);

  exec_sql (self, "COMMIT", &local_error);
  if (local_error == NULL)
    goto out;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  g_mutex_unlock (&self->mutex);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (challenge_uuid != NULL)
    g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, challenge_uuid);
  if (shares_changed)
    g_signal_emit (self, signals[SHARES_CHANGED], 0);

  return TRUE;
}

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
  g_autoptr(GDateTime) created_at = column_time (stmt, 13);
  g_autoptr(GDateTime) submitted_at = column_time (stmt, 14);
  g_autoptr(GDateTime) updated_at = column_time (stmt, 15);
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

  stmt = prepare (self, "SELECT " CHALLENGE_COLUMNS ", c.id FROM challenges c WHERE c.uuid = ?1",
                  error);
  if (stmt == NULL)
    return NULL;

  bind_text_or_null (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_challenge_not_found (error, uuid);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, _("Could not read your data challenges"));
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

  stmt = prepare (self,
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

  stmt = prepare (self,
                  "INSERT INTO challenge_events (challenge_id, state, at, note, source)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, challenge_row);
  bind_text_or_null (stmt, 2, plr_challenge_state_to_string (state));
  bind_text_or_null (stmt, 3, at);
  bind_text_or_null (stmt, 4, note);
  bind_text_or_null (stmt, 5, plr_challenge_source_to_string (source));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save the history of a data challenge"));

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

static gboolean
save_challenge_locked (PlrStore      *self,
                       PlrChallenge  *challenge,
                       const char    *now,
                       PlrChallenge **out_saved,
                       GError       **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PlrLearningEvent) looked_up = NULL;
  g_autofree char *snapshot = NULL;
  PlrChallengeTarget target = plr_challenge_get_target (challenge);
  gint64 row_id = 0;
  gboolean exists = FALSE;
  gboolean has_snapshot = FALSE;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  select = prepare (self,
                    "SELECT id, state, event_snapshot IS NOT NULL FROM challenges WHERE uuid = ?1",
                    &local_error);
  if (select == NULL)
    goto failed;

  bind_text_or_null (select, 1, plr_challenge_get_uuid (challenge));
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    {
      exists = TRUE;
      row_id = sqlite3_column_int64 (select, 0);
      has_snapshot = sqlite3_column_int (select, 2) != 0;
      if (g_strcmp0 ((const char *) sqlite3_column_text (select, 1), "draft") != 0)
        {
          set_wrong_state (&local_error, _("This data challenge was already sent, so it can no "
                                           "longer be changed."));
          goto failed;
        }
    }
  else if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save your data challenge"));
      goto failed;
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
    stmt = prepare (self,
                    "UPDATE challenges SET target = ?2, event_id = ?3,"
                    " event_snapshot = coalesce (?4, event_snapshot), field = ?5,"
                    " current_value = ?6, proposed_value = ?7, reason = ?8, details = ?9,"
                    " route = ?10, updated_at = ?11 WHERE uuid = ?1",
                    &local_error);
  else
    stmt = prepare (self,
                    "INSERT INTO challenges (uuid, target, event_id, event_snapshot, field,"
                    " current_value, proposed_value, reason, details, route, state, created_at,"
                    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'draft',"
                    " ?11, ?11)",
                    &local_error);
  if (stmt == NULL)
    goto failed;

  bind_text_or_null (stmt, 1, plr_challenge_get_uuid (challenge));
  bind_text_or_null (stmt, 2, plr_challenge_target_to_string (target));
  if (target == PLR_CHALLENGE_TARGET_EVENT)
    sqlite3_bind_int64 (stmt, 3, plr_challenge_get_event_id (challenge));
  else
    sqlite3_bind_null (stmt, 3);
  bind_text_or_null (stmt, 4, snapshot);
  bind_text_or_null (stmt, 5, plr_challenge_get_field (challenge));
  bind_text_or_null (stmt, 6, plr_challenge_get_current_value (challenge));
  bind_text_or_null (stmt, 7, plr_challenge_get_proposed_value (challenge));
  bind_text_or_null (stmt, 8,
                     plr_challenge_reason_to_string (plr_challenge_get_reason (challenge)));
  bind_text_or_null (stmt, 9, plr_challenge_get_details (challenge));
  bind_text_or_null (stmt, 10,
                     plr_challenge_route_to_string (plr_challenge_get_route (challenge)));
  bind_text_or_null (stmt, 11, now);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save your data challenge"));
      goto failed;
    }

  if (!exists)
    {
      row_id = sqlite3_last_insert_rowid (self->db);
      if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_DRAFT, now, NULL,
                                   PLR_CHALLENGE_SOURCE_LEARNER, &local_error))
        goto failed;
    }

  if (!exec_sql (self, "COMMIT", &local_error))
    goto failed;

  *out_saved = dup_challenge_locked (self, plr_challenge_get_uuid (challenge), NULL, error);
  return *out_saved != NULL;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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

  now = format_now ();

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

  g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, plr_challenge_get_uuid (challenge));

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
  stmt = prepare (self,
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
      set_sqlite_error (self, rc, error, _("Could not read your data challenges"));
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

  stmt = prepare (self, "SELECT EXISTS (SELECT 1 FROM evidence WHERE sha256 = ?1)", NULL);
  if (stmt == NULL)
    return;

  dir = plr_store_dup_evidence_dir (self);
  for (guint i = 0; hashes[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      bind_text_or_null (stmt, 1, hashes[i]);
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

  stmt = prepare (self,
                  "SELECT sha256 FROM evidence WHERE challenge_id = ?1 AND (?2 = 0 OR id = ?2)",
                  NULL);
  if (stmt == NULL)
    return g_strv_builder_end (builder);

  sqlite3_bind_int64 (stmt, 1, challenge_row);
  sqlite3_bind_int64 (stmt, 2, evidence_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  return g_strv_builder_end (builder);
}

static gboolean
delete_challenge_locked (PlrStore    *self,
                         const char  *uuid,
                         GError     **error)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) hashes = NULL;
  PlrChallengeState state;
  gint64 row_id = 0;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  challenge = dup_challenge_locked (self, uuid, &row_id, &local_error);
  if (challenge == NULL)
    goto failed;

  /* One the service holds and is still looking into is followed to the end. */
  state = plr_challenge_get_state (challenge);
  if (plr_challenge_get_route (challenge) == PLR_CHALLENGE_ROUTE_SERVICE &&
      state != PLR_CHALLENGE_STATE_DRAFT && !plr_challenge_state_is_final (state))
    {
      set_wrong_state (&local_error, _("This data challenge is with the service. It can be "
                                       "removed once it is accepted or rejected."));
      goto failed;
    }

  hashes = list_hashes_locked (self, row_id, 0);

  stmt = prepare (self, "DELETE FROM challenges WHERE id = ?1", &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, row_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not remove the data challenge"));
      goto failed;
    }

  if (!exec_sql (self, "COMMIT", &local_error))
    goto failed;

  remove_unused_copies_locked (self, hashes);
  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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
    g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, uuid);

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
  evidence->added_at = column_time (stmt, 6);

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

  stmt = prepare (self,
                  "SELECT " EVIDENCE_COLUMNS " FROM evidence WHERE challenge_id = ?1 ORDER BY id",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, challenge_row);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_evidence_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, evidence_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("Could not read the evidence of a data challenge"));
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

static gboolean
add_evidence_locked (PlrStore     *self,
                     const char   *uuid,
                     PlrEvidence  *evidence,
                     const char   *now,
                     GError      **error)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GPtrArray) attached = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) touch = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 row_id = 0;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  challenge = dup_challenge_locked (self, uuid, &row_id, &local_error);
  if (challenge == NULL)
    goto failed;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (&local_error, _("This data challenge was already sent, so no evidence "
                                       "can be added to it."));
      goto failed;
    }

  attached = list_evidence_locked (self, row_id, &local_error);
  if (attached == NULL)
    goto failed;

  for (guint i = 0; i < attached->len; i++)
    if (g_str_equal (((PlrEvidence *) g_ptr_array_index (attached, i))->sha256,
                     evidence->sha256))
      {
        g_set_error (&local_error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY,
                     _("“%s” is already attached to this data challenge."), evidence->name);
        goto failed;
      }

  if (!check_evidence_limits (attached, evidence->size, &local_error))
    goto failed;

  stmt = prepare (self,
                  "INSERT INTO evidence (challenge_id, original_name, media_type, size, sha256,"
                  " stored_path, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, row_id);
  bind_text_or_null (stmt, 2, evidence->name);
  bind_text_or_null (stmt, 3, evidence->media_type);
  sqlite3_bind_int64 (stmt, 4, evidence->size);
  bind_text_or_null (stmt, 5, evidence->sha256);
  bind_text_or_null (stmt, 6, evidence->path);
  bind_text_or_null (stmt, 7, now);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not attach the evidence"));
      goto failed;
    }
  evidence->id = sqlite3_last_insert_rowid (self->db);

  touch = prepare (self, "UPDATE challenges SET updated_at = ?2 WHERE id = ?1", &local_error);
  if (touch == NULL)
    goto failed;
  sqlite3_bind_int64 (touch, 1, row_id);
  bind_text_or_null (touch, 2, now);
  if ((rc = sqlite3_step (touch)) != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not attach the evidence"));
      goto failed;
    }

  if (!exec_sql (self, "COMMIT", &local_error))
    goto failed;

  return TRUE;

failed:
  evidence->id = 0;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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

  now = format_now ();

  g_mutex_lock (&self->mutex);
  ok = add_evidence_locked (self, uuid, evidence, now, error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_clear_pointer (&evidence->added_at, g_date_time_unref);
  evidence->added_at = g_date_time_new_from_iso8601 (now, NULL);
  g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, uuid);

  return TRUE;
}

static gboolean
remove_evidence_locked (PlrStore    *self,
                        const char  *uuid,
                        gint64       evidence_id,
                        GError     **error)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) hashes = NULL;
  gint64 row_id = 0;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  challenge = dup_challenge_locked (self, uuid, &row_id, &local_error);
  if (challenge == NULL)
    goto failed;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (&local_error, _("This data challenge was already sent with its "
                                       "evidence."));
      goto failed;
    }

  hashes = list_hashes_locked (self, row_id, evidence_id);

  stmt = prepare (self, "DELETE FROM evidence WHERE challenge_id = ?1 AND id = ?2",
                  &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int64 (stmt, 2, evidence_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not remove the evidence"));
      goto failed;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (&local_error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                           _("This evidence is no longer attached."));
      goto failed;
    }

  if (!exec_sql (self, "COMMIT", &local_error))
    goto failed;

  remove_unused_copies_locked (self, hashes);
  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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
    g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, uuid);

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

  stmt = prepare (self,
                  "SELECT " TIMELINE_COLUMNS " FROM challenge_events WHERE challenge_id = ?1"
                  " ORDER BY id",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, row_id);
  timeline = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_challenge_timeline_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) at = column_time (stmt, 2);
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
      set_sqlite_error (self, rc, error, _("Could not read the history of a data challenge"));
      return NULL;
    }

  return g_steal_pointer (&timeline);
}

static gboolean
submit_challenge_locked (PlrStore    *self,
                         const char  *uuid,
                         const char  *now,
                         gint64      *out_outbox_id,
                         GError     **error)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GPtrArray) evidence = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *body = NULL;
  gint64 row_id = 0;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  challenge = dup_challenge_locked (self, uuid, &row_id, &local_error);
  if (challenge == NULL)
    goto failed;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (&local_error, _("This data challenge was already sent."));
      goto failed;
    }

  if (!plr_challenge_check_ready (challenge, &local_error))
    goto failed;

  evidence = list_evidence_locked (self, row_id, &local_error);
  if (evidence == NULL || !check_evidence_limits (evidence, 0, &local_error))
    goto failed;

  /* A quick look that every copy is still there; its content is checked
   * against its hash when it is sent. */
  for (guint i = 0; i < evidence->len; i++)
    if (!plr_evidence_check_present (g_ptr_array_index (evidence, i), &local_error))
      goto failed;

  body = plr_challenge_request_build_body (challenge, evidence);

  if (!insert_outbox_locked (self, PLR_OUTBOX_KIND_CHALLENGE, "POST", "v1/challenges", body, now,
                             out_outbox_id, &local_error))
    goto failed;

  stmt = prepare (self,
                  "UPDATE challenges SET state = 'waiting-to-send', route = 'service',"
                  " outbox_id = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'draft'",
                  &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, row_id);
  sqlite3_bind_int64 (stmt, 2, *out_outbox_id);
  bind_text_or_null (stmt, 3, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save your data challenge"));
      goto failed;
    }

  if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_WAITING_TO_SEND, now, NULL,
                               PLR_CHALLENGE_SOURCE_LEARNER, &local_error) ||
      !exec_sql (self, "COMMIT", &local_error))
    goto failed;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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

  now = format_now ();

  g_mutex_lock (&self->mutex);
  ok = submit_challenge_locked (self, uuid, now, &outbox_id, error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_debug ("Queued a data challenge as outbox item %" G_GINT64_FORMAT, outbox_id);
  g_signal_emit (self, signals[OUTBOX_ITEM_QUEUED], 0, outbox_id);
  g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, uuid);

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
  g_autofree char *submitted_at = format_time (status->submitted_at);
  g_autofree char *updated_at = status->updated_at ? format_time (status->updated_at) : NULL;
  gboolean has_state_entry = FALSE;
  int rc;

  *out_changed = FALSE;

  insert = prepare (self,
                    "INSERT INTO challenge_events (challenge_id, state, at, note, source)"
                    " SELECT ?1, ?2, ?3, ?4, 'service' WHERE NOT EXISTS"
                    " (SELECT 1 FROM challenge_events WHERE challenge_id = ?1 AND state = ?2"
                    "  AND at = ?3 AND source = 'service')",
                    error);
  if (insert == NULL)
    return FALSE;

  for (guint i = 0; i < status->history->len; i++)
    {
      PlrChallengeTimelineEntry *entry = g_ptr_array_index (status->history, i);
      g_autofree char *at = format_time (entry->at);

      if (entry->state == status->state)
        has_state_entry = TRUE;

      sqlite3_reset (insert);
      sqlite3_bind_int64 (insert, 1, row_id);
      bind_text_or_null (insert, 2, plr_challenge_state_to_string (entry->state));
      bind_text_or_null (insert, 3, at);
      bind_text_or_null (insert, 4, entry->note);
      rc = sqlite3_step (insert);
      if (rc != SQLITE_DONE)
        return set_sqlite_error (self, rc, error,
                                 _("Could not save the history of a data challenge"));
    }

  if (status->state == local_state)
    return TRUE;

  /* A status the service reached without saying when, in its history. */
  if (!has_state_entry &&
      !insert_timeline_locked (self, row_id, status->state, updated_at ? updated_at : now, NULL,
                               PLR_CHALLENGE_SOURCE_SERVICE, error))
    return FALSE;

  update = prepare (self,
                    "UPDATE challenges SET state = ?2, updated_at = ?3,"
                    " submitted_at = coalesce (submitted_at, ?4) WHERE id = ?1",
                    error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, row_id);
  bind_text_or_null (update, 2, plr_challenge_state_to_string (status->state));
  bind_text_or_null (update, 3, updated_at ? updated_at : now);
  bind_text_or_null (update, 4, submitted_at);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save your data challenge"));

  *out_changed = TRUE;
  return TRUE;
}

/* The service took the challenge that @outbox_id carried: its answer is
 * the challenge as it holds it. Call inside a transaction. */
static gboolean
confirm_challenge_locked (PlrStore    *self,
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

  select = prepare (self, "SELECT id, uuid, state FROM challenges WHERE outbox_id = ?1", error);
  if (select == NULL)
    return FALSE;

  sqlite3_bind_int64 (select, 1, outbox_id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    return TRUE;  /* removed since: the outbox keeps the answer */
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error, _("Could not read your data challenges"));

  row_id = sqlite3_column_int64 (select, 0);
  if (!plr_challenge_state_from_string ((const char *) sqlite3_column_text (select, 2), &state))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                           _("A saved data challenge could not be read"));
      return FALSE;
    }

  submitted_at = format_time (status->submitted_at);
  update = prepare (self,
                    "UPDATE challenges SET service_id = ?2, submitted_at = ?3, updated_at = ?4"
                    " WHERE id = ?1",
                    error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, row_id);
  bind_text_or_null (update, 2, status->service_id);
  bind_text_or_null (update, 3, submitted_at);
  bind_text_or_null (update, 4, now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save the service's receipt"));

  if (!merge_service_status_locked (self, row_id, state, status, now, &changed, error))
    return FALSE;

  *out_uuid = g_strdup ((const char *) sqlite3_column_text (select, 1));
  return TRUE;
}

/* The challenge that @outbox_id carried could not be sent, for good: it
 * goes back to being a draft, and its timeline says why with
 * @error_code. Call inside a transaction. */
static gboolean
fail_challenge_locked (PlrStore    *self,
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

  select = prepare (self,
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
    return set_sqlite_error (self, rc, error, _("Could not read your data challenges"));

  row_id = sqlite3_column_int64 (select, 0);

  update = prepare (self, "UPDATE challenges SET state = 'draft', updated_at = ?2 WHERE id = ?1",
                    error);
  if (update == NULL)
    return FALSE;

  sqlite3_bind_int64 (update, 1, row_id);
  bind_text_or_null (update, 2, now);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save your data challenge"));

  if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_DRAFT, now, error_code,
                               PLR_CHALLENGE_SOURCE_APP, error))
    return FALSE;

  *out_uuid = g_strdup ((const char *) sqlite3_column_text (select, 1));
  return TRUE;
}

static GStrv
apply_statuses_locked (PlrStore   *self,
                       GPtrArray  *statuses,
                       const char *now,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(GStrvBuilder) changed = g_strv_builder_new ();
  g_autoptr(GError) local_error = NULL;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return NULL;

  select = prepare (self, "SELECT id, uuid, state FROM challenges WHERE service_id = ?1",
                    &local_error);
  if (select == NULL)
    goto failed;

  for (guint i = 0; i < statuses->len; i++)
    {
      PlrChallengeStatus *status = g_ptr_array_index (statuses, i);
      g_autofree char *uuid = NULL;
      PlrChallengeState state;
      gboolean state_changed = FALSE;
      gint64 row_id;
      int rc;

      sqlite3_reset (select);
      bind_text_or_null (select, 1, status->service_id);
      rc = sqlite3_step (select);
      if (rc == SQLITE_DONE)
        continue;  /* raised elsewhere, or not confirmed here yet */
      if (rc != SQLITE_ROW)
        {
          set_sqlite_error (self, rc, &local_error, _("Could not read your data challenges"));
          goto failed;
        }

      row_id = sqlite3_column_int64 (select, 0);
      uuid = g_strdup ((const char *) sqlite3_column_text (select, 1));
      if (!plr_challenge_state_from_string ((const char *) sqlite3_column_text (select, 2),
                                            &state))
        {
          g_set_error_literal (&local_error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                               _("A saved data challenge could not be read"));
          goto failed;
        }

      if (!merge_service_status_locked (self, row_id, state, status, now, &state_changed,
                                        &local_error))
        goto failed;

      if (state_changed)
        g_strv_builder_add (changed, uuid);
    }

  if (!exec_sql (self, "COMMIT", &local_error))
    goto failed;

  return g_strv_builder_end (changed);

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
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

  now = format_now ();

  g_mutex_lock (&self->mutex);
  changed = apply_statuses_locked (self, statuses, now, error);
  g_mutex_unlock (&self->mutex);

  if (changed == NULL)
    return NULL;

  if (changed[0] != NULL)
    g_debug ("%u data challenges changed on the service", g_strv_length (changed));

  for (guint i = 0; changed[i] != NULL; i++)
    g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, changed[i]);

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

static gboolean
record_sent_locked (PlrStore           *self,
                    const char         *uuid,
                    PlrChallengeRoute   route,
                    const char         *sent_at,
                    const char         *reference,
                    const char         *now,
                    GError            **error)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 row_id = 0;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  challenge = dup_challenge_locked (self, uuid, &row_id, &local_error);
  if (challenge == NULL)
    goto failed;

  if (plr_challenge_get_state (challenge) != PLR_CHALLENGE_STATE_DRAFT)
    {
      set_wrong_state (&local_error, _("This data challenge was already sent."));
      goto failed;
    }

  if (!plr_challenge_check_ready (challenge, &local_error))
    goto failed;

  stmt = prepare (self,
                  "UPDATE challenges SET state = 'submitted', route = ?2, route_reference = ?3,"
                  " submitted_at = ?4, updated_at = ?5 WHERE id = ?1 AND state = 'draft'",
                  &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, row_id);
  bind_text_or_null (stmt, 2, plr_challenge_route_to_string (route));
  bind_text_or_null (stmt, 3, reference);
  bind_text_or_null (stmt, 4, sent_at);
  bind_text_or_null (stmt, 5, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save your data challenge"));
      goto failed;
    }

  if (!insert_timeline_locked (self, row_id, PLR_CHALLENGE_STATE_SUBMITTED, sent_at, reference,
                               PLR_CHALLENGE_SOURCE_LEARNER, &local_error) ||
      !exec_sql (self, "COMMIT", &local_error))
    goto failed;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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

  at = format_time (sent_at);
  now = format_now ();

  g_mutex_lock (&self->mutex);
  ok = record_sent_locked (self, uuid, route, at, clean_reference, now, error);
  g_mutex_unlock (&self->mutex);

  if (ok)
    g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, uuid);

  return ok;
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
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  PlrChallengeState current;
  gint64 row_id = 0;
  int rc;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  challenge = dup_challenge_locked (self, uuid, &row_id, &local_error);
  if (challenge == NULL)
    goto failed;

  current = plr_challenge_get_state (challenge);
  if (plr_challenge_get_route (challenge) == PLR_CHALLENGE_ROUTE_SERVICE)
    {
      set_wrong_state (&local_error, _("The service tells Learning Record how this data "
                                       "challenge goes."));
      goto failed;
    }
  if (current == PLR_CHALLENGE_STATE_DRAFT || current == PLR_CHALLENGE_STATE_WAITING_TO_SEND)
    {
      set_wrong_state (&local_error, _("Record when you sent this data challenge first."));
      goto failed;
    }

  stmt = prepare (self, "UPDATE challenges SET state = ?2, updated_at = ?3 WHERE id = ?1",
                  &local_error);
  if (stmt == NULL)
    goto failed;

  sqlite3_bind_int64 (stmt, 1, row_id);
  bind_text_or_null (stmt, 2, plr_challenge_state_to_string (state));
  bind_text_or_null (stmt, 3, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save your data challenge"));
      goto failed;
    }

  if (!insert_timeline_locked (self, row_id, state, at, note, PLR_CHALLENGE_SOURCE_LEARNER,
                               &local_error) ||
      !exec_sql (self, "COMMIT", &local_error))
    goto failed;

  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
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

  when = format_time (at);
  now = format_now ();

  g_mutex_lock (&self->mutex);
  ok = record_progress_locked (self, uuid, state, when, note, now, error);
  g_mutex_unlock (&self->mutex);

  if (ok)
    g_signal_emit (self, signals[CHALLENGE_CHANGED], 0, uuid);

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
  stmt = prepare (self,
                  "SELECT EXISTS (SELECT 1 FROM challenges WHERE service_id IS NOT NULL AND"
                  " state IN ('submitted', 'under-review', 'needs-information'))",
                  NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

/* ------------------------------------------------------------------------ */
/* Saved views and the sharing log                                          */

#define MAX_VIEW_NAME_CHARS 200

#define SHARE_LOG_COLUMNS \
  "s.id, s.view_name, s.recipient, s.purpose, s.channel, s.entry_ids, s.field_names," \
  " s.created_at, s.expires_at, s.share_code, s.url, s.revoked_at, s.views, s.outbox_id," \
  " o.state"

static gboolean
check_view_name (const char  *name,
                 GError     **error)
{
  if (name == NULL || name[0] == '\0' || !g_utf8_validate (name, -1, NULL) ||
      g_utf8_strlen (name, -1) > MAX_VIEW_NAME_CHARS)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                   _("Give the view a name of 1 to %d characters."), MAX_VIEW_NAME_CHARS);
      return FALSE;
    }

  return TRUE;
}

static void
set_view_not_found (GError     **error,
                    const char  *name)
{
  g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
               _("There is no saved view called “%s”."), name);
}

/**
 * plr_store_save_view:
 * @self: a #PlrStore
 * @view: a view with a name
 * @replace: %TRUE to replace a saved view of the same name
 * @error: return location for a #GError
 *
 * Saves the view's definition under its name.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_EXISTS when a view of that
 *   name is saved and @replace is %FALSE, %PLR_STORE_ERROR_INVALID for a
 *   missing or too long name
 */
gboolean
plr_store_save_view (PlrStore  *self,
                     PlrView   *view,
                     gboolean   replace,
                     GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GBytes) definition = NULL;
  g_autofree char *now = format_now ();
  const char *name;
  gsize length;
  const char *data;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_VIEW (view), FALSE);

  name = plr_view_get_name (view);
  if (!check_view_name (name, error))
    return FALSE;

  definition = plr_view_to_json (view);
  data = g_bytes_get_data (definition, &length);

  locker = g_mutex_locker_new (&self->mutex);
  if (replace)
    stmt = prepare (self,
                    "INSERT INTO saved_views (name, definition, created_at, updated_at)"
                    " VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO UPDATE SET"
                    " definition = excluded.definition, updated_at = excluded.updated_at",
                    error);
  else
    stmt = prepare (self,
                    "INSERT INTO saved_views (name, definition, created_at, updated_at)"
                    " VALUES (?1, ?2, ?3, ?3)",
                    error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, name);
  sqlite3_bind_text (stmt, 2, data, (int) length, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 3, now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_CONSTRAINT && !replace)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_EXISTS,
                   _("A view called “%s” is saved already. Choose another name."), name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save the view"));

  g_clear_pointer (&locker, g_mutex_locker_free);
  g_debug ("Saved a view");
  g_signal_emit (self, signals[SHARES_CHANGED], 0);

  return TRUE;
}

static PlrView *
view_from_row (sqlite3_stmt  *stmt,
               int            column,
               GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  PlrView *view;

  bytes = g_bytes_new (sqlite3_column_blob (stmt, column),
                       (gsize) sqlite3_column_bytes (stmt, column));
  view = plr_view_new_from_json (bytes, &local_error);
  if (view == NULL)
    g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                 _("A saved view could not be read: %s"), local_error->message);

  return view;
}

/**
 * plr_store_load_view:
 * @self: a #PlrStore
 * @name: the name of a saved view
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the view, or %NULL with
 *   %PLR_STORE_ERROR_NOT_FOUND when none has this name
 */
PlrView *
plr_store_load_view (PlrStore    *self,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self, "SELECT definition FROM saved_views WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;

  bind_text_or_null (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      PlrView *view = view_from_row (stmt, 0, error);

      /* The row's name wins over one inside the definition. */
      if (view != NULL)
        plr_view_set_name (view, name);
      return view;
    }

  if (rc == SQLITE_DONE)
    set_view_not_found (error, name);
  else
    set_sqlite_error (self, rc, error, _("Could not read the saved views"));

  return NULL;
}

/**
 * plr_store_list_views:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrView): the saved views by
 *   name, or %NULL on error
 */
GPtrArray *
plr_store_list_views (PlrStore  *self,
                      GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) views = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self, "SELECT name, definition FROM saved_views ORDER BY name COLLATE NOCASE",
                  error);
  if (stmt == NULL)
    return NULL;

  views = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrView *view = view_from_row (stmt, 1, error);

      if (view == NULL)
        return NULL;
      plr_view_set_name (view, (const char *) sqlite3_column_text (stmt, 0));
      g_ptr_array_add (views, view);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("Could not read the saved views"));
      return NULL;
    }

  return g_steal_pointer (&views);
}

/**
 * plr_store_delete_view:
 * @self: a #PlrStore
 * @name: the name of a saved view
 * @error: return location for a #GError
 *
 * Deletes a saved view. Its entries in the sharing log stay.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND if none has this name
 */
gboolean
plr_store_delete_view (PlrStore    *self,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self, "DELETE FROM saved_views WHERE name = ?1", error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not delete the view"));
  if (sqlite3_changes (self->db) == 0)
    {
      set_view_not_found (error, name);
      return FALSE;
    }

  g_clear_pointer (&locker, g_mutex_locker_free);
  g_signal_emit (self, signals[SHARES_CHANGED], 0);

  return TRUE;
}

/* What a result holds, for the log: the LRS IDs of the entries the view
 * covers in @record, and the JSON names of the chosen fields. */
static void
describe_result (PlrView        *view,
                 PlrRecord      *record,
                 PlrViewResult  *result,
                 char          **out_entry_ids,
                 char          **out_field_names)
{
  g_autoptr(GPtrArray) events = plr_view_select_events (view, record);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) ids = NULL;
  g_autoptr(JsonNode) fields = NULL;
  guint64 learner_fields = plr_view_result_get_learner_fields (result);
  guint n_columns = plr_view_result_get_n_columns (result);

  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    json_builder_add_int_value (builder,
                                plr_learning_event_get_id (g_ptr_array_index (events, i)));
  json_builder_end_array (builder);
  ids = json_builder_get_root (builder);

  json_builder_reset (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "learner");
  json_builder_begin_array (builder);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    if (learner_fields & PLR_VIEW_FIELD_BIT (i))
      json_builder_add_string_value (builder, plr_learner_field_info (i)->json_name);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint c = 0; c < n_columns; c++)
    {
      PlrEventField field = plr_view_result_get_column (result, c);

      json_builder_add_string_value (builder, plr_event_field_info (field)->json_name);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  fields = json_builder_get_root (builder);

  *out_entry_ids = json_to_string (ids, FALSE);
  *out_field_names = json_to_string (fields, FALSE);
}

static gboolean
insert_share_log_locked (PlrStore    *self,
                         PlrView     *view,
                         const char  *channel,
                         const char  *entry_ids,
                         const char  *field_names,
                         const char  *now,
                         const char  *expires_at,
                         gint64       outbox_id,
                         gint64      *out_id,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "INSERT INTO share_log (view_name, recipient, purpose, channel, entry_ids,"
                  " field_names, created_at, expires_at, outbox_id)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, plr_view_get_name (view));
  bind_text_or_null (stmt, 2, plr_view_get_recipient (view));
  bind_text_or_null (stmt, 3, plr_view_get_purpose (view));
  bind_text_or_null (stmt, 4, channel);
  bind_text_or_null (stmt, 5, entry_ids);
  bind_text_or_null (stmt, 6, field_names);
  bind_text_or_null (stmt, 7, now);
  bind_text_or_null (stmt, 8, expires_at);
  if (outbox_id != 0)
    sqlite3_bind_int64 (stmt, 9, outbox_id);
  else
    sqlite3_bind_null (stmt, 9);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save the sharing log"));

  *out_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/**
 * plr_store_log_export:
 * @self: a #PlrStore
 * @view: the view that was exported
 * @record: the record it was applied to
 * @channel: "pdf", "html", "json" or "print"
 * @out_id: (out) (optional): the id of the new log entry
 * @error: return location for a #GError
 *
 * Adds a file export or a print-out to the sharing log, with the LRS IDs of
 * the entries @view covers in @record and the names of its fields.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_log_export (PlrStore    *self,
                      PlrView     *view,
                      PlrRecord   *record,
                      const char  *channel,
                      gint64      *out_id,
                      GError     **error)
{
  g_autoptr(PlrViewResult) result = NULL;
  g_autofree char *entry_ids = NULL;
  g_autofree char *field_names = NULL;
  g_autofree char *now = format_now ();
  gint64 id = 0;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_VIEW (view), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (plr_share_channel_is_valid (channel), FALSE);
  g_return_val_if_fail (!g_str_equal (channel, PLR_SHARE_CHANNEL_SHARE_CODE), FALSE);

  result = plr_view_apply (view, record, error);
  if (result == NULL)
    return FALSE;
  describe_result (view, record, result, &entry_ids, &field_names);

  g_mutex_lock (&self->mutex);
  ok = insert_share_log_locked (self, view, channel, entry_ids, field_names, now, NULL, 0, &id,
                                error);
  g_mutex_unlock (&self->mutex);

  if (!ok)
    return FALSE;

  g_debug ("Logged export %" G_GINT64_FORMAT " (%s)", id, channel);
  g_signal_emit (self, signals[SHARES_CHANGED], 0);
  if (out_id)
    *out_id = id;

  return TRUE;
}

/* POST v1/shares: the recipient, the purpose, the expiry, and the view's
 * share body, which holds only what the result holds. */
static char *
build_share_body (PlrViewResult *result,
                  const char    *recipient,
                  const char    *purpose,
                  const char    *expires_at)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "recipient");
  json_builder_add_string_value (builder, recipient);
  if (purpose != NULL)
    {
      json_builder_set_member_name (builder, "purpose");
      json_builder_add_string_value (builder, purpose);
    }
  if (expires_at != NULL)
    {
      json_builder_set_member_name (builder, "expires_at");
      json_builder_add_string_value (builder, expires_at);
    }
  json_builder_set_member_name (builder, "view");
  json_builder_add_value (builder, plr_view_json_build_share_body (result));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * plr_store_create_share:
 * @self: a #PlrStore
 * @view: the view to share, with a recipient
 * @record: the record to apply it to
 * @expires_at: (nullable): when the share stops working
 * @out_id: (out) (optional): the id of the new log entry
 * @error: return location for a #GError
 *
 * Applies @view to @record and, in one transaction, queues the share for
 * the service (`POST v1/shares` with a fresh Idempotency-Key; the body is
 * exactly plr_view_json_build_share_body() of the result, with the
 * recipient, purpose and expiry) and adds it to the sharing log. The share
 * code appears in the log once the service answers. Emits
 * #PlrStore::outbox-item-queued and #PlrStore::shares-changed.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_INVALID when the view has no
 *   recipient or the expiry is not in the next five years; a #PlrViewError when the
 *   view cannot be applied
 */
gboolean
plr_store_create_share (PlrStore    *self,
                        PlrView     *view,
                        PlrRecord   *record,
                        GDateTime   *expires_at,
                        gint64      *out_id,
                        GError     **error)
{
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autofree char *entry_ids = NULL;
  g_autofree char *field_names = NULL;
  g_autofree char *now = format_time (now_time);
  g_autofree char *expires = NULL;
  g_autofree char *body = NULL;
  const char *recipient;
  gint64 outbox_id = 0;
  gint64 id = 0;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (PLR_IS_VIEW (view), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  recipient = plr_view_get_recipient (view);
  if (recipient == NULL || recipient[0] == '\0' || strlen (recipient) > 255 ||
      (plr_view_get_purpose (view) != NULL && strlen (plr_view_get_purpose (view)) > 255))
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("Say who the share is for (at most 255 characters), and keep "
                             "the purpose to at most 255 characters."));
      return FALSE;
    }

  if (expires_at != NULL)
    {
      g_autoptr(GDateTime) latest = g_date_time_add_years (now_time, 5);

      if (g_date_time_compare (expires_at, now_time) <= 0)
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                               _("The share would have expired already. Choose a later "
                                 "date."));
          return FALSE;
        }
      /* The protocol's limit. */
      if (g_date_time_compare (expires_at, latest) > 0)
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                               _("A share can last at most five years. Choose an earlier "
                                 "date."));
          return FALSE;
        }
      expires = format_time (expires_at);
    }

  result = plr_view_apply (view, record, error);
  if (result == NULL)
    return FALSE;
  describe_result (view, record, result, &entry_ids, &field_names);
  body = build_share_body (result, recipient, plr_view_get_purpose (view), expires);

  g_mutex_lock (&self->mutex);
  if (!exec_sql (self, "BEGIN IMMEDIATE", &local_error))
    goto out;
  if (!insert_outbox_locked (self, PLR_OUTBOX_KIND_SHARE, "POST", "v1/shares", body, now,
                             &outbox_id, &local_error) ||
      !insert_share_log_locked (self, view, PLR_SHARE_CHANNEL_SHARE_CODE, entry_ids,
                                field_names, now, expires, outbox_id, &id, &local_error) ||
      !exec_sql (self, "COMMIT", &local_error))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  g_mutex_unlock (&self->mutex);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_debug ("Queued share %" G_GINT64_FORMAT " as outbox item %" G_GINT64_FORMAT, id, outbox_id);
  g_signal_emit (self, signals[OUTBOX_ITEM_QUEUED], 0, outbox_id);
  g_signal_emit (self, signals[SHARES_CHANGED], 0);
  if (out_id)
    *out_id = id;

  return TRUE;
}

/* Queues DELETE v1/shares/{code} for a revoked share the service holds.
 * Call inside a transaction. */
static gboolean
queue_revoke_locked (PlrStore    *self,
                     gint64       id,
                     const char  *code,
                     const char  *now,
                     gint64      *out_queued_id,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *escaped = g_uri_escape_string (code, NULL, FALSE);
  g_autofree char *path = g_strconcat ("v1/shares/", escaped, NULL);
  int rc;

  if (!insert_outbox_locked (self, PLR_OUTBOX_KIND_SHARE_REVOKE, "DELETE", path, "{}", now,
                             out_queued_id, error))
    return FALSE;

  stmt = prepare (self, "UPDATE share_log SET revoke_outbox_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, *out_queued_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save the sharing log"));

  return TRUE;
}

/* Takes the service's answer to a share: its code, address, expiry and
 * views. A share revoked while it waited is revoked on the service now. */
static gboolean
confirm_share_locked (PlrStore    *self,
                      gint64       outbox_id,
                      JsonObject  *answer,
                      const char  *now,
                      gint64      *out_queued_id,
                      GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), answer);
  g_autoptr(PlrShareInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *expires = NULL;
  gint64 id;
  int rc;

  info = plr_share_info_new_from_json (node, &local_error);
  if (info == NULL)
    {
      g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                   _("The service’s answer to a share could not be read: %s"),
                   local_error->message);
      return FALSE;
    }

  if (info->expires_at != NULL)
    expires = format_time (info->expires_at);

  stmt = prepare (self,
                  "UPDATE share_log SET share_code = ?2, url = ?3,"
                  " expires_at = coalesce (?4, expires_at), views = ?5"
                  " WHERE outbox_id = ?1 RETURNING id, revoked_at IS NOT NULL",
                  error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, outbox_id);
  bind_text_or_null (stmt, 2, info->code);
  bind_text_or_null (stmt, 3, info->url);
  bind_text_or_null (stmt, 4, expires);
  sqlite3_bind_int64 (stmt, 5, info->views);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;  /* the log entry is gone: nothing to update */
  if (rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, error, _("Could not save the service’s answer"));

  id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_int (stmt, 1) != 0)
    {
      g_clear_pointer (&stmt, sqlite3_finalize);
      return queue_revoke_locked (self, id, info->code, now, out_queued_id, error);
    }

  return TRUE;
}

static PlrShareRecord *
share_record_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(GDateTime) created_at = column_time (stmt, 7);
  g_autoptr(GDateTime) expires_at = column_time (stmt, 8);
  g_autoptr(GDateTime) revoked_at = column_time (stmt, 11);
  PlrOutboxState state = PLR_OUTBOX_STATE_SENT;
  PlrShareRecord *record;

  if (sqlite3_column_type (stmt, 14) != SQLITE_NULL)
    plr_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, 14), &state);

  record = _plr_share_record_new (sqlite3_column_int64 (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  (const char *) sqlite3_column_text (stmt, 3),
                                  (const char *) sqlite3_column_text (stmt, 4),
                                  (const char *) sqlite3_column_text (stmt, 5),
                                  (const char *) sqlite3_column_text (stmt, 6),
                                  created_at);
  _plr_share_record_set_service (record,
                                 (const char *) sqlite3_column_text (stmt, 9),
                                 (const char *) sqlite3_column_text (stmt, 10),
                                 expires_at, revoked_at,
                                 sqlite3_column_type (stmt, 12) == SQLITE_NULL
                                   ? -1 : sqlite3_column_int64 (stmt, 12),
                                 sqlite3_column_int64 (stmt, 13),
                                 state);
  return record;
}

/**
 * plr_store_list_share_records:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrShareRecord): the sharing log,
 *   newest first, or %NULL on error
 */
GPtrArray *
plr_store_list_share_records (PlrStore  *self,
                              GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) records = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self,
                  "SELECT " SHARE_LOG_COLUMNS " FROM share_log s"
                  " LEFT JOIN outbox o ON o.id = s.outbox_id ORDER BY s.id DESC",
                  error);
  if (stmt == NULL)
    return NULL;

  records = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, share_record_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("Could not read the sharing log"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * plr_store_dup_share_record:
 * @self: a #PlrStore
 * @id: a log entry's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the log entry, or %NULL with
 *   %PLR_STORE_ERROR_NOT_FOUND
 */
PlrShareRecord *
plr_store_dup_share_record (PlrStore  *self,
                            gint64     id,
                            GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self,
                  "SELECT " SHARE_LOG_COLUMNS " FROM share_log s"
                  " LEFT JOIN outbox o ON o.id = s.outbox_id WHERE s.id = ?1",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return share_record_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                 "No sharing log entry %" G_GINT64_FORMAT, id);
  else
    set_sqlite_error (self, rc, error, _("Could not read the sharing log"));

  return NULL;
}

/**
 * plr_store_revoke_share:
 * @self: a #PlrStore
 * @id: the log entry of a share code
 * @error: return location for a #GError
 *
 * Marks the share revoked now and, if the service holds it, queues
 * `DELETE v1/shares/{code}`. A share still waiting to be created is
 * revoked on the service as soon as it is created. Revoking again changes
 * nothing.
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND when @id is not a
 *   share code in the log
 */
gboolean
plr_store_revoke_share (PlrStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = format_now ();
  g_autofree char *code = NULL;
  gint64 queued_id = 0;
  gboolean changed = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  g_mutex_lock (&self->mutex);
  if (!exec_sql (self, "BEGIN IMMEDIATE", &local_error))
    goto out;

  stmt = prepare (self,
                  "UPDATE share_log SET revoked_at = ?2 WHERE id = ?1 AND channel = 'share-code'"
                  " AND revoked_at IS NULL RETURNING share_code, revoke_outbox_id",
                  &local_error);
  if (stmt == NULL)
    goto failed;
  sqlite3_bind_int64 (stmt, 1, id);
  bind_text_or_null (stmt, 2, now);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      changed = TRUE;
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL &&
          sqlite3_column_type (stmt, 1) == SQLITE_NULL)
        code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  else if (rc == SQLITE_DONE)
    {
      g_autoptr(sqlite3_stmt) check = NULL;

      g_clear_pointer (&stmt, sqlite3_finalize);
      check = prepare (self, "SELECT 1 FROM share_log WHERE id = ?1 AND channel = 'share-code'",
                       &local_error);
      if (check == NULL)
        goto failed;
      sqlite3_bind_int64 (check, 1, id);
      if (sqlite3_step (check) != SQLITE_ROW)
        {
          g_set_error (&local_error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                       "No share %" G_GINT64_FORMAT " in the sharing log", id);
          goto failed;
        }
    }
  else
    {
      set_sqlite_error (self, rc, &local_error, _("Could not save the sharing log"));
      goto failed;
    }

  if (code != NULL && !queue_revoke_locked (self, id, code, now, &queued_id, &local_error))
    goto failed;

  exec_sql (self, "COMMIT", &local_error);
  if (local_error == NULL)
    goto out;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  g_mutex_unlock (&self->mutex);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (queued_id != 0)
    g_signal_emit (self, signals[OUTBOX_ITEM_QUEUED], 0, queued_id);
  if (changed)
    g_signal_emit (self, signals[SHARES_CHANGED], 0);

  return TRUE;
}

/**
 * plr_store_apply_share_infos:
 * @self: a #PlrStore
 * @infos: (element-type PlrShareInfo): the shares as the service lists them
 * @error: return location for a #GError
 *
 * Updates the log's shares from the service's list: view counts, expiry
 * and address, and marks revoked those the service says are revoked.
 * Shares the log does not know are left alone.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_apply_share_infos (PlrStore   *self,
                             GPtrArray  *infos,
                             GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = format_now ();
  guint n_changed = 0;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (infos != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  if (!exec_sql (self, "BEGIN IMMEDIATE", &local_error))
    goto out;

  for (guint i = 0; i < infos->len; i++)
    {
      PlrShareInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      g_autofree char *expires = info->expires_at ? format_time (info->expires_at) : NULL;
      int rc;

      stmt = prepare (self,
                      "UPDATE share_log SET views = ?2, url = coalesce (?3, url),"
                      " expires_at = coalesce (?4, expires_at),"
                      " revoked_at = CASE WHEN ?5 THEN coalesce (revoked_at, ?6)"
                      " ELSE revoked_at END"
                      " WHERE share_code = ?1 AND (views IS NOT ?2 OR url IS NOT coalesce (?3, url)"
                      " OR expires_at IS NOT coalesce (?4, expires_at)"
                      " OR (?5 AND revoked_at IS NULL))",
                      &local_error);
      if (stmt == NULL)
        goto failed;

      bind_text_or_null (stmt, 1, info->code);
      sqlite3_bind_int64 (stmt, 2, info->views);
      bind_text_or_null (stmt, 3, info->url);
      bind_text_or_null (stmt, 4, expires);
      sqlite3_bind_int (stmt, 5, info->revoked ? 1 : 0);
      bind_text_or_null (stmt, 6, now);

      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, rc, &local_error, _("Could not save the sharing log"));
          goto failed;
        }
      n_changed += sqlite3_changes (self->db);
    }

  exec_sql (self, "COMMIT", &local_error);
  if (local_error == NULL)
    goto out;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
out:
  g_mutex_unlock (&self->mutex);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_debug ("Updated %u shares from the service", n_changed);
  if (n_changed > 0)
    g_signal_emit (self, signals[SHARES_CHANGED], 0);

  return TRUE;
}

/**
 * plr_store_has_service_shares:
 * @self: a #PlrStore
 *
 * Returns: whether the log holds a share code that the service knows
 *   (whose view count is worth asking for)
 */
gboolean
plr_store_has_service_shares (PlrStore *self)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self, "SELECT 1 FROM share_log WHERE share_code IS NOT NULL LIMIT 1", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW;
}

/* Privacy centre: rights requests, the network activity log, forgetting. */

G_DEFINE_BOXED_TYPE (PlrRightsRequest, plr_rights_request,
                     plr_rights_request_copy, plr_rights_request_free)
G_DEFINE_BOXED_TYPE (PlrNetworkActivity, plr_network_activity,
                     plr_network_activity_copy, plr_network_activity_free)

static const char * const rights_request_kinds[] = { "subject-access", "objection", NULL };

/**
 * plr_rights_request_copy:
 * @request: a #PlrRightsRequest
 *
 * Returns: (transfer full): a copy of @request
 */
PlrRightsRequest *
plr_rights_request_copy (const PlrRightsRequest *request)
{
  PlrRightsRequest *copy = g_memdup2 (request, sizeof *request);

  copy->body = g_strdup (request->body);
  copy->note = g_strdup (request->note);
  return copy;
}

void
plr_rights_request_free (PlrRightsRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->body);
  g_free (request->note);
  g_free (request);
}

/**
 * plr_network_activity_copy:
 * @activity: a #PlrNetworkActivity
 *
 * Returns: (transfer full): a copy of @activity
 */
PlrNetworkActivity *
plr_network_activity_copy (const PlrNetworkActivity *activity)
{
  PlrNetworkActivity *copy = g_memdup2 (activity, sizeof *activity);

  copy->at = activity->at ? g_date_time_ref (activity->at) : NULL;
  copy->method = g_strdup (activity->method);
  copy->host = g_strdup (activity->host);
  copy->path = g_strdup (activity->path);
  return copy;
}

void
plr_network_activity_free (PlrNetworkActivity *activity)
{
  if (activity == NULL)
    return;

  g_clear_pointer (&activity->at, g_date_time_unref);
  g_free (activity->method);
  g_free (activity->host);
  g_free (activity->path);
  g_free (activity);
}

static char *
format_day (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static gboolean
parse_day (const char *text,
           GDate      *out)
{
  unsigned int y, m, d;

  g_date_clear (out, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

/**
 * plr_store_add_rights_request:
 * @self: a #PlrStore
 * @kind: %PLR_RIGHTS_REQUEST_SUBJECT_ACCESS or %PLR_RIGHTS_REQUEST_OBJECTION
 * @body: the body the request went to, as the learner named it
 * @sent_on: the day it was sent
 * @note: (nullable): the learner's note, such as a reference; empty counts as none
 * @out_id: (out) (optional): the new request's id
 * @error: return location for a #GError
 *
 * Records a request the learner sent, with the last day for the answer
 * (one calendar month, moved past weekends and bank holidays).
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_INVALID for an empty or too
 *   long body name or note
 */
gboolean
plr_store_add_rights_request (PlrStore              *self,
                              PlrRightsRequestKind   kind,
                              const char            *body,
                              const GDate           *sent_on,
                              const char            *note,
                              gint64                *out_id,
                              GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sent_text = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *trimmed = NULL;
  GDate due;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind == PLR_RIGHTS_REQUEST_SUBJECT_ACCESS ||
                        kind == PLR_RIGHTS_REQUEST_OBJECTION, FALSE);
  g_return_val_if_fail (body != NULL && g_utf8_validate (body, -1, NULL), FALSE);
  g_return_val_if_fail (sent_on != NULL && g_date_valid (sent_on), FALSE);
  g_return_val_if_fail (note == NULL || g_utf8_validate (note, -1, NULL), FALSE);

  trimmed = g_strstrip (g_strdup (body));
  if (trimmed[0] == '\0' || g_utf8_strlen (trimmed, -1) > 200)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID,
                           _("Name the organisation you sent the request to, in at most "
                             "200 characters."));
      return FALSE;
    }

  if (note != NULL && note[0] == '\0')
    note = NULL;
  if (note != NULL && !note_is_valid (note, error))
    return FALSE;

  /* Outside the bank holiday table the deadline still counts weekends. */
  plr_rights_response_due (sent_on, FALSE, &due);
  sent_text = format_day (sent_on);
  due_text = format_day (&due);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self,
                  "INSERT INTO rights_requests (body, kind, sent_on, due_on, note)"
                  " VALUES (?1, ?2, ?3, ?4, ?5)",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, trimmed);
  bind_text_or_null (stmt, 2, rights_request_kinds[kind]);
  bind_text_or_null (stmt, 3, sent_text);
  bind_text_or_null (stmt, 4, due_text);
  bind_text_or_null (stmt, 5, note);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save your request"));

  if (out_id)
    *out_id = sqlite3_last_insert_rowid (self->db);

  return TRUE;
}

/**
 * plr_store_mark_rights_request_answered:
 * @self: a #PlrStore
 * @id: the request
 * @answered_on: (nullable): the day the answer came, or %NULL to mark it
 *   unanswered again
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PLR_STORE_ERROR_NOT_FOUND for no such request
 */
gboolean
plr_store_mark_rights_request_answered (PlrStore     *self,
                                        gint64        id,
                                        const GDate  *answered_on,
                                        GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *answered_text = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (answered_on == NULL || g_date_valid (answered_on), FALSE);

  if (answered_on != NULL)
    answered_text = format_day (answered_on);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self, "UPDATE rights_requests SET answered_on = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, answered_text);
  sqlite3_bind_int64 (stmt, 2, id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not save your request"));

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND,
                           _("That request is no longer kept on this computer."));
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_store_list_rights_requests:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrRightsRequest): the requests,
 *   newest first, or %NULL on error
 */
GPtrArray *
plr_store_list_rights_requests (PlrStore  *self,
                                GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = prepare (self,
                  "SELECT id, body, kind, sent_on, due_on, answered_on, note"
                  " FROM rights_requests ORDER BY sent_on DESC, id DESC",
                  error);
  if (stmt == NULL)
    return NULL;

  requests = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_rights_request_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(PlrRightsRequest) request = g_new0 (PlrRightsRequest, 1);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);

      request->id = sqlite3_column_int64 (stmt, 0);
      request->body = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      request->kind = g_strcmp0 (kind, "objection") == 0 ? PLR_RIGHTS_REQUEST_OBJECTION
                                                          : PLR_RIGHTS_REQUEST_SUBJECT_ACCESS;
      request->note = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      if (!parse_day ((const char *) sqlite3_column_text (stmt, 3), &request->sent_on) ||
          !parse_day ((const char *) sqlite3_column_text (stmt, 4), &request->due_on))
        {
          g_set_error_literal (error, PLR_STORE_ERROR, PLR_STORE_ERROR_CORRUPT,
                               _("Your saved requests could not be read"));
          return NULL;
        }
      parse_day ((const char *) sqlite3_column_text (stmt, 5), &request->answered_on);

      g_ptr_array_add (requests, g_steal_pointer (&request));
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("Could not read your requests"));
      return NULL;
    }

  return g_steal_pointer (&requests);
}

static gboolean
insert_network_activity_locked (PlrStore                 *self,
                                const PlrNetworkActivity *activity,
                                GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *bare_path = NULL;
  int rc;

  at_text = activity->at ? format_time (activity->at) : format_now ();
  bare_path = g_strndup (activity->path, strcspn (activity->path, "?#"));
  if (strlen (bare_path) > 2048)
    bare_path[2048] = '\0';

  stmt = prepare (self,
                  "INSERT INTO network_activity (at, method, host, path, status, bytes_sent,"
                  " bytes_received) VALUES (?1, substr (?2, 1, 16), substr (?3, 1, 255), ?4,"
                  " ?5, ?6, ?7)",
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, at_text);
  bind_text_or_null (stmt, 2, activity->method);
  bind_text_or_null (stmt, 3, activity->host);
  bind_text_or_null (stmt, 4, bare_path);
  sqlite3_bind_int (stmt, 5, MIN (activity->status, 999));
  sqlite3_bind_int64 (stmt, 6, (gint64) MIN (activity->bytes_sent, (guint64) G_MAXINT64));
  sqlite3_bind_int64 (stmt, 7, (gint64) MIN (activity->bytes_received, (guint64) G_MAXINT64));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not log a network request"));

  return TRUE;
}

static gboolean
trim_network_activity_locked (PlrStore  *self,
                              guint      keep,
                              GError   **error)
{
  g_autoptr(sqlite3_stmt) trim = NULL;
  int rc;

  if (keep == 0)
    return TRUE;

  trim = prepare (self,
                  "DELETE FROM network_activity WHERE id <= (SELECT id FROM network_activity"
                  " ORDER BY id DESC LIMIT 1 OFFSET ?1)",
                  error);
  if (trim == NULL)
    return FALSE;

  sqlite3_bind_int64 (trim, 1, keep);
  rc = sqlite3_step (trim);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, rc, error, _("Could not log a network request"));

  return TRUE;
}

/**
 * plr_store_log_network_activity:
 * @self: a #PlrStore
 * @at: (nullable): when the request finished, or %NULL for now
 * @method: the HTTP method
 * @host: the host
 * @path: the path; anything from a `?` or `#` on is dropped, never stored
 * @status: the HTTP status, or 0 when there was no answer
 * @bytes_sent: bytes sent
 * @bytes_received: bytes received
 * @keep: how many of the newest entries to keep, 0 for all
 * @error: return location for a #GError
 *
 * Adds one request to the network activity log and drops the oldest
 * entries beyond @keep. Bodies, queries and headers are never stored.
 * This writes to disk before it returns; on the main thread use
 * plr_store_queue_network_activity().
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_log_network_activity (PlrStore    *self,
                                GDateTime   *at,
                                const char  *method,
                                const char  *host,
                                const char  *path,
                                guint        status,
                                guint64      bytes_sent,
                                guint64      bytes_received,
                                guint        keep,
                                GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  PlrNetworkActivity activity = {
    at, (char *) method, (char *) host, (char *) path, status, bytes_sent, bytes_received
  };

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (method != NULL && host != NULL && path != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return insert_network_activity_locked (self, &activity, error) &&
         trim_network_activity_locked (self, keep, error);
}

/* Writes what plr_store_queue_network_activity() queued, in one
 * transaction: one write to disk for a whole fetch's requests. */
static gboolean
write_pending_activity_locked (PlrStore  *self,
                               GError   **error)
{
  g_autoptr(GPtrArray) batch = NULL;
  GError *local_error = NULL;
  guint keep;

  g_mutex_lock (&self->activity_mutex);
  batch = g_steal_pointer (&self->pending_activity);
  self->pending_activity =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_network_activity_free);
  keep = self->activity_keep;
  g_mutex_unlock (&self->activity_mutex);

  if (batch->len == 0)
    return TRUE;

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  for (guint i = 0; i < batch->len; i++)
    if (!insert_network_activity_locked (self, g_ptr_array_index (batch, i), &local_error))
      break;

  if (local_error != NULL ||
      !trim_network_activity_locked (self, keep, &local_error) ||
      !exec_sql (self, "COMMIT", &local_error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_propagate_error (error, local_error);
      return FALSE;
    }

  return TRUE;
}

static void
write_activity_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PlrStore *self = source_object;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gboolean done;

      g_mutex_lock (&self->mutex);
      if (!write_pending_activity_locked (self, &error))
        g_debug ("Could not log network requests (%s %d)",
                 g_quark_to_string (error->domain), error->code);
      g_mutex_unlock (&self->mutex);

      g_mutex_lock (&self->activity_mutex);
      done = self->pending_activity->len == 0;
      if (done)
        self->activity_writer_running = FALSE;
      g_mutex_unlock (&self->activity_mutex);

      if (done)
        break;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * plr_store_queue_network_activity:
 * @self: a #PlrStore
 * @method: the HTTP method
 * @host: the host
 * @path: the path; anything from a `?` or `#` on is dropped, never stored
 * @status: the HTTP status, or 0 when there was no answer
 * @bytes_sent: bytes sent
 * @bytes_received: bytes received
 * @keep: how many of the newest entries to keep, 0 for all
 *
 * Like plr_store_log_network_activity() for a request that finished now,
 * without waiting: the entry is written on a worker thread, with any
 * others queued meanwhile, in the order they were queued. The main thread
 * neither waits for the disk nor for another thread's long write.
 * plr_store_list_network_activity() lists queued entries too; forgetting
 * the cache drops those not written yet.
 */
void
plr_store_queue_network_activity (PlrStore   *self,
                                  const char *method,
                                  const char *host,
                                  const char *path,
                                  guint       status,
                                  guint64     bytes_sent,
                                  guint64     bytes_received,
                                  guint       keep)
{
  PlrNetworkActivity *activity;
  gboolean start;

  g_return_if_fail (PLR_IS_STORE (self));
  g_return_if_fail (method != NULL && host != NULL && path != NULL);

  activity = g_new0 (PlrNetworkActivity, 1);
  activity->at = g_date_time_new_now_utc ();
  activity->method = g_strdup (method);
  activity->host = g_strdup (host);
  activity->path = g_strndup (path, strcspn (path, "?#"));
  activity->status = status;
  activity->bytes_sent = bytes_sent;
  activity->bytes_received = bytes_received;

  g_mutex_lock (&self->activity_mutex);
  g_ptr_array_add (self->pending_activity, activity);
  self->activity_keep = keep;
  start = !self->activity_writer_running;
  self->activity_writer_running = TRUE;
  g_mutex_unlock (&self->activity_mutex);

  if (start)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

      g_task_set_source_tag (task, plr_store_queue_network_activity);
      g_task_run_in_thread (task, write_activity_thread);
    }
}

/**
 * plr_store_list_network_activity:
 * @self: a #PlrStore
 * @limit: at most this many entries, 0 for all
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrNetworkActivity): the logged
 *   requests, newest first, or %NULL on error
 */
GPtrArray *
plr_store_list_network_activity (PlrStore  *self,
                                 guint      limit,
                                 GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  if (!write_pending_activity_locked (self, error))
    return NULL;

  stmt = prepare (self,
                  "SELECT at, method, host, path, status, bytes_sent, bytes_received"
                  " FROM network_activity ORDER BY id DESC LIMIT ?1",
                  error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, limit == 0 ? -1 : (gint64) limit);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_network_activity_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      PlrNetworkActivity *entry = g_new0 (PlrNetworkActivity, 1);

      entry->at = column_time (stmt, 0);
      entry->method = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      entry->host = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      entry->path = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      entry->status = sqlite3_column_int (stmt, 4);
      entry->bytes_sent = sqlite3_column_int64 (stmt, 5);
      entry->bytes_received = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, error, _("Could not read the network activity"));
      return NULL;
    }

  return g_steal_pointer (&entries);
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
  stmt = prepare (self, "SELECT count(*) FROM outbox WHERE state = 'queued'", error);
  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, sqlite3_errcode (self->db), error,
                        _("Could not read the changes waiting to be sent"));
      return -1;
    }

  return sqlite3_column_int (stmt, 0);
}

static gboolean
remove_tree (GFile         *file,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &local_error);
  if (children == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  while (children != NULL)
    {
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, NULL, &child, NULL, error))
        return FALSE;
      if (child == NULL)
        break;
      if (!remove_tree (child, error))
        return FALSE;
    }

  if (!g_file_delete (file, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_store_remove_tree:
 * @path: a file or folder
 * @error: return location for a #GError
 *
 * Deletes @path and, for a folder, everything in it, without following
 * symbolic links. A missing @path is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_remove_tree (const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  return remove_tree (file, error);
}

static gboolean
forget_locked (PlrStore  *self,
               GError   **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *evidence_dir = NULL;
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  int rc;

  /* Every user table, whichever migrations made them; FTS5 keeps its own
   * shadow tables up to date when its virtual table is emptied. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    stmt = prepare (self,
                    "SELECT name FROM sqlite_schema WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts_%'",
                    error);
    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    if (rc != SQLITE_DONE)
      return set_sqlite_error (self, rc, error, _("Could not forget the cached record"));
  }

  /* This store's evidence copies, by hash. The folder may be shared with
   * another cache beside this one (demo mode keeps demo.db next to the
   * learner's cache.db), so only the copies this store names go. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    stmt = prepare (self, "SELECT DISTINCT sha256 FROM evidence", error);
    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *sha256 = (const char *) sqlite3_column_text (stmt, 0);

        if (plr_evidence_is_sha256 (sha256))
          g_ptr_array_add (copies, g_strdup (sha256));
      }
    if (rc != SQLITE_DONE)
      return set_sqlite_error (self, rc, error, _("Could not forget the cached record"));
  }

  if (!exec_sql (self, "PRAGMA secure_delete = ON", error) ||
      !exec_sql (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    {
      sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      return FALSE;
    }

  for (guint i = 0; i < tables->len; i++)
    {
      /* The names come from the schema, quoted as identifiers. */
      char *sql = sqlite3_mprintf ("DELETE FROM \"%w\"", (char *) tables->pdata[i]);
      gboolean ok = exec_sql (self, sql, &local_error);

      sqlite3_free (sql);
      if (!ok)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (!exec_sql (self, "COMMIT", error) ||
      !exec_sql (self, "VACUUM", error) ||
      !exec_sql (self, "PRAGMA wal_checkpoint(TRUNCATE)", error))
    return FALSE;

  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, error, _("Could not close the cached record"));
  self->db = NULL;

  evidence_dir = plr_store_dup_evidence_dir (self);
  for (guint i = 0; i < copies->len; i++)
    {
      g_autofree char *copy = plr_evidence_dup_private_path (evidence_dir, copies->pdata[i]);
      g_autofree char *parent = g_path_get_dirname (copy);

      if (g_unlink (copy) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_PERMISSION,
                       _("Could not delete a copy of your evidence: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      /* Fails, as it should, while the folder holds anything else. */
      if (g_strcmp0 (parent, evidence_dir) != 0)
        g_rmdir (parent);
    }
  g_rmdir (evidence_dir);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (self->path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_PERMISSION,
                       _("Could not delete the cached record: %s"), g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * plr_store_forget:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Forgets everything the store keeps on this computer: the cached record
 * and every snapshot, the sharing log, the outbox with anything unsent (see
 * plr_store_count_unsent()), challenges with their evidence files, rights
 * requests and the network activity log. Rows are deleted with
 * `secure_delete` on and the file vacuumed before the database and its -wal
 * and -shm files are removed, with the copies of evidence this store names
 * (and the evidence folder, once empty: another cache beside this one may
 * keep its own there; plr_forget_device_async() removes the whole folder).
 * The store stays usable: reads find nothing, from an empty database in
 * memory, without bringing the file back; the first write makes a fresh,
 * private cache in the same place.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_forget (PlrStore  *self,
                  GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  /* Requests queued and not written yet go too. */
  g_mutex_lock (&self->activity_mutex);
  g_ptr_array_set_size (self->pending_activity, 0);
  g_mutex_unlock (&self->activity_mutex);
  ok = forget_locked (self, error);
  if (ok)
    g_debug ("Forgot the cache");

  return ok;
}
