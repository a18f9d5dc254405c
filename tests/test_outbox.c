/* SPDX-License-Identifier: MIT
 * test_outbox.c — the terminal's outbox and resend policy with a controlled clock: a new rating is
 * due at once; a published one is not due again until resend_ms has passed (checked one millisecond
 * before and exactly at it); outbox_next_due says when to wake; a reconnect makes everything due;
 * a receipt removes exactly the ratings it names and unknown ids change nothing; due ratings come
 * oldest first, at most max of them; a duplicate add is ignored; bodies are copies; 5 000 ratings
 * (a broker down for hours) survive removal of every other one by id, still in order. */
#include "hl.h"
#include "outbox.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define RESEND 30000 /* ms */
#define T0 1000000   /* an arbitrary monotonic clock reading, ms */

/* ---- helpers ----------------------------------------------------------------------------------- */

/* The n-th test id: a well-formed 36-character UUID text. */
static const char *id_of(unsigned n, char buf[HL_ID_LEN + 1])
{
	snprintf(buf, HL_ID_LEN + 1, "%08x-0000-4000-8000-%012x", n, n * 7919u);
	return buf;
}

static void body_of(unsigned n, char *buf, size_t cap)
{
	snprintf(buf, cap, "{\"id\":%u,\"note\":\"Hài lòng\"}", n);
}

static void add_n(struct outbox *o, unsigned from, unsigned to)
{
	for (unsigned n = from; n < to; n++) {
		char id[HL_ID_LEN + 1], body[64];
		body_of(n, body, sizeof body);
		assert_int_equal(outbox_add(o, id_of(n, id), body, strlen(body)), HL_OK);
	}
}

static struct outbox *new_outbox(void)
{
	struct outbox *o = outbox_new();

	assert_non_null(o);
	return o;
}

/* Asserts that exactly the ratings numbered want[0..n) are due at now, in that order. */
static void assert_due(const struct outbox *o, int64_t now, const unsigned *want, size_t n)
{
	const char *ids[64], *bodies[64];
	size_t lens[64], got;

	assert_true(n <= 64);
	got = outbox_due(o, now, RESEND, ids, bodies, lens, 64);
	assert_int_equal(got, n);
	for (size_t i = 0; i < n; i++) {
		char id[HL_ID_LEN + 1], body[64];
		body_of(want[i], body, sizeof body);
		assert_string_equal(ids[i], id_of(want[i], id));
		assert_int_equal(lens[i], strlen(body));
		assert_memory_equal(bodies[i], body, lens[i]);
		assert_int_equal(bodies[i][lens[i]], '\0');
	}
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void test_new_is_due_at_once(void **state)
{
	struct outbox *o = new_outbox();
	const unsigned all[] = { 0, 1, 2 };

	(void)state;
	assert_int_equal(outbox_count(o), 0);
	assert_int_equal(outbox_due(o, T0, RESEND, NULL, NULL, NULL, 10), 0);
	add_n(o, 0, 3);
	assert_int_equal(outbox_count(o), 3);
	assert_due(o, T0, all, 3);
	/* Due however early the clock reads: "never sent" has no time. */
	assert_due(o, 0, all, 3);
	assert_due(o, -T0, all, 3);
	outbox_free(o);
}

static void test_resend_after_timeout(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 1];
	const unsigned one[] = { 0 };

	(void)state;
	add_n(o, 0, 1);
	outbox_sent(o, id_of(0, id), T0);
	assert_due(o, T0, NULL, 0);
	assert_due(o, T0 + RESEND - 1, NULL, 0);
	assert_due(o, T0 + RESEND, one, 1);
	assert_due(o, T0 + RESEND + 1, one, 1);
	/* Published again: the timeout starts over from the new send. */
	outbox_sent(o, id, T0 + RESEND);
	assert_due(o, T0 + 2 * RESEND - 1, NULL, 0);
	assert_due(o, T0 + 2 * RESEND, one, 1);
	/* A shorter resend interval applies at once; a negative one counts as 0. */
	assert_int_equal(outbox_due(o, T0 + RESEND + 10, 10, NULL, NULL, NULL, 10), 1);
	assert_int_equal(outbox_due(o, T0 + RESEND + 9, 10, NULL, NULL, NULL, 10), 0);
	assert_int_equal(outbox_due(o, T0 + RESEND, -5, NULL, NULL, NULL, 10), 1);
	/* Sending an id the outbox does not hold changes nothing. */
	outbox_sent(o, id_of(99, id), T0);
	assert_int_equal(outbox_count(o), 1);
	outbox_free(o);
}

static void test_next_due(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 1];

	(void)state;
	assert_int_equal(outbox_next_due(o, RESEND), 0);
	add_n(o, 0, 3);
	/* Something never sent: due now, whatever now is. */
	assert_int_equal(outbox_next_due(o, RESEND), OUTBOX_DUE_NOW);
	assert_true(outbox_next_due(o, RESEND) <= -T0);
	outbox_sent(o, id_of(0, id), T0 + 500);
	outbox_sent(o, id_of(1, id), T0 + 100);
	assert_int_equal(outbox_next_due(o, RESEND), OUTBOX_DUE_NOW);
	outbox_sent(o, id_of(2, id), T0 + 300);
	/* All sent: the earliest send + RESEND. */
	assert_int_equal(outbox_next_due(o, RESEND), T0 + 100 + RESEND);
	assert_int_equal(outbox_next_due(o, 50), T0 + 150);
	/* Waking then finds exactly that one due. */
	assert_int_equal(outbox_due(o, T0 + 100 + RESEND - 1, RESEND, NULL, NULL, NULL, 10), 0);
	assert_int_equal(outbox_due(o, T0 + 100 + RESEND, RESEND, NULL, NULL, NULL, 10), 1);
	/* Its receipt arrives: the next one is the next earliest. */
	assert_true(outbox_remove(o, id_of(1, id)));
	assert_int_equal(outbox_next_due(o, RESEND), T0 + 300 + RESEND);
	/* Overdue stays in the past rather than moving with the clock. */
	assert_true(outbox_next_due(o, RESEND) <= T0 + 10 * RESEND);
	/* A new rating makes something due now again. */
	add_n(o, 3, 4);
	assert_int_equal(outbox_next_due(o, RESEND), OUTBOX_DUE_NOW);
	/* A true 0 would read as "empty": it is reported as 1. */
	assert_true(outbox_remove(o, id_of(3, id)));
	outbox_sent(o, id_of(0, id), -RESEND);
	outbox_sent(o, id_of(2, id), 0);
	assert_int_equal(outbox_next_due(o, RESEND), 1);
	assert_true(outbox_remove(o, id_of(0, id)));
	assert_true(outbox_remove(o, id_of(2, id)));
	assert_int_equal(outbox_next_due(o, RESEND), 0);
	outbox_free(o);
}

static void test_reset_after_reconnect(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 1];
	const unsigned all[] = { 0, 1, 2, 3 };

	(void)state;
	add_n(o, 0, 4);
	for (unsigned n = 0; n < 4; n++)
		outbox_sent(o, id_of(n, id), T0 + n);
	assert_due(o, T0 + 10, NULL, 0);
	outbox_reset(o);
	assert_due(o, T0 + 10, all, 4);
	assert_int_equal(outbox_next_due(o, RESEND), OUTBOX_DUE_NOW);
	/* Resent after the reconnect: the timeout runs from the resend. */
	for (unsigned n = 0; n < 4; n++)
		outbox_sent(o, id_of(n, id), T0 + 20);
	assert_due(o, T0 + 20 + RESEND - 1, NULL, 0);
	assert_due(o, T0 + 20 + RESEND, all, 4);
	outbox_reset(o);
	outbox_reset(o);
	assert_int_equal(outbox_count(o), 4);
	outbox_free(o);
}

static void test_receipts(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 1];
	const unsigned rest[] = { 0, 2 };

	(void)state;
	assert_false(outbox_remove(o, id_of(1, id)));
	add_n(o, 0, 3);
	assert_false(outbox_remove(o, id_of(7, id)));
	assert_false(outbox_remove(o, "not-a-uuid"));
	assert_false(outbox_remove(o, ""));
	assert_false(outbox_remove(o, NULL));
	/* A receipt names ids in lowercase, as uuid_new makes them; ids compare byte for byte. */
	assert_false(outbox_remove(o, "00000001-0000-4000-8000-000000001EEF"));
	assert_int_equal(outbox_count(o), 3);
	assert_true(outbox_remove(o, id_of(1, id)));
	assert_false(outbox_remove(o, id_of(1, id)));
	assert_int_equal(outbox_count(o), 2);
	assert_due(o, T0, rest, 2);
	/* A receipt may come for a rating sent long ago or not yet due again: removal ignores time. */
	outbox_sent(o, id_of(0, id), T0);
	assert_true(outbox_remove(o, id_of(0, id)));
	assert_true(outbox_remove(o, id_of(2, id)));
	assert_int_equal(outbox_count(o), 0);
	assert_due(o, T0, NULL, 0);
	/* A removed id may be added again (the spool refilled it after a restart). */
	add_n(o, 1, 2);
	assert_int_equal(outbox_count(o), 1);
	outbox_free(o);
}

static void test_oldest_first(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 1];
	const unsigned unsent[] = { 0, 2, 4 }, all[] = { 0, 1, 2, 3, 4 }, late[] = { 0, 1, 2, 4, 5 };

	(void)state;
	add_n(o, 0, 5);
	outbox_sent(o, id_of(3, id), T0);
	outbox_sent(o, id_of(1, id), T0);
	assert_due(o, T0 + 1, unsent, 3);
	assert_due(o, T0 + RESEND, all, 5);
	/* A newer rating comes after all older ones, whatever their send times. */
	outbox_sent(o, id_of(3, id), T0 + RESEND);
	add_n(o, 5, 6);
	assert_due(o, T0 + RESEND, late, 5);
	outbox_free(o);
}

static void test_max(void **state)
{
	struct outbox *o = new_outbox();
	const char *ids[10] = { NULL };
	char id[HL_ID_LEN + 1];
	const unsigned next[] = { 4, 5, 6, 7, 8, 9 };

	(void)state;
	add_n(o, 0, 10);
	assert_int_equal(outbox_due(o, T0, RESEND, ids, NULL, NULL, 4), 4);
	for (unsigned n = 0; n < 4; n++)
		assert_string_equal(ids[n], id_of(n, id));
	assert_null(ids[4]); /* nothing written past max */
	assert_int_equal(outbox_due(o, T0, RESEND, NULL, NULL, NULL, 0), 0);
	assert_int_equal(outbox_due(o, T0, RESEND, ids, NULL, NULL, 1), 1);
	assert_string_equal(ids[0], id_of(0, id));
	/* The usual loop: publish a batch, record it, the next call gives the next batch. */
	for (unsigned n = 0; n < 4; n++)
		outbox_sent(o, id_of(n, id), T0);
	assert_due(o, T0, next, 6);
	outbox_free(o);
}

static void test_duplicate_ignored(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 1];
	const char *bodies[2];
	size_t lens[2];

	(void)state;
	id_of(42, id);
	assert_int_equal(outbox_add(o, id, "first", 5), HL_OK);
	outbox_sent(o, id, T0);
	assert_int_equal(outbox_add(o, id, "second", 6), HL_OK);
	assert_int_equal(outbox_count(o), 1);
	/* Neither the body nor the send time changed: still not due. */
	assert_int_equal(outbox_due(o, T0 + 1, RESEND, NULL, NULL, NULL, 2), 0);
	assert_int_equal(outbox_due(o, T0 + RESEND, RESEND, NULL, bodies, lens, 2), 1);
	assert_int_equal(lens[0], 5);
	assert_string_equal(bodies[0], "first");
	outbox_free(o);
}

static void test_bodies_copied(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 1], body[] = "{\"a\":1}XYZ";
	const char *ids[2], *bodies[2];
	size_t lens[2];

	(void)state;
	/* len bytes only, not the whole string. */
	assert_int_equal(outbox_add(o, id_of(1, id), body, 7), HL_OK);
	memset(body, 'x', sizeof body - 1);
	memset(id, '0', HL_ID_LEN);
	assert_int_equal(outbox_add(o, id_of(2, id), NULL, 0), HL_OK);
	assert_int_equal(outbox_due(o, T0, RESEND, ids, bodies, lens, 2), 2);
	assert_string_equal(ids[0], id_of(1, id));
	assert_int_equal(lens[0], 7);
	assert_string_equal(bodies[0], "{\"a\":1}");
	assert_int_equal(lens[1], 0);
	assert_string_equal(bodies[1], "");
	/* Borrowed strings survive sends, resets and other additions. */
	outbox_sent(o, id_of(1, id), T0);
	outbox_reset(o);
	add_n(o, 100, 200);
	assert_string_equal(bodies[0], "{\"a\":1}");
	assert_string_equal(ids[0], id_of(1, id));
	outbox_free(o);
}

static void test_invalid_ids(void **state)
{
	struct outbox *o = new_outbox();
	char id[HL_ID_LEN + 2];

	(void)state;
	assert_int_equal(outbox_add(o, NULL, "x", 1), HL_ERR_INVALID);
	assert_int_equal(outbox_add(o, "", "x", 1), HL_ERR_INVALID);
	assert_int_equal(outbox_add(o, "0000", "x", 1), HL_ERR_INVALID);
	id_of(1, id);
	strcat(id, "0");
	assert_int_equal(outbox_add(o, id, "x", 1), HL_ERR_INVALID); /* 37 characters */
	id_of(1, id);
	assert_int_equal(outbox_add(o, id, NULL, 1), HL_ERR_INVALID);
	assert_int_equal(outbox_count(o), 0);
	assert_int_equal(outbox_next_due(o, RESEND), 0);
	outbox_free(o);
}

static void test_thousands(void **state)
{
	enum { N = 5000 };
	struct outbox *o = new_outbox();
	static const char *ids[N], *bodies[N];
	static size_t lens[N];
	char id[HL_ID_LEN + 1], body[64];
	size_t n;

	(void)state;
	add_n(o, 0, N);
	assert_int_equal(outbox_count(o), N);
	for (unsigned i = 0; i < N; i += 2)
		assert_true(outbox_remove(o, id_of(i, id)));
	for (unsigned i = 0; i < N; i += 2)
		assert_false(outbox_remove(o, id_of(i, id)));
	assert_int_equal(outbox_count(o), N / 2);
	n = outbox_due(o, T0, RESEND, ids, bodies, lens, N);
	assert_int_equal(n, N / 2);
	for (size_t k = 0; k < n; k++) {
		unsigned want = (unsigned)(2 * k + 1);
		body_of(want, body, sizeof body);
		assert_string_equal(ids[k], id_of(want, id));
		assert_int_equal(lens[k], strlen(body));
		assert_string_equal(bodies[k], body);
	}
	/* Send half of the rest: only the others are due until the timeout. */
	for (unsigned i = 1; i < N; i += 4)
		outbox_sent(o, id_of(i, id), T0);
	assert_int_equal(outbox_due(o, T0 + 1, RESEND, NULL, NULL, NULL, N), N / 4);
	assert_int_equal(outbox_due(o, T0 + RESEND, RESEND, NULL, NULL, NULL, N), N / 2);
	/* Every id still found after all that probing, then the outbox empties. */
	for (unsigned i = 1; i < N; i += 2)
		assert_true(outbox_remove(o, id_of(i, id)));
	assert_int_equal(outbox_count(o), 0);
	assert_int_equal(outbox_next_due(o, RESEND), 0);
	assert_int_equal(outbox_due(o, T0, RESEND, ids, NULL, NULL, N), 0);
	/* And it fills again. */
	add_n(o, 0, N);
	assert_int_equal(outbox_due(o, T0, RESEND, ids, NULL, NULL, N), N);
	assert_string_equal(ids[N - 1], id_of(N - 1, id));
	outbox_free(o);
}

static void test_free_null(void **state)
{
	(void)state;
	outbox_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_is_due_at_once),
		cmocka_unit_test(test_resend_after_timeout),
		cmocka_unit_test(test_next_due),
		cmocka_unit_test(test_reset_after_reconnect),
		cmocka_unit_test(test_receipts),
		cmocka_unit_test(test_oldest_first),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_duplicate_ignored),
		cmocka_unit_test(test_bodies_copied),
		cmocka_unit_test(test_invalid_ids),
		cmocka_unit_test(test_thousands),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
