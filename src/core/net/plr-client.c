/* plr-client.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>
#include <sys/random.h>

#include "plr-client.h"
#include "plr-identifiers.h"
#include "plr-record-json.h"
#include "plr-record-json-private.h"

/* The client of a PLR service (docs/protocol.md). Every response is checked
 * (status, content type, size, then the same strict validation as a record
 * file) before anything reaches the store. Idempotent requests are retried
 * with exponential backoff and jitter, honouring Retry-After. Access tokens
 * live in memory only; the refresh token lives in the PlrTokenStore. */

#define DEFAULT_MAX_RESPONSE_BYTES (64 * 1024 * 1024)
#define DEFAULT_MAX_ATTEMPTS       4
#define DEFAULT_BASE_DELAY_MS      250
#define MAX_RETRY_AFTER_SECONDS    120
/* An access token's documented longest life (docs/protocol.md). */
#define MAX_EXPIRES_IN             86400
#define EVENTS_PAGE_SIZE           1000
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

G_DEFINE_FINAL_TYPE (PlrClient, plr_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-client-error-quark, plr_client_error)

enum {
  PROGRESS,
  REQUEST_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* URLs                                                                 */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * plr_client_get_retry_not_before:
 * @self: a #PlrClient
 *
 * The service's latest Retry-After, as a time: a caller that schedules a
 * later attempt (the outbox, a refresh) waits at least until then.
 *
 * Returns: real time in µs (g_get_real_time()), or 0 when the service never
 *   asked to wait or the wait is over
 */
gint64
plr_client_get_retry_not_before (PlrClient *self)
{
  g_return_val_if_fail (PLR_IS_CLIENT (self), 0);

  return self->retry_not_before > g_get_real_time () ? self->retry_not_before : 0;
}

/**
 * plr_client_check_url:
 * @base_url: a PLR service address
 * @error: return location for a #GError
 *
 * A service address must be https://, or http:// to this computer only.
 *
 * Returns: %TRUE if the client may talk to @base_url
 */
gboolean
plr_client_check_url (const char  *base_url,
                      GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, FALSE);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INSECURE,
                   _("“%s” is not a web address"), base_url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INSECURE,
                       _("The service address must start with https:// so that your record "
                         "is encrypted on its way to you"));
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Random values for PKCE and state                                     */

static char *
random_base64url (gsize n_bytes)
{
  guchar buffer[64];
  g_autofree char *encoded = NULL;
  gsize done = 0;

  g_assert (n_bytes <= sizeof buffer);

  while (done < n_bytes)
    {
      ssize_t r = getrandom (buffer + done, n_bytes - done, 0);
      if (r < 0)
        g_error ("getrandom failed");
      done += (gsize) r;
    }

  encoded = g_base64_encode (buffer, n_bytes);
  memset (buffer, 0, sizeof buffer);

  /* base64url without padding (RFC 7636 §4.1) */
  for (char *p = encoded; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  g_strdelimit (encoded, "=", '\0');

  return g_strdup (encoded);
}

static char *
pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &len);
  encoded = g_base64_encode (digest, len);

  for (char *p = encoded; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  g_strdelimit (encoded, "=", '\0');

  return g_strdup (encoded);
}

/* ------------------------------------------------------------------ */
/* Responses and errors                                                 */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* Whether the body is an application/problem+json document of @type. It
 * goes through the same strict, depth-limited parser as every other body:
 * an error answer is no more trusted than a record. */
static gboolean
problem_type_is (Response   *response,
                 const char *type)
{
  static const PlrRecordLimits problem_limits = {
    .max_bytes = 64 * 1024,
    .max_events = 0,
    .max_depth = 4,
  };
  const char *content_type;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  if (response->body == NULL || g_strcmp0 (content_type, "application/problem+json") != 0)
    return FALSE;

  root = plr_json_parse (response->body, &problem_limits, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  return g_strcmp0 (json_object_get_string_member_with_default (object, "type", ""), type) == 0;
}

/* Seconds to wait from a Retry-After header, or -1. */
static gint64
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  gint64 seconds;

  if (value == NULL)
    return -1;

  /* RFC 9110 delay-seconds: digits only, here at most a 32-bit count. */
  if (plr_parse_int (value, strlen (value), 0, G_MAXUINT32, &seconds))
    return seconds;

  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    if (when == NULL)
      return -1;
    return MAX (0, g_date_time_difference (when, now) / G_USEC_PER_SEC);
  }
}

static void
set_status_error (Response  *response,
                  GError   **error)
{
  guint status = response->status;

  if (status == SOUP_STATUS_UNAUTHORIZED || problem_type_is (response, "/problems/invalid-token"))
    g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED,
                         _("Your sign-in has ended. Sign in to your learning record service "
                           "again."));
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_FORBIDDEN,
                         _("The service refused access to this record. Sign in again as "
                           "yourself."));
  else if (status == SOUP_STATUS_NOT_FOUND)
    g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_NOT_FOUND,
                         _("The service does not know this address. Check the service address "
                           "in Preferences."));
  else if (status == HTTP_STATUS_TOO_MANY_REQUESTS)
    {
      gint64 wait = parse_retry_after (response->headers);
      gint64 minutes = (wait + 59) / 60;

      if (wait > 60)
        g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_RATE_LIMITED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The service is busy. Try again in %" PRId64 " minute.",
                                  "The service is busy. Try again in %" PRId64 " minutes.",
                                  minutes),
                     minutes);
      else
        g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_RATE_LIMITED,
                             _("The service is busy. Try again in a minute."));
    }
  else if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAVAILABLE,
                         _("The service is down for the moment. Your saved record is still "
                           "here; try again later."));
  else if (status >= 500)
    g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SERVER,
                 _("The service had a problem (error %u). Your saved record is still here; "
                   "try again later."), status);
  else
    g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                 _("The service answered in a way Learning Record does not understand "
                   "(status %u)."), status);
}

static gboolean
status_is_retryable (guint status)
{
  return status == HTTP_STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_INTERNAL_SERVER_ERROR ||
         status == SOUP_STATUS_BAD_GATEWAY || status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
         status == SOUP_STATUS_GATEWAY_TIMEOUT;
}

static void
set_transport_error (GError  *cause,
                     gboolean mid_body,
                     GError **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_TIMEOUT,
                         _("The service stopped answering. Your saved record is still here; "
                           "try again later."));
  else if (mid_body)
    g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_NETWORK,
                         _("The connection broke while your record was arriving. Your saved "
                           "record is unchanged; try again."));
  else
    g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE,
                         _("The service could not be reached. You can keep using your saved "
                           "record offline."));
}

/* ------------------------------------------------------------------ */
/* The request engine                                                   */

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

static void
request_free (Request *request)
{
  if (request->retry_source)
    {
      g_source_destroy (request->retry_source);
      g_source_unref (request->retry_source);
    }
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->content_type, g_free);
  g_clear_pointer (&request->if_none_match, g_free);
  g_clear_pointer (&request->idempotency_key, g_free);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->buffer, g_byte_array_unref);
  g_free (request);
}

static void request_start (GTask *task);
static void ensure_access_token_async (PlrClient           *self,
                                       gboolean             force,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
static gboolean ensure_access_token_finish (PlrClient     *self,
                                            GAsyncResult  *result,
                                            GError       **error);

static void
emit_request_finished (PlrClient *self,
                       Request   *request,
                       guint      status)
{
  SoupMessageMetrics *metrics = soup_message_get_metrics (request->message);
  GUri *uri = soup_message_get_uri (request->message);
  guint64 sent = 0;
  guint64 received = 0;

  if (metrics != NULL)
    {
      sent = soup_message_metrics_get_request_header_bytes_sent (metrics) +
             soup_message_metrics_get_request_body_bytes_sent (metrics);
      received = soup_message_metrics_get_response_header_bytes_received (metrics) +
                 soup_message_metrics_get_response_body_bytes_received (metrics);
    }

  /* Never the query (it may hold a cursor), a body or a header. */
  g_debug ("%s %s → %u (%" G_GUINT64_FORMAT " bytes out, %" G_GUINT64_FORMAT " in)",
           request->method, g_uri_get_path (uri), status, sent, received);
  g_signal_emit (self, signals[REQUEST_FINISHED], 0, request->method, g_uri_get_host (uri),
                 g_uri_get_path (uri), status, sent, received);
}

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->retry_source, g_source_unref);
  request_start (task);

  return G_SOURCE_REMOVE;
}

/* Tries again after a delay, or returns FALSE when the attempts are used up. */
static gboolean
schedule_retry (GTask  *task,
                gint64  retry_after_seconds)
{
  PlrClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  guint delay_ms;

  if (!request->idempotent || request->attempt >= self->max_attempts)
    return FALSE;

  if (retry_after_seconds > MAX_RETRY_AFTER_SECONDS)
    return FALSE;

  if (retry_after_seconds >= 0)
    {
      delay_ms = (guint) retry_after_seconds * 1000;
    }
  else
    {
      /* Exponential backoff with full jitter: uniform in [base, base·2^n]. */
      guint ceiling = self->base_delay_ms << MIN (request->attempt, 6u);
      delay_ms = g_random_int_range ((gint32) self->base_delay_ms, (gint32) ceiling + 1);
    }

  g_debug ("Retrying %s in %u ms (attempt %u)", request->method, delay_ms, request->attempt + 1);

  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->buffer, g_byte_array_unref);

  request->retry_source = g_timeout_source_new (delay_ms);
  g_task_attach_source (task, request->retry_source, on_retry_timeout_cb);
  return TRUE;
}

static void
request_finish_body (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(Response) response = g_new0 (Response, 1);
  goffset expected;

  /* A connection closed early can look like a short, complete body. */
  expected = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (expected > 0 && (guint64) expected != request->buffer->len)
    {
      GError *error = NULL;
      g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                                                     "short body");

      emit_request_finished (self, request, 0);
      if (schedule_retry (task, -1))
        return;
      set_transport_error (cause, TRUE, &error);
      g_task_return_error (task, error);
      return;
    }

  response->status = soup_message_get_status (request->message);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (request->message));
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer));

  emit_request_finished (self, request, response->status);

  if (status_is_retryable (response->status))
    {
      gint64 retry_after = parse_retry_after (response->headers);

      /* Remembered for whoever schedules the next try: a wait too long to
       * spend inside one request is waited out by the caller
       * (plr_client_get_retry_not_before()), never cut short. */
      if (retry_after >= 0)
        self->retry_not_before = MAX (self->retry_not_before,
                                      g_get_real_time () + retry_after * G_USEC_PER_SEC);
      if (schedule_retry (task, retry_after))
        return;
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) response_free);
}

static void
on_token_refreshed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!ensure_access_token_finish (PLR_CLIENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  request_start (task);
}

static void
on_body_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) read_error = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &read_error);
  if (chunk == NULL)
    {
      emit_request_finished (self, request, 0);
      if (!g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          schedule_retry (task, -1))
        return;
      set_transport_error (read_error, TRUE, &error);
      g_task_return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      request_finish_body (task);
      return;
    }

  if (request->buffer->len + g_bytes_get_size (chunk) > self->max_response_bytes)
    {
      emit_request_finished (self, request, 0);
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent far more data than a learning record "
                                 "holds, so it was refused. Your saved record is unchanged."));
      return;
    }

  g_byte_array_append (request->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_body_read_cb,
                                   g_object_ref (task));
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) send_error = NULL;
  GError *error = NULL;
  goffset length;
  guint status;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &send_error);
  if (request->stream == NULL)
    {
      emit_request_finished (self, request, 0);
      if (!g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          schedule_retry (task, -1))
        return;
      set_transport_error (send_error, FALSE, &error);
      g_task_return_error (task, error);
      return;
    }

  status = soup_message_get_status (request->message);

  /* An expired access token: refresh it once, then send again. */
  if (status == SOUP_STATUS_UNAUTHORIZED && request->authenticated && !request->token_refreshed)
    {
      emit_request_finished (self, request, status);
      request->token_refreshed = TRUE;
      g_clear_pointer (&self->access_token, g_free);
      g_input_stream_close_async (request->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&request->stream);
      ensure_access_token_async (self, TRUE, g_task_get_cancellable (task),
                                 on_token_refreshed_cb, g_object_ref (task));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (request->message));
  if (length > 0 && (guint64) length > self->max_response_bytes)
    {
      emit_request_finished (self, request, status);
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent far more data than a learning record "
                                 "holds, so it was refused. Your saved record is unchanged."));
      return;
    }

  request->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_body_read_cb,
                                   g_object_ref (task));
}

static void
request_send (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  uri = g_uri_parse_relative (self->base_uri, request->path, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INSECURE, "%s",
                               error->message);
      return;
    }

  request->attempt++;
  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (request->method, uri);
  soup_message_add_flags (request->message, SOUP_MESSAGE_COLLECT_METRICS);

  /* libsoup 3.2 resends a request by itself when a reused keep-alive
   * connection closes before the answer, but without its body. For a
   * change that would reach the service as its key with an empty body
   * (refused, although the first attempt may have been applied). So each
   * attempt at a change takes a fresh connection, where libsoup never
   * resends, and this engine's own retry sends it whole with the same key. */
  if (request->idempotency_key != NULL)
    soup_message_add_flags (request->message, SOUP_MESSAGE_NEW_CONNECTION);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json, application/problem+json");
  if (request->authenticated && self->access_token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->access_token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (request->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", request->if_none_match);
  if (request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", request->idempotency_key);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, request->content_type,
                                              request->body);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent_cb, g_object_ref (task));
}

static void
request_start (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  if (request->authenticated &&
      (self->access_token == NULL || g_get_monotonic_time () >= self->access_expires_at))
    {
      ensure_access_token_async (self, FALSE, g_task_get_cancellable (task),
                                 on_token_refreshed_cb, g_object_ref (task));
      return;
    }

  request_send (task);
}

static void
send_request_async (PlrClient           *self,
                    const char          *method,
                    const char          *path,
                    GBytes              *body,
                    const char          *content_type,
                    const char          *if_none_match,
                    const char          *idempotency_key,
                    gboolean             authenticated,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  request->method = g_strdup (method);
  request->path = g_strdup (path);
  request->body = body ? g_bytes_ref (body) : NULL;
  request->content_type = g_strdup (content_type);
  request->if_none_match = g_strdup (if_none_match);
  request->idempotency_key = g_strdup (idempotency_key);
  request->authenticated = authenticated;
  request->idempotent = g_str_equal (method, "GET") || g_str_equal (method, "DELETE") ||
                        idempotency_key != NULL;

  g_task_set_source_tag (task, send_request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request_start (task);
}

static Response *
send_request_finish (PlrClient     *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Tokens                                                               */

static gboolean
parse_token_response (PlrClient  *self,
                      Response   *response,
                      GError    **error)
{
  static const char * const token_members[] = {
    "access_token", "token_type", "expires_in", "refresh_token", "scope", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object;
  JsonNode *node;
  const char *access_token;
  const char *refresh_token;
  gint64 expires_in;

  if (response->status == SOUP_STATUS_BAD_REQUEST || response->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED,
                           _("Your sign-in has ended. Sign in to your learning record service "
                             "again."));
      return FALSE;
    }

  if (response->status != SOUP_STATUS_OK)
    {
      set_status_error (response, error);
      return FALSE;
    }

  root = plr_json_parse (response->body, NULL, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service's sign-in answer could not be read."));
      return FALSE;
    }

  object = json_node_get_object (root);
  plr_json_collect_unknown (object, NULL, token_members, unknown);
  plr_json_log_unknown ("The token answer", unknown);
  access_token = json_object_get_string_member_with_default (object, "access_token", NULL);
  refresh_token = json_object_get_string_member_with_default (object, "refresh_token", NULL);

  expires_in = 300;
  node = json_object_get_member (object, "expires_in");
  if (node != NULL &&
      !plr_json_read_int (node, "expires_in", 1, MAX_EXPIRES_IN, &expires_in, &local_error))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service's sign-in answer could not be read: %s"),
                   local_error->message);
      return FALSE;
    }

  if (access_token == NULL || access_token[0] == '\0' ||
      g_strcmp0 (json_object_get_string_member_with_default (object, "token_type", ""),
                 "Bearer") != 0)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service's sign-in answer could not be read."));
      return FALSE;
    }

  g_free (self->access_token);
  self->access_token = g_strdup (access_token);
  /* Renew a little early so a request never leaves with a dying token. */
  self->access_expires_at = g_get_monotonic_time () +
                            MAX (expires_in - 10, 1) * G_USEC_PER_SEC;

  if (refresh_token != NULL && refresh_token[0] != '\0')
    {
      g_free (self->refresh_token);
      self->refresh_token = g_strdup (refresh_token);
      self->refresh_token_loaded = TRUE;
    }

  return TRUE;
}

static void
on_refresh_token_stored_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Without a keyring the token stays in memory for this session only:
   * never in a file. The learner is asked to sign in next time. */
  if (!plr_token_store_store_finish (PLR_TOKEN_STORE (object), result, &error))
    g_message ("The keyring is not available; the sign-in lasts for this session only");

  g_task_return_boolean (task, TRUE);
}

static void
save_refresh_token (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);

  if (self->refresh_token == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  plr_token_store_store_async (self->tokens, self->base_url, self->refresh_token,
                               g_task_get_cancellable (task), on_refresh_token_stored_cb,
                               g_object_ref (task));
}

static void
on_cleared_after_refusal_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  plr_token_store_clear_finish (PLR_TOKEN_STORE (object), result, NULL);
  g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED,
                           _("Your sign-in has ended. Sign in to your learning record service "
                             "again."));
}

static void
on_refresh_grant_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  g_autoptr(Response) response = NULL;
  GError *error = NULL;

  response = send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!parse_token_response (self, response, &error))
    {
      if (g_error_matches (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED))
        {
          /* The refresh token was refused: forget it everywhere. */
          g_clear_error (&error);
          g_clear_pointer (&self->refresh_token, g_free);
          plr_token_store_clear_async (self->tokens, self->base_url, NULL,
                                       on_cleared_after_refusal_cb, g_steal_pointer (&task));
          return;
        }
      g_task_return_error (task, error);
      return;
    }

  save_refresh_token (task);
}

static void
refresh_with_token (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  g_autofree char *form = NULL;
  g_autoptr(GBytes) body = NULL;

  if (self->refresh_token == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED,
                               _("Sign in to your learning record service to fetch your "
                                 "record."));
      return;
    }

  form = soup_form_encode ("grant_type", "refresh_token",
                           "refresh_token", self->refresh_token,
                           "client_id", PLR_CLIENT_ID,
                           NULL);
  body = g_bytes_new_take (g_steal_pointer (&form), strlen (form));
  send_request_async (self, "POST", TOKEN_ENDPOINT (self), body, "application/x-www-form-urlencoded",
                      NULL, NULL, FALSE, g_task_get_cancellable (task), on_refresh_grant_cb,
                      g_object_ref (task));
}

static void
on_refresh_token_looked_up_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  char *token;

  token = plr_token_store_lookup_finish (PLR_TOKEN_STORE (object), result, &error);
  if (error != NULL)
    g_debug ("The keyring could not be read: %s", error->message);

  g_free (self->refresh_token);
  self->refresh_token = token;
  self->refresh_token_loaded = TRUE;

  refresh_with_token (task);
}

static void
ensure_access_token_async (PlrClient           *self,
                           gboolean             force,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ensure_access_token_async);

  if (!force && self->access_token != NULL && g_get_monotonic_time () < self->access_expires_at)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!self->refresh_token_loaded)
    {
      plr_token_store_lookup_async (self->tokens, self->base_url, cancellable,
                                    on_refresh_token_looked_up_cb, g_steal_pointer (&task));
      return;
    }

  refresh_with_token (task);
}

static gboolean
ensure_access_token_finish (PlrClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Sign-in: OAuth 2.0 for native apps with PKCE and a loopback redirect */

typedef struct
{
  SoupServer *server;
  char       *verifier;
  char       *state;
  char       *redirect_uri;
  char       *challenge;
  gboolean    answered;
  GSource    *timeout;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  if (sign_in->server)
    soup_server_disconnect (sign_in->server);
  g_clear_object (&sign_in->server);
  if (sign_in->timeout)
    {
      g_source_destroy (sign_in->timeout);
      g_source_unref (sign_in->timeout);
    }
  g_clear_pointer (&sign_in->verifier, g_free);
  g_clear_pointer (&sign_in->state, g_free);
  g_clear_pointer (&sign_in->redirect_uri, g_free);
  g_clear_pointer (&sign_in->challenge, g_free);
  g_free (sign_in);
}

static const char callback_page[] =
  "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
  "<title>Learning Record</title></head><body><main>"
  "<h1>%s</h1><p>%s</p></main></body></html>\n";

static void
on_code_exchanged_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  g_autoptr(Response) response = NULL;
  GError *error = NULL;

  response = send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!parse_token_response (self, response, &error))
    {
      g_prefix_error_literal (&error, _("Signing in did not complete: "));
      error->code = PLR_CLIENT_ERROR_SIGN_IN_FAILED;
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Signed in");
  save_refresh_token (task);
}

static void
on_callback_cb (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  GTask *task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  const char *code = query ? g_hash_table_lookup (query, "code") : NULL;
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *oauth_error = query ? g_hash_table_lookup (query, "error") : NULL;
  const char *iss = query ? g_hash_table_lookup (query, "iss") : NULL;
  g_autofree char *page = NULL;
  g_autofree char *form = NULL;
  g_autoptr(GBytes) body = NULL;

  if (!g_str_equal (path, "/callback") || sign_in->answered)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }

  /* A request without our state did not come from our sign-in: ignore it. */
  if (state == NULL || !g_str_equal (state, sign_in->state))
    {
      soup_server_message_set_status (message, SOUP_STATUS_BAD_REQUEST, NULL);
      return;
    }

  sign_in->answered = TRUE;

  /* RFC 9207: the answer names the server that gave it. One that names
   * another (a mix-up attack, or a misconfigured service) is refused before
   * its code is used; so is one without it where the metadata promised it. */
  if ((iss != NULL && !g_str_equal (iss, self->issuer ? self->issuer : self->base_url)) ||
      (iss == NULL && self->iss_required))
    {
      page = g_strdup_printf (callback_page, _("Not signed in"),
                              _("You can close this page and try again in Learning Record."));
      soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                        page, strlen (page));
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED,
                               iss == NULL
                               ? _("The sign-in answer did not say which service sent it, so "
                                   "it was refused. Try again.")
                               : _("The sign-in answer came from a service other than the one "
                                   "in Preferences, so it was refused. Try again."));
      g_object_unref (task);
      return;
    }

  if (code == NULL || oauth_error != NULL)
    {
      page = g_strdup_printf (callback_page, _("Not signed in"),
                              _("You can close this page and try again in Learning Record."));
      soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                        page, strlen (page));
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED,
                               _("Signing in was cancelled or refused by the service."));
      g_object_unref (task);
      return;
    }

  page = g_strdup_printf (callback_page, _("Signed in"),
                          _("You can close this page and go back to Learning Record."));
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);

  form = soup_form_encode ("grant_type", "authorization_code",
                           "code", code,
                           "redirect_uri", sign_in->redirect_uri,
                           "client_id", PLR_CLIENT_ID,
                           "code_verifier", sign_in->verifier,
                           NULL);
  body = g_bytes_new_take (g_steal_pointer (&form), strlen (form));
  /* The task's own reference, taken when the handler was added, passes on here. */
  send_request_async (self, "POST", TOKEN_ENDPOINT (self), body, "application/x-www-form-urlencoded",
                      NULL, NULL, FALSE, g_task_get_cancellable (task), on_code_exchanged_cb,
                      task);
}

static gboolean
on_sign_in_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);

  g_clear_pointer (&sign_in->timeout, g_source_unref);
  if (!sign_in->answered)
    {
      sign_in->answered = TRUE;
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED,
                               _("Signing in took too long. Try again."));
      g_object_unref (task);
    }

  return G_SOURCE_REMOVE;
}

static void
default_browser_launcher (const char *uri,
                          gpointer    user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
    g_warning ("Could not open the web browser: %s", error->message);
}

/* ------------------------------------------------------------------ */
/* RFC 8414 authorization server metadata                               */

/* An endpoint from the metadata: an absolute https:// (or loopback)
 * address, or absent. */
static gboolean
read_endpoint (JsonObject  *object,
               const char  *member,
               char       **out,
               GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !g_uri_is_valid (json_node_get_string (node), G_URI_FLAGS_NONE, NULL))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service’s sign-in details could not be read: %s"),
                   member);
      return FALSE;
    }

  value = json_node_get_string (node);
  if (!plr_client_check_url (value, error))
    return FALSE;

  *out = g_strdup (value);
  return TRUE;
}

/* Reads the metadata; a service without it (404, or not JSON) keeps the
 * fixed paths. Returns FALSE only for metadata that must be refused. */
static gboolean
read_metadata (PlrClient  *self,
               Response   *response,
               GError    **error)
{
  static const PlrRecordLimits metadata_limits = {
    .max_bytes = 64 * 1024,
    .max_events = 0,
    .max_depth = 4,
  };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *token = NULL;
  g_autofree char *revocation = NULL;
  JsonObject *object;
  JsonNode *node;
  const char *issuer;

  if (response->status != SOUP_STATUS_OK ||
      g_strcmp0 (soup_message_headers_get_content_type (response->headers, NULL),
                 "application/json") != 0 ||
      (root = plr_json_parse (response->body, &metadata_limits, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("No authorization server metadata (status %u); using the fixed paths",
               response->status);
      self->metadata_loaded = TRUE;
      return TRUE;
    }

  object = json_node_get_object (root);
  issuer = json_object_get_string_member_with_default (object, "issuer", NULL);

  /* RFC 8414 §3.3: the issuer is the address the metadata came from, or
   * the metadata is another server's and must not be used. */
  if (issuer == NULL || !g_str_equal (issuer, self->base_url))
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED,
                           _("The service’s sign-in details name a different service, so "
                             "signing in was stopped. Check the service address in "
                             "Preferences."));
      return FALSE;
    }

  if (!read_endpoint (object, "authorization_endpoint", &authorization, error) ||
      !read_endpoint (object, "token_endpoint", &token, error) ||
      !read_endpoint (object, "revocation_endpoint", &revocation, error))
    return FALSE;

  node = json_object_get_member (object, "code_challenge_methods_supported");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *methods = json_node_get_array (node);
      gboolean s256 = FALSE;

      for (guint i = 0; i < json_array_get_length (methods); i++)
        if (g_strcmp0 (json_array_get_string_element (methods, i), "S256") == 0)
          s256 = TRUE;
      if (!s256)
        {
          g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED,
                               _("The service does not offer the secure sign-in Learning "
                                 "Record needs (PKCE with S256)."));
          return FALSE;
        }
    }

  node = json_object_get_member (object, "authorization_response_iss_parameter_supported");
  self->iss_required = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                       json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
                       json_node_get_boolean (node);

  g_free (self->issuer);
  self->issuer = g_strdup (issuer);
  g_free (self->authorization_endpoint);
  self->authorization_endpoint = g_steal_pointer (&authorization);
  g_free (self->token_endpoint);
  self->token_endpoint = g_steal_pointer (&token);
  g_free (self->revocation_endpoint);
  self->revocation_endpoint = g_steal_pointer (&revocation);
  self->metadata_loaded = TRUE;
  g_debug ("Read the authorization server metadata");
  return TRUE;
}

static void sign_in_launch (GTask *task);

static void
on_metadata_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* Our own reference; the callback handler holds another, which is
   * dropped here when the sign-in ends before the browser opens. */
  GTask *task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_request_finish (self, result, &error);
  if (sign_in->answered)
    {
      /* Timed out or cancelled meanwhile. */
      g_object_unref (task);
      return;
    }

  if (response == NULL)
    {
      /* Offline now means offline in the browser too: say so at once. */
      sign_in->answered = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      g_object_unref (task);
      return;
    }

  if (!read_metadata (self, response, &error))
    {
      sign_in->answered = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      g_object_unref (task);
      return;
    }

  sign_in_launch (task);
  g_object_unref (task);
}

/* ------------------------------------------------------------------ */
/* GET /v1/: the protocol version and the service's capabilities        */

/* Reads the discovery document. A service without one (404, not JSON)
 * keeps capabilities NULL. A document with a known member of the wrong
 * type is refused. */
static gboolean
read_discovery (PlrClient  *self,
                Response   *response,
                GError    **error)
{
  static const PlrRecordLimits discovery_limits = {
    .max_bytes = 64 * 1024,
    .max_events = 0,
    .max_depth = 4,
  };
  static const char * const known[] = { "version", "capabilities", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  gint64 version;

  self->discovered = TRUE;
  if (response->status != SOUP_STATUS_OK ||
      g_strcmp0 (soup_message_headers_get_content_type (response->headers, NULL),
                 "application/json") != 0 ||
      (root = plr_json_parse (response->body, &discovery_limits, NULL)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("No discovery document (status %u)", response->status);
      return TRUE;
    }

  object = json_node_get_object (root);
  plr_json_collect_unknown (object, NULL, known, unknown);
  plr_json_log_unknown ("GET v1/", unknown);

  /* A later version is fine (members it adds are skipped); not a number is not. */
  if (!plr_json_read_int (json_object_get_member (object, "version"), "version", 1, G_MAXINT32,
                          &version, &local_error))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service’s description of itself could not be read: %s"),
                   local_error->message);
      return FALSE;
    }

  node = json_object_get_member (object, "capabilities");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service’s description of itself could not be read: %s"),
                   "capabilities: expected an array of strings");
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The service’s description of itself could not be read: %s"),
                       "capabilities: expected an array of strings");
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  g_strfreev (self->capabilities);
  self->capabilities = g_strv_builder_end (builder);
  g_debug ("The service speaks version %" G_GINT64_FORMAT " with %u capabilities", version,
           g_strv_length (self->capabilities));
  return TRUE;
}

/**
 * plr_client_has_capability:
 * @self: a #PlrClient
 * @name: a capability of docs/protocol.md ("shares", "oauth-metadata", …)
 *
 * Whether the service said it offers @name in GET /v1/, read at sign-in.
 * Before that, or from a service without the document, every part of the
 * protocol is taken as offered except the sign-in extensions
 * ("oauth-metadata", "iss-parameter").
 *
 * Returns: %TRUE if the app may offer the feature
 */
gboolean
plr_client_has_capability (PlrClient  *self,
                           const char *name)
{
  g_return_val_if_fail (PLR_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->capabilities == NULL)
    return !g_str_equal (name, "oauth-metadata") && !g_str_equal (name, "iss-parameter");

  return g_strv_contains ((const char * const *) self->capabilities, name);
}

static void
on_discovery_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  /* Our own reference, as in on_metadata_cb(). */
  GTask *task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;

  response = send_request_finish (self, result, &error);
  if (sign_in->answered)
    {
      g_object_unref (task);
      return;
    }

  if (response == NULL || !read_discovery (self, response, &error))
    {
      sign_in->answered = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      g_object_unref (task);
      return;
    }

  /* A service that describes itself and does not list the metadata has
   * none; one without a description may still have it (RFC 8414 stands
   * alone). */
  if (self->capabilities != NULL &&
      !g_strv_contains ((const char * const *) self->capabilities, "oauth-metadata"))
    {
      self->metadata_loaded = TRUE;
      sign_in_launch (task);
      g_object_unref (task);
      return;
    }

  send_request_async (self, "GET", ".well-known/oauth-authorization-server", NULL, NULL, NULL,
                      NULL, FALSE, g_task_get_cancellable (task), on_metadata_cb, task);
}

/**
 * plr_client_sign_in_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the learner has signed in, or not
 * @user_data: data for @callback
 *
 * Signs in through the browser launcher (the system browser unless set
 * otherwise), with PKCE and a one-time loopback redirect.
 */
void
plr_client_sign_in_async (PlrClient           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *challenge = NULL;
  SignIn *sign_in;
  guint port = 0;

  g_return_if_fail (PLR_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_sign_in_async);

  sign_in = g_new0 (SignIn, 1);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  sign_in->verifier = random_base64url (48);
  sign_in->state = random_base64url (24);
  challenge = pkce_challenge (sign_in->verifier);

  sign_in->server = soup_server_new ("server-header", NULL, NULL);
  if (!soup_server_listen_local (sign_in->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED,
                               _("Could not prepare to sign in: %s"), error->message);
      return;
    }

  uris = soup_server_get_uris (sign_in->server);
  if (uris != NULL)
    port = g_uri_get_port (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  sign_in->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  /* The handler holds a task reference until it answers or times out. */
  soup_server_add_handler (sign_in->server, "/callback", on_callback_cb, g_object_ref (task),
                           NULL);

  sign_in->timeout = g_timeout_source_new_seconds (600);
  g_task_attach_source (task, sign_in->timeout, on_sign_in_timeout_cb);
  sign_in->challenge = g_steal_pointer (&challenge);

  if (self->pending_sign_in != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->pending_sign_in),
                                  (gpointer *) &self->pending_sign_in);
  self->pending_sign_in = task;
  g_object_add_weak_pointer (G_OBJECT (task), (gpointer *) &self->pending_sign_in);

  if (self->metadata_loaded)
    {
      sign_in_launch (task);
      return;
    }

  /* The task's own reference passes to the discovery callback, then on. */
  send_request_async (self, "GET", "v1/", NULL, NULL, NULL, NULL, FALSE, cancellable,
                      on_discovery_cb, g_steal_pointer (&task));
}

/* Opens the authorization endpoint in the browser. */
static void
sign_in_launch (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autofree char *query = NULL;
  g_autofree char *authorize = NULL;

  query = soup_form_encode ("response_type", "code",
                            "client_id", PLR_CLIENT_ID,
                            "redirect_uri", sign_in->redirect_uri,
                            "scope", "plr",
                            "state", sign_in->state,
                            "code_challenge", sign_in->challenge,
                            "code_challenge_method", "S256",
                            NULL);
  if (self->authorization_endpoint != NULL)
    authorize = g_strconcat (self->authorization_endpoint,
                             strchr (self->authorization_endpoint, '?') ? "&" : "?", query,
                             NULL);
  else
    authorize = g_strconcat (self->base_url, "oauth/authorize?", query, NULL);

  if (self->launcher)
    self->launcher (authorize, self->launcher_data);
  else
    default_browser_launcher (authorize, NULL);
}

/**
 * plr_client_fail_sign_in:
 * @self: a #PlrClient
 * @error: why the browser step failed
 *
 * For a browser launcher that can tell the browser step failed (the form
 * filler of tests and demo mode, which reads the service's error): ends
 * the sign-in that waits for the browser at once with @error, instead of
 * when it times out. Does nothing when no sign-in waits.
 */
void
plr_client_fail_sign_in (PlrClient    *self,
                         const GError *error)
{
  GTask *task;
  SignIn *sign_in;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (error != NULL);

  task = self->pending_sign_in;
  if (task == NULL)
    return;
  sign_in = g_task_get_task_data (task);
  if (sign_in->answered)
    return;

  sign_in->answered = TRUE;
  g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED,
                           _("Signing in did not complete: %s"), error->message);
  /* The reference the callback handler held. */
  g_object_unref (task);
}

gboolean
plr_client_sign_in_finish (PlrClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_signed_out_cleared_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!plr_token_store_clear_finish (PLR_TOKEN_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_revoked_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  g_autoptr(Response) response = NULL;

  /* Signing out works offline too: the keyring entry goes either way. */
  response = send_request_finish (self, result, NULL);

  plr_token_store_clear_async (self->tokens, self->base_url, NULL, on_signed_out_cleared_cb,
                               g_steal_pointer (&task));
}

static void
sign_out_with_token (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  g_autofree char *form = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *token = g_steal_pointer (&self->refresh_token);

  g_clear_pointer (&self->access_token, g_free);
  self->refresh_token_loaded = TRUE;

  if (token == NULL)
    {
      plr_token_store_clear_async (self->tokens, self->base_url, NULL, on_signed_out_cleared_cb,
                                   g_object_ref (task));
      return;
    }

  form = soup_form_encode ("token", token, "client_id", PLR_CLIENT_ID, NULL);
  body = g_bytes_new_take (g_steal_pointer (&form), strlen (form));
  send_request_async (self, "POST", REVOKE_ENDPOINT (self), body, "application/x-www-form-urlencoded",
                      NULL, NULL, FALSE, g_task_get_cancellable (task), on_revoked_cb,
                      g_object_ref (task));
}

static void
on_sign_out_lookup_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);

  g_free (self->refresh_token);
  self->refresh_token = plr_token_store_lookup_finish (PLR_TOKEN_STORE (object), result, NULL);
  sign_out_with_token (task);
}

/**
 * plr_client_sign_out_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Revokes the refresh token at the service (if it can be reached) and
 * removes it from the token store.
 */
void
plr_client_sign_out_async (PlrClient           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_sign_out_async);

  if (!self->refresh_token_loaded)
    {
      plr_token_store_lookup_async (self->tokens, self->base_url, cancellable,
                                    on_sign_out_lookup_cb, g_steal_pointer (&task));
      return;
    }

  sign_out_with_token (task);
}

gboolean
plr_client_sign_out_finish (PlrClient     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Fetching the record                                                  */

typedef struct
{
  char      *etag;           /* the one we hold, for If-None-Match */
  char      *fetch_etag;     /* the version being fetched */
  PlrRecord *record;
  gint64     total;
  guint      restarts;
  gboolean   not_modified;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_pointer (&fetch->etag, g_free);
  g_clear_pointer (&fetch->fetch_etag, g_free);
  g_clear_object (&fetch->record);
  g_free (fetch);
}

static void fetch_start (GTask *task);

/* Checks the status and content type, and parses the JSON body. */
static JsonNode *parse_json_response_full (Response       *response,
                                           guint           first_index,
                                           PlrJsonEvents  *events,
                                           GError        **error);

static JsonNode *
parse_json_response (Response  *response,
                     GError   **error)
{
  return parse_json_response_full (response, 0, NULL, error);
}

/* With @events, a page of events: they are converted as they are read
 * (_plr_json_parse_taking_events()). */
static JsonNode *
parse_json_response_full (Response       *response,
                          guint           first_index,
                          PlrJsonEvents  *events,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *content_type;
  JsonNode *root;

  if (response->status != SOUP_STATUS_OK)
    {
      set_status_error (response, error);
      return NULL;
    }

  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service did not send a learning record. Check the service "
                             "address in Preferences."));
      return NULL;
    }

  if (events != NULL)
    root = _plr_json_parse_taking_events (response->body, NULL, first_index, events,
                                          &local_error);
  else
    root = plr_json_parse (response->body, NULL, &local_error);
  if (root == NULL)
    {
      /* The parser's message can quote the body, which is personal data. */
      if (g_error_matches (local_error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD))
        g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                             _("The service sent a damaged record that is not valid JSON, so "
                               "it was not saved."));
      else
        g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                     _("The service sent a damaged record, so it was not saved: %s"),
                     local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service sent a damaged record, so it was not saved."));
      return NULL;
    }

  return root;
}

static void
set_invalid_record_error (GError  *cause,
                          GError **error)
{
  /* The path and problem say exactly what was wrong; no value is quoted. */
  g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
               _("The service sent a record that does not pass Learning Record's checks, so "
                 "it was not saved: %s"), cause->message);
}

static void
fetch_restart (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (++fetch->restarts > MAX_FETCH_RESTARTS)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("Your record kept changing while it was being fetched. Try "
                                 "again in a moment."));
      return;
    }

  g_debug ("The record changed during the fetch; starting again");
  fetch_start (task);
}

/* "v1/learner/events?limit=1000&cursor=…", the cursor sent back unchanged. */
static char *
build_page_path (const char *resource,
                 guint       limit,
                 const char *cursor)
{
  g_autofree char *escaped = NULL;

  if (cursor == NULL)
    return g_strdup_printf ("%s?limit=%u", resource, limit);

  escaped = g_uri_escape_string (cursor, NULL, FALSE);
  return g_strdup_printf ("%s?limit=%u&cursor=%s", resource, limit, escaped);
}

static void request_events_page (GTask      *task,
                                 const char *cursor);

/* One page of events, read on a worker thread: parsing and checking a
 * thousand events takes longer than a frame, and the client's callbacks
 * run on the app's main thread. */
typedef struct
{
  Response  *response;     /* in */
  guint      first_index;  /* in: the events before this page, for errors */
  gint64     total;        /* out */
  GPtrArray *events;       /* out */
  char      *next_cursor;  /* out */
  GPtrArray *unknown;      /* out: skipped members' paths */
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->response, response_free);
  g_clear_pointer (&page->events, g_ptr_array_unref);
  g_clear_pointer (&page->next_cursor, g_free);
  g_clear_pointer (&page->unknown, g_ptr_array_unref);
  g_free (page);
}

static gboolean
read_page (Page    *page,
           GError **error)
{
  static const char * const page_members[] = { "events", "total", "next_cursor", NULL };
  const PlrRecordLimits *limits = plr_record_limits_default ();
  g_auto(PlrJsonEvents) events = { FALSE, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) total_error = NULL;
  JsonObject *object_;
  JsonNode *node;
  gint64 room;
  guint too_many_at;

  /* The events are converted as json-glib reads them, so the page's tree
   * never holds more than one; the checks below are made in the order
   * they were made on the whole tree. */
  page->unknown = g_ptr_array_new_with_free_func (g_free);
  events.unknown = page->unknown;
  root = parse_json_response_full (page->response, page->first_index, &events, error);
  if (root == NULL)
    return FALSE;

  object_ = json_node_get_object (root);
  plr_json_collect_unknown (object_, NULL, page_members, page->unknown);

  /* Read to the 64-bit limit, so that a total past the record's limit gets
   * its own message below. */
  if (!plr_json_read_int (json_object_get_member (object_, "total"), "total", 0, G_MAXINT64,
                          &page->total, &total_error))
    {
      set_invalid_record_error (total_error, error);
      return FALSE;
    }
  if (page->total > (gint64) limits->max_events)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service sent more learning events than any record "
                             "holds, so they were not saved."));
      return FALSE;
    }

  node = json_object_get_member (object_, "events");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent a damaged record, so it was not saved: %s"),
                   "events: expected an array");
      return FALSE;
    }

  if (!events.found)
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent a damaged record, so it was not saved: %s"),
                   "events: expected an array");
      return FALSE;
    }

  /* Event by event, the first of these to fail: the event itself, then
   * whether it is one more than the total said. */
  room = page->total - (gint64) page->first_index;
  too_many_at = room < 0 ? 0 : room > G_MAXUINT ? G_MAXUINT : (guint) room;
  if (events.error != NULL && events.error_index <= too_many_at)
    {
      set_invalid_record_error (events.error, error);
      return FALSE;
    }
  if (too_many_at < events.n_events)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service sent more learning events than it said "
                             "it would, so they were not saved."));
      return FALSE;
    }
  page->events = g_steal_pointer (&events.events);

  node = json_object_get_member (object_, "next_cursor");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The service sent a damaged record, so it was not saved: "
                         "%s"), "next_cursor: expected a string");
          return FALSE;
        }
      page->next_cursor = g_strdup (json_node_get_string (node));
    }

  return TRUE;
}

static void
read_page_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (read_page (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_events_page_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  Page *page = g_task_get_task_data (G_TASK (result));
  const char *etag;
  guint n_events;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  etag = soup_message_headers_get_one (page->response->headers, "ETag");
  if (g_strcmp0 (etag, fetch->fetch_etag) != 0)
    {
      fetch_restart (task);
      return;
    }

  plr_json_log_unknown ("A page of GET v1/learner/events", page->unknown);

  /* A page at a time: appending all of a large record at the end took
   * longer than a frame. */
  fetch->total = page->total;
  plr_record_take_events (fetch->record, g_steal_pointer (&page->events));
  n_events = plr_record_get_n_events (fetch->record);
  g_signal_emit (g_task_get_source_object (task), signals[PROGRESS], 0, n_events,
                 (guint) fetch->total);

  if (page->next_cursor != NULL)
    {
      if (n_events == page->first_index)
        {
          g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                                   _("The service sent an empty page of your record."));
          return;
        }
      request_events_page (task, page->next_cursor);
      return;
    }

  if (n_events != (guint) fetch->total)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent %u of the %u learning events it promised, "
                                 "so the record was not saved."),
                               n_events, (guint) fetch->total);
      return;
    }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    plr_record_set_etag (fetch->record, fetch->fetch_etag);
    plr_record_set_fetched_at (fetch->record, now);
    plr_record_set_source (fetch->record, PLR_RECORD_SOURCE_SERVICE);
  }

  g_debug ("Fetched a record of %u events", plr_record_get_n_events (fetch->record));
  g_task_return_pointer (task, g_steal_pointer (&fetch->record), g_object_unref);
}

static void
on_events_page_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GTask) read = NULL;
  GCancellable *cancellable;
  Response *response;
  Page *page;
  GError *error = NULL;

  response = send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status == SOUP_STATUS_CONFLICT)
    {
      response_free (response);
      fetch_restart (task);
      return;
    }

  page = g_new0 (Page, 1);
  page->response = response;
  page->first_index = plr_record_get_n_events (fetch->record);

  cancellable = g_task_get_cancellable (task);
  read = g_task_new (self, cancellable, on_events_page_read_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read, on_events_page_cb);
  g_task_set_task_data (read, page, (GDestroyNotify) page_free);
  g_task_run_in_thread (read, read_page_thread);
}

static void
request_events_page (GTask      *task,
                     const char *cursor)
{
  PlrClient *self = g_task_get_source_object (task);
  g_autofree char *path = build_page_path ("v1/learner/events", EVENTS_PAGE_SIZE, cursor);

  send_request_async (self, "GET", path, NULL, NULL, NULL, NULL, TRUE,
                      g_task_get_cancellable (task), on_events_page_cb, g_object_ref (task));
}

static void
on_learner_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  static const char * const learner_members[] = {
    "learner", "incoming_uln", "updated_at", NULL
  };
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(GError) learner_error = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object_;
  JsonNode *node;
  const char *etag;
  GError *error = NULL;

  response = send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status == SOUP_STATUS_NOT_MODIFIED && fetch->etag != NULL)
    {
      fetch->not_modified = TRUE;
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  root = parse_json_response (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  etag = soup_message_headers_get_one (response->headers, "ETag");
  g_free (fetch->fetch_etag);
  fetch->fetch_etag = g_strdup (etag);

  object_ = json_node_get_object (root);
  node = json_object_get_member (object_, "learner");
  if (node == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent a damaged record, so it was not saved: %s"),
                               "learner: required but missing");
      return;
    }

  plr_json_collect_unknown (object_, NULL, learner_members, unknown);
  learner = plr_learner_from_response_node (node, "learner", unknown, &learner_error);
  if (learner == NULL)
    {
      set_invalid_record_error (learner_error, &error);
      g_task_return_error (task, error);
      return;
    }
  plr_json_log_unknown ("GET v1/learner", unknown);

  g_clear_object (&fetch->record);
  fetch->record = plr_record_new (learner);

  node = json_object_get_member (object_, "incoming_uln");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_autoptr(GError) uln_error = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !plr_uln_validate (json_node_get_string (node), &uln_error))
        {
          g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                                   _("The service sent a record that does not pass Learning "
                                     "Record's checks, so it was not saved: %s"),
                                   "incoming_uln: not a valid ULN");
          return;
        }
      plr_record_set_incoming_uln (fetch->record, json_node_get_string (node));
    }

  request_events_page (task, NULL);
}

static void
fetch_start (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  /* One ETag covers the whole record: a 304 here means nothing changed. */
  send_request_async (self, "GET", "v1/learner", NULL, NULL,
                      fetch->restarts == 0 ? fetch->etag : NULL, NULL, TRUE,
                      g_task_get_cancellable (task), on_learner_cb, g_object_ref (task));
}

/**
 * plr_client_fetch_record_async:
 * @self: a #PlrClient
 * @etag: (nullable): the ETag of the record already held, if any
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the learner and every page of events, validating all of it.
 * Emits #PlrClient::progress as pages arrive.
 */
void
plr_client_fetch_record_async (PlrClient           *self,
                               const char          *etag,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (PLR_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_fetch_record_async);

  fetch = g_new0 (Fetch, 1);
  fetch->etag = g_strdup (etag);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  fetch_start (task);
}

/**
 * plr_client_fetch_record_finish:
 * @self: a #PlrClient
 * @result: the result
 * @not_modified: (out) (optional): set when the service said nothing changed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the validated record, or %NULL when
 *   nothing changed or on error
 */
PlrRecord *
plr_client_fetch_record_finish (PlrClient     *self,
                                GAsyncResult  *result,
                                gboolean      *not_modified,
                                GError       **error)
{
  Fetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  fetch = g_task_get_task_data (G_TASK (result));
  if (not_modified)
    *not_modified = fetch->not_modified && !g_task_had_error (G_TASK (result));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Refresh: fetch, then store                                           */

static void
on_refresh_stored_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  PlrRecordDiff *diff;

  diff = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  if (diff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diff, g_object_unref);
}

static void
on_refresh_fetched_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrStore *store = g_task_get_task_data (task);
  g_autoptr(PlrRecord) record = NULL;
  gboolean not_modified = FALSE;
  GError *error = NULL;

  record = plr_client_fetch_record_finish (PLR_CLIENT (object), result, &not_modified, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (not_modified)
    {
      g_autoptr(PlrRecord) current = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT,
                                                            NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(PlrRecordDiff) diff = NULL;

      if (!plr_store_update_fetch_info (store, now, current ? plr_record_get_etag (current) : NULL,
                                        &error))
        {
          g_task_return_error (task, error);
          return;
        }

      diff = plr_record_diff_new (current, current);
      g_task_return_pointer (task, g_steal_pointer (&diff), g_object_unref);
      return;
    }

  plr_store_replace_record_async (store, record, g_task_get_cancellable (task),
                                  on_refresh_stored_cb, g_object_ref (task));
}

/**
 * plr_client_refresh_async:
 * @self: a #PlrClient
 * @store: the cache to refresh
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the record conditionally on the cached one and, only if it
 * arrived whole and valid, replaces the cached one in one transaction.
 * On any error the cache is untouched.
 */
void
plr_client_refresh_async (PlrClient           *self,
                          PlrStore            *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PlrRecord) current = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (PLR_IS_STORE (store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_refresh_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);

  /* Only a record fetched from a service has an ETag worth sending. */
  current = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  plr_client_fetch_record_async (self,
                                 current && g_strcmp0 (plr_record_get_source (current),
                                                       PLR_RECORD_SOURCE_SERVICE) == 0
                                   ? plr_record_get_etag (current) : NULL,
                                 cancellable, on_refresh_fetched_cb, g_steal_pointer (&task));
}

/**
 * plr_client_refresh_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what changed (empty when nothing did), or
 *   %NULL with @error set
 */
PlrRecordDiff *
plr_client_refresh_finish (PlrClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The object                                                           */

static void
plr_client_finalize (GObject *object)
{
  PlrClient *self = (PlrClient *)object;

  if (self->launcher_destroy)
    self->launcher_destroy (self->launcher_data);
  if (self->pending_sign_in != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->pending_sign_in),
                                  (gpointer *) &self->pending_sign_in);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->tokens);
  g_clear_pointer (&self->access_token, g_free);
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->authorization_endpoint, g_free);
  g_clear_pointer (&self->token_endpoint, g_free);
  g_clear_pointer (&self->revocation_endpoint, g_free);
  g_clear_pointer (&self->capabilities, g_strfreev);

  G_OBJECT_CLASS (plr_client_parent_class)->finalize (object);
}

static void
plr_client_class_init (PlrClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_client_finalize;

  /**
   * PlrClient::progress:
   * @self: the client
   * @received: learning events received so far
   * @total: learning events in the record
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * PlrClient::request-finished:
   * @self: the client
   * @method: the HTTP method
   * @host: the host
   * @path: the path, without the query
   * @status: the HTTP status, or 0 when there was no answer
   * @bytes_sent: bytes sent, headers included
   * @bytes_received: bytes received, headers included
   *
   * For the learner's network activity page and for tests. Never carries
   * a body, a query or a header.
   */
  signals[REQUEST_FINISHED] =
    g_signal_new ("request-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 6, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT,
                  G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
plr_client_init (PlrClient *self)
{
  self->max_response_bytes = DEFAULT_MAX_RESPONSE_BYTES;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
}

/**
 * plr_client_new:
 * @session: (nullable): the #SoupSession to use, or %NULL for a new one
 * @base_url: the PLR service's base URL
 * @tokens: where the refresh token is kept
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a client, or %NULL if @base_url is refused
 */
PlrClient *
plr_client_new (SoupSession    *session,
                const char     *base_url,
                PlrTokenStore  *tokens,
                GError        **error)
{
  PlrClient *self;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (PLR_IS_TOKEN_STORE (tokens), NULL);

  if (!plr_client_check_url (base_url, error))
    return NULL;

  /* Relative paths resolve under the base only if it ends with a slash. */
  normalized = g_str_has_suffix (base_url, "/") ? g_strdup (base_url)
                                                : g_strconcat (base_url, "/", NULL);

  self = g_object_new (PLR_TYPE_CLIENT, NULL);
  self->session = session ? g_object_ref (session)
                          : soup_session_new_with_options ("timeout", 30,
                                                           "idle-timeout", 60,
                                                           "user-agent",
                                                           "LearningRecord/" PACKAGE_VERSION,
                                                           NULL);
  self->base_url = g_steal_pointer (&normalized);
  self->base_uri = g_uri_parse (self->base_url, SOUP_HTTP_URI_FLAGS, NULL);
  self->tokens = g_object_ref (tokens);

  return self;
}

const char *
plr_client_get_base_url (PlrClient *self)
{
  g_return_val_if_fail (PLR_IS_CLIENT (self), NULL);
  return self->base_url;
}

/**
 * plr_client_set_browser_launcher:
 * @self: a #PlrClient
 * @launcher: (nullable): opens the sign-in page, or %NULL for the system browser
 * @user_data: data for @launcher
 * @destroy: (nullable): frees @user_data
 */
void
plr_client_set_browser_launcher (PlrClient          *self,
                                 PlrBrowserLauncher  launcher,
                                 gpointer            user_data,
                                 GDestroyNotify      destroy)
{
  g_return_if_fail (PLR_IS_CLIENT (self));

  if (self->launcher_destroy)
    self->launcher_destroy (self->launcher_data);

  self->launcher = launcher;
  self->launcher_data = user_data;
  self->launcher_destroy = destroy;
}

/**
 * plr_client_set_retry_policy:
 * @self: a #PlrClient
 * @max_attempts: attempts per idempotent request, at least 1
 * @base_delay_ms: the first backoff delay
 */
void
plr_client_set_retry_policy (PlrClient *self,
                             guint      max_attempts,
                             guint      base_delay_ms)
{
  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->base_delay_ms = MAX (base_delay_ms, 1);
}

void
plr_client_set_max_response_bytes (PlrClient *self,
                                   gsize      max_bytes)
{
  g_return_if_fail (PLR_IS_CLIENT (self));
  self->max_response_bytes = max_bytes;
}

/* ------------------------------------------------------------------ */
/* Changes from the outbox                                              */

typedef struct
{
  char        *idempotency_key;
  guint        status;
} Change;

static void
change_free (Change *change)
{
  g_clear_pointer (&change->idempotency_key, g_free);
  g_free (change);
}

static void
on_change_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Change *change = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  const char *content_type;
  GError *error = NULL;

  response = send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  change->status = response->status;

  /* No content (a DELETE): an empty object stands for the answer. */
  if (response->status == SOUP_STATUS_NO_CONTENT)
    {
      g_task_return_pointer (task, g_bytes_new_static ("{}", 2), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (response->status != SOUP_STATUS_OK && response->status != SOUP_STATUS_CREATED)
    {
      set_status_error (response, &error);
      g_task_return_error (task, error);
      return;
    }

  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service answered in a way Learning Record does not "
                                 "understand (status %u)."), response->status);
      return;
    }

  g_task_return_pointer (task, g_bytes_ref (response->body), (GDestroyNotify) g_bytes_unref);
}

/**
 * plr_client_send_change_async:
 * @self: a #PlrClient
 * @method: "POST", "PUT" or "DELETE"
 * @path: the path relative to the base URL, such as "v1/sharing-preferences"
 * @json_body: (nullable): the JSON body
 * @idempotency_key: the key stored with the change, the same on every retry
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sends one change, signed in, with its Idempotency-Key. The request is
 * retried like any idempotent one (5xx, 429, broken connections), and an
 * expired access token is refreshed once.
 *
 * A caller that queues changes treats the outcome as: 200, 201 or 204, sent;
 * 401, 409, 429, 5xx or no answer at all, try again later; any other 4xx,
 * refused for good.
 */
void
plr_client_send_change_async (PlrClient           *self,
                              const char          *method,
                              const char          *path,
                              GBytes              *json_body,
                              const char          *idempotency_key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (idempotency_key != NULL && idempotency_key[0] != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_send_change_async);

  change = g_new0 (Change, 1);
  change->idempotency_key = g_strdup (idempotency_key);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);

  send_request_async (self, method, path, json_body, json_body ? "application/json" : NULL,
                      NULL, idempotency_key, TRUE, cancellable, on_change_sent_cb,
                      g_steal_pointer (&task));
}

/**
 * plr_client_send_change_finish:
 * @self: a #PlrClient
 * @result: the result
 * @out_status: (out) (optional): the HTTP status of the last answer, or 0
 *   when the service did not answer
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the JSON body of a 200 or 201 answer, `{}` for
 *   a 204 answer, or %NULL with @error set
 */
GBytes *
plr_client_send_change_finish (PlrClient     *self,
                               GAsyncResult  *result,
                               guint         *out_status,
                               GError       **error)
{
  Change *change;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  change = g_task_get_task_data (G_TASK (result));
  if (out_status)
    *out_status = change->status;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The access log                                                       */

/* The service's largest page (docs/protocol.md allows up to 1000). */
#define ACCESS_LOG_PAGE_SIZE 1000

typedef struct
{
  GPtrArray  *entries;   /* PlrAccessLogEntry, in the order received */
  GHashTable *cursors;   /* every cursor followed, to stop a service that loops */
} AccessLogFetch;

static void
access_log_fetch_free (AccessLogFetch *fetch)
{
  g_clear_pointer (&fetch->entries, g_ptr_array_unref);
  g_clear_pointer (&fetch->cursors, g_hash_table_unref);
  g_free (fetch);
}

static void request_access_log_page (GTask      *task,
                                     const char *cursor);

static void
on_access_log_page_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  AccessLogFetch *fetch = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *next_cursor = NULL;
  GError *error = NULL;

  response = send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status != SOUP_STATUS_OK)
    {
      set_status_error (response, &error);
      g_task_return_error (task, error);
      return;
    }

  if (g_strcmp0 (soup_message_headers_get_content_type (response->headers, NULL),
                 "application/json") != 0)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service did not send an access log. Check the service "
                                 "address in Preferences."));
      return;
    }

  /* The parser's message could quote the body: never pass it on. */
  root = plr_json_parse (response->body, NULL, &local_error);
  if (root == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent a damaged access log that is not valid "
                                 "JSON."));
      return;
    }

  if (!plr_access_log_parse_page (root, fetch->entries, &next_cursor, &local_error))
    {
      /* The path and the rule say what was wrong; no value is quoted. */
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent an access log that does not pass Learning "
                                 "Record’s checks: %s"), local_error->message);
      return;
    }

  if (next_cursor != NULL)
    {
      if (!g_hash_table_add (fetch->cursors, g_strdup (next_cursor)))
        {
          g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                                   _("The service sent the same page of the access log "
                                     "twice."));
          return;
        }
      request_access_log_page (task, next_cursor);
      return;
    }

  g_debug ("Fetched an access log of %u entries", fetch->entries->len);
  g_task_return_pointer (task, plr_access_log_new (fetch->entries), g_object_unref);
}

static void
request_access_log_page (GTask      *task,
                         const char *cursor)
{
  PlrClient *self = g_task_get_source_object (task);
  g_autofree char *path = build_page_path ("v1/access-log", ACCESS_LOG_PAGE_SIZE, cursor);

  send_request_async (self, "GET", path, NULL, NULL, NULL, NULL, TRUE,
                      g_task_get_cancellable (task), on_access_log_page_cb, g_object_ref (task));
}

/**
 * plr_client_fetch_access_log_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches every page of the learner's access log (GET /v1/access-log),
 * signed in, retried like any read. Each page is checked strictly with
 * plr_access_log_parse_page(); a page that fails, a service that loops or
 * a log larger than %PLR_ACCESS_LOG_MAX_ENTRIES fails the whole fetch.
 */
void
plr_client_fetch_access_log_async (PlrClient           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AccessLogFetch *fetch;

  g_return_if_fail (PLR_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_fetch_access_log_async);

  fetch = g_new0 (AccessLogFetch, 1);
  fetch->entries = g_ptr_array_new_with_free_func (g_object_unref);
  fetch->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, fetch, (GDestroyNotify) access_log_fetch_free);

  request_access_log_page (task, NULL);
}

/**
 * plr_client_fetch_access_log_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the access log, newest first, not yet
 *   analysed (see plr_access_log_analyse()), or %NULL with @error set
 */
PlrAccessLog *
plr_client_fetch_access_log_finish (PlrClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plr_client_fetch_access_log_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The lists the service keeps for the learner                          */

typedef GPtrArray *(*ListParseFunc) (JsonNode  *root,
                                     GError   **error);

/* What a GET of one of the learner's lists does with the answer. */
typedef struct
{
  ListParseFunc  parse;
  /* Untranslated; the parser's message, naming the member and the
   * problem but never a value, follows it. */
  const char    *refused;
} ListCall;

static const ListCall challenges_list = {
  plr_challenge_status_list_from_json,
  N_("The service sent data challenges that do not pass Learning Record’s checks, so they "
     "were not saved:"),
};

static const ListCall shares_list = {
  plr_share_info_list_from_json,
  N_("The service sent a list of shares that does not pass Learning Record’s checks:"),
};

static void
on_list_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  const ListCall *call = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *list;
  GError *error = NULL;

  response = send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = parse_json_response (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  list = call->parse (root, &local_error);
  if (list == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               "%s %s", _(call->refused), local_error->message);
      return;
    }

  g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

/* GETs @path, signed in and retried like any GET, and parses the answer
 * with @call: the task returns the list as a #GPtrArray. */
static void
fetch_list_async (PlrClient           *self,
                  const char          *path,
                  const ListCall      *call,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) call, NULL);
  send_request_async (self, "GET", path, NULL, NULL, NULL, NULL, TRUE, cancellable,
                      on_list_fetched_cb, g_steal_pointer (&task));
}

/* ------------------------------------------------------------------ */
/* Data challenges                                                      */

/**
 * plr_client_list_challenges_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the learner's data challenges with their status and history
 * (`GET v1/challenges`), signed in, retried like any GET.
 */
void
plr_client_list_challenges_async (PlrClient           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  fetch_list_async (self, "v1/challenges", &challenges_list, plr_client_list_challenges_async,
                    cancellable, callback, user_data);
}

/**
 * plr_client_list_challenges_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrChallengeStatus): the
 *   challenges as the service holds them, validated (see
 *   plr_store_apply_challenge_statuses()), or %NULL with a
 *   #PlrClientError
 */
GPtrArray *
plr_client_list_challenges_finish (PlrClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Shares                                                               */

/**
 * plr_client_list_shares_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the learner's shares with their view counts (`GET v1/shares`),
 * signed in, retried like any GET.
 */
void
plr_client_list_shares_async (PlrClient           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  fetch_list_async (self, "v1/shares", &shares_list, plr_client_list_shares_async,
                    cancellable, callback, user_data);
}

/**
 * plr_client_list_shares_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrShareInfo): the shares as the
 *   service holds them, or %NULL with a #PlrClientError
 */
GPtrArray *
plr_client_list_shares_finish (PlrClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_share_created_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  PlrShareInfo *info;
  GError *error = NULL;

  answer = plr_client_send_change_finish (PLR_CLIENT (object), result, NULL, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = plr_json_parse (answer, NULL, NULL);
  info = plr_share_info_new_from_json (root, &local_error);
  if (info == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service’s answer to a share could not be read: %s"),
                               local_error->message);
      return;
    }

  g_task_return_pointer (task, info, (GDestroyNotify) plr_share_info_free);
}

/**
 * plr_client_create_share_async:
 * @self: a #PlrClient
 * @body: the JSON body of `POST v1/shares` (see plr_store_create_share())
 * @idempotency_key: the key stored with the share, the same on every retry
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Creates a share on the service. The app queues shares in the outbox and
 * #PlrSync sends them; this call is for a caller that sends one directly.
 */
void
plr_client_create_share_async (PlrClient           *self,
                               GBytes              *body,
                               const char          *idempotency_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_create_share_async);

  plr_client_send_change_async (self, "POST", "v1/shares", body, idempotency_key, cancellable,
                                on_share_created_cb, g_steal_pointer (&task));
}

/**
 * plr_client_create_share_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new share with its code, or %NULL with a
 *   #PlrClientError
 */
PlrShareInfo *
plr_client_create_share_finish (PlrClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_share_revoked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  answer = plr_client_send_change_finish (PLR_CLIENT (object), result, NULL, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * plr_client_revoke_share_async:
 * @self: a #PlrClient
 * @code: a share code
 * @idempotency_key: a key for the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Revokes a share on the service (`DELETE v1/shares/{code}`); revoking it
 * again succeeds too. The app queues revokes with plr_store_revoke_share().
 */
void
plr_client_revoke_share_async (PlrClient           *self,
                               const char          *code,
                               const char          *idempotency_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (code != NULL && code[0] != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_revoke_share_async);

  escaped = g_uri_escape_string (code, NULL, FALSE);
  path = g_strconcat ("v1/shares/", escaped, NULL);
  plr_client_send_change_async (self, "DELETE", path, NULL, idempotency_key, cancellable,
                                on_share_revoked_cb, g_steal_pointer (&task));
}

/**
 * plr_client_revoke_share_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PLR_CLIENT_ERROR_NOT_FOUND when the learner
 *   has no such share
 */
gboolean
plr_client_revoke_share_finish (PlrClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
