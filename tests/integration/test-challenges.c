/* test-challenges.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Data challenges from the learner's app to the real reference service on
 * 127.0.0.1 and back: raised offline with evidence, the app closed and
 * opened again, sent once the service is back, held there exactly once
 * with its evidence intact, resolved by the service, and followed to the
 * end: the corrected record and the accepted challenge. Also: evidence
 * that vanished before sending, a change applied but its answer lost, and
 * a challenge the service refuses. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-sample.h"
#include "plr-service.h"
#include "plr-store.h"
#include "plr-sync.h"
#include "plr-test-util.h"

#define USERNAME "learner"
#define PASSWORD "correct horse battery staple"

/* Personal text that must never reach a log line. */
#define PRIVATE_DETAILS "My WJEC certificate 55173 shows a higher grade (Siân)"
#define EVIDENCE_NAME   "tystysgrif-preifat-88412.pdf"

typedef struct
{
  PlrService    *service;
  char          *service_dir;
  guint          port;
  char          *base_url;
  SoupSession   *session;
  PlrTokenStore *tokens;
  PlrClient     *client;
  char          *store_path;
  PlrStore      *store;
  PlrSync       *sync;
  GPtrArray     *failures;     /* "CODE permanent|transient" from PlrSync::item-failed */
  GPtrArray     *notified;     /* uuids from PlrSync::challenges-changed */
  GString       *log;
} Fixture;

static void
on_item_failed_cb (PlrSync    *sync,
                   gint64      id,
                   const char *code,
                   gboolean    permanent,
                   Fixture    *fixture)
{
  g_ptr_array_add (fixture->failures,
                   g_strdup_printf ("%s %s", code, permanent ? "permanent" : "transient"));
}

static void
on_challenges_changed_cb (PlrSync             *sync,
                          const char * const  *uuids,
                          Fixture             *fixture)
{
  for (guint i = 0; uuids[i] != NULL; i++)
    g_ptr_array_add (fixture->notified, g_strdup (uuids[i]));
}

static void
open_store_and_sync (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->store = plr_store_new (fixture->store_path, &error);
  g_assert_no_error (error);
  fixture->sync = plr_sync_new (fixture->client, fixture->store, NULL);
  plr_sync_set_retry_delays (fixture->sync, 50, 200);
  g_signal_connect (fixture->sync, "item-failed", G_CALLBACK (on_item_failed_cb), fixture);
  g_signal_connect (fixture->sync, "challenges-changed", G_CALLBACK (on_challenges_changed_cb),
                    fixture);
}

static void
close_store_and_sync (Fixture *fixture)
{
  if (fixture->sync != NULL)
    plr_sync_stop (fixture->sync);
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);

  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (20261123, 6);
  g_autoptr(GError) error = NULL;

  fixture->log = plr_test_log_capture_begin ();

  fixture->service_dir = g_build_filename (g_get_user_data_dir (), "service", NULL);
  fixture->service = plr_test_service_start (fixture->service_dir, 0);
  g_assert_true (plr_service_add_learner (fixture->service, USERNAME, PASSWORD, record, &error));
  g_assert_no_error (error);
  fixture->port = plr_service_get_port (fixture->service);
  fixture->base_url = plr_service_dup_base_url (fixture->service);

  fixture->session = soup_session_new_with_options ("timeout", 5, NULL);
  fixture->tokens = plr_memory_token_store_new ();
  fixture->client = plr_client_new (fixture->session, fixture->base_url, fixture->tokens, &error);
  g_assert_no_error (error);
  plr_form_sign_in_set_browser (fixture->client, fixture->session, USERNAME, PASSWORD);
  plr_client_set_retry_policy (fixture->client, 3, 10);

  fixture->store_path = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db",
                                          NULL);
  fixture->failures = g_ptr_array_new_with_free_func (g_free);
  fixture->notified = g_ptr_array_new_with_free_func (g_free);
  open_store_and_sync (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_store_and_sync (fixture);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->tokens);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->service);

  while (g_main_context_iteration (NULL, FALSE))
    ;


  /* What the learner wrote, and the names of their files, reached no log line. */
  g_assert_null (strstr (fixture->log->str, "55173"));
  g_assert_null (strstr (fixture->log->str, "88412"));

  g_clear_pointer (&fixture->service_dir, g_free);
  g_clear_pointer (&fixture->base_url, g_free);
  g_clear_pointer (&fixture->store_path, g_free);
  g_clear_pointer (&fixture->failures, g_ptr_array_unref);
  g_clear_pointer (&fixture->notified, g_ptr_array_unref);
  plr_test_log_capture_end ();
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static void
refresh_record (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PlrRecordDiff) diff = NULL;
  g_autoptr(GError) error = NULL;

  plr_client_refresh_async (fixture->client, fixture->store, NULL, plr_test_async_cb, &result);
  diff = plr_client_refresh_finish (fixture->client, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (diff);
}

static gboolean
drain (Fixture  *fixture,
       GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  plr_sync_drain_async (fixture->sync, NULL, plr_test_async_cb, &result);
  return plr_sync_drain_finish (fixture->sync, plr_test_wait_for (&result), error);
}

static GStrv
refresh_challenges (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GStrv changed;

  plr_sync_refresh_challenges_async (fixture->sync, NULL, plr_test_async_cb, &result);
  changed = plr_sync_refresh_challenges_finish (fixture->sync, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (changed);
  return changed;
}

/* The service's own list, through the client. */
static GPtrArray *
list_on_service (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  plr_client_list_challenges_async (fixture->client, NULL, plr_test_async_cb, &result);
  list = plr_client_list_challenges_finish (fixture->client, plr_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static guint
count_posts (Fixture *fixture)
{
  return plr_service_count_requests (fixture->service, "POST", "/v1/challenges");
}

static PlrLearningEvent *
dup_event (Fixture *fixture,
           guint    position)
{
  g_autoptr(PlrRecord) record = plr_store_load_record (fixture->store,
                                                       PLR_STORE_SNAPSHOT_CURRENT, NULL);

  g_assert_nonnull (record);
  g_assert_cmpuint (plr_record_get_n_events (record), >, position);
  return plr_learning_event_copy (plr_record_get_event (record, position));
}

static PlrEvidence *
import_evidence (Fixture *fixture)
{
  g_autofree char *dir = plr_store_dup_evidence_dir (fixture->store);
  g_autofree char *source_dir = g_build_filename (g_get_user_data_dir (), "Documents", NULL);
  g_autofree char *source = g_build_filename (source_dir, EVIDENCE_NAME, NULL);
  g_autoptr(GString) content = g_string_new ("%PDF-1.7\n");
  g_autoptr(GFile) file = g_file_new_for_path (source);
  g_autoptr(GError) error = NULL;
  PlrEvidence *evidence;

  /* Big enough for a body of several chunks. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (content, "%% line %u of the scanned certificate\n", i);
  g_string_append (content, "%%EOF\n");

  g_mkdir_with_parents (source_dir, 0700);
  g_assert_true (g_file_set_contents (source, content->str, (gssize) content->len, NULL));
  evidence = plr_evidence_import (file, dir, NULL, &error);
  g_assert_no_error (error);

  return evidence;
}

/* A grade challenge against the entry at @position, with evidence, saved. */
static char *
raise_grade_challenge (Fixture      *fixture,
                       guint         position,
                       PlrEvidence **out_evidence,
                       char        **out_proposed)
{
  g_autoptr(PlrLearningEvent) event = dup_event (fixture, position);
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(PlrEvidence) evidence = import_evidence (fixture);
  g_autoptr(GError) error = NULL;
  const char *grade = plr_learning_event_get_grade (event);
  const char *proposed = g_strcmp0 (grade, "Distinction*") == 0 ? "Merit" : "Distinction*";

  challenge = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                           PLR_CHALLENGE_REASON_WRONG_GRADE);
  plr_challenge_set_proposed_value (challenge, proposed);
  plr_challenge_set_details (challenge, PRIVATE_DETAILS);
  g_assert_true (plr_store_save_challenge (fixture->store, challenge, &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_add_challenge_evidence (fixture->store,
                                                   plr_challenge_get_uuid (challenge), evidence,
                                                   &error));
  g_assert_no_error (error);

  if (out_evidence)
    *out_evidence = g_steal_pointer (&evidence);
  if (out_proposed)
    *out_proposed = g_strdup (proposed);

  return g_strdup (plr_challenge_get_uuid (challenge));
}

static PlrChallenge *
dup_challenge (Fixture    *fixture,
               const char *uuid)
{
  g_autoptr(GError) error = NULL;
  PlrChallenge *challenge = plr_store_dup_challenge (fixture->store, uuid, &error);

  g_assert_no_error (error);
  return challenge;
}

static gboolean
timeline_has (Fixture           *fixture,
              const char        *uuid,
              PlrChallengeState  state,
              PlrChallengeSource source,
              const char        *note)
{
  g_autoptr(GPtrArray) timeline = plr_store_list_challenge_timeline (fixture->store, uuid, NULL);

  g_assert_nonnull (timeline);
  for (guint i = 0; i < timeline->len; i++)
    {
      PlrChallengeTimelineEntry *entry = g_ptr_array_index (timeline, i);

      if (entry->state == state && entry->source == source &&
          (note == NULL || g_strcmp0 (entry->note, note) == 0))
        return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

/* Raised offline, the app restarted, sent once, resolved, followed. */
static void
test_offline_to_resolution (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changed = NULL;
  g_autofree char *proposed = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *service_id = NULL;
  gint64 event_id;

  plr_test_sign_in (fixture->client);
  refresh_record (fixture);

  uuid = raise_grade_challenge (fixture, 1, &evidence, &proposed);
  {
    g_autoptr(PlrLearningEvent) event = dup_event (fixture, 1);
    event_id = plr_learning_event_get_id (event);
  }

  /* Offline: the service cannot be reached. */
  plr_test_service_stop (&fixture->service);
  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (drain (fixture, &error));
  g_assert_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (fixture->failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->failures, 0), ==, "offline transient");

  challenge = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (challenge), ==, PLR_CHALLENGE_STATE_WAITING_TO_SEND);
  g_clear_object (&challenge);

  /* The app is closed and opened again. */
  close_store_and_sync (fixture);
  open_store_and_sync (fixture);
  challenge = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (challenge), ==, PLR_CHALLENGE_STATE_WAITING_TO_SEND);
  g_clear_object (&challenge);

  /* Online again: sent once, with its evidence. */
  fixture->service = plr_test_service_start (fixture->service_dir, fixture->port);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_posts (fixture), ==, 1);

  challenge = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (challenge), ==, PLR_CHALLENGE_STATE_SUBMITTED);
  g_assert_nonnull (plr_challenge_get_service_id (challenge));
  g_assert_nonnull (plr_challenge_get_submitted_at (challenge));
  service_id = g_strdup (plr_challenge_get_service_id (challenge));
  g_clear_object (&challenge);
  g_assert_true (timeline_has (fixture, uuid, PLR_CHALLENGE_STATE_SUBMITTED,
                               PLR_CHALLENGE_SOURCE_SERVICE, NULL));

  /* Another drain sends nothing more. */
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_posts (fixture), ==, 1);

  /* The service holds it exactly once, with the evidence as attached. */
  listed = list_on_service (fixture);
  g_assert_cmpuint (listed->len, ==, 1);
  {
    PlrChallengeStatus *status = g_ptr_array_index (listed, 0);
    PlrEvidence *held;

    g_assert_cmpstr (status->service_id, ==, service_id);
    g_assert_cmpint (status->state, ==, PLR_CHALLENGE_STATE_SUBMITTED);
    g_assert_true (status->has_event_id);
    g_assert_cmpint (status->event_id, ==, event_id);
    g_assert_cmpuint (status->evidence->len, ==, 1);
    held = g_ptr_array_index (status->evidence, 0);
    g_assert_cmpstr (held->sha256, ==, evidence->sha256);
    g_assert_cmpint (held->size, ==, evidence->size);
    g_assert_cmpstr (held->name, ==, EVIDENCE_NAME);
    g_assert_cmpstr (held->media_type, ==, "application/pdf");
  }

  /* The service accepts it; the next fetch shows the correction. */
  g_assert_true (plr_service_resolve_challenge (fixture->service, service_id, TRUE,
                                                "Corrected by the awarding organisation",
                                                &error));
  g_assert_no_error (error);

  refresh_record (fixture);
  {
    g_autoptr(PlrRecord) record = plr_store_load_record (fixture->store,
                                                         PLR_STORE_SNAPSHOT_CURRENT, NULL);
    gboolean found = FALSE;

    for (guint i = 0; i < plr_record_get_n_events (record); i++)
      {
        PlrLearningEvent *event = plr_record_get_event (record, i);

        if (plr_learning_event_get_id (event) != event_id)
          continue;
        found = TRUE;
        g_assert_cmpstr (plr_learning_event_get_grade (event), ==, proposed);
        g_assert_cmpstr (plr_learning_event_get_value (event,
                                                       PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE),
                         ==, "N");
      }
    g_assert_true (found);
  }

  /* And the status refresh shows it accepted, with the service's note. */
  changed = refresh_challenges (fixture);
  g_assert_cmpuint (g_strv_length (changed), ==, 1);
  g_assert_cmpstr (changed[0], ==, uuid);
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->notified, uuid, g_str_equal, NULL));

  challenge = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (challenge), ==, PLR_CHALLENGE_STATE_ACCEPTED);
  g_assert_false (plr_challenge_get_event_removed (challenge));
  g_assert_false (plr_store_has_open_service_challenges (fixture->store));
  g_assert_true (timeline_has (fixture, uuid, PLR_CHALLENGE_STATE_ACCEPTED,
                               PLR_CHALLENGE_SOURCE_SERVICE,
                               "Corrected by the awarding organisation"));

  /* Followed again: nothing new. */
  g_clear_pointer (&changed, g_strfreev);
  changed = refresh_challenges (fixture);
  g_assert_cmpuint (g_strv_length (changed), ==, 0);
}

/* The private copy is gone before sending: nothing reaches the service,
 * and the learner gets a draft back with everything they wrote. */
static void
test_evidence_vanished (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  plr_test_sign_in (fixture->client);
  refresh_record (fixture);
  uuid = raise_grade_challenge (fixture, 2, &evidence, NULL);

  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (evidence->path), ==, 0);

  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_posts (fixture), ==, 0);
  g_assert_cmpuint (fixture->failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->failures, 0), ==, "evidence-missing permanent");

  challenge = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (challenge), ==, PLR_CHALLENGE_STATE_DRAFT);
  g_assert_cmpstr (plr_challenge_get_details (challenge), ==, PRIVATE_DETAILS);
  g_assert_true (timeline_has (fixture, uuid, PLR_CHALLENGE_STATE_DRAFT,
                               PLR_CHALLENGE_SOURCE_APP, "evidence-missing"));

  /* Attached again and sent: it arrives. */
  {
    g_autoptr(GPtrArray) files = plr_store_list_challenge_evidence (fixture->store, uuid, NULL);
    g_autoptr(PlrEvidence) again = NULL;
    PlrEvidence *gone = g_ptr_array_index (files, 0);

    g_assert_true (plr_store_remove_challenge_evidence (fixture->store, uuid, gone->id, &error));
    g_assert_no_error (error);
    again = import_evidence (fixture);
    g_assert_true (plr_store_add_challenge_evidence (fixture->store, uuid, again, &error));
    g_assert_no_error (error);
  }
  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_posts (fixture), ==, 1);
  g_clear_object (&challenge);
  challenge = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (challenge), ==, PLR_CHALLENGE_STATE_SUBMITTED);
}

/* The service applies the challenge and the answer is lost: the retry,
 * with the same key and the same bytes read again from the private copy,
 * gets the first answer back, and the service holds it once. */
static void
test_answer_lost (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  plr_test_sign_in (fixture->client);
  refresh_record (fixture);
  uuid = raise_grade_challenge (fixture, 0, NULL, NULL);
  g_assert_true (plr_store_submit_challenge (fixture->store, uuid, NULL, &error));
  g_assert_no_error (error);

  plr_service_set_write_fault (fixture->service, PLR_SERVICE_WRITE_FAULT_DROP_AFTER_APPLY, 1);
  if (!drain (fixture, &error))
    {
      /* The client's own retries may be used up; the outbox's then sends it. */
      g_clear_error (&error);
      g_assert_true (drain (fixture, &error));
    }
  g_assert_no_error (error);
  g_assert_cmpuint (plr_service_get_write_faults_injected (fixture->service), ==, 1);
  g_assert_cmpuint (count_posts (fixture), >=, 2);

  listed = list_on_service (fixture);
  g_assert_cmpuint (listed->len, ==, 1);
  challenge = dup_challenge (fixture, uuid);
  g_assert_cmpint (plr_challenge_get_state (challenge), ==, PLR_CHALLENGE_STATE_SUBMITTED);
  g_assert_cmpstr (plr_challenge_get_service_id (challenge), ==,
                   ((PlrChallengeStatus *) g_ptr_array_index (listed, 0))->service_id);
}

/* A challenge the service refuses for good comes back as a draft. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PlrLearningEvent) event = NULL;
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(PlrChallenge) stored = NULL;
  g_autoptr(GError) error = NULL;

  plr_test_sign_in (fixture->client);
  refresh_record (fixture);

  /* An entry the service does not have. */
  event = dup_event (fixture, 0);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, "987654321");
  challenge = plr_challenge_new_for_entry (event, PLR_CHALLENGE_REASON_DUPLICATE);
  g_assert_true (plr_store_save_challenge (fixture->store, challenge, &error));
  g_assert_true (plr_store_submit_challenge (fixture->store, plr_challenge_get_uuid (challenge),
                                             NULL, &error));
  g_assert_no_error (error);

  g_assert_true (drain (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->failures->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->failures, 0), ==, "http-400 permanent");

  stored = dup_challenge (fixture, plr_challenge_get_uuid (challenge));
  g_assert_cmpint (plr_challenge_get_state (stored), ==, PLR_CHALLENGE_STATE_DRAFT);
  g_assert_true (timeline_has (fixture, plr_challenge_get_uuid (challenge),
                               PLR_CHALLENGE_STATE_DRAFT, PLR_CHALLENGE_SOURCE_APP,
                               "http-400"));
}

/* Refreshes asked for at once share one fetch; cancelling one call ends
 * that call only. */
static void
test_refreshes_join (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) first_changed = NULL;
  g_auto(GStrv) second_changed = NULL;
  g_auto(GStrv) none = NULL;

  plr_test_sign_in (fixture->client);

  plr_sync_refresh_challenges_async (fixture->sync, NULL, plr_test_async_cb, &first);
  plr_sync_refresh_challenges_async (fixture->sync, NULL, plr_test_async_cb, &second);
  plr_sync_refresh_challenges_async (fixture->sync, cancellable, plr_test_async_cb, &cancelled);
  g_cancellable_cancel (cancellable);

  none = plr_sync_refresh_challenges_finish (fixture->sync, plr_test_wait_for (&cancelled), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (none);
  g_clear_error (&error);

  first_changed = plr_sync_refresh_challenges_finish (fixture->sync, plr_test_wait_for (&first), &error);
  g_assert_no_error (error);
  second_changed = plr_sync_refresh_challenges_finish (fixture->sync, plr_test_wait_for (&second), &error);
  g_assert_no_error (error);
  g_assert_nonnull (first_changed);
  g_assert_nonnull (second_changed);
  g_assert_cmpuint (g_strv_length (first_changed), ==, g_strv_length (second_changed));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  plr_test_log_capture_install ();

#define ADD(path, func) \
  g_test_add ("/challenges/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("offline-to-resolution", test_offline_to_resolution);
  ADD ("evidence-vanished", test_evidence_vanished);
  ADD ("answer-lost", test_answer_lost);
  ADD ("refused", test_refused);
  ADD ("refreshes-join", test_refreshes_join);

#undef ADD

  return g_test_run ();
}
