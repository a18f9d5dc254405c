/* SPDX-License-Identifier: MIT
 * test_web_board.c — issue 12's console side, through web_dispatch over a real store: Tài khoản's
 * "Nhận thông báo" per role (a head chooses an address, alerts and a scheduled report; the province
 * an address and the SIPAS export; an officer and an admin are told they get nothing by e-mail and
 * have no form), saved with a notice and an audit row, a bad address or alerts without one answered
 * with the form again (the field, the reason, what was typed), a POST without its CSRF token, from
 * an officer, or naming another user refused; and the public board /cong-khai/SITE: off (the
 * default) or an unknown site is a 404 that says so, a head of another site cannot turn it on, a
 * head of the site or an admin can (audited), and then, without login and setting no cookie, it
 * shows this month's index of the site and of each counter by the roster's counter names (escaped,
 * no officer's name or code) with n, no figure under 5 answers ("chưa đủ 5 lượt đánh giá"), "ít
 * lượt" under 30, the month, the site's name, the time it was made and its reload; turned off it is
 * a 404 at once even while its content is in the cache. */
#include "cache.h"
#include "hl.h"
#include "http.h"
#include "period.h"
#include "roster.h"
#include "store.h"
#include "store_prefs.h"
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
#define A "sct-bentre"
#define B "sxd-bentre"
#define SCT "Sở Công Thương tỉnh Bến Tre"

struct fixture {
	WEB_FIXTURE;
	struct who admin, head, head_b, officer, province;
};

static int64_t at(int y, int m, int d, int h)
{
	return (int64_t)period_day_from_civil(y, m, d) * DAY - VN + (int64_t)h * 3600;
}

static int setup(void **state)
{
	struct fixture *f = web_fixture_new(sizeof *f, NULL, VN);

	if (!f)
		return -1;
	f->no_broker = true;
	f->now = at(2026, 12, 20, 10) + 5 * 60; /* 10:05 local */
	struct store_officer off[] = { { A, { "cb001", "Nguyễn Văn An" } }, { A, { "cb002", "Trần Thị Bích" } },
				       { B, { "cb101", "Lê Thị Bình" } } };
	struct store_officer counters[] = { { A, { "q01", "Quầy 1 — Tiếp nhận hồ sơ" } },
					    { A, { "q02", "Quầy 2 — Trả kết quả" } },
					    { A, { "q03", "Quầy 3 <Đất đai>" } },
					    { B, { "q01", "Quầy một của Sở Xây dựng" } } };
	struct roster_entry proc[] = { { "1.000001", "Đăng ký khai sinh" } };
	struct roster_entry sites[] = { { A, SCT } };
	struct store_roster_in in = { .officers = off, .nofficers = 3, .procedures = proc, .nprocedures = 1,
				      .counters = counters, .ncounters = 4, .counters_given = true,
				      .sites = sites, .nsites = 1, .sites_given = true };
	assert_int_equal(store_roster_put(f->s, &in), HL_OK);
	/* q01: 40 answers, 36 satisfied (90,0 %); q02: 12, all satisfied ("ít lượt"); q04 (not in the
	 * roster): 3 ("chưa đủ 5"); q03: none. Last month's do not count. */
	for (int i = 0; i < 40; i++) {
		int64_t given = at(2026, 12, 1 + i % 19, 9) + i * 60;
		web_fixture_rating(&f->wf, A, "q01", "cb001", "1.000001", i < 36 ? 5 : 2, 4, given, given + 30);
	}
	for (int i = 0; i < 12; i++) {
		int64_t given = at(2026, 12, 2 + i, 14);
		web_fixture_rating(&f->wf, A, "q02", "cb002", "1.000001", 4, 4, given, given + 30);
	}
	for (int i = 0; i < 3; i++) {
		int64_t given = at(2026, 12, 3 + i, 15);
		web_fixture_rating(&f->wf, A, "q04", "cb002", "1.000001", 5, 5, given, given + 30);
	}
	for (int i = 0; i < 20; i++) {
		int64_t given = at(2026, 11, 3 + i, 9);
		web_fixture_rating(&f->wf, A, "q03", "cb001", "1.000001", 1, 1, given, given + 30);
	}
	web_fixture_user(&f->wf, "quantri", ROLE_ADMIN, NULL, NULL, f->now, &f->admin);
	web_fixture_user(&f->wf, "lanhdao", ROLE_HEAD, A, NULL, f->now, &f->head);
	web_fixture_user(&f->wf, "lanhdao-b", ROLE_HEAD, B, NULL, f->now, &f->head_b);
	web_fixture_user(&f->wf, "canbo", ROLE_OFFICER, A, "cb001", f->now, &f->officer);
	web_fixture_user(&f->wf, "tinh", ROLE_PROVINCE, NULL, NULL, f->now, &f->province);
	*state = f;
	return 0;
}

static void expect(const struct http_response *rs, const char *text)
{
	if (!has(rs, text))
	{
		FILE *o = fopen("/tmp/test_web_board.html", "w");
		if (o) {
			fputs(rs->body.p, o);
			fclose(o);
		}
		fail_msg("'%s' not in the page (%d): see /tmp/test_web_board.html", text, rs->status);
	}
}

static void expect_not(const struct http_response *rs, const char *text)
{
	if (has(rs, text))
		fail_msg("'%s' in the page, it must not be:\n%s", text, rs->body.p);
}

static void get(struct fixture *f, const char *path, const struct who *w, struct http_response *rs)
{
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = path, .who = w }, rs);
}

static void post(struct fixture *f, const char *path, const struct who *w, const char *form, bool csrf,
		 struct http_response *rs)
{
	web_fixture_run(&f->wf,
			&(struct web_fixture_req){ .method = HTTP_POST, .path = path, .who = w, .form = form, .csrf = csrf },
			rs);
}

static struct store_pref pref_of(struct fixture *f, const char *name)
{
	struct store_user u;
	struct store_pref p;

	assert_int_equal(store_user_get(f->s, name, &u), HL_OK);
	assert_int_equal(store_pref_get(f->s, u.id, &p), HL_OK);
	return p;
}

static bool board_on(struct fixture *f, const char *site)
{
	bool on = true;

	assert_int_equal(store_board_get(f->s, site, &on), HL_OK);
	return on;
}

/* ---- Nhận thông báo --------------------------------------------------------------------------------- */

static void prefs_page_per_role(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char cookie[160];

	get(f, "/tai-khoan", &f->head, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "<a class=\"user\" aria-current=\"page\" href=\"/tai-khoan\"");
	expect(&rs, "<h2>Nhận thông báo</h2>");
	expect(&rs, "name=\"email\"");
	expect(&rs, "value=\"khong\" checked> <span>Không nhận");
	expect(&rs, "Chỉ phản ánh nghiêm trọng");
	expect(&rs, "Mọi cờ cảnh báo");
	expect(&rs, "Hằng ngày");
	expect(&rs, "Hằng tuần");
	expect(&rs, "Hằng tháng");
	expect(&rs, "07:00 sáng thứ Hai");
	expect(&rs, SCT);
	expect_not(&rs, "name=\"sipas\"");
	http_response_free(&rs);

	get(f, "/tai-khoan", &f->province, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "Bản xuất SIPAS hằng tháng");
	expect(&rs, "name=\"sipas\"");
	expect_not(&rs, "name=\"alerts\"");
	expect_not(&rs, "name=\"reports\"");
	http_response_free(&rs);

	get(f, "/tai-khoan", &f->officer, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "id=\"prefs-none\"");
	expect(&rs, "không nhận thư điện tử");
	expect(&rs, "<code>cb001</code>");
	expect_not(&rs, "action=\"/tai-khoan\"");
	http_response_free(&rs);

	get(f, "/tai-khoan", &f->admin, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "Tài khoản quản trị không nhận thư điện tử");
	expect_not(&rs, "action=\"/tai-khoan\"");
	http_response_free(&rs);

	/* Every page's header leads there, and the page speaks English when the console does. */
	get(f, "/", &f->officer, &rs);
	expect(&rs, "<a class=\"user\" href=\"/tai-khoan\"");
	http_response_free(&rs);
	snprintf(cookie, sizeof cookie, "%s; hl_lang=en", f->head.cookie);
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = "/tai-khoan", .cookie = cookie }, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "<h2>Notifications</h2>");
	expect(&rs, "Serious complaints only");
	expect(&rs, "sent at 07:00 on Monday");
	http_response_free(&rs);

	/* Without login: to the login page. */
	get(f, "/tai-khoan", NULL, &rs);
	assert_int_equal(rs.status, 303);
	http_response_free(&rs);
}

static void prefs_saved_with_audit(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_pref p;
	struct web_fixture_audit a;

	post(f, "/tai-khoan", &f->head, "email=+lanhdao%40sct.bentre.gov.vn+&alerts=nghiem-trong&reports=tuan", true, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header(&rs, "Location"), "/tai-khoan?done=1#prefs");
	http_response_free(&rs);
	p = pref_of(f, "lanhdao");
	assert_string_equal(p.email, "lanhdao@sct.bentre.gov.vn");
	assert_int_equal(p.alerts, PREF_ALERTS_SERIOUS);
	assert_int_equal(p.reports, PREF_REPORTS_WEEKLY);
	assert_false(p.sipas);
	assert_int_equal(p.changed, f->now);
	a = web_fixture_audit(&f->wf, "prefs.set");
	assert_string_equal(a.who, "lanhdao");
	assert_string_equal(a.site, A);
	assert_non_null(strstr(a.detail, "alerts serious, reports weekly"));

	get(f, "/tai-khoan?done=1", &f->head, &rs);
	expect(&rs, "id=\"prefs-saved\">Đã lưu lựa chọn nhận thông báo.");
	expect(&rs, "value=\"lanhdao@sct.bentre.gov.vn\"");
	expect(&rs, "value=\"nghiem-trong\" checked>");
	expect(&rs, "value=\"tuan\" checked>");
	http_response_free(&rs);

	/* The same again: nothing changed, no second audit row. */
	f->now += 60;
	post(f, "/tai-khoan", &f->head, "email=lanhdao%40sct.bentre.gov.vn&alerts=nghiem-trong&reports=tuan", true, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header(&rs, "Location"), "/tai-khoan?done=0#prefs");
	http_response_free(&rs);
	assert_int_equal(pref_of(f, "lanhdao").changed, f->now - 60);

	/* The province: the SIPAS export. */
	post(f, "/tai-khoan", &f->province, "email=tinh%40bentre.gov.vn&sipas=1", true, &rs);
	assert_int_equal(rs.status, 303);
	http_response_free(&rs);
	p = pref_of(f, "tinh");
	assert_string_equal(p.email, "tinh@bentre.gov.vn");
	assert_true(p.sipas);
	assert_int_equal(p.alerts, PREF_ALERTS_NONE);
	a = web_fixture_audit(&f->wf, "prefs.set");
	assert_string_equal(a.who, "tinh");
	assert_non_null(strstr(a.detail, "sipas yes"));
	/* Unticked: the export off. */
	post(f, "/tai-khoan", &f->province, "email=tinh%40bentre.gov.vn", true, &rs);
	assert_int_equal(rs.status, 303);
	http_response_free(&rs);
	assert_false(pref_of(f, "tinh").sipas);
}

static void prefs_bad_values(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	/* A header smuggled in after the address. */
	post(f, "/tai-khoan", &f->head, "email=a%40b.vn%0D%0ABcc%3A+x%40evil.vn&alerts=tat-ca&reports=khong", true, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "id=\"prefs-error\"");
	expect(&rs, "Trường <code>email</code>: không phải địa chỉ e-mail");
	expect(&rs, "value=\"tat-ca\" checked>"); /* what was chosen stays chosen */
	http_response_free(&rs);
	/* What was typed comes back in the field. */
	post(f, "/tai-khoan", &f->head, "email=lanh+dao%40sct&alerts=tat-ca&reports=thang", true, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "value=\"lanh dao@sct\"");
	expect(&rs, "value=\"thang\" checked>");
	http_response_free(&rs);
	/* Alerts without an address. */
	post(f, "/tai-khoan", &f->head, "email=&alerts=nghiem-trong&reports=khong", true, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "cần địa chỉ e-mail để nhận cảnh báo");
	http_response_free(&rs);
	/* A value no radio has. */
	post(f, "/tai-khoan", &f->head, "email=a%40b.vn&alerts=moi-luc&reports=khong", true, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "Trường <code>alerts</code>");
	http_response_free(&rs);
	/* A choice of another role: the SIPAS export for a head, alerts for the province. */
	post(f, "/tai-khoan", &f->head, "email=a%40b.vn&alerts=khong&reports=khong&sipas=1", true, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "Trường <code>sipas</code>");
	http_response_free(&rs);
	post(f, "/tai-khoan", &f->province, "email=a%40b.vn&alerts=tat-ca", true, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "chỉ gửi cho lãnh đạo đơn vị");
	http_response_free(&rs);
	/* None of it was stored. */
	assert_int_equal(pref_of(f, "lanhdao").changed, 0);
	assert_int_equal(pref_of(f, "tinh").changed, 0);
}

static void prefs_refused(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	/* No CSRF token. */
	post(f, "/tai-khoan", &f->head, "email=a%40b.vn&alerts=tat-ca&reports=khong", false, &rs);
	assert_int_equal(rs.status, 403);
	expect(&rs, "<code>csrf</code>");
	http_response_free(&rs);
	/* An officer: no choices to set, nor anyone else's. */
	post(f, "/tai-khoan", &f->officer, "email=a%40b.vn&alerts=tat-ca&reports=khong&user=lanhdao", true, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	post(f, "/tai-khoan", &f->admin, "email=a%40b.vn&alerts=tat-ca", true, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	/* A head naming another user. */
	post(f, "/tai-khoan", &f->head_b, "email=a%40b.vn&alerts=tat-ca&reports=khong&user=lanhdao", true, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	assert_int_equal(pref_of(f, "lanhdao").changed, 0);
	assert_int_equal(pref_of(f, "lanhdao-b").changed, 0);
	assert_int_equal(pref_of(f, "canbo").changed, 0);
}

/* ---- Bảng công khai ---------------------------------------------------------------------------------- */

static void board_off_is_404(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	get(f, "/cong-khai/" A, NULL, &rs);
	assert_int_equal(rs.status, 404);
	expect(&rs, "Bảng công khai của đơn vị này chưa được bật");
	expect_not(&rs, "Quầy 1");
	assert_null(header(&rs, "Set-Cookie"));
	http_response_free(&rs);
	/* Also logged in: off is off. */
	get(f, "/cong-khai/" A, &f->head, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);
	/* An unknown site and a malformed code answer the same. */
	get(f, "/cong-khai/khong-co", NULL, &rs);
	assert_int_equal(rs.status, 404);
	expect(&rs, "chưa được bật");
	http_response_free(&rs);
	get(f, "/cong-khai/A%20B", NULL, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);
	/* No list of the boards. */
	get(f, "/cong-khai", NULL, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);
}

static void board_switch_refused(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	/* A head of another site. */
	post(f, "/danh-muc/bang-cong-khai", &f->head_b, "site=" A "&on=1", true, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	assert_false(board_on(f, A));
	/* An officer, the province (roles), and no CSRF token. */
	post(f, "/danh-muc/bang-cong-khai", &f->officer, "site=" A "&on=1", true, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	post(f, "/danh-muc/bang-cong-khai", &f->province, "site=" A "&on=1", true, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	post(f, "/danh-muc/bang-cong-khai", &f->head, "site=" A "&on=1", false, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	/* Bad values. */
	post(f, "/danh-muc/bang-cong-khai", &f->head, "site=" A "&on=yes", true, &rs);
	assert_int_equal(rs.status, 400);
	http_response_free(&rs);
	post(f, "/danh-muc/bang-cong-khai", &f->admin, "site=A+B&on=1", true, &rs);
	assert_int_equal(rs.status, 400);
	http_response_free(&rs);
	assert_false(board_on(f, A));
	/* Head B's roster page has B's card, not A's. */
	get(f, "/danh-muc", &f->head_b, &rs);
	expect(&rs, "id=\"board-switch\"");
	expect(&rs, "name=\"site\" value=\"" B "\"");
	expect_not(&rs, "value=\"" A "\"");
	http_response_free(&rs);
}

static void board_on_shows_counters(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct web_fixture_audit a;
	struct cache *cache = NULL;

	assert_int_equal(cache_new(&cache), HL_OK);
	cache_set_global(cache);

	get(f, "/danh-muc?site=" A, &f->head, &rs);
	expect(&rs, "id=\"board-state\">Đang tắt");
	expect(&rs, "Bật bảng công khai");
	http_response_free(&rs);
	post(f, "/danh-muc/bang-cong-khai", &f->head, "site=" A "&on=1", true, &rs);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header(&rs, "Location"), "/danh-muc?site=" A "&board=on#board-switch");
	http_response_free(&rs);
	assert_true(board_on(f, A));
	assert_false(board_on(f, B));
	a = web_fixture_audit(&f->wf, "board.on");
	assert_string_equal(a.who, "lanhdao");
	assert_string_equal(a.site, A);
	get(f, "/danh-muc?site=" A "&board=on", &f->head, &rs);
	expect(&rs, "id=\"board-done\">Đã bật bảng công khai.");
	expect(&rs, "id=\"board-link\" target=\"_blank\" rel=\"noopener\" href=\"http://127.0.0.1:8080/cong-khai/" A "\"");
	expect(&rs, "Tắt bảng công khai");
	http_response_free(&rs);

	get(f, "/cong-khai/" A, NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_null(header(&rs, "Set-Cookie"));
	expect(&rs, "<meta http-equiv=\"refresh\" content=\"60\">");
	expect(&rs, "<h1>" SCT "</h1>");
	expect(&rs, "id=\"board-month\">Tháng 12/2026</p>");
	expect(&rs, "id=\"board-updated\">Cập nhật lúc 10:05</span>");
	/* The site: 55 answers to the officer question, 51 satisfied (92,7 %); the procedure question
	 * all satisfied. */
	expect(&rs, "<div class=\"fig\" data-q=\"0\"><span class=\"q\">Thái độ, hướng dẫn của công chức</span>"
		    "<span class=\"pct\">92,7<small>\u00a0%</small></span><span class=\"n\">n = 55</span></div>");
	expect(&rs, "<span class=\"q\">Thủ tục và kết quả giải quyết</span><span class=\"pct\">100,0");
	/* q01: 90,0 % over 40, no mark. */
	expect(&rs, "<li class=\"counter\" data-code=\"q01\"><h3>Quầy 1 — Tiếp nhận hồ sơ</h3><div class=\"figs\">"
		    "<div class=\"fig\" data-q=\"0\"><span class=\"q\">Công chức</span><span class=\"pct\">90,0");
	expect(&rs, "<span class=\"n\">n = 40</span>");
	/* q02: 12 answers, marked. */
	expect(&rs, "<li class=\"counter\" data-code=\"q02\"><h3>Quầy 2 — Trả kết quả</h3><div class=\"figs\">"
		    "<div class=\"fig few\" data-q=\"0\"><span class=\"q\">Công chức</span><span class=\"pct\">100,0");
	expect(&rs, "n = 12 <span class=\"few-tag\">ít lượt</span>");
	/* q03: none this month (last month's 20 do not count), its name escaped; q04: 3, by its code. */
	expect(&rs, "<li class=\"counter\" data-code=\"q03\"><h3>Quầy 3 &lt;Đất đai&gt;</h3><div class=\"figs\">"
		    "<div class=\"fig none\" data-q=\"0\"><span class=\"q\">Công chức</span>"
		    "<span class=\"wait\">chưa đủ 5 lượt đánh giá</span><span class=\"n\">n &lt; 5</span></div>");
	expect(&rs, "<li class=\"counter\" data-code=\"q04\"><h3>Quầy q04</h3><div class=\"figs\"><div class=\"fig none\"");
	expect_not(&rs, "n = 3");
	/* Never an officer, nor another site's counter, nor the console's menu or forms. */
	expect_not(&rs, "Nguyễn Văn An");
	expect_not(&rs, "Trần Thị Bích");
	expect_not(&rs, "cb00");
	expect_not(&rs, "Sở Xây dựng");
	expect_not(&rs, "<form");
	expect_not(&rs, "/dang-xuat");
	expect_not(&rs, "<script");
	http_response_free(&rs);

	/* The same figures as Báo cáo theo quầy. */
	get(f, "/bao-cao/quay?site=" A, &f->head, &rs);
	expect(&rs, "90,0");
	http_response_free(&rs);

	/* English when the console is; the query cannot pick another month. */
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = "/cong-khai/" A "?month=2026-11",
							   .cookie = "hl_lang=en" }, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "id=\"board-month\">2026-12</p>");
	expect(&rs, "fewer than 5 answers");
	expect(&rs, "n = 12 <span class=\"few-tag\">few answers</span>");
	http_response_free(&rs);

	/* Cached now; turned off by an admin, it is a 404 at once. */
	post(f, "/danh-muc/bang-cong-khai", &f->admin, "site=" A "&on=0", true, &rs);
	assert_int_equal(rs.status, 303);
	http_response_free(&rs);
	assert_string_equal(web_fixture_audit(&f->wf, "").action, "board.off");
	get(f, "/cong-khai/" A, NULL, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);

	cache_set_global(NULL);
	cache_free(cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(prefs_page_per_role, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(prefs_saved_with_audit, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(prefs_bad_values, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(prefs_refused, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(board_off_is_404, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(board_switch_refused, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(board_on_shows_counters, setup, web_fixture_teardown),
	};
	return cmocka_run_group_tests_name("web_board", tests, NULL, NULL);
}
