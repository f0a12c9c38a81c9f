/* plr-jose.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <json-glib/json-glib.h>

#include "plr-credential-error.h"

G_BEGIN_DECLS

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_privkey_t, gnutls_privkey_deinit, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (gnutls_pubkey_t, gnutls_pubkey_deinit, NULL)

/* Keys: P-256 only, as JWK (RFC 7517/7518) objects. */
gnutls_privkey_t  plr_jwk_generate          (GError          **error);
JsonObject       *plr_jwk_from_privkey      (gnutls_privkey_t  key,
                                             gboolean          with_private,
                                             GError          **error);
JsonObject       *plr_jwk_from_pubkey       (gnutls_pubkey_t   key,
                                             GError          **error);
gnutls_privkey_t  plr_jwk_to_privkey        (JsonObject       *jwk,
                                             GError          **error);
gnutls_pubkey_t   plr_jwk_to_pubkey         (JsonObject       *jwk,
                                             GError          **error);
char             *plr_jwk_thumbprint        (JsonObject       *jwk,
                                             GError          **error);
JsonObject       *plr_jwk_parse             (const char       *text,
                                             gssize            length,
                                             GError          **error);

/* Strict JSON (duplicate members refused) for every part of a token. */
JsonNode         *plr_jose_parse_json       (const guint8     *data,
                                             gsize             length,
                                             GError          **error);
char             *plr_jose_sha256_b64       (const char       *text,
                                             gssize            length);

/* JWS compact serialisation, ES256 only. */
char             *plr_jws_sign              (JsonObject       *header,
                                             JsonNode         *payload,
                                             gnutls_privkey_t  key,
                                             GError          **error);
gboolean          plr_jws_decode            (const char       *compact,
                                             gssize            length,
                                             JsonObject      **header,
                                             JsonNode        **payload,
                                             GError          **error);
gboolean          plr_jws_verify            (const char       *compact,
                                             gssize            length,
                                             gnutls_pubkey_t   key,
                                             GError          **error);

G_END_DECLS
