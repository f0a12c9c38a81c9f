/* plr-record-diff.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_TYPE_RECORD_DIFF (plr_record_diff_get_type ())

G_DECLARE_FINAL_TYPE (PlrRecordDiff, plr_record_diff, PLR, RECORD_DIFF, GObject)

PlrRecordDiff    *plr_record_diff_new                 (PlrRecord     *old_record,
                                                       PlrRecord     *new_record);
gboolean          plr_record_diff_is_empty            (PlrRecordDiff *self);
gboolean          plr_record_diff_is_first            (PlrRecordDiff *self);
guint             plr_record_diff_get_n_added         (PlrRecordDiff *self);
guint             plr_record_diff_get_n_removed       (PlrRecordDiff *self);
guint             plr_record_diff_get_n_changed       (PlrRecordDiff *self);
PlrLearningEvent *plr_record_diff_get_added           (PlrRecordDiff *self,
                                                       guint          index);
PlrLearningEvent *plr_record_diff_get_removed         (PlrRecordDiff *self,
                                                       guint          index);
PlrLearningEvent *plr_record_diff_get_changed         (PlrRecordDiff *self,
                                                       guint          index,
                                                       PlrLearningEvent **old_event,
                                                       guint64       *changed_fields);
guint64           plr_record_diff_get_learner_changes (PlrRecordDiff *self);
gboolean          plr_record_diff_lookup_event        (PlrRecordDiff *self,
                                                       gint64         lrs_id,
                                                       gboolean      *added,
                                                       guint64       *changed_fields);

G_END_DECLS
