/* test-shares.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Shares through the outbox, the real client and the real reference
 * service on 127.0.0.1: a configured view is shared, a recipient reads it
 * (GET /v1/shares/{code} and the page GET /s/{code}) and sees exactly the
 * view; a revoked or expired share gives the recipient 410 and nothing of
 * the record; a share made offline reaches the service exactly once; and
 * for many random views, neither the body sent to the service nor what
 * the service gives a recipient holds a value the learner did not choose.
 *
 * Every text field of every entry and of the learner holds a token of its
 * own (QXE03F05Z: entry 3, field 5; QXLF02Z: learner field 2) so that any
 * output can be searched for it. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "plr-client.h"
#include "plr-field.h"
#include "plr-form-sign-in.h"
#include "plr-sample.h"
#include "plr-service.h"
#include "plr-store.h"
#include "plr-sync.h"
#include "plr-view-json.h"
#include "plr-view-result.h"
#include "plr-test-util.h"

#define USERNAME "learner"
#define PASSWORD "correct horse battery staple"
#define N_EVENTS 8
#define N_RANDOM_VIEWS 24
#define SEED 20261123

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

typedef struct
{
  PlrService    *service;
  char          *service_dir;
  guint          port;
  char          *base_url;
  SoupSession   *session;
  PlrTokenStore *tokens;
  PlrClient     *client;
  PlrStore      *store;
  PlrSync       *sync;
  PlrRecord     *record;
  gint64         ids[N_EVENTS];
} Fixture;

static char *
event_token (guint event,
             guint field)
{
  return g_strdup_printf ("QXE%02uF%02uZ", event, field);
}

static char *
learner_token (guint field)
{
  return g_strdup_printf ("QXLF%02uZ", field);
}

static gboolean
event_field_is_text (guint field)
{
  return plr_event_field_info (field)->kind == PLR_FIELD_KIND_TEXT;
}

static gboolean
learner_field_is_text (guint field)
{
  return plr_learner_field_info (field)->kind == PLR_FIELD_KIND_TEXT;
}

/* The sample record with a token in every text field. */
static PlrRecord *
make_marked_record (Fixture *fixture)
{
  PlrRecord *record = plr_sample_generate (SEED, N_EVENTS);
  PlrLearner *learner = plr_record_get_learner (record);

  g_assert_cmpuint (plr_record_get_n_events (record), ==, N_EVENTS);

  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    if (learner_field_is_text (f))
      {
        g_autofree char *token = learner_token (f);
        plr_learner_set_value (learner, f, token);
      }

  for (guint e = 0; e < N_EVENTS; e++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, e);

      fixture->ids[e] = plr_learning_event_get_id (event);
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        if (event_field_is_text (f))
          {
            g_autofree char *token = event_token (e, f);
            plr_learning_event_set_value (event, f, token);
          }
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE,
                                    e == 2 ? "Y" : "N");
    }

  return record;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;

  fixture->record = make_marked_record (fixture);
  fixture->service_dir = g_build_filename (g_get_user_data_dir (), "service", NULL);
  fixture->service = plr_test_service_start (fixture->service_dir, 0);
  g_assert_true (plr_service_add_learner (fixture->service, USERNAME, PASSWORD, fixture->record,
                                          &error));
  g_assert_no_error (error);
  fixture->port = plr_service_get_port (fixture->service);
  fixture->base_url = plr_service_dup_base_url (fixture->service);

  fixture->session = soup_session_new_with_options ("timeout", 5, NULL);
  fixture->tokens = plr_memory_token_store_new ();
  fixture->client = plr_client_new (fixture->session, fixture->base_url, fixture->tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (fixture->client, fixture->session, USERNAME, PASSWORD);
  plr_client_set_retry_policy (fixture->client, 2, 10);

  store_path = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db", NULL);
  fixture->store = plr_store_new (store_path, &error);
  g_assert_no_error (error);

  fixture->sync = plr_sync_new (fixture->client, fixture->store, NULL);
  plr_sync_set_retry_delays (fixture->sync, 50, 200);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  plr_sync_stop (fixture->sync);
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->tokens);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->record);

  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_pointer (&fixture->service_dir, g_free);
  g_clear_pointer (&fixture->base_url, g_free);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static gboolean
drain (Fixture  *fixture,
       GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plr_sync_drain_async (fixture->sync, NULL, plr_test_async_cb, &result);
  return plr_sync_drain_finish (fixture->sync, plr_test_wait_for (&result), error);
}

static void
refresh_shares (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plr_sync_refresh_shares_async (fixture->sync, NULL, plr_test_async_cb, &result);
  g_assert_true (plr_sync_refresh_shares_finish (fixture->sync, plr_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_service_shares (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *shares;

  plr_client_list_shares_async (fixture->client, NULL, plr_test_async_cb, &result);
  shares = plr_client_list_shares_finish (fixture->client, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);

  return shares;
}

/* An unauthenticated GET, as a recipient's browser makes it. */
static char *
recipient_get (Fixture     *fixture,
               const char  *path,
               guint       *out_status,
               char       **out_content_type)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->base_url,
                                      g_str_has_suffix (fixture->base_url, "/") ? "" : "/",
                                      path, NULL);

  message = soup_message_new ("GET", url);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, plr_test_async_cb,
                                    &result);
  body = soup_session_send_and_read_finish (session, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);

  *out_status = soup_message_get_status (message);
  if (out_content_type)
    *out_content_type = g_strdup (soup_message_headers_get_content_type (
                                    soup_message_get_response_headers (message), NULL));

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gboolean
view_covers (PlrView *view,
             gint64   id)
{
  guint n;
  const gint64 *picked = plr_view_get_picked_entries (view, &n);

  for (guint i = 0; i < n; i++)
    if (picked[i] == id)
      return TRUE;

  return FALSE;
}

/* Every token the view chose is in @text (when @must_hold), and no token
 * it did not choose is. Returns the number of checks. */
static guint
scan (Fixture    *fixture,
      PlrView    *view,
      const char *text,
      gboolean    must_hold,
      const char *what)
{
  guint n_checks = 0;

  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    {
      g_autofree char *token = NULL;
      gboolean chosen = plr_view_has_learner_field (view, f);

      if (!learner_field_is_text (f))
        continue;
      token = learner_token (f);
      if (chosen && must_hold && strstr (text, token) == NULL)
        g_error ("%s lacks chosen learner field %s", what,
                 plr_learner_field_info (f)->json_name);
      if (!chosen && strstr (text, token) != NULL)
        g_error ("%s holds unchosen learner field %s", what,
                 plr_learner_field_info (f)->json_name);
      n_checks++;
    }

  for (guint e = 0; e < N_EVENTS; e++)
    for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
      {
        g_autofree char *token = NULL;
        gboolean chosen = view_covers (view, fixture->ids[e]) && plr_view_has_event_field (view, f);

        if (!event_field_is_text (f))
          continue;
        token = event_token (e, f);
        if (chosen && must_hold && strstr (text, token) == NULL)
          g_error ("%s lacks entry %u's chosen field %s", what, e,
                   plr_event_field_info (f)->json_name);
        if (!chosen && strstr (text, token) != NULL)
          g_error ("%s holds entry %u's unchosen field %s", what, e,
                   plr_event_field_info (f)->json_name);
        n_checks++;
      }

  return n_checks;
}

/* Nothing of the record at all. */
static void
assert_holds_nothing (const char *text)
{
  g_assert_null (strstr (text, "QX"));
}

static PlrView *
make_view (Fixture *fixture)
{
  PlrView *view = plr_view_new ();

  plr_view_set_name (view, "For Acme");
  plr_view_set_recipient (view, "Acme Ltd");
  plr_view_set_purpose (view, "Job application");
  plr_view_pick_entry (view, fixture->ids[0]);
  plr_view_pick_entry (view, fixture->ids[2]);
  plr_view_pick_entry (view, fixture->ids[5]);
  plr_view_set_event_fields (view, BIT (PLR_EVENT_FIELD_SUBJECT) | BIT (PLR_EVENT_FIELD_GRADE) |
                                   BIT (PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE));
  plr_view_set_learner_fields (view, BIT (PLR_LEARNER_FIELD_GIVEN_NAME) |
                                     BIT (PLR_LEARNER_FIELD_FAMILY_NAME));

  return view;
}

static PlrShareRecord *
share_view (Fixture   *fixture,
            PlrView   *view,
            GDateTime *expires_at,
            char     **out_body)
{
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  PlrShareRecord *share;
  gint64 id = 0;

  g_assert_true (plr_store_create_share (fixture->store, view, fixture->record, expires_at, &id,
                                         &error));
  g_assert_no_error (error);

  queued = plr_store_list_outbox (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (queued->len, ==, 1);
  if (out_body)
    *out_body = g_strdup (plr_outbox_item_get_body (g_ptr_array_index (queued, 0)));

  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  share = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plr_share_record_get_share_code (share));
  g_assert_cmpint (plr_share_record_get_state (share), ==, PLR_SHARE_STATE_ACTIVE);

  return share;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */


/* The views the store holds for @share, read afresh. */
static gint64
stored_views (Fixture        *fixture,
              PlrShareRecord *share)
{
  g_autoptr(PlrShareRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = plr_store_dup_share_record (fixture->store, plr_share_record_get_id (share), &error);
  g_assert_no_error (error);
  return plr_share_record_get_views (stored);
}

static void
test_share_read_revoke (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlrView) view = make_view (fixture);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, 30);
  g_autoptr(PlrShareRecord) share = NULL;
  g_autoptr(PlrShareRecord) after = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(JsonNode) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *page_path = NULL;
  g_autofree char *content_type = NULL;
  JsonObject *object;
  guint status = 0;

  plr_test_sign_in (fixture->client);
  share = share_view (fixture, view, expires, &body);
  json_path = g_strconcat ("v1/shares/", plr_share_record_get_share_code (share), NULL);
  page_path = g_strconcat ("s/", plr_share_record_get_share_code (share), NULL);
  g_assert_true (g_str_has_suffix (plr_share_record_get_url (share), page_path));

  /* The body sent holds the view and nothing more. */
  scan (fixture, view, body, TRUE, "the body sent");
  sent = json_from_string (body, &error);
  g_assert_no_error (error);

  /* The recipient's read: exactly the view that was sent. */
  json = recipient_get (fixture, json_path, &status, &content_type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (content_type, ==, "application/json");
  scan (fixture, view, json, TRUE, "the recipient's JSON");
  read = json_from_string (json, &error);
  g_assert_no_error (error);
  object = json_node_get_object (read);
  g_assert_true (json_node_equal (json_object_get_member (object, "view"),
                                  json_object_get_member (json_node_get_object (sent), "view")));
  g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, "Acme Ltd");
  g_assert_cmpstr (json_object_get_string_member (object, "purpose"), ==, "Job application");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (object, "view"), "events")), ==, 3);

  /* The page: the same, for people. */
  g_clear_pointer (&content_type, g_free);
  html = recipient_get (fixture, page_path, &status, &content_type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_true (g_str_has_prefix (content_type, "text/html"));
  scan (fixture, view, html, TRUE, "the recipient's page");
  g_assert_nonnull (strstr (html, "Acme Ltd"));
  g_assert_nonnull (strstr (html, "Job application"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "<link"));
  g_assert_nonnull (strstr (html, "Prepared for"));
  g_assert_nonnull (strstr (html, "Record as of"));
  g_assert_nonnull (strstr (html, "This share link works until"));
  g_assert_nonnull (strstr (html, "not an expiry date of any qualification"));
  g_assert_nonnull (strstr (html, plr_share_record_get_share_code (share)));
  g_assert_nonnull (strstr (html, "<caption>3 learning events"));
  /* The one challenged entry is marked in words; no column of "No". */
  g_assert_nonnull (strstr (html, "<strong class=\"flag\">Under data challenge</strong>"));
  g_assert_null (strstr (strstr (html, "<strong class=\"flag\">") + 1, "<strong class=\"flag\">"));
  g_assert_null (strstr (html, "<th scope=\"col\">Under data challenge"));

  /* Two reads, as the service counts them: the next drain brings the
   * count by itself. */
  after = plr_store_dup_share_record (fixture->store, plr_share_record_get_id (share), &error);
  g_assert_cmpint (plr_share_record_get_views (after), ==, 0);
  g_clear_object (&after);
  {
    g_autoptr(PlrView) second = make_view (fixture);
    g_autoptr(PlrShareRecord) other = NULL;

    plr_view_set_recipient (second, "Second Recipient Ltd");
    other = share_view (fixture, second, NULL, NULL);
    PLR_TEST_WAIT_UNTIL (stored_views (fixture, share) == 2);
  }
  refresh_shares (fixture);
  after = plr_store_dup_share_record (fixture->store, plr_share_record_get_id (share), &error);
  g_assert_cmpint (plr_share_record_get_views (after), ==, 2);
  g_clear_object (&after);

  /* Revoked: 410 and nothing of the record. */
  g_assert_true (plr_store_revoke_share (fixture->store, plr_share_record_get_id (share),
                                         &error));
  g_assert_no_error (error);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  {
    g_autofree char *delete_path = g_strconcat ("/", json_path, NULL);

    g_assert_cmpuint (plr_service_count_requests (fixture->service, "DELETE", delete_path), ==,
                      1);
  }

  g_clear_pointer (&json, g_free);
  json = recipient_get (fixture, json_path, &status, NULL);
  g_assert_cmpuint (status, ==, 410);
  g_assert_nonnull (strstr (json, "share-revoked"));
  assert_holds_nothing (json);
  g_assert_null (strstr (json, "Acme"));

  g_clear_pointer (&html, g_free);
  html = recipient_get (fixture, page_path, &status, NULL);
  g_assert_cmpuint (status, ==, 410);
  assert_holds_nothing (html);
  g_assert_null (strstr (html, "Job application"));
  g_assert_nonnull (strstr (html, "This share was withdrawn"));

  refresh_shares (fixture);
  after = plr_store_dup_share_record (fixture->store, plr_share_record_get_id (share), &error);
  g_assert_cmpint (plr_share_record_get_state (after), ==, PLR_SHARE_STATE_REVOKED);
}

static void
test_expired (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PlrView) view = make_view (fixture);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_hours (now, 1);
  g_autoptr(PlrShareRecord) share = NULL;
  g_autofree char *json = NULL;
  g_autofree char *html = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *page_path = NULL;
  guint status = 0;

  plr_test_sign_in (fixture->client);
  share = share_view (fixture, view, expires, NULL);
  json_path = g_strconcat ("v1/shares/", plr_share_record_get_share_code (share), NULL);
  page_path = g_strconcat ("s/", plr_share_record_get_share_code (share), NULL);

  g_free (recipient_get (fixture, json_path, &status, NULL));
  g_assert_cmpuint (status, ==, 200);

  /* Two hours later. */
  plr_service_set_clock_offset (fixture->service, 2 * 3600);

  json = recipient_get (fixture, json_path, &status, NULL);
  g_assert_cmpuint (status, ==, 410);
  g_assert_nonnull (strstr (json, "share-expired"));
  assert_holds_nothing (json);

  html = recipient_get (fixture, page_path, &status, NULL);
  g_assert_cmpuint (status, ==, 410);
  assert_holds_nothing (html);
  g_assert_null (strstr (html, "Acme"));
  g_assert_nonnull (strstr (html, "This share has expired"));
}

static void
test_offline_exactly_once (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PlrView) view = make_view (fixture);
  g_autoptr(PlrShareRecord) share = NULL;
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  plr_test_sign_in (fixture->client);
  plr_test_service_stop (&fixture->service);

  g_assert_true (plr_store_create_share (fixture->store, view, fixture->record, NULL, &id,
                                         &error));
  g_assert_no_error (error);
  g_assert_false (drain (fixture, &error));
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE);
  g_clear_error (&error);

  share = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_cmpint (plr_share_record_get_state (share), ==, PLR_SHARE_STATE_WAITING);
  g_assert_null (plr_share_record_get_share_code (share));
  g_clear_object (&share);

  /* Back on the same address: sent once, and never again. */
  fixture->service = plr_test_service_start (fixture->service_dir, fixture->port);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  shares = list_service_shares (fixture);
  g_assert_cmpuint (shares->len, ==, 1);
  g_assert_cmpuint (plr_service_count_requests (fixture->service, "POST", "/v1/shares"), ==, 1);

  share = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_cmpstr (plr_share_record_get_share_code (share), ==,
                   ((PlrShareInfo *) g_ptr_array_index (shares, 0))->code);
  g_assert_cmpint (plr_share_record_get_state (share), ==, PLR_SHARE_STATE_ACTIVE);

  log = plr_store_list_share_records (fixture->store, &error);
  g_assert_cmpuint (log->len, ==, 1);
}

/* Random views: what is sent and what a recipient gets hold exactly the
 * chosen values. */
static void
test_random_views_privacy (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  guint n_checks = 0;

  plr_test_sign_in (fixture->client);

  for (guint v = 0; v < N_RANDOM_VIEWS; v++)
    {
      g_autoptr(PlrView) view = plr_view_new ();
      g_autoptr(PlrShareRecord) share = NULL;
      g_autofree char *recipient = g_strdup_printf ("Recipient %u", v);
      g_autofree char *body = NULL;
      g_autofree char *json = NULL;
      g_autofree char *html = NULL;
      g_autofree char *path = NULL;
      guint64 event_fields = 0, learner_fields = 0;
      guint status = 0;

      plr_view_set_recipient (view, recipient);
      plr_view_set_purpose (view, "Checking the privacy guarantee");
      for (guint e = 0; e < N_EVENTS; e++)
        if (g_rand_boolean (rand))
          plr_view_pick_entry (view, fixture->ids[e]);
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        if (g_rand_int_range (rand, 0, 3) == 0)
          event_fields |= BIT (f);
      /* Every entry shows something. */
      event_fields |= BIT (PLR_EVENT_FIELD_SUBJECT);
      for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
        if (g_rand_int_range (rand, 0, 3) == 0)
          learner_fields |= BIT (f);
      plr_view_set_event_fields (view, event_fields);
      plr_view_set_learner_fields (view, learner_fields);

      share = share_view (fixture, view, NULL, &body);
      n_checks += scan (fixture, view, body, TRUE, "the body sent");

      path = g_strconcat ("v1/shares/", plr_share_record_get_share_code (share), NULL);
      json = recipient_get (fixture, path, &status, NULL);
      g_assert_cmpuint (status, ==, 200);
      n_checks += scan (fixture, view, json, TRUE, "the recipient's JSON");

      g_free (path);
      path = g_strconcat ("s/", plr_share_record_get_share_code (share), NULL);
      html = recipient_get (fixture, path, &status, NULL);
      g_assert_cmpuint (status, ==, 200);
      n_checks += scan (fixture, view, html, TRUE, "the recipient's page");
    }

  g_test_message ("%u views, %u checks", N_RANDOM_VIEWS, n_checks);
  g_assert_cmpuint (n_checks, >, N_RANDOM_VIEWS * 3 * 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/shares/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("read-and-revoke", test_share_read_revoke);
  ADD ("expired", test_expired);
  ADD ("offline-exactly-once", test_offline_exactly_once);
  ADD ("random-views-privacy", test_random_views_privacy);

  return g_test_run ();
}
