/* SPDX-License-Identifier: MIT
 * page_cache.h — how a page keys its content in the answer cache (cache.h): everything the bytes
 * depend on besides the data — the page, the language, the role's view (an officer's code, a head's
 * sites), the local day (default periods, the pickers' choices), the target line and the query as
 * given — and, for pages that show flags, the flags' version (events.h), so a new or changed flag
 * is never answered from an older page. */
#ifndef HL_PAGE_CACHE_H
#define HL_PAGE_CACHE_H

#include "buf.h"
#include "web.h"

#include <stdbool.h>

/* The key of the page `what` for this request into k (appended). with_flags: the flags' version
 * too. */
void page_cache_key(struct buf *k, const struct web_ctx *c, const struct http_request *rq, const char *what,
		    bool with_flags);

/* Pages whose content holds forms (the CSRF token of the session) are kept with a placeholder of
 * the token's length instead: page_cache_mask puts it in c->csrf (the real one saved in keep) before
 * the content is written, page_cache_unmask puts the real one back, and page_cache_fill writes it
 * over every placeholder in b from offset `from` on. */
void page_cache_mask(struct web_ctx *c, char keep[65]);
void page_cache_unmask(struct web_ctx *c, const char keep[65]);
void page_cache_fill(struct buf *b, size_t from, const char *csrf);

#endif
