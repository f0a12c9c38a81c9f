/* plr-recipient.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-recipient"

#include "config.h"

#include <string.h>

#include "plr-recipient.h"

/* One organisation, or one kind of organisation, that the public notices
 * say receives data from the Learning Records Service or the Individualised
 * Learner Record: what it receives, why, on what legal basis (when a notice
 * states one), whether the opt-out affects it and which notices name it.
 * The bodies a learner may send a subject access request to carry where to
 * send it, or where to find out. Immutable once made. */
struct _PlrRecipient
{
  GObject           parent_instance;

  char             *id;
  char             *name;
  PlrRecipientKind  kind;
  char             *receives;
  char             *purpose;
  char             *legal_basis;
  PlrOptOutEffect   opt_out;
  char             *opt_out_note;
  GArray           *sources;         /* PlrRecipientSource */
  char            **match_names;
  char            **match_keywords;
  gboolean          subject_access;
  char             *postal_address;
  char             *email;
  char             *where_to_find;

  char             *folded;          /* name, receives and purpose, folded for search */
};

G_DEFINE_FINAL_TYPE (PlrRecipient, plr_recipient, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (PlrRecipientKind, plr_recipient_kind,
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_CONTROLLER, "controller"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_AWARDING_ORGANISATION, "awarding-organisation"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_EDUCATION_PROVIDER, "education-provider"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_CAREERS_SERVICE, "careers-service"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_EMPLOYER, "employer"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_CONTRACTOR, "contractor"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_GOVERNMENT, "government"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_PUBLIC_BODY, "public-body"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_LOCAL_AUTHORITY, "local-authority"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_RESEARCHERS, "researchers"),
  G_DEFINE_ENUM_VALUE (PLR_RECIPIENT_KIND_DATA_LINKING, "data-linking"))

G_DEFINE_ENUM_TYPE (PlrOptOutEffect, plr_opt_out_effect,
  G_DEFINE_ENUM_VALUE (PLR_OPT_OUT_EFFECT_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (PLR_OPT_OUT_EFFECT_AFFECTED, "yes"),
  G_DEFINE_ENUM_VALUE (PLR_OPT_OUT_EFFECT_NOT_AFFECTED, "no"))

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_RECEIVES,
  PROP_PURPOSE,
  PROP_LEGAL_BASIS,
  PROP_OPT_OUT_EFFECT,
  PROP_OPT_OUT_NOTE,
  PROP_SUBJECT_ACCESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The dataset's names of the kinds, in the enum's order. */
static const char * const kind_names[] = {
  [PLR_RECIPIENT_KIND_CONTROLLER] = "controller",
  [PLR_RECIPIENT_KIND_AWARDING_ORGANISATION] = "awarding-organisation",
  [PLR_RECIPIENT_KIND_EDUCATION_PROVIDER] = "education-provider",
  [PLR_RECIPIENT_KIND_CAREERS_SERVICE] = "careers-service",
  [PLR_RECIPIENT_KIND_EMPLOYER] = "employer",
  [PLR_RECIPIENT_KIND_CONTRACTOR] = "contractor",
  [PLR_RECIPIENT_KIND_GOVERNMENT] = "government",
  [PLR_RECIPIENT_KIND_PUBLIC_BODY] = "public-body",
  [PLR_RECIPIENT_KIND_LOCAL_AUTHORITY] = "local-authority",
  [PLR_RECIPIENT_KIND_RESEARCHERS] = "researchers",
  [PLR_RECIPIENT_KIND_DATA_LINKING] = "data-linking",
};

/**
 * plr_recipient_kind_to_string:
 * @kind: a #PlrRecipientKind
 *
 * Returns: (transfer none): the dataset's name of @kind, such as "contractor"
 */
const char *
plr_recipient_kind_to_string (PlrRecipientKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

/**
 * plr_recipient_kind_from_string:
 * @text: a kind's name in the dataset
 * @kind: (out): the kind
 *
 * Returns: %TRUE if @text names a kind
 */
gboolean
plr_recipient_kind_from_string (const char       *text,
                                PlrRecipientKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = (PlrRecipientKind) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * plr_recipient_fold_text:
 * @text: (nullable): any text
 *
 * Folds text the way recipients are searched and matched: case and accents
 * are dropped ("Siân" and "SIAN" are the same), and every run of
 * characters that are not letters or digits becomes one space, so
 * "WJEC/CBAC" and "City & Guilds" fold to "wjec cbac" and "city guilds".
 *
 * Returns: (transfer full): the folded text, without leading or trailing
 *   spaces; "" for %NULL
 */
char *
plr_recipient_fold_text (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autoptr(GString) bare = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  /* Decompose, so that "â" becomes "a" and a combining mark we drop. */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)
    return g_strdup ("");

  bare = g_string_new (NULL);
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      g_string_append_unichar (bare, c);
    }

  folded = g_utf8_casefold (bare->str, (gssize) bare->len);

  out = g_string_new (NULL);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_unichar (out, c);
        }
      else
        space = TRUE;
    }

  return g_string_free (out, FALSE);
}

static void
plr_recipient_finalize (GObject *object)
{
  PlrRecipient *self = (PlrRecipient *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->receives, g_free);
  g_clear_pointer (&self->purpose, g_free);
  g_clear_pointer (&self->legal_basis, g_free);
  g_clear_pointer (&self->opt_out_note, g_free);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->match_names, g_strfreev);
  g_clear_pointer (&self->match_keywords, g_strfreev);
  g_clear_pointer (&self->postal_address, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->where_to_find, g_free);
  g_clear_pointer (&self->folded, g_free);

  G_OBJECT_CLASS (plr_recipient_parent_class)->finalize (object);
}

static void
plr_recipient_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PlrRecipient *self = PLR_RECIPIENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_RECEIVES:
      g_value_set_string (value, self->receives);
      break;
    case PROP_PURPOSE:
      g_value_set_string (value, self->purpose);
      break;
    case PROP_LEGAL_BASIS:
      g_value_set_string (value, self->legal_basis);
      break;
    case PROP_OPT_OUT_EFFECT:
      g_value_set_enum (value, self->opt_out);
      break;
    case PROP_OPT_OUT_NOTE:
      g_value_set_string (value, self->opt_out_note);
      break;
    case PROP_SUBJECT_ACCESS:
      g_value_set_boolean (value, self->subject_access);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
source_clear (gpointer data)
{
  PlrRecipientSource *source = data;

  g_clear_pointer (&source->id, g_free);
  g_clear_pointer (&source->title, g_free);
  g_clear_pointer (&source->publisher, g_free);
}

static void
plr_recipient_class_init (PlrRecipientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = plr_recipient_finalize;
  object_class->get_property = plr_recipient_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, PLR_TYPE_RECIPIENT_KIND,
                       PLR_RECIPIENT_KIND_CONTROLLER, flags);
  properties[PROP_RECEIVES] = g_param_spec_string ("receives", NULL, NULL, NULL, flags);
  properties[PROP_PURPOSE] = g_param_spec_string ("purpose", NULL, NULL, NULL, flags);
  properties[PROP_LEGAL_BASIS] = g_param_spec_string ("legal-basis", NULL, NULL, NULL, flags);
  properties[PROP_OPT_OUT_EFFECT] =
    g_param_spec_enum ("opt-out-effect", NULL, NULL, PLR_TYPE_OPT_OUT_EFFECT,
                       PLR_OPT_OUT_EFFECT_UNKNOWN, flags);
  properties[PROP_OPT_OUT_NOTE] = g_param_spec_string ("opt-out-note", NULL, NULL, NULL, flags);
  properties[PROP_SUBJECT_ACCESS] =
    g_param_spec_boolean ("subject-access", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_recipient_init (PlrRecipient *self)
{
  self->sources = g_array_new (FALSE, TRUE, sizeof (PlrRecipientSource));
  g_array_set_clear_func (self->sources, source_clear);
}

/**
 * _plr_recipient_new:
 * @init: the recipient's values, already checked
 *
 * Returns: (transfer full): a new recipient
 */
PlrRecipient *
_plr_recipient_new (const PlrRecipientInit *init)
{
  PlrRecipient *self;
  g_autofree char *text = NULL;

  g_return_val_if_fail (init != NULL && init->id != NULL && init->name != NULL, NULL);

  self = g_object_new (PLR_TYPE_RECIPIENT, NULL);
  self->id = g_strdup (init->id);
  self->name = g_strdup (init->name);
  self->kind = init->kind;
  self->receives = g_strdup (init->receives);
  self->purpose = g_strdup (init->purpose);
  self->legal_basis = g_strdup (init->legal_basis);
  self->opt_out = init->opt_out;
  self->opt_out_note = g_strdup (init->opt_out_note);
  self->match_names = g_strdupv ((char **) init->match_names);
  self->match_keywords = g_strdupv ((char **) init->match_keywords);
  if (self->match_names == NULL)
    self->match_names = g_new0 (char *, 1);
  if (self->match_keywords == NULL)
    self->match_keywords = g_new0 (char *, 1);
  self->subject_access = init->subject_access;
  self->postal_address = g_strdup (init->postal_address);
  self->email = g_strdup (init->email);
  self->where_to_find = g_strdup (init->where_to_find);

  text = g_strjoin ("\n", self->name, self->receives ? self->receives : "",
                    self->purpose ? self->purpose : "", NULL);
  self->folded = plr_recipient_fold_text (text);

  return self;
}

/**
 * _plr_recipient_add_source:
 * @self: a #PlrRecipient
 * @id: the notice's id in the dataset
 * @title: its title
 * @publisher: its publisher
 *
 * Adds a notice that names the recipient.
 */
void
_plr_recipient_add_source (PlrRecipient *self,
                           const char   *id,
                           const char   *title,
                           const char   *publisher)
{
  PlrRecipientSource source;

  g_return_if_fail (PLR_IS_RECIPIENT (self));

  source.id = g_strdup (id);
  source.title = g_strdup (title);
  source.publisher = g_strdup (publisher);
  g_array_append_val (self->sources, source);
}

/**
 * plr_recipient_get_id:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none): the dataset's id, such as "dwp"
 */
const char *
plr_recipient_get_id (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->id;
}

/**
 * plr_recipient_get_name:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none): the name, such as "Department for Work and Pensions"
 */
const char *
plr_recipient_get_name (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->name;
}

/**
 * plr_recipient_get_kind:
 * @self: a #PlrRecipient
 *
 * Returns: what kind of body it is
 */
PlrRecipientKind
plr_recipient_get_kind (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), PLR_RECIPIENT_KIND_CONTROLLER);
  return self->kind;
}

/**
 * plr_recipient_get_receives:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none): what it receives, in a sentence
 */
const char *
plr_recipient_get_receives (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->receives;
}

/**
 * plr_recipient_get_purpose:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none): why it receives it
 */
const char *
plr_recipient_get_purpose (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->purpose;
}

/**
 * plr_recipient_get_legal_basis:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none) (nullable): the legal basis a notice states, or
 *   %NULL when none is stated
 */
const char *
plr_recipient_get_legal_basis (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->legal_basis;
}

/**
 * plr_recipient_get_opt_out_effect:
 * @self: a #PlrRecipient
 *
 * Returns: whether the LRS opt-out stops it getting learning events
 */
PlrOptOutEffect
plr_recipient_get_opt_out_effect (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), PLR_OPT_OUT_EFFECT_UNKNOWN);
  return self->opt_out;
}

/**
 * plr_recipient_get_opt_out_note:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none) (nullable): what the opt-out means here, in a sentence
 */
const char *
plr_recipient_get_opt_out_note (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->opt_out_note;
}

/**
 * plr_recipient_get_n_sources:
 * @self: a #PlrRecipient
 *
 * Returns: how many notices name it (at least one)
 */
guint
plr_recipient_get_n_sources (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), 0);
  return self->sources->len;
}

/**
 * plr_recipient_get_source:
 * @self: a #PlrRecipient
 * @index: which notice, below plr_recipient_get_n_sources()
 *
 * Returns: (transfer none): a notice that names it
 */
const PlrRecipientSource *
plr_recipient_get_source (PlrRecipient *self,
                          guint         index)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);

  return &g_array_index (self->sources, PlrRecipientSource, index);
}

/**
 * plr_recipient_dup_sources_text:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer full): the notices as one line: "Title (Publisher); ..."
 */
char *
plr_recipient_dup_sources_text (PlrRecipient *self)
{
  GString *text;

  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->sources->len; i++)
    {
      const PlrRecipientSource *source = &g_array_index (self->sources, PlrRecipientSource, i);

      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s (%s)", source->title, source->publisher);
    }

  return g_string_free (text, FALSE);
}

/**
 * plr_recipient_get_match_names:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none): the names an access log may give it, matched whole
 */
const char * const *
plr_recipient_get_match_names (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return (const char * const *) self->match_names;
}

/**
 * plr_recipient_get_match_keywords:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none): words that, anywhere in a name, mark an
 *   organisation of this kind ("college", "WJEC")
 */
const char * const *
plr_recipient_get_match_keywords (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return (const char * const *) self->match_keywords;
}

/**
 * plr_recipient_accepts_subject_access:
 * @self: a #PlrRecipient
 *
 * Returns: %TRUE for the bodies a learner may send a subject access request
 *   to from Learning Record
 */
gboolean
plr_recipient_accepts_subject_access (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), FALSE);
  return self->subject_access;
}

/**
 * plr_recipient_get_postal_address:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none) (nullable): where to post a subject access
 *   request, lines separated by newlines; %NULL when the dataset does not
 *   hold a confirmed address, and the learner must find it
 */
const char *
plr_recipient_get_postal_address (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->postal_address;
}

/**
 * plr_recipient_get_email:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none) (nullable): where to email a subject access
 *   request, when confirmed
 */
const char *
plr_recipient_get_email (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->email;
}

/**
 * plr_recipient_get_where_to_find:
 * @self: a #PlrRecipient
 *
 * Returns: (transfer none) (nullable): where the learner finds the current
 *   address for a subject access request
 */
const char *
plr_recipient_get_where_to_find (PlrRecipient *self)
{
  g_return_val_if_fail (PLR_IS_RECIPIENT (self), NULL);
  return self->where_to_find;
}

/**
 * plr_recipient_matches_text:
 * @self: a #PlrRecipient
 * @text: what the learner typed
 *
 * Looks for @text in the name, what it receives and why, ignoring case,
 * accents and punctuation. Empty text matches everything.
 *
 * Returns: %TRUE if it is found
 */
gboolean
plr_recipient_matches_text (PlrRecipient *self,
                            const char   *text)
{
  g_autofree char *needle = NULL;

  g_return_val_if_fail (PLR_IS_RECIPIENT (self), FALSE);

  needle = plr_recipient_fold_text (text);
  return needle[0] == '\0' || strstr (self->folded, needle) != NULL;
}
