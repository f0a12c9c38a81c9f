/* plr-verify-command.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-verify-command"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "plr-jwks.h"
#include "plr-sd-jwt.h"
#include "plr-store.h"
#include "plr-verify-command.h"

/* `learning-record --verify FILE`: no window, no GTK; the checks are the
 * core's (plr_sd_jwt_verify()). The disclosed claims go to stdout as JSON
 * because the person who ran it asked for them; nothing is logged. */

#define MAX_FILE (64 * 1024 * 1024)

static JsonArray *
read_keys (const char  *path,
           GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) object = NULL;
  gsize length;
  JsonArray *keys;

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  object = plr_jwk_parse (text, length, error);
  if (object == NULL)
    return NULL;

  /* A JWK Set, or one JWK. */
  if (json_object_has_member (object, "keys") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "keys")))
    return json_array_ref (json_object_get_array_member (object, "keys"));

  keys = json_array_new ();
  json_array_add_object_element (keys, g_steal_pointer (&object));
  return keys;
}

/* The app's cache, only if there is one: checking must not make one. */
static PlrStore *
open_existing_store (void)
{
  g_autofree char *store_path = plr_store_dup_default_path ();

  if (!g_file_test (store_path, G_FILE_TEST_EXISTS))
    return NULL;
  return plr_store_new (store_path, NULL);
}

/* The keys to check with, from the first of: --issuer-key, --jwks-url
 * (fetched now, and kept in the cache if there is one), the keys the app
 * has cached. */
static JsonArray *
find_keys (const char  *issuer_key_path,
           const char  *jwks_url,
           GError     **error)
{
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(JsonArray) keys = NULL;

  if (issuer_key_path != NULL)
    return read_keys (issuer_key_path, error);

  store = open_existing_store ();
  if (jwks_url != NULL)
    {
      g_autofree char *text = plr_jwks_fetch (NULL, jwks_url, NULL, error);

      if (text == NULL)
        return NULL;
      if (store != NULL)
        plr_store_save_issuer_keys (store, jwks_url, text, NULL);
      return plr_jwks_parse (text, strlen (text), error);
    }

  if (store != NULL)
    keys = plr_jwks_load_cached (store, NULL, NULL);
  if (keys == NULL || json_array_get_length (keys) == 0)
    {
      /* Translators: do not translate the options */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No issuer key is cached: give --issuer-key JWK_FILE or "
                             "--jwks-url URL."));
      return NULL;
    }
  return g_steal_pointer (&keys);
}

int
plr_verify_command_run (const char *path,
                        const char *issuer_key_path,
                        const char *jwks_url,
                        const char *audience,
                        const char *nonce,
                        gboolean    have_at,
                        gint64      at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) keys = NULL;
  g_autoptr(PlrSdJwtVerified) verified = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  PlrSdJwtVerifyOptions options = { 0 };
  gsize length;

  keys = find_keys (issuer_key_path, jwks_url, &error);
  if (keys == NULL)
    {
      g_printerr (_("Could not read the issuer key: %s\n"), error->message);
      return EXIT_FAILURE;
    }
  if (!g_file_get_contents (path, &text, &length, &error))
    {
      g_printerr (_("Could not read the file to check: %s\n"), error->message);
      return EXIT_FAILURE;
    }
  if (length > MAX_FILE)
    {
      g_printerr (_("The file to check is too large.\n"));
      return EXIT_FAILURE;
    }

  options.issuer_keys = keys;
  options.at = have_at ? at : g_get_real_time () / G_USEC_PER_SEC;
  options.audience = audience;
  options.nonce = nonce;
  /* A share received long ago is checked with --at; its KB-JWT's age is
   * then counted from that moment. */
  verified = plr_sd_jwt_verify (g_strstrip (text), &options, &error);
  if (verified == NULL)
    {
      /* Translators: the first %s is a check's fixed name, such as "signature" */
      g_printerr (_("Not verified (%s): %s\n"),
                  plr_credential_error_check_name (error->code), error->message);
      return EXIT_FAILURE;
    }

  json = json_to_string (verified->claims, TRUE);
  g_print ("%s\n", json);
  g_printerr (_("Verified: signed by key %s; %u disclosures shown, %u digests not disclosed%s.\n"),
              verified->kid, verified->n_disclosed, verified->n_undisclosed,
              verified->key_bound ? _(", key binding checked") : "");
  return EXIT_SUCCESS;
}
