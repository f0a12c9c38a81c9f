/* test-recipients.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The "where your data goes" dataset: the bundled copy is complete and
 * honest, the loader is strict and names the path of every error, search
 * ignores case and accents, and access log names are matched by name and
 * by kind. */

#include "config.h"

#include <string.h>

#include "plr-recipients.h"

static const char * const sar_bodies[] = {
  "dfe", "welsh-government", "dwp", "hmrc", "scottish-government", NULL
};

static PlrRecipients *
load_default (void)
{
  g_autoptr(GError) error = NULL;
  PlrRecipients *recipients = plr_recipients_new_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (recipients);
  return recipients;
}

static void
test_bundled_is_complete (void)
{
  g_autoptr(PlrRecipients) recipients = load_default ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (recipients));

  g_assert_cmpuint (n, >=, 20);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (recipients)) == PLR_TYPE_RECIPIENT);
  g_assert_cmpstr (plr_recipients_get_updated (recipients), ==, "2026-11-23");
  g_assert_nonnull (strstr (plr_recipients_get_about (recipients), "domain notes"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PlrRecipient) recipient = g_list_model_get_item (G_LIST_MODEL (recipients), i);
      g_autofree char *sources = plr_recipient_dup_sources_text (recipient);

      g_assert_nonnull (plr_recipient_get_name (recipient));
      g_assert_cmpstr (plr_recipient_get_name (recipient), !=, "");
      g_assert_nonnull (plr_recipient_get_purpose (recipient));
      g_assert_nonnull (plr_recipient_get_receives (recipient));
      g_assert_cmpuint (plr_recipient_get_n_sources (recipient), >=, 1);
      g_assert_nonnull (plr_recipient_get_source (recipient, 0)->title);
      g_assert_nonnull (plr_recipient_get_source (recipient, 0)->publisher);
      g_assert_cmpstr (sources, !=, "");
      g_assert_false (g_hash_table_contains (ids, plr_recipient_get_id (recipient)));
      g_hash_table_add (ids, (gpointer) plr_recipient_get_id (recipient));

      /* No URL or address the project could not confirm. */
      g_assert_null (strstr (sources, "http"));
      g_assert_null (plr_recipient_get_postal_address (recipient));
      g_assert_null (plr_recipient_get_email (recipient));

      if (plr_recipient_get_opt_out_effect (recipient) == PLR_OPT_OUT_EFFECT_AFFECTED)
        g_assert_nonnull (plr_recipient_get_opt_out_note (recipient));
    }

  /* The recipients the notices name, as the domain notes list them. */
  {
    static const char * const expected[] = {
      "awarding-organisations", "learning-providers", "careers-services", "employers",
      "kantar-public", "deloitte", "learning-and-work-institute", "icf",
      "advanced-computer-software-group", "cver", "mid-kent-college-fe-associates",
      "office-for-students", "dwp", "ons", "approved-researchers", "ofsted",
      "department-of-health", "local-authorities", "leo", NULL
    };

    for (guint i = 0; expected[i] != NULL; i++)
      g_assert_nonnull (plr_recipients_lookup (recipients, expected[i]));
  }

  /* LEO's legal basis, as stated; a basis no notice states stays NULL. */
  g_assert_nonnull (strstr (plr_recipient_get_legal_basis (plr_recipients_lookup (recipients,
                                                                                  "leo")),
                            "section 78"));
  g_assert_null (plr_recipient_get_legal_basis (plr_recipients_lookup (recipients, "ofsted")));
  g_assert_cmpint (plr_recipient_get_opt_out_effect (
                     plr_recipients_lookup (recipients, "awarding-organisations")),
                   ==, PLR_OPT_OUT_EFFECT_AFFECTED);
  g_assert_cmpint (plr_recipient_get_opt_out_effect (plr_recipients_lookup (recipients, "ons")),
                   ==, PLR_OPT_OUT_EFFECT_UNKNOWN);
  g_assert_null (plr_recipients_lookup (recipients, "no-such-body"));
}

static void
test_subject_access_bodies (void)
{
  g_autoptr(PlrRecipients) recipients = load_default ();
  g_autoptr(GListModel) bodies = plr_recipients_list_subject_access_bodies (recipients);

  g_assert_cmpuint (g_list_model_get_n_items (bodies), ==, g_strv_length ((char **) sar_bodies));

  for (guint i = 0; sar_bodies[i] != NULL; i++)
    {
      PlrRecipient *body = plr_recipients_lookup (recipients, sar_bodies[i]);

      g_assert_nonnull (body);
      g_assert_true (plr_recipient_accepts_subject_access (body));
      /* No address is confirmed, so each says where to look. */
      g_assert_nonnull (plr_recipient_get_where_to_find (body));
    }

  g_assert_cmpint (plr_recipient_get_kind (plr_recipients_lookup (recipients, "dfe")), ==,
                   PLR_RECIPIENT_KIND_CONTROLLER);
  g_assert_false (plr_recipient_accepts_subject_access (plr_recipients_lookup (recipients,
                                                                               "ofsted")));
}

static void
test_bundled_matches_data_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "data",
                                                 "recipients.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) on_disk = NULL;
  g_autoptr(GBytes) bundled = NULL;
  g_autoptr(PlrRecipients) from_file = NULL;

  on_disk = g_file_load_bytes (file, NULL, NULL, &error);
  g_assert_no_error (error);
  bundled = g_resources_lookup_data (PLR_RECIPIENTS_RESOURCE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                     &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (on_disk, bundled));

  from_file = plr_recipients_new_from_file (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (from_file);
}

static void
test_search (void)
{
  g_autoptr(PlrRecipients) recipients = load_default ();
  struct {
    const char *text;
    const char *expected_id;   /* among the results */
    const char *absent_id;     /* not among them */
  } cases[] = {
    { "national insurance", "dwp", "ofsted" },
    { "NATIONAL INSURANCE", "dwp", NULL },
    { "Nátïonal Ínsurance", "dwp", NULL },
    { "student loans", "office-for-students", "dwp" },
    { "secure research", "ons", NULL },
    { "city & guilds", NULL, NULL },          /* a keyword, not a name: no result needed */
    { "longitudinal", "leo", NULL },
    { "earnings", "hmrc", "deloitte" },
    { "award your qualifications", "awarding-organisations", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) found = plr_recipients_search (recipients, cases[i].text);
      gboolean has_expected = cases[i].expected_id == NULL;
      gboolean has_absent = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (found); j++)
        {
          g_autoptr(PlrRecipient) recipient = g_list_model_get_item (found, j);

          if (g_strcmp0 (plr_recipient_get_id (recipient), cases[i].expected_id) == 0)
            has_expected = TRUE;
          if (g_strcmp0 (plr_recipient_get_id (recipient), cases[i].absent_id) == 0)
            has_absent = TRUE;
        }

      g_test_message ("search: %s", cases[i].text);
      g_assert_true (has_expected);
      g_assert_false (has_absent);
    }

  {
    g_autoptr(GListModel) all = plr_recipients_search (recipients, "");
    g_autoptr(GListModel) none = plr_recipients_search (recipients, "zzzz-nothing");

    g_assert_cmpuint (g_list_model_get_n_items (all), ==,
                      g_list_model_get_n_items (G_LIST_MODEL (recipients)));
    g_assert_cmpuint (g_list_model_get_n_items (none), ==, 0);
  }
}

static void
test_fold (void)
{
  struct { const char *in, *out; } cases[] = {
    { "Siân Ó Súilleabháin", "sian o suilleabhain" },
    { "WJEC/CBAC", "wjec cbac" },
    { "  City & Guilds  ", "city guilds" },
    { "D'Arcy-Ŵyn", "d arcy wyn" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = plr_recipient_fold_text (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_match_organisation (void)
{
  g_autoptr(PlrRecipients) recipients = load_default ();
  struct { const char *organisation, *id; } cases[] = {
    { "WJEC/CBAC", "awarding-organisations" },
    { "City & Guilds of London Institute", "awarding-organisations" },
    { "Coleg Gwent", "learning-providers" },
    { "Prifysgol Aberystwyth", "learning-providers" },
    { "St Mary's Sixth Form", "learning-providers" },
    { "Careers Wales", "careers-services" },
    { "DWP", "dwp" },
    { "department for work and pensions", "dwp" },
    { "Office for Students", "office-for-students" },
    { "HM Revenue & Customs", "hmrc" },
    { "Kantar", "kantar-public" },
    { "Cardiff Council", "local-authorities" },
    { "Llywodraeth Cymru", "welsh-government" },
    { "Acme Screening Ltd", NULL },
    { "Age Check Solutions", NULL },
    { "Collegiate Ltd", NULL },            /* "college" must be a whole word */
    { "Learning Record (you)", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      PlrRecipient *recipient = plr_recipients_match_organisation (recipients,
                                                                   cases[i].organisation);

      g_test_message ("match: %s", cases[i].organisation);
      g_assert_cmpstr (recipient ? plr_recipient_get_id (recipient) : NULL, ==, cases[i].id);
    }
}

/* A small valid dataset, with a marker to replace for each broken case. */
static const char valid_template[] =
  "{ \"format\": \"io.github.learningrecord.recipients\", \"version\": 1,"
  "  \"updated\": \"2026-11-23\", \"about\": \"A test.\","
  "  \"sources\": [ { \"id\": \"n\", \"title\": \"Notice\", \"publisher\": \"DfE\" } ],"
  "  \"recipients\": ["
  "    { \"id\": \"a\", \"name\": \"Body A\", \"kind\": \"government\","
  "      \"receives\": \"Data\", \"purpose\": \"Why\", \"legal_basis\": null,"
  "      \"opt_out\": \"unknown\", \"opt_out_note\": null, \"sources\": [ \"n\" ],"
  "      \"match\": { \"names\": [ \"A\" ], \"keywords\": [] } @A@ },"
  "    { \"id\": \"@ID@\", \"name\": \"Body B\", \"kind\": \"@KIND@\","
  "      \"receives\": \"Data\", \"purpose\": @PURPOSE@, \"legal_basis\": null,"
  "      \"opt_out\": \"@OPT@\", \"opt_out_note\": null, \"sources\": [ \"@SRC@\" ],"
  "      \"match\": { \"names\": [ \"@NAME@\" ], \"keywords\": [] } }"
  "  ] @TOP@ }";

typedef struct
{
  const char *marker;
  const char *value;
} Replacement;

static char *
make_dataset (const Replacement *changes,
              guint              n_changes)
{
  static const Replacement defaults[] = {
    { "@A@", "" }, { "@ID@", "b" }, { "@KIND@", "contractor" }, { "@PURPOSE@", "\"Why\"" },
    { "@OPT@", "no" }, { "@SRC@", "n" }, { "@NAME@", "B" }, { "@TOP@", "" },
  };
  g_autoptr(GString) text = g_string_new (valid_template);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      const char *value = defaults[i].value;

      for (guint j = 0; j < n_changes; j++)
        if (g_str_equal (changes[j].marker, defaults[i].marker))
          value = changes[j].value;
      g_string_replace (text, defaults[i].marker, value, 0);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_strict_loader (void)
{
  struct {
    Replacement  change;
    int          code;
    const char  *message;   /* a part of the message, with the path */
  } cases[] = {
    { { "@ID@", "a" }, PLR_RECIPIENTS_ERROR_INVALID, "recipients[1].id: \"a\" is used twice" },
    { { "@ID@", "Bad Id" }, PLR_RECIPIENTS_ERROR_INVALID, "recipients[1].id: may hold only" },
    { { "@KIND@", "spy" }, PLR_RECIPIENTS_ERROR_INVALID, "recipients[1].kind: \"spy\"" },
    { { "@PURPOSE@", "null" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[1].purpose: expected a string, found null" },
    { { "@PURPOSE@", "\"\"" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[1].purpose: must not be empty" },
    { { "@PURPOSE@", "\" Why\"" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[1].purpose: has spaces" },
    { { "@PURPOSE@", "\"Why\\u0007\"" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[1].purpose: holds a control character" },
    { { "@OPT@", "maybe" }, PLR_RECIPIENTS_ERROR_INVALID, "recipients[1].opt_out: expected" },
    { { "@SRC@", "elsewhere" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[1].sources[0]: \"elsewhere\" is not one of the notices" },
    { { "@NAME@", "a" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[1].match.names[0]: is claimed twice" },
    { { "@NAME@", "BODY A" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[1].match.names[0]: is claimed twice" },
    { { "@A@", ", \"colour\": \"red\"" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[0].colour: unknown member" },
    { { "@A@", ", \"subject_access\": { \"postal_address\": null, \"email\": null, "
               "\"where_to_find\": null }" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[0].subject_access: needs an address" },
    { { "@A@", ", \"subject_access\": { \"postal_address\": null, \"email\": \"nobody\", "
               "\"where_to_find\": null }" }, PLR_RECIPIENTS_ERROR_INVALID,
      "recipients[0].subject_access.email: is not an email address" },
    { { "@TOP@", ", \"extra\": 1" }, PLR_RECIPIENTS_ERROR_INVALID, "extra: unknown member" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = make_dataset (&cases[i].change, 1);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      g_autoptr(GError) error = NULL;
      g_autoptr(PlrRecipients) recipients = plr_recipients_new_from_bytes (bytes, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (recipients);
      g_assert_error (error, PLR_RECIPIENTS_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }

  /* The template itself is valid, a multi-line address included. */
  {
    Replacement changes[] = {
      { "@A@", ", \"subject_access\": { \"postal_address\": \"1 Street\\nTown\", "
               "\"email\": null, \"where_to_find\": null }" },
      { "@NAME@", "Body B" },   /* its own name again among its names */
    };
    g_autofree char *text = make_dataset (changes, G_N_ELEMENTS (changes));
    g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
    g_autoptr(GError) error = NULL;
    g_autoptr(PlrRecipients) recipients = plr_recipients_new_from_bytes (bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (plr_recipient_get_postal_address (plr_recipients_lookup (recipients, "a")),
                     ==, "1 Street\nTown");
  }
}

static void
test_versions_and_garbage (void)
{
  struct { const char *text; int code; const char *message; } cases[] = {
    { "{ \"format\": \"io.github.learningrecord.recipients\", \"version\": 2 }",
      PLR_RECIPIENTS_ERROR_TOO_NEW, "version 2" },
    { "{ \"format\": \"something.else\", \"version\": 1 }",
      PLR_RECIPIENTS_ERROR_INVALID, "format: expected" },
    { "[ 1, 2 ]", PLR_RECIPIENTS_ERROR_INVALID, "the document: expected an object" },
    { "{ not json", PLR_RECIPIENTS_ERROR_INVALID, "not valid JSON" },
    { "", PLR_RECIPIENTS_ERROR_INVALID, "empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].text, strlen (cases[i].text));
      g_autoptr(GError) error = NULL;
      g_autoptr(PlrRecipients) recipients = plr_recipients_new_from_bytes (bytes, &error);

      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (recipients);
      g_assert_error (error, PLR_RECIPIENTS_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/recipients/bundled-is-complete", test_bundled_is_complete);
  g_test_add_func ("/recipients/subject-access-bodies", test_subject_access_bodies);
  g_test_add_func ("/recipients/bundled-matches-data-file", test_bundled_matches_data_file);
  g_test_add_func ("/recipients/search", test_search);
  g_test_add_func ("/recipients/fold", test_fold);
  g_test_add_func ("/recipients/match-organisation", test_match_organisation);
  g_test_add_func ("/recipients/strict-loader", test_strict_loader);
  g_test_add_func ("/recipients/versions-and-garbage", test_versions_and_garbage);

  return g_test_run ();
}
