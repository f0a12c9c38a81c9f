/* plr-welcome-page.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-client.h"

G_BEGIN_DECLS

#define PLR_TYPE_WELCOME_PAGE (plr_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (PlrWelcomePage, plr_welcome_page, PLR, WELCOME_PAGE, GtkWidget)

void plr_welcome_page_set_client (PlrWelcomePage *self,
                                  PlrClient      *client);
void plr_welcome_page_set_demo   (PlrWelcomePage *self,
                                  gboolean        demo);
void plr_welcome_page_set_busy   (PlrWelcomePage *self,
                                  gboolean        busy);

G_END_DECLS
