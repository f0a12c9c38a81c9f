/* repro-problem-json.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Finding 4 (tests/fuzz/README.md), which no fuzz target reaches: the
 * real PlrClient signs in against a loopback server whose token endpoint
 * answers 500 with an application/problem+json body of DEPTH nested
 * arrays. The client once parsed such bodies with json-glib directly and
 * overflowed the stack; they now go through plr_json_parse().
 *
 *   repro-problem-json [DEPTH]     (default 200000)
 *
 * Exits 0 when the sign-in fails cleanly with an error, as it should. */

#include "config.h"

#include <stdlib.h>

#include "plr-client.h"

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GString *body = user_data;

  soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  soup_server_message_set_response (msg, "application/problem+json", SOUP_MEMORY_COPY,
                                    body->str, body->len);
}

static void
on_callback_sent_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GBytes *body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  g_clear_pointer (&body, g_bytes_unref);
}

/* The "browser": straight back to the client's redirect URI with a code. */
static void
browser (const char *uri,
         gpointer    user_data)
{
  SoupSession *session = user_data;
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *back = NULL;
  g_autoptr(SoupMessage) message = NULL;

  g_assert_nonnull (parsed);
  params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
  back = g_strdup_printf ("%s?code=bench&state=%s",
                          (const char *) g_hash_table_lookup (params, "redirect_uri"),
                          (const char *) g_hash_table_lookup (params, "state"));
  message = soup_message_new ("GET", back);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL,
                                    on_callback_sent_cb, NULL);
}

static void
on_signed_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;

  if (plr_client_sign_in_finish (PLR_CLIENT (object), result, error))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the sign-in succeeded");
}

int
main (int   argc,
      char *argv[])
{
  int depth = argc > 1 ? atoi (argv[1]) : 200000;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(PlrTokenStore) tokens = plr_memory_token_store_new ();
  g_autoptr(PlrClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  GSList *uris;

  for (int i = 0; i < depth; i++)
    g_string_append_c (body, '[');
  for (int i = 0; i < depth; i++)
    g_string_append_c (body, ']');

  soup_server_add_handler (server, NULL, on_request_cb, body, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = plr_client_new (session, base_url, tokens, &error);
  g_assert_no_error (error);
  plr_client_set_retry_policy (client, 1, 10);
  plr_client_set_browser_launcher (client, browser, session, NULL);

  plr_client_sign_in_async (client, NULL, on_signed_in_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_print ("The sign-in failed cleanly: %s\n", error->message);
  return EXIT_SUCCESS;
}
