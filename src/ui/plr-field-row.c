/* plr-field-row.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-field-row"

#include "config.h"

#include "plr-field-row.h"

/* One field of the record, read-only: a small label saying what it is, the
 * value, and an optional explanation in plain words. Used by the event
 * details and the personal details. */
struct _PlrFieldRow
{
  AdwPreferencesRow  parent_instance;

  GtkImage      *icon;
  GtkLabel      *title_label;
  GtkLabel      *value_label;
  GtkLabel      *explanation_label;
};

G_DEFINE_FINAL_TYPE (PlrFieldRow, plr_field_row, ADW_TYPE_PREFERENCES_ROW)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_EXPLANATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plr_field_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PLR_TYPE_FIELD_ROW);

  G_OBJECT_CLASS (plr_field_row_parent_class)->dispose (object);
}

static void
plr_field_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlrFieldRow *self = PLR_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, plr_field_row_get_value (self));
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, plr_field_row_get_explanation (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_field_row_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  PlrFieldRow *self = PLR_FIELD_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      plr_field_row_set_value (self, g_value_get_string (value));
      break;
    case PROP_EXPLANATION:
      plr_field_row_set_explanation (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_field_row_class_init (PlrFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = plr_field_row_dispose;
  object_class->get_property = plr_field_row_get_property;
  object_class->set_property = plr_field_row_set_property;

  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, NULL, flags);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-field-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrFieldRow, icon);
  gtk_widget_class_bind_template_child (widget_class, PlrFieldRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, PlrFieldRow, value_label);
  gtk_widget_class_bind_template_child (widget_class, PlrFieldRow, explanation_label);
}

/* The title is AdwPreferencesRow's, so the row is found by its name. */
static void
on_title_notify_cb (PlrFieldRow *self,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));

  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
plr_field_row_init (PlrFieldRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_notify_cb), NULL);
}

/**
 * plr_field_row_new:
 * @title: what the field is, such as "Grade"
 * @value: (nullable): the value as the learner should read it
 * @explanation: (nullable): what the value means, in plain words
 *
 * Returns: (transfer floating): a new row
 */
GtkWidget *
plr_field_row_new (const char *title,
                   const char *value,
                   const char *explanation)
{
  return g_object_new (PLR_TYPE_FIELD_ROW,
                       "title", title,
                       "value", value,
                       "explanation", explanation,
                       NULL);
}

const char *
plr_field_row_get_value (PlrFieldRow *self)
{
  g_return_val_if_fail (PLR_IS_FIELD_ROW (self), NULL);
  return gtk_label_get_text (self->value_label);
}

/* A missing value reads as a dash, never as an empty line. */
void
plr_field_row_set_value (PlrFieldRow *self,
                         const char  *value)
{
  g_return_if_fail (PLR_IS_FIELD_ROW (self));

  if (value == NULL || value[0] == '\0')
    value = "—";
  if (g_strcmp0 (value, gtk_label_get_text (self->value_label)) == 0)
    return;

  gtk_label_set_text (self->value_label, value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

const char *
plr_field_row_get_explanation (PlrFieldRow *self)
{
  g_return_val_if_fail (PLR_IS_FIELD_ROW (self), NULL);
  return gtk_label_get_text (self->explanation_label);
}

void
plr_field_row_set_explanation (PlrFieldRow *self,
                               const char  *explanation)
{
  g_return_if_fail (PLR_IS_FIELD_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->explanation_label),
                          explanation != NULL && explanation[0] != '\0');
  if (g_strcmp0 (explanation, gtk_label_get_text (self->explanation_label)) == 0)
    return;

  gtk_label_set_text (self->explanation_label, explanation ? explanation : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPLANATION]);
}

/**
 * plr_field_row_set_icon_name:
 * @self: a #PlrFieldRow
 * @icon_name: (nullable): an icon before the text, such as a warning sign
 */
void
plr_field_row_set_icon_name (PlrFieldRow *self,
                             const char  *icon_name)
{
  g_return_if_fail (PLR_IS_FIELD_ROW (self));

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon_name != NULL);
}

/**
 * plr_field_row_add_suffix:
 * @self: a #PlrFieldRow
 * @widget: a widget after the text, such as a button
 */
void
plr_field_row_add_suffix (PlrFieldRow *self,
                          GtkWidget   *widget)
{
  g_return_if_fail (PLR_IS_FIELD_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self))), widget);
}
