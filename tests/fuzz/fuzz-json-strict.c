/* fuzz-json-strict.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* An oracle for the JSON targets: is this exactly one JSON text by
 * RFC 8259 (one value, nothing but white space around it; no comments,
 * single quotes, hexadecimal or leading zeros, which json-glib 1.6 also
 * takes)? A UTF-8 byte order mark before it is allowed, as the record
 * format allows it. The record format says a reader refuses anything that is not
 * JSON, so a document that is not must never be accepted. It does not
 * recurse, so a hostile depth cannot hurt it; UTF-8 is left to the reader. */

#include "config.h"

#include <string.h>

#include "fuzz-target.h"

typedef struct
{
  const guint8 *p;
  const guint8 *end;
} Scan;

static void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
take (Scan       *s,
      const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

static gboolean
digits (Scan *s)
{
  const guint8 *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > start;
}

static gboolean
scan_number (Scan *s)
{
  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!(s->p < s->end && *s->p >= '1' && *s->p <= '9') || !digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_string (Scan *s)
{
  if (s->p >= s->end || *s->p != '"')
    return FALSE;
  s->p++;
  while (s->p < s->end)
    {
      guint8 c = *s->p++;

      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return FALSE;
      if (c == '\\')
        {
          if (s->p >= s->end)
            return FALSE;
          c = *s->p++;
          if (c == 'u')
            {
              for (int i = 0; i < 4; i++)
                if (s->p >= s->end || !g_ascii_isxdigit (*s->p++))
                  return FALSE;
            }
          else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
            return FALSE;
        }
    }
  return FALSE;
}

gboolean
fuzz_json_is_strict (const guint8 *data,
                     gsize         size)
{
  /* What each open container is: '[' or '{' */
  g_autoptr(GByteArray) stack = g_byte_array_new ();
  Scan s = { data, data + size };

  /* A UTF-8 byte order mark, which the record format allows */
  if (size >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    s.p += 3;

  skip_ws (&s);
  for (;;)
    {
      /* A value */
      skip_ws (&s);
      if (s.p >= s.end)
        return FALSE;
      if (*s.p == '{' || *s.p == '[')
        {
          guint8 open = *s.p++;

          g_byte_array_append (stack, &open, 1);
          skip_ws (&s);
          if (s.p < s.end && *s.p == (open == '{' ? '}' : ']'))
            {
              s.p++;
              g_byte_array_set_size (stack, stack->len - 1);
            }
          else
            {
              if (open == '{')
                {
                  if (!scan_string (&s))
                    return FALSE;
                  skip_ws (&s);
                  if (!take (&s, ":"))
                    return FALSE;
                }
              continue;
            }
        }
      else if (*s.p == '"')
        {
          if (!scan_string (&s))
            return FALSE;
        }
      else if (!take (&s, "true") && !take (&s, "false") && !take (&s, "null") &&
               !scan_number (&s))
        return FALSE;

      /* After a value: close containers, or go on to the next member */
      for (;;)
        {
          skip_ws (&s);
          if (stack->len == 0)
            return s.p == s.end;
          if (s.p >= s.end)
            return FALSE;
          if (*s.p == ',')
            {
              s.p++;
              if (stack->data[stack->len - 1] == '{')
                {
                  skip_ws (&s);
                  if (!scan_string (&s))
                    return FALSE;
                  skip_ws (&s);
                  if (!take (&s, ":"))
                    return FALSE;
                }
              break;
            }
          if (*s.p == (stack->data[stack->len - 1] == '{' ? '}' : ']'))
            {
              s.p++;
              g_byte_array_set_size (stack, stack->len - 1);
              continue;
            }
          return FALSE;
        }
    }
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
