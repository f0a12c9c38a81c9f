/* fuzz-lrs-xml.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The LRS XML reader: plr_lrs_xml_read() on any bytes. A record it
 * imports passed the one validator, so our own format must take it: it is
 * written as JSON, read back, and must be the same record. */

#include "config.h"

#include "plr-lrs-xml.h"
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
  g_autoptr(PlrRecord) again = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;

  record = plr_lrs_xml_read (bytes, NULL, &error);
  fuzz_assert ((record == NULL) == (error != NULL));
  if (record == NULL)
    return 0;

  written = plr_record_json_write (record);
  again = plr_record_json_read (written, NULL, &error);
  if (again == NULL)
    fprintf (stderr, "the imported record was refused as JSON: %s\n", error->message);
  fuzz_assert (again != NULL);
  fuzz_assert (plr_record_equal (record, again));
  fuzz_assert (g_strcmp0 (plr_record_get_incoming_uln (record),
                          plr_record_get_incoming_uln (again)) == 0);

  return 0;
}
