/* plr-access-log-entry.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plr-recipient.h"

G_BEGIN_DECLS

/* What looks unusual about one read; see PlrAccessLog for the rules. */
typedef enum /*< flags >*/
{
  PLR_ACCESS_CONCERN_NONE                 = 0,
  PLR_ACCESS_CONCERN_MANY_READS           = 1 << 0,  /* many reads by its organisation that day */
  PLR_ACCESS_CONCERN_UNKNOWN_ORGANISATION = 1 << 1,  /* no notice names such an organisation */
  PLR_ACCESS_CONCERN_NIGHT                = 1 << 2,  /* in the small hours, UK time */
} PlrAccessConcerns;

/* Who read the record, as far as Learning Record can tell. */
typedef enum
{
  PLR_ACCESS_READER_UNKNOWN,  /* matches nothing the notices name */
  PLR_ACCESS_READER_YOU,      /* the learner's own client */
  PLR_ACCESS_READER_SHARE,    /* a recipient of a share the learner made */
  PLR_ACCESS_READER_KNOWN,    /* a recipient the notices name; see the recipient */
} PlrAccessReader;

#define PLR_TYPE_ACCESS_CONCERNS (plr_access_concerns_get_type ())
#define PLR_TYPE_ACCESS_READER (plr_access_reader_get_type ())
#define PLR_TYPE_ACCESS_LOG_ENTRY (plr_access_log_entry_get_type ())

GType              plr_access_concerns_get_type         (void);
GType              plr_access_reader_get_type           (void);

G_DECLARE_FINAL_TYPE (PlrAccessLogEntry, plr_access_log_entry, PLR, ACCESS_LOG_ENTRY, GObject)

PlrAccessLogEntry *plr_access_log_entry_new             (GDateTime         *at,
                                                         const char        *organisation,
                                                         const char        *ukprn,
                                                         const char        *user,
                                                         const char        *action,
                                                         const char        *purpose);
GDateTime         *plr_access_log_entry_get_at          (PlrAccessLogEntry *self);
const char        *plr_access_log_entry_get_organisation (PlrAccessLogEntry *self);
const char        *plr_access_log_entry_get_ukprn       (PlrAccessLogEntry *self);
const char        *plr_access_log_entry_get_user        (PlrAccessLogEntry *self);
const char        *plr_access_log_entry_get_action      (PlrAccessLogEntry *self);
const char        *plr_access_log_entry_get_purpose     (PlrAccessLogEntry *self);

PlrAccessReader    plr_access_log_entry_get_reader      (PlrAccessLogEntry *self);
PlrRecipient      *plr_access_log_entry_get_recipient   (PlrAccessLogEntry *self);
PlrAccessConcerns  plr_access_log_entry_get_concerns    (PlrAccessLogEntry *self);

/* For PlrAccessLog, which analyses the entries; not for other callers. */
void               _plr_access_log_entry_set_analysis   (PlrAccessLogEntry *self,
                                                         PlrAccessReader    reader,
                                                         PlrRecipient      *recipient,
                                                         PlrAccessConcerns  concerns);

G_END_DECLS
