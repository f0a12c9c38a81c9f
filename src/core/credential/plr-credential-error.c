/* plr-credential-error.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plr-credential-error.h"

G_DEFINE_QUARK (plr-credential-error-quark, plr_credential_error)

/**
 * plr_credential_error_check_name:
 * @code: a #PlrCredentialError
 *
 * Returns: a stable, untranslated name of the failed check, for scripts
 *   reading `--verify`'s stderr
 */
const char *
plr_credential_error_check_name (int code)
{
  static const char * const names[] = {
    "malformed", "algorithm", "signature", "unknown-key", "key", "typ",
    "unreferenced-disclosure", "repeated-digest", "reserved-name",
    "duplicate-claim", "expired", "not-yet-valid", "key-binding-missing",
    "key-binding", "audience", "nonce", "sd-hash", "not-found", "failed",
  };

  if (code < 0 || code >= (int) G_N_ELEMENTS (names))
    return "failed";
  return names[code];
}
