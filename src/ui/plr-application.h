/* plr-application.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-client.h"
#include "plr-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_APPLICATION (plr_application_get_type ())

G_DECLARE_FINAL_TYPE (PlrApplication, plr_application, PLR, APPLICATION, AdwApplication)

PlrApplication *plr_application_new            (void);
PlrStore       *plr_application_get_store      (PlrApplication *self);
PlrClient      *plr_application_get_client     (PlrApplication *self);
gboolean        plr_application_get_demo      (PlrApplication *self);
const char     *plr_application_get_client_error (PlrApplication *self);
gboolean        plr_application_get_service_url_locked (PlrApplication *self);

void            plr_application_send_queued_changes (PlrApplication *self);

G_END_DECLS
