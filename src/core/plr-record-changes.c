/* plr-record-changes.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-record-changes"

#include "config.h"

#include "plr-record-changes.h"
#include "plr-store.h"

/* What changed in the current record since the previous fetch or import,
 * indexed by LRS ID so that every row of a long list can ask "am I new or
 * changed?" cheaply. Immutable once made, so any thread may read it. */
struct _PlrRecordChanges
{
  GObject        parent_instance;

  PlrRecordDiff *diff;
  GHashTable    *by_id;   /* gint64 * -> index + 1 (added) or -(index + 1) (changed) */
};

G_DEFINE_FINAL_TYPE (PlrRecordChanges, plr_record_changes, G_TYPE_OBJECT)

static void
plr_record_changes_finalize (GObject *object)
{
  PlrRecordChanges *self = (PlrRecordChanges *)object;

  g_clear_object (&self->diff);
  g_clear_pointer (&self->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (plr_record_changes_parent_class)->finalize (object);
}

static void
plr_record_changes_class_init (PlrRecordChangesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_record_changes_finalize;
}

static void
plr_record_changes_init (PlrRecordChanges *self)
{
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static void
index_event (PlrRecordChanges *self,
             PlrLearningEvent *event,
             gintptr           value)
{
  gint64 *id = g_new (gint64, 1);

  *id = plr_learning_event_get_id (event);
  /* The first occurrence of a repeated ID wins. */
  if (g_hash_table_contains (self->by_id, id))
    g_free (id);
  else
    g_hash_table_insert (self->by_id, id, (gpointer) value);
}

/**
 * plr_record_changes_new:
 * @diff: what changed between the previous and the current record
 *
 * Returns: (transfer full): an index of @diff's added and changed events
 */
PlrRecordChanges *
plr_record_changes_new (PlrRecordDiff *diff)
{
  PlrRecordChanges *self;
  guint n;

  g_return_val_if_fail (PLR_IS_RECORD_DIFF (diff), NULL);

  self = g_object_new (PLR_TYPE_RECORD_CHANGES, NULL);
  self->diff = g_object_ref (diff);

  n = plr_record_diff_get_n_added (diff);
  for (guint i = 0; i < n; i++)
    index_event (self, plr_record_diff_get_added (diff, i), (gintptr) i + 1);

  n = plr_record_diff_get_n_changed (diff);
  for (guint i = 0; i < n; i++)
    index_event (self, plr_record_diff_get_changed (diff, i, NULL, NULL), -((gintptr) i + 1));

  return self;
}

/**
 * plr_record_changes_get_diff:
 * @self: a #PlrRecordChanges
 *
 * Returns: (transfer none): the diff
 */
PlrRecordDiff *
plr_record_changes_get_diff (PlrRecordChanges *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_CHANGES (self), NULL);
  return self->diff;
}

/**
 * plr_record_changes_lookup:
 * @self: a #PlrRecordChanges
 * @event: an event of the current record
 * @added: (out) (optional): %TRUE if @event is new
 * @old_event: (out) (optional) (transfer none): the event as it was, when changed
 * @changed_fields: (out) (optional): bit N set when field N changed
 *
 * Returns: %TRUE if @event was added or changed
 */
gboolean
plr_record_changes_lookup (PlrRecordChanges  *self,
                           PlrLearningEvent  *event,
                           gboolean          *added,
                           PlrLearningEvent **old_event,
                           guint64           *changed_fields)
{
  gint64 id;
  gpointer value;
  gintptr index;

  g_return_val_if_fail (PLR_IS_RECORD_CHANGES (self), FALSE);
  g_return_val_if_fail (PLR_IS_LEARNING_EVENT (event), FALSE);

  id = plr_learning_event_get_id (event);
  if (!g_hash_table_lookup_extended (self->by_id, &id, NULL, &value))
    return FALSE;

  index = (gintptr) value;
  if (added)
    *added = index > 0;
  if (index > 0)
    {
      if (old_event)
        *old_event = NULL;
      if (changed_fields)
        *changed_fields = 0;
    }
  else
    {
      PlrLearningEvent *old = NULL;
      guint64 mask = 0;

      plr_record_diff_get_changed (self->diff, (guint) (-index - 1), &old, &mask);
      if (old_event)
        *old_event = old;
      if (changed_fields)
        *changed_fields = mask;
    }

  return TRUE;
}

typedef struct
{
  PlrStore  *store;
  PlrRecord *current_record;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->current_record);
  g_free (data);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(PlrRecordDiff) diff = NULL;
  GError *error = NULL;

  diff = plr_store_dup_changes (data->store, data->current_record, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (diff == NULL)
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, plr_record_changes_new (diff), g_object_unref);
}

/**
 * plr_record_changes_load_async:
 * @store: the cache
 * @current_record: (nullable): the current snapshot, if already loaded
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Compares the current and the previous snapshot on a worker thread.
 */
void
plr_record_changes_load_async (PlrStore            *store,
                               PlrRecord           *current_record,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (PLR_IS_STORE (store));
  g_return_if_fail (current_record == NULL || PLR_IS_RECORD (current_record));

  data = g_new0 (LoadData, 1);
  data->store = g_object_ref (store);
  data->current_record = current_record ? g_object_ref (current_record) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_record_changes_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * plr_record_changes_load_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the changes, or %NULL when there is
 *   no record (with @error unset) or on error
 */
PlrRecordChanges *
plr_record_changes_load_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
