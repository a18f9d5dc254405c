/* SPDX-License-Identifier: MIT
 * store_read.c — the store's reads for reports and checks: roll-up sums over a period range (whole
 * months from month rows, the rest from day rows; a pair dimension, kept by day only, from day rows
 * throughout), day rows for trends, both also narrowed to one drill-down subject of a pair
 * dimension; counter sums computed from the single ratings, counts, the newest rejected messages and
 * the totals of those no longer kept, and whether a site is the roster's. It only reads
 * (store_index_raw adds an index, never data) and owns no lasting statement but uses store.c's
 * prepared roll-up query. */
#include "store_int.h"

#include "survey.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reads ------------------------------------------------------------------------------------- */

/* Reads site, code, scale and the count columns, starting at column col, into row's key and counts
 * (dim, grain and period are the caller's). */
static void store_read_row(sqlite3_stmt *st, int col, struct rollup_row *row)
{
	snprintf(row->key.site, sizeof row->key.site, "%s", (const char *)sqlite3_column_text(st, col));
	snprintf(row->key.code, sizeof row->key.code, "%s", (const char *)sqlite3_column_text(st, col + 1));
	row->key.scale = sqlite3_column_int(st, col + 2);
	for (int i = 0; i < STORE_NCOUNTS; i++)
		*store_counts_at(&row->c, i) = sqlite3_column_int64(st, col + 3 + i);
}

/* A drill-down's bounds on the code column: the pair codes "FIRST/…" are those with
 * "FIRST/" <= code < "FIRST0" ('0' is the byte after ROLLUP_PAIR_SEP '/', the column compares bytes
 * (BINARY), and no code holds a '/'). */
struct store_prefix {
	char lo[HL_CODE_MAX + 2], hi[HL_CODE_MAX + 2];
	size_t len; /* of lo: what the code loses to become the second code alone */
};

static int store_prefix_make(int dim, const char *first, struct store_prefix *p)
{
	size_t n = first ? strlen(first) : 0;

	if (!rollup_dim_is_pair(dim) || !first || n > HL_CODE_MAX || strchr(first, ROLLUP_PAIR_SEP))
		return HL_ERR_INVALID;
	memcpy(p->lo, first, n);
	memcpy(p->hi, first, n);
	p->lo[n] = ROLLUP_PAIR_SEP;
	p->hi[n] = ROLLUP_PAIR_SEP + 1;
	p->lo[n + 1] = p->hi[n + 1] = '\0';
	p->len = n + 1;
	return HL_OK;
}

/* Drops the drill-down's "FIRST/" from a pair row's code. */
static void store_strip(struct rollup_row *row, const struct store_prefix *p)
{
	if (p && strncmp(row->key.code, p->lo, p->len) == 0)
		memmove(row->key.code, row->key.code + p->len, strlen(row->key.code + p->len) + 1);
}

/* Adds the rows of one period span into set: through st, the store's prepared roll-up query, or a
 * pair query taking p's bounds as ?6 and ?7. */
static int store_query_span(sqlite3_stmt *st, int dim, int grain, int32_t lo, int32_t hi, const char *site,
			    const struct store_prefix *p, struct rollup_set *set)
{
	int step, rc = HL_OK;

	if (lo > hi)
		return HL_OK;
	sqlite3_bind_int(st, 1, dim);
	sqlite3_bind_int(st, 2, grain);
	sqlite3_bind_int(st, 3, lo);
	sqlite3_bind_int(st, 4, hi);
	if (site)
		sqlite3_bind_text(st, 5, site, -1, SQLITE_STATIC);
	if (p) {
		sqlite3_bind_text(st, 6, p->lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, p->hi, -1, SQLITE_STATIC);
	}
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct rollup_row row = { .key = { .dim = dim, .grain = -1 } };
		store_read_row(st, 0, &row);
		store_strip(&row, p);
		rc = rollup_set_merge(set, &row.key, &row.c);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int store_row_cmp(const void *a, const void *b)
{
	const struct rollup_row *x = *(const struct rollup_row *const *)a;
	const struct rollup_row *y = *(const struct rollup_row *const *)b;
	int c = strcmp(x->key.site, y->key.site);

	if (!c)
		c = strcmp(x->key.code, y->key.code);
	return c ? c : x->key.scale - y->key.scale;
}

/* Calls fn for every row of set in (site, code, scale) order. */
static int store_emit_sorted(const struct rollup_set *set, store_row_fn fn, void *ud)
{
	size_t n = rollup_set_count(set);
	const struct rollup_row **rows = malloc((n ? n : 1) * sizeof *rows);
	int rc = HL_OK;

	if (!rows)
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < n; i++)
		rows[i] = rollup_set_row(set, i);
	qsort(rows, n, sizeof *rows, store_row_cmp);
	for (size_t i = 0; i < n && rc == HL_OK; i++)
		rc = fn(ud, rows[i]);
	free(rows);
	return rc;
}

/* store_query and store_query_pair: the cover's head days, whole months and tail days; a pair
 * dimension's day rows over the whole range (it has no month rows but those a database may hold from
 * before they were dropped, which are stale and never read). */
static int store_sum(sqlite3_stmt *st, int dim, struct period_range r, const char *site, const struct store_prefix *p,
		     store_row_fn fn, void *ud)
{
	struct rollup_set *set = rollup_set_new();
	struct period_cover cv;
	int rc;

	if (!set)
		return HL_ERR_NOMEM;
	if (rollup_dim_grains(dim) > ROLLUP_MONTH)
		period_cover(r, &cv);
	else
		cv = (struct period_cover){ .head_days = r, .month_from = 1, .month_to = 0, .tail_days = { 1, 0 } };
	rc = store_query_span(st, dim, ROLLUP_DAY, cv.head_days.from, cv.head_days.to, site, p, set);
	if (rc == HL_OK)
		rc = store_query_span(st, dim, ROLLUP_MONTH, cv.month_from, cv.month_to, site, p, set);
	if (rc == HL_OK)
		rc = store_query_span(st, dim, ROLLUP_DAY, cv.tail_days.from, cv.tail_days.to, site, p, set);
	if (rc == HL_OK)
		rc = store_emit_sorted(set, fn, ud);
	rollup_set_free(set);
	return rc;
}

int store_query(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		void *ud)
{
	return store_sum(s->query, dim, r, site, NULL, fn, ud);
}

/* The days ?3 … ?4 that hold any rating (the site day rows' span), and the sites ?5 (NULL: every
 * site with ratings), as the two tables a drill-down's seeks walk: one seek per day and site on the
 * roll-up key's (dim, grain, period, site, code) prefix reads only the subject's rows, where a range
 * over the days would read every pair row of them (a quarter's day rows of one officer: 1 ms instead
 * of 40 over 10 M ratings). Pairs are kept by day only (rollup_dim_grains): grain 0 is written
 * into the query, so the month pair rows a database may hold from before are never read. */
#define STORE_PAIR_WALK                                                                                    \
	"WITH RECURSIVE d(p) AS (SELECT max(?3, coalesce((SELECT min(period) FROM rollup WHERE dim = 3"       \
	" AND grain = 0), ?4)) UNION ALL SELECT p + 1 FROM d WHERE p < min(?4, coalesce((SELECT max(period)" \
	" FROM rollup WHERE dim = 3 AND grain = 0), ?4))), s(site) AS (SELECT DISTINCT site FROM rollup"     \
	" WHERE dim = 3 AND grain = 1 AND (?5 IS NULL OR site = ?5)) "
_Static_assert(ROLLUP_SITE == 3 && ROLLUP_DAY == 0 && ROLLUP_MONTH == 1,
	       "STORE_PAIR_WALK reads the site rows as dim 3, days as grain 0, months as grain 1");
/* CROSS JOIN keeps that order (SQLite does not reorder it). */
#define STORE_PAIR_FROM                                                                                    \
	" FROM d CROSS JOIN s CROSS JOIN rollup AS r WHERE r.dim = ?1 AND r.grain = 0 AND r.period = d.p"     \
	" AND d.p BETWEEN ?3 AND ?4 AND r.site = s.site AND r.code >= ?6 AND r.code < ?7"

int store_query_pair(struct store *s, int dim, const char *first, struct period_range r, const char *site,
		     store_row_fn fn, void *ud)
{
	char sql[4096] = STORE_PAIR_WALK "SELECT r.site, r.code, r.scale, ";
	struct store_prefix p;
	sqlite3_stmt *st = NULL;
	int rc;

	if (store_prefix_make(dim, first, &p) != HL_OK)
		return HL_ERR_INVALID;
	store_columns(sql, sizeof sql, "SUM(r.%s)");
	strcat(sql, STORE_PAIR_FROM " GROUP BY r.site, r.code, r.scale");
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	rc = store_sum(st, dim, r, site, &p, fn, ud);
	sqlite3_finalize(st);
	return rc;
}

/* store_query_days and store_query_pair_days (through the drill-down's seeks). */
static int store_days(struct store *s, int dim, const struct store_prefix *p, struct period_range r, const char *site,
		      store_row_fn fn, void *ud)
{
	char sql[4096] = "SELECT period, site, code, scale, ";
	sqlite3_stmt *st = NULL;
	int step = SQLITE_ERROR, rc = HL_OK;

	if (p) {
		snprintf(sql, sizeof sql, "%s", STORE_PAIR_WALK "SELECT r.period, r.site, r.code, r.scale, ");
		store_columns(sql, sizeof sql, "r.%s");
		strcat(sql, STORE_PAIR_FROM " ORDER BY r.period, r.site, r.code, r.scale");
	} else {
		store_columns(sql, sizeof sql, "%s");
		strcat(sql, " FROM rollup WHERE dim = ?1 AND grain = ?2 AND period BETWEEN ?3 AND ?4"
			    " AND (?5 IS NULL OR site = ?5) ORDER BY period, site, code, scale");
	}
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_int(st, 1, dim);
	sqlite3_bind_int(st, 2, ROLLUP_DAY);
	sqlite3_bind_int(st, 3, r.from);
	sqlite3_bind_int(st, 4, r.to);
	if (site)
		sqlite3_bind_text(st, 5, site, -1, SQLITE_STATIC);
	if (p) {
		sqlite3_bind_text(st, 6, p->lo, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, p->hi, -1, SQLITE_STATIC);
	}
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct rollup_row row = { .key = { .dim = dim, .grain = ROLLUP_DAY } };
		row.key.period = sqlite3_column_int(st, 0);
		store_read_row(st, 1, &row);
		store_strip(&row, p);
		rc = fn(ud, &row);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_query_days(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		     void *ud)
{
	return store_days(s, dim, NULL, r, site, fn, ud);
}

int store_query_pair_days(struct store *s, int dim, const char *first, struct period_range r, const char *site,
			  store_row_fn fn, void *ud)
{
	struct store_prefix p;

	if (store_prefix_make(dim, first, &p) != HL_OK)
		return HL_ERR_INVALID;
	return store_days(s, dim, &p, r, site, fn, ud);
}

int store_query_raw_counters(struct store *s, struct period_range r, const char *site, store_row_fn fn,
			     void *ud)
{
	static const char *const answer_column[SURVEY_Q_COUNT] = { "a_officer", "a_procedure", "a_result" };
	char sql[2048] = "SELECT site, counter, scale, count(*), sum(hl_clean(scale, a_officer,"
			 " a_procedure, a_result, reasons))";
	sqlite3_stmt *st = NULL;
	int step = SQLITE_ERROR, rc = HL_OK;

	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		for (int l = 1; l <= SURVEY_SCALE_MAX; l++)
			snprintf(sql + strlen(sql), sizeof sql - strlen(sql), ", sum(%s = %d)",
				 answer_column[q], l);
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		snprintf(sql + strlen(sql), sizeof sql - strlen(sql), ", sum((reasons >> %d) & 1)", i);
	strcat(sql, " FROM rating WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site = ?3)"
		    " GROUP BY site, counter, scale ORDER BY site, counter, scale");
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_int(st, 1, r.from);
	sqlite3_bind_int(st, 2, r.to);
	if (site)
		sqlite3_bind_text(st, 3, site, -1, SQLITE_STATIC);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct rollup_row row = { .key = { .dim = ROLLUP_COUNTER, .grain = -1 } };
		store_read_row(st, 0, &row);
		rc = fn(ud, &row);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_index_raw(struct store *s)
{
	return store_exec(s, "CREATE INDEX IF NOT EXISTS rating_raw_counters ON rating(day, site, counter,"
			     " scale, a_officer, a_procedure, a_result, reasons)");
}

int store_count(struct store *s, int64_t *ratings, int64_t *rejected)
{
	sqlite3_stmt *st = NULL;
	int rc = HL_ERR_DB;

	*ratings = *rejected = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT count(*) FROM rating), (SELECT count(*) FROM rejected)",
			       -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*ratings = sqlite3_column_int64(st, 0);
		*rejected = sqlite3_column_int64(st, 1);
		rc = HL_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int store_rejected(struct store *s, int limit, store_reject_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	int step = SQLITE_ERROR, rc = HL_OK;

	if (sqlite3_prepare_v2(s->db,
			       "SELECT id, received, topic, payload, size, reason FROM (SELECT * FROM rejected"
			       " ORDER BY id DESC LIMIT ?) ORDER BY id",
			       -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_int(st, 1, limit);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_reject_row row = {
			.id = sqlite3_column_int64(st, 0),
			.received = sqlite3_column_int64(st, 1),
			.topic = (const char *)sqlite3_column_text(st, 2),
			.payload = sqlite3_column_blob(st, 3),
			.kept = (size_t)sqlite3_column_bytes(st, 3),
			.size = (size_t)sqlite3_column_int64(st, 4),
			.reason = (const char *)sqlite3_column_text(st, 5),
		};
		rc = fn(ud, &row);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_rejected_dropped(struct store *s, store_reject_total_fn fn, void *ud)
{
	sqlite3_stmt *st = NULL;
	int step = SQLITE_ERROR, rc = HL_OK;

	if (sqlite3_prepare_v2(s->db, "SELECT reason, count, first, last FROM rejected_dropped"
			       " ORDER BY count DESC, reason", -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_reject_total t = {
			.reason = (const char *)sqlite3_column_text(st, 0),
			.count = sqlite3_column_int64(st, 1),
			.first = sqlite3_column_int64(st, 2),
			.last = sqlite3_column_int64(st, 3),
		};
		rc = fn(ud, &t);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

bool store_site_known(void *ud, const char *site)
{
	struct store *s = ud;
	sqlite3_stmt *st = s->site_known;
	bool known = true;

	sqlite3_bind_text(st, 1, site, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		known = sqlite3_column_int(st, 0) != 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return known;
}
