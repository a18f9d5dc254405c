/* SPDX-License-Identifier: MIT
 * store_dossier.h — the one-stop system's monthly dossier counts in the aggregator's database (schema
 * v12: dossier_month, one row per site, month and procedure; dossier.h says what the counts mean).
 * An import replaces whole months of a site: every (site, month) an import names loses the rows it had
 * — procedures the new file no longer lists included — and gets the file's, so a month exported
 * again from the one-stop system is that export's truth. Reports read the rows of a range of months. */
#ifndef HL_STORE_DOSSIER_H
#define HL_STORE_DOSSIER_H

#include "dossier.h"
#include "store.h"

#include <stddef.h>
#include <stdint.h>

/* What an import did. */
struct store_dossier_result {
	size_t rows;     /* rows stored */
	size_t replaced; /* rows of the same (site, month)s stored before, now gone */
	size_t sites;    /* distinct sites in the rows */
	int32_t month_from, month_to; /* YYYYMM, the earliest and latest month of the rows */
};

/* Replaces, in one transaction (BEGIN IMMEDIATE … COMMIT), every (site, month) that rows[0..n) name
 * by exactly those rows, with imported (Unix seconds) noted on each; *res (may be NULL) says what
 * changed. HL_ERR_INVALID (nothing changed, store_errmsg says why) when n is 0, a row has a bad site
 * or procedure code, a month that is not YYYYMM, counts dossier_counts_valid refuses, or the same
 * (site, procedure, month) twice; HL_ERR_DB (nothing changed) when the database refuses;
 * HL_ERR_NOMEM. rows are borrowed for the call. */
int store_dossier_put(struct store *s, const struct dossier_row *rows, size_t n, int64_t imported,
		      struct store_dossier_result *res);

/* Called per stored row, borrowed for the call; a non-zero return stops and is returned. */
typedef int (*store_dossier_fn)(void *ud, const struct dossier_row *row);
/* The stored rows of months month_from … month_to (YYYYMM, both included), for one site or all
 * (site NULL), in (site, procedure, month) order; row->line is 0. HL_OK, HL_ERR_DB or fn's value. */
int store_dossier_rows(struct store *s, int32_t month_from, int32_t month_to, const char *site,
		       store_dossier_fn fn, void *ud);
/* How many rows are stored in all (for checks). HL_OK or HL_ERR_DB. */
int store_dossier_count(struct store *s, int64_t *n);

#endif
