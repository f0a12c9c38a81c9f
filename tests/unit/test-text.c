/* test-text.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Free text that holds invisible or direction-changing characters is kept
 * and shown isolated (issue 20, item 6): the helper every renderer calls. */

#include "config.h"

#include "plr-text.h"

#define FSI "\u2068"
#define PDI "\u2069"
#define PDF "\u202C"

static void
test_hidden_marks (void)
{
  /* The bidi controls named in docs/record-format.md, one by one, then
   * other format characters. */
  static const gunichar marks[] = {
    0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
    0x200E, 0x200F, 0x061C, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD,
  };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      char buf[8] = { 0 };
      g_autofree char *text = NULL;

      g_unichar_to_utf8 (marks[i], buf);
      text = g_strconcat ("Maths", buf, "GCSE", NULL);
      g_test_message ("U+%04X", marks[i]);
      g_assert_true (plr_text_has_hidden_marks (text));
    }

  g_assert_false (plr_text_has_hidden_marks (NULL));
  g_assert_false (plr_text_has_hidden_marks (""));
  g_assert_false (plr_text_has_hidden_marks ("Mathematics"));
  /* Right-to-left letters are not marks: Arabic and Hebrew subjects are
   * ordinary text. */
  g_assert_false (plr_text_has_hidden_marks ("اللغة العربية"));
  g_assert_false (plr_text_has_hidden_marks ("Cymraeg – Iaith a Llên"));
}

static void
check_isolate (const char *text,
               const char *expected)
{
  g_autofree char *shown = plr_text_isolate (text);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_isolate (void)
{
  g_assert_null (plr_text_isolate (NULL));
  check_isolate ("", FSI PDI);
  check_isolate ("Mathematics", FSI "Mathematics" PDI);

  /* An override left open is closed inside the isolate. */
  check_isolate ("Maths \u202E5 edarG", FSI "Maths \u202E5 edarG" PDF PDI);
  /* Closed ones are left as they are. */
  check_isolate ("a\u202Bb\u202Cc", FSI "a\u202Bb\u202Cc" PDI);
  check_isolate ("a\u2067b\u2069c", FSI "a\u2067b\u2069c" PDI);
  /* Nested and left open: closed innermost first. */
  check_isolate ("a\u202Db\u2066c\u202Ed",
                 FSI "a\u202Db\u2066c\u202Ed" PDF PDI PDF PDI);
  /* A PDI closes the embeddings opened inside its isolate. */
  check_isolate ("\u2067\u202Ex\u2069y\u202Bz",
                 FSI "\u2067\u202Ex\u2069y\u202Bz" PDF PDI);
  /* A PDI that closes nothing the text opened would end our isolate. */
  check_isolate ("x\u2069\u202Ey", FSI "x\u202Ey" PDF PDI);
  /* A PDF that closes nothing is ignored by the algorithm: kept. */
  check_isolate ("x\u202Cy", FSI "x\u202Cy" PDI);
  /* A PDF cannot close an embedding outside the innermost isolate. */
  check_isolate ("\u202B\u2066\u202C", FSI "\u202B\u2066\u202C" PDI PDF PDI);
}

static void
test_display (void)
{
  g_autofree char *plain = plr_text_display ("Mathematics");
  g_autofree char *marked = plr_text_display ("Maths\u200B");
  g_autofree char *none = plr_text_display (NULL);

  g_assert_cmpstr (plain, ==, "Mathematics");
  g_assert_cmpstr (marked, ==, FSI "Maths\u200B" PDI);
  g_assert_null (none);

  /* A display form shown again is not wrapped twice; a text that only
   * looks like one is. */
  {
    g_autofree char *again = plr_text_display (marked);
    g_autofree char *unbalanced = plr_text_display (FSI "a" PDI "\u202Eb" PDI);

    g_assert_cmpstr (again, ==, marked);
    g_assert_cmpstr (unbalanced, ==, FSI FSI "a" PDI "\u202Eb" PDF PDI);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/hidden-marks", test_hidden_marks);
  g_test_add_func ("/text/isolate", test_isolate);
  g_test_add_func ("/text/display", test_display);

  return g_test_run ();
}
