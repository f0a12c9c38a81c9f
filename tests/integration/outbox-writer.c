/* outbox-writer.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Records one sharing choice in the store, which queues it in the outbox,
 * says "queued" on stdout, then waits to be killed before anything sends
 * it. test-sync kills it and drains the outbox from a fresh process. */

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "plr-store.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: outbox-writer DATABASE\n");
      return 2;
    }

  store = plr_store_new (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("outbox-writer: %s\n", error->message);
      return 1;
    }

  if (!plr_store_record_sharing_choice (store, TRUE, "app", "Written before the crash", NULL,
                                        &error))
    {
      g_printerr ("outbox-writer: %s\n", error->message);
      return 1;
    }

  printf ("queued\n");
  fflush (stdout);

  for (;;)
    pause ();

  return 0;
}
