/* plr-field.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One table describes every field of the learner and of a learning event:
 * the LRS element name, the name in our JSON, the GObject property, how the
 * value is checked and how long it may be. The codecs, the store, the diff
 * and the views all walk these tables, so a field exists in exactly one place.
 *
 * Values are held as canonical strings (NULL when absent): integers in decimal,
 * flags as "Y" or "N", lists as comma-separated values, dates as given.
 */
typedef enum
{
  PLR_FIELD_KIND_TEXT,
  PLR_FIELD_KIND_INT,
  PLR_FIELD_KIND_DATE,      /* yyyy-mm-dd */
  PLR_FIELD_KIND_DATETIME,  /* yyyy-mm-dd hh:mm:ss, ISO 8601, or a date */
  PLR_FIELD_KIND_FLAG,      /* Y or N */
  PLR_FIELD_KIND_ULN,       /* a valid ULN */
  PLR_FIELD_KIND_ULN_LIST,  /* zero or more valid ULNs */
} PlrFieldKind;

typedef struct
{
  const char   *lrs_name;    /* "AchievementAwardDate" */
  const char   *json_name;   /* "achievement_award_date" */
  const char   *property;    /* "achievement-award-date" */
  PlrFieldKind  kind;
  guint         max_length;  /* in characters, for text */
  gint64        min_value;   /* for integers */
  gint64        max_value;
  const gint64 *allowed;     /* for coded integers, ended by G_MININT64 */
  guint         required : 1;
  guint         searchable : 1;
} PlrFieldInfo;

typedef enum
{
  PLR_LEARNER_FIELD_ULN,
  PLR_LEARNER_FIELD_TITLE,
  PLR_LEARNER_FIELD_GIVEN_NAME,
  PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME,
  PLR_LEARNER_FIELD_FAMILY_NAME,
  PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME,
  PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME,
  PLR_LEARNER_FIELD_FAMILY_NAME_AT_AGE_16,
  PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16,
  PLR_LEARNER_FIELD_DATE_OF_BIRTH,
  PLR_LEARNER_FIELD_PLACE_OF_BIRTH,
  PLR_LEARNER_FIELD_GENDER,
  PLR_LEARNER_FIELD_NATIONALITY,
  PLR_LEARNER_FIELD_EMAIL_ADDRESS,
  PLR_LEARNER_FIELD_ADDRESS_LINE_1,
  PLR_LEARNER_FIELD_ADDRESS_LINE_2,
  PLR_LEARNER_FIELD_ADDRESS_TOWN,
  PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY,
  PLR_LEARNER_FIELD_POST_CODE,
  PLR_LEARNER_FIELD_DATE_OF_ADDRESS_CAPTURE,
  PLR_LEARNER_FIELD_SCOTTISH_CANDIDATE_NUMBER,
  PLR_LEARNER_FIELD_VERIFICATION_TYPE,
  PLR_LEARNER_FIELD_ABILITY_TO_SHARE,
  PLR_LEARNER_FIELD_LEARNER_STATUS,
  PLR_LEARNER_FIELD_LINKED_ULNS,
  PLR_LEARNER_FIELD_CREATED_DATE,
  PLR_LEARNER_FIELD_LAST_UPDATED_DATE,
  PLR_LEARNER_FIELD_VERSION_NUMBER,
  PLR_LEARNER_N_FIELDS
} PlrLearnerField;

typedef enum
{
  PLR_EVENT_FIELD_ID,
  PLR_EVENT_FIELD_SUBJECT,
  PLR_EVENT_FIELD_SUBJECT_CODE,
  PLR_EVENT_FIELD_QUALIFICATION_TYPE,
  PLR_EVENT_FIELD_LEVEL,
  PLR_EVENT_FIELD_GRADE,
  PLR_EVENT_FIELD_CREDITS,
  PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE,
  PLR_EVENT_FIELD_PARTICIPATION_START_DATE,
  PLR_EVENT_FIELD_PARTICIPATION_END_DATE,
  PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME,
  PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN,
  PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
  PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN,
  PLR_EVENT_FIELD_SOURCE,
  PLR_EVENT_FIELD_DATE_LOADED,
  PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT,
  PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE,
  PLR_EVENT_FIELD_STATUS,
  PLR_EVENT_FIELD_COLLECTION_TYPE,
  PLR_EVENT_FIELD_RESTRICTION,
  PLR_EVENT_FIELD_RETURN_NUMBER,
  PLR_EVENT_N_FIELDS
} PlrEventField;

const PlrFieldInfo *plr_learner_field_info        (PlrLearnerField     field);
const PlrFieldInfo *plr_event_field_info          (PlrEventField       field);
int                 plr_learner_field_from_name   (const char         *lrs_or_json_name);
int                 plr_event_field_from_name     (const char         *lrs_or_json_name);
const char         *plr_learner_field_get_label   (PlrLearnerField     field);
const char         *plr_event_field_get_label     (PlrEventField       field);

char               *plr_field_normalize           (const PlrFieldInfo *info,
                                                   const char         *value,
                                                   GError            **error);
char               *plr_field_normalize_int       (const PlrFieldInfo *info,
                                                   gint64              value,
                                                   GError            **error);
gboolean            plr_parse_int                 (const char         *text,
                                                   gsize               length,
                                                   gint64              min,
                                                   gint64              max,
                                                   gint64             *out);
gboolean            plr_field_parse_date          (const char         *value,
                                                   int                *year,
                                                   int                *month,
                                                   int                *day);

G_END_DECLS

G_BEGIN_DECLS

/* Helpers for the classes whose properties come from a field table. */
typedef const PlrFieldInfo *(*PlrFieldInfoFunc) (guint field);

void                plr_field_install_properties  (GObjectClass       *klass,
                                                   PlrFieldInfoFunc    info_func,
                                                   guint               n_fields,
                                                   GParamSpec        **properties);
void                plr_field_to_gvalue           (const PlrFieldInfo *info,
                                                   const char         *text,
                                                   GValue             *value);
char               *plr_field_from_gvalue         (const PlrFieldInfo *info,
                                                   const GValue       *value);
void                plr_field_checksum_update     (GChecksum          *checksum,
                                                   const char         *text);

G_END_DECLS
