/* fuzz-json-strict.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The oracle of the JSON targets: is this exactly one RFC 8259 JSON text?
 * It began as a scanner of its own here, which became the reader's own
 * check, plr_json_check_syntax() (findings 1 to 3 in README.md); it is
 * called directly, with no depth limit to speak of, so that the targets
 * still fail if a reader stops calling it or lets json-glib's leniency
 * back in some other way. */

#include "config.h"

#include "plr-record-json.h"

#include "fuzz-target.h"

gboolean
fuzz_json_is_strict (const guint8 *data,
                     gsize         size)
{
  return plr_json_check_syntax ((const char *) data, size, G_MAXUINT, NULL);
}

/* Whether @id is in PLR_FUZZ_KNOWN_OPEN, a comma-separated list of open
 * findings (tests/fuzz/README.md) that fuzzing steps around until fixed. */
gboolean
fuzz_known_open (const char *id)
{
  const char *known = g_getenv ("PLR_FUZZ_KNOWN_OPEN");
  g_auto(GStrv) ids = NULL;

  if (known == NULL)
    return FALSE;
  ids = g_strsplit (known, ",", -1);
  return g_strv_contains ((const char * const *) ids, id);
}
