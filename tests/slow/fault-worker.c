/* fault-worker.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Does one kind of work on a cache over and over until it is killed;
 * test-fault-campaign kills it at random moments and checks what is left.
 *
 *   fault-worker import DATABASE FILE-A FILE-B
 *       imports the two record files in turn
 *   fetch DATABASE URL USER PASSWORD
 *       signs in to the reference service, then refreshes again and again
 *   outbox DATABASE URL USER PASSWORD
 *       queues a sharing choice, then drains the outbox, again and again
 *   forget DATABASE FILE
 *       imports the record file and queues three sharing choices, then
 *       forgets everything ("Forget this device"), again and again
 *
 * It prints "ready" once it has opened the cache. */

#include "config.h"

#include <stdio.h>
#include <sys/prctl.h>
#include <signal.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-record-file.h"
#include "plr-store.h"
#include "plr-sync.h"
#include "plr-token-store.h"

typedef struct
{
  SoupSession *session;
  const char  *user;
  const char  *password;
} Browser;

static void
die (const char *what,
     GError     *error)
{
  g_printerr ("fault-worker: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
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
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static PlrClient *
sign_in (const char  *url,
         Browser     *browser)
{
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  client = plr_client_new (browser->session, url, tokens, &error);
  if (client == NULL)
    die ("client", error);
  plr_form_sign_in_set_browser (client, browser->session, browser->user, browser->password);
  plr_client_sign_in_async (client, NULL, on_async_cb, &result);
  if (!plr_client_sign_in_finish (client, wait_for (&result), &error))
    die ("sign in", error);

  return g_steal_pointer (&client);
}

static int
run_import (PlrStore   *store,
            const char *file_a,
            const char *file_b)
{
  for (guint i = 0; ; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (i % 2 ? file_b : file_a);
      g_autoptr(PlrRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = plr_record_file_load (file, NULL, &error);
      if (record == NULL)
        die ("load", error);
      if (!plr_store_replace_record (store, record, NULL, &error))
        die ("replace", error);
    }
  return 0;
}

static int
run_forget (PlrStore   *store,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecord) record = plr_record_file_load (file, NULL, &error);

  if (record == NULL)
    die ("load", error);

  for (;;)
    {
      if (!plr_store_replace_record (store, record, NULL, &error))
        die ("replace", error);
      for (guint i = 0; i < 3; i++)
        if (!plr_store_record_sharing_choice (store, i % 2 == 0, "app", NULL, NULL, &error))
          die ("queue", error);
      if (!plr_store_forget (store, &error))
        die ("forget", error);
    }
  return 0;
}

static int
run_fetch (PlrStore   *store,
           const char *url,
           Browser    *browser)
{
  g_autoptr(PlrClient) client = sign_in (url, browser);

  for (;;)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PlrRecordDiff) diff = NULL;
      g_autoptr(GError) error = NULL;

      plr_client_refresh_async (client, store, NULL, on_async_cb, &result);
      diff = plr_client_refresh_finish (client, wait_for (&result), &error);
      if (error != NULL)
        die ("refresh", error);
    }
  return 0;
}

static int
run_outbox (PlrStore   *store,
            const char *url,
            Browser    *browser)
{
  g_autoptr(PlrClient) client = sign_in (url, browser);
  g_autoptr(PlrSync) sync = plr_sync_new (client, store, g_network_monitor_get_default ());

  for (guint i = 0; ; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      if (!plr_store_record_sharing_choice (store, i % 2 == 0, "app", NULL, NULL, &error))
        die ("queue", error);
      plr_sync_drain_async (sync, NULL, on_async_cb, &result);
      if (!plr_sync_drain_finish (sync, wait_for (&result), &error))
        die ("drain", error);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  Browser browser = { NULL, };

  /* Never outlive a test that failed before it could kill us. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);

  if (argc < 3)
    {
      g_printerr ("usage: fault-worker import|fetch|outbox DATABASE ...\n");
      return 2;
    }

  store = plr_store_new (argv[2], &error);
  if (store == NULL)
    die ("open", error);

  printf ("ready\n");
  fflush (stdout);

  if (g_str_equal (argv[1], "import") && argc == 5)
    return run_import (store, argv[3], argv[4]);
  if (g_str_equal (argv[1], "forget") && argc == 4)
    return run_forget (store, argv[3]);

  if (argc != 6)
    {
      g_printerr ("fault-worker: wrong arguments\n");
      return 2;
    }

  session = soup_session_new_with_options ("timeout", 10, NULL);
  browser.session = session;
  browser.user = argv[4];
  browser.password = argv[5];

  if (g_str_equal (argv[1], "fetch"))
    return run_fetch (store, argv[3], &browser);
  if (g_str_equal (argv[1], "outbox"))
    return run_outbox (store, argv[3], &browser);

  g_printerr ("fault-worker: unknown work %s\n", argv[1]);
  return 2;
}
