/* plr-view-json.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plr-view-result.h"

G_BEGIN_DECLS

#define PLR_VIEW_JSON_FORMAT_NAME    "io.github.learningrecord.view"
#define PLR_VIEW_JSON_FORMAT_VERSION 1

JsonNode *plr_view_json_build_document   (PlrViewResult *result);
JsonNode *plr_view_json_build_share_body (PlrViewResult *result);
GBytes   *plr_view_json_render           (PlrViewResult *result);

G_END_DECLS
