/* plr-form-sign-in.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "plr-client.h"

G_BEGIN_DECLS

void     plr_form_sign_in_async  (SoupSession         *session,
                                  const char          *authorize_url,
                                  const char          *username,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean plr_form_sign_in_finish (GAsyncResult        *result,
                                  GError             **error);

void     plr_form_sign_in_set_browser (PlrClient   *client,
                                       SoupSession *session,
                                       const char  *username,
                                       const char  *password);

G_END_DECLS
