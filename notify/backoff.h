/* SPDX-License-Identifier: MIT
 * backoff.h — when a delivery that failed is tried again, and when it is given up: the first retry
 * after `first` seconds, each next one twice as late, at most `max` apart, each with up to a tenth
 * more (from a random number the caller passes, so tests choose it) so that many deliveries failed
 * together do not all return at the same second. Pure. */
#ifndef HL_BACKOFF_H
#define HL_BACKOFF_H

#include <stdbool.h>
#include <stdint.h>

struct backoff {
	int first; /* seconds before the first retry (>= 1) */
	int max;   /* seconds between two tries at most (>= first) */
};

/* The time of the next try after the attempts-th failed one (1 for the first) at now; random: any
 * number (the jitter is random % (delay / 10 + 1)). */
int64_t backoff_next(const struct backoff *b, int attempts, int64_t now, uint32_t random);
/* When a delivery queued at created is given up: expire_hours later. */
int64_t backoff_expires(int64_t created, int expire_hours);
/* Whether a delivery that expires at `expires` is given up at now. */
bool backoff_expired(int64_t expires, int64_t now);
/* Whether an HTTP status a webhook answered means the call can never succeed as it is (400, 404,
 * 405, 410, 413, 415, 422), so it fails at once instead of being retried until it expires. */
bool backoff_http_permanent(long status);

#endif
