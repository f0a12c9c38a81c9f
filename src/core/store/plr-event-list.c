/* plr-event-list.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-event-list"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plr-event-list.h"

/* The learning events of a record that pass a #PlrEventFilter, as a
 * #GListModel. Queries run on a worker thread: the words typed go to the
 * store's full-text index (plr_store_search(), which answers with positions
 * in the current snapshot), the other criteria are checked on the events.
 * The result lands on the main thread as one items-changed, so a record of
 * 100,000 events filters without holding up the window. A newer query
 * supersedes one still running.
 *
 * The values offered by the filter (levels, qualification types, awarding
 * organisations, years) are gathered on a worker thread too.
 *
 * A #GListStore is not safe to read from two threads (it caches the last
 * position looked up), so the events are copied once into an array that
 * the threads share. */
struct _PlrEventList
{
  GObject           parent_instance;

  PlrEventFilter   *filter;
  PlrStore         *store;
  PlrRecord        *record;
  GPtrArray        *events;        /* the record's events, shared read-only with threads */
  PlrRecordChanges *changes;
  GArray           *positions;     /* guint, ascending; NULL for every event */
  GCancellable     *query_cancellable;
  GCancellable     *choices_cancellable;
  guint             refilter_source;
  GStrv             choices[3];    /* level, qualification type, awarding organisation */
  int               first_year;
  int               last_year;
  gboolean          busy;
};

static void plr_event_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlrEventList, plr_event_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      plr_event_list_model_init))

enum {
  PROP_0,
  PROP_FILTER,
  PROP_RECORD,
  PROP_CHANGES,
  PROP_N_ITEMS,
  PROP_N_TOTAL,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHOICES_CHANGED,
  QUERY_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const PlrEventField choice_fields[] = {
  PLR_EVENT_FIELD_LEVEL,
  PLR_EVENT_FIELD_QUALIFICATION_TYPE,
  PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
};

static GType
plr_event_list_get_item_type (GListModel *model)
{
  return PLR_TYPE_LEARNING_EVENT;
}

static guint
plr_event_list_get_n_items (GListModel *model)
{
  PlrEventList *self = PLR_EVENT_LIST (model);

  if (self->events == NULL)
    return 0;
  if (self->positions == NULL)
    return self->events->len;

  return self->positions->len;
}

static gpointer
plr_event_list_get_item (GListModel *model,
                         guint       position)
{
  PlrEventList *self = PLR_EVENT_LIST (model);

  if (position >= plr_event_list_get_n_items (model))
    return NULL;
  if (self->positions != NULL)
    position = g_array_index (self->positions, guint, position);

  return g_object_ref (g_ptr_array_index (self->events, position));
}

static void
plr_event_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = plr_event_list_get_item_type;
  iface->get_n_items = plr_event_list_get_n_items;
  iface->get_item = plr_event_list_get_item;
}

static void
set_busy (PlrEventList *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Takes @positions; NULL shows every event. */
static void
set_positions (PlrEventList *self,
               GArray       *positions)
{
  guint old_n = plr_event_list_get_n_items (G_LIST_MODEL (self));
  guint new_n;

  /* The same events are shown as before (every one, or the same search
   * results after a key that does not change them, a space say):
   * replacing all the rows would only make the view bind and measure them
   * again. */
  if ((positions == NULL && self->positions == NULL) ||
      (positions != NULL && self->positions != NULL &&
       positions->len == self->positions->len &&
       memcmp (positions->data, self->positions->data,
               positions->len * sizeof (guint)) == 0))
    {
      g_clear_pointer (&positions, g_array_unref);
      return;
    }

  g_clear_pointer (&self->positions, g_array_unref);
  self->positions = positions;
  new_n = plr_event_list_get_n_items (G_LIST_MODEL (self));

  if (old_n == 0 && new_n == 0)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* ------------------------------------------------------------------------ */
/* Queries                                                                  */

typedef struct
{
  PlrEventFilter   *filter;
  PlrStore         *store;
  GPtrArray        *events;
  PlrRecordChanges *changes;
} Query;

static void
query_free (Query *query)
{
  g_clear_object (&query->filter);
  g_clear_object (&query->store);
  g_clear_pointer (&query->events, g_ptr_array_unref);
  g_clear_object (&query->changes);
  g_free (query);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Query, query_free)

static void
query_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Query *query = task_data;
  guint n_events = query->events->len;
  const char *text = plr_event_filter_get_text (query->filter);
  g_autoptr(GArray) candidates = NULL;
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GError *error = NULL;
  guint n;

  if (text != NULL && query->store != NULL)
    {
      candidates = plr_store_search (query->store, text, &error);
      if (candidates == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  n = candidates ? candidates->len : n_events;
  for (guint i = 0; i < n; i++)
    {
      guint position = candidates ? g_array_index (candidates, guint, i) : i;

      if ((i & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;

      /* The store answers for its current snapshot; skip anything the
       * record on show does not have. */
      if (position >= n_events)
        continue;

      if (plr_event_filter_match (query->filter, g_ptr_array_index (query->events, position),
                                  query->changes))
        g_array_append_val (positions, position);
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_pointer (task, g_steal_pointer (&positions), (GDestroyNotify) g_array_unref);
}

static void
on_query_finished_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(PlrEventList) self = user_data;
  g_autoptr(GError) error = NULL;
  GArray *positions;

  positions = g_task_propagate_pointer (G_TASK (result), &error);
  if (positions == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      set_busy (self, FALSE);
      g_signal_emit (self, signals[QUERY_FAILED], 0, error);
      return;
    }

  set_busy (self, FALSE);
  set_positions (self, positions);
}

static gboolean
refilter_cb (gpointer user_data)
{
  PlrEventList *self = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(Query) query = NULL;

  self->refilter_source = 0;

  g_cancellable_cancel (self->query_cancellable);
  g_clear_object (&self->query_cancellable);

  if (self->record == NULL || plr_event_filter_is_empty (self->filter))
    {
      set_busy (self, FALSE);
      set_positions (self, NULL);
      return G_SOURCE_REMOVE;
    }

  query = g_new0 (Query, 1);
  query->filter = plr_event_filter_copy (self->filter);
  query->store = self->store ? g_object_ref (self->store) : NULL;
  query->events = g_ptr_array_ref (self->events);
  query->changes = self->changes ? g_object_ref (self->changes) : NULL;

  self->query_cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  task = g_task_new (self, self->query_cancellable, on_query_finished_cb, g_object_ref (self));
  g_task_set_source_tag (task, refilter_cb);
  g_task_set_task_data (task, g_steal_pointer (&query), (GDestroyNotify) query_free);
  g_task_run_in_thread (task, query_thread);

  return G_SOURCE_REMOVE;
}

/* Several criteria often change at once (clearing the filter): query once. */
static void
queue_refilter (PlrEventList *self)
{
  if (self->refilter_source == 0)
    self->refilter_source = g_idle_add_full (G_PRIORITY_DEFAULT, refilter_cb, self, NULL);
}

static void
on_filter_notify_cb (PlrEventFilter *filter,
                     GParamSpec     *pspec,
                     PlrEventList   *self)
{
  queue_refilter (self);
}

/* ------------------------------------------------------------------------ */
/* Choices for the filter                                                   */

typedef struct
{
  GStrv choices[G_N_ELEMENTS (choice_fields)];
  int   first_year;
  int   last_year;
} Choices;

static void
choices_free (Choices *choices)
{
  for (guint i = 0; i < G_N_ELEMENTS (choices->choices); i++)
    g_strfreev (choices->choices[i]);
  g_free (choices);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static void
choices_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GPtrArray *events = task_data;
  Choices *choices = g_new0 (Choices, 1);
  GHashTable *seen[G_N_ELEMENTS (choice_fields)] = { NULL, };

  for (guint f = 0; f < G_N_ELEMENTS (choice_fields); f++)
    seen[f] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < events->len; i++)
    {
      PlrLearningEvent *event = g_ptr_array_index (events, i);
      const char *date = plr_learning_event_get_award_date (event);

      for (guint f = 0; f < G_N_ELEMENTS (choice_fields); f++)
        {
          const char *value = plr_learning_event_get_value (event, choice_fields[f]);

          if (value != NULL && !g_hash_table_contains (seen[f], value))
            g_hash_table_add (seen[f], g_strdup (value));
        }

      if (date != NULL && strlen (date) >= 4)
        {
          int year = atoi (date);

          if (year > 0 && (choices->first_year == 0 || year < choices->first_year))
            choices->first_year = year;
          if (year > choices->last_year)
            choices->last_year = year;
        }
    }

  for (guint f = 0; f < G_N_ELEMENTS (choice_fields); f++)
    {
      g_autofree gpointer *keys = NULL;
      guint n_keys = 0;

      keys = g_hash_table_get_keys_as_array (seen[f], &n_keys);
      qsort (keys, n_keys, sizeof (gpointer), compare_strings);
      /* The table owns the strings; copy them into the vector. */
      choices->choices[f] = g_new0 (char *, n_keys + 1);
      for (guint k = 0; k < n_keys; k++)
        choices->choices[f][k] = g_strdup (keys[k]);
      g_hash_table_unref (seen[f]);
    }

  g_task_return_pointer (task, choices, (GDestroyNotify) choices_free);
}

static void
on_choices_ready_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PlrEventList) self = user_data;
  Choices *choices;

  choices = g_task_propagate_pointer (G_TASK (result), NULL);
  if (choices == NULL)
    return;

  for (guint f = 0; f < G_N_ELEMENTS (choice_fields); f++)
    {
      g_strfreev (self->choices[f]);
      self->choices[f] = g_steal_pointer (&choices->choices[f]);
    }
  self->first_year = choices->first_year;
  self->last_year = choices->last_year;
  choices_free (choices);

  g_signal_emit (self, signals[CHOICES_CHANGED], 0);
}

static void
gather_choices (PlrEventList *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->choices_cancellable);
  g_clear_object (&self->choices_cancellable);

  for (guint f = 0; f < G_N_ELEMENTS (choice_fields); f++)
    g_clear_pointer (&self->choices[f], g_strfreev);
  self->first_year = self->last_year = 0;

  if (self->record == NULL)
    {
      g_signal_emit (self, signals[CHOICES_CHANGED], 0);
      return;
    }

  self->choices_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->choices_cancellable, on_choices_ready_cb, g_object_ref (self));
  g_task_set_source_tag (task, gather_choices);
  g_task_set_task_data (task, g_ptr_array_ref (self->events), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, choices_thread);
}

/* ------------------------------------------------------------------------ */

static void
plr_event_list_dispose (GObject *object)
{
  PlrEventList *self = (PlrEventList *)object;

  g_cancellable_cancel (self->query_cancellable);
  g_cancellable_cancel (self->choices_cancellable);
  g_clear_handle_id (&self->refilter_source, g_source_remove);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, on_filter_notify_cb, self);

  G_OBJECT_CLASS (plr_event_list_parent_class)->dispose (object);
}

static void
plr_event_list_finalize (GObject *object)
{
  PlrEventList *self = (PlrEventList *)object;

  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->record);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_object (&self->changes);
  g_clear_object (&self->query_cancellable);
  g_clear_object (&self->choices_cancellable);
  g_clear_pointer (&self->positions, g_array_unref);
  for (guint f = 0; f < G_N_ELEMENTS (choice_fields); f++)
    g_clear_pointer (&self->choices[f], g_strfreev);

  G_OBJECT_CLASS (plr_event_list_parent_class)->finalize (object);
}

static void
plr_event_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PlrEventList *self = PLR_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    case PROP_CHANGES:
      g_value_set_object (value, self->changes);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, plr_event_list_get_n_items (G_LIST_MODEL (self)));
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, plr_event_list_get_n_total (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_event_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  PlrEventList *self = PLR_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      self->filter = g_value_dup_object (value);
      if (self->filter == NULL)
        self->filter = plr_event_filter_new ();
      g_signal_connect (self->filter, "notify", G_CALLBACK (on_filter_notify_cb), self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_event_list_class_init (PlrEventListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = plr_event_list_dispose;
  object_class->finalize = plr_event_list_finalize;
  object_class->get_property = plr_event_list_get_property;
  object_class->set_property = plr_event_list_set_property;

  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, PLR_TYPE_EVENT_FILTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, PLR_TYPE_RECORD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHANGES] =
    g_param_spec_object ("changes", NULL, NULL, PLR_TYPE_RECORD_CHANGES,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PlrEventList::choices-changed:
   *
   * The values offered by the filter are known (or gone with the record).
   */
  signals[CHOICES_CHANGED] =
    g_signal_new ("choices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  /**
   * PlrEventList::query-failed:
   * @error: why the search could not be answered
   */
  signals[QUERY_FAILED] =
    g_signal_new ("query-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
plr_event_list_init (PlrEventList *self)
{
}

/**
 * plr_event_list_new:
 * @filter: (nullable): the filter to follow, or %NULL for a new one
 *
 * Returns: (transfer full): an empty list
 */
PlrEventList *
plr_event_list_new (PlrEventFilter *filter)
{
  return g_object_new (PLR_TYPE_EVENT_LIST, "filter", filter, NULL);
}

/**
 * plr_event_list_get_filter:
 * @self: a #PlrEventList
 *
 * Returns: (transfer none): the filter; change it to change the list
 */
PlrEventFilter *
plr_event_list_get_filter (PlrEventList *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_LIST (self), NULL);
  return self->filter;
}

/**
 * plr_event_list_set_record:
 * @self: a #PlrEventList
 * @store: (nullable): the cache whose current snapshot @record is, for searches
 * @record: (nullable): the record to show
 *
 * Shows @record's events through the filter. The changes of the previous
 * record are forgotten: set the new ones with plr_event_list_set_changes().
 */
void
plr_event_list_set_record (PlrEventList *self,
                           PlrStore     *store,
                           PlrRecord    *record)
{
  guint old_n;

  g_return_if_fail (PLR_IS_EVENT_LIST (self));
  g_return_if_fail (store == NULL || PLR_IS_STORE (store));
  g_return_if_fail (record == NULL || PLR_IS_RECORD (record));

  old_n = plr_event_list_get_n_items (G_LIST_MODEL (self));

  g_cancellable_cancel (self->query_cancellable);
  g_set_object (&self->store, store);
  g_set_object (&self->record, record);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  if (record != NULL)
    {
      GListModel *events = plr_record_get_events (record);
      guint n = g_list_model_get_n_items (events);

      self->events = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (self->events, g_list_model_get_item (events, i));
    }
  g_clear_object (&self->changes);
  g_clear_pointer (&self->positions, g_array_unref);

  /* Until the query answers, show nothing rather than the wrong events. */
  if (!plr_event_filter_is_empty (self->filter) && record != NULL)
    self->positions = g_array_new (FALSE, FALSE, sizeof (guint));

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n,
                              plr_event_list_get_n_items (G_LIST_MODEL (self)));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);

  gather_choices (self);
  queue_refilter (self);
}

/**
 * plr_event_list_get_record:
 * @self: a #PlrEventList
 *
 * Returns: (transfer none) (nullable): the record shown
 */
PlrRecord *
plr_event_list_get_record (PlrEventList *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_LIST (self), NULL);
  return self->record;
}

/**
 * plr_event_list_set_changes:
 * @self: a #PlrEventList
 * @changes: (nullable): what changed in the record since the previous fetch
 */
void
plr_event_list_set_changes (PlrEventList     *self,
                            PlrRecordChanges *changes)
{
  g_return_if_fail (PLR_IS_EVENT_LIST (self));

  if (!g_set_object (&self->changes, changes))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGES]);
  if (plr_event_filter_get_changed_only (self->filter))
    queue_refilter (self);
}

/**
 * plr_event_list_get_changes:
 * @self: a #PlrEventList
 *
 * Returns: (transfer none) (nullable): what changed since the previous fetch
 */
PlrRecordChanges *
plr_event_list_get_changes (PlrEventList *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_LIST (self), NULL);
  return self->changes;
}

/**
 * plr_event_list_get_n_total:
 * @self: a #PlrEventList
 *
 * Returns: how many events the record holds, filtered or not
 */
guint
plr_event_list_get_n_total (PlrEventList *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_LIST (self), 0);
  return self->events ? self->events->len : 0;
}

/**
 * plr_event_list_get_busy:
 * @self: a #PlrEventList
 *
 * Returns: %TRUE while a query runs
 */
gboolean
plr_event_list_get_busy (PlrEventList *self)
{
  g_return_val_if_fail (PLR_IS_EVENT_LIST (self), FALSE);
  return self->busy;
}

/**
 * plr_event_list_get_choices:
 * @self: a #PlrEventList
 * @field: %PLR_EVENT_FIELD_LEVEL, %PLR_EVENT_FIELD_QUALIFICATION_TYPE or
 *   %PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the values
 *   that occur in the record, sorted, or %NULL until they are known
 */
const char * const *
plr_event_list_get_choices (PlrEventList  *self,
                            PlrEventField  field)
{
  g_return_val_if_fail (PLR_IS_EVENT_LIST (self), NULL);

  for (guint f = 0; f < G_N_ELEMENTS (choice_fields); f++)
    if (choice_fields[f] == field)
      return (const char * const *) self->choices[f];

  g_return_val_if_reached (NULL);
}

/**
 * plr_event_list_get_year_range:
 * @self: a #PlrEventList
 * @first: (out) (optional): the first year an event was awarded
 * @last: (out) (optional): the last year an event was awarded
 *
 * Returns: %TRUE if the record has award dates and they are known
 */
gboolean
plr_event_list_get_year_range (PlrEventList *self,
                               int          *first,
                               int          *last)
{
  g_return_val_if_fail (PLR_IS_EVENT_LIST (self), FALSE);

  if (first)
    *first = self->first_year;
  if (last)
    *last = self->last_year;

  return self->first_year != 0;
}
