/* plr-challenge-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-challenge.h"

G_BEGIN_DECLS

/* For PlrStore, which builds challenges from its rows; not for other callers. */
PlrChallenge *_plr_challenge_new_stored  (const char         *uuid,
                                          PlrChallengeTarget  target,
                                          gint64              event_id);
void          _plr_challenge_set_stored  (PlrChallenge       *self,
                                          PlrChallengeState   state,
                                          const char         *service_id,
                                          const char         *route_reference,
                                          GDateTime          *created_at,
                                          GDateTime          *submitted_at,
                                          GDateTime          *updated_at,
                                          gboolean            event_removed);
void          _plr_challenge_set_event   (PlrChallenge       *self,
                                          PlrLearningEvent   *event);

gboolean      _plr_challenge_text_is_clean (const char       *text,
                                            gboolean          multi_line);

G_END_DECLS
