/* plr-client-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the client's files share: plr-client.c (the object, URLs, answers
 * and errors), plr-client-request.c (the request engine: sending,
 * retrying, reading bounded bodies), plr-client-auth.c (tokens, sign-in,
 * metadata and discovery), plr-client-record.c (fetching and refreshing
 * the record) and plr-client-lists.c (changes from the outbox, the access
 * log, challenges and shares). */

#pragma once

#include "plr-client.h"
#include "plr-client-limits.h"
#include "plr-record-json.h"
#include "plr-record-json-private.h"

G_BEGIN_DECLS

#define DEFAULT_MAX_RESPONSE_BYTES PLR_CLIENT_MAX_RESPONSE_BYTES
#define DEFAULT_MAX_ATTEMPTS       4
#define DEFAULT_BASE_DELAY_MS      250
#define MAX_RETRY_AFTER_SECONDS    PLR_CLIENT_MAX_RETRY_AFTER_SECONDS
#define MAX_EXPIRES_IN             PLR_CLIENT_MAX_EXPIRES_IN
#define EVENTS_PAGE_SIZE           PLR_CLIENT_EVENTS_PAGE_SIZE
#define MAX_FETCH_RESTARTS         3
#define READ_CHUNK                 (64 * 1024)

/* RFC 6585; libsoup 3.2 has no name for it. */
#define HTTP_STATUS_TOO_MANY_REQUESTS 429

struct _PlrClient
{
  GObject             parent_instance;

  SoupSession        *session;
  GUri               *base_uri;
  char               *base_url;
  PlrTokenStore      *tokens;
  PlrHolderKeyStore  *holder_keys;        /* nullable: no credential is fetched */

  char               *access_token;
  gint64              access_expires_at;  /* monotonic µs */
  char               *refresh_token;      /* cached from the token store */
  gboolean            refresh_token_loaded;

  PlrBrowserLauncher  launcher;
  gpointer            launcher_data;
  GDestroyNotify      launcher_destroy;

  gsize               max_response_bytes;
  guint               max_attempts;
  guint               base_delay_ms;

  /* The latest "wait until" a 429 or 503 said (real time, µs), or 0 */
  gint64              retry_not_before;

  /* From the RFC 8414 metadata, once read; else NULL and the fixed paths. */
  gboolean            metadata_loaded;
  char               *issuer;
  char               *authorization_endpoint;
  char               *token_endpoint;
  char               *revocation_endpoint;
  gboolean            iss_required;

  /* From GET /v1/: NULL until read, or when the service has no such
   * document (then it offers everything but the sign-in extensions). */
  gboolean            discovered;
  char              **capabilities;

  /* The sign-in waiting for the browser, or NULL (a weak pointer). */
  GTask              *pending_sign_in;
};

/* The endpoints docs/protocol.md fixes, for a service without metadata. */
#define TOKEN_ENDPOINT(self)  ((self)->token_endpoint ? (self)->token_endpoint : "oauth/token")
#define REVOKE_ENDPOINT(self) \
  ((self)->revocation_endpoint ? (self)->revocation_endpoint : "oauth/revoke")

enum {
  PROGRESS,
  REQUEST_FINISHED,
  N_SIGNALS
};

extern guint _plr_client_signals[N_SIGNALS];

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} Response;

typedef struct
{
  char         *method;
  char         *path;            /* relative to the base URL, with any query */
  GBytes       *body;
  char         *content_type;
  char         *if_none_match;
  char         *idempotency_key;
  guint         authenticated : 1;
  guint         idempotent : 1;
  guint         token_refreshed : 1;
  guint         attempt;
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *buffer;
  GSource      *retry_source;
} Request;

void      _plr_client_response_free              (Response *response);
gint64    _plr_client_parse_retry_after          (SoupMessageHeaders *headers);
void      _plr_client_set_status_error           (Response  *response,
                                                  GError   **error);
gboolean  _plr_client_status_is_retryable        (guint status);
void      _plr_client_set_transport_error        (GError    *cause,
                                                  gboolean   mid_body,
                                                  GError   **error);
void      _plr_client_send_request_async         (PlrClient           *self,
                                                  const char          *method,
                                                  const char          *path,
                                                  GBytes              *body,
                                                  const char          *content_type,
                                                  const char          *if_none_match,
                                                  const char          *idempotency_key,
                                                  gboolean             authenticated,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
Response *_plr_client_send_request_finish        (PlrClient     *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);
void      _plr_client_ensure_access_token_async  (PlrClient           *self,
                                                  gboolean             force,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean  _plr_client_ensure_access_token_finish (PlrClient     *self,
                                                  GAsyncResult  *result,
                                                  GError       **error);
JsonNode *_plr_client_parse_json_response        (Response  *response,
                                                  GError   **error);
char     *_plr_client_build_page_path            (const char *resource,
                                                  guint       limit,
                                                  const char *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, _plr_client_response_free)

G_END_DECLS
