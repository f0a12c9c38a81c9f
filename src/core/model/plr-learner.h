/* plr-learner.h
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

#define PLR_TYPE_LEARNER (plr_learner_get_type ())

G_DECLARE_FINAL_TYPE (PlrLearner, plr_learner, PLR, LEARNER, GObject)

PlrLearner *plr_learner_new                 (void);
PlrLearner *plr_learner_copy                (PlrLearner      *self);
const char *plr_learner_get_value           (PlrLearner      *self,
                                             PlrLearnerField  field);
void        plr_learner_set_value           (PlrLearner      *self,
                                             PlrLearnerField  field,
                                             const char      *value);
const char *plr_learner_get_uln             (PlrLearner      *self);
char       *plr_learner_dup_display_name    (PlrLearner      *self);
gboolean    plr_ability_to_share_is_known   (const char      *value);
char       *plr_ability_to_share_explain    (const char      *value);
gboolean    plr_learner_equal               (PlrLearner      *a,
                                             PlrLearner      *b);
guint64     plr_learner_diff_fields         (PlrLearner      *a,
                                             PlrLearner      *b);
void        plr_learner_checksum_update     (PlrLearner      *self,
                                             GChecksum       *checksum);

G_END_DECLS
