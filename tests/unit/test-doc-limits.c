/* test-doc-limits.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* docs/record-format.md is the contract: this test reads its field tables
 * and its Limits paragraph and holds the field table (plr-field.c) and the
 * reader's limits to them, so that the document and the check cannot drift
 * apart again (issue 20: 100 linked ULNs were documented and refused). */

#include "config.h"

#include <string.h>

#include "plr-field.h"
#include "plr-record-json.h"

static char *
read_doc (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "docs",
                                                 "record-format.md", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static PlrFieldKind
kind_from_doc (const char *kind)
{
  if (g_str_equal (kind, "text"))
    return PLR_FIELD_KIND_TEXT;
  if (g_str_equal (kind, "date"))
    return PLR_FIELD_KIND_DATE;
  if (g_str_equal (kind, "date and time"))
    return PLR_FIELD_KIND_DATETIME;
  if (g_str_equal (kind, "integer"))
    return PLR_FIELD_KIND_INT;
  if (g_str_equal (kind, "flag"))
    return PLR_FIELD_KIND_FLAG;
  if (g_str_equal (kind, "ULN"))
    return PLR_FIELD_KIND_ULN;
  if (g_str_equal (kind, "array of ULN strings"))
    return PLR_FIELD_KIND_ULN_LIST;
  g_error ("unknown kind “%s” in docs/record-format.md", kind);
}

/* An integer's documented range: "0 to 100000", "0 or more", or codes
 * ("0 not known, 1 male, 2 female, 9 not specified"). */
static void
check_integer (const PlrFieldInfo *info,
               const char         *notes)
{
  g_autoptr(GRegex) range = g_regex_new ("(-?\\d+) to (-?\\d+)", 0, 0, NULL);
  g_autoptr(GRegex) code = g_regex_new ("(?:^|, )(-?\\d+) [a-z]", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (g_regex_match (range, notes, 0, &match))
    {
      g_autofree char *min = g_match_info_fetch (match, 1);
      g_autofree char *max = g_match_info_fetch (match, 2);

      g_assert_cmpint (info->min_value, ==, g_ascii_strtoll (min, NULL, 10));
      g_assert_cmpint (info->max_value, ==, g_ascii_strtoll (max, NULL, 10));
      g_assert_null (info->allowed);
      return;
    }
  g_clear_pointer (&match, g_match_info_unref);

  if (strstr (notes, "0 or more") != NULL)
    {
      g_assert_cmpint (info->min_value, ==, 0);
      g_assert_null (info->allowed);
      return;
    }

  g_assert_nonnull (info->allowed);
  {
    guint n = 0;

    g_regex_match (code, notes, 0, &match);
    while (g_match_info_matches (match))
      {
        g_autofree char *value = g_match_info_fetch (match, 1);

        g_assert_cmpint (info->allowed[n], !=, G_MININT64);
        g_assert_cmpint (info->allowed[n], ==, g_ascii_strtoll (value, NULL, 10));
        n++;
        g_match_info_next (match, NULL);
      }
    g_assert_cmpint (info->allowed[n], ==, G_MININT64);
  }
}

/* A list of @n copies of one valid ULN, through the shared validator. */
static gboolean
uln_list_accepted (const PlrFieldInfo *info,
                   guint               n)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (list, "%s1000000043", i ? "," : "");
  value = plr_field_normalize (info, list->str, &error);
  return value != NULL;
}

static void
check_table (const char       *doc,
             const char       *heading,
             PlrFieldInfoFunc  info_func,
             int             (*from_name) (const char *name),
             guint             n_fields)
{
  const char *start = strstr (doc, heading);
  g_auto(GStrv) lines = NULL;
  g_autofree gboolean *seen = g_new0 (gboolean, n_fields);

  g_assert_nonnull (start);
  lines = g_strsplit (start, "\n", -1);

  /* The heading, a blank line, the header row and its rule, then rows */
  for (guint l = 4; lines[l] != NULL && lines[l][0] == '|'; l++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[l], "|", -1);
      g_auto(GStrv) members = NULL;
      char *kind;
      char *max;
      char *notes;

      g_assert_cmpuint (g_strv_length (cells), >=, 6);
      members = g_strsplit (g_strstrip (cells[1]), ",", -1);
      kind = g_strstrip (cells[2]);
      max = g_strstrip (cells[3]);
      notes = g_strstrip (cells[4]);

      for (guint m = 0; members[m] != NULL; m++)
        {
          char *name = g_strstrip (members[m]);
          const PlrFieldInfo *info;
          int field;

          g_assert_true (name[0] == '`' && name[strlen (name) - 1] == '`');
          name[strlen (name) - 1] = '\0';
          name++;

          field = from_name (name);
          g_test_message ("%s: %s, max “%s”", name, kind, max);
          g_assert_cmpint (field, >=, 0);
          info = info_func ((guint) field);
          g_assert_cmpstr (info->json_name, ==, name);
          g_assert_false (seen[field]);
          seen[field] = TRUE;

          g_assert_cmpint (info->kind, ==, kind_from_doc (kind));
          g_assert_cmpint (info->required, ==, strstr (notes, "**required**") != NULL);

          switch (info->kind)
            {
            case PLR_FIELD_KIND_TEXT:
              g_assert_cmpuint (info->max_length, ==, g_ascii_strtoull (max, NULL, 10));
              break;
            case PLR_FIELD_KIND_INT:
              g_assert_cmpstr (max, ==, "");
              check_integer (info, notes);
              break;
            case PLR_FIELD_KIND_ULN_LIST:
              {
                guint items = (guint) g_ascii_strtoull (max, NULL, 10);

                g_assert_true (g_str_has_suffix (max, " items"));
                g_assert_true (uln_list_accepted (info, items));
                g_assert_false (uln_list_accepted (info, items + 1));
              }
              break;
            default:
              g_assert_cmpstr (max, ==, "");
              break;
            }
        }
    }

  for (guint i = 0; i < n_fields; i++)
    if (!seen[i])
      g_error ("%s is not in the table under %s", info_func (i)->json_name, heading);
}

static void
test_field_tables (void)
{
  g_autofree char *doc = read_doc ();

  check_table (doc, "## `learner`", (PlrFieldInfoFunc) plr_learner_field_info,
               plr_learner_field_from_name, PLR_LEARNER_N_FIELDS);
  check_table (doc, "## `events[]`", (PlrFieldInfoFunc) plr_event_field_info,
               plr_event_field_from_name, PLR_EVENT_N_FIELDS);
}

static void
test_document_limits (void)
{
  g_autofree char *doc = read_doc ();
  const PlrRecordLimits *limits = plr_record_limits_default ();
  g_autoptr(GRegex) regex =
    g_regex_new ("a document over (\\d+) MiB, nesting deeper than (\\d+) levels,\\s+"
                 "more than ([\\d,]+) events", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *mib = NULL;
  g_autofree char *depth = NULL;
  g_autofree char *events = NULL;

  g_assert_true (g_regex_match (regex, doc, 0, &match));
  mib = g_match_info_fetch (match, 1);
  depth = g_match_info_fetch (match, 2);
  events = g_match_info_fetch (match, 3);
  {
    g_autoptr(GString) digits = g_string_new (NULL);

    for (const char *p = events; *p; p++)
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
    g_assert_cmpuint (limits->max_events, ==, g_ascii_strtoull (digits->str, NULL, 10));
  }
  g_assert_cmpuint (limits->max_bytes, ==, g_ascii_strtoull (mib, NULL, 10) * 1024 * 1024);
  g_assert_cmpuint (limits->max_depth, ==, g_ascii_strtoull (depth, NULL, 10));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/doc-limits/field-tables", test_field_tables);
  g_test_add_func ("/doc-limits/document-limits", test_document_limits);

  return g_test_run ();
}
