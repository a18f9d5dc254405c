/* SPDX-License-Identifier: MIT
 * cache.h — answers that are costly to make and the same for everyone who asks the same question
 * within a few seconds: a report table for one site, period, language and role's view. Kept in
 * memory for the console's cache_seconds (figures are then at most that old), at most CACHE_ENTRIES
 * of them and CACHE_BYTES in all, the oldest dropped first. Thread-safe; owns copies of what it is
 * given. The page decides what goes into the key: everything its bytes depend on. */
#ifndef HL_CACHE_H
#define HL_CACHE_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CACHE_ENTRIES 64
#define CACHE_BYTES (16u << 20)

struct cache;

/* HL_OK or HL_ERR_NOMEM. cache_free(NULL) is safe. */
int cache_new(struct cache **out);
void cache_free(struct cache *c);
/* Appends the bytes kept under key to b when they were put less than ttl_ms before now_ms (a
 * monotonic clock); false otherwise (and for a NULL cache or ttl_ms <= 0). */
bool cache_get(struct cache *c, const char *key, int64_t now_ms, int ttl_ms, struct buf *b);
/* Keeps a copy of data under key, replacing what was there. Silently does nothing when it cannot
 * (no memory, larger than CACHE_BYTES / 4, a NULL cache). */
void cache_put(struct cache *c, const char *key, const void *data, size_t len, int64_t now_ms);

/* The server's cache, for the pages (NULL before the server starts: pages then compute every time). */
struct cache *cache_global(void);
void cache_set_global(struct cache *c);
/* The monotonic clock in ms, for the calls above. */
int64_t cache_now_ms(void);

#endif
