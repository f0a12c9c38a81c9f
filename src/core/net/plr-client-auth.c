/* plr-client-auth.c
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

#include "plr-base64url.h"
#include "plr-client-private.h"
#include "plr-identifiers.h"

/* Tokens and sign-in: OAuth 2.0 for native apps with PKCE and a loopback
 * redirect, the RFC 8414 metadata, RFC 9207 iss and GET /v1/. */

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
      _plr_client_set_status_error (response, error);
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

  response = _plr_client_send_request_finish (self, result, &error);
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
  _plr_client_send_request_async (self, "POST", TOKEN_ENDPOINT (self), body, "application/x-www-form-urlencoded",
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

void
_plr_client_ensure_access_token_async (PlrClient           *self,
                                       gboolean             force,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _plr_client_ensure_access_token_async);

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

gboolean
_plr_client_ensure_access_token_finish (PlrClient     *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Sign-in: OAuth 2.0 for native apps with PKCE and a loopback redirect */

/* The S256 code challenge of RFC 7636 §4.2. */
static char *
pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);

  return plr_base64url_encode (digest, length);
}

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

  response = _plr_client_send_request_finish (self, result, &error);
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
  _plr_client_send_request_async (self, "POST", TOKEN_ENDPOINT (self), body, "application/x-www-form-urlencoded",
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

  response = _plr_client_send_request_finish (self, result, &error);
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

  response = _plr_client_send_request_finish (self, result, &error);
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

  _plr_client_send_request_async (self, "GET", ".well-known/oauth-authorization-server", NULL, NULL, NULL,
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

  sign_in->verifier = plr_random_base64url (48);
  sign_in->state = plr_random_base64url (24);
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
  _plr_client_send_request_async (self, "GET", "v1/", NULL, NULL, NULL, NULL, FALSE, cancellable,
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
  response = _plr_client_send_request_finish (self, result, NULL);

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
  _plr_client_send_request_async (self, "POST", REVOKE_ENDPOINT (self), body, "application/x-www-form-urlencoded",
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
