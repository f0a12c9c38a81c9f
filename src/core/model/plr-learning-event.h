/* plr-learning-event.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plr-field.h"
#include "plr-types.h"

G_BEGIN_DECLS

#define PLR_TYPE_LEARNING_EVENT (plr_learning_event_get_type ())

G_DECLARE_FINAL_TYPE (PlrLearningEvent, plr_learning_event, PLR, LEARNING_EVENT, GObject)

/* Odd but real values are kept and flagged, never refused. */
typedef enum
{
  PLR_EVENT_WARNING_NONE                = 0,
  PLR_EVENT_WARNING_NO_GRADE_RECORDED   = 1 << 0,  /* the ILR placeholder 9999999999 */
  PLR_EVENT_WARNING_FUTURE_AWARD_DATE   = 1 << 1,
  PLR_EVENT_WARNING_UNKNOWN_AWARDING_ORGANISATION = 1 << 2,
  PLR_EVENT_WARNING_UNUSUAL_UKPRN       = 1 << 3,  /* 6 digits, UNKNWN, ... */
  PLR_EVENT_WARNING_UNUSUAL_SUBJECT_CODE = 1 << 4,
  PLR_EVENT_WARNING_DATES_OUT_OF_ORDER  = 1 << 5,  /* ends before it starts */
} PlrEventWarnings;

#define PLR_GRADE_PLACEHOLDER "9999999999"

PlrLearningEvent *plr_learning_event_new            (void);
PlrLearningEvent *plr_learning_event_copy           (PlrLearningEvent *self);
const char       *plr_learning_event_get_value      (PlrLearningEvent *self,
                                                     PlrEventField     field);
void              plr_learning_event_set_value      (PlrLearningEvent *self,
                                                     PlrEventField     field,
                                                     const char       *value);
gint64            plr_learning_event_get_id         (PlrLearningEvent *self);
const char       *plr_learning_event_get_subject    (PlrLearningEvent *self);
const char       *plr_learning_event_get_grade      (PlrLearningEvent *self);
const char       *plr_learning_event_get_award_date (PlrLearningEvent *self);
PlrEventWarnings  plr_learning_event_get_warnings   (PlrLearningEvent *self,
                                                     GDateTime        *now);
gboolean          plr_learning_event_equal          (PlrLearningEvent *a,
                                                     PlrLearningEvent *b);
guint64           plr_learning_event_diff_fields    (PlrLearningEvent *a,
                                                     PlrLearningEvent *b);
void              plr_learning_event_checksum_update (PlrLearningEvent *self,
                                                      GChecksum        *checksum);

G_END_DECLS
