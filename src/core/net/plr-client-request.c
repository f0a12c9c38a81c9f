/* plr-client-request.c
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

#include "plr-client-private.h"
#include "plr-identifiers.h"

/* The request engine: one request with its token, retried with backoff and
 * jitter where it is idempotent, its body read up to the size limit. */

/* ------------------------------------------------------------------ */
/* The request engine                                                   */

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
  g_signal_emit (self, _plr_client_signals[REQUEST_FINISHED], 0, request->method, g_uri_get_host (uri),
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
      _plr_client_set_transport_error (cause, TRUE, &error);
      g_task_return_error (task, error);
      return;
    }

  response->status = soup_message_get_status (request->message);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (request->message));
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer));

  emit_request_finished (self, request, response->status);

  if (_plr_client_status_is_retryable (response->status))
    {
      gint64 retry_after = _plr_client_parse_retry_after (response->headers);

      /* Remembered for whoever schedules the next try: a wait too long to
       * spend inside one request is waited out by the caller
       * (plr_client_get_retry_not_before()), never cut short. */
      if (retry_after >= 0)
        self->retry_not_before = MAX (self->retry_not_before,
                                      g_get_real_time () + retry_after * G_USEC_PER_SEC);
      if (schedule_retry (task, retry_after))
        return;
    }

  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) _plr_client_response_free);
}

static void
on_token_refreshed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!_plr_client_ensure_access_token_finish (PLR_CLIENT (object), result, &error))
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
      _plr_client_set_transport_error (read_error, TRUE, &error);
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
      _plr_client_set_transport_error (send_error, FALSE, &error);
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
      _plr_client_ensure_access_token_async (self, TRUE, g_task_get_cancellable (task),
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
      _plr_client_ensure_access_token_async (self, FALSE, g_task_get_cancellable (task),
                                 on_token_refreshed_cb, g_object_ref (task));
      return;
    }

  request_send (task);
}

void
_plr_client_send_request_async (PlrClient           *self,
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

  g_task_set_source_tag (task, _plr_client_send_request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  request_start (task);
}

Response *
_plr_client_send_request_finish (PlrClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
