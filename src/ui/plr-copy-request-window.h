/* plr-copy-request-window.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_TYPE_COPY_REQUEST_WINDOW (plr_copy_request_window_get_type ())

G_DECLARE_FINAL_TYPE (PlrCopyRequestWindow, plr_copy_request_window, PLR, COPY_REQUEST_WINDOW, AdwWindow)

PlrCopyRequestWindow *plr_copy_request_window_new (PlrRecord *record);

G_END_DECLS
