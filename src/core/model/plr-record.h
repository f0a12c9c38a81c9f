/* plr-record.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-learner.h"
#include "plr-learning-event.h"
#include "plr-record-credential.h"
#include "plr-types.h"

G_BEGIN_DECLS

#define PLR_RECORD_ERROR (plr_record_error_quark ())

/* What went wrong with a record document, from a file or a service. */
typedef enum
{
  PLR_RECORD_ERROR_NOT_A_RECORD,      /* not JSON / not XML / not our format */
  PLR_RECORD_ERROR_UNSUPPORTED_VERSION,
  PLR_RECORD_ERROR_TOO_LARGE,         /* document, event count or nesting over a limit */
  PLR_RECORD_ERROR_UNSAFE,            /* a DTD, entities, ... */
  PLR_RECORD_ERROR_INVALID,           /* a field is wrong: the message names its path */
  PLR_RECORD_ERROR_INVALID_ULN,
  PLR_RECORD_ERROR_NOT_SHARED,        /* WSEC0206: the learner opted not to share */
  PLR_RECORD_ERROR_NOT_VERIFIED,      /* WSEC0208: the learner could not be verified */
  PLR_RECORD_ERROR_NO_MATCH,          /* WSRC0001: no learner found */
  PLR_RECORD_ERROR_REJECTED_ULN,      /* WSEC0136: the service found the ULN invalid */
  PLR_RECORD_ERROR_UNKNOWN_RESPONSE,  /* a response code we do not know */
} PlrRecordError;

/* Where the record came from. */
#define PLR_RECORD_SOURCE_SERVICE "service"
#define PLR_RECORD_SOURCE_FILE    "file"
#define PLR_RECORD_SOURCE_LRS_XML "lrs-xml"
#define PLR_RECORD_SOURCE_SAMPLE  "sample"

#define PLR_TYPE_RECORD (plr_record_get_type ())

G_DECLARE_FINAL_TYPE (PlrRecord, plr_record, PLR, RECORD, GObject)

GQuark            plr_record_error_quark       (void);

PlrRecord        *plr_record_new               (PlrLearner       *learner);
PlrLearner       *plr_record_get_learner       (PlrRecord        *self);
GListModel       *plr_record_get_events        (PlrRecord        *self);
guint             plr_record_get_n_events      (PlrRecord        *self);
PlrLearningEvent *plr_record_get_event         (PlrRecord        *self,
                                                guint             position);
void              plr_record_append_event      (PlrRecord        *self,
                                                PlrLearningEvent *event);
void              plr_record_take_events       (PlrRecord        *self,
                                                GPtrArray        *events);
GDateTime        *plr_record_get_fetched_at    (PlrRecord        *self);
void              plr_record_set_fetched_at    (PlrRecord        *self,
                                                GDateTime        *fetched_at);
const char       *plr_record_get_source        (PlrRecord        *self);
void              plr_record_set_source        (PlrRecord        *self,
                                                const char       *source);
const char       *plr_record_get_etag          (PlrRecord        *self);
void              plr_record_set_etag          (PlrRecord        *self,
                                                const char       *etag);
const char       *plr_record_get_incoming_uln  (PlrRecord        *self);
void              plr_record_set_incoming_uln  (PlrRecord        *self,
                                                const char       *incoming_uln);
PlrRecordCredential *plr_record_get_credential (PlrRecord          *self);
void              plr_record_set_credential    (PlrRecord        *self,
                                                PlrRecordCredential *credential);
char             *plr_record_dup_signed_by     (PlrRecord        *self);
gboolean          plr_record_equal             (PlrRecord        *a,
                                                PlrRecord        *b);
char             *plr_record_dup_content_hash  (PlrRecord        *self);

gboolean plr_record_check_event_ids (GPtrArray   *events,
                                     const char  *position_format,
                                     GError     **error);

G_END_DECLS
