/* plr-view-html.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-view-result.h"

G_BEGIN_DECLS

GBytes *plr_view_html_render (PlrViewResult *result);

G_END_DECLS
