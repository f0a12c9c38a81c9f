/* plr-view-result.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plr-field.h"
#include "plr-view.h"

G_BEGIN_DECLS

#define PLR_TYPE_VIEW_RESULT (plr_view_result_get_type ())

G_DECLARE_FINAL_TYPE (PlrViewResult, plr_view_result, PLR, VIEW_RESULT, GObject)

PlrViewResult *plr_view_apply                        (PlrView         *self,
                                                      PlrRecord       *record,
                                                      GError         **error);
PlrViewResult *plr_view_result_new                   (PlrView         *view,
                                                      PlrRecord       *record);

const char    *plr_view_result_get_title             (PlrViewResult   *self);
const char    *plr_view_result_get_recipient         (PlrViewResult   *self);
const char    *plr_view_result_get_purpose           (PlrViewResult   *self);
GDateTime     *plr_view_result_get_as_of             (PlrViewResult   *self);
GDateTime     *plr_view_result_get_generated_at      (PlrViewResult   *self);
const char    *plr_view_result_get_share_code        (PlrViewResult   *self);
GDateTime     *plr_view_result_get_share_expires_at  (PlrViewResult   *self);
PlrViewOrder   plr_view_result_get_order             (PlrViewResult   *self);

guint64        plr_view_result_get_learner_fields    (PlrViewResult   *self);
const char    *plr_view_result_get_learner_value     (PlrViewResult   *self,
                                                      PlrLearnerField  field);
char          *plr_view_result_dup_learner_name      (PlrViewResult   *self,
                                                      guint64         *name_fields);

guint64        plr_view_result_get_event_fields      (PlrViewResult   *self);
guint          plr_view_result_get_n_columns         (PlrViewResult   *self);
PlrEventField  plr_view_result_get_column            (PlrViewResult   *self,
                                                      guint            column);
guint          plr_view_result_get_n_entries         (PlrViewResult   *self);
const char    *plr_view_result_get_entry_value       (PlrViewResult   *self,
                                                      guint            entry,
                                                      PlrEventField    field);
gboolean       plr_view_result_get_is_grouped        (PlrViewResult   *self);
const char    *plr_view_result_get_entry_group       (PlrViewResult   *self,
                                                      guint            entry);
gboolean       plr_view_result_starts_group          (PlrViewResult   *self,
                                                      guint            entry);
gboolean       plr_view_result_get_carries_challenges (PlrViewResult  *self);
gboolean       plr_view_result_get_entry_challenged  (PlrViewResult   *self,
                                                      guint            entry);
guint          plr_view_result_get_n_challenged      (PlrViewResult   *self);

/* How every output words fields and values. */
char          *plr_view_format_event_value           (PlrEventField    field,
                                                      const char      *value);
char          *plr_view_format_event_value_compact   (PlrEventField    field,
                                                      const char      *value);
char          *plr_view_format_learner_value         (PlrLearnerField  field,
                                                      const char      *value);
char          *plr_view_format_date                  (GDateTime       *date);
char          *plr_view_format_iso_time              (GDateTime       *time);

G_END_DECLS
