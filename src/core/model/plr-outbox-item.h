/* plr-outbox-item.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The kinds of change that go through the outbox. */
#define PLR_OUTBOX_KIND_SHARING_PREFERENCE "sharing-preference"
#define PLR_OUTBOX_KIND_SHARE              "share"         /* POST v1/shares */
#define PLR_OUTBOX_KIND_SHARE_REVOKE       "share-revoke"  /* DELETE v1/shares/{code} */

typedef enum
{
  PLR_OUTBOX_STATE_QUEUED,   /* waiting to be sent, or to be sent again */
  PLR_OUTBOX_STATE_SENT,     /* the service confirmed it */
  PLR_OUTBOX_STATE_FAILED,   /* the service refused it for good */
} PlrOutboxState;

#define PLR_TYPE_OUTBOX_STATE (plr_outbox_state_get_type ())
#define PLR_TYPE_OUTBOX_ITEM (plr_outbox_item_get_type ())

GType           plr_outbox_state_get_type           (void);
const char     *plr_outbox_state_to_string          (PlrOutboxState   state);
gboolean        plr_outbox_state_from_string        (const char      *text,
                                                     PlrOutboxState  *state);

G_DECLARE_FINAL_TYPE (PlrOutboxItem, plr_outbox_item, PLR, OUTBOX_ITEM, GObject)

gint64          plr_outbox_item_get_id              (PlrOutboxItem   *self);
const char     *plr_outbox_item_get_kind            (PlrOutboxItem   *self);
const char     *plr_outbox_item_get_method          (PlrOutboxItem   *self);
const char     *plr_outbox_item_get_path            (PlrOutboxItem   *self);
const char     *plr_outbox_item_get_body            (PlrOutboxItem   *self);
GBytes         *plr_outbox_item_dup_body_bytes      (PlrOutboxItem   *self);
const char     *plr_outbox_item_get_idempotency_key (PlrOutboxItem   *self);
GDateTime      *plr_outbox_item_get_created_at      (PlrOutboxItem   *self);
guint           plr_outbox_item_get_attempts        (PlrOutboxItem   *self);
const char     *plr_outbox_item_get_last_error      (PlrOutboxItem   *self);
GDateTime      *plr_outbox_item_get_next_attempt_at (PlrOutboxItem   *self);
PlrOutboxState  plr_outbox_item_get_state           (PlrOutboxItem   *self);
const char     *plr_outbox_item_get_response        (PlrOutboxItem   *self);
GDateTime      *plr_outbox_item_get_sent_at         (PlrOutboxItem   *self);

/* For PlrStore, which builds items from its rows; not for other callers.
 * (These belong in a plr-outbox-item-private.h once the tree has one.) */
PlrOutboxItem  *_plr_outbox_item_new                (gint64           id,
                                                     const char      *kind,
                                                     const char      *method,
                                                     const char      *path,
                                                     const char      *body,
                                                     const char      *idempotency_key,
                                                     GDateTime       *created_at);
void            _plr_outbox_item_set_progress       (PlrOutboxItem   *self,
                                                     PlrOutboxState   state,
                                                     guint            attempts,
                                                     const char      *last_error,
                                                     GDateTime       *next_attempt_at,
                                                     const char      *response,
                                                     GDateTime       *sent_at);

G_END_DECLS
