/* plr-privacy-page.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-client.h"
#include "plr-record.h"
#include "plr-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_PRIVACY_PAGE (plr_privacy_page_get_type ())

G_DECLARE_FINAL_TYPE (PlrPrivacyPage, plr_privacy_page, PLR, PRIVACY_PAGE, GtkWidget)

void plr_privacy_page_set_store  (PlrPrivacyPage *self,
                                  PlrStore       *store,
                                  gboolean        demo);
void plr_privacy_page_set_client (PlrPrivacyPage *self,
                                  PlrClient      *client);
void plr_privacy_page_set_record (PlrPrivacyPage *self,
                                  PlrRecord      *record);

G_END_DECLS
