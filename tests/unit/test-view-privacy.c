/* test-view-privacy.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The privacy guarantee of configured views: whatever the learner chooses,
 * no value of a field or an entry they did not choose reaches any output,
 * and every value they chose does.
 *
 * Every field of every event and of the learner holds a value that can be
 * found again in any rendering: text holds a unique token (QX07F04Z), each
 * date and time a year of its own (1900-1963, found however the date is
 * written: 1957-03-14, 14 March 1957, 14 Mar 1957), integers and ULNs
 * numbers of their own (found as digits standing alone, and a ULN also as
 * 123 456 7890). Coded values (gender, ability to share) cannot be unique,
 * so their labels are looked for instead, and the JSON's structure is
 * checked member by member. Then hundreds of random views are rendered to
 * JSON, HTML and PDF (read back with pdftotext) and searched. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "plr-view.h"
#include "plr-view-html.h"
#include "plr-view-json.h"
#include "plr-view-pdf.h"
#include "plr-view-result.h"

#define N_EVENTS  12
#define N_VIEWS   200
/* A PDF for every view; under AddressSanitizer, where laying out text is
 * slow, for every fourth (50 PDFs). */
#ifdef __SANITIZE_ADDRESS__
#define PDF_EVERY 4
#else
#define PDF_EVERY 1
#endif
#define SEED      20261102

#define BIT(field) PLR_VIEW_FIELD_BIT (field)

#define VIEW_NAME_MARKER "QXNAMEZ"

typedef enum
{
  FORMAT_JSON,
  FORMAT_HTML,
  FORMAT_PDF,
  N_FORMATS
} Format;

static const char * const format_names[N_FORMATS] = { "JSON", "HTML", "PDF" };

/* What finds one value in an output: any of the needles, each either a
 * plain substring or digits that must stand alone. */
typedef struct
{
  char     *needles[3];
  gboolean  digits;
} Marker;

typedef struct
{
  PlrRecord *record;
  gint64     ids[N_EVENTS];
  char      *types[N_EVENTS];
  int        levels[N_EVENTS];
  int        award_years[N_EVENTS];
  gboolean   challenged[N_EVENTS];
  Marker     events[N_EVENTS][PLR_EVENT_N_FIELDS];
  Marker     learner[PLR_LEARNER_N_FIELDS];
  char      *pdftotext;
  guint      n_pdfs;
  guint      n_checks;
} Fixture;

static void
marker_clear (Marker *marker)
{
  for (guint i = 0; i < G_N_ELEMENTS (marker->needles); i++)
    g_clear_pointer (&marker->needles[i], g_free);
}

static gboolean
contains_digits (const char *haystack,
                 const char *digits)
{
  gsize len = strlen (digits);

  for (const char *p = strstr (haystack, digits); p != NULL; p = strstr (p + 1, digits))
    {
      gboolean before = p > haystack && g_ascii_isdigit (p[-1]);
      gboolean after = g_ascii_isdigit (p[len]);

      if (!before && !after)
        return TRUE;
    }
  return FALSE;
}

static gboolean
marker_found (const Marker *marker,
              const char   *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (marker->needles) && marker->needles[i]; i++)
    {
      if (marker->digits ? contains_digits (text, marker->needles[i])
                         : strstr (text, marker->needles[i]) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* The record                                                                */

static char *
token (guint event,
       guint field)
{
  return g_strdup_printf ("QX%02uF%02uZ", event, field);
}

static void
set_event_value (Fixture          *fixture,
                 PlrLearningEvent *event,
                 guint             e,
                 guint             f,
                 int              *year_counter)
{
  const PlrFieldInfo *info = plr_event_field_info (f);
  Marker *marker = &fixture->events[e][f];
  g_autofree char *value = NULL;
  g_autofree char *mark = token (e, f);

  switch (f)
    {
    case PLR_EVENT_FIELD_ID:
      fixture->ids[e] = 700001000 + e * 1013;
      value = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->ids[e]);
      marker->needles[0] = g_strdup (value);
      marker->digits = TRUE;
      break;

    case PLR_EVENT_FIELD_CREDITS:
      value = g_strdup_printf ("%u", 20000 + e * 137);
      marker->needles[0] = g_strdup (value);
      marker->digits = TRUE;
      break;

    case PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE:
      /* a flag: checked through the challenge marking, below */
      fixture->challenged[e] = e % 3 == 0;
      value = g_strdup (fixture->challenged[e] ? "Y" : "N");
      break;

    case PLR_EVENT_FIELD_SUBJECT:
      /* non-ASCII, markup and long enough to wrap */
      value = g_strdup_printf ("Tystysgrif Lefel %u mewn Astudiaethau Cymraeg ŵŷ <b>&amp;</b> "
                               "\"Gwyddoniaeth\" %s", e, mark);
      marker->needles[0] = g_strdup (mark);
      break;

    case PLR_EVENT_FIELD_QUALIFICATION_TYPE:
      fixture->types[e] = g_strdup_printf ("Type %s", mark);
      value = g_strdup (fixture->types[e]);
      marker->needles[0] = g_strdup (mark);
      break;

    case PLR_EVENT_FIELD_LEVEL:
      {
        guint kind = e % 10;

        if (kind == 0)
          {
            value = g_strdup_printf ("Entry Level %s", mark);
            fixture->levels[e] = PLR_VIEW_LEVEL_ENTRY;
          }
        else if (kind == 9)
          {
            value = g_strdup_printf ("Level 1/2 %s", mark);
            fixture->levels[e] = 2;
          }
        else
          {
            value = g_strdup_printf ("Level %u %s", kind, mark);
            fixture->levels[e] = kind;
          }
        marker->needles[0] = g_strdup (mark);
      }
      break;

    default:
      if (info->kind == PLR_FIELD_KIND_DATE || info->kind == PLR_FIELD_KIND_DATETIME)
        {
          int year = (*year_counter)++;

          value = g_strdup_printf ("%04d-%02u-%02u", year, 1 + (e + f) % 12, 1 + (e * 3 + f) % 28);
          if (info->kind == PLR_FIELD_KIND_DATETIME)
            {
              char *with_time = g_strdup_printf ("%s %02u:%02u:17", value, (e + f) % 24, f);

              g_free (value);
              value = with_time;
            }
          if (f == PLR_EVENT_FIELD_ACHIEVEMENT_AWARD_DATE)
            fixture->award_years[e] = year;
          marker->needles[0] = g_strdup_printf ("%d", year);
          marker->digits = TRUE;
        }
      else
        {
          g_assert_cmpint (info->kind, ==, PLR_FIELD_KIND_TEXT);
          value = g_strdup (mark);
          marker->needles[0] = g_strdup (mark);
        }
      break;
    }

  plr_learning_event_set_value (event, f, value);
  g_assert_cmpstr (plr_learning_event_get_value (event, f), ==, value);
}

static void
set_learner_value (Fixture    *fixture,
                   PlrLearner *learner,
                   guint       f,
                   int        *year_counter)
{
  const PlrFieldInfo *info = plr_learner_field_info (f);
  Marker *marker = &fixture->learner[f];
  g_autofree char *value = NULL;
  g_autofree char *mark = g_strdup_printf ("QXL%02uZ", f);

  switch (f)
    {
    case PLR_LEARNER_FIELD_ULN:
      value = g_strdup ("9276308686");
      marker->needles[0] = g_strdup ("9276308686");
      marker->needles[1] = g_strdup ("927 630 8686");
      break;

    case PLR_LEARNER_FIELD_LINKED_ULNS:
      value = g_strdup ("1174112637");
      marker->needles[0] = g_strdup ("1174112637");
      marker->needles[1] = g_strdup ("117 411 2637");
      break;

    case PLR_LEARNER_FIELD_GENDER:
      /* coded: its label and JSON member stand for it */
      value = g_strdup ("2");
      marker->needles[0] = g_strdup (plr_learner_field_get_label (f));
      marker->needles[1] = g_strdup ("\"gender\"");
      break;

    case PLR_LEARNER_FIELD_ABILITY_TO_SHARE:
      value = g_strdup ("1");
      marker->needles[0] = g_strdup ("Ability to");
      marker->needles[1] = g_strdup ("\"ability_to_share\"");
      break;

    case PLR_LEARNER_FIELD_VERSION_NUMBER:
      value = g_strdup ("33331");
      marker->needles[0] = g_strdup (value);
      marker->digits = TRUE;
      break;

    case PLR_LEARNER_FIELD_GIVEN_NAME:
      value = g_strdup_printf ("Gwenllïan %s", mark);
      marker->needles[0] = g_strdup (mark);
      break;

    case PLR_LEARNER_FIELD_FAMILY_NAME:
      value = g_strdup_printf ("Ó Súilleabháin-D'Arcy %s", mark);
      marker->needles[0] = g_strdup (mark);
      break;

    default:
      if (info->kind == PLR_FIELD_KIND_DATE || info->kind == PLR_FIELD_KIND_DATETIME)
        {
          int year = (*year_counter)++;

          value = g_strdup_printf ("%04d-%02u-%02u", year, 1 + f % 12, 1 + f);
          if (info->kind == PLR_FIELD_KIND_DATETIME)
            {
              char *with_time = g_strdup_printf ("%s 10:%02u:00", value, f);

              g_free (value);
              value = with_time;
            }
          marker->needles[0] = g_strdup_printf ("%d", year);
          marker->digits = TRUE;
        }
      else
        {
          g_assert_cmpint (info->kind, ==, PLR_FIELD_KIND_TEXT);
          value = g_strdup (mark);
          marker->needles[0] = g_strdup (mark);
        }
      break;
    }

  plr_learner_set_value (learner, f, value);
  g_assert_cmpstr (plr_learner_get_value (learner, f), ==, value);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(PlrLearner) learner = plr_learner_new ();
  g_autoptr(GDateTime) fetched_at = g_date_time_new_utc (2031, 6, 7, 8, 9, 10);
  int learner_year = 1960;
  int year = 1900;

  memset (fixture, 0, sizeof *fixture);

  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    set_learner_value (fixture, learner, f, &learner_year);
  fixture->record = plr_record_new (learner);
  plr_record_set_fetched_at (fixture->record, fetched_at);

  for (guint e = 0; e < N_EVENTS; e++)
    {
      g_autoptr(PlrLearningEvent) event = plr_learning_event_new ();

      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        set_event_value (fixture, event, e, f, &year);
      plr_record_append_event (fixture->record, event);
    }
  g_assert_cmpint (year, <, 1960);

  fixture->pdftotext = g_find_program_in_path ("pdftotext");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->record);
  for (guint e = 0; e < N_EVENTS; e++)
    {
      g_free (fixture->types[e]);
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        marker_clear (&fixture->events[e][f]);
    }
  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    marker_clear (&fixture->learner[f]);
  g_free (fixture->pdftotext);
}

/* ------------------------------------------------------------------------ */
/* Random views and what they should let out                                 */

typedef struct
{
  PlrView  *view;
  gboolean  covered[N_EVENTS];
  guint     n_covered;
  guint64   event_fields;
  guint64   learner_fields;
  gboolean  carries;
  gboolean  any_challenged;
} Expected;

static void
expected_clear (Expected *expected)
{
  g_clear_object (&expected->view);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Expected, expected_clear)

static guint64
random_mask (GRand  *rand,
             guint   n_fields,
             double  probability)
{
  guint64 mask = 0;

  for (guint i = 0; i < n_fields; i++)
    if (g_rand_double (rand) < probability)
      mask |= BIT (i);
  return mask;
}

static void
make_random_view (Fixture  *fixture,
                  GRand    *rand,
                  guint     index,
                  Expected *expected)
{
  static const char * const recipients[] = {
    "Acme Ltd", "Coleg Cambria", "Prifysgol Abertawe", "Ó Briain & Sons", NULL
  };
  static const char * const purposes[] = { "Job application", "Enrolment", "Apprenticeship", NULL };
  g_autoptr(GPtrArray) types = g_ptr_array_new_with_free_func (g_free);
  PlrView *view;
  gboolean use_rule;
  int min_level = PLR_VIEW_LEVEL_NONE;
  int since = PLR_VIEW_ANY_YEAR;
  int state[N_EVENTS];

  view = expected->view = plr_view_new ();
  plr_view_set_name (view, VIEW_NAME_MARKER);
  plr_view_set_recipient (view, recipients[g_rand_int_range (rand, 0, 5)]);
  plr_view_set_purpose (view, purposes[g_rand_int_range (rand, 0, 4)]);
  plr_view_set_order (view, g_rand_int_range (rand, 0, 3));
  plr_view_set_mark_challenged (view, g_rand_boolean (rand));
  if (g_rand_boolean (rand))
    plr_view_set_share_code (view, "7KQ4-M2XP-9RTA");
  if (g_rand_boolean (rand))
    {
      g_autoptr(GDateTime) expires = g_date_time_new_utc (2032, 1, 31, 12, 0, 0);

      plr_view_set_share_expires_at (view, expires);
    }

  /* The extremes first: everything, then nothing. */
  if (index == 0)
    {
      expected->event_fields = (G_GUINT64_CONSTANT (1) << PLR_EVENT_N_FIELDS) - 1;
      expected->learner_fields = (G_GUINT64_CONSTANT (1) << PLR_LEARNER_N_FIELDS) - 1;
    }
  else if (index == 1)
    {
      expected->event_fields = 0;
      expected->learner_fields = 0;
    }
  else
    {
      double p = g_rand_double_range (rand, 0.05, 0.6);

      expected->event_fields = random_mask (rand, PLR_EVENT_N_FIELDS, p);
      expected->learner_fields = random_mask (rand, PLR_LEARNER_N_FIELDS, p);
    }
  plr_view_set_event_fields (view, expected->event_fields);
  plr_view_set_learner_fields (view, expected->learner_fields);

  /* A rule, half of the time, with random criteria. */
  use_rule = index == 0 || (index > 1 && g_rand_boolean (rand));
  plr_view_set_use_rule (view, use_rule);
  if (use_rule && index > 1)
    {
      if (g_rand_int_range (rand, 0, 3) == 0)
        for (guint e = 0; e < N_EVENTS; e++)
          if (g_rand_int_range (rand, 0, 4) == 0)
            /* matched ignoring case */
            g_ptr_array_add (types, g_rand_boolean (rand) ? g_ascii_strdown (fixture->types[e], -1)
                                                          : g_strdup (fixture->types[e]));
      g_ptr_array_add (types, NULL);
      plr_view_set_qualification_types (view, (const char * const *) types->pdata);

      if (g_rand_int_range (rand, 0, 3) == 0)
        min_level = g_rand_int_range (rand, PLR_VIEW_LEVEL_ENTRY, PLR_VIEW_LEVEL_MAX + 1);
      plr_view_set_min_level (view, min_level);

      if (g_rand_int_range (rand, 0, 3) == 0)
        since = g_rand_int_range (rand, 1900, 1950);
      plr_view_set_awarded_since (view, since);
    }

  /* Picked, unpicked or left to the rule, entry by entry. */
  for (guint e = 0; e < N_EVENTS; e++)
    {
      state[e] = index == 0 ? 0 : g_rand_int_range (rand, 0, 6);
      if (state[e] == 1)
        plr_view_pick_entry (view, fixture->ids[e]);
      else if (state[e] == 2)
        plr_view_unpick_entry (view, fixture->ids[e]);
    }

  /* The expected entries, worked out here and not by the view. */
  for (guint e = 0; e < N_EVENTS; e++)
    {
      gboolean matches = use_rule;

      if (matches && types->len > 1)
        {
          gboolean found = FALSE;

          for (guint t = 0; t + 1 < types->len; t++)
            found |= g_ascii_strcasecmp (g_ptr_array_index (types, t), fixture->types[e]) == 0;
          matches = found;
        }
      if (matches && min_level != PLR_VIEW_LEVEL_NONE)
        matches = fixture->levels[e] >= min_level;
      if (matches && since != PLR_VIEW_ANY_YEAR)
        matches = fixture->award_years[e] >= since;

      expected->covered[e] = state[e] == 1 || (state[e] != 2 && matches);
      if (expected->covered[e])
        {
          expected->n_covered++;
          expected->any_challenged |= fixture->challenged[e];
        }
    }

  expected->carries = plr_view_get_mark_challenged (view) ||
                      (expected->event_fields & BIT (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE));
}

/* ------------------------------------------------------------------------ */
/* Checks                                                                    */

static void
check_text (Fixture    *fixture,
            Expected   *expected,
            Format      format,
            guint       index,
            const char *text)
{
  const char *challenge_words = format == FORMAT_PDF ? "challenge" : "data challenge";
  gboolean want_challenge_words;

  g_assert_nonnull (text);

  for (guint e = 0; e < N_EVENTS; e++)
    for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
      {
        const Marker *marker = &fixture->events[e][f];
        gboolean want;

        if (f == PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)
          continue;

        want = expected->covered[e] && (expected->event_fields & BIT (f));
        fixture->n_checks++;
        if (marker_found (marker, text) != want)
          g_error ("view %u, %s: event %u field %s %s", index, format_names[format], e,
                   plr_event_field_info (f)->json_name,
                   want ? "was chosen but is missing" : "was not chosen but LEAKED");
      }

  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    {
      const Marker *marker = &fixture->learner[f];
      gboolean want = (expected->learner_fields & BIT (f)) != 0;

      fixture->n_checks++;
      if (marker_found (marker, text) != want)
        g_error ("view %u, %s: learner field %s %s", index, format_names[format],
                 plr_learner_field_info (f)->json_name,
                 want ? "was chosen but is missing" : "was not chosen but LEAKED");
    }

  /* The learner's own name for the view is never shown. */
  fixture->n_checks++;
  if (strstr (text, VIEW_NAME_MARKER) != NULL)
    g_error ("view %u, %s: the view's name LEAKED", index, format_names[format]);

  /* The challenge marking: words, not colour, and only when carried. */
  if (format == FORMAT_JSON)
    return;
  want_challenge_words = (expected->carries && expected->any_challenged) ||
                         (expected->n_covered > 0 &&
                          (expected->event_fields & BIT (PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)));
  fixture->n_checks++;
  if ((strstr (text, challenge_words) != NULL) != want_challenge_words)
    g_error ("view %u, %s: the challenge marking is %s", index, format_names[format],
             want_challenge_words ? "missing" : "shown but was not chosen");
}

/* The JSON's structure: exactly the chosen members, nothing else. */
static void
check_json_structure (Fixture  *fixture,
                      Expected *expected,
                      guint     index,
                      GBytes   *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *learner;
  JsonArray *events;
  guint n_learner = 0;
  guint n_entry_fields = 0;
  guint next = 0;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                              (gssize) g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_false (json_object_has_member (root, "name"));

  learner = json_object_get_object_member (root, "learner");
  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    {
      gboolean want = (expected->learner_fields & BIT (f)) != 0;

      if (json_object_has_member (learner, plr_learner_field_info (f)->json_name) != want)
        g_error ("view %u, JSON: learner member %s is %s", index,
                 plr_learner_field_info (f)->json_name, want ? "missing" : "LEAKED");
      n_learner += want;
    }
  g_assert_cmpuint (json_object_get_size (learner), ==, n_learner);

  for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
    if (f != PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE && (expected->event_fields & BIT (f)))
      n_entry_fields++;
  if (expected->carries)
    n_entry_fields++;

  events = json_object_get_array_member (root, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, expected->n_covered);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (json_object_get_size (event) != n_entry_fields)
        g_error ("view %u, JSON: event %u has %u members, not %u", index, i,
                 json_object_get_size (event), n_entry_fields);
      if (json_object_has_member (event, "under_data_challenge") != expected->carries)
        g_error ("view %u, JSON: the challenge flag is %s", index,
                 expected->carries ? "missing" : "LEAKED");
    }

  /* When the IDs were chosen, the entries are exactly the expected ones. */
  if (expected->event_fields & BIT (PLR_EVENT_FIELD_ID))
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
      gint64 ids[N_EVENTS];

      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          ids[i] = json_object_get_int_member (json_array_get_object_element (events, i), "id");
          g_hash_table_add (seen, &ids[i]);
        }
      for (guint e = 0; e < N_EVENTS; e++)
        if (expected->covered[e])
          {
            g_assert_true (g_hash_table_contains (seen, &fixture->ids[e]));
            next++;
          }
      g_assert_cmpuint (next, ==, g_hash_table_size (seen));
    }
}

static char *
pdf_to_text (Fixture *fixture,
             GBytes  *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  int status;
  int fd;

  fd = g_file_open_tmp ("test-view-privacy-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                       &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { fixture->pdftotext, "-enc", "UTF-8", path, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                  NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_unlink (path);

  return g_steal_pointer (&out);
}

static void
test_random_views (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n_leak_free = 0;

  g_test_message ("seed %u, %u views, a PDF for every %u", SEED, N_VIEWS, PDF_EVERY);
  if (fixture->pdftotext == NULL)
    g_test_message ("pdftotext is not installed: the PDFs are made but not read back");

  for (guint i = 0; i < N_VIEWS; i++)
    {
      g_auto(Expected) expected = { NULL, };
      g_autoptr(PlrViewResult) result = NULL;
      g_autoptr(GBytes) json = NULL;
      g_autoptr(GBytes) html = NULL;
      g_autoptr(GBytes) share_body = NULL;
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *json_text = NULL;
      g_autofree char *html_text = NULL;
      g_autofree char *body_text = NULL;

      make_random_view (fixture, rand, i, &expected);
      result = plr_view_apply (expected.view, fixture->record, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (plr_view_result_get_n_entries (result), ==, expected.n_covered);

      json = plr_view_json_render (result);
      json_text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
      check_text (fixture, &expected, FORMAT_JSON, i, json_text);
      check_json_structure (fixture, &expected, i, json);

      /* The body sent to the service holds no more than the document. */
      body = plr_view_json_build_share_body (result);
      body_text = json_to_string (body, FALSE);
      check_text (fixture, &expected, FORMAT_JSON, i, body_text);

      html = plr_view_html_render (result);
      html_text = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));
      check_text (fixture, &expected, FORMAT_HTML, i, html_text);

      if (i % PDF_EVERY == 0)
        {
          g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
          g_autoptr(GBytes) pdf = NULL;

          plr_view_pdf_render (result, stream, NULL, &error);
          g_assert_no_error (error);
          g_output_stream_close (stream, NULL, NULL);
          pdf = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
          g_assert_true (memcmp (g_bytes_get_data (pdf, NULL), "%PDF-", 5) == 0);

          if (fixture->pdftotext != NULL)
            {
              g_autofree char *pdf_text = pdf_to_text (fixture, pdf);

              check_text (fixture, &expected, FORMAT_PDF, i, pdf_text);
              fixture->n_pdfs++;
            }
        }

      n_leak_free++;
    }

  g_test_message ("%u views leak-free, %u PDFs read back, %u checks, %.1f s", n_leak_free,
                  fixture->n_pdfs, fixture->n_checks, g_timer_elapsed (timer, NULL));
  g_assert_cmpuint (n_leak_free, ==, N_VIEWS);
  if (fixture->pdftotext != NULL)
    g_assert_cmpuint (fixture->n_pdfs, >=, 50);
  else
    g_test_incomplete ("pdftotext is not installed: PDFs were not searched");
}

/* The markers themselves must be findable, or the test proves nothing:
 * a view of everything shows every one of them. */
static void
test_markers_found (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(PlrViewResult) result = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  plr_view_set_use_rule (view, TRUE);
  plr_view_set_event_fields (view, (G_GUINT64_CONSTANT (1) << PLR_EVENT_N_FIELDS) - 1);
  plr_view_set_learner_fields (view, (G_GUINT64_CONSTANT (1) << PLR_LEARNER_N_FIELDS) - 1);
  result = plr_view_apply (view, fixture->record, &error);
  g_assert_no_error (error);
  html = plr_view_html_render (result);
  text = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));

  for (guint e = 0; e < N_EVENTS; e++)
    for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
      if (f != PLR_EVENT_FIELD_UNDER_DATA_CHALLENGE)
        g_assert_true (marker_found (&fixture->events[e][f], text));
  for (guint f = 0; f < PLR_LEARNER_N_FIELDS; f++)
    g_assert_true (marker_found (&fixture->learner[f], text));

  /* A marker is not found where it is not. */
  g_assert_false (contains_digits ("1957x", "195"));
  g_assert_false (contains_digits ("x19570", "1957"));
  g_assert_true (contains_digits ("14 March 1957,", "1957"));
  g_assert_true (contains_digits ("\"1957-03-14\"", "1957"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/view-privacy/markers-found", Fixture, NULL,
              fixture_set_up, test_markers_found, fixture_tear_down);
  g_test_add ("/view-privacy/random-views", Fixture, NULL,
              fixture_set_up, test_random_views, fixture_tear_down);

  return g_test_run ();
}
