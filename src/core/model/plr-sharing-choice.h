/* plr-sharing-choice.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plr-outbox-item.h"

G_BEGIN_DECLS

/**
 * PlrSharingChoice:
 * @id: the row id of the change
 * @opted_out: %TRUE if the learner asked that organisations get no learning events
 * @method: how the choice was made: "app", "phone" or "letter"
 * @note: (nullable): the learner's note
 * @made_at: when the learner made the choice (UTC)
 * @outbox_id: the outbox item that carries it to the service
 * @state: where that item is: waiting, confirmed or refused for good
 * @reference: (nullable): the service's receipt, once confirmed
 * @confirmed_at: (nullable): when the service recorded it, once confirmed
 *
 * One entry of the learner's history of sharing choices, as stored. A plain
 * struct: copy it with plr_sharing_choice_copy(), free it with
 * plr_sharing_choice_free().
 */
typedef struct
{
  gint64          id;
  gboolean        opted_out;
  char           *method;
  char           *note;
  GDateTime      *made_at;
  gint64          outbox_id;
  PlrOutboxState  state;
  char           *reference;
  GDateTime      *confirmed_at;
} PlrSharingChoice;

#define PLR_TYPE_SHARING_CHOICE (plr_sharing_choice_get_type ())

GType             plr_sharing_choice_get_type (void);
PlrSharingChoice *plr_sharing_choice_copy     (const PlrSharingChoice *choice);
void              plr_sharing_choice_free     (PlrSharingChoice       *choice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrSharingChoice, plr_sharing_choice_free)

G_END_DECLS
