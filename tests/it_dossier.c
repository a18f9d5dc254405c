/* SPDX-License-Identifier: MIT
 * Integration: `import dossiers` and `report 766` of the real aggregator on a database it filled
 * itself. From an empty folder, a real mosquitto on 127.0.0.1 and `hailong-aggregator serve` receive
 * `hailong-loadgen`'s ratings for two sites over 100 days, the sample roster is imported, and then:
 * a good dossiers file for the quarter of 30 days ago imports and says what it imported; a file with
 * faults lists each as FILE:LINE: naming the column, exits 1 and changes nothing; a month exported
 * again replaces that site's month (a procedure it no longer lists is gone) and says how many rows it
 * replaced; `report 766` in every format gives, per site and procedure, figures that agree with the
 * imported counts and with a count of the stored ratings made here in SQL (the rate and points of the
 * formula, no data where a group has no dossiers or no ratings), says it is an estimate and prints
 * the formula; --max-points and qd766_max_points change the points; the HTML page is rendered by
 * headless Chromium at 390 and 1366 px and printed to PDF, kept as BUILD/screenshots/766-*.png; an
 * unknown --site exits 1, bad usage 2, and neither command creates a missing database. */
#include "csv.h"
#include "harness.h"
#include "hl.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
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
#include <cmocka.h>

#define VN_OFFSET 25200
#define LOCAL_DATE "date(day * 86400, 'unixepoch')"
#define SITE_A "sct-bentre"
#define SITE_B "ubnd-an-hoi"
#define CHROMIUM "/usr/bin/chromium"
#define PDFTOPPM "/usr/bin/pdftoppm"

/* The dossier rows the good file holds: for each month of the quarter that has begun. */
struct drow {
	const char *site, *proc;
	int month_index; /* 0..2 within the quarter */
	int received, resolved, overdue, complaints;
};
static const struct drow good_rows[] = {
	{ SITE_A, "1.001234", 0, 120, 100, 1, 0 }, { SITE_A, "2.000512", 0, 40, 38, 4, 1 },
	{ SITE_A, "1.003741", 0, 6, 5, 0, 0 },     { SITE_A, "2.000204", 0, 20, 22, 0, 0 },
	{ SITE_A, "1.001234", 1, 90, 95, 2, 1 },   { SITE_A, "2.000512", 1, 35, 30, 0, 0 },
	{ SITE_A, "1.001234", 2, 50, 45, 0, 0 },   { SITE_B, "1.001234", 0, 12, 10, 1, 1 },
};
#define NGOOD (sizeof good_rows / sizeof good_rows[0])

struct world {
	struct stack st;
	char quarter[40];       /* YYYY-Qn: the quarter of 30 days ago */
	char from[40], to[40];  /* its first and last local day */
	char month[3][40];      /* its months */
	int nmonths;            /* those that have begun */
	char good[300];         /* the good file */
	int ngood;              /* its rows */
};

/* ---- helpers ------------------------------------------------------------------------------------- */

/* Runs hailong-aggregator with the NULL-terminated arguments, output to log (emptied first). */
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

static void expect_in(const char *path, const char *text)
{
	if (!harness_file_has(path, text)) {
		char *l = harness_slurp(path, NULL);
		fail_msg("'%s' not in the output:\n%s", text, l);
	}
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

/* A fingerprint of everything in dossier_month, to see that nothing changed. */
static int64_t dossier_print(const struct world *w)
{
	return sqlf(w, "SELECT count(*) * 1000003 + coalesce(sum(received * 7 + resolved * 5 + overdue * 3 + complaints"
		       " + month + length(site) + length(procedure)), 0) FROM dossier_month");
}

static void write_rows(const struct world *w, const char *path, const struct drow *rows, size_t n, int *written)
{
	FILE *f = fopen(path, "w");
	int k = 0;

	assert_non_null(f);
	fputs("site,procedure,month,received,resolved,overdue,complaints\r\n", f);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].month_index >= w->nmonths)
			continue; /* a month that has not begun cannot be imported */
		fprintf(f, "%s,%s,%s,%d,%d,%d,%d\r\n", rows[i].site, rows[i].proc, w->month[rows[i].month_index],
			rows[i].received, rows[i].resolved, rows[i].overdue, rows[i].complaints);
		k++;
	}
	assert_int_equal(fclose(f), 0);
	if (written)
		*written = k;
}

static void import_good(const struct world *w)
{
	char log[300];

	snprintf(log, sizeof log, "%s/import.log", w->st.dir);
	const char *args[] = { "import", "dossiers", "--db", w->st.db, w->good, NULL };
	if (agg(log, args) != 0)
		fail_msg("import of the good file failed: %s", harness_slurp(log, NULL));
}

/* ---- the stack and its ratings, made once --------------------------------------------------------- */

static void publish(const struct world *w, const char *site, int terminals, int ratings, int days)
{
	char bin[PATH_MAX + 32], log[300], t[8], r[8], d[8];

	snprintf(bin, sizeof bin, "%s/hailong-loadgen", harness_bindir());
	snprintf(log, sizeof log, "%s/loadgen-%s.log", w->st.dir, site);
	snprintf(t, sizeof t, "%d", terminals);
	snprintf(r, sizeof r, "%d", ratings);
	snprintf(d, sizeof d, "%d", days);
	char *argv[] = { bin, "publish", "--broker", (char *)w->st.broker.url, "--site", (char *)site, "--terminals", t,
			 "--ratings", r, "--window", "20", "--days", d, "--timeout", "90", NULL };
	assert_int_equal(harness_run(log, argv, 120000), 0);
}

static const char *sample(const char *name)

{
	char rel[PATH_MAX];

	snprintf(rel, sizeof rel, "assets/roster/%s", name);
	return harness_source(rel);
}

static void make_period(struct world *w)
{
	time_t now = time(NULL), local = now + VN_OFFSET, back = local - 30 * 86400;
	struct tm tm;
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	gmtime_r(&local, &tm);
	int cur = (tm.tm_year + 1900) * 100 + tm.tm_mon + 1;
	gmtime_r(&back, &tm);
	int y = tm.tm_year + 1900, q = tm.tm_mon / 3 + 1, last = 3 * q;
	int ld = mdays[last - 1] + (last == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	snprintf(w->quarter, sizeof w->quarter, "%04d-Q%d", y, q);
	snprintf(w->from, sizeof w->from, "%04d-%02d-01", y, 3 * q - 2);
	snprintf(w->to, sizeof w->to, "%04d-%02d-%02d", y, last, ld);
	w->nmonths = 0;
	for (int i = 0; i < 3; i++) {
		snprintf(w->month[i], sizeof w->month[i], "%04d-%02d", y, 3 * q - 2 + i);
		if (y * 100 + 3 * q - 2 + i <= cur)
			w->nmonths = i + 1;
	}
}

static int group_setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);
	char log[300];

	if (!w)
		return -1;
	stack_up(&w->st);
	make_period(w);
	snprintf(log, sizeof log, "%s/roster.log", w->st.dir);
	const char *officers = sample("officers.csv"), *procedures = sample("procedures.csv");
	if (!officers || !procedures)
		goto fail;
	const char *imp[] = { "roster", "import", "--db", w->st.db, officers, procedures, NULL };
	if (agg(log, imp) != 0)
		goto fail;
	publish(w, SITE_A, 3, 400, 100);
	publish(w, SITE_B, 1, 60, 100);
	if (harness_sql(w->st.db, "SELECT count(*) FROM rating") != 460)
		goto fail;
	int status = harness_kill(w->st.agg, SIGTERM, 10000);
	w->st.agg = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		goto fail;
	snprintf(w->good, sizeof w->good, "%s/dossiers.csv", w->st.dir);
	write_rows(w, w->good, good_rows, NGOOD, &w->ngood);
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

/* ---- import ------------------------------------------------------------------------------------- */

static void good_file_imports(void **state)
{
	struct world *w = *state;
	char log[300], want[600];

	snprintf(log, sizeof log, "%s/import.log", w->st.dir);
	const char *args[] = { "import", "dossiers", "--db", w->st.db, w->good, NULL };
	assert_int_equal(agg(log, args), 0);
	if (w->nmonths == 1)
		snprintf(want, sizeof want, "imported %d rows for 2 sites, month %s, into %s; replaced 0 rows", w->ngood,
			 w->month[0], w->st.db);
	else
		snprintf(want, sizeof want, "imported %d rows for 2 sites, months %s to %s, into %s; replaced 0 rows", w->ngood,
			 w->month[0], w->month[w->nmonths - 1], w->st.db);
	expect_in(log, want);
	assert_int_equal(sqlf(w, "SELECT count(*) FROM dossier_month"), w->ngood);
	assert_int_equal(sqlf(w, "SELECT resolved FROM dossier_month WHERE site = '" SITE_A "' AND procedure = '2.000512'"
				 " AND month = %.4s%.2s", w->month[0], w->month[0] + 5), 38);
}

static void bad_file_changes_nothing(void **state)
{
	struct world *w = *state;
	char path[300], log[300], text[2048], line[800];
	int64_t before;

	import_good(w);
	before = dossier_print(w);
	snprintf(path, sizeof path, "%s/bad.csv", w->st.dir);
	snprintf(text, sizeof text,
		 "site,procedure,month,received,resolved,overdue,complaints\n"
		 SITE_A ",1.001234,%s,5,5,0,0\n"          /* 2: good, and not imported either */
		 SITE_A ",2.000512,%s,5,1.5,0,0\n"        /* 3 */
		 "nowhere,1.001234,%s,5,5,0,0\n"          /* 4 */
		 SITE_A ",9.999999,%s,5,5,0,0\n"          /* 5 */
		 SITE_A ",1.003741,%s,5,5,6,0\n"          /* 6 */
		 SITE_A ",1.003741,2999-01,5,5,0,0\n"     /* 7 */
		 SITE_A ",1.001234,%s,9,9,0,0\n",         /* 8: line 2 again */
		 w->month[0], w->month[0], w->month[0], w->month[0], w->month[0], w->month[0]);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	snprintf(log, sizeof log, "%s/bad.log", w->st.dir);
	const char *args[] = { "import", "dossiers", "--db", w->st.db, path, NULL };
	assert_int_equal(agg(log, args), 1);
	snprintf(line, sizeof line, "%s:3: resolved '1.5' is not a whole number >= 0", path);
	expect_in(log, line);
	snprintf(line, sizeof line, "%s:4: site 'nowhere' is not known", path);
	expect_in(log, line);
	snprintf(line, sizeof line, "%s:5: procedure '9.999999' is not one of the roster's procedures", path);
	expect_in(log, line);
	snprintf(line, sizeof line, "%s:6: overdue 6 is more than resolved 5", path);
	expect_in(log, line);
	snprintf(line, sizeof line, "%s:7: month 2999-01 has not begun", path);
	expect_in(log, line);
	snprintf(line, sizeof line, "%s:8: site " SITE_A ", procedure 1.001234, month %s is also on line 2", path, w->month[0]);
	expect_in(log, line);
	expect_in(log, "6 errors; nothing imported");
	assert_int_equal(dossier_print(w), before);
}

static void month_again_replaces_it(void **state)
{
	struct world *w = *state;
	char path[300], log[300], want[600];

	import_good(w);
	int64_t a0 = sqlf(w, "SELECT count(*) FROM dossier_month WHERE site = '" SITE_A "' AND month = %.4s%.2s",
			  w->month[0], w->month[0] + 5);
	int64_t others = sqlf(w, "SELECT count(*) FROM dossier_month WHERE NOT (site = '" SITE_A "' AND month = %.4s%.2s)",
			      w->month[0], w->month[0] + 5);
	assert_int_equal(a0, 4);
	/* The first month of site A exported again: one procedure changed, three gone. */
	static const struct drow again[] = { { SITE_A, "1.001234", 0, 121, 101, 2, 0 } };
	snprintf(path, sizeof path, "%s/again.csv", w->st.dir);
	write_rows(w, path, again, 1, NULL);
	snprintf(log, sizeof log, "%s/again.log", w->st.dir);
	const char *args[] = { "import", "dossiers", "--db", w->st.db, path, NULL };
	assert_int_equal(agg(log, args), 0);
	snprintf(want, sizeof want, "imported 1 row for 1 site, month %s, into %s; replaced 4 rows", w->month[0], w->st.db);
	expect_in(log, want);
	assert_int_equal(sqlf(w, "SELECT count(*) FROM dossier_month WHERE site = '" SITE_A "' AND month = %.4s%.2s",
			      w->month[0], w->month[0] + 5), 1);
	assert_int_equal(sqlf(w, "SELECT resolved FROM dossier_month WHERE site = '" SITE_A "' AND month = %.4s%.2s",
			      w->month[0], w->month[0] + 5), 101);
	assert_int_equal(sqlf(w, "SELECT count(*) FROM dossier_month WHERE NOT (site = '" SITE_A "' AND month = %.4s%.2s)",
			      w->month[0], w->month[0] + 5), others);
}

/* ---- report 766 ------------------------------------------------------------------------------------ */

/* The dissatisfied share of site's ratings (of proc, or all when NULL) in the quarter, or NAN. */
static double dissatisfied(const struct world *w, const char *site, const char *proc, int64_t *n)
{
	char where[300];

	snprintf(where, sizeof where, "site = '%s'%s%s%s AND " LOCAL_DATE " BETWEEN '%s' AND '%s'", site,
		 proc ? " AND procedure = '" : "", proc ? proc : "", proc ? "'" : "", w->from, w->to);
	*n = sqlf(w, "SELECT count(*) FROM rating WHERE %s", where);
	/* loadgen rates on 5 levels: 1 and 2 are dissatisfied. */
	int64_t bad = sqlf(w, "SELECT count(*) FROM rating WHERE %s AND (reasons != 0 OR a_officer IN (1, 2) OR"
			      " a_procedure IN (1, 2) OR a_result IN (1, 2))", where);
	return *n ? 100.0 * (double)bad / (double)*n : NAN;
}

/* The expected rate and points of the good file's rows of site (of proc, or all). */
static void expected(const struct world *w, const char *site, const char *proc, double max, double *rate, double *points,
		     int *months, int64_t *ratings)
{
	int64_t resolved = 0, overdue = 0, complaints = 0;
	unsigned seen = 0;

	for (size_t i = 0; i < NGOOD; i++) {
		const struct drow *r = &good_rows[i];
		if (strcmp(r->site, site) || (proc && strcmp(r->proc, proc)) || r->month_index >= w->nmonths)
			continue;
		resolved += r->resolved;
		overdue += r->overdue;
		complaints += r->complaints;
		seen |= 1u << r->month_index;
	}
	*months = __builtin_popcount(seen);
	double d = dissatisfied(w, site, proc, ratings);
	if (!seen || !resolved || isnan(d)) {
		*rate = *points = NAN;
		return;
	}
	double v = 100.0 - (100.0 * (double)overdue / (double)resolved + 100.0 * (double)complaints / (double)resolved + d);
	v = v < 0 ? 0 : v > 100 ? 100 : v;
	*rate = round(v * 100) / 100;
	*points = round((*rate >= 90 ? max : *rate * max / 90) * 100) / 100;
}

static void run_766(const struct world *w, const char *fmt, const char *out, const char *extra1, const char *extra2)
{
	char log[300];
	const char *args[16] = { "report", "766", "--db", w->st.db, "--quarter", w->quarter, "--format", fmt, "-o", out };
	size_t n = 10;

	if (extra1)
		args[n++] = extra1;
	if (extra2)
		args[n++] = extra2;
	args[n] = NULL;
	snprintf(log, sizeof log, "%s/report766.log", w->st.dir);
	int rc = agg(log, args);
	if (rc != 0)
		fail_msg("report 766 --format %s exited %d: %s", fmt, rc, harness_slurp(log, NULL));
}

static void check_json_row(const struct world *w, const cJSON *o, const char *site, const char *proc, double max)
{
	double rate, points;
	int months;
	int64_t ratings;
	const cJSON *jr = cJSON_GetObjectItem(o, "rate"), *jp = cJSON_GetObjectItem(o, "points");

	expected(w, site, proc, max, &rate, &points, &months, &ratings);
	assert_int_equal(cJSON_GetObjectItem(o, "months")->valueint, months);
	assert_int_equal((int64_t)cJSON_GetObjectItem(o, "ratings")->valuedouble, ratings);
	if (isnan(rate)) {
		/* No dossier data or no ratings: no rate, not 0. */
		if (!cJSON_IsNull(jr) || !cJSON_IsNull(jp))
			fail_msg("%s %s: a rate where there is no data", site, proc ? proc : "(total)");
		return;
	}
	if (!cJSON_IsNumber(jr) || fabs(jr->valuedouble - rate) > 0.0051 || fabs(jp->valuedouble - points) > 0.0051)
		fail_msg("%s %s: rate %g points %g, expected %g and %g", site, proc ? proc : "(total)",
			 cJSON_IsNumber(jr) ? jr->valuedouble : -1.0, cJSON_IsNumber(jp) ? jp->valuedouble : -1.0, rate, points);
}

static void check_json(const struct world *w, const char *path, double max)
{
	char *text = harness_slurp(path, NULL);
	cJSON *root = cJSON_Parse(text), *s;
	size_t procs_checked = 0;

	assert_non_null(root);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "estimate")));
	assert_string_equal(cJSON_GetObjectItem(root, "period")->valuestring, w->quarter);
	assert_string_equal(cJSON_GetObjectItem(root, "from")->valuestring, w->from);
	assert_true(fabs(cJSON_GetObjectItem(root, "max_points")->valuedouble - max) < 1e-9);
	assert_non_null(strstr(cJSON_GetObjectItem(root, "formula")->valuestring, "100% - (overdue% + complaint% + dissatisfied%)"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "sites")), 2);
	cJSON_ArrayForEach(s, cJSON_GetObjectItem(root, "sites"))
	{
		const char *site = cJSON_GetObjectItem(s, "site")->valuestring;
		const cJSON *p;
		check_json_row(w, cJSON_GetObjectItem(s, "total"), site, NULL, max);
		cJSON_ArrayForEach(p, cJSON_GetObjectItem(s, "procedures"))
		{
			const char *proc = cJSON_GetObjectItem(p, "procedure")->valuestring;
			if (!proc[0])
				continue; /* loadgen's ratings always name a procedure; none here */
			check_json_row(w, p, site, proc, max);
			procs_checked++;
		}
	}
	/* 2.000204 has dossiers and no ratings; 2.001190 ratings and no dossiers: both are rows. */
	assert_true(procs_checked >= 6);
	assert_non_null(strstr(text, "\"procedure\":\t\"2.000204\""));
	assert_non_null(strstr(text, "\"procedure\":\t\"2.001190\""));
	cJSON_Delete(root);
	free(text);
}

static void report_766_every_format(void **state)
{
	struct world *w = *state;
	char out[300], conf[300], log[300];

	import_good(w);
	snprintf(out, sizeof out, "%s/766.json", w->st.dir);
	run_766(w, "json", out, NULL, NULL);
	check_json(w, out, 2.0);
	/* Another maximum, from the option and from the config. */
	run_766(w, "json", out, "--max-points", "18");
	check_json(w, out, 18.0);
	snprintf(conf, sizeof conf, "%s/agg.conf", w->st.dir);
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "db = %s\nqd766_max_points = 1.5\n", w->st.db);
	fclose(f);
	snprintf(log, sizeof log, "%s/conf.log", w->st.dir);
	const char *args[] = { "report", "766", "-c", conf, "--quarter", w->quarter, "--format", "json", "-o", out, NULL };
	assert_int_equal(agg(log, args), 0);
	check_json(w, out, 1.5);

	/* The table: an estimate, the formula, the procedure's roster name, no data as "—". */
	snprintf(out, sizeof out, "%s/766.txt", w->st.dir);
	run_766(w, "table", out, NULL, NULL);
	expect_in(out, "Tiêu chí mức độ hài lòng theo QĐ 766, ước tính, ");
	expect_in(out, "Tỷ lệ (ước tính) = 100 % − (tỷ lệ hồ sơ quá hạn");
	expect_in(out, "Đăng ký thực hiện khuyến mại");
	expect_in(out, "—");
	expect_in(out, "\ntất cả ");

	/* CSV: one record per JSON row, each with the estimate mark and the formula. */
	snprintf(out, sizeof out, "%s/766.csv", w->st.dir);
	run_766(w, "csv", out, NULL, NULL);
	char *csv = harness_slurp(out, NULL);
	assert_memory_equal(csv, "\xEF\xBB\xBF" "period,from,to,site,procedure", 31);
	double rate, points;
	int months;
	int64_t ratings;
	expected(w, SITE_A, "1.001234", 2.0, &rate, &points, &months, &ratings);
	char want[200];
	snprintf(want, sizeof want, ",%lld,", (long long)ratings);
	char *row = strstr(csv, "," SITE_A ",1.001234,");
	assert_non_null(row);
	*strchr(row, '\r') = '\0';
	assert_non_null(strstr(row, want));
	snprintf(want, sizeof want, ",%.2f,%.2f,2,ước tính,", rate, points);
	if (!strstr(row, want))
		fail_msg("'%s' not in the CSV row %s", want, row);
	free(csv);

	/* HTML: Vietnamese, with the formula, and readable by Chromium at 390 and 1366 px and on A4. */
	snprintf(out, sizeof out, "%s/766.html", w->st.dir);
	run_766(w, "html", out, NULL, NULL);
	expect_in(out, "<html lang=\"vi\">");
	expect_in(out, "<span class=\"badge\">ước tính</span>");
	expect_in(out, "Tỷ lệ (ước tính) = 100 % − (tỷ lệ hồ sơ quá hạn");
	expect_in(out, "Đăng ký thực hiện khuyến mại");
}

/* Runs chromium on the page with extra (a --screenshot or --print-to-pdf argument). */
static void chromium(const struct world *w, const char *html, const char *size, const char *extra)
{
	char profile[340], log[300], udd[360], file[340];

	snprintf(profile, sizeof profile, "%s/chromium-profile", w->st.dir);
	snprintf(log, sizeof log, "%s/chromium.log", w->st.dir);
	snprintf(udd, sizeof udd, "--user-data-dir=%s", profile);
	snprintf(file, sizeof file, "file://%s", html);
	char *argv[] = { CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			 "--disable-background-networking", "--disable-component-update", "--disable-sync",
			 "--hide-scrollbars", "--no-pdf-header-footer", udd, (char *)size, (char *)extra, file, NULL };
	pid_t pid = harness_spawn(log, argv);
	int status = harness_wait(pid, 60000);
	if (status == -1) {
		harness_kill(pid, SIGKILL, 5000);
		fail_msg("chromium did not finish within 60 s (see %s)", log);
	}
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static uint32_t png_width(const char *path)
{
	size_t len;
	unsigned char *b = (unsigned char *)harness_slurp(path, &len);

	assert_true(len > 24);
	assert_memory_equal(b + 12, "IHDR", 4);
	uint32_t v = (uint32_t)b[16] << 24 | (uint32_t)b[17] << 16 | (uint32_t)b[18] << 8 | b[19];
	free(b);
	return v;
}

static void html_page_at_390_1366_and_on_a4(void **state)
{
	struct world *w = *state;
	char html[300], dir[PATH_MAX + 16], shot[PATH_MAX + 64], arg[PATH_MAX + 96], pdf[300], prefix[PATH_MAX + 64];

	if (access(CHROMIUM, X_OK) != 0 || access(PDFTOPPM, X_OK) != 0) {
		printf("SKIPPED: %s or %s is missing, so the page was not rendered\n", CHROMIUM, PDFTOPPM);
		skip();
	}
	import_good(w);
	snprintf(html, sizeof html, "%s/766.html", w->st.dir);
	run_766(w, "html", html, NULL, NULL);
	snprintf(dir, sizeof dir, "%s/screenshots", harness_bindir());
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		fail_msg("cannot create %s", dir);
	static const struct { int w, h; } sizes[] = { { 390, 2600 }, { 1366, 1400 } };
	for (size_t i = 0; i < 2; i++) {
		char size[40];
		snprintf(size, sizeof size, "--window-size=%d,%d", sizes[i].w, sizes[i].h);
		snprintf(shot, sizeof shot, "%s/766-%d.png", dir, sizes[i].w);
		snprintf(arg, sizeof arg, "--screenshot=%s", shot);
		chromium(w, html, size, arg);
		assert_int_equal(png_width(shot), (uint32_t)sizes[i].w);
		printf("screenshot: %s\n", shot);
	}
	snprintf(pdf, sizeof pdf, "%s/766.pdf", w->st.dir);
	snprintf(arg, sizeof arg, "--print-to-pdf=%s", pdf);
	chromium(w, html, "--window-size=1366,1400", arg);
	size_t len;
	char *bytes = harness_slurp(pdf, &len);
	assert_memory_equal(bytes, "%PDF", 4);
	free(bytes);
	snprintf(prefix, sizeof prefix, "%s/766-a4", dir);
	char *argv[] = { PDFTOPPM, "-png", "-r", "80", pdf, prefix, NULL };
	assert_int_equal(harness_run(NULL, argv, 30000), 0);
	snprintf(shot, sizeof shot, "%s/766-a4-1.png", dir);
	/* A4 at 80 dpi: 210 mm is 661 px. */
	uint32_t a4 = png_width(shot);
	if (a4 < 655 || a4 > 668)
		fail_msg("the printed page is %u px wide at 80 dpi, not A4's 661", a4);
	printf("printed: %s\n", shot);
}

/* ---- usage and faults ------------------------------------------------------------------------------ */

static void unknown_site_and_bad_usage(void **state)
{
	struct world *w = *state;
	char log[300], missing[300];

	snprintf(log, sizeof log, "%s/usage.log", w->st.dir);
	const char *site[] = { "report", "766", "--db", w->st.db, "--quarter", w->quarter, "--site", "nowhere", NULL };
	assert_int_equal(agg(log, site), 1);
	expect_in(log, "no site 'nowhere' in the database");

	/* "DB" stands for the database. */
	static const char *const bad[][12] = {
		{ "report", "766", "--db", "DB", NULL },
		{ "report", "766", "--db", "DB", "--from", "2026-10-01", "--to", "2026-10-15", NULL },
		{ "report", "766", "--db", "DB", "--quarter", "2026-Q5", NULL },
		{ "report", "766", "--db", "DB", "--year", "2026", "--officer", "cb001", NULL },
		{ "report", "766", "--db", "DB", "--year", "2026", "--max-points", "0", NULL },
		{ "report", "766", "--db", "DB", "--year", "2026", "extra", NULL },
		{ "report", "officers", "--db", "DB", "--year", "2026", "--max-points", "3", NULL },
		{ "import", NULL },
		{ "import", "rosters", NULL },
		{ "import", "dossiers", "--db", "DB", NULL },
		{ "import", "dossiers", "--db", "DB", "a.csv", "b.csv", NULL },
		{ "import", "dossiers", "--bogus", NULL },
	};
	static const char *const why[] = {
		"report 766 needs --quarter YYYY-Qn, --year YYYY or --month YYYY-MM", "whole months",
		"bad period '2026-Q5'", "--officer goes with procedures or counters, not 766",
		"bad --max-points '0'", "unexpected argument 'extra'", "--max-points goes with 766, not officers",
		"what to import? dossiers", "unknown import 'rosters'", "import dossiers needs FILE.csv",
		"unexpected argument 'b.csv'", "see 'hailong-aggregator import --help'",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *args[12];
		size_t n = 0;
		for (; bad[i][n]; n++)
			args[n] = strcmp(bad[i][n], "DB") == 0 ? w->st.db : bad[i][n];
		args[n] = NULL;
		int rc = agg(log, args);
		if (rc != 2)
			fail_msg("case %zu exited %d, not 2: %s", i, rc, harness_slurp(log, NULL));
		expect_in(log, why[i]);
		expect_in(log, "see 'hailong-aggregator ");
	}

	/* Neither command creates a missing database. */
	snprintf(missing, sizeof missing, "%s/missing.db", w->st.dir);
	const char *imp[] = { "import", "dossiers", "--db", missing, w->good, NULL };
	assert_int_equal(agg(log, imp), 1);
	expect_in(log, "no database at");
	const char *rep[] = { "report", "766", "--db", missing, "--quarter", w->quarter, NULL };
	assert_int_equal(agg(log, rep), 1);
	assert_int_not_equal(access(missing, F_OK), 0);
	/* A bad qd766_max_points in the config names file and key. */
	char conf[300];
	snprintf(conf, sizeof conf, "%s/bad.conf", w->st.dir);
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "db = %s\nqd766_max_points = nhiều\n", w->st.db);
	fclose(f);
	const char *cf[] = { "report", "766", "-c", conf, "--quarter", w->quarter, NULL };
	assert_int_equal(agg(log, cf), 1);
	expect_in(log, "key 'qd766_max_points'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_file_imports),
		cmocka_unit_test(bad_file_changes_nothing),
		cmocka_unit_test(month_again_replaces_it),
		cmocka_unit_test(report_766_every_format),
		cmocka_unit_test(html_page_at_390_1366_and_on_a4),
		cmocka_unit_test(unknown_site_and_bad_usage),
	};
	return cmocka_run_group_tests_name("it_dossier", tests, group_setup, group_teardown);
}
