/* plr-learner.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-learner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "plr-learner.h"

/* The learner record as the LRS holds it: every field of shared/domain.md,
 * each a property named after its LRS element ("GivenName" → "given-name"). */
struct _PlrLearner
{
  GObject  parent_instance;

  char    *values[PLR_LEARNER_N_FIELDS];
};

G_DEFINE_FINAL_TYPE (PlrLearner, plr_learner, G_TYPE_OBJECT)

enum {
  PROP_0,
  N_PROPS = PLR_LEARNER_N_FIELDS + 1
};

static GParamSpec *properties[N_PROPS];

static void
plr_learner_finalize (GObject *object)
{
  PlrLearner *self = (PlrLearner *)object;

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    g_clear_pointer (&self->values[i], g_free);

  G_OBJECT_CLASS (plr_learner_parent_class)->finalize (object);
}

static void
plr_learner_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  PlrLearner *self = PLR_LEARNER (object);
  guint field = prop_id - 1;

  if (prop_id == 0 || field >= PLR_LEARNER_N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  plr_field_to_gvalue (plr_learner_field_info (field), self->values[field], value);
}

static void
plr_learner_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  PlrLearner *self = PLR_LEARNER (object);
  guint field = prop_id - 1;
  g_autofree char *text = NULL;

  if (prop_id == 0 || field >= PLR_LEARNER_N_FIELDS)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  text = plr_field_from_gvalue (plr_learner_field_info (field), value);
  plr_learner_set_value (self, field, text);
}

static void
plr_learner_class_init (PlrLearnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_learner_finalize;
  object_class->get_property = plr_learner_get_property;
  object_class->set_property = plr_learner_set_property;

  plr_field_install_properties (object_class,
                                (PlrFieldInfoFunc) plr_learner_field_info,
                                PLR_LEARNER_N_FIELDS,
                                properties);
}

static void
plr_learner_init (PlrLearner *self)
{
}

PlrLearner *
plr_learner_new (void)
{
  return g_object_new (PLR_TYPE_LEARNER, NULL);
}

/**
 * plr_learner_copy:
 * @self: a #PlrLearner
 *
 * Returns: (transfer full): a new learner with the same values
 */
PlrLearner *
plr_learner_copy (PlrLearner *self)
{
  PlrLearner *copy;

  g_return_val_if_fail (PLR_IS_LEARNER (self), NULL);

  copy = plr_learner_new ();
  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    copy->values[i] = g_strdup (self->values[i]);

  return copy;
}

/**
 * plr_learner_get_value:
 * @self: a #PlrLearner
 * @field: the field
 *
 * Returns: (nullable): the canonical text of @field, or %NULL when absent
 */
const char *
plr_learner_get_value (PlrLearner      *self,
                       PlrLearnerField  field)
{
  g_return_val_if_fail (PLR_IS_LEARNER (self), NULL);
  g_return_val_if_fail ((guint) field < PLR_LEARNER_N_FIELDS, NULL);

  return self->values[field];
}

/**
 * plr_learner_set_value:
 * @self: a #PlrLearner
 * @field: the field
 * @value: (nullable): canonical text, already validated by plr_field_normalize()
 *
 * Empty text is stored as no value.
 */
void
plr_learner_set_value (PlrLearner      *self,
                       PlrLearnerField  field,
                       const char      *value)
{
  g_return_if_fail (PLR_IS_LEARNER (self));
  g_return_if_fail ((guint) field < PLR_LEARNER_N_FIELDS);

  if (value != NULL && value[0] == '\0')
    value = NULL;

  if (g_strcmp0 (self->values[field], value) == 0)
    return;

  g_free (self->values[field]);
  self->values[field] = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[field + 1]);
}

const char *
plr_learner_get_uln (PlrLearner *self)
{
  return plr_learner_get_value (self, PLR_LEARNER_FIELD_ULN);
}

/**
 * plr_learner_dup_display_name:
 * @self: a #PlrLearner
 *
 * The name the learner goes by: the preferred given name if there is one,
 * then the family name.
 *
 * Returns: (transfer full): the name, possibly empty
 */
char *
plr_learner_dup_display_name (PlrLearner *self)
{
  const char *given;
  const char *family;

  g_return_val_if_fail (PLR_IS_LEARNER (self), NULL);

  given = self->values[PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME];
  if (given == NULL)
    given = self->values[PLR_LEARNER_FIELD_GIVEN_NAME];
  family = self->values[PLR_LEARNER_FIELD_FAMILY_NAME];

  return g_strjoin (given && family ? " " : "", given ? given : "", family ? family : "", NULL);
}

/**
 * plr_learner_diff_fields:
 * @a: a #PlrLearner
 * @b: a #PlrLearner
 *
 * Returns: a bit mask with bit N set when field N differs
 */
guint64
plr_learner_diff_fields (PlrLearner *a,
                         PlrLearner *b)
{
  guint64 mask = 0;

  g_return_val_if_fail (PLR_IS_LEARNER (a), 0);
  g_return_val_if_fail (PLR_IS_LEARNER (b), 0);

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    if (g_strcmp0 (a->values[i], b->values[i]) != 0)
      mask |= G_GUINT64_CONSTANT (1) << i;

  return mask;
}

gboolean
plr_learner_equal (PlrLearner *a,
                   PlrLearner *b)
{
  return plr_learner_diff_fields (a, b) == 0;
}

void
plr_learner_checksum_update (PlrLearner *self,
                             GChecksum  *checksum)
{
  g_return_if_fail (PLR_IS_LEARNER (self));

  for (guint i = 0; i < PLR_LEARNER_N_FIELDS; i++)
    plr_field_checksum_update (checksum, self->values[i]);
}

/**
 * plr_ability_to_share_is_known:
 * @value: (nullable): an AbilityToShare value, as stored
 *
 * The LRS's values are 0 (fair processing notice not seen), 1 (seen, the
 * data may be shared) and 2 (seen, not to be shared); -1 is ours, for a
 * record that does not say. Any other value is kept as it came and
 * flagged: the LRS may add values, and a record is never refused for one.
 *
 * Returns: %TRUE for a missing value or one of -1, 0, 1 and 2
 */
gboolean
plr_ability_to_share_is_known (const char *value)
{
  return value == NULL ||
         g_str_equal (value, "-1") || g_str_equal (value, "0") ||
         g_str_equal (value, "1") || g_str_equal (value, "2");
}

/**
 * plr_ability_to_share_explain:
 * @value: (nullable): an AbilityToShare value, as stored
 *
 * Returns: (transfer full): what @value means for the learner, in plain words
 */
char *
plr_ability_to_share_explain (const char *value)
{
  if (value == NULL || g_str_equal (value, "-1"))
    return g_strdup (_("Your record does not say whether you have seen the Learning Records "
                       "Service’s privacy notice."));
  if (g_str_equal (value, "0"))
    return g_strdup (_("0: you have not yet been shown the privacy notice (the “fair "
                       "processing notice”) that says how your record is used and shared."));
  if (g_str_equal (value, "1"))
    return g_strdup (_("1: you have seen the privacy notice, and your record may be shared "
                       "with organisations that are allowed to see it."));
  if (g_str_equal (value, "2"))
    return g_strdup (_("2: you have seen the privacy notice and chose not to have your record "
                       "shared."));

  /* Translators: %s is a number the Learning Records Service sent */
  return g_strdup_printf (_("%s: a value Learning Record does not know. It is kept as the "
                            "Learning Records Service sent it; ask your provider what it "
                            "means."),
                          value);
}
