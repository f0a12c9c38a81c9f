/* plr-service-auth.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-auth"

#include "config.h"

#include <crypt.h>

#include <string.h>

#include "plr-service-private.h"

/* The service as an OAuth 2.0 authorization server for public native
 * clients (RFC 6749, RFC 8252) with PKCE S256 only (RFC 7636), refresh
 * token rotation with reuse detection, and revocation (RFC 7009).
 *
 * Codes and tokens are 32 random bytes in base64url; the database keeps
 * only their SHA-256. Each sign-in starts a token family: rotation keeps
 * the family, and a replayed code or refresh token ends the whole family,
 * since one of the two presenters must be an attacker.
 *
 * Passwords are stored as yescrypt hashes (libxcrypt's crypt_rn), slow
 * and memory-hard on purpose. Accounts made before kept SHA-256 over a
 * salt and the password; such a hash is checked once more and replaced
 * with a yescrypt one at the learner's next sign-in. */

#define AUTH_CODE_LIFETIME      PLR_PROTOCOL_AUTH_CODE_SECONDS
#define REFRESH_TOKEN_LIFETIME  (30 * 24 * 3600)
#define SCOPE                   "plr"
/* A token that may read the record, the shares and the logs but change
 * nothing: a change sent with it gets 403 /problems/forbidden. */
#define SCOPE_READ              "plr.read"

/* ------------------------------------------------------------------------ */
/* Passwords                                                                 */

/* The settings of a yescrypt hash for a username that does not exist, so
 * that a sign-in costs the same whether or not it does. */
#define UNKNOWN_USER_SETTING "$y$j9T$Vg4qGz1VbXkQ4pYw5Ep1H0$"

/* What crypt_rn() works in: about 32 KiB, so on the heap. */
typedef struct crypt_data CryptData;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CryptData, g_free)

/* yescrypt through libxcrypt; NULL if it failed (libxcrypt's failure
 * tokens start with "*", which never match a stored hash). */
static char *
crypt_password (const char *password,
                const char *setting)
{
  g_autoptr(CryptData) data = g_new0 (CryptData, 1);
  const char *hashed = crypt_rn (password, setting, data, sizeof *data);
  char *result = NULL;

  if (hashed != NULL && hashed[0] != '*')
    result = g_strdup (hashed);

  explicit_bzero (data, sizeof *data);
  return result;
}

/**
 * _plr_service_auth_hash_password:
 * @password: the password
 *
 * Returns: (transfer full): a yescrypt hash of @password with a new random
 *   salt ("$y$..."), which holds its salt and cost itself
 */
char *
_plr_service_auth_hash_password (const char *password)
{
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  char *hash;

  /* NULL random bytes: libxcrypt takes them from the system. */
  if (crypt_gensalt_rn ("$y$", 0, NULL, 0, setting, sizeof setting) == NULL)
    g_error ("libxcrypt could not make a yescrypt salt");

  hash = crypt_password (password, setting);
  if (hash == NULL)
    g_error ("libxcrypt could not hash a password with yescrypt");

  return hash;
}

/* The service's first form: SHA-256 over "salt:password", in hex. Only
 * checked, once, to upgrade the hash. */
static char *
legacy_sha256_hash (const char *salt,
                    const char *password)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) salt, -1);
  g_checksum_update (checksum, (const guchar *) ":", 1);
  g_checksum_update (checksum, (const guchar *) password, -1);

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * _plr_service_auth_check_password:
 * @salt: (nullable): the stored salt: empty for a yescrypt hash, hex for
 *   an old SHA-256 one
 * @hash: the stored hash, or the settings of a hash to spend the same time
 * @password: what was typed
 * @out_outdated: (out) (optional): set to %TRUE when @password is right but
 *   @hash is of the old SHA-256 form, so the caller stores a new hash
 *
 * Returns: %TRUE if @password is the learner's password
 */
gboolean
_plr_service_auth_check_password (const char *salt,
                                  const char *hash,
                                  const char *password,
                                  gboolean   *out_outdated)
{
  g_autofree char *computed = NULL;
  gboolean ok;

  if (out_outdated != NULL)
    *out_outdated = FALSE;

  if (g_str_has_prefix (hash, "$y$"))
    {
      computed = crypt_password (password, hash);
      return computed != NULL && _plr_constant_time_equal (computed, hash);
    }

  computed = legacy_sha256_hash (salt != NULL ? salt : "", password);
  ok = _plr_constant_time_equal (computed, hash);
  if (ok && out_outdated != NULL)
    *out_outdated = TRUE;

  return ok;
}

/* ------------------------------------------------------------------------ */
/* Checks                                                                    */

/**
 * _plr_service_auth_redirect_uri_ok:
 * @redirect_uri: a redirect_uri parameter
 *
 * Only the loopback interface, by IP literal, over plain HTTP, on any
 * explicit port (RFC 8252 §7.3): http://127.0.0.1:PORT/... or
 * http://[::1]:PORT/...
 *
 * Returns: %TRUE if the service may send a code there
 */
gboolean
_plr_service_auth_redirect_uri_ok (const char *redirect_uri)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (redirect_uri == NULL || strlen (redirect_uri) > 2048)
    return FALSE;

  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  if (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0)
    return FALSE;
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return FALSE;

  /* The client's listener has a port of its own, always written out. */
  if (g_uri_get_port (uri) <= 0)
    return FALSE;

  host = g_uri_get_host (uri);
  return g_strcmp0 (host, "127.0.0.1") == 0 || g_strcmp0 (host, "::1") == 0;
}

static gboolean
is_base64url (const char *text,
              gsize       min_length,
              gsize       max_length)
{
  gsize length = text ? strlen (text) : 0;

  if (length < min_length || length > max_length)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

/* RFC 7636 §4.1: 43 to 128 characters of [A-Za-z0-9-._~]. */
static gboolean
code_verifier_ok (const char *verifier)
{
  gsize length = verifier ? strlen (verifier) : 0;

  if (length < 43 || length > 128)
    return FALSE;

  for (const char *p = verifier; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._~", *p) == NULL)
      return FALSE;

  return TRUE;
}

static char *
s256 (const char *verifier)
{
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);

  return plr_base64url_encode (digest, length);
}

static char *
hash_secret (const char *secret)
{
  return _plr_sha256_hex (secret, strlen (secret));
}

/* ------------------------------------------------------------------------ */
/* Authorization endpoint                                                    */

static void
redirect_with (PlrServiceRequest *req,
               const char        *redirect_uri,
               const char        *name,
               const char        *value,
               const char        *state)
{
  g_autoptr(GString) location = g_string_new (redirect_uri);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  g_autofree char *issuer = plr_service_dup_base_url (req->service);
  g_autofree char *escaped_issuer = g_uri_escape_string (issuer, NULL, FALSE);

  g_string_append_c (location, strchr (redirect_uri, '?') ? '&' : '?');
  g_string_append_printf (location, "%s=%s", name, escaped_value);
  if (state)
    {
      g_autofree char *escaped_state = g_uri_escape_string (state, NULL, FALSE);
      g_string_append_printf (location, "&state=%s", escaped_state);
    }
  /* RFC 9207: the issuer in every answer, code or error, so that a client
   * talking to several servers can tell which one answered (mix-up). */
  g_string_append_printf (location, "&iss=%s", escaped_issuer);

  _plr_reply_no_store (req->msg);
  soup_server_message_set_redirect (req->msg, SOUP_STATUS_FOUND, location->str);
}

static void
reply_sign_in_page (PlrServiceRequest *req,
                    GHashTable        *params,
                    const char        *message)
{
  _plr_reply_html (req->msg, SOUP_STATUS_OK, _plr_html_sign_in_page (params, message));
}

static void
reply_bad_authorization_request (PlrServiceRequest *req,
                                 const char        *message)
{
  _plr_reply_html (req->msg, SOUP_STATUS_BAD_REQUEST,
                   _plr_html_message_page ("This sign-in link does not work", message));
}

/* Replaces an old SHA-256 password hash with a yescrypt one, now that the
 * password is known to be right. A failure leaves the old hash, which
 * still works, and is tried again at the next sign-in. */
static void
upgrade_password_hash (PlrServiceRequest *req,
                       gint64             learner_id,
                       const char        *password)
{
  g_autofree char *hash = _plr_service_auth_hash_password (password);
  g_autoptr(GError) error = NULL;

  if (plr_service_db_set_password_hash (req->db, learner_id, hash, &error))
    g_debug ("Upgraded the password hash of learner %" G_GINT64_FORMAT " to yescrypt",
             learner_id);
  else
    g_warning ("Could not upgrade the password hash of learner %" G_GINT64_FORMAT ": %s",
               learner_id, error->message);
}

/* Checks the sign-in with the learner's credentials, in about the same time
 * whether or not the username exists. */
static gboolean
check_credentials (PlrServiceRequest *req,
                   const char        *username,
                   const char        *password,
                   gint64            *learner_id)
{
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;
  gboolean outdated = FALSE;

  if (username == NULL || password == NULL || strlen (username) > 256 || strlen (password) > 1024)
    return FALSE;

  if (!plr_service_db_find_learner (req->db, username, learner_id, &salt, &hash, NULL))
    {
      _plr_service_auth_check_password (NULL, UNKNOWN_USER_SETTING, password, NULL);
      return FALSE;
    }

  if (!_plr_service_auth_check_password (salt, hash, password, &outdated))
    return FALSE;

  if (outdated)
    upgrade_password_hash (req, *learner_id, password);

  return TRUE;
}

/* Sign-in throttling (plr-service-limits.c): failures cost the client
 * address and the username typed, whether or not it exists, so the answer
 * tells nothing about which usernames do. While either is over its limit
 * even the right password waits: that is what stops a guesser. */
static gboolean
sign_in_allowed (PlrServiceRequest *req,
                 GHashTable        *params,
                 const char        *username)
{
  guint by_address = 0, by_account = 0, wait;
  g_autofree char *seconds = NULL;
  g_autofree char *message = NULL;

  _plr_service_limit_check (req, PLR_SERVICE_LIMIT_SIGN_IN_ADDRESS,
                            _plr_service_client_address (req), &by_address);
  if (username != NULL)
    _plr_service_limit_check (req, PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT, username, &by_account);
  wait = MAX (by_address, by_account);
  if (wait == 0)
    return TRUE;

  seconds = g_strdup_printf ("%u", wait);
  message = g_strdup_printf ("There were too many sign-in attempts. Wait %u %s, then try again.",
                             wait > 90 ? (wait + 59) / 60 : wait,
                             wait > 90 ? "minutes" : "seconds");
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Retry-After", seconds);
  _plr_reply_html (req->msg, PLR_HTTP_TOO_MANY_REQUESTS,
                   _plr_html_sign_in_page (params, message));
  return FALSE;
}

static void
count_failed_sign_in (PlrServiceRequest *req,
                      const char        *username)
{
  _plr_service_limit_charge (req, PLR_SERVICE_LIMIT_SIGN_IN_ADDRESS,
                             _plr_service_client_address (req));
  if (username != NULL)
    _plr_service_limit_charge (req, PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT, username);
}

/**
 * _plr_service_auth_handle_authorize:
 * @req: a GET or POST of /oauth/authorize
 *
 * GET shows the sign-in page; the page POSTs back here with the request's
 * parameters and the learner's credentials, and the answer redirects to the
 * client with a code or an error.
 */
void
_plr_service_auth_handle_authorize (PlrServiceRequest *req)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  const char *client_id, *redirect_uri, *response_type, *scope, *state;
  const char *challenge, *challenge_method;
  gboolean is_post = g_str_equal (req->method, "POST");
  g_autofree char *code = NULL;
  g_autofree char *code_hash = NULL;
  const char *username;
  gint64 learner_id = 0;

  if (is_post)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
      const char *type = soup_message_headers_get_content_type (headers, NULL);
      g_autoptr(GBytes) body = NULL;

      if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
        {
          reply_bad_authorization_request (req, "The sign-in form was not sent as a form.");
          return;
        }
      body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
      params = _plr_form_decode_strict (body, &error);
      if (params == NULL)
        {
          reply_bad_authorization_request (req, error->message);
          return;
        }
    }
  else if (req->query != NULL)
    params = g_hash_table_ref (req->query);
  else
    params = g_hash_table_new (g_str_hash, g_str_equal);

  client_id = g_hash_table_lookup (params, "client_id");
  redirect_uri = g_hash_table_lookup (params, "redirect_uri");
  response_type = g_hash_table_lookup (params, "response_type");
  scope = g_hash_table_lookup (params, "scope");
  state = g_hash_table_lookup (params, "state");
  challenge = g_hash_table_lookup (params, "code_challenge");
  challenge_method = g_hash_table_lookup (params, "code_challenge_method");

  /* Without a known client and a safe redirect URI there is nobody to tell:
   * show the error here and never redirect (RFC 6749 §4.1.2.1). */
  if (g_strcmp0 (client_id, PLR_SERVICE_CLIENT_ID) != 0)
    {
      reply_bad_authorization_request (req, "The program that sent you here is not known to "
                                            "this service.");
      return;
    }
  if (!_plr_service_auth_redirect_uri_ok (redirect_uri))
    {
      g_debug ("Refused an authorization request with a redirect URI off the loopback interface");
      reply_bad_authorization_request (req, "The program that sent you here asked to be answered "
                                            "at an address that is not on this computer.");
      return;
    }

  if (state != NULL && strlen (state) > 512)
    state = NULL;

  if (g_strcmp0 (response_type, "code") != 0)
    {
      redirect_with (req, redirect_uri, "error", "unsupported_response_type", state);
      return;
    }
  if (g_strcmp0 (challenge_method, "S256") != 0 || !is_base64url (challenge, 43, 43))
    {
      redirect_with (req, redirect_uri, "error", "invalid_request", state);
      return;
    }
  if (scope != NULL && g_strcmp0 (scope, SCOPE) != 0 && g_strcmp0 (scope, SCOPE_READ) != 0)
    {
      redirect_with (req, redirect_uri, "error", "invalid_scope", state);
      return;
    }

  if (!is_post)
    {
      reply_sign_in_page (req, params, NULL);
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (params, "action"), "deny") == 0)
    {
      redirect_with (req, redirect_uri, "error", "access_denied", state);
      return;
    }

  username = g_hash_table_lookup (params, "username");
  if (!sign_in_allowed (req, params, username))
    return;

  if (!check_credentials (req, username, g_hash_table_lookup (params, "password"), &learner_id))
    {
      g_debug ("A sign-in failed");
      count_failed_sign_in (req, username);
      reply_sign_in_page (req, params,
                          "The username or the password is not right. Check both and try again.");
      return;
    }
  _plr_service_limit_forget (req, PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT, username);

  code = _plr_random_token ();
  code_hash = hash_secret (code);
  if (!plr_service_db_add_auth_code (req->db, code_hash, learner_id, client_id, redirect_uri,
                                     challenge, scope != NULL ? scope : SCOPE,
                                     req->now + AUTH_CODE_LIFETIME, &error))
    {
      g_warning ("Could not store an authorization code: %s", error->message);
      redirect_with (req, redirect_uri, "error", "server_error", state);
      return;
    }

  g_debug ("Learner %" G_GINT64_FORMAT " signed in", learner_id);
  redirect_with (req, redirect_uri, "code", code, state);
}

/* ------------------------------------------------------------------------ */
/* Token endpoint                                                            */

static void
reply_tokens (PlrServiceRequest *req,
              gint64             family_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *access = _plr_random_token ();
  g_autofree char *refresh = _plr_random_token ();
  g_autofree char *access_hash = hash_secret (access);
  g_autofree char *refresh_hash = hash_secret (refresh);
  g_auto(PlrServiceDbToken) issued = { 0, };
  guint lifetime = _plr_service_get_token_lifetime (req->service);

  if (!plr_service_db_add_token (req->db, access_hash, family_id, "access",
                                 req->now + lifetime, &error) ||
      !plr_service_db_add_token (req->db, refresh_hash, family_id, "refresh",
                                 req->now + REFRESH_TOKEN_LIFETIME, &error))
    {
      g_warning ("Could not store tokens: %s", error->message);
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error", NULL);
      return;
    }
  /* The family's scope, as granted at sign-in. */
  if (!plr_service_db_lookup_token (req->db, access_hash, "access", FALSE, &issued, &error))
    {
      g_warning ("Could not read tokens back: %s", error->message);
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error", NULL);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, access);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, lifetime);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, refresh);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, issued.scope);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Pragma", "no-cache");
  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}

static void
reply_tokens_after_fetch (PlrServiceRequest *req,
                          gint64             family_id)
{
  reply_tokens (req, family_id);
}

static void
grant_authorization_code (PlrServiceRequest *req,
                          GHashTable        *form)
{
  g_auto(PlrServiceDbAuthCode) grant = { 0, };
  g_autoptr(GError) error = NULL;
  const char *code = g_hash_table_lookup (form, "code");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  g_autofree char *code_hash = NULL;
  g_autofree char *computed = NULL;
  gint64 family_id;

  if (code == NULL || redirect_uri == NULL || verifier == NULL)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "code, redirect_uri and code_verifier are required");
      return;
    }
  if (!code_verifier_ok (verifier))
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]");
      return;
    }

  code_hash = hash_secret (code);
  if (!plr_service_db_redeem_auth_code (req->db, code_hash, &grant, &error))
    {
      if (!g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        g_warning ("Could not read an authorization code: %s", error->message);
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The authorization code is not valid");
      return;
    }

  if (grant.was_used)
    {
      g_debug ("An authorization code was presented again; ending its tokens");
      if (grant.family_id != 0)
        plr_service_db_revoke_family (req->db, grant.family_id, NULL);
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The authorization code was already used");
      return;
    }

  if (req->now >= grant.expires_at)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The authorization code has expired");
      return;
    }

  if (g_strcmp0 (grant.client_id, g_hash_table_lookup (form, "client_id")) != 0 ||
      g_strcmp0 (grant.redirect_uri, redirect_uri) != 0)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The authorization code was issued to another client or "
                              "redirect_uri");
      return;
    }

  computed = s256 (verifier);
  if (!_plr_constant_time_equal (computed, grant.code_challenge))
    {
      g_debug ("A code_verifier did not match its code_challenge");
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The code_verifier does not match the code_challenge");
      return;
    }

  family_id = plr_service_db_add_token_family (req->db, grant.learner_id, grant.client_id,
                                               grant.scope, req->now, &error);
  if (family_id == 0 ||
      !plr_service_db_set_auth_code_family (req->db, code_hash, family_id, &error))
    {
      g_warning ("Could not start a token family: %s", error->message);
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error", NULL);
      return;
    }

  g_debug ("Issued tokens for learner %" G_GINT64_FORMAT, grant.learner_id);

  /* A gateway fetches the record from the LRS at sign-in; the tokens wait
   * for it, so the app's first read finds it. A failed fetch still signs
   * the learner in: the record read reports it. */
  if (_plr_service_lrs_refresh (req, grant.learner_id, TRUE, reply_tokens_after_fetch, family_id))
    return;

  reply_tokens (req, family_id);
}

static void
grant_refresh_token (PlrServiceRequest *req,
                     GHashTable        *form)
{
  g_auto(PlrServiceDbToken) token = { 0, };
  g_autoptr(GError) error = NULL;
  const char *refresh = g_hash_table_lookup (form, "refresh_token");
  g_autofree char *refresh_hash = NULL;
  g_autofree char *account = NULL;

  if (refresh == NULL)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "refresh_token is required");
      return;
    }

  refresh_hash = hash_secret (refresh);

  /* The account's limit is checked before the token is spent, so that a
   * refused refresh can be retried with the same token. */
  if (plr_service_db_lookup_token (req->db, refresh_hash, "refresh", FALSE, &token, NULL))
    {
      account = g_strdup_printf ("%" G_GINT64_FORMAT, token.learner_id);
      if (!_plr_service_limit_take (req, PLR_SERVICE_LIMIT_TOKEN_ACCOUNT, account))
        return;
    }
  plr_service_db_token_clear (&token);

  if (!plr_service_db_lookup_token (req->db, refresh_hash, "refresh", TRUE, &token, &error))
    {
      if (!g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        g_warning ("Could not read a refresh token: %s", error->message);
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The refresh token is not valid");
      return;
    }

  if (token.was_used)
    {
      g_debug ("A rotated refresh token was presented again; ending family %" G_GINT64_FORMAT,
               token.family_id);
      plr_service_db_revoke_family (req->db, token.family_id, NULL);
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The refresh token was already used");
      return;
    }

  if (token.revoked || req->now >= token.expires_at)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The refresh token has expired or was revoked");
      return;
    }

  if (g_strcmp0 (token.client_id, g_hash_table_lookup (form, "client_id")) != 0)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                              "The refresh token was issued to another client");
      return;
    }

  reply_tokens (req, token.family_id);
}

static GHashTable *
read_form (PlrServiceRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *form;

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") != 0)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "The body must be application/x-www-form-urlencoded");
      return NULL;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  form = _plr_form_decode_strict (body, &error);
  if (form == NULL)
    _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", error->message);

  return form;
}

/**
 * _plr_service_auth_handle_token:
 * @req: a POST of /oauth/token
 *
 * Exchanges an authorization code (with its PKCE verifier) or a refresh
 * token (rotating it) for tokens.
 */
void
_plr_service_auth_handle_token (PlrServiceRequest *req)
{
  g_autoptr(GHashTable) form = NULL;
  const char *grant_type;

  if (!_plr_service_limit_take (req, PLR_SERVICE_LIMIT_TOKEN_ADDRESS,
                                _plr_service_client_address (req)))
    return;

  form = read_form (req);
  if (form == NULL)
    return;

  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), PLR_SERVICE_CLIENT_ID) != 0)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                              "Unknown client_id");
      return;
    }

  grant_type = g_hash_table_lookup (form, "grant_type");
  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    grant_authorization_code (req, form);
  else if (g_strcmp0 (grant_type, "refresh_token") == 0)
    grant_refresh_token (req, form);
  else if (grant_type == NULL)
    _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                            "grant_type is required");
  else
    _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type", NULL);
}

/**
 * _plr_service_auth_handle_revoke:
 * @req: a POST of /oauth/revoke
 *
 * Ends the sign-in a refresh or access token belongs to. Answers 200
 * whether or not the token was valid (RFC 7009 §2.2).
 */
void
_plr_service_auth_handle_revoke (PlrServiceRequest *req)
{
  g_autoptr(GHashTable) form = NULL;
  const char *token;
  g_autofree char *token_hash = NULL;
  static const char * const kinds[] = { "refresh", "access" };

  if (!_plr_service_limit_take (req, PLR_SERVICE_LIMIT_TOKEN_ADDRESS,
                                _plr_service_client_address (req)))
    return;

  form = read_form (req);
  if (form == NULL)
    return;

  token = g_hash_table_lookup (form, "token");
  if (token == NULL)
    {
      _plr_reply_oauth_error (req->msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                              "token is required");
      return;
    }

  token_hash = hash_secret (token);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_auto(PlrServiceDbToken) found = { 0, };

      if (plr_service_db_lookup_token (req->db, token_hash, kinds[i], FALSE, &found, NULL))
        {
          g_debug ("Revoked token family %" G_GINT64_FORMAT, found.family_id);
          plr_service_db_revoke_family (req->db, found.family_id, NULL);
          break;
        }
    }

  _plr_reply_no_store (req->msg);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

/* ------------------------------------------------------------------------ */
/* Bearer tokens                                                             */

/* The learner of a good access token in the request, or 0 with the
 * problem to answer. */
static gint64
find_bearer (PlrServiceRequest  *req,
             const char        **problem,
             const char        **detail,
             char              **client_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_auto(PlrServiceDbToken) token = { 0, };
  g_autofree char *token_hash = NULL;
  const char *value;

  *problem = "invalid-token";
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    {
      *detail = "Send an access token as a Bearer token.";
      return 0;
    }

  value = authorization + 7;
  while (*value == ' ')
    value++;

  if (!is_base64url (value, 16, 512))
    {
      *detail = "The access token is not valid.";
      return 0;
    }

  token_hash = hash_secret (value);
  if (!plr_service_db_lookup_token (req->db, token_hash, "access", FALSE, &token, NULL) ||
      token.revoked || req->now >= token.expires_at)
    {
      *detail = "The access token has expired or was revoked.";
      return 0;
    }

  if (g_strcmp0 (token.scope, SCOPE_READ) == 0 && !g_str_equal (req->method, "GET"))
    {
      *problem = "forbidden";
      *detail = "The access token may only read. Sign in again to make changes.";
      return 0;
    }
  if (g_strcmp0 (token.scope, SCOPE) != 0 && g_strcmp0 (token.scope, SCOPE_READ) != 0)
    {
      *problem = "forbidden";
      *detail = "The access token does not cover the record.";
      return 0;
    }

  if (client_id != NULL)
    *client_id = g_steal_pointer (&token.client_id);
  return token.learner_id;
}

/**
 * _plr_service_auth_check_bearer:
 * @req: a request to the API
 *
 * Checks the request's access token and, when it is good, fills in
 * @req->learner_id and @req->client_id. When it is not, answers 401
 * /problems/invalid-token.
 *
 * Returns: %TRUE if the request may go on
 */
gboolean
_plr_service_auth_check_bearer (PlrServiceRequest *req)
{
  const char *problem = NULL;
  const char *detail = NULL;
  gint64 learner_id = find_bearer (req, &problem, &detail, &req->client_id);

  if (learner_id == 0)
    {
      _plr_reply_problem (req->msg, problem, detail);
      return FALSE;
    }

  req->learner_id = learner_id;
  return TRUE;
}

/**
 * _plr_service_auth_peek_bearer:
 * @req: a request that needs no authentication
 *
 * Returns: the learner of the request's access token if it carries a good
 *   one, or 0; never answers
 */
gint64
_plr_service_auth_peek_bearer (PlrServiceRequest *req)
{
  const char *problem, *detail;

  return find_bearer (req, &problem, &detail, NULL);
}

/* ------------------------------------------------------------------------ */
/* Discovery                                                                 */

/**
 * _plr_service_auth_handle_metadata:
 * @req: a GET of /.well-known/oauth-authorization-server
 *
 * RFC 8414 authorization server metadata: the issuer (the base URL, as in
 * the `iss` of every authorization answer), the endpoints, and what they
 * support, so that a client need not assume the fixed paths.
 */
void
_plr_service_auth_handle_metadata (PlrServiceRequest *req)
{
  g_autofree char *issuer = plr_service_dup_base_url (req->service);
  g_autofree char *authorize = g_strconcat (issuer, "oauth/authorize", NULL);
  g_autofree char *token = g_strconcat (issuer, "oauth/token", NULL);
  g_autofree char *revoke = g_strconcat (issuer, "oauth/revoke", NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char * const list_members[][4] = {
    { "response_types_supported", "code", NULL },
    { "grant_types_supported", "authorization_code", "refresh_token", NULL },
    { "code_challenge_methods_supported", "S256", NULL },
    { "token_endpoint_auth_methods_supported", "none", NULL },
    { "revocation_endpoint_auth_methods_supported", "none", NULL },
    { "scopes_supported", "plr", "plr.read", NULL },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, issuer);
  json_builder_set_member_name (builder, "authorization_endpoint");
  json_builder_add_string_value (builder, authorize);
  json_builder_set_member_name (builder, "token_endpoint");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "revocation_endpoint");
  json_builder_add_string_value (builder, revoke);
  for (guint i = 0; i < G_N_ELEMENTS (list_members); i++)
    {
      json_builder_set_member_name (builder, list_members[i][0]);
      json_builder_begin_array (builder);
      for (guint j = 1; list_members[i][j] != NULL; j++)
        json_builder_add_string_value (builder, list_members[i][j]);
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "authorization_response_iss_parameter_supported");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}

/**
 * _plr_service_handle_discovery:
 * @req: a GET of /v1/
 *
 * What this service speaks: the protocol version and its optional
 * features (docs/protocol.md, "Discovery"). Needs no token: a client reads
 * it before signing in.
 */
void
_plr_service_handle_discovery (PlrServiceRequest *req)
{
  static const char * const capabilities[] = {
    "shares", "challenges", "sharing-preferences", "access-log", "oauth-metadata",
    "iss-parameter", NULL
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "capabilities");
  json_builder_begin_array (builder);
  for (guint i = 0; capabilities[i] != NULL; i++)
    json_builder_add_string_value (builder, capabilities[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}
