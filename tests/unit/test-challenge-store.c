/* test-challenge-store.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Data challenges in the store: drafts saved as the learner types, a
 * submit that writes the challenge, its timeline and its outbox item
 * together or not at all, the service's answers and statuses, the paper
 * route, evidence, and a challenged entry that a later fetch dropped. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "plr-challenge-private.h"
#include "plr-store.h"
#include "test-support.h"

#define ULN "9276308686"

static const char pdf_data[] = "%PDF-1.4\n%% test evidence\n";

typedef struct
{
  char     *path;
  PlrStore *store;
  guint     changed;      /* PlrStore::challenge-changed */
  guint     queued;       /* PlrStore::outbox-item-queued */
  char     *last_changed;
} Fixture;

static void
on_challenge_changed_cb (PlrStore   *store,
                         const char *uuid,
                         Fixture    *fixture)
{
  fixture->changed++;
  g_free (fixture->last_changed);
  fixture->last_changed = g_strdup (uuid);
}

static void
on_outbox_item_queued_cb (PlrStore *store,
                          gint64    id,
                          Fixture  *fixture)
{
  fixture->queued++;
}

static void
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = plr_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "challenge-changed", G_CALLBACK (on_challenge_changed_cb),
                    fixture);
  g_signal_connect (fixture->store, "outbox-item-queued", G_CALLBACK (on_outbox_item_queued_cb),
                    fixture);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;
  g_autoptr(PlrRecord) record = test_make_record (ULN, 3, 4100001, "B");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_strdup_printf ("store-%u", ++counter);

  fixture->path = g_build_filename (g_get_user_data_dir (), dir, "cache.db", NULL);
  open_store (fixture);
  g_assert_true (plr_store_replace_record (fixture->store, record, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->last_changed, g_free);
}

static void
reopen (Fixture *fixture)
{
  g_clear_object (&fixture->store);
  open_store (fixture);
}

/* Runs SQL on a connection of the test's own. */
static void
exec_raw (Fixture    *fixture,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static int
count_rows (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static PlrLearningEvent *
dup_event (Fixture *fixture,
           guint    position)
{
  g_autoptr(PlrRecord) record = plr_store_load_record (fixture->store,
                                                       PLR_STORE_SNAPSHOT_CURRENT, NULL);

  return plr_learning_event_copy (plr_record_get_event (record, position));
}

static PlrChallenge *
new_grade_challenge (Fixture *fixture)
{
  g_autoptr(PlrLearningEvent) event = dup_event (fixture, 1);
  PlrChallenge *challenge = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                                         PLR_CHALLENGE_REASON_WRONG_GRADE);

  plr_challenge_set_proposed_value (challenge, "A");
  plr_challenge_set_details (challenge, "My certificate from WJEC shows grade A. Siân");
  return challenge;
}

static void
save (Fixture      *fixture,
      PlrChallenge *challenge)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (plr_store_save_challenge (fixture->store, challenge, &error));
  g_assert_no_error (error);
}

static PlrChallenge *
dup_challenge (Fixture    *fixture,
               const char *uuid)
{
  g_autoptr(GError) error = NULL;
  PlrChallenge *challenge = plr_store_dup_challenge (fixture->store, uuid, &error);

  g_assert_no_error (error);
  g_assert_nonnull (challenge);
  return challenge;
}

/* "state/source[:note], ..." */
static char *
describe_timeline (Fixture    *fixture,
                   const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) timeline = plr_store_list_challenge_timeline (fixture->store, uuid,
                                                                     &error);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < timeline->len; i++)
    {
      PlrChallengeTimelineEntry *entry = g_ptr_array_index (timeline, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s/%s", plr_challenge_state_to_string (entry->state),
                              plr_challenge_source_to_string (entry->source));
      if (entry->note)
        g_string_append_printf (out, ":%s", entry->note);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define ASSERT_TIMELINE(fixture, uuid, expected) \
  G_STMT_START { \
    g_autofree char *timeline_ = describe_timeline (fixture, uuid); \
    g_assert_cmpstr (timeline_, ==, expected); \
  } G_STMT_END

static PlrEvidence *
import_pdf (Fixture    *fixture,
            const char *name,
            const char *extra)
{
  g_autofree char *dir = plr_store_dup_evidence_dir (fixture->store);
  g_autofree char *source_dir = g_build_filename (g_get_user_data_dir (), "files", NULL);
  g_autofree char *source = g_build_filename (source_dir, name, NULL);
  g_autofree char *content = g_strconcat (pdf_data, extra, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (source);
  g_autoptr(GError) error = NULL;
  PlrEvidence *evidence;

  g_mkdir_with_parents (source_dir, 0700);
  g_assert_true (g_file_set_contents (source, content, -1, NULL));
  evidence = plr_evidence_import (file, dir, NULL, &error);
  g_assert_no_error (error);

  return evidence;
}

#define ANSWER(status, at) \
  "{\"id\": \"ch_test0000000000000001\", \"status\": \"" status "\"," \
  " \"submitted_at\": \"2026-11-02T09:30:00Z\", \"updated_at\": \"" at "\"," \
  " \"history\": [{\"status\": \"submitted\", \"at\": \"2026-11-02T09:30:00Z\", \"note\": null}]," \
  " \"event_id\": 4100002, \"evidence\": []}"

static GPtrArray *
parse_list (const char *json)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  g_assert_nonnull (root);
  list = plr_challenge_status_list_from_json (root, &error);
  g_assert_no_error (error);
  return list;
}

/* ------------------------------------------------------------------ */

static void
test_schema (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autofree char *dir = plr_store_dup_evidence_dir (fixture->store);
  g_autofree char *store_dir = g_path_get_dirname (fixture->path);
  g_autofree char *expected = g_build_filename (store_dir, "evidence", NULL);

  g_assert_cmpint (PLR_STORE_SCHEMA_VERSION, >=, 3);
  g_assert_cmpint (plr_store_get_schema_version (fixture->store), ==, PLR_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (dir, ==, expected);

  /* A cache of version 2 gains the challenge tables. */
  g_clear_object (&fixture->store);
  exec_raw (fixture, "DROP TABLE evidence; DROP TABLE challenge_events; DROP TABLE challenges;"
                     " PRAGMA user_version = 2");
  open_store (fixture);
  g_assert_cmpint (plr_store_get_schema_version (fixture->store), ==, PLR_STORE_SCHEMA_VERSION);

  challenge = new_grade_challenge (fixture);
  save (fixture, challenge);
  g_assert_true (plr_store_check_integrity (fixture->store, NULL));
}

/* Saved under its local id as the learner types: one row, updated. */
static void
test_draft_upsert (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);
  GDateTime *created;

  g_assert_null (plr_challenge_get_created_at (challenge));
  save (fixture, challenge);
  g_assert_nonnull (plr_challenge_get_created_at (challenge));
  created = plr_challenge_get_created_at (challenge);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_assert_cmpstr (fixture->last_changed, ==, uuid);

  plr_challenge_set_details (challenge, "My certificate from WJEC shows grade A.");
  save (fixture, challenge);
  plr_challenge_set_details (challenge, "My certificate from WJEC shows grade A*.");
  plr_challenge_set_proposed_value (challenge, "A*");
  save (fixture, challenge);
  g_assert_cmpuint (fixture->changed, ==, 3);
  g_assert_cmpuint (fixture->queued, ==, 0);

  list = plr_store_list_challenges (fixture->store, NULL);
  g_assert_cmpuint (list->len, ==, 1);
  stored = dup_challenge (fixture, uuid);
  g_assert_cmpstr (plr_challenge_get_uuid (stored), ==, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_DRAFT);
  g_assert_cmpint (plr_challenge_get_target (stored), ==, PLR_CHALLENGE_TARGET_EVENT);
  g_assert_cmpint (plr_challenge_get_event_id (stored), ==, 4100002);
  g_assert_cmpstr (plr_challenge_get_field (stored), ==, "grade");
  g_assert_cmpstr (plr_challenge_get_current_value (stored), ==, "B");
  g_assert_cmpstr (plr_challenge_get_proposed_value (stored), ==, "A*");
  g_assert_cmpstr (plr_challenge_get_details (stored), ==,
                   "My certificate from WJEC shows grade A*.");
  g_assert_cmpint (plr_challenge_get_reason (stored), ==, PLR_CHALLENGE_REASON_WRONG_GRADE);
  g_assert_cmpint (plr_challenge_get_route (stored), ==, PLR_CHALLENGE_ROUTE_SERVICE);
  g_assert_true (g_date_time_equal (plr_challenge_get_created_at (stored), created));
  g_assert_null (plr_challenge_get_submitted_at (stored));
  g_assert_false (plr_challenge_get_event_removed (stored));
  g_assert_nonnull (plr_challenge_get_event (stored));
  g_assert_cmpstr (plr_learning_event_get_subject (plr_challenge_get_event (stored)), ==,
                   "Subject number 1 in Welsh Literature");

  ASSERT_TIMELINE (fixture, uuid, "draft/learner");
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 0);

  /* A draft needs no record to keep its entry: the store fills it in. */
  {
    g_autoptr(PlrChallenge) bare = NULL;
    g_autoptr(PlrChallenge) back = NULL;

    bare = _plr_challenge_new_stored ("1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                                      PLR_CHALLENGE_TARGET_EVENT, 4100003);
    save (fixture, bare);
    back = dup_challenge (fixture, "1b4e28ba-2fa1-11d2-883f-0016d3cca427");
    g_assert_nonnull (plr_challenge_get_event (back));
    g_assert_cmpint (plr_learning_event_get_id (plr_challenge_get_event (back)), ==, 4100003);
  }
}

/* Nothing the learner types is refused by a draft; submitting says what to fix. */
static void
test_draft_keeps_everything (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *details = g_strnfill (12000, 'y');
  const char *uuid = plr_challenge_get_uuid (challenge);

  details[5] = '\a';
  plr_challenge_set_details (challenge, details);
  save (fixture, challenge);

  g_assert_false (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  details[5] = 'y';
  plr_challenge_set_details (challenge, details);
  save (fixture, challenge);
  g_assert_false (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_TOO_LONG);
  g_clear_error (&error);

  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_DRAFT);
  g_assert_cmpstr (plr_challenge_get_details (stored), ==, details);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 0);
  ASSERT_TIMELINE (fixture, uuid, "draft/learner");
  g_assert_cmpuint (fixture->queued, ==, 0);

  /* Beyond any sense, it is refused, and says so. */
  {
    g_autofree char *huge = g_strnfill (100001, 'z');

    plr_challenge_set_details (challenge, huge);
    g_assert_false (plr_store_save_challenge (fixture->store, challenge, &error));
    g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  }
}

/* Submit writes the challenge's state, its timeline and its outbox item in
 * one transaction: when any write fails, none is kept. */
static void
test_submit_all_or_nothing (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const triggers[] = {
    "CREATE TRIGGER fail BEFORE INSERT ON challenge_events"
    " WHEN NEW.state = 'waiting-to-send' BEGIN SELECT RAISE (ABORT, 'test'); END",
    "CREATE TRIGGER fail BEFORE INSERT ON outbox BEGIN SELECT RAISE (ABORT, 'test'); END",
    "CREATE TRIGGER fail BEFORE UPDATE OF state ON challenges"
    " BEGIN SELECT RAISE (ABORT, 'test'); END",
  };
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  const char *uuid = plr_challenge_get_uuid (challenge);

  save (fixture, challenge);

  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    {
      g_autoptr(PlrChallenge) stored = NULL;
      g_autoptr(GError) error = NULL;
      gint64 outbox_id = -1;

      exec_raw (fixture, triggers[i]);
      g_assert_false (plr_store_submit_challenge (fixture->store, uuid, &outbox_id, &error));
      g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_FAILED);
      exec_raw (fixture, "DROP TRIGGER fail");

      stored = dup_challenge (fixture, uuid);
      g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_DRAFT);
      g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 0);
      g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM challenges"
                                            " WHERE outbox_id IS NOT NULL"), ==, 0);
      ASSERT_TIMELINE (fixture, uuid, "draft/learner");
      g_assert_cmpuint (fixture->queued, ==, 0);
    }

  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, NULL, NULL));
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 1);
  ASSERT_TIMELINE (fixture, uuid, "draft/learner, waiting-to-send/learner");
}

static void
test_submit (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(PlrOutboxItem) item = NULL;
  g_autoptr(PlrEvidence) evidence = import_pdf (fixture, "certificate.pdf", "one");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);
  gint64 outbox_id = 0;
  JsonObject *body;
  JsonObject *file;

  plr_challenge_set_route (challenge, PLR_CHALLENGE_ROUTE_PROVIDER_LETTER);
  save (fixture, challenge);
  g_assert_true (plr_store_add_challenge_evidence (fixture->store, uuid, evidence, &error));
  g_assert_no_error (error);
  fixture->changed = 0;

  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, &outbox_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_id, >, 0);
  g_assert_cmpuint (fixture->queued, ==, 1);
  g_assert_cmpuint (fixture->changed, ==, 1);

  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_WAITING_TO_SEND);
  g_assert_cmpint (plr_challenge_get_route (stored), ==, PLR_CHALLENGE_ROUTE_SERVICE);
  g_assert_null (plr_challenge_get_submitted_at (stored));
  ASSERT_TIMELINE (fixture, uuid, "draft/learner, waiting-to-send/learner");

  item = plr_store_dup_outbox_item (fixture->store, outbox_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plr_outbox_item_get_kind (item), ==, PLR_OUTBOX_KIND_CHALLENGE);
  g_assert_cmpstr (plr_outbox_item_get_method (item), ==, "POST");
  g_assert_cmpstr (plr_outbox_item_get_path (item), ==, "v1/challenges");
  g_assert_true (g_uuid_string_is_valid (plr_outbox_item_get_idempotency_key (item)));
  g_assert_cmpint (plr_outbox_item_get_state (item), ==, PLR_OUTBOX_STATE_QUEUED);

  root = json_from_string (plr_outbox_item_get_body (item), &error);
  g_assert_no_error (error);
  body = json_node_get_object (root);
  g_assert_cmpint (json_object_get_int_member (body, "event_id"), ==, 4100002);
  g_assert_cmpstr (json_object_get_string_member (body, "field"), ==, "grade");
  g_assert_cmpstr (json_object_get_string_member (body, "current_value"), ==, "B");
  g_assert_cmpstr (json_object_get_string_member (body, "proposed_value"), ==, "A");
  g_assert_cmpstr (json_object_get_string_member (body, "reason"), ==, "wrong-grade");
  file = json_array_get_object_element (json_object_get_array_member (body, "evidence"), 0);
  g_assert_cmpstr (json_object_get_string_member (file, "sha256"), ==, evidence->sha256);
  g_assert_false (json_object_has_member (file, "content"));

  /* Sent: no longer editable, and not sent twice. */
  g_assert_false (plr_store_save_challenge (fixture->store, challenge, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (plr_store_add_challenge_evidence (fixture->store, uuid, evidence, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (plr_store_remove_challenge_evidence (fixture->store, uuid, evidence->id,
                                                       &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_false (plr_store_delete_challenge (fixture->store, uuid, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 1);

  /* The draft object saved last is not what decides: the store is. */
  g_assert_false (plr_store_has_open_service_challenges (fixture->store));

  /* Not ready: nothing queued. */
  {
    g_autoptr(PlrChallenge) incomplete = plr_challenge_new_missing ();

    save (fixture, incomplete);
    g_assert_false (plr_store_submit_challenge (fixture->store,
                                                plr_challenge_get_uuid (incomplete), NULL,
                                                &error));
    g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INCOMPLETE);
    g_clear_error (&error);
    g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 1);
  }

  g_assert_false (plr_store_submit_challenge (fixture->store, "no-such-challenge", NULL,
                                              &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
}

/* The service's answer, then its statuses, reach the challenge once. */
static void
test_sent_and_statuses (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changed = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);
  gint64 outbox_id = 0;

  save (fixture, challenge);
  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, &outbox_id, NULL));

  /* An answer without an id is refused, and changes nothing. */
  g_assert_false (plr_store_mark_outbox_sent (fixture->store, outbox_id,
                                              "{\"status\": \"submitted\"}", &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID);
  g_clear_error (&error);
  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_WAITING_TO_SEND);
  g_clear_object (&stored);

  fixture->changed = 0;
  g_assert_true (plr_store_mark_outbox_sent (fixture->store, outbox_id,
                                             ANSWER ("submitted", "2026-11-02T09:30:00Z"),
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changed, ==, 1);
  /* Marking again changes nothing. */
  g_assert_true (plr_store_mark_outbox_sent (fixture->store, outbox_id,
                                             ANSWER ("submitted", "2026-11-02T09:30:00Z"),
                                             &error));

  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_SUBMITTED);
  g_assert_cmpstr (plr_challenge_get_service_id (stored), ==, "ch_test0000000000000001");
  g_assert_cmpint (g_date_time_to_unix (plr_challenge_get_submitted_at (stored)), ==,
                   1793611800);
  g_clear_object (&stored);
  ASSERT_TIMELINE (fixture, uuid,
                   "draft/learner, waiting-to-send/learner, submitted/service");
  g_assert_true (plr_store_has_open_service_challenges (fixture->store));

  /* Statuses: the same status changes nothing. */
  list = parse_list ("{\"challenges\": [" ANSWER ("submitted", "2026-11-02T09:30:00Z") "]}");
  changed = plr_store_apply_challenge_statuses (fixture->store, list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (changed), ==, 0);
  g_clear_pointer (&changed, g_strfreev);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Under review, with a note; and one raised elsewhere, left out. */
  list = parse_list ("{\"challenges\": ["
                     "{\"id\": \"ch_test0000000000000001\", \"status\": \"under-review\","
                     " \"submitted_at\": \"2026-11-02T09:30:00Z\","
                     " \"updated_at\": \"2026-11-04T11:00:00Z\","
                     " \"history\": [{\"status\": \"submitted\", \"at\": \"2026-11-02T09:30:00Z\","
                     "   \"note\": null}, {\"status\": \"under-review\","
                     "   \"at\": \"2026-11-04T11:00:00Z\", \"note\": \"Sent to WJEC\"}]},"
                     "{\"id\": \"ch_elsewhere\", \"status\": \"accepted\","
                     " \"submitted_at\": \"2026-10-01T09:30:00Z\"}]}");
  fixture->changed = 0;
  changed = plr_store_apply_challenge_statuses (fixture->store, list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (changed), ==, 1);
  g_assert_cmpstr (changed[0], ==, uuid);
  g_assert_cmpuint (fixture->changed, ==, 1);
  g_clear_pointer (&changed, g_strfreev);

  /* Applied twice: nothing new, no repeated steps. */
  changed = plr_store_apply_challenge_statuses (fixture->store, list, &error);
  g_assert_cmpuint (g_strv_length (changed), ==, 0);
  g_clear_pointer (&changed, g_strfreev);
  g_clear_pointer (&list, g_ptr_array_unref);
  ASSERT_TIMELINE (fixture, uuid, "draft/learner, waiting-to-send/learner, submitted/service, "
                                  "under-review/service:Sent to WJEC");
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM challenges"), ==, 1);

  /* Accepted: resolved, no longer followed. */
  list = parse_list ("{\"challenges\": ["
                     "{\"id\": \"ch_test0000000000000001\", \"status\": \"accepted\","
                     " \"submitted_at\": \"2026-11-02T09:30:00Z\","
                     " \"updated_at\": \"2026-11-20T15:00:00Z\","
                     " \"history\": [{\"status\": \"accepted\", \"at\": \"2026-11-20T15:00:00Z\","
                     "   \"note\": \"Corrected by WJEC\"}]}]}");
  changed = plr_store_apply_challenge_statuses (fixture->store, list, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (changed), ==, 1);

  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_ACCEPTED);
  g_assert_false (plr_challenge_is_overdue (stored, NULL));
  g_assert_false (plr_store_has_open_service_challenges (fixture->store));
  ASSERT_TIMELINE (fixture, uuid, "draft/learner, waiting-to-send/learner, submitted/service, "
                                  "under-review/service:Sent to WJEC, "
                                  "accepted/service:Corrected by WJEC");

  /* Resolved: the learner may remove it now. */
  g_assert_true (plr_store_delete_challenge (fixture->store, uuid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM challenge_events"), ==, 0);
}

/* Refused for good by the service: a draft again, with everything the
 * learner wrote, and its timeline says why. */
static void
test_refused_back_to_draft (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(GDateTime) later = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);
  gint64 first = 0;
  gint64 second = 0;

  save (fixture, challenge);
  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, &first, NULL));

  g_assert_true (plr_store_mark_outbox_attempt_failed (fixture->store, first, "offline", later,
                                                       FALSE, &error));
  g_assert_no_error (error);
  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_WAITING_TO_SEND);
  g_clear_object (&stored);

  fixture->changed = 0;
  g_assert_true (plr_store_mark_outbox_attempt_failed (fixture->store, first, "http-400", NULL,
                                                       TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->changed, ==, 1);
  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_DRAFT);
  g_assert_cmpstr (plr_challenge_get_proposed_value (stored), ==, "A");
  g_assert_cmpstr (plr_challenge_get_details (stored), ==,
                   "My certificate from WJEC shows grade A. Siân");
  ASSERT_TIMELINE (fixture, uuid, "draft/learner, waiting-to-send/learner, draft/app:http-400");

  /* Fixed and sent again: a new item with a new key. */
  plr_challenge_set_proposed_value (stored, "A*");
  save (fixture, stored);
  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, &second, NULL));
  g_assert_cmpint (second, !=, first);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox WHERE state = 'queued'"),
                   ==, 1);

  /* Failing a failed or unknown item is refused, as before. */
  g_assert_false (plr_store_mark_outbox_attempt_failed (fixture->store, first, "http-400", NULL,
                                                        TRUE, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
}

static void
test_evidence (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) other = new_grade_challenge (fixture);
  g_autoptr(PlrEvidence) first = import_pdf (fixture, "certificate.pdf", "first");
  g_autoptr(PlrEvidence) second = import_pdf (fixture, "results.pdf", "second");
  g_autoptr(PlrEvidence) shared = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);

  /* Only a saved draft takes evidence. */
  g_assert_false (plr_store_add_challenge_evidence (fixture->store, uuid, first, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  save (fixture, challenge);
  save (fixture, other);
  g_assert_true (plr_store_add_challenge_evidence (fixture->store, uuid, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first->id, >, 0);
  g_assert_nonnull (first->added_at);
  g_assert_true (plr_store_add_challenge_evidence (fixture->store, uuid, second, &error));
  g_assert_no_error (error);

  /* The same file twice is refused by name. */
  {
    g_autoptr(PlrEvidence) copy = plr_evidence_copy (first);

    g_assert_false (plr_store_add_challenge_evidence (fixture->store, uuid, copy, &error));
    g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY);
    g_assert_nonnull (strstr (error->message, "certificate.pdf"));
    g_clear_error (&error);
  }

  list = plr_store_list_challenge_evidence (fixture->store, uuid, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((PlrEvidence *) g_ptr_array_index (list, 0))->name, ==, "certificate.pdf");
  g_assert_cmpstr (((PlrEvidence *) g_ptr_array_index (list, 1))->sha256, ==, second->sha256);
  g_assert_cmpstr (((PlrEvidence *) g_ptr_array_index (list, 1))->path, ==, second->path);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The same content in another challenge shares the private copy. */
  shared = plr_evidence_copy (first);
  g_assert_true (plr_store_add_challenge_evidence (fixture->store,
                                                   plr_challenge_get_uuid (other), shared,
                                                   &error));
  g_assert_no_error (error);

  /* Removed: its copy goes when nothing uses it. */
  g_assert_true (plr_store_remove_challenge_evidence (fixture->store, uuid, second->id, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (second->path, G_FILE_TEST_EXISTS));
  g_assert_true (plr_store_remove_challenge_evidence (fixture->store, uuid, first->id, &error));
  g_assert_true (g_file_test (first->path, G_FILE_TEST_EXISTS));
  g_assert_false (plr_store_remove_challenge_evidence (fixture->store, uuid, first->id, &error));
  g_assert_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Deleting the draft that holds the last use removes the copy. */
  g_assert_true (plr_store_delete_challenge (fixture->store, plr_challenge_get_uuid (other),
                                             &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (first->path, G_FILE_TEST_EXISTS));
}

static void
test_evidence_limits (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) big = new_grade_challenge (fixture);
  g_autoptr(GError) error = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);

  save (fixture, challenge);
  save (fixture, big);

  for (guint i = 0; i <= PLR_EVIDENCE_MAX_FILES; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%u.pdf", i);
      g_autofree char *extra = g_strdup_printf ("page %u", i);
      g_autoptr(PlrEvidence) evidence = import_pdf (fixture, name, extra);
      gboolean ok = plr_store_add_challenge_evidence (fixture->store, uuid, evidence, &error);

      if (i < PLR_EVIDENCE_MAX_FILES)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY);
          g_clear_error (&error);
        }
    }

  /* 40 MiB in all, whatever the count. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(PlrEvidence) evidence = g_new0 (PlrEvidence, 1);
      gboolean ok;

      evidence->name = g_strdup_printf ("scan-%u.pdf", i);
      evidence->media_type = g_strdup ("application/pdf");
      evidence->size = PLR_EVIDENCE_MAX_BYTES;
      evidence->sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, evidence->name, -1);
      evidence->path = g_strdup ("/nonexistent");

      ok = plr_store_add_challenge_evidence (fixture->store, plr_challenge_get_uuid (big),
                                             evidence, &error);
      if (i < 4)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY);
          g_assert_nonnull (strstr (error->message, "40 MiB"));
          g_clear_error (&error);
        }
    }

  /* Its copies are not there: submitting says so, and queues nothing. */
  g_assert_false (plr_store_submit_challenge (fixture->store, plr_challenge_get_uuid (big), NULL,
                                              &error));
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED);
  g_assert_nonnull (strstr (error->message, "scan-0.pdf"));
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 0);

  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_no_error (error);
}

/* A later fetch drops the entry: the challenge keeps everything and says so. */
static void
test_event_removed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(PlrChallenge) missing = plr_challenge_new_missing ();
  g_autoptr(PlrRecord) record = test_make_record (ULN, 1, 4100001, "B");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);

  save (fixture, challenge);
  save (fixture, missing);
  g_assert_true (plr_store_replace_record (fixture->store, record, NULL, &error));
  g_assert_no_error (error);

  list = plr_store_list_challenges (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  for (guint i = 0; i < list->len; i++)
    {
      PlrChallenge *item = g_ptr_array_index (list, i);

      g_assert_cmpint (plr_challenge_get_event_removed (item), ==,
                       g_str_equal (plr_challenge_get_uuid (item), uuid));
    }

  stored = dup_challenge (fixture, uuid);
  g_assert_true (plr_challenge_get_event_removed (stored));
  g_assert_cmpint (plr_challenge_get_event_id (stored), ==, 4100002);
  g_assert_cmpstr (plr_challenge_get_current_value (stored), ==, "B");
  g_assert_cmpstr (plr_challenge_get_proposed_value (stored), ==, "A");
  g_assert_cmpstr (plr_learning_event_get_subject (plr_challenge_get_event (stored)), ==,
                   "Subject number 1 in Welsh Literature");

  /* Still sendable: the service decides. */
  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_no_error (error);
}

/* Sent by letter or phone: the learner records it, and what they hear. */
static void
test_paper_route (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(GDateTime) sent = g_date_time_new_local (2026, 1, 31, 12, 0, 0);
  g_autoptr(GDateTime) heard = g_date_time_new_local (2026, 2, 20, 12, 0, 0);
  g_autoptr(GDateTime) late = g_date_time_new_local (2026, 3, 1, 9, 0, 0);
  g_autoptr(GError) error = NULL;
  const char *uuid = plr_challenge_get_uuid (challenge);
  GDate due;

  plr_challenge_set_route (challenge, PLR_CHALLENGE_ROUTE_PROVIDER_LETTER);
  save (fixture, challenge);

  /* News before it was sent is refused. */
  g_assert_false (plr_store_record_challenge_progress (fixture->store, uuid,
                                                       PLR_CHALLENGE_STATE_ACCEPTED, heard,
                                                       NULL, &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  g_assert_true (plr_store_record_challenge_sent (fixture->store, uuid,
                                                  PLR_CHALLENGE_ROUTE_PROVIDER_LETTER, sent,
                                                  "  REF/2026/17  ", &error));
  g_assert_no_error (error);
  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_SUBMITTED);
  g_assert_cmpint (plr_challenge_get_route (stored), ==, PLR_CHALLENGE_ROUTE_PROVIDER_LETTER);
  g_assert_cmpstr (plr_challenge_get_route_reference (stored), ==, "REF/2026/17");
  g_assert_true (g_date_time_equal (plr_challenge_get_submitted_at (stored), sent));
  g_assert_true (plr_challenge_get_due_date (stored, &due));
  g_assert_cmpint (g_date_get_day (&due), ==, 28);
  g_assert_cmpint (g_date_get_month (&due), ==, 2);
  g_assert_true (plr_challenge_is_overdue (stored, late));
  g_assert_false (plr_challenge_is_overdue (stored, heard));
  g_clear_object (&stored);
  g_assert_cmpint (count_rows (fixture, "SELECT count(*) FROM outbox"), ==, 0);

  g_assert_true (plr_store_record_challenge_progress (fixture->store, uuid,
                                                      PLR_CHALLENGE_STATE_NEEDS_INFORMATION,
                                                      heard, "They want my certificate",
                                                      &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_record_challenge_progress (fixture->store, uuid,
                                                      PLR_CHALLENGE_STATE_ACCEPTED, late, NULL,
                                                      &error));
  g_assert_no_error (error);
  stored = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_ACCEPTED);
  g_assert_false (plr_challenge_is_overdue (stored, late));
  ASSERT_TIMELINE (fixture, uuid,
                   "draft/learner, submitted/learner:REF/2026/17, "
                   "needs-information/learner:They want my certificate, accepted/learner");

  /* Sent once only. */
  g_assert_false (plr_store_record_challenge_sent (fixture->store, uuid,
                                                   PLR_CHALLENGE_ROUTE_PHONE, sent, NULL,
                                                   &error));
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* A challenge with the service learns its news from the service. */
  {
    g_autoptr(PlrChallenge) online = new_grade_challenge (fixture);

    save (fixture, online);
    g_assert_true (plr_store_submit_challenge (fixture->store, plr_challenge_get_uuid (online),
                                               NULL, NULL));
    g_assert_false (plr_store_record_challenge_progress (fixture->store,
                                                         plr_challenge_get_uuid (online),
                                                         PLR_CHALLENGE_STATE_ACCEPTED, late,
                                                         NULL, &error));
    g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_WRONG_STATE);
  }
}

/* The app is closed and opened again: everything is still there. */
static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(PlrChallenge) draft = new_grade_challenge (fixture);
  g_autoptr(PlrChallenge) sent = new_grade_challenge (fixture);
  g_autoptr(PlrEvidence) evidence = import_pdf (fixture, "certificate.pdf", "kept");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *draft_uuid = g_strdup (plr_challenge_get_uuid (draft));
  g_autofree char *sent_uuid = g_strdup (plr_challenge_get_uuid (sent));

  plr_challenge_set_details (draft, "Half written: the grade should be");
  save (fixture, draft);
  save (fixture, sent);
  g_assert_true (plr_store_add_challenge_evidence (fixture->store, sent_uuid, evidence, NULL));
  g_assert_true (plr_store_submit_challenge (fixture->store, sent_uuid, NULL, NULL));

  reopen (fixture);

  list = plr_store_list_challenges (fixture->store, NULL);
  g_assert_cmpuint (list->len, ==, 2);
  {
    g_autoptr(PlrChallenge) back = dup_challenge (fixture, draft_uuid);

    g_assert_cmpint (plr_challenge_get_state (back), ==, PLR_CHALLENGE_STATE_DRAFT);
    g_assert_cmpstr (plr_challenge_get_details (back), ==, "Half written: the grade should be");
  }
  {
    g_autoptr(PlrChallenge) back = dup_challenge (fixture, sent_uuid);

    g_assert_cmpint (plr_challenge_get_state (back), ==, PLR_CHALLENGE_STATE_WAITING_TO_SEND);
  }
  items = plr_store_list_outbox (fixture->store, TRUE, NULL);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (plr_outbox_item_get_kind (g_ptr_array_index (items, 0)), ==,
                   PLR_OUTBOX_KIND_CHALLENGE);
  files = plr_store_list_challenge_evidence (fixture->store, sent_uuid, NULL);
  g_assert_cmpuint (files->len, ==, 1);
  g_assert_true (plr_evidence_check_present (g_ptr_array_index (files, 0), NULL));
  ASSERT_TIMELINE (fixture, sent_uuid, "draft/learner, waiting-to-send/learner");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/challenge-store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("schema", test_schema);
  ADD ("draft-upsert", test_draft_upsert);
  ADD ("draft-keeps-everything", test_draft_keeps_everything);
  ADD ("submit-all-or-nothing", test_submit_all_or_nothing);
  ADD ("submit", test_submit);
  ADD ("sent-and-statuses", test_sent_and_statuses);
  ADD ("refused-back-to-draft", test_refused_back_to_draft);
  ADD ("evidence", test_evidence);
  ADD ("evidence-limits", test_evidence_limits);
  ADD ("event-removed", test_event_removed);
  ADD ("paper-route", test_paper_route);
  ADD ("reopen", test_reopen);

#undef ADD

  return g_test_run ();
}
