/* plr-client-limits.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The limits the app's client holds a service's answers to, where
 * docs/protocol.md states them too; tests/unit/test-protocol-limits.c
 * holds the two together. */

#pragma once

/* The largest answer read: the protocol's body limit. */
#define PLR_CLIENT_MAX_RESPONSE_BYTES      (64 * 1024 * 1024)
/* The longest Retry-After waited out inside one request. */
#define PLR_CLIENT_MAX_RETRY_AFTER_SECONDS 120
/* An access token's documented longest life (`expires_in`). */
#define PLR_CLIENT_MAX_EXPIRES_IN          86400
/* Events asked for a page: the protocol's most. */
#define PLR_CLIENT_EVENTS_PAGE_SIZE        1000
