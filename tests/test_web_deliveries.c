/* SPDX-License-Identifier: MIT
 * test_web_deliveries.c — Thư và webhook (/thu-webhook), through web_dispatch over a real store whose
 * queue is filled through store_delivery_add and moved on through store_delivery_sent / _failed /
 * _expire, as hailong-notify does: an admin sees every delivery (the topic in words, the user and
 * the address, a webhook by its name and host — never its URL's path or query, where a bridge's
 * secret sits —, the status and its count, the attempts, the times with the zone, the error in
 * words beside the server's), the province too; a head only their sites' (not another site's, not
 * the SIPAS export of site ""), and one of another site is a 404 to them; an officer gets 403; the
 * status filter narrows and a bad one is a 400 that names the parameter and the values; the list is
 * paged by 100; names are escaped; the detail lists every attempt; an admin makes a waiting one due
 * now (CSRF, audited; not a sent one; not a head); English when the console is. */
#include "hl.h"
#include "http.h"
#include "message.h"
#include "period.h"
#include "store.h"
#include "store_delivery.h"
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
#define SECRET "S3CR3T-of-the-bridge"
#define HOOK_URL "https://hooks.example.vn:8443/bot12345:" SECRET "/send?key=" SECRET

struct fixture {
	WEB_FIXTURE;
	struct who admin, head, head_b, officer, province;
	int64_t id[5]; /* 1 sent mail, 2 waiting hook, 3 expired report, 4 failed SIPAS, 5 waiting, <script> */
};

static int64_t at(int y, int m, int d, int h)
{
	return (int64_t)period_day_from_civil(y, m, d) * DAY - VN + (int64_t)h * 3600;
}

/* Queues one delivery at now and returns its id. */
static int64_t add(struct fixture *f, const char *topic, const char *recipient, int channel, const char *address,
		   const char *site, const char *subject, int64_t now, int hours)
{
	struct message m;
	char body[] = "{\"text\":\"body\"}";
	bool added = false;
	int64_t id = 0;

	memset(&m, 0, sizeof m);
	snprintf(m.topic, sizeof m.topic, "%s", topic);
	snprintf(m.recipient, sizeof m.recipient, "%s", recipient);
	m.channel = channel;
	snprintf(m.address, sizeof m.address, "%s", address);
	snprintf(m.site, sizeof m.site, "%s", site);
	snprintf(m.subject, sizeof m.subject, "%s", subject);
	m.body = body;
	m.due = now;
	m.expires = now + (int64_t)hours * 3600;
	assert_int_equal(store_delivery_add(f->s, &m, now, &added), HL_OK);
	assert_true(added);
	struct delivery *v = NULL;
	size_t n = 0;
	assert_int_equal(store_delivery_due(f->s, now, 1000, &v, &n), HL_OK);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].m.topic, topic) && !strcmp(v[i].m.recipient, recipient))
			id = v[i].id;
	store_delivery_free(v, n);
	assert_true(id > 0);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = web_fixture_new(sizeof *f, NULL, VN);
	int64_t t0 = at(2026, 12, 1, 7);

	if (!f)
		return -1;
	f->no_broker = true;
	f->now = at(2026, 12, 3, 10);
	web_fixture_user(&f->wf, "quantri", ROLE_ADMIN, NULL, NULL, t0, &f->admin);
	web_fixture_user(&f->wf, "lanhdao", ROLE_HEAD, A, NULL, t0, &f->head);
	web_fixture_user(&f->wf, "lanhdao-b", ROLE_HEAD, B, NULL, t0, &f->head_b);
	web_fixture_user(&f->wf, "canbo", ROLE_OFFICER, A, "cb001", t0, &f->officer);
	web_fixture_user(&f->wf, "tinh", ROLE_PROVINCE, NULL, NULL, t0, &f->province);
	/* Logged in now (a session of two days ago has ended). */
	web_fixture_login(&f->wf, "quantri", f->now, &f->admin);
	web_fixture_login(&f->wf, "lanhdao", f->now, &f->head);
	web_fixture_login(&f->wf, "lanhdao-b", f->now, &f->head_b);
	web_fixture_login(&f->wf, "canbo", f->now, &f->officer);
	web_fixture_login(&f->wf, "tinh", f->now, &f->province);

	f->id[0] = add(f, "flag:17", "user:lanhdao", MESSAGE_MAIL, "lanhdao@sct.bentre.gov.vn", A,
		       "[Hài Lòng] Cảnh báo: phản ánh nghiêm trọng", t0, 48);
	assert_int_equal(store_delivery_sent(f->s, f->id[0], t0 + 5, "smtp 250"), HL_OK);
	f->id[1] = add(f, "flag:17", "hook:zalo", MESSAGE_HOOK, HOOK_URL, A, "", t0, 48);
	assert_int_equal(store_delivery_failed(f->s, f->id[1], t0 + 6, t0 + 600, false, "http: the receiver answered 500"),
			 HL_OK);
	f->id[2] = add(f, "report:weekly:2026-W48:" B, "user:lanhdao-b", MESSAGE_MAIL, "ld@sxd.bentre.gov.vn", B,
		       "[Hài Lòng] Báo cáo tuần 48/2026", t0 + 60, 1);
	assert_int_equal(store_delivery_failed(f->s, f->id[2], t0 + 70, t0 + 700, false,
					       "smtp: Failed to connect to 127.0.0.1 port 2525: Couldn't connect to server"),
			 HL_OK);
	assert_int_equal(store_delivery_expire(f->s, t0 + 60 + 3600, NULL), HL_OK);
	f->id[3] = add(f, "sipas:2026-11", "user:tinh", MESSAGE_MAIL, "tinh@bentre.gov.vn", "", "[Hài Lòng] SIPAS 11/2026",
		       t0 + 120, 48);
	assert_int_equal(store_delivery_failed(f->s, f->id[3], t0 + 130, 0, true, "smtp: Login denied; server said: 535 5.7.8"),
			 HL_OK);
	f->id[4] = add(f, "flag:18", "user:lanhdao", MESSAGE_MAIL, "lanhdao@sct.bentre.gov.vn", A,
		       "Cảnh báo <script>alert(1)</script>", t0 + 3 * DAY, 48);
	*state = f;
	return 0;
}

static void expect(const struct http_response *rs, const char *text)
{
	if (!has(rs, text)) {
		FILE *o = fopen("/tmp/test_web_deliveries.html", "w");
		if (o) {
			fputs(rs->body.p, o);
			fclose(o);
		}
		fail_msg("'%s' not in the page (%d): see /tmp/test_web_deliveries.html", text, rs->status);
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

static void post(struct fixture *f, const char *path, const struct who *w, bool csrf, struct http_response *rs)
{
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_POST, .path = path, .who = w, .form = "", .csrf = csrf },
			rs);
}

/* Whether row id is in the list. */
static bool row(const struct http_response *rs, int64_t id)
{
	char k[48];

	snprintf(k, sizeof k, "<tr data-delivery=\"%lld\"", (long long)id);
	return has(rs, k);
}

static int rows(const struct http_response *rs)
{
	int n = 0;

	for (const char *p = rs->body.p; (p = strstr(p, "<tr data-delivery=\"")); p++)
		n++;
	return n;
}

static void admin_sees_all(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	get(f, "/thu-webhook", &f->admin, &rs);
	assert_int_equal(rs.status, 200);
	for (int i = 0; i < 5; i++)
		assert_true(row(&rs, f->id[i]));
	expect(&rs, "<h1>Thư và webhook</h1>");
	expect(&rs, "Cảnh báo #17");
	expect(&rs, "Báo cáo tuần 48/2026");
	expect(&rs, "SIPAS tháng 11/2026");
	expect(&rs, "lanhdao@sct.bentre.gov.vn");
	expect(&rs, "<span class=\"badge\">Webhook</span> zalo");
	expect(&rs, "hooks.example.vn:8443"); /* the host, for the IT staff */
	expect_not(&rs, SECRET);
	expect_not(&rs, "bot12345");
	expect(&rs, "<span class=\"badge sent\">Đã gửi</span>");
	expect(&rs, "<span class=\"badge waiting\">Đang chờ</span>");
	expect(&rs, "<span class=\"badge expired\">Hết hạn</span>");
	expect(&rs, "<span class=\"badge failed\">Lỗi</span>");
	expect(&rs, "Đang chờ (2)");
	expect(&rs, "Tất cả (5)");
	expect(&rs, "Mọi đơn vị"); /* the SIPAS export's site "" */
	/* The times with the zone; the errors in words beside the server's. */
	expect(&rs, "01/12/2026 07:00 +07");
	expect(&rs, "Thử lần cuối:</span> 01/12/2026 07:00 +07");
	expect(&rs, "Nơi nhận webhook trả lời mã 500");
	expect(&rs, "Máy chủ thư từ chối đăng nhập");
	expect(&rs, "Không kết nối được tới máy chủ thư.");
	expect(&rs, "535 5.7.8");
	/* Escaped, and newest first. */
	expect(&rs, "Cảnh báo &lt;script&gt;alert(1)&lt;/script&gt;");
	expect_not(&rs, "<script>alert");
	assert_true(strstr(rs.body.p, "data-delivery=\"5\"") < strstr(rs.body.p, "data-delivery=\"1\""));
	/* Quản trị's page: the navigation marks it and leads back. */
	expect(&rs, "<a aria-current=\"page\" href=\"/quan-tri\">");
	expect_not(&rs, "&lt;/td&gt;"); /* no markup escaped as text */
	http_response_free(&rs);

	get(f, "/quan-tri", &f->admin, &rs);
	expect(&rs, "href=\"/thu-webhook\" id=\"deliveries-link\"");
	http_response_free(&rs);

	get(f, "/thu-webhook", &f->province, &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rows(&rs), 5);
	expect_not(&rs, SECRET);
	http_response_free(&rs);
}

static void head_sees_their_sites(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char path[64];

	get(f, "/thu-webhook", &f->head, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(row(&rs, f->id[0]));
	assert_true(row(&rs, f->id[1]));
	assert_true(row(&rs, f->id[4]));
	assert_false(row(&rs, f->id[2])); /* the other site's */
	assert_false(row(&rs, f->id[3])); /* the SIPAS export, site "" */
	expect(&rs, "Tất cả (3)");
	expect_not(&rs, "SIPAS");
	expect_not(&rs, "hooks.example.vn"); /* not even the host for a head */
	expect_not(&rs, SECRET);
	expect_not(&rs, "id=\"delivery-filter\""); /* one site: nothing to choose */
	http_response_free(&rs);

	snprintf(path, sizeof path, "/thu-webhook/%lld", (long long)f->id[2]);
	get(f, path, &f->head, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);
	snprintf(path, sizeof path, "/thu-webhook/%lld", (long long)f->id[3]);
	get(f, path, &f->head, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);
	get(f, "/thu-webhook?site=" B, &f->head, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);

	get(f, "/thu-webhook", &f->head_b, &rs);
	assert_int_equal(rows(&rs), 1);
	assert_true(row(&rs, f->id[2]));
	http_response_free(&rs);

	/* Tài khoản leads there. */
	get(f, "/tai-khoan", &f->head, &rs);
	expect(&rs, "<p id=\"deliveries-link\" class=\"no-print\"><a href=\"/thu-webhook\">");
	http_response_free(&rs);
}

static void officer_refused(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char path[64];

	get(f, "/thu-webhook", &f->officer, &rs);
	assert_int_equal(rs.status, 403);
	expect_not(&rs, "lanhdao@");
	http_response_free(&rs);
	snprintf(path, sizeof path, "/thu-webhook/%lld", (long long)f->id[0]);
	get(f, path, &f->officer, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	get(f, "/tai-khoan", &f->officer, &rs);
	expect_not(&rs, "/thu-webhook");
	http_response_free(&rs);
	get(f, "/thu-webhook", NULL, &rs);
	assert_int_equal(rs.status, 303); /* to the login */
	http_response_free(&rs);
}

static void status_filter(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	get(f, "/thu-webhook?status=dang-cho", &f->admin, &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rows(&rs), 2);
	assert_true(row(&rs, f->id[1]));
	assert_true(row(&rs, f->id[4]));
	expect(&rs, "<a aria-current=\"page\" href=\"/thu-webhook?status=dang-cho\">Đang chờ (2)</a>");
	http_response_free(&rs);

	get(f, "/thu-webhook?status=het-han", &f->admin, &rs);
	assert_int_equal(rows(&rs), 1);
	assert_true(row(&rs, f->id[2]));
	http_response_free(&rs);

	get(f, "/thu-webhook?status=failed", &f->admin, &rs); /* the queue's own name is understood too */
	assert_int_equal(rows(&rs), 1);
	assert_true(row(&rs, f->id[3]));
	http_response_free(&rs);

	get(f, "/thu-webhook?status=da-gui&site=" A, &f->admin, &rs);
	assert_int_equal(rows(&rs), 1);
	assert_true(row(&rs, f->id[0]));
	expect(&rs, "href=\"/thu-webhook?status=dang-cho&amp;site=" A "\"");
	http_response_free(&rs);

	get(f, "/thu-webhook?status=het-han", &f->head, &rs); /* the other site's expired one stays hidden */
	assert_int_equal(rows(&rs), 0);
	expect(&rs, "Chưa có thư hay webhook nào.");
	http_response_free(&rs);
}

static void bad_filter(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	get(f, "/thu-webhook?status=gui-roi", &f->admin, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "<code>status</code>");
	expect(&rs, "Trạng thái phải là dang-cho (đang chờ), da-gui (đã gửi), het-han (hết hạn) hoặc loi (lỗi).");
	http_response_free(&rs);
	get(f, "/thu-webhook?before=abc", &f->admin, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "<code>before</code>");
	http_response_free(&rs);
	get(f, "/thu-webhook?site=Not%20a%20site", &f->admin, &rs);
	assert_int_equal(rs.status, 400);
	expect(&rs, "<code>site</code>");
	http_response_free(&rs);
	get(f, "/thu-webhook/abc", &f->admin, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);
}

static void paged(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char path[96], next[96];

	for (int i = 0; i < 120; i++) {
		char topic[32];
		snprintf(topic, sizeof topic, "flag:%d", 100 + i);
		add(f, topic, "user:lanhdao", MESSAGE_MAIL, "lanhdao@sct.bentre.gov.vn", A, "s", f->now - 3600 + i, 48);
	}
	get(f, "/thu-webhook", &f->admin, &rs);
	assert_int_equal(rows(&rs), 100);
	expect(&rs, "Cảnh báo #219");
	const char *p = strstr(rs.body.p, "<a rel=\"next\" href=\"");
	assert_non_null(p);
	p += strlen("<a rel=\"next\" href=\"");
	snprintf(next, sizeof next, "%.*s", (int)strcspn(p, "\""), p);
	snprintf(path, sizeof path, "/thu-webhook?before=%lld", (long long)(f->id[4] + 21));
	assert_string_equal(next, path);
	http_response_free(&rs);
	get(f, path, &f->admin, &rs);
	assert_int_equal(rows(&rs), 25);
	assert_true(row(&rs, f->id[0]));
	expect_not(&rs, "rel=\"next\"");
	expect(&rs, "« Mới nhất");
	http_response_free(&rs);
}

static void detail_and_retry(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char path[64];
	struct delivery *v = NULL;
	size_t n = 0;

	snprintf(path, sizeof path, "/thu-webhook/%lld", (long long)f->id[1]);
	get(f, path, &f->admin, &rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "<h1>Cảnh báo #17</h1>");
	expect(&rs, "id=\"attempts\"");
	expect(&rs, "Nơi nhận webhook trả lời mã 500");
	expect(&rs, "id=\"delivery-retry\"");
	expect_not(&rs, SECRET);
	expect_not(&rs, "&lt;/"); /* no markup escaped as text */
	http_response_free(&rs);

	get(f, path, &f->head, &rs); /* their site's: seen, but no button */
	assert_int_equal(rs.status, 200);
	expect_not(&rs, "id=\"delivery-retry\"");
	http_response_free(&rs);

	snprintf(path, sizeof path, "/thu-webhook/%lld", (long long)f->id[2]);
	get(f, path, &f->admin, &rs);
	expect(&rs, "Hết hạn sau 1 lần thử không thành công.");
	expect(&rs, "Không kết nối được tới máy chủ thư.");
	http_response_free(&rs);

	snprintf(path, sizeof path, "/thu-webhook/%lld", (long long)f->id[0]);
	get(f, path, &f->admin, &rs);
	expect(&rs, "<span class=\"badge sent\">Thành công</span>");
	expect(&rs, "smtp 250");
	expect_not(&rs, "id=\"delivery-retry\"");
	http_response_free(&rs);

	snprintf(path, sizeof path, "/thu-webhook/%lld/gui-lai", (long long)f->id[4]);
	post(f, path, &f->admin, false, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	post(f, path, &f->head, true, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);

	f->now = at(2026, 12, 2, 9); /* before id[4] is due (4/12 07:00) */
	web_fixture_login(&f->wf, "quantri", f->now, &f->admin);
	assert_int_equal(store_delivery_due(f->s, f->now, 1000, &v, &n), HL_OK);
	for (size_t i = 0; i < n; i++)
		assert_int_not_equal(v[i].id, f->id[4]);
	store_delivery_free(v, n);
	post(f, path, &f->admin, true, &rs);
	assert_int_equal(rs.status, 303);
	char want[64];
	snprintf(want, sizeof want, "/thu-webhook/%lld?done=1", (long long)f->id[4]);
	assert_string_equal(header(&rs, "Location"), want);
	http_response_free(&rs);
	assert_int_equal(store_delivery_due(f->s, f->now, 1000, &v, &n), HL_OK);
	bool due = false;
	for (size_t i = 0; i < n; i++)
		due |= v[i].id == f->id[4];
	store_delivery_free(v, n);
	assert_true(due);
	struct web_fixture_audit a = web_fixture_audit(&f->wf, "delivery.retry");
	assert_string_equal(a.who, "quantri");

	snprintf(path, sizeof path, "/thu-webhook/%lld/gui-lai", (long long)f->id[0]); /* sent: never again */
	post(f, path, &f->admin, true, &rs);
	assert_int_equal(rs.status, 409);
	http_response_free(&rs);
}

static void english(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char cookie[160];

	snprintf(cookie, sizeof cookie, "%s; hl_lang=en", f->admin.cookie);
	web_fixture_run(&f->wf, &(struct web_fixture_req){ .method = HTTP_GET, .path = "/thu-webhook", .cookie = cookie },
			&rs);
	assert_int_equal(rs.status, 200);
	expect(&rs, "<h1>E-mails and webhooks</h1>");
	expect(&rs, "Flag #17");
	expect(&rs, "Weekly report, week 48 of 2026");
	expect(&rs, "SIPAS export 2026-11");
	expect(&rs, "2026-12-01 07:00 +07");
	expect(&rs, "The webhook&#39;s receiver answered 500");
	http_response_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(admin_sees_all, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(head_sees_their_sites, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(officer_refused, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(status_filter, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(bad_filter, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(paged, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(detail_and_retry, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(english, setup, web_fixture_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
