/* plr-service-credential.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "plr-sd-jwt.h"
#include "plr-service-private.h"

/* The service as an issuer of SD-JWT VCs (docs/credential-format.md):
 * its signing key, its JWK Set, and GET /v1/credential, the learner's
 * current record as one credential. Claims, salts and keys are never
 * logged. */

#define KEY_FILE_NAME      "issuer-key.jwk"
#define KEY_DATA           "plr-credential-issuer"
#define CREDENTIAL_SECONDS (30 * 24 * 3600)
#define MAX_DECOYS         8

typedef struct
{
  gnutls_privkey_t  key;
  JsonObject       *public_jwk;  /* with kid, alg, use */
  char             *kid;
} Issuer;

static void
issuer_free (gpointer data)
{
  Issuer *issuer = data;

  gnutls_privkey_deinit (issuer->key);
  json_object_unref (issuer->public_jwk);
  g_free (issuer->kid);
  g_free (issuer);
}

/* Reads the key file, refusing one that others could read. */
static gnutls_privkey_t
load_key (const char  *path,
          GError     **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) jwk = NULL;
  g_autoptr(GError) local_error = NULL;
  gnutls_privkey_t key;
  struct stat st;
  gsize length;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                   "Could not read the issuer key %s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_PERMISSION,
                   "The issuer key %s is readable by others: make it mode 0600", path);
      return NULL;
    }
  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  jwk = plr_jwk_parse (text, length, &local_error);
  key = jwk ? plr_jwk_to_privkey (jwk, &local_error) : NULL;
  if (text != NULL)
    memset (text, 0, length);
  if (key == NULL)
    g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                 "The issuer key %s is not a P-256 private JWK: %s", path, local_error->message);
  return key;
}

static gboolean
save_key (const char        *path,
          gnutls_privkey_t   key,
          GError           **error)
{
  g_autoptr(JsonObject) jwk = plr_jwk_from_privkey (key, TRUE, error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  gsize length, done = 0;
  int fd;

  if (jwk == NULL)
    return FALSE;
  node = json_node_init_object (json_node_alloc (), jwk);
  text = json_to_string (node, FALSE);
  length = strlen (text);

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_PERMISSION,
                   "Could not create the issuer key %s: %s", path, g_strerror (errno));
      memset (text, 0, length);
      return FALSE;
    }
  while (done < length)
    {
      ssize_t n = write (fd, text + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  memset (text, 0, length);
  if (done < length || fsync (fd) != 0)
    {
      g_set_error (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_FAILED,
                   "Could not write the issuer key %s", path);
      close (fd);
      g_unlink (path);
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/**
 * _plr_service_credential_init:
 * @self: a service
 * @data_dir: (nullable): its data folder, or %NULL for a key in memory only
 *
 * Loads the issuer key from @data_dir, or makes one on first start.
 */
gboolean
_plr_service_credential_init (PlrService  *self,
                              const char  *data_dir,
                              GError     **error)
{
  Issuer *issuer;
  gnutls_privkey_t key = NULL;
  g_autofree char *path = data_dir ? g_build_filename (data_dir, KEY_FILE_NAME, NULL) : NULL;

  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
    key = load_key (path, error);
  else
    {
      key = plr_jwk_generate (error);
      if (key != NULL && path != NULL && !save_key (path, key, error))
        g_clear_pointer (&key, gnutls_privkey_deinit);
    }
  if (key == NULL)
    return FALSE;

  issuer = g_new0 (Issuer, 1);
  issuer->key = key;
  issuer->public_jwk = plr_jwk_from_privkey (key, FALSE, error);
  if (issuer->public_jwk == NULL || !(issuer->kid = plr_jwk_thumbprint (issuer->public_jwk, error)))
    {
      g_clear_pointer (&issuer->public_jwk, json_object_unref);
      issuer_free (issuer);
      return FALSE;
    }
  json_object_set_string_member (issuer->public_jwk, "kid", issuer->kid);
  json_object_set_string_member (issuer->public_jwk, "alg", "ES256");
  json_object_set_string_member (issuer->public_jwk, "use", "sig");
  g_object_set_data_full (G_OBJECT (self), KEY_DATA, issuer, issuer_free);
  g_debug ("Issuer key %s ready", issuer->kid);
  return TRUE;
}

static Issuer *
get_issuer (PlrService *self)
{
  return g_object_get_data (G_OBJECT (self), KEY_DATA);
}

/**
 * _plr_service_credential_dup_jwks:
 *
 * Returns: (transfer full): the JWK Set of /.well-known/jwks.json
 */
char *
_plr_service_credential_dup_jwks (PlrService *self)
{
  Issuer *issuer = get_issuer (self);
  g_autoptr(JsonObject) set = json_object_new ();
  JsonArray *keys = json_array_new ();
  g_autoptr(JsonNode) root = NULL;

  json_array_add_object_element (keys, json_object_ref (issuer->public_jwk));
  json_object_set_array_member (set, "keys", keys);
  root = json_node_init_object (json_node_alloc (), set);
  return json_to_string (root, FALSE);
}

/**
 * _plr_service_handle_jwks:
 * @req: a GET of /.well-known/jwks.json
 */
void
_plr_service_handle_jwks (PlrServiceRequest *req)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Cache-Control", "public, max-age=3600");
  _plr_reply_json_string (req->msg, SOUP_STATUS_OK, _plr_service_credential_dup_jwks (req->service));
}

static const char * const credential_sd_paths[] = {
  "/learner/*",
  "/events/*",
  "/events/*/*",
  NULL,
};

/* Never optional, so that a learner cannot hide that an entry is
 * challenged, or where it came from. */
static const char * const credential_plain_paths[] = {
  "/events/*/under_data_challenge",
  "/events/*/source",
  NULL,
};

/* The record as claims (docs/credential-format.md). */
static JsonObject *
record_claims (PlrServiceRequest            *req,
               const PlrServiceDbRecordInfo *info,
               GPtrArray                    *events,
               JsonObject                   *holder_jwk,
               GError                      **error)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonNode) learner = json_from_string (info->learner_json, error);
  g_autofree char *iss = plr_service_dup_base_url (req->service);
  JsonArray *array = json_array_new ();
  JsonObject *cnf = json_object_new ();

  if (learner == NULL)
    {
      json_array_unref (array);
      json_object_unref (cnf);
      return NULL;
    }

  json_object_set_string_member (claims, "iss", iss);
  json_object_set_int_member (claims, "iat", req->now);
  json_object_set_int_member (claims, "exp", req->now + CREDENTIAL_SECONDS);
  json_object_set_string_member (claims, "vct", PLR_CREDENTIAL_VCT);
  json_object_set_int_member (claims, "record_version", info->version);
  json_object_set_member (claims, "learner", g_steal_pointer (&learner));
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(JsonNode) event = json_from_string (g_ptr_array_index (events, i), error);

      if (event == NULL)
        {
          json_array_unref (array);
          json_object_unref (cnf);
          return NULL;
        }
      json_array_add_element (array, g_steal_pointer (&event));
    }
  json_object_set_array_member (claims, "events", array);
  json_object_set_object_member (cnf, "jwk", json_object_ref (holder_jwk));
  json_object_set_object_member (claims, "cnf", cnf);
  return g_steal_pointer (&claims);
}

/**
 * _plr_service_credential_issue:
 *
 * Issues the SD-JWT VC for a record; exposed for tests and benchmarks.
 *
 * Returns: (transfer full): the SD-JWT
 */
char *
_plr_service_credential_issue (PlrService  *self,
                               JsonObject  *claims,
                               GError     **error)
{
  Issuer *issuer = get_issuer (self);
  PlrSdJwtIssueOptions options = { 0 };

  options.max_decoys = MAX_DECOYS;
  options.kid = issuer->kid;
  options.sd_paths = credential_sd_paths;
  options.plain_paths = credential_plain_paths;
  return plr_sd_jwt_issue (claims, &options, issuer->key, error);
}

static void
reply_error (PlrServiceRequest *req,
             GError            *error)
{
  g_warning ("Could not answer %s %s: %s", req->method, req->path, error->message);
  _plr_reply_problem (req->msg, "server-error", NULL);
}

/**
 * _plr_service_handle_credential:
 * @req: a GET of /v1/credential?holder_jwk=BASE64URL(JWK)
 */
void
_plr_service_handle_credential (PlrServiceRequest *req)
{
  g_auto(PlrServiceDbRecordInfo) info = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GBytes) jwk_bytes = NULL;
  g_autoptr(JsonObject) holder_jwk = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_auto(gnutls_pubkey_t) holder = NULL;
  g_autofree char *thumbprint = NULL;
  g_autofree char *record_etag = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *credential = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  gsize length;
  const char *param = req->query ? g_hash_table_lookup (req->query, "holder_jwk") : NULL;

  if (!_plr_service_require_learner (req))
    return;

  if (param != NULL && strlen (param) <= 1024)
    jwk_bytes = plr_base64url_decode (param, -1);
  if (jwk_bytes != NULL)
    holder_jwk = plr_jwk_parse (g_bytes_get_data (jwk_bytes, NULL), g_bytes_get_size (jwk_bytes), NULL);
  if (holder_jwk != NULL && !json_object_has_member (holder_jwk, "d"))
    holder = plr_jwk_to_pubkey (holder_jwk, NULL);
  if (holder == NULL)
    {
      _plr_reply_problem (req->msg, "invalid-request",
                          "holder_jwk must be the base64url of a public EC P-256 JWK "
                          "(the key the credential is bound to)");
      return;
    }
  /* Only the members a thumbprint covers go into cnf.jwk. */
  g_clear_pointer (&holder_jwk, json_object_unref);
  holder_jwk = plr_jwk_from_pubkey (holder, &error);
  if (holder_jwk == NULL || !(thumbprint = plr_jwk_thumbprint (holder_jwk, &error)))
    {
      reply_error (req, error);
      return;
    }

  if (_plr_service_fault_apply (req, FALSE))
    return;

  events = plr_service_db_get_events_page (req->db, req->learner_id, -1, 0, G_MAXUINT, &info, &error);
  if (events == NULL)
    {
      if (g_error_matches (error, PLR_SERVICE_DB_ERROR, PLR_SERVICE_DB_ERROR_NOT_FOUND))
        _plr_reply_problem (req->msg, "unavailable",
                            "Your record has not been fetched from the Learning Records Service yet.");
      else
        reply_error (req, error);
      return;
    }

  /* One credential per record version and holder key: the entity tag is
   * the record's with the key's thumbprint, so a client that has the
   * credential for this version gets 304 (its salts stay the same). */
  record_etag = _plr_service_format_etag (&info);
  etag = g_strdup_printf ("%.*s-%.8s\"", (int) strlen (record_etag) - 1, record_etag, thumbprint);
  soup_message_headers_replace (headers, "ETag", etag);
  if (_plr_service_etag_matches (soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg),
                                                               "If-None-Match"), etag))
    {
      _plr_reply_empty (req->msg, SOUP_STATUS_NOT_MODIFIED);
      return;
    }

  claims = record_claims (req, &info, events, holder_jwk, &error);
  if (claims == NULL || !(credential = _plr_service_credential_issue (req->service, claims, &error)))
    {
      reply_error (req, error);
      return;
    }

  _plr_service_log_own_read (req, "You fetched your record as a credential");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  length = strlen (credential);
  soup_server_message_set_response (req->msg, "application/dc+sd-jwt", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&credential), length);
}
