/* plr-sync.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-sync"

#include "config.h"

#include <string.h>

#include "plr-challenge-request.h"
#include "plr-sync.h"

/* Sends the store's outbox to the service (docs/protocol.md, "Idempotent
 * changes"). Every local change the service must learn was written with
 * its outbox item in one transaction; this drains the queued items in the
 * order they were made, one at a time, each with the Idempotency-Key it
 * was stored with, and records every answer back in the store:
 *
 * - 200, 201 or 204: the item is sent, and the change that owns it learns
 *   the service's answer (for a sharing choice, its reference; for a
 *   share, its code);
 * - 401, 409, 429, 5xx, or no answer at all: the attempt is counted, the
 *   item stays queued with the next attempt after an exponential backoff,
 *   and draining stops there, so that later changes never overtake it;
 * - any other 4xx: the service refused the change for good; the item is
 *   marked failed and draining goes on with the next.
 *
 * Once started, it drains at once, whenever a change is queued, when the
 * network comes back, and when a backoff ends. Only one drain runs at a
 * time: a request during a drain joins it and makes it look once more.
 *
 * A data challenge's item holds its evidence by hash only: its body is
 * completed on a worker thread just before each attempt, from the private
 * copies (plr_challenge_request_expand_body()). A copy that vanished or
 * changed fails the item for good ("evidence-missing"), and the store
 * makes the challenge a draft again.
 *
 * It also follows the challenges the service holds: after a drain, while
 * any is open, and on demand, it fetches their statuses and records them
 * in the store (plr_sync_refresh_challenges_async()). One fetch runs at a
 * time, so an older answer never lands after a newer one; a request during
 * a fetch makes it fetch once more, and waits for that.
 *
 * Shares and their revokes go through the outbox like any change (a
 * DELETE's 204 counts as sent); after a drain that ends well, while the
 * sharing log holds share codes, it fetches the service's list of shares
 * and records their view counts (plr_sync_refresh_shares_async()).
 *
 * Never logged: bodies, answers, error messages. Only ids, counts and
 * short error codes. */

/* A change's answer is a small JSON object; anything bigger is refused. */
#define MAX_ANSWER_BYTES (64 * 1024)

struct _PlrSync
{
  GObject          parent_instance;

  PlrClient       *client;
  PlrStore        *store;
  GNetworkMonitor *monitor;
  GMainContext    *context;

  GPtrArray       *waiters;        /* GTasks of plr_sync_drain_async() */
  GPtrArray       *queue;          /* the PlrOutboxItems of this pass */
  guint            position;
  GCancellable    *cancellable;    /* of the drain under way */
  GSource         *retry_source;

  gulong           network_handler;
  gulong           queued_handler;

  GPtrArray       *refresh_waiters;  /* GTasks of plr_sync_refresh_challenges_async() */
  GCancellable    *refresh_cancellable;
  GStrvBuilder    *refresh_changed;  /* challenges changed by this refresh so far */

  GCancellable    *shares_cancellable;  /* of the share list fetches after drains */

  guint            first_retry_ms;
  guint            max_retry_ms;

  guint            started : 1;
  guint            draining : 1;
  guint            again : 1;
  guint            network_available : 1;
  guint            refreshing : 1;
  guint            refresh_again : 1;
  guint            refreshing_shares : 1;
};

G_DEFINE_FINAL_TYPE (PlrSync, plr_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_STORE,
  PROP_NETWORK_MONITOR,
  PROP_DRAINING,
  N_PROPS
};

enum {
  ITEM_SENT,
  ITEM_FAILED,
  DRAINED,
  CHALLENGES_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void drain_request   (PlrSync *self);
static void send_next       (PlrSync *self);
static void refresh_request (PlrSync *self);
static void refresh_shares_after_drain (PlrSync *self);

/* ------------------------------------------------------------------ */
/* Ending a drain                                                       */

static void
drain_done (PlrSync      *self,
            const GError *error)
{
  g_autoptr(GPtrArray) waiters = NULL;
  gboolean again = self->again && error == NULL;

  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  self->again = FALSE;

  /* Something asked for a drain while this one ran: look once more. */
  if (again)
    {
      drain_request (self);
      return;
    }

  self->draining = FALSE;
  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAINING]);

  if (error == NULL)
    {
      g_debug ("The outbox is drained");
      g_signal_emit (self, signals[DRAINED], 0);
    }
  else
    {
      g_debug ("Stopped draining the outbox (%s %d)",
               g_quark_to_string (error->domain), error->code);
    }

  /* The state is settled first: a callback may start the next drain. */
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  /* Challenges just sent, or still open: learn how they stand. */
  if (error == NULL && plr_store_has_open_service_challenges (self->store))
    refresh_request (self);

  /* Shares just made or revoked, or read by recipients: their counts. */
  if (error == NULL && plr_store_has_service_shares (self->store))
    refresh_shares_after_drain (self);
}

/* ------------------------------------------------------------------ */
/* Backoff                                                              */

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  PlrSync *self = user_data;

  g_clear_pointer (&self->retry_source, g_source_unref);
  g_debug ("Trying the outbox again");
  drain_request (self);

  return G_SOURCE_REMOVE;
}

static void
cancel_retry (PlrSync *self)
{
  if (self->retry_source != NULL)
    {
      g_source_destroy (self->retry_source);
      g_clear_pointer (&self->retry_source, g_source_unref);
    }
}

static void
schedule_retry (PlrSync *self,
                guint    delay_ms)
{
  cancel_retry (self);

  if (!self->started)
    return;

  self->retry_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->retry_source, on_retry_timeout_cb, self, NULL);
  g_source_set_static_name (self->retry_source, "[plr-sync] retry");
  g_source_attach (self->retry_source, self->context);
}

/* A short, non-personal code for what went wrong. */
static char *
describe_failure (guint         status,
                  const GError *error,
                  gboolean     *permanent)
{
  static const struct { int code; const char *name; } names[] = {
    { PLR_CLIENT_ERROR_INSECURE, "insecure" },
    { PLR_CLIENT_ERROR_OFFLINE, "offline" },
    { PLR_CLIENT_ERROR_TIMEOUT, "timeout" },
    { PLR_CLIENT_ERROR_NETWORK, "network" },
    { PLR_CLIENT_ERROR_UNAUTHORIZED, "unauthorized" },
    { PLR_CLIENT_ERROR_FORBIDDEN, "forbidden" },
    { PLR_CLIENT_ERROR_RATE_LIMITED, "rate-limited" },
    { PLR_CLIENT_ERROR_UNAVAILABLE, "unavailable" },
    { PLR_CLIENT_ERROR_SERVER, "server-error" },
    { PLR_CLIENT_ERROR_INVALID_RESPONSE, "invalid-response" },
  };

  /* No answer, or none we kept: the network, the keyring or the sign-in.
   * The change may not have reached the service; try again later. */
  if (status == 0)
    {
      *permanent = FALSE;

      if (error != NULL && error->domain == PLR_CLIENT_ERROR)
        for (guint i = 0; i < G_N_ELEMENTS (names); i++)
          if (names[i].code == error->code)
            return g_strdup (names[i].name);

      return g_strdup ("failed");
    }

  /* A success the client could not read: the service holds the change and
   * would replay the same answer, so trying again cannot help. */
  if (status >= 200 && status < 300)
    {
      *permanent = TRUE;
      return g_strdup ("invalid-response");
    }

  *permanent = status >= 400 && status < 500 &&
               status != 401 && status != 409 && status != 429;

  return g_strdup_printf ("http-%u", status);
}

/* ------------------------------------------------------------------ */
/* Sending                                                              */

static void
item_failed (PlrSync       *self,
             PlrOutboxItem *item,
             const char    *code,
             gboolean       permanent,
             const GError  *cause)
{
  g_autoptr(GError) store_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = NULL;
  gint64 id = plr_outbox_item_get_id (item);
  guint delay_ms = 0;

  if (!permanent)
    {
      gint64 not_before = plr_client_get_retry_not_before (self->client);

      delay_ms = plr_sync_compute_retry_delay (self, plr_outbox_item_get_attempts (item) + 1);
      /* The service's Retry-After, however long, is waited out: the next
       * attempt (which the sharing log shows) is never before it. */
      if (not_before > 0)
        delay_ms = MAX (delay_ms,
                        (guint) MIN ((not_before - g_get_real_time ()) / 1000 + 1, G_MAXUINT32));
      next = g_date_time_add (now, (GTimeSpan) delay_ms * G_TIME_SPAN_MILLISECOND);
    }

  if (!plr_store_mark_outbox_attempt_failed (self->store, id, code, next, permanent,
                                             &store_error))
    {
      g_warning ("Could not record a failed attempt at outbox item %" G_GINT64_FORMAT
                 " (%s %d)", id, g_quark_to_string (store_error->domain), store_error->code);
      drain_done (self, store_error);
      return;
    }

  g_signal_emit (self, signals[ITEM_FAILED], 0, id, code, permanent);

  if (permanent)
    {
      g_debug ("Outbox item %" G_GINT64_FORMAT " failed for good (%s)", id, code);
      self->position++;
      send_next (self);
      return;
    }

  /* Later changes wait behind this one, in order. */
  g_debug ("Outbox item %" G_GINT64_FORMAT " not sent (%s); trying again in %u ms",
           id, code, delay_ms);
  schedule_retry (self, delay_ms);

  if (cause != NULL)
    {
      drain_done (self, cause);
    }
  else
    {
      g_autoptr(GError) error = g_error_new (PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_SERVER, "%s",
                                             code);
      drain_done (self, error);
    }
}

static void
item_answered (PlrSync       *self,
               PlrOutboxItem *item,
               GBytes        *answer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gint64 id = plr_outbox_item_get_id (item);
  gsize length;
  const char *data = g_bytes_get_data (answer, &length);

  if (length == 0 || length > MAX_ANSWER_BYTES || memchr (data, '\0', length) != NULL)
    {
      item_failed (self, item, "invalid-response", TRUE, NULL);
      return;
    }

  json = g_strndup (data, length);
  if (!plr_store_mark_outbox_sent (self->store, id, json, &error))
    {
      if (g_error_matches (error, PLR_STORE_ERROR, PLR_STORE_ERROR_INVALID))
        {
          item_failed (self, item, "invalid-response", TRUE, NULL);
          return;
        }

      /* The store could not take the answer: the item stays queued, and
       * the service replays the same answer next time. */
      g_warning ("Could not record the answer to outbox item %" G_GINT64_FORMAT " (%s %d)",
                 id, g_quark_to_string (error->domain), error->code);
      drain_done (self, error);
      return;
    }

  g_debug ("Sent outbox item %" G_GINT64_FORMAT, id);
  g_signal_emit (self, signals[ITEM_SENT], 0, id);

  self->position++;
  send_next (self);
}

static void
on_change_sent_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlrSync) self = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  PlrOutboxItem *item;
  gboolean permanent = FALSE;
  guint status = 0;

  answer = plr_client_send_change_finish (PLR_CLIENT (object), result, &status, &error);

  g_assert (self->queue != NULL && self->position < self->queue->len);
  item = g_ptr_array_index (self->queue, self->position);

  if (answer != NULL)
    {
      item_answered (self, item, answer);
      return;
    }

  /* Stopped: the item stays as it was, to be sent next time. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      drain_done (self, error);
      return;
    }

  code = describe_failure (status, error, &permanent);
  item_failed (self, item, code, permanent, error);
}

static void
send_item (PlrSync       *self,
           PlrOutboxItem *item,
           GBytes        *body)
{
  g_debug ("Sending outbox item %" G_GINT64_FORMAT " (attempt %u)",
           plr_outbox_item_get_id (item), plr_outbox_item_get_attempts (item) + 1);

  plr_client_send_change_async (self->client,
                                plr_outbox_item_get_method (item),
                                plr_outbox_item_get_path (item),
                                body,
                                plr_outbox_item_get_idempotency_key (item),
                                self->cancellable,
                                on_change_sent_cb,
                                g_object_ref (self));
}

/* A short, non-personal code for why a challenge's body could not be made. */
static const char *
describe_body_failure (const GError *error)
{
  if (g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED))
    return "evidence-missing";
  if (g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_UNREADABLE))
    return "evidence-unreadable";
  if (g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_MANY) ||
      g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_LARGE))
    return "evidence-too-large";

  return "damaged";
}

static void
on_body_expanded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PlrSync) self = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  PlrOutboxItem *item;

  body = plr_challenge_request_expand_body_finish (result, &error);

  g_assert (self->queue != NULL && self->position < self->queue->len);
  item = g_ptr_array_index (self->queue, self->position);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      drain_done (self, error);
      return;
    }

  /* Sending cannot help: what the learner wrote stays, as a draft. */
  if (body == NULL)
    {
      item_failed (self, item, describe_body_failure (error), TRUE, NULL);
      return;
    }

  send_item (self, item, body);
}

static void
send_next (PlrSync *self)
{
  g_autoptr(GBytes) body = NULL;
  PlrOutboxItem *item;

  if (self->position >= self->queue->len)
    {
      drain_done (self, NULL);
      return;
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Draining was stopped");
      drain_done (self, error);
      return;
    }

  item = g_ptr_array_index (self->queue, self->position);

  /* A challenge's evidence is read now, off the main thread. */
  if (g_strcmp0 (plr_outbox_item_get_kind (item), PLR_OUTBOX_KIND_CHALLENGE) == 0)
    {
      g_autofree char *evidence_dir = plr_store_dup_evidence_dir (self->store);

      plr_challenge_request_expand_body_async (plr_outbox_item_get_body (item), evidence_dir,
                                               self->cancellable, on_body_expanded_cb,
                                               g_object_ref (self));
      return;
    }

  body = plr_outbox_item_dup_body_bytes (item);
  send_item (self, item, body);
}

static void
start_pass (PlrSync *self)
{
  g_autoptr(GError) error = NULL;

  self->again = FALSE;
  self->position = 0;
  g_clear_pointer (&self->queue, g_ptr_array_unref);

  self->queue = plr_store_list_outbox (self->store, TRUE, &error);
  if (self->queue == NULL)
    {
      drain_done (self, error);
      return;
    }

  g_debug ("Draining %u outbox items", self->queue->len);
  send_next (self);
}

static void
drain_request (PlrSync *self)
{
  if (self->draining && self->queue != NULL)
    {
      self->again = TRUE;
      return;
    }

  cancel_retry (self);

  if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  if (!self->draining)
    {
      self->draining = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAINING]);
    }

  start_pass (self);
}

/* ------------------------------------------------------------------ */
/* Triggers                                                             */

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       PlrSync         *self)
{
  gboolean came_back = available && !self->network_available;

  self->network_available = available;

  if (came_back)
    {
      g_debug ("The network is back");
      drain_request (self);
    }
}

static gboolean
drain_in_context_cb (gpointer user_data)
{
  PlrSync *self = user_data;

  if (self->started)
    drain_request (self);

  return G_SOURCE_REMOVE;
}

static void
on_outbox_item_queued_cb (PlrStore *store,
                          gint64    id,
                          PlrSync  *self)
{
  /* The store may be written from another thread; drain on ours. */
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, drain_in_context_cb,
                              g_object_ref (self), g_object_unref);
}

/* ------------------------------------------------------------------ */
/* The object                                                           */

static void
plr_sync_constructed (GObject *object)
{
  PlrSync *self = (PlrSync *)object;

  G_OBJECT_CLASS (plr_sync_parent_class)->constructed (object);

  g_assert (PLR_IS_CLIENT (self->client));
  g_assert (PLR_IS_STORE (self->store));

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
}

static void
plr_sync_dispose (GObject *object)
{
  PlrSync *self = (PlrSync *)object;

  plr_sync_stop (self);

  G_OBJECT_CLASS (plr_sync_parent_class)->dispose (object);
}

static void
plr_sync_finalize (GObject *object)
{
  PlrSync *self = (PlrSync *)object;

  g_assert (self->waiters == NULL || self->waiters->len == 0);
  g_assert (self->refresh_waiters == NULL || self->refresh_waiters->len == 0);

  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);
  g_clear_object (&self->refresh_cancellable);
  g_clear_object (&self->shares_cancellable);
  g_clear_pointer (&self->refresh_changed, g_strv_builder_unref);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (plr_sync_parent_class)->finalize (object);
}

static void
plr_sync_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PlrSync *self = PLR_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_DRAINING:
      g_value_set_boolean (value, self->draining);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_sync_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  PlrSync *self = PLR_SYNC (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_sync_class_init (PlrSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = plr_sync_constructed;
  object_class->dispose = plr_sync_dispose;
  object_class->finalize = plr_sync_finalize;
  object_class->get_property = plr_sync_get_property;
  object_class->set_property = plr_sync_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, PLR_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, PLR_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * PlrSync:draining:
   *
   * Whether the outbox is being sent right now.
   */
  properties[PROP_DRAINING] =
    g_param_spec_boolean ("draining", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlrSync::item-sent:
   * @self: the sync
   * @id: the outbox item the service confirmed
   */
  signals[ITEM_SENT] =
    g_signal_new ("item-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * PlrSync::item-failed:
   * @self: the sync
   * @id: the outbox item
   * @error_code: a short code such as "offline" or "http-422"
   * @permanent: %TRUE if the service refused it for good; otherwise it
   *   stays queued and is tried again
   */
  signals[ITEM_FAILED] =
    g_signal_new ("item-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_INT64, G_TYPE_STRING, G_TYPE_BOOLEAN);

  /**
   * PlrSync::drained:
   * @self: the sync
   *
   * Emitted when a drain went through the whole outbox: nothing is left
   * queued that it could send.
   */
  signals[DRAINED] =
    g_signal_new ("drained", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  /**
   * PlrSync::challenges-changed:
   * @self: the sync
   * @uuids: the local ids of the data challenges whose state the service
   *   changed, so that the app can tell the learner
   */
  signals[CHALLENGES_CHANGED] =
    g_signal_new ("challenges-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
plr_sync_init (PlrSync *self)
{
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->context = g_main_context_ref_thread_default ();
  self->first_retry_ms = PLR_SYNC_DEFAULT_FIRST_RETRY_MS;
  self->max_retry_ms = PLR_SYNC_DEFAULT_MAX_RETRY_MS;
}

/**
 * plr_sync_new:
 * @client: the service's client
 * @store: the store whose outbox to send
 * @monitor: (nullable): the network monitor, or %NULL for the default one
 *
 * Creates the sender of @store's outbox. It works on the thread-default
 * main context of the caller. Nothing happens until plr_sync_start() or
 * plr_sync_drain_async().
 *
 * Returns: (transfer full): a new #PlrSync
 */
PlrSync *
plr_sync_new (PlrClient       *client,
              PlrStore        *store,
              GNetworkMonitor *monitor)
{
  g_return_val_if_fail (PLR_IS_CLIENT (client), NULL);
  g_return_val_if_fail (PLR_IS_STORE (store), NULL);
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  return g_object_new (PLR_TYPE_SYNC,
                       "client", client,
                       "store", store,
                       "network-monitor", monitor,
                       NULL);
}

PlrClient *
plr_sync_get_client (PlrSync *self)
{
  g_return_val_if_fail (PLR_IS_SYNC (self), NULL);
  return self->client;
}

PlrStore *
plr_sync_get_store (PlrSync *self)
{
  g_return_val_if_fail (PLR_IS_SYNC (self), NULL);
  return self->store;
}

gboolean
plr_sync_get_draining (PlrSync *self)
{
  g_return_val_if_fail (PLR_IS_SYNC (self), FALSE);
  return self->draining;
}

/**
 * plr_sync_set_retry_delays:
 * @self: a #PlrSync
 * @first_ms: the delay after the first failed attempt, at least 1
 * @max_ms: the longest delay, at least @first_ms
 *
 * Sets the backoff after a failed attempt. The defaults are
 * %PLR_SYNC_DEFAULT_FIRST_RETRY_MS and %PLR_SYNC_DEFAULT_MAX_RETRY_MS.
 */
void
plr_sync_set_retry_delays (PlrSync *self,
                           guint    first_ms,
                           guint    max_ms)
{
  g_return_if_fail (PLR_IS_SYNC (self));
  g_return_if_fail (first_ms >= 1);
  g_return_if_fail (max_ms >= first_ms);

  self->first_retry_ms = first_ms;
  self->max_retry_ms = max_ms;
}

/**
 * plr_sync_compute_retry_delay:
 * @self: a #PlrSync
 * @attempts: the failed attempts so far, at least 1
 *
 * The wait before the next attempt: the first delay doubled for each
 * earlier failure, capped, with the second half of it random so that
 * many clients do not come back at once.
 *
 * Returns: the delay in milliseconds, at most the cap
 */
guint
plr_sync_compute_retry_delay (PlrSync *self,
                              guint    attempts)
{
  guint64 delay;

  g_return_val_if_fail (PLR_IS_SYNC (self), 0);

  delay = (guint64) self->first_retry_ms << MIN (MAX (attempts, 1) - 1, 31u);
  delay = MIN (delay, (guint64) self->max_retry_ms);

  /* Equal jitter: uniform in [delay / 2, delay]. */
  return (guint) (delay - (guint64) g_random_double_range (0, (gdouble) (delay / 2)));
}

/**
 * plr_sync_start:
 * @self: a #PlrSync
 *
 * Drains the outbox now, and from then on whenever a change is queued,
 * when the network comes back and when a backoff ends.
 */
void
plr_sync_start (PlrSync *self)
{
  g_return_if_fail (PLR_IS_SYNC (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->network_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (on_network_changed_cb), self);
  self->queued_handler = g_signal_connect (self->store, "outbox-item-queued",
                                           G_CALLBACK (on_outbox_item_queued_cb), self);

  drain_request (self);
}

/**
 * plr_sync_stop:
 * @self: a #PlrSync
 *
 * Stops draining on its own, and stops the drain under way: the item being
 * sent stays queued as it was, and the pending plr_sync_drain_async() calls
 * end with %G_IO_ERROR_CANCELLED.
 */
void
plr_sync_stop (PlrSync *self)
{
  g_return_if_fail (PLR_IS_SYNC (self));

  self->started = FALSE;
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_signal_handler (&self->queued_handler, self->store);
  cancel_retry (self);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  if (self->refresh_cancellable != NULL)
    g_cancellable_cancel (self->refresh_cancellable);

  if (self->shares_cancellable != NULL)
    g_cancellable_cancel (self->shares_cancellable);
}

/* A drain and a refresh of the challenges are each shared by every caller
 * that asks while one runs; each caller's task waits in a list until it
 * ends. Which list is told by the task's source tag. */
static GPtrArray *
waiters_of (PlrSync *self,
            GTask   *task)
{
  if (g_task_get_source_tag (task) == plr_sync_drain_async)
    return self->waiters;

  g_assert (g_task_get_source_tag (task) == plr_sync_refresh_challenges_async);
  return self->refresh_waiters;
}

static gboolean
on_waiter_cancelled_cb (GCancellable *cancellable,
                        gpointer      user_data)
{
  GTask *task = user_data;
  PlrSync *self = g_task_get_source_object (task);
  GPtrArray *waiters = waiters_of (self, task);
  guint index;

  /* This call stops waiting; the drain or the fetch itself goes on. */
  if (g_ptr_array_find (waiters, task, &index))
    {
      g_autoptr(GTask) owned = g_ptr_array_steal_index (waiters, index);

      g_task_return_error_if_cancelled (owned);
    }

  return G_SOURCE_REMOVE;
}

static void
destroy_source (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

/* Returns FALSE when @task was already cancelled (and has returned). */
static gboolean
add_waiter (PlrSync      *self,
            GTask        *task,
            GCancellable *cancellable)
{
  if (g_task_return_error_if_cancelled (task))
    return FALSE;

  if (cancellable != NULL)
    {
      GSource *source = g_cancellable_source_new (cancellable);

      g_task_attach_source (task, source, G_SOURCE_FUNC (on_waiter_cancelled_cb));
      g_task_set_task_data (task, source, destroy_source);
    }

  g_ptr_array_add (waiters_of (self, task), g_object_ref (task));
  return TRUE;
}

/**
 * plr_sync_drain_async:
 * @self: a #PlrSync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the drain ends
 * @user_data: data for @callback
 *
 * Sends every queued change, in order, one at a time, and records each
 * answer in the store. During a drain, this joins it. Cancelling
 * @cancellable ends this call at once; the drain goes on (see
 * plr_sync_stop()).
 */
void
plr_sync_drain_async (PlrSync             *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_sync_drain_async);

  if (add_waiter (self, task, cancellable))
    drain_request (self);
}

/**
 * plr_sync_drain_finish:
 * @self: a #PlrSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the drain went through the whole outbox (items the
 *   service refused for good are marked failed and reported by
 *   #PlrSync::item-failed); %FALSE with the #PlrClientError or
 *   #PlrStoreError that stopped it, the items from there on still queued
 */
gboolean
plr_sync_drain_finish (PlrSync       *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Following data challenges                                            */

static void
refresh_done (PlrSync      *self,
              const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->refresh_waiters);
  g_auto(GStrv) changed = NULL;

  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->refreshing = FALSE;
  self->refresh_again = FALSE;
  changed = g_strv_builder_end (self->refresh_changed);
  g_clear_pointer (&self->refresh_changed, g_strv_builder_unref);

  if (error != NULL)
    g_debug ("Could not follow the data challenges (%s %d)",
             g_quark_to_string (error->domain), error->code);
  else if (changed[0] != NULL)
    g_signal_emit (self, signals[CHALLENGES_CHANGED], 0, changed);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_strdupv (changed), (GDestroyNotify) g_strfreev);
    }
}

static void refresh_fetch (PlrSync *self);

static void
on_challenges_listed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(PlrSync) self = user_data;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changed = NULL;

  statuses = plr_client_list_challenges_finish (PLR_CLIENT (object), result, &error);
  if (statuses != NULL)
    changed = plr_store_apply_challenge_statuses (self->store, statuses, &error);

  if (changed == NULL)
    {
      refresh_done (self, error);
      return;
    }

  g_strv_builder_addv (self->refresh_changed, (const char **) changed);

  /* Asked for again while this one ran: its answer may predate the ask. */
  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      refresh_fetch (self);
      return;
    }

  refresh_done (self, NULL);
}

static void
refresh_fetch (PlrSync *self)
{
  if (self->refresh_cancellable == NULL || g_cancellable_is_cancelled (self->refresh_cancellable))
    {
      g_clear_object (&self->refresh_cancellable);
      self->refresh_cancellable = g_cancellable_new ();
    }

  plr_client_list_challenges_async (self->client, self->refresh_cancellable,
                                    on_challenges_listed_cb, g_object_ref (self));
}

static void
refresh_request (PlrSync *self)
{
  if (self->refreshing)
    {
      self->refresh_again = TRUE;
      return;
    }

  self->refreshing = TRUE;
  self->refresh_again = FALSE;
  self->refresh_changed = g_strv_builder_new ();
  refresh_fetch (self);
}

/**
 * plr_sync_refresh_challenges_async:
 * @self: a #PlrSync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the status of the learner's data challenges from the service
 * and records it in the store (plr_store_apply_challenge_statuses()). The
 * answer this call gets comes from a fetch started after it was made.
 * Emits #PlrSync::challenges-changed when a challenge's state changed.
 */
void
plr_sync_refresh_challenges_async (PlrSync             *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_sync_refresh_challenges_async);

  if (add_waiter (self, task, cancellable))
    refresh_request (self);
}

/**
 * plr_sync_refresh_challenges_finish:
 * @self: a #PlrSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the local ids of the challenges whose state
 *   changed (empty when none did), or %NULL with a #PlrClientError or
 *   #PlrStoreError
 */
GStrv
plr_sync_refresh_challenges_finish (PlrSync       *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Following shares                                                     */

static void
on_shares_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrSync *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) shares = NULL;
  GError *error = NULL;

  shares = plr_client_list_shares_finish (PLR_CLIENT (object), result, &error);
  if (shares == NULL || !plr_store_apply_share_infos (self->store, shares, &error))
    {
      g_debug ("Could not follow the shares (%s %d)",
               g_quark_to_string (error->domain), error->code);
      g_task_return_error (task, error);
      return;
    }

  g_debug ("The service lists %u shares", shares->len);
  g_task_return_boolean (task, TRUE);
}

/**
 * plr_sync_refresh_shares_async:
 * @self: a #PlrSync
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the learner's shares from the service (`GET v1/shares`) and
 * records their view counts, expiry and revocation in the sharing log
 * (plr_store_apply_share_infos(); the store emits
 * #PlrStore::shares-changed when something changed). A drain that ends
 * well does this by itself while the log holds share codes.
 */
void
plr_sync_refresh_shares_async (PlrSync             *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PLR_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_sync_refresh_shares_async);

  plr_client_list_shares_async (self->client, cancellable, on_shares_listed_cb,
                                g_steal_pointer (&task));
}

/**
 * plr_sync_refresh_shares_finish:
 * @self: a #PlrSync
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success, or %FALSE with a #PlrClientError or
 *   #PlrStoreError
 */
gboolean
plr_sync_refresh_shares_finish (PlrSync       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_shares_refreshed_after_drain_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  PlrSync *self = PLR_SYNC (object);

  self->refreshing_shares = FALSE;
  plr_sync_refresh_shares_finish (self, result, NULL);
}

static void
refresh_shares_after_drain (PlrSync *self)
{
  /* One at a time; the next drain asks again. */
  if (self->refreshing_shares)
    return;

  if (self->shares_cancellable == NULL || g_cancellable_is_cancelled (self->shares_cancellable))
    {
      g_clear_object (&self->shares_cancellable);
      self->shares_cancellable = g_cancellable_new ();
    }

  self->refreshing_shares = TRUE;
  plr_sync_refresh_shares_async (self, self->shares_cancellable,
                                 on_shares_refreshed_after_drain_cb, NULL);
}
