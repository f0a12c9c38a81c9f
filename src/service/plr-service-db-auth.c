/* plr-service-db-auth.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-db"

#include "config.h"

#include <string.h>

#include "plr-service-db-private.h"

/* The service database: OAuth authorization codes, token families and tokens. */

/* ------------------------------------------------------------------------ */
/* OAuth                                                                     */

/**
 * plr_service_db_add_auth_code:
 * @self: a #PlrServiceDb
 * @code_hash: the SHA-256 of the authorization code
 * @learner_id: who signed in
 * @client_id: the client that asked
 * @redirect_uri: where the code was sent
 * @code_challenge: the PKCE S256 challenge
 * @scope: the granted scope
 * @expires_at: when the code stops working
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_add_auth_code (PlrServiceDb  *self,
                              const char    *code_hash,
                              gint64         learner_id,
                              const char    *client_id,
                              const char    *redirect_uri,
                              const char    *code_challenge,
                              const char    *scope,
                              gint64         expires_at,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO auth_codes (code_hash, learner_id, client_id, redirect_uri,"
                  "                        code_challenge, scope, expires_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code_hash);
      sqlite3_bind_int64 (stmt, 2, learner_id);
      bind_text (stmt, 3, client_id);
      bind_text (stmt, 4, redirect_uri);
      bind_text (stmt, 5, code_challenge);
      bind_text (stmt, 6, scope);
      sqlite3_bind_int64 (stmt, 7, expires_at);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

typedef struct
{
  PlrServiceDb           *self;
  const char             *code_hash;
  PlrServiceDbAuthCode   *out;
} RedeemAuthCode;

static gboolean
redeem_auth_code_in_transaction (gpointer   user_data,
                                 GError   **error)
{
  RedeemAuthCode *a = user_data;
  PlrServiceDb *self = a->self;
  const char *code_hash = a->code_hash;
  PlrServiceDbAuthCode *out = a->out;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "SELECT learner_id, client_id, redirect_uri, code_challenge, scope, expires_at,"
                  "       used, family_id"
                  " FROM auth_codes WHERE code_hash = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, code_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      not_found (error, "authorization code");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, "Could not read the authorization code");
      return FALSE;
    }

  out->learner_id = sqlite3_column_int64 (stmt, 0);
  out->client_id = dup_text (stmt, 1);
  out->redirect_uri = dup_text (stmt, 2);
  out->code_challenge = dup_text (stmt, 3);
  out->scope = dup_text (stmt, 4);
  out->expires_at = sqlite3_column_int64 (stmt, 5);
  out->was_used = sqlite3_column_int (stmt, 6) != 0;
  out->family_id = sqlite3_column_int64 (stmt, 7);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (self, "UPDATE auth_codes SET used = 1 WHERE code_hash = ?1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, code_hash);
  if (!step_done (self, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, sqlite3_finalize);

  return TRUE;
}

/**
 * plr_service_db_redeem_auth_code:
 * @self: a #PlrServiceDb
 * @code_hash: the SHA-256 of the authorization code
 * @out: (out caller-allocates): the code's grant; @out->was_used says whether
 *   it had been presented before
 * @error: return location for a #GError
 *
 * Looks a code up and marks it used, so that it works at most once.
 *
 * Returns: %TRUE if the code exists; %PLR_SERVICE_DB_ERROR_NOT_FOUND if not
 */
gboolean
plr_service_db_redeem_auth_code (PlrServiceDb          *self,
                                 const char            *code_hash,
                                 PlrServiceDbAuthCode  *out,
                                 GError               **error)
{
  RedeemAuthCode a = { self, code_hash, out };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return plr_service_db_transaction (self, redeem_auth_code_in_transaction, &a, error);
}

/**
 * plr_service_db_set_auth_code_family:
 * @self: a #PlrServiceDb
 * @code_hash: the SHA-256 of the authorization code
 * @family_id: the tokens issued for it
 * @error: return location for a #GError
 *
 * Remembers which tokens a code gave, so that a replayed code can revoke them.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_set_auth_code_family (PlrServiceDb  *self,
                                     const char    *code_hash,
                                     gint64         family_id,
                                     GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE auth_codes SET family_id = ?2 WHERE code_hash = ?1", error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, code_hash);
      sqlite3_bind_int64 (stmt, 2, family_id);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_add_token_family:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @client_id: the client
 * @scope: the granted scope
 * @now: the time
 * @error: return location for a #GError
 *
 * A family is one sign-in: the access and refresh tokens that descend from
 * one authorization code through refresh rotation. Revoking it ends them all.
 *
 * Returns: the family's id, or 0 with @error set
 */
gint64
plr_service_db_add_token_family (PlrServiceDb  *self,
                                 gint64         learner_id,
                                 const char    *client_id,
                                 const char    *scope,
                                 gint64         now,
                                 GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), 0);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO token_families (learner_id, client_id, scope, created_at)"
                  " VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      bind_text (stmt, 2, client_id);
      bind_text (stmt, 3, scope);
      sqlite3_bind_int64 (stmt, 4, now);
      if (step_done (self, stmt, error))
        id = sqlite3_last_insert_rowid (self->db);
    }
  unlock (self);

  return id;
}

/**
 * plr_service_db_add_token:
 * @self: a #PlrServiceDb
 * @token_hash: the SHA-256 of the token
 * @family_id: its family
 * @kind: "access" or "refresh"
 * @expires_at: when it stops working
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_add_token (PlrServiceDb  *self,
                          const char    *token_hash,
                          gint64         family_id,
                          const char    *kind,
                          gint64         expires_at,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO tokens (hash, family_id, kind, expires_at) VALUES (?1, ?2, ?3, ?4)",
                  error);
  if (stmt != NULL)
    {
      bind_text (stmt, 1, token_hash);
      sqlite3_bind_int64 (stmt, 2, family_id);
      bind_text (stmt, 3, kind);
      sqlite3_bind_int64 (stmt, 4, expires_at);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

typedef struct
{
  PlrServiceDb        *self;
  const char          *token_hash;
  const char          *kind;
  gboolean             mark_used;
  PlrServiceDbToken   *out;
} LookupToken;

static gboolean
lookup_token_in_transaction (gpointer   user_data,
                             GError   **error)
{
  LookupToken *a = user_data;
  PlrServiceDb *self = a->self;
  const char *token_hash = a->token_hash;
  const char *kind = a->kind;
  gboolean mark_used = a->mark_used;
  PlrServiceDbToken *out = a->out;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self,
                  "SELECT t.family_id, f.learner_id, f.client_id, f.scope, t.expires_at, t.used,"
                  "       f.revoked"
                  " FROM tokens t JOIN token_families f ON f.id = t.family_id"
                  " WHERE t.hash = ?1 AND t.kind = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  bind_text (stmt, 2, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      not_found (error, "token");
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, error, "Could not read the token");
      return FALSE;
    }

  out->family_id = sqlite3_column_int64 (stmt, 0);
  out->learner_id = sqlite3_column_int64 (stmt, 1);
  out->client_id = dup_text (stmt, 2);
  out->scope = dup_text (stmt, 3);
  out->expires_at = sqlite3_column_int64 (stmt, 4);
  out->was_used = sqlite3_column_int (stmt, 5) != 0;
  out->revoked = sqlite3_column_int (stmt, 6) != 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (mark_used && !out->was_used)
    {
      stmt = prepare (self, "UPDATE tokens SET used = 1 WHERE hash = ?1", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, token_hash);
      if (!step_done (self, stmt, error))
        return FALSE;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  return TRUE;
}

/**
 * plr_service_db_lookup_token:
 * @self: a #PlrServiceDb
 * @token_hash: the SHA-256 of the token
 * @kind: "access" or "refresh"
 * @mark_used: whether to mark the token used (a refresh token being rotated)
 * @out: (out caller-allocates): the token's grant; @out->was_used says whether
 *   it had been used before
 * @error: return location for a #GError
 *
 * The caller checks expiry and revocation.
 *
 * Returns: %TRUE if the token exists; %PLR_SERVICE_DB_ERROR_NOT_FOUND if not
 */
gboolean
plr_service_db_lookup_token (PlrServiceDb       *self,
                             const char         *token_hash,
                             const char         *kind,
                             gboolean            mark_used,
                             PlrServiceDbToken  *out,
                             GError            **error)
{
  LookupToken a = { self, token_hash, kind, mark_used, out };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  return plr_service_db_transaction (self, lookup_token_in_transaction, &a, error);
}

/**
 * plr_service_db_revoke_family:
 * @self: a #PlrServiceDb
 * @family_id: a token family
 * @error: return location for a #GError
 *
 * Ends every access and refresh token of one sign-in.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_revoke_family (PlrServiceDb  *self,
                              gint64         family_id,
                              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE token_families SET revoked = 1 WHERE id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, family_id);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_revoke_learner_tokens:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @error: return location for a #GError
 *
 * Ends every sign-in of a learner.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_revoke_learner_tokens (PlrServiceDb  *self,
                                      gint64         learner_id,
                                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self, "UPDATE token_families SET revoked = 1 WHERE learner_id = ?1", error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}
