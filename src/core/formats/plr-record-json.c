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

#include "plr-json.h"
#include "plr-identifiers.h"
#include "plr-learning-event-private.h"
#include "plr-record-json.h"
#include "plr-record-json-private.h"

/* Our record file format (docs/record-format.md), read strictly: every
 * value is checked by the shared field validator, unknown members are
 * refused, and every error names the path of the value that is wrong. */

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
                               _("expected a whole number, found %s"), plr_json_node_type_name (node));
      value = plr_field_normalize_int (info, json_node_get_int (node), &local_error);
      break;

    case PLR_FIELD_KIND_FLAG:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                               _("expected true or false, found %s"), plr_json_node_type_name (node));
      value = g_strdup (json_node_get_boolean (node) ? "Y" : "N");
      break;

    case PLR_FIELD_KIND_ULN_LIST:
      {
        g_autoptr(GString) joined = g_string_new (NULL);
        JsonArray *array;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                                 _("expected an array of strings, found %s"),
                                 plr_json_node_type_name (node));
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);
            const char *s;

            if (!node_is_string (element))
              return set_path_error (error, path, info->json_name, PLR_RECORD_ERROR_INVALID,
                                     _("[%u]: expected a string, found %s"), i,
                                     plr_json_node_type_name (element));
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
                               _("expected a string, found %s"), plr_json_node_type_name (node));
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
                           _("expected an object, found %s"), plr_json_node_type_name (node));

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
  PlrLearningEvent *event;

  if (!read_fields (node, path, (PlrFieldInfoFunc) plr_event_field_info,
                    plr_event_field_from_name, PLR_EVENT_N_FIELDS, values, unknown, error))
    {
      for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
        g_free (values[i]);
      return NULL;
    }

  /* One block for all of the event's texts, as the store's reader does: a
   * record of 100,000 events is otherwise a million small allocations,
   * each with the allocator's overhead, held for as long as the record. */
  event = _plr_learning_event_new_packed ((const char * const *) values);
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    g_free (values[i]);

  return event;
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
                           _("expected a string, found %s"), plr_json_node_type_name (node));

  *out = json_node_get_string (node);
  return TRUE;
}

static const char * const top_level_members[] = {
  "format", "version", "source", "fetched_at", "etag", "incoming_uln", "learner", "events", NULL
};

/* The events of a record document, taken one by one as json-glib reads
 * them (its "array-element" signal) and dropped from its tree at once, so
 * the tree never holds more than one event: reading a file no longer
 * holds the file, the whole tree and the record together.
 *
 * Every array that is a member of the root object is read this way, since
 * its name is known only once it is read; the one named "events" is kept.
 * The checks and their order are those of reading a whole tree: after the
 * first bad event nothing more is converted, its error is kept, and it is
 * reported at the point the tree walk would have found it, after the
 * checks of the other members and of the number of events. */
typedef struct
{
  const PlrRecordLimits *limits;
  guint                  max_convert;  /* events converted at most */
  guint                  first_index;  /* of the first, for paths */
  GPtrArray             *unknown;      /* skipped members, or NULL to refuse them */
  guint                  depth;
  gboolean               root_is_object;

  /* The array being read */
  GPtrArray             *pending;
  guint                  pending_n;
  GError                *pending_error;
  guint                  pending_error_index;
  gboolean               in_array;

  /* Every array read that is a member of the root object (TopArray) */
  GArray                *top_arrays;

  /* The array of the "events" member, once read */
  gboolean               have_events;
  GPtrArray             *events;
  guint                  n_events;
  GError                *events_error;
  guint                  events_error_index;
} StreamedEvents;

/* An array that is a member of the root object, once read: its name is
 * found from the tree at the end, by the array itself. Listening to
 * json-glib's "object-member" instead would be a signal for every member
 * of every event. */
typedef struct
{
  JsonArray *array;
  GPtrArray *events;
  guint      n_events;
  GError    *error;
  guint      error_index;
} TopArray;

static void
top_array_clear (gpointer data)
{
  TopArray *top = data;

  g_clear_pointer (&top->events, g_ptr_array_unref);
  g_clear_error (&top->error);
}

static void
streamed_events_clear_pending (StreamedEvents *streamed)
{
  g_clear_pointer (&streamed->pending, g_ptr_array_unref);
  g_clear_error (&streamed->pending_error);
  streamed->pending_n = 0;
  streamed->in_array = FALSE;
}

static void
streamed_events_clear (StreamedEvents *streamed)
{
  streamed_events_clear_pending (streamed);
  g_clear_pointer (&streamed->top_arrays, g_array_unref);
  g_clear_pointer (&streamed->events, g_ptr_array_unref);
  g_clear_error (&streamed->events_error);
}

static void
on_parser_object_start_cb (JsonParser     *parser,
                           StreamedEvents *streamed)
{
  if (streamed->depth == 0)
    streamed->root_is_object = TRUE;
  streamed->depth++;
}

static void
on_parser_array_start_cb (JsonParser     *parser,
                          StreamedEvents *streamed)
{
  if (streamed->depth == 1 && streamed->root_is_object)
    {
      streamed_events_clear_pending (streamed);
      streamed->pending = g_ptr_array_new_with_free_func (g_object_unref);
      streamed->in_array = TRUE;
    }
  streamed->depth++;
}

static void
on_parser_end_cb (JsonParser     *parser,
                  gpointer        container,
                  StreamedEvents *streamed)
{
  streamed->depth--;
}

static void
on_parser_array_element_cb (JsonParser     *parser,
                            JsonArray      *array,
                            int             index,
                            StreamedEvents *streamed)
{
  guint length;
  guint i;

  /* Only the elements of an array that is a member of the root object. */
  if (streamed->depth != 2 || !streamed->in_array)
    return;

  i = streamed->pending_n++;
  length = json_array_get_length (array);

  if (streamed->pending_error == NULL && i < streamed->max_convert)
    {
      char path[32];
      PlrLearningEvent *event;

      g_snprintf (path, sizeof path, "events[%u]", streamed->first_index + i);
      if (streamed->unknown != NULL)
        event = plr_learning_event_from_response_node (json_array_get_element (array, length - 1),
                                                       path, streamed->unknown,
                                                       &streamed->pending_error);
      else
        event = plr_learning_event_from_json_node (json_array_get_element (array, length - 1),
                                                   path, &streamed->pending_error);
      if (event != NULL)
        g_ptr_array_add (streamed->pending, event);
      else
        streamed->pending_error_index = i;
    }

  /* json-glib appends before it signals; the element is ours now. */
  json_array_remove_element (array, length - 1);
}

static void
on_parser_array_end_cb (JsonParser     *parser,
                        JsonArray      *array,
                        StreamedEvents *streamed)
{
  TopArray top;

  streamed->depth--;
  if (streamed->depth != 1 || !streamed->in_array)
    return;

  if (streamed->top_arrays == NULL)
    {
      streamed->top_arrays = g_array_new (FALSE, TRUE, sizeof (TopArray));
      g_array_set_clear_func (streamed->top_arrays, top_array_clear);
    }

  top.array = array;
  top.events = g_steal_pointer (&streamed->pending);
  top.n_events = streamed->pending_n;
  top.error = g_steal_pointer (&streamed->pending_error);
  top.error_index = streamed->pending_error_index;
  g_array_append_val (streamed->top_arrays, top);

  streamed_events_clear_pending (streamed);
}

/* Which of the arrays read is the root object's "events" member. */
static void
streamed_events_find (StreamedEvents *streamed,
                      JsonNode       *root)
{
  JsonNode *node;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;
  node = json_object_get_member (json_node_get_object (root), "events");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);

  for (guint i = 0; streamed->top_arrays != NULL && i < streamed->top_arrays->len; i++)
    {
      TopArray *top = &g_array_index (streamed->top_arrays, TopArray, i);

      if (top->array != array)
        continue;

      streamed->events = g_steal_pointer (&top->events);
      streamed->n_events = top->n_events;
      streamed->events_error = g_steal_pointer (&top->error);
      streamed->events_error_index = top->error_index;
      streamed->have_events = TRUE;
      return;
    }
}

static JsonParser *
streaming_parser_new (StreamedEvents *streamed)
{
  JsonParser *parser = json_parser_new ();

  g_signal_connect (parser, "object-start", G_CALLBACK (on_parser_object_start_cb), streamed);
  g_signal_connect (parser, "array-start", G_CALLBACK (on_parser_array_start_cb), streamed);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_parser_end_cb), streamed);
  g_signal_connect (parser, "array-end", G_CALLBACK (on_parser_array_end_cb), streamed);
  g_signal_connect (parser, "array-element", G_CALLBACK (on_parser_array_element_cb), streamed);

  return parser;
}

/**
 * _plr_json_parse_taking_events:
 * @bytes: a JSON document
 * @limits: (nullable): limits, or %NULL for the defaults
 * @first_index: the index of the document's first event, for error paths
 * @events: (inout caller-allocates): the events of the root object's
 *   "events" array; clear with _plr_json_events_clear(). Its @unknown is
 *   read: set, each event is read as a service's answer, skipping members
 *   it does not know and adding their paths there
 * @error: return location for a #GError
 *
 * plr_json_parse() for a page of events: each element of the root
 * object's "events" array is converted as it is read and dropped from the
 * tree, so the root holds that member as an empty array. The caller
 * checks the rest in its order; the first element that is not a valid
 * event is named by @events's error and its index, and none after it is
 * converted.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 */
JsonNode *
_plr_json_parse_taking_events (GBytes                *bytes,
                               const PlrRecordLimits *limits,
                               guint                  first_index,
                               PlrJsonEvents         *events,
                               GError               **error)
{
  g_autoptr(JsonParser) parser = NULL;
  StreamedEvents streamed = { NULL, };
  GPtrArray *unknown;
  JsonNode *root;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (events != NULL, NULL);

  unknown = events->unknown;
  memset (events, 0, sizeof *events);
  events->unknown = unknown;
  if (limits == NULL)
    limits = plr_record_limits_default ();

  streamed.limits = limits;
  streamed.unknown = unknown;
  streamed.max_convert = G_MAXUINT;
  streamed.first_index = first_index;
  parser = streaming_parser_new (&streamed);

  root = plr_json_parse_with_parser (parser, bytes, limits, error);
  if (root != NULL)
    streamed_events_find (&streamed, root);
  if (root != NULL && streamed.have_events)
    {
      events->found = TRUE;
      events->events = g_steal_pointer (&streamed.events);
      events->n_events = streamed.n_events;
      events->error = g_steal_pointer (&streamed.events_error);
      events->error_index = streamed.events_error_index;
    }
  streamed_events_clear (&streamed);

  return root;
}

/**
 * _plr_json_events_clear:
 * @events: what _plr_json_parse_taking_events() gave
 */
void
_plr_json_events_clear (PlrJsonEvents *events)
{
  g_clear_pointer (&events->events, g_ptr_array_unref);
  g_clear_error (&events->error);
  memset (events, 0, sizeof *events);  /* @unknown is the caller's */
}

static PlrRecord *record_from_json_node (JsonNode              *root,
                                         const PlrRecordLimits *limits,
                                         StreamedEvents        *streamed,
                                         GError               **error);

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
  return record_from_json_node (root, limits, NULL, error);
}

static PlrRecord *
record_from_json_node (JsonNode              *root,
                       const PlrRecordLimits *limits,
                       StreamedEvents        *streamed,
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
    limits = plr_record_limits_default ();

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_NOT_A_RECORD,
                   _("This is not a learning record file: the document is %s, not an object"),
                   plr_json_node_type_name (root));
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
                      _("expected an array, found %s"), plr_json_node_type_name (node));
      return NULL;
    }

  if (streamed != NULL && streamed->have_events)
    {
      /* Read as the parser went, in the order below. */
      if (streamed->n_events > limits->max_events)
        {
          g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_TOO_LARGE,
                       _("events: more than %u learning events"), limits->max_events);
          return NULL;
        }
      if (streamed->events_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&streamed->events_error));
          return NULL;
        }
      if (!plr_record_check_event_ids (streamed->events, "events[%u]", error))
        return NULL;

      plr_record_take_events (record, g_steal_pointer (&streamed->events));

      return g_steal_pointer (&record);
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
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  StreamedEvents streamed = { NULL, };
  PlrRecord *record;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (limits == NULL)
    limits = plr_record_limits_default ();

  streamed.limits = limits;
  streamed.max_convert = limits->max_events;
  parser = streaming_parser_new (&streamed);

  root = plr_json_parse_with_parser (parser, bytes, limits, error);
  if (root == NULL)
    {
      streamed_events_clear (&streamed);
      return NULL;
    }

  streamed_events_find (&streamed, root);
  record = record_from_json_node (root, limits, &streamed, error);
  streamed_events_clear (&streamed);

  return record;
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
  g_autoptr(JsonNode) root = plr_record_to_json_node (record);

  return plr_json_to_pretty_data (root, FALSE);
}
