/* SPDX-License-Identifier: MIT
 * rollup.h — the counts that reports read instead of single ratings. A rating adds to one row per
 * dimension (its counter, its officer, its procedure, its site) and grain (its day, its month). The rows of a
 * batch are summed here in memory, so a transaction writes each touched row once. Pure: the store
 * writes the rows; this module only counts. */
#ifndef HL_ROLLUP_H
#define HL_ROLLUP_H

#include "hl.h"
#include "survey.h"
#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per counter, officer, procedure, and the whole site (code ""), so a site's weekly trend reads a
 * row per day instead of a row per counter and day. */
enum rollup_dim { ROLLUP_COUNTER, ROLLUP_OFFICER, ROLLUP_PROCEDURE, ROLLUP_SITE, ROLLUP_DIM_COUNT };
enum rollup_grain { ROLLUP_DAY, ROLLUP_MONTH, ROLLUP_GRAIN_COUNT };

struct rollup_key {
	int dim;        /* enum rollup_dim */
	int grain;      /* enum rollup_grain */
	int32_t period; /* local day number, or YYYYMM */
	int scale;
	char site[HL_CODE_MAX + 1];
	char code[HL_CODE_MAX + 1]; /* counter, officer or procedure code ("" when unknown) */
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
/* Adds rating r, which belongs to local day `day`, to the eight rows it touches. HL_ERR_NOMEM. */
int rollup_set_add(struct rollup_set *s, const struct rating *r, int32_t day);
/* Adds counts c into the row with key k (created at zero). HL_ERR_NOMEM. */
int rollup_set_merge(struct rollup_set *s, const struct rollup_key *k, const struct rollup_counts *c);
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
