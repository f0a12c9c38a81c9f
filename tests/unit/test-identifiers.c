/* test-identifiers.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "plr-identifiers.h"

static void
test_uln_valid (void)
{
  /* From shared/domain.md; 4444599390 has the check digit 0 (r = 10). */
  static const char * const valid[] = {
    "1000000043", "9276308686", "1174112637", "6936002314", "4444599390",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("ULN %s", valid[i]);
      g_assert_true (plr_uln_validate (valid[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_uln_wrong_check_digit (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (plr_uln_validate ("1000000042", &error));
  g_assert_error (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_CHECK_DIGIT);
  g_assert_nonnull (strstr (error->message, "the last digit should be 3"));
}

static void
test_uln_remainder_zero (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (plr_uln_validate ("1000000063", &error));
  g_assert_error (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_IMPOSSIBLE);
}

static void
test_uln_wrong_length (void)
{
  g_autoptr(GError) short_error = NULL;
  g_autoptr(GError) long_error = NULL;
  g_autoptr(GError) empty_error = NULL;

  g_assert_false (plr_uln_validate ("100000004", &short_error));
  g_assert_error (short_error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_LENGTH);
  g_assert_nonnull (strstr (short_error->message, "not 9"));

  g_assert_false (plr_uln_validate ("10000000430", &long_error));
  g_assert_error (long_error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_LENGTH);

  g_assert_false (plr_uln_validate ("", &empty_error));
  g_assert_error (empty_error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_EMPTY);
}

static void
test_uln_letters (void)
{
  static const char * const bad[] = { "10000000A3", "1000 00004", "１０００００００４３", "-100000004" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (plr_uln_validate (bad[i], &error));
      g_assert_error (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_NOT_DIGITS);
    }
}

static void
test_uln_leading_zero_and_others (void)
{
  g_autoptr(GError) zero_error = NULL;
  g_autoptr(GError) sequence_error = NULL;

  g_assert_false (plr_uln_validate ("0123456789", &zero_error));
  g_assert_error (zero_error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_LEADING_ZERO);

  g_assert_false (plr_uln_validate ("1234567890", &sequence_error));
  g_assert_error (sequence_error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_CHECK_DIGIT);
}

static void
test_uln_temporary (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (plr_uln_validate ("9999999999", &error));
  g_assert_error (error, PLR_IDENTIFIER_ERROR, PLR_IDENTIFIER_ERROR_TEMPORARY);
}

/* Every ten-digit number built from a nine-digit prefix has exactly one
 * valid check digit, unless the prefix's remainder is 0. */
static void
test_uln_exhaustive_check_digit (void)
{
  GRand *rand = g_rand_new_with_seed (14);

  for (guint n = 0; n < 2000; n++)
    {
      char uln[11];
      guint valid = 0;
      guint sum = 0;

      uln[0] = '1' + g_rand_int_range (rand, 0, 9);
      for (guint i = 1; i < 9; i++)
        uln[i] = '0' + g_rand_int_range (rand, 0, 10);
      uln[10] = '\0';

      for (guint i = 0; i < 9; i++)
        sum += (10 - i) * (guint) (uln[i] - '0');

      for (char d = '0'; d <= '9'; d++)
        {
          uln[9] = d;
          if (plr_uln_validate (uln, NULL))
            valid++;
        }

      if (strncmp (uln, "999999999", 9) == 0)
        continue;
      g_assert_cmpuint (valid, ==, sum % 11 == 0 ? 0 : 1);
    }

  g_rand_free (rand);
}

static void
test_uln_format (void)
{
  g_autofree char *grouped = plr_uln_format_for_reading ("9276308686");

  g_assert_cmpstr (grouped, ==, "927 630 8686");
}

static void
test_ukprn (void)
{
  g_assert_cmpint (plr_ukprn_check ("10001234"), ==, PLR_UKPRN_VALID);
  g_assert_cmpint (plr_ukprn_check ("123456"), ==, PLR_UKPRN_SHORT);
  g_assert_cmpint (plr_ukprn_check ("20001234"), ==, PLR_UKPRN_SHORT);
  g_assert_cmpint (plr_ukprn_check ("UNKNWN"), ==, PLR_UKPRN_UNKNOWN);
  g_assert_cmpint (plr_ukprn_check ("UNKNOWN"), ==, PLR_UKPRN_UNKNOWN);
  g_assert_cmpint (plr_ukprn_check ("1000123X"), ==, PLR_UKPRN_MALFORMED);
  g_assert_cmpint (plr_ukprn_check (""), ==, PLR_UKPRN_MALFORMED);
}

static void
test_subject_code (void)
{
  g_assert_cmpint (plr_subject_code_check ("50079116"), ==, PLR_SUBJECT_CODE_AIM);
  g_assert_cmpint (plr_subject_code_check ("1000323X"), ==, PLR_SUBJECT_CODE_AIM);
  g_assert_cmpint (plr_subject_code_check ("500/7911/6"), ==, PLR_SUBJECT_CODE_QN);
  g_assert_cmpint (plr_subject_code_check ("603/1234/X"), ==, PLR_SUBJECT_CODE_QN);
  g_assert_cmpint (plr_subject_code_check ("K/501/5773"), ==, PLR_SUBJECT_CODE_UNIT);
  g_assert_cmpint (plr_subject_code_check ("5007911"), ==, PLR_SUBJECT_CODE_UNKNOWN);
  g_assert_cmpint (plr_subject_code_check ("k/501/5773"), ==, PLR_SUBJECT_CODE_UNKNOWN);
  g_assert_cmpint (plr_subject_code_check ("ABCDEFGH"), ==, PLR_SUBJECT_CODE_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/uln/valid", test_uln_valid);
  g_test_add_func ("/uln/wrong-check-digit", test_uln_wrong_check_digit);
  g_test_add_func ("/uln/remainder-zero", test_uln_remainder_zero);
  g_test_add_func ("/uln/wrong-length", test_uln_wrong_length);
  g_test_add_func ("/uln/letters", test_uln_letters);
  g_test_add_func ("/uln/leading-zero", test_uln_leading_zero_and_others);
  g_test_add_func ("/uln/temporary", test_uln_temporary);
  g_test_add_func ("/uln/one-check-digit-per-prefix", test_uln_exhaustive_check_digit);
  g_test_add_func ("/uln/format-for-reading", test_uln_format);
  g_test_add_func ("/ukprn/check", test_ukprn);
  g_test_add_func ("/subject-code/check", test_subject_code);

  return g_test_run ();
}
