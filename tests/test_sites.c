/* SPDX-License-Identifier: MIT
 * test_sites.c — sites' display names, from the file a person gives to the figures a head reads. The
 * sites' CSV file (code,name) is read like the other roster files: a clean file comes back sorted
 * with its names as given; a bad code, a code twice, an empty, decomposed (NFD), too long or
 * bidi-holding name and a wrong header are each a fault of their line naming the column. In a real
 * store the names come back, stay when a roster is put without them, go when an empty list is given,
 * and a bad one is refused with nothing changed; a database of schema 13 gains roster_site and a
 * second run of the step keeps what is there. The reports read them through report_load: the table
 * and the HTML page name the report's site, the sites report and the SIPAS table name each site,
 * a report over several sites lists the sites' names after its table, the CSV files carry a last
 * site_name column (the columns before it where they were) and the JSON documents a site_name key;
 * the QĐ 766 page heads each site with its name; a site the roster does not name keeps its code. */
#include "hl.h"
#include "ingest.h"
#include "period.h"
#include "report.h"
#include "report766.h"
#include "report_load.h"
#include "rollup.h"
#include "roster.h"
#include "sheet.h"
#include "sipas.h"
#include "store.h"
#include "store_roster.h"
#include "survey.h"
#include "uuid.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* NFC UTF-8, spelled in bytes so no editor can renormalise them. */
#define SCT "S\xE1\xBB\x9F C\xC3\xB4ng Th\xC6\xB0\xC6\xA1ng t\xE1\xBB\x89nh B\xE1\xBA\xBFn Tre" /* Sở Công Thương tỉnh Bến Tre */
#define SXD "S\xE1\xBB\x9F X\xC3\xA2y d\xE1\xBB\xB1ng t\xE1\xBB\x89nh B\xE1\xBA\xBFn Tre"       /* Sở Xây dựng tỉnh Bến Tre */
#define SCT_NFD "So\xCC\x9B\xCC\x89 C\xC3\xB4ng Th\xC6\xB0\xC6\xA1ng"                          /* "Sở" decomposed */
#define OFFICER "Tr\xE1\xBA\xA7n V\xC4\x83n B\xC3\xACnh"                                       /* Trần Văn Bình */
#define A "sct-bentre"
#define B "sxd-bentre"
#define C "ubnd-an-hoi" /* a site the roster does not name */
#define JULY_FROM 20635 /* 2026-07-01 */
#define JULY_TO 20665
#define GENERATED 1785551400
#define VN (7 * 3600)

static char tmpdir[64];

/* ---- the sites' file ------------------------------------------------------------------------------ */

static void read_sites(struct sheet *sh, const char *name, const char *text, char *path, size_t cap)
{
	FILE *f;

	memset(sh, 0, sizeof *sh);
	snprintf(path, cap, "%s/%s", tmpdir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	sh->path = path;
	sh->kind = ROSTER_SITE;
	assert_int_equal(sheet_read(sh), HL_OK);
}

static void fault_seen(void *ud, size_t line, const char *msg)
{
	char *t = ud;
	size_t n = strlen(t);

	snprintf(t + n, 4096 - n, "%zu: %s\n", line, msg);
}

static const char *faults_of(struct sheet *sh, char t[4096])
{
	t[0] = '\0';
	sheet_faults(sh, 0, fault_seen, t);
	return t;
}

static void expect_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("'%s' not in:\n%s", want, text);
}

static void expect_lacks(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted))
		fail_msg("'%s' unexpectedly in:\n%s", unwanted, text);
}

/* Some line of text holds a and, after it, b. */
static void expect_line(const char *text, const char *a, const char *b)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		const char *end = strchr(p, '\n'), *x = strstr(p, a);
		if (!end)
			end = p + strlen(p);
		if (x && x < end && strstr(x, b) && strstr(x, b) < end)
			return;
	}
	fail_msg("no line with '%s' then '%s' in:\n%s", a, b, text);
}

static void test_sites_file_read(void **state)
{
	char path[256], t[4096];
	struct sheet sh;

	(void)state;
	/* A BOM and CRLF as Excel's "CSV UTF-8" writes them, spaces around a name, a quoted comma. */
	read_sites(&sh, "sites.csv",
		   "\xEF\xBB\xBF" "code,name\r\n" B ", " SXD " \r\n" A "," SCT "\r\nubnd-x,\"UBND x\xC3\xA3 An H\xE1\xBB\x99i, huy\xE1\xBB\x87n Ch\xC3\xA2u Th\xC3\xA0nh\"\r\n",
		   path, sizeof path);
	assert_string_equal(faults_of(&sh, t), "");
	assert_int_equal(sh.nrows, 3);
	assert_string_equal(sh.rows[0].o.e.code, A); /* sorted by code */
	assert_string_equal(sh.rows[0].o.e.name, SCT);
	assert_string_equal(sh.rows[1].o.e.code, B);
	assert_string_equal(sh.rows[1].o.e.name, SXD); /* trimmed */
	assert_string_equal(sh.rows[2].o.e.name, "UBND x\xC3\xA3 An H\xE1\xBB\x99i, huy\xE1\xBB\x87n Ch\xC3\xA2u Th\xC3\xA0nh");
	assert_string_equal(sh.rows[0].o.site, "");
	sheet_free(&sh);
	/* A file of only its header names no site: the import then removes the stored names. */
	read_sites(&sh, "none.csv", "code,name\n", path, sizeof path);
	assert_string_equal(faults_of(&sh, t), "");
	assert_int_equal(sh.nrows, 0);
	sheet_free(&sh);
}

static void test_sites_file_faults(void **state)
{
	char path[256], t[4096], long_name[ROSTER_NAME_MAX + 40];
	struct sheet sh;

	(void)state;
	memset(long_name, 'a', ROSTER_NAME_MAX + 1);
	long_name[ROSTER_NAME_MAX + 1] = '\0';
	char text[2048];
	snprintf(text, sizeof text,
		 "code,name\n"
		 A "," SCT "\n"          /* 2: good */
		 "SCT-BenTre,X\n"        /* 3: a site's code is a topic id */
		 A ",again\n"            /* 4: a code twice */
		 "sxd,\n"                /* 5: no name */
		 "sxd-1," SCT_NFD "\n"   /* 6: decomposed */
		 "sxd-2,%s\n"            /* 7: too long */
		 "sxd-3,S\xE2\x80\xAE" "ab\n" /* 8: a right-to-left override */
		 "sxd-4\n",              /* 9: one field */
		 long_name);
	read_sites(&sh, "bad-sites.csv", text, path, sizeof path);
	const char *f = faults_of(&sh, t);
	expect_has(f, "3: code 'SCT-BenTre' must match [a-z0-9-]{1,32} (a site's code");
	expect_has(f, "4: site '" A "' is also on line 2");
	expect_has(f, "5: name is empty");
	expect_has(f, "6: name 'So");
	expect_has(f, "is decomposed Vietnamese (NFD); save the file as NFC");
	expect_has(f, "7: name is 201 bytes, more than 200");
	expect_has(f, "8: name 'S<U+202E>ab' (column 2) has U+202E");
	expect_has(f, "9: 1 field, expected 2 (code,name)");
	expect_lacks(f, "\n2: ");
	sheet_free(&sh);
	/* The header: code,name, not the officers' or counters' site,code,name. */
	read_sites(&sh, "wrong.csv", "site,code,name\n" A ",x," SCT "\n", path, sizeof path);
	expect_has(faults_of(&sh, t), "1: the header must be 'code,name', not 'site,code,name'");
	assert_int_equal(sh.nrows, 0);
	sheet_free(&sh);
}

/* ---- the store ------------------------------------------------------------------------------------ */

static struct store *open_at(const char *path)
{
	struct store *s = NULL;
	char err[256] = "";

	if (store_open(path, VN, &s, err, sizeof err) != HL_OK)
		fail_msg("store_open(%s): %s", path, err);
	return s;
}

static const char *name_of(struct store *s, const char *site, char *buf, size_t cap)
{
	int rc = store_roster_site_name(s, site, buf, cap);

	assert_true(rc == HL_OK || rc == HL_ERR_NOTFOUND);
	return rc == HL_OK ? buf : NULL;
}

static void test_store_round_trip(void **state)
{
	char path[128], name[ROSTER_NAME_MAX + 1];
	struct store_officer off[] = { { A, { "cb001", OFFICER } } };
	struct roster_entry sites[] = { { A, SCT }, { B, SXD } };
	struct roster *r;

	(void)state;
	snprintf(path, sizeof path, "%s/sites.db", tmpdir);
	unlink(path);
	struct store *s = open_at(path);
	struct store_roster_in in = { .officers = off, .nofficers = 1, .sites = sites, .nsites = 2, .sites_given = true };
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	assert_string_equal(name_of(s, A, name, sizeof name), SCT);
	assert_null(name_of(s, C, name, sizeof name));
	assert_string_equal(name, "");
	/* One site's roster has that site's name; every site's, every name. */
	assert_int_equal(store_roster_load(s, A, &r), HL_OK);
	assert_int_equal(r->n[ROSTER_SITE], 1);
	assert_string_equal(roster_name(r, ROSTER_SITE, A), SCT);
	assert_null(roster_name(r, ROSTER_SITE, B));
	roster_free(r);
	assert_int_equal(store_roster_site_names(s, NULL, &r), HL_OK);
	assert_int_equal(r->n[ROSTER_SITE], 2);
	assert_int_equal(r->n[ROSTER_OFFICER], 0);
	assert_string_equal(roster_name(r, ROSTER_SITE, B), SXD);
	roster_free(r);
	/* A roster put without names keeps the stored ones (as `roster import` without --sites). */
	assert_int_equal(store_roster_replace(s, off, 1, NULL, 0), HL_OK);
	assert_string_equal(name_of(s, B, name, sizeof name), SXD);
	/* A bad name or code is refused and nothing changes. */
	struct roster_entry bad[] = { { A, "other" }, { "SXD", "x" } };
	in.sites = bad;
	assert_int_equal(store_roster_put(s, &in), HL_ERR_INVALID);
	expect_has(store_errmsg(s), "site #2 has a bad code or name");
	assert_string_equal(name_of(s, A, name, sizeof name), SCT);
	struct roster_entry empty_name[] = { { A, "" } };
	in.sites = empty_name;
	in.nsites = 1;
	assert_int_equal(store_roster_put(s, &in), HL_ERR_INVALID);
	/* They survive a reopen. */
	store_close(s);
	s = open_at(path);
	assert_string_equal(name_of(s, A, name, sizeof name), SCT);
	/* An empty list given removes them all. */
	in.sites = NULL;
	in.nsites = 0;
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	assert_null(name_of(s, A, name, sizeof name));
	store_close(s);
	unlink(path);
}

static int int_of(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int v;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_schema_13_gains_site_names(void **state)
{
	char path[128], name[ROSTER_NAME_MAX + 1];
	struct roster_entry sites[] = { { A, SCT } };
	struct store_roster_in in = { .sites = sites, .nsites = 1, .sites_given = true };
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof path, "%s/v13.db", tmpdir);
	unlink(path);
	struct store *s = open_at(path);
	store_close(s);
	/* The database as schema 13 left it. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE roster_site; PRAGMA user_version = 13;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_at(path);
	assert_int_equal(store_roster_put(s, &in), HL_OK);
	store_close(s);
	/* Step 14 run again over its own table (user_version put back) keeps the names. */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(int_of(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 13;", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = open_at(path);
	assert_string_equal(name_of(s, A, name, sizeof name), SCT);
	store_close(s);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(int_of(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	sqlite3_close(db);
	unlink(path);
}

/* ---- the reports ---------------------------------------------------------------------------------- */

struct fixture {
	struct store *s;
};

static void save(struct store *s, const char *site, const char *officer, const char *procedure, int count, int sat,
		 int64_t t0)
{
	for (int i = 0; i < count; i++) {
		struct rating r = { .scale = 5, .clock_ok = true, .ts = t0 + i * 60 };
		size_t stored = 0;
		assert_int_equal(uuid_new(r.id), HL_OK);
		snprintf(r.site, sizeof r.site, "%s", site);
		snprintf(r.counter, sizeof r.counter, "q01");
		snprintf(r.officer, sizeof r.officer, "%s", officer);
		snprintf(r.procedure, sizeof r.procedure, "%s", procedure);
		r.answers[SURVEY_Q_OFFICER] = i < sat ? 5 : 1;
		r.answers[SURVEY_Q_PROCEDURE] = 4;
		struct ingest_batch b = { .ratings = &r, .nratings = 1, .cap_ratings = 1 };
		assert_int_equal(store_save(s, &b, r.ts + 30, &stored), HL_OK);
	}
}

/* Three sites with ratings in July 2026; the roster names two of them. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	char err[256];
	const int64_t july = (int64_t)JULY_FROM * 86400 - VN + 9 * 3600;

	if (!f || store_open(":memory:", VN, &f->s, err, sizeof err) != HL_OK)
		return -1;
	struct store_officer off[] = { { A, { "cb001", OFFICER } }, { B, { "cb001", "Lê Thị Mẫn" } } };
	struct roster_entry proc[] = { { "1.001234", "Đăng ký kinh doanh" } };
	struct roster_entry sites[] = { { A, SCT }, { B, SXD } };
	struct store_roster_in in = { .officers = off, .nofficers = 2, .procedures = proc, .nprocedures = 1,
				      .sites = sites, .nsites = 2, .sites_given = true };
	assert_int_equal(store_roster_put(f->s, &in), HL_OK);
	save(f->s, A, "cb001", "1.001234", 40, 36, july);
	save(f->s, B, "cb001", "1.001234", 12, 6, july + 86400);
	save(f->s, C, "cb009", "1.001234", 8, 8, july + 2 * 86400);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->s);
	free(f);
	return 0;
}

/* The report r (dim, site set) loaded from the store and written in fmt; the text to free. */
static char *render(struct store *s, struct report *r, enum report_format fmt)
{
	struct report_buffers *bufs = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	r->days = (struct period_range){ JULY_FROM, JULY_TO };
	r->generated = GENERATED;
	r->utc_offset = VN;
	assert_non_null(out);
	assert_int_equal(report_load(s, r, fmt == REPORT_HTML, &bufs), HL_OK);
	assert_int_equal(report_write(out, fmt, r), HL_OK);
	assert_int_equal(fclose(out), 0);
	report_load_free(bufs);
	return text;
}

static void test_report_of_one_site_names_it(void **state)
{
	struct fixture *f = *state;
	struct report r = { .dim = ROLLUP_OFFICER, .site = A };
	char *t = render(f->s, &r, REPORT_TABLE);

	expect_has(t, ", đơn vị " SCT " (" A ")\n");
	free(t);
	r = (struct report){ .dim = ROLLUP_OFFICER, .site = A, .lang = 1 };
	t = render(f->s, &r, REPORT_TABLE);
	expect_has(t, ", site " SCT " (" A ")\n");
	free(t);
	r = (struct report){ .dim = ROLLUP_OFFICER, .site = A };
	t = render(f->s, &r, REPORT_HTML);
	expect_has(t, " · Đơn vị: " SCT " (" A ") · ");
	free(t);
	r = (struct report){ .dim = ROLLUP_OFFICER, .site = A };
	t = render(f->s, &r, REPORT_JSON);
	cJSON *root = cJSON_Parse(t);
	assert_non_null(root);
	assert_string_equal(cJSON_GetObjectItem(root, "site_name")->valuestring, SCT);
	cJSON *row = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "rows"), 0);
	assert_string_equal(cJSON_GetObjectItem(row, "site")->valuestring, A);
	assert_string_equal(cJSON_GetObjectItem(row, "site_name")->valuestring, SCT);
	cJSON_Delete(root);
	free(t);
	/* A site the roster does not name keeps its code, and null in JSON. */
	r = (struct report){ .dim = ROLLUP_OFFICER, .site = C };
	t = render(f->s, &r, REPORT_HTML);
	expect_has(t, " · Đơn vị: " C " · ");
	free(t);
	r = (struct report){ .dim = ROLLUP_OFFICER, .site = C };
	t = render(f->s, &r, REPORT_JSON);
	root = cJSON_Parse(t);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(root, "site_name")));
	cJSON_Delete(root);
	free(t);
}

static void test_sites_report_names_each_site(void **state)
{
	struct fixture *f = *state;
	struct report r = { .dim = ROLLUP_SITE };
	char *t = render(f->s, &r, REPORT_TABLE);

	/* Each row: the code, then the name in the name column. */
	expect_has(t, "  tên ");
	expect_line(t, A " ", " " SCT " ");
	expect_line(t, B " ", " " SXD " ");
	free(t);
	r = (struct report){ .dim = ROLLUP_SITE };
	t = render(f->s, &r, REPORT_HTML);
	/* The table's cell and the chart's label name the site. */
	expect_has(t, "<td class=\"site\">" SCT " <span class=\"muted small\">" A "</span></td>");
	expect_has(t, "<td class=\"site\">" C "</td>");
	expect_has(t, ">" SCT "</tspan>");
	free(t);
	r = (struct report){ .dim = ROLLUP_SITE };
	t = render(f->s, &r, REPORT_JSON);
	cJSON *root = cJSON_Parse(t), *row;
	int named = 0;
	cJSON_ArrayForEach(row, cJSON_GetObjectItem(root, "rows")) {
		const char *site = cJSON_GetObjectItem(row, "site")->valuestring;
		cJSON *name = cJSON_GetObjectItem(row, "name");
		if (strcmp(site, A) == 0 && cJSON_IsString(name) && strcmp(name->valuestring, SCT) == 0)
			named++;
		if (strcmp(site, C) == 0 && cJSON_IsNull(name) && cJSON_IsNull(cJSON_GetObjectItem(row, "site_name")))
			named++;
	}
	assert_int_equal(named, 2);
	cJSON_Delete(root);
	free(t);
}

static void test_csv_site_name_last(void **state)
{
	struct fixture *f = *state;
	struct report r = { .dim = ROLLUP_OFFICER };
	char *t = render(f->s, &r, REPORT_CSV);

	/* The header's columns where they were, site_name appended. */
	expect_has(t, "\xEF\xBB\xBF" "site,officer,name,ratings,rate766,officer_n,");
	expect_has(t, ",CO_SO_VAT_CHAT,site_name\r\n");
	expect_has(t, "\r\n" A ",cb001," OFFICER ",40,");
	expect_has(t, ",0," SCT "\r\n");
	expect_has(t, "\r\n" C ",cb009,,8,");
	/* C has no name: its row ends with an empty site_name. */
	char *c = strstr(t, "\r\n" C ",");
	assert_non_null(c);
	char *end = strstr(c + 2, "\r\n");
	assert_non_null(end);
	assert_int_equal(end[-1], ',');
	free(t);
}

static void test_several_sites_listed_after_the_table(void **state)
{
	struct fixture *f = *state;
	struct report r = { .dim = ROLLUP_OFFICER };
	char *t = render(f->s, &r, REPORT_TABLE);

	expect_has(t, "\nĐơn vị:\n  " A "  " SCT "\n  " B "  " SXD "\n");
	expect_lacks(t, "  " C "  \n");
	free(t);
	r = (struct report){ .dim = ROLLUP_OFFICER };
	t = render(f->s, &r, REPORT_HTML);
	/* Over several sites the table's cells name them. */
	expect_has(t, "<td class=\"site\">" SXD " <span class=\"muted small\">" B "</span></td>");
	free(t);
}

static void test_sipas_names_each_site(void **state)
{
	struct fixture *f = *state;
	struct rollup_list rows = { 0 };
	struct report_row *sites = NULL;
	struct index_group total;
	struct roster *names = NULL;
	size_t n = 0, len = 0;
	char *t = NULL;

	assert_int_equal(store_query(f->s, ROLLUP_SITE, (struct period_range){ JULY_FROM, JULY_TO }, NULL, rollup_list_push,
				     &rows),
			 HL_OK);
	assert_int_equal(report_group(rows.v, rows.n, &sites, &n, &total), HL_OK);
	assert_int_equal(store_roster_site_names(f->s, NULL, &names), HL_OK);
	report_site_names(sites, n, true, names);
	struct sipas_export x = { .year = 2026, .sites = sites, .nsites = n, .generated = GENERATED };
	sipas_weights_default(x.weights);
	FILE *out = open_memstream(&t, &len);
	assert_int_equal(sipas_write(out, REPORT_TABLE, &x), HL_OK);
	fclose(out);
	expect_has(t, "\nĐơn vị " SCT " (" A ") — 40 lượt đánh giá\n");
	expect_has(t, "\nĐơn vị " C " — 8 lượt đánh giá\n");
	free(t);
	out = open_memstream(&t, &len);
	assert_int_equal(sipas_write(out, REPORT_CSV, &x), HL_OK);
	fclose(out);
	expect_has(t, ",weight,formula,site_name\r\n");
	expect_has(t, "\r\n" A ",2026,cong_chuc,");
	expect_has(t, ",1,," SCT "\r\n");
	free(t);
	out = open_memstream(&t, &len);
	assert_int_equal(sipas_write(out, REPORT_JSON, &x), HL_OK);
	fclose(out);
	cJSON *root = cJSON_Parse(t), *site;
	int seen = 0;
	cJSON_ArrayForEach(site, cJSON_GetObjectItem(root, "sites"))
		if (strcmp(cJSON_GetObjectItem(site, "site")->valuestring, B) == 0 &&
		    strcmp(cJSON_GetObjectItem(site, "site_name")->valuestring, SXD) == 0)
			seen++;
	assert_int_equal(seen, 1);
	cJSON_Delete(root);
	free(t);
	roster_free(names);
	free(sites);
	rollup_list_free(&rows);
}

static void test_766_names_each_site(void **state)
{
	struct fixture *f = *state;
	struct period_range q3 = { JULY_FROM, period_day_from_civil(2026, 9, 30) };
	struct rollup_list pl = { 0 }, sl = { 0 };
	struct report_row *procs = NULL, *sites = NULL;
	struct index_group ptotal, total;
	struct roster *roster = NULL;
	size_t np = 0, ns = 0, len = 0;
	char *t = NULL;

	assert_int_equal(store_query(f->s, ROLLUP_PROCEDURE, q3, NULL, rollup_list_push, &pl), HL_OK);
	assert_int_equal(store_query(f->s, ROLLUP_SITE, q3, NULL, rollup_list_push, &sl), HL_OK);
	assert_int_equal(report_group(pl.v, pl.n, &procs, &np, &ptotal), HL_OK);
	assert_int_equal(report_group(sl.v, sl.n, &sites, &ns, &total), HL_OK);
	assert_int_equal(store_roster_load(f->s, NULL, &roster), HL_OK);
	struct report766 r = { .days = q3, .max_points = 2, .generated = GENERATED, .utc_offset = VN };
	assert_int_equal(report766_build(&r, NULL, 0, procs, np, sites, ns, &total, roster), HL_OK);
	FILE *out = open_memstream(&t, &len);
	assert_int_equal(report766_write(out, REPORT_HTML, &r), HL_OK);
	fclose(out);
	expect_has(t, "<section><h2>" SCT " <span class=\"muted small\">" A "</span></h2>");
	expect_has(t, "<section><h2>Đơn vị " C "</h2>");
	expect_has(t, "Cộng đơn vị " SXD "</td>");
	free(t);
	out = open_memstream(&t, &len);
	assert_int_equal(report766_write(out, REPORT_CSV, &r), HL_OK);
	fclose(out);
	expect_has(t, ",estimate,formula,site_name\r\n");
	expect_has(t, "," SCT "\r\n");
	free(t);
	report766_free(&r);
	/* One site: the header names it. */
	r = (struct report766){ .days = q3, .site = A, .max_points = 2, .generated = GENERATED, .utc_offset = VN };
	assert_int_equal(report766_build(&r, NULL, 0, procs, np, sites, ns, &total, roster), HL_OK);
	out = open_memstream(&t, &len);
	assert_int_equal(report766_write(out, REPORT_HTML, &r), HL_OK);
	fclose(out);
	expect_has(t, " · Đơn vị: " SCT " (" A ") · ");
	free(t);
	out = open_memstream(&t, &len);
	assert_int_equal(report766_write(out, REPORT_TABLE, &r), HL_OK);
	fclose(out);
	expect_has(t, ", đơn vị " SCT " (" A ")\n"); /* the table in Vietnamese, the default */
	free(t);
	report766_free(&r);
	roster_free(roster);
	free(procs);
	free(sites);
	rollup_list_free(&pl);
	rollup_list_free(&sl);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/hl-test-sites-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sites_file_read),
		cmocka_unit_test(test_sites_file_faults),
		cmocka_unit_test(test_store_round_trip),
		cmocka_unit_test(test_schema_13_gains_site_names),
		cmocka_unit_test_setup_teardown(test_report_of_one_site_names_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sites_report_names_each_site, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_site_name_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_several_sites_listed_after_the_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sipas_names_each_site, setup, teardown),
		cmocka_unit_test_setup_teardown(test_766_names_each_site, setup, teardown),
	};
	return cmocka_run_group_tests_name("sites", tests, group_setup, group_teardown);
}
