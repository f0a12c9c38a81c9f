/* plr-json.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Limits that every record document is held to, wherever it comes from. */
typedef struct
{
  gsize max_bytes;
  guint max_events;
  guint max_depth;
} PlrRecordLimits;

const PlrRecordLimits *plr_record_limits_default      (void);

gboolean          plr_json_check_syntax               (const char            *data,
                                                       gsize                  length,
                                                       guint                  max_depth,
                                                       GError               **error);
JsonNode         *plr_json_parse                      (GBytes                *bytes,
                                                       const PlrRecordLimits *limits,
                                                       GError               **error);
JsonNode         *plr_json_parse_with_parser          (JsonParser            *parser,
                                                       GBytes                *bytes,
                                                       const PlrRecordLimits *limits,
                                                       GError               **error);
const char       *plr_json_node_type_name             (JsonNode              *node);
GBytes           *plr_json_to_pretty_data             (JsonNode              *root,
                                                       gboolean               final_newline);
void              plr_json_collect_unknown            (JsonObject            *object,
                                                       const char            *path,
                                                       const char * const    *known,
                                                       GPtrArray             *unknown);
void              plr_json_log_unknown                (const char            *what,
                                                       GPtrArray             *unknown);
gboolean          plr_json_read_int                   (JsonNode              *node,
                                                       const char            *path,
                                                       gint64                 min,
                                                       gint64                 max,
                                                       gint64                *out,
                                                       GError               **error);

G_END_DECLS
