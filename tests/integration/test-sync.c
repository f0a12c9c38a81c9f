/* test-sync.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The outbox drained by PlrSync through the real client into the real
 * reference service on 127.0.0.1: offline first, a process killed before
 * sending, a service that fails then recovers, an answer lost after the
 * service applied the change, and a sign-in that ended. Every change is
 * applied exactly once, and the learner's history learns the receipt. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sqlite3.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-sample.h"
#include "plr-service.h"
#include "plr-store.h"
#include "plr-sync.h"
#include "plr-test-util.h"

#define USERNAME "learner"
#define PASSWORD "correct horse battery staple"

/* Personal text that must never reach a log line. */
#define PRIVATE_NOTE  "Siân asked for this on 3 March: private note 8271"
#define WRITER_NOTE   "Written before the crash"

/* ------------------------------------------------------------------ */
/* A network monitor the test switches on and off                       */

#define TEST_TYPE_NETWORK_MONITOR (test_network_monitor_get_type ())

G_DECLARE_FINAL_TYPE (TestNetworkMonitor, test_network_monitor, TEST, NETWORK_MONITOR, GObject)

struct _TestNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_NETWORK_AVAILABLE,
  MONITOR_PROP_NETWORK_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void test_network_monitor_initable_init (GInitableIface *iface);
static void test_network_monitor_iface_init (GNetworkMonitorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestNetworkMonitor, test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      test_network_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      test_network_monitor_iface_init))

static gboolean
test_network_monitor_init_sync (GInitable     *initable,
                                GCancellable  *cancellable,
                                GError       **error)
{
  return TRUE;
}

static void
test_network_monitor_initable_init (GInitableIface *iface)
{
  iface->init = test_network_monitor_init_sync;
}

static void
test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static void
test_network_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TestNetworkMonitor *self = TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_network_monitor_class_init (TestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_network_monitor_get_property;

  g_object_class_override_property (object_class, MONITOR_PROP_NETWORK_AVAILABLE,
                                    "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_NETWORK_METERED,
                                    "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_network_monitor_init (TestNetworkMonitor *self)
{
  self->available = TRUE;
}

static void
test_network_monitor_set_available (TestNetworkMonitor *self,
                                    gboolean            available)
{
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_signal_emit_by_name (self, "network-changed", available);
}

/* ------------------------------------------------------------------ */
/* The fixture                                                          */

typedef struct
{
  PlrService         *service;
  char               *service_dir;
  guint               port;
  char               *base_url;
  SoupSession        *session;
  PlrTokenStore      *tokens;
  PlrClient          *client;
  char               *store_path;
  PlrStore           *store;
  TestNetworkMonitor *monitor;
  PlrSync            *sync;
  char               *bearer;       /* the client's access token, for the test's own reads */
  GArray             *sent;         /* gint64 ids from PlrSync::item-sent */
  GPtrArray          *failures;     /* "ID CODE permanent|transient" from ::item-failed */
  guint               drained;
  GString            *log;          /* everything logged during the test */
} Fixture;

static void
on_request_queued_cb (SoupSession *session,
                      SoupMessage *message,
                      Fixture     *fixture)
{
  const char *authorization =
    soup_message_headers_get_one (soup_message_get_request_headers (message), "Authorization");

  if (authorization != NULL && g_str_has_prefix (authorization, "Bearer "))
    {
      g_free (fixture->bearer);
      fixture->bearer = g_strdup (authorization + strlen ("Bearer "));
    }
}

static void
on_item_sent_cb (PlrSync *sync,
                 gint64   id,
                 Fixture *fixture)
{
  g_array_append_val (fixture->sent, id);
}

static void
on_item_failed_cb (PlrSync    *sync,
                   gint64      id,
                   const char *code,
                   gboolean    permanent,
                   Fixture    *fixture)
{
  g_ptr_array_add (fixture->failures,
                   g_strdup_printf ("%" G_GINT64_FORMAT " %s %s", id, code,
                                    permanent ? "permanent" : "transient"));
}

static void
on_drained_cb (PlrSync *sync,
               Fixture *fixture)
{
  fixture->drained++;
}

static void
make_sync (Fixture *fixture)
{
  fixture->sync = plr_sync_new (fixture->client, fixture->store,
                                G_NETWORK_MONITOR (fixture->monitor));
  /* Quick backoff, so that a retry after a failed drain comes within the test. */
  plr_sync_set_retry_delays (fixture->sync, 50, 200);
  g_signal_connect (fixture->sync, "item-sent", G_CALLBACK (on_item_sent_cb), fixture);
  g_signal_connect (fixture->sync, "item-failed", G_CALLBACK (on_item_failed_cb), fixture);
  g_signal_connect (fixture->sync, "drained", G_CALLBACK (on_drained_cb), fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (20261123, 5);
  g_autoptr(GError) error = NULL;

  fixture->log = plr_test_log_capture_begin ();

  /* On disk, so that a stopped service can come back with its state. */
  fixture->service_dir = g_build_filename (g_get_user_data_dir (), "service", NULL);
  fixture->service = plr_test_service_start (fixture->service_dir, 0);
  g_assert_true (plr_service_add_learner (fixture->service, USERNAME, PASSWORD, record, &error));
  g_assert_no_error (error);
  fixture->port = plr_service_get_port (fixture->service);
  fixture->base_url = plr_service_dup_base_url (fixture->service);

  fixture->session = soup_session_new_with_options ("timeout", 5, NULL);
  g_signal_connect (fixture->session, "request-queued", G_CALLBACK (on_request_queued_cb),
                    fixture);
  fixture->tokens = plr_memory_token_store_new ();
  fixture->client = plr_client_new (fixture->session, fixture->base_url, fixture->tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (fixture->client, fixture->session, USERNAME, PASSWORD);
  plr_client_set_retry_policy (fixture->client, 3, 10);

  fixture->store_path = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db",
                                          NULL);
  fixture->store = plr_store_new (fixture->store_path, &error);
  g_assert_no_error (error);

  fixture->monitor = g_object_new (TEST_TYPE_NETWORK_MONITOR, NULL);
  fixture->sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture->failures = g_ptr_array_new_with_free_func (g_free);
  make_sync (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->sync != NULL)
    plr_sync_stop (fixture->sync);
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->tokens);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->monitor);

  /* Let cancelled sources and closed connections finish. */
  while (g_main_context_iteration (NULL, FALSE))
    ;


  /* What the learner wrote, and their access token, reached no log line. */
  g_assert_null (strstr (fixture->log->str, "private note 8271"));
  g_assert_null (strstr (fixture->log->str, WRITER_NOTE));
  if (fixture->bearer != NULL)
    g_assert_null (strstr (fixture->log->str, fixture->bearer));

  g_clear_pointer (&fixture->service_dir, g_free);
  g_clear_pointer (&fixture->base_url, g_free);
  g_clear_pointer (&fixture->store_path, g_free);
  g_clear_pointer (&fixture->bearer, g_free);
  g_clear_pointer (&fixture->sent, g_array_unref);
  g_clear_pointer (&fixture->failures, g_ptr_array_unref);
  plr_test_log_capture_end ();
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

static gint64
record_choice (Fixture    *fixture,
               gboolean    opted_out,
               const char *note)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  g_assert_true (plr_store_record_sharing_choice (fixture->store, opted_out, "app", note, &id,
                                                  &error));
  g_assert_no_error (error);
  return id;
}

static PlrSharingChoice *
dup_choice (Fixture *fixture,
            gint64   change_id)
{
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;

  choices = plr_store_list_sharing_choices (fixture->store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < choices->len; i++)
    {
      PlrSharingChoice *choice = g_ptr_array_index (choices, i);

      if (choice->id == change_id)
        return plr_sharing_choice_copy (choice);
    }

  g_assert_not_reached ();
}

static PlrOutboxItem *
dup_item (Fixture *fixture,
          gint64   change_id)
{
  g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, change_id);
  g_autoptr(GError) error = NULL;
  PlrOutboxItem *item = plr_store_dup_outbox_item (fixture->store, choice->outbox_id, &error);

  g_assert_no_error (error);
  return item;
}

static guint
count_queued (Fixture *fixture)
{
  g_autoptr(GPtrArray) items = plr_store_list_outbox (fixture->store, TRUE, NULL);

  g_assert_nonnull (items);
  return items->len;
}

/* GET /v1/sharing-preferences, as the service holds them now. */
static JsonObject *
get_preferences (Fixture *fixture)
{
  g_autofree char *url = g_strconcat (fixture->base_url, "v1/sharing-preferences", NULL);
  g_autofree char *authorization = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  g_assert_nonnull (fixture->bearer);
  authorization = g_strconcat ("Bearer ", fixture->bearer, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                authorization);

  soup_session_send_and_read_async (fixture->session, message, G_PRIORITY_DEFAULT, NULL,
                                    plr_test_async_cb, &result);
  body = soup_session_send_and_read_finish (fixture->session, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);

  data = g_bytes_get_data (body, &length);
  text = g_strndup (data, length);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

/* The service holds @change as its current state, and the learner's
 * history holds the service's receipt for it. */
static void
assert_confirmed_as_current (Fixture *fixture,
                             gint64   change_id)
{
  g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, change_id);
  g_autoptr(PlrOutboxItem) item = dup_item (fixture, change_id);
  g_autoptr(JsonObject) preferences = get_preferences (fixture);

  g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_SENT);
  g_assert_nonnull (choice->reference);
  g_assert_true (g_str_has_prefix (choice->reference, "SP-"));
  g_assert_nonnull (choice->confirmed_at);
  g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_SENT);
  g_assert_nonnull (plr_outbox_item_get_response (item));

  g_assert_cmpint (json_object_get_boolean_member (preferences, "opted_out"), ==,
                   choice->opted_out);
  /* Each change the service applies gets the next reference: had it
   * applied this change twice, its reference would be past the receipt. */
  g_assert_cmpstr (json_object_get_string_member (preferences, "reference"), ==,
                   choice->reference);
}

static guint
count_puts (Fixture *fixture)
{
  return plr_service_count_requests (fixture->service, "PUT", "/v1/sharing-preferences");
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

/* (a) A choice made offline waits, then reaches the service once it is back. */
static void
test_offline_then_back (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  gint64 change;

  plr_test_sign_in (fixture->client);
  plr_test_service_stop (&fixture->service);

  change = record_choice (fixture, TRUE, PRIVATE_NOTE);
  g_assert_false (drain (fixture, &error));
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE);
  g_clear_error (&error);

  /* The history shows it waiting, with the failed attempt counted. */
  {
    g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, change);
    g_autoptr(PlrOutboxItem) item = dup_item (fixture, change);

    g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_QUEUED);
    g_assert_null (choice->reference);
    g_assert_null (choice->confirmed_at);
    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 1);
    g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "offline");
    g_assert_nonnull (plr_outbox_item_get_next_attempt_at (item));
    /* Stored to the second. */
    g_assert_cmpint (g_date_time_to_unix (plr_outbox_item_get_next_attempt_at (item)), >=,
                     g_date_time_to_unix (before));
  }
  g_assert_cmpuint (fixture->failures->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fixture->failures, 0),
                                   " offline transient"));
  g_assert_cmpuint (fixture->drained, ==, 0);

  /* The service comes back on the same address, with its state. */
  fixture->service = plr_test_service_start (fixture->service_dir, fixture->port);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  assert_confirmed_as_current (fixture, change);
  g_assert_cmpuint (count_puts (fixture), ==, 1);
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 1);
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  g_assert_cmpuint (fixture->drained, ==, 1);
  g_assert_cmpuint (count_queued (fixture), ==, 0);

  {
    g_autoptr(PlrOutboxItem) item = dup_item (fixture, change);

    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 2);
    g_assert_null (plr_outbox_item_get_next_attempt_at (item));
    g_assert_nonnull (plr_outbox_item_get_sent_at (item));
  }
}

/* (b) The process that queued the change dies before sending it; the next
 * one sends it, exactly once. */
static void
test_killed_before_sending (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *writer = g_getenv ("PLR_OUTBOX_WRITER");
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  PlrSharingChoice *choice;

  if (writer == NULL)
    {
      g_test_skip ("PLR_OUTBOX_WRITER is not set; run through meson test");
      return;
    }

  plr_test_sign_in (fixture->client);

  /* The app is not running: another process owns the store. */
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer, fixture->store_path,
                            NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line_utf8 (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "queued");

  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The app starts again. */
  fixture->store = plr_store_new (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_check_integrity (fixture->store, &error));
  g_assert_cmpuint (count_queued (fixture), ==, 1);
  make_sync (fixture);

  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  choices = plr_store_list_sharing_choices (fixture->store, &error);
  g_assert_cmpuint (choices->len, ==, 1);
  choice = g_ptr_array_index (choices, 0);
  g_assert_cmpstr (choice->note, ==, WRITER_NOTE);
  assert_confirmed_as_current (fixture, choice->id);

  g_assert_cmpuint (count_puts (fixture), ==, 1);
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 1);

  /* Draining again sends nothing. */
  g_assert_true (drain (fixture, &error));
  g_assert_cmpuint (count_puts (fixture), ==, 1);
  g_assert_cmpuint (fixture->sent->len, ==, 1);
}

/* (c) The service fails, then recovers: the change is applied once. */
static void
test_server_fails_then_succeeds (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first;
  gint64 second;

  plr_test_sign_in (fixture->client);

  /* A failure the client's own retry rides out, within one drain. */
  first = record_choice (fixture, TRUE, PRIVATE_NOTE);
  plr_service_set_write_fault (fixture->service, PLR_SERVICE_WRITE_FAULT_FAIL_BEFORE_APPLY, 1);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  assert_confirmed_as_current (fixture, first);
  g_assert_cmpuint (plr_service_get_write_faults_injected (fixture->service), ==, 1);
  g_assert_cmpuint (count_puts (fixture), ==, 2);
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 1);
  g_assert_cmpuint (fixture->failures->len, ==, 0);

  /* Failures that outlast the client's retries: the item waits, and the
   * backoff timer of the started sync sends it once the service recovers. */
  plr_client_set_retry_policy (fixture->client, 1, 10);
  plr_service_set_write_fault (fixture->service, PLR_SERVICE_WRITE_FAULT_FAIL_BEFORE_APPLY, 2);
  second = record_choice (fixture, FALSE, NULL);
  plr_sync_start (fixture->sync);

  PLR_TEST_WAIT_UNTIL (fixture->sent->len == 2 && !plr_sync_get_draining (fixture->sync));

  assert_confirmed_as_current (fixture, second);
  g_assert_cmpuint (plr_service_get_write_faults_injected (fixture->service), ==, 3);
  g_assert_cmpuint (count_puts (fixture), ==, 2 + 3);
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 2);
  g_assert_cmpuint (fixture->failures->len, ==, 2);
  for (guint i = 0; i < fixture->failures->len; i++)
    g_assert_true (g_str_has_suffix (g_ptr_array_index (fixture->failures, i),
                                     " http-503 transient"));

  {
    g_autoptr(PlrOutboxItem) item = dup_item (fixture, second);

    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 3);
    g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "http-503");
  }
  g_assert_cmpuint (count_queued (fixture), ==, 0);
}

/* A Retry-After longer than the client waits inside one request (120 s) is
 * waited out by the outbox: the next attempt is scheduled after it. */
static void
test_long_retry_after_waited_out (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(PlrOutboxItem) item = NULL;
  gint64 change;

  plr_test_sign_in (fixture->client);
  change = record_choice (fixture, TRUE, PRIVATE_NOTE);
  plr_service_set_write_fault (fixture->service, PLR_SERVICE_WRITE_FAULT_RATE_LIMITED_LONG, 1);
  g_assert_false (drain (fixture, &error));
  g_assert_nonnull (error);

  item = dup_item (fixture, change);
  g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "http-429");
  g_assert_nonnull (plr_outbox_item_get_next_attempt_at (item));
  g_assert_cmpint (g_date_time_difference (plr_outbox_item_get_next_attempt_at (item), before)
                   / G_USEC_PER_SEC, >=, 600 - 1);
  g_assert_cmpuint (count_puts (fixture), ==, 1);
}

/* (d) The service applied the change but its answer was lost: the retry
 * with the same Idempotency-Key gets the first answer back, and nothing is
 * applied twice. */
static void
test_response_lost (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first_reference = NULL;
  gint64 first;
  gint64 second;

  plr_test_sign_in (fixture->client);

  /* Within one drain: the client's retry gets the replayed answer. */
  first = record_choice (fixture, TRUE, NULL);
  plr_service_set_write_fault (fixture->service, PLR_SERVICE_WRITE_FAULT_DROP_AFTER_APPLY, 1);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  assert_confirmed_as_current (fixture, first);
  g_assert_cmpuint (plr_service_get_write_faults_injected (fixture->service), ==, 1);
  g_assert_cmpuint (count_puts (fixture), ==, 2);
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 1);

  /* Across drains: the answer is lost and the client gives up, so the
   * change waits as if it had never arrived; the next drain sends it
   * again and is answered from the service's memory. */
  plr_client_set_retry_policy (fixture->client, 1, 10);
  second = record_choice (fixture, FALSE, PRIVATE_NOTE);
  plr_service_set_write_fault (fixture->service, PLR_SERVICE_WRITE_FAULT_DROP_AFTER_APPLY, 1);
  g_assert_false (drain (fixture, &error));
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE);
  g_clear_error (&error);

  {
    g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, second);
    g_autoptr(JsonObject) preferences = get_preferences (fixture);

    g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_QUEUED);
    g_assert_null (choice->reference);
    /* The service did apply it. */
    g_assert_false (json_object_get_boolean_member (preferences, "opted_out"));
    first_reference = g_strdup (json_object_get_string_member (preferences, "reference"));
  }
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 2);

  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  assert_confirmed_as_current (fixture, second);
  {
    g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, second);

    g_assert_cmpstr (choice->reference, ==, first_reference);
  }
  g_assert_cmpuint (count_puts (fixture), ==, 4);
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 2);
}

/* (e) The sign-in ended during a drain: nothing is lost, everything waits
 * for the next sign-in, in order. */
static void
test_refresh_failure_leaves_queued (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first;
  gint64 second;

  plr_service_set_access_token_lifetime (fixture->service, 1);
  plr_test_sign_in (fixture->client);
  plr_service_revoke_tokens (fixture->service, USERNAME);
  g_usleep (1500 * 1000);

  first = record_choice (fixture, TRUE, NULL);
  second = record_choice (fixture, FALSE, PRIVATE_NOTE);

  g_assert_false (drain (fixture, &error));
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  g_assert_cmpuint (count_queued (fixture), ==, 2);
  g_assert_cmpuint (count_puts (fixture), ==, 0);
  {
    g_autoptr(PlrOutboxItem) item = dup_item (fixture, first);
    g_autoptr(PlrOutboxItem) later = dup_item (fixture, second);
    g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, first);

    g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_QUEUED);
    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 1);
    g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "unauthorized");
    /* The later change was not tried: it waits behind the first. */
    g_assert_cmpuint (plr_outbox_item_get_attempts (later), ==, 0);
    g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_QUEUED);
  }

  plr_service_set_access_token_lifetime (fixture->service,
                                         PLR_SERVICE_DEFAULT_ACCESS_TOKEN_LIFETIME);
  plr_test_sign_in (fixture->client);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (fixture->sent->len, ==, 2);
  {
    g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, first);

    g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_SENT);
    g_assert_cmpint (g_array_index (fixture->sent, gint64, 0), ==, choice->outbox_id);
  }
  assert_confirmed_as_current (fixture, second);
  g_assert_cmpuint (count_puts (fixture), ==, 2);
}

static void
exec_raw (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->store_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* Items go in order; one the service refuses for good is marked failed and
 * the next ones still go. */
static void
test_order_and_permanent_failure (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrSharingChoice) refused = NULL;
  g_autoptr(PlrOutboxItem) refused_item = NULL;
  g_autofree char *expected_failure = NULL;
  gint64 first;
  gint64 second;
  gint64 third;

  plr_test_sign_in (fixture->client);
  first = record_choice (fixture, TRUE, NULL);
  second = record_choice (fixture, FALSE, NULL);
  third = record_choice (fixture, TRUE, PRIVATE_NOTE);

  /* The second item's body is one the service refuses (400). */
  {
    g_autoptr(PlrSharingChoice) choice = dup_choice (fixture, second);
    g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET body = '{\"opted_out\":\"no\"}' "
                                            "WHERE id = %" G_GINT64_FORMAT, choice->outbox_id);
    exec_raw (fixture, sql);
  }

  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);

  refused = dup_choice (fixture, second);
  refused_item = dup_item (fixture, second);
  g_assert_cmpint (refused->state, ==, PLR_OUTBOX_STATE_FAILED);
  g_assert_null (refused->reference);
  g_assert_cmpstr (plr_outbox_item_get_last_error (refused_item), ==, "http-400");
  g_assert_cmpuint (plr_outbox_item_get_attempts (refused_item), ==, 1);

  expected_failure = g_strdup_printf ("%" G_GINT64_FORMAT " http-400 permanent",
                                      refused->outbox_id);
  g_assert_cmpuint (fixture->failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->failures, 0), ==, expected_failure);

  /* The others were sent, first before third. */
  g_assert_cmpuint (fixture->sent->len, ==, 2);
  {
    g_autoptr(PlrSharingChoice) a = dup_choice (fixture, first);
    g_autoptr(PlrSharingChoice) c = dup_choice (fixture, third);

    g_assert_cmpint (g_array_index (fixture->sent, gint64, 0), ==, a->outbox_id);
    g_assert_cmpint (g_array_index (fixture->sent, gint64, 1), ==, c->outbox_id);
    g_assert_cmpint (a->state, ==, PLR_OUTBOX_STATE_SENT);
    g_assert_cmpstr (a->reference, <, c->reference);
  }
  assert_confirmed_as_current (fixture, third);
  g_assert_cmpuint (fixture->drained, ==, 1);
  g_assert_cmpuint (count_queued (fixture), ==, 0);

  /* A failed item is not sent again. */
  g_assert_true (drain (fixture, &error));
  g_assert_cmpuint (count_puts (fixture), ==, 3);
}

/* A started sync sends a change as soon as it is recorded. */
static void
test_sends_new_changes_when_started (Fixture       *fixture,
                                     gconstpointer  data)
{
  gint64 change;

  plr_test_sign_in (fixture->client);
  plr_sync_start (fixture->sync);
  PLR_TEST_WAIT_UNTIL (fixture->drained == 1);

  change = record_choice (fixture, TRUE, PRIVATE_NOTE);
  PLR_TEST_WAIT_UNTIL (fixture->sent->len == 1 && fixture->drained == 2);

  assert_confirmed_as_current (fixture, change);
  g_assert_cmpuint (count_puts (fixture), ==, 1);
}

/* When the network comes back, the started sync drains at once, without
 * waiting for its backoff. */
static void
test_drains_when_network_returns (Fixture       *fixture,
                                  gconstpointer  data)
{
  gint64 change;

  plr_test_sign_in (fixture->client);
  plr_test_service_stop (&fixture->service);
  test_network_monitor_set_available (fixture->monitor, FALSE);
  /* A backoff far longer than the test. */
  plr_sync_set_retry_delays (fixture->sync, 600 * 1000, 600 * 1000);

  change = record_choice (fixture, TRUE, NULL);
  plr_sync_start (fixture->sync);
  PLR_TEST_WAIT_UNTIL (fixture->failures->len == 1 && !plr_sync_get_draining (fixture->sync));
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  fixture->service = plr_test_service_start (fixture->service_dir, fixture->port);
  test_network_monitor_set_available (fixture->monitor, TRUE);
  PLR_TEST_WAIT_UNTIL (fixture->sent->len == 1 && !plr_sync_get_draining (fixture->sync));

  assert_confirmed_as_current (fixture, change);
  g_assert_cmpuint (count_puts (fixture), ==, 1);
}

static void
on_drain_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GError **out = user_data;
  GError *error = NULL;

  if (!plr_sync_drain_finish (PLR_SYNC (object), result, &error))
    *out = error;
  else
    *out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "no error");
}

/* Drains asked for at once share one drain; cancelling one call ends that
 * call only. */
static void
test_concurrent_drains_join (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) second = NULL;
  g_autoptr(GError) cancelled = NULL;
  gint64 change;

  plr_test_sign_in (fixture->client);
  change = record_choice (fixture, TRUE, NULL);

  plr_sync_drain_async (fixture->sync, NULL, on_drain_done_cb, &first);
  plr_sync_drain_async (fixture->sync, NULL, on_drain_done_cb, &second);
  plr_sync_drain_async (fixture->sync, cancellable, on_drain_done_cb, &cancelled);
  g_assert_true (plr_sync_get_draining (fixture->sync));
  g_cancellable_cancel (cancellable);

  PLR_TEST_WAIT_UNTIL (first != NULL && second != NULL && cancelled != NULL);
  g_assert_error (first, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_error (second, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  assert_confirmed_as_current (fixture, change);
  g_assert_cmpuint (count_puts (fixture), ==, 1);
  g_assert_cmpuint (fixture->sent->len, ==, 1);
}

/* Stopping the sync stops the drain under way; the item stays queued, with
 * no attempt counted against it. */
static void
test_stop_keeps_item_queued (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 change;

  plr_test_sign_in (fixture->client);
  change = record_choice (fixture, TRUE, NULL);

  plr_sync_drain_async (fixture->sync, NULL, on_drain_done_cb, &result);
  plr_sync_stop (fixture->sync);
  PLR_TEST_WAIT_UNTIL (result != NULL);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  {
    g_autoptr(PlrOutboxItem) item = dup_item (fixture, change);

    g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_QUEUED);
    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 0);
  }

  /* Whether or not that request reached the service, the next drain
   * settles it, once. */
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  assert_confirmed_as_current (fixture, change);
  g_assert_cmpuint (plr_service_count_stored_responses (fixture->service), ==, 1);
}

static void
test_retry_delay_backoff (void)
{
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(PlrClient) client = plr_client_new (NULL, "http://127.0.0.1:1/", tokens, NULL);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "backoff", "cache.db", NULL);
  g_autoptr(PlrStore) store = plr_store_new (path, NULL);
  g_autoptr(PlrSync) sync = plr_sync_new (client, store, NULL);

  /* The defaults: 10 s, doubling, never more than 15 minutes. */
  for (guint attempts = 1; attempts <= 40; attempts++)
    {
      guint64 full = MIN ((guint64) PLR_SYNC_DEFAULT_FIRST_RETRY_MS << MIN (attempts - 1, 31u),
                          (guint64) PLR_SYNC_DEFAULT_MAX_RETRY_MS);
      guint delay = plr_sync_compute_retry_delay (sync, attempts);

      g_assert_cmpuint (delay, <=, full);
      g_assert_cmpuint (delay, >=, full / 2);
      g_assert_cmpuint (delay, <=, 15 * 60 * 1000);
    }

  g_assert_cmpuint (plr_sync_compute_retry_delay (sync, 1), <=, 10 * 1000);
  g_assert_cmpuint (plr_sync_compute_retry_delay (sync, 30), >=, 15 * 60 * 1000 / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  plr_test_log_capture_install ();

#define ADD(path, func) \
  g_test_add ("/sync/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("offline-then-back", test_offline_then_back);
  ADD ("killed-before-sending", test_killed_before_sending);
  ADD ("server-fails-then-succeeds", test_server_fails_then_succeeds);
  ADD ("response-lost", test_response_lost);
  ADD ("long-retry-after-waited-out", test_long_retry_after_waited_out);
  ADD ("refresh-failure-leaves-queued", test_refresh_failure_leaves_queued);
  ADD ("order-and-permanent-failure", test_order_and_permanent_failure);
  ADD ("sends-new-changes-when-started", test_sends_new_changes_when_started);
  ADD ("drains-when-network-returns", test_drains_when_network_returns);
  ADD ("concurrent-drains-join", test_concurrent_drains_join);
  ADD ("stop-keeps-item-queued", test_stop_keeps_item_queued);
  g_test_add_func ("/sync/retry-delay-backoff", test_retry_delay_backoff);

#undef ADD

  return g_test_run ();
}
