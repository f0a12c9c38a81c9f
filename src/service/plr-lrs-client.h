/* plr-lrs-client.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_LRS_ERROR (plr_lrs_error_quark ())

/* What went wrong, as a provider's administrator can act on it. The codes
 * from NO_MATCH on are the LRS's own answers; nothing was fetched. */
typedef enum
{
  PLR_LRS_ERROR_CONFIG,            /* the configuration file is missing, unreadable or incomplete */
  PLR_LRS_ERROR_INSECURE,          /* a config file others can read, or http:// off this computer */
  PLR_LRS_ERROR_NETWORK,           /* could not reach the LRS */
  PLR_LRS_ERROR_TIMEOUT,           /* the LRS did not answer in time */
  PLR_LRS_ERROR_HTTP,              /* an HTTP error status without a SOAP fault */
  PLR_LRS_ERROR_FAULT,             /* a SOAP fault (bad credentials, a bad request, ...) */
  PLR_LRS_ERROR_BAD_RESPONSE,      /* cut short, not SOAP, the wrong namespace, not a record */
  PLR_LRS_ERROR_NO_MATCH,          /* WSRC0001 */
  PLR_LRS_ERROR_TOO_MANY_MATCHES,  /* WSRC0002: give more details */
  PLR_LRS_ERROR_POSSIBLE_MATCH,    /* WSRC0003: the details only possibly match */
  PLR_LRS_ERROR_NOT_SHARED,        /* WSEC0206: the learner opted not to share */
  PLR_LRS_ERROR_NOT_VERIFIED,      /* WSEC0208: the learner could not be verified */
  PLR_LRS_ERROR_INVALID_ULN,       /* WSEC0136 */
  PLR_LRS_ERROR_UNKNOWN_RESPONSE,  /* a response code we do not know */
} PlrLrsError;

#define PLR_LRS_SOAP_ACTION     "http://tempuri.org/ILearnerServiceR9/GetLearnerLearningEvents"
#define PLR_LRS_OPERATION_NS    "http://tempuri.org/"
#define PLR_LRS_MODEL_NS        "http://api.lrs.qcf.gov.uk/model"
#define PLR_LRS_SOAP_ENVELOPE_NS "http://schemas.xmlsoap.org/soap/envelope/"

#define PLR_LRS_POSSIBLE_MATCH  "WSRC0003"
#define PLR_LRS_TOO_MANY        "WSRC0002"

/* Who to ask for: the ULN and the demographics the LRS matches it with. */
typedef struct
{
  char *uln;
  char *given_name;
  char *family_name;
  char *date_of_birth;  /* yyyy-mm-dd */
  char *gender;         /* the LRS's code: 0 not known, 1 male, 2 female, 9 not specified */
} PlrLrsQuery;

PlrLrsQuery *plr_lrs_query_new   (const char  *uln,
                                  const char  *given_name,
                                  const char  *family_name,
                                  const char  *date_of_birth,
                                  const char  *gender,
                                  GError     **error);
PlrLrsQuery *plr_lrs_query_copy  (const PlrLrsQuery *query);
void         plr_lrs_query_free  (PlrLrsQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlrLrsQuery, plr_lrs_query_free)

#define PLR_TYPE_LRS_CLIENT (plr_lrs_client_get_type ())

G_DECLARE_FINAL_TYPE (PlrLrsClient, plr_lrs_client, PLR, LRS_CLIENT, GObject)

GQuark        plr_lrs_error_quark               (void);

PlrLrsClient *plr_lrs_client_new_from_file      (const char           *path,
                                                 GError              **error);
PlrLrsClient *plr_lrs_client_new_from_key_file  (GKeyFile             *key_file,
                                                 GError              **error);
const char   *plr_lrs_client_get_endpoint       (PlrLrsClient         *self);
guint         plr_lrs_client_get_timeout        (PlrLrsClient         *self);
guint         plr_lrs_client_get_max_age        (PlrLrsClient         *self);
void          plr_lrs_client_fetch_async        (PlrLrsClient         *self,
                                                 const PlrLrsQuery    *query,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
PlrRecord    *plr_lrs_client_fetch_finish       (PlrLrsClient         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
PlrRecord    *plr_lrs_client_fetch              (PlrLrsClient         *self,
                                                 const PlrLrsQuery    *query,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
char         *plr_lrs_describe_outcome          (PlrRecord            *record);

G_END_DECLS
