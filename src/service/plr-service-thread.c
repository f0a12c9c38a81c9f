/* plr-service-thread.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-thread"

#include "config.h"

#include "plr-service.h"
#include "plr-service-thread.h"

/* Runs the reference service on its own thread and main context, on
 * 127.0.0.1 with a port the OS picks, so that demo mode talks to it over
 * real HTTP without the service's work ever blocking the app's main loop. */
struct _PlrServiceThread
{
  GObject       parent_instance;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *data_dir;
  gboolean      seed_demo;

  GMutex        mutex;
  GCond         cond;
  gboolean      started;
  char         *base_url;
  GError       *error;
};

G_DEFINE_FINAL_TYPE (PlrServiceThread, plr_service_thread, G_TYPE_OBJECT)

static gpointer
service_thread_main (gpointer user_data)
{
  PlrServiceThread *self = user_data;
  g_autoptr(PlrService) service = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  g_main_context_push_thread_default (self->context);

  service = plr_service_new (self->data_dir, &error);
  if (service != NULL && self->seed_demo && !plr_service_seed_demo (service, &error))
    g_clear_object (&service);
  if (service != NULL && !plr_service_listen_local (service, 0, &error))
    g_clear_object (&service);
  if (service != NULL)
    base_url = plr_service_dup_base_url (service);

  g_mutex_lock (&self->mutex);
  self->started = TRUE;
  self->base_url = g_steal_pointer (&base_url);
  self->error = g_steal_pointer (&error);
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (service != NULL)
    g_main_loop_run (self->loop);

  g_clear_object (&service);
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

static void
plr_service_thread_finalize (GObject *object)
{
  PlrServiceThread *self = (PlrServiceThread *)object;

  plr_service_thread_stop (self);

  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_error (&self->error);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (plr_service_thread_parent_class)->finalize (object);
}

static void
plr_service_thread_class_init (PlrServiceThreadClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = plr_service_thread_finalize;
}

static void
plr_service_thread_init (PlrServiceThread *self)
{
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

/**
 * plr_service_thread_start:
 * @data_dir: (nullable): the service's data folder, or %NULL for a temporary one
 * @seed_demo: whether to add the demo learners
 * @error: return location for a #GError
 *
 * Starts the service and waits until it listens.
 *
 * Returns: (transfer full): the running service thread, or %NULL with @error set
 */
PlrServiceThread *
plr_service_thread_start (const char  *data_dir,
                          gboolean     seed_demo,
                          GError     **error)
{
  g_autoptr(PlrServiceThread) self = g_object_new (PLR_TYPE_SERVICE_THREAD, NULL);

  self->data_dir = g_strdup (data_dir);
  self->seed_demo = seed_demo;
  self->thread = g_thread_new ("plr-service", service_thread_main, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      plr_service_thread_stop (self);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * plr_service_thread_get_base_url:
 * @self: a #PlrServiceThread
 *
 * Returns: the service's base URL, such as "http://127.0.0.1:40123/"
 */
const char *
plr_service_thread_get_base_url (PlrServiceThread *self)
{
  g_return_val_if_fail (PLR_IS_SERVICE_THREAD (self), NULL);
  return self->base_url;
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/**
 * plr_service_thread_stop:
 * @self: a #PlrServiceThread
 *
 * Stops the service and waits for its thread to end.
 */
void
plr_service_thread_stop (PlrServiceThread *self)
{
  g_return_if_fail (PLR_IS_SERVICE_THREAD (self));

  if (self->thread == NULL)
    return;

  g_main_context_invoke (self->context, quit_loop_cb, self->loop);
  g_thread_join (g_steal_pointer (&self->thread));
}
