/* plr-service-shares.c
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

/* Shares: a configured view the learner chose, served to a recipient by a
 * share code. The view arrives already filtered by the client and is
 * stored as given; the service never adds to it. An expired or revoked
 * share answers 410 with a problem document that holds nothing of the
 * record. */

#define MAX_VIEW_BYTES PLR_PROTOCOL_SHARE_MAX_VIEW_BYTES
/* Every share ends: a month unless the learner chose, at most a year (the
 * app offers a week, a month, three months and a year). */
#define DEFAULT_SHARE_SECONDS PLR_PROTOCOL_SHARE_DEFAULT_SECONDS
#define MAX_SHARE_SECONDS     PLR_PROTOCOL_SHARE_MAX_SECONDS

/* How the access log names a reader of a share link: whoever holds the
 * link, who may or may not be the organisation it was made for. */
#define SHARE_READER_FORMAT "Someone with the share link for %s"

static void
add_share_members (JsonBuilder             *builder,
                   PlrServiceRequest       *req,
                   const PlrServiceDbShare *share)
{
  g_autofree char *url = _plr_service_dup_share_url (req->service, share->code);

  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, share->code);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  _plr_json_builder_add_string_or_null (builder, "recipient", share->recipient);
  _plr_json_builder_add_string_or_null (builder, "purpose", share->purpose);
  _plr_json_builder_add_time (builder, "created_at", share->created_at);
  _plr_json_builder_add_time (builder, "expires_at", share->expires_at);
  json_builder_set_member_name (builder, "revoked");
  json_builder_add_boolean_value (builder, share->revoked_at != 0);
  json_builder_set_member_name (builder, "views");
  json_builder_add_int_value (builder, share->views);
}

/* The view's learner and events hold only members of the record format. */
static gboolean
check_view_fields (JsonObject  *view,
                   GError     **error)
{
  JsonNode *node;

  node = json_object_get_member (view, "learner");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                       "view.learner: expected an object");
          return FALSE;
        }
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          int field = plr_learner_field_from_name (member);

          if (field < 0 || !g_str_equal (plr_learner_field_info (field)->json_name, member))
            {
              g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "view.learner.%s: unknown field", member);
              return FALSE;
            }
        }
    }

  node = json_object_get_member (view, "events");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *events;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                       "view.events: expected an array");
          return FALSE;
        }
      events = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonNode *event = json_array_get_element (events, i);
          JsonObjectIter iter;
          const char *member;
          JsonNode *value;

          if (!JSON_NODE_HOLDS_OBJECT (event))
            {
              g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "view.events[%u]: expected an object", i);
              return FALSE;
            }
          json_object_iter_init (&iter, json_node_get_object (event));
          while (json_object_iter_next (&iter, &member, &value))
            {
              int field = plr_event_field_from_name (member);

              if (field < 0 || !g_str_equal (plr_event_field_info (field)->json_name, member))
                {
                  g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                               "view.events[%u].%s: unknown field", i, member);
                  return FALSE;
                }
              if (!JSON_NODE_HOLDS_VALUE (value) && !JSON_NODE_HOLDS_NULL (value))
                {
                  g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                               "view.events[%u].%s: expected a value", i, member);
                  return FALSE;
                }
            }
        }
    }

  return TRUE;
}

static void
create_share (PlrServiceRequest *req,
              JsonObject        *body)
{
  static const char * const members[] = {
    "recipient", "purpose", "expires_at", "view", NULL
  };
  static const char * const view_members[] = {
    "title", "learner", "events", "as_of", NULL
  };
  g_autoptr(PlrServiceDbShare) share = g_new0 (PlrServiceDbShare, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *location = NULL;
  const char *recipient, *purpose, *expires_text, *title, *as_of;
  JsonNode *view;
  gint64 expires_at = 0;

  /* Counted only for a new change: a retry with its key is replayed. */
  if (!_plr_service_limit_take_account (req, PLR_SERVICE_LIMIT_SHARE_CREATE))
    return;

  if (!_plr_json_check_members (body, "", members, &error) ||
      !_plr_json_get_string (body, "recipient", TRUE, PLR_PROTOCOL_SHARE_MAX_TEXT_CHARS, &recipient, &error) ||
      !_plr_json_get_string (body, "purpose", FALSE, PLR_PROTOCOL_SHARE_MAX_TEXT_CHARS, &purpose, &error) ||
      !_plr_json_get_string (body, "expires_at", FALSE, 64, &expires_text, &error))
    goto invalid;

  if (expires_text != NULL)
    {
      if (!_plr_parse_time (expires_text, &expires_at))
        {
          g_set_error (&error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                       "expires_at: expected a time in ISO 8601 with a time zone");
          goto invalid;
        }
      if (expires_at <= req->now || expires_at - req->now > MAX_SHARE_SECONDS)
        {
          g_set_error (&error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                       "expires_at: must be in the future and at most 366 days ahead");
          goto invalid;
        }
    }
  else
    expires_at = req->now + DEFAULT_SHARE_SECONDS;

  view = json_object_get_member (body, "view");
  if (view == NULL || !JSON_NODE_HOLDS_OBJECT (view))
    {
      g_set_error (&error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                   "view: required, an object");
      goto invalid;
    }
  if (!_plr_json_check_members (json_node_get_object (view), "view", view_members, &error) ||
      !_plr_json_get_string (json_node_get_object (view), "title", FALSE,
                             PLR_PROTOCOL_SHARE_MAX_TEXT_CHARS, &title, &error) ||
      !_plr_json_get_string (json_node_get_object (view), "as_of", FALSE, 64, &as_of, &error) ||
      !check_view_fields (json_node_get_object (view), &error))
    goto invalid;

  share->view_json = json_to_string (view, FALSE);
  if (strlen (share->view_json) > MAX_VIEW_BYTES)
    {
      g_set_error (&error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                   "view: larger than 4 MiB");
      goto invalid;
    }

  share->learner_id = req->learner_id;
  share->recipient = g_strdup (recipient);
  share->purpose = g_strdup (purpose);
  share->created_at = req->now;
  share->expires_at = expires_at;

  /* 60 random bits: a collision is all but impossible, but cheap to survive. */
  for (guint attempt = 0; ; attempt++)
    {
      g_clear_error (&error);
      g_free (share->code);
      share->code = _plr_share_code_new ();
      if (plr_service_db_add_share (req->db, share, &error))
        break;
      if (attempt == 4 ||
          !g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_EXISTS))
        {
          g_warning ("Could not store a share: %s", error->message);
          _plr_reply_problem (req->msg, "server-error", NULL);
          return;
        }
    }

  g_debug ("Learner %" G_GINT64_FORMAT " created a share", req->learner_id);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_share_members (builder, req, share);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  location = g_strconcat ("/v1/shares/", share->code, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Location", location);
  _plr_reply_json (req->msg, SOUP_STATUS_CREATED, root);
  return;

invalid:
  _plr_reply_problem (req->msg, "invalid-request", error->message);
}

static void
list_shares (PlrServiceRequest *req)
{
  g_autoptr(GPtrArray) shares = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  shares = plr_service_db_list_shares (req->db, req->learner_id, &error);
  if (shares == NULL)
    {
      g_warning ("Could not list shares: %s", error->message);
      _plr_reply_problem (req->msg, "server-error", NULL);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "shares");
  json_builder_begin_array (builder);
  for (guint i = 0; i < shares->len; i++)
    {
      json_builder_begin_object (builder);
      add_share_members (builder, req, g_ptr_array_index (shares, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}

/**
 * _plr_service_handle_shares:
 * @req: a GET or POST of /v1/shares
 */
void
_plr_service_handle_shares (PlrServiceRequest *req)
{
  if (!_plr_service_require_learner (req))
    return;

  if (g_str_equal (req->method, "POST"))
    _plr_service_run_idempotent (req, create_share);
  else
    list_shares (req);
}

typedef enum
{
  SHARE_OK,
  SHARE_NOT_FOUND,
  SHARE_EXPIRED,
  SHARE_REVOKED,
  SHARE_LIMITED,
  SHARE_FAILED,
} ShareState;

/* Finds a share for a recipient, counts the read and logs it.
 *
 * Guessing codes costs the guesser: every unknown code counts against the
 * client address, and past its limit the address gets 429 for every code,
 * so the learner's share keeps working for everyone else. The learner's
 * own read (with their access token) is neither counted nor logged as a
 * recipient's. */
static ShareState
open_share (PlrServiceRequest  *req,
            const char         *code_text,
            PlrServiceDbShare **out,
            guint              *retry_after)
{
  const char *address = _plr_service_client_address (req);
  g_autofree char *code = NULL;
  g_autoptr(PlrServiceDbShare) share = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reader = NULL;
  gint64 own_learner;

  if (!_plr_service_limit_check (req, PLR_SERVICE_LIMIT_SHARE_MISS_ADDRESS, address,
                                 retry_after) ||
      !_plr_service_limit_check (req, PLR_SERVICE_LIMIT_SHARE_READ_ADDRESS, address,
                                 retry_after))
    return SHARE_LIMITED;
  _plr_service_limit_charge (req, PLR_SERVICE_LIMIT_SHARE_READ_ADDRESS, address);

  code = _plr_share_code_normalize (code_text);
  if (code == NULL)
    {
      _plr_service_limit_charge (req, PLR_SERVICE_LIMIT_SHARE_MISS_ADDRESS, address);
      return SHARE_NOT_FOUND;
    }

  share = plr_service_db_get_share (req->db, code, &error);
  if (share == NULL)
    {
      if (g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        {
          _plr_service_limit_charge (req, PLR_SERVICE_LIMIT_SHARE_MISS_ADDRESS, address);
          return SHARE_NOT_FOUND;
        }
      g_warning ("Could not read a share: %s", error->message);
      return SHARE_FAILED;
    }

  if (share->revoked_at != 0)
    return SHARE_REVOKED;
  if (share->expires_at != 0 && req->now >= share->expires_at)
    return SHARE_EXPIRED;

  /* A HEAD shows nothing of the view: a link checker, not a reader. */
  own_learner = _plr_service_auth_peek_bearer (req);
  if (own_learner == share->learner_id || req->head)
    {
      g_debug ("Learner %" G_GINT64_FORMAT " read their own share", share->learner_id);
      *out = g_steal_pointer (&share);
      return SHARE_OK;
    }

  reader = g_strdup_printf (SHARE_READER_FORMAT, share->recipient);
  if (!plr_service_db_count_share_view (req->db, share->code, &error) ||
      !plr_service_db_log_access (req->db, share->learner_id, req->now, reader, NULL,
                                  NULL, "share-view", share->purpose, &error))
    {
      g_warning ("Could not log a share view: %s", error->message);
      return SHARE_FAILED;
    }

  g_debug ("A recipient read a share of learner %" G_GINT64_FORMAT, share->learner_id);
  *out = g_steal_pointer (&share);
  return SHARE_OK;
}

/* A recipient's answer is for the people it was given to: never for a
 * search engine, and never named to the next site by its address, which
 * holds the code. */
static void
add_recipient_headers (PlrServiceRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

  soup_message_headers_replace (headers, "X-Robots-Tag", "noindex, nofollow");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
}

static void
recipient_read (PlrServiceRequest *req,
                const char        *code)
{
  g_autoptr(PlrServiceDbShare) share = NULL;
  g_autoptr(JsonNode) view = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint retry_after = 0;

  add_recipient_headers (req);
  switch (open_share (req, code, &share, &retry_after))
    {
    case SHARE_OK:
      break;
    case SHARE_LIMITED:
      _plr_service_reply_rate_limited (req, retry_after);
      return;
    case SHARE_NOT_FOUND:
      _plr_reply_problem (req->msg, "not-found", "There is no share with this code.");
      return;
    case SHARE_EXPIRED:
      _plr_reply_problem (req->msg, "share-expired", "This share code has expired.");
      return;
    case SHARE_REVOKED:
      _plr_reply_problem (req->msg, "share-revoked", "The learner has withdrawn this share.");
      return;
    case SHARE_FAILED:
    default:
      _plr_reply_problem (req->msg, "server-error", NULL);
      return;
    }

  view = json_from_string (share->view_json, NULL);
  if (view == NULL)
    {
      _plr_reply_problem (req->msg, "server-error", NULL);
      return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "view");
  json_builder_add_value (builder, g_steal_pointer (&view));
  _plr_json_builder_add_string_or_null (builder, "recipient", share->recipient);
  _plr_json_builder_add_string_or_null (builder, "purpose", share->purpose);
  _plr_json_builder_add_time (builder, "expires_at", share->expires_at);
  _plr_json_builder_add_time (builder, "created_at", share->created_at);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  _plr_reply_json (req->msg, SOUP_STATUS_OK, root);
}

static void
revoke_share (PlrServiceRequest *req,
              const char        *code_text)
{
  g_autofree char *code = _plr_share_code_normalize (code_text);
  g_autoptr(GError) error = NULL;

  if (!_plr_service_require_learner (req))
    return;

  if (code == NULL ||
      !plr_service_db_revoke_share (req->db, req->learner_id, code, req->now, &error))
    {
      if (error != NULL &&
          !g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        {
          g_warning ("Could not revoke a share: %s", error->message);
          _plr_reply_problem (req->msg, "server-error", NULL);
          return;
        }
      _plr_reply_problem (req->msg, "not-found", "You have no share with this code.");
      return;
    }

  g_debug ("Learner %" G_GINT64_FORMAT " revoked a share", req->learner_id);
  _plr_reply_empty (req->msg, SOUP_STATUS_NO_CONTENT);
}

/**
 * _plr_service_handle_share:
 * @req: a GET (by a recipient, without authentication) or a DELETE (by
 *   the learner) of /v1/shares/{code}
 * @code: the code from the path
 */
void
_plr_service_handle_share (PlrServiceRequest *req,
                           const char        *code)
{
  if (g_str_equal (req->method, "DELETE"))
    revoke_share (req, code);
  else
    recipient_read (req, code);
}

/**
 * _plr_service_handle_share_page:
 * @req: a GET of /s/{code}
 * @code: the code from the path
 *
 * The recipient's read as a page for people.
 */
void
_plr_service_handle_share_page (PlrServiceRequest *req,
                                const char        *code)
{
  g_autoptr(PlrServiceDbShare) share = NULL;
  g_autoptr(JsonNode) view = NULL;
  g_autofree char *seconds = NULL;
  guint retry_after = 0;

  add_recipient_headers (req);
  switch (open_share (req, code, &share, &retry_after))
    {
    case SHARE_OK:
      break;
    case SHARE_LIMITED:
      seconds = g_strdup_printf ("%u", retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                    "Retry-After", seconds);
      _plr_reply_html (req->msg, PLR_HTTP_TOO_MANY_REQUESTS,
                       _plr_html_message_page ("Too many requests",
                                               "This computer asked for too many share codes "
                                               "that do not exist. Wait a few minutes, then "
                                               "try the code you were given again."));
      return;
    case SHARE_NOT_FOUND:
      _plr_reply_html (req->msg, SOUP_STATUS_NOT_FOUND,
                       _plr_html_message_page ("Share code not found",
                                               "There is no shared learning record with this "
                                               "code. Check the code you were given."));
      return;
    case SHARE_EXPIRED:
      _plr_reply_html (req->msg, SOUP_STATUS_GONE, _plr_html_share_gone_page (FALSE));
      return;
    case SHARE_REVOKED:
      _plr_reply_html (req->msg, SOUP_STATUS_GONE, _plr_html_share_gone_page (TRUE));
      return;
    case SHARE_FAILED:
    default:
      _plr_reply_html (req->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                       _plr_html_message_page ("Something went wrong",
                                               "The service could not show this share. Try "
                                               "again later."));
      return;
    }

  view = json_from_string (share->view_json, NULL);
  if (view == NULL || !JSON_NODE_HOLDS_OBJECT (view))
    {
      _plr_reply_html (req->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                       _plr_html_message_page ("Something went wrong",
                                               "The service could not show this share."));
      return;
    }

  _plr_reply_html (req->msg, SOUP_STATUS_OK,
                   _plr_html_share_page (json_node_get_object (view), share->code,
                                         share->recipient, share->purpose, share->created_at,
                                         share->expires_at));
}
