/* SPDX-License-Identifier: MIT
 * spool.c — every SQL statement of the terminal: the spool of ratings not yet receipted. WAL with
 * synchronous=FULL makes each COMMIT reach the disk before spool_put returns, which is what lets the
 * kiosk say "Cảm ơn" only afterwards. Statements are prepared once at open; writes run in
 * BEGIN IMMEDIATE transactions so a second writer (a maintenance tool) waits instead of failing
 * half-way; the schema version lives in PRAGMA user_version and grows one step at a time. The
 * insertion order is the rowid `seq`, so the outbox is refilled oldest first. */
#include "spool.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPOOL_BUSY_MS 5000

struct spool {
	sqlite3 *db;
	sqlite3_stmt *begin, *commit, *rollback;
	sqlite3_stmt *put, *del, *each, *count, *mark, *rated;
	char err[256]; /* kept, because a ROLLBACK after a failure would replace sqlite3_errmsg */
};

/* Remembers the connection's current error message for spool_errmsg. */
static void spool_fail(struct spool *s)
{
	snprintf(s->err, sizeof s->err, "%s", sqlite3_errmsg(s->db));
}

static int spool_exec(struct spool *s, const char *sql)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK)
		return HL_OK;
	spool_fail(s);
	return HL_ERR_DB;
}

/* Runs a prepared statement that returns no rows, and resets it. */
static int spool_step(struct spool *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE)
		spool_fail(s);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? HL_OK : HL_ERR_DB;
}

/* Ends a failed write transaction. Its own result does not matter: SQLite may already have rolled
 * back by itself, and the error worth reporting is the one already kept. */
static void spool_rollback(struct spool *s)
{
	if (!sqlite3_get_autocommit(s->db)) {
		sqlite3_step(s->rollback);
		sqlite3_reset(s->rollback);
	}
}

static bool spool_id_ok(const char *id)
{
	return id && strnlen(id, HL_ID_LEN + 1) == HL_ID_LEN;
}

/* ---- schema ------------------------------------------------------------------------------------ */

static const char spool_schema_1[] =
	"CREATE TABLE spool("
	" seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL,"
	" created INTEGER NOT NULL)";

/* The transaction last rated here (one row at most). */
static const char spool_schema_2[] = "CREATE TABLE rated_txn(k INTEGER PRIMARY KEY CHECK (k = 1), txn TEXT NOT NULL)";

static int spool_version(struct spool *s, int *version)
{
	sqlite3_stmt *st = NULL;
	int rc = HL_ERR_DB;

	*version = -1;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		*version = sqlite3_column_int(st, 0);
		rc = HL_OK;
	} else {
		spool_fail(s);
	}
	sqlite3_finalize(st);
	return rc;
}

static int spool_schema_step(struct spool *s, int to)
{
	switch (to) {
	case 1:
		return spool_exec(s, spool_schema_1);
	case 2:
		return spool_exec(s, spool_schema_2);
	}
	return HL_ERR_INVALID;
}

/* Brings the schema from version to SPOOL_SCHEMA_VERSION, one step per transaction. The version is
 * read again inside each transaction, in case another process migrated the file meanwhile. */
static int spool_migrate(struct spool *s, int version, const char *path, char *err, size_t cap)
{
	while (version < SPOOL_SCHEMA_VERSION) {
		char pragma[64];
		int to = version + 1, rc = spool_exec(s, "BEGIN IMMEDIATE");

		if (rc == HL_OK)
			rc = spool_version(s, &version);
		if (rc == HL_OK && version < SPOOL_SCHEMA_VERSION) {
			to = version + 1;
			snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", to);
			rc = spool_schema_step(s, to);
			if (rc == HL_OK)
				rc = spool_exec(s, pragma);
			if (rc == HL_OK)
				version = to;
		}
		if (rc == HL_OK)
			rc = spool_exec(s, "COMMIT");
		if (rc != HL_OK) {
			snprintf(err, cap, "spool %s: migrating the schema to version %d failed: %s", path, to,
				 s->err);
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return rc;
		}
	}
	return HL_OK;
}

/* ---- open / close ------------------------------------------------------------------------------ */

static int spool_prepare(struct spool *s)
{
	const struct {
		sqlite3_stmt **st;
		const char *sql;
	} list[] = {
		{ &s->begin, "BEGIN IMMEDIATE" },
		{ &s->commit, "COMMIT" },
		{ &s->rollback, "ROLLBACK" },
		{ &s->put, "INSERT INTO spool(id, body, created) VALUES(?, ?, ?) ON CONFLICT(id) DO NOTHING" },
		{ &s->del, "DELETE FROM spool WHERE id = ?" },
		{ &s->each, "SELECT id, body FROM spool ORDER BY seq" },
		{ &s->count, "SELECT count(*) FROM spool" },
		{ &s->mark, "INSERT INTO rated_txn(k, txn) VALUES(1, ?) ON CONFLICT(k) DO UPDATE SET txn = excluded.txn" },
		{ &s->rated, "SELECT txn FROM rated_txn WHERE k = 1" },
	};

	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
		if (sqlite3_prepare_v3(s->db, list[i].sql, -1, SQLITE_PREPARE_PERSISTENT, list[i].st,
				       NULL) != SQLITE_OK) {
			spool_fail(s);
			return HL_ERR_DB;
		}
	return HL_OK;
}

int spool_open(const char *path, struct spool **out, char *err, size_t cap)
{
	struct spool *s;
	int rc = HL_ERR_DB, version;

	*out = NULL;
	if (cap)
		err[0] = '\0';
	s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, cap, "cannot open spool %s: out of memory", path);
		rc = HL_ERR_NOMEM;
		goto fail;
	}
	snprintf(s->err, sizeof s->err, "not an error");
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, cap, "cannot open spool %s: %s", path,
			 s->db ? sqlite3_errmsg(s->db) : "out of memory");
		rc = s->db ? HL_ERR_IO : HL_ERR_NOMEM;
		goto fail_db;
	}
	sqlite3_busy_timeout(s->db, SPOOL_BUSY_MS);
	/* The version first: a file from a newer program is not touched at all. */
	if (spool_version(s, &version) != HL_OK) {
		snprintf(err, cap, "spool %s: cannot read the schema version: %s", path, s->err);
		goto fail_db;
	}
	if (version > SPOOL_SCHEMA_VERSION) {
		snprintf(err, cap, "spool %s has schema version %d, newer than this program's %d", path,
			 version, SPOOL_SCHEMA_VERSION);
		rc = HL_ERR_INVALID;
		goto fail_db;
	}
	/* journal_mode may silently stay "delete" on a filesystem without shared memory; with
	 * synchronous=FULL a commit is durable either way. */
	if (spool_exec(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL") != HL_OK) {
		snprintf(err, cap, "cannot set up spool %s: %s", path, s->err);
		goto fail_db;
	}
	/* SQLite quietly opens a write-protected file read-only; a spool that cannot store is no spool. */
	if (sqlite3_db_readonly(s->db, "main") != 0) {
		snprintf(err, cap, "spool %s is read-only", path);
		rc = HL_ERR_IO;
		goto fail_db;
	}
	rc = spool_migrate(s, version, path, err, cap);
	if (rc != HL_OK)
		goto fail_db;
	if (spool_prepare(s) != HL_OK) {
		snprintf(err, cap, "spool %s: %s", path, s->err);
		rc = HL_ERR_DB;
		goto fail_db;
	}
	*out = s;
	return HL_OK;
fail_db:
	spool_close(s);
fail:
	return rc;
}

void spool_close(struct spool *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->begin);
	sqlite3_finalize(s->commit);
	sqlite3_finalize(s->rollback);
	sqlite3_finalize(s->put);
	sqlite3_finalize(s->del);
	sqlite3_finalize(s->each);
	sqlite3_finalize(s->count);
	sqlite3_finalize(s->mark);
	sqlite3_finalize(s->rated);
	sqlite3_close(s->db);
	free(s);
}

const char *spool_errmsg(struct spool *s)
{
	return s->err;
}

/* ---- writes ------------------------------------------------------------------------------------ */

int spool_put(struct spool *s, const char *id, const char *body, size_t len, int64_t created)
{
	return spool_put_txn(s, id, body, len, created, NULL);
}

int spool_put_txn(struct spool *s, const char *id, const char *body, size_t len, int64_t created, const char *txn)
{
	sqlite3_stmt *st = s->put;

	if (!spool_id_ok(id) || (!body && len))
		return HL_ERR_INVALID;
	if (len > INT_MAX)
		return HL_ERR_RANGE;
	if (spool_step(s, s->begin) != HL_OK)
		return HL_ERR_DB;
	sqlite3_bind_text(st, 1, id, HL_ID_LEN, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, len ? body : "", (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, created);
	if (spool_step(s, st) != HL_OK)
		goto fail;
	if (txn) {
		sqlite3_bind_text(s->mark, 1, txn, -1, SQLITE_STATIC);
		if (spool_step(s, s->mark) != HL_OK)
			goto fail;
	}
	if (spool_step(s, s->commit) != HL_OK)
		goto fail;
	return HL_OK;
fail:
	spool_rollback(s);
	return HL_ERR_DB;
}

int spool_delete(struct spool *s, const char *const *ids, size_t n, size_t *deleted)
{
	size_t count = 0;

	*deleted = 0;
	for (size_t i = 0; i < n; i++)
		if (!ids[i])
			return HL_ERR_INVALID;
	if (n == 0)
		return HL_OK;
	if (spool_step(s, s->begin) != HL_OK)
		return HL_ERR_DB;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(s->del, 1, ids[i], -1, SQLITE_STATIC);
		if (spool_step(s, s->del) != HL_OK)
			goto fail;
		count += (size_t)sqlite3_changes(s->db);
	}
	if (spool_step(s, s->commit) != HL_OK)
		goto fail;
	*deleted = count;
	return HL_OK;
fail:
	spool_rollback(s);
	return HL_ERR_DB;
}

/* ---- reads ------------------------------------------------------------------------------------- */

int spool_each(struct spool *s, spool_fn fn, void *ud)
{
	sqlite3_stmt *st = s->each;
	int rc = HL_OK, step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *body = (const char *)sqlite3_column_text(st, 1);
		int len = sqlite3_column_bytes(st, 1);

		if (!id || !body) { /* NOT NULL columns: only out of memory gets here */
			rc = HL_ERR_NOMEM;
			break;
		}
		rc = fn(ud, id, body, (size_t)len);
		if (rc != HL_OK)
			break;
	}
	if (rc == HL_OK && step != SQLITE_DONE) {
		spool_fail(s);
		rc = HL_ERR_DB;
	}
	sqlite3_reset(st);
	return rc;
}

int spool_rated_txn(struct spool *s, char *out, size_t cap)
{
	sqlite3_stmt *st = s->rated;
	int rc = HL_OK, step = sqlite3_step(st);

	if (cap)
		out[0] = '\0';
	if (step == SQLITE_ROW) {
		const char *txn = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, cap, "%s", txn ? txn : "");
	} else if (step != SQLITE_DONE) {
		spool_fail(s);
		rc = HL_ERR_DB;
	}
	sqlite3_reset(st);
	return rc;
}

int spool_count(struct spool *s, int64_t *n)
{
	sqlite3_stmt *st = s->count;
	int rc = HL_ERR_DB;

	*n = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = HL_OK;
	} else {
		spool_fail(s);
	}
	sqlite3_reset(st);
	return rc;
}
