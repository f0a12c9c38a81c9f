/* test-share-store.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Saved views and the sharing log in PlrStore: saving, replacing, loading
 * and deleting views by name; exports and shares in the log with what they
 * held; a share queued in the outbox with exactly the view's share body;
 * the service's answer; revoking before and after the answer; and the
 * service's list of shares. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "plr-store.h"
#include "plr-view-json.h"
#include "plr-view-result.h"
#include "test-support.h"

typedef struct
{
  char     *dir;
  PlrStore *store;
  guint     shares_changed;
  guint     queued;
} Fixture;

static void
on_shares_changed_cb (PlrStore *store,
                      gpointer  user_data)
{
  Fixture *fixture = user_data;

  fixture->shares_changed++;
}

static void
on_queued_cb (PlrStore *store,
              gint64    id,
              gpointer  user_data)
{
  Fixture *fixture = user_data;

  fixture->queued++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("test-share-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "cache.db", NULL);
  fixture->store = plr_store_new (path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "shares-changed", G_CALLBACK (on_shares_changed_cb), fixture);
  g_signal_connect (fixture->store, "outbox-item-queued", G_CALLBACK (on_queued_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup (plr_store_get_path (fixture->store));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_clear_object (&fixture->store);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static PlrView *
make_view (const char *name)
{
  PlrView *view = plr_view_new ();

  plr_view_set_name (view, name);
  plr_view_set_recipient (view, "Acme Ltd");
  plr_view_set_purpose (view, "Job application");
  plr_view_pick_entry (view, 5001);
  plr_view_pick_entry (view, 5003);
  plr_view_set_event_fields (view, PLR_VIEW_FIELD_BIT (PLR_EVENT_FIELD_SUBJECT) |
                                   PLR_VIEW_FIELD_BIT (PLR_EVENT_FIELD_GRADE));
  plr_view_set_learner_fields (view, PLR_VIEW_FIELD_BIT (PLR_LEARNER_FIELD_GIVEN_NAME));

  return view;
}

static void
test_views (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(PlrView) other = make_view ("College");
  g_autoptr(PlrView) loaded = NULL;
  g_autoptr(PlrView) nameless = plr_view_new ();
  g_autoptr(GPtrArray) views = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;

  g_assert_cmpint (plr_store_get_schema_version (fixture->store), ==, PLR_STORE_SCHEMA_VERSION);

  g_assert_true (plr_store_save_view (fixture->store, view, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_save_view (fixture->store, other, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->shares_changed, ==, 2);

  /* The same name again: refused, unless replacing. */
  plr_view_set_purpose (view, "Another purpose");
  g_assert_false (plr_store_save_view (fixture->store, view, FALSE, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_true (plr_store_save_view (fixture->store, view, TRUE, &error));
  g_assert_no_error (error);

  g_assert_false (plr_store_save_view (fixture->store, nameless, FALSE, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  g_clear_error (&error);

  loaded = plr_store_load_view (fixture->store, "For Acme", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_view_get_purpose (loaded), ==, "Another purpose");
  a = plr_view_to_json (view);
  b = plr_view_to_json (loaded);
  g_assert_true (g_bytes_equal (a, b));

  views = plr_store_list_views (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (views->len, ==, 2);
  g_assert_cmpstr (plr_view_get_name (g_ptr_array_index (views, 0)), ==, "College");
  g_assert_cmpstr (plr_view_get_name (g_ptr_array_index (views, 1)), ==, "For Acme");

  g_assert_true (plr_store_delete_view (fixture->store, "College", &error));
  g_assert_no_error (error);
  g_assert_false (plr_store_delete_view (fixture->store, "College", &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (plr_store_load_view (fixture->store, "College", &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_export_log (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PlrRecord) record = test_make_record ("1234567899", 4, 5000, "A*");
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(PlrShareRecord) entry = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 *ids;
  guint n_ids;
  gint64 id = 0;

  g_assert_true (plr_store_log_export (fixture->store, view, record, PLR_SHARE_CHANNEL_PDF, &id,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_share_record_get_channel (entry), ==, "pdf");
  g_assert_cmpstr (plr_share_record_get_view_name (entry), ==, "For Acme");
  g_assert_cmpstr (plr_share_record_get_recipient (entry), ==, "Acme Ltd");
  g_assert_cmpstr (plr_share_record_get_purpose (entry), ==, "Job application");
  g_assert_cmpint (plr_share_record_get_state (entry), ==, PLR_SHARE_STATE_EXPORTED);
  g_assert_null (plr_share_record_get_share_code (entry));
  ids = plr_share_record_get_entry_ids (entry, &n_ids);
  g_assert_cmpuint (n_ids, ==, 2);
  g_assert_true ((ids[0] == 5001 && ids[1] == 5003) || (ids[0] == 5003 && ids[1] == 5001));
  g_assert_true (g_strv_equal (plr_share_record_get_learner_fields (entry),
                               (const char * const[]) { "given_name", NULL }));
  g_assert_true (g_strv_contains (plr_share_record_get_event_fields (entry), "subject"));
  g_assert_true (g_strv_contains (plr_share_record_get_event_fields (entry), "grade"));
  g_assert_false (g_strv_contains (plr_share_record_get_event_fields (entry),
                                   "awarding_organisation_name"));

  /* An export sends nothing. */
  outbox = plr_store_list_outbox (fixture->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 0);

  log = plr_store_list_share_records (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 1);

  /* A view whose picked entry is gone logs nothing. */
  plr_view_pick_entry (view, 999);
  g_assert_false (plr_store_log_export (fixture->store, view, record, PLR_SHARE_CHANNEL_HTML,
                                        NULL, &error));
  g_assert_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_ENTRIES_GONE);
  g_clear_pointer (&log, g_ptr_array_unref);
  log = plr_store_list_share_records (fixture->store, NULL);
  g_assert_cmpuint (log->len, ==, 1);
}

static char *
answer_for (const char *code,
            gint64      views)
{
  return g_strdup_printf ("{\"code\": \"%s\", \"url\": \"http://127.0.0.1:1/s/%s\","
                          " \"created_at\": \"2026-11-02T09:30:00Z\","
                          " \"expires_at\": \"2099-12-31T23:59:59Z\", \"revoked\": false,"
                          " \"views\": %" G_GINT64_FORMAT "}", code, code, views);
}

static void
test_share (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(PlrRecord) record = test_make_record ("1234567899", 4, 5000, "A*");
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(PlrShareRecord) entry = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = g_date_time_add_days (now, 30);
  g_autofree char *expires_text = g_date_time_format (expires, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(GDateTime) past = g_date_time_new_utc (2001, 1, 1, 0, 0, 0);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) expected_view = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = answer_for ("7KQ4-M2XP-9RTA", 0);
  g_autoptr(PlrShareInfo) info = g_new0 (PlrShareInfo, 1);
  PlrOutboxItem *item;
  JsonObject *object;
  gint64 id = 0;

  /* Without a recipient, or expiring in the past: refused, nothing queued. */
  plr_view_set_recipient (view, NULL);
  g_assert_false (plr_store_create_share (fixture->store, view, record, expires, NULL, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  plr_view_set_recipient (view, "Acme Ltd");
  g_assert_false (plr_store_create_share (fixture->store, view, record, past, NULL, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    /* The protocol's cap: a year and a day is too long. */
    g_autoptr(GDateTime) too_late = g_date_time_add_days (now, 367);

    g_assert_false (plr_store_create_share (fixture->store, view, record, too_late, NULL,
                                            &error));
    g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpuint (fixture->queued, ==, 0);

  g_assert_true (plr_store_create_share (fixture->store, view, record, expires, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->queued, ==, 1);

  entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (plr_share_record_get_state (entry), ==, PLR_SHARE_STATE_WAITING);
  g_assert_cmpstr (plr_share_record_get_channel (entry), ==, "share-code");
  g_assert_null (plr_share_record_get_share_code (entry));
  g_assert_cmpint (plr_share_record_get_views (entry), ==, -1);
  g_clear_object (&entry);

  /* The body is the recipient, purpose, expiry and exactly the share body. */
  outbox = plr_store_list_outbox (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  item = g_ptr_array_index (outbox, 0);
  g_assert_cmpstr (plr_outbox_item_get_kind (item), ==, PLR_OUTBOX_KIND_SHARE);
  g_assert_cmpstr (plr_outbox_item_get_method (item), ==, "POST");
  g_assert_cmpstr (plr_outbox_item_get_path (item), ==, "v1/shares");
  g_assert_nonnull (plr_outbox_item_get_idempotency_key (item));
  body = json_from_string (plr_outbox_item_get_body (item), &error);
  g_assert_no_error (error);
  object = json_node_get_object (body);
  g_assert_cmpuint (json_object_get_size (object), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, "Acme Ltd");
  g_assert_cmpstr (json_object_get_string_member (object, "purpose"), ==, "Job application");
  g_assert_cmpstr (json_object_get_string_member (object, "expires_at"), ==, expires_text);
  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  expected_view = plr_view_json_build_share_body (result);
  /* as_of is the record's; the rest must match member for member. */
  g_assert_true (json_node_equal (json_object_get_member (object, "view"), expected_view));

  /* The service answers: the code appears. */
  g_assert_true (plr_store_mark_outbox_sent (fixture->store, plr_outbox_item_get_id (item),
                                             answer, &error));
  g_assert_no_error (error);
  entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_share_record_get_share_code (entry), ==, "7KQ4-M2XP-9RTA");
  g_assert_cmpstr (plr_share_record_get_url (entry), ==, "http://127.0.0.1:1/s/7KQ4-M2XP-9RTA");
  g_assert_cmpint (plr_share_record_get_views (entry), ==, 0);
  g_assert_cmpint (plr_share_record_get_state (entry), ==, PLR_SHARE_STATE_ACTIVE);
  g_assert_true (plr_store_has_service_shares (fixture->store));
  g_clear_object (&entry);

  /* The service's list brings the view count. */
  info->code = g_strdup ("7KQ4-M2XP-9RTA");
  info->views = 3;
  infos = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_share_info_free);
  g_ptr_array_add (infos, g_steal_pointer (&info));
  g_assert_true (plr_store_apply_share_infos (fixture->store, infos, &error));
  g_assert_no_error (error);
  entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_cmpint (plr_share_record_get_views (entry), ==, 3);
  g_clear_object (&entry);

  /* Revoking queues one DELETE, and only once. */
  g_assert_true (plr_store_revoke_share (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_revoke_share (fixture->store, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&outbox, g_ptr_array_unref);
  outbox = plr_store_list_outbox (fixture->store, TRUE, &error);
  g_assert_cmpuint (outbox->len, ==, 1);
  item = g_ptr_array_index (outbox, 0);
  g_assert_cmpstr (plr_outbox_item_get_kind (item), ==, PLR_OUTBOX_KIND_SHARE_REVOKE);
  g_assert_cmpstr (plr_outbox_item_get_method (item), ==, "DELETE");
  g_assert_cmpstr (plr_outbox_item_get_path (item), ==, "v1/shares/7KQ4-M2XP-9RTA");
  entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_cmpint (plr_share_record_get_state (entry), ==, PLR_SHARE_STATE_REVOKED);
  g_assert_nonnull (plr_share_record_get_revoked_at (entry));

  /* Not a share code: not found. */
  g_assert_false (plr_store_revoke_share (fixture->store, 9999, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
}

static void
test_revoke_before_answer (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(PlrRecord) record = test_make_record ("1234567899", 4, 5000, "A*");
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = answer_for ("ABCD-EFGH-JKMN", 0);
  gint64 id = 0, create_id;

  g_assert_true (plr_store_create_share (fixture->store, view, record, NULL, &id, &error));
  g_assert_no_error (error);
  outbox = plr_store_list_outbox (fixture->store, TRUE, NULL);
  create_id = plr_outbox_item_get_id (g_ptr_array_index (outbox, 0));
  g_clear_pointer (&outbox, g_ptr_array_unref);

  /* Revoked while waiting: nothing to delete yet. */
  g_assert_true (plr_store_revoke_share (fixture->store, id, &error));
  g_assert_no_error (error);
  outbox = plr_store_list_outbox (fixture->store, TRUE, NULL);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_clear_pointer (&outbox, g_ptr_array_unref);

  /* Once the service made it, it is revoked there too. */
  g_assert_true (plr_store_mark_outbox_sent (fixture->store, create_id, answer, &error));
  g_assert_no_error (error);
  outbox = plr_store_list_outbox (fixture->store, TRUE, NULL);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (plr_outbox_item_get_path (g_ptr_array_index (outbox, 0)), ==,
                   "v1/shares/ABCD-EFGH-JKMN");
  g_assert_cmpuint (fixture->queued, ==, 2);
}

/* A waiting share cancelled leaves the outbox (nothing goes out); a send
 * already under way is still answered and then revoked on the service. */
static void
test_cancel_waiting (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PlrRecord) record = test_make_record ("1234567899", 4, 5000, "A*");
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(PlrShareRecord) entry = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = answer_for ("WXYZ-2345-6789", 0);
  gint64 id = 0, other = 0, create_id;
  guint changed;

  g_assert_true (plr_store_create_share (fixture->store, view, record, NULL, &id, &error));
  g_assert_no_error (error);
  changed = fixture->shares_changed;
  g_assert_true (plr_store_cancel_share (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->shares_changed, ==, changed + 1);
  outbox = plr_store_list_outbox (fixture->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 0);
  g_clear_pointer (&outbox, g_ptr_array_unref);
  g_assert_cmpuint (plr_store_count_unsent (fixture->store, NULL), ==, 0);
  entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_cmpint (plr_share_record_get_state (entry), ==, PLR_SHARE_STATE_REVOKED);
  g_clear_object (&entry);

  /* Twice, or a share that is not waiting: not found, nothing changes. */
  g_assert_false (plr_store_cancel_share (fixture->store, id, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (plr_store_cancel_share (fixture->store, 9999, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The race: listed for sending, cancelled, then the service answers. */
  g_assert_true (plr_store_create_share (fixture->store, view, record, NULL, &other, &error));
  g_assert_no_error (error);
  outbox = plr_store_list_outbox (fixture->store, TRUE, NULL);
  g_assert_cmpuint (outbox->len, ==, 1);
  create_id = plr_outbox_item_get_id (g_ptr_array_index (outbox, 0));
  g_clear_pointer (&outbox, g_ptr_array_unref);
  g_assert_true (plr_store_cancel_share (fixture->store, other, &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_mark_outbox_sent (fixture->store, create_id, answer, &error));
  g_assert_no_error (error);
  outbox = plr_store_list_outbox (fixture->store, TRUE, NULL);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpstr (plr_outbox_item_get_method (g_ptr_array_index (outbox, 0)), ==, "DELETE");
  g_assert_cmpstr (plr_outbox_item_get_path (g_ptr_array_index (outbox, 0)), ==,
                   "v1/shares/WXYZ-2345-6789");

  /* Once the service holds it, cancelling is not the way: revoke is. */
  g_assert_false (plr_store_cancel_share (fixture->store, other, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
}

static void
test_bad_answer (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PlrRecord) record = test_make_record ("1234567899", 2, 5000, "B");
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(PlrShareRecord) entry = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0, create_id;

  plr_view_clear_entries (view);
  plr_view_pick_entry (view, 5000);
  g_assert_true (plr_store_create_share (fixture->store, view, record, NULL, &id, &error));
  outbox = plr_store_list_outbox (fixture->store, TRUE, NULL);
  create_id = plr_outbox_item_get_id (g_ptr_array_index (outbox, 0));

  /* An answer without a code changes nothing. */
  g_assert_false (plr_store_mark_outbox_sent (fixture->store, create_id, "{\"views\": 0}",
                                              &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  entry = plr_store_dup_share_record (fixture->store, id, NULL);
  g_assert_cmpint (plr_share_record_get_state (entry), ==, PLR_SHARE_STATE_WAITING);
  g_clear_object (&entry);

  /* Refused for good: failed. */
  g_assert_true (plr_store_mark_outbox_attempt_failed (fixture->store, create_id, "http-400",
                                                       NULL, TRUE, NULL));
  entry = plr_store_dup_share_record (fixture->store, id, NULL);
  g_assert_cmpint (plr_share_record_get_state (entry), ==, PLR_SHARE_STATE_FAILED);
}

/* A cache of version 3 gains the tables and keeps what it held. */
static void
test_migration (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlrRecord) record = test_make_record ("1234567899", 4, 5000, "A");
  g_autoptr(PlrRecord) loaded = NULL;
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (plr_store_get_path (fixture->store));
  sqlite3 *db = NULL;

  g_assert_true (plr_store_replace_record (fixture->store, record, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE share_log; DROP TABLE saved_views;"
                                     " PRAGMA user_version = 3", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->store = plr_store_new (path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "shares-changed", G_CALLBACK (on_shares_changed_cb), fixture);
  g_assert_cmpint (plr_store_get_schema_version (fixture->store), ==, PLR_STORE_SCHEMA_VERSION);

  loaded = plr_store_load_record (fixture->store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plr_record_get_n_events (loaded), ==, 4);
  g_assert_true (plr_store_save_view (fixture->store, view, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_log_export (fixture->store, view, loaded, PLR_SHARE_CHANNEL_PRINT,
                                       NULL, &error));
  g_assert_no_error (error);
}

/* The service's answers, checked before they reach the log. */
static void
test_share_info_json (void)
{
  static const char * const bad[] = {
    "[]",
    "{\"shares\": {}}",
    "{\"shares\": [ {\"url\": \"http://127.0.0.1/s/X\"} ]}",
    "{\"shares\": [ {\"code\": \"\"} ]}",
    "{\"shares\": [ {\"code\": 12} ]}",
    "{\"shares\": [ {\"code\": \"AB\\u0001CD\"} ]}",
    "{\"shares\": [ {\"code\": \"ABCD\", \"expires_at\": \"soon\"} ]}",
  };
  g_autoptr(JsonNode) good = json_from_string ("{\"shares\": [ {\"code\": \"ABCD-EFGH-JKMN\","
                                               " \"url\": \"http://127.0.0.1:1/s/ABCD-EFGH-JKMN\","
                                               " \"recipient\": \"Acme Ltd\", \"purpose\": null,"
                                               " \"created_at\": \"2026-11-02T09:30:00Z\","
                                               " \"expires_at\": null, \"revoked\": true,"
                                               " \"views\": 7 } ]}", NULL);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  PlrShareInfo *info;

  list = plr_share_info_list_from_json (good, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->code, ==, "ABCD-EFGH-JKMN");
  g_assert_cmpstr (info->recipient, ==, "Acme Ltd");
  g_assert_null (info->purpose);
  g_assert_null (info->expires_at);
  g_assert_nonnull (info->created_at);
  g_assert_true (info->revoked);
  g_assert_cmpint (info->views, ==, 7);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) root = json_from_string (bad[i], NULL);
      g_autoptr(GPtrArray) none = NULL;

      g_assert_nonnull (root);
      none = plr_share_info_list_from_json (root, &error);
      g_assert_null (none);
      g_assert_nonnull (error);
      /* The message names the member, never the value. */
      g_assert_null (strstr (error->message, "ABCD"));
      g_clear_error (&error);
    }
}

/* A saved view against the record it last went out from, and against a
 * later one: picked entries that vanished, and a rule that now matches
 * more. */
static void
test_coverage_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PlrRecord) before = test_make_record ("1234567899", 4, 5000, "A*");
  g_autoptr(PlrRecord) after = test_make_record ("1234567899", 3, 5000, "A*");
  g_autoptr(PlrRecord) more = test_make_record ("1234567899", 6, 5000, "A*");
  g_autoptr(PlrView) view = make_view ("For Acme");
  g_autoptr(PlrView) by_rule = make_view ("Everything");
  g_autoptr(PlrShareRecord) entry = NULL;
  g_autoptr(PlrShareRecord) rule_entry = NULL;
  g_autoptr(GError) error = NULL;
  guint added = 99, gone = 99;
  gint64 id = 0;

  g_assert_true (plr_store_log_export (fixture->store, view, before, PLR_SHARE_CHANNEL_PDF, &id,
                                       &error));
  g_assert_no_error (error);
  entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_no_error (error);

  /* Nothing changed against the same record. */
  g_assert_false (plr_share_record_compare_coverage (entry, view, before, &added, &gone));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (gone, ==, 0);

  /* Entry 5003 is gone from the later record. */
  g_assert_true (plr_share_record_compare_coverage (entry, view, after, &added, &gone));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (gone, ==, 1);

  /* A rule (every qualification type) covers the two new entries too. */
  plr_view_set_use_rule (by_rule, TRUE);
  g_assert_true (plr_store_log_export (fixture->store, by_rule, before, PLR_SHARE_CHANNEL_PDF,
                                       &id, &error));
  g_assert_no_error (error);
  rule_entry = plr_store_dup_share_record (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_true (plr_share_record_compare_coverage (rule_entry, by_rule, more, &added, &gone));
  g_assert_cmpuint (added, ==, 2);
  g_assert_cmpuint (gone, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/share-store/coverage-change", Fixture, NULL, fixture_set_up,
              test_coverage_change, fixture_tear_down);
  g_test_add ("/share-store/views", Fixture, NULL, fixture_set_up, test_views,
              fixture_tear_down);
  g_test_add ("/share-store/export-log", Fixture, NULL, fixture_set_up, test_export_log,
              fixture_tear_down);
  g_test_add ("/share-store/share", Fixture, NULL, fixture_set_up, test_share,
              fixture_tear_down);
  g_test_add ("/share-store/revoke-before-answer", Fixture, NULL, fixture_set_up,
              test_revoke_before_answer, fixture_tear_down);
  g_test_add ("/share-store/cancel-waiting", Fixture, NULL, fixture_set_up,
              test_cancel_waiting, fixture_tear_down);
  g_test_add ("/share-store/bad-answer", Fixture, NULL, fixture_set_up, test_bad_answer,
              fixture_tear_down);

  g_test_add ("/share-store/migration", Fixture, NULL, fixture_set_up, test_migration,
              fixture_tear_down);
  g_test_add_func ("/share-store/share-info-json", test_share_info_json);

  return g_test_run ();
}
