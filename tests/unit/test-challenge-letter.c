/* test-challenge-letter.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The paper route: a challenge letter as plain text, wrapped for an email,
 * and as a PDF whose text (as pdftotext reads it) says the same. What the
 * learner wrote is kept as text: Welsh letters survive, markup is not
 * read, control characters are dropped. */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plr-challenge-letter.h"
#include "plr-challenge-private.h"
#include "plr-evidence.h"

#define HASH_1 "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
#define HASH_2 "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"

static PlrLearner *
make_learner (void)
{
  PlrLearner *learner = plr_learner_new ();

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, "9276308686");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME, "Siân");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, "ap Gwŷn");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH, "2004-02-29");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_LINE_1, "2 Heol y Bryn");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_TOWN, "Llanfair-ym-Muallt");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_POST_CODE, "LD2 3AA");
  return learner;
}

static PlrLearningEvent *
make_event (void)
{
  PlrLearningEvent *event = plr_learning_event_new ();

  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ID, "4100002");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT,
                                "Level 3 Advanced GCE in English Literature A");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT_CODE, "50079116");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE, "GCE A level");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, "B");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE, "2022-08-18");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME, "WJEC-CBAC");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
                                "Coleg Cambria <Wrecsam>");
  return event;
}

static GPtrArray *
make_evidence (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_evidence_free);
  PlrEvidence *first = g_new0 (PlrEvidence, 1);
  PlrEvidence *second = g_new0 (PlrEvidence, 1);

  first->name = g_strdup ("tystysgrif-CBAC.pdf");
  first->media_type = g_strdup ("application/pdf");
  first->size = 120400;
  first->sha256 = g_strdup (HASH_1);
  second->name = g_strdup ("results slip (scan).jpg");
  second->media_type = g_strdup ("image/jpeg");
  second->size = 2048;
  second->sha256 = g_strdup (HASH_2);
  g_ptr_array_add (list, first);
  g_ptr_array_add (list, second);

  return list;
}

#define DETAILS \
  "My certificate from WJEC-CBAC, dated 18 August 2022, shows grade A, not B. I enclose it " \
  "with my results slip from Ysgol Gyfun Gŵyr; both show the same candidate number.\r\n\r\n" \
  "\n\nPlease do not show <b>this</b> as bold & keep \x01 nothing odd.\n"

static PlrChallengeLetter *
make_letter (PlrChallengeLetterRecipient recipient)
{
  g_autoptr(PlrLearner) learner = make_learner ();
  g_autoptr(PlrLearningEvent) event = make_event ();
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autoptr(GPtrArray) evidence = make_evidence ();
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 1, 31, 10, 0, 0);
  PlrChallengeLetter *letter;

  challenge = plr_challenge_new_for_event (event, PLR_EVENT_FIELD_GRADE,
                                           PLR_CHALLENGE_REASON_WRONG_GRADE);
  plr_challenge_set_proposed_value (challenge, "A");
  plr_challenge_set_details (challenge, DETAILS);

  letter = plr_challenge_letter_new (challenge, learner, evidence, recipient);
  plr_challenge_letter_set_date (letter, date);

  return letter;
}

static void
assert_contains (const char *text,
                 const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, text);
}

/* Every line of the email fits in 72 characters, and nothing but line
 * breaks is a control character. */
static void
assert_well_formed (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p++)
    g_assert_true (*p == '\n' || !g_ascii_iscntrl (*p));

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_utf8_strlen (lines[i], -1) > 72)
      g_error ("line %u is longer than 72 characters: %s", i + 1, lines[i]);
}

static void
test_text_to_provider (void)
{
  g_autoptr(PlrChallengeLetter) letter = make_letter (PLR_CHALLENGE_LETTER_TO_PROVIDER);
  g_autofree char *text = plr_challenge_letter_render_text (letter);
  g_autofree char *file_name = plr_challenge_letter_dup_file_name (letter, "txt");

  assert_well_formed (text);
  g_assert_true (g_str_has_prefix (text, "31 January 2026\n\nTo: Coleg Cambria <Wrecsam>\n"));
  assert_contains (text, "Data challenge: please correct my Personal Learning Record");
  assert_contains (text, "organisation portal");
  assert_contains (text, "Article 16");
  /* The learner, with the ULN grouped for reading aloud. */
  assert_contains (text, "  Full name: Siân ap Gwŷn\n");
  assert_contains (text, "  Date of birth: 29 February 2004\n");
  assert_contains (text, "  Unique Learner Number (ULN): 927 630 8686\n");
  assert_contains (text, "  Address: 2 Heol y Bryn, Llanfair-ym-Muallt, LD2 3AA\n");
  /* The entry. */
  assert_contains (text, "  Subject: Level 3 Advanced GCE in English Literature A\n");
  assert_contains (text, "  Subject code: 50079116\n");
  assert_contains (text, "  Awarding organisation: WJEC-CBAC\n");
  assert_contains (text, "  Awarded: 18 August 2022\n");
  assert_contains (text, "  LRS ID: 4100002\n");
  /* What is wrong. */
  assert_contains (text, "  Reason: The grade is wrong\n");
  assert_contains (text, "  Detail: Grade\n");
  assert_contains (text, "  Recorded now: B\n");
  assert_contains (text, "  It should be: A\n");
  /* The learner's words, wrapped and indented, line breaks kept, once. */
  assert_contains (text, "  My certificate from WJEC-CBAC, dated 18 August 2022, shows grade A,");
  assert_contains (text, "Ysgol Gyfun Gŵyr");
  assert_contains (text, "candidate number.\n\n  Please do not show <b>this</b> as bold & keep "
                         "nothing odd.\n");
  /* Evidence, with hashes whole on their own lines. */
  assert_contains (text, "  1. tystysgrif-CBAC.pdf (PDF document, 120.4 kB)\n");
  assert_contains (text, "      SHA-256:\n      " HASH_1 "\n");
  assert_contains (text, "  2. results slip (scan).jpg (JPEG image, 2.0 kB)\n");
  assert_contains (text, "      " HASH_2 "\n");
  /* One calendar month: 31 January gives 28 February. */
  assert_contains (text, "that is by 28 February 2026.");
  assert_contains (text, "Article 18");
  g_assert_true (g_str_has_suffix (text, "Yours faithfully,\n\nSiân ap Gwŷn\n"));

  g_assert_cmpstr (file_name, ==, "data-challenge-2026-01-31.txt");
}

static void
test_text_to_lrs (void)
{
  g_autoptr(PlrLearner) learner = make_learner ();
  g_autoptr(PlrChallenge) missing = plr_challenge_new_missing ();
  g_autoptr(PlrChallengeLetter) letter = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 12, 31, 9, 0, 0);
  g_autofree char *text = NULL;

  plr_challenge_set_proposed_value (missing, "GCSE Cymraeg Iaith, gradd A*, CBAC, haf 2019");
  letter = plr_challenge_letter_new (missing, learner, NULL, PLR_CHALLENGE_LETTER_TO_LRS);
  plr_challenge_letter_set_date (letter, date);
  text = plr_challenge_letter_render_text (letter);

  assert_well_formed (text);
  assert_contains (text, "To: the Learning Records Service service desk\n");
  assert_contains (text, "Dear Learning Records Service,");
  assert_contains (text, "not enrolled with a learning provider");
  assert_contains (text, "  Reason: An achievement is missing\n");
  assert_contains (text, "  Missing achievement: GCSE Cymraeg Iaith, gradd A*, CBAC, haf 2019\n");
  assert_contains (text, "that is by 31 January 2027.");
  g_assert_null (strstr (text, "The entry"));
  g_assert_null (strstr (text, "Evidence enclosed"));
  g_assert_null (strstr (text, "Article 18"));
}

/* The entry is gone from the record: the letter still describes it, and says so. */
static void
test_text_removed_entry (void)
{
  g_autoptr(PlrLearner) learner = make_learner ();
  g_autoptr(PlrLearningEvent) event = make_event ();
  g_autoptr(PlrChallenge) challenge = plr_challenge_new_for_entry (event,
                                                                   PLR_CHALLENGE_REASON_NOT_MINE);
  g_autoptr(PlrChallengeLetter) letter = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = NULL;

  _plr_challenge_set_stored (challenge, PLR_CHALLENGE_STATE_DRAFT, NULL, NULL, now, NULL, now,
                             TRUE);
  letter = plr_challenge_letter_new (challenge, learner, NULL, PLR_CHALLENGE_LETTER_TO_PROVIDER);
  plr_challenge_letter_set_recipient_name (letter, "Coleg Gwent");
  text = plr_challenge_letter_render_text (letter);

  assert_well_formed (text);
  assert_contains (text, "To: Coleg Gwent\n");
  assert_contains (text, "  Reason: This is not my achievement\n");
  assert_contains (text, "Remove this entry from my record.");
  assert_contains (text, "longer in my record as I last fetched it");
  assert_contains (text, "Level 3 Advanced GCE in English Literature A");
}

static gboolean
have_pdftotext (void)
{
  g_autofree char *path = g_find_program_in_path ("pdftotext");

  if (path == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return FALSE;
    }
  return TRUE;
}

static char *
pdf_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  int status;
  int fd;

  fd = g_file_open_tmp ("test-challenge-letter-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                       &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL,
                  G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                  &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_unlink (path);

  return g_steal_pointer (&out);
}

static void
test_pdf (void)
{
  g_autoptr(PlrChallengeLetter) letter = make_letter (PLR_CHALLENGE_LETTER_TO_PROVIDER);
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (plr_challenge_letter_render_pdf (letter, stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, NULL);
  pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_cmpuint (g_bytes_get_size (pdf), >, 1000);
  g_assert_true (memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) == 0);

  if (!have_pdftotext ())
    return;

  text = pdf_text (pdf);
  assert_contains (text, "31 January 2026");
  assert_contains (text, "To: Coleg Cambria <Wrecsam>");
  assert_contains (text, "Data challenge: please correct my");
  assert_contains (text, "Siân ap Gwŷn");
  assert_contains (text, "927 630 8686");
  assert_contains (text, "Level 3 Advanced GCE in English Literature A");
  assert_contains (text, "Recorded now");
  assert_contains (text, "It should be");
  assert_contains (text, "The grade is wrong");
  assert_contains (text, "Ysgol Gyfun Gŵyr");
  assert_contains (text, "<b>this</b>");
  assert_contains (text, "tystysgrif-CBAC.pdf");
  assert_contains (text, HASH_1);
  assert_contains (text, HASH_2);
  assert_contains (text, "28 February 2026");
  assert_contains (text, "Page 1 of");
}

/* A letter with far more than a page of details flows onto more pages. */
static void
test_pdf_pages (void)
{
  g_autoptr(PlrLearner) learner = make_learner ();
  g_autoptr(PlrChallenge) challenge = plr_challenge_new_missing ();
  g_autoptr(PlrChallengeLetter) letter = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (details, "Paragraff %u: mae’r dystysgrif yn dangos gradd A*.\n", i);
  plr_challenge_set_details (challenge, details->str);
  letter = plr_challenge_letter_new (challenge, learner, NULL, PLR_CHALLENGE_LETTER_TO_LRS);

  g_assert_true (plr_challenge_letter_render_pdf (letter, stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, NULL);
  pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));

  if (!have_pdftotext ())
    return;

  text = pdf_text (pdf);
  assert_contains (text, "Paragraff 0: mae’r dystysgrif");
  assert_contains (text, "Paragraff 119: mae’r dystysgrif");
  {
    const char *first = strstr (text, "Page 1 of ");
    g_autofree char *last = NULL;
    int n_pages;

    g_assert_nonnull (first);
    n_pages = atoi (first + strlen ("Page 1 of "));
    g_assert_cmpint (n_pages, >=, 3);
    last = g_strdup_printf ("Page %d of %d", n_pages, n_pages);
    assert_contains (text, last);
  }
}

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_pdf_file_async (void)
{
  g_autoptr(PlrChallengeLetter) letter = make_letter (PLR_CHALLENGE_LETTER_TO_LRS);
  g_autofree char *name = plr_challenge_letter_dup_file_name (letter, "pdf");
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  plr_challenge_letter_render_pdf_to_file_async (letter, file, NULL, on_written_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (plr_challenge_letter_render_pdf_to_file_finish (letter, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, "%PDF-", 5) == 0);
  g_assert_cmpstr (name, ==, "data-challenge-2026-01-31.pdf");
}

int
main (int   argc,
      char *argv[])
{
  /* English dates, whatever the machine's locale. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/challenge-letter/text-to-provider", test_text_to_provider);
  g_test_add_func ("/challenge-letter/text-to-lrs", test_text_to_lrs);
  g_test_add_func ("/challenge-letter/text-removed-entry", test_text_removed_entry);
  g_test_add_func ("/challenge-letter/pdf", test_pdf);
  g_test_add_func ("/challenge-letter/pdf-pages", test_pdf_pages);
  g_test_add_func ("/challenge-letter/pdf-file-async", test_pdf_file_async);

  return g_test_run ();
}
