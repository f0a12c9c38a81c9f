/* plr-sample.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-record.h"

G_BEGIN_DECLS

/* The demo learner is plr_sample_generate (PLR_SAMPLE_DEMO_SEED,
 * PLR_SAMPLE_DEMO_EVENTS); data/sample-learner.json is that record as JSON. */
#define PLR_SAMPLE_DEMO_SEED   5770
#define PLR_SAMPLE_DEMO_EVENTS 24

PlrRecord *plr_sample_generate (guint32 seed,
                                guint   n_events);
PlrRecord *plr_sample_demo     (void);

G_END_DECLS
