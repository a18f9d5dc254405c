/* SPDX-License-Identifier: MIT
 * events.c — the live updates of events.h. One watcher thread owns a store connection of its own and
 * asks it once a second for the newest flags; those newer than the last it saw go into a ring of the
 * newest EVENTS_RING (id, site, kind), and every stream waiting in events_next is woken through one
 * condition variable. Streams never touch the database: they only read the ring under the mutex, so
 * a hundred open pages cost one query a second. Every wait has a deadline on the monotonic clock
 * (a wall-clock step cannot stall a stream), and the thread's loop checks the stop flag each round.
 * It must not write anything: the console's writes go through the request threads' connections. */
#include "events.h"

#include "hl.h"
#include "store.h"
#include "store_flags.h"
#include "web.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EVENTS_RING 64
#define EVENTS_BATCH 20     /* the newest flags asked for each round */
#define EVENTS_PERIOD_MS 1000

struct events_entry {
	int64_t id;
	char site[HL_CODE_MAX + 1];
	char kind[24];
};

struct events {
	pthread_mutex_t mu;
	pthread_cond_t news;    /* streams wait on it: a new flag, a poke, or stop */
	pthread_cond_t tick;    /* the watcher waits on it between rounds (stop wakes it early) */
	pthread_cond_t gone;    /* events_stop waits on it for the streams inside events_next to leave */
	int waiters;            /* calls inside events_next */
	struct store *store;    /* the watcher's own; used by the watcher thread only once started */
	pthread_t thread;
	bool stop;
	int64_t last_id;        /* the newest flag id seen */
	int64_t change;         /* bumped by events_poke */
	struct events_entry ring[EVENTS_RING]; /* ascending ids; the oldest is overwritten first */
	size_t head, n;         /* ring[head] is the oldest of n entries */
};

static struct events *_Atomic events_the;

struct events *events_global(void)
{
	return atomic_load(&events_the);
}

void events_set_global(struct events *e)
{
	atomic_store(&events_the, e);
}

/* A code as the stream writes it into JSON: only [a-z0-9-] (what a site or kind code is); anything
 * else — which the wire checks never let in — becomes '_', so the data line stays valid JSON. */
static void copy_code(char *dst, size_t cap, const char *src)
{
	size_t i = 0;

	for (; src && src[i] && i + 1 < cap; i++) {
		char ch = src[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-';
		dst[i] = ok ? ch : '_';
	}
	dst[i] = '\0';
}

struct batch {
	struct events_entry v[EVENTS_BATCH];
	size_t n;
};

static int batch_add(void *ud, const struct store_flag *f)
{
	struct batch *b = ud;

	if (b->n == EVENTS_BATCH)
		return 1; /* the store was asked for this many: never reached */
	struct events_entry *x = &b->v[b->n++];
	x->id = f->id;
	copy_code(x->site, sizeof x->site, f->site);
	copy_code(x->kind, sizeof x->kind, flag_kind_name(f->kind));
	return HL_OK;
}

static int by_id(const void *pa, const void *pb)
{
	const struct events_entry *a = pa, *b = pb;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The newest flags into b, in id order (the store lists by the time opened, which a flag opened
 * with an earlier time could break). */
static int fetch(struct store *s, struct batch *b)
{
	b->n = 0;
	int rc = store_flags_list(s, STORE_FLAGS_ALL, NULL, EVENTS_BATCH, batch_add, b);
	if (rc == 1)
		rc = HL_OK;
	if (rc == HL_OK && b->n > 1)
		qsort(b->v, b->n, sizeof b->v[0], by_id);
	return rc;
}

static void ring_push(struct events *e, const struct events_entry *x)
{
	if (e->n < EVENTS_RING) {
		e->ring[(e->head + e->n) % EVENTS_RING] = *x;
		e->n++;
	} else {
		e->ring[e->head] = *x;
		e->head = (e->head + 1) % EVENTS_RING;
	}
}

static void deadline_in(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *watch(void *arg)
{
	struct events *e = arg;
	struct batch b;
	struct timespec at;

	pthread_mutex_lock(&e->mu);
	while (!e->stop) {
		deadline_in(&at, EVENTS_PERIOD_MS);
		while (!e->stop && pthread_cond_timedwait(&e->tick, &e->mu, &at) != ETIMEDOUT) {
		}
		if (e->stop)
			break;
		pthread_mutex_unlock(&e->mu);
		/* The query runs without the lock: streams keep reading the ring meanwhile. A failed
		 * round (the database busy, say) is simply tried again next second. */
		int rc = fetch(e->store, &b);
		pthread_mutex_lock(&e->mu);
		if (rc != HL_OK)
			continue;
		bool any = false;
		for (size_t i = 0; i < b.n; i++) { /* ascending, so the ring stays in id order */
			if (b.v[i].id <= e->last_id)
				continue;
			ring_push(e, &b.v[i]);
			e->last_id = b.v[i].id;
			any = true;
		}
		if (any)
			pthread_cond_broadcast(&e->news);
	}
	pthread_mutex_unlock(&e->mu);
	return NULL;
}

int events_start(const char *db_path, int utc_offset, struct events **out, char *why, size_t cap)
{
	struct events *e;
	pthread_condattr_t ca;
	struct batch b;
	char err[256] = "";
	int rc;

	*out = NULL;
	if (cap)
		why[0] = '\0';
	e = calloc(1, sizeof *e);
	if (!e) {
		snprintf(why, cap, "out of memory");
		return HL_ERR_NOMEM;
	}
	pthread_mutex_init(&e->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&e->news, &ca);
	pthread_cond_init(&e->tick, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&e->gone, NULL);

	rc = store_open(db_path, utc_offset, &e->store, err, sizeof err);
	if (rc != HL_OK) {
		snprintf(why, cap, "the events watcher could not open %s: %s", db_path, err);
		goto fail;
	}
	/* Only flags opened from now on are news: start after the newest stored. */
	rc = fetch(e->store, &b);
	if (rc != HL_OK) {
		snprintf(why, cap, "the events watcher could not read the flags: %s", store_errmsg(e->store));
		goto fail;
	}
	if (b.n)
		e->last_id = b.v[b.n - 1].id;
	if (pthread_create(&e->thread, NULL, watch, e) != 0) {
		snprintf(why, cap, "the events watcher thread could not start");
		rc = HL_ERR_NOMEM;
		goto fail;
	}
	*out = e;
	return HL_OK;
fail:
	store_close(e->store);
	pthread_cond_destroy(&e->news);
	pthread_cond_destroy(&e->tick);
	pthread_cond_destroy(&e->gone);
	pthread_mutex_destroy(&e->mu);
	free(e);
	return rc;
}

void events_stop(struct events *e)
{
	if (!e)
		return;
	if (events_global() == e)
		events_set_global(NULL);
	pthread_mutex_lock(&e->mu);
	e->stop = true;
	pthread_cond_broadcast(&e->tick);
	pthread_cond_broadcast(&e->news);
	/* Streams inside events_next see stop and leave; only then may the memory go. */
	while (e->waiters > 0)
		pthread_cond_wait(&e->gone, &e->mu);
	pthread_mutex_unlock(&e->mu);
	pthread_join(e->thread, NULL);
	store_close(e->store);
	pthread_cond_destroy(&e->news);
	pthread_cond_destroy(&e->tick);
	pthread_cond_destroy(&e->gone);
	pthread_mutex_destroy(&e->mu);
	free(e);
}

void events_poke(struct events *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&e->mu);
	e->change++;
	pthread_cond_broadcast(&e->news);
	pthread_mutex_unlock(&e->mu);
}

void events_cursor_init(struct events *e, struct events_cursor *cur, const struct web_ctx *c, const char *site)
{
	memset(cur, 0, sizeof *cur);
	copy_code(cur->site, sizeof cur->site, site);
	if (c && c->token) {
		for (size_t i = 0; i < c->token->nsites && cur->nsites < 16; i++)
			snprintf(cur->sites[cur->nsites++], sizeof cur->sites[0], "%s", c->token->sites[i]);
	} else if (c && c->user && c->user->role != ROLE_ADMIN && c->user->role != ROLE_PROVINCE) {
		for (size_t i = 0; i < c->user->nsites && cur->nsites < 16; i++)
			snprintf(cur->sites[cur->nsites++], sizeof cur->sites[0], "%s", c->user->sites[i]);
	}
	/* Nobody, or a user without a site: an impossible site, so the stream tells of nothing (nsites
	 * 0 would mean every site). Admin and province keep nsites 0. */
	if (cur->nsites == 0 && !(c && !c->token && c->user &&
				  (c->user->role == ROLE_ADMIN || c->user->role == ROLE_PROVINCE))) {
		cur->sites[0][0] = '\0';
		cur->nsites = 1;
	}
	if (!e)
		return;
	pthread_mutex_lock(&e->mu);
	cur->last_id = e->last_id;
	cur->last_change = e->change;
	pthread_mutex_unlock(&e->mu);
}

void events_version(struct events *e, int64_t *last_id, int64_t *changes)
{
	*last_id = 0;
	*changes = 0;
	if (!e)
		return;
	pthread_mutex_lock(&e->mu);
	*last_id = e->last_id;
	*changes = e->change;
	pthread_mutex_unlock(&e->mu);
}

static bool cursor_sees(const struct events_cursor *cur, const struct events_entry *x)
{
	if (cur->site[0] && strcmp(cur->site, x->site) != 0)
		return false;
	if (cur->nsites == 0)
		return true;
	for (size_t i = 0; i < cur->nsites; i++)
		if (cur->sites[i][0] && strcmp(cur->sites[i], x->site) == 0)
			return true;
	return false;
}

/* What snprintf into cap bytes returned, as the bytes written when the message fit whole, or 0. */
static size_t put(size_t cap, int n)
{
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

size_t events_next(struct events *e, struct events_cursor *cur, int timeout_ms, char *out, size_t cap)
{
	struct timespec at;
	size_t len = 0;

	if (!e || !out || cap < 16)
		return 0;
	if (timeout_ms < 0)
		timeout_ms = 0;
	deadline_in(&at, timeout_ms);
	pthread_mutex_lock(&e->mu);
	e->waiters++;
	for (;;) {
		if (e->stop)
			break;
		for (size_t i = 0; i < e->n; i++) {
			const struct events_entry *x = &e->ring[(e->head + i) % EVENTS_RING];
			if (x->id <= cur->last_id)
				continue;
			cur->last_id = x->id; /* seen, whether this stream may tell of it or not */
			if (!cursor_sees(cur, x))
				continue;
			len = put(cap, snprintf(out, cap,
						"event: flag\ndata: {\"id\":%lld,\"site\":\"%s\",\"kind\":\"%s\"}\n\n",
						(long long)x->id, x->site, x->kind));
			if (len)
				goto done;
		}
		if (cur->last_change != e->change) {
			cur->last_change = e->change;
			len = put(cap, snprintf(out, cap, "event: change\ndata: {}\n\n"));
			if (len)
				goto done;
		}
		if (pthread_cond_timedwait(&e->news, &e->mu, &at) == ETIMEDOUT) {
			if (!e->stop)
				len = put(cap, snprintf(out, cap, ": ping\n\n"));
			break;
		}
	}
done:
	if (--e->waiters == 0 && e->stop)
		pthread_cond_broadcast(&e->gone);
	pthread_mutex_unlock(&e->mu);
	return len;
}
