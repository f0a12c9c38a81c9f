/* test-record-diff.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plr-record-diff.h"
#include "test-support.h"

static void
test_first (void)
{
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 5, 100, "A");
  g_autoptr(PlrRecordDiff) diff = plr_record_diff_new (NULL, record);

  g_assert_true (plr_record_diff_is_first (diff));
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 5);
  g_assert_cmpuint (plr_record_diff_get_n_removed (diff), ==, 0);
  g_assert_cmpuint (plr_record_diff_get_n_changed (diff), ==, 0);
}

static void
test_unchanged (void)
{
  g_autoptr(PlrRecord) a = test_make_record ("9276308686", 5, 100, "A");
  g_autoptr(PlrRecord) b = test_make_record ("9276308686", 5, 100, "A");
  g_autoptr(PlrRecordDiff) diff = plr_record_diff_new (a, b);

  g_assert_false (plr_record_diff_is_first (diff));
  g_assert_true (plr_record_diff_is_empty (diff));
}

static void
test_added_removed_changed (void)
{
  g_autoptr(PlrRecord) old_record = test_make_record ("9276308686", 5, 100, "B");
  g_autoptr(PlrRecord) new_record = test_make_record ("9276308686", 5, 102, "B");
  g_autoptr(PlrRecordDiff) diff = NULL;
  PlrLearningEvent *old_event = NULL;
  PlrLearningEvent *event;
  guint64 fields = 0;
  gboolean added = FALSE;

  /* old: 100..104, new: 102..106 with 103's grade and date corrected */
  event = plr_record_get_event (new_record, 1);
  g_assert_cmpint (plr_learning_event_get_id (event), ==, 103);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "A*");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE, "2022-08-26");
  /* 102, 103 and 104 carry different subjects in the two records (built by
   * position), so make 102 and 104 identical to their old selves. */
  plr_learning_event_set_value (plr_record_get_event (new_record, 0), PLR_EVENT_FIELD_SUBJECT,
                                plr_learning_event_get_subject (plr_record_get_event (old_record, 2)));
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT,
                                plr_learning_event_get_subject (plr_record_get_event (old_record, 3)));
  plr_learning_event_set_value (plr_record_get_event (new_record, 2), PLR_EVENT_FIELD_SUBJECT,
                                plr_learning_event_get_subject (plr_record_get_event (old_record, 4)));

  diff = plr_record_diff_new (old_record, new_record);

  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 2);
  g_assert_cmpint (plr_learning_event_get_id (plr_record_diff_get_added (diff, 0)), ==, 105);
  g_assert_cmpint (plr_learning_event_get_id (plr_record_diff_get_added (diff, 1)), ==, 106);

  g_assert_cmpuint (plr_record_diff_get_n_removed (diff), ==, 2);
  g_assert_cmpint (plr_learning_event_get_id (plr_record_diff_get_removed (diff, 0)), ==, 100);
  g_assert_cmpint (plr_learning_event_get_id (plr_record_diff_get_removed (diff, 1)), ==, 101);

  g_assert_cmpuint (plr_record_diff_get_n_changed (diff), ==, 1);
  event = plr_record_diff_get_changed (diff, 0, &old_event, &fields);
  g_assert_cmpint (plr_learning_event_get_id (event), ==, 103);
  g_assert_cmpstr (plr_learning_event_get_grade (old_event), ==, "B");
  g_assert_cmpstr (plr_learning_event_get_grade (event), ==, "A*");
  g_assert_cmphex (fields, ==, (G_GUINT64_CONSTANT (1) << PLR_EVENT_FIELD_GRADE) |
                               (G_GUINT64_CONSTANT (1) << PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE));

  g_assert_true (plr_record_diff_lookup_event (diff, 103, &added, &fields));
  g_assert_false (added);
  g_assert_true (plr_record_diff_lookup_event (diff, 106, &added, NULL));
  g_assert_true (added);
  g_assert_false (plr_record_diff_lookup_event (diff, 102, NULL, NULL));

  g_assert_cmphex (plr_record_diff_get_learner_changes (diff), ==, 0);
}

static void
test_learner_changes (void)
{
  g_autoptr(PlrRecord) a = test_make_record ("9276308686", 1, 1, "A");
  g_autoptr(PlrRecord) b = test_make_record ("9276308686", 1, 1, "A");
  g_autoptr(PlrRecordDiff) diff = NULL;

  plr_learner_set_value (plr_record_get_learner (b), PLR_LEARNER_FIELD_FAMILY_NAME, "D'Arcy");
  diff = plr_record_diff_new (a, b);

  g_assert_false (plr_record_diff_is_empty (diff));
  g_assert_cmphex (plr_record_diff_get_learner_changes (diff), ==,
                   G_GUINT64_CONSTANT (1) << PLR_LEARNER_FIELD_FAMILY_NAME);
}

/* The same LRS ID twice: matched in order, so one extra copy is "added". */
static void
test_duplicate_ids (void)
{
  g_autoptr(PlrRecord) a = test_make_record ("9276308686", 1, 7, "A");
  g_autoptr(PlrRecord) b = test_make_record ("9276308686", 1, 7, "A");
  g_autoptr(PlrLearningEvent) copy = plr_learning_event_copy (plr_record_get_event (b, 0));
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(PlrRecordDiff) back = NULL;

  plr_record_append_event (b, copy);
  diff = plr_record_diff_new (a, b);
  g_assert_cmpuint (plr_record_diff_get_n_added (diff), ==, 1);
  g_assert_cmpuint (plr_record_diff_get_n_changed (diff), ==, 0);

  back = plr_record_diff_new (b, a);
  g_assert_cmpuint (plr_record_diff_get_n_removed (back), ==, 1);
  g_assert_cmpuint (plr_record_diff_get_n_added (back), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/record-diff/first", test_first);
  g_test_add_func ("/record-diff/unchanged", test_unchanged);
  g_test_add_func ("/record-diff/added-removed-changed", test_added_removed_changed);
  g_test_add_func ("/record-diff/learner-changes", test_learner_changes);
  g_test_add_func ("/record-diff/duplicate-ids", test_duplicate_ids);

  return g_test_run ();
}
