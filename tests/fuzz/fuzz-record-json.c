/* fuzz-record-json.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The record file reader, JSON form: plr_record_json_read() on any bytes,
 * and plr_record_file_read_bytes() as Open Record File… calls it. What the
 * reader accepts must be JSON, and must survive a round trip through the
 * writer: written out and read back, it is the same record. */

#include "config.h"

#include "plr-record-file.h"
#include "plr-record-json.h"

#include "fuzz-target.h"

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
  g_autoptr(PlrRecord) from_file = NULL;
  g_autoptr(PlrRecord) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;

  if (FUZZ_SKIP_LENIENT_JSON (data, size))
    return 0;

  record = plr_record_json_read (bytes, NULL, &error);
  fuzz_assert ((record == NULL) == (error != NULL));
  g_clear_error (&error);

  /* "A reader refuses ... anything that is not JSON" (docs/record-format.md) */
  if (record != NULL)
    fuzz_assert (fuzz_json_is_strict (data, size));

  /* The file reader also strips a BOM and tells JSON from XML; a JSON
   * document that starts at once is read as plr_record_json_read() reads it. */
  from_file = plr_record_file_read_bytes (bytes, NULL, &error);
  fuzz_assert ((from_file == NULL) == (error != NULL));
  if (size > 0 && data[0] == '{')
    fuzz_assert ((from_file == NULL) == (record == NULL));
  g_clear_error (&error);

  if (record == NULL)
    return 0;

  written = plr_record_json_write (record);
  again = plr_record_json_read (written, NULL, &error);
  if (again == NULL)
    fprintf (stderr, "the written record was refused: %s\n", error->message);
  fuzz_assert (again != NULL);
  fuzz_assert (plr_record_equal (record, again));
  fuzz_assert (g_strcmp0 (plr_record_get_source (record), plr_record_get_source (again)) == 0);
  fuzz_assert (g_strcmp0 (plr_record_get_etag (record), plr_record_get_etag (again)) == 0);
  fuzz_assert (g_strcmp0 (plr_record_get_incoming_uln (record),
                          plr_record_get_incoming_uln (again)) == 0);
  fuzz_assert ((plr_record_get_fetched_at (record) == NULL) ==
               (plr_record_get_fetched_at (again) == NULL));
  if (plr_record_get_fetched_at (record) != NULL)
    fuzz_assert (g_date_time_equal (plr_record_get_fetched_at (record),
                                    plr_record_get_fetched_at (again)));

  {
    g_autofree char *hash = plr_record_dup_content_hash (record);
    g_autofree char *hash_again = plr_record_dup_content_hash (again);

    fuzz_assert (g_strcmp0 (hash, hash_again) == 0);
  }

  return 0;
}
