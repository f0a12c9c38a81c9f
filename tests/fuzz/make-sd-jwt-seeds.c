/* make-sd-jwt-seeds.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Writes the seed corpus of the sd-jwt fuzz target into DIR:
 *
 *   make-sd-jwt-seeds tests/fuzz/corpus/sd-jwt
 *
 * a credential of the demo record signed with fuzz-sd-jwt-keys.h's issuer
 * key, a presentation of some of it with key binding, and broken ones
 * (one signature byte, a disclosure dropped after binding, a disclosure
 * repeated, no signature), so that fuzzing starts at every check. */

#include "config.h"

#include <string.h>

#include "plr-record-json.h"
#include "plr-sample.h"
#include "plr-sd-jwt.h"

#include "fuzz-sd-jwt-keys.h"

static void
put (const char *dir,
     const char *name,
     const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, text, -1, &error))
    g_error ("%s", error->message);
}

static gnutls_privkey_t
key (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) jwk = plr_jwk_parse (text, -1, &error);
  gnutls_privkey_t privkey = jwk ? plr_jwk_to_privkey (jwk, &error) : NULL;

  if (privkey == NULL)
    g_error ("%s", error->message);
  return privkey;
}

int
main (int   argc,
      char *argv[])
{
  static const char * const sd_paths[] = {
    "/learner/*", "/events/*", "/events/*/*", NULL,
  };
  static const char * const plain_paths[] = {
    "/events/*/under_data_challenge", "/events/*/source", NULL,
  };
  static const char * const shown[] = {
    "/learner/given_name", "/events/0/subject", "/events/0/grade", "/events/1", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_sample_demo ();
  g_autoptr(JsonNode) record_node = plr_record_to_json_node (record);
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonObject) cnf = json_object_new ();
  g_autoptr(JsonObject) holder_jwk = NULL;
  g_auto(gnutls_privkey_t) issuer = key (FUZZ_SD_JWT_ISSUER_PRIVATE);
  g_auto(gnutls_privkey_t) holder = key (FUZZ_SD_JWT_HOLDER_PRIVATE);
  g_autofree char *credential = NULL;
  g_autofree char *presentation = NULL;
  g_autofree char *kid = NULL;
  g_auto(GStrv) parts = NULL;
  JsonObject *record_object = json_node_get_object (record_node);
  PlrSdJwtIssueOptions options = { 0 };
  char *signature;

  if (argc != 2)
    {
      g_printerr ("usage: make-sd-jwt-seeds DIR\n");
      return 2;
    }

  holder_jwk = plr_jwk_from_privkey (holder, FALSE, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) issuer_jwk = plr_jwk_parse (FUZZ_SD_JWT_ISSUER_PUBLIC, -1, &error);
    kid = plr_jwk_thumbprint (issuer_jwk, &error);
    g_assert_no_error (error);
  }

  json_object_set_string_member (claims, "iss", "http://127.0.0.1/");
  json_object_set_int_member (claims, "iat", FUZZ_SD_JWT_AT - 60);
  json_object_set_int_member (claims, "exp", FUZZ_SD_JWT_AT + 3600);
  json_object_set_string_member (claims, "vct", "https://learningrecord.github.io/vct/plr/1");
  json_object_set_member (claims, "learner",
                          json_node_copy (json_object_get_member (record_object, "learner")));
  /* Three events keep the seeds small. */
  {
    JsonArray *events = json_object_get_array_member (record_object, "events");
    JsonArray *few = json_array_new ();

    for (guint i = 0; i < MIN (3, json_array_get_length (events)); i++)
      json_array_add_element (few, json_node_copy (json_array_get_element (events, i)));
    json_object_set_array_member (claims, "events", few);
  }
  json_object_set_object_member (cnf, "jwk", json_object_ref (holder_jwk));
  json_object_set_object_member (claims, "cnf", json_object_ref (cnf));

  options.sd_paths = sd_paths;
  options.plain_paths = plain_paths;
  options.max_decoys = 2;
  options.kid = kid;
  credential = plr_sd_jwt_issue (claims, &options, issuer, &error);
  g_assert_no_error (error);
  presentation = plr_sd_jwt_present (credential, shown, holder, FUZZ_SD_JWT_AUDIENCE,
                                     FUZZ_SD_JWT_NONCE, FUZZ_SD_JWT_AT - 10, &error);
  g_assert_no_error (error);

  put (argv[1], "seed-credential", credential);
  put (argv[1], "seed-presentation", presentation);

  /* One byte of the issuer's signature changed. */
  {
    g_autofree char *broken = g_strdup (presentation);
    char *tilde = strchr (broken, '~');

    signature = tilde - 5;
    *signature = *signature == 'A' ? 'B' : 'A';
    put (argv[1], "seed-bad-signature", broken);
  }
  /* A disclosure dropped after the key binding was made. */
  parts = g_strsplit (presentation, "~", -1);
  if (g_strv_length (parts) > 3)
    {
      g_autoptr(GString) dropped = g_string_new (parts[0]);

      for (guint i = 2; parts[i] != NULL; i++)
        g_string_append_printf (dropped, "~%s", parts[i]);
      put (argv[1], "seed-dropped-disclosure", dropped->str);
    }
  /* A disclosure given twice, in the credential without binding. */
  {
    g_auto(GStrv) cparts = g_strsplit (credential, "~", -1);
    g_autofree char *twice = g_strdup_printf ("%s~%s~%s~", cparts[0], cparts[1], cparts[1]);

    put (argv[1], "seed-repeated-disclosure", twice);
  }
  /* The issuer-signed JWT with no signature. */
  {
    g_autofree char *unsigned_jwt = g_strndup (credential, strrchr (parts[0], '.') - parts[0] + 1);
    g_autofree char *text = g_strconcat (unsigned_jwt, "~", NULL);

    put (argv[1], "seed-no-signature", text);
  }
  return 0;
}
