/* plr-jose.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-jose"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gnutls/crypto.h>

#include "plr-base64url.h"
#include "plr-jose.h"
#include "plr-record.h"
#include "plr-json.h"

/* JWK and JWS for ES256 on GnuTLS. Nothing here does elliptic-curve
 * arithmetic: GnuTLS signs and verifies, and this file only converts
 * between JOSE's forms (base64url coordinates, r‖s signatures) and
 * GnuTLS's (raw big-endian integers, DER). Keys and signatures are never
 * logged. */

#define COORD_LEN 32

/* A token can carry a whole record (a thousand events or more). */
static const PlrRecordLimits token_limits = {
  .max_bytes = 64 * 1024 * 1024,
  .max_events = 200000,
  .max_depth = 32,
};

JsonNode *
plr_jose_parse_json (const guint8  *data,
                     gsize          length,
                     GError       **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  node = plr_json_parse (bytes, &token_limits, &local_error);
  if (node == NULL)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_MALFORMED,
                   _("Not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return node;
}

char *
plr_jose_sha256_b64 (const char *text,
                     gssize      length)
{
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) text, length);
  g_checksum_get_digest (sum, digest, &digest_len);
  return plr_base64url_encode (digest, digest_len);
}

/* GnuTLS gives integers without a fixed width (maybe a leading zero,
 * maybe shorter); JOSE wants exactly 32 bytes, left-padded. */
static gboolean
fixed_width (const gnutls_datum_t *in,
             guint8               *out)
{
  const guint8 *p = in->data;
  gsize n = in->size;

  while (n > COORD_LEN && *p == 0)
    p++, n--;
  if (n > COORD_LEN)
    return FALSE;
  memset (out, 0, COORD_LEN - n);
  memcpy (out + COORD_LEN - n, p, n);
  return TRUE;
}

static gboolean
fail_gnutls (GError **error,
             int      ret)
{
  g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_FAILED,
               _("The cryptography library refused: %s"), gnutls_strerror (ret));
  return FALSE;
}

gnutls_privkey_t
plr_jwk_generate (GError **error)
{
  g_auto(gnutls_privkey_t) key = NULL;
  int ret;

  if ((ret = gnutls_privkey_init (&key)) < 0 ||
      (ret = gnutls_privkey_generate2 (key, GNUTLS_PK_ECDSA,
                                       GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                       0, NULL, 0)) < 0)
    {
      fail_gnutls (error, ret);
      return NULL;
    }
  return g_steal_pointer (&key);
}

static char *
coord_b64 (const gnutls_datum_t *d)
{
  guint8 buf[COORD_LEN];

  if (!fixed_width (d, buf))
    return NULL;
  return plr_base64url_encode (buf, COORD_LEN);
}

static JsonObject *
jwk_new (const gnutls_datum_t *x,
         const gnutls_datum_t *y,
         const gnutls_datum_t *k,
         GError              **error)
{
  g_autoptr(JsonObject) jwk = json_object_new ();
  g_autofree char *xs = coord_b64 (x);
  g_autofree char *ys = coord_b64 (y);

  if (xs == NULL || ys == NULL)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The key is not a P-256 key"));
      return NULL;
    }
  json_object_set_string_member (jwk, "kty", "EC");
  json_object_set_string_member (jwk, "crv", "P-256");
  json_object_set_string_member (jwk, "x", xs);
  json_object_set_string_member (jwk, "y", ys);
  if (k != NULL)
    {
      g_autofree char *ds = coord_b64 (k);

      if (ds == NULL)
        {
          g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                       _("The key is not a P-256 key"));
          return NULL;
        }
      json_object_set_string_member (jwk, "d", ds);
    }
  return g_steal_pointer (&jwk);
}

JsonObject *
plr_jwk_from_privkey (gnutls_privkey_t   key,
                      gboolean           with_private,
                      GError           **error)
{
  gnutls_ecc_curve_t curve;
  gnutls_datum_t x = { 0 }, y = { 0 }, k = { 0 };
  JsonObject *jwk = NULL;
  int ret;

  ret = gnutls_privkey_export_ecc_raw2 (key, &curve, &x, &y, &k, GNUTLS_EXPORT_FLAG_NO_LZ);
  if (ret < 0)
    {
      fail_gnutls (error, ret);
      return NULL;
    }
  if (curve != GNUTLS_ECC_CURVE_SECP256R1)
    g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                 _("The key is not a P-256 key"));
  else
    jwk = jwk_new (&x, &y, with_private ? &k : NULL, error);

  gnutls_free (x.data);
  gnutls_free (y.data);
  if (k.data != NULL)
    gnutls_memset (k.data, 0, k.size);
  gnutls_free (k.data);
  return jwk;
}

JsonObject *
plr_jwk_from_pubkey (gnutls_pubkey_t   key,
                     GError          **error)
{
  gnutls_ecc_curve_t curve;
  gnutls_datum_t x = { 0 }, y = { 0 };
  JsonObject *jwk = NULL;
  int ret;

  ret = gnutls_pubkey_export_ecc_raw2 (key, &curve, &x, &y, GNUTLS_EXPORT_FLAG_NO_LZ);
  if (ret < 0)
    {
      fail_gnutls (error, ret);
      return NULL;
    }
  if (curve != GNUTLS_ECC_CURVE_SECP256R1)
    g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                 _("The key is not a P-256 key"));
  else
    jwk = jwk_new (&x, &y, NULL, error);

  gnutls_free (x.data);
  gnutls_free (y.data);
  return jwk;
}

/* One member of a JWK: a base64url string of exactly 32 bytes. */
static GBytes *
jwk_coord (JsonObject  *jwk,
           const char  *name,
           GError     **error)
{
  JsonNode *node = json_object_get_member (jwk, name);
  g_autoptr(GBytes) bytes = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    bytes = plr_base64url_decode (json_node_get_string (node), -1);

  if (bytes == NULL || g_bytes_get_size (bytes) != COORD_LEN)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The key's “%s” is not a 32-byte base64url value"), name);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

static gboolean
jwk_check_ec (JsonObject  *jwk,
              GError     **error)
{
  if (jwk == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (jwk, "kty", ""), "EC") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (jwk, "crv", ""), "P-256") != 0)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The key is not an EC P-256 JWK"));
      return FALSE;
    }
  return TRUE;
}

static gnutls_datum_t
datum (GBytes *bytes)
{
  gsize n = 0;
  gnutls_datum_t d;

  d.data = (unsigned char *) g_bytes_get_data (bytes, &n);
  d.size = (unsigned int) n;
  return d;
}

gnutls_pubkey_t
plr_jwk_to_pubkey (JsonObject  *jwk,
                   GError     **error)
{
  g_auto(gnutls_pubkey_t) key = NULL;
  g_autoptr(GBytes) x = NULL;
  g_autoptr(GBytes) y = NULL;
  gnutls_datum_t dx, dy;
  int ret;

  if (!jwk_check_ec (jwk, error) ||
      !(x = jwk_coord (jwk, "x", error)) ||
      !(y = jwk_coord (jwk, "y", error)))
    return NULL;

  dx = datum (x);
  dy = datum (y);
  if ((ret = gnutls_pubkey_init (&key)) < 0 ||
      (ret = gnutls_pubkey_import_ecc_raw (key, GNUTLS_ECC_CURVE_SECP256R1, &dx, &dy)) < 0)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The key is not a P-256 key: %s"), gnutls_strerror (ret));
      return NULL;
    }
  return g_steal_pointer (&key);
}

gnutls_privkey_t
plr_jwk_to_privkey (JsonObject  *jwk,
                    GError     **error)
{
  g_auto(gnutls_privkey_t) key = NULL;
  g_autoptr(GBytes) x = NULL;
  g_autoptr(GBytes) y = NULL;
  g_autoptr(GBytes) d = NULL;
  gnutls_datum_t dx, dy, dd;
  int ret;

  if (!jwk_check_ec (jwk, error) ||
      !(x = jwk_coord (jwk, "x", error)) ||
      !(y = jwk_coord (jwk, "y", error)) ||
      !(d = jwk_coord (jwk, "d", error)))
    return NULL;

  dx = datum (x);
  dy = datum (y);
  dd = datum (d);
  if ((ret = gnutls_privkey_init (&key)) < 0 ||
      (ret = gnutls_privkey_import_ecc_raw (key, GNUTLS_ECC_CURVE_SECP256R1, &dx, &dy, &dd)) < 0 ||
      (ret = gnutls_privkey_verify_params (key)) < 0)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The key is not a P-256 key: %s"), gnutls_strerror (ret));
      return NULL;
    }
  return g_steal_pointer (&key);
}

/**
 * plr_jwk_thumbprint:
 *
 * RFC 7638: SHA-256 of the required members in lexical order, no white
 * space. Used as the `kid` of the service's key.
 */
char *
plr_jwk_thumbprint (JsonObject  *jwk,
                    GError     **error)
{
  g_autofree char *canonical = NULL;
  g_autoptr(GBytes) x = NULL;
  g_autoptr(GBytes) y = NULL;

  if (!jwk_check_ec (jwk, error) ||
      !(x = jwk_coord (jwk, "x", error)) ||
      !(y = jwk_coord (jwk, "y", error)))
    return NULL;

  /* x and y are checked base64url, so they need no JSON escaping. */
  canonical = g_strdup_printf ("{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}",
                               json_object_get_string_member (jwk, "x"),
                               json_object_get_string_member (jwk, "y"));
  return plr_jose_sha256_b64 (canonical, -1);
}

JsonObject *
plr_jwk_parse (const char  *text,
               gssize       length,
               GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  node = plr_jose_parse_json ((const guint8 *) text, length < 0 ? strlen (text) : (gsize) length, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_KEY,
                   _("The key is not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

static char *
b64_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  return plr_base64url_encode ((const guint8 *) text, strlen (text));
}

/**
 * plr_jws_sign:
 * @header: the protected header; "alg" is set to ES256 here
 * @payload: the payload
 * @key: a P-256 private key
 *
 * Returns: (transfer full): the JWS compact serialisation
 */
char *
plr_jws_sign (JsonObject        *header,
              JsonNode          *payload,
              gnutls_privkey_t   key,
              GError           **error)
{
  g_autoptr(JsonNode) header_node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *h = NULL;
  g_autofree char *p = NULL;
  g_autofree char *input = NULL;
  g_autofree char *sig_b64 = NULL;
  gnutls_datum_t data, der = { 0 }, r = { 0 }, s = { 0 };
  guint8 rs[2 * COORD_LEN];
  gboolean ok;
  int ret;

  json_object_set_string_member (header, "alg", "ES256");
  json_node_set_object (header_node, header);
  h = b64_json (header_node);
  p = b64_json (payload);
  input = g_strconcat (h, ".", p, NULL);

  data.data = (unsigned char *) input;
  data.size = strlen (input);
  ret = gnutls_privkey_sign_data2 (key, GNUTLS_SIGN_ECDSA_SHA256, 0, &data, &der);
  if (ret < 0)
    {
      fail_gnutls (error, ret);
      return NULL;
    }
  ret = gnutls_decode_rs_value (&der, &r, &s);
  gnutls_free (der.data);
  if (ret < 0)
    {
      fail_gnutls (error, ret);
      return NULL;
    }
  ok = fixed_width (&r, rs) && fixed_width (&s, rs + COORD_LEN);
  gnutls_free (r.data);
  gnutls_free (s.data);
  if (!ok)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_FAILED,
                   _("The signature is not a P-256 signature"));
      return NULL;
    }

  sig_b64 = plr_base64url_encode (rs, sizeof rs);
  return g_strconcat (input, ".", sig_b64, NULL);
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_MALFORMED,
               _("Not a compact JWS: %s"), what);
  return FALSE;
}

/**
 * plr_jws_decode:
 *
 * Splits and parses a JWS without checking its signature; refuses any
 * "alg" but ES256 (and so "none") before anything else looks at it.
 */
gboolean
plr_jws_decode (const char  *compact,
                gssize       length,
                JsonObject **header,
                JsonNode   **payload,
                GError     **error)
{
  const char *end, *dot1, *dot2;
  g_autoptr(GBytes) hb = NULL;
  g_autoptr(GBytes) pb = NULL;
  g_autoptr(JsonNode) hn = NULL;
  g_autoptr(JsonNode) pn = NULL;
  JsonObject *ho;
  JsonNode *alg;
  gsize n;
  const guint8 *d;

  if (length < 0)
    length = strlen (compact);
  end = compact + length;
  dot1 = memchr (compact, '.', length);
  if (dot1 == NULL)
    return malformed (error, _("no “.”"));
  dot2 = memchr (dot1 + 1, '.', end - dot1 - 1);
  if (dot2 == NULL || memchr (dot2 + 1, '.', end - dot2 - 1) != NULL)
    return malformed (error, _("not three parts"));

  if (!(hb = plr_base64url_decode (compact, dot1 - compact)))
    return malformed (error, _("the header is not base64url"));
  d = g_bytes_get_data (hb, &n);
  if (!(hn = plr_jose_parse_json (d, n, error)))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (hn))
    return malformed (error, _("the header is not an object"));
  ho = json_node_get_object (hn);

  alg = json_object_get_member (ho, "alg");
  if (alg == NULL || !JSON_NODE_HOLDS_VALUE (alg) ||
      json_node_get_value_type (alg) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (alg), "ES256") != 0)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM,
                   _("The signature algorithm is not ES256"));
      return FALSE;
    }
  if (json_object_has_member (ho, "crit"))
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_MALFORMED,
                   _("The header has critical extensions this verifier does not know"));
      return FALSE;
    }

  if (!(pb = plr_base64url_decode (dot1 + 1, dot2 - dot1 - 1)))
    return malformed (error, _("the payload is not base64url"));
  d = g_bytes_get_data (pb, &n);
  if (!(pn = plr_jose_parse_json (d, n, error)))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (pn))
    return malformed (error, _("the payload is not an object"));

  if (header != NULL)
    *header = json_object_ref (ho);
  if (payload != NULL)
    *payload = g_steal_pointer (&pn);
  return TRUE;
}

/**
 * plr_jws_verify:
 *
 * Checks an ES256 signature only; call plr_jws_decode() for the parts.
 */
gboolean
plr_jws_verify (const char        *compact,
                gssize             length,
                gnutls_pubkey_t    key,
                GError           **error)
{
  const char *dot2;
  g_autoptr(GBytes) sig = NULL;
  gnutls_datum_t data, r, s, der = { 0 };
  const guint8 *rs;
  gsize n;
  int ret;

  if (length < 0)
    length = strlen (compact);
  dot2 = g_strrstr_len (compact, length, ".");
  if (dot2 == NULL)
    return malformed (error, _("no “.”"));

  sig = plr_base64url_decode (dot2 + 1, compact + length - dot2 - 1);
  if (sig == NULL || g_bytes_get_size (sig) != 2 * COORD_LEN)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_SIGNATURE,
                   _("The signature is not 64 bytes of base64url"));
      return FALSE;
    }
  rs = g_bytes_get_data (sig, &n);
  r.data = (unsigned char *) rs;
  r.size = COORD_LEN;
  s.data = (unsigned char *) rs + COORD_LEN;
  s.size = COORD_LEN;
  if ((ret = gnutls_encode_rs_value (&der, &r, &s)) < 0)
    return fail_gnutls (error, ret);

  data.data = (unsigned char *) compact;
  data.size = dot2 - compact;
  ret = gnutls_pubkey_verify_data2 (key, GNUTLS_SIGN_ECDSA_SHA256, 0, &data, &der);
  gnutls_free (der.data);
  if (ret < 0)
    {
      g_set_error (error, PLR_CREDENTIAL_ERROR, PLR_CREDENTIAL_ERROR_BAD_SIGNATURE,
                   _("The signature does not match the key"));
      return FALSE;
    }
  return TRUE;
}
