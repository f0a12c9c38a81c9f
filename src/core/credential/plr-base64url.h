/* plr-base64url.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char   *plr_base64url_encode       (const guint8 *data,
                                    gsize         length);
char   *plr_base64url_encode_bytes (GBytes       *bytes);
GBytes *plr_base64url_decode       (const char   *text,
                                    gssize        length);
void    plr_random_bytes           (guint8       *buffer,
                                    gsize         length);
char   *plr_random_base64url       (gsize         n_bytes);

G_END_DECLS
