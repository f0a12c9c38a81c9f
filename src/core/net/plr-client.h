/* plr-client.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "plr-access-log.h"
#include "plr-record.h"
#include "plr-record-diff.h"
#include "plr-share-record.h"
#include "plr-store.h"
#include "plr-token-store.h"
#include "plr-holder-key-store.h"

G_BEGIN_DECLS

/**
 * PlrRefreshOutcome:
 * @PLR_REFRESH_REPLACED: the service sent a record and it replaced the
 *   cached one (a new version, even when no event differs)
 * @PLR_REFRESH_UNCHANGED: the service said 304 Not Modified; the cached
 *   record was not rewritten, only the time of the last fetch
 *
 * What a refresh did, so that the window reloads only after a replace.
 */
typedef enum
{
  PLR_REFRESH_REPLACED,
  PLR_REFRESH_UNCHANGED,
} PlrRefreshOutcome;

#define PLR_CLIENT_ERROR (plr_client_error_quark ())

/* Each code names a situation the UI can explain and act on. */
typedef enum
{
  PLR_CLIENT_ERROR_INSECURE,          /* plain http:// to a host that is not this computer */
  PLR_CLIENT_ERROR_OFFLINE,           /* the service could not be reached */
  PLR_CLIENT_ERROR_TIMEOUT,           /* the service stopped answering */
  PLR_CLIENT_ERROR_NETWORK,           /* the connection broke during the answer */
  PLR_CLIENT_ERROR_UNAUTHORIZED,      /* sign in (again) */
  PLR_CLIENT_ERROR_FORBIDDEN,
  PLR_CLIENT_ERROR_NOT_FOUND,
  PLR_CLIENT_ERROR_RATE_LIMITED,
  PLR_CLIENT_ERROR_UNAVAILABLE,
  PLR_CLIENT_ERROR_SERVER,
  PLR_CLIENT_ERROR_INVALID_RESPONSE,  /* the service sent something we refuse to store */
  PLR_CLIENT_ERROR_SIGN_IN_FAILED,
} PlrClientError;

#define PLR_CLIENT_ID "io.github.learningrecord.LearningRecord"

/* Opens the sign-in page; the app uses the system browser, tests a script. */
typedef void (*PlrBrowserLauncher) (const char *uri,
                                    gpointer    user_data);

#define PLR_TYPE_CLIENT (plr_client_get_type ())

G_DECLARE_FINAL_TYPE (PlrClient, plr_client, PLR, CLIENT, GObject)

GQuark         plr_client_error_quark            (void);
gint64         plr_client_get_retry_not_before   (PlrClient            *self);
gboolean       plr_client_check_url              (const char           *base_url,
                                                  GError              **error);

PlrClient     *plr_client_new                    (SoupSession          *session,
                                                  const char           *base_url,
                                                  PlrTokenStore        *tokens,
                                                  GError              **error);
const char    *plr_client_get_base_url           (PlrClient            *self);
void           plr_client_set_browser_launcher   (PlrClient            *self,
                                                  PlrBrowserLauncher    launcher,
                                                  gpointer              user_data,
                                                  GDestroyNotify        destroy);
gboolean       plr_client_has_capability         (PlrClient            *self,
                                                  const char           *name);
void           plr_client_fail_sign_in           (PlrClient            *self,
                                                  const GError         *error);
void           plr_client_set_retry_policy       (PlrClient            *self,
                                                  guint                 max_attempts,
                                                  guint                 base_delay_ms);
void           plr_client_set_max_response_bytes (PlrClient            *self,
                                                  gsize                 max_bytes);

void           plr_client_sign_in_async          (PlrClient            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       plr_client_sign_in_finish         (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           plr_client_sign_out_async         (PlrClient            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       plr_client_sign_out_finish        (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void           plr_client_fetch_record_async     (PlrClient            *self,
                                                  const char           *etag,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
PlrRecord     *plr_client_fetch_record_finish    (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  gboolean             *not_modified,
                                                  GError              **error);
void           plr_client_refresh_async          (PlrClient            *self,
                                                  PlrStore             *store,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
PlrRecordDiff *plr_client_refresh_finish         (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
PlrRecordDiff *plr_client_refresh_finish_full    (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  PlrRefreshOutcome    *outcome,
                                                  GError              **error);

/* The holder key and the service's signed copy of the record (issue 13). */
void           plr_client_set_holder_key_store   (PlrClient            *self,
                                                  PlrHolderKeyStore    *holder_keys);
PlrHolderKeyStore *plr_client_get_holder_key_store (PlrClient          *self);
void           plr_client_fetch_credential_async (PlrClient            *self,
                                                  JsonObject           *holder_jwk,
                                                  const char           *record_etag,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
PlrRecordCredential *plr_client_fetch_credential_finish (PlrClient     *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
PlrRecordCredential *plr_client_parse_credential (const char           *compact,
                                                  const char           *holder_thumbprint,
                                                  GError              **error);

void           plr_client_send_change_async      (PlrClient            *self,
                                                  const char           *method,
                                                  const char           *path,
                                                  GBytes               *json_body,
                                                  const char           *idempotency_key,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GBytes        *plr_client_send_change_finish     (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  guint                *out_status,
                                                  GError              **error);

void           plr_client_fetch_access_log_async (PlrClient            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
PlrAccessLog  *plr_client_fetch_access_log_finish (PlrClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

void           plr_client_list_challenges_async  (PlrClient            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray     *plr_client_list_challenges_finish (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void           plr_client_list_shares_async      (PlrClient            *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
GPtrArray     *plr_client_list_shares_finish     (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           plr_client_create_share_async     (PlrClient            *self,
                                                  GBytes               *body,
                                                  const char           *idempotency_key,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
PlrShareInfo  *plr_client_create_share_finish    (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void           plr_client_revoke_share_async     (PlrClient            *self,
                                                  const char           *code,
                                                  const char           *idempotency_key,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean       plr_client_revoke_share_finish    (PlrClient            *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
