/* plr-types.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _PlrLearner       PlrLearner;
typedef struct _PlrLearningEvent PlrLearningEvent;
typedef struct _PlrRecord        PlrRecord;
typedef struct _PlrRecordDiff    PlrRecordDiff;
typedef struct _PlrStore         PlrStore;

G_END_DECLS
