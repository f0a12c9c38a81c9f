/* plr-store.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-record.h"
#include "plr-record-diff.h"

G_BEGIN_DECLS

#define PLR_STORE_ERROR (plr_store_error_quark ())

typedef enum
{
  PLR_STORE_ERROR_FAILED,
  PLR_STORE_ERROR_CORRUPT,       /* the file was damaged and has been moved aside */
  PLR_STORE_ERROR_TOO_NEW,       /* written by a newer Learning Record */
  PLR_STORE_ERROR_PERMISSION,    /* the folder or file cannot be made private */
  PLR_STORE_ERROR_DISK_FULL,
} PlrStoreError;

typedef enum
{
  PLR_STORE_SNAPSHOT_CURRENT,
  PLR_STORE_SNAPSHOT_PREVIOUS,
} PlrStoreSnapshot;

#define PLR_STORE_SCHEMA_VERSION 1

#define PLR_TYPE_STORE (plr_store_get_type ())

G_DECLARE_FINAL_TYPE (PlrStore, plr_store, PLR, STORE, GObject)

GQuark         plr_store_error_quark          (void);
char          *plr_store_dup_default_path     (void);

PlrStore      *plr_store_new                  (const char           *path,
                                               GError              **error);
const char    *plr_store_get_path             (PlrStore             *self);
int            plr_store_get_schema_version   (PlrStore             *self);

PlrRecord     *plr_store_load_record          (PlrStore             *self,
                                               PlrStoreSnapshot      which,
                                               GError              **error);
void           plr_store_load_record_async    (PlrStore             *self,
                                               PlrStoreSnapshot      which,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
PlrRecord     *plr_store_load_record_finish   (PlrStore             *self,
                                               GAsyncResult         *result,
                                               GError              **error);

gboolean       plr_store_replace_record       (PlrStore             *self,
                                               PlrRecord            *record,
                                               PlrRecordDiff       **diff,
                                               GError              **error);
void           plr_store_replace_record_async (PlrStore             *self,
                                               PlrRecord            *record,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
PlrRecordDiff *plr_store_replace_record_finish (PlrStore            *self,
                                                GAsyncResult        *result,
                                                GError             **error);

gboolean       plr_store_update_fetch_info    (PlrStore             *self,
                                               GDateTime            *fetched_at,
                                               const char           *etag,
                                               GError              **error);
char          *plr_store_dup_content_hash     (PlrStore             *self,
                                               GError              **error);
PlrRecordDiff *plr_store_dup_changes          (PlrStore             *self,
                                               GError              **error);
GArray        *plr_store_search               (PlrStore             *self,
                                               const char           *text,
                                               GError              **error);
gboolean       plr_store_check_integrity      (PlrStore             *self,
                                               GError              **error);

G_END_DECLS
