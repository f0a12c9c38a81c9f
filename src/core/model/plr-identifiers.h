/* plr-identifiers.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PLR_IDENTIFIER_ERROR (plr_identifier_error_quark ())

typedef enum
{
  PLR_IDENTIFIER_ERROR_EMPTY,
  PLR_IDENTIFIER_ERROR_LENGTH,
  PLR_IDENTIFIER_ERROR_NOT_DIGITS,
  PLR_IDENTIFIER_ERROR_LEADING_ZERO,
  PLR_IDENTIFIER_ERROR_TEMPORARY,
  PLR_IDENTIFIER_ERROR_IMPOSSIBLE,
  PLR_IDENTIFIER_ERROR_CHECK_DIGIT,
} PlrIdentifierError;

typedef enum
{
  PLR_UKPRN_VALID,         /* 8 digits starting with 1 */
  PLR_UKPRN_SHORT,         /* digits, but not 8 of them: seen in LRS data */
  PLR_UKPRN_UNKNOWN,       /* "UNKNWN" or "UNKNOWN" */
  PLR_UKPRN_MALFORMED,     /* anything else */
} PlrUkprnCheck;

typedef enum
{
  PLR_SUBJECT_CODE_AIM,        /* 8 characters: 50079116, 1000323X */
  PLR_SUBJECT_CODE_QN,         /* 500/7911/6 */
  PLR_SUBJECT_CODE_UNIT,       /* K/501/5773 */
  PLR_SUBJECT_CODE_UNKNOWN,
} PlrSubjectCodeCheck;

GQuark              plr_identifier_error_quark     (void);
gboolean            plr_uln_validate               (const char  *uln,
                                                    GError     **error);
char               *plr_uln_format_for_reading     (const char  *uln);
PlrUkprnCheck       plr_ukprn_check                (const char  *ukprn);
PlrSubjectCodeCheck plr_subject_code_check         (const char  *code);

G_END_DECLS
