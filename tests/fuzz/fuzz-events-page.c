/* fuzz-events-page.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The protocol's page of events (GET /v1/learner/events): plr_json_parse()
 * and plr_learning_event_from_json_node() on every element of "events", as
 * PlrClient reads a page; a document that is an array or a single object
 * is read the same way. Every event that is taken must come back the same
 * through plr_learning_event_to_json_node(). */

#include "config.h"

#include "plr-record-json.h"

#include "fuzz-target.h"

static void
check_event (JsonNode *node,
             guint     index)
{
  g_autoptr(PlrLearningEvent) event = NULL;
  g_autoptr(PlrLearningEvent) again = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(GError) error = NULL;
  char path[32];

  g_snprintf (path, sizeof path, "events[%u]", index);
  event = plr_learning_event_from_json_node (node, path, &error);
  fuzz_assert ((event == NULL) == (error != NULL));
  if (event == NULL)
    return;

  written = plr_learning_event_to_json_node (event);
  again = plr_learning_event_from_json_node (written, path, &error);
  if (again == NULL)
    fprintf (stderr, "the written event was refused: %s\n", error->message);
  fuzz_assert (again != NULL);
  fuzz_assert (plr_learning_event_equal (event, again));
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_target_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *events = NULL;

  if (FUZZ_SKIP_LENIENT_JSON (data, size))
    return 0;

  root = plr_json_parse (bytes, NULL, &error);
  fuzz_assert ((root == NULL) == (error != NULL));
  if (root == NULL)
    return 0;
  /* The protocol's bodies are JSON; what is not must be refused. */
  fuzz_assert (fuzz_json_is_strict (data, size));

  if (JSON_NODE_HOLDS_OBJECT (root))
    events = json_object_get_member (json_node_get_object (root), "events");
  else if (JSON_NODE_HOLDS_ARRAY (root))
    events = root;

  if (events != NULL && JSON_NODE_HOLDS_ARRAY (events))
    {
      JsonArray *array = json_node_get_array (events);

      for (guint i = 0; i < json_array_get_length (array); i++)
        check_event (json_array_get_element (array, i), i);
    }
  else
    check_event (events != NULL ? events : root, 0);

  return 0;
}
