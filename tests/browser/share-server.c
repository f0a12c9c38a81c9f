/* share-server.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For the browser test: runs the real reference service on 127.0.0.1 with
 * the demo learner, signs in with the real client, shares a configured
 * view through the store's outbox and PlrSync, shares a second one and
 * revokes it, then prints what a recipient's browser should find:
 *
 *   ACTIVE <url>       the page of the share that works
 *   REVOKED <url>      the page of the revoked one
 *   EXPECT <text>      text the active page must show
 *   ABSENT <text>      text of the record the learner did not choose
 *   READY
 *
 * and serves until its standard input closes or it gets SIGTERM. */

#include "config.h"

#include <glib-unix.h>
#include <string.h>

#include "plr-client.h"
#include "plr-form-sign-in.h"
#include "plr-sample.h"
#include "plr-service.h"
#include "plr-store.h"
#include "plr-sync.h"
#include "plr-view-result.h"

#define USERNAME "learner"
#define PASSWORD "correct horse battery staple"

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

typedef struct
{
  SoupSession *session;
  GMainLoop   *loop;
} Server;

static void
on_async_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out");
      g_main_context_iteration (NULL, TRUE);
    }

  return *slot;
}

static void
drain (PlrSync *sync)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  plr_sync_drain_async (sync, NULL, on_async_cb, &result);
  if (!plr_sync_drain_finish (sync, wait_for (&result), &error))
    g_error ("Could not send the shares: %s", error->message);
}

static gboolean
on_stop_cb (gpointer user_data)
{
  Server *server = user_data;

  g_main_loop_quit (server->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_stdin_cb (GIOChannel   *channel,
             GIOCondition  condition,
             gpointer      user_data)
{
  Server *server = user_data;
  char buffer[256];
  gsize n = 0;
  GIOStatus status = g_io_channel_read_chars (channel, buffer, sizeof buffer, &n, NULL);

  if (status == G_IO_STATUS_EOF || status == G_IO_STATUS_ERROR || (condition & G_IO_HUP))
    {
      g_main_loop_quit (server->loop);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gint64
share (PlrStore   *store,
       PlrSync    *sync,
       PlrView    *view,
       PlrRecord  *record,
       GDateTime  *expires)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrShareRecord) entry = NULL;
  gint64 id = 0;

  if (!plr_store_create_share (store, view, record, expires, &id, &error))
    g_error ("Could not share: %s", error->message);
  drain (sync);

  entry = plr_store_dup_share_record (store, id, &error);
  if (entry == NULL || plr_share_record_get_url (entry) == NULL)
    g_error ("The share has no address");

  return id;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlrRecord) record = plr_sample_demo ();
  g_autoptr(PlrService) service = NULL;
  g_autoptr(PlrTokenStore) tokens = NULL;
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrSync) sync = NULL;
  g_autoptr(PlrView) view = NULL;
  g_autoptr(PlrView) other = NULL;
  g_autoptr(PlrShareRecord) active = NULL;
  g_autoptr(PlrShareRecord) revoked = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GPtrArray) picked = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) input = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *service_dir = NULL;
  g_autofree char *store_path = NULL;
  Server server = { 0 };
  gint64 active_id, revoked_id;
  guint n_events;

  if (argc != 2)
    {
      g_printerr ("Usage: %s DIR\n", argv[0]);
      return 2;
    }
  dir = g_strdup (argv[1]);
  service_dir = g_build_filename (dir, "service", NULL);
  store_path = g_build_filename (dir, "learning-record", "cache.db", NULL);

  service = plr_service_new (service_dir, &error);
  if (service == NULL || !plr_service_listen_local (service, 0, &error) ||
      !plr_service_add_learner (service, USERNAME, PASSWORD, record, &error))
    g_error ("Could not start the service: %s", error->message);
  base_url = plr_service_dup_base_url (service);

  server.session = soup_session_new_with_options ("timeout", 10, NULL);
  tokens = plr_memory_token_store_new ();
  client = plr_client_new (server.session, base_url, tokens, &error);
  if (client == NULL)
    g_error ("%s", error->message);
  plr_form_sign_in_set_browser (client, server.session, USERNAME, PASSWORD);
  plr_client_sign_in_async (client, NULL, on_async_cb, &result);
  if (!plr_client_sign_in_finish (client, wait_for (&result), &error))
    g_error ("Could not sign in: %s", error->message);

  store = plr_store_new (store_path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  sync = plr_sync_new (client, store, NULL);

  /* Four entries, six fields, the learner's name. */
  view = plr_view_new ();
  plr_view_set_name (view, "For Acme");
  plr_view_set_recipient (view, "Acme Engineering Ltd");
  plr_view_set_purpose (view, "Job application: trainee engineer");
  n_events = plr_record_get_n_events (record);
  for (guint i = 0; i < n_events && picked->len < 4; i += 2)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);

      plr_view_pick_entry (view, plr_learning_event_get_id (event));
      g_ptr_array_add (picked, event);
    }
  plr_view_set_event_fields (view, BIT (PLR_EVENT_FIELD_SUBJECT) |
                                   BIT (PLR_EVENT_FIELD_QUALIFICATION_TYPE) |
                                   BIT (PLR_EVENT_FIELD_LEVEL) |
                                   BIT (PLR_EVENT_FIELD_GRADE) |
                                   BIT (PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE) |
                                   BIT (PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME));
  plr_view_set_learner_fields (view, BIT (PLR_LEARNER_FIELD_GIVEN_NAME) |
                                     BIT (PLR_LEARNER_FIELD_FAMILY_NAME));
  expires = g_date_time_add_days (now, 30);
  active_id = share (store, sync, view, record, expires);

  other = plr_view_copy (view);
  plr_view_set_recipient (other, "Withdrawn Recipient Ltd");
  revoked_id = share (store, sync, other, record, NULL);
  if (!plr_store_revoke_share (store, revoked_id, &error))
    g_error ("%s", error->message);
  drain (sync);

  active = plr_store_dup_share_record (store, active_id, NULL);
  revoked = plr_store_dup_share_record (store, revoked_id, NULL);

  g_print ("ACTIVE %s\n", plr_share_record_get_url (active));
  g_print ("REVOKED %s\n", plr_share_record_get_url (revoked));
  g_print ("EXPECT Acme Engineering Ltd\n");
  g_print ("EXPECT Job application: trainee engineer\n");
  g_print ("EXPECT %s\n", plr_learner_get_value (plr_record_get_learner (record),
                                                 PLR_LEARNER_FIELD_FAMILY_NAME));
  for (guint i = 0; i < picked->len; i++)
    {
      PlrLearningEvent *event = g_ptr_array_index (picked, i);

      g_print ("EXPECT %s\n", plr_learning_event_get_value (event, PLR_EVENT_FIELD_SUBJECT));
    }

  /* Not chosen: the ULN, and the subject of entries not picked (when no
   * picked entry has the same). */
  g_print ("ABSENT %s\n", plr_learner_get_value (plr_record_get_learner (record),
                                                 PLR_LEARNER_FIELD_ULN));
  for (guint i = 0; i < n_events; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);
      const char *subject = plr_learning_event_get_value (event, PLR_EVENT_FIELD_SUBJECT);
      gboolean shown = FALSE;

      for (guint j = 0; j < picked->len; j++)
        {
          const char *picked_subject =
            plr_learning_event_get_value (g_ptr_array_index (picked, j), PLR_EVENT_FIELD_SUBJECT);

          if (strstr (picked_subject, subject) != NULL ||
              strstr ("Acme Engineering Ltd Job application: trainee engineer", subject) != NULL)
            shown = TRUE;
        }
      if (!shown)
        g_print ("ABSENT %s\n", subject);
    }
  g_print ("READY\n");

  server.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_stop_cb, &server);
  g_unix_signal_add (SIGINT, on_stop_cb, &server);
  input = g_io_channel_unix_new (0);
  g_io_add_watch (input, G_IO_IN | G_IO_HUP | G_IO_ERR, on_stdin_cb, &server);
  g_main_loop_run (server.loop);

  plr_sync_stop (sync);
  g_main_loop_unref (server.loop);
  g_clear_object (&server.session);

  return 0;
}
