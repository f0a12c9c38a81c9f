/* plr-recipient.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What kind of body a recipient is; the names are the dataset's. */
typedef enum
{
  PLR_RECIPIENT_KIND_CONTROLLER,             /* "controller": runs the LRS (DfE) */
  PLR_RECIPIENT_KIND_AWARDING_ORGANISATION,  /* "awarding-organisation" */
  PLR_RECIPIENT_KIND_EDUCATION_PROVIDER,     /* "education-provider": schools, colleges, ... */
  PLR_RECIPIENT_KIND_CAREERS_SERVICE,        /* "careers-service" */
  PLR_RECIPIENT_KIND_EMPLOYER,               /* "employer" */
  PLR_RECIPIENT_KIND_CONTRACTOR,             /* "contractor": under contract to DfE */
  PLR_RECIPIENT_KIND_GOVERNMENT,             /* "government": a government department */
  PLR_RECIPIENT_KIND_PUBLIC_BODY,            /* "public-body": OfS, ONS, Ofsted */
  PLR_RECIPIENT_KIND_LOCAL_AUTHORITY,        /* "local-authority" */
  PLR_RECIPIENT_KIND_RESEARCHERS,            /* "researchers" */
  PLR_RECIPIENT_KIND_DATA_LINKING,           /* "data-linking": the LEO study */
} PlrRecipientKind;

/* Whether the LRS opt-out (the sharing flag) stops this recipient getting
 * learning events. Only what the notices support: UNKNOWN otherwise. */
typedef enum
{
  PLR_OPT_OUT_EFFECT_UNKNOWN,       /* "unknown" */
  PLR_OPT_OUT_EFFECT_AFFECTED,      /* "yes" */
  PLR_OPT_OUT_EFFECT_NOT_AFFECTED,  /* "no" */
} PlrOptOutEffect;

/**
 * PlrRecipientSource:
 * @id: the dataset's id of the notice
 * @title: the notice's title
 * @publisher: who publishes it
 *
 * A public notice that names a recipient.
 */
typedef struct
{
  char *id;
  char *title;
  char *publisher;
} PlrRecipientSource;

#define PLR_TYPE_RECIPIENT_KIND (plr_recipient_kind_get_type ())
#define PLR_TYPE_OPT_OUT_EFFECT (plr_opt_out_effect_get_type ())
#define PLR_TYPE_RECIPIENT (plr_recipient_get_type ())

GType                     plr_recipient_kind_get_type         (void);
GType                     plr_opt_out_effect_get_type         (void);
const char               *plr_recipient_kind_to_string        (PlrRecipientKind  kind);
gboolean                  plr_recipient_kind_from_string      (const char       *text,
                                                               PlrRecipientKind *kind);
char                     *plr_recipient_fold_text             (const char       *text);

G_DECLARE_FINAL_TYPE (PlrRecipient, plr_recipient, PLR, RECIPIENT, GObject)

const char               *plr_recipient_get_id                (PlrRecipient     *self);
const char               *plr_recipient_get_name              (PlrRecipient     *self);
PlrRecipientKind          plr_recipient_get_kind              (PlrRecipient     *self);
const char               *plr_recipient_get_receives          (PlrRecipient     *self);
const char               *plr_recipient_get_purpose           (PlrRecipient     *self);
const char               *plr_recipient_get_legal_basis       (PlrRecipient     *self);
PlrOptOutEffect           plr_recipient_get_opt_out_effect    (PlrRecipient     *self);
const char               *plr_recipient_get_opt_out_note      (PlrRecipient     *self);
guint                     plr_recipient_get_n_sources         (PlrRecipient     *self);
const PlrRecipientSource *plr_recipient_get_source            (PlrRecipient     *self,
                                                               guint             index);
char                     *plr_recipient_dup_sources_text      (PlrRecipient     *self);
const char * const       *plr_recipient_get_match_names       (PlrRecipient     *self);
const char * const       *plr_recipient_get_match_keywords    (PlrRecipient     *self);

gboolean                  plr_recipient_accepts_subject_access (PlrRecipient    *self);
const char               *plr_recipient_get_postal_address    (PlrRecipient     *self);
const char               *plr_recipient_get_email             (PlrRecipient     *self);
const char               *plr_recipient_get_where_to_find     (PlrRecipient     *self);

gboolean                  plr_recipient_matches_text          (PlrRecipient     *self,
                                                               const char       *text);

/* For PlrRecipients, which builds recipients from the dataset; not for
 * other callers. */
typedef struct
{
  const char          *id;
  const char          *name;
  PlrRecipientKind     kind;
  const char          *receives;
  const char          *purpose;
  const char          *legal_basis;
  PlrOptOutEffect      opt_out;
  const char          *opt_out_note;
  const char * const  *match_names;
  const char * const  *match_keywords;
  gboolean             subject_access;
  const char          *postal_address;
  const char          *email;
  const char          *where_to_find;
} PlrRecipientInit;

PlrRecipient             *_plr_recipient_new                  (const PlrRecipientInit *init);
void                      _plr_recipient_add_source           (PlrRecipient     *self,
                                                               const char       *id,
                                                               const char       *title,
                                                               const char       *publisher);

G_END_DECLS
