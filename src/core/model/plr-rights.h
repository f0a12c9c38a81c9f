/* plr-rights.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "plr-learner.h"

G_BEGIN_DECLS

/* The first and last years the bank holiday table covers. */
#define PLR_RIGHTS_HOLIDAYS_FIRST_YEAR 2025
#define PLR_RIGHTS_HOLIDAYS_LAST_YEAR  2030

/* "The PLR may be kept for 66 years" (LRS privacy notice). */
#define PLR_RIGHTS_RETENTION_YEARS 66

/* The age from which learners get a ULN (domain notes: "aged 14+"). */
#define PLR_RIGHTS_ULN_AGE 14

typedef enum
{
  PLR_RIGHTS_STATUS_WAITING,    /* the answer is not due yet */
  PLR_RIGHTS_STATUS_DUE_TODAY,  /* today is the last day */
  PLR_RIGHTS_STATUS_OVERDUE,    /* the last day has passed */
} PlrRightsStatus;

typedef enum
{
  PLR_RETENTION_UNKNOWN,        /* neither date is known */
  PLR_RETENTION_FROM_CREATED,   /* 66 years from the record's CreatedDate */
  PLR_RETENTION_FROM_AGE_14,    /* 66 years from the 14th birthday: an estimate */
} PlrRetentionBasis;

#define PLR_TYPE_RIGHTS_STATUS (plr_rights_status_get_type ())
#define PLR_TYPE_RETENTION_BASIS (plr_retention_basis_get_type ())

GType           plr_rights_status_get_type          (void);
GType           plr_retention_basis_get_type        (void);

gboolean        plr_rights_bank_holidays_known      (int                year);
gboolean        plr_rights_is_bank_holiday          (const GDate       *date);
gboolean        plr_rights_is_working_day           (const GDate       *date);
gboolean        plr_rights_response_due             (const GDate       *received,
                                                     gboolean           extended,
                                                     GDate             *due);
PlrRightsStatus plr_rights_check_deadline           (const GDate       *received,
                                                     gboolean           extended,
                                                     const GDate       *today,
                                                     GDate             *due,
                                                     int               *days_left);

int             plr_rights_retention_until_year     (const char        *created_date,
                                                     const char        *date_of_birth,
                                                     PlrRetentionBasis *basis);
int             plr_rights_retention_for_learner    (PlrLearner        *learner,
                                                     PlrRetentionBasis *basis);
char           *plr_rights_describe_retention       (int                year,
                                                     PlrRetentionBasis  basis);
char           *plr_rights_describe_retention_short (int                year,
                                                     PlrRetentionBasis  basis);

G_END_DECLS
