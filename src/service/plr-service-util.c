/* plr-service-util.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "plr-field.h"
#include "plr-record-json.h"
#include "plr-service-private.h"

/* Small helpers shared by the service's handlers: replies in the forms the
 * protocol asks for, random values from the kernel's CSPRNG, encodings,
 * and strict readers for request bodies. */

/* ------------------------------------------------------------------------ */
/* Replies                                                                   */

/**
 * _plr_reply_no_store:
 * @msg: a #SoupServerMessage
 *
 * Keeps shared caches and the browser's history away from the answer:
 * everything the service says is about one person.
 */
void
_plr_reply_no_store (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
}

/**
 * _plr_reply_json_string:
 * @msg: a #SoupServerMessage
 * @status: the HTTP status
 * @json: (transfer full): the body
 */
void
_plr_reply_json_string (SoupServerMessage *msg,
                        guint              status,
                        char              *json)
{
  _plr_reply_no_store (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    json, strlen (json));
}

/**
 * _plr_reply_json:
 * @msg: a #SoupServerMessage
 * @status: the HTTP status
 * @node: the body
 */
void
_plr_reply_json (SoupServerMessage *msg,
                 guint              status,
                 JsonNode          *node)
{
  _plr_reply_json_string (msg, status, json_to_string (node, FALSE));
}

/**
 * _plr_reply_problem_status:
 * @msg: a #SoupServerMessage
 * @status: the HTTP status
 * @title: the status's words
 * @detail: (nullable): what happened
 *
 * An RFC 9457 problem with no type of our own ("about:blank"), for statuses
 * the protocol does not name (405, 413).
 */
void
_plr_reply_problem_status (SoupServerMessage *msg,
                           guint              status,
                           const char        *title,
                           const char        *detail)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "about:blank");
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  if (detail)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, detail);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  _plr_reply_no_store (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_TAKE,
                                    json, strlen (json));
}

/**
 * _plr_reply_problem:
 * @msg: a #SoupServerMessage
 * @name: a problem type of docs/protocol.md ("rate-limited")
 * @detail: (nullable): what happened, for people
 *
 * Answers with the problem's status and an application/problem+json body.
 * 429 and 503 get "Retry-After: 1" unless the caller set one.
 */
void
_plr_reply_problem (SoupServerMessage *msg,
                    const char        *name,
                    const char        *detail)
{
  const PlrServiceProblem *problem = _plr_service_problem_lookup (name);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *type = NULL;
  char *json;

  g_assert (problem != NULL);

  type = g_strconcat ("/problems/", problem->name, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, problem->title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, problem->status);
  if (detail)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, detail);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);

  if ((problem->status == 429 || problem->status == 503) &&
      soup_message_headers_get_one (headers, "Retry-After") == NULL)
    soup_message_headers_replace (headers, "Retry-After", "1");

  if (problem->status == 401)
    soup_message_headers_replace (headers, "WWW-Authenticate",
                                  "Bearer realm=\"plr\", error=\"invalid_token\"");

  _plr_reply_no_store (msg);
  soup_server_message_set_status (msg, problem->status, NULL);
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_TAKE,
                                    json, strlen (json));
}

/**
 * _plr_reply_html:
 * @msg: a #SoupServerMessage
 * @status: the HTTP status
 * @html: (transfer full): a whole page
 *
 * Pages are self-contained: the policy forbids scripts, frames and anything
 * fetched from elsewhere. Forms may post here, and the sign-in form's
 * answer may redirect to the app on the loopback interface.
 */
void
_plr_reply_html (SoupServerMessage *msg,
                 guint              status,
                 char              *html)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  _plr_reply_no_store (msg);
  soup_message_headers_replace (headers, "Content-Security-Policy",
                                "default-src 'none'; style-src 'unsafe-inline'; "
                                "form-action 'self' http://127.0.0.1:* http://[::1]:*; "
                                "frame-ancestors 'none'; base-uri 'none'");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    html, strlen (html));
}

/**
 * _plr_reply_oauth_error:
 * @msg: a #SoupServerMessage
 * @status: the HTTP status (400, or 401 for invalid_client)
 * @error: the RFC 6749 error code
 * @description: (nullable): what went wrong, for developers
 */
void
_plr_reply_oauth_error (SoupServerMessage *msg,
                        guint              status,
                        const char        *error,
                        const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  if (description)
    {
      json_builder_set_member_name (builder, "error_description");
      json_builder_add_string_value (builder, description);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Pragma", "no-cache");
  _plr_reply_json (msg, status, root);
}

/**
 * _plr_reply_empty:
 * @msg: a #SoupServerMessage
 * @status: the HTTP status (204, 304, ...)
 */
void
_plr_reply_empty (SoupServerMessage *msg,
                  guint              status)
{
  _plr_reply_no_store (msg);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, NULL, SOUP_MEMORY_STATIC, NULL, 0);
}

/* ------------------------------------------------------------------------ */
/* Random values and encodings                                               */

/**
 * _plr_random_token:
 *
 * Returns: (transfer full): 32 random bytes in base64url, for codes and tokens
 */
char *
_plr_random_token (void)
{
  guint8 bytes[32];

  plr_random_bytes (bytes, sizeof bytes);
  return plr_base64url_encode (bytes, sizeof bytes);
}

/**
 * _plr_sha256_hex:
 * @data: bytes
 * @length: how many
 *
 * Returns: (transfer full): their SHA-256 in lower-case hex
 */
char *
_plr_sha256_hex (gconstpointer data,
                 gsize         length)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
}

/**
 * _plr_constant_time_equal:
 * @a: a string
 * @b: another
 *
 * Compares two secrets or their hashes in time that depends only on their
 * lengths, so that timing says nothing about how much of a guess was right.
 *
 * Returns: %TRUE if they are equal
 */
gboolean
_plr_constant_time_equal (const char *a,
                          const char *b)
{
  gsize la, lb;
  guint8 diff;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  diff = la != lb;

  for (gsize i = 0; i < la; i++)
    diff |= (guint8) a[i] ^ (guint8) b[i % (lb ? lb : 1)];

  return diff == 0 && lb > 0;
}

/* Crockford's base32: no I, L, O or U, so codes survive being read aloud. */
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

#define SHARE_CODE_CHARS 12

/**
 * _plr_share_code_new:
 *
 * Returns: (transfer full): a share code of 60 random bits, as "7KQ4-M2XP-9RTA"
 */
char *
_plr_share_code_new (void)
{
  guint8 bytes[8];
  guint64 bits = 0;
  GString *code = g_string_sized_new (SHARE_CODE_CHARS + 2);

  plr_random_bytes (bytes, sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    bits = (bits << 8) | bytes[i];

  for (guint i = 0; i < SHARE_CODE_CHARS; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, crockford[bits & 0x1f]);
      bits >>= 5;
    }

  return g_string_free (code, FALSE);
}

/**
 * _plr_share_code_normalize:
 * @text: a share code as someone typed it
 *
 * Accepts lower case, spaces and missing or extra hyphens, and the letters
 * Crockford's alphabet reads as digits (O as 0, I and L as 1).
 *
 * Returns: (transfer full) (nullable): the code as "XXXX-XXXX-XXXX", or
 *   %NULL if @text cannot be one
 */
char *
_plr_share_code_normalize (const char *text)
{
  g_autoptr(GString) code = NULL;
  guint n = 0;

  if (text == NULL || strlen (text) > 64)
    return NULL;

  code = g_string_sized_new (SHARE_CODE_CHARS + 2);
  for (const char *p = text; *p; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == '-' || c == ' ')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      if (strchr (crockford, c) == NULL || c == '\0')
        return NULL;
      if (n == SHARE_CODE_CHARS)
        return NULL;
      if (n > 0 && n % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, c);
      n++;
    }

  if (n != SHARE_CODE_CHARS)
    return NULL;

  return g_string_free (g_steal_pointer (&code), FALSE);
}

/**
 * _plr_challenge_id_new:
 *
 * Returns: (transfer full): a challenge id, "ch_" and 20 characters (100 bits)
 */
char *
_plr_challenge_id_new (void)
{
  static const char lower[] = "0123456789abcdefghjkmnpqrstvwxyz";
  guint8 bytes[20];
  GString *id = g_string_new ("ch_");

  plr_random_bytes (bytes, sizeof bytes);
  for (guint i = 0; i < sizeof bytes; i++)
    g_string_append_c (id, lower[bytes[i] & 0x1f]);

  return g_string_free (id, FALSE);
}

/**
 * _plr_format_time:
 * @unix_time: Unix seconds
 *
 * Returns: (transfer full): the time as "2026-11-02T09:30:00Z"
 */
char *
_plr_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * _plr_parse_time:
 * @text: ISO 8601 with a time zone
 * @out: (out): Unix seconds
 *
 * Returns: %TRUE if @text is such a time
 */
gboolean
_plr_parse_time (const char *text,
                 gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strlen (text) > 64)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  *out = g_date_time_to_unix (dt);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Request bodies                                                            */

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_invalid (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                                                format, args));
  va_end (args);

  return FALSE;
}

/**
 * _plr_form_decode_strict:
 * @body: an application/x-www-form-urlencoded body
 * @error: return location for a #GError
 *
 * Like soup_form_decode(), but refuses a parameter that appears twice
 * (RFC 6749 §3.1), bad escapes and text that is not UTF-8.
 *
 * Returns: (transfer full): name → value, or %NULL with @error set
 */
GHashTable *
_plr_form_decode_strict (GBytes  *body,
                         GError **error)
{
  g_autoptr(GHashTable) form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) pairs = NULL;
  gsize length = 0;
  const char *data = body ? g_bytes_get_data (body, &length) : NULL;

  if (length > 64 * 1024)
    {
      set_invalid (error, "The form is too large");
      return NULL;
    }

  text = g_strndup (data ? data : "", length);
  if (strlen (text) != length)
    {
      set_invalid (error, "The form holds a NUL byte");
      return NULL;
    }

  pairs = g_strsplit (text, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq;
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (pairs[i][0] == '\0')
        continue;

      g_strdelimit (pairs[i], "+", ' ');
      eq = strchr (pairs[i], '=');
      if (eq != NULL)
        *eq = '\0';

      name = g_uri_unescape_string (pairs[i], NULL);
      value = g_uri_unescape_string (eq ? eq + 1 : "", NULL);
      if (name == NULL || value == NULL ||
          !g_utf8_validate (name, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          set_invalid (error, "The form is not properly encoded");
          return NULL;
        }

      if (g_hash_table_contains (form, name))
        {
          set_invalid (error, "The parameter %s appears more than once", name);
          return NULL;
        }

      g_hash_table_insert (form, g_steal_pointer (&name), g_steal_pointer (&value));
    }

  return g_steal_pointer (&form);
}

/**
 * _plr_json_read_body:
 * @msg: a #SoupServerMessage with a JSON body
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the body's top-level object, or %NULL with @error set
 */
JsonObject *
_plr_json_read_body (SoupServerMessage  *msg,
                     GError            **error)
{
  static const PlrRecordLimits limits = { PLR_SERVICE_MAX_BODY, 200000, 16 };
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/json") != 0)
    return set_invalid (error, "The body must be application/json"), NULL;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  root = plr_json_parse (body, &limits, &local_error);
  if (root == NULL)
    return set_invalid (error, "%s", local_error->message), NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return set_invalid (error, "The body must be a JSON object"), NULL;

  return json_object_ref (json_node_get_object (root));
}

/**
 * _plr_json_check_members:
 * @object: a JSON object
 * @path: its path, for messages ("" for the body)
 * @allowed: the member names it may have, %NULL-terminated
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @object has no other members
 */
gboolean
_plr_json_check_members (JsonObject          *object,
                         const char          *path,
                         const char * const  *allowed,
                         GError             **error)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (allowed, member))
      return set_invalid (error, "%s%s%s: unknown member", path, *path ? "." : "", member);

  return TRUE;
}

static gboolean
text_is_clean (const char *text,
               guint       max_chars)
{
  guint n = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        return FALSE;
      if (++n > max_chars)
        return FALSE;
    }

  return TRUE;
}

/**
 * _plr_json_get_string:
 * @object: a JSON object
 * @member: the member's name
 * @required: whether it must be there and not null or empty
 * @max_chars: the most characters it may have
 * @out: (out) (transfer none): the string, or %NULL when absent, null or empty
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the member is absent (and not required) or a clean string
 */
gboolean
_plr_json_get_string (JsonObject   *object,
                      const char   *member,
                      gboolean      required,
                      guint         max_chars,
                      const char  **out,
                      GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return set_invalid (error, "%s: required but missing", member);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_invalid (error, "%s: expected a string", member);

  text = json_node_get_string (node);
  if (!text_is_clean (text, max_chars))
    return set_invalid (error, "%s: longer than %u characters or holds control characters",
                        member, max_chars);

  if (*text == '\0')
    {
      if (required)
        return set_invalid (error, "%s: required but empty", member);
      return TRUE;
    }

  *out = text;
  return TRUE;
}

/**
 * _plr_json_get_int:
 * @object: a JSON object
 * @member: the member's name
 * @min: the smallest value the member may hold
 * @max: the largest
 * @present: (out): whether it holds a number (not absent or null)
 * @out: (out): the number
 * @error: return location for a #GError
 *
 * Reads a whole number by plr_parse_int()'s rules, the same as the app's
 * readers: a JSON integer (no fraction or exponent; the strict pre-scan
 * has refused any literal outside 64 bits before json-glib could wrap it)
 * from @min to @max, else a refusal naming the member and the range.
 *
 * Returns: %TRUE if the member is absent, null or such a number
 */
gboolean
_plr_json_get_int (JsonObject  *object,
                   const char  *member,
                   gint64       min,
                   gint64       max,
                   gboolean    *present,
                   gint64      *out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *text = NULL;
  gint64 value;

  *present = FALSE;
  *out = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  /* The decimal form of what json-glib read, through the one reader, so
   * that a sign where none is allowed and the range are judged alike. */
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (text == NULL || !plr_parse_int (text, strlen (text), min, max, &value))
    return set_invalid (error, "%s: expected a whole number from %" G_GINT64_FORMAT
                        " to %" G_GINT64_FORMAT, member, min, max);

  *present = TRUE;
  *out = value;
  return TRUE;
}

/**
 * _plr_json_get_bool:
 * @object: a JSON object
 * @member: the member's name
 * @required: whether it must be there
 * @out: (out): the value (%FALSE when absent)
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the member is a boolean, or absent and not required
 */
gboolean
_plr_json_get_bool (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    gboolean    *out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return set_invalid (error, "%s: required but missing", member);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return set_invalid (error, "%s: expected true or false", member);

  *out = json_node_get_boolean (node);
  return TRUE;
}

/**
 * _plr_json_builder_add_string_or_null:
 * @builder: a #JsonBuilder inside an object
 * @member: the member's name
 * @value: (nullable): the value
 */
void
_plr_json_builder_add_string_or_null (JsonBuilder *builder,
                                      const char  *member,
                                      const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * _plr_json_builder_add_time:
 * @builder: a #JsonBuilder inside an object
 * @member: the member's name
 * @unix_time: Unix seconds, or 0 for null
 */
void
_plr_json_builder_add_time (JsonBuilder *builder,
                            const char  *member,
                            gint64       unix_time)
{
  json_builder_set_member_name (builder, member);
  if (unix_time != 0)
    {
      g_autofree char *text = _plr_format_time (unix_time);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}
