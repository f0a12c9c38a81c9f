/* plr-view-presentation.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view-presentation"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "plr-field.h"
#include "plr-sd-jwt.h"
#include "plr-view-presentation.h"

/* A configured view as an SD-JWT presentation of the record's credential
 * (docs/credential-format.md, "Presenting a view"): the disclosures of
 * exactly the learner fields the view chose, the entries it selects (found
 * in the credential by their LRS id, not by position) and, inside each,
 * the fields it chose, with the event disclosure each field needs as its
 * parent, and nothing else. The view's own selection (plr_view_select_events())
 * decides the entries, as it does for every other output. */

static char *
value_as_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" PRId64, json_node_get_int (node));
  return NULL;
}

/**
 * plr_view_dup_presentation_paths:
 * @view: the view
 * @record: the record, with its credential
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the claim paths to disclose, or %NULL with
 *   @error set when the record has no credential or the credential does
 *   not hold an entry the view selects
 */
char **
plr_view_dup_presentation_paths (PlrView    *view,
                                 PlrRecord  *record,
                                 GError    **error)
{
  PlrRecordCredential *credential;
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(GHashTable) index_by_id = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  const char *id_name = plr_event_field_info (PLR_EVENT_FIELD_ID)->json_name;
  guint64 learner_fields;
  guint64 event_fields;

  g_return_val_if_fail (PLR_IS_VIEW (view), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  credential = plr_record_get_credential (record);
  if (credential == NULL)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_NOT_FOUND,
                   _("This record has no signed copy from the service. Refresh it while "
                     "signed in, then try again."));
      return NULL;
    }

  values = plr_sd_jwt_dup_disclosure_values (plr_record_credential_get_compact (credential), error);
  if (values == NULL)
    return NULL;

  /* Each event of the credential by its id. */
  index_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; ; i++)
    {
      g_autofree char *event_path = g_strdup_printf ("/events/%u", i);
      g_autofree char *id_path = g_strdup_printf ("/events/%u/%s", i, id_name);
      char *id;

      if (!json_object_has_member (values, event_path))
        break;
      id = value_as_text (json_object_get_member (values, id_path));
      if (id != NULL)
        g_hash_table_insert (index_by_id, id, GUINT_TO_POINTER (i + 1));
    }

  learner_fields = plr_view_get_learner_fields (view);
  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    if (learner_fields & PLR_VIEW_FIELD_BIT (f))
      {
        g_autofree char *path = g_strdup_printf ("/learner/%s", plr_learner_field_info (f)->json_name);

        /* A field the record does not have has no disclosure to give. */
        if (json_object_has_member (values, path))
          g_strv_builder_add (paths, path);
      }

  event_fields = plr_view_get_event_fields (view);
  events = plr_view_select_events (view, record);
  for (guint e = 0; e < events->len; e++)
    {
      PlrLearningEvent *event = g_ptr_array_index (events, e);
      const char *id = plr_learning_event_get_value (event, PLR_EVENT_FIELD_ID);
      guint index = GPOINTER_TO_UINT (id ? g_hash_table_lookup (index_by_id, id) : NULL);
      g_autofree char *event_path = NULL;

      if (index == 0)
        {
          g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_NOT_FOUND,
                       _("An entry in this view is not in the service’s signed copy of your "
                         "record. Refresh your record, then try again."));
          return NULL;
        }

      /* The entry itself; its plain claims (source, under_data_challenge)
       * come with it. */
      event_path = g_strdup_printf ("/events/%u", index - 1);
      g_strv_builder_add (paths, event_path);
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        if (event_fields & PLR_VIEW_FIELD_BIT (f))
          {
            g_autofree char *path = g_strdup_printf ("%s/%s", event_path,
                                                     plr_event_field_info (f)->json_name);

            if (json_object_has_member (values, path))
              g_strv_builder_add (paths, path);
          }
    }

  return g_strv_builder_end (paths);
}

/**
 * plr_view_present:
 * @view: the view
 * @record: the record, with its credential
 * @holder_key: the holder's private key, which the credential is bound to
 * @audience: the KB-JWT's `aud`: the recipient
 * @nonce: the KB-JWT's `nonce`
 * @iat: the KB-JWT's `iat`, Unix time
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the presentation, `<jwt>~<disclosure>~…~<kb-jwt>`,
 *   or %NULL with @error set
 */
char *
plr_view_present (PlrView          *view,
                  PlrRecord        *record,
                  gnutls_privkey_t  holder_key,
                  const char       *audience,
                  const char       *nonce,
                  gint64            iat,
                  GError          **error)
{
  g_auto(GStrv) paths = NULL;

  g_return_val_if_fail (holder_key != NULL, NULL);
  g_return_val_if_fail (audience != NULL && nonce != NULL, NULL);

  paths = plr_view_dup_presentation_paths (view, record, error);
  if (paths == NULL)
    return NULL;

  /* An exact path list: plr_sd_jwt_present() adds only the parents. */
  return plr_sd_jwt_present (plr_record_credential_get_compact (plr_record_get_credential (record)),
                             (const char * const *) paths, holder_key, audience, nonce, iat, error);
}
