/* SPDX-License-Identifier: MIT
 * test_web_cache.c — the console's answer cache: a hit within the time given and a miss after it;
 * a key put again replaces its bytes; at most CACHE_ENTRIES entries and CACHE_BYTES kept, the oldest
 * dropped first; an entry too large is not kept; four threads putting and getting at once always
 * read whole, matching bytes. */
#include "cache.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_hit_and_expiry(void **state)
{
	struct cache *c;
	struct buf b = { 0 };

	(void)state;
	assert_int_equal(cache_new(&c), 0);
	assert_false(cache_get(c, "k", 1000, 5000, &b));
	cache_put(c, "k", "bảng báo cáo", strlen("bảng báo cáo"), 1000);
	assert_true(cache_get(c, "k", 5999, 5000, &b));
	assert_string_equal(b.p, "bảng báo cáo");
	buf_reset(&b);
	assert_false(cache_get(c, "k", 6000, 5000, &b)); /* 5 s old: made again */
	assert_false(cache_get(c, "k", 6001, 5000, &b)); /* and dropped */
	cache_put(c, "k", "one", 3, 7000);
	cache_put(c, "k", "two", 3, 7001);
	assert_true(cache_get(c, "k", 7002, 5000, &b));
	assert_string_equal(b.p, "two");
	buf_reset(&b);
	assert_false(cache_get(c, "k", 7002, 0, &b)); /* caching off */
	assert_false(cache_get(NULL, "k", 7002, 5000, &b));
	cache_put(NULL, "k", "x", 1, 0);
	buf_free(&b);
	cache_free(c);
	cache_free(NULL);
}

static void test_bounds(void **state)
{
	struct cache *c;
	struct buf b = { 0 };
	char key[16];

	(void)state;
	assert_int_equal(cache_new(&c), 0);
	for (int i = 0; i < CACHE_ENTRIES + 10; i++) {
		snprintf(key, sizeof key, "k%d", i);
		cache_put(c, key, key, strlen(key), 1000 + i);
	}
	assert_false(cache_get(c, "k0", 1100, 5000, &b)); /* the oldest went first */
	assert_false(cache_get(c, "k9", 1100, 5000, &b));
	assert_true(cache_get(c, "k10", 1100, 5000, &b));
	snprintf(key, sizeof key, "k%d", CACHE_ENTRIES + 9);
	assert_true(cache_get(c, key, 1100, 5000, &b));
	/* Bytes: three quarters of the bound, twice, keep only the newer. */
	size_t big = CACHE_BYTES / 4;
	char *p = calloc(1, big + 1);
	assert_non_null(p);
	cache_put(c, "big1", p, big, 2000);
	cache_put(c, "big2", p, big, 2001);
	cache_put(c, "big3", p, big, 2002);
	cache_put(c, "big4", p, big, 2003);
	cache_put(c, "big5", p, big, 2004);
	buf_reset(&b);
	assert_false(cache_get(c, "big1", 2005, 5000, &b));
	assert_true(cache_get(c, "big5", 2005, 5000, &b));
	buf_reset(&b);
	cache_put(c, "huge", p, big + 1, 2006); /* larger than a quarter: not kept */
	assert_false(cache_get(c, "huge", 2007, 5000, &b));
	free(p);
	buf_free(&b);
	cache_free(c);
}

struct worker {
	struct cache *c;
	int id;
	int bad;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	char key[16], val[64];
	struct buf b = { 0 };

	for (int i = 0; i < 20000; i++) {
		int k = (i * 7 + w->id) % 80;
		snprintf(key, sizeof key, "k%d", k);
		snprintf(val, sizeof val, "value-of-%d-%0*d", k, 20 + k % 20, k);
		if (i % 3 == 0) {
			cache_put(w->c, key, val, strlen(val), i);
		} else {
			buf_reset(&b);
			if (cache_get(w->c, key, i, 1 << 30, &b) && strcmp(b.p, val) != 0)
				w->bad++;
		}
	}
	buf_free(&b);
	return NULL;
}

static void test_threads(void **state)
{
	struct cache *c;
	pthread_t t[4];
	struct worker w[4];

	(void)state;
	assert_int_equal(cache_new(&c), 0);
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){ c, i, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].bad, 0);
	}
	cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_and_expiry),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
