/* plr-service-thread.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PLR_TYPE_SERVICE_THREAD (plr_service_thread_get_type ())

G_DECLARE_FINAL_TYPE (PlrServiceThread, plr_service_thread, PLR, SERVICE_THREAD, GObject)

PlrServiceThread *plr_service_thread_start        (const char       *data_dir,
                                                   gboolean          seed_demo,
                                                   GError          **error);
const char       *plr_service_thread_get_base_url (PlrServiceThread *self);
void              plr_service_thread_stop         (PlrServiceThread *self);

G_END_DECLS
