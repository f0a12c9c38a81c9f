/* plr-challenge-request.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-challenge.h"

G_BEGIN_DECLS

char   *plr_challenge_request_build_body          (PlrChallenge         *challenge,
                                                   GPtrArray            *evidence);
GBytes *plr_challenge_request_expand_body         (const char           *stored_body,
                                                   const char           *evidence_dir,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void    plr_challenge_request_expand_body_async   (const char           *stored_body,
                                                   const char           *evidence_dir,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GBytes *plr_challenge_request_expand_body_finish  (GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
