/* plr-recipients.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-recipient.h"

G_BEGIN_DECLS

#define PLR_RECIPIENTS_ERROR (plr_recipients_error_quark ())

typedef enum
{
  PLR_RECIPIENTS_ERROR_INVALID,    /* the dataset breaks a rule; the message names the path */
  PLR_RECIPIENTS_ERROR_TOO_NEW,    /* written for a newer Learning Record */
  PLR_RECIPIENTS_ERROR_NOT_FOUND,  /* the bundled dataset is missing from the build */
} PlrRecipientsError;

#define PLR_RECIPIENTS_FORMAT_NAME    "io.github.learningrecord.recipients"
#define PLR_RECIPIENTS_FORMAT_VERSION 1

/* The dataset compiled into the core (data/recipients.json). */
#define PLR_RECIPIENTS_RESOURCE_PATH "/io/github/learningrecord/LearningRecord/core/recipients.json"

#define PLR_TYPE_RECIPIENTS (plr_recipients_get_type ())

G_DECLARE_FINAL_TYPE (PlrRecipients, plr_recipients, PLR, RECIPIENTS, GObject)

GQuark         plr_recipients_error_quark               (void);

PlrRecipients *plr_recipients_new_default               (GError       **error);
PlrRecipients *plr_recipients_new_from_bytes            (GBytes        *bytes,
                                                         GError       **error);
PlrRecipients *plr_recipients_new_from_file             (GFile         *file,
                                                         GCancellable  *cancellable,
                                                         GError       **error);

const char    *plr_recipients_get_updated               (PlrRecipients *self);
const char    *plr_recipients_get_about                 (PlrRecipients *self);
PlrRecipient  *plr_recipients_lookup                    (PlrRecipients *self,
                                                         const char    *id);
GListModel    *plr_recipients_search                    (PlrRecipients *self,
                                                         const char    *text);
GListModel    *plr_recipients_list_subject_access_bodies (PlrRecipients *self);
PlrRecipient  *plr_recipients_match_organisation        (PlrRecipients *self,
                                                         const char    *organisation);

G_END_DECLS
