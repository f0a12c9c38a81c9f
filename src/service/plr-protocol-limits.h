/* plr-protocol-limits.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* The limits docs/protocol.md states, as the reference service enforces
 * them. tests/unit/test-protocol-limits.c reads the document's Limits table
 * and holds it against these, so that the two cannot drift apart. */

/* The most a request or a response body may hold. */
#define PLR_PROTOCOL_MAX_BODY_BYTES        (64 * 1024 * 1024)

/* GET /v1/learner/events and GET /v1/access-log: limit=N. */
#define PLR_PROTOCOL_EVENTS_DEFAULT_LIMIT  200
#define PLR_PROTOCOL_EVENTS_MAX_LIMIT      1000
#define PLR_PROTOCOL_LOG_DEFAULT_LIMIT     50
#define PLR_PROTOCOL_LOG_MAX_LIMIT         1000

/* POST /v1/shares. */
#define PLR_PROTOCOL_SHARE_MAX_VIEW_BYTES  (4 * 1024 * 1024)
#define PLR_PROTOCOL_SHARE_MAX_TEXT_CHARS  255   /* recipient, purpose, view title */
#define PLR_PROTOCOL_SHARE_DEFAULT_SECONDS (30 * 24 * 3600)
#define PLR_PROTOCOL_SHARE_MAX_SECONDS     (366 * 24 * 3600)

/* POST /v1/challenges. */
#define PLR_PROTOCOL_MAX_EVIDENCE_FILES    10
#define PLR_PROTOCOL_MAX_EVIDENCE_BYTES    (10 * 1024 * 1024)
#define PLR_PROTOCOL_MAX_DETAILS_CHARS     10000

/* Signing in: an authorization code is single-use and lives this long. */
#define PLR_PROTOCOL_AUTH_CODE_SECONDS     60
