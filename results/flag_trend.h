/* SPDX-License-Identifier: MIT
 * flag_trend.h — the trend rule (part of the flags API of flags.h): officers whose dissatisfaction
 * lies above their site's over the trend period, from counts or from officer roll-up rows. Stateless;
 * candidates are appended to a caller's list. */
#ifndef HL_FLAG_TREND_H
#define HL_FLAG_TREND_H

#include "flags.h"
#include "rollup.h"

/* ---- trend ------------------------------------------------------------------------------------- */

/* Officer-question answers of one officer (or of a whole site) over the trend period. */
struct flag_trend_count {
	char site[HL_CODE_MAX + 1];
	char officer[HL_CODE_MAX + 1]; /* "" for the site's total, or an unknown officer */
	int64_t n, dissatisfied;
};

/* The trend rule for one site: each officer in o[0..n) (of site->site; unknown officers are skipped)
 * with o->n >= trend_min_n whose Wilson interval's lower bound lies above the upper bound of the
 * site's interval gets a candidate. HL_ERR_NOMEM. */
int flag_trend(const struct flag_params *p, const struct flag_trend_count *site,
	       const struct flag_trend_count *o, size_t n, struct flag_list *out);

/* The same from officer roll-up rows summed over the period (store_query on ROLLUP_OFFICER; any
 * order, several scales): sums per officer and per site (all of its answers, unknown officers
 * included) and applies flag_trend to every site. HL_ERR_NOMEM. */
int flag_trend_rows(const struct flag_params *p, const struct rollup_row *rows, size_t n,
		    struct flag_list *out);

#endif
