/* plr-view-presentation.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-jose.h"
#include "plr-record.h"
#include "plr-view.h"

G_BEGIN_DECLS

char       **plr_view_dup_presentation_paths (PlrView          *view,
                                              PlrRecord        *record,
                                              GError          **error);
char        *plr_view_present                (PlrView          *view,
                                              PlrRecord        *record,
                                              gnutls_privkey_t  holder_key,
                                              const char       *audience,
                                              const char       *nonce,
                                              gint64            iat,
                                              GError          **error);

G_END_DECLS
