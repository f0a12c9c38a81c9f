/* plr-rights-request.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The kind of a rights request the learner recorded. */
typedef enum
{
  PLR_RIGHTS_REQUEST_SUBJECT_ACCESS,  /* UK GDPR Article 15 */
  PLR_RIGHTS_REQUEST_OBJECTION,       /* UK GDPR Article 21 */
} PlrRightsRequestKind;

/**
 * PlrRightsRequest:
 * @id: the row id
 * @kind: what was asked for
 * @body: the organisation it went to
 * @sent_on: the day it was sent
 * @due_on: the last day for the answer, computed when it was recorded
 * @answered_on: the day the answer came; not valid (g_date_valid()) while unanswered
 * @note: (nullable): the learner's note, such as a reference
 *
 * One data rights request, as stored.
 */
typedef struct
{
  gint64                id;
  PlrRightsRequestKind  kind;
  char                 *body;
  GDate                 sent_on;
  GDate                 due_on;
  GDate                 answered_on;
  char                 *note;
} PlrRightsRequest;

#define PLR_TYPE_RIGHTS_REQUEST (plr_rights_request_get_type ())

GType               plr_rights_request_get_type   (void);
PlrRightsRequest   *plr_rights_request_copy       (const PlrRightsRequest   *request);
void                plr_rights_request_free       (PlrRightsRequest         *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrRightsRequest, plr_rights_request_free)

G_END_DECLS
