/* test-jwks.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Issue 13, item 5: the issuer's keys fetched from the real reference
 * service on 127.0.0.1, checked strictly, cached in the store, and a
 * credential verified with the cached keys after the service has gone. */

#include "config.h"

#include <string.h>

#include "plr-jwks.h"
#include "plr-record-json.h"
#include "plr-sample.h"
#include "plr-sd-jwt.h"
#include "plr-service.h"
#include "plr-service-private.h"
#include "plr-store.h"
#include "plr-test-util.h"

static char *
issue_demo_credential (PlrService *service)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_sample_demo ();
  g_autoptr(JsonNode) record_node = plr_record_to_json_node (record);
  g_autoptr(JsonObject) claims = json_object_new ();
  JsonObject *record_object = json_node_get_object (record_node);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  char *credential;

  json_object_set_string_member (claims, "iss", "http://127.0.0.1/");
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);
  json_object_set_string_member (claims, "vct", PLR_CREDENTIAL_VCT);
  json_object_set_member (claims, "learner",
                          json_node_copy (json_object_get_member (record_object, "learner")));
  json_object_set_member (claims, "events",
                          json_node_copy (json_object_get_member (record_object, "events")));
  credential = _plr_service_credential_issue (service, claims, &error);
  g_assert_no_error (error);
  return credential;
}

static void
verify_with (const char *credential,
             JsonArray  *keys,
             GQuark      domain,
             int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrSdJwtVerified) verified = NULL;
  PlrSdJwtVerifyOptions options = { 0 };

  options.issuer_keys = keys;
  options.at = g_get_real_time () / G_USEC_PER_SEC;
  verified = plr_sd_jwt_verify (credential, &options, &error);
  if (domain == 0)
    {
      g_assert_no_error (error);
      g_assert_nonnull (verified);
      g_assert_cmpuint (verified->n_disclosed, >, 0);
    }
  else
    {
      g_assert_error (error, domain, code);
      g_assert_null (verified);
    }
}

static void
test_fetch_cache_verify (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrService) service = NULL;
  g_autoptr(PlrService) other = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(JsonArray) keys = NULL;
  g_autoptr(JsonArray) cached = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *url = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *stranger = NULL;
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "jwks-cache.db", NULL);

  service = plr_service_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plr_service_listen_local (service, 0, &error));
  g_assert_no_error (error);
  base_url = plr_service_dup_base_url (service);
  url = plr_jwks_url_for_service (base_url);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, "/.well-known/jwks.json"));

  store = plr_store_new (db, &error);
  g_assert_no_error (error);
  none = plr_jwks_load_cached (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);

  plr_jwks_fetch_async (url, store, NULL, plr_test_async_cb, &result);
  keys = plr_jwks_fetch_finish (plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (keys), ==, 1);

  credential = issue_demo_credential (service);
  verify_with (credential, keys, 0, 0);

  /* Another issuer's credential is refused with this issuer's keys. */
  other = plr_service_new (NULL, &error);
  g_assert_no_error (error);
  stranger = issue_demo_credential (other);
  verify_with (stranger, keys, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_UNKNOWN_KEY);

  /* Offline: the service has gone, a fresh store reads the keys back. */
  g_clear_object (&service);
  g_clear_object (&store);
  store = plr_store_new (db, &error);
  g_assert_no_error (error);
  texts = plr_store_dup_issuer_keys (store, url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 1);
  cached = plr_jwks_load_cached (store, url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (cached), ==, 1);
  verify_with (credential, cached, 0, 0);

  /* Fetching again (here: failing, the service is gone) keeps the cache. */
  g_clear_object (&result);
  plr_jwks_fetch_async (url, store, NULL, plr_test_async_cb, &result);
  g_assert_null (plr_jwks_fetch_finish (plr_test_wait_for (&result), &error));
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE);
  g_clear_error (&error);
  g_clear_pointer (&cached, json_array_unref);
  cached = plr_jwks_load_cached (store, NULL, &error);
  g_assert_cmpuint (json_array_get_length (cached), ==, 1);
}

/* A stand-in on 127.0.0.1 that answers what the test sets. */
typedef struct
{
  guint       status;
  const char *body;
  gsize       length;
} Answer;

static void
answer_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Answer *answer = user_data;

  soup_server_message_set_status (message, answer->status, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    answer->body, answer->length);
}

static void
test_refused_answers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  g_autofree char *big = NULL;
  Answer answer = { 0 };
  gsize big_length = PLR_JWKS_MAX_BYTES + 1;

  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  soup_server_add_handler (server, NULL, answer_cb, &answer, NULL);

  {
    struct { guint status; const char *body; int code; } cases[] = {
      { 404, "{}", PLR_CLIENT_ERROR_NOT_FOUND },
      { 500, "{}", PLR_CLIENT_ERROR_SERVER },
      { 200, "not json", PLR_CLIENT_ERROR_INVALID_RESPONSE },
      { 200, "{\"keys\": []}", PLR_CLIENT_ERROR_INVALID_RESPONSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *text = NULL;

        answer.status = cases[i].status;
        answer.body = cases[i].body;
        answer.length = strlen (cases[i].body);
        /* The blocking fetch runs on a worker thread: the server answers
         * on this one. */
        {
          g_autoptr(GAsyncResult) result = NULL;
          g_autoptr(JsonArray) keys = NULL;

          plr_jwks_fetch_async (url, NULL, NULL, plr_test_async_cb,
                                &result);
          keys = plr_jwks_fetch_finish (plr_test_wait_for (&result), &error);
          g_test_message ("%u %s: %s", cases[i].status, cases[i].body,
                          error ? error->message : "(accepted)");
          g_assert_null (keys);
          g_assert_error (error, PLR_CLIENT_ERROR, cases[i].code);
          g_clear_error (&error);
        }
      }
  }

  /* An answer too large to be keys: refused without reading it all. */
  big = g_malloc (big_length);
  memset (big, ' ', big_length);
  answer.status = 200;
  answer.body = big;
  answer.length = big_length;
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonArray) keys = NULL;

    plr_jwks_fetch_async (url, NULL, NULL, plr_test_async_cb,
                          &result);
    keys = plr_jwks_fetch_finish (plr_test_wait_for (&result), &error);
    g_assert_null (keys);
    g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE);
    g_clear_error (&error);
  }

  /* Plain http:// to another computer is refused before any connection. */
  g_assert_null (plr_jwks_fetch (NULL, "http://plr.example.ac.uk/.well-known/jwks.json", NULL,
                                 &error));
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INSECURE);
}

static void
test_parse_strict (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(gnutls_privkey_t) key = plr_jwk_generate (&error);
  g_autoptr(JsonObject) pub = NULL;
  g_autoptr(JsonObject) priv = NULL;
  g_autoptr(JsonArray) keys = NULL;
  g_autofree char *pub_text = NULL;
  g_autofree char *priv_text = NULL;
  g_autofree char *good = NULL;
  g_autofree char *with_private = NULL;
  g_autofree char *bad_kid = NULL;
  g_autofree char *duplicate = NULL;
  g_autofree char *not_p256 = NULL;
  g_autoptr(JsonNode) pub_node = NULL;
  g_autoptr(JsonNode) priv_node = NULL;

  g_assert_no_error (error);
  pub = plr_jwk_from_privkey (key, FALSE, &error);
  priv = plr_jwk_from_privkey (key, TRUE, &error);
  g_assert_no_error (error);
  pub_node = json_node_init_object (json_node_alloc (), pub);
  priv_node = json_node_init_object (json_node_alloc (), priv);
  pub_text = json_to_string (pub_node, FALSE);
  priv_text = json_to_string (priv_node, FALSE);

  good = g_strdup_printf ("{\"keys\": [%s]}", pub_text);
  keys = plr_jwks_parse (good, strlen (good), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (keys), ==, 1);

  with_private = g_strdup_printf ("{\"keys\": [%s]}", priv_text);
  bad_kid = g_strdup_printf ("{\"keys\": [{\"kid\": 7, %s]}", pub_text + 1);
  duplicate = g_strdup_printf ("{\"keys\": [%s], \"keys\": [%s]}", pub_text, pub_text);
  not_p256 = g_strdup ("{\"keys\": [{\"kty\": \"RSA\", \"n\": \"AQAB\", \"e\": \"AQAB\"}]}");
  {
    const char *refused[] = {
      with_private, bad_kid, duplicate, not_p256,
      "[]", "{}", "{\"keys\": {}}", "{\"keys\": []}", "{\"keys\": [1]}", "",
    };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr(JsonArray) none = plr_jwks_parse (refused[i], strlen (refused[i]), &error);

        g_test_message ("%s: %s", refused[i], error ? error->message : "(accepted)");
        g_assert_null (none);
        g_assert_error (error, PLR_CREDENTIAL_ERROR, error->code);
        g_clear_error (&error);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  plr_test_log_capture_install ();

  g_test_add_func ("/jwks/parse-strict", test_parse_strict);
  g_test_add_func ("/jwks/fetch-cache-verify", test_fetch_cache_verify);
  g_test_add_func ("/jwks/refused-answers", test_refused_answers);
  return g_test_run ();
}
