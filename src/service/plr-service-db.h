/* plr-service-db.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-record.h"
#include "plr-sqlite.h"

G_BEGIN_DECLS

#define PLR_SERVICE_DB_ERROR (plr_service_db_error_quark ())

typedef enum
{
  PLR_SERVICE_DB_ERROR_FAILED,
  PLR_SERVICE_DB_ERROR_NOT_FOUND,
  PLR_SERVICE_DB_ERROR_EXISTS,     /* a unique value is taken */
  PLR_SERVICE_DB_ERROR_CHANGED,    /* the record is not at the version asked for */
  PLR_SERVICE_DB_ERROR_TOO_NEW,    /* the schema is newer than this program */
  PLR_SERVICE_DB_ERROR_PERMISSION,
} PlrServiceDbError;

#define PLR_SERVICE_DB_SCHEMA_VERSION 2

/* Rows handed out by the database. Times are Unix seconds; 0 means none. */
typedef struct
{
  gint64  version;
  char   *learner_json;
  char   *incoming_uln;
  guint   n_events;
  char   *content_hash;
  gint64  updated_at;
} PlrServiceDbRecordInfo;

/* A learner whose record comes from the LRS: what the LRS matches them by. */
typedef struct
{
  char   *uln;
  char   *given_name;
  char   *family_name;
  char   *date_of_birth;  /* yyyy-mm-dd */
  char   *gender;         /* the LRS's code */
  gint64  fetched_at;     /* the last fetch that gave a record; 0 never */
} PlrServiceDbLrsAccount;

typedef struct
{
  gint64  learner_id;
  char   *client_id;
  char   *redirect_uri;
  char   *code_challenge;
  char   *scope;
  gint64  expires_at;
  gint64  family_id;
  gboolean was_used;
} PlrServiceDbAuthCode;

typedef struct
{
  gint64   family_id;
  gint64   learner_id;
  char    *client_id;
  char    *scope;
  gint64   expires_at;
  gboolean was_used;
  gboolean revoked;
} PlrServiceDbToken;

typedef struct
{
  char   *code;
  gint64  learner_id;
  char   *recipient;
  char   *purpose;
  char   *view_json;
  gint64  created_at;
  gint64  expires_at;
  gint64  revoked_at;
  gint64  views;
} PlrServiceDbShare;

typedef struct
{
  char   *status;
  gint64  at;
  char   *note;
} PlrServiceDbHistory;

typedef struct
{
  char   *name;
  char   *media_type;
  char   *sha256;
  gint64  size;
  GBytes *content;  /* only when adding */
} PlrServiceDbEvidence;

typedef struct
{
  char      *id;
  gint64     learner_id;
  gboolean   has_event_id;
  gint64     event_id;
  char      *learner_field;
  char      *field;
  char      *current_value;
  char      *proposed_value;
  char      *reason;
  char      *details;
  char      *status;
  gint64     submitted_at;
  gint64     updated_at;
  GPtrArray *history;   /* of PlrServiceDbHistory */
  GPtrArray *evidence;  /* of PlrServiceDbEvidence */
} PlrServiceDbChallenge;

typedef struct
{
  gboolean  opted_out;
  char     *method;
  char     *note;
  gint64    updated_at;
  gint64    reference;
} PlrServiceDbPreferences;

typedef struct
{
  gint64  id;
  gint64  at;
  char   *organisation;
  char   *ukprn;
  char   *user;
  char   *action;
  char   *purpose;
} PlrServiceDbLogEntry;

typedef struct
{
  char   *request_hash;
  guint   status;
  char   *content_type;
  char   *location;
  GBytes *body;
} PlrServiceDbStoredResponse;

void                   plr_service_db_record_info_clear    (PlrServiceDbRecordInfo      *info);
void                   plr_service_db_auth_code_clear      (PlrServiceDbAuthCode        *code);
void                   plr_service_db_token_clear          (PlrServiceDbToken           *token);
void                   plr_service_db_share_free           (PlrServiceDbShare           *share);
void                   plr_service_db_history_free         (PlrServiceDbHistory         *history);
void                   plr_service_db_evidence_free        (PlrServiceDbEvidence        *evidence);
PlrServiceDbChallenge *plr_service_db_challenge_new        (void);
void                   plr_service_db_challenge_free       (PlrServiceDbChallenge       *challenge);
void                   plr_service_db_preferences_clear    (PlrServiceDbPreferences     *preferences);
void                   plr_service_db_log_entry_free       (PlrServiceDbLogEntry        *entry);
void                   plr_service_db_stored_response_clear (PlrServiceDbStoredResponse *response);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrServiceDbShare, plr_service_db_share_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrServiceDbChallenge, plr_service_db_challenge_free)
void plr_service_db_lrs_account_clear (PlrServiceDbLrsAccount *account);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlrServiceDbRecordInfo, plr_service_db_record_info_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlrServiceDbLrsAccount, plr_service_db_lrs_account_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlrServiceDbAuthCode, plr_service_db_auth_code_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlrServiceDbToken, plr_service_db_token_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlrServiceDbPreferences, plr_service_db_preferences_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlrServiceDbStoredResponse, plr_service_db_stored_response_clear)

#define PLR_TYPE_SERVICE_DB (plr_service_db_get_type ())

G_DECLARE_FINAL_TYPE (PlrServiceDb, plr_service_db, PLR, SERVICE_DB, GObject)

GQuark                 plr_service_db_error_quark          (void);

PlrServiceDb          *plr_service_db_new                  (const char                  *path,
                                                            GError                     **error);
const char            *plr_service_db_get_path             (PlrServiceDb                *self);

/* A transaction around several calls: the connection stays locked to the
 * calling thread while @func runs. Calls nest (as savepoints). */
gboolean               plr_service_db_transaction          (PlrServiceDb                *self,
                                                            PlrSqliteTransactionFunc     func,
                                                            gpointer                     user_data,
                                                            GError                     **error);

/* Learners and their records */
gboolean               plr_service_db_add_learner          (PlrServiceDb                *self,
                                                            const char                  *username,
                                                            const char                  *salt,
                                                            const char                  *password_hash,
                                                            PlrRecord                   *record,
                                                            gint64                       now,
                                                            gint64                      *out_id,
                                                            GError                     **error);
gboolean               plr_service_db_set_password_hash    (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            const char                  *password_hash,
                                                            GError                     **error);
gboolean               plr_service_db_add_lrs_learner      (PlrServiceDb                *self,
                                                            const char                  *username,
                                                            const char                  *password_hash,
                                                            const PlrServiceDbLrsAccount *account,
                                                            gint64                       now,
                                                            gint64                      *out_id,
                                                            GError                     **error);
gboolean               plr_service_db_get_lrs_account      (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            PlrServiceDbLrsAccount      *out,
                                                            GError                     **error);
gboolean               plr_service_db_set_lrs_record       (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            PlrRecord                   *record,
                                                            gint64                       now,
                                                            gboolean                    *out_changed,
                                                            GError                     **error);
gboolean               plr_service_db_find_learner         (PlrServiceDb                *self,
                                                            const char                  *username,
                                                            gint64                      *out_id,
                                                            char                       **out_salt,
                                                            char                       **out_hash,
                                                            GError                     **error);
gboolean               plr_service_db_set_record           (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            PlrRecord                   *record,
                                                            gint64                       now,
                                                            GError                     **error);
PlrRecord             *plr_service_db_load_record          (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            GError                     **error);
gboolean               plr_service_db_get_record_info      (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            PlrServiceDbRecordInfo      *info,
                                                            GError                     **error);
GPtrArray             *plr_service_db_get_events_page      (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            gint64                       version,
                                                            guint                        offset,
                                                            guint                        limit,
                                                            PlrServiceDbRecordInfo      *info,
                                                            GError                     **error);
gboolean               plr_service_db_has_event            (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            gint64                       event_id,
                                                            GError                     **error);

/* OAuth */
gboolean               plr_service_db_add_auth_code        (PlrServiceDb                *self,
                                                            const char                  *code_hash,
                                                            gint64                       learner_id,
                                                            const char                  *client_id,
                                                            const char                  *redirect_uri,
                                                            const char                  *code_challenge,
                                                            const char                  *scope,
                                                            gint64                       expires_at,
                                                            GError                     **error);
gboolean               plr_service_db_redeem_auth_code     (PlrServiceDb                *self,
                                                            const char                  *code_hash,
                                                            PlrServiceDbAuthCode        *out,
                                                            GError                     **error);
gboolean               plr_service_db_set_auth_code_family (PlrServiceDb                *self,
                                                            const char                  *code_hash,
                                                            gint64                       family_id,
                                                            GError                     **error);
gint64                 plr_service_db_add_token_family     (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            const char                  *client_id,
                                                            const char                  *scope,
                                                            gint64                       now,
                                                            GError                     **error);
gboolean               plr_service_db_add_token            (PlrServiceDb                *self,
                                                            const char                  *token_hash,
                                                            gint64                       family_id,
                                                            const char                  *kind,
                                                            gint64                       expires_at,
                                                            GError                     **error);
gboolean               plr_service_db_lookup_token         (PlrServiceDb                *self,
                                                            const char                  *token_hash,
                                                            const char                  *kind,
                                                            gboolean                     mark_used,
                                                            PlrServiceDbToken           *out,
                                                            GError                     **error);
gboolean               plr_service_db_revoke_family        (PlrServiceDb                *self,
                                                            gint64                       family_id,
                                                            GError                     **error);
gboolean               plr_service_db_revoke_learner_tokens (PlrServiceDb               *self,
                                                            gint64                       learner_id,
                                                            GError                     **error);

/* Shares */
gboolean               plr_service_db_add_share            (PlrServiceDb                *self,
                                                            const PlrServiceDbShare     *share,
                                                            GError                     **error);
GPtrArray             *plr_service_db_list_shares          (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            GError                     **error);
PlrServiceDbShare     *plr_service_db_get_share            (PlrServiceDb                *self,
                                                            const char                  *code,
                                                            GError                     **error);
gboolean               plr_service_db_revoke_share         (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            const char                  *code,
                                                            gint64                       now,
                                                            GError                     **error);
gboolean               plr_service_db_count_share_view     (PlrServiceDb                *self,
                                                            const char                  *code,
                                                            GError                     **error);

/* Data challenges */
gboolean               plr_service_db_add_challenge        (PlrServiceDb                *self,
                                                            const PlrServiceDbChallenge *challenge,
                                                            GError                     **error);
GPtrArray             *plr_service_db_list_challenges      (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            GError                     **error);
PlrServiceDbChallenge *plr_service_db_get_challenge        (PlrServiceDb                *self,
                                                            const char                  *id,
                                                            GError                     **error);
gboolean               plr_service_db_set_challenge_status (PlrServiceDb                *self,
                                                            const char                  *id,
                                                            const char                  *status,
                                                            const char                  *note,
                                                            gint64                       now,
                                                            GError                     **error);
guint                  plr_service_db_count_open_challenges (PlrServiceDb               *self,
                                                            gint64                       learner_id,
                                                            gint64                       event_id,
                                                            GError                     **error);

/* Sharing preferences */
gboolean               plr_service_db_get_preferences      (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            PlrServiceDbPreferences     *out,
                                                            GError                     **error);
gboolean               plr_service_db_set_preferences      (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            gboolean                     opted_out,
                                                            const char                  *method,
                                                            const char                  *note,
                                                            gint64                       now,
                                                            GError                     **error);

/* Access log */
gboolean               plr_service_db_log_access           (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            gint64                       at,
                                                            const char                  *organisation,
                                                            const char                  *ukprn,
                                                            const char                  *user,
                                                            const char                  *action,
                                                            const char                  *purpose,
                                                            GError                     **error);
GPtrArray             *plr_service_db_list_access_log      (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            gint64                       before_at,
                                                            gint64                       before_id,
                                                            guint                        limit,
                                                            GError                     **error);

/* Idempotency keys */
gboolean               plr_service_db_find_response        (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            const char                  *key,
                                                            PlrServiceDbStoredResponse  *out,
                                                            GError                     **error);
gboolean               plr_service_db_store_response       (PlrServiceDb                *self,
                                                            gint64                       learner_id,
                                                            const char                  *key,
                                                            const char                  *request_hash,
                                                            guint                        status,
                                                            const char                  *content_type,
                                                            const char                  *location,
                                                            GBytes                      *body,
                                                            gint64                       now,
                                                            GError                     **error);
guint                  plr_service_db_count_responses      (PlrServiceDb                *self);

gboolean               plr_service_db_prune                (PlrServiceDb                *self,
                                                            gint64                       now,
                                                            GError                     **error);

G_END_DECLS
