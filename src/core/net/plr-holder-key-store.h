/* plr-holder-key-store.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define PLR_TYPE_HOLDER_KEY_STORE (plr_holder_key_store_get_type ())

G_DECLARE_FINAL_TYPE (PlrHolderKeyStore, plr_holder_key_store, PLR, HOLDER_KEY_STORE, GObject)

PlrHolderKeyStore *plr_holder_key_store_new           (void);
gboolean           plr_holder_key_store_get_in_keyring (PlrHolderKeyStore  *self,
                                                        const char         *service_url);
void               plr_holder_key_store_ensure_async  (PlrHolderKeyStore   *self,
                                                       const char          *service_url,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
JsonObject        *plr_holder_key_store_ensure_finish (PlrHolderKeyStore   *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
JsonObject        *plr_holder_key_store_ensure_sync   (PlrHolderKeyStore   *self,
                                                       const char          *service_url,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean           plr_holder_key_store_clear_sync    (PlrHolderKeyStore   *self,
                                                       const char          *service_url,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

G_END_DECLS
