/* plr-service-lrs.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service"

#include "config.h"

#include "plr-lrs-client.h"
#include "plr-service-private.h"

/* The service as a gateway to the LRS (--lrs-config): a learner added with
 * `learner add` has no record of their own; the service fetches it from
 * the LRS when they sign in and when the stored one is older than the
 * configuration's max-age, and stores it as the current version. The
 * request that needs the record waits, paused, for the fetch; every other
 * request is untouched, and so is every learner without an LRS account.
 *
 * A failed fetch keeps what is stored. Logs carry the learner's row id and
 * the error code only: the LRS's messages may repeat what the learner
 * gave. */

typedef struct
{
  PlrService            *service;
  SoupServerMessage     *msg;
  char                  *method;
  char                  *path;
  GHashTable            *query;
  gint64                 learner_id;
  char                  *client_id;
  PlrServiceLrsDoneFunc  done;
  gint64                 data;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->service);
  g_clear_object (&fetch->msg);
  g_clear_pointer (&fetch->method, g_free);
  g_clear_pointer (&fetch->path, g_free);
  g_clear_pointer (&fetch->query, g_hash_table_unref);
  g_clear_pointer (&fetch->client_id, g_free);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
on_fetch_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  PlrServiceRequest req = { 0, };
  PlrService *service = fetch->service;

  record = plr_lrs_client_fetch_finish (PLR_LRS_CLIENT (object), result, &error);

  req.service = service;
  req.db = _plr_service_get_db (service);
  req.msg = fetch->msg;
  req.method = fetch->method;
  req.path = fetch->path;
  req.query = fetch->query;
  req.now = _plr_service_now (service);
  req.learner_id = fetch->learner_id;
  req.client_id = g_steal_pointer (&fetch->client_id);
  req.lrs_checked = TRUE;

  if (record != NULL)
    {
      g_autoptr(GError) store_error = NULL;
      gboolean changed = FALSE;

      if (!plr_service_db_set_lrs_record (req.db, fetch->learner_id, record, req.now, &changed,
                                          &store_error))
        {
          g_warning ("Could not store the record fetched for learner %" G_GINT64_FORMAT ": %s",
                     fetch->learner_id, store_error->message);
          req.lrs_error = g_steal_pointer (&store_error);
        }
      else
        g_debug ("Fetched the record of learner %" G_GINT64_FORMAT " from the LRS: %u events, %s",
                 fetch->learner_id, plr_record_get_n_events (record),
                 changed ? "a new version" : "unchanged");
    }
  else
    {
      g_message ("Could not fetch the record of learner %" G_GINT64_FORMAT
                 " from the LRS (%s %d); keeping the stored one",
                 fetch->learner_id, g_quark_to_string (error->domain), error->code);
      req.lrs_error = g_steal_pointer (&error);
    }

  fetch->done (&req, fetch->data);

  g_clear_error (&req.lrs_error);
  g_free (req.client_id);
  soup_server_message_unpause (fetch->msg);
}

/**
 * _plr_service_lrs_refresh:
 * @req: the request that needs the learner's record
 * @learner_id: the learner
 * @force: fetch even if the stored record is fresh (a sign-in)
 * @done: what answers @req once the fetch ends
 * @data: passed to @done
 *
 * Starts a fetch from the LRS if the service has one, the learner has an
 * LRS account, and their record is missing, stale or @force is set. Then
 * @req is paused and @done gets a copy of it, with lrs_checked set and
 * lrs_error set if the fetch failed.
 *
 * Returns: %TRUE if a fetch started and @done will answer; %FALSE if the
 *   caller should answer now
 */
gboolean
_plr_service_lrs_refresh (PlrServiceRequest     *req,
                          gint64                 learner_id,
                          gboolean               force,
                          PlrServiceLrsDoneFunc  done,
                          gint64                 data)
{
  g_auto(PlrServiceDbLrsAccount) account = { 0, };
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autoptr(PlrLrsQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  PlrLrsClient *client = _plr_service_get_lrs_client (req->service);
  gboolean has_record;
  Fetch *fetch;

  if (client == NULL || req->lrs_checked)
    return FALSE;

  if (!plr_service_db_get_lrs_account (req->db, learner_id, &account, &error))
    {
      if (!g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        g_warning ("Could not read the LRS account of learner %" G_GINT64_FORMAT ": %s",
                   learner_id, error->message);
      return FALSE;
    }

  has_record = plr_service_db_get_record_info (req->db, learner_id, &info, NULL);
  if (!force && has_record && account.fetched_at != 0 &&
      req->now - account.fetched_at < (gint64) plr_lrs_client_get_max_age (client))
    return FALSE;

  query = plr_lrs_query_new (account.uln, account.given_name, account.family_name,
                             account.date_of_birth, account.gender, &error);
  if (query == NULL)
    {
      g_warning ("The LRS account of learner %" G_GINT64_FORMAT " is not usable (%d)",
                 learner_id, error->code);
      return FALSE;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->service = g_object_ref (req->service);
  fetch->msg = g_object_ref (req->msg);
  fetch->method = g_strdup (req->method);
  fetch->path = g_strdup (req->path);
  fetch->query = req->query ? g_hash_table_ref (req->query) : NULL;
  fetch->learner_id = learner_id;
  fetch->client_id = g_strdup (req->client_id);
  fetch->done = done;
  fetch->data = data;

  g_debug ("Fetching the record of learner %" G_GINT64_FORMAT " from the LRS", learner_id);
  soup_server_message_pause (req->msg);
  plr_lrs_client_fetch_async (client, query, _plr_service_get_cancellable (req->service),
                              on_fetch_cb, fetch);

  return TRUE;
}
