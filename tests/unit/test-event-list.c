/* test-event-list.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* PlrEventList: the events a filter lets through, as a list model, the
 * search answered by the store on a worker thread. */

#include "config.h"

#include "plr-event-filter.h"
#include "plr-event-list.h"
#include "plr-store.h"
#include "test-support.h"

typedef struct
{
  PlrStore       *store;
  PlrRecord      *record;
  PlrEventFilter *filter;
  PlrEventList   *list;
  guint           n_changes;   /* items-changed emissions */
  guint           n_answers;   /* times busy went back to FALSE */
} Fixture;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Fixture    *fixture)
{
  fixture->n_changes++;
}

static void
on_busy_cb (PlrEventList *list,
            GParamSpec   *pspec,
            Fixture      *fixture)
{
  if (!plr_event_list_get_busy (list))
    fixture->n_answers++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "event-list.db", NULL);
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 30, 100, "Merit");
  g_autoptr(GError) error = NULL;

  fixture->store = plr_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_replace_record (fixture->store, record, NULL, &error));
  g_assert_no_error (error);
  fixture->record = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);

  fixture->filter = plr_event_filter_new ();
  fixture->list = plr_event_list_new (fixture->filter);
  g_signal_connect (fixture->list, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  g_signal_connect (fixture->list, "notify::busy", G_CALLBACK (on_busy_cb), fixture);
  plr_event_list_set_record (fixture->list, fixture->store, fixture->record);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->list);
  g_clear_object (&fixture->filter);
  g_clear_object (&fixture->record);
  g_clear_object (&fixture->store);
}

/* Searches for @text and waits for the store's answer. */
static void
search (Fixture    *fixture,
        const char *text)
{
  guint answers = fixture->n_answers;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  plr_event_filter_set_text (fixture->filter, text);
  while (fixture->n_answers == answers)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* An empty search is answered at once, without the store. */
static void
clear_search (Fixture *fixture)
{
  plr_event_filter_set_text (fixture->filter, "");
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static const char *
subject_at (Fixture *fixture,
            guint    position)
{
  g_autoptr(PlrLearningEvent) event = g_list_model_get_item (G_LIST_MODEL (fixture->list),
                                                             position);

  return plr_learning_event_get_value (event, PLR_EVENT_FIELD_SUBJECT);
}

static void
test_search_narrows (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 30);

  /* "Subject number 1 …" and "… 10" to "… 19": every word a prefix. */
  search (fixture, "number 1");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
  g_assert_cmpstr (subject_at (fixture, 0), ==, "Subject number 1 in Welsh Literature");
  g_assert_cmpstr (subject_at (fixture, 10), ==, "Subject number 19 in Welsh Literature");

  clear_search (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 30);
}

/* A key that does not change the results (the next letter of a word that
 * every result has) must not replace the rows: in GTK 4.8 that makes the
 * view bind and lay out every row on show again. */
static void
test_same_results_keep_the_rows (Fixture       *fixture,
                                 gconstpointer  data)
{
  guint changes;

  search (fixture, "welsh");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 30);
  changes = fixture->n_changes;

  search (fixture, "welsh lit");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 30);
  search (fixture, "welsh liter");
  g_assert_cmpuint (fixture->n_changes, ==, changes);

  search (fixture, "welsh liter number 2");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 11);
  g_assert_cmpuint (fixture->n_changes, ==, changes + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/event-list/search-narrows", Fixture, NULL,
              fixture_set_up, test_search_narrows, fixture_tear_down);
  g_test_add ("/event-list/same-results-keep-the-rows", Fixture, NULL,
              fixture_set_up, test_same_results_keep_the_rows, fixture_tear_down);

  return g_test_run ();
}
