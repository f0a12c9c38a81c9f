/* test-client.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The real client against the real reference service on 127.0.0.1. */

#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-record-json.h"
#include "plr-sample.h"
#include "plr-service.h"
#include "plr-store.h"
#include "plr-test-util.h"

#define USERNAME "learner"
#define PASSWORD "correct horse battery staple"

typedef struct
{
  PlrService    *service;
  char          *base_url;
  SoupSession   *session;
  PlrTokenStore *tokens;
  PlrClient     *client;
  PlrStore      *store;
  PlrRecord     *record;       /* the service's copy */
  guint64        bytes_sent;
  guint64        bytes_received;
  GPtrArray     *statuses;     /* "GET /v1/learner 304" */
  GString       *log;          /* everything logged during the test */
} Fixture;

static void
on_request_finished_cb (PlrClient  *client,
                        const char *method,
                        const char *host,
                        const char *path,
                        guint       status,
                        guint64     sent,
                        guint64     received,
                        Fixture    *fixture)
{
  g_assert_cmpstr (host, ==, "127.0.0.1");
  fixture->bytes_sent += sent;
  fixture->bytes_received += received;
  g_ptr_array_add (fixture->statuses, g_strdup_printf ("%s %s %u", method, path, status));
}

static void
fixture_set_up_with (Fixture *fixture,
                     guint    n_events)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db",
                                          NULL);

  fixture->log = plr_test_log_capture_begin ();

  fixture->service = plr_service_new (NULL, &error);
  g_assert_no_error (error);
  fixture->record = plr_sample_generate (20261123, n_events);
  g_assert_true (plr_service_add_learner (fixture->service, USERNAME, PASSWORD, fixture->record,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (plr_service_listen_local (fixture->service, 0, &error));
  g_assert_no_error (error);
  fixture->base_url = plr_service_dup_base_url (fixture->service);
  g_assert_true (g_str_has_prefix (fixture->base_url, "http://127.0.0.1:"));

  fixture->session = soup_session_new_with_options ("timeout", 3, NULL);
  fixture->tokens = plr_memory_token_store_new ();
  fixture->client = plr_client_new (fixture->session, fixture->base_url, fixture->tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (fixture->client, fixture->session, USERNAME, PASSWORD);
  plr_client_set_retry_policy (fixture->client, 3, 10);
  fixture->statuses = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->client, "request-finished", G_CALLBACK (on_request_finished_cb),
                    fixture);

  fixture->store = plr_store_new (db, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture_set_up_with (fixture, 60);
}

static void
fixture_set_up_large (Fixture       *fixture,
                      gconstpointer  data)
{
  fixture_set_up_with (fixture, 10000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->tokens);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->record);
  g_clear_pointer (&fixture->base_url, g_free);
  g_clear_pointer (&fixture->statuses, g_ptr_array_unref);
  plr_test_log_capture_end ();
  fixture->log = NULL;

  /* Let cancelled sources and closed connections finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_sign_in_and_fetch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(GAsyncResult) lookup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *refresh_token = NULL;

  plr_test_sign_in (fixture->client);

  plr_token_store_lookup_async (fixture->tokens, fixture->base_url, NULL, plr_test_async_cb, &lookup);
  refresh_token = plr_token_store_lookup_finish (fixture->tokens, plr_test_wait_for (&lookup), &error);
  g_assert_nonnull (refresh_token);

  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (plr_record_diff_is_first (diff));
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 60);

  stored = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_true (plr_record_equal (stored, fixture->record));
  g_assert_cmpstr (plr_record_get_source (stored), ==, PLR_RECORD_SOURCE_SERVICE);
  g_assert_nonnull (plr_record_get_etag (stored));
  g_assert_nonnull (plr_record_get_fetched_at (stored));

  /* The refresh token appears in no log line. */
  g_assert_null (strstr (fixture->log->str, refresh_token));
}

static void
test_unchanged_refetch_is_conditional (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecordDiff) second = NULL;
  g_autoptr(GError) error = NULL;

  plr_test_sign_in (fixture->client);
  first = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);

  g_ptr_array_set_size (fixture->statuses, 0);
  fixture->bytes_sent = fixture->bytes_received = 0;

  second = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  g_assert_true (plr_record_diff_is_empty (second));

  /* Only conditional requests, only 304s. */
  g_assert_cmpuint (fixture->statuses->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->statuses, 0), ==, "GET /v1/learner 304");
  g_test_message ("unchanged refresh: %" G_GUINT64_FORMAT " bytes sent, %" G_GUINT64_FORMAT
                  " received", fixture->bytes_sent, fixture->bytes_received);
  g_assert_cmpuint (fixture->bytes_sent + fixture->bytes_received, <, 2048);
}

static void
count_changed_cb (PlrStore      *store,
                  PlrRecordDiff *diff,
                  guint         *count)
{
  (*count)++;
}

/* Issue 16: a refresh says whether it replaced the cached record or the
 * service answered 304, and on 304 the cache is not rewritten. */
static void
test_refresh_outcome (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecordDiff) second = NULL;
  g_autoptr(PlrRecord) previous = NULL;
  g_autoptr(GError) error = NULL;
  PlrRefreshOutcome outcome = PLR_REFRESH_UNCHANGED;
  guint changed = 0;

  plr_test_sign_in (fixture->client);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changed_cb), &changed);

  plr_client_refresh_async (fixture->client, fixture->store, NULL, plr_test_async_cb, &result);
  first = plr_client_refresh_finish_full (fixture->client, plr_test_wait_for (&result),
                                          &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, PLR_REFRESH_REPLACED);
  g_assert_cmpuint (changed, ==, 1);
  g_clear_object (&result);

  plr_client_refresh_async (fixture->client, fixture->store, NULL, plr_test_async_cb, &result);
  second = plr_client_refresh_finish_full (fixture->client, plr_test_wait_for (&result),
                                           &outcome, &error);
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, PLR_REFRESH_UNCHANGED);
  g_assert_true (plr_record_diff_is_empty (second));

  /* Not rewritten: no change signalled, and the first snapshot did not
   * become the previous one as a replace would make it. */
  g_assert_cmpuint (changed, ==, 1);
  previous = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_PREVIOUS, &error);
  g_assert_null (previous);

  g_signal_handlers_disconnect_by_func (fixture->store, count_changed_cb, &changed);
}

/* The service's copy with one grade corrected and @n_new entries added. */
static PlrRecord *
make_changed_record (Fixture *fixture,
                     guint    n_new)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) changed = plr_service_dup_record (fixture->service, USERNAME, &error);
  PlrLearningEvent *event;

  g_assert_no_error (error);
  event = plr_record_get_event (changed, 3);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE,
                                g_strcmp0 (plr_learning_event_get_grade (event), "A*") == 0
                                  ? "A" : "A*");

  for (guint i = 0; i < n_new; i++)
    {
      g_autoptr(PlrLearningEvent) extra = plr_learning_event_copy (event);
      g_autofree char *id = g_strdup_printf ("%u", 900000000 + i);

      plr_learning_event_set_value (extra, PLR_EVENT_FIELD_ID, id);
      plr_record_append_event (changed, extra);
    }

  return g_steal_pointer (&changed);
}

static void
test_changed_record (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) changed = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  plr_test_sign_in (fixture->client);
  first = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);

  changed = make_changed_record (fixture, 2);
  g_assert_true (plr_service_set_record (fixture->service, USERNAME, changed, &error));

  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 2);
  g_assert_cmpuint (plr_record_diff_get_n_changed (diff), ==, 1);
  g_assert_cmpuint (plr_record_diff_get_n_removed (diff), ==, 0);

  stored = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_true (plr_record_equal (stored, changed));
}

static void
test_large_record_pages_in (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  guint pages = 0;

  plr_test_sign_in (fixture->client);
  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < fixture->statuses->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (fixture->statuses, i), "GET /v1/learner/events 200"))
      pages++;
  g_assert_cmpuint (pages, >=, 10);

  stored = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_cmpuint (plr_record_get_n_events (stored), ==, 10000);
  g_assert_true (plr_record_equal (stored, fixture->record));
}

typedef struct
{
  PlrServiceFault fault;
  int             code;
} FaultCase;

static const FaultCase fault_cases[] = {
  { PLR_SERVICE_FAULT_SERVER_ERROR, PLR_CLIENT_ERROR_SERVER },
  { PLR_SERVICE_FAULT_UNAVAILABLE, PLR_CLIENT_ERROR_UNAVAILABLE },
  { PLR_SERVICE_FAULT_RATE_LIMITED, PLR_CLIENT_ERROR_RATE_LIMITED },
  { PLR_SERVICE_FAULT_HANG, PLR_CLIENT_ERROR_TIMEOUT },
  { PLR_SERVICE_FAULT_RESET, PLR_CLIENT_ERROR_NETWORK },
  { PLR_SERVICE_FAULT_TRUNCATED, PLR_CLIENT_ERROR_NETWORK },
  { PLR_SERVICE_FAULT_MALFORMED_JSON, PLR_CLIENT_ERROR_INVALID_RESPONSE },
  { PLR_SERVICE_FAULT_WRONG_TYPES, PLR_CLIENT_ERROR_INVALID_RESPONSE },
  { PLR_SERVICE_FAULT_INVALID_ULN, PLR_CLIENT_ERROR_INVALID_RESPONSE },
  { PLR_SERVICE_FAULT_OVERSIZED, PLR_CLIENT_ERROR_INVALID_RESPONSE },
};

/* Each fault ends in its own error and leaves the cached record as it was. */
static void
test_faults_leave_cache_untouched (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecord) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  plr_test_sign_in (fixture->client);
  first = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  before = plr_store_dup_content_hash (fixture->store, NULL);
  changed = make_changed_record (fixture, 1);

  /* The service now holds a newer record, so a fetch would change the cache. */
  g_assert_true (plr_service_set_record (fixture->service, USERNAME, changed, &error));

  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autoptr(PlrRecordDiff) diff = NULL;
      g_autoptr(GError) fault_error = NULL;
      g_autofree char *after = NULL;

      g_test_message ("fault %s", plr_service_fault_to_nick (fault_cases[i].fault));
      plr_service_set_fault (fixture->service, fault_cases[i].fault, 0);

      diff = plr_test_refresh (fixture->client, fixture->store, &fault_error);
      g_test_message ("  → %s", fault_error ? fault_error->message : "(no error)");
      g_assert_null (diff);
      g_assert_error (fault_error, PLR_CLIENT_ERROR, fault_cases[i].code);

      after = plr_store_dup_content_hash (fixture->store, NULL);
      g_assert_cmpstr (before, ==, after);
      plr_service_set_fault (fixture->service, PLR_SERVICE_FAULT_NONE, 0);
    }

  /* And with the faults gone, the newer record arrives. */
  {
    g_autoptr(PlrRecordDiff) diff = plr_test_refresh (fixture->client, fixture->store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 1);
  }
}

/* docs/protocol.md, "Forward compatibility": members a later service adds,
 * at every level of both record answers, are skipped (named, by name only,
 * in a debug line) and nothing of them is stored; a known member of the
 * wrong type is still refused with a message naming it. */
static void
test_added_members_skipped (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;

  plr_test_sign_in (fixture->client);
  plr_service_set_fault (fixture->service, PLR_SERVICE_FAULT_ADDED_MEMBERS, 0);
  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (diff);
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 1);

  stored = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learner_get_uln (plr_record_get_learner (stored)), ==, "9276308686");
  written = plr_record_json_write (stored);
  text = g_strndup (g_bytes_get_data (written, NULL), g_bytes_get_size (written));
  g_assert_null (strstr (text, "x_future"));
  g_assert_null (strstr (text, "FUTURE-VALUE"));

  g_assert_nonnull (strstr (fixture->log->str, "skipped 2 member(s)"));
  g_assert_nonnull (strstr (fixture->log->str, "learner.x_future_pronouns"));
  g_assert_nonnull (strstr (fixture->log->str, "x_future_links"));
  g_assert_nonnull (strstr (fixture->log->str, "events[0].x_future_level"));
  g_assert_nonnull (strstr (fixture->log->str, "x_future_page"));
  g_assert_null (strstr (fixture->log->str, "FUTURE-VALUE"));

  /* Known members keep their strict types. */
  before = plr_store_dup_content_hash (fixture->store, NULL);
  plr_service_set_fault (fixture->service, PLR_SERVICE_FAULT_WRONG_TYPES, 0);
  g_clear_pointer (&diff, g_object_unref);
  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_null (diff);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "learner.uln: expected a string, found a number"));
  {
    g_autofree char *after = plr_store_dup_content_hash (fixture->store, NULL);
    g_assert_cmpstr (before, ==, after);
  }
  plr_service_set_fault (fixture->service, PLR_SERVICE_FAULT_NONE, 0);
}

/* RFC 8414: the client reads the reference service's metadata and uses
 * its endpoints; the authorization answer's RFC 9207 iss matches. */
static void
test_sign_in_reads_metadata (Fixture       *fixture,
                             gconstpointer  data)
{
  gboolean metadata = FALSE, token = FALSE, discovery = FALSE;

  /* Before GET /v1/ is read, everything but the sign-in extensions. */
  g_assert_true (plr_client_has_capability (fixture->client, "shares"));
  g_assert_false (plr_client_has_capability (fixture->client, "oauth-metadata"));

  plr_test_sign_in (fixture->client);
  for (guint i = 0; i < fixture->statuses->len; i++)
    {
      const char *line = g_ptr_array_index (fixture->statuses, i);

      g_test_message ("%s", line);
      if (g_str_equal (line, "GET /.well-known/oauth-authorization-server 200"))
        metadata = TRUE;
      if (g_str_equal (line, "POST /oauth/token 200"))
        token = TRUE;
      if (g_str_equal (line, "GET /v1/ 200"))
        discovery = TRUE;
    }
  g_assert_true (metadata);
  g_assert_true (token);
  g_assert_true (discovery);

  /* What the reference service lists in GET /v1/. */
  g_assert_true (plr_client_has_capability (fixture->client, "shares"));
  g_assert_true (plr_client_has_capability (fixture->client, "oauth-metadata"));
  g_assert_true (plr_client_has_capability (fixture->client, "iss-parameter"));
  g_assert_false (plr_client_has_capability (fixture->client, "x-not-offered"));
}

typedef struct
{
  SoupSession *session;
  const char  *iss;       /* NULL: leave it out */
} ForgedAnswer;

/* A "browser" that answers the client's redirect itself, as an attacker
 * mixing up two servers would, with the right state but another iss. */
static void
forged_answer_launcher (const char *uri,
                        gpointer    user_data)
{
  ForgedAnswer *forged = user_data;
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) query = soup_form_decode (g_uri_get_query (parsed));
  g_autofree char *form = NULL;
  g_autofree char *target = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  form = forged->iss != NULL
         ? soup_form_encode ("code", "forged", "state", g_hash_table_lookup (query, "state"),
                             "iss", forged->iss, NULL)
         : soup_form_encode ("code", "forged", "state", g_hash_table_lookup (query, "state"),
                             NULL);
  target = g_strconcat (g_hash_table_lookup (query, "redirect_uri"), "?", form, NULL);
  msg = soup_message_new ("GET", target);
  soup_session_send_async (forged->session, msg, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

static void
test_iss_checked (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *cases[] = { "http://127.0.0.2:1/", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      ForgedAnswer forged = { fixture->session, cases[i] };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      g_ptr_array_set_size (fixture->statuses, 0);
      plr_client_set_browser_launcher (fixture->client, forged_answer_launcher, &forged, NULL);
      plr_client_sign_in_async (fixture->client, NULL, plr_test_async_cb, &result);
      g_assert_false (plr_client_sign_in_finish (fixture->client, plr_test_wait_for (&result), &error));
      g_test_message ("iss %s: %s", cases[i] ? cases[i] : "(none)", error->message);
      g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED);
      g_assert_nonnull (strstr (error->message, cases[i] ? "a service other than"
                                                         : "did not say which service"));
      /* The forged code was never sent to the token endpoint. */
      for (guint j = 0; j < fixture->statuses->len; j++)
        g_assert_false (g_str_has_prefix (g_ptr_array_index (fixture->statuses, j),
                                          "POST /oauth/token"));
    }
}

static void
on_foreign_metadata_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  static const char body[] =
    "{\"issuer\":\"https://plr.example.ac.uk/\","
    "\"authorization_endpoint\":\"https://plr.example.ac.uk/oauth/authorize\","
    "\"token_endpoint\":\"https://plr.example.ac.uk/oauth/token\"}";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

/* GET /v1/ with a known member of the wrong type, and an unknown one. */
static void
on_bad_discovery_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  static const char body[] = "{\"version\":\"1\",\"capabilities\":[],\"x_new\":true}";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body,
                                    strlen (body));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
never_launched (const char *uri,
                gpointer    user_data)
{
  g_assert_not_reached ();
}

/* RFC 8414 §3.3: metadata whose issuer is not the address it came from is
 * another server's; signing in stops before the browser opens. */
static void
test_metadata_issuer_mismatch (gconstpointer data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 3, NULL);
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *base_url = NULL;

  soup_server_add_handler (server, "/.well-known/oauth-authorization-server",
                           on_foreign_metadata_cb, NULL, NULL);
  if (data != NULL)
    soup_server_add_handler (server, "/v1/", on_bad_discovery_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  base_url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  client = plr_client_new (session, base_url, tokens, &error);
  g_assert_no_error (error);
  plr_client_set_browser_launcher (client, never_launched, NULL, NULL);
  plr_client_sign_in_async (client, NULL, plr_test_async_cb, &result);
  g_assert_false (plr_client_sign_in_finish (client, plr_test_wait_for (&result), &error));
  g_test_message ("%s", error->message);
  if (data == NULL)
    {
      g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED);
      g_assert_nonnull (strstr (error->message, "name a different service"));
    }
  else
    {
      g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_nonnull (strstr (error->message,
                                "version: expected a whole number from 1 to 2147483647, "
                                "found a string"));
    }
  soup_server_disconnect (server);
}

/* A wrong password: the form filler reads the page's error and ends the
 * client's sign-in at once with it, instead of the 600 s browser wait
 * (without that, this test would hit its timeout). */
static void
test_form_error_reported_at_once (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plr_form_sign_in_set_browser (fixture->client, fixture->session, USERNAME, "wrong password");
  plr_client_sign_in_async (fixture->client, NULL, plr_test_async_cb, &result);
  g_assert_false (plr_client_sign_in_finish (fixture->client, plr_test_wait_for (&result), &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SIGN_IN_FAILED);
  g_assert_nonnull (strstr (error->message, "The username or the password is not right"));
  g_assert_null (strstr (error->message, "wrong password"));
}

/* A sign-in page that is not byte-identical to the reference one: other
 * markup around the form, attributes in another order and quoting, the
 * hidden fields after the visible ones, an absolute action to the
 * reference service. The filler must still find the form by its fields,
 * carry every hidden input and post where the action says. */
typedef struct
{
  char *service_url;   /* the reference service's base URL */
  char *action;        /* NULL: the service's authorization endpoint */
} OddPage;

static void
on_odd_page_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  OddPage *odd = user_data;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *action = odd->action ? g_strdup (odd->action)
                                        : g_strconcat (odd->service_url, "oauth/authorize",
                                                       NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_string_append (html, "<!doctype html><HTML><head><title>Sign in</title></head><body>\n"
                         "<form action='/search' method=get><input name=q type=search>"
                         "<input type='hidden' value='decoy' name='state'></form>\n"
                         "<div class=wrap><FORM class=\"login\" METHOD=\"POST\" ");
  g_string_append_printf (html, "action='%s'>\n", action);
  g_string_append (html, "<p>Welcome &amp; hello<br>\n"
                         "<label>User <input autocomplete=username id=u name=username "
                         "type=text required></label>\n"
                         "<label>Password <input name='password' required "
                         "type='password'></label>\n");
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *escaped = g_markup_escape_text (value, -1);
      g_string_append_printf (html, "<input value=\"%s\"\n  name=\"%s\" type=HIDDEN>\n",
                              escaped, (const char *) key);
    }
  g_string_append (html, "<button name=\"action\" value=\"sign-in\" class=primary>Sign in"
                         "</button> <button name=action value=deny>Cancel</button>\n"
                         "</FORM></div></body></HTML>\n");

  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html->str, html->len);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

typedef struct
{
  SoupSession *session;
  char        *page_url;
  GError      *error;
  gboolean     done;
} OddBrowser;

static void
on_odd_sign_in_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OddBrowser *browser = user_data;

  plr_form_sign_in_finish (result, &browser->error);
  browser->done = TRUE;
}

/* Opens the odd page with the authorization request's query. */
static void
odd_browser_launch (const char *uri,
                    gpointer    user_data)
{
  OddBrowser *browser = user_data;
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autofree char *target = g_strconcat (browser->page_url, "?", g_uri_get_query (parsed),
                                         NULL);

  plr_form_sign_in_async (browser->session, target, USERNAME, PASSWORD, NULL,
                          on_odd_sign_in_cb, browser);
}

static void
test_form_odd_markup (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *actions[] = { NULL, "http://192.0.2.1/oauth/authorize" };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GSList) uris = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      OddPage odd = { fixture->base_url, (char *) actions[i] };
      OddBrowser browser = { fixture->session, NULL, NULL, FALSE };
      gboolean signed_in;

      soup_server_add_handler (server, "/sign-in", on_odd_page_cb, &odd, NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      uris = soup_server_get_uris (server);
      browser.page_url = g_strdup_printf ("http://127.0.0.1:%d/sign-in",
                                          g_uri_get_port (uris->data));
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

      plr_client_set_browser_launcher (fixture->client, odd_browser_launch, &browser, NULL);
      plr_client_sign_in_async (fixture->client, NULL, plr_test_async_cb, &result);
      while (!browser.done)
        g_main_context_iteration (NULL, TRUE);

      if (actions[i] == NULL)
        {
          g_assert_no_error (browser.error);
          signed_in = plr_client_sign_in_finish (fixture->client, plr_test_wait_for (&result), &error);
          g_assert_no_error (error);
          g_assert_true (signed_in);
        }
      else
        {
          /* Refused before anything is sent to a non-loopback http address. */
          g_assert_error (browser.error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID);
          g_assert_nonnull (strstr (browser.error->message, "neither https:// nor"));
          /* This "browser" tells the client itself, as the form filler's does. */
          plr_client_fail_sign_in (fixture->client, browser.error);
          g_clear_error (&browser.error);
          g_assert_false (plr_client_sign_in_finish (fixture->client, plr_test_wait_for (&result),
                                                     &error));
          g_assert_nonnull (strstr (error->message, "neither https:// nor"));
        }
      g_free (browser.page_url);
      soup_server_disconnect (server);
    }
}

/* A retried fault that clears in time is invisible to the learner. */
static void
test_transient_fault_retried (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;

  plr_test_sign_in (fixture->client);
  plr_service_set_fault (fixture->service, PLR_SERVICE_FAULT_UNAVAILABLE, 2);

  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 60);
  g_assert_cmpuint (plr_service_get_faults_injected (fixture->service), ==, 2);
}

static void
test_expired_access_token_refreshed (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;

  plr_service_set_access_token_lifetime (fixture->service, 1);
  plr_test_sign_in (fixture->client);
  g_usleep (1500 * 1000);

  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 60);
}

static void
test_revoked_refresh_token_needs_sign_in (Fixture       *fixture,
                                          gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GAsyncResult) lookup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *token = NULL;

  plr_service_set_access_token_lifetime (fixture->service, 1);
  plr_test_sign_in (fixture->client);
  first = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);
  before = plr_store_dup_content_hash (fixture->store, NULL);

  plr_service_revoke_tokens (fixture->service, USERNAME);
  g_usleep (1500 * 1000);

  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_null (diff);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED);
  after = plr_store_dup_content_hash (fixture->store, NULL);
  g_assert_cmpstr (before, ==, after);

  /* The refused token is forgotten. */
  plr_token_store_lookup_async (fixture->tokens, fixture->base_url, NULL, plr_test_async_cb, &lookup);
  token = plr_token_store_lookup_finish (fixture->tokens, plr_test_wait_for (&lookup), NULL);
  g_assert_null (token);
}

static void
test_not_signed_in (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;

  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_null (diff);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED);
  /* Nothing was sent without a token. */
  g_assert_cmpuint (fixture->statuses->len, ==, 0);
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) lookup = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  plr_test_sign_in (fixture->client);
  plr_client_sign_out_async (fixture->client, NULL, plr_test_async_cb, &result);
  g_assert_true (plr_client_sign_out_finish (fixture->client, plr_test_wait_for (&result), &error));
  g_assert_no_error (error);

  plr_token_store_lookup_async (fixture->tokens, fixture->base_url, NULL, plr_test_async_cb, &lookup);
  token = plr_token_store_lookup_finish (fixture->tokens, plr_test_wait_for (&lookup), NULL);
  g_assert_null (token);

  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  plr_test_sign_in (fixture->client);
  first = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);

  /* The service goes away; the cached record stays readable. */
  g_clear_object (&fixture->service);
  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE);

  stored = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, NULL);
  g_assert_true (plr_record_equal (stored, fixture->record));
}

static void
test_refuses_plain_http (void)
{
  static const char * const refused[] = {
    "http://plr.example.ac.uk/", "http://10.0.0.5:8080/", "http://192.168.1.10/",
    "ftp://plr.example.ac.uk/", "plr.example.ac.uk", "http:///", "file:///etc/passwd",
  };
  static const char * const allowed[] = {
    "https://plr.example.ac.uk/", "http://127.0.0.1:8080/", "http://localhost:1234",
    "http://[::1]:9000/", "http://127.5.6.7/",
  };
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlrClient) client = plr_client_new (NULL, refused[i], tokens, &error);

      g_test_message ("%s: %s", refused[i], error ? error->message : "(accepted)");
      g_assert_null (client);
      g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INSECURE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PlrClient) client = plr_client_new (NULL, allowed[i], tokens, &error);

      g_assert_no_error (error);
      g_assert_nonnull (client);
    }
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

static guint
scan_tree (const char *dir,
           const char *needle,
           guint      *n_files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint hits = 0;

  if (d == NULL)
    return 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        hits += scan_tree (path, needle, n_files);
      else
        {
          (*n_files)++;
          if (file_contains (path, needle))
            hits++;
        }
    }

  return hits;
}

static void
test_tokens_in_no_file (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GAsyncResult) lookup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint n_files = 0;

  plr_test_sign_in (fixture->client);
  diff = plr_test_refresh (fixture->client, fixture->store, &error);
  g_assert_no_error (error);

  plr_token_store_lookup_async (fixture->tokens, fixture->base_url, NULL, plr_test_async_cb, &lookup);
  token = plr_token_store_lookup_finish (fixture->tokens, plr_test_wait_for (&lookup), NULL);
  g_assert_nonnull (token);

  g_assert_cmpuint (scan_tree (g_get_user_data_dir (), token, &n_files), ==, 0);
  g_assert_cmpuint (scan_tree (g_get_user_config_dir (), token, &n_files), ==, 0);
  g_assert_cmpuint (scan_tree (g_get_user_cache_dir (), token, &n_files), ==, 0);
  g_assert_cmpuint (n_files, >, 0);  /* the cache itself was scanned */
  g_assert_null (strstr (fixture->log->str, token));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  plr_test_log_capture_install ();

#define ADD(path, func) \
  g_test_add ("/client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("sign-in-and-fetch", test_sign_in_and_fetch);
  ADD ("unchanged-refetch-is-conditional", test_unchanged_refetch_is_conditional);
  ADD ("refresh-outcome", test_refresh_outcome);
  ADD ("changed-record", test_changed_record);
  g_test_add ("/client/large-record-pages-in", Fixture, NULL, fixture_set_up_large,
              test_large_record_pages_in, fixture_tear_down);
  ADD ("faults-leave-cache-untouched", test_faults_leave_cache_untouched);
  ADD ("transient-fault-retried", test_transient_fault_retried);
  ADD ("added-members-skipped", test_added_members_skipped);
  ADD ("sign-in-reads-metadata", test_sign_in_reads_metadata);
  ADD ("iss-checked", test_iss_checked);
  ADD ("form-error-reported-at-once", test_form_error_reported_at_once);
  ADD ("form-odd-markup", test_form_odd_markup);
  g_test_add_data_func ("/client/metadata-issuer-mismatch", NULL,
                        test_metadata_issuer_mismatch);
  g_test_add_data_func ("/client/discovery-wrong-type", "bad",
                        test_metadata_issuer_mismatch);
  ADD ("expired-access-token-refreshed", test_expired_access_token_refreshed);
  ADD ("revoked-refresh-token-needs-sign-in", test_revoked_refresh_token_needs_sign_in);
  ADD ("not-signed-in", test_not_signed_in);
  ADD ("sign-out", test_sign_out);
  ADD ("offline", test_offline);
  ADD ("tokens-in-no-file", test_tokens_in_no_file);
  g_test_add_func ("/client/refuses-plain-http", test_refuses_plain_http);

#undef ADD

  return g_test_run ();
}
