/* plr-service.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "plr-identifiers.h"
#include "plr-sample.h"
#include "plr-service-private.h"

/* The reference PLR service: docs/protocol.md on a SoupServer bound to the
 * loopback interface, with its own SQLite database. The app's demo mode
 * embeds it and the integration tests drive it; `learning-record-service`
 * runs it on its own.
 *
 * Threads: create the service, call plr_service_listen_local(), let it run
 * and drop the last reference on one thread, whose thread-default main
 * context at creation gets every source the service makes; it never
 * touches the global default context. The setters (faults, token
 * lifetime, clock, records, learners) may be called from another thread:
 * the database and the knobs are locked.
 *
 * Nothing personal is logged: debug messages carry counts and row ids. */
struct _PlrService
{
  GObject          parent_instance;

  char            *data_dir;
  PlrServiceDb    *db;
  SoupServer      *server;
  GMainContext    *context;
  GSource         *prune_source;
  GCancellable    *cancellable;
  PlrLrsClient    *lrs_client;      /* --lrs-config, or NULL */
  guint            port;

  /* Messages held by the "hang" fault, and hand-written answers in flight */
  GPtrArray       *held;
  GList           *raw_writers;

  GMutex           mutex;
  PlrServiceFault  fault;
  guint            fault_remaining;
  guint            fault_limited : 1;
  guint            faults_injected;
  guint            access_token_lifetime;
  gint64           clock_offset;
  guint            request_count;
  GHashTable      *request_counts;  /* "METHOD /path" → count */

  /* Write faults (outbox tests), under the mutex; see plr_service_set_write_fault() */
  PlrServiceWriteFault write_fault;
  guint            write_fault_remaining;
  guint            write_faults_injected;

  /* Abuse limits: locked inside */
  PlrServiceLimits *limits;
};

G_DEFINE_FINAL_TYPE (PlrService, plr_service, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-service-error-quark, plr_service_error)

G_DEFINE_ENUM_TYPE (PlrServiceFault, plr_service_fault,
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_NONE, "none"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_SERVER_ERROR, "server-error"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_UNAVAILABLE, "unavailable"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_RATE_LIMITED, "rate-limited"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_HANG, "hang"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_RESET, "reset"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_TRUNCATED, "truncated"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_MALFORMED_JSON, "malformed-json"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_WRONG_TYPES, "wrong-types"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_INVALID_ULN, "invalid-uln"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_OVERSIZED, "oversized"),
  G_DEFINE_ENUM_VALUE (PLR_SERVICE_FAULT_ADDED_MEMBERS, "added-members"))

enum {
  PROP_0,
  PROP_DATA_DIR,
  PROP_PORT,
  PROP_FAULT,
  PROP_ACCESS_TOKEN_LIFETIME,
  N_PROPS
};

enum {
  REQUEST_HANDLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define DATABASE_NAME  "service.db"
#define PRUNE_SECONDS  3600

/* The learner's own client, as the access log names it. */
#define OWN_READ_ACTION "learner-view"

/* ------------------------------------------------------------------------ */
/* Internal API for the handlers                                             */

gint64
_plr_service_now (PlrService *self)
{
  gint64 offset;

  g_mutex_lock (&self->mutex);
  offset = self->clock_offset;
  g_mutex_unlock (&self->mutex);

  return g_get_real_time () / G_USEC_PER_SEC + offset;
}

guint
_plr_service_get_token_lifetime (PlrService *self)
{
  guint lifetime;

  g_mutex_lock (&self->mutex);
  lifetime = self->access_token_lifetime;
  g_mutex_unlock (&self->mutex);

  return lifetime;
}

char *
_plr_service_dup_share_url (PlrService *self,
                            const char *code)
{
  g_autofree char *base = plr_service_dup_base_url (self);

  return g_strconcat (base, "s/", code, NULL);
}

GCancellable *
_plr_service_get_cancellable (PlrService *self)
{
  return self->cancellable;
}

PlrServiceDb *
_plr_service_get_db (PlrService *self)
{
  return self->db;
}

PlrLrsClient *
_plr_service_get_lrs_client (PlrService *self)
{
  return self->lrs_client;
}

void
_plr_service_hold_message (PlrService        *self,
                           SoupServerMessage *msg)
{
  soup_server_message_pause (msg);
  g_ptr_array_add (self->held, g_object_ref (msg));
}

void
_plr_service_add_raw_writer (PlrService *self,
                             gpointer    writer)
{
  self->raw_writers = g_list_prepend (self->raw_writers, writer);
}

void
_plr_service_remove_raw_writer (PlrService *self,
                                gpointer    writer)
{
  self->raw_writers = g_list_remove (self->raw_writers, writer);
}

PlrServiceFault
_plr_service_take_fault (PlrService *self,
                         gboolean    events)
{
  PlrServiceFault fault;

  g_mutex_lock (&self->mutex);
  fault = self->fault;
  /* Events carry no ULN: that fault waits for the learner read. */
  if (fault == PLR_SERVICE_FAULT_INVALID_ULN && events)
    fault = PLR_SERVICE_FAULT_NONE;
  if (fault != PLR_SERVICE_FAULT_NONE)
    {
      self->faults_injected++;
      if (self->fault_limited && --self->fault_remaining == 0)
        self->fault = PLR_SERVICE_FAULT_NONE;
    }
  g_mutex_unlock (&self->mutex);

  return fault;
}

gboolean
_plr_service_require_learner (PlrServiceRequest *req)
{
  return _plr_service_auth_check_bearer (req);
}

void
_plr_service_log_own_read (PlrServiceRequest *req,
                           const char        *purpose)
{
  g_autoptr(GError) error = NULL;

  if (!plr_service_db_log_access (req->db, req->learner_id, req->now,
                                  PLR_SERVICE_OWN_CLIENT_ORGANISATION, NULL, NULL,
                                  OWN_READ_ACTION, purpose, &error))
    g_warning ("Could not write the access log: %s", error->message);
}

/* The limits' clock: monotonic seconds, moved by the test clock offset too
 * so that a test can wait out a back-off without sleeping. */
static double
limits_now (PlrService *self)
{
  gint64 offset;

  g_mutex_lock (&self->mutex);
  offset = self->clock_offset;
  g_mutex_unlock (&self->mutex);

  return (double) g_get_monotonic_time () / G_USEC_PER_SEC + (double) offset;
}

/**
 * _plr_service_client_address:
 * @req: a request
 *
 * Returns: (transfer none): the client's IP address, as the limits key it
 */
const char *
_plr_service_client_address (PlrServiceRequest *req)
{
  const char *host = soup_server_message_get_remote_host (req->msg);

  return host ? host : "unknown";
}

/**
 * _plr_service_reply_rate_limited:
 * @req: a request
 * @retry_after: seconds
 *
 * Answers 429 /problems/rate-limited with Retry-After.
 */
void
_plr_service_reply_rate_limited (PlrServiceRequest *req,
                                 guint              retry_after)
{
  g_autofree char *seconds = g_strdup_printf ("%u", retry_after);
  g_autofree char *detail = g_strdup_printf ("Try again in %u seconds.", retry_after);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Retry-After", seconds);
  _plr_reply_problem (req->msg, "rate-limited", detail);
}

gboolean
_plr_service_limit_check (PlrServiceRequest *req,
                          PlrServiceLimit    limit,
                          const char        *key,
                          guint             *retry_after)
{
  *retry_after = _plr_service_limits_check (req->service->limits, limit, key,
                                            limits_now (req->service));
  if (*retry_after > 0)
    g_debug ("Limit %s reached; Retry-After %u", _plr_service_limit_to_name (limit),
             *retry_after);
  return *retry_after == 0;
}

void
_plr_service_limit_charge (PlrServiceRequest *req,
                           PlrServiceLimit    limit,
                           const char        *key)
{
  _plr_service_limits_charge (req->service->limits, limit, key, limits_now (req->service));
}

void
_plr_service_limit_forget (PlrServiceRequest *req,
                           PlrServiceLimit    limit,
                           const char        *key)
{
  _plr_service_limits_forget (req->service->limits, limit, key);
}

/**
 * _plr_service_limit_take:
 * @req: a request
 * @limit: which limit
 * @key: the client address or account
 *
 * Counts one use of @limit; when it is used up, answers 429
 * /problems/rate-limited with Retry-After instead.
 *
 * Returns: %TRUE if the request may go on
 */
gboolean
_plr_service_limit_take (PlrServiceRequest *req,
                         PlrServiceLimit    limit,
                         const char        *key)
{
  guint retry_after = _plr_service_limits_take (req->service->limits, limit, key,
                                                limits_now (req->service));

  if (retry_after == 0)
    return TRUE;

  g_debug ("Limit %s reached; Retry-After %u", _plr_service_limit_to_name (limit), retry_after);
  _plr_service_reply_rate_limited (req, retry_after);
  return FALSE;
}

/**
 * _plr_service_limit_take_account:
 * @req: an authenticated request
 * @limit: a per-account limit
 *
 * _plr_service_limit_take() for the signed-in learner.
 */
gboolean
_plr_service_limit_take_account (PlrServiceRequest *req,
                                 PlrServiceLimit    limit)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, req->learner_id);

  return _plr_service_limit_take (req, limit, key);
}

static gboolean
idempotency_key_ok (const char *key)
{
  gsize length = key ? strlen (key) : 0;

  if (length == 0 || length > 255)
    return FALSE;

  for (const char *p = key; *p; p++)
    if (*p < 0x21 || *p > 0x7e)
      return FALSE;

  return TRUE;
}

/* A copy of @node with every object's members in byte order of their names. */
static JsonNode *
sorted_copy (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(JsonObject) sorted = json_object_new ();
      g_autoptr(GList) members = g_list_sort (json_object_get_members (object),
                                              (GCompareFunc) strcmp);
      JsonNode *copy = json_node_alloc ();

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (sorted, l->data,
                                sorted_copy (json_object_get_member (object, l->data)));
      return json_node_init_object (copy, sorted);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy_array = json_array_sized_new (json_array_get_length (array));
      JsonNode *copy = json_node_alloc ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy_array, sorted_copy (json_array_get_element (array, i)));
      return json_node_init_array (copy, copy_array);
    }

  return json_node_copy (node);
}

/* The canonical text of a parsed body: sorted members, no spaces, the
 * serialiser's own escapes. */
static char *
canonical_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) sorted = sorted_copy (node);

  return json_to_string (sorted, FALSE);
}

/* Write faults (outbox tests): defined at the end of this file. */
static PlrServiceWriteFault take_write_fault (PlrService        *self);
static void                 drop_connection  (SoupServerMessage *msg);

/**
 * _plr_service_run_idempotent:
 * @req: an authenticated POST or PUT
 * @func: the change
 *
 * Runs a change behind its Idempotency-Key: the first request with a key
 * runs @func and, if it succeeded, its answer is remembered; a repeat with
 * the same body gets that answer again, unchanged and without running
 * @func; a repeat with another body gets 422 /problems/idempotency-conflict.
 */
void
_plr_service_run_idempotent (PlrServiceRequest    *req,
                             PlrServiceChangeFunc  func)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  const char *key = soup_message_headers_get_one (request_headers, "Idempotency-Key");
  g_auto(PlrServiceDbStoredResponse) stored = { 0, };
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *canonical = NULL;
  const char *content_type;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_hash = NULL;
  PlrServiceWriteFault write_fault;
  guint status;

  if (!idempotency_key_ok (key))
    {
      _plr_reply_problem (req->msg, "invalid-request",
                          "Every change needs an Idempotency-Key header of 1 to 255 visible "
                          "ASCII characters.");
      return;
    }

  write_fault = take_write_fault (req->service);
  if (write_fault == PLR_SERVICE_WRITE_FAULT_FAIL_BEFORE_APPLY)
    {
      soup_message_headers_replace (headers, "Retry-After", "1");
      _plr_reply_problem (req->msg, "unavailable", "Try again in 1 second.");
      return;
    }
  if (write_fault == PLR_SERVICE_WRITE_FAULT_RATE_LIMITED_LONG)
    {
      _plr_service_reply_rate_limited (req, 600);
      return;
    }

  content_type = soup_message_headers_get_content_type (request_headers, NULL);
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      _plr_reply_problem (req->msg, "unsupported-media-type",
                          "A change is sent as application/json.");
      return;
    }

  object = _plr_json_read_body (req->msg, &error);
  if (object == NULL)
    {
      _plr_reply_problem (req->msg, "invalid-request", error->message);
      return;
    }

  /* The fingerprint is of the parsed JSON in a canonical form, so the same
   * change serialised another way (spacing, member order, escapes) is the
   * same request. */
  canonical = canonical_json (object);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) req->method, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) req->path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) canonical, -1);
  request_hash = g_strdup (g_checksum_get_string (checksum));

  if (plr_service_db_find_response (req->db, req->learner_id, key, &stored, &error))
    {
      gsize length;
      gconstpointer data;

      if (!_plr_constant_time_equal (stored.request_hash, request_hash))
        {
          _plr_reply_problem (req->msg, "idempotency-conflict",
                              "This Idempotency-Key was used before with a different request.");
          return;
        }

      g_debug ("Replayed the answer to an idempotent %s %s", req->method, req->path);
      data = g_bytes_get_data (stored.body, &length);
      _plr_reply_no_store (req->msg);
      if (stored.location)
        soup_message_headers_replace (headers, "Location", stored.location);
      soup_message_headers_replace (headers, "Idempotent-Replayed", "true");
      soup_server_message_set_status (req->msg, stored.status, NULL);
      soup_server_message_set_response (req->msg, stored.content_type, SOUP_MEMORY_COPY,
                                        data, length);
      if (write_fault == PLR_SERVICE_WRITE_FAULT_DROP_AFTER_APPLY)
        drop_connection (req->msg);
      return;
    }
  if (!g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
    {
      g_warning ("Could not read an idempotency key: %s", error->message);
      _plr_reply_problem (req->msg, "server-error", NULL);
      return;
    }
  g_clear_error (&error);

  func (req, object);

  status = soup_server_message_get_status (req->msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return;

  answer = soup_message_body_flatten (soup_server_message_get_response_body (req->msg));
  if (!plr_service_db_store_response (req->db, req->learner_id, key, request_hash, status,
                                      soup_message_headers_get_content_type (headers, NULL),
                                      soup_message_headers_get_one (headers, "Location"),
                                      answer, req->now, &error))
    g_warning ("Could not remember an idempotent answer: %s", error->message);

  if (write_fault == PLR_SERVICE_WRITE_FAULT_DROP_AFTER_APPLY)
    drop_connection (req->msg);
}

/* ------------------------------------------------------------------------ */
/* Routing                                                                   */

/* HEAD is allowed wherever GET is (RFC 9110 §9.3.2): it is routed as GET
 * and libsoup sends the headers without the body. */
static gboolean
allow (PlrServiceRequest *req,
       const char        *methods)
{
  g_auto(GStrv) list = g_strsplit (methods, ", ", -1);
  g_autofree char *allowed = NULL;

  if (g_strv_contains ((const char * const *) list, req->method))
    return TRUE;

  allowed = g_strv_contains ((const char * const *) list, "GET")
            ? g_strconcat (methods, ", HEAD", NULL) : g_strdup (methods);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Allow", allowed);
  _plr_reply_problem (req->msg, "method-not-allowed", NULL);
  return FALSE;
}

/* The one path segment after @prefix, or NULL. */
static const char *
segment_after (const char *path,
               const char *prefix)
{
  const char *rest;

  if (!g_str_has_prefix (path, prefix))
    return NULL;

  rest = path + strlen (prefix);
  if (*rest == '\0' || strchr (rest, '/') != NULL)
    return NULL;

  return rest;
}

static void
route (PlrServiceRequest *req)
{
  const char *path = req->path;
  const char *segment;

  if (g_str_equal (path, "/"))
    {
      if (allow (req, "GET"))
        _plr_reply_html (req->msg, SOUP_STATUS_OK, _plr_html_index_page ());
    }
  else if (g_str_equal (path, "/.well-known/oauth-authorization-server"))
    {
      if (allow (req, "GET"))
        _plr_service_auth_handle_metadata (req);
    }
  else if (g_str_equal (path, "/v1/"))
    {
      if (allow (req, "GET"))
        _plr_service_handle_discovery (req);
    }
  else if (g_str_equal (path, "/oauth/authorize"))
    {
      if (allow (req, "GET, POST"))
        _plr_service_auth_handle_authorize (req);
    }
  else if (g_str_equal (path, "/oauth/token"))
    {
      if (allow (req, "POST"))
        _plr_service_auth_handle_token (req);
    }
  else if (g_str_equal (path, "/oauth/revoke"))
    {
      if (allow (req, "POST"))
        _plr_service_auth_handle_revoke (req);
    }
  else if (g_str_equal (path, "/.well-known/jwks.json"))
    {
      if (allow (req, "GET"))
        _plr_service_handle_jwks (req);
    }
  else if (g_str_equal (path, "/v1/credential"))
    {
      if (allow (req, "GET"))
        _plr_service_handle_credential (req);
    }
  else if (g_str_equal (path, "/v1/learner"))
    {
      if (allow (req, "GET"))
        _plr_service_handle_learner (req);
    }
  else if (g_str_equal (path, "/v1/learner/events"))
    {
      if (allow (req, "GET"))
        _plr_service_handle_events (req);
    }
  else if (g_str_equal (path, "/v1/shares"))
    {
      if (allow (req, "GET, POST"))
        _plr_service_handle_shares (req);
    }
  else if ((segment = segment_after (path, "/v1/shares/")) != NULL)
    {
      if (allow (req, "GET, DELETE"))
        _plr_service_handle_share (req, segment);
    }
  else if (g_str_equal (path, "/v1/challenges"))
    {
      if (allow (req, "GET, POST"))
        _plr_service_handle_challenges (req);
    }
  else if (g_str_equal (path, "/v1/sharing-preferences"))
    {
      if (allow (req, "GET, PUT"))
        _plr_service_handle_preferences (req);
    }
  else if (g_str_equal (path, "/v1/access-log"))
    {
      if (allow (req, "GET"))
        _plr_service_handle_access_log (req);
    }
  else if ((segment = segment_after (path, "/s/")) != NULL)
    {
      if (allow (req, "GET"))
        _plr_service_handle_share_page (req, segment);
    }
  else if ((segment = segment_after (path, "/problems/")) != NULL &&
           _plr_service_problem_lookup (segment) != NULL)
    {
      if (allow (req, "GET"))
        _plr_reply_html (req->msg, SOUP_STATUS_OK,
                         _plr_html_problem_page (_plr_service_problem_lookup (segment)));
    }
  else if (g_str_has_prefix (path, "/v1/"))
    {
      _plr_reply_problem (req->msg, "not-found", "There is no such resource.");
    }
  else
    {
      _plr_reply_html (req->msg, SOUP_STATUS_NOT_FOUND,
                       _plr_html_message_page ("Page not found",
                                               "There is no page at this address."));
    }
}

static void
count_request (PlrService *self,
               const char *method,
               const char *path)
{
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  guint count;

  g_mutex_lock (&self->mutex);
  self->request_count++;
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key));
  g_hash_table_replace (self->request_counts, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
  g_mutex_unlock (&self->mutex);
}

static void
on_server_request_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  PlrService *self = user_data;
  PlrServiceRequest req = { 0, };

  req.service = self;
  req.db = self->db;
  req.msg = msg;
  req.method = soup_server_message_get_method (msg);
  req.path = path;
  if (g_str_equal (req.method, "HEAD"))
    {
      req.head = TRUE;
      req.method = "GET";
    }
  req.query = query;
  req.now = _plr_service_now (self);

  count_request (self, soup_server_message_get_method (msg), path);

  route (&req);

  g_signal_emit (self, signals[REQUEST_HANDLED], 0,
                 soup_server_message_get_method (msg), path, soup_server_message_get_status (msg));
  g_free (req.client_id);
}

/* Refuses a body over the protocol's cap before reading it, and a body
 * without a length, whose size cannot be known in advance. */
static void
on_server_early_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  PlrService *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  if (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > PLR_SERVICE_MAX_BODY)
    {
      count_request (self, soup_server_message_get_method (msg), path);
      _plr_service_refuse_unread (self, msg, "payload-too-large",
                                  "A request body may hold at most 64 MiB.");
    }
  else if (encoding == SOUP_ENCODING_CHUNKED)
    {
      count_request (self, soup_server_message_get_method (msg), path);
      _plr_service_refuse_unread (self, msg, "length-required",
                                  "Send the body with a Content-Length.");
    }
}

static gboolean
on_prune_cb (gpointer user_data)
{
  PlrService *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!plr_service_db_prune (self->db, _plr_service_now (self), &error))
    g_warning ("Could not prune the service database: %s", error->message);
  _plr_service_limits_prune (self->limits, limits_now (self));

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
plr_service_dispose (GObject *object)
{
  PlrService *self = (PlrService *)object;
  GList *writers = g_steal_pointer (&self->raw_writers);

  g_cancellable_cancel (self->cancellable);

  if (self->prune_source != NULL)
    {
      g_source_destroy (self->prune_source);
      g_clear_pointer (&self->prune_source, g_source_unref);
    }

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  for (GList *l = writers; l != NULL; l = l->next)
    _plr_service_raw_writer_cancel (l->data);

  /* Cancelled writes finish on the service's context: let them, if this
   * thread may, since nobody may run that context again. */
  if (writers != NULL && g_main_context_acquire (self->context))
    {
      for (guint i = 0; i < 100 && g_main_context_iteration (self->context, FALSE); i++)
        ;
      g_main_context_release (self->context);
    }
  g_list_free (writers);

  if (self->held != NULL)
    g_ptr_array_set_size (self->held, 0);

  G_OBJECT_CLASS (plr_service_parent_class)->dispose (object);
}

static void
plr_service_finalize (GObject *object)
{
  PlrService *self = (PlrService *)object;

  g_clear_object (&self->db);
  g_clear_object (&self->lrs_client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->request_counts, g_hash_table_unref);
  g_clear_pointer (&self->limits, _plr_service_limits_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (plr_service_parent_class)->finalize (object);
}

static void
plr_service_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlrService *self = PLR_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      g_value_set_string (value, self->data_dir);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_FAULT:
      g_value_set_enum (value, plr_service_get_fault (self));
      break;

    case PROP_ACCESS_TOKEN_LIFETIME:
      g_value_set_uint (value, plr_service_get_access_token_lifetime (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_service_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlrService *self = PLR_SERVICE (object);

  switch (prop_id)
    {
    case PROP_DATA_DIR:
      self->data_dir = g_value_dup_string (value);
      break;

    case PROP_FAULT:
      plr_service_set_fault (self, g_value_get_enum (value), 0);
      break;

    case PROP_ACCESS_TOKEN_LIFETIME:
      plr_service_set_access_token_lifetime (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_service_class_init (PlrServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plr_service_dispose;
  object_class->finalize = plr_service_finalize;
  object_class->get_property = plr_service_get_property;
  object_class->set_property = plr_service_set_property;

  /**
   * PlrService:data-dir:
   *
   * The folder of the service's database, or %NULL for an in-memory one.
   */
  properties[PROP_DATA_DIR] =
    g_param_spec_string ("data-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PlrService:port:
   *
   * The TCP port on 127.0.0.1, or 0 before plr_service_listen_local().
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PlrService:fault:
   *
   * The fault shown on record reads until cleared; plr_service_set_fault()
   * can limit it to a number of requests.
   */
  properties[PROP_FAULT] =
    g_param_spec_enum ("fault", NULL, NULL,
                       PLR_TYPE_SERVICE_FAULT, PLR_SERVICE_FAULT_NONE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * PlrService:access-token-lifetime:
   *
   * How long new access tokens work, in seconds.
   */
  properties[PROP_ACCESS_TOKEN_LIFETIME] =
    g_param_spec_uint ("access-token-lifetime", NULL, NULL,
                       0, G_MAXINT32, PLR_SERVICE_DEFAULT_ACCESS_TOKEN_LIFETIME,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlrService::request-handled:
   * @self: a #PlrService
   * @method: the request's method
   * @path: the request's path, without the query
   * @status: the answer's status, or 0 if the service is still answering
   *   (a hang or a hand-written fault)
   *
   * Emitted on the service's thread after each request was handled.
   */
  signals[REQUEST_HANDLED] =
    g_signal_new ("request-handled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
}

static void
plr_service_init (PlrService *self)
{
  g_mutex_init (&self->mutex);
  self->access_token_lifetime = PLR_SERVICE_DEFAULT_ACCESS_TOKEN_LIFETIME;
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->held = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
  self->limits = _plr_service_limits_new ();

  self->server = soup_server_new ("server-header", "learning-record-service/" PACKAGE_VERSION " ",
                                  NULL);
  soup_server_add_early_handler (self->server, NULL, on_server_early_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, on_server_request_cb, self, NULL);

  self->prune_source = g_timeout_source_new_seconds (PRUNE_SECONDS);
  g_source_set_callback (self->prune_source, on_prune_cb, self, NULL);
  g_source_attach (self->prune_source, self->context);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

/**
 * plr_service_fault_from_nick:
 * @nick: a fault's name as docs/protocol.md writes it ("server-error")
 * @fault: (out): the fault
 *
 * Returns: %TRUE if @nick names a fault
 */
gboolean
plr_service_fault_from_nick (const char      *nick,
                             PlrServiceFault *fault)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PLR_TYPE_SERVICE_FAULT);
  GEnumValue *value;

  g_return_val_if_fail (fault != NULL, FALSE);

  if (nick == NULL)
    return FALSE;

  value = g_enum_get_value_by_nick (klass, nick);
  if (value == NULL)
    return FALSE;

  *fault = value->value;
  return TRUE;
}

/**
 * plr_service_fault_to_nick:
 * @fault: a fault
 *
 * Returns: (transfer none): its name as docs/protocol.md writes it
 */
const char *
plr_service_fault_to_nick (PlrServiceFault fault)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (PLR_TYPE_SERVICE_FAULT);
  GEnumValue *value = g_enum_get_value (klass, fault);

  return value ? value->value_nick : "none";
}

static gboolean
make_private_dir (const char  *dir,
                  GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_PERMISSION,
                   "Could not create a private folder for the service's data: %s",
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_service_new:
 * @data_dir: (nullable): a folder for the service's database, created 0700
 *   (the file inside is 0600), or %NULL to keep everything in memory
 * @error: return location for a #GError
 *
 * Creates a service with no learners, not yet listening. Every source it
 * makes belongs to the calling thread's thread-default main context.
 *
 * Returns: (transfer full): the service, or %NULL with @error set
 */
PlrService *
plr_service_new (const char  *data_dir,
                 GError     **error)
{
  g_autoptr(PlrService) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;

  if (data_dir != NULL)
    {
      if (!make_private_dir (data_dir, error))
        return NULL;
      path = g_build_filename (data_dir, DATABASE_NAME, NULL);
    }

  self = g_object_new (PLR_TYPE_SERVICE, "data-dir", data_dir, NULL);
  self->db = plr_service_db_new (path, &local_error);
  if (self->db == NULL)
    {
      g_set_error (error, PLR_SERVICE_ERROR,
                   g_error_matches (local_error, PLR_SERVICE_DB_ERROR,
                                    PLR_SERVICE_DB_ERROR_PERMISSION)
                     ? PLR_SERVICE_ERROR_PERMISSION : PLR_SERVICE_ERROR_FAILED,
                   "Could not open the service database: %s", local_error->message);
      return NULL;
    }

  if (!_plr_service_credential_init (self, data_dir, error))
    return NULL;

  on_prune_cb (self);

  return g_steal_pointer (&self);
}

/**
 * plr_service_get_data_dir:
 * @self: a #PlrService
 *
 * Returns: (nullable): the folder of the database, or %NULL if in memory
 */
const char *
plr_service_get_data_dir (PlrService *self)
{
  g_return_val_if_fail (PLR_IS_SERVICE (self), NULL);

  return self->data_dir;
}

/**
 * plr_service_listen_local:
 * @self: a #PlrService
 * @port: a TCP port, or 0 to let the system pick one
 * @error: return location for a #GError
 *
 * Starts answering on 127.0.0.1 only (never on other interfaces), on the
 * calling thread's thread-default main context.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_listen_local (PlrService  *self,
                          guint        port,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GSList *uris;

  g_return_val_if_fail (PLR_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  if (!soup_server_listen_local (self->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                 &local_error))
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_LISTEN,
                   "Could not listen on 127.0.0.1 port %u: %s", port, local_error->message);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_debug ("Listening on port %u", self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);

  return TRUE;
}

/**
 * plr_service_get_port:
 * @self: a #PlrService
 *
 * Returns: the port on 127.0.0.1, or 0 if not listening
 */
guint
plr_service_get_port (PlrService *self)
{
  g_return_val_if_fail (PLR_IS_SERVICE (self), 0);

  return self->port;
}

/**
 * plr_service_dup_base_url:
 * @self: a #PlrService
 *
 * Returns: (transfer full): the base URL, "http://127.0.0.1:PORT/"
 */
char *
plr_service_dup_base_url (PlrService *self)
{
  g_return_val_if_fail (PLR_IS_SERVICE (self), NULL);

  return g_strdup_printf ("http://127.0.0.1:%u/", self->port);
}

static gboolean
username_ok (const char *username)
{
  gsize length = username ? strlen (username) : 0;

  if (length == 0 || length > 64 || !g_utf8_validate (username, -1, NULL))
    return FALSE;

  for (const char *p = username; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  return TRUE;
}

/**
 * plr_service_add_learner:
 * @self: a #PlrService
 * @username: the learner's sign-in name
 * @password: the learner's password (stored salted and hashed)
 * @record: the learner's record; the service keeps a copy
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %PLR_SERVICE_ERROR_EXISTS if @username is taken
 */
gboolean
plr_service_add_learner (PlrService  *self,
                         const char  *username,
                         const char  *password,
                         PlrRecord   *record,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  gint64 id = 0;

  g_return_val_if_fail (PLR_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  if (!username_ok (username) || password == NULL || *password == '\0')
    {
      g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "A learner needs a username of 1 to 64 characters and a password");
      return FALSE;
    }

  if (!plr_uln_validate (plr_learner_get_uln (plr_record_get_learner (record)), &local_error))
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                   "The record's learner has no valid ULN: %s", local_error->message);
      return FALSE;
    }

  /* A yescrypt hash holds its own salt: the salt column stays empty. */
  hash = _plr_service_auth_hash_password (password);

  if (!plr_service_db_add_learner (self->db, username, "", hash, record,
                                   _plr_service_now (self), &id, &local_error))
    {
      if (g_error_matches (local_error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_EXISTS))
        g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_EXISTS,
                             "There is already a learner with this username");
      else
        g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                     "Could not add the learner: %s", local_error->message);
      return FALSE;
    }

  g_debug ("Added learner %" G_GINT64_FORMAT " with %u learning events",
           id, plr_record_get_n_events (record));
  return TRUE;
}

/**
 * plr_service_add_lrs_learner:
 * @self: a #PlrService
 * @username: the learner's sign-in name
 * @password: the learner's password (stored as a yescrypt hash)
 * @account: the learner's ULN and the demographics the LRS matches them by
 * @error: return location for a #GError
 *
 * Adds a learner whose record the service fetches from the LRS (see
 * plr_service_set_lrs_client()). They have no record until the first fetch.
 *
 * Returns: %TRUE on success; %PLR_SERVICE_ERROR_EXISTS if @username is taken
 */
gboolean
plr_service_add_lrs_learner (PlrService        *self,
                             const char        *username,
                             const char        *password,
                             const PlrLrsQuery *account,
                             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  PlrServiceDbLrsAccount row = { 0, };
  gint64 id = 0;

  g_return_val_if_fail (PLR_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (!username_ok (username) || password == NULL || *password == '\0')
    {
      g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "A learner needs a username of 1 to 64 characters and a password");
      return FALSE;
    }

  hash = _plr_service_auth_hash_password (password);

  row.uln = account->uln;
  row.given_name = account->given_name;
  row.family_name = account->family_name;
  row.date_of_birth = account->date_of_birth;
  row.gender = account->gender;

  if (!plr_service_db_add_lrs_learner (self->db, username, hash, &row,
                                       _plr_service_now (self), &id, &local_error))
    {
      if (g_error_matches (local_error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_EXISTS))
        g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_EXISTS,
                             "There is already a learner with this username");
      else
        g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                     "Could not add the learner: %s", local_error->message);
      return FALSE;
    }

  g_debug ("Added learner %" G_GINT64_FORMAT ", whose record comes from the LRS", id);
  return TRUE;
}

/**
 * plr_service_set_lrs_client:
 * @self: a #PlrService
 * @client: (nullable): the LRS to fetch records from, or %NULL for none
 *
 * Makes the service a gateway: learners added with
 * plr_service_add_lrs_learner() get their record fetched from the LRS when
 * they sign in and when it is older than the client's max-age. Call it on
 * the service's thread, before it listens; the client's session belongs
 * to that thread.
 */
void
plr_service_set_lrs_client (PlrService   *self,
                            PlrLrsClient *client)
{
  g_return_if_fail (PLR_IS_SERVICE (self));
  g_return_if_fail (client == NULL || PLR_IS_LRS_CLIENT (client));

  g_set_object (&self->lrs_client, client);
}

static gboolean
find_learner (PlrService  *self,
              const char  *username,
              gint64      *id,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (username != NULL &&
      plr_service_db_find_learner (self->db, username, id, NULL, NULL, &local_error))
    return TRUE;

  if (local_error == NULL ||
      g_error_matches (local_error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
    g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_NOT_FOUND,
                         "There is no learner with this username");
  else
    g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                 "Could not find the learner: %s", local_error->message);
  return FALSE;
}

/**
 * plr_service_set_record:
 * @self: a #PlrService
 * @username: the learner's sign-in name
 * @record: the new record; the service keeps a copy
 * @error: return location for a #GError
 *
 * Replaces a learner's record. The record gets a new version, so a new
 * ETag, and cursors into the old version answer 409 record-changed.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_set_record (PlrService  *self,
                        const char  *username,
                        PlrRecord   *record,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id;

  g_return_val_if_fail (PLR_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (PLR_IS_RECORD (record), FALSE);

  if (!find_learner (self, username, &id, error))
    return FALSE;

  if (!plr_uln_validate (plr_learner_get_uln (plr_record_get_learner (record)), &local_error))
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                   "The record's learner has no valid ULN: %s", local_error->message);
      return FALSE;
    }

  if (!plr_service_db_set_record (self->db, id, record, _plr_service_now (self), &local_error))
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                   "Could not replace the record: %s", local_error->message);
      return FALSE;
    }

  g_debug ("Replaced the record of learner %" G_GINT64_FORMAT, id);
  return TRUE;
}

typedef struct
{
  PlrServiceDb            *db;
  gint64                   learner_id;
  PlrRecord              **record;
  PlrServiceDbRecordInfo  *info;
} LoadRecord;

static gboolean
load_record_in_transaction (gpointer   user_data,
                            GError   **error)
{
  LoadRecord *load = user_data;

  *load->record = plr_service_db_load_record (load->db, load->learner_id, error);

  return *load->record != NULL &&
         plr_service_db_get_record_info (load->db, load->learner_id, load->info, error);
}

/**
 * plr_service_dup_record:
 * @self: a #PlrService
 * @username: the learner's sign-in name
 * @error: return location for a #GError
 *
 * Reads a learner's current record as the service holds it, with its
 * ETag.
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_service_dup_record (PlrService  *self,
                        const char  *username,
                        GError     **error)
{
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autofree char *etag = NULL;
  gint64 id;

  g_return_val_if_fail (PLR_IS_SERVICE (self), NULL);

  if (!find_learner (self, username, &id, error))
    return NULL;

  /* One transaction, so that the record and its ETag are of one version. */
  if (!plr_service_db_transaction (self->db, load_record_in_transaction,
                                   &(LoadRecord) { self->db, id, &record, &info },
                                   &local_error))
    goto failed;

  etag = _plr_service_format_etag (&info);
  plr_record_set_etag (record, etag);
  return g_steal_pointer (&record);

failed:
  g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
               "Could not read the record: %s", local_error->message);
  return NULL;
}

typedef struct
{
  const char *at;
  const char *organisation;
  const char *ukprn;
  const char *user;
  const char *purpose;
} DemoRead;

/* Reads by organisations, as the LRS's ViewAudit would show them. The
 * names are of real kinds of body; the staff ids are made up. */
static const DemoRead demo_reads[] = {
  { "2025-08-21T06:02:51Z", "WJEC/CBAC", "10046632", "results-service",
    "Awarding a qualification" },
  { "2025-09-03T10:14:22Z", "Coleg Gwent", "10001548", "enrolment-0231", "Enrolment check" },
  { "2026-03-12T14:40:09Z", "Careers Wales", NULL, "adviser-117",
    "Careers guidance appointment" },
  { "2026-10-07T09:05:33Z", "Coleg Gwent", "10001548", "staff-4412",
    "Learning agreement review" },
};

static gboolean
seed_learner (PlrService  *self,
              const char  *username,
              PlrRecord   *record,
              GError     **error)
{
  gint64 id;

  if (plr_service_db_find_learner (self->db, username, NULL, NULL, NULL, NULL))
    return TRUE;

  if (!plr_service_add_learner (self, username, "demo", record, error) ||
      !find_learner (self, username, &id, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_reads); i++)
    {
      const DemoRead *read = &demo_reads[i];
      g_autoptr(GError) local_error = NULL;
      gint64 at = 0;

      if (!_plr_parse_time (read->at, &at))
        g_assert_not_reached ();

      if (!plr_service_db_log_access (self->db, id, at, read->organisation, read->ukprn,
                                      read->user, OWN_READ_ACTION, read->purpose,
                                      &local_error))
        {
          g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                       "Could not seed the access log: %s", local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * plr_service_seed_demo:
 * @self: a #PlrService
 * @error: return location for a #GError
 *
 * Adds the demo learners, all with the password "demo": "demo" with
 * plr_sample_demo(), and "sian" and "ciaran" with other generated records,
 * each with an access log of a few reads by organisations at fixed dates.
 * Learners that exist already are left as they are.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_seed_demo (PlrService  *self,
                       GError     **error)
{
  g_autoptr(PlrRecord) demo = NULL;
  g_autoptr(PlrRecord) sian = NULL;
  g_autoptr(PlrRecord) ciaran = NULL;

  g_return_val_if_fail (PLR_IS_SERVICE (self), FALSE);

  demo = plr_sample_demo ();
  sian = plr_sample_generate (1871, 40);
  ciaran = plr_sample_generate (2209, 65);

  return seed_learner (self, "demo", demo, error) &&
         seed_learner (self, "sian", sian, error) &&
         seed_learner (self, "ciaran", ciaran, error);
}

/**
 * plr_service_resolve_challenge:
 * @self: a #PlrService
 * @challenge_id: the challenge's id ("ch_...")
 * @accept: %TRUE to accept it, %FALSE to reject it
 * @note: (nullable): a note for the learner, shown in the challenge's history
 * @error: return location for a #GError
 *
 * The operator's decision on a data challenge. An accepted challenge's
 * proposed value is applied to the record (or a "not-mine" or "duplicate"
 * event removed), giving the record a new version and ETag.
 *
 * Returns: %TRUE on success; %PLR_SERVICE_ERROR_NOT_FOUND or
 *   %PLR_SERVICE_ERROR_CONFLICT if it was already resolved
 */
gboolean
plr_service_resolve_challenge (PlrService  *self,
                               const char  *challenge_id,
                               gboolean     accept,
                               const char  *note,
                               GError     **error)
{
  g_autoptr(PlrServiceDbChallenge) challenge = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (PLR_IS_SERVICE (self), FALSE);
  g_return_val_if_fail (challenge_id != NULL, FALSE);

  challenge = plr_service_db_get_challenge (self->db, challenge_id, &local_error);
  if (challenge == NULL)
    {
      if (g_error_matches (local_error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_NOT_FOUND,
                     "There is no challenge %s", challenge_id);
      else
        g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                     "Could not read the challenge: %s", local_error->message);
      return FALSE;
    }

  if (g_str_equal (challenge->status, "accepted") || g_str_equal (challenge->status, "rejected"))
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_CONFLICT,
                   "The challenge %s was already %s", challenge_id, challenge->status);
      return FALSE;
    }

  if (!_plr_service_apply_challenge (self->db, challenge, accept, note,
                                     _plr_service_now (self), &local_error))
    {
      if (local_error->domain == PLR_SERVICE_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                     "Could not resolve the challenge: %s", local_error->message);
      return FALSE;
    }

  g_debug ("Challenge %s %s", challenge_id, accept ? "accepted" : "rejected");
  return TRUE;
}

/**
 * plr_service_set_fault:
 * @self: a #PlrService
 * @fault: the fault to show on record reads, or %PLR_SERVICE_FAULT_NONE
 * @count: how many record reads show it, or 0 for all until cleared
 *
 * Makes the service misbehave on GET /v1/learner and GET
 * /v1/learner/events, as docs/protocol.md describes. The invalid-uln
 * fault shows only on GET /v1/learner: events carry no ULN.
 */
void
plr_service_set_fault (PlrService      *self,
                       PlrServiceFault  fault,
                       guint            count)
{
  g_return_if_fail (PLR_IS_SERVICE (self));
  g_return_if_fail (fault <= PLR_SERVICE_FAULT_ADDED_MEMBERS);

  g_mutex_lock (&self->mutex);
  self->fault = fault;
  self->fault_remaining = count;
  self->fault_limited = count > 0;
  g_mutex_unlock (&self->mutex);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAULT]);
}

/**
 * plr_service_get_fault:
 * @self: a #PlrService
 *
 * Returns: the fault still to be shown, or %PLR_SERVICE_FAULT_NONE
 */
PlrServiceFault
plr_service_get_fault (PlrService *self)
{
  PlrServiceFault fault;

  g_return_val_if_fail (PLR_IS_SERVICE (self), PLR_SERVICE_FAULT_NONE);

  g_mutex_lock (&self->mutex);
  fault = self->fault;
  g_mutex_unlock (&self->mutex);

  return fault;
}

/**
 * plr_service_get_faults_injected:
 * @self: a #PlrService
 *
 * Returns: how many requests were answered with a fault
 */
guint
plr_service_get_faults_injected (PlrService *self)
{
  guint count;

  g_return_val_if_fail (PLR_IS_SERVICE (self), 0);

  g_mutex_lock (&self->mutex);
  count = self->faults_injected;
  g_mutex_unlock (&self->mutex);

  return count;
}

/**
 * plr_service_set_access_token_lifetime:
 * @self: a #PlrService
 * @seconds: how long access tokens issued from now on work; 0 makes them
 *   expire at once, to test refreshing
 */
void
plr_service_set_access_token_lifetime (PlrService *self,
                                       guint       seconds)
{
  g_return_if_fail (PLR_IS_SERVICE (self));

  g_mutex_lock (&self->mutex);
  self->access_token_lifetime = seconds;
  g_mutex_unlock (&self->mutex);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_TOKEN_LIFETIME]);
}

/**
 * plr_service_get_access_token_lifetime:
 * @self: a #PlrService
 *
 * Returns: the lifetime of new access tokens, in seconds
 */
guint
plr_service_get_access_token_lifetime (PlrService *self)
{
  g_return_val_if_fail (PLR_IS_SERVICE (self), 0);

  return _plr_service_get_token_lifetime (self);
}

/**
 * plr_service_revoke_tokens:
 * @self: a #PlrService
 * @username: a learner's sign-in name
 *
 * Ends every sign-in of the learner, as if an administrator did: their
 * access and refresh tokens stop working.
 */
void
plr_service_revoke_tokens (PlrService *self,
                           const char *username)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_return_if_fail (PLR_IS_SERVICE (self));
  g_return_if_fail (username != NULL);

  if (!find_learner (self, username, &id, &error) ||
      !plr_service_db_revoke_learner_tokens (self->db, id, &error))
    {
      g_debug ("Could not revoke tokens: %s", error->message);
      return;
    }

  g_debug ("Revoked every token of learner %" G_GINT64_FORMAT, id);
}

/**
 * plr_service_set_clock_offset:
 * @self: a #PlrService
 * @seconds: how far the service's clock is ahead of the system's
 *
 * Moves the service's clock, for tests of expiry (share codes, tokens,
 * authorization codes). Times it writes move too.
 */
void
plr_service_set_clock_offset (PlrService *self,
                              gint64      seconds)
{
  g_return_if_fail (PLR_IS_SERVICE (self));

  g_mutex_lock (&self->mutex);
  self->clock_offset = seconds;
  g_mutex_unlock (&self->mutex);
}

/**
 * plr_service_limit_from_name:
 * @name: a limit's name as docs/protocol.md writes it ("sign-in-account")
 * @limit: (out): the limit
 *
 * Returns: %TRUE if @name names a limit
 */
gboolean
plr_service_limit_from_name (const char      *name,
                             PlrServiceLimit *limit)
{
  return _plr_service_limit_from_name (name, limit);
}

const char *
plr_service_limit_to_name (PlrServiceLimit limit)
{
  return _plr_service_limit_to_name (limit);
}

/**
 * plr_service_set_limit:
 * @self: a #PlrService
 * @limit: which limit
 * @burst: uses allowed at once (for the sign-in back-off: failures before it starts)
 * @seconds: one use drains every this many seconds (for the back-off: its first lock)
 *
 * Configures one abuse limit and forgets what it counted so far.
 */
void
plr_service_set_limit (PlrService      *self,
                       PlrServiceLimit  limit,
                       guint            burst,
                       guint            seconds)
{
  PlrServiceLimitRule rule = { burst, seconds };

  g_return_if_fail (PLR_IS_SERVICE (self));
  g_return_if_fail (limit < PLR_SERVICE_N_LIMITS);
  g_return_if_fail (burst > 0 && seconds > 0);

  _plr_service_limits_set_rule (self->limits, limit, &rule);
}

void
plr_service_get_limit (PlrService      *self,
                       PlrServiceLimit  limit,
                       guint           *burst,
                       guint           *seconds)
{
  PlrServiceLimitRule rule;

  g_return_if_fail (PLR_IS_SERVICE (self));
  g_return_if_fail (limit < PLR_SERVICE_N_LIMITS);

  _plr_service_limits_get_rule (self->limits, limit, &rule);
  *burst = rule.burst;
  *seconds = rule.seconds;
}

/**
 * plr_service_set_limits_enabled_for_tests:
 * @self: a #PlrService
 * @enabled: whether the abuse limits apply
 *
 * The limits are on in every service; only a test that measures something
 * else (a benchmark, a thousand sign-ins) turns them off.
 */
void
plr_service_set_limits_enabled_for_tests (PlrService *self,
                                          gboolean    enabled)
{
  g_return_if_fail (PLR_IS_SERVICE (self));

  _plr_service_limits_set_enabled (self->limits, enabled);
}

/**
 * plr_service_get_request_count:
 * @self: a #PlrService
 *
 * Returns: how many requests the service has received
 */
guint
plr_service_get_request_count (PlrService *self)
{
  guint count;

  g_return_val_if_fail (PLR_IS_SERVICE (self), 0);

  g_mutex_lock (&self->mutex);
  count = self->request_count;
  g_mutex_unlock (&self->mutex);

  return count;
}

/**
 * plr_service_count_requests:
 * @self: a #PlrService
 * @method: (nullable): a method ("GET"), or %NULL for any
 * @path: (nullable): a path without the query ("/v1/learner"), or %NULL for any
 *
 * Returns: how many requests the service has received with that method and path
 */
guint
plr_service_count_requests (PlrService *self,
                            const char *method,
                            const char *path)
{
  GHashTableIter iter;
  gpointer key, value;
  guint count = 0;

  g_return_val_if_fail (PLR_IS_SERVICE (self), 0);

  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->request_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *space = strchr (key, ' ');
      gsize method_length = (gsize) (space - (const char *) key);

      if (method != NULL &&
          (strlen (method) != method_length || strncmp (key, method, method_length) != 0))
        continue;
      if (path != NULL && !g_str_equal (space + 1, path))
        continue;
      count += GPOINTER_TO_UINT (value);
    }
  g_mutex_unlock (&self->mutex);

  return count;
}

/**
 * plr_service_count_stored_responses:
 * @self: a #PlrService
 *
 * Returns: how many answers to Idempotency-Key requests the service remembers
 */
guint
plr_service_count_stored_responses (PlrService *self)
{
  g_return_val_if_fail (PLR_IS_SERVICE (self), 0);

  return plr_service_db_count_responses (self->db);
}

/* ------------------------------------------------------------------------ */
/* Write faults (for the outbox tests)                                       */

static PlrServiceWriteFault
take_write_fault (PlrService *self)
{
  PlrServiceWriteFault fault;

  g_mutex_lock (&self->mutex);
  fault = self->write_fault;
  if (fault != PLR_SERVICE_WRITE_FAULT_NONE)
    {
      self->write_faults_injected++;
      if (self->write_fault_remaining > 0 && --self->write_fault_remaining == 0)
        self->write_fault = PLR_SERVICE_WRITE_FAULT_NONE;
    }
  g_mutex_unlock (&self->mutex);

  return fault;
}

/* Closes the connection without a word, as a network that lost the answer. */
static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GSocket) socket = g_object_ref (soup_server_message_get_socket (msg));
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_debug ("Dropping the connection instead of answering (write fault)");
  g_io_stream_close (stream, NULL, NULL);
  g_socket_close (socket, NULL);
}

/**
 * plr_service_set_write_fault:
 * @self: a #PlrService
 * @fault: the fault to show on changes made behind an Idempotency-Key
 * @count: how many such requests show it, or 0 for all until cleared
 *
 * %PLR_SERVICE_WRITE_FAULT_FAIL_BEFORE_APPLY answers 503 with
 * `Retry-After: 1` and applies nothing; %PLR_SERVICE_WRITE_FAULT_DROP_AFTER_APPLY
 * applies the change (or replays its remembered answer) and remembers the
 * answer as usual, then closes the connection without sending it.
 */
void
plr_service_set_write_fault (PlrService           *self,
                             PlrServiceWriteFault  fault,
                             guint                 count)
{
  g_return_if_fail (PLR_IS_SERVICE (self));
  g_return_if_fail (fault <= PLR_SERVICE_WRITE_FAULT_RATE_LIMITED_LONG);

  g_mutex_lock (&self->mutex);
  self->write_fault = fault;
  self->write_fault_remaining = fault == PLR_SERVICE_WRITE_FAULT_NONE ? 0 : count;
  g_mutex_unlock (&self->mutex);
}

/**
 * plr_service_get_write_faults_injected:
 * @self: a #PlrService
 *
 * Returns: how many requests showed a write fault
 */
guint
plr_service_get_write_faults_injected (PlrService *self)
{
  guint count;

  g_return_val_if_fail (PLR_IS_SERVICE (self), 0);

  g_mutex_lock (&self->mutex);
  count = self->write_faults_injected;
  g_mutex_unlock (&self->mutex);

  return count;
}
