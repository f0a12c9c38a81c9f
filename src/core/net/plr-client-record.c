/* plr-client-record.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "plr-client-private.h"
#include "plr-identifiers.h"
#include "plr-jose.h"

/* Fetching the record, page by page, and refreshing the cache from it. */

/* ------------------------------------------------------------------ */
/* Fetching the record                                                  */

typedef struct
{
  char      *etag;           /* the one we hold, for If-None-Match */
  char      *fetch_etag;     /* the version being fetched */
  PlrRecord *record;
  gint64     total;
  guint      restarts;
  gboolean   not_modified;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_pointer (&fetch->etag, g_free);
  g_clear_pointer (&fetch->fetch_etag, g_free);
  g_clear_object (&fetch->record);
  g_free (fetch);
}

static void fetch_start (GTask *task);

/* Checks the status and content type, and parses the JSON body. */
static JsonNode *parse_json_response_full (Response       *response,
                                           guint           first_index,
                                           PlrJsonEvents  *events,
                                           GError        **error);

JsonNode *
_plr_client_parse_json_response (Response  *response,
                                 GError   **error)
{
  return parse_json_response_full (response, 0, NULL, error);
}

/* With @events, a page of events: they are converted as they are read
 * (_plr_json_parse_taking_events()). */
static JsonNode *
parse_json_response_full (Response       *response,
                          guint           first_index,
                          PlrJsonEvents  *events,
                          GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *content_type;
  JsonNode *root;

  if (response->status != SOUP_STATUS_OK)
    {
      _plr_client_set_status_error (response, error);
      return NULL;
    }

  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service did not send a learning record. Check the service "
                             "address in Preferences."));
      return NULL;
    }

  if (events != NULL)
    root = _plr_json_parse_taking_events (response->body, NULL, first_index, events,
                                          &local_error);
  else
    root = plr_json_parse (response->body, NULL, &local_error);
  if (root == NULL)
    {
      /* The parser's message can quote the body, which is personal data. */
      if (g_error_matches (local_error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD))
        g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                             _("The service sent a damaged record that is not valid JSON, so "
                               "it was not saved."));
      else
        g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                     _("The service sent a damaged record, so it was not saved: %s"),
                     local_error->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      json_node_unref (root);
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service sent a damaged record, so it was not saved."));
      return NULL;
    }

  return root;
}

static void
set_invalid_record_error (GError  *cause,
                          GError **error)
{
  /* The path and problem say exactly what was wrong; no value is quoted. */
  g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
               _("The service sent a record that does not pass Learning Record's checks, so "
                 "it was not saved: %s"), cause->message);
}

static void
fetch_restart (GTask *task)
{
  Fetch *fetch = g_task_get_task_data (task);

  if (++fetch->restarts > MAX_FETCH_RESTARTS)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("Your record kept changing while it was being fetched. Try "
                                 "again in a moment."));
      return;
    }

  g_debug ("The record changed during the fetch; starting again");
  fetch_start (task);
}

/* "v1/learner/events?limit=1000&cursor=…", the cursor sent back unchanged. */
char *
_plr_client_build_page_path (const char *resource,
                             guint       limit,
                             const char *cursor)
{
  g_autofree char *escaped = NULL;

  if (cursor == NULL)
    return g_strdup_printf ("%s?limit=%u", resource, limit);

  escaped = g_uri_escape_string (cursor, NULL, FALSE);
  return g_strdup_printf ("%s?limit=%u&cursor=%s", resource, limit, escaped);
}

static void request_events_page (GTask      *task,
                                 const char *cursor);

/* One page of events, read on a worker thread: parsing and checking a
 * thousand events takes longer than a frame, and the client's callbacks
 * run on the app's main thread. */
typedef struct
{
  Response  *response;     /* in */
  guint      first_index;  /* in: the events before this page, for errors */
  gint64     total;        /* out */
  GPtrArray *events;       /* out */
  char      *next_cursor;  /* out */
  GPtrArray *unknown;      /* out: skipped members' paths */
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->response, _plr_client_response_free);
  g_clear_pointer (&page->events, g_ptr_array_unref);
  g_clear_pointer (&page->next_cursor, g_free);
  g_clear_pointer (&page->unknown, g_ptr_array_unref);
  g_free (page);
}

static gboolean
read_page (Page    *page,
           GError **error)
{
  static const char * const page_members[] = { "events", "total", "next_cursor", NULL };
  const PlrRecordLimits *limits = plr_record_limits_default ();
  g_auto(PlrJsonEvents) events = { FALSE, };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) total_error = NULL;
  JsonObject *object_;
  JsonNode *node;
  gint64 room;
  guint too_many_at;

  /* The events are converted as json-glib reads them, so the page's tree
   * never holds more than one; the checks below are made in the order
   * they were made on the whole tree. */
  page->unknown = g_ptr_array_new_with_free_func (g_free);
  events.unknown = page->unknown;
  root = parse_json_response_full (page->response, page->first_index, &events, error);
  if (root == NULL)
    return FALSE;

  object_ = json_node_get_object (root);
  plr_json_collect_unknown (object_, NULL, page_members, page->unknown);

  /* Read to the 64-bit limit, so that a total past the record's limit gets
   * its own message below. */
  if (!plr_json_read_int (json_object_get_member (object_, "total"), "total", 0, G_MAXINT64,
                          &page->total, &total_error))
    {
      set_invalid_record_error (total_error, error);
      return FALSE;
    }
  if (page->total > (gint64) limits->max_events)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service sent more learning events than any record "
                             "holds, so they were not saved."));
      return FALSE;
    }

  node = json_object_get_member (object_, "events");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent a damaged record, so it was not saved: %s"),
                   "events: expected an array");
      return FALSE;
    }

  if (!events.found)
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent a damaged record, so it was not saved: %s"),
                   "events: expected an array");
      return FALSE;
    }

  /* Event by event, the first of these to fail: the event itself, then
   * whether it is one more than the total said. */
  room = page->total - (gint64) page->first_index;
  too_many_at = room < 0 ? 0 : room > G_MAXUINT ? G_MAXUINT : (guint) room;
  if (events.error != NULL && events.error_index <= too_many_at)
    {
      set_invalid_record_error (events.error, error);
      return FALSE;
    }
  if (too_many_at < events.n_events)
    {
      g_set_error_literal (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                           _("The service sent more learning events than it said "
                             "it would, so they were not saved."));
      return FALSE;
    }
  page->events = g_steal_pointer (&events.events);

  node = json_object_get_member (object_, "next_cursor");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The service sent a damaged record, so it was not saved: "
                         "%s"), "next_cursor: expected a string");
          return FALSE;
        }
      page->next_cursor = g_strdup (json_node_get_string (node));
    }

  return TRUE;
}

static void
read_page_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (read_page (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_events_page_read_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  Page *page = g_task_get_task_data (G_TASK (result));
  const char *etag;
  guint n_events;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  etag = soup_message_headers_get_one (page->response->headers, "ETag");
  if (g_strcmp0 (etag, fetch->fetch_etag) != 0)
    {
      fetch_restart (task);
      return;
    }

  plr_json_log_unknown ("A page of GET v1/learner/events", page->unknown);

  /* A page at a time: appending all of a large record at the end took
   * longer than a frame. */
  fetch->total = page->total;
  plr_record_take_events (fetch->record, g_steal_pointer (&page->events));
  n_events = plr_record_get_n_events (fetch->record);
  g_signal_emit (g_task_get_source_object (task), _plr_client_signals[PROGRESS], 0, n_events,
                 (guint) fetch->total);

  if (page->next_cursor != NULL)
    {
      if (n_events == page->first_index)
        {
          g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                                   _("The service sent an empty page of your record."));
          return;
        }
      request_events_page (task, page->next_cursor);
      return;
    }

  if (n_events != (guint) fetch->total)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent %u of the %u learning events it promised, "
                                 "so the record was not saved."),
                               n_events, (guint) fetch->total);
      return;
    }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    plr_record_set_etag (fetch->record, fetch->fetch_etag);
    plr_record_set_fetched_at (fetch->record, now);
    plr_record_set_source (fetch->record, PLR_RECORD_SOURCE_SERVICE);
  }

  g_debug ("Fetched a record of %u events", plr_record_get_n_events (fetch->record));
  g_task_return_pointer (task, g_steal_pointer (&fetch->record), g_object_unref);
}

static void
on_events_page_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(GTask) read = NULL;
  GCancellable *cancellable;
  Response *response;
  Page *page;
  GError *error = NULL;

  response = _plr_client_send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status == SOUP_STATUS_CONFLICT)
    {
      _plr_client_response_free (response);
      fetch_restart (task);
      return;
    }

  page = g_new0 (Page, 1);
  page->response = response;
  page->first_index = plr_record_get_n_events (fetch->record);

  cancellable = g_task_get_cancellable (task);
  read = g_task_new (self, cancellable, on_events_page_read_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read, on_events_page_cb);
  g_task_set_task_data (read, page, (GDestroyNotify) page_free);
  g_task_run_in_thread (read, read_page_thread);
}

static void
request_events_page (GTask      *task,
                     const char *cursor)
{
  PlrClient *self = g_task_get_source_object (task);
  g_autofree char *path = _plr_client_build_page_path ("v1/learner/events", EVENTS_PAGE_SIZE, cursor);

  _plr_client_send_request_async (self, "GET", path, NULL, NULL, NULL, NULL, TRUE,
                      g_task_get_cancellable (task), on_events_page_cb, g_object_ref (task));
}

static void
on_learner_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  static const char * const learner_members[] = {
    "learner", "incoming_uln", "updated_at", NULL
  };
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(GError) learner_error = NULL;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object_;
  JsonNode *node;
  const char *etag;
  GError *error = NULL;

  response = _plr_client_send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status == SOUP_STATUS_NOT_MODIFIED && fetch->etag != NULL)
    {
      fetch->not_modified = TRUE;
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  root = _plr_client_parse_json_response (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  etag = soup_message_headers_get_one (response->headers, "ETag");
  g_free (fetch->fetch_etag);
  fetch->fetch_etag = g_strdup (etag);

  object_ = json_node_get_object (root);
  node = json_object_get_member (object_, "learner");
  if (node == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent a damaged record, so it was not saved: %s"),
                               "learner: required but missing");
      return;
    }

  plr_json_collect_unknown (object_, NULL, learner_members, unknown);
  learner = plr_learner_from_response_node (node, "learner", unknown, &learner_error);
  if (learner == NULL)
    {
      set_invalid_record_error (learner_error, &error);
      g_task_return_error (task, error);
      return;
    }
  plr_json_log_unknown ("GET v1/learner", unknown);

  g_clear_object (&fetch->record);
  fetch->record = plr_record_new (learner);

  node = json_object_get_member (object_, "incoming_uln");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      g_autoptr(GError) uln_error = NULL;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !plr_uln_validate (json_node_get_string (node), &uln_error))
        {
          g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                                   _("The service sent a record that does not pass Learning "
                                     "Record's checks, so it was not saved: %s"),
                                   "incoming_uln: not a valid ULN");
          return;
        }
      plr_record_set_incoming_uln (fetch->record, json_node_get_string (node));
    }

  request_events_page (task, NULL);
}

static void
fetch_start (GTask *task)
{
  PlrClient *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);

  /* One ETag covers the whole record: a 304 here means nothing changed. */
  _plr_client_send_request_async (self, "GET", "v1/learner", NULL, NULL,
                      fetch->restarts == 0 ? fetch->etag : NULL, NULL, TRUE,
                      g_task_get_cancellable (task), on_learner_cb, g_object_ref (task));
}

/**
 * plr_client_fetch_record_async:
 * @self: a #PlrClient
 * @etag: (nullable): the ETag of the record already held, if any
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the learner and every page of events, validating all of it.
 * Emits #PlrClient::progress as pages arrive.
 */
void
plr_client_fetch_record_async (PlrClient           *self,
                               const char          *etag,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;

  g_return_if_fail (PLR_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_fetch_record_async);

  fetch = g_new0 (Fetch, 1);
  fetch->etag = g_strdup (etag);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  fetch_start (task);
}

/**
 * plr_client_fetch_record_finish:
 * @self: a #PlrClient
 * @result: the result
 * @not_modified: (out) (optional): set when the service said nothing changed
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the validated record, or %NULL when
 *   nothing changed or on error
 */
PlrRecord *
plr_client_fetch_record_finish (PlrClient     *self,
                                GAsyncResult  *result,
                                gboolean      *not_modified,
                                GError       **error)
{
  Fetch *fetch;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  fetch = g_task_get_task_data (G_TASK (result));
  if (not_modified)
    *not_modified = fetch->not_modified && !g_task_had_error (G_TASK (result));

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Refresh: fetch, then store                                           */

typedef struct
{
  PlrStore          *store;
  PlrRecord         *current;   /* the cached record whose ETag was sent */
  PlrRefreshOutcome  outcome;
} Refresh;

static void
refresh_free (gpointer data)
{
  Refresh *refresh = data;

  g_clear_object (&refresh->store);
  g_clear_object (&refresh->current);
  g_free (refresh);
}

static void
on_refresh_stored_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  PlrRecordDiff *diff;

  diff = plr_store_replace_record_finish (PLR_STORE (object), result, &error);
  if (diff == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diff, g_object_unref);
}

static void
store_refreshed_record (GTask               *task,
                        PlrRecordCredential *credential)
{
  Refresh *refresh = g_task_get_task_data (task);
  PlrRecord *record = g_object_get_data (G_OBJECT (task), "plr-refresh-record");

  /* Without a credential the record is stored alone, and the previous
   * snapshot's credential goes with that snapshot: a signed copy of an
   * older version never stays beside the new record. */
  plr_record_set_credential (record, credential);
  plr_store_replace_record_async (refresh->store, record, g_task_get_cancellable (task),
                                  on_refresh_stored_cb, g_object_ref (task));
}

static void
on_refresh_credential_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(PlrRecordCredential) credential = NULL;
  g_autoptr(GError) error = NULL;

  credential = plr_client_fetch_credential_finish (PLR_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A service without credentials, or one that failed to sign, still
   * gives the learner their record: the record is what they asked for. */
  if (credential == NULL)
    g_debug ("Stored the record without a signed copy: %s", error->message);

  store_refreshed_record (task, credential);
}

static void
on_refresh_holder_key_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  PlrRecord *record = g_object_get_data (G_OBJECT (task), "plr-refresh-record");
  g_autoptr(JsonObject) private_jwk = NULL;
  g_autoptr(JsonObject) public_jwk = NULL;
  g_auto(gnutls_privkey_t) key = NULL;
  g_autoptr(GError) error = NULL;

  private_jwk = plr_holder_key_store_ensure_finish (PLR_HOLDER_KEY_STORE (object), result, &error);
  if (private_jwk != NULL)
    key = plr_jwk_to_privkey (private_jwk, &error);
  if (key != NULL)
    public_jwk = plr_jwk_from_privkey (key, FALSE, &error);
  if (public_jwk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("No holder key, so no signed copy: %s", error->message);
      store_refreshed_record (task, NULL);
      return;
    }

  plr_client_fetch_credential_async (self, public_jwk, plr_record_get_etag (record),
                                     g_task_get_cancellable (task),
                                     on_refresh_credential_cb, g_object_ref (task));
}

static void
on_refresh_fetched_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = PLR_CLIENT (object);
  Refresh *refresh = g_task_get_task_data (task);
  PlrStore *store = refresh->store;
  g_autoptr(PlrRecord) record = NULL;
  gboolean not_modified = FALSE;
  GError *error = NULL;

  record = plr_client_fetch_record_finish (PLR_CLIENT (object), result, &not_modified, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A 304 answers the ETag the refresh sent, so it is of the record read
   * when the refresh began: no second read of the cache, and no write but
   * the time of the fetch. */
  if (not_modified)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(PlrRecordDiff) diff = NULL;

      if (!plr_store_update_fetch_info (store, now, plr_record_get_etag (refresh->current),
                                        &error))
        {
          g_task_return_error (task, error);
          return;
        }

      g_assert (refresh->current != NULL);
      refresh->outcome = PLR_REFRESH_UNCHANGED;
      diff = plr_record_diff_new (refresh->current, refresh->current);
      g_task_return_pointer (task, g_steal_pointer (&diff), g_object_unref);
      return;
    }

  /* The record read at the start is not needed past this point. */
  g_clear_object (&refresh->current);
  refresh->outcome = PLR_REFRESH_REPLACED;

  if (self->holder_keys != NULL)
    {
      /* The record waits for its signed copy, so that both are stored in
       * one transaction. */
      g_object_set_data_full (G_OBJECT (task), "plr-refresh-record",
                              g_steal_pointer (&record), g_object_unref);
      plr_holder_key_store_ensure_async (self->holder_keys, self->base_url,
                                         g_task_get_cancellable (task),
                                         on_refresh_holder_key_cb, g_object_ref (task));
      return;
    }

  plr_store_replace_record_async (store, record, g_task_get_cancellable (task),
                                  on_refresh_stored_cb, g_object_ref (task));
}

/**
 * plr_client_refresh_async:
 * @self: a #PlrClient
 * @store: the cache to refresh
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the record conditionally on the cached one and, only if it
 * arrived whole and valid, replaces the cached one in one transaction.
 * On any error the cache is untouched.
 */
void
plr_client_refresh_async (PlrClient           *self,
                          PlrStore            *store,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(PlrRecord) current = NULL;
  g_autoptr(GError) error = NULL;
  Refresh *refresh;
  const char *etag = NULL;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (PLR_IS_STORE (store));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_refresh_async);
  refresh = g_new0 (Refresh, 1);
  refresh->store = g_object_ref (store);
  g_task_set_task_data (task, refresh, refresh_free);

  /* Only a record fetched from a service has an ETag worth sending; and
   * a record whose signed copy is missing or out of date is fetched whole
   * again, so that the two arrive together. */
  current = plr_store_load_record (store, PLR_STORE_SNAPSHOT_CURRENT, &error);
  if (current != NULL &&
      g_strcmp0 (plr_record_get_source (current), PLR_RECORD_SOURCE_SERVICE) == 0)
    {
      PlrRecordCredential *credential = plr_record_get_credential (current);

      /* A 304 keeps the cached record, so it is asked for only while that
       * record's signed copy is still good for a day. */
      if (self->holder_keys == NULL ||
          (credential != NULL &&
           !plr_record_credential_is_expired (credential,
                                              g_get_real_time () / G_USEC_PER_SEC + 24 * 3600)))
        etag = plr_record_get_etag (current);
      refresh->current = g_steal_pointer (&current);
    }
  plr_client_fetch_record_async (self, etag, cancellable, on_refresh_fetched_cb,
                                 g_steal_pointer (&task));
}

/**
 * plr_client_refresh_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what changed (empty when nothing did), or
 *   %NULL with @error set
 */
PlrRecordDiff *
plr_client_refresh_finish (PlrClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return plr_client_refresh_finish_full (self, result, NULL, error);
}

/**
 * plr_client_refresh_finish_full:
 * @self: a #PlrClient
 * @result: the result
 * @outcome: (out) (optional): whether the cached record was replaced or
 *   the service said it was unchanged
 * @error: return location for a #GError
 *
 * Returns: (transfer full): what changed (empty when nothing did), or
 *   %NULL with @error set
 */
PlrRecordDiff *
plr_client_refresh_finish_full (PlrClient          *self,
                                GAsyncResult       *result,
                                PlrRefreshOutcome  *outcome,
                                GError            **error)
{
  Refresh *refresh;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  refresh = g_task_get_task_data (G_TASK (result));
  if (outcome != NULL)
    *outcome = refresh->outcome;

  return g_task_propagate_pointer (G_TASK (result), error);
}
