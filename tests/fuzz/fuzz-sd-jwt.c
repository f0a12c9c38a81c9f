/* fuzz-sd-jwt.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The verifier (issue 13): plr_sd_jwt_verify() as `--verify` and "Check a
 * Shared Record…" call it on a file someone sent, with the issuer key of
 * fuzz-sd-jwt-keys.h, once with no binding asked for and once requiring
 * the seeds' audience and nonce. What must hold: an answer or an error in
 * PLR_CREDENTIAL_ERROR, never both; what is verified has claims that are
 * an object with no "_sd" or "_sd_alg" left, no more disclosures than the
 * input has parts, and the key binding when it was required. */

#include "config.h"

#include <string.h>

#include "plr-sd-jwt.h"

#include "fuzz-sd-jwt-keys.h"
#include "fuzz-target.h"

static JsonArray *issuer_keys;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(JsonObject) jwk = NULL;

  fuzz_target_init ();
  jwk = plr_jwk_parse (FUZZ_SD_JWT_ISSUER_PUBLIC, -1, NULL);
  fuzz_assert (jwk != NULL);
  issuer_keys = json_array_new ();
  json_array_add_object_element (issuer_keys, g_steal_pointer (&jwk));
  return 0;
}

static gboolean
holds_no_sd (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      if (json_object_has_member (object, "_sd") || json_object_has_member (object, "_sd_alg"))
        return FALSE;
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        if (!holds_no_sd (member))
          return FALSE;
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!holds_no_sd (json_array_get_element (array, i)))
          return FALSE;
    }
  return TRUE;
}

static void
check (const char *text,
       guint       n_parts,
       gboolean    bound)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrSdJwtVerified) verified = NULL;
  PlrSdJwtVerifyOptions options = { 0 };

  options.issuer_keys = issuer_keys;
  options.at = FUZZ_SD_JWT_AT;
  if (bound)
    {
      options.audience = FUZZ_SD_JWT_AUDIENCE;
      options.nonce = FUZZ_SD_JWT_NONCE;
      options.require_key_binding = TRUE;
    }

  verified = plr_sd_jwt_verify (text, &options, &error);
  fuzz_assert ((verified == NULL) == (error != NULL));
  if (verified == NULL)
    {
      fuzz_assert (error->domain == PLR_CREDENTIAL_ERROR);
      fuzz_assert (plr_credential_error_check_name (error->code) != NULL);
      return;
    }
  fuzz_assert (verified->claims != NULL && JSON_NODE_HOLDS_OBJECT (verified->claims));
  fuzz_assert (verified->header != NULL && JSON_NODE_HOLDS_OBJECT (verified->header));
  fuzz_assert (holds_no_sd (verified->claims));
  fuzz_assert (verified->n_disclosed + 1 <= n_parts);
  fuzz_assert (verified->kid != NULL);
  if (bound)
    fuzz_assert (verified->key_bound);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  guint n_parts = 1;

  /* The callers read text: an embedded NUL ends it there. */
  text = g_strndup ((const char *) data, size);
  for (const char *p = text; *p; p++)
    if (*p == '~')
      n_parts++;

  check (text, n_parts, FALSE);
  check (text, n_parts, TRUE);
  return 0;
}
