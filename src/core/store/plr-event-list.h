/* plr-event-list.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-event-filter.h"
#include "plr-record.h"
#include "plr-record-changes.h"
#include "plr-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_EVENT_LIST (plr_event_list_get_type ())

G_DECLARE_FINAL_TYPE (PlrEventList, plr_event_list, PLR, EVENT_LIST, GObject)

PlrEventList       *plr_event_list_new             (PlrEventFilter   *filter);
PlrEventFilter     *plr_event_list_get_filter      (PlrEventList     *self);
void                plr_event_list_set_record      (PlrEventList     *self,
                                                    PlrStore         *store,
                                                    PlrRecord        *record);
PlrRecord          *plr_event_list_get_record      (PlrEventList     *self);
void                plr_event_list_set_changes     (PlrEventList     *self,
                                                    PlrRecordChanges *changes);
PlrRecordChanges   *plr_event_list_get_changes     (PlrEventList     *self);
guint               plr_event_list_get_n_total     (PlrEventList     *self);
gboolean            plr_event_list_get_busy        (PlrEventList     *self);
const char * const *plr_event_list_get_choices     (PlrEventList     *self,
                                                    PlrEventField     field);
gboolean            plr_event_list_get_year_range  (PlrEventList     *self,
                                                    int              *first,
                                                    int              *last);

G_END_DECLS
