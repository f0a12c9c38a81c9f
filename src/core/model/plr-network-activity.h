/* plr-network-activity.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * PlrNetworkActivity:
 * @at: when the request finished (UTC)
 * @method: the HTTP method
 * @host: the host
 * @path: the path, never a query
 * @status: the HTTP status, 0 when there was no answer
 * @bytes_sent: bytes sent
 * @bytes_received: bytes received
 *
 * One request the app made, as logged for the learner.
 */
typedef struct
{
  GDateTime *at;
  char      *method;
  char      *host;
  char      *path;
  guint      status;
  guint64    bytes_sent;
  guint64    bytes_received;
} PlrNetworkActivity;

#define PLR_TYPE_NETWORK_ACTIVITY (plr_network_activity_get_type ())

GType               plr_network_activity_get_type (void);
PlrNetworkActivity *plr_network_activity_copy     (const PlrNetworkActivity *activity);
void                plr_network_activity_free     (PlrNetworkActivity       *activity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrNetworkActivity, plr_network_activity_free)

G_END_DECLS
