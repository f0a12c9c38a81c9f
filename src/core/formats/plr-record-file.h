/* plr-record-file.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-record.h"
#include "plr-record-json.h"

G_BEGIN_DECLS

PlrRecord *plr_record_file_read_bytes  (GBytes               *bytes,
                                        const PlrRecordLimits *limits,
                                        GError              **error);
PlrRecord *plr_record_file_load        (GFile                *file,
                                        GCancellable         *cancellable,
                                        GError              **error);
void       plr_record_file_load_async  (GFile                *file,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
PlrRecord *plr_record_file_load_finish (GAsyncResult         *result,
                                        GError              **error);
gboolean   plr_record_file_save        (PlrRecord            *record,
                                        GFile                *file,
                                        GCancellable         *cancellable,
                                        GError              **error);

G_END_DECLS
