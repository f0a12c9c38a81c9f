/* plr-access-log.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-access-log"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-date.h"
#include "plr-access-log.h"
#include "plr-json.h"

/* "Who looked at my record": the PLR service's access log
 * (GET /v1/access-log, docs/protocol.md), read strictly page by page, as a
 * list model of PlrAccessLogEntry, newest first, and an analysis that
 * flags what a learner may want to ask about:
 *
 * - many reads: one organisation reading the record more than
 *   PLR_ACCESS_LOG_MANY_READS_PER_DAY times in one day, UK time;
 * - an unknown organisation: one that matches nothing in the recipients
 *   dataset, by name or by kind (an employer the learner works for looks
 *   like this too: the learner is the judge);
 * - reads at night (00:00 to 04:59 UK time), when asked for.
 *
 * The learner's own client (PLR_ACCESS_LOG_OWN_CLIENT) is never unusual.
 * Reads through a share the learner made are never "unknown" (the learner
 * chose the recipient), but are counted like any other.
 *
 * Nothing here logs an entry: who read a learner's record, and why, is
 * personal data. */

#define MAX_ORGANISATION_CHARS 255
#define MAX_UKPRN_CHARS        32
#define MAX_USER_CHARS         255
#define MAX_ACTION_CHARS       64
#define MAX_PURPOSE_CHARS      1000
#define MAX_CURSOR_BYTES       1024

struct _PlrAccessLog
{
  GObject    parent_instance;

  GPtrArray *entries;   /* PlrAccessLogEntry, newest first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (PlrAccessLog, plr_access_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))
G_DEFINE_QUARK (plr-access-log-error-quark, plr_access_log_error)
G_DEFINE_BOXED_TYPE (PlrAccessFinding, plr_access_finding,
                     plr_access_finding_copy, plr_access_finding_free)

/* ------------------------------------------------------------------------ */
/* Findings                                                                  */

/**
 * plr_access_finding_copy:
 * @finding: a #PlrAccessFinding
 *
 * Returns: (transfer full): a copy
 */
PlrAccessFinding *
plr_access_finding_copy (const PlrAccessFinding *finding)
{
  PlrAccessFinding *copy;

  g_return_val_if_fail (finding != NULL, NULL);

  copy = g_new0 (PlrAccessFinding, 1);
  copy->kind = finding->kind;
  copy->organisation = g_strdup (finding->organisation);
  copy->first_at = finding->first_at ? g_date_time_ref (finding->first_at) : NULL;
  copy->last_at = finding->last_at ? g_date_time_ref (finding->last_at) : NULL;
  copy->n_entries = finding->n_entries;

  return copy;
}

/**
 * plr_access_finding_free:
 * @finding: (nullable): a #PlrAccessFinding
 */
void
plr_access_finding_free (PlrAccessFinding *finding)
{
  if (finding == NULL)
    return;

  g_clear_pointer (&finding->organisation, g_free);
  g_clear_pointer (&finding->first_at, g_date_time_unref);
  g_clear_pointer (&finding->last_at, g_date_time_unref);
  g_free (finding);
}

/**
 * plr_access_finding_describe:
 * @finding: a #PlrAccessFinding
 *
 * Returns: (transfer full): what was found and what the learner can do,
 *   in a sentence or two
 */
char *
plr_access_finding_describe (const PlrAccessFinding *finding)
{
  g_autofree char *last_day = NULL;
  g_autofree char *last_time = NULL;

  g_return_val_if_fail (finding != NULL, NULL);

  last_day = plr_date_format_long (finding->last_at);
  /* Translators: a time of day, such as "02:14"; see strftime(3) */
  last_time = g_date_time_format (finding->last_at, _("%H:%M"));

  switch (finding->kind)
    {
    case PLR_ACCESS_FINDING_MANY_READS:
      /* Translators: "Coleg Gwent looked at your record 5 times on 7 October 2026. ..." */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s looked at your record %u time on %s. More than "
                                           "%u looks by one organisation in a day is unusual: "
                                           "you can ask them why.",
                                           "%s looked at your record %u times on %s. More than "
                                           "%u looks by one organisation in a day is unusual: "
                                           "you can ask them why.",
                                           finding->n_entries),
                              finding->organisation, finding->n_entries, last_day,
                              PLR_ACCESS_LOG_MANY_READS_PER_DAY);

    case PLR_ACCESS_FINDING_UNKNOWN_ORGANISATION:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s looked at your record (%u time, last on %s), "
                                           "but it is not one of the organisations the public "
                                           "notices name. If you do not deal with it, for "
                                           "example as your employer, you can ask the "
                                           "Department for Education why it saw your record.",
                                           "%s looked at your record (%u times, last on %s), "
                                           "but it is not one of the organisations the public "
                                           "notices name. If you do not deal with it, for "
                                           "example as your employer, you can ask the "
                                           "Department for Education why it saw your record.",
                                           finding->n_entries),
                              finding->organisation, finding->n_entries, last_day);

    case PLR_ACCESS_FINDING_NIGHT_READS:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s looked at your record at night (%u time, last "
                                           "on %s at %s).",
                                           "%s looked at your record at night (%u times, last "
                                           "on %s at %s).",
                                           finding->n_entries),
                              finding->organisation, finding->n_entries, last_day, last_time);
    }
}

/* ------------------------------------------------------------------------ */
/* GListModel                                                                */

static GType
plr_access_log_get_item_type (GListModel *model)
{
  return PLR_TYPE_ACCESS_LOG_ENTRY;
}

static guint
plr_access_log_get_n_items (GListModel *model)
{
  return PLR_ACCESS_LOG (model)->entries->len;
}

static gpointer
plr_access_log_get_item (GListModel *model,
                         guint       position)
{
  PlrAccessLog *self = PLR_ACCESS_LOG (model);

  if (position >= self->entries->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = plr_access_log_get_item_type;
  iface->get_n_items = plr_access_log_get_n_items;
  iface->get_item = plr_access_log_get_item;
}

static void
plr_access_log_finalize (GObject *object)
{
  PlrAccessLog *self = (PlrAccessLog *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (plr_access_log_parent_class)->finalize (object);
}

static void
plr_access_log_class_init (PlrAccessLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_access_log_finalize;
}

static void
plr_access_log_init (PlrAccessLog *self)
{
}

/* ------------------------------------------------------------------------ */
/* Reading a page                                                            */

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

  /* Only the path and the rule: never the value, which is personal data. */
  g_set_error (error, PLR_ACCESS_LOG_ERROR, PLR_ACCESS_LOG_ERROR_INVALID, "%s: %s", path,
               message);
  return FALSE;
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


/* A text member: required and not empty, or (when @nullable) absent or
 * null. No control characters, at most @max_chars characters. */
static gboolean
read_text (JsonObject   *object,
           const char   *path,
           const char   *member,
           gboolean      nullable,
           guint         max_chars,
           const char  **out,
           GError      **error)
{
  g_autofree char *member_path = g_strdup_printf ("%s.%s", path, member);
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  *out = NULL;

  if (nullable && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;

  if (node == NULL)
    return set_path_error (error, member_path, "required but missing");

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return set_path_error (error, member_path,
                           nullable ? "expected a string or null, found %s"
                                    : "expected a string, found %s",
                           node_type_name (node));

  text = json_node_get_string (node);
  if (text[0] == '\0')
    return set_path_error (error, member_path, "must not be empty");

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return set_path_error (error, member_path, "holds a control character");

  if (g_utf8_strlen (text, -1) > max_chars)
    return set_path_error (error, member_path, "is longer than %u characters", max_chars);

  *out = text;
  return TRUE;
}

static PlrAccessLogEntry *read_entry (JsonNode    *node,
                                      const char  *path,
                                      GPtrArray   *unknown,
                                      GError     **error);

/**
 * plr_access_log_entry_from_json_node:
 * @node: one element of a page's "entries"
 * @path: its path for errors, such as "entries[12]"
 * @error: return location for a #GError
 *
 * Reads one access log entry as docs/protocol.md gives it: "at" (ISO 8601
 * with a time zone), "organisation" and "action" required; "ukprn", "user"
 * and "purpose" strings, null or absent. Members a later version of the
 * protocol may add are skipped, never stored (docs/protocol.md, "Forward
 * compatibility"), and counted in a debug line. A UKPRN is kept as given,
 * like everywhere in the LRS's data.
 *
 * Returns: (transfer full): the entry, or %NULL with
 *   %PLR_ACCESS_LOG_ERROR_INVALID naming the path
 */
PlrAccessLogEntry *
plr_access_log_entry_from_json_node (JsonNode    *node,
                                     const char  *path,
                                     GError     **error)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  PlrAccessLogEntry *entry;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  entry = read_entry (node, path, unknown, error);
  plr_json_log_unknown ("An access log entry", unknown);
  return entry;
}

static PlrAccessLogEntry *
read_entry (JsonNode    *node,
            const char  *path,
            GPtrArray   *unknown,
            GError     **error)
{
  static const char * const allowed[] = {
    "at", "organisation", "ukprn", "user", "action", "purpose", NULL
  };
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *at_path = NULL;
  g_autofree char *action_path = NULL;
  JsonObject *object;
  const char *at_text, *organisation, *ukprn, *user, *action, *purpose;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_path_error (error, path, "expected an object, found %s", node_type_name (node));
      return NULL;
    }

  object = json_node_get_object (node);
  plr_json_collect_unknown (object, path, allowed, unknown);
  if (!read_text (object, path, "at", FALSE, 64, &at_text, error) ||
      !read_text (object, path, "organisation", FALSE, MAX_ORGANISATION_CHARS, &organisation,
                  error) ||
      !read_text (object, path, "ukprn", TRUE, MAX_UKPRN_CHARS, &ukprn, error) ||
      !read_text (object, path, "user", TRUE, MAX_USER_CHARS, &user, error) ||
      !read_text (object, path, "action", FALSE, MAX_ACTION_CHARS, &action, error) ||
      !read_text (object, path, "purpose", TRUE, MAX_PURPOSE_CHARS, &purpose, error))
    return NULL;

  /* Without a default zone, a time without one is refused. */
  at = g_date_time_new_from_iso8601 (at_text, NULL);
  if (at == NULL)
    {
      at_path = g_strdup_printf ("%s.at", path);
      set_path_error (error, at_path, "expected an ISO 8601 time with a time zone");
      return NULL;
    }

  for (const char *p = action; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      {
        action_path = g_strdup_printf ("%s.action", path);
        set_path_error (error, action_path, "may hold only a-z, 0-9 and '-'");
        return NULL;
      }

  return plr_access_log_entry_new (at, organisation, ukprn, user, action, purpose);
}

/**
 * plr_access_log_parse_page:
 * @root: a page of GET /v1/access-log
 * @entries: (element-type PlrAccessLogEntry): where the entries are appended;
 *   the paths in errors count from its length ("entries[1000]" on a second page)
 * @next_cursor: (out) (transfer full) (nullable): the cursor of the next
 *   page, or %NULL on the last page
 * @error: return location for a #GError
 *
 * Reads one page strictly: an object of "entries" (an array) and
 * "next_cursor" (a string or null); other members are skipped. A page that is not the last must hold
 * entries, or a broken service could page forever.
 *
 * Returns: %TRUE on success; on failure @entries is as it was
 */
gboolean
plr_access_log_parse_page (JsonNode   *root,
                           GPtrArray  *entries,
                           char      **next_cursor,
                           GError    **error)
{
  static const char * const allowed[] = { "entries", "next_cursor", NULL };
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  const char *cursor = NULL;

  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);
  g_return_val_if_fail (next_cursor != NULL, FALSE);

  *next_cursor = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return set_path_error (error, "the page", "expected an object, found %s",
                           node_type_name (root));

  unknown = g_ptr_array_new_with_free_func (g_free);
  object = json_node_get_object (root);
  plr_json_collect_unknown (object, NULL, allowed, unknown);

  node = json_object_get_member (object, "entries");
  if (node == NULL)
    return set_path_error (error, "entries", "required but missing");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return set_path_error (error, "entries", "expected an array, found %s",
                           node_type_name (node));
  array = json_node_get_array (node);

  node = json_object_get_member (object, "next_cursor");
  if (node == NULL)
    return set_path_error (error, "next_cursor", "required but missing");
  if (!JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return set_path_error (error, "next_cursor", "expected a string or null, found %s",
                               node_type_name (node));
      cursor = json_node_get_string (node);
      if (cursor[0] == '\0' || strlen (cursor) > MAX_CURSOR_BYTES)
        return set_path_error (error, "next_cursor", "must be 1 to %u characters",
                               MAX_CURSOR_BYTES);
      for (const char *p = cursor; *p; p++)
        if (!g_ascii_isgraph (*p))
          return set_path_error (error, "next_cursor", "must be printable ASCII");
      if (json_array_get_length (array) == 0)
        return set_path_error (error, "entries", "empty, but the page is not the last");
    }

  if ((gsize) entries->len + json_array_get_length (array) > PLR_ACCESS_LOG_MAX_ENTRIES)
    {
      g_set_error (error, PLR_ACCESS_LOG_ERROR, PLR_ACCESS_LOG_ERROR_TOO_LARGE,
                   "entries: more than %u entries", PLR_ACCESS_LOG_MAX_ENTRIES);
      return FALSE;
    }

  page = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      char path[32];
      PlrAccessLogEntry *entry;

      g_snprintf (path, sizeof path, "entries[%u]", entries->len + i);
      entry = read_entry (json_array_get_element (array, i), path, unknown, error);
      if (entry == NULL)
        return FALSE;
      g_ptr_array_add (page, entry);
    }

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (entries, g_object_ref (g_ptr_array_index (page, i)));

  plr_json_log_unknown ("A page of the access log", unknown);
  *next_cursor = g_strdup (cursor);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The log and its analysis                                                  */

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  PlrAccessLogEntry *entry_a = *(PlrAccessLogEntry **) a;
  PlrAccessLogEntry *entry_b = *(PlrAccessLogEntry **) b;

  return g_date_time_compare (plr_access_log_entry_get_at (entry_b),
                              plr_access_log_entry_get_at (entry_a));
}

/**
 * plr_access_log_new:
 * @entries: (element-type PlrAccessLogEntry): the entries, in any order
 *
 * Returns: (transfer full): a log of @entries, newest first (entries at the
 *   same time keep their order)
 */
PlrAccessLog *
plr_access_log_new (GPtrArray *entries)
{
  PlrAccessLog *self;

  g_return_val_if_fail (entries != NULL, NULL);

  self = g_object_new (PLR_TYPE_ACCESS_LOG, NULL);
  self->entries = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      g_return_val_if_fail (PLR_IS_ACCESS_LOG_ENTRY (g_ptr_array_index (entries, i)), self);
      g_ptr_array_add (self->entries, g_object_ref (g_ptr_array_index (entries, i)));
    }
  g_ptr_array_sort (self->entries, compare_newest_first);

  return self;
}

typedef struct
{
  PlrAccessFinding  finding;
  GArray           *indexes;   /* guint: the entries' positions in the log */
} Group;

static void
group_free (Group *group)
{
  g_clear_pointer (&group->finding.organisation, g_free);
  g_clear_pointer (&group->finding.first_at, g_date_time_unref);
  g_clear_pointer (&group->finding.last_at, g_date_time_unref);
  g_clear_pointer (&group->indexes, g_array_unref);
  g_free (group);
}

static void
group_add (GHashTable           *groups,
           GPtrArray            *order,
           const char           *key,
           PlrAccessFindingKind  kind,
           PlrAccessLogEntry    *entry,
           guint                 index,
           GDateTime            *local_at)
{
  Group *group = g_hash_table_lookup (groups, key);

  if (group == NULL)
    {
      group = g_new0 (Group, 1);
      group->finding.kind = kind;
      group->finding.organisation = g_strdup (plr_access_log_entry_get_organisation (entry));
      group->indexes = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (groups, g_strdup (key), group);
      g_ptr_array_add (order, group);
    }

  if (group->finding.first_at == NULL ||
      g_date_time_compare (local_at, group->finding.first_at) < 0)
    {
      g_clear_pointer (&group->finding.first_at, g_date_time_unref);
      group->finding.first_at = g_date_time_ref (local_at);
    }
  if (group->finding.last_at == NULL ||
      g_date_time_compare (local_at, group->finding.last_at) > 0)
    {
      g_clear_pointer (&group->finding.last_at, g_date_time_unref);
      group->finding.last_at = g_date_time_ref (local_at);
    }
  group->finding.n_entries++;
  g_array_append_val (group->indexes, index);
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const PlrAccessFinding *finding_a = *(const PlrAccessFinding **) a;
  const PlrAccessFinding *finding_b = *(const PlrAccessFinding **) b;

  if (finding_a->kind != finding_b->kind)
    return finding_a->kind < finding_b->kind ? -1 : 1;

  /* The most recent first. */
  return g_date_time_compare (finding_b->last_at, finding_a->last_at);
}

/**
 * plr_access_log_analyse:
 * @self: a #PlrAccessLog
 * @recipients: the recipients dataset, to tell known organisations
 * @time_zone: (nullable): the zone days and nights are counted in; %NULL
 *   for the UK's (Europe/London)
 * @flags: what else to look for
 *
 * Sets every entry's reader, recipient and concerns (see the top of this
 * file for the rules) and sums up the unusual patterns. Running it again,
 * with a newer dataset say, replaces the earlier analysis.
 *
 * Returns: (transfer full) (element-type PlrAccessFinding): the findings,
 *   many reads first, then unknown organisations, then reads at night;
 *   the most recent first within each
 */
GPtrArray *
plr_access_log_analyse (PlrAccessLog          *self,
                        PlrRecipients         *recipients,
                        GTimeZone             *time_zone,
                        PlrAccessAnalyseFlags  flags)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GHashTable) per_day = NULL;
  g_autoptr(GHashTable) unknown = NULL;
  g_autoptr(GHashTable) night = NULL;
  g_autoptr(GHashTable) known = NULL;
  g_autoptr(GPtrArray) day_groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autoptr(GPtrArray) unknown_groups =
    g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autoptr(GPtrArray) night_groups =
    g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autofree PlrAccessConcerns *concerns = NULL;
  g_autofree PlrAccessReader *readers = NULL;
  g_autofree PlrRecipient **matched = NULL;
  GPtrArray *findings;

  g_return_val_if_fail (PLR_IS_ACCESS_LOG (self), NULL);
  g_return_val_if_fail (PLR_IS_RECIPIENTS (recipients), NULL);

  if (time_zone != NULL)
    zone = g_time_zone_ref (time_zone);
  else if ((zone = g_time_zone_new_identifier ("Europe/London")) == NULL)
    zone = g_time_zone_new_local ();

  /* The groups own their keys; the tables only find them. */
  per_day = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  night = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Organisation name -> its recipient, or NULL: a log names few
   * organisations, many times. */
  known = g_hash_table_new (g_str_hash, g_str_equal);

  concerns = g_new0 (PlrAccessConcerns, MAX (self->entries->len, 1));
  readers = g_new0 (PlrAccessReader, MAX (self->entries->len, 1));
  matched = g_new0 (PlrRecipient *, MAX (self->entries->len, 1));

  for (guint i = 0; i < self->entries->len; i++)
    {
      PlrAccessLogEntry *entry = g_ptr_array_index (self->entries, i);
      const char *organisation = plr_access_log_entry_get_organisation (entry);
      g_autoptr(GDateTime) local_at = NULL;
      g_autofree char *folded = NULL;
      g_autofree char *day = NULL;
      g_autofree char *day_key = NULL;

      if (g_str_equal (organisation, PLR_ACCESS_LOG_OWN_CLIENT))
        {
          readers[i] = PLR_ACCESS_READER_YOU;
          continue;
        }

      local_at = g_date_time_to_timezone (plr_access_log_entry_get_at (entry), zone);
      folded = plr_recipient_fold_text (organisation);
      if (folded[0] == '\0')
        {
          /* Only punctuation: group it by what it is. */
          g_free (folded);
          folded = g_strdup (organisation);
        }

      if (!g_hash_table_lookup_extended (known, organisation, NULL, (gpointer *) &matched[i]))
        {
          matched[i] = plr_recipients_match_organisation (recipients, organisation);
          g_hash_table_insert (known, (gpointer) organisation, matched[i]);
        }
      if (g_str_equal (plr_access_log_entry_get_action (entry), PLR_ACCESS_LOG_ACTION_SHARE_VIEW))
        readers[i] = PLR_ACCESS_READER_SHARE;
      else if (matched[i] != NULL)
        readers[i] = PLR_ACCESS_READER_KNOWN;
      else
        {
          readers[i] = PLR_ACCESS_READER_UNKNOWN;
          group_add (unknown, unknown_groups, folded, PLR_ACCESS_FINDING_UNKNOWN_ORGANISATION,
                     entry, i, local_at);
        }

      day = g_date_time_format (local_at, "%Y-%m-%d");
      day_key = g_strconcat (folded, "\n", day, NULL);
      group_add (per_day, day_groups, day_key, PLR_ACCESS_FINDING_MANY_READS, entry, i,
                 local_at);

      if ((flags & PLR_ACCESS_ANALYSE_NIGHT) &&
          g_date_time_get_hour (local_at) >= PLR_ACCESS_LOG_NIGHT_FROM_HOUR &&
          g_date_time_get_hour (local_at) < PLR_ACCESS_LOG_NIGHT_TO_HOUR)
        group_add (night, night_groups, folded, PLR_ACCESS_FINDING_NIGHT_READS, entry, i,
                   local_at);
    }

  findings = g_ptr_array_new_with_free_func ((GDestroyNotify) plr_access_finding_free);

  for (guint i = 0; i < day_groups->len; i++)
    {
      Group *group = g_ptr_array_index (day_groups, i);

      if (group->finding.n_entries <= PLR_ACCESS_LOG_MANY_READS_PER_DAY)
        continue;
      for (guint j = 0; j < group->indexes->len; j++)
        concerns[g_array_index (group->indexes, guint, j)] |= PLR_ACCESS_CONCERN_MANY_READS;
      g_ptr_array_add (findings, plr_access_finding_copy (&group->finding));
    }

  for (guint i = 0; i < self->entries->len; i++)
    if (readers[i] == PLR_ACCESS_READER_UNKNOWN)
      concerns[i] |= PLR_ACCESS_CONCERN_UNKNOWN_ORGANISATION;
  for (guint i = 0; i < unknown_groups->len; i++)
    {
      Group *group = g_ptr_array_index (unknown_groups, i);

      g_ptr_array_add (findings, plr_access_finding_copy (&group->finding));
    }

  for (guint i = 0; i < night_groups->len; i++)
    {
      Group *group = g_ptr_array_index (night_groups, i);

      for (guint j = 0; j < group->indexes->len; j++)
        concerns[g_array_index (group->indexes, guint, j)] |= PLR_ACCESS_CONCERN_NIGHT;
      g_ptr_array_add (findings, plr_access_finding_copy (&group->finding));
    }

  g_ptr_array_sort (findings, compare_findings);

  for (guint i = 0; i < self->entries->len; i++)
    _plr_access_log_entry_set_analysis (g_ptr_array_index (self->entries, i), readers[i],
                                        readers[i] == PLR_ACCESS_READER_YOU ? NULL : matched[i],
                                        concerns[i]);

  return findings;
}

/**
 * plr_access_log_count_concerns:
 * @self: a #PlrAccessLog
 *
 * Returns: how many entries the last analysis found something unusual about
 */
guint
plr_access_log_count_concerns (PlrAccessLog *self)
{
  guint n = 0;

  g_return_val_if_fail (PLR_IS_ACCESS_LOG (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    if (plr_access_log_entry_get_concerns (g_ptr_array_index (self->entries, i)) !=
        PLR_ACCESS_CONCERN_NONE)
      n++;

  return n;
}
