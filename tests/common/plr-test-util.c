/* plr-test-util.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plr-test-util.h"

/**
 * plr_test_async_cb:
 * @user_data: a `GAsyncResult **` that is %NULL
 *
 * A #GAsyncReadyCallback that keeps the result in @user_data.
 */
void
plr_test_async_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/**
 * plr_test_wait_tick_begin:
 *
 * Returns: a timer that wakes the main loop every 20 ms, for
 *   PLR_TEST_WAIT_UNTIL(); remove it with g_source_remove()
 */
guint
plr_test_wait_tick_begin (void)
{
  return g_timeout_add (20, tick_cb, NULL);
}

/**
 * plr_test_wait_for:
 * @slot: where plr_test_async_cb() puts the result
 *
 * Runs the main loop until the call finishes.
 *
 * Returns: (transfer none): the result
 */
GAsyncResult *
plr_test_wait_for (GAsyncResult **slot)
{
  PLR_TEST_WAIT_UNTIL (*slot != NULL);
  return *slot;
}

/**
 * plr_test_sign_in:
 * @client: a client whose browser is plr_form_sign_in_set_browser()'s
 *
 * Signs in and fails the test if that fails.
 */
void
plr_test_sign_in (PlrClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plr_client_sign_in_async (client, NULL, plr_test_async_cb, &result);
  g_assert_true (plr_client_sign_in_finish (client, plr_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

/**
 * plr_test_refresh:
 * @client: a signed-in client
 * @store: the cache to refresh
 * @error: return location for a #GError
 *
 * Refreshes @store from the service, waiting on the main loop.
 *
 * Returns: (transfer full): what changed, or %NULL with @error set
 */
PlrRecordDiff *
plr_test_refresh (PlrClient  *client,
                  PlrStore   *store,
                  GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plr_client_refresh_async (client, store, NULL, plr_test_async_cb, &result);
  return plr_client_refresh_finish (client, plr_test_wait_for (&result), error);
}

/**
 * plr_test_service_start:
 * @data_dir: (nullable): the service's folder, or %NULL for a service in memory
 * @port: the port on 127.0.0.1, or 0 for any
 *
 * Returns: (transfer full): a reference service listening on loopback
 */
PlrService *
plr_test_service_start (const char *data_dir,
                        guint       port)
{
  g_autoptr(PlrService) service = NULL;
  g_autoptr(GError) error = NULL;

  service = plr_service_new (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (plr_service_listen_local (service, port, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&service);
}

/**
 * plr_test_service_stop:
 * @service: the service, cleared
 *
 * Stops the service and lets the main loop close its connections, so the
 * port is free for one started again.
 */
void
plr_test_service_stop (PlrService **service)
{
  g_clear_object (service);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* GLib takes one log writer per process: it appends here while a test
 * captures. Tests run one at a time in a process, so one slot is enough. */
static GString *captured_log;
static GLogFunc previous_handler;
static gboolean in_handler;

static void
capture_append (const char *message,
                gssize      length)
{
  if (captured_log == NULL || in_handler)
    return;
  g_string_append_len (captured_log, message, length < 0 ? (gssize) strlen (message) : length);
  g_string_append_c (captured_log, '\n');
}

/* g_log() reaches a writer only through the default handler, and GTest
 * installs its own handler that prints without one (GLib 2.84): capture
 * there too, then hand on to it. */
static void
capture_handler (const char     *log_domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  capture_append (message, -1);
  in_handler = TRUE;
  if (previous_handler != NULL)
    previous_handler (log_domain, level, message, NULL);
  else
    g_log_default_handler (log_domain, level, message, NULL);
  in_handler = FALSE;
}

static GLogWriterOutput
capture_log_cb (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE"))
      capture_append (fields[i].value, fields[i].length);

  /* Debug messages are captured (tests look for counts and ids in them)
   * but shown only when G_MESSAGES_DEBUG asks. */
  if ((level & G_LOG_LEVEL_DEBUG) && g_getenv ("G_MESSAGES_DEBUG") == NULL)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (level, fields, n_fields, NULL);
}

/**
 * plr_test_log_capture_install:
 *
 * Installs the writer that plr_test_log_capture_begin() captures with;
 * call it once, from main(), before g_test_run().
 */
void
plr_test_log_capture_install (void)
{
  /* GLib 2.80 and later drop debug messages before any writer sees them
   * unless debug output is on. */
  g_log_set_debug_enabled (TRUE);
  g_log_set_writer_func (capture_log_cb, NULL, NULL);
  previous_handler = g_log_set_default_handler (capture_handler, NULL);
}

/**
 * plr_test_log_capture_begin:
 *
 * Returns: (transfer none): an empty log that every message is added to
 *   until plr_test_log_capture_end(), which frees it
 */
GString *
plr_test_log_capture_begin (void)
{
  plr_test_log_capture_end ();
  captured_log = g_string_new (NULL);
  return captured_log;
}

/**
 * plr_test_log_capture_end:
 *
 * Stops capturing and frees the log.
 */
void
plr_test_log_capture_end (void)
{
  if (captured_log != NULL)
    g_string_free (g_steal_pointer (&captured_log), TRUE);
}
