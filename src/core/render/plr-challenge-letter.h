/* plr-challenge-letter.h
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "plr-challenge.h"
#include "plr-learner.h"

G_BEGIN_DECLS

#define PLR_CHALLENGE_LETTER_ERROR (plr_challenge_letter_error_quark ())

typedef enum
{
  PLR_CHALLENGE_LETTER_ERROR_FAILED,   /* cairo could not make the document */
} PlrChallengeLetterError;

typedef enum
{
  PLR_CHALLENGE_LETTER_TO_PROVIDER,    /* the learning provider, who raises it in the LRS portal */
  PLR_CHALLENGE_LETTER_TO_LRS,         /* the LRS service desk, for a learner enrolled nowhere */
} PlrChallengeLetterRecipient;

#define PLR_TYPE_CHALLENGE_LETTER (plr_challenge_letter_get_type ())

G_DECLARE_FINAL_TYPE (PlrChallengeLetter, plr_challenge_letter, PLR, CHALLENGE_LETTER, GObject)

GQuark              plr_challenge_letter_error_quark      (void);

PlrChallengeLetter *plr_challenge_letter_new              (PlrChallenge                *challenge,
                                                           PlrLearner                  *learner,
                                                           GPtrArray                   *evidence,
                                                           PlrChallengeLetterRecipient  recipient);
void                plr_challenge_letter_set_recipient_name (PlrChallengeLetter        *self,
                                                             const char                *name);
void                plr_challenge_letter_set_date         (PlrChallengeLetter          *self,
                                                           GDateTime                   *date);
GDateTime          *plr_challenge_letter_get_date         (PlrChallengeLetter          *self);

char               *plr_challenge_letter_render_text      (PlrChallengeLetter          *self);
gboolean            plr_challenge_letter_render_pdf       (PlrChallengeLetter          *self,
                                                           GOutputStream               *stream,
                                                           GCancellable                *cancellable,
                                                           GError                     **error);
gboolean            plr_challenge_letter_render_pdf_to_file (PlrChallengeLetter        *self,
                                                             GFile                     *file,
                                                             GCancellable              *cancellable,
                                                             GError                   **error);
void                plr_challenge_letter_render_pdf_to_file_async (PlrChallengeLetter  *self,
                                                                   GFile               *file,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
gboolean            plr_challenge_letter_render_pdf_to_file_finish (PlrChallengeLetter *self,
                                                                    GAsyncResult       *result,
                                                                    GError            **error);
char               *plr_challenge_letter_dup_file_name    (PlrChallengeLetter          *self,
                                                           const char                  *extension);

G_END_DECLS
