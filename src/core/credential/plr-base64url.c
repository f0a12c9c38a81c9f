/* plr-base64url.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-base64url"

#include "config.h"

#include <string.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "plr-base64url.h"

/* The one base64url (RFC 4648 §5, no padding) and CSPRNG of the project:
 * the service's codes and tokens, the client's PKCE values and every part
 * of a JWS or SD-JWT go through here. */

/**
 * plr_base64url_encode:
 * @data: bytes
 * @length: how many
 *
 * Returns: (transfer full): base64url without padding (RFC 4648 §5)
 */
char *
plr_base64url_encode (const guint8 *data,
                      gsize         length)
{
  char *text = g_base64_encode (data, length);

  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }

  return text;
}

char *
plr_base64url_encode_bytes (GBytes *bytes)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  return plr_base64url_encode (data, length);
}

/**
 * plr_base64url_decode:
 * @text: base64url without padding
 * @length: bytes of @text, or -1 if nul-terminated
 *
 * Strict: only the URL-safe alphabet, no padding, no white space, and the
 * unused low bits of the last character must be zero (so that each byte
 * string has exactly one encoding).
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL if @text is not
 *   exactly the encoding of some bytes
 */
GBytes *
plr_base64url_decode (const char *text,
                      gssize      length)
{
  g_autofree char *padded = NULL;
  g_autofree guint8 *data = NULL;
  g_autofree char *again = NULL;
  gsize n, out = 0;

  if (text == NULL)
    return NULL;
  n = length < 0 ? strlen (text) : (gsize) length;
  if (n % 4 == 1)
    return NULL;
  if (n == 0)
    return g_bytes_new (NULL, 0);

  padded = g_malloc (n + 4);
  for (gsize i = 0; i < n; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c))
        return NULL;
      padded[i] = c;
    }
  while (n % 4 != 0)
    padded[n++] = '=';
  padded[n] = '\0';

  data = g_base64_decode (padded, &out);
  again = plr_base64url_encode (data, out);
  if (strlen (again) != (length < 0 ? strlen (text) : (gsize) length) ||
      memcmp (again, text, strlen (again)) != 0)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&data), out);
}

/**
 * plr_random_bytes:
 * @buffer: where to put them
 * @length: how many
 *
 * Fills @buffer from GnuTLS's CSPRNG (seeded by the kernel). There is no
 * fallback: a program that cannot get random bytes must not hand out
 * codes, tokens, salts or keys.
 */
void
plr_random_bytes (guint8 *buffer,
                  gsize   length)
{
  int ret = gnutls_rnd (GNUTLS_RND_RANDOM, buffer, length);

  if (ret < 0)
    g_error ("gnutls_rnd() failed: %s", gnutls_strerror (ret));
}

/**
 * plr_random_base64url:
 * @n_bytes: how many random bytes
 *
 * Returns: (transfer full): @n_bytes random bytes in base64url
 */
char *
plr_random_base64url (gsize n_bytes)
{
  g_autofree guint8 *buffer = g_malloc (n_bytes);

  plr_random_bytes (buffer, n_bytes);
  return plr_base64url_encode (buffer, n_bytes);
}
