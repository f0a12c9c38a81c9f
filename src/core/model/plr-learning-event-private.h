/* plr-learning-event-private.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "plr-learning-event.h"

G_BEGIN_DECLS

/* For the readers of whole records (files, pages, the store), which build
 * hundreds of thousands of events: takes the already normalized values
 * without copying them again or emitting a notification per field. */
PlrLearningEvent *_plr_learning_event_new_take_values (char               **values);
PlrLearningEvent *_plr_learning_event_new_packed      (const char * const *texts);

G_END_DECLS
