/* fuzz-learner.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The protocol's learner response (GET /v1/learner): plr_json_parse() and
 * plr_learner_from_json_node() as PlrClient calls them on the body, on its
 * "learner" member, or on the whole document when it has none (so learner
 * objects on their own make a corpus too). A learner that is taken must
 * come back the same through plr_learner_to_json_node(). */

#include "config.h"

#include "plr-record-json.h"

#include "fuzz-target.h"

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
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(PlrLearner) again = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (FUZZ_SKIP_LENIENT_JSON (data, size))
    return 0;

  root = plr_json_parse (bytes, NULL, &error);
  fuzz_assert ((root == NULL) == (error != NULL));
  if (root == NULL)
    return 0;
  /* The protocol's bodies are JSON; what is not must be refused. */
  fuzz_assert (fuzz_json_is_strict (data, size));

  node = root;
  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "learner"))
    node = json_object_get_member (json_node_get_object (root), "learner");

  learner = plr_learner_from_json_node (node, "learner", &error);
  fuzz_assert ((learner == NULL) == (error != NULL));
  if (learner == NULL)
    return 0;

  written = plr_learner_to_json_node (learner);
  again = plr_learner_from_json_node (written, "learner", &error);
  if (again == NULL)
    fprintf (stderr, "the written learner was refused: %s\n", error->message);
  fuzz_assert (again != NULL);
  fuzz_assert (plr_learner_equal (learner, again));

  return 0;
}
