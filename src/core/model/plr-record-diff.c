/* plr-record-diff.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-record-diff"

#include "config.h"

#include "plr-record-diff.h"

/* What changed between two snapshots of a record. Events are matched by
 * their LRS ID; when a record holds the same ID twice, the Nth occurrence
 * in the old snapshot is matched with the Nth in the new one. */
struct _PlrRecordDiff
{
  GObject     parent_instance;

  GPtrArray  *added;         /* PlrLearningEvent, from the new record */
  GPtrArray  *removed;       /* PlrLearningEvent, from the old record */
  GPtrArray  *changed_new;   /* PlrLearningEvent */
  GPtrArray  *changed_old;   /* PlrLearningEvent */
  GArray     *changed_mask;  /* guint64 per changed event */
  guint64     learner_changes;
  guint       is_first : 1;
};

G_DEFINE_FINAL_TYPE (PlrRecordDiff, plr_record_diff, G_TYPE_OBJECT)

static void
plr_record_diff_finalize (GObject *object)
{
  PlrRecordDiff *self = (PlrRecordDiff *)object;

  g_clear_pointer (&self->added, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);
  g_clear_pointer (&self->changed_new, g_ptr_array_unref);
  g_clear_pointer (&self->changed_old, g_ptr_array_unref);
  g_clear_pointer (&self->changed_mask, g_array_unref);

  G_OBJECT_CLASS (plr_record_diff_parent_class)->finalize (object);
}

static void
plr_record_diff_class_init (PlrRecordDiffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_record_diff_finalize;
}

static void
plr_record_diff_init (PlrRecordDiff *self)
{
  self->added = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
  self->changed_new = g_ptr_array_new_with_free_func (g_object_unref);
  self->changed_old = g_ptr_array_new_with_free_func (g_object_unref);
  self->changed_mask = g_array_new (FALSE, FALSE, sizeof (guint64));
}

/* id → GQueue of events with that id, in record order */
static GHashTable *
index_by_id (PlrRecord *record)
{
  GHashTable *index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_queue_free);
  guint n = plr_record_get_n_events (record);

  for (guint i = 0; i < n; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);
      gint64 id = plr_learning_event_get_id (event);
      GQueue *queue = g_hash_table_lookup (index, &id);

      if (queue == NULL)
        {
          queue = g_queue_new ();
          g_hash_table_insert (index, g_memdup2 (&id, sizeof id), queue);
        }
      g_queue_push_tail (queue, event);
    }

  return index;
}

/**
 * plr_record_diff_new:
 * @old_record: (nullable): the earlier snapshot, or %NULL for none
 * @new_record: the later snapshot
 *
 * Returns: (transfer full): the changes from @old_record to @new_record
 */
PlrRecordDiff *
plr_record_diff_new (PlrRecord *old_record,
                     PlrRecord *new_record)
{
  g_autoptr(GHashTable) old_index = NULL;
  PlrRecordDiff *self;
  guint n;

  g_return_val_if_fail (old_record == NULL || PLR_IS_RECORD (old_record), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (new_record), NULL);

  self = g_object_new (PLR_TYPE_RECORD_DIFF, NULL);

  if (old_record == NULL)
    {
      self->is_first = TRUE;
      n = plr_record_get_n_events (new_record);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (self->added, g_object_ref (plr_record_get_event (new_record, i)));
      return self;
    }

  self->learner_changes = plr_learner_diff_fields (plr_record_get_learner (old_record),
                                                   plr_record_get_learner (new_record));

  old_index = index_by_id (old_record);

  n = plr_record_get_n_events (new_record);
  for (guint i = 0; i < n; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (new_record, i);
      gint64 id = plr_learning_event_get_id (event);
      GQueue *queue = g_hash_table_lookup (old_index, &id);
      PlrLearningEvent *old_event = queue ? g_queue_pop_head (queue) : NULL;

      if (old_event == NULL)
        {
          g_ptr_array_add (self->added, g_object_ref (event));
        }
      else
        {
          guint64 mask = plr_learning_event_diff_fields (old_event, event);

          if (mask != 0)
            {
              g_ptr_array_add (self->changed_new, g_object_ref (event));
              g_ptr_array_add (self->changed_old, g_object_ref (old_event));
              g_array_append_val (self->changed_mask, mask);
            }
        }
    }

  /* Whatever was not matched is gone; report it in the old record's order. */
  n = plr_record_get_n_events (old_record);
  for (guint i = 0; i < n; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (old_record, i);
      gint64 id = plr_learning_event_get_id (event);
      GQueue *queue = g_hash_table_lookup (old_index, &id);

      if (queue != NULL && g_queue_find (queue, event) != NULL)
        g_ptr_array_add (self->removed, g_object_ref (event));
    }

  return self;
}

gboolean
plr_record_diff_is_empty (PlrRecordDiff *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), TRUE);

  return self->added->len == 0 && self->removed->len == 0 && self->changed_new->len == 0 &&
         self->learner_changes == 0;
}

/**
 * plr_record_diff_is_first:
 * @self: a #PlrRecordDiff
 *
 * Returns: %TRUE if there was no earlier snapshot, so everything is new
 */
gboolean
plr_record_diff_is_first (PlrRecordDiff *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), FALSE);
  return self->is_first;
}

guint
plr_record_diff_get_n_added (PlrRecordDiff *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), 0);
  return self->added->len;
}

guint
plr_record_diff_get_n_removed (PlrRecordDiff *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), 0);
  return self->removed->len;
}

guint
plr_record_diff_get_n_changed (PlrRecordDiff *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), 0);
  return self->changed_new->len;
}

/**
 * plr_record_diff_get_added:
 * @self: a #PlrRecordDiff
 * @index: an index below plr_record_diff_get_n_added()
 *
 * Returns: (transfer none): the added event
 */
PlrLearningEvent *
plr_record_diff_get_added (PlrRecordDiff *self,
                           guint          index)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), NULL);
  g_return_val_if_fail (index < self->added->len, NULL);
  return g_ptr_array_index (self->added, index);
}

/**
 * plr_record_diff_get_removed:
 * @self: a #PlrRecordDiff
 * @index: an index below plr_record_diff_get_n_removed()
 *
 * Returns: (transfer none): the removed event, as it was
 */
PlrLearningEvent *
plr_record_diff_get_removed (PlrRecordDiff *self,
                             guint          index)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), NULL);
  g_return_val_if_fail (index < self->removed->len, NULL);
  return g_ptr_array_index (self->removed, index);
}

/**
 * plr_record_diff_get_changed:
 * @self: a #PlrRecordDiff
 * @index: an index below plr_record_diff_get_n_changed()
 * @old_event: (out) (optional) (transfer none): the event as it was
 * @changed_fields: (out) (optional): bit N set when #PlrEventField N changed
 *
 * Returns: (transfer none): the event as it is now
 */
PlrLearningEvent *
plr_record_diff_get_changed (PlrRecordDiff     *self,
                             guint              index,
                             PlrLearningEvent **old_event,
                             guint64           *changed_fields)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), NULL);
  g_return_val_if_fail (index < self->changed_new->len, NULL);

  if (old_event)
    *old_event = g_ptr_array_index (self->changed_old, index);
  if (changed_fields)
    *changed_fields = g_array_index (self->changed_mask, guint64, index);

  return g_ptr_array_index (self->changed_new, index);
}

/**
 * plr_record_diff_get_learner_changes:
 * @self: a #PlrRecordDiff
 *
 * Returns: bit N set when #PlrLearnerField N changed
 */
guint64
plr_record_diff_get_learner_changes (PlrRecordDiff *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), 0);
  return self->learner_changes;
}

/**
 * plr_record_diff_lookup_event:
 * @self: a #PlrRecordDiff
 * @lrs_id: the LRS ID of an event in the new record
 * @added: (out) (optional): whether the event is new
 * @changed_fields: (out) (optional): which fields changed, if any
 *
 * Returns: %TRUE if the event was added or changed
 */
gboolean
plr_record_diff_lookup_event (PlrRecordDiff *self,
                              gint64         lrs_id,
                              gboolean      *added,
                              guint64       *changed_fields)
{
  g_return_val_if_fail (PLR_IS_RECORD_DIFF (self), FALSE);

  for (guint i = 0; i < self->added->len; i++)
    {
      if (plr_learning_event_get_id (g_ptr_array_index (self->added, i)) == lrs_id)
        {
          if (added)
            *added = TRUE;
          if (changed_fields)
            *changed_fields = 0;
          return TRUE;
        }
    }

  for (guint i = 0; i < self->changed_new->len; i++)
    {
      if (plr_learning_event_get_id (g_ptr_array_index (self->changed_new, i)) == lrs_id)
        {
          if (added)
            *added = FALSE;
          if (changed_fields)
            *changed_fields = g_array_index (self->changed_mask, guint64, i);
          return TRUE;
        }
    }

  return FALSE;
}
