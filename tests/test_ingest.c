/* SPDX-License-Identifier: MIT
 * test_ingest.c — the aggregator's pure ingest core: valid rating messages become ratings, anything
 * else becomes a reject that borrows the message and says why; batches grow past their first
 * allocation and can be cleared and reused; receipts carry each stored id exactly once, grouped per
 * site/counter in arrival order, in chunks of at most WIRE_RECEIPT_MAX_IDS, and a callback's error
 * stops the walk; the clock rule believes a synchronised terminal within its window only. */
#include "hl.h"
#include "ingest.h"
#include "survey.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOPIC "hailong/v1/sct-bentre/q05/rating"

/* A valid rating whose id is derived from seq, so every seq gives a distinct id. */
static struct rating make(unsigned seq, const char *site, const char *counter)
{
	struct rating r = { .scale = 5, .ts = 1780000000 + seq, .clock_ok = true };

	snprintf(r.id, sizeof r.id, "0d9f8e0c-4a7b-4c55-9a57-%012x", seq);
	snprintf(r.site, sizeof r.site, "%s", site);
	snprintf(r.counter, sizeof r.counter, "%s", counter);
	snprintf(r.officer, sizeof r.officer, "cb%04u", seq % 7);
	snprintf(r.procedure, sizeof r.procedure, "1.%06u", seq % 3);
	r.answers[SURVEY_Q_OFFICER] = 1 + (int)(seq % 5);
	r.answers[SURVEY_Q_PROCEDURE] = (int)(seq % 6); /* 0: not answered */
	r.reasons = seq % 4 == 0 ? 1u << SURVEY_R_TRE_HEN : 0;
	return r;
}

struct msg {
	char topic[128];
	char body[HL_BODY_MAX + 16];
	size_t len;
};

static void encode(struct msg *m, const struct rating *r)
{
	snprintf(m->topic, sizeof m->topic, "hailong/v1/%s/%s/rating", r->site, r->counter);
	assert_int_equal(wire_rating_encode(r, m->body, sizeof m->body, &m->len), HL_OK);
}

static void assert_same_rating(const struct rating *a, const struct rating *b)
{
	assert_string_equal(a->id, b->id);
	assert_string_equal(a->site, b->site);
	assert_string_equal(a->counter, b->counter);
	assert_string_equal(a->officer, b->officer);
	assert_string_equal(a->procedure, b->procedure);
	assert_int_equal(a->scale, b->scale);
	assert_int_equal(a->answers[0], b->answers[0]);
	assert_int_equal(a->answers[1], b->answers[1]);
	assert_int_equal(a->reasons, b->reasons);
	assert_int_equal(a->ts, b->ts);
	assert_int_equal(a->clock_ok, b->clock_ok);
}

/* ---- ingest_add -------------------------------------------------------------------------------- */

static void test_add_valid(void **state)
{
	struct ingest_batch b;
	struct msg m;
	const struct rating r = make(1, "sct-bentre", "q05");

	(void)state;
	ingest_batch_init(&b);
	encode(&m, &r);
	assert_string_equal(m.topic, TOPIC);
	assert_int_equal(ingest_add(&b, m.topic, m.body, m.len), HL_OK);
	assert_int_equal(b.nratings, 1);
	assert_int_equal(b.nrejects, 0);
	assert_same_rating(&b.ratings[0], &r);
	ingest_batch_free(&b);
}

static void expect_reject(struct ingest_batch *b, const char *topic, const void *payload, size_t len,
			  const char *why_has)
{
	size_t nratings = b->nratings, nrejects = b->nrejects;

	assert_int_equal(ingest_add(b, topic, payload, len), HL_OK);
	assert_int_equal(b->nratings, nratings);
	assert_int_equal(b->nrejects, nrejects + 1);
	const struct ingest_reject *j = &b->rejects[nrejects];
	assert_ptr_equal(j->topic, topic);
	assert_ptr_equal(j->payload, payload);
	assert_int_equal(j->len, len);
	assert_true(strlen(j->why) > 0);
	assert_true(strlen(j->why) < sizeof j->why);
	if (!strstr(j->why, why_has))
		fail_msg("reason \"%s\" does not mention \"%s\"", j->why, why_has);
}

static void test_add_invalid(void **state)
{
	struct ingest_batch b;
	struct msg good, other;
	const struct rating r = make(2, "sct-bentre", "q05");
	static const char junk[] = "{\"v\":1,";
	static const char unknown[] = "{\"v\":1,\"name\":\"Nguyen Van A\"}";
	static char big[HL_BODY_MAX + 1];

	(void)state;
	ingest_batch_init(&b);
	encode(&good, &r);
	expect_reject(&b, TOPIC, junk, strlen(junk), "malformed");
	expect_reject(&b, TOPIC, unknown, strlen(unknown), "unknown field");
	expect_reject(&b, TOPIC, good.body, 0, "empty");
	memset(big, ' ', sizeof big);
	expect_reject(&b, TOPIC, big, sizeof big, "too large");
	/* A terminal cannot speak for another counter or site. */
	expect_reject(&b, "hailong/v1/sct-bentre/q06/rating", good.body, good.len, "does not match");
	expect_reject(&b, "hailong/v1/sxd/q05/rating", good.body, good.len, "does not match");
	/* Not a rating topic. */
	expect_reject(&b, "hailong/v1/sct-bentre/q05/status", good.body, good.len, "topic");
	expect_reject(&b, "bad/topic", good.body, good.len, "topic");
	/* A rating that breaks a rule: the level is above the scale. */
	struct rating bad = make(3, "sct-bentre", "q05");
	bad.scale = 3;
	bad.answers[SURVEY_Q_OFFICER] = 3;
	encode(&other, &bad);
	char *at = strstr(other.body, "\"officer\":3");
	assert_non_null(at);
	at[10] = '5';
	expect_reject(&b, TOPIC, other.body, other.len, "answer level");
	assert_int_equal(b.nrejects, 9);

	/* The valid message still goes through after all those. */
	assert_int_equal(ingest_add(&b, good.topic, good.body, good.len), HL_OK);
	assert_int_equal(b.nratings, 1);
	assert_same_rating(&b.ratings[0], &r);
	ingest_batch_free(&b);
}

static void test_growth_and_order(void **state)
{
	enum { N = 300 };
	struct msg *m = calloc(N, sizeof *m);
	struct ingest_batch b;
	static const char junk[] = "not json";
	size_t want_ratings = 0, want_rejects = 0;

	(void)state;
	assert_non_null(m);
	ingest_batch_init(&b);
	for (unsigned i = 0; i < N; i++) {
		if (i % 3 == 2) {
			assert_int_equal(ingest_add(&b, TOPIC, junk, strlen(junk)), HL_OK);
			want_rejects++;
		} else {
			struct rating r = make(i, "sct-bentre", "q05");
			encode(&m[i], &r);
			assert_int_equal(ingest_add(&b, m[i].topic, m[i].body, m[i].len), HL_OK);
			want_ratings++;
		}
		assert_int_equal(b.nratings, want_ratings);
		assert_int_equal(b.nrejects, want_rejects);
	}
	assert_true(want_ratings > 64 && want_rejects > 64);
	assert_true(b.cap_ratings >= b.nratings);
	assert_true(b.cap_rejects >= b.nrejects);
	/* Arrival order is kept, and every rating survived the reallocations intact. */
	for (unsigned i = 0, k = 0; i < N; i++) {
		if (i % 3 == 2)
			continue;
		struct rating r = make(i, "sct-bentre", "q05");
		assert_same_rating(&b.ratings[k++], &r);
	}
	for (size_t k = 0; k < b.nrejects; k++) {
		assert_ptr_equal(b.rejects[k].payload, junk);
		assert_string_equal(b.rejects[k].topic, TOPIC);
	}

	/* Cleared, the batch is empty and takes new messages from the start. */
	ingest_batch_clear(&b);
	assert_int_equal(b.nratings, 0);
	assert_int_equal(b.nrejects, 0);
	assert_int_equal(ingest_add(&b, m[0].topic, m[0].body, m[0].len), HL_OK);
	assert_int_equal(b.nratings, 1);
	struct rating r0 = make(0, "sct-bentre", "q05");
	assert_same_rating(&b.ratings[0], &r0);

	ingest_batch_free(&b);
	assert_null(b.ratings);
	assert_null(b.rejects);
	assert_int_equal(b.nratings, 0);
	ingest_batch_free(&b); /* freeing twice is harmless */
	free(m);
}

/* ---- ingest_receipts --------------------------------------------------------------------------- */

struct receipt {
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1];
	size_t n;
	char (*ids)[HL_ID_LEN + 1];
};

struct calls {
	struct receipt r[64];
	size_t n;
	int stop_at; /* 1-based call that returns stop_code; 0: never */
	int stop_code;
};

static int on_receipt(void *ud, const char *site, const char *counter, const char (*ids)[HL_ID_LEN + 1],
		      size_t n)
{
	struct calls *c = ud;

	assert_true(c->n < 64);
	assert_true(n >= 1 && n <= WIRE_RECEIPT_MAX_IDS);
	struct receipt *r = &c->r[c->n++];
	snprintf(r->site, sizeof r->site, "%s", site);
	snprintf(r->counter, sizeof r->counter, "%s", counter);
	r->n = n;
	r->ids = malloc(n * sizeof *r->ids);
	assert_non_null(r->ids);
	memcpy(r->ids, ids, n * sizeof *ids);
	return c->stop_at && (int)c->n == c->stop_at ? c->stop_code : 0;
}

static void calls_free(struct calls *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->r[i].ids);
}

/* The ids the receipts carried for site/counter, in order, appended into out; their number. */
static size_t ids_for(const struct calls *c, const char *site, const char *counter,
		      char (*out)[HL_ID_LEN + 1])
{
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->r[i].site, site) == 0 && strcmp(c->r[i].counter, counter) == 0)
			for (size_t j = 0; j < c->r[i].n; j++)
				memcpy(out[k++], c->r[i].ids[j], sizeof out[0]);
	return k;
}

static void test_receipts_grouped(void **state)
{
	/* Two sites that both have a counter q05, interleaved arrivals. */
	static const char *const where[][2] = {
		{ "sct-bentre", "q05" }, { "sct-bentre", "q06" }, { "sxd", "q05" }, { "sct-bentre", "q05" },
		{ "sxd", "q05" }, { "sct-bentre", "q06" }, { "sct-bentre", "q05" }, { "sxd", "a01" },
		{ "sct-bentre", "q05" }, { "sxd", "q05" },
	};
	enum { N = sizeof where / sizeof where[0] };
	struct rating r[N];
	struct calls c = { .n = 0 };
	char got[N][HL_ID_LEN + 1];

	(void)state;
	for (unsigned i = 0; i < N; i++)
		r[i] = make(i, where[i][0], where[i][1]);
	assert_int_equal(ingest_receipts(r, N, on_receipt, &c), HL_OK);
	/* One receipt per site/counter, none empty. */
	assert_int_equal(c.n, 4);
	size_t total = 0;
	for (size_t i = 0; i < c.n; i++) {
		total += c.r[i].n;
		for (size_t j = 0; j < i; j++)
			assert_false(strcmp(c.r[i].site, c.r[j].site) == 0 &&
				     strcmp(c.r[i].counter, c.r[j].counter) == 0);
	}
	assert_int_equal(total, N);
	/* Each counter gets exactly its own ids, in arrival order. */
	for (int g = 0; g < 4; g++) {
		static const char *const groups[4][2] = {
			{ "sct-bentre", "q05" }, { "sct-bentre", "q06" }, { "sxd", "q05" }, { "sxd", "a01" },
		};
		size_t k = ids_for(&c, groups[g][0], groups[g][1], got), want = 0;
		for (unsigned i = 0; i < N; i++) {
			if (strcmp(where[i][0], groups[g][0]) || strcmp(where[i][1], groups[g][1]))
				continue;
			assert_true(want < k);
			assert_string_equal(got[want], r[i].id);
			want++;
		}
		assert_int_equal(k, want);
	}
	calls_free(&c);
}

/* The same counter code on two sites is two terminals: two receipts. */
static void test_receipts_same_counter_two_sites(void **state)
{
	struct rating r[4] = {
		make(0, "sxd", "q05"), make(1, "sct-bentre", "q05"), make(2, "sxd", "q05"),
		make(3, "sct-bentre", "q05"),
	};
	struct calls c = { .n = 0 };

	(void)state;
	assert_int_equal(ingest_receipts(r, 4, on_receipt, &c), HL_OK);
	assert_int_equal(c.n, 2);
	for (size_t i = 0; i < 2; i++) {
		bool sxd = strcmp(c.r[i].site, "sxd") == 0;
		assert_string_equal(c.r[i].counter, "q05");
		assert_int_equal(c.r[i].n, 2);
		assert_string_equal(c.r[i].ids[0], r[sxd ? 0 : 1].id);
		assert_string_equal(c.r[i].ids[1], r[sxd ? 2 : 3].id);
	}
	assert_string_not_equal(c.r[0].site, c.r[1].site);
	calls_free(&c);
}

static void check_chunks(size_t n, const size_t *sizes, size_t nsizes)
{
	struct rating *r = calloc(n, sizeof *r);
	struct calls c = { .n = 0 };

	assert_non_null(r);
	for (size_t i = 0; i < n; i++)
		r[i] = make((unsigned)i, "sct-bentre", "q05");
	assert_int_equal(ingest_receipts(r, n, on_receipt, &c), HL_OK);
	assert_int_equal(c.n, nsizes);
	for (size_t i = 0, k = 0; i < c.n; i++) {
		assert_int_equal(c.r[i].n, sizes[i]);
		assert_string_equal(c.r[i].site, "sct-bentre");
		assert_string_equal(c.r[i].counter, "q05");
		for (size_t j = 0; j < c.r[i].n; j++, k++)
			assert_string_equal(c.r[i].ids[j], r[k].id);
	}
	calls_free(&c);
	free(r);
}

static void test_receipts_chunks(void **state)
{
	(void)state;
	check_chunks(600, (const size_t[]){ 256, 256, 88 }, 3);
	check_chunks(256, (const size_t[]){ 256 }, 1);
	check_chunks(257, (const size_t[]){ 256, 1 }, 2);
	check_chunks(512, (const size_t[]){ 256, 256 }, 2);
	check_chunks(1, (const size_t[]){ 1 }, 1);
}

/* A full chunk of one counter must not swallow the next counter's ids. */
static void test_receipts_chunk_then_counter(void **state)
{
	enum { N = 300 };
	struct rating r[N];
	struct calls c = { .n = 0 };

	(void)state;
	for (unsigned i = 0; i < N; i++)
		r[i] = make(i, "sct-bentre", i < 256 ? "q05" : "q06");
	assert_int_equal(ingest_receipts(r, N, on_receipt, &c), HL_OK);
	assert_int_equal(c.n, 2);
	for (size_t i = 0; i < c.n; i++) {
		bool q05 = strcmp(c.r[i].counter, "q05") == 0;
		assert_int_equal(c.r[i].n, q05 ? 256 : 44);
		assert_string_equal(c.r[i].ids[0], r[q05 ? 0 : 256].id);
	}
	calls_free(&c);
}

static void test_receipts_none(void **state)
{
	struct calls c = { .n = 0 };
	struct rating r = make(1, "sct-bentre", "q05");

	(void)state;
	assert_int_equal(ingest_receipts(NULL, 0, on_receipt, &c), HL_OK);
	assert_int_equal(ingest_receipts(&r, 0, on_receipt, &c), HL_OK);
	assert_int_equal(c.n, 0);
}

static void test_receipts_stop(void **state)
{
	struct rating *r = calloc(600, sizeof *r);
	struct calls c = { .stop_at = 2, .stop_code = 42 };

	(void)state;
	assert_non_null(r);
	for (unsigned i = 0; i < 600; i++)
		r[i] = make(i, "sct-bentre", i % 2 ? "q05" : "q06");
	assert_int_equal(ingest_receipts(r, 600, on_receipt, &c), 42);
	assert_int_equal(c.n, 2);
	calls_free(&c);

	/* Stopping at the first call. */
	c = (struct calls){ .stop_at = 1, .stop_code = HL_ERR_NET };
	assert_int_equal(ingest_receipts(r, 3, on_receipt, &c), HL_ERR_NET);
	assert_int_equal(c.n, 1);
	calls_free(&c);
	free(r);
}

/* ---- the clock rule ---------------------------------------------------------------------------- */

static void test_clock_window(void **state)
{
	const int64_t R = 1780000000, AGE = INGEST_CLOCK_MAX_AGE;
	struct rating r = make(1, "sct-bentre", "q05");
	int64_t at = 0;

	(void)state;
	/* Spooled during a month-long outage: believed, counted at its own time. */
	r.ts = R - 30 * 86400;
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_TRUSTED);
	assert_int_equal(at, R - 30 * 86400);
	r.ts = R - AGE;
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_TRUSTED);
	assert_int_equal(at, R - AGE);
	/* A day more, or 100 days back: counted when received. */
	r.ts = R - AGE - 1;
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_TOO_OLD);
	assert_int_equal(at, R);
	r.ts = R - 100 * 86400;
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_TOO_OLD);
	assert_int_equal(at, R);
	/* A few minutes ahead is a synchronised clock's skew: believed, but never after it arrived. */
	r.ts = R + INGEST_CLOCK_SKEW;
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_TRUSTED);
	assert_int_equal(at, R);
	r.ts = R + INGEST_CLOCK_SKEW + 1;
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_AHEAD);
	assert_int_equal(at, R);
	r.ts = INT64_C(1) << 40;
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_AHEAD);
	assert_int_equal(at, R);
	/* Not synchronised: never believed, whatever it says. */
	r.ts = R - 60;
	r.clock_ok = false;
	assert_int_equal(ingest_clock(&r, R, AGE, NULL), INGEST_CLOCK_UNSYNCED);
	assert_int_equal(ingest_clock(&r, R, AGE, &at), INGEST_CLOCK_UNSYNCED);
	assert_int_equal(at, R);
	/* A shorter max_age from the config. */
	r.clock_ok = true;
	r.ts = R - 2 * 86400;
	assert_int_equal(ingest_clock(&r, R, 86400, &at), INGEST_CLOCK_TOO_OLD);
	assert_string_equal(ingest_clock_name(INGEST_CLOCK_TOO_OLD), "too_old");
	assert_string_equal(ingest_clock_name(INGEST_CLOCK_AHEAD), "ahead");
	assert_null(ingest_clock_name(4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_valid),
		cmocka_unit_test(test_add_invalid),
		cmocka_unit_test(test_growth_and_order),
		cmocka_unit_test(test_receipts_grouped),
		cmocka_unit_test(test_receipts_same_counter_two_sites),
		cmocka_unit_test(test_receipts_chunks),
		cmocka_unit_test(test_receipts_chunk_then_counter),
		cmocka_unit_test(test_receipts_none),
		cmocka_unit_test(test_receipts_stop),
		cmocka_unit_test(test_clock_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
