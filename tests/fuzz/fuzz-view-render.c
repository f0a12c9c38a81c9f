/* fuzz-view-render.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A hostile record, shared: any bytes read as Open Record File… reads
 * them (plr_record_file_read_bytes(), JSON or LRS XML), and when the
 * record is taken, a view that picks every entry and every field, the
 * personal details too, with the view's title, recipient and purpose
 * taken from the record's own values, rendered as the JSON document, the
 * HTML page and the PDF that a learner saves or shares.
 *
 * Each renderer must succeed on a record the reader took. The JSON must
 * read back (plr_json_parse()) with every value as the view holds it. The
 * HTML must hold only the elements and attributes its template writes,
 * every attribute value quoted and every '&' a character reference: a
 * value holding "<script", "<img onerror=…>" or "javascript:" can then
 * only ever be text. */

#include "config.h"

#include <string.h>

#include "plr-record-file.h"
#include "plr-record-json.h"
#include "plr-view-html.h"
#include "plr-view-json.h"
#include "plr-view-pdf.h"
#include "plr-view-result.h"

#include "fuzz-target.h"

/* Records with more events are skipped, so that each input stays quick:
 * the renderers' work grows with the events, not their code paths. */
#define MAX_EVENTS 200

/* Every element and attribute that plr-view-html.c writes. Anything else
 * in the page came from a value. */
static const char * const html_elements[] = {
  "html", "head", "meta", "title", "style", "body", "main", "header", "footer",
  "h1", "h2", "p", "span", "div", "time", "section", "dl", "dt", "dd", "table",
  "caption", "thead", "tbody", "tr", "th", "td", "strong", "bdi", NULL
};
static const char * const html_attributes[] = {
  "lang", "charset", "name", "content", "http-equiv", "class", "aria-labelledby", "id",
  "datetime", "scope", "colspan", NULL
};

static gboolean
is_listed (const char * const *list,
           const char         *start,
           gsize               length)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (strlen (list[i]) == length && memcmp (list[i], start, length) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '-';
}

/* Checks one tag from just after its '<'; returns where it ends. */
static const char *
check_tag (const char *p,
           const char *end)
{
  const char *name;
  gboolean closing = FALSE;

  if (*p == '/')
    {
      closing = TRUE;
      p++;
    }
  for (name = p; p < end && is_name_char (*p); p++)
    ;
  if (!is_listed (html_elements, name, p - name))
    fprintf (stderr, "an element the template never writes: <%.*s\n", (int) MIN (p - name, 40),
             name);
  fuzz_assert (is_listed (html_elements, name, p - name));

  for (;;)
    {
      const char *attribute;

      fuzz_assert (p < end);
      if (*p == '>')
        return p + 1;
      fuzz_assert (!closing);
      fuzz_assert (*p == ' ');
      p++;

      for (attribute = p; p < end && is_name_char (*p); p++)
        ;
      if (!is_listed (html_attributes, attribute, p - attribute))
        fprintf (stderr, "an attribute the template never writes: %.*s\n",
                 (int) MIN (p - attribute, 40), attribute);
      fuzz_assert (is_listed (html_attributes, attribute, p - attribute));

      /* ="value", with nothing in it that could end it or open a tag */
      fuzz_assert (p + 1 < end && p[0] == '=' && p[1] == '"');
      p += 2;
      fuzz_assert (end - p < 11 || g_ascii_strncasecmp (p, "javascript:", 11) != 0);
      for (; p < end && *p != '"'; p++)
        fuzz_assert (*p != '<' && *p != '>');
      fuzz_assert (p < end);
      p++;
    }
}

/* Every '&' starts a character reference: "&amp;" "&lt;" "&gt;" "&quot;"
 * "&apos;" (HTML5 has it) or "&#x…;", as g_markup_escape_text() writes them. */
static void
check_reference (const char *p,
                 const char *end)
{
  static const char * const named[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", NULL };
  const char *q;

  for (guint i = 0; named[i] != NULL; i++)
    if ((gsize) (end - p) >= strlen (named[i]) && memcmp (p, named[i], strlen (named[i])) == 0)
      return;

  if (!(end - p > 3 && p[1] == '#' && p[2] == 'x'))
    fprintf (stderr, "not a character reference: %.*s\n", (int) MIN (end - p, 12), p);
  fuzz_assert (end - p > 3 && p[1] == '#' && p[2] == 'x');
  for (q = p + 3; q < end && g_ascii_isxdigit (*q); q++)
    ;
  fuzz_assert (q > p + 3 && q < end && *q == ';');
}

static void
check_html (GBytes *html)
{
  gsize length;
  const char *text = g_bytes_get_data (html, &length);
  const char *end = text + length;
  static const char doctype[] = "<!DOCTYPE html>\n";
  const char *p;

  fuzz_assert (length > strlen (doctype));
  fuzz_assert (memchr (text, '\0', length) == NULL);
  fuzz_assert (g_utf8_validate (text, length, NULL));
  fuzz_assert (memcmp (text, doctype, strlen (doctype)) == 0);

  p = text + strlen (doctype);
  while (p < end)
    {
      if (*p == '<')
        p = check_tag (p + 1, end);
      else
        {
          if (*p == '&')
            check_reference (p, end);
          p++;
        }
    }
}

/* A value is in the page, escaped. Only the first entry's and the
 * learner's are looked for, to keep each input quick. */
static void
check_html_holds (GBytes        *html,
                  const char    *text)
{
  g_autofree char *page = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return;
  escaped = g_markup_escape_text (text, -1);
  if (strstr (page, escaped) == NULL)
    fprintf (stderr, "a value is not in the page, escaped\n");
  fuzz_assert (strstr (page, escaped) != NULL);
}

static void
check_html_values (PlrViewResult *result,
                   GBytes        *html)
{
  guint64 name_fields = 0;
  g_autofree char *name = plr_view_result_dup_learner_name (result, &name_fields);

  check_html_holds (html, name);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      const char *value = plr_view_result_get_learner_value (result, i);
      g_autofree char *text = NULL;

      if (value == NULL || (name_fields & PLR_VIEW_FIELD_BIT (i)))
        continue;
      text = plr_view_format_learner_value (i, value);
      check_html_holds (html, text);
    }

  if (plr_view_result_get_n_entries (result) == 0)
    return;
  for (guint c = 0; c < plr_view_result_get_n_columns (result); c++)
    {
      PlrEventField field = plr_view_result_get_column (result, c);
      g_autofree char *text =
        plr_view_format_event_value (field, plr_view_result_get_entry_value (result, 0, field));

      check_html_holds (html, text);
    }
}

/* The view document reads back, with the values the view holds. */
static void
check_json_value (JsonObject         *object,
                  const PlrFieldInfo *info,
                  const char         *value)
{
  JsonNode *node = json_object_get_member (object, info->json_name);

  if (value == NULL)
    {
      fuzz_assert (node == NULL);
      return;
    }
  fuzz_assert (node != NULL);

  switch (info->kind)
    {
    case PLR_FIELD_KIND_INT:
      fuzz_assert (JSON_NODE_HOLDS_VALUE (node) &&
                   json_node_get_value_type (node) == G_TYPE_INT64);
      fuzz_assert (json_node_get_int (node) == g_ascii_strtoll (value, NULL, 10));
      break;

    case PLR_FIELD_KIND_FLAG:
      fuzz_assert (JSON_NODE_HOLDS_VALUE (node) &&
                   json_node_get_value_type (node) == G_TYPE_BOOLEAN);
      fuzz_assert (json_node_get_boolean (node) == g_str_equal (value, "Y"));
      break;

    case PLR_FIELD_KIND_ULN_LIST:
      fuzz_assert (JSON_NODE_HOLDS_ARRAY (node));
      break;

    case PLR_FIELD_KIND_TEXT:
    case PLR_FIELD_KIND_DATE:
    case PLR_FIELD_KIND_DATETIME:
    case PLR_FIELD_KIND_ULN:
    default:
      fuzz_assert (JSON_NODE_HOLDS_VALUE (node) &&
                   json_node_get_value_type (node) == G_TYPE_STRING);
      if (!g_str_equal (json_node_get_string (node), value))
        fprintf (stderr, "%s does not read back as it was written\n", info->json_name);
      fuzz_assert (g_str_equal (json_node_get_string (node), value));
      break;
    }
}

static void
check_json (PlrViewResult *result,
            GBytes        *json)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *document;
  JsonObject *learner;
  JsonArray *events;
  guint n_entries = plr_view_result_get_n_entries (result);

  fuzz_assert (fuzz_json_is_strict (g_bytes_get_data (json, NULL), g_bytes_get_size (json)));
  root = plr_json_parse (json, NULL, &error);
  if (root == NULL)
    fprintf (stderr, "the view document does not read back: %s\n", error->message);
  fuzz_assert (root != NULL && JSON_NODE_HOLDS_OBJECT (root));
  document = json_node_get_object (root);

  fuzz_assert (g_strcmp0 (json_object_get_string_member_with_default (document, "format", NULL),
                          PLR_VIEW_JSON_FORMAT_NAME) == 0);
  fuzz_assert (g_strcmp0 (json_object_get_string_member_with_default (document, "title", NULL),
                          plr_view_result_get_title (result)) == 0);
  fuzz_assert (g_strcmp0 (json_object_get_string_member_with_default (document, "recipient",
                                                                      NULL),
                          plr_view_result_get_recipient (result)) == 0);
  fuzz_assert (g_strcmp0 (json_object_get_string_member_with_default (document, "purpose", NULL),
                          plr_view_result_get_purpose (result)) == 0);

  learner = json_object_get_object_member (document, "learner");
  fuzz_assert (learner != NULL);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    check_json_value (learner, plr_learner_field_info (i),
                      plr_view_result_get_learner_value (result, i));

  events = json_object_get_array_member (document, "events");
  fuzz_assert (events != NULL && json_array_get_length (events) == n_entries);
  for (guint e = 0; e < n_entries; e++)
    {
      JsonObject *event = json_array_get_object_element (events, e);

      fuzz_assert (event != NULL);
      for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
        if (i != PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)
          check_json_value (event, plr_event_field_info (i),
                            plr_view_result_get_entry_value (result, e, i));
    }
}

static void
check_pdf (PlrViewResult *result)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  fuzz_assert (plr_view_pdf_count_pages (result) >= 1);

  ok = plr_view_pdf_render (result, stream, NULL, &error);
  if (!ok)
    fprintf (stderr, "the PDF was not made: %s\n", error->message);
  fuzz_assert (ok && error == NULL);
  fuzz_assert (g_output_stream_close (stream, NULL, NULL));
  pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  fuzz_assert (g_bytes_get_size (pdf) > 5);
  fuzz_assert (memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) == 0);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_target_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrView) view = NULL;
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GError) error = NULL;
  PlrLearner *learner;
  guint n_events;

  if (FUZZ_SKIP_LENIENT_JSON (data, size))
    return 0;

  record = plr_record_file_read_bytes (bytes, NULL, &error);
  fuzz_assert ((record == NULL) == (error != NULL));
  if (record == NULL)
    return 0;

  n_events = plr_record_get_n_events (record);
  if (n_events > MAX_EVENTS)
    return 0;

  /* Everything, and the view's own words from the record's values, as a
   * learner could type them. */
  learner = plr_record_get_learner (record);
  view = plr_view_new ();
  plr_view_set_name (view, plr_learner_get_value (learner, PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16));
  plr_view_set_recipient (view, plr_learner_get_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME));
  plr_view_set_purpose (view, plr_learner_get_value (learner, PLR_LEARNER_FIELD_ADDRESS_LINE_1));
  plr_view_set_use_rule (view, FALSE);
  plr_view_set_event_fields (view, (G_GUINT64_CONSTANT (1) << PLR_EVENT_N_FIELDS) - 1);
  plr_view_set_learner_fields (view, (G_GUINT64_CONSTANT (1) << PLR_LEARNER_N_FIELDS) - 1);
  plr_view_set_mark_challenged (view, TRUE);
  plr_view_set_order (view, (PlrViewOrder) (size % 3));
  if (size % 2 == 0)
    {
      g_autoptr(GDateTime) expires = g_date_time_new_utc (2032, 1, 31, 12, 0, 0);

      plr_view_set_share_code (view, "7KQ4-M2XP-9RTA");
      plr_view_set_share_expires_at (view, expires);
    }
  for (guint i = 0; i < n_events; i++)
    plr_view_pick_entry (view, plr_learning_event_get_id (plr_record_get_event (record, i)));

  result = plr_view_apply (view, record, &error);
  if (result == NULL)
    fprintf (stderr, "the view was refused: %s\n", error->message);
  fuzz_assert (result != NULL && error == NULL);
  fuzz_assert (plr_view_result_get_n_entries (result) == n_events);

  json = plr_view_json_render (result);
  fuzz_assert (json != NULL);
  check_json (result, json);

  html = plr_view_html_render (result);
  fuzz_assert (html != NULL);
  check_html (html);
  check_html_values (result, html);

  check_pdf (result);

  return 0;
}
