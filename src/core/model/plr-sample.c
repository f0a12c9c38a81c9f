/* plr-sample.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-sample"

#include "config.h"

#include <string.h>

#include "plr-sample.h"

/* Made-up but believable learning records, for the demo, the tests and the
 * benchmarks. Everything comes from one GRand seeded by the caller and from
 * a fixed "now" (2026-11-02 09:30 UTC), never from the clock, so the same
 * seed and event count always give the same record, byte for byte.
 *
 * A record tells one life: GCSEs in the summer the learner is 16, AS and A
 * levels or a BTEC National at 18 (or an apprenticeship from 16), then
 * apprenticeships, vocational qualifications with their credit-bearing units
 * and short courses. A record asked to hold more events than that life
 * has keeps going with the short courses, units, resits and functional
 * skills that adults pick up, spread over the years up to "now".
 *
 * People, schools, colleges and training providers are made up, though some
 * names are those of real places; UKPRNs are made up too (eight digits
 * starting with 1), except for the six-digit codes that older LRS loads
 * give awarding organisations, which are kept as a rare oddity. Codes whose
 * meaning is not confirmed (Status, CollectionType, Restriction,
 * ReturnNumber) take the shapes seen in LRS responses. */

#define DATE_LEN     11  /* yyyy-mm-dd */
#define DATETIME_LEN 20  /* yyyy-mm-dd hh:mm:ss */
#define UKPRN_LEN    9
#define CODE_LEN     11  /* K/501/5773 */
#define ULN_LEN      11

#include "plr-sample-data.h"

/* ------------------------------------------------------------------------ */
/* The generator                                                             */

typedef enum
{
  SOURCE_NPD,
  SOURCE_AO,
  SOURCE_ILR,
  SOURCE_QCFU,
} Source;

static const char * const source_names[] = {
  [SOURCE_NPD] = "NPD",
  [SOURCE_AO] = "AO",
  [SOURCE_ILR] = "ILR",
  [SOURCE_QCFU] = "QCFU",
};

typedef enum
{
  PATH_A_LEVELS,
  PATH_BTEC,
  PATH_APPRENTICESHIP,
} Path;

typedef struct
{
  GRand          *rand;
  GPtrArray      *events;
  guint32         award_cutoff;   /* nothing is awarded after this day */
  guint32         load_cutoff;    /* nor loaded */
  gboolean        extra;          /* past the learner's own story */

  Culture         culture;
  Region          school_region;
  Region          adult_region;
  const Provider *school;
  guint32         date_of_birth;
  int             gcse_year;      /* the summer the learner sits GCSEs */
  int             ability;        /* 20 (struggles) to 95 (excels) */
  gboolean        english_passed; /* a C or 4 in GCSE English Language */
  gboolean        maths_passed;
  int             sector;
  guint32         busy_until;     /* the end of an apprenticeship begun at 16 */
  const Provider *local_college;  /* near where the learner lives now */
  const Provider *local_trainer;
} Generator;

typedef struct
{
  const char     *subject;
  const char     *code;
  const char     *qualification_type;
  const char     *level;
  const char     *grade;
  int             credits;
  guint32         award;        /* Julian days */
  guint32         start;        /* 0 when not given */
  guint32         end;          /* 0 when not given */
  guint8          awarding_org;
  const Provider *provider;
  Source          source;
  const char     *language;
} Spec;

static int
rand_int (Generator *gen,
          int        lo,
          int        hi)
{
  g_assert (lo <= hi);
  return g_rand_int_range (gen->rand, lo, hi + 1);
}

static gboolean
per_mille (Generator *gen,
           int        chance)
{
  return g_rand_int_range (gen->rand, 0, 1000) < chance;
}

static guint32
rand_between (Generator *gen,
              guint32    first,
              guint32    last)
{
  if (last <= first)
    return first;
  return first + (guint32) g_rand_int_range (gen->rand, 0, (gint32) (last - first + 1));
}

#define PICK(gen, array) (&(array)[rand_int ((gen), 0, (int) G_N_ELEMENTS (array) - 1)])

/* FNV-1a: a hash whose value is fixed on every platform. */
static guint32
hash_text (const char *text)
{
  guint32 hash = 2166136261u;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      hash ^= *p;
      hash *= 16777619u;
    }

  return hash;
}

static guint32
julian (int year,
        int month,
        int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return g_date_get_julian (&date);
}

static void
split_julian (guint32  day,
              int     *year,
              int     *month,
              int     *mday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  *year = g_date_get_year (&date);
  *month = g_date_get_month (&date);
  *mday = g_date_get_day (&date);
}

static int
year_of (guint32 day)
{
  int year, month, mday;

  split_julian (day, &year, &month, &mday);
  return year;
}

static void
format_date (guint32  day,
             char    *buffer)
{
  int year, month, mday;

  split_julian (day, &year, &month, &mday);
  g_snprintf (buffer, DATE_LEN, "%04d-%02d-%02d", year, month, mday);
}

static void
format_datetime (guint32  day,
                 int      hour,
                 int      minute,
                 int      second,
                 char    *buffer)
{
  int year, month, mday;

  split_julian (day, &year, &month, &mday);
  g_snprintf (buffer, DATETIME_LEN, "%04d-%02d-%02d %02d:%02d:%02d",
              year, month, mday, hour, minute, second);
}

static void
random_datetime (Generator *gen,
                 guint32    day,
                 gboolean   overnight,
                 char      *buffer)
{
  int hour = overnight ? rand_int (gen, 1, 5) : rand_int (gen, 8, 18);

  format_datetime (day, hour, rand_int (gen, 0, 59), rand_int (gen, 0, 59), buffer);
}

/* A level results come out on the Thursday in the middle of August, GCSE
 * results a week later: 15 and 22 August 2019, 17 and 24 August 2023. */
static guint32
thursday_on_or_after (int year,
                      int month,
                      int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  while (g_date_get_weekday (&date) != G_DATE_THURSDAY)
    g_date_add_days (&date, 1);

  return g_date_get_julian (&date);
}

static guint32
gce_results_day (int year)
{
  return thursday_on_or_after (year, 8, 12);
}

static guint32
gcse_results_day (int year)
{
  return gce_results_day (year) + 7;
}

static guint32
september_start (Generator *gen,
                 int        year)
{
  return julian (year, 9, rand_int (gen, 1, 12));
}

/* Made-up UKPRNs: eight digits starting with 1, the same for a name
 * wherever it appears. */
static void
make_ukprn (const char *name,
            char       *buffer)
{
  g_snprintf (buffer, UKPRN_LEN, "%u", 10000000u + hash_text (name) % 90000u);
}

/* An 8-character learning aim or qualification number without slashes:
 * a prefix of the era, four digits and a check character (a digit or X),
 * the same for a title wherever it appears. */
static void
make_aim_code (const char *title,
               int         year,
               char       *buffer)
{
  guint32 hash = hash_text (title);
  const char *prefix;
  guint check = (hash / 10000u) % 11u;

  if (year < 2010)
    prefix = "100";
  else if (year < 2017)
    prefix = (hash & 0x100000) ? "600" : "500";
  else if (year < 2021)
    prefix = (hash & 0x100000) ? "603" : "601";
  else
    prefix = "610";

  g_snprintf (buffer, CODE_LEN, "%s%04u%c", prefix, hash % 10000u,
              check == 10 ? 'X' : (char) ('0' + check));
}

/* A unit reference: K/501/5773 */
static void
make_unit_code (const char *title,
                int         year,
                char       *buffer)
{
  static const char letters[] = "ADFHJKLMRTY";
  guint32 hash = hash_text (title);
  guint block = year < 2013 ? 500 + (hash >> 8) % 9 : 600 + (hash >> 8) % 19;

  g_snprintf (buffer, CODE_LEN, "%c/%03u/%04u", letters[hash % (sizeof letters - 1)], block,
              (hash >> 16) % 10000u);
}

static void
make_uln (Generator *gen,
          char      *buffer)
{
  for (;;)
    {
      guint sum = 0;
      guint remainder;

      buffer[0] = (char) ('0' + rand_int (gen, 1, 9));
      for (guint i = 1; i < 9; i++)
        buffer[i] = (char) ('0' + rand_int (gen, 0, 9));

      for (guint i = 0; i < 9; i++)
        sum += (10 - i) * (guint) (buffer[i] - '0');

      /* A remainder of 0 leaves no valid check digit: draw again. */
      remainder = sum % 11;
      if (remainder == 0)
        continue;

      buffer[9] = (char) ('0' + (10 - remainder) % 10);
      buffer[10] = '\0';

      /* The ILR's placeholder is not a ULN. */
      if (strcmp (buffer, "9999999999") != 0)
        return;
    }
}

static const Provider *
pick_provider (Generator    *gen,
               Region        region,
               ProviderKind  kind)
{
  guint n = 0;
  guint k;

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (providers[i].region == region && providers[i].kind == kind)
      n++;

  g_assert (n > 0);
  k = (guint) rand_int (gen, 0, (int) n - 1);
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    if (providers[i].region == region && providers[i].kind == kind && k-- == 0)
      return &providers[i];

  g_assert_not_reached ();
}

/* The college serving a town, else any in the region. */
static const Provider *
pick_college_near (Generator  *gen,
                   Region      region,
                   const char *town)
{
  for (guint i = 0; town != NULL && i < G_N_ELEMENTS (providers); i++)
    if (providers[i].kind == PROVIDER_COLLEGE && providers[i].serves &&
        strstr (providers[i].serves, town))
      return &providers[i];

  return pick_provider (gen, region, PROVIDER_COLLEGE);
}

static const Town *
find_town (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (towns); i++)
    if (g_str_equal (towns[i].name, name))
      return &towns[i];

  return NULL;
}

static const Town *
pick_town (Generator *gen,
           Region     region)
{
  guint n = 0;
  guint k;

  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    if (towns[i].region == region)
      n++;

  k = (guint) rand_int (gen, 0, (int) n - 1);
  for (guint i = 0; i < G_N_ELEMENTS (towns); i++)
    if (towns[i].region == region && k-- == 0)
      return &towns[i];

  g_assert_not_reached ();
}

static const GivenName *
pick_given_name (Generator  *gen,
                 Culture     culture,
                 int         gender,
                 const char *other_than)
{
  guint n = 0;
  guint k;

#define GIVEN_MATCHES(g) \
  ((g)->culture == culture && ((gender != 1 && gender != 2) || (g)->gender == gender) && \
   g_strcmp0 ((g)->name, other_than) != 0)

  for (guint i = 0; i < G_N_ELEMENTS (given_names); i++)
    if (GIVEN_MATCHES (&given_names[i]))
      n++;

  k = (guint) rand_int (gen, 0, (int) n - 1);
  for (guint i = 0; i < G_N_ELEMENTS (given_names); i++)
    if (GIVEN_MATCHES (&given_names[i]) && k-- == 0)
      return &given_names[i];

#undef GIVEN_MATCHES

  g_assert_not_reached ();
}

static const char *
pick_family_name (Generator  *gen,
                  Culture     culture,
                  int         gender,
                  const char *other_than)
{
  guint n = 0;
  guint k;

  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    if (family_names[i].culture == culture && g_strcmp0 (family_names[i].name, other_than) != 0)
      n++;

  k = (guint) rand_int (gen, 0, (int) n - 1);
  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    {
      const FamilyName *family = &family_names[i];

      if (family->culture != culture || g_strcmp0 (family->name, other_than) == 0 || k-- != 0)
        continue;

      return gender == 2 && family->feminine ? family->feminine : family->name;
    }

  g_assert_not_reached ();
}

/* ------------------------------------------------------------------------ */
/* The learner                                                               */

static Culture
pick_culture (Generator *gen,
              Region     region)
{
  int r = rand_int (gen, 0, 99);

  switch (region)
    {
    case REGION_WALES:
      return r < 60 ? CULTURE_WELSH : r < 70 ? CULTURE_IRISH : r < 92 ? CULTURE_ENGLISH :
             r < 96 ? CULTURE_POLISH : CULTURE_SOUTH_ASIAN;
    case REGION_NI:
      return r < 60 ? CULTURE_IRISH : r < 92 ? CULTURE_ENGLISH : CULTURE_POLISH;
    case REGION_ENGLAND:
    case N_REGIONS:
    default:
      return r < 55 ? CULTURE_ENGLISH : r < 63 ? CULTURE_WELSH : r < 71 ? CULTURE_IRISH :
             r < 78 ? CULTURE_POLISH : r < 88 ? CULTURE_WEST_AFRICAN : CULTURE_SOUTH_ASIAN;
    }
}

static char *
make_email (Generator  *gen,
            const char *given,
            const char *family)
{
  static const char * const domains[] = { "example.com", "example.org", "example.net" };
  g_autofree char *given_ascii = g_str_to_ascii (given, "C");
  g_autofree char *family_ascii = g_str_to_ascii (family, "C");
  g_autoptr(GString) g = g_string_new (NULL);
  g_autoptr(GString) f = g_string_new (NULL);
  const char *domain = *PICK (gen, domains);

  for (const char *p = given_ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (g, g_ascii_tolower (*p));
  for (const char *p = family_ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (f, g_ascii_tolower (*p));

  switch (rand_int (gen, 0, 3))
    {
    case 0:
      return g_strdup_printf ("%s.%s@%s", g->str, f->str, domain);
    case 1:
      return g_strdup_printf ("%s%s%02d@%s", g->str, f->str, rand_int (gen, 1, 99), domain);
    case 2:
      return g_strdup_printf ("%c%s@%s", g->str[0], f->str, domain);
    default:
      return g_strdup_printf ("%s_%s%d@%s", g->str, f->str, rand_int (gen, 1, 9), domain);
    }
}

static void
set_learner_datetime (Generator       *gen,
                      PlrLearner      *learner,
                      PlrLearnerField  field,
                      guint32          day)
{
  char text[DATETIME_LEN];

  random_datetime (gen, day, FALSE, text);
  plr_learner_set_value (learner, field, text);
}

static PlrLearner *
make_learner (Generator *gen)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autofree char *family = NULL;
  g_autofree char *previous_family = NULL;
  g_autofree char *email = NULL;
  g_autofree char *line_1 = NULL;
  g_autofree char *postcode = NULL;
  const char *family_at_16;
  const char *nationality = "British";
  const char *place_of_birth = NULL;
  const GivenName *given;
  const GivenName *middle = NULL;
  const Town *home;
  const Town *birth_town = NULL;
  const BirthPlace *elsewhere = NULL;
  gboolean scottish = FALSE;
  char uln[ULN_LEN];
  char text[DATE_LEN];
  char number[16];
  int gender;
  int year, month, mday;
  int age_now;
  int r;
  guint32 created, address_captured, updated;
  guint version;

  /* Where the learner went to school, and where they were born */
  r = rand_int (gen, 0, 99);
  gen->school_region = r < 45 ? REGION_ENGLAND : r < 80 ? REGION_WALES : REGION_NI;

  r = rand_int (gen, 0, 99);
  if (r < 82)
    birth_town = pick_town (gen, gen->school_region);
  else if (r < 88)
    birth_town = pick_town (gen, (gen->school_region + 1 + rand_int (gen, 0, 1)) % N_REGIONS);
  else
    elsewhere = PICK (gen, birth_places_elsewhere);

  if (elsewhere != NULL)
    {
      gen->culture = elsewhere->culture;
      scottish = elsewhere->scottish;
      place_of_birth = elsewhere->name;
      if (!scottish && per_mille (gen, 500))
        nationality = elsewhere->nationality;
    }
  else
    {
      gen->culture = pick_culture (gen, birth_town->region);
      if (birth_town->region == REGION_NI && per_mille (gen, 350))
        nationality = "Irish";
    }

  /* Who they are */
  r = rand_int (gen, 0, 999);
  gender = r < 485 ? 1 : r < 970 ? 2 : r < 990 ? 9 : 0;

  given = pick_given_name (gen, gen->culture, gender, NULL);
  if (per_mille (gen, 700))
    middle = pick_given_name (gen, per_mille (gen, 700) ? gen->culture : CULTURE_ENGLISH,
                              given->gender, given->name);
  family = g_strdup (pick_family_name (gen, gen->culture, gender, NULL));

  /* Born between January 2000 and August 2008, so that every learner has
   * sat their A levels by the summer of 2026. */
  gen->date_of_birth = rand_between (gen, julian (2000, 1, 1), julian (2008, 8, 31));
  split_julian (gen->date_of_birth, &year, &month, &mday);
  gen->gcse_year = year + 16 + (month >= 9 ? 1 : 0);
  age_now = 2026 - year - (month > 11 || (month == 11 && mday > 2) ? 1 : 0);
  gen->ability = rand_int (gen, 20, 95);

  /* Their school, and where they live now */
  if (gen->school_region == REGION_WALES && gen->culture == CULTURE_WELSH && per_mille (gen, 700))
    {
      do
        gen->school = pick_provider (gen, REGION_WALES, PROVIDER_SCHOOL);
      while (gen->school->medium != MEDIUM_WELSH);
    }
  else if (gen->school_region == REGION_NI && gen->culture == CULTURE_IRISH &&
           per_mille (gen, 250))
    {
      do
        gen->school = pick_provider (gen, REGION_NI, PROVIDER_SCHOOL);
      while (gen->school->medium != MEDIUM_IRISH);
    }
  else
    {
      do
        gen->school = pick_provider (gen, gen->school_region, PROVIDER_SCHOOL);
      while (gen->school->medium != MEDIUM_ENGLISH && per_mille (gen, 800));
    }

  /* Most go to school where they were born */
  if (birth_town != NULL)
    {
      if (birth_town->region == gen->school_region && find_town (gen->school->serves) &&
          per_mille (gen, 650))
        birth_town = find_town (gen->school->serves);

      place_of_birth = birth_town->name;
      if (gen->culture == CULTURE_WELSH && birth_town->welsh_name && per_mille (gen, 500))
        place_of_birth = birth_town->welsh_name;
    }

  gen->adult_region = gen->school_region;
  if (gen->school_region != REGION_ENGLAND && per_mille (gen, 300))
    gen->adult_region = REGION_ENGLAND;
  home = pick_town (gen, gen->adult_region);
  gen->local_college = pick_college_near (gen, home->region, home->name);
  gen->local_trainer = pick_provider (gen, gen->adult_region, PROVIDER_TRAINING);

  /* Some change their family name after school */
  if (age_now >= 20 && per_mille (gen, 180))
    {
      const char *other = pick_family_name (gen, per_mille (gen, 600) ? gen->culture :
                                            CULTURE_ENGLISH, gender, family);
      char *changed;

      if (per_mille (gen, 350) && strchr (family, '-') == NULL && strchr (family, ' ') == NULL &&
          strchr (other, '-') == NULL && strchr (other, ' ') == NULL)
        changed = g_strdup_printf ("%s-%s", family, other);
      else
        changed = g_strdup (other);

      previous_family = g_steal_pointer (&family);
      family = changed;
    }
  family_at_16 = previous_family ? previous_family : family;

  make_uln (gen, uln);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ULN, uln);

  if (gender == 1)
    plr_learner_set_value (learner, PLR_LEARNER_FIELD_TITLE, "Mr");
  else if (gender == 2)
    plr_learner_set_value (learner, PLR_LEARNER_FIELD_TITLE,
                           previous_family && per_mille (gen, 500) ? "Mrs" :
                           per_mille (gen, 600) ? "Miss" : "Ms");
  else
    plr_learner_set_value (learner, PLR_LEARNER_FIELD_TITLE, "Mx");

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_GIVEN_NAME, given->name);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_MIDDLE_OTHER_NAME,
                         middle ? middle->name : NULL);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME, family);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_PREFERRED_GIVEN_NAME,
                         given->short_form && per_mille (gen, 400) ? given->short_form :
                         given->name);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_PREVIOUS_FAMILY_NAME, previous_family);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_FAMILY_NAME_AT_AGE_16, family_at_16);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_SCHOOL_AT_AGE_16, gen->school->name);

  format_date (gen->date_of_birth, text);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_DATE_OF_BIRTH, text);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_PLACE_OF_BIRTH, place_of_birth);
  g_snprintf (number, sizeof number, "%d", gender);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_GENDER, number);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_NATIONALITY, nationality);

  email = make_email (gen, given->name, family);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_EMAIL_ADDRESS, email);

  if (per_mille (gen, 150))
    line_1 = g_strdup_printf ("Flat %d, %d %s", rand_int (gen, 1, 12), rand_int (gen, 1, 120),
                              *PICK (gen, streets[home->region]));
  else
    line_1 = g_strdup_printf ("%d %s", rand_int (gen, 1, 180), *PICK (gen, streets[home->region]));
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_LINE_1, line_1);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_LINE_2, *PICK (gen, home->localities));
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_TOWN, home->name);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ADDRESS_COUNTY_OR_CITY, home->county);

  {
    /* The inward code's letters never include C, I, K, M, O or V. */
    static const char inward[] = "ABDEFGHJLNPQRSTUWXYZ";

    postcode = g_strdup_printf ("%s%d %d%c%c", home->area,
                                rand_int (gen, home->district_min, home->district_max),
                                rand_int (gen, 1, 9),
                                inward[rand_int (gen, 0, (int) sizeof inward - 2)],
                                inward[rand_int (gen, 0, (int) sizeof inward - 2)]);
    plr_learner_set_value (learner, PLR_LEARNER_FIELD_POST_CODE, postcode);
  }

  /* The ULN is issued in Year 10, at 14 */
  created = rand_between (gen, julian (gen->gcse_year - 2, 9, 1),
                          julian (gen->gcse_year - 2, 11, 30));
  address_captured = rand_between (gen, MAX (created + 30, gen->award_cutoff - 3 * 365),
                                   gen->award_cutoff - 20);
  updated = rand_between (gen, address_captured, gen->load_cutoff);

  format_date (address_captured, text);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_DATE_OF_ADDRESS_CAPTURE, text);

  if (scottish)
    {
      g_snprintf (number, sizeof number, "%09d", rand_int (gen, 100000000, 999999999));
      plr_learner_set_value (learner, PLR_LEARNER_FIELD_SCOTTISH_CANDIDATE_NUMBER, number);
    }

  plr_learner_set_value (learner, PLR_LEARNER_FIELD_VERIFICATION_TYPE,
                         per_mille (gen, 850) ? "1" : "2");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_ABILITY_TO_SHARE, "1");
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_LEARNER_STATUS, "1");

  /* A duplicate record the LRS merged into this one */
  if (per_mille (gen, 100))
    {
      char linked[ULN_LEN];

      do
        make_uln (gen, linked);
      while (strcmp (linked, uln) == 0);
      plr_learner_set_value (learner, PLR_LEARNER_FIELD_LINKED_ULNS, linked);
    }

  set_learner_datetime (gen, learner, PLR_LEARNER_FIELD_CREATED_DATE, created);
  set_learner_datetime (gen, learner, PLR_LEARNER_FIELD_LAST_UPDATED_DATE, updated);

  version = (guint) rand_int (gen, 2, 8) + (previous_family ? 1 : 0);
  g_snprintf (number, sizeof number, "%u", version);
  plr_learner_set_value (learner, PLR_LEARNER_FIELD_VERSION_NUMBER, number);

  return g_steal_pointer (&learner);
}

/* ------------------------------------------------------------------------ */
/* Learning events                                                           */

static void
set_event_date (PlrLearningEvent *event,
                PlrEventField     field,
                guint32           day)
{
  char text[DATE_LEN];

  if (day == 0)
    return;

  format_date (day, text);
  plr_learning_event_set_value (event, field, text);
}

static void
add_event (Generator  *gen,
           const Spec *spec)
{
  g_autoptr(PlrLearningEvent) event = NULL;
  const AwardingOrg *ao = &awarding_orgs[spec->awarding_org];
  char ao_ukprn[UKPRN_LEN];
  char provider_ukprn[UKPRN_LEN];
  char loaded[DATETIME_LEN];
  char number[16];
  const char *grade = spec->grade;
  const char *level = spec->level;
  const char *ao_name = ao->name;
  const char *ao_code = ao_ukprn;
  guint32 start = spec->start;
  guint32 end = spec->end;
  guint32 loaded_day;
  guint32 after;

  /* Not yet awarded at "now" */
  if (spec->award == 0 || spec->award > gen->award_cutoff)
    return;

  g_assert (spec->subject != NULL && spec->code != NULL && grade != NULL);

  event = plr_learning_event_new ();
  make_ukprn (ao->name, ao_ukprn);

  switch (spec->source)
    {
    case SOURCE_NPD:
      /* The pupil database gives no participation dates and often no level */
      start = end = 0;
      if (per_mille (gen, 250))
        level = NULL;
      if (ao->legacy_code && per_mille (gen, 30))
        {
          ao_name = ao->legacy_name;
          ao_code = ao->legacy_code;
        }
      break;

    case SOURCE_ILR:
      if (per_mille (gen, 100))
        grade = PLR_GRADE_PLACEHOLDER;
      if (per_mille (gen, 60))
        {
          ao_name = "UNKNOWN";
          ao_code = "UNKNWN";
        }
      break;

    case SOURCE_AO:
    case SOURCE_QCFU:
    default:
      break;
    }

  /* A rare oddity of real records: the dates the wrong way round */
  if (gen->extra && start != 0 && end != 0 && per_mille (gen, 3))
    {
      guint32 swap = start;

      start = end;
      end = swap;
    }

  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT, spec->subject);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SUBJECT_CODE, spec->code);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_QUALIFICATION_TYPE,
                                spec->qualification_type);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_LEVEL, level);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_GRADE, grade);
  g_snprintf (number, sizeof number, "%d", spec->credits);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_CREDITS, number);
  set_event_date (event, PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE, spec->award);
  set_event_date (event, PLR_EVENT_FIELD_PARTICIPATION_START_DATE, start);
  set_event_date (event, PLR_EVENT_FIELD_PARTICIPATION_END_DATE, end);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_NAME, ao_name);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_AWARDING_ORGANISATION_UKPRN, ao_code);

  if (spec->provider != NULL)
    {
      make_ukprn (spec->provider->name, provider_ukprn);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_NAME,
                                    spec->provider->name);
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_ACHIEVEMENT_PROVIDER_UKPRN,
                                    provider_ukprn);
    }

  plr_learning_event_set_value (event, PLR_EVENT_FIELD_SOURCE, source_names[spec->source]);

  /* Loaded after the award: the pupil database once a year, the ILR after
   * the provider's next return, awarding organisations within weeks. */
  after = MAX (spec->award, end);
  switch (spec->source)
    {
    case SOURCE_NPD:
      loaded_day = after + (guint32) rand_int (gen, 60, 200);
      break;
    case SOURCE_ILR:
      loaded_day = after + (guint32) rand_int (gen, 20, 120);
      break;
    case SOURCE_AO:
    case SOURCE_QCFU:
    default:
      loaded_day = after + (guint32) rand_int (gen, 2, 45);
      break;
    }
  if (loaded_day > gen->load_cutoff)
    loaded_day = rand_between (gen, spec->award + 1, gen->load_cutoff);
  random_datetime (gen, loaded_day, spec->source == SOURCE_NPD || spec->source == SOURCE_ILR,
                   loaded);
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_DATE_LOADED, loaded);

  plr_learning_event_set_value (event, PLR_EVENT_FIELD_LANGUAGE_FOR_ASSESSMENT,
                                spec->language ? spec->language : "English");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE,
                                per_mille (gen, 6) ? "Y" : "N");
  plr_learning_event_set_value (event, PLR_EVENT_FIELD_STATUS, "F");

  /* As LRS responses carry them; what they mean is not published */
  if (spec->source == SOURCE_NPD || spec->source == SOURCE_ILR)
    {
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_COLLECTION_TYPE,
                                    spec->source == SOURCE_NPD ? "A" : "W");
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_RESTRICTION, "0");
      g_snprintf (number, sizeof number, "%02d",
                  spec->source == SOURCE_NPD ? 1 : rand_int (gen, 1, 14));
      plr_learning_event_set_value (event, PLR_EVENT_FIELD_RETURN_NUMBER, number);
    }

  g_ptr_array_add (gen->events, g_steal_pointer (&event));
}

/* Grades run best first and end with U (or whatever fails). @aptitude
 * shifts the learner's ability for one subject. */
static guint
pick_grade (Generator *gen,
            guint      n_grades,
            int        aptitude,
            gboolean   may_fail)
{
  int ability = CLAMP (gen->ability + aptitude, 5, 100);
  int span = (int) n_grades - 1;
  int centre = (100 - ability) * span / 120;
  int index = centre + rand_int (gen, -1, 1) + rand_int (gen, -1, 1);

  if (may_fail && per_mille (gen, ability < 40 ? 40 : 5))
    return n_grades - 1;

  return (guint) CLAMP (index, 0, span - 1);
}

/* Graded qualifications reach the record once passed: no fail grade. */
static const char *
pick_pmd_grade (Generator *gen)
{
  return pmd_grades[pick_grade (gen, G_N_ELEMENTS (pmd_grades) + 1, 0, FALSE)];
}

static Source
school_source (Generator      *gen,
               const Provider *provider)
{
  if (provider->region != REGION_ENGLAND)
    return SOURCE_AO;
  if (provider->kind == PROVIDER_SCHOOL)
    return per_mille (gen, 850) ? SOURCE_NPD : SOURCE_AO;
  return per_mille (gen, 650) ? SOURCE_ILR : SOURCE_AO;
}

static Source
work_source (Generator      *gen,
             const Provider *provider)
{
  if (provider->region != REGION_ENGLAND)
    return SOURCE_AO;
  return per_mille (gen, 600) ? SOURCE_ILR : SOURCE_AO;
}

static AwardingOrgId
general_awarding_org (Generator *gen,
                      Region     region,
                      gboolean   welsh_subject)
{
  int r = rand_int (gen, 0, 99);

  if (region == REGION_WALES || welsh_subject)
    return AO_WJEC;
  if (region == REGION_NI)
    return r < 80 ? AO_CCEA : r < 90 ? AO_AQA : AO_PEARSON;
  return r < 40 ? AO_AQA : r < 65 ? AO_PEARSON : r < 85 ? AO_OCR : AO_EDUQAS;
}

static const char *
subject_language (Generator      *gen,
                  const Provider *provider,
                  const char     *subject)
{
  gboolean english = g_str_has_prefix (subject, "English");

  if (g_str_has_prefix (subject, "Welsh"))
    return "Welsh";
  if (g_str_equal (subject, "Irish"))
    return "Irish";
  if (provider->medium == MEDIUM_WELSH && !english)
    return "Welsh";
  if (provider->medium == MEDIUM_IRISH && !english)
    return "Irish";
  if (provider->region == REGION_WALES && gen->culture == CULTURE_WELSH && !english &&
      per_mille (gen, 150))
    return "Welsh";
  return "English";
}

static void
add_gcse (Generator      *gen,
          const char     *subject,
          guint16         numbered_from,
          int             year,
          const Provider *provider,
          gboolean        resit)
{
  g_autofree char *title = NULL;
  const AwardingOrg *ao;
  AwardingOrgId ao_id;
  Source source = school_source (gen, provider);
  gboolean numbered = provider->region == REGION_ENGLAND && year >= numbered_from;
  const char *type = "GCSE";
  const char *grade;
  gboolean passed;
  guint index;
  int aptitude = rand_int (gen, -12, 12);
  char code[CODE_LEN];
  Spec spec = { 0, };

  ao_id = general_awarding_org (gen, provider->region, g_str_has_prefix (subject, "Welsh"));
  ao = &awarding_orgs[ao_id];

  if (numbered)
    {
      index = pick_grade (gen, G_N_ELEMENTS (number_grades), aptitude, TRUE);
      grade = number_grades[index];
      passed = index <= 5;  /* a 4 or better */
    }
  else
    {
      index = pick_grade (gen, G_N_ELEMENTS (letter_grades), aptitude, TRUE);
      grade = letter_grades[index];
      passed = index <= 3;  /* a C or better */
    }

  if (g_str_equal (subject, "English Language"))
    gen->english_passed = gen->english_passed || passed;
  else if (g_str_equal (subject, "Mathematics"))
    gen->maths_passed = gen->maths_passed || passed;

  if (numbered)
    title = g_strdup_printf ("%s Level 1/2 GCSE (9-1) in %s", ao->prefix, subject);
  else
    title = g_strdup_printf ("%s Level 1/Level 2 GCSE in %s", ao->prefix, subject);
  make_aim_code (title, year, code);

  if (source == SOURCE_NPD && per_mille (gen, 400))
    {
      g_free (title);
      title = g_strdup_printf ("GCSE in %s", subject);
    }
  if (source == SOURCE_AO && per_mille (gen, 300))
    type = numbered ? "GCSE (9 to 1)" : "GCSE (A* to G)";

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = type;
  spec.level = "Level 1/2";
  spec.grade = grade;
  spec.credits = 0;
  spec.award = gcse_results_day (year);
  spec.start = september_start (gen, resit ? year - 1 : year - 2);
  spec.end = julian (year, 6, rand_int (gen, 5, 24));
  spec.awarding_org = ao_id;
  spec.provider = provider;
  spec.source = source;
  spec.language = subject_language (gen, provider, subject);
  add_event (gen, &spec);
}

static void
add_gce (Generator      *gen,
         const char     *subject,
         int             aptitude,
         int             year,
         const Provider *provider,
         gboolean        as_level,
         gboolean        may_fail)
{
  g_autofree char *title = NULL;
  AwardingOrgId ao_id;
  Source source = school_source (gen, provider);
  char code[CODE_LEN];
  Spec spec = { 0, };

  ao_id = general_awarding_org (gen, provider->region, g_str_equal (subject, "Welsh"));
  title = g_strdup_printf ("%s Level 3 Advanced %sGCE in %s", awarding_orgs[ao_id].prefix,
                           as_level ? "Subsidiary " : "", subject);
  make_aim_code (title, year, code);

  /* The pupil database often drops the awarding organisation from titles */
  if (source == SOURCE_NPD && per_mille (gen, 400))
    {
      g_free (title);
      title = g_strdup_printf ("Level 3 Advanced %sGCE in %s", as_level ? "Subsidiary " : "",
                               subject);
    }

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = as_level ? "GCE AS level" : "GCE A level";
  spec.level = "Level 3";
  /* AS levels have no A* */
  spec.grade = as_level ?
    gce_grades[1 + pick_grade (gen, G_N_ELEMENTS (gce_grades) - 1, aptitude, may_fail)] :
    gce_grades[pick_grade (gen, G_N_ELEMENTS (gce_grades), aptitude, may_fail)];
  spec.award = gce_results_day (year);
  spec.start = september_start (gen, as_level ? year - 1 : year - 2);
  spec.end = julian (year, 6, rand_int (gen, 5, 24));
  spec.awarding_org = ao_id;
  spec.provider = provider;
  spec.source = source;
  spec.language = subject_language (gen, provider, subject);
  add_event (gen, &spec);
}

/* Wider Key Skills came with the Welsh Baccalaureate until 2016. */
static void
add_key_skills (Generator      *gen,
                int             year,
                const Provider *provider,
                const char     *level,
                guint           n_units)
{
  static const char * const skills[] = {
    "Working with Others", "Improving Own Learning and Performance", "Problem Solving",
  };
  guint first = (guint) rand_int (gen, 0, (int) G_N_ELEMENTS (skills) - 1);

  for (guint i = 0; i < n_units && i < G_N_ELEMENTS (skills); i++)
    {
      g_autofree char *title = NULL;
      char code[CODE_LEN];
      Spec spec = { 0, };

      title = g_strdup_printf ("WJEC Key Skills in %s - %s",
                               skills[(first + i) % G_N_ELEMENTS (skills)], level);
      make_aim_code (title, 2009, code);

      spec.subject = title;
      spec.code = code;
      spec.qualification_type = "NVQ/GNVQ Key Skills Unit";
      spec.level = level;
      spec.grade = "Pass";
      spec.award = julian (year, 8, rand_int (gen, 1, 20));
      spec.start = september_start (gen, year - 2);
      spec.end = julian (year, 6, rand_int (gen, 10, 30));
      spec.awarding_org = AO_WJEC;
      spec.provider = provider;
      spec.source = SOURCE_AO;
      spec.language = subject_language (gen, provider, title);
      add_event (gen, &spec);
    }
}

static void
add_skills_challenge (Generator      *gen,
                      int             year,
                      const Provider *provider,
                      gboolean        advanced)
{
  g_autofree char *title = NULL;
  char code[CODE_LEN];
  guint grade;
  Spec spec = { 0, };

  title = g_strdup_printf ("WJEC Level %d Welsh Baccalaureate %s Skills Challenge Certificate",
                           advanced ? 3 : 2, advanced ? "Advanced" : "National");
  make_aim_code (title, year, code);

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = "Certificate";
  spec.level = advanced ? "Level 3" : "Level 2";
  /* The National certificate is graded A* to C; below that is Foundation */
  grade = pick_grade (gen, G_N_ELEMENTS (gce_grades), 0, FALSE);
  spec.grade = advanced ? gce_grades[grade] : letter_grades[MIN (grade, 3)];
  spec.award = advanced ? gce_results_day (year) : gcse_results_day (year);
  spec.start = september_start (gen, year - 2);
  spec.end = julian (year, 6, rand_int (gen, 5, 24));
  spec.awarding_org = AO_WJEC;
  spec.provider = provider;
  spec.source = SOURCE_AO;
  spec.language = subject_language (gen, provider, title);
  add_event (gen, &spec);
}

static void
add_school_years (Generator *gen)
{
  const Provider *school = gen->school;
  Region region = school->region;
  int year = gen->gcse_year;
  const char *chosen[16];
  guint16 numbered_from[16];
  guint n_chosen = 0;
  guint n_wanted;

#define CHOOSE(name, from) \
  G_STMT_START { chosen[n_chosen] = (name); numbered_from[n_chosen++] = (from); } G_STMT_END

  CHOOSE ("English Language", 2017);
  if (region == REGION_ENGLAND || per_mille (gen, 700))
    CHOOSE ("English Literature", 2017);
  CHOOSE ("Mathematics", 2017);
  if (region == REGION_WALES)
    {
      if (year >= 2017)
        CHOOSE ("Mathematics - Numeracy", 0);
      CHOOSE (school->medium == MEDIUM_WELSH ? "Welsh Language" : "Welsh Second Language", 0);
    }
  if (school->medium == MEDIUM_IRISH)
    CHOOSE ("Irish", 0);

  n_wanted = 8 + (guint) (gen->ability / 35) + (guint) rand_int (gen, 0, 1);
  while (n_chosen < n_wanted)
    {
      const Subject *option = PICK (gen, gcse_options);
      gboolean taken = FALSE;

      if (!(option->regions & (1 << region)))
        continue;
      for (guint i = 0; i < n_chosen; i++)
        taken = taken || g_str_equal (chosen[i], option->name);
      if (!taken)
        CHOOSE (option->name, option->numbered_from);
    }

#undef CHOOSE

  for (guint i = 0; i < n_chosen; i++)
    add_gcse (gen, chosen[i], numbered_from[i], year, school, FALSE);

  if (region == REGION_WALES && year <= 2016)
    add_key_skills (gen, year, school, "Level 2", 2 + (guint) rand_int (gen, 0, 1));
  else if (region == REGION_WALES)
    add_skills_challenge (gen, year, school, FALSE);
}

/* English and maths until they are passed: a condition of funding in
 * England, common elsewhere. */
static void
add_resits (Generator      *gen,
            int             year,
            const Provider *provider)
{
  if (provider->region != REGION_ENGLAND && per_mille (gen, 400))
    return;

  if (!gen->english_passed)
    add_gcse (gen, "English Language", 2017, year, provider, TRUE);
  if (!gen->maths_passed)
    add_gcse (gen, "Mathematics", 2017, year, provider, TRUE);
}

static void
add_sixth_form (Generator *gen)
{
  const Provider *provider = gen->school;
  Region region = gen->school_region;
  int year = gen->gcse_year + 2;
  const Subject *chosen[5];
  int aptitude[5];
  guint n_chosen = 0;
  guint n_a_levels = 3 + (gen->ability >= 85 && per_mille (gen, 300) ? 1 : 0);
  gboolean as_in_all;

  if (!provider->sixth_form || per_mille (gen, 400))
    provider = pick_college_near (gen, region, gen->school->serves);

  while (n_chosen < n_a_levels + 1)
    {
      const Subject *subject = PICK (gen, gce_subjects);
      gboolean taken = FALSE;

      if (!(subject->regions & (1 << region)))
        continue;
      for (guint i = 0; i < n_chosen; i++)
        taken = taken || chosen[i] == subject;
      if (!taken)
        {
          aptitude[n_chosen] = rand_int (gen, -15, 15);
          chosen[n_chosen++] = subject;
        }
    }

  /* The subject dropped after the first year is the weakest one */
  for (guint i = 0; i < n_a_levels; i++)
    if (aptitude[i] < aptitude[n_a_levels])
      {
        const Subject *subject = chosen[i];
        int weakest = aptitude[i];

        chosen[i] = chosen[n_a_levels];
        aptitude[i] = aptitude[n_a_levels];
        chosen[n_a_levels] = subject;
        aptitude[n_a_levels] = weakest;
      }

  /* England decoupled the AS from the A level for courses ending in 2017 */
  as_in_all = region != REGION_ENGLAND || year <= 2016;
  for (guint i = 0; i < n_chosen; i++)
    {
      gboolean dropped = i == n_a_levels;

      /* Nobody goes on to the A level after a U at AS */
      if (as_in_all || (dropped && per_mille (gen, 400)))
        add_gce (gen, chosen[i]->name, aptitude[i], year - 1, provider, TRUE, dropped);
    }

  add_resits (gen, year - 1, provider);

  for (guint i = 0; i < n_a_levels; i++)
    add_gce (gen, chosen[i]->name, aptitude[i], year, provider, FALSE, TRUE);

  if (region == REGION_WALES && year <= 2016)
    add_key_skills (gen, year, provider, "Level 3", 1);
  else if (region == REGION_WALES)
    add_skills_challenge (gen, year, provider, TRUE);
  else if (region == REGION_ENGLAND && per_mille (gen, 250))
    {
      char code[CODE_LEN];
      Spec spec = { 0, };

      make_aim_code ("Pearson Edexcel Level 3 Extended Project Qualification", year, code);
      spec.subject = "Pearson Edexcel Level 3 Extended Project Qualification";
      spec.code = code;
      spec.qualification_type = "Extended Project";
      spec.level = "Level 3";
      spec.grade = gce_grades[pick_grade (gen, G_N_ELEMENTS (gce_grades), 0, FALSE)];
      spec.award = gce_results_day (year);
      spec.start = september_start (gen, year - 1);
      spec.end = julian (year, 5, rand_int (gen, 1, 20));
      spec.awarding_org = AO_PEARSON;
      spec.provider = provider;
      spec.source = school_source (gen, provider);
      add_event (gen, &spec);
    }
}

static void
add_btec_national (Generator *gen)
{
  const Provider *college = pick_college_near (gen, gen->school_region, gen->school->serves);
  const BtecArea *area = PICK (gen, btec_areas);
  int year = gen->gcse_year + 2;
  gboolean qcf = year <= 2017;
  g_autofree char *title = NULL;
  char code[CODE_LEN];
  Spec spec = { 0, };

  gen->sector = area->sector;

  add_resits (gen, gen->gcse_year + 1, college);

  /* Before 2018 the BTEC Nationals were QCF qualifications with credits */
  title = g_strdup_printf ("Pearson BTEC Level 3 %sExtended Diploma in %s",
                           qcf ? "" : "National ", area->area);
  make_aim_code (title, year, code);

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = "BTEC National Extended Diploma";
  spec.level = "Level 3";
  spec.grade = btec_triple_grades[pick_grade (gen, G_N_ELEMENTS (btec_triple_grades) + 1, 0,
                                              FALSE)];
  spec.credits = qcf ? 180 : 0;
  spec.award = gce_results_day (year);
  spec.start = september_start (gen, gen->gcse_year);
  spec.end = julian (year, 6, rand_int (gen, 10, 30));
  spec.awarding_org = AO_PEARSON_BTEC;
  spec.provider = college;
  spec.source = work_source (gen, college);
  spec.language = subject_language (gen, college, area->area);
  add_event (gen, &spec);
}

static void
add_units (Generator      *gen,
           const Sector   *sector,
           guint32         start,
           guint32         end,
           const Provider *provider,
           guint           first,
           guint           n_units)
{
  guint n_available = 0;

  while (n_available < G_N_ELEMENTS (sector->units) && sector->units[n_available] != NULL)
    n_available++;

  for (guint i = 0; i < n_units && i < n_available; i++)
    {
      guint which = (first + i) % n_available;
      const char *unit = sector->units[which];
      char code[CODE_LEN];
      guint32 award;
      Spec spec = { 0, };

      /* Units are achieved one by one through the course */
      award = start + (end - start) * (i + 1) / (n_units + 1) + (guint32) rand_int (gen, 0, 20);
      make_unit_code (unit, year_of (start), code);

      spec.subject = unit;
      spec.code = code;
      spec.qualification_type = "QCF Unit";
      spec.level = sector->unit_level;
      spec.grade = "Pass";
      spec.credits = sector->unit_credits[which];
      spec.award = award;
      spec.start = start;
      spec.end = award - (guint32) rand_int (gen, 0, 10);
      spec.end = MAX (start, spec.end);
      spec.awarding_org = sector->awarding_org;
      spec.provider = provider;
      spec.source = SOURCE_QCFU;
      spec.language = subject_language (gen, provider, unit);
      add_event (gen, &spec);
    }
}

/* A sector's main qualification, with some of the units that make it up. */
static guint32
add_sector_qualification (Generator      *gen,
                          const Sector   *sector,
                          guint32         start,
                          const Provider *provider)
{
  const AwardingOrg *ao = &awarding_orgs[sector->awarding_org];
  g_autofree char *title = NULL;
  guint32 end = start + sector->months * 30u + (guint32) rand_int (gen, -10, 20);
  guint32 award = end + (guint32) rand_int (gen, 10, 60);
  char code[CODE_LEN];
  Spec spec = { 0, };

  if (sector->units[0] != NULL)
    add_units (gen, sector, start, end, provider, (guint) rand_int (gen, 0, 4),
               (guint) rand_int (gen, 2, 4));

  title = g_strdup_printf ("%s %s", ao->prefix, sector->qualification);
  make_aim_code (title, year_of (start), code);

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = sector->qualification_type;
  spec.level = sector->level;
  spec.grade = g_str_equal (sector->qualification_type, "Higher National Certificate") ?
               pick_pmd_grade (gen) : "Pass";
  spec.credits = year_of (award) <= 2017 || per_mille (gen, 500) ? sector->credits : 0;
  spec.award = award;
  spec.start = start;
  spec.end = end;
  spec.awarding_org = sector->awarding_org;
  spec.provider = provider;
  spec.source = work_source (gen, provider);
  spec.language = subject_language (gen, provider, sector->qualification);
  add_event (gen, &spec);

  return award;
}

static void
add_functional_skills (Generator      *gen,
                       const char     *skill,
                       const char     *level,
                       guint32         award,
                       const Provider *provider)
{
  static const AwardingOrgId orgs[] = { AO_PEARSON, AO_CITY_GUILDS, AO_NCFE, AO_HIGHFIELD };
  g_autofree char *title = NULL;
  AwardingOrgId ao_id;
  const char *type;
  char code[CODE_LEN];
  Spec spec = { 0, };

  if (provider->region == REGION_WALES)
    {
      /* Essential Skills Wales */
      const char *essential = g_str_equal (skill, "Mathematics") ? "Application of Number" :
                              g_str_equal (skill, "English") ? "Communication" :
                              "Digital Literacy";

      ao_id = per_mille (gen, 500) ? AO_WJEC : AO_AGORED;
      title = g_strdup_printf ("%s %s Essential %s Skills", awarding_orgs[ao_id].prefix, level,
                               essential);
      type = "Essential Skills Wales";
    }
  else if (provider->region == REGION_NI)
    {
      ao_id = AO_CCEA;
      title = g_strdup_printf ("CCEA Essential Skills %s at %s",
                               g_str_equal (skill, "Mathematics") ? "Application of Number" :
                               g_str_equal (skill, "English") ? "Communication" : "ICT", level);
      type = "Essential Skills";
    }
  else
    {
      ao_id = *PICK (gen, orgs);
      title = g_strdup_printf ("%s Functional Skills Qualification in %s at %s",
                               awarding_orgs[ao_id].prefix, skill, level);
      type = "Functional Skills";
    }
  make_aim_code (title, year_of (award), code);

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = type;
  spec.level = level;
  spec.grade = "Pass";
  spec.credits = provider->region == REGION_WALES ? 6 : 0;
  spec.award = award;
  spec.start = award - (guint32) rand_int (gen, 60, 200);
  spec.end = award - (guint32) rand_int (gen, 5, 30);
  spec.awarding_org = ao_id;
  spec.provider = provider;
  spec.source = work_source (gen, provider);
  spec.language = subject_language (gen, provider, skill);
  add_event (gen, &spec);
}

/* England records an apprenticeship standard through the ILR; Wales and
 * Northern Ireland run frameworks that the awarding organisation reports. */
static guint32
add_apprenticeship (Generator *gen,
                    int        sector_id,
                    guint32    start,
                    Region     region)
{
  const Sector *sector = &sectors[sector_id];
  const Provider *provider;
  g_autofree char *title = NULL;
  guint32 end = start + sector->standard_months * 30u + (guint32) rand_int (gen, -15, 45);
  guint32 award = end + (guint32) rand_int (gen, 20, 90);
  char code[CODE_LEN];
  guint grade;
  Spec spec = { 0, };

  if (region == gen->adult_region)
    provider = per_mille (gen, 600) ? gen->local_trainer : gen->local_college;
  else
    provider = pick_provider (gen, region, per_mille (gen, 600) ? PROVIDER_TRAINING :
                              PROVIDER_COLLEGE);

  if (region != REGION_ENGLAND || per_mille (gen, 600))
    add_sector_qualification (gen, sector, start + (guint32) rand_int (gen, 0, 60), provider);

  if (!gen->english_passed || region == REGION_WALES)
    add_functional_skills (gen, "English", "Level 2",
                           start + (guint32) rand_int (gen, 150, 300), provider);
  if (!gen->maths_passed)
    add_functional_skills (gen, "Mathematics", gen->ability < 40 ? "Level 1" : "Level 2",
                           start + (guint32) rand_int (gen, 200, 400), provider);

  if (region == REGION_ENGLAND)
    title = g_strdup_printf ("%s (%s) apprenticeship standard", sector->standard,
                             sector->standard_level);
  else
    title = g_strdup_printf ("%s Apprenticeship in %s (%s)",
                             region == REGION_WALES ? "Wales" : "Northern Ireland",
                             sector->standard, sector->standard_level);
  make_aim_code (title, year_of (start), code);

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = region == REGION_ENGLAND ? "Apprenticeship Standard" :
                            "Apprenticeship Framework";
  spec.level = sector->standard_level;
  /* Standards are graded Distinction, Merit or Pass */
  grade = pick_grade (gen, 4, 0, FALSE);
  spec.grade = region == REGION_ENGLAND ? pmd_grades[1 + grade] : "Pass";
  spec.award = award;
  spec.start = start;
  spec.end = end;
  spec.awarding_org = sector->end_point_assessor;
  spec.provider = provider;
  spec.source = region == REGION_ENGLAND ? SOURCE_ILR : SOURCE_AO;
  spec.language = subject_language (gen, provider, sector->standard);
  add_event (gen, &spec);

  return award;
}

static void
add_course (Generator      *gen,
            const Course   *course,
            guint32         award,
            const Provider *provider)
{
  const AwardingOrg *ao = &awarding_orgs[course->awarding_org];
  g_autofree char *title = NULL;
  char code[CODE_LEN];
  guint32 end = award - (guint32) rand_int (gen, 0, course->days > 1 ? 30 : 10);
  Spec spec = { 0, };

  title = g_strdup_printf ("%s %s", ao->prefix, course->title);
  make_aim_code (title, year_of (award), code);

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = course->qualification_type;
  spec.level = course->level;
  spec.grade = course->grading == GRADING_PMD ? pick_pmd_grade (gen) : "Pass";
  spec.credits = year_of (award) <= 2017 || per_mille (gen, 400) ? course->credits : 0;
  spec.award = award;
  spec.start = end - (course->days > 1 ? course->days - 1 : 0);
  spec.end = end;
  spec.awarding_org = course->awarding_org;
  spec.provider = provider;
  spec.source = work_source (gen, provider);
  spec.language = subject_language (gen, provider, course->title);
  add_event (gen, &spec);
}

/* Mostly the college and training provider near home */
static const Provider *
pick_adult_provider (Generator *gen)
{
  gboolean college = per_mille (gen, 500);

  if (per_mille (gen, 850))
    return college ? gen->local_college : gen->local_trainer;

  return pick_provider (gen, gen->adult_region,
                        college ? PROVIDER_COLLEGE : PROVIDER_TRAINING);
}

static void
add_higher_national (Generator  *gen,
                     const char *area,
                     guint32     start)
{
  const Provider *college = gen->local_college;
  g_autofree char *title = NULL;
  char code[CODE_LEN];
  guint32 end = start + 640 + (guint32) rand_int (gen, 0, 30);
  Spec spec = { 0, };

  title = g_strdup_printf ("Pearson BTEC Level 4 Higher National Certificate in %s", area);
  make_aim_code (title, year_of (start), code);

  if (gen->sector >= 0 && sectors[gen->sector].units[0] != NULL && per_mille (gen, 500))
    add_units (gen, &sectors[gen->sector], start, end, college, 0, 2);

  spec.subject = title;
  spec.code = code;
  spec.qualification_type = "Higher National Certificate";
  spec.level = "Level 4";
  spec.grade = pick_pmd_grade (gen);
  spec.credits = 120;
  spec.award = end + (guint32) rand_int (gen, 20, 60);
  spec.start = start;
  spec.end = end;
  spec.awarding_org = AO_PEARSON_BTEC;
  spec.provider = college;
  spec.source = work_source (gen, college);
  spec.language = "English";
  add_event (gen, &spec);
}

static void
add_adult_life (Generator *gen,
                Path       path)
{
  guint32 start = september_start (gen, gen->gcse_year + 2);
  Region region = gen->adult_region;
  int r = rand_int (gen, 0, 99);
  int next_sector = gen->sector == SECTOR_LEADERSHIP ? SECTOR_BUSINESS : SECTOR_LEADERSHIP;
  guint32 taken = 0;

  if (gen->busy_until + 30 > start)
    start = gen->busy_until + (guint32) rand_int (gen, 30, 120);

  if (gen->sector < 0)
    gen->sector = rand_int (gen, 0, N_SECTORS - 1);

  switch (path)
    {
    case PATH_A_LEVELS:
      if (r < 30)
        {
          /* University: the PLR holds no higher education. A part-time job
           * may bring a short course; work afterwards brings more. */
          if (per_mille (gen, 500))
            add_course (gen, &courses[0], start + (guint32) rand_int (gen, 200, 500),
                        pick_adult_provider (gen));
          start = september_start (gen, gen->gcse_year + 5);
          add_sector_qualification (gen, &sectors[gen->sector], start, pick_adult_provider (gen));
        }
      else if (r < 75)
        {
          start = add_apprenticeship (gen, gen->sector, start, region);
          add_sector_qualification (gen, &sectors[next_sector], start + 60,
                                    pick_adult_provider (gen));
        }
      else
        {
          start = add_sector_qualification (gen, &sectors[gen->sector], start,
                                            pick_adult_provider (gen));
          add_apprenticeship (gen, next_sector, start + 90, region);
        }
      break;

    case PATH_BTEC:
      if (r < 45)
        add_apprenticeship (gen, gen->sector, start, region);
      else
        {
          const char *area = NULL;

          for (guint i = 0; i < G_N_ELEMENTS (btec_areas); i++)
            if (btec_areas[i].sector == gen->sector && btec_areas[i].higher_national)
              area = btec_areas[i].higher_national;

          if (area != NULL && r < 75)
            add_higher_national (gen, area, start);
          else
            add_sector_qualification (gen, &sectors[gen->sector], start,
                                      pick_adult_provider (gen));
        }
      break;

    case PATH_APPRENTICESHIP:
    default:
      if (r < 50)
        add_apprenticeship (gen, next_sector, start, region);
      else
        add_sector_qualification (gen, &sectors[gen->sector], start, pick_adult_provider (gen));
      break;
    }

  /* First aid and the like, now and then: short courses, each once */
  for (int i = rand_int (gen, 1, 3); i > 0; i--)
    {
      guint32 from = september_start (gen, gen->gcse_year + 2);
      guint32 award = rand_between (gen, from, from + 6 * 365);
      guint which = (guint) rand_int (gen, 0, (int) G_N_ELEMENTS (courses) - 1);

      if (courses[which].days > 90 || (taken & (1u << which)))
        continue;
      taken |= 1u << which;
      add_course (gen, &courses[which], award, pick_adult_provider (gen));
    }
}

static void
add_early_apprenticeship (Generator *gen)
{
  static const int level_2_sectors[] = {
    SECTOR_CUSTOMER_SERVICE, SECTOR_HOSPITALITY, SECTOR_CARE, SECTOR_MOTOR, SECTOR_ELECTRICAL,
    SECTOR_BUSINESS,
  };
  guint32 start = september_start (gen, gen->gcse_year);

  gen->sector = *PICK (gen, level_2_sectors);
  gen->busy_until = add_apprenticeship (gen, gen->sector, start, gen->school_region);
}

/* One more event (or a few) for records longer than a life: short courses,
 * units, skills and resits at any point from 15 to "now". */
static void
add_extra_event (Generator *gen)
{
  guint32 from = julian (gen->gcse_year - 1, 9, 1);
  guint32 award = rand_between (gen, from + 30, gen->award_cutoff);
  const Provider *provider = pick_adult_provider (gen);
  int r = rand_int (gen, 0, 999);

  if (r < 620)
    {
      const Course *course = PICK (gen, courses);

      /* Mostly the short ones */
      if (course->days > 90 && per_mille (gen, 700))
        course = PICK (gen, courses);
      add_course (gen, course, award, provider);
    }
  else if (r < 760)
    {
      const Sector *sector = PICK (gen, sectors);
      guint32 start = award > from + 200 ? award - (guint32) rand_int (gen, 30, 200) : from;

      if (sector->units[0] != NULL)
        add_units (gen, sector, start, award, provider, (guint) rand_int (gen, 0, 4),
                   (guint) rand_int (gen, 1, 2));
      else
        add_course (gen, PICK (gen, courses), award, provider);
    }
  else if (r < 880)
    {
      static const char * const skills[] = { "English", "Mathematics", "Digital Skills" };
      static const char * const levels[] = { "Entry Level", "Level 1", "Level 2" };

      add_functional_skills (gen, *PICK (gen, skills), *PICK (gen, levels), award, provider);
    }
  else if (r < 930)
    {
      /* A resit, at least a year after the first sitting */
      int year = MAX (year_of (award), gen->gcse_year + 1);

      if (gcse_results_day (year) > gen->award_cutoff)
        year--;
      add_gcse (gen, per_mille (gen, 500) ? "English Language" : "Mathematics", 2017, year,
                gen->local_college, TRUE);
    }
  else if (r < 960 && gen->school_region == REGION_WALES && year_of (award) <= 2016)
    add_key_skills (gen, year_of (award), gen->school, "Level 2", 1);
  else if (r < 990)
    {
      const Sector *sector = PICK (gen, sectors);
      guint32 length = sector->months * 30u + 60u;

      add_sector_qualification (gen, sector, award > from + length ? award - length : from,
                                provider);
    }
  else
    {
      int sector_id = rand_int (gen, 0, N_SECTORS - 1);
      guint32 length = sectors[sector_id].standard_months * 30u + 120u;

      add_apprenticeship (gen, sector_id, award > from + length ? award - length : from,
                          gen->adult_region);
    }
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  PlrLearningEvent *event_a = *(PlrLearningEvent * const *) a;
  PlrLearningEvent *event_b = *(PlrLearningEvent * const *) b;

  return g_strcmp0 (plr_learning_event_get_award_date (event_a),
                    plr_learning_event_get_award_date (event_b));
}

/**
 * plr_sample_generate:
 * @seed: any number; the same seed gives the same learner
 * @n_events: how many learning events to make
 *
 * Makes up a learner and @n_events learning events that pass every check
 * the app makes on a record. The record depends only on @seed and
 * @n_events: neither the clock nor the global random generator is used,
 * and "now" is 2026-11-02 09:30 UTC. A seed gives the same learner for
 * every @n_events.
 *
 * Returns: (transfer full): the record
 */
PlrRecord *
plr_sample_generate (guint32 seed,
                     guint   n_events)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(PlrLearner) learner = NULL;
  g_autoptr(PlrRecord) record = NULL;
  g_autoptr(GDateTime) fetched_at = NULL;
  Generator gen = { 0, };
  gint64 id;
  Path path;
  int r;

  gen.rand = rand;
  gen.events = events;
  gen.award_cutoff = julian (2026, 10, 30);
  gen.load_cutoff = julian (2026, 11, 1);
  gen.sector = -1;

  learner = make_learner (&gen);

  /* The learner's own story, cut short if fewer events are wanted */
  add_school_years (&gen);

  r = rand_int (&gen, 0, 99);
  if (gen.ability >= 55)
    path = r < 80 ? PATH_A_LEVELS : r < 92 ? PATH_BTEC : PATH_APPRENTICESHIP;
  else
    path = r < 20 ? PATH_A_LEVELS : r < 65 ? PATH_BTEC : PATH_APPRENTICESHIP;

  switch (path)
    {
    case PATH_A_LEVELS:
      add_sixth_form (&gen);
      break;
    case PATH_BTEC:
      add_btec_national (&gen);
      break;
    case PATH_APPRENTICESHIP:
    default:
      add_early_apprenticeship (&gen);
      break;
    }

  add_adult_life (&gen, path);

  if (events->len > n_events)
    g_ptr_array_set_size (events, (gint) n_events);

  /* Then whatever else a long record holds */
  gen.extra = TRUE;
  while (events->len < n_events)
    add_extra_event (&gen);
  if (events->len > n_events)
    g_ptr_array_set_size (events, (gint) n_events);

  /* IDs grow with time, with gaps for other learners' events. The sort is
   * stable, so events of one day keep the order they were made in. */
  g_ptr_array_sort (events, compare_events);
  id = rand_int (&gen, 1000000, 60000000);
  for (guint i = 0; i < events->len; i++)
    {
      char text[24];

      id += rand_int (&gen, 1, 250000);
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, id);
      plr_learning_event_set_value (g_ptr_array_index (events, i), PLR_EVENT_FIELD_ID, text);
    }

  record = plr_record_new (learner);
  plr_record_take_events (record, g_steal_pointer (&events));
  plr_record_set_source (record, PLR_RECORD_SOURCE_SAMPLE);
  fetched_at = g_date_time_new_utc (2026, 11, 2, 9, 30, 0);
  plr_record_set_fetched_at (record, fetched_at);

  return g_steal_pointer (&record);
}

/**
 * plr_sample_demo:
 *
 * The learner the app shows in demo mode; data/sample-learner.json holds
 * the same record.
 *
 * Returns: (transfer full): the record
 */
PlrRecord *
plr_sample_demo (void)
{
  return plr_sample_generate (PLR_SAMPLE_DEMO_SEED, PLR_SAMPLE_DEMO_EVENTS);
}
