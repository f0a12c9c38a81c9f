/* plr-rights-request.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plr-rights-request.h"

/* A data rights request as the store keeps it. */

G_DEFINE_BOXED_TYPE (PlrRightsRequest, plr_rights_request,
                     plr_rights_request_copy, plr_rights_request_free)

/**
 * plr_rights_request_copy:
 * @request: a #PlrRightsRequest
 *
 * Returns: (transfer full): a copy of @request
 */
PlrRightsRequest *
plr_rights_request_copy (const PlrRightsRequest *request)
{
  PlrRightsRequest *copy = g_memdup2 (request, sizeof *request);

  copy->body = g_strdup (request->body);
  copy->note = g_strdup (request->note);
  return copy;
}

void
plr_rights_request_free (PlrRightsRequest *request)
{
  if (request == NULL)
    return;

  g_free (request->body);
  g_free (request->note);
  g_free (request);
}
