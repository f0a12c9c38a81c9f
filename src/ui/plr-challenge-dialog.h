/* plr-challenge-dialog.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "plr-challenge.h"
#include "plr-record.h"
#include "plr-store.h"

G_BEGIN_DECLS

#define PLR_TYPE_CHALLENGE_DIALOG (plr_challenge_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PlrChallengeDialog, plr_challenge_dialog, PLR, CHALLENGE_DIALOG, AdwWindow)

PlrChallengeDialog *plr_challenge_dialog_new       (PlrStore     *store,
                                                    PlrRecord    *record,
                                                    PlrChallenge *challenge);
PlrChallenge       *plr_challenge_dialog_get_challenge (PlrChallengeDialog *self);
void                plr_challenge_dialog_present   (GtkWidget    *parent,
                                                    PlrStore     *store,
                                                    PlrRecord    *record,
                                                    PlrChallenge *challenge);

G_END_DECLS
