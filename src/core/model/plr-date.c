/* plr-date.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-date"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-date.h"

/* Dates as a learner reads them, the same on every page, letter and
 * export, and the one "calendar months later" rule that every deadline
 * (a data challenge, a subject access request, a copy of the record) is
 * counted with. */

/**
 * plr_date_format_long:
 * @date: a date and time, in the zone whose day is meant
 *
 * Returns: (transfer full): the day of @date in words, as "2 November 2026"
 *   (in Welsh "2 Tachwedd 2026")
 */
char *
plr_date_format_long (GDateTime *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  /* Translators: a date in words, such as "23 November 2026", on every page,
   * letter and export; see g_date_time_format() */
  return g_date_time_format (date, _("%-d %B %Y"));
}

/**
 * plr_date_format_long_ymd:
 * @year: a year
 * @month: a month, 1 to 12
 * @day: a day of @month
 *
 * Returns: (transfer full) (nullable): the day in words, as
 *   plr_date_format_long() writes it, or %NULL if there is no such day
 */
char *
plr_date_format_long_ymd (int year,
                          int month,
                          int day)
{
  g_autoptr(GDateTime) date = NULL;

  if (!g_date_valid_dmy (day, month, year))
    return NULL;

  date = g_date_time_new_utc (year, month, day, 0, 0, 0);
  return plr_date_format_long (date);
}

/**
 * plr_date_format_long_gdate:
 * @date: a valid date
 *
 * Returns: (transfer full): @date in words, as plr_date_format_long() writes it
 */
char *
plr_date_format_long_gdate (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return plr_date_format_long_ymd (g_date_get_year (date), g_date_get_month (date),
                                   g_date_get_day (date));
}

/**
 * plr_date_add_calendar_months:
 * @from: a valid date
 * @months: how many calendar months
 * @out: (out caller-allocates): the same date @months later or, when that
 *   month is shorter, its last day (31 January gives 28 or 29 February)
 *
 * The ICO's "calendar month": g_date_add_months() keeps the day of the
 * month where the month has it, and takes the month's last day where it
 * does not.
 */
void
plr_date_add_calendar_months (const GDate *from,
                              guint        months,
                              GDate       *out)
{
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (out != NULL);

  *out = *from;
  g_date_add_months (out, months);
}
