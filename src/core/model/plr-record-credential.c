/* plr-record-credential.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-record-credential"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "plr-date.h"
#include "plr-record-credential.h"

/* The service's signed copy of one record (an SD-JWT VC, docs/
 * credential-format.md), as the cache holds it beside that record. The
 * model keeps only the compact text and what the app shows about it; the
 * credential layer above reads and presents it. Immutable. */
struct _PlrRecordCredential
{
  GObject  parent_instance;

  char    *compact;
  char    *issuer;
  char    *issuer_name;
  gint64   issued_at;
  gint64   expires_at;
  gint64   record_version;
};

G_DEFINE_FINAL_TYPE (PlrRecordCredential, plr_record_credential, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ISSUER,
  PROP_ISSUED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
plr_record_credential_finalize (GObject *object)
{
  PlrRecordCredential *self = (PlrRecordCredential *)object;

  /* The compact text holds personal data in its disclosures. */
  if (self->compact != NULL)
    memset (self->compact, 0, strlen (self->compact));
  g_clear_pointer (&self->compact, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->issuer_name, g_free);

  G_OBJECT_CLASS (plr_record_credential_parent_class)->finalize (object);
}

static void
plr_record_credential_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  PlrRecordCredential *self = PLR_RECORD_CREDENTIAL (object);

  switch (prop_id)
    {
    case PROP_ISSUER:
      g_value_set_string (value, self->issuer);
      break;
    case PROP_ISSUED_AT:
      g_value_set_int64 (value, self->issued_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
plr_record_credential_class_init (PlrRecordCredentialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = plr_record_credential_finalize;
  object_class->get_property = plr_record_credential_get_property;

  properties[PROP_ISSUER] =
    g_param_spec_string ("issuer", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ISSUED_AT] =
    g_param_spec_int64 ("issued-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
plr_record_credential_init (PlrRecordCredential *self)
{
}

/**
 * plr_record_credential_new:
 * @compact: the SD-JWT VC as the service sent it
 * @issuer: its `iss`, the service's base URL
 * @issuer_name: (nullable): a name to show for the issuer; %NULL for the
 *   issuer URL's host
 * @issued_at: its `iat`, Unix time
 * @expires_at: its `exp`, Unix time, or 0 for none
 * @record_version: the record version it was issued for
 *
 * Returns: (transfer full): a new #PlrRecordCredential
 */
PlrRecordCredential *
plr_record_credential_new (const char *compact,
                           const char *issuer,
                           const char *issuer_name,
                           gint64      issued_at,
                           gint64      expires_at,
                           gint64      record_version)
{
  PlrRecordCredential *self;

  g_return_val_if_fail (compact != NULL, NULL);
  g_return_val_if_fail (issuer != NULL, NULL);

  self = g_object_new (PLR_TYPE_RECORD_CREDENTIAL, NULL);
  self->compact = g_strdup (compact);
  self->issuer = g_strdup (issuer);
  if (issuer_name != NULL && issuer_name[0] != '\0')
    self->issuer_name = g_strdup (issuer_name);
  else
    {
      g_autoptr(GUri) uri = g_uri_parse (issuer, G_URI_FLAGS_NONE, NULL);

      self->issuer_name = g_strdup (uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : issuer);
    }
  self->issued_at = issued_at;
  self->expires_at = expires_at;
  self->record_version = record_version;

  return self;
}

const char *
plr_record_credential_get_compact (PlrRecordCredential *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), NULL);
  return self->compact;
}

const char *
plr_record_credential_get_issuer (PlrRecordCredential *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), NULL);
  return self->issuer;
}

const char *
plr_record_credential_get_issuer_name (PlrRecordCredential *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), NULL);
  return self->issuer_name;
}

gint64
plr_record_credential_get_issued_at (PlrRecordCredential *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), 0);
  return self->issued_at;
}

gint64
plr_record_credential_get_expires_at (PlrRecordCredential *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), 0);
  return self->expires_at;
}

gint64
plr_record_credential_get_record_version (PlrRecordCredential *self)
{
  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), 0);
  return self->record_version;
}

/**
 * plr_record_credential_is_expired:
 * @self: a #PlrRecordCredential
 * @now: Unix time
 *
 * Returns: %TRUE when its `exp` is at or before @now
 */
gboolean
plr_record_credential_is_expired (PlrRecordCredential *self,
                                  gint64               now)
{
  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), TRUE);
  return self->expires_at != 0 && self->expires_at <= now;
}

/**
 * plr_record_credential_dup_signed_by:
 * @self: a #PlrRecordCredential
 *
 * Returns: (transfer full): "Signed by <issuer name> on <date>", for the
 *   record's header
 */
char *
plr_record_credential_dup_signed_by (PlrRecordCredential *self)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (PLR_IS_RECORD_CREDENTIAL (self), NULL);

  when = g_date_time_new_from_unix_utc (self->issued_at);
  date = when ? plr_date_format_long (when) : g_strdup ("?");
  /* Translators: the first %s is the service that signed the record, the second a date */
  return g_strdup_printf (_("Signed by %s on %s"), self->issuer_name, date);
}
