/* test-sd-jwt.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plr-base64url.h"
#include "plr-sd-jwt.h"

/* The credential layer: base64url, ES256 JWS, JWK, and SD-JWT issue /
 * present / verify, with one negative vector per verifier rule. */

#define NOW ((gint64) 1800000000)

typedef struct
{
  gnutls_privkey_t issuer;
  gnutls_privkey_t holder;
  JsonObject      *issuer_jwk;
  JsonObject      *holder_jwk;
  JsonArray       *keys;
  char            *kid;
  char            *sd_jwt;
} Fixture;

static const char * const sd_paths[] = {
  "/given_name", "/family_name", "/uln", "/events/*", "/events/*/grade",
  "/events/*/subject", "/address/locality", NULL,
};

static JsonObject *
make_claims (Fixture *f,
             guint    n_events)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "iss"); json_builder_add_string_value (b, "https://127.0.0.1");
  json_builder_set_member_name (b, "vct"); json_builder_add_string_value (b, "https://example.org/vct/1");
  json_builder_set_member_name (b, "iat"); json_builder_add_int_value (b, NOW - 10);
  json_builder_set_member_name (b, "exp"); json_builder_add_int_value (b, NOW + 3600);
  json_builder_set_member_name (b, "given_name"); json_builder_add_string_value (b, "Siân");
  json_builder_set_member_name (b, "family_name"); json_builder_add_string_value (b, "Jones");
  json_builder_set_member_name (b, "uln"); json_builder_add_string_value (b, "9999999999");
  json_builder_set_member_name (b, "address");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "locality"); json_builder_add_string_value (b, "Aberystwyth");
  json_builder_set_member_name (b, "country"); json_builder_add_string_value (b, "GB");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *subject = g_strdup_printf ("Subject %u", i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "subject"); json_builder_add_string_value (b, subject);
      json_builder_set_member_name (b, "grade"); json_builder_add_string_value (b, "A*");
      json_builder_set_member_name (b, "under_data_challenge"); json_builder_add_boolean_value (b, i == 1);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "cnf");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "jwk");
  json_builder_add_value (b, json_node_init_object (json_node_alloc (), f->holder_jwk));
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  return json_object_ref (json_node_get_object (root));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) claims = NULL;
  PlrSdJwtIssueOptions options = { sd_paths, NULL, 3, NULL, NULL };

  f->issuer = plr_jwk_generate (&error);
  g_assert_no_error (error);
  f->holder = plr_jwk_generate (&error);
  g_assert_no_error (error);
  f->issuer_jwk = plr_jwk_from_privkey (f->issuer, FALSE, &error);
  g_assert_no_error (error);
  f->holder_jwk = plr_jwk_from_privkey (f->holder, FALSE, &error);
  g_assert_no_error (error);
  f->kid = plr_jwk_thumbprint (f->issuer_jwk, &error);
  g_assert_no_error (error);
  f->keys = json_array_new ();
  json_array_add_object_element (f->keys, json_object_ref (f->issuer_jwk));

  claims = make_claims (f, 3);
  options.kid = f->kid;
  f->sd_jwt = plr_sd_jwt_issue (claims, &options, f->issuer, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gnutls_privkey_deinit (f->issuer);
  gnutls_privkey_deinit (f->holder);
  json_object_unref (f->issuer_jwk);
  json_object_unref (f->holder_jwk);
  json_array_unref (f->keys);
  g_free (f->kid);
  g_free (f->sd_jwt);
}

static PlrSdJwtVerifyOptions
options_for (Fixture *f)
{
  PlrSdJwtVerifyOptions o = { 0 };

  o.issuer_keys = f->keys;
  o.at = NOW;
  return o;
}

static char *
present (Fixture            *f,
         const char * const *paths)
{
  g_autoptr(GError) error = NULL;
  char *p = plr_sd_jwt_present (f->sd_jwt, paths, f->holder, "https://employer.example",
                                "n-0S6_WzA2Mj", NOW, &error);

  g_assert_no_error (error);
  return p;
}

static void
assert_fails (Fixture                     *f,
              const char                  *token,
              const PlrSdJwtVerifyOptions *options,
              int                          code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrSdJwtVerified) v = plr_sd_jwt_verify (token, options, &error);

  g_assert_error (error, PLR_CREDENTIAL_ERROR, code);
  g_assert_null (v);
}

/* ------------------------------------------------------------------------ */

static void
test_base64url (void)
{
  g_autofree char *e = plr_base64url_encode ((const guint8 *) "\xfb\xff\xbf", 3);
  g_autoptr(GBytes) d = NULL;

  g_assert_cmpstr (e, ==, "-_-_");
  d = plr_base64url_decode ("-_-_", -1);
  g_assert_nonnull (d);
  g_assert_cmpmem (g_bytes_get_data (d, NULL), 3, "\xfb\xff\xbf", 3);

  g_assert_null (plr_base64url_decode ("+/+/", -1));   /* standard alphabet */
  g_assert_null (plr_base64url_decode ("YQ==", -1));   /* padding */
  g_assert_null (plr_base64url_decode ("YR", -1));     /* non-zero spare bits */
  g_assert_null (plr_base64url_decode ("Y", -1));
  g_assert_null (plr_base64url_decode ("Y Q", -1));
  g_clear_pointer (&d, g_bytes_unref);
  d = plr_base64url_decode ("YQ", -1);
  g_assert_cmpmem (g_bytes_get_data (d, NULL), 1, "a", 1);
}

/* RFC 9901 §4.2.1 and §4.2.2: the digests of the example disclosures. */
static void
test_rfc_digests (void)
{
  g_autofree char *a = plr_sd_jwt_disclosure_digest ("WyI2cU1RdlJMNWhhaiIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0");
  g_autofree char *b = plr_sd_jwt_disclosure_digest ("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0");
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (a, ==, "uutlBuYeMDyjLLTpf6Jxi7yNkEF35jdyWMn9U7b_RYY");
  g_assert_cmpstr (b, ==, "w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs");
}

static void
test_jwk_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(gnutls_privkey_t) key = plr_jwk_generate (&error);
  g_autoptr(JsonObject) priv = plr_jwk_from_privkey (key, TRUE, &error);
  g_auto(gnutls_privkey_t) again = plr_jwk_to_privkey (priv, &error);
  g_autoptr(JsonObject) pub = plr_jwk_from_privkey (again, FALSE, &error);
  g_auto(gnutls_pubkey_t) pubkey = plr_jwk_to_pubkey (pub, &error);
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(JsonNode) payload = json_from_string ("{\"a\":1}", NULL);
  g_autofree char *jws = NULL;
  g_autofree char *t1 = NULL, *t2 = NULL;

  g_assert_no_error (error);
  g_assert_true (json_object_has_member (priv, "d"));
  g_assert_false (json_object_has_member (pub, "d"));
  t1 = plr_jwk_thumbprint (priv, NULL);
  t2 = plr_jwk_thumbprint (pub, NULL);
  g_assert_cmpstr (t1, ==, t2);
  g_assert_cmpuint (strlen (t1), ==, 43);

  /* Many signatures, so that r and s with a high bit or leading zero
   * bytes are met. */
  for (guint i = 0; i < 64; i++)
    {
      g_free (jws);
      jws = plr_jws_sign (header, payload, again, &error);
      g_assert_no_error (error);
      g_assert_true (plr_jws_verify (jws, -1, pubkey, &error));
      g_assert_no_error (error);
    }

  /* A JWK with the wrong curve, a short coordinate */
  json_object_set_string_member (pub, "crv", "P-384");
  g_assert_null (plr_jwk_to_pubkey (pub, &error));
  g_assert_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY);
  g_clear_error (&error);
  json_object_set_string_member (pub, "crv", "P-256");
  json_object_set_string_member (pub, "x", "AAAA");
  g_assert_null (plr_jwk_to_pubkey (pub, &error));
  g_assert_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY);
}

static void
test_issue_verify (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  PlrSdJwtVerifyOptions o = options_for (f);
  g_autoptr(PlrSdJwtVerified) v = plr_sd_jwt_verify (f->sd_jwt, &o, &error);
  g_autofree char *json = NULL;
  JsonObject *claims;
  JsonArray *events;

  g_assert_no_error (error);
  g_assert_cmpstr (v->kid, ==, f->kid);
  g_assert_false (v->key_bound);
  claims = json_node_get_object (v->claims);
  g_assert_cmpstr (json_object_get_string_member (claims, "given_name"), ==, "Siân");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (claims, "address"), "locality"),
                   ==, "Aberystwyth");
  g_assert_false (json_object_has_member (claims, "_sd"));
  g_assert_false (json_object_has_member (claims, "_sd_alg"));
  events = json_object_get_array_member (claims, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 2), "subject"), ==, "Subject 2");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (events, 1), "under_data_challenge"));
  g_assert_cmpuint (v->n_undisclosed, >, 0);  /* the decoys */

  /* The issued JWT holds no plain value of a disclosable claim. */
  json = g_strndup (f->sd_jwt, strchr (f->sd_jwt, '~') - f->sd_jwt);
  g_assert_null (strstr (json, "Sub"));
}

static void
test_present_kb (Fixture       *f,
                 gconstpointer  data)
{
  const char * const paths[] = { "/given_name", "/events/1/grade", NULL };
  g_autofree char *p = present (f, paths);
  g_autoptr(GError) error = NULL;
  PlrSdJwtVerifyOptions o = options_for (f);
  g_autoptr(PlrSdJwtVerified) v = NULL;
  JsonObject *claims, *event;
  JsonArray *events;

  o.audience = "https://employer.example";
  o.nonce = "n-0S6_WzA2Mj";
  o.require_key_binding = TRUE;
  v = plr_sd_jwt_verify (p, &o, &error);
  g_assert_no_error (error);
  g_assert_true (v->key_bound);
  g_assert_cmpuint (v->n_disclosed, ==, 3);  /* given_name, events/1, its grade */
  claims = json_node_get_object (v->claims);
  g_assert_true (json_object_has_member (claims, "given_name"));
  g_assert_false (json_object_has_member (claims, "family_name"));
  g_assert_false (json_object_has_member (claims, "uln"));
  events = json_object_get_array_member (claims, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  event = json_array_get_object_element (events, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "grade"), ==, "A*");
  g_assert_false (json_object_has_member (event, "subject"));
  g_assert_true (json_object_get_boolean_member (event, "under_data_challenge"));

  /* Wrong audience, wrong nonce, too old, missing */
  o.audience = "https://other.example";
  assert_fails (f, p, &o, PLR_CREDENTIAL_ERROR_WRONG_AUDIENCE);
  o.audience = "https://employer.example";
  o.nonce = "another";
  assert_fails (f, p, &o, PLR_CREDENTIAL_ERROR_WRONG_NONCE);
  o.nonce = "n-0S6_WzA2Mj";
  o.at = NOW + 3000;
  assert_fails (f, p, &o, PLR_CREDENTIAL_ERROR_EXPIRED);
  o.at = NOW;
  assert_fails (f, f->sd_jwt, &o, PLR_CREDENTIAL_ERROR_KEY_BINDING_MISSING);
}

static void
test_kb_tampered (Fixture       *f,
                  gconstpointer  data)
{
  const char * const paths[] = { "/given_name", NULL };
  const char * const more[] = { "/given_name", "/uln", NULL };
  g_autofree char *p = present (f, paths);
  g_autofree char *q = present (f, more);
  PlrSdJwtVerifyOptions o = options_for (f);
  g_autofree char *spliced = NULL;
  g_autofree char *dropped = NULL;
  const char *kb_p = strrchr (p, '~') + 1;
  const char *kb_q = strrchr (q, '~') + 1;

  /* The KB-JWT of one presentation on the disclosures of another */
  g_autofree char *head_q = g_strndup (q, kb_q - q);
  g_autofree char *head_p = g_strndup (p, strchr (p, '~') - p + 1);

  spliced = g_strconcat (head_q, kb_p, NULL);
  assert_fails (f, spliced, &o, PLR_CREDENTIAL_ERROR_SD_HASH_MISMATCH);

  /* A disclosure removed after binding */
  dropped = g_strconcat (head_p, kb_p, NULL);
  assert_fails (f, dropped, &o, PLR_CREDENTIAL_ERROR_SD_HASH_MISMATCH);

  /* A KB-JWT signed by another key than cnf.jwk */
  {
    g_autoptr(GError) error = NULL;
    g_auto(gnutls_privkey_t) other = plr_jwk_generate (&error);
    g_autofree char *r = plr_sd_jwt_present (f->sd_jwt, paths, other, "a", "n", NOW, &error);

    g_assert_no_error (error);
    assert_fails (f, r, &o, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID);
  }
}

/* Flip one character of the signature. */
static void
test_bad_signature (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *t = g_strdup (f->sd_jwt);
  char *c = strchr (t, '~') - 5;
  PlrSdJwtVerifyOptions o = options_for (f);

  *c = *c == 'A' ? 'B' : 'A';
  assert_fails (f, t, &o, PLR_CREDENTIAL_ERROR_BAD_SIGNATURE);
}

static char *
replace_header (Fixture    *f,
                const char *header_json)
{
  g_autofree char *h = plr_base64url_encode ((const guint8 *) header_json, strlen (header_json));

  return g_strconcat (h, strchr (f->sd_jwt, '.'), NULL);
}

static void
test_alg_none (Fixture       *f,
               gconstpointer  data)
{
  PlrSdJwtVerifyOptions o = options_for (f);
  g_autofree char *none = replace_header (f, "{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}");
  g_autofree char *hs = replace_header (f, "{\"alg\":\"HS256\",\"typ\":\"dc+sd-jwt\"}");
  g_autofree char *typ = replace_header (f, "{\"alg\":\"ES256\",\"typ\":\"JWT\"}");
  g_autofree char *dup = replace_header (f, "{\"alg\":\"ES256\",\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}");

  assert_fails (f, none, &o, PLR_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM);
  assert_fails (f, hs, &o, PLR_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM);
  assert_fails (f, typ, &o, PLR_CREDENTIAL_ERROR_WRONG_TYPE);
  assert_fails (f, dup, &o, PLR_CREDENTIAL_ERROR_MALFORMED);
}

static void
test_unknown_kid (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(gnutls_privkey_t) other = plr_jwk_generate (&error);
  g_autoptr(JsonObject) other_jwk = plr_jwk_from_privkey (other, FALSE, &error);
  g_autoptr(JsonArray) keys = json_array_new ();
  PlrSdJwtVerifyOptions o = options_for (f);

  json_array_add_object_element (keys, g_steal_pointer (&other_jwk));
  o.issuer_keys = keys;
  assert_fails (f, f->sd_jwt, &o, PLR_CREDENTIAL_ERROR_UNKNOWN_KEY);

  /* The right kid on the wrong key */
  json_object_set_string_member (json_array_get_object_element (keys, 0), "kid", f->kid);
  assert_fails (f, f->sd_jwt, &o, PLR_CREDENTIAL_ERROR_BAD_SIGNATURE);
}

static char *
make_disclosure (const char *json)
{
  return plr_base64url_encode ((const guint8 *) json, strlen (json));
}

static void
test_disclosure_rules (Fixture       *f,
                       gconstpointer  data)
{
  PlrSdJwtVerifyOptions o = options_for (f);
  g_auto(GStrv) parts = g_strsplit (f->sd_jwt, "~", -1);
  g_autofree char *extra = make_disclosure ("[\"c2FsdHNhbHRzYWx0\",\"given_name\",\"Eve\"]");
  g_autofree char *added = g_strconcat (f->sd_jwt, extra, "~", NULL);
  g_autofree char *duplicated = g_strconcat (f->sd_jwt, parts[1], "~", NULL);
  g_autofree char *altered = NULL;
  g_autofree char *removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrSdJwtVerified) v = NULL;

  assert_fails (f, added, &o, PLR_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE);
  assert_fails (f, duplicated, &o, PLR_CREDENTIAL_ERROR_REPEATED_DIGEST);

  /* One character of a disclosure changed: its digest is nowhere */
  parts[1][3] = parts[1][3] == 'A' ? 'B' : 'A';
  altered = g_strjoinv ("~", parts);
  {
    g_autoptr(PlrSdJwtVerified) w = plr_sd_jwt_verify (altered, &o, &error);
    g_assert_nonnull (error);
    g_assert_null (w);
    g_clear_error (&error);
  }

  /* A disclosure removed is simply undisclosed */
  removed = g_strconcat (parts[0], "~", NULL);
  v = plr_sd_jwt_verify (removed, &o, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (json_node_get_object (v->claims), "given_name"));
}

/* Hand-built payloads that break the structural rules. */
static char *
issue_raw (Fixture    *f,
           const char *payload_json,
           char       *disclosures_owned)
{
  g_autofree char *disclosures = disclosures_owned;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(JsonNode) payload = json_from_string (payload_json, &error);
  g_autofree char *jwt = NULL;

  g_assert_no_error (error);
  json_object_set_string_member (header, "typ", "dc+sd-jwt");
  jwt = plr_jws_sign (header, payload, f->issuer, &error);
  g_assert_no_error (error);
  return g_strconcat (jwt, "~", disclosures, NULL);
}

static void
test_structure_rules (Fixture       *f,
                      gconstpointer  data)
{
  PlrSdJwtVerifyOptions o = options_for (f);
  g_autofree char *d_sd = make_disclosure ("[\"c2FsdA\",\"_sd\",[\"x\"]]");
  g_autofree char *d_dots = make_disclosure ("[\"c2FsdA\",\"...\",1]");
  g_autofree char *d_name = make_disclosure ("[\"c2FsdA\",\"name\",\"Eve\"]");
  g_autofree char *h_sd = plr_sd_jwt_disclosure_digest (d_sd);
  g_autofree char *h_dots = plr_sd_jwt_disclosure_digest (d_dots);
  g_autofree char *h_name = plr_sd_jwt_disclosure_digest (d_name);
  g_autofree char *p = NULL;
  g_autofree char *t = NULL;

#define CASE(payload, disc, code) \
  G_STMT_START { \
    g_free (p); g_free (t); \
    p = g_strdup_printf payload; \
    t = issue_raw (f, p, disc); \
    assert_fails (f, t, &o, code); \
  } G_STMT_END

  CASE (("{\"_sd\":[\"%s\"]}", h_sd), g_strconcat (d_sd, "~", NULL), PLR_CREDENTIAL_ERROR_RESERVED_NAME);
  CASE (("{\"_sd\":[\"%s\"]}", h_dots), g_strconcat (d_dots, "~", NULL), PLR_CREDENTIAL_ERROR_RESERVED_NAME);
  CASE (("{\"name\":\"Bob\",\"_sd\":[\"%s\"]}", h_name), g_strconcat (d_name, "~", NULL),
        PLR_CREDENTIAL_ERROR_DUPLICATE_CLAIM);
  CASE (("{\"_sd\":[\"%s\",\"%s\"]}", h_name, h_name), g_strconcat (d_name, "~", NULL),
        PLR_CREDENTIAL_ERROR_REPEATED_DIGEST);
  CASE (("{\"a\":{\"_sd\":[\"%s\"]},\"b\":{\"_sd\":[\"%s\"]}}", h_name, h_name), g_strconcat (d_name, "~", NULL),
        PLR_CREDENTIAL_ERROR_REPEATED_DIGEST);
  CASE (("{\"list\":[{\"...\":\"%s\"}]}", h_name), g_strconcat (d_name, "~", NULL), PLR_CREDENTIAL_ERROR_MALFORMED);
  CASE (("{\"_sd_alg\":\"sha-512\",\"_sd\":[\"%s\"]}", h_name), g_strconcat (d_name, "~", NULL),
        PLR_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM);
  CASE (("{\"exp\":%" G_GINT64_FORMAT "}", NOW), g_strdup (""), PLR_CREDENTIAL_ERROR_EXPIRED);
  CASE (("{\"nbf\":%" G_GINT64_FORMAT "}", NOW + 1), g_strdup (""), PLR_CREDENTIAL_ERROR_NOT_YET_VALID);
#undef CASE
}

static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  PlrSdJwtVerifyOptions o = options_for (f);

  o.at = NOW + 3600;
  assert_fails (f, f->sd_jwt, &o, PLR_CREDENTIAL_ERROR_EXPIRED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sd-jwt/base64url", test_base64url);
  g_test_add_func ("/sd-jwt/rfc-digests", test_rfc_digests);
  g_test_add_func ("/sd-jwt/jwk-roundtrip", test_jwk_roundtrip);
#define ADD(path, fn) g_test_add ("/sd-jwt/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("issue-verify", test_issue_verify);
  ADD ("present-key-binding", test_present_kb);
  ADD ("key-binding-tampered", test_kb_tampered);
  ADD ("bad-signature", test_bad_signature);
  ADD ("alg-none", test_alg_none);
  ADD ("unknown-kid", test_unknown_kid);
  ADD ("disclosure-rules", test_disclosure_rules);
  ADD ("structure-rules", test_structure_rules);
  ADD ("expired", test_expired);
#undef ADD

  return g_test_run ();
}
