/* plr-view-builder.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-record.h"
#include "plr-store.h"
#include "plr-view.h"

G_BEGIN_DECLS

#define PLR_TYPE_VIEW_BUILDER (plr_view_builder_get_type ())

G_DECLARE_FINAL_TYPE (PlrViewBuilder, plr_view_builder, PLR, VIEW_BUILDER, AdwWindow)

PlrViewBuilder *plr_view_builder_new      (PlrRecord      *record);
PlrView        *plr_view_builder_get_view (PlrViewBuilder *self);
void            plr_view_builder_set_store (PlrViewBuilder *self,
                                            PlrStore       *store);
void            plr_view_builder_edit_view (PlrViewBuilder *self,
                                            PlrView        *view);

G_END_DECLS
