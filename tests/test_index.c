/* SPDX-License-Identifier: MIT
 * test_index.c — the numbers a department head and the province read (DESIGN §6), checked against
 * values worked out by hand: the 95 % Wilson interval at its edges (n = 0, all or none satisfied, one
 * answer) and in the middle; from hand-made roll-up counts on scales 5, 4 and 3 the satisfaction and
 * dissatisfaction indices with their intervals, the mean level and its 0–100 form, the counts per
 * level and reason and the QĐ 766 rate; a group mixing scales (no mean level, but a 0–100 mean and an
 * index); an empty group (NAN, never 0); the n = 30 ranking threshold; and the ranking itself, where
 * a steady n = 300 at 90 % beats a lucky n = 3 at 100 % and the groups too small to rank come last. */
#include "index.h"
#include "rollup.h"
#include "survey.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define TOL 1e-4 /* the hand-computed values below are given to four decimals */

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.6f, want %.6f (± %g)", got, want, tol);
}

/* ---- the Wilson interval ------------------------------------------------------------------------
 * With p = k/n and z = 1.959964: centre = (p + z²/2n) / (1 + z²/n),
 * half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n). At p = 1 this gives lo = n / (n + z²), hi = 1; at
 * p = 0, lo = 0 and hi = z² / (n + z²); z² = 3.841459. */

static void test_wilson_no_answers_is_everything(void **state)
{
	double lo = -1, hi = -1;

	(void)state;
	index_wilson(0, 0, &lo, &hi);
	assert_true(lo == 0.0);
	assert_true(hi == 1.0);
}

static void test_wilson_one_answer(void **state)
{
	double lo, hi;

	(void)state;
	/* 1 / (1 + 3.841459) = 0.206549 */
	index_wilson(1, 1, &lo, &hi);
	assert_near(lo, 0.206549, TOL);
	assert_near(hi, 1.0, 1e-12);
	/* 3.841459 / 4.841459 = 0.793451 */
	index_wilson(0, 1, &lo, &hi);
	assert_near(lo, 0.0, 1e-12);
	assert_true(lo >= 0.0);
	assert_near(hi, 0.793451, TOL);
}

static void test_wilson_all_or_none_of_ten(void **state)
{
	double lo, hi;

	(void)state;
	/* 10 / 13.841459 = 0.722467 */
	index_wilson(10, 10, &lo, &hi);
	assert_near(lo, 0.722467, TOL);
	assert_near(hi, 1.0, 1e-12);
	assert_true(hi <= 1.0);
	/* 3.841459 / 13.841459 = 0.277533 */
	index_wilson(0, 10, &lo, &hi);
	assert_near(lo, 0.0, 1e-12);
	assert_true(lo >= 0.0);
	assert_near(hi, 0.277533, TOL);
}

static void test_wilson_half_of_hundred(void **state)
{
	double lo, hi;

	(void)state;
	/* centre 0.5; half = 1.959964·√(0.0025 + 0.00009604) / 1.0384146 = 0.096168 */
	index_wilson(50, 100, &lo, &hi);
	assert_near(lo, 0.403832, TOL);
	assert_near(hi, 0.596168, TOL);
	/* Symmetric around one half, and narrower than for n = 10 at the same share. */
	double lo10, hi10;
	index_wilson(5, 10, &lo10, &hi10);
	assert_near(lo + hi, 1.0, 1e-12);
	assert_true(lo10 < lo && hi10 > hi);
}

/* ---- one group's figures from roll-up counts ---------------------------------------------------- */

static struct rollup_counts counts(int64_t n, int64_t clean, const int64_t *officer, const int64_t *procedure,
				   int scale)
{
	struct rollup_counts c;

	memset(&c, 0, sizeof c);
	c.n = n;
	c.clean = clean;
	for (int l = 0; l < scale; l++) {
		c.level[SURVEY_Q_OFFICER][l] = officer ? officer[l] : 0;
		c.level[SURVEY_Q_PROCEDURE][l] = procedure ? procedure[l] : 0;
	}
	return c;
}

static struct index_group finish(const struct rollup_counts *c, const int *scales, size_t n)
{
	struct index_acc a;
	struct index_group g;

	memset(&a, 0, sizeof a);
	for (size_t i = 0; i < n; i++)
		index_add(&a, &c[i], scales[i]);
	index_finish(&a, &g);
	return g;
}

static void test_scale5_figures(void **state)
{
	/* 20 ratings; officer levels 1..5 = 2,1,3,4,10; the procedure answered 15 times: 0,1,2,5,7. */
	struct rollup_counts c = counts(20, 12, (int64_t[]){ 2, 1, 3, 4, 10 }, (int64_t[]){ 0, 1, 2, 5, 7 }, 5);
	c.reason[SURVEY_R_TRE_HEN] = 3;
	c.reason[SURVEY_R_THU_TIEN_KHONG_PHIEU] = 1;
	struct index_group g = finish(&c, (int[]){ 5 }, 1);
	const struct index_q *o = &g.q[SURVEY_Q_OFFICER], *p = &g.q[SURVEY_Q_PROCEDURE];

	(void)state;
	assert_int_equal(g.ratings, 20);
	assert_int_equal(g.clean, 12);
	assert_near(g.rate766, 60.0, TOL); /* 12 clean of 20 */
	assert_int_equal(g.reason[SURVEY_R_TRE_HEN], 3);
	assert_int_equal(g.reason[SURVEY_R_THU_TIEN_KHONG_PHIEU], 1);
	assert_int_equal(g.reason[SURVEY_R_CHO_LAU], 0);

	/* Officer: 4–5 satisfied = 14 of 20, 1–2 dissatisfied = 3; level 3 is neither. */
	assert_int_equal(o->n, 20);
	assert_int_equal(o->satisfied, 14);
	assert_int_equal(o->dissatisfied, 3);
	assert_int_equal(o->scale, 5);
	assert_near(o->satisfaction, 70.0, TOL);
	assert_near(o->sat_lo, 48.1027, TOL);
	assert_near(o->sat_hi, 85.4523, TOL);
	assert_near(o->dissatisfaction, 15.0, TOL);
	assert_near(o->dis_lo, 5.2369, TOL);
	assert_near(o->dis_hi, 36.0419, TOL);
	/* (2·1 + 1·2 + 3·3 + 4·4 + 10·5) / 20 = 79 / 20 */
	assert_near(o->mean, 3.95, TOL);
	assert_near(o->mean100, 73.75, TOL); /* (3.95 − 1) / 4 × 100 */
	assert_int_equal(o->level[0], 2);
	assert_int_equal(o->level[4], 10);
	assert_false(o->rankable);

	/* Procedure: its own n (unanswered ones do not count): 12 of 15 satisfied, 1 dissatisfied. */
	assert_int_equal(p->n, 15);
	assert_near(p->satisfaction, 80.0, TOL);
	assert_near(p->sat_lo, 54.8146, TOL);
	assert_near(p->sat_hi, 92.9525, TOL);
	assert_near(p->dissatisfaction, 100.0 / 15, TOL);
	assert_near(p->mean, 4.2, TOL);     /* 63 / 15 */
	assert_near(p->mean100, 80.0, TOL); /* (4.2 − 1) / 4 × 100 */
}

static void test_scale4_figures(void **state)
{
	/* Scale 4: 3–4 satisfied, 1–2 dissatisfied; levels 1,2,3,4 answered 1,2,3,4 times. */
	struct rollup_counts c = counts(10, 7, (int64_t[]){ 1, 2, 3, 4 }, NULL, 4);
	struct index_group g = finish(&c, (int[]){ 4 }, 1);
	const struct index_q *o = &g.q[SURVEY_Q_OFFICER];

	(void)state;
	assert_int_equal(o->satisfied, 7);
	assert_int_equal(o->dissatisfied, 3);
	assert_near(o->satisfaction, 70.0, TOL);
	assert_near(o->sat_lo, 39.6778, TOL);
	assert_near(o->sat_hi, 89.2209, TOL);
	assert_near(o->dissatisfaction, 30.0, TOL);
	assert_near(o->mean, 3.0, TOL);             /* (1 + 4 + 9 + 16) / 10 */
	assert_near(o->mean100, 200.0 / 3.0, TOL); /* (3 − 1) / 3 × 100 */
	assert_int_equal(o->scale, 4);
	assert_near(g.rate766, 70.0, TOL);
	/* Nobody answered the procedure question: no index, not 0 %. */
	assert_int_equal(g.q[SURVEY_Q_PROCEDURE].n, 0);
	assert_true(isnan(g.q[SURVEY_Q_PROCEDURE].satisfaction));
	assert_true(isnan(g.q[SURVEY_Q_PROCEDURE].mean100));
}

static void test_scale3_figures(void **state)
{
	/* Scale 3: 2–3 satisfied, 1 dissatisfied; levels 1,2,3 answered 2,3,5 times. */
	struct rollup_counts c = counts(10, 8, (int64_t[]){ 2, 3, 5 }, (int64_t[]){ 1, 1, 8 }, 3);
	struct index_group g = finish(&c, (int[]){ 3 }, 1);
	const struct index_q *o = &g.q[SURVEY_Q_OFFICER], *p = &g.q[SURVEY_Q_PROCEDURE];

	(void)state;
	assert_int_equal(o->satisfied, 8);
	assert_int_equal(o->dissatisfied, 2);
	assert_near(o->satisfaction, 80.0, TOL);
	assert_near(o->sat_lo, 49.0162, TOL);
	assert_near(o->sat_hi, 94.3318, TOL);
	assert_near(o->dissatisfaction, 20.0, TOL);
	assert_near(o->dis_lo, 5.6682, TOL);
	assert_near(o->dis_hi, 50.9838, TOL);
	assert_near(o->mean, 2.3, TOL);      /* (2 + 6 + 15) / 10 */
	assert_near(o->mean100, 65.0, TOL);  /* (2.3 − 1) / 2 × 100 */
	assert_near(p->satisfaction, 90.0, TOL);
	assert_near(p->dissatisfaction, 10.0, TOL);
	assert_near(p->mean100, 85.0, TOL); /* (0 + 50 + 800) / 10 */
	assert_near(g.rate766, 80.0, TOL);
}

static void test_mixed_scales(void **state)
{
	/* The scale-5 group above plus a scale-3 counter: 30 officer answers, 14 + 8 satisfied. */
	struct rollup_counts c[3] = {
		counts(20, 12, (int64_t[]){ 2, 1, 3, 4, 10 }, NULL, 5),
		counts(10, 8, (int64_t[]){ 2, 3, 5 }, NULL, 3),
		counts(0, 0, NULL, NULL, 4), /* an empty row of a third scale changes nothing */
	};
	c[0].reason[SURVEY_R_CHO_LAU] = 2;
	c[1].reason[SURVEY_R_CHO_LAU] = 1;
	struct index_group g = finish(c, (int[]){ 5, 3, 4 }, 3);
	const struct index_q *o = &g.q[SURVEY_Q_OFFICER];

	(void)state;
	assert_int_equal(o->scale, -1);
	assert_true(isnan(o->mean)); /* a mean level of 5-level and 3-level answers means nothing */
	assert_int_equal(o->n, 30);
	assert_int_equal(o->satisfied, 22);
	assert_int_equal(o->dissatisfied, 5);
	assert_near(o->satisfaction, 220.0 / 3.0, TOL);
	assert_near(o->sat_lo, 55.5520, TOL);
	assert_near(o->sat_hi, 85.8173, TOL);
	assert_near(o->dissatisfaction, 50.0 / 3.0, TOL);
	/* 0–100 per answer: scale 5 gives 0,25,50,75,100 → 1475; scale 3 gives 0,50,100 → 650. */
	assert_near(o->mean100, 2125.0 / 30.0, TOL);
	assert_true(o->rankable); /* exactly 30 */
	assert_int_equal(g.ratings, 30);
	assert_near(g.rate766, 200.0 / 3.0, TOL); /* 20 clean of 30 */
	assert_int_equal(g.reason[SURVEY_R_CHO_LAU], 3);

	/* Adding only rows of one scale, even several, keeps it. */
	struct rollup_counts same[2] = { c[0], c[0] };
	struct index_group g2 = finish(same, (int[]){ 5, 5 }, 2);
	assert_int_equal(g2.q[SURVEY_Q_OFFICER].scale, 5);
	assert_int_equal(g2.q[SURVEY_Q_OFFICER].n, 40);
	assert_near(g2.q[SURVEY_Q_OFFICER].mean, 3.95, TOL);
	assert_int_equal(g2.q[SURVEY_Q_OFFICER].level[4], 20);
}

static void test_empty_group_is_nan(void **state)
{
	struct index_acc a;
	struct index_group g;

	(void)state;
	memset(&a, 0, sizeof a);
	index_finish(&a, &g);
	assert_int_equal(g.ratings, 0);
	assert_true(isnan(g.rate766));
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		assert_int_equal(g.q[q].n, 0);
		assert_true(isnan(g.q[q].satisfaction));
		assert_true(isnan(g.q[q].sat_lo));
		assert_true(isnan(g.q[q].sat_hi));
		assert_true(isnan(g.q[q].dissatisfaction));
		assert_true(isnan(g.q[q].mean));
		assert_true(isnan(g.q[q].mean100));
		assert_false(g.q[q].rankable);
	}
	/* A row of an invalid scale is ignored, not counted. */
	struct rollup_counts c = counts(5, 5, (int64_t[]){ 0, 0, 5 }, NULL, 3);
	index_add(&a, &c, 7);
	index_finish(&a, &g);
	assert_int_equal(g.ratings, 0);
	assert_int_equal(g.q[SURVEY_Q_OFFICER].n, 0);
}

static void test_rankable_from_thirty(void **state)
{
	(void)state;
	struct rollup_counts c29 = counts(29, 29, (int64_t[]){ 0, 0, 0, 0, 29 }, NULL, 5);
	struct rollup_counts c30 = counts(30, 30, (int64_t[]){ 0, 0, 0, 0, 30 }, NULL, 5);
	struct index_group g29 = finish(&c29, (int[]){ 5 }, 1), g30 = finish(&c30, (int[]){ 5 }, 1);

	assert_false(g29.q[SURVEY_Q_OFFICER].rankable);
	assert_true(g30.q[SURVEY_Q_OFFICER].rankable);
	assert_near(g30.q[SURVEY_Q_OFFICER].satisfaction, 100.0, TOL);
	assert_near(g30.q[SURVEY_Q_OFFICER].sat_lo, 100.0 * 30 / (30 + 3.841459), TOL); /* 88.6487 */
}

/* ---- ranking ------------------------------------------------------------------------------------ */

/* A group with k of n officer answers satisfied (levels 5 and 1), and procedure answers pk of pn. */
static struct index_group group(int64_t k, int64_t n, int64_t pk, int64_t pn)
{
	struct rollup_counts c = counts(n > pn ? n : pn, 0, (int64_t[]){ n - k, 0, 0, 0, k },
					(int64_t[]){ pn - pk, 0, 0, 0, pk }, 5);

	return finish(&c, (int[]){ 5 }, 1);
}

static void test_rank_by_lower_bound(void **state)
{
	struct index_group g[6];
	size_t order[6];

	(void)state;
	g[0] = group(3, 3, 0, 0);       /* lucky: 100 % of 3, too small */
	g[1] = group(270, 300, 10, 40); /* steady: 90 % of 300, lower bound 86.08 */
	g[2] = group(29, 29, 25, 30);   /* 100 % of 29, lower bound 88.3 but too small */
	g[3] = group(30, 30, 35, 40);   /* 100 % of 30, lower bound 88.65 */
	g[4] = group(50, 100, 30, 30);  /* 50 % of 100 */
	g[5] = group(0, 0, 0, 0);       /* nothing */
	index_rank(g, 6, SURVEY_Q_OFFICER, order);
	/* Rankable by lower bound: 30/30 (88.65) before 270/300 (86.08) before 50/100 (40.4);
	 * then the small ones by n: 29, 3, 0 — the lucky 3/3 never above the steady 300. */
	size_t want[6] = { 3, 1, 4, 2, 0, 5 };
	for (int i = 0; i < 6; i++)
		assert_int_equal(order[i], want[i]);

	/* On the procedure question the same groups rank differently — g4 30/30 (lower bound 88.65),
	 * g3 35/40 (73.89), g2 25/30 (66.44), g1 10/40 (14.19) — and g0 and g5, both n = 0, come last
	 * in their original order. */
	index_rank(g, 6, SURVEY_Q_PROCEDURE, order);
	size_t want_p[6] = { 4, 3, 2, 1, 0, 5 };
	for (int i = 0; i < 6; i++)
		assert_int_equal(order[i], want_p[i]);
}

static void test_rank_lucky_three_below_steady_three_hundred(void **state)
{
	struct index_group g[2] = { group(3, 3, 0, 0), group(270, 300, 0, 0) };
	size_t order[2];

	(void)state;
	/* The plain index says 100 % > 90 %; the ranking must not. */
	assert_true(g[0].q[SURVEY_Q_OFFICER].satisfaction > g[1].q[SURVEY_Q_OFFICER].satisfaction);
	index_rank(g, 2, SURVEY_Q_OFFICER, order);
	assert_int_equal(order[0], 1);
	assert_int_equal(order[1], 0);
	assert_near(g[1].q[SURVEY_Q_OFFICER].sat_lo, 86.0834, TOL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson_no_answers_is_everything),
		cmocka_unit_test(test_wilson_one_answer),
		cmocka_unit_test(test_wilson_all_or_none_of_ten),
		cmocka_unit_test(test_wilson_half_of_hundred),
		cmocka_unit_test(test_scale5_figures),
		cmocka_unit_test(test_scale4_figures),
		cmocka_unit_test(test_scale3_figures),
		cmocka_unit_test(test_mixed_scales),
		cmocka_unit_test(test_empty_group_is_nan),
		cmocka_unit_test(test_rankable_from_thirty),
		cmocka_unit_test(test_rank_by_lower_bound),
		cmocka_unit_test(test_rank_lucky_three_below_steady_three_hundred),
	};
	return cmocka_run_group_tests_name("test_index", tests, NULL, NULL);
}
