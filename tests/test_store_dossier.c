/* SPDX-License-Identifier: MIT
 * test_store_dossier.c — the dossier counts in a real SQLite file (results/store_dossier.h). Rows come
 * back as stored, in (site, procedure, month) order, for a range of months and one site or all; an
 * import of a (site, month) replaces what that site and month had — a procedure the new file leaves
 * out is gone — and leaves other months and other sites' same month alone, saying how many rows it
 * replaced; an import the store refuses (no rows, a repeated row, overdue above resolved, a bad code
 * or month) or that the database fails half-way changes nothing; the rows survive a reopen; schema 12
 * adds the table to a database of schema 11 and running it again keeps the rows. */
#include "dossier.h"
#include "hl.h"
#include "store.h"
#include "store_dossier.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "raw_db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];
static char dbpath[128];

static struct store *open_store(void)
{
	struct store *s = NULL;
	char err[256] = "";

	if (store_open(dbpath, 25200, &s, err, sizeof err) != HL_OK)
		fail_msg("store_open(%s): %s", dbpath, err);
	return s;
}

static struct dossier_row row(const char *site, const char *proc, int32_t month, int64_t received, int64_t resolved,
			      int64_t overdue, int64_t complaints)
{
	struct dossier_row r = { .month = month, .c = { received, resolved, overdue, complaints } };

	snprintf(r.site, sizeof r.site, "%s", site);
	snprintf(r.procedure, sizeof r.procedure, "%s", proc);
	return r;
}

struct got {
	size_t n;
	struct dossier_row v[32];
};

static int push(void *ud, const struct dossier_row *r)
{
	struct got *g = ud;

	assert_true(g->n < 32);
	g->v[g->n++] = *r;
	return HL_OK;
}

/* Every stored row of 1970-01 … 9999-12 of site (NULL: all), as one text "site/proc/month:r,s,o,c;…". */
static void stored(struct store *s, const char *site, char *out, size_t cap)
{
	struct got g = { 0 };
	size_t n = 0;

	assert_int_equal(store_dossier_rows(s, 197001, 999912, site, push, &g), HL_OK);
	out[0] = '\0';
	for (size_t i = 0; i < g.n; i++)
		n += (size_t)snprintf(out + n, cap - n, "%s/%s/%d:%lld,%lld,%lld,%lld;", g.v[i].site, g.v[i].procedure,
				      (int)g.v[i].month, (long long)g.v[i].c.received, (long long)g.v[i].c.resolved,
				      (long long)g.v[i].c.overdue, (long long)g.v[i].c.complaints);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/hl-test-store-dossier-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(dbpath, sizeof dbpath, "%s/dossier.db", tmpdir);
	return 0;
}

static int teardown(void **state)
{
	char wal[160], shm[160];

	(void)state;
	snprintf(wal, sizeof wal, "%s-wal", dbpath);
	snprintf(shm, sizeof shm, "%s-shm", dbpath);
	unlink(dbpath);
	unlink(wal);
	unlink(shm);
	rmdir(tmpdir);
	return 0;
}

/* The first import: three rows of site A in October and November, one of site B in October. */
static void first_import(struct store *s)
{
	struct dossier_row rows[] = {
		row("sct-bentre", "2.000204", 202610, 19, 22, 0, 0), row("sct-bentre", "1.001234", 202610, 48, 47, 3, 1),
		row("sct-bentre", "1.001234", 202611, 58, 59, 1, 0), row("ubnd-an-hoi", "1.001234", 202610, 5, 5, 0, 0),
	};
	struct store_dossier_result res;

	assert_int_equal(store_dossier_put(s, rows, 4, 1790000000, &res), HL_OK);
	assert_int_equal(res.rows, 4);
	assert_int_equal(res.replaced, 0);
	assert_int_equal(res.sites, 2);
	assert_int_equal(res.month_from, 202610);
	assert_int_equal(res.month_to, 202611);
}

#define FIRST                                                                                              \
	"sct-bentre/1.001234/202610:48,47,3,1;sct-bentre/1.001234/202611:58,59,1,0;"                        \
	"sct-bentre/2.000204/202610:19,22,0,0;ubnd-an-hoi/1.001234/202610:5,5,0,0;"

static void test_rows_come_back_in_order(void **state)
{
	struct store *s = open_store();
	char text[2048];
	struct got g = { 0 };

	(void)state;
	first_import(s);
	stored(s, NULL, text, sizeof text);
	assert_string_equal(text, FIRST);
	/* One site, one month. */
	assert_int_equal(store_dossier_rows(s, 202611, 202611, "sct-bentre", push, &g), HL_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.v[0].procedure, "1.001234");
	assert_int_equal(g.v[0].c.received, 58);
	assert_int_equal(g.v[0].line, 0);
	store_close(s);
	/* It survives a reopen. */
	s = open_store();
	stored(s, NULL, text, sizeof text);
	assert_string_equal(text, FIRST);
	store_close(s);
}

static void test_reimport_replaces_the_month(void **state)
{
	struct store *s = open_store();
	char text[2048];
	int64_t n;

	(void)state;
	first_import(s);
	/* October of site A exported again: 1.001234 changed, 2.000204 gone, 2.000512 new. */
	struct dossier_row again[] = { row("sct-bentre", "1.001234", 202610, 50, 49, 2, 0),
				       row("sct-bentre", "2.000512", 202610, 7, 6, 0, 1) };
	struct store_dossier_result res;
	assert_int_equal(store_dossier_put(s, again, 2, 1790100000, &res), HL_OK);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.replaced, 2);
	assert_int_equal(res.sites, 1);
	assert_int_equal(res.month_from, 202610);
	assert_int_equal(res.month_to, 202610);
	stored(s, NULL, text, sizeof text);
	/* November of A and October of B are as they were. */
	assert_string_equal(text, "sct-bentre/1.001234/202610:50,49,2,0;sct-bentre/1.001234/202611:58,59,1,0;"
				  "sct-bentre/2.000512/202610:7,6,0,1;ubnd-an-hoi/1.001234/202610:5,5,0,0;");
	assert_int_equal(store_dossier_count(s, &n), HL_OK);
	assert_int_equal(n, 4);
	store_close(s);
}

static void test_refused_imports_change_nothing(void **state)
{
	struct store *s = open_store();
	char text[2048];

	(void)state;
	first_import(s);
	struct dossier_row twice[] = { row("sct-bentre", "1.001234", 202610, 1, 1, 0, 0),
				       row("sct-bentre", "1.001234", 202610, 2, 2, 0, 0) };
	assert_int_equal(store_dossier_put(s, twice, 2, 1, NULL), HL_ERR_INVALID);
	assert_non_null(strstr(store_errmsg(s), "given twice"));
	struct dossier_row late[] = { row("sct-bentre", "1.001234", 202610, 5, 5, 6, 0) };
	assert_int_equal(store_dossier_put(s, late, 1, 1, NULL), HL_ERR_INVALID);
	struct dossier_row site[] = { row("SCT", "1.001234", 202610, 5, 5, 0, 0) };
	assert_int_equal(store_dossier_put(s, site, 1, 1, NULL), HL_ERR_INVALID);
	struct dossier_row month[] = { row("sct-bentre", "1.001234", 202613, 5, 5, 0, 0) };
	assert_int_equal(store_dossier_put(s, month, 1, 1, NULL), HL_ERR_INVALID);
	assert_int_equal(store_dossier_put(s, month, 0, 1, NULL), HL_ERR_INVALID);
	stored(s, NULL, text, sizeof text);
	assert_string_equal(text, FIRST);
	store_close(s);
}

static void test_failure_half_way_keeps_the_old_month(void **state)
{
	struct store *s = open_store();
	char text[2048];

	(void)state;
	first_import(s);
	/* The database refuses the second row, after the month's old rows were deleted. */
	sqlite3 *db = open_raw(dbpath);
	exec_raw(db, "CREATE TRIGGER boom BEFORE INSERT ON dossier_month WHEN NEW.procedure = 'boom'"
		     " BEGIN SELECT RAISE(ABORT, 'no boom'); END");
	sqlite3_close(db);
	struct dossier_row rows[] = { row("sct-bentre", "1.001234", 202610, 1, 1, 0, 0),
				      row("sct-bentre", "boom", 202610, 1, 1, 0, 0) };
	assert_int_equal(store_dossier_put(s, rows, 2, 1, NULL), HL_ERR_DB);
	assert_non_null(strstr(store_errmsg(s), "no boom"));
	stored(s, NULL, text, sizeof text);
	assert_string_equal(text, FIRST);
	store_close(s);
}

static void test_schema_12_from_11(void **state)
{
	struct store *s = open_store();
	char text[2048];

	(void)state;
	store_close(s);
	sqlite3 *db = open_raw(dbpath);
	exec_raw(db, "DROP TABLE dossier_month; PRAGMA user_version = 11");
	sqlite3_close(db);
	s = open_store();
	first_import(s);
	store_close(s);
	db = open_raw(dbpath);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	/* The step again, on a database that has the table: the rows stay. */
	exec_raw(db, "PRAGMA user_version = 11");
	sqlite3_close(db);
	s = open_store();
	stored(s, NULL, text, sizeof text);
	assert_string_equal(text, FIRST);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_come_back_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_replaces_the_month, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_imports_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_half_way_keeps_the_old_month, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_12_from_11, setup, teardown),
	};
	return cmocka_run_group_tests_name("test_store_dossier", tests, NULL, NULL);
}
