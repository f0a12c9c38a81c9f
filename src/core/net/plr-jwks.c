/* plr-jwks.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-jwks"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "plr-client.h"
#include "plr-credential-error.h"
#include "plr-jose.h"
#include "plr-jwks.h"

/* An issuer's published keys (RFC 7517 JWK Set), fetched over HTTPS (or
 * http:// to this computer, the client's rule), held to a size limit and
 * checked strictly before anything keeps them: a JSON object whose "keys"
 * is an array of 1..PLR_JWKS_MAX_KEYS P-256 public keys, none with a
 * private part. The store keeps the checked text so that a shared record
 * can be checked offline. */

/**
 * plr_jwks_parse:
 * @text: a JWK Set's JSON text
 * @length: its length in bytes
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the keys, each a P-256 public JWK, or %NULL
 *   with a %PLR_CREDENTIAL_ERROR
 */
JsonArray *
plr_jwks_parse (const char  *text,
                gsize        length,
                GError     **error)
{
  g_autoptr(JsonObject) set = NULL;
  JsonNode *keys_node;
  JsonArray *keys;
  guint n;

  g_return_val_if_fail (text != NULL, NULL);

  if (length > PLR_JWKS_MAX_BYTES)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The issuer’s key set is larger than %u bytes"), PLR_JWKS_MAX_BYTES);
      return NULL;
    }
  set = plr_jwk_parse (text, length, error);
  if (set == NULL)
    return NULL;

  keys_node = json_object_get_member (set, "keys");
  if (keys_node == NULL || !JSON_NODE_HOLDS_ARRAY (keys_node))
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The issuer’s key set has no list of keys"));
      return NULL;
    }
  keys = json_node_get_array (keys_node);
  n = json_array_get_length (keys);
  if (n == 0 || n > PLR_JWKS_MAX_KEYS)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The issuer’s key set must hold between 1 and %u keys"), PLR_JWKS_MAX_KEYS);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (keys, i);
      JsonObject *jwk;
      gnutls_pubkey_t key;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                       _("Key %u of the issuer’s key set is not a JSON object"), i + 1);
          return NULL;
        }
      jwk = json_node_get_object (element);
      /* A published key with its private part is a mistake we do not
       * repeat by keeping it. */
      if (json_object_has_member (jwk, "d"))
        {
          g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                       _("Key %u of the issuer’s key set holds a private key"), i + 1);
          return NULL;
        }
      if (json_object_has_member (jwk, "kid") &&
          json_node_get_value_type (json_object_get_member (jwk, "kid")) != G_TYPE_STRING)
        {
          g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                       _("Key %u of the issuer’s key set has a key id that is not text"), i + 1);
          return NULL;
        }
      key = plr_jwk_to_pubkey (jwk, error);
      if (key == NULL)
        return NULL;
      gnutls_pubkey_deinit (key);
    }

  return json_array_ref (keys);
}

/**
 * plr_jwks_url_for_service:
 * @base_url: a PLR service's address
 *
 * Returns: (transfer full): where the service publishes its keys
 *   (docs/protocol.md)
 */
char *
plr_jwks_url_for_service (const char *base_url)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_strconcat (base_url, g_str_has_suffix (base_url, "/") ? "" : "/",
                      ".well-known/jwks.json", NULL);
}

/**
 * plr_jwks_fetch:
 * @session: (nullable): the session to use, or %NULL for a new one
 * @url: the JWK Set's address: https://, or http:// to this computer
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Fetches and checks a JWK Set, blocking: call it from a worker thread
 * or a command-line tool. Reads no more than %PLR_JWKS_MAX_BYTES.
 *
 * Returns: (transfer full): the checked JSON text, or %NULL
 */
char *
plr_jwks_fetch (SoupSession   *session,
                const char    *url,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(SoupSession) own_session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(JsonArray) keys = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 buffer[8192];
  guint status;

  g_return_val_if_fail (url != NULL, NULL);

  if (!plr_client_check_url (url, error))
    return NULL;
  message = soup_message_new (SOUP_METHOD_GET, url);
  if (message == NULL)
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INSECURE,
                   _("“%s” is not a web address"), url);
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/jwk-set+json, application/json");
  if (session == NULL)
    session = own_session = soup_session_new_with_options ("timeout", 30, NULL);

  stream = soup_session_send (session, message, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE,
                   _("Could not fetch the issuer’s keys: %s"), local_error->message);
      return NULL;
    }
  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, PLR_CLIENT_ERROR,
                   status == SOUP_STATUS_NOT_FOUND ? PLR_CLIENT_ERROR_NOT_FOUND
                                                   : PLR_CLIENT_ERROR_SERVER,
                   _("Could not fetch the issuer’s keys: the service answered %u"), status);
      return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (stream, buffer, sizeof buffer, cancellable, &local_error);

      if (n < 0)
        {
          g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_NETWORK,
                       _("Could not fetch the issuer’s keys: %s"), local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      /* Stop reading as soon as the answer is too large to be keys. */
      if (body->len + (gsize) n > PLR_JWKS_MAX_BYTES)
        {
          g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The issuer’s key set is larger than %u bytes"), PLR_JWKS_MAX_BYTES);
          return NULL;
        }
      g_byte_array_append (body, buffer, n);
    }
  g_input_stream_close (stream, NULL, NULL);

  keys = plr_jwks_parse ((const char *) body->data, body->len, &local_error);
  if (keys == NULL)
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   "%s", local_error->message);
      return NULL;
    }
  g_byte_array_append (body, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&body), FALSE);
}

typedef struct
{
  char     *url;
  PlrStore *store;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->url);
  g_clear_object (&data->store);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *keys;

  /* A session of its own: a SoupSession belongs to the thread that uses it. */
  text = plr_jwks_fetch (NULL, data->url, cancellable, &error);
  if (text == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->store != NULL && !plr_store_save_issuer_keys (data->store, data->url, text, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  keys = plr_jwks_parse (text, strlen (text), &error);
  if (keys == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, keys, (GDestroyNotify) json_array_unref);
}

/**
 * plr_jwks_fetch_async:
 * @url: the JWK Set's address
 * @store: (nullable): where to keep it, under @url, once checked
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Fetches, checks and (with @store) caches a JWK Set on a worker thread.
 */
void
plr_jwks_fetch_async (const char          *url,
                      PlrStore            *store,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (url != NULL);
  g_return_if_fail (store == NULL || PLR_IS_STORE (store));

  data = g_new0 (FetchData, 1);
  data->url = g_strdup (url);
  data->store = store ? g_object_ref (store) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_jwks_fetch_async);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

/**
 * plr_jwks_fetch_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the checked keys, or %NULL
 */
JsonArray *
plr_jwks_fetch_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * plr_jwks_load_cached:
 * @store: the cache
 * @url: (nullable): one issuer's JWK Set address, or %NULL for every issuer's
 * @error: return location for a #GError
 *
 * The cached keys, checked again as they are read (a cache is outside
 * input too). A cached set that no longer parses is skipped.
 *
 * Returns: (transfer full): the keys (possibly empty), or %NULL on a
 *   store error
 */
JsonArray *
plr_jwks_load_cached (PlrStore    *store,
                      const char  *url,
                      GError     **error)
{
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(JsonArray) all = json_array_new ();

  g_return_val_if_fail (PLR_IS_STORE (store), NULL);

  texts = plr_store_dup_issuer_keys (store, url, error);
  if (texts == NULL)
    return NULL;

  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];
      g_autoptr(JsonArray) keys = plr_jwks_parse (text, strlen (text), NULL);

      if (keys == NULL)
        {
          g_debug ("Skipped a cached key set that does not parse");
          continue;
        }
      for (guint j = 0; j < json_array_get_length (keys); j++)
        json_array_add_element (all, json_node_copy (json_array_get_element (keys, j)));
    }
  return g_steal_pointer (&all);
}
