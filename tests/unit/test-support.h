/* test-support.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-record.h"

G_BEGIN_DECLS

/* A small record built in code, with LRS IDs first_id, first_id + 1, ... */
static inline PlrRecord *
test_make_record (const char *uln,
                  guint       n_events,
                  gint64      first_id,
                  const char *grade)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(PlrRecord) record = NULL;

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, uln);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME, "Siân");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, "Ó Súilleabháin");
  record = plr_record_new (learner);

  for (guint i = 0; i < n_events; i++)
    {
      g_autoptr(PlrLearningEvent) event = plr_learning_event_new ();
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, first_id + i);
      g_autofree char *subject = g_strdup_printf ("Subject number %u in Welsh Literature", i);

      plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, id);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT, subject);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, grade);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_CREDITS, "0");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE, "2022-08-25");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME, "WJEC-CBAC");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE, "N");
      plr_record_append_event (record, event);
    }

  return g_steal_pointer (&record);
}

G_END_DECLS
