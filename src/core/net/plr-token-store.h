/* plr-token-store.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLR_TYPE_TOKEN_STORE (plr_token_store_get_type ())

G_DECLARE_INTERFACE (PlrTokenStore, plr_token_store, PLR, TOKEN_STORE, GObject)

/* Where the refresh token for a PLR service is kept. The app uses the
 * keyring (PlrSecretTokenStore); unit tests use PlrMemoryTokenStore.
 * Access tokens are short-lived and only ever kept in memory. */
struct _PlrTokenStoreInterface
{
  GTypeInterface parent_iface;

  void      (*lookup_async)  (PlrTokenStore       *self,
                              const char          *service_url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  char     *(*lookup_finish) (PlrTokenStore       *self,
                              GAsyncResult        *result,
                              GError             **error);
  void      (*store_async)   (PlrTokenStore       *self,
                              const char          *service_url,
                              const char          *refresh_token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean  (*store_finish)  (PlrTokenStore       *self,
                              GAsyncResult        *result,
                              GError             **error);
  void      (*clear_async)   (PlrTokenStore       *self,
                              const char          *service_url,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data);
  gboolean  (*clear_finish)  (PlrTokenStore       *self,
                              GAsyncResult        *result,
                              GError             **error);
};

void      plr_token_store_lookup_async  (PlrTokenStore       *self,
                                         const char          *service_url,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char     *plr_token_store_lookup_finish (PlrTokenStore       *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void      plr_token_store_store_async   (PlrTokenStore       *self,
                                         const char          *service_url,
                                         const char          *refresh_token,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  plr_token_store_store_finish  (PlrTokenStore       *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void      plr_token_store_clear_async   (PlrTokenStore       *self,
                                         const char          *service_url,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  plr_token_store_clear_finish  (PlrTokenStore       *self,
                                         GAsyncResult        *result,
                                         GError             **error);

#define PLR_TYPE_MEMORY_TOKEN_STORE (plr_memory_token_store_get_type ())

G_DECLARE_FINAL_TYPE (PlrMemoryTokenStore, plr_memory_token_store, PLR, MEMORY_TOKEN_STORE, GObject)

PlrTokenStore *plr_memory_token_store_new (void);

G_END_DECLS
