/* plr-network-activity.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plr-network-activity.h"

/* One request of the learner's network log, as the store keeps it. */

G_DEFINE_BOXED_TYPE (PlrNetworkActivity, plr_network_activity,
                     plr_network_activity_copy, plr_network_activity_free)

/**
 * plr_network_activity_copy:
 * @activity: a #PlrNetworkActivity
 *
 * Returns: (transfer full): a copy of @activity
 */
PlrNetworkActivity *
plr_network_activity_copy (const PlrNetworkActivity *activity)
{
  PlrNetworkActivity *copy = g_memdup2 (activity, sizeof *activity);

  copy->at = activity->at ? g_date_time_ref (activity->at) : NULL;
  copy->method = g_strdup (activity->method);
  copy->host = g_strdup (activity->host);
  copy->path = g_strdup (activity->path);
  return copy;
}

void
plr_network_activity_free (PlrNetworkActivity *activity)
{
  if (activity == NULL)
    return;

  g_clear_pointer (&activity->at, g_date_time_unref);
  g_free (activity->method);
  g_free (activity->host);
  g_free (activity->path);
  g_free (activity);
}
