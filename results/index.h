/* SPDX-License-Identifier: MIT
 * index.h — the numbers department heads and the province read (DESIGN §6), computed from roll-up
 * counts; pure maths, no SQLite. For a group of answers to one question:
 *   satisfaction index  = satisfied answers ÷ all answers × 100, with its 95 % Wilson interval and n
 *   dissatisfaction rate = dissatisfied answers ÷ all answers × 100
 *   mean level (1..scale), and the same rescaled to 0–100: (mean − 1) ÷ (scale − 1) × 100
 * and for the group's ratings the QĐ 766-style rate = ratings with no dissatisfied answer and no
 * complaint reason ÷ all ratings × 100. Groups with n < INDEX_MIN_RANK are too small to rank;
 * rankings order by the interval's lower bound. Officer figures use only the officer question,
 * procedure figures only the procedure question. */
#ifndef HL_INDEX_H
#define HL_INDEX_H

#include "rollup.h"
#include "survey.h"

#include <stdbool.h>
#include <stdint.h>

#define INDEX_Z 1.959963984540054 /* 95 % */
#define INDEX_MIN_RANK 30

/* Wilson score interval for k successes in n trials, as proportions in [0, 1]. n = 0 gives [0, 1]. */
void index_wilson(int64_t k, int64_t n, double *lo, double *hi);

/* One question's figures. Percentages are 0..100; all NAN when n = 0. */
struct index_q {
	int64_t n, satisfied, dissatisfied;
	double satisfaction, sat_lo, sat_hi;
	double dissatisfaction, dis_lo, dis_hi;
	double mean, mean100;
	int scale;                          /* the answers' scale; -1 when the group mixes scales */
	int64_t level[SURVEY_SCALE_MAX];    /* count per level; meaningful when scale > 0 */
	bool rankable;                      /* n >= INDEX_MIN_RANK */
};

struct index_group {
	int64_t ratings, clean;
	double rate766; /* NAN when no ratings */
	struct index_q q[SURVEY_Q_COUNT];
	int64_t reason[SURVEY_R_COUNT];
};

/* Sums the roll-up rows of one group (possibly several scales). Zero it before the first add. */
struct index_acc {
	int64_t ratings, clean;
	int64_t n[SURVEY_Q_COUNT], sat[SURVEY_Q_COUNT], dis[SURVEY_Q_COUNT];
	double sum100[SURVEY_Q_COUNT], sum_level[SURVEY_Q_COUNT];
	int64_t level[SURVEY_Q_COUNT][SURVEY_SCALE_MAX];
	int scale; /* 0: none yet, -1: mixed */
	int64_t reason[SURVEY_R_COUNT];
};
void index_add(struct index_acc *a, const struct rollup_counts *c, int scale);
void index_finish(const struct index_acc *a, struct index_group *out);

/* Sorts groups for a ranking on question q: rankable groups first by the lower bound of the
 * satisfaction interval, highest first; then the too-small ones by n. order[] gets indexes into g. */
void index_rank(const struct index_group *g, size_t n, int q, size_t *order);

#endif
