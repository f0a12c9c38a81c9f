/* plr-challenge.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plr-learner.h"
#include "plr-learning-event.h"
#include "plr-types.h"

G_BEGIN_DECLS

/* The outbox kind of a challenge sent to the service (POST v1/challenges). */
#define PLR_OUTBOX_KIND_CHALLENGE "challenge"

/* The protocol's limits (docs/protocol.md, "Data challenges"). */
#define PLR_CHALLENGE_MAX_DETAILS_CHARS 10000
#define PLR_CHALLENGE_MAX_VALUE_CHARS   1000
#define PLR_CHALLENGE_MAX_NOTE_CHARS    2000

#define PLR_CHALLENGE_ERROR (plr_challenge_error_quark ())

typedef enum
{
  PLR_CHALLENGE_ERROR_INCOMPLETE,        /* something the challenge needs is not filled in */
  PLR_CHALLENGE_ERROR_INVALID_VALUE,     /* the proposed value is not a valid value */
  PLR_CHALLENGE_ERROR_TOO_LONG,
  PLR_CHALLENGE_ERROR_INVALID_TEXT,      /* control characters the service refuses */
  PLR_CHALLENGE_ERROR_WRONG_STATE,       /* e.g. editing a challenge already sent */
  PLR_CHALLENGE_ERROR_INVALID_RESPONSE,  /* the service described a challenge wrongly */
} PlrChallengeError;

typedef enum
{
  PLR_CHALLENGE_TARGET_EVENT,      /* an entry (a learning event), by its LRS id */
  PLR_CHALLENGE_TARGET_LEARNER,    /* a personal detail */
  PLR_CHALLENGE_TARGET_MISSING,    /* an achievement that is not in the record */
} PlrChallengeTarget;

typedef enum
{
  PLR_CHALLENGE_REASON_WRONG_GRADE,
  PLR_CHALLENGE_REASON_WRONG_DATE,
  PLR_CHALLENGE_REASON_WRONG_ORGANISATION,
  PLR_CHALLENGE_REASON_NOT_MINE,
  PLR_CHALLENGE_REASON_DUPLICATE,
  PLR_CHALLENGE_REASON_MISSING,
  PLR_CHALLENGE_REASON_SENSITIVE_DATA,
  PLR_CHALLENGE_REASON_OTHER,
} PlrChallengeReason;

typedef enum
{
  PLR_CHALLENGE_ROUTE_SERVICE,          /* through the PLR service, from the outbox */
  PLR_CHALLENGE_ROUTE_PROVIDER_LETTER,  /* a letter or email to the learning provider */
  PLR_CHALLENGE_ROUTE_LRS_LETTER,       /* a letter or email to the LRS service desk */
  PLR_CHALLENGE_ROUTE_PHONE,            /* a phone call the learner records */
} PlrChallengeRoute;

typedef enum
{
  PLR_CHALLENGE_STATE_DRAFT,
  PLR_CHALLENGE_STATE_WAITING_TO_SEND,
  PLR_CHALLENGE_STATE_SUBMITTED,
  PLR_CHALLENGE_STATE_UNDER_REVIEW,
  PLR_CHALLENGE_STATE_NEEDS_INFORMATION,
  PLR_CHALLENGE_STATE_ACCEPTED,
  PLR_CHALLENGE_STATE_REJECTED,
} PlrChallengeState;

/* Who wrote an entry of a challenge's timeline. */
typedef enum
{
  PLR_CHALLENGE_SOURCE_APP,       /* Learning Record itself, e.g. a send that failed */
  PLR_CHALLENGE_SOURCE_SERVICE,   /* the PLR service's history */
  PLR_CHALLENGE_SOURCE_LEARNER,   /* the learner: submitted, or a letter's answer */
} PlrChallengeSource;

#define PLR_TYPE_CHALLENGE_TARGET (plr_challenge_target_get_type ())
#define PLR_TYPE_CHALLENGE_REASON (plr_challenge_reason_get_type ())
#define PLR_TYPE_CHALLENGE_ROUTE  (plr_challenge_route_get_type ())
#define PLR_TYPE_CHALLENGE_STATE  (plr_challenge_state_get_type ())
#define PLR_TYPE_CHALLENGE_SOURCE (plr_challenge_source_get_type ())

GType       plr_challenge_target_get_type    (void);
GType       plr_challenge_reason_get_type    (void);
GType       plr_challenge_route_get_type     (void);
GType       plr_challenge_state_get_type     (void);
GType       plr_challenge_source_get_type    (void);

const char *plr_challenge_target_to_string   (PlrChallengeTarget   target);
gboolean    plr_challenge_target_from_string (const char          *text,
                                              PlrChallengeTarget  *target);
const char *plr_challenge_reason_to_string   (PlrChallengeReason   reason);
gboolean    plr_challenge_reason_from_string (const char          *text,
                                              PlrChallengeReason  *reason);
const char *plr_challenge_reason_get_label   (PlrChallengeReason   reason);
const char *plr_challenge_route_to_string    (PlrChallengeRoute    route);
gboolean    plr_challenge_route_from_string  (const char          *text,
                                              PlrChallengeRoute   *route);
const char *plr_challenge_state_to_string    (PlrChallengeState    state);
gboolean    plr_challenge_state_from_string  (const char          *text,
                                              PlrChallengeState   *state);
const char *plr_challenge_state_get_label    (PlrChallengeState    state);
gboolean    plr_challenge_state_is_final     (PlrChallengeState    state);
const char *plr_challenge_source_to_string   (PlrChallengeSource   source);
gboolean    plr_challenge_source_from_string (const char          *text,
                                              PlrChallengeSource  *source);

void        plr_challenge_compute_due_date   (const GDate         *submitted,
                                              GDate               *due);
gboolean    plr_challenge_is_overdue_on      (PlrChallengeState    state,
                                              const GDate         *submitted,
                                              const GDate         *today);

/**
 * PlrChallengeTimelineEntry:
 * @id: the row id
 * @state: the state the challenge reached
 * @at: when (UTC)
 * @note: (nullable): a note: the service's, the learner's, or a short code
 *   such as "http-400" when Learning Record could not send it
 * @source: who wrote the entry
 *
 * One step of a challenge's history. A plain struct: copy it with
 * plr_challenge_timeline_entry_copy(), free it with
 * plr_challenge_timeline_entry_free().
 */
typedef struct
{
  gint64              id;
  PlrChallengeState   state;
  GDateTime          *at;
  char               *note;
  PlrChallengeSource  source;
} PlrChallengeTimelineEntry;

#define PLR_TYPE_CHALLENGE_TIMELINE_ENTRY (plr_challenge_timeline_entry_get_type ())

GType                      plr_challenge_timeline_entry_get_type (void);
PlrChallengeTimelineEntry *plr_challenge_timeline_entry_new      (PlrChallengeState   state,
                                                                  GDateTime          *at,
                                                                  const char         *note,
                                                                  PlrChallengeSource  source);
PlrChallengeTimelineEntry *plr_challenge_timeline_entry_copy
                                               (const PlrChallengeTimelineEntry *entry);
void                       plr_challenge_timeline_entry_free
                                               (PlrChallengeTimelineEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrChallengeTimelineEntry, plr_challenge_timeline_entry_free)

#define PLR_TYPE_CHALLENGE (plr_challenge_get_type ())

G_DECLARE_FINAL_TYPE (PlrChallenge, plr_challenge, PLR, CHALLENGE, GObject)

GQuark              plr_challenge_error_quark        (void);

PlrChallenge       *plr_challenge_new_for_event      (PlrLearningEvent   *event,
                                                      PlrEventField       field,
                                                      PlrChallengeReason  reason);
PlrChallenge       *plr_challenge_new_for_entry      (PlrLearningEvent   *event,
                                                      PlrChallengeReason  reason);
PlrChallenge       *plr_challenge_new_for_learner    (PlrLearner         *learner,
                                                      PlrLearnerField     field,
                                                      PlrChallengeReason  reason);
PlrChallenge       *plr_challenge_new_missing        (void);

const char         *plr_challenge_get_uuid           (PlrChallenge       *self);
PlrChallengeTarget  plr_challenge_get_target         (PlrChallenge       *self);
gint64              plr_challenge_get_event_id       (PlrChallenge       *self);
PlrLearningEvent   *plr_challenge_get_event          (PlrChallenge       *self);
gboolean            plr_challenge_get_event_removed  (PlrChallenge       *self);
const char         *plr_challenge_get_field          (PlrChallenge       *self);
void                plr_challenge_set_field          (PlrChallenge       *self,
                                                      const char         *field);
const char         *plr_challenge_get_current_value  (PlrChallenge       *self);
void                plr_challenge_set_current_value  (PlrChallenge       *self,
                                                      const char         *value);
const char         *plr_challenge_get_proposed_value (PlrChallenge       *self);
void                plr_challenge_set_proposed_value (PlrChallenge       *self,
                                                      const char         *value);
PlrChallengeReason  plr_challenge_get_reason         (PlrChallenge       *self);
void                plr_challenge_set_reason         (PlrChallenge       *self,
                                                      PlrChallengeReason  reason);
const char         *plr_challenge_get_details        (PlrChallenge       *self);
void                plr_challenge_set_details        (PlrChallenge       *self,
                                                      const char         *details);
PlrChallengeRoute   plr_challenge_get_route          (PlrChallenge       *self);
void                plr_challenge_set_route          (PlrChallenge       *self,
                                                      PlrChallengeRoute   route);
const char         *plr_challenge_get_route_reference (PlrChallenge      *self);
PlrChallengeState   plr_challenge_get_state          (PlrChallenge       *self);
const char         *plr_challenge_get_service_id     (PlrChallenge       *self);
GDateTime          *plr_challenge_get_created_at     (PlrChallenge       *self);
GDateTime          *plr_challenge_get_submitted_at   (PlrChallenge       *self);
GDateTime          *plr_challenge_get_updated_at     (PlrChallenge       *self);

char               *plr_challenge_dup_field_label    (PlrChallenge       *self);
gboolean            plr_challenge_get_due_date       (PlrChallenge       *self,
                                                      GDate              *due);
gboolean            plr_challenge_is_overdue         (PlrChallenge       *self,
                                                      GDateTime          *now);
gboolean            plr_challenge_check_ready        (PlrChallenge       *self,
                                                      GError            **error);
gboolean            plr_challenge_is_corrected_in    (PlrChallenge       *self,
                                                      PlrRecord          *record);
gboolean            plr_challenge_is_corrected_by    (PlrChallenge       *self,
                                                      PlrLearningEvent   *event);

G_END_DECLS
