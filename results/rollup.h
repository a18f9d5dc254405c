/* SPDX-License-Identifier: MIT
 * rollup.h — the counts that reports read instead of single ratings. A rating adds to one row per
 * dimension (its counter, its officer, its procedure, its site, and the pairs officer × procedure,
 * officer × counter, procedure × counter that drill-downs read) and grain (its day, its month; the
 * pairs by day only). The rows of a batch are summed here in memory, so a transaction writes each
 * touched row once. Pure: the store writes the rows; this module only counts. */
#ifndef HL_ROLLUP_H
#define HL_ROLLUP_H

#include "hl.h"
#include "survey.h"
#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per counter, officer, procedure, and the whole site (code ""), so a site's weekly trend reads a
 * row per day instead of a row per counter and day: the single dimensions, which reports are per
 * (ROLLUP_DIM_COUNT of them). Then the pairs a drill-down reads — an officer's procedures and
 * counters, a procedure's counters — whose code is "FIRST/SECOND" (codes are [A-Za-z0-9._-], so
 * ROLLUP_PAIR_SEP never occurs in one; an unknown officer or procedure is "" on its side, so each
 * pair dimension sums to the same totals as a single one). */
enum rollup_dim {
	ROLLUP_COUNTER,
	ROLLUP_OFFICER,
	ROLLUP_PROCEDURE,
	ROLLUP_SITE,
	ROLLUP_DIM_COUNT, /* the single dimensions */
	ROLLUP_OFFICER_PROCEDURE = ROLLUP_DIM_COUNT, /* "officer/procedure" */
	ROLLUP_OFFICER_COUNTER,                      /* "officer/counter" */
	ROLLUP_PROCEDURE_COUNTER,                    /* "procedure/counter" */
	ROLLUP_DIM_ALL                               /* every dimension, single and pair */
};
enum rollup_grain { ROLLUP_DAY, ROLLUP_MONTH, ROLLUP_GRAIN_COUNT };

#define ROLLUP_PAIR_SEP '/'
#define ROLLUP_CODE_MAX (2 * HL_CODE_MAX + 1) /* bytes of a pair code, "FIRST/SECOND" */

/* The pair dimension whose first part is single dimension `first` and second part `second`
 * (ROLLUP_OFFICER, ROLLUP_PROCEDURE → ROLLUP_OFFICER_PROCEDURE …), or -1 when none is kept. */
int rollup_pair_dim(int first, int second);
/* Whether dim is one of the pair dimensions. */
bool rollup_dim_is_pair(int dim);
/* The grains dim is kept in, ROLLUP_DAY … rollup_dim_grains(dim) - 1: both for a single dimension,
 * the day alone for a pair (month rows a database may hold from before are never read). */
int rollup_dim_grains(int dim);

struct rollup_key {
	int dim;        /* enum rollup_dim */
	int grain;      /* enum rollup_grain */
	int32_t period; /* local day number, or YYYYMM */
	int scale;
	char site[HL_CODE_MAX + 1];
	/* counter, officer or procedure code ("" when unknown), "" for a site row, "FIRST/SECOND" for a
	 * pair row */
	char code[ROLLUP_CODE_MAX + 1];
};

struct rollup_counts {
	int64_t n;     /* ratings */
	int64_t clean; /* ratings with no dissatisfied answer and no reason (QĐ 766-style) */
	int64_t level[SURVEY_Q_COUNT][SURVEY_SCALE_MAX]; /* [question][level - 1] */
	int64_t reason[SURVEY_R_COUNT];
};

struct rollup_row {
	struct rollup_key key;
	struct rollup_counts c;
};

/* True when r has no dissatisfied answer and no reason (counts toward the QĐ 766-style rate). */
bool rollup_is_clean(const struct rating *r);
/* Adds one rating's counts into c. */
void rollup_count(struct rollup_counts *c, const struct rating *r);
/* c += d. */
void rollup_sum(struct rollup_counts *c, const struct rollup_counts *d);

/* A growing set of rows with distinct keys. Owns its memory; rollup_set_free(NULL) is safe. */
struct rollup_set;
struct rollup_set *rollup_set_new(void);
void rollup_set_free(struct rollup_set *s);
void rollup_set_clear(struct rollup_set *s);
/* Adds rating r, which belongs to local day `day`, to the eleven rows it touches (four single
 * dimensions × day and month, three pairs × day). HL_ERR_NOMEM. */
int rollup_set_add(struct rollup_set *s, const struct rating *r, int32_t day);
/* The same for the dimensions dim_from … dim_to only (e.g. the pair dimensions when a migration
 * adds them). */
int rollup_set_add_dims(struct rollup_set *s, const struct rating *r, int32_t day, int dim_from, int dim_to);
/* Adds counts c into the row with key k (created at zero). HL_ERR_NOMEM. */
int rollup_set_merge(struct rollup_set *s, const struct rollup_key *k, const struct rollup_counts *c);
/* Puts the rows in key order (dim, grain, period, site, code, scale: the store's), so that writing
 * them walks the stored table once. HL_ERR_NOMEM (the set is unchanged then). */
int rollup_set_sort(struct rollup_set *s);
size_t rollup_set_count(const struct rollup_set *s);
/* Row i, 0 <= i < count, in insertion order; borrowed until the set changes. */
const struct rollup_row *rollup_set_row(const struct rollup_set *s, size_t i);

/* A growable array of rows, e.g. the result of a query. Owns v; rollup_list_free(NULL) is safe. */
struct rollup_list {
	struct rollup_row *v;
	size_t n, cap;
};
/* Appends a copy of *row to the list ud; shaped as a row callback. HL_ERR_NOMEM. */
int rollup_list_push(void *ud, const struct rollup_row *row);
void rollup_list_free(struct rollup_list *l);

#endif
