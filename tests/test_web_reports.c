/* SPDX-License-Identifier: MIT
 * test_web_reports.c — Tổng quan, Báo cáo and Xuất dữ liệu through web_dispatch over a real store
 * holding two sites' ratings over two months (October and November 2026), as each role would use
 * them: the overview shows both months' index with its interval and n per site, the flags that need
 * action oldest first and the terminals online and offline, and an officer their own figures; a
 * head of site A is refused site B (page and files); an officer with 3 ratings shows "< 5" only;
 * the previous period's figure stands beside the current one with the change; rows below the target
 * and groups too small to rank are marked; a bad quarter names `quarter`; a hostile roster name is
 * escaped; the CSV and JSON downloads are report_write's very bytes for the same report (and the
 * SIPAS file report_sipas_write's); an officer sees only their own row and their own drill-downs and
 * is refused a colleague's; a drill-down (an officer's procedures and counters, a procedure's
 * counters) shows the subject's rows from the pair roll-ups with n, the previous period and the
 * target, an officer's rows under 5 answers as "< 5" and a procedure's counters as they are;
 * filters no roll-up keeps are refused naming the parameter; the print view is a page with the
 * table and the chart, over all stored data from the first week with ratings; a group or week
 * under 30 answers drawn pale or hollow. */
#include "cache.h"
#include "conf.h"
#include "credential.h"
#include "flags.h"
#include "hl.h"
#include "http.h"
#include "period.h"
#include "report.h"
#include "sipas.h"
#include "report_load.h"
#include "roster.h"
#include "store.h"
#include "store_flags.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"
#include "web_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VN 25200
#define DAY 86400
#define A "site-a"
#define B "site-b"
#define HOSTILE "<script>alert(1)</script> Trần"

struct fixture {
	WEB_FIXTURE;
	struct who admin, head_a, province, officer_few, officer_many;
	int64_t flag_old, flag_new;
};

/* Unix time of a local date and hour. */
static int64_t at(int y, int m, int d, int h)
{
	return (int64_t)period_day_from_civil(y, m, d) * DAY - VN + (int64_t)h * 3600;
}

/* count ratings of one officer at one counter in month (y, m), of which sat have a satisfied
 * officer answer (5 of 5; the others 2), each received a minute after it was given. */
static void rate(struct fixture *f, const char *site, const char *counter, const char *officer, const char *procedure,
		 int y, int m, int count, int sat)
{
	for (int i = 0; i < count; i++) {
		int64_t given = at(y, m, 1 + i % 18, 9) + i * 60;
		web_fixture_rating(&f->wf, site, counter, officer, procedure, i < sat ? 5 : 2, 4, given, given + 60);
	}
}

static int64_t open_flag(struct fixture *f, int kind, int type, const char *site, const char *subject, int64_t when)
{
	return web_fixture_flag(f->s, kind, type, site, subject, "{\"rule\":\"x\"}", when, "a flag about %s", subject);
}

static int setup(void **state)
{
	/* HL_WEB_DB=FILE keeps the fixture in a file (each test starts it anew), to serve it with the
	 * real hailong-web and look at the pages in a browser. */
	const char *db = getenv("HL_WEB_DB");
	if (db)
		web_fixture_rmdb(NULL, db);
	struct fixture *f = web_fixture_new(sizeof *f, db, VN);
	if (!f)
		return -1;
	f->no_broker = true; /* these pages publish nothing */
	f->now = at(2026, 11, 20, 10);

	struct store_officer off[] = {
		{ A, { "cb001", "Nguyễn Văn An" } }, { A, { "cb002", HOSTILE } },
		{ A, { "cb003", "Phạm Thị Cúc" } },  { A, { "cb004", "Hoàng Minh Đức" } },
		{ B, { "cb101", "Lê Thị Bình" } },
	};
	struct roster_entry proc[] = { { "1.000001", "Đăng ký khai sinh" }, { "1.000002", "Chứng thực bản sao" } };
	assert_int_equal(store_roster_replace(f->s, off, 5, proc, 2), HL_OK);

	/* November: cb001 40 (36 satisfied: 90 %), cb002 3, cb003 30 at 50 %, cb004 10; site B 35. */
	rate(f, A, "q01", "cb001", "1.000001", 2026, 11, 40, 36);
	rate(f, A, "q02", "cb002", "1.000002", 2026, 11, 3, 3);
	rate(f, A, "q03", "cb003", "1.000001", 2026, 11, 30, 15);
	rate(f, A, "q03", "cb004", "1.000002", 2026, 11, 10, 9);
	rate(f, B, "q01", "cb101", "1.000001", 2026, 11, 35, 35);
	/* October: cb001 30 (24 satisfied: 80 %); site B 10. */
	rate(f, A, "q01", "cb001", "1.000001", 2026, 10, 30, 24);
	rate(f, B, "q01", "cb101", "1.000001", 2026, 10, 10, 9);

	f->flag_new = open_flag(f, FLAG_BURST, FLAG_SUBJ_COUNTER, A, "q03", at(2026, 11, 18, 14));
	f->flag_old = open_flag(f, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, A, "cb003", at(2026, 11, 2, 9));
	open_flag(f, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, B, "cb101", at(2026, 11, 3, 9));
	struct flag_status st[] = {
		{ .site = A, .counter = "q01", .online = true },
		{ .site = A, .counter = "q02", .online = false },
		{ .site = B, .counter = "q01", .online = false },
	};
	assert_int_equal(store_flags_status(f->s, st, 3, at(2026, 11, 20, 8)), HL_OK);

	web_fixture_user(&f->wf, "quantri", ROLE_ADMIN, NULL, NULL, f->now, &f->admin);
	web_fixture_user(&f->wf, "lanhdao-a", ROLE_HEAD, A, NULL, f->now, &f->head_a);
	web_fixture_user(&f->wf, "tinh", ROLE_PROVINCE, NULL, NULL, f->now, &f->province);
	web_fixture_user(&f->wf, "canbo-few", ROLE_OFFICER, A, "cb002", f->now, &f->officer_few);
	web_fixture_user(&f->wf, "canbo-many", ROLE_OFFICER, A, "cb001", f->now, &f->officer_many);
	*state = f;
	return 0;
}

/* With HL_WEB_DUMP=DIR, every page answered is kept as DIR/NAME.html (for looking at it in a browser). */
static void dump(const struct who *w, const char *path, const struct http_response *rs)
{
	const char *dir = getenv("HL_WEB_DUMP");
	char name[512];
	size_t k;
	FILE *out;

	if (!dir || !rs->body.p || (rs->type && strncmp(rs->type, "text/html", 9) != 0))
		return;
	k = (size_t)snprintf(name, sizeof name, "%s/%s_", dir, w ? w->name : "anon");
	for (const char *p = path; *p && k < sizeof name - 6; p++)
		name[k++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ? *p : '_';
	snprintf(name + k, sizeof name - k, ".html");
	if ((out = fopen(name, "w"))) {
		fwrite(rs->body.p, 1, rs->body.len, out);
		fclose(out);
	}
}

/* GET path (with its query) as w. */
static void get(struct fixture *f, const struct who *w, const char *path, struct http_response *rs)
{
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = path, .who = w }, rs);
	dump(w, path, rs);
}

/* The <tr> … </tr> holding `data-code="code"` after the element with id `table` (static buffer). */
static const char *row_of(const struct http_response *rs, const char *table, const char *code)
{
	static char out[8192];
	char key[96];
	const char *t, *p, *start, *end;

	snprintf(key, sizeof key, "id=\"%s\"", table);
	if (!(t = strstr(rs->body.p, key)))
		return NULL;
	snprintf(key, sizeof key, "data-code=\"%s\"", code);
	if (!(p = strstr(t, key)))
		return NULL;
	for (start = p; start > t && strncmp(start, "<tr", 3) != 0; start--)
		;
	if (!(end = strstr(p, "</tr>")))
		return NULL;
	snprintf(out, sizeof out, "%.*s", (int)(end - start), start);
	return out;
}

static void expect_status(struct fixture *f, const struct who *w, const char *path, int status)
{
	struct http_response rs;

	get(f, w, path, &rs);
	if (rs.status != status)
		fail_msg("%s: status %d, want %d", path, rs.status, status);
	http_response_free(&rs);
}

/* ---- Tổng quan --------------------------------------------------------------------------------- */

/* A head whose site has no flag that needs action: the overview says so (and the empty list is not
 * sorted: qsort must not get a NULL array, which UBSan in `make SANITIZE=1 check` catches). */
static void test_overview_without_flags(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct who head_c;

	web_fixture_user(&f->wf, "lanhdao-c", ROLE_HEAD, "site-c", NULL, f->now, &head_c);
	get(f, &head_c, "/", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Không có cảnh báo đang mở."));
	http_response_free(&rs);
}

static void test_overview_months(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	const char *a, *b;

	get(f, &f->admin, "/", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Tháng 11/2026"));
	assert_true(has(&rs, "Tháng 10/2026"));
	/* Site A, officer question: November 83 answers (40 + 3 + 30 + 10), October 30 at 80 %. */
	a = strstr(rs.body.p, "data-site=\"" A "\"");
	b = strstr(rs.body.p, "data-site=\"" B "\"");
	assert_non_null(a);
	assert_non_null(b);
	assert_true(a < b);
	char *card = strndup(a, (size_t)(b - a));
	assert_non_null(strstr(card, "n = 83"));
	assert_non_null(strstr(card, "80,0 %</span>"));
	assert_non_null(strstr(card, "n = 30"));
	free(card);
	/* Site B: 35 this month, 10 last. */
	assert_non_null(strstr(b, "n = 35"));
	assert_non_null(strstr(b, "n = 10"));
	/* The flags that need action, oldest first, by day; the terminals. */
	assert_true(has(&rs, "id=\"overview-flags\""));
	char old[48], young[48];
	snprintf(old, sizeof old, "data-flag-id=\"%lld\"", (long long)f->flag_old);
	snprintf(young, sizeof young, "data-flag-id=\"%lld\"", (long long)f->flag_new);
	assert_non_null(strstr(rs.body.p, old));
	assert_non_null(strstr(rs.body.p, young));
	assert_true(strstr(rs.body.p, old) < strstr(rs.body.p, young));
	assert_true(has(&rs, "02/11/2026"));
	assert_true(has(&rs, "/canh-bao?site=" A));
	assert_true(has(&rs, "1 đang kết nối"));
	assert_true(has(&rs, "2 mất kết nối"));
	http_response_free(&rs);

	/* In English, with English numbers. */
	struct who en = f->admin;
	strcat(en.cookie, "; hl_lang=en");
	get(f, &en, "/", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Flags that need action"));
	assert_true(has(&rs, "80.0 %</span>"));
	assert_false(has(&rs, "Cảnh báo cần xử lý"));
	http_response_free(&rs);

	/* A head: their site only, its flags only. */
	get(f, &f->head_a, "/", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "data-site=\"" A "\""));
	assert_false(has(&rs, "data-site=\"" B "\""));
	assert_false(has(&rs, "cb101"));
	http_response_free(&rs);

	/* An officer: their own figures this month and last, nobody else's. */
	get(f, &f->officer_many, "/", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "id=\"overview-officer\""));
	assert_true(has(&rs, "90,0 %</span>"));
	assert_true(has(&rs, "n = 40"));
	assert_true(has(&rs, "80,0 %</span>"));
	assert_false(has(&rs, "n = 83"));
	assert_false(has(&rs, "overview-flags"));
	http_response_free(&rs);
	get(f, &f->officer_few, "/", &rs);
	assert_true(has(&rs, "&lt; 5"));
	assert_false(has(&rs, "n = 3<"));
	http_response_free(&rs);
}

/* ---- Báo cáo ----------------------------------------------------------------------------------- */

static void test_head_other_site(void **state)
{
	struct fixture *f = *state;

	expect_status(f, &f->head_a, "/bao-cao/can-bo?site=" A, 200);
	expect_status(f, &f->head_a, "/bao-cao/can-bo?site=" B, 403);
	expect_status(f, &f->head_a, "/?site=" B, 403);
	expect_status(f, &f->head_a, "/xuat-du-lieu/report.csv?dim=officers&site=" B "&month=2026-11", 403);
	expect_status(f, &f->head_a, "/xuat-du-lieu/report.json?dim=officers&site=" B, 403);
	expect_status(f, &f->head_a, "/xuat-du-lieu/sipas.csv?year=2026&site=" B, 403);
	expect_status(f, &f->head_a, "/xuat-du-lieu/in?dim=officers&site=" B, 403);
	expect_status(f, &f->province, "/xuat-du-lieu/report.csv?dim=officers&site=" B, 200);
	expect_status(f, &f->province, "/xuat-du-lieu/report.csv?dim=sites", 200);
}

static void test_officers_table(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	const char *r;

	get(f, &f->head_a, "/bao-cao/can-bo?month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	/* Three ratings: "< 5" and nothing else. */
	assert_non_null(r = row_of(&rs, "report", "cb002"));
	assert_non_null(strstr(r, "&lt; 5"));
	assert_null(strstr(r, "100,0"));
	assert_null(strstr(r, "n = "));
	/* The previous period beside the current one, and the change. */
	assert_non_null(r = row_of(&rs, "report", "cb001"));
	assert_non_null(strstr(r, "90,0"));
	assert_non_null(strstr(r, "80,0 %<br><small>n = 30</small>"));
	assert_non_null(strstr(r, "▲ +10,0"));
	assert_null(strstr(r, "below-target"));
	/* Drill-down links for heads. */
	assert_non_null(strstr(r, "/bao-cao/thu-tuc?officer=cb001&amp;site=" A "&amp;month=2026-11"));
	assert_non_null(strstr(r, "/bao-cao/quay?officer=cb001"));
	/* Below the 90 % target; too small to rank. */
	assert_non_null(r = row_of(&rs, "report", "cb003"));
	assert_non_null(strstr(r, "below-target"));
	assert_non_null(r = row_of(&rs, "report", "cb004"));
	assert_non_null(strstr(r, "chưa đủ để xếp hạng"));
	/* Its bar drawn pale in a dashed outline, unlike a group of 40. */
	assert_non_null(strstr(r, "<svg class=\"ibar small-n\""));
	assert_non_null(strstr(r, "stroke-dasharray=\"3 2\""));
	assert_non_null(r = row_of(&rs, "report", "cb001"));
	assert_null(strstr(r, "small-n"));
	/* The hostile name, escaped. */
	assert_true(has(&rs, "&lt;script&gt;alert(1)&lt;/script&gt; Trần"));
	assert_false(has(&rs, "<script>alert"));
	/* The weekly trend, with n; downloads of this very table. */
	assert_true(has(&rs, "<svg class=\"chart trend\""));
	assert_true(has(&rs, "n=40") || has(&rs, "n="));
	assert_true(has(&rs, "/xuat-du-lieu/report.csv?dim=officers&amp;site=" A "&amp;month=2026-11"));
	assert_true(has(&rs, "/xuat-du-lieu/report.json?dim=officers"));
	http_response_free(&rs);

	/* Sorting by name puts An before Cúc; the default ranks by the lower bound (cb001 first). */
	get(f, &f->head_a, "/bao-cao/can-bo?month=2026-11&sort=name&dir=asc", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(strstr(rs.body.p, "data-code=\"cb001\"") < strstr(rs.body.p, "data-code=\"cb003\""));
	http_response_free(&rs);
	get(f, &f->head_a, "/bao-cao/can-bo?month=2026-11&sort=low&dir=asc", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(strstr(rs.body.p, "data-code=\"cb003\"") < strstr(rs.body.p, "data-code=\"cb001\""));
	http_response_free(&rs);

	/* The hostile name also where the overview and the procedures drill-down name officers. */
	get(f, &f->head_a, "/bao-cao/quay?officer=cb002", &rs);
	assert_int_equal(rs.status, 200);
	assert_false(has(&rs, "<script>alert"));
	http_response_free(&rs);
}

static void test_bad_parameters(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	get(f, &f->head_a, "/bao-cao/can-bo?quarter=2026-Q5", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>quarter</code>"));
	http_response_free(&rs);
	get(f, &f->head_a, "/xuat-du-lieu/report.csv?dim=officers&quarter=2026-Q5", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>quarter</code>"));
	http_response_free(&rs);

	static const char *const bad[][2] = {
		{ "/bao-cao/can-bo?sort=best", "sort" },       { "/bao-cao/can-bo?dir=up", "dir" },
		{ "/bao-cao/quay?q=citizen", "q" },            { "/bao-cao/can-bo?q=procedure", "q" },
		{ "/bao-cao/can-bo?officer=a%20b", "officer" }, { "/bao-cao/can-bo?site=Bad%20Site", "site" },
		{ "/bao-cao/can-bo?month=2026-13", "month" },   { "/bao-cao/can-bo?all=1", "all" },
		{ "/xuat-du-lieu/report.csv?dim=people", "dim" }, { "/xuat-du-lieu/report.csv?dim=officers&all=2", "all" },
		{ "/xuat-du-lieu/report.csv?dim=officers&all=1&month=2026-11", "all" },
		{ "/xuat-du-lieu/sipas.csv?year=26", "year" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[64];
		get(f, &f->admin, bad[i][0], &rs);
		snprintf(want, sizeof want, "<code>%s</code>", bad[i][1]);
		if (rs.status != 400 || !has(&rs, want))
			fail_msg("%s: status %d, want 400 naming %s", bad[i][0], rs.status, bad[i][1]);
		http_response_free(&rs);
	}
	expect_status(f, &f->admin, "/bao-cao/nguoi-dan", 404);
	/* An officer's figures need a site: officer codes are each site's own. */
	get(f, &f->admin, "/bao-cao/thu-tuc?officer=cb001", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>site</code>"));
	http_response_free(&rs);
}

/* More of cb001's November at site A, for the drill-downs: 12 at q02 on 1.000002 (11 satisfied),
 * 3 at q04 on 1.000001, 2 at q05 with no procedure known. */
static void more_of_cb001(struct fixture *f)
{
	rate(f, A, "q02", "cb001", "1.000002", 2026, 11, 12, 11);
	rate(f, A, "q04", "cb001", "1.000001", 2026, 11, 3, 3);
	rate(f, A, "q05", "cb001", "", 2026, 11, 2, 2);
}

static void test_officer_user(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	const char *r;

	more_of_cb001(f);
	/* Their own row only. */
	get(f, &f->officer_many, "/bao-cao/can-bo?month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(row_of(&rs, "drill-subject", "cb001"));
	assert_null(row_of(&rs, "drill-subject", "cb003"));
	assert_false(has(&rs, HOSTILE));
	assert_false(has(&rs, "/xuat-du-lieu/report.csv"));
	/* Tabs to their own breakdowns. */
	assert_true(has(&rs, "id=\"drill-tabs\""));
	assert_true(has(&rs, "/bao-cao/quay?officer=cb001&amp;site=" A "&amp;month=2026-11"));
	http_response_free(&rs);
	/* Their own drill-down, asked or not: their counters, never a colleague's. */
	static const char *const mine[] = { "/bao-cao/quay?officer=cb001&month=2026-11", "/bao-cao/quay?month=2026-11" };
	for (size_t i = 0; i < 2; i++) {
		get(f, &f->officer_many, mine[i], &rs);
		assert_int_equal(rs.status, 200);
		assert_false(has(&rs, "id=\"drill-missing\""));
		assert_non_null(row_of(&rs, "drill-subject", "cb001"));
		assert_non_null(r = row_of(&rs, "report", "q01"));
		assert_non_null(strstr(r, "<td class=\"num n\">40</td>"));
		assert_non_null(row_of(&rs, "report", "q02"));
		assert_null(row_of(&rs, "report", "q03")); /* cb003's and cb004's counter */
		assert_true(has(&rs, "data-officer=\"cb001\""));
		assert_false(has(&rs, "/xuat-du-lieu/report.csv"));
		http_response_free(&rs);
	}
	get(f, &f->officer_many, "/bao-cao/thu-tuc?month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(row_of(&rs, "report", "1.000002"));
	assert_null(row_of(&rs, "report", "cb003"));
	http_response_free(&rs);
	/* Another officer's: refused, however asked. */
	expect_status(f, &f->officer_few, "/bao-cao/thu-tuc?officer=cb001", 403);
	expect_status(f, &f->officer_few, "/bao-cao/quay?officer=cb001", 403);
	expect_status(f, &f->officer_few, "/bao-cao/can-bo?officer=cb001", 403);
	expect_status(f, &f->officer_few, "/bao-cao/quay?procedure=1.000001", 403);
	expect_status(f, &f->officer_few, "/bao-cao/don-vi", 403);
	expect_status(f, &f->officer_few, "/bao-cao/can-bo?site=" B, 403);
	expect_status(f, &f->officer_few, "/bao-cao/quay?site=" B, 403);
	expect_status(f, &f->officer_few, "/xuat-du-lieu/report.csv?dim=officers", 403);
	expect_status(f, &f->officer_few, "/xuat-du-lieu/report.csv?dim=counters&officer=cb002", 403);
	/* Their own, under 5: "< 5", in their row and in their drill-down. */
	get(f, &f->officer_few, "/bao-cao/can-bo?month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(r = row_of(&rs, "drill-subject", "cb002"));
	assert_non_null(strstr(r, "&lt; 5"));
	http_response_free(&rs);
	get(f, &f->officer_few, "/bao-cao/quay?month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(r = row_of(&rs, "report", "q02"));
	assert_non_null(strstr(r, "&lt; 5"));
	assert_null(strstr(r, "100,0"));
	assert_null(strstr(r, ">3<"));
	http_response_free(&rs);
}

static void test_drill_down(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	const char *r;

	more_of_cb001(f);
	/* An officer's procedures, from officer × procedure: 1.000001 43 (q01 40 + q04 3; 39 satisfied),
	 * 1.000002 12 (11), and the two with no procedure known: "< 5". */
	get(f, &f->head_a, "/bao-cao/thu-tuc?officer=cb001&site=" A "&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_false(has(&rs, "drill-missing"));
	assert_non_null(row_of(&rs, "drill-subject", "cb001"));
	assert_true(has(&rs, "id=\"report\" data-dim=\"procedures\" data-officer=\"cb001\""));
	assert_non_null(r = row_of(&rs, "report", "1.000001"));
	assert_non_null(strstr(r, "Đăng ký khai sinh"));
	assert_non_null(strstr(r, "90,7 %")); /* the officer question by default: 39 / 43 */
	assert_non_null(strstr(r, "<td class=\"num n\">43</td>"));
	/* October: cb001's 30 at q01 on 1.000001, 24 satisfied; the change. */
	assert_non_null(strstr(r, "80,0 %<br><small>n = 30</small>"));
	assert_non_null(strstr(r, "▲ +10,7"));
	assert_null(strstr(r, "below-target"));
	assert_non_null(r = row_of(&rs, "report", "1.000002"));
	assert_non_null(strstr(r, "91,7 %"));
	assert_non_null(strstr(r, "<td class=\"num n\">12</td>"));
	assert_non_null(strstr(r, "<td class=\"num prev\">—</td>"));
	/* The privacy rule on a pair row: this officer's 2 ratings with no procedure. */
	assert_non_null(r = row_of(&rs, "report", ""));
	assert_non_null(strstr(r, "&lt; 5"));
	assert_null(strstr(r, "100,0"));
	assert_null(strstr(r, ">2<"));
	/* No colleague's figures. */
	assert_null(strstr(rs.body.p, "cb003"));
	/* The target line, the subject's trend, the tabs to the other breakdowns, the rule said. */
	assert_true(has(&rs, "mục tiêu 90 %"));
	assert_true(has(&rs, "<svg class=\"chart trend\""));
	assert_true(has(&rs, "aria-current=\"page\" href=\"/bao-cao/thu-tuc?officer=cb001&amp;site=" A));
	assert_true(has(&rs, "href=\"/bao-cao/quay?officer=cb001&amp;site=" A "&amp;month=2026-11\" data-drill=\"counters\""));
	assert_true(has(&rs, "href=\"/bao-cao/can-bo?officer=cb001&amp;site=" A "&amp;month=2026-11\" data-drill=\"officers\""));
	assert_true(has(&rs, "Mỗi dòng ở đây là số liệu của riêng cán bộ này"));
	/* Downloads of the same drill-down (the command line's --officer). */
	assert_true(has(&rs, "/xuat-du-lieu/report.csv?dim=procedures&amp;site=" A "&amp;officer=cb001&amp;month=2026-11"));
	/* Both questions can be shown; the procedure one: every answer a 4. */
	http_response_free(&rs);
	get(f, &f->head_a, "/bao-cao/thu-tuc?officer=cb001&site=" A "&month=2026-11&q=procedure", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(r = row_of(&rs, "report", "1.000001"));
	assert_non_null(strstr(r, "100,0 %"));
	http_response_free(&rs);

	/* The officer's counters, from officer × counter: q01 40 (80 % in October), q02 12, and q04 and
	 * q05 under five. */
	get(f, &f->head_a, "/bao-cao/quay?officer=cb001&site=" A "&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(r = row_of(&rs, "report", "q01"));
	assert_non_null(strstr(r, "90,0 %"));
	assert_non_null(strstr(r, "<td class=\"num n\">40</td>"));
	assert_non_null(strstr(r, "▲ +10,0"));
	assert_non_null(r = row_of(&rs, "report", "q02"));
	assert_non_null(strstr(r, "<td class=\"num n\">12</td>"));
	assert_non_null(r = row_of(&rs, "report", "q04"));
	assert_non_null(strstr(r, "&lt; 5"));
	assert_non_null(r = row_of(&rs, "report", "q05"));
	assert_non_null(strstr(r, "&lt; 5"));
	assert_null(row_of(&rs, "report", "q03"));
	http_response_free(&rs);

	/* The officer's own row: every one of their 57 November ratings. */
	get(f, &f->head_a, "/bao-cao/can-bo?officer=cb001&site=" A "&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(r = row_of(&rs, "drill-subject", "cb001"));
	assert_non_null(strstr(r, "<td class=\"num n\">57</td>"));
	assert_true(has(&rs, "id=\"drill-tabs\""));
	assert_null(row_of(&rs, "report", "cb003"));
	http_response_free(&rs);

	/* A procedure's counters, from procedure × counter: q01 40, q03 30 (cb003: 50 %, below the
	 * target), q04 3 — a counter's figure, not one officer's: shown. */
	get(f, &f->head_a, "/bao-cao/thu-tuc?month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(r = row_of(&rs, "report", "1.000001"));
	assert_non_null(strstr(r, "/bao-cao/quay?procedure=1.000001"));
	http_response_free(&rs);
	get(f, &f->head_a, "/bao-cao/quay?procedure=1.000001&month=2026-11&q=officer", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "data-procedure=\"1.000001\""));
	assert_non_null(row_of(&rs, "drill-subject", "1.000001"));
	assert_non_null(r = row_of(&rs, "report", "q01"));
	assert_non_null(strstr(r, "<td class=\"num n\">40</td>"));
	assert_non_null(r = row_of(&rs, "report", "q03"));
	assert_non_null(strstr(r, "below-target"));
	assert_non_null(strstr(r, "50,0 %"));
	assert_non_null(strstr(r, "<td class=\"num n\">30</td>"));
	assert_non_null(r = row_of(&rs, "report", "q04"));
	assert_non_null(strstr(r, "<td class=\"num n\">3</td>"));
	assert_null(row_of(&rs, "report", "q02")); /* 1.000002's */
	assert_false(has(&rs, "data-site=\"" B "\""));
	assert_true(has(&rs, "data-drill=\"procedures\""));
	http_response_free(&rs);
	/* Over every site, for the province: site B's q01 too, apart from site A's. */
	get(f, &f->province, "/bao-cao/quay?procedure=1.000001&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "data-site=\"" B "\" data-code=\"q01\""));
	assert_true(has(&rs, "data-site=\"" A "\" data-code=\"q01\""));
	http_response_free(&rs);

	/* What the roll-ups do not keep is refused, naming the parameter; another site's officer is 403. */
	static const char *const bad[][2] = {
		{ "/bao-cao/can-bo?procedure=1.000001&site=" A, "procedure" },
		{ "/bao-cao/don-vi?procedure=1.000001", "procedure" },
		{ "/bao-cao/don-vi?officer=cb001&site=" A, "officer" },
		{ "/bao-cao/quay?officer=cb001&procedure=1.000001&site=" A, "procedure" },
		{ "/bao-cao/quay?officer=cb001", "site" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[64];
		get(f, &f->admin, bad[i][0], &rs);
		snprintf(want, sizeof want, "<code>%s</code>", bad[i][1]);
		if (rs.status != 400 || !has(&rs, want))
			fail_msg("%s: status %d, want 400 naming %s", bad[i][0], rs.status, bad[i][1]);
		http_response_free(&rs);
	}
	expect_status(f, &f->head_a, "/bao-cao/quay?officer=cb101&site=" B, 403);

	get(f, &f->admin, "/bao-cao/don-vi?month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(row_of(&rs, "report", ""));
	assert_true(has(&rs, "data-site=\"" B "\""));
	http_response_free(&rs);
}

/* ---- Xuất dữ liệu ------------------------------------------------------------------------------ */

/* The bytes report_write gives for the report (as `report DIM --site S --month M --format F`). */
static char *expected_report(struct fixture *f, int dim, const char *site, int fmt, size_t *len)
{
	struct report r = { .dim = dim, .site = site, .generated = f->now, .utc_offset = VN };
	struct report_buffers *bufs = NULL;
	char *data = NULL;
	FILE *out;

	assert_int_equal(period_parse("2026-11", &r.days), HL_OK);
	assert_int_equal(report_load(f->s, &r, false, &bufs), HL_OK);
	assert_non_null(out = open_memstream(&data, len));
	assert_int_equal(report_write(out, fmt, &r), HL_OK);
	assert_int_equal(fclose(out), 0);
	report_load_free(bufs);
	return data;
}

static void test_downloads(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	size_t len = 0;
	char *want;

	get(f, &f->head_a, "/xuat-du-lieu/report.csv?dim=officers&site=" A "&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	want = expected_report(f, ROLLUP_OFFICER, A, REPORT_CSV, &len);
	assert_int_equal(rs.body.len, len);
	assert_memory_equal(rs.body.p, want, len);
	free(want);
	assert_true(rs.download);
	assert_string_equal(rs.type, "text/csv; charset=utf-8");
	assert_string_equal(header(&rs, "Content-Disposition"), "attachment; filename=\"hailong-officers-" A "-2026-11.csv\"");
	http_response_free(&rs);

	get(f, &f->province, "/xuat-du-lieu/report.json?dim=procedures&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	want = expected_report(f, ROLLUP_PROCEDURE, NULL, REPORT_JSON, &len);
	assert_int_equal(rs.body.len, len);
	assert_memory_equal(rs.body.p, want, len);
	free(want);
	assert_string_equal(rs.type, "application/json");
	assert_string_equal(header(&rs, "Content-Disposition"), "attachment; filename=\"hailong-procedures-2026-11.json\"");
	http_response_free(&rs);

	/* The whole stored history: as the command line without a period. */
	get(f, &f->admin, "/xuat-du-lieu/report.csv?dim=sites&all=1", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, A));
	assert_true(has(&rs, B));
	assert_string_equal(header(&rs, "Content-Disposition"), "attachment; filename=\"hailong-sites-all.csv\"");
	http_response_free(&rs);

	/* SIPAS: sipas_write over the sites' year, with the configured weights. */
	snprintf(f->conf.sipas_weights, sizeof f->conf.sipas_weights, "cong_chuc=2");
	get(f, &f->province, "/xuat-du-lieu/sipas.csv?year=2026", &rs);
	assert_int_equal(rs.status, 200);
	{
		struct sipas_export x = { .year = 2026, .generated = f->now };
		char why[160];
		assert_int_equal(sipas_weights_parse("cong_chuc=2", x.weights, why, sizeof why), HL_OK);
		struct period_range span;
		struct rollup_list rows = { 0 };
		struct report_row *sites = NULL;
		struct index_group total;
		char *data = NULL;
		FILE *out;
		assert_int_equal(period_parse("2026", &span), HL_OK);
		assert_int_equal(store_query(f->s, ROLLUP_SITE, span, NULL, rollup_list_push, &rows), HL_OK);
		assert_int_equal(report_group(rows.v, rows.n, &sites, &x.nsites, &total), HL_OK);
		x.sites = sites;
		assert_non_null(out = open_memstream(&data, &len));
		assert_int_equal(sipas_write(out, REPORT_CSV, &x), HL_OK);
		assert_int_equal(fclose(out), 0);
		assert_int_equal(rs.body.len, len);
		assert_memory_equal(rs.body.p, data, len);
		free(data);
		free(sites);
		rollup_list_free(&rows);
	}
	assert_string_equal(header(&rs, "Content-Disposition"), "attachment; filename=\"hailong-sipas-2026.csv\"");
	http_response_free(&rs);
	web_conf_defaults(&f->conf);

	/* The form and the print view. */
	get(f, &f->head_a, "/xuat-du-lieu", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "formaction=\"/xuat-du-lieu/report.json\""));
	assert_true(has(&rs, "formaction=\"/xuat-du-lieu/in\""));
	assert_true(has(&rs, "id=\"sipas-form\""));
	/* The SIPAS mapping beside the form: which question feeds which element, and its weight. */
	assert_true(has(&rs, "<table class=\"sipas-map\">"));
	assert_true(has(&rs, "<tr><td>Công chức</td><td>Thái độ, hướng dẫn của công chức</td><td class=\"num\">1</td></tr>"));
	assert_true(has(&rs, "<tr><td>Tiếp cận dịch vụ</td><td>không có — chưa có dữ liệu</td>"));
	assert_true(has(&rs, "<tr><td>Kết quả dịch vụ</td><td>Kết quả giải quyết</td>"));
	http_response_free(&rs);
	get(f, &f->head_a, "/xuat-du-lieu/in?dim=officers&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "id=\"print-view\""));
	assert_non_null(row_of(&rs, "report", "cb001"));
	assert_true(has(&rs, "<svg class=\"chart trend\""));
	assert_false(has(&rs, "<script>alert"));
	http_response_free(&rs);
	/* Over all stored data the trend starts at the first week with ratings (Monday 28 September, the
	 * week of 1 October), not 26 weeks back; its weeks of under 30 answers are hollow points. */
	get(f, &f->head_a, "/xuat-du-lieu/in?dim=officers&all=1", &rs);
	assert_int_equal(rs.status, 200);
	const char *trend = strstr(rs.body.p, "<svg class=\"chart trend\"");
	assert_non_null(trend);
	const char *first = trend;
	while ((first = strchr(first + 1, '>')) && !(strlen(first) > 7 && first[3] == '/' && first[6] == '<'))
		;
	assert_non_null(first);
	assert_memory_equal(first, ">28/09<", 7);
	assert_non_null(strstr(trend, "class=\"small-n\""));
	assert_non_null(strstr(trend, "stroke-dasharray=\"2 3\""));
	assert_true(has(&rs, "Điểm rỗng, nét chấm: tuần dưới 30 câu trả lời"));
	/* A point's figure in Vietnamese: the decimal comma, never the point. */
	{
		const char *end = strstr(trend, "</svg>"), *t = trend;
		int titles = 0;
		assert_non_null(end);
		while ((t = strstr(t, "<title>")) && t < end) {
			const char *pc = strstr(t, " % · n=");
			assert_non_null(pc);
			assert_true(pc - t > 4 && pc[-2] == ',');
			titles++;
			t += 7;
		}
		assert_true(titles > 0);
	}
	http_response_free(&rs);
	/* The widest table: every site's counters, for the procedure question. */
	get(f, &f->province, "/xuat-du-lieu/in?dim=counters&q=procedure&quarter=2026-Q4", &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Thủ tục và kết quả giải quyết"));
	assert_non_null(row_of(&rs, "report", "q03"));
	http_response_free(&rs);
}

/* A drill-down's download is the command line's drill-down: `report procedures --site A --officer
 * cb001 --month 2026-11 --format csv`, byte for byte; a breakdown no roll-up keeps, or an officer
 * without a site, is a 400 naming the parameter. */
static void test_drill_downloads(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct report r = { .dim = ROLLUP_PROCEDURE, .site = A, .generated = f->now, .utc_offset = VN, .officer = "cb001" };
	struct report_buffers *bufs = NULL;
	char *want = NULL;
	size_t len = 0;
	FILE *out;

	assert_int_equal(period_parse("2026-11", &r.days), HL_OK);
	assert_int_equal(report_load(f->s, &r, false, &bufs), HL_OK);
	assert_non_null(out = open_memstream(&want, &len));
	assert_int_equal(report_write(out, REPORT_CSV, &r), HL_OK);
	assert_int_equal(fclose(out), 0);
	report_load_free(bufs);
	get(f, &f->head_a, "/xuat-du-lieu/report.csv?dim=procedures&site=" A "&officer=cb001&month=2026-11", &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rs.body.len, len);
	assert_memory_equal(rs.body.p, want, len);
	assert_string_equal(header(&rs, "Content-Disposition"),
			    "attachment; filename=\"hailong-procedures-" A "-cb001-2026-11.csv\"");
	free(want);
	http_response_free(&rs);
	/* Not the whole table: another officer's procedure rows are not in it. */
	get(f, &f->head_a, "/xuat-du-lieu/report.csv?dim=officers&site=" A "&officer=cb001&month=2026-11", &rs);
	assert_int_equal(rs.status, 400);
	http_response_free(&rs);
	get(f, &f->province, "/xuat-du-lieu/report.csv?dim=procedures&officer=cb001&month=2026-11", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>site</code>"));
	http_response_free(&rs);
}

/* With the server's answer cache on: the same question answers the same table from the cache (a
 * rating stored in between shows only after cache_seconds), and a question of another role's view —
 * an officer, another head's sites, the other language — is never answered from someone else's. */
static void test_cached_tables(void **state)
{
	struct fixture *f = *state;
	struct http_response a, b, o, e;
	struct cache *cache;
	const char *path = "/bao-cao/can-bo?month=2026-11&site=" A;

	assert_int_equal(cache_new(&cache), HL_OK);
	cache_set_global(cache);
	get(f, &f->head_a, path, &a);
	assert_int_equal(a.status, 200);
	rate(f, A, "q09", "cb004", "1.000002", 2026, 11, 25, 5); /* cb004 now ranked, far below target */
	get(f, &f->head_a, path, &b);
	assert_int_equal(b.status, 200);
	assert_null(strstr(row_of(&b, "report", "cb004"), ">35<"));
	/* Cached: the table is what it was (the shell may differ: its time). */
	const char *ta = strstr(a.body.p, "<h1>"), *tb = strstr(b.body.p, "<h1>");
	const char *ea = strstr(a.body.p, "</main>"), *eb = strstr(b.body.p, "</main>");
	assert_non_null(ta);
	assert_non_null(tb);
	assert_int_equal(ea - ta, eb - tb);
	assert_memory_equal(ta, tb, (size_t)(ea - ta));
	/* The officer asks the same path: their own view, not the head's table. */
	get(f, &f->officer_many, path, &o);
	assert_int_equal(o.status, 200);
	assert_null(row_of(&o, "report", "cb003"));
	assert_false(has(&o, HOSTILE));
	/* English: its own table. */
	char ck[256];
	snprintf(ck, sizeof ck, "%s; hl_lang=en", f->head_a.cookie);
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = path, .cookie = ck }, &e);
	assert_int_equal(e.status, 200);
	assert_true(has(&e, "Satisfaction"));
	http_response_free(&a);
	http_response_free(&b);
	http_response_free(&o);
	http_response_free(&e);
	/* Off (cache_seconds 0): the new ratings show at once. */
	f->conf.cache_seconds = 0;
	get(f, &f->head_a, path, &b);
	const char *r4 = row_of(&b, "report", "cb004");
	assert_non_null(r4);
	assert_non_null(strstr(r4, ">35<"));
	http_response_free(&b);
	cache_set_global(NULL);
	cache_free(cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_overview_months, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overview_without_flags, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_head_other_site, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_officers_table, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_bad_parameters, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_officer_user, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_drill_down, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_downloads, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_cached_tables, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_drill_downloads, setup, web_fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
