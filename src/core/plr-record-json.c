/* plr-record-json.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-record-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "plr-identifiers.h"
#include "plr-learning-event-private.h"
#include "plr-record-json.h"

/* Our record file format (docs/record-format.md), read strictly: every
 * value is checked by the shared field validator, unknown members are
 * refused, and every error names the path of the value that is wrong. */

static const PlrRecordLimits default_limits = {
  .max_bytes = 256 * 1024 * 1024,
  .max_events = 200000,
  .max_depth = 16,
};

/**
 * plr_record_limits_default:
 *
 * Returns: (transfer none): the limits used unless a caller asks for others
 */
const PlrRecordLimits *
plr_record_limits_default (void)
{
  return &default_limits;
}

/* One open array or object of a strict scan: enough to name the path of
 * what is wrong ("events[3].grade") and to find a member given twice. */
typedef struct
{
  guint8      kind;         /* '[' or '{' */
  guint       index;        /* arrays: the current element */
  const char *name;         /* objects: the current member's name, as written */
  gsize       name_length;
  GArray     *names;        /* objects: every member name so far (JsonName) */
  GHashTable *name_set;     /* objects with many members: the same, as a set */
} JsonFrame;

/* A member name: where it lies in the text, or decoded when it has escapes. */
typedef struct
{
  const char *text;
  gsize       length;
  char       *owned;
} JsonName;

static void
json_name_clear (gpointer data)
{
  JsonName *name = data;

  g_clear_pointer (&name->owned, g_free);
}

/* Where a strict scan of JSON text is, for plr_json_check_syntax(). */
typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  GArray     *frames;       /* of JsonFrame, innermost last */
} JsonScan;

/* Past this many members an object's names go in a hash set, so that an
 * object of a million members is not a million squared comparisons. */
#define JSON_SCAN_LINEAR_NAMES 32

static void
json_frame_clear (gpointer data)
{
  JsonFrame *frame = data;

  g_clear_pointer (&frame->names, g_array_unref);
  g_clear_pointer (&frame->name_set, g_hash_table_unref);
}

static void
json_scan_skip_space (JsonScan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
json_scan_take (JsonScan   *s,
                const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

static gboolean
json_scan_digits (JsonScan *s)
{
  const char *first = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > first;
}

typedef enum {
  NUMBER_OK,
  NUMBER_INVALID,
  NUMBER_OUT_OF_RANGE,
} NumberScan;

/* RFC 8259 numbers only: no leading zeros, hexadecimal, "+", "." alone,
 * Infinity or NaN, all of which json-glib 1.6 would take. An integer
 * outside the 64-bit range is refused too: json-glib 1.6 wraps it
 * silently (-18446744073709551615 becomes 1), so no reader after this
 * could tell that the value it got is not the one written. */
static NumberScan
json_scan_number (JsonScan *s)
{
  const char *first = s->p;
  gboolean integer = TRUE;

  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (s->p >= s->end || *s->p < '1' || *s->p > '9' || !json_scan_digits (s))
    return NUMBER_INVALID;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      integer = FALSE;
      if (!json_scan_digits (s))
        return NUMBER_INVALID;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      integer = FALSE;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!json_scan_digits (s))
        return NUMBER_INVALID;
    }
  if (integer && !plr_parse_int (first, (gsize) (s->p - first), G_MININT64, G_MAXINT64,
                                 NULL))
    {
      s->p = first;
      return NUMBER_OUT_OF_RANGE;
    }
  return NUMBER_OK;
}

typedef enum {
  STRING_OK,
  STRING_INVALID,
  STRING_HOLDS_NUL,
  STRING_HOLDS_CONTROL,
  STRING_HAS_ESCAPES,
} StringScan;

/* Scans a string; on success @has_escapes says whether it holds any. */
static StringScan
json_scan_string (JsonScan *s,
                  gboolean *has_escapes)
{
  *has_escapes = FALSE;
  if (s->p >= s->end || *s->p != '"')
    return STRING_INVALID;
  s->p++;
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p++;

      if (c == '"')
        return STRING_OK;
      if (c < 0x20)
        {
          s->p--;
          return STRING_HOLDS_CONTROL;
        }
      if (c == '\\')
        {
          *has_escapes = TRUE;
          if (s->p >= s->end)
            return STRING_INVALID;
          c = (guchar) *s->p++;
          if (c == 'u')
            {
              if (s->end - s->p < 4)
                return STRING_INVALID;
              for (int i = 0; i < 4; i++)
                if (!g_ascii_isxdigit (s->p[i]))
                  return STRING_INVALID;
              /* json-glib hands strings back NUL-terminated, so an escaped
               * NUL would silently cut a value short: refuse it instead. */
              if (memcmp (s->p, "0000", 4) == 0)
                {
                  s->p -= 2;
                  return STRING_HOLDS_NUL;
                }
              s->p += 4;
            }
          else if (c == '\0' || strchr ("\"\\/bfnrt", c) == NULL)
            {
              s->p--;
              return STRING_INVALID;
            }
        }
    }
  return STRING_INVALID;
}

/* The line and column (in characters, from 1) of where the scan is. */
static void
json_scan_position (JsonScan *s,
                    guint    *line,
                    guint    *column)
{
  *line = 1;
  *column = 1;
  for (const char *q = s->start; q < s->p && q < s->end; q++)
    {
      if (*q == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) *q & 0xc0) != 0x80)
        (*column)++;
    }
}

/* The path of the value being scanned, as the readers' errors write it:
 * "events[3].grade", "learner", or "" at the top. */
static char *
json_scan_path (JsonScan *s)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < s->frames->len; i++)
    {
      JsonFrame *frame = &g_array_index (s->frames, JsonFrame, i);

      if (frame->kind == '[')
        g_string_append_printf (path, "[%u]", frame->index);
      else if (frame->name != NULL)
        {
          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append_len (path, frame->name, (gssize) frame->name_length);
        }
    }
  return g_string_free (path, FALSE);
}

static gboolean
json_scan_fail (JsonScan  *s,
                GError   **error)
{
  guint line;
  guint column;

  json_scan_position (s, &line, &column);
  if (s->p >= s->end)
    g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                 _("The document is not valid JSON: it ends too soon (line %u)"), line);
  else
    g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                 _("The document is not valid JSON: unexpected text at line %u, column %u"),
                 line, column);
  return FALSE;
}

/* Scans a string where one is required, reporting what went wrong. */
static gboolean
json_scan_require_string (JsonScan  *s,
                          gboolean  *has_escapes,
                          GError   **error)
{
  guint line;
  guint column;

  switch (json_scan_string (s, has_escapes))
    {
    case STRING_OK:
      return TRUE;
    case STRING_HOLDS_NUL:
      json_scan_position (s, &line, &column);
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                   _("The document holds a NUL character in a text value "
                     "at line %u, column %u"), line, column);
      return FALSE;
    case STRING_HOLDS_CONTROL:
      json_scan_position (s, &line, &column);
      if (*s->p == '\0')
        g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                     _("The document is not valid JSON: it holds a NUL byte at line %u, column %u"), line, column);
      else
        g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                     _("The document is not valid JSON: it holds a control character (U+%04X) inside a text "
                       "value at line %u, column %u"), (guint) (guchar) *s->p, line, column);
      return FALSE;
    case STRING_INVALID:
    default:
      return json_scan_fail (s, error);
    }
}

/* A member name as json-glib will see it: escapes decoded by json-glib
 * itself, so that "gr\u0061de" and "grade" are the same name here too. */
static char *
json_scan_decode_name (const char *quoted,
                       gsize       length)
{
  g_autofree char *text = g_strndup (quoted, length);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup ("");
  return g_strdup (json_node_get_string (node));
}

/* Notes the name just scanned in the innermost object, refusing one that
 * is there already. */
static gboolean
json_scan_note_name (JsonScan    *s,
                     const char  *quoted,
                     gsize        quoted_length,
                     gboolean     has_escapes,
                     GError     **error)
{
  JsonFrame *frame = &g_array_index (s->frames, JsonFrame, s->frames->len - 1);
  JsonName name = { quoted + 1, quoted_length - 2, NULL };
  gboolean seen = FALSE;

  /* Most names have no escape: they are compared where they lie in the
   * text, with no copy, so the check costs little on a large record. */
  if (has_escapes)
    {
      name.owned = json_scan_decode_name (quoted, quoted_length);
      name.text = name.owned;
      name.length = strlen (name.owned);
    }

  frame->name = quoted + 1;
  frame->name_length = quoted_length - 2;

  if (frame->names == NULL)
    {
      frame->names = g_array_new (FALSE, FALSE, sizeof (JsonName));
      g_array_set_clear_func (frame->names, json_name_clear);
    }

  if (frame->name_set != NULL)
    {
      g_autofree char *key = g_strndup (name.text, name.length);
      seen = g_hash_table_contains (frame->name_set, key);
    }
  else
    for (guint i = 0; i < frame->names->len && !seen; i++)
      {
        JsonName *other = &g_array_index (frame->names, JsonName, i);
        seen = other->length == name.length && memcmp (other->text, name.text, name.length) == 0;
      }

  if (seen)
    {
      g_autofree char *object_path = NULL;
      g_autofree char *shown = g_strndup (name.text, name.length);
      guint line;
      guint column;

      json_name_clear (&name);
      /* The path of the object, then the name as it was meant. */
      frame->name = NULL;
      object_path = json_scan_path (s);
      s->p = quoted;
      json_scan_position (s, &line, &column);
      if (object_path[0] != '\0')
        g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                     _("%s.%s: the member “%s” appears twice in one object (again at line %u, "
                       "column %u); a document must give each member once"),
                     object_path, shown, shown, line, column);
      else
        g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                     _("%s: the member “%s” appears twice in one object (again at line %u, "
                       "column %u); a document must give each member once"),
                     shown, shown, line, column);
      return FALSE;
    }

  g_array_append_val (frame->names, name);
  if (frame->name_set != NULL)
    g_hash_table_add (frame->name_set, g_strndup (name.text, name.length));
  else if (frame->names->len > JSON_SCAN_LINEAR_NAMES)
    {
      frame->name_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < frame->names->len; i++)
        {
          JsonName *other = &g_array_index (frame->names, JsonName, i);
          g_hash_table_add (frame->name_set, g_strndup (other->text, other->length));
        }
    }
  return TRUE;
}

/* An object member's name and its colon. */
static gboolean
json_scan_member_name (JsonScan  *s,
                       GError   **error)
{
  const char *quoted;
  gboolean has_escapes;

  json_scan_skip_space (s);
  quoted = s->p;
  if (!json_scan_require_string (s, &has_escapes, error))
    return FALSE;
  if (!json_scan_note_name (s, quoted, (gsize) (s->p - quoted), has_escapes, error))
    return FALSE;
  json_scan_skip_space (s);
  if (!json_scan_take (s, ":"))
    return json_scan_fail (s, error);
  return TRUE;
}

static void
json_scan_open (JsonScan *s,
                guint8    kind)
{
  JsonFrame frame = { kind, 0, NULL, 0, NULL, NULL };

  g_array_append_val (s->frames, frame);
}

static void
json_scan_close (JsonScan *s)
{
  g_array_set_size (s->frames, s->frames->len - 1);
}

/**
 * plr_json_check_syntax:
 * @data: JSON text
 * @length: its length in bytes
 * @max_depth: how deep arrays and objects may nest
 * @error: return location for a #GError
 *
 * json-glib 1.6 is lenient (comments, single quotes, hexadecimal numbers,
 * several values in one document, the last of two members of the same name)
 * and recurses for each level of nesting, so a hostile document of a
 * million "[", or one that hides its nesting in a comment, could exhaust
 * the stack. This scan walks the raw text without recursing before it is
 * parsed, and refuses anything that is not exactly one RFC 8259 JSON text
 * (a UTF-8 byte order mark before it is allowed), anything nested deeper
 * than @max_depth, any escaped NUL character or raw control character, an
 * integer that json-glib could not hold exactly, and any object that gives
 * a member twice. The last is RFC 8259's "names SHOULD be unique" made a
 * must (as RFC 7493 and RFC 9901 do): a document with two "grade" members
 * reads one way to a person and another way to a parser. Errors name the
 * line and column, and the path where there is one. UTF-8 validity is
 * checked separately.
 *
 * Every JSON document Learning Record and its service read from outside
 * comes here through plr_json_parse(), so the check is made once.
 *
 * Returns: %TRUE if the text is strict JSON within @max_depth
 */
gboolean
plr_json_check_syntax (const char  *data,
                       gsize        length,
                       guint        max_depth,
                       GError     **error)
{
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (JsonFrame));
  JsonScan s = { data, data, data + length, frames };

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  g_array_set_clear_func (frames, json_frame_clear);

  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    s.p += 3;

  for (;;)
    {
      /* A value */
      json_scan_skip_space (&s);
      if (s.p >= s.end)
        return json_scan_fail (&s, error);

      if (*s.p == '{' || *s.p == '[')
        {
          guint8 kind = (guint8) *s.p++;

          if (frames->len >= max_depth)
            {
              g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                           _("The document is nested more than %u levels deep"), max_depth);
              return FALSE;
            }
          json_scan_open (&s, kind);
          json_scan_skip_space (&s);
          if (s.p < s.end && *s.p == (kind == '{' ? '}' : ']'))
            {
              s.p++;
              json_scan_close (&s);
            }
          else
            {
              if (kind == '{' && !json_scan_member_name (&s, error))
                return FALSE;
              continue;
            }
        }
      else if (*s.p == '"')
        {
          gboolean has_escapes;

          if (!json_scan_require_string (&s, &has_escapes, error))
            return FALSE;
        }
      else if (!json_scan_take (&s, "true") && !json_scan_take (&s, "false") &&
               !json_scan_take (&s, "null"))
        {
          switch (json_scan_number (&s))
            {
            case NUMBER_OK:
              break;
            case NUMBER_OUT_OF_RANGE:
              {
                g_autofree char *path = json_scan_path (&s);
                guint line;
                guint column;

                json_scan_position (&s, &line, &column);
                g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                             _("%s: the number at line %u, column %u is outside every "
                               "range this format allows (whole numbers from %" PRId64
                               " to %" PRId64 ")"),
                             path[0] ? path : "(document)", line, column,
                             G_MININT64, G_MAXINT64);
                return FALSE;
              }
            case NUMBER_INVALID:
            default:
              return json_scan_fail (&s, error);
            }
        }

      /* After a value: close containers, or go on to the next one */
      for (;;)
        {
          JsonFrame *frame;

          json_scan_skip_space (&s);
          if (frames->len == 0)
            {
              if (s.p != s.end)
                return json_scan_fail (&s, error);
              return TRUE;
            }
          if (s.p >= s.end)
            return json_scan_fail (&s, error);

          frame = &g_array_index (frames, JsonFrame, frames->len - 1);
          if (*s.p == ',')
            {
              s.p++;
              if (frame->kind == '{' && !json_scan_member_name (&s, error))
                return FALSE;
              if (frame->kind == '[')
                frame->index++;
              break;
            }
          if (*s.p != (frame->kind == '{' ? '}' : ']'))
            return json_scan_fail (&s, error);
          s.p++;
          json_scan_close (&s);
        }
    }
}

/**
 * plr_json_parse:
 * @bytes: a JSON document
 * @limits: (nullable): limits, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Parses a JSON document after checking its size, nesting and strict
 * syntax.
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
plr_json_parse (GBytes                *bytes,
                const PlrRecordLimits *limits,
                GError               **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  const char *bad = NULL;
  gsize length;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (limits == NULL)
    limits = &default_limits;

  data = g_bytes_get_data (bytes, &length);

  if (length > limits->max_bytes)
    {
      g_autofree char *size = g_format_size (limits->max_bytes);
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                   _("The document is larger than %s"), size);
      return NULL;
    }

  if (length > 0 && !g_utf8_validate_len (data, length, &bad) && *bad == '\0')
    {
      JsonScan at = { data, bad, data + length, NULL };
      guint line;
      guint column;

      /* GLib's UTF-8 check stops at a NUL: say where it is. */
      json_scan_position (&at, &line, &column);
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                   _("The document is not valid JSON: it holds a NUL byte at line %u, "
                     "column %u"), line, column);
      return NULL;
    }

  if (length == 0 || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                           _("The document is not JSON: it is empty or not UTF-8 text"));
      return NULL;
    }

  if (!plr_json_check_syntax (data, length, limits->max_depth, error))
    return NULL;

  /* Not the immutable parser: the tree is private and freed at once, so
   * sealing and hashing every node would be wasted work. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &parse_error))
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                   _("The document is not valid JSON: %s"), parse_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                           _("The document is empty"));
      return NULL;
    }

  return json_parser_steal_root (parser);
}

static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL)
    return "nothing";

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          return "a boolean";
        case G_TYPE_STRING:
          return "a string";
        case G_TYPE_DOUBLE:
          return "a number with a fraction";
        default:
          return "a number";
        }
    }
}

static gboolean G_GNUC_PRINTF (5, 6)
set_path_error (GError     **error,
                const char  *path,
                const char  *member,
                int          code,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (member != NULL)
    g_set_error (error, PLR_RECORD_ERROR, code, "%s.%s: %s", path, member, message);
  else
    g_set_error (error, PLR_RECORD_ERROR, code, "%s: %s", path, message);

  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Reads one field from JSON into canonical text, with the type the field's
 * kind demands, then through the shared validator. */
static gboolean
read_field (const PlrFieldInfo  *info,
            JsonNode            *node,
            const char          *path,
            char               **out_value,
            GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;

  *out_value = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  switch (info->kind)
    {
    case PLR_FIELD_KIND_INT:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                               _("expected a whole number, found %s"), node_type_name (node));
      value = plr_field_normalize_int (info, json_node_get_int (node), &local_error);
      break;

    case PLR_FIELD_KIND_FLAG:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                               _("expected true or false, found %s"), node_type_name (node));
      value = g_strdup (json_node_get_boolean (node) ? "Y" : "N");
      break;

    case PLR_FIELD_KIND_ULN_LIST:
      {
        g_autoptr(GString) joined = g_string_new (NULL);
        JsonArray *array;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                                 _("expected an array of strings, found %s"),
                                 node_type_name (node));
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);
            const char *s;

            if (!node_is_string (element))
              return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                                     _("[%u]: expected a string, found %s"), i,
                                     node_type_name (element));
            s = json_node_get_string (element);
            if (strchr (s, ',') != NULL)
              return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                                     _("[%u]: a ULN has only digits"), i);
            if (joined->len)
              g_string_append_c (joined, ',');
            g_string_append (joined, s);
          }
        value = plr_field_normalize (info, joined->str, &local_error);
      }
      break;

    default:
      if (!node_is_string (node))
        return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                               _("expected a string, found %s"), node_type_name (node));
      value = plr_field_normalize (info, json_node_get_string (node), &local_error);
      break;
    }

  if (local_error != NULL)
    return set_path_error (error, path, info->json_name, local_error->code, "%s",
                           local_error->message);

  *out_value = g_steal_pointer (&value);
  return TRUE;
}

typedef int (*FieldFromName) (const char *name);

/* Reads an object whose members are fields of one table. */
static gboolean
read_fields (JsonNode            *node,
             const char          *path,
             PlrFieldInfoFunc     info_func,
             FieldFromName        from_name,
             guint                n_fields,
             char               **values,
             GPtrArray           *unknown,
             GError             **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *member_node;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_path_error (error, path, NULL, PLR_RECORD_ERROR_INVALID,
                           _("expected an object, found %s"), node_type_name (node));

  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &member_node))
    {
      int field = from_name (member);

      /* Only our snake_case names: the LRS names belong to the XML form. */
      if (field < 0 || strcmp (info_func (field)->json_name, member) != 0)
        {
          /* A response may carry members a later service added
           * (docs/protocol.md, "Forward compatibility"); a file may not. */
          if (unknown != NULL)
            {
              g_ptr_array_add (unknown, g_strdup_printf ("%s.%s", path, member));
              continue;
            }
          return set_path_error (error, path, member, PLR_RECORD_ERROR_INVALID,
                                 _("unknown field"));
        }

      if (!read_field (info_func (field), member_node, path, &values[field], error))
        return FALSE;
    }

  for (guint i = 0; i < n_fields; i++)
    {
      const PlrFieldInfo *info = info_func (i);

      if (info->required && values[i] == NULL)
        return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                               _("required but missing"));
    }

  return TRUE;
}

/**
 * plr_learner_from_json_node:
 * @node: a JSON object
 * @path: the path of @node, for error messages ("learner")
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the learner, or %NULL with @error set
 */
static PlrLearner *
read_learner (JsonNode    *node,
              const char  *path,
              GPtrArray   *unknown,
              GError     **error)
{
  g_autoptr(PlrLearner) learner = NULL;
  char *values[PLR_LEARNER_N_FIELDS] = { NULL, };
  gboolean ok;

  ok = read_fields (node, path, (PlrFieldInfoFunc) plr_learner_field_info,
                    plr_learner_field_from_name, PLR_LEARNER_N_FIELDS, values, unknown, error);

  learner = plr_learner_new ();
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      if (ok)
        plr_learner_set_value (learner, i, values[i]);
      g_free (values[i]);
    }

  return ok ? g_steal_pointer (&learner) : NULL;
}

/**
 * plr_learning_event_from_json_node:
 * @node: a JSON object
 * @path: the path of @node, for error messages ("events[3]")
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
static PlrLearningEvent *
read_event (JsonNode    *node,
            const char  *path,
            GPtrArray   *unknown,
            GError     **error)
{
  char *values[PLR_EVENT_N_FIELDS] = { NULL, };

  if (!read_fields (node, path, (PlrFieldInfoFunc) plr_event_field_info,
                    plr_event_field_from_name, PLR_EVENT_N_FIELDS, values, unknown, error))
    {
      for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
        g_free (values[i]);
      return NULL;
    }

  return _plr_learning_event_new_take_values (values);
}

PlrLearner *
plr_learner_from_json_node (JsonNode    *node,
                            const char  *path,
                            GError     **error)
{
  return read_learner (node, path, NULL, error);
}

PlrLearningEvent *
plr_learning_event_from_json_node (JsonNode    *node,
                                   const char  *path,
                                   GError     **error)
{
  return read_event (node, path, NULL, error);
}

/**
 * plr_learner_from_response_node:
 * @node: the "learner" object of a service's answer
 * @path: the path of @node, for error messages ("learner")
 * @unknown: (element-type utf8): where the paths of members the app does
 *   not know are added ("learner.pronouns"); they are skipped
 * @error: return location for a #GError
 *
 * Like plr_learner_from_json_node(), but for a response, which may hold
 * members a later version of the protocol added: those are skipped and
 * named in @unknown, never stored. Every known member is as strict as in
 * a file.
 *
 * Returns: (transfer full): the learner, or %NULL with @error set
 */
PlrLearner *
plr_learner_from_response_node (JsonNode    *node,
                                const char  *path,
                                GPtrArray   *unknown,
                                GError     **error)
{
  g_return_val_if_fail (unknown != NULL, NULL);

  return read_learner (node, path, unknown, error);
}

/**
 * plr_learning_event_from_response_node:
 * @node: one element of a page's "events"
 * @path: the path of @node, for error messages ("events[3]")
 * @unknown: (element-type utf8): where the paths of skipped members are added
 * @error: return location for a #GError
 *
 * The event counterpart of plr_learner_from_response_node().
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
PlrLearningEvent *
plr_learning_event_from_response_node (JsonNode    *node,
                                       const char  *path,
                                       GPtrArray   *unknown,
                                       GError     **error)
{
  g_return_val_if_fail (unknown != NULL, NULL);

  return read_event (node, path, unknown, error);
}

/**
 * plr_json_collect_unknown:
 * @object: an object of a service's answer
 * @path: (nullable): its path ("learner"), or %NULL for the top level
 * @known: the members the app reads from it
 * @unknown: (element-type utf8): where the paths of the others are added
 *
 * Notes the members of @object the app does not know, to be skipped.
 */
void
plr_json_collect_unknown (JsonObject         *object,
                          const char         *path,
                          const char * const *known,
                          GPtrArray          *unknown)
{
  JsonObjectIter iter;
  const char *member;

  g_return_if_fail (object != NULL);
  g_return_if_fail (known != NULL);
  g_return_if_fail (unknown != NULL);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_strv_contains (known, member))
      g_ptr_array_add (unknown, path != NULL ? g_strdup_printf ("%s.%s", path, member)
                                             : g_strdup (member));
}

/**
 * plr_json_log_unknown:
 * @what: what was read, for the log ("GET v1/learner")
 * @unknown: (element-type utf8): the skipped members' paths
 *
 * Logs, at debug level, how many members were skipped and the first few
 * of their paths. Only names: a value may be personal data.
 */
void
plr_json_log_unknown (const char *what,
                      GPtrArray  *unknown)
{
  g_autoptr(GString) names = NULL;

  g_return_if_fail (what != NULL);
  g_return_if_fail (unknown != NULL);

  if (unknown->len == 0)
    return;

  names = g_string_new (NULL);
  for (guint i = 0; i < unknown->len && i < 10; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, g_ptr_array_index (unknown, i));
    }
  if (unknown->len > 10)
    g_string_append (names, ", …");

  g_debug ("%s: skipped %u member(s) this version does not know: %s", what, unknown->len,
           names->str);
}

/**
 * plr_json_read_int:
 * @node: (nullable): a member's value, or %NULL when it is absent
 * @path: the member's path, for errors ("total", "events[3].credits")
 * @min: the smallest value its documentation allows
 * @max: the largest
 * @out: (out): the value
 * @error: return location for a #GError
 *
 * The JSON side of plr_parse_int(), the one number reader: @node must be
 * a whole number (no fraction or exponent, which json-glib reads as a
 * double) from @min to @max. Integers beyond 64 bits never get here:
 * plr_json_parse() refuses them, since json-glib would wrap them.
 *
 * Returns: %TRUE on success; on failure %PLR_RECORD_ERROR_INVALID naming
 *   the member and the range, never the value
 */
gboolean
plr_json_read_int (JsonNode    *node,
                   const char  *path,
                   gint64       min,
                   gint64       max,
                   gint64      *out,
                   GError     **error)
{
  char text[32];

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return set_path_error (error, path, NULL, PLR_RECORD_ERROR_INVALID,
                           _("expected a whole number from %" PRId64 " to %" PRId64
                             ", found %s"), min, max, node_type_name (node));

  g_snprintf (text, sizeof text, "%" PRId64, json_node_get_int (node));
  if (!plr_parse_int (text, strlen (text), min, max, out))
    return set_path_error (error, path, NULL, PLR_RECORD_ERROR_INVALID,
                           _("expected a whole number from %" PRId64 " to %" PRId64
                             ", found one outside that range"), min, max);

  return TRUE;
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *member,
                      const char **out,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is_string (node))
    return set_path_error (error, member, NULL, PLR_RECORD_ERROR_INVALID,
                           _("expected a string, found %s"), node_type_name (node));

  *out = json_node_get_string (node);
  return TRUE;
}

static const char * const top_level_members[] = {
  "format", "version", "source", "fetched_at", "etag", "incoming_uln", "learner", "events", NULL
};

/**
 * plr_record_from_json_node:
 * @root: the root of a record document
 * @limits: (nullable): limits, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_record_from_json_node (JsonNode              *root,
                           const PlrRecordLimits *limits,
                           GError               **error)
{
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(GPtrArray) events = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  const char *format = NULL;
  const char *text = NULL;
  JsonObjectIter iter;
  const char *member;
  guint n_events;

  g_return_val_if_fail (root != NULL, NULL);

  if (limits == NULL)
    limits = &default_limits;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                   _("This is not a learning record file: the document is %s, not an object"),
                   node_type_name (root));
      return NULL;
    }

  object = json_node_get_object (root);

  if (!read_optional_string (object, "format", &format, error))
    return NULL;
  if (g_strcmp0 (format, PLR_RECORD_FORMAT_NAME) != 0)
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                   _("This is not a learning record file: “format” should be “%s”"),
                   PLR_RECORD_FORMAT_NAME);
      return NULL;
    }

  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                           _("version: expected a whole number"));
      return NULL;
    }
  if (json_node_get_int (node) != PLR_RECORD_FORMAT_VERSION)
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_UNSUPPORTED_VERSION,
                   _("This record file is version %" PRId64 "; this version of "
                     "Learning Record reads version %d. A newer Learning Record may read it."),
                   json_node_get_int (node), PLR_RECORD_FORMAT_VERSION);
      return NULL;
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      if (!g_strv_contains (top_level_members, member))
        {
          set_path_error (error, member, NULL, PLR_RECORD_ERROR_INVALID, _("unknown field"));
          return NULL;
        }
    }

  node = json_object_get_member (object, "learner");
  if (node == NULL)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                           _("learner: required but missing"));
      return NULL;
    }
  learner = plr_learner_from_json_node (node, "learner", error);
  if (learner == NULL)
    return NULL;

  record = plr_record_new (learner);

  if (!read_optional_string (object, "source", &text, error))
    return NULL;
  plr_record_set_source (record, text);

  if (!read_optional_string (object, "etag", &text, error))
    return NULL;
  plr_record_set_etag (record, text);

  if (!read_optional_string (object, "incoming_uln", &text, error))
    return NULL;
  if (text != NULL)
    {
      g_autoptr(GError) uln_error = NULL;
      if (!plr_uln_validate (text, &uln_error))
        {
          set_path_error (error, "incoming_uln", NULL, PLR_RECORD_ERROR_INVALID_ULN, "%s",
                          uln_error->message);
          return NULL;
        }
      plr_record_set_incoming_uln (record, text);
    }

  if (!read_optional_string (object, "fetched_at", &text, error))
    return NULL;
  if (text != NULL)
    {
      g_autoptr(GDateTime) fetched_at = g_date_time_new_from_iso8601 (text, NULL);

      if (fetched_at == NULL)
        {
          set_path_error (error, "fetched_at", NULL, PLR_RECORD_ERROR_INVALID,
                          _("expected an ISO 8601 date and time with a time zone"));
          return NULL;
        }
      plr_record_set_fetched_at (record, fetched_at);
    }

  node = json_object_get_member (object, "events");
  if (node == NULL)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                           _("events: required but missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_path_error (error, "events", NULL, PLR_RECORD_ERROR_INVALID,
                      _("expected an array, found %s"), node_type_name (node));
      return NULL;
    }

  array = json_node_get_array (node);
  n_events = json_array_get_length (array);
  if (n_events > limits->max_events)
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                   _("events: more than %u learning events"), limits->max_events);
      return NULL;
    }

  events = g_ptr_array_new_full (n_events, g_object_unref);
  for (guint i = 0; i < n_events; i++)
    {
      char path[32];
      PlrLearningEvent *event;

      g_snprintf (path, sizeof path, "events[%u]", i);
      event = plr_learning_event_from_json_node (json_array_get_element (array, i), path, error);
      if (event == NULL)
        return NULL;
      g_ptr_array_add (events, event);
    }

  if (!plr_record_check_event_ids (events, "events[%u]", error))
    return NULL;

  plr_record_take_events (record, g_steal_pointer (&events));

  return g_steal_pointer (&record);
}

/**
 * plr_record_json_read:
 * @bytes: a record document
 * @limits: (nullable): limits, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the record, or %NULL with @error set
 */
PlrRecord *
plr_record_json_read (GBytes                *bytes,
                      const PlrRecordLimits *limits,
                      GError               **error)
{
  g_autoptr(JsonNode) root = plr_json_parse (bytes, limits, error);

  if (root == NULL)
    return NULL;

  return plr_record_from_json_node (root, limits, error);
}

typedef const char *(*GetValueFunc) (gpointer object,
                                     guint    field);

static void
add_fields (JsonBuilder       *builder,
            PlrFieldInfoFunc   info_func,
            guint              n_fields,
            GetValueFunc       get_value,
            gpointer           object)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const PlrFieldInfo *info = info_func (i);
      const char *value = get_value (object, i);

      if (value == NULL)
        continue;

      json_builder_set_member_name (builder, info->json_name);
      switch (info->kind)
        {
        case PLR_FIELD_KIND_INT:
          json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
          break;
        case PLR_FIELD_KIND_FLAG:
          json_builder_add_boolean_value (builder, g_str_equal (value, "Y"));
          break;
        case PLR_FIELD_KIND_ULN_LIST:
          {
            g_auto(GStrv) ulns = g_strsplit (value, ",", -1);

            json_builder_begin_array (builder);
            for (guint j = 0; ulns[j] != NULL; j++)
              json_builder_add_string_value (builder, ulns[j]);
            json_builder_end_array (builder);
          }
          break;
        default:
          json_builder_add_string_value (builder, value);
          break;
        }
    }
}

/**
 * plr_learner_to_json_node:
 * @learner: a #PlrLearner
 *
 * Returns: (transfer full): the learner as a JSON object
 */
JsonNode *
plr_learner_to_json_node (PlrLearner *learner)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  add_fields (builder, (PlrFieldInfoFunc) plr_learner_field_info, PLR_LEARNER_N_FIELDS,
              (GetValueFunc) plr_learner_get_value, learner);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_learning_event_to_json_node:
 * @event: a #PlrLearningEvent
 *
 * Returns: (transfer full): the event as a JSON object
 */
JsonNode *
plr_learning_event_to_json_node (PlrLearningEvent *event)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  add_fields (builder, (PlrFieldInfoFunc) plr_event_field_info, PLR_EVENT_N_FIELDS,
              (GetValueFunc) plr_learning_event_get_value, event);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_record_to_json_node:
 * @record: a #PlrRecord
 *
 * Returns: (transfer full): the record document
 */
JsonNode *
plr_record_to_json_node (PlrRecord *record)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  GDateTime *fetched_at;
  guint n;

  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, PLR_RECORD_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PLR_RECORD_FORMAT_VERSION);

  if (plr_record_get_source (record))
    {
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, plr_record_get_source (record));
    }

  fetched_at = plr_record_get_fetched_at (record);
  if (fetched_at)
    {
      g_autofree char *iso = g_date_time_format_iso8601 (fetched_at);
      json_builder_set_member_name (builder, "fetched_at");
      json_builder_add_string_value (builder, iso);
    }

  if (plr_record_get_etag (record))
    {
      json_builder_set_member_name (builder, "etag");
      json_builder_add_string_value (builder, plr_record_get_etag (record));
    }

  if (plr_record_get_incoming_uln (record))
    {
      json_builder_set_member_name (builder, "incoming_uln");
      json_builder_add_string_value (builder, plr_record_get_incoming_uln (record));
    }

  json_builder_set_member_name (builder, "learner");
  json_builder_add_value (builder, plr_learner_to_json_node (plr_record_get_learner (record)));

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  n = plr_record_get_n_events (record);
  for (guint i = 0; i < n; i++)
    json_builder_add_value (builder,
                            plr_learning_event_to_json_node (plr_record_get_event (record, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_record_json_write:
 * @record: a #PlrRecord
 *
 * Returns: (transfer full): the record document as pretty-printed UTF-8
 */
GBytes *
plr_record_json_write (PlrRecord *record)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = plr_record_to_json_node (record);
  gsize length;
  char *data;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, &length);

  return g_bytes_new_take (data, length);
}
