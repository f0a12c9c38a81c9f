/* store-writer.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Replaces the cached record over and over, alternating between two known
 * records, until it is killed. test-store-kill kills it at varied moments. */

#include "config.h"

#include <stdio.h>

#include "plr-store.h"
#include "test-support.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PlrStore) store = NULL;
  g_autoptr(PlrRecord) a = NULL;
  g_autoptr(PlrRecord) b = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: store-writer DATABASE\n");
      return 2;
    }

  store = plr_store_new (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("store-writer: %s\n", error->message);
      return 1;
    }

  a = test_make_record ("9276308686", 3000, 1, "A");
  b = test_make_record ("1000000043", 2500, 1, "B");

  for (guint i = 0; ; i++)
    {
      if (!plr_store_replace_record (store, i % 2 ? b : a, NULL, &error))
        {
          g_printerr ("store-writer: %s\n", error->message);
          return 1;
        }
    }

  return 0;
}
