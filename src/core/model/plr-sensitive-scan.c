/* plr-sensitive-scan.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-sensitive-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "plr-core-resources.h"
#include "plr-sensitive-scan.h"

/* A check of the cached record for sensitive personal data, which the LRS
 * tries not to hold (health and disability, ethnic origin, religion, sex
 * life and sexual orientation, criminal matters, trade union membership)
 * and which a learner who finds some should report. It is a hint, not a
 * judgement: each hit names the entry, the field, the kind of data and the
 * term, and the app offers a pre-filled challenge with the reason
 * "sensitive-data" that the learner may send or dismiss.
 *
 * The terms come from plain lists kept in data/ (one per language:
 * sensitive-terms-en.txt, sensitive-terms-cy.txt) and compiled into the
 * core's resource (plr-core.gresource.xml), a line each:
 *
 *     category<TAB>term
 *
 * where category is health, ethnicity, religion, sexuality,
 * criminal-record or trade-union; "ignore" marks a phrase that is a course
 * topic rather than data about the learner ("Understanding Autism"):
 * a term inside one does not count. Lines starting with # are comments.
 *
 * Terms match whole words, in order, ignoring case and accents (so
 * "Trade-Union" matches "trade union" and "CARCHAR" matches "carchar").
 * Only the text fields where such data could be recorded are read: the
 * entries' subject, type, level, grade, awarding organisation and provider,
 * and the learner's school and addresses. Names are never read: a name
 * such as Christian or Islam is not a religion.
 *
 * Never logged: the record's text, the terms found. */

#define IGNORE_CATEGORY (-1)

typedef struct
{
  int    category;      /* a PlrSensitiveCategory, or IGNORE_CATEGORY */
  char  *term;          /* as the list spells it */
  GStrv  tokens;        /* normalised words */
} Term;

struct _PlrSensitiveScan
{
  GObject     parent_instance;

  GPtrArray  *terms;    /* Term */
  GHashTable *by_first; /* first token → GPtrArray of Term (not owned) */
};

G_DEFINE_FINAL_TYPE (PlrSensitiveScan, plr_sensitive_scan, G_TYPE_OBJECT)
G_DEFINE_QUARK (plr-sensitive-scan-error-quark, plr_sensitive_scan_error)
G_DEFINE_BOXED_TYPE (PlrSensitiveHit, plr_sensitive_hit, plr_sensitive_hit_copy,
                     plr_sensitive_hit_free)

G_DEFINE_ENUM_TYPE (PlrSensitiveCategory, plr_sensitive_category,
  G_DEFINE_ENUM_VALUE (PLR_SENSITIVE_CATEGORY_HEALTH, "health"),
  G_DEFINE_ENUM_VALUE (PLR_SENSITIVE_CATEGORY_ETHNICITY, "ethnicity"),
  G_DEFINE_ENUM_VALUE (PLR_SENSITIVE_CATEGORY_RELIGION, "religion"),
  G_DEFINE_ENUM_VALUE (PLR_SENSITIVE_CATEGORY_SEXUALITY, "sexuality"),
  G_DEFINE_ENUM_VALUE (PLR_SENSITIVE_CATEGORY_CRIMINAL_RECORD, "criminal-record"),
  G_DEFINE_ENUM_VALUE (PLR_SENSITIVE_CATEGORY_TRADE_UNION, "trade-union"))

static const char * const category_names[] = {
  "health", "ethnicity", "religion", "sexuality", "criminal-record", "trade-union"
};

#define SENSITIVE_TERMS_RESOURCE_DIR "/io/github/learningrecord/LearningRecord/core/"

static const char * const list_files[] = {
  "sensitive-terms-en.txt",
  "sensitive-terms-cy.txt",
};

static const PlrEventField event_fields[] = {
  PLR_EVENT_FIELD_SUBJECT,
  PLR_EVENT_FIELD_QUALIFICATION_TYPE,
  PLR_EVENT_FIELD_LEVEL,
  PLR_EVENT_FIELD_GRADE,
  PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
  PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
};

static const PlrLearnerField learner_fields[] = {
  PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16,
  PLR_LEARNER_FIELD_PLACE_OF_BIRTH,
  PLR_LEARNER_FIELD_ADDRESS_LINE_1,
  PLR_LEARNER_FIELD_ADDRESS_LINE_2,
  PLR_LEARNER_FIELD_ADDRESS_TOWN,
  PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY,
};

/* ------------------------------------------------------------------------ */
/* Categories and hits                                                       */

const char *
plr_sensitive_category_to_string (PlrSensitiveCategory category)
{
  g_return_val_if_fail ((guint) category < G_N_ELEMENTS (category_names), NULL);
  return category_names[category];
}

gboolean
plr_sensitive_category_from_string (const char           *text,
                                    PlrSensitiveCategory *category)
{
  g_return_val_if_fail (category != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (category_names); i++)
    if (g_strcmp0 (text, category_names[i]) == 0)
      {
        *category = (PlrSensitiveCategory) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * plr_sensitive_category_get_label:
 * @category: a #PlrSensitiveCategory
 *
 * Returns: (transfer none): the kind of data in words, translated
 */
const char *
plr_sensitive_category_get_label (PlrSensitiveCategory category)
{
  switch (category)
    {
    case PLR_SENSITIVE_CATEGORY_HEALTH: return _("health or disability");
    case PLR_SENSITIVE_CATEGORY_ETHNICITY: return _("ethnic origin");
    case PLR_SENSITIVE_CATEGORY_RELIGION: return _("religion or belief");
    case PLR_SENSITIVE_CATEGORY_SEXUALITY: return _("sex life or sexual orientation");
    case PLR_SENSITIVE_CATEGORY_CRIMINAL_RECORD: return _("criminal record");
    case PLR_SENSITIVE_CATEGORY_TRADE_UNION: return _("trade union membership");
    default:
      g_return_val_if_reached ("");
    }
}

PlrSensitiveHit *
plr_sensitive_hit_copy (const PlrSensitiveHit *hit)
{
  PlrSensitiveHit *copy;

  g_return_val_if_fail (hit != NULL, NULL);

  copy = g_new0 (PlrSensitiveHit, 1);
  *copy = *hit;
  copy->field = g_strdup (hit->field);
  copy->term = g_strdup (hit->term);

  return copy;
}

void
plr_sensitive_hit_free (PlrSensitiveHit *hit)
{
  if (hit == NULL)
    return;

  g_clear_pointer (&hit->field, g_free);
  g_clear_pointer (&hit->term, g_free);
  g_free (hit);
}

/**
 * plr_sensitive_hit_create_challenge:
 * @hit: a hit from plr_sensitive_scan_record()
 * @record: the record that was scanned
 *
 * A draft challenge against the field that holds the data, with the
 * reason "sensitive-data", no proposed value (the data should go) and
 * details that say which kind of data it is. The learner reads and may
 * change it before sending.
 *
 * Returns: (transfer full) (nullable): the draft, or %NULL when @record
 *   no longer has the entry
 */
PlrChallenge *
plr_sensitive_hit_create_challenge (const PlrSensitiveHit *hit,
                                    PlrRecord             *record)
{
  g_autoptr(PlrChallenge) challenge = NULL;
  g_autofree char *details = NULL;
  int field;

  g_return_val_if_fail (hit != NULL, NULL);
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);
  g_return_val_if_fail (hit->field != NULL, NULL);

  if (hit->target == PLR_CHALLENGE_TARGET_EVENT)
    {
      PlrLearningEvent *event;

      if (hit->position >= plr_record_get_n_events (record))
        return NULL;
      event = plr_record_get_event (record, hit->position);
      field = plr_event_field_from_name (hit->field);
      if (plr_learning_event_get_id (event) != hit->event_id || field < 0)
        return NULL;
      challenge = plr_challenge_new_for_event (event, field, PLR_CHALLENGE_REASON_SENSITIVE_DATA);
    }
  else
    {
      field = plr_learner_field_from_name (hit->field);
      if (field < 0)
        return NULL;
      challenge = plr_challenge_new_for_learner (plr_record_get_learner (record), field,
                                                 PLR_CHALLENGE_REASON_SENSITIVE_DATA);
    }

  /* Translators: %s is a kind of data, such as "health or disability" */
  details = g_strdup_printf (_("This detail seems to hold sensitive personal data about me "
                               "(%s), which the Learning Records Service should not keep. "
                               "Please remove it."),
                             plr_sensitive_category_get_label (hit->category));
  plr_challenge_set_details (challenge, details);

  return g_steal_pointer (&challenge);
}

/* ------------------------------------------------------------------------ */
/* Words                                                                     */

/* Splits @text into lower-case words without accents: letters and digits
 * make words, anything else separates them. */
static GPtrArray *
tokenize (const char *text)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_steal_pointer (&tokens);

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gboolean in_word = FALSE;
      gsize n;

      if (c == 0)
        break;

      /* A combining accent belongs to the letter before it. */
      if (g_unichar_ismark (c))
        continue;

      /* "Ŵ" gives "w", "ﬁ" gives "fi". */
      n = g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed));
      for (gsize i = 0; i < n; i++)
        {
          gunichar base = g_unichar_tolower (decomposed[i]);

          if (g_unichar_ismark (base) || !g_unichar_isalnum (base))
            continue;
          g_string_append_unichar (word, base);
          in_word = TRUE;
        }

      if (!in_word && word->len > 0)
        {
          g_ptr_array_add (tokens, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
    }

  if (word->len > 0)
    g_ptr_array_add (tokens, g_strdup (word->str));

  return g_steal_pointer (&tokens);
}

static void
term_free (Term *term)
{
  g_clear_pointer (&term->term, g_free);
  g_clear_pointer (&term->tokens, g_strfreev);
  g_free (term);
}

/* ------------------------------------------------------------------------ */
/* The object                                                                */

static void
plr_sensitive_scan_finalize (GObject *object)
{
  PlrSensitiveScan *self = (PlrSensitiveScan *)object;

  g_clear_pointer (&self->by_first, g_hash_table_unref);
  g_clear_pointer (&self->terms, g_ptr_array_unref);

  G_OBJECT_CLASS (plr_sensitive_scan_parent_class)->finalize (object);
}

static void
plr_sensitive_scan_class_init (PlrSensitiveScanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_sensitive_scan_finalize;
}

static void
plr_sensitive_scan_init (PlrSensitiveScan *self)
{
  self->terms = g_ptr_array_new_with_free_func ((GDestroyNotify) term_free);
  self->by_first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
}

/**
 * plr_sensitive_scan_new:
 *
 * Returns: (transfer full): a scan with no terms yet
 */
PlrSensitiveScan *
plr_sensitive_scan_new (void)
{
  return g_object_new (PLR_TYPE_SENSITIVE_SCAN, NULL);
}

/**
 * plr_sensitive_scan_new_default:
 * @error: return location for a #GError
 *
 * Loads the lists that Learning Record carries (English and Welsh),
 * compiled into the core's own resource, so the app, the service and the
 * tests read the same copy without looking for a path.
 *
 * Returns: (transfer full): the scan, or %NULL with
 *   %PLR_SENSITIVE_SCAN_ERROR_NOT_FOUND when a list is missing from the
 *   resource, or %PLR_SENSITIVE_SCAN_ERROR_INVALID for a list it cannot read
 */
PlrSensitiveScan *
plr_sensitive_scan_new_default (GError **error)
{
  g_autoptr(PlrSensitiveScan) self = plr_sensitive_scan_new ();

  for (guint f = 0; f < G_N_ELEMENTS (list_files); f++)
    {
      g_autofree char *path = g_strconcat (SENSITIVE_TERMS_RESOURCE_DIR, list_files[f], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize length = 0;
      const char *data;

      /* Looked up in the core's own resource rather than the global
       * namespace, which also keeps that resource linked in. */
      bytes = g_resource_lookup_data (plr_core_get_resource (), path,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
      if (bytes == NULL)
        {
          g_set_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_NOT_FOUND,
                       _("The lists of sensitive terms are missing from this copy of Learning "
                         "Record, so your record cannot be checked for sensitive data: %s"),
                       local_error->message);
          return NULL;
        }

      data = g_bytes_get_data (bytes, &length);
      if (!plr_sensitive_scan_load_data (self, data, (gssize) length, list_files[f], error))
        return NULL;
    }

  return g_steal_pointer (&self);
}

static void
add_term (PlrSensitiveScan *self,
          int               category,
          const char       *text,
          GPtrArray        *tokens)
{
  Term *term = g_new0 (Term, 1);
  GPtrArray *bucket;

  term->category = category;
  term->term = g_strdup (text);
  g_ptr_array_add (tokens, NULL);
  term->tokens = g_strdupv ((char **) tokens->pdata);
  g_ptr_array_set_size (tokens, tokens->len - 1);
  g_ptr_array_add (self->terms, term);

  bucket = g_hash_table_lookup (self->by_first, term->tokens[0]);
  if (bucket == NULL)
    {
      bucket = g_ptr_array_new ();
      g_hash_table_insert (self->by_first, g_strdup (term->tokens[0]), bucket);
    }
  g_ptr_array_add (bucket, term);
}

/**
 * plr_sensitive_scan_load_data:
 * @self: a #PlrSensitiveScan
 * @data: a list: lines of "category<TAB>term"
 * @length: the length of @data, or -1 if it ends with a nul
 * @source_name: the list's name, for error messages
 * @error: return location for a #GError
 *
 * Adds the terms of a list. A list with a line it cannot read adds
 * nothing.
 *
 * Returns: %TRUE on success; %PLR_SENSITIVE_SCAN_ERROR_INVALID naming the
 *   line otherwise
 */
gboolean
plr_sensitive_scan_load_data (PlrSensitiveScan  *self,
                              const char        *data,
                              gssize             length,
                              const char        *source_name,
                              GError           **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GArray) categories = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  g_return_val_if_fail (PLR_IS_SENSITIVE_SCAN (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (source_name == NULL)
    source_name = "list";

  text = length < 0 ? g_strdup (data) : g_strndup (data, (gsize) length);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_INVALID,
                   "%s: not UTF-8", source_name);
      return FALSE;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *tab;
      int category;
      PlrSensitiveCategory known;
      GPtrArray *tokens;

      g_strchomp (line);
      if (line[0] == '\0' || line[0] == '#')
        continue;

      tab = strchr (line, '\t');
      if (tab == NULL)
        {
          g_set_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_INVALID,
                       "%s:%u: expected category<TAB>term", source_name, i + 1);
          return FALSE;
        }
      *tab = '\0';

      if (g_str_equal (line, "ignore"))
        category = IGNORE_CATEGORY;
      else if (plr_sensitive_category_from_string (line, &known))
        category = (int) known;
      else
        {
          g_set_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_INVALID,
                       "%s:%u: unknown category", source_name, i + 1);
          return FALSE;
        }

      tokens = tokenize (g_strstrip (tab + 1));
      if (tokens->len == 0)
        {
          g_ptr_array_unref (tokens);
          g_set_error (error, PLR_SENSITIVE_SCAN_ERROR, PLR_SENSITIVE_SCAN_ERROR_INVALID,
                       "%s:%u: the term has no words", source_name, i + 1);
          return FALSE;
        }

      g_ptr_array_add (parsed, tokens);
      g_array_append_val (categories, category);
      g_ptr_array_add (texts, g_strstrip (tab + 1));
    }

  for (guint i = 0; i < parsed->len; i++)
    add_term (self, g_array_index (categories, int, i), g_ptr_array_index (texts, i),
              g_ptr_array_index (parsed, i));

  return TRUE;
}

/**
 * plr_sensitive_scan_load_file:
 * @self: a #PlrSensitiveScan
 * @path: a list's file
 * @error: return location for a #GError
 *
 * Returns: %TRUE if its terms were added
 */
gboolean
plr_sensitive_scan_load_file (PlrSensitiveScan  *self,
                              const char        *path,
                              GError           **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (PLR_IS_SENSITIVE_SCAN (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  name = g_path_get_basename (path);
  return plr_sensitive_scan_load_data (self, contents, (gssize) length, name, error);
}

guint
plr_sensitive_scan_get_n_terms (PlrSensitiveScan *self)
{
  g_return_val_if_fail (PLR_IS_SENSITIVE_SCAN (self), 0);
  return self->terms->len;
}

typedef struct
{
  Term  *term;
  guint  start;
  guint  end;    /* one past the last word */
} Match;

/* The terms found in @text, those inside an "ignore" phrase left out,
 * each term once. */
static GArray *
find_terms (PlrSensitiveScan *self,
            const char       *text)
{
  g_autoptr(GPtrArray) tokens = tokenize (text);
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (Match));
  GArray *found = g_array_new (FALSE, FALSE, sizeof (Match));

  for (guint i = 0; i < tokens->len; i++)
    {
      GPtrArray *bucket = g_hash_table_lookup (self->by_first, g_ptr_array_index (tokens, i));

      for (guint b = 0; bucket != NULL && b < bucket->len; b++)
        {
          Term *term = g_ptr_array_index (bucket, b);
          guint n = g_strv_length (term->tokens);
          gboolean all = i + n <= tokens->len;

          for (guint k = 1; all && k < n; k++)
            all = g_str_equal (term->tokens[k], g_ptr_array_index (tokens, i + k));

          if (all)
            {
              Match match = { term, i, i + n };
              g_array_append_val (matches, match);
            }
        }
    }

  for (guint m = 0; m < matches->len; m++)
    {
      Match *match = &g_array_index (matches, Match, m);
      gboolean ignored = FALSE;
      gboolean seen = FALSE;

      if (match->term->category == IGNORE_CATEGORY)
        continue;

      /* Inside a course title, or inside a longer term ("young offender"
       * inside "young offender institution"). */
      for (guint o = 0; o < matches->len && !ignored; o++)
        {
          Match *other = &g_array_index (matches, Match, o);
          gboolean inside = other->start <= match->start && match->end <= other->end;

          ignored = inside && (other->term->category == IGNORE_CATEGORY ||
                               other->end - other->start > match->end - match->start);
        }

      /* Each term once, even when both lists have it ("diabetes"). */
      for (guint f = 0; f < found->len && !seen; f++)
        {
          Term *term = g_array_index (found, Match, f).term;

          seen = term->category == match->term->category &&
                 g_strv_equal ((const char * const *) term->tokens,
                               (const char * const *) match->term->tokens);
        }

      if (!ignored && !seen)
        g_array_append_val (found, *match);
    }

  return found;
}

static void
add_hits (GPtrArray          *hits,
          GArray             *found,
          PlrChallengeTarget  target,
          gint64              event_id,
          guint               position,
          const char         *field)
{
  for (guint i = 0; i < found->len; i++)
    {
      Match *match = &g_array_index (found, Match, i);
      PlrSensitiveHit *hit = g_new0 (PlrSensitiveHit, 1);

      hit->target = target;
      hit->event_id = event_id;
      hit->position = position;
      hit->field = g_strdup (field);
      hit->category = (PlrSensitiveCategory) match->term->category;
      hit->term = g_strdup (match->term->term);
      g_ptr_array_add (hits, hit);
    }
}

/**
 * plr_sensitive_scan_text:
 * @self: a #PlrSensitiveScan
 * @text: (nullable): some text
 *
 * Returns: (transfer full) (element-type PlrSensitiveHit): the terms found
 *   in @text, each once, with no target or field
 */
GPtrArray *
plr_sensitive_scan_text (PlrSensitiveScan *self,
                         const char       *text)
{
  g_autoptr(GPtrArray) hits =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_sensitive_hit_free);
  g_autoptr(GArray) found = NULL;

  g_return_val_if_fail (PLR_IS_SENSITIVE_SCAN (self), NULL);

  found = find_terms (self, text);
  add_hits (hits, found, PLR_CHALLENGE_TARGET_MISSING, 0, 0, NULL);

  return g_steal_pointer (&hits);
}

/**
 * plr_sensitive_scan_record:
 * @self: a #PlrSensitiveScan
 * @record: the cached record
 *
 * Looks for sensitive terms in the learner's school and addresses, then in
 * every entry's subject, type, level, grade, awarding organisation and
 * provider.
 *
 * Returns: (transfer full) (element-type PlrSensitiveHit): the hits, the
 *   learner's first and then the entries' in record order
 */
GPtrArray *
plr_sensitive_scan_record (PlrSensitiveScan *self,
                           PlrRecord        *record)
{
  g_autoptr(GPtrArray) hits =
    g_ptr_array_new_with_free_func ((GDestroyNotify) plr_sensitive_hit_free);
  PlrLearner *learner;
  guint n_events;

  g_return_val_if_fail (PLR_IS_SENSITIVE_SCAN (self), NULL);
  g_return_val_if_fail (PLR_IS_RECORD (record), NULL);

  learner = plr_record_get_learner (record);
  for (guint f = 0; f < G_N_ELEMENTS (learner_fields); f++)
    {
      g_autoptr(GArray) found = find_terms (self, plr_learner_get_value (learner,
                                                                         learner_fields[f]));

      add_hits (hits, found, PLR_CHALLENGE_TARGET_LEARNER, 0, 0,
                plr_learner_field_info (learner_fields[f])->json_name);
    }

  n_events = plr_record_get_n_events (record);
  for (guint i = 0; i < n_events; i++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, i);

      for (guint f = 0; f < G_N_ELEMENTS (event_fields); f++)
        {
          const char *text = plr_learning_event_get_value (event, event_fields[f]);
          g_autoptr(GArray) found = find_terms (self, text);

          add_hits (hits, found, PLR_CHALLENGE_TARGET_EVENT, plr_learning_event_get_id (event), i,
                    plr_event_field_info (event_fields[f])->json_name);
        }
    }

  return g_steal_pointer (&hits);
}
