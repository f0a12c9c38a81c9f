/* plr-check-window.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-client.h"
#include "plr-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_CHECK_WINDOW (plr_check_window_get_type ())

G_DECLARE_FINAL_TYPE (PlrCheckWindow, plr_check_window, PLR, CHECK_WINDOW, AdwWindow)

PlrCheckWindow *plr_check_window_new              (PlrStore   *store,
                                                   PlrClient  *client);
const char     *plr_check_window_describe_failure (int         code);

G_END_DECLS
