/* plr-token-store.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-token-store"

#include "config.h"

#include "plr-token-store.h"

G_DEFINE_INTERFACE (PlrTokenStore, plr_token_store, G_TYPE_OBJECT)

static void
plr_token_store_default_init (PlrTokenStoreInterface *iface)
{
}

/**
 * plr_token_store_lookup_async:
 * @self: a #PlrTokenStore
 * @service_url: the PLR service's base URL
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up the refresh token kept for @service_url.
 */
void
plr_token_store_lookup_async (PlrTokenStore       *self,
                              const char          *service_url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PLR_IS_TOKEN_STORE (self));
  g_return_if_fail (service_url != NULL);

  PLR_TOKEN_STORE_GET_IFACE (self)->lookup_async (self, service_url, cancellable, callback,
                                                  user_data);
}

/**
 * plr_token_store_lookup_finish:
 * @self: a #PlrTokenStore
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the refresh token, or %NULL if none
 *   is kept (no error) or on error
 */
char *
plr_token_store_lookup_finish (PlrTokenStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (PLR_IS_TOKEN_STORE (self), NULL);

  return PLR_TOKEN_STORE_GET_IFACE (self)->lookup_finish (self, result, error);
}

void
plr_token_store_store_async (PlrTokenStore       *self,
                             const char          *service_url,
                             const char          *refresh_token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PLR_IS_TOKEN_STORE (self));
  g_return_if_fail (service_url != NULL);
  g_return_if_fail (refresh_token != NULL);

  PLR_TOKEN_STORE_GET_IFACE (self)->store_async (self, service_url, refresh_token, cancellable,
                                                 callback, user_data);
}

gboolean
plr_token_store_store_finish (PlrTokenStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (PLR_IS_TOKEN_STORE (self), FALSE);

  return PLR_TOKEN_STORE_GET_IFACE (self)->store_finish (self, result, error);
}

/* plr_token_store_clear_async: an empty @service_url clears the tokens kept
 * for every service (for "forget this device"). */
void
plr_token_store_clear_async (PlrTokenStore       *self,
                             const char          *service_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (PLR_IS_TOKEN_STORE (self));
  g_return_if_fail (service_url != NULL);

  PLR_TOKEN_STORE_GET_IFACE (self)->clear_async (self, service_url, cancellable, callback,
                                                 user_data);
}

gboolean
plr_token_store_clear_finish (PlrTokenStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (PLR_IS_TOKEN_STORE (self), FALSE);

  return PLR_TOKEN_STORE_GET_IFACE (self)->clear_finish (self, result, error);
}

/* An in-memory token store for tests and for demo mode, whose tokens are
 * worthless outside the process. */
struct _PlrMemoryTokenStore
{
  GObject     parent_instance;

  GHashTable *tokens;  /* service URL → refresh token */
};

static void plr_memory_token_store_iface_init (PlrTokenStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlrMemoryTokenStore, plr_memory_token_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (PLR_TYPE_TOKEN_STORE,
                                                      plr_memory_token_store_iface_init))

static void
memory_lookup_async (PlrTokenStore       *store,
                     const char          *service_url,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  PlrMemoryTokenStore *self = PLR_MEMORY_TOKEN_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_lookup_async);
  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->tokens, service_url)),
                         g_free);
}

static char *
memory_lookup_finish (PlrTokenStore  *store,
                      GAsyncResult   *result,
                      GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
memory_store_async (PlrTokenStore       *store,
                    const char          *service_url,
                    const char          *refresh_token,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  PlrMemoryTokenStore *self = PLR_MEMORY_TOKEN_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_store_async);
  g_hash_table_insert (self->tokens, g_strdup (service_url), g_strdup (refresh_token));
  g_task_return_boolean (task, TRUE);
}

static void
memory_clear_async (PlrTokenStore       *store,
                    const char          *service_url,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  PlrMemoryTokenStore *self = PLR_MEMORY_TOKEN_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_clear_async);
  if (service_url[0] == '\0')
    g_hash_table_remove_all (self->tokens);
  else
    g_hash_table_remove (self->tokens, service_url);
  g_task_return_boolean (task, TRUE);
}

static gboolean
memory_boolean_finish (PlrTokenStore  *store,
                       GAsyncResult   *result,
                       GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
plr_memory_token_store_iface_init (PlrTokenStoreInterface *iface)
{
  iface->lookup_async = memory_lookup_async;
  iface->lookup_finish = memory_lookup_finish;
  iface->store_async = memory_store_async;
  iface->store_finish = memory_boolean_finish;
  iface->clear_async = memory_clear_async;
  iface->clear_finish = memory_boolean_finish;
}

static void
plr_memory_token_store_finalize (GObject *object)
{
  PlrMemoryTokenStore *self = (PlrMemoryTokenStore *)object;

  g_clear_pointer (&self->tokens, g_hash_table_unref);

  G_OBJECT_CLASS (plr_memory_token_store_parent_class)->finalize (object);
}

static void
plr_memory_token_store_class_init (PlrMemoryTokenStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plr_memory_token_store_finalize;
}

static void
plr_memory_token_store_init (PlrMemoryTokenStore *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * plr_memory_token_store_new:
 *
 * Returns: (transfer full): a token store that forgets everything on exit
 */
PlrTokenStore *
plr_memory_token_store_new (void)
{
  return g_object_new (PLR_TYPE_MEMORY_TOKEN_STORE, NULL);
}
