/* test-challenge.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Data challenges without a store: names, the one-month clock, what a
 * challenge must say before it is sent, the body kept in the outbox, and
 * the strict reading of the service's answers. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "plr-challenge-private.h"
#include "plr-challenge-request.h"
#include "plr-challenge-status.h"
#include "plr-evidence.h"
#include "plr-record.h"
#include "test-support.h"

static PlrLearningEvent *
make_event (void)
{
  PlrLearningEvent *event = plr_learning_event_new ();

  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, "4100002");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT, "GCSE in English Language");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "B");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE, "2022-08-25");
  return event;
}

static void
set_date (GDate *date,
          int    day,
          int    month,
          int    year)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

/* ------------------------------------------------------------------ */

static void
test_names (void)
{
  PlrChallengeState state;
  PlrChallengeReason reason;
  PlrChallengeRoute route;
  PlrChallengeTarget target;
  PlrChallengeSource source;

  for (int i = PLR_CHALLENGE_STATE_DRAFT; i <= PLR_CHALLENGE_STATE_REJECTED; i++)
    {
      g_assert_true (plr_challenge_state_from_string (plr_challenge_state_to_string (i), &state));
      g_assert_cmpint (state, ==, i);
      g_assert_cmpstr (plr_challenge_state_get_label (i), !=, "");
    }
  for (int i = PLR_CHALLENGE_REASON_WRONG_GRADE; i <= PLR_CHALLENGE_REASON_OTHER; i++)
    {
      g_assert_true (plr_challenge_reason_from_string (plr_challenge_reason_to_string (i),
                                                       &reason));
      g_assert_cmpint (reason, ==, i);
    }
  g_assert_cmpstr (plr_challenge_reason_to_string (PLR_CHALLENGE_REASON_SENSITIVE_DATA), ==,
                   "sensitive-data");
  g_assert_cmpstr (plr_challenge_state_to_string (PLR_CHALLENGE_STATE_WAITING_TO_SEND), ==,
                   "waiting-to-send");
  g_assert_cmpstr (plr_challenge_state_to_string (PLR_CHALLENGE_STATE_NEEDS_INFORMATION), ==,
                   "needs-information");
  g_assert_true (plr_challenge_route_from_string ("lrs-letter", &route));
  g_assert_cmpint (route, ==, PLR_CHALLENGE_ROUTE_LRS_LETTER);
  g_assert_true (plr_challenge_target_from_string ("missing", &target));
  g_assert_cmpint (target, ==, PLR_CHALLENGE_TARGET_MISSING);
  g_assert_true (plr_challenge_source_from_string ("service", &source));
  g_assert_cmpint (source, ==, PLR_CHALLENGE_SOURCE_SERVICE);

  g_assert_false (plr_challenge_state_from_string ("Draft", &state));
  g_assert_false (plr_challenge_reason_from_string (NULL, &reason));
  g_assert_false (plr_challenge_route_from_string ("email", &route));

  g_assert_true (plr_challenge_state_is_final (PLR_CHALLENGE_STATE_ACCEPTED));
  g_assert_true (plr_challenge_state_is_final (PLR_CHALLENGE_STATE_REJECTED));
  g_assert_false (plr_challenge_state_is_final (PLR_CHALLENGE_STATE_NEEDS_INFORMATION));
}

static void
assert_due (int day,  int month,  int year,
            int dday, int dmonth, int dyear)
{
  GDate submitted, due;

  set_date (&submitted, day, month, year);
  plr_challenge_compute_due_date (&submitted, &due);
  g_assert_cmpint (g_date_get_day (&due), ==, dday);
  g_assert_cmpint (g_date_get_month (&due), ==, dmonth);
  g_assert_cmpint (g_date_get_year (&due), ==, dyear);
}

static void
test_due_date (void)
{
  /* The same date next month... */
  assert_due (15, 3, 2026, 15, 4, 2026);
  assert_due (1, 2, 2026, 1, 3, 2026);
  assert_due (28, 2, 2026, 28, 3, 2026);
  assert_due (29, 2, 2028, 29, 3, 2028);
  /* ...or that month's last day. */
  assert_due (31, 1, 2026, 28, 2, 2026);
  assert_due (31, 1, 2028, 29, 2, 2028);
  assert_due (30, 1, 2100, 28, 2, 2100);   /* not a leap year */
  assert_due (29, 1, 2000, 29, 2, 2000);   /* a leap year */
  assert_due (31, 3, 2026, 30, 4, 2026);
  assert_due (31, 5, 2026, 30, 6, 2026);
  assert_due (31, 8, 2026, 30, 9, 2026);
  assert_due (31, 10, 2026, 30, 11, 2026);
  /* Across the year. */
  assert_due (30, 11, 2026, 30, 12, 2026);
  assert_due (31, 12, 2026, 31, 1, 2027);
  assert_due (15, 12, 2026, 15, 1, 2027);
  /* A weekend is not moved: 21 March 2026 is a Saturday. */
  assert_due (21, 2, 2026, 21, 3, 2026);
}

static void
test_overdue (void)
{
  GDate submitted, today;

  set_date (&submitted, 31, 1, 2026);

  set_date (&today, 28, 2, 2026);
  g_assert_false (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_SUBMITTED, &submitted,
                                               &today));
  set_date (&today, 1, 3, 2026);
  g_assert_true (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_SUBMITTED, &submitted,
                                              &today));
  g_assert_true (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_UNDER_REVIEW, &submitted,
                                              &today));
  g_assert_true (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_NEEDS_INFORMATION, &submitted,
                                              &today));
  /* Resolved, or not received yet: never overdue. */
  g_assert_false (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_ACCEPTED, &submitted, &today));
  g_assert_false (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_REJECTED, &submitted, &today));
  g_assert_false (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_DRAFT, &submitted, &today));
  g_assert_false (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_WAITING_TO_SEND, &submitted,
                                               &today));
  g_assert_false (plr_challenge_is_overdue_on (PLR_CHALLENGE_STATE_SUBMITTED, NULL, &today));

  /* The same on the object, from its submitted time. */
  {
    g_autoptr(PlrLearningEvent) event = make_event ();
    g_autoptr(PlrChallenge) challenge =
      plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE, PLR_CHALLENGE_REASON_WRONG_GRADE);
    g_autoptr(GDateTime) sent = g_date_time_new_local (2026, 1, 31, 10, 0, 0);
    g_autoptr(GDateTime) before = g_date_time_new_local (2026, 2, 28, 23, 0, 0);
    g_autoptr(GDateTime) after = g_date_time_new_local (2026, 3, 1, 0, 30, 0);
    GDate due;

    g_assert_false (plr_challenge_get_due_date (challenge, &due));
    g_assert_false (plr_challenge_is_overdue (challenge, after));

    _plr_challenge_set_stored (challenge, PLR_CHALLENGE_STATE_SUBMITTED, "ch_1", NULL, sent,
                               sent, sent, FALSE);
    g_assert_true (plr_challenge_get_due_date (challenge, &due));
    g_assert_cmpint (g_date_get_day (&due), ==, 28);
    g_assert_cmpint (g_date_get_month (&due), ==, 2);
    g_assert_false (plr_challenge_is_overdue (challenge, before));
    g_assert_true (plr_challenge_is_overdue (challenge, after));

    _plr_challenge_set_stored (challenge, PLR_CHALLENGE_STATE_ACCEPTED, "ch_1", NULL, sent,
                               sent, after, FALSE);
    g_assert_false (plr_challenge_is_overdue (challenge, after));
  }
}

static void
test_new (void)
{
  g_autoptr(PlrLearningEvent) event = make_event ();
  g_autoptr(PlrChallenge) grade = NULL;
  g_autoptr(PlrChallenge) other = NULL;
  g_autoptr(PlrChallenge) name = NULL;
  g_autoptr(PlrChallenge) missing = NULL;
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autofree char *label = NULL;
  g_autofree char *uuid = NULL;

  grade = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                       PLR_CHALLENGE_REASON_WRONG_GRADE);
  other = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                       PLR_CHALLENGE_REASON_WRONG_GRADE);
  g_assert_true (g_uuid_string_is_valid (plr_challenge_get_uuid (grade)));
  g_assert_cmpstr (plr_challenge_get_uuid (grade), !=, plr_challenge_get_uuid (other));
  g_assert_cmpint (plr_challenge_get_target (grade), ==, PLR_CHALLENGE_TARGET_EVENT);
  g_assert_cmpint (plr_challenge_get_event_id (grade), ==, 4100002);
  g_assert_cmpstr (plr_challenge_get_field (grade), ==, "grade");
  g_assert_cmpstr (plr_challenge_get_current_value (grade), ==, "B");
  g_assert_cmpint (plr_challenge_get_state (grade), ==, PLR_CHALLENGE_STATE_DRAFT);
  g_assert_cmpint (plr_challenge_get_route (grade), ==, PLR_CHALLENGE_ROUTE_SERVICE);
  g_assert_true (plr_challenge_get_event (grade) != event);
  g_assert_true (plr_learning_event_equal (plr_challenge_get_event (grade), event));
  label = plr_challenge_dup_field_label (grade);
  g_assert_cmpstr (label, ==, "Grade");

  /* Empty text is no text; properties work for bindings. */
  plr_challenge_set_details (grade, "");
  g_assert_null (plr_challenge_get_details (grade));
  g_object_set (grade, "proposed-value", "A", "details", "My certificate says A.", NULL);
  g_assert_cmpstr (plr_challenge_get_proposed_value (grade), ==, "A");
  g_object_get (grade, "uuid", &uuid, NULL);
  g_assert_cmpstr (uuid, ==, plr_challenge_get_uuid (grade));

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, "9276308686");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, "Jonse");
  name = plr_challenge_new_for_learner (learner, PLR_LEARNER_FIELD_FAMILY_NAME,
                                        PLR_CHALLENGE_REASON_OTHER);
  g_assert_cmpint (plr_challenge_get_target (name), ==, PLR_CHALLENGE_TARGET_LEARNER);
  g_assert_cmpstr (plr_challenge_get_field (name), ==, "family_name");
  g_assert_cmpstr (plr_challenge_get_current_value (name), ==, "Jonse");
  g_assert_cmpint (plr_challenge_get_event_id (name), ==, 0);
  g_assert_null (plr_challenge_get_event (name));

  missing = plr_challenge_new_missing ();
  g_assert_cmpint (plr_challenge_get_target (missing), ==, PLR_CHALLENGE_TARGET_MISSING);
  g_assert_cmpint (plr_challenge_get_reason (missing), ==, PLR_CHALLENGE_REASON_MISSING);
}

static void
assert_not_ready (PlrChallenge *challenge,
                  int           code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (plr_challenge_check_ready (challenge, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, code);
  g_assert_nonnull (error->message);
}

static void
assert_ready (PlrChallenge *challenge)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plr_challenge_check_ready (challenge, &error));
  g_assert_no_error (error);
}

static void
test_check_ready (void)
{
  g_autoptr(PlrLearningEvent) event = make_event ();
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(PlrChallenge) grade = NULL;
  g_autoptr(PlrChallenge) date = NULL;
  g_autoptr(PlrChallenge) entry = NULL;
  g_autoptr(PlrChallenge) name = NULL;
  g_autoptr(PlrChallenge) missing = NULL;
  g_autofree char *long_details = NULL;
  g_autofree char *long_value = NULL;

  /* A wrong grade needs the right one. */
  grade = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                       PLR_CHALLENGE_REASON_WRONG_GRADE);
  assert_not_ready (grade, PLR_CHALLENGE_ERROR_INCOMPLETE);
  plr_challenge_set_proposed_value (grade, "   ");
  assert_not_ready (grade, PLR_CHALLENGE_ERROR_INCOMPLETE);
  plr_challenge_set_proposed_value (grade, "A");
  assert_ready (grade);

  /* Details: within 10,000 characters, no control characters but line breaks. */
  long_details = g_strnfill (PLR_CHALLENGE_MAX_DETAILS_CHARS + 1, 'x');
  plr_challenge_set_details (grade, long_details);
  assert_not_ready (grade, PLR_CHALLENGE_ERROR_TOO_LONG);
  long_details[PLR_CHALLENGE_MAX_DETAILS_CHARS] = '\0';
  plr_challenge_set_details (grade, long_details);
  assert_ready (grade);
  plr_challenge_set_details (grade, "Line one\nLine two\twith a tab, and Siân’s ŵ");
  assert_ready (grade);
  plr_challenge_set_details (grade, "bell \a here");
  assert_not_ready (grade, PLR_CHALLENGE_ERROR_INVALID_TEXT);
  plr_challenge_set_details (grade, NULL);

  long_value = g_strnfill (PLR_CHALLENGE_MAX_VALUE_CHARS + 1, 'A');
  plr_challenge_set_proposed_value (grade, long_value);
  assert_not_ready (grade, PLR_CHALLENGE_ERROR_TOO_LONG);
  plr_challenge_set_proposed_value (grade, "A\nB");
  assert_not_ready (grade, PLR_CHALLENGE_ERROR_INVALID_TEXT);

  /* A date must be a date. */
  date = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
                                      PLR_CHALLENGE_REASON_WRONG_DATE);
  plr_challenge_set_proposed_value (date, "25/08/2021");
  assert_not_ready (date, PLR_CHALLENGE_ERROR_INVALID_VALUE);
  plr_challenge_set_proposed_value (date, "2021-08-25");
  assert_ready (date);

  /* An unknown field, or the id, is refused. */
  plr_challenge_set_field (date, "not_a_field");
  assert_not_ready (date, PLR_CHALLENGE_ERROR_INCOMPLETE);
  plr_challenge_set_field (date, "id");
  assert_not_ready (date, PLR_CHALLENGE_ERROR_INCOMPLETE);
  plr_challenge_set_field (date, "AchievementAwardDate");  /* LRS name, not the JSON one */
  assert_not_ready (date, PLR_CHALLENGE_ERROR_INCOMPLETE);

  /* Not mine: the whole entry, nothing more needed. */
  entry = plr_challenge_new_for_entry (event, PLR_CHALLENGE_REASON_NOT_MINE);
  assert_ready (entry);
  plr_challenge_set_reason (entry, PLR_CHALLENGE_REASON_OTHER);
  assert_not_ready (entry, PLR_CHALLENGE_ERROR_INCOMPLETE);
  plr_challenge_set_details (entry, "The provider is wrong: I studied at Coleg Gwent.");
  assert_ready (entry);
  plr_challenge_set_reason (entry, PLR_CHALLENGE_REASON_SENSITIVE_DATA);
  assert_not_ready (entry, PLR_CHALLENGE_ERROR_INCOMPLETE);  /* which detail? */

  /* A personal detail. */
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH, "2004-02-29");
  name = plr_challenge_new_for_learner (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH,
                                        PLR_CHALLENGE_REASON_WRONG_DATE);
  plr_challenge_set_proposed_value (name, "2004-02-30");
  assert_not_ready (name, PLR_CHALLENGE_ERROR_INVALID_VALUE);
  plr_challenge_set_proposed_value (name, "2004-03-01");
  assert_ready (name);
  plr_challenge_set_reason (name, PLR_CHALLENGE_REASON_DUPLICATE);
  assert_not_ready (name, PLR_CHALLENGE_ERROR_INCOMPLETE);

  /* A missing achievement says what it is. */
  missing = plr_challenge_new_missing ();
  assert_not_ready (missing, PLR_CHALLENGE_ERROR_INCOMPLETE);
  plr_challenge_set_details (missing, "GCSE Mathematics, grade 7, AQA, summer 2019");
  assert_ready (missing);
  plr_challenge_set_reason (missing, PLR_CHALLENGE_REASON_WRONG_GRADE);
  assert_not_ready (missing, PLR_CHALLENGE_ERROR_INCOMPLETE);
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
test_body (void)
{
  g_autoptr(PlrLearningEvent) event = make_event ();
  g_autoptr(PlrChallenge) grade = NULL;
  g_autoptr(PlrChallenge) name = NULL;
  g_autoptr(PlrChallenge) missing = NULL;
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(GPtrArray) evidence =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_evidence_free);
  PlrEvidence *file = g_new0 (PlrEvidence, 1);

  file->name = g_strdup ("tystysgrif \"Siân\".pdf");
  file->media_type = g_strdup ("application/pdf");
  file->size = 120;
  file->sha256 = g_strnfill (64, 'a');
  file->path = g_strdup ("/nowhere");
  g_ptr_array_add (evidence, file);

  grade = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                       PLR_CHALLENGE_REASON_WRONG_GRADE);
  plr_challenge_set_proposed_value (grade, "  A ");
  plr_challenge_set_details (grade, "My certificate from AQA shows grade A.\n");

  {
    g_autofree char *body = plr_challenge_request_build_body (grade, evidence);
    g_autoptr(JsonObject) object = parse_object (body);
    JsonArray *files = json_object_get_array_member (object, "evidence");
    JsonObject *first;

    g_assert_cmpint (json_object_get_int_member (object, "event_id"), ==, 4100002);
    g_assert_true (json_object_get_null_member (object, "learner_field"));
    g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, "grade");
    g_assert_cmpstr (json_object_get_string_member (object, "current_value"), ==, "B");
    g_assert_cmpstr (json_object_get_string_member (object, "proposed_value"), ==, "A");
    g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "wrong-grade");
    g_assert_cmpstr (json_object_get_string_member (object, "details"), ==,
                     "My certificate from AQA shows grade A.");
    g_assert_cmpuint (json_array_get_length (files), ==, 1);
    first = json_array_get_object_element (files, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "name"), ==,
                     "tystysgrif \"Siân\".pdf");
    g_assert_cmpstr (json_object_get_string_member (first, "media_type"), ==,
                     "application/pdf");
    g_assert_cmpstr (json_object_get_string_member (first, "sha256"), ==, file->sha256);
    /* The content is added when it is sent, never kept in the outbox. */
    g_assert_false (json_object_has_member (first, "content"));
    g_assert_false (json_object_has_member (first, "path"));
    g_assert_null (strstr (body, "/nowhere"));
  }

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, "Jonse");
  name = plr_challenge_new_for_learner (learner, PLR_LEARNER_FIELD_FAMILY_NAME,
                                        PLR_CHALLENGE_REASON_OTHER);
  plr_challenge_set_proposed_value (name, "Jones");
  {
    g_autofree char *body = plr_challenge_request_build_body (name, NULL);
    g_autoptr(JsonObject) object = parse_object (body);

    g_assert_true (json_object_get_null_member (object, "event_id"));
    g_assert_cmpstr (json_object_get_string_member (object, "learner_field"), ==, "family_name");
    g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, "family_name");
    g_assert_true (json_object_get_null_member (object, "details"));
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "evidence")),
                      ==, 0);
  }

  missing = plr_challenge_new_missing ();
  plr_challenge_set_details (missing, "GCSE Mathematics, grade 7");
  {
    g_autofree char *body = plr_challenge_request_build_body (missing, NULL);
    g_autoptr(JsonObject) object = parse_object (body);

    g_assert_true (json_object_get_null_member (object, "event_id"));
    g_assert_true (json_object_get_null_member (object, "learner_field"));
    g_assert_true (json_object_get_null_member (object, "field"));
    g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "missing");
  }
}

#define VALID_STATUS \
  "{\"id\": \"ch_0123456789abcdefghjk\", \"status\": \"under-review\"," \
  " \"submitted_at\": \"2026-11-02T09:30:00Z\", \"updated_at\": \"2026-11-03T10:00:00Z\"," \
  " \"history\": [ {\"status\": \"submitted\", \"at\": \"2026-11-02T09:30:00Z\", \"note\": null}," \
  "   {\"status\": \"under-review\", \"at\": \"2026-11-03T10:00:00Z\"," \
  "    \"note\": \"Sent to AQA\"} ]," \
  " \"event_id\": 4100002, \"field\": \"grade\", \"proposed_value\": \"A\"," \
  " \"reason\": \"wrong-grade\", \"something_new\": [1, 2]," \
  " \"evidence\": [ {\"name\": \"certificate.pdf\", \"media_type\": \"application/pdf\"," \
  "   \"sha256\": \"ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789\"," \
  "   \"size\": 1234} ] }"

static PlrChallengeStatus *
parse_status (const char  *json,
              GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);

  g_assert_nonnull (root);
  return plr_challenge_status_from_json (root, NULL, error);
}

static void
assert_status_refused (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrChallengeStatus) status = parse_status (json, &error);

  g_assert_null (status);
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_RESPONSE);
}

static void
test_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrChallengeStatus) status = parse_status (VALID_STATUS, &error);
  g_autoptr(PlrChallengeStatus) copy = NULL;
  PlrChallengeTimelineEntry *entry;
  PlrEvidence *evidence;

  g_assert_no_error (error);
  g_assert_cmpstr (status->service_id, ==, "ch_0123456789abcdefghjk");
  g_assert_cmpint (status->state, ==, PLR_CHALLENGE_STATE_UNDER_REVIEW);
  g_assert_cmpint (g_date_time_to_unix (status->submitted_at), ==, 1793611800);
  g_assert_nonnull (status->updated_at);
  g_assert_true (status->has_event_id);
  g_assert_cmpint (status->event_id, ==, 4100002);
  g_assert_cmpuint (status->history->len, ==, 2);
  entry = g_ptr_array_index (status->history, 1);
  g_assert_cmpint (entry->state, ==, PLR_CHALLENGE_STATE_UNDER_REVIEW);
  g_assert_cmpstr (entry->note, ==, "Sent to AQA");
  g_assert_cmpint (entry->source, ==, PLR_CHALLENGE_SOURCE_SERVICE);
  g_assert_cmpuint (status->evidence->len, ==, 1);
  evidence = g_ptr_array_index (status->evidence, 0);
  g_assert_cmpstr (evidence->sha256, ==,
                   "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
  g_assert_cmpint (evidence->size, ==, 1234);

  copy = plr_challenge_status_copy (status);
  g_assert_cmpstr (copy->service_id, ==, status->service_id);
  g_assert_cmpuint (copy->history->len, ==, 2);
  g_assert_cmpuint (copy->evidence->len, ==, 1);

  assert_status_refused ("[]");
  assert_status_refused ("{\"status\": \"submitted\", \"submitted_at\": \"2026-11-02T09:30:00Z\"}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"draft\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\"}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"maybe\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\"}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"submitted\","
                         " \"submitted_at\": \"yesterday\"}");
  assert_status_refused ("{\"id\": \"../../etc\", \"status\": \"submitted\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\"}");
  assert_status_refused ("{\"id\": 7, \"status\": \"submitted\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\"}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"submitted\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\", \"event_id\": \"4\"}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"submitted\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\", \"history\": {}}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"submitted\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\","
                         " \"history\": [{\"status\": \"submitted\"}]}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"submitted\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\","
                         " \"evidence\": [{\"name\": \"a.pdf\", \"sha256\": \"abc\"}]}");
  assert_status_refused ("{\"id\": \"ch_1\", \"status\": \"submitted\","
                         " \"submitted_at\": \"2026-11-02T09:30:00Z\","
                         " \"history\": [{\"status\": \"submitted\","
                         " \"at\": \"2026-11-02T09:30:00Z\", \"note\": \"bell\\u0007\"}]}");
}

static void
test_status_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *json = g_strdup_printf ("{\"challenges\": [%s, %s]}", VALID_STATUS,
                                           VALID_STATUS);

  root = json_from_string (json, NULL);
  list = plr_challenge_status_list_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&list, g_ptr_array_unref);

  root = json_from_string ("{\"challenges\": []}", NULL);
  list = plr_challenge_status_list_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* One bad element refuses the whole list. */
  g_free (json);
  json = g_strdup_printf ("{\"challenges\": [%s, {\"id\": \"x\"}]}", VALID_STATUS);
  root = json_from_string (json, NULL);
  list = plr_challenge_status_list_from_json (root, &error);
  g_assert_null (list);
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "challenges[1]"));
  g_clear_error (&error);
  g_clear_pointer (&root, json_node_unref);

  root = json_from_string ("{\"items\": []}", NULL);
  list = plr_challenge_status_list_from_json (root, &error);
  g_assert_null (list);
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_RESPONSE);
}

/* An accepted challenge says its correction arrived once the record holds
 * the proposed value, or no longer holds an entry that was not the
 * learner's; a challenge not yet accepted never does. */
static void
test_corrected (void)
{
  g_autoptr(PlrLearningEvent) event = make_event ();
  g_autoptr(PlrLearningEvent) fixed = make_event ();
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(PlrRecord) before = NULL;
  g_autoptr(PlrRecord) after = NULL;
  g_autoptr(PlrRecord) empty = NULL;
  g_autoptr(PlrChallenge) grade = NULL;
  g_autoptr(PlrChallenge) not_mine = NULL;
  g_autoptr(PlrChallenge) missing = plr_challenge_new_missing ();

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, "9999999999");
  before = plr_record_new (learner);
  plr_record_append_event (before, event);
  plr_learning_event_set_value (fixed, PLR_EVENT_FIELD_GRADE, " a ");
  after = plr_record_new (learner);
  plr_record_append_event (after, fixed);
  empty = plr_record_new (learner);

  grade = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                       PLR_CHALLENGE_REASON_WRONG_GRADE);
  plr_challenge_set_proposed_value (grade, "A");
  not_mine = plr_challenge_new_for_entry (event, PLR_CHALLENGE_REASON_NOT_MINE);

  /* Submitted: not corrected, whatever the record says. */
  _plr_challenge_set_stored (grade, PLR_CHALLENGE_STATE_SUBMITTED, "ch_1", NULL, NULL, NULL,
                             NULL, FALSE);
  g_assert_false (plr_challenge_is_corrected_in (grade, after));

  _plr_challenge_set_stored (grade, PLR_CHALLENGE_STATE_ACCEPTED, "ch_1", NULL, NULL, NULL,
                             NULL, FALSE);
  g_assert_false (plr_challenge_is_corrected_in (grade, before));
  g_assert_true (plr_challenge_is_corrected_in (grade, after));
  g_assert_false (plr_challenge_is_corrected_in (grade, empty));
  g_assert_true (plr_challenge_is_corrected_by (grade, fixed));
  g_assert_false (plr_challenge_is_corrected_by (grade, event));

  _plr_challenge_set_stored (not_mine, PLR_CHALLENGE_STATE_ACCEPTED, "ch_2", NULL, NULL, NULL,
                             NULL, FALSE);
  g_assert_false (plr_challenge_is_corrected_in (not_mine, before));
  g_assert_true (plr_challenge_is_corrected_in (not_mine, empty));

  _plr_challenge_set_stored (missing, PLR_CHALLENGE_STATE_ACCEPTED, "ch_3", NULL, NULL, NULL,
                             NULL, FALSE);
  g_assert_false (plr_challenge_is_corrected_in (missing, after));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/challenge/names", test_names);
  g_test_add_func ("/challenge/due-date", test_due_date);
  g_test_add_func ("/challenge/overdue", test_overdue);
  g_test_add_func ("/challenge/new", test_new);
  g_test_add_func ("/challenge/check-ready", test_check_ready);
  g_test_add_func ("/challenge/body", test_body);
  g_test_add_func ("/challenge/status", test_status);
  g_test_add_func ("/challenge/status-list", test_status_list);
  g_test_add_func ("/challenge/corrected", test_corrected);

  return g_test_run ();
}
