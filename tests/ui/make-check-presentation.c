/* make-check-presentation.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For test_check_shared.py: a presentation signed with the key of a
 * reference service's data folder (the one the test's service runs on),
 * made with the service's own issuing code and plr_sd_jwt_present(), so
 * that the UI test does not depend on the app's holder key.
 *
 *   make-check-presentation SERVICE_DATA_DIR OUT_DIR
 *
 * writes OUT_DIR/valid.sd-jwt (the given name and the first event's
 * subject and grade, key-bound to "https://employer.example") and
 * OUT_DIR/tampered.sd-jwt (the same with one byte of the issuer's
 * signature changed), and OUT_DIR/expected.txt (the three values shown). */

#include "config.h"

#include <string.h>

#include "plr-record-json.h"
#include "plr-sample.h"
#include "plr-sd-jwt.h"
#include "plr-service-private.h"

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

int
main (int   argc,
      char *argv[])
{
  static const char * const shown[] = {
    "/learner/given_name", "/events/0/subject", "/events/0/grade", NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrService) service = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(JsonNode) record_node = NULL;
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonObject) cnf = json_object_new ();
  g_autoptr(JsonObject) holder_jwk = NULL;
  g_auto(gnutls_privkey_t) holder = NULL;
  g_autofree char *credential = NULL;
  g_autofree char *presentation = NULL;
  g_autofree char *tampered = NULL;
  JsonObject *record_object;
  char *tilde;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (argc != 3)
    {
      g_printerr ("usage: make-check-presentation SERVICE_DATA_DIR OUT_DIR\n");
      return 2;
    }

  service = plr_service_new (NULL, &error);
  g_assert_no_error (error);
  /* The issuer key of the running service's folder (made on its start). */
  g_assert_true (_plr_service_credential_init (service, argv[1], &error));
  g_assert_no_error (error);
  holder = plr_jwk_generate (&error);
  g_assert_no_error (error);
  holder_jwk = plr_jwk_from_privkey (holder, FALSE, &error);
  g_assert_no_error (error);

  record = plr_sample_demo ();
  record_node = plr_record_to_json_node (record);
  record_object = json_node_get_object (record_node);
  json_object_set_string_member (claims, "iss", "http://127.0.0.1/");
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);
  json_object_set_string_member (claims, "vct", PLR_CREDENTIAL_VCT);
  json_object_set_member (claims, "learner",
                          json_node_copy (json_object_get_member (record_object, "learner")));
  json_object_set_member (claims, "events",
                          json_node_copy (json_object_get_member (record_object, "events")));
  json_object_set_object_member (cnf, "jwk", json_object_ref (holder_jwk));
  json_object_set_object_member (claims, "cnf", json_object_ref (cnf));

  credential = _plr_service_credential_issue (service, claims, &error);
  g_assert_no_error (error);
  presentation = plr_sd_jwt_present (credential, shown, holder, "https://employer.example",
                                     "check-nonce", now, &error);
  g_assert_no_error (error);
  put (argv[2], "valid.sd-jwt", presentation);
  /* What the check must show, one value a line, for the test to look for. */
  {
    JsonObject *learner = json_object_get_object_member (record_object, "learner");
    JsonObject *event = json_array_get_object_element (
      json_object_get_array_member (record_object, "events"), 0);
    g_autofree char *expected = g_strdup_printf ("%s\n%s\n%s\n",
                                                 json_object_get_string_member (learner, "given_name"),
                                                 json_object_get_string_member (event, "subject"),
                                                 json_object_get_string_member (event, "grade"));

    put (argv[2], "expected.txt", expected);
  }

  tampered = g_strdup (presentation);
  tilde = strchr (tampered, '~');
  tilde[-10] = tilde[-10] == 'A' ? 'B' : 'A';
  put (argv[2], "tampered.sd-jwt", tampered);
  return 0;
}
