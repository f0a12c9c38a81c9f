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
#include "plr-text.h"
#include "plr-view-result.h"

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
  { "method-not-allowed", 405, "Method not allowed",
    "This address does not take this HTTP method. The Allow header lists the ones it takes.",
    "This is a bug in the client: use a method the Allow header lists." },
  { "length-required", 411, "Length required",
    "The request had a body without a Content-Length.",
    "Send the body with a Content-Length." },
  { "payload-too-large", 413, "Payload too large",
    "The request body is larger than the service takes (64 MiB, less where a body says so).",
    "Send less: a share's view at most 4 MiB, each evidence file at most 10 MiB." },
  { "unsupported-media-type", 415, "Unsupported media type",
    "The request body is not of the media type this address takes.",
    "Send JSON as application/json, and the OAuth endpoints' forms as "
    "application/x-www-form-urlencoded." },
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
 * _plr_html_append_text:
 * @html: a page being built
 * @text: (nullable): free text from a record or a learner
 *
 * Like _plr_html_append_escaped(), in <bdi> so that a direction-changing
 * character in @text stays inside it (docs/record-format.md).
 */
void
_plr_html_append_text (GString    *html,
                       const char *text)
{
  if (text == NULL)
    return;

  g_string_append (html, "<bdi>");
  _plr_html_append_escaped (html, text);
  g_string_append (html, "</bdi>");
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

/* The recipient's page: printable on A4, self-contained (a
 * Content-Security-Policy forbids scripts and anything fetched), the
 * system's fonts, landmarks, a table with a caption and header cells. */
static const char share_style[] =
  "<style>\n"
  ":root { color-scheme: light; }\n"
  "body { margin: 0; background: #fff; color: #1e1e1e;\n"
  "  font: 16px/1.5 Cantarell, \"DejaVu Sans\", \"Segoe UI\", Roboto, system-ui, sans-serif; }\n"
  "main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }\n"
  ".kicker { margin: 0; color: #5e5c64; font-size: .9rem; text-transform: uppercase;\n"
  "  letter-spacing: .06em; }\n"
  "h1 { font-size: 1.9rem; line-height: 1.2; margin: .2rem 0 .4rem; }\n"
  "h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .3rem;\n"
  "  border-bottom: 1px solid #c0bfbc; }\n"
  "p { margin: .3rem 0; }\n"
  ".learner-name { font-size: 1.35rem; font-weight: bold; margin: 0 0 .8rem; }\n"
  "dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.5rem; margin: 0; }\n"
  "dt { color: #5e5c64; }\n"
  "dd { margin: 0; }\n"
  ".expiry { margin-top: 1.2rem; padding: .7rem 1rem; border: 1px solid #c0bfbc;\n"
  "  border-left: 5px solid #1c71d8; background: #f6f5f4; }\n"
  "table { width: 100%; border-collapse: collapse; font-size: .95rem; }\n"
  "caption { text-align: left; color: #5e5c64; padding-bottom: .4rem; }\n"
  "th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; }\n"
  "thead th { font-size: .85rem; border-bottom: 2px solid #77767b; }\n"
  "tbody tr:nth-child(even) { background: #f6f5f4; }\n"
  ".empty, .note { color: #5e5c64; }\n"
  ".flag { display: block; margin-top: .15rem; color: #a51d2d; font-size: .85rem; }\n"
  "footer { margin-top: 2.5rem; padding-top: .6rem; border-top: 1px solid #c0bfbc;\n"
  "  color: #5e5c64; font-size: .9rem; }\n"
  ".code { font-family: \"DejaVu Sans Mono\", monospace; font-weight: bold; }\n"
  ":focus-visible { outline: 3px solid #1c71d8; outline-offset: 2px; }\n"
  "@page { size: A4; margin: 16mm 14mm; }\n"
  "@media print {\n"
  "  body { font-size: 10pt; }\n"
  "  main { max-width: none; padding: 0; }\n"
  "  thead { display: table-header-group; }\n"
  "  tr { break-inside: avoid; }\n"
  "  h2 { break-after: avoid; }\n"
  "  tbody tr:nth-child(even), .expiry { -webkit-print-color-adjust: exact;\n"
  "    print-color-adjust: exact; }\n"
  "}\n"
  "</style>\n";

static GString *
share_page_begin (const char *title)
{
  GString *html = g_string_new ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
                                "<meta charset=\"utf-8\">\n"
                                "<meta name=\"viewport\" content=\"width=device-width, "
                                "initial-scale=1\">\n"
                                "<meta http-equiv=\"Content-Security-Policy\" "
                                "content=\"default-src 'none'; style-src 'unsafe-inline'; "
                                "base-uri 'none'; form-action 'none'\">\n"
                                "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
                                "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");

  _plr_html_append_escaped (html, title);
  g_string_append (html, "</title>\n");
  g_string_append (html, share_style);
  g_string_append (html, "</head>\n<body>\n<main>\n");

  return html;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/* A value as the record format holds it in text: flags as Y or N, ULN
 * lists joined by commas. */
static char *
canonical_value (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *element = canonical_value (json_array_get_element (array, i));

          if (element == NULL)
            continue;
          if (joined->len > 0)
            g_string_append_c (joined, ',');
          g_string_append (joined, element);
        }
      return g_string_free (joined, FALSE);
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("%g", json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "Y" : "N");
    default:
      return NULL;
    }
}

static void
append_time_words (GString    *html,
                   gint64      unix_time,
                   gboolean    with_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);
  g_autofree char *iso = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *words = g_date_time_format (time, with_time ? "%-d %B %Y at %H:%M UTC"
                                                               : "%-d %B %Y");

  g_string_append_printf (html, "<time datetime=\"%s\">", iso);
  _plr_html_append_escaped (html, words);
  g_string_append (html, "</time>");
}

static void
append_dl_row (GString    *html,
               const char *label,
               const char *value)
{
  g_string_append (html, "<dt>");
  _plr_html_append_escaped (html, label);
  g_string_append (html, "</dt><dd>");
  _plr_html_append_text (html, value);
  g_string_append (html, "</dd>\n");
}

static void
append_learner_section (GString    *html,
                        JsonObject *learner)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  gboolean any = FALSE;

  json_object_iter_init (&iter, learner);
  while (json_object_iter_next (&iter, &member, &value))
    {
      int field = plr_learner_field_from_name (member);
      g_autofree char *canonical = NULL;
      g_autofree char *text = NULL;
      g_autofree char *fallback = NULL;

      /* The name heads the page. */
      if (field == PLR_LEARNER_FIELD_GIVEN_NAME || field == PLR_LEARNER_FIELD_FAMILY_NAME)
        continue;
      canonical = canonical_value (value);
      if (canonical == NULL)
        continue;

      if (!any)
        {
          g_string_append (html, "<section aria-labelledby=\"learner-heading\">\n"
                                 "<h2 id=\"learner-heading\">About the learner</h2>\n<dl>\n");
          any = TRUE;
        }

      if (field >= 0)
        text = plr_view_format_learner_value (field, canonical);
      else
        fallback = label_for_member (member);
      append_dl_row (html, field >= 0 ? plr_learner_field_get_label (field) : fallback,
                     text ? text : canonical);
    }

  if (any)
    g_string_append (html, "</dl>\n</section>\n");
}

static void
append_events_section (GString   *html,
                       JsonArray *events)
{
  g_autoptr(GPtrArray) columns = events ? event_columns (events) : g_ptr_array_new ();
  guint n_events = events ? json_array_get_length (events) : 0;
  const char *flag_member = plr_event_field_info (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)->json_name;
  guint n_challenged = 0;

  /* The challenge flag is shown in words on the entries it marks, not as
   * a column of "No". */
  for (guint c = 0; c < columns->len; c++)
    if (g_str_equal (g_ptr_array_index (columns, c), flag_member))
      g_ptr_array_remove_index (columns, c--);
  for (guint i = 0; i < n_events; i++)
    {
      JsonNode *event = json_array_get_element (events, i);
      g_autofree char *flag = NULL;

      if (JSON_NODE_HOLDS_OBJECT (event))
        flag = canonical_value (json_object_get_member (json_node_get_object (event),
                                                        flag_member));
      if (g_strcmp0 (flag, "Y") == 0)
        n_challenged++;
    }

  g_string_append (html, "<section aria-labelledby=\"entries-heading\">\n"
                         "<h2 id=\"entries-heading\">Learning events</h2>\n");
  if (n_events == 0)
    {
      g_string_append (html, "<p class=\"empty\">The learner shared no learning events "
                             "in this view.</p>\n</section>\n");
      return;
    }

  if (n_challenged > 0)
    g_string_append (html, "<p class=\"note\">An entry marked “Under data challenge” is being "
                           "checked because someone asked for it to be corrected; its details "
                           "may change.</p>\n");

  g_string_append_printf (html, "<table>\n<caption>%u %s, as the learner chose to share "
                          "them</caption>\n<thead><tr>", n_events,
                          n_events == 1 ? "learning event" : "learning events");
  for (guint c = 0; c < columns->len; c++)
    {
      const char *member = g_ptr_array_index (columns, c);
      int field = plr_event_field_from_name (member);
      g_autofree char *fallback = field < 0 ? label_for_member (member) : NULL;

      g_string_append (html, "<th scope=\"col\">");
      _plr_html_append_escaped (html, field >= 0 ? plr_event_field_get_label (field) : fallback);
      g_string_append (html, "</th>");
    }
  g_string_append (html, "</tr></thead>\n<tbody>\n");

  for (guint i = 0; i < n_events; i++)
    {
      JsonNode *event = json_array_get_element (events, i);

      g_autofree char *flag = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (event))
        continue;
      flag = canonical_value (json_object_get_member (json_node_get_object (event), flag_member));
      g_string_append (html, "<tr>");
      for (guint c = 0; c < columns->len; c++)
        {
          const char *member = g_ptr_array_index (columns, c);
          int field = plr_event_field_from_name (member);
          g_autofree char *canonical =
            canonical_value (json_object_get_member (json_node_get_object (event), member));
          g_autofree char *text = NULL;

          if (canonical != NULL && field >= 0)
            text = plr_view_format_event_value (field, canonical);

          /* The first column names the row. */
          g_string_append (html, c == 0 ? "<th scope=\"row\">" : "<td>");
          _plr_html_append_text (html, text ? text : canonical);
          if (c == 0 && g_strcmp0 (flag, "Y") == 0)
            g_string_append (html, " <strong class=\"flag\">Under data challenge</strong>");
          g_string_append (html, c == 0 ? "</th>" : "</td>");
        }
      g_string_append (html, "</tr>\n");
    }
  g_string_append (html, "</tbody>\n</table>\n</section>\n");
}

/**
 * _plr_html_share_page:
 * @view: the view the learner chose, exactly as stored
 * @code: the share code
 * @recipient: who it is for
 * @purpose: (nullable): why
 * @created_at: when the learner shared it (Unix time)
 * @expires_at: when the share ends (Unix time), or 0 for never
 *
 * Shows exactly what the view holds, nothing more, with who it was
 * prepared for, why, how old the record is, and until when the share
 * works, worded so that nobody takes it for the qualifications' expiry.
 *
 * Returns: (transfer full): the recipient's page
 */
char *
_plr_html_share_page (JsonObject *view,
                      const char *code,
                      const char *recipient,
                      const char *purpose,
                      gint64      created_at,
                      gint64      expires_at)
{
  const char *title = member_string (view, "title");
  const char *as_of = member_string (view, "as_of");
  g_autofree char *page_title = NULL;
  GString *name = g_string_new (NULL);
  GString *html;
  JsonNode *node;
  JsonObject *learner = NULL;

  if (title == NULL || title[0] == '\0')
    title = "A shared learning record";

  node = json_object_get_member (view, "learner");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      learner = json_node_get_object (node);
      for (guint i = 0; i < 2; i++)
        {
          const char *part = member_string (learner, i == 0 ? "given_name" : "family_name");
          g_autofree char *shown = NULL;

          if (part == NULL || part[0] == '\0')
            continue;
          if (name->len > 0)
            g_string_append_c (name, ' ');
          /* Each part isolated, so that one cannot reorder the next. */
          shown = plr_text_display (part);
          g_string_append (name, shown);
        }
    }

  page_title = g_strconcat (title, " – shared learning record", NULL);
  html = share_page_begin (page_title);

  g_string_append (html, "<header>\n<p class=\"kicker\">Shared Personal Learning Record</p>\n"
                         "<h1>");
  _plr_html_append_text (html, title);
  g_string_append (html, "</h1>\n");
  if (name->len > 0)
    {
      g_string_append (html, "<p class=\"learner-name\">");
      _plr_html_append_text (html, name->str);
      g_string_append (html, "</p>\n");
    }
  g_string_free (name, TRUE);

  g_string_append (html, "<dl>\n");
  append_dl_row (html, "Prepared for", recipient);
  if (purpose != NULL && purpose[0] != '\0')
    append_dl_row (html, "Purpose", purpose);
  if (as_of != NULL)
    {
      gint64 as_of_time;

      g_string_append (html, "<dt>Record as of</dt><dd>");
      if (_plr_parse_time (as_of, &as_of_time))
        append_time_words (html, as_of_time, FALSE);
      else
        _plr_html_append_escaped (html, as_of);
      g_string_append (html, "</dd>\n");
    }
  if (created_at != 0)
    {
      g_string_append (html, "<dt>Shared on</dt><dd>");
      append_time_words (html, created_at, FALSE);
      g_string_append (html, "</dd>\n");
    }
  g_string_append (html, "</dl>\n");

  g_string_append (html, "<div class=\"expiry\" role=\"note\" aria-label=\"About this share\">\n"
                         "<p>");
  if (expires_at != 0)
    {
      g_string_append (html, "<strong>This share link works until ");
      append_time_words (html, expires_at, TRUE);
      g_string_append (html, ".</strong> After that, this page will no longer show the "
                             "record. This date is about this link only: it is not an expiry "
                             "date of any qualification or learning event.");
    }
  else
    g_string_append (html, "<strong>This share link has no end date.</strong> The learner can "
                           "withdraw it at any time. It says nothing about the expiry of any "
                           "qualification or learning event.");
  g_string_append (html, "</p>\n</div>\n</header>\n");

  if (learner != NULL)
    append_learner_section (html, learner);

  node = json_object_get_member (view, "events");
  if (node && JSON_NODE_HOLDS_ARRAY (node))
    append_events_section (html, json_node_get_array (node));
  else
    append_events_section (html, NULL);

  g_string_append (html, "<footer>\n<p>The learner chose which learning events and which "
                         "details to share; this page shows only those, as they were in the "
                         "learner’s Personal Learning Record on the date above. Share code: "
                         "<span class=\"code\">");
  _plr_html_append_escaped (html, code);
  g_string_append (html, "</span>.</p>\n</footer>\n</main>\n</body>\n</html>\n");

  return g_string_free (html, FALSE);
}

/**
 * _plr_html_share_gone_page:
 * @revoked: %TRUE if the learner withdrew the share, %FALSE if it expired
 *
 * The notice a recipient gets instead of a share that has ended. It holds
 * nothing of the record: not even who it was for.
 *
 * Returns: (transfer full): the page
 */
char *
_plr_html_share_gone_page (gboolean revoked)
{
  const char *title = revoked ? "This share was withdrawn" : "This share has expired";
  GString *html = share_page_begin (title);

  g_string_append (html, "<header>\n<p class=\"kicker\">Shared Personal Learning Record</p>\n"
                         "<h1>");
  _plr_html_append_text (html, title);
  g_string_append (html, "</h1>\n</header>\n<div class=\"expiry\" role=\"alert\">\n<p>");
  if (revoked)
    g_string_append (html, "The learner has withdrawn this share, so their learning record "
                           "can no longer be viewed with this link.");
  else
    g_string_append (html, "The learner shared their learning record until a date that has "
                           "passed, so it can no longer be viewed with this link. This is about "
                           "the link only, not about any qualification.");
  g_string_append (html, "</p>\n<p>If you still need to see the record, ask the learner for a "
                         "new share code.</p>\n</div>\n</main>\n</body>\n</html>\n");

  return g_string_free (html, FALSE);
}
