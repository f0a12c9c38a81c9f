/* fuzz-evidence.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The checks on a file of evidence for a data challenge
 * (src/core/model/plr-evidence.c): any bytes are sniffed with
 * plr_evidence_sniff_media_type(), then written to a file the learner
 * "chose" and imported with plr_evidence_import() into an evidence folder
 * that does not exist yet, as Attach Evidence… does; a private copy that
 * was kept is then read back as a challenge being sent reads it. The
 * file's name is one of a few awkward ones, picked by the input's length.
 *
 * What must hold: an error exactly when nothing is returned; a file is
 * taken exactly when it is not empty and starts as a PDF, PNG or JPEG; a
 * file taken has the media type the sniffer names, its size, its SHA-256
 * and a clean name, and its private copy (0600, in a 0700 folder, alone)
 * holds exactly its bytes; taken again it is kept once; a copy changed or
 * gone afterwards is refused when sent; a file refused leaves nothing
 * behind. Both folders are emptied after every input. */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "plr-evidence.h"

#include "fuzz-target.h"

static char *work_dir;

/* Names a learner's file may have; g_file_set_contents() cannot make one
 * with '/' or NUL, which no file name holds. */
static const char * const names[] = {
  "certificate.pdf",
  "Tystysgrif Siân – 2024 (copi).PDF",
  "  spaces around.png  ",
  "\x01\x1f" "control\x7f" ".jpg",
  "\xff\xfe not utf-8 \xc3.pdf",
  "\xe2\x80\xae" "fdp.exe",   /* a right-to-left override */
  ".hidden",
  "noext",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.png",   /* 232 bytes: near the file system's 255 */
};

static void
remove_work_dir (void)
{
  if (work_dir != NULL)
    g_rmdir (work_dir);
}

/* The entries of @dir, or -1 if it does not exist. */
static int
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  int n = 0;

  if (handle == NULL)
    return -1;
  while (g_dir_read_name (handle) != NULL)
    n++;

  return n;
}

static void
empty_and_remove (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      fuzz_assert (g_unlink (path) == 0);
    }
  fuzz_assert (g_rmdir (dir) == 0);
}

/* Whether the content starts as one of the three kinds, by the formats'
 * own signatures (ISO 32000, the PNG and JPEG specifications). */
static const char *
expected_media_type (const uint8_t *data,
                     size_t         size)
{
  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "image/jpeg";

  return NULL;
}

static void
check_name (const char *name)
{
  glong n = 0;

  fuzz_assert (name != NULL && name[0] != '\0');
  fuzz_assert (g_utf8_validate (name, -1, NULL));
  for (const char *p = name; *p; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      fuzz_assert (c >= 0x20 && c != 0x7f);
    }
  fuzz_assert (n <= PLR_EVIDENCE_MAX_NAME_CHARS);
  fuzz_assert (!g_ascii_isspace (name[0]) && !g_ascii_isspace (name[strlen (name) - 1]));
}

static void
check_kept (const PlrEvidence *evidence,
            const char        *evidence_dir,
            const uint8_t     *data,
            size_t             size)
{
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_autofree char *path = plr_evidence_dup_private_path (evidence_dir, sha256);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf buf;
  gsize length;

  fuzz_assert (g_strcmp0 (evidence->media_type, expected_media_type (data, size)) == 0);
  fuzz_assert (g_strcmp0 (evidence->media_type, plr_evidence_sniff_media_type (data, size)) == 0);
  fuzz_assert (evidence->size == (gint64) size);
  fuzz_assert (evidence->id == 0);
  fuzz_assert (plr_evidence_is_sha256 (evidence->sha256));
  fuzz_assert (g_str_equal (evidence->sha256, sha256));
  fuzz_assert (g_strcmp0 (evidence->path, path) == 0);
  check_name (evidence->name);

  /* The private copy: exactly the bytes, private, alone in its folder */
  fuzz_assert (g_file_get_contents (path, &contents, &length, NULL));
  fuzz_assert (length == size && memcmp (contents, data, size) == 0);
  fuzz_assert (g_stat (path, &buf) == 0 && (buf.st_mode & 0777) == 0600);
  fuzz_assert (g_stat (evidence_dir, &buf) == 0 && (buf.st_mode & 0777) == 0700);
  fuzz_assert (count_entries (evidence_dir) == 1);

  fuzz_assert (plr_evidence_check_present (evidence, &error));
  loaded = plr_evidence_load_private_copy (evidence_dir, evidence->sha256, evidence->name, NULL,
                                           &error);
  fuzz_assert (loaded != NULL && error == NULL);
  fuzz_assert (g_bytes_get_size (loaded) == size);
  fuzz_assert (memcmp (g_bytes_get_data (loaded, NULL), data, size) == 0);
}

/* A copy changed, then gone, after it was attached is refused when sent. */
static void
check_tampered (const PlrEvidence *evidence,
                const char        *evidence_dir,
                const uint8_t     *data,
                size_t             size)
{
  g_autofree char *changed = g_memdup2 (data, size);
  g_autoptr(GBytes) loaded = NULL;
  g_autoptr(GError) error = NULL;

  changed[size - 1] ^= 0x01;
  fuzz_assert (g_file_set_contents (evidence->path, changed, size, NULL));
  loaded = plr_evidence_load_private_copy (evidence_dir, evidence->sha256, evidence->name, NULL,
                                           &error);
  fuzz_assert (loaded == NULL);
  fuzz_assert (g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED));
  g_clear_error (&error);

  fuzz_assert (g_unlink (evidence->path) == 0);
  fuzz_assert (!plr_evidence_check_present (evidence, &error));
  fuzz_assert (g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED));
  g_clear_error (&error);
  loaded = plr_evidence_load_private_copy (evidence_dir, evidence->sha256, NULL, NULL, &error);
  fuzz_assert (loaded == NULL);
  fuzz_assert (g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_target_init ();
  /* Local files only: no GVfs daemon behind GFile. */
  g_setenv ("GIO_USE_VFS", "local", TRUE);

  work_dir = g_dir_make_tmp ("plr-fuzz-evidence-XXXXXX", &error);
  if (work_dir == NULL)
    {
      fprintf (stderr, "no temporary folder: %s\n", error->message);
      abort ();
    }
  atexit (remove_work_dir);

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *source_dir = g_build_filename (work_dir, "chosen", NULL);
  g_autofree char *source_path = g_build_filename (source_dir, names[size % G_N_ELEMENTS (names)],
                                                   NULL);
  g_autofree char *evidence_dir = g_build_filename (work_dir, "evidence", NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autoptr(GError) error = NULL;
  const char *sniffed;
  const char *expected;

  sniffed = plr_evidence_sniff_media_type (data, size);
  expected = expected_media_type (data, size);
  fuzz_assert (g_strcmp0 (sniffed, expected) == 0);

  fuzz_assert (g_mkdir (source_dir, 0700) == 0);
  fuzz_assert (g_file_set_contents (source_path, (const char *) data, size, NULL));
  source = g_file_new_for_path (source_path);

  evidence = plr_evidence_import (source, evidence_dir, NULL, &error);
  fuzz_assert ((evidence == NULL) == (error != NULL));

  /* Taken exactly when not empty and, by its content, a PDF, PNG or JPEG
   * (the corpus is far under the 10 MiB limit). */
  fuzz_assert ((evidence != NULL) == (size > 0 && expected != NULL));

  if (evidence == NULL)
    {
      fuzz_assert (g_error_matches (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_WRONG_TYPE));
      fuzz_assert (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
      /* Nothing kept, not even the folder */
      fuzz_assert (count_entries (evidence_dir) <= 0);
    }
  else
    {
      g_autoptr(PlrEvidence) again = NULL;
      g_autoptr(PlrEvidence) copy = plr_evidence_copy (evidence);

      check_kept (evidence, evidence_dir, data, size);

      /* The same content again is kept once */
      again = plr_evidence_import (source, evidence_dir, NULL, &error);
      fuzz_assert (again != NULL && error == NULL);
      fuzz_assert (g_str_equal (again->sha256, evidence->sha256));
      fuzz_assert (g_str_equal (again->name, evidence->name));
      check_kept (again, evidence_dir, data, size);

      fuzz_assert (g_str_equal (copy->sha256, evidence->sha256));
      fuzz_assert (g_str_equal (copy->path, evidence->path));

      check_tampered (evidence, evidence_dir, data, size);
    }

  /* The learner's file was only read */
  {
    g_autofree char *contents = NULL;
    gsize length;

    fuzz_assert (g_file_get_contents (source_path, &contents, &length, NULL));
    fuzz_assert (length == size && (size == 0 || memcmp (contents, data, size) == 0));
  }

  empty_and_remove (source_dir);
  empty_and_remove (evidence_dir);

  return 0;
}
