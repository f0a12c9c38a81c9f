/* plr-view-html.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view-html"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-text.h"
#include "plr-view-html.h"

/* A view as one self-contained, accessible HTML file: no scripts, no
 * external resources (a Content-Security-Policy forbids them), inline CSS
 * that prints well on A4, a table with a caption and header cells, and
 * challenged entries marked in words. Every value is escaped. */

static const char style_sheet[] =
  ":root { color-scheme: light; }\n"
  "body { margin: 0; background: #fff; color: #1e1e1e;\n"
  "  font: 11pt/1.45 Cantarell, \"DejaVu Sans\", \"Segoe UI\", Roboto, sans-serif; }\n"
  "main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 3rem; }\n"
  "h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .25rem; }\n"
  "h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; padding-bottom: .3rem;\n"
  "  border-bottom: 1px solid #c0bfbc; }\n"
  "p { margin: .3rem 0; }\n"
  ".learner-name { font-size: 1.35rem; font-weight: bold; margin: 0 0 .6rem; }\n"
  ".prepared { font-size: 1.05rem; }\n"
  ".provenance { color: #5e5c64; }\n"
  ".share { margin-top: 1rem; padding: .6rem .9rem; border: 1px solid #c0bfbc;\n"
  "  border-left: 4px solid #1c71d8; background: #f6f5f4; }\n"
  ".share-code { font-family: \"DejaVu Sans Mono\", monospace; font-weight: bold;\n"
  "  letter-spacing: .05em; }\n"
  "dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1.5rem; margin: 0; }\n"
  "dt { color: #5e5c64; }\n"
  "dd { margin: 0; }\n"
  "table { width: 100%; border-collapse: collapse; font-size: .95rem; }\n"
  "caption { text-align: left; color: #5e5c64; padding-bottom: .4rem; }\n"
  "th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; }\n"
  "thead th { font-size: .85rem; border-bottom: 2px solid #77767b; }\n"
  "tbody th { font-weight: normal; }\n"
  "tbody tr:nth-child(even) { background: #f6f5f4; }\n"
  "tbody tr.group { background: none; }\n"
  "tbody tr.group th { font-weight: bold; font-size: 1rem; padding-top: 1rem;\n"
  "  border-bottom: 1px solid #c0bfbc; }\n"
  "td.number { text-align: right; font-variant-numeric: tabular-nums; }\n"
  "tr.challenged > :first-child { border-left: 4px solid #c01c28; }\n"
  ".flag { display: block; margin-top: .15rem; color: #a51d2d; font-weight: bold;\n"
  "  font-size: .85rem; }\n"
  ".note { color: #5e5c64; font-size: .95rem; }\n"
  "footer { margin-top: 2.5rem; padding-top: .6rem; border-top: 1px solid #c0bfbc;\n"
  "  color: #5e5c64; font-size: .85rem; }\n"
  "@page { size: A4; margin: 16mm 14mm; }\n"
  "@media print {\n"
  "  body { font-size: 10pt; }\n"
  "  main { max-width: none; padding: 0; }\n"
  "  thead { display: table-header-group; }\n"
  "  tr { break-inside: avoid; }\n"
  "  h2 { break-after: avoid; }\n"
  "  tbody tr:nth-child(even), .share { -webkit-print-color-adjust: exact;\n"
  "    print-color-adjust: exact; }\n"
  "}\n";

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (html, escaped);
}

/* Free text from the record or the learner, in <bdi> so that a
 * direction-changing character in it stays inside it (docs/record-format.md). */
static void
append_text (GString    *html,
             const char *text)
{
  g_string_append (html, "<bdi>");
  append_escaped (html, text);
  g_string_append (html, "</bdi>");
}

static void
append_time (GString   *html,
             GDateTime *time)
{
  g_autofree char *iso = plr_view_format_iso_time (time);
  g_autofree char *words = plr_view_format_date (time);

  g_string_append_printf (html, "<time datetime=\"%s\">", iso);
  append_escaped (html, words);
  g_string_append (html, "</time>");
}

static void
append_value (GString            *html,
              const PlrFieldInfo *info,
              const char         *value,
              const char         *text)
{
  if (info->kind == PLR_FIELD_KIND_DATE)
    {
      g_string_append (html, "<time datetime=\"");
      append_escaped (html, value);
      g_string_append (html, "\">");
      append_escaped (html, text);
      g_string_append (html, "</time>");
    }
  else if (info->kind == PLR_FIELD_KIND_TEXT)
    append_text (html, text);
  else
    append_escaped (html, text);
}

static void
append_header (GString       *html,
               PlrViewResult *result,
               const char    *name)
{
  const char *recipient = plr_view_result_get_recipient (result);
  const char *purpose = plr_view_result_get_purpose (result);
  const char *code = plr_view_result_get_share_code (result);
  GDateTime *as_of = plr_view_result_get_as_of (result);
  GDateTime *expires_at = plr_view_result_get_share_expires_at (result);

  g_string_append (html, "<header>\n<h1>");
  append_text (html, plr_view_result_get_title (result));
  g_string_append (html, "</h1>\n");

  if (name != NULL)
    {
      g_string_append (html, "<p class=\"learner-name\">");
      append_text (html, name);
      g_string_append (html, "</p>\n");
    }

  if (recipient != NULL || purpose != NULL)
    {
      g_autofree char *line = NULL;

      /* Isolated, as they sit inside a sentence. */
      g_autofree char *shown_recipient = plr_text_display (recipient);
      g_autofree char *shown_purpose = plr_text_display (purpose);

      if (recipient != NULL && purpose != NULL)
        /* Translators: "Prepared for Acme Ltd, Job application" */
        line = g_strdup_printf (_("Prepared for %s, %s"), shown_recipient, shown_purpose);
      else if (recipient != NULL)
        line = g_strdup_printf (_("Prepared for %s"), shown_recipient);
      else
        line = g_strdup_printf (_("Purpose: %s"), shown_purpose);

      g_string_append (html, "<p class=\"prepared\">");
      append_escaped (html, line);
      g_string_append (html, "</p>\n");
    }

  g_string_append (html, "<p class=\"provenance\">");
  if (as_of != NULL)
    {
      append_escaped (html, _("From the learner’s record as fetched on"));
      g_string_append_c (html, ' ');
      append_time (html, as_of);
      g_string_append (html, ". ");
    }
  append_escaped (html, _("Generated on"));
  g_string_append_c (html, ' ');
  append_time (html, plr_view_result_get_generated_at (result));
  g_string_append (html, ".</p>\n");

  if (code != NULL || expires_at != NULL)
    {
      g_string_append (html, "<div class=\"share\">\n");
      if (code != NULL)
        {
          g_string_append (html, "<p>");
          append_escaped (html, _("Share code:"));
          g_string_append (html, " <span class=\"share-code\">");
          append_escaped (html, code);
          g_string_append (html, "</span></p>\n");
        }
      g_string_append (html, "<p>");
      if (expires_at != NULL)
        {
          append_escaped (html, _("This share expires on"));
          g_string_append_c (html, ' ');
          append_time (html, expires_at);
          g_string_append_c (html, ' ');
          append_escaped (html, _("(this is not an expiry of the qualifications)."));
        }
      else
        append_escaped (html, _("This share has no expiry date; the learner can withdraw it "
                                "at any time."));
      g_string_append (html, "</p>\n</div>\n");
    }

  g_string_append (html, "</header>\n");
}

static void
append_learner (GString       *html,
                PlrViewResult *result,
                guint64        name_fields)
{
  gboolean any = FALSE;

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      const char *value = plr_view_result_get_learner_value (result, i);
      g_autofree char *text = NULL;

      if (value == NULL || (name_fields & PLR_VIEW_FIELD_BIT (i)))
        continue;

      if (!any)
        {
          g_string_append (html, "<section aria-labelledby=\"learner-heading\">\n"
                                 "<h2 id=\"learner-heading\">");
          append_escaped (html, _("About the learner"));
          g_string_append (html, "</h2>\n<dl>\n");
          any = TRUE;
        }

      text = plr_view_format_learner_value (i, value);
      g_string_append (html, "<dt>");
      append_escaped (html, plr_learner_field_get_label (i));
      g_string_append (html, "</dt><dd>");
      append_value (html, plr_learner_field_info (i), value, text);
      g_string_append (html, "</dd>\n");
    }

  if (any)
    g_string_append (html, "</dl>\n</section>\n");
}

static const char *
order_words (PlrViewResult *result)
{
  switch (plr_view_result_get_order (result))
    {
    case PLR_VIEW_ORDER_OLDEST_FIRST:
      return _("oldest first");
    case PLR_VIEW_ORDER_BY_LEVEL:
      return plr_view_result_get_is_grouped (result) ? _("grouped by level")
                                                     : _("ordered by level");
    case PLR_VIEW_ORDER_NEWEST_FIRST:
    default:
      return _("newest first");
    }
}

static void
append_flag (GString *html)
{
  g_string_append (html, " <strong class=\"flag\">");
  append_escaped (html, _("Under data challenge"));
  g_string_append (html, "</strong>");
}

static void
append_group_row (GString    *html,
                  const char *group,
                  guint       n_columns)
{
  g_string_append_printf (html, "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"%u\">",
                          MAX (n_columns, 1));
  append_escaped (html, group != NULL ? group : _("Level not recorded"));
  g_string_append (html, "</th></tr>\n");
}

static void
append_entries (GString       *html,
                PlrViewResult *result)
{
  guint n_entries = plr_view_result_get_n_entries (result);
  guint n_columns = plr_view_result_get_n_columns (result);
  gboolean grouped = plr_view_result_get_is_grouped (result);
  g_autofree char *caption = NULL;

  g_string_append (html, "<section aria-labelledby=\"entries-heading\">\n"
                         "<h2 id=\"entries-heading\">");
  append_escaped (html, _("Learning events"));
  g_string_append (html, "</h2>\n");

  if (plr_view_result_get_n_challenged (result) > 0)
    {
      g_string_append (html, "<p class=\"note\">");
      append_escaped (html, _("An entry marked “Under data challenge” is being checked because "
                              "someone asked for it to be corrected; its details may change."));
      g_string_append (html, "</p>\n");
    }

  if (n_entries == 0)
    {
      g_string_append (html, "<p>");
      append_escaped (html, _("This view holds no learning events."));
      g_string_append (html, "</p>\n</section>\n");
      return;
    }

  caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u learning event, %s",
                                          "%u learning events, %s", n_entries),
                             n_entries, order_words (result));

  g_string_append (html, "<table>\n<caption>");
  append_escaped (html, caption);
  g_string_append (html, "</caption>\n<thead>\n<tr>");
  if (n_columns == 0)
    {
      g_string_append (html, "<th scope=\"col\">");
      append_escaped (html, _("Entry"));
      g_string_append (html, "</th>");
    }
  for (guint c = 0; c < n_columns; c++)
    {
      g_string_append (html, "<th scope=\"col\">");
      append_escaped (html, plr_event_field_get_label (plr_view_result_get_column (result, c)));
      g_string_append (html, "</th>");
    }
  g_string_append (html, "</tr>\n</thead>\n");

  for (guint e = 0; e < n_entries; e++)
    {
      const char *group = plr_view_result_get_entry_group (result, e);
      gboolean challenged = plr_view_result_get_entry_challenged (result, e);

      if (e == 0 || plr_view_result_starts_group (result, e))
        {
          if (e > 0)
            g_string_append (html, "</tbody>\n");
          g_string_append (html, "<tbody>\n");
          if (grouped)
            append_group_row (html, group, n_columns);
        }

      g_string_append (html, challenged ? "<tr class=\"challenged\">" : "<tr>");
      if (n_columns == 0)
        {
          g_autofree char *label = g_strdup_printf (_("Entry %u"), e + 1);

          g_string_append (html, "<th scope=\"row\">");
          append_escaped (html, label);
          if (challenged)
            append_flag (html);
          g_string_append (html, "</th>");
        }
      for (guint c = 0; c < n_columns; c++)
        {
          PlrEventField field = plr_view_result_get_column (result, c);
          const PlrFieldInfo *info = plr_event_field_info (field);
          const char *value = plr_view_result_get_entry_value (result, e, field);
          g_autofree char *text = plr_view_format_event_value (field, value);

          /* The first column heads the row and carries the challenge mark. */
          if (c == 0)
            g_string_append (html, "<th scope=\"row\">");
          else if (info->kind == PLR_FIELD_KIND_INT)
            g_string_append (html, "<td class=\"number\">");
          else
            g_string_append (html, "<td>");

          if (text != NULL)
            append_value (html, info, value, text);

          if (c == 0 && challenged)
            append_flag (html);
          g_string_append (html, c == 0 ? "</th>" : "</td>");
        }
      g_string_append (html, "</tr>\n");
    }

  g_string_append (html, "</tbody>\n</table>\n</section>\n");
}

/**
 * plr_view_html_render:
 * @result: a filtered view
 *
 * Returns: (transfer full): a complete HTML document in UTF-8
 */
GBytes *
plr_view_html_render (PlrViewResult *result)
{
  g_autoptr(GString) html = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  guint64 name_fields = 0;
  gsize length;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), NULL);

  name = plr_view_result_dup_learner_name (result, &name_fields);
  if (name != NULL)
    /* Translators: the page title: "Qualifications and achievements – Siân Jones" */
    title = g_strdup_printf (_("%s – %s"), plr_view_result_get_title (result), name);
  else
    title = g_strdup (plr_view_result_get_title (result));

  html = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  /* Translators: the language of the shared page, as an HTML lang attribute */
  append_escaped (html, C_("html lang", "en-GB"));
  g_string_append (html, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" "
                         "content=\"width=device-width, initial-scale=1\">\n"
                         "<meta http-equiv=\"Content-Security-Policy\" "
                         "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
                         "<meta name=\"referrer\" content=\"no-referrer\">\n"
                         "<meta name=\"generator\" content=\"Learning Record\">\n<title>");
  append_escaped (html, title);
  g_string_append_printf (html, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n",
                          style_sheet);

  append_header (html, result, name);
  append_learner (html, result, name_fields);
  append_entries (html, result);

  g_string_append (html, "<footer>\n<p>");
  append_escaped (html, _("The learner chose what this document shows from their Personal "
                          "Learning Record, kept by the Learning Records Service. Prepared with "
                          "Learning Record."));
  g_string_append (html, "</p>\n</footer>\n</main>\n</body>\n</html>\n");

  length = html->len;
  return g_bytes_new_take (g_string_free (g_steal_pointer (&html), FALSE), length);
}
