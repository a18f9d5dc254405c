/* SPDX-License-Identifier: MIT
 * Unit tests of the delivery queue (results/store_delivery.c) on a real in-memory SQLite store: a
 * (topic, recipient) is queued once however often it is planned; a delivered row is never due
 * again; a failed one comes back when the backoff says, a permanent failure and an expiry end it,
 * each attempt with a log row; the notifier's 'since' is set once, and flags opened before it are
 * not planned; a flag is marked planned in the same transaction as its deliveries, or not at all. */
#include "backoff.h"
#include "flags.h"
#include "hl.h"
#include "message.h"
#include "store.h"
#include "store_delivery.h"
#include "store_flags.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1780000000
#define VN_OFFSET 25200

static int setup(void **state)
{
	struct store *s = NULL;
	char err[256] = "";

	if (store_open(":memory:", VN_OFFSET, &s, err, sizeof err) != HL_OK)
		fail_msg("store_open: %s", err);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	return 0;
}

static struct message msg(const char *topic, const char *recipient, int64_t due)
{
	struct message m;

	memset(&m, 0, sizeof m);
	snprintf(m.topic, sizeof m.topic, "%s", topic);
	snprintf(m.recipient, sizeof m.recipient, "%s", recipient);
	m.channel = MESSAGE_MAIL;
	strcpy(m.address, "lanhdao@so-tp.gov.vn");
	strcpy(m.site, "sct-bentre");
	strcpy(m.subject, "Cảnh báo: Nghiêm trọng");
	m.body = "Nội dung";
	m.due = due;
	m.expires = due + 72 * 3600;
	return m;
}

static int count_rows(void *ud, const struct store_delivery_row *r)
{
	(void)r;
	(*(int *)ud)++;
	return 0;
}

static int count_list(struct store *s, int status)
{
	int n = 0;

	assert_int_equal(store_delivery_list(s, status, 0, count_rows, &n), HL_OK);
	return n;
}

struct logs {
	int n, ok;
	int last_attempt;
	char last[DELIVERY_ERROR_MAX];
};

static int take_log(void *ud, const struct store_delivery_log *l)
{
	struct logs *g = ud;

	g->n++;
	g->ok += l->ok;
	g->last_attempt = l->attempt;
	snprintf(g->last, sizeof g->last, "%s", l->detail);
	return 0;
}

static struct logs logs_of(struct store *s, int64_t id)
{
	struct logs g = { 0 };

	assert_int_equal(store_delivery_log_list(s, id, take_log, &g), HL_OK);
	return g;
}

/* The due deliveries at now: how many, the first's id into *id. */
static size_t due(struct store *s, int64_t now, int64_t *id)
{
	struct delivery *v;
	size_t n;

	assert_int_equal(store_delivery_due(s, now, 100, &v, &n), HL_OK);
	if (id)
		*id = n ? v[0].id : 0;
	store_delivery_free(v, n);
	return n;
}

static void queued_once_per_topic_and_recipient(void **state)
{
	struct store *s = *state;
	struct message m = msg("flag:1", "user:lanhdao", T0);
	bool added, yes;

	assert_int_equal(store_delivery_add(s, &m, T0, &added), HL_OK);
	assert_true(added);
	assert_int_equal(store_delivery_add(s, &m, T0 + 5, &added), HL_OK);
	assert_false(added);
	assert_int_equal(store_delivery_has(s, "flag:1", "user:lanhdao", &yes), HL_OK);
	assert_true(yes);
	assert_int_equal(store_delivery_has(s, "flag:1", "user:other", &yes), HL_OK);
	assert_false(yes);
	struct message m2 = msg("flag:1", "hook:zalo", T0);
	assert_int_equal(store_delivery_add(s, &m2, T0, &added), HL_OK);
	assert_true(added);
	assert_int_equal(count_list(s, -1), 2);
	/* An empty address is refused, nothing kept. */
	struct message bad = msg("flag:2", "user:x", T0);
	bad.address[0] = '\0';
	assert_int_equal(store_delivery_add(s, &bad, T0, &added), HL_ERR_INVALID);
	assert_int_equal(count_list(s, -1), 2);
}

static void delivered_row_is_never_due_again(void **state)
{
	struct store *s = *state;
	struct message m = msg("report:weekly:2026-W48", "user:lanhdao", T0 + 60);
	unsigned char html[] = "<p>báo cáo</p>";
	int64_t id;
	bool added;

	strcpy(m.parts[0].name, "bao-cao.html");
	strcpy(m.parts[0].mime, "text/html; charset=utf-8");
	m.parts[0].bytes = html;
	m.parts[0].len = sizeof html - 1;
	m.nparts = 1;
	assert_int_equal(store_delivery_add(s, &m, T0, &added), HL_OK);
	assert_int_equal(due(s, T0 + 59, NULL), 0); /* not before it is due */
	struct delivery *v;
	size_t n;
	assert_int_equal(store_delivery_due(s, T0 + 60, 10, &v, &n), HL_OK);
	assert_int_equal(n, 1);
	id = v[0].id;
	assert_string_equal(v[0].m.topic, "report:weekly:2026-W48");
	assert_string_equal(v[0].m.body, "Nội dung");
	assert_int_equal(v[0].m.nparts, 1);
	assert_int_equal(v[0].m.parts[0].len, sizeof html - 1);
	assert_memory_equal(v[0].m.parts[0].bytes, html, sizeof html - 1);
	assert_string_equal(v[0].m.parts[0].mime, "text/html; charset=utf-8");
	store_delivery_free(v, n);

	assert_int_equal(store_delivery_sent(s, id, T0 + 61, "250 2.0.0 Ok: queued"), HL_OK);
	assert_int_equal(due(s, T0 + 10 * 86400, NULL), 0);
	assert_int_equal(store_delivery_sent(s, id, T0 + 62, "again"), HL_ERR_NOTFOUND);
	assert_int_equal(store_delivery_failed(s, id, T0 + 62, T0 + 90, false, "late"), HL_ERR_NOTFOUND);
	struct logs g = logs_of(s, id);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.ok, 1);
	assert_int_equal(g.last_attempt, 1);
	assert_string_equal(g.last, "250 2.0.0 Ok: queued");
	assert_int_equal(count_list(s, DELIVERY_SENT), 1);
	assert_int_equal(count_list(s, DELIVERY_WAITING), 0);
	/* Queued again (planned again after a restart): still once. */
	assert_int_equal(store_delivery_add(s, &m, T0 + 100, &added), HL_OK);
	assert_false(added);
	assert_int_equal(due(s, T0 + 10 * 86400, NULL), 0);
}

static void failed_comes_back_with_the_backoff_then_expires(void **state)
{
	struct store *s = *state;
	struct message m = msg("flag:3", "user:lanhdao", T0);
	struct backoff b = { 30, 3600 };
	int64_t id, now = T0;
	bool added;

	assert_int_equal(store_delivery_add(s, &m, T0, &added), HL_OK);
	assert_int_equal(due(s, now, &id), 1);
	for (int attempt = 1; attempt <= 4; attempt++) {
		int64_t next = backoff_next(&b, attempt, now, 0);
		assert_int_equal(next - now, 30 << (attempt - 1)); /* 30, 60, 120, 240 s */
		assert_int_equal(store_delivery_failed(s, id, now, next, false, "Connection refused"), HL_OK);
		assert_int_equal(due(s, next - 1, NULL), 0);
		assert_int_equal(due(s, next, NULL), 1);
		now = next;
	}
	struct logs g = logs_of(s, id);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.ok, 0);
	assert_int_equal(g.last_attempt, 4);
	/* Expired at its time: no longer due, with a log row saying so. */
	size_t n;
	assert_int_equal(store_delivery_expire(s, m.expires - 1, &n), HL_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_delivery_expire(s, m.expires, &n), HL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(due(s, m.expires + 1, NULL), 0);
	assert_int_equal(count_list(s, DELIVERY_EXPIRED), 1);
	g = logs_of(s, id);
	assert_int_equal(g.n, 5);
	assert_non_null(strstr(g.last, "expired"));
	assert_int_equal(store_delivery_sent(s, id, m.expires + 2, "too late"), HL_ERR_NOTFOUND);
}

static void backoff_is_capped_with_bounded_jitter(void **state)
{
	struct backoff b = { 30, 3600 };

	(void)state;
	assert_int_equal(backoff_next(&b, 1, 0, 0), 30);
	assert_int_equal(backoff_next(&b, 8, 0, 0), 3600);
	assert_int_equal(backoff_next(&b, 40, 0, 0), 3600);
	for (uint32_t r = 0; r < 1000; r += 7) {
		int64_t t = backoff_next(&b, 8, 0, r);
		assert_true(t >= 3600 && t <= 3960);
	}
	assert_int_equal(backoff_expires(T0, 72), T0 + 72 * 3600);
	assert_false(backoff_expired(T0 + 10, T0 + 9));
	assert_true(backoff_expired(T0 + 10, T0 + 10));
	assert_true(backoff_http_permanent(404));
	assert_false(backoff_http_permanent(500));
	assert_false(backoff_http_permanent(429));
}

static void permanent_failure_ends_it(void **state)
{
	struct store *s = *state;
	struct message m = msg("flag:4", "hook:zalo", T0);
	int64_t id;
	bool added;

	m.channel = MESSAGE_HOOK;
	assert_int_equal(store_delivery_add(s, &m, T0, &added), HL_OK);
	assert_int_equal(due(s, T0, &id), 1);
	assert_int_equal(store_delivery_failed(s, id, T0, T0 + 30, true, "http: the receiver answered 404"), HL_OK);
	assert_int_equal(due(s, T0 + 86400, NULL), 0);
	assert_int_equal(count_list(s, DELIVERY_FAILED), 1);
}

static int64_t open_flag(struct store *s, int kind, const char *subject, int64_t at)
{
	struct flag_candidate c;
	int64_t id = 0;

	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.subject_type = FLAG_SUBJ_OFFICER;
	strcpy(c.site, "sct-bentre");
	snprintf(c.subject, sizeof c.subject, "%s", subject);
	strcpy(c.summary, "serious reason");
	strcpy(c.evidence, "{}");
	assert_int_equal(store_flags_open(s, &c, 1, at, &id), HL_OK);
	assert_true(id > 0);
	return id;
}

struct ids {
	int64_t v[16];
	int n;
};

static int take_id(void *ud, const struct store_flag *f)
{
	struct ids *x = ud;

	x->v[x->n++] = f->id;
	return 0;
}

static struct ids to_plan(struct store *s, int64_t since, int64_t before)
{
	struct ids x = { { 0 }, 0 };

	assert_int_equal(store_delivery_flags(s, since, before, 0, take_id, &x), HL_OK);
	return x;
}

static void since_is_set_once_and_old_flags_are_not_planned(void **state)
{
	struct store *s = *state;
	int64_t since, old = open_flag(s, FLAG_SERIOUS, "cb01", T0 - 86400 * 400);

	assert_int_equal(store_delivery_since(s, T0, &since), HL_OK);
	assert_int_equal(since, T0);
	assert_int_equal(store_delivery_since(s, T0 + 5000, &since), HL_OK);
	assert_int_equal(since, T0); /* the first run's, kept */
	int64_t fresh = open_flag(s, FLAG_SERIOUS, "cb02", T0 + 10);
	struct ids x = to_plan(s, since, T0 + 100);
	assert_int_equal(x.n, 1);
	assert_int_equal(x.v[0], fresh);
	assert_true(old != fresh);
	/* Held: not yet to plan before its cutoff. */
	assert_int_equal(to_plan(s, since, T0 + 10).n, 0);
}

static void planning_marks_the_flag_in_the_same_transaction(void **state)
{
	struct store *s = *state;
	int64_t flag = open_flag(s, FLAG_SERIOUS, "cb03", T0 + 20);
	struct message m[2] = { msg("flag:x", "user:a", T0 + 20), msg("flag:x", "hook:zalo", T0 + 20) };
	size_t added;

	snprintf(m[0].topic, sizeof m[0].topic, "flag:%lld", (long long)flag);
	snprintf(m[1].topic, sizeof m[1].topic, "flag:%lld", (long long)flag);
	/* The second is bad: neither delivery is kept, and the flag is still to plan. */
	m[1].address[0] = '\0';
	assert_int_equal(store_delivery_plan_flag(s, flag, m, 2, T0 + 21, &added), HL_ERR_INVALID);
	assert_int_equal(added, 0);
	assert_int_equal(count_list(s, -1), 0);
	assert_int_equal(to_plan(s, T0, T0 + 100).n, 1);
	/* Good: both kept and the flag planned. */
	strcpy(m[1].address, "https://bridge.example/hook");
	assert_int_equal(store_delivery_plan_flag(s, flag, m, 2, T0 + 22, &added), HL_OK);
	assert_int_equal(added, 2);
	assert_int_equal(count_list(s, -1), 2);
	assert_int_equal(to_plan(s, T0, T0 + 100).n, 0);
	/* Planned again anyway (a second notifier, say): nothing new. */
	assert_int_equal(store_delivery_plan_flag(s, flag, m, 2, T0 + 23, &added), HL_OK);
	assert_int_equal(added, 0);
	/* A flag nobody asked for is marked planned all the same. */
	int64_t quiet = open_flag(s, FLAG_SERIOUS, "cb04", T0 + 30);
	assert_int_equal(store_delivery_plan_flag(s, quiet, NULL, 0, T0 + 31, &added), HL_OK);
	assert_int_equal(to_plan(s, T0, T0 + 100).n, 0);
}

struct order {
	int64_t last;
	bool newest_first;
	int n;
};

static int check_order(void *ud, const struct store_delivery_row *r)
{
	struct order *o = ud;

	if (o->n++ && r->id > o->last)
		o->newest_first = false;
	o->last = r->id;
	return 0;
}

static void list_is_newest_first(void **state)
{
	struct store *s = *state;
	struct order o = { 0, true, 0 };
	bool added;

	for (int i = 0; i < 5; i++) {
		char topic[32];
		snprintf(topic, sizeof topic, "flag:%d", 100 + i);
		struct message m = msg(topic, "user:a", T0);
		assert_int_equal(store_delivery_add(s, &m, T0 + i, &added), HL_OK);
	}
	assert_int_equal(store_delivery_list(s, -1, 0, check_order, &o), HL_OK);
	assert_int_equal(o.n, 5);
	assert_true(o.newest_first);
	assert_int_equal(count_list(s, DELIVERY_WAITING), 5);
	assert_int_equal(delivery_status_parse("expired"), DELIVERY_EXPIRED);
	assert_int_equal(delivery_status_parse("nope"), -1);
	assert_string_equal(delivery_status_name(DELIVERY_FAILED), "failed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(queued_once_per_topic_and_recipient, setup, teardown),
		cmocka_unit_test_setup_teardown(delivered_row_is_never_due_again, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_comes_back_with_the_backoff_then_expires, setup, teardown),
		cmocka_unit_test(backoff_is_capped_with_bounded_jitter),
		cmocka_unit_test_setup_teardown(permanent_failure_ends_it, setup, teardown),
		cmocka_unit_test_setup_teardown(since_is_set_once_and_old_flags_are_not_planned, setup, teardown),
		cmocka_unit_test_setup_teardown(planning_marks_the_flag_in_the_same_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(list_is_newest_first, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
