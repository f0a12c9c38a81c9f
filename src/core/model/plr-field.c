/* plr-field.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-field"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "plr-field.h"
#include "plr-identifiers.h"
#include "plr-record.h"

#define NAME_MAX_LENGTH 100
#define TEXT_MAX_LENGTH 255
#define CODE_MAX_LENGTH 64
#define TITLE_MAX_LENGTH 1000

static const gint64 gender_codes[] = { 0, 1, 2, 9, G_MININT64 };

#define TEXT(lrs, json, prop, len) \
  { lrs, json, prop, PLR_FIELD_KIND_TEXT, len, 0, 0, NULL, FALSE, FALSE }
#define SEARCHABLE(lrs, json, prop, len) \
  { lrs, json, prop, PLR_FIELD_KIND_TEXT, len, 0, 0, NULL, FALSE, TRUE }
#define OF_KIND(lrs, json, prop, kind) \
  { lrs, json, prop, kind, CODE_MAX_LENGTH, 0, 0, NULL, FALSE, FALSE }
#define INTEGER(lrs, json, prop, min, max, allowed) \
  { lrs, json, prop, PLR_FIELD_KIND_INT, 0, min, max, allowed, FALSE, FALSE }

static const PlrFieldInfo learner_fields[PLR_LEARNER_N_FIELDS] = {
  [PLR_LEARNER_FIELD_ULN] =
    { "ULN", "uln", "uln", PLR_FIELD_KIND_ULN, 10, 0, 0, NULL, TRUE, FALSE },
  [PLR_LEARNER_FIELD_TITLE] = TEXT ("Title", "title", "title", 35),
  [PLR_LEARNER_FIELD_GIVEN_NAME] =
    TEXT ("GivenName", "given_name", "given-name", NAME_MAX_LENGTH),
  [PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME] =
    TEXT ("MiddleOtherName", "middle_other_name", "middle-other-name", NAME_MAX_LENGTH),
  [PLR_LEARNER_FIELD_FAMILY_NAME] =
    TEXT ("FamilyName", "family_name", "family-name", NAME_MAX_LENGTH),
  [PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME] =
    TEXT ("PreferredGivenName", "preferred_given_name", "preferred-given-name", NAME_MAX_LENGTH),
  [PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME] =
    TEXT ("PreviousFamilyName", "previous_family_name", "previous-family-name", NAME_MAX_LENGTH),
  [PLR_LEARNER_FIELD_FAMILY_NAME_AT_AGE_16] =
    TEXT ("FamilyNameAtAge16", "family_name_at_age_16", "family-name-at-age-16",
          NAME_MAX_LENGTH),
  [PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16] =
    TEXT ("SchoolAtAge16", "school_at_age_16", "school-at-age-16", TEXT_MAX_LENGTH),
  [PLR_LEARNER_FIELD_DATE_OF_BIRTH] =
    OF_KIND ("DateOfBirth", "date_of_birth", "date-of-birth", PLR_FIELD_KIND_DATE),
  [PLR_LEARNER_FIELD_PLACE_OF_BIRTH] =
    TEXT ("PlaceOfBirth", "place_of_birth", "place-of-birth", TEXT_MAX_LENGTH),
  [PLR_LEARNER_FIELD_GENDER] = INTEGER ("Gender", "gender", "gender", 0, 9, gender_codes),
  [PLR_LEARNER_FIELD_NATIONALITY] =
    TEXT ("Nationality", "nationality", "nationality", TEXT_MAX_LENGTH),
  [PLR_LEARNER_FIELD_EMAIL_ADDRESS] =
    TEXT ("EmailAddress", "email_address", "email-address", 254),
  [PLR_LEARNER_FIELD_ADDRESS_LINE_1] =
    TEXT ("LastKnownAddressLine1", "last_known_address_line_1", "last-known-address-line-1",
          TEXT_MAX_LENGTH),
  [PLR_LEARNER_FIELD_ADDRESS_LINE_2] =
    TEXT ("LastKnownAddressLine2", "last_known_address_line_2", "last-known-address-line-2",
          TEXT_MAX_LENGTH),
  [PLR_LEARNER_FIELD_ADDRESS_TOWN] =
    TEXT ("LastKnownAddressTown", "last_known_address_town", "last-known-address-town",
          TEXT_MAX_LENGTH),
  [PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY] =
    TEXT ("LastKnownAddressCountyOrCity", "last_known_address_county_or_city",
          "last-known-address-county-or-city", TEXT_MAX_LENGTH),
  [PLR_LEARNER_FIELD_POST_CODE] =
    TEXT ("LastKnownPostCode", "last_known_post_code", "last-known-post-code", 16),
  [PLR_LEARNER_FIELD_DATE_OF_ADDRESS_CAPTURE] =
    OF_KIND ("DateOfAddressCapture", "date_of_address_capture", "date-of-address-capture",
             PLR_FIELD_KIND_DATETIME),
  [PLR_LEARNER_FIELD_SCOTTISH_CANDIDATE_NUMBER] =
    TEXT ("ScottishCandidateNumber", "scottish_candidate_number", "scottish-candidate-number",
          CODE_MAX_LENGTH),
  [PLR_LEARNER_FIELD_VERIFICATION_TYPE] =
    TEXT ("VerificationType", "verification_type", "verification-type", CODE_MAX_LENGTH),
  [PLR_LEARNER_FIELD_ABILITY_TO_SHARE] =
    /* Any whole number: the LRS's 0, 1 and 2, our -1 for "not provided",
     * and a value we do not know yet, kept and flagged, never refused. */
    INTEGER ("AbilityToShare", "ability_to_share", "ability-to-share", G_MININT32, G_MAXINT32,
             NULL),
  [PLR_LEARNER_FIELD_LEARNER_STATUS] =
    TEXT ("LearnerStatus", "learner_status", "learner-status", CODE_MAX_LENGTH),
  [PLR_LEARNER_FIELD_LINKED_ULNS] =
    { "LinkedULNs", "linked_ulns", "linked-ulns", PLR_FIELD_KIND_ULN_LIST, 0, 0, 0, NULL,
      FALSE, FALSE },
  [PLR_LEARNER_FIELD_CREATED_DATE] =
    OF_KIND ("CreatedDate", "created_date", "created-date", PLR_FIELD_KIND_DATETIME),
  [PLR_LEARNER_FIELD_LAST_UPDATED_DATE] =
    OF_KIND ("LastUpdatedDate", "last_updated_date", "last-updated-date",
             PLR_FIELD_KIND_DATETIME),
  [PLR_LEARNER_FIELD_VERSION_NUMBER] =
    INTEGER ("VersionNumber", "version_number", "version-number", 0, G_MAXINT32, NULL),
};

static const PlrFieldInfo event_fields[PLR_EVENT_N_FIELDS] = {
  [PLR_EVENT_FIELD_ID] =
    { "ID", "id", "id", PLR_FIELD_KIND_INT, 0, 0, G_MAXINT64, NULL, TRUE, FALSE },
  [PLR_EVENT_FIELD_SUBJECT] =
    { "Subject", "subject", "subject", PLR_FIELD_KIND_TEXT, TITLE_MAX_LENGTH, 0, 0, NULL,
      TRUE, TRUE },
  [PLR_EVENT_FIELD_SUBJECT_CODE] =
    SEARCHABLE ("SubjectCode", "subject_code", "subject-code", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_QUALIFICATION_TYPE] =
    SEARCHABLE ("QualificationType", "qualification_type", "qualification-type",
                TEXT_MAX_LENGTH),
  [PLR_EVENT_FIELD_LEVEL] = SEARCHABLE ("Level", "level", "level", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_GRADE] = SEARCHABLE ("Grade", "grade", "grade", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_CREDITS] =
    INTEGER ("Credits", "credits", "credits", 0, 100000, NULL),
  [PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE] =
    OF_KIND ("AchievementAwardDate", "achievement_award_date", "achievement-award-date",
             PLR_FIELD_KIND_DATE),
  [PLR_EVENT_FIELD_PARTICIPATION_START_DATE] =
    OF_KIND ("ParticipationStartDate", "participation_start_date", "participation-start-date",
             PLR_FIELD_KIND_DATE),
  [PLR_EVENT_FIELD_PARTICIPATION_END_DATE] =
    OF_KIND ("ParticipationEndDate", "participation_end_date", "participation-end-date",
             PLR_FIELD_KIND_DATE),
  [PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME] =
    SEARCHABLE ("AwardingOrganisationName", "awarding_organisation_name",
                "awarding-organisation-name", TEXT_MAX_LENGTH),
  [PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN] =
    TEXT ("AwardingOrganisationUkprn", "awarding_organisation_ukprn",
          "awarding-organisation-ukprn", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME] =
    SEARCHABLE ("AchievementProviderName", "achievement_provider_name",
                "achievement-provider-name", TEXT_MAX_LENGTH),
  [PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN] =
    TEXT ("AchievementProviderUkprn", "achievement_provider_ukprn",
          "achievement-provider-ukprn", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_SOURCE] = TEXT ("Source", "source", "source", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_DATE_LOADED] =
    OF_KIND ("DateLoaded", "date_loaded", "date-loaded", PLR_FIELD_KIND_DATETIME),
  [PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT] =
    TEXT ("LanguageForAssessment", "language_for_assessment", "language-for-assessment",
          CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE] =
    OF_KIND ("UnderDataChallenge", "under_data_challenge", "under-data-challenge",
             PLR_FIELD_KIND_FLAG),
  [PLR_EVENT_FIELD_STATUS] = TEXT ("Status", "status", "status", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_COLLECTION_TYPE] =
    TEXT ("CollectionType", "collection_type", "collection-type", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_RESTRICTION] =
    TEXT ("Restriction", "restriction", "restriction", CODE_MAX_LENGTH),
  [PLR_EVENT_FIELD_RETURN_NUMBER] =
    TEXT ("ReturnNumber", "return_number", "return-number", CODE_MAX_LENGTH),
};

const PlrFieldInfo *
plr_learner_field_info (PlrLearnerField field)
{
  g_return_val_if_fail ((guint) field < PLR_LEARNER_N_FIELDS, NULL);
  return &learner_fields[field];
}

const PlrFieldInfo *
plr_event_field_info (PlrEventField field)
{
  g_return_val_if_fail ((guint) field < PLR_EVENT_N_FIELDS, NULL);
  return &event_fields[field];
}

static int
field_from_name (const PlrFieldInfo *fields,
                 guint               n_fields,
                 const char         *name)
{
  /* Called for every member of every event read: comparing the first
   * byte before the whole name skips almost every strcmp(). */
  for (guint i = 0; i < n_fields; i++)
    {
      if ((fields[i].lrs_name[0] == name[0] && strcmp (fields[i].lrs_name, name) == 0) ||
          (fields[i].json_name[0] == name[0] && strcmp (fields[i].json_name, name) == 0))
        return (int) i;
    }
  return -1;
}

/**
 * plr_learner_field_from_name:
 * @lrs_or_json_name: "GivenName" or "given_name"
 *
 * Returns: the #PlrLearnerField, or -1 if there is no such field
 */
int
plr_learner_field_from_name (const char *lrs_or_json_name)
{
  return field_from_name (learner_fields, PLR_LEARNER_N_FIELDS, lrs_or_json_name);
}

/**
 * plr_event_field_from_name:
 * @lrs_or_json_name: "AchievementAwardDate" or "achievement_award_date"
 *
 * Returns: the #PlrEventField, or -1 if there is no such field
 */
int
plr_event_field_from_name (const char *lrs_or_json_name)
{
  return field_from_name (event_fields, PLR_EVENT_N_FIELDS, lrs_or_json_name);
}

static gboolean
parse_digits (const char *s,
              guint       n,
              int        *out)
{
  int value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      value = value * 10 + (s[i] - '0');
    }

  *out = value;
  return TRUE;
}

/**
 * plr_parse_int:
 * @text: the number as written
 * @length: its length in bytes
 * @min: the smallest value allowed
 * @max: the largest value allowed
 * @out: (out) (optional): the value
 *
 * The one reader of whole numbers written as text: exactly an optional
 * "-" (only where @min is negative) and decimal digits, with no space,
 * "+", fraction or exponent, and no wrapping on overflow.
 *
 * Returns: %TRUE if @text is such a number from @min to @max
 */
gboolean
plr_parse_int (const char *text,
               gsize       length,
               gint64      min,
               gint64      max,
               gint64     *out)
{
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gint64 value;
  gsize i = 0;

  if (length > 0 && text[0] == '-')
    {
      if (min >= 0)
        return FALSE;
      negative = TRUE;
      i = 1;
    }
  if (i == length)
    return FALSE;
  for (; i < length; i++)
    {
      guint digit;

      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      digit = (guint) (text[i] - '0');
      if (magnitude > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      magnitude = magnitude * 10 + digit;
    }

  if (negative)
    {
      if (magnitude > (guint64) G_MAXINT64 + 1)
        return FALSE;
      value = magnitude == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) magnitude;
    }
  else
    {
      if (magnitude > (guint64) G_MAXINT64)
        return FALSE;
      value = (gint64) magnitude;
    }

  if (value < min || value > max)
    return FALSE;
  if (out != NULL)
    *out = value;
  return TRUE;
}

/**
 * plr_field_parse_date:
 * @value: a date as yyyy-mm-dd
 * @year: (out): the year
 * @month: (out): the month, 1 to 12
 * @day: (out): the day of the month
 *
 * Returns: %TRUE if @value is exactly a real calendar date
 */
gboolean
plr_field_parse_date (const char *value,
                      int        *year,
                      int        *month,
                      int        *day)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  if (value == NULL || strlen (value) != 10 || value[4] != '-' || value[7] != '-')
    return FALSE;

  if (!parse_digits (value, 4, &y) || !parse_digits (value + 5, 2, &m) ||
      !parse_digits (value + 8, 2, &d))
    return FALSE;

  /* GDateTime refuses 2023-02-30 and month 13 for us */
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;

  if (year)
    *year = y;
  if (month)
    *month = m;
  if (day)
    *day = d;

  return TRUE;
}

static gboolean
datetime_is_valid (const char *value)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;
  char date_part[11];
  gsize len = strlen (value);

  if (len == 10)
    return plr_field_parse_date (value, NULL, NULL, NULL);

  /* The LRS writes "2019-08-22 10:01:17"; ISO 8601 puts a T there. */
  if (len < 19)
    return FALSE;

  memcpy (date_part, value, 10);
  date_part[10] = '\0';
  if (!plr_field_parse_date (date_part, NULL, NULL, NULL))
    return FALSE;

  iso = g_strdup (value);
  if (iso[10] == ' ')
    iso[10] = 'T';

  dt = g_date_time_new_from_iso8601 (iso, utc);
  return dt != NULL;
}

static gboolean
text_is_clean (const char  *value,
               guint        max_length,
               GError     **error)
{
  const char *end = NULL;
  glong n_chars;

  if (!g_utf8_validate (value, -1, &end))
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                           _("text is not valid UTF-8"));
      return FALSE;
    }

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0))
        {
          g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                               _("text holds a control character"));
          return FALSE;
        }
    }

  n_chars = g_utf8_strlen (value, -1);
  if (max_length > 0 && n_chars > (glong) max_length)
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                   _("longer than %u characters"), max_length);
      return FALSE;
    }

  return TRUE;
}

/* Codes (grades, levels, UKPRNs, subject codes: the 64-character text
 * fields) are compared and matched, so an invisible character in one makes
 * it read as something it is not: "A\u200B" looks like "A" and is not.
 * Refuse bidi controls, zero-width and every other format character (Cf)
 * there. Free text (subjects, names, addresses) keeps them; the renderers
 * isolate it (docs/record-format.md). */
static gboolean
code_is_visible (const char  *value,
                 GError     **error)
{
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_FORMAT)
        {
          g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                       _("holds an invisible or direction-changing character (U+%04X), "
                         "which a code may not hold"), c);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * plr_field_normalize_int:
 * @info: the field
 * @value: an integer read from a document
 * @error: return location for a #GError
 *
 * Checks an integer against the field's range and codes.
 *
 * Returns: (transfer full): the canonical text of @value, or %NULL on error
 */
char *
plr_field_normalize_int (const PlrFieldInfo *info,
                         gint64              value,
                         GError            **error)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->kind != PLR_FIELD_KIND_INT)
    {
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                           _("expected a string"));
      return NULL;
    }

  if (info->allowed != NULL)
    {
      gboolean found = FALSE;
      g_autoptr(GString) list = g_string_new (NULL);

      for (const gint64 *a = info->allowed; *a != G_MININT64; a++)
        {
          if (*a == value)
            found = TRUE;
          g_string_append_printf (list, "%s%" G_GINT64_FORMAT, list->len ? ", " : "", *a);
        }

      if (!found)
        {
          g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                       _("expected one of %s"), list->str);
          return NULL;
        }
    }
  else if (value < info->min_value || value > info->max_value)
    {
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                   _("expected a whole number from %" PRId64 " to %" PRId64),
                   info->min_value, info->max_value);
      return NULL;
    }

  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* A date written right but not in the calendar says so: "29 February 2023
 * does not exist" is clearer than the format it already follows. */
static void
set_date_error (const char  *value,
                GError     **error)
{
  static const char * const months[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
    N_("December"),
  };
  int y, m, d;

  if (strlen (value) == 10 && value[4] == '-' && value[7] == '-' &&
      parse_digits (value, 4, &y) && parse_digits (value + 5, 2, &m) &&
      parse_digits (value + 8, 2, &d) && m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1)
    {
      /* TRANSLATORS: a day, a month's name and a year: "29 February 2023" */
      g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                   _("%d %s %d does not exist"), d, _(months[m - 1]), y);
      return;
    }
  g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                       _("expected a date as yyyy-mm-dd"));
}

/**
 * plr_field_normalize:
 * @info: the field
 * @value: (nullable): the value as text
 * @error: return location for a #GError
 *
 * The one validator every input goes through: record files, LRS XML and
 * service responses. Empty text means "no value" and gives %NULL with no
 * error. The message names the problem but not the path; callers prefix
 * the path ("events[12].grade: ...").
 *
 * Returns: (transfer full) (nullable): the canonical value
 */
char *
plr_field_normalize (const PlrFieldInfo *info,
                     const char         *value,
                     GError            **error)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (value == NULL || value[0] == '\0')
    return NULL;

  /* A list of 100 ULNs is 1,099 characters: its limit is its item count,
   * checked below; this only keeps the text to about that size. */
  if (!text_is_clean (value,
                      info->kind == PLR_FIELD_KIND_TEXT ? info->max_length :
                      info->kind == PLR_FIELD_KIND_ULN_LIST ? 101 * 11 : 1000,
                      error))
    return NULL;

  switch (info->kind)
    {
    case PLR_FIELD_KIND_TEXT:
      if (info->max_length == CODE_MAX_LENGTH && !code_is_visible (value, error))
        return NULL;
      return g_strdup (value);

    case PLR_FIELD_KIND_INT:
      {
        gint64 number;

        /* Out of range or not a number at all, the message says the range. */
        if (!plr_parse_int (value, strlen (value), info->min_value, info->max_value, &number))
          {
            g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                         _("expected a whole number from %" PRId64 " to %" PRId64),
                         info->min_value, info->max_value);
            return NULL;
          }
        return plr_field_normalize_int (info, number, error);
      }

    case PLR_FIELD_KIND_DATE:
      if (!plr_field_parse_date (value, NULL, NULL, NULL))
        {
          set_date_error (value, error);
          return NULL;
        }
      return g_strdup (value);

    case PLR_FIELD_KIND_DATETIME:
      if (!datetime_is_valid (value))
        {
          g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                               _("expected a date and time as yyyy-mm-dd hh:mm:ss"));
          return NULL;
        }
      return g_strdup (value);

    case PLR_FIELD_KIND_FLAG:
      if (g_ascii_strcasecmp (value, "Y") == 0 || g_ascii_strcasecmp (value, "true") == 0)
        return g_strdup ("Y");
      if (g_ascii_strcasecmp (value, "N") == 0 || g_ascii_strcasecmp (value, "false") == 0)
        return g_strdup ("N");
      g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                           _("expected Y or N"));
      return NULL;

    case PLR_FIELD_KIND_ULN:
      {
        g_autoptr(GError) uln_error = NULL;

        if (!plr_uln_validate (value, &uln_error))
          {
            g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID_ULN,
                                 uln_error->message);
            return NULL;
          }
        return g_strdup (value);
      }

    case PLR_FIELD_KIND_ULN_LIST:
      {
        g_auto(GStrv) parts = g_strsplit (value, ",", -1);
        g_autoptr(GString) canonical = g_string_new (NULL);

        if (g_strv_length (parts) > 100)
          {
            g_set_error_literal (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID,
                                 _("more than 100 linked ULNs"));
            return NULL;
          }

        for (guint i = 0; parts[i] != NULL; i++)
          {
            g_autoptr(GError) uln_error = NULL;
            char *uln = g_strstrip (parts[i]);

            if (uln[0] == '\0')
              continue;
            if (!plr_uln_validate (uln, &uln_error))
              {
                g_set_error (error, PLR_RECORD_ERROR, PLR_RECORD_ERROR_INVALID_ULN,
                             "[%u]: %s", i, uln_error->message);
                return NULL;
              }
            if (canonical->len > 0)
              g_string_append_c (canonical, ',');
            g_string_append (canonical, uln);
          }

        return canonical->len > 0 ? g_string_free (g_steal_pointer (&canonical), FALSE) : NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

/**
 * plr_field_install_properties:
 * @klass: the class
 * @info_func: returns the #PlrFieldInfo of a field
 * @n_fields: the number of fields
 * @properties: the class's property array; field N becomes property N + 1
 *
 * Installs one property per field with the type its kind calls for.
 */
void
plr_field_install_properties (GObjectClass     *klass,
                              PlrFieldInfoFunc  info_func,
                              guint             n_fields,
                              GParamSpec      **properties)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const PlrFieldInfo *info = info_func (i);
      GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
      GParamSpec *pspec;

      switch (info->kind)
        {
        case PLR_FIELD_KIND_INT:
          pspec = g_param_spec_int64 (info->property, NULL, NULL,
                                      G_MININT64, G_MAXINT64, 0, flags);
          break;
        case PLR_FIELD_KIND_FLAG:
          pspec = g_param_spec_boolean (info->property, NULL, NULL, FALSE, flags);
          break;
        case PLR_FIELD_KIND_ULN_LIST:
          pspec = g_param_spec_boxed (info->property, NULL, NULL, G_TYPE_STRV, flags);
          break;
        default:
          pspec = g_param_spec_string (info->property, NULL, NULL, NULL, flags);
          break;
        }

      properties[i + 1] = pspec;
    }

  g_object_class_install_properties (klass, n_fields + 1, properties);
}

void
plr_field_to_gvalue (const PlrFieldInfo *info,
                     const char         *text,
                     GValue             *value)
{
  switch (info->kind)
    {
    case PLR_FIELD_KIND_INT:
      g_value_set_int64 (value, text ? g_ascii_strtoll (text, NULL, 10) : 0);
      break;
    case PLR_FIELD_KIND_FLAG:
      g_value_set_boolean (value, g_strcmp0 (text, "Y") == 0);
      break;
    case PLR_FIELD_KIND_ULN_LIST:
      g_value_take_boxed (value, text ? g_strsplit (text, ",", -1) : g_new0 (char *, 1));
      break;
    default:
      g_value_set_string (value, text);
      break;
    }
}

char *
plr_field_from_gvalue (const PlrFieldInfo *info,
                       const GValue       *value)
{
  switch (info->kind)
    {
    case PLR_FIELD_KIND_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_value_get_int64 (value));
    case PLR_FIELD_KIND_FLAG:
      return g_strdup (g_value_get_boolean (value) ? "Y" : "N");
    case PLR_FIELD_KIND_ULN_LIST:
      {
        const char * const *strv = g_value_get_boxed (value);
        return strv && strv[0] ? g_strjoinv (",", (char **) strv) : NULL;
      }
    default:
      {
        const char *s = g_value_get_string (value);
        return s && s[0] ? g_strdup (s) : NULL;
      }
    }
}

/* Feeds one value into a content hash so that NULL, "" and a value that
 * happens to contain a separator can never hash alike. */
void
plr_field_checksum_update (GChecksum  *checksum,
                           const char *text)
{
  guint8 prefix[9];
  gsize length;

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-", 1);
      return;
    }

  /* The length as 8 fixed little-endian bytes after a tag: as unambiguous
   * as a printed length, without formatting a number per field. */
  length = strlen (text);
  prefix[0] = ':';
  for (guint i = 0; i < 8; i++)
    prefix[1 + i] = (guint8) ((guint64) length >> (8 * i));
  g_checksum_update (checksum, prefix, sizeof prefix);
  g_checksum_update (checksum, (const guchar *) text, (gssize) length);
}

/* ------------------------------------------------------------------------ */
/* Words                                                                     */

/**
 * plr_event_field_get_label:
 * @field: an event field
 *
 * Returns: (transfer none): the learner-friendly name of @field, translated
 */
const char *
plr_event_field_get_label (PlrEventField field)
{
  switch (field)
    {
    case PLR_EVENT_FIELD_ID: return _("LRS ID");
    case PLR_EVENT_FIELD_SUBJECT: return _("Subject");
    case PLR_EVENT_FIELD_SUBJECT_CODE: return _("Subject code");
    case PLR_EVENT_FIELD_QUALIFICATION_TYPE: return _("Qualification type");
    case PLR_EVENT_FIELD_LEVEL: return _("Level");
    case PLR_EVENT_FIELD_GRADE: return _("Grade");
    case PLR_EVENT_FIELD_CREDITS: return _("Credits");
    case PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE: return _("Awarded");
    case PLR_EVENT_FIELD_PARTICIPATION_START_DATE: return _("Started");
    case PLR_EVENT_FIELD_PARTICIPATION_END_DATE: return _("Finished");
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME: return _("Awarding organisation");
    case PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN: return _("Awarding organisation UKPRN");
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME: return _("Provider");
    case PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN: return _("Provider UKPRN");
    case PLR_EVENT_FIELD_SOURCE: return _("Source");
    case PLR_EVENT_FIELD_DATE_LOADED: return _("Loaded by the LRS");
    case PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT: return _("Language of assessment");
    case PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE: return _("Under data challenge");
    case PLR_EVENT_FIELD_STATUS: return _("Status");
    case PLR_EVENT_FIELD_COLLECTION_TYPE: return _("Collection type");
    case PLR_EVENT_FIELD_RESTRICTION: return _("Restriction");
    case PLR_EVENT_FIELD_RETURN_NUMBER: return _("Return number");
    case PLR_EVENT_N_FIELDS:
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * plr_learner_field_get_label:
 * @field: a learner field
 *
 * Returns: (transfer none): the learner-friendly name of @field, translated
 */
const char *
plr_learner_field_get_label (PlrLearnerField field)
{
  switch (field)
    {
    case PLR_LEARNER_FIELD_ULN: return _("Unique Learner Number (ULN)");
    case PLR_LEARNER_FIELD_TITLE: return _("Title");
    case PLR_LEARNER_FIELD_GIVEN_NAME: return _("Given name");
    case PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME: return _("Middle or other names");
    case PLR_LEARNER_FIELD_FAMILY_NAME: return _("Family name");
    case PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME: return _("Preferred given name");
    case PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME: return _("Previous family name");
    case PLR_LEARNER_FIELD_FAMILY_NAME_AT_AGE_16: return _("Family name at 16");
    case PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16: return _("School at 16");
    case PLR_LEARNER_FIELD_DATE_OF_BIRTH: return _("Date of birth");
    case PLR_LEARNER_FIELD_PLACE_OF_BIRTH: return _("Place of birth");
    case PLR_LEARNER_FIELD_GENDER: return _("Gender");
    case PLR_LEARNER_FIELD_NATIONALITY: return _("Nationality");
    case PLR_LEARNER_FIELD_EMAIL_ADDRESS: return _("Email address");
    case PLR_LEARNER_FIELD_ADDRESS_LINE_1: return _("Address line 1");
    case PLR_LEARNER_FIELD_ADDRESS_LINE_2: return _("Address line 2");
    case PLR_LEARNER_FIELD_ADDRESS_TOWN: return _("Town");
    case PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY: return _("County or city");
    case PLR_LEARNER_FIELD_POST_CODE: return _("Postcode");
    case PLR_LEARNER_FIELD_DATE_OF_ADDRESS_CAPTURE: return _("Address recorded");
    case PLR_LEARNER_FIELD_SCOTTISH_CANDIDATE_NUMBER: return _("Scottish candidate number");
    case PLR_LEARNER_FIELD_VERIFICATION_TYPE: return _("Verification type");
    case PLR_LEARNER_FIELD_ABILITY_TO_SHARE: return _("Ability to share");
    case PLR_LEARNER_FIELD_LEARNER_STATUS: return _("Learner status");
    case PLR_LEARNER_FIELD_LINKED_ULNS: return _("Linked ULNs");
    case PLR_LEARNER_FIELD_CREATED_DATE: return _("Record created");
    case PLR_LEARNER_FIELD_LAST_UPDATED_DATE: return _("Record last updated");
    case PLR_LEARNER_FIELD_VERSION_NUMBER: return _("Record version");
    case PLR_LEARNER_N_FIELDS:
    default:
      g_return_val_if_reached ("");
    }
}
