/* plr-welcome-page.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "plr-welcome-page.h"

/* Shown while there is no record: the ways in. Signing in needs the
 * address of the learner's service, set in Preferences; without one the
 * row opens Preferences. */
struct _PlrWelcomePage
{
  GtkWidget      parent_instance;

  /* Template widgets */
  AdwStatusPage *status_page;
  GtkListBox    *ways_list;
  AdwActionRow  *sign_in_row;
  GtkStack      *sign_in_suffix;
  GtkSpinner    *sign_in_spinner;
  AdwActionRow  *open_row;
  AdwActionRow  *demo_row;
  AdwActionRow  *request_row;

  /* Owned */
  PlrClient     *client;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (PlrWelcomePage, plr_welcome_page, GTK_TYPE_WIDGET)

static void
update_sign_in_row (PlrWelcomePage *self)
{
  g_autofree char *subtitle = NULL;

  if (self->busy)
    subtitle = g_strdup (_("Finish signing in in your web browser…"));
  else if (self->client != NULL)
    /* Translators: %s is the address of the learner's service */
    subtitle = g_strdup_printf (_("At %s"), plr_client_get_base_url (self->client));
  else
    subtitle = g_strdup (_("First set the address your school, college or provider gave you"));

  adw_action_row_set_subtitle (self->sign_in_row, subtitle);
  gtk_stack_set_visible_child_name (self->sign_in_suffix, self->busy ? "busy" : "arrow");
  gtk_spinner_set_spinning (self->sign_in_spinner, self->busy);
}

static void
on_sign_in_row_activated_cb (PlrWelcomePage *self,
                             AdwActionRow   *row)
{
  if (self->busy)
    return;

  if (self->client != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.sign-in", NULL);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "app.preferences", NULL);
}

static void
plr_welcome_page_dispose (GObject *object)
{
  PlrWelcomePage *self = (PlrWelcomePage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_WELCOME_PAGE);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (plr_welcome_page_parent_class)->dispose (object);
}

static void
plr_welcome_page_class_init (PlrWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-welcome-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, status_page);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, ways_list);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, sign_in_row);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, sign_in_suffix);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, sign_in_spinner);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, open_row);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, demo_row);
  gtk_widget_class_bind_template_child (widget_class, PlrWelcomePage, request_row);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_row_activated_cb);
}

static void
plr_welcome_page_init (PlrWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sign_in_row (self);
}

/**
 * plr_welcome_page_set_client:
 * @self: a #PlrWelcomePage
 * @client: (nullable): the service client, or %NULL when no address is set
 */
void
plr_welcome_page_set_client (PlrWelcomePage *self,
                             PlrClient      *client)
{
  g_return_if_fail (PLR_IS_WELCOME_PAGE (self));

  g_set_object (&self->client, client);
  update_sign_in_row (self);
}

/**
 * plr_welcome_page_set_demo:
 * @self: a #PlrWelcomePage
 * @demo: whether this window already shows the sample learner
 */
void
plr_welcome_page_set_demo (PlrWelcomePage *self,
                           gboolean        demo)
{
  g_return_if_fail (PLR_IS_WELCOME_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->demo_row), !demo);
}

/**
 * plr_welcome_page_set_busy:
 * @self: a #PlrWelcomePage
 * @busy: whether a sign-in or fetch is under way
 */
void
plr_welcome_page_set_busy (PlrWelcomePage *self,
                           gboolean        busy)
{
  g_return_if_fail (PLR_IS_WELCOME_PAGE (self));

  if (self->busy == busy)
    return;

  self->busy = busy;
  update_sign_in_row (self);
}
