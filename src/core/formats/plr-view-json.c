/* plr-view-json.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view-json"

#include "config.h"

#include "plr-json.h"
#include "plr-view-json.h"

/* A view as JSON (docs/view-format.md): the document a learner saves or
 * sends, and the "view" body of POST /v1/shares (docs/protocol.md). Both are
 * made from the filtered result alone; values keep the kinds of the record
 * format (numbers, booleans, arrays of ULNs). */

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

static void
add_value (JsonBuilder        *builder,
           const PlrFieldInfo *info,
           const char         *value)
{
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
        for (guint i = 0; ulns[i] != NULL; i++)
          json_builder_add_string_value (builder, ulns[i]);
        json_builder_end_array (builder);
      }
      break;

    case PLR_FIELD_KIND_TEXT:
    case PLR_FIELD_KIND_DATE:
    case PLR_FIELD_KIND_DATETIME:
    case PLR_FIELD_KIND_ULN:
    default:
      json_builder_add_string_value (builder, value);
      break;
    }
}

static void
add_learner (JsonBuilder   *builder,
             PlrViewResult *result)
{
  json_builder_set_member_name (builder, "learner");
  json_builder_begin_object (builder);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    {
      const char *value = plr_view_result_get_learner_value (result, i);

      if (value != NULL)
        add_value (builder, plr_learner_field_info (i), value);
    }
  json_builder_end_object (builder);
}

static void
add_events (JsonBuilder   *builder,
            PlrViewResult *result)
{
  guint64 fields = plr_view_result_get_event_fields (result);
  gboolean carries = plr_view_result_get_carries_challenges (result);
  guint n = plr_view_result_get_n_entries (result);

  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint e = 0; e < n; e++)
    {
      json_builder_begin_object (builder);
      for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
        {
          const char *value;

          /* The flag goes below, chosen or carried. */
          if (i == PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)
            continue;
          value = plr_view_result_get_entry_value (result, e, i);
          if (value != NULL)
            add_value (builder, plr_event_field_info (i), value);
        }
      if (carries)
        {
          const PlrFieldInfo *info = plr_event_field_info (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE);

          json_builder_set_member_name (builder, info->json_name);
          json_builder_add_boolean_value (builder,
                                          plr_view_result_get_entry_challenged (result, e));
        }
      else
        g_assert (!(fields & BIT (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  text = plr_view_format_iso_time (time);
  add_string (builder, member, text);
}

/**
 * plr_view_json_build_document:
 * @result: a filtered view
 *
 * Returns: (transfer full): the "io.github.learningrecord.view" document
 */
JsonNode *
plr_view_json_build_document (PlrViewResult *result)
{
  g_autoptr(JsonBuilder) builder = NULL;
  GEnumClass *order_class;
  guint n_columns;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, PLR_VIEW_JSON_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PLR_VIEW_JSON_FORMAT_VERSION);
  add_string (builder, "title", plr_view_result_get_title (result));
  add_string (builder, "recipient", plr_view_result_get_recipient (result));
  add_string (builder, "purpose", plr_view_result_get_purpose (result));
  add_time (builder, "as_of", plr_view_result_get_as_of (result));
  add_time (builder, "generated_at", plr_view_result_get_generated_at (result));
  add_string (builder, "share_code", plr_view_result_get_share_code (result));
  add_time (builder, "share_expires_at", plr_view_result_get_share_expires_at (result));

  order_class = g_type_class_ref (PLR_TYPE_VIEW_ORDER);
  add_string (builder, "order",
              g_enum_get_value (order_class, plr_view_result_get_order (result))->value_nick);
  g_type_class_unref (order_class);

  json_builder_set_member_name (builder, "event_fields");
  json_builder_begin_array (builder);
  n_columns = plr_view_result_get_n_columns (result);
  for (guint c = 0; c < n_columns; c++)
    {
      PlrEventField field = plr_view_result_get_column (result, c);

      json_builder_add_string_value (builder, plr_event_field_info (field)->json_name);
    }
  json_builder_end_array (builder);

  add_learner (builder, result);
  add_events (builder, result);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_view_json_build_share_body:
 * @result: a filtered view
 *
 * The "view" member of POST /v1/shares: exactly what the recipient may
 * see, with the members the protocol names (title, learner, events, as_of).
 *
 * Returns: (transfer full): the share body's view object
 */
JsonNode *
plr_view_json_build_share_body (PlrViewResult *result)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), NULL);

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  add_string (builder, "title", plr_view_result_get_title (result));
  add_learner (builder, result);
  add_events (builder, result);
  add_time (builder, "as_of", plr_view_result_get_as_of (result));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_view_json_render:
 * @result: a filtered view
 *
 * Returns: (transfer full): the view document as indented JSON in UTF-8
 */
GBytes *
plr_view_json_render (PlrViewResult *result)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (result), NULL);

  root = plr_view_json_build_document (result);
  return plr_json_to_pretty_data (root, FALSE);
}
