/* plr-holder-key-store.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-holder-key-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <string.h>

#include "plr-holder-key-store.h"
#include "plr-jose.h"

/* The learner's holder key (ES256, P-256) for one PLR service: the service
 * binds its credential to the public half (cnf.jwk), and the app signs
 * each presentation's KB-JWT with the private half. The private JWK lives
 * only in the keyring. Where there is no keyring, the key is made and kept
 * in memory for this session only and the keyring is asked again next
 * time: it is never written to the database or a file. */
struct _PlrHolderKeyStore
{
  GObject     parent_instance;

  GMutex      mutex;
  /* service URL → private JWK text, for keys the keyring did not take */
  GHashTable *session_keys;
  /* service URL → present when the keyring holds that service's key */
  GHashTable *in_keyring;
};

G_DEFINE_FINAL_TYPE (PlrHolderKeyStore, plr_holder_key_store, G_TYPE_OBJECT)

/* `secret-tool lookup app io.github.learningrecord.LearningRecord kind holder-key`
 * finds it, and "forget this device" removes it with the tokens. */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.learningrecord.LearningRecord.HolderKey", SECRET_SCHEMA_DONT_MATCH_NAME,
    {
      { "app", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static void
wipe_free (gpointer data)
{
  char *text = data;

  if (text != NULL)
    memset (text, 0, strlen (text));
  g_free (text);
}

static void
plr_holder_key_store_finalize (GObject *object)
{
  PlrHolderKeyStore *self = (PlrHolderKeyStore *)object;

  g_clear_pointer (&self->session_keys, g_hash_table_unref);
  g_clear_pointer (&self->in_keyring, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (plr_holder_key_store_parent_class)->finalize (object);
}

static void
plr_holder_key_store_class_init (PlrHolderKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_holder_key_store_finalize;
}

static void
plr_holder_key_store_init (PlrHolderKeyStore *self)
{
  g_mutex_init (&self->mutex);
  self->session_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  self->in_keyring = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * plr_holder_key_store_new:
 *
 * Returns: (transfer full): a holder key store backed by the keyring
 */
PlrHolderKeyStore *
plr_holder_key_store_new (void)
{
  return g_object_new (PLR_TYPE_HOLDER_KEY_STORE, NULL);
}

/**
 * plr_holder_key_store_get_in_keyring:
 * @self: a #PlrHolderKeyStore
 * @service_url: the service
 *
 * Returns: %TRUE when the key last handed out for @service_url is kept in
 *   the keyring, %FALSE when it lives in memory for this session only
 */
gboolean
plr_holder_key_store_get_in_keyring (PlrHolderKeyStore *self,
                                     const char        *service_url)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (PLR_IS_HOLDER_KEY_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  return g_hash_table_contains (self->in_keyring, service_url);
}

static JsonObject *
parse_private_jwk (const char  *text,
                   GError     **error)
{
  g_autoptr(JsonObject) jwk = plr_jwk_parse (text, -1, error);
  g_auto(gnutls_privkey_t) key = NULL;

  if (jwk == NULL)
    return NULL;
  /* Only a whole private P-256 key will do; anything else is not ours. */
  key = plr_jwk_to_privkey (jwk, error);
  if (key == NULL)
    return NULL;

  return g_steal_pointer (&jwk);
}

/**
 * plr_holder_key_store_ensure_sync:
 * @self: a #PlrHolderKeyStore
 * @service_url: the service the key is for
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Looks up the holder key for @service_url in the keyring and, when there
 * is none, makes one and stores it there. If the keyring cannot be
 * reached, the key made is kept in memory for this session only. Blocks:
 * call it from a worker thread, or use plr_holder_key_store_ensure_async().
 *
 * Returns: (transfer full): the private JWK, or %NULL with @error set
 */
JsonObject *
plr_holder_key_store_ensure_sync (PlrHolderKeyStore  *self,
                                  const char         *service_url,
                                  GCancellable       *cancellable,
                                  GError            **error)
{
  g_autoptr(GError) keyring_error = NULL;
  g_autoptr(JsonObject) jwk = NULL;
  g_auto(gnutls_privkey_t) key = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *label = NULL;
  char *secret;
  char *text;

  g_return_val_if_fail (PLR_IS_HOLDER_KEY_STORE (self), NULL);
  g_return_val_if_fail (service_url != NULL, NULL);

  secret = secret_password_lookup_sync (get_schema (), cancellable, &keyring_error,
                                        "app", APP_ID,
                                        "kind", "holder-key",
                                        "service", service_url,
                                        NULL);
  if (secret != NULL)
    {
      jwk = parse_private_jwk (secret, NULL);
      secret_password_free (secret);
      if (jwk != NULL)
        {
          g_mutex_lock (&self->mutex);
          g_hash_table_add (self->in_keyring, g_strdup (service_url));
          g_mutex_unlock (&self->mutex);
          return g_steal_pointer (&jwk);
        }
      /* A damaged entry is replaced below: the service just binds the
       * next credential to the new key. */
      g_debug ("The holder key in the keyring could not be read; making a new one");
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* Without a keyring, this session's key from an earlier call. */
  g_mutex_lock (&self->mutex);
  text = g_strdup (g_hash_table_lookup (self->session_keys, service_url));
  g_mutex_unlock (&self->mutex);
  if (text != NULL)
    {
      jwk = parse_private_jwk (text, error);
      wipe_free (text);
      return g_steal_pointer (&jwk);
    }

  key = plr_jwk_generate (error);
  if (key == NULL)
    return NULL;
  jwk = plr_jwk_from_privkey (key, TRUE, error);
  if (jwk == NULL)
    return NULL;

  node = json_node_init_object (json_node_alloc (), jwk);
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);

  g_clear_error (&keyring_error);
  label = g_strdup_printf (_("Learning Record holder key for %s"), service_url);
  if (secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, text,
                                  cancellable, &keyring_error,
                                  "app", APP_ID,
                                  "kind", "holder-key",
                                  "service", service_url,
                                  NULL))
    {
      g_mutex_lock (&self->mutex);
      g_hash_table_add (self->in_keyring, g_strdup (service_url));
      g_mutex_unlock (&self->mutex);
      wipe_free (text);
    }
  else
    {
      g_debug ("No keyring for the holder key (%s); keeping it for this session only",
               keyring_error ? keyring_error->message : "unknown");
      g_mutex_lock (&self->mutex);
      g_hash_table_remove (self->in_keyring, service_url);
      g_hash_table_replace (self->session_keys, g_strdup (service_url), text);
      g_mutex_unlock (&self->mutex);
    }

  return g_steal_pointer (&jwk);
}

static void
ensure_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  JsonObject *jwk;

  jwk = plr_holder_key_store_ensure_sync (source_object, task_data, cancellable, &error);
  if (jwk == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, jwk, (GDestroyNotify) json_object_unref);
}

/**
 * plr_holder_key_store_ensure_async:
 * @self: a #PlrHolderKeyStore
 * @service_url: the service the key is for
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Like plr_holder_key_store_ensure_sync(), on a worker thread.
 */
void
plr_holder_key_store_ensure_async (PlrHolderKeyStore   *self,
                                   const char          *service_url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_HOLDER_KEY_STORE (self));
  g_return_if_fail (service_url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_holder_key_store_ensure_async);
  g_task_set_task_data (task, g_strdup (service_url), g_free);
  g_task_run_in_thread (task, ensure_thread);
}

/**
 * plr_holder_key_store_ensure_finish:
 * @self: a #PlrHolderKeyStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the private JWK, or %NULL with @error set
 */
JsonObject *
plr_holder_key_store_ensure_finish (PlrHolderKeyStore  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * plr_holder_key_store_clear_sync:
 * @self: a #PlrHolderKeyStore
 * @service_url: (nullable): the service, or %NULL for every service
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Removes the holder key from the keyring and from memory (sign-out,
 * "forget this device"). Blocks.
 *
 * Returns: %TRUE unless the keyring failed
 */
gboolean
plr_holder_key_store_clear_sync (PlrHolderKeyStore  *self,
                                 const char         *service_url,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PLR_IS_HOLDER_KEY_STORE (self), FALSE);

  g_mutex_lock (&self->mutex);
  if (service_url == NULL)
    {
      g_hash_table_remove_all (self->session_keys);
      g_hash_table_remove_all (self->in_keyring);
    }
  else
    {
      g_hash_table_remove (self->session_keys, service_url);
      g_hash_table_remove (self->in_keyring, service_url);
    }
  g_mutex_unlock (&self->mutex);

  /* FALSE with no error means there was nothing to remove. */
  if (service_url == NULL)
    secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                "app", APP_ID, "kind", "holder-key", NULL);
  else
    secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                "app", APP_ID, "kind", "holder-key", "service", service_url, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
