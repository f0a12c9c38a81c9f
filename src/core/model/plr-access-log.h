/* plr-access-log.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "plr-access-log-entry.h"
#include "plr-recipients.h"

G_BEGIN_DECLS

#define PLR_ACCESS_LOG_ERROR (plr_access_log_error_quark ())

typedef enum
{
  PLR_ACCESS_LOG_ERROR_INVALID,    /* a page breaks the protocol; the message names the path */
  PLR_ACCESS_LOG_ERROR_TOO_LARGE,  /* more entries than any learner's log holds */
} PlrAccessLogError;

/* The organisation the reference service names the learner's own client
 * (PLR_SERVICE_OWN_CLIENT_ORGANISATION); its reads are never unusual. */
#define PLR_ACCESS_LOG_OWN_CLIENT "Learning Record (you)"

/* The action of a read through a share the learner made. */
#define PLR_ACCESS_LOG_ACTION_SHARE_VIEW "share-view"

/* An organisation reading the record more than this many times in one
 * day (UK time) is flagged. An enrolment check, a review or a results
 * upload reads a record once or twice; a screening or scraping job reads
 * it again and again. This is Learning Record's own rule of thumb, not
 * an LRS rule: DfE's own nightly checks for excessive viewing are not
 * published. */
#define PLR_ACCESS_LOG_MANY_READS_PER_DAY 3

/* Reads from 00:00 to 04:59 UK time are "at night", when asked for. */
#define PLR_ACCESS_LOG_NIGHT_FROM_HOUR 0
#define PLR_ACCESS_LOG_NIGHT_TO_HOUR   5

/* No learner's log comes near this; a service that sends more is broken. */
#define PLR_ACCESS_LOG_MAX_ENTRIES 100000

typedef enum /*< flags >*/
{
  PLR_ACCESS_ANALYSE_DEFAULT = 0,
  PLR_ACCESS_ANALYSE_NIGHT   = 1 << 0,   /* also flag reads at night */
} PlrAccessAnalyseFlags;

typedef enum
{
  PLR_ACCESS_FINDING_MANY_READS,            /* one organisation, one day, many reads */
  PLR_ACCESS_FINDING_UNKNOWN_ORGANISATION,  /* one organisation no notice names */
  PLR_ACCESS_FINDING_NIGHT_READS,           /* one organisation's reads at night */
} PlrAccessFindingKind;

/**
 * PlrAccessFinding:
 * @kind: what is unusual
 * @organisation: the organisation, as the log names it
 * @first_at: its first read concerned, in the analysis's time zone
 * @last_at: its last read concerned, in the analysis's time zone
 * @n_entries: how many reads are concerned
 *
 * One unusual pattern in an access log, for the learner to look into.
 */
typedef struct
{
  PlrAccessFindingKind  kind;
  char                 *organisation;
  GDateTime            *first_at;
  GDateTime            *last_at;
  guint                 n_entries;
} PlrAccessFinding;

#define PLR_TYPE_ACCESS_FINDING (plr_access_finding_get_type ())
#define PLR_TYPE_ACCESS_LOG (plr_access_log_get_type ())

GType              plr_access_finding_get_type        (void);
PlrAccessFinding  *plr_access_finding_copy            (const PlrAccessFinding *finding);
void               plr_access_finding_free            (PlrAccessFinding       *finding);
char              *plr_access_finding_describe        (const PlrAccessFinding *finding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrAccessFinding, plr_access_finding_free)

G_DECLARE_FINAL_TYPE (PlrAccessLog, plr_access_log, PLR, ACCESS_LOG, GObject)

GQuark             plr_access_log_error_quark         (void);

PlrAccessLogEntry *plr_access_log_entry_from_json_node (JsonNode              *node,
                                                        const char            *path,
                                                        GError               **error);
gboolean           plr_access_log_parse_page          (JsonNode               *root,
                                                       GPtrArray              *entries,
                                                       char                  **next_cursor,
                                                       GError                **error);

PlrAccessLog      *plr_access_log_new                 (GPtrArray              *entries);
GPtrArray         *plr_access_log_analyse             (PlrAccessLog           *self,
                                                       PlrRecipients          *recipients,
                                                       GTimeZone              *time_zone,
                                                       PlrAccessAnalyseFlags   flags);
guint              plr_access_log_count_concerns      (PlrAccessLog           *self);

G_END_DECLS
