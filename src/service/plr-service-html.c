/* plr-service-html.c
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

/* The pages the service shows to people: the sign-in form, the recipient's
 * view of a share, and a page for each problem type. Each page is one
 * self-contained document: no scripts, nothing fetched from elsewhere, the
 * system's fonts and colours, landmarks and labels for assistive
 * technologies, and every value escaped. */

static const PlrServiceProblem problems[] = {
  { "invalid-request", 400, "Invalid request",
    "The request was malformed. The detail member of the answer says how.",
    "This is a bug in the program that sent the request: report it to its developers." },
  { "invalid-token", 401, "Sign-in needed",
    "The access token is missing, has expired or was revoked.",
    "A client refreshes its token once; if that fails, the learner signs in again." },
  { "forbidden", 403, "Not allowed",
    "The access token does not cover this learner or this action.",
    "Sign in again as the learner whose record this is." },
  { "not-found", 404, "Not found",
    "There is no such resource: the address is wrong, or the item was never created.",
    "Check the address or the share code." },
  { "record-changed", 409, "The record changed",
    "The learner's record changed while it was being read page by page, so the pages "
    "would not fit together.",
    "Start reading the record again from the first page." },
  { "idempotency-conflict", 422, "Idempotency key reused",
    "The Idempotency-Key of this request was used before for a request with a different body.",
    "This is a bug in the client: each change needs its own key." },
  { "share-expired", 410, "Share expired",
    "The learner shared this view of their learning record until a date that has passed.",
    "Ask the learner for a new share code if you still need to see it." },
  { "share-revoked", 410, "Share withdrawn",
    "The learner has withdrawn this share: it can no longer be viewed.",
    "Ask the learner if you still need to see their record." },
  { "rate-limited", 429, "Too many requests",
    "The service has had too many requests from this client in a short time.",
    "Wait for the number of seconds in the Retry-After header, then try again." },
  { "unavailable", 503, "Service unavailable",
    "The service is down for a while, for maintenance or because it is overloaded.",
    "Wait (the Retry-After header may say how long), then try again." },
  { "server-error", 500, "Service error",
    "Something went wrong inside the service.",
    "Try again later; a client retries requests that are safe to repeat, with a growing delay." },
};

/**
 * _plr_service_problem_lookup:
 * @name: a problem name ("rate-limited")
 *
 * Returns: (nullable): the problem type, or %NULL if there is none so named
 */
const PlrServiceProblem *
_plr_service_problem_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    if (g_strcmp0 (problems[i].name, name) == 0)
      return &problems[i];

  return NULL;
}

static const char style[] =
  "<style>\n"
  ":root { color-scheme: light dark; }\n"
  "body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0;"
  " background: Canvas; color: CanvasText; }\n"
  "main { max-width: 42rem; margin: 0 auto; padding: 1.5rem; }\n"
  "h1 { font-size: 1.6rem; }\n"
  "label { display: block; font-weight: bold; margin-top: 1rem; }\n"
  "input[type=text], input[type=password] { font: inherit; width: 100%;"
  " box-sizing: border-box; padding: 0.5rem; margin-top: 0.25rem; }\n"
  "button { font: inherit; padding: 0.5rem 1.25rem; margin: 1.5rem 0.75rem 0 0; }\n"
  ":focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }\n"
  ".alert { border: 2px solid currentColor; padding: 0.5rem 1rem; }\n"
  "table { border-collapse: collapse; width: 100%; }\n"
  "th, td { text-align: left; border-bottom: 1px solid GrayText; padding: 0.4rem; }\n"
  "dt { font-weight: bold; }\n"
  "dd { margin: 0 0 0.5rem 0; }\n"
  "</style>\n";

/**
 * _plr_html_append_escaped:
 * @html: a page being built
 * @text: (nullable): text to show
 */
void
_plr_html_append_escaped (GString    *html,
                          const char *text)
{
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return;

  escaped = g_markup_escape_text (text, -1);
  g_string_append (html, escaped);
}

/**
 * _plr_html_begin:
 * @title: the page's title
 *
 * Returns: (transfer full): a page up to the opening of its main landmark
 */
GString *
_plr_html_begin (const char *title)
{
  GString *html = g_string_new ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
                                "<meta charset=\"utf-8\">\n"
                                "<meta name=\"viewport\" content=\"width=device-width, "
                                "initial-scale=1\">\n"
                                "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
                                "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");

  _plr_html_append_escaped (html, title);
  g_string_append (html, "</title>\n");
  g_string_append (html, style);
  g_string_append (html, "</head>\n<body>\n<main>\n<h1>");
  _plr_html_append_escaped (html, title);
  g_string_append (html, "</h1>\n");

  return html;
}

/**
 * _plr_html_end:
 * @html: (transfer full): a page from _plr_html_begin()
 *
 * Returns: (transfer full): the whole page
 */
char *
_plr_html_end (GString *html)
{
  g_string_append (html, "</main>\n</body>\n</html>\n");
  return g_string_free (html, FALSE);
}

static void
append_hidden (GString    *html,
               GHashTable *params,
               const char *name)
{
  const char *value = g_hash_table_lookup (params, name);

  if (value == NULL)
    return;

  g_string_append_printf (html, "<input type=\"hidden\" name=\"%s\" value=\"", name);
  _plr_html_append_escaped (html, value);
  g_string_append (html, "\">\n");
}

/**
 * _plr_html_sign_in_page:
 * @params: the authorization request's parameters, carried through the form
 * @message: (nullable): why the last attempt failed
 *
 * Returns: (transfer full): the sign-in page
 */
char *
_plr_html_sign_in_page (GHashTable *params,
                        const char *message)
{
  static const char * const carried[] = {
    "response_type", "client_id", "redirect_uri", "scope", "state",
    "code_challenge", "code_challenge_method",
  };
  GString *html = _plr_html_begin ("Sign in to see your learning record");

  g_string_append (html,
                   "<p>Learning Record is asking to read your Personal Learning Record: your "
                   "details, your learning events, who has viewed them, and to manage your "
                   "shares, data challenges and sharing choice.</p>\n");

  if (message)
    {
      g_string_append (html, "<p class=\"alert\" role=\"alert\" id=\"sign-in-error\">");
      _plr_html_append_escaped (html, message);
      g_string_append (html, "</p>\n");
    }

  g_string_append (html,
                   "<form method=\"post\" action=\"/oauth/authorize\">\n");
  for (guint i = 0; i < G_N_ELEMENTS (carried); i++)
    append_hidden (html, params, carried[i]);

  g_string_append_printf (html,
                          "<label for=\"username\">Username</label>\n"
                          "<input type=\"text\" id=\"username\" name=\"username\" "
                          "autocomplete=\"username\" autocapitalize=\"none\" "
                          "spellcheck=\"false\" required%s>\n"
                          "<label for=\"password\">Password</label>\n"
                          "<input type=\"password\" id=\"password\" name=\"password\" "
                          "autocomplete=\"current-password\" required%s>\n",
                          message ? " aria-describedby=\"sign-in-error\" autofocus" : "",
                          message ? " aria-describedby=\"sign-in-error\"" : "");
  g_string_append (html,
                   "<button type=\"submit\" name=\"action\" value=\"sign-in\">Sign in</button>\n"
                   "<button type=\"submit\" name=\"action\" value=\"deny\" formnovalidate>"
                   "Cancel</button>\n"
                   "</form>\n"
                   "<p>After you sign in, your browser goes back to Learning Record. "
                   "You can close this page then.</p>\n");

  return _plr_html_end (html);
}

/**
 * _plr_html_message_page:
 * @title: the page's title
 * @message: what to tell the reader
 *
 * Returns: (transfer full): a page with one paragraph
 */
char *
_plr_html_message_page (const char *title,
                        const char *message)
{
  GString *html = _plr_html_begin (title);

  g_string_append (html, "<p>");
  _plr_html_append_escaped (html, message);
  g_string_append (html, "</p>\n");

  return _plr_html_end (html);
}

/**
 * _plr_html_problem_page:
 * @problem: a problem type
 *
 * Returns: (transfer full): the page served at the problem's type URI
 */
char *
_plr_html_problem_page (const PlrServiceProblem *problem)
{
  GString *html = _plr_html_begin (problem->title);

  g_string_append_printf (html,
                          "<p>Problem type <code>/problems/%s</code>, "
                          "HTTP status %u.</p>\n<h2>What it means</h2>\n<p>",
                          problem->name, problem->status);
  _plr_html_append_escaped (html, problem->meaning);
  g_string_append (html, "</p>\n<h2>What to do</h2>\n<p>");
  _plr_html_append_escaped (html, problem->next_step);
  g_string_append (html, "</p>\n");

  return _plr_html_end (html);
}

/**
 * _plr_html_index_page:
 *
 * Returns: (transfer full): the service's home page
 */
char *
_plr_html_index_page (void)
{
  GString *html = _plr_html_begin ("Learning Record reference PLR service");

  g_string_append (html,
                   "<p>This service speaks version 1 of the PLR service protocol of "
                   "Learning Record. It is a reference and test service: do not use it for "
                   "real learners' records.</p>\n<h2>Problem types</h2>\n<ul>\n");
  for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
    g_string_append_printf (html, "<li><a href=\"/problems/%s\">%s</a></li>\n",
                            problems[i].name, problems[i].title);
  g_string_append (html, "</ul>\n");

  return _plr_html_end (html);
}

/* "given_name" → "Given name" */
static char *
label_for_member (const char *member)
{
  g_autofree char *label = g_strdelimit (g_strdup (member), "_", ' ');

  if (label[0])
    label[0] = g_ascii_toupper (label[0]);

  return g_steal_pointer (&label);
}

static void
append_value (GString  *html,
              JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append (html, ", ");
          append_value (html, json_array_get_element (array, i));
        }
      return;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      _plr_html_append_escaped (html, json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      g_string_append_printf (html, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      g_string_append_printf (html, "%g", json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (html, json_node_get_boolean (node) ? "Yes" : "No");
      break;
    default:
      break;
    }
}

/* The event columns to show: the members any event has, in the order of
 * the field table, then any others in the order first seen. */
static GPtrArray *
event_columns (JsonArray *events)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new ();
  GPtrArray *columns = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        if (!g_ptr_array_find_with_equal_func (seen, member, g_str_equal, NULL))
          g_ptr_array_add (seen, (gpointer) member);
    }

  for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
    {
      const char *name = plr_event_field_info (f)->json_name;
      guint index;

      if (g_ptr_array_find_with_equal_func (seen, name, g_str_equal, &index))
        {
          g_ptr_array_add (columns, g_ptr_array_index (seen, index));
          g_ptr_array_remove_index (seen, index);
        }
    }
  for (guint i = 0; i < seen->len; i++)
    g_ptr_array_add (columns, g_ptr_array_index (seen, i));

  return columns;
}

/**
 * _plr_html_share_page:
 * @view: the view the learner chose, exactly as stored
 * @recipient: who it is for
 * @purpose: (nullable): why
 * @expires_at: (nullable): until when, formatted
 *
 * Shows exactly what the view holds, nothing more.
 *
 * Returns: (transfer full): the recipient's page
 */
char *
_plr_html_share_page (JsonObject *view,
                      const char *recipient,
                      const char *purpose,
                      const char *expires_at)
{
  const char *title = NULL;
  GString *html;
  JsonNode *node;

  node = json_object_get_member (view, "title");
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    title = json_node_get_string (node);

  html = _plr_html_begin (title && *title ? title : "A shared learning record");

  g_string_append (html, "<p>A learner shared this view of their Personal Learning Record with ");
  _plr_html_append_escaped (html, recipient);
  if (purpose)
    {
      g_string_append (html, " for this purpose: ");
      _plr_html_append_escaped (html, purpose);
    }
  g_string_append (html, ".");
  if (expires_at)
    {
      g_string_append (html, " It can be viewed until ");
      _plr_html_append_escaped (html, expires_at);
      g_string_append (html, ".");
    }
  node = json_object_get_member (view, "as_of");
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_string_append (html, " The record is as it was at ");
      _plr_html_append_escaped (html, json_node_get_string (node));
      g_string_append (html, ".");
    }
  g_string_append (html, "</p>\n");

  node = json_object_get_member (view, "learner");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      g_string_append (html, "<h2>The learner</h2>\n<dl>\n");
      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &member, &value))
        {
          g_autofree char *label = label_for_member (member);

          g_string_append (html, "<dt>");
          _plr_html_append_escaped (html, label);
          g_string_append (html, "</dt><dd>");
          append_value (html, value);
          g_string_append (html, "</dd>\n");
        }
      g_string_append (html, "</dl>\n");
    }

  node = json_object_get_member (view, "events");
  if (node && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *events = json_node_get_array (node);
      g_autoptr(GPtrArray) columns = event_columns (events);

      g_string_append_printf (html, "<h2>Learning events</h2>\n<table>\n"
                              "<caption>%u learning events</caption>\n<thead><tr>",
                              json_array_get_length (events));
      for (guint c = 0; c < columns->len; c++)
        {
          g_autofree char *label = label_for_member (g_ptr_array_index (columns, c));

          g_string_append (html, "<th scope=\"col\">");
          _plr_html_append_escaped (html, label);
          g_string_append (html, "</th>");
        }
      g_string_append (html, "</tr></thead>\n<tbody>\n");

      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonNode *event = json_array_get_element (events, i);

          if (!JSON_NODE_HOLDS_OBJECT (event))
            continue;
          g_string_append (html, "<tr>");
          for (guint c = 0; c < columns->len; c++)
            {
              g_string_append (html, "<td>");
              append_value (html, json_object_get_member (json_node_get_object (event),
                                                          g_ptr_array_index (columns, c)));
              g_string_append (html, "</td>");
            }
          g_string_append (html, "</tr>\n");
        }
      g_string_append (html, "</tbody>\n</table>\n");
    }

  return _plr_html_end (html);
}
