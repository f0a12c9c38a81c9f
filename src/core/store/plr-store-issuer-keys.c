/* plr-store-issuer-keys.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-store-private.h"

/* The issuers' public keys (JWK Sets), one row per issuer URL, so that a
 * shared record can be checked offline. They are public and hold nothing
 * about the learner; the caller has checked the text (plr_jwks_parse()). */

/**
 * plr_store_save_issuer_keys:
 * @self: a #PlrStore
 * @issuer_url: where the JWK Set was fetched from
 * @jwks: the JWK Set's JSON text, already checked
 * @error: return location for a #GError
 *
 * Keeps @jwks for @issuer_url with today's date, replacing an older copy.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_save_issuer_keys (PlrStore    *self,
                            const char  *issuer_url,
                            const char  *jwks,
                            GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = plr_sqlite_format_now ();
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);
  g_return_val_if_fail (issuer_url != NULL, FALSE);
  g_return_val_if_fail (jwks != NULL, FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "INSERT INTO issuer_keys (url, jwks, fetched_at) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (url) DO UPDATE SET jwks = excluded.jwks,"
                             " fetched_at = excluded.fetched_at",
                             error);
  if (stmt == NULL)
    return FALSE;
  plr_sqlite_bind_text_or_null (stmt, 1, issuer_url);
  plr_sqlite_bind_text_or_null (stmt, 2, jwks);
  plr_sqlite_bind_text_or_null (stmt, 3, now);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not keep the issuer’s keys"));
  return TRUE;
}

/**
 * plr_store_dup_issuer_keys:
 * @self: a #PlrStore
 * @issuer_url: (nullable): one issuer's URL, or %NULL for every issuer
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the cached JWK Sets' texts (empty if none),
 *   newest first, or %NULL on error
 */
GPtrArray *
plr_store_dup_issuer_keys (PlrStore    *self,
                           const char  *issuer_url,
                           GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_return_val_if_fail (PLR_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->mutex);
  stmt = _plr_store_prepare (self,
                             "SELECT jwks FROM issuer_keys WHERE ?1 IS NULL OR url = ?1"
                             " ORDER BY fetched_at DESC, id DESC",
                             error);
  if (stmt == NULL)
    return NULL;
  plr_sqlite_bind_text_or_null (stmt, 1, issuer_url);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      _plr_store_set_sqlite_error (self, rc, error, _("Could not read the issuer’s keys"));
      return NULL;
    }
  return g_steal_pointer (&texts);
}
