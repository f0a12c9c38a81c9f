/* fuzz-replay.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The main() of a fuzz target built without libFuzzer: it feeds the
 * target every file named on the command line and every file in every
 * folder named, once each, in name order, so the corpus and the saved
 * regressions are replayed as a unit test with any compiler. A folder that
 * does not exist is skipped: a target may have no regressions yet.
 *
 * A folder may hold a file OPEN naming, one a line, the inputs of findings
 * that are not fixed yet (a name, then why). Each of those runs in a child
 * process that must fail (crash, abort, or a sanitizer's report); one that
 * passes fails the test, so that it is taken off the list once fixed and
 * from then on guards against the bug coming back.
 *
 *   fuzz-replay-TARGET DIR_OR_FILE...
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz-target.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static gboolean
replay_file (const char  *path,
             GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, error))
    return FALSE;

  /* A copy of exactly the input's size, so that reading past its end is
   * caught under AddressSanitizer as it is under libFuzzer. */
  {
    g_autofree uint8_t *copy = g_memdup2 (data, length);

    LLVMFuzzerTestOneInput (copy, length);
  }

  return TRUE;
}

/* The names listed in DIR/OPEN */
static GHashTable *
read_open_list (const char *dir)
{
  GHashTable *open = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *path = g_build_filename (dir, "OPEN", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return open;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " \t", 2);

      if (words[0] != NULL && words[0][0] != '\0' && words[0][0] != '#')
        g_hash_table_add (open, g_strdup (words[0]));
    }

  return open;
}

/* Runs an open finding's input in a child; TRUE if it still fails there. */
static gboolean
still_fails (const char *path)
{
  int status = 0;
  pid_t pid;

  fflush (stdout);
  fflush (stderr);
  pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;

      if (!replay_file (path, &error))
        _exit (0);
      /* exit(), not _exit(): a leak checker runs at exit. */
      exit (0);
    }

  if (waitpid (pid, &status, 0) != pid)
    return FALSE;

  return !(WIFEXITED (status) && WEXITSTATUS (status) == 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_path_get_basename (argv[0]);
  guint replayed = 0;
  guint open_findings = 0;
  guint fixed = 0;

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GHashTable) open = NULL;

      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GDir) dir = g_dir_open (argv[i], 0, &error);
          const char *name;

          if (dir == NULL)
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          open = read_open_list (argv[i]);
          while ((name = g_dir_read_name (dir)) != NULL)
            if (name[0] != '.' && !g_str_equal (name, "OPEN") && !g_str_equal (name, "README"))
              g_ptr_array_add (paths, g_build_filename (argv[i], name, NULL));
          g_ptr_array_sort (paths, compare_names);
        }
      else if (g_file_test (argv[i], G_FILE_TEST_EXISTS))
        g_ptr_array_add (paths, g_strdup (argv[i]));
      else
        continue;

      for (guint j = 0; j < paths->len; j++)
        {
          const char *path = g_ptr_array_index (paths, j);

          g_autofree char *base = g_path_get_basename (path);

          if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
            continue;

          if (open != NULL && g_hash_table_contains (open, base))
            {
              open_findings++;
              if (still_fails (path))
                g_print ("# %s: an open finding, still failing as expected\n", path);
              else
                {
                  g_print ("# %s: an open finding that no longer fails: take it off %s/OPEN\n",
                           path, argv[i]);
                  fixed++;
                }
              continue;
            }
          /* Named before it runs: a crash is then easy to pin on its input. */
          g_print ("# %s\n", path);
          if (!replay_file (path, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          replayed++;
        }
    }

  g_print ("%s: replayed %u inputs; %u open findings still fail, %u no longer do\n", name,
           replayed, open_findings - fixed, fixed);

  if (fixed > 0)
    return 1;
  return replayed + open_findings > 0 ? 0 : 77;
}
