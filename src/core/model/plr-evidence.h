/* plr-evidence.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The protocol's limits: at most 10 files of at most 10 MiB each. All of a
 * challenge's files together stay under 40 MiB, so that the request, in
 * base64, stays under the 64 MiB a service accepts. */
#define PLR_EVIDENCE_MAX_BYTES        (10 * 1024 * 1024)
#define PLR_EVIDENCE_MAX_FILES        10
#define PLR_EVIDENCE_MAX_TOTAL_BYTES  (40 * 1024 * 1024)
#define PLR_EVIDENCE_MAX_NAME_CHARS   255

#define PLR_EVIDENCE_ERROR (plr_evidence_error_quark ())

typedef enum
{
  PLR_EVIDENCE_ERROR_FAILED,       /* the private copy could not be written */
  PLR_EVIDENCE_ERROR_TOO_LARGE,    /* over 10 MiB */
  PLR_EVIDENCE_ERROR_WRONG_TYPE,   /* not a PDF, PNG or JPEG by its content, or empty */
  PLR_EVIDENCE_ERROR_UNREADABLE,   /* not a file, or it cannot be read */
  PLR_EVIDENCE_ERROR_TOO_MANY,     /* over 10 files, or 40 MiB in all */
  PLR_EVIDENCE_ERROR_VANISHED,     /* the private copy is gone or changed before sending */
} PlrEvidenceError;

/**
 * PlrEvidence:
 * @id: the store's row id, or 0 when not attached to a challenge yet
 * @name: the file's name as the learner saw it, for people (never a path)
 * @media_type: "application/pdf", "image/png" or "image/jpeg", from the content
 * @size: the size in bytes
 * @sha256: the SHA-256 of the content, 64 lower-case hex digits
 * @path: the private copy
 * @added_at: (nullable): when it was attached
 *
 * A file of evidence, copied into the app's private data folder and named
 * by its hash. A plain struct: copy it with plr_evidence_copy(), free it
 * with plr_evidence_free().
 */
typedef struct
{
  gint64     id;
  char      *name;
  char      *media_type;
  gint64     size;
  char      *sha256;
  char      *path;
  GDateTime *added_at;
} PlrEvidence;

#define PLR_TYPE_EVIDENCE (plr_evidence_get_type ())

GType        plr_evidence_get_type          (void);
GQuark       plr_evidence_error_quark       (void);
PlrEvidence *plr_evidence_copy              (const PlrEvidence   *evidence);
void         plr_evidence_free              (PlrEvidence         *evidence);

const char  *plr_evidence_sniff_media_type  (const guint8        *data,
                                             gsize                length);
const char  *plr_evidence_get_type_label    (const char          *media_type);
gboolean     plr_evidence_is_sha256         (const char          *text);
char        *plr_evidence_dup_private_path  (const char          *evidence_dir,
                                             const char          *sha256);

PlrEvidence *plr_evidence_import            (GFile               *source,
                                             const char          *evidence_dir,
                                             GCancellable        *cancellable,
                                             GError             **error);
void         plr_evidence_import_async      (GFile               *source,
                                             const char          *evidence_dir,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
PlrEvidence *plr_evidence_import_finish     (GAsyncResult        *result,
                                             GError             **error);

GBytes      *plr_evidence_load_private_copy (const char          *evidence_dir,
                                             const char          *sha256,
                                             const char          *name,
                                             GCancellable        *cancellable,
                                             GError             **error);
gboolean     plr_evidence_check_present     (const PlrEvidence   *evidence,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrEvidence, plr_evidence_free)

G_END_DECLS
