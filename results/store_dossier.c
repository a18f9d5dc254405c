/* SPDX-License-Identifier: MIT
 * store_dossier.c — the SQL of the dossier counts (table dossier_month of schema v12). It touches no
 * other table. Its statements are prepared by the call that uses them rather than at open: only
 * `import dossiers` and `report 766` use them, each once per run, and every other connection (the
 * daemon's, each of the web console's) would pay for them at open and never use them. Rows are
 * checked again on the way in although the importer checked them: the store is the last place that
 * can keep a negative count or an overdue figure above the resolved one out of every report. */
#include "store_dossier.h"
#include "store_int.h"

#include "topic.h"
#include "wire.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool store_dossier_row_ok(const struct dossier_row *r)
{
	return memchr(r->site, '\0', sizeof r->site) && topic_id_valid(r->site) &&
	       memchr(r->procedure, '\0', sizeof r->procedure) && r->procedure[0] && wire_code_valid(r->procedure) &&
	       dossier_month_valid(r->month) && dossier_counts_valid(&r->c);
}

/* The order of the table's key: site, month, procedure. */
static int store_dossier_cmp(const void *a, const void *b)
{
	const struct dossier_row *x = *(const struct dossier_row *const *)a, *y = *(const struct dossier_row *const *)b;
	int c = strcmp(x->site, y->site);

	if (!c)
		c = (x->month > y->month) - (x->month < y->month);
	return c ? c : strcmp(x->procedure, y->procedure);
}

int store_dossier_put(struct store *s, const struct dossier_row *rows, size_t n, int64_t imported,
		      struct store_dossier_result *res)
{
	sqlite3_stmt *del = NULL, *put = NULL;
	const struct dossier_row **v = NULL;
	struct store_dossier_result r = { 0 };
	char why[160];
	int rc;

	if (res)
		*res = r;
	s->failed[0] = '\0';
	if (n == 0)
		return store_refuse(s, "no dossier rows to import");
	if (!(v = malloc(n * sizeof *v)))
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (!store_dossier_row_ok(&rows[i])) {
			snprintf(why, sizeof why, "dossier row #%zu has a bad site, procedure, month or count", i + 1);
			free(v);
			return store_refuse(s, why);
		}
		v[i] = &rows[i];
	}
	qsort(v, n, sizeof *v, store_dossier_cmp);
	for (size_t i = 1; i < n; i++)
		if (store_dossier_cmp(&v[i - 1], &v[i]) == 0) {
			snprintf(why, sizeof why, "site %s, procedure %s, month %d is given twice", v[i]->site,
				 v[i]->procedure, (int)v[i]->month);
			free(v);
			return store_refuse(s, why);
		}
	if (sqlite3_prepare_v2(s->db, "DELETE FROM dossier_month WHERE site = ? AND month = ?", -1, &del, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(s->db,
			       "INSERT INTO dossier_month(site, month, procedure, received, resolved, overdue, complaints,"
			       " imported) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
			       -1, &put, NULL) != SQLITE_OK) {
		snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
		rc = HL_ERR_DB;
		goto out;
	}
	if ((rc = store_begin(s)) != HL_OK)
		goto out;
	r.month_from = v[0]->month;
	r.month_to = v[0]->month;
	for (size_t i = 0; rc == HL_OK && i < n; i++) {
		const struct dossier_row *x = v[i];
		bool new_site = i == 0 || strcmp(v[i - 1]->site, x->site) != 0;
		/* A (site, month) the file names is the file's: what was stored for it goes first. */
		if (new_site || v[i - 1]->month != x->month) {
			sqlite3_bind_text(del, 1, x->site, -1, SQLITE_STATIC);
			sqlite3_bind_int(del, 2, x->month);
			if ((rc = store_step(del)) != HL_OK)
				break;
			r.replaced += (size_t)sqlite3_changes(s->db);
		}
		r.sites += new_site;
		r.month_from = x->month < r.month_from ? x->month : r.month_from;
		r.month_to = x->month > r.month_to ? x->month : r.month_to;
		sqlite3_bind_text(put, 1, x->site, -1, SQLITE_STATIC);
		sqlite3_bind_int(put, 2, x->month);
		sqlite3_bind_text(put, 3, x->procedure, -1, SQLITE_STATIC);
		sqlite3_bind_int64(put, 4, x->c.received);
		sqlite3_bind_int64(put, 5, x->c.resolved);
		sqlite3_bind_int64(put, 6, x->c.overdue);
		sqlite3_bind_int64(put, 7, x->c.complaints);
		sqlite3_bind_int64(put, 8, imported);
		rc = store_step(put);
		r.rows++;
	}
	rc = store_end(s, rc);
	if (rc == HL_OK && res)
		*res = r;
out:
	sqlite3_finalize(del);
	sqlite3_finalize(put);
	free(v);
	return rc;
}

int store_dossier_rows(struct store *s, int32_t month_from, int32_t month_to, const char *site,
		       store_dossier_fn fn, void *ud)
{
	sqlite3_stmt *st;
	int rc = HL_OK, step;

	if (sqlite3_prepare_v2(s->db,
			       "SELECT site, procedure, month, received, resolved, overdue, complaints FROM dossier_month"
			       " WHERE month BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site = ?3) ORDER BY site, procedure, month",
			       -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_int(st, 1, month_from);
	sqlite3_bind_int(st, 2, month_to);
	if (site)
		sqlite3_bind_text(st, 3, site, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct dossier_row r = { 0 };
		snprintf(r.site, sizeof r.site, "%s", (const char *)sqlite3_column_text(st, 0));
		snprintf(r.procedure, sizeof r.procedure, "%s", (const char *)sqlite3_column_text(st, 1));
		r.month = sqlite3_column_int(st, 2);
		r.c.received = sqlite3_column_int64(st, 3);
		r.c.resolved = sqlite3_column_int64(st, 4);
		r.c.overdue = sqlite3_column_int64(st, 5);
		r.c.complaints = sqlite3_column_int64(st, 6);
		if ((rc = fn(ud, &r)) != 0)
			break;
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_dossier_count(struct store *s, int64_t *n)
{
	sqlite3_stmt *st;
	int rc = HL_ERR_DB;

	*n = 0;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM dossier_month", -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = HL_OK;
	}
	sqlite3_finalize(st);
	return rc;
}
