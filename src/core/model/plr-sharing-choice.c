/* plr-sharing-choice.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "plr-sharing-choice.h"

/* A sharing choice as the store keeps it; a plain boxed struct so that
 * list models and signals can carry it. */

G_DEFINE_BOXED_TYPE (PlrSharingChoice, plr_sharing_choice,
                     plr_sharing_choice_copy, plr_sharing_choice_free)

/**
 * plr_sharing_choice_copy:
 * @choice: a #PlrSharingChoice
 *
 * Returns: (transfer full): a deep copy of @choice
 */
PlrSharingChoice *
plr_sharing_choice_copy (const PlrSharingChoice *choice)
{
  PlrSharingChoice *copy;

  g_return_val_if_fail (choice != NULL, NULL);

  copy = g_new0 (PlrSharingChoice, 1);
  *copy = *choice;
  copy->method = g_strdup (choice->method);
  copy->note = g_strdup (choice->note);
  copy->made_at = choice->made_at ? g_date_time_ref (choice->made_at) : NULL;
  copy->reference = g_strdup (choice->reference);
  copy->confirmed_at = choice->confirmed_at ? g_date_time_ref (choice->confirmed_at) : NULL;

  return copy;
}

void
plr_sharing_choice_free (PlrSharingChoice *choice)
{
  if (choice == NULL)
    return;

  g_clear_pointer (&choice->method, g_free);
  g_clear_pointer (&choice->note, g_free);
  g_clear_pointer (&choice->made_at, g_date_time_unref);
  g_clear_pointer (&choice->reference, g_free);
  g_clear_pointer (&choice->confirmed_at, g_date_time_unref);
  g_free (choice);
}
