/* test-forget-keyring.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* "Forget this device" against a real keyring: run-with-keyring.sh starts
 * gnome-keyring in a private D-Bus session; secret-tool, the learner's own
 * way to look, must find no entry of the app's afterwards. */

#include "config.h"

#include <string.h>

#include "plr-forget.h"
#include "plr-holder-key-store.h"
#include "plr-secret-token-store.h"
#include "plr-store.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Waiter;

static void
wait_for (Waiter *waiter)
{
  while (!waiter->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->ok = plr_token_store_store_finish (PLR_TOKEN_STORE (object), result, &waiter->error);
  waiter->done = TRUE;
}

static void
on_forgotten_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->ok = plr_forget_device_finish (result, &waiter->error);
  waiter->done = TRUE;
}

/* What `secret-tool search --all app <app id>` prints, stdout and stderr. */
static char *
search_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "secret-tool", "search", "--all", "app", APP_ID, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, NULL,
                &error);
  g_assert_no_error (error);
  return g_strconcat (out, err, NULL);
}

static void
test_forget_clears_keyring (void)
{
  g_autoptr(PlrTokenStore) tokens = plr_secret_token_store_new ();
  g_autoptr(PlrHolderKeyStore) holder_keys = plr_holder_key_store_new ();
  g_autoptr(JsonObject) holder_key = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) folders = plr_forget_dup_app_folders ();
  g_autofree char *path = g_build_filename (folders[0], "cache.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char * const services[] = { "http://127.0.0.1:8080/", "http://localhost:9/plr/" };

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      Waiter waiter = { 0, };

      plr_token_store_store_async (tokens, services[i], "refresh-token-for-test", NULL,
                                   on_stored_cb, &waiter);
      wait_for (&waiter);
      g_assert_no_error (waiter.error);
      g_assert_true (waiter.ok);
    }

  /* The private half of the learner's holder key is personal too. */
  holder_key = plr_holder_key_store_ensure_sync (holder_keys, services[0], NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (holder_key);
  g_assert_true (plr_holder_key_store_get_in_keyring (holder_keys, services[0]));

  before = search_keyring ();
  g_assert_nonnull (strstr (before, "attribute.kind = holder-key"));
  g_assert_nonnull (strstr (before, "attribute.service = http://127.0.0.1:8080/"));
  g_assert_nonnull (strstr (before, "attribute.service = http://localhost:9/plr/"));

  store = plr_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, &error));

  {
    Waiter waiter = { 0, };

    plr_forget_device_async (store, tokens, holder_keys, (const char * const *) folders, NULL,
                             on_forgotten_cb, &waiter);
    wait_for (&waiter);
    g_assert_no_error (waiter.error);
    g_assert_true (waiter.ok);
  }

  after = search_keyring ();
  g_assert_null (strstr (after, APP_ID));
  g_assert_null (strstr (after, "attribute."));
  g_assert_false (g_file_test (folders[0], G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("PLR_TEST_KEYRING") == NULL)
    g_error ("Run this test through run-with-keyring.sh");

  g_test_add_func ("/forget/keyring", test_forget_clears_keyring);

  return g_test_run ();
}
