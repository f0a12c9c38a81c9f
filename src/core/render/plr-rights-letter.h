/* plr-rights-letter.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-recipient.h"

G_BEGIN_DECLS

#define PLR_RIGHTS_LETTER_ERROR (plr_rights_letter_error_quark ())

typedef enum
{
  PLR_RIGHTS_LETTER_ERROR_FAILED,   /* cairo could not make the PDF */
} PlrRightsLetterError;

typedef enum
{
  PLR_RIGHTS_LETTER_SUBJECT_ACCESS,  /* UK GDPR Article 15 */
  PLR_RIGHTS_LETTER_OBJECTION,       /* UK GDPR Article 21(1), with Article 18(1)(d) */
} PlrRightsLetterKind;

typedef enum
{
  PLR_RIGHTS_FORMAT_ELECTRONIC,      /* by email: PDF, and the data machine-readable */
  PLR_RIGHTS_FORMAT_PAPER,           /* by post */
} PlrRightsFormat;

/* What a subject access request to the body that holds the PLR asks for. */
typedef enum /*< flags >*/
{
  PLR_RIGHTS_ITEM_EVENTS       = 1 << 0,  /* the learning events */
  PLR_RIGHTS_ITEM_LEARNER      = 1 << 1,  /* the learner record */
  PLR_RIGHTS_ITEM_ACCESS_LOG   = 1 << 2,  /* who viewed it, when and why */
  PLR_RIGHTS_ITEM_SHARING_FLAG = 1 << 3,  /* the sharing flag and its history */
  PLR_RIGHTS_ITEM_SOURCES      = 1 << 4,  /* where each part came from */
  PLR_RIGHTS_ITEM_RECIPIENTS   = 1 << 5,  /* who it went to, and why */
  PLR_RIGHTS_ITEM_ALL          = (1 << 6) - 1,
} PlrRightsItems;

#define PLR_TYPE_RIGHTS_LETTER_KIND (plr_rights_letter_kind_get_type ())
#define PLR_TYPE_RIGHTS_FORMAT (plr_rights_format_get_type ())
#define PLR_TYPE_RIGHTS_ITEMS (plr_rights_items_get_type ())
#define PLR_TYPE_RIGHTS_LETTER (plr_rights_letter_get_type ())

GType            plr_rights_letter_kind_get_type     (void);
GType            plr_rights_format_get_type          (void);
GType            plr_rights_items_get_type           (void);

G_DECLARE_FINAL_TYPE (PlrRightsLetter, plr_rights_letter, PLR, RIGHTS_LETTER, GObject)

GQuark           plr_rights_letter_error_quark       (void);

PlrRightsLetter *plr_rights_letter_new               (PlrRightsLetterKind  kind,
                                                      PlrRecipient        *recipient);
PlrRightsLetterKind plr_rights_letter_get_kind       (PlrRightsLetter     *self);
PlrRecipient    *plr_rights_letter_get_recipient     (PlrRightsLetter     *self);
GDateTime       *plr_rights_letter_get_dated         (PlrRightsLetter     *self);
gboolean         plr_rights_letter_compute_due_date (PlrRightsLetter   *self,
                                                     GDate             *due);

char            *plr_rights_letter_dup_subject       (PlrRightsLetter     *self);
char            *plr_rights_letter_dup_file_name     (PlrRightsLetter     *self,
                                                      const char          *extension);
char            *plr_rights_letter_render_text       (PlrRightsLetter     *self);
gboolean         plr_rights_letter_render_pdf        (PlrRightsLetter     *self,
                                                      GOutputStream       *stream,
                                                      GCancellable        *cancellable,
                                                      GError             **error);
gboolean         plr_rights_letter_render_pdf_to_file (PlrRightsLetter    *self,
                                                       GFile              *file,
                                                       GCancellable       *cancellable,
                                                       GError            **error);

G_END_DECLS
