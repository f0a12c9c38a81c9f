/* plr-forget.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-forget"

#include "config.h"

#include "plr-forget.h"

/* "Forget this device": the cache (record, snapshots, sharing log, outbox,
 * challenges, evidence, requests, network log) through plr_store_forget(),
 * then the app's own folders, then what the keyring keeps for the app: the
 * holder keys that sign presentations and the sign-ins. The
 * caller warns first about what is unsent (plr_store_count_unsent()). */

typedef struct
{
  PlrStore          *store;
  PlrTokenStore     *tokens;
  PlrHolderKeyStore *holder_keys;
  GStrv              folders;
  GError            *files_error;
} ForgetData;

static void
forget_data_free (ForgetData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->tokens);
  g_clear_object (&data->holder_keys);
  g_clear_pointer (&data->folders, g_strfreev);
  g_clear_error (&data->files_error);
  g_free (data);
}

/**
 * plr_forget_dup_app_folders:
 *
 * Returns: (transfer full): the app's data and cache folders,
 *   `$XDG_DATA_HOME/learning-record` and `$XDG_CACHE_HOME/learning-record`
 */
GStrv
plr_forget_dup_app_folders (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *data = g_build_filename (g_get_user_data_dir (), "learning-record", NULL);
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "learning-record", NULL);

  g_strv_builder_add (builder, data);
  g_strv_builder_add (builder, cache);
  return g_strv_builder_end (builder);
}

static void
forget_files_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  ForgetData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (!plr_store_forget (data->store, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; data->folders != NULL && data->folders[i] != NULL; i++)
    if (!plr_store_remove_tree (data->folders[i], &error))
      {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

  /* libsecret's blocking call is fine here: this is a worker thread. */
  if (data->holder_keys != NULL &&
      !plr_holder_key_store_clear_sync (data->holder_keys, NULL, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_tokens_cleared_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!plr_token_store_clear_finish (PLR_TOKEN_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("Forgot this device");
  g_task_return_boolean (task, TRUE);
}

static void
on_files_forgotten_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ForgetData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->tokens == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* An empty address: the tokens kept for every service. */
  plr_token_store_clear_async (data->tokens, "", g_task_get_cancellable (task),
                               on_tokens_cleared_cb, g_object_ref (task));
}

/**
 * plr_forget_device_async:
 * @store: the cache to forget
 * @tokens: (nullable): where sign-ins are kept; every one of the app's is removed
 * @holder_keys: (nullable): where the holder keys that sign presentations
 *   are kept; every one is removed
 * @folders: (nullable) (array zero-terminated=1): folders of the app's to
 *   delete with everything in them, such as plr_forget_dup_app_folders();
 *   %NULL in demo mode, whose cache sits beside the learner's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Forgets this device: see plr_store_forget(), then deletes @folders, then
 * removes the holder keys in @holder_keys and the sign-ins in @tokens.
 * File and holder-key work runs on a worker thread.
 */
void
plr_forget_device_async (PlrStore            *store,
                         PlrTokenStore       *tokens,
                         PlrHolderKeyStore   *holder_keys,
                         const char * const  *folders,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) files_task = NULL;
  ForgetData *data;

  g_return_if_fail (PLR_IS_STORE (store));
  g_return_if_fail (tokens == NULL || PLR_IS_TOKEN_STORE (tokens));
  g_return_if_fail (holder_keys == NULL || PLR_IS_HOLDER_KEY_STORE (holder_keys));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_forget_device_async);

  data = g_new0 (ForgetData, 1);
  data->store = g_object_ref (store);
  data->tokens = tokens ? g_object_ref (tokens) : NULL;
  data->holder_keys = holder_keys ? g_object_ref (holder_keys) : NULL;
  data->folders = g_strdupv ((char **) folders);
  g_task_set_task_data (task, data, (GDestroyNotify) forget_data_free);

  files_task = g_task_new (NULL, cancellable, on_files_forgotten_cb, g_object_ref (task));
  g_task_set_task_data (files_task, data, NULL);
  g_task_run_in_thread (files_task, forget_files_thread);
}

/**
 * plr_forget_device_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE if everything was forgotten
 */
gboolean
plr_forget_device_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
