/* plr-preferences-window.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "plr-client.h"
#include "plr-preferences-window.h"

/* The service address, checked as it is typed (plr_client_check_url) and
 * saved when applied; the application then makes a new client for it. */
struct _PlrPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *url_row;
  GtkLabel             *url_message;
  GtkSwitch            *refresh_switch;

  /* Owned */
  PlrApplication       *application;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (PlrPreferencesWindow, plr_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_APPLICATION_OBJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_message (PlrPreferencesWindow *self,
              const char           *message,
              gboolean              is_error)
{
  gtk_label_set_text (self->url_message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_message), message != NULL);

  if (is_error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->url_message), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_message), "error");
    }
}

/* Returns the address to save ("" for none), or NULL if it is refused. */
static char *
check_address (PlrPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autoptr(GError) error = NULL;

  if (url[0] == '\0')
    {
      show_message (self, _("No service: you can still open record files."), FALSE);
      return g_steal_pointer (&url);
    }

  if (!plr_client_check_url (url, &error))
    {
      show_message (self, error->message, TRUE);
      return NULL;
    }

  show_message (self, NULL, FALSE);
  return g_steal_pointer (&url);
}

static void
on_url_row_changed_cb (GtkEditable          *editable,
                       PlrPreferencesWindow *self)
{
  g_autofree char *url = check_address (self);
}

static void
on_url_row_apply_cb (AdwEntryRow          *row,
                     PlrPreferencesWindow *self)
{
  g_autofree char *url = check_address (self);

  if (url == NULL)
    return;

  g_settings_set_string (self->settings, "service-url", url);
  if (url[0] != '\0')
    show_message (self, _("Saved. Sign in from the welcome page or the main menu."), FALSE);
}

static void
plr_preferences_window_constructed (GObject *object)
{
  PlrPreferencesWindow *self = PLR_PREFERENCES_WINDOW (object);
  g_autofree char *url = NULL;

  G_OBJECT_CLASS (plr_preferences_window_parent_class)->constructed (object);

  url = g_settings_get_string (self->settings, "service-url");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  show_message (self, NULL, FALSE);

  if (self->application != NULL && plr_application_get_service_url_locked (self->application))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), FALSE);
      show_message (self,
                    plr_application_get_demo (self->application)
                      ? _("The sample learner uses a service built into the app.")
                      : _("Set for this session by LEARNING_RECORD_SERVICE_URL."),
                    FALSE);
    }
  else if (self->application != NULL && plr_application_get_client_error (self->application))
    {
      show_message (self, plr_application_get_client_error (self->application), TRUE);
    }
}

static void
plr_preferences_window_dispose (GObject *object)
{
  PlrPreferencesWindow *self = (PlrPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->application);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (plr_preferences_window_parent_class)->dispose (object);
}

static void
plr_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  PlrPreferencesWindow *self = PLR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      g_value_set_object (value, self->application);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  PlrPreferencesWindow *self = PLR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      self->application = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_preferences_window_class_init (PlrPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = plr_preferences_window_constructed;
  object_class->dispose = plr_preferences_window_dispose;
  object_class->get_property = plr_preferences_window_get_property;
  object_class->set_property = plr_preferences_window_set_property;

  properties[PROP_APPLICATION_OBJECT] =
    g_param_spec_object ("application-object", NULL, NULL, PLR_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, PlrPreferencesWindow, url_message);
  gtk_widget_class_bind_template_child (widget_class, PlrPreferencesWindow, refresh_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_url_row_apply_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
plr_preferences_window_init (PlrPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "refresh-on-start", self->refresh_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

/**
 * plr_preferences_window_new:
 * @application: the application, whose client follows the address
 *
 * Returns: (transfer floating): a new preferences window
 */
PlrPreferencesWindow *
plr_preferences_window_new (PlrApplication *application)
{
  return g_object_new (PLR_TYPE_PREFERENCES_WINDOW,
                       "application-object", application,
                       NULL);
}
