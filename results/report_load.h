/* SPDX-License-Identifier: MIT
 * report_load.h — gathers what a report shows from the store: the summed roll-ups grouped per
 * officer, procedure, counter or site (or one officer's procedures or counters, one procedure's
 * counters), names from the roster, and for HTML the weekly trend and the unresolved complaint flags
 * (their summaries in words, in Vietnamese: flag_words.h). Used by the `report` command and the
 * benchmark, so both measure and show the same thing. */
#ifndef HL_REPORT_LOAD_H
#define HL_REPORT_LOAD_H

#include "report.h"
#include "store.h"

#include <stdbool.h>

/* Everything a struct report points to; free with report_load_free. */
struct report_buffers;

/* The pair dimension of r's drill-down (rollup.h), -1 when r is none, -2 when r's filter is one
 * that cannot be (see report_load). */
int report_load_pair_dim(const struct report *r);

/* Fills r (whose dim, days, all_time, site, generated and utc_offset the caller set, and for a
 * drill-down officer or procedure) from the store. A drill-down reads the pair roll-ups: officer
 * with procedures → officer × procedure, officer with counters → officer × counter, procedure with
 * counters → procedure × counter, each row's code the second code; r->subject_name gets the
 * subject's roster name. with_html_parts: also the weekly trend (a drill-down's: its subject's, from
 * the same pair dimension's day rows), the open flags and, over a period, the previous period's rows
 * (r->prev_*; none over all stored data). HL_ERR_INVALID, reading nothing, for a
 * filter the report cannot take: an officer without a site or with another dimension, a procedure
 * with another dimension than counters, or both (callers check first, to say why). On other
 * failures, HL_ERR_* and the store's message in store_errmsg. *bufs is set either way (free it). */
int report_load(struct store *s, struct report *r, bool with_html_parts, struct report_buffers **bufs);
void report_load_free(struct report_buffers *b);

#endif
