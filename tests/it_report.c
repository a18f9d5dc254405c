/* SPDX-License-Identifier: MIT
 * Integration: the `report` and `export sipas` commands of the real aggregator on a database it filled
 * itself. From an empty folder, a real mosquitto on 127.0.0.1 and `hailong-aggregator serve` receive
 * ratings from `hailong-loadgen` (two sites, spread over 120 and 20 past days), a roster with
 * Vietnamese and hostile names is imported, and then every report (officers, procedures, counters,
 * sites) is run in every format over all data, a month, a quarter, a year and a --from/--to range.
 * Each must exit 0 and agree with a count of the stored ratings made here in SQL from their own
 * times: the totals, every row's n, the "< 5" rule for officers, names from the roster, the
 * loadgen's counters, the CSV's rows matching the JSON's. The officers' HTML page is rendered by
 * headless Chromium and the screenshot decoded: right size, the header's blue and the bars' colours
 * present; it is kept in BUILD/screenshots/report-officers.png. `export sipas` gives each site's
 * three elements with the right n and index, and bad usage exits 2. The drill-downs (`report
 * procedures|counters --site S --officer X`, `report counters --procedure P`) agree row for row with
 * the stored ratings of their subject in every period, both questions, an officer's rows under the
 * officer rule ("< 5"), in JSON, CSV (the subject's own column) and the table; misuse of their
 * options exits 2 saying why. */
#include "csv.h"
#include "harness.h"
#include "hl.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>

#define VN_OFFSET 25200 /* the aggregator's default utc_offset_minutes = 420 */
/* The day a rating counts on (the aggregator's `day`: its own time when the clock rule believes it,
 * else the day received). */
#define LOCAL_DATE "date(day * 86400, 'unixepoch')"
#define RP_RATINGS 600
#define HQ_RATINGS 45
#define CHROMIUM "/usr/bin/chromium"
#define SHOT_W 1280
#define SHOT_H 2000

#define NAME_CB001 "Nguyễn Thị Ấu Ngọc Trâm"
#define NAME_CB002 "Lê Văn \"Tèo\", <script>alert(1)</script>"
#define NAME_PROC "Cấp giấy phép xây dựng"

static const char *const loadgen_procedures[] = { "1.001234", "2.000512", "1.003741", "2.001190", "1.004471" };

/* A report period: the options, and the local days it covers ("" for all data). */
struct period {
	const char *opt1, *opt2;
	char val1[40], val2[40];
	char from[40], to[40];
};

struct world {
	struct stack st;
	struct period periods[5];
	char year[40];
};

/* ---- helpers ------------------------------------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* Runs hailong-aggregator with the NULL-terminated arguments; its output (stdout and stderr) goes to
 * log, which is emptied first. Returns the exit code. */
static int agg(const char *log, const char *const *args)
{
	char bin[PATH_MAX + 32];
	char *argv[32] = { bin };
	size_t i = 0;

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	for (; args[i]; i++) {
		assert_true(i + 2 < sizeof argv / sizeof argv[0]);
		argv[i + 1] = (char *)args[i];
	}
	argv[i + 1] = NULL;
	unlink(log);
	return harness_run(log, argv, 30000);
}

static int64_t sqlf(const struct world *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t sqlf(const struct world *w, const char *fmt, ...)
{
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	int64_t v = harness_sql(w->st.db, sql);
	if (v < 0)
		fail_msg("SQL failed: %s", sql);
	return v;
}

/* The SQL condition for ratings in period p, by their own local day. */
static void period_where(const struct period *p, char *buf, size_t cap)
{
	if (!p->from[0])
		snprintf(buf, cap, "1");
	else
		snprintf(buf, cap, LOCAL_DATE " BETWEEN '%s' AND '%s'", p->from, p->to);
}

static int days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

static void local_date(time_t t, char out[40])
{
	struct tm tm;
	time_t local = t + VN_OFFSET;

	gmtime_r(&local, &tm);
	strftime(out, 40, "%Y-%m-%d", &tm);
}

/* ---- the stack and its data, made once ------------------------------------------------------------ */

static void publish(const struct world *w, const char *site, int terminals, int ratings, int days, bool result)
{
	char bin[PATH_MAX + 32], log[300], t[8], r[8], d[8];

	snprintf(bin, sizeof bin, "%s/hailong-loadgen", harness_bindir());
	snprintf(log, sizeof log, "%s/loadgen-%s.log", w->st.dir, site);
	snprintf(t, sizeof t, "%d", terminals);
	snprintf(r, sizeof r, "%d", ratings);
	snprintf(d, sizeof d, "%d", days);
	char *argv[] = { bin, "publish", "--broker", (char *)w->st.broker.url, "--site", (char *)site, "--terminals", t,
			 "--ratings", r, "--window", "20", "--days", d, "--timeout", "90", result ? "--result" : NULL, NULL };
	assert_int_equal(harness_run(log, argv, 120000), 0);
}

static void make_periods(struct world *w)
{
	time_t now = time(NULL), local = now + VN_OFFSET, back = local - 30 * 86400;
	struct tm tm;
	struct period *p = w->periods;

	gmtime_r(&local, &tm);
	int pm = tm.tm_mon == 0 ? 12 : tm.tm_mon, py = tm.tm_mon == 0 ? tm.tm_year + 1899 : tm.tm_year + 1900;
	/* The quarter and the year of 30 days ago: well inside the 120 days of ratings. */
	gmtime_r(&back, &tm);
	int y = tm.tm_year + 1900, q = tm.tm_mon / 3 + 1;

	memset(p, 0, sizeof w->periods);
	/* All stored data. */
	p[0].opt1 = NULL;
	/* Last month: whole, and full of data (ratings go back 120 days). */
	p[1].opt1 = "--month";
	snprintf(p[1].val1, sizeof p[1].val1, "%04d-%02d", py, pm);
	snprintf(p[1].from, sizeof p[1].from, "%04d-%02d-01", py, pm);
	snprintf(p[1].to, sizeof p[1].to, "%04d-%02d-%02d", py, pm, days_in_month(py, pm));
	/* A quarter, perhaps still running. */
	p[2].opt1 = "--quarter";
	snprintf(p[2].val1, sizeof p[2].val1, "%04d-Q%d", y, q);
	snprintf(p[2].from, sizeof p[2].from, "%04d-%02d-01", y, 3 * q - 2);
	snprintf(p[2].to, sizeof p[2].to, "%04d-%02d-%02d", y, 3 * q, days_in_month(y, 3 * q));
	/* A year. */
	p[3].opt1 = "--year";
	snprintf(p[3].val1, sizeof p[3].val1, "%04d", y);
	snprintf(p[3].from, sizeof p[3].from, "%04d-01-01", y);
	snprintf(p[3].to, sizeof p[3].to, "%04d-12-31", y);
	snprintf(w->year, sizeof w->year, "%04d", y);
	/* Six days ending four days ago: few ratings per officer, so some show "< 5". */
	p[4].opt1 = "--from";
	p[4].opt2 = "--to";
	local_date(now - 9 * 86400, p[4].val1);
	local_date(now - 4 * 86400, p[4].val2);
	memcpy(p[4].from, p[4].val1, sizeof p[4].from);
	memcpy(p[4].to, p[4].val2, sizeof p[4].to);
}

static int group_setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	char officers[300], procedures[300], log[300];
	char text[4096];
	int n = 0;

	if (!w)
		return -1;
	stack_up(&w->st);
	make_periods(w);

	/* The roster of site rp: names with Vietnamese marks, quotes, a comma and markup. */
	snprintf(officers, sizeof officers, "%s/officers.csv", w->st.dir);
	snprintf(procedures, sizeof procedures, "%s/procedures.csv", w->st.dir);
	n = snprintf(text, sizeof text, "site,code,name\r\nrp,cb001,%s\r\nrp,cb002,\"Lê Văn \"\"Tèo\"\", <script>alert(1)</script>\"\r\n",
		     NAME_CB001);
	for (int i = 3; i <= 12; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "rp,cb%03d,Cán bộ số %d\r\n", i, i);
	write_file(officers, text);
	snprintf(text, sizeof text, "code,name\r\n1.001234,%s\r\n2.000512,Đăng ký kinh doanh\r\n", NAME_PROC);
	write_file(procedures, text);
	snprintf(log, sizeof log, "%s/roster.log", w->st.dir);
	const char *imp[] = { "roster", "import", "--db", w->st.db, officers, procedures, NULL };
	if (agg(log, imp) != 0) {
		fprintf(stderr, "roster import failed, see %s\n", log);
		goto fail;
	}

	publish(w, "rp", 3, RP_RATINGS, 120, true); /* its terminals ask the result too */
	publish(w, "hq", 1, HQ_RATINGS, 20, false);
	if (harness_sql(w->st.db, "SELECT count(*) FROM rating") != RP_RATINGS + HQ_RATINGS)
		goto fail;
	/* Reports read a settled file; the aggregator ends cleanly. */
	int status = harness_kill(w->st.agg, SIGTERM, 10000);
	w->st.agg = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		goto fail;
	*state = w;
	return 0;
fail:
	stack_down(&w->st);
	free(w);
	return -1;
}

static int group_teardown(void **state)
{
	struct world *w = *state;

	if (w) {
		stack_down(&w->st);
		free(w);
	}
	return 0;
}

/* ---- reading the outputs ------------------------------------------------------------------------ */

static const cJSON *get(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v)
		fail_msg("no key %s", key);
	return v;
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);

	if (!cJSON_IsNumber(v))
		fail_msg("%s is not a number", key);
	return v->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);

	if (!cJSON_IsString(v))
		fail_msg("%s is not a string", key);
	return v->valuestring;
}

static size_t count_keys(const cJSON *o, const char *key)
{
	const cJSON *c;
	size_t n = 0;

	cJSON_ArrayForEach(c, o)
		n += c->string && strcmp(c->string, key) == 0;
	return n;
}

struct csv_count {
	size_t records, width, bad_width;
	char first[2][32];
};

static int csv_count_record(void *ud, const struct csv_record *rec)
{
	struct csv_count *c = ud;

	if (c->records == 0) {
		c->width = rec->nfields;
		for (size_t i = 0; i < 2 && i < rec->nfields; i++)
			snprintf(c->first[i], sizeof c->first[i], "%s", rec->fields[i]);
	} else if (rec->nfields != c->width) {
		c->bad_width++;
	}
	c->records++;
	return 0;
}

/* ---- every report, every format, every period ---------------------------------------------------- */

static const char *const dims[4] = { "officers", "procedures", "counters", "sites" };
static const char *const dim_cols[4] = { "officer", "procedure", "counter", "site" };
/* The same in the Vietnamese table (no plural). */
static const char *const dims_vi[4] = { "công chức", "thủ tục", "quầy", "đơn vị" };

static void run_report(const struct world *w, const char *dim, const struct period *p, const char *fmt,
		       const char *out, const char *site)
{
	char log[300];
	const char *args[16];
	size_t n = 0;

	snprintf(log, sizeof log, "%s/report.log", w->st.dir);
	args[n++] = "report";
	args[n++] = dim;
	args[n++] = "--db";
	args[n++] = w->st.db;
	if (p->opt1) {
		args[n++] = p->opt1;
		args[n++] = p->val1;
	}
	if (p->opt2) {
		args[n++] = p->opt2;
		args[n++] = p->val2;
	}
	if (site) {
		args[n++] = "--site";
		args[n++] = site;
	}
	args[n++] = "--format";
	args[n++] = fmt;
	args[n++] = "-o";
	args[n++] = out;
	args[n] = NULL;
	unlink(out);
	int rc = agg(log, args);
	if (rc != 0) {
		char *l = harness_slurp(log, NULL);
		fail_msg("report %s %s %s --format %s exited %d: %s", dim, p->opt1 ? p->opt1 : "", p->val1, fmt, rc, l);
	}
}

/* What a row must say, checked against the stored ratings of its group in the period. */
static void check_row(const struct world *w, int d, const cJSON *row, const char *where)
{
	const char *site = str(row, "site");
	const cJSON *qs = cJSON_GetObjectItemCaseSensitive(row, "questions");

	/* One "site" key, and it names the site (a site row must not add an empty second one). */
	assert_int_equal(count_keys(row, "site"), 1);
	if (d == 0) { /* officers: the officer question only; fewer than 5 answers → "< 5" */
		const char *code = str(row, "officer");
		int64_t n = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND officer = '%s' AND a_officer IS NOT NULL",
				 where, site, code);
		if (n < 5) {
			assert_string_equal(str(row, "ratings"), "< 5");
			assert_null(qs);
		} else {
			assert_int_equal((int64_t)num(row, "ratings"),
					 sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND officer = '%s'", where,
					      site, code));
			assert_non_null(qs);
			assert_int_equal((int64_t)num(get(qs, "officer"), "n"), n);
			assert_null(cJSON_GetObjectItemCaseSensitive(qs, "procedure"));
			const cJSON *lv = get(get(qs, "officer"), "levels");
			assert_int_equal(cJSON_GetArraySize(lv), 5); /* loadgen rates on 5 levels */
		}
		/* Names from the roster of rp; hq has none. */
		const cJSON *name = get(row, "name");
		if (strcmp(site, "rp") == 0 && strcmp(code, "cb001") == 0)
			assert_string_equal(str(row, "name"), NAME_CB001);
		else if (strcmp(site, "rp") == 0 && strcmp(code, "cb002") == 0)
			assert_string_equal(str(row, "name"), NAME_CB002);
		else if (strcmp(site, "hq") == 0 && !cJSON_IsNull(name))
			/* Codes are unique within a site only: hq's cb001 is not rp's cb001. */
			fail_msg("officer %s of site hq, who is not in the roster, shows the name \"%s\" (rp's %s?)", code,
				 cJSON_IsString(name) ? name->valuestring : "?", code);
		else if (strcmp(site, "rp") == 0)
			assert_true(cJSON_IsString(name));
	} else if (d == 1) { /* procedures: the procedure question only */
		const char *code = str(row, "procedure");
		bool known = false;
		for (size_t i = 0; i < 5; i++)
			known |= strcmp(code, loadgen_procedures[i]) == 0;
		assert_true(known);
		assert_int_equal((int64_t)num(row, "ratings"),
				 sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND procedure = '%s'", where, site,
				      code));
		assert_int_equal((int64_t)num(get(qs, "procedure"), "n"),
				 sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND procedure = '%s'"
					 " AND a_procedure IS NOT NULL", where, site, code));
		assert_null(cJSON_GetObjectItemCaseSensitive(qs, "officer"));
		const cJSON *name = get(row, "name");
		if (strcmp(code, "1.001234") == 0)
			assert_string_equal(str(row, "name"), NAME_PROC);
		else if (strcmp(code, "1.003741") == 0)
			assert_true(cJSON_IsNull(name)); /* not in the roster */
	} else if (d == 2) { /* counters: the loadgen's q01.. of each site, both questions */
		const char *code = str(row, "counter");
		assert_true(strcmp(code, "q01") == 0 || strcmp(code, "q02") == 0 || strcmp(code, "q03") == 0);
		if (strcmp(site, "hq") == 0)
			assert_string_equal(code, "q01");
		assert_int_equal((int64_t)num(row, "ratings"),
				 sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND counter = '%s'", where, site,
				      code));
		assert_non_null(cJSON_GetObjectItemCaseSensitive(qs, "officer"));
		assert_non_null(cJSON_GetObjectItemCaseSensitive(qs, "procedure"));
	} else { /* sites: the index and the QĐ 766 rate recomputed from the ratings */
		int64_t n = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s'", where, site);
		int64_t on = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_officer IS NOT NULL", where, site);
		int64_t sat = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_officer >= 4", where, site);
		int64_t clean = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND reasons = 0"
				     " AND coalesce(a_officer, 5) > 2 AND coalesce(a_procedure, 5) > 2", where, site);
		assert_int_equal((int64_t)num(row, "ratings"), n);
		const cJSON *o = get(qs, "officer");
		assert_int_equal((int64_t)num(o, "n"), on);
		assert_true(fabs(num(o, "satisfaction") - 100.0 * (double)sat / (double)on) < 0.006);
		assert_true(num(o, "satisfaction_lo") <= num(o, "satisfaction"));
		assert_true(num(o, "satisfaction_hi") >= num(o, "satisfaction"));
		assert_true(fabs(num(row, "rate766") - 100.0 * (double)clean / (double)n) < 0.006);
	}
}

static void check_period(const struct world *w, int d, const struct period *p)
{
	char json[300], csv[300], table[300], html[300], where[160], line[96];
	size_t len;

	snprintf(json, sizeof json, "%s/r.json", w->st.dir);
	snprintf(csv, sizeof csv, "%s/r.csv", w->st.dir);
	snprintf(table, sizeof table, "%s/r.txt", w->st.dir);
	snprintf(html, sizeof html, "%s/r.html", w->st.dir);
	period_where(p, where, sizeof where);
	int64_t total = sqlf(w, "SELECT count(*) FROM rating WHERE %s", where);
	assert_true(total > 0);

	/* JSON: the period, the total, one row per group, each row agreeing with the ratings. */
	run_report(w, dims[d], p, "json", json, NULL);
	char *text = harness_slurp(json, NULL);
	cJSON *root = cJSON_Parse(text);
	if (!root)
		fail_msg("report %s %s: JSON does not parse", dims[d], p->val1);
	assert_string_equal(str(root, "report"), dims[d]);
	assert_int_equal((int)num(root, "version"), 1);
	if (p->from[0]) {
		assert_string_equal(str(root, "from"), p->from);
		assert_string_equal(str(root, "to"), p->to);
	} else {
		assert_true(cJSON_IsNull(get(root, "from")));
	}
	assert_true(cJSON_IsNull(get(root, "site")));
	assert_int_equal((int64_t)num(get(root, "total"), "ratings"), total);
	const cJSON *rows = get(root, "rows"), *row;
	int nrows = cJSON_GetArraySize(rows);
	assert_true(nrows > 0);
	int64_t groups = sqlf(w, "SELECT count(*) FROM (SELECT DISTINCT site, %s FROM rating WHERE %s)",
			      d == 3 ? "site" : dim_cols[d], where);
	assert_int_equal(nrows, groups);
	cJSON_ArrayForEach(row, rows)
		check_row(w, d, row, where);
	cJSON_Delete(root);
	free(text);

	/* CSV: a BOM, the header, as many records as the JSON has rows, all as wide as the header. */
	run_report(w, dims[d], p, "csv", csv, NULL);
	text = harness_slurp(csv, &len);
	assert_memory_equal(text, "\xEF\xBB\xBF", 3);
	struct csv_count cc = { 0 };
	struct csv_error err;
	if (csv_read(text, len, csv_count_record, &cc, &err) != HL_OK)
		fail_msg("CSV line %zu: %s", err.line, err.msg);
	assert_int_equal(cc.records, (size_t)nrows + 1);
	assert_int_equal(cc.bad_width, 0);
	assert_string_equal(cc.first[0], "site");
	/* A sites report has no code column of its own. */
	assert_string_equal(cc.first[1], strcmp(dims[d], "sites") == 0 ? "ratings" : dim_cols[d]);
	free(text);

	/* Table (Vietnamese, the default): the closing line with the group count and the total. */
	run_report(w, dims[d], p, "table", table, NULL);
	text = harness_slurp(table, NULL);
	snprintf(line, sizeof line, "\n%d %s, %lld lượt đánh giá", nrows, dims_vi[d], (long long)total);
	if (!strstr(text, line))
		fail_msg("table lacks \"%s\"", line + 1);
	free(text);

	/* HTML: one page, nothing from the roster as markup. */
	run_report(w, dims[d], p, "html", html, NULL);
	text = harness_slurp(html, &len);
	assert_int_equal(strncmp(text, "<!DOCTYPE html>", 15), 0);
	assert_true(len > 8 && strcmp(text + len - 8, "</html>\n") == 0);
	assert_non_null(strstr(text, "<svg"));
	assert_null(strstr(text, "<script"));
	assert_null(strstr(text, "http://"));
	assert_null(strstr(text, "https://"));
	free(text);
}

static void every_report_every_format_every_period(void **state)
{
	const struct world *w = *state;

	for (int d = 0; d < 4; d++)
		for (size_t i = 0; i < sizeof w->periods / sizeof w->periods[0]; i++)
			check_period(w, d, &w->periods[i]);
}

static void totals_match_what_was_published(void **state)
{
	const struct world *w = *state;
	char json[300];

	/* All data: every published rating, per site. */
	snprintf(json, sizeof json, "%s/sites.json", w->st.dir);
	run_report(w, "sites", &w->periods[0], "json", json, NULL);
	char *text = harness_slurp(json, NULL);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	assert_int_equal((int64_t)num(get(root, "total"), "ratings"), RP_RATINGS + HQ_RATINGS);
	const cJSON *rows = get(root, "rows");
	assert_int_equal(cJSON_GetArraySize(rows), 2);
	/* (site) order: hq, rp */
	assert_string_equal(str(cJSON_GetArrayItem(rows, 0), "site"), "hq");
	assert_int_equal((int64_t)num(cJSON_GetArrayItem(rows, 0), "ratings"), HQ_RATINGS);
	assert_string_equal(str(cJSON_GetArrayItem(rows, 1), "site"), "rp");
	assert_int_equal((int64_t)num(cJSON_GetArrayItem(rows, 1), "ratings"), RP_RATINGS);
	cJSON_Delete(root);
	free(text);

	/* One site: the loadgen's three counters of rp share its 600 ratings evenly. */
	snprintf(json, sizeof json, "%s/counters.json", w->st.dir);
	run_report(w, "counters", &w->periods[0], "json", json, "rp");
	text = harness_slurp(json, NULL);
	root = cJSON_Parse(text);
	assert_non_null(root);
	assert_string_equal(str(root, "site"), "rp");
	assert_int_equal((int64_t)num(get(root, "total"), "ratings"), RP_RATINGS);
	rows = get(root, "rows");
	assert_int_equal(cJSON_GetArraySize(rows), 3);
	static const char *const counters[3] = { "q01", "q02", "q03" };
	for (int i = 0; i < 3; i++) {
		const cJSON *r = cJSON_GetArrayItem(rows, i);
		assert_string_equal(str(r, "site"), "rp");
		assert_string_equal(str(r, "counter"), counters[i]);
		assert_int_equal((int64_t)num(r, "ratings"), RP_RATINGS / 3);
	}
	cJSON_Delete(root);
	free(text);
}

/* ---- the HTML page as people see it -------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Decodes an 8-bit RGB or RGBA, non-interlaced PNG into RGB pixels (the caller frees). */
static unsigned char *png_decode(const unsigned char *png, size_t len, uint32_t *w, uint32_t *h)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	unsigned char *idat = NULL, *raw, *rgb;
	size_t nidat = 0, pos = 8;
	int bpp = 0;

	assert_true(len > 33);
	assert_memory_equal(png, sig, 8);
	assert_memory_equal(png + 12, "IHDR", 4);
	*w = be32(png + 16);
	*h = be32(png + 20);
	assert_int_equal(png[24], 8); /* bit depth */
	assert_true(png[25] == 2 || png[25] == 6);
	assert_int_equal(png[28], 0); /* not interlaced */
	bpp = png[25] == 6 ? 4 : 3;
	while (pos + 12 <= len) {
		uint32_t n = be32(png + pos);
		assert_true(pos + 12 + n <= len);
		if (memcmp(png + pos + 4, "IDAT", 4) == 0) {
			idat = realloc(idat, nidat + n);
			assert_non_null(idat);
			memcpy(idat + nidat, png + pos + 8, n);
			nidat += n;
		}
		pos += 12 + n;
	}
	size_t stride = (size_t)*w * (size_t)bpp;
	uLongf rawlen = (uLongf)((stride + 1) * *h);
	raw = malloc(rawlen);
	rgb = malloc((size_t)*w * *h * 3);
	assert_non_null(raw);
	assert_non_null(rgb);
	assert_int_equal(uncompress(raw, &rawlen, idat, (uLong)nidat), Z_OK);
	assert_int_equal(rawlen, (stride + 1) * *h);
	free(idat);
	for (uint32_t y = 0; y < *h; y++) {
		unsigned char *line = raw + y * (stride + 1) + 1, *prev = y ? line - (stride + 1) : NULL;
		int filter = line[-1];
		for (size_t x = 0; x < stride; x++) {
			int a = x >= (size_t)bpp ? line[x - (size_t)bpp] : 0, b = prev ? prev[x] : 0;
			int c = prev && x >= (size_t)bpp ? prev[x - (size_t)bpp] : 0;
			switch (filter) {
			case 0: break;
			case 1: line[x] = (unsigned char)(line[x] + a); break;
			case 2: line[x] = (unsigned char)(line[x] + b); break;
			case 3: line[x] = (unsigned char)(line[x] + (a + b) / 2); break;
			case 4: line[x] = (unsigned char)(line[x] + paeth(a, b, c)); break;
			default: fail_msg("bad PNG filter %d", filter);
			}
		}
		for (uint32_t x = 0; x < *w; x++)
			memcpy(rgb + ((size_t)y * *w + x) * 3, line + (size_t)x * (size_t)bpp, 3);
	}
	free(raw);
	return rgb;
}

static size_t pixels_of(const unsigned char *rgb, size_t n, unsigned r, unsigned g, unsigned b)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += rgb[3 * i] == r && rgb[3 * i + 1] == g && rgb[3 * i + 2] == b;
	return k;
}

static void html_report_renders_in_chromium(void **state)
{
	const struct world *w = *state;
	char html[300], png[300], profile[300], log[300], shotarg[340], size[32], shot[PATH_MAX + 48], dir[PATH_MAX + 16];

	snprintf(html, sizeof html, "%s/report-officers.html", w->st.dir);
	run_report(w, "officers", &w->periods[3], "html", html, NULL);
	char *page = harness_slurp(html, NULL);
	/* The hostile roster name is text, the Vietnamese one intact. */
	assert_non_null(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(page, NAME_CB001));
	assert_non_null(strstr(page, "Báo cáo mức độ hài lòng theo công chức"));
	free(page);

	if (access(CHROMIUM, X_OK) != 0) {
		printf("SKIPPED: %s is missing, so the HTML report was not rendered\n", CHROMIUM);
		skip();
	}
	snprintf(png, sizeof png, "%s/report-officers.png", w->st.dir);
	snprintf(profile, sizeof profile, "%s/chromium-profile", w->st.dir);
	snprintf(log, sizeof log, "%s/chromium.log", w->st.dir);
	snprintf(shotarg, sizeof shotarg, "--screenshot=%s", png);
	snprintf(size, sizeof size, "--window-size=%d,%d", SHOT_W, SHOT_H);
	char udd[340], file[340];
	snprintf(udd, sizeof udd, "--user-data-dir=%s", profile);
	snprintf(file, sizeof file, "file://%s", html);
	char *argv[] = { CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			 "--disable-background-networking", "--disable-component-update", "--disable-sync", udd, size,
			 shotarg, file, NULL };
	pid_t pid = harness_spawn(log, argv);
	int status = harness_wait(pid, 60000);
	if (status == -1) {
		harness_kill(pid, SIGKILL, 5000);
		fail_msg("chromium did not finish within 60 s (see %s)", log);
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	size_t len;
	unsigned char *bytes = (unsigned char *)harness_slurp(png, &len);
	uint32_t pw, ph;
	/* A page with charts and a table is far from a blank 1280×2000 image (a few KB). */
	assert_true(len > 50 * 1024);
	unsigned char *rgb = png_decode(bytes, len, &pw, &ph);
	assert_int_equal(pw, SHOT_W);
	assert_int_equal(ph, SHOT_H);
	size_t n = (size_t)pw * ph;
	/* The header band in the page's blue (#0b4f8a) and the index bars coloured against the 90 %
	 * target: blue (#2166ac) meeting it, dark orange (#b35806) missing it. */
	size_t blue = pixels_of(rgb, n, 0x0b, 0x4f, 0x8a), met = pixels_of(rgb, n, 0x21, 0x66, 0xac);
	size_t below = pixels_of(rgb, n, 0xb3, 0x58, 0x06), white = pixels_of(rgb, n, 0xff, 0xff, 0xff);
	printf("screenshot: %zu blue, %zu met, %zu below target, %zu white of %zu pixels\n", blue, met, below, white, n);
	assert_true(blue > (size_t)SHOT_W * 40);
	assert_true(met + below > 5000);
	assert_true(white < n * 9 / 10);
	free(rgb);

	/* Kept for people to look at. */
	snprintf(dir, sizeof dir, "%s/screenshots", harness_bindir());
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		fail_msg("cannot create %s", dir);
	snprintf(shot, sizeof shot, "%s/report-officers.png", dir);
	FILE *f = fopen(shot, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	printf("screenshot of the officers report: %s\n", shot);
	free(bytes);
}

/* The html report's target comes from target_percent in the config file: out of range is the file
 * and line naming the key (exit 1, no page); 75 draws bars against 75 %; without the key, 90; 0, none. */
static void html_target_from_the_config(void **state)
{
	const struct world *w = *state;
	char conf[300], log[300], html[300], text[700];
	const char *args[] = { "report", "officers", "-c", conf, "--format", "html", "-o", html, NULL };
	static const struct {
		const char *line, *has, *lacks;
	} cases[] = {
		{ "target_percent = 75\n", "mục tiêu 75\xc2\xa0%", "mục tiêu 90" },
		{ "", "đạt mục tiêu (từ 90\xc2\xa0%)", "mục tiêu 75" },
		{ "target_percent = 0\n", "Chỉ số hài lòng theo công chức", "mục tiêu" },
	};

	snprintf(conf, sizeof conf, "%s/target.conf", w->st.dir);
	snprintf(log, sizeof log, "%s/target.log", w->st.dir);
	snprintf(html, sizeof html, "%s/target.html", w->st.dir);
	snprintf(text, sizeof text, "# report settings\ndb = %s\ntarget_percent = 120\n", w->st.db);
	write_file(conf, text);
	unlink(html);
	assert_int_equal(agg(log, args), 1);
	char *said = harness_slurp(log, NULL), where[340];
	snprintf(where, sizeof where, "%s:3: key 'target_percent'", conf);
	if (!strstr(said, where))
		fail_msg("the error does not name %s: %s", where, said);
	free(said);
	assert_int_not_equal(access(html, F_OK), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(text, sizeof text, "db = %s\n%s", w->st.db, cases[i].line);
		write_file(conf, text);
		assert_int_equal(agg(log, args), 0);
		char *page = harness_slurp(html, NULL);
		if (!strstr(page, cases[i].has) || strstr(page, cases[i].lacks))
			fail_msg("case %zu: the page lacks \"%s\" or has \"%s\"", i, cases[i].has, cases[i].lacks);
		free(page);
	}
}

/* ---- SIPAS export -------------------------------------------------------------------------------- */

static void export_sipas_per_site(void **state)
{
	const struct world *w = *state;
	char out[300], log[300], where[160], want[32];
	static const char *const elements[5] = { "tiep_can_dich_vu", "thu_tuc_hanh_chinh", "cong_chuc", "ket_qua_dich_vu",
						 "tiep_nhan_gop_y" };

	snprintf(out, sizeof out, "%s/sipas.json", w->st.dir);
	snprintf(log, sizeof log, "%s/sipas.log", w->st.dir);
	period_where(&w->periods[3], where, sizeof where);

	const char *json_args[] = { "export", "sipas", "--db", w->st.db, "--year", w->year, "--format", "json", "-o", out, NULL };
	assert_int_equal(agg(log, json_args), 0);
	char *text = harness_slurp(out, NULL);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	assert_int_equal((int)num(root, "year"), atoi(w->year));
	assert_non_null(strstr(str(root, "formula"), "sum(w_e x I_e) / sum(w_e)"));
	const cJSON *arr = get(root, "sites");
	int nsites = cJSON_GetArraySize(arr);
	char sites[2][8] = { "", "" };
	/* Both sites unless the year began less than 20 days ago; in (site) order. */
	assert_int_equal(nsites, sqlf(w, "SELECT count(DISTINCT site) FROM rating WHERE %s", where));
	assert_true(nsites >= 1 && nsites <= 2);
	if (nsites == 2) {
		strcpy(sites[0], "hq");
		strcpy(sites[1], "rp");
	} else {
		strcpy(sites[0], "rp");
	}
	for (int s = 0; s < nsites; s++) {
		const cJSON *o = cJSON_GetArrayItem(arr, s);
		assert_string_equal(str(o, "site"), sites[s]);
		const cJSON *els = get(o, "elements");
		assert_int_equal(cJSON_GetArraySize(els), 5);
		int64_t on = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_officer IS NOT NULL", where,
				  sites[s]);
		int64_t osat = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_officer >= 4", where, sites[s]);
		int64_t pn = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_procedure IS NOT NULL", where,
				  sites[s]);
		int64_t psat = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_procedure >= 4", where,
				    sites[s]);
		double io = 100.0 * (double)osat / (double)on, ip = 100.0 * (double)psat / (double)pn;
		assert_int_equal((int64_t)num(get(els, "cong_chuc"), "n"), on);
		assert_true(fabs(num(get(els, "cong_chuc"), "index") - io) < 0.006);
		assert_int_equal((int64_t)num(get(els, "thu_tuc_hanh_chinh"), "n"), pn);
		assert_true(fabs(num(get(els, "thu_tuc_hanh_chinh"), "index") - ip) < 0.006);
		/* Each question feeds one element: the procedure's answers are not counted again for the
		 * result; rp's terminals ask the result, hq's do not (no data, not 0); no question feeds
		 * tiếp cận dịch vụ nor tiếp nhận góp ý. */
		int64_t rn = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_result IS NOT NULL", where,
				  sites[s]);
		int64_t rsat = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_result >= 4", where,
				    sites[s]);
		assert_int_equal((int64_t)num(get(els, "ket_qua_dich_vu"), "n"), rn);
		assert_true(strcmp(sites[s], "rp") == 0 ? rn > 0 : rn == 0);
		assert_true(cJSON_IsNull(get(get(els, "tiep_can_dich_vu"), "index")));
		assert_true(cJSON_IsNull(get(get(els, "tiep_nhan_gop_y"), "index")));
		if (rn) {
			double ir = 100.0 * (double)rsat / (double)rn;
			assert_true(fabs(num(get(els, "ket_qua_dich_vu"), "index") - ir) < 0.006);
			/* Equal weights: the mean of the three elements with data. */
			assert_true(fabs(num(o, "overall") - (io + ip + ir) / 3) < 0.006);
		} else {
			assert_true(cJSON_IsNull(get(get(els, "ket_qua_dich_vu"), "index")));
			assert_true(fabs(num(o, "overall") - (io + ip) / 2) < 0.006);
		}
	}
	cJSON_Delete(root);
	free(text);

	/* CSV with công chức weighing 2: per site five elements and the overall index, as the JSON said. */
	snprintf(out, sizeof out, "%s/sipas.csv", w->st.dir);
	const char *csv_args[] = { "export", "sipas", "--db", w->st.db, "--year", w->year, "--weights", "cong_chuc=2", "-o", out, NULL };
	assert_int_equal(agg(log, csv_args), 0);
	size_t len;
	text = harness_slurp(out, &len);
	assert_memory_equal(text, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(text, "site,year,element,element_name,source,index,ci_lo,ci_hi,n,weight,formula,site_name\r\n"));
	for (int s = 0; s < nsites; s++) {
		char line[128];
		int64_t pn = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_procedure IS NOT NULL", where,
				  sites[s]);
		for (int e = 0; e < 5; e++) {
			snprintf(line, sizeof line, "\n%s,%s,%s,", sites[s], w->year, elements[e]);
			assert_non_null(strstr(text, line));
		}
		snprintf(line, sizeof line, "\n%s,%s,overall,", sites[s], w->year);
		assert_non_null(strstr(text, line));
		/* The procedure element's n, then its weight 1, no formula and no site name (the roster
		 * names no site here), closing the row. */
		snprintf(line, sizeof line, ",%lld,1,,\r\n", (long long)pn);
		assert_non_null(strstr(text, line));
		int64_t on = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND site = '%s' AND a_officer IS NOT NULL", where,
				  sites[s]);
		snprintf(want, sizeof want, ",%lld,2,,\r\n", (long long)on);
		assert_non_null(strstr(text, want));
	}
	assert_non_null(strstr(text, "sum(w_e x I_e) / sum(w_e)"));
	free(text);

	/* The table, for people: in Vietnamese, the mapping beside the numbers. */
	snprintf(out, sizeof out, "%s/sipas.txt", w->st.dir);
	const char *table_args[] = { "export", "sipas", "--db", w->st.db, "--year", w->year, "--format", "table", "-o", out, NULL };
	assert_int_equal(agg(log, table_args), 0);
	text = harness_slurp(out, NULL);
	assert_non_null(strstr(text, "Đầu vào SIPAS năm"));
	assert_non_null(strstr(text, "Kết quả dịch vụ"));
	assert_non_null(strstr(text, "câu hỏi về kết quả giải quyết"));
	assert_non_null(strstr(text, "chưa có dữ liệu"));
	free(text);
}

/* ---- bad usage ----------------------------------------------------------------------------------- */

/* ---- drill-downs ------------------------------------------------------------------------------- */

/* The JSON document in file path (the caller deletes it). */
static cJSON *parse_file(const char *path)
{
	char *text = harness_slurp(path, NULL);
	cJSON *root = cJSON_Parse(text);

	free(text);
	if (!root)
		fail_msg("%s is not JSON", path);
	return root;
}

/* One drill-down in every period: `report DIM --site SITE (--officer|--procedure) CODE` as JSON, CSV and
 * a table, each row checked against the subject's stored ratings of the period. Returns how many
 * rows showed "< 5" over the periods. */
static int check_drill(const struct world *w, int d, const char *site, const char *flag, const char *code)
{
	const char *col = dim_cols[d], *subject_col = strcmp(flag, "--officer") == 0 ? "officer" : "procedure";
	char json[300], csv[300], table[300], log[300], where[400], period[160];
	int hidden = 0;

	snprintf(json, sizeof json, "%s/drill.json", w->st.dir);
	snprintf(csv, sizeof csv, "%s/drill.csv", w->st.dir);
	snprintf(table, sizeof table, "%s/drill.txt", w->st.dir);
	snprintf(log, sizeof log, "%s/drill.log", w->st.dir);
	for (int k = 0; k < 5; k++) {
		const struct period *p = &w->periods[k];
		const char *fmts[3] = { "json", "csv", "table" }, *outs[3] = { json, csv, table };
		for (int f = 0; f < 3; f++) {
			const char *args[20];
			size_t n = 0;
			args[n++] = "report";
			args[n++] = dims[d];
			args[n++] = "--db";
			args[n++] = w->st.db;
			if (p->opt1) {
				args[n++] = p->opt1;
				args[n++] = p->val1;
			}
			if (p->opt2) {
				args[n++] = p->opt2;
				args[n++] = p->val2;
			}
			if (site) {
				args[n++] = "--site";
				args[n++] = site;
			}
			args[n++] = flag;
			args[n++] = code;
			args[n++] = "--format";
			args[n++] = fmts[f];
			args[n++] = "-o";
			args[n++] = outs[f];
			args[n] = NULL;
			if (agg(log, args) != 0)
				fail_msg("report %s %s %s %s exited non-zero (see %s)", dims[d], flag, code, p->val1, log);
		}
		if (p->opt1)
			snprintf(period, sizeof period, "%s BETWEEN '%s' AND '%s'", LOCAL_DATE, p->from, p->to);
		else
			snprintf(period, sizeof period, "1");
		snprintf(where, sizeof where, "%s AND %s = '%s'%s%s%s", period, subject_col, code, site ? " AND site = '" : "",
			 site ? site : "", site ? "'" : "");

		cJSON *root = parse_file(json);
		assert_string_equal(str(root, "report"), dims[d]);
		assert_string_equal(str(root, subject_col), code);
		const cJSON *rows = get(root, "rows"), *row;
		int64_t sum = 0;
		cJSON_ArrayForEach(row, rows)
		{
			const char *rs = str(row, "site"), *rc = str(row, col);
			char g[600];
			snprintf(g, sizeof g, "%s AND site = '%s' AND %s = '%s'", where, rs, col, rc);
			int64_t n = sqlf(w, "SELECT count(*) FROM rating WHERE %s", g);
			int64_t on = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND a_officer IS NOT NULL", g);
			int64_t pn = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND a_procedure IS NOT NULL", g);
			assert_true(n > 0);
			sum += n;
			int64_t rn = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND a_result IS NOT NULL", g);
			bool officer = strcmp(subject_col, "officer") == 0;
			/* The officer rule: under 5 officer answers, or a question shown on 1–4 answers (the
			 * result question is shown where the drill-down has answers to it). */
			bool result_shown = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND a_result IS NOT NULL", where) > 0;
			bool shown = !officer || (on >= 5 && (pn == 0 || pn >= 5) && (!result_shown || rn == 0 || rn >= 5));
			if (!shown) {
				assert_string_equal(str(row, "ratings"), "< 5");
				assert_null(cJSON_GetObjectItemCaseSensitive(row, "questions"));
				hidden++;
				continue;
			}
			assert_int_equal((int64_t)num(row, "ratings"), n);
			const cJSON *qs = get(row, "questions");
			assert_int_equal((int64_t)num(get(qs, "officer"), "n"), on);
			assert_int_equal((int64_t)num(get(qs, "procedure"), "n"), pn);
			int64_t sat = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND a_officer >= 4", g);
			if (on)
				assert_true(fabs(num(get(qs, "officer"), "satisfaction") - 100.0 * (double)sat / (double)on) < 0.006);
		}
		/* Every rating of the subject in the period is in one row. */
		assert_int_equal(sum, sqlf(w, "SELECT count(*) FROM rating WHERE %s", where));
		size_t nrows = (size_t)cJSON_GetArraySize(rows);

		/* The CSV: the same rows, the subject's column after the site. */
		size_t len;
		char *text = harness_slurp(csv, &len);
		struct csv_count cc = { 0 };
		struct csv_error err;
		assert_int_equal(csv_read(text, len, csv_count_record, &cc, &err), HL_OK);
		assert_int_equal(cc.records, nrows + 1);
		assert_int_equal(cc.bad_width, 0);
		assert_string_equal(cc.first[0], "site");
		assert_string_equal(cc.first[1], subject_col);
		free(text);
		/* The table names its subject. */
		text = harness_slurp(table, NULL);
		char head[160];
		snprintf(head, sizeof head, "Mức độ hài lòng theo %s của %s %s", dims_vi[d],
			 strcmp(subject_col, "officer") == 0 ? "công chức" : "thủ tục", code);
		assert_non_null(strstr(text, head));
		free(text);
		cJSON_Delete(root);
	}
	return hidden;
}

/* officers --officer X and procedures --procedure P keep the report to that one, at each site, with
 * the figures of its own ratings. */
static void filters_keep_one_officer_or_procedure(void **state)
{
	const struct world *w = *state;
	static const struct {
		const char *report, *flag, *code, *col, *question;
	} cases[] = {
		{ "officers", "--officer", "cb003", "officer", "a_officer" },
		{ "procedures", "--procedure", "2.000512", "procedure", "a_procedure" },
	};
	char json[300], log[300];

	snprintf(json, sizeof json, "%s/filter.json", w->st.dir);
	snprintf(log, sizeof log, "%s/filter.log", w->st.dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *args[] = { "report", cases[i].report, "--db", w->st.db, cases[i].flag, cases[i].code,
				       "--format", "json", "-o", json, NULL };
		assert_int_equal(agg(log, args), 0);
		cJSON *root = parse_file(json);
		const cJSON *rows = get(root, "rows"), *row;
		int64_t sites = sqlf(w, "SELECT count(DISTINCT site) FROM rating WHERE %s = '%s'", cases[i].col, cases[i].code);
		assert_true(sites >= 1);
		assert_int_equal(cJSON_GetArraySize(rows), sites);
		cJSON_ArrayForEach(row, rows)
		{
			assert_string_equal(str(row, cases[i].col), cases[i].code);
			int64_t n = sqlf(w, "SELECT count(*) FROM rating WHERE site = '%s' AND %s = '%s'", str(row, "site"),
					 cases[i].col, cases[i].code);
			/* The random world may give an officer under 5 answers at a site: counts then "< 5". */
			const cJSON *ratings = get(row, "ratings");
			if (cJSON_IsString(ratings) && strcmp(cases[i].col, "officer") == 0) {
				assert_string_equal(ratings->valuestring, "< 5");
				assert_true(sqlf(w, "SELECT count(*) FROM rating WHERE site = '%s' AND officer = '%s' AND %s IS NOT NULL",
						 str(row, "site"), cases[i].code, cases[i].question) < 5);
			} else
				assert_int_equal((int64_t)num(row, "ratings"), n);
		}
		cJSON_Delete(root);
		/* With --site, that site's row alone; the table in Vietnamese names it. */
		const char *one[] = { "report", cases[i].report, "--db", w->st.db, "--site", "rp", cases[i].flag, cases[i].code,
				      "-o", json, NULL };
		assert_int_equal(agg(log, one), 0);
		char *text = harness_slurp(json, NULL);
		assert_non_null(strstr(text, cases[i].code));
		assert_null(strstr(text, " hq "));
		free(text);
	}
}

static void drill_downs_agree_with_the_ratings(void **state)
{
	const struct world *w = *state;
	int hidden = 0;

	/* rp's cb001 (in the roster) and hq's (not): each site's own officer. */
	assert_true(harness_sql(w->st.db, "SELECT count(*) FROM rating WHERE site = 'rp' AND officer = 'cb001'") > 10);
	hidden += check_drill(w, 1, "rp", "--officer", "cb001");
	hidden += check_drill(w, 2, "rp", "--officer", "cb001");
	hidden += check_drill(w, 2, "hq", "--officer", "cb001");
	/* Over six days an officer's procedure or counter often has fewer than five: the rule is met. */
	assert_true(hidden > 0);
	check_drill(w, 2, NULL, "--procedure", "1.001234");
	check_drill(w, 2, "rp", "--procedure", "2.000512");

	/* The subject's name comes with it: rp's cb001 from rp's roster, hq's has none. */
	char json[300], log[300];
	snprintf(json, sizeof json, "%s/drill-name.json", w->st.dir);
	snprintf(log, sizeof log, "%s/drill.log", w->st.dir);
	const char *rp[] = { "report", "procedures", "--db", w->st.db, "--site", "rp", "--officer", "cb002", "--format", "json",
			     "-o", json, NULL };
	assert_int_equal(agg(log, rp), 0);
	cJSON *root = parse_file(json);
	assert_string_equal(str(root, "officer_name"), NAME_CB002);
	const cJSON *row, *rows = get(root, "rows");
	cJSON_ArrayForEach(row, rows)
		if (strcmp(str(row, "procedure"), "1.001234") == 0)
			assert_string_equal(str(row, "name"), NAME_PROC);
	cJSON_Delete(root);
	const char *hq[] = { "report", "counters", "--db", w->st.db, "--site", "hq", "--officer", "cb001", "--format", "json",
			     "-o", json, NULL };
	assert_int_equal(agg(log, hq), 0);
	root = parse_file(json);
	assert_true(cJSON_IsNull(get(root, "officer_name")));
	cJSON_Delete(root);
}

/* ---- what a head reads: Vietnamese, by day ------------------------------------------------------- */

/* A report command with extra arguments (NULL-terminated) and its output in out. */
static void report_args(const struct world *w, const char *out, const char *const *extra)
{
	char log[300];
	const char *args[24] = { "report" };
	size_t n = 1;

	snprintf(log, sizeof log, "%s/report.log", w->st.dir);
	while (*extra && n < 20)
		args[n++] = *extra++;
	args[n++] = "--db";
	args[n++] = w->st.db;
	args[n++] = "-o";
	args[n++] = out;
	args[n] = NULL;
	unlink(out);
	if (agg(log, args) != 0)
		fail_msg("report failed (see %s)", log);
}

/* Whether text holds a time of day ("15:33"). */
static bool has_clock(const char *text, const char *end)
{
	for (const char *p = text; p + 5 <= end && *p; p++)
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == ':' &&
		    isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]))
			return true;
	return false;
}

static void vietnamese_table_and_page_by_day(void **state)
{
	const struct world *w = *state;
	char out[300], want[160], fig[32], today[16];
	time_t now = time(NULL), local = now + VN_OFFSET;
	struct tm tm;

	snprintf(out, sizeof out, "%s/vi.txt", w->st.dir);
	/* The site's officer index as the table shows it: one decimal, from the ratings. */
	int64_t on = sqlf(w, "SELECT count(*) FROM rating WHERE site = 'rp' AND a_officer IS NOT NULL");
	int64_t sat = sqlf(w, "SELECT count(*) FROM rating WHERE site = 'rp' AND a_officer >= 4");
	snprintf(fig, sizeof fig, "%.1f [", 100.0 * (double)sat / (double)on);
	report_args(w, out, (const char *const[]){ "sites", NULL });
	char *text = harness_slurp(out, NULL);
	char *dot = strchr(fig, '.');
	assert_non_null(strstr(text, "Mức độ hài lòng theo đơn vị, toàn bộ dữ liệu"));
	assert_non_null(strstr(text, "\n2 đơn vị, "));
	*dot = ',';
	if (!strstr(text, fig))
		fail_msg("the Vietnamese table lacks \"%s\"", fig);
	free(text);
	report_args(w, out, (const char *const[]){ "sites", "--lang", "en", NULL });
	text = harness_slurp(out, NULL);
	*dot = '.';
	if (!strstr(text, fig))
		fail_msg("the English table lacks \"%s\"", fig);
	assert_non_null(strstr(text, "\n2 sites, "));
	assert_null(strstr(text, "lượt"));
	free(text);
	/* One site: "1 site", never "1 sites". */
	report_args(w, out, (const char *const[]){ "sites", "--site", "hq", "--lang", "en", NULL });
	text = harness_slurp(out, NULL);
	assert_non_null(strstr(text, "\n1 site, "));
	free(text);

	/* The page: made at a local time with its zone, the flags by day, their summaries in words. A
	 * serious flag as the engine writes it (the load never gives one), opened at 15:33 local time. */
	sqlite3 *db;
	char sql[800];
	int64_t opened = (int64_t)now - ((int64_t)now + VN_OFFSET) % 86400 + 15 * 3600 + 33 * 60 - VN_OFFSET;
	if (opened > (int64_t)now)
		opened -= 86400;
	snprintf(sql, sizeof sql,
		 "INSERT INTO flag(kind, site, subject_type, subject, state, opened, summary, evidence) VALUES('serious',"
		 " 'rp', 'officer', 'cb001', 'open', %lld, 'serious complaint about officer cb001 at counter q01:"
		 " NHUNG_NHIEU', '{\"rule\":\"serious\",\"counter\":\"q01\",\"officer\":\"cb001\",\"procedure\":"
		 "\"1.001234\",\"reasons\":[\"NHUNG_NHIEU\",\"CHO_LAU\"],\"rating_ids\":[\"0b1c9e2e-3a3f-4a55-9a55-"
		 "0123456789ab\"]}')", (long long)opened);
	assert_int_equal(sqlite3_open(w->st.db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	snprintf(out, sizeof out, "%s/vi.html", w->st.dir);
	report_args(w, out, (const char *const[]){ "officers", "--format", "html", NULL });
	text = harness_slurp(out, NULL);
	gmtime_r(&local, &tm);
	strftime(today, sizeof today, "%d/%m/%Y", &tm);
	snprintf(want, sizeof want, "Lập lúc %s ", today);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, " +07</p>"));
	const char *flags = strstr(text, "<h2>Cảnh báo cần xử lý"), *end = flags ? strstr(flags, "</section>") : NULL;
	assert_non_null(end);
	assert_false(has_clock(flags, end));
	assert_null(strstr(text, "Mở lúc"));
	char day[16];
	time_t od = (time_t)(opened + VN_OFFSET);
	gmtime_r(&od, &tm);
	strftime(day, sizeof day, "%d/%m/%Y", &tm);
	assert_non_null(strstr(flags, "Ngày mở"));
	assert_non_null(strstr(flags, "Nghiêm trọng"));
	assert_non_null(strstr(flags, "Phản ánh nghiêm trọng về cán bộ " NAME_CB001 " (cb001) tại quầy q01: Sách nhiễu, gây phiền hà"));
	snprintf(want, sizeof want, "<td class=\"day\" data-label=\"Ngày mở\">%s</td>", day);
	assert_non_null(strstr(flags, want));
	assert_null(strstr(flags, "15:33"));
	assert_null(strstr(flags, "0b1c9e2e"));
	assert_int_equal(sqlite3_exec(db, "DELETE FROM flag WHERE subject = 'cb001' AND kind = 'serious'", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	/* No reason by its code, no engine English. */
	assert_null(strstr(text, "NHUNG_NHIEU"));
	assert_null(strstr(text, "THU_TIEN_KHONG_PHIEU"));
	assert_null(strstr(text, "GIAY_TO_NGOAI_QD"));
	assert_null(strstr(text, "serious complaint"));
	free(text);

	/* Six days, few ratings an officer: a row under 5 shows its reasons as "< 5" too. */
	const struct period *p = &w->periods[4];
	snprintf(out, sizeof out, "%s/small.csv", w->st.dir);
	report_args(w, out, (const char *const[]){ "officers", "--from", p->val1, "--to", p->val2, "--format", "csv", NULL });
	size_t len;
	text = harness_slurp(out, &len);
	int hidden = 0;
	for (char *line = strstr(text, "\r\n"); line && line[2]; line = strstr(line + 2, "\r\n")) {
		if (!strstr(line + 2, ",< 5,") || strstr(line + 2, ",< 5,") > strstr(line + 2, "\r\n"))
			continue;
		hidden++;
		/* The row ends in one "< 5" per reason (nine of them), then the site's name (none here). */
		char *eol = strstr(line + 2, "\r\n");
		assert_true(eol - (line + 2) > 45);
		assert_memory_equal(eol - 37, ",< 5,< 5,< 5,< 5,< 5,< 5,< 5,< 5,< 5,", 37);
	}
	assert_true(hidden > 0);
	free(text);
}

static void bad_usage_exits_2(void **state)
{
	const struct world *w = *state;
	char log[300];
	const char *db = w->st.db;
	const struct {
		const char *args[12];
		const char *says;
	} cases[] = {
		{ { "report", "--db", db, NULL }, "which report?" },
		{ { "report", "bogus", "--db", db, NULL }, "unknown report 'bogus'" },
		{ { "report", "officers", "--db", db, "--month", "2026-10", "--year", "2026", NULL }, "give one period only" },
		{ { "report", "officers", "--db", db, "--from", "2026-10-01", NULL }, "--from and --to go together" },
		{ { "report", "officers", "--db", db, "--from", "2026-10-09", "--to", "2026-10-01", NULL }, "--from is after --to" },
		{ { "report", "officers", "--db", db, "--format", "pdf", NULL }, "unknown format 'pdf'" },
		{ { "report", "officers", "sites", "--db", db, NULL }, "unexpected argument 'sites'" },
		{ { "export", "sipas", "--db", db, NULL }, "--year is required" },
		{ { "export", "sipas", "--db", db, "--year", "2026", "--format", "html", NULL }, "unknown format 'html'" },
		{ { "export", "sipas", "--db", db, "--year", "2026", "--weights", "1,1", NULL }, "bad --weights '1,1': three numbers" },
		{ { "export", "sipas", "--db", db, "--year", "2026", "--weights", "officer=2", NULL }, "is not ELEMENT=WEIGHT" },
		{ { "export", "--db", db, "--year", "2026", NULL }, "what to export?" },
		{ { "report", "procedures", "--db", db, "--officer", "cb001", NULL }, "--officer needs --site" },
		{ { "report", "sites", "--db", db, "--site", "rp", "--officer", "cb001", NULL },
		  "--officer goes with officers, procedures or counters, not sites" },
		{ { "report", "officers", "--db", db, "--procedure", "1.001234", NULL },
		  "--procedure goes with procedures or counters, not officers" },
		{ { "report", "counters", "--db", db, "--site", "rp", "--officer", "cb001", "--procedure", "1.001234", NULL },
		  "--officer or --procedure, not both" },
		{ { "report", "counters", "--db", db, "--site", "rp", "--officer", "cb/001", NULL }, "bad --officer 'cb/001'" },
		{ { "report", "counters", "--db", db, "--procedure", "", NULL }, "bad --procedure ''" },
	};

	snprintf(log, sizeof log, "%s/usage.log", w->st.dir);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = agg(log, cases[i].args);
		if (rc != 2)
			fail_msg("case %zu (%s) exited %d, not 2", i, cases[i].says, rc);
		char *text = harness_slurp(log, NULL);
		/* The fault and where to read more, not the whole usage burying it. */
		if (!strstr(text, cases[i].says) || !strstr(text, "see 'hailong-aggregator ") || strstr(text, "Usage:"))
			fail_msg("case %zu: output lacks \"%s\" or the --help hint, or dumps the usage: %s", i,
				 cases[i].says, text);
		free(text);
	}
	/* A mistyped site is said, not answered with an empty table (exit 1); a known one is fine. */
	const char *nosite[] = { "report", "officers", "--db", db, "--site", "rq", NULL };
	assert_int_equal(agg(log, nosite), 1);
	char *said = harness_slurp(log, NULL);
	assert_non_null(strstr(said, "no site 'rq' in the database"));
	free(said);
	const char *nosite_sipas[] = { "export", "sipas", "--db", db, "--year", "2026", "--site", "rq", NULL };
	assert_int_equal(agg(log, nosite_sipas), 1);
	const char *site_ok[] = { "report", "officers", "--db", db, "--site", "rp", NULL };
	assert_int_equal(agg(log, site_ok), 0);
	/* An output that cannot be written is a failure (1), not bad usage. */
	const char *unwritable[] = { "report", "sites", "--db", db, "-o", "/nonexistent/dir/r.csv", "--format", "csv", NULL };
	assert_int_equal(agg(log, unwritable), 1);
	/* --help is no error. */
	const char *help[] = { "report", "--help", NULL };
	assert_int_equal(agg(log, help), 0);
	char *text = harness_slurp(log, NULL);
	assert_non_null(strstr(text, "Usage:"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(totals_match_what_was_published),
		cmocka_unit_test(every_report_every_format_every_period),
		cmocka_unit_test(html_report_renders_in_chromium),
		cmocka_unit_test(html_target_from_the_config),
		cmocka_unit_test(export_sipas_per_site),
		cmocka_unit_test(drill_downs_agree_with_the_ratings),
		cmocka_unit_test(filters_keep_one_officer_or_procedure),
		cmocka_unit_test(vietnamese_table_and_page_by_day),
		cmocka_unit_test(bad_usage_exits_2),
	};
	return cmocka_run_group_tests_name("it_report", tests, group_setup, group_teardown);
}
