/* plr-window.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-application.h"

G_BEGIN_DECLS

#define PLR_TYPE_WINDOW (plr_window_get_type ())

G_DECLARE_FINAL_TYPE (PlrWindow, plr_window, PLR, WINDOW, AdwApplicationWindow)

PlrWindow *plr_window_new                  (PlrApplication *application);
void       plr_window_show_startup_message (PlrWindow      *self,
                                            const char     *message);
void       plr_window_show_section         (PlrWindow      *self,
                                            const char     *name);
void       plr_window_show_toast           (PlrWindow      *self,
                                            const char     *title);

G_END_DECLS
