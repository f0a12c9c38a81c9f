/* plr-event-details.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-learning-event.h"
#include "plr-record-changes.h"

G_BEGIN_DECLS

#define PLR_TYPE_EVENT_DETAILS (plr_event_details_get_type ())

G_DECLARE_FINAL_TYPE (PlrEventDetails, plr_event_details, PLR, EVENT_DETAILS, GtkWidget)

void              plr_event_details_set_event (PlrEventDetails  *self,
                                               PlrLearningEvent *event,
                                               PlrRecordChanges *changes);
PlrLearningEvent *plr_event_details_get_event (PlrEventDetails  *self);

G_END_DECLS
