/* plr-test-util.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What the integration tests share: waiting on the main loop for an
 * asynchronous call, signing in, a reference service on loopback, and a
 * copy of everything logged (to check that no personal data reaches it). */

#pragma once

#include "plr-client.h"
#include "plr-service.h"

G_BEGIN_DECLS

/* How long any wait may take before the test fails. */
#define PLR_TEST_WAIT_SECONDS 30

void          plr_test_async_cb           (GObject       *object,
                                           GAsyncResult  *result,
                                           gpointer       user_data);
GAsyncResult *plr_test_wait_for           (GAsyncResult **slot);
guint         plr_test_wait_tick_begin    (void);
void          plr_test_sign_in            (PlrClient     *client);
PlrRecordDiff *plr_test_refresh           (PlrClient     *client,
                                           PlrStore      *store,
                                           GError       **error);

PlrService   *plr_test_service_start      (const char    *data_dir,
                                           guint          port);
void          plr_test_service_stop       (PlrService   **service);

void          plr_test_log_capture_install (void);
GString      *plr_test_log_capture_begin   (void);
void          plr_test_log_capture_end     (void);

/* Runs the main loop until @cond holds, for at most PLR_TEST_WAIT_SECONDS;
 * a timer wakes the loop so that a condition set by another thread is
 * seen. */
#define PLR_TEST_WAIT_UNTIL(cond) \
  G_STMT_START { \
    gint64 plr_wait_deadline = g_get_monotonic_time () + PLR_TEST_WAIT_SECONDS * G_USEC_PER_SEC; \
    guint plr_wait_tick = plr_test_wait_tick_begin (); \
    while (!(cond)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, plr_wait_deadline); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (plr_wait_tick); \
  } G_STMT_END

G_END_DECLS
