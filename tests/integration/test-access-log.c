/* test-access-log.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Who looked at my record", end to end: the real client fetches every
 * page of the real reference service's access log on 127.0.0.1 (the demo
 * learner's seeded reads by organisations, the learner's own reads and
 * reads through a share), validates it, and the analysis tells known
 * organisations from the learner's own client and flags a share read
 * many times in one day. */

#include "config.h"

#include <string.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-service.h"
#include "plr-test-util.h"

#define USERNAME "demo"
#define PASSWORD "demo"

typedef struct
{
  PlrService    *service;
  char          *base_url;
  SoupSession   *session;
  PlrTokenStore *tokens;
  PlrClient     *client;
  PlrRecipients *recipients;
  GString       *log;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->log = plr_test_log_capture_begin ();

  fixture->service = plr_service_new (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (plr_service_seed_demo (fixture->service, &error));
  g_assert_no_error (error);
  g_assert_true (plr_service_listen_local (fixture->service, 0, &error));
  g_assert_no_error (error);
  fixture->base_url = plr_service_dup_base_url (fixture->service);

  fixture->session = soup_session_new_with_options ("timeout", 5, NULL);
  fixture->tokens = plr_memory_token_store_new ();
  fixture->client = plr_client_new (fixture->session, fixture->base_url, fixture->tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (fixture->client, fixture->session, USERNAME, PASSWORD);
  plr_client_set_retry_policy (fixture->client, 3, 10);

  fixture->recipients = plr_recipients_new_default (&error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->tokens);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->recipients);
  g_clear_pointer (&fixture->base_url, g_free);
  plr_test_log_capture_end ();
  fixture->log = NULL;

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static PlrAccessLog *
fetch_log (Fixture  *fixture,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plr_client_fetch_access_log_async (fixture->client, NULL, plr_test_async_cb, &result);
  return plr_client_fetch_access_log_finish (fixture->client, plr_test_wait_for (&result), error);
}

static void
fetch_record (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = NULL;

  plr_client_fetch_record_async (fixture->client, NULL, NULL, plr_test_async_cb, &result);
  record = plr_client_fetch_record_finish (fixture->client, plr_test_wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
}

static PlrAccessLogEntry *
find_organisation (PlrAccessLog *log,
                   const char   *organisation)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(PlrAccessLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (g_str_equal (plr_access_log_entry_get_organisation (entry), organisation))
        return entry;   /* the log keeps its own reference */
    }

  return NULL;
}

static void
assert_nothing_personal_logged (Fixture *fixture)
{
  static const char * const personal[] = {
    "Coleg Gwent", "WJEC", "Careers Wales", "staff-4412", "enrolment-0231", "Acme Screening",
    "Background check", NULL
  };

  for (guint i = 0; personal[i] != NULL; i++)
    g_assert_null (strstr (fixture->log->str, personal[i]));
}

static void
test_seeded_log (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PlrAccessLog) log = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  PlrAccessLogEntry *entry;
  guint n_own = 0;
  guint n;

  /* The client and the service name the learner's own client alike. */
  g_assert_cmpstr (PLR_ACCESS_LOG_OWN_CLIENT, ==, PLR_SERVICE_OWN_CLIENT_ORGANISATION);

  plr_test_sign_in (fixture->client);
  fetch_record (fixture);

  log = fetch_log (fixture, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n, ==, 5);   /* four by organisations, one for the fetch (not per page) */

  /* Newest first: the learner's own reads of a moment ago lead. */
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(PlrAccessLogEntry) a = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autoptr(PlrAccessLogEntry) b = g_list_model_get_item (G_LIST_MODEL (log), i + 1);

      g_assert_cmpint (g_date_time_compare (plr_access_log_entry_get_at (a),
                                            plr_access_log_entry_get_at (b)), >=, 0);
    }

  findings = plr_access_log_analyse (log, fixture->recipients, NULL, PLR_ACCESS_ANALYSE_NIGHT);
  g_assert_cmpuint (findings->len, ==, 0);
  g_assert_cmpuint (plr_access_log_count_concerns (log), ==, 0);

  entry = find_organisation (log, "Coleg Gwent");
  g_assert_nonnull (entry);
  g_assert_cmpstr (plr_access_log_entry_get_ukprn (entry), ==, "10001548");
  g_assert_cmpstr (plr_access_log_entry_get_action (entry), ==, "learner-view");
  g_assert_cmpint (plr_access_log_entry_get_reader (entry), ==, PLR_ACCESS_READER_KNOWN);
  g_assert_cmpstr (plr_recipient_get_id (plr_access_log_entry_get_recipient (entry)), ==,
                   "learning-providers");

  entry = find_organisation (log, "WJEC/CBAC");
  g_assert_nonnull (entry);
  g_assert_cmpstr (plr_recipient_get_id (plr_access_log_entry_get_recipient (entry)), ==,
                   "awarding-organisations");

  entry = find_organisation (log, "Careers Wales");
  g_assert_nonnull (entry);
  g_assert_null (plr_access_log_entry_get_ukprn (entry));
  g_assert_cmpstr (plr_recipient_get_id (plr_access_log_entry_get_recipient (entry)), ==,
                   "careers-services");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlrAccessLogEntry) item = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (plr_access_log_entry_get_reader (item) == PLR_ACCESS_READER_YOU)
        {
          n_own++;
          g_assert_cmpuint (plr_access_log_entry_get_concerns (item), ==,
                            PLR_ACCESS_CONCERN_NONE);
        }
    }
  g_assert_cmpuint (n_own, ==, n - 4);

  assert_nothing_personal_logged (fixture);
}

static char *
create_share (Fixture    *fixture,
              const char *recipient)
{
  static const char body_template[] =
    "{ \"recipient\": \"%s\", \"purpose\": \"Background check\","
    "  \"view\": { \"title\": \"For a check\", \"learner\": { \"given_name\": \"Siân\" },"
    "            \"events\": [] } }";
  g_autofree char *body_text = g_strdup_printf (body_template, recipient);
  g_autoptr(GBytes) body = g_bytes_new (body_text, strlen (body_text));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_uuid_string_random ();
  guint status = 0;

  plr_client_send_change_async (fixture->client, "POST", "v1/shares", body, key, NULL,
                                plr_test_async_cb, &result);
  answer = plr_client_send_change_finish (fixture->client, plr_test_wait_for (&result), &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 201);

  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                              (gssize) g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (
                     json_node_get_object (json_parser_get_root (parser)), "code"));
}

/* A recipient's read, without signing in; the service answers on this
 * thread's main context, so the read is asynchronous. */
static void
read_share (Fixture    *fixture,
            const char *code)
{
  g_autofree char *uri = g_strdup_printf ("%sv1/shares/%s", fixture->base_url, code);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    plr_test_async_cb, &result);
  body = soup_session_send_and_read_finish (fixture->session, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
}

static void
test_share_reads_over_pages (Fixture       *fixture,
                             gconstpointer  data)
{
  /* More than one page of the service's largest, 1000. */
  const guint n_reads = 1010;
  g_autoptr(PlrAccessLog) log = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *description = NULL;
  PlrAccessFinding *finding;
  PlrAccessLogEntry *entry;
  gint64 began;

  /* A thousand reads from one address in a second is what the abuse
   * limits stop; this test is about paging, not about them. */
  plr_service_set_limits_enabled_for_tests (fixture->service, FALSE);
  plr_test_sign_in (fixture->client);
  code = create_share (fixture, "Acme Screening Ltd");

  began = g_get_monotonic_time ();
  for (guint i = 0; i < n_reads; i++)
    read_share (fixture, code);
  g_test_message ("%u share reads in %" G_GINT64_FORMAT " ms", n_reads,
                  (g_get_monotonic_time () - began) / 1000);

  began = g_get_monotonic_time ();
  log = fetch_log (fixture, &error);
  g_assert_no_error (error);
  g_test_message ("fetched %u entries in %" G_GINT64_FORMAT " ms",
                  g_list_model_get_n_items (G_LIST_MODEL (log)),
                  (g_get_monotonic_time () - began) / 1000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, n_reads + 4);
  g_assert_cmpuint (plr_service_count_requests (fixture->service, "GET", "/v1/access-log"), ==,
                    2);

  findings = plr_access_log_analyse (log, fixture->recipients, NULL, PLR_ACCESS_ANALYSE_DEFAULT);

  /* Reads through a share are never "unknown", but a thousand in a day
   * are many. Around midnight UK time they may fall on two days. */
  g_assert_cmpuint (findings->len, >=, 1);
  g_assert_cmpuint (findings->len, <=, 2);
  finding = g_ptr_array_index (findings, 0);
  g_assert_cmpint (finding->kind, ==, PLR_ACCESS_FINDING_MANY_READS);
  g_assert_cmpstr (finding->organisation, ==,
                   "Someone with the share link for Acme Screening Ltd");
  description = plr_access_finding_describe (finding);
  g_assert_nonnull (strstr (description,
                            "Someone with the share link for Acme Screening Ltd looked at your "
                            "record"));

  entry = find_organisation (log, "Someone with the share link for Acme Screening Ltd");
  g_assert_nonnull (entry);
  g_assert_cmpstr (plr_access_log_entry_get_action (entry), ==, "share-view");
  g_assert_cmpstr (plr_access_log_entry_get_purpose (entry), ==, "Background check");
  g_assert_cmpint (plr_access_log_entry_get_reader (entry), ==, PLR_ACCESS_READER_SHARE);
  g_assert_true (plr_access_log_entry_get_concerns (entry) & PLR_ACCESS_CONCERN_MANY_READS);
  g_assert_false (plr_access_log_entry_get_concerns (entry) &
                  PLR_ACCESS_CONCERN_UNKNOWN_ORGANISATION);

  /* The seeded reads on the second page were read and judged too. */
  entry = find_organisation (log, "WJEC/CBAC");
  g_assert_nonnull (entry);
  g_assert_cmpint (plr_access_log_entry_get_reader (entry), ==, PLR_ACCESS_READER_KNOWN);

  assert_nothing_personal_logged (fixture);
}

static void
test_not_signed_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PlrAccessLog) log = NULL;
  g_autoptr(GError) error = NULL;

  log = fetch_log (fixture, &error);
  g_assert_null (log);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (plr_service_count_requests (fixture->service, "GET", "/v1/access-log"), ==,
                    0);
}

static void
test_expired_token_refreshed (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(PlrAccessLog) log = NULL;
  g_autoptr(GError) error = NULL;

  plr_service_set_access_token_lifetime (fixture->service, 1);
  plr_test_sign_in (fixture->client);
  /* Past the token's life on the service's clock. */
  plr_service_set_clock_offset (fixture->service, 5);

  log = fetch_log (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PlrAccessLog) log = NULL;
  g_autoptr(GError) error = NULL;

  plr_test_sign_in (fixture->client);
  g_clear_object (&fixture->service);

  log = fetch_log (fixture, &error);
  g_assert_null (log);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  plr_test_log_capture_install ();

#define ADD(path, func) \
  g_test_add ("/access-log/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("seeded-log", test_seeded_log);
  ADD ("share-reads-over-pages", test_share_reads_over_pages);
  ADD ("not-signed-in", test_not_signed_in);
  ADD ("expired-token-refreshed", test_expired_token_refreshed);
  ADD ("offline", test_offline);

#undef ADD

  return g_test_run ();
}
