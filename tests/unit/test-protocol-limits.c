/* test-protocol-limits.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* docs/protocol.md is the contract: this test reads its Limits table and
 * the sentences that state the same limits, and holds them against the
 * reference service's and the app's constants (issue 20, item 5), so that the document
 * and the check cannot drift apart. */

#include "config.h"

#include <string.h>

#include "plr-client-limits.h"
#include "plr-field.h"
#include "plr-protocol-limits.h"

#define MIB (1024 * 1024)
#define DAY (24 * 3600)

static const struct
{
  const char *name;
  gint64      value;  /* bytes, seconds, characters or a count */
} expected[] = {
  { "request or response body", PLR_PROTOCOL_MAX_BODY_BYTES },
  { "events page `limit`, default", PLR_PROTOCOL_EVENTS_DEFAULT_LIMIT },
  { "events page `limit`, at most", PLR_PROTOCOL_EVENTS_MAX_LIMIT },
  { "access log page `limit`, default", PLR_PROTOCOL_LOG_DEFAULT_LIMIT },
  { "access log page `limit`, at most", PLR_PROTOCOL_LOG_MAX_LIMIT },
  { "share `view`", PLR_PROTOCOL_SHARE_MAX_VIEW_BYTES },
  { "share `recipient`, `purpose`, view `title`", PLR_PROTOCOL_SHARE_MAX_TEXT_CHARS },
  { "share expiry, default", PLR_PROTOCOL_SHARE_DEFAULT_SECONDS },
  { "share expiry, at most", PLR_PROTOCOL_SHARE_MAX_SECONDS },
  { "evidence file", PLR_PROTOCOL_MAX_EVIDENCE_BYTES },
  { "evidence files in one challenge", PLR_PROTOCOL_MAX_EVIDENCE_FILES },
  { "challenge `details`", PLR_PROTOCOL_MAX_DETAILS_CHARS },
  { "authorization code lifetime", PLR_PROTOCOL_AUTH_CODE_SECONDS },
};

static char *
read_doc (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "docs",
                                                 "protocol.md", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* "64 MiB", "30 days", "255 characters", "10": the value in the table's
 * units of bytes, seconds, characters or a count. */
static gint64
parse_value (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, " ", 2);
  gint64 number;
  gint64 scale = 1;

  if (!plr_parse_int (parts[0], strlen (parts[0]), 0, G_MAXINT32, &number))
    g_error ("the Limits table's value “%s” is not a whole number and a unit", text);

  if (parts[1] == NULL || g_str_equal (parts[1], "characters") ||
      g_str_equal (parts[1], "seconds"))
    scale = 1;
  else if (g_str_equal (parts[1], "MiB"))
    scale = MIB;
  else if (g_str_equal (parts[1], "days"))
    scale = DAY;
  else
    g_error ("the Limits table's unit “%s” is not one this test knows", parts[1]);

  return number * scale;
}

static void
test_limits_table (void)
{
  g_autofree char *doc = read_doc ();
  const char *section = strstr (doc, "\n## Limits\n");
  const char *end;
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_nonnull (section);
  section += strlen ("\n## Limits\n");
  end = strstr (section, "\n## ");
  table = end ? g_strndup (section, end - section) : g_strdup (section);
  lines = g_strsplit (table, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = NULL;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      gboolean known = FALSE;

      if (!g_str_has_prefix (lines[i], "| ") || g_str_has_prefix (lines[i], "| limit |"))
        continue;
      cells = g_strsplit (lines[i], "|", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 4);
      name = g_strstrip (g_strdup (cells[1]));
      value = g_strstrip (g_strdup (cells[2]));

      for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
        {
          if (!g_str_equal (expected[e].name, name))
            continue;
          g_test_message ("%s: %s", name, value);
          g_assert_cmpint (parse_value (value), ==, expected[e].value);
          g_hash_table_add (seen, (gpointer) expected[e].name);
          known = TRUE;
        }
      if (!known)
        g_error ("the Limits table's row “%s” is not checked against a constant", name);
    }

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    if (!g_hash_table_contains (seen, expected[e].name))
      g_error ("the Limits table has no row “%s”", expected[e].name);
}

/* The prose states some of the same limits; it must say the same. */
static void
test_limits_in_prose (void)
{
  g_autofree char *doc = read_doc ();
  g_autofree char *body = g_strdup_printf ("larger than %d MiB",
                                           PLR_PROTOCOL_MAX_BODY_BYTES / MIB);
  g_autofree char *too_large = g_strdup_printf ("the body is over %d MiB",
                                                PLR_PROTOCOL_MAX_BODY_BYTES / MIB);
  g_autofree char *page = g_strdup_printf ("`limit` is 1–%d (default %d)",
                                           PLR_PROTOCOL_EVENTS_MAX_LIMIT,
                                           PLR_PROTOCOL_EVENTS_DEFAULT_LIMIT);
  g_autofree char *view = g_strdup_printf ("%d MiB of `view`",
                                           PLR_PROTOCOL_SHARE_MAX_VIEW_BYTES / MIB);
  g_autofree char *recipient = g_strdup_printf ("`recipient` (1–%d characters)",
                                                PLR_PROTOCOL_SHARE_MAX_TEXT_CHARS);
  g_autofree char *purpose = g_strdup_printf ("`purpose` (at most %d)",
                                              PLR_PROTOCOL_SHARE_MAX_TEXT_CHARS);
  g_autofree char *expiry = g_strdup_printf ("%d days after `created_at`",
                                             PLR_PROTOCOL_SHARE_DEFAULT_SECONDS / DAY);
  g_autofree char *cap = g_strdup_printf ("most %d days ahead",
                                          PLR_PROTOCOL_SHARE_MAX_SECONDS / DAY);
  g_autofree char *evidence = g_strdup_printf ("at most %d MiB\n  each",
                                               PLR_PROTOCOL_MAX_EVIDENCE_BYTES / MIB);
  g_autofree char *code = g_strdup_printf ("lives %d seconds", PLR_PROTOCOL_AUTH_CODE_SECONDS);
  const char *sentences[] = {
    body, too_large, page, view, recipient, purpose, expiry, cap, evidence, code,
  };
  g_autoptr(GString) flat = g_string_new (NULL);

  /* Sentences wrap anywhere: compare with the lines joined. */
  for (const char *p = doc; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          while (p[1] == ' ')
            p++;
          g_string_append_c (flat, ' ');
        }
      else
        g_string_append_c (flat, *p);
    }

  for (guint i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      g_autofree char *wanted = g_strdup (sentences[i]);

      g_strdelimit (wanted, "\n", ' ');
      for (char *q; (q = strstr (wanted, "  ")) != NULL;)
        memmove (q, q + 1, strlen (q));
      g_test_message ("%s", wanted);
      if (strstr (flat->str, wanted) == NULL)
        g_error ("docs/protocol.md does not say “%s”", wanted);
    }
}

/* The app's client holds answers to the same limits the document states. */
static void
test_client_limits (void)
{
  g_autofree char *doc = read_doc ();
  g_autofree char *waits = g_strdup_printf ("Learning Record waits up to %d seconds inside one request",
                                            PLR_CLIENT_MAX_RETRY_AFTER_SECONDS);
  g_autofree char *expires = g_strdup_printf ("| `expires_in` (token answer) | 1 to %d (seconds)",
                                              PLR_CLIENT_MAX_EXPIRES_IN);
  g_autoptr(GString) flat = g_string_new (NULL);

  /* The body limit and the page the client asks for are the service's. */
  g_assert_cmpint (PLR_CLIENT_MAX_RESPONSE_BYTES, ==, PLR_PROTOCOL_MAX_BODY_BYTES);
  g_assert_cmpint (PLR_CLIENT_EVENTS_PAGE_SIZE, ==, PLR_PROTOCOL_EVENTS_MAX_LIMIT);

  for (const char *p = doc; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          while (p[1] == ' ')
            p++;
          g_string_append_c (flat, ' ');
        }
      else
        g_string_append_c (flat, *p);
    }
  if (strstr (flat->str, waits) == NULL)
    g_error ("docs/protocol.md does not say “%s”", waits);
  if (strstr (flat->str, expires) == NULL)
    g_error ("docs/protocol.md does not say “%s”", expires);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/protocol-limits/table", test_limits_table);
  g_test_add_func ("/protocol-limits/prose", test_limits_in_prose);
  g_test_add_func ("/protocol-limits/client", test_client_limits);

  return g_test_run ();
}
