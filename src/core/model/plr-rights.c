/* plr-rights.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-rights"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-date.h"
#include "plr-rights.h"

/* The learner's data rights in numbers: when the answer to a subject
 * access request (or a rectification or an objection) is due, whether it
 * is late, and until when the LRS may keep the record.
 *
 * Deadlines follow the ICO's guidance on the time limit: one calendar
 * month from the day the request is received (a working day or not), to
 * the same date in the next month; when that month has no such date (31
 * January to February), its last day; and when that day is a weekend or a
 * bank holiday, the next working day. A complex request may be extended
 * by two further months: three calendar months from receipt, by the same
 * rules. "Today" is always passed in, so every answer is reproducible.
 *
 * Bank holidays are England and Wales' (the LRS and DfE are in England).
 * Scotland and Northern Ireland have others: for a request to the Scottish
 * Government the due date may be a day early, never late. */

G_DEFINE_ENUM_TYPE (PlrRightsStatus, plr_rights_status,
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_STATUS_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_STATUS_DUE_TODAY, "due-today"),
  G_DEFINE_ENUM_VALUE (PLR_RIGHTS_STATUS_OVERDUE, "overdue"))

G_DEFINE_ENUM_TYPE (PlrRetentionBasis, plr_retention_basis,
  G_DEFINE_ENUM_VALUE (PLR_RETENTION_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (PLR_RETENTION_FROM_CREATED, "from-created"),
  G_DEFINE_ENUM_VALUE (PLR_RETENTION_FROM_AGE_14, "from-age-14"))

/* England and Wales bank holidays: data/bank-holidays-england-and-wales.txt,
 * made into a table when the core is built. */
#include "plr-bank-holidays.h"

G_STATIC_ASSERT (PLR_BANK_HOLIDAYS_FIRST_YEAR == PLR_RIGHTS_HOLIDAYS_FIRST_YEAR);
G_STATIC_ASSERT (PLR_BANK_HOLIDAYS_LAST_YEAR == PLR_RIGHTS_HOLIDAYS_LAST_YEAR);

/**
 * plr_rights_bank_holidays_known:
 * @year: a year
 *
 * Returns: %TRUE if the bank holiday table covers @year; outside it only
 *   weekends are skipped
 */
gboolean
plr_rights_bank_holidays_known (int year)
{
  return year >= PLR_RIGHTS_HOLIDAYS_FIRST_YEAR && year <= PLR_RIGHTS_HOLIDAYS_LAST_YEAR;
}

/**
 * plr_rights_is_bank_holiday:
 * @date: a valid date
 *
 * Returns: %TRUE if @date is a bank holiday in England and Wales, as far
 *   as the table knows
 */
gboolean
plr_rights_is_bank_holiday (const GDate *date)
{
  int year, month, day;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  year = g_date_get_year (date);
  month = g_date_get_month (date);
  day = g_date_get_day (date);

  for (guint i = 0; i < G_N_ELEMENTS (plr_bank_holidays); i++)
    if (plr_bank_holidays[i].year == year && plr_bank_holidays[i].month == month &&
        plr_bank_holidays[i].day == day)
      return TRUE;

  return FALSE;
}

/**
 * plr_rights_is_working_day:
 * @date: a valid date
 *
 * Returns: %TRUE unless @date is a Saturday, a Sunday or a bank holiday
 */
gboolean
plr_rights_is_working_day (const GDate *date)
{
  GDateWeekday weekday;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  weekday = g_date_get_weekday (date);
  return weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY &&
         !plr_rights_is_bank_holiday (date);
}

/**
 * plr_rights_response_due:
 * @received: the day the body received the request
 * @extended: %TRUE if the body extended it by two months (a complex request)
 * @due: (out caller-allocates): the last day to answer
 *
 * The ICO's rule: one calendar month from receipt (three if extended),
 * moved to the next working day when it falls on a weekend or a bank
 * holiday.
 *
 * Returns: %TRUE if the bank holidays of every day looked at are known;
 *   %FALSE if only weekends could be skipped
 */
gboolean
plr_rights_response_due (const GDate *received,
                         gboolean     extended,
                         GDate       *due)
{
  gboolean known;

  g_return_val_if_fail (received != NULL && g_date_valid (received), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  plr_date_add_calendar_months (received, extended ? 3 : 1, due);

  known = plr_rights_bank_holidays_known (g_date_get_year (due));
  while (!plr_rights_is_working_day (due))
    {
      g_date_add_days (due, 1);
      known = known && plr_rights_bank_holidays_known (g_date_get_year (due));
    }

  return known;
}

/**
 * plr_rights_check_deadline:
 * @received: the day the body received the request
 * @extended: %TRUE if the body extended it by two months
 * @today: the day to judge on, passed in so the answer can be tested
 * @due: (out caller-allocates) (optional): the last day to answer
 * @days_left: (out) (optional): calendar days from @today to the last day;
 *   negative once it has passed
 *
 * Returns: whether the answer is still to come, due today or overdue
 */
PlrRightsStatus
plr_rights_check_deadline (const GDate *received,
                           gboolean     extended,
                           const GDate *today,
                           GDate       *due,
                           int         *days_left)
{
  GDate last_day;
  int left;

  g_return_val_if_fail (received != NULL && g_date_valid (received), PLR_RIGHTS_STATUS_WAITING);
  g_return_val_if_fail (today != NULL && g_date_valid (today), PLR_RIGHTS_STATUS_WAITING);

  plr_rights_response_due (received, extended, &last_day);
  left = g_date_days_between (today, &last_day);

  if (due != NULL)
    *due = last_day;
  if (days_left != NULL)
    *days_left = left;

  if (left < 0)
    return PLR_RIGHTS_STATUS_OVERDUE;
  if (left == 0)
    return PLR_RIGHTS_STATUS_DUE_TODAY;
  return PLR_RIGHTS_STATUS_WAITING;
}

/* The date at the start of a date or a date and time ("2012-05-01",
 * "2012-05-01 09:30:00", "2012-05-01T09:30:00Z"). */
static gboolean
parse_leading_date (const char *text,
                    GDate      *date)
{
  char head[11];
  int year, month, day;

  if (text == NULL || strlen (text) < 10)
    return FALSE;

  memcpy (head, text, 10);
  head[10] = '\0';
  if (head[4] != '-' || head[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (head[i]))
      return FALSE;

  year = (int) g_ascii_strtoll (head, NULL, 10);
  month = (int) g_ascii_strtoll (head + 5, NULL, 10);
  day = (int) g_ascii_strtoll (head + 8, NULL, 10);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * plr_rights_retention_until_year:
 * @created_date: (nullable): the learner record's CreatedDate
 * @date_of_birth: (nullable): the learner's date of birth, yyyy-mm-dd
 * @basis: (out) (optional): what the year was counted from
 *
 * The LRS privacy notice says the record may be kept for up to 66 years,
 * without saying from when. Learning Record assumes from when the record
 * was created, the LRS's own CreatedDate. Without it, it estimates from
 * the learner's 14th birthday, the age from which learners get a ULN: a
 * record made later is kept later.
 *
 * Returns: the last year the record may be kept, or 0 if neither date is
 *   known
 */
int
plr_rights_retention_until_year (const char        *created_date,
                                 const char        *date_of_birth,
                                 PlrRetentionBasis *basis)
{
  GDate date;

  if (parse_leading_date (created_date, &date))
    {
      if (basis)
        *basis = PLR_RETENTION_FROM_CREATED;
      return g_date_get_year (&date) + PLR_RIGHTS_RETENTION_YEARS;
    }

  if (parse_leading_date (date_of_birth, &date))
    {
      if (basis)
        *basis = PLR_RETENTION_FROM_AGE_14;
      return g_date_get_year (&date) + PLR_RIGHTS_ULN_AGE + PLR_RIGHTS_RETENTION_YEARS;
    }

  if (basis)
    *basis = PLR_RETENTION_UNKNOWN;
  return 0;
}

/**
 * plr_rights_retention_for_learner:
 * @learner: a #PlrLearner
 * @basis: (out) (optional): what the year was counted from
 *
 * plr_rights_retention_until_year() with the learner's CreatedDate and
 * DateOfBirth.
 *
 * Returns: the last year the record may be kept, or 0 if unknown
 */
int
plr_rights_retention_for_learner (PlrLearner        *learner,
                                  PlrRetentionBasis *basis)
{
  g_return_val_if_fail (PLR_IS_LEARNER (learner), 0);

  return plr_rights_retention_until_year (
    plr_learner_get_value (learner, PLR_LEARNER_FIELD_CREATED_DATE),
    plr_learner_get_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH),
    basis);
}

/**
 * plr_rights_describe_retention:
 * @year: from plr_rights_retention_until_year()
 * @basis: its basis
 *
 * Returns: (transfer full): a sentence for the learner
 */
char *
plr_rights_describe_retention (int               year,
                               PlrRetentionBasis basis)
{
  switch (basis)
    {
    case PLR_RETENTION_FROM_CREATED:
      /* Translators: %d is a year, such as 2078 */
      return g_strdup_printf (_("The Learning Records Service may keep your record for up to "
                                "66 years from when it was created: until %d."), year);

    case PLR_RETENTION_FROM_AGE_14:
      return g_strdup_printf (_("The Learning Records Service may keep your record for up to "
                                "66 years. Counted from your 14th birthday, when learners "
                                "usually get a ULN, that is until about %d; a record "
                                "created later is kept later."), year);

    case PLR_RETENTION_UNKNOWN:
    default:
      return g_strdup (_("The Learning Records Service may keep your record for up to 66 "
                         "years."));
    }
}

/**
 * plr_rights_describe_retention_short:
 * @year: from plr_rights_retention_until_year()
 * @basis: its basis
 *
 * The same rule as plr_rights_describe_retention(), as a row's value, so
 * that every page that says how long the record is kept gives one year.
 *
 * Returns: (transfer full): a few words for the learner
 */
char *
plr_rights_describe_retention_short (int               year,
                                     PlrRetentionBasis basis)
{
  switch (basis)
    {
    case PLR_RETENTION_FROM_CREATED:
      /* Translators: %d is a year, such as 2078 */
      return g_strdup_printf (_("Until %d"), year);

    case PLR_RETENTION_FROM_AGE_14:
      /* Translators: %d is a year, such as 2083 */
      return g_strdup_printf (_("Until about %d"), year);

    case PLR_RETENTION_UNKNOWN:
    default:
      return g_strdup (_("Up to 66 years"));
    }
}
