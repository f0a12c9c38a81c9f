/* plr-personal-details-page.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_TYPE_PERSONAL_DETAILS_PAGE (plr_personal_details_page_get_type ())

G_DECLARE_FINAL_TYPE (PlrPersonalDetailsPage, plr_personal_details_page, PLR, PERSONAL_DETAILS_PAGE, GtkWidget)

void plr_personal_details_page_set_record (PlrPersonalDetailsPage *self,
                                           PlrRecord              *record);

G_END_DECLS
