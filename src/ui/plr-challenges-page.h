/* plr-challenges-page.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-record.h"
#include "plr-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_CHALLENGES_PAGE (plr_challenges_page_get_type ())

G_DECLARE_FINAL_TYPE (PlrChallengesPage, plr_challenges_page, PLR, CHALLENGES_PAGE, GtkWidget)

void     plr_challenges_page_set_store      (PlrChallengesPage *self,
                                             PlrStore          *store);
void     plr_challenges_page_set_record     (PlrChallengesPage *self,
                                             PlrRecord         *record);
void     plr_challenges_page_show_challenge (PlrChallengesPage *self,
                                             const char        *uuid);
char    *plr_challenges_page_describe       (PlrChallenge      *challenge);

G_END_DECLS
