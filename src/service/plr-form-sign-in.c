/* plr-form-sign-in.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-form-sign-in"

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

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

/* What the filler read from a page: the form that has a username and a
 * password field, or the page's error text. */
typedef struct
{
  GUri       *action;   /* resolved against the page's address */
  GHashTable *fields;   /* every hidden input and the default button */
  char       *alert;    /* the text of role="alert", if any */
} SignInPage;

static void
sign_in_page_free (SignInPage *page)
{
  g_clear_pointer (&page->action, g_uri_unref);
  g_clear_pointer (&page->fields, g_hash_table_unref);
  g_clear_pointer (&page->alert, g_free);
  g_free (page);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignInPage, sign_in_page_free)

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE &&
         g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

/* An attribute's value (entities decoded by the parser), or NULL. */
static char *
dup_attribute (xmlNode    *node,
               const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy = value ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

static gboolean
attribute_is (xmlNode    *node,
              const char *name,
              const char *expected)
{
  g_autofree char *value = dup_attribute (node, name);

  return value != NULL && g_ascii_strcasecmp (value, expected) == 0;
}

static xmlNode *
find_alert (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      xmlNode *found;

      if (node->type == XML_ELEMENT_NODE && attribute_is (node, "role", "alert"))
        return node;
      if ((found = find_alert (node->children)) != NULL)
        return found;
    }
  return NULL;
}

/* Walks a form's descendants for its inputs and buttons. */
static void
collect_controls (xmlNode    *node,
                  GHashTable *fields,
                  gboolean   *has_username,
                  gboolean   *has_password,
                  gboolean   *has_button)
{
  for (; node != NULL; node = node->next)
    {
      if (is_element (node, "input"))
        {
          g_autofree char *name = dup_attribute (node, "name");
          g_autofree char *type = dup_attribute (node, "type");
          g_autofree char *value = dup_attribute (node, "value");

          if (name != NULL && type != NULL && g_ascii_strcasecmp (type, "hidden") == 0)
            g_hash_table_insert (fields, g_strdup (name), g_strdup (value ? value : ""));
          else if (g_strcmp0 (name, "username") == 0)
            *has_username = TRUE;
          else if (g_strcmp0 (name, "password") == 0 && type != NULL &&
                   g_ascii_strcasecmp (type, "password") == 0)
            *has_password = TRUE;
        }
      else if (is_element (node, "button") && !*has_button)
        {
          g_autofree char *name = dup_attribute (node, "name");
          g_autofree char *type = dup_attribute (node, "type");

          /* The first submit button is the one Enter presses. */
          if (type == NULL || g_ascii_strcasecmp (type, "submit") == 0)
            {
              *has_button = TRUE;
              if (name != NULL)
                {
                  g_autofree char *value = dup_attribute (node, "value");
                  g_hash_table_insert (fields, g_strdup (name), g_strdup (value ? value : ""));
                }
            }
        }
      collect_controls (node->children, fields, has_username, has_password, has_button);
    }
}

static xmlNode *
find_sign_in_form (xmlNode     *node,
                   GHashTable **out_fields)
{
  for (; node != NULL; node = node->next)
    {
      xmlNode *found;

      if (is_element (node, "form"))
        {
          g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                g_free, g_free);
          gboolean has_username = FALSE, has_password = FALSE, has_button = FALSE;

          collect_controls (node->children, fields, &has_username, &has_password, &has_button);
          if (has_username && has_password)
            {
              *out_fields = g_steal_pointer (&fields);
              return node;
            }
          continue;
        }
      if ((found = find_sign_in_form (node->children, out_fields)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
uri_is_safe (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  return g_ascii_strcasecmp (scheme, "http") == 0 && host != NULL &&
         (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
          g_str_equal (host, "localhost") || g_str_has_prefix (host, "127."));
}

/* Reads a sign-in page with libxml2's HTML parser, as a browser would:
 * the form is the one with a username and a password field, whatever the
 * markup around it or the order of attributes; its action is resolved
 * against @page_uri and must be https:// or loopback. Returns the page
 * with a form, or with only an alert text, or NULL when it has neither. */
static SignInPage *
read_page (const char  *html,
           gsize        length,
           GUri        *page_uri,
           GError     **error)
{
  g_autoptr(SignInPage) page = g_new0 (SignInPage, 1);
  g_autofree char *base = g_uri_to_string (page_uri);
  g_autofree char *action = NULL;
  htmlDocPtr doc;
  xmlNode *root;
  xmlNode *form;
  xmlNode *alert;

  if (length > G_MAXINT)
    {
      g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "The sign-in page is too large");
      return NULL;
    }

  doc = htmlReadMemory (html, (int) length, base, "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == NULL)
    {
      g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "The sign-in page could not be read");
      return NULL;
    }
  root = xmlDocGetRootElement (doc);

  alert = find_alert (root);
  if (alert != NULL)
    {
      xmlChar *text = xmlNodeGetContent (alert);

      page->alert = g_strstrip (g_strdup ((const char *) text));
      xmlFree (text);
    }

  form = find_sign_in_form (root, &page->fields);
  if (form == NULL)
    {
      xmlFreeDoc (doc);
      if (page->alert != NULL)
        return g_steal_pointer (&page);
      g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "The page has no sign-in form");
      return NULL;
    }

  /* An absent or empty action submits to the page itself (HTML). */
  action = dup_attribute (form, "action");
  xmlFreeDoc (doc);
  page->action = g_uri_parse_relative (page_uri, action && action[0] ? action : base,
                                       SOUP_HTTP_URI_FLAGS, NULL);
  if (page->action == NULL || !uri_is_safe (page->action))
    {
      g_set_error_literal (error, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                           "The sign-in form sends to an address that is neither https:// nor "
                           "this computer");
      return NULL;
    }

  return g_steal_pointer (&page);
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
      g_autoptr(SignInPage) page = NULL;

      /* The service answered with a page (the form again, or "wait"):
       * say what it says, now, as a person reading it would know. */
      page = read_page (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                        soup_message_get_uri (message), NULL);
      if (page != NULL && page->alert != NULL && page->alert[0] != '\0')
        {
          g_task_return_new_error (task, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                                   "The sign-in form was refused (status %u): %s",
                                   soup_message_get_status (message), page->alert);
          return;
        }

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
  g_autoptr(SignInPage) page = NULL;
  g_autoptr(SoupMessage) post = NULL;
  g_autoptr(GBytes) body = NULL;
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

  page = read_page (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                    soup_message_get_uri (message), &error);
  if (page == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (page->fields == NULL)
    {
      g_task_return_new_error (task, PLR_SERVICE_ERROR, PLR_SERVICE_ERROR_INVALID,
                               "The service showed no sign-in form: %s", page->alert);
      return;
    }

  fields = g_hash_table_ref (page->fields);
  g_hash_table_insert (fields, g_strdup ("username"), g_strdup (sign_in->username));
  g_hash_table_insert (fields, g_strdup ("password"), g_strdup (sign_in->password));

  post = soup_message_new_from_uri ("POST", page->action);
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
  GWeakRef     client;   /* to end its sign-in at once when the form fails */
} FormBrowser;

static void
form_browser_free (gpointer data)
{
  FormBrowser *browser = data;

  g_clear_object (&browser->session);
  g_weak_ref_clear (&browser->client);
  g_free (browser->username);
  g_free (browser->password);
  g_free (browser);
}

static void
on_form_browser_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(PlrClient) client = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;

  g_weak_ref_clear (ref);
  g_free (ref);

  /* A refused sign-in is the client's to report (tests refuse on purpose),
   * now rather than after the client's 600 s wait for the browser. */
  if (plr_form_sign_in_finish (result, &error))
    return;
  g_debug ("The sign-in form failed: %s", error->message);
  if (client != NULL)
    plr_client_fail_sign_in (client, error);
}

static void
form_browser_launch (const char *uri,
                     gpointer    user_data)
{
  FormBrowser *browser = user_data;

  g_autoptr(PlrClient) client = g_weak_ref_get (&browser->client);
  /* Its own reference: the launcher's data may go before the form is done. */
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, client);
  plr_form_sign_in_async (browser->session, uri, browser->username, browser->password, NULL,
                          on_form_browser_done_cb, ref);
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
  g_weak_ref_init (&browser->client, client);
  plr_client_set_browser_launcher (client, form_browser_launch, browser, form_browser_free);
}
