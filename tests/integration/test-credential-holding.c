/* test-credential-holding.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Holding (issue 13, item 2): the real client, a real gnome-keyring (under
 * run-with-keyring.sh) and the real reference service on 127.0.0.1. A
 * refresh makes the holder key, keeps it in the keyring, fetches the
 * service's credential bound to it, and the cache keeps the credential with
 * exactly the record it was issued for. */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "plr-base64url.h"
#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-jose.h"
#include "plr-sample.h"
#include "plr-sd-jwt.h"
#include "plr-service.h"
#include "plr-store.h"
#include "plr-test-util.h"
#include "plr-view-presentation.h"

#define USERNAME "learner"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  PlrService        *service;
  char              *base_url;
  SoupSession       *session;
  PlrTokenStore     *tokens;
  PlrHolderKeyStore *holder_keys;
  PlrClient         *client;
  PlrStore          *store;
  GString           *log;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_sample_generate (20261207, 24);
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db",
                                          NULL);

  fixture->log = plr_test_log_capture_begin ();
  fixture->service = plr_service_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plr_service_add_learner (fixture->service, USERNAME, PASSWORD, record, &error));
  g_assert_true (plr_service_listen_local (fixture->service, 0, &error));
  g_assert_no_error (error);
  fixture->base_url = plr_service_dup_base_url (fixture->service);
  g_assert_true (g_str_has_prefix (fixture->base_url, "http://127.0.0.1:"));

  fixture->session = soup_session_new_with_options ("timeout", 5, NULL);
  fixture->tokens = plr_memory_token_store_new ();
  fixture->holder_keys = plr_holder_key_store_new ();
  fixture->client = plr_client_new (fixture->session, fixture->base_url, fixture->tokens, &error);
  g_assert_no_error (error);
  plr_client_set_holder_key_store (fixture->client, fixture->holder_keys);
  plr_form_sign_in_set_browser (fixture->client, fixture->session, USERNAME, PASSWORD);
  plr_client_set_retry_policy (fixture->client, 3, 10);

  g_remove (db);
  fixture->store = plr_store_new (db, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  plr_holder_key_store_clear_sync (fixture->holder_keys, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->holder_keys);
  g_clear_object (&fixture->tokens);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->service);
  g_clear_pointer (&fixture->base_url, g_free);
  plr_test_log_capture_end ();
  fixture->log = NULL;

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The service's published keys, over HTTP like any verifier would. */
static JsonArray *
fetch_jwks (Fixture *fixture)
{
  g_autofree char *url = g_strconcat (fixture->base_url, ".well-known/jwks.json", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* Async: the service answers on this thread's main loop. */
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    plr_test_async_cb, &result);
  body = soup_session_send_and_read_finish (fixture->session, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  return json_array_ref (json_object_get_array_member (json_node_get_object (node), "keys"));
}

static PlrSdJwtVerified *
verify_credential (Fixture             *fixture,
                   PlrRecordCredential *credential)
{
  g_autoptr(JsonArray) keys = fetch_jwks (fixture);
  PlrSdJwtVerifyOptions options = { .issuer_keys = keys, .at = g_get_real_time () / G_USEC_PER_SEC };
  g_autoptr(GError) error = NULL;
  PlrSdJwtVerified *verified;

  verified = plr_sd_jwt_verify (plr_record_credential_get_compact (credential), &options, &error);
  g_assert_no_error (error);
  return verified;
}

static char *
holder_thumbprint (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) jwk = plr_holder_key_store_ensure_sync (fixture->holder_keys,
                                                                 fixture->base_url, NULL, &error);
  g_auto(gnutls_privkey_t) key = NULL;
  g_autoptr(JsonObject) pub = NULL;

  g_assert_no_error (error);
  key = plr_jwk_to_privkey (jwk, &error);
  g_assert_no_error (error);
  pub = plr_jwk_from_privkey (key, FALSE, &error);
  g_assert_no_error (error);
  return plr_jwk_thumbprint (pub, NULL);
}

static void
test_fetch_holds_credential (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(PlrSdJwtVerified) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *thumbprint = NULL;
  g_autofree char *cnf_thumbprint = NULL;
  g_autofree char *signed_by = NULL;
  g_autofree char *secret = NULL;
  PlrRecordCredential *credential;
  JsonObject *claims;

  plr_test_sign_in (fixture->client);
  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);

  stored = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);
  credential = plr_record_get_credential (stored);
  g_assert_nonnull (credential);
  g_assert_cmpstr (plr_record_credential_get_issuer (credential), ==, fixture->base_url);
  g_assert_cmpint (plr_record_credential_get_expires_at (credential), >,
                   plr_record_credential_get_issued_at (credential));
  g_assert_false (plr_record_credential_is_expired (credential, g_get_real_time () / G_USEC_PER_SEC));

  /* The key is in the keyring, as a private JWK, and nowhere else. */
  g_assert_true (plr_holder_key_store_get_in_keyring (fixture->holder_keys, fixture->base_url));
  secret = secret_password_lookup_sync (&(SecretSchema) {
                                          "io.github.learningrecord.LearningRecord.HolderKey",
                                          SECRET_SCHEMA_DONT_MATCH_NAME,
                                          { { "app", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                            { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                            { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
                                            { NULL, 0 } } },
                                        NULL, &error,
                                        "app", APP_ID, "kind", "holder-key",
                                        "service", fixture->base_url, NULL);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_nonnull (strstr (secret, "\"d\""));
  {
    g_autoptr(JsonObject) jwk = plr_jwk_parse (secret, -1, &error);
    const char *d;

    g_assert_no_error (error);
    d = json_object_get_string_member (jwk, "d");
    g_assert_null (strstr (fixture->log->str, d));
    g_assert_null (strstr (plr_record_credential_get_compact (credential), d));
  }

  /* The service's signature holds, and the credential is bound to this key. */
  verified = verify_credential (fixture, credential);
  claims = json_node_get_object (verified->claims);
  thumbprint = holder_thumbprint (fixture);
  cnf_thumbprint = plr_jwk_thumbprint (json_object_get_object_member (
                                         json_object_get_object_member (claims, "cnf"), "jwk"),
                                       NULL);
  g_assert_cmpstr (cnf_thumbprint, ==, thumbprint);
  g_assert_cmpint (json_object_get_int_member (claims, "record_version"), ==,
                   plr_record_credential_get_record_version (credential));

  signed_by = plr_record_dup_signed_by (stored);
  g_assert_nonnull (signed_by);
  g_assert_true (g_str_has_prefix (signed_by, "Signed by 127.0.0.1 on "));
}

static void
test_new_record_new_credential (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecordDiff) second = NULL;
  g_autoptr(PlrRecordDiff) third = NULL;
  g_autoptr(PlrRecord) before = NULL;
  g_autoptr(PlrRecord) after = NULL;
  g_autoptr(PlrRecord) changed = NULL;
  g_autoptr(PlrRecord) unchanged = NULL;
  g_autoptr(PlrRecord) from_file = NULL;
  g_autoptr(PlrRecord) previous = NULL;
  g_autoptr(GError) error = NULL;
  PlrLearningEvent *event;

  plr_test_sign_in (fixture->client);
  first = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  before = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_nonnull (plr_record_get_credential (before));

  /* Nothing changed: a 304 keeps the record and its credential. */
  third = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  unchanged = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_cmpstr (plr_record_credential_get_compact (plr_record_get_credential (unchanged)), ==,
                   plr_record_credential_get_compact (plr_record_get_credential (before)));

  changed = plr_service_dup_record (fixture->service, USERNAME, &error);
  g_assert_no_error (error);
  event = plr_record_get_event (changed, 2);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE,
                                g_strcmp0 (plr_learning_event_get_grade (event), "B") == 0 ? "C" : "B");
  g_assert_true (plr_service_set_record (fixture->service, USERNAME, changed, &error));
  g_assert_no_error (error);

  second = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  after = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_nonnull (plr_record_get_credential (after));
  g_assert_cmpint (plr_record_credential_get_record_version (plr_record_get_credential (after)), >,
                   plr_record_credential_get_record_version (plr_record_get_credential (before)));
  g_assert_cmpstr (plr_record_credential_get_compact (plr_record_get_credential (after)), !=,
                   plr_record_credential_get_compact (plr_record_get_credential (before)));
  /* The earlier snapshot keeps its own credential, never the new one. */
  previous = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_PREVIOUS, &error);
  g_assert_cmpstr (plr_record_credential_get_compact (plr_record_get_credential (previous)), ==,
                   plr_record_credential_get_compact (plr_record_get_credential (before)));

  /* A record from elsewhere replaces it without a credential: the signed
   * copy of another record does not stay beside it. */
  from_file = plr_sample_generate (7, 5);
  plr_record_set_source (from_file, PLR_RECORD_SOURCE_FILE);
  g_assert_true (plr_store_replace_record (fixture->store, from_file, NULL, &error));
  g_clear_object (&after);
  after = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_null (plr_record_get_credential (after));
  g_assert_null (plr_record_dup_signed_by (after));
}

static void
test_same_key_each_time (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *a = holder_thumbprint (fixture);
  g_autofree char *b = NULL;
  g_autoptr(PlrHolderKeyStore) other = plr_holder_key_store_new ();
  g_autoptr(JsonObject) jwk = NULL;
  g_autoptr(GError) error = NULL;

  b = holder_thumbprint (fixture);
  g_assert_cmpstr (a, ==, b);

  /* A new store (a new session) finds the same key in the keyring. */
  jwk = plr_holder_key_store_ensure_sync (other, fixture->base_url, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plr_holder_key_store_get_in_keyring (other, fixture->base_url));
  {
    g_auto(gnutls_privkey_t) key = plr_jwk_to_privkey (jwk, NULL);
    g_autoptr(JsonObject) pub = plr_jwk_from_privkey (key, FALSE, NULL);
    g_autofree char *c = plr_jwk_thumbprint (pub, NULL);

    g_assert_cmpstr (c, ==, a);
  }

  /* Cleared, it is gone from the keyring: the next one is new. */
  g_assert_true (plr_holder_key_store_clear_sync (other, fixture->base_url, NULL, &error));
  g_clear_object (&fixture->holder_keys);
  fixture->holder_keys = plr_holder_key_store_new ();
  g_free (b);
  b = holder_thumbprint (fixture);
  g_assert_cmpstr (a, !=, b);
}


/* Presenting (item 3): a view of two entries, with subject and grade and
 * the given name, discloses exactly those, verified against the service's
 * published key with its key binding. */
static void
test_present_view (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(JsonObject) jwk = NULL;
  g_auto(gnutls_privkey_t) holder = NULL;
  g_autofree char *presentation = NULL;
  g_autoptr(JsonArray) keys = NULL;
  g_autoptr(PlrSdJwtVerified) verified = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  PlrSdJwtVerifyOptions options = { 0 };
  JsonObject *claims;
  JsonArray *events;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_parts;

  plr_test_sign_in (fixture->client);
  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  stored = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_nonnull (plr_record_get_credential (stored));

  plr_view_set_use_rule (view, FALSE);
  plr_view_pick_entry (view, g_ascii_strtoll (plr_learning_event_get_value (
                                                plr_record_get_event (stored, 5), PLR_EVENT_FIELD_ID), NULL, 10));
  plr_view_pick_entry (view, g_ascii_strtoll (plr_learning_event_get_value (
                                                plr_record_get_event (stored, 11), PLR_EVENT_FIELD_ID), NULL, 10));
  plr_view_set_event_fields (view, PLR_VIEW_FIELD_BIT (PLR_EVENT_FIELD_SUBJECT) |
                                   PLR_VIEW_FIELD_BIT (PLR_EVENT_FIELD_GRADE));
  plr_view_set_learner_fields (view, PLR_VIEW_FIELD_BIT (PLR_LEARNER_FIELD_GIVEN_NAME));

  jwk = plr_holder_key_store_ensure_sync (fixture->holder_keys, fixture->base_url, NULL, &error);
  g_assert_no_error (error);
  holder = plr_jwk_to_privkey (jwk, &error);
  g_assert_no_error (error);
  presentation = plr_view_present (view, stored, holder, "https://employer.example", "n-0123456789",
                                   now, &error);
  g_assert_no_error (error);

  /* jwt, learner field, 2 events, 2 × 2 fields, kb-jwt */
  parts = g_strsplit (presentation, "~", -1);
  n_parts = g_strv_length (parts);
  g_assert_cmpuint (n_parts, ==, 1 + 1 + 2 + 4 + 1);

  keys = fetch_jwks (fixture);
  options.issuer_keys = keys;
  options.at = now;
  options.audience = "https://employer.example";
  options.nonce = "n-0123456789";
  options.require_key_binding = TRUE;
  verified = plr_sd_jwt_verify (presentation, &options, &error);
  g_assert_no_error (error);
  g_assert_true (verified->key_bound);
  g_assert_cmpuint (verified->n_disclosed, ==, 7);

  claims = json_node_get_object (verified->claims);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (claims, "learner")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (claims, "learner"),
                                                  "given_name"), ==,
                   plr_learner_get_value (plr_record_get_learner (stored), PLR_LEARNER_FIELD_GIVEN_NAME));
  events = json_object_get_array_member (claims, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      PlrLearningEvent *source = plr_record_get_event (stored, i == 0 ? 5 : 11);

      g_assert_cmpstr (json_object_get_string_member (event, "subject"), ==,
                       plr_learning_event_get_value (source, PLR_EVENT_FIELD_SUBJECT));
      g_assert_cmpstr (json_object_get_string_member (event, "grade"), ==,
                       plr_learning_event_get_value (source, PLR_EVENT_FIELD_GRADE));
      /* Not chosen, so not there: the id, the awarding body, the dates. */
      g_assert_false (json_object_has_member (event, "id"));
      g_assert_false (json_object_has_member (event, "awarding_organisation_name"));
      g_assert_false (json_object_has_member (event, "achievement_award_date"));
    }

  /* No disclosure is about anything else: decode each one. */
  for (guint i = 1; i + 1 < n_parts; i++)
    {
      g_autoptr(GBytes) bytes = plr_base64url_decode (parts[i], -1);
      gsize length;
      const char *plain;

      g_assert_nonnull (bytes);
      plain = g_bytes_get_data (bytes, &length);
      g_assert_null (g_strstr_len (plain, length, "family_name"));
      g_assert_null (g_strstr_len (plain, length, "date_of_birth"));
      g_assert_null (g_strstr_len (plain, length, "uln"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("PLR_TEST_KEYRING") == NULL)
    {
      g_test_skip ("needs run-with-keyring.sh");
      return g_test_run ();
    }

  g_test_add ("/credential-holding/fetch-holds-credential", Fixture, NULL,
              fixture_set_up, test_fetch_holds_credential, fixture_tear_down);
  g_test_add ("/credential-holding/new-record-new-credential", Fixture, NULL,
              fixture_set_up, test_new_record_new_credential, fixture_tear_down);
  g_test_add ("/credential-holding/present-view", Fixture, NULL,
              fixture_set_up, test_present_view, fixture_tear_down);
  g_test_add ("/credential-holding/same-key-each-time", Fixture, NULL,
              fixture_set_up, test_same_key_each_time, fixture_tear_down);

  return g_test_run ();
}
