/* plr-record-credential.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PLR_TYPE_RECORD_CREDENTIAL (plr_record_credential_get_type ())

G_DECLARE_FINAL_TYPE (PlrRecordCredential, plr_record_credential, PLR, RECORD_CREDENTIAL, GObject)

PlrRecordCredential *plr_record_credential_new                (const char          *compact,
                                                               const char          *issuer,
                                                               const char          *issuer_name,
                                                               gint64               issued_at,
                                                               gint64               expires_at,
                                                               gint64               record_version);
const char          *plr_record_credential_get_compact        (PlrRecordCredential *self);
const char          *plr_record_credential_get_issuer         (PlrRecordCredential *self);
const char          *plr_record_credential_get_issuer_name    (PlrRecordCredential *self);
gint64               plr_record_credential_get_issued_at      (PlrRecordCredential *self);
gint64               plr_record_credential_get_expires_at     (PlrRecordCredential *self);
gint64               plr_record_credential_get_record_version (PlrRecordCredential *self);
gboolean             plr_record_credential_is_expired         (PlrRecordCredential *self,
                                                               gint64               now);
char                *plr_record_credential_dup_signed_by      (PlrRecordCredential *self);

G_END_DECLS
