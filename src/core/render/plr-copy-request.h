/* plr-copy-request.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PLR_TYPE_COPY_REQUEST (plr_copy_request_get_type ())

G_DECLARE_FINAL_TYPE (PlrCopyRequest, plr_copy_request, PLR, COPY_REQUEST, GObject)

PlrCopyRequest *plr_copy_request_new             (void);
char           *plr_copy_request_render          (PlrCopyRequest *self);
char           *plr_copy_request_dup_file_name   (PlrCopyRequest *self);
GDateTime      *plr_copy_request_get_sent_on     (PlrCopyRequest *self);
GDateTime      *plr_copy_request_dup_due_date    (PlrCopyRequest *self);
GDateTime      *plr_copy_request_due_date_for    (GDateTime      *sent_on);

G_END_DECLS
