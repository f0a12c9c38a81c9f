/* plr-client-credential.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-base64url.h"
#include "plr-client-private.h"
#include "plr-jose.h"
#include "plr-sd-jwt.h"

/* GET /v1/credential?holder_jwk=…: the service's SD-JWT VC of the record,
 * bound to the learner's holder key (docs/credential-format.md). The
 * client checks that it is one, that it is bound to this holder key and,
 * by its ETag, that it was issued for the record version just fetched;
 * the cache then keeps it with that record. */

typedef struct
{
  char *holder_thumbprint;
  char *record_etag;
} FetchCredential;

static void
fetch_credential_free (FetchCredential *fetch)
{
  g_free (fetch->holder_thumbprint);
  g_free (fetch->record_etag);
  g_free (fetch);
}

static gboolean
get_int_claim (JsonObject  *claims,
               const char  *name,
               gint64      *value)
{
  JsonNode *node = json_object_get_member (claims, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/**
 * plr_client_parse_credential:
 * @compact: an SD-JWT VC as the service sends it
 * @holder_thumbprint: (nullable): the RFC 7638 thumbprint its cnf.jwk must have
 * @error: return location for a #GError
 *
 * Reads what the cache keeps about a credential, refusing one that is not
 * a PLR SD-JWT VC or not bound to the holder key. The issuer's signature
 * is checked by whoever relies on it (the service, a recipient, --verify).
 *
 * Returns: (transfer full): the credential, or %NULL with @error set
 */
PlrRecordCredential *
plr_client_parse_credential (const char  *compact,
                             const char  *holder_thumbprint,
                             GError     **error)
{
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *tilde;
  const char *typ;
  const char *iss;
  JsonObject *claims;
  JsonObject *cnf;
  JsonNode *node;
  gint64 iat = 0, exp = 0, version = 0;

  tilde = compact ? strchr (compact, '~') : NULL;
  if (tilde == NULL ||
      !plr_jws_decode (compact, tilde - compact, &header, &payload, &local_error) ||
      !JSON_NODE_HOLDS_OBJECT (payload))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent a signed record that could not be read: %s"),
                   local_error ? local_error->message : "not an SD-JWT");
      return NULL;
    }

  claims = json_node_get_object (payload);
  typ = json_object_get_string_member_with_default (header, "typ", NULL);
  iss = json_object_get_string_member_with_default (claims, "iss", NULL);
  if (g_strcmp0 (typ, PLR_SD_JWT_TYP) != 0 || iss == NULL ||
      !get_int_claim (claims, "iat", &iat) || !get_int_claim (claims, "exp", &exp) ||
      !get_int_claim (claims, "record_version", &version))
    {
      g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                   _("The service sent a signed record that could not be read: %s"),
                   "typ, iss, iat, exp or record_version");
      return NULL;
    }

  if (holder_thumbprint != NULL)
    {
      g_autofree char *thumbprint = NULL;
      JsonNode *jwk = NULL;

      node = json_object_get_member (claims, "cnf");
      cnf = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      if (cnf != NULL)
        jwk = json_object_get_member (cnf, "jwk");
      if (jwk != NULL && JSON_NODE_HOLDS_OBJECT (jwk))
        thumbprint = plr_jwk_thumbprint (json_node_get_object (jwk), NULL);
      if (g_strcmp0 (thumbprint, holder_thumbprint) != 0)
        {
          g_set_error (error, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                       _("The service sent a signed record for another device’s key"));
          return NULL;
        }
    }

  return plr_record_credential_new (compact, iss, NULL, iat, exp, version);
}

static void
on_credential_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PlrClient *self = g_task_get_source_object (task);
  FetchCredential *fetch = g_task_get_task_data (task);
  g_autoptr(Response) response = NULL;
  g_autofree char *compact = NULL;
  const char *etag;
  const char *data;
  gsize size;
  GError *error = NULL;
  PlrRecordCredential *credential;

  response = _plr_client_send_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (response->status != SOUP_STATUS_OK)
    {
      _plr_client_set_status_error (response, &error);
      g_task_return_error (task, error);
      return;
    }

  /* The credential's ETag is the record's with the key's thumbprint added
   * (docs/protocol.md): another prefix means the record changed between
   * the two requests, and this credential is not for the record in hand. */
  etag = soup_message_headers_get_one (response->headers, "ETag");
  if (fetch->record_etag != NULL && strlen (fetch->record_etag) > 1 &&
      (etag == NULL || strncmp (etag, fetch->record_etag, strlen (fetch->record_etag) - 1) != 0))
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The record changed while its signed copy was fetched"));
      return;
    }

  data = g_bytes_get_data (response->body, &size);
  if (size == 0 || memchr (data, '\0', size) != NULL)
    {
      g_task_return_new_error (task, PLR_CLIENT_ERROR, PLR_CLIENT_ERROR_INVALID_RESPONSE,
                               _("The service sent a signed record that could not be read: %s"),
                               "empty");
      return;
    }
  compact = g_strstrip (g_strndup (data, size));

  credential = plr_client_parse_credential (compact, fetch->holder_thumbprint, &error);
  if (credential == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, credential, g_object_unref);
}

/**
 * plr_client_fetch_credential_async:
 * @self: a #PlrClient
 * @holder_jwk: the holder's public JWK
 * @record_etag: (nullable): the ETag of the record it must be for
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the service's SD-JWT VC of the current record, bound to @holder_jwk.
 */
void
plr_client_fetch_credential_async (PlrClient           *self,
                                   JsonObject          *holder_jwk,
                                   const char          *record_etag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *param = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  FetchCredential *fetch;
  gsize length;

  g_return_if_fail (PLR_IS_CLIENT (self));
  g_return_if_fail (holder_jwk != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_client_fetch_credential_async);

  fetch = g_new0 (FetchCredential, 1);
  fetch->record_etag = g_strdup (record_etag);
  fetch->holder_thumbprint = plr_jwk_thumbprint (holder_jwk, &error);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_credential_free);
  if (fetch->holder_thumbprint == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  node = json_node_init_object (json_node_alloc (), holder_jwk);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  param = plr_base64url_encode ((const guint8 *) text, length);
  path = g_strconcat ("v1/credential?holder_jwk=", param, NULL);

  _plr_client_send_request_async (self, "GET", path, NULL, NULL, NULL, NULL, TRUE,
                                  cancellable, on_credential_cb, g_steal_pointer (&task));
}

/**
 * plr_client_fetch_credential_finish:
 * @self: a #PlrClient
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the credential, or %NULL with @error set
 */
PlrRecordCredential *
plr_client_fetch_credential_finish (PlrClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
