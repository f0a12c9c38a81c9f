/* plr-evidence.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-evidence"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "plr-evidence.h"

/* Evidence for a data challenge: a certificate, a results slip, a letter.
 * The learner picks a file; it is checked by its content (its first bytes,
 * never its name): a PDF, a PNG or a JPEG, at most 10 MiB, as the protocol
 * allows. Then a private copy is kept in the app's data folder
 * ($XDG_DATA_HOME/learning-record/evidence/, 0700), named by its SHA-256
 * and readable by the user only (0600), so that a challenge raised offline
 * can still be sent after the original was moved or deleted. The copy is
 * read again, and its hash checked, when the challenge is sent.
 *
 * Never logged: names, paths, contents. Errors name the file as the
 * learner saw it, for the learner. */

G_DEFINE_QUARK (plr-evidence-error-quark, plr_evidence_error)
G_DEFINE_BOXED_TYPE (PlrEvidence, plr_evidence, plr_evidence_copy, plr_evidence_free)

static const struct
{
  const char *media_type;
  const char *magic;
  gsize       magic_length;
} media_types[] = {
  { "application/pdf", "%PDF-", 5 },
  { "image/png", "\x89PNG\r\n\x1a\n", 8 },
  { "image/jpeg", "\xff\xd8\xff", 3 },
};

/**
 * plr_evidence_copy:
 * @evidence: a #PlrEvidence
 *
 * Returns: (transfer full): a deep copy
 */
PlrEvidence *
plr_evidence_copy (const PlrEvidence *evidence)
{
  PlrEvidence *copy;

  g_return_val_if_fail (evidence != NULL, NULL);

  copy = g_new0 (PlrEvidence, 1);
  *copy = *evidence;
  copy->name = g_strdup (evidence->name);
  copy->media_type = g_strdup (evidence->media_type);
  copy->sha256 = g_strdup (evidence->sha256);
  copy->path = g_strdup (evidence->path);
  copy->added_at = evidence->added_at ? g_date_time_ref (evidence->added_at) : NULL;

  return copy;
}

void
plr_evidence_free (PlrEvidence *evidence)
{
  if (evidence == NULL)
    return;

  g_clear_pointer (&evidence->name, g_free);
  g_clear_pointer (&evidence->media_type, g_free);
  g_clear_pointer (&evidence->sha256, g_free);
  g_clear_pointer (&evidence->path, g_free);
  g_clear_pointer (&evidence->added_at, g_date_time_unref);
  g_free (evidence);
}

/**
 * plr_evidence_sniff_media_type:
 * @data: the start of a file
 * @length: how many bytes @data holds
 *
 * Returns: (transfer none) (nullable): "application/pdf", "image/png" or
 *   "image/jpeg" when the content starts as one, or %NULL
 */
const char *
plr_evidence_sniff_media_type (const guint8 *data,
                               gsize         length)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (media_types); i++)
    if (length >= media_types[i].magic_length &&
        memcmp (data, media_types[i].magic, media_types[i].magic_length) == 0)
      return media_types[i].media_type;

  return NULL;
}

/**
 * plr_evidence_get_type_label:
 * @media_type: a media type of evidence
 *
 * Returns: (transfer none): the kind of file in words, translated
 */
const char *
plr_evidence_get_type_label (const char *media_type)
{
  if (g_strcmp0 (media_type, "application/pdf") == 0)
    return _("PDF document");
  if (g_strcmp0 (media_type, "image/png") == 0)
    return _("PNG image");
  if (g_strcmp0 (media_type, "image/jpeg") == 0)
    return _("JPEG image");

  return _("File");
}

/**
 * plr_evidence_is_sha256:
 * @text: (nullable): some text
 *
 * Returns: %TRUE if @text is 64 lower-case hex digits
 */
gboolean
plr_evidence_is_sha256 (const char *text)
{
  gsize n = 0;

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p; p++, n++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return n == 64;
}

/**
 * plr_evidence_dup_private_path:
 * @evidence_dir: the private evidence folder
 * @sha256: a content hash, as plr_evidence_is_sha256() accepts
 *
 * Returns: (transfer full): where the private copy with that content lives
 */
char *
plr_evidence_dup_private_path (const char *evidence_dir,
                               const char *sha256)
{
  g_return_val_if_fail (evidence_dir != NULL, NULL);
  g_return_val_if_fail (plr_evidence_is_sha256 (sha256), NULL);

  return g_build_filename (evidence_dir, sha256, NULL);
}

/* The name shown to people and sent to the service: valid UTF-8, no
 * control characters, at most 255 characters. */
static char *
clean_name (const char *display_name)
{
  g_autofree char *valid = g_utf8_make_valid (display_name ? display_name : "", -1);
  g_autoptr(GString) name = g_string_new (NULL);
  glong n = 0;

  for (const char *p = valid; *p && n < PLR_EVIDENCE_MAX_NAME_CHARS;
       p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }

  g_strstrip (name->str);
  if (name->str[0] == '\0')
    /* Translators: the name given to evidence whose file name was empty */
    return g_strdup (_("evidence"));

  return g_strdup (name->str);
}

static gboolean
make_private_dir (const char  *dir,
                  GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_FAILED,
                   _("Could not make a private folder for evidence: %s"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/* Reads at most @limit + 1 bytes, so that a file that grew is noticed. */
static GBytes *
read_limited (GInputStream  *stream,
              gsize          limit,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();

  for (;;)
    {
      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (stream, 64 * 1024, cancellable,
                                                           error);

      if (chunk == NULL)
        return NULL;
      if (g_bytes_get_size (chunk) == 0)
        break;

      g_byte_array_append (buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      if (buffer->len > limit)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static char *
dup_display_name (GFile     *file,
                  GFileInfo *info)
{
  g_autofree char *basename = NULL;

  if (info != NULL &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME))
    return clean_name (g_file_info_get_display_name (info));

  basename = g_file_get_basename (file);
  if (basename == NULL)
    return clean_name (NULL);

  {
    g_autofree char *display = g_filename_display_name (basename);
    return clean_name (display);
  }
}

/* Whether the file at @path holds exactly the content with @sha256. */
static gboolean
private_copy_matches (const char *path,
                      const char *sha256,
                      gsize       size)
{
  g_autofree char *contents = NULL;
  g_autofree char *computed = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL) || length != size)
    return FALSE;

  computed = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  return g_str_equal (computed, sha256);
}

/**
 * plr_evidence_import:
 * @source: the file the learner chose
 * @evidence_dir: the private evidence folder (see plr_store_dup_evidence_dir())
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks @source by its content (a PDF, PNG or JPEG of at most 10 MiB),
 * hashes it, and keeps a private copy in @evidence_dir named by the hash.
 * @source is only read. The same content imported twice is kept once.
 *
 * Blocks while it reads: call plr_evidence_import_async() from the main
 * thread.
 *
 * Returns: (transfer full): the evidence (with id 0, not yet attached to a
 *   challenge), or %NULL with a #PlrEvidenceError whose message names the
 *   file and says what to do
 */
PlrEvidence *
plr_evidence_import (GFile         *source,
                     const char    *evidence_dir,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PlrEvidence) evidence = NULL;
  g_autofree char *name = NULL;
  g_autofree char *size_text = NULL;
  const char *media_type;
  const guint8 *data;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (evidence_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  info = g_file_query_info (source,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  name = dup_display_name (source, info);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (info == NULL)
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_UNREADABLE,
                   _("Could not read “%s”: %s. Choose the file again."), name,
                   local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_UNREADABLE,
                   _("“%s” is not a file. Choose a PDF document or a PNG or JPEG image."),
                   name);
      return NULL;
    }

  if (g_file_info_get_size (info) > PLR_EVIDENCE_MAX_BYTES)
    {
      size_text = g_format_size ((guint64) g_file_info_get_size (info));
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_LARGE,
                   _("“%s” is %s, more than the 10 MiB a file of evidence may be. Choose a "
                     "smaller scan or photo."), name, size_text);
      return NULL;
    }

  stream = g_file_read (source, cancellable, &local_error);
  if (stream != NULL)
    content = read_limited (G_INPUT_STREAM (stream), PLR_EVIDENCE_MAX_BYTES, cancellable,
                            &local_error);
  if (content == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_UNREADABLE,
                     _("Could not read “%s”: %s. Choose the file again."), name,
                     local_error->message);
      return NULL;
    }

  data = g_bytes_get_data (content, &length);
  if (length > PLR_EVIDENCE_MAX_BYTES)
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_TOO_LARGE,
                   _("“%s” is more than the 10 MiB a file of evidence may be. Choose a "
                     "smaller scan or photo."), name);
      return NULL;
    }
  if (length == 0)
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_WRONG_TYPE,
                   _("“%s” is empty. Choose a PDF document or a PNG or JPEG image."), name);
      return NULL;
    }

  media_type = plr_evidence_sniff_media_type (data, length);
  if (media_type == NULL)
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_WRONG_TYPE,
                   _("“%s” is not a PDF document or a PNG or JPEG image, whatever its name "
                     "says. Save or scan your evidence as PDF, PNG or JPEG and choose it "
                     "again."), name);
      return NULL;
    }

  evidence = g_new0 (PlrEvidence, 1);
  evidence->name = g_steal_pointer (&name);
  evidence->media_type = g_strdup (media_type);
  evidence->size = (gint64) length;
  evidence->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, length);
  evidence->path = plr_evidence_dup_private_path (evidence_dir, evidence->sha256);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !make_private_dir (evidence_dir, error))
    return NULL;

  /* Already kept, with the same content: nothing to write. */
  if (!private_copy_matches (evidence->path, evidence->sha256, length))
    {
      /* Written to a temporary file and renamed: never a partial copy. */
      if (!g_file_set_contents_full (evidence->path, (const char *) data, (gssize) length,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
        {
          g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_FAILED,
                       _("Could not keep a private copy of “%s”: %s"), evidence->name,
                       local_error->message);
          return NULL;
        }
    }

  if (g_chmod (evidence->path, 0600) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_FAILED,
                   _("Could not make the copy of “%s” private to you: %s"), evidence->name,
                   g_strerror (saved_errno));
      return NULL;
    }

  g_debug ("Kept a private copy of evidence (%" G_GINT64_FORMAT " bytes)", evidence->size);

  return g_steal_pointer (&evidence);
}

typedef struct
{
  GFile *source;
  char  *evidence_dir;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->source);
  g_clear_pointer (&data->evidence_dir, g_free);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  PlrEvidence *evidence;
  GError *error = NULL;

  evidence = plr_evidence_import (data->source, data->evidence_dir, cancellable, &error);
  if (evidence == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, evidence, (GDestroyNotify) plr_evidence_free);
}

/**
 * plr_evidence_import_async:
 * @source: the file the learner chose
 * @evidence_dir: the private evidence folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Like plr_evidence_import(), on a worker thread.
 */
void
plr_evidence_import_async (GFile               *source,
                           const char          *evidence_dir,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (G_IS_FILE (source));
  g_return_if_fail (evidence_dir != NULL);

  data = g_new0 (ImportData, 1);
  data->source = g_object_ref (source);
  data->evidence_dir = g_strdup (evidence_dir);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, plr_evidence_import_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * plr_evidence_import_finish:
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the evidence, or %NULL with @error set
 */
PlrEvidence *
plr_evidence_import_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == plr_evidence_import_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * plr_evidence_load_private_copy:
 * @evidence_dir: the private evidence folder
 * @sha256: the content's hash
 * @name: (nullable): the evidence's name, for the learner in an error
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the private copy and checks that it still has the content it had
 * when it was attached. Called when a challenge is sent.
 *
 * Returns: (transfer full): the content, or %NULL with
 *   %PLR_EVIDENCE_ERROR_VANISHED when the copy is gone or changed, or
 *   %PLR_EVIDENCE_ERROR_UNREADABLE
 */
GBytes *
plr_evidence_load_private_copy (const char    *evidence_dir,
                                const char    *sha256,
                                const char    *name,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *computed = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (evidence_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = _("evidence");

  if (!plr_evidence_is_sha256 (sha256))
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED,
                   _("The evidence “%s” can no longer be found. Attach it again."), name);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  path = plr_evidence_dup_private_path (evidence_dir, sha256);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED,
                     _("The evidence “%s” vanished from Learning Record’s private folder "
                       "before it could be sent. Attach it again, then send the challenge."),
                     name);
      else
        g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_UNREADABLE,
                     _("Could not read the evidence “%s”: %s"), name, local_error->message);
      return NULL;
    }

  computed = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  if (length > PLR_EVIDENCE_MAX_BYTES || !g_str_equal (computed, sha256))
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED,
                   _("The evidence “%s” changed after it was attached, so it was not sent. "
                     "Attach it again, then send the challenge."), name);
      return NULL;
    }

  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

/**
 * plr_evidence_check_present:
 * @evidence: attached evidence
 * @error: return location for a #GError
 *
 * A quick check, without reading the content, that the private copy is
 * still there with its size.
 *
 * Returns: %TRUE if it is; otherwise %PLR_EVIDENCE_ERROR_VANISHED
 */
gboolean
plr_evidence_check_present (const PlrEvidence  *evidence,
                            GError            **error)
{
  GStatBuf buf;

  g_return_val_if_fail (evidence != NULL, FALSE);

  if (evidence->path == NULL || g_stat (evidence->path, &buf) != 0 ||
      !S_ISREG (buf.st_mode) || (gint64) buf.st_size != evidence->size)
    {
      g_set_error (error, PLR_EVIDENCE_ERROR, PLR_EVIDENCE_ERROR_VANISHED,
                   _("The evidence “%s” vanished from Learning Record’s private folder. "
                     "Attach it again."), evidence->name ? evidence->name : _("evidence"));
      return FALSE;
    }

  return TRUE;
}
