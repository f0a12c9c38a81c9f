/* plr-service.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-lrs-client.h"
#include "plr-record.h"

G_BEGIN_DECLS

#define PLR_SERVICE_ERROR (plr_service_error_quark ())

typedef enum
{
  PLR_SERVICE_ERROR_FAILED,
  PLR_SERVICE_ERROR_NOT_FOUND,     /* no such learner or challenge */
  PLR_SERVICE_ERROR_EXISTS,        /* the username is taken */
  PLR_SERVICE_ERROR_INVALID,       /* an argument or a request body is wrong */
  PLR_SERVICE_ERROR_CONFLICT,      /* the challenge was already resolved */
  PLR_SERVICE_ERROR_PERMISSION,    /* the data folder cannot be made private */
  PLR_SERVICE_ERROR_LISTEN,        /* the port cannot be bound */
} PlrServiceError;

/* The misbehaviour the service can be told to show on record reads
 * (GET /v1/learner and GET /v1/learner/events); see docs/protocol.md. */
typedef enum
{
  PLR_SERVICE_FAULT_NONE,
  PLR_SERVICE_FAULT_SERVER_ERROR,    /* 500 /problems/server-error */
  PLR_SERVICE_FAULT_UNAVAILABLE,     /* 503 with Retry-After: 1 */
  PLR_SERVICE_FAULT_RATE_LIMITED,    /* 429 with Retry-After: 1 */
  PLR_SERVICE_FAULT_HANG,            /* never answers */
  PLR_SERVICE_FAULT_RESET,           /* part of the body, then a TCP reset */
  PLR_SERVICE_FAULT_TRUNCATED,       /* a body shorter than its Content-Length, then close */
  PLR_SERVICE_FAULT_MALFORMED_JSON,  /* 200 with a body that is not JSON */
  PLR_SERVICE_FAULT_WRONG_TYPES,     /* 200 with JSON whose members have the wrong types */
  PLR_SERVICE_FAULT_INVALID_ULN,     /* 200 with a learner whose ULN fails its check digit */
  PLR_SERVICE_FAULT_OVERSIZED,       /* 200 with Content-Length 70000000, over the 64 MiB cap */
  PLR_SERVICE_FAULT_ADDED_MEMBERS,   /* 200 with a valid body plus members a later version adds */
} PlrServiceFault;

/* The client ID of Learning Record, the one client the reference service knows. */
#define PLR_SERVICE_CLIENT_ID "io.github.learningrecord.LearningRecord"

/* The organisation name written to the access log for the learner's own reads. */
#define PLR_SERVICE_OWN_CLIENT_ORGANISATION "Learning Record (you)"

#define PLR_SERVICE_DEFAULT_ACCESS_TOKEN_LIFETIME 900

#define PLR_TYPE_SERVICE_FAULT (plr_service_fault_get_type ())
#define PLR_TYPE_SERVICE (plr_service_get_type ())

G_DECLARE_FINAL_TYPE (PlrService, plr_service, PLR, SERVICE, GObject)

GQuark           plr_service_error_quark                (void);
GType            plr_service_fault_get_type             (void);
gboolean         plr_service_fault_from_nick            (const char       *nick,
                                                         PlrServiceFault  *fault);
const char      *plr_service_fault_to_nick              (PlrServiceFault   fault);

PlrService      *plr_service_new                        (const char       *data_dir,
                                                         GError          **error);
const char      *plr_service_get_data_dir               (PlrService       *self);

gboolean         plr_service_listen_local               (PlrService       *self,
                                                         guint             port,
                                                         GError          **error);
guint            plr_service_get_port                   (PlrService       *self);
char            *plr_service_dup_base_url               (PlrService       *self);

gboolean         plr_service_add_learner                (PlrService       *self,
                                                         const char       *username,
                                                         const char       *password,
                                                         PlrRecord        *record,
                                                         GError          **error);
gboolean         plr_service_add_lrs_learner            (PlrService       *self,
                                                         const char       *username,
                                                         const char       *password,
                                                         const PlrLrsQuery *account,
                                                         GError          **error);
void             plr_service_set_lrs_client             (PlrService       *self,
                                                         PlrLrsClient     *client);
gboolean         plr_service_set_record                 (PlrService       *self,
                                                         const char       *username,
                                                         PlrRecord        *record,
                                                         GError          **error);
PlrRecord       *plr_service_dup_record                 (PlrService       *self,
                                                         const char       *username,
                                                         GError          **error);
gboolean         plr_service_seed_demo                  (PlrService       *self,
                                                         GError          **error);
gboolean         plr_service_resolve_challenge          (PlrService       *self,
                                                         const char       *challenge_id,
                                                         gboolean          accept,
                                                         const char       *note,
                                                         GError          **error);

void             plr_service_set_fault                  (PlrService       *self,
                                                         PlrServiceFault   fault,
                                                         guint             count);
PlrServiceFault  plr_service_get_fault                  (PlrService       *self);
guint            plr_service_get_faults_injected        (PlrService       *self);

void             plr_service_set_access_token_lifetime  (PlrService       *self,
                                                         guint             seconds);
guint            plr_service_get_access_token_lifetime  (PlrService       *self);
void             plr_service_revoke_tokens              (PlrService       *self,
                                                         const char       *username);
void             plr_service_set_clock_offset           (PlrService       *self,
                                                         gint64            seconds);
guint            plr_service_get_request_count          (PlrService       *self);
guint            plr_service_count_requests             (PlrService       *self,
                                                         const char       *method,
                                                         const char       *path);
guint            plr_service_count_stored_responses     (PlrService       *self);

/* Write faults, for the outbox tests: shown on the changes made behind an
 * Idempotency-Key (PUT /v1/sharing-preferences, POST /v1/shares,
 * POST /v1/challenges). */
typedef enum
{
  PLR_SERVICE_WRITE_FAULT_NONE,
  PLR_SERVICE_WRITE_FAULT_FAIL_BEFORE_APPLY,  /* 503 with Retry-After: 1; nothing applied */
  PLR_SERVICE_WRITE_FAULT_DROP_AFTER_APPLY,   /* applied and its answer remembered, then the
                                               * connection closed without an answer */
  PLR_SERVICE_WRITE_FAULT_RATE_LIMITED_LONG,  /* 429 with Retry-After: 600; nothing applied */
} PlrServiceWriteFault;

void             plr_service_set_write_fault            (PlrService           *self,
                                                         PlrServiceWriteFault  fault,
                                                         guint                 count);
guint            plr_service_get_write_faults_injected  (PlrService           *self);

/* The abuse limits of docs/protocol.md ("Abuse limits"), per client
 * address or per account. */
typedef enum
{
  PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT,    /* failed sign-ins per username: back-off */
  PLR_SERVICE_LIMIT_SIGN_IN_ADDRESS,    /* failed sign-ins per client address */
  PLR_SERVICE_LIMIT_TOKEN_ADDRESS,      /* POST /oauth/token and /oauth/revoke per address */
  PLR_SERVICE_LIMIT_TOKEN_ACCOUNT,      /* refresh grants per account */
  PLR_SERVICE_LIMIT_SHARE_MISS_ADDRESS, /* unknown share codes per address */
  PLR_SERVICE_LIMIT_SHARE_READ_ADDRESS, /* share reads per address */
  PLR_SERVICE_LIMIT_SHARE_CREATE,       /* new shares per account */
  PLR_SERVICE_LIMIT_CHALLENGE_CREATE,   /* new challenges per account */
  PLR_SERVICE_N_LIMITS
} PlrServiceLimit;

gboolean         plr_service_limit_from_name            (const char           *name,
                                                         PlrServiceLimit      *limit);
const char      *plr_service_limit_to_name              (PlrServiceLimit       limit);
void             plr_service_set_limit                  (PlrService           *self,
                                                         PlrServiceLimit       limit,
                                                         guint                 burst,
                                                         guint                 seconds);
void             plr_service_get_limit                  (PlrService           *self,
                                                         PlrServiceLimit       limit,
                                                         guint                *burst,
                                                         guint                *seconds);
void             plr_service_set_limits_enabled_for_tests (PlrService         *self,
                                                         gboolean              enabled);

G_END_DECLS
