/* plr-store.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-challenge.h"
#include "plr-challenge-status.h"
#include "plr-evidence.h"
#include "plr-network-activity.h"
#include "plr-outbox-item.h"
#include "plr-record.h"
#include "plr-record-changes.h"
#include "plr-record-diff.h"
#include "plr-rights-request.h"
#include "plr-share-record.h"
#include "plr-sharing-choice.h"
#include "plr-view.h"

G_BEGIN_DECLS

#define PLR_STORE_ERROR (plr_store_error_quark ())

typedef enum
{
  PLR_STORE_ERROR_FAILED,
  PLR_STORE_ERROR_CORRUPT,       /* the file was damaged and has been moved aside */
  PLR_STORE_ERROR_TOO_NEW,       /* written by a newer Learning Record */
  PLR_STORE_ERROR_PERMISSION,    /* the folder or file cannot be made private */
  PLR_STORE_ERROR_DISK_FULL,
  PLR_STORE_ERROR_INVALID,       /* the data given breaks a rule: a note too long, an answer
                                  * from the service without what it must hold */
  PLR_STORE_ERROR_NOT_FOUND,     /* no such outbox item, or it is not waiting to be sent */
  PLR_STORE_ERROR_EXISTS,        /* a saved view already has this name */
} PlrStoreError;

typedef enum
{
  PLR_STORE_SNAPSHOT_CURRENT,
  PLR_STORE_SNAPSHOT_PREVIOUS,
} PlrStoreSnapshot;

#define PLR_STORE_SCHEMA_VERSION 7

/* The protocol's limit on the note of a sharing choice, in characters. */
#define PLR_STORE_MAX_NOTE_CHARS 2000

/* How many network requests the log keeps by default. */
#define PLR_STORE_NETWORK_ACTIVITY_KEEP 5000

#define PLR_TYPE_STORE (plr_store_get_type ())

G_DECLARE_FINAL_TYPE (PlrStore, plr_store, PLR, STORE, GObject)

GQuark         plr_store_error_quark          (void);
char          *plr_store_dup_default_path     (void);

PlrStore      *plr_store_new                  (const char           *path,
                                               GError              **error);
const char    *plr_store_get_path             (PlrStore             *self);
int            plr_store_get_schema_version   (PlrStore             *self);

PlrRecord     *plr_store_load_record          (PlrStore             *self,
                                               PlrStoreSnapshot      which,
                                               GError              **error);
void           plr_store_load_record_async    (PlrStore             *self,
                                               PlrStoreSnapshot      which,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
PlrRecord     *plr_store_load_record_finish   (PlrStore             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

gboolean       plr_store_replace_record       (PlrStore             *self,
                                               PlrRecord            *record,
                                               PlrRecordDiff       **diff,
                                               GError              **error);
void           plr_store_replace_record_async (PlrStore             *self,
                                               PlrRecord            *record,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
PlrRecordDiff *plr_store_replace_record_finish (PlrStore            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

gboolean       plr_store_update_fetch_info    (PlrStore             *self,
                                               GDateTime            *fetched_at,
                                               const char           *etag,
                                               GError              **error);
char          *plr_store_dup_content_hash     (PlrStore             *self,
                                               GError              **error);
PlrRecordDiff *plr_store_dup_changes          (PlrStore             *self,
                                               PlrRecord            *current_record,
                                               GError              **error);
void              plr_store_load_changes_async  (PlrStore             *store,
                                                PlrRecord            *current_record,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
PlrRecordChanges *plr_store_load_changes_finish (GAsyncResult         *result,
                                                GError              **error);
GArray        *plr_store_search               (PlrStore             *self,
                                               const char           *text,
                                               GError              **error);
gboolean       plr_store_check_integrity      (PlrStore             *self,
                                               GError              **error);

gboolean       plr_store_record_sharing_choice (PlrStore            *self,
                                                gboolean             opted_out,
                                                const char          *method,
                                                const char          *note,
                                                gint64              *out_change_id,
                                                GError             **error);
GPtrArray     *plr_store_list_sharing_choices (PlrStore             *self,
                                               GError              **error);

GPtrArray     *plr_store_list_outbox          (PlrStore             *self,
                                               gboolean              only_queued,
                                               GError              **error);
PlrOutboxItem *plr_store_dup_outbox_item      (PlrStore             *self,
                                               gint64                id,
                                               GError              **error);
gboolean       plr_store_mark_outbox_sent     (PlrStore             *self,
                                               gint64                id,
                                               const char           *response_json,
                                               GError              **error);
gboolean       plr_store_mark_outbox_attempt_failed (PlrStore       *self,
                                                     gint64          id,
                                                     const char     *error_code,
                                                     GDateTime      *next_attempt_at,
                                                     gboolean        permanent,
                                                     GError        **error);

char          *plr_store_dup_evidence_dir     (PlrStore             *self);
gboolean       plr_store_save_challenge       (PlrStore             *self,
                                               PlrChallenge         *challenge,
                                               GError              **error);
PlrChallenge  *plr_store_dup_challenge        (PlrStore             *self,
                                               const char           *uuid,
                                               GError              **error);
GPtrArray     *plr_store_list_challenges      (PlrStore             *self,
                                               GError              **error);
gboolean       plr_store_delete_challenge     (PlrStore             *self,
                                               const char           *uuid,
                                               GError              **error);
gboolean       plr_store_add_challenge_evidence (PlrStore           *self,
                                                 const char         *uuid,
                                                 PlrEvidence        *evidence,
                                                 GError            **error);
gboolean       plr_store_remove_challenge_evidence (PlrStore        *self,
                                                    const char      *uuid,
                                                    gint64           evidence_id,
                                                    GError         **error);
GPtrArray     *plr_store_list_challenge_evidence (PlrStore          *self,
                                                  const char        *uuid,
                                                  GError           **error);
GPtrArray     *plr_store_list_challenge_timeline (PlrStore          *self,
                                                  const char        *uuid,
                                                  GError           **error);
gboolean       plr_store_submit_challenge     (PlrStore             *self,
                                               const char           *uuid,
                                               gint64               *out_outbox_id,
                                               GError              **error);
gboolean       plr_store_record_challenge_sent (PlrStore            *self,
                                                const char          *uuid,
                                                PlrChallengeRoute    route,
                                                GDateTime           *sent_at,
                                                const char          *reference,
                                                GError             **error);
gboolean       plr_store_record_challenge_progress (PlrStore        *self,
                                                    const char      *uuid,
                                                    PlrChallengeState state,
                                                    GDateTime       *at,
                                                    const char      *note,
                                                    GError         **error);
GStrv          plr_store_apply_challenge_statuses (PlrStore         *self,
                                                   GPtrArray        *statuses,
                                                   GError          **error);
gboolean       plr_store_has_open_service_challenges (PlrStore      *self);

gboolean       plr_store_save_view            (PlrStore             *self,
                                               PlrView              *view,
                                               gboolean              replace,
                                               GError              **error);
PlrView       *plr_store_load_view            (PlrStore             *self,
                                               const char           *name,
                                               GError              **error);
GPtrArray     *plr_store_list_views           (PlrStore             *self,
                                               GError              **error);
gboolean       plr_store_delete_view          (PlrStore             *self,
                                               const char           *name,
                                               GError              **error);

gboolean       plr_store_log_export           (PlrStore             *self,
                                               PlrView              *view,
                                               PlrRecord            *record,
                                               const char           *channel,
                                               gint64               *out_id,
                                               GError              **error);
gboolean       plr_store_create_share         (PlrStore             *self,
                                               PlrView              *view,
                                               PlrRecord            *record,
                                               GDateTime            *expires_at,
                                               gint64               *out_id,
                                               GError              **error);
gboolean       plr_store_revoke_share         (PlrStore             *self,
                                               gint64                id,
                                               GError              **error);
gboolean       plr_store_cancel_share         (PlrStore             *self,
                                               gint64                id,
                                               GError              **error);
GPtrArray     *plr_store_list_share_records   (PlrStore             *self,
                                               GError              **error);
PlrShareRecord *plr_store_dup_share_record    (PlrStore             *self,
                                               gint64                id,
                                               GError              **error);
gboolean       plr_store_apply_share_infos    (PlrStore             *self,
                                               GPtrArray            *infos,
                                               GError              **error);
gboolean       plr_store_has_service_shares   (PlrStore             *self);
gboolean       plr_store_add_rights_request   (PlrStore             *self,
                                               PlrRightsRequestKind  kind,
                                               const char           *body,
                                               const GDate          *sent_on,
                                               const char           *note,
                                               gint64               *out_id,
                                               GError              **error);
gboolean       plr_store_mark_rights_request_answered (PlrStore     *self,
                                                       gint64        id,
                                                       const GDate  *answered_on,
                                                       GError      **error);
GPtrArray     *plr_store_list_rights_requests (PlrStore             *self,
                                               GError              **error);
gboolean       plr_store_log_network_activity (PlrStore             *self,
                                               GDateTime            *at,
                                               const char           *method,
                                               const char           *host,
                                               const char           *path,
                                               guint                 status,
                                               guint64               bytes_sent,
                                               guint64               bytes_received,
                                               guint                 keep,
                                               GError              **error);
void           plr_store_queue_network_activity (PlrStore          *self,
                                                 const char        *method,
                                                 const char        *host,
                                                 const char        *path,
                                                 guint              status,
                                                 guint64            bytes_sent,
                                                 guint64            bytes_received,
                                                 guint              keep);
GPtrArray     *plr_store_list_network_activity (PlrStore            *self,
                                                guint                limit,
                                                GError             **error);
void           plr_store_list_network_activity_async  (PlrStore            *self,
                                                       guint                limit,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray     *plr_store_list_network_activity_finish (PlrStore            *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
int            plr_store_count_unsent         (PlrStore             *self,
                                               GError              **error);
gboolean       plr_store_save_issuer_keys     (PlrStore             *self,
                                               const char           *issuer_url,
                                               const char           *jwks,
                                               GError              **error);
GPtrArray     *plr_store_dup_issuer_keys      (PlrStore             *self,
                                               const char           *issuer_url,
                                               GError              **error);
gboolean       plr_store_remove_tree          (const char           *path,
                                               GError              **error);
gboolean       plr_store_forget               (PlrStore             *self,
                                               GError              **error);

G_END_DECLS
