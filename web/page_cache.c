/* SPDX-License-Identifier: MIT
 * page_cache.c — the cache keys of page_cache.h. */
#include "page_cache.h"

#include "conf.h"
#include "events.h"
#include "period.h"

#include <stdint.h>
#include <string.h>

void page_cache_key(struct buf *k, const struct web_ctx *c, const struct http_request *rq, const char *what,
		    bool with_flags)
{
	buf_printf(k, "%s|%d|%d|%s|", what, c->lang, c->user ? c->user->role : -1, c->user ? c->user->officer : "");
	for (size_t i = 0; c->user && i < c->user->nsites; i++)
		buf_printf(k, "%s,", c->user->sites[i]);
	buf_printf(k, "|%d|%d|%s?", (int)period_day_of(c->now, c->utc_offset), c->conf->target_percent, rq->path);
	for (size_t i = 0; i < rq->query.n; i++)
		buf_printf(k, "%s=%s&", rq->query.v[i].name, rq->query.v[i].value);
	if (with_flags) {
		int64_t id, changes;
		events_version(events_global(), &id, &changes);
		buf_printf(k, "|flags %lld.%lld", (long long)id, (long long)changes);
	}
}

/* 64 characters, as a CSRF token (hex BLAKE2b-256), and none a token can hold. */
static const char placeholder[] = "@csrf@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";

void page_cache_mask(struct web_ctx *c, char keep[65])
{
	_Static_assert(sizeof placeholder == 65, "a CSRF token is 64 characters");
	memcpy(keep, c->csrf, 65);
	if (c->csrf[0])
		memcpy(c->csrf, placeholder, sizeof placeholder);
}

void page_cache_unmask(struct web_ctx *c, const char keep[65])
{
	memcpy(c->csrf, keep, 65);
}

void page_cache_fill(struct buf *b, size_t from, const char *csrf)
{
	char *p;

	if (b->failed || !b->p || strlen(csrf) != sizeof placeholder - 1)
		return;
	for (p = b->p + from; (p = strstr(p, placeholder)); p += sizeof placeholder - 1)
		memcpy(p, csrf, sizeof placeholder - 1);
}
