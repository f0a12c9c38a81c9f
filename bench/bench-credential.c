/* bench-credential.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plr-record-json.h"
#include "plr-sample.h"
#include "plr-sd-jwt.h"
#include "plr-service-private.h"

/* Size of the service's credential, and time to issue, present (every
 * event's grade and subject, with a KB-JWT) and verify, for generated
 * records of 24 and 1,000 events. Prints KEY=VALUE lines; a benchmark,
 * never a test. Usage: bench-credential [N_EVENTS...] */

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  static const char * const shown[] = { "/learner/given_name", "/events/*", "/events/*/grade",
                                        "/events/*/subject", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrService) service = plr_service_new (NULL, &error);
  g_auto(gnutls_privkey_t) holder = plr_jwk_generate (&error);
  g_autoptr(JsonObject) holder_jwk = plr_jwk_from_privkey (holder, FALSE, &error);
  g_autofree char *jwks_text = _plr_service_credential_dup_jwks (service);
  g_autoptr(JsonNode) jwks = json_from_string (jwks_text, &error);
  guint sizes[8] = { 24, 1000 };
  guint n_sizes = 2;

  g_assert_no_error (error);
  if (argc > 1)
    {
      n_sizes = 0;
      for (int i = 1; i < argc && n_sizes < G_N_ELEMENTS (sizes); i++)
        sizes[n_sizes++] = (guint) g_ascii_strtoull (argv[i], NULL, 10);
    }

  for (guint s = 0; s < n_sizes; s++)
    {
      g_autoptr(PlrRecord) record = plr_sample_generate (PLR_SAMPLE_DEMO_SEED, sizes[s]);
      g_autoptr(JsonNode) node = plr_record_to_json_node (record);
      g_autoptr(JsonObject) claims = json_object_new ();
      g_autoptr(JsonObject) cnf = json_object_new ();
      g_autoptr(PlrSdJwtVerified) verified = NULL;
      g_autofree char *credential = NULL;
      g_autofree char *presentation = NULL;
      PlrSdJwtVerifyOptions options = { 0 };
      gint64 now = g_get_real_time () / G_USEC_PER_SEC;
      double t0, t1, t2, t3;

      json_object_set_string_member (claims, "iss", "http://127.0.0.1/");
      json_object_set_int_member (claims, "iat", now);
      json_object_set_int_member (claims, "exp", now + 3600);
      json_object_set_string_member (claims, "vct", PLR_CREDENTIAL_VCT);
      json_object_set_member (claims, "learner",
                              json_node_copy (json_object_get_member (json_node_get_object (node), "learner")));
      json_object_set_member (claims, "events",
                              json_node_copy (json_object_get_member (json_node_get_object (node), "events")));
      json_object_set_object_member (cnf, "jwk", json_object_ref (holder_jwk));
      json_object_set_object_member (claims, "cnf", json_object_ref (cnf));

      t0 = now_ms ();
      credential = _plr_service_credential_issue (service, claims, &error);
      g_assert_no_error (error);
      t1 = now_ms ();
      presentation = plr_sd_jwt_present (credential, shown, holder, "https://employer.example", "n", now, &error);
      g_assert_no_error (error);
      t2 = now_ms ();
      options.issuer_keys = json_object_get_array_member (json_node_get_object (jwks), "keys");
      options.at = now;
      options.audience = "https://employer.example";
      options.nonce = "n";
      verified = plr_sd_jwt_verify (presentation, &options, &error);
      g_assert_no_error (error);
      t3 = now_ms ();

      g_print ("events=%u credential_bytes=%zu presentation_bytes=%zu disclosures_shown=%u "
               "issue_ms=%.1f present_ms=%.1f verify_ms=%.1f\n",
               sizes[s], strlen (credential), strlen (presentation), verified->n_disclosed,
               t1 - t0, t2 - t1, t3 - t2);
    }
  return 0;
}
