/* plr-date.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *plr_date_format_long          (GDateTime   *date);
char *plr_date_format_long_ymd      (int          year,
                                     int          month,
                                     int          day);
char *plr_date_format_long_gdate    (const GDate *date);
void  plr_date_add_calendar_months  (const GDate *from,
                                     guint        months,
                                     GDate       *out);

G_END_DECLS
