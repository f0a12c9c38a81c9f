/* plr-record-changes.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-record-diff.h"
#include "plr-types.h"

G_BEGIN_DECLS

#define PLR_TYPE_RECORD_CHANGES (plr_record_changes_get_type ())

G_DECLARE_FINAL_TYPE (PlrRecordChanges, plr_record_changes, PLR, RECORD_CHANGES, GObject)

PlrRecordChanges *plr_record_changes_new         (PlrRecordDiff        *diff);
PlrRecordDiff    *plr_record_changes_get_diff    (PlrRecordChanges     *self);
gboolean          plr_record_changes_lookup      (PlrRecordChanges     *self,
                                                  PlrLearningEvent     *event,
                                                  gboolean             *added,
                                                  PlrLearningEvent    **old_event,
                                                  guint64              *changed_fields);

G_END_DECLS
