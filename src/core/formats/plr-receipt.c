/* plr-receipt.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-receipt"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-json.h"
#include "plr-identifiers.h"
#include "plr-receipt.h"

/* Receipts for the learner's choices about their data, as JSON a learner
 * can keep, print or show: one for each sharing choice in the store's
 * dated history (the LRS opt-out), and one for each share of a configured
 * view. The structure is modelled on ISO/IEC TS 27560 (consent record
 * information structure): who the controller is, who the subject is (by
 * ULN only if the learner chooses), what data, for what purpose, on what
 * legal basis, how and when the choice was made, its state, the service's
 * reference, and how to withdraw it. docs/receipt-format.md describes
 * every member. The names are ours; this is not a conformant TS 27560
 * record.
 *
 * Receipts are built from what the store already holds and never hold a
 * share code. Nothing here is logged. */

G_DEFINE_QUARK (plr-receipt-error-quark, plr_receipt_error)

#define CONTROLLER_NAME "Department for Education"
#define CONTROLLER_SERVICE "Learning Records Service"
/* As data/recipients.json names the notice. */
#define LRS_NOTICE_TITLE \
  "Learning Records Service privacy notice (LRS: privacy notices, text for organisations)"
#define LRS_NOTICE_PUBLISHER \
  "Department for Education (formerly the Education and Skills Funding Agency)"

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  json_builder_set_member_name (builder, member);
  if (time == NULL)
    json_builder_add_null_value (builder);
  else
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
      g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_add_string_value (builder, text);
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

static const char *
status_name (PlrOutboxState state)
{
  switch (state)
    {
    case PLR_OUTBOX_STATE_SENT:
      return "confirmed";
    case PLR_OUTBOX_STATE_FAILED:
      return "refused";
    case PLR_OUTBOX_STATE_QUEUED:
    default:
      return "waiting";
    }
}

/**
 * plr_receipt_for_sharing_choice:
 * @choice: one sharing choice from plr_store_list_sharing_choices()
 * @previous: (nullable): the choice before it, which it replaces
 * @flags: whether to include the learner's note
 *
 * Returns: (transfer full): the receipt, a JSON object
 */
JsonNode *
plr_receipt_for_sharing_choice (const PlrSharingChoice *choice,
                                const PlrSharingChoice *previous,
                                PlrReceiptFlags         flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;

  g_return_val_if_fail (choice != NULL, NULL);
  g_return_val_if_fail (choice->made_at != NULL, NULL);

  id = g_strdup_printf ("sharing-choice-%" G_GINT64_FORMAT, choice->id);

  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  add_string (builder, "kind", "sharing-preference");

  json_builder_set_member_name (builder, "controller");
  json_builder_begin_object (builder);
  add_string (builder, "name", CONTROLLER_NAME);
  add_string (builder, "service", CONTROLLER_SERVICE);
  json_builder_end_object (builder);

  add_string (builder, "decision", choice->opted_out ? "opted-out" : "sharing");
  add_string (builder, "statement",
              choice->opted_out
              ? _("You asked that organisations get none of your learning events from the "
                  "Learning Records Service.")
              : _("You agreed that organisations registered with the Learning Records Service "
                  "may see your learning events."));

  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  add_string (builder, "description",
              _("The learning events in your Personal Learning Record"));
  json_builder_end_object (builder);

  add_string (builder, "purpose",
              _("Whether organisations registered with the Learning Records Service may see the "
                "learning events in your Personal Learning Record"));
  add_string (builder, "legal_basis",
              _("Public task (UK GDPR Article 6(1)(e)), as the Department for Education states"));

  json_builder_set_member_name (builder, "notice");
  json_builder_begin_object (builder);
  add_string (builder, "title", LRS_NOTICE_TITLE);
  add_string (builder, "publisher", LRS_NOTICE_PUBLISHER);
  json_builder_end_object (builder);

  add_string (builder, "method", choice->method);
  add_time (builder, "made_at", choice->made_at);
  add_string (builder, "status", status_name (choice->state));
  add_string (builder, "reference", choice->reference);
  add_time (builder, "confirmed_at", choice->confirmed_at);

  if (previous != NULL)
    {
      g_autofree char *previous_id =
        g_strdup_printf ("sharing-choice-%" G_GINT64_FORMAT, previous->id);

      add_string (builder, "replaces", previous_id);
    }
  else
    add_string (builder, "replaces", NULL);

  add_string (builder, "withdrawal",
              choice->opted_out
              ? _("Make a new sharing choice in Learning Record. An organisation registered "
                  "with the Learning Records Service may also reset it after giving you the "
                  "LRS privacy notice.")
              : _("Make a new sharing choice in Learning Record. You can also object to the "
                  "sharing under UK GDPR Article 21."));

  if ((flags & PLR_RECEIPT_INCLUDE_NOTES) && choice->note != NULL)
    add_string (builder, "note", choice->note);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
check_share (const PlrShareLogEntry  *share,
             gsize                    index,
             GError                 **error)
{
  const char *missing = NULL;

  if (share->reference == NULL || share->reference[0] == '\0')
    missing = "reference";
  else if (share->recipient == NULL || share->recipient[0] == '\0')
    missing = "recipient";
  else if (share->created_at == NULL)
    missing = "created_at";

  if (missing != NULL)
    {
      g_set_error (error, PLR_RECEIPT_ERROR, PLR_RECEIPT_ERROR_INVALID,
                   "shares[%" G_GSIZE_FORMAT "].%s: required but missing", index, missing);
      return FALSE;
    }

  if (share->expires_at != NULL && g_date_time_compare (share->expires_at, share->created_at) < 0)
    {
      g_set_error (error, PLR_RECEIPT_ERROR, PLR_RECEIPT_ERROR_INVALID,
                   "shares[%" G_GSIZE_FORMAT "].expires_at: before created_at", index);
      return FALSE;
    }

  return TRUE;
}

static JsonNode *
share_receipt (const PlrShareLogEntry *share,
               const char             *service_name,
               GDateTime              *now)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = g_strdup_printf ("share-%s", share->reference);
  g_autofree char *statement = NULL;
  const char *state;

  if (share->revoked_at != NULL)
    state = "revoked";
  else if (share->expires_at != NULL && g_date_time_compare (now, share->expires_at) >= 0)
    state = "expired";
  else
    state = "active";

  /* Translators: %s is who the learner shared with, such as "Acme Ltd" */
  statement = g_strdup_printf (_("You shared a configured view of your record with %s."),
                               share->recipient);

  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  add_string (builder, "kind", "share");

  json_builder_set_member_name (builder, "controller");
  json_builder_begin_object (builder);
  add_string (builder, "name", service_name);
  add_string (builder, "service", "PLR service");
  json_builder_end_object (builder);

  add_string (builder, "decision", "shared");
  add_string (builder, "state", state);
  add_string (builder, "statement", statement);
  add_string (builder, "recipient", share->recipient);

  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  add_string (builder, "description",
              _("A configured view of your Personal Learning Record: only the learning events "
                "and fields you chose"));
  add_string (builder, "view_title", share->view_title);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; share->fields != NULL && share->fields[i] != NULL; i++)
    json_builder_add_string_value (builder, share->fields[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_add_int_value (builder, share->n_events);
  json_builder_end_object (builder);

  add_string (builder, "purpose", share->purpose);
  add_string (builder, "legal_basis", NULL);
  add_string (builder, "method", "app");
  add_time (builder, "made_at", share->created_at);
  add_time (builder, "expires_at", share->expires_at);
  add_time (builder, "revoked_at", share->revoked_at);
  add_string (builder, "status", "confirmed");
  add_string (builder, "reference", share->reference);
  add_string (builder, "withdrawal",
              _("Revoke the share in Learning Record: the recipient can no longer open it. "
                "What they already saw or saved cannot be taken back."));

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * plr_receipt_for_share:
 * @share: one share the learner made
 * @service_name: (nullable): the PLR service that holds the share, such as
 *   its host name
 * @now: when the receipt is made, to tell an active share from an expired one
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the receipt, a JSON object, or %NULL with
 *   %PLR_RECEIPT_ERROR_INVALID when @share lacks what a receipt needs
 */
JsonNode *
plr_receipt_for_share (const PlrShareLogEntry  *share,
                       const char              *service_name,
                       GDateTime               *now,
                       GError                 **error)
{
  g_return_val_if_fail (share != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!check_share (share, 0, error))
    return NULL;

  return share_receipt (share, service_name, now);
}

typedef struct
{
  GDateTime *at;
  JsonNode  *receipt;
} Dated;

static int
compare_dated (gconstpointer a,
               gconstpointer b)
{
  const Dated *dated_a = a;
  const Dated *dated_b = b;

  return g_date_time_compare (dated_a->at, dated_b->at);
}

/**
 * plr_receipt_build:
 * @sharing_choices: (nullable) (element-type PlrSharingChoice): the history
 *   from plr_store_list_sharing_choices(), in the order made
 * @shares: (nullable) (array length=n_shares): the shares the learner made
 * @n_shares: how many
 * @service_name: (nullable): the PLR service that holds the shares
 * @uln: (nullable): the learner's ULN, used only with %PLR_RECEIPT_INCLUDE_ULN
 * @flags: what to include
 * @now: when the document is made
 * @error: return location for a #GError
 *
 * Builds the receipts document (docs/receipt-format.md): every choice and
 * share as a receipt, oldest first.
 *
 * Returns: (transfer full): the document, or %NULL with
 *   %PLR_RECEIPT_ERROR_INVALID
 */
JsonNode *
plr_receipt_build (GPtrArray               *sharing_choices,
                   const PlrShareLogEntry  *shares,
                   gsize                    n_shares,
                   const char              *service_name,
                   const char              *uln,
                   PlrReceiptFlags          flags,
                   GDateTime               *now,
                   GError                 **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GArray) dated = g_array_new (FALSE, FALSE, sizeof (Dated));
  const PlrSharingChoice *previous = NULL;

  g_return_val_if_fail (shares != NULL || n_shares == 0, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if ((flags & PLR_RECEIPT_INCLUDE_ULN) && (uln == NULL || !plr_uln_validate (uln, NULL)))
    {
      g_set_error_literal (error, PLR_RECEIPT_ERROR, PLR_RECEIPT_ERROR_INVALID,
                           "uln: not a valid ULN");
      return NULL;
    }

  for (gsize i = 0; i < n_shares; i++)
    if (!check_share (&shares[i], i, error))
      return NULL;

  for (guint i = 0; sharing_choices != NULL && i < sharing_choices->len; i++)
    {
      const PlrSharingChoice *choice = g_ptr_array_index (sharing_choices, i);
      Dated item;

      if (choice->made_at == NULL)
        {
          for (guint j = 0; j < dated->len; j++)
            json_node_unref (g_array_index (dated, Dated, j).receipt);
          g_set_error (error, PLR_RECEIPT_ERROR, PLR_RECEIPT_ERROR_INVALID,
                       "sharing_choices[%u].made_at: required but missing", i);
          return NULL;
        }

      item.at = choice->made_at;
      item.receipt = plr_receipt_for_sharing_choice (choice, previous, flags);
      g_array_append_val (dated, item);
      previous = choice;
    }

  for (gsize i = 0; i < n_shares; i++)
    {
      Dated item;

      item.at = shares[i].created_at;
      item.receipt = share_receipt (&shares[i], service_name, now);
      g_array_append_val (dated, item);
    }

  /* Stable, so choices made in the same second keep their order. */
  g_array_sort (dated, compare_dated);

  json_builder_begin_object (builder);
  add_string (builder, "format", PLR_RECEIPT_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, PLR_RECEIPT_FORMAT_VERSION);
  add_time (builder, "generated_at", now);

  json_builder_set_member_name (builder, "subject");
  if (flags & PLR_RECEIPT_INCLUDE_ULN)
    {
      json_builder_begin_object (builder);
      add_string (builder, "uln", uln);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "receipts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dated->len; i++)
    json_builder_add_value (builder, g_array_index (dated, Dated, i).receipt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * plr_receipt_build_bytes:
 * @sharing_choices: (nullable) (element-type PlrSharingChoice): as plr_receipt_build()
 * @shares: (nullable) (array length=n_shares): the shares the learner made
 * @n_shares: how many
 * @service_name: (nullable): the PLR service that holds the shares
 * @uln: (nullable): the learner's ULN, used only with %PLR_RECEIPT_INCLUDE_ULN
 * @flags: what to include
 * @now: when the document is made
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the document as indented UTF-8 JSON, ending in
 *   a newline, or %NULL with @error set
 */
GBytes *
plr_receipt_build_bytes (GPtrArray               *sharing_choices,
                         const PlrShareLogEntry  *shares,
                         gsize                    n_shares,
                         const char              *service_name,
                         const char              *uln,
                         PlrReceiptFlags          flags,
                         GDateTime               *now,
                         GError                 **error)
{
  g_autoptr(JsonNode) root = NULL;

  root = plr_receipt_build (sharing_choices, shares, n_shares, service_name, uln, flags, now,
                            error);
  if (root == NULL)
    return NULL;

  return plr_json_to_pretty_data (root, TRUE);
}
