/* plr-view-result.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-view-result"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-date.h"
#include "plr-identifiers.h"
#include "plr-learning-event.h"
#include "plr-text.h"
#include "plr-view-result.h"

/* What a view lets out of a record, and nothing else: the chosen learner
 * values and, for each covered entry, the chosen field values, copied. It
 * keeps no reference to the record, its events or its learner, and it never
 * changes once made. Every output (the preview, PDF, HTML, JSON and the
 * share body) is made from this object alone, so a field the learner did
 * not choose cannot reach any of them. */

typedef struct
{
  char  *values[PLR_EVENT_N_FIELDS];  /* only the chosen fields */
  char  *group;                       /* the level heading, when grouped by a chosen level */
  guint  challenged : 1;              /* only when challenges are carried */
} Entry;

struct _PlrViewResult
{
  GObject       parent_instance;

  char         *title;
  char         *recipient;
  char         *purpose;
  char         *share_code;
  GDateTime    *as_of;
  GDateTime    *generated_at;
  GDateTime    *share_expires_at;
  char         *learner_values[PLR_LEARNER_N_FIELDS];
  guint64       learner_fields;
  guint64       event_fields;
  guint8        columns[PLR_EVENT_N_FIELDS];
  guint         n_columns;
  Entry        *entries;
  guint         n_entries;
  guint         n_challenged;
  PlrViewOrder  order;
  guint         grouped : 1;
  guint         carries_challenges : 1;
};

G_DEFINE_FINAL_TYPE (PlrViewResult, plr_view_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_RECIPIENT,
  PROP_PURPOSE,
  PROP_AS_OF,
  PROP_GENERATED_AT,
  PROP_SHARE_CODE,
  PROP_SHARE_EXPIRES_AT,
  PROP_ORDER,
  PROP_N_ENTRIES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

static void
plr_view_result_finalize (GObject *object)
{
  PlrViewResult *self = (PlrViewResult *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->recipient, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->share_code, g_free);
  g_clear_pointer (&self->as_of, g_date_time_unref);
  g_clear_pointer (&self->generated_at, g_date_time_unref);
  g_clear_pointer (&self->share_expires_at, g_date_time_unref);

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    g_free (self->learner_values[i]);

  for (guint i = 0; i < self->n_entries; i++)
    {
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        g_free (self->entries[i].values[f]);
      g_free (self->entries[i].group);
    }
  g_clear_pointer (&self->entries, g_free);

  G_OBJECT_CLASS (plr_view_result_parent_class)->finalize (object);
}

static void
plr_view_result_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  PlrViewResult *self = PLR_VIEW_RESULT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_RECIPIENT:
      g_value_set_string (value, self->recipient);
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_AS_OF:
      g_value_set_boxed (value, self->as_of);
      break;
    case PROP_GENERATED_AT:
      g_value_set_boxed (value, self->generated_at);
      break;
    case PROP_SHARE_CODE:
      g_value_set_string (value, self->share_code);
      break;
    case PROP_SHARE_EXPIRES_AT:
      g_value_set_boxed (value, self->share_expires_at);
      break;
    case PROP_ORDER:
      g_value_set_enum (value, self->order);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, self->n_entries);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_view_result_class_init (PlrViewResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_view_result_finalize;
  object_class->get_property = plr_view_result_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECIPIENT] =
    g_param_spec_string ("recipient", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PURPOSE] =
    g_param_spec_string ("purpose", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AS_OF] =
    g_param_spec_boxed ("as-of", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GENERATED_AT] =
    g_param_spec_boxed ("generated-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARE_CODE] =
    g_param_spec_string ("share-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHARE_EXPIRES_AT] =
    g_param_spec_boxed ("share-expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER] =
    g_param_spec_enum ("order", NULL, NULL, PLR_TYPE_VIEW_ORDER, PLR_VIEW_ORDER_NEWEST_FIRST,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTRIES] =
    g_param_spec_uint ("n-entries", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_view_result_init (PlrViewResult *self)
{
}

/**
 * plr_view_apply:
 * @self: a #PlrView
 * @record: the record to share from
 * @error: return location for a #GError
 *
 * Makes the filtered result that every output takes: only the chosen
 * learner values and, for each covered entry, only the chosen fields,
 * copied, with no reference to @record.
 *
 * Fails with %PLR_VIEW_ERROR_ENTRIES_GONE when an entry picked one by one
 * is no longer in @record, so nobody shares less than they meant to
 * without knowing; plr_view_list_missing_entries() says which.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
PlrViewResult *
plr_view_apply (PlrView    *self,
                PlrRecord  *record,
                GError    **error)
{
  g_autoptr(GArray) missing = NULL;

  g_return_val_if_fail (PLR_IS_VIEW (self), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  missing = plr_view_list_missing_entries (self, record);
  if (missing->len > 0)
    {
      g_set_error (error, PLR_VIEW_ERROR, PLR_VIEW_ERROR_ENTRIES_GONE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "An entry chosen for this view is no longer in your record. "
                                "Edit the view to choose again.",
                                "%u entries chosen for this view are no longer in your record. "
                                "Edit the view to choose again.",
                                missing->len),
                   missing->len);
      return NULL;
    }

  return plr_view_result_new (self, record);
}

/**
 * plr_view_result_new:
 * @view: the view
 * @record: the record to share from
 *
 * Copies out of @record exactly what @view chose. Callers use
 * plr_view_apply(), which first checks that every picked entry is there.
 *
 * Returns: (transfer full): the filtered result
 */
PlrViewResult *
plr_view_result_new (PlrView   *view,
                     PlrRecord *record)
{
  g_autoptr(GPtrArray) events = NULL;
  PlrViewResult *self;
  PlrLearner *learner;
  GDateTime *fetched_at;
  GDateTime *expires_at;

  g_return_val_if_fail (PLR_IS_VIEW (view), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  self = g_object_new (PLR_TYPE_VIEW_RESULT, NULL);

  self->title = g_strdup (_("Qualifications and achievements"));
  self->recipient = g_strdup (plr_view_get_recipient (view));
  self->purpose = g_strdup (plr_view_get_purpose (view));
  self->share_code = g_strdup (plr_view_get_share_code (view));
  self->order = plr_view_get_order (view);
  self->generated_at = g_date_time_new_now_local ();

  fetched_at = plr_record_get_fetched_at (record);
  if (fetched_at != NULL)
    self->as_of = g_date_time_ref (fetched_at);
  expires_at = plr_view_get_share_expires_at (view);
  if (expires_at != NULL)
    self->share_expires_at = g_date_time_ref (expires_at);

  self->learner_fields = plr_view_get_learner_fields (view);
  learner = plr_record_get_learner (record);
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    if (self->learner_fields & BIT (i))
      self->learner_values[i] = g_strdup (plr_learner_get_value (learner, i));

  /* The subject heads each row; the other columns follow in the order of
   * the field table. */
  self->event_fields = plr_view_get_event_fields (view);
  if (self->event_fields & BIT (PLR_EVENT_FIELD_SUBJECT))
    self->columns[self->n_columns++] = PLR_EVENT_FIELD_SUBJECT;
  for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
    if (i != PLR_EVENT_FIELD_SUBJECT && (self->event_fields & BIT (i)))
      self->columns[self->n_columns++] = i;

  self->carries_challenges = plr_view_get_mark_challenged (view) ||
                             (self->event_fields & BIT (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE));
  self->grouped = self->order == PLR_VIEW_ORDER_BY_LEVEL &&
                  (self->event_fields & BIT (PLR_EVENT_FIELD_LEVEL));

  events = plr_view_select_events (view, record);
  self->n_entries = events->len;
  self->entries = g_new0 (Entry, MAX (events->len, 1));

  for (guint e = 0; e < events->len; e++)
    {
      PlrLearningEvent *event = g_ptr_array_index (events, e);
      Entry *entry = &self->entries[e];

      for (guint i = 0; i < PLR_EVENT_N_FIELDS; i++)
        if (self->event_fields & BIT (i))
          entry->values[i] = g_strdup (plr_learning_event_get_value (event, i));

      if (self->grouped)
        entry->group = g_strdup (plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL));

      if (self->carries_challenges &&
          g_strcmp0 (plr_learning_event_get_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE),
                     "Y") == 0)
        {
          entry->challenged = TRUE;
          self->n_challenged++;
        }
    }

  return self;
}

/**
 * plr_view_result_get_title:
 * @self: a #PlrViewResult
 *
 * Returns: (transfer none): the heading of every output
 */
const char *
plr_view_result_get_title (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  return self->title;
}

/**
 * plr_view_result_get_recipient:
 * @self: a #PlrViewResult
 *
 * Returns: (transfer none) (nullable): who the view is prepared for
 */
const char *
plr_view_result_get_recipient (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  return self->recipient;
}

/**
 * plr_view_result_get_purpose:
 * @self: a #PlrViewResult
 *
 * Returns: (transfer none) (nullable): what for
 */
const char *
plr_view_result_get_purpose (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  return self->purpose;
}

/**
 * plr_view_result_get_as_of:
 * @self: a #PlrViewResult
 *
 * Returns: (transfer none) (nullable): when the record was fetched
 */
GDateTime *
plr_view_result_get_as_of (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  return self->as_of;
}

/**
 * plr_view_result_get_generated_at:
 * @self: a #PlrViewResult
 *
 * Returns: (transfer none): when the view was applied
 */
GDateTime *
plr_view_result_get_generated_at (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  return self->generated_at;
}

/**
 * plr_view_result_get_share_code:
 * @self: a #PlrViewResult
 *
 * Returns: (transfer none) (nullable): the share code, once the view is shared
 */
const char *
plr_view_result_get_share_code (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  return self->share_code;
}

/**
 * plr_view_result_get_share_expires_at:
 * @self: a #PlrViewResult
 *
 * Returns: (transfer none) (nullable): when the share stops working (not
 *   the qualifications)
 */
GDateTime *
plr_view_result_get_share_expires_at (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  return self->share_expires_at;
}

PlrViewOrder
plr_view_result_get_order (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), PLR_VIEW_ORDER_NEWEST_FIRST);
  return self->order;
}

/**
 * plr_view_result_get_learner_fields:
 * @self: a #PlrViewResult
 *
 * Returns: the chosen learner fields, as a bit mask
 */
guint64
plr_view_result_get_learner_fields (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), 0);
  return self->learner_fields;
}

/**
 * plr_view_result_get_learner_value:
 * @self: a #PlrViewResult
 * @field: a learner field
 *
 * Returns: (transfer none) (nullable): the value, or %NULL if the field was
 *   not chosen or has no value
 */
const char *
plr_view_result_get_learner_value (PlrViewResult   *self,
                                   PlrLearnerField  field)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  g_return_val_if_fail ((guint) field < PLR_LEARNER_N_FIELDS, NULL);

  return self->learner_values[field];
}

/**
 * plr_view_result_dup_learner_name:
 * @self: a #PlrViewResult
 * @name_fields: (out) (optional): the learner fields the name is made of
 *
 * The learner's name from the chosen name fields only: title, given name
 * (or the preferred given name when the given name was not chosen), middle
 * names and family name.
 *
 * Returns: (transfer full) (nullable): the name, or %NULL if no name field
 *   was chosen
 */
char *
plr_view_result_dup_learner_name (PlrViewResult *self,
                                  guint64       *name_fields)
{
  g_autoptr(GString) name = NULL;
  const PlrLearnerField parts[] = {
    PLR_LEARNER_FIELD_TITLE,
    PLR_LEARNER_FIELD_GIVEN_NAME,
    PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME,
    PLR_LEARNER_FIELD_FAMILY_NAME,
  };
  guint64 used = 0;

  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);

  name = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      PlrLearnerField field = parts[i];
      const char *value = self->learner_values[field];
      g_autofree char *shown = NULL;

      if (field == PLR_LEARNER_FIELD_GIVEN_NAME && value == NULL)
        {
          field = PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME;
          value = self->learner_values[field];
        }
      if (value == NULL)
        continue;
      used |= BIT (field);
      if (name->len > 0)
        g_string_append_c (name, ' ');
      /* Each part isolated, so that a direction-changing character in
       * one cannot reorder the next (docs/record-format.md). */
      shown = plr_text_display (value);
      g_string_append (name, shown);
    }

  if (name_fields != NULL)
    *name_fields = used;

  if (name->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&name), FALSE);
}

/**
 * plr_view_result_get_event_fields:
 * @self: a #PlrViewResult
 *
 * Returns: the chosen event fields, as a bit mask
 */
guint64
plr_view_result_get_event_fields (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), 0);
  return self->event_fields;
}

guint
plr_view_result_get_n_columns (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), 0);
  return self->n_columns;
}

/**
 * plr_view_result_get_column:
 * @self: a #PlrViewResult
 * @column: a column, from 0 to plr_view_result_get_n_columns() - 1
 *
 * Returns: the chosen event field shown in @column
 */
PlrEventField
plr_view_result_get_column (PlrViewResult *self,
                            guint          column)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), 0);
  g_return_val_if_fail (column < self->n_columns, 0);

  return self->columns[column];
}

guint
plr_view_result_get_n_entries (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), 0);
  return self->n_entries;
}

/**
 * plr_view_result_get_entry_value:
 * @self: a #PlrViewResult
 * @entry: an entry, in the view's order
 * @field: an event field
 *
 * Returns: (transfer none) (nullable): the value, or %NULL if the field was
 *   not chosen or the entry has no value
 */
const char *
plr_view_result_get_entry_value (PlrViewResult *self,
                                 guint          entry,
                                 PlrEventField  field)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  g_return_val_if_fail (entry < self->n_entries, NULL);
  g_return_val_if_fail ((guint) field < PLR_EVENT_N_FIELDS, NULL);

  return self->entries[entry].values[field];
}

/**
 * plr_view_result_get_is_grouped:
 * @self: a #PlrViewResult
 *
 * Returns: %TRUE if entries are grouped under level headings: they are
 *   ordered by level and the level was chosen
 */
gboolean
plr_view_result_get_is_grouped (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), FALSE);
  return self->grouped;
}

/**
 * plr_view_result_get_entry_group:
 * @self: a #PlrViewResult
 * @entry: an entry
 *
 * Returns: (transfer none) (nullable): the level heading of @entry when the
 *   result is grouped; %NULL when it is not, or the entry has no level
 */
const char *
plr_view_result_get_entry_group (PlrViewResult *self,
                                 guint          entry)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), NULL);
  g_return_val_if_fail (entry < self->n_entries, NULL);

  return self->entries[entry].group;
}

/**
 * plr_view_result_starts_group:
 * @self: a #PlrViewResult
 * @entry: an entry
 *
 * Returns: %TRUE if the result is grouped and a level heading goes before @entry
 */
gboolean
plr_view_result_starts_group (PlrViewResult *self,
                              guint          entry)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), FALSE);
  g_return_val_if_fail (entry < self->n_entries, FALSE);

  return self->grouped &&
         (entry == 0 || g_strcmp0 (self->entries[entry].group,
                                   self->entries[entry - 1].group) != 0);
}

/**
 * plr_view_result_get_carries_challenges:
 * @self: a #PlrViewResult
 *
 * Returns: %TRUE if each entry says whether it is under data challenge
 */
gboolean
plr_view_result_get_carries_challenges (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), FALSE);
  return self->carries_challenges;
}

/**
 * plr_view_result_get_entry_challenged:
 * @self: a #PlrViewResult
 * @entry: an entry
 *
 * Returns: %TRUE if the result carries challenges and @entry is under one
 */
gboolean
plr_view_result_get_entry_challenged (PlrViewResult *self,
                                      guint          entry)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), FALSE);
  g_return_val_if_fail (entry < self->n_entries, FALSE);

  return self->entries[entry].challenged;
}

guint
plr_view_result_get_n_challenged (PlrViewResult *self)
{
  g_return_val_if_fail (PLR_IS_VIEW_RESULT (self), 0);
  return self->n_challenged;
}

/* ------------------------------------------------------------------------ */
/* Words                                                                     */

static char *
format_ymd (int      year,
            int      month,
            int      day,
            gboolean compact)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (year, month, day, 0, 0, 0);

  if (compact)
    /* Translators: a date in a narrow table column, "14 Mar 2006"; see g_date_time_format() */
    return g_date_time_format (date, _("%-d %b %Y"));

  return plr_date_format_long (date);
}

/**
 * plr_view_format_date:
 * @date: a date and time
 *
 * Returns: (transfer full): the date of @date in the local time zone, in
 *   words: "2 November 2026"
 */
char *
plr_view_format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (date != NULL, NULL);

  local = g_date_time_to_local (date);
  return format_ymd (g_date_time_get_year (local), g_date_time_get_month (local),
                     g_date_time_get_day_of_month (local), FALSE);
}

/**
 * plr_view_format_iso_time:
 * @time: a date and time
 *
 * Returns: (transfer full): @time in UTC as ISO 8601: "2026-11-02T09:30:00Z"
 */
char *
plr_view_format_iso_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
format_by_kind (const PlrFieldInfo *info,
                const char         *value,
                gboolean            compact)
{
  int year, month, day;

  switch (info->kind)
    {
    case PLR_FIELD_KIND_DATE:
      if (plr_field_parse_date (value, &year, &month, &day))
        return format_ymd (year, month, day, compact);
      return g_strdup (value);

    case PLR_FIELD_KIND_DATETIME:
      {
        char date_part[11];
        g_autofree char *date = NULL;

        if (strlen (value) < 10)
          return g_strdup (value);
        memcpy (date_part, value, 10);
        date_part[10] = '\0';
        if (!plr_field_parse_date (date_part, &year, &month, &day))
          return g_strdup (value);
        date = format_ymd (year, month, day, compact);
        /* "2019-08-22 10:01:17" or "2019-08-22T10:01:17Z": the time as written */
        if (strlen (value) >= 16 && g_ascii_isdigit (value[11]) && value[13] == ':')
          /* Translators: a date in words, then a time: "22 August 2019, 10:01" */
          return g_strdup_printf (_("%s, %.5s"), date, value + 11);
        return g_steal_pointer (&date);
      }

    case PLR_FIELD_KIND_FLAG:
      return g_strdup (g_str_equal (value, "Y") ? _("Yes") : _("No"));

    case PLR_FIELD_KIND_ULN:
      return plr_uln_format_for_reading (value);

    case PLR_FIELD_KIND_ULN_LIST:
      {
        g_auto(GStrv) ulns = g_strsplit (value, ",", -1);
        g_autoptr(GString) text = g_string_new (NULL);

        for (guint i = 0; ulns[i] != NULL; i++)
          {
            g_autofree char *uln = plr_uln_format_for_reading (ulns[i]);

            if (text->len > 0)
              g_string_append (text, ", ");
            g_string_append (text, uln);
          }
        return g_string_free (g_steal_pointer (&text), FALSE);
      }

    case PLR_FIELD_KIND_TEXT:
      /* Kept as written, shown isolated when it holds invisible or
       * direction-changing characters (docs/record-format.md). */
      return plr_text_display (value);

    case PLR_FIELD_KIND_INT:
    default:
      return g_strdup (value);
    }
}

static char *
format_event_value (PlrEventField  field,
                    const char    *value,
                    gboolean       compact)
{
  if (value == NULL)
    return NULL;

  if (field == PLR_EVENT_FIELD_GRADE && g_str_equal (value, PLR_GRADE_PLACEHOLDER))
    return g_strdup (_("No grade recorded"));

  return format_by_kind (plr_event_field_info (field), value, compact);
}

/**
 * plr_view_format_event_value:
 * @field: an event field
 * @value: (nullable): its canonical value
 *
 * Dates in words ("14 March 2006"), flags as Yes or No, the ILR's
 * placeholder grade as "No grade recorded", the rest as held.
 *
 * Returns: (transfer full) (nullable): the value as every output shows it
 */
char *
plr_view_format_event_value (PlrEventField  field,
                             const char    *value)
{
  g_return_val_if_fail ((guint) field < PLR_EVENT_N_FIELDS, NULL);

  return format_event_value (field, value, FALSE);
}

/**
 * plr_view_format_event_value_compact:
 * @field: an event field
 * @value: (nullable): its canonical value
 *
 * As plr_view_format_event_value(), with months shortened ("14 Mar 2006")
 * for the narrow columns of a printed table.
 *
 * Returns: (transfer full) (nullable): the value
 */
char *
plr_view_format_event_value_compact (PlrEventField  field,
                                     const char    *value)
{
  g_return_val_if_fail ((guint) field < PLR_EVENT_N_FIELDS, NULL);

  return format_event_value (field, value, TRUE);
}

/**
 * plr_view_format_learner_value:
 * @field: a learner field
 * @value: (nullable): its canonical value
 *
 * Dates in words, ULNs grouped for reading, coded values (gender, ability
 * to share) in words, the rest as held.
 *
 * Returns: (transfer full) (nullable): the value as every output shows it
 */
char *
plr_view_format_learner_value (PlrLearnerField  field,
                               const char      *value)
{
  g_return_val_if_fail ((guint) field < PLR_LEARNER_N_FIELDS, NULL);

  if (value == NULL)
    return NULL;

  if (field == PLR_LEARNER_FIELD_GENDER)
    {
      if (g_str_equal (value, "0"))
        return g_strdup (_("Not known"));
      if (g_str_equal (value, "1"))
        return g_strdup (_("Male"));
      if (g_str_equal (value, "2"))
        return g_strdup (_("Female"));
      if (g_str_equal (value, "9"))
        return g_strdup (_("Not specified"));
    }
  else if (field == PLR_LEARNER_FIELD_ABILITY_TO_SHARE)
    {
      if (g_str_equal (value, "-1"))
        return g_strdup (_("Not provided"));
      if (g_str_equal (value, "0"))
        return g_strdup (_("Privacy notice not seen"));
      if (g_str_equal (value, "1"))
        return g_strdup (_("Privacy notice seen; may be shared"));
      if (g_str_equal (value, "2"))
        return g_strdup (_("Privacy notice seen; not to be shared"));
      /* Translators: %s is a number the Learning Records Service sent */
      return g_strdup_printf (_("%s (a value Learning Record does not know)"), value);
    }

  return format_by_kind (plr_learner_field_info (field), value, FALSE);
}
