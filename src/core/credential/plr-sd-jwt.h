/* plr-sd-jwt.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-jose.h"

G_BEGIN_DECLS

#define PLR_SD_JWT_TYP    "dc+sd-jwt"
#define PLR_SD_JWT_KB_TYP "kb+jwt"

/* Claim paths name places in the claims, JSON-pointer style, where a
 * segment "*" stands for any one member or array index: "/given_name",
 * "/events" + "/" + "*" (each element of the events array), and that
 * followed by "/grade" (each event's grade). In plr_sd_jwt_issue() a path
 * makes the claim or element it names selectively disclosable; in
 * plr_sd_jwt_present() it chooses disclosures, and the disclosures that
 * hold a chosen one (its parents) come with it. */

typedef struct
{
  const char * const *sd_paths;   /* what is selectively disclosable */
  const char * const *plain_paths; /* never disclosable, whatever sd_paths say */
  guint               max_decoys; /* per _sd array and per disclosable array: 1..max_decoys; 0 = none */
  const char         *typ;        /* header typ, NULL for PLR_SD_JWT_TYP */
  const char         *kid;        /* header kid, nullable */
} PlrSdJwtIssueOptions;

char *plr_sd_jwt_issue   (JsonObject                 *claims,
                          const PlrSdJwtIssueOptions *options,
                          gnutls_privkey_t            issuer_key,
                          GError                    **error);

char *plr_sd_jwt_present (const char                 *sd_jwt,
                          const char * const         *paths,
                          gnutls_privkey_t            holder_key,
                          const char                 *audience,
                          const char                 *nonce,
                          gint64                      iat,
                          GError                    **error);

typedef struct
{
  JsonArray  *issuer_keys;         /* JWKs; one is picked by the header's kid (or RFC 7638 thumbprint) */
  const char *typ;                 /* required header typ, NULL for PLR_SD_JWT_TYP */
  gint64      at;                  /* Unix time the checks are made as of */
  const char *audience;            /* if set, a KB-JWT with this aud is required */
  const char *nonce;               /* if set, a KB-JWT with this nonce is required */
  gboolean    require_key_binding;
  gint64      max_kb_age;          /* seconds a KB-JWT's iat may be before @at; 0 for 300 */
} PlrSdJwtVerifyOptions;

typedef struct
{
  JsonNode *claims;          /* the disclosed claims, digests resolved; _sd_alg removed */
  JsonNode *header;          /* the issuer-signed JWT's header */
  guint     n_disclosed;     /* disclosures presented */
  guint     n_undisclosed;   /* digests with no disclosure (undisclosed claims and decoys) */
  gboolean  key_bound;       /* a KB-JWT was present and checked */
  char     *kid;             /* the kid of the issuer key that verified it */
} PlrSdJwtVerified;

void              plr_sd_jwt_verified_free (PlrSdJwtVerified            *verified);
PlrSdJwtVerified *plr_sd_jwt_verify        (const char                  *sd_jwt,
                                            const PlrSdJwtVerifyOptions *options,
                                            GError                     **error);

char             *plr_sd_jwt_disclosure_digest (const char *disclosure);
JsonObject       *plr_sd_jwt_dup_disclosure_values (const char  *sd_jwt,
                                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrSdJwtVerified, plr_sd_jwt_verified_free)

G_END_DECLS
