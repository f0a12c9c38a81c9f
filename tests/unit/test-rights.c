/* test-rights.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The learner's data rights: the ICO's one-calendar-month deadline with
 * weekends and England and Wales bank holidays, overdue detection with an
 * injected "today", the 66-year retention, and the subject access and
 * objection letters as text and as PDF (read back with pdftotext). */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "plr-date.h"
#include "plr-recipients.h"
#include "plr-rights.h"
#include "plr-rights-letter.h"

static void
set_date (GDate      *date,
          const char *text)
{
  int year, month, day;

  g_assert_cmpint (sscanf (text, "%d-%d-%d", &year, &month, &day), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
test_calendar_months (void)
{
  struct { const char *from; guint months; const char *to; } cases[] = {
    { "2026-11-23", 1, "2026-12-23" },
    { "2026-01-31", 1, "2026-02-28" },   /* no 31 February: the month's last day */
    { "2028-01-31", 1, "2028-02-29" },   /* a leap year */
    { "2026-03-31", 1, "2026-04-30" },
    { "2026-12-31", 1, "2027-01-31" },   /* over the year */
    { "2026-01-30", 1, "2026-02-28" },
    { "2026-01-31", 3, "2026-04-30" },
    { "2026-11-30", 3, "2027-02-28" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate from, to;
      g_autofree char *text = NULL;

      set_date (&from, cases[i].from);
      plr_date_add_calendar_months (&from, cases[i].months, &to);
      text = date_text (&to);
      g_assert_cmpstr (text, ==, cases[i].to);
    }
}

static void
test_response_due (void)
{
  struct { const char *received; gboolean extended; const char *due; gboolean known; } cases[] = {
    { "2026-11-23", FALSE, "2026-12-23", TRUE },   /* a Wednesday */
    { "2026-09-17", FALSE, "2026-10-19", TRUE },   /* Saturday 17th → Monday */
    { "2026-10-18", FALSE, "2026-11-18", TRUE },   /* received on a Sunday: counts anyway */
    { "2026-11-25", FALSE, "2026-12-29", TRUE },   /* Christmas, weekend, Boxing Day moved */
    { "2026-11-28", FALSE, "2026-12-29", TRUE },   /* Monday 28th is the Boxing Day holiday */
    { "2026-03-03", FALSE, "2026-04-07", TRUE },   /* Good Friday, weekend, Easter Monday */
    { "2025-12-01", FALSE, "2026-01-02", TRUE },   /* New Year's Day */
    { "2026-07-31", FALSE, "2026-09-01", TRUE },   /* summer bank holiday */
    { "2026-04-04", FALSE, "2026-05-05", TRUE },   /* early May bank holiday */
    { "2027-02-26", FALSE, "2027-03-30", TRUE },   /* Good Friday 26 March 2027 */
    { "2026-01-31", TRUE, "2026-04-30", TRUE },    /* extended: three months */
    { "2030-11-26", FALSE, "2030-12-27", TRUE },   /* 26 Dec is Boxing Day (Thursday) */
    { "2030-12-01", FALSE, "2031-01-01", FALSE },  /* 2031 is not in the table */
    { "2024-05-06", FALSE, "2024-06-06", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate received, due;
      g_autofree char *text = NULL;
      gboolean known;

      set_date (&received, cases[i].received);
      known = plr_rights_response_due (&received, cases[i].extended, &due);
      text = date_text (&due);
      g_test_message ("received %s", cases[i].received);
      g_assert_cmpstr (text, ==, cases[i].due);
      g_assert_cmpint (known, ==, cases[i].known);
    }
}

static void
test_overdue (void)
{
  GDate received, today, due;
  int days_left = 0;

  set_date (&received, "2026-11-25");

  set_date (&today, "2026-11-25");
  g_assert_cmpint (plr_rights_check_deadline (&received, FALSE, &today, &due, &days_left), ==,
                   PLR_RIGHTS_STATUS_WAITING);
  g_assert_cmpint (days_left, ==, 34);

  set_date (&today, "2026-12-25");   /* the plain month has passed, but not the holidays */
  g_assert_cmpint (plr_rights_check_deadline (&received, FALSE, &today, NULL, &days_left), ==,
                   PLR_RIGHTS_STATUS_WAITING);
  g_assert_cmpint (days_left, ==, 4);

  set_date (&today, "2026-12-29");
  g_assert_cmpint (plr_rights_check_deadline (&received, FALSE, &today, NULL, NULL), ==,
                   PLR_RIGHTS_STATUS_DUE_TODAY);

  set_date (&today, "2026-12-30");
  g_assert_cmpint (plr_rights_check_deadline (&received, FALSE, &today, &due, &days_left), ==,
                   PLR_RIGHTS_STATUS_OVERDUE);
  g_assert_cmpint (days_left, ==, -1);
  g_assert_cmpint (g_date_get_day (&due), ==, 29);

  /* Extended by two months, it is not late yet. */
  g_assert_cmpint (plr_rights_check_deadline (&received, TRUE, &today, &due, NULL), ==,
                   PLR_RIGHTS_STATUS_WAITING);
  g_assert_cmpint (g_date_get_month (&due), ==, 2);
  g_assert_cmpint (g_date_get_day (&due), ==, 25);
}

/* Easter Sunday (the anonymous Gregorian algorithm). */
static void
easter (int    year,
        GDate *date)
{
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
}

static void
expect_holiday (GHashTable *expected,
                GDate      *date)
{
  g_hash_table_add (expected, date_text (date));
}

static void
monday_of (GDate *date,
           int    year,
           int    month,
           gboolean last)
{
  g_date_clear (date, 1);
  if (last)
    {
      g_date_set_dmy (date, g_date_get_days_in_month (month, year), month, year);
      while (g_date_get_weekday (date) != G_DATE_MONDAY)
        g_date_subtract_days (date, 1);
    }
  else
    {
      g_date_set_dmy (date, 1, month, year);
      while (g_date_get_weekday (date) != G_DATE_MONDAY)
        g_date_add_days (date, 1);
    }
}

/* The table against the rules it was written from, day by day. */
static void
test_bank_holiday_table (void)
{
  g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GDate date;
  guint found = 0;

  for (int year = PLR_RIGHTS_HOLIDAYS_FIRST_YEAR; year <= PLR_RIGHTS_HOLIDAYS_LAST_YEAR; year++)
    {
      GDate christmas, boxing;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, 1, year);
      while (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        g_date_add_days (&date, 1);
      expect_holiday (expected, &date);

      easter (year, &date);
      g_date_subtract_days (&date, 2);
      expect_holiday (expected, &date);
      g_date_add_days (&date, 3);
      expect_holiday (expected, &date);

      monday_of (&date, year, 5, FALSE);
      expect_holiday (expected, &date);
      monday_of (&date, year, 5, TRUE);
      expect_holiday (expected, &date);
      monday_of (&date, year, 8, TRUE);
      expect_holiday (expected, &date);

      /* Christmas and Boxing Day, each moved past the weekend and each other. */
      g_date_clear (&christmas, 1);
      g_date_set_dmy (&christmas, 25, 12, year);
      while (g_date_get_weekday (&christmas) >= G_DATE_SATURDAY)
        g_date_add_days (&christmas, 1);
      g_date_clear (&boxing, 1);
      g_date_set_dmy (&boxing, 26, 12, year);
      while (g_date_get_weekday (&boxing) >= G_DATE_SATURDAY ||
             g_date_compare (&boxing, &christmas) <= 0)
        g_date_add_days (&boxing, 1);
      expect_holiday (expected, &christmas);
      expect_holiday (expected, &boxing);
    }

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, 1, PLR_RIGHTS_HOLIDAYS_FIRST_YEAR);
  while (g_date_get_year (&date) <= PLR_RIGHTS_HOLIDAYS_LAST_YEAR)
    {
      g_autofree char *text = date_text (&date);

      g_assert_cmpint (plr_rights_is_bank_holiday (&date), ==,
                       g_hash_table_contains (expected, text));
      if (plr_rights_is_bank_holiday (&date))
        {
          found++;
          g_assert_false (plr_rights_is_working_day (&date));
          g_assert_cmpint (g_date_get_weekday (&date), <, G_DATE_SATURDAY);
        }
      g_date_add_days (&date, 1);
    }

  g_assert_cmpuint (found, ==, 8 * 6);
  g_assert_true (plr_rights_bank_holidays_known (2027));
  g_assert_false (plr_rights_bank_holidays_known (2031));

  /* Spot checks against GOV.UK's published dates. */
  set_date (&date, "2026-12-28");
  g_assert_true (plr_rights_is_bank_holiday (&date));
  set_date (&date, "2027-12-27");
  g_assert_true (plr_rights_is_bank_holiday (&date));
  set_date (&date, "2026-12-26");
  g_assert_false (plr_rights_is_bank_holiday (&date));
}

static void
test_retention (void)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autofree char *created_text = NULL;
  g_autofree char *estimate_text = NULL;
  g_autofree char *unknown_text = NULL;
  PlrRetentionBasis basis;

  g_assert_cmpint (plr_rights_retention_until_year ("2012-05-01 10:00:00", "2003-03-14", &basis),
                   ==, 2078);
  g_assert_cmpint (basis, ==, PLR_RETENTION_FROM_CREATED);
  g_assert_cmpint (plr_rights_retention_until_year ("2012-05-01T10:00:00Z", NULL, &basis), ==,
                   2078);
  g_assert_cmpint (plr_rights_retention_until_year ("2012-05-01", NULL, NULL), ==, 2078);

  /* Without a CreatedDate: from the 14th birthday, 2003 + 14 + 66. */
  g_assert_cmpint (plr_rights_retention_until_year (NULL, "2003-03-14", &basis), ==, 2083);
  g_assert_cmpint (basis, ==, PLR_RETENTION_FROM_AGE_14);
  g_assert_cmpint (plr_rights_retention_until_year ("not a date", "2003-03-14", &basis), ==,
                   2083);

  g_assert_cmpint (plr_rights_retention_until_year (NULL, "2003-02-30", &basis), ==, 0);
  g_assert_cmpint (basis, ==, PLR_RETENTION_UNKNOWN);

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH, "2003-03-14");
  g_assert_cmpint (plr_rights_retention_for_learner (learner, &basis), ==, 2083);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_CREATED_DATE, "2018-09-01 08:00:00");
  g_assert_cmpint (plr_rights_retention_for_learner (learner, &basis), ==, 2084);
  g_assert_cmpint (basis, ==, PLR_RETENTION_FROM_CREATED);

  /* The short form (Personal Details) gives the same year as the sentence
   * (Privacy): one rule for both pages. */
  {
    g_autofree char *short_created = plr_rights_describe_retention_short (2084,
                                                                          PLR_RETENTION_FROM_CREATED);
    g_autofree char *short_estimate = plr_rights_describe_retention_short (2083,
                                                                           PLR_RETENTION_FROM_AGE_14);
    g_autofree char *short_unknown = plr_rights_describe_retention_short (0, PLR_RETENTION_UNKNOWN);

    g_assert_cmpstr (short_created, ==, "Until 2084");
    g_assert_cmpstr (short_estimate, ==, "Until about 2083");
    g_assert_cmpstr (short_unknown, ==, "Up to 66 years");
  }

  created_text = plr_rights_describe_retention (2084, PLR_RETENTION_FROM_CREATED);
  estimate_text = plr_rights_describe_retention (2083, PLR_RETENTION_FROM_AGE_14);
  unknown_text = plr_rights_describe_retention (0, PLR_RETENTION_UNKNOWN);
  g_assert_nonnull (strstr (created_text, "until 2084"));
  g_assert_nonnull (strstr (estimate_text, "until about 2083"));
  g_assert_nonnull (strstr (unknown_text, "66 years"));
}

/* ------------------------------------------------------------------------ */
/* Letters                                                                   */

static PlrRecipients *
load_recipients (void)
{
  g_autoptr(GError) error = NULL;
  PlrRecipients *recipients = plr_recipients_new_default (&error);

  g_assert_no_error (error);
  return recipients;
}

static PlrRightsLetter *
make_letter (PlrRightsLetterKind  kind,
             PlrRecipient        *recipient,
             gboolean             with_details)
{
  g_autoptr(GDateTime) dated = g_date_time_new_local (2026, 11, 25, 10, 0, 0);
  PlrRightsLetter *letter = plr_rights_letter_new (kind, recipient);

  g_object_set (letter, "dated", dated, NULL);
  if (with_details)
    g_object_set (letter,
                  "name", "Siân Ó Súilleabháin",
                  "former-names", "Siân D'Arcy",
                  "date-of-birth", "2003-03-14",
                  "uln", "9276308686",
                  "address", "12 Heol y Castell\nCaerdydd\nCF10 1AA",
                  "email", "sian@example.org",
                  NULL);

  return letter;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is missing from:\n%s", part, text);
}

/* The phrases every subject access request to DfE must hold. */
static const char * const sar_phrases[] = {
  "Subject access request",
  "25 November 2026",
  "Department for Education",
  "Article 15 of the UK General Data Protection Regulation",
  "all my learning events",
  "my learner record",
  "the access log of my record",
  "my sharing flag",
  "where each part of my record came from",
  "the organisations you have disclosed my data to",
  "machine-readable format",
  "Siân Ó Súilleabháin",
  "Siân D'Arcy",
  "14 March 2003",
  "927 630 8686",
  "12 Heol y Castell, Caerdydd, CF10 1AA",
  "sian@example.org",
  "one calendar month",
  "29 December 2026",
  "Yours faithfully,",
  NULL
};

static void
test_subject_access_text (void)
{
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autoptr(PlrRightsLetter) letter = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *file_name = NULL;
  GDate due;

  letter = make_letter (PLR_RIGHTS_LETTER_SUBJECT_ACCESS,
                        plr_recipients_lookup (recipients, "dfe"), TRUE);
  text = plr_rights_letter_render_text (letter);
  g_test_message ("%s", text);

  for (guint i = 0; sar_phrases[i] != NULL; i++)
    assert_contains (text, sar_phrases[i]);

  /* Labelled first thing after the addresses, and dated at the top. */
  g_assert_true (strstr (text, "25 November 2026") < strstr (text, "Subject access request"));
  /* No address is known, so the learner is told to complete it. */
  assert_contains (text, "[Address or email: check the current address on the body’s website]");
  assert_contains (text, "(Where to look: GOV.UK: the Department for Education");

  subject = plr_rights_letter_dup_subject (letter);
  g_assert_cmpstr (subject, ==, "Subject access request: my Personal Learning Record");
  file_name = plr_rights_letter_dup_file_name (letter, "pdf");
  g_assert_cmpstr (file_name, ==, "subject-access-request-2026-11-25.pdf");

  g_assert_true (plr_rights_letter_compute_due_date (letter, &due));
  g_assert_cmpint (g_date_get_day (&due), ==, 29);
  g_assert_cmpint (g_date_get_month (&due), ==, 12);
}

static void
test_subject_access_choices (void)
{
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autoptr(PlrRightsLetter) bare = NULL;
  g_autoptr(PlrRightsLetter) dwp = NULL;
  g_autoptr(PlrRightsLetter) nobody = NULL;
  g_autofree char *bare_text = NULL;
  g_autofree char *dwp_text = NULL;
  g_autofree char *nobody_text = NULL;
  g_autofree char *dwp_subject = NULL;

  /* Without details: the name is a placeholder, the rest left out. */
  bare = make_letter (PLR_RIGHTS_LETTER_SUBJECT_ACCESS, plr_recipients_lookup (recipients, "dfe"),
                      FALSE);
  g_object_set (bare,
                "format", PLR_RIGHTS_FORMAT_PAPER,
                "items", PLR_RIGHTS_ITEM_EVENTS | PLR_RIGHTS_ITEM_ACCESS_LOG,
                "name", "   ",
                NULL);
  bare_text = plr_rights_letter_render_text (bare);
  assert_contains (bare_text, "Full name: [Your full name]");
  assert_contains (bare_text, "on paper, by post");
  assert_contains (bare_text, "all my learning events");
  assert_contains (bare_text, "the access log of my record");
  g_assert_null (strstr (bare_text, "my sharing flag"));
  g_assert_null (strstr (bare_text, "Former names"));
  g_assert_null (strstr (bare_text, "Unique Learner Number (ULN):"));
  g_assert_null (strstr (bare_text, "Date of birth"));

  /* To DWP: what it holds from DfE, not the PLR's own parts. */
  dwp = make_letter (PLR_RIGHTS_LETTER_SUBJECT_ACCESS, plr_recipients_lookup (recipients, "dwp"),
                     TRUE);
  dwp_text = plr_rights_letter_render_text (dwp);
  assert_contains (dwp_text, "Department for Work and Pensions");
  assert_contains (dwp_text, "Longitudinal Education Outcomes (LEO) study");
  assert_contains (dwp_text, "927 630 8686");
  g_assert_null (strstr (dwp_text, "the access log of my record"));
  dwp_subject = plr_rights_letter_dup_subject (dwp);
  g_assert_cmpstr (dwp_subject, ==, "Subject access request");

  /* No body chosen yet: a placeholder, never a guess. */
  nobody = make_letter (PLR_RIGHTS_LETTER_SUBJECT_ACCESS, NULL, TRUE);
  nobody_text = plr_rights_letter_render_text (nobody);
  assert_contains (nobody_text, "[The name of the organisation]");
}

static void
test_objection_text (void)
{
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autoptr(PlrRightsLetter) letter = NULL;
  g_autofree char *placeholder_text = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *file_name = NULL;

  letter = make_letter (PLR_RIGHTS_LETTER_OBJECTION, plr_recipients_lookup (recipients, "dfe"),
                        TRUE);
  placeholder_text = plr_rights_letter_render_text (letter);
  assert_contains (placeholder_text, "Objection to processing");
  assert_contains (placeholder_text, "Article 21(1)");
  assert_contains (placeholder_text, "Article 6(1)(e)");
  assert_contains (placeholder_text, "Article 18(1)(d)");
  assert_contains (placeholder_text, "[In your own words");
  assert_contains (placeholder_text, "within one calendar month");
  assert_contains (placeholder_text, "29 December 2026");
  g_assert_null (strstr (placeholder_text, "Subject access request"));

  g_object_set (letter, "reasons", "A screening company saw my record in 2020.", NULL);
  text = plr_rights_letter_render_text (letter);
  assert_contains (text, "A screening company saw my record in 2020.");
  g_assert_null (strstr (text, "[In your own words"));

  subject = plr_rights_letter_dup_subject (letter);
  g_assert_cmpstr (subject, ==, "Objection to processing (UK GDPR Article 21)");
  file_name = plr_rights_letter_dup_file_name (letter, "txt");
  g_assert_cmpstr (file_name, ==, "objection-2026-11-25.txt");
}

static char *
pdf_to_text (const char *pdftotext,
             const char *path)
{
  const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) squeezed = g_string_new (NULL);
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  /* Lines wrap where the PDF wraps them: compare with single spaces. */
  for (const char *p = out; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (squeezed->len > 0 && squeezed->str[squeezed->len - 1] != ' ')
            g_string_append_c (squeezed, ' ');
        }
      else
        g_string_append_c (squeezed, *p);
    }

  return g_string_free (g_steal_pointer (&squeezed), FALSE);
}

static void
test_letters_as_pdf (void)
{
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  PlrRightsLetterKind kinds[] = { PLR_RIGHTS_LETTER_SUBJECT_ACCESS, PLR_RIGHTS_LETTER_OBJECTION };

  dir = g_dir_make_tmp ("test-rights-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(PlrRightsLetter) letter = make_letter (kinds[k],
                                                       plr_recipients_lookup (recipients, "dfe"),
                                                       TRUE);
      g_autofree char *file_name = plr_rights_letter_dup_file_name (letter, "pdf");
      g_autofree char *path = g_build_filename (dir, file_name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *contents = NULL;
      g_autofree char *text = NULL;
      gsize length;

      g_assert_true (plr_rights_letter_render_pdf_to_file (letter, file, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_str_has_prefix (contents, "%PDF-1.5"));

      /* PLR_TEST_KEEP_LETTERS=DIR keeps a copy to look at. */
      if (g_getenv ("PLR_TEST_KEEP_LETTERS") != NULL)
        {
          g_autofree char *kept = g_build_filename (g_getenv ("PLR_TEST_KEEP_LETTERS"),
                                                    file_name, NULL);
          g_assert_true (g_file_set_contents (kept, contents, length, NULL));
        }

      if (pdftotext == NULL)
        {
          g_test_message ("pdftotext is not installed: the PDF is made but not read back");
          g_assert_cmpint (g_unlink (path), ==, 0);
          continue;
        }

      text = pdf_to_text (pdftotext, path);
      g_test_message ("%s", text);
      if (kinds[k] == PLR_RIGHTS_LETTER_SUBJECT_ACCESS)
        {
          for (guint i = 0; sar_phrases[i] != NULL; i++)
            assert_contains (text, sar_phrases[i]);
        }
      else
        {
          assert_contains (text, "Objection to processing");
          assert_contains (text, "Article 21(1)");
          assert_contains (text, "Article 18(1)(d)");
          assert_contains (text, "[In your own words");
        }
      assert_contains (text, "[Address or email: check the current address");
      assert_contains (text, "Page 1 of");

      g_assert_cmpint (g_unlink (path), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_pdf_write_error (void)
{
  g_autoptr(PlrRightsLetter) letter = make_letter (PLR_RIGHTS_LETTER_SUBJECT_ACCESS, NULL, TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (plr_rights_letter_render_pdf (letter, memory, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* What the learner types is free text: a direction override in a name or
 * an address line is kept but isolated, line by line, so it cannot turn
 * the rest of the letter around. */
static void
test_letter_isolates_free_text (void)
{
  g_autoptr(PlrRecipients) recipients = load_recipients ();
  PlrRecipient *recipient = plr_recipients_lookup (recipients, "dfe");
  g_autoptr(PlrRightsLetter) letter = make_letter (PLR_RIGHTS_LETTER_SUBJECT_ACCESS, recipient,
                                                   TRUE);
  g_autofree char *text = NULL;

  g_object_set (letter,
                "name", "Siân \u202Eevil",
                "address", "12 Heol y Castell\n\u202BCaerdydd\nCF10 1AA",
                NULL);
  text = plr_rights_letter_render_text (letter);

  g_assert_nonnull (strstr (text, "Full name: \u2068Siân \u202Eevil\u202C\u2069\n"));
  g_assert_nonnull (strstr (text, "\n\u2068\u202BCaerdydd\u202C\u2069\n"));
  /* Lines without such characters are as typed. */
  g_assert_nonnull (strstr (text, "\n12 Heol y Castell\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/rights/calendar-months", test_calendar_months);
  g_test_add_func ("/rights/response-due", test_response_due);
  g_test_add_func ("/rights/overdue", test_overdue);
  g_test_add_func ("/rights/bank-holiday-table", test_bank_holiday_table);
  g_test_add_func ("/rights/retention", test_retention);
  g_test_add_func ("/rights/subject-access-text", test_subject_access_text);
  g_test_add_func ("/rights/subject-access-choices", test_subject_access_choices);
  g_test_add_func ("/rights/objection-text", test_objection_text);
  g_test_add_func ("/rights/letters-as-pdf", test_letters_as_pdf);
  g_test_add_func ("/rights/pdf-write-error", test_pdf_write_error);
  g_test_add_func ("/rights/letter-isolates-free-text", test_letter_isolates_free_text);

  return g_test_run ();
}
