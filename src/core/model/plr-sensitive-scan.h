/* plr-sensitive-scan.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plr-challenge.h"
#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_SENSITIVE_SCAN_ERROR (plr_sensitive_scan_error_quark ())

typedef enum
{
  PLR_SENSITIVE_SCAN_ERROR_NOT_FOUND,   /* no list of terms is installed */
  PLR_SENSITIVE_SCAN_ERROR_INVALID,     /* a list has a line it cannot read */
} PlrSensitiveScanError;

/* The kinds of sensitive personal data the LRS tries not to hold
 * (shared/domain.md, "Data challenges"), as in the lists' first column. */
typedef enum
{
  PLR_SENSITIVE_CATEGORY_HEALTH,           /* "health": health or disability */
  PLR_SENSITIVE_CATEGORY_ETHNICITY,        /* "ethnicity" */
  PLR_SENSITIVE_CATEGORY_RELIGION,         /* "religion": religion or belief */
  PLR_SENSITIVE_CATEGORY_SEXUALITY,        /* "sexuality": sex life or sexual orientation */
  PLR_SENSITIVE_CATEGORY_CRIMINAL_RECORD,  /* "criminal-record" */
  PLR_SENSITIVE_CATEGORY_TRADE_UNION,      /* "trade-union": trade union membership */
} PlrSensitiveCategory;

#define PLR_TYPE_SENSITIVE_CATEGORY (plr_sensitive_category_get_type ())

GType       plr_sensitive_category_get_type    (void);
const char *plr_sensitive_category_to_string   (PlrSensitiveCategory  category);
gboolean    plr_sensitive_category_from_string (const char           *text,
                                                PlrSensitiveCategory *category);
const char *plr_sensitive_category_get_label   (PlrSensitiveCategory  category);

/**
 * PlrSensitiveHit:
 * @target: %PLR_CHALLENGE_TARGET_EVENT or %PLR_CHALLENGE_TARGET_LEARNER
 * @event_id: the entry's LRS id, or 0 for the learner
 * @position: the entry's position in the record, or 0 for the learner
 * @field: (nullable): the JSON name of the field, or %NULL for plain text
 * @category: the kind of sensitive data
 * @term: the term of the list that matched, as the list spells it
 *
 * A place in the record that seems to hold sensitive personal data. A
 * plain struct: copy it with plr_sensitive_hit_copy(), free it with
 * plr_sensitive_hit_free().
 */
typedef struct
{
  PlrChallengeTarget    target;
  gint64                event_id;
  guint                 position;
  char                 *field;
  PlrSensitiveCategory  category;
  char                 *term;
} PlrSensitiveHit;

#define PLR_TYPE_SENSITIVE_HIT (plr_sensitive_hit_get_type ())

GType            plr_sensitive_hit_get_type         (void);
PlrSensitiveHit *plr_sensitive_hit_copy             (const PlrSensitiveHit *hit);
void             plr_sensitive_hit_free             (PlrSensitiveHit       *hit);
PlrChallenge    *plr_sensitive_hit_create_challenge (const PlrSensitiveHit *hit,
                                                     PlrRecord             *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrSensitiveHit, plr_sensitive_hit_free)

#define PLR_TYPE_SENSITIVE_SCAN (plr_sensitive_scan_get_type ())

G_DECLARE_FINAL_TYPE (PlrSensitiveScan, plr_sensitive_scan, PLR, SENSITIVE_SCAN, GObject)

GQuark            plr_sensitive_scan_error_quark (void);

PlrSensitiveScan *plr_sensitive_scan_new         (void);
PlrSensitiveScan *plr_sensitive_scan_new_default (GError           **error);
gboolean          plr_sensitive_scan_load_file   (PlrSensitiveScan  *self,
                                                  const char        *path,
                                                  GError           **error);
gboolean          plr_sensitive_scan_load_data   (PlrSensitiveScan  *self,
                                                  const char        *data,
                                                  gssize             length,
                                                  const char        *source_name,
                                                  GError           **error);
guint             plr_sensitive_scan_get_n_terms (PlrSensitiveScan  *self);

GPtrArray        *plr_sensitive_scan_text        (PlrSensitiveScan  *self,
                                                  const char        *text);
GPtrArray        *plr_sensitive_scan_record      (PlrSensitiveScan  *self,
                                                  PlrRecord         *record);

G_END_DECLS
