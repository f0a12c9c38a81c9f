/* plr-forget.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-holder-key-store.h"
#include "plr-store.h"
#include "plr-token-store.h"

G_BEGIN_DECLS

GStrv    plr_forget_dup_app_folders  (void);
void     plr_forget_device_async     (PlrStore             *store,
                                      PlrTokenStore        *tokens,
                                      PlrHolderKeyStore    *holder_keys,
                                      const char * const   *folders,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean plr_forget_device_finish    (GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
