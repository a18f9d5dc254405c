/* SPDX-License-Identifier: MIT
 * report_load.h — gathers what a report shows from the store: the summed roll-ups grouped per
 * officer, procedure, counter or site, names from the roster, and for HTML the weekly trend and the
 * unresolved complaint flags. Used by the `report` command and the benchmark, so both measure and
 * show the same thing. */
#ifndef HL_REPORT_LOAD_H
#define HL_REPORT_LOAD_H

#include "report.h"
#include "store.h"

#include <stdbool.h>

/* Everything a struct report points to; free with report_load_free. */
struct report_buffers;

/* Fills r (whose dim, days, all_time, site, generated and utc_offset the caller set) from the store.
 * with_html_parts: also the weekly trend and the open flags. On failure, HL_ERR_* and the store's
 * message in store_errmsg. *bufs is set either way (free it). */
int report_load(struct store *s, struct report *r, bool with_html_parts, struct report_buffers **bufs);
void report_load_free(struct report_buffers *b);

#endif
