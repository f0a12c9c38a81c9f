/* plr-secret-token-store.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-secret-token-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "plr-secret-token-store.h"

/* Refresh tokens in the user's keyring (the Secret Service, or the secret
 * portal inside Flatpak). Where there is no keyring, storing fails and the
 * caller keeps the token in memory for this session only: it is never
 * written anywhere else. */
struct _PlrSecretTokenStore
{
  GObject parent_instance;
};

static void plr_secret_token_store_iface_init (PlrTokenStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlrSecretTokenStore, plr_secret_token_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PLR_TYPE_TOKEN_STORE,
                                                      plr_secret_token_store_iface_init))

/* The attributes let `secret-tool lookup app io.github.learningrecord.LearningRecord
 * kind refresh` find the entry, and "forget this device" remove it. */
static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.learningrecord.LearningRecord.Token", SECRET_SCHEMA_DONT_MATCH_NAME,
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
on_lookup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

static void
secret_lookup_async (PlrTokenStore       *store,
                     const char          *service_url,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, secret_lookup_async);
  secret_password_lookup (get_schema (), cancellable, on_lookup_cb, task,
                          "app", APP_ID,
                          "kind", "refresh",
                          "service", service_url,
                          NULL);
}

static char *
secret_lookup_finish (PlrTokenStore  *store,
                      GAsyncResult   *result,
                      GError        **error)
{
  char *secret = g_task_propagate_pointer (G_TASK (result), error);
  char *copy = g_strdup (secret);

  /* Hand back ordinary memory; the keyring's copy is wiped on free. */
  secret_password_free (secret);
  return copy;
}

static void
on_store_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
secret_store_async (PlrTokenStore       *store,
                    const char          *service_url,
                    const char          *refresh_token,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("Learning Record sign-in for %s"), service_url);

  g_task_set_source_tag (task, secret_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, refresh_token,
                         cancellable, on_store_cb, task,
                         "app", APP_ID,
                         "kind", "refresh",
                         "service", service_url,
                         NULL);
}

static void
on_clear_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE with no error means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
secret_clear_async (PlrTokenStore       *store,
                    const char          *service_url,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, secret_clear_async);
  if (service_url[0] == '\0')
    secret_password_clear (get_schema (), cancellable, on_clear_cb, task,
                           "app", APP_ID,
                           "kind", "refresh",
                           NULL);
  else
    secret_password_clear (get_schema (), cancellable, on_clear_cb, task,
                           "app", APP_ID,
                           "kind", "refresh",
                           "service", service_url,
                           NULL);
}

static gboolean
secret_boolean_finish (PlrTokenStore  *store,
                       GAsyncResult   *result,
                       GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
plr_secret_token_store_iface_init (PlrTokenStoreInterface *iface)
{
  iface->lookup_async = secret_lookup_async;
  iface->lookup_finish = secret_lookup_finish;
  iface->store_async = secret_store_async;
  iface->store_finish = secret_boolean_finish;
  iface->clear_async = secret_clear_async;
  iface->clear_finish = secret_boolean_finish;
}

static void
plr_secret_token_store_class_init (PlrSecretTokenStoreClass *klass)
{
}

static void
plr_secret_token_store_init (PlrSecretTokenStore *self)
{
}

/**
 * plr_secret_token_store_new:
 *
 * Returns: (transfer full): a token store backed by the user's keyring
 */
PlrTokenStore *
plr_secret_token_store_new (void)
{
  return g_object_new (PLR_TYPE_SECRET_TOKEN_STORE, NULL);
}
