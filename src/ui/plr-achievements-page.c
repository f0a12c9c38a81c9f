/* plr-achievements-page.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-achievements-page"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "plr-achievements-page.h"
#include "plr-date.h"
#include "plr-event-details.h"
#include "plr-event-list.h"
#include "plr-field.h"
#include "plr-grade.h"
#include "plr-text.h"

/* The learner's achievements as readable two-line rows grouped by year (or
 * as a dense sortable table, the learner's choice, kept in GSettings), with
 * search as you type
 * (the store's full-text index), filters, the "changed since the last
 * fetch" toggle, and the details of the chosen event beside the table (or
 * over it, in a narrow window).
 *
 * The table shows a #PlrEventList, which filters on a worker thread, sorted
 * by the column view's own sorter in a #GtkSortListModel. The sort is not
 * incremental: an incremental sort shows the rows unsorted first and, in
 * GTK 4.8, rebinds the visible rows at each of its steps, so 100,000 events
 * took six seconds to settle, and the view followed its top row as the
 * steps moved it, opening a record at its oldest entry. Sorted at once by
 * award date they take about 75 ms, a thousand well under one. */
/* What the readable rows are grouped by, which follows the sort. */
typedef enum
{
  GROUP_BY_NONE,
  GROUP_BY_YEAR,
  GROUP_BY_LEVEL,
} GroupBy;

struct _PlrAchievementsPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  AdwFlap             *flap;
  GtkSearchEntry      *search_entry;
  GtkToggleButton     *changed_button;
  GtkMenuButton       *filter_button;
  GtkLabel            *count_label;
  GtkSpinner          *busy_spinner;
  GtkWidget           *clear_button;
  GtkStack            *list_stack;
  GtkToggleButton     *dense_button;
  GtkLabel            *summary_label;
  GtkListView         *rows_view;
  GtkColumnView       *events_view;
  GtkColumnViewColumn *date_column;
  GtkColumnViewColumn *subject_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *level_column;
  GtkColumnViewColumn *grade_column;
  GtkColumnViewColumn *organisation_column;
  GtkColumnViewColumn *provider_column;
  GtkColumnViewColumn *source_column;
  PlrEventDetails     *details;
  AdwComboRow         *sort_row;
  AdwComboRow         *level_row;
  AdwComboRow         *type_row;
  AdwComboRow         *organisation_row;
  AdwComboRow         *year_from_row;
  AdwComboRow         *year_to_row;

  /* Owned */
  PlrEventFilter      *filter;
  PlrEventList        *list;
  GtkSortListModel    *sorted;
  GtkSingleSelection  *selection;
  GSettings           *settings;
  GroupBy              group_by;
  gboolean             updating_choices;
};

G_DEFINE_FINAL_TYPE (PlrAchievementsPage, plr_achievements_page, GTK_TYPE_WIDGET)

enum {
  QUERY_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_count (PlrAchievementsPage *self);

/* What a cell shows. */
typedef enum
{
  CELL_DATE,
  CELL_SUBJECT,
  CELL_GRADE,
  CELL_TEXT,
} CellKind;

/* ------------------------------------------------------------------------ */
/* Cells                                                                    */

static char *
format_award_date (const char *value)
{
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;

  if (value == NULL)
    return g_strdup ("—");
  if (!plr_field_parse_date (value, &year, &month, &day))
    return g_strdup (value);

  date = g_date_time_new_utc (year, month, day, 0, 0, 0);
  /* Translators: the date an achievement was awarded, see strftime(3) */
  return g_date_time_format (date, _("%-d %b %Y"));
}

static char *
format_cell (PlrLearningEvent *event,
             PlrEventField     field)
{
  const char *value = plr_learning_event_get_value (event, field);

  switch ((int) field)
    {
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE:
      return format_award_date (value);
    case PLR_EVENT_FIELD_GRADE:
      if (plr_grade_get_scale (value) == PLR_GRADE_SCALE_NONE)
        return g_strdup (_("None recorded"));
      return g_strdup (value);
    default:
      /* Isolated when it holds direction-changing characters. */
      return value ? plr_text_display (value) : g_strdup ("—");
    }
}

/* A subject cut short by the column's width shows in full as a tooltip.
 * The tooltip is worked out when asked for: setting one on every bound row
 * made GTK 4.8 query the pointer from the X server for each row, a
 * blocking round trip that cost an eighth of the start-up time. The cell
 * does not lay its text out to measure itself, so measure it here. */
static gboolean
on_subject_query_tooltip_cb (GtkWidget  *cell,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip,
                             gpointer    user_data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (cell));
  g_autoptr(PangoLayout) layout = NULL;
  int width;

  if (text == NULL)
    return FALSE;

  layout = gtk_widget_create_pango_layout (cell, text);
  pango_layout_get_pixel_size (layout, &width, NULL);
  if (width <= gtk_widget_get_width (cell))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* How many characters wide a column without a fixed width is. */
static int
cell_width_chars (PlrEventField field)
{
  switch ((int) field)
    {
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE:
      return 11;
    case PLR_EVENT_FIELD_LEVEL:
    case PLR_EVENT_FIELD_GRADE:
      return 9;
    default:
      return 12;
    }
}

/* GtkInscription, not GtkLabel: GTK 4.8 binds 200 rows of eight cells
 * before the first frame, and an inscription takes its size from a number
 * of characters instead of laying out and measuring its text. */
static GtkWidget *
cell_text_new (PlrEventField field)
{
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), cell_width_chars (field));

  if (field == PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE)
    gtk_widget_add_css_class (label, "date");
  else if (field == PLR_EVENT_FIELD_GRADE)
    gtk_widget_add_css_class (label, "grade");

  if (field == PLR_EVENT_FIELD_SUBJECT)
    {
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_subject_query_tooltip_cb), NULL);
    }

  return label;
}

/* The subject with its "New" or "Changed" badge beside it. Only a row
 * whose event the last fetch changed has one: every other row's subject
 * is its inscription alone, as the other cells are, so a row is the
 * fewest widgets GTK 4.8's column view allows (the row, a cell per column
 * and what each cell shows: 17, not 19 with a box and a hidden badge). */
static GtkWidget *
subject_with_badge_new (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_widget_add_css_class (badge, "plr-badge");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), cell_text_new (PLR_EVENT_FIELD_SUBJECT));
  gtk_box_append (GTK_BOX (box), badge);

  return box;
}

static void
on_cell_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  PlrEventField field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "field"));

  gtk_list_item_set_child (item, cell_text_new (field));
}

static void
on_cell_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 PlrAchievementsPage      *self)
{
  PlrEventField field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "field"));
  PlrLearningEvent *event = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = format_cell (event, field);
  GtkWidget *label = child;

  if (field == PLR_EVENT_FIELD_SUBJECT)
    {
      PlrRecordChanges *changes = plr_event_list_get_changes (self->list);
      gboolean added = FALSE;
      gboolean changed;

      changed = changes != NULL &&
                !plr_record_diff_is_first (plr_record_changes_get_diff (changes)) &&
                plr_record_changes_lookup (changes, event, &added, NULL, NULL);

      /* The badge's box comes and goes with the badge. */
      if (changed != GTK_IS_BOX (child))
        {
          child = changed ? subject_with_badge_new () : cell_text_new (field);
          gtk_list_item_set_child (item, child);
        }

      if (changed)
        {
          label = gtk_widget_get_first_child (child);
          gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (label)),
                              added ? _("New") : _("Changed"));
        }
      else
        {
          label = child;
        }
    }

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  /* GTK 4.8 does not name an inscription after its text itself. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}


/* ------------------------------------------------------------------------ */
/* Readable rows                                                            */

/* The default view: one two-line row per achievement, as GNOME's list rows
 * read, the subject in full on up to two lines, then type · level ·
 * awarding body · date, the grade at the end. A row is six widgets under
 * GTK's own row, against seventeen for a row of the table. GTK 4.8's list
 * view has no section headers, so a row carries its group's heading (the
 * year, or the level) and shows it only when it is the first of its group:
 * the model stays one row per event, which keeps 100,000 events as fast
 * as the table and the keyboard moving from event to event. */

static char *
format_long_award_date (const char *value)
{
  int year, month, day;

  if (value == NULL || !plr_field_parse_date (value, &year, &month, &day))
    return NULL;

  return plr_date_format_long_ymd (year, month, day);
}

/* The row's second line: type · level · awarding body · date, leaving out
 * what the record does not say. */
static char *
format_row_details (PlrLearningEvent *event)
{
  static const PlrEventField fields[] = {
    PLR_EVENT_FIELD_QUALIFICATION_TYPE,
    PLR_EVENT_FIELD_LEVEL,
    PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
  };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *date = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = plr_learning_event_get_value (event, fields[i]);
      g_autofree char *shown = NULL;

      if (value == NULL || *value == '\0')
        continue;

      shown = plr_text_display (value);
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, shown);
    }

  date = format_long_award_date (plr_learning_event_get_award_date (event));
  if (date != NULL)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append (text, date);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
dup_group_key (PlrAchievementsPage *self,
               PlrLearningEvent    *event)
{
  const char *value;

  switch (self->group_by)
    {
    case GROUP_BY_YEAR:
      value = plr_learning_event_get_award_date (event);
      if (value == NULL || strlen (value) < 4)
        return g_strdup ("");
      return g_strndup (value, 4);
    case GROUP_BY_LEVEL:
      value = plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL);
      return g_strdup (value ? value : "");
    case GROUP_BY_NONE:
    default:
      return NULL;
    }
}

static char *
format_group_heading (PlrAchievementsPage *self,
                      const char          *key)
{
  if (key == NULL)
    return NULL;
  if (*key == '\0')
    return g_strdup (self->group_by == GROUP_BY_YEAR ? _("No award date") : _("No level recorded"));

  return plr_text_display (key);
}

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *heading = gtk_label_new (NULL);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *grade = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "plr-achievement-row");

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "plr-group-heading");
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_set_visible (heading, FALSE);

  /* The subject in full: it wraps to a second line before it is cut. */
  gtk_label_set_xalign (GTK_LABEL (title), 0.0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (title), 2);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (title), 10);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 80);
  gtk_widget_add_css_class (title, "plr-row-title");

  gtk_label_set_xalign (GTK_LABEL (subtitle), 0.0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (subtitle), 10);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 80);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "plr-row-subtitle");

  gtk_widget_set_valign (grade, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (grade, "grade");

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (line), texts);
  gtk_box_append (GTK_BOX (line), grade);
  gtk_box_append (GTK_BOX (row), heading);
  gtk_box_append (GTK_BOX (row), line);

  gtk_list_item_set_child (item, row);
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                PlrAchievementsPage      *self)
{
  PlrLearningEvent *event = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  GtkWidget *heading = gtk_widget_get_first_child (row);
  GtkWidget *line = gtk_widget_get_next_sibling (heading);
  GtkWidget *texts = gtk_widget_get_first_child (line);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *grade = gtk_widget_get_next_sibling (texts);
  guint position = gtk_list_item_get_position (item);
  g_autofree char *subject = format_cell (event, PLR_EVENT_FIELD_SUBJECT);
  g_autofree char *details = format_row_details (event);
  g_autofree char *grade_text = format_cell (event, PLR_EVENT_FIELD_GRADE);
  g_autofree char *key = dup_group_key (self, event);
  g_autofree char *heading_text = NULL;
  g_autofree char *name = NULL;

  /* The first row of its group carries the group's heading. */
  if (key != NULL)
    {
      g_autoptr(PlrLearningEvent) previous = NULL;
      g_autofree char *previous_key = NULL;

      if (position > 0 && position != GTK_INVALID_LIST_POSITION)
        previous = g_list_model_get_item (G_LIST_MODEL (self->selection), position - 1);
      if (previous != NULL)
        previous_key = dup_group_key (self, previous);
      if (g_strcmp0 (key, previous_key) != 0)
        heading_text = format_group_heading (self, key);
    }

  gtk_label_set_text (GTK_LABEL (heading), heading_text);
  gtk_widget_set_visible (heading, heading_text != NULL);
  gtk_label_set_text (GTK_LABEL (title), subject);
  gtk_label_set_text (GTK_LABEL (subtitle), details);
  gtk_label_set_text (GTK_LABEL (grade), grade_text);

  /* A screen reader reads the whole row, the grade with its subject. */
  /* Translators: how a screen reader reads a row of achievements:
   * the subject, the grade, then type · level · awarding body · date */
  name = g_strdup_printf (_("%s, grade %s, %s"), subject, grade_text, details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
set_row_factory (PlrAchievementsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), self);
  gtk_list_view_set_factory (self->rows_view, factory);
}

/* Only the view on show has the model: a hidden view would bind rows too. */
static void
show_view (PlrAchievementsPage *self)
{
  gboolean dense = gtk_toggle_button_get_active (self->dense_button);

  if (dense)
    {
      gtk_list_view_set_model (self->rows_view, NULL);
      gtk_column_view_set_model (self->events_view, GTK_SELECTION_MODEL (self->selection));
    }
  else
    {
      gtk_column_view_set_model (self->events_view, NULL);
      gtk_list_view_set_model (self->rows_view, GTK_SELECTION_MODEL (self->selection));
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->dense_button),
                               dense ? _("Show as Rows") : _("Show as a Table"));
  update_count (self);
}

static GtkWidget *
get_shown_view (PlrAchievementsPage *self)
{
  if (gtk_toggle_button_get_active (self->dense_button))
    return GTK_WIDGET (self->events_view);

  return GTK_WIDGET (self->rows_view);
}

static void
on_dense_button_toggled_cb (PlrAchievementsPage *self,
                            GtkToggleButton     *button)
{
  gboolean had_focus = gtk_widget_has_focus (GTK_WIDGET (self->events_view)) ||
                       gtk_widget_has_focus (GTK_WIDGET (self->rows_view));

  show_view (self);
  if (had_focus)
    gtk_widget_grab_focus (get_shown_view (self));
}

/* "24 qualifications: 10 at Level 3, 5 at Level 2 … Latest: …, 2 August 2016" */
static void
update_summary (PlrAchievementsPage *self)
{
  PlrRecord *record = plr_event_list_get_record (self->list);
  g_autoptr(GHashTable) levels = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GList) keys = NULL;
  PlrLearningEvent *latest = NULL;
  guint n;

  n = record != NULL ? plr_record_get_n_events (record) : 0;
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), n > 0);
  if (n == 0)
    return;

  levels = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);
      const char *level = plr_learning_event_get_value (event, PLR_EVENT_FIELD_LEVEL);
      guint count;

      if (level != NULL && *level != '\0')
        {
          count = GPOINTER_TO_UINT (g_hash_table_lookup (levels, level));
          g_hash_table_insert (levels, (gpointer) level, GUINT_TO_POINTER (count + 1));
        }
      if (latest == NULL ||
          g_strcmp0 (plr_learning_event_get_award_date (event),
                     plr_learning_event_get_award_date (latest)) > 0)
        latest = event;
    }

  text = g_string_new (NULL);
  /* Translators: the summary above the achievements */
  g_string_append_printf (text, ngettext ("%u qualification", "%u qualifications", n), n);

  keys = g_list_sort (g_hash_table_get_keys (levels), (GCompareFunc) g_strcmp0);
  keys = g_list_reverse (keys);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (levels, l->data));
      g_autofree char *level = plr_text_display (l->data);

      g_string_append (text, l == keys ? ": " : ", ");
      /* Translators: "10 at Level 3", in the summary above the achievements */
      g_string_append_printf (text, ngettext ("%u at %s", "%u at %s", count), count, level);
    }

  if (latest != NULL && plr_learning_event_get_award_date (latest) != NULL)
    {
      g_autofree char *subject = format_cell (latest, PLR_EVENT_FIELD_SUBJECT);
      g_autofree char *date = format_long_award_date (plr_learning_event_get_award_date (latest));

      g_string_append (text, ". ");
      /* Translators: the newest achievement, in the summary: "Latest: Maths, 2 August 2016" */
      g_string_append_printf (text, _("Latest: %s, %s"), subject, date ? date : "");
    }

  gtk_label_set_text (self->summary_label, text->str);
}

/* ------------------------------------------------------------------------ */
/* Sorting                                                                  */

static char *
dup_sort_text (PlrLearningEvent *event,
               gpointer          user_data)
{
  PlrEventField field = GPOINTER_TO_INT (user_data);

  return g_strdup (plr_learning_event_get_value (event, field));
}

/* Award dates are validated yyyy-mm-dd text, which sorts as the dates do;
 * no date sorts first. Comparing the text directly sorts 100,000 events
 * several times faster than a sort key computed through a GtkExpression. */
static int
compare_award_dates (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  int order = g_strcmp0 (plr_learning_event_get_award_date ((PlrLearningEvent *) a),
                         plr_learning_event_get_award_date ((PlrLearningEvent *) b));

  return order < 0 ? GTK_ORDERING_SMALLER : order > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static int
grade_sort_key (PlrLearningEvent *event,
                gpointer          user_data)
{
  return plr_grade_rank (plr_learning_event_get_grade (event));
}

static void
set_cell_factory (PlrAchievementsPage *self,
                  GtkColumnViewColumn *column,
                  PlrEventField        field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "field", GINT_TO_POINTER (field));
  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind_cb), self);
  gtk_column_view_column_set_factory (column, factory);
}

static void
setup_column (PlrAchievementsPage *self,
              GtkColumnViewColumn *column,
              PlrEventField        field)
{
  g_autoptr(GtkSorter) sorter = NULL;
  GtkExpression *expression;

  set_cell_factory (self, column, field);

  switch ((int) field)
    {
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE:
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_award_dates, NULL, NULL));
      break;
    case PLR_EVENT_FIELD_GRADE:
      expression = gtk_cclosure_expression_new (G_TYPE_INT, NULL, 0, NULL,
                                                G_CALLBACK (grade_sort_key), NULL, NULL);
      sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
      break;
    default:
      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                G_CALLBACK (dup_sort_text),
                                                GINT_TO_POINTER (field), NULL);
      sorter = GTK_SORTER (gtk_string_sorter_new (expression));
      break;
    }

  gtk_column_view_column_set_sorter (column, sorter);
}

static void
on_sort_row_selected_cb (PlrAchievementsPage *self,
                         GParamSpec          *pspec,
                         AdwComboRow         *row)
{
  guint selected = adw_combo_row_get_selected (row);

  /* The rows are grouped by year when sorted by date, by level when by
   * level. The sort rebinds every row, so the headings follow. */
  self->group_by = selected <= 1 ? GROUP_BY_YEAR : selected == 4 ? GROUP_BY_LEVEL : GROUP_BY_NONE;

  switch (selected)
    {
    case 0:
      gtk_column_view_sort_by_column (self->events_view, self->date_column, GTK_SORT_DESCENDING);
      break;
    case 1:
      gtk_column_view_sort_by_column (self->events_view, self->date_column, GTK_SORT_ASCENDING);
      break;
    case 2:
      gtk_column_view_sort_by_column (self->events_view, self->subject_column,
                                      GTK_SORT_ASCENDING);
      break;
    case 3:
      gtk_column_view_sort_by_column (self->events_view, self->grade_column, GTK_SORT_DESCENDING);
      break;
    case 4:
      gtk_column_view_sort_by_column (self->events_view, self->level_column, GTK_SORT_ASCENDING);
      break;
    case 5:
      gtk_column_view_sort_by_column (self->events_view, self->organisation_column,
                                      GTK_SORT_ASCENDING);
      break;
    default:
      break;
    }
}

/* ------------------------------------------------------------------------ */
/* Filters                                                                  */

/* A combo row offers "Any …" and then the values; index 0 means any. */
static void
fill_choice_row (AdwComboRow        *row,
                 const char         *any,
                 const char * const *values,
                 const char         *selected)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint position = 0;

  gtk_string_list_append (model, any);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      gtk_string_list_append (model, values[i]);
      if (g_strcmp0 (values[i], selected) == 0)
        position = i + 1;
    }

  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, position);
}

static const char *
get_choice (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  if (item == NULL || adw_combo_row_get_selected (row) == 0)
    return NULL;

  return gtk_string_object_get_string (item);
}

static void
fill_year_rows (PlrAchievementsPage *self)
{
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int first, last;

  if (plr_event_list_get_year_range (self->list, &first, &last))
    for (int year = first; year <= last; year++)
      g_ptr_array_add (years, g_strdup_printf ("%d", year));
  g_ptr_array_add (years, NULL);

  if (plr_event_filter_get_year_from (self->filter) != 0)
    from = g_strdup_printf ("%d", plr_event_filter_get_year_from (self->filter));
  if (plr_event_filter_get_year_to (self->filter) != 0)
    to = g_strdup_printf ("%d", plr_event_filter_get_year_to (self->filter));

  fill_choice_row (self->year_from_row, _("Any year"), (const char * const *) years->pdata, from);
  fill_choice_row (self->year_to_row, _("Any year"), (const char * const *) years->pdata, to);
}

static void
on_choices_changed_cb (PlrEventList        *list,
                       PlrAchievementsPage *self)
{
  self->updating_choices = TRUE;
  fill_choice_row (self->level_row, _("Any level"),
                   plr_event_list_get_choices (list, PLR_EVENT_FIELD_LEVEL),
                   plr_event_filter_get_level (self->filter));
  fill_choice_row (self->type_row, _("Any type"),
                   plr_event_list_get_choices (list, PLR_EVENT_FIELD_QUALIFICATION_TYPE),
                   plr_event_filter_get_qualification_type (self->filter));
  fill_choice_row (self->organisation_row, _("Any organisation"),
                   plr_event_list_get_choices (list, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME),
                   plr_event_filter_get_awarding_organisation (self->filter));
  fill_year_rows (self);
  self->updating_choices = FALSE;
}

static void
on_choice_row_selected_cb (PlrAchievementsPage *self,
                           GParamSpec          *pspec,
                           AdwComboRow         *row)
{
  const char *year_from, *year_to;

  if (self->updating_choices)
    return;

  year_from = get_choice (self->year_from_row);
  year_to = get_choice (self->year_to_row);

  g_object_freeze_notify (G_OBJECT (self->filter));
  plr_event_filter_set_level (self->filter, get_choice (self->level_row));
  plr_event_filter_set_qualification_type (self->filter, get_choice (self->type_row));
  plr_event_filter_set_awarding_organisation (self->filter, get_choice (self->organisation_row));
  plr_event_filter_set_year_from (self->filter, year_from ? atoi (year_from) : 0);
  plr_event_filter_set_year_to (self->filter, year_to ? atoi (year_to) : 0);
  g_object_thaw_notify (G_OBJECT (self->filter));
}

static void
on_search_entry_search_changed_cb (GtkSearchEntry      *entry,
                                   PlrAchievementsPage *self)
{
  plr_event_filter_set_text (self->filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_entry_stop_search_cb (GtkSearchEntry      *entry,
                                PlrAchievementsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Moves the keyboard focus to the first row. GTK 4.8 has no API to put the
 * list's cursor on a position, so focus the first row widget: the rows are
 * the list's children in the order shown, and the list is scrolled to the
 * top first. */
static void
focus_first_row (PlrAchievementsPage *self)
{
  GtkWidget *view = get_shown_view (self);

  gtk_widget_activate_action (view, "list.scroll-to-item", "u", 0);

  /* The rows are the readable list's own children, or those of the list
   * view inside the table. */
  for (GtkWidget *child = GTK_IS_LIST_VIEW (view) ? view : gtk_widget_get_first_child (view);
       child != NULL;
       child = child == view ? NULL : gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_LIST_VIEW (child))
        continue;

      for (GtkWidget *row = gtk_widget_get_first_child (child);
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          if (g_strcmp0 (gtk_widget_get_css_name (row), "row") == 0 &&
              gtk_widget_get_visible (row) && gtk_widget_grab_focus (row))
            return;
        }
    }

  gtk_widget_grab_focus (view);
}

/* Enter in the search moves to the results. */
static void
on_search_entry_activate_cb (GtkSearchEntry      *entry,
                             PlrAchievementsPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  focus_first_row (self);
}

static void
on_changed_button_toggled_cb (GtkToggleButton     *button,
                              PlrAchievementsPage *self)
{
  plr_event_filter_set_changed_only (self->filter, gtk_toggle_button_get_active (button));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlrAchievementsPage *self = PLR_ACHIEVEMENTS_PAGE (widget);

  self->updating_choices = TRUE;
  adw_combo_row_set_selected (self->level_row, 0);
  adw_combo_row_set_selected (self->type_row, 0);
  adw_combo_row_set_selected (self->organisation_row, 0);
  adw_combo_row_set_selected (self->year_from_row, 0);
  adw_combo_row_set_selected (self->year_to_row, 0);
  self->updating_choices = FALSE;

  plr_event_filter_clear_criteria (self->filter);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->changed_button, FALSE);
}

/* ------------------------------------------------------------------------ */
/* State                                                                    */

static void
update_count (PlrAchievementsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint total = plr_event_list_get_n_total (self->list);
  gboolean busy = plr_event_list_get_busy (self->list);
  gboolean filtered = !plr_event_filter_is_empty (self->filter);
  g_autofree char *text = NULL;

  if (plr_event_list_get_record (self->list) == NULL)
    text = g_strdup ("");
  else if (!filtered)
    text = g_strdup_printf (ngettext ("%u achievement", "%u achievements", total), total);
  else if (plr_event_filter_get_changed_only (self->filter))
    /* Translators: "3 of 57 achievements changed since the last fetch" */
    text = g_strdup_printf (ngettext ("%u of %u achievement changed since the last fetch",
                                      "%u of %u achievements changed since the last fetch",
                                      total), n, total);
  else
    /* Translators: "42 of 57 achievements" */
    text = g_strdup_printf (ngettext ("%u of %u achievement", "%u of %u achievements", total),
                            n, total);

  gtk_label_set_text (self->count_label, text);

  gtk_widget_set_visible (GTK_WIDGET (self->busy_spinner), busy);
  gtk_spinner_set_spinning (self->busy_spinner, busy);
  gtk_widget_set_visible (self->clear_button, filtered);

  if (plr_event_filter_has_criteria (self->filter))
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");

  if (plr_event_list_get_record (self->list) != NULL && total == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "none");
  else if (n == 0 && !busy && filtered)
    gtk_stack_set_visible_child_name (self->list_stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->list_stack,
                                      gtk_toggle_button_get_active (self->dense_button) ? "list" : "rows");
}

static void
on_list_notify_cb (PlrEventList        *list,
                   GParamSpec          *pspec,
                   PlrAchievementsPage *self)
{
  update_count (self);
}

static void
on_filter_notify_cb (PlrEventFilter      *filter,
                     GParamSpec          *pspec,
                     PlrAchievementsPage *self)
{
  update_count (self);
}

static void
on_list_query_failed_cb (PlrEventList        *list,
                         const GError        *error,
                         PlrAchievementsPage *self)
{
  g_signal_emit (self, signals[QUERY_FAILED], 0, error);
}

static void
show_event (PlrAchievementsPage *self,
            PlrLearningEvent    *event)
{
  plr_event_details_set_event (self->details, event, plr_event_list_get_changes (self->list));
}

static void
on_selection_changed_cb (GtkSingleSelection  *selection,
                         GParamSpec          *pspec,
                         PlrAchievementsPage *self)
{
  PlrLearningEvent *event = gtk_single_selection_get_selected_item (selection);

  /* Keep the last event on show when a new filter drops it. */
  if (event == NULL)
    return;

  show_event (self, event);

  /* Side by side, the details follow the selection; in a narrow window
   * they cover the list, so they open only when asked (Enter). */
  if (!adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_events_view_activate_cb (GtkColumnView       *view,
                            guint                position,
                            PlrAchievementsPage *self)
{
  g_autoptr(PlrLearningEvent) event = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                             position);

  if (event == NULL)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  show_event (self, event);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  if (adw_flap_get_folded (self->flap))
    gtk_widget_child_focus (GTK_WIDGET (self->details), GTK_DIR_TAB_FORWARD);
}

static void
on_rows_view_activate_cb (GtkListView         *view,
                          guint                position,
                          PlrAchievementsPage *self)
{
  on_events_view_activate_cb (NULL, position, self);
}

/* A click opens the details even where they cover the table; arrow keys
 * only move the selection, and Enter opens. */
static void
on_events_view_released_cb (GtkGestureClick     *gesture,
                            int                  n_press,
                            double               x,
                            double               y,
                            PlrAchievementsPage *self)
{
  PlrLearningEvent *event = gtk_single_selection_get_selected_item (self->selection);

  if (n_press != 1 || event == NULL)
    return;

  show_event (self, event);
  adw_flap_set_reveal_flap (self->flap, TRUE);
}

static void
on_flap_reveal_flap_cb (PlrAchievementsPage *self,
                        GParamSpec          *pspec,
                        AdwFlap             *flap)
{
  /* Back to where the learner was in the table. */
  if (!adw_flap_get_reveal_flap (flap) && adw_flap_get_folded (flap))
    gtk_widget_grab_focus (get_shown_view (self));
}

static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  PlrAchievementsPage *self = PLR_ACHIEVEMENTS_PAGE (widget);

  adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_widget_grab_focus (get_shown_view (self));
}

/* ------------------------------------------------------------------------ */

static void
plr_achievements_page_dispose (GObject *object)
{
  PlrAchievementsPage *self = (PlrAchievementsPage *)object;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_ACHIEVEMENTS_PAGE);

  g_clear_object (&self->settings);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  /* Disposing the list cancels its queries. */
  if (self->list != NULL)
    g_object_run_dispose (G_OBJECT (self->list));
  g_clear_object (&self->list);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (plr_achievements_page_parent_class)->dispose (object);
}

static void
plr_achievements_page_class_init (PlrAchievementsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_achievements_page_dispose;

  /**
   * PlrAchievementsPage::query-failed:
   * @error: why the search could not be answered
   */
  signals[QUERY_FAILED] =
    g_signal_new ("query-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-achievements-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "plr-achievements-page");

  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, flap);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, changed_button);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, dense_button);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, rows_view);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, events_view);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, date_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, subject_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, type_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, level_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, grade_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, organisation_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, provider_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, source_column);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, details);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, sort_row);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, level_row);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, organisation_row);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, year_from_row);
  gtk_widget_class_bind_template_child (widget_class, PlrAchievementsPage, year_to_row);

  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_changed_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_events_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_rows_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_dense_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_flap_reveal_flap_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "achievements.clear-filters", NULL,
                                   clear_filters_action);
  gtk_widget_class_install_action (widget_class, "achievements.close-details", NULL,
                                   close_details_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "achievements.close-details", NULL);

  g_type_ensure (PLR_TYPE_EVENT_DETAILS);
}

static void
plr_achievements_page_init (PlrAchievementsPage *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = plr_event_filter_new ();
  self->list = plr_event_list_new (self->filter);
  g_signal_connect (self->list, "notify::n-items", G_CALLBACK (on_list_notify_cb), self);
  g_signal_connect (self->list, "notify::n-total", G_CALLBACK (on_list_notify_cb), self);
  g_signal_connect (self->list, "notify::busy", G_CALLBACK (on_list_notify_cb), self);
  g_signal_connect (self->list, "choices-changed", G_CALLBACK (on_choices_changed_cb), self);
  g_signal_connect (self->list, "query-failed", G_CALLBACK (on_list_query_failed_cb), self);
  g_signal_connect (self->filter, "notify", G_CALLBACK (on_filter_notify_cb), self);

  setup_column (self, self->date_column, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE);
  setup_column (self, self->subject_column, PLR_EVENT_FIELD_SUBJECT);
  setup_column (self, self->type_column, PLR_EVENT_FIELD_QUALIFICATION_TYPE);
  setup_column (self, self->level_column, PLR_EVENT_FIELD_LEVEL);
  setup_column (self, self->grade_column, PLR_EVENT_FIELD_GRADE);
  setup_column (self, self->organisation_column, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME);
  setup_column (self, self->provider_column, PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME);
  setup_column (self, self->source_column, PLR_EVENT_FIELD_SOURCE);

  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->list)),
                                          g_object_ref (gtk_column_view_get_sorter (self->events_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->selection, "notify::selected-item",
                    G_CALLBACK (on_selection_changed_cb), self);
  set_row_factory (self);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_BUBBLE);
  g_signal_connect (gesture, "released", G_CALLBACK (on_events_view_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->events_view), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_BUBBLE);
  g_signal_connect (gesture, "released", G_CALLBACK (on_events_view_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->rows_view), GTK_EVENT_CONTROLLER (gesture));

  /* The choice of the dense table is remembered, where the schema is
   * installed (a page built by a test may run without it). */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
      schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
    if (schema != NULL && g_settings_schema_has_key (schema, "achievements-dense"))
      {
        self->settings = g_settings_new (APP_ID);
        g_settings_bind (self->settings, "achievements-dense", self->dense_button, "active",
                         G_SETTINGS_BIND_DEFAULT);
      }
  }
  self->group_by = GROUP_BY_YEAR;
  show_view (self);

  /* Newest first, as the sort row says. */
  gtk_column_view_sort_by_column (self->events_view, self->date_column, GTK_SORT_DESCENDING);

  on_choices_changed_cb (self->list, self);
  update_count (self);
}

/**
 * plr_achievements_page_set_record:
 * @self: a #PlrAchievementsPage
 * @store: (nullable): the cache @record is the current snapshot of
 * @record: (nullable): the record to show
 */
void
plr_achievements_page_set_record (PlrAchievementsPage *self,
                                  PlrStore            *store,
                                  PlrRecord           *record)
{
  g_return_if_fail (PLR_IS_ACHIEVEMENTS_PAGE (self));

  plr_event_list_set_record (self->list, store, record);
  update_summary (self);
  plr_achievements_page_set_changes (self, NULL);
  plr_event_details_set_event (self->details, NULL, NULL);
  adw_flap_set_reveal_flap (self->flap, FALSE);
  update_count (self);
}

/**
 * plr_achievements_page_set_changes:
 * @self: a #PlrAchievementsPage
 * @changes: (nullable): what changed since the previous fetch
 */
void
plr_achievements_page_set_changes (PlrAchievementsPage *self,
                                   PlrRecordChanges    *changes)
{
  PlrRecordDiff *diff;
  gboolean any;
  PlrLearningEvent *event;

  g_return_if_fail (PLR_IS_ACHIEVEMENTS_PAGE (self));

  plr_event_list_set_changes (self->list, changes);

  diff = changes ? plr_record_changes_get_diff (changes) : NULL;
  any = diff != NULL &&
        plr_record_diff_get_n_added (diff) + plr_record_diff_get_n_changed (diff) > 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->changed_button),
                            any || gtk_toggle_button_get_active (self->changed_button));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->changed_button),
                               any ? _("Show only achievements added or changed since the last fetch")
                                   : _("Nothing was added or changed in the last fetch"));

  /* The badges and the details depend on the changes. */
  event = gtk_single_selection_get_selected_item (self->selection);
  if (event != NULL)
    show_event (self, event);

  /* A new factory rebuilds the subject cells, so their badges are right. */
  set_cell_factory (self, self->subject_column, PLR_EVENT_FIELD_SUBJECT);
}

/**
 * plr_achievements_page_focus_search:
 * @self: a #PlrAchievementsPage
 */
void
plr_achievements_page_focus_search (PlrAchievementsPage *self)
{
  g_return_if_fail (PLR_IS_ACHIEVEMENTS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * plr_achievements_page_show_changes:
 * @self: a #PlrAchievementsPage
 *
 * Shows only what was added or changed since the previous fetch.
 */
void
plr_achievements_page_show_changes (PlrAchievementsPage *self)
{
  g_return_if_fail (PLR_IS_ACHIEVEMENTS_PAGE (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->changed_button), TRUE);
  gtk_toggle_button_set_active (self->changed_button, TRUE);
}
