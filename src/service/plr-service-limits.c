/* plr-service-limits.c
 *
 * Copyright 2026 Learning Record developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "plr-service-limits"

#include "config.h"

#include <math.h>

#include "plr-service-private.h"

/* Abuse limits (docs/protocol.md, "Abuse limits"): how often one client
 * address or one account may do a costly or guessable thing.
 *
 * Every limit but one is a leaky bucket: each use fills it by one, it
 * drains by one every @seconds, and a use that would fill it past @burst is
 * refused with the time until it would fit. The sign-in back-off per
 * account is different: @burst failures in a row are free, then each
 * further failure locks the account's sign-in for @seconds, doubling, at
 * most MAX_BACKOFF_SECONDS; a successful sign-in forgets the failures.
 *
 * The clock is the service's monotonic clock in seconds (plus the clock
 * offset tests move), so no wall-clock change opens or shuts a limit.
 * Keys are a client address or an account id; they are never logged. */

#define MAX_BACKOFF_SECONDS   (15 * 60)
/* Forget a bucket that has drained, and back-off failures after a day. */
#define FORGET_FAILURES_AFTER (24 * 3600)
/* Guessers from many addresses must not grow the table without bound:
 * past this many keys, the drained ones go at once. */
#define MAX_ENTRIES           100000

typedef struct
{
  double  level;        /* bucket: uses not yet drained */
  double  updated_at;
  guint   failures;     /* back-off: failures in a row */
  double  locked_until; /* back-off */
} Entry;

struct _PlrServiceLimits
{
  GMutex              mutex;
  gboolean            enabled;
  PlrServiceLimitRule rules[PLR_SERVICE_N_LIMITS];
  GHashTable         *entries[PLR_SERVICE_N_LIMITS];  /* key → Entry */
};

/* The defaults, as documented. */
static const PlrServiceLimitRule default_rules[PLR_SERVICE_N_LIMITS] = {
  [PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT]   = { 5, 30 },
  [PLR_SERVICE_LIMIT_SIGN_IN_ADDRESS]   = { 20, 45 },
  [PLR_SERVICE_LIMIT_TOKEN_ADDRESS]     = { 30, 2 },
  [PLR_SERVICE_LIMIT_TOKEN_ACCOUNT]     = { 10, 6 },
  [PLR_SERVICE_LIMIT_SHARE_MISS_ADDRESS] = { 10, 60 },
  [PLR_SERVICE_LIMIT_SHARE_READ_ADDRESS] = { 120, 1 },
  [PLR_SERVICE_LIMIT_SHARE_CREATE]      = { 30, 120 },
  [PLR_SERVICE_LIMIT_CHALLENGE_CREATE]  = { 10, 360 },
};

static const char * const limit_names[PLR_SERVICE_N_LIMITS] = {
  [PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT]   = "sign-in-account",
  [PLR_SERVICE_LIMIT_SIGN_IN_ADDRESS]   = "sign-in-address",
  [PLR_SERVICE_LIMIT_TOKEN_ADDRESS]     = "token-address",
  [PLR_SERVICE_LIMIT_TOKEN_ACCOUNT]     = "token-account",
  [PLR_SERVICE_LIMIT_SHARE_MISS_ADDRESS] = "share-miss-address",
  [PLR_SERVICE_LIMIT_SHARE_READ_ADDRESS] = "share-read-address",
  [PLR_SERVICE_LIMIT_SHARE_CREATE]      = "share-create",
  [PLR_SERVICE_LIMIT_CHALLENGE_CREATE]  = "challenge-create",
};

PlrServiceLimits *
_plr_service_limits_new (void)
{
  PlrServiceLimits *self = g_new0 (PlrServiceLimits, 1);

  g_mutex_init (&self->mutex);
  self->enabled = TRUE;
  for (guint i = 0; i < PLR_SERVICE_N_LIMITS; i++)
    {
      self->rules[i] = default_rules[i];
      self->entries[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }

  return self;
}

void
_plr_service_limits_free (PlrServiceLimits *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < PLR_SERVICE_N_LIMITS; i++)
    g_hash_table_unref (self->entries[i]);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
_plr_service_limit_to_name (PlrServiceLimit limit)
{
  g_return_val_if_fail (limit < PLR_SERVICE_N_LIMITS, NULL);

  return limit_names[limit];
}

gboolean
_plr_service_limit_from_name (const char      *name,
                              PlrServiceLimit *limit)
{
  for (guint i = 0; i < PLR_SERVICE_N_LIMITS; i++)
    if (g_strcmp0 (name, limit_names[i]) == 0)
      {
        *limit = i;
        return TRUE;
      }

  return FALSE;
}

void
_plr_service_limits_set_enabled (PlrServiceLimits *self,
                                 gboolean          enabled)
{
  g_mutex_lock (&self->mutex);
  self->enabled = enabled;
  g_mutex_unlock (&self->mutex);
}

void
_plr_service_limits_set_rule (PlrServiceLimits          *self,
                              PlrServiceLimit            limit,
                              const PlrServiceLimitRule *rule)
{
  g_return_if_fail (limit < PLR_SERVICE_N_LIMITS);
  g_return_if_fail (rule->burst > 0 && rule->seconds > 0);

  g_mutex_lock (&self->mutex);
  self->rules[limit] = *rule;
  g_hash_table_remove_all (self->entries[limit]);
  g_mutex_unlock (&self->mutex);
}

void
_plr_service_limits_get_rule (PlrServiceLimits    *self,
                              PlrServiceLimit      limit,
                              PlrServiceLimitRule *rule)
{
  g_return_if_fail (limit < PLR_SERVICE_N_LIMITS);

  g_mutex_lock (&self->mutex);
  *rule = self->rules[limit];
  g_mutex_unlock (&self->mutex);
}

/* Drains a bucket to @now. */
static void
drain (Entry                     *entry,
       const PlrServiceLimitRule *rule,
       double                     now)
{
  if (now > entry->updated_at)
    {
      entry->level = MAX (0.0, entry->level - (now - entry->updated_at) / rule->seconds);
      entry->updated_at = now;
    }
}

static gboolean
is_backoff (PlrServiceLimit limit)
{
  return limit == PLR_SERVICE_LIMIT_SIGN_IN_ACCOUNT;
}

static gboolean
entry_is_idle (PlrServiceLimit            limit,
               Entry                     *entry,
               const PlrServiceLimitRule *rule,
               double                     now)
{
  if (is_backoff (limit))
    return now >= entry->locked_until && now - entry->updated_at > FORGET_FAILURES_AFTER;

  drain (entry, rule, now);
  return entry->level <= 0.0;
}

static void
forget_idle (PlrServiceLimits *self,
             PlrServiceLimit   limit,
             double            now)
{
  GHashTableIter iter;
  Entry *entry;

  g_hash_table_iter_init (&iter, self->entries[limit]);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry_is_idle (limit, entry, &self->rules[limit], now))
      g_hash_table_iter_remove (&iter);
}

static Entry *
lookup (PlrServiceLimits *self,
        PlrServiceLimit   limit,
        const char       *key,
        double            now,
        gboolean          create)
{
  Entry *entry = g_hash_table_lookup (self->entries[limit], key);

  if (entry == NULL && create)
    {
      if (g_hash_table_size (self->entries[limit]) >= MAX_ENTRIES)
        forget_idle (self, limit, now);
      entry = g_new0 (Entry, 1);
      entry->updated_at = now;
      g_hash_table_insert (self->entries[limit], g_strdup (key), entry);
    }

  return entry;
}

/* Seconds to wait before the next use, or 0. Called locked. */
static guint
wait_for (PlrServiceLimits *self,
          PlrServiceLimit   limit,
          Entry            *entry,
          double            now)
{
  const PlrServiceLimitRule *rule = &self->rules[limit];

  if (entry == NULL)
    return 0;

  if (is_backoff (limit))
    {
      if (now - entry->updated_at > FORGET_FAILURES_AFTER)
        entry->failures = 0;
      return now < entry->locked_until ? (guint) ceil (entry->locked_until - now) : 0;
    }

  drain (entry, rule, now);
  if (entry->level + 1.0 <= rule->burst + 1e-9)
    return 0;

  return MAX (1u, (guint) ceil ((entry->level + 1.0 - rule->burst) * rule->seconds));
}

/**
 * _plr_service_limits_check:
 * @self: the limits
 * @limit: which limit
 * @key: the client address or account
 * @now: the limits' clock, in seconds
 *
 * Returns: 0 if one more use of @limit by @key is allowed now, or the
 *   seconds to wait (the Retry-After)
 */
guint
_plr_service_limits_check (PlrServiceLimits *self,
                           PlrServiceLimit   limit,
                           const char       *key,
                           double            now)
{
  guint wait;

  g_return_val_if_fail (limit < PLR_SERVICE_N_LIMITS, 0);

  g_mutex_lock (&self->mutex);
  wait = self->enabled ? wait_for (self, limit, lookup (self, limit, key, now, FALSE), now) : 0;
  g_mutex_unlock (&self->mutex);

  return wait;
}

/**
 * _plr_service_limits_charge:
 * @self: the limits
 * @limit: which limit
 * @key: the client address or account
 * @now: the limits' clock, in seconds
 *
 * Counts one use (for the back-off: one failure) of @limit by @key.
 */
void
_plr_service_limits_charge (PlrServiceLimits *self,
                            PlrServiceLimit   limit,
                            const char       *key,
                            double            now)
{
  const PlrServiceLimitRule *rule;
  Entry *entry;

  g_return_if_fail (limit < PLR_SERVICE_N_LIMITS);

  g_mutex_lock (&self->mutex);
  if (!self->enabled)
    goto out;

  rule = &self->rules[limit];
  entry = lookup (self, limit, key, now, TRUE);
  if (is_backoff (limit))
    {
      if (now - entry->updated_at > FORGET_FAILURES_AFTER)
        entry->failures = 0;
      entry->failures++;
      entry->updated_at = now;
      if (entry->failures >= rule->burst)
        {
          guint doublings = MIN (entry->failures - rule->burst, 16u);
          double backoff = MIN ((double) rule->seconds * (double) (1u << doublings),
                                (double) MAX_BACKOFF_SECONDS);

          entry->locked_until = now + backoff;
          g_debug ("Sign-in back-off of %.0f s after %u failures", backoff, entry->failures);
        }
    }
  else
    {
      drain (entry, rule, now);
      entry->level += 1.0;
    }

out:
  g_mutex_unlock (&self->mutex);
}

/**
 * _plr_service_limits_take:
 *
 * Checks and, when allowed, charges one use.
 *
 * Returns: 0 if the use was allowed, or the seconds to wait
 */
guint
_plr_service_limits_take (PlrServiceLimits *self,
                          PlrServiceLimit   limit,
                          const char       *key,
                          double            now)
{
  guint wait = _plr_service_limits_check (self, limit, key, now);

  if (wait == 0)
    _plr_service_limits_charge (self, limit, key, now);

  return wait;
}

/**
 * _plr_service_limits_forget:
 *
 * Forgets @key's uses of @limit: a successful sign-in ends its back-off.
 */
void
_plr_service_limits_forget (PlrServiceLimits *self,
                            PlrServiceLimit   limit,
                            const char       *key)
{
  g_return_if_fail (limit < PLR_SERVICE_N_LIMITS);

  g_mutex_lock (&self->mutex);
  g_hash_table_remove (self->entries[limit], key);
  g_mutex_unlock (&self->mutex);
}

/**
 * _plr_service_limits_prune:
 *
 * Drops the keys that have nothing left to remember.
 */
void
_plr_service_limits_prune (PlrServiceLimits *self,
                           double            now)
{
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < PLR_SERVICE_N_LIMITS; i++)
    forget_idle (self, i, now);
  g_mutex_unlock (&self->mutex);
}
