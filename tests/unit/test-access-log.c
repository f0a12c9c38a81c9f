/* test-access-log.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Who looked at my record": pages of the access log are read strictly
 * with path-named errors that quote no value, and the analysis flags many
 * reads in a day, unknown organisations and (when asked) reads at night,
 * never the learner's own reads, with days counted in UK time. */

#include "config.h"

#include <string.h>

#include "plr-access-log.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static void
test_parse_pages (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *end = NULL;
  PlrAccessLogEntry *entry;

  first = parse ("{ \"entries\": ["
                 "  { \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"Coleg Gwent\","
                 "    \"ukprn\": \"10001548\", \"user\": \"staff-1234\","
                 "    \"action\": \"learner-view\","
                 "    \"purpose\": \"Enrolment check\" },"
                 "  { \"at\": \"2026-11-20T09:00:00+01:00\", \"organisation\": \"Careers Wales\","
                 "    \"action\": \"learner-view\" } ],"
                 "  \"next_cursor\": \"YTE6MTIzOjQ1\" }");
  g_assert_true (plr_access_log_parse_page (first, entries, &cursor, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "YTE6MTIzOjQ1");
  g_assert_cmpuint (entries->len, ==, 2);

  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (plr_access_log_entry_get_organisation (entry), ==, "Coleg Gwent");
  g_assert_cmpstr (plr_access_log_entry_get_ukprn (entry), ==, "10001548");
  g_assert_cmpstr (plr_access_log_entry_get_user (entry), ==, "staff-1234");
  g_assert_cmpstr (plr_access_log_entry_get_action (entry), ==, "learner-view");
  g_assert_cmpstr (plr_access_log_entry_get_purpose (entry), ==, "Enrolment check");

  /* Absent members are NULL; times are kept in UTC. */
  entry = g_ptr_array_index (entries, 1);
  g_assert_null (plr_access_log_entry_get_ukprn (entry));
  g_assert_null (plr_access_log_entry_get_purpose (entry));
  g_assert_cmpint (g_date_time_get_hour (plr_access_log_entry_get_at (entry)), ==, 8);
  g_assert_cmpint (g_date_time_get_utc_offset (plr_access_log_entry_get_at (entry)), ==, 0);

  second = parse ("{ \"entries\": [ { \"at\": \"2026-11-19T10:00:00Z\", \"organisation\": "
                  "\"Learning Record (you)\", \"ukprn\": null, \"user\": null, "
                  "\"action\": \"learner-view\", \"purpose\": null } ], \"next_cursor\": null }");
  g_assert_true (plr_access_log_parse_page (second, entries, &end, &error));
  g_assert_no_error (error);
  g_assert_null (end);
  g_assert_cmpuint (entries->len, ==, 3);
}

static void
test_parse_errors (void)
{
  /* Each entry is the second of its page, after one good page of two, so
   * the paths count across pages: entries[3]. */
  static const char good[] =
    "{ \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"Coleg Gwent\","
    "  \"action\": \"learner-view\" }";
  struct {
    const char *entry;
    const char *message;
  } cases[] = {
    { "{ \"organisation\": \"SECRET-ORG\", \"action\": \"learner-view\" }",
      "entries[3].at: required but missing" },
    { "{ \"at\": \"2026-11-20T14:03:11\", \"organisation\": \"SECRET-ORG\","
      "  \"action\": \"learner-view\" }",
      "entries[3].at: expected an ISO 8601 time with a time zone" },
    { "{ \"at\": \"yesterday\", \"organisation\": \"SECRET-ORG\", \"action\": \"learner-view\" }",
      "entries[3].at: expected an ISO 8601" },
    { "{ \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"\", \"action\": \"learner-view\" }",
      "entries[3].organisation: must not be empty" },
    { "{ \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": 12, \"action\": \"learner-view\" }",
      "entries[3].organisation: expected a string, found a number" },
    { "{ \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"SECRET-ORG\","
      "  \"action\": \"Learner View\" }",
      "entries[3].action: may hold only" },
    { "{ \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"SECRET-ORG\","
      "  \"action\": \"learner-view\", \"purpose\": \"SECRET\\u0007\" }",
      "entries[3].purpose: holds a control character" },
    { "{ \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"SECRET-ORG\","
      "  \"action\": \"learner-view\", \"ukprn\": 10001548 }",
      "entries[3].ukprn: expected a string or null, found a number" },
    /* An added member does not hide a known one's fault. */
    { "{ \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"SECRET-ORG\","
      "  \"action\": 5, \"ip\": \"10.0.0.1\" }",
      "entries[3].action: expected a string, found a number" },
    { "\"SECRET-ORG\"", "entries[3]: expected an object, found a string" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
      g_autofree char *page1_text = g_strdup_printf ("{ \"entries\": [ %s, %s ], "
                                                     "\"next_cursor\": \"c2\" }", good, good);
      g_autofree char *page2_text = g_strdup_printf ("{ \"entries\": [ %s, %s ], "
                                                     "\"next_cursor\": null }", good,
                                                     cases[i].entry);
      g_autoptr(JsonNode) page1 = parse (page1_text);
      g_autoptr(JsonNode) page2 = parse (page2_text);
      g_autoptr(GError) error = NULL;
      g_autofree char *cursor = NULL;
      g_autofree char *cursor2 = NULL;

      g_assert_true (plr_access_log_parse_page (page1, entries, &cursor, &error));
      g_assert_no_error (error);
      g_assert_false (plr_access_log_parse_page (page2, entries, &cursor2, &error));
      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, PLR_ACCESS_LOG_ERROR, PLR_ACCESS_LOG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      /* Never the value: it is personal data. */
      g_assert_null (strstr (error->message, "SECRET"));
      /* A failed page adds nothing. */
      g_assert_cmpuint (entries->len, ==, 2);
      g_assert_null (cursor2);
    }
}

static void
test_parse_page_shape (void)
{
  struct { const char *page; const char *message; } cases[] = {
    { "[]", "the page: expected an object, found an array" },
    { "{ \"next_cursor\": null }", "entries: required but missing" },
    { "{ \"entries\": [] }", "next_cursor: required but missing" },
    { "{ \"entries\": {}, \"next_cursor\": null }", "entries: expected an array" },
    { "{ \"entries\": [], \"next_cursor\": 3 }", "next_cursor: expected a string or null" },
    { "{ \"entries\": [], \"next_cursor\": \"more\" }", "entries: empty, but the page is not" },
    { "{ \"entries\": [], \"next_cursor\": \"\" }", "next_cursor: must be 1 to" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(JsonNode) page = parse (cases[i].page);
      g_autoptr(GError) error = NULL;
      g_autofree char *cursor = NULL;

      g_assert_false (plr_access_log_parse_page (page, entries, &cursor, &error));
      g_test_message ("case %u: %s", i, error->message);
      g_assert_error (error, PLR_ACCESS_LOG_ERROR, PLR_ACCESS_LOG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }

  /* Members a later version adds, to the page or to an entry, are skipped
   * (docs/protocol.md, "Forward compatibility"); known ones stay strict. */
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(JsonNode) page = parse (
      "{ \"entries\": [ { \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": \"Coleg Gwent\","
      " \"action\": \"learner-view\", \"x_new\": [\"SECRET\"] } ],"
      " \"next_cursor\": null, \"total\": 3 }");
    g_autoptr(JsonNode) wrong = parse (
      "{ \"entries\": [ { \"at\": \"2026-11-20T14:03:11Z\", \"organisation\": 7,"
      " \"action\": \"learner-view\", \"x_new\": 1 } ], \"next_cursor\": null }");
    g_autoptr(GError) error = NULL;
    g_autofree char *cursor = NULL;

    g_assert_true (plr_access_log_parse_page (page, entries, &cursor, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 1);

    g_assert_false (plr_access_log_parse_page (wrong, entries, &cursor, &error));
    g_assert_error (error, PLR_ACCESS_LOG_ERROR, PLR_ACCESS_LOG_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "entries[1].organisation: expected a string"));
    g_assert_cmpuint (entries->len, ==, 1);
  }

  /* An empty last page is fine: a learner nobody looked at. */
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(JsonNode) page = parse ("{ \"entries\": [], \"next_cursor\": null }");
    g_autoptr(GError) error = NULL;
    g_autofree char *cursor = NULL;

    g_assert_true (plr_access_log_parse_page (page, entries, &cursor, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 0);
  }
}

/* ------------------------------------------------------------------------ */
/* Analysis                                                                  */

typedef struct
{
  const char *at;
  const char *organisation;
  const char *action;
} Read;

static PlrAccessLog *
make_log (const Read *reads,
          guint       n_reads)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_reads; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (reads[i].at, NULL);

      g_assert_nonnull (at);
      g_ptr_array_add (entries, plr_access_log_entry_new (at, reads[i].organisation, NULL, NULL,
                                                          reads[i].action ? reads[i].action
                                                                          : "learner-view",
                                                          NULL));
    }

  return plr_access_log_new (entries);
}

static PlrAccessLogEntry *
entry_at (PlrAccessLog *log,
          guint         position)
{
  /* The log keeps a reference; the test only looks. */
  PlrAccessLogEntry *entry = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_object_unref (entry);
  return entry;
}

static PlrAccessLogEntry *
find_entry (PlrAccessLog *log,
            const char   *at)
{
  g_autoptr(GDateTime) wanted = g_date_time_new_from_iso8601 (at, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      PlrAccessLogEntry *entry = entry_at (log, i);

      if (g_date_time_equal (plr_access_log_entry_get_at (entry), wanted))
        return entry;
    }

  g_assert_not_reached ();
}

static PlrRecipients *
load_recipients (void)
{
  g_autoptr(GError) error = NULL;
  PlrRecipients *recipients = plr_recipients_new_default (&error);

  g_assert_no_error (error);
  return recipients;
}

static void
test_newest_first (void)
{
  static const Read reads[] = {
    { "2026-01-01T10:00:00Z", "Coleg Gwent", NULL },
    { "2026-03-01T10:00:00Z", "Coleg Gwent", NULL },
    { "2026-02-01T10:00:00Z", "Careers Wales", NULL },
  };
  g_autoptr(PlrAccessLog) log = make_log (reads, G_N_ELEMENTS (reads));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == PLR_TYPE_ACCESS_LOG_ENTRY);
  g_assert_cmpint (g_date_time_get_month (plr_access_log_entry_get_at (entry_at (log, 0))), ==, 3);
  g_assert_cmpint (g_date_time_get_month (plr_access_log_entry_get_at (entry_at (log, 2))), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 3));
}

static void
test_many_reads (void)
{
  static const Read reads[] = {
    /* Four reads by one college on 7 October 2026 (BST): flagged. */
    { "2026-10-07T08:05:33Z", "Coleg Gwent", NULL },
    { "2026-10-07T09:05:33Z", "Coleg Gwent", NULL },
    { "2026-10-07T10:05:33Z", "COLEG GWENT", NULL },   /* the same, however written */
    { "2026-10-07T22:59:59Z", "Coleg Gwent", NULL },   /* 23:59:59 BST: still the 7th */
    /* 23:00 UTC on the 7th is midnight BST: the 8th, with two others. */
    { "2026-10-07T23:00:00Z", "Coleg Gwent", NULL },
    { "2026-10-08T09:00:00Z", "Coleg Gwent", NULL },
    { "2026-10-08T10:00:00Z", "Coleg Gwent", NULL },
    /* Exactly three in a day: not flagged. */
    { "2026-03-12T09:00:00Z", "Careers Wales", NULL },
    { "2026-03-12T10:00:00Z", "Careers Wales", NULL },
    { "2026-03-12T11:00:00Z", "Careers Wales", NULL },
    /* The learner's own reads, however many, never. */
    { "2026-11-01T09:00:00Z", "Learning Record (you)", NULL },
    { "2026-11-01T09:00:01Z", "Learning Record (you)", NULL },
    { "2026-11-01T09:00:02Z", "Learning Record (you)", NULL },
    { "2026-11-01T09:00:03Z", "Learning Record (you)", NULL },
    { "2026-11-01T09:00:04Z", "Learning Record (you)", NULL },
  };
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autoptr(PlrAccessLog) log = make_log (reads, G_N_ELEMENTS (reads));
  g_autoptr(GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr(GPtrArray) findings = NULL;
  PlrAccessFinding *finding;
  g_autofree char *description = NULL;

  g_assert_nonnull (london);
  findings = plr_access_log_analyse (log, recipients, london, PLR_ACCESS_ANALYSE_DEFAULT);

  g_assert_cmpuint (findings->len, ==, 1);
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpint (finding->kind, ==, PLR_ACCESS_FINDING_MANY_READS);
  g_assert_cmpstr (finding->organisation, ==, "Coleg Gwent");
  g_assert_cmpuint (finding->n_entries, ==, 4);
  g_assert_cmpint (g_date_time_get_day_of_month (finding->first_at), ==, 7);
  g_assert_cmpint (g_date_time_get_day_of_month (finding->last_at), ==, 7);
  g_assert_cmpint (g_date_time_get_hour (finding->last_at), ==, 23);

  description = plr_access_finding_describe (finding);
  g_assert_nonnull (strstr (description, "Coleg Gwent looked at your record 4 times on "
                                         "7 October 2026"));
  g_assert_nonnull (strstr (description, "More than 3"));

  g_assert_cmpuint (plr_access_log_entry_get_concerns (find_entry (log, "2026-10-07T22:59:59Z")),
                    ==, PLR_ACCESS_CONCERN_MANY_READS);
  g_assert_cmpuint (plr_access_log_entry_get_concerns (find_entry (log, "2026-10-07T23:00:00Z")),
                    ==, PLR_ACCESS_CONCERN_NONE);
  g_assert_cmpuint (plr_access_log_entry_get_concerns (find_entry (log, "2026-03-12T10:00:00Z")),
                    ==, PLR_ACCESS_CONCERN_NONE);
  g_assert_cmpint (plr_access_log_entry_get_reader (find_entry (log, "2026-11-01T09:00:00Z")),
                   ==, PLR_ACCESS_READER_YOU);
  g_assert_null (plr_access_log_entry_get_recipient (find_entry (log, "2026-11-01T09:00:00Z")));
  g_assert_cmpint (plr_access_log_entry_get_reader (find_entry (log, "2026-03-12T10:00:00Z")),
                   ==, PLR_ACCESS_READER_KNOWN);
  g_assert_cmpstr (plr_recipient_get_id (plr_access_log_entry_get_recipient (
                     find_entry (log, "2026-03-12T10:00:00Z"))), ==, "careers-services");
  g_assert_cmpuint (plr_access_log_count_concerns (log), ==, 4);

  /* The same reads counted in UTC put the midnight read on the 7th: five. */
  {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    g_autoptr(GPtrArray) utc_findings = plr_access_log_analyse (log, recipients, utc,
                                                                PLR_ACCESS_ANALYSE_DEFAULT);

    g_assert_cmpuint (utc_findings->len, ==, 1);
    g_assert_cmpuint (((PlrAccessFinding *) g_ptr_array_index (utc_findings, 0))->n_entries,
                      ==, 5);
    g_assert_cmpuint (plr_access_log_count_concerns (log), ==, 5);
  }
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_unknown_organisations (void)
{
  static const Read reads[] = {
    { "2026-11-20T14:00:00Z", "Acme Screening Ltd", NULL },
    { "2026-11-21T14:00:00Z", "Acme Screening Ltd", NULL },
    { "2026-10-02T14:00:00Z", "Age Check Solutions", NULL },
    { "2026-01-02T14:00:00Z", "???", NULL },   /* nothing to fold: grouped as written */
    /* Someone the learner shared with is not "unknown". */
    { "2026-11-22T14:00:00Z", "Acme Ltd", "share-view" },
    { "2026-08-21T06:02:51Z", "WJEC/CBAC", NULL },
    { "2026-09-03T10:14:22Z", "Department for Work and Pensions", NULL },
  };
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autoptr(PlrAccessLog) log = make_log (reads, G_N_ELEMENTS (reads));
  g_autoptr(GPtrArray) findings = NULL;
  PlrAccessLogEntry *acme = find_entry (log, "2026-11-20T14:00:00Z");
  guint notified = 0;
  g_autofree char *description = NULL;

  g_signal_connect (acme, "notify::concerns", G_CALLBACK (on_notify_cb), &notified);
  findings = plr_access_log_analyse (log, recipients, NULL, PLR_ACCESS_ANALYSE_DEFAULT);
  g_assert_cmpuint (notified, ==, 1);

  g_assert_cmpuint (findings->len, ==, 3);
  g_assert_cmpstr (((PlrAccessFinding *) g_ptr_array_index (findings, 2))->organisation, ==,
                   "???");
  /* The most recent first. */
  g_assert_cmpint (((PlrAccessFinding *) g_ptr_array_index (findings, 0))->kind, ==,
                   PLR_ACCESS_FINDING_UNKNOWN_ORGANISATION);
  g_assert_cmpstr (((PlrAccessFinding *) g_ptr_array_index (findings, 0))->organisation, ==,
                   "Acme Screening Ltd");
  g_assert_cmpuint (((PlrAccessFinding *) g_ptr_array_index (findings, 0))->n_entries, ==, 2);
  g_assert_cmpstr (((PlrAccessFinding *) g_ptr_array_index (findings, 1))->organisation, ==,
                   "Age Check Solutions");

  description = plr_access_finding_describe (g_ptr_array_index (findings, 0));
  g_assert_nonnull (strstr (description, "Acme Screening Ltd looked at your record (2 times, "
                                         "last on 21 November 2026)"));

  g_assert_cmpuint (plr_access_log_entry_get_concerns (acme), ==,
                    PLR_ACCESS_CONCERN_UNKNOWN_ORGANISATION);
  g_assert_cmpint (plr_access_log_entry_get_reader (acme), ==, PLR_ACCESS_READER_UNKNOWN);
  g_assert_cmpint (plr_access_log_entry_get_reader (find_entry (log, "2026-11-22T14:00:00Z")),
                   ==, PLR_ACCESS_READER_SHARE);
  g_assert_cmpuint (plr_access_log_entry_get_concerns (find_entry (log, "2026-11-22T14:00:00Z")),
                    ==, PLR_ACCESS_CONCERN_NONE);
  g_assert_cmpstr (plr_recipient_get_id (plr_access_log_entry_get_recipient (
                     find_entry (log, "2026-08-21T06:02:51Z"))), ==, "awarding-organisations");
  g_assert_cmpstr (plr_recipient_get_id (plr_access_log_entry_get_recipient (
                     find_entry (log, "2026-09-03T10:14:22Z"))), ==, "dwp");

  /* Analysing again changes nothing, and notifies nothing. */
  g_clear_pointer (&findings, g_ptr_array_unref);
  findings = plr_access_log_analyse (log, recipients, NULL, PLR_ACCESS_ANALYSE_DEFAULT);
  g_assert_cmpuint (findings->len, ==, 3);
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_night_reads (void)
{
  static const Read reads[] = {
    { "2026-01-15T02:14:00Z", "Coleg Gwent", NULL },        /* 02:14 GMT: night */
    { "2026-07-15T03:30:00Z", "Coleg Gwent", NULL },        /* 04:30 BST: night */
    { "2026-07-15T04:30:00Z", "Careers Wales", NULL },      /* 05:30 BST: morning */
    { "2026-01-15T23:59:00Z", "Careers Wales", NULL },      /* 23:59 GMT: evening */
    { "2026-01-16T01:00:00Z", "Learning Record (you)", NULL },
  };
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autoptr(PlrAccessLog) log = make_log (reads, G_N_ELEMENTS (reads));
  g_autoptr(GPtrArray) without = NULL;
  g_autoptr(GPtrArray) with = NULL;
  g_autofree char *description = NULL;
  PlrAccessFinding *finding;

  without = plr_access_log_analyse (log, recipients, NULL, PLR_ACCESS_ANALYSE_DEFAULT);
  g_assert_cmpuint (without->len, ==, 0);
  g_assert_cmpuint (plr_access_log_count_concerns (log), ==, 0);

  with = plr_access_log_analyse (log, recipients, NULL, PLR_ACCESS_ANALYSE_NIGHT);
  g_assert_cmpuint (with->len, ==, 1);
  finding = g_ptr_array_index (with, 0);
  g_assert_cmpint (finding->kind, ==, PLR_ACCESS_FINDING_NIGHT_READS);
  g_assert_cmpuint (finding->n_entries, ==, 2);
  g_assert_cmpuint (plr_access_log_count_concerns (log), ==, 2);
  g_assert_cmpuint (plr_access_log_entry_get_concerns (find_entry (log, "2026-07-15T03:30:00Z")),
                    ==, PLR_ACCESS_CONCERN_NIGHT);

  description = plr_access_finding_describe (finding);
  g_assert_nonnull (strstr (description, "at night (2 times, last on 15 July 2026 at 04:30)"));

  /* Copies are deep and free cleanly. */
  {
    g_autoptr(PlrAccessFinding) copy = plr_access_finding_copy (finding);

    g_assert_cmpstr (copy->organisation, ==, finding->organisation);
    g_assert_true (g_date_time_equal (copy->last_at, finding->last_at));
  }
}

static void
test_large_log (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autoptr(PlrAccessLog) log = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 1, 9, 0, 0);
  gint64 began = g_get_monotonic_time ();

  /* 20,000 reads by 20 organisations, 2 a day each: nothing unusual. */
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(GDateTime) at = g_date_time_add_hours (start, (i / 40) * 24 + (i % 2));
      g_autofree char *organisation = g_strdup_printf ("College number %u", (i / 2) % 20);

      g_ptr_array_add (entries, plr_access_log_entry_new (at, organisation, NULL, NULL,
                                                          "learner-view", NULL));
    }

  log = plr_access_log_new (entries);
  findings = plr_access_log_analyse (log, recipients, NULL, PLR_ACCESS_ANALYSE_NIGHT);
  g_assert_cmpuint (findings->len, ==, 0);
  g_test_message ("analysed 20000 entries in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - began) / 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/access-log/parse-pages", test_parse_pages);
  g_test_add_func ("/access-log/parse-errors", test_parse_errors);
  g_test_add_func ("/access-log/parse-page-shape", test_parse_page_shape);
  g_test_add_func ("/access-log/newest-first", test_newest_first);
  g_test_add_func ("/access-log/many-reads", test_many_reads);
  g_test_add_func ("/access-log/unknown-organisations", test_unknown_organisations);
  g_test_add_func ("/access-log/night-reads", test_night_reads);
  g_test_add_func ("/access-log/large-log", test_large_log);

  return g_test_run ();
}
