/* test-strict-corpus.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The hostile files of issue 20 (tests/fixtures/strict/), each with the
 * outcome it must have: refused with a message that names the problem, or
 * read as written. They are fuzz seeds too (tests/fuzz/make-corpus.py). */

#include "config.h"

#include <string.h>

#include "plr-lrs-xml.h"
#include "plr-record-json.h"
#include "plr-text.h"

typedef struct
{
  const char *file;
  const char *message;  /* a part of the refusal, or NULL when it reads */
} Case;

static const Case cases[] = {
  { "int-wrap-id.json", "events[0].id: the number at line 1, column 104 is outside every range" },
  { "int-negative-credits.json", "events[0].credits: expected a whole number from 0 to 100000" },
  { "int-negative-gender.json", "learner.gender: the number at line 1" },
  { "int-version-wrap.json", "version: the number at line 1" },
  { "dup-grade.json", "events[0].grade: the member “grade” appears twice in one object" },
  { "dup-grade-escaped.json", "events[0].grade: the member “grade” appears twice" },
  { "dup-uln.json", "learner.uln: the member “uln” appears twice" },
  { "dup-events.json", "events: the member “events” appears twice" },
  { "dup-after-many-members.json", "learner.x17: the member “x17” appears twice" },
  { "dup-event-id.json",
    "events[1].id: the learning event ID 4100002 is given twice, at events[0] and at events[1]" },
  { "linked-ulns-100.json", NULL },
  { "linked-ulns-101.json", "learner.linked_ulns: more than 100 linked ULNs" },
  { "date-29-feb-2023.json", "events[0].achievement_award_date: 29 February 2023 does not exist" },
  { "raw-nul.json", "it holds a NUL byte at line 2, column 55" },
  { "lrs-huge-id.xml", "ID: expected a whole number from 0 to 9223372036854775807" },
  { "lrs-negative-credits.xml", "Credits: expected a whole number from 0 to 100000" },
  { "lrs-dup-event-id.xml", "the learning event ID 4815162 is given twice, at LearningEvent[0] "
                            "and at LearningEvent[1]" },
  { "bidi-grade-zwsp.json", "events[0].grade: holds an invisible or direction-changing "
                            "character (U+200B)" },
  { "bidi-grade-rlo.json", "events[0].grade: holds an invisible or direction-changing "
                           "character (U+202E)" },
  { "bidi-level-embedding.json", "events[0].level: holds an invisible or direction-changing "
                                 "character (U+202B)" },
  { "kept-bidi-subject-rlo.json", NULL },
  { "lrs-header-result.xml", "it holds more than one GetLearnerLearningEventsResult" },
  { "lrs-header-only-result.xml", "its GetLearnerLearningEventsResult is not in the response" },
  { "lrs-second-body.xml", "it holds more than one GetLearnerLearningEventsResult" },
  { "lrs-nested-result.xml", "it holds more than one GetLearnerLearningEventsResult" },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "fixtures", "strict", c->file,
                                                 NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (contents, length);

  if (g_str_has_suffix (c->file, ".xml"))
    record = plr_lrs_xml_read (bytes, NULL, &error);
  else
    record = plr_record_json_read (bytes, NULL, &error);

  if (c->message == NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (record);

      /* Free text with a bidi control: kept as written, flagged, and shown
       * isolated (docs/record-format.md). */
      if (g_str_has_prefix (c->file, "kept-bidi-"))
        {
          const char *subject = plr_learning_event_get_subject (plr_record_get_event (record, 0));
          g_autofree char *shown = plr_text_display (subject);

          g_assert_nonnull (strstr (subject, "\u202E"));
          g_assert_true (plr_text_has_hidden_marks (subject));
          g_assert_true (g_str_has_prefix (shown, "\u2068"));
          g_assert_true (g_str_has_suffix (shown, "\u2069"));
        }
      return;
    }

  g_assert_null (record);
  g_assert_nonnull (error);
  g_test_message ("%s: %s", c->file, error->message);
  if (strstr (error->message, c->message) == NULL)
    {
      g_test_message ("%s: expected “%s” in “%s”", c->file, c->message, error->message);
      g_test_fail ();
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/strict-corpus/%s", cases[i].file);
      g_test_add_data_func (name, &cases[i], test_case);
    }

  return g_test_run ();
}
