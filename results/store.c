/* SPDX-License-Identifier: MIT
 * store.c — the store's handle: opening and closing the database, the statements prepared once at
 * open, the helpers the other store files share (stepping, rollback, the roll-up count columns and
 * their upsert), and the backup. Migrations are in store_schema.c, ingest writes in store_write.c,
 * report reads in store_read.c, the roster in store_roster.c, flags in store_flags.c, and the
 * people's side (users, logins, tokens, audit, counters) in store_users.c and store_access.c. Writes run
 * in BEGIN IMMEDIATE transactions so a second writer waits instead of failing half-way; the schema
 * version lives in PRAGMA user_version and grows one migration step at a time. Roll-up counts are
 * computed by the pure rollup module, never in SQL, so a rebuilt roll-up equals an incremental one
 * by construction. */
#include "store.h"
#include "store_int.h"

#include "survey.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *store_column(int i, char buf[16])
{
	if (i == 0)
		return "n";
	if (i == 1)
		return "clean";
	i -= 2;
	if (i < SURVEY_Q_COUNT * SURVEY_SCALE_MAX) {
		/* o1…o5 officer, p1…p5 procedure, k1…k5 result (kết quả) */
		snprintf(buf, 16, "%c%d", "opk"[i / SURVEY_SCALE_MAX], i % SURVEY_SCALE_MAX + 1);
		return buf;
	}
	snprintf(buf, 16, "r%d", i - SURVEY_Q_COUNT * SURVEY_SCALE_MAX + 1);
	return buf;
}

/* Appends fmt for each count column, joined by ", ". fmt gets the column name as each of up to three
 * %s arguments (no positional %1$s: mixing it with plain %s is undefined in C and POSIX). */
void store_columns(char *out, size_t cap, const char *fmt)
{
	size_t len = strlen(out);

	for (int i = 0; i < STORE_NCOUNTS && len < cap; i++) {
		char name[16], piece[64];
		const char *c = store_column(i, name);
		int n = snprintf(piece, sizeof piece, fmt, c, c, c);
		len += (size_t)snprintf(out + len, cap - len, "%s%.*s", i ? ", " : "", n, piece);
	}
}

int64_t *store_counts_at(struct rollup_counts *c, int i)
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

int store_begin(struct store *s)
{
	s->failed[0] = '\0';
	if (store_step(s->begin) == HL_OK)
		return HL_OK;
	snprintf(s->failed, sizeof s->failed, "%s", sqlite3_errmsg(s->db));
	return HL_ERR_DB;
}

int store_end(struct store *s, int rc)
{
	if (rc == HL_OK && (rc = store_step(s->commit)) == HL_OK)
		return HL_OK;
	/* A refusal's reason (store_refuse) stays; otherwise SQLite's is kept. */
	if (s->failed[0]) {
		store_step(s->rollback);
		return rc;
	}
	store_abort(s);
	return rc;
}

int store_refuse(struct store *s, const char *why)
{
	snprintf(s->failed, sizeof s->failed, "%s", why);
	return HL_ERR_INVALID;
}

/* hl_clean(scale, a_officer, a_procedure, a_result, reasons): the pure rule, callable from SQL. */
static void store_fn_clean(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct rating r = { .scale = sqlite3_value_int(argv[0]) };

	(void)argc;
	r.answers[SURVEY_Q_OFFICER] = sqlite3_value_int(argv[1]);
	r.answers[SURVEY_Q_PROCEDURE] = sqlite3_value_int(argv[2]);
	r.answers[SURVEY_Q_RESULT] = sqlite3_value_int(argv[3]);
	r.reasons = (uint32_t)sqlite3_value_int64(argv[4]);
	sqlite3_result_int(ctx, rollup_is_clean(&r));
}

int store_prepare_upsert(struct store *s, sqlite3_stmt **out)
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

int store_put_rollups(sqlite3_stmt *up, const struct rollup_set *set)
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

/* ---- policy ------------------------------------------------------------------------------------ */

void store_policy_default(struct store_policy *p)
{
	p->clock_max_age = INGEST_CLOCK_MAX_AGE;
	p->rejected_max = 10000;
	p->rejected_max_age = 30 * 86400;
}

void store_set_policy(struct store *s, const struct store_policy *p)
{
	s->policy = *p;
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
		  " reasons, ts, clock_ok, received, day, counted, a_result)"
		  " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		  " ON CONFLICT(id) DO NOTHING" },
		{ &s->put_reject,
		  "INSERT INTO rejected(received, topic, payload, size, reason) VALUES(?, ?, ?, ?, ?)" },
		/* The fleet page's "last rating" of a counter; only a terminal that said its status has a
		 * row to update. */
		{ &s->last_rating,
		  "UPDATE terminal_status SET last_rating = max(coalesce(last_rating, 0), ?3)"
		  " WHERE site = ?1 AND counter = ?2" },
		{ &s->site_known,
		  "SELECT NOT EXISTS(SELECT 1 FROM roster_officer)"
		  " OR EXISTS(SELECT 1 FROM roster_officer WHERE site = ?)" },
		{ &s->query, sql },
	};

	store_columns(sql, sizeof sql, "SUM(%s)");
	strcat(sql, " FROM rollup WHERE dim = ?1 AND grain = ?2 AND period BETWEEN ?3 AND ?4"
		    " AND (?5 IS NULL OR site = ?5) GROUP BY site, code, scale");
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (sqlite3_prepare_v3(s->db, list[i].sql, -1, SQLITE_PREPARE_PERSISTENT, list[i].st,
				       NULL) != SQLITE_OK)
			return HL_ERR_DB;
	if (store_prepare_upsert(s, &s->upsert) != HL_OK || store_roster_prepare(s) != HL_OK ||
	    store_flags_prepare(s) != HL_OK || store_users_prepare(s) != HL_OK)
		return HL_ERR_DB;
	return store_access_prepare(s);
}

int store_init_shared(void)
{
	/* Many connections, each used by one thread at a time (the store's rule): SQLite's own mutexes
	 * per connection and its global allocation counter only cost contention then. Must run before
	 * the first connection opens; later it changes nothing and says so. */
	if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK ||
	    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
		return HL_ERR_INVALID;
	return HL_OK;
}

int store_set_cache(struct store *s, int kib)
{
	char sql[64];

	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib > 0 ? kib : 1);
	return store_exec(s, sql);
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
	store_policy_default(&s->policy);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, cap, "cannot open database %s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 10000);
	if (store_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
			  " PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON") != HL_OK ||
	    sqlite3_create_function(s->db, "hl_clean", 5, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
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
	sqlite3_finalize(s->site_known);
	sqlite3_finalize(s->last_rating);
	sqlite3_finalize(s->upsert);
	sqlite3_finalize(s->query);
	store_roster_finalize(s);
	store_flags_finalize(s);
	store_users_finalize(s);
	store_access_finalize(s);
	sqlite3_close(s->db);
	rollup_set_free(s->scratch);
	free(s);
}

/* ---- backup ------------------------------------------------------------------------------------ */

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
