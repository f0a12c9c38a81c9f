/* plr-sd-jwt.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-sd-jwt"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "plr-base64url.h"
#include "plr-sd-jwt.h"

/* SD-JWT (RFC 9901) on top of plr-jose: issue, present, verify. All three
 * are pure functions of their arguments (no main loop, no global state),
 * so a caller may run them in a GTask thread. Claims, salts and keys are
 * never logged. */

#define SALT_BYTES       16      /* 128 bits, RFC 9901 §9.3 */
#define MAX_DISCLOSURES  500000
#define KB_CLOCK_SKEW    60

static gboolean
set_error (GError     **error,
           int          code,
           const char  *format,
           ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_error (GError     **error,
           int          code,
           const char  *format,
           ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, PLR_CREDENTIAL_ERROR, code, "");
  if (error != NULL && *error != NULL)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);
  return FALSE;
}

char *
plr_sd_jwt_disclosure_digest (const char *disclosure)
{
  return plr_jose_sha256_b64 (disclosure, -1);
}

/* ------------------------------------------------------------------------ */
/* Claim paths                                                               */

static char *
path_append (const char *path,
             const char *segment)
{
  g_autoptr(GString) s = g_string_new (path);

  g_string_append_c (s, '/');
  for (const char *p = segment; *p; p++)
    {
      if (*p == '~')
        g_string_append (s, "~0");
      else if (*p == '/')
        g_string_append (s, "~1");
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
path_index (const char *path,
            guint       index)
{
  return g_strdup_printf ("%s/%u", path, index);
}

/* Whether the first segments of @pattern match all of @path (prefix) or
 * @pattern matches @path exactly. */
static gboolean
path_matches (const char *pattern,
              const char *path,
              gboolean    prefix)
{
  g_auto(GStrv) pp = g_strsplit (pattern, "/", -1);
  g_auto(GStrv) ps = g_strsplit (path, "/", -1);
  guint np = g_strv_length (pp), ns = g_strv_length (ps);

  if (ns > np || (!prefix && ns != np))
    return FALSE;
  for (guint i = 0; i < ns; i++)
    if (g_strcmp0 (pp[i], "*") != 0 && g_strcmp0 (pp[i], ps[i]) != 0)
      return FALSE;
  return TRUE;
}

static gboolean
paths_match (const char * const *patterns,
             const char         *path,
             gboolean            prefix)
{
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    if (path_matches (patterns[i], path, prefix))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Issuing                                                                   */

typedef struct
{
  const PlrSdJwtIssueOptions *options;
  GPtrArray                  *disclosures;  /* base64url strings */
} Issuer;

static char *
make_disclosure (Issuer     *is,
                 const char *name,
                 JsonNode   *value)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *salt = plr_random_base64url (SALT_BYTES);
  g_autofree char *text = NULL;
  char *b64;

  json_array_add_string_element (array, salt);
  if (name != NULL)
    json_array_add_string_element (array, name);
  json_array_add_element (array, json_node_copy (value));
  json_node_set_array (node, array);
  text = json_to_string (node, FALSE);
  b64 = plr_base64url_encode ((const guint8 *) text, strlen (text));
  g_ptr_array_add (is->disclosures, b64);
  return plr_sd_jwt_disclosure_digest (b64);
}

static char *
decoy_digest (void)
{
  guint8 buf[SALT_BYTES];
  g_autofree char *b64 = NULL;

  plr_random_bytes (buf, sizeof buf);
  b64 = plr_base64url_encode (buf, sizeof buf);
  return plr_sd_jwt_disclosure_digest (b64);
}

static guint
n_decoys (Issuer *is)
{
  guint32 r;

  if (is->options->max_decoys == 0)
    return 0;
  plr_random_bytes ((guint8 *) &r, sizeof r);
  return 1 + r % is->options->max_decoys;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static JsonNode *issue_node (Issuer *is, JsonNode *node, const char *path, GError **error);

static JsonNode *
issue_object (Issuer      *is,
              JsonObject  *object,
              const char  *path,
              GError     **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GList) members = json_object_get_members (object);
  JsonNode *node;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *child = path_append (path, name);
      g_autoptr(JsonNode) value = NULL;

      if (g_str_equal (name, "_sd") || g_str_equal (name, "...") ||
          (*path == '\0' && g_str_equal (name, "_sd_alg")))
        {
          set_error (error, PLR_CREDENTIAL_ERROR_RESERVED_NAME,
                     _("The claim name “%s” is reserved"), name);
          return NULL;
        }
      value = issue_node (is, json_object_get_member (object, name), child, error);
      if (value == NULL)
        return NULL;
      if (paths_match (is->options->sd_paths, child, FALSE) &&
          !paths_match (is->options->plain_paths, child, FALSE))
        g_ptr_array_add (digests, make_disclosure (is, name, value));
      else
        json_object_set_member (out, name, g_steal_pointer (&value));
    }

  if (digests->len > 0)
    {
      JsonArray *sd = json_array_new ();

      for (guint i = n_decoys (is); i > 0; i--)
        g_ptr_array_add (digests, decoy_digest ());
      g_ptr_array_sort (digests, compare_strings);
      for (guint i = 0; i < digests->len; i++)
        json_array_add_string_element (sd, g_ptr_array_index (digests, i));
      json_object_set_array_member (out, "_sd", sd);
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, out);
  return node;
}

static JsonNode *
placeholder (char *digest)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "...", digest);
  g_free (digest);
  json_node_take_object (node, o);
  return node;
}

static JsonNode *
issue_array (Issuer      *is,
             JsonArray   *array,
             const char  *path,
             GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonArray *result = json_array_new ();
  gboolean any = FALSE;
  JsonNode *node;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *child = path_index (path, i);
      g_autoptr(JsonNode) value = issue_node (is, json_array_get_element (array, i), child, error);

      if (value == NULL)
        {
          json_array_unref (result);
          return NULL;
        }
      if (paths_match (is->options->sd_paths, child, FALSE) &&
          !paths_match (is->options->plain_paths, child, FALSE))
        {
          g_ptr_array_add (out, placeholder (make_disclosure (is, NULL, value)));
          any = TRUE;
        }
      else
        g_ptr_array_add (out, g_steal_pointer (&value));
    }

  /* Decoys among the elements, at random places, so that a presentation
   * does not tell how many entries the record has. */
  if (any)
    for (guint i = n_decoys (is); i > 0; i--)
      {
        guint32 r;

        plr_random_bytes ((guint8 *) &r, sizeof r);
        g_ptr_array_insert (out, r % (out->len + 1), placeholder (decoy_digest ()));
      }

  for (guint i = 0; i < out->len; i++)
    json_array_add_element (result, json_node_ref (g_ptr_array_index (out, i)));
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, result);
  return node;
}

static JsonNode *
issue_node (Issuer      *is,
            JsonNode    *node,
            const char  *path,
            GError     **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return issue_object (is, json_node_get_object (node), path, error);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return issue_array (is, json_node_get_array (node), path, error);
  return json_node_copy (node);
}

/**
 * plr_sd_jwt_issue:
 * @claims: the claims, plain
 * @options: which are selectively disclosable, decoys, header
 * @issuer_key: the issuer's P-256 key
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the SD-JWT, `<jwt>~<disclosure>~…~`
 */
char *
plr_sd_jwt_issue (JsonObject                 *claims,
                  const PlrSdJwtIssueOptions *options,
                  gnutls_privkey_t            issuer_key,
                  GError                    **error)
{
  g_autoptr(GPtrArray) disclosures = g_ptr_array_new_with_free_func (g_free);
  Issuer is = { options, disclosures };
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *jwt = NULL;

  payload = issue_object (&is, claims, "", error);
  if (payload == NULL)
    return NULL;
  json_object_set_string_member (json_node_get_object (payload), "_sd_alg", "sha-256");

  json_object_set_string_member (header, "alg", "ES256");
  json_object_set_string_member (header, "typ", options->typ ? options->typ : PLR_SD_JWT_TYP);
  if (options->kid != NULL)
    json_object_set_string_member (header, "kid", options->kid);

  jwt = plr_jws_sign (header, payload, issuer_key, error);
  if (jwt == NULL)
    return NULL;

  out = g_string_new (jwt);
  g_string_append_c (out, '~');
  for (guint i = 0; i < disclosures->len; i++)
    {
      g_string_append (out, g_ptr_array_index (disclosures, i));
      g_string_append_c (out, '~');
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------ */
/* Parsing an SD-JWT                                                         */

typedef struct
{
  char     *b64;
  char     *digest;
  char     *name;     /* NULL for an array element */
  JsonNode *value;
  char     *path;     /* where the presenter found it */
  gboolean  used;
} Disclosure;

static void
disclosure_free (gpointer data)
{
  Disclosure *d = data;

  g_free (d->b64);
  g_free (d->digest);
  g_free (d->name);
  g_clear_pointer (&d->value, json_node_unref);
  g_free (d->path);
  g_free (d);
}

typedef struct
{
  char       *jwt;
  char       *kb_jwt;         /* nullable */
  char       *presented;      /* everything up to and including the last '~' before the KB-JWT */
  GPtrArray  *disclosures;    /* Disclosure*, in presented order */
  GHashTable *by_digest;      /* digest → Disclosure* */
  JsonObject *header;
  JsonNode   *payload;
} Parsed;

static void
parsed_clear (Parsed *p)
{
  g_free (p->jwt);
  g_free (p->kb_jwt);
  g_free (p->presented);
  g_clear_pointer (&p->by_digest, g_hash_table_unref);
  g_clear_pointer (&p->disclosures, g_ptr_array_unref);
  g_clear_pointer (&p->header, json_object_unref);
  g_clear_pointer (&p->payload, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static Disclosure *
disclosure_parse (const char  *b64,
                  GError     **error)
{
  g_autoptr(GBytes) bytes = plr_base64url_decode (b64, -1);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  Disclosure *d;
  guint n;

  if (bytes == NULL)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("A disclosure is not base64url"));
      return NULL;
    }
  node = plr_jose_parse_json (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node) ||
      ((n = json_array_get_length (array = json_node_get_array (node))) != 2 && n != 3) ||
      json_node_get_value_type (json_array_get_element (array, 0)) != G_TYPE_STRING ||
      (n == 3 && json_node_get_value_type (json_array_get_element (array, 1)) != G_TYPE_STRING))
    {
      set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED,
                 _("A disclosure is not [salt, name, value] or [salt, value]"));
      return NULL;
    }

  d = g_new0 (Disclosure, 1);
  d->b64 = g_strdup (b64);
  d->digest = plr_sd_jwt_disclosure_digest (b64);
  if (n == 3)
    {
      d->name = g_strdup (json_array_get_string_element (array, 1));
      if (g_str_equal (d->name, "_sd") || g_str_equal (d->name, "..."))
        {
          set_error (error, PLR_CREDENTIAL_ERROR_RESERVED_NAME,
                     _("A disclosure names the reserved claim “%s”"), d->name);
          disclosure_free (d);
          return NULL;
        }
    }
  d->value = json_node_copy (json_array_get_element (array, n - 1));
  return d;
}

static gboolean
parse (const char  *text,
       Parsed      *p,
       GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint n;
  const char *last_tilde;

  while (*text == ' ' || *text == '\n' || *text == '\r' || *text == '\t')
    text++;
  parts = g_strsplit (text, "~", -1);
  n = g_strv_length (parts);
  if (n < 2)
    return set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("Not an SD-JWT: no “~”"));

  g_strchomp (parts[n - 1]);
  p->jwt = g_strdup (parts[0]);
  p->kb_jwt = *parts[n - 1] ? g_strdup (parts[n - 1]) : NULL;
  last_tilde = strrchr (text, '~');
  p->presented = g_strndup (text, last_tilde - text + 1);
  p->disclosures = g_ptr_array_new_with_free_func (disclosure_free);
  p->by_digest = g_hash_table_new (g_str_hash, g_str_equal);

  if (n - 2 > MAX_DISCLOSURES)
    return set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("Too many disclosures"));

  for (guint i = 1; i + 1 < n; i++)
    {
      Disclosure *d;

      if (*parts[i] == '\0')
        return set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("An empty disclosure"));
      if (!(d = disclosure_parse (parts[i], error)))
        return FALSE;
      g_ptr_array_add (p->disclosures, d);
      if (g_hash_table_contains (p->by_digest, d->digest))
        return set_error (error, PLR_CREDENTIAL_ERROR_REPEATED_DIGEST,
                          _("The same disclosure is given twice"));
      g_hash_table_insert (p->by_digest, d->digest, d);
    }

  return plr_jws_decode (p->jwt, -1, &p->header, &p->payload, error);
}

static gboolean
is_placeholder (JsonNode    *element,
                const char **digest)
{
  JsonObject *o;
  JsonNode *d;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    return FALSE;
  o = json_node_get_object (element);
  if (json_object_get_size (o) != 1 || !(d = json_object_get_member (o, "...")))
    return FALSE;
  *digest = JSON_NODE_HOLDS_VALUE (d) && json_node_get_value_type (d) == G_TYPE_STRING
              ? json_node_get_string (d) : NULL;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Presenting                                                                */

static void
locate (Parsed     *p,
        JsonNode   *node,
        const char *path)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      JsonNode *sd = json_object_get_member (o, "_sd");
      g_autoptr(GList) members = json_object_get_members (o);

      if (sd != NULL && JSON_NODE_HOLDS_ARRAY (sd))
        {
          JsonArray *a = json_node_get_array (sd);

          for (guint i = 0; i < json_array_get_length (a); i++)
            {
              JsonNode *e = json_array_get_element (a, i);
              Disclosure *d;

              if (json_node_get_value_type (e) != G_TYPE_STRING)
                continue;
              d = g_hash_table_lookup (p->by_digest, json_node_get_string (e));
              if (d != NULL && d->name != NULL && d->path == NULL)
                {
                  d->path = path_append (path, d->name);
                  locate (p, d->value, d->path);
                }
            }
        }
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "_sd"))
          {
            g_autofree char *child = path_append (path, l->data);
            locate (p, json_object_get_member (o, l->data), child);
          }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      guint index = 0;

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          const char *digest = NULL;

          if (is_placeholder (e, &digest))
            {
              Disclosure *d = digest ? g_hash_table_lookup (p->by_digest, digest) : NULL;

              /* Decoys and elements the holder was not given have no index. */
              if (d != NULL && d->name == NULL && d->path == NULL)
                {
                  d->path = path_index (path, index++);
                  locate (p, d->value, d->path);
                }
            }
          else
            {
              g_autofree char *child = path_index (path, index++);
              locate (p, e, child);
            }
        }
    }
}

static char *
key_binding_jwt (const char        *presented,
                 gnutls_privkey_t   holder_key,
                 const char        *audience,
                 const char        *nonce,
                 gint64             iat,
                 GError           **error)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autoptr(JsonObject) claims = json_object_new ();
  g_autoptr(JsonNode) payload = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *sd_hash = plr_jose_sha256_b64 (presented, -1);

  json_object_set_string_member (header, "alg", "ES256");
  json_object_set_string_member (header, "typ", PLR_SD_JWT_KB_TYP);
  json_object_set_int_member (claims, "iat", iat);
  json_object_set_string_member (claims, "aud", audience);
  json_object_set_string_member (claims, "nonce", nonce);
  json_object_set_string_member (claims, "sd_hash", sd_hash);
  json_node_set_object (payload, claims);
  return plr_jws_sign (header, payload, holder_key, error);
}

/**
 * plr_sd_jwt_present:
 * @sd_jwt: an SD-JWT as issued (or a presentation holding more)
 * @paths: (array zero-terminated=1): claim paths to disclose
 * @holder_key: (nullable): the key of the credential's cnf.jwk, for a KB-JWT
 * @audience: (nullable): KB-JWT aud (required with @holder_key)
 * @nonce: (nullable): KB-JWT nonce (required with @holder_key)
 * @iat: KB-JWT iat, Unix time
 *
 * Returns: (transfer full): the presentation: the issuer-signed JWT, exactly
 *   the disclosures @paths choose (with their parents), and the KB-JWT
 */
char *
plr_sd_jwt_present (const char          *sd_jwt,
                    const char * const  *paths,
                    gnutls_privkey_t     holder_key,
                    const char          *audience,
                    const char          *nonce,
                    gint64               iat,
                    GError             **error)
{
  g_auto(Parsed) p = { 0 };
  g_autoptr(GString) out = NULL;

  if (!parse (sd_jwt, &p, error))
    return NULL;
  locate (&p, p.payload, "");

  out = g_string_new (p.jwt);
  g_string_append_c (out, '~');
  for (guint i = 0; i < p.disclosures->len; i++)
    {
      Disclosure *d = g_ptr_array_index (p.disclosures, i);

      if (d->path != NULL && paths_match (paths, d->path, TRUE))
        {
          g_string_append (out, d->b64);
          g_string_append_c (out, '~');
        }
    }

  if (holder_key != NULL)
    {
      g_autofree char *kb = NULL;

      if (audience == NULL || nonce == NULL)
        {
          set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                     _("A key binding needs an audience and a nonce"));
          return NULL;
        }
      kb = key_binding_jwt (out->str, holder_key, audience, nonce, iat, error);
      if (kb == NULL)
        return NULL;
      g_string_append (out, kb);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * plr_sd_jwt_dup_disclosure_values:
 * @sd_jwt: an SD-JWT held by its holder
 * @error: return location for a #GError
 *
 * What each disclosure the holder has discloses, by claim path
 * ("/events/3/grade"), so that a presenter can choose paths by value (an
 * event by its id). Checks no signature: the holder's own credential.
 *
 * Returns: (transfer full): claim path → value, or %NULL with @error set
 */
JsonObject *
plr_sd_jwt_dup_disclosure_values (const char  *sd_jwt,
                                  GError     **error)
{
  g_auto(Parsed) p = { 0 };
  g_autoptr(JsonObject) out = NULL;

  if (!parse (sd_jwt, &p, error))
    return NULL;
  locate (&p, p.payload, "");

  out = json_object_new ();
  for (guint i = 0; i < p.disclosures->len; i++)
    {
      Disclosure *d = g_ptr_array_index (p.disclosures, i);

      if (d->path != NULL)
        json_object_set_member (out, d->path, json_node_copy (d->value));
    }

  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------------ */
/* Verifying                                                                 */

typedef struct
{
  Parsed *p;
  guint   n_undisclosed;
} Resolver;

static JsonNode *resolve_node (Resolver *r, JsonNode *node, guint depth, GError **error);

static Disclosure *
take_disclosure (Resolver    *r,
                 const char  *digest,
                 GError     **error)
{
  Disclosure *d = g_hash_table_lookup (r->p->by_digest, digest);

  if (d == NULL)
    {
      r->n_undisclosed++;
      return NULL;
    }
  if (d->used)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_REPEATED_DIGEST,
                 _("A digest appears more than once in the credential"));
      return NULL;
    }
  d->used = TRUE;
  return d;
}

static JsonNode *
resolve_object (Resolver    *r,
                JsonObject  *object,
                guint        depth,
                GError     **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);
  JsonNode *sd = json_object_get_member (object, "_sd");
  JsonNode *node;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value;

      if (g_str_equal (name, "_sd"))
        continue;
      if (g_str_equal (name, "..."))
        {
          set_error (error, PLR_CREDENTIAL_ERROR_RESERVED_NAME,
                     _("The claim name “...” is reserved"));
          return NULL;
        }
      if (!(value = resolve_node (r, json_object_get_member (object, name), depth + 1, error)))
        return NULL;
      json_object_set_member (out, name, value);
    }

  if (sd != NULL)
    {
      JsonArray *a;

      if (!JSON_NODE_HOLDS_ARRAY (sd))
        {
          set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("“_sd” is not an array"));
          return NULL;
        }
      a = json_node_get_array (sd);
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          g_autoptr(GError) local_error = NULL;
          Disclosure *d;
          JsonNode *value;

          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            {
              set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("A digest in “_sd” is not a string"));
              return NULL;
            }
          d = take_disclosure (r, json_node_get_string (e), &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (d == NULL)
            continue;
          if (d->name == NULL)
            {
              set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED,
                         _("An array-element disclosure is referenced from “_sd”"));
              return NULL;
            }
          if (json_object_has_member (out, d->name))
            {
              set_error (error, PLR_CREDENTIAL_ERROR_DUPLICATE_CLAIM,
                         _("A disclosed claim already exists in its object"));
              return NULL;
            }
          if (!(value = resolve_node (r, d->value, depth + 1, error)))
            return NULL;
          json_object_set_member (out, d->name, value);
        }
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, out);
  return node;
}

static JsonNode *
resolve_array (Resolver    *r,
               JsonArray   *array,
               guint        depth,
               GError     **error)
{
  g_autoptr(JsonArray) out = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);
      const char *digest = NULL;
      JsonNode *value;

      if (is_placeholder (e, &digest))
        {
          g_autoptr(GError) local_error = NULL;
          Disclosure *d;

          if (digest == NULL)
            {
              set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("A digest in “...” is not a string"));
              return NULL;
            }
          d = take_disclosure (r, digest, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          if (d == NULL)
            continue;
          if (d->name != NULL)
            {
              set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED,
                         _("An object-property disclosure is referenced from an array"));
              return NULL;
            }
          e = d->value;
        }
      if (!(value = resolve_node (r, e, depth + 1, error)))
        return NULL;
      json_array_add_element (out, value);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, out);
  return node;
}

static JsonNode *
resolve_node (Resolver    *r,
              JsonNode    *node,
              guint        depth,
              GError     **error)
{
  if (depth > 64)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("The claims are nested too deeply"));
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    return resolve_object (r, json_node_get_object (node), depth, error);
  if (JSON_NODE_HOLDS_ARRAY (node))
    return resolve_array (r, json_node_get_array (node), depth, error);
  return json_node_copy (node);
}

static const char *
key_kid (JsonObject *jwk,
         char      **thumbprint)
{
  const char *kid = json_object_get_string_member_with_default (jwk, "kid", NULL);

  if (kid != NULL)
    return kid;
  *thumbprint = plr_jwk_thumbprint (jwk, NULL);
  return *thumbprint;
}

static JsonObject *
pick_key (const PlrSdJwtVerifyOptions  *options,
          JsonObject                   *header,
          char                        **kid_out,
          GError                      **error)
{
  const char *kid = json_object_get_string_member_with_default (header, "kid", NULL);
  guint n = options->issuer_keys ? json_array_get_length (options->issuer_keys) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (options->issuer_keys, i);
      g_autofree char *thumbprint = NULL;
      const char *this_kid;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      this_kid = key_kid (json_node_get_object (e), &thumbprint);
      if ((kid == NULL && n == 1) || (kid != NULL && g_strcmp0 (kid, this_kid) == 0))
        {
          *kid_out = g_strdup (this_kid);
          return json_node_get_object (e);
        }
    }

  set_error (error, PLR_CREDENTIAL_ERROR_UNKNOWN_KEY,
             kid ? _("No issuer key has the credential's key id")
                 : _("The credential names no key id and more than one issuer key is given"));
  return NULL;
}

static gboolean
get_time (JsonObject  *o,
          const char  *name,
          gint64      *out,
          GError     **error)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n) ||
      (json_node_get_value_type (n) != G_TYPE_INT64 && json_node_get_value_type (n) != G_TYPE_DOUBLE))
    return set_error (error, PLR_CREDENTIAL_ERROR_MALFORMED, _("“%s” is not a number"), name);
  *out = json_node_get_value_type (n) == G_TYPE_INT64 ? json_node_get_int (n)
                                                     : (gint64) json_node_get_double (n);
  return TRUE;
}

static gboolean
verify_key_binding (Parsed                      *p,
                    JsonObject                  *claims,
                    const PlrSdJwtVerifyOptions *options,
                    GError                     **error)
{
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_auto(gnutls_pubkey_t) holder = NULL;
  g_autofree char *sd_hash = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *cnf, *kb;
  JsonNode *jwk;
  gint64 iat = G_MININT64;
  gint64 max_age = options->max_kb_age > 0 ? options->max_kb_age : 300;

  cnf = json_object_get_member (claims, "cnf") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (claims, "cnf"))
          ? json_object_get_object_member (claims, "cnf") : NULL;
  jwk = cnf ? json_object_get_member (cnf, "jwk") : NULL;
  if (jwk == NULL || !JSON_NODE_HOLDS_OBJECT (jwk))
    return set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                      _("The key binding has no holder key (cnf.jwk) to check against"));
  if (!(holder = plr_jwk_to_pubkey (json_node_get_object (jwk), error)))
    return FALSE;

  if (!plr_jws_decode (p->kb_jwt, -1, &header, &payload, &local_error) ||
      !plr_jws_verify (p->kb_jwt, -1, holder, &local_error))
    return set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                      _("The key binding JWT does not verify: %s"), local_error->message);
  if (g_strcmp0 (json_object_get_string_member_with_default (header, "typ", ""), PLR_SD_JWT_KB_TYP) != 0)
    return set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                      _("The key binding JWT's typ is not “kb+jwt”"));

  kb = json_node_get_object (payload);
  if (!get_time (kb, "iat", &iat, error))
    return FALSE;
  if (iat == G_MININT64)
    return set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                      _("The key binding JWT has no iat"));
  if (iat > options->at + KB_CLOCK_SKEW)
    return set_error (error, PLR_CREDENTIAL_ERROR_NOT_YET_VALID,
                      _("The key binding JWT was made after the time of the check"));
  if (iat < options->at - max_age)
    return set_error (error, PLR_CREDENTIAL_ERROR_EXPIRED,
                      _("The key binding JWT is older than %d seconds"), (int) MIN (max_age, G_MAXINT));

  if (options->audience != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (kb, "aud", NULL), options->audience) != 0)
    return set_error (error, PLR_CREDENTIAL_ERROR_WRONG_AUDIENCE,
                      _("The presentation is meant for another audience"));
  if (!json_object_has_member (kb, "aud"))
    return set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                      _("The key binding JWT has no aud"));
  if (options->nonce != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (kb, "nonce", NULL), options->nonce) != 0)
    return set_error (error, PLR_CREDENTIAL_ERROR_WRONG_NONCE,
                      _("The presentation's nonce is not the expected one"));
  if (!json_object_has_member (kb, "nonce"))
    return set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID,
                      _("The key binding JWT has no nonce"));

  sd_hash = plr_jose_sha256_b64 (p->presented, -1);
  if (g_strcmp0 (json_object_get_string_member_with_default (kb, "sd_hash", NULL), sd_hash) != 0)
    return set_error (error, PLR_CREDENTIAL_ERROR_SD_HASH_MISMATCH,
                      _("The key binding JWT's sd_hash does not cover these disclosures"));
  return TRUE;
}

void
plr_sd_jwt_verified_free (PlrSdJwtVerified *verified)
{
  if (verified == NULL)
    return;
  g_clear_pointer (&verified->claims, json_node_unref);
  g_clear_pointer (&verified->header, json_node_unref);
  g_free (verified->kid);
  g_free (verified);
}

/**
 * plr_sd_jwt_verify:
 * @sd_jwt: an SD-JWT or a presentation
 * @options: the issuer keys, the time, and what a key binding must say
 * @error: return location for a #GError in %PLR_CREDENTIAL_ERROR
 *
 * Checks, in order: the header's alg (ES256 only) and typ, the issuer key
 * by kid, the signature, _sd_alg, every disclosure's digest referenced
 * exactly once and no disclosure unreferenced, reserved and duplicate
 * claim names, exp and nbf as of @options->at, and the key binding when
 * present or required.
 *
 * Returns: (transfer full): the disclosed claims and counts
 */
PlrSdJwtVerified *
plr_sd_jwt_verify (const char                  *sd_jwt,
                   const PlrSdJwtVerifyOptions *options,
                   GError                     **error)
{
  g_auto(Parsed) p = { 0 };
  g_autoptr(PlrSdJwtVerified) result = g_new0 (PlrSdJwtVerified, 1);
  g_auto(gnutls_pubkey_t) issuer = NULL;
  Resolver r = { &p, 0 };
  JsonObject *jwk, *claims;
  const char *typ = options->typ ? options->typ : PLR_SD_JWT_TYP;
  const char *sd_alg;
  gint64 exp = G_MAXINT64, nbf = G_MININT64;

  if (!parse (sd_jwt, &p, error))
    return NULL;

  if (g_strcmp0 (json_object_get_string_member_with_default (p.header, "typ", ""), typ) != 0)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_WRONG_TYPE,
                 _("The credential's typ is not “%s”"), typ);
      return NULL;
    }
  if (!(jwk = pick_key (options, p.header, &result->kid, error)) ||
      !(issuer = plr_jwk_to_pubkey (jwk, error)) ||
      !plr_jws_verify (p.jwt, -1, issuer, error))
    return NULL;

  sd_alg = json_object_get_string_member_with_default (json_node_get_object (p.payload), "_sd_alg", "sha-256");
  if (g_strcmp0 (sd_alg, "sha-256") != 0)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM,
                 _("The digest algorithm is not sha-256"));
      return NULL;
    }

  if (!(result->claims = resolve_node (&r, p.payload, 0, error)))
    return NULL;
  claims = json_node_get_object (result->claims);
  json_object_remove_member (claims, "_sd_alg");

  for (guint i = 0; i < p.disclosures->len; i++)
    if (!((Disclosure *) g_ptr_array_index (p.disclosures, i))->used)
      {
        set_error (error, PLR_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE,
                   _("A disclosure is not referenced by any digest in the credential"));
        return NULL;
      }

  if (!get_time (claims, "exp", &exp, error) || !get_time (claims, "nbf", &nbf, error))
    return NULL;
  if (options->at >= exp)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_EXPIRED, _("The credential has expired"));
      return NULL;
    }
  if (options->at < nbf)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_NOT_YET_VALID, _("The credential is not valid yet"));
      return NULL;
    }

  if (p.kb_jwt != NULL)
    {
      if (!verify_key_binding (&p, claims, options, error))
        return NULL;
      result->key_bound = TRUE;
    }
  else if (options->require_key_binding || options->audience != NULL || options->nonce != NULL)
    {
      set_error (error, PLR_CREDENTIAL_ERROR_KEY_BINDING_MISSING,
                 _("The presentation has no key binding JWT"));
      return NULL;
    }

  result->header = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (result->header, p.header);
  result->n_disclosed = p.disclosures->len;
  result->n_undisclosed = r.n_undisclosed;
  return g_steal_pointer (&result);
}
