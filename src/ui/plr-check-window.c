/* plr-check-window.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-check-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "plr-check-window.h"
#include "plr-credential-error.h"
#include "plr-field.h"
#include "plr-jwks.h"
#include "plr-sd-jwt.h"

/* "Check a Shared Record…": a verifiable record (SD-JWT VC or a
 * presentation of one, issue 13) from a file or pasted text, checked off
 * the main thread against the issuers' keys the app has cached (fetched
 * from the signed-in service's JWK Set on first use). It shows what is
 * proven, who signed it, whether it is bound to a holder and to whom it
 * was addressed, and how many digests were not disclosed: counts only.
 * Nothing from the file is logged or kept. */

#define MAX_TEXT (64 * 1024 * 1024)
/* A recipient checks a share they were sent, perhaps long ago, with no
 * nonce of their own: the key binding's age is shown, not held to minutes. */
#define MAX_KB_AGE_SECONDS (400 * 24 * 60 * 60)

struct _PlrCheckWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *open_button;
  GtkTextView          *text_view;
  GtkButton            *check_button;
  GtkSpinner           *spinner;
  GtkLabel             *result_label;
  GtkLabel             *detail_label;
  AdwPreferencesGroup  *issuer_group;
  GtkBox               *proven_box;
  GtkLabel             *undisclosed_label;

  /* Owned */
  PlrStore             *store;
  PlrClient            *client;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GPtrArray            *issuer_rows;
  gboolean              fetched;
};

G_DEFINE_FINAL_TYPE (PlrCheckWindow, plr_check_window, ADW_TYPE_WINDOW)

/**
 * plr_check_window_describe_failure:
 * @code: a #PlrCredentialError
 *
 * Returns: which check failed, in plain words (translated)
 */
const char *
plr_check_window_describe_failure (int code)
{
  switch ((PlrCredentialError) code)
    {
    case PLR_CREDENTIAL_ERROR_MALFORMED:
      return _("This is not a verifiable record, or it has been damaged.");
    case PLR_CREDENTIAL_ERROR_UNSUPPORTED_ALGORITHM:
      return _("It is signed in a way that is not safe to accept.");
    case PLR_CREDENTIAL_ERROR_BAD_SIGNATURE:
      return _("The signature does not match: the record was changed after it was signed, "
               "or it was not signed by this issuer.");
    case PLR_CREDENTIAL_ERROR_UNKNOWN_KEY:
      return _("It was signed with a key this app does not know, so who signed it cannot be "
               "confirmed.");
    case PLR_CREDENTIAL_ERROR_BAD_KEY:
      return _("The issuer’s key is not a key this app can check with.");
    case PLR_CREDENTIAL_ERROR_WRONG_TYPE:
      return _("It is not a shared learning record.");
    case PLR_CREDENTIAL_ERROR_UNREFERENCED_DISCLOSURE:
      return _("It holds a detail the issuer did not sign: a detail was changed or added.");
    case PLR_CREDENTIAL_ERROR_REPEATED_DIGEST:
      return _("It gives the same detail more than once.");
    case PLR_CREDENTIAL_ERROR_RESERVED_NAME:
      return _("It holds a detail with a name that is not allowed.");
    case PLR_CREDENTIAL_ERROR_DUPLICATE_CLAIM:
      return _("It gives one detail twice with different values.");
    case PLR_CREDENTIAL_ERROR_EXPIRED:
      return _("It has expired.");
    case PLR_CREDENTIAL_ERROR_NOT_YET_VALID:
      return _("It is not valid yet.");
    case PLR_CREDENTIAL_ERROR_KEY_BINDING_MISSING:
      return _("It does not prove that the learner sent it.");
    case PLR_CREDENTIAL_ERROR_KEY_BINDING_INVALID:
      return _("The learner’s proof that they sent it does not check out.");
    case PLR_CREDENTIAL_ERROR_WRONG_AUDIENCE:
      return _("It was addressed to someone else.");
    case PLR_CREDENTIAL_ERROR_WRONG_NONCE:
      return _("It was made for a different request.");
    case PLR_CREDENTIAL_ERROR_SD_HASH_MISMATCH:
      return _("The learner’s proof covers different details: details were removed or added "
               "after it was sent.");
    case PLR_CREDENTIAL_ERROR_NOT_FOUND:
      return _("It does not hold the details asked for.");
    case PLR_CREDENTIAL_ERROR_FAILED:
    default:
      return _("It could not be checked.");
    }
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (unix_time);

  if (date == NULL)
    return g_strdup (_("Unknown"));
  /* Translators: a date, see GDateTime's format: 7 December 2026 */
  return g_date_time_format (date, _("%-d %B %Y"));
}

static char *
value_text (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("None"));
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
    }
  return json_to_string (node, FALSE);
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
  return row;
}

static void
clear_result (PlrCheckWindow *self)
{
  GtkWidget *child;

  gtk_widget_set_visible (GTK_WIDGET (self->result_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->issuer_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->undisclosed_label), FALSE);
  for (guint i = 0; i < self->issuer_rows->len; i++)
    adw_preferences_group_remove (self->issuer_group, self->issuer_rows->pdata[i]);
  g_ptr_array_set_size (self->issuer_rows, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->proven_box))) != NULL)
    gtk_box_remove (self->proven_box, child);
}

static void
show_message (PlrCheckWindow *self,
              const char     *title,
              const char     *detail)
{
  gtk_label_set_label (self->result_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), TRUE);
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL);
}

static void
set_busy (PlrCheckWindow *self,
          gboolean        busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), !busy);
}

/* The key-binding JWT's payload (its aud and iat), read from the last
 * part of a presentation the verifier has just checked. */
static JsonObject *
dup_key_binding (const char *text)
{
  const char *last = strrchr (text, '~');
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonNode) payload = NULL;

  if (last == NULL || last[1] == '\0')
    return NULL;
  if (!plr_jws_decode (last + 1, -1, &header, &payload, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (payload))
    return NULL;
  return json_object_ref (json_node_get_object (payload));
}

static void
add_issuer_row (PlrCheckWindow *self,
                const char     *title,
                const char     *subtitle)
{
  g_ptr_array_add (self->issuer_rows, add_row (self->issuer_group, title, subtitle));
}

static void
show_fields (PlrCheckWindow *self,
             const char     *title,
             JsonObject     *object,
             gboolean        event)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  adw_preferences_group_set_title (group, title);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      int field = event ? plr_event_field_from_name (name) : plr_learner_field_from_name (name);
      const char *label = field < 0 ? name
                          : event ? plr_event_field_get_label (field)
                                  : plr_learner_field_get_label (field);
      g_autofree char *value = value_text (member);

      add_row (group, label, value);
    }
  gtk_box_append (self->proven_box, GTK_WIDGET (group));
}

static void
show_verified (PlrCheckWindow   *self,
               PlrSdJwtVerified *verified,
               const char       *text)
{
  JsonObject *claims = json_node_get_object (verified->claims);
  g_autoptr(JsonObject) kb = NULL;
  g_autofree char *signed_on = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *title = NULL;
  g_autofree char *undisclosed = NULL;
  const char *issuer = NULL;
  guint n_events = 0;

  if (json_object_has_member (claims, "iss") &&
      json_node_get_value_type (json_object_get_member (claims, "iss")) == G_TYPE_STRING)
    issuer = json_object_get_string_member (claims, "iss");
  if (json_object_has_member (claims, "iat"))
    signed_on = format_date (json_object_get_int_member (claims, "iat"));
  if (json_object_has_member (claims, "exp"))
    expires = format_date (json_object_get_int_member (claims, "exp"));

  /* Translators: %s is the issuer's address */
  title = g_strdup_printf (_("Checked: signed by %s"), issuer ? issuer : _("an unnamed issuer"));
  show_message (self, title,
                _("The signature matches the issuer’s key, and every detail shown below is "
                  "exactly as the issuer signed it."));

  add_issuer_row (self, _("Issuer"), issuer ? issuer : _("Not given"));
  add_issuer_row (self, _("Key ID"), verified->kid);
  add_issuer_row (self, _("Signed on"), signed_on ? signed_on : _("Not given"));
  add_issuer_row (self, _("Expires on"), expires ? expires : _("Does not expire"));

  if (verified->key_bound && (kb = dup_key_binding (text)) != NULL)
    {
      const char *aud = json_object_has_member (kb, "aud") &&
                        json_node_get_value_type (json_object_get_member (kb, "aud")) == G_TYPE_STRING
                        ? json_object_get_string_member (kb, "aud") : NULL;
      g_autofree char *sent_on = json_object_has_member (kb, "iat")
                                 ? format_date (json_object_get_int_member (kb, "iat")) : NULL;
      /* Translators: %s is a date */
      g_autofree char *bound = g_strdup_printf (_("Yes: the learner’s key signed it on %s"),
                                                sent_on ? sent_on : _("an unknown date"));

      add_issuer_row (self, _("Sent by the learner"), bound);
      add_issuer_row (self, _("Addressed to"), aud ? aud : _("Not given"));
    }
  else if (json_object_has_member (claims, "cnf"))
    add_issuer_row (self, _("Sent by the learner"),
                    _("Not proven: this file does not show that the learner sent it"));
  else
    add_issuer_row (self, _("Sent by the learner"), _("Not bound to a learner’s key"));
  gtk_widget_set_visible (GTK_WIDGET (self->issuer_group), TRUE);

  if (json_object_has_member (claims, "learner") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (claims, "learner")))
    show_fields (self, _("Learner"), json_object_get_object_member (claims, "learner"), FALSE);

  if (json_object_has_member (claims, "events") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (claims, "events")))
    {
      JsonArray *events = json_object_get_array_member (claims, "events");

      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonNode *element = json_array_get_element (events, i);
          g_autofree char *heading = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          n_events++;
          /* Translators: a heading; %u counts the shared achievements */
          heading = g_strdup_printf (_("Achievement %u"), n_events);
          show_fields (self, heading, json_node_get_object (element), TRUE);
        }
    }

  undisclosed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u detail shown. %u signed item was not shared "
                                              "(or is a decoy): the file does not say what it is.",
                                              "%u details shown. %u signed items were not shared "
                                              "(or are decoys): the file does not say what they are.",
                                              verified->n_undisclosed),
                                 verified->n_disclosed, verified->n_undisclosed);
  gtk_label_set_label (self->undisclosed_label, undisclosed);
  gtk_widget_set_visible (GTK_WIDGET (self->undisclosed_label), TRUE);
  g_debug ("Checked: %u disclosed, %u undisclosed, %u entries", verified->n_disclosed,
           verified->n_undisclosed, n_events);
}

typedef struct
{
  char      *text;
  JsonArray *keys;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_free (data->text);
  g_clear_pointer (&data->keys, json_array_unref);
  g_free (data);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *data = task_data;
  PlrSdJwtVerifyOptions options = { 0 };
  GError *error = NULL;
  PlrSdJwtVerified *verified;

  options.issuer_keys = data->keys;
  options.at = g_get_real_time () / G_USEC_PER_SEC;
  options.max_kb_age = MAX_KB_AGE_SECONDS;
  verified = plr_sd_jwt_verify (data->text, &options, &error);
  if (verified == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, verified, (GDestroyNotify) plr_sd_jwt_verified_free);
}

static void
on_verified_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PlrCheckWindow *self = PLR_CHECK_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(PlrSdJwtVerified) verified = NULL;
  VerifyData *data = g_task_get_task_data (G_TASK (result));

  verified = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  clear_result (self);
  if (verified == NULL)
    {
      g_debug ("Not verified: %s", plr_credential_error_check_name (error->code));
      show_message (self, _("Not verified"), plr_check_window_describe_failure (error->code));
      return;
    }
  show_verified (self, verified, data->text);
}

static void
verify_with_keys (PlrCheckWindow *self,
                  char           *text,
                  JsonArray      *keys)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, on_verified_cb, NULL);
  VerifyData *data = g_new0 (VerifyData, 1);

  data->text = text;
  data->keys = json_array_ref (keys);
  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  g_task_run_in_thread (task, verify_thread);
}

static char *
dup_text (PlrCheckWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
on_keys_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PlrCheckWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) fetched = plr_jwks_fetch_finish (result, &error);
  g_autoptr(JsonArray) keys = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Could not fetch the service's keys: %s", error->message);

  /* Whatever was cached before still counts when the fetch failed. */
  keys = plr_jwks_load_cached (self->store, NULL, NULL);
  if (keys == NULL || json_array_get_length (keys) == 0)
    {
      set_busy (self, FALSE);
      clear_result (self);
      show_message (self, _("Not verified"),
                    error != NULL ? error->message
                                  : _("No issuer’s key is known yet: sign in to your service once "
                                      "while online."));
      return;
    }
  verify_with_keys (self, dup_text (self), keys);
}

static void
start_check (PlrCheckWindow *self)
{
  g_autofree char *text = dup_text (self);
  g_autoptr(JsonArray) keys = NULL;

  if (text[0] == '\0')
    {
      clear_result (self);
      show_message (self, _("Nothing to check"),
                    _("Open a .sd-jwt file or paste the shared record’s text first."));
      return;
    }
  if (strlen (text) > MAX_TEXT)
    {
      clear_result (self);
      show_message (self, _("Not verified"), _("The text is too large to be a shared record."));
      return;
    }

  set_busy (self, TRUE);
  keys = plr_jwks_load_cached (self->store, NULL, NULL);
  if (self->client != NULL && !self->fetched)
    {
      /* The signed-in service's keys, fetched afresh on the window's first
       * check: public, kept in the cache for offline checks. */
      g_autofree char *url = plr_jwks_url_for_service (plr_client_get_base_url (self->client));

      self->fetched = TRUE;
      plr_jwks_fetch_async (url, self->store, self->cancellable, on_keys_fetched_cb,
                            g_object_ref (self));
      return;
    }
  if (keys == NULL || json_array_get_length (keys) == 0)
    {
      set_busy (self, FALSE);
      clear_result (self);
      show_message (self, _("Not verified"),
                    _("No issuer’s key is known yet: sign in to your service once while online."));
      return;
    }
  verify_with_keys (self, g_steal_pointer (&text), keys);
}

static void
on_check_clicked_cb (PlrCheckWindow *self)
{
  start_check (self);
}

static void
on_file_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PlrCheckWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          clear_result (self);
          show_message (self, _("Could not open the file"), error->message);
        }
      return;
    }
  if (length > MAX_TEXT || !g_utf8_validate (contents, length, NULL))
    {
      clear_result (self);
      show_message (self, _("Not verified"), plr_check_window_describe_failure (PLR_CREDENTIAL_ERROR_MALFORMED));
      return;
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), contents, length);
  start_check (self);
}

/* Loads @file into the text and checks it. */
static void
open_file (PlrCheckWindow *self,
           GFile          *file)
{
  g_file_load_contents_async (file, self->cancellable, on_file_loaded_cb, g_object_ref (self));
}

static void
on_open_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     PlrCheckWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        open_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
on_open_clicked_cb (PlrCheckWindow *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Open a Shared Record"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Verifiable records (.sd-jwt)"));
  gtk_file_filter_add_pattern (filter, "*.sd-jwt");
  gtk_file_filter_add_mime_type (filter, "application/dc+sd-jwt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
plr_check_window_dispose (GObject *object)
{
  PlrCheckWindow *self = PLR_CHECK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), PLR_TYPE_CHECK_WINDOW);

  G_OBJECT_CLASS (plr_check_window_parent_class)->dispose (object);
}

static void
plr_check_window_finalize (GObject *object)
{
  PlrCheckWindow *self = PLR_CHECK_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->issuer_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (plr_check_window_parent_class)->finalize (object);
}

static void
plr_check_window_class_init (PlrCheckWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = plr_check_window_dispose;
  object_class->finalize = plr_check_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/learningrecord/LearningRecord/plr-check-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, check_button);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, result_label);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, issuer_group);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, proven_box);
  gtk_widget_class_bind_template_child (widget_class, PlrCheckWindow, undisclosed_label);
  gtk_widget_class_bind_template_callback (widget_class, on_open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
plr_check_window_init (PlrCheckWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->issuer_rows = g_ptr_array_new ();
}

/**
 * plr_check_window_new:
 * @store: the cache, where issuers' keys are kept
 * @client: (nullable): the signed-in service's client, whose keys are
 *   fetched on the first check
 *
 * Returns: (transfer full): a new #PlrCheckWindow
 */
PlrCheckWindow *
plr_check_window_new (PlrStore  *store,
                      PlrClient *client)
{
  PlrCheckWindow *self;

  g_return_val_if_fail (PLR_IS_STORE (store), NULL);
  g_return_val_if_fail (client == NULL || PLR_IS_CLIENT (client), NULL);

  self = g_object_new (PLR_TYPE_CHECK_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->client = client ? g_object_ref (client) : NULL;
  return self;
}
