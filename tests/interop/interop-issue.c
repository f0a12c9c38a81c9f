/* interop-issue.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plr-base64url.h"
#include "plr-record-json.h"
#include "plr-sample.h"
#include "plr-sd-jwt.h"
#include "plr-service-private.h"

/* Writes into DIR what the npm library checks: the reference service's
 * credential for the demo record (the service's own key and issuing code,
 * without HTTP), its JWK Set, and a presentation with a key binding made
 * by our presenter. Usage: interop-issue DIR */

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_error ("%s", error->message);
}

static char *
object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const shown[] = { "/learner/given_name", "/events/0", "/events/0/grade", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrService) service = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(JsonNode) record_node = NULL;
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonObject) cnf = json_object_new ();
  g_autoptr(JsonObject) holder_jwk = NULL;
  g_autoptr(JsonObject) holder_private = NULL;
  g_auto(gnutls_privkey_t) holder = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *presentation = NULL;
  g_autofree char *text = NULL;
  g_autofree char *jwks = NULL;
  JsonObject *record_object;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (argc != 2)
    {
      g_printerr ("usage: interop-issue DIR\n");
      return 2;
    }

  service = plr_service_new (NULL, &error);
  g_assert_no_error (error);
  holder = plr_jwk_generate (&error);
  g_assert_no_error (error);
  holder_jwk = plr_jwk_from_privkey (holder, FALSE, &error);
  holder_private = plr_jwk_from_privkey (holder, TRUE, &error);
  g_assert_no_error (error);

  record = plr_sample_demo ();
  record_node = plr_record_to_json_node (record);
  record_object = json_node_get_object (record_node);
  json_object_set_string_member (claims, "iss", "http://127.0.0.1/");
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);
  json_object_set_string_member (claims, "vct", PLR_CREDENTIAL_VCT);
  json_object_set_member (claims, "learner", json_node_copy (json_object_get_member (record_object, "learner")));
  json_object_set_member (claims, "events", json_node_copy (json_object_get_member (record_object, "events")));
  json_object_set_object_member (cnf, "jwk", json_object_ref (holder_jwk));
  json_object_set_object_member (claims, "cnf", json_object_ref (cnf));

  credential = _plr_service_credential_issue (service, claims, &error);
  g_assert_no_error (error);
  presentation = plr_sd_jwt_present (credential, shown, holder, "https://employer.example",
                                     "interop-nonce", now, &error);
  g_assert_no_error (error);

  write_text (argv[1], "credential.sd-jwt", credential);
  write_text (argv[1], "presentation.sd-jwt", presentation);
  text = object_text (holder_private);
  write_text (argv[1], "holder-private.jwk", text);

  /* The JWK Set exactly as /.well-known/jwks.json gives it. */
  jwks = _plr_service_credential_dup_jwks (service);
  write_text (argv[1], "jwks.json", jwks);
  return 0;
}
