/* test-evidence.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Evidence for data challenges: checked by content, not by name; at most
 * 10 MiB; kept as a private copy named by its SHA-256; read back and
 * checked when the challenge is sent, which is when a copy that vanished
 * or changed is caught. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plr-challenge-request.h"
#include "plr-evidence.h"

static const char pdf_data[] = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
static const guint8 png_data[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I',
                                   'H', 'D', 'R' };
static const guint8 jpeg_data[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0 };

typedef struct
{
  char *dir;          /* where the learner's files are */
  char *private_dir;  /* the app's private evidence folder */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint counter;

  fixture->dir = g_build_filename (g_get_user_data_dir (), "learner-files", NULL);
  fixture->private_dir = g_strdup_printf ("%s/learning-record-%u/evidence",
                                          g_get_user_data_dir (), ++counter);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0755), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->dir);
  g_free (fixture->private_dir);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const void *data,
            gsize       length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  if (handle == NULL)
    return 0;
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
test_sniff (void)
{
  g_assert_cmpstr (plr_evidence_sniff_media_type ((const guint8 *) pdf_data, strlen (pdf_data)),
                   ==, "application/pdf");
  g_assert_cmpstr (plr_evidence_sniff_media_type (png_data, sizeof png_data), ==, "image/png");
  g_assert_cmpstr (plr_evidence_sniff_media_type (jpeg_data, sizeof jpeg_data), ==,
                   "image/jpeg");
  g_assert_null (plr_evidence_sniff_media_type ((const guint8 *) "%PDF", 4));
  g_assert_null (plr_evidence_sniff_media_type ((const guint8 *) "GIF89a", 6));
  g_assert_null (plr_evidence_sniff_media_type ((const guint8 *) " %PDF-1.4", 9));
  g_assert_null (plr_evidence_sniff_media_type (NULL, 0));

  g_assert_true (plr_evidence_is_sha256 ("0123456789abcdef0123456789abcdef"
                                         "0123456789abcdef0123456789abcdef"));
  g_assert_false (plr_evidence_is_sha256 ("0123456789ABCDEF0123456789abcdef"
                                          "0123456789abcdef0123456789abcdef"));
  g_assert_false (plr_evidence_is_sha256 ("../../../../etc/passwd"));
  g_assert_false (plr_evidence_is_sha256 (""));
  g_assert_false (plr_evidence_is_sha256 (NULL));
}

/* Checked by content: a PDF named .png is a PDF, and its copy is private. */
static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "scan.png", pdf_data, strlen (pdf_data));
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(PlrEvidence) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                           (const guchar *) pdf_data,
                                                           strlen (pdf_data));
  g_autofree char *copy = NULL;
  gsize length;
  GStatBuf buf;

  evidence = plr_evidence_import (file, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evidence->name, ==, "scan.png");
  g_assert_cmpstr (evidence->media_type, ==, "application/pdf");
  g_assert_cmpint (evidence->size, ==, (gint64) strlen (pdf_data));
  g_assert_cmpstr (evidence->sha256, ==, expected);
  g_assert_cmpint (evidence->id, ==, 0);
  g_assert_true (g_str_has_prefix (evidence->path, fixture->private_dir));
  g_assert_true (g_str_has_suffix (evidence->path, expected));

  g_assert_true (g_file_get_contents (evidence->path, &copy, &length, NULL));
  g_assert_cmpmem (copy, length, pdf_data, strlen (pdf_data));

  g_assert_cmpint (g_stat (evidence->path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->private_dir, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0700);

  g_assert_true (plr_evidence_check_present (evidence, &error));
  g_assert_no_error (error);

  /* The same content again is kept once. */
  again = plr_evidence_import (file, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->path, ==, evidence->path);
  g_assert_cmpuint (count_files (fixture->private_dir), ==, 1);

  /* The learner's file is theirs: moving it away changes nothing. */
  g_assert_true (g_file_delete (file, NULL, NULL));
  g_assert_true (plr_evidence_check_present (evidence, &error));
  g_assert_no_error (error);
}

static void
test_types (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GFile) png = write_file (fixture, "photo.jpg", png_data, sizeof png_data);
  g_autoptr(GFile) jpeg = write_file (fixture, "letter", jpeg_data, sizeof jpeg_data);
  g_autoptr(GFile) text = write_file (fixture, "certificate.pdf", "Dear Siân,\n", 12);
  g_autoptr(GFile) empty = write_file (fixture, "empty.pdf", "", 0);
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  evidence = plr_evidence_import (png, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evidence->media_type, ==, "image/png");
  g_clear_pointer (&evidence, plr_evidence_free);

  evidence = plr_evidence_import (jpeg, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evidence->media_type, ==, "image/jpeg");
  g_clear_pointer (&evidence, plr_evidence_free);

  /* A .pdf that is text: refused, by name, and nothing is copied. */
  evidence = plr_evidence_import (text, fixture->private_dir, NULL, &error);
  g_assert_null (evidence);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "certificate.pdf"));
  g_assert_nonnull (strstr (error->message, "PDF"));
  g_clear_error (&error);

  evidence = plr_evidence_import (empty, fixture->private_dir, NULL, &error);
  g_assert_null (evidence);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_WRONG_TYPE);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);

  g_assert_cmpuint (count_files (fixture->private_dir), ==, 2);
}

static void
test_size (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *big = g_malloc0 (PLR_EVIDENCE_MAX_BYTES + 1);
  g_autoptr(GFile) at_limit = NULL;
  g_autoptr(GFile) over = NULL;
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (big, pdf_data, strlen (pdf_data));
  at_limit = write_file (fixture, "at-limit.pdf", big, PLR_EVIDENCE_MAX_BYTES);
  over = write_file (fixture, "over.pdf", big, PLR_EVIDENCE_MAX_BYTES + 1);

  evidence = plr_evidence_import (at_limit, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (evidence->size, ==, PLR_EVIDENCE_MAX_BYTES);
  g_clear_pointer (&evidence, plr_evidence_free);

  evidence = plr_evidence_import (over, fixture->private_dir, NULL, &error);
  g_assert_null (evidence);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "over.pdf"));
  g_assert_nonnull (strstr (error->message, "10 MiB"));
  g_assert_cmpuint (count_files (fixture->private_dir), ==, 1);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *missing_path = g_build_filename (fixture->dir, "gone.pdf", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  evidence = plr_evidence_import (missing, fixture->private_dir, NULL, &error);
  g_assert_null (evidence);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "gone.pdf"));
  g_clear_error (&error);

  evidence = plr_evidence_import (folder, fixture->private_dir, NULL, &error);
  g_assert_null (evidence);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_UNREADABLE);
  g_clear_error (&error);

  /* Cancelled: the cancellation, not a message about the file. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GFile) file = write_file (fixture, "ok.pdf", pdf_data, strlen (pdf_data));

    g_cancellable_cancel (cancellable);
    evidence = plr_evidence_import (file, fixture->private_dir, cancellable, &error);
    g_assert_null (evidence);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  }
}

static void
test_name_cleaned (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "tystysgrif\tSiân\x01.pdf", pdf_data,
                                      strlen (pdf_data));
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  evidence = plr_evidence_import (file, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (evidence->name, -1, NULL));
  for (const char *p = evidence->name; *p; p++)
    g_assert_false (g_ascii_iscntrl (*p));
  g_assert_nonnull (strstr (evidence->name, "Siân"));
}

static void
on_imported_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_import_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "results.jpeg", jpeg_data, sizeof jpeg_data);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;

  plr_evidence_import_async (file, fixture->private_dir, NULL, on_imported_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  evidence = plr_evidence_import_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evidence->media_type, ==, "image/jpeg");
  g_assert_true (g_file_test (evidence->path, G_FILE_TEST_IS_REGULAR));
}

/* Read back when sent: the same bytes, or an error when the copy vanished
 * or changed. */
static void
test_private_copy (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "certificate.pdf", pdf_data, strlen (pdf_data));
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) error = NULL;

  evidence = plr_evidence_import (file, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);

  content = plr_evidence_load_private_copy (fixture->private_dir, evidence->sha256,
                                            evidence->name, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (content, NULL), g_bytes_get_size (content), pdf_data,
                   strlen (pdf_data));
  g_clear_pointer (&content, g_bytes_unref);

  /* Changed after it was attached. */
  g_assert_true (g_file_set_contents (evidence->path, "%PDF-1.4 something else", -1, NULL));
  content = plr_evidence_load_private_copy (fixture->private_dir, evidence->sha256,
                                            evidence->name, NULL, &error);
  g_assert_null (content);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED);
  g_assert_nonnull (strstr (error->message, "certificate.pdf"));
  g_assert_nonnull (strstr (error->message, "changed"));
  g_clear_error (&error);
  g_assert_false (plr_evidence_check_present (evidence, &error));
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED);
  g_clear_error (&error);

  /* Gone. */
  g_assert_cmpint (g_unlink (evidence->path), ==, 0);
  content = plr_evidence_load_private_copy (fixture->private_dir, evidence->sha256,
                                            evidence->name, NULL, &error);
  g_assert_null (content);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED);
  g_assert_nonnull (strstr (error->message, "vanished"));
  g_clear_error (&error);

  /* A hash that is not one never becomes a path. */
  content = plr_evidence_load_private_copy (fixture->private_dir, "../../cache.db", "x", NULL,
                                            &error);
  g_assert_null (content);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED);
}

/* The body sent: the stored body with each file's content, base64, the
 * same bytes on every attempt. */
static void
test_expand_body (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) first = write_file (fixture, "a.pdf", pdf_data, strlen (pdf_data));
  g_autoptr(GFile) second = write_file (fixture, "b.png", png_data, sizeof png_data);
  g_autoptr(GPtrArray) evidence =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_evidence_free);
  g_autoptr(PlrChallenge) challenge = plr_challenge_new_missing ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonArray *files;

  g_ptr_array_add (evidence, plr_evidence_import (first, fixture->private_dir, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (evidence, plr_evidence_import (second, fixture->private_dir, NULL, &error));
  g_assert_no_error (error);

  plr_challenge_set_details (challenge, "GCSE Cymraeg Iaith, gradd A*, \"CBAC\" — 2019");
  stored = plr_challenge_request_build_body (challenge, evidence);
  g_assert_null (strstr (stored, "content"));

  body = plr_challenge_request_expand_body (stored, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  again = plr_challenge_request_expand_body (stored, fixture->private_dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (body, again));

  text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "missing");
  g_assert_cmpstr (json_object_get_string_member (object, "details"), ==,
                   "GCSE Cymraeg Iaith, gradd A*, \"CBAC\" — 2019");
  files = json_object_get_array_member (object, "evidence");
  g_assert_cmpuint (json_array_get_length (files), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      PlrEvidence *expected = g_ptr_array_index (evidence, i);
      g_autofree guchar *decoded = NULL;
      g_autofree char *hash = NULL;
      gsize length;

      g_assert_cmpstr (json_object_get_string_member (file, "name"), ==, expected->name);
      g_assert_cmpstr (json_object_get_string_member (file, "media_type"), ==,
                       expected->media_type);
      g_assert_cmpstr (json_object_get_string_member (file, "sha256"), ==, expected->sha256);
      decoded = g_base64_decode (json_object_get_string_member (file, "content"), &length);
      hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, decoded, length);
      g_assert_cmpstr (hash, ==, expected->sha256);
    }

  /* A copy gone before sending stops it, with the file's name. */
  g_assert_cmpint (g_unlink (((PlrEvidence *) g_ptr_array_index (evidence, 1))->path), ==, 0);
  g_clear_pointer (&body, g_bytes_unref);
  body = plr_challenge_request_expand_body (stored, fixture->private_dir, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED);
  g_assert_nonnull (strstr (error->message, "b.png"));
  g_clear_error (&error);

  /* A damaged stored body is reported, not sent. */
  body = plr_challenge_request_expand_body ("{\"evidence\": [{\"sha256\": \"../x\"}]}",
                                            fixture->private_dir, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_TEXT);
  g_clear_error (&error);
  body = plr_challenge_request_expand_body ("not json", fixture->private_dir, NULL, &error);
  g_assert_null (body);
  g_assert_error (error, PLR_CHALLENGE_ERROR, PLR_CHALLENGE_ERROR_INVALID_TEXT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/evidence/sniff", test_sniff);

#define ADD(path, func) \
  g_test_add ("/evidence/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("import", test_import);
  ADD ("types", test_types);
  ADD ("size", test_size);
  ADD ("unreadable", test_unreadable);
  ADD ("name-cleaned", test_name_cleaned);
  ADD ("import-async", test_import_async);
  ADD ("private-copy", test_private_copy);
  ADD ("expand-body", test_expand_body);

#undef ADD

  return g_test_run ();
}
