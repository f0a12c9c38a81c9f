/* plr-service-faults.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service"

#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "plr-service-private.h"

/* Fault injection on record reads, for the client's tests: each fault is
 * the wire behaviour docs/protocol.md names.
 *
 * Status faults and bad bodies go through libsoup as usual. The faults that
 * break HTTP itself take the connection away from libsoup and write the
 * bytes by hand: "reset" sends part of a body then a TCP reset (SO_LINGER
 * 0), "truncated" promises more in Content-Length than it sends then
 * closes, and "oversized" streams a 70,000,000-byte body in 64 KiB writes
 * without ever holding it, stopping as soon as the client goes away.
 * "hang" pauses the message and never resumes it; the service lets go of
 * it when disposed. */

#define OVERSIZED_LENGTH G_GUINT64_CONSTANT (70000000)
#define FILLER_CHUNK     (64 * 1024)

static const char learner_body[] =
  "{\"learner\":{\"uln\":\"9276308686\",\"given_name\":\"Si\xc3\xa2n\","
  "\"family_name\":\"\xc3\x93 S\xc3\xbailleabh\xc3\xa1in\",\"date_of_birth\":\"2006-03-14\"},"
  "\"incoming_uln\":null,\"updated_at\":\"2026-11-02T09:30:00Z\"}";

static const char events_body[] =
  "{\"events\":[{\"id\":4100001,\"subject\":\"GCSE in English Language\","
  "\"qualification_type\":\"GCSE\",\"grade\":\"7\",\"credits\":0,"
  "\"achievement_award_date\":\"2022-08-25\",\"under_data_challenge\":false}],"
  "\"total\":1,\"next_cursor\":null}";

/* The valid bodies above with a member a later protocol version might add
 * at every level: the answer, the learner, an event, the page. */
static const char added_members_learner_body[] =
  "{\"learner\":{\"uln\":\"9276308686\",\"given_name\":\"Si\xc3\xa2n\","
  "\"family_name\":\"\xc3\x93 S\xc3\xbailleabh\xc3\xa1in\",\"date_of_birth\":\"2006-03-14\","
  "\"x_future_pronouns\":\"FUTURE-VALUE-LEARNER\"},"
  "\"incoming_uln\":null,\"updated_at\":\"2026-11-02T09:30:00Z\","
  "\"x_future_links\":{\"self\":\"FUTURE-VALUE-TOP\"}}";

static const char added_members_events_body[] =
  "{\"events\":[{\"id\":4100001,\"subject\":\"GCSE in English Language\","
  "\"qualification_type\":\"GCSE\",\"grade\":\"7\",\"credits\":0,"
  "\"achievement_award_date\":\"2022-08-25\",\"under_data_challenge\":false,"
  "\"x_future_level\":[\"FUTURE-VALUE-EVENT\"]}],"
  "\"total\":1,\"next_cursor\":null,\"x_future_page\":42}";

static const char malformed_learner_body[] =
  "{\"learner\": {\"uln\": \"9276308686\", \"given_name\": \"Si\xc3\xa2n\" "
  "\"family_name\": ]], \"updated_at\": ";

static const char malformed_events_body[] =
  "{\"events\": [{\"id\": 4100001, \"subject\": \"GCSE in English Language\",, ";

static const char wrong_types_learner_body[] =
  "{\"learner\":{\"uln\":9276308686,\"given_name\":[\"Si\xc3\xa2n\"],\"gender\":\"female\","
  "\"ability_to_share\":true,\"linked_ulns\":\"1000000043\"},"
  "\"incoming_uln\":0,\"updated_at\":1794000000}";

static const char wrong_types_events_body[] =
  "{\"events\":[{\"id\":\"4100001\",\"subject\":42,\"credits\":\"ten\","
  "\"achievement_award_date\":20220825,\"under_data_challenge\":\"N\"}],"
  "\"total\":\"1\",\"next_cursor\":false}";

static const char invalid_uln_learner_body[] =
  "{\"learner\":{\"uln\":\"1000000042\",\"given_name\":\"Si\xc3\xa2n\","
  "\"family_name\":\"\xc3\x93 S\xc3\xbailleabh\xc3\xa1in\"},"
  "\"incoming_uln\":null,\"updated_at\":\"2026-11-02T09:30:00Z\"}";

static const char oversized_learner_prefix[] =
  "{\"learner\":{\"uln\":\"9276308686\",\"given_name\":\"Si\xc3\xa2n\",\"family_name\":\"";
static const char oversized_learner_suffix[] =
  "\"},\"incoming_uln\":null,\"updated_at\":\"2026-11-02T09:30:00Z\"}";
static const char oversized_events_prefix[] =
  "{\"events\":[{\"id\":4100001,\"subject\":\"";
static const char oversized_events_suffix[] =
  "\"}],\"total\":1,\"next_cursor\":null}";

/* ------------------------------------------------------------------------ */
/* Writing by hand on a stolen connection                                    */

typedef enum
{
  RAW_END_CLOSE,   /* a normal close: FIN */
  RAW_END_RESET,   /* SO_LINGER 0 then close: RST */
} RawEnd;

typedef struct
{
  PlrService   *service;       /* not owned; NULL once the service is gone */
  GMainContext *context;
  GIOStream    *stream;
  GSocket      *socket;
  GCancellable *cancellable;
  GBytes       *prefix;
  guint64       filler_left;
  GBytes       *suffix;
  GSource      *delay;
  RawEnd        end;
  guint8        phase;
} RawWriter;

static guint8 filler[FILLER_CHUNK];

static void raw_writer_next (RawWriter *writer);

static void
raw_writer_finish (RawWriter *writer)
{
  if (writer->end == RAW_END_RESET)
    {
      struct linger linger = { 1, 0 };

      setsockopt (g_socket_get_fd (writer->socket), SOL_SOCKET, SO_LINGER,
                  &linger, sizeof linger);
    }

  g_io_stream_close (writer->stream, NULL, NULL);
  g_socket_close (writer->socket, NULL);

  if (writer->service != NULL)
    _plr_service_remove_raw_writer (writer->service, writer);

  if (writer->delay != NULL)
    {
      g_source_destroy (writer->delay);
      g_source_unref (writer->delay);
    }
  g_clear_object (&writer->stream);
  g_clear_object (&writer->socket);
  g_clear_object (&writer->cancellable);
  g_clear_pointer (&writer->prefix, g_bytes_unref);
  g_clear_pointer (&writer->suffix, g_bytes_unref);
  g_clear_pointer (&writer->context, g_main_context_unref);
  g_free (writer);
}

static void
on_raw_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RawWriter *writer = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      /* The client went away, as a client that refuses a body should. */
      g_debug ("Stopped a faulty answer: %s", error->message);
      raw_writer_finish (writer);
      return;
    }

  raw_writer_next (writer);
}

static gboolean
on_raw_delay_cb (gpointer user_data)
{
  RawWriter *writer = user_data;

  g_clear_pointer (&writer->delay, g_source_unref);
  raw_writer_finish (writer);

  return G_SOURCE_REMOVE;
}

static void
raw_writer_write (RawWriter     *writer,
                  gconstpointer  data,
                  gsize          length)
{
  GOutputStream *output = g_io_stream_get_output_stream (writer->stream);

  g_output_stream_write_all_async (output, data, length, G_PRIORITY_DEFAULT,
                                   writer->cancellable, on_raw_write_cb, writer);
}

static void
raw_writer_next (RawWriter *writer)
{
  switch (writer->phase)
    {
    case 0:
      writer->phase = 1;
      raw_writer_write (writer, g_bytes_get_data (writer->prefix, NULL),
                        g_bytes_get_size (writer->prefix));
      return;

    case 1:
      if (writer->filler_left > 0)
        {
          gsize n = (gsize) MIN (writer->filler_left, (guint64) FILLER_CHUNK);

          writer->filler_left -= n;
          raw_writer_write (writer, filler, n);
          return;
        }
      writer->phase = 2;
      if (writer->suffix != NULL)
        {
          raw_writer_write (writer, g_bytes_get_data (writer->suffix, NULL),
                            g_bytes_get_size (writer->suffix));
          return;
        }
      G_GNUC_FALLTHROUGH;

    default:
      /* Give the client a moment to read what was sent before the reset,
       * so that it fails in the body, not before the headers. */
      if (writer->end == RAW_END_RESET && writer->phase == 2)
        {
          writer->phase = 3;
          writer->delay = g_timeout_source_new (100);
          g_source_set_callback (writer->delay, on_raw_delay_cb, writer, NULL);
          g_source_attach (writer->delay, writer->context);
          return;
        }
      raw_writer_finish (writer);
      return;
    }
}

/**
 * _plr_service_raw_writer_cancel:
 * @writer: a raw writer of this file
 *
 * Called by the service as it goes away: stops the writer, which frees
 * itself the next time the main context runs.
 */
void
_plr_service_raw_writer_cancel (gpointer writer_pointer)
{
  RawWriter *writer = writer_pointer;

  writer->service = NULL;
  writer->end = RAW_END_CLOSE;
  g_cancellable_cancel (writer->cancellable);

  if (writer->delay != NULL)
    {
      g_source_destroy (writer->delay);
      g_clear_pointer (&writer->delay, g_source_unref);
      raw_writer_finish (writer);
    }
}

static void
start_raw_writer (PlrService        *service,
                  SoupServerMessage *msg,
                  GString           *prefix,
                  guint64            filler_length,
                  const char        *suffix,
                  RawEnd             end)
{
  RawWriter *writer = g_new0 (RawWriter, 1);

  writer->service = service;
  writer->context = g_main_context_ref_thread_default ();
  writer->socket = g_object_ref (soup_server_message_get_socket (msg));
  writer->stream = soup_server_message_steal_connection (msg);
  writer->cancellable = g_cancellable_new ();
  writer->prefix = g_string_free_to_bytes (prefix);
  writer->filler_left = filler_length;
  writer->suffix = suffix ? g_bytes_new_static (suffix, strlen (suffix)) : NULL;
  writer->end = end;

  if (filler[0] != ' ')
    memset (filler, ' ', sizeof filler);

  _plr_service_add_raw_writer (service, writer);
  raw_writer_next (writer);
}

static void
start_raw_answer (PlrServiceRequest *req,
                  const char        *etag,
                  guint64            content_length,
                  const char        *body_start,
                  gsize              body_start_length,
                  guint64            filler_length,
                  const char        *suffix,
                  RawEnd             end)
{
  GString *prefix = g_string_new (NULL);

  g_string_append_printf (prefix,
                          "HTTP/1.1 200 OK\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %" G_GUINT64_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n",
                          content_length);
  if (etag != NULL)
    g_string_append_printf (prefix, "ETag: %s\r\n", etag);
  g_string_append (prefix, "Connection: close\r\n\r\n");
  g_string_append_len (prefix, body_start, (gssize) body_start_length);

  start_raw_writer (req->service, req->msg, prefix, filler_length, suffix, end);
}

/**
 * _plr_service_refuse_unread:
 * @service: the service
 * @msg: a request whose headers arrived but whose body was not read
 * @name: the problem type of docs/protocol.md ("payload-too-large")
 * @detail: what to do
 *
 * Answers without reading the body, then closes the connection. libsoup
 * would read a whole body before answering, whatever an early handler
 * says, so the answer is written by hand.
 */
void
_plr_service_refuse_unread (PlrService        *service,
                            SoupServerMessage *msg,
                            const char        *name,
                            const char        *detail)
{
  const PlrServiceProblem *problem = _plr_service_problem_lookup (name);
  guint status = problem->status;
  const char *reason = problem->title;
  g_autofree char *type = g_strconcat ("/problems/", name, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  GString *prefix = g_string_new (NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);

  g_string_append_printf (prefix,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/problem+json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "Cache-Control: no-store\r\n"
                          "Connection: close\r\n\r\n%s",
                          status, reason, strlen (body), body);

  start_raw_writer (service, msg, prefix, 0, NULL, RAW_END_CLOSE);
}

/* ------------------------------------------------------------------------ */
/* Faults                                                                    */

static void
reply_body (PlrServiceRequest *req,
            const char        *etag,
            const char        *body)
{
  if (etag)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                  "ETag", etag);
  _plr_reply_no_store (req->msg);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_STATIC,
                                    body, strlen (body));
}

/**
 * _plr_service_fault_apply:
 * @req: an authenticated record read
 * @events: %TRUE for GET /v1/learner/events, %FALSE for GET /v1/learner
 *
 * Takes the fault the service is set to show, if any, and answers with it.
 *
 * Returns: %TRUE if a fault answered the request
 */
gboolean
_plr_service_fault_apply (PlrServiceRequest *req,
                          gboolean           events)
{
  PlrServiceFault fault = _plr_service_take_fault (req->service, events);
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autofree char *etag = NULL;
  const char *body = events ? events_body : learner_body;
  gsize length = strlen (body);

  if (fault == PLR_SERVICE_FAULT_NONE)
    return FALSE;

  g_debug ("Answering %s %s with the fault %s", req->method, req->path,
           plr_service_fault_to_nick (fault));

  if (plr_service_db_get_record_info (req->db, req->learner_id, &info, NULL))
    etag = _plr_service_format_etag (&info);

  switch (fault)
    {
    case PLR_SERVICE_FAULT_SERVER_ERROR:
      _plr_reply_problem (req->msg, "server-error", "A fault was injected for testing.");
      break;

    case PLR_SERVICE_FAULT_UNAVAILABLE:
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", "1");
      _plr_reply_problem (req->msg, "unavailable", "Try again in 1 second.");
      break;

    case PLR_SERVICE_FAULT_RATE_LIMITED:
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", "1");
      _plr_reply_problem (req->msg, "rate-limited", "Try again in 1 second.");
      break;

    case PLR_SERVICE_FAULT_HANG:
      _plr_service_hold_message (req->service, req->msg);
      break;

    case PLR_SERVICE_FAULT_RESET:
      start_raw_answer (req, etag, length, body, length / 2, 0, NULL, RAW_END_RESET);
      break;

    case PLR_SERVICE_FAULT_TRUNCATED:
      start_raw_answer (req, etag, length, body, length / 2, 0, NULL, RAW_END_CLOSE);
      break;

    case PLR_SERVICE_FAULT_MALFORMED_JSON:
      reply_body (req, etag, events ? malformed_events_body : malformed_learner_body);
      break;

    case PLR_SERVICE_FAULT_WRONG_TYPES:
      reply_body (req, etag, events ? wrong_types_events_body : wrong_types_learner_body);
      break;

    case PLR_SERVICE_FAULT_INVALID_ULN:
      reply_body (req, etag, invalid_uln_learner_body);
      break;

    case PLR_SERVICE_FAULT_ADDED_MEMBERS:
      reply_body (req, etag, events ? added_members_events_body : added_members_learner_body);
      break;

    case PLR_SERVICE_FAULT_OVERSIZED:
      {
        const char *prefix = events ? oversized_events_prefix : oversized_learner_prefix;
        const char *suffix = events ? oversized_events_suffix : oversized_learner_suffix;
        gsize fixed = strlen (prefix) + strlen (suffix);

        start_raw_answer (req, etag, OVERSIZED_LENGTH, prefix, strlen (prefix),
                          OVERSIZED_LENGTH - fixed, suffix, RAW_END_CLOSE);
      }
      break;

    case PLR_SERVICE_FAULT_NONE:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}
