/* plr-lrs-xml.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-record.h"
#include "plr-record-json.h"

G_BEGIN_DECLS

/* LRS response codes (shared/domain.md) */
#define PLR_LRS_EXACT_MATCH      "WSRC0004"
#define PLR_LRS_LINKED_LEARNER   "WSRC0022"
#define PLR_LRS_NO_MATCH         "WSRC0001"
#define PLR_LRS_NOT_SHARED       "WSEC0206"
#define PLR_LRS_NOT_VERIFIED     "WSEC0208"
#define PLR_LRS_INVALID_ULN      "WSEC0136"

PlrRecord *plr_lrs_xml_read (GBytes                *bytes,
                             const PlrRecordLimits *limits,
                             GError               **error);

G_END_DECLS
