/* test-lrs-xml.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plr-lrs-xml.h"

#define XSI "http://www.w3.org/2001/XMLSchema-instance"

/* A result element with no namespaces but xsi, for the inline documents. */
#define RESULT(body) \
  "<GetLearnerLearningEventsResult xmlns:i=\"" XSI "\">" body "</GetLearnerLearningEventsResult>"
#define FOUND "<FoundULN>9276308686</FoundULN>"
#define EXACT "<ResponseCode>WSRC0004</ResponseCode>"

/* What full.xml holds, field by field; NULL is "no value". */
static const char *full_events[][PLR_EVENT_N_FIELDS] = {
  {
    [PLR_EVENT_FIELD_ID] = "4815162",
    [PLR_EVENT_FIELD_SUBJECT] = "GCSE in English Language",
    [PLR_EVENT_FIELD_SUBJECT_CODE] = "50079116",
    [PLR_EVENT_FIELD_QUALIFICATION_TYPE] = "GCSE",
    [PLR_EVENT_FIELD_LEVEL] = "Level 1/2",
    [PLR_EVENT_FIELD_GRADE] = "B",
    [PLR_EVENT_FIELD_CREDITS] = "0",
    [PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE] = "2016-08-25",
    [PLR_EVENT_FIELD_PARTICIPATION_START_DATE] = "2014-09-01",
    [PLR_EVENT_FIELD_PARTICIPATION_END_DATE] = "2016-06-30",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME] = "Example Awarding Body",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN] = "10034567",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME] = "Riverside Academy",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN] = "10012345",
    [PLR_EVENT_FIELD_SOURCE] = "NPD",
    [PLR_EVENT_FIELD_DATE_LOADED] = "2016-10-03 09:14:27",
    [PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT] = "English",
    [PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE] = "N",
    [PLR_EVENT_FIELD_STATUS] = "F",
    [PLR_EVENT_FIELD_COLLECTION_TYPE] = "NPD",
    [PLR_EVENT_FIELD_RESTRICTION] = "N",
    [PLR_EVENT_FIELD_RETURN_NUMBER] = "01",
  },
  {
    [PLR_EVENT_FIELD_ID] = "5120034",
    [PLR_EVENT_FIELD_SUBJECT] = "Lefel 3 TAG Safon Uwch mewn Llên a Iaith Cymraeg",
    [PLR_EVENT_FIELD_SUBJECT_CODE] = "5011234X",
    [PLR_EVENT_FIELD_QUALIFICATION_TYPE] = "GCE A level",
    [PLR_EVENT_FIELD_LEVEL] = "Level 3",
    [PLR_EVENT_FIELD_GRADE] = "A",
    [PLR_EVENT_FIELD_CREDITS] = "0",
    [PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE] = "2018-08-16",
    [PLR_EVENT_FIELD_PARTICIPATION_START_DATE] = "2016-09-05",
    [PLR_EVENT_FIELD_PARTICIPATION_END_DATE] = "2018-06-15",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME] = "CBAC",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN] = "10045678",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME] = "Coleg Glannau’r Dyffryn",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN] = "10023456",
    [PLR_EVENT_FIELD_SOURCE] = "AO",
    [PLR_EVENT_FIELD_DATE_LOADED] = "2018-09-12 14:02:55",
    [PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT] = "Welsh",
    [PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE] = "N",
    [PLR_EVENT_FIELD_STATUS] = "F",
    [PLR_EVENT_FIELD_COLLECTION_TYPE] = "AO",
    [PLR_EVENT_FIELD_RESTRICTION] = "N",
    [PLR_EVENT_FIELD_RETURN_NUMBER] = "02",
  },
  {
    [PLR_EVENT_FIELD_ID] = "6000123",
    [PLR_EVENT_FIELD_SUBJECT] = "Level 2 Certificate in Customer Service",
    [PLR_EVENT_FIELD_SUBJECT_CODE] = "60123456",
    [PLR_EVENT_FIELD_QUALIFICATION_TYPE] = "Certificate",
    [PLR_EVENT_FIELD_LEVEL] = "Level 2",
    [PLR_EVENT_FIELD_GRADE] = "9999999999",
    [PLR_EVENT_FIELD_CREDITS] = "13",
    [PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE] = "2019-07-31",
    [PLR_EVENT_FIELD_PARTICIPATION_START_DATE] = "2018-09-10",
    [PLR_EVENT_FIELD_PARTICIPATION_END_DATE] = NULL,
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME] = "UNKNOWN",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN] = "UNKNWN",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME] = "Northfield Training Ltd",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN] = "105678",
    [PLR_EVENT_FIELD_SOURCE] = "ILR",
    [PLR_EVENT_FIELD_DATE_LOADED] = "2019-11-04 02:31:09",
    [PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT] = "English",
    [PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE] = "N",
    [PLR_EVENT_FIELD_STATUS] = "F",
    [PLR_EVENT_FIELD_COLLECTION_TYPE] = "ILR",
    [PLR_EVENT_FIELD_RESTRICTION] = "N",
    [PLR_EVENT_FIELD_RETURN_NUMBER] = "12",
  },
  {
    [PLR_EVENT_FIELD_ID] = "7000456",
    [PLR_EVENT_FIELD_SUBJECT] = "Understand health and safety in the workplace",
    [PLR_EVENT_FIELD_SUBJECT_CODE] = "K/501/5773",
    [PLR_EVENT_FIELD_QUALIFICATION_TYPE] = "NVQ/GNVQ Key Skills Unit",
    [PLR_EVENT_FIELD_LEVEL] = NULL,
    [PLR_EVENT_FIELD_GRADE] = "Pass",
    [PLR_EVENT_FIELD_CREDITS] = "3",
    [PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE] = "2098-08-20",
    [PLR_EVENT_FIELD_PARTICIPATION_START_DATE] = "2018-10-01",
    [PLR_EVENT_FIELD_PARTICIPATION_END_DATE] = "2019-01-31",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME] = "Example Awarding Organisation",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN] = "10067890",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME] = "Northfield Training Ltd",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN] = "10056789",
    [PLR_EVENT_FIELD_SOURCE] = "QCFU",
    [PLR_EVENT_FIELD_DATE_LOADED] = "2019-03-01 11:45:00",
    [PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT] = "English",
    [PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE] = "Y",
    [PLR_EVENT_FIELD_STATUS] = "F",
    [PLR_EVENT_FIELD_COLLECTION_TYPE] = "QCF",
    [PLR_EVENT_FIELD_RESTRICTION] = "N",
    [PLR_EVENT_FIELD_RETURN_NUMBER] = "03",
  },
  {
    [PLR_EVENT_FIELD_ID] = "7100789",
    [PLR_EVENT_FIELD_SUBJECT] = "Level 3 Advanced GCE in English Literature A",
    [PLR_EVENT_FIELD_SUBJECT_CODE] = "1000323X",
    [PLR_EVENT_FIELD_QUALIFICATION_TYPE] = "GCE A level",
    [PLR_EVENT_FIELD_LEVEL] = "Level 3",
    [PLR_EVENT_FIELD_GRADE] = "A*",
    [PLR_EVENT_FIELD_CREDITS] = "0",
    [PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE] = "2019-08-15",
    [PLR_EVENT_FIELD_PARTICIPATION_START_DATE] = "2017-09-04",
    [PLR_EVENT_FIELD_PARTICIPATION_END_DATE] = "2019-06-21",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME] = "Example Examinations & Assessment Board",
    [PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN] = "10089012",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME] = "Riverside Sixth Form College",
    [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN] = "10078901",
    [PLR_EVENT_FIELD_SOURCE] = "AO",
    [PLR_EVENT_FIELD_DATE_LOADED] = "2019-09-20 08:00:12",
    [PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT] = "English",
    [PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE] = "N",
    [PLR_EVENT_FIELD_STATUS] = "F",
    [PLR_EVENT_FIELD_COLLECTION_TYPE] = "AO",
    [PLR_EVENT_FIELD_RESTRICTION] = "N",
    [PLR_EVENT_FIELD_RETURN_NUMBER] = "02",
  },
};

#define N_FULL_EVENTS G_N_ELEMENTS (full_events)

/* The fields of the LRS "BRIEF" response. */
static const PlrEventField brief_fields[] = {
  PLR_EVENT_FIELD_ID,
  PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
  PLR_EVENT_FIELD_CREDITS,
  PLR_EVENT_FIELD_SOURCE,
  PLR_EVENT_FIELD_LEVEL,
  PLR_EVENT_FIELD_SUBJECT,
  PLR_EVENT_FIELD_GRADE,
  PLR_EVENT_FIELD_SUBJECT_CODE,
  PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN,
};

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "fixtures", "lrs", name,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static PlrRecord *
read_fixture (const char             *name,
              const PlrRecordLimits  *limits,
              GError                **error)
{
  g_autoptr(GBytes) bytes = load_fixture (name);

  return plr_lrs_xml_read (bytes, limits, error);
}

static PlrRecord *
read_string (const char  *xml,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, strlen (xml));

  return plr_lrs_xml_read (bytes, NULL, error);
}

/* Asserts that @message begins with @prefix, so the path is the right one. */
#define assert_has_prefix(message, prefix) \
  G_STMT_START { \
    if (!g_str_has_prefix ((message), (prefix))) \
      g_error ("“%s” does not begin with “%s”", (message), (prefix)); \
  } G_STMT_END

#define assert_contains(message, part) \
  G_STMT_START { \
    if (strstr ((message), (part)) == NULL) \
      g_error ("“%s” does not contain “%s”", (message), (part)); \
  } G_STMT_END

static void
assert_event_values (PlrLearningEvent *event,
                     const char       *expected[PLR_EVENT_N_FIELDS])
{
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    {
      const char *value = plr_learning_event_get_value (event, i);

      if (g_strcmp0 (value, expected[i]) != 0)
        g_error ("%s: expected “%s”, got “%s”", plr_event_field_info (i)->lrs_name,
                 expected[i] ? expected[i] : "(none)", value ? value : "(none)");
    }
}

static void
assert_full_events (PlrRecord *record)
{
  g_assert_cmpuint (plr_record_get_n_events (record), ==, N_FULL_EVENTS);

  for (guint i = 0; i < N_FULL_EVENTS; i++)
    assert_event_values (plr_record_get_event (record, i), full_events[i]);
}

static void
test_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = read_fixture ("full.xml", NULL, &error);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2024, 6, 1, 12, 0, 0);
  PlrLearner *learner;

  g_assert_no_error (error);
  g_assert_nonnull (record);

  g_assert_cmpstr (plr_record_get_source (record), ==, PLR_RECORD_SOURCE_LRS_XML);
  g_assert_null (plr_record_get_fetched_at (record));
  g_assert_null (plr_record_get_incoming_uln (record));
  g_assert_null (plr_record_get_etag (record));

  learner = plr_record_get_learner (record);
  g_assert_cmpstr (plr_learner_get_uln (learner), ==, "9276308686");
  g_assert_null (plr_learner_get_value (learner, PLR_LEARNER_FIELD_LINKED_ULNS));
  g_assert_null (plr_learner_get_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME));

  assert_full_events (record);

  /* document order */
  g_assert_cmpint (plr_learning_event_get_id (plr_record_get_event (record, 0)), ==, 4815162);
  g_assert_cmpint (plr_learning_event_get_id (plr_record_get_event (record, 4)), ==, 7100789);

  /* the Welsh-language event */
  g_assert_cmpstr (plr_learning_event_get_subject (plr_record_get_event (record, 1)), ==,
                   "Lefel 3 TAG Safon Uwch mewn Llên a Iaith Cymraeg");

  /* odd but real values are kept and flagged */
  g_assert_cmpint (plr_learning_event_get_warnings (plr_record_get_event (record, 0), now), ==,
                   PLR_EVENT_WARNING_NONE);
  g_assert_cmpint (plr_learning_event_get_warnings (plr_record_get_event (record, 1), now), ==,
                   PLR_EVENT_WARNING_NONE);
  g_assert_cmpint (plr_learning_event_get_warnings (plr_record_get_event (record, 2), now), ==,
                   PLR_EVENT_WARNING_NO_GRADE_RECORDED |
                   PLR_EVENT_WARNING_UNKNOWN_AWARDING_ORGANISATION |
                   PLR_EVENT_WARNING_UNUSUAL_UKPRN);
  g_assert_cmpint (plr_learning_event_get_warnings (plr_record_get_event (record, 3), now), ==,
                   PLR_EVENT_WARNING_FUTURE_AWARD_DATE);
  g_assert_cmpint (plr_learning_event_get_warnings (plr_record_get_event (record, 4), now), ==,
                   PLR_EVENT_WARNING_NONE);
}

static void
test_brief (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) full = read_fixture ("full.xml", NULL, &error);
  g_autoptr(PlrRecord) brief = NULL;

  g_assert_no_error (error);
  brief = read_fixture ("brief.xml", NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (plr_learner_get_uln (plr_record_get_learner (brief)), ==, "9276308686");
  g_assert_cmpuint (plr_record_get_n_events (brief), ==, plr_record_get_n_events (full));

  for (guint i = 0; i < N_FULL_EVENTS; i++)
    {
      PlrLearningEvent *b = plr_record_get_event (brief, i);
      PlrLearningEvent *f = plr_record_get_event (full, i);
      const char *expected[PLR_EVENT_N_FIELDS] = { NULL, };

      for (guint j = 0; j < G_N_ELEMENTS (brief_fields); j++)
        {
          PlrEventField field = brief_fields[j];

          g_assert_cmpstr (plr_learning_event_get_value (b, field), ==,
                           plr_learning_event_get_value (f, field));
          expected[field] = full_events[i][field];
        }

      /* and nothing else */
      assert_event_values (b, expected);
    }

  g_assert_false (plr_record_equal (brief, full));
}

static void
test_no_namespaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) full = read_fixture ("full.xml", NULL, &error);
  g_autoptr(PlrRecord) bare = NULL;

  g_assert_no_error (error);
  bare = read_fixture ("no-namespaces.xml", NULL, &error);
  g_assert_no_error (error);

  /* Other order, whitespace around values, CDATA, bare nil="true", an
   * unknown element: the same values as the FULL form. */
  assert_full_events (bare);
  g_assert_cmpstr (plr_learner_get_uln (plr_record_get_learner (bare)), ==, "9276308686");
  g_assert_true (plr_record_equal (bare, full));
}

static void
test_undeclared_prefix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  /* Prefixes without a namespace declaration: matched by local name. */
  record = read_string ("<a:GetLearnerLearningEventsResult>"
                        "<a:ResponseCode>WSRC0004</a:ResponseCode>"
                        "<a:FoundULN>6936002314</a:FoundULN>"
                        "<a:LearnerRecord><a:LearningEvent>"
                        "<a:ID>12</a:ID><a:Subject>Entry Level Award in Cookery</a:Subject>"
                        "<a:Level i:nil=\"true\">Entry Level</a:Level>"
                        "</a:LearningEvent></a:LearnerRecord>"
                        "</a:GetLearnerLearningEventsResult>", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learner_get_uln (plr_record_get_learner (record)), ==, "6936002314");
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 1);
  g_assert_cmpint (plr_learning_event_get_id (plr_record_get_event (record, 0)), ==, 12);
  g_assert_cmpstr (plr_learning_event_get_subject (plr_record_get_event (record, 0)), ==,
                   "Entry Level Award in Cookery");
  /* nil wins over any text */
  g_assert_null (plr_learning_event_get_value (plr_record_get_event (record, 0),
                                               PLR_EVENT_FIELD_LEVEL));
}

static void
test_response_root (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  record = read_string ("<GetLearnerLearningEventsResponse xmlns=\"http://api.lrs.qcf.gov.uk/\">"
                        EXACT FOUND
                        "<LearnerRecord><LearningEvent><ID>1</ID><Subject>A</Subject>"
                        "</LearningEvent></LearnerRecord>"
                        "</GetLearnerLearningEventsResponse>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 1);
}

static void
test_linked (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = read_fixture ("linked.xml", NULL, &error);
  PlrLearner *learner;

  g_assert_no_error (error);
  learner = plr_record_get_learner (record);

  g_assert_cmpstr (plr_learner_get_uln (learner), ==, "1174112637");
  g_assert_cmpstr (plr_record_get_incoming_uln (record), ==, "1000000043");
  g_assert_cmpstr (plr_learner_get_value (learner, PLR_LEARNER_FIELD_LINKED_ULNS), ==,
                   "1000000043");
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 2);
  assert_event_values (plr_record_get_event (record, 0), full_events[0]);
  assert_event_values (plr_record_get_event (record, 1), full_events[4]);
}

static void
test_linked_merge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  /* LinkedULNs the file already gives are kept, the incoming ULN added once. */
  record = read_string (RESULT ("<ResponseCode>WSRC0022</ResponseCode>"
                                "<FoundULN>1174112637</FoundULN>"
                                "<IncomingULN>1000000043</IncomingULN>"
                                "<Learner><LinkedULNs>6936002314, 1000000043</LinkedULNs></Learner>"),
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learner_get_value (plr_record_get_learner (record),
                                          PLR_LEARNER_FIELD_LINKED_ULNS), ==,
                   "6936002314,1000000043");
  g_clear_object (&record);

  record = read_string (RESULT ("<ResponseCode>WSRC0022</ResponseCode>"
                                "<FoundULN>1174112637</FoundULN>"
                                "<IncomingULN>1000000043</IncomingULN>"
                                "<Learner><LinkedULNs>6936002314</LinkedULNs></Learner>"),
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learner_get_value (plr_record_get_learner (record),
                                          PLR_LEARNER_FIELD_LINKED_ULNS), ==,
                   "6936002314,1000000043");
  g_clear_object (&record);

  /* a linked learner without the ULN asked for cannot be explained */
  record = read_string (RESULT ("<ResponseCode>WSRC0022</ResponseCode>"
                                "<FoundULN>1174112637</FoundULN>"), &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID_ULN);
  assert_has_prefix (error->message, "IncomingULN: ");
  g_assert_null (record);
}

static void
assert_refused (const char *fixture,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = read_fixture (fixture, NULL, &error);

  g_assert_error (error, PLR_RECORD_ERROR, code);
  g_assert_null (record);
  if (words != NULL)
    assert_contains (error->message, words);
}

static void
test_not_shared (void)
{
  assert_refused ("not-shared.xml", PLR_RECORD_ERROR_NOT_SHARED, "opted not to share");
  assert_refused ("not-shared.xml", PLR_RECORD_ERROR_NOT_SHARED, "WSEC0206");
  assert_refused ("not-shared.xml", PLR_RECORD_ERROR_NOT_SHARED, "Nothing was imported");
}

static void
test_not_verified (void)
{
  assert_refused ("not-verified.xml", PLR_RECORD_ERROR_NOT_VERIFIED, "could not verify");
  assert_refused ("not-verified.xml", PLR_RECORD_ERROR_NOT_VERIFIED, "WSEC0208");
  assert_refused ("not-verified.xml", PLR_RECORD_ERROR_NOT_VERIFIED, "Nothing was imported");
}

static void
test_no_match (void)
{
  assert_refused ("no-match.xml", PLR_RECORD_ERROR_NO_MATCH, "found no learner");
  assert_refused ("no-match.xml", PLR_RECORD_ERROR_NO_MATCH, "WSRC0001");
  assert_refused ("no-match.xml", PLR_RECORD_ERROR_NO_MATCH, "Nothing was imported");
}

static void
test_rejected_uln (void)
{
  assert_refused ("invalid-uln.xml", PLR_RECORD_ERROR_REJECTED_ULN, "rejected the ULN");
  assert_refused ("invalid-uln.xml", PLR_RECORD_ERROR_REJECTED_ULN, "WSEC0136");
  assert_refused ("invalid-uln.xml", PLR_RECORD_ERROR_REJECTED_ULN, "Nothing was imported");
}

static void
test_unknown_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  record = read_string (RESULT ("<ResponseCode>WSEC9999</ResponseCode>" FOUND), &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNKNOWN_RESPONSE);
  assert_contains (error->message, "WSEC9999");
  g_assert_null (record);
  g_clear_error (&error);

  /* a code that is not a code is not repeated back */
  record = read_string (RESULT ("<ResponseCode>Please call 0800 000 000</ResponseCode>" FOUND),
                        &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNKNOWN_RESPONSE);
  g_assert_null (strstr (error->message, "0800"));
  g_assert_null (record);
}

static void
test_missing_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  /* no code, but a found learner: taken as an exact match */
  record = read_string (RESULT (FOUND "<LearnerRecord/>"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learner_get_uln (plr_record_get_learner (record)), ==, "9276308686");
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 0);
  g_clear_object (&record);

  /* neither */
  record = read_string (RESULT ("<IncomingULN>9276308686</IncomingULN><LearnerRecord/>"),
                        &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
  g_assert_null (record);
  g_clear_error (&error);

  /* a nil code counts as none */
  record = read_string (RESULT ("<ResponseCode i:nil=\"true\"/><FoundULN i:nil=\"true\"/>"),
                        &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
  g_assert_null (record);
}

static void
test_bad_found_uln (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = read_fixture ("bad-found-uln.xml", NULL, &error);

  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID_ULN);
  assert_has_prefix (error->message, "FoundULN: ");
  assert_contains (error->message, "should be 3");
  g_assert_null (record);
  g_clear_error (&error);

  /* a match must name the learner found */
  record = read_string (RESULT (EXACT "<LearnerRecord/>"), &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID_ULN);
  assert_has_prefix (error->message, "FoundULN: ");
  g_assert_null (record);
  g_clear_error (&error);

  /* the placeholder is not a ULN */
  record = read_string (RESULT (EXACT "<FoundULN>9999999999</FoundULN>"), &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID_ULN);
  assert_has_prefix (error->message, "FoundULN: ");
  g_assert_null (record);
}

static void
test_bad_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = read_fixture ("bad-date.xml", NULL, &error);

  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
  assert_has_prefix (error->message, "LearningEvent[0].AchievementAwardDate: ");
  assert_contains (error->message, "30 February 2019 does not exist");
  g_assert_null (record);
}

static void
assert_event_error (const char *event_xml,
                    int         code,
                    const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autofree char *xml = NULL;

  xml = g_strdup_printf (RESULT (EXACT FOUND "<LearnerRecord>"
                                 "<LearningEvent><ID>1</ID><Subject>First</Subject>"
                                 "</LearningEvent>%s</LearnerRecord>"),
                         event_xml);

  record = read_string (xml, &error);
  g_assert_error (error, PLR_RECORD_ERROR, code);
  assert_has_prefix (error->message, prefix);
  g_assert_null (record);
}

static void
test_field_errors (void)
{
  assert_event_error ("<LearningEvent><Subject>No id</Subject></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID, "LearningEvent[1].ID: required but missing");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject i:nil=\"true\"/></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID, "LearningEvent[1].Subject: required but missing");
  assert_event_error ("<LearningEvent><ID>two</ID><Subject>A</Subject></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID, "LearningEvent[1].ID: expected a whole number");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject>A</Subject>"
                      "<Credits>-4</Credits></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID, "LearningEvent[1].Credits: ");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject>A</Subject>"
                      "<UnderDataChallenge>maybe</UnderDataChallenge></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID,
                      "LearningEvent[1].UnderDataChallenge: expected Y or N");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject>A</Subject>"
                      "<DateLoaded>yesterday</DateLoaded></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID, "LearningEvent[1].DateLoaded: ");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject>A</Subject>"
                      "<Grade>A</Grade><Grade>B</Grade></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID,
                      "LearningEvent[1].Grade: appears more than once");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject>A<b>B</b></Subject></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID, "LearningEvent[1].Subject: expected text");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject>A&#x7;</Subject></LearningEvent>",
                      PLR_RECORD_ERROR_NOT_A_RECORD, "This file is not well-formed XML");
  assert_event_error ("<LearningEvent><ID>2</ID><Subject>A</Subject><Grade>"
                      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                      "</Grade></LearningEvent>",
                      PLR_RECORD_ERROR_INVALID, "LearningEvent[1].Grade: longer than");
}

static void
test_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  PlrLearningEvent *event;

  record = read_string (RESULT (EXACT FOUND
                                "<LearnerRecord>"
                                "<!-- a comment between events -->"
                                "<LearningEvent>"
                                "<ID> 0042 </ID>"
                                "<Subject>Level 2 Award in Food &amp; Drink &lt;Service&gt;</Subject>"
                                "<UnderDataChallenge>y</UnderDataChallenge>"
                                "<Credits>\n  15\n</Credits>"
                                "<Grade></Grade>"
                                "<Level>   </Level>"
                                "<ParticipationEndDate/>"
                                "<grade>json names are not LRS names</grade>"
                                "<FutureLrsField>ignored</FutureLrsField>"
                                "</LearningEvent>"
                                "<SomethingElse/>"
                                "</LearnerRecord>"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 1);

  event = plr_record_get_event (record, 0);
  g_assert_cmpstr (plr_learning_event_get_value (event, PLR_EVENT_FIELD_ID), ==, "42");
  g_assert_cmpstr (plr_learning_event_get_subject (event), ==,
                   "Level 2 Award in Food & Drink <Service>");
  g_assert_cmpstr (plr_learning_event_get_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE),
                   ==, "Y");
  g_assert_cmpstr (plr_learning_event_get_value (event, PLR_EVENT_FIELD_CREDITS), ==, "15");
  g_assert_null (plr_learning_event_get_grade (event));
  g_assert_null (plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL));
  g_assert_null (plr_learning_event_get_value (event, PLR_EVENT_FIELD_PARTICIPATION_END_DATE));
}

static void
test_learner_extension (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  PlrLearner *learner;

  record = read_string (RESULT (EXACT FOUND
                                "<Learner>"
                                "<ULN>9276308686</ULN>"
                                "<GivenName>Siân</GivenName>"
                                "<FamilyName>D'Arcy-Ó Súilleabháin</FamilyName>"
                                "<DateOfBirth>2001-02-28</DateOfBirth>"
                                "<Gender>2</Gender>"
                                "<AbilityToShare>1</AbilityToShare>"
                                "<FavouriteColour>ignored</FavouriteColour>"
                                "</Learner>"
                                "<LearnerRecord/>"), &error);
  g_assert_no_error (error);
  learner = plr_record_get_learner (record);
  g_assert_cmpstr (plr_learner_get_uln (learner), ==, "9276308686");
  g_assert_cmpstr (plr_learner_get_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME), ==, "Siân");
  g_assert_cmpstr (plr_learner_get_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME), ==,
                   "D'Arcy-Ó Súilleabháin");
  g_assert_cmpstr (plr_learner_get_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH), ==,
                   "2001-02-28");
  g_assert_cmpstr (plr_learner_get_value (learner, PLR_LEARNER_FIELD_GENDER), ==, "2");
  g_assert_cmpstr (plr_learner_get_value (learner, PLR_LEARNER_FIELD_ABILITY_TO_SHARE), ==, "1");
  g_clear_object (&record);

  record = read_string (RESULT (EXACT FOUND "<Learner><DateOfBirth>2001-02-29</DateOfBirth>"
                                "</Learner>"), &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
  assert_has_prefix (error->message, "Learner.DateOfBirth: ");
  g_assert_null (record);
  g_clear_error (&error);

  record = read_string (RESULT (EXACT FOUND "<Learner><Gender>3</Gender></Learner>"), &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
  assert_has_prefix (error->message, "Learner.Gender: ");
  g_assert_null (record);
  g_clear_error (&error);

  record = read_string (RESULT (EXACT FOUND "<Learner><ULN>1174112637</ULN></Learner>"),
                        &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID_ULN);
  assert_has_prefix (error->message, "Learner.ULN: ");
  g_assert_null (record);
}

static void
test_duplicate_parts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  record = read_string (RESULT (EXACT FOUND "<FoundULN>1174112637</FoundULN>"), &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
  assert_has_prefix (error->message, "FoundULN: appears more than once");
  g_assert_null (record);
}

static void
assert_unsafe_quietly (const char *fixture)
{
  if (g_test_subprocess ())
    {
      assert_refused (fixture, PLR_RECORD_ERROR_UNSAFE, "document type or entities");
      return;
    }

  /* Refused, quickly, and without libxml2 printing anything. */
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("");
}

static void
test_billion_laughs (void)
{
  assert_unsafe_quietly ("billion-laughs.xml");
}

static void
test_external_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  assert_unsafe_quietly ("external-entity.xml");
  if (g_test_subprocess ())
    return;

  record = read_fixture ("external-entity.xml", NULL, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNSAFE);
  g_assert_null (strstr (error->message, "root:"));
  g_assert_null (record);
}

/* The same document as UTF-16, which the byte scan for "<!DOCTYPE" cannot see. */
static GBytes *
to_utf16 (const char *utf8)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (utf8);
  g_autofree char *utf16 = NULL;
  GByteArray *array;
  gsize length = 0;

  g_string_replace (text, "encoding=\"utf-8\"", "encoding=\"UTF-16\"", 1);
  utf16 = g_convert (text->str, text->len, "UTF-16LE", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);

  array = g_byte_array_new ();
  g_byte_array_append (array, (const guint8 *) "\xff\xfe", 2);
  g_byte_array_append (array, (const guint8 *) utf16, length);

  return g_byte_array_free_to_bytes (array);
}

static void
assert_fixture_unsafe_as_utf16 (const char *fixture)
{
  g_autoptr(GBytes) original = load_fixture (fixture);
  g_autofree char *utf8 = g_strndup (g_bytes_get_data (original, NULL),
                                     g_bytes_get_size (original));
  g_autoptr(GBytes) bytes = to_utf16 (utf8);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 4, "\xff\xfe<\0", 4);

  record = plr_lrs_xml_read (bytes, NULL, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNSAFE);
  g_assert_null (record);
}

/* What the byte scan cannot see must still be refused by the parser. */
static void
test_unsafe_past_scan (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!g_test_subprocess ())
    {
      /* quickly, and without libxml2 printing anything */
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, 0);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stdout ("");
      g_test_trap_assert_stderr ("");
      return;
    }

  assert_fixture_unsafe_as_utf16 ("billion-laughs.xml");
  assert_fixture_unsafe_as_utf16 ("external-entity.xml");

  /* a document type alone */
  bytes = to_utf16 ("<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE r>"
                    RESULT (EXACT FOUND "<LearnerRecord/>"));
  record = plr_lrs_xml_read (bytes, NULL, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNSAFE);
  g_assert_null (record);
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* and without it, UTF-16 is read like any other encoding */
  bytes = to_utf16 ("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                    RESULT (EXACT FOUND "<LearnerRecord><LearningEvent><ID>1</ID>"
                            "<Subject>Lefel 1 Tystysgrif Sgiliau Hanfodol Cymru: Llythrennedd "
                            "Ddigidol — ŵ ŷ</Subject></LearningEvent></LearnerRecord>"));
  record = plr_lrs_xml_read (bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learning_event_get_subject (plr_record_get_event (record, 0)), ==,
                   "Lefel 1 Tystysgrif Sgiliau Hanfodol Cymru: Llythrennedd Ddigidol — ŵ ŷ");
  g_clear_object (&record);

  /* an entity that was never declared */
  record = read_string (RESULT (EXACT FOUND "<LearnerRecord><LearningEvent><ID>1</ID>"
                                "<Subject>&e;</Subject></LearningEvent></LearnerRecord>"),
                        &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNSAFE);
  g_assert_null (record);
  g_clear_error (&error);

  /* predefined entities and character references are plain text */
  record = read_string (RESULT (EXACT FOUND "<LearnerRecord><LearningEvent><ID>1</ID>"
                                "<Subject>&#x45;&amp;&#233;&quot;</Subject></LearningEvent>"
                                "</LearnerRecord>"),
                        &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learning_event_get_subject (plr_record_get_event (record, 0)), ==,
                   "E&é\"");
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, 0);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr ("");
      return;
    }

  record = read_fixture ("malformed.xml", NULL, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
  assert_has_prefix (error->message, "This file is not well-formed XML");
  /* libxml2's own words, with the line */
  assert_contains (error->message, "line 11");
  assert_contains (error->message, "mismatch");
  g_assert_null (record);
}

static void
test_not_lrs (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  record = read_string ("<html><body><p>Your learning record</p></body></html>", &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
  assert_contains (error->message, "not an LRS learning events response");
  g_assert_null (record);
  g_clear_error (&error);

  record = read_string ("", &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
  g_assert_null (record);
  g_clear_error (&error);

  record = read_string ("{\"format\": \"io.github.learningrecord.record\"}", &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
  g_assert_null (record);
  g_clear_error (&error);

  record = read_fixture ("soap-fault.xml", NULL, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD);
  assert_contains (error->message, "unable to process the request");
  g_assert_null (record);
}

static void
test_too_large (void)
{
  PlrRecordLimits limits = *plr_record_limits_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GBytes) bytes = load_fixture ("full.xml");

  limits.max_bytes = 64;
  record = plr_lrs_xml_read (bytes, &limits, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE);
  g_assert_null (record);
  g_clear_error (&error);

  limits.max_bytes = g_bytes_get_size (bytes);
  record = plr_lrs_xml_read (bytes, &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
}

static void
test_too_many_events (void)
{
  PlrRecordLimits limits = *plr_record_limits_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  limits.max_events = N_FULL_EVENTS - 1;
  record = read_fixture ("full.xml", &limits, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE);
  assert_contains (error->message, "more than 4 learning events");
  g_assert_null (record);
  g_clear_error (&error);

  limits.max_events = N_FULL_EVENTS;
  record = read_fixture ("full.xml", &limits, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), ==, N_FULL_EVENTS);
}

static void
test_too_deep (void)
{
  PlrRecordLimits limits = *plr_record_limits_default ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GString) xml = g_string_new ("<GetLearnerLearningEventsResult>" EXACT FOUND);
  g_autoptr(GBytes) bytes = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (xml, "<Nested>");
  for (guint i = 0; i < 1000; i++)
    g_string_append (xml, "</Nested>");
  g_string_append (xml, "</GetLearnerLearningEventsResult>");
  bytes = g_string_free_to_bytes (g_steal_pointer (&xml));

  record = plr_lrs_xml_read (bytes, NULL, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE);
  assert_contains (error->message, "levels deep");
  g_assert_null (record);
  g_clear_error (&error);

  /* full.xml is seven levels deep */
  limits.max_depth = 6;
  record = read_fixture ("full.xml", &limits, &error);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE);
  g_assert_null (record);
  g_clear_error (&error);

  limits.max_depth = 7;
  record = read_fixture ("full.xml", &limits, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/lrs-xml/full", test_full);
  g_test_add_func ("/lrs-xml/brief", test_brief);
  g_test_add_func ("/lrs-xml/no-namespaces", test_no_namespaces);
  g_test_add_func ("/lrs-xml/undeclared-prefix", test_undeclared_prefix);
  g_test_add_func ("/lrs-xml/response-root", test_response_root);
  g_test_add_func ("/lrs-xml/linked", test_linked);
  g_test_add_func ("/lrs-xml/linked-merge", test_linked_merge);
  g_test_add_func ("/lrs-xml/not-shared", test_not_shared);
  g_test_add_func ("/lrs-xml/not-verified", test_not_verified);
  g_test_add_func ("/lrs-xml/no-match", test_no_match);
  g_test_add_func ("/lrs-xml/rejected-uln", test_rejected_uln);
  g_test_add_func ("/lrs-xml/unknown-code", test_unknown_code);
  g_test_add_func ("/lrs-xml/missing-code", test_missing_code);
  g_test_add_func ("/lrs-xml/bad-found-uln", test_bad_found_uln);
  g_test_add_func ("/lrs-xml/bad-date", test_bad_date);
  g_test_add_func ("/lrs-xml/field-errors", test_field_errors);
  g_test_add_func ("/lrs-xml/values", test_values);
  g_test_add_func ("/lrs-xml/learner-extension", test_learner_extension);
  g_test_add_func ("/lrs-xml/duplicate-parts", test_duplicate_parts);
  g_test_add_func ("/lrs-xml/billion-laughs", test_billion_laughs);
  g_test_add_func ("/lrs-xml/external-entity", test_external_entity);
  g_test_add_func ("/lrs-xml/unsafe-past-scan", test_unsafe_past_scan);
  g_test_add_func ("/lrs-xml/malformed", test_malformed);
  g_test_add_func ("/lrs-xml/not-lrs", test_not_lrs);
  g_test_add_func ("/lrs-xml/too-large", test_too_large);
  g_test_add_func ("/lrs-xml/too-many-events", test_too_many_events);
  g_test_add_func ("/lrs-xml/too-deep", test_too_deep);

  return g_test_run ();
}
