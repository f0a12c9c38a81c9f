/* plr-record-json-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-record-json.h"

G_BEGIN_DECLS

/* The events of a document's top-level "events" array, converted as the
 * parser reads them; see _plr_json_parse_taking_events(). */
typedef struct
{
  GPtrArray *unknown;      /* in: where the paths of members an event may not
                            * hold are added (a service's answer), or NULL to
                            * refuse them (a record file) */
  gboolean   found;        /* the root object has an "events" array */
  GPtrArray *events;       /* the events before the first bad one */
  guint      n_events;     /* the elements of the array */
  guint      error_index;  /* with @error: the bad one */
  GError    *error;        /* why the first bad one is bad */
} PlrJsonEvents;

JsonNode *_plr_json_parse_taking_events (GBytes                *bytes,
                                         const PlrRecordLimits *limits,
                                         guint                  first_index,
                                         PlrJsonEvents         *events,
                                         GError               **error);
void      _plr_json_events_clear        (PlrJsonEvents         *events);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PlrJsonEvents, _plr_json_events_clear)

G_END_DECLS
