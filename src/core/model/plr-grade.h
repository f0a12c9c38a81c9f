/* plr-grade.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Grades come in scales: Pass to Distinction*, U to A*, 1 to 9. */
typedef enum
{
  PLR_GRADE_SCALE_NONE,        /* no grade, or the ILR placeholder 9999999999 */
  PLR_GRADE_SCALE_OTHER,       /* a grade we do not know how to order */
  PLR_GRADE_SCALE_PASS,        /* Fail, Pass, Merit, Distinction, Distinction* */
  PLR_GRADE_SCALE_LETTER,      /* U, G to A, A* */
  PLR_GRADE_SCALE_NUMBER,      /* U, 1 to 9 */
} PlrGradeScale;

PlrGradeScale plr_grade_get_scale (const char *grade);
int           plr_grade_rank      (const char *grade);
int           plr_grade_compare   (const char *a,
                                   const char *b);

G_END_DECLS
