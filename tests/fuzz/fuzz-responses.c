/* fuzz-responses.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The protocol's other response bodies, each read as PlrClient and
 * PlrStore read them, all on the same document so that one corpus covers
 * them all:
 *
 * - GET /v1/challenges: plr_challenge_status_list_from_json(), and the
 *   answer to POST /v1/challenges: plr_challenge_status_from_json();
 * - GET /v1/shares: plr_share_info_list_from_json(), and the answer to
 *   POST /v1/shares: plr_share_info_new_from_json();
 * - a page of GET /v1/access-log: plr_access_log_parse_page(), read as a
 *   first page and again as a later one, then analysed as the access log
 *   Access Log page analyses it;
 * - an application/problem+json error: plr_json_parse() with the client's
 *   problem limits (64 KiB, depth 4), then its "type" (the reader itself,
 *   problem_type_is(), is static in plr-client.c).
 *
 * Each must set an error exactly when it returns nothing, leave what it
 * was given as it was when it fails, and return only what the protocol
 * allows. */

#include "config.h"

#include "plr-access-log.h"
#include "plr-challenge-status.h"
#include "plr-evidence.h"
#include "plr-record-json.h"
#include "plr-recipients.h"
#include "plr-share-record.h"

#include "fuzz-target.h"

/* The most entries a page may hold for it to be analysed too: enough for
 * every page the service sends, and keeps each input quick. */
#define MAX_ANALYSED_ENTRIES 2000

/* The recipients dataset, loaded once: it is the same for every input. */
static PlrRecipients *recipients;
static GTimeZone *london;

/* As plr-client.c reads an error body. */
static const PlrRecordLimits problem_limits = {
  .max_bytes = 64 * 1024,
  .max_events = 0,
  .max_depth = 4,
};

static void
check_challenge (const PlrChallengeStatus *status)
{
  fuzz_assert (status != NULL);
  fuzz_assert (status->service_id != NULL && status->service_id[0] != '\0');
  fuzz_assert (status->state != PLR_CHALLENGE_STATE_DRAFT &&
               status->state != PLR_CHALLENGE_STATE_WAITING_TO_SEND);
  fuzz_assert (status->submitted_at != NULL);
  fuzz_assert (status->history != NULL && status->history->len <= PLR_CHALLENGE_STATUS_MAX_HISTORY);
  fuzz_assert (status->evidence != NULL && status->evidence->len <= PLR_EVIDENCE_MAX_FILES);

  for (guint i = 0; i < status->evidence->len; i++)
    {
      const PlrEvidence *evidence = g_ptr_array_index (status->evidence, i);

      fuzz_assert (evidence->name != NULL && g_utf8_validate (evidence->name, -1, NULL));
      fuzz_assert (plr_evidence_is_sha256 (evidence->sha256));
      fuzz_assert (evidence->size >= -1 && evidence->size <= PLR_EVIDENCE_MAX_BYTES);
      fuzz_assert (evidence->path == NULL);
    }

  /* A copy is the same */
  {
    g_autoptr(PlrChallengeStatus) copy = plr_challenge_status_copy (status);

    fuzz_assert (g_str_equal (copy->service_id, status->service_id));
    fuzz_assert (copy->history->len == status->history->len);
    fuzz_assert (copy->evidence->len == status->evidence->len);
  }
}

static void
check_challenges (JsonNode *root)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PlrChallengeStatus) answer = NULL;
  g_autoptr(GError) error = NULL;

  list = plr_challenge_status_list_from_json (root, &error);
  fuzz_assert ((list == NULL) == (error != NULL));
  g_clear_error (&error);
  if (list != NULL)
    {
      JsonNode *challenges = json_object_get_member (json_node_get_object (root), "challenges");

      fuzz_assert (JSON_NODE_HOLDS_ARRAY (challenges));
      fuzz_assert (list->len == json_array_get_length (json_node_get_array (challenges)));
      fuzz_assert (list->len <= PLR_CHALLENGE_STATUS_MAX_LIST);
      for (guint i = 0; i < list->len; i++)
        check_challenge (g_ptr_array_index (list, i));
    }

  answer = plr_challenge_status_from_json (root, "answer", &error);
  fuzz_assert ((answer == NULL) == (error != NULL));
  if (answer != NULL)
    check_challenge (answer);
}

static void
check_share (const PlrShareInfo *info)
{
  fuzz_assert (info != NULL);
  fuzz_assert (info->code != NULL && info->code[0] != '\0');
  fuzz_assert (g_utf8_validate (info->code, -1, NULL));
  fuzz_assert (info->views >= 0);

  {
    g_autoptr(PlrShareInfo) copy = plr_share_info_copy (info);

    fuzz_assert (g_str_equal (copy->code, info->code));
    fuzz_assert (g_strcmp0 (copy->url, info->url) == 0);
    fuzz_assert (copy->views == info->views && copy->revoked == info->revoked);
  }
}

static void
check_shares (JsonNode *root)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(PlrShareInfo) answer = NULL;
  g_autoptr(GError) error = NULL;

  list = plr_share_info_list_from_json (root, &error);
  fuzz_assert ((list == NULL) == (error != NULL));
  g_clear_error (&error);
  if (list != NULL)
    {
      JsonNode *shares = json_object_get_member (json_node_get_object (root), "shares");

      fuzz_assert (list->len == json_array_get_length (json_node_get_array (shares)));
      for (guint i = 0; i < list->len; i++)
        check_share (g_ptr_array_index (list, i));
    }

  answer = plr_share_info_new_from_json (root, &error);
  fuzz_assert ((answer == NULL) == (error != NULL));
  if (answer != NULL)
    check_share (answer);
}

static void
check_access_log (JsonNode *root)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor_again = NULL;
  gboolean ok;
  guint n;

  ok = plr_access_log_parse_page (root, entries, &cursor, &error);
  fuzz_assert (ok == (error == NULL));
  if (!ok)
    {
      fuzz_assert (entries->len == 0);
      fuzz_assert (cursor == NULL);
      return;
    }

  n = entries->len;
  fuzz_assert (n == json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                                         "entries")));
  if (cursor != NULL)
    {
      fuzz_assert (cursor[0] != '\0');
      for (const char *p = cursor; *p; p++)
        fuzz_assert (g_ascii_isgraph (*p));
      /* A page that is not the last holds entries, or paging never ends. */
      fuzz_assert (n > 0);
    }

  /* The same page again, as a later page: appended after the first. */
  ok = plr_access_log_parse_page (root, entries, &cursor_again, &error);
  fuzz_assert (ok == (error == NULL));
  if (ok)
    {
      fuzz_assert (entries->len == 2 * n);
      fuzz_assert (g_strcmp0 (cursor, cursor_again) == 0);
    }
  else
    {
      fuzz_assert (g_error_matches (error, PLR_ACCESS_LOG_ERROR, PLR_ACCESS_LOG_ERROR_TOO_LARGE));
      fuzz_assert (entries->len == n);
      fuzz_assert (cursor_again == NULL);
    }

  /* What the app does with the log it read. */
  if (entries->len > 0 && entries->len <= MAX_ANALYSED_ENTRIES)
    {
      g_autoptr(PlrAccessLog) log = plr_access_log_new (entries);
      g_autoptr(GPtrArray) findings = NULL;

      findings = plr_access_log_analyse (log, recipients, london, PLR_ACCESS_ANALYSE_NIGHT);
      fuzz_assert (findings != NULL);
      for (guint i = 0; i < findings->len; i++)
        {
          PlrAccessFinding *finding = g_ptr_array_index (findings, i);
          g_autofree char *words = plr_access_finding_describe (finding);

          fuzz_assert (finding->n_entries > 0 && finding->n_entries <= entries->len);
          fuzz_assert (finding->organisation != NULL);
          fuzz_assert (g_date_time_compare (finding->first_at, finding->last_at) <= 0);
          fuzz_assert (words != NULL && g_utf8_validate (words, -1, NULL));
        }
      fuzz_assert (plr_access_log_count_concerns (log) <= entries->len);
    }
}

/* As plr-client.c's problem_type_is() reads an error body. */
static void
check_problem (GBytes   *bytes,
               JsonNode *root)
{
  g_autoptr(JsonNode) problem = NULL;
  g_autoptr(GError) error = NULL;

  problem = plr_json_parse (bytes, &problem_limits, &error);
  fuzz_assert ((problem == NULL) == (error != NULL));
  if (problem == NULL)
    return;

  /* The tighter limits take no more than the default ones. */
  fuzz_assert (root != NULL);
  fuzz_assert (json_node_equal (problem, root));
  fuzz_assert (g_bytes_get_size (bytes) <= problem_limits.max_bytes);

  /* What the client then looks at: the type, which may be anything (a
   * number, null, an object), compared as text. */
  if (JSON_NODE_HOLDS_OBJECT (problem))
    {
      JsonObject *object = json_node_get_object (problem);

      (void) g_strcmp0 (json_object_get_string_member_with_default (object, "type", ""),
                        "/problems/invalid-token");
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  fuzz_target_init ();

  recipients = plr_recipients_new_default (&error);
  if (recipients == NULL)
    {
      fprintf (stderr, "the recipients dataset did not load: %s\n", error->message);
      abort ();
    }
  london = g_time_zone_new_identifier ("Europe/London");
  if (london == NULL)
    london = g_time_zone_new_utc ();

  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (FUZZ_SKIP_LENIENT_JSON (data, size))
    return 0;

  root = plr_json_parse (bytes, NULL, &error);
  fuzz_assert ((root == NULL) == (error != NULL));

  check_problem (bytes, root);

  if (root == NULL)
    return 0;
  /* The protocol's bodies are JSON; what is not must be refused. */
  fuzz_assert (fuzz_json_is_strict (data, size));

  check_challenges (root);
  check_shares (root);
  check_access_log (root);

  return 0;
}
