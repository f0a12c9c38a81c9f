/* plr-text.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  plr_text_has_hidden_marks  (const char *text);
char     *plr_text_isolate           (const char *text);
char     *plr_text_display           (const char *text);

G_END_DECLS
