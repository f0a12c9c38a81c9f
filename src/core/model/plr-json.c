/* plr-json.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "plr-field.h"
#include "plr-json.h"
#include "plr-record.h"

/* The strict JSON reader under every document the app and the service
 * read: records, views, recipients, protocol bodies. It sits in the model
 * layer so that a model type can read its own JSON without reaching up
 * into the formats. */

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
  /* Not the immutable parser: the tree is private and freed at once, so
   * sealing and hashing every node would be wasted work. */
  g_autoptr(JsonParser) parser = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  parser = json_parser_new ();
  return plr_json_parse_with_parser (parser, bytes, limits, error);
}

/**
 * plr_json_parse_with_parser:
 * @parser: a parser, which may be listening to its signals to take the
 *   document apart as it is read
 * @bytes: a JSON document
 * @limits: (nullable): limits, or %NULL for the defaults
 * @error: return location for a #GError
 *
 * plr_json_parse() with a parser of the caller's.
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
plr_json_parse_with_parser (JsonParser            *parser,
                            GBytes                *bytes,
                            const PlrRecordLimits *limits,
                            GError               **error)
{
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

/**
 * plr_json_to_pretty_data:
 * @root: the document
 * @final_newline: whether to end the text with a newline
 *
 * Writes @root as the project writes every JSON document a person may
 * open: pretty-printed, indented by two spaces, UTF-8. One writer, so
 * record files, view definitions, view documents and receipts cannot drift
 * apart in layout.
 *
 * Returns: (transfer full): the document's text
 */
GBytes *
plr_json_to_pretty_data (JsonNode *root,
                         gboolean  final_newline)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (root != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &length);

  if (!final_newline)
    return g_bytes_new_take (g_steal_pointer (&data), length);

  return g_bytes_new_take (g_strconcat (data, "\n", NULL), length + 1);
}

/**
 * plr_json_node_type_name:
 * @node: (nullable): a node, or %NULL for an absent member
 *
 * Returns: (transfer none): what @node is, for messages ("a string")
 */
const char *
plr_json_node_type_name (JsonNode *node)
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
    {
      g_autofree char *message =
        g_strdup_printf (_("expected a whole number from %" PRId64 " to %" PRId64 ", found %s"),
                         min, max, plr_json_node_type_name (node));

      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID, "%s: %s", path, message);
      return FALSE;
    }

  g_snprintf (text, sizeof text, "%" PRId64, json_node_get_int (node));
  if (!plr_parse_int (text, strlen (text), min, max, out))
    {
      g_autofree char *message =
        g_strdup_printf (_("expected a whole number from %" PRId64 " to %" PRId64
                           ", found one outside that range"), min, max);

      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID, "%s: %s", path, message);
      return FALSE;
    }

  return TRUE;
}
