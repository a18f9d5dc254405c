/* SPDX-License-Identifier: MIT
 * backoff.c — the retry and expiry rules (backoff.h). */
#include "backoff.h"

int64_t backoff_next(const struct backoff *b, int attempts, int64_t now, uint32_t random)
{
	int64_t first = b->first > 0 ? b->first : 1, max = b->max >= first ? b->max : first, delay = first;

	for (int i = 1; i < attempts && delay < max; i++)
		delay *= 2;
	if (delay > max)
		delay = max;
	return now + delay + (int64_t)(random % (uint32_t)(delay / 10 + 1));
}

int64_t backoff_expires(int64_t created, int expire_hours)
{
	return created + (int64_t)(expire_hours > 0 ? expire_hours : 1) * 3600;
}

bool backoff_expired(int64_t expires, int64_t now)
{
	return now >= expires;
}

bool backoff_http_permanent(long status)
{
	return status == 400 || status == 404 || status == 405 || status == 410 || status == 413 || status == 415 ||
	       status == 422;
}
