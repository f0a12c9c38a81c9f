/* test-outbox.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The outbox in the store: a local change and its outbox item are written
 * together or not at all, items keep their order and their key, and the
 * service's answer lands on the change that owns the item. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "plr-store.h"
#include "test-support.h"

#define SHARING_ANSWER \
  "{\"ability_to_share\":1,\"opted_out\":true,\"updated_at\":\"2026-11-02T09:30:00Z\"," \
  "\"reference\":\"SP-000123\"}"

static char *
store_path (void)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own data dir. */
  return g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db", NULL);
}

static PlrStore *
open_store (void)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  PlrStore *store = plr_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* Counts rows with a second, raw connection: what is really on disk. */
static int
count_rows (const char *sql)
{
  g_autofree char *path = store_path ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static void
exec_raw (const char *sql)
{
  g_autofree char *path = store_path ();
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static PlrOutboxItem *
dup_item (PlrStore *store,
          gint64    id)
{
  g_autoptr(GError) error = NULL;
  PlrOutboxItem *item = plr_store_dup_outbox_item (store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (item);
  return item;
}

static void
count_queued_cb (PlrStore *store,
                 gint64    id,
                 GArray   *ids)
{
  g_array_append_val (ids, id);
}

static void
test_record_writes_both (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GArray) queued = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  PlrOutboxItem *item;
  PlrSharingChoice *choice;
  JsonObject *object;
  gint64 change_id = 0;

  g_signal_connect (store, "outbox-item-queued", G_CALLBACK (count_queued_cb), queued);

  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", "Siân’s choice, for now",
                                                  &change_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (change_id, >, 0);

  g_assert_cmpint (count_rows ("SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM sharing_preference_changes"), ==, 1);

  items = plr_store_list_outbox (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (plr_outbox_item_get_kind (item), ==, PLR_OUTBOX_KIND_SHARING_PREFERENCE);
  g_assert_cmpstr (plr_outbox_item_get_method (item), ==, "PUT");
  g_assert_cmpstr (plr_outbox_item_get_path (item), ==, "v1/sharing-preferences");
  g_assert_true (g_uuid_string_is_valid (plr_outbox_item_get_idempotency_key (item)));
  g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_QUEUED);
  g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 0);
  g_assert_null (plr_outbox_item_get_last_error (item));
  g_assert_null (plr_outbox_item_get_next_attempt_at (item));
  g_assert_null (plr_outbox_item_get_response (item));
  g_assert_null (plr_outbox_item_get_sent_at (item));
  /* Stored to the second, so compare with the second it was made in. */
  g_assert_cmpint (g_date_time_to_unix (plr_outbox_item_get_created_at (item)), >=,
                   g_date_time_to_unix (before));

  /* The body is the protocol's, exactly. */
  body = json_from_string (plr_outbox_item_get_body (item), &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  g_assert_true (json_object_get_boolean_member (object, "opted_out"));
  g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "app");
  g_assert_cmpstr (json_object_get_string_member (object, "note"), ==, "Siân’s choice, for now");

  /* The history entry points at the item and waits for it. */
  choices = plr_store_list_sharing_choices (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (choices->len, ==, 1);
  choice = g_ptr_array_index (choices, 0);
  g_assert_cmpint (choice->id, ==, change_id);
  g_assert_true (choice->opted_out);
  g_assert_cmpstr (choice->method, ==, "app");
  g_assert_cmpstr (choice->note, ==, "Siân’s choice, for now");
  g_assert_nonnull (choice->made_at);
  g_assert_cmpint (choice->outbox_id, ==, plr_outbox_item_get_id (item));
  g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_QUEUED);
  g_assert_null (choice->reference);
  g_assert_null (choice->confirmed_at);

  g_assert_cmpuint (queued->len, ==, 1);
  g_assert_cmpint (g_array_index (queued, gint64, 0), ==, plr_outbox_item_get_id (item));
}

static void
test_no_note_is_null (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_true (plr_store_record_sharing_choice (store, FALSE, "letter", "", NULL, &error));
  g_assert_no_error (error);

  items = plr_store_list_outbox (store, TRUE, &error);
  body = json_from_string (plr_outbox_item_get_body (g_ptr_array_index (items, 0)), NULL);
  object = json_node_get_object (body);
  g_assert_false (json_object_get_boolean_member (object, "opted_out"));
  g_assert_cmpstr (json_object_get_string_member (object, "method"), ==, "letter");
  g_assert_true (json_object_get_null_member (object, "note"));

  choices = plr_store_list_sharing_choices (store, &error);
  g_assert_null (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->note);
}

/* A transaction that fails after the outbox row was inserted leaves
 * neither the outbox row nor the history row. */
static void
test_failed_transaction_writes_neither (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) queued = g_array_new (FALSE, FALSE, sizeof (gint64));

  {
    g_autoptr(PlrStore) store = open_store ();

    g_assert_true (plr_store_record_sharing_choice (store, FALSE, "app", NULL, NULL, &error));
  }

  /* The history insert comes second; make it fail with a constraint. */
  exec_raw ("CREATE TRIGGER refuse_choice BEFORE INSERT ON sharing_preference_changes "
            "BEGIN SELECT RAISE (ABORT, 'refused by the test'); END");

  {
    g_autoptr(PlrStore) store = open_store ();
    g_autoptr(GPtrArray) items = NULL;
    g_autoptr(GPtrArray) choices = NULL;
    gint64 change_id = -1;

    g_signal_connect (store, "outbox-item-queued", G_CALLBACK (count_queued_cb), queued);
    g_assert_false (plr_store_record_sharing_choice (store, TRUE, "phone", "x", &change_id,
                                                     &error));
    g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpint (change_id, ==, -1);
    g_assert_cmpuint (queued->len, ==, 0);

    g_assert_cmpint (count_rows ("SELECT count(*) FROM outbox"), ==, 1);
    g_assert_cmpint (count_rows ("SELECT count(*) FROM sharing_preference_changes"), ==, 1);
    items = plr_store_list_outbox (store, FALSE, &error);
    g_assert_cmpuint (items->len, ==, 1);
    choices = plr_store_list_sharing_choices (store, &error);
    g_assert_cmpuint (choices->len, ==, 1);
    g_assert_false (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->opted_out);
    g_assert_true (plr_store_check_integrity (store, &error));
  }

  /* With the trigger gone, the same call writes both. */
  exec_raw ("DROP TRIGGER refuse_choice");
  {
    g_autoptr(PlrStore) store = open_store ();

    g_assert_true (plr_store_record_sharing_choice (store, TRUE, "phone", "x", NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count_rows ("SELECT count(*) FROM outbox"), ==, 2);
    g_assert_cmpint (count_rows ("SELECT count(*) FROM sharing_preference_changes"), ==, 2);
  }
}

/* A note the service would refuse is refused here, before anything is written. */
static void
test_invalid_note_writes_nothing (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_note = g_string_new (NULL);

  for (guint i = 0; i < PLR_STORE_MAX_NOTE_CHARS; i++)
    g_string_append (long_note, "â");

  /* Exactly the limit, counted in characters rather than bytes, is fine. */
  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", long_note->str, NULL,
                                                  &error));
  g_assert_no_error (error);

  g_string_append_c (long_note, 'x');
  g_assert_false (plr_store_record_sharing_choice (store, TRUE, "app", long_note->str, NULL,
                                                   &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (plr_store_record_sharing_choice (store, TRUE, "app", "bell\a", NULL, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count_rows ("SELECT count(*) FROM outbox"), ==, 1);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM sharing_preference_changes"), ==, 1);
}

static void
test_ordering (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) queued = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gint64 ids[5];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_true (plr_store_record_sharing_choice (store, i % 2 == 0, "app", NULL, NULL,
                                                    &error));

  all = plr_store_list_outbox (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < all->len; i++)
    {
      PlrOutboxItem *item = g_ptr_array_index (all, i);

      ids[i] = plr_outbox_item_get_id (item);
      if (i > 0)
        g_assert_cmpint (ids[i], >, ids[i - 1]);
      /* Every item has its own key. */
      g_assert_true (g_hash_table_add (keys, (gpointer) plr_outbox_item_get_idempotency_key (item)));
    }

  /* The second is confirmed and the fourth refused: the rest keep their order. */
  g_assert_true (plr_store_mark_outbox_sent (store, ids[1], SHARING_ANSWER, &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_mark_outbox_attempt_failed (store, ids[3], "http-422", NULL, TRUE,
                                                       &error));
  g_assert_no_error (error);

  queued = plr_store_list_outbox (store, TRUE, &error);
  g_assert_cmpuint (queued->len, ==, 3);
  g_assert_cmpint (plr_outbox_item_get_id (g_ptr_array_index (queued, 0)), ==, ids[0]);
  g_assert_cmpint (plr_outbox_item_get_id (g_ptr_array_index (queued, 1)), ==, ids[2]);
  g_assert_cmpint (plr_outbox_item_get_id (g_ptr_array_index (queued, 2)), ==, ids[4]);

  g_clear_pointer (&all, g_ptr_array_unref);
  all = plr_store_list_outbox (store, FALSE, &error);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpint (plr_outbox_item_get_state (g_ptr_array_index (all, 1)), ==,
                   PLR_OUTBOX_STATE_SENT);
  g_assert_cmpint (plr_outbox_item_get_state (g_ptr_array_index (all, 3)), ==,
                   PLR_OUTBOX_STATE_FAILED);
}

static void
test_mark_sent_confirms_choice (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(PlrOutboxItem) item = NULL;
  g_autoptr(PlrOutboxItem) again = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2026, 11, 2, 9, 30, 0);
  g_autoptr(GError) error = NULL;
  PlrSharingChoice *first;
  PlrSharingChoice *second;
  gint64 id;

  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, &error));
  g_assert_true (plr_store_record_sharing_choice (store, FALSE, "phone", NULL, NULL, &error));
  items = plr_store_list_outbox (store, TRUE, &error);
  id = plr_outbox_item_get_id (g_ptr_array_index (items, 0));

  g_assert_true (plr_store_mark_outbox_sent (store, id, SHARING_ANSWER, &error));
  g_assert_no_error (error);

  item = dup_item (store, id);
  g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_SENT);
  g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 1);
  g_assert_cmpstr (plr_outbox_item_get_response (item), ==, SHARING_ANSWER);
  g_assert_nonnull (plr_outbox_item_get_sent_at (item));

  choices = plr_store_list_sharing_choices (store, &error);
  first = g_ptr_array_index (choices, 0);
  second = g_ptr_array_index (choices, 1);
  g_assert_cmpint (first->state, ==, PLR_OUTBOX_STATE_SENT);
  g_assert_cmpstr (first->reference, ==, "SP-000123");
  g_assert_true (g_date_time_equal (first->confirmed_at, expected));
  /* Only the change that owns the item is touched. */
  g_assert_cmpint (second->state, ==, PLR_OUTBOX_STATE_QUEUED);
  g_assert_null (second->reference);
  g_assert_null (second->confirmed_at);

  /* Marking it again (a replayed answer) changes nothing. */
  g_assert_true (plr_store_mark_outbox_sent (store, id,
                                             "{\"reference\":\"SP-999999\"}", &error));
  g_assert_no_error (error);
  again = dup_item (store, id);
  g_assert_cmpuint (plr_outbox_item_get_attempts (again), ==, 1);
  g_assert_cmpstr (plr_outbox_item_get_response (again), ==, SHARING_ANSWER);
  g_clear_pointer (&choices, g_ptr_array_unref);
  choices = plr_store_list_sharing_choices (store, &error);
  g_assert_cmpstr (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->reference, ==,
                   "SP-000123");
}

/* An answer without what the change needs is refused, and nothing changes. */
static void
test_mark_sent_refuses_bad_answers (void)
{
  static const char * const answers[] = {
    "not json",
    "[1, 2]",
    "{\"opted_out\":true}",
    "{\"reference\":42}",
    "{\"reference\":\"\"}",
    "{\"reference\":\"SP-1\\u0007\"}",
  };
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(PlrOutboxItem) item = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, &error));
  items = plr_store_list_outbox (store, TRUE, &error);
  id = plr_outbox_item_get_id (g_ptr_array_index (items, 0));

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_assert_false (plr_store_mark_outbox_sent (store, id, answers[i], &error));
      g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  item = dup_item (store, id);
  g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_QUEUED);
  g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 0);
  g_assert_null (plr_outbox_item_get_response (item));
  choices = plr_store_list_sharing_choices (store, &error);
  g_assert_null (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->reference);

  /* Without updated_at, the confirmation time is when it was marked. */
  g_assert_true (plr_store_mark_outbox_sent (store, id, "{\"reference\":\"SP-000007\"}", &error));
  g_assert_no_error (error);
  g_clear_pointer (&choices, g_ptr_array_unref);
  choices = plr_store_list_sharing_choices (store, &error);
  g_assert_cmpstr (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->reference, ==,
                   "SP-000007");
  g_assert_nonnull (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->confirmed_at);
}

/* A page that shows what waits to be sent learns of the service's answer
 * from the store, not by asking again: taken, refused for good, but not a
 * retry that leaves the item waiting. */
static void
test_sent_signal (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) sent = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GDateTime) retry = g_date_time_new_utc (2026, 11, 23, 20, 0, 10);
  g_autoptr(GError) error = NULL;
  gint64 taken;
  gint64 refused;

  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, &error));
  g_assert_true (plr_store_record_sharing_choice (store, FALSE, "app", NULL, NULL, &error));
  items = plr_store_list_outbox (store, TRUE, &error);
  g_assert_no_error (error);
  taken = plr_outbox_item_get_id (g_ptr_array_index (items, 0));
  refused = plr_outbox_item_get_id (g_ptr_array_index (items, 1));

  g_signal_connect (store, "outbox-item-sent", G_CALLBACK (count_queued_cb), sent);

  g_assert_true (plr_store_mark_outbox_attempt_failed (store, refused, "offline", retry, FALSE,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 0);

  g_assert_true (plr_store_mark_outbox_sent (store, taken, SHARING_ANSWER, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 1);
  g_assert_cmpint (g_array_index (sent, gint64, 0), ==, taken);

  g_assert_true (plr_store_mark_outbox_attempt_failed (store, refused, "http-422", NULL, TRUE,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sent->len, ==, 2);
  g_assert_cmpint (g_array_index (sent, gint64, 1), ==, refused);

  /* An item refused for good cannot be taken later, and that says nothing. */
  g_assert_false (plr_store_mark_outbox_sent (store, refused, SHARING_ANSWER, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (sent->len, ==, 2);
}

static void
test_attempt_failure_bookkeeping (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GDateTime) first_retry = g_date_time_new_utc (2026, 11, 23, 20, 0, 10);
  g_autoptr(GDateTime) second_retry = g_date_time_new_utc (2026, 11, 23, 20, 0, 30);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, &error));
  items = plr_store_list_outbox (store, TRUE, &error);
  id = plr_outbox_item_get_id (g_ptr_array_index (items, 0));

  /* Transient: still queued, counted, with the code and the next try. */
  g_assert_true (plr_store_mark_outbox_attempt_failed (store, id, "offline", first_retry, FALSE,
                                                       &error));
  g_assert_no_error (error);
  {
    g_autoptr(PlrOutboxItem) item = dup_item (store, id);

    g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_QUEUED);
    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 1);
    g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "offline");
    g_assert_true (g_date_time_equal (plr_outbox_item_get_next_attempt_at (item), first_retry));
  }

  g_assert_true (plr_store_mark_outbox_attempt_failed (store, id, "http-503", second_retry, FALSE,
                                                       &error));
  {
    g_autoptr(PlrOutboxItem) item = dup_item (store, id);

    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 2);
    g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "http-503");
    g_assert_true (g_date_time_equal (plr_outbox_item_get_next_attempt_at (item), second_retry));
  }

  /* Permanent: failed for good, no next try, and the history says so. */
  g_assert_true (plr_store_mark_outbox_attempt_failed (store, id, "http-422", second_retry, TRUE,
                                                       &error));
  {
    g_autoptr(PlrOutboxItem) item = dup_item (store, id);
    g_autoptr(GPtrArray) queued = plr_store_list_outbox (store, TRUE, &error);

    g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_FAILED);
    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 3);
    g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "http-422");
    g_assert_null (plr_outbox_item_get_next_attempt_at (item));
    g_assert_cmpuint (queued->len, ==, 0);
  }
  choices = plr_store_list_sharing_choices (store, &error);
  g_assert_cmpint (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->state, ==,
                   PLR_OUTBOX_STATE_FAILED);

  /* A failed item is not waiting any more; an unknown one never was. */
  g_assert_false (plr_store_mark_outbox_attempt_failed (store, id, "offline", NULL, FALSE,
                                                        &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (plr_store_mark_outbox_sent (store, id, SHARING_ANSWER, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (plr_store_mark_outbox_sent (store, id + 100, SHARING_ANSWER, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (plr_store_dup_outbox_item (store, id + 100, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
}

/* An error code is a short token: a message (which could hold personal
 * data) is a programming error. */
static void
test_error_code_must_be_a_code (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(PlrStore) store = open_store ();
      g_autoptr(GPtrArray) items = NULL;

      g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, NULL));
      items = plr_store_list_outbox (store, TRUE, NULL);
      plr_store_mark_outbox_attempt_failed (store,
                                            plr_outbox_item_get_id (g_ptr_array_index (items, 0)),
                                            "Could not reach plr.example.ac.uk for Siân", NULL,
                                            FALSE, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*error_code_is_valid*");
}

static void
test_survives_reopen (void)
{
  g_autoptr(GDateTime) retry = g_date_time_new_utc (2026, 11, 23, 21, 15, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *body = NULL;
  gint64 change_id = 0;
  gint64 id;

  {
    g_autoptr(PlrStore) store = open_store ();
    g_autoptr(GPtrArray) items = NULL;
    PlrOutboxItem *item;

    g_assert_true (plr_store_record_sharing_choice (store, TRUE, "letter", "Sent by post", &change_id,
                                                    &error));
    g_assert_true (plr_store_record_sharing_choice (store, FALSE, "app", NULL, NULL, &error));
    items = plr_store_list_outbox (store, TRUE, &error);
    item = g_ptr_array_index (items, 0);
    id = plr_outbox_item_get_id (item);
    key = g_strdup (plr_outbox_item_get_idempotency_key (item));
    body = g_strdup (plr_outbox_item_get_body (item));
    g_assert_true (plr_store_mark_outbox_attempt_failed (store, id, "timeout", retry, FALSE,
                                                         &error));
  }

  {
    g_autoptr(PlrStore) store = open_store ();
    g_autoptr(GPtrArray) items = plr_store_list_outbox (store, TRUE, &error);
    g_autoptr(GPtrArray) choices = plr_store_list_sharing_choices (store, &error);
    PlrOutboxItem *item;
    PlrSharingChoice *choice;

    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 2);
    item = g_ptr_array_index (items, 0);
    g_assert_cmpint (plr_outbox_item_get_id (item), ==, id);
    /* The same key goes out on the retry after a restart. */
    g_assert_cmpstr (plr_outbox_item_get_idempotency_key (item), ==, key);
    g_assert_cmpstr (plr_outbox_item_get_body (item), ==, body);
    g_assert_cmpuint (plr_outbox_item_get_attempts (item), ==, 1);
    g_assert_cmpstr (plr_outbox_item_get_last_error (item), ==, "timeout");
    g_assert_true (g_date_time_equal (plr_outbox_item_get_next_attempt_at (item), retry));

    g_assert_cmpuint (choices->len, ==, 2);
    choice = g_ptr_array_index (choices, 0);
    g_assert_cmpint (choice->id, ==, change_id);
    g_assert_cmpstr (choice->method, ==, "letter");
    g_assert_cmpstr (choice->note, ==, "Sent by post");
    g_assert_cmpint (choice->state, ==, PLR_OUTBOX_STATE_QUEUED);

    g_assert_true (plr_store_mark_outbox_sent (store, id, SHARING_ANSWER, &error));
  }

  {
    g_autoptr(PlrStore) store = open_store ();
    g_autoptr(GPtrArray) choices = plr_store_list_sharing_choices (store, &error);

    g_assert_cmpstr (((PlrSharingChoice *) g_ptr_array_index (choices, 0))->reference, ==,
                     "SP-000123");
    g_assert_true (plr_store_check_integrity (store, &error));
  }
}

/* A cache from the first release gains the outbox and keeps its record. */
static void
test_migrates_version_1 (void)
{
  g_autoptr(PlrRecord) record = test_make_record ("9276308686", 5, 1, "A");
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(PlrStore) store = open_store ();

    g_assert_true (plr_store_replace_record (store, record, NULL, &error));
  }

  exec_raw ("DROP TABLE sharing_preference_changes; DROP TABLE outbox; PRAGMA user_version = 1");

  {
    g_autoptr(PlrStore) store = open_store ();
    g_autoptr(PlrRecord) loaded = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT,
                                                         &error);
    g_autoptr(GPtrArray) items = NULL;

    g_assert_cmpint (plr_store_get_schema_version (store), ==, PLR_STORE_SCHEMA_VERSION);
    g_assert_true (plr_record_equal (loaded, record));
    g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, &error));
    items = plr_store_list_outbox (store, FALSE, &error);
    g_assert_cmpuint (items->len, ==, 1);
  }
}

static void
test_item_properties (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GDateTime) created_at = NULL;
  PlrOutboxItem *item;
  PlrOutboxState state;
  guint attempts;
  gint64 id;
  GParamSpec *pspec;

  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", NULL, NULL, &error));
  items = plr_store_list_outbox (store, TRUE, &error);
  item = g_ptr_array_index (items, 0);

  g_object_get (item, "id", &id, "kind", &kind, "idempotency-key", &key, "state", &state,
                "attempts", &attempts, "created-at", &created_at, NULL);
  g_assert_cmpint (id, ==, plr_outbox_item_get_id (item));
  g_assert_cmpstr (kind, ==, PLR_OUTBOX_KIND_SHARING_PREFERENCE);
  g_assert_cmpstr (key, ==, plr_outbox_item_get_idempotency_key (item));
  g_assert_cmpint (state, ==, PLR_OUTBOX_STATE_QUEUED);
  g_assert_cmpuint (attempts, ==, 0);
  g_assert_true (g_date_time_equal (created_at, plr_outbox_item_get_created_at (item)));

  /* Read-only: the store holds the truth. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "state");
  g_assert_false (pspec->flags & G_PARAM_WRITABLE);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "body");
  g_assert_false (pspec->flags & G_PARAM_WRITABLE);

  bytes = plr_outbox_item_dup_body_bytes (item);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   plr_outbox_item_get_body (item), strlen (plr_outbox_item_get_body (item)));

  g_assert_cmpstr (plr_outbox_state_to_string (PLR_OUTBOX_STATE_FAILED), ==, "failed");
  g_assert_true (plr_outbox_state_from_string ("sent", &state));
  g_assert_cmpint (state, ==, PLR_OUTBOX_STATE_SENT);
  g_assert_false (plr_outbox_state_from_string ("lost", &state));
}

static void
test_choice_copy (void)
{
  g_autoptr(PlrStore) store = open_store ();
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(PlrSharingChoice) copy = NULL;
  g_autoptr(GError) error = NULL;
  PlrSharingChoice *choice;

  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "phone", "Rang the helpdesk", NULL,
                                                  &error));
  choices = plr_store_list_sharing_choices (store, &error);
  choice = g_ptr_array_index (choices, 0);

  copy = g_boxed_copy (PLR_TYPE_SHARING_CHOICE, choice);
  g_assert_cmpint (copy->id, ==, choice->id);
  g_assert_cmpstr (copy->note, ==, choice->note);
  g_assert_true (copy->note != choice->note);
  g_assert_true (g_date_time_equal (copy->made_at, choice->made_at));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/outbox/record-writes-both", test_record_writes_both);
  g_test_add_func ("/outbox/no-note-is-null", test_no_note_is_null);
  g_test_add_func ("/outbox/failed-transaction-writes-neither",
                   test_failed_transaction_writes_neither);
  g_test_add_func ("/outbox/invalid-note-writes-nothing", test_invalid_note_writes_nothing);
  g_test_add_func ("/outbox/ordering", test_ordering);
  g_test_add_func ("/outbox/mark-sent-confirms-choice", test_mark_sent_confirms_choice);
  g_test_add_func ("/outbox/mark-sent-refuses-bad-answers", test_mark_sent_refuses_bad_answers);
  g_test_add_func ("/outbox/attempt-failure-bookkeeping", test_attempt_failure_bookkeeping);
  g_test_add_func ("/outbox/sent-signal", test_sent_signal);
  g_test_add_func ("/outbox/error-code-must-be-a-code", test_error_code_must_be_a_code);
  g_test_add_func ("/outbox/survives-reopen", test_survives_reopen);
  g_test_add_func ("/outbox/migrates-version-1", test_migrates_version_1);
  g_test_add_func ("/outbox/item-properties", test_item_properties);
  g_test_add_func ("/outbox/choice-copy", test_choice_copy);

  return g_test_run ();
}
