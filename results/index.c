/* SPDX-License-Identifier: MIT
 * index.c — the Wilson interval rather than the normal approximation, because small groups (an
 * officer's month) sit near 100 % where the normal interval overshoots and ranks a lucky n = 3 above a
 * steady n = 300. */
#include "index.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void index_wilson(int64_t k, int64_t n, double *lo, double *hi)
{
	if (n <= 0) {
		*lo = 0;
		*hi = 1;
		return;
	}
	double p = (double)k / (double)n, z2 = INDEX_Z * INDEX_Z, nn = (double)n;
	double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
	double half = INDEX_Z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
	*lo = centre - half < 0 ? 0 : centre - half;
	*hi = centre + half > 1 ? 1 : centre + half;
}

void index_add(struct index_acc *a, const struct rollup_counts *c, int scale)
{
	if (!survey_scale_valid(scale))
		return;
	a->ratings += c->n;
	a->clean += c->clean;
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		for (int l = 1; l <= scale; l++) {
			int64_t k = c->level[q][l - 1];
			a->n[q] += k;
			a->sat[q] += survey_level_satisfied(scale, l) ? k : 0;
			a->dis[q] += survey_level_dissatisfied(scale, l) ? k : 0;
			a->sum_level[q] += (double)k * l;
			a->sum100[q] += (double)k * (l - 1) * 100.0 / (scale - 1);
			a->level[q][l - 1] += k;
		}
	}
	for (int r = 0; r < SURVEY_R_COUNT; r++)
		a->reason[r] += c->reason[r];
	if (c->n)
		a->scale = a->scale == 0 || a->scale == scale ? scale : -1;
}

void index_finish(const struct index_acc *a, struct index_group *g)
{
	memset(g, 0, sizeof *g);
	g->ratings = a->ratings;
	g->clean = a->clean;
	g->rate766 = a->ratings ? 100.0 * (double)a->clean / (double)a->ratings : NAN;
	memcpy(g->reason, a->reason, sizeof g->reason);
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		struct index_q *x = &g->q[q];
		double lo, hi;
		x->n = a->n[q];
		x->satisfied = a->sat[q];
		x->dissatisfied = a->dis[q];
		x->scale = a->scale;
		memcpy(x->level, a->level[q], sizeof x->level);
		x->rankable = x->n >= INDEX_MIN_RANK;
		if (x->n == 0) {
			x->satisfaction = x->sat_lo = x->sat_hi = NAN;
			x->dissatisfaction = x->dis_lo = x->dis_hi = NAN;
			x->mean = x->mean100 = NAN;
			continue;
		}
		double n = (double)x->n;
		x->satisfaction = 100.0 * (double)x->satisfied / n;
		index_wilson(x->satisfied, x->n, &lo, &hi);
		x->sat_lo = 100 * lo;
		x->sat_hi = 100 * hi;
		x->dissatisfaction = 100.0 * (double)x->dissatisfied / n;
		index_wilson(x->dissatisfied, x->n, &lo, &hi);
		x->dis_lo = 100 * lo;
		x->dis_hi = 100 * hi;
		x->mean = a->scale > 0 ? a->sum_level[q] / n : NAN;
		x->mean100 = a->sum100[q] / n;
	}
}

struct index_sort {
	const struct index_group *g;
	int q;
};

static int index_cmp(const void *pa, const void *pb, void *ud)
{
	const struct index_sort *k = ud;
	const struct index_q *a = &k->g[*(const size_t *)pa].q[k->q];
	const struct index_q *b = &k->g[*(const size_t *)pb].q[k->q];

	if (a->rankable != b->rankable)
		return a->rankable ? -1 : 1;
	if (a->rankable && a->sat_lo != b->sat_lo)
		return a->sat_lo > b->sat_lo ? -1 : 1;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	return (*(const size_t *)pa > *(const size_t *)pb) - (*(const size_t *)pa < *(const size_t *)pb);
}

void index_rank(const struct index_group *g, size_t n, int q, size_t *order)
{
	struct index_sort k = { g, q };

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof *order, index_cmp, &k);
}
