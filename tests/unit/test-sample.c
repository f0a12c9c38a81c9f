/* test-sample.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plr-identifiers.h"
#include "plr-record-json.h"
#include "plr-sample.h"

static GBytes *
generate_json (guint32 seed,
               guint   n_events)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (seed, n_events);

  return plr_record_json_write (record);
}

static void
test_deterministic (void)
{
  g_autoptr(GBytes) first = generate_json (7, 200);
  g_autoptr(GBytes) again = generate_json (7, 200);
  g_autoptr(GBytes) other = generate_json (8, 200);
  g_autoptr(PlrRecord) demo = plr_sample_demo ();
  g_autoptr(PlrRecord) demo_again = plr_sample_demo ();
  g_autoptr(GBytes) demo_json = plr_record_json_write (demo);
  g_autoptr(GBytes) demo_again_json = plr_record_json_write (demo_again);

  g_test_message ("seed 7 twice must give the same bytes");
  g_assert_cmpmem (g_bytes_get_data (first, NULL), g_bytes_get_size (first),
                   g_bytes_get_data (again, NULL), g_bytes_get_size (again));

  g_test_message ("the demo learner must be the same every time");
  g_assert_cmpmem (g_bytes_get_data (demo_json, NULL), g_bytes_get_size (demo_json),
                   g_bytes_get_data (demo_again_json, NULL), g_bytes_get_size (demo_again_json));

  g_test_message ("seeds 7 and 8 must give different records");
  g_assert_false (g_bytes_equal (first, other));
}

static void
test_same_learner_any_length (void)
{
  g_autoptr(PlrRecord) few = plr_sample_generate (42, 3);
  g_autoptr(PlrRecord) many = plr_sample_generate (42, 300);

  g_test_message ("a seed gives the same learner whatever the number of events");
  g_assert_true (plr_learner_equal (plr_record_get_learner (few), plr_record_get_learner (many)));
}

static void
check_record (PlrRecord *record,
              guint      n_events)
{
  PlrLearner *learner = plr_record_get_learner (record);
  const char *linked = plr_learner_get_value (learner, PLR_LEARNER_FIELD_LINKED_ULNS);
  g_autoptr(GError) error = NULL;
  gint64 last_id = -1;

  g_assert_cmpuint (plr_record_get_n_events (record), ==, n_events);
  g_assert_cmpstr (plr_record_get_source (record), ==, PLR_RECORD_SOURCE_SAMPLE);

  if (!plr_uln_validate (plr_learner_get_uln (learner), &error))
    g_error ("generated ULN %s is not valid: %s", plr_learner_get_uln (learner), error->message);
  if (linked != NULL && !plr_uln_validate (linked, &error))
    g_error ("generated linked ULN %s is not valid: %s", linked, error->message);

  for (guint i = 0; i < n_events; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);
      const char *award = plr_learning_event_get_award_date (event);
      const char *loaded = plr_learning_event_get_value (event, PLR_EVENT_FIELD_DATE_LOADED);
      const char *source = plr_learning_event_get_value (event, PLR_EVENT_FIELD_SOURCE);
      const char *type = plr_learning_event_get_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE);
      const char *credits = plr_learning_event_get_value (event, PLR_EVENT_FIELD_CREDITS);
      const char *code = plr_learning_event_get_value (event, PLR_EVENT_FIELD_SUBJECT_CODE);
      gint64 id = plr_learning_event_get_id (event);

      g_assert_cmpint (id, >, last_id);
      last_id = id;

      g_assert_nonnull (award);
      g_assert_nonnull (loaded);
      g_assert_cmpstr (award, <=, "2026-11-02");
      g_assert_cmpstr (loaded, <, "2026-11-02 09:30:00");
      /* Loaded on or after the day of the award */
      g_assert_cmpint (strncmp (loaded, award, 10), >=, 0);

      g_assert_true (g_str_equal (source, "ILR") || g_str_equal (source, "NPD") ||
                     g_str_equal (source, "AO") || g_str_equal (source, "QCFU"));
      g_assert_cmpint (plr_subject_code_check (code), !=, PLR_SUBJECT_CODE_UNKNOWN);

      if (g_str_has_prefix (type, "GCSE") || g_str_has_prefix (type, "GCE"))
        g_assert_cmpstr (credits, ==, "0");
      if (g_str_equal (source, "QCFU"))
        {
          g_assert_cmpint (g_ascii_strtoll (credits, NULL, 10), >, 0);
          g_assert_cmpint (plr_subject_code_check (code), ==, PLR_SUBJECT_CODE_UNIT);
        }
    }
}

static void
round_trip (guint32 seed,
            guint   n_events)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (seed, n_events);
  g_autoptr(PlrRecord) read_back = NULL;
  g_autoptr(GBytes) json = plr_record_json_write (record);
  g_autoptr(GError) error = NULL;

  g_test_message ("seed %u, %u events", seed, n_events);
  check_record (record, n_events);

  /* The reader runs every field through the validator */
  read_back = plr_record_json_read (json, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read_back);
  g_assert_true (plr_record_equal (record, read_back));
  g_assert_cmpstr (plr_record_get_source (read_back), ==, PLR_RECORD_SOURCE_SAMPLE);
}

static void
test_round_trip_small (void)
{
  static const guint sizes[] = { 0, 1, 24 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint32 seed = 1; seed <= 60; seed++)
      round_trip (seed, sizes[i]);

  round_trip (G_MAXUINT32, 24);
  round_trip (0, 24);
}

static void
test_round_trip_large (void)
{
  round_trip (2014, 5000);
  round_trip (99, 5000);
}

static void
test_many_learners (void)
{
  /* Every path through a life, across many learners */
  for (guint32 seed = 1000; seed < 1400; seed++)
    round_trip (seed, 40);
}

static void
test_demo (void)
{
  g_autoptr(PlrRecord) demo = plr_sample_demo ();
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *fetched = NULL;
  PlrLearner *learner = plr_record_get_learner (demo);

  g_assert_true (plr_uln_validate (plr_learner_get_uln (learner), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (demo), ==, PLR_SAMPLE_DEMO_EVENTS);
  g_assert_cmpstr (plr_record_get_source (demo), ==, PLR_RECORD_SOURCE_SAMPLE);

  fetched = g_date_time_format_iso8601 (plr_record_get_fetched_at (demo));
  g_assert_cmpstr (fetched, ==, "2026-11-02T09:30:00Z");

  name = plr_learner_dup_display_name (learner);
  g_test_message ("the demo learner is %s", name);
  g_assert_cmpstr (name, !=, "");

  /* Every field a learner always has is filled */
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      if (i == PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME ||
          i == PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME ||
          i == PLR_LEARNER_FIELD_SCOTTISH_CANDIDATE_NUMBER ||
          i == PLR_LEARNER_FIELD_LINKED_ULNS)
        continue;

      if (plr_learner_get_value (learner, i) == NULL)
        g_error ("the demo learner has no %s", plr_learner_field_info (i)->lrs_name);
    }
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;
  return TRUE;
}

static void
test_names (void)
{
  guint non_ascii_given = 0;
  guint non_ascii_family = 0;
  guint apostrophes = 0;
  guint hyphens = 0;
  guint spaces = 0;
  guint changed = 0;
  guint welsh = 0;
  guint genders[10] = { 0, };

  for (guint32 seed = 1; seed <= 500; seed++)
    {
      g_autoptr(PlrRecord) record = plr_sample_generate (seed, 0);
      PlrLearner *learner = plr_record_get_learner (record);
      const char *given = plr_learner_get_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME);
      const char *family = plr_learner_get_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME);
      const char *gender = plr_learner_get_value (learner, PLR_LEARNER_FIELD_GENDER);
      const char *school = plr_learner_get_value (learner, PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16);

      g_assert_true (g_utf8_validate (given, -1, NULL));
      g_assert_true (g_utf8_validate (family, -1, NULL));

      non_ascii_given += !is_ascii (given);
      non_ascii_family += !is_ascii (family);
      apostrophes += strchr (family, '\'') != NULL;
      hyphens += strchr (family, '-') != NULL;
      spaces += strchr (family, ' ') != NULL;
      changed += plr_learner_get_value (learner, PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME) != NULL;
      welsh += g_str_has_prefix (school, "Ysgol");
      genders[g_ascii_strtoull (gender, NULL, 10)]++;
    }

  g_test_message ("of 500 learners: %u given and %u family names with accents, %u with "
                  "apostrophes, %u with hyphens, %u with spaces; %u changed names; %u at a "
                  "Welsh-medium school", non_ascii_given, non_ascii_family, apostrophes, hyphens,
                  spaces, changed, welsh);

  g_assert_cmpuint (non_ascii_given, >=, 25);
  g_assert_cmpuint (non_ascii_family, >=, 10);
  g_assert_cmpuint (apostrophes, >=, 3);
  g_assert_cmpuint (hyphens, >=, 3);
  g_assert_cmpuint (spaces, >=, 10);
  g_assert_cmpuint (changed, >=, 10);
  g_assert_cmpuint (welsh, >=, 10);
  g_assert_cmpuint (genders[1], >=, 150);
  g_assert_cmpuint (genders[2], >=, 150);
}

static void
test_variety (void)
{
  g_autoptr(GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) levels = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) grades = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PlrRecord) record = plr_sample_generate (5, 5000);
  static const char * const expected_types[] = {
    "GCSE", "Award", "Certificate", "Diploma", "Functional Skills", "QCF Unit",
  };
  static const char * const expected_grades[] = {
    "Pass", PLR_GRADE_PLACEHOLDER,
  };
  guint unknown_ao = 0;

  for (guint i = 0; i < plr_record_get_n_events (record); i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);
      const char *type = plr_learning_event_get_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE);
      const char *level = plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL);
      const char *source = plr_learning_event_get_value (event, PLR_EVENT_FIELD_SOURCE);
      const char *ao = plr_learning_event_get_value (event,
                                                     PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN);

      g_hash_table_add (types, (char *) type);
      if (level != NULL)
        g_hash_table_add (levels, (char *) level);
      g_hash_table_add (sources, (char *) source);
      g_hash_table_add (grades, (char *) plr_learning_event_get_grade (event));
      unknown_ao += plr_ukprn_check (ao) == PLR_UKPRN_UNKNOWN;
    }

  g_test_message ("5000 events: %u qualification types, %u levels, %u sources, %u grades, "
                  "%u unknown awarding organisations",
                  g_hash_table_size (types), g_hash_table_size (levels),
                  g_hash_table_size (sources), g_hash_table_size (grades), unknown_ao);

  for (guint i = 0; i < G_N_ELEMENTS (expected_types); i++)
    if (!g_hash_table_contains (types, expected_types[i]))
      g_error ("no event of type %s in 5000", expected_types[i]);
  for (guint i = 0; i < G_N_ELEMENTS (expected_grades); i++)
    if (!g_hash_table_contains (grades, expected_grades[i]))
      g_error ("no event graded %s in 5000", expected_grades[i]);

  g_assert_cmpuint (g_hash_table_size (levels), >=, 5);
  g_assert_cmpuint (g_hash_table_size (sources), >=, 3);
  g_assert_cmpuint (unknown_ao, >, 0);
}

static void
test_data_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "data",
                                                 "sample-learner.json", NULL);
  g_autoptr(PlrRecord) demo = plr_sample_demo ();
  g_autoptr(PlrRecord) from_file = NULL;
  g_autoptr(GBytes) expected = plr_record_json_write (demo);
  g_autoptr(GBytes) file_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("Could not read %s: %s", path, error->message);

  /* The file ends with a newline, as text files do */
  if (length > 0 && contents[length - 1] == '\n')
    length--;

  if (length != g_bytes_get_size (expected) ||
      memcmp (contents, g_bytes_get_data (expected, NULL), length) != 0)
    g_error ("%s is not the demo learner plr_sample_demo() makes: regenerate it with "
             "“plr-generate --demo --output data/sample-learner.json”", path);

  file_bytes = g_bytes_new (contents, length);
  from_file = plr_record_json_read (file_bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plr_record_equal (demo, from_file));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sample/deterministic", test_deterministic);
  g_test_add_func ("/sample/same-learner-any-length", test_same_learner_any_length);
  g_test_add_func ("/sample/round-trip/small", test_round_trip_small);
  g_test_add_func ("/sample/round-trip/large", test_round_trip_large);
  g_test_add_func ("/sample/round-trip/many-learners", test_many_learners);
  g_test_add_func ("/sample/demo", test_demo);
  g_test_add_func ("/sample/names", test_names);
  g_test_add_func ("/sample/variety", test_variety);
  g_test_add_func ("/sample/data-file", test_data_file);

  return g_test_run ();
}
