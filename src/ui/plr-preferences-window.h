/* plr-preferences-window.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-application.h"

G_BEGIN_DECLS

#define PLR_TYPE_PREFERENCES_WINDOW (plr_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (PlrPreferencesWindow, plr_preferences_window, PLR, PREFERENCES_WINDOW, AdwPreferencesWindow)

PlrPreferencesWindow *plr_preferences_window_new (PlrApplication *application);

G_END_DECLS
