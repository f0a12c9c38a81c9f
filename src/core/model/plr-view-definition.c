/* plr-view-definition.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "plr-json.h"
#include "plr-view-private.h"

/* ------------------------------------------------------------------------ */
/* The definition as JSON                                                    */

static void
add_optional_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_id_array (JsonBuilder *builder,
              const char  *member,
              GArray      *ids)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    json_builder_add_int_value (builder, g_array_index (ids, gint64, i));
  json_builder_end_array (builder);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * plr_view_to_json_node:
 * @self: a #PlrView
 *
 * Returns: (transfer full): the definition, as docs/view-format.md describes
 */
JsonNode *
plr_view_to_json_node (PlrView *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  GEnumValue *order;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, PLR_VIEW_DEFINITION_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PLR_VIEW_DEFINITION_FORMAT_VERSION);
  add_optional_string (builder, "name", self->name);
  add_optional_string (builder, "recipient", self->recipient);
  add_optional_string (builder, "purpose", self->purpose);

  json_builder_set_member_name (builder, "entries");
  json_builder_begin_object (builder);
  add_id_array (builder, "ids", self->picked);
  add_id_array (builder, "excluded_ids", self->excluded);
  json_builder_set_member_name (builder, "rule");
  if (self->use_rule)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "qualification_types");
      json_builder_begin_array (builder);
      for (guint i = 0; self->qualification_types && self->qualification_types[i]; i++)
        json_builder_add_string_value (builder, self->qualification_types[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "min_level");
      if (self->min_level == PLR_VIEW_LEVEL_NONE)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, self->min_level);
      json_builder_set_member_name (builder, "awarded_since");
      if (self->awarded_since == PLR_VIEW_ANY_YEAR)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, self->awarded_since);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "event_fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    if (self->event_fields & BIT (i))
      json_builder_add_string_value (builder, plr_event_field_info (i)->json_name);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "learner_fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    if (self->learner_fields & BIT (i))
      json_builder_add_string_value (builder, plr_learner_field_info (i)->json_name);
  json_builder_end_array (builder);

  order = g_enum_get_value (g_type_class_peek (PLR_TYPE_VIEW_ORDER), self->order);
  json_builder_set_member_name (builder, "order");
  json_builder_add_string_value (builder, order->value_nick);

  json_builder_set_member_name (builder, "mark_challenged");
  json_builder_add_boolean_value (builder, self->mark_challenged);

  add_optional_string (builder, "share_code", self->share_code);
  if (self->share_expires_at != NULL)
    {
      g_autofree char *expires = format_time (self->share_expires_at);

      add_optional_string (builder, "share_expires_at", expires);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_view_to_json:
 * @self: a #PlrView
 *
 * Returns: (transfer full): the definition as a JSON document in UTF-8
 */
GBytes *
plr_view_to_json (PlrView *self)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);

  root = plr_view_to_json_node (self);
  return plr_json_to_pretty_data (root, FALSE);
}

static gboolean G_GNUC_PRINTF (4, 5)
set_path_error (GError     **error,
                int          code,
                const char  *path,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PLR_VIEW_ERROR, code, "%s: %s", path, message);
  return FALSE;
}

static gboolean
check_members (JsonObject         *object,
               const char         *path,
               const char * const *allowed,
               GError            **error)
{
  JsonObjectIter iter;
  const char *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    {
      if (!g_strv_contains (allowed, member))
        {
          g_autofree char *member_path = path ? g_strconcat (path, ".", member, NULL)
                                              : g_strdup (member);

          return set_path_error (error, PLR_VIEW_ERROR_INVALID, member_path, _("unknown member"));
        }
    }

  return TRUE;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* Text goes through the same validator as every field of a record. */
static gboolean
read_text (JsonObject  *object,
           const char  *member,
           const char  *path,
           char       **out,
           GError     **error)
{
  static const PlrFieldInfo text_info = {
    "Text", "text", "text", PLR_FIELD_KIND_TEXT, TEXT_MAX_LENGTH, 0, 0, NULL, FALSE, FALSE
  };
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!node_is (node, G_TYPE_STRING))
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("expected a string, found %s"), plr_json_node_type_name (node));

  *out = plr_field_normalize (&text_info, json_node_get_string (node), &local_error);
  if (local_error != NULL)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path, "%s", local_error->message);

  return TRUE;
}

static gboolean
read_int (JsonNode    *node,
          const char  *path,
          gint64       min,
          gint64       max,
          gint64      *out,
          GError     **error)
{
  if (!node_is (node, G_TYPE_INT64))
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("expected a whole number, found %s"), plr_json_node_type_name (node));

  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("expected a whole number from %" PRId64
                             " to %" PRId64), min, max);

  return TRUE;
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *member,
           const char  *path,
           gboolean     required,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      if (required)
        set_path_error (error, PLR_VIEW_ERROR_INVALID, path, _("required but missing"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                      _("expected an array, found %s"), plr_json_node_type_name (node));
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
read_ids (JsonObject  *entries,
          const char  *member,
          gboolean     required,
          GArray      *out,
          GError     **error)
{
  g_autofree char *path = g_strconcat ("entries.", member, NULL);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;
  guint n;

  array = get_array (entries, member, path, required, &local_error);
  if (array == NULL)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  n = json_array_get_length (array);
  if (n > MAX_ENTRY_IDS)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                           _("more than %u entries"), MAX_ENTRY_IDS);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);
      gint64 id;

      if (!read_int (json_array_get_element (array, i), element_path, 0, G_MAXINT64, &id, error))
        return FALSE;
      if (_plr_view_id_array_contains (out, id))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, element_path,
                               _("the entry is listed twice"));
      g_array_append_val (out, id);
    }

  return TRUE;
}

static gboolean
read_rule (PlrView     *self,
           JsonNode    *node,
           GError     **error)
{
  static const char * const members[] = {
    "qualification_types", "min_level", "awarded_since", NULL
  };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) types = NULL;
  JsonObject *rule;
  JsonArray *array;
  gint64 value;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries.rule",
                           _("expected an object or null, found %s"), plr_json_node_type_name (node));

  rule = json_node_get_object (node);
  if (!check_members (rule, "entries.rule", members, error))
    return FALSE;

  self->use_rule = TRUE;

  array = get_array (rule, "qualification_types", "entries.rule.qualification_types", FALSE,
                     &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (array != NULL && json_array_get_length (array) > MAX_QUALIFICATION_TYPES)
    return set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries.rule.qualification_types",
                           _("more than %u types"), MAX_QUALIFICATION_TYPES);

  types = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("entries.rule.qualification_types[%u]", i);
      JsonNode *element = json_array_get_element (array, i);
      const char *type;

      if (!node_is (element, G_TYPE_STRING))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("expected a string, found %s"), plr_json_node_type_name (element));
      type = json_node_get_string (element);
      if (type[0] == '\0' || g_utf8_strlen (type, -1) > TEXT_MAX_LENGTH ||
          !g_utf8_validate (type, -1, NULL))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("expected a qualification type of 1 to %u characters"),
                               TEXT_MAX_LENGTH);
      g_ptr_array_add (types, g_strdup (type));
    }
  if (types->len > 0)
    {
      g_ptr_array_add (types, NULL);
      self->qualification_types = (char **) g_ptr_array_steal (types, NULL);
    }

  node = json_object_get_member (rule, "min_level");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!read_int (node, "entries.rule.min_level", PLR_VIEW_LEVEL_ENTRY, PLR_VIEW_LEVEL_MAX,
                     &value, error))
        return FALSE;
      self->min_level = (int) value;
    }

  node = json_object_get_member (rule, "awarded_since");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!read_int (node, "entries.rule.awarded_since", MIN_YEAR, MAX_YEAR, &value, error))
        return FALSE;
      self->awarded_since = (int) value;
    }

  return TRUE;
}

typedef int (*FieldFromName) (const char *name);
typedef const PlrFieldInfo *(*FieldInfo) (guint field);

static gboolean
read_field_set (JsonObject     *object,
                const char     *member,
                FieldFromName   from_name,
                FieldInfo       info,
                guint64        *out,
                GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  *out = 0;
  array = get_array (object, member, member, TRUE, &local_error);
  if (array == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", member, i);
      JsonNode *element = json_array_get_element (array, i);
      const char *name;
      int field;

      if (!node_is (element, G_TYPE_STRING))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("expected a string, found %s"), plr_json_node_type_name (element));

      name = json_node_get_string (element);
      field = from_name (name);
      /* Only our snake_case names, as in the record format. */
      if (field < 0 || strcmp (info (field)->json_name, name) != 0)
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("unknown field “%s”"), name);
      if (*out & BIT (field))
        return set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                               _("the field “%s” is listed twice"), name);
      *out |= BIT (field);
    }

  return TRUE;
}

static gboolean
share_code_is_valid (const char *code)
{
  gsize len = strlen (code);

  if (len == 0 || len > SHARE_CODE_MAX_LENGTH)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (code[i]) && code[i] != '-')
      return FALSE;
  return TRUE;
}

static const char * const definition_members[] = {
  "format", "version", "name", "recipient", "purpose", "entries", "event_fields",
  "learner_fields", "order", "mark_challenged", "share_code", "share_expires_at", NULL
};

/**
 * plr_view_new_from_json_node:
 * @root: the root of a view definition document
 * @error: return location for a #GError
 *
 * Reads a definition strictly: unknown members, wrong types, unknown field
 * names and values out of range are refused, and every error names the
 * path of the value that is wrong ("entries.ids[3]: ...").
 *
 * Returns: (transfer full): the view, or %NULL with @error set
 */
PlrView *
plr_view_new_from_json_node (JsonNode  *root,
                             GError   **error)
{
  static const char * const entries_members[] = { "ids", "excluded_ids", "rule", NULL };
  g_autoptr(PlrView) self = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonObject *entries;
  JsonNode *node;
  gint64 version;

  g_return_val_if_fail (root != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_NOT_A_VIEW,
                   _("This is not a saved view: the document is %s, not an object"),
                   plr_json_node_type_name (root));
      return NULL;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "format");
  if (node == NULL || !node_is (node, G_TYPE_STRING) ||
      g_strcmp0 (json_node_get_string (node), PLR_VIEW_DEFINITION_FORMAT_NAME) != 0)
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_NOT_A_VIEW,
                   _("This is not a saved view: “format” should be “%s”"),
                   PLR_VIEW_DEFINITION_FORMAT_NAME);
      return NULL;
    }

  node = json_object_get_member (object, "version");
  if (node == NULL || !node_is (node, G_TYPE_INT64))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "version", _("expected a whole number"));
      return NULL;
    }
  version = json_node_get_int (node);
  if (version != PLR_VIEW_DEFINITION_FORMAT_VERSION)
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_UNSUPPORTED_VERSION,
                   _("This saved view is version %" PRId64 "; this version of "
                     "Learning Record reads version %d. A newer Learning Record may read it."),
                   version, PLR_VIEW_DEFINITION_FORMAT_VERSION);
      return NULL;
    }

  if (!check_members (object, NULL, definition_members, error))
    return NULL;

  self = plr_view_new ();

  if (!read_text (object, "name", "name", &self->name, error) ||
      !read_text (object, "recipient", "recipient", &self->recipient, error) ||
      !read_text (object, "purpose", "purpose", &self->purpose, error))
    return NULL;

  node = json_object_get_member (object, "entries");
  if (node == NULL)
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries", _("required but missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "entries",
                      _("expected an object, found %s"), plr_json_node_type_name (node));
      return NULL;
    }
  entries = json_node_get_object (node);
  if (!check_members (entries, "entries", entries_members, error) ||
      !read_ids (entries, "ids", TRUE, self->picked, error) ||
      !read_ids (entries, "excluded_ids", FALSE, self->excluded, error))
    return NULL;

  for (guint i = 0; i < self->excluded->len; i++)
    {
      if (_plr_view_id_array_contains (self->picked, g_array_index (self->excluded, gint64, i)))
        {
          g_autofree char *path = g_strdup_printf ("entries.excluded_ids[%u]", i);

          set_path_error (error, PLR_VIEW_ERROR_INVALID, path,
                          _("the entry is both picked and excluded"));
          return NULL;
        }
    }

  node = json_object_get_member (entries, "rule");
  if (node != NULL && !read_rule (self, node, error))
    return NULL;

  if (!read_field_set (object, "event_fields", plr_event_field_from_name,
                       (FieldInfo) plr_event_field_info, &self->event_fields, error) ||
      !read_field_set (object, "learner_fields", plr_learner_field_from_name,
                       (FieldInfo) plr_learner_field_info, &self->learner_fields, error))
    return NULL;

  node = json_object_get_member (object, "order");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      GEnumValue *value = NULL;

      if (node_is (node, G_TYPE_STRING))
        value = g_enum_get_value_by_nick (g_type_class_peek (PLR_TYPE_VIEW_ORDER),
                                          json_node_get_string (node));
      if (value == NULL)
        {
          set_path_error (error, PLR_VIEW_ERROR_INVALID, "order",
                          _("expected “newest-first”, “oldest-first” or “by-level”"));
          return NULL;
        }
      self->order = value->value;
    }

  node = json_object_get_member (object, "mark_challenged");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!node_is (node, G_TYPE_BOOLEAN))
        {
          set_path_error (error, PLR_VIEW_ERROR_INVALID, "mark_challenged",
                          _("expected true or false, found %s"), plr_json_node_type_name (node));
          return NULL;
        }
      self->mark_challenged = json_node_get_boolean (node);
    }

  if (!read_text (object, "share_code", "share_code", &self->share_code, error))
    return NULL;
  if (self->share_code != NULL && !share_code_is_valid (self->share_code))
    {
      set_path_error (error, PLR_VIEW_ERROR_INVALID, "share_code",
                      _("expected up to %u letters, digits and hyphens"),
                      SHARE_CODE_MAX_LENGTH);
      return NULL;
    }

  if (!read_text (object, "share_expires_at", "share_expires_at", &text, error))
    return NULL;
  if (text != NULL)
    {
      self->share_expires_at = g_date_time_new_from_iso8601 (text, NULL);
      if (self->share_expires_at == NULL)
        {
          set_path_error (error, PLR_VIEW_ERROR_INVALID, "share_expires_at",
                          _("expected an ISO 8601 date and time with a time zone"));
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * plr_view_new_from_json:
 * @bytes: a view definition document
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the view, or %NULL with @error set
 */
PlrView *
plr_view_new_from_json (GBytes  *bytes,
                        GError **error)
{
  static const PlrRecordLimits limits = {
    .max_bytes = 16 * 1024 * 1024,
    .max_events = 0,
    .max_depth = 8,
  };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  root = plr_json_parse (bytes, &limits, &local_error);
  if (root == NULL)
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_NOT_A_VIEW,
                   _("This is not a saved view: %s"), local_error->message);
      return NULL;
    }

  return plr_view_new_from_json_node (root, error);
}
