/* SPDX-License-Identifier: MIT
 * test_events.c — the live updates' watcher over a real database file: a flag opened through the
 * store (by another connection, as the aggregator does) reaches a waiting stream within seconds as
 * an SSE "flag" event naming its id, site and kind; a stream of another site is not told of it, nor
 * one of a head of another site; flags stored before the stream began are not news; a poke is a
 * "change"; a quiet wait ends in a ping at its deadline; and stopping the watcher makes a waiting
 * stream end promptly. */
#include "events.h"
#include "flags.h"
#include "hl.h"
#include "store.h"
#include "store_flags.h"
#include "store_users.h"
#include "web.h"
#include "web_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define T0 1780000000
#define VN 25200

struct fixture {
	char dir[64], db[96];
	struct store *s; /* the writer's connection (the aggregator's, in real life) */
	struct events *ev;
	int64_t before; /* a flag stored before the watcher started */
};

static int64_t open_flag(struct store *s, int kind, const char *site, const char *subject, int64_t at)
{
	return web_fixture_flag(s, kind, FLAG_SUBJ_COUNTER, site, subject, "{\"rule\":\"test\"}", at, "test flag at %s",
				subject);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char why[256];

	assert_non_null(f);
	web_fixture_tmpdb("events", f->dir, sizeof f->dir, f->db, sizeof f->db);
	assert_int_equal(store_open(f->db, VN, &f->s, why, sizeof why), HL_OK);
	f->before = open_flag(f->s, FLAG_SERIOUS, "sct-bentre", "q00", T0);
	assert_int_equal(events_start(f->db, VN, &f->ev, why, sizeof why), HL_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	events_stop(f->ev);
	store_close(f->s);
	web_fixture_rmdb(f->dir, f->db);
	free(f);
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The next message that is not a ping, within ms; "" when only pings came. */
static void next_news(struct events *ev, struct events_cursor *cur, int ms, char *out, size_t cap)
{
	int64_t end = now_ms() + ms;

	out[0] = '\0';
	while (now_ms() < end) {
		int left = (int)(end - now_ms());
		size_t n = events_next(ev, cur, left > 0 ? left : 1, out, cap);
		assert_true(n > 0);
		assert_int_equal(strlen(out), n);
		if (strncmp(out, ": ping", 6) != 0)
			return;
		out[0] = '\0';
	}
}

static const struct store_user admin = { .name = "quantri", .role = ROLE_ADMIN };
static const struct store_user head_tv = {
	.name = "lanhdao", .role = ROLE_HEAD, .sites = { "sct-travinh" }, .nsites = 1
};

static void a_new_flag_reaches_a_waiting_stream(void **state)
{
	struct fixture *f = *state;
	struct web_ctx c = { .user = &admin };
	struct events_cursor cur;
	char out[256], want[200];
	int64_t t, id;

	events_cursor_init(f->ev, &cur, &c, "");
	assert_int_equal(cur.nsites, 0); /* the admin: every site */
	/* The flag stored before is not news. */
	size_t n = events_next(f->ev, &cur, 1500, out, sizeof out);
	assert_true(n > 0);
	assert_string_equal(out, ": ping\n\n");

	id = open_flag(f->s, FLAG_BURST, "sct-bentre", "q05", T0 + 10);
	t = now_ms();
	next_news(f->ev, &cur, 3000, out, sizeof out);
	snprintf(want, sizeof want, "event: flag\ndata: {\"id\":%lld,\"site\":\"sct-bentre\",\"kind\":\"burst\"}\n\n",
		 (long long)id);
	assert_string_equal(out, want);
	assert_true(now_ms() - t < 3000);
	assert_int_equal(cur.last_id, id);
	(void)f->before;
}

static void another_sites_stream_is_not_told(void **state)
{
	struct fixture *f = *state;
	struct web_ctx ca = { .user = &admin }, ch = { .user = &head_tv };
	struct events_cursor other, head, mine;
	char out[256];
	int64_t id;

	events_cursor_init(f->ev, &other, &ca, "sct-travinh"); /* a page of one other site */
	events_cursor_init(f->ev, &head, &ch, "");             /* a head of the other site, all theirs */
	events_cursor_init(f->ev, &mine, &ca, "sct-bentre");
	assert_int_equal(head.nsites, 1);
	assert_string_equal(head.sites[0], "sct-travinh");

	id = open_flag(f->s, FLAG_SERIOUS, "sct-bentre", "q07", T0 + 20);
	next_news(f->ev, &mine, 3000, out, sizeof out);
	assert_non_null(strstr(out, "event: flag"));
	assert_non_null(strstr(out, "\"site\":\"sct-bentre\""));
	assert_non_null(strstr(out, "\"kind\":\"serious\""));

	next_news(f->ev, &other, 1200, out, sizeof out);
	assert_string_equal(out, "");
	next_news(f->ev, &head, 200, out, sizeof out);
	assert_string_equal(out, "");
	/* They moved past it all the same. */
	assert_int_equal(other.last_id, id);
	assert_int_equal(head.last_id, id);

	/* The head's own site's flag does reach them. */
	id = open_flag(f->s, FLAG_STUFFING, "sct-travinh", "q01", T0 + 30);
	next_news(f->ev, &head, 3000, out, sizeof out);
	assert_non_null(strstr(out, "\"site\":\"sct-travinh\""));
	assert_non_null(strstr(out, "\"kind\":\"stuffing\""));
}

static void nobody_sees_nothing(void **state)
{
	struct fixture *f = *state;
	struct web_ctx none = { .user = NULL };
	struct events_cursor cur;
	char out[256];

	events_cursor_init(f->ev, &cur, &none, "");
	assert_true(cur.nsites == 1); /* not "every site" */
	open_flag(f->s, FLAG_SERIOUS, "sct-bentre", "q08", T0 + 40);
	next_news(f->ev, &cur, 1800, out, sizeof out);
	assert_string_equal(out, "");
}

static void a_poke_is_a_change(void **state)
{
	struct fixture *f = *state;
	struct web_ctx c = { .user = &head_tv };
	struct events_cursor cur;
	char out[256];
	int64_t t;

	events_cursor_init(f->ev, &cur, &c, "");
	events_poke(f->ev);
	events_poke(NULL); /* safe */
	t = now_ms();
	assert_true(events_next(f->ev, &cur, 3000, out, sizeof out) > 0);
	assert_string_equal(out, "event: change\ndata: {}\n\n");
	assert_true(now_ms() - t < 500);
	/* Told once. */
	assert_true(events_next(f->ev, &cur, 300, out, sizeof out) > 0);
	assert_string_equal(out, ": ping\n\n");
}

struct waiter {
	struct events *ev;
	struct events_cursor cur;
	size_t n;
	int64_t ended;
};

static void *wait_long(void *arg)
{
	struct waiter *w = arg;
	char out[256];

	/* Pings may come first; a stop ends the loop with 0. */
	do
		w->n = events_next(w->ev, &w->cur, 15000, out, sizeof out);
	while (w->n > 0 && strncmp(out, ": ping", 6) == 0);
	w->ended = now_ms();
	return NULL;
}

static void stop_ends_a_waiting_stream_promptly(void **state)
{
	struct fixture *f = *state;
	struct web_ctx c = { .user = &admin };
	struct waiter w = { .ev = f->ev };
	pthread_t th;
	int64_t t;

	events_cursor_init(f->ev, &w.cur, &c, "");
	assert_int_equal(pthread_create(&th, NULL, wait_long, &w), 0);
	usleep(200 * 1000);
	t = now_ms();
	events_stop(f->ev);
	f->ev = NULL;
	pthread_join(th, NULL);
	assert_int_equal(w.n, 0);
	assert_true(w.ended - t < 1000);
	assert_true(now_ms() - t < 2500); /* the watcher's thread joined within its second */
}

static void the_global_and_bad_starts(void **state)
{
	struct fixture *f = *state;
	struct events *ev = NULL;
	char why[256] = "";

	assert_null(events_global());
	events_set_global(f->ev);
	assert_ptr_equal(events_global(), f->ev);
	events_stop(f->ev); /* clears the global it is */
	f->ev = NULL;
	assert_null(events_global());
	events_stop(NULL);

	assert_int_not_equal(events_start("/nonexistent-dir/x/hl.db", VN, &ev, why, sizeof why), HL_OK);
	assert_null(ev);
	assert_true(why[0] != '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_new_flag_reaches_a_waiting_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(another_sites_stream_is_not_told, setup, teardown),
		cmocka_unit_test_setup_teardown(nobody_sees_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(a_poke_is_a_change, setup, teardown),
		cmocka_unit_test_setup_teardown(stop_ends_a_waiting_stream_promptly, setup, teardown),
		cmocka_unit_test_setup_teardown(the_global_and_bad_starts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
