/* plr-share-record.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plr-outbox-item.h"
#include "plr-record.h"
#include "plr-view.h"

G_BEGIN_DECLS

/* How a view left the app: a share code on the service, or a file. */
#define PLR_SHARE_CHANNEL_SHARE_CODE "share-code"
#define PLR_SHARE_CHANNEL_PDF        "pdf"
#define PLR_SHARE_CHANNEL_HTML       "html"
#define PLR_SHARE_CHANNEL_JSON       "json"
#define PLR_SHARE_CHANNEL_PRINT      "print"

/* Where one entry of the sharing log stands. */
typedef enum
{
  PLR_SHARE_STATE_EXPORTED,  /* a file or a print-out: nothing on the service */
  PLR_SHARE_STATE_WAITING,   /* a share waiting to be sent; no code yet */
  PLR_SHARE_STATE_ACTIVE,    /* a share the service holds; recipients can read it */
  PLR_SHARE_STATE_EXPIRED,   /* a share past its expiry */
  PLR_SHARE_STATE_REVOKED,   /* withdrawn by the learner */
  PLR_SHARE_STATE_FAILED,    /* the service refused to create it */
} PlrShareState;

/**
 * PlrShareInfo:
 * @code: the share code
 * @url: (nullable): the recipient's address
 * @recipient: (nullable): who it is for
 * @purpose: (nullable): why
 * @created_at: (nullable): when the service made it
 * @expires_at: (nullable): when it stops working
 * @revoked: whether it was withdrawn
 * @views: how many times a recipient read it
 *
 * One share as the service describes it (POST and GET /v1/shares).
 */
typedef struct
{
  char      *code;
  char      *url;
  char      *recipient;
  char      *purpose;
  GDateTime *created_at;
  GDateTime *expires_at;
  gboolean   revoked;
  gint64     views;
} PlrShareInfo;

#define PLR_TYPE_SHARE_INFO   (plr_share_info_get_type ())
#define PLR_TYPE_SHARE_STATE  (plr_share_state_get_type ())
#define PLR_TYPE_SHARE_RECORD (plr_share_record_get_type ())

GType          plr_share_info_get_type        (void);
GType          plr_share_state_get_type       (void);
PlrShareInfo  *plr_share_info_copy            (const PlrShareInfo *info);
void           plr_share_info_free            (PlrShareInfo       *info);
PlrShareInfo  *plr_share_info_new_from_json   (JsonNode           *node,
                                               GError            **error);
GPtrArray     *plr_share_info_list_from_json  (JsonNode           *root,
                                               GError            **error);
gboolean       plr_share_channel_is_valid     (const char         *channel);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrShareInfo, plr_share_info_free)

G_DECLARE_FINAL_TYPE (PlrShareRecord, plr_share_record, PLR, SHARE_RECORD, GObject)

gint64         plr_share_record_get_id          (PlrShareRecord *self);
const char    *plr_share_record_get_view_name   (PlrShareRecord *self);
const char    *plr_share_record_get_recipient   (PlrShareRecord *self);
const char    *plr_share_record_get_purpose     (PlrShareRecord *self);
const char    *plr_share_record_get_channel     (PlrShareRecord *self);
const gint64  *plr_share_record_get_entry_ids   (PlrShareRecord *self,
                                                 guint          *n_ids);
const char * const *plr_share_record_get_learner_fields (PlrShareRecord *self);
const char * const *plr_share_record_get_event_fields   (PlrShareRecord *self);
GDateTime     *plr_share_record_get_created_at  (PlrShareRecord *self);
GDateTime     *plr_share_record_get_expires_at  (PlrShareRecord *self);
GDateTime     *plr_share_record_get_revoked_at  (PlrShareRecord *self);
const char    *plr_share_record_get_share_code  (PlrShareRecord *self);
const char    *plr_share_record_get_url         (PlrShareRecord *self);
gint64         plr_share_record_get_views       (PlrShareRecord *self);
gint64         plr_share_record_get_outbox_id   (PlrShareRecord *self);
PlrOutboxState plr_share_record_get_outbox_state (PlrShareRecord *self);
PlrShareState  plr_share_record_get_state       (PlrShareRecord *self);

/* For PlrStore, which builds records from its rows; not for other callers. */
PlrShareRecord *_plr_share_record_new           (gint64          id,
                                                 const char     *view_name,
                                                 const char     *recipient,
                                                 const char     *purpose,
                                                 const char     *channel,
                                                 const char     *entry_ids_json,
                                                 const char     *field_names_json,
                                                 GDateTime      *created_at);
void            _plr_share_record_set_service   (PlrShareRecord *self,
                                                 const char     *share_code,
                                                 const char     *url,
                                                 GDateTime      *expires_at,
                                                 GDateTime      *revoked_at,
                                                 gint64          views,
                                                 gint64          outbox_id,
                                                 PlrOutboxState  outbox_state);

gboolean       plr_share_record_compare_coverage (PlrShareRecord *self,
                                                  PlrView        *view,
                                                  PlrRecord      *record,
                                                  guint          *n_added,
                                                  guint          *n_gone);

G_END_DECLS
