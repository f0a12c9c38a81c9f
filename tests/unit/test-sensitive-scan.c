/* test-sensitive-scan.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The check for sensitive personal data, with the lists shipped in data/:
 * phrases planted in English and Welsh are found, as whole words, whatever
 * their case and accents; course titles and sample records raise nothing;
 * a hit becomes a pre-filled challenge. */

#include "config.h"

#include <string.h>

#include "plr-sample.h"
#include "plr-sensitive-scan.h"

static char *
data_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "..", "data", NULL);
}

/* The lists compiled into the core's resource: no path is looked at. */
static PlrSensitiveScan *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  PlrSensitiveScan *scan;

  scan = plr_sensitive_scan_new_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);

  return scan;
}

static PlrLearningEvent *
make_event (gint64      id,
            const char *subject,
            const char *provider)
{
  PlrLearningEvent *event = plr_learning_event_new ();
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, text);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT, subject);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "Pass");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME, provider);
  return event;
}

/* "category term" for each hit in @text. */
static char *
scan_text (PlrSensitiveScan *scan,
           const char       *text)
{
  g_autoptr(GPtrArray) hits = plr_sensitive_scan_text (scan, text);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      PlrSensitiveHit *hit = g_ptr_array_index (hits, i);

      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s %s", plr_sensitive_category_to_string (hit->category),
                              hit->term);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_TEXT(scan, text, expected) \
  G_STMT_START { \
    g_autofree char *found_ = scan_text (scan, text); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

static void
test_lists_load (void)
{
  g_autoptr(PlrSensitiveScan) scan = load_default ();
  g_autoptr(PlrSensitiveScan) english = plr_sensitive_scan_new ();
  g_autoptr(PlrSensitiveScan) welsh = plr_sensitive_scan_new ();
  g_autofree char *dir = data_dir ();
  g_autofree char *en = g_build_filename (dir, "sensitive-terms-en.txt", NULL);
  g_autofree char *cy = g_build_filename (dir, "sensitive-terms-cy.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (plr_sensitive_scan_load_file (english, en, &error));
  g_assert_no_error (error);
  g_assert_true (plr_sensitive_scan_load_file (welsh, cy, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plr_sensitive_scan_get_n_terms (english), >, 60);
  g_assert_cmpuint (plr_sensitive_scan_get_n_terms (welsh), >, 40);
  g_assert_cmpuint (plr_sensitive_scan_get_n_terms (scan), ==,
                    plr_sensitive_scan_get_n_terms (english) +
                    plr_sensitive_scan_get_n_terms (welsh));

  for (int c = PLR_SENSITIVE_CATEGORY_HEALTH; c <= PLR_SENSITIVE_CATEGORY_TRADE_UNION; c++)
    {
      PlrSensitiveCategory back;

      g_assert_true (plr_sensitive_category_from_string (plr_sensitive_category_to_string (c),
                                                         &back));
      g_assert_cmpint (back, ==, c);
      g_assert_cmpstr (plr_sensitive_category_get_label (c), !=, "");
    }
}

static void
test_bad_lists (void)
{
  g_autoptr(PlrSensitiveScan) scan = plr_sensitive_scan_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (plr_sensitive_scan_load_data (scan, "# only a comment\n\n", -1, "t", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plr_sensitive_scan_get_n_terms (scan), ==, 0);

  g_assert_false (plr_sensitive_scan_load_data (scan, "health\tdiabetes\nhealth diabetes\n", -1,
                                                "t.txt", &error));
  g_assert_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "t.txt:2"));
  g_clear_error (&error);
  /* A list with a bad line adds nothing. */
  g_assert_cmpuint (plr_sensitive_scan_get_n_terms (scan), ==, 0);

  g_assert_false (plr_sensitive_scan_load_data (scan, "politics\tparty member\n", -1, "t",
                                                &error));
  g_assert_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (plr_sensitive_scan_load_data (scan, "health\t--\n", -1, "t", &error));
  g_assert_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (plr_sensitive_scan_load_file (scan, "/nonexistent/list.txt", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The default lists come from the resource, whatever the environment
   * or data folders say. */
  g_setenv ("PLR_DATA_DIR", "/nonexistent", TRUE);
  g_setenv ("XDG_DATA_DIRS", "/nonexistent", TRUE);
  {
    g_autoptr(PlrSensitiveScan) other = plr_sensitive_scan_new_default (&error);

    g_assert_no_error (error);
    g_assert_nonnull (other);
    g_assert_cmpuint (plr_sensitive_scan_get_n_terms (other), >, 100);
  }
}

static void
test_words (void)
{
  g_autoptr(PlrSensitiveScan) scan = load_default ();

  /* Whole words, any case, any accents, hyphens and apostrophes as spaces. */
  ASSERT_TEXT (scan, "Support for DIABETES", "health diabetes");
  ASSERT_TEXT (scan, "diabètes", "health diabetes");
  ASSERT_TEXT (scan, "Trade-Union studies", "trade-union trade union");
  ASSERT_TEXT (scan, "Down’s syndrome", "health Down's syndrome");
  ASSERT_TEXT (scan, "Prison.", "criminal-record prison");
  ASSERT_TEXT (scan, "a Muslim,", "religion Muslim");
  ASSERT_TEXT (scan, "Mus lim", "");
  ASSERT_TEXT (scan, "imprisonment", "");
  ASSERT_TEXT (scan, "Gayton Road", "");
  ASSERT_TEXT (scan, "Hindustani", "");
  ASSERT_TEXT (scan, "Reunion", "");
  ASSERT_TEXT (scan, "union", "");
  ASSERT_TEXT (scan, "", "");
  ASSERT_TEXT (scan, NULL, "");

  /* A longer term covers the shorter one inside it. */
  ASSERT_TEXT (scan, "HMYOI Parc, a Young Offender Institution",
               "criminal-record HMYOI; criminal-record young offender institution");

  /* Course titles and topics are not data about the learner. */
  ASSERT_TEXT (scan, "Level 2 Certificate in Understanding Autism", "");
  ASSERT_TEXT (scan, "GCSE in Religious Studies", "");
  ASSERT_TEXT (scan, "TAG UG Astudiaethau Crefyddol", "");
  ASSERT_TEXT (scan, "Autism support plan", "health autism");

  /* Welsh, with its mutations. */
  ASSERT_TEXT (scan, "CARCHAR Caerdydd", "criminal-record carchar");
  ASSERT_TEXT (scan, "yng Ngharchar y Parc", "criminal-record ngharchar");
  ASSERT_TEXT (scan, "Cwrs Undeb Llafur Cymru", "trade-union undeb llafur");
  ASSERT_TEXT (scan, "anghenion dysgu ychwanegol", "health anghenion dysgu ychwanegol");
  ASSERT_TEXT (scan, "fy nghrefydd", "religion nghrefydd");
  ASSERT_TEXT (scan, "Hindw", "religion Hindŵ");
}

static PlrRecord *
make_planted_record (void)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrLearningEvent) e1 = NULL;
  g_autoptr(PlrLearningEvent) e2 = NULL;
  g_autoptr(PlrLearningEvent) e3 = NULL;
  g_autoptr(PlrLearningEvent) e4 = NULL;
  g_autoptr(PlrLearningEvent) e5 = NULL;

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, "9276308686");
  /* Names are never read: a name is not a religion. */
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME, "Christian");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, "Gay");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16,
                         "Ysgol Arbennig ar gyfer Anabledd Dysgu");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_LINE_1, "HMP Cardiff");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_TOWN, "Caerdydd");
  record = plr_record_new (learner);

  e1 = make_event (4100001, "GCSE in English Language", "Coleg Gwent");
  e2 = make_event (4100002, "Functional Skills English (dyslexia support)", "HMP Wandsworth");
  e3 = make_event (4100003, "Level 2 Award for Trade Union Representatives", "TUC Education");
  e4 = make_event (4100004, "Sgiliau Hanfodol Cymru: Cyfathrebu", "Carchar Abertawe");
  e5 = make_event (4100005, "Level 2 Certificate in Understanding Autism", "Coleg Sir Gâr");
  plr_learning_event_set_value (e4, PLR_EVENT_FIELD_QUALIFICATION_TYPE,
                                "Cwrs i aelodau undeb llafur");
  plr_record_append_event (record, e1);
  plr_record_append_event (record, e2);
  plr_record_append_event (record, e3);
  plr_record_append_event (record, e4);
  plr_record_append_event (record, e5);

  return g_steal_pointer (&record);
}

static char *
describe_hits (GPtrArray *hits)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      PlrSensitiveHit *hit = g_ptr_array_index (hits, i);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "/%u %s %s %s\n", hit->event_id,
                              hit->position, hit->field,
                              plr_sensitive_category_to_string (hit->category), hit->term);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_record (void)
{
  g_autoptr(PlrSensitiveScan) scan = load_default ();
  g_autoptr(PlrRecord) record = make_planted_record ();
  g_autoptr(GPtrArray) hits = plr_sensitive_scan_record (scan, record);
  g_autofree char *found = describe_hits (hits);

  g_assert_cmpstr (found, ==,
                   "0/0 school_at_age_16 health anabledd\n"
                   "0/0 last_known_address_line_1 criminal-record HMP\n"
                   "4100002/1 subject health dyslexia\n"
                   "4100002/1 achievement_provider_name criminal-record HMP\n"
                   "4100003/2 subject trade-union trade union\n"
                   "4100003/2 achievement_provider_name trade-union TUC\n"
                   "4100004/3 qualification_type trade-union undeb llafur\n"
                   "4100004/3 achievement_provider_name criminal-record carchar\n");

  for (guint i = 0; i < hits->len; i++)
    {
      PlrSensitiveHit *hit = g_ptr_array_index (hits, i);

      g_assert_cmpint (hit->target, ==, hit->event_id ? PLR_CHALLENGE_TARGET_EVENT
                                                      : PLR_CHALLENGE_TARGET_LEARNER);
    }
}

/* A record with nothing sensitive raises nothing: the demo learner and
 * generated records from many seeds. */
static void
test_clean_samples (void)
{
  g_autoptr(PlrSensitiveScan) scan = load_default ();
  g_autoptr(PlrRecord) demo = plr_sample_demo ();
  g_autoptr(GPtrArray) hits = plr_sensitive_scan_record (scan, demo);
  guint n_events = 0;

  g_assert_cmpuint (hits->len, ==, 0);

  for (guint32 seed = 1; seed <= 60; seed++)
    {
      g_autoptr(PlrRecord) record = plr_sample_generate (seed * 7919, 80);
      g_autoptr(GPtrArray) found = plr_sensitive_scan_record (scan, record);

      if (found->len > 0)
        {
          g_autofree char *text = describe_hits (found);
          g_test_message ("seed %u: %s", seed * 7919, text);
        }
      g_assert_cmpuint (found->len, ==, 0);
      n_events += plr_record_get_n_events (record);
    }

  g_assert_cmpuint (n_events, >, 1000);
}

static void
test_create_challenge (void)
{
  g_autoptr(PlrSensitiveScan) scan = load_default ();
  g_autoptr(PlrRecord) record = make_planted_record ();
  g_autoptr(GPtrArray) hits = plr_sensitive_scan_record (scan, record);
  g_autoptr(PlrChallenge) school = NULL;
  g_autoptr(PlrChallenge) provider = NULL;
  g_autoptr(GError) error = NULL;
  PlrSensitiveHit *hit;

  hit = g_ptr_array_index (hits, 0);
  school = plr_sensitive_hit_create_challenge (hit, record);
  g_assert_cmpint (plr_challenge_get_target (school), ==, PLR_CHALLENGE_TARGET_LEARNER);
  g_assert_cmpstr (plr_challenge_get_field (school), ==, "school_at_age_16");
  g_assert_cmpstr (plr_challenge_get_current_value (school), ==,
                   "Ysgol Arbennig ar gyfer Anabledd Dysgu");
  g_assert_cmpint (plr_challenge_get_reason (school), ==, PLR_CHALLENGE_REASON_SENSITIVE_DATA);
  g_assert_nonnull (strstr (plr_challenge_get_details (school), "health or disability"));
  g_assert_true (plr_challenge_check_ready (school, &error));
  g_assert_no_error (error);

  hit = g_ptr_array_index (hits, 3);
  provider = plr_sensitive_hit_create_challenge (hit, record);
  g_assert_cmpint (plr_challenge_get_target (provider), ==, PLR_CHALLENGE_TARGET_EVENT);
  g_assert_cmpint (plr_challenge_get_event_id (provider), ==, 4100002);
  g_assert_cmpstr (plr_challenge_get_field (provider), ==, "achievement_provider_name");
  g_assert_cmpstr (plr_challenge_get_current_value (provider), ==, "HMP Wandsworth");
  g_assert_null (plr_challenge_get_proposed_value (provider));
  g_assert_nonnull (strstr (plr_challenge_get_details (provider), "criminal record"));
  g_assert_true (plr_challenge_check_ready (provider, &error));
  g_assert_no_error (error);

  /* A record that changed since: no challenge against the wrong entry. */
  {
    g_autoptr(PlrRecord) other = plr_sample_generate (1, 3);
    g_autoptr(PlrChallenge) none = plr_sensitive_hit_create_challenge (hit, other);

    g_assert_null (none);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sensitive-scan/lists-load", test_lists_load);
  g_test_add_func ("/sensitive-scan/bad-lists", test_bad_lists);
  g_test_add_func ("/sensitive-scan/words", test_words);
  g_test_add_func ("/sensitive-scan/record", test_record);
  g_test_add_func ("/sensitive-scan/clean-samples", test_clean_samples);
  g_test_add_func ("/sensitive-scan/create-challenge", test_create_challenge);

  return g_test_run ();
}
