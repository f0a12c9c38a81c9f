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

#include "plr-client-private.h"
#include "plr-identifiers.h"

/* The client of a PLR service (docs/protocol.md). Every response is checked
 * (status, content type, size, then the same strict validation as a record
 * file) before anything reaches the store. Idempotent requests are retried
 * with exponential backoff and jitter, honouring Retry-After. Access tokens
 * live in memory only; the refresh token lives in the PlrTokenStore. */

G_DEFINE_FINAL_TYPE (PlrClient, plr_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-client-error-quark, plr_client_error)

guint _plr_client_signals[N_SIGNALS];

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
/* Responses and errors                                                 */

void
_plr_client_response_free (Response *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

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
gint64
_plr_client_parse_retry_after (SoupMessageHeaders *headers)
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

void
_plr_client_set_status_error (Response  *response,
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
      gint64 wait = _plr_client_parse_retry_after (response->headers);
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

gboolean
_plr_client_status_is_retryable (guint status)
{
  return status == HTTP_STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_INTERNAL_SERVER_ERROR ||
         status == SOUP_STATUS_BAD_GATEWAY || status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
         status == SOUP_STATUS_GATEWAY_TIMEOUT;
}

void
_plr_client_set_transport_error (GError  *cause,
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
  g_clear_object (&self->holder_keys);
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
  _plr_client_signals[PROGRESS] =
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
  _plr_client_signals[REQUEST_FINISHED] =
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

/**
 * plr_client_set_holder_key_store:
 * @self: a #PlrClient
 * @holder_keys: (nullable): where the learner's holder key is kept
 *
 * With a holder key store, each refresh that brings a new record also
 * fetches the service's signed copy of it, bound to the holder key.
 */
void
plr_client_set_holder_key_store (PlrClient         *self,
                                 PlrHolderKeyStore *holder_keys)
{
  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (holder_keys == NULL || PLR_IS_HOLDER_KEY_STORE (holder_keys));

  g_set_object (&self->holder_keys, holder_keys);
}

/**
 * plr_client_get_holder_key_store:
 * @self: a #PlrClient
 *
 * Returns: (transfer none) (nullable): the holder key store
 */
PlrHolderKeyStore *
plr_client_get_holder_key_store (PlrClient *self)
{
  g_return_val_if_fail (PLR_IS_CLIENT (self), NULL);
  return self->holder_keys;
}
