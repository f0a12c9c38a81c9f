/* plr-shares-page.h
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

#define PLR_TYPE_SHARES_PAGE (plr_shares_page_get_type ())

G_DECLARE_FINAL_TYPE (PlrSharesPage, plr_shares_page, PLR, SHARES_PAGE, GtkWidget)

void plr_shares_page_set_store  (PlrSharesPage *self,
                                 PlrStore      *store);
void plr_shares_page_set_record (PlrSharesPage *self,
                                 PlrRecord     *record);

G_END_DECLS
