/* plr-service-record.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service"

#include "config.h"

#include <string.h>

#include "plr-field.h"
#include "plr-service-private.h"

/* The learner's own reads: the record (learner and paged events, with one
 * ETag for the whole record), the sharing preferences and the access log.
 *
 * Cursors are opaque to clients but plain inside: base64url of
 * "v1:VERSION:OFFSET" for events, so a cursor from an older version of the
 * record is recognised and refused with 409 /problems/record-changed, and
 * "a1:AT:ID" for the access log, a keyset that stays right while new
 * entries arrive at the top. */

#define EVENTS_DEFAULT_LIMIT PLR_PROTOCOL_EVENTS_DEFAULT_LIMIT
#define EVENTS_MAX_LIMIT     PLR_PROTOCOL_EVENTS_MAX_LIMIT
#define LOG_DEFAULT_LIMIT    PLR_PROTOCOL_LOG_DEFAULT_LIMIT
#define LOG_MAX_LIMIT        PLR_PROTOCOL_LOG_MAX_LIMIT

/**
 * _plr_service_format_etag:
 * @info: a record's version
 *
 * Returns: (transfer full): the record's entity tag, quoted
 */
char *
_plr_service_format_etag (const PlrServiceDbRecordInfo *info)
{
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "-%.16s\"", info->version, info->content_hash);
}

/* If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
gboolean
_plr_service_etag_matches (const char *header,
              const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;

  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*"))
        return TRUE;
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

static const char *
query_get (PlrServiceRequest *req,
           const char        *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

static gboolean
read_limit (PlrServiceRequest *req,
            guint              default_limit,
            guint              max_limit,
            guint             *limit)
{
  const char *text = query_get (req, "limit");
  gint64 value;

  *limit = default_limit;
  if (text == NULL)
    return TRUE;

  if (!plr_parse_int (text, strlen (text), 1, max_limit, &value))
    {
      g_autofree char *detail = g_strdup_printf ("limit must be a whole number from 1 to %u",
                                                 max_limit);
      _plr_reply_problem (req->msg, "invalid-request", detail);
      return FALSE;
    }

  *limit = (guint) value;
  return TRUE;
}

static char *
encode_cursor (const char *kind,
               gint64      a,
               gint64      b)
{
  g_autofree char *plain = g_strdup_printf ("%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                            kind, a, b);

  return plr_base64url_encode ((const guint8 *) plain, strlen (plain));
}

static gboolean
decode_cursor (const char *cursor,
               const char *kind,
               gint64     *a,
               gint64     *b)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *plain = NULL;
  g_auto(GStrv) parts = NULL;
  gsize length;
  const char *data;

  /* A cursor is short; anything longer is not one of ours. */
  if (cursor == NULL || *cursor == '\0' || strlen (cursor) > 1024)
    return FALSE;
  bytes = plr_base64url_decode (cursor, -1);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  plain = g_strndup (data, length);
  parts = g_strsplit (plain, ":", -1);

  return g_strv_length (parts) == 3 &&
         g_str_equal (parts[0], kind) &&
         plr_parse_int (parts[1], strlen (parts[1]), 0, G_MAXINT64, a) &&
         plr_parse_int (parts[2], strlen (parts[2]), 0, G_MAXINT32, b);
}

static void
reply_server_error (PlrServiceRequest *req,
                    GError            *error)
{
  g_warning ("Could not answer %s %s: %s", req->method, req->path, error->message);
  _plr_reply_problem (req->msg, "server-error", NULL);
}

/* A gateway's learner whose record the LRS has not given yet. */
static void
reply_no_record (PlrServiceRequest *req)
{
  g_autofree char *detail = NULL;

  if (req->lrs_error != NULL)
    detail = g_strdup_printf ("Your record could not be fetched from the Learning Records "
                              "Service: %s", req->lrs_error->message);
  else
    detail = g_strdup ("Your record has not been fetched from the Learning Records Service "
                       "yet. Try again later.");
  _plr_reply_problem (req->msg, "unavailable", detail);
}

static void
resume_learner (PlrServiceRequest *req,
                gint64             data)
{
  _plr_service_handle_learner (req);
}

/**
 * _plr_service_handle_learner:
 * @req: a GET of /v1/learner
 */
void
_plr_service_handle_learner (PlrServiceRequest *req)
{
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) learner = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *etag = NULL;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

  if (!_plr_service_require_learner (req))
    return;

  /* A gateway's learner: fetch from the LRS first if the record is old. */
  if (_plr_service_lrs_refresh (req, req->learner_id, FALSE, resume_learner, 0))
    return;

  if (_plr_service_fault_apply (req, FALSE))
    return;

  if (!plr_service_db_get_record_info (req->db, req->learner_id, &info, &error))
    {
      if (g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        reply_no_record (req);
      else
        reply_server_error (req, error);
      return;
    }

  etag = _plr_service_format_etag (&info);
  soup_message_headers_replace (headers, "ETag", etag);

  if (_plr_service_etag_matches (soup_message_headers_get_one (request_headers, "If-None-Match"), etag))
    {
      _plr_reply_empty (req->msg, SOUP_STATUS_NOT_MODIFIED);
      return;
    }

  learner = json_from_string (info.learner_json, &error);
  if (learner == NULL)
    {
      reply_server_error (req, error);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "learner");
  json_builder_add_value (builder, g_steal_pointer (&learner));
  _plr_json_builder_add_string_or_null (builder, "incoming_uln", info.incoming_uln);
  _plr_json_builder_add_time (builder, "updated_at", info.updated_at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  /* One entry per fetch: a fetch starts here, and its pages of events are
   * part of it, however many there are. */
  _plr_service_log_own_read (req, "You fetched your record");
  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}

/**
 * _plr_service_handle_events:
 * @req: a GET of /v1/learner/events
 */
void
_plr_service_handle_events (PlrServiceRequest *req)
{
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *etag = NULL;
  GString *body;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  const char *cursor;
  gint64 version = -1;
  gint64 offset = 0;
  guint limit;

  if (!_plr_service_require_learner (req))
    return;

  if (!read_limit (req, EVENTS_DEFAULT_LIMIT, EVENTS_MAX_LIMIT, &limit))
    return;

  cursor = query_get (req, "cursor");
  if (cursor != NULL && !decode_cursor (cursor, "v1", &version, &offset))
    {
      _plr_reply_problem (req->msg, "invalid-request",
                          "cursor must be a next_cursor from an earlier page, unchanged");
      return;
    }

  if (_plr_service_fault_apply (req, TRUE))
    return;

  page = plr_service_db_get_events_page (req->db, req->learner_id, version, (guint) offset,
                                         limit, &info, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_CHANGED))
        {
          g_debug ("A cursor of version %" G_GINT64_FORMAT " arrived after the record changed",
                   version);
          _plr_reply_problem (req->msg, "record-changed",
                              "The record changed while it was being paged: start again from "
                              "the first page.");
        }
      else if (g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        reply_no_record (req);
      else
        reply_server_error (req, error);
      return;
    }

  etag = _plr_service_format_etag (&info);
  soup_message_headers_replace (headers, "ETag", etag);

  if (cursor == NULL &&
      _plr_service_etag_matches (soup_message_headers_get_one (request_headers, "If-None-Match"), etag))
    {
      _plr_reply_empty (req->msg, SOUP_STATUS_NOT_MODIFIED);
      return;
    }

  /* The events are stored as the JSON the core's codec wrote, so a page is
   * put together without parsing them again. */
  body = g_string_sized_new (1024 * (page->len + 1));
  g_string_append (body, "{\"events\":[");
  for (guint i = 0; i < page->len; i++)
    {
      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, g_ptr_array_index (page, i));
    }
  g_string_append_printf (body, "],\"total\":%u,\"next_cursor\":", info.n_events);
  if ((guint64) offset + page->len < info.n_events)
    {
      g_autofree char *next = encode_cursor ("v1", info.version, offset + page->len);
      g_string_append_printf (body, "\"%s\"}", next);
    }
  else
    g_string_append (body, "null}");

  _plr_reply_json_string (req->msg, SOUP_STATUS_OK, g_string_free (body, FALSE));
}

/* ------------------------------------------------------------------------ */
/* Sharing preferences                                                       */

static void
reply_preferences (PlrServiceRequest *req)
{
  g_auto(PlrServiceDbPreferences) preferences = { 0, };
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) learner = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *reference = NULL;
  gint64 ability = -1;

  if (!plr_service_db_get_preferences (req->db, req->learner_id, &preferences, &error) ||
      !plr_service_db_get_record_info (req->db, req->learner_id, &info, &error))
    {
      reply_server_error (req, error);
      return;
    }

  learner = json_from_string (info.learner_json, NULL);
  if (learner != NULL && JSON_NODE_HOLDS_OBJECT (learner) &&
      json_object_has_member (json_node_get_object (learner), "ability_to_share"))
    ability = json_object_get_int_member (json_node_get_object (learner), "ability_to_share");

  reference = g_strdup_printf ("SP-%06" G_GINT64_FORMAT, preferences.reference);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ability_to_share");
  json_builder_add_int_value (builder, ability);
  json_builder_set_member_name (builder, "opted_out");
  json_builder_add_boolean_value (builder, preferences.opted_out);
  _plr_json_builder_add_time (builder, "updated_at", preferences.updated_at);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, reference);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}

static void
put_preferences (PlrServiceRequest *req,
                 JsonObject        *body)
{
  static const char * const members[] = { "opted_out", "method", "note", NULL };
  g_autoptr(GError) error = NULL;
  const char *method = NULL;
  const char *note = NULL;
  gboolean opted_out;

  if (!_plr_json_check_members (body, "", members, &error) ||
      !_plr_json_get_bool (body, "opted_out", TRUE, &opted_out, &error) ||
      !_plr_json_get_string (body, "method", FALSE, 32, &method, &error) ||
      !_plr_json_get_string (body, "note", FALSE, 2000, &note, &error))
    {
      _plr_reply_problem (req->msg, "invalid-request", error->message);
      return;
    }

  if (!plr_service_db_set_preferences (req->db, req->learner_id, opted_out,
                                       method ? method : "app", note, req->now, &error))
    {
      reply_server_error (req, error);
      return;
    }

  g_debug ("Learner %" G_GINT64_FORMAT " changed their sharing preference", req->learner_id);
  reply_preferences (req);
}

/**
 * _plr_service_handle_preferences:
 * @req: a GET or PUT of /v1/sharing-preferences
 */
void
_plr_service_handle_preferences (PlrServiceRequest *req)
{
  if (!_plr_service_require_learner (req))
    return;

  if (g_str_equal (req->method, "PUT"))
    _plr_service_run_idempotent (req, put_preferences);
  else
    reply_preferences (req);
}

/* ------------------------------------------------------------------------ */
/* Access log                                                                */

/**
 * _plr_service_handle_access_log:
 * @req: a GET of /v1/access-log
 */
void
_plr_service_handle_access_log (PlrServiceRequest *req)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *cursor;
  gint64 before_at = 0;
  gint64 before_id = 0;
  guint limit;
  guint shown;

  if (!_plr_service_require_learner (req))
    return;

  if (!read_limit (req, LOG_DEFAULT_LIMIT, LOG_MAX_LIMIT, &limit))
    return;

  cursor = query_get (req, "cursor");
  if (cursor != NULL && !decode_cursor (cursor, "a1", &before_at, &before_id))
    {
      _plr_reply_problem (req->msg, "invalid-request",
                          "cursor must be a next_cursor from an earlier page, unchanged");
      return;
    }

  /* One more than asked for says whether there is a next page. */
  entries = plr_service_db_list_access_log (req->db, req->learner_id, before_at, before_id,
                                            limit + 1, &error);
  if (entries == NULL)
    {
      reply_server_error (req, error);
      return;
    }

  shown = MIN (entries->len, limit);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  for (guint i = 0; i < shown; i++)
    {
      PlrServiceDbLogEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      _plr_json_builder_add_time (builder, "at", entry->at);
      _plr_json_builder_add_string_or_null (builder, "organisation", entry->organisation);
      _plr_json_builder_add_string_or_null (builder, "ukprn", entry->ukprn);
      _plr_json_builder_add_string_or_null (builder, "user", entry->user);
      _plr_json_builder_add_string_or_null (builder, "action", entry->action);
      _plr_json_builder_add_string_or_null (builder, "purpose", entry->purpose);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "next_cursor");
  if (entries->len > limit)
    {
      PlrServiceDbLogEntry *last = g_ptr_array_index (entries, limit - 1);
      g_autofree char *next = encode_cursor ("a1", last->at, last->id);

      json_builder_add_string_value (builder, next);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}
