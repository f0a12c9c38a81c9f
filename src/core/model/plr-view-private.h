/* plr-view-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What PlrView shares with its own helpers: plr-view.c (the object and its
 * rules) and plr-view-definition.c (its definition as a JSON document). */

#pragma once

#include "plr-view.h"

G_BEGIN_DECLS

struct _PlrView
{
  GObject       parent_instance;

  char         *name;
  char         *recipient;
  char         *purpose;
  GArray       *picked;    /* gint64 LRS IDs, in the order they were picked */
  GArray       *excluded;  /* gint64 LRS IDs the rule must not bring back */
  char        **qualification_types;
  char         *share_code;
  GDateTime    *share_expires_at;
  guint64       event_fields;
  guint64       learner_fields;
  PlrViewOrder  order;
  int           min_level;
  int           awarded_since;
  guint         use_rule : 1;
  guint         mark_challenged : 1;
};

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

#define DEFAULT_EVENT_FIELDS                               \
  (BIT (PLR_EVENT_FIELD_SUBJECT) |                         \
   BIT (PLR_EVENT_FIELD_QUALIFICATION_TYPE) |              \
   BIT (PLR_EVENT_FIELD_LEVEL) |                           \
   BIT (PLR_EVENT_FIELD_GRADE) |                           \
   BIT (PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE) |          \
   BIT (PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME))

#define DEFAULT_LEARNER_FIELDS                             \
  (BIT (PLR_LEARNER_FIELD_GIVEN_NAME) | BIT (PLR_LEARNER_FIELD_FAMILY_NAME))

#define ALL_EVENT_FIELDS   ((G_GUINT64_CONSTANT (1) << PLR_EVENT_N_FIELDS) - 1)
#define ALL_LEARNER_FIELDS ((G_GUINT64_CONSTANT (1) << PLR_LEARNER_N_FIELDS) - 1)

#define TEXT_MAX_LENGTH       255
#define SHARE_CODE_MAX_LENGTH 64
#define MAX_ENTRY_IDS         200000
#define MAX_QUALIFICATION_TYPES 100
#define MIN_YEAR              1900
#define MAX_YEAR              9999

gboolean _plr_view_id_array_contains (GArray *array,
                                      gint64  id);

G_END_DECLS
