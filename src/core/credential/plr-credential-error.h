/* plr-credential-error.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLR_CREDENTIAL_ERROR (plr_credential_error_quark ())

/* Which check of a credential failed; each verifier rule has its own code
 * so that a caller (and `--verify`) can name it. */
typedef enum
{
  PLR_CREDENTIAL_ERROR_MALFORMED,               /* not a JWS / SD-JWT / disclosure / JWK at all */
  PLR_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM,   /* alg other than ES256 (incl. "none"), _sd_alg other than sha-256 */
  PLR_CREDENTIAL_ERROR_BAD_SIGNATURE,           /* the signature does not verify */
  PLR_CREDENTIAL_ERROR_UNKNOWN_KEY,             /* no issuer key with the header's kid */
  PLR_CREDENTIAL_ERROR_BAD_KEY,                 /* a JWK that is not a P-256 key */
  PLR_CREDENTIAL_ERROR_WRONG_TYPE,              /* typ is not the one required */
  PLR_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE, /* a disclosure no digest points at */
  PLR_CREDENTIAL_ERROR_REPEATED_DIGEST,         /* a digest or disclosure met twice */
  PLR_CREDENTIAL_ERROR_RESERVED_NAME,           /* a claim named "_sd" or "..." */
  PLR_CREDENTIAL_ERROR_DUPLICATE_CLAIM,         /* a disclosed claim that already exists */
  PLR_CREDENTIAL_ERROR_EXPIRED,                 /* exp is at or before the time of the check */
  PLR_CREDENTIAL_ERROR_NOT_YET_VALID,           /* nbf (or a KB-JWT's iat) is after it */
  PLR_CREDENTIAL_ERROR_KEY_BINDING_MISSING,     /* a key binding was required and is absent */
  PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,     /* KB-JWT typ, iat, cnf or signature */
  PLR_CREDENTIAL_ERROR_WRONG_AUDIENCE,          /* KB-JWT aud is not the expected one */
  PLR_CREDENTIAL_ERROR_WRONG_NONCE,             /* KB-JWT nonce is not the expected one */
  PLR_CREDENTIAL_ERROR_SD_HASH_MISMATCH,        /* KB-JWT sd_hash does not cover this presentation */
  PLR_CREDENTIAL_ERROR_NOT_FOUND,               /* a presenter's claim path names nothing */
  PLR_CREDENTIAL_ERROR_FAILED,                  /* the crypto library refused an operation */
} PlrCredentialError;

GQuark      plr_credential_error_quark       (void);
const char *plr_credential_error_check_name  (int code);

G_END_DECLS
