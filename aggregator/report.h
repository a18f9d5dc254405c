/* SPDX-License-Identifier: MIT
 * report.h — turns summed roll-up rows into what people read: an aligned table, CSV (UTF-8 with a
 * BOM, so spreadsheets keep Vietnamese intact) or JSON. Pure: rows come in, text goes out to a FILE
 * the caller owns. */
#ifndef HL_REPORT_H
#define HL_REPORT_H

#include "period.h"
#include "rollup.h"

#include <stdbool.h>
#include <stdio.h>

enum report_format { REPORT_TABLE, REPORT_CSV, REPORT_JSON };

/* Parses "table", "csv" or "json"; -1 otherwise. */
int report_format_parse(const char *name);

/* What a report covers; borrowed by report_write. */
struct report_meta {
	int dim;                  /* enum rollup_dim */
	struct period_range days; /* the days covered */
	bool all_time;            /* no period was asked for: say so instead of the dates */
	const char *site;         /* NULL: all sites */
};

/* Writes rows[0..n) (summed over the period, in (site, code, scale) order) in format fmt.
 * HL_ERR_IO when out fails, HL_ERR_NOMEM. */
int report_write(FILE *out, enum report_format fmt, const struct report_meta *meta,
		 const struct rollup_row *rows, size_t n);

/* "counters", "officers" or "procedures" for a dimension; its singular column heading. */
const char *report_dim_name(int dim);
const char *report_dim_column(int dim);
/* Dimension for "counters" / "officers" / "procedures", or -1. */
int report_dim_parse(const char *name);

#endif
