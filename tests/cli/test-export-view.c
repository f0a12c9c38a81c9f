/* test-export-view.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* `learning-record --export-view NAME --format pdf|html|json --output FILE`
 * run as the built binary, without a window, on a cache this test prepares
 * in its own XDG_DATA_HOME: each format holds exactly the saved view (the
 * PDF read back with pdftotext when it is installed), each export is in
 * the sharing log, and an unknown view, a bad format, a missing output and
 * an unwritable path fail with a clear message, write nothing and log
 * nothing. */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "plr-field.h"
#include "plr-sample.h"
#include "plr-store.h"

#define N_EVENTS 6
#define BIT(field) PLR_VIEW_FIELD_BIT (field)

typedef struct
{
  char      *dir;
  char      *binary;
  gint64     ids[N_EVENTS];
} Fixture;

static char *
event_token (guint event,
             guint field)
{
  return g_strdup_printf ("QXE%02uF%02uZ", event, field);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PlrRecord) record = plr_sample_generate (20261123, N_EVENTS);
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrView) view = plr_view_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->binary = g_strdup (g_getenv ("LEARNING_RECORD_BIN"));
  g_assert_nonnull (fixture->binary);
  fixture->dir = g_dir_make_tmp ("test-export-view-XXXXXX", &error);
  g_assert_no_error (error);

  /* Every text field of every entry holds a token of its own. */
  for (guint e = 0; e < N_EVENTS; e++)
    {
      PlrLearningEvent *event = plr_record_get_event (record, e);

      fixture->ids[e] = plr_learning_event_get_id (event);
      for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
        if (plr_event_field_info (f)->kind == PLR_FIELD_KIND_TEXT)
          {
            g_autofree char *token = event_token (e, f);
            plr_learning_event_set_value (event, f, token);
          }
    }

  /* The cache the app uses: $XDG_DATA_HOME/learning-record/cache.db. */
  path = g_build_filename (g_get_user_data_dir (), "learning-record", "cache.db", NULL);
  store = plr_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (plr_store_replace_record (store, record, NULL, &error));
  g_assert_no_error (error);

  plr_view_set_name (view, "For Acme");
  plr_view_set_recipient (view, "Acme Ltd");
  plr_view_set_purpose (view, "Job application");
  plr_view_pick_entry (view, fixture->ids[1]);
  plr_view_pick_entry (view, fixture->ids[4]);
  plr_view_set_event_fields (view, BIT (PLR_EVENT_FIELD_SUBJECT) | BIT (PLR_EVENT_FIELD_GRADE));
  g_assert_true (plr_store_save_view (store, view, FALSE, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->binary);
}

/* Runs the app with @args; returns its exit status. */
static int
run_app (Fixture            *fixture,
         const char * const *args,
         char              **out_stdout,
         char              **out_stderr)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (builder, fixture->binary);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  /* The app opens the cache this test prepared. */
  envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_assert_true (g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, out_stdout,
                               out_stderr, &status, &error));
  g_assert_no_error (error);

  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128;
}

static guint
count_log (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "learning-record",
                                            "cache.db", NULL);
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(GPtrArray) log = NULL;
  g_autoptr(GError) error = NULL;

  store = plr_store_new (path, &error);
  g_assert_no_error (error);
  log = plr_store_list_share_records (store, &error);
  g_assert_no_error (error);

  return log->len;
}

/* Chosen: subject and grade of entries 1 and 4. */
static void
scan (const char *text,
      const char *what)
{
  for (guint e = 0; e < N_EVENTS; e++)
    for (guint f = 0; f < PLR_EVENT_N_FIELDS; f++)
      {
        g_autofree char *token = event_token (e, f);
        gboolean chosen = (e == 1 || e == 4) &&
                          (f == PLR_EVENT_FIELD_SUBJECT || f == PLR_EVENT_FIELD_GRADE);

        if (plr_event_field_info (f)->kind != PLR_FIELD_KIND_TEXT)
          continue;
        if (chosen && strstr (text, token) == NULL)
          g_error ("%s lacks entry %u's %s", what, e, plr_event_field_info (f)->json_name);
        if (!chosen && strstr (text, token) != NULL)
          g_error ("%s holds entry %u's unchosen %s", what, e,
                   plr_event_field_info (f)->json_name);
      }
}

static void
test_formats (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const formats[] = { "json", "html", "pdf" };
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("view.", formats[i], NULL);
      g_autofree char *output = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;
      const char *args[] = { "--export-view", "For Acme", "--format", formats[i],
                             "--output", output, NULL };

      if (run_app (fixture, args, &out, &err) != 0)
        g_error ("Exporting %s failed: %s", formats[i], err);
      g_assert_nonnull (strstr (out, "Exported the view “For Acme” with 2 learning events"));
      g_assert_true (g_file_get_contents (output, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 100);

      {
        struct stat st;

        g_assert_cmpint (g_stat (output, &st), ==, 0);
        g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      }

      if (g_str_equal (formats[i], "pdf"))
        {
          g_autofree char *text_path = g_build_filename (fixture->dir, "view.txt", NULL);
          const char *pdf_args[] = { pdftotext, "-enc", "UTF-8", output, text_path, NULL };
          g_autofree char *text = NULL;
          int status = 0;

          g_assert_true (g_str_has_prefix (contents, "%PDF-"));
          if (pdftotext == NULL)
            {
              g_test_message ("pdftotext is not installed: the PDF's text is not checked");
              continue;
            }
          g_assert_true (g_spawn_sync (NULL, (char **) pdf_args, NULL, G_SPAWN_DEFAULT, NULL,
                                       NULL, NULL, NULL, &status, NULL));
          g_assert_true (g_spawn_check_wait_status (status, NULL));
          g_assert_true (g_file_get_contents (text_path, &text, NULL, NULL));
          scan (text, "the PDF");
          g_assert_nonnull (strstr (text, "Acme Ltd"));
        }
      else
        {
          scan (contents, formats[i]);
          g_assert_nonnull (strstr (contents, "Acme Ltd"));
        }
    }

  g_assert_cmpuint (count_log (), ==, G_N_ELEMENTS (formats));
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *output = g_build_filename (fixture->dir, "out.pdf", NULL);
  g_autofree char *file = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *unwritable = g_build_filename (file, "out.pdf", NULL);
  struct {
    const char *args[8];
    const char *message;
  } cases[] = {
    { { "--export-view", "Nobody", "--format", "pdf", "--output", output, NULL },
      "There is no saved view called “Nobody”" },
    { { "--export-view", "For Acme", "--format", "docx", "--output", output, NULL },
      "--format pdf, --format html or --format json" },
    { { "--export-view", "For Acme", "--output", output, NULL },
      "--format pdf, --format html or --format json" },
    { { "--export-view", "For Acme", "--format", "pdf", NULL },
      "--output FILE" },
    { { "--format", "pdf", "--output", output, NULL },
      "--export-view NAME" },
    { { "--export-view", "For Acme", "--format", "html", "--output", unwritable, NULL },
      "Could not write" },
  };

  g_assert_true (g_file_set_contents (file, "not a folder", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_app (fixture, cases[i].args, &out, &err), !=, 0);
      if (strstr (err, cases[i].message) == NULL)
        g_error ("Case %u: expected “%s” in “%s”", i, cases[i].message, err);
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
    }

  g_assert_cmpuint (count_log (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/export-view/formats", Fixture, NULL, fixture_set_up, test_formats,
              fixture_tear_down);
  g_test_add ("/export-view/errors", Fixture, NULL, fixture_set_up, test_errors,
              fixture_tear_down);

  return g_test_run ();
}
