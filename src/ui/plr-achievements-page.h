/* plr-achievements-page.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-record-changes.h"
#include "plr-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_ACHIEVEMENTS_PAGE (plr_achievements_page_get_type ())

G_DECLARE_FINAL_TYPE (PlrAchievementsPage, plr_achievements_page, PLR, ACHIEVEMENTS_PAGE, GtkWidget)

void plr_achievements_page_set_record   (PlrAchievementsPage *self,
                                         PlrStore            *store,
                                         PlrRecord           *record);
void plr_achievements_page_set_changes  (PlrAchievementsPage *self,
                                         PlrRecordChanges    *changes);
void plr_achievements_page_focus_search (PlrAchievementsPage *self);
void plr_achievements_page_show_changes (PlrAchievementsPage *self);

G_END_DECLS
