/* plr-receipt.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plr-sharing-choice.h"

G_BEGIN_DECLS

#define PLR_RECEIPT_ERROR (plr_receipt_error_quark ())

typedef enum
{
  PLR_RECEIPT_ERROR_INVALID,   /* an input breaks a rule; the message says which */
} PlrReceiptError;

#define PLR_RECEIPT_FORMAT_NAME    "io.github.learningrecord.receipts"
#define PLR_RECEIPT_FORMAT_VERSION 1

/**
 * PlrShareLogEntry:
 * @reference: the service's reference for the share; never the share code,
 *   which would let anyone holding the receipt open the view
 * @recipient: who it was shared with, as the learner named them
 * @purpose: (nullable): why, as the learner wrote it
 * @view_title: (nullable): the configured view's title
 * @fields: (nullable) (array zero-terminated=1): the fields shared, as the
 *   learner saw them ("Grade", "Awarding organisation")
 * @n_events: how many learning events the view held
 * @created_at: when the learner made the share
 * @expires_at: (nullable): when it expires, if ever
 * @revoked_at: (nullable): when the learner revoked it, if they did
 *
 * One share the learner made, as a share log will keep it. The share log
 * is not in the store yet; until it is, callers build these themselves.
 */
typedef struct
{
  const char         *reference;
  const char         *recipient;
  const char         *purpose;
  const char         *view_title;
  const char * const *fields;
  guint               n_events;
  GDateTime          *created_at;
  GDateTime          *expires_at;
  GDateTime          *revoked_at;
} PlrShareLogEntry;

typedef enum /*< flags >*/
{
  PLR_RECEIPT_DEFAULT       = 0,
  PLR_RECEIPT_INCLUDE_ULN   = 1 << 0,  /* name the learner by ULN; off unless they choose */
  PLR_RECEIPT_INCLUDE_NOTES = 1 << 1,  /* the learner's own notes on their choices */
} PlrReceiptFlags;

GQuark    plr_receipt_error_quark         (void);

JsonNode *plr_receipt_for_sharing_choice  (const PlrSharingChoice  *choice,
                                           const PlrSharingChoice  *previous,
                                           PlrReceiptFlags          flags);
JsonNode *plr_receipt_for_share           (const PlrShareLogEntry  *share,
                                           const char              *service_name,
                                           GDateTime               *now,
                                           GError                 **error);
JsonNode *plr_receipt_build               (GPtrArray               *sharing_choices,
                                           const PlrShareLogEntry  *shares,
                                           gsize                    n_shares,
                                           const char              *service_name,
                                           const char              *uln,
                                           PlrReceiptFlags          flags,
                                           GDateTime               *now,
                                           GError                 **error);
GBytes   *plr_receipt_build_bytes         (GPtrArray               *sharing_choices,
                                           const PlrShareLogEntry  *shares,
                                           gsize                    n_shares,
                                           const char              *service_name,
                                           const char              *uln,
                                           PlrReceiptFlags          flags,
                                           GDateTime               *now,
                                           GError                 **error);

G_END_DECLS
