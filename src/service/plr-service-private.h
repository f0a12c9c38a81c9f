/* plr-service-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "plr-protocol-limits.h"
#include "plr-base64url.h"
#include "plr-service.h"
#include "plr-service-db.h"

G_BEGIN_DECLS

/* The most a request or a response body may hold (the protocol's cap). */
#define PLR_SERVICE_MAX_BODY PLR_PROTOCOL_MAX_BODY_BYTES

/* RFC 6585; libsoup 3.2 has no name for it. */
#define PLR_HTTP_TOO_MANY_REQUESTS 429

/* One request as the handlers see it. */
typedef struct
{
  PlrService        *service;
  PlrServiceDb      *db;
  SoupServerMessage *msg;
  const char        *method;      /* HEAD is routed as GET, with @head set */
  gboolean           head;
  const char        *path;
  GHashTable        *query;       /* decoded query parameters, or NULL */
  gint64             now;         /* Unix seconds, on the service's clock */
  gint64             learner_id;  /* after authentication */
  char              *client_id;   /* after authentication */
  gboolean           lrs_checked; /* the LRS was asked already (plr-service-lrs.c) */
  GError            *lrs_error;   /* why that fetch failed, or NULL */
} PlrServiceRequest;

/* One abuse limit: see plr-service-limits.c. */
typedef struct
{
  guint burst;    /* uses allowed at once (back-off: failures before it starts) */
  guint seconds;  /* one use drains every this many seconds (back-off: the first lock) */
} PlrServiceLimitRule;

typedef struct _PlrServiceLimits PlrServiceLimits;

/* Answers a request once the LRS fetch it waited for has ended. */
typedef void (*PlrServiceLrsDoneFunc) (PlrServiceRequest *req,
                                       gint64             data);

/* A change behind an Idempotency-Key: @body is the parsed JSON object. */
typedef void (*PlrServiceChangeFunc) (PlrServiceRequest *req,
                                      JsonObject        *body);

/* A problem type of docs/protocol.md, with the words of its HTML page. */
typedef struct
{
  const char *name;         /* "rate-limited": the type is /problems/rate-limited */
  guint       status;
  const char *title;
  const char *meaning;
  const char *next_step;
} PlrServiceProblem;

/* The vct of the service's credential (docs/credential-format.md). */
#define PLR_CREDENTIAL_VCT "https://learningrecord.github.io/vct/plr/1"

/* plr-service-credential.c */
gboolean    _plr_service_credential_init        (PlrService           *self,
                                                 const char           *data_dir,
                                                 GError              **error);
char       *_plr_service_credential_issue       (PlrService           *self,
                                                 JsonObject           *claims,
                                                 GError              **error);
char       *_plr_service_credential_dup_jwks    (PlrService           *self);
void        _plr_service_handle_jwks            (PlrServiceRequest    *req);
void        _plr_service_handle_credential      (PlrServiceRequest    *req);
gboolean    _plr_service_etag_matches           (const char           *header,
                                                 const char           *etag);

/* plr-service.c */
gint64      _plr_service_now                    (PlrService           *self);
guint       _plr_service_get_token_lifetime     (PlrService           *self);
char       *_plr_service_dup_share_url          (PlrService           *self,
                                                 const char           *code);
void        _plr_service_hold_message           (PlrService           *self,
                                                 SoupServerMessage    *msg);
void        _plr_service_add_raw_writer         (PlrService           *self,
                                                 gpointer              writer);
void        _plr_service_remove_raw_writer      (PlrService           *self,
                                                 gpointer              writer);
GCancellable *_plr_service_get_cancellable      (PlrService           *self);
PlrServiceDb *_plr_service_get_db               (PlrService           *self);
PlrLrsClient *_plr_service_get_lrs_client       (PlrService           *self);
PlrServiceFault _plr_service_take_fault         (PlrService           *self,
                                                 gboolean              events);
gboolean    _plr_service_require_learner        (PlrServiceRequest    *req);
void        _plr_service_log_own_read           (PlrServiceRequest    *req,
                                                 const char           *purpose);
void        _plr_service_run_idempotent         (PlrServiceRequest    *req,
                                                 PlrServiceChangeFunc  func);

gboolean    _plr_service_limit_take             (PlrServiceRequest    *req,
                                                 PlrServiceLimit       limit,
                                                 const char           *key);
gboolean    _plr_service_limit_take_account     (PlrServiceRequest    *req,
                                                 PlrServiceLimit       limit);
gboolean    _plr_service_limit_check            (PlrServiceRequest    *req,
                                                 PlrServiceLimit       limit,
                                                 const char           *key,
                                                 guint                *retry_after);
void        _plr_service_limit_charge           (PlrServiceRequest    *req,
                                                 PlrServiceLimit       limit,
                                                 const char           *key);
void        _plr_service_limit_forget           (PlrServiceRequest    *req,
                                                 PlrServiceLimit       limit,
                                                 const char           *key);
void        _plr_service_reply_rate_limited     (PlrServiceRequest    *req,
                                                 guint                 retry_after);
const char *_plr_service_client_address         (PlrServiceRequest    *req);

/* plr-service-limits.c: abuse limits */
PlrServiceLimits *_plr_service_limits_new       (void);
void        _plr_service_limits_free            (PlrServiceLimits     *self);
const char *_plr_service_limit_to_name          (PlrServiceLimit       limit);
gboolean    _plr_service_limit_from_name        (const char           *name,
                                                 PlrServiceLimit      *limit);
void        _plr_service_limits_set_enabled     (PlrServiceLimits     *self,
                                                 gboolean              enabled);
void        _plr_service_limits_set_rule        (PlrServiceLimits     *self,
                                                 PlrServiceLimit       limit,
                                                 const PlrServiceLimitRule *rule);
void        _plr_service_limits_get_rule        (PlrServiceLimits     *self,
                                                 PlrServiceLimit       limit,
                                                 PlrServiceLimitRule  *rule);
guint       _plr_service_limits_check           (PlrServiceLimits     *self,
                                                 PlrServiceLimit       limit,
                                                 const char           *key,
                                                 double                now);
void        _plr_service_limits_charge          (PlrServiceLimits     *self,
                                                 PlrServiceLimit       limit,
                                                 const char           *key,
                                                 double                now);
guint       _plr_service_limits_take            (PlrServiceLimits     *self,
                                                 PlrServiceLimit       limit,
                                                 const char           *key,
                                                 double                now);
void        _plr_service_limits_forget          (PlrServiceLimits     *self,
                                                 PlrServiceLimit       limit,
                                                 const char           *key);
void        _plr_service_limits_prune           (PlrServiceLimits     *self,
                                                 double                now);

/* plr-service-auth.c: OAuth 2.0 with PKCE, passwords, bearer tokens */
char       *_plr_service_auth_hash_password     (const char           *password);
gboolean    _plr_service_auth_check_password    (const char           *salt,
                                                 const char           *hash,
                                                 const char           *password,
                                                 gboolean             *out_outdated);
gboolean    _plr_service_auth_check_bearer      (PlrServiceRequest    *req);
gint64      _plr_service_auth_peek_bearer       (PlrServiceRequest    *req);
void        _plr_service_auth_handle_authorize  (PlrServiceRequest    *req);
void        _plr_service_auth_handle_token      (PlrServiceRequest    *req);
void        _plr_service_auth_handle_revoke     (PlrServiceRequest    *req);
void        _plr_service_auth_handle_metadata   (PlrServiceRequest    *req);
void        _plr_service_handle_discovery       (PlrServiceRequest    *req);
gboolean    _plr_service_auth_redirect_uri_ok   (const char           *redirect_uri);

/* plr-service-record.c: the record, sharing preferences, the access log */
void        _plr_service_handle_learner         (PlrServiceRequest    *req);
void        _plr_service_handle_events          (PlrServiceRequest    *req);
void        _plr_service_handle_preferences     (PlrServiceRequest    *req);
void        _plr_service_handle_access_log      (PlrServiceRequest    *req);
char       *_plr_service_format_etag            (const PlrServiceDbRecordInfo *info);

/* plr-service-lrs.c: the gateway to the LRS */
gboolean    _plr_service_lrs_refresh            (PlrServiceRequest    *req,
                                                 gint64                learner_id,
                                                 gboolean              force,
                                                 PlrServiceLrsDoneFunc done,
                                                 gint64                data);

/* plr-service-shares.c */
void        _plr_service_handle_shares          (PlrServiceRequest    *req);
void        _plr_service_handle_share           (PlrServiceRequest    *req,
                                                 const char           *code);
void        _plr_service_handle_share_page      (PlrServiceRequest    *req,
                                                 const char           *code);

/* plr-service-challenges.c */
void        _plr_service_handle_challenges      (PlrServiceRequest    *req);
gboolean    _plr_service_apply_challenge        (PlrServiceDb         *db,
                                                 const PlrServiceDbChallenge *challenge,
                                                 gboolean              accept,
                                                 const char           *note,
                                                 gint64                now,
                                                 GError              **error);

/* plr-service-faults.c */
gboolean    _plr_service_fault_apply            (PlrServiceRequest    *req,
                                                 gboolean              events);
void        _plr_service_raw_writer_cancel      (gpointer              writer);
void        _plr_service_refuse_unread          (PlrService           *service,
                                                 SoupServerMessage    *msg,
                                                 const char           *name,
                                                 const char           *detail);

/* plr-service-html.c: pages for people */
const PlrServiceProblem *_plr_service_problem_lookup (const char      *name);
GString    *_plr_html_begin                     (const char           *title);
void        _plr_html_append_escaped            (GString              *html,
                                                 const char           *text);
void        _plr_html_append_text               (GString              *html,
                                                 const char           *text);
char       *_plr_html_end                       (GString              *html);
char       *_plr_html_sign_in_page              (GHashTable           *params,
                                                 const char           *message);
char       *_plr_html_message_page              (const char           *title,
                                                 const char           *message);
char       *_plr_html_problem_page              (const PlrServiceProblem *problem);
char       *_plr_html_index_page                (void);
char       *_plr_html_share_page                (JsonObject           *view,
                                                 const char           *code,
                                                 const char           *recipient,
                                                 const char           *purpose,
                                                 gint64                created_at,
                                                 gint64                expires_at);
char       *_plr_html_share_gone_page           (gboolean              revoked);

/* plr-service-util.c: replies, random values, encodings, JSON readers */
void        _plr_reply_json                     (SoupServerMessage    *msg,
                                                 guint                 status,
                                                 JsonNode             *node);
void        _plr_reply_json_string              (SoupServerMessage    *msg,
                                                 guint                 status,
                                                 char                 *json);
void        _plr_reply_problem                  (SoupServerMessage    *msg,
                                                 const char           *name,
                                                 const char           *detail);
void        _plr_reply_problem_status           (SoupServerMessage    *msg,
                                                 guint                 status,
                                                 const char           *title,
                                                 const char           *detail);
void        _plr_reply_html                     (SoupServerMessage    *msg,
                                                 guint                 status,
                                                 char                 *html);
void        _plr_reply_oauth_error              (SoupServerMessage    *msg,
                                                 guint                 status,
                                                 const char           *error,
                                                 const char           *description);
void        _plr_reply_empty                    (SoupServerMessage    *msg,
                                                 guint                 status);
void        _plr_reply_no_store                 (SoupServerMessage    *msg);

char       *_plr_random_token                   (void);
char       *_plr_sha256_hex                     (gconstpointer         data,
                                                 gsize                 length);
gboolean    _plr_constant_time_equal            (const char           *a,
                                                 const char           *b);
char       *_plr_share_code_new                 (void);
char       *_plr_share_code_normalize           (const char           *text);
char       *_plr_challenge_id_new               (void);
char       *_plr_format_time                    (gint64                unix_time);
gboolean    _plr_parse_time                     (const char           *text,
                                                 gint64               *out);

GHashTable *_plr_form_decode_strict             (GBytes               *body,
                                                 GError              **error);
JsonObject *_plr_json_read_body                 (SoupServerMessage    *msg,
                                                 GError              **error);
gboolean    _plr_json_check_members             (JsonObject           *object,
                                                 const char           *path,
                                                 const char * const   *allowed,
                                                 GError              **error);
gboolean    _plr_json_get_string                (JsonObject           *object,
                                                 const char           *member,
                                                 gboolean              required,
                                                 guint                 max_chars,
                                                 const char          **out,
                                                 GError              **error);
gboolean    _plr_json_get_int                   (JsonObject           *object,
                                                 const char           *member,
                                                 gint64                min,
                                                 gint64                max,
                                                 gboolean             *present,
                                                 gint64               *out,
                                                 GError              **error);
gboolean    _plr_json_get_bool                  (JsonObject           *object,
                                                 const char           *member,
                                                 gboolean              required,
                                                 gboolean             *out,
                                                 GError              **error);
void        _plr_json_builder_add_string_or_null (JsonBuilder         *builder,
                                                 const char           *member,
                                                 const char           *value);
void        _plr_json_builder_add_time          (JsonBuilder          *builder,
                                                 const char           *member,
                                                 gint64                unix_time);

G_END_DECLS
