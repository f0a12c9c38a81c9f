/* plr-challenge-status.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plr-challenge.h"

G_BEGIN_DECLS

/**
 * PlrChallengeStatus:
 * @service_id: the service's id of the challenge ("ch_…")
 * @state: its status: submitted, under review, needs information, accepted
 *   or rejected
 * @submitted_at: when the service received it
 * @updated_at: (nullable): when its status last changed
 * @has_event_id: whether it is against an entry
 * @event_id: the entry's LRS id
 * @history: (element-type PlrChallengeTimelineEntry): its history, oldest
 *   first, each entry with the source %PLR_CHALLENGE_SOURCE_SERVICE
 * @evidence: (element-type PlrEvidence): the evidence the service holds
 *   (name, media type, SHA-256 and size; no path)
 *
 * A challenge as the service describes it (docs/protocol.md, "Data
 * challenges"), validated. A plain struct: copy it with
 * plr_challenge_status_copy(), free it with plr_challenge_status_free().
 */
typedef struct
{
  char              *service_id;
  PlrChallengeState  state;
  GDateTime         *submitted_at;
  GDateTime         *updated_at;
  gboolean           has_event_id;
  gint64             event_id;
  GPtrArray         *history;
  GPtrArray         *evidence;
} PlrChallengeStatus;

#define PLR_TYPE_CHALLENGE_STATUS (plr_challenge_status_get_type ())

/* The most challenges a list may hold, and history entries a challenge. */
#define PLR_CHALLENGE_STATUS_MAX_LIST     10000
#define PLR_CHALLENGE_STATUS_MAX_HISTORY  1000

GType               plr_challenge_status_get_type       (void);
PlrChallengeStatus *plr_challenge_status_copy           (const PlrChallengeStatus *status);
void                plr_challenge_status_free           (PlrChallengeStatus       *status);

PlrChallengeStatus *plr_challenge_status_from_json      (JsonNode                 *node,
                                                         const char               *path,
                                                         GError                  **error);
GPtrArray          *plr_challenge_status_list_from_json (JsonNode                 *root,
                                                         GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrChallengeStatus, plr_challenge_status_free)

G_END_DECLS
