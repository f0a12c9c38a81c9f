/* plr-record-json.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "plr-json.h"
#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_RECORD_FORMAT_NAME    "io.github.learningrecord.record"
#define PLR_RECORD_FORMAT_VERSION 1

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

JsonNode         *plr_record_to_json_node             (PlrRecord             *record);
JsonNode         *plr_learner_to_json_node            (PlrLearner            *learner);
JsonNode         *plr_learning_event_to_json_node     (PlrLearningEvent      *event);
GBytes           *plr_record_json_write               (PlrRecord             *record);

G_END_DECLS
