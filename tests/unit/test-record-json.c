/* test-record-json.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "plr-json.h"
#include "plr-record-json.h"

static GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "fixtures", "records", name,
                                                 NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static PlrRecord *
read_valid_full (void)
{
  g_autoptr(GBytes) bytes = load_fixture ("valid-full.json");
  g_autoptr(GError) error = NULL;
  PlrRecord *record = plr_record_json_read (bytes, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (record);
  return record;
}

static void
test_read_every_field (void)
{
  g_autoptr(PlrRecord) record = read_valid_full ();
  PlrLearner *learner = plr_record_get_learner (record);
  PlrLearningEvent *event;
  g_auto(GStrv) linked = NULL;
  gint64 gender = -1;
  gboolean challenged = FALSE;

  g_assert_cmpstr (plr_record_get_source (record), ==, "file");
  g_assert_cmpstr (plr_record_get_etag (record), ==, "\"v7-3f2a\"");
  g_assert_nonnull (plr_record_get_fetched_at (record));

  /* Every learner field is present in the fixture. */
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      g_test_message ("learner field %s", plr_learner_field_info (i)->json_name);
      g_assert_nonnull (plr_learner_get_value (learner, i));
    }

  g_assert_cmpstr (plr_learner_get_uln (learner), ==, "9276308686");
  g_assert_cmpstr (plr_learner_get_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME), ==,
                   "Ó Súilleabháin");
  g_object_get (learner, "gender", &gender, "linked-ulns", &linked, NULL);
  g_assert_cmpint (gender, ==, 2);
  g_assert_cmpstrv (linked, ((const char *[]) { "1000000043", NULL }));

  g_assert_cmpuint (plr_record_get_n_events (record), ==, 3);

  event = plr_record_get_event (record, 0);
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    {
      g_test_message ("event field %s", plr_event_field_info (i)->json_name);
      g_assert_nonnull (plr_learning_event_get_value (event, i));
    }
  g_assert_cmpint (plr_learning_event_get_id (event), ==, 4100001);
  g_assert_cmpstr (plr_learning_event_get_value (event, PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT),
                   ==, "Welsh");
  g_assert_cmpuint (plr_learning_event_get_warnings (event, NULL), ==, PLR_EVENT_WARNING_NONE);

  event = plr_record_get_event (record, 1);
  g_object_get (event, "under-data-challenge", &challenged, NULL);
  g_assert_true (challenged);
  g_assert_null (plr_learning_event_get_value (event, PLR_EVENT_FIELD_PARTICIPATION_START_DATE));
}

static void
test_odd_values_kept_and_flagged (void)
{
  g_autoptr(PlrRecord) record = read_valid_full ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  PlrLearningEvent *event = plr_record_get_event (record, 2);
  PlrEventWarnings warnings = plr_learning_event_get_warnings (event, now);

  g_assert_cmpstr (plr_learning_event_get_grade (event), ==, "9999999999");
  g_assert_cmpstr (plr_learning_event_get_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN),
                   ==, "UNKNWN");
  g_assert_cmpstr (plr_learning_event_get_award_date (event), ==, "2031-01-01");

  g_assert_true (warnings & PLR_EVENT_WARNING_NO_GRADE_RECORDED);
  g_assert_true (warnings & PLR_EVENT_WARNING_FUTURE_AWARD_DATE);
  g_assert_true (warnings & PLR_EVENT_WARNING_UNKNOWN_AWARDING_ORGANISATION);
  g_assert_true (warnings & PLR_EVENT_WARNING_UNUSUAL_UKPRN);
  g_assert_false (warnings & PLR_EVENT_WARNING_UNUSUAL_SUBJECT_CODE);
}

static void
test_round_trip (void)
{
  g_autoptr(PlrRecord) record = read_valid_full ();
  g_autoptr(PlrRecord) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) rewritten = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *hash_again = NULL;

  written = plr_record_json_write (record);
  again = plr_record_json_read (written, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (plr_record_equal (record, again));
  g_assert_cmpstr (plr_record_get_etag (record), ==, plr_record_get_etag (again));
  g_assert_true (g_date_time_equal (plr_record_get_fetched_at (record),
                                    plr_record_get_fetched_at (again)));

  hash = plr_record_dup_content_hash (record);
  hash_again = plr_record_dup_content_hash (again);
  g_assert_cmpstr (hash, ==, hash_again);

  /* Writing is deterministic: the second write is byte for byte the first. */
  rewritten = plr_record_json_write (again);
  g_assert_true (g_bytes_equal (written, rewritten));
}

static void
test_hash_tells_records_apart (void)
{
  g_autoptr(PlrRecord) record = read_valid_full ();
  g_autofree char *before = plr_record_dup_content_hash (record);
  g_autofree char *after = NULL;

  plr_learning_event_set_value (plr_record_get_event (record, 0), PLR_EVENT_FIELD_GRADE, "6");
  after = plr_record_dup_content_hash (record);
  g_assert_cmpstr (before, !=, after);
}

/* One broken value each: the document is the valid fixture with one
 * member replaced, and the error must name the path and the problem. */
typedef struct
{
  const char *object;   /* "learner", "events[1]" or "" for the top level */
  const char *member;
  const char *json;     /* the replacement value; NULL removes the member */
  int         code;
  const char *message;  /* the start of the expected message */
} Breakage;

static const Breakage breakages[] = {
  { "events[1]", "grade", "7", PLR_RECORD_ERROR_INVALID,
    "events[1].grade: expected a string, found a number" },
  { "events[0]", "id", "\"4100001\"", PLR_RECORD_ERROR_INVALID,
    "events[0].id: expected a whole number, found a string" },
  { "events[0]", "id", "1.5", PLR_RECORD_ERROR_INVALID,
    "events[0].id: expected a whole number, found a number with a fraction" },
  { "events[0]", "id", NULL, PLR_RECORD_ERROR_INVALID, "events[0].id: required but missing" },
  { "events[2]", "subject", NULL, PLR_RECORD_ERROR_INVALID,
    "events[2].subject: required but missing" },
  { "events[0]", "achievement_award_date", "\"2023-02-30\"", PLR_RECORD_ERROR_INVALID,
    "events[0].achievement_award_date: 30 February 2023 does not exist" },
  { "events[0]", "achievement_award_date", "\"25/08/2022\"", PLR_RECORD_ERROR_INVALID,
    "events[0].achievement_award_date: expected a date as yyyy-mm-dd" },
  { "events[0]", "date_loaded", "\"2022-10-03 25:12:55\"", PLR_RECORD_ERROR_INVALID,
    "events[0].date_loaded: expected a date and time" },
  { "events[0]", "under_data_challenge", "\"Y\"", PLR_RECORD_ERROR_INVALID,
    "events[0].under_data_challenge: expected true or false, found a string" },
  { "events[0]", "credits", "-4", PLR_RECORD_ERROR_INVALID,
    "events[0].credits: expected a whole number from 0 to 100000" },
  { "events[0]", "colour", "\"blue\"", PLR_RECORD_ERROR_INVALID,
    "events[0].colour: unknown field" },
  { "events[0]", "Subject", "\"LRS name\"", PLR_RECORD_ERROR_INVALID,
    "events[0].Subject: unknown field" },
  { "events[0]", "subject", "\"a\\u0007b\"", PLR_RECORD_ERROR_INVALID,
    "events[0].subject: text holds a control character" },
  { "events[0]", "level", "\"Level 3 Level 3 Level 3 Level 3 Level 3 Level 3 Level 3 Level 3 "
    "Level 3 Level 3\"", PLR_RECORD_ERROR_INVALID, "events[0].level: longer than 64 characters" },
  { "events[0]", "subject", "{}", PLR_RECORD_ERROR_INVALID,
    "events[0].subject: expected a string, found an object" },
  { "learner", "uln", "\"1000000042\"", PLR_RECORD_ERROR_INVALID_ULN,
    "learner.uln: This is not a valid ULN: the last digit should be 3" },
  { "learner", "uln", "\"9999999999\"", PLR_RECORD_ERROR_INVALID_ULN,
    "learner.uln: 9999999999 is the temporary number" },
  { "learner", "uln", NULL, PLR_RECORD_ERROR_INVALID, "learner.uln: required but missing" },
  { "learner", "uln", "1000000043", PLR_RECORD_ERROR_INVALID,
    "learner.uln: expected a string, found a number" },
  { "learner", "gender", "3", PLR_RECORD_ERROR_INVALID,
    "learner.gender: expected one of 0, 1, 2, 9" },
  { "learner", "ability_to_share", "1.5", PLR_RECORD_ERROR_INVALID,
    "learner.ability_to_share: expected a whole number" },
  { "learner", "date_of_birth", "\"2006-13-01\"", PLR_RECORD_ERROR_INVALID,
    "learner.date_of_birth: expected a date as yyyy-mm-dd" },
  { "learner", "linked_ulns", "\"1000000043\"", PLR_RECORD_ERROR_INVALID,
    "learner.linked_ulns: expected an array of strings, found a string" },
  { "learner", "linked_ulns", "[\"1000000043\", 7]", PLR_RECORD_ERROR_INVALID,
    "learner.linked_ulns: [1]: expected a string, found a number" },
  { "learner", "linked_ulns", "[\"1000000042\"]", PLR_RECORD_ERROR_INVALID_ULN,
    "learner.linked_ulns: [0]: This is not a valid ULN" },
  { "learner", "given_name", "\"Gwenllïan Gwenllïan Gwenllïan Gwenllïan Gwenllïan Gwenllïan "
    "Gwenllïan Gwenllïan Gwenllïan Gwenllïan Gwenllïan\"", PLR_RECORD_ERROR_INVALID,
    "learner.given_name: longer than 100 characters" },
  { "", "learner", NULL, PLR_RECORD_ERROR_INVALID, "learner: required but missing" },
  { "", "learner", "[]", PLR_RECORD_ERROR_INVALID, "learner: expected an object, found an array" },
  { "", "events", NULL, PLR_RECORD_ERROR_INVALID, "events: required but missing" },
  { "", "events", "{}", PLR_RECORD_ERROR_INVALID, "events: expected an array, found an object" },
  { "", "events", "[1]", PLR_RECORD_ERROR_INVALID, "events[0]: expected an object, found a number" },
  { "", "format", "\"something-else\"", PLR_RECORD_ERROR_NOT_A_RECORD,
    "This is not a learning record file" },
  { "", "format", NULL, PLR_RECORD_ERROR_NOT_A_RECORD, "This is not a learning record file" },
  { "", "version", "2", PLR_RECORD_ERROR_UNSUPPORTED_VERSION, "This record file is version 2" },
  { "", "version", "\"1\"", PLR_RECORD_ERROR_INVALID, "version: expected a whole number" },
  { "", "fetched_at", "\"yesterday\"", PLR_RECORD_ERROR_INVALID,
    "fetched_at: expected an ISO 8601 date and time" },
  { "", "incoming_uln", "\"123\"", PLR_RECORD_ERROR_INVALID_ULN, "incoming_uln: A ULN has 10 digits" },
  { "", "surprise", "true", PLR_RECORD_ERROR_INVALID, "surprise: unknown field" },
};

static JsonObject *
find_object (JsonNode   *root,
             const char *object)
{
  JsonObject *top = json_node_get_object (root);
  guint index;

  if (object[0] == '\0')
    return top;
  if (g_str_equal (object, "learner"))
    return json_object_get_object_member (top, "learner");

  g_assert_true (sscanf (object, "events[%u]", &index) == 1);
  return json_array_get_object_element (json_object_get_array_member (top, "events"), index);
}

static void
test_validation_errors (void)
{
  g_autoptr(GBytes) fixture = load_fixture ("valid-full.json");

  for (guint i = 0; i < G_N_ELEMENTS (breakages); i++)
    {
      const Breakage *b = &breakages[i];
      g_autoptr(JsonNode) root = plr_json_parse (fixture, NULL, NULL);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GBytes) broken = NULL;
      g_autoptr(PlrRecord) record = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *object = find_object (root, b->object);
      char *data;
      gsize length;

      if (b->json == NULL)
        {
          json_object_remove_member (object, b->member);
        }
      else
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          g_assert_true (json_parser_load_from_data (parser, b->json, -1, NULL));
          json_object_set_member (object, b->member,
                                  json_node_copy (json_parser_get_root (parser)));
        }

      json_generator_set_root (generator, root);
      data = json_generator_to_data (generator, &length);
      broken = g_bytes_new_take (data, length);

      record = plr_record_json_read (broken, NULL, &error);
      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (record);
      g_assert_error (error, PLR_RECORD_ERROR, b->code);
      g_assert_true (g_str_has_prefix (error->message, b->message));
    }
}

static void
check_refused (const char *data,
               gssize      length,
               const PlrRecordLimits *limits,
               int         code,
               const char *message)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length < 0 ? strlen (data) : (gsize) length);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_record_json_read (bytes, limits, &error);

  g_test_message ("%s", error ? error->message : "(no error)");
  g_assert_null (record);
  g_assert_error (error, PLR_RECORD_ERROR, code);
  g_assert_nonnull (strstr (error->message, message));
}

static void
test_not_json (void)
{
  check_refused ("", 0, NULL, PLR_RECORD_ERROR_NOT_A_RECORD, "not JSON");
  check_refused ("hello, I am a letter", -1, NULL, PLR_RECORD_ERROR_NOT_A_RECORD,
                 "not valid JSON");
  check_refused ("{\"format\": ", -1, NULL, PLR_RECORD_ERROR_NOT_A_RECORD, "not valid JSON");
  check_refused ("[1, 2, 3]", -1, NULL, PLR_RECORD_ERROR_NOT_A_RECORD, "an array, not an object");
  check_refused ("\"just a string\"", -1, NULL, PLR_RECORD_ERROR_NOT_A_RECORD,
                 "a string, not an object");
  check_refused ("{\"a\": \"\xff\xfe\"}", -1, NULL, PLR_RECORD_ERROR_NOT_A_RECORD, "UTF-8");
  check_refused ("%PDF-1.7\n\0\0binary", 18, NULL, PLR_RECORD_ERROR_NOT_A_RECORD, "not");
  check_refused ("{\"format\": \"io.github.learningrecord.record\\u0000\"}", -1, NULL,
                 PLR_RECORD_ERROR_INVALID, "NUL character");
}

/* json-glib 1.6 takes all of these; the record format says a reader
 * refuses anything that is not JSON (RFC 8259). */
static void
test_lenient_json_refused (void)
{
  const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "{\"format\": 1 /* a comment */}", "line 1, column 14" },
    { "{\"format\": 1} // a comment", "line 1, column 15" },
    { "{'format': 1}", "line 1, column 2" },
    { "{\"format\": 0x1F}", "line 1, column 13" },
    { "{\"format\": 01}", "line 1, column 13" },
    { "{\"format\": +1}", "line 1, column 12" },
    { "{\"format\": .5}", "line 1, column 12" },
    { "{\"format\": 1,}", "line 1, column 14" },
    { "[1,]", "line 1, column 4" },
    { "{\"format\": 1}\n{\"format\": 2}", "line 2, column 1" },
    { "{\"format\":\n  \"Siân\u00e9\" x}", "line 2, column 11" },
    { "{\"a\": \"tab\there\"}", "line 1, column 11" },
    { "{\"a\": \"\\x41\"}", "line 1, column 9" },
    { "{\"a\": NaN}", "line 1, column 7" },
    { "{\"a\": [true, nul]}", "line 1, column 14" },
    { "{\"a\" 1}", "line 1, column 6" },
    { "{\"a\": [1, 2}", "line 1, column 12" },
    { "{\"a\": ", "ends too soon" },
    { "/*\"*/[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "line 1, column 1" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %" G_GSIZE_FORMAT, i);
      check_refused (cases[i].text, -1, NULL, PLR_RECORD_ERROR_NOT_A_RECORD, cases[i].message);
    }

  /* Strict JSON that json-glib reads the same way still passes the scan. */
  {
    const char *text = "\xef\xbb\xbf {\"a\": [-0.5e+3, 1E2, true, false, null, \"\\u00e9\\n\"], "
                       "\"b\": {}, \"c\": []}\r\n";
    g_autoptr(GError) error = NULL;

    g_assert_true (plr_json_check_syntax (text, strlen (text), 16, &error));
    g_assert_no_error (error);
  }
}

static void
test_deep_nesting (void)
{
  gsize depth = 1000000;
  g_autofree char *deep = g_malloc (depth * 2 + 1);

  memset (deep, '[', depth);
  memset (deep + depth, ']', depth);
  deep[depth * 2] = '\0';
  check_refused (deep, -1, NULL, PLR_RECORD_ERROR_TOO_LARGE, "nested more than 16 levels");

  /* Brackets inside strings are text, not nesting. */
  {
    g_autoptr(GError) error = NULL;
    const char *text = "\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"[[[[[[[[[[[[[[[[[[\"";
    g_assert_true (plr_json_check_syntax (text, strlen (text), 16, &error));
    g_assert_no_error (error);
  }
}

static void
test_size_limits (void)
{
  PlrRecordLimits limits = *plr_record_limits_default ();
  g_autoptr(GBytes) fixture = load_fixture ("valid-full.json");
  gsize fixture_size = g_bytes_get_size (fixture);

  limits.max_bytes = fixture_size - 1;
  check_refused (g_bytes_get_data (fixture, NULL), fixture_size, &limits,
                 PLR_RECORD_ERROR_TOO_LARGE, "larger than");

  limits = *plr_record_limits_default ();
  limits.max_events = 2;
  check_refused (g_bytes_get_data (fixture, NULL), fixture_size, &limits,
                 PLR_RECORD_ERROR_TOO_LARGE, "more than 2 learning events");
}

/* 100 MB of text in one value is refused by the field limit, not by the
 * machine running out of memory. */
static void
test_huge_text (void)
{
  gsize size = 100 * 1024 * 1024;
  g_autoptr(GString) doc = g_string_sized_new (size + 512);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  g_string_append (doc, "{\"format\": \"io.github.learningrecord.record\", \"version\": 1,"
                        " \"learner\": {\"uln\": \"9276308686\"},"
                        " \"events\": [{\"id\": 1, \"subject\": \"");
  for (gsize i = 0; i < size / 64; i++)
    g_string_append (doc, "lorem ipsum dolor sit amet consectetur adipiscing elit sed do e ");
  g_string_append (doc, "\"}]}");

  bytes = g_string_free_to_bytes (g_steal_pointer (&doc));
  record = plr_record_json_read (bytes, NULL, &error);
  g_assert_null (record);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "events[0].subject: longer than 1000 characters");
}

static void
test_minimal_record (void)
{
  const char *doc = "{\"format\": \"io.github.learningrecord.record\", \"version\": 1,"
                    " \"learner\": {\"uln\": \"4444599390\", \"given_name\": null},"
                    " \"events\": []}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (doc, strlen (doc));
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_record_json_read (bytes, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 0);
  g_assert_null (plr_learner_get_value (plr_record_get_learner (record),
                                        PLR_LEARNER_FIELD_GIVEN_NAME));
  g_assert_null (plr_record_get_fetched_at (record));
}

/* plr_record_json_read() takes the events as json-glib reads them (issue
 * 17); what it reads, and which error it gives first when there are
 * several, are those of reading the whole tree. */
static void
test_events_read_as_parsed (void)
{
  static const char head[] = "{\"format\": \"io.github.learningrecord.record\", \"version\": 1,"
                             " \"learner\": {\"uln\": \"4444599390\", \"linked_ulns\": [\"1000000043\"]},";
  g_autoptr(GBytes) fixture = load_fixture ("valid-full.json");
  g_autoptr(JsonNode) root = plr_json_parse (fixture, NULL, NULL);
  g_autoptr(PlrRecord) streamed = plr_record_json_read (fixture, NULL, NULL);
  g_autoptr(PlrRecord) walked = plr_record_from_json_node (root, NULL, NULL);
  g_autofree char *streamed_hash = plr_record_dup_content_hash (streamed);
  g_autofree char *walked_hash = plr_record_dup_content_hash (walked);
  PlrRecordLimits limits = *plr_record_limits_default ();
  g_autofree char *doc = NULL;

  g_assert_cmpuint (plr_record_get_n_events (streamed), ==, plr_record_get_n_events (walked));
  g_assert_cmpuint (plr_record_get_n_events (streamed), >, 1);
  g_assert_cmpstr (streamed_hash, ==, walked_hash);

  /* A bad event, and a bad member after the events: the member is checked first. */
  doc = g_strconcat (head, " \"events\": [{\"id\": 1, \"subject\": \"A\"}, {\"id\": 2}],"
                     " \"fetched_at\": \"yesterday\"}", NULL);
  check_refused (doc, -1, NULL, PLR_RECORD_ERROR_INVALID,
                 "fetched_at: expected an ISO 8601 date and time");
  g_clear_pointer (&doc, g_free);

  /* Another array at the top level is not taken for the events. */
  doc = g_strconcat (head, " \"surprise\": [{\"colour\": 1}],"
                     " \"events\": [{\"id\": 1, \"subject\": \"A\"}]}", NULL);
  check_refused (doc, -1, NULL, PLR_RECORD_ERROR_INVALID, "surprise: unknown field");
  g_clear_pointer (&doc, g_free);

  /* Too many events wins over a bad one among them. */
  limits.max_events = 1;
  doc = g_strconcat (head, " \"events\": [{\"id\": 1}, {\"id\": 2, \"subject\": \"B\"}]}",
                     NULL);
  check_refused (doc, -1, &limits, PLR_RECORD_ERROR_TOO_LARGE, "more than 1 learning events");
  check_refused (doc, -1, NULL, PLR_RECORD_ERROR_INVALID, "events[0].subject: required but missing");
  g_clear_pointer (&doc, g_free);

  /* The first bad event is the one named. */
  doc = g_strconcat (head, " \"events\": [{\"id\": 1, \"subject\": \"A\"}, {\"id\": 2},"
                     " {\"id\": 3}]}", NULL);
  check_refused (doc, -1, NULL, PLR_RECORD_ERROR_INVALID, "events[1].subject: required but missing");
  g_clear_pointer (&doc, g_free);

  /* Two events with one id. */
  doc = g_strconcat (head, " \"events\": [{\"id\": 1, \"subject\": \"A\"},"
                     " {\"id\": 1, \"subject\": \"B\"}]}", NULL);
  check_refused (doc, -1, NULL, PLR_RECORD_ERROR_INVALID, "events[1]");
}

/* AbilityToShare takes the LRS's 0, 1 and 2; a value nobody knows yet is
 * kept as it came and flagged, and the record is not refused for it. */
static void
test_ability_to_share (void)
{
  static const char * const values[] = { "0", "1", "2", "7", "-1" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *doc = g_strdup_printf ("{\"format\": \"io.github.learningrecord.record\","
                                              " \"version\": 1, \"learner\": {\"uln\":"
                                              " \"4444599390\", \"ability_to_share\": %s},"
                                              " \"events\": []}", values[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (doc, strlen (doc));
      g_autoptr(GError) error = NULL;
      g_autoptr(PlrRecord) record = plr_record_json_read (bytes, NULL, &error);
      g_autofree char *explained = NULL;
      const char *value;

      g_assert_no_error (error);
      value = plr_learner_get_value (plr_record_get_learner (record),
                                     PLR_LEARNER_FIELD_ABILITY_TO_SHARE);
      g_assert_cmpstr (value, ==, values[i]);
      g_assert_true (plr_ability_to_share_is_known (value) == !g_str_equal (values[i], "7"));

      explained = plr_ability_to_share_explain (value);
      if (g_str_equal (values[i], "2"))
        g_assert_nonnull (strstr (explained, "not to have your record shared"));
      if (g_str_equal (values[i], "7"))
        g_assert_nonnull (strstr (explained, "does not know"));
    }
}

/* docs/protocol.md, "Forward compatibility": a response's unknown members
 * are skipped and named; a file's are refused; known members stay strict. */
static void
test_response_skips_unknown (void)
{
  g_autoptr(JsonNode) learner = json_from_string (
    "{\"uln\": \"9276308686\", \"given_name\": \"Si\u00e2n\", \"family_name\": \"Jones\","
    " \"x_new\": {\"deep\": [1, 2]}, \"x_other\": \"VALUE-NOT-NAMED\"}", NULL);
  g_autoptr(JsonNode) event = json_from_string (
    "{\"id\": 4100001, \"subject\": \"GCSE in English Language\", \"x_level\": 3}", NULL);
  g_autoptr(JsonNode) wrong = json_from_string (
    "{\"id\": \"4100001\", \"subject\": \"GCSE in English Language\", \"x_level\": 3}", NULL);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PlrLearner) read_learner = NULL;
  g_autoptr(PlrLearningEvent) read_event = NULL;
  g_autoptr(PlrLearningEvent) refused = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (learner);
  g_assert_null (plr_learner_from_json_node (learner, "learner", &error));
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "learner.x_new: unknown field"));
  g_clear_error (&error);

  read_learner = plr_learner_from_response_node (learner, "learner", unknown, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read_learner);
  read_event = plr_learning_event_from_response_node (event, "events[7]", unknown, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read_event);
  g_assert_cmpuint (unknown->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (unknown, 0), ==, "learner.x_new");
  g_assert_cmpstr (g_ptr_array_index (unknown, 1), ==, "learner.x_other");
  g_assert_cmpstr (g_ptr_array_index (unknown, 2), ==, "events[7].x_level");

  /* Nothing of them is kept: the learner written back has no trace. */
  {
    g_autoptr(JsonNode) back = plr_learner_to_json_node (read_learner);
    g_autofree char *text = json_to_string (back, FALSE);

    g_assert_null (strstr (text, "x_new"));
    g_assert_null (strstr (text, "VALUE-NOT-NAMED"));
  }

  /* An unknown member does not soften a known one. */
  refused = plr_learning_event_from_response_node (wrong, "events[0]", unknown, &error);
  g_assert_null (refused);
  g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "events[0].id: expected a whole number, found a string");

  /* The top level: only names are collected. */
  {
    static const char * const known[] = { "events", "total", "next_cursor", NULL };
    g_autoptr(JsonNode) page = json_from_string (
      "{\"events\": [], \"total\": 0, \"next_cursor\": null, \"links\": {}}", NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    plr_json_collect_unknown (json_node_get_object (page), NULL, known, names);
    g_assert_cmpuint (names->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "links");
  }
}

/* issue 20: every integer of a response goes through plr_parse_int(),
 * held to its range, and a refusal names member and range. */
static void
test_read_int (void)
{
  struct { const char *json; gboolean ok; gint64 value; const char *message; } cases[] = {
    { "5", TRUE, 5, NULL },
    { "0", TRUE, 0, NULL },
    { "10", TRUE, 10, NULL },
    { "11", FALSE, 0, "total: expected a whole number from 0 to 10, found one outside that range" },
    { "-1", FALSE, 0, "total: expected a whole number from 0 to 10, found one outside that range" },
    { "1.5", FALSE, 0, "total: expected a whole number from 0 to 10, found a number with a fraction" },
    { "1e1", FALSE, 0, "total: expected a whole number from 0 to 10, found a number with a fraction" },
    { "\"5\"", FALSE, 0, "total: expected a whole number from 0 to 10, found a string" },
    { "null", FALSE, 0, "total: expected a whole number from 0 to 10, found null" },
    { "true", FALSE, 0, "total: expected a whole number from 0 to 10, found a boolean" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(GError) error = NULL;
      gint64 value = -99;

      g_test_message ("case %s", cases[i].json);
      if (cases[i].ok)
        {
          g_assert_true (plr_json_read_int (node, "total", 0, 10, &value, &error));
          g_assert_no_error (error);
          g_assert_cmpint (value, ==, cases[i].value);
        }
      else
        {
          g_assert_false (plr_json_read_int (node, "total", 0, 10, &value, &error));
          g_assert_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
    }

  /* Absent is "nothing", for a caller that requires the member. */
  {
    g_autoptr(GError) error = NULL;
    gint64 value;

    g_assert_false (plr_json_read_int (NULL, "total", 0, 10, &value, &error));
    g_assert_cmpstr (error->message, ==,
                     "total: expected a whole number from 0 to 10, found nothing");
  }

  /* Beyond 64 bits never reaches a reader: the parser refuses it, since
   * json-glib would wrap it. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("{\"total\": 18446744073709551617}", 31);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = plr_json_parse (bytes, NULL, &error);

    g_assert_null (root);
    g_assert_nonnull (error);
  }
}

/* Every JSON document a person may open is written by one writer: two
 * spaces of indent, one member a line, and a final newline only where
 * asked (receipts). The bytes are what files on disk held before. */
static void
test_pretty_data (void)
{
  g_autoptr(JsonNode) root = json_from_string ("{\"a\":1,\"b\":[true,\"x\"]}", NULL);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) ended = NULL;
  const char *expected = "{\n  \"a\" : 1,\n  \"b\" : [\n    true,\n    \"x\"\n  ]\n}";
  gsize length;
  const char *data;

  g_assert_nonnull (root);

  plain = plr_json_to_pretty_data (root, FALSE);
  data = g_bytes_get_data (plain, &length);
  g_assert_cmpmem (data, length, expected, strlen (expected));

  ended = plr_json_to_pretty_data (root, TRUE);
  data = g_bytes_get_data (ended, &length);
  g_assert_cmpuint (length, ==, strlen (expected) + 1);
  g_assert_cmpmem (data, length - 1, expected, strlen (expected));
  g_assert_cmpint (data[length - 1], ==, '\n');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/record-json/read-every-field", test_read_every_field);
  g_test_add_func ("/record-json/odd-values-kept-and-flagged", test_odd_values_kept_and_flagged);
  g_test_add_func ("/record-json/round-trip", test_round_trip);
  g_test_add_func ("/json/pretty-data", test_pretty_data);
  g_test_add_func ("/record-json/hash-tells-records-apart", test_hash_tells_records_apart);
  g_test_add_func ("/record-json/validation-errors", test_validation_errors);
  g_test_add_func ("/record-json/not-json", test_not_json);
  g_test_add_func ("/record-json/lenient-json-refused", test_lenient_json_refused);
  g_test_add_func ("/record-json/deep-nesting", test_deep_nesting);
  g_test_add_func ("/record-json/size-limits", test_size_limits);
  g_test_add_func ("/record-json/huge-text", test_huge_text);
  g_test_add_func ("/record-json/minimal", test_minimal_record);
  g_test_add_func ("/record-json/ability-to-share", test_ability_to_share);
  g_test_add_func ("/record-json/events-read-as-parsed", test_events_read_as_parsed);
  g_test_add_func ("/record-json/response-skips-unknown", test_response_skips_unknown);
  g_test_add_func ("/record-json/read-int", test_read_int);

  return g_test_run ();
}
