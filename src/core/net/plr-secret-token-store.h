/* plr-secret-token-store.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-token-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_SECRET_TOKEN_STORE (plr_secret_token_store_get_type ())

G_DECLARE_FINAL_TYPE (PlrSecretTokenStore, plr_secret_token_store, PLR, SECRET_TOKEN_STORE, GObject)

PlrTokenStore *plr_secret_token_store_new (void);

G_END_DECLS
