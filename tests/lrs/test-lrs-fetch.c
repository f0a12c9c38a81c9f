/* test-lrs-fetch.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `learning-record-service lrs fetch` against the stand-in LRS
 * (lrs-stand-in.py) on 127.0.0.1, run as the built programs:
 *
 * - an exact match and a linked learner write a Learning Record file,
 *   mode 0600, that `learning-record --import` accepts with every event;
 * - every other response code and every fault (HTTP 500, a SOAP fault, a
 *   slow answer, a body cut short, the wrong namespace, wrong credentials)
 *   ends in its own message, exit status 1, and nothing written;
 * - a configuration that others can read is refused with the reason;
 * - with G_MESSAGES_DEBUG=all, neither the password nor the ULN appears in
 *   any log line. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-lrs-client.h"
#include "plr-store.h"
#include "plr-test-util.h"

#define PASSWORD "Stand-in-Pa55word"

typedef struct
{
  GPid   pid;
  char  *url;
  char  *dir;
  char  *config;
} StandIn;

static StandIn stand_in;

static void
start_stand_in (void)
{
  const char *argv[] = { g_getenv ("PYTHON3"), g_getenv ("PLR_LRS_STAND_IN"),
                         "--slow", "4", NULL };
  g_autoptr(GIOChannel) channel = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *config = NULL;
  int out_fd;

  g_assert_nonnull (argv[0]);
  g_assert_nonnull (argv[1]);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL,
                                           NULL, &stand_in.pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_line (channel, &line, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "Listening on http://127.0.0.1:"));
  stand_in.url = g_strstrip (g_strdup (line + strlen ("Listening on ")));

  stand_in.dir = g_dir_make_tmp ("test-lrs-fetch-XXXXXX", &error);
  g_assert_no_error (error);
  stand_in.config = g_build_filename (stand_in.dir, "lrs.conf", NULL);
  config = g_strdup_printf ("[lrs]\nendpoint=%s\nukprn=10099999\nusername=provider-user\n"
                            "password=" PASSWORD "\nvendor-id=4321\ntimeout=2\n",
                            stand_in.url);
  g_assert_true (g_file_set_contents_full (stand_in.config, config, -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);
}

/* Runs @binary with @args; returns its exit status. */
static int
run (const char          *binary,
     const char * const  *args,
     char               **out_stdout,
     char               **out_stderr)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (builder, binary);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  envp = g_environ_setenv (envp, "G_MESSAGES_DEBUG", "all", TRUE);
  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out_stdout,
                               out_stderr, &status, &error));
  g_assert_no_error (error);

  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}

static char *
uln_of (const char *name)
{
  const char *argv[] = { g_getenv ("PYTHON3"), g_getenv ("PLR_LRS_STAND_IN"), "--print-ulns",
                         NULL };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                               NULL, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 2);

      if (parts[0] != NULL && g_str_equal (parts[0], name))
        return g_strdup (parts[1]);
    }

  g_error ("The stand-in has no learner “%s”", name);
  return NULL;
}

/* Neither the password nor the ULN in any output; the outcome may be on
 * stdout, but no personal data in a log line. */
static void
assert_private (const char *uln,
                const char *out,
                const char *err)
{
  g_assert_null (strstr (out, PASSWORD));
  g_assert_null (strstr (err, PASSWORD));
  g_assert_null (strstr (out, uln));
  g_assert_null (strstr (err, uln));
}

static int
fetch (const char  *config,
       const char  *uln,
       const char  *output,
       char       **out,
       char       **err)
{
  const char *args[] = { "lrs", "fetch", "--config", config, "--uln", uln,
                         "--given-name", "Siân", "--family-name", "O'Brien & <Jones>",
                         "--date-of-birth", "2001-02-03", "--gender", "2",
                         "--output", output, NULL };
  int status = run (g_getenv ("PLR_SERVICE_BINARY"), args, out, err);

  assert_private (uln, *out, *err);
  return status;
}

static void
test_record (gconstpointer data)
{
  const char *name = data;
  g_autofree char *uln = uln_of (name);
  g_autofree char *output = g_build_filename (stand_in.dir, name, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *import_out = NULL;
  g_autofree char *import_err = NULL;
  gboolean linked = g_str_equal (name, "linked");
  const char *import_args[] = { "--import", output, NULL };
  struct stat st;

  if (fetch (stand_in.config, uln, output, &out, &err) != 0)
    g_error ("lrs fetch failed: %s", err);

  g_assert_nonnull (strstr (out, linked ? "Linked learner (WSRC0022)"
                                        : "Exact match (WSRC0004): 3 learning events."));
  if (linked)
    g_assert_nonnull (strstr (out, "2 learning events."));

  g_assert_cmpint (g_stat (output, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  if (run (g_getenv ("LEARNING_RECORD_BIN"), import_args, &import_out, &import_err) != 0)
    g_error ("learning-record --import refused the file: %s", import_err);
  g_assert_nonnull (strstr (import_out, linked ? "Imported 2 learning events"
                                               : "Imported 3 learning events"));

  if (linked)
    {
      g_autofree char *contents = NULL;
      g_autofree char *found = uln_of ("found");

      /* Fetched under the found ULN, with the link recorded. */
      g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
      g_assert_nonnull (strstr (contents, found));
      g_assert_nonnull (strstr (contents, uln));
    }
}

typedef struct
{
  const char *learner;
  const char *message;
} Failure;

static const Failure failures[] = {
  { "no-match", "No match (WSRC0001)" },
  { "too-many", "Several matches (WSRC0002): more than one learner fits these details. Ask "
                "the learner for more details" },
  { "possible", "Possible match only (WSRC0003)" },
  { "not-shared", "Opted out (WSEC0206)" },
  { "not-verified", "Not verified (WSEC0208)" },
  { "unknown-code", "response code “WSRC0999”, which Learning Record does not know" },
  { "server-error", "The LRS answered with an HTTP error: 500" },
  { "fault", "The LRS refused the request (SOAP fault s:Server): “The service is temporarily "
             "unavailable”" },
  { "slow", "The LRS did not answer in time" },
  { "truncated", "The LRS's answer was cut short" },
  { "wrong-namespace", "not in the LRS model namespace" },
};

static void
test_failure (gconstpointer data)
{
  const Failure *failure = data;
  g_autofree char *uln = uln_of (failure->learner);
  g_autofree char *output = g_build_filename (stand_in.dir, failure->learner, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (fetch (stand_in.config, uln, output, &out, &err), ==, 1);
  if (strstr (err, failure->message) == NULL)
    g_error ("Expected “%s” in: %s", failure->message, err);
  g_assert_true (g_str_has_prefix (err, "No record was fetched.") ||
                 strstr (err, "\nNo record was fetched.") != NULL);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

/* The stand-in refuses an organisation it does not know with a fault. */
static void
test_wrong_password (void)
{
  g_autofree char *config = g_build_filename (stand_in.dir, "wrong.conf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *uln = uln_of ("exact");
  g_autofree char *output = g_build_filename (stand_in.dir, "wrong-password", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  contents = g_strdup_printf ("[lrs]\nendpoint=%s\nukprn=10099999\nusername=provider-user\n"
                              "password=not-the-password\nvendor-id=4321\n", stand_in.url);
  g_assert_true (g_file_set_contents_full (config, contents, -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));

  g_assert_cmpint (fetch (config, uln, output, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "could not be authenticated"));
  g_assert_null (strstr (err, "not-the-password"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
test_config_refused (void)
{
  g_autofree char *config = g_build_filename (stand_in.dir, "open.conf", NULL);
  g_autofree char *plain = g_build_filename (stand_in.dir, "plain.conf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *uln = uln_of ("exact");
  g_autofree char *output = g_build_filename (stand_in.dir, "refused", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_get_contents (stand_in.config, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents_full (config, contents, -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0644, NULL));
  g_assert_cmpint (fetch (config, uln, output, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "other users can open it (mode 0644)"));
  g_assert_nonnull (strstr (err, "chmod 600"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  /* Plain http:// to anything but this computer. */
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  contents = g_strdup ("[lrs]\nendpoint=http://lrs.example.org/LearnerService.svc\n"
                       "ukprn=10099999\nusername=u\npassword=" PASSWORD "\nvendor-id=1\n");
  g_assert_true (g_file_set_contents_full (plain, contents, -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL));
  g_assert_cmpint (fetch (plain, uln, output, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "https://"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
on_fetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static PlrRecord *
fetch_async (PlrLrsClient  *client,
             const char    *name,
             GError       **error)
{
  g_autofree char *uln = uln_of (name);
  g_autoptr(PlrLrsQuery) query = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  query = plr_lrs_query_new (uln, "Siân", "Jones", "2001-02-03", NULL, error);
  g_assert_nonnull (query);
  plr_lrs_client_fetch_async (client, query, NULL, on_fetched_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return plr_lrs_client_fetch_finish (client, result, error);
}

/* The library's asynchronous fetch, as the service's main loop uses it. */
static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrLrsClient) client = plr_lrs_client_new_from_file (stand_in.config, &error);
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrRecord) linked = NULL;
  g_autoptr(PlrRecord) none = NULL;
  g_autofree char *found = uln_of ("found");
  g_autofree char *asked = uln_of ("linked");
  g_autofree char *outcome = NULL;

  g_assert_no_error (error);

  record = fetch_async (client, "exact", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (record), ==, 3);
  g_assert_nonnull (plr_record_get_fetched_at (record));
  g_assert_null (plr_record_get_incoming_uln (record));

  linked = fetch_async (client, "linked", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_learner_get_uln (plr_record_get_learner (linked)), ==, found);
  g_assert_cmpstr (plr_record_get_incoming_uln (linked), ==, asked);
  outcome = plr_lrs_describe_outcome (linked);
  g_assert_nonnull (strstr (outcome, "Linked learner (WSRC0022)"));
  g_assert_null (strstr (outcome, found));

  none = fetch_async (client, "too-many", &error);
  g_assert_null (none);
  g_assert_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_TOO_MANY_MATCHES);
  g_clear_error (&error);

  g_assert_null (fetch_async (client, "fault", &error));
  g_assert_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_FAULT);
  g_clear_error (&error);

  g_assert_null (fetch_async (client, "wrong-namespace", &error));
  g_assert_error (error, PLR_LRS_ERROR, PLR_LRS_ERROR_BAD_RESPONSE);
}

/* ------------------------------------------------------------------------ */
/* The service as a gateway: learner add, then --lrs-config                   */

#define GATEWAY_USER     "sian"
#define GATEWAY_PASSWORD "a learner's own passphrase"

static guint
count_lrs_requests (SoupSession *session)
{
  g_autofree char *url = g_strconcat (stand_in.url, "requests", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  return (guint) g_ascii_strtoull (text, NULL, 10);
}

/* Adds a learner with `learner add`, the password on standard input or in
 * a file; returns the exit status. */
static int
learner_add (const char  *data_dir,
             const char  *username,
             const char  *uln,
             char       **out_stdout,
             char       **out_stderr)
{
  g_autofree char *password_file = g_build_filename (data_dir, "..", "password", NULL);
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--data", data_dir, "learner", "add", "--username", username,
                         "--password-file", password_file, "--uln", uln,
                         "--given-name", "Siân", "--family-name", "Jones",
                         "--date-of-birth", "2001-02-03", "--gender", "2", NULL };

  g_assert_true (g_file_set_contents_full (password_file, GATEWAY_PASSWORD "\n", -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);

  return run (g_getenv ("PLR_SERVICE_BINARY"), args, out_stdout, out_stderr);
}

typedef struct
{
  GPid        pid;
  char       *base_url;
  GIOChannel *out;
  int         err_fd;
} Gateway;

static void
gateway_start (Gateway    *gateway,
               const char *data_dir,
               const char *config)
{
  const char *argv[] = { g_getenv ("PLR_SERVICE_BINARY"), "--data", data_dir,
                         "--lrs-config", config, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = NULL;
  int out_fd;

  /* Debug messages go to stdout, before and after the "Listening" line:
   * the pipe stays open and is read to the end when the gateway stops. */
  envp = g_environ_setenv (g_get_environ (), "G_MESSAGES_DEBUG", "all", TRUE);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL,
                                           NULL, &gateway->pid, NULL, &out_fd, &gateway->err_fd,
                                           &error));
  g_assert_no_error (error);

  gateway->out = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (gateway->out, TRUE);
  while (gateway->base_url == NULL)
    {
      g_autofree char *line = NULL;

      g_assert_cmpint (g_io_channel_read_line (gateway->out, &line, NULL, NULL, &error), ==,
                       G_IO_STATUS_NORMAL);
      g_assert_no_error (error);
      if (g_str_has_prefix (line, "Listening on http://127.0.0.1:"))
        gateway->base_url = g_strstrip (g_strdup (line + strlen ("Listening on ")));
    }
}

/* Stops the gateway; returns what it logged. */
static char *
gateway_stop (Gateway *gateway)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (gateway->err_fd);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *debug = NULL;
  int status = 0;

  kill (gateway->pid, SIGTERM);
  waitpid (gateway->pid, &status, 0);
  g_spawn_close_pid (gateway->pid);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_io_channel_read_to_end (channel, &log, NULL, &error);
  g_assert_no_error (error);
  g_io_channel_read_to_end (gateway->out, &debug, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&gateway->out, g_io_channel_unref);
  g_clear_pointer (&gateway->base_url, g_free);

  return g_strconcat (log ? log : "", debug ? debug : "", NULL);
}

static void
assert_log_private (const char *log,
                    const char *uln)
{
  g_assert_null (strstr (log, uln));
  g_assert_null (strstr (log, "Siân"));
  g_assert_null (strstr (log, "Jones"));
  g_assert_null (strstr (log, "2001-02-03"));
  g_assert_null (strstr (log, GATEWAY_PASSWORD));
}

/* The app's own client against a service that fetches from the stand-in:
 * the record is the LRS's, fetched at sign-in, and a read within max-age
 * is answered from the store without asking the LRS again. */
static void
test_gateway (void)
{
  g_autofree char *uln = uln_of ("exact");
  g_autofree char *data_dir = g_build_filename (stand_in.dir, "gateway", "data", NULL);
  g_autofree char *config = g_build_filename (stand_in.dir, "gateway.conf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *cache = g_build_filename (g_get_user_data_dir (), "gateway-cache.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrRecordDiff) first = NULL;
  g_autoptr(PlrRecordDiff) second = NULL;
  g_autoptr(PlrRecord) stored = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Gateway gateway = { 0, };
  guint before, after_sign_in;

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  contents = g_strdup_printf ("[lrs]\nendpoint=%s\nukprn=10099999\nusername=provider-user\n"
                              "password=" PASSWORD "\nvendor-id=4321\ntimeout=10\n"
                              "max-age=3600\n", stand_in.url);
  g_assert_true (g_file_set_contents_full (config, contents, -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);

  g_assert_cmpint (learner_add (data_dir, GATEWAY_USER, uln, &out, &err), ==, 0);
  assert_log_private (err, uln);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The same username twice is refused. */
  g_assert_cmpint (learner_add (data_dir, GATEWAY_USER, uln, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "already a learner"));

  gateway_start (&gateway, data_dir, config);

  client = plr_client_new (session, gateway.base_url, tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (client, session, GATEWAY_USER, GATEWAY_PASSWORD);
  store = plr_store_new (cache, &error);
  g_assert_no_error (error);

  before = count_lrs_requests (session);

  plr_client_sign_in_async (client, NULL, plr_test_async_cb, &result);
  g_assert_true (plr_client_sign_in_finish (client, plr_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Signing in fetched the record from the LRS once. */
  after_sign_in = count_lrs_requests (session);
  g_assert_cmpuint (after_sign_in, ==, before + 1);

  plr_client_refresh_async (client, store, NULL, plr_test_async_cb, &result);
  first = plr_client_refresh_finish (client, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (plr_record_diff_is_first (first));
  g_assert_cmpuint (plr_record_diff_get_n_added (first), ==, 3);

  /* The stand-in's events, under the learner's ULN. */
  stored = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (stored), ==, 3);
  g_assert_cmpstr (plr_learner_get_uln (plr_record_get_learner (stored)), ==, uln);
  for (guint i = 0; i < 3; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (stored, i);

      g_assert_cmpint (plr_learning_event_get_id (event), >=, 4800000);
      g_assert_cmpint (plr_learning_event_get_id (event), <, 4800003);
      g_assert_cmpstr (plr_learning_event_get_value (event,
                                                     PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME),
                       ==, "Riverside Academy");
    }
  g_assert_nonnull (plr_record_get_etag (stored));

  /* A second fetch within max-age comes from the service's store. */
  plr_client_refresh_async (client, store, NULL, plr_test_async_cb, &result);
  second = plr_client_refresh_finish (client, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_false (plr_record_diff_is_first (second));
  g_assert_cmpuint (plr_record_diff_get_n_added (second), ==, 0);
  g_assert_cmpuint (count_lrs_requests (session), ==, after_sign_in);

  log = gateway_stop (&gateway);
  g_assert_nonnull (strstr (log, "from the LRS: 3 events"));
  assert_log_private (log, uln);
}

/* A learner the LRS gives no record: sign-in works, the record read is
 * the protocol's problem with the LRS's reason, and nothing is stored. */
static void
test_gateway_failure (void)
{
  g_autofree char *uln = uln_of ("not-shared");
  g_autofree char *data_dir = g_build_filename (stand_in.dir, "gateway-failure", "data", NULL);
  g_autofree char *cache = g_build_filename (g_get_user_data_dir (), "failure-cache.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *log = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 10, NULL);
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Gateway gateway = { 0, };

  g_assert_cmpint (g_mkdir_with_parents (data_dir, 0700), ==, 0);
  g_assert_cmpint (learner_add (data_dir, GATEWAY_USER, uln, &out, &err), ==, 0);

  gateway_start (&gateway, data_dir, stand_in.config);

  client = plr_client_new (session, gateway.base_url, tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (client, session, GATEWAY_USER, GATEWAY_PASSWORD);
  plr_client_set_retry_policy (client, 1, 10);
  store = plr_store_new (cache, &error);
  g_assert_no_error (error);

  plr_client_sign_in_async (client, NULL, plr_test_async_cb, &result);
  g_assert_true (plr_client_sign_in_finish (client, plr_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  plr_client_refresh_async (client, store, NULL, plr_test_async_cb, &result);
  diff = plr_client_refresh_finish (client, plr_test_wait_for (&result), &error);
  g_assert_null (diff);
  g_assert_nonnull (error);
  g_test_message ("The app was told: %s", error->message);
  g_clear_error (&error);

  log = gateway_stop (&gateway);
  g_assert_nonnull (strstr (log, "Could not fetch the record of learner"));
  assert_log_private (log, uln);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  start_stand_in ();

  g_test_add_data_func ("/lrs-fetch/exact", "exact", test_record);
  g_test_add_data_func ("/lrs-fetch/linked", "linked", test_record);
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lrs-fetch/refused/%s", failures[i].learner);

      g_test_add_data_func (path, &failures[i], test_failure);
    }
  g_test_add_func ("/lrs-fetch/wrong-password", test_wrong_password);
  g_test_add_func ("/lrs-fetch/config-refused", test_config_refused);
  g_test_add_func ("/lrs-fetch/async", test_async);
  g_test_add_func ("/lrs-fetch/gateway", test_gateway);
  g_test_add_func ("/lrs-fetch/gateway-failure", test_gateway_failure);

  status = g_test_run ();

  kill (stand_in.pid, SIGTERM);
  g_spawn_close_pid (stand_in.pid);

  return status;
}
