/* plr-service-db-responses.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-db"

#include "config.h"

#include <string.h>

#include "plr-service-db-private.h"

/* The service database: remembered answers to idempotent requests, and pruning. */

/* ------------------------------------------------------------------------ */
/* Idempotency keys                                                          */

/**
 * plr_service_db_find_response:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @key: the Idempotency-Key
 * @out: (out caller-allocates): the stored answer
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the key was used before; %PLR_SERVICE_DB_ERROR_NOT_FOUND if not
 */
gboolean
plr_service_db_find_response (PlrServiceDb                *self,
                              gint64                       learner_id,
                              const char                  *key,
                              PlrServiceDbStoredResponse  *out,
                              GError                     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  lock (self);
  stmt = prepare (self,
                  "SELECT request_hash, status, content_type, location, body"
                  " FROM idempotency_keys WHERE learner_id = ?1 AND key = ?2",
                  error);
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, learner_id);
      bind_text (stmt, 2, key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          out->request_hash = dup_text (stmt, 0);
          out->status = (guint) sqlite3_column_int (stmt, 1);
          out->content_type = dup_text (stmt, 2);
          out->location = dup_text (stmt, 3);
          out->body = g_bytes_new (sqlite3_column_blob (stmt, 4),
                                   (gsize) sqlite3_column_bytes (stmt, 4));
          ok = TRUE;
        }
      else if (rc == SQLITE_DONE)
        not_found (error, "idempotency key");
      else
        set_sqlite_error (self, rc, error, "Could not read the idempotency key");
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_store_response:
 * @self: a #PlrServiceDb
 * @learner_id: the learner
 * @key: the Idempotency-Key
 * @request_hash: the SHA-256 of the request's method, path and body
 * @status: the answer's status
 * @content_type: (nullable): the answer's Content-Type
 * @location: (nullable): the answer's Location
 * @body: (nullable): the answer's body
 * @now: the time
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_store_response (PlrServiceDb  *self,
                               gint64         learner_id,
                               const char    *key,
                               const char    *request_hash,
                               guint          status,
                               const char    *content_type,
                               const char    *location,
                               GBytes        *body,
                               gint64         now,
                               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  lock (self);
  stmt = prepare (self,
                  "INSERT INTO idempotency_keys (learner_id, key, request_hash, status,"
                  "                              content_type, location, body, created_at)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                  error);
  if (stmt != NULL)
    {
      gsize size = 0;
      gconstpointer data = body ? g_bytes_get_data (body, &size) : NULL;

      sqlite3_bind_int64 (stmt, 1, learner_id);
      bind_text (stmt, 2, key);
      bind_text (stmt, 3, request_hash);
      sqlite3_bind_int (stmt, 4, (int) status);
      bind_text (stmt, 5, content_type);
      bind_text (stmt, 6, location);
      sqlite3_bind_blob64 (stmt, 7, data ? data : "", size, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 8, now);
      ok = step_done (self, stmt, error);
    }
  unlock (self);

  return ok;
}

/**
 * plr_service_db_count_responses:
 * @self: a #PlrServiceDb
 *
 * Returns: how many answers to idempotent requests are remembered
 */
guint
plr_service_db_count_responses (PlrServiceDb *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint count = 0;

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), 0);

  lock (self);
  stmt = prepare (self, "SELECT count (*) FROM idempotency_keys", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  unlock (self);

  return count;
}

typedef struct
{
  PlrServiceDb   *self;
  gint64          now;
} Prune;

static gboolean
prune_in_transaction (gpointer   user_data,
                      GError   **error)
{
  Prune *a = user_data;
  PlrServiceDb *self = a->self;
  gint64 now = a->now;
  static const char * const statements[] = {
    "DELETE FROM idempotency_keys WHERE created_at < ?1 - " G_STRINGIFY (IDEMPOTENCY_KEEP_SECONDS),
    "DELETE FROM auth_codes WHERE expires_at < ?1 - " G_STRINGIFY (AUTH_CODE_KEEP_SECONDS),
    "DELETE FROM tokens WHERE expires_at < ?1 - " G_STRINGIFY (TOKEN_KEEP_SECONDS),
    "DELETE FROM token_families WHERE NOT EXISTS"
    " (SELECT 1 FROM tokens WHERE tokens.family_id = token_families.id)"
    " AND created_at < ?1 - " G_STRINGIFY (TOKEN_KEEP_SECONDS),
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = prepare (self, statements[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, now);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * plr_service_db_prune:
 * @self: a #PlrServiceDb
 * @now: the time
 * @error: return location for a #GError
 *
 * Forgets idempotency keys older than 30 days, and codes and tokens that
 * can no longer be used.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_service_db_prune (PlrServiceDb  *self,
                      gint64         now,
                      GError       **error)
{
  Prune a = { self, now };

  g_return_val_if_fail (PLR_IS_SERVICE_DB (self), FALSE);

  return plr_service_db_transaction (self, prune_in_transaction, &a, error);
}
