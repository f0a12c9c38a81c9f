/* fuzz-target.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

G_BEGIN_DECLS

/* Every fuzz target is one file that defines these two, the libFuzzer
 * entry points. Built with -Dfuzzing=true under clang they are linked with
 * libFuzzer; otherwise with fuzz-replay.c, whose main() feeds them every
 * file of the target's corpus and regressions, as a unit test. */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* fuzz-json-strict.c: whether @data is exactly one JSON text (RFC 8259),
 * and whether an open finding is to be stepped around while fuzzing. */
gboolean fuzz_json_is_strict (const guint8 *data,
                              gsize         size);
gboolean fuzz_known_open     (const char   *id);

/* Open finding "lenient-json" (tests/fuzz/README.md): plr_json_parse()
 * hands json-glib documents that are not JSON, which json-glib 1.6 takes
 * (comments, single quotes, 0x10, several values; a comment holding '"'
 * hides nesting from the depth check), and it leaks what a document holds
 * after its first value. While that is open, fuzzing with
 * PLR_FUZZ_KNOWN_OPEN=lenient-json skips such inputs, to look for the rest. */
#define FUZZ_SKIP_LENIENT_JSON(data, size) \
  (fuzz_known_open ("lenient-json") && !fuzz_json_is_strict ((data), (size)))

/* A warning or a critical from the code under test is a bug that an input
 * can reach: make it abort, so the fuzzer keeps the input. */
static inline void
fuzz_target_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (g_log_writer_standard_streams, NULL, NULL);
}

/* A broken invariant: say which, then abort so the input is kept. */
#define fuzz_assert(expr)                                                    \
  G_STMT_START {                                                             \
    if G_LIKELY (expr)                                                       \
      ;                                                                      \
    else                                                                     \
      {                                                                      \
        fprintf (stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
                 #expr);                                                     \
        abort ();                                                            \
      }                                                                      \
  } G_STMT_END

G_END_DECLS
