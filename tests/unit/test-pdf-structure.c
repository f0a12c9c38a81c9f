/* test-pdf-structure.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every kind of PDF the app makes (a view, a challenge letter, a rights
 * letter) is tagged and has an outline and metadata, read back the way a
 * reader does: pdfinfo for the metadata and "Tagged: yes", pdfinfo -struct
 * for the structure tree (headings, paragraphs, tables, lists), and the
 * outline from the PDF's /Outlines. cairo 1.16 cannot write the document's
 * language (/Lang), so that is not checked.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "plr-challenge-letter.h"
#include "plr-challenge-private.h"
#include "plr-recipients.h"
#include "plr-rights-letter.h"
#include "plr-sample.h"
#include "plr-view-pdf.h"
#include "plr-view-result.h"
#include "plr-view.h"

static gboolean
have_pdfinfo (void)
{
  g_autofree char *path = g_find_program_in_path ("pdfinfo");

  if (path == NULL)
    g_test_skip ("pdfinfo (poppler-utils) is not installed");
  return path != NULL;
}

static char *
run_pdfinfo (const char *option,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv_with[] = { "pdfinfo", option, path, NULL };
  const char *argv_without[] = { "pdfinfo", path, NULL };

  g_spawn_sync (NULL, (char **) (option ? argv_with : argv_without), NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

/* Writes @memory's PDF to a file, checks what every kind has, and returns
 * the structure tree as pdfinfo -struct prints it. */
static char *
check_pdf (GOutputStream *memory,
           const char    *title,
           const char    *author)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("plr-pdf-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *info = NULL;
  g_autofree char *title_line = g_strdup_printf ("Title:           %s\n", title);
  char *structure;

  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (memory, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  path = g_build_filename (dir, "document.pdf", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));

  info = run_pdfinfo (NULL, path);
  assert_contains (info, title_line);
  assert_contains (info, "Tagged:          yes\n");
  /* The author is the learner only where the document shows their name. */
  if (author != NULL)
    {
      g_autofree char *author_line = g_strdup_printf ("Author:          %s\n", author);

      assert_contains (info, author_line);
    }
  else if (strstr (info, "Author:") != NULL)
    g_error ("a document without the learner's name has an author:\n%s", info);
  assert_contains (info, "Creator:         Learning Record\n");
  assert_contains (info, "Subject:         ");
  assert_contains (info, "CreationDate:    ");

  /* The outline, as poppler reads it: pdftohtml -xml writes it as
   * <outline> items. (Reading the catalog's bytes works only for cairo
   * 1.16; 1.18, in Debian 13, puts it in a compressed object stream.) */
  {
    const char *argv[] = { "pdftohtml", "-xml", "-stdout", "-i", "-q", path, NULL };
    g_autofree char *xml = NULL;
    int status = 0;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &xml, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    assert_contains (xml, "<outline>");
    assert_contains (xml, title);
  }

  /* PLR_TEST_KEEP_PDFS=DIR keeps a copy to look at. */
  if (g_getenv ("PLR_TEST_KEEP_PDFS") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s.pdf", title);
      g_autofree char *kept = g_build_filename (g_getenv ("PLR_TEST_KEEP_PDFS"), name, NULL);

      g_assert_true (g_file_set_contents (kept, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL));
    }

  structure = run_pdfinfo ("-struct", path);
  assert_contains (structure, "Document");
  assert_contains (structure, "H1");
  assert_contains (structure, "P (block)");

  g_unlink (path);
  g_rmdir (dir);
  return structure;
}

static void
test_view_pdf (void)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (7, 30);
  g_autoptr(PlrView) view = plr_view_new_preset (PLR_VIEW_PRESET_JOB_APPLICATION);
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *structure = NULL;
  g_autofree char *name = NULL;

  if (!have_pdfinfo ())
    return;

  result = plr_view_apply (view, record, &error);
  g_assert_no_error (error);
  g_assert_true (plr_view_pdf_render (result, memory, NULL, &error));
  g_assert_no_error (error);

  name = plr_view_result_dup_learner_name (result, NULL);
  g_assert_nonnull (name);
  structure = check_pdf (memory, plr_view_result_get_title (result), name);
  /* The section headings, and the events as a table with a header row. */
  assert_contains (structure, "H2");
  assert_contains (structure, "Table");
  assert_contains (structure, "TR");
  assert_contains (structure, "TH");
  assert_contains (structure, "TD");
}

static void
test_challenge_letter_pdf (void)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(PlrLearningEvent) event = plr_learning_event_new ();
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(PlrChallengeLetter) letter = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *structure = NULL;

  if (!have_pdfinfo ())
    return;

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME, "Siân");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, "ap Gwŷn");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, "4100002");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT, "GCE in English Literature");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "B");
  challenge = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                           PLR_CHALLENGE_REASON_WRONG_GRADE);
  plr_challenge_set_proposed_value (challenge, "A");
  plr_challenge_set_details (challenge, "My certificate shows grade A.");
  letter = plr_challenge_letter_new (challenge, learner, NULL,
                                     PLR_CHALLENGE_LETTER_TO_PROVIDER);

  g_assert_true (plr_challenge_letter_render_pdf (letter, memory, NULL, &error));
  g_assert_no_error (error);

  structure = check_pdf (memory, "Data challenge", "Siân ap Gwŷn");
  assert_contains (structure, "H2");
  /* The learner's own words are a quotation. */
  assert_contains (structure, "BlockQuote");
}

static void
test_rights_letter_pdf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrRecipients) recipients = plr_recipients_new_default (&error);
  g_autoptr(PlrRightsLetter) letter = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autofree char *subject = NULL;
  g_autofree char *structure = NULL;

  if (!have_pdfinfo ())
    return;

  g_assert_no_error (error);
  letter = plr_rights_letter_new (PLR_RIGHTS_LETTER_SUBJECT_ACCESS,
                                  plr_recipients_lookup (recipients, "dfe"));
  subject = plr_rights_letter_dup_subject (letter);
  g_assert_true (plr_rights_letter_render_pdf (letter, memory, NULL, &error));
  g_assert_no_error (error);

  /* No name given: no author. */
  structure = check_pdf (memory, subject, NULL);
  /* What the letter asks for is a list. */
  assert_contains (structure, "L (block)");
  assert_contains (structure, "LI");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pdf-structure/view", test_view_pdf);
  g_test_add_func ("/pdf-structure/challenge-letter", test_challenge_letter_pdf);
  g_test_add_func ("/pdf-structure/rights-letter", test_rights_letter_pdf);

  return g_test_run ();
}
