/* SPDX-License-Identifier: MIT
 * store.c — every SQL statement of the aggregator. Statements are prepared once at open; writes run
 * in BEGIN IMMEDIATE transactions so a second writer waits instead of failing half-way; the schema
 * version lives in PRAGMA user_version and grows one migration step at a time. Roll-up counts are
 * computed by the pure rollup module, never in SQL, so a rebuilt roll-up equals an incremental one
 * by construction. */
#include "store.h"
#include "store_int.h"

#include "survey.h"
#include "uuid.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Count columns of a roll-up row, in the order of struct rollup_counts. */
#define STORE_NCOUNTS (2 + SURVEY_Q_COUNT * SURVEY_SCALE_MAX + SURVEY_R_COUNT)

static const char *store_column(int i, char buf[16])
{
	if (i == 0)
		return "n";
	if (i == 1)
		return "clean";
	i -= 2;
	if (i < SURVEY_Q_COUNT * SURVEY_SCALE_MAX) {
		snprintf(buf, 16, "%c%d", i / SURVEY_SCALE_MAX == SURVEY_Q_OFFICER ? 'o' : 'p',
			 i % SURVEY_SCALE_MAX + 1);
		return buf;
	}
	snprintf(buf, 16, "r%d", i - SURVEY_Q_COUNT * SURVEY_SCALE_MAX + 1);
	return buf;
}

/* Appends fmt for each count column, joined by ", ". fmt gets the column name as each of up to three
 * %s arguments (no positional %1$s: mixing it with plain %s is undefined in C and POSIX). */
static void store_columns(char *out, size_t cap, const char *fmt)
{
	size_t len = strlen(out);

	for (int i = 0; i < STORE_NCOUNTS && len < cap; i++) {
		char name[16], piece[64];
		const char *c = store_column(i, name);
		int n = snprintf(piece, sizeof piece, fmt, c, c, c);
		len += (size_t)snprintf(out + len, cap - len, "%s%.*s", i ? ", " : "", n, piece);
	}
}

static int64_t *store_counts_at(struct rollup_counts *c, int i)
{
	if (i == 0)
		return &c->n;
	if (i == 1)
		return &c->clean;
	i -= 2;
	if (i < SURVEY_Q_COUNT * SURVEY_SCALE_MAX)
		return &c->level[i / SURVEY_SCALE_MAX][i % SURVEY_SCALE_MAX];
	return &c->reason[i - SURVEY_Q_COUNT * SURVEY_SCALE_MAX];
}

const char *store_errmsg(struct store *s)
{
	return s->failed[0] ? s->failed : sqlite3_errmsg(s->db);
}


int store_exec(struct store *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? HL_OK : HL_ERR_DB;
}

/* Runs a prepared statement that returns no rows, and resets it. */
int store_step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? HL_OK : HL_ERR_DB;
}

/* Rolls back a failed write, keeping SQLite's reason (the rollback would replace it). */
void store_abort(struct store *s)
{
	snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
	store_step(s->rollback);
}

/* hl_clean(scale, a_officer, a_procedure, reasons): the pure rule, callable from SQL. */
static void store_fn_clean(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct rating r = { .scale = sqlite3_value_int(argv[0]) };

	(void)argc;
	r.answers[SURVEY_Q_OFFICER] = sqlite3_value_int(argv[1]);
	r.answers[SURVEY_Q_PROCEDURE] = sqlite3_value_int(argv[2]);
	r.reasons = (uint32_t)sqlite3_value_int64(argv[3]);
	sqlite3_result_int(ctx, rollup_is_clean(&r));
}

/* ---- schema ------------------------------------------------------------------------------------ */

static const char store_schema_1[] =
	"CREATE TABLE rating("
	" id BLOB NOT NULL UNIQUE CHECK(length(id) = 16),"
	" site TEXT NOT NULL, counter TEXT NOT NULL, officer TEXT NOT NULL, procedure TEXT NOT NULL,"
	" scale INTEGER NOT NULL, a_officer INTEGER, a_procedure INTEGER, reasons INTEGER NOT NULL,"
	" ts INTEGER NOT NULL, clock_ok INTEGER NOT NULL, received INTEGER NOT NULL, day INTEGER NOT NULL);"
	"CREATE INDEX rating_day ON rating(day);"
	"CREATE TABLE rejected("
	" id INTEGER PRIMARY KEY, received INTEGER NOT NULL, topic TEXT NOT NULL,"
	" payload BLOB NOT NULL, size INTEGER NOT NULL, reason TEXT NOT NULL);";

/* Officers and procedures with display names; complaint flags with their life; what each terminal
 * last said of itself. */
static const char store_schema_3[] =
	"CREATE TABLE roster_officer(site TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,"
	" PRIMARY KEY(site, code)) WITHOUT ROWID;"
	"CREATE TABLE roster_procedure(code TEXT NOT NULL PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE flag("
	" id INTEGER PRIMARY KEY, kind TEXT NOT NULL, site TEXT NOT NULL,"
	" subject_type TEXT NOT NULL, subject TEXT NOT NULL,"
	" state TEXT NOT NULL CHECK(state IN ('open', 'acknowledged', 'resolved')),"
	" opened INTEGER NOT NULL, summary TEXT NOT NULL, evidence TEXT NOT NULL,"
	" ack_by TEXT, ack_at INTEGER, ack_note TEXT,"
	" resolved_by TEXT, resolved_at INTEGER, resolve_note TEXT);"
	/* Never two unresolved flags of one kind for one subject. */
	"CREATE UNIQUE INDEX flag_unresolved ON flag(kind, site, subject_type, subject) WHERE state != 'resolved';"
	"CREATE INDEX flag_state ON flag(state, opened);"
	"CREATE TABLE terminal_status(site TEXT NOT NULL, counter TEXT NOT NULL, online INTEGER NOT NULL,"
	" spooled INTEGER NOT NULL, since INTEGER NOT NULL, seen INTEGER NOT NULL,"
	" PRIMARY KEY(site, counter)) WITHOUT ROWID;"
	"CREATE INDEX rating_counter_received ON rating(site, counter, received);";

static int store_prepare_upsert(struct store *s, sqlite3_stmt **out)
{
	char sql[2048] = "INSERT INTO rollup(dim, grain, period, site, code, scale, ";

	store_columns(sql, sizeof sql, "%s");
	strcat(sql, ") VALUES(?, ?, ?, ?, ?, ?");
	for (int i = 0; i < STORE_NCOUNTS; i++)
		strcat(sql, ", ?");
	strcat(sql, ") ON CONFLICT(dim, grain, period, site, code, scale) DO UPDATE SET ");
	store_columns(sql, sizeof sql, "%s = %s + excluded.%s");
	return sqlite3_prepare_v2(s->db, sql, -1, out, NULL) == SQLITE_OK ? HL_OK : HL_ERR_DB;
}

static int store_put_rollups(sqlite3_stmt *up, const struct rollup_set *set)
{
	for (size_t i = 0; i < rollup_set_count(set); i++) {
		const struct rollup_row *row = rollup_set_row(set, i);
		struct rollup_counts c = row->c;
		sqlite3_bind_int(up, 1, row->key.dim);
		sqlite3_bind_int(up, 2, row->key.grain);
		sqlite3_bind_int(up, 3, row->key.period);
		sqlite3_bind_text(up, 4, row->key.site, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 5, row->key.code, -1, SQLITE_STATIC);
		sqlite3_bind_int(up, 6, row->key.scale);
		for (int k = 0; k < STORE_NCOUNTS; k++)
			sqlite3_bind_int64(up, 7 + k, *store_counts_at(&c, k));
		if (store_step(up) != HL_OK)
			return HL_ERR_DB;
	}
	return HL_OK;
}

/* Reads a stored rating row (id, site, counter, officer, procedure, scale, a_officer, a_procedure,
 * reasons, ts, clock_ok, received, day) into r and *day. */
static void store_read_rating(sqlite3_stmt *st, struct rating *r, int32_t *day)
{
	memset(r, 0, sizeof *r);
	if (sqlite3_column_bytes(st, 0) == 16)
		uuid_from_bytes(sqlite3_column_blob(st, 0), r->id);
	snprintf(r->site, sizeof r->site, "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(r->counter, sizeof r->counter, "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(r->officer, sizeof r->officer, "%s", (const char *)sqlite3_column_text(st, 3));
	snprintf(r->procedure, sizeof r->procedure, "%s", (const char *)sqlite3_column_text(st, 4));
	r->scale = sqlite3_column_int(st, 5);
	r->answers[SURVEY_Q_OFFICER] = sqlite3_column_int(st, 6);
	r->answers[SURVEY_Q_PROCEDURE] = sqlite3_column_int(st, 7);
	r->reasons = (uint32_t)sqlite3_column_int64(st, 8);
	r->ts = sqlite3_column_int64(st, 9);
	r->clock_ok = sqlite3_column_int(st, 10);
	*day = sqlite3_column_int(st, 12);
}

/* Replaces all roll-up rows by counts from the ratings; the caller holds the transaction. Ratings are
 * summed in memory in slices so memory stays bounded on large databases. */
static int store_backfill(struct store *s)
{
	enum { SLICE = 200000 };
	sqlite3_stmt *sel = NULL, *up = NULL;
	struct rollup_set *set = rollup_set_new();
	int rc = HL_ERR_DB, step = SQLITE_ROW;
	size_t in_slice = 0;

	if (!set)
		return HL_ERR_NOMEM;
	if (store_exec(s, "DELETE FROM rollup") != HL_OK || store_prepare_upsert(s, &up) != HL_OK ||
	    sqlite3_prepare_v2(s->db,
			       "SELECT id, site, counter, officer, procedure, scale, a_officer, a_procedure,"
			       " reasons, ts, clock_ok, received, day FROM rating",
			       -1, &sel, NULL) != SQLITE_OK)
		goto out;
	while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
		struct rating r;
		int32_t day;
		store_read_rating(sel, &r, &day);
		if (rollup_set_add(set, &r, day) != HL_OK) {
			rc = HL_ERR_NOMEM;
			goto out;
		}
		if (++in_slice == SLICE) {
			if (store_put_rollups(up, set) != HL_OK)
				goto out;
			rollup_set_clear(set);
			in_slice = 0;
		}
	}
	if (step == SQLITE_DONE && store_put_rollups(up, set) == HL_OK)
		rc = HL_OK;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(up);
	rollup_set_free(set);
	return rc;
}

static int store_schema_step(struct store *s, int to)
{
	char sql[4096] = "CREATE TABLE rollup(dim INTEGER NOT NULL, grain INTEGER NOT NULL,"
			 " period INTEGER NOT NULL, site TEXT NOT NULL, code TEXT NOT NULL,"
			 " scale INTEGER NOT NULL, ";

	switch (to) {
	case 1:
		return store_exec(s, store_schema_1);
	case 2:
		/* Daily and monthly counts per counter, officer and procedure, filled from the ratings
		 * already stored. */
		store_columns(sql, sizeof sql, "%s INTEGER NOT NULL DEFAULT 0");
		strcat(sql, ", PRIMARY KEY(dim, grain, period, site, code, scale)) WITHOUT ROWID");
		if (store_exec(s, sql) != HL_OK)
			return HL_ERR_DB;
		return store_backfill(s);
	case 3:
		return store_exec(s, store_schema_3);
	case 4:
		/* Roll-ups gain the site dimension: recount them from the ratings. */
		return store_backfill(s);
	}
	return HL_ERR_INVALID;
}

static int store_migrate(struct store *s, char *err, size_t cap)
{
	sqlite3_stmt *st;
	int version = -1;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version < 0) {
		snprintf(err, cap, "cannot read the schema version: %s", sqlite3_errmsg(s->db));
		return HL_ERR_DB;
	}
	if (version > STORE_SCHEMA_VERSION) {
		snprintf(err, cap, "the database has schema version %d, newer than this program's %d",
			 version, STORE_SCHEMA_VERSION);
		return HL_ERR_INVALID;
	}
	while (version < STORE_SCHEMA_VERSION) {
		char pragma[64];
		int rc = store_exec(s, "BEGIN IMMEDIATE");
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
		if (rc == HL_OK)
			rc = store_schema_step(s, version + 1);
		if (rc == HL_OK)
			rc = store_exec(s, pragma);
		if (rc == HL_OK)
			rc = store_exec(s, "COMMIT");
		if (rc != HL_OK) {
			snprintf(err, cap, "migrating the schema to version %d failed: %s", version + 1,
				 sqlite3_errmsg(s->db));
			store_exec(s, "ROLLBACK");
			return rc;
		}
		version++;
	}
	return HL_OK;
}

/* ---- open / close ------------------------------------------------------------------------------ */

static int store_prepare(struct store *s)
{
	char sql[2048] = "SELECT site, code, scale, ";
	struct {
		sqlite3_stmt **st;
		const char *sql;
	} list[] = {
		{ &s->begin, "BEGIN IMMEDIATE" },
		{ &s->commit, "COMMIT" },
		{ &s->rollback, "ROLLBACK" },
		{ &s->put_rating,
		  "INSERT INTO rating(id, site, counter, officer, procedure, scale, a_officer, a_procedure,"
		  " reasons, ts, clock_ok, received, day) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		  " ON CONFLICT(id) DO NOTHING" },
		{ &s->put_reject,
		  "INSERT INTO rejected(received, topic, payload, size, reason) VALUES(?, ?, ?, ?, ?)" },
		{ &s->query, sql },
	};

	store_columns(sql, sizeof sql, "SUM(%s)");
	strcat(sql, " FROM rollup WHERE dim = ?1 AND grain = ?2 AND period BETWEEN ?3 AND ?4"
		    " AND (?5 IS NULL OR site = ?5) GROUP BY site, code, scale");
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (sqlite3_prepare_v3(s->db, list[i].sql, -1, SQLITE_PREPARE_PERSISTENT, list[i].st,
				       NULL) != SQLITE_OK)
			return HL_ERR_DB;
	if (store_prepare_upsert(s, &s->upsert) != HL_OK || store_roster_prepare(s) != HL_OK)
		return HL_ERR_DB;
	return store_flags_prepare(s);
}

int store_open(const char *path, int utc_offset, struct store **out, char *err, size_t cap)
{
	struct store *s = calloc(1, sizeof *s);
	int rc = HL_ERR_DB;

	*out = NULL;
	if (!s || !(s->scratch = rollup_set_new())) {
		snprintf(err, cap, "out of memory");
		free(s);
		return HL_ERR_NOMEM;
	}
	s->utc_offset = utc_offset;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, cap, "cannot open database %s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 10000);
	if (store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			  " PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON") != HL_OK ||
	    sqlite3_create_function(s->db, "hl_clean", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    store_fn_clean, NULL, NULL) != SQLITE_OK) {
		snprintf(err, cap, "cannot set up database %s: %s", path, sqlite3_errmsg(s->db));
		goto fail;
	}
	rc = store_migrate(s, err, cap);
	if (rc != HL_OK)
		goto fail;
	if (store_prepare(s) != HL_OK) {
		snprintf(err, cap, "database %s: %s", path, sqlite3_errmsg(s->db));
		rc = HL_ERR_DB;
		goto fail;
	}
	*out = s;
	return HL_OK;
fail:
	store_close(s);
	return rc;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->begin);
	sqlite3_finalize(s->commit);
	sqlite3_finalize(s->rollback);
	sqlite3_finalize(s->put_rating);
	sqlite3_finalize(s->put_reject);
	sqlite3_finalize(s->upsert);
	sqlite3_finalize(s->query);
	store_roster_finalize(s);
	store_flags_finalize(s);
	sqlite3_close(s->db);
	rollup_set_free(s->scratch);
	free(s);
}

/* ---- writes ------------------------------------------------------------------------------------ */

int32_t store_rating_day(const struct store *s, const struct rating *r, int64_t received)
{
	return period_day_of(r->clock_ok ? r->ts : received, s->utc_offset);
}

static int store_put_rating(struct store *s, const struct rating *r, int64_t received, bool *inserted)
{
	sqlite3_stmt *st = s->put_rating;
	uint8_t id[16];

	*inserted = false;
	if (uuid_to_bytes(r->id, id) != HL_OK)
		return HL_ERR_INVALID;
	sqlite3_bind_blob(st, 1, id, sizeof id, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->site, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->counter, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->officer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->scale);
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		if (r->answers[q])
			sqlite3_bind_int(st, 7 + q, r->answers[q]);
		else
			sqlite3_bind_null(st, 7 + q);
	}
	sqlite3_bind_int64(st, 9, r->reasons);
	sqlite3_bind_int64(st, 10, r->ts);
	sqlite3_bind_int(st, 11, r->clock_ok);
	sqlite3_bind_int64(st, 12, received);
	sqlite3_bind_int(st, 13, store_rating_day(s, r, received));
	if (store_step(st) != HL_OK)
		return HL_ERR_DB;
	*inserted = sqlite3_changes(s->db) == 1;
	return HL_OK;
}

static int store_put_reject(struct store *s, const struct ingest_reject *j, int64_t received)
{
	sqlite3_stmt *st = s->put_reject;
	size_t kept = j->len < STORE_REJECT_KEEP ? j->len : STORE_REJECT_KEEP;

	sqlite3_bind_int64(st, 1, received);
	sqlite3_bind_text(st, 2, j->topic, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, kept ? j->payload : "", (int)kept, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (int64_t)j->len);
	sqlite3_bind_text(st, 5, j->why, -1, SQLITE_STATIC);
	return store_step(st);
}

int store_save(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored)
{
	return store_save_marked(s, b, received, stored, NULL);
}

int store_save_marked(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored,
		      bool *fresh)
{
	size_t n = 0;
	int rc;

	*stored = 0;
	if (fresh)
		memset(fresh, 0, b->nratings * sizeof *fresh);
	s->failed[0] = '\0';
	rollup_set_clear(s->scratch);
	if (store_step(s->begin) != HL_OK) {
		snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
		return HL_ERR_DB;
	}
	for (size_t i = 0; i < b->nrejects; i++)
		if ((rc = store_put_reject(s, &b->rejects[i], received)) != HL_OK)
			goto fail;
	for (size_t i = 0; i < b->nratings; i++) {
		bool inserted;
		const struct rating *r = &b->ratings[i];
		if ((rc = store_put_rating(s, r, received, &inserted)) != HL_OK)
			goto fail;
		if (!inserted)
			continue;
		if (fresh)
			fresh[i] = true;
		n++;
		if ((rc = rollup_set_add(s->scratch, r, store_rating_day(s, r, received))) != HL_OK)
			goto fail;
	}
	if ((rc = store_put_rollups(s->upsert, s->scratch)) != HL_OK ||
	    (rc = store_step(s->commit)) != HL_OK)
		goto fail;
	*stored = n;
	return HL_OK;
fail:
	if (fresh)
		memset(fresh, 0, b->nratings * sizeof *fresh);
	store_abort(s);
	return rc;
}

int store_rebuild_rollups(struct store *s)
{
	int rc;

	s->failed[0] = '\0';
	if (store_step(s->begin) != HL_OK)
		return HL_ERR_DB;
	rc = store_backfill(s);
	if (rc == HL_OK)
		rc = store_step(s->commit);
	if (rc != HL_OK)
		store_abort(s);
	return rc;
}

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

/* Adds the rows of one period span into set. */
static int store_query_span(struct store *s, int dim, int grain, int32_t lo, int32_t hi,
			    const char *site, struct rollup_set *set)
{
	sqlite3_stmt *st = s->query;
	int step, rc = HL_OK;

	if (lo > hi)
		return HL_OK;
	sqlite3_bind_int(st, 1, dim);
	sqlite3_bind_int(st, 2, grain);
	sqlite3_bind_int(st, 3, lo);
	sqlite3_bind_int(st, 4, hi);
	if (site)
		sqlite3_bind_text(st, 5, site, -1, SQLITE_STATIC);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct rollup_row row = { .key = { .dim = dim, .grain = -1 } };
		store_read_row(st, 0, &row);
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

int store_query(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		void *ud)
{
	struct rollup_set *set = rollup_set_new();
	struct period_cover cv;
	int rc;

	if (!set)
		return HL_ERR_NOMEM;
	period_cover(r, &cv);
	rc = store_query_span(s, dim, ROLLUP_DAY, cv.head_days.from, cv.head_days.to, site, set);
	if (rc == HL_OK)
		rc = store_query_span(s, dim, ROLLUP_MONTH, cv.month_from, cv.month_to, site, set);
	if (rc == HL_OK)
		rc = store_query_span(s, dim, ROLLUP_DAY, cv.tail_days.from, cv.tail_days.to, site, set);
	if (rc == HL_OK)
		rc = store_emit_sorted(set, fn, ud);
	rollup_set_free(set);
	return rc;
}

int store_query_days(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		     void *ud)
{
	char sql[2048] = "SELECT period, site, code, scale, ";
	sqlite3_stmt *st = NULL;
	int step = SQLITE_ERROR, rc = HL_OK;

	store_columns(sql, sizeof sql, "%s");
	strcat(sql, " FROM rollup WHERE dim = ?1 AND grain = 0 AND period BETWEEN ?2 AND ?3"
		    " AND (?4 IS NULL OR site = ?4) ORDER BY period, site, code, scale");
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return HL_ERR_DB;
	sqlite3_bind_int(st, 1, dim);
	sqlite3_bind_int(st, 2, r.from);
	sqlite3_bind_int(st, 3, r.to);
	if (site)
		sqlite3_bind_text(st, 4, site, -1, SQLITE_STATIC);
	while (rc == HL_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		struct rollup_row row = { .key = { .dim = dim, .grain = ROLLUP_DAY } };
		row.key.period = sqlite3_column_int(st, 0);
		store_read_row(st, 1, &row);
		rc = fn(ud, &row);
	}
	if (rc == HL_OK && step != SQLITE_DONE)
		rc = HL_ERR_DB;
	sqlite3_finalize(st);
	return rc;
}

int store_query_raw_counters(struct store *s, struct period_range r, const char *site, store_row_fn fn,
			     void *ud)
{
	char sql[2048] = "SELECT site, counter, scale, count(*), sum(hl_clean(scale, a_officer,"
			 " a_procedure, reasons))";
	sqlite3_stmt *st = NULL;
	int step = SQLITE_ERROR, rc = HL_OK;

	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		for (int l = 1; l <= SURVEY_SCALE_MAX; l++)
			snprintf(sql + strlen(sql), sizeof sql - strlen(sql), ", sum(%s = %d)",
				 q == SURVEY_Q_OFFICER ? "a_officer" : "a_procedure", l);
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

int store_backup(struct store *s, const char *path, char *err, size_t cap)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc = HL_ERR_DB;

	if (access(path, F_OK) == 0) {
		snprintf(err, cap, "%s exists already; choose a new file", path);
		return HL_ERR_INVALID;
	}
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, cap, "cannot create %s: %s", path, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b) {
		snprintf(err, cap, "cannot back up into %s: %s", path, sqlite3_errmsg(dst));
		goto out;
	}
	/* All pages in one step: the copy is one consistent snapshot. */
	int step = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		snprintf(err, cap, "backup into %s failed: %s", path, sqlite3_errstr(step));
		goto out;
	}
	rc = HL_OK;
out:
	sqlite3_close(dst);
	if (rc != HL_OK)
		remove(path);
	return rc;
}

int store_index_raw(struct store *s)
{
	return store_exec(s, "CREATE INDEX IF NOT EXISTS rating_raw_counters ON rating(day, site, counter,"
			     " scale, a_officer, a_procedure, reasons)");
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
