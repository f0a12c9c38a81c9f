/* plr-store-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "plr-learning-event.h"
#include "plr-sqlite.h"
#include "plr-store.h"

G_BEGIN_DECLS

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

/* The event columns after snapshot_id and position, in PlrEventField order. */
#define EVENT_COLUMNS \
  "id, subject, subject_code, qualification_type, level, grade, credits," \
  " achievement_award_date, participation_start_date, participation_end_date," \
  " awarding_organisation_name, awarding_organisation_ukprn, achievement_provider_name," \
  " achievement_provider_ukprn, source, date_loaded, language_for_assessment," \
  " under_data_challenge, status, collection_type, restriction, return_number"

G_STATIC_ASSERT (PLR_EVENT_N_FIELDS == 22);

/* What the store's files share: plr-store.c opens the cache and keeps the
 * record's snapshots; plr-store-outbox.c, -challenges.c, -shares.c,
 * -privacy.c and -forget.c hold one subject each. Every _locked function
 * must be called with self->mutex held. */

gboolean      _plr_store_set_sqlite_error         (PlrStore    *self,
                                                   int          rc,
                                                   GError     **error,
                                                   const char  *context);
gboolean      _plr_store_exec                     (PlrStore    *self,
                                                   const char  *sql,
                                                   GError     **error);
sqlite3_stmt *_plr_store_prepare                  (PlrStore    *self,
                                                   const char  *sql,
                                                   GError     **error);
gboolean      _plr_store_run_transaction          (PlrStore                 *self,
                                                   PlrSqliteTransactionFunc  func,
                                                   gpointer                  user_data,
                                                   GError                  **error);

void          _plr_store_emit_outbox_item_queued  (PlrStore    *self,
                                                   gint64       outbox_id);
void          _plr_store_emit_outbox_item_sent    (PlrStore    *self,
                                                   gint64       outbox_id);
void          _plr_store_emit_challenge_changed   (PlrStore    *self,
                                                   const char  *uuid);
void          _plr_store_emit_shares_changed      (PlrStore    *self);

/* plr-store-outbox.c */
gboolean      _plr_store_note_is_valid            (const char  *note,
                                                   GError     **error);
gboolean      _plr_store_insert_outbox_locked     (PlrStore    *self,
                                                   const char  *kind,
                                                   const char  *method,
                                                   const char  *path,
                                                   const char  *body,
                                                   const char  *now,
                                                   gint64      *out_id,
                                                   GError     **error);

/* plr-store-challenges.c: what the outbox does when the service answers */
gboolean      _plr_store_confirm_challenge_locked (PlrStore    *self,
                                                   gint64       outbox_id,
                                                   JsonObject  *answer,
                                                   const char  *now,
                                                   char       **out_uuid,
                                                   GError     **error);
gboolean      _plr_store_fail_challenge_locked    (PlrStore    *self,
                                                   gint64       outbox_id,
                                                   const char  *error_code,
                                                   const char  *now,
                                                   char       **out_uuid,
                                                   GError     **error);

/* plr-store-shares.c */
gboolean      _plr_store_confirm_share_locked     (PlrStore    *self,
                                                   gint64       outbox_id,
                                                   JsonObject  *answer,
                                                   const char  *now,
                                                   gint64      *out_queued_id,
                                                   GError     **error);

/* plr-store-credential.c; with the mutex held, inside the record's transaction */
gboolean             _plr_store_insert_credential_locked (PlrStore            *self,
                                                          gint64               snapshot_id,
                                                          PlrRecordCredential *credential,
                                                          GError             **error);
PlrRecordCredential *_plr_store_load_credential_locked   (PlrStore            *self,
                                                          gint64               snapshot_id,
                                                          GError             **error);

G_END_DECLS
