/* SPDX-License-Identifier: MIT
 * test_rollup.c — the counts reports read: one rating adds to the right level, reason, n and "clean"
 * counts on each scale (clean = no dissatisfied answer and no reason); one rating touches exactly
 * fourteen rows (counter, officer, procedure, site and the pairs officer × procedure, officer ×
 * counter, procedure × counter, × day, month), unknown codes "" on their side of a pair; a large
 * random batch summed over any grain or group equals a brute-force recount, and its pair rows summed
 * over either side equal the single dimensions' rows; sorting, clearing, merging and freeing behave
 * as the header says. */
#include "hl.h"
#include "period.h"
#include "rollup.h"
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

#define BIT(r) (1u << (r))

static struct rating make(const char *counter, const char *officer, const char *procedure, int scale,
			  int a_officer, int a_procedure, uint32_t reasons)
{
	struct rating r = { .scale = scale, .reasons = reasons, .ts = 1780000000, .clock_ok = true };

	snprintf(r.id, sizeof r.id, "0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c11");
	snprintf(r.site, sizeof r.site, "sct-bentre");
	snprintf(r.counter, sizeof r.counter, "%s", counter);
	snprintf(r.officer, sizeof r.officer, "%s", officer);
	snprintf(r.procedure, sizeof r.procedure, "%s", procedure);
	r.answers[SURVEY_Q_OFFICER] = a_officer;
	r.answers[SURVEY_Q_PROCEDURE] = a_procedure;
	return r;
}

static bool counts_equal(const struct rollup_counts *a, const struct rollup_counts *b)
{
	if (a->n != b->n || a->clean != b->clean)
		return false;
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		for (int l = 0; l < SURVEY_SCALE_MAX; l++)
			if (a->level[q][l] != b->level[q][l])
				return false;
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (a->reason[i] != b->reason[i])
			return false;
	return true;
}

/* ---- counting one rating ----------------------------------------------------------------------- */

static void test_clean_rule(void **state)
{
	(void)state;
	/* Scale 5: 1–2 dissatisfied, 3 is neither. */
	assert_true(rollup_is_clean(&(struct rating){ .scale = 5, .answers = { 5, 4 } }));
	assert_true(rollup_is_clean(&(struct rating){ .scale = 5, .answers = { 3, 3 } }));
	assert_false(rollup_is_clean(&(struct rating){ .scale = 5, .answers = { 2, 5 } }));
	assert_false(rollup_is_clean(&(struct rating){ .scale = 5, .answers = { 5, 1 } }));
	assert_true(rollup_is_clean(&(struct rating){ .scale = 5, .answers = { 0, 3 } }));
	assert_false(rollup_is_clean(&(struct rating){ .scale = 5, .answers = { 0, 2 } }));
	/* A reason alone makes a rating not clean, even with top answers. */
	assert_false(rollup_is_clean(
		&(struct rating){ .scale = 5, .answers = { 5, 5 }, .reasons = BIT(SURVEY_R_CHO_LAU) }));
	/* Scale 4: 1–2 dissatisfied. */
	assert_false(rollup_is_clean(&(struct rating){ .scale = 4, .answers = { 2, 0 } }));
	assert_true(rollup_is_clean(&(struct rating){ .scale = 4, .answers = { 3, 0 } }));
	/* Scale 3: only 1 dissatisfied. */
	assert_false(rollup_is_clean(&(struct rating){ .scale = 3, .answers = { 1, 3 } }));
	assert_true(rollup_is_clean(&(struct rating){ .scale = 3, .answers = { 2, 2 } }));
}

static void test_count_by_hand(void **state)
{
	const struct rating rs[] = {
		make("q05", "cb01", "1.001", 5, 5, 4, 0),                                     /* clean */
		make("q05", "cb01", "1.001", 5, 2, 0, 0),                                     /* o2 */
		make("q05", "cb01", "1.001", 5, 3, 3, BIT(SURVEY_R_TRE_HEN)),                 /* reason */
		make("q05", "cb01", "1.001", 5, 0, 1,
		     BIT(SURVEY_R_NHUNG_NHIEU) | BIT(SURVEY_R_CHO_LAU)),                      /* p1 */
		make("q05", "cb01", "1.001", 3, 1, 3, 0),                                     /* o1 of 3 */
		make("q05", "cb01", "1.001", 3, 2, 2, 0),                                     /* clean */
		make("q05", "cb01", "1.001", 4, 0, 2, 0),                                     /* p2 of 4 */
		make("q05", "cb01", "1.001", 4, 3, 0, 0),                                     /* clean */
		make("q05", "cb01", "1.001", 5, 4, 5, BIT(SURVEY_R_TRE_HEN)),                 /* reason */
	};
	struct rollup_counts c = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
		rollup_count(&c, &rs[i]);

	assert_int_equal(c.n, 9);
	assert_int_equal(c.clean, 3);
	/* Officer question: levels given were 5,2,3,-,1,2,-,3,4. */
	const int64_t want_o[SURVEY_SCALE_MAX] = { 1, 2, 2, 1, 1 };
	/* Procedure question: 4,-,3,1,3,2,2,-,5. */
	const int64_t want_p[SURVEY_SCALE_MAX] = { 1, 2, 2, 1, 1 };
	for (int l = 0; l < SURVEY_SCALE_MAX; l++) {
		assert_int_equal(c.level[SURVEY_Q_OFFICER][l], want_o[l]);
		assert_int_equal(c.level[SURVEY_Q_PROCEDURE][l], want_p[l]);
	}
	for (int i = 0; i < SURVEY_R_COUNT; i++) {
		int64_t want = i == SURVEY_R_TRE_HEN ? 2 : i == SURVEY_R_NHUNG_NHIEU || i == SURVEY_R_CHO_LAU;
		if (c.reason[i] != want)
			fail_msg("reason %s: %lld, expected %lld", survey_reason_code(i),
				 (long long)c.reason[i], (long long)want);
	}
}

static void test_count_unanswered(void **state)
{
	struct rollup_counts c = { 0 };
	const struct rating r = make("q05", "", "", 5, 0, 4, 0);

	(void)state;
	rollup_count(&c, &r);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.clean, 1);
	for (int l = 0; l < SURVEY_SCALE_MAX; l++)
		assert_int_equal(c.level[SURVEY_Q_OFFICER][l], 0);
	assert_int_equal(c.level[SURVEY_Q_PROCEDURE][3], 1);
}

static void test_sum(void **state)
{
	struct rollup_counts a = { 0 }, b = { 0 }, both = { 0 };
	const struct rating r1 = make("q05", "cb01", "1.001", 5, 1, 2, BIT(SURVEY_R_THAI_DO));
	const struct rating r2 = make("q05", "cb01", "1.001", 5, 5, 5, 0);

	(void)state;
	rollup_count(&a, &r1);
	rollup_count(&b, &r2);
	rollup_count(&both, &r1);
	rollup_count(&both, &r2);
	rollup_sum(&a, &b);
	assert_true(counts_equal(&a, &both));
	assert_int_equal(a.n, 2);
	assert_int_equal(a.clean, 1);
}

/* ---- the set ----------------------------------------------------------------------------------- */

static const struct rollup_row *find(const struct rollup_set *s, int dim, int grain, int32_t period,
				     int scale, const char *site, const char *code)
{
	const struct rollup_row *hit = NULL;

	for (size_t i = 0; i < rollup_set_count(s); i++) {
		const struct rollup_row *row = rollup_set_row(s, i);
		if (row->key.dim == dim && row->key.grain == grain && row->key.period == period &&
		    row->key.scale == scale && strcmp(row->key.site, site) == 0 &&
		    strcmp(row->key.code, code) == 0) {
			if (hit)
				fail_msg("two rows with the same key");
			hit = row;
		}
	}
	return hit;
}

static void test_add_touches_eleven_rows(void **state)
{
	struct rollup_set *s = rollup_set_new();
	const struct rating r = make("q05", "cb0123", "1.001234", 5, 5, 2, BIT(SURVEY_R_TRE_HEN));
	const int32_t day = period_day_from_civil(2026, 7, 14);
	struct rollup_counts want = { 0 };

	(void)state;
	assert_non_null(s);
	rollup_count(&want, &r);
	assert_int_equal(rollup_set_add(s, &r, day), HL_OK);
	assert_int_equal(rollup_set_count(s), 11);

	/* Every dimension by day; the single ones by month too, the pairs not (drill-downs read their
	 * day rows). */
	const char *codes[ROLLUP_DIM_ALL] = { "q05", "cb0123", "1.001234", "", "cb0123/1.001234", "cb0123/q05",
					      "1.001234/q05" };
	for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++) {
		const struct rollup_row *d = find(s, dim, ROLLUP_DAY, day, 5, "sct-bentre", codes[dim]);
		const struct rollup_row *m = find(s, dim, ROLLUP_MONTH, 202607, 5, "sct-bentre", codes[dim]);
		assert_non_null(d);
		assert_true(counts_equal(&d->c, &want));
		assert_int_equal(rollup_dim_grains(dim), dim < ROLLUP_DIM_COUNT ? ROLLUP_GRAIN_COUNT : 1);
		if (dim < ROLLUP_DIM_COUNT) {
			assert_non_null(m);
			assert_true(counts_equal(&m->c, &want));
		} else {
			assert_null(m);
		}
	}

	/* The same groups on the same day: still eleven rows, each counting two. */
	assert_int_equal(rollup_set_add(s, &r, day), HL_OK);
	assert_int_equal(rollup_set_count(s), 11);
	for (size_t i = 0; i < 11; i++)
		assert_int_equal(rollup_set_row(s, i)->c.n, 2);

	/* Another day of the same month: seven new day rows, the month rows grow. */
	assert_int_equal(rollup_set_add(s, &r, day + 1), HL_OK);
	assert_int_equal(rollup_set_count(s), 18);
	assert_int_equal(find(s, ROLLUP_COUNTER, ROLLUP_MONTH, 202607, 5, "sct-bentre", "q05")->c.n, 3);
	assert_int_equal(find(s, ROLLUP_OFFICER, ROLLUP_DAY, day + 1, 5, "sct-bentre", "cb0123")->c.n, 1);
	assert_int_equal(find(s, ROLLUP_OFFICER_COUNTER, ROLLUP_DAY, day, 5, "sct-bentre", "cb0123/q05")->c.n, 2);
	assert_int_equal(find(s, ROLLUP_OFFICER_COUNTER, ROLLUP_DAY, day + 1, 5, "sct-bentre", "cb0123/q05")->c.n, 1);

	/* The next month: eleven new rows, the single ones' months keyed 202608. */
	assert_int_equal(rollup_set_add(s, &r, period_day_from_civil(2026, 8, 1)), HL_OK);
	assert_int_equal(rollup_set_count(s), 29);
	assert_non_null(find(s, ROLLUP_PROCEDURE, ROLLUP_MONTH, 202608, 5, "sct-bentre", "1.001234"));
	assert_non_null(find(s, ROLLUP_PROCEDURE_COUNTER, ROLLUP_DAY, period_day_from_civil(2026, 8, 1), 5, "sct-bentre",
			     "1.001234/q05"));
	assert_null(find(s, ROLLUP_PROCEDURE_COUNTER, ROLLUP_MONTH, 202608, 5, "sct-bentre", "1.001234/q05"));

	/* Another scale is another row: levels of different scales are not summed. */
	const struct rating r3 = make("q05", "cb0123", "1.001234", 3, 3, 3, 0);
	assert_int_equal(rollup_set_add(s, &r3, day), HL_OK);
	assert_int_equal(rollup_set_count(s), 40);
	assert_int_equal(find(s, ROLLUP_COUNTER, ROLLUP_MONTH, 202607, 3, "sct-bentre", "q05")->c.n, 1);
	assert_int_equal(find(s, ROLLUP_COUNTER, ROLLUP_MONTH, 202607, 5, "sct-bentre", "q05")->c.n, 3);
	assert_int_equal(find(s, ROLLUP_OFFICER_PROCEDURE, ROLLUP_DAY, day, 3, "sct-bentre", "cb0123/1.001234")->c.n, 1);
	rollup_set_free(s);
}

static void test_add_unknown_codes(void **state)
{
	struct rollup_set *s = rollup_set_new();
	const struct rating r = make("q05", "", "", 4, 4, 0, 0);
	const int32_t day = period_day_from_civil(2026, 12, 31);

	(void)state;
	assert_int_equal(rollup_set_add(s, &r, day), HL_OK);
	assert_int_equal(rollup_set_count(s), 11);
	assert_non_null(find(s, ROLLUP_OFFICER, ROLLUP_DAY, day, 4, "sct-bentre", ""));
	assert_non_null(find(s, ROLLUP_PROCEDURE, ROLLUP_MONTH, 202612, 4, "sct-bentre", ""));
	assert_non_null(find(s, ROLLUP_COUNTER, ROLLUP_MONTH, 202612, 4, "sct-bentre", "q05"));
	/* Still counted in the pairs, "" on the unknown side, so every dimension sums to the same. */
	assert_int_equal(find(s, ROLLUP_OFFICER_PROCEDURE, ROLLUP_DAY, day, 4, "sct-bentre", "/")->c.n, 1);
	assert_int_equal(find(s, ROLLUP_OFFICER_COUNTER, ROLLUP_DAY, day, 4, "sct-bentre", "/q05")->c.n, 1);
	assert_int_equal(find(s, ROLLUP_PROCEDURE_COUNTER, ROLLUP_DAY, day, 4, "sct-bentre", "/q05")->c.n, 1);
	/* One side unknown. */
	const struct rating r2 = make("q05", "cb01", "", 4, 4, 0, 0);
	assert_int_equal(rollup_set_add(s, &r2, day), HL_OK);
	assert_int_equal(find(s, ROLLUP_OFFICER_PROCEDURE, ROLLUP_DAY, day, 4, "sct-bentre", "cb01/")->c.n, 1);
	assert_int_equal(find(s, ROLLUP_PROCEDURE_COUNTER, ROLLUP_DAY, day, 4, "sct-bentre", "/q05")->c.n, 2);
	rollup_set_free(s);
}

static void test_pair_dims(void **state)
{
	(void)state;
	assert_int_equal(rollup_pair_dim(ROLLUP_OFFICER, ROLLUP_PROCEDURE), ROLLUP_OFFICER_PROCEDURE);
	assert_int_equal(rollup_pair_dim(ROLLUP_OFFICER, ROLLUP_COUNTER), ROLLUP_OFFICER_COUNTER);
	assert_int_equal(rollup_pair_dim(ROLLUP_PROCEDURE, ROLLUP_COUNTER), ROLLUP_PROCEDURE_COUNTER);
	/* Only those three are kept. */
	assert_int_equal(rollup_pair_dim(ROLLUP_PROCEDURE, ROLLUP_OFFICER), -1);
	assert_int_equal(rollup_pair_dim(ROLLUP_COUNTER, ROLLUP_OFFICER), -1);
	assert_int_equal(rollup_pair_dim(ROLLUP_SITE, ROLLUP_COUNTER), -1);
	assert_int_equal(rollup_pair_dim(ROLLUP_OFFICER, ROLLUP_OFFICER), -1);
	for (int d = 0; d < ROLLUP_DIM_ALL; d++)
		assert_int_equal(rollup_dim_is_pair(d), d >= ROLLUP_DIM_COUNT);
	assert_false(rollup_dim_is_pair(-1));
	assert_false(rollup_dim_is_pair(ROLLUP_DIM_ALL));

	/* Longest codes on both sides fit the key. */
	struct rating r = make("q05", "", "", 5, 5, 5, 0);
	memset(r.officer, 'o', HL_CODE_MAX);
	memset(r.procedure, 'p', HL_CODE_MAX);
	struct rollup_set *s = rollup_set_new();
	char want[ROLLUP_CODE_MAX + 1];
	snprintf(want, sizeof want, "%s/%s", r.officer, r.procedure);
	assert_int_equal(strlen(want), ROLLUP_CODE_MAX);
	assert_int_equal(rollup_set_add(s, &r, 20000), HL_OK);
	assert_non_null(find(s, ROLLUP_OFFICER_PROCEDURE, ROLLUP_DAY, 20000, 5, "sct-bentre", want));

	/* Only some dimensions. */
	rollup_set_clear(s);
	assert_int_equal(rollup_set_add_dims(s, &r, 20000, ROLLUP_DIM_COUNT, ROLLUP_DIM_ALL - 1), HL_OK);
	assert_int_equal(rollup_set_count(s), 3);
	for (size_t i = 0; i < rollup_set_count(s); i++) {
		assert_true(rollup_dim_is_pair(rollup_set_row(s, i)->key.dim));
		assert_int_equal(rollup_set_row(s, i)->key.grain, ROLLUP_DAY);
	}
	rollup_set_free(s);
}

/* A small deterministic generator (xorshift64*), so a failure can be reproduced. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717u) >> 33) % n;
}

enum { N_RANDOM = 10000, N_SITES = 2, N_COUNTERS = 50, N_OFFICERS = 20, N_PROCEDURES = 10, N_DAYS = 60 };

struct sample {
	struct rating r;
	int site, counter, officer, procedure; /* indices; officer/procedure -1 for "" */
	int32_t day;
};

static void random_sample(struct sample *x, int32_t first_day)
{
	static const int scales[3] = { 3, 4, 5 };
	char counter[32], officer[32], procedure[32];

	x->site = (int)rnd(N_SITES);
	x->counter = (int)rnd(N_COUNTERS);
	x->officer = (int)rnd(N_OFFICERS + 1) - 1;
	x->procedure = (int)rnd(N_PROCEDURES + 1) - 1;
	x->day = first_day + (int32_t)rnd(N_DAYS);
	snprintf(counter, sizeof counter, "q%02d", x->counter);
	if (x->officer >= 0)
		snprintf(officer, sizeof officer, "cb%03d", x->officer);
	else
		officer[0] = '\0';
	if (x->procedure >= 0)
		snprintf(procedure, sizeof procedure, "1.%06d", x->procedure);
	else
		procedure[0] = '\0';
	int scale = scales[rnd(3)];
	int ao = (int)rnd((uint32_t)scale + 1), ap = (int)rnd((uint32_t)scale + 1);
	if (!ao && !ap)
		ao = scale;
	uint32_t reasons = rnd(4) == 0 ? rnd(1u << SURVEY_R_COUNT) : 0;
	x->r = make(counter, officer, procedure, scale, ao, ap, reasons);
	snprintf(x->r.site, sizeof x->r.site, "site-%d", x->site);
}

static int key_cmp(const void *a, const void *b)
{
	const struct rollup_key *x = a, *y = b;
	int c = x->dim - y->dim;

	if (!c)
		c = x->grain - y->grain;
	if (!c)
		c = (x->period > y->period) - (x->period < y->period);
	if (!c)
		c = x->scale - y->scale;
	if (!c)
		c = strcmp(x->site, y->site);
	if (!c)
		c = strcmp(x->code, y->code);
	return c;
}

/* Adds the brute-force counts of the sample ratings matching (dim, code index, site) into c. */
static void recount(const struct sample *xs, size_t n, int dim, int site, int code,
		    struct rollup_counts *c)
{
	for (size_t i = 0; i < n; i++) {
		const struct sample *x = &xs[i];
		int idx = dim == ROLLUP_SITE ? -1 : dim == ROLLUP_COUNTER ? x->counter : dim == ROLLUP_OFFICER ? x->officer : x->procedure;
		if (x->site != site || idx != code)
			continue;
		c->n++;
		bool dissatisfied = false;
		for (int q = 0; q < SURVEY_Q_COUNT; q++) {
			int l = x->r.answers[q];
			if (l)
				c->level[q][l - 1]++;
			if (l && (x->r.scale == 3 ? l == 1 : l <= 2))
				dissatisfied = true;
		}
		for (int k = 0; k < SURVEY_R_COUNT; k++)
			c->reason[k] += (x->r.reasons >> k) & 1;
		c->clean += !dissatisfied && !x->r.reasons;
	}
}

static const char *code_name(int dim, int idx, char buf[32])
{
	if (idx < 0)
		buf[0] = '\0';
	else if (dim == ROLLUP_COUNTER)
		snprintf(buf, 32, "q%02d", idx);
	else if (dim == ROLLUP_OFFICER)
		snprintf(buf, 32, "cb%03d", idx);
	else
		snprintf(buf, 32, "1.%06d", idx);
	return buf;
}

static void test_many_groups(void **state)
{
	const int32_t first = period_day_from_civil(2026, 7, 10); /* spans July, August, September */
	struct sample *xs = calloc(N_RANDOM, sizeof *xs);
	struct rollup_set *s = rollup_set_new();

	(void)state;
	assert_non_null(xs);
	assert_non_null(s);
	for (size_t i = 0; i < N_RANDOM; i++) {
		random_sample(&xs[i], first);
		assert_int_equal(rollup_set_add(s, &xs[i].r, xs[i].day), HL_OK);
	}

	size_t nrows = rollup_set_count(s);
	struct rollup_key *keys = calloc(nrows, sizeof *keys);
	int64_t sum[ROLLUP_DIM_ALL][ROLLUP_GRAIN_COUNT] = { { 0 } };
	assert_non_null(keys);
	for (size_t i = 0; i < nrows; i++) {
		const struct rollup_row *row = rollup_set_row(s, i);
		keys[i] = row->key;
		sum[row->key.dim][row->key.grain] += row->c.n;
		assert_true(row->c.n > 0);
		if (row->key.grain == ROLLUP_DAY) {
			assert_true(row->key.period >= first && row->key.period < first + N_DAYS);
		} else {
			assert_true(row->key.period == 202607 || row->key.period == 202608 ||
				    row->key.period == 202609);
		}
	}
	/* Every rating is counted once per dimension (single or pair) and grain it is kept in: the
	 * single dimensions by day and month, the pairs by day only. */
	for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++)
		for (int grain = 0; grain < ROLLUP_GRAIN_COUNT; grain++)
			assert_int_equal(sum[dim][grain], grain < rollup_dim_grains(dim) ? N_RANDOM : 0);
	/* Keys are distinct. */
	qsort(keys, nrows, sizeof *keys, key_cmp);
	for (size_t i = 1; i < nrows; i++)
		if (key_cmp(&keys[i - 1], &keys[i]) == 0)
			fail_msg("duplicate key %s/%s at row %zu", keys[i].site, keys[i].code, i);

	/* Per group, the day rows and the month rows each sum to a brute-force recount. */
	const int ncodes[ROLLUP_DIM_COUNT] = { N_COUNTERS, N_OFFICERS, N_PROCEDURES, 0 };
	for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++) {
		for (int site = 0; site < N_SITES; site++) {
			for (int code = dim == ROLLUP_COUNTER ? 0 : -1; code < ncodes[dim]; code++) {
				struct rollup_counts want = { 0 }, got[ROLLUP_GRAIN_COUNT] = { { 0 } };
				char sname[32], cname[32];
				snprintf(sname, sizeof sname, "site-%d", site);
				code_name(dim, code, cname);
				recount(xs, N_RANDOM, dim, site, code, &want);
				for (size_t i = 0; i < nrows; i++) {
					const struct rollup_row *row = rollup_set_row(s, i);
					if (row->key.dim == dim && strcmp(row->key.site, sname) == 0 &&
					    strcmp(row->key.code, cname) == 0)
						rollup_sum(&got[row->key.grain], &row->c);
				}
				if (!counts_equal(&got[ROLLUP_DAY], &want) ||
				    !counts_equal(&got[ROLLUP_MONTH], &want))
					fail_msg("dim %d %s/%s: day n %lld, month n %lld, expected %lld", dim,
						 sname, cname, (long long)got[ROLLUP_DAY].n,
						 (long long)got[ROLLUP_MONTH].n, (long long)want.n);
			}
		}
	}

	/* Each pair dimension summed over its second side is the first side's single dimension, and
	 * over its first side the second's: day row for day row, count for count. */
	for (int pd = ROLLUP_DIM_COUNT; pd < ROLLUP_DIM_ALL; pd++) {
		static const int parts[][2] = { { ROLLUP_OFFICER, ROLLUP_PROCEDURE },
						{ ROLLUP_OFFICER, ROLLUP_COUNTER },
						{ ROLLUP_PROCEDURE, ROLLUP_COUNTER } };
		for (int side = 0; side < 2; side++) {
			struct rollup_set *derived = rollup_set_new();
			int single = parts[pd - ROLLUP_DIM_COUNT][side];
			size_t nsingle = 0;
			assert_int_equal(rollup_pair_dim(parts[pd - ROLLUP_DIM_COUNT][0], parts[pd - ROLLUP_DIM_COUNT][1]), pd);
			for (size_t i = 0; i < nrows; i++) {
				const struct rollup_row *row = rollup_set_row(s, i);
				if (row->key.dim == single && row->key.grain == ROLLUP_DAY)
					nsingle++;
				if (row->key.dim != pd)
					continue;
				struct rollup_key k = row->key;
				const char *slash = strchr(row->key.code, '/');
				assert_non_null(slash);
				assert_null(strchr(slash + 1, '/'));
				k.dim = single;
				if (side == 0)
					snprintf(k.code, sizeof k.code, "%.*s", (int)(slash - row->key.code), row->key.code);
				else
					snprintf(k.code, sizeof k.code, "%s", slash + 1);
				assert_int_equal(rollup_set_merge(derived, &k, &row->c), HL_OK);
			}
			assert_int_equal(rollup_set_count(derived), nsingle);
			for (size_t i = 0; i < rollup_set_count(derived); i++) {
				const struct rollup_row *d = rollup_set_row(derived, i);
				const struct rollup_row *w = find(s, d->key.dim, d->key.grain, d->key.period, d->key.scale,
								  d->key.site, d->key.code);
				if (!w || !counts_equal(&w->c, &d->c))
					fail_msg("pair dim %d side %d: %s/%s differs from dim %d", pd, side, d->key.site,
						 d->key.code, single);
			}
			rollup_set_free(derived);
		}
	}
	free(keys);
	free(xs);
	rollup_set_free(s);
}

static void test_sort(void **state)
{
	struct rollup_set *s = rollup_set_new();
	const int32_t first = period_day_from_civil(2026, 7, 10);
	struct sample x;

	(void)state;
	for (int i = 0; i < 2000; i++) {
		random_sample(&x, first);
		assert_int_equal(rollup_set_add(s, &x.r, x.day), HL_OK);
	}
	size_t n = rollup_set_count(s);
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += rollup_set_row(s, i)->c.n;
	assert_int_equal(rollup_set_sort(s), HL_OK);
	assert_int_equal(rollup_set_count(s), n);
	for (size_t i = 1; i < n; i++)
		assert_true(key_cmp(&rollup_set_row(s, i - 1)->key, &rollup_set_row(s, i)->key) != 0);
	for (size_t i = 1; i < n; i++) {
		/* The store's key order: dim, grain, period, site, code, scale. */
		const struct rollup_key *a = &rollup_set_row(s, i - 1)->key, *b = &rollup_set_row(s, i)->key;
		int c = a->dim - b->dim;
		if (!c)
			c = a->grain - b->grain;
		if (!c)
			c = (a->period > b->period) - (a->period < b->period);
		if (!c)
			c = strcmp(a->site, b->site);
		if (!c)
			c = strcmp(a->code, b->code);
		if (!c)
			c = a->scale - b->scale;
		assert_true(c < 0);
	}
	/* The index follows the new order: adding again merges into the same rows. */
	int64_t again = 0;
	assert_int_equal(rollup_set_add(s, &x.r, x.day), HL_OK);
	assert_int_equal(rollup_set_count(s), n);
	for (size_t i = 0; i < n; i++)
		again += rollup_set_row(s, i)->c.n;
	assert_int_equal(again, total + 11);
	rollup_set_free(s);
}

static void test_clear(void **state)
{
	struct rollup_set *s = rollup_set_new();
	const struct rating r = make("q05", "cb01", "1.001", 5, 1, 1, BIT(SURVEY_R_THAI_DO));
	const struct rating r2 = make("q06", "cb02", "1.002", 5, 5, 5, 0);
	const int32_t day = period_day_from_civil(2026, 7, 14);

	(void)state;
	for (int i = 0; i < 200; i++)
		assert_int_equal(rollup_set_add(s, &r, day + i), HL_OK);
	assert_true(rollup_set_count(s) > 64);
	rollup_set_clear(s);
	assert_int_equal(rollup_set_count(s), 0);

	/* After clearing, the keys seen before are new rows again, and old counts do not come back. */
	assert_int_equal(rollup_set_add(s, &r, day), HL_OK);
	assert_int_equal(rollup_set_count(s), 11);
	assert_int_equal(rollup_set_add(s, &r2, day), HL_OK);
	assert_int_equal(rollup_set_count(s), 20); /* the site's two rows are shared */
	const struct rollup_row *row = find(s, ROLLUP_COUNTER, ROLLUP_DAY, day, 5, "sct-bentre", "q05");
	assert_non_null(row);
	assert_int_equal(row->c.n, 1);
	assert_int_equal(row->c.reason[SURVEY_R_THAI_DO], 1);
	assert_int_equal(row->c.clean, 0);
	row = find(s, ROLLUP_COUNTER, ROLLUP_MONTH, 202607, 5, "sct-bentre", "q05");
	assert_non_null(row);
	assert_int_equal(row->c.n, 1);
	rollup_set_free(s);
}

static void test_merge(void **state)
{
	struct rollup_set *s = rollup_set_new();
	struct rollup_key k = { .dim = ROLLUP_OFFICER, .grain = ROLLUP_MONTH, .period = 202607, .scale = 5 };
	struct rollup_counts c = { .n = 3, .clean = 2 };

	(void)state;
	c.level[SURVEY_Q_OFFICER][4] = 2;
	c.level[SURVEY_Q_PROCEDURE][0] = 1;
	c.reason[SURVEY_R_HEN_NHIEU_LAN] = 1;
	strcpy(k.site, "sct-bentre");
	strcpy(k.code, "cb01");
	assert_int_equal(rollup_set_merge(s, &k, &c), HL_OK);
	assert_int_equal(rollup_set_merge(s, &k, &c), HL_OK);
	assert_int_equal(rollup_set_count(s), 1);
	const struct rollup_row *row = rollup_set_row(s, 0);
	assert_int_equal(row->key.dim, ROLLUP_OFFICER);
	assert_int_equal(row->key.period, 202607);
	assert_string_equal(row->key.code, "cb01");
	assert_int_equal(row->c.n, 6);
	assert_int_equal(row->c.clean, 4);
	assert_int_equal(row->c.level[SURVEY_Q_OFFICER][4], 4);
	assert_int_equal(row->c.level[SURVEY_Q_PROCEDURE][0], 2);
	assert_int_equal(row->c.reason[SURVEY_R_HEN_NHIEU_LAN], 2);

	/* Keys that differ in any one part are different rows; "ab"+"c" is not "a"+"bc". */
	struct rollup_key k2 = k;
	k2.scale = 4;
	assert_int_equal(rollup_set_merge(s, &k2, &c), HL_OK);
	k2 = k;
	k2.grain = ROLLUP_DAY;
	assert_int_equal(rollup_set_merge(s, &k2, &c), HL_OK);
	k2 = k;
	k2.dim = ROLLUP_PROCEDURE;
	assert_int_equal(rollup_set_merge(s, &k2, &c), HL_OK);
	k2 = k;
	k2.period = 202608;
	assert_int_equal(rollup_set_merge(s, &k2, &c), HL_OK);
	k2 = k;
	strcpy(k2.site, "sct-bentr");
	strcpy(k2.code, "ecb01");
	assert_int_equal(rollup_set_merge(s, &k2, &c), HL_OK);
	assert_int_equal(rollup_set_count(s), 6);
	assert_int_equal(rollup_set_row(s, 0)->c.n, 6);
	for (size_t i = 1; i < 6; i++)
		assert_int_equal(rollup_set_row(s, i)->c.n, 3);
	/* Insertion order is kept. */
	assert_int_equal(rollup_set_row(s, 1)->key.scale, 4);
	assert_string_equal(rollup_set_row(s, 5)->key.code, "ecb01");
	rollup_set_free(s);
}

/* Thousands of keys that differ in one part only stay apart, and each can be found again. */
static void test_merge_many_similar_keys(void **state)
{
	enum { N = 3000 };
	struct rollup_counts one = { .n = 1 };

	(void)state;
	for (int part = 0; part < 3; part++) {
		struct rollup_set *s = rollup_set_new();
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < N; i++) {
				struct rollup_key k = { .dim = ROLLUP_COUNTER, .grain = ROLLUP_DAY, .period = 20000,
							.scale = 5 };
				strcpy(k.site, "sct-bentre");
				strcpy(k.code, "q05");
				if (part == 0)
					snprintf(k.code, sizeof k.code, "c%d", i);
				else if (part == 1)
					snprintf(k.site, sizeof k.site, "s%d", i);
				else
					k.period = 20000 + i;
				assert_int_equal(rollup_set_merge(s, &k, &one), HL_OK);
			}
		}
		assert_int_equal(rollup_set_count(s), N);
		for (size_t i = 0; i < N; i++)
			assert_int_equal(rollup_set_row(s, i)->c.n, 2);
		rollup_set_free(s);
	}
}

static void test_free_null(void **state)
{
	(void)state;
	rollup_set_free(NULL);
	struct rollup_set *s = rollup_set_new();
	assert_non_null(s);
	assert_int_equal(rollup_set_count(s), 0);
	rollup_set_clear(s); /* clearing a set that never grew */
	assert_int_equal(rollup_set_count(s), 0);
	rollup_set_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_rule),
		cmocka_unit_test(test_count_by_hand),
		cmocka_unit_test(test_count_unanswered),
		cmocka_unit_test(test_sum),
		cmocka_unit_test(test_add_touches_eleven_rows),
		cmocka_unit_test(test_add_unknown_codes),
		cmocka_unit_test(test_pair_dims),
		cmocka_unit_test(test_many_groups),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_many_similar_keys),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
