/* plr-challenge.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-challenge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-challenge-private.h"
#include "plr-date.h"
#include "plr-record.h"
#include "plr-view-result.h"

/* A data challenge: the learner says an entry (or a personal detail) of
 * their record is wrong, or that an achievement is missing, and what the
 * correction should be (shared/domain.md, "Data challenges"). It goes to
 * the PLR service through the outbox, or on paper (a letter to the
 * provider or to the LRS service desk) or by phone, which the learner
 * records.
 *
 * A challenge is a snapshot of its row in the store, which holds the
 * truth: the learner edits a draft here and saves it with
 * plr_store_save_challenge(); everything after the draft (submitting, the
 * service's answers, the timeline) happens in the store.
 *
 * As a rectification request under UK GDPR (Article 16), the answer is due
 * one calendar month after it was received: see
 * plr_challenge_compute_due_date(). */

struct _PlrChallenge
{
  GObject             parent_instance;

  char               *uuid;
  PlrChallengeTarget  target;
  gint64              event_id;
  PlrLearningEvent   *event;            /* the entry as it was when drafted */
  char               *field;            /* a field's JSON name */
  char               *current_value;
  char               *proposed_value;
  PlrChallengeReason  reason;
  char               *details;
  PlrChallengeRoute   route;
  char               *route_reference;
  PlrChallengeState   state;
  char               *service_id;
  GDateTime          *created_at;
  GDateTime          *submitted_at;
  GDateTime          *updated_at;
  gboolean            event_removed;
};

G_DEFINE_FINAL_TYPE (PlrChallenge, plr_challenge, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-challenge-error-quark, plr_challenge_error)

G_DEFINE_ENUM_TYPE (PlrChallengeTarget, plr_challenge_target,
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_TARGET_EVENT, "event"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_TARGET_LEARNER, "learner"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_TARGET_MISSING, "missing"))

G_DEFINE_ENUM_TYPE (PlrChallengeReason, plr_challenge_reason,
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_WRONG_GRADE, "wrong-grade"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_WRONG_DATE, "wrong-date"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_WRONG_ORGANISATION, "wrong-organisation"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_NOT_MINE, "not-mine"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_DUPLICATE, "duplicate"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_MISSING, "missing"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_SENSITIVE_DATA, "sensitive-data"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_REASON_OTHER, "other"))

G_DEFINE_ENUM_TYPE (PlrChallengeRoute, plr_challenge_route,
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_ROUTE_SERVICE, "service"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_ROUTE_PROVIDER_LETTER, "provider-letter"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_ROUTE_LRS_LETTER, "lrs-letter"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_ROUTE_PHONE, "phone"))

G_DEFINE_ENUM_TYPE (PlrChallengeState, plr_challenge_state,
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_STATE_DRAFT, "draft"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_STATE_WAITING_TO_SEND, "waiting-to-send"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_STATE_SUBMITTED, "submitted"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_STATE_UNDER_REVIEW, "under-review"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_STATE_NEEDS_INFORMATION, "needs-information"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_STATE_ACCEPTED, "accepted"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_STATE_REJECTED, "rejected"))

G_DEFINE_ENUM_TYPE (PlrChallengeSource, plr_challenge_source,
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_SOURCE_APP, "app"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_SOURCE_SERVICE, "service"),
  G_DEFINE_ENUM_VALUE (PLR_CHALLENGE_SOURCE_LEARNER, "learner"))

G_DEFINE_BOXED_TYPE (PlrChallengeTimelineEntry, plr_challenge_timeline_entry,
                     plr_challenge_timeline_entry_copy, plr_challenge_timeline_entry_free)

enum {
  PROP_0,
  PROP_UUID,
  PROP_TARGET,
  PROP_EVENT_ID,
  PROP_EVENT,
  PROP_EVENT_REMOVED,
  PROP_FIELD,
  PROP_CURRENT_VALUE,
  PROP_PROPOSED_VALUE,
  PROP_REASON,
  PROP_DETAILS,
  PROP_ROUTE,
  PROP_ROUTE_REFERENCE,
  PROP_STATE,
  PROP_SERVICE_ID,
  PROP_CREATED_AT,
  PROP_SUBMITTED_AT,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The names the store and the protocol use, in enum order. */
static const char * const target_names[] = { "event", "learner", "missing" };
static const char * const reason_names[] = {
  "wrong-grade", "wrong-date", "wrong-organisation", "not-mine", "duplicate", "missing",
  "sensitive-data", "other"
};
static const char * const route_names[] = { "service", "provider-letter", "lrs-letter", "phone" };
static const char * const state_names[] = {
  "draft", "waiting-to-send", "submitted", "under-review", "needs-information", "accepted",
  "rejected"
};
static const char * const source_names[] = { "app", "service", "learner" };

static gboolean
name_to_value (const char * const *names,
               guint               n_names,
               const char         *text,
               guint              *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Enumerations                                                              */

const char *
plr_challenge_target_to_string (PlrChallengeTarget target)
{
  g_return_val_if_fail ((guint) target < G_N_ELEMENTS (target_names), NULL);
  return target_names[target];
}

gboolean
plr_challenge_target_from_string (const char         *text,
                                  PlrChallengeTarget *target)
{
  guint value;

  g_return_val_if_fail (target != NULL, FALSE);

  if (!name_to_value (target_names, G_N_ELEMENTS (target_names), text, &value))
    return FALSE;
  *target = (PlrChallengeTarget) value;
  return TRUE;
}

/**
 * plr_challenge_reason_to_string:
 * @reason: a #PlrChallengeReason
 *
 * Returns: (transfer none): the protocol's name, such as "wrong-grade"
 */
const char *
plr_challenge_reason_to_string (PlrChallengeReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (reason_names), NULL);
  return reason_names[reason];
}

gboolean
plr_challenge_reason_from_string (const char         *text,
                                  PlrChallengeReason *reason)
{
  guint value;

  g_return_val_if_fail (reason != NULL, FALSE);

  if (!name_to_value (reason_names, G_N_ELEMENTS (reason_names), text, &value))
    return FALSE;
  *reason = (PlrChallengeReason) value;
  return TRUE;
}

/**
 * plr_challenge_reason_get_label:
 * @reason: a #PlrChallengeReason
 *
 * Returns: (transfer none): the reason in words, translated
 */
const char *
plr_challenge_reason_get_label (PlrChallengeReason reason)
{
  switch (reason)
    {
    case PLR_CHALLENGE_REASON_WRONG_GRADE: return _("The grade is wrong");
    case PLR_CHALLENGE_REASON_WRONG_DATE: return _("A date is wrong");
    case PLR_CHALLENGE_REASON_WRONG_ORGANISATION: return _("The organisation is wrong");
    case PLR_CHALLENGE_REASON_NOT_MINE: return _("This is not my achievement");
    case PLR_CHALLENGE_REASON_DUPLICATE: return _("This entry is a duplicate");
    case PLR_CHALLENGE_REASON_MISSING: return _("An achievement is missing");
    case PLR_CHALLENGE_REASON_SENSITIVE_DATA: return _("It holds sensitive personal data");
    case PLR_CHALLENGE_REASON_OTHER: return _("Something else is wrong");
    default:
      g_return_val_if_reached ("");
    }
}

const char *
plr_challenge_route_to_string (PlrChallengeRoute route)
{
  g_return_val_if_fail ((guint) route < G_N_ELEMENTS (route_names), NULL);
  return route_names[route];
}

gboolean
plr_challenge_route_from_string (const char        *text,
                                 PlrChallengeRoute *route)
{
  guint value;

  g_return_val_if_fail (route != NULL, FALSE);

  if (!name_to_value (route_names, G_N_ELEMENTS (route_names), text, &value))
    return FALSE;
  *route = (PlrChallengeRoute) value;
  return TRUE;
}

const char *
plr_challenge_state_to_string (PlrChallengeState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
plr_challenge_state_from_string (const char        *text,
                                 PlrChallengeState *state)
{
  guint value;

  g_return_val_if_fail (state != NULL, FALSE);

  if (!name_to_value (state_names, G_N_ELEMENTS (state_names), text, &value))
    return FALSE;
  *state = (PlrChallengeState) value;
  return TRUE;
}

/**
 * plr_challenge_state_get_label:
 * @state: a #PlrChallengeState
 *
 * Returns: (transfer none): the state in words, translated
 */
const char *
plr_challenge_state_get_label (PlrChallengeState state)
{
  switch (state)
    {
    case PLR_CHALLENGE_STATE_DRAFT: return _("Draft");
    case PLR_CHALLENGE_STATE_WAITING_TO_SEND: return _("Waiting to send");
    case PLR_CHALLENGE_STATE_SUBMITTED: return _("Submitted");
    case PLR_CHALLENGE_STATE_UNDER_REVIEW: return _("Under review");
    case PLR_CHALLENGE_STATE_NEEDS_INFORMATION: return _("Needs more information");
    case PLR_CHALLENGE_STATE_ACCEPTED: return _("Accepted");
    case PLR_CHALLENGE_STATE_REJECTED: return _("Rejected");
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * plr_challenge_state_is_final:
 * @state: a #PlrChallengeState
 *
 * Returns: %TRUE for accepted and rejected: the challenge is resolved
 */
gboolean
plr_challenge_state_is_final (PlrChallengeState state)
{
  return state == PLR_CHALLENGE_STATE_ACCEPTED || state == PLR_CHALLENGE_STATE_REJECTED;
}

const char *
plr_challenge_source_to_string (PlrChallengeSource source)
{
  g_return_val_if_fail ((guint) source < G_N_ELEMENTS (source_names), NULL);
  return source_names[source];
}

gboolean
plr_challenge_source_from_string (const char         *text,
                                  PlrChallengeSource *source)
{
  guint value;

  g_return_val_if_fail (source != NULL, FALSE);

  if (!name_to_value (source_names, G_N_ELEMENTS (source_names), text, &value))
    return FALSE;
  *source = (PlrChallengeSource) value;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The one-month clock                                                       */

/**
 * plr_challenge_compute_due_date:
 * @submitted: the day the challenge was received, a valid date
 * @due: (out caller-allocates): the day the answer is due
 *
 * One calendar month, counted as every deadline in the app is
 * (plr_date_add_calendar_months()): the same date in the next month or,
 * when that month is shorter, its last day (31 January gives 28 or 29
 * February). The service's one-month clock for a challenge is counted in
 * calendar days, so unlike a letter's deadline (plr_rights_response_due())
 * it is not moved off a weekend or a bank holiday.
 */
void
plr_challenge_compute_due_date (const GDate *submitted,
                                GDate       *due)
{
  g_return_if_fail (submitted != NULL && g_date_valid (submitted));
  g_return_if_fail (due != NULL);

  plr_date_add_calendar_months (submitted, 1, due);
}

/**
 * plr_challenge_is_overdue_on:
 * @state: the challenge's state
 * @submitted: (nullable): the day it was received, or %NULL when it has not been
 * @today: today's date
 *
 * Returns: %TRUE if @today is after the due date and the challenge is
 *   neither accepted nor rejected; a challenge not yet received is never
 *   overdue
 */
gboolean
plr_challenge_is_overdue_on (PlrChallengeState  state,
                             const GDate       *submitted,
                             const GDate       *today)
{
  GDate due;

  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  if (submitted == NULL || !g_date_valid (submitted) || plr_challenge_state_is_final (state) ||
      state == PLR_CHALLENGE_STATE_DRAFT || state == PLR_CHALLENGE_STATE_WAITING_TO_SEND)
    return FALSE;

  plr_challenge_compute_due_date (submitted, &due);
  return g_date_compare (today, &due) > 0;
}

/* ------------------------------------------------------------------------ */
/* Timeline entries                                                          */

/**
 * plr_challenge_timeline_entry_new:
 * @state: the state reached
 * @at: when
 * @note: (nullable): a note
 * @source: who wrote it
 *
 * Returns: (transfer full): a new entry with id 0
 */
PlrChallengeTimelineEntry *
plr_challenge_timeline_entry_new (PlrChallengeState   state,
                                  GDateTime          *at,
                                  const char         *note,
                                  PlrChallengeSource  source)
{
  PlrChallengeTimelineEntry *entry;

  g_return_val_if_fail (at != NULL, NULL);

  entry = g_new0 (PlrChallengeTimelineEntry, 1);
  entry->state = state;
  entry->at = g_date_time_ref (at);
  entry->note = g_strdup (note);
  entry->source = source;

  return entry;
}

PlrChallengeTimelineEntry *
plr_challenge_timeline_entry_copy (const PlrChallengeTimelineEntry *entry)
{
  PlrChallengeTimelineEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (PlrChallengeTimelineEntry, 1);
  *copy = *entry;
  copy->at = entry->at ? g_date_time_ref (entry->at) : NULL;
  copy->note = g_strdup (entry->note);

  return copy;
}

void
plr_challenge_timeline_entry_free (PlrChallengeTimelineEntry *entry)
{
  if (entry == NULL)
    return;

  g_clear_pointer (&entry->at, g_date_time_unref);
  g_clear_pointer (&entry->note, g_free);
  g_free (entry);
}

/* ------------------------------------------------------------------------ */
/* The object                                                                */

static void
plr_challenge_finalize (GObject *object)
{
  PlrChallenge *self = (PlrChallenge *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_object (&self->event);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->current_value, g_free);
  g_clear_pointer (&self->proposed_value, g_free);
  g_clear_pointer (&self->details, g_free);
  g_clear_pointer (&self->route_reference, g_free);
  g_clear_pointer (&self->service_id, g_free);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->submitted_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (plr_challenge_parent_class)->finalize (object);
}

static void
plr_challenge_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlrChallenge *self = PLR_CHALLENGE (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_TARGET:
      g_value_set_enum (value, self->target);
      break;
    case PROP_EVENT_ID:
      g_value_set_int64 (value, self->event_id);
      break;
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    case PROP_EVENT_REMOVED:
      g_value_set_boolean (value, self->event_removed);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_CURRENT_VALUE:
      g_value_set_string (value, self->current_value);
      break;
    case PROP_PROPOSED_VALUE:
      g_value_set_string (value, self->proposed_value);
      break;
    case PROP_REASON:
      g_value_set_enum (value, self->reason);
      break;
    case PROP_DETAILS:
      g_value_set_string (value, self->details);
      break;
    case PROP_ROUTE:
      g_value_set_enum (value, self->route);
      break;
    case PROP_ROUTE_REFERENCE:
      g_value_set_string (value, self->route_reference);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_SERVICE_ID:
      g_value_set_string (value, self->service_id);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_SUBMITTED_AT:
      g_value_set_boxed (value, self->submitted_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_challenge_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlrChallenge *self = PLR_CHALLENGE (object);

  switch (prop_id)
    {
    case PROP_UUID:
      self->uuid = g_value_dup_string (value);
      if (self->uuid == NULL)
        self->uuid = g_uuid_string_random ();
      break;
    case PROP_TARGET:
      self->target = g_value_get_enum (value);
      break;
    case PROP_EVENT_ID:
      self->event_id = g_value_get_int64 (value);
      break;
    case PROP_FIELD:
      plr_challenge_set_field (self, g_value_get_string (value));
      break;
    case PROP_CURRENT_VALUE:
      plr_challenge_set_current_value (self, g_value_get_string (value));
      break;
    case PROP_PROPOSED_VALUE:
      plr_challenge_set_proposed_value (self, g_value_get_string (value));
      break;
    case PROP_REASON:
      plr_challenge_set_reason (self, g_value_get_enum (value));
      break;
    case PROP_DETAILS:
      plr_challenge_set_details (self, g_value_get_string (value));
      break;
    case PROP_ROUTE:
      plr_challenge_set_route (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_challenge_class_init (PlrChallengeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_challenge_finalize;
  object_class->get_property = plr_challenge_get_property;
  object_class->set_property = plr_challenge_set_property;

  /**
   * PlrChallenge:uuid:
   *
   * The local id, made when the challenge is created and kept for good: a
   * draft is saved under it every time, however often the learner types.
   */
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL, construct);
  properties[PROP_TARGET] =
    g_param_spec_enum ("target", NULL, NULL, PLR_TYPE_CHALLENGE_TARGET,
                       PLR_CHALLENGE_TARGET_MISSING, construct);
  /**
   * PlrChallenge:event-id:
   *
   * The LRS id of the challenged entry, or 0.
   */
  properties[PROP_EVENT_ID] =
    g_param_spec_int64 ("event-id", NULL, NULL, 0, G_MAXINT64, 0, construct);
  /**
   * PlrChallenge:event:
   *
   * The challenged entry as it was when the challenge was drafted, kept
   * when a later fetch no longer has it.
   */
  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, PLR_TYPE_LEARNING_EVENT, ro);
  /**
   * PlrChallenge:event-removed:
   *
   * Whether the challenged entry is no longer in the current record.
   */
  properties[PROP_EVENT_REMOVED] =
    g_param_spec_boolean ("event-removed", NULL, NULL, FALSE, ro);
  /**
   * PlrChallenge:field:
   *
   * The JSON name of the challenged field ("grade", "family_name"), or
   * %NULL for a whole entry or a missing achievement.
   */
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, rw);
  properties[PROP_CURRENT_VALUE] = g_param_spec_string ("current-value", NULL, NULL, NULL, rw);
  properties[PROP_PROPOSED_VALUE] = g_param_spec_string ("proposed-value", NULL, NULL, NULL, rw);
  properties[PROP_REASON] =
    g_param_spec_enum ("reason", NULL, NULL, PLR_TYPE_CHALLENGE_REASON,
                       PLR_CHALLENGE_REASON_OTHER, rw);
  properties[PROP_DETAILS] = g_param_spec_string ("details", NULL, NULL, NULL, rw);
  properties[PROP_ROUTE] =
    g_param_spec_enum ("route", NULL, NULL, PLR_TYPE_CHALLENGE_ROUTE,
                       PLR_CHALLENGE_ROUTE_SERVICE, rw);
  /**
   * PlrChallenge:route-reference:
   *
   * For a challenge sent by letter or phone, the reference the learner was
   * given or wrote on the letter.
   */
  properties[PROP_ROUTE_REFERENCE] =
    g_param_spec_string ("route-reference", NULL, NULL, NULL, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PLR_TYPE_CHALLENGE_STATE,
                       PLR_CHALLENGE_STATE_DRAFT, ro);
  properties[PROP_SERVICE_ID] = g_param_spec_string ("service-id", NULL, NULL, NULL, ro);
  properties[PROP_CREATED_AT] =
    g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  /**
   * PlrChallenge:submitted-at:
   *
   * When the service received it, or the day the learner sent the letter
   * or phoned; the one-month clock starts then.
   */
  properties[PROP_SUBMITTED_AT] =
    g_param_spec_boxed ("submitted-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UPDATED_AT] =
    g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_challenge_init (PlrChallenge *self)
{
  self->reason = PLR_CHALLENGE_REASON_OTHER;
  self->route = PLR_CHALLENGE_ROUTE_SERVICE;
  self->state = PLR_CHALLENGE_STATE_DRAFT;
}

/* Empty text counts as none. */
static gboolean
set_text (PlrChallenge  *self,
          char         **slot,
          const char    *text,
          GParamSpec    *pspec)
{
  if (text != NULL && text[0] == '\0')
    text = NULL;

  if (g_strcmp0 (*slot, text) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  return TRUE;
}

/**
 * plr_challenge_new_for_event:
 * @event: the entry
 * @field: the field that is wrong
 * @reason: why
 *
 * A draft against one field of an entry, with the field's value as the
 * current value.
 *
 * Returns: (transfer full): a new draft
 */
PlrChallenge *
plr_challenge_new_for_event (PlrLearningEvent   *event,
                             PlrEventField       field,
                             PlrChallengeReason  reason)
{
  PlrChallenge *self;

  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (event), NULL);
  g_return_val_if_fail ((guint) field < PLR_EVENT_N_FIELDS && field != PLR_EVENT_FIELD_ID, NULL);

  self = plr_challenge_new_for_entry (event, reason);
  self->field = g_strdup (plr_event_field_info (field)->json_name);
  self->current_value = g_strdup (plr_learning_event_get_value (event, field));

  return self;
}

/**
 * plr_challenge_new_for_entry:
 * @event: the entry
 * @reason: why, such as not-mine or duplicate
 *
 * A draft against a whole entry.
 *
 * Returns: (transfer full): a new draft
 */
PlrChallenge *
plr_challenge_new_for_entry (PlrLearningEvent   *event,
                             PlrChallengeReason  reason)
{
  PlrChallenge *self;

  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (event), NULL);
  g_return_val_if_fail (plr_learning_event_get_id (event) > 0, NULL);

  self = g_object_new (PLR_TYPE_CHALLENGE,
                       "target", PLR_CHALLENGE_TARGET_EVENT,
                       "event-id", plr_learning_event_get_id (event),
                       NULL);
  self->reason = reason;
  self->event = plr_learning_event_copy (event);

  return self;
}

/**
 * plr_challenge_new_for_learner:
 * @learner: the learner
 * @field: the personal detail that is wrong
 * @reason: why
 *
 * Returns: (transfer full): a new draft
 */
PlrChallenge *
plr_challenge_new_for_learner (PlrLearner         *learner,
                               PlrLearnerField     field,
                               PlrChallengeReason  reason)
{
  PlrChallenge *self;

  g_return_val_if_fail (PLR_IS_LEARNER (learner), NULL);
  g_return_val_if_fail ((guint) field < PLR_LEARNER_N_FIELDS, NULL);

  self = g_object_new (PLR_TYPE_CHALLENGE, "target", PLR_CHALLENGE_TARGET_LEARNER, NULL);
  self->reason = reason;
  self->field = g_strdup (plr_learner_field_info (field)->json_name);
  self->current_value = g_strdup (plr_learner_get_value (learner, field));

  return self;
}

/**
 * plr_challenge_new_missing:
 *
 * A draft saying an achievement is missing from the record.
 *
 * Returns: (transfer full): a new draft
 */
PlrChallenge *
plr_challenge_new_missing (void)
{
  PlrChallenge *self = g_object_new (PLR_TYPE_CHALLENGE,
                                     "target", PLR_CHALLENGE_TARGET_MISSING,
                                     NULL);

  self->reason = PLR_CHALLENGE_REASON_MISSING;
  return self;
}

PlrChallenge *
_plr_challenge_new_stored (const char         *uuid,
                           PlrChallengeTarget  target,
                           gint64              event_id)
{
  g_return_val_if_fail (uuid != NULL, NULL);

  return g_object_new (PLR_TYPE_CHALLENGE,
                       "uuid", uuid,
                       "target", target,
                       "event-id", MAX (event_id, 0),
                       NULL);
}

static void
set_time (PlrChallenge  *self,
          GDateTime    **slot,
          GDateTime     *time,
          GParamSpec    *pspec)
{
  if (*slot == time || (*slot != NULL && time != NULL && g_date_time_equal (*slot, time)))
    return;

  g_clear_pointer (slot, g_date_time_unref);
  *slot = time ? g_date_time_ref (time) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

void
_plr_challenge_set_stored (PlrChallenge      *self,
                           PlrChallengeState  state,
                           const char        *service_id,
                           const char        *route_reference,
                           GDateTime         *created_at,
                           GDateTime         *submitted_at,
                           GDateTime         *updated_at,
                           gboolean           event_removed)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  set_text (self, &self->service_id, service_id, properties[PROP_SERVICE_ID]);
  set_text (self, &self->route_reference, route_reference, properties[PROP_ROUTE_REFERENCE]);
  set_time (self, &self->created_at, created_at, properties[PROP_CREATED_AT]);
  set_time (self, &self->submitted_at, submitted_at, properties[PROP_SUBMITTED_AT]);
  set_time (self, &self->updated_at, updated_at, properties[PROP_UPDATED_AT]);
  if (self->event_removed != !!event_removed)
    {
      self->event_removed = !!event_removed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_REMOVED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

void
_plr_challenge_set_event (PlrChallenge     *self,
                          PlrLearningEvent *event)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));
  g_return_if_fail (event == NULL || PLR_IS_LEARNING_EVENT (event));

  if (g_set_object (&self->event, event))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

const char *
plr_challenge_get_uuid (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->uuid;
}

PlrChallengeTarget
plr_challenge_get_target (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), PLR_CHALLENGE_TARGET_MISSING);
  return self->target;
}

gint64
plr_challenge_get_event_id (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), 0);
  return self->event_id;
}

/**
 * plr_challenge_get_event:
 * @self: a #PlrChallenge
 *
 * Returns: (transfer none) (nullable): the entry as it was when the
 *   challenge was drafted
 */
PlrLearningEvent *
plr_challenge_get_event (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->event;
}

/**
 * plr_challenge_get_event_removed:
 * @self: a #PlrChallenge
 *
 * Returns: %TRUE if the challenged entry is no longer in the current
 *   record (as of when the store listed the challenge); the challenge
 *   keeps everything the learner wrote
 */
gboolean
plr_challenge_get_event_removed (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), FALSE);
  return self->event_removed;
}

const char *
plr_challenge_get_field (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->field;
}

void
plr_challenge_set_field (PlrChallenge *self,
                         const char   *field)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));
  set_text (self, &self->field, field, properties[PROP_FIELD]);
}

const char *
plr_challenge_get_current_value (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->current_value;
}

void
plr_challenge_set_current_value (PlrChallenge *self,
                                 const char   *value)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));
  set_text (self, &self->current_value, value, properties[PROP_CURRENT_VALUE]);
}

const char *
plr_challenge_get_proposed_value (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->proposed_value;
}

void
plr_challenge_set_proposed_value (PlrChallenge *self,
                                  const char   *value)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));
  set_text (self, &self->proposed_value, value, properties[PROP_PROPOSED_VALUE]);
}

PlrChallengeReason
plr_challenge_get_reason (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), PLR_CHALLENGE_REASON_OTHER);
  return self->reason;
}

void
plr_challenge_set_reason (PlrChallenge       *self,
                          PlrChallengeReason  reason)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));
  g_return_if_fail ((guint) reason < G_N_ELEMENTS (reason_names));

  if (self->reason == reason)
    return;

  self->reason = reason;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
}

const char *
plr_challenge_get_details (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->details;
}

void
plr_challenge_set_details (PlrChallenge *self,
                           const char   *details)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));
  set_text (self, &self->details, details, properties[PROP_DETAILS]);
}

PlrChallengeRoute
plr_challenge_get_route (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), PLR_CHALLENGE_ROUTE_SERVICE);
  return self->route;
}

void
plr_challenge_set_route (PlrChallenge      *self,
                         PlrChallengeRoute  route)
{
  g_return_if_fail (PLR_IS_CHALLENGE (self));
  g_return_if_fail ((guint) route < G_N_ELEMENTS (route_names));

  if (self->route == route)
    return;

  self->route = route;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROUTE]);
}

const char *
plr_challenge_get_route_reference (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->route_reference;
}

PlrChallengeState
plr_challenge_get_state (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), PLR_CHALLENGE_STATE_DRAFT);
  return self->state;
}

const char *
plr_challenge_get_service_id (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->service_id;
}

GDateTime *
plr_challenge_get_created_at (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->created_at;
}

GDateTime *
plr_challenge_get_submitted_at (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->submitted_at;
}

GDateTime *
plr_challenge_get_updated_at (PlrChallenge *self)
{
  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);
  return self->updated_at;
}

/* The field's info, or NULL when the challenge has no (known) field. */
static const PlrFieldInfo *
field_info (PlrChallenge *self,
            int          *out_field)
{
  int f;

  if (self->field == NULL)
    return NULL;

  if (self->target == PLR_CHALLENGE_TARGET_EVENT)
    {
      f = plr_event_field_from_name (self->field);
      if (f < 0 || f == PLR_EVENT_FIELD_ID ||
          !g_str_equal (plr_event_field_info (f)->json_name, self->field))
        return NULL;
      if (out_field)
        *out_field = f;
      return plr_event_field_info (f);
    }

  if (self->target == PLR_CHALLENGE_TARGET_LEARNER)
    {
      f = plr_learner_field_from_name (self->field);
      if (f < 0 || !g_str_equal (plr_learner_field_info (f)->json_name, self->field))
        return NULL;
      if (out_field)
        *out_field = f;
      return plr_learner_field_info (f);
    }

  return NULL;
}

/**
 * plr_challenge_dup_field_label:
 * @self: a #PlrChallenge
 *
 * Returns: (transfer full) (nullable): the challenged field's
 *   learner-friendly name, translated, or %NULL when there is none
 */
char *
plr_challenge_dup_field_label (PlrChallenge *self)
{
  int f = -1;

  g_return_val_if_fail (PLR_IS_CHALLENGE (self), NULL);

  if (field_info (self, &f) == NULL)
    return NULL;

  if (self->target == PLR_CHALLENGE_TARGET_EVENT)
    return g_strdup (plr_event_field_get_label (f));

  return g_strdup (plr_learner_field_get_label (f));
}

static void
local_date (GDateTime *time,
            GDate     *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/**
 * plr_challenge_get_due_date:
 * @self: a #PlrChallenge
 * @due: (out caller-allocates): the due date
 *
 * Returns: %TRUE and the day the answer is due, one calendar month from
 *   the (local) day it was received; %FALSE when it has not been received
 */
gboolean
plr_challenge_get_due_date (PlrChallenge *self,
                            GDate        *due)
{
  GDate submitted;

  g_return_val_if_fail (PLR_IS_CHALLENGE (self), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  if (self->submitted_at == NULL)
    return FALSE;

  local_date (self->submitted_at, &submitted);
  plr_challenge_compute_due_date (&submitted, due);
  return TRUE;
}

/**
 * plr_challenge_is_overdue:
 * @self: a #PlrChallenge
 * @now: (nullable): the time now, or %NULL for the clock's
 *
 * Returns: %TRUE if the answer is overdue: see plr_challenge_is_overdue_on()
 */
gboolean
plr_challenge_is_overdue (PlrChallenge *self,
                          GDateTime    *now)
{
  g_autoptr(GDateTime) clock = NULL;
  GDate submitted;
  GDate today;

  g_return_val_if_fail (PLR_IS_CHALLENGE (self), FALSE);

  if (self->submitted_at == NULL)
    return FALSE;

  if (now == NULL)
    now = clock = g_date_time_new_now_local ();

  local_date (self->submitted_at, &submitted);
  local_date (now, &today);
  return plr_challenge_is_overdue_on (self->state, &submitted, &today);
}

/**
 * _plr_challenge_text_is_clean:
 * @text: UTF-8 text
 * @multi_line: whether tabs and line breaks are allowed
 *
 * Returns: %TRUE if @text holds no control characters the service refuses
 */
gboolean
_plr_challenge_text_is_clean (const char *text,
                              gboolean    multi_line)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multi_line && (c == '\t' || c == '\n' || c == '\r'))
        continue;
      if (c < 0x20 || c == 0x7f)
        return FALSE;
    }

  return TRUE;
}

typedef enum
{
  TEXT_DETAILS,
  TEXT_CURRENT_VALUE,
  TEXT_PROPOSED_VALUE,
} TextKind;

static gboolean
check_text (const char  *text,
            TextKind     kind,
            gboolean     multi_line,
            GError     **error)
{
  glong max_chars = kind == TEXT_DETAILS ? PLR_CHALLENGE_MAX_DETAILS_CHARS
                                         : PLR_CHALLENGE_MAX_VALUE_CHARS;

  if (text == NULL)
    return TRUE;

  if (!_plr_challenge_text_is_clean (text, multi_line))
    {
      g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_TEXT,
                           kind == TEXT_DETAILS
                             ? _("The details hold characters that cannot be sent. Remove "
                                 "them and try again.")
                             : kind == TEXT_CURRENT_VALUE
                               ? _("The current value holds characters that cannot be sent.")
                               : _("The correction holds characters that cannot be sent. "
                                   "Remove them and try again."));
      return FALSE;
    }

  if (g_utf8_strlen (text, -1) > max_chars)
    {
      if (kind == TEXT_DETAILS)
        g_set_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_TOO_LONG,
                     _("The details are longer than %ld characters. Shorten them and try "
                       "again."), max_chars);
      else if (kind == TEXT_CURRENT_VALUE)
        g_set_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_TOO_LONG,
                     _("The current value is longer than %ld characters."), max_chars);
      else
        g_set_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_TOO_LONG,
                     _("The correction is longer than %ld characters. Shorten it and try "
                       "again."), max_chars);
      return FALSE;
    }

  return TRUE;
}

static gboolean
has_text (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

/**
 * plr_challenge_check_ready:
 * @self: a #PlrChallenge
 * @error: return location for a #GError
 *
 * Checks that the challenge says what it must before it is sent, by any
 * route: what it is against, what is wrong, and what the correction
 * should be; that a proposed value is a valid value for its field; and
 * that every text is within the protocol's limits. Drafts may break these
 * rules: they are saved as the learner types.
 *
 * Returns: %TRUE if it can be sent; otherwise a #PlrChallengeError whose
 *   message tells the learner what to fix
 */
gboolean
plr_challenge_check_ready (PlrChallenge  *self,
                           GError       **error)
{
  const PlrFieldInfo *info;
  gboolean needs_field = FALSE;
  gboolean needs_proposed = FALSE;

  g_return_val_if_fail (PLR_IS_CHALLENGE (self), FALSE);

  if (!check_text (self->details, TEXT_DETAILS, TRUE, error) ||
      !check_text (self->current_value, TEXT_CURRENT_VALUE, FALSE, error) ||
      !check_text (self->proposed_value, TEXT_PROPOSED_VALUE,
                   self->target == PLR_CHALLENGE_TARGET_MISSING, error))
    return FALSE;

  switch (self->target)
    {
    case PLR_CHALLENGE_TARGET_EVENT:
      if (self->event_id <= 0)
        {
          g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                               _("Choose the entry this challenge is about."));
          return FALSE;
        }
      break;

    case PLR_CHALLENGE_TARGET_LEARNER:
      needs_field = TRUE;
      break;

    case PLR_CHALLENGE_TARGET_MISSING:
      if (self->reason != PLR_CHALLENGE_REASON_MISSING)
        {
          g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                               _("A missing achievement needs the reason “An achievement is "
                                 "missing”."));
          return FALSE;
        }
      if (!has_text (self->proposed_value) && !has_text (self->details))
        {
          g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                               _("Describe the missing achievement: what it is, who awarded "
                                 "it and when."));
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }

  switch (self->reason)
    {
    case PLR_CHALLENGE_REASON_WRONG_GRADE:
    case PLR_CHALLENGE_REASON_WRONG_DATE:
    case PLR_CHALLENGE_REASON_WRONG_ORGANISATION:
      needs_field = needs_proposed = TRUE;
      break;
    case PLR_CHALLENGE_REASON_SENSITIVE_DATA:
      needs_field = TRUE;
      break;
    case PLR_CHALLENGE_REASON_NOT_MINE:
    case PLR_CHALLENGE_REASON_DUPLICATE:
      if (self->target != PLR_CHALLENGE_TARGET_EVENT)
        {
          g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                               _("Only an entry can be “not mine” or a duplicate."));
          return FALSE;
        }
      break;
    case PLR_CHALLENGE_REASON_MISSING:
      break;
    case PLR_CHALLENGE_REASON_OTHER:
      if (!has_text (self->details))
        {
          g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                               _("Say in the details what is wrong."));
          return FALSE;
        }
      break;
    default:
      g_assert_not_reached ();
    }

  info = field_info (self, NULL);
  if (self->field != NULL && info == NULL)
    {
      g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                           _("Choose which detail is wrong."));
      return FALSE;
    }
  if (needs_field && info == NULL)
    {
      g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                           _("Choose which detail is wrong."));
      return FALSE;
    }
  if (needs_proposed && !has_text (self->proposed_value))
    {
      g_set_error_literal (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE,
                           _("Say what the correct value is."));
      return FALSE;
    }

  if (info != NULL && self->proposed_value != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *normalized = plr_field_normalize (info, self->proposed_value,
                                                         &local_error);

      if (local_error != NULL)
        {
          /* The validator's message names the problem, never the value. */
          g_set_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_VALUE,
                       _("The correction is not a valid value for this detail: %s"),
                       local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/* Whether two values of a field say the same, as the field's validator
 * writes them (so "2026-1-5" and "2026-01-05" agree), else ignoring case
 * and the spaces around them. */
static gboolean
same_value (const PlrFieldInfo *info,
            const char         *a,
            const char         *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  na = plr_field_normalize (info, a, NULL);
  if (na == NULL)
    na = g_strdup (a);
  nb = plr_field_normalize (info, b, NULL);
  if (nb == NULL)
    nb = g_strdup (b);
  fa = g_utf8_casefold (g_strstrip (na), -1);
  fb = g_utf8_casefold (g_strstrip (nb), -1);

  return g_strcmp0 (fa, fb) == 0;
}

/* Whether @now, the challenged field's value in the current record,
 * shows the correction. */
static gboolean
value_is_corrected (PlrChallenge       *self,
                    const PlrFieldInfo *info,
                    const char         *now)
{
  if (self->proposed_value != NULL && has_text (self->proposed_value))
    return same_value (info, now, self->proposed_value);

  return !same_value (info, now, self->current_value);
}

/**
 * plr_challenge_is_corrected_by:
 * @self: a #PlrChallenge
 * @event: the entry @self is against, as the current record holds it
 *
 * Returns: %TRUE if @self is accepted and @event holds the correction it
 *   asked for (see plr_challenge_is_corrected_in())
 */
gboolean
plr_challenge_is_corrected_by (PlrChallenge     *self,
                               PlrLearningEvent *event)
{
  const PlrFieldInfo *info;
  int f = -1;

  g_return_val_if_fail (PLR_IS_CHALLENGE (self), FALSE);
  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (event), FALSE);

  if (self->state != PLR_CHALLENGE_STATE_ACCEPTED ||
      self->target != PLR_CHALLENGE_TARGET_EVENT ||
      plr_learning_event_get_id (event) != self->event_id)
    return FALSE;

  info = field_info (self, &f);
  if (info == NULL)
    return FALSE;

  return value_is_corrected (self, info, plr_learning_event_get_value (event, f));
}

/**
 * plr_challenge_is_corrected_in:
 * @self: a #PlrChallenge
 * @record: the record as fetched now
 *
 * Whether the correction an accepted challenge asked for has arrived in
 * @record: the challenged field now holds the proposed value (or, with no
 * proposed value, no longer holds the value challenged), or an entry said
 * to be not the learner's, a duplicate or sensitive has gone.
 *
 * Returns: %TRUE if @self is accepted and @record shows its correction
 */
gboolean
plr_challenge_is_corrected_in (PlrChallenge *self,
                               PlrRecord    *record)
{
  const PlrFieldInfo *info;
  int f = -1;

  g_return_val_if_fail (PLR_IS_CHALLENGE (self), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  if (self->state != PLR_CHALLENGE_STATE_ACCEPTED)
    return FALSE;

  if (self->target == PLR_CHALLENGE_TARGET_EVENT)
    {
      for (guint i = 0; i < plr_record_get_n_events (record); i++)
        {
          PlrLearningEvent *event = plr_record_get_event (record, i);

          if (plr_learning_event_get_id (event) == self->event_id)
            return plr_challenge_is_corrected_by (self, event);
        }

      return self->reason == PLR_CHALLENGE_REASON_NOT_MINE ||
             self->reason == PLR_CHALLENGE_REASON_DUPLICATE ||
             self->reason == PLR_CHALLENGE_REASON_SENSITIVE_DATA;
    }

  if (self->target == PLR_CHALLENGE_TARGET_LEARNER)
    {
      info = field_info (self, &f);
      if (info == NULL)
        return FALSE;
      return value_is_corrected (self, info,
                                 plr_learner_get_value (plr_record_get_learner (record), f));
    }

  return FALSE;
}
