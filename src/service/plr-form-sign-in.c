/* plr-form-sign-in.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-form-sign-in"

#include "config.h"

#include <string.h>

#include "plr-form-sign-in.h"
#include "plr-service.h"

/* Does what a person does in a browser on the reference service's sign-in
 * page: loads it, fills in the username and password, submits the form,
 * and follows the redirect back to the app's loopback address. Tests use
 * it as their browser, and demo mode signs the demo learner in with it,
 * so both go through the real OAuth flow. */

typedef struct
{
  SoupSession *session;
  GUri        *authorize_uri;
  char        *username;
  char        *password;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_clear_object (&sign_in->session);
  g_clear_pointer (&sign_in->authorize_uri, g_uri_unref);
  g_clear_pointer (&sign_in->username, g_free);
  g_clear_pointer (&sign_in->password, g_free);
  g_free (sign_in);
}

static char *
html_unescape (const char *text,
               gsize       length)
{
  static const struct { const char *entity; char c; } entities[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' },
    { "&#x27;", '\'' },
  };
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      gboolean replaced = FALSE;

      if (text[i] == '&')
        {
          for (guint e = 0; e < G_N_ELEMENTS (entities); e++)
            {
              gsize n = strlen (entities[e].entity);
              if (i + n <= length && strncmp (text + i, entities[e].entity, n) == 0)
                {
                  g_string_append_c (out, entities[e].c);
                  i += n - 1;
                  replaced = TRUE;
                  break;
                }
            }
        }

      if (!replaced)
        g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
}

/* The hidden fields of the page's form, as name → value. */
static GHashTable *
hidden_fields (const char *html)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *p = html;

  while ((p = strstr (p, "<input type=\"hidden\" name=\"")) != NULL)
    {
      const char *name = p + strlen ("<input type=\"hidden\" name=\"");
      const char *name_end = strchr (name, '"');
      const char *value;
      const char *value_end;

      if (name_end == NULL || !g_str_has_prefix (name_end, "\" value=\""))
        break;
      value = name_end + strlen ("\" value=\"");
      value_end = strchr (value, '"');
      if (value_end == NULL)
        break;

      g_hash_table_insert (fields, g_strndup (name, name_end - name),
                           html_unescape (value, value_end - value));
      p = value_end;
    }

  return fields;
}

static void
on_callback_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_form_posted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SoupMessage) follow = NULL;
  GCancellable *cancellable;
  const char *location;
  GError *error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  location = soup_message_headers_get_one (soup_message_get_response_headers (message), "Location");
  if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (message)) || location == NULL)
    {
      g_task_return_new_error (task, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                               "The sign-in form was refused (status %u)",
                               soup_message_get_status (message));
      return;
    }

  /* The browser goes back to the app's loopback address. */
  follow = soup_message_new ("GET", location);
  if (follow == NULL)
    {
      g_task_return_new_error (task, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                               "The sign-in redirect is not a web address");
      return;
    }
  /* The cancellable is read before the task is handed on: the order in
   * which a call's arguments are evaluated is not defined. */
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (sign_in->session, follow, G_PRIORITY_DEFAULT,
                                    cancellable, on_callback_loaded_cb,
                                    g_steal_pointer (&task));
}

static void
on_page_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *sign_in = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(GUri) action = NULL;
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *html = NULL;
  GCancellable *cancellable;
  char *form;
  GError *error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                               "The sign-in page could not be loaded (status %u)",
                               soup_message_get_status (message));
      return;
    }

  html = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  fields = hidden_fields (html);
  g_hash_table_insert (fields, g_strdup ("username"), g_strdup (sign_in->username));
  g_hash_table_insert (fields, g_strdup ("password"), g_strdup (sign_in->password));
  g_hash_table_insert (fields, g_strdup ("action"), g_strdup ("sign-in"));

  action = g_uri_parse_relative (sign_in->authorize_uri, "/oauth/authorize", SOUP_HTTP_URI_FLAGS,
                                 NULL);
  post = soup_message_new_from_uri ("POST", action);
  soup_message_add_flags (post, SOUP_MESSAGE_NO_REDIRECT);

  form = soup_form_encode_hash (fields);
  body = g_bytes_new_take (form, strlen (form));
  soup_message_set_request_body_from_bytes (post, "application/x-www-form-urlencoded", body);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (sign_in->session, post, G_PRIORITY_DEFAULT,
                                    cancellable, on_form_posted_cb,
                                    g_steal_pointer (&task));
}

/**
 * plr_form_sign_in_async:
 * @session: a #SoupSession
 * @authorize_url: the authorization URL the client opened
 * @username: the learner's username
 * @password: the learner's password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the browser step is done
 * @user_data: data for @callback
 *
 * Completes the browser step of signing in to the reference service.
 */
void
plr_form_sign_in_async (SoupSession         *session,
                        const char          *authorize_url,
                        const char          *username,
                        const char          *password,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  SignIn *sign_in;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (authorize_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_form_sign_in_async);

  sign_in = g_new0 (SignIn, 1);
  sign_in->session = g_object_ref (session);
  sign_in->authorize_uri = g_uri_parse (authorize_url, SOUP_HTTP_URI_FLAGS, NULL);
  sign_in->username = g_strdup (username);
  sign_in->password = g_strdup (password);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  if (sign_in->authorize_uri == NULL)
    {
      g_task_return_new_error (task, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                               "The sign-in address is not a web address");
      return;
    }

  message = soup_message_new_from_uri ("GET", sign_in->authorize_uri);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                    on_page_loaded_cb, g_steal_pointer (&task));
}

gboolean
plr_form_sign_in_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  SoupSession *session;
  char        *username;
  char        *password;
} FormBrowser;

static void
form_browser_free (gpointer data)
{
  FormBrowser *browser = data;

  g_clear_object (&browser->session);
  g_free (browser->username);
  g_free (browser->password);
  g_free (browser);
}

static void
on_form_browser_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  /* A refused sign-in is the client's to report (tests refuse on purpose). */
  plr_form_sign_in_finish (result, NULL);
}

static void
form_browser_launch (const char *uri,
                     gpointer    user_data)
{
  FormBrowser *browser = user_data;

  plr_form_sign_in_async (browser->session, uri, browser->username, browser->password, NULL,
                          on_form_browser_done_cb, NULL);
}

/**
 * plr_form_sign_in_set_browser:
 * @client: a #PlrClient
 * @session: the session the "browser" uses (not the client's)
 * @username: the account to sign in as
 * @password: its password
 *
 * Makes @client sign in by filling in the reference service's form instead
 * of opening a web browser: the real OAuth flow without a person, for
 * tests and tools that run against the reference service.
 */
void
plr_form_sign_in_set_browser (PlrClient   *client,
                              SoupSession *session,
                              const char  *username,
                              const char  *password)
{
  FormBrowser *browser;

  g_return_if_fail (PLR_IS_CLIENT (client));
  g_return_if_fail (SOUP_IS_SESSION (session));

  browser = g_new0 (FormBrowser, 1);
  browser->session = g_object_ref (session);
  browser->username = g_strdup (username);
  browser->password = g_strdup (password);
  plr_client_set_browser_launcher (client, form_browser_launch, browser, form_browser_free);
}
