/* SPDX-License-Identifier: MIT
 * test_spool.c — the terminal's SQLite spool on real files in a temporary folder: a new file gets
 * schema version 1 in WAL mode; a rating stored twice is kept once, as first stored; ratings come
 * back oldest first with their exact bodies; a receipt deletes what it names and reports how many
 * were there; what was not deleted survives closing and reopening, and a terminal killed with
 * SIGKILL right after storing; a file from a newer program, a file that is not a database and a path
 * that cannot be created are refused with a message naming the path. */
#include "raw_db.h"
#include "hl.h"
#include "spool.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CREATED 1767225600 /* 2026-01-01 00:00:00 UTC */
#define MAXROWS 64

static char tmpdir[64];

/* ---- helpers ----------------------------------------------------------------------------------- */

static const char *path_in(const char *name, char buf[256])
{
	snprintf(buf, 256, "%s/%s", tmpdir, name);
	return buf;
}

static const char *id_of(unsigned n, char buf[HL_ID_LEN + 1])
{
	snprintf(buf, HL_ID_LEN + 1, "%08x-0000-4000-8000-%012x", n, n);
	return buf;
}

static void body_of(unsigned n, char *buf, size_t cap)
{
	snprintf(buf, cap, "{\"site\":\"UBND-Phường-%u\",\"officer\":\"Nguyễn Văn \\\"A\\\"\"}", n);
}

static struct spool *open_spool(const char *path)
{
	struct spool *s = NULL;
	char err[256] = "";

	if (spool_open(path, &s, err, sizeof err) != HL_OK)
		fail_msg("spool_open(%s): %s", path, err);
	assert_non_null(s);
	return s;
}

static void put_n(struct spool *s, unsigned from, unsigned to)
{
	for (unsigned n = from; n < to; n++) {
		char id[HL_ID_LEN + 1], body[128];
		body_of(n, body, sizeof body);
		if (spool_put(s, id_of(n, id), body, strlen(body), CREATED + n) != HL_OK)
			fail_msg("spool_put: %s", spool_errmsg(s));
	}
}

static int64_t count(struct spool *s)
{
	int64_t n = -1;

	assert_int_equal(spool_count(s, &n), HL_OK);
	return n;
}

/* What spool_each gave, copied. */
struct rows {
	size_t n, stop_after; /* stop_after: return 7 after that many rows; 0: never */
	char ids[MAXROWS][HL_ID_LEN + 1];
	char bodies[MAXROWS][256];
	size_t lens[MAXROWS];
};

static int collect(void *ud, const char *id, const char *body, size_t len)
{
	struct rows *r = ud;

	assert_true(r->n < MAXROWS);
	assert_int_equal(strlen(id), HL_ID_LEN);
	assert_true(len < sizeof r->bodies[0]);
	assert_int_equal(body[len], '\0');
	memcpy(r->ids[r->n], id, HL_ID_LEN + 1);
	memcpy(r->bodies[r->n], body, len + 1);
	r->lens[r->n] = len;
	r->n++;
	return r->stop_after && r->n == r->stop_after ? 7 : 0;
}

/* Asserts that the spool holds exactly the ratings numbered want[0..n), in that order, with the
 * bodies put_n gave them. */
static void assert_rows(struct spool *s, const unsigned *want, size_t n)
{
	struct rows r = { 0 };

	assert_int_equal(spool_each(s, collect, &r), HL_OK);
	assert_int_equal(r.n, n);
	for (size_t i = 0; i < n; i++) {
		char id[HL_ID_LEN + 1], body[128];
		body_of(want[i], body, sizeof body);
		assert_string_equal(r.ids[i], id_of(want[i], id));
		assert_int_equal(r.lens[i], strlen(body));
		assert_memory_equal(r.bodies[i], body, r.lens[i]);
	}
	assert_int_equal(count(s), (int64_t)n);
}

static void text_raw(sqlite3 *db, const char *sql, char *out, size_t cap)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* ---- fixtures ---------------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/hl-test-spool-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(tmpdir);
}

/* ---- opening ----------------------------------------------------------------------------------- */

static void test_new_file_schema(void **state)
{
	char path[256], mode[16];
	struct spool *s;
	sqlite3 *db;

	(void)state;
	s = open_spool(path_in("new.db", path));
	assert_int_equal(count(s), 0);
	/* Checked from a second connection while the spool is open, as a maintenance tool would. */
	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), SPOOL_SCHEMA_VERSION);
	text_raw(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	assert_int_equal(int_raw(db, "SELECT count(*) FROM pragma_table_info('spool')"
				     " WHERE name IN ('seq', 'id', 'body', 'created')"),
			 4);
	sqlite3_close(db);
	spool_close(s);
	/* Reopening an up-to-date file changes nothing. */
	s = open_spool(path);
	spool_close(s);
	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), SPOOL_SCHEMA_VERSION);
	text_raw(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	sqlite3_close(db);
	spool_close(NULL);
}

static void test_newer_refused(void **state)
{
	char path[256], err[256] = "", mode[16];
	struct spool *s = (struct spool *)&s; /* must come back NULL */
	sqlite3 *db;

	(void)state;
	db = open_raw(path_in("newer.db", path));
	exec_raw(db, "CREATE TABLE future(x); PRAGMA user_version = 99");
	sqlite3_close(db);
	assert_int_not_equal(spool_open(path, &s, err, sizeof err), HL_OK);
	assert_null(s);
	assert_non_null(strstr(err, "newer"));
	assert_non_null(strstr(err, path));
	/* The newer program's file is left as it was. */
	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), 99);
	text_raw(db, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "delete");
	sqlite3_close(db);
}

static void test_unusable_paths(void **state)
{
	const char *bad = "/nonexistent/dir/spool.db";
	char path[256], err[256] = "", small[16];
	struct spool *s = (struct spool *)&s;
	FILE *f;

	(void)state;
	assert_int_not_equal(spool_open(bad, &s, err, sizeof err), HL_OK);
	assert_null(s);
	assert_non_null(strstr(err, bad));
	/* A short buffer gets a truncated, terminated message. */
	memset(small, 'x', sizeof small);
	assert_int_not_equal(spool_open(bad, &s, small, sizeof small), HL_OK);
	assert_int_equal(strlen(small), sizeof small - 1);
	/* A file that is not a database. */
	f = fopen(path_in("junk.db", path), "w");
	assert_non_null(f);
	for (int i = 0; i < 200; i++)
		fputs("this is not a database file ", f);
	fclose(f);
	s = (struct spool *)&s;
	err[0] = '\0';
	assert_int_not_equal(spool_open(path, &s, err, sizeof err), HL_OK);
	assert_null(s);
	assert_non_null(strstr(err, path));
}

/* ---- storing ----------------------------------------------------------------------------------- */

static void test_put_count(void **state)
{
	char path[256], id[HL_ID_LEN + 1];
	struct spool *s;
	sqlite3 *db;

	(void)state;
	s = open_spool(path_in("put.db", path));
	put_n(s, 0, 3);
	assert_int_equal(count(s), 3);
	/* The same id again, even with another body: kept once, as first stored. */
	assert_int_equal(spool_put(s, id_of(1, id), "{\"other\":true}", 14, CREATED + 99), HL_OK);
	put_n(s, 1, 2);
	assert_int_equal(count(s), 3);
	assert_rows(s, (const unsigned[]){ 0, 1, 2 }, 3);
	db = open_raw(path);
	assert_int_equal(int_raw(db, "SELECT created FROM spool WHERE id = '00000001-0000-4000-8000-000000000001'"),
			 CREATED + 1);
	sqlite3_close(db);
	/* Invalid ids store nothing. */
	assert_int_equal(spool_put(s, "not-a-uuid", "{}", 2, CREATED), HL_ERR_INVALID);
	assert_int_equal(spool_put(s, NULL, "{}", 2, CREATED), HL_ERR_INVALID);
	assert_int_equal(spool_put(s, id_of(5, id), NULL, 2, CREATED), HL_ERR_INVALID);
	assert_int_equal(count(s), 3);
	spool_close(s);
}

static void test_each_oldest_first(void **state)
{
	char path[256], id[HL_ID_LEN + 1], buf[] = "{\"k\":\"Cảm ơn\"}TAIL";
	const unsigned order[] = { 9, 3, 7, 1, 5 };
	struct rows r = { 0 };
	struct spool *s;
	size_t len = strlen(buf) - 4;

	(void)state;
	s = open_spool(path_in("each.db", path));
	/* Stored in an order unlike the ids' own, so "oldest first" cannot be "sorted by id". */
	for (size_t i = 0; i < 5; i++)
		put_n(s, order[i], order[i] + 1);
	assert_rows(s, order, 5);
	/* Exactly len bytes are stored, not what follows them. */
	assert_int_equal(spool_put(s, id_of(20, id), buf, len, CREATED), HL_OK);
	assert_int_equal(spool_each(s, collect, &r), HL_OK);
	assert_int_equal(r.n, 6);
	assert_int_equal(r.lens[5], len);
	assert_string_equal(r.bodies[5], "{\"k\":\"Cảm ơn\"}");
	/* A non-zero return stops the walk and is returned; the next walk starts from the start. */
	memset(&r, 0, sizeof r);
	r.stop_after = 2;
	assert_int_equal(spool_each(s, collect, &r), 7);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.ids[1], id_of(3, id));
	memset(&r, 0, sizeof r);
	assert_int_equal(spool_each(s, collect, &r), HL_OK);
	assert_int_equal(r.n, 6);
	assert_string_equal(r.ids[0], id_of(9, id));
	spool_close(s);
}

static void test_delete(void **state)
{
	char path[256], ids[8][HL_ID_LEN + 1];
	const char *list[8];
	struct spool *s;
	size_t deleted = 99;

	(void)state;
	s = open_spool(path_in("delete.db", path));
	put_n(s, 0, 6);
	/* A receipt for 1 and 4, an id never stored, and 4 again. */
	list[0] = id_of(1, ids[0]);
	list[1] = id_of(42, ids[1]);
	list[2] = id_of(4, ids[2]);
	list[3] = id_of(4, ids[3]);
	assert_int_equal(spool_delete(s, list, 4, &deleted), HL_OK);
	assert_int_equal(deleted, 2);
	assert_rows(s, (const unsigned[]){ 0, 2, 3, 5 }, 4);
	/* The same receipt again (the aggregator resends receipts for duplicates): nothing there. */
	assert_int_equal(spool_delete(s, list, 4, &deleted), HL_OK);
	assert_int_equal(deleted, 0);
	deleted = 99;
	assert_int_equal(spool_delete(s, list, 0, &deleted), HL_OK);
	assert_int_equal(deleted, 0);
	/* A NULL among the ids deletes nothing at all. */
	list[0] = id_of(0, ids[0]);
	list[1] = NULL;
	deleted = 99;
	assert_int_equal(spool_delete(s, list, 2, &deleted), HL_ERR_INVALID);
	assert_int_equal(deleted, 0);
	assert_int_equal(count(s), 4);
	/* Everything receipted: empty. */
	list[0] = id_of(0, ids[0]);
	list[1] = id_of(2, ids[1]);
	list[2] = id_of(3, ids[2]);
	list[3] = id_of(5, ids[3]);
	assert_int_equal(spool_delete(s, list, 4, &deleted), HL_OK);
	assert_int_equal(deleted, 4);
	assert_rows(s, NULL, 0);
	spool_close(s);
}

/* ---- surviving restarts ------------------------------------------------------------------------ */

static void test_reopen_keeps_order(void **state)
{
	char path[256], id[HL_ID_LEN + 1];
	const char *list[2];
	struct spool *s;
	size_t deleted;

	(void)state;
	s = open_spool(path_in("restart.db", path));
	put_n(s, 0, 5);
	list[0] = id_of(0, id);
	assert_int_equal(spool_delete(s, list, 1, &deleted), HL_OK);
	assert_int_equal(deleted, 1);
	spool_close(s);

	s = open_spool(path);
	assert_rows(s, (const unsigned[]){ 1, 2, 3, 4 }, 4);
	/* Ratings stored after the restart come after the older ones. */
	put_n(s, 10, 12);
	spool_close(s);

	s = open_spool(path);
	assert_rows(s, (const unsigned[]){ 1, 2, 3, 4, 10, 11 }, 6);
	spool_close(s);
}

/* A terminal killed right after storing, without closing anything (the WAL is not checkpointed):
 * every rating spool_put returned HL_OK for is there at the next start. */
static void test_killed_after_put(void **state)
{
	char path[256];
	struct spool *s;
	int status;
	pid_t pid;

	(void)state;
	path_in("killed.db", path);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct spool *c = NULL;
		char err[256];
		if (spool_open(path, &c, err, sizeof err) != HL_OK)
			_exit(1);
		for (unsigned n = 0; n < 20; n++) {
			char id[HL_ID_LEN + 1], body[128];
			body_of(n, body, sizeof body);
			if (spool_put(c, id_of(n, id), body, strlen(body), CREATED) != HL_OK)
				_exit(2);
		}
		raise(SIGKILL);
		_exit(3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);

	s = open_spool(path);
	{
		unsigned want[20];
		for (unsigned n = 0; n < 20; n++)
			want[n] = n;
		assert_rows(s, want, 20);
	}
	spool_close(s);
}

/* The transaction last rated is kept with its rating, so that after a restart the retained
 * transaction is not rated a second time; a version-1 spool gains the table and keeps its ratings. */
static void test_rated_txn_kept(void **state)
{
	char path[256], id[HL_ID_LEN + 1], rated[96];
	struct spool *s;
	sqlite3 *db;

	(void)state;
	/* A spool as the previous version left it, with one rating waiting. */
	db = open_raw(path_in("rated.db", path));
	exec_raw(db, "CREATE TABLE spool(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body TEXT NOT NULL,"
		     " created INTEGER NOT NULL);"
		     "INSERT INTO spool(id, body, created) VALUES('00000001-0000-4000-8000-000000000001', '{}', 1);"
		     "PRAGMA user_version = 1");
	sqlite3_close(db);
	s = open_spool(path);
	assert_int_equal(count(s), 1);
	assert_int_equal(spool_rated_txn(s, rated, sizeof rated), HL_OK);
	assert_string_equal(rated, "");
	assert_int_equal(spool_put_txn(s, id_of(2, id), "{}", 2, 2, "t:w41"), HL_OK);
	assert_int_equal(spool_put(s, id_of(3, id), "{}", 2, 3), HL_OK); /* between transactions */
	spool_close(s);
	s = open_spool(path);
	assert_int_equal(count(s), 3);
	assert_int_equal(spool_rated_txn(s, rated, sizeof rated), HL_OK);
	assert_string_equal(rated, "t:w41");
	/* A refused rating leaves the mark as it was: both or neither. */
	assert_int_equal(spool_put_txn(s, "not-a-uuid", "{}", 2, 4, "t:w42"), HL_ERR_INVALID);
	assert_int_equal(spool_rated_txn(s, rated, sizeof rated), HL_OK);
	assert_string_equal(rated, "t:w41");
	assert_int_equal(spool_put_txn(s, id_of(4, id), "{}", 2, 4, "t:w42"), HL_OK);
	assert_int_equal(spool_rated_txn(s, rated, sizeof rated), HL_OK);
	assert_string_equal(rated, "t:w42");
	spool_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_file_schema),
		cmocka_unit_test(test_newer_refused),
		cmocka_unit_test(test_unusable_paths),
		cmocka_unit_test(test_put_count),
		cmocka_unit_test(test_each_oldest_first),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_reopen_keeps_order),
		cmocka_unit_test(test_killed_after_put),
		cmocka_unit_test(test_rated_txn_kept),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
