/* plr-sync.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-client.h"
#include "plr-store.h"

G_BEGIN_DECLS

/* The backoff between attempts at a change the service could not take:
 * doubling from the first delay, never longer than the cap. */
#define PLR_SYNC_DEFAULT_FIRST_RETRY_MS  (10 * 1000)
#define PLR_SYNC_DEFAULT_MAX_RETRY_MS    (15 * 60 * 1000)

#define PLR_TYPE_SYNC (plr_sync_get_type ())

G_DECLARE_FINAL_TYPE (PlrSync, plr_sync, PLR, SYNC, GObject)

PlrSync         *plr_sync_new                 (PlrClient            *client,
                                               PlrStore             *store,
                                               GNetworkMonitor      *monitor);
PlrClient       *plr_sync_get_client          (PlrSync              *self);
PlrStore        *plr_sync_get_store           (PlrSync              *self);
gboolean         plr_sync_get_draining        (PlrSync              *self);
void             plr_sync_set_retry_delays    (PlrSync              *self,
                                               guint                 first_ms,
                                               guint                 max_ms);
guint            plr_sync_compute_retry_delay (PlrSync              *self,
                                               guint                 attempts);

void             plr_sync_start               (PlrSync              *self);
void             plr_sync_stop                (PlrSync              *self);

void             plr_sync_drain_async         (PlrSync              *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean         plr_sync_drain_finish        (PlrSync              *self,
                                               GAsyncResult         *result,
                                               GError              **error);

void             plr_sync_refresh_challenges_async  (PlrSync             *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GStrv            plr_sync_refresh_challenges_finish (PlrSync             *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void             plr_sync_refresh_shares_async  (PlrSync             *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         plr_sync_refresh_shares_finish (PlrSync             *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
