/* test-receipt.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Consent and preference receipts (docs/receipt-format.md): one for each
 * sharing choice in the store's history and one for each share, oldest
 * first, naming the learner by ULN only when asked, never holding a share
 * code. */

#include "config.h"

#include <string.h>

#include "plr-receipt.h"
#include "plr-store.h"

#define SHARE_CODE "7KQ4-M2XP-9RTA"

static PlrSharingChoice *
make_choice (gint64          id,
             gboolean        opted_out,
             const char     *method,
             const char     *note,
             const char     *made_at,
             PlrOutboxState  state,
             const char     *reference,
             const char     *confirmed_at)
{
  PlrSharingChoice *choice = g_new0 (PlrSharingChoice, 1);

  choice->id = id;
  choice->opted_out = opted_out;
  choice->method = g_strdup (method);
  choice->note = g_strdup (note);
  choice->made_at = g_date_time_new_from_iso8601 (made_at, NULL);
  choice->outbox_id = id + 100;
  choice->state = state;
  choice->reference = g_strdup (reference);
  choice->confirmed_at = confirmed_at ? g_date_time_new_from_iso8601 (confirmed_at, NULL) : NULL;

  return choice;
}

static GPtrArray *
make_history (void)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_sharing_choice_free);

  g_ptr_array_add (choices, make_choice (1, TRUE, "app", "After the 2020 news",
                                         "2026-03-01T10:00:00Z",
                                         PLR_OUTBOX_STATE_SENT, "SP-000123",
                                         "2026-03-01T10:00:05Z"));
  g_ptr_array_add (choices, make_choice (2, FALSE, "letter", NULL, "2026-11-20T09:30:00Z",
                                         PLR_OUTBOX_STATE_QUEUED, NULL, NULL));
  return choices;
}

typedef struct
{
  GDateTime *created;
  GDateTime *expires;
  GDateTime *old_created;
  GDateTime *old_expires;
  GDateTime *revoked;
  PlrShareLogEntry shares[3];
} Shares;

static void
shares_init (Shares *s)
{
  static const char * const fields[] = { "Subject", "Grade", "Awarding organisation", NULL };

  s->created = g_date_time_new_utc (2026, 11, 2, 9, 0, 0);
  s->expires = g_date_time_new_utc (2026, 12, 31, 23, 59, 59);
  s->old_created = g_date_time_new_utc (2026, 6, 1, 9, 0, 0);
  s->old_expires = g_date_time_new_utc (2026, 7, 1, 9, 0, 0);
  s->revoked = g_date_time_new_utc (2026, 9, 2, 12, 0, 0);

  s->shares[0] = (PlrShareLogEntry) {
    .reference = "sh-0003", .recipient = "Acme Ltd", .purpose = "Job application",
    .view_title = "For Acme Ltd", .fields = fields, .n_events = 3,
    .created_at = s->created, .expires_at = s->expires,
  };
  s->shares[1] = (PlrShareLogEntry) {
    .reference = "sh-0001", .recipient = "Coleg Gwent", .purpose = NULL,
    .view_title = NULL, .fields = NULL, .n_events = 12,
    .created_at = s->old_created, .expires_at = s->old_expires,
  };
  s->shares[2] = (PlrShareLogEntry) {
    .reference = "sh-0002", .recipient = "Careers Wales", .purpose = "Guidance",
    .view_title = "Everything", .fields = fields, .n_events = 40,
    .created_at = s->old_expires, .revoked_at = s->revoked,
  };
}

static void
shares_clear (Shares *s)
{
  g_date_time_unref (s->created);
  g_date_time_unref (s->expires);
  g_date_time_unref (s->old_created);
  g_date_time_unref (s->old_expires);
  g_date_time_unref (s->revoked);
}

static JsonObject *
receipt_at (JsonObject *document,
            guint       index)
{
  JsonArray *receipts = json_object_get_array_member (document, "receipts");

  return json_array_get_object_element (receipts, index);
}

static void
test_document (void)
{
  g_autoptr(GPtrArray) history = make_history ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Shares s;
  JsonObject *document;
  JsonObject *receipt;
  const char *text;
  gsize length;

  shares_init (&s);
  bytes = plr_receipt_build_bytes (history, s.shares, G_N_ELEMENTS (s.shares),
                                   "plr.example.ac.uk", "9276308686", PLR_RECEIPT_DEFAULT, now,
                                   &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (bytes, &length);
  g_test_message ("%.*s", (int) length, text);
  g_assert_true (text[length - 1] == '\n');

  /* Never a share code, never the ULN unless asked for, never the note. */
  g_assert_null (g_strstr_len (text, length, SHARE_CODE));
  g_assert_null (g_strstr_len (text, length, "9276308686"));
  g_assert_null (g_strstr_len (text, length, "2020 news"));

  json_parser_load_from_data (parser, text, (gssize) length, &error);
  g_assert_no_error (error);
  document = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpstr (json_object_get_string_member (document, "format"), ==,
                   "io.github.learningrecord.receipts");
  g_assert_cmpint (json_object_get_int_member (document, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (document, "generated_at"), ==,
                   "2026-11-23T12:00:00Z");
  g_assert_true (json_object_get_null_member (document, "subject"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (document, "receipts")),
                    ==, 5);

  /* Oldest first: the opt-out, then the shares, then the change of mind. */
  receipt = receipt_at (document, 0);
  g_assert_cmpstr (json_object_get_string_member (receipt, "id"), ==, "sharing-choice-1");
  g_assert_cmpstr (json_object_get_string_member (receipt, "kind"), ==, "sharing-preference");
  g_assert_cmpstr (json_object_get_string_member (receipt, "decision"), ==, "opted-out");
  g_assert_cmpstr (json_object_get_string_member (receipt, "method"), ==, "app");
  g_assert_cmpstr (json_object_get_string_member (receipt, "made_at"), ==,
                   "2026-03-01T10:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (receipt, "status"), ==, "confirmed");
  g_assert_cmpstr (json_object_get_string_member (receipt, "reference"), ==, "SP-000123");
  g_assert_cmpstr (json_object_get_string_member (receipt, "confirmed_at"), ==,
                   "2026-03-01T10:00:05Z");
  g_assert_true (json_object_get_null_member (receipt, "replaces"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (receipt,
                                                                                 "controller"),
                                                  "name"), ==, "Department for Education");
  g_assert_nonnull (strstr (json_object_get_string_member (receipt, "legal_basis"),
                            "Article 6(1)(e)"));
  g_assert_nonnull (strstr (json_object_get_string_member (receipt, "withdrawal"),
                            "new sharing choice"));
  g_assert_nonnull (json_object_get_object_member (receipt, "notice"));
  g_assert_false (json_object_has_member (receipt, "note"));

  receipt = receipt_at (document, 1);
  g_assert_cmpstr (json_object_get_string_member (receipt, "id"), ==, "share-sh-0001");
  g_assert_cmpstr (json_object_get_string_member (receipt, "state"), ==, "expired");
  g_assert_true (json_object_get_null_member (receipt, "purpose"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (receipt, "data"),
                                               "events"), ==, 12);

  receipt = receipt_at (document, 2);
  g_assert_cmpstr (json_object_get_string_member (receipt, "id"), ==, "share-sh-0002");
  g_assert_cmpstr (json_object_get_string_member (receipt, "state"), ==, "revoked");
  g_assert_cmpstr (json_object_get_string_member (receipt, "revoked_at"), ==,
                   "2026-09-02T12:00:00Z");

  receipt = receipt_at (document, 3);
  g_assert_cmpstr (json_object_get_string_member (receipt, "id"), ==, "share-sh-0003");
  g_assert_cmpstr (json_object_get_string_member (receipt, "kind"), ==, "share");
  g_assert_cmpstr (json_object_get_string_member (receipt, "state"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (receipt, "recipient"), ==, "Acme Ltd");
  g_assert_cmpstr (json_object_get_string_member (receipt, "purpose"), ==, "Job application");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (receipt,
                                                                                 "controller"),
                                                  "name"), ==, "plr.example.ac.uk");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (receipt, "data"), "fields")), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (receipt, "expires_at"), ==,
                   "2026-12-31T23:59:59Z");
  g_assert_true (json_object_get_null_member (receipt, "revoked_at"));
  g_assert_true (json_object_get_null_member (receipt, "legal_basis"));
  g_assert_nonnull (strstr (json_object_get_string_member (receipt, "withdrawal"), "Revoke"));

  receipt = receipt_at (document, 4);
  g_assert_cmpstr (json_object_get_string_member (receipt, "id"), ==, "sharing-choice-2");
  g_assert_cmpstr (json_object_get_string_member (receipt, "decision"), ==, "sharing");
  g_assert_cmpstr (json_object_get_string_member (receipt, "method"), ==, "letter");
  g_assert_cmpstr (json_object_get_string_member (receipt, "status"), ==, "waiting");
  g_assert_true (json_object_get_null_member (receipt, "reference"));
  g_assert_true (json_object_get_null_member (receipt, "confirmed_at"));
  g_assert_cmpstr (json_object_get_string_member (receipt, "replaces"), ==, "sharing-choice-1");

  shares_clear (&s);
}

static void
test_subject_and_notes (void)
{
  g_autoptr(GPtrArray) history = make_history ();
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *document;

  root = plr_receipt_build (history, NULL, 0, NULL, "9276308686",
                            PLR_RECEIPT_INCLUDE_ULN | PLR_RECEIPT_INCLUDE_NOTES, now, &error);
  g_assert_no_error (error);
  document = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (document,
                                                                                 "subject"),
                                                  "uln"), ==, "9276308686");
  g_assert_cmpstr (json_object_get_string_member (receipt_at (document, 0), "note"), ==,
                   "After the 2020 news");
  /* A choice without a note has no note member. */
  g_assert_false (json_object_has_member (receipt_at (document, 1), "note"));

  /* A ULN that is not one is refused rather than written. */
  {
    g_autoptr(JsonNode) bad = plr_receipt_build (history, NULL, 0, NULL, "1000000042",
                                                 PLR_RECEIPT_INCLUDE_ULN, now, &error);

    g_assert_null (bad);
    g_assert_error (error, PLR_RECEIPT_ERROR, PLR_RECEIPT_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* Nothing at all is still a valid, empty document. */
  {
    g_autoptr(JsonNode) empty = plr_receipt_build (NULL, NULL, 0, NULL, NULL,
                                                   PLR_RECEIPT_DEFAULT, now, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_node_get_object (empty), "receipts")), ==, 0);
  }
}

static void
test_invalid_shares (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  Shares s;
  struct { const char *message; } cases[] = {
    { "shares[1].recipient: required but missing" },
    { "shares[1].reference: required but missing" },
    { "shares[1].created_at: required but missing" },
    { "shares[1].expires_at: before created_at" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;

      shares_init (&s);
      switch (i)
        {
        case 0: s.shares[1].recipient = ""; break;
        case 1: s.shares[1].reference = NULL; break;
        case 2: s.shares[1].created_at = NULL; break;
        default: s.shares[1].expires_at = s.revoked; s.shares[1].created_at = s.expires; break;
        }

      root = plr_receipt_build (NULL, s.shares, G_N_ELEMENTS (s.shares), NULL, NULL,
                                PLR_RECEIPT_DEFAULT, now, &error);
      g_assert_null (root);
      g_assert_error (error, PLR_RECEIPT_ERROR, PLR_RECEIPT_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      shares_clear (&s);
    }

  /* One share on its own. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) receipt = NULL;

    shares_init (&s);
    receipt = plr_receipt_for_share (&s.shares[0], NULL, now, &error);
    g_assert_no_error (error);
    g_assert_true (json_object_get_null_member (json_object_get_object_member (
                     json_node_get_object (receipt), "controller"), "name"));
    shares_clear (&s);
  }
}

/* From the real store's history, not hand-made structs. */
static void
test_from_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "receipts.db", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *document;

  store = plr_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_record_sharing_choice (store, TRUE, "app", "Mine", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (plr_store_record_sharing_choice (store, FALSE, "phone", NULL, NULL, &error));
  g_assert_no_error (error);

  history = plr_store_list_sharing_choices (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);

  root = plr_receipt_build (history, NULL, 0, NULL, NULL, PLR_RECEIPT_DEFAULT, now, &error);
  g_assert_no_error (error);
  document = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (receipt_at (document, 0), "decision"), ==,
                   "opted-out");
  g_assert_cmpstr (json_object_get_string_member (receipt_at (document, 0), "status"), ==,
                   "waiting");
  g_assert_cmpstr (json_object_get_string_member (receipt_at (document, 1), "method"), ==,
                   "phone");
  g_assert_nonnull (json_object_get_string_member (receipt_at (document, 1), "replaces"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/receipt/document", test_document);
  g_test_add_func ("/receipt/subject-and-notes", test_subject_and_notes);
  g_test_add_func ("/receipt/invalid-shares", test_invalid_shares);
  g_test_add_func ("/receipt/from-store", test_from_store);

  return g_test_run ();
}
