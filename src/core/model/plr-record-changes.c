/* plr-record-changes.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-record-changes"

#include "config.h"

#include "plr-record-changes.h"

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
