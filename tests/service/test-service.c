/* test-service.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "plr-record-json.h"
#include "plr-sample.h"
#include "plr-base64url.h"
#include "plr-sd-jwt.h"
#include "plr-service.h"

/* The real reference service on 127.0.0.1 (a port the system picks), in
 * this process, driven over real HTTP by a real SoupSession. Everything
 * runs on the test thread's main context: each request is sent
 * asynchronously and the context is spun until the answer arrives, so the
 * service answers in between. */

#define CLIENT_ID    PLR_SERVICE_CLIENT_ID
#define REDIRECT_URI "http://127.0.0.1:48151/callback"
#define MAX_BODY     (64 * 1024 * 1024)

/* A string that appears only in a share's view, to prove that answers
 * about an expired or revoked share leak nothing of it. */
#define SHARE_MARKER "Zebra-Marker-7731 Diploma in Applied Cartography"

typedef struct
{
  PlrService  *service;
  SoupSession *session;
  char        *base_url;
  char        *data_dir;
  PlrRecord   *demo;
} Fixture;

typedef struct
{
  char *access;
  char *refresh;
} Tokens;

static void
tokens_clear (Tokens *tokens)
{
  g_clear_pointer (&tokens->access, g_free);
  g_clear_pointer (&tokens->refresh, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tokens, tokens_clear)

/* ------------------------------------------------------------------------ */
/* Fixture                                                                   */

static void
spin_briefly (void)
{
  for (guint i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
start_service (Fixture    *f,
               const char *data_dir)
{
  g_autoptr(GError) error = NULL;

  f->service = plr_service_new (data_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->service);

  plr_service_seed_demo (f->service, &error);
  g_assert_no_error (error);

  plr_service_listen_local (f->service, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_service_get_port (f->service), >, 0);

  g_free (f->base_url);
  f->base_url = plr_service_dup_base_url (f->service);
}

static void
stop_service (Fixture *f)
{
  g_clear_object (&f->session);
  spin_briefly ();
  g_clear_object (&f->service);
  spin_briefly ();
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->demo = plr_sample_demo ();
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
  start_service (f, NULL);
}

static void
remove_data_dir (const char *dir)
{
  static const char * const names[] = { "service.db", "service.db-wal", "service.db-shm",
                                        "issuer-key.jwk" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  spin_briefly ();
  g_clear_object (&f->service);
  spin_briefly ();
  if (f->data_dir)
    remove_data_dir (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->base_url, g_free);
  g_clear_object (&f->demo);
}

/* ------------------------------------------------------------------------ */
/* HTTP                                                                      */

typedef struct
{
  GBytes       *body;
  GInputStream *stream;
  GError       *error;
  gboolean      done;
} Pending;

static void
on_send_and_read_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                     &pending->error);
  pending->done = TRUE;
}

static void
on_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;

  pending->stream = soup_session_send_finish (SOUP_SESSION (object), result, &pending->error);
  pending->done = TRUE;
}

static void
spin_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static GBytes *
send_full (Fixture      *f,
           SoupSession  *session,
           SoupMessage  *msg,
           GError      **error)
{
  Pending pending = { 0, };

  soup_session_send_and_read_async (session ? session : f->session, msg, G_PRIORITY_DEFAULT,
                                    NULL, on_send_and_read_cb, &pending);
  spin_until (&pending.done);

  if (pending.error)
    g_propagate_error (error, pending.error);
  return pending.body;
}

/* Sends @msg and returns the whole body; fails the test on a transport error. */
static GBytes *
send (Fixture     *f,
      SoupMessage *msg)
{
  g_autoptr(GError) error = NULL;
  GBytes *body = send_full (f, NULL, msg, &error);

  g_assert_no_error (error);
  g_assert_nonnull (body);
  return body;
}

static char *
url_for (Fixture    *f,
         const char *path)
{
  return g_strconcat (f->base_url, path[0] == '/' ? path + 1 : path, NULL);
}

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path,
             const char *token)
{
  g_autofree char *url = url_for (f, path);
  SoupMessage *msg = soup_message_new (method, url);

  g_assert_nonnull (msg);
  if (token)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }

  return msg;
}

static SoupMessage *
new_json_message (Fixture    *f,
                  const char *method,
                  const char *path,
                  const char *token,
                  const char *key,
                  const char *json)
{
  SoupMessage *msg = new_message (f, method, path, token);
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  if (key)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);

  return msg;
}

static SoupMessage *
new_form_message (Fixture    *f,
                  const char *path,
                  GHashTable *form)
{
  g_autofree char *url = url_for (f, path);

  return soup_message_new_from_encoded_form ("POST", url, soup_form_encode_hash (form));
}

static char *
body_text (GBytes *body)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  return g_strndup (data ? data : "", length);
}

static JsonNode *
parse_json (GBytes *body)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = plr_json_parse (body, NULL, &error);

  g_assert_no_error (error);
  return root;
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonNode) root = parse_json (body);

  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static const char *
response_header (SoupMessage *msg,
                 const char  *name)
{
  return soup_message_headers_get_one (soup_message_get_response_headers (msg), name);
}

static void
assert_problem (SoupMessage *msg,
                GBytes      *body,
                guint        status,
                const char  *type)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                          NULL),
                   ==, "application/problem+json");
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, type);
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, status);
  g_assert_true (json_object_has_member (object, "title"));
}

static void
assert_oauth_error (SoupMessage *msg,
                    GBytes      *body,
                    guint        status,
                    const char  *error)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, error);
}

/* ------------------------------------------------------------------------ */
/* OAuth, as a script would do it with a browser                             */

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);

  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  if (strchr (text, '='))
    *strchr (text, '=') = '\0';

  return text;
}

static char *
make_verifier (void)
{
  guint8 bytes[32];

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);

  return base64url (bytes, sizeof bytes);
}

static char *
challenge_for (const char *verifier)
{
  guint8 digest[32];
  gsize length = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &length);

  return base64url (digest, length);
}

static char *
html_unescape (const char *text)
{
  static const char * const entities[][2] = {
    { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" }, { "&#39;", "'" },
    { "&amp;", "&" },
  };
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    g_string_replace (out, entities[i][0], entities[i][1], 0);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
authorize_path_scoped (const char *redirect_uri,
                       const char *state,
                       const char *challenge,
                       const char *scope)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *encoded = NULL;

  g_hash_table_insert (query, "response_type", "code");
  g_hash_table_insert (query, "client_id", CLIENT_ID);
  g_hash_table_insert (query, "redirect_uri", (char *) redirect_uri);
  g_hash_table_insert (query, "scope", (char *) scope);
  g_hash_table_insert (query, "state", (char *) state);
  g_hash_table_insert (query, "code_challenge", (char *) challenge);
  g_hash_table_insert (query, "code_challenge_method", "S256");
  encoded = soup_form_encode_hash (query);

  return g_strconcat ("/oauth/authorize?", encoded, NULL);
}

static char *
authorize_path (const char *redirect_uri,
                const char *state,
                const char *challenge)
{
  return authorize_path_scoped (redirect_uri, state, challenge, "plr");
}

/* GETs the sign-in page and reads its form: where it posts and the hidden
 * fields it carries. */
static GHashTable *
read_sign_in_form (Fixture     *f,
                   const char  *path,
                   char       **action)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
  g_autoptr(GBytes) body = send (f, msg);
  g_autofree char *html = body_text (body);
  g_autoptr(GRegex) input_regex = NULL;
  g_autoptr(GRegex) form_regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                          NULL),
                   ==, "text/html");

  form_regex = g_regex_new ("<form method=\"post\" action=\"([^\"]+)\">", 0, 0, NULL);
  g_assert_true (g_regex_match (form_regex, html, 0, &match));
  *action = g_match_info_fetch (match, 1);
  g_clear_pointer (&match, g_match_info_free);

  input_regex = g_regex_new ("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">",
                             0, 0, NULL);
  g_regex_match (input_regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      g_autofree char *value = g_match_info_fetch (match, 2);

      g_hash_table_insert (fields, g_steal_pointer (&name), html_unescape (value));
      g_match_info_next (match, NULL);
    }

  return fields;
}

/* Posts the sign-in form as a browser would, without following the
 * redirect. Returns the message, with its answer. */
static SoupMessage *
post_sign_in (Fixture     *f,
              const char  *action,
              GHashTable  *fields,
              const char  *username,
              const char  *password,
              const char  *button,
              GBytes     **body)
{
  SoupMessage *msg;

  g_hash_table_insert (fields, g_strdup ("username"), g_strdup (username));
  g_hash_table_insert (fields, g_strdup ("password"), g_strdup (password));
  g_hash_table_insert (fields, g_strdup ("action"), g_strdup (button));

  msg = new_form_message (f, action, fields);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  *body = send (f, msg);

  return msg;
}

/* The browser's half of signing in: returns the authorization code. */
static char *
sign_in_code_scoped (Fixture    *f,
                     const char *username,
                     const char *password,
                     const char *verifier,
                     const char *scope)
{
  g_autofree char *state = g_strdup_printf ("state-%08x", g_random_int ());
  g_autofree char *challenge = challenge_for (verifier);
  g_autofree char *path = authorize_path_scoped (REDIRECT_URI, state, challenge, scope);
  g_autofree char *action = NULL;
  g_autoptr(GHashTable) fields = read_sign_in_form (f, path, &action);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GUri) location = NULL;
  g_autoptr(GHashTable) query = NULL;
  const char *location_text;

  g_assert_cmpstr (action, ==, "/oauth/authorize");
  g_assert_cmpstr (g_hash_table_lookup (fields, "state"), ==, state);
  g_assert_cmpstr (g_hash_table_lookup (fields, "redirect_uri"), ==, REDIRECT_URI);

  msg = post_sign_in (f, action, fields, username, password, "sign-in", &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
  location_text = response_header (msg, "Location");
  g_assert_nonnull (location_text);
  g_assert_true (g_str_has_prefix (location_text, REDIRECT_URI "?"));

  location = g_uri_parse (location_text, G_URI_FLAGS_NONE, NULL);
  g_assert_nonnull (location);
  query = soup_form_decode (g_uri_get_query (location));
  g_assert_cmpstr (g_hash_table_lookup (query, "state"), ==, state);
  g_assert_nonnull (g_hash_table_lookup (query, "code"));
  /* RFC 9207: the answer names its issuer, the base URL. */
  g_assert_cmpstr (g_hash_table_lookup (query, "iss"), ==, f->base_url);

  return g_strdup (g_hash_table_lookup (query, "code"));
}

static char *
sign_in_code (Fixture    *f,
              const char *username,
              const char *password,
              const char *verifier)
{
  return sign_in_code_scoped (f, username, password, verifier, "plr");
}

static SoupMessage *
token_request (Fixture    *f,
               const char *first_name,
               ...) G_GNUC_NULL_TERMINATED;

static SoupMessage *
token_request (Fixture    *f,
               const char *first_name,
               ...)
{
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      g_hash_table_insert (form, (char *) name, va_arg (args, char *));
      name = va_arg (args, const char *);
    }
  va_end (args);

  return new_form_message (f, "/oauth/token", form);
}

static void
read_tokens (SoupMessage *msg,
             GBytes      *body,
             Tokens      *tokens)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (response_header (msg, "Cache-Control"), ==, "no-store");
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");
  /* The scope granted at sign-in: "plr", or the read-only "plr.read". */
  g_assert_true (g_str_has_prefix (json_object_get_string_member (object, "scope"), "plr"));
  g_assert_true (json_object_has_member (object, "expires_in"));
  tokens->access = g_strdup (json_object_get_string_member (object, "access_token"));
  tokens->refresh = g_strdup (json_object_get_string_member (object, "refresh_token"));
  /* 32 random bytes in base64url */
  g_assert_cmpuint (strlen (tokens->access), ==, 43);
  g_assert_cmpuint (strlen (tokens->refresh), ==, 43);
}

static void
exchange_code (Fixture    *f,
               const char *code,
               const char *verifier,
               Tokens     *tokens)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  msg = token_request (f, "grant_type", "authorization_code", "code", code,
                       "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
                       "code_verifier", verifier, NULL);
  body = send (f, msg);
  read_tokens (msg, body, tokens);
}

static void
sign_in_as (Fixture    *f,
            const char *username,
            Tokens     *tokens)
{
  g_autofree char *verifier = make_verifier ();
  g_autofree char *code = sign_in_code (f, username, "demo", verifier);

  exchange_code (f, code, verifier, tokens);
}

static void
sign_in (Fixture *f,
         Tokens  *tokens)
{
  sign_in_as (f, "demo", tokens);
}

static guint
get_status (Fixture    *f,
            const char *path,
            const char *token)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", path, token);
  g_autoptr(GBytes) body = send (f, msg);

  return soup_message_get_status (msg);
}

static SoupMessage *
refresh_request (Fixture    *f,
                 const char *refresh)
{
  return token_request (f, "grant_type", "refresh_token", "refresh_token", refresh,
                        "client_id", CLIENT_ID, NULL);
}

/* ------------------------------------------------------------------------ */
/* Fetching the record as a client does                                      */

static PlrRecord *
fetch_record (Fixture     *f,
              const char  *token,
              guint        limit,
              guint       *n_pages,
              char       **out_etag)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *cursor = NULL;
  guint pages = 0;
  gint64 total = -1;

  msg = new_message (f, "GET", "/v1/learner", token);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  etag = g_strdup (response_header (msg, "ETag"));
  g_assert_nonnull (etag);
  object = parse_object (body);
  learner = plr_learner_from_json_node (json_object_get_member (object, "learner"), "learner",
                                        &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (object, "incoming_uln"));
  g_assert_true (json_object_has_member (object, "updated_at"));
  record = plr_record_new (learner);

  do
    {
      g_autofree char *path = NULL;
      JsonArray *events;
      JsonNode *next;

      if (cursor)
        {
          g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
          path = g_strdup_printf ("/v1/learner/events?limit=%u&cursor=%s", limit, escaped);
        }
      else
        path = g_strdup_printf ("/v1/learner/events?limit=%u", limit);

      g_clear_object (&msg);
      g_clear_pointer (&body, g_bytes_unref);
      g_clear_pointer (&object, json_object_unref);

      msg = new_message (f, "GET", path, token);
      body = send (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      g_assert_cmpstr (response_header (msg, "ETag"), ==, etag);
      g_assert_cmpuint (g_bytes_get_size (body), <, MAX_BODY);
      object = parse_object (body);

      if (total < 0)
        total = json_object_get_int_member (object, "total");
      g_assert_cmpint (json_object_get_int_member (object, "total"), ==, total);

      events = json_object_get_array_member (object, "events");
      g_assert_cmpuint (json_array_get_length (events), <=, limit);
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          g_autofree char *event_path = g_strdup_printf ("events[%u]",
                                                         plr_record_get_n_events (record));
          g_autoptr(PlrLearningEvent) event = NULL;

          event = plr_learning_event_from_json_node (json_array_get_element (events, i),
                                                     event_path, &error);
          g_assert_no_error (error);
          plr_record_append_event (record, event);
        }

      g_clear_pointer (&cursor, g_free);
      next = json_object_get_member (object, "next_cursor");
      g_assert_nonnull (next);
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
      pages++;
    }
  while (cursor != NULL);

  g_assert_cmpint (plr_record_get_n_events (record), ==, total);

  if (n_pages)
    *n_pages = pages;
  if (out_etag)
    *out_etag = g_steal_pointer (&etag);

  return g_steal_pointer (&record);
}

/* A copy of the demo record with one grade changed. */
static PlrRecord *
changed_record (PlrRecord  *record,
                guint       position,
                const char *grade)
{
  g_autoptr(GBytes) json = plr_record_json_write (record);
  g_autoptr(GError) error = NULL;
  PlrRecord *copy = plr_record_json_read (json, NULL, &error);

  g_assert_no_error (error);
  plr_learning_event_set_value (plr_record_get_event (copy, position), PLR_EVENT_FIELD_GRADE,
                                grade);
  return copy;
}

/* ------------------------------------------------------------------------ */
/* OAuth tests                                                               */

static void
test_oauth_flow (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };

  g_test_message ("a script-like browser signs in as demo and the app exchanges the code");
  sign_in (f, &tokens);

  g_test_message ("the access token opens the record; no token does not");
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 200);
  g_assert_cmpuint (get_status (f, "/v1/learner", NULL), ==, 401);
  g_assert_cmpuint (get_status (f, "/v1/learner", "not-a-real-token-at-all-000000"), ==, 401);
}

static void
test_oauth_sign_in_page (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *verifier = make_verifier ();
  g_autofree char *challenge = challenge_for (verifier);
  g_autofree char *path = authorize_path (REDIRECT_URI, "s<t>&\"'", challenge);
  g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
  g_autoptr(GBytes) body = send (f, msg);
  g_autofree char *html = body_text (body);
  g_autofree char *action = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GBytes) denied_body = NULL;
  g_autoptr(SoupMessage) denied = NULL;
  g_autoptr(GBytes) wrong_body = NULL;
  g_autoptr(SoupMessage) wrong = NULL;
  g_autofree char *wrong_html = NULL;

  g_test_message ("the page is self-contained, labelled and has no scripts");
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (html, "<html lang="));
  g_assert_nonnull (strstr (html, "<label for=\"username\">"));
  g_assert_nonnull (strstr (html, "<label for=\"password\">"));
  g_assert_nonnull (strstr (html, "autocomplete=\"current-password\""));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "href=\"http"));
  g_assert_null (strstr (html, "s<t>"));
  g_assert_nonnull (strstr (response_header (msg, "Content-Security-Policy"),
                            "default-src 'none'"));
  g_assert_cmpstr (response_header (msg, "X-Frame-Options"), ==, "DENY");
  g_assert_cmpstr (response_header (msg, "Cache-Control"), ==, "no-store");

  g_test_message ("a wrong password shows the form again with an alert, and no redirect");
  fields = read_sign_in_form (f, path, &action);
  g_assert_cmpstr (g_hash_table_lookup (fields, "state"), ==, "s<t>&\"'");
  wrong = post_sign_in (f, action, fields, "demo", "not the password", "sign-in", &wrong_body);
  g_assert_cmpuint (soup_message_get_status (wrong), ==, 200);
  g_assert_null (response_header (wrong, "Location"));
  wrong_html = body_text (wrong_body);
  g_assert_nonnull (strstr (wrong_html, "role=\"alert\""));
  g_assert_null (strstr (wrong_html, "not the password"));

  g_test_message ("an unknown user gets the same answer");
  g_clear_object (&wrong);
  g_clear_pointer (&wrong_body, g_bytes_unref);
  wrong = post_sign_in (f, action, fields, "nobody", "demo", "sign-in", &wrong_body);
  g_assert_cmpuint (soup_message_get_status (wrong), ==, 200);
  g_assert_null (response_header (wrong, "Location"));

  g_test_message ("Cancel sends access_denied with the state back");
  denied = post_sign_in (f, action, fields, "", "", "deny", &denied_body);
  g_assert_cmpuint (soup_message_get_status (denied), ==, 302);
  g_assert_true (g_str_has_prefix (response_header (denied, "Location"),
                                   REDIRECT_URI "?error=access_denied&state="));
}

static void
test_oauth_wrong_verifier (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *verifier = make_verifier ();
  g_autofree char *other = make_verifier ();
  g_autofree char *code = sign_in_code (f, "demo", "demo", verifier);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  g_test_message ("a verifier that does not match the challenge is refused");
  msg = token_request (f, "grant_type", "authorization_code", "code", code,
                       "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
                       "code_verifier", other, NULL);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");

  g_test_message ("the code is spent: the right verifier is now refused too");
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = token_request (f, "grant_type", "authorization_code", "code", code,
                       "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
                       "code_verifier", verifier, NULL);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");

  g_test_message ("a verifier of the wrong shape is an invalid request");
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = token_request (f, "grant_type", "authorization_code", "code", code,
                       "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
                       "code_verifier", "short", NULL);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_request");
}

static void
test_oauth_code_reuse (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *verifier = make_verifier ();
  g_autofree char *code = sign_in_code (f, "demo", "demo", verifier);
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  exchange_code (f, code, verifier, &tokens);
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 200);

  g_test_message ("a code works once");
  msg = token_request (f, "grant_type", "authorization_code", "code", code,
                       "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
                       "code_verifier", verifier, NULL);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");

  g_test_message ("a replayed code ends the tokens it gave (RFC 6749 §4.1.2)");
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 401);

  g_test_message ("a code for another redirect_uri or client is refused");
  {
    g_autofree char *verifier2 = make_verifier ();
    g_autofree char *code2 = sign_in_code (f, "demo", "demo", verifier2);
    g_autoptr(SoupMessage) msg2 = NULL;
    g_autoptr(GBytes) body2 = NULL;

    msg2 = token_request (f, "grant_type", "authorization_code", "code", code2,
                          "redirect_uri", "http://127.0.0.1:9/other", "client_id", CLIENT_ID,
                          "code_verifier", verifier2, NULL);
    body2 = send (f, msg2);
    assert_oauth_error (msg2, body2, 400, "invalid_grant");

    g_clear_object (&msg2);
    g_clear_pointer (&body2, g_bytes_unref);
    msg2 = token_request (f, "grant_type", "authorization_code", "code", code2,
                          "redirect_uri", REDIRECT_URI, "client_id", "org.example.Other",
                          "code_verifier", verifier2, NULL);
    body2 = send (f, msg2);
    assert_oauth_error (msg2, body2, 401, "invalid_client");
  }

  g_test_message ("a code lives 60 seconds");
  {
    g_autofree char *verifier3 = make_verifier ();
    g_autofree char *code3 = sign_in_code (f, "demo", "demo", verifier3);
    g_autoptr(SoupMessage) msg3 = NULL;
    g_autoptr(GBytes) body3 = NULL;

    plr_service_set_clock_offset (f->service, 61);
    msg3 = token_request (f, "grant_type", "authorization_code", "code", code3,
                          "redirect_uri", REDIRECT_URI, "client_id", CLIENT_ID,
                          "code_verifier", verifier3, NULL);
    body3 = send (f, msg3);
    assert_oauth_error (msg3, body3, 400, "invalid_grant");
    plr_service_set_clock_offset (f->service, 0);
  }
}

static void
test_oauth_refresh_rotation (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(Tokens) first = { 0, };
  g_auto(Tokens) second = { 0, };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  sign_in (f, &first);

  g_test_message ("refreshing gives a new access token and a new refresh token");
  msg = refresh_request (f, first.refresh);
  body = send (f, msg);
  read_tokens (msg, body, &second);
  g_assert_cmpstr (second.access, !=, first.access);
  g_assert_cmpstr (second.refresh, !=, first.refresh);
  g_assert_cmpuint (get_status (f, "/v1/learner", second.access), ==, 200);

  g_test_message ("the old refresh token is refused after rotation");
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = refresh_request (f, first.refresh);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");

  g_test_message ("its reuse ends the whole sign-in, as reuse detection should");
  g_assert_cmpuint (get_status (f, "/v1/learner", second.access), ==, 401);
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = refresh_request (f, second.refresh);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");

  g_test_message ("unknown grant types and refresh tokens are refused");
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = token_request (f, "grant_type", "password", "client_id", CLIENT_ID, NULL);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "unsupported_grant_type");
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = refresh_request (f, "made-up-refresh-token");
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");
}

static void
test_oauth_expiry (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_auto(Tokens) refreshed = { 0, };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  g_test_message ("an expired access token gets 401 invalid-token with WWW-Authenticate");
  plr_service_set_access_token_lifetime (f->service, 0);
  sign_in (f, &tokens);
  msg = new_message (f, "GET", "/v1/learner", tokens.access);
  body = send (f, msg);
  assert_problem (msg, body, 401, "/problems/invalid-token");
  g_assert_nonnull (strstr (response_header (msg, "WWW-Authenticate"), "Bearer"));

  g_test_message ("refreshing once gives a token that works");
  plr_service_set_access_token_lifetime (f->service, 900);
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = refresh_request (f, tokens.refresh);
  body = send (f, msg);
  read_tokens (msg, body, &refreshed);
  g_assert_cmpuint (get_status (f, "/v1/learner", refreshed.access), ==, 200);

  g_test_message ("an administrator's revocation ends every token of the learner");
  plr_service_revoke_tokens (f->service, "demo");
  g_assert_cmpuint (get_status (f, "/v1/learner", refreshed.access), ==, 401);
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = refresh_request (f, refreshed.refresh);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");
}

static void
test_oauth_revoke (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;

  sign_in (f, &tokens);

  g_test_message ("signing out revokes the refresh token and its access tokens");
  g_hash_table_insert (form, "token", tokens.refresh);
  g_hash_table_insert (form, "client_id", CLIENT_ID);
  msg = new_form_message (f, "/oauth/revoke", form);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 401);
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = refresh_request (f, tokens.refresh);
  body = send (f, msg);
  assert_oauth_error (msg, body, 400, "invalid_grant");

  g_test_message ("revoking an unknown token still answers 200");
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  g_hash_table_insert (form, "token", "no-such-token");
  msg = new_form_message (f, "/oauth/revoke", form);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
}

static void
test_oauth_redirect_uri (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const refused[] = {
    "http://evil.example/callback",
    "https://127.0.0.1:48151/callback",
    "http://localhost:48151/callback",
    "http://127.0.0.1.evil.example/callback",
    "http://127.0.0.1:48151@evil.example/callback",
    "http://[::2]:48151/callback",
    "http://10.0.0.1:48151/callback",
    "http://127.0.0.1:48151/callback#fragment",
    "ftp://127.0.0.1/callback",
    "http://127.0.0.1/callback",
    "/callback",
  };
  static const char * const accepted[] = {
    "http://127.0.0.1:48151/callback",
    "http://[::1]:48151/callback",
    "http://127.0.0.1:1/",
  };
  g_autofree char *verifier = make_verifier ();
  g_autofree char *challenge = challenge_for (verifier);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *path = authorize_path (refused[i], "s", challenge);
      g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
      g_autoptr(GBytes) body = NULL;

      g_test_message ("refused: %s", refused[i]);
      soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
      body = send (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
      g_assert_null (response_header (msg, "Location"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autofree char *path = authorize_path (accepted[i], "s", challenge);

      g_test_message ("accepted: %s", accepted[i]);
      g_assert_cmpuint (get_status (f, path, NULL), ==, 200);
    }

  g_test_message ("a plain (not S256) challenge is refused at the redirect URI");
  {
    g_autofree char *path = g_strdup_printf ("/oauth/authorize?response_type=code&client_id=%s"
                                             "&redirect_uri=%s&state=s&code_challenge=%s"
                                             "&code_challenge_method=plain",
                                             CLIENT_ID, REDIRECT_URI, challenge);
    g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
    g_autoptr(GBytes) body = NULL;

    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 302);
    g_assert_true (g_str_has_prefix (response_header (msg, "Location"),
                                     REDIRECT_URI "?error=invalid_request"));
  }
}

/* ------------------------------------------------------------------------ */
/* The record                                                                */

static void
test_record_fetch (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(PlrRecord) paged = NULL;
  g_autoptr(PlrRecord) whole = NULL;
  guint pages = 0;

  sign_in (f, &tokens);

  g_test_message ("five events a page: the learner and every event match the seeded record");
  paged = fetch_record (f, tokens.access, 5, &pages, NULL);
  g_assert_cmpuint (pages, ==, (PLR_SAMPLE_DEMO_EVENTS + 4) / 5);
  g_assert_true (plr_record_equal (paged, f->demo));

  g_test_message ("the default page size gets it in one page");
  whole = fetch_record (f, tokens.access, 200, &pages, NULL);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_true (plr_record_equal (whole, f->demo));
}

static void
test_record_etag (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrRecord) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *weak = NULL;
  static const char * const paths[] = { "/v1/learner", "/v1/learner/events" };

  sign_in (f, &tokens);
  record = fetch_record (f, tokens.access, 200, NULL, &etag);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(SoupMessage) msg = new_message (f, "GET", paths[i], tokens.access);
      g_autoptr(GBytes) body = NULL;

      g_test_message ("%s with If-None-Match of the current ETag: 304 and no body", paths[i]);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                    etag);
      body = send (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
      g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
      g_assert_cmpstr (response_header (msg, "ETag"), ==, etag);
    }

  g_test_message ("a weak form of the tag in a list matches too");
  weak = g_strdup_printf ("\"other\", W/%s", etag);
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/learner", tokens.access);
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", weak);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
  }

  g_test_message ("after the record changes, the same request gets 200 and a new ETag");
  changed = changed_record (f->demo, 3, "Distinction*");
  plr_service_set_record (f->service, "demo", changed, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/learner", tokens.access);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(PlrRecord) fetched = NULL;
    g_autofree char *new_etag = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpstr (response_header (msg, "ETag"), !=, etag);

    fetched = fetch_record (f, tokens.access, 10, NULL, &new_etag);
    g_assert_cmpstr (new_etag, !=, etag);
    g_assert_true (plr_record_equal (fetched, changed));
  }
}

static void
test_record_stale_cursor (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(PlrRecord) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  sign_in (f, &tokens);

  msg = new_message (f, "GET", "/v1/learner/events?limit=5", tokens.access);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  object = parse_object (body);
  escaped = g_uri_escape_string (json_object_get_string_member (object, "next_cursor"), NULL,
                                 FALSE);
  path = g_strdup_printf ("/v1/learner/events?limit=5&cursor=%s", escaped);

  g_test_message ("the next page is there while the record stays the same");
  g_assert_cmpuint (get_status (f, path, tokens.access), ==, 200);

  g_test_message ("after plr_service_set_record the old cursor gets 409 record-changed");
  changed = changed_record (f->demo, 0, "U");
  plr_service_set_record (f->service, "demo", changed, &error);
  g_assert_no_error (error);

  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);
  msg = new_message (f, "GET", path, tokens.access);
  body = send (f, msg);
  assert_problem (msg, body, 409, "/problems/record-changed");
}

static void
test_record_large (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PlrRecord) big = plr_sample_generate (99, 10000);
  g_autoptr(PlrRecord) fetched = NULL;
  g_autoptr(PlrRecord) fetched_odd = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Tokens) tokens = { 0, };
  guint pages = 0;

  plr_service_add_learner (f->service, "big", "demo", big, &error);
  g_assert_no_error (error);
  sign_in_as (f, "big", &tokens);

  g_test_message ("10,000 events at the maximum page size: 10 pages, all of them");
  fetched = fetch_record (f, tokens.access, 1000, &pages, NULL);
  g_assert_cmpuint (pages, ==, 10);
  g_assert_cmpuint (plr_record_get_n_events (fetched), ==, 10000);
  g_assert_true (plr_record_equal (fetched, big));

  g_test_message ("a page size that does not divide 10,000 ends with a short page");
  fetched_odd = fetch_record (f, tokens.access, 777, &pages, NULL);
  g_assert_cmpuint (pages, ==, 13);
  g_assert_true (plr_record_equal (fetched_odd, big));
}

static void
test_record_bad_requests (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const bad[] = {
    "/v1/learner/events?limit=0",
    "/v1/learner/events?limit=1001",
    "/v1/learner/events?limit=ten",
    "/v1/learner/events?cursor=not-a-cursor",
    "/v1/learner/events?cursor=YTE6MToy",  /* an access-log cursor */
    "/v1/access-log?limit=-1",
    /* Issue 20: the one number reader's rules. */
    "/v1/learner/events?limit=+5",
    "/v1/learner/events?limit=5.0",
    "/v1/learner/events?limit=1e2",
    "/v1/learner/events?limit=%205",
    "/v1/learner/events?limit=18446744073709551617",
    "/v1/access-log?limit=0x10",
  };
  g_auto(Tokens) tokens = { 0, };

  sign_in (f, &tokens);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SoupMessage) msg = new_message (f, "GET", bad[i], tokens.access);
      g_autoptr(GBytes) body = send (f, msg);

      g_test_message ("400 invalid-request: %s", bad[i]);
      assert_problem (msg, body, 400, "/problems/invalid-request");
    }

  g_test_message ("unknown API paths are 404 problems; wrong methods 405 with Allow");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/nothing", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 404, "/problems/not-found");
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "DELETE", "/v1/learner", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 405, "/problems/method-not-allowed");
    g_assert_cmpstr (response_header (msg, "Allow"), ==, "GET, HEAD");
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "HEAD", "/v1/learner", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);

    g_test_message ("HEAD where GET is allowed: the headers without the body");
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_nonnull (response_header (msg, "ETag"));
    g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
  }
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "PUT", "/v1/sharing-preferences",
                                                   tokens.access, "media-type",
                                                   "{\"opted_out\":true}");
    g_autoptr(GBytes) body = NULL;

    soup_message_headers_set_content_type (soup_message_get_request_headers (msg),
                                           "text/plain", NULL);
    body = send (f, msg);
    assert_problem (msg, body, 415, "/problems/unsupported-media-type");
  }
}

/* ------------------------------------------------------------------------ */
/* Faults                                                                    */

static void
read_stream_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result,
                                                    &pending->error);
  pending->done = TRUE;
}

/* Reads a body up to @limit bytes; says how many arrived and whether it
 * ended in an error. */
static gsize
read_stream (GInputStream  *stream,
             gsize          limit,
             GError       **error)
{
  gsize total = 0;

  while (total < limit)
    {
      Pending pending = { 0, };
      gsize n;

      g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT, NULL,
                                       read_stream_cb, &pending);
      spin_until (&pending.done);
      if (pending.error)
        {
          g_propagate_error (error, pending.error);
          g_clear_pointer (&pending.body, g_bytes_unref);
          break;
        }
      n = g_bytes_get_size (pending.body);
      g_bytes_unref (pending.body);
      if (n == 0)
        break;
      total += n;
    }

  return total;
}

static GInputStream *
send_for_stream (Fixture      *f,
                 SoupSession  *session,
                 SoupMessage  *msg,
                 GError      **error)
{
  Pending pending = { 0, };

  soup_session_send_async (session ? session : f->session, msg, G_PRIORITY_DEFAULT, NULL,
                           on_send_cb, &pending);
  spin_until (&pending.done);

  if (pending.error)
    g_propagate_error (error, pending.error);
  return pending.stream;
}

static void
check_fault (Fixture         *f,
             const char      *token,
             PlrServiceFault  fault,
             const char      *path)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", path, token);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean events = g_str_equal (path, "/v1/learner/events");
  guint injected = plr_service_get_faults_injected (f->service);

  g_test_message ("%s on %s", plr_service_fault_to_nick (fault), path);
  plr_service_set_fault (f->service, fault, 1);

  switch (fault)
    {
    case PLR_SERVICE_FAULT_SERVER_ERROR:
      body = send (f, msg);
      assert_problem (msg, body, 500, "/problems/server-error");
      break;

    case PLR_SERVICE_FAULT_UNAVAILABLE:
      body = send (f, msg);
      assert_problem (msg, body, 503, "/problems/unavailable");
      g_assert_cmpstr (response_header (msg, "Retry-After"), ==, "1");
      break;

    case PLR_SERVICE_FAULT_RATE_LIMITED:
      body = send (f, msg);
      assert_problem (msg, body, 429, "/problems/rate-limited");
      g_assert_cmpstr (response_header (msg, "Retry-After"), ==, "1");
      break;

    case PLR_SERVICE_FAULT_HANG:
      {
        g_autoptr(SoupSession) impatient = soup_session_new_with_options ("timeout", 1, NULL);
        gint64 start = g_get_monotonic_time ();

        body = send_full (f, impatient, msg, &error);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
        g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
        g_clear_object (&impatient);
        spin_briefly ();
      }
      break;

    case PLR_SERVICE_FAULT_RESET:
      body = send_full (f, NULL, msg, &error);
      g_assert_nonnull (error);
      g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
      g_test_message ("the client saw: %s", error->message);
      break;

    case PLR_SERVICE_FAULT_TRUNCATED:
      {
        g_autoptr(GInputStream) stream = send_for_stream (f, NULL, msg, &error);
        goffset promised;
        gsize arrived;

        g_assert_no_error (error);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
        promised = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
        g_assert_cmpint (promised, >, 0);
        arrived = read_stream (stream, G_MAXSIZE, &error);
        g_test_message ("promised %" G_GOFFSET_FORMAT " bytes, %" G_GSIZE_FORMAT " arrived",
                        promised, arrived);
        g_assert_cmpint ((goffset) arrived, <, promised);
      }
      break;

    case PLR_SERVICE_FAULT_MALFORMED_JSON:
      body = send (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      root = plr_json_parse (body, NULL, &error);
      g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
      break;

    case PLR_SERVICE_FAULT_WRONG_TYPES:
    case PLR_SERVICE_FAULT_INVALID_ULN:
      {
        g_autoptr(JsonObject) object = NULL;
        JsonNode *node;

        body = send (f, msg);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
        object = parse_object (body);
        if (events)
          {
            g_autoptr(PlrLearningEvent) event = NULL;

            node = json_array_get_element (json_object_get_array_member (object, "events"), 0);
            event = plr_learning_event_from_json_node (node, "events[0]", &error);
            g_assert_null (event);
          }
        else
          {
            g_autoptr(PlrLearner) learner = NULL;

            node = json_object_get_member (object, "learner");
            learner = plr_learner_from_json_node (node, "learner", &error);
            g_assert_null (learner);
          }
        g_assert_nonnull (error);
        g_test_message ("the validator said: %s", error->message);
      }
      break;

    case PLR_SERVICE_FAULT_ADDED_MEMBERS:
      {
        g_autoptr(JsonObject) object = NULL;
        g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GError) file_error = NULL;
        g_autoptr(GObject) read = NULL;
        JsonNode *node;

        body = send (f, msg);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
        object = parse_object (body);
        /* A file reader refuses the added member; a response reader skips it. */
        if (events)
          {
            node = json_array_get_element (json_object_get_array_member (object, "events"), 0);
            g_assert_null (plr_learning_event_from_json_node (node, "events[0]", &file_error));
            read = G_OBJECT (plr_learning_event_from_response_node (node, "events[0]", unknown,
                                                                    &error));
            g_assert_true (json_object_has_member (object, "x_future_page"));
          }
        else
          {
            node = json_object_get_member (object, "learner");
            g_assert_null (plr_learner_from_json_node (node, "learner", &file_error));
            read = G_OBJECT (plr_learner_from_response_node (node, "learner", unknown, &error));
            g_assert_true (json_object_has_member (object, "x_future_links"));
          }
        g_assert_nonnull (file_error);
        g_assert_nonnull (strstr (file_error->message, "unknown field"));
        g_assert_no_error (error);
        g_assert_nonnull (read);
        g_assert_cmpuint (unknown->len, ==, 1);
      }
      break;

    case PLR_SERVICE_FAULT_OVERSIZED:
      {
        g_autoptr(GInputStream) stream = send_for_stream (f, NULL, msg, &error);
        goffset length;
        gsize arrived;

        g_assert_no_error (error);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
        length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
        g_test_message ("Content-Length: %" G_GOFFSET_FORMAT, length);
        g_assert_cmpint (length, >, MAX_BODY);

        /* A client refuses by the length; this one peeks first, then hangs up. */
        arrived = read_stream (stream, 256 * 1024, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (arrived, >=, 256 * 1024);
        g_input_stream_close (stream, NULL, NULL);
        spin_briefly ();
      }
      break;

    case PLR_SERVICE_FAULT_NONE:
    default:
      g_assert_not_reached ();
    }

  g_assert_cmpuint (plr_service_get_faults_injected (f->service), ==, injected + 1);
  g_assert_cmpint (plr_service_get_fault (f->service), ==, PLR_SERVICE_FAULT_NONE);
}

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  PlrServiceFault fault = GPOINTER_TO_INT (data);
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(PlrRecord) record = NULL;

  sign_in (f, &tokens);

  check_fault (f, tokens.access, fault, "/v1/learner");
  if (fault != PLR_SERVICE_FAULT_INVALID_ULN)
    check_fault (f, tokens.access, fault, "/v1/learner/events");

  g_test_message ("with the fault spent, the service answers properly again");
  record = fetch_record (f, tokens.access, 10, NULL, NULL);
  g_assert_true (plr_record_equal (record, f->demo));
}

static void
test_fault_count (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  guint before;

  sign_in (f, &tokens);
  before = plr_service_count_requests (f->service, "GET", "/v1/learner");

  g_test_message ("--fault-count 2: two 503s, then the record");
  plr_service_set_fault (f->service, PLR_SERVICE_FAULT_UNAVAILABLE, 2);
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 503);
  g_assert_cmpuint (get_status (f, "/v1/learner/events", tokens.access), ==, 503);
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 200);
  g_assert_cmpuint (plr_service_count_requests (f->service, "GET", "/v1/learner"), ==,
                    before + 2);

  g_test_message ("count 0: until cleared; other endpoints are not affected");
  plr_service_set_fault (f->service, PLR_SERVICE_FAULT_SERVER_ERROR, 0);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 500);
  g_assert_cmpuint (get_status (f, "/v1/access-log", tokens.access), ==, 200);
  plr_service_set_fault (f->service, PLR_SERVICE_FAULT_NONE, 0);
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 200);

  g_test_message ("the fault property and the nicks match docs/protocol.md");
  {
    PlrServiceFault fault;

    g_object_set (f->service, "fault", PLR_SERVICE_FAULT_RATE_LIMITED, NULL);
    g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 429);
    g_object_set (f->service, "fault", PLR_SERVICE_FAULT_NONE, NULL);
    g_assert_true (plr_service_fault_from_nick ("malformed-json", &fault));
    g_assert_cmpint (fault, ==, PLR_SERVICE_FAULT_MALFORMED_JSON);
    g_assert_false (plr_service_fault_from_nick ("gremlins", &fault));
  }

  g_assert_cmpuint (plr_service_get_request_count (f->service), ==,
                    plr_service_count_requests (f->service, NULL, NULL));
}

/* ------------------------------------------------------------------------ */
/* Shares                                                                    */

static char *
share_body (const char *recipient,
            const char *expires_at)
{
  return g_strdup_printf ("{\"recipient\":\"%s\",\"purpose\":\"Job application\","
                          "\"expires_at\":\"%s\","
                          "\"view\":{\"title\":\"For %s\","
                          "\"learner\":{\"given_name\":\"Si\xc3\xa2n\",\"family_name\":\"Prys\"},"
                          "\"events\":[{\"subject\":\"" SHARE_MARKER "\",\"grade\":\"A*\"},"
                          "{\"subject\":\"GCSE in Welsh Language\",\"grade\":\"7\","
                          "\"under_data_challenge\":false}],"
                          "\"as_of\":\"2026-11-02T09:30:00Z\"}}",
                          recipient, expires_at, recipient);
}

static char *
time_from_now (Fixture *f,
               gint64   seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (gdouble) seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static JsonObject *
create_share (Fixture    *f,
              const char *token,
              const char *key,
              const char *json)
{
  g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", token, key, json);
  g_autoptr(GBytes) body = send (f, msg);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  return parse_object (body);
}

static void
assert_nothing_of_the_record (GBytes *body)
{
  g_autofree char *text = body_text (body);

  g_assert_null (strstr (text, SHARE_MARKER));
  g_assert_null (strstr (text, "Prys"));
  g_assert_null (strstr (text, "Job application"));
}

/* Issue 20, item 6: free text with a direction-changing character is shown
 * as written, inside <bdi> and isolated, on the recipient's page. */
static void
test_shares_page_isolates_free_text (Fixture       *f,
                                     gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *expires = time_from_now (f, 30 * 24 * 3600);
  g_autofree char *json =
    g_strdup_printf ("{\"recipient\":\"Acme Ltd\",\"purpose\":\"Job application\","
                     "\"expires_at\":\"%s\","
                     "\"view\":{\"title\":\"For Acme\","
                     "\"learner\":{\"given_name\":\"Si\\u202Ean\",\"family_name\":\"Prys\"},"
                     "\"events\":[{\"subject\":\"Maths \\u202E5 edarG\",\"grade\":\"A*\"}],"
                     "\"as_of\":\"2026-11-02T09:30:00Z\"}}", expires);
  g_autoptr(JsonObject) share = NULL;
  g_autofree char *page_path = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *html = NULL;

  sign_in (f, &tokens);
  share = create_share (f, tokens.access, "share-key-bidi", json);
  page_path = g_strconcat ("/s/", json_object_get_string_member (share, "code"), NULL);

  msg = new_message (f, "GET", page_path, NULL);
  body = send (f, msg);
  html = body_text (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (html, "<bdi>\u2068Maths \u202E5 edarG\u202C\u2069</bdi>"));
  /* Each part of the name is isolated, so one cannot reorder the next. */
  g_assert_nonnull (strstr (html, "<bdi>\u2068Si\u202Ean\u202C\u2069 Prys</bdi>"));
  g_assert_nonnull (strstr (html, "<bdi>A*</bdi>"));
  g_assert_nonnull (strstr (html, "<h1><bdi>For Acme</bdi></h1>"));
}

static void
test_shares_lifecycle (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_auto(Tokens) other = { 0, };
  g_autofree char *expires = time_from_now (f, 30 * 24 * 3600);
  g_autofree char *json = share_body ("Acme Ltd", expires);
  g_autoptr(JsonObject) share = NULL;
  g_autoptr(GRegex) code_regex = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autofree char *share_path = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *lower_path = NULL;
  g_autofree char *lower = NULL;
  const char *code;

  sign_in (f, &tokens);
  sign_in_as (f, "sian", &other);

  g_test_message ("creating a share answers 201 with a code of 60 random bits");
  share = create_share (f, tokens.access, "share-key-1", json);
  code = json_object_get_string_member (share, "code");
  code_regex = g_regex_new ("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$",
                            0, 0, NULL);
  g_assert_true (g_regex_match (code_regex, code, 0, NULL));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (share, "url"), code));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (share, "url"), f->base_url));
  g_assert_false (json_object_get_boolean_member (share, "revoked"));
  g_assert_cmpint (json_object_get_int_member (share, "views"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (share, "expires_at"), ==, expires);

  share_path = g_strconcat ("/v1/shares/", code, NULL);
  page_path = g_strconcat ("/s/", code, NULL);
  lower = g_ascii_strdown (code, -1);
  lower_path = g_strconcat ("/v1/shares/", lower, NULL);

  g_test_message ("the recipient reads exactly the view, without signing in");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", share_path, NULL);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);
    g_autoptr(JsonObject) request = NULL;
    g_autoptr(GBytes) json_bytes = g_bytes_new (json, strlen (json));

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, "Acme Ltd");
    g_assert_cmpstr (json_object_get_string_member (object, "purpose"), ==, "Job application");
    g_assert_true (json_object_has_member (object, "created_at"));
    request = parse_object (json_bytes);
    g_assert_true (json_node_equal (json_object_get_member (object, "view"),
                                    json_object_get_member (request, "view")));
  }

  g_test_message ("a code typed in lower case still works");
  g_assert_cmpuint (get_status (f, lower_path, NULL), ==, 200);

  g_test_message ("the HTML page shows the view, accessibly and without scripts");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", page_path, NULL);
    g_autoptr(GBytes) body = send (f, msg);
    g_autofree char *html = body_text (body);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_nonnull (strstr (html, SHARE_MARKER));
    g_assert_nonnull (strstr (html, "<th scope=\"col\">"));
    g_assert_nonnull (strstr (html, "<html lang="));
    g_assert_null (strstr (html, "<script"));
  }

  g_test_message ("the learner's list counts the views; another learner cannot see or revoke it");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/shares", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);
    JsonArray *shares = json_object_get_array_member (object, "shares");
    JsonObject *first;

    g_assert_cmpuint (json_array_get_length (shares), ==, 1);
    first = json_array_get_object_element (shares, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, code);
    g_assert_cmpint (json_object_get_int_member (first, "views"), ==, 3);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/shares", other.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "shares")),
                      ==, 0);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "DELETE", share_path, other.access);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 404, "/problems/not-found");
  }

  g_test_message ("the learner revokes it: 204, then 410 share-revoked with nothing of the record");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "DELETE", share_path, tokens.access);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", share_path, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 410, "/problems/share-revoked");
    assert_nothing_of_the_record (body);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", page_path, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 410);
    assert_nothing_of_the_record (body);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/shares", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);
    JsonObject *first = json_array_get_object_element (json_object_get_array_member (object,
                                                                                     "shares"),
                                                       0);

    g_assert_true (json_object_get_boolean_member (first, "revoked"));
  }

  g_test_message ("an unknown or malformed code is 404");
  g_assert_cmpuint (get_status (f, "/v1/shares/AAAA-BBBB-CCCC", NULL), ==, 404);
  g_assert_cmpuint (get_status (f, "/v1/shares/not-a-code", NULL), ==, 404);
  g_assert_cmpuint (get_status (f, "/s/AAAA-BBBB-CCCC", NULL), ==, 404);
}

static void
test_shares_expiry (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *expires = time_from_now (f, 3600);
  g_autofree char *json = share_body ("Acme Ltd", expires);
  g_autofree char *past = time_from_now (f, -60);
  g_autofree char *past_json = share_body ("Acme Ltd", past);
  g_autoptr(JsonObject) share = NULL;
  g_autofree char *path = NULL;

  sign_in (f, &tokens);

  g_test_message ("a share cannot be made already expired");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", tokens.access,
                                                   "past-key", past_json);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 400, "/problems/invalid-request");
  }

  share = create_share (f, tokens.access, "expiry-key", json);
  path = g_strconcat ("/v1/shares/", json_object_get_string_member (share, "code"), NULL);
  g_assert_cmpuint (get_status (f, path, NULL), ==, 200);

  g_test_message ("two hours later it answers 410 share-expired, with nothing of the record");
  plr_service_set_clock_offset (f->service, 2 * 3600);
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 410, "/problems/share-expired");
    assert_nothing_of_the_record (body);
  }
  plr_service_set_clock_offset (f->service, 0);
}

static void
test_shares_honest (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *too_late = time_from_now (f, 367 * 24 * 3600);
  g_autofree char *last_day = time_from_now (f, 365 * 24 * 3600);
  g_autofree char *late_json = share_body ("Acme Ltd", too_late);
  g_autofree char *year_json = share_body ("Acme Ltd", last_day);
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) share = NULL;
  g_autoptr(JsonObject) year = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) expires = NULL;
  const char *json = "{\"recipient\":\"Acme Ltd\",\"view\":{\"title\":\"For Acme\"}}";

  sign_in (f, &tokens);

  g_test_message ("a share sent without expires_at ends after 30 days");
  share = create_share (f, tokens.access, "honest-1", json);
  created = g_date_time_new_from_iso8601 (json_object_get_string_member (share, "created_at"),
                                          NULL);
  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (share, "expires_at"),
                                          NULL);
  g_assert_nonnull (created);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_difference (expires, created) / G_USEC_PER_SEC, ==,
                   30 * 24 * 3600);

  g_test_message ("a share may last a year, not more");
  year = create_share (f, tokens.access, "honest-2", year_json);
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", tokens.access,
                                                   "honest-3", late_json);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 400, "/problems/invalid-request");
  }

  g_test_message ("the learner's own read is neither counted nor logged as a recipient's");
  path = g_strconcat ("/v1/shares/", json_object_get_string_member (share, "code"), NULL);
  g_assert_cmpuint (get_status (f, path, tokens.access), ==, 200);
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/shares", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);
    JsonArray *shares = json_object_get_array_member (object, "shares");

    for (guint i = 0; i < json_array_get_length (shares); i++)
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (shares, i),
                                                   "views"), ==, 0);
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/access-log?limit=1000",
                                              tokens.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autofree char *text = body_text (body);

    g_assert_null (strstr (text, "share-view"));
  }

  g_test_message ("a recipient's read is counted, logged as a link reader, and not indexed");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpstr (response_header (msg, "X-Robots-Tag"), ==, "noindex, nofollow");
    g_assert_cmpstr (response_header (msg, "Referrer-Policy"), ==, "no-referrer");
  }
  {
    g_autofree char *page = g_strconcat ("/s/", json_object_get_string_member (share, "code"),
                                         NULL);
    g_autoptr(SoupMessage) msg = new_message (f, "GET", page, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpstr (response_header (msg, "X-Robots-Tag"), ==, "noindex, nofollow");
    g_assert_cmpstr (response_header (msg, "Referrer-Policy"), ==, "no-referrer");
  }
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/access-log?limit=1000",
                                              tokens.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autofree char *text = body_text (body);

    g_assert_nonnull (strstr (text, "\"organisation\":\"Someone with the share link for Acme Ltd\""));
  }
}

static void
test_shares_invalid (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const bad[] = {
    "{}",
    "{\"recipient\":\"Acme\"}",
    "{\"recipient\":\"Acme\",\"view\":[]}",
    "{\"recipient\":42,\"view\":{}}",
    "{\"recipient\":\"Acme\",\"view\":{},\"surprise\":1}",
    "{\"recipient\":\"Acme\",\"view\":{\"events\":[{\"favourite_colour\":\"blue\"}]}}",
    "{\"recipient\":\"Acme\",\"view\":{\"learner\":{\"shoe_size\":9}}}",
    "{\"recipient\":\"Acme\",\"view\":{},\"expires_at\":\"next week\"}",
    "not json",
  };
  g_auto(Tokens) tokens = { 0, };

  sign_in (f, &tokens);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *key = g_strdup_printf ("bad-share-%u", i);
      g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", tokens.access, key,
                                                     bad[i]);
      g_autoptr(GBytes) body = send (f, msg);

      g_test_message ("refused: %s", bad[i]);
      assert_problem (msg, body, 400, "/problems/invalid-request");
    }

  g_test_message ("a share without authentication is 401");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", NULL, "k",
                                                   "{\"recipient\":\"Acme\",\"view\":{}}");
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 401, "/problems/invalid-token");
  }
}

/* ------------------------------------------------------------------------ */
/* Idempotency                                                               */

static void
test_idempotency (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *expires = time_from_now (f, 7 * 24 * 3600);
  g_autofree char *json = share_body ("Acme Ltd", expires);
  g_autofree char *other_json = share_body ("Other Ltd", expires);
  g_autoptr(SoupMessage) first = NULL;
  g_autoptr(SoupMessage) again = NULL;
  g_autoptr(GBytes) first_body = NULL;
  g_autoptr(GBytes) again_body = NULL;
  g_autoptr(JsonObject) list = NULL;

  sign_in (f, &tokens);

  g_test_message ("the same key and body twice: the same answer, and one share");
  first = new_json_message (f, "POST", "/v1/shares", tokens.access, "9b2c3f0e-key", json);
  first_body = send (f, first);
  g_assert_cmpuint (soup_message_get_status (first), ==, 201);
  again = new_json_message (f, "POST", "/v1/shares", tokens.access, "9b2c3f0e-key", json);
  again_body = send (f, again);
  g_assert_cmpuint (soup_message_get_status (again), ==, 201);
  g_assert_true (g_bytes_equal (first_body, again_body));
  g_assert_cmpstr (response_header (again, "Location"), ==, response_header (first, "Location"));
  g_assert_cmpstr (response_header (again, "Idempotent-Replayed"), ==, "true");
  g_assert_cmpuint (plr_service_count_stored_responses (f->service), ==, 1);
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/shares", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);

    list = parse_object (body);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "shares")),
                      ==, 1);
  }

  g_test_message ("the same JSON serialised another way is the same request");
  {
    g_autoptr(JsonNode) node = json_from_string (json, NULL);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *pretty = NULL;
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = NULL;
    JsonObject *object = json_node_get_object (node);
    g_autoptr(JsonNode) recipient = json_object_dup_member (object, "recipient");

    /* Another member order and spacing. */
    json_object_remove_member (object, "recipient");
    json_object_set_member (object, "recipient", g_steal_pointer (&recipient));
    json_generator_set_pretty (generator, TRUE);
    json_generator_set_root (generator, node);
    pretty = json_generator_to_data (generator, NULL);
    g_assert_cmpstr (pretty, !=, json);

    msg = new_json_message (f, "POST", "/v1/shares", tokens.access, "9b2c3f0e-key", pretty);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    g_assert_cmpstr (response_header (msg, "Idempotent-Replayed"), ==, "true");
    g_assert_true (g_bytes_equal (first_body, body));
  }

  g_test_message ("the same key with another body: 422 idempotency-conflict");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", tokens.access,
                                                   "9b2c3f0e-key", other_json);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 422, "/problems/idempotency-conflict");
  }
  g_assert_cmpuint (plr_service_count_stored_responses (f->service), ==, 1);

  g_test_message ("a change without a key is refused");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", tokens.access,
                                                   NULL, json);
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 400, "/problems/invalid-request");
  }

  g_test_message ("keys belong to a learner: another learner's same key is a new change");
  {
    g_auto(Tokens) other = { 0, };
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = NULL;

    sign_in_as (f, "ciaran", &other);
    msg = new_json_message (f, "POST", "/v1/shares", other.access, "9b2c3f0e-key", other_json);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    g_assert_null (response_header (msg, "Idempotent-Replayed"));
  }
}

/* ------------------------------------------------------------------------ */
/* Sharing preferences                                                       */

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) replay = NULL;
  g_autoptr(GRegex) reference_regex = g_regex_new ("^SP-[0-9]{6}$", 0, 0, NULL);
  const char *put = "{\"opted_out\":true,\"method\":\"app\",\"note\":null}";

  sign_in (f, &tokens);

  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/sharing-preferences",
                                              tokens.access);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    before = parse_object (body);
    g_assert_false (json_object_get_boolean_member (before, "opted_out"));
    g_assert_cmpint (json_object_get_int_member (before, "ability_to_share"), ==,
                     g_ascii_strtoll (plr_learner_get_value (plr_record_get_learner (f->demo),
                                                             PLR_LEARNER_FIELD_ABILITY_TO_SHARE),
                                      NULL, 10));
    g_assert_true (g_regex_match (reference_regex,
                                  json_object_get_string_member (before, "reference"), 0, NULL));
  }

  g_test_message ("opting out answers the new state with a new reference, the receipt");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "PUT", "/v1/sharing-preferences",
                                                   tokens.access, "opt-out-1", put);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    after = parse_object (body);
    g_assert_true (json_object_get_boolean_member (after, "opted_out"));
    g_assert_cmpstr (json_object_get_string_member (after, "reference"), !=,
                     json_object_get_string_member (before, "reference"));
    g_assert_true (g_regex_match (reference_regex,
                                  json_object_get_string_member (after, "reference"), 0, NULL));
  }

  g_test_message ("a retry with the same key gets the same receipt");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "PUT", "/v1/sharing-preferences",
                                                   tokens.access, "opt-out-1", put);
    g_autoptr(GBytes) body = send (f, msg);

    replay = parse_object (body);
    g_assert_cmpstr (json_object_get_string_member (replay, "reference"), ==,
                     json_object_get_string_member (after, "reference"));
  }

  g_test_message ("a body that is not the protocol's is refused");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "PUT", "/v1/sharing-preferences",
                                                   tokens.access, "opt-out-2",
                                                   "{\"opted_out\":\"yes\"}");
    g_autoptr(GBytes) body = send (f, msg);

    assert_problem (msg, body, 400, "/problems/invalid-request");
  }
}

/* ------------------------------------------------------------------------ */
/* Data challenges                                                           */

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

static char *
challenge_body (gint64      event_id,
                const char *current,
                const char *proposed,
                const char *sha256_override)
{
  g_autofree char *content = g_base64_encode ((const guchar *) pdf, strlen (pdf));
  g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pdf, -1);

  return g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"learner_field\":null,"
                          "\"field\":\"grade\",\"current_value\":\"%s\","
                          "\"proposed_value\":\"%s\",\"reason\":\"wrong-grade\","
                          "\"details\":\"My certificate shows a different grade.\","
                          "\"evidence\":[{\"name\":\"certificate.pdf\","
                          "\"media_type\":\"application/pdf\",\"sha256\":\"%s\","
                          "\"content\":\"%s\"}]}",
                          event_id, current, proposed,
                          sha256_override ? sha256_override : sha256, content);
}

static JsonObject *
find_challenge (Fixture    *f,
                const char *token,
                const char *id)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/challenges", token);
  g_autoptr(GBytes) body = send (f, msg);
  g_autoptr(JsonObject) object = parse_object (body);
  JsonArray *challenges = json_object_get_array_member (object, "challenges");

  for (guint i = 0; i < json_array_get_length (challenges); i++)
    {
      JsonObject *challenge = json_array_get_object_element (challenges, i);

      if (g_str_equal (json_object_get_string_member (challenge, "id"), id))
        return json_object_ref (challenge);
    }

  g_assert_not_reached ();
}

static PlrLearningEvent *
find_event (PlrRecord *record,
            gint64     event_id)
{
  for (guint i = 0; i < plr_record_get_n_events (record); i++)
    if (plr_learning_event_get_id (plr_record_get_event (record, i)) == event_id)
      return plr_record_get_event (record, i);

  g_assert_not_reached ();
}

static void
test_challenges_accept (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  PlrLearningEvent *event = plr_record_get_event (f->demo, 1);
  gint64 event_id = plr_learning_event_get_id (event);
  const char *current = plr_learning_event_get_grade (event);
  const char *proposed = g_strcmp0 (current, "A*") == 0 ? "A" : "A*";
  g_autofree char *json = challenge_body (event_id, current, proposed, NULL);
  g_autofree char *etag_before = NULL;
  g_autofree char *etag_marked = NULL;
  g_autofree char *etag_after = NULL;
  g_autofree char *id = NULL;
  g_autoptr(PlrRecord) before = NULL;
  g_autoptr(PlrRecord) marked = NULL;
  g_autoptr(PlrRecord) after = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(GError) error = NULL;

  sign_in (f, &tokens);
  before = fetch_record (f, tokens.access, 200, NULL, &etag_before);

  g_test_message ("a challenge with evidence answers 201, submitted, with its history");
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                   "challenge-1", json);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = NULL;
    JsonArray *evidence;

    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    object = parse_object (body);
    id = g_strdup (json_object_get_string_member (object, "id"));
    g_assert_true (g_str_has_prefix (id, "ch_"));
    g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "submitted");
    g_assert_cmpint (json_object_get_int_member (object, "event_id"), ==, event_id);
    g_assert_cmpstr (json_object_get_string_member (object, "proposed_value"), ==, proposed);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "history")),
                      ==, 1);
    evidence = json_object_get_array_member (object, "evidence");
    g_assert_cmpuint (json_array_get_length (evidence), ==, 1);
    g_assert_false (json_object_has_member (json_array_get_object_element (evidence, 0),
                                            "content"));
  }

  g_test_message ("the entry is now marked under data challenge, in a new version");
  marked = fetch_record (f, tokens.access, 200, NULL, &etag_marked);
  g_assert_cmpstr (etag_marked, !=, etag_before);
  g_assert_cmpstr (plr_learning_event_get_value (find_event (marked, event_id),
                                                 PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE), ==, "Y");
  g_assert_cmpstr (plr_learning_event_get_grade (find_event (marked, event_id)), ==, current);

  g_test_message ("the operator accepts it: the next fetch has the correction and a new ETag");
  plr_service_resolve_challenge (f->service, id, TRUE, "Checked with the awarding body", &error);
  g_assert_no_error (error);
  after = fetch_record (f, tokens.access, 200, NULL, &etag_after);
  g_assert_cmpstr (etag_after, !=, etag_marked);
  g_assert_cmpstr (plr_learning_event_get_grade (find_event (after, event_id)), ==, proposed);
  g_assert_cmpstr (plr_learning_event_get_value (find_event (after, event_id),
                                                 PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE), ==, "N");

  g_test_message ("the list shows it accepted, with the note in its history");
  listed = find_challenge (f, tokens.access, id);
  g_assert_cmpstr (json_object_get_string_member (listed, "status"), ==, "accepted");
  {
    JsonArray *history = json_object_get_array_member (listed, "history");
    JsonObject *last;

    g_assert_cmpuint (json_array_get_length (history), ==, 2);
    last = json_array_get_object_element (history, 1);
    g_assert_cmpstr (json_object_get_string_member (last, "status"), ==, "accepted");
    g_assert_cmpstr (json_object_get_string_member (last, "note"), ==,
                     "Checked with the awarding body");
  }

  g_test_message ("a challenge is resolved once");
  plr_service_resolve_challenge (f->service, id, FALSE, NULL, &error);
  g_assert_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_CONFLICT);
  g_clear_error (&error);
  plr_service_resolve_challenge (f->service, "ch_nosuchchallenge", TRUE, NULL, &error);
  g_assert_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_NOT_FOUND);
}

static void
test_challenges_reject_and_learner (Fixture       *f,
                                    gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  PlrLearningEvent *event = plr_record_get_event (f->demo, 2);
  gint64 event_id = plr_learning_event_get_id (event);
  g_autofree char *json = challenge_body (event_id, plr_learning_event_get_grade (event),
                                          "Distinction*", NULL);
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) learner_challenge = NULL;
  g_autoptr(PlrRecord) after = NULL;
  g_autoptr(GError) error = NULL;

  sign_in (f, &tokens);

  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                   "challenge-2", json);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    created = parse_object (body);
  }

  g_test_message ("a rejected challenge leaves the record as it was");
  plr_service_resolve_challenge (f->service, json_object_get_string_member (created, "id"),
                                 FALSE, "The awarding body confirmed the grade", &error);
  g_assert_no_error (error);
  after = fetch_record (f, tokens.access, 200, NULL, NULL);
  g_assert_true (plr_record_equal (after, f->demo));

  g_test_message ("a challenge against a personal detail changes the learner when accepted");
  {
    g_autoptr(SoupMessage) msg =
      new_json_message (f, "POST", "/v1/challenges", tokens.access, "challenge-3",
                        "{\"learner_field\":\"family_name\",\"current_value\":\"Prys\","
                        "\"proposed_value\":\"Prys-Jones\",\"reason\":\"other\","
                        "\"details\":\"I changed my name.\"}");
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    learner_challenge = parse_object (body);
  }
  plr_service_resolve_challenge (f->service,
                                 json_object_get_string_member (learner_challenge, "id"),
                                 TRUE, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&after);
  after = fetch_record (f, tokens.access, 200, NULL, NULL);
  g_assert_cmpstr (plr_learner_get_value (plr_record_get_learner (after),
                                          PLR_LEARNER_FIELD_FAMILY_NAME), ==, "Prys-Jones");

  g_test_message ("a missing achievement needs no event");
  {
    g_autoptr(SoupMessage) msg =
      new_json_message (f, "POST", "/v1/challenges", tokens.access, "challenge-4",
                        "{\"event_id\":null,\"learner_field\":null,\"reason\":\"missing\","
                        "\"details\":\"My BTEC from 2019 is not there.\"}");
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  }
}

/* Issue 20, item 1: the service reads a request's integers by the one
 * number reader's rules; each refusal names the member and its range. */
static void
test_challenges_integers (Fixture       *f,
                          gconstpointer  data)
{
  static const struct
  {
    const char *event_id;  /* as written in the body */
    const char *detail;    /* NULL: the detail names event_id */
  } cases[] = {
    { "-1", "event_id: expected a whole number from 0 to 9223372036854775807" },
    { "-18446744073709551615", NULL },
    { "18446744073709551617", NULL },
    { "4100002.0", "event_id: expected a whole number from 0 to 9223372036854775807" },
    { "4.1e6", "event_id: expected a whole number from 0 to 9223372036854775807" },
    { "\"4100002\"", "event_id: expected a whole number from 0 to 9223372036854775807" },
    { "true", "event_id: expected a whole number from 0 to 9223372036854775807" },
    { "[4100002]", "event_id: expected a whole number from 0 to 9223372036854775807" },
  };
  g_auto(Tokens) tokens = { 0, };

  sign_in (f, &tokens);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = g_strdup_printf ("int-challenge-%u", i);
      g_autofree char *json = g_strdup_printf ("{\"event_id\":%s,\"field\":\"grade\","
                                               "\"proposed_value\":\"A\",\"reason\":\"wrong\"}",
                                               cases[i].event_id);
      g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                     key, json);
      g_autoptr(GBytes) body = send (f, msg);
      g_autoptr(JsonObject) object = NULL;
      const char *detail;

      assert_problem (msg, body, 400, "/problems/invalid-request");
      object = parse_object (body);
      detail = json_object_get_string_member (object, "detail");
      g_test_message ("event_id %s: %s", cases[i].event_id, detail);
      if (cases[i].detail != NULL)
        g_assert_cmpstr (detail, ==, cases[i].detail);
      else
        g_assert_nonnull (strstr (detail, "event_id"));
    }

  g_test_message ("a proposed integer is held to its field's range");
  {
    static const char * const proposed[] = { "-5", "100001", "9223372036854775807" };
    gint64 event_id = plr_learning_event_get_id (plr_record_get_event (f->demo, 1));

    for (guint i = 0; i < G_N_ELEMENTS (proposed); i++)
      {
        g_autofree char *key = g_strdup_printf ("int-proposed-%u", i);
        g_autofree char *json =
          g_strdup_printf ("{\"event_id\":%" G_GINT64_FORMAT ",\"field\":\"credits\","
                           "\"proposed_value\":%s,\"reason\":\"other\"}", event_id, proposed[i]);
        g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                       key, json);
        g_autoptr(GBytes) body = send (f, msg);
        g_autoptr(JsonObject) object = NULL;

        assert_problem (msg, body, 400, "/problems/invalid-request");
        object = parse_object (body);
        g_test_message ("credits %s: %s", proposed[i],
                        json_object_get_string_member (object, "detail"));
        g_assert_cmpstr (json_object_get_string_member (object, "detail"), ==,
                         "proposed_value: expected a whole number from 0 to 100000");
      }
  }

  g_test_message ("nothing was stored");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/challenges", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                           "challenges")),
                      ==, 0);
  }
}

static void
test_challenges_invalid (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  gint64 event_id = plr_learning_event_get_id (plr_record_get_event (f->demo, 0));
  g_autofree char *wrong_hash = challenge_body (event_id, "B", "A",
                                                "0000000000000000000000000000000000000000000000000000000000000000");
  g_autofree char *no_event = challenge_body (123456789012, "B", "A", NULL);
  g_autofree char *png_pretending = NULL;
  const char *bad[] = {
    wrong_hash,
    no_event,
    "{\"event_id\":1,\"learner_field\":\"family_name\",\"reason\":\"other\"}",
    "{\"reason\":\"other\"}",
    "{\"reason\":\"because\"}",
    "{\"learner_field\":\"favourite_colour\",\"reason\":\"other\"}",
    "{\"learner_field\":\"date_of_birth\",\"proposed_value\":\"31/02/2006\",\"reason\":\"other\"}",
    "{\"reason\":\"missing\",\"evidence\":[{\"name\":\"a.exe\",\"media_type\":\"application/x-msdownload\","
    "\"sha256\":\"00\",\"content\":\"TVo=\"}]}",
    NULL,
  };

  {
    g_autofree char *content = g_base64_encode ((const guchar *) pdf, strlen (pdf));
    g_autofree char *sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pdf, -1);

    png_pretending = g_strdup_printf ("{\"reason\":\"missing\",\"evidence\":[{\"name\":\"a.png\","
                                      "\"media_type\":\"image/png\",\"sha256\":\"%s\","
                                      "\"content\":\"%s\"}]}", sha256, content);
    bad[G_N_ELEMENTS (bad) - 1] = png_pretending;
  }

  sign_in (f, &tokens);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *key = g_strdup_printf ("bad-challenge-%u", i);
      g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                     key, bad[i]);
      g_autoptr(GBytes) body = send (f, msg);
      g_autoptr(JsonObject) object = NULL;

      assert_problem (msg, body, 400, "/problems/invalid-request");
      object = parse_object (body);
      g_test_message ("refused #%u: %s", i, json_object_get_string_member (object, "detail"));
    }

  g_test_message ("nothing was stored");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/challenges", tokens.access);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object,
                                                                           "challenges")),
                      ==, 0);
  }
}

/* ------------------------------------------------------------------------ */
/* Access log                                                                */

static void
test_access_log (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *cursor = NULL;
  g_autoptr(PlrRecord) record = NULL;
  guint own = 0, college = 0, shares = 0;
  g_autofree char *expires = time_from_now (f, 3600);
  g_autofree char *json = share_body ("Acme Ltd", expires);
  g_autoptr(JsonObject) share = NULL;
  g_autofree char *share_path = NULL;

  sign_in (f, &tokens);
  record = fetch_record (f, tokens.access, 10, NULL, NULL);  /* 1 learner + 3 event pages */
  share = create_share (f, tokens.access, "log-share", json);
  share_path = g_strconcat ("/v1/shares/", json_object_get_string_member (share, "code"), NULL);
  g_assert_cmpuint (get_status (f, share_path, NULL), ==, 200);

  g_test_message ("paging two at a time gets every entry once, newest first");
  do
    {
      g_autofree char *path = NULL;
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonObject) object = NULL;
      JsonArray *page;
      JsonNode *next;

      if (cursor)
        path = g_strdup_printf ("/v1/access-log?limit=2&cursor=%s", cursor);
      else
        path = g_strdup ("/v1/access-log?limit=2");
      msg = new_message (f, "GET", path, tokens.access);
      body = send (f, msg);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      object = parse_object (body);
      page = json_object_get_array_member (object, "entries");
      g_assert_cmpuint (json_array_get_length (page), <=, 2);
      for (guint i = 0; i < json_array_get_length (page); i++)
        g_ptr_array_add (entries, json_object_ref (json_array_get_object_element (page, i)));

      g_clear_pointer (&cursor, g_free);
      next = json_object_get_member (object, "next_cursor");
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);

  /* 4 seeded reads, one entry for the fetch (not one per page), one share read */
  g_assert_cmpuint (entries->len, ==, 4 + 1 + 1);

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (entries, i);
      const char *organisation = json_object_get_string_member (entry, "organisation");
      const char *action = json_object_get_string_member (entry, "action");

      if (i > 0)
        {
          JsonObject *newer = g_ptr_array_index (entries, i - 1);
          g_assert_cmpstr (json_object_get_string_member (newer, "at"), >=,
                           json_object_get_string_member (entry, "at"));
        }
      g_assert_true (json_object_has_member (entry, "ukprn"));
      g_assert_true (json_object_has_member (entry, "user"));
      g_assert_true (json_object_has_member (entry, "purpose"));

      if (g_str_equal (organisation, PLR_SERVICE_OWN_CLIENT_ORGANISATION))
        {
          g_assert_cmpstr (action, ==, "learner-view");
          own++;
        }
      else if (g_str_equal (organisation, "Coleg Gwent"))
        {
          g_assert_cmpstr (json_object_get_string_member (entry, "ukprn"), ==, "10001548");
          college++;
        }
      else if (g_str_equal (action, "share-view"))
        {
          g_assert_cmpstr (organisation, ==, "Someone with the share link for Acme Ltd");
          g_assert_cmpstr (json_object_get_string_member (entry, "purpose"), ==,
                           "Job application");
          shares++;
        }
    }
  g_assert_cmpuint (own, ==, 1);
  g_assert_cmpuint (college, ==, 2);
  g_assert_cmpuint (shares, ==, 1);

  g_test_message ("the newest entry is the share read");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (entries, 0), "action"), ==,
                   "share-view");
}

/* ------------------------------------------------------------------------ */
/* Pages for people                                                          */

static void
test_problem_pages (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const names[] = {
    "invalid-request", "invalid-token", "forbidden", "not-found", "record-changed",
    "idempotency-conflict", "share-expired", "share-revoked", "rate-limited", "unavailable",
    "server-error", "method-not-allowed", "length-required", "payload-too-large",
    "unsupported-media-type",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_strconcat ("/problems/", names[i], NULL);
      g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
      g_autoptr(GBytes) body = send (f, msg);
      g_autofree char *html = body_text (body);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      g_assert_nonnull (strstr (html, "<h1>"));
      g_assert_nonnull (strstr (html, names[i]));
      g_assert_null (strstr (html, "<script"));
      g_assert_null (strstr (html, "src="));
    }

  g_assert_cmpuint (get_status (f, "/problems/no-such-problem", NULL), ==, 404);
  g_assert_cmpuint (get_status (f, "/", NULL), ==, 200);
}

/* ------------------------------------------------------------------------ */
/* Requests that are refused before their body is read                       */

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* Sends bytes over a plain socket and reads what comes back until the
 * service closes the connection. */
static char *
raw_exchange (Fixture    *f,
              const char *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) answer = g_string_new (NULL);
  GInputStream *input;

  g_socket_client_connect_to_host_async (client, "127.0.0.1",
                                         (guint16) plr_service_get_port (f->service),
                                         NULL, on_result_cb, &result);
  connection = g_socket_client_connect_to_host_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  g_output_stream_write_all_async (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                   request, strlen (request), G_PRIORITY_DEFAULT, NULL,
                                   on_result_cb, &result);
  g_output_stream_write_all_finish (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                    wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  for (;;)
    {
      g_autoptr(GBytes) bytes = NULL;

      g_input_stream_read_bytes_async (input, 4096, G_PRIORITY_DEFAULT, NULL, on_result_cb,
                                       &result);
      bytes = g_input_stream_read_bytes_finish (input, wait_for (&result), NULL);
      g_clear_object (&result);
      if (bytes == NULL || g_bytes_get_size (bytes) == 0)
        break;
      g_string_append_len (answer, g_bytes_get_data (bytes, NULL),
                           (gssize) g_bytes_get_size (bytes));
    }

  return g_string_free (g_steal_pointer (&answer), FALSE);
}

static void
test_request_limits (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *too_large = NULL;
  g_autofree char *chunked = NULL;
  g_autofree char *fine = NULL;

  g_test_message ("a body over 64 MiB is refused from its Content-Length, unread");
  too_large = raw_exchange (f, "POST /v1/shares HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Content-Type: application/json\r\n"
                               "Content-Length: 70000000\r\n\r\n");
  g_assert_true (g_str_has_prefix (too_large, "HTTP/1.1 413 "));
  g_assert_nonnull (strstr (too_large, "application/problem+json"));
  g_assert_nonnull (strstr (too_large, "\"type\":\"/problems/payload-too-large\""));

  g_test_message ("a body without a length is refused");
  chunked = raw_exchange (f, "POST /v1/shares HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n");
  g_assert_true (g_str_has_prefix (chunked, "HTTP/1.1 411 "));

  g_test_message ("the service goes on answering");
  fine = raw_exchange (f, "GET /problems/not-found HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Connection: close\r\n\r\n");
  g_assert_true (g_str_has_prefix (fine, "HTTP/1.1 200 "));
}

/* ------------------------------------------------------------------------ */
/* Persistence and the binary                                                */

/* Reads the demo learner's stored salt and hash straight from the database. */
static void
read_demo_hash (const char  *db_path,
                char       **out_salt,
                char       **out_hash)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT salt, password_hash FROM learners "
                                       "WHERE username = 'demo'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *out_salt = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  *out_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* New accounts get yescrypt; an account from before, with SHA-256 over
 * "salt:password", still signs in once and is upgraded on that sign-in. */
static void
test_password_upgrade (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *salt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *legacy = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_auto(Tokens) first = { 0, };
  g_auto(Tokens) second = { 0, };
  sqlite3 *db = NULL;

  f->data_dir = g_dir_make_tmp ("plr-service-XXXXXX", &error);
  g_assert_no_error (error);
  stop_service (f);
  start_service (f, f->data_dir);
  db_path = g_build_filename (f->data_dir, "service.db", NULL);

  g_test_message ("a new account's password is a yescrypt hash");
  read_demo_hash (db_path, &salt, &hash);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_cmpstr (salt, ==, "");
  g_clear_pointer (&salt, g_free);
  g_clear_pointer (&hash, g_free);

  g_test_message ("an old SHA-256 hash signs in and is replaced by yescrypt");
  stop_service (f);
  g_checksum_update (checksum, (const guchar *) "00112233445566778899aabbccddeeff:demo", -1);
  legacy = g_strdup (g_checksum_get_string (checksum));
  sql = g_strdup_printf ("UPDATE learners SET salt = '00112233445566778899aabbccddeeff', "
                         "password_hash = '%s' WHERE username = 'demo'", legacy);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
  start_service (f, f->data_dir);

  sign_in (f, &first);
  g_assert_nonnull (first.access);
  read_demo_hash (db_path, &salt, &hash);
  g_assert_true (g_str_has_prefix (hash, "$y$"));
  g_assert_cmpstr (salt, ==, "");
  g_assert_cmpstr (hash, !=, legacy);

  g_test_message ("the upgraded hash signs in, and a wrong password still fails");
  sign_in (f, &second);
  g_assert_nonnull (second.access);
  {
    g_autofree char *verifier = make_verifier ();
    g_autofree char *challenge = challenge_for (verifier);
    g_autofree char *path = authorize_path (REDIRECT_URI, "st", challenge);
    g_autofree char *action = NULL;
    g_autoptr(GHashTable) fields = read_sign_in_form (f, path, &action);
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupMessage) wrong = NULL;

    wrong = post_sign_in (f, action, fields, "demo", "not the password", "sign-in", &body);
    g_assert_cmpuint (soup_message_get_status (wrong), ==, 200);
    g_assert_null (response_header (wrong, "Location"));
  }
}

static void
test_persistence (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(PlrRecord) record = NULL;
  GStatBuf st;

  f->data_dir = g_dir_make_tmp ("plr-service-XXXXXX", &error);
  g_assert_no_error (error);
  g_chmod (f->data_dir, 0755);

  stop_service (f);
  start_service (f, f->data_dir);

  g_test_message ("the folder is made 0700 and the database 0600");
  g_assert_cmpint (g_stat (f->data_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  db_path = g_build_filename (f->data_dir, "service.db", NULL);
  g_assert_cmpint (g_stat (db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  sign_in (f, &tokens);

  g_test_message ("after a restart on the same folder, the learners and tokens are still there");
  stop_service (f);
  start_service (f, f->data_dir);
  record = fetch_record (f, tokens.access, 200, NULL, NULL);
  g_assert_true (plr_record_equal (record, f->demo));

  plr_service_add_learner (f->service, "demo", "other", f->demo, &error);
  g_assert_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_EXISTS);
}

static void
on_read_line_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Pending *pending = user_data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result,
                                                          NULL, &pending->error);

  pending->body = line ? g_bytes_new_take (line, strlen (line)) : NULL;
  pending->done = TRUE;
}

static void
on_wait_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &pending->error);
  pending->done = TRUE;
}

static int
run_binary (const char * const  *argv,
            char               **out)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  Pending pending = { 0, };

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_wait_cb, &pending);
  spin_until (&pending.done);
  g_assert_no_error (pending.error);

  if (out)
    {
      g_autoptr(GDataInputStream) data = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      *out = g_data_input_stream_read_line_utf8 (data, NULL, NULL, NULL);
    }

  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static void
test_binary (Fixture       *f,
             gconstpointer  data)
{
  const char *binary = g_getenv ("PLR_SERVICE_BINARY");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *challenge_id = NULL;
  g_autofree char *result = NULL;
  g_autoptr(PlrRecord) record = NULL;
  PlrLearningEvent *event = plr_record_get_event (f->demo, 4);
  gint64 event_id = plr_learning_event_get_id (event);
  Pending pending = { 0, };

  if (binary == NULL)
    {
      g_test_skip ("PLR_SERVICE_BINARY is not set");
      return;
    }

  g_test_message ("--port 0 --seed-demo prints the URL first, serves, and stops on SIGTERM");
  {
    const char * const argv[] = { binary, "--port", "0", "--seed-demo", "--fault",
                                  "unavailable", "--fault-count", "1", NULL };

    process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_assert_no_error (error);
  }
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, NULL, on_read_line_cb,
                                       &pending);
  spin_until (&pending.done);
  g_assert_no_error (pending.error);
  line = body_text (pending.body);
  g_bytes_unref (pending.body);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/"));
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", line + strlen ("Listening on "));
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
  g_subprocess_send_signal (process, SIGTERM);
  memset (&pending, 0, sizeof pending);
  g_subprocess_wait_async (process, NULL, on_wait_cb, &pending);
  spin_until (&pending.done);
  g_assert_no_error (pending.error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_test_message ("the operator resolves a challenge on the database, without the service");
  f->data_dir = g_dir_make_tmp ("plr-service-XXXXXX", &error);
  g_assert_no_error (error);
  stop_service (f);
  start_service (f, f->data_dir);
  sign_in (f, &tokens);
  {
    const char *current = plr_learning_event_get_grade (event);
    g_autofree char *json = challenge_body (event_id, current,
                                            g_strcmp0 (current, "U") == 0 ? "E" : "U", NULL);
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                   "cli-challenge", json);
    g_autoptr(GBytes) body = send (f, msg);
    g_autoptr(JsonObject) object = parse_object (body);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
    challenge_id = g_strdup (json_object_get_string_member (object, "id"));
  }
  stop_service (f);

  {
    const char * const argv[] = { binary, "--data", f->data_dir, "challenge", "resolve",
                                  challenge_id, "--accept", "--note", "Checked", NULL };

    g_assert_cmpint (run_binary (argv, &result), ==, 0);
    g_assert_true (g_str_has_prefix (result, "Challenge ch_"));
    g_assert_nonnull (strstr (result, "accepted"));
  }
  {
    const char * const argv[] = { binary, "--data", f->data_dir, "challenge", "resolve",
                                  challenge_id, "--reject", NULL };

    g_test_message ("a second resolution fails");
    g_assert_cmpint (run_binary (argv, NULL), !=, 0);
  }
  {
    const char * const argv[] = { binary, "--data", f->data_dir, "challenge", "resolve",
                                  challenge_id, NULL };

    g_test_message ("neither --accept nor --reject is refused");
    g_assert_cmpint (run_binary (argv, NULL), !=, 0);
  }

  start_service (f, f->data_dir);
  record = plr_service_dup_record (f->service, "demo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learning_event_get_grade (find_event (record, event_id)), !=,
                   plr_learning_event_get_grade (event));
}

/* ------------------------------------------------------------------------ */
/* Abuse limits                                                              */

/* One sign-in through the form; returns the status and the Retry-After. */
static guint
attempt_sign_in (Fixture    *f,
                 const char *username,
                 const char *password,
                 guint      *retry_after)
{
  g_autofree char *verifier = make_verifier ();
  g_autofree char *challenge = challenge_for (verifier);
  g_autofree char *path = authorize_path (REDIRECT_URI, "limits-state", challenge);
  g_autofree char *action = NULL;
  g_autoptr(GHashTable) fields = read_sign_in_form (f, path, &action);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = post_sign_in (f, action, fields, username, password, "sign-in",
                                             &body);
  const char *header = response_header (msg, "Retry-After");

  *retry_after = header ? (guint) g_ascii_strtoull (header, NULL, 10) : 0;
  return soup_message_get_status (msg);
}

static void
assert_rate_limited (SoupMessage *msg,
                     GBytes      *body,
                     guint        retry_after)
{
  assert_problem (msg, body, 429, "/problems/rate-limited");
  g_assert_cmpstr (response_header (msg, "Retry-After"), !=, NULL);
  if (retry_after > 0)
    g_assert_cmpuint (g_ascii_strtoull (response_header (msg, "Retry-After"), NULL, 10), ==,
                      retry_after);
}

/* Checks a limit's documented default (docs/protocol.md, "Abuse limits"). */
static void
assert_default_limit (Fixture         *f,
                      PlrServiceLimit  limit,
                      guint            burst,
                      guint            seconds)
{
  guint actual_burst, actual_seconds;

  plr_service_get_limit (f->service, limit, &actual_burst, &actual_seconds);
  g_test_message ("default %s: burst %u, interval %u s", plr_service_limit_to_name (limit),
                  actual_burst, actual_seconds);
  g_assert_cmpuint (actual_burst, ==, burst);
  g_assert_cmpuint (actual_seconds, ==, seconds);
}

static void
test_limits_sign_in_account (Fixture       *f,
                             gconstpointer  data)
{
  const guint burst = 5, seconds = 30;
  guint retry_after = 0;
  gint64 clock = 0;

  assert_default_limit (f, PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT, burst, seconds);

  for (guint i = 0; i < burst; i++)
    g_assert_cmpuint (attempt_sign_in (f, "demo", "wrong", &retry_after), ==, 200);

  g_test_message ("after %u failures even the right password waits", burst);
  g_assert_cmpuint (attempt_sign_in (f, "demo", "demo", &retry_after), ==, 429);
  g_assert_cmpuint (retry_after, >=, seconds - 1);
  g_assert_cmpuint (retry_after, <=, seconds);

  g_test_message ("another account is not held up");
  g_assert_cmpuint (attempt_sign_in (f, "nobody", "wrong", &retry_after), ==, 200);

  g_test_message ("the next failure doubles the back-off");
  clock += seconds + 1;
  plr_service_set_clock_offset (f->service, clock);
  g_assert_cmpuint (attempt_sign_in (f, "demo", "wrong", &retry_after), ==, 200);
  g_assert_cmpuint (attempt_sign_in (f, "demo", "demo", &retry_after), ==, 429);
  g_assert_cmpuint (retry_after, >=, 2 * seconds - 1);
  g_assert_cmpuint (retry_after, <=, 2 * seconds);

  g_test_message ("once it is over, the learner signs in, which forgets the failures");
  clock += 2 * seconds + 1;
  plr_service_set_clock_offset (f->service, clock);
  {
    g_auto(Tokens) tokens = { 0, };

    sign_in (f, &tokens);
  }
  g_assert_cmpuint (attempt_sign_in (f, "demo", "wrong", &retry_after), ==, 200);
  g_assert_cmpuint (attempt_sign_in (f, "demo", "demo", &retry_after), ==, 302);
}

static void
test_limits_sign_in_address (Fixture       *f,
                             gconstpointer  data)
{
  const guint burst = 20, seconds = 45;
  guint retry_after = 0;
  guint elapsed;
  gint64 start;

  assert_default_limit (f, PLR_SERVICE_LIMIT_SIGN_IN_ADDRESS, burst, seconds);

  /* Failures spread over many usernames, as a password sprayer would.
   * Each is checked against a yescrypt hash, so the burst takes seconds
   * of real time, and the wait counts down meanwhile. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < burst; i++)
    {
      g_autofree char *username = g_strdup_printf ("user%u", i);

      g_assert_cmpuint (attempt_sign_in (f, username, "wrong", &retry_after), ==, 200);
    }
  elapsed = (guint) ((g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  g_assert_cmpuint (attempt_sign_in (f, "demo", "demo", &retry_after), ==, 429);
  g_assert_cmpuint (retry_after + elapsed, >=, seconds - 1);
  g_assert_cmpuint (retry_after, <=, seconds);

  plr_service_set_clock_offset (f->service, seconds + 1);
  g_assert_cmpuint (attempt_sign_in (f, "demo", "demo", &retry_after), ==, 302);
}

static void
test_limits_tokens (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *refresh = NULL;

  assert_default_limit (f, PLR_SERVICE_LIMIT_TOKEN_ADDRESS, 30, 2);
  assert_default_limit (f, PLR_SERVICE_LIMIT_TOKEN_ACCOUNT, 10, 6);

  sign_in (f, &tokens);
  refresh = g_strdup (tokens.refresh);

  g_test_message ("refreshes per account");
  plr_service_set_limit (f->service, PLR_SERVICE_LIMIT_TOKEN_ACCOUNT, 2, 60);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SoupMessage) msg = refresh_request (f, refresh);
      g_autoptr(GBytes) body = send (f, msg);

      if (i < 2)
        {
          g_auto(Tokens) next = { 0, };

          read_tokens (msg, body, &next);
          g_free (refresh);
          refresh = g_strdup (next.refresh);
        }
      else
        assert_rate_limited (msg, body, 60);
    }
  plr_service_set_clock_offset (f->service, 61);
  {
    g_autoptr(SoupMessage) msg = refresh_request (f, refresh);
    g_autoptr(GBytes) body = send (f, msg);
    g_auto(Tokens) next = { 0, };

    g_test_message ("the refused refresh did not spend the refresh token");
    read_tokens (msg, body, &next);
  }

  g_test_message ("token calls per address");
  plr_service_set_limit (f->service, PLR_SERVICE_LIMIT_TOKEN_ADDRESS, 3, 10);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SoupMessage) msg = token_request (f, "grant_type", "authorization_code",
                                                  "code", "no-such-code",
                                                  "client_id", CLIENT_ID, NULL);
      g_autoptr(GBytes) body = send (f, msg);

      if (i < 3)
        g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
      else
        assert_rate_limited (msg, body, 10);
    }
  plr_service_set_clock_offset (f->service, 61 + 11);
  {
    g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(SoupMessage) msg = NULL;
    g_autoptr(GBytes) body = NULL;

    g_hash_table_insert (form, (char *) "token", (char *) "not-a-token");
    msg = new_form_message (f, "/oauth/revoke", form);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  }
}

static guint
share_read_status (Fixture    *f,
                   const char *prefix,
                   const char *code,
                   const char *token)
{
  g_autofree char *path = g_strconcat (prefix, code, NULL);

  return get_status (f, path, token);
}

static void
test_limits_share_codes (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *expires = time_from_now (f, 3600);
  g_autofree char *json = share_body ("Acme Ltd", expires);
  g_autoptr(JsonObject) share = NULL;
  const char *code;
  const guint burst = 10, seconds = 60;
  guint guesses = 0, refused = 0;
  gint64 began;
  double unlimited_rate, limited_rate;

  assert_default_limit (f, PLR_SERVICE_LIMIT_SHARE_MISS_ADDRESS, burst, seconds);
  assert_default_limit (f, PLR_SERVICE_LIMIT_SHARE_READ_ADDRESS, 120, 1);

  sign_in (f, &tokens);
  share = create_share (f, tokens.access, "limits-share", json);
  code = json_object_get_string_member (share, "code");

  for (guint i = 0; i < burst; i++)
    {
      g_autofree char *guess = g_strdup_printf ("AAAA-AAAA-%04u", i);

      g_assert_cmpuint (share_read_status (f, i % 2 ? "/s/" : "/v1/shares/", guess, NULL), ==,
                        404);
    }

  g_test_message ("past the limit, the guesser gets 429 for every code, the real one too");
  {
    g_autofree char *path = g_strconcat ("/v1/shares/", code, NULL);
    g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    assert_rate_limited (msg, body, 0);
  }
  g_assert_cmpuint (share_read_status (f, "/s/", code, NULL), ==, 429);

  g_test_message ("the learner's share is not harmed: a minute later it opens");
  plr_service_set_clock_offset (f->service, seconds);
  g_assert_cmpuint (share_read_status (f, "/s/", code, NULL), ==, 200);

  g_test_message ("a guesser on loopback, without limits and with them");
  plr_service_set_limits_enabled_for_tests (f->service, FALSE);
  began = g_get_monotonic_time ();
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *guess = g_strdup_printf ("BBBB-BBBB-%04u", i);

      g_assert_cmpuint (share_read_status (f, "/v1/shares/", guess, NULL), ==, 404);
    }
  unlimited_rate = 300.0 * G_USEC_PER_SEC / MAX (1, g_get_monotonic_time () - began);

  plr_service_set_limits_enabled_for_tests (f->service, TRUE);
  plr_service_set_clock_offset (f->service, 100000);
  began = g_get_monotonic_time ();
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *guess = g_strdup_printf ("CCCC-CCCC-%04u", i);
      guint status = share_read_status (f, "/v1/shares/", guess, NULL);

      if (status == 404)
        guesses++;
      else
        {
          g_assert_cmpuint (status, ==, 429);
          refused++;
        }
    }
  limited_rate = guesses * (double) G_USEC_PER_SEC / MAX (1, g_get_monotonic_time () - began);
  g_test_message ("without limits: %.0f guesses/s; with them: %u of 300 answered "
                  "(%.1f/s in the burst), %u refused; afterwards 1 guess per %u s (%.4f/s)",
                  unlimited_rate, guesses, limited_rate, refused, seconds, 1.0 / seconds);
  g_assert_cmpuint (guesses, ==, burst);
  g_assert_cmpuint (refused, ==, 300 - burst);
}

static void
test_limits_creation (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autofree char *expires = time_from_now (f, 3600);
  g_autofree char *json = share_body ("Acme Ltd", expires);
  PlrLearningEvent *event = plr_record_get_event (f->demo, 4);
  const char *current = plr_learning_event_get_grade (event);
  g_autofree char *challenge = challenge_body (plr_learning_event_get_id (event), current,
                                               g_strcmp0 (current, "U") == 0 ? "E" : "U",
                                               NULL);

  assert_default_limit (f, PLR_SERVICE_LIMIT_SHARE_CREATE, 30, 120);
  assert_default_limit (f, PLR_SERVICE_LIMIT_CHALLENGE_CREATE, 10, 360);

  sign_in (f, &tokens);
  plr_service_set_limit (f->service, PLR_SERVICE_LIMIT_SHARE_CREATE, 2, 100);
  plr_service_set_limit (f->service, PLR_SERVICE_LIMIT_CHALLENGE_CREATE, 1, 100);

  json_object_unref (create_share (f, tokens.access, "share-1", json));
  json_object_unref (create_share (f, tokens.access, "share-2", json));
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/shares", tokens.access,
                                                   "share-3", json);
    g_autoptr(GBytes) body = send (f, msg);

    assert_rate_limited (msg, body, 100);
  }
  g_test_message ("a retry of a change already made is replayed, not counted");
  json_object_unref (create_share (f, tokens.access, "share-1", json));

  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                   "challenge-1", challenge);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  }
  {
    g_autoptr(SoupMessage) msg = new_json_message (f, "POST", "/v1/challenges", tokens.access,
                                                   "challenge-2", challenge);
    g_autoptr(GBytes) body = send (f, msg);

    assert_rate_limited (msg, body, 100);
  }

  g_test_message ("the learner recovers when the wait is over");
  plr_service_set_clock_offset (f->service, 101);
  json_object_unref (create_share (f, tokens.access, "share-3", json));
}

static void
test_limits_off_for_tests (Fixture       *f,
                           gconstpointer  data)
{
  guint retry_after = 0;

  plr_service_set_limits_enabled_for_tests (f->service, FALSE);
  for (guint i = 0; i < 30; i++)
    g_assert_cmpuint (attempt_sign_in (f, "demo", "wrong", &retry_after), ==, 200);
  g_assert_cmpuint (attempt_sign_in (f, "demo", "demo", &retry_after), ==, 302);
}

/* ------------------------------------------------------------------------ */
/* Credentials (issue 13)                                                    */

static char *
holder_query (JsonObject *jwk)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), jwk);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autofree char *b64 = plr_base64url_encode ((const guint8 *) text, strlen (text));

  return g_strconcat ("/v1/credential?holder_jwk=", b64, NULL);
}

static JsonArray *
fetch_jwks (Fixture *f)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", "/.well-known/jwks.json", NULL);
  g_autoptr(GBytes) body = send (f, msg);
  g_autoptr(JsonObject) set = NULL;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  set = parse_object (body);
  return json_array_ref (json_object_get_array_member (set, "keys"));
}

static void
test_credential (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Tokens) tokens = { 0, };
  g_autoptr(GError) error = NULL;
  g_auto(gnutls_privkey_t) holder = plr_jwk_generate (&error);
  g_autoptr(JsonObject) holder_jwk = plr_jwk_from_privkey (holder, FALSE, &error);
  g_autoptr(JsonArray) keys = fetch_jwks (f);
  g_autofree char *path = holder_query (holder_jwk);
  g_autofree char *credential = NULL;
  g_autofree char *etag = NULL;
  g_autoptr(PlrSdJwtVerified) v = NULL;
  PlrSdJwtVerifyOptions options = { 0 };
  JsonObject *claims, *event;
  JsonArray *events;
  guint n_challenged = 0;

  g_assert_cmpuint (json_array_get_length (keys), ==, 1);
  g_assert_false (json_object_has_member (json_array_get_object_element (keys, 0), "d"));
  g_assert_cmpuint (strlen (json_object_get_string_member (json_array_get_object_element (keys, 0), "kid")), ==, 43);

  g_test_message ("without a token: 401");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", path, NULL);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
  }

  sign_in (f, &tokens);

  g_test_message ("a private key, or no key, as the holder key: 400");
  {
    g_autoptr(JsonObject) private_jwk = plr_jwk_from_privkey (holder, TRUE, &error);
    g_autofree char *bad = holder_query (private_jwk);
    const char *paths[] = { bad, "/v1/credential", "/v1/credential?holder_jwk=e30" };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        g_autoptr(SoupMessage) msg = new_message (f, "GET", paths[i], tokens.access);
        g_autoptr(GBytes) body = send (f, msg);

        g_assert_cmpuint (soup_message_get_status (msg), ==, 400);
      }
  }

  g_test_message ("the credential verifies against the published key");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", path, tokens.access);
    g_autoptr(GBytes) body = send (f, msg);

    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpstr (response_header (msg, "Content-Type"), ==, "application/dc+sd-jwt");
    credential = body_text (body);
    etag = g_strdup (response_header (msg, "ETag"));
    g_assert_nonnull (etag);
  }

  options.issuer_keys = keys;
  options.at = g_get_real_time () / G_USEC_PER_SEC;
  v = plr_sd_jwt_verify (credential, &options, &error);
  g_assert_no_error (error);
  claims = json_node_get_object (v->claims);
  g_assert_cmpstr (json_object_get_string_member (claims, "iss"), ==, f->base_url);
  g_assert_cmpstr (json_object_get_string_member (claims, "vct"), ==,
                   "https://learningrecord.github.io/vct/plr/1");
  g_assert_true (json_object_has_member (json_object_get_object_member (claims, "cnf"), "jwk"));
  events = json_object_get_array_member (claims, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, plr_record_get_n_events (f->demo));
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      event = json_array_get_object_element (events, i);
      if (json_object_get_boolean_member_with_default (event, "under_data_challenge", FALSE))
        n_challenged++;
    }

  g_test_message ("with every disclosure taken away, under_data_challenge and source stay");
  {
    g_autofree char *bare = g_strndup (credential, strchr (credential, '~') - credential + 1);
    const char * const none[] = { NULL };
    const char * const events_only[] = { "/events/*", NULL };
    g_autofree char *shown = plr_sd_jwt_present (credential, events_only, NULL, NULL, NULL, 0, &error);
    g_autoptr(PlrSdJwtVerified) w = NULL;
    g_autoptr(PlrSdJwtVerified) x = plr_sd_jwt_verify (bare, &options, &error);

    g_assert_no_error (error);
    g_assert_false (json_object_has_member (json_node_get_object (x->claims), "learner") &&
                    json_object_get_size (json_object_get_object_member (json_node_get_object (x->claims), "learner")) > 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (x->claims), "events")), ==, 0);
    (void) none;

    w = plr_sd_jwt_verify (shown, &options, &error);
    g_assert_no_error (error);
    events = json_object_get_array_member (json_node_get_object (w->claims), "events");
    g_assert_cmpuint (json_array_get_length (events), ==, plr_record_get_n_events (f->demo));
    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        event = json_array_get_object_element (events, i);
        g_assert_true (json_object_has_member (event, "under_data_challenge"));
        g_assert_true (json_object_has_member (event, "source"));
        g_assert_cmpuint (json_object_get_size (event), ==, 2);
      }
  }

  g_test_message ("If-None-Match of the current tag: 304; another holder key: 200");
  {
    g_autoptr(SoupMessage) msg = new_message (f, "GET", path, tokens.access);
    g_autoptr(GBytes) body = NULL;
    g_auto(gnutls_privkey_t) other = plr_jwk_generate (&error);
    g_autoptr(JsonObject) other_jwk = plr_jwk_from_privkey (other, FALSE, &error);
    g_autofree char *other_path = holder_query (other_jwk);
    g_autoptr(SoupMessage) msg2 = new_message (f, "GET", other_path, tokens.access);
    g_autoptr(GBytes) body2 = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match", etag);
    body = send (f, msg);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 304);
    soup_message_headers_replace (soup_message_get_request_headers (msg2), "If-None-Match", etag);
    body2 = send (f, msg2);
    g_assert_cmpuint (soup_message_get_status (msg2), ==, 200);
  }

  g_test_message ("the credential holds no plain value of the learner outside disclosures");
  {
    g_autofree char *jwt = g_strndup (credential, strchr (credential, '~') - credential);
    g_auto(GStrv) parts = g_strsplit (jwt, ".", -1);
    g_autoptr(GBytes) payload = plr_base64url_decode (parts[1], -1);
    g_autofree char *text = body_text (payload);
    PlrLearner *learner = plr_record_get_learner (f->demo);

    g_assert_null (strstr (text, plr_learner_get_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME)));
    g_assert_null (strstr (text, plr_learner_get_value (learner, PLR_LEARNER_FIELD_ULN)));
  }
  (void) n_challenged;
}

static void
test_credential_key_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) first = NULL;
  g_autoptr(JsonArray) second = NULL;
  g_autofree char *key_path = NULL;
  struct stat st;

  f->data_dir = g_dir_make_tmp ("plr-service-XXXXXX", &error);
  g_assert_no_error (error);
  stop_service (f);
  start_service (f, f->data_dir);
  first = fetch_jwks (f);

  g_test_message ("the key is made on first start, 0600, and kept across restarts");
  key_path = g_build_filename (f->data_dir, "issuer-key.jwk", NULL);
  g_assert_cmpint (g_stat (key_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  stop_service (f);
  start_service (f, f->data_dir);
  second = fetch_jwks (f);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (first, 0), "kid"), ==,
                   json_object_get_string_member (json_array_get_object_element (second, 0), "kid"));

  g_test_message ("a key file others can read is refused");
  stop_service (f);
  g_clear_object (&f->service);
  g_assert_cmpint (g_chmod (key_path, 0644), ==, 0);
  {
    g_autoptr(PlrService) service = plr_service_new (f->data_dir, &error);

    g_assert_null (service);
    g_assert_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_PERMISSION);
    g_assert_nonnull (strstr (error->message, "0600"));
  }
  g_assert_cmpint (g_chmod (key_path, 0600), ==, 0);
  g_clear_error (&error);
  start_service (f, f->data_dir);
}

/* 403 is reachable: a read-only token (scope plr.read) reads everything
 * but any change it sends gets 403 /problems/forbidden, and nothing is
 * changed. */
static void
test_read_only_token_forbidden (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *verifier = make_verifier ();
  g_autofree char *code = sign_in_code_scoped (f, "demo", "demo", verifier, "plr.read");
  g_auto(Tokens) tokens = { NULL, };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;

  exchange_code (f, code, verifier, &tokens);
  g_assert_cmpuint (get_status (f, "/v1/learner", tokens.access), ==, 200);
  g_assert_cmpuint (get_status (f, "/v1/shares", tokens.access), ==, 200);
  g_assert_cmpuint (get_status (f, "/v1/access-log", tokens.access), ==, 200);

  msg = new_json_message (f, "PUT", "/v1/sharing-preferences", tokens.access, "key-read-only-1",
                          "{\"opted_out\": true, \"method\": \"app\", \"note\": null}");
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 403);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "/problems/forbidden");
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);

  /* Nothing changed. */
  msg = new_message (f, "GET", "/v1/sharing-preferences", tokens.access);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  object = parse_object (body);
  g_assert_false (json_object_get_boolean_member (object, "opted_out"));
}

/* RFC 8414 metadata and GET /v1/, both without a token. */
static void
test_discovery (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = new_message (f, "GET", "/.well-known/oauth-authorization-server",
                                            NULL);
  g_autoptr(GBytes) body = send (f, msg);
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *token = url_for (f, "/oauth/token");
  g_autofree char *authorize = url_for (f, "/oauth/authorize");
  g_autofree char *revoke = url_for (f, "/oauth/revoke");
  JsonArray *array;

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "issuer"), ==, f->base_url);
  g_assert_cmpstr (json_object_get_string_member (object, "authorization_endpoint"), ==,
                   authorize);
  g_assert_cmpstr (json_object_get_string_member (object, "token_endpoint"), ==, token);
  g_assert_cmpstr (json_object_get_string_member (object, "revocation_endpoint"), ==, revoke);
  array = json_object_get_array_member (object, "code_challenge_methods_supported");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "S256");
  g_assert_true (json_object_get_boolean_member (object,
                                                 "authorization_response_iss_parameter_supported"));
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);

  msg = new_message (f, "GET", "/v1/", NULL);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  object = parse_object (body);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  array = json_object_get_array_member (object, "capabilities");
  g_assert_cmpuint (json_array_get_length (array), >, 0);
  g_clear_pointer (&body, g_bytes_unref);
  g_clear_object (&msg);

  msg = new_message (f, "POST", "/.well-known/oauth-authorization-server", NULL);
  body = send (f, msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 405);
}

int
main (int   argc,
      char *argv[])
{
  static const PlrServiceFault faults[] = {
    PLR_SERVICE_FAULT_SERVER_ERROR, PLR_SERVICE_FAULT_UNAVAILABLE,
    PLR_SERVICE_FAULT_RATE_LIMITED, PLR_SERVICE_FAULT_HANG, PLR_SERVICE_FAULT_RESET,
    PLR_SERVICE_FAULT_TRUNCATED, PLR_SERVICE_FAULT_MALFORMED_JSON,
    PLR_SERVICE_FAULT_WRONG_TYPES, PLR_SERVICE_FAULT_INVALID_ULN,
    PLR_SERVICE_FAULT_OVERSIZED, PLR_SERVICE_FAULT_ADDED_MEMBERS,
  };

  /* Loopback needs no proxy, and the isolated test folders hold no
   * GSettings schemas for the desktop's proxy resolver. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/service/oauth/flow", test_oauth_flow);
  ADD ("/service/oauth/sign-in-page", test_oauth_sign_in_page);
  ADD ("/service/oauth/wrong-verifier", test_oauth_wrong_verifier);
  ADD ("/service/oauth/code-reuse", test_oauth_code_reuse);
  ADD ("/service/oauth/refresh-rotation", test_oauth_refresh_rotation);
  ADD ("/service/oauth/expiry", test_oauth_expiry);
  ADD ("/service/oauth/revoke", test_oauth_revoke);
  ADD ("/service/oauth/redirect-uri", test_oauth_redirect_uri);
  ADD ("/service/record/fetch", test_record_fetch);
  ADD ("/service/record/etag", test_record_etag);
  ADD ("/service/record/stale-cursor", test_record_stale_cursor);
  ADD ("/service/record/large", test_record_large);
  ADD ("/service/record/bad-requests", test_record_bad_requests);
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/service/fault/%s",
                                               plr_service_fault_to_nick (faults[i]));

      g_test_add (path, Fixture, GINT_TO_POINTER (faults[i]),
                  fixture_setup, test_fault, fixture_teardown);
    }
  ADD ("/service/fault/count", test_fault_count);
  ADD ("/service/discovery", test_discovery);
  ADD ("/service/read-only-token-forbidden", test_read_only_token_forbidden);
  ADD ("/service/shares/lifecycle", test_shares_lifecycle);
  ADD ("/service/shares/page-isolates-free-text", test_shares_page_isolates_free_text);
  ADD ("/service/shares/expiry", test_shares_expiry);
  ADD ("/service/shares/invalid", test_shares_invalid);
  ADD ("/service/shares/honest", test_shares_honest);
  ADD ("/service/idempotency", test_idempotency);
  ADD ("/service/preferences", test_preferences);
  ADD ("/service/challenges/accept", test_challenges_accept);
  ADD ("/service/challenges/reject-and-learner", test_challenges_reject_and_learner);
  ADD ("/service/challenges/invalid", test_challenges_invalid);
  ADD ("/service/challenges/integers", test_challenges_integers);
  ADD ("/service/access-log", test_access_log);
  ADD ("/service/problem-pages", test_problem_pages);
  ADD ("/service/request-limits", test_request_limits);
  ADD ("/service/persistence", test_persistence);
  ADD ("/service/password-upgrade", test_password_upgrade);
  ADD ("/service/binary", test_binary);
  ADD ("/service/limits/sign-in-account", test_limits_sign_in_account);
  ADD ("/service/limits/sign-in-address", test_limits_sign_in_address);
  ADD ("/service/limits/tokens", test_limits_tokens);
  ADD ("/service/limits/share-codes", test_limits_share_codes);
  ADD ("/service/limits/creation", test_limits_creation);
  ADD ("/service/limits/off-for-tests", test_limits_off_for_tests);
  ADD ("/service/credential", test_credential);
  ADD ("/service/credential/key-file", test_credential_key_file);

#undef ADD

  return g_test_run ();
}
