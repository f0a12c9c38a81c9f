/* plr-store-forget.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plr-challenge-private.h"
#include "plr-challenge-request.h"
#include "plr-learning-event-private.h"
#include "plr-record-json.h"
#include "plr-rights.h"
#include "plr-sqlite.h"
#include "plr-store-private.h"
#include "plr-view-json.h"
#include "plr-view-result.h"

static gboolean
remove_tree (GFile         *file,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, &local_error);
  if (children == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  while (children != NULL)
    {
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, NULL, &child, NULL, error))
        return FALSE;
      if (child == NULL)
        break;
      if (!remove_tree (child, error))
        return FALSE;
    }

  if (!g_file_delete (file, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/**
 * plr_store_remove_tree:
 * @path: a file or folder
 * @error: return location for a #GError
 *
 * Deletes @path and, for a folder, everything in it, without following
 * symbolic links. A missing @path is not an error.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_remove_tree (const char  *path,
                       GError     **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  file = g_file_new_for_path (path);
  return remove_tree (file, error);
}

typedef struct
{
  PlrStore  *self;
  GPtrArray *tables;
} EmptyTables;

static gboolean
empty_tables_in_transaction (gpointer   user_data,
                             GError   **error)
{
  EmptyTables *empty = user_data;

  for (guint i = 0; i < empty->tables->len; i++)
    {
      /* The names come from the schema, quoted as identifiers. */
      char *sql = sqlite3_mprintf ("DELETE FROM \"%w\"", (char *) empty->tables->pdata[i]);
      gboolean ok = _plr_store_exec (empty->self, sql, error);

      sqlite3_free (sql);
      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
forget_locked (PlrStore  *self,
               GError   **error)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (g_free);
  EmptyTables empty = { self, tables };
  g_autofree char *evidence_dir = NULL;
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };
  int rc;

  /* Every user table, whichever migrations made them; FTS5 keeps its own
   * shadow tables up to date when its virtual table is emptied. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    stmt = _plr_store_prepare (self,
                               "SELECT name FROM sqlite_schema WHERE type = 'table'"
                               " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'events_fts_%'",
                               error);
    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    if (rc != SQLITE_DONE)
      return _plr_store_set_sqlite_error (self, rc, error, _("Could not forget the cached record"));
  }

  /* This store's evidence copies, by hash. The folder may be shared with
   * another cache beside this one (demo mode keeps demo.db next to the
   * learner's cache.db), so only the copies this store names go. */
  {
    g_autoptr(sqlite3_stmt) stmt = NULL;

    stmt = _plr_store_prepare (self, "SELECT DISTINCT sha256 FROM evidence", error);
    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *sha256 = (const char *) sqlite3_column_text (stmt, 0);

        if (plr_evidence_is_sha256 (sha256))
          g_ptr_array_add (copies, g_strdup (sha256));
      }
    if (rc != SQLITE_DONE)
      return _plr_store_set_sqlite_error (self, rc, error, _("Could not forget the cached record"));
  }

  if (!_plr_store_exec (self, "PRAGMA secure_delete = ON", error) ||
      !_plr_store_exec (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  if (!_plr_store_run_transaction (self, empty_tables_in_transaction, &empty, error))
    {
      sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      return FALSE;
    }

  if (!_plr_store_exec (self, "VACUUM", error) ||
      !_plr_store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error))
    return FALSE;

  rc = sqlite3_close (self->db);
  if (rc != SQLITE_OK)
    return _plr_store_set_sqlite_error (self, rc, error, _("Could not close the cached record"));
  self->db = NULL;

  evidence_dir = plr_store_dup_evidence_dir (self);
  for (guint i = 0; i < copies->len; i++)
    {
      g_autofree char *copy = plr_evidence_dup_private_path (evidence_dir, copies->pdata[i]);
      g_autofree char *parent = g_path_get_dirname (copy);

      if (g_unlink (copy) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_PERMISSION,
                       _("Could not delete a copy of your evidence: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      /* Fails, as it should, while the folder holds anything else. */
      if (g_strcmp0 (parent, evidence_dir) != 0)
        g_rmdir (parent);
    }
  g_rmdir (evidence_dir);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (self->path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;
          g_set_error (error, PLR_STORE_ERROR, PLR_STORE_ERROR_PERMISSION,
                       _("Could not delete the cached record: %s"), g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * plr_store_forget:
 * @self: a #PlrStore
 * @error: return location for a #GError
 *
 * Forgets everything the store keeps on this computer: the cached record
 * and every snapshot, the sharing log, the outbox with anything unsent (see
 * plr_store_count_unsent()), challenges with their evidence files, rights
 * requests and the network activity log. Rows are deleted with
 * `secure_delete` on and the file vacuumed before the database and its -wal
 * and -shm files are removed, with the copies of evidence this store names
 * (and the evidence folder, once empty: another cache beside this one may
 * keep its own there; plr_forget_device_async() removes the whole folder).
 * The store stays usable: reads find nothing, from an empty database in
 * memory, without bringing the file back; the first write makes a fresh,
 * private cache in the same place.
 *
 * Returns: %TRUE on success
 */
gboolean
plr_store_forget (PlrStore  *self,
                  GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (PLR_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->mutex);
  /* Requests queued and not written yet go too. */
  g_mutex_lock (&self->activity_mutex);
  g_ptr_array_set_size (self->pending_activity, 0);
  g_mutex_unlock (&self->activity_mutex);
  ok = forget_locked (self, error);
  if (ok)
    g_debug ("Forgot the cache");

  return ok;
}
