/* plr-event-filter.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-learning-event.h"
#include "plr-record-changes.h"

G_BEGIN_DECLS

#define PLR_TYPE_EVENT_FILTER (plr_event_filter_get_type ())

G_DECLARE_FINAL_TYPE (PlrEventFilter, plr_event_filter, PLR, EVENT_FILTER, GObject)

PlrEventFilter *plr_event_filter_new                       (void);
PlrEventFilter *plr_event_filter_copy                      (PlrEventFilter   *self);
const char     *plr_event_filter_get_text                  (PlrEventFilter   *self);
void            plr_event_filter_set_text                  (PlrEventFilter   *self,
                                                            const char       *text);
const char     *plr_event_filter_get_level                 (PlrEventFilter   *self);
void            plr_event_filter_set_level                 (PlrEventFilter   *self,
                                                            const char       *level);
const char     *plr_event_filter_get_qualification_type    (PlrEventFilter   *self);
void            plr_event_filter_set_qualification_type    (PlrEventFilter   *self,
                                                            const char       *qualification_type);
const char     *plr_event_filter_get_awarding_organisation (PlrEventFilter   *self);
void            plr_event_filter_set_awarding_organisation (PlrEventFilter   *self,
                                                            const char       *awarding_organisation);
int             plr_event_filter_get_year_from             (PlrEventFilter   *self);
void            plr_event_filter_set_year_from             (PlrEventFilter   *self,
                                                            int               year);
int             plr_event_filter_get_year_to               (PlrEventFilter   *self);
void            plr_event_filter_set_year_to               (PlrEventFilter   *self,
                                                            int               year);
gboolean        plr_event_filter_get_changed_only          (PlrEventFilter   *self);
void            plr_event_filter_set_changed_only          (PlrEventFilter   *self,
                                                            gboolean          changed_only);
gboolean        plr_event_filter_has_criteria              (PlrEventFilter   *self);
gboolean        plr_event_filter_is_empty                  (PlrEventFilter   *self);
void            plr_event_filter_clear_criteria            (PlrEventFilter   *self);
gboolean        plr_event_filter_match                     (PlrEventFilter   *self,
                                                            PlrLearningEvent *event,
                                                            PlrRecordChanges *changes);

G_END_DECLS
