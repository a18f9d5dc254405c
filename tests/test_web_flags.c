/* SPDX-License-Identifier: MIT
 * test_web_flags.c — Cảnh báo and Thiết bị through web_dispatch over a real store, as each role
 * would use them: a head sees only their sites' flags, each with its evidence in words (counts, the
 * window; never a rating's id or time) and the day it opened; the province reads without forms and
 * is refused a change; a head or an admin acknowledges and resolves with a note, recorded with their
 * name and in the audit, and comes back to the list with a message; a resolve without a note names
 * the parameter, a second one is a conflict, a bad id is not found, another site's flag forbidden;
 * partial=1 answers the table alone (for the live script); hostile text is escaped; /su-kien asks
 * the server for the flags stream of an allowed site; the terminals page lists the offline ones
 * first with what they hold, a head's sites only, and the last rating by day for a head. Each flag's
 * summary is told in the page's language from its kind and evidence (flag_view.c), with the
 * roster's names and the reasons' labels, never the engine's English line — except for a kind the
 * console cannot tell, which keeps that line; the cells carry data-label for narrow screens. */
#include "cache.h"
#include "conf.h"
#include "credential.h"
#include "events.h"
#include "flag_view.h"
#include "flags.h"
#include "hl.h"
#include "http.h"
#include "layout.h"
#include "route.h"
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

#define T0 1780000000
#define VN 25200
#define A "sct-bentre"
#define B "sct-travinh"

struct fixture {
	WEB_FIXTURE;
	struct who admin, head_a, head_b, province, officer;
	int64_t serious_a, burst_b, offline_a, hostile_a, legacy_a;
};

/* The clock moves on to at: everyone logs in again (sessions end after 30 idle minutes). */
static void later(struct fixture *f, int64_t at)
{
	f->now = at;
	web_fixture_login(&f->wf, "quantri", at, &f->admin);
	web_fixture_login(&f->wf, "lanhdao-a", at, &f->head_a);
	web_fixture_login(&f->wf, "lanhdao-b", at, &f->head_b);
	web_fixture_login(&f->wf, "tinh", at, &f->province);
	web_fixture_login(&f->wf, "canbo", at, &f->officer);
}

static int64_t open_flag(struct fixture *f, int kind, int type, const char *site, const char *subject,
			 const char *summary, const char *evidence, int64_t at)
{
	return web_fixture_flag(f->s, kind, type, site, subject, evidence, at, "%s", summary);
}

static int setup(void **state)
{
	struct fixture *f = web_fixture_new(sizeof *f, NULL, VN);

	if (!f)
		return -1;
	f->no_broker = true; /* these pages publish nothing */
	/* The accounts as of T0, logged in ten minutes later. */
	web_fixture_user(&f->wf, "quantri", ROLE_ADMIN, NULL, NULL, T0, NULL);
	web_fixture_user(&f->wf, "lanhdao-a", ROLE_HEAD, A, NULL, T0, NULL);
	web_fixture_user(&f->wf, "lanhdao-b", ROLE_HEAD, B, NULL, T0, NULL);
	web_fixture_user(&f->wf, "tinh", ROLE_PROVINCE, NULL, NULL, T0, NULL);
	web_fixture_user(&f->wf, "canbo", ROLE_OFFICER, A, "cb0123", T0, NULL);
	later(f, T0 + 600);

	f->serious_a =
		open_flag(f, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, A, "cb0123",
			  "serious complaint about officer cb0123 at counter q05: NHUNG_NHIEU",
			  "{\"rule\":\"serious\",\"counter\":\"q05\",\"officer\":\"cb0123\",\"procedure\":\"1.001234\","
			  "\"reasons\":[\"NHUNG_NHIEU\",\"CHO_LAU\"],"
			  "\"rating_ids\":[\"6f1c2a9e-0d7b-4c1e-9a51-3b2f7e8d4c10\"]}",
			  T0);
	f->burst_b = open_flag(
		f, FLAG_BURST, FLAG_SUBJ_COUNTER, B, "q02", "4 of 5 ratings dissatisfied within 15 min at counter q02",
		"{\"rule\":\"burst\",\"window_s\":900,\"ratings\":5,\"dissatisfied\":4,\"min_ratings\":4,"
		"\"share_pct\":50,\"rating_ids\":[\"a\",\"b\",\"c\",\"d\"],\"rating_ids_not_listed\":3}",
		T0 + 10);
	f->offline_a = open_flag(
		f, FLAG_OFFLINE, FLAG_SUBJ_TERMINAL, A, "q07", "terminal q07 offline for 2 h",
		"{\"rule\":\"offline\",\"since\":1779990000,\"away_s\":7200,\"limit_s\":1800,\"spooled\":3}", T0 + 20);
	f->hostile_a =
		open_flag(f, FLAG_TREND, FLAG_SUBJ_OFFICER, A, "<script>alert(1)</script>",
			  "officer <script>alert(1)</script>: 12 of 40 answers dissatisfied over 30 days",
			  "{\"rule\":\"trend\",\"days\":30,"
			  "\"officer\":{\"answers\":40,\"dissatisfied\":12,\"pct\":30,\"lo_pct\":18,\"hi_pct\":45},"
			  "\"site\":{\"answers\":900,\"dissatisfied\":90,\"pct\":10,\"lo_pct\":8.3,\"hi_pct\":12}}",
			  T0 + 30);
	/* An old "integrity" flag whose rule the console does not know: its stored line is all there is. */
	f->legacy_a = open_flag(f, FLAG_INTEGRITY, FLAG_SUBJ_TERMINAL, A, "q08", "officer <b onmouseover=x>bold</b> & co",
				"{\"rule\":\"mystery\",\"ratings\":2}", T0 + 40);
	*state = f;
	return 0;
}

/* One request as w: method, path (with its query), a urlencoded form without the CSRF field (added
 * here), or NULL. */
static void run(struct fixture *f, const struct who *w, int method, const char *path, const char *form,
		struct http_response *rs)
{
	web_fixture_run(&f->wf,
			&(struct web_fixture_req){ .method = method,
						   .path = path,
						   .who = w,
						   .form = form,
						   .csrf = true },
			rs);
}

static bool has_row(const struct http_response *rs, int64_t id)
{
	char t[48];
	snprintf(t, sizeof t, "data-flag-id=\"%lld\"", (long long)id);
	return has(rs, t);
}

struct got {
	int state;
	char ack_by[80], ack_note[200], resolved_by[80], resolve_note[200];
};

static int got_fn(void *ud, const struct store_flag *fl)
{
	struct got *g = ud;
	g->state = fl->state;
	snprintf(g->ack_by, sizeof g->ack_by, "%s", fl->ack_by ? fl->ack_by : "");
	snprintf(g->ack_note, sizeof g->ack_note, "%s", fl->ack_note ? fl->ack_note : "");
	snprintf(g->resolved_by, sizeof g->resolved_by, "%s", fl->resolved_by ? fl->resolved_by : "");
	snprintf(g->resolve_note, sizeof g->resolve_note, "%s", fl->resolve_note ? fl->resolve_note : "");
	return HL_OK;
}

static struct got get(struct fixture *f, int64_t id)
{
	struct got g = { .state = -1 };
	assert_int_equal(store_flags_get(f->s, id, got_fn, &g), HL_OK);
	return g;
}

struct audits {
	int n;
	char who[8][80], action[8][40], site[8][40], detail[8][300];
};

static int audit_fn(void *ud, const struct store_audit *a)
{
	struct audits *x = ud;
	if (x->n == 8)
		return HL_OK;
	snprintf(x->who[x->n], 80, "%s", a->who);
	snprintf(x->action[x->n], 40, "%s", a->action);
	snprintf(x->site[x->n], 40, "%s", a->site ? a->site : "");
	snprintf(x->detail[x->n], 300, "%s", a->detail ? a->detail : "");
	x->n++;
	return HL_OK;
}

static char *path_of(char *out, size_t cap, int64_t id, const char *step)
{
	snprintf(out, cap, "/canh-bao/%lld/%s", (long long)id, step);
	return out;
}

/* ---- the list ------------------------------------------------------------------------------------ */

static void head_sees_own_sites_flags_with_evidence_by_day(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char day[24], when[32];

	run(f, &f->head_a, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "<table id=\"flags\""));
	assert_true(has_row(&rs, f->serious_a));
	assert_true(has_row(&rs, f->offline_a));
	assert_false(has_row(&rs, f->burst_b)); /* the other site's flag: not there */
	assert_false(has(&rs, B));
	/* The live part names the stream; the script comes from /static, never inline. */
	assert_true(has(&rs, "id=\"live\""));
	assert_true(has(&rs, "data-stream=\"/su-kien\""));
	assert_true(has(&rs, "<script src=\"/static/console.js\""));
	assert_false(has(&rs, "<script>"));
	/* Evidence in words: the reasons' labels, the count of ratings — never a rating's id. */
	assert_true(has(&rs, "Số đánh giá liên quan: 1"));
	assert_true(has(&rs, "Lý do: "));
	assert_false(has(&rs, "6f1c2a9e-0d7b"));
	assert_false(has(&rs, "NHUNG_NHIEU\""));
	assert_true(has(&rs, "Mất kết nối trong: 2 giờ"));
	assert_true(has(&rs, "Ngưỡng: 30 phút"));
	/* The trend's groups, with their intervals. */
	assert_true(has(&rs, "12/40 không hài lòng (30,0 %, khoảng tin cậy 95 %: 18,0–45,0 %)"));
	/* By day, never by the minute. */
	layout_day(&f->c, period_day_of(T0, VN), day, sizeof day);
	layout_time(&f->c, T0, when, sizeof when);
	assert_true(has(&rs, day));
	assert_false(has(&rs, when));
	/* A head may act: the forms are there, with the CSRF field. */
	assert_true(has(&rs, "class=\"flag-ack\""));
	assert_true(has(&rs, "name=\"csrf\""));
	http_response_free(&rs);

	/* Asking for another site's flags is forbidden; a malformed one is named. */
	run(f, &f->head_a, HTTP_GET, "/canh-bao?site=" B, NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	run(f, &f->head_a, HTTP_GET, "/canh-bao?site=Bad%20Site", NULL, &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>site</code>"));
	http_response_free(&rs);
}

static void filters_narrow_the_list(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	run(f, &f->admin, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_true(has_row(&rs, f->serious_a) && has_row(&rs, f->burst_b) && has_row(&rs, f->offline_a));
	http_response_free(&rs);

	run(f, &f->admin, HTTP_GET, "/canh-bao?kind=burst", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has_row(&rs, f->burst_b));
	assert_false(has_row(&rs, f->serious_a));
	http_response_free(&rs);

	run(f, &f->admin, HTTP_GET, "/canh-bao?officer=cb0123", NULL, &rs);
	assert_true(has_row(&rs, f->serious_a));
	assert_false(has_row(&rs, f->offline_a));
	assert_false(has_row(&rs, f->burst_b));
	http_response_free(&rs);

	run(f, &f->admin, HTTP_GET, "/canh-bao?site=" B, NULL, &rs);
	assert_true(has_row(&rs, f->burst_b));
	assert_false(has_row(&rs, f->serious_a));
	assert_true(has(&rs, "data-stream=\"/su-kien?site=" B "\""));
	http_response_free(&rs);

	run(f, &f->admin, HTTP_GET, "/canh-bao?state=resolved", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_false(has(&rs, "data-flag-id="));
	assert_true(has(&rs, "Không có cảnh báo nào"));
	http_response_free(&rs);

	run(f, &f->admin, HTTP_GET, "/canh-bao?kind=nonsense", NULL, &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>kind</code>"));
	http_response_free(&rs);
	run(f, &f->admin, HTTP_GET, "/canh-bao?state=closed", NULL, &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>state</code>"));
	http_response_free(&rs);
}

static void province_reads_without_forms_and_may_not_act(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char p[64];

	run(f, &f->province, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has_row(&rs, f->serious_a) && has_row(&rs, f->burst_b));
	assert_false(has(&rs, "method=\"post\" class=\"flag"));
	assert_false(has(&rs, "/ack\""));
	http_response_free(&rs);

	run(f, &f->province, HTTP_POST, path_of(p, sizeof p, f->serious_a, "ack"), "note=x", &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	assert_int_equal(get(f, f->serious_a).state, FLAG_OPEN);

	/* An officer does not see the page at all. */
	run(f, &f->officer, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
}

/* ---- acting on a flag ---------------------------------------------------------------------------- */

static void head_acknowledges_and_resolves_with_a_note(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char p[64], loc[128];
	struct got g;
	struct audits au = { 0 };

	later(f, T0 + 86400 + 600);
	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->serious_a, "ack"),
	    "note=%C4%90%C3%A3+g%E1%BB%8Di+c%C3%A1n+b%E1%BB%99&state=all", &rs);
	assert_int_equal(rs.status, 303);
	snprintf(loc, sizeof loc, "/canh-bao?done=ack&id=%lld&state=all", (long long)f->serious_a);
	assert_string_equal(header(&rs, "Location"), loc);
	http_response_free(&rs);
	g = get(f, f->serious_a);
	assert_int_equal(g.state, FLAG_ACKNOWLEDGED);
	assert_string_equal(g.ack_by, "lanhdao-a");
	assert_string_equal(g.ack_note, "Đã gọi cán bộ");

	assert_int_equal(store_audit_list(f->s, NULL, 0, 0, audit_fn, &au), HL_OK);
	assert_int_equal(au.n, 1);
	assert_string_equal(au.who[0], "lanhdao-a");
	assert_string_equal(au.action[0], "flag.ack");
	assert_string_equal(au.site[0], A);
	snprintf(loc, sizeof loc, "flag %lld: Đã gọi cán bộ", (long long)f->serious_a);
	assert_string_equal(au.detail[0], loc);

	/* Back on the list: the message, who acknowledged and on which day. */
	snprintf(loc, sizeof loc, "/canh-bao?done=ack&id=%lld&state=all", (long long)f->serious_a);
	run(f, &f->head_a, HTTP_GET, loc, NULL, &rs);
	assert_int_equal(rs.status, 200);
	snprintf(loc, sizeof loc, "Đã xác nhận cảnh báo số %lld.", (long long)f->serious_a);
	assert_true(has(&rs, loc));
	assert_true(has(&rs, "lanhdao-a"));
	assert_true(has(&rs, "Đã gọi cán bộ"));
	http_response_free(&rs);

	/* Acknowledging again: a conflict that says why. */
	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->serious_a, "ack"), "note=again", &rs);
	assert_int_equal(rs.status, 409);
	assert_true(has(&rs, "đã được xác nhận bởi lanhdao-a"));
	http_response_free(&rs);

	/* Resolving needs a note, and says which parameter is missing. */
	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->serious_a, "resolve"), "note=+++", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>note</code>"));
	http_response_free(&rs);
	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->serious_a, "resolve"), NULL, &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>note</code>"));
	http_response_free(&rs);
	assert_int_equal(get(f, f->serious_a).state, FLAG_ACKNOWLEDGED);

	/* An admin resolves it; a second resolve is a conflict. */
	run(f, &f->admin, HTTP_POST, path_of(p, sizeof p, f->serious_a, "resolve"), "note=Da+nhac+nho%0Atruc+tiep",
	    &rs);
	assert_int_equal(rs.status, 303);
	http_response_free(&rs);
	g = get(f, f->serious_a);
	assert_int_equal(g.state, FLAG_RESOLVED);
	assert_string_equal(g.resolved_by, "quantri");
	assert_string_equal(g.resolve_note, "Da nhac nho\ntruc tiep");
	memset(&au, 0, sizeof au);
	assert_int_equal(store_audit_list(f->s, A, 0, 0, audit_fn, &au), HL_OK);
	assert_int_equal(au.n, 2);
	assert_string_equal(au.action[0], "flag.resolve"); /* newest first */
	assert_string_equal(au.who[0], "quantri");
	assert_non_null(strstr(au.detail[0], "Da nhac nho truc tiep")); /* one line in the audit */

	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->serious_a, "resolve"), "note=again", &rs);
	assert_int_equal(rs.status, 409);
	assert_true(has(&rs, "đã được xử lý xong bởi quantri"));
	http_response_free(&rs);

	/* Resolved flags leave the default list (unresolved) and show under state=resolved. */
	run(f, &f->head_a, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_false(has_row(&rs, f->serious_a));
	http_response_free(&rs);
	run(f, &f->head_a, HTTP_GET, "/canh-bao?state=resolved", NULL, &rs);
	assert_true(has_row(&rs, f->serious_a));
	assert_true(has(&rs, "quantri"));
	http_response_free(&rs);
}

static void bad_ids_and_other_sites(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char p[64];

	run(f, &f->head_a, HTTP_POST, "/canh-bao/abc/ack", "note=x", &rs);
	assert_true(rs.status == 404 || rs.status == 400);
	http_response_free(&rs);
	run(f, &f->head_a, HTTP_POST, "/canh-bao/99999/resolve", "note=x", &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);
	run(f, &f->head_a, HTTP_POST, "/canh-bao/-1/ack", "note=x", &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);

	/* Another site's flag: forbidden, and nothing changes. */
	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->burst_b, "ack"), "note=x", &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	assert_int_equal(get(f, f->burst_b).state, FLAG_OPEN);

	/* Without the CSRF field the router refuses it. */
	struct who nocsrf = f->head_b;
	nocsrf.csrf[0] = nocsrf.csrf[0] == '0' ? '1' : '0'; /* a token that differs, whatever it was */
	run(f, &nocsrf, HTTP_POST, path_of(p, sizeof p, f->burst_b, "ack"), "note=x", &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	assert_int_equal(get(f, f->burst_b).state, FLAG_OPEN);
}

static void partial_answers_the_table_alone(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	run(f, &f->head_a, HTTP_GET, "/canh-bao?partial=1", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(strncmp(rs.body.p, "<table id=\"flags\"", 17), 0);
	assert_true(rs.body.len > 8 && strcmp(rs.body.p + rs.body.len - 8, "</table>") == 0);
	assert_false(has(&rs, "<html"));
	assert_false(has(&rs, "id=\"live\""));
	assert_true(has_row(&rs, f->serious_a));
	assert_false(has_row(&rs, f->burst_b));
	http_response_free(&rs);
}

static void hostile_text_is_escaped(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char p[64];

	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->hostile_a, "ack"),
	    "note=%3Cimg+src%3Dx+onerror%3Dalert(2)%3E+%22q%22", &rs);
	assert_int_equal(rs.status, 303);
	http_response_free(&rs);
	run(f, &f->head_a, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has_row(&rs, f->hostile_a));
	assert_false(has(&rs, "<script>alert(1)"));
	assert_true(has(&rs, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_false(has(&rs, "<b onmouseover"));
	assert_true(has(&rs, "&lt;b onmouseover=x&gt;bold&lt;/b&gt; &amp; co"));
	assert_false(has(&rs, "<img src=x"));
	assert_true(has(&rs, "&lt;img src=x onerror=alert(2)&gt; &quot;q&quot;"));
	http_response_free(&rs);
}

static void english_page(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct who en = f->head_a;

	snprintf(en.cookie + strlen(en.cookie), sizeof en.cookie - strlen(en.cookie), "; hl_lang=en");
	run(f, &en, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Ratings concerned: 1"));
	assert_true(has(&rs, "Offline for: 2 h"));
	assert_true(has(&rs, "Acknowledge"));
	http_response_free(&rs);
}

/* ---- summaries in the page's language ------------------------------------------------------------ */

/* The roster: officer cb0123 is a_name at site A and someone else at site B (codes are per site). */
static void roster(struct fixture *f, const char *a_name)
{
	struct store_officer off[2];
	struct roster_entry proc;

	memset(off, 0, sizeof off);
	memset(&proc, 0, sizeof proc);
	snprintf(off[0].site, sizeof off[0].site, "%s", A);
	snprintf(off[0].e.code, sizeof off[0].e.code, "cb0123");
	snprintf(off[0].e.name, sizeof off[0].e.name, "%s", a_name);
	snprintf(off[1].site, sizeof off[1].site, "%s", B);
	snprintf(off[1].e.code, sizeof off[1].e.code, "cb0123");
	snprintf(off[1].e.name, sizeof off[1].e.name, "Trần Văn Bình");
	snprintf(proc.code, sizeof proc.code, "1.001234");
	snprintf(proc.name, sizeof proc.name, "Cấp giấy phép kinh doanh");
	assert_int_equal(store_roster_replace(f->s, off, 2, &proc, 1), HL_OK);
}

/* Flag id's summary as the page has it (escaped), into out. */
static const char *summary_of(const struct http_response *rs, int64_t id, char *out, size_t cap)
{
	char t[48];
	const char *row, *sum, *end;

	snprintf(t, sizeof t, "data-flag-id=\"%lld\"", (long long)id);
	row = strstr(rs->body.p, t);
	assert_non_null(row);
	sum = strstr(row, "<span class=\"summary\">");
	assert_non_null(sum);
	sum += strlen("<span class=\"summary\">");
	end = strstr(sum, "</span>");
	assert_non_null(end);
	snprintf(out, cap, "%.*s", (int)(end - sum), sum);
	return out;
}

static void vietnamese_summaries_with_roster_names(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char sum[512];
	const char *english[] = { "serious", "complaint", "officer", "counter", "NHUNG_NHIEU", "ratings", "terminal" };

	roster(f, "Nguyễn Thị Ấu");
	int64_t serious_b = open_flag(f, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, B, "cb0123",
				      "serious complaint about officer cb0123 at counter q01: THU_TIEN_KHONG_PHIEU",
				      "{\"rule\":\"serious\",\"counter\":\"q01\",\"officer\":\"cb0123\",\"procedure\":\"\","
				      "\"reasons\":[\"THU_TIEN_KHONG_PHIEU\",\"TRE_HEN\"],\"rating_ids\":[\"x\"]}",
				      T0 + 50);

	run(f, &f->admin, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	/* The officer by the roster's name at the flag's site, the serious reason by its label. */
	summary_of(&rs, f->serious_a, sum, sizeof sum);
	assert_string_equal(sum, "Phản ánh nghiêm trọng về cán bộ Nguyễn Thị Ấu (cb0123) tại quầy q05: "
				 "Sách nhiễu, gây phiền hà");
	for (size_t i = 0; i < sizeof english / sizeof english[0]; i++)
		assert_null(strstr(sum, english[i]));
	summary_of(&rs, serious_b, sum, sizeof sum);
	assert_string_equal(sum, "Phản ánh nghiêm trọng về cán bộ Trần Văn Bình (cb0123) tại quầy q01: "
				 "Thu tiền ngoài quy định, không biên lai");
	summary_of(&rs, f->burst_b, sum, sizeof sum);
	assert_string_equal(sum, "Quầy q02: 4/5 đánh giá không hài lòng trong 15 phút");
	summary_of(&rs, f->offline_a, sum, sizeof sum);
	assert_string_equal(sum, "Thiết bị quầy q07 mất kết nối hơn 30 phút");
	summary_of(&rs, f->hostile_a, sum, sizeof sum);
	assert_string_equal(sum, "Cán bộ &lt;script&gt;alert(1)&lt;/script&gt;: tỷ lệ không hài lòng 30 ngày qua "
				 "cao hơn rõ rệt so với toàn đơn vị (30,0 % so với 10,0 %)");
	/* The engine's English lines are nowhere on the page (but for the kind it cannot tell). */
	assert_false(has(&rs, "serious complaint"));
	assert_false(has(&rs, "ratings dissatisfied"));
	assert_false(has(&rs, "offline for"));
	/* The evidence with names too; every reason by its label. */
	assert_true(has(&rs, "Cán bộ: Nguyễn Thị Ấu (cb0123)"));
	assert_true(has(&rs, "Thủ tục: Cấp giấy phép kinh doanh (1.001234)"));
	assert_true(has(&rs, "Lý do: Sách nhiễu, gây phiền hà, Chờ lâu"));
	/* Each cell says its column, for the stacked cards of a narrow screen. */
	assert_true(has(&rs, "<td class=\"flag-what\" data-label=\"Cảnh báo\">"));
	assert_true(has(&rs, "<td class=\"flag-body\" data-label=\"Nội dung và bằng chứng\">"));
	assert_true(has(&rs, "<td class=\"flag-life\" data-label=\"Trạng thái\">"));
	http_response_free(&rs);
}

static void english_summaries(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct who en = f->admin;
	char sum[512];

	roster(f, "Nguyễn Thị Ấu");
	snprintf(en.cookie + strlen(en.cookie), sizeof en.cookie - strlen(en.cookie), "; hl_lang=en");
	run(f, &en, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	summary_of(&rs, f->serious_a, sum, sizeof sum);
	assert_string_equal(sum, "Serious complaint about officer Nguyễn Thị Ấu (cb0123) at counter q05: "
				 "Harassment, made things difficult");
	summary_of(&rs, f->burst_b, sum, sizeof sum);
	assert_string_equal(sum, "Counter q02: 4 of 5 ratings dissatisfied within 15 min");
	summary_of(&rs, f->offline_a, sum, sizeof sum);
	assert_string_equal(sum, "The terminal at counter q07 was offline for more than 30 min");
	assert_true(has(&rs, "Reasons: Harassment, made things difficult, Long wait"));
	assert_true(has(&rs, "data-label=\"What and the evidence\""));
	assert_false(has(&rs, "Phản ánh"));
	http_response_free(&rs);
}

static void hostile_roster_name_is_escaped(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char sum[512];

	roster(f, "<img src=x onerror=alert(3)> & \"Ấu\"");
	run(f, &f->head_a, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	summary_of(&rs, f->serious_a, sum, sizeof sum);
	assert_string_equal(sum, "Phản ánh nghiêm trọng về cán bộ &lt;img src=x onerror=alert(3)&gt; &amp; "
				 "&quot;Ấu&quot; (cb0123) tại quầy q05: Sách nhiễu, gây phiền hà");
	assert_false(has(&rs, "<img src=x"));
	assert_true(has(&rs, "Cán bộ: &lt;img src=x onerror=alert(3)&gt;"));
	http_response_free(&rs);
}

static void unknown_kind_keeps_the_stored_summary(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char sum[512];

	run(f, &f->head_a, HTTP_GET, "/canh-bao", NULL, &rs);
	assert_int_equal(rs.status, 200);
	summary_of(&rs, f->legacy_a, sum, sizeof sum);
	assert_string_equal(sum, "officer &lt;b onmouseover=x&gt;bold&lt;/b&gt; &amp; co");
	assert_true(has(&rs, "Số đánh giá: 2")); /* its evidence still shown */
	http_response_free(&rs);

	/* A kind newer than this console: the stored line, as plain text for the API too. */
	struct web_ctx c = { .lang = WEB_VI, .utc_offset = VN };
	struct store_flag fl = { .id = 9, .kind = 99, .subject_type = FLAG_SUBJ_COUNTER, .site = A, .subject = "q01",
				 .summary = "something new at counter q01", .evidence = "{\"rule\":\"new\"}" };
	assert_int_equal(flag_view_summary_text(&c, &fl, NULL, sum, sizeof sum), strlen("something new at counter q01"));
	assert_string_equal(sum, "something new at counter q01");
	struct buf b = { 0 };
	flag_view_summary(&c, &fl, NULL, &b);
	assert_string_equal(b.p, "something new at counter q01");
	buf_free(&b);
}

/* Every kind the rules open, as the evidence they write, in both languages. */
static void every_kind_in_words(void **state)
{
	(void)state;
	static const struct {
		int kind, type;
		const char *subject, *evidence, *vi, *en;
	} k[] = {
		{ FLAG_SERIOUS, FLAG_SUBJ_COUNTER, "q05",
		  "{\"rule\":\"serious\",\"counter\":\"q05\",\"officer\":\"\",\"reasons\":[\"CHO_LAU\",\"GIAY_TO_NGOAI_QD\"]}",
		  "Phản ánh nghiêm trọng tại quầy q05 (không rõ cán bộ): Yêu cầu giấy tờ ngoài quy định",
		  "Serious complaint at counter q05 (officer unknown): Papers asked beyond the rules" },
		{ FLAG_STUFFING, FLAG_SUBJ_TERMINAL, "q05",
		  "{\"rule\":\"stuffing\",\"window_s\":60,\"ratings\":12,\"max\":3,\"rating_ids\":[]}",
		  "Thiết bị quầy q05 gửi đánh giá nhanh hơn người có thể bấm (12 trong 60 giây)",
		  "The terminal at counter q05 sent ratings faster than people can give them (12 within 60 s)" },
		{ FLAG_CLOCK, FLAG_SUBJ_TERMINAL, "q05",
		  "{\"rule\":\"clock\",\"clock\":\"not_synchronised\",\"clock_skew_s\":-3}",
		  "Đồng hồ thiết bị quầy q05 chưa đồng bộ", "The clock of the terminal at counter q05 is not synchronised" },
		{ FLAG_CLOCK, FLAG_SUBJ_TERMINAL, "q05", "{\"rule\":\"clock\",\"clock\":\"too_old\",\"clock_skew_s\":-259200}",
		  "Thiết bị quầy q05 gửi đánh giá ghi ngày sớm hơn lúc nhận 3 ngày; đánh giá được tính vào ngày nhận",
		  "The terminal at counter q05 sent a rating dated 3 days before it arrived; it is counted on the day "
		  "received" },
		{ FLAG_OFFLINE, FLAG_SUBJ_TERMINAL, "q05",
		  "{\"rule\":\"offline\",\"since\":1779990000,\"away_s\":4000,\"limit_s\":3600,\"spooled\":0}",
		  "Thiết bị quầy q05 mất kết nối hơn 60 phút", "The terminal at counter q05 was offline for more than 60 min" },
		{ FLAG_OFFLINE, FLAG_SUBJ_TERMINAL, "q05", "{\"rule\":\"no_status\",\"away_s\":4000,\"limit_s\":1800}",
		  "Thiết bị quầy q05 đã gửi đánh giá nhưng không gửi trạng thái hơn 30 phút",
		  "The terminal at counter q05 has sent ratings but no status for more than 30 min" },
		{ FLAG_FAULT, FLAG_SUBJ_TERMINAL, "q05", "{\"rule\":\"fault\",\"fault\":\"spool\",\"state\":\"online\"}",
		  "Thiết bị quầy q05 không ghi được đánh giá (lỗi bộ nhớ)",
		  "The terminal at counter q05 could not record ratings (storage fault)" },
		{ FLAG_FAULT, FLAG_SUBJ_TERMINAL, "q05", "{\"rule\":\"fault\",\"fault\":\"camera\"}",
		  "Thiết bị quầy q05 báo lỗi: camera", "The terminal at counter q05 reports a fault: camera" },
		/* Before schema 7: the rule says which kind it was. */
		{ FLAG_INTEGRITY, FLAG_SUBJ_TERMINAL, "q05", "{\"rule\":\"clock\",\"clock\":\"not_synchronised\"}",
		  "Đồng hồ thiết bị quầy q05 chưa đồng bộ", "The clock of the terminal at counter q05 is not synchronised" },
		/* Evidence that cannot be read still gives the kind in words, never the English line. */
		{ FLAG_BURST, FLAG_SUBJ_COUNTER, "q05", "not json",
		  "Quầy q05: nhiều đánh giá không hài lòng trong thời gian ngắn",
		  "Counter q05: many dissatisfied ratings in a short time" },
	};
	char out[512];

	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
		struct store_flag fl = { .id = 1, .kind = k[i].kind, .subject_type = k[i].type, .site = A,
					 .subject = k[i].subject, .summary = "engine line", .evidence = k[i].evidence };
		struct web_ctx c = { .lang = WEB_VI, .utc_offset = VN };
		flag_view_summary_text(&c, &fl, NULL, out, sizeof out);
		assert_string_equal(out, k[i].vi);
		c.lang = WEB_EN;
		flag_view_summary_text(&c, &fl, NULL, out, sizeof out);
		assert_string_equal(out, k[i].en);
	}

	/* A buffer too small cuts before a character, never inside one. */
	struct web_ctx c = { .lang = WEB_VI, .utc_offset = VN };
	struct store_flag fl = { .kind = FLAG_CLOCK, .subject_type = FLAG_SUBJ_TERMINAL, .site = A, .subject = "q05",
				 .evidence = "{}" };
	size_t n = flag_view_summary_text(&c, &fl, NULL, out, 3); /* "Đồ": Đ is two bytes, ồ three */
	assert_int_equal(n, 2);
	assert_string_equal(out, "Đ");
}

/* ---- the stream ------------------------------------------------------------------------------------ */

static void su_kien_asks_for_the_flags_stream(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char dir[64], db[96], why[256];
	struct events *ev = NULL;
	struct store *tmp = NULL;

	/* Without a watcher the stream cannot run: said plainly. */
	events_set_global(NULL);
	run(f, &f->head_a, HTTP_GET, "/su-kien", NULL, &rs);
	assert_int_equal(rs.status, 503);
	assert_int_equal(rs.stream, WEB_STREAM_NONE);
	http_response_free(&rs);

	web_fixture_tmpdb("webflags", dir, sizeof dir, db, sizeof db);
	assert_int_equal(store_open(db, VN, &tmp, why, sizeof why), HL_OK);
	store_close(tmp);
	assert_int_equal(events_start(db, VN, &ev, why, sizeof why), HL_OK);
	events_set_global(ev);

	run(f, &f->head_a, HTTP_GET, "/su-kien?site=" A, NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rs.stream, WEB_STREAM_FLAGS);
	assert_string_equal(rs.stream_site, A);
	http_response_free(&rs);

	run(f, &f->province, HTTP_GET, "/su-kien", NULL, &rs);
	assert_int_equal(rs.stream, WEB_STREAM_FLAGS);
	assert_string_equal(rs.stream_site, "");
	http_response_free(&rs);

	run(f, &f->head_a, HTTP_GET, "/su-kien?site=" B, NULL, &rs);
	assert_int_equal(rs.status, 403);
	assert_int_equal(rs.stream, WEB_STREAM_NONE);
	http_response_free(&rs);

	run(f, &f->officer, HTTP_GET, "/su-kien", NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);

	/* An ack pokes the watcher: a cursor made before it hears of the change. */
	struct events_cursor cur;
	struct web_ctx c = { .user = NULL };
	char out[256], p[64];
	events_cursor_init(ev, &cur, &c, "");
	run(f, &f->head_a, HTTP_POST, path_of(p, sizeof p, f->offline_a, "ack"), "note=", &rs);
	assert_int_equal(rs.status, 303);
	http_response_free(&rs);
	size_t n = events_next(ev, &cur, 2000, out, sizeof out);
	assert_true(n > 0);
	assert_non_null(strstr(out, "event: change"));

	events_stop(ev);
	assert_null(events_global());
	web_fixture_rmdb(dir, db);
}

/* ---- Thiết bị --------------------------------------------------------------------------------------- */

static void status(struct fixture *f, const char *site, const char *counter, bool online, int64_t spooled,
		   const char *fault, int64_t at)
{
	web_fixture_status(&f->wf, site, counter, online, spooled, fault, at);
}

/* A rating of the officer only (5), given 2 s before it was received. */
static void rating_from(struct fixture *f, const char *site, const char *counter, int64_t received)
{
	web_fixture_rating(&f->wf, site, counter, "", "", 5, 0, received - 2, received);
}

static void terminals_offline_first_with_their_spool(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	const char *q01, *q02, *q09;
	char when[32];

	later(f, T0 + 3600);
	status(f, A, "q01", true, 0, "", T0);
	status(f, A, "q02", false, 7, "spool", T0 + 60);
	status(f, A, "q09", true, 0, "", T0 + 120);
	status(f, B, "q03", false, 2, "", T0 + 120);
	rating_from(f, A, "q01", T0 + 1800);

	run(f, &f->head_a, HTTP_GET, "/thiet-bi", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "<table id=\"terminals\""));
	q01 = strstr(rs.body.p, "data-counter=\"q01\"");
	q02 = strstr(rs.body.p, "data-counter=\"q02\"");
	q09 = strstr(rs.body.p, "data-counter=\"q09\"");
	assert_non_null(q01);
	assert_non_null(q02);
	assert_non_null(q09);
	assert_true(q02 < q01 && q01 < q09);            /* offline first, then by counter */
	assert_false(has(&rs, "data-counter=\"q03\"")); /* the other site's */
	assert_true(strstr(q02, "data-state=\"offline\"") < q01);
	assert_non_null(strstr(q02, "<strong class=\"warn\">7</strong>"));
	assert_non_null(strstr(q02, "spool"));
	assert_true(has(&rs, "2 trực tuyến"));
	assert_true(has(&rs, "1 mất kết nối"));
	assert_true(has(&rs, "1 có đánh giá chờ gửi"));
	/* A head sees the last rating by day ("hôm nay"), never its time. */
	layout_time(&f->c, T0 + 1800, when, sizeof when);
	assert_true(has(&rs, "(hôm nay)"));
	assert_false(has(&rs, when));
	http_response_free(&rs);

	/* The admin sees every site, and the time. */
	run(f, &f->admin, HTTP_GET, "/thiet-bi", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "data-counter=\"q03\""));
	assert_true(has(&rs, when));
	assert_true(has(&rs, "2 mất kết nối"));
	http_response_free(&rs);

	run(f, &f->admin, HTTP_GET, "/thiet-bi?site=" B, NULL, &rs);
	assert_true(has(&rs, "data-counter=\"q03\""));
	assert_false(has(&rs, "data-counter=\"q01\""));
	http_response_free(&rs);

	run(f, &f->head_a, HTTP_GET, "/thiet-bi?site=" B, NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	run(f, &f->province, HTTP_GET, "/thiet-bi", NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
}

/* With the answer cache on, two heads of the same site share the list's content, but each page's
 * forms carry that head's own CSRF token — never the other's, never the placeholder — and the
 * token works. */
static void cached_list_keeps_each_sessions_token(void **state)
{
	struct fixture *f = *state;
	struct http_response a, b;
	struct who other;
	struct cache *cache;

	web_fixture_user(&f->wf, "lanhdao-a2", ROLE_HEAD, A, NULL, f->now, &other);
	assert_int_equal(cache_new(&cache), HL_OK);
	cache_set_global(cache);
	run(f, &f->head_a, HTTP_GET, "/canh-bao", NULL, &a);
	run(f, &other, HTTP_GET, "/canh-bao", NULL, &b);
	assert_int_equal(a.status, 200);
	assert_int_equal(b.status, 200);
	assert_true(has(&a, f->head_a.csrf));
	assert_true(has(&b, other.csrf));
	assert_false(has(&b, f->head_a.csrf));
	assert_false(has(&a, "@csrf@"));
	assert_false(has(&b, "@csrf@"));
	/* The same for the table alone, as the page's script asks for it. */
	http_response_free(&a);
	http_response_free(&b);
	run(f, &f->head_a, HTTP_GET, "/canh-bao?partial=1", NULL, &a);
	run(f, &other, HTTP_GET, "/canh-bao?partial=1", NULL, &b);
	assert_true(has(&b, other.csrf));
	assert_false(has(&b, f->head_a.csrf));
	assert_false(has(&b, "@csrf@"));
	http_response_free(&a);
	http_response_free(&b);
	cache_set_global(NULL);
	cache_free(cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(head_sees_own_sites_flags_with_evidence_by_day, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(filters_narrow_the_list, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(province_reads_without_forms_and_may_not_act, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(head_acknowledges_and_resolves_with_a_note, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(bad_ids_and_other_sites, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(partial_answers_the_table_alone, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(hostile_text_is_escaped, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(english_page, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(vietnamese_summaries_with_roster_names, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(english_summaries, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(hostile_roster_name_is_escaped, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(unknown_kind_keeps_the_stored_summary, setup, web_fixture_teardown),
		cmocka_unit_test(every_kind_in_words),
		cmocka_unit_test_setup_teardown(su_kien_asks_for_the_flags_stream, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(terminals_offline_first_with_their_spool, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(cached_list_keeps_each_sessions_token, setup, web_fixture_teardown),
	};
	if (credential_init() != HL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
