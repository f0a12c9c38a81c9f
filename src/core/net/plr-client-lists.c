/* plr-client-lists.c
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

/* Changes from the outbox, the access log, and the lists the service keeps
 * for the learner: challenges and shares. */

/* ------------------------------------------------------------------ */
/* Changes from the outbox                                              */

typedef struct
{
  char        *idempotency_key;
  guint        status;
} Change;

static void
change_free (Change *change)
{
  g_clear_pointer (&change->idempotency_key, g_free);
  g_free (change);
}

static void
on_change_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  Change *change = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  const char *content_type;
  GError *error = NULL;

  response = _plr_client_send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  change->status = response->status;

  /* No content (a DELETE): an empty object stands for the answer. */
  if (response->status == SOUP_STATUS_NO_CONTENT)
    {
      g_task_return_pointer (task, g_bytes_new_static ("{}", 2), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (response->status != SOUP_STATUS_OK && response->status != SOUP_STATUS_CREATED)
    {
      _plr_client_set_status_error (response, &error);
      g_task_return_error (task, error);
      return;
    }

  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service answered in a way Learning Record does not "
                                 "understand (status %u)."), response->status);
      return;
    }

  g_task_return_pointer (task, g_bytes_ref (response->body), (GDestroyNotify) g_bytes_unref);
}

/**
 * plr_client_send_change_async:
 * @self: a #PlrClient
 * @method: "POST", "PUT" or "DELETE"
 * @path: the path relative to the base URL, such as "v1/sharing-preferences"
 * @json_body: (nullable): the JSON body
 * @idempotency_key: the key stored with the change, the same on every retry
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Sends one change, signed in, with its Idempotency-Key. The request is
 * retried like any idempotent one (5xx, 429, broken connections), and an
 * expired access token is refreshed once.
 *
 * A caller that queues changes treats the outcome as: 200, 201 or 204, sent;
 * 401, 409, 429, 5xx or no answer at all, try again later; any other 4xx,
 * refused for good.
 */
void
plr_client_send_change_async (PlrClient           *self,
                              const char          *method,
                              const char          *path,
                              GBytes              *json_body,
                              const char          *idempotency_key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Change *change;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (idempotency_key != NULL && idempotency_key[0] != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_send_change_async);

  change = g_new0 (Change, 1);
  change->idempotency_key = g_strdup (idempotency_key);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);

  _plr_client_send_request_async (self, method, path, json_body, json_body ? "application/json" : NULL,
                      NULL, idempotency_key, TRUE, cancellable, on_change_sent_cb,
                      g_steal_pointer (&task));
}

/**
 * plr_client_send_change_finish:
 * @self: a #PlrClient
 * @result: the result
 * @out_status: (out) (optional): the HTTP status of the last answer, or 0
 *   when the service did not answer
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the JSON body of a 200 or 201 answer, `{}` for
 *   a 204 answer, or %NULL with @error set
 */
GBytes *
plr_client_send_change_finish (PlrClient     *self,
                               GAsyncResult  *result,
                               guint         *out_status,
                               GError       **error)
{
  Change *change;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  change = g_task_get_task_data (G_TASK (result));
  if (out_status)
    *out_status = change->status;

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The access log                                                       */

/* The service's largest page (docs/protocol.md allows up to 1000). */
#define ACCESS_LOG_PAGE_SIZE 1000

typedef struct
{
  GPtrArray  *entries;   /* PlrAccessLogEntry, in the order received */
  GHashTable *cursors;   /* every cursor followed, to stop a service that loops */
} AccessLogFetch;

static void
access_log_fetch_free (AccessLogFetch *fetch)
{
  g_clear_pointer (&fetch->entries, g_ptr_array_unref);
  g_clear_pointer (&fetch->cursors, g_hash_table_unref);
  g_free (fetch);
}

static void request_access_log_page (GTask      *task,
                                     const char *cursor);

static void
on_access_log_page_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  AccessLogFetch *fetch = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *next_cursor = NULL;
  GError *error = NULL;

  response = _plr_client_send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status != SOUP_STATUS_OK)
    {
      _plr_client_set_status_error (response, &error);
      g_task_return_error (task, error);
      return;
    }

  if (g_strcmp0 (soup_message_headers_get_content_type (response->headers, NULL),
                 "application/json") != 0)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service did not send an access log. Check the service "
                                 "address in Preferences."));
      return;
    }

  /* The parser's message could quote the body: never pass it on. */
  root = plr_json_parse (response->body, NULL, &local_error);
  if (root == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent a damaged access log that is not valid "
                                 "JSON."));
      return;
    }

  if (!plr_access_log_parse_page (root, fetch->entries, &next_cursor, &local_error))
    {
      /* The path and the rule say what was wrong; no value is quoted. */
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent an access log that does not pass Learning "
                                 "Record’s checks: %s"), local_error->message);
      return;
    }

  if (next_cursor != NULL)
    {
      if (!g_hash_table_add (fetch->cursors, g_strdup (next_cursor)))
        {
          g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                                   _("The service sent the same page of the access log "
                                     "twice."));
          return;
        }
      request_access_log_page (task, next_cursor);
      return;
    }

  g_debug ("Fetched an access log of %u entries", fetch->entries->len);
  g_task_return_pointer (task, plr_access_log_new (fetch->entries), g_object_unref);
}

static void
request_access_log_page (GTask      *task,
                         const char *cursor)
{
  PlrClient *self = g_task_get_source_object (task);
  g_autofree char *path = _plr_client_build_page_path ("v1/access-log", ACCESS_LOG_PAGE_SIZE, cursor);

  _plr_client_send_request_async (self, "GET", path, NULL, NULL, NULL, NULL, TRUE,
                      g_task_get_cancellable (task), on_access_log_page_cb, g_object_ref (task));
}

/**
 * plr_client_fetch_access_log_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches every page of the learner's access log (GET /v1/access-log),
 * signed in, retried like any read. Each page is checked strictly with
 * plr_access_log_parse_page(); a page that fails, a service that loops or
 * a log larger than %PLR_ACCESS_LOG_MAX_ENTRIES fails the whole fetch.
 */
void
plr_client_fetch_access_log_async (PlrClient           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AccessLogFetch *fetch;

  g_return_if_fail (PLR_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_fetch_access_log_async);

  fetch = g_new0 (AccessLogFetch, 1);
  fetch->entries = g_ptr_array_new_with_free_func (g_object_unref);
  fetch->cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, fetch, (GDestroyNotify) access_log_fetch_free);

  request_access_log_page (task, NULL);
}

/**
 * plr_client_fetch_access_log_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the access log, newest first, not yet
 *   analysed (see plr_access_log_analyse()), or %NULL with @error set
 */
PlrAccessLog *
plr_client_fetch_access_log_finish (PlrClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        plr_client_fetch_access_log_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* The lists the service keeps for the learner                          */

typedef GPtrArray *(*ListParseFunc) (JsonNode  *root,
                                     GError   **error);

/* What a GET of one of the learner's lists does with the answer. */
typedef struct
{
  ListParseFunc  parse;
  /* Untranslated; the parser's message, naming the member and the
   * problem but never a value, follows it. */
  const char    *refused;
} ListCall;

static const ListCall challenges_list = {
  plr_challenge_status_list_from_json,
  N_("The service sent data challenges that do not pass Learning Record’s checks, so they "
     "were not saved:"),
};

static const ListCall shares_list = {
  plr_share_info_list_from_json,
  N_("The service sent a list of shares that does not pass Learning Record’s checks:"),
};

static void
on_list_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  const ListCall *call = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *list;
  GError *error = NULL;

  response = _plr_client_send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = _plr_client_parse_json_response (response, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  list = call->parse (root, &local_error);
  if (list == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               "%s %s", _(call->refused), local_error->message);
      return;
    }

  g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
}

/* GETs @path, signed in and retried like any GET, and parses the answer
 * with @call: the task returns the list as a #GPtrArray. */
static void
fetch_list_async (PlrClient           *self,
                  const char          *path,
                  const ListCall      *call,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) call, NULL);
  _plr_client_send_request_async (self, "GET", path, NULL, NULL, NULL, NULL, TRUE, cancellable,
                      on_list_fetched_cb, g_steal_pointer (&task));
}

/* ------------------------------------------------------------------ */
/* Data challenges                                                      */

/**
 * plr_client_list_challenges_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the learner's data challenges with their status and history
 * (`GET v1/challenges`), signed in, retried like any GET.
 */
void
plr_client_list_challenges_async (PlrClient           *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  fetch_list_async (self, "v1/challenges", &challenges_list, plr_client_list_challenges_async,
                    cancellable, callback, user_data);
}

/**
 * plr_client_list_challenges_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrChallengeStatus): the
 *   challenges as the service holds them, validated (see
 *   plr_store_apply_challenge_statuses()), or %NULL with a
 *   #PlrClientError
 */
GPtrArray *
plr_client_list_challenges_finish (PlrClient     *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Shares                                                               */

/**
 * plr_client_list_shares_async:
 * @self: a #PlrClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the learner's shares with their view counts (`GET v1/shares`),
 * signed in, retried like any GET.
 */
void
plr_client_list_shares_async (PlrClient           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  fetch_list_async (self, "v1/shares", &shares_list, plr_client_list_shares_async,
                    cancellable, callback, user_data);
}

/**
 * plr_client_list_shares_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type PlrShareInfo): the shares as the
 *   service holds them, or %NULL with a #PlrClientError
 */
GPtrArray *
plr_client_list_shares_finish (PlrClient     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_share_created_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  PlrShareInfo *info;
  GError *error = NULL;

  answer = plr_client_send_change_finish (PLR_CLIENT (object), result, NULL, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  root = plr_json_parse (answer, NULL, NULL);
  info = plr_share_info_new_from_json (root, &local_error);
  if (info == NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service’s answer to a share could not be read: %s"),
                               local_error->message);
      return;
    }

  g_task_return_pointer (task, info, (GDestroyNotify) plr_share_info_free);
}

/**
 * plr_client_create_share_async:
 * @self: a #PlrClient
 * @body: the JSON body of `POST v1/shares` (see plr_store_create_share())
 * @idempotency_key: the key stored with the share, the same on every retry
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Creates a share on the service. The app queues shares in the outbox and
 * #PlrSync sends them; this call is for a caller that sends one directly.
 */
void
plr_client_create_share_async (PlrClient           *self,
                               GBytes              *body,
                               const char          *idempotency_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_create_share_async);

  plr_client_send_change_async (self, "POST", "v1/shares", body, idempotency_key, cancellable,
                                on_share_created_cb, g_steal_pointer (&task));
}

/**
 * plr_client_create_share_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the new share with its code, or %NULL with a
 *   #PlrClientError
 */
PlrShareInfo *
plr_client_create_share_finish (PlrClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_share_revoked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) answer = NULL;
  GError *error = NULL;

  answer = plr_client_send_change_finish (PLR_CLIENT (object), result, NULL, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * plr_client_revoke_share_async:
 * @self: a #PlrClient
 * @code: a share code
 * @idempotency_key: a key for the request
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Revokes a share on the service (`DELETE v1/shares/{code}`); revoking it
 * again succeeds too. The app queues revokes with plr_store_revoke_share().
 */
void
plr_client_revoke_share_async (PlrClient           *self,
                               const char          *code,
                               const char          *idempotency_key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (code != NULL && code[0] != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_revoke_share_async);

  escaped = g_uri_escape_string (code, NULL, FALSE);
  path = g_strconcat ("v1/shares/", escaped, NULL);
  plr_client_send_change_async (self, "DELETE", path, NULL, idempotency_key, cancellable,
                                on_share_revoked_cb, g_steal_pointer (&task));
}

/**
 * plr_client_revoke_share_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PLR_CLIENT_ERROR_NOT_FOUND when the learner
 *   has no such share
 */
gboolean
plr_client_revoke_share_finish (PlrClient     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
