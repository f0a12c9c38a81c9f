/* bench-fetch.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Figures 3 and 4, against the reference service on 127.0.0.1, run in a
 * thread of this process with its own main context.
 *
 *   bench-fetch --dir DIR [--events N] [--seed S] [--repeat R] [--keep-pages]
 *
 * The learner's record is plr_sample_generate (S, N), the record that
 * `plr-generate --seed S --events N` writes. The client signs in through
 * the service's real OAuth sign-in (the form filled in by
 * plr_form_sign_in_async(), as the integration tests do), then:
 *
 * 3. fetch_s: a full fetch, plr_client_fetch_record_async() with no ETag:
 *    the learner, every page of events, every value validated. Its
 *    baseline: curl_s, the curl command downloading the very same requests
 *    (the same URLs, one connection, as the client does), plus
 *    parse_pages_s, json-glib parsing the downloaded bodies and nothing else.
 * 4. refresh_unchanged_*: plr_client_refresh_async() on a cache that holds
 *    the current record: bytes sent and received as the client counts them
 *    (libsoup's metrics: request and response headers and bodies), and the
 *    requests made. Its baseline, curl_conditional_bytes: curl sending the
 *    same conditional GET (If-None-Match) with the same token.
 *
 * Also prints first_refresh_s (a first refresh: fetch and store into an
 * empty cache), fetch_bytes (all bodies of a full fetch), and the longest
 * main-loop stall of this thread, where the client's callbacks run as they
 * do on the app's main thread, during the first refresh and the fetches:
 * first_refresh_stall_ms and fetch_stall_ms (figure 5's "while fetching"). */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-sample.h"
#include "plr-service.h"
#include "plr-store.h"

#include "bench-util.h"

#define USERNAME "bench"
#define PASSWORD "bench-password"
/* The client's page size (EVENTS_PAGE_SIZE in src/core/net/plr-client.c). */
#define PAGE_SIZE 1000

static int n_events = 100000;
static gint64 seed = 7;
static int repeat = 3;
static char *dir = NULL;
static gboolean keep_pages = FALSE;

static const GOptionEntry entries[] = {
  { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events in the record (default 100000)", "N" },
  { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "The learner (default 7)", "S" },
  { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Runs to take the median of (default 3)", "R" },
  { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Where to write the downloads and the cache",
    "DIR" },
  { "keep-pages", 'k', 0, G_OPTION_ARG_NONE, &keep_pages,
    "Leave the bodies curl downloaded in DIR/page-*.json", NULL },
  { NULL }
};

/* The service thread */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  PlrRecord    *record;
  GMutex        mutex;
  GCond         cond;
  gboolean      started;
  char         *base_url;
  GError       *error;
} Service;

static gpointer
service_thread_main (gpointer user_data)
{
  Service *svc = user_data;
  g_autoptr(PlrService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  g_main_context_push_thread_default (svc->context);

  service = plr_service_new (NULL, &error);
  if (service != NULL)
    {
      /* One token for the whole run: the client never has to refresh it. */
      plr_service_set_access_token_lifetime (service, 3600);
      if (!plr_service_add_learner (service, USERNAME, PASSWORD, svc->record, &error) ||
          !plr_service_listen_local (service, 0, &error))
        g_clear_object (&service);
    }
  if (service != NULL)
    base_url = plr_service_dup_base_url (service);

  g_mutex_lock (&svc->mutex);
  svc->started = TRUE;
  svc->base_url = g_steal_pointer (&base_url);
  svc->error = g_steal_pointer (&error);
  g_cond_signal (&svc->cond);
  g_mutex_unlock (&svc->mutex);

  if (service != NULL)
    g_main_loop_run (svc->loop);

  g_clear_object (&service);
  g_main_context_pop_thread_default (svc->context);
  return NULL;
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* The client side */

typedef struct
{
  SoupSession   *session;
  PlrTokenStore *tokens;
  PlrClient     *client;
  const char    *base_url;
  guint64        sent;
  guint64        received;
  guint          requests;
} Bench;

static void
on_request_finished_cb (PlrClient  *client,
                        const char *method,
                        const char *host,
                        const char *path,
                        guint       status,
                        guint64     sent,
                        guint64     received,
                        Bench      *bench)
{
  bench->sent += sent;
  bench->received += received;
  bench->requests++;
}

static void
on_form_signed_in_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!plr_form_sign_in_finish (result, &error))
    g_printerr ("bench-fetch: the sign-in form failed: %s\n", error->message);
}

static void
form_browser (const char *uri,
              gpointer    user_data)
{
  Bench *bench = user_data;

  plr_form_sign_in_async (bench->session, uri, USERNAME, PASSWORD, NULL, on_form_signed_in_cb,
                          NULL);
}

static void
on_async_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static PlrRecord *
fetch (Bench   *bench,
       GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plr_client_fetch_record_async (bench->client, NULL, NULL, on_async_cb, &result);
  return plr_client_fetch_record_finish (bench->client, wait_for (&result), NULL, error);
}

static PlrRecordDiff *
refresh (Bench     *bench,
         PlrStore  *store,
         GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plr_client_refresh_async (bench->client, store, NULL, on_async_cb, &result);
  return plr_client_refresh_finish (bench->client, wait_for (&result), error);
}

/* A GET with the bearer token, for walking the pages the way the client does. */
static GBytes *
get (Bench       *bench,
     const char  *token,
     const char  *url,
     GError     **error)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) body = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                bearer);
  body = soup_session_send_and_read (bench->session, message, NULL, error);
  if (body != NULL && soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "GET %s: HTTP %u", url,
                   soup_message_get_status (message));
      return NULL;
    }
  return g_steal_pointer (&body);
}

/* An access token of our own for curl, from the refresh token the client
 * stored, by the protocol's refresh grant. */
static char *
dup_access_token (Bench   *bench,
                  GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *refresh_token = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *form = NULL;
  JsonNode *root;

  plr_token_store_lookup_async (bench->tokens, bench->base_url, NULL, on_async_cb, &result);
  refresh_token = plr_token_store_lookup_finish (bench->tokens, wait_for (&result), error);
  if (refresh_token == NULL)
    return NULL;

  url = g_strconcat (bench->base_url, "oauth/token", NULL);
  form = soup_form_encode ("grant_type", "refresh_token", "refresh_token", refresh_token,
                           "client_id", PLR_CLIENT_ID, NULL);
  message = soup_message_new_from_encoded_form ("POST", url, g_steal_pointer (&form));
  body = soup_session_send_and_read (bench->session, message, NULL, error);
  if (body == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                   (gssize) g_bytes_get_size (body), error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "access_token"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no access token (HTTP %u)",
                   soup_message_get_status (message));
      return NULL;
    }

  return g_strdup (json_object_get_string_member (json_node_get_object (root), "access_token"));
}

/* The URLs a full fetch asks for, found by following next_cursor. */
static GPtrArray *
list_fetch_urls (Bench       *bench,
                 const char  *token,
                 GError     **error)
{
  g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *next = NULL;

  g_ptr_array_add (urls, g_strconcat (bench->base_url, "v1/learner", NULL));
  next = g_strdup_printf ("%sv1/learner/events?limit=%u", bench->base_url, PAGE_SIZE);

  while (next != NULL)
    {
      g_autoptr(GBytes) body = get (bench, token, next, error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      const char *cursor;

      if (body == NULL ||
          !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                       (gssize) g_bytes_get_size (body), error))
        return NULL;

      g_ptr_array_add (urls, g_steal_pointer (&next));
      object = json_node_get_object (json_parser_get_root (parser));
      cursor = json_object_get_null_member (object, "next_cursor")
                 ? NULL : json_object_get_string_member (object, "next_cursor");
      if (cursor != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
          next = g_strdup_printf ("%sv1/learner/events?limit=%u&cursor=%s", bench->base_url,
                                  PAGE_SIZE, escaped);
        }
    }

  return g_steal_pointer (&urls);
}

static char *
curl_config_quote (const char *text)
{
  g_autoptr(GString) quoted = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');

  return g_string_free (g_steal_pointer (&quoted), FALSE);
}

static gboolean
run_curl (const char * const  *argv,
          char               **out_stdout,
          double              *seconds,
          GError             **error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) output = NULL;
  gint64 start = bench_now_ns ();

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, error);
  if (process == NULL ||
      !g_subprocess_communicate (process, NULL, NULL, &output, NULL, error) ||
      !g_subprocess_wait_check (process, NULL, error))
    return FALSE;
  if (seconds != NULL)
    *seconds = bench_seconds_since (start);
  if (out_stdout != NULL)
    *out_stdout = g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output));

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time a fetch and a refresh");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fetch_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) curl_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parse_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) urls = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) config = g_string_new ("silent\nshow-error\nfail\n");
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autofree char *token = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *db = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *curl_out = NULL;
  Service svc = { 0, };
  Bench bench = { 0, };
  GThread *thread;
  guint64 fetch_bytes = 0;
  gint64 start;
  double first_refresh_s;
  double first_refresh_stall_ms;
  double fetch_stall_ms = 0;
  BenchStallWatch stall;

  setlocale (LC_ALL, "");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 || repeat < 1 ||
      dir == NULL || n_events < 1 || seed < 0 || seed > G_MAXUINT32)
    {
      g_printerr ("bench-fetch: %s\n", error ? error->message : "give --dir DIR");
      return 2;
    }
  if (curl == NULL)
    {
      g_printerr ("bench-fetch: the curl command is not installed\n");
      return 1;
    }
  g_mkdir_with_parents (dir, 0700);

  /* The service, on its own thread */
  svc.record = plr_sample_generate ((guint32) seed, (guint) n_events);
  svc.context = g_main_context_new ();
  svc.loop = g_main_loop_new (svc.context, FALSE);
  g_mutex_init (&svc.mutex);
  g_cond_init (&svc.cond);
  thread = g_thread_new ("bench-service", service_thread_main, &svc);
  g_mutex_lock (&svc.mutex);
  while (!svc.started)
    g_cond_wait (&svc.cond, &svc.mutex);
  g_mutex_unlock (&svc.mutex);
  if (svc.error != NULL)
    {
      g_printerr ("bench-fetch: the service did not start: %s\n", svc.error->message);
      return 1;
    }

  /* The client, signed in */
  bench.base_url = svc.base_url;
  bench.session = soup_session_new_with_options ("timeout", 120, NULL);
  bench.tokens = plr_memory_token_store_new ();
  bench.client = plr_client_new (bench.session, svc.base_url, bench.tokens, &error);
  if (bench.client == NULL)
    {
      g_printerr ("bench-fetch: %s\n", error->message);
      return 1;
    }
  plr_client_set_browser_launcher (bench.client, form_browser, &bench, NULL);
  g_signal_connect (bench.client, "request-finished", G_CALLBACK (on_request_finished_cb),
                    &bench);

  plr_client_sign_in_async (bench.client, NULL, on_async_cb, &result);
  if (!plr_client_sign_in_finish (bench.client, wait_for (&result), &error))
    {
      g_printerr ("bench-fetch: could not sign in: %s\n", error->message);
      return 1;
    }
  g_clear_object (&result);

  /* 4, and a first refresh: into an empty cache, then again, unchanged */
  db = g_build_filename (dir, "fetch.db", NULL);
  bench_remove_database (db);
  store = plr_store_new (db, &error);
  if (store == NULL)
    {
      g_printerr ("bench-fetch: %s\n", error->message);
      return 1;
    }
  bench_stall_watch_start (&stall);
  start = bench_now_ns ();
  diff = refresh (&bench, store, &error);
  first_refresh_s = bench_seconds_since (start);
  first_refresh_stall_ms = bench_stall_watch_stop (&stall);
  if (diff == NULL)
    {
      g_printerr ("bench-fetch: the first refresh failed: %s\n", error->message);
      return 1;
    }
  g_clear_object (&diff);

  bench.sent = bench.received = 0;
  bench.requests = 0;
  diff = refresh (&bench, store, &error);
  if (diff == NULL || !plr_record_diff_is_empty (diff))
    {
      g_printerr ("bench-fetch: the unchanged refresh failed: %s\n",
                  error ? error->message : "it found changes");
      return 1;
    }
  bench_report ("first_refresh_s", "%.6f", first_refresh_s);
  bench_report ("first_refresh_stall_ms", "%.2f", first_refresh_stall_ms);
  bench_report ("refresh_unchanged_sent", "%" G_GUINT64_FORMAT, bench.sent);
  bench_report ("refresh_unchanged_received", "%" G_GUINT64_FORMAT, bench.received);
  bench_report ("refresh_unchanged_bytes", "%" G_GUINT64_FORMAT, bench.sent + bench.received);
  bench_report ("refresh_unchanged_requests", "%u", bench.requests);

  /* 3. The baseline's inputs first: a token of its own for curl, and the
   * URLs of a full fetch */
  token = dup_access_token (&bench, &error);
  if (token == NULL || (urls = list_fetch_urls (&bench, token, &error)) == NULL)
    {
      g_printerr ("bench-fetch: %s\n", error->message);
      return 1;
    }

  {
    g_autofree char *header = g_strconcat ("Authorization: Bearer ", token, NULL);

    quoted = curl_config_quote (header);
    g_string_append_printf (config, "header = %s\n", quoted);
    g_clear_pointer (&quoted, g_free);
  }
  for (guint i = 0; i < urls->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%04u.json", i);
      char *path = g_build_filename (dir, name, NULL);
      g_autofree char *url = curl_config_quote (g_ptr_array_index (urls, i));
      g_autofree char *output = curl_config_quote (path);

      g_string_append_printf (config, "url = %s\noutput = %s\n", url, output);
      g_ptr_array_add (files, path);
    }
  config_path = g_build_filename (dir, "curl.config", NULL);
  if (!g_file_set_contents_full (config_path, config->str, (gssize) config->len,
                                 G_FILE_SET_CONTENTS_NONE, 0600, &error))
    {
      g_printerr ("bench-fetch: %s\n", error->message);
      return 1;
    }

  /* Then rounds of the three, interleaved so that a change in the load of
   * the machine falls on both sides; the first round warms up. */
  for (int r = 0; r <= repeat; r++)
    {
      g_autoptr(PlrRecord) record = NULL;
      const char *curl_argv[] = { curl, "--config", config_path, NULL };
      double fetch_t, curl_t, parse_t;

      bench_stall_watch_start (&stall);
      start = bench_now_ns ();
      record = fetch (&bench, &error);
      fetch_t = bench_seconds_since (start);
      fetch_stall_ms = MAX (fetch_stall_ms, bench_stall_watch_stop (&stall));
      if (record == NULL)
        {
          g_printerr ("bench-fetch: the fetch failed: %s\n", error->message);
          return 1;
        }
      if (plr_record_get_n_events (record) != (guint) n_events)
        {
          g_printerr ("bench-fetch: fetched %u events of %d\n",
                      plr_record_get_n_events (record), n_events);
          return 1;
        }
      g_clear_object (&record);

      if (!run_curl (curl_argv, NULL, &curl_t, &error))
        {
          g_printerr ("bench-fetch: curl: %s\n", error->message);
          return 1;
        }

      fetch_bytes = 0;
      start = bench_now_ns ();
      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *data = NULL;
          gsize length;

          /* Reading the bodies back from the files curl wrote is timed
           * with the parse, so the baseline is if anything slower. */
          if (!g_file_get_contents (g_ptr_array_index (files, i), &data, &length, &error) ||
              !bench_parse_only_data (data, length, &error))
            {
              g_printerr ("bench-fetch: %s\n", error->message);
              return 1;
            }
          fetch_bytes += length;
        }
      parse_t = bench_seconds_since (start);

      if (r > 0)
        {
          g_array_append_val (fetch_times, fetch_t);
          g_array_append_val (curl_times, curl_t);
          g_array_append_val (parse_times, parse_t);
        }
    }

  bench_report_seconds ("fetch_s", fetch_times);
  bench_report ("fetch_stall_ms", "%.2f", fetch_stall_ms);
  bench_report_seconds ("curl_s", curl_times);
  bench_report_seconds ("parse_pages_s", parse_times);
  bench_report ("fetch_requests", "%u", urls->len);
  bench_report ("fetch_bytes", "%" G_GUINT64_FORMAT, fetch_bytes);

  /* 4's baseline: curl's conditional GET of the learner, the same headers
   * that matter (the token and If-None-Match) */
  {
    g_autoptr(PlrRecord) stored = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT,
                                                         &error);
    g_autofree char *auth = g_strconcat ("Authorization: Bearer ", token, NULL);
    g_autofree char *inm = NULL;
    g_autofree char *url = g_strconcat (svc.base_url, "v1/learner", NULL);
    const char *curl_argv[] = {
      curl, "--silent", "--output", "/dev/null", "--header", auth, "--header", NULL,
      "--write-out", "%{http_code} %{size_request} %{size_upload} %{size_header} %{size_download}",
      url, NULL
    };
    guint64 code = 0, request = 0, upload = 0, header = 0, download = 0;

    if (stored == NULL)
      {
        g_printerr ("bench-fetch: %s\n", error ? error->message : "no stored record");
        return 1;
      }
    etag = g_strdup (plr_record_get_etag (stored));
    inm = g_strconcat ("If-None-Match: ", etag, NULL);
    curl_argv[7] = inm;
    if (!run_curl (curl_argv, &curl_out, NULL, &error) ||
        sscanf (curl_out, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                &code, &request, &upload, &header, &download) != 5 || code != 304)
      {
        g_printerr ("bench-fetch: curl's conditional GET: %s\n",
                    error ? error->message : curl_out);
        return 1;
      }
    bench_report ("curl_conditional_bytes", "%" G_GUINT64_FORMAT,
                  request + upload + header + download);
  }

  /* Stop the service */
  g_clear_object (&bench.client);
  g_clear_object (&store);
  g_clear_object (&bench.tokens);
  g_clear_object (&bench.session);
  g_main_context_invoke (svc.context, quit_loop_cb, svc.loop);
  g_thread_join (thread);
  g_clear_pointer (&svc.loop, g_main_loop_unref);
  g_clear_pointer (&svc.context, g_main_context_unref);
  g_clear_object (&svc.record);
  g_clear_pointer (&svc.base_url, g_free);
  g_mutex_clear (&svc.mutex);
  g_cond_clear (&svc.cond);

  if (!keep_pages)
    for (guint i = 0; i < files->len; i++)
      g_unlink (g_ptr_array_index (files, i));
  g_unlink (config_path);
  bench_remove_database (db);

  return EXIT_SUCCESS;
}
