/* plr-record-json.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_RECORD_FORMAT_NAME    "io.github.learningrecord.record"
#define PLR_RECORD_FORMAT_VERSION 1

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

PlrRecord        *plr_record_json_read                (GBytes                *bytes,
                                                       const PlrRecordLimits *limits,
                                                       GError               **error);
PlrRecord        *plr_record_from_json_node           (JsonNode              *root,
                                                       const PlrRecordLimits *limits,
                                                       GError               **error);
PlrLearner       *plr_learner_from_json_node          (JsonNode              *node,
                                                       const char            *path,
                                                       GError               **error);
PlrLearningEvent *plr_learning_event_from_json_node   (JsonNode              *node,
                                                       const char            *path,
                                                       GError               **error);
PlrLearner       *plr_learner_from_response_node      (JsonNode              *node,
                                                       const char            *path,
                                                       GPtrArray             *unknown,
                                                       GError               **error);
PlrLearningEvent *plr_learning_event_from_response_node (JsonNode            *node,
                                                       const char            *path,
                                                       GPtrArray             *unknown,
                                                       GError               **error);
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

JsonNode         *plr_record_to_json_node             (PlrRecord             *record);
JsonNode         *plr_learner_to_json_node            (PlrLearner            *learner);
JsonNode         *plr_learning_event_to_json_node     (PlrLearningEvent      *event);
GBytes           *plr_record_json_write               (PlrRecord             *record);

G_END_DECLS
