/* test-verify.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "plr-sd-jwt.h"

/* `learning-record --verify FILE --issuer-key JWK_FILE [--audience]
 * [--nonce] [--at]`, the built program run as a command: exit 0 and the
 * disclosed claims as JSON on stdout, or exit 1 and the failed check
 * named on stderr. */

#define NOW ((gint64) 1800000000)

typedef struct
{
  char *dir;
  char *key_file;
  char *jwks_file;
  char *credential;
  char *presentation;
} Fixture;

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, TRUE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const sd[] = { "/given_name", "/uln", "/events/*", "/events/*/*", NULL };
  static const char * const shown[] = { "/given_name", "/events/0/grade", NULL };
  g_autoptr(GError) error = NULL;
  g_auto(gnutls_privkey_t) issuer = plr_jwk_generate (&error);
  g_auto(gnutls_privkey_t) holder = plr_jwk_generate (&error);
  g_autoptr(JsonObject) issuer_jwk = plr_jwk_from_privkey (issuer, FALSE, &error);
  g_autoptr(JsonObject) holder_jwk = plr_jwk_from_privkey (holder, FALSE, &error);
  g_autoptr(JsonObject) jwks = json_object_new ();
  g_autoptr(JsonObject) claims = NULL;
  g_autofree char *kid = plr_jwk_thumbprint (issuer_jwk, &error);
  g_autofree char *claims_text = NULL;
  g_autofree char *text = NULL;
  JsonArray *keys = json_array_new ();
  PlrSdJwtIssueOptions options = { sd, NULL, 2, NULL, kid };
  g_autoptr(JsonNode) claims_node = NULL;

  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("plr-verify-XXXXXX", &error);
  g_assert_no_error (error);

  claims_text = g_strdup_printf ("{\"iss\":\"https://127.0.0.1:8443/\",\"iat\":%" G_GINT64_FORMAT ","
                                 "\"exp\":%" G_GINT64_FORMAT ",\"given_name\":\"Siân\",\"uln\":\"9999999999\","
                                 "\"events\":[{\"grade\":\"A*\",\"subject\":\"Physics\"}],"
                                 "\"cnf\":{\"jwk\":%s}}",
                                 NOW - 60, NOW + 3600, text = object_text (holder_jwk));
  claims_node = json_from_string (claims_text, &error);
  g_assert_no_error (error);
  claims = json_object_ref (json_node_get_object (claims_node));
  f->credential = plr_sd_jwt_issue (claims, &options, issuer, &error);
  g_assert_no_error (error);
  f->presentation = plr_sd_jwt_present (f->credential, shown, holder, "https://employer.example",
                                        "abc123", NOW, &error);
  g_assert_no_error (error);

  g_free (text);
  text = object_text (issuer_jwk);
  f->key_file = write_file (f, "issuer.jwk", text);
  json_object_set_string_member (issuer_jwk, "kid", kid);
  json_array_add_object_element (keys, json_object_ref (issuer_jwk));
  json_object_set_array_member (jwks, "keys", keys);
  g_free (text);
  text = object_text (jwks);
  f->jwks_file = write_file (f, "jwks.json", text);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->key_file);
  g_free (f->jwks_file);
  g_free (f->credential);
  g_free (f->presentation);
}

static int
run_verify (const char * const *args,
            char              **out,
            char              **err)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (builder, g_getenv ("LEARNING_RECORD_BIN"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}

static void
test_verify_credential (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *file = write_file (f, "credential.sd-jwt", f->credential);
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, NOW);
  const char *keys[] = { f->key_file, f->jwks_file };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *args[] = { "--verify", file, "--issuer-key", keys[i], "--at", at, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(JsonNode) claims = NULL;

      g_assert_cmpint (run_verify (args, &out, &err), ==, 0);
      claims = json_from_string (out, NULL);
      g_assert_nonnull (claims);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (claims), "given_name"), ==, "Siân");
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (claims), "uln"), ==, "9999999999");
    }
}

static void
test_verify_presentation (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *file = write_file (f, "shown.sd-jwt", f->presentation);
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, NOW + 10);
  g_autofree char *late = g_strdup_printf ("%" G_GINT64_FORMAT, NOW + 4000);
  struct {
    const char *audience;
    const char *nonce;
    const char *at;
    int         status;
    const char *check;
  } cases[] = {
    { "https://employer.example", "abc123", at, 0, NULL },
    { "https://other.example", "abc123", at, 1, "(audience)" },
    { "https://employer.example", "zzz", at, 1, "(nonce)" },
    { "https://employer.example", "abc123", late, 1, "(expired)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *args[] = { "--verify", file, "--issuer-key", f->key_file, "--audience", cases[i].audience,
                             "--nonce", cases[i].nonce, "--at", cases[i].at, NULL };
      g_autofree char *out = NULL, *err = NULL;

      g_test_message ("case %u", i);
      g_assert_cmpint (run_verify (args, &out, &err), ==, cases[i].status);
      if (cases[i].status == 0)
        {
          g_assert_nonnull (strstr (out, "Siân"));
          g_assert_null (strstr (out, "9999999999"));
          g_assert_null (strstr (out, "Physics"));
        }
      else
        {
          g_assert_nonnull (strstr (err, cases[i].check));
          g_assert_cmpstr (out, ==, "");
        }
    }
}

static void
test_verify_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *broken = g_strdup (f->credential);
  g_autofree char *file = NULL;
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, NOW);
  char *c = strchr (broken, '~') - 3;

  *c = *c == 'A' ? 'B' : 'A';
  file = write_file (f, "broken.sd-jwt", broken);

  {
    const char *args[] = { "--verify", file, "--issuer-key", f->key_file, "--at", at, NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_verify (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "(signature)"));
  }
  {
    const char *args[] = { "--verify", file, NULL };
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run_verify (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "--issuer-key"));
  }
}

/* docs/credential-format.md's example verifies as the doc says. */
static void
test_verify_docs_example (void)
{
  const char *dir = g_getenv ("PLR_DOCS_EXAMPLES");
  g_autofree char *file = g_build_filename (dir, "credential-presentation.sd-jwt", NULL);
  g_autofree char *key = g_build_filename (dir, "credential-issuer.jwk", NULL);
  const char *args[] = { "--verify", file, "--issuer-key", key, "--audience", "https://employer.example",
                         "--nonce", "8f1c2d", "--at", "1796000200", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_nonnull (dir);
  g_assert_cmpint (run_verify (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"Physics\""));
  g_assert_null (strstr (out, "family_name"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/verify/credential", Fixture, NULL, fixture_set_up, test_verify_credential, fixture_tear_down);
  g_test_add ("/cli/verify/presentation", Fixture, NULL, fixture_set_up, test_verify_presentation, fixture_tear_down);
  g_test_add ("/cli/verify/refused", Fixture, NULL, fixture_set_up, test_verify_refused, fixture_tear_down);

  g_test_add_func ("/cli/verify/docs-example", test_verify_docs_example);

  return g_test_run ();
}
