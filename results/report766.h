/* SPDX-License-Identifier: MIT
 * report766.h — `report 766`: per site and procedure, the one-stop system's dossier figures for whole
 * months beside the terminal's dissatisfied share over the same days, and the QĐ 766 satisfaction
 * criterion estimated from both (dossier.h: the formula, why it is an estimate); a total row per site
 * and, over several sites, one for all. As an aligned table, CSV (UTF-8 with a BOM), JSON, or one
 * self-contained Vietnamese HTML page (report766_html.c); every format says it is an estimate ("ước
 * tính") and prints the formula beside the numbers. A group without dossier data, without resolved
 * dossiers or without ratings has no rate ("no data": "—", empty, null), never 0. Pure: the figures
 * come in (the store's dossier rows, report.h's grouped roll-ups), text goes out to the caller's
 * FILE. */
#ifndef HL_REPORT766_H
#define HL_REPORT766_H

#include "dossier.h"
#include "period.h"
#include "report.h"
#include "roster.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum report766_kind { REPORT766_PROCEDURE, REPORT766_SITE, REPORT766_ALL };

/* One row: a procedure of a site, a site's total, or the total of every site shown. */
struct report766_row {
	int kind;                        /* enum report766_kind */
	char site[HL_CODE_MAX + 1];      /* "" for REPORT766_ALL */
	char procedure[HL_CODE_MAX + 1]; /* "" but for REPORT766_PROCEDURE; "" there too for ratings without one */
	const char *name;                /* the procedure's roster name; NULL when unknown. Borrowed. */
	const char *site_name;           /* the site's roster name; NULL when unknown (and for ALL). Borrowed. */
	struct dossier_sum d;            /* the dossier counts of the period; d.months 0: no dossier data */
	int64_t ratings;                 /* the terminal's ratings of the period */
	double rate766;                  /* their QĐ 766-style rate (index.h), NAN without ratings */
	struct dossier_estimate e;
};

struct report766 {
	struct period_range days; /* whole months */
	int32_t month_from, month_to; /* YYYYMM */
	const char *site;        /* NULL: every site */
	const char *site_name;   /* site's roster name (report766_build sets it); NULL when unknown or none */
	double max_points;
	int64_t generated;       /* Unix seconds */
	int utc_offset;          /* seconds east of UTC, for the time generated */
	int lang;                /* the table's language (i18n.h; the HTML page is Vietnamese, CSV and JSON
				  * machine-readable) */
	struct report766_row *rows; /* each site's procedures in code order then its total; sites in order;
				     * then, with more than one site, the total of all */
	size_t nrows, nsites;
	bool dossiers;           /* any dossier data in the period */
};

/* Whether days is whole months — one (YYYY-MM), a quarter or a year. */
bool report766_period_ok(struct period_range days);

/* Fills r's rows from the dossier rows of the period (drows[0..nd), sorted by site, procedure, month,
 * as store_dossier_rows gives them), the ratings per site and procedure (procs, report_group of the
 * ROLLUP_PROCEDURE roll-ups) and per site (sites, of ROLLUP_SITE) with their total (total), and
 * names from roster (may be NULL). r's days, site, max_points, generated and utc_offset are the
 * caller's; month_from and month_to are set here. Rows are the union of the groups with dossier data
 * and those with ratings; sites are named from roster's ROSTER_SITE list. HL_OK or HL_ERR_NOMEM;
 * free with report766_free. */
int report766_build(struct report766 *r, const struct dossier_row *drows, size_t nd, const struct report_row *procs,
		    size_t np, const struct report_row *sites, size_t ns, const struct index_group *total,
		    const struct roster *roster);
void report766_free(struct report766 *r);

/* Writes r in fmt. HL_OK, HL_ERR_IO when out fails, HL_ERR_NOMEM. */
int report766_write(FILE *out, enum report_format fmt, const struct report766 *r);

/* ---- shared with report766_html.c ------------------------------------------------------------- */

/* The period in words: "2026-Q4" / "2026" / "2026-11" (vi false), "Quý IV/2026" / "Năm 2026" /
 * "Tháng 11/2026" (vi true). */
void report766_period_label(const struct report766 *r, char *buf, size_t cap, bool vi);
/* The page (report766_html.c). */
int report766_html_write(FILE *out, const struct report766 *r);

#endif
