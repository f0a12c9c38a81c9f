/* plr-verify-command.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int plr_verify_command_run (const char *path,
                            const char *issuer_key_path,
                            const char *jwks_url,
                            const char *audience,
                            const char *nonce,
                            gboolean    have_at,
                            gint64      at);

G_END_DECLS
