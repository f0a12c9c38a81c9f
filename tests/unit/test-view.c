/* test-view.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "plr-sample.h"
#include "plr-view.h"
#include "plr-view-html.h"
#include "plr-view-json.h"
#include "plr-view-export.h"
#include "plr-view-pdf.h"
#include "plr-view-result.h"

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

typedef struct
{
  gint64      id;
  const char *subject;
  const char *type;
  const char *level;
  const char *awarded;
  const char *challenged;
} EventSpec;

static const EventSpec rule_events[] = {
  { 101, "GCSE in Mathematics", "GCSE", "Level 1/2", "2019-08-22", "N" },
  { 102, "GCSE in Cymraeg Iaith Gyntaf", "GCSE", "Level 1/2", "2019-08-22", "Y" },
  { 103, "GCE A level in Chemistry", "GCE A level", "Level 3", "2021-08-10", "N" },
  { 104, "Entry Level Certificate in Science", "Entry Level Certificate", "Entry Level",
    "2018-08-23", "N" },
  { 105, "Level 2 Certificate in Customer Service", "Certificate", "Level 2", NULL, "N" },
  { 106, "Level 4 Higher National Certificate in Engineering", "Higher National Certificate",
    "Level 4", "2023-06-30", "N" },
  { 107, "Health and safety unit", "QCF Unit", NULL, "2020-01-15", "N" },
  { 108, "Level 1 Award in Employability", "Award", "Level 1", "2017-05-02", "N" },
};

static PlrRecord *
make_record (const EventSpec *specs,
             guint            n_specs)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GDateTime) fetched_at = g_date_time_new_utc (2026, 11, 2, 9, 30, 0);

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, "9276308686");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_TITLE, "Ms");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME, "Gwenllïan");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, "ap Llŷr-Ó Súilleabháin");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME, "Gwen");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH, "2003-03-14");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_POST_CODE, "SA1 1AA");
  record = plr_record_new (learner);
  plr_record_set_fetched_at (record, fetched_at);

  for (guint i = 0; i < n_specs; i++)
    {
      g_autoptr(PlrLearningEvent) event = plr_learning_event_new ();
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, specs[i].id);

      plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, id);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT, specs[i].subject);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE, specs[i].type);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_LEVEL, specs[i].level);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "A");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_CREDITS, "12");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
                                    specs[i].awarded);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
                                    "WJEC-CBAC");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT_CODE, "50079116");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE,
                                    specs[i].challenged);
      plr_record_append_event (record, event);
    }

  return g_steal_pointer (&record);
}

static PlrRecord *
make_rule_record (void)
{
  return make_record (rule_events, G_N_ELEMENTS (rule_events));
}

/* The LRS IDs a view covers in a record, in its order, as "101,103". */
static char *
covered_ids (PlrView   *view,
             PlrRecord *record)
{
  g_autoptr(GPtrArray) events = plr_view_select_events (view, record);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < events->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            plr_learning_event_get_id (g_ptr_array_index (events, i)));

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_covered(view, record, expected) \
  G_STMT_START { \
    g_autofree char *__ids = covered_ids ((view), (record)); \
    g_assert_cmpstr (__ids, ==, (expected)); \
  } G_STMT_END

/* ------------------------------------------------------------------------ */

static void
test_parse_level (void)
{
  static const struct { const char *text; int level; } cases[] = {
    { "Entry Level", PLR_VIEW_LEVEL_ENTRY },
    { "entry level 3", PLR_VIEW_LEVEL_ENTRY },
    { "Entry", PLR_VIEW_LEVEL_ENTRY },
    { "Level 1", 1 },
    { "Level 1/2", 2 },
    { "Level 2", 2 },
    { "level 3", 3 },
    { "  Level 4 ", 4 },
    { "Level 8", 8 },
    { "Level 1-3", 3 },
    { "3", 3 },
    { "Level 9", PLR_VIEW_LEVEL_NONE },
    { "Level 0", PLR_VIEW_LEVEL_NONE },
    { "Level", PLR_VIEW_LEVEL_NONE },
    { "Higher", PLR_VIEW_LEVEL_NONE },
    { "3 and a bit", PLR_VIEW_LEVEL_NONE },
    { "", PLR_VIEW_LEVEL_NONE },
    { NULL, PLR_VIEW_LEVEL_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("level “%s”", cases[i].text ? cases[i].text : "(null)");
      g_assert_cmpint (plr_view_parse_level (cases[i].text), ==, cases[i].level);
    }
}

static void
test_defaults (void)
{
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrRecord) record = make_rule_record ();
  guint n = 99;

  g_assert_cmphex (plr_view_get_event_fields (view), ==,
                   BIT (PLR_EVENT_FIELD_SUBJECT) | BIT (PLR_EVENT_FIELD_QUALIFICATION_TYPE) |
                   BIT (PLR_EVENT_FIELD_LEVEL) | BIT (PLR_EVENT_FIELD_GRADE) |
                   BIT (PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE) |
                   BIT (PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME));
  g_assert_cmphex (plr_view_get_learner_fields (view), ==,
                   BIT (PLR_LEARNER_FIELD_GIVEN_NAME) | BIT (PLR_LEARNER_FIELD_FAMILY_NAME));
  g_assert_false (plr_view_has_learner_field (view, PLR_LEARNER_FIELD_ULN));
  g_assert_false (plr_view_has_learner_field (view, PLR_LEARNER_FIELD_DATE_OF_BIRTH));
  g_assert_false (plr_view_has_learner_field (view, PLR_LEARNER_FIELD_POST_CODE));
  g_assert_false (plr_view_has_learner_field (view, PLR_LEARNER_FIELD_EMAIL_ADDRESS));
  g_assert_cmpint (plr_view_get_order (view), ==, PLR_VIEW_ORDER_NEWEST_FIRST);
  g_assert_true (plr_view_get_mark_challenged (view));
  g_assert_false (plr_view_get_use_rule (view));
  g_assert_null (plr_view_get_share_code (view));
  g_assert_null (plr_view_get_share_expires_at (view));
  plr_view_get_picked_entries (view, &n);
  g_assert_cmpuint (n, ==, 0);

  /* A new view covers nothing until the learner picks or sets a rule. */
  assert_covered (view, record, "");
}

static void
on_changed_cb (PlrView *view,
               guint   *count)
{
  (*count)++;
}

static void
test_changed_signal (void)
{
  g_autoptr(PlrView) view = plr_view_new ();
  guint count = 0;

  g_signal_connect (view, "changed", G_CALLBACK (on_changed_cb), &count);

  plr_view_set_recipient (view, "Acme Ltd");
  plr_view_set_recipient (view, "Acme Ltd");
  g_assert_cmpuint (count, ==, 1);
  plr_view_pick_entry (view, 5);
  plr_view_pick_entry (view, 5);
  g_assert_cmpuint (count, ==, 2);
  plr_view_set_event_field (view, PLR_EVENT_FIELD_CREDITS, TRUE);
  plr_view_set_event_field (view, PLR_EVENT_FIELD_CREDITS, TRUE);
  g_assert_cmpuint (count, ==, 3);
  plr_view_set_order (view, PLR_VIEW_ORDER_BY_LEVEL);
  g_assert_cmpuint (count, ==, 4);
  g_object_set (view, "min-level", 2, NULL);
  g_assert_cmpint (plr_view_get_min_level (view), ==, 2);
  g_assert_cmpuint (count, ==, 5);
}

static void
test_presets (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) job = plr_view_new_preset (PLR_VIEW_PRESET_JOB_APPLICATION);
  g_autoptr(PlrView) college = plr_view_new_preset (PLR_VIEW_PRESET_COLLEGE_APPLICATION);
  g_autoptr(PlrView) one = plr_view_new_preset (PLR_VIEW_PRESET_ONE_QUALIFICATION);
  g_autoptr(PlrView) plain = plr_view_new ();
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 college_fields;

  /* A job application shares every entry with the default fields. */
  g_assert_true (plr_view_get_use_rule (job));
  g_assert_cmphex (plr_view_get_event_fields (job), ==, plr_view_get_event_fields (plain));
  g_assert_cmphex (plr_view_get_learner_fields (job), ==, plr_view_get_learner_fields (plain));
  g_assert_cmpint (plr_view_get_order (job), ==, PLR_VIEW_ORDER_NEWEST_FIRST);
  g_assert_cmpstr (plr_view_get_purpose (job), ==, "Job application");
  assert_covered (job, record, "106,103,107,101,102,104,108,105");

  /* A college application adds the provider and the dates, by level. */
  college_fields = plr_view_get_event_fields (college);
  g_assert_cmphex (college_fields & plr_view_get_event_fields (plain), ==,
                   plr_view_get_event_fields (plain));
  g_assert_true (college_fields & BIT (PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME));
  g_assert_true (college_fields & BIT (PLR_EVENT_FIELD_PARTICIPATION_START_DATE));
  g_assert_true (college_fields & BIT (PLR_EVENT_FIELD_PARTICIPATION_END_DATE));
  g_assert_true (college_fields & BIT (PLR_EVENT_FIELD_LEVEL));
  g_assert_true (college_fields & BIT (PLR_EVENT_FIELD_GRADE));
  g_assert_cmpint (plr_view_get_order (college), ==, PLR_VIEW_ORDER_BY_LEVEL);
  assert_covered (college, record, "106,103,101,102,105,108,104,107");

  /* One qualification covers exactly the entry picked. */
  g_assert_false (plr_view_get_use_rule (one));
  assert_covered (one, record, "");
  plr_view_pick_entry (one, 103);
  assert_covered (one, record, "103");
  g_assert_true (plr_view_has_event_field (one, PLR_EVENT_FIELD_SUBJECT_CODE));
  result = plr_view_apply (one, record, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_view_result_get_n_entries (result), ==, 1);
  g_assert_cmpstr (plr_view_result_get_entry_value (result, 0, PLR_EVENT_FIELD_SUBJECT), ==,
                   "GCE A level in Chemistry");
}

static void
test_rules (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  const char *gcse_and_a_level[] = { "gcse", "GCE A LEVEL", NULL };

  plr_view_set_order (view, PLR_VIEW_ORDER_OLDEST_FIRST);
  plr_view_set_use_rule (view, TRUE);
  assert_covered (view, record, "108,104,101,102,107,103,106,105");

  /* Types match whole, ignoring case. */
  plr_view_set_qualification_types (view, gcse_and_a_level);
  assert_covered (view, record, "101,102,103");

  /* "Level 1/2" counts as level 2. */
  plr_view_set_qualification_types (view, NULL);
  plr_view_set_min_level (view, 2);
  assert_covered (view, record, "101,102,103,106,105");
  plr_view_set_min_level (view, 3);
  assert_covered (view, record, "103,106");
  plr_view_set_min_level (view, PLR_VIEW_LEVEL_ENTRY);
  /* no level at all does not meet even entry level */
  assert_covered (view, record, "108,104,101,102,103,106,105");

  /* No award date does not meet "awarded since". */
  plr_view_set_min_level (view, PLR_VIEW_LEVEL_NONE);
  plr_view_set_awarded_since (view, 2020);
  assert_covered (view, record, "107,103,106");

  /* All criteria at once. */
  plr_view_set_min_level (view, 3);
  assert_covered (view, record, "103,106");

  /* Unpicking beats the rule, picking beats it too. */
  plr_view_unpick_entry (view, 106);
  plr_view_pick_entry (view, 104);
  assert_covered (view, record, "104,103");

  /* With the rule off only the picks remain. */
  plr_view_set_use_rule (view, FALSE);
  assert_covered (view, record, "104");
  plr_view_pick_entry (view, 106);
  assert_covered (view, record, "104,106");
  plr_view_clear_entries (view);
  assert_covered (view, record, "");
}

static void
test_rules_reapply (void)
{
  g_autoptr(PlrRecord) old_record = make_rule_record ();
  g_autoptr(PlrRecord) new_record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrLearningEvent) event = plr_learning_event_new ();

  plr_view_set_use_rule (view, TRUE);
  plr_view_set_min_level (view, 3);
  plr_view_set_order (view, PLR_VIEW_ORDER_OLDEST_FIRST);
  assert_covered (view, old_record, "103,106");

  /* A new level 3 entry appears in the next record: the rule takes it. */
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, "109");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT, "Level 3 Diploma in Engineering");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_LEVEL, "Level 3");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE, "2024-07-01");
  plr_record_append_event (new_record, event);
  assert_covered (view, new_record, "103,106,109");
}

static void
test_order (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected_groups[] = {
    "Level 4", "Level 3", "Level 1/2", "Level 1/2", "Level 2", "Level 1", "Entry Level", NULL,
  };

  plr_view_set_use_rule (view, TRUE);

  /* Entries without an award date come last either way; ties keep the
   * record's order. */
  plr_view_set_order (view, PLR_VIEW_ORDER_NEWEST_FIRST);
  assert_covered (view, record, "106,103,107,101,102,104,108,105");
  plr_view_set_order (view, PLR_VIEW_ORDER_OLDEST_FIRST);
  assert_covered (view, record, "108,104,101,102,107,103,106,105");

  /* By level: highest first ("Level 1/2" counts as 2 and sorts before
   * "Level 2"), no level last, newest first within a level. */
  plr_view_set_order (view, PLR_VIEW_ORDER_BY_LEVEL);
  assert_covered (view, record, "106,103,101,102,105,108,104,107");

  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  g_assert_true (plr_view_result_get_is_grouped (result));
  for (guint i = 0; i < plr_view_result_get_n_entries (result); i++)
    g_assert_cmpstr (plr_view_result_get_entry_group (result, i), ==, expected_groups[i]);
  g_clear_object (&result);

  /* Without the level chosen, no level headings leak out. */
  plr_view_set_event_field (view, PLR_EVENT_FIELD_LEVEL, FALSE);
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  g_assert_false (plr_view_result_get_is_grouped (result));
  for (guint i = 0; i < plr_view_result_get_n_entries (result); i++)
    g_assert_null (plr_view_result_get_entry_group (result, i));
}

static PlrView *
make_full_view (void)
{
  g_autoptr(PlrView) view = plr_view_new_preset (PLR_VIEW_PRESET_COLLEGE_APPLICATION);
  g_autoptr(GDateTime) expires = g_date_time_new_utc (2026, 12, 31, 23, 59, 59);
  const char *types[] = { "GCSE", "Diploma", NULL };

  plr_view_set_name (view, "For the Acme interview");
  plr_view_set_recipient (view, "Acme Ltd");
  plr_view_set_purpose (view, "Job application — “Ymgeisio”");
  plr_view_set_qualification_types (view, types);
  plr_view_set_min_level (view, 2);
  plr_view_set_awarded_since (view, 2015);
  plr_view_pick_entry (view, 4100007);
  plr_view_pick_entry (view, 12);
  plr_view_unpick_entry (view, 99);
  plr_view_set_learner_field (view, PLR_LEARNER_FIELD_ULN, TRUE);
  plr_view_set_event_field (view, PLR_EVENT_FIELD_CREDITS, TRUE);
  plr_view_set_mark_challenged (view, FALSE);
  plr_view_set_share_code (view, "7KQ4-M2XP-9RTA");
  plr_view_set_share_expires_at (view, expires);

  return g_steal_pointer (&view);
}

static void
test_definition_round_trip (void)
{
  g_autoptr(PlrView) view = make_full_view ();
  g_autoptr(PlrView) read = NULL;
  g_autoptr(PlrView) copy = NULL;
  g_autoptr(PlrView) empty = plr_view_new ();
  g_autoptr(PlrView) empty_read = NULL;
  g_autoptr(GBytes) bytes = plr_view_to_json (view);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GBytes) copied = NULL;
  g_autoptr(GBytes) empty_bytes = plr_view_to_json (empty);
  g_autoptr(GBytes) empty_again = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 *ids;
  guint n;

  read = plr_view_new_from_json (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);

  g_assert_cmpstr (plr_view_get_name (read), ==, "For the Acme interview");
  g_assert_cmpstr (plr_view_get_recipient (read), ==, "Acme Ltd");
  g_assert_cmpstr (plr_view_get_purpose (read), ==, "Job application — “Ymgeisio”");
  g_assert_true (plr_view_get_use_rule (read));
  g_assert_cmpstrv (plr_view_get_qualification_types (read),
                    ((const char *[]) { "GCSE", "Diploma", NULL }));
  g_assert_cmpint (plr_view_get_min_level (read), ==, 2);
  g_assert_cmpint (plr_view_get_awarded_since (read), ==, 2015);
  ids = plr_view_get_picked_entries (read, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (ids[0], ==, 4100007);
  g_assert_cmpint (ids[1], ==, 12);
  ids = plr_view_get_excluded_entries (read, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (ids[0], ==, 99);
  g_assert_cmphex (plr_view_get_event_fields (read), ==, plr_view_get_event_fields (view));
  g_assert_cmphex (plr_view_get_learner_fields (read), ==, plr_view_get_learner_fields (view));
  g_assert_cmpint (plr_view_get_order (read), ==, PLR_VIEW_ORDER_BY_LEVEL);
  g_assert_false (plr_view_get_mark_challenged (read));
  g_assert_cmpstr (plr_view_get_share_code (read), ==, "7KQ4-M2XP-9RTA");
  g_assert_true (g_date_time_equal (plr_view_get_share_expires_at (read),
                                    plr_view_get_share_expires_at (view)));

  /* Writing what was read gives the same document. */
  again = plr_view_to_json (read);
  g_assert_true (g_bytes_equal (bytes, again));
  copy = plr_view_copy (view);
  copied = plr_view_to_json (copy);
  g_assert_true (g_bytes_equal (bytes, copied));

  /* The rule being off, and nothing picked, survives too. */
  empty_read = plr_view_new_from_json (empty_bytes, &error);
  g_assert_no_error (error);
  empty_again = plr_view_to_json (empty_read);
  g_assert_true (g_bytes_equal (empty_bytes, empty_again));
  g_assert_false (plr_view_get_use_rule (empty_read));
}

static void
test_definition_strict (void)
{
  static const struct
  {
    const char *document;
    int         code;
    const char *message;
  } cases[] = {
#define HEAD "{\"format\":\"io.github.learningrecord.view-definition\",\"version\":1,"
#define FIELDS "\"event_fields\":[\"subject\"],\"learner_fields\":[]"
#define ENTRIES "\"entries\":{\"ids\":[]}"
    { "not json", PLR_VIEW_ERROR_NOT_A_VIEW, "This is not a saved view" },
    { "[]", PLR_VIEW_ERROR_NOT_A_VIEW, "This is not a saved view" },
    { "{\"format\":\"io.github.learningrecord.record\",\"version\":1}",
      PLR_VIEW_ERROR_NOT_A_VIEW, "This is not a saved view" },
    { "{\"format\":\"io.github.learningrecord.view-definition\",\"version\":2}",
      PLR_VIEW_ERROR_UNSUPPORTED_VERSION, "This saved view is version 2" },
    { "{\"format\":\"io.github.learningrecord.view-definition\",\"version\":\"1\"}",
      PLR_VIEW_ERROR_INVALID, "version:" },
    { HEAD ENTRIES "," FIELDS ",\"colour\":\"blue\"}", PLR_VIEW_ERROR_INVALID,
      "colour: unknown member" },
    { HEAD FIELDS "}", PLR_VIEW_ERROR_INVALID, "entries: required but missing" },
    { HEAD "\"entries\":[]," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries: expected an object, found an array" },
    { HEAD "\"entries\":{}," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries.ids: required but missing" },
    { HEAD "\"entries\":{\"ids\":[1,\"2\"]}," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries.ids[1]: expected a whole number, found a string" },
    { HEAD "\"entries\":{\"ids\":[-4]}," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries.ids[0]: expected a whole number from 0" },
    { HEAD "\"entries\":{\"ids\":[1.5]}," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries.ids[0]: expected a whole number, found a number with a fraction" },
    { HEAD "\"entries\":{\"ids\":[7,7]}," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries.ids[1]: the entry is listed twice" },
    { HEAD "\"entries\":{\"ids\":[7],\"excluded_ids\":[7]}," FIELDS "}",
      PLR_VIEW_ERROR_INVALID, "entries.excluded_ids[0]: the entry is both picked and excluded" },
    { HEAD "\"entries\":{\"ids\":[],\"all\":true}," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries.all: unknown member" },
    { HEAD "\"entries\":{\"ids\":[],\"rule\":true}," FIELDS "}", PLR_VIEW_ERROR_INVALID,
      "entries.rule: expected an object or null, found a boolean" },
    { HEAD "\"entries\":{\"ids\":[],\"rule\":{\"min_level\":9}}," FIELDS "}",
      PLR_VIEW_ERROR_INVALID, "entries.rule.min_level: expected a whole number from 0 to 8" },
    { HEAD "\"entries\":{\"ids\":[],\"rule\":{\"awarded_since\":1850}}," FIELDS "}",
      PLR_VIEW_ERROR_INVALID, "entries.rule.awarded_since: expected a whole number from 1900" },
    { HEAD "\"entries\":{\"ids\":[],\"rule\":{\"qualification_types\":[3]}}," FIELDS "}",
      PLR_VIEW_ERROR_INVALID, "entries.rule.qualification_types[0]: expected a string" },
    { HEAD "\"entries\":{\"ids\":[],\"rule\":{\"level\":3}}," FIELDS "}",
      PLR_VIEW_ERROR_INVALID, "entries.rule.level: unknown member" },
    { HEAD ENTRIES ",\"learner_fields\":[]}", PLR_VIEW_ERROR_INVALID,
      "event_fields: required but missing" },
    { HEAD ENTRIES ",\"event_fields\":[\"Subject\"],\"learner_fields\":[]}",
      PLR_VIEW_ERROR_INVALID, "event_fields[0]: unknown field “Subject”" },
    { HEAD ENTRIES ",\"event_fields\":[\"grade\",\"grade\"],\"learner_fields\":[]}",
      PLR_VIEW_ERROR_INVALID, "event_fields[1]: the field “grade” is listed twice" },
    { HEAD ENTRIES ",\"event_fields\":[],\"learner_fields\":[\"shoe_size\"]}",
      PLR_VIEW_ERROR_INVALID, "learner_fields[0]: unknown field “shoe_size”" },
    { HEAD ENTRIES ",\"event_fields\":[],\"learner_fields\":\"uln\"}",
      PLR_VIEW_ERROR_INVALID, "learner_fields: expected an array, found a string" },
    { HEAD ENTRIES "," FIELDS ",\"order\":\"sideways\"}", PLR_VIEW_ERROR_INVALID,
      "order: expected “newest-first”, “oldest-first” or “by-level”" },
    { HEAD ENTRIES "," FIELDS ",\"mark_challenged\":\"yes\"}", PLR_VIEW_ERROR_INVALID,
      "mark_challenged: expected true or false, found a string" },
    { HEAD ENTRIES "," FIELDS ",\"share_code\":\"7KQ4 M2XP\"}", PLR_VIEW_ERROR_INVALID,
      "share_code: expected up to 64 letters, digits and hyphens" },
    { HEAD ENTRIES "," FIELDS ",\"share_expires_at\":\"next Tuesday\"}", PLR_VIEW_ERROR_INVALID,
      "share_expires_at: expected an ISO 8601 date and time" },
    { HEAD ENTRIES "," FIELDS ",\"recipient\":\"Acme\\u0007Ltd\"}", PLR_VIEW_ERROR_INVALID,
      "recipient: text holds a control character" },
    { HEAD ENTRIES "," FIELDS ",\"purpose\":7}", PLR_VIEW_ERROR_INVALID,
      "purpose: expected a string, found a number" },
    { "[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]", PLR_VIEW_ERROR_NOT_A_VIEW,
      "This is not a saved view: The document is nested" },
#undef HEAD
#undef FIELDS
#undef ENTRIES
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].document,
                                                    strlen (cases[i].document));
      g_autoptr(GError) error = NULL;
      g_autoptr(PlrView) view = NULL;

      g_test_message ("case %u: %s", i, cases[i].document);
      view = plr_view_new_from_json (bytes, &error);
      g_assert_null (view);
      g_assert_error (error, PLR_VIEW_ERROR, cases[i].code);
      if (!g_str_has_prefix (error->message, cases[i].message))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message,
                 cases[i].message);
    }

  /* A name of 256 characters is one too many. */
  {
    g_autofree char *name = g_strnfill (256, 'x');
    g_autofree char *document = g_strdup_printf (
      "{\"format\":\"io.github.learningrecord.view-definition\",\"version\":1,"
      "\"name\":\"%s\",\"entries\":{\"ids\":[]},\"event_fields\":[],\"learner_fields\":[]}",
      name);
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&document),
                                                strlen (document));
    g_autoptr(GError) error = NULL;
    g_autoptr(PlrView) view = plr_view_new_from_json (bytes, &error);

    g_assert_null (view);
    g_assert_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "name: longer than 255 characters"));
  }
}

static gboolean
find_change (GArray            *changes,
             gint64             id,
             PlrViewChangeKind  kind,
             guint64            fields)
{
  for (guint i = 0; i < changes->len; i++)
    {
      PlrViewChange *change = &g_array_index (changes, PlrViewChange, i);

      if (change->id == id)
        return change->kind == kind && change->fields == fields;
    }
  return FALSE;
}

static void
test_changes (void)
{
  g_autoptr(PlrRecord) old_record = make_rule_record ();
  g_autoptr(PlrRecord) new_record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(GArray) changes = NULL;
  g_autoptr(PlrLearningEvent) added = plr_learning_event_new ();
  PlrLearningEvent *event;
  guint64 learner = 0;

  plr_view_set_use_rule (view, TRUE);
  plr_view_set_min_level (view, 2);
  plr_view_pick_entry (view, 108);

  /* Nothing changed, nothing reported. */
  changes = plr_view_list_changes (view, old_record, new_record, &learner);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmphex (learner, ==, 0);
  g_clear_pointer (&changes, g_array_unref);

  /* 101: a chosen field changes. 102: only an unchosen field changes.
   * 103: the challenge flag changes (marked by default). 104: now matches
   * the rule. 106: goes away. 110: is new. The family name changes. */
  plr_learning_event_set_value (plr_record_get_event (new_record, 0), PLR_EVENT_FIELD_GRADE, "A*");
  plr_learning_event_set_value (plr_record_get_event (new_record, 1), PLR_EVENT_FIELD_CREDITS,
                                "15");
  plr_learning_event_set_value (plr_record_get_event (new_record, 2),
                                PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE, "Y");
  plr_learning_event_set_value (plr_record_get_event (new_record, 3), PLR_EVENT_FIELD_LEVEL,
                                "Level 2");
  event = plr_record_get_event (new_record, 5);
  g_assert_cmpint (plr_learning_event_get_id (event), ==, 106);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_LEVEL, "Level 1");
  plr_learning_event_set_value (added, PLR_EVENT_FIELD_ID, "110");
  plr_learning_event_set_value (added, PLR_EVENT_FIELD_SUBJECT, "AS level in Welsh");
  plr_learning_event_set_value (added, PLR_EVENT_FIELD_LEVEL, "Level 3");
  plr_record_append_event (new_record, added);
  plr_learner_set_value (plr_record_get_learner (new_record), PLR_LEARNER_FIELD_FAMILY_NAME,
                         "Jones");
  plr_learner_set_value (plr_record_get_learner (new_record), PLR_LEARNER_FIELD_POST_CODE,
                         "CF10 1AA");

  changes = plr_view_list_changes (view, old_record, new_record, &learner);
  g_assert_cmpuint (changes->len, ==, 5);
  g_assert_true (find_change (changes, 101, PLR_VIEW_CHANGE_CHANGED,
                              BIT (PLR_EVENT_FIELD_GRADE)));
  g_assert_true (find_change (changes, 103, PLR_VIEW_CHANGE_CHANGED,
                              BIT (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)));
  g_assert_true (find_change (changes, 104, PLR_VIEW_CHANGE_ADDED, 0));
  g_assert_true (find_change (changes, 110, PLR_VIEW_CHANGE_ADDED, 0));
  g_assert_true (find_change (changes, 106, PLR_VIEW_CHANGE_REMOVED, 0));
  g_assert_cmphex (learner, ==, BIT (PLR_LEARNER_FIELD_FAMILY_NAME));
  g_clear_pointer (&changes, g_array_unref);

  /* Unmarked challenges are not the recipient's business. */
  plr_view_set_mark_challenged (view, FALSE);
  changes = plr_view_list_changes (view, old_record, new_record, NULL);
  g_assert_cmpuint (changes->len, ==, 4);
  g_assert_false (find_change (changes, 103, PLR_VIEW_CHANGE_CHANGED,
                               BIT (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)));
  g_clear_pointer (&changes, g_array_unref);

  /* Against no record, everything covered is new. */
  changes = plr_view_list_changes (view, NULL, old_record, &learner);
  g_assert_cmpuint (changes->len, ==, 6);
  g_assert_cmphex (learner, ==, plr_view_get_learner_fields (view));
}

static void
test_apply_missing_entries (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  plr_view_pick_entry (view, 101);
  plr_view_pick_entry (view, 999);
  plr_view_pick_entry (view, 998);

  missing = plr_view_list_missing_entries (view, record);
  g_assert_cmpuint (missing->len, ==, 2);
  g_assert_cmpint (g_array_index (missing, gint64, 0), ==, 999);

  result = plr_view_apply (view, record, &error);
  g_assert_null (result);
  g_assert_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_ENTRIES_GONE);
  g_clear_error (&error);

  plr_view_unpick_entry (view, 999);
  plr_view_unpick_entry (view, 998);
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_view_result_get_n_entries (result), ==, 1);
}

static void
test_result_holds_only_choices (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint record_refs, event_refs, learner_refs;
  guint64 name_fields = 0;

  plr_view_set_use_rule (view, TRUE);
  plr_view_set_event_fields (view, BIT (PLR_EVENT_FIELD_GRADE) | BIT (PLR_EVENT_FIELD_SUBJECT));
  plr_view_set_learner_fields (view, BIT (PLR_LEARNER_FIELD_FAMILY_NAME) |
                                     BIT (PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME));

  record_refs = G_OBJECT (record)->ref_count;
  event_refs = G_OBJECT (plr_record_get_event (record, 0))->ref_count;
  learner_refs = G_OBJECT (plr_record_get_learner (record))->ref_count;

  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);

  /* It keeps nothing of the record alive. */
  g_assert_cmpuint (G_OBJECT (record)->ref_count, ==, record_refs);
  g_assert_cmpuint (G_OBJECT (plr_record_get_event (record, 0))->ref_count, ==, event_refs);
  g_assert_cmpuint (G_OBJECT (plr_record_get_learner (record))->ref_count, ==, learner_refs);

  g_assert_cmpuint (plr_view_result_get_n_columns (result), ==, 2);
  g_assert_cmpint (plr_view_result_get_column (result, 0), ==, PLR_EVENT_FIELD_SUBJECT);
  g_assert_cmpint (plr_view_result_get_column (result, 1), ==, PLR_EVENT_FIELD_GRADE);
  for (guint e = 0; e < plr_view_result_get_n_entries (result); e++)
    for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
      {
        const char *value = plr_view_result_get_entry_value (result, e, f);

        if (f == PLR_EVENT_FIELD_GRADE || f == PLR_EVENT_FIELD_SUBJECT)
          g_assert_nonnull (value);
        else
          g_assert_null (value);
      }

  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    if (f != PLR_LEARNER_FIELD_FAMILY_NAME && f != PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME)
      g_assert_null (plr_view_result_get_learner_value (result, f));

  /* The preferred name stands in for the given name it was not given. */
  name = plr_view_result_dup_learner_name (result, &name_fields);
  g_assert_cmpstr (name, ==, "Gwen ap Llŷr-Ó Súilleabháin");
  g_assert_cmphex (name_fields, ==, BIT (PLR_LEARNER_FIELD_FAMILY_NAME) |
                                    BIT (PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME));

  /* Challenges are carried by default: one entry is under one. */
  g_assert_true (plr_view_result_get_carries_challenges (result));
  g_assert_cmpuint (plr_view_result_get_n_challenged (result), ==, 1);

  g_assert_nonnull (plr_view_result_get_as_of (result));
  g_assert_cmpstr (plr_view_result_get_title (result), ==, "Qualifications and achievements");
}

static void
test_format (void)
{
  g_autofree char *date = plr_view_format_event_value (PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
                                                       "2006-03-14");
  g_autofree char *compact = plr_view_format_event_value_compact (
                               PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE, "2006-03-14");
  g_autofree char *loaded = plr_view_format_event_value (PLR_EVENT_FIELD_DATE_LOADED,
                                                         "2019-08-22 10:01:17");
  g_autofree char *grade = plr_view_format_event_value (PLR_EVENT_FIELD_GRADE,
                                                        PLR_GRADE_PLACEHOLDER);
  g_autofree char *flag = plr_view_format_event_value (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE, "Y");
  g_autofree char *uln = plr_view_format_learner_value (PLR_LEARNER_FIELD_ULN, "9276308686");
  g_autofree char *linked = plr_view_format_learner_value (PLR_LEARNER_FIELD_LINKED_ULNS,
                                                           "1000000043,1174112637");
  g_autofree char *gender = plr_view_format_learner_value (PLR_LEARNER_FIELD_GENDER, "9");
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 2, 9, 30, 0);
  g_autofree char *iso = plr_view_format_iso_time (time);

  g_assert_cmpstr (date, ==, "14 March 2006");
  g_assert_cmpstr (compact, ==, "14 Mar 2006");
  g_assert_cmpstr (loaded, ==, "22 August 2019, 10:01");
  g_assert_cmpstr (grade, ==, "No grade recorded");
  g_assert_cmpstr (flag, ==, "Yes");
  g_assert_cmpstr (uln, ==, "927 630 8686");
  g_assert_cmpstr (linked, ==, "100 000 0043, 117 411 2637");
  g_assert_cmpstr (gender, ==, "Not specified");
  g_assert_cmpstr (iso, ==, "2026-11-02T09:30:00Z");
  g_assert_null (plr_view_format_event_value (PLR_EVENT_FIELD_SUBJECT, NULL));
}

/* ------------------------------------------------------------------------ */
/* Renderers                                                                 */

static PlrViewResult *
apply_demo_view (guint   n_events,
                 guint64 event_fields,
                 guint64 learner_fields)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (7, n_events);
  g_autoptr(PlrView) view = plr_view_new_preset (PLR_VIEW_PRESET_JOB_APPLICATION);
  g_autoptr(GDateTime) expires = g_date_time_new_utc (2026, 12, 31, 23, 59, 59);
  g_autoptr(GError) error = NULL;
  PlrViewResult *result;

  plr_view_set_recipient (view, "Acme Ltd");
  plr_view_set_share_code (view, "7KQ4-M2XP-9RTA");
  plr_view_set_share_expires_at (view, expires);
  if (event_fields != 0)
    plr_view_set_event_fields (view, event_fields);
  if (learner_fields != 0)
    plr_view_set_learner_fields (view, learner_fields);

  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  return result;
}

static JsonNode *
parse_json (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                              (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

static void
test_json_document (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *events;
  JsonObjectIter iter;
  const char *member;
  guint n_members = 0;
  guint n_challenged = 0;

  plr_view_set_use_rule (view, TRUE);
  plr_view_set_recipient (view, "Acme Ltd");
  plr_view_set_event_fields (view, BIT (PLR_EVENT_FIELD_SUBJECT) | BIT (PLR_EVENT_FIELD_CREDITS));
  plr_view_set_learner_fields (view, BIT (PLR_LEARNER_FIELD_ULN));
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);

  bytes = plr_view_json_render (result);
  root = parse_json (bytes);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==,
                   PLR_VIEW_JSON_FORMAT_NAME);
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==,
                   PLR_VIEW_JSON_FORMAT_VERSION);
  g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, "Acme Ltd");
  g_assert_cmpstr (json_object_get_string_member (object, "as_of"), ==, "2026-11-02T09:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "order"), ==, "newest-first");
  g_assert_false (json_object_has_member (object, "share_code"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object,
                                                                                 "learner"),
                                                  "uln"), ==, "9276308686");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "learner")),
                    ==, 1);

  events = json_object_get_array_member (object, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, G_N_ELEMENTS (rule_events));
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      /* subject, credits (a number) and the carried challenge flag */
      g_assert_cmpuint (json_object_get_size (event), ==, 3);
      g_assert_cmpint (json_object_get_int_member (event, "credits"), ==, 12);
      g_assert_nonnull (json_object_get_string_member (event, "subject"));
      if (json_object_get_boolean_member (event, "under_data_challenge"))
        n_challenged++;
    }
  g_assert_cmpuint (n_challenged, ==, 1);

  /* The share body has exactly the protocol's members. */
  body = plr_view_json_build_share_body (result);
  json_object_iter_init (&iter, json_node_get_object (body));
  while (json_object_iter_next (&iter, &member, NULL))
    {
      const char *allowed[] = { "title", "learner", "events", "as_of", NULL };

      g_assert_true (g_strv_contains (allowed, member));
      n_members++;
    }
  g_assert_cmpuint (n_members, ==, 4);
  g_clear_object (&result);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Without marking, the flag is gone. */
  plr_view_set_mark_challenged (view, FALSE);
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  bytes = plr_view_json_render (result);
  root = parse_json (bytes);
  events = json_object_get_array_member (json_node_get_object (root), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (events, i),
                                            "under_data_challenge"));
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_html_document (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new_preset (PLR_VIEW_PRESET_JOB_APPLICATION);
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GDateTime) expires = g_date_time_new_utc (2026, 12, 31, 12, 0, 0);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;

  plr_learning_event_set_value (plr_record_get_event (record, 0), PLR_EVENT_FIELD_SUBJECT,
                                "Maths <b>&</b> \"Stats\" 'n' more");
  plr_view_set_recipient (view, "Acme <Ltd>");
  plr_view_set_share_code (view, "7KQ4-M2XP-9RTA");
  plr_view_set_share_expires_at (view, expires);
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);

  bytes = plr_view_html_render (result);
  html = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (g_utf8_validate (html, -1, NULL));

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"en-GB\">"));
  g_assert_nonnull (strstr (html, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (html, "<caption>8 learning events, newest first</caption>"));
  g_assert_cmpuint (count (html, "<th scope=\"col\">"), ==, 6);
  g_assert_cmpuint (count (html, "<th scope=\"row\">"), ==, 8);
  g_assert_cmpuint (count (html, "<tr"), ==, count (html, "</tr>"));
  g_assert_cmpuint (count (html, "<td"), ==, count (html, "</td>"));
  g_assert_cmpuint (count (html, "<th "), ==, count (html, "</th>"));
  g_assert_cmpuint (count (html, "<tbody>"), ==, count (html, "</tbody>"));

  /* Self-contained, no scripts. */
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "url("));
  g_assert_null (strstr (html, "http:"));
  g_assert_null (strstr (html, "https:"));
  g_assert_null (strstr (html, "@import"));

  /* Everything escaped. */
  g_assert_null (strstr (html, "<b>"));
  g_assert_nonnull (strstr (html, "Maths &lt;b&gt;&amp;&lt;/b&gt; &quot;Stats&quot; "
                                  "&apos;n&apos; more"));
  g_assert_nonnull (strstr (html, "Prepared for Acme &lt;Ltd&gt;, Job application"));

  g_assert_nonnull (strstr (html, "Gwenllïan ap Llŷr-Ó Súilleabháin"));
  g_assert_nonnull (strstr (html, "From the learner’s record as fetched on <time "
                                  "datetime=\"2026-11-02T09:30:00Z\">2 November 2026</time>"));
  g_assert_nonnull (strstr (html, "7KQ4-M2XP-9RTA"));
  g_assert_nonnull (strstr (html, "This share expires on <time datetime=\"2026-12-31T12:00:00Z\">"
                                  "31 December 2026</time> (this is not an expiry of the "
                                  "qualifications)."));
  g_assert_nonnull (strstr (html, "<time datetime=\"2021-08-10\">10 August 2021</time>"));
  /* the challenged entry is marked in words, not only colour */
  g_assert_cmpuint (count (html, "<strong class=\"flag\">Under data challenge</strong>"), ==, 1);
  g_assert_null (strstr (html, "9276308686"));
  g_assert_null (strstr (html, "927 630 8686"));
}

/* Issue 20, item 6: a subject holding U+202E RIGHT-TO-LEFT OVERRIDE is kept
 * as written and shown isolated, so that it cannot reorder the grade or the
 * columns after it. */
#define HIDDEN_SUBJECT "Maths \u202E5 edarG"
#define HIDDEN_SHOWN "\u2068Maths \u202E5 edarG\u202C\u2069"

static PlrViewResult *
apply_hidden_marks_view (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new_preset (PLR_VIEW_PRESET_JOB_APPLICATION);
  g_autoptr(GError) error = NULL;
  PlrViewResult *result;

  plr_learning_event_set_value (plr_record_get_event (record, 0), PLR_EVENT_FIELD_SUBJECT,
                                HIDDEN_SUBJECT);
  plr_view_set_recipient (view, "Acme \u202Edtl");
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_html_hidden_marks (void)
{
  g_autoptr(PlrViewResult) result = apply_hidden_marks_view ();
  g_autoptr(GBytes) bytes = plr_view_html_render (result);
  g_autofree char *html = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_nonnull (strstr (html, "<bdi>" HIDDEN_SHOWN "</bdi>"));
  /* Every override the page holds is closed inside its own isolate. */
  g_assert_cmpuint (count (html, "\u202E"), ==, 2);
  g_assert_cmpuint (count (html, "\u202C"), ==, 2);
  g_assert_cmpuint (count (html, "\u2068"), ==, count (html, "\u2069"));
  g_assert_cmpuint (count (html, "<bdi>"), ==, count (html, "</bdi>"));
  /* Plain free text is in <bdi> too, and otherwise as written. */
  g_assert_nonnull (strstr (html, "<bdi>Gwenllïan ap Llŷr-Ó Súilleabháin</bdi>"));
  /* A recipient inside a sentence is isolated by characters. */
  g_assert_nonnull (strstr (html, "Prepared for \u2068Acme \u202Edtl\u202C\u2069, "
                                  "Job application"));
}

static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  if (path == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return FALSE;
    }
  return TRUE;
}

/* The text of a PDF, or of one page of it, as pdftotext reads it. */
static char *
pdf_text (GBytes *pdf,
          int     page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *first = g_strdup_printf ("%d", page);
  int status;
  int fd;

  fd = g_file_open_tmp ("test-view-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                       &error);
  g_assert_no_error (error);

  {
    const char *argv_all[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
    /* A page in drawing order (-raw): the exported document is tagged and a
     * printed page is not, and pdftotext's guess at reading order groups
     * the same text differently in the two. */
    const char *argv_page[] = { "pdftotext", "-raw", "-enc", "UTF-8", "-f", first, "-l", first,
                                path, "-", NULL };

    g_spawn_sync (NULL, (char **) (page > 0 ? argv_page : argv_all), NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_unlink (path);

  return g_steal_pointer (&out);
}

static GBytes *
render_pdf (PlrViewResult *result)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  plr_view_pdf_render (result, stream, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
test_pdf_document (void)
{
  g_autoptr(PlrViewResult) result = apply_demo_view (60, 0, 0);
  g_autoptr(GBytes) pdf = render_pdf (result);
  g_autofree char *text = NULL;
  g_autofree char *name = plr_view_result_dup_learner_name (result, NULL);
  g_autofree char *last = NULL;
  const char *data = g_bytes_get_data (pdf, NULL);
  int n_pages = 0;

  g_assert_cmpuint (g_bytes_get_size (pdf), >, 1000);
  g_assert_true (memcmp (data, "%PDF-", 5) == 0);

  if (!have_pdftotext ())
    return;

  text = pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, "Qualifications and achievements"));
  g_assert_nonnull (strstr (text, name));
  g_assert_nonnull (strstr (text, "Prepared for Acme Ltd, Job application"));
  g_assert_nonnull (strstr (text, "7KQ4-M2XP-9RTA"));
  g_assert_nonnull (strstr (text, "This share expires on 31 December 2026 (this is not an "
                                  "expiry of the qualifications)."));
  g_assert_nonnull (strstr (text, "From the learner’s record as fetched on"));
  g_assert_nonnull (strstr (text, "60 entries, newest first"));

  g_assert_nonnull (strstr (text, "Page 1 of "));
  n_pages = atoi (strstr (text, "Page 1 of ") + strlen ("Page 1 of "));
  g_assert_cmpint (n_pages, >, 1);
  last = g_strdup_printf ("Page %d of %d", n_pages, n_pages);
  g_assert_nonnull (strstr (text, last));

  /* The header row is repeated on every page. */
  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *page_text = pdf_text (pdf, page);
      g_autofree char *number = g_strdup_printf ("Page %d of %d", page, n_pages);

      g_assert_nonnull (strstr (page_text, number));
      g_assert_nonnull (strstr (page_text, "Subject"));
      g_assert_nonnull (strstr (page_text, "Awarded"));
    }
}

static void
test_pdf_hidden_marks (void)
{
  g_autoptr(PlrViewResult) result = apply_hidden_marks_view ();
  g_autoptr(GBytes) pdf = render_pdf (result);
  g_autofree char *text = NULL;

  if (!have_pdftotext ())
    return;

  /* pdftotext gives the text in the order it is drawn, and drops the
   * isolates themselves (they have no glyph). The override in the subject
   * reorders the subject; the one the recipient leaves open stops at the
   * end of the recipient instead of turning ", Job application" round. */
  text = pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, "Maths Grade 5"));
  g_assert_nonnull (strstr (text, "Prepared for Acme ltd, Job application"));
}

static cairo_status_t
append_to_byte_array_cb (void                *closure,
                         const unsigned char *data,
                         unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Printing draws page by page with plr_view_pdf_draw_page(): the same
 * pages, with the same text, as the PDF. */
static void
test_pdf_draw_pages (void)
{
  g_autoptr(PlrViewResult) result = apply_demo_view (60, 0, 0);
  g_autoptr(GBytes) pdf = render_pdf (result);
  g_autoptr(GByteArray) drawn = g_byte_array_new ();
  g_autoptr(GBytes) drawn_bytes = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  int n_pages = plr_view_pdf_count_pages (result);

  g_assert_cmpint (n_pages, >, 1);

  plr_view_pdf_get_page_size (&width, &height);
  g_assert_cmpfloat_with_epsilon (width, 595.276, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 841.890, 0.01);

  surface = cairo_pdf_surface_create_for_stream (append_to_byte_array_cb, drawn, width, height);
  cr = cairo_create (surface);
  for (int page = 1; page <= n_pages; page++)
    {
      plr_view_pdf_draw_page (result, cr, page, n_pages);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  drawn_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&drawn));

  if (!have_pdftotext ())
    return;

  {
    g_autofree char *all = pdf_text (pdf, 0);
    g_autofree char *last = g_strdup_printf ("Page %d of %d", n_pages, n_pages);

    g_assert_nonnull (strstr (all, last));
  }

  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *expected = pdf_text (pdf, page);
      g_autofree char *got = pdf_text (drawn_bytes, page);

      g_assert_cmpstr (got, ==, expected);
    }
}

static void
test_pdf_welsh_and_blocks (void)
{
  g_autoptr(PlrRecord) record = make_rule_record ();
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *long_subject = NULL;

  /* Every field, so the entries are set out as blocks, not a table. */
  long_subject = g_strdup ("Tystysgrif Lefel 3 mewn Astudiaethau Cymraeg ŵ ŷ â ê î ô û "
                           "Gwyddoniaeth Gymhwysol ac Ymarferol");
  plr_learning_event_set_value (plr_record_get_event (record, 0), PLR_EVENT_FIELD_SUBJECT,
                                long_subject);
  plr_view_set_use_rule (view, TRUE);
  plr_view_set_event_fields (view, (G_GUINT64_CONSTANT (1) << PLR_EVENT_N_FIELDS) - 1);
  plr_view_set_learner_fields (view, (G_GUINT64_CONSTANT (1) << PLR_LEARNER_N_FIELDS) - 1);
  plr_view_set_order (view, PLR_VIEW_ORDER_BY_LEVEL);
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);

  pdf = render_pdf (result);
  if (!have_pdftotext ())
    return;

  text = pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, "Ms Gwenllïan ap Llŷr-Ó Súilleabháin"));
  g_assert_nonnull (strstr (text, "Gwyddoniaeth"));
  g_assert_nonnull (strstr (text, "ŵ"));
  g_assert_nonnull (strstr (text, "ŷ"));
  g_assert_nonnull (strstr (text, "927 630 8686"));
  g_assert_nonnull (strstr (text, "14 March 2003"));
  g_assert_nonnull (strstr (text, "Level not recorded"));
  g_assert_nonnull (strstr (text, "Under data challenge"));
  g_assert_nonnull (strstr (text, "Language of assessment"));
}

static void
on_export_written_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Every format, through the one export the builder and --export-view use:
 * on a worker thread, the whole file, private even where a file with wider
 * permissions was there before. */
static void
test_export_to_file_async (void)
{
  static const struct { PlrViewFormat format; const char *name; const char *start; } cases[] = {
    { PLR_VIEW_FORMAT_PDF, "view.pdf", "%PDF-" },
    { PLR_VIEW_FORMAT_HTML, "view.html", "<!DOCTYPE html>" },
    { PLR_VIEW_FORMAT_JSON, "view.json", "{" },
  };
  g_autoptr(PlrViewResult) result = apply_demo_view (24, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-view-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GAsyncResult) async_result = NULL;
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);
      PlrViewFormat parsed;
      GStatBuf st;
      gsize length;

      g_assert_true (plr_view_format_from_string (plr_view_format_to_string (cases[i].format),
                                                  &parsed));
      g_assert_cmpint (parsed, ==, cases[i].format);

      g_assert_true (g_file_set_contents_full (path, "old", -1, G_FILE_SET_CONTENTS_NONE, 0644,
                                               &error));
      g_assert_no_error (error);

      plr_view_export_to_file_async (result, cases[i].format, file, NULL, on_export_written_cb,
                                     &async_result);
      while (async_result == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (plr_view_export_to_file_finish (async_result, &error));
      g_assert_no_error (error);

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (contents, cases[i].start));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);

      g_unlink (path);
    }

  g_assert_false (plr_view_format_from_string ("docx", &(PlrViewFormat) { 0 }));
  g_rmdir (dir);
}

static void
test_pdf_write_error (void)
{
  g_autoptr(PlrViewResult) result = apply_demo_view (5, 0, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (plr_view_pdf_render (result, stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/view/parse-level", test_parse_level);
  g_test_add_func ("/view/defaults", test_defaults);
  g_test_add_func ("/view/changed-signal", test_changed_signal);
  g_test_add_func ("/view/presets", test_presets);
  g_test_add_func ("/view/rules", test_rules);
  g_test_add_func ("/view/rules-reapply", test_rules_reapply);
  g_test_add_func ("/view/order", test_order);
  g_test_add_func ("/view/definition/round-trip", test_definition_round_trip);
  g_test_add_func ("/view/definition/strict", test_definition_strict);
  g_test_add_func ("/view/changes", test_changes);
  g_test_add_func ("/view/apply/missing-entries", test_apply_missing_entries);
  g_test_add_func ("/view/apply/only-choices", test_result_holds_only_choices);
  g_test_add_func ("/view/format", test_format);
  g_test_add_func ("/view/render/json", test_json_document);
  g_test_add_func ("/view/render/html", test_html_document);
  g_test_add_func ("/view/render/html-hidden-marks", test_html_hidden_marks);
  g_test_add_func ("/view/render/pdf", test_pdf_document);
  g_test_add_func ("/view/render/pdf-hidden-marks", test_pdf_hidden_marks);
  g_test_add_func ("/view/render/pdf-welsh-and-blocks", test_pdf_welsh_and_blocks);
  g_test_add_func ("/view/render/pdf-draw-pages", test_pdf_draw_pages);
  g_test_add_func ("/view/render/export-to-file-async", test_export_to_file_async);
  g_test_add_func ("/view/render/pdf-write-error", test_pdf_write_error);

  return g_test_run ();
}
