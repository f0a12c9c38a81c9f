/* plr-recipients.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-recipients"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-core-resources.h"
#include "plr-field.h"
#include "plr-json.h"
#include "plr-recipients.h"

/* "Where your data goes": the organisations and purposes the public notices
 * name, as a list model of PlrRecipient. The dataset (data/recipients.json,
 * described in its own "about" member) is compiled into the core as a
 * resource of its own, so the app, the tests and the service find it
 * without a path. It is read as strictly as a record: unknown members are
 * refused, every value is checked, and every error names its path
 * ("recipients[3].opt_out: ...").
 *
 * It also answers "who is this?" for the access log: an organisation name
 * is matched whole against each recipient's names, then word by word
 * against its keywords ("Coleg Gwent" holds "coleg", a learning provider). */

#define MAX_BYTES       (1024 * 1024)
#define MAX_DEPTH       8
#define MAX_RECIPIENTS  500
#define MAX_SOURCES     50
#define MAX_MATCHES     50
#define MAX_ID_CHARS    64
#define MAX_NAME_CHARS  200
#define MAX_TEXT_CHARS  2000

struct _PlrRecipients
{
  GObject     parent_instance;

  GPtrArray  *items;      /* PlrRecipient */
  char       *updated;
  char       *about;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlrRecipients, plr_recipients, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))
G_DEFINE_QUARK (plr-recipients-error-quark, plr_recipients_error)

/* ------------------------------------------------------------------------ */
/* GListModel                                                                */

static GType
plr_recipients_get_item_type (GListModel *model)
{
  return PLR_TYPE_RECIPIENT;
}

static guint
plr_recipients_get_n_items (GListModel *model)
{
  return PLR_RECIPIENTS (model)->items->len;
}

static gpointer
plr_recipients_get_item (GListModel *model,
                         guint       position)
{
  PlrRecipients *self = PLR_RECIPIENTS (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = plr_recipients_get_item_type;
  iface->get_n_items = plr_recipients_get_n_items;
  iface->get_item = plr_recipients_get_item;
}

/* ------------------------------------------------------------------------ */
/* Strict reading                                                            */

static gboolean G_GNUC_PRINTF (3, 4)
set_path_error (GError     **error,
                const char  *path,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, PLR_RECIPIENTS_ERROR, PLR_RECIPIENTS_ERROR_INVALID, "%s: %s",
               path[0] != '\0' ? path : "the document", message);
  return FALSE;
}

/* "recipients[3]" and "id" make "recipients[3].id"; the root's path is "". */
static char *
join_path (const char *path,
           const char *member)
{
  if (path[0] == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", path, member);
}

static const char *
node_type_name (JsonNode *node)
{
  if (node == NULL)
    return "nothing";

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          return "a boolean";
        case G_TYPE_STRING:
          return "a string";
        default:
          return "a number";
        }
    }
}

/* An object with only the members in @allowed, all of @required present. */
static JsonObject *
read_object (JsonNode            *node,
             const char          *path,
             const char * const  *allowed,
             const char * const  *required,
             GError             **error)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *member_node;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_path_error (error, path, "expected an object, found %s", node_type_name (node));
      return NULL;
    }

  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &member_node))
    if (!g_strv_contains (allowed, member))
      {
        g_autofree char *member_path = join_path (path, member);

        set_path_error (error, member_path, "unknown member");
        return NULL;
      }

  for (guint i = 0; required[i] != NULL; i++)
    if (!json_object_has_member (object, required[i]))
      {
        g_autofree char *member_path = join_path (path, required[i]);

        set_path_error (error, member_path, "required but missing");
        return NULL;
      }

  return object;
}

typedef enum
{
  TEXT_REQUIRED  = 0,
  TEXT_NULLABLE  = 1 << 0,   /* null reads as NULL */
  TEXT_MULTILINE = 1 << 1,   /* lines separated by "\n", as in a postal address */
} TextFlags;

/* Text that a person wrote: not empty, no control characters (but the
 * newlines of a multi-line text), no spaces at either end, at most
 * @max_chars characters. */
static gboolean
check_text (const char  *text,
            const char  *path,
            TextFlags    flags,
            guint        max_chars,
            GError     **error)
{
  gsize length = strlen (text);

  if (length == 0)
    return set_path_error (error, path, "must not be empty");

  if (g_ascii_isspace (text[0]) || g_ascii_isspace (text[length - 1]))
    return set_path_error (error, path, "has spaces at its start or end");

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)) && !(*p == '\n' && (flags & TEXT_MULTILINE)))
      return set_path_error (error, path, "holds a control character");

  if (g_utf8_strlen (text, -1) > max_chars)
    return set_path_error (error, path, "is longer than %u characters", max_chars);

  return TRUE;
}

/* A string member, checked with check_text(). */
static gboolean
read_string (JsonObject   *object,
             const char   *path,
             const char   *member,
             TextFlags     flags,
             guint         max_chars,
             const char  **out,
             GError      **error)
{
  g_autofree char *member_path = join_path (path, member);
  JsonNode *node = json_object_get_member (object, member);
  gboolean nullable = (flags & TEXT_NULLABLE) != 0;

  *out = NULL;

  if (nullable && node != NULL && JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return set_path_error (error, member_path, nullable ? "expected a string or null, found %s"
                                                        : "expected a string, found %s",
                           node_type_name (node));

  if (!check_text (json_node_get_string (node), member_path, flags, max_chars, error))
    return FALSE;

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
check_id (const char  *id,
          const char  *path,
          GError     **error)
{
  if (strlen (id) > MAX_ID_CHARS)
    return set_path_error (error, path, "is longer than %u characters", MAX_ID_CHARS);

  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return set_path_error (error, path, "may hold only a-z, 0-9 and '-'");

  return TRUE;
}

/* An array of strings, as a NULL-terminated vector of borrowed strings. */
static gboolean
read_string_array (JsonObject   *object,
                   const char   *path,
                   const char   *member,
                   guint         max_items,
                   guint         max_chars,
                   GPtrArray   **out,
                   GError      **error)
{
  g_autofree char *member_path = join_path (path, member);
  g_autoptr(GPtrArray) strings = NULL;
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return set_path_error (error, member_path, "expected an array of strings, found %s",
                           node_type_name (node));

  array = json_node_get_array (node);
  if (json_array_get_length (array) > max_items)
    return set_path_error (error, member_path, "has more than %u items", max_items);

  strings = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", member_path, i);
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return set_path_error (error, item_path, "expected a string, found %s",
                               node_type_name (item));
      if (!check_text (json_node_get_string (item), item_path, TEXT_REQUIRED, max_chars, error))
        return FALSE;
      g_ptr_array_add (strings, (gpointer) json_node_get_string (item));
    }
  g_ptr_array_add (strings, NULL);

  *out = g_steal_pointer (&strings);
  return TRUE;
}

typedef struct
{
  const char *title;
  const char *publisher;
} Source;

static gboolean
read_sources (JsonObject   *root,
              GHashTable   *sources,
              GError      **error)
{
  static const char * const allowed[] = { "id", "title", "publisher", NULL };
  JsonNode *node = json_object_get_member (root, "sources");
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_path_error (error, "sources", "expected an array, found %s",
                           node_type_name (node));

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 || json_array_get_length (array) > MAX_SOURCES)
    return set_path_error (error, "sources", "must hold 1 to %u notices", MAX_SOURCES);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("sources[%u]", i);
      g_autofree char *id_path = g_strdup_printf ("%s.id", path);
      Source *source;
      JsonObject *object;
      const char *id;

      object = read_object (json_array_get_element (array, i), path, allowed, allowed, error);
      if (object == NULL)
        return FALSE;

      source = g_new0 (Source, 1);
      if (!read_string (object, path, "id", TEXT_REQUIRED, MAX_ID_CHARS, &id, error) ||
          !check_id (id, id_path, error) ||
          !read_string (object, path, "title", TEXT_REQUIRED, MAX_NAME_CHARS, &source->title,
                        error) ||
          !read_string (object, path, "publisher", TEXT_REQUIRED, MAX_NAME_CHARS,
                        &source->publisher, error))
        {
          g_free (source);
          return FALSE;
        }

      if (g_hash_table_contains (sources, id))
        {
          g_free (source);
          return set_path_error (error, id_path, "\"%s\" is used twice", id);
        }
      g_hash_table_insert (sources, (gpointer) id, source);
    }

  return TRUE;
}

static gboolean
read_opt_out (const char       *text,
              const char       *path,
              PlrOptOutEffect  *out,
              GError          **error)
{
  if (g_str_equal (text, "yes"))
    *out = PLR_OPT_OUT_EFFECT_AFFECTED;
  else if (g_str_equal (text, "no"))
    *out = PLR_OPT_OUT_EFFECT_NOT_AFFECTED;
  else if (g_str_equal (text, "unknown"))
    *out = PLR_OPT_OUT_EFFECT_UNKNOWN;
  else
    return set_path_error (error, path, "expected \"yes\", \"no\" or \"unknown\"");

  return TRUE;
}

static gboolean
read_subject_access (JsonObject        *object,
                     const char        *path,
                     PlrRecipientInit  *init,
                     GError           **error)
{
  static const char * const allowed[] = { "postal_address", "email", "where_to_find", NULL };
  g_autofree char *sar_path = g_strdup_printf ("%s.subject_access", path);
  JsonObject *sar;

  if (!json_object_has_member (object, "subject_access"))
    return TRUE;

  sar = read_object (json_object_get_member (object, "subject_access"), sar_path, allowed,
                     allowed, error);
  if (sar == NULL)
    return FALSE;

  if (!read_string (sar, sar_path, "postal_address", TEXT_NULLABLE | TEXT_MULTILINE,
                    MAX_TEXT_CHARS,
                    &init->postal_address, error) ||
      !read_string (sar, sar_path, "email", TEXT_NULLABLE, MAX_NAME_CHARS, &init->email, error) ||
      !read_string (sar, sar_path, "where_to_find", TEXT_NULLABLE, MAX_TEXT_CHARS,
                    &init->where_to_find, error))
    return FALSE;

  /* Without a confirmed address, the learner must be told where to look. */
  if (init->postal_address == NULL && init->email == NULL && init->where_to_find == NULL)
    return set_path_error (error, sar_path,
                           "needs an address, an email or where_to_find to say where to look");

  if (init->email != NULL && (strchr (init->email, '@') == NULL || strchr (init->email, ' ')))
    {
      g_autofree char *email_path = g_strdup_printf ("%s.email", sar_path);
      return set_path_error (error, email_path, "is not an email address");
    }

  init->subject_access = TRUE;
  return TRUE;
}

/* Names and keywords are matched folded; two recipients must not claim
 * the same one, or an access log entry would be ambiguous. A recipient's
 * own name matches too, so it is claimed first, and may be repeated among
 * its names (@own_name). */
static gboolean
claim_name (const char  *name,
            const char  *path,
            GHashTable  *claimed,
            GError     **error)
{
  g_autofree char *folded = plr_recipient_fold_text (name);

  if (folded[0] == '\0' || g_hash_table_contains (claimed, folded))
    {
      g_autofree char *name_path = g_strdup_printf ("%s.name", path);
      return set_path_error (error, name_path, folded[0] == '\0' ? "has no letters or digits"
                                                                 : "is claimed twice");
    }

  g_hash_table_add (claimed, g_steal_pointer (&folded));
  return TRUE;
}

static gboolean
claim_matches (const char * const  *strings,
               const char          *own_name,
               const char          *path,
               const char          *member,
               GHashTable          *claimed,
               GError             **error)
{
  g_autofree char *own = own_name ? plr_recipient_fold_text (own_name) : NULL;

  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    {
      g_autofree char *folded = plr_recipient_fold_text (strings[i]);
      g_autofree char *item_path = g_strdup_printf ("%s.match.%s[%u]", path, member, i);

      if (folded[0] == '\0')
        return set_path_error (error, item_path, "has no letters or digits");
      if (g_strcmp0 (folded, own) == 0)
        continue;
      if (g_hash_table_contains (claimed, folded))
        return set_path_error (error, item_path, "is claimed twice");
      g_hash_table_add (claimed, g_steal_pointer (&folded));
    }

  return TRUE;
}

static PlrRecipient *
read_recipient (JsonNode     *node,
                const char   *path,
                GHashTable   *sources,
                GHashTable   *claimed_names,
                GHashTable   *claimed_keywords,
                GError      **error)
{
  static const char * const allowed[] = {
    "id", "name", "kind", "receives", "purpose", "legal_basis", "opt_out", "opt_out_note",
    "sources", "match", "subject_access", NULL
  };
  static const char * const required[] = {
    "id", "name", "kind", "receives", "purpose", "legal_basis", "opt_out", "opt_out_note",
    "sources", "match", NULL
  };
  static const char * const match_members[] = { "names", "keywords", NULL };
  g_autoptr(PlrRecipient) recipient = NULL;
  g_autoptr(GPtrArray) source_ids = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) keywords = NULL;
  g_autofree char *id_path = g_strdup_printf ("%s.id", path);
  g_autofree char *kind_path = g_strdup_printf ("%s.kind", path);
  g_autofree char *opt_out_path = g_strdup_printf ("%s.opt_out", path);
  g_autofree char *match_path = g_strdup_printf ("%s.match", path);
  PlrRecipientInit init = { NULL, };
  JsonObject *object;
  JsonObject *match;
  const char *kind;
  const char *opt_out;

  object = read_object (node, path, allowed, required, error);
  if (object == NULL)
    return NULL;

  if (!read_string (object, path, "id", TEXT_REQUIRED, MAX_ID_CHARS, &init.id, error) ||
      !check_id (init.id, id_path, error) ||
      !read_string (object, path, "name", TEXT_REQUIRED, MAX_NAME_CHARS, &init.name, error) ||
      !read_string (object, path, "kind", TEXT_REQUIRED, MAX_ID_CHARS, &kind, error) ||
      !read_string (object, path, "receives", TEXT_REQUIRED, MAX_TEXT_CHARS, &init.receives,
                    error) ||
      !read_string (object, path, "purpose", TEXT_REQUIRED, MAX_TEXT_CHARS, &init.purpose,
                    error) ||
      !read_string (object, path, "legal_basis", TEXT_NULLABLE, MAX_TEXT_CHARS,
                    &init.legal_basis, error) ||
      !read_string (object, path, "opt_out", TEXT_REQUIRED, MAX_ID_CHARS, &opt_out, error) ||
      !read_string (object, path, "opt_out_note", TEXT_NULLABLE, MAX_TEXT_CHARS,
                    &init.opt_out_note, error))
    return NULL;

  if (!plr_recipient_kind_from_string (kind, &init.kind))
    {
      set_path_error (error, kind_path, "\"%s\" is not a kind of recipient", kind);
      return NULL;
    }

  if (!read_opt_out (opt_out, opt_out_path, &init.opt_out, error))
    return NULL;

  if (!read_string_array (object, path, "sources", MAX_SOURCES, MAX_ID_CHARS, &source_ids,
                          error))
    return NULL;
  if (source_ids->len == 1)   /* only the terminating NULL */
    {
      g_autofree char *sources_path = g_strdup_printf ("%s.sources", path);
      set_path_error (error, sources_path, "must name at least one notice");
      return NULL;
    }

  match = read_object (json_object_get_member (object, "match"), match_path, match_members,
                       match_members, error);
  if (match == NULL ||
      !read_string_array (match, match_path, "names", MAX_MATCHES, MAX_NAME_CHARS, &names,
                          error) ||
      !read_string_array (match, match_path, "keywords", MAX_MATCHES, MAX_NAME_CHARS,
                          &keywords, error))
    return NULL;

  init.match_names = (const char * const *) names->pdata;
  init.match_keywords = (const char * const *) keywords->pdata;
  if (!claim_name (init.name, path, claimed_names, error) ||
      !claim_matches (init.match_names, init.name, path, "names", claimed_names, error) ||
      !claim_matches (init.match_keywords, NULL, path, "keywords", claimed_keywords, error))
    return NULL;

  if (!read_subject_access (object, path, &init, error))
    return NULL;

  recipient = _plr_recipient_new (&init);

  for (guint i = 0; i + 1 < source_ids->len; i++)
    {
      const char *source_id = g_ptr_array_index (source_ids, i);
      Source *source = g_hash_table_lookup (sources, source_id);

      if (source == NULL)
        {
          g_autofree char *item_path = g_strdup_printf ("%s.sources[%u]", path, i);
          set_path_error (error, item_path, "\"%s\" is not one of the notices in sources",
                          source_id);
          return NULL;
        }
      _plr_recipient_add_source (recipient, source_id, source->title, source->publisher);
    }

  return g_steal_pointer (&recipient);
}

static gboolean
read_dataset (PlrRecipients  *self,
              JsonNode       *root,
              GError        **error)
{
  static const char * const allowed[] = {
    "format", "version", "updated", "about", "sources", "recipients", NULL
  };
  g_autoptr(GHashTable) sources = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) claimed_names =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) claimed_keywords =
    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  const char *format;
  const char *updated;
  const char *about;

  /* The format and its version first: a newer version may hold anything. */
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return set_path_error (error, "", "expected an object, found %s", node_type_name (root));
  object = json_node_get_object (root);

  if (!read_string (object, "", "format", TEXT_REQUIRED, MAX_NAME_CHARS, &format, error))
    return FALSE;
  if (!g_str_equal (format, PLR_RECIPIENTS_FORMAT_NAME))
    return set_path_error (error, "format", "expected \"%s\"", PLR_RECIPIENTS_FORMAT_NAME);

  node = json_object_get_member (object, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1)
    return set_path_error (error, "version", "expected a whole number from 1");
  if (json_node_get_int (node) > PLR_RECIPIENTS_FORMAT_VERSION)
    {
      g_set_error (error, PLR_RECIPIENTS_ERROR, PLR_RECIPIENTS_ERROR_TOO_NEW,
                   "version: version %" G_GINT64_FORMAT " is newer than this Learning "
                   "Record reads (%d)", json_node_get_int (node), PLR_RECIPIENTS_FORMAT_VERSION);
      return FALSE;
    }

  if (read_object (root, "", allowed, allowed, error) == NULL)
    return FALSE;

  if (!read_string (object, "", "updated", TEXT_REQUIRED, 10, &updated, error) ||
      !read_string (object, "", "about", TEXT_REQUIRED, MAX_TEXT_CHARS, &about, error))
    return FALSE;
  if (!plr_field_parse_date (updated, NULL, NULL, NULL))
    return set_path_error (error, "updated", "expected a date, yyyy-mm-dd");

  if (!read_sources (object, sources, error))
    return FALSE;

  node = json_object_get_member (object, "recipients");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_path_error (error, "recipients", "expected an array, found %s",
                           node_type_name (node));
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 || json_array_get_length (array) > MAX_RECIPIENTS)
    return set_path_error (error, "recipients", "must hold 1 to %u recipients",
                           MAX_RECIPIENTS);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("recipients[%u]", i);
      PlrRecipient *recipient;

      recipient = read_recipient (json_array_get_element (array, i), path, sources,
                                  claimed_names, claimed_keywords, error);
      if (recipient == NULL)
        return FALSE;

      if (g_hash_table_contains (ids, plr_recipient_get_id (recipient)))
        {
          g_autofree char *id_path = g_strdup_printf ("%s.id", path);
          set_path_error (error, id_path, "\"%s\" is used twice", plr_recipient_get_id (recipient));
          g_object_unref (recipient);
          return FALSE;
        }
      g_hash_table_add (ids, (gpointer) plr_recipient_get_id (recipient));
      g_ptr_array_add (self->items, recipient);
    }

  self->updated = g_strdup (updated);
  self->about = g_strdup (about);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
plr_recipients_finalize (GObject *object)
{
  PlrRecipients *self = (PlrRecipients *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->updated, g_free);
  g_clear_pointer (&self->about, g_free);

  G_OBJECT_CLASS (plr_recipients_parent_class)->finalize (object);
}

static void
plr_recipients_class_init (PlrRecipientsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_recipients_finalize;
}

static void
plr_recipients_init (PlrRecipients *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

/**
 * plr_recipients_new_from_bytes:
 * @bytes: a recipients dataset, JSON
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set:
 *   %PLR_RECIPIENTS_ERROR_INVALID naming the path of what is wrong, or
 *   %PLR_RECIPIENTS_ERROR_TOO_NEW
 */
PlrRecipients *
plr_recipients_new_from_bytes (GBytes  *bytes,
                               GError **error)
{
  static const PlrRecordLimits limits = {
    .max_bytes = MAX_BYTES,
    .max_events = 0,
    .max_depth = MAX_DEPTH,
  };
  g_autoptr(PlrRecipients) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  root = plr_json_parse (bytes, &limits, &local_error);
  if (root == NULL)
    {
      g_set_error (error, PLR_RECIPIENTS_ERROR, PLR_RECIPIENTS_ERROR_INVALID, "%s",
                   local_error->message);
      return NULL;
    }

  self = g_object_new (PLR_TYPE_RECIPIENTS, NULL);
  if (!read_dataset (self, root, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * plr_recipients_new_from_file:
 * @file: a recipients dataset
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads a dataset from a file, such as a newer one than the app carries.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
PlrRecipients *
plr_recipients_new_from_file (GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  return plr_recipients_new_from_bytes (bytes, error);
}

/**
 * plr_recipients_new_default:
 * @error: return location for a #GError
 *
 * Reads the dataset compiled into Learning Record.
 *
 * Returns: (transfer full): the dataset, or %NULL with @error set
 */
PlrRecipients *
plr_recipients_new_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  PlrRecipients *self;

  /* Looked up in the core's own resource rather than the global namespace,
   * which also keeps that resource linked into every program. */
  bytes = g_resource_lookup_data (plr_core_get_resource (), PLR_RECIPIENTS_RESOURCE_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, PLR_RECIPIENTS_ERROR, PLR_RECIPIENTS_ERROR_NOT_FOUND,
                   _("The list of organisations that receive your data is missing from this "
                     "copy of Learning Record: %s"), local_error->message);
      return NULL;
    }

  self = plr_recipients_new_from_bytes (bytes, &local_error);
  if (self == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("The list of organisations that receive your data could "
                                    "not be read: "));
      return NULL;
    }

  return self;
}

/**
 * plr_recipients_get_updated:
 * @self: a #PlrRecipients
 *
 * Returns: (transfer none): when the dataset was last checked, yyyy-mm-dd
 */
const char *
plr_recipients_get_updated (PlrRecipients *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENTS (self), NULL);
  return self->updated;
}

/**
 * plr_recipients_get_about:
 * @self: a #PlrRecipients
 *
 * Returns: (transfer none): what the dataset is and where it comes from
 */
const char *
plr_recipients_get_about (PlrRecipients *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENTS (self), NULL);
  return self->about;
}

/**
 * plr_recipients_lookup:
 * @self: a #PlrRecipients
 * @id: a recipient's id, such as "dwp"
 *
 * Returns: (transfer none) (nullable): the recipient, or %NULL
 */
PlrRecipient *
plr_recipients_lookup (PlrRecipients *self,
                       const char    *id)
{
  g_return_val_if_fail (PLR_IS_RECIPIENTS (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      PlrRecipient *recipient = g_ptr_array_index (self->items, i);

      if (g_str_equal (plr_recipient_get_id (recipient), id))
        return recipient;
    }

  return NULL;
}

/**
 * plr_recipients_search:
 * @self: a #PlrRecipients
 * @text: (nullable): what the learner typed
 *
 * Finds the recipients whose name, what they receive or why hold @text,
 * ignoring case, accents and punctuation, in the dataset's order.
 *
 * Returns: (transfer full): a list model of #PlrRecipient
 */
GListModel *
plr_recipients_search (PlrRecipients *self,
                       const char    *text)
{
  GListStore *found;

  g_return_val_if_fail (PLR_IS_RECIPIENTS (self), NULL);

  found = g_list_store_new (PLR_TYPE_RECIPIENT);
  for (guint i = 0; i < self->items->len; i++)
    {
      PlrRecipient *recipient = g_ptr_array_index (self->items, i);

      if (plr_recipient_matches_text (recipient, text))
        g_list_store_append (found, recipient);
    }

  return G_LIST_MODEL (found);
}

/**
 * plr_recipients_list_subject_access_bodies:
 * @self: a #PlrRecipients
 *
 * Returns: (transfer full): a list model of the #PlrRecipient a learner may
 *   address a subject access request to
 */
GListModel *
plr_recipients_list_subject_access_bodies (PlrRecipients *self)
{
  GListStore *found;

  g_return_val_if_fail (PLR_IS_RECIPIENTS (self), NULL);

  found = g_list_store_new (PLR_TYPE_RECIPIENT);
  for (guint i = 0; i < self->items->len; i++)
    {
      PlrRecipient *recipient = g_ptr_array_index (self->items, i);

      if (plr_recipient_accepts_subject_access (recipient))
        g_list_store_append (found, recipient);
    }

  return G_LIST_MODEL (found);
}

static gboolean
has_word_run (const char *haystack,
              const char *words)
{
  g_autofree char *padded_haystack = g_strconcat (" ", haystack, " ", NULL);
  g_autofree char *padded_words = g_strconcat (" ", words, " ", NULL);

  return strstr (padded_haystack, padded_words) != NULL;
}

/**
 * plr_recipients_match_organisation:
 * @self: a #PlrRecipients
 * @organisation: an organisation's name as an access log gives it
 *
 * Says which recipient an organisation is: first by name ("DWP", "Office
 * for Students"), then by a keyword among its words ("Coleg Gwent" is a
 * learning provider, "WJEC/CBAC" an awarding organisation). Case, accents
 * and punctuation do not matter. An employer or a company that is not
 * named matches nothing: the learner has to judge it.
 *
 * Returns: (transfer none) (nullable): the recipient, or %NULL
 */
PlrRecipient *
plr_recipients_match_organisation (PlrRecipients *self,
                                   const char    *organisation)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (PLR_IS_RECIPIENTS (self), NULL);

  folded = plr_recipient_fold_text (organisation);
  if (folded[0] == '\0')
    return NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      PlrRecipient *recipient = g_ptr_array_index (self->items, i);
      const char * const *names = plr_recipient_get_match_names (recipient);
      g_autofree char *own_name = plr_recipient_fold_text (plr_recipient_get_name (recipient));

      if (g_str_equal (own_name, folded))
        return recipient;

      for (guint j = 0; names[j] != NULL; j++)
        {
          g_autofree char *name = plr_recipient_fold_text (names[j]);

          if (g_str_equal (name, folded))
            return recipient;
        }
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      PlrRecipient *recipient = g_ptr_array_index (self->items, i);
      const char * const *keywords = plr_recipient_get_match_keywords (recipient);

      for (guint j = 0; keywords[j] != NULL; j++)
        {
          g_autofree char *keyword = plr_recipient_fold_text (keywords[j]);

          if (has_word_run (folded, keyword))
            return recipient;
        }
    }

  return NULL;
}
