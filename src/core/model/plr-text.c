/* plr-text.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-text"

#include "config.h"

#include <string.h>

#include "plr-text.h"

/* Free text (subjects, organisation names, learners' names, addresses) is
 * kept exactly as the record holds it, even when it holds invisible or
 * direction-changing characters: changing it would make the copy differ
 * from the record it came from. What the learner sees must not be changed
 * by it either, so every display of such text is isolated: a right-to-left
 * override in a subject may reorder the subject, never the grade beside it
 * (docs/record-format.md, "Invisible and direction-changing characters"). */

#define LRE 0x202A
#define RLE 0x202B
#define PDF 0x202C
#define LRO 0x202D
#define RLO 0x202E
#define LRI 0x2066
#define RLI 0x2067
#define FSI 0x2068
#define PDI 0x2069

/**
 * plr_text_has_hidden_marks:
 * @text: (nullable): UTF-8 text
 *
 * Whether @text holds a character that is invisible or changes the
 * direction of what follows: the bidi controls (U+202A–U+202E,
 * U+2066–U+2069, U+200E, U+200F, U+061C) and every other format
 * character (general category Cf, such as U+200B–U+200D, U+2060 and
 * U+FEFF).
 *
 * Returns: %TRUE if @text holds one
 */
gboolean
plr_text_has_hidden_marks (const char *text)
{
  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      /* All the bidi controls listed above are Cf too; the test names
       * them one by one so that a Unicode update cannot drop one. */
      if (g_unichar_type (g_utf8_get_char (p)) == G_UNICODE_FORMAT)
        return TRUE;
    }

  return FALSE;
}

/**
 * plr_text_isolate:
 * @text: (nullable): UTF-8 text
 *
 * Wraps @text in FIRST STRONG ISOLATE (U+2068) … POP DIRECTIONAL ISOLATE
 * (U+2069), so that its direction is worked out from its own first strong
 * letter and nothing in it can change the direction of the text around it.
 *
 * Embeddings, overrides and isolates that @text opens and does not close
 * are closed before the final PDI. A PDI in @text that closes nothing
 * @text opened would close the wrapping isolate early, so it is left out
 * of the display form (the stored value keeps it).
 *
 * Returns: (transfer full): the display form, or %NULL for %NULL
 */
char *
plr_text_isolate (const char *text)
{
  g_autoptr(GArray) open = NULL;
  GString *out;

  if (text == NULL)
    return NULL;

  /* What is open, innermost last: PDF closes an embedding or override,
   * PDI an isolate along with every embedding opened inside it. */
  open = g_array_new (FALSE, FALSE, sizeof (gunichar));
  out = g_string_sized_new (strlen (text) + 8);
  g_string_append_unichar (out, FSI);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case LRE: case RLE: case LRO: case RLO:
          g_array_append_val (open, (gunichar) { PDF });
          break;

        case LRI: case RLI: case FSI:
          g_array_append_val (open, (gunichar) { PDI });
          break;

        case PDF:
          /* Closes the innermost embedding unless an isolate is open
           * inside it; otherwise the algorithm ignores it. */
          if (open->len > 0 && g_array_index (open, gunichar, open->len - 1) == PDF)
            g_array_set_size (open, open->len - 1);
          break;

        case PDI:
          {
            gint i;

            for (i = (gint) open->len - 1; i >= 0; i--)
              if (g_array_index (open, gunichar, i) == PDI)
                break;
            if (i < 0)
              continue;  /* would close our own FSI */
            g_array_set_size (open, i);
          }
          break;

        default:
          break;
        }

      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  for (guint i = open->len; i > 0; i--)
    g_string_append_unichar (out, g_array_index (open, gunichar, i - 1));
  g_string_append_unichar (out, PDI);

  return g_string_free (out, FALSE);
}

/**
 * plr_text_display:
 * @text: (nullable): UTF-8 free text from a record
 *
 * The form of @text to show: isolated (see plr_text_isolate()) when it
 * holds invisible or direction-changing characters, else as written, so
 * that ordinary text reaches screen readers, search and copies unchanged.
 *
 * Returns: (transfer full): the display form, or %NULL for %NULL
 */
char *
plr_text_display (const char *text)
{
  gsize length;

  if (!plr_text_has_hidden_marks (text))
    return g_strdup (text);

  /* Already a display form (a letter shows what a formatter isolated):
   * isolating it again would change nothing but its length. */
  length = strlen (text);
  if (length >= 6 && g_str_has_prefix (text, "\u2068") && g_str_has_suffix (text, "\u2069"))
    {
      g_autofree char *inner = g_strndup (text + 3, length - 6);
      g_autofree char *again = plr_text_isolate (inner);

      if (g_str_equal (again, text))
        return g_strdup (text);
    }

  return plr_text_isolate (text);
}
