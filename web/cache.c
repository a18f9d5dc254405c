/* SPDX-License-Identifier: MIT
 * cache.c — the small shared cache of cache.h: a fixed array searched in full (64 keys) under one
 * mutex; a hit copies the bytes out, so no entry is ever read after it is replaced. */
#include "cache.h"

#include "hl.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct entry {
	char *key;
	char *data;
	size_t len;
	int64_t at;
};

struct cache {
	pthread_mutex_t mu;
	struct entry e[CACHE_ENTRIES];
	size_t bytes;
};

static struct cache *global;

int cache_new(struct cache **out)
{
	struct cache *c = calloc(1, sizeof *c);

	*out = NULL;
	if (!c)
		return HL_ERR_NOMEM;
	pthread_mutex_init(&c->mu, NULL);
	*out = c;
	return HL_OK;
}

static void drop(struct cache *c, struct entry *e)
{
	c->bytes -= e->len;
	free(e->key);
	free(e->data);
	memset(e, 0, sizeof *e);
}

void cache_free(struct cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < CACHE_ENTRIES; i++)
		if (c->e[i].key)
			drop(c, &c->e[i]);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

bool cache_get(struct cache *c, const char *key, int64_t now_ms, int ttl_ms, struct buf *b)
{
	bool hit = false;

	if (!c || ttl_ms <= 0)
		return false;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		struct entry *e = &c->e[i];
		if (!e->key || strcmp(e->key, key) != 0)
			continue;
		if (now_ms - e->at < ttl_ms && now_ms >= e->at) {
			buf_put(b, e->data, e->len);
			hit = !b->failed;
		} else {
			drop(c, e);
		}
		break;
	}
	pthread_mutex_unlock(&c->mu);
	return hit;
}

void cache_put(struct cache *c, const char *key, const void *data, size_t len, int64_t now_ms)
{
	struct entry *slot = NULL, *oldest = NULL;
	char *k, *d;

	if (!c || len > CACHE_BYTES / 4)
		return;
	k = strdup(key);
	d = malloc(len ? len : 1);
	if (!k || !d) {
		free(k);
		free(d);
		return;
	}
	memcpy(d, data, len);
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < CACHE_ENTRIES && !slot; i++)
		if (c->e[i].key && strcmp(c->e[i].key, key) == 0)
			slot = &c->e[i];
	if (slot)
		drop(c, slot);
	/* Room: a free slot, else the oldest; and the bytes bound, oldest first. */
	for (;;) {
		oldest = NULL;
		slot = NULL;
		for (size_t i = 0; i < CACHE_ENTRIES; i++) {
			if (!c->e[i].key) {
				slot = slot ? slot : &c->e[i];
				continue;
			}
			if (!oldest || c->e[i].at < oldest->at)
				oldest = &c->e[i];
		}
		if (oldest && (!slot || c->bytes + len > CACHE_BYTES)) {
			drop(c, oldest);
			continue;
		}
		break;
	}
	slot->key = k;
	slot->data = d;
	slot->len = len;
	slot->at = now_ms;
	c->bytes += len;
	pthread_mutex_unlock(&c->mu);
}

struct cache *cache_global(void)
{
	return __atomic_load_n(&global, __ATOMIC_ACQUIRE);
}

void cache_set_global(struct cache *c)
{
	__atomic_store_n(&global, c, __ATOMIC_RELEASE);
}

int64_t cache_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
