/* plr-jwks.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "plr-store.h"

G_BEGIN_DECLS

/* The most a JWK Set may weigh: a few keys are a few hundred bytes. */
#define PLR_JWKS_MAX_BYTES (64 * 1024)
/* The most keys a JWK Set may hold. */
#define PLR_JWKS_MAX_KEYS  16

JsonArray *plr_jwks_parse           (const char           *text,
                                     gsize                 length,
                                     GError              **error);
char      *plr_jwks_url_for_service (const char           *base_url);
char      *plr_jwks_fetch           (SoupSession          *session,
                                     const char           *url,
                                     GCancellable         *cancellable,
                                     GError              **error);
void       plr_jwks_fetch_async     (const char           *url,
                                     PlrStore             *store,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
JsonArray *plr_jwks_fetch_finish    (GAsyncResult         *result,
                                     GError              **error);
JsonArray *plr_jwks_load_cached     (PlrStore             *store,
                                     const char           *url,
                                     GError              **error);

G_END_DECLS
