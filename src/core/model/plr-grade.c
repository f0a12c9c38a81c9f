/* plr-grade.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-grade"

#include "config.h"

#include <string.h>

#include "plr-grade.h"
#include "plr-learning-event.h"

/* Sorting grades "sensibly": within a scale from the lowest to the highest,
 * and the scales one after the other, so that a column of mixed grades reads
 * as groups. Nothing here compares a GCSE 7 with an A: that is not ours to
 * decide. */

typedef struct
{
  const char    *grade;
  PlrGradeScale  scale;
  int            step;
} GradeStep;

static const GradeStep grade_steps[] = {
  { "Fail", PLR_GRADE_SCALE_PASS, 0 },
  { "Pass", PLR_GRADE_SCALE_PASS, 1 },
  { "Merit", PLR_GRADE_SCALE_PASS, 2 },
  { "Distinction", PLR_GRADE_SCALE_PASS, 3 },
  { "Distinction*", PLR_GRADE_SCALE_PASS, 4 },
  { "U", PLR_GRADE_SCALE_LETTER, 0 },
  { "G", PLR_GRADE_SCALE_LETTER, 1 },
  { "F", PLR_GRADE_SCALE_LETTER, 2 },
  { "E", PLR_GRADE_SCALE_LETTER, 3 },
  { "D", PLR_GRADE_SCALE_LETTER, 4 },
  { "C", PLR_GRADE_SCALE_LETTER, 5 },
  { "B", PLR_GRADE_SCALE_LETTER, 6 },
  { "A", PLR_GRADE_SCALE_LETTER, 7 },
  { "A*", PLR_GRADE_SCALE_LETTER, 8 },
};

static const GradeStep *
lookup (const char *grade)
{
  for (guint i = 0; i < G_N_ELEMENTS (grade_steps); i++)
    if (g_ascii_strcasecmp (grade, grade_steps[i].grade) == 0)
      return &grade_steps[i];

  return NULL;
}

/**
 * plr_grade_get_scale:
 * @grade: (nullable): a grade as the LRS holds it
 *
 * Returns: the scale @grade belongs to
 */
PlrGradeScale
plr_grade_get_scale (const char *grade)
{
  const GradeStep *step;

  if (grade == NULL || grade[0] == '\0' || strcmp (grade, PLR_GRADE_PLACEHOLDER) == 0)
    return PLR_GRADE_SCALE_NONE;

  if (grade[1] == '\0' && grade[0] >= '1' && grade[0] <= '9')
    return PLR_GRADE_SCALE_NUMBER;

  step = lookup (grade);
  return step ? step->scale : PLR_GRADE_SCALE_OTHER;
}

/**
 * plr_grade_rank:
 * @grade: (nullable): a grade as the LRS holds it
 *
 * A number that orders grades: higher is a better grade within a scale, and
 * each scale has its own range. No grade (and the ILR placeholder) ranks
 * lowest.
 *
 * Returns: the rank of @grade
 */
int
plr_grade_rank (const char *grade)
{
  PlrGradeScale scale = plr_grade_get_scale (grade);
  const GradeStep *step;

  switch (scale)
    {
    case PLR_GRADE_SCALE_NONE:
      return -1;
    case PLR_GRADE_SCALE_OTHER:
      return 0;
    case PLR_GRADE_SCALE_NUMBER:
      return scale * 100 + (grade[0] - '0');
    case PLR_GRADE_SCALE_PASS:
    case PLR_GRADE_SCALE_LETTER:
    default:
      step = lookup (grade);
      g_assert (step != NULL);
      return scale * 100 + step->step;
    }
}

/**
 * plr_grade_compare:
 * @a: (nullable): a grade
 * @b: (nullable): another grade
 *
 * Orders grades by plr_grade_rank(), then grades we cannot rank by their text.
 *
 * Returns: negative, zero or positive, as strcmp()
 */
int
plr_grade_compare (const char *a,
                   const char *b)
{
  int rank_a = plr_grade_rank (a);
  int rank_b = plr_grade_rank (b);

  if (rank_a != rank_b)
    return rank_a < rank_b ? -1 : 1;

  if (rank_a == 0)
    return g_strcmp0 (a, b);

  return 0;
}
