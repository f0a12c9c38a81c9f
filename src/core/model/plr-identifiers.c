/* plr-identifiers.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-identifiers"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-identifiers.h"

G_DEFINE_QUARK (plr-identifier-error-quark, plr_identifier_error)

#define TEMPORARY_ULN "9999999999"

/**
 * plr_uln_validate:
 * @uln: a candidate Unique Learner Number
 * @error: return location for a #GError
 *
 * Checks @uln as the ILR validation rule ULN_04 does: exactly ten ASCII
 * digits, a first digit from 1 to 9, and a check digit. The error message
 * says what is wrong, such as "the last digit should be 3".
 *
 * Returns: %TRUE if @uln is a valid ULN
 */
gboolean
plr_uln_validate (const char  *uln,
                  GError     **error)
{
  guint sum = 0;
  guint remainder;
  guint expected;
  gsize len;

  if (uln == NULL || uln[0] == '\0')
    {
      g_set_error_literal (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_EMPTY,
                           _("No ULN was given"));
      return FALSE;
    }

  for (len = 0; uln[len] != '\0'; len++)
    {
      if (!g_ascii_isdigit (uln[len]))
        {
          g_set_error_literal (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_NOT_DIGITS,
                               _("A ULN has only the digits 0 to 9"));
          return FALSE;
        }
    }

  if (len != 10)
    {
      g_set_error (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_LENGTH,
                   _("A ULN has 10 digits, not %u"), (guint) len);
      return FALSE;
    }

  if (uln[0] == '0')
    {
      g_set_error_literal (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_LEADING_ZERO,
                           _("A ULN never starts with 0"));
      return FALSE;
    }

  if (strcmp (uln, TEMPORARY_ULN) == 0)
    {
      g_set_error_literal (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_TEMPORARY,
                           _("9999999999 is the temporary number used before a ULN is issued, "
                             "not a real ULN"));
      return FALSE;
    }

  for (guint i = 0; i < 9; i++)
    sum += (10 - i) * (guint) (uln[i] - '0');

  remainder = sum % 11;
  if (remainder == 0)
    {
      g_set_error_literal (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_IMPOSSIBLE,
                           _("This number can never be a ULN: its first nine digits have "
                             "no valid check digit"));
      return FALSE;
    }

  expected = (10 - remainder) % 10;
  if ((guint) (uln[9] - '0') != expected)
    {
      g_set_error (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_CHECK_DIGIT,
                   _("This is not a valid ULN: the last digit should be %u"), expected);
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_uln_format_for_reading:
 * @uln: a ULN
 *
 * Groups the digits as "123 456 7890" so a person can read them aloud.
 *
 * Returns: (transfer full): the grouped ULN
 */
char *
plr_uln_format_for_reading (const char *uln)
{
  g_return_val_if_fail (uln != NULL, NULL);

  if (strlen (uln) != 10)
    return g_strdup (uln);

  return g_strdup_printf ("%.3s %.3s %.4s", uln, uln + 3, uln + 6);
}

static gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return len > 0;
}

/**
 * plr_ukprn_check:
 * @ukprn: a UK Provider Reference Number as held by the LRS
 *
 * Real LRS data holds six-digit values and "UNKNWN", so callers keep
 * every value and only warn about the unusual ones.
 *
 * Returns: what kind of value @ukprn is
 */
PlrUkprnCheck
plr_ukprn_check (const char *ukprn)
{
  gsize len;

  if (ukprn == NULL)
    return PLR_UKPRN_MALFORMED;

  if (g_ascii_strcasecmp (ukprn, "UNKNWN") == 0 || g_ascii_strcasecmp (ukprn, "UNKNOWN") == 0)
    return PLR_UKPRN_UNKNOWN;

  len = strlen (ukprn);
  if (!all_digits (ukprn, len))
    return PLR_UKPRN_MALFORMED;

  if (len == 8 && ukprn[0] == '1')
    return PLR_UKPRN_VALID;

  return PLR_UKPRN_SHORT;
}

/**
 * plr_subject_code_check:
 * @code: a SubjectCode
 *
 * Recognises the shapes a subject code takes. The qualification number's
 * check character rule is not published, so it is not enforced.
 *
 * Returns: the shape of @code
 */
PlrSubjectCodeCheck
plr_subject_code_check (const char *code)
{
  gsize len;

  if (code == NULL)
    return PLR_SUBJECT_CODE_UNKNOWN;

  len = strlen (code);

  /* 8 characters: seven digits and a digit or X */
  if (len == 8 && all_digits (code, 7) && (g_ascii_isdigit (code[7]) || code[7] == 'X'))
    return PLR_SUBJECT_CODE_AIM;

  /* NNN/NNNN/C */
  if (len == 10 && all_digits (code, 3) && code[3] == '/' && all_digits (code + 4, 4) &&
      code[8] == '/' && (g_ascii_isdigit (code[9]) || code[9] == 'X'))
    return PLR_SUBJECT_CODE_QN;

  /* L/NNN/NNNN: a letter, a three-digit and a four-digit group */
  if (len == 10 && g_ascii_isupper (code[0]) && code[1] == '/' && all_digits (code + 2, 3) &&
      code[5] == '/' && all_digits (code + 6, 4))
    return PLR_SUBJECT_CODE_UNIT;

  return PLR_SUBJECT_CODE_UNKNOWN;
}
