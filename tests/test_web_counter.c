/* SPDX-License-Identifier: MIT
 * test_web_counter.c — the pages that change things at a counter and in the roster and the accounts,
 * through web_dispatch over a real store with a fake publisher: Quầy — an officer starts a shift at a
 * counter of their own site (not another site's: 403; not without the form's CSRF token: 403), which
 * names them on duty to the counter's terminal ({"duty"}); "Mời đánh giá" publishes the retained
 * transaction ("w" and its record's id) for their code and the chosen procedure with the officer on
 * duty, and the page then shows the open transaction until it expires, never after; "Kết thúc giao
 * dịch" ends it, leaving the officer on duty named; every shift that starts or ends there tells the
 * terminal who is on duty now, keeping an open transaction's id; an unknown procedure, a bad counter
 * and a broker that is down are said on the page, and a transaction the terminal never got is not
 * kept; a head names the officer. Danh mục — a faulty CSV upload lists every fault as
 * FILE:LINE and stores nothing; a good one replaces the roster, is audited and published; a head
 * reads and searches but may not upload. Quản trị — an admin lists, adds and disables users, adds
 * a token (shown once, and it works) and revokes it, reads the audit; nobody else may. */
#include "conf.h"
#include "credential.h"
#include "hl.h"
#include "http.h"
#include "roster.h"
#include "roster_pub.h"
#include "route.h"
#include "store.h"
#include "store_flags.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"
#include "web_fixture.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0       1780000000 /* 2026-05-29 03:26 in Vietnam */
#define VN       25200
#define A        "sct-bentre"
#define B        "sct-travinh"
#define BOUNDARY "----hailongtestboundary7"

struct fixture {
	WEB_FIXTURE;
	struct who admin, head, officer, officer_b;
};

static int setup(void **state)
{
	struct fixture *f = web_fixture_new(sizeof *f, NULL, VN);
	static const struct store_officer officers[] = {
		{ .site = A, .e = { .code = "cb0123", .name = "Nguyễn Văn An" } },
		{ .site = A, .e = { .code = "cb0456", .name = "Trần Thị <b>Bình</b>" } },
		{ .site = B, .e = { .code = "cb0999", .name = "Lê Văn Cường" } },
	};
	static const struct roster_entry procs[] = {
		{ .code = "1.001234", .name = "Cấp giấy phép xây dựng" },
		{ .code = "2.000001", .name = "Đăng ký kinh doanh" },
		{ .code = "3.000777", .name = "Chứng thực bản sao" },
	};
	struct flag_status st = { .site = A, .counter = "quay-3", .online = true };

	if (!f)
		return -1;
	f->now = T0 + 600;
	assert_int_equal(store_roster_replace(f->s, officers, 3, procs, 3), HL_OK);
	assert_int_equal(store_flags_status(f->s, &st, 1, T0), HL_OK);
	web_fixture_user(&f->wf, "quantri", ROLE_ADMIN, NULL, NULL, T0, &f->admin);
	web_fixture_user(&f->wf, "lanhdao", ROLE_HEAD, A, NULL, T0, &f->head);
	web_fixture_user(&f->wf, "canbo", ROLE_OFFICER, A, "cb0123", T0, &f->officer);
	web_fixture_user(&f->wf, "canbo-b", ROLE_OFFICER, B, "cb0999", T0, &f->officer_b);
	*state = f;
	return 0;
}

/* One request as w (NULL: nobody): method, path (with its query), a urlencoded form (the CSRF field
 * is added when csrf), or a multipart body. */
static void request(struct fixture *f, const struct who *w, int method, const char *path, const char *form, bool csrf,
		    const char *multipart, struct http_response *rs)
{
	web_fixture_run(&f->wf,
			&(struct web_fixture_req){ .method = method,
						   .path = path,
						   .who = w,
						   .form = multipart ? NULL : form,
						   .csrf = csrf && !multipart,
						   .body = multipart,
						   .content_type = "multipart/form-data; boundary=" BOUNDARY },
			rs);
}

static void run(struct fixture *f, const struct who *w, int method, const char *path, const char *form,
		struct http_response *rs)
{
	request(f, w, method, path, form, true, NULL, rs);
}

static void expect_redirect(struct fixture *f, const struct who *w, const char *path, const char *form,
			    const char *location)
{
	struct http_response rs;

	run(f, w, HTTP_POST, path, form, &rs);
	if (rs.status != 303)
		fprintf(stderr, "%s: %d\n%s\n", path, rs.status, rs.body.p);
	assert_int_equal(rs.status, 303);
	assert_string_equal(header(&rs, "Location"), location);
	http_response_free(&rs);
}

/* The newest audit entry with that action ("" any). */
static struct web_fixture_audit audit_of(struct fixture *f, const char *action)
{
	return web_fixture_audit(&f->wf, action);
}

/* What the fake publisher was given i-th: on that counter's session topic, retained, exactly json
 * ("" the empty message). */
static void expect_sent(struct fixture *f, int i, const char *counter, const char *json)
{
	char topic[HL_TOPIC_MAX];

	assert_true(i < f->nsent);
	snprintf(topic, sizeof topic, "hailong/v1/" A "/%s/session", counter);
	assert_string_equal(f->sent[i].topic, topic);
	assert_true(f->sent[i].retain);
	assert_string_equal(f->sent[i].payload, json);
	assert_int_equal(f->sent[i].len, strlen(json));
}

/* ---- Quầy ---------------------------------------------------------------------------------------- */

static void officer_shift_invite_and_close(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_shift sh;
	struct store_txn t;
	struct wire_session ws = { .officer = "cb0123", .procedure = "2.000001", .expires = T0 + 600 + 15 * 60,
				   .duty = "cb0123", .transaction = true };
	char want[HL_BODY_MAX];
	size_t wlen;

	/* Off shift: the start form, with the site's terminals offered. */
	run(f, &f->officer, HTTP_GET, "/quay", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "id=\"shift-start\""));
	assert_true(has(&rs, "<option value=\"quay-3\">"));
	assert_true(has(&rs, "Nguyễn Văn An"));
	assert_false(has(&rs, "id=\"invite\""));
	http_response_free(&rs);

	expect_redirect(f, &f->officer, "/quay/ca", "site=" A "&counter=quay-3", "/quay");
	assert_int_equal(store_shift_current(f->s, f->officer.id, &sh), HL_OK);
	assert_string_equal(sh.site, A);
	assert_string_equal(sh.counter, "quay-3");
	assert_string_equal(audit_of(f, "").action, "shift.start");
	/* The terminal names the officer on duty, no transaction open. */
	assert_int_equal(f->nsent, 1);
	expect_sent(f, 0, "quay-3", "{\"duty\":\"cb0123\"}");

	/* On shift: the big button and the procedures by code and name. */
	run(f, &f->officer, HTTP_GET, "/quay", NULL, &rs);
	assert_true(has(&rs, "Mời đánh giá"));
	assert_true(has(&rs, "<datalist id=\"procedures\"><option value=\"1.001234\">Cấp giấy phép xây dựng</option>"));
	assert_false(has(&rs, "id=\"txn-open\""));
	assert_false(has(&rs, "name=\"officer\"")); /* an officer serves as themself */
	http_response_free(&rs);

	expect_redirect(f, &f->officer, "/quay/moi", "procedure=2.000001", "/quay");
	assert_int_equal(f->nsent, 2);
	assert_int_equal(store_txn_latest(f->s, A, "quay-3", &t), HL_OK);
	/* One transaction, named by its record, with the officer on duty. */
	snprintf(ws.txn, sizeof ws.txn, "w%lld", (long long)t.id);
	assert_int_equal(wire_session_encode(&ws, want, sizeof want, &wlen), HL_OK);
	expect_sent(f, 1, "quay-3", want);
	assert_non_null(strstr(want, "\"txn\":\"w1\""));
	assert_non_null(strstr(want, "\"duty\":\"cb0123\""));
	assert_string_equal(t.officer, "cb0123");
	assert_string_equal(t.procedure, "2.000001");
	assert_string_equal(t.by, "canbo");
	struct web_fixture_audit a = audit_of(f, "");
	assert_string_equal(a.action, "session.open");
	assert_string_equal(a.who, "canbo");

	/* The open transaction, its procedure, until when; the recent one offered first. 03:36 + 15 min. */
	run(f, &f->officer, HTTP_GET, "/quay", NULL, &rs);
	assert_true(has(&rs, "id=\"txn-open\""));
	assert_true(has(&rs, "Đang chờ công dân đánh giá"));
	assert_true(has(&rs, "Đăng ký kinh doanh"));
	assert_true(has(&rs, "<time>03:51</time>"));
	assert_true(has(&rs, "id=\"txn-close\""));
	assert_true(has(&rs, "<datalist id=\"procedures\"><option value=\"2.000001\">"));
	assert_true(has(&rs, "id=\"recent\""));
	http_response_free(&rs);

	/* A typed name works as well as the code. */
	expect_redirect(f, &f->officer, "/quay/moi", "procedure=Ch%E1%BB%A9ng+th%E1%BB%B1c+b%E1%BA%A3n+sao", "/quay");
	assert_int_equal(store_txn_latest(f->s, A, "quay-3", &t), HL_OK);
	assert_string_equal(t.procedure, "3.000777");

	assert_int_equal(f->nsent, 3);
	assert_non_null(strstr(f->sent[2].payload, "{\"txn\":\"w2\",\"officer\":\"cb0123\",\"procedure\":\"3.000777\""));

	/* "Kết thúc giao dịch": the transaction closed, the officer still on duty. */
	f->now += 60;
	expect_redirect(f, &f->officer, "/quay/dong", NULL, "/quay");
	assert_int_equal(f->nsent, 4);
	expect_sent(f, 3, "quay-3", "{\"duty\":\"cb0123\"}");
	assert_int_equal(store_txn_latest(f->s, A, "quay-3", &t), HL_OK);
	assert_int_equal(t.closed, f->now);
	assert_string_equal(audit_of(f, "").action, "session.close");
	run(f, &f->officer, HTTP_GET, "/quay", NULL, &rs);
	assert_false(has(&rs, "id=\"txn-open\""));
	http_response_free(&rs);

	/* Ending the shift: nobody on duty, the empty message. */
	expect_redirect(f, &f->officer, "/quay/ket-thuc", NULL, "/quay");
	assert_int_equal(store_shift_current(f->s, f->officer.id, &sh), HL_ERR_NOTFOUND);
	assert_string_equal(audit_of(f, "").action, "shift.end");
	assert_int_equal(f->nsent, 5);
	expect_sent(f, 4, "quay-3", "");
}

/* Whoever starts or ends a shift at a counter, its terminal is told who is on duty now; an open
 * transaction keeps its id (the terminal knows whether it was rated), an expired one is not sent
 * again. */
static void shifts_tell_the_terminal_who_is_on_duty(void **state)
{
	struct fixture *f = *state;
	struct who other;
	char txn[160], want[200];
	struct http_response rs;

	web_fixture_user(&f->wf, "canbo-2", ROLE_OFFICER, A, "cb0456", T0, &other);
	expect_redirect(f, &f->officer, "/quay/ca", "site=" A "&counter=quay-3", "/quay");
	expect_redirect(f, &f->officer, "/quay/moi", "procedure=1.001234", "/quay");
	snprintf(txn, sizeof txn, "{\"txn\":\"w1\",\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":%lld",
		 (long long)(f->now + 15 * 60));
	assert_int_equal(f->nsent, 2);
	assert_non_null(strstr(f->sent[1].payload, txn));

	/* A head at the counter names nobody: the same transaction, the officer still on duty. */
	expect_redirect(f, &f->head, "/quay/ca", "site=" A "&counter=quay-3", "/quay");
	assert_int_equal(f->nsent, 3);
	assert_string_equal(f->sent[2].payload, f->sent[1].payload);
	/* Another officer's shift there: the same transaction, they are on duty. */
	f->now += 10;
	expect_redirect(f, &other, "/quay/ca", "site=" A "&counter=quay-3", "/quay");
	snprintf(want, sizeof want, "%s,\"duty\":\"cb0456\"}", txn);
	expect_sent(f, 3, "quay-3", want);
	/* They leave: the first officer again. */
	expect_redirect(f, &other, "/quay/ket-thuc", NULL, "/quay");
	snprintf(want, sizeof want, "%s,\"duty\":\"cb0123\"}", txn);
	expect_sent(f, 4, "quay-3", want);
	/* The first officer moves to quay-4: named there, and quay-3's transaction has nobody on duty. */
	expect_redirect(f, &f->officer, "/quay/ca", "site=" A "&counter=quay-4", "/quay");
	assert_int_equal(f->nsent, 7);
	expect_sent(f, 5, "quay-4", "{\"duty\":\"cb0123\"}");
	snprintf(want, sizeof want, "%s}", txn);
	expect_sent(f, 6, "quay-3", want);
	/* Past its expiry the transaction is not sent again: the head leaving clears quay-3. */
	f->now += 15 * 60;
	expect_redirect(f, &f->head, "/quay/ket-thuc", NULL, "/quay");
	expect_sent(f, 7, "quay-3", "");

	/* A broker that does not take it: the shift stands, the page says the terminal was not told. */
	f->publish_rc = HL_ERR_NET;
	run(f, &other, HTTP_POST, "/quay/ca", "site=" A "&counter=quay-5", &rs);
	assert_int_equal(rs.status, 503);
	assert_true(has(&rs, "chưa biết cán bộ trực"));
	assert_true(has(&rs, "connection refused"));
	http_response_free(&rs);
	struct store_shift sh;
	assert_int_equal(store_shift_current(f->s, other.id, &sh), HL_OK);
	assert_string_equal(sh.counter, "quay-5");
	/* No broker configured: shifts work, nothing is sent. */
	f->publish_rc = HL_OK;
	f->no_broker = true;
	expect_redirect(f, &other, "/quay/ket-thuc", NULL, "/quay");
	assert_int_equal(f->nsent, 8);
}

/* The broker refuses a new transaction: it is not kept, and the one it was to replace is open again
 * (the terminal still has it). */
static void a_transaction_the_terminal_never_got_is_not_kept(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_txn t;

	expect_redirect(f, &f->officer, "/quay/ca", "site=" A "&counter=quay-3", "/quay");
	expect_redirect(f, &f->officer, "/quay/moi", "procedure=1.001234", "/quay");
	f->now += 30;
	f->publish_rc = HL_ERR_NET;
	run(f, &f->officer, HTTP_POST, "/quay/moi", "procedure=2.000001", &rs);
	assert_int_equal(rs.status, 503);
	http_response_free(&rs);
	assert_int_equal(store_txn_latest(f->s, A, "quay-3", &t), HL_OK);
	assert_string_equal(t.procedure, "1.001234");
	assert_int_equal(t.closed, 0);
	assert_string_equal(audit_of(f, "").action, "session.open");
	f->publish_rc = HL_OK;
	run(f, &f->officer, HTTP_GET, "/quay", NULL, &rs);
	assert_true(has(&rs, "id=\"txn-open\""));
	assert_true(has(&rs, "Cấp giấy phép xây dựng"));
	http_response_free(&rs);
	/* The next one that goes out has the next id. */
	expect_redirect(f, &f->officer, "/quay/moi", "procedure=2.000001", "/quay");
	assert_int_equal(store_txn_latest(f->s, A, "quay-3", &t), HL_OK);
	assert_non_null(strstr(f->sent[f->nsent - 1].payload, "\"txn\":\"w"));
	char name[24];
	snprintf(name, sizeof name, "\"txn\":\"w%lld\"", (long long)t.id);
	assert_non_null(strstr(f->sent[f->nsent - 1].payload, name));
}

static void the_transaction_shows_until_it_expires(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	expect_redirect(f, &f->officer, "/quay/ca", "site=" A "&counter=quay-3", "/quay");
	expect_redirect(f, &f->officer, "/quay/moi", "procedure=1.001234", "/quay");
	f->now += 15 * 60 - 1;
	run(f, &f->officer, HTTP_GET, "/quay", NULL, &rs);
	assert_true(has(&rs, "id=\"txn-open\""));
	http_response_free(&rs);
	f->now += 1;
	run(f, &f->officer, HTTP_GET, "/quay", NULL, &rs);
	assert_false(has(&rs, "id=\"txn-open\""));
	assert_true(has(&rs, "id=\"invite\""));
	http_response_free(&rs);
}

static void officers_stay_at_their_site_and_forms_carry_csrf(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_shift sh;

	run(f, &f->officer, HTTP_POST, "/quay/ca", "site=" B "&counter=q01", &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	assert_int_equal(store_shift_current(f->s, f->officer.id, &sh), HL_ERR_NOTFOUND);

	/* No CSRF token: the router refuses before the page runs. */
	request(f, &f->officer, HTTP_POST, "/quay/ca", "site=" A "&counter=q01", false, NULL, &rs);
	assert_int_equal(rs.status, 403);
	assert_true(has(&rs, "csrf"));
	http_response_free(&rs);
	assert_int_equal(store_shift_current(f->s, f->officer.id, &sh), HL_ERR_NOTFOUND);

	/* Nobody logged in goes to the login page; the province and the admin have no counter. */
	run(f, NULL, HTTP_GET, "/quay", NULL, &rs);
	assert_int_equal(rs.status, 303);
	assert_non_null(strstr(header(&rs, "Location"), "/dang-nhap"));
	http_response_free(&rs);
	run(f, &f->admin, HTTP_GET, "/quay", NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);

	/* Inviting needs a shift. */
	run(f, &f->officer, HTTP_POST, "/quay/moi", "procedure=1.001234", &rs);
	assert_int_equal(rs.status, 409);
	assert_true(has(&rs, "id=\"counter-error\""));
	http_response_free(&rs);
	assert_int_equal(f->nsent, 0);
}

static void errors_are_said_on_the_page(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_txn t;

	run(f, &f->officer, HTTP_POST, "/quay/ca", "site=" A "&counter=Qu%E1%BA%A7y+1", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "id=\"counter-error\""));
	assert_true(has(&rs, "<code>counter</code>"));
	assert_true(has(&rs, "ví dụ quay-1"));
	http_response_free(&rs);

	expect_redirect(f, &f->officer, "/quay/ca", "site=" A "&counter=quay-3", "/quay");
	run(f, &f->officer, HTTP_POST, "/quay/moi", "procedure=9.999999", &rs);
	assert_int_equal(rs.status, 422);
	assert_true(has(&rs, "<code>procedure</code>"));
	assert_true(has(&rs, "không có trong danh mục"));
	http_response_free(&rs);

	f->no_broker = true;
	run(f, &f->officer, HTTP_POST, "/quay/moi", "procedure=1.001234", &rs);
	assert_int_equal(rs.status, 503);
	assert_true(has(&rs, "Chưa cấu hình máy chủ MQTT"));
	http_response_free(&rs);
	f->no_broker = false;
	f->publish_rc = HL_ERR_NET;
	run(f, &f->officer, HTTP_POST, "/quay/moi", "procedure=1.001234", &rs);
	assert_int_equal(rs.status, 503);
	assert_true(has(&rs, "Không gửi được tới máy chủ MQTT"));
	assert_true(has(&rs, "connection refused"));
	http_response_free(&rs);
	assert_int_equal(store_txn_latest(f->s, A, "quay-3", &t), HL_ERR_NOTFOUND);

	/* In English. */
	f->publish_rc = HL_OK;
	struct who en = f->officer;
	snprintf(en.cookie, sizeof en.cookie, "%s; hl_lang=en", f->officer.cookie);
	run(f, &en, HTTP_POST, "/quay/moi", "procedure=9.999999", &rs);
	assert_int_equal(rs.status, 422);
	assert_true(has(&rs, "not in the roster"));
	http_response_free(&rs);
}

static void a_head_names_the_officer(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_txn t;

	expect_redirect(f, &f->head, "/quay/ca", "site=" A "&counter=q02", "/quay");
	run(f, &f->head, HTTP_GET, "/quay", NULL, &rs);
	assert_true(has(&rs, "<datalist id=\"officers\">"));
	assert_true(has(&rs, "Trần Thị &lt;b&gt;Bình&lt;/b&gt;")); /* escaped */
	assert_false(has(&rs, "<b>Bình</b>"));
	http_response_free(&rs);
	run(f, &f->head, HTTP_POST, "/quay/moi", "procedure=1.001234", &rs);
	assert_int_equal(rs.status, 422);
	assert_true(has(&rs, "<code>officer</code>"));
	http_response_free(&rs);
	run(f, &f->head, HTTP_POST, "/quay/moi", "officer=cb0999&procedure=1.001234", &rs);
	assert_int_equal(rs.status, 422); /* site B's officer */
	http_response_free(&rs);
	expect_redirect(f, &f->head, "/quay/moi", "officer=cb0456&procedure=1.001234", "/quay");
	assert_int_equal(store_txn_latest(f->s, A, "q02", &t), HL_OK);
	assert_string_equal(t.officer, "cb0456");
	assert_string_equal(t.by, "lanhdao");
	/* The head's shift named nobody on duty; the transaction names the officer chosen. */
	expect_sent(f, 0, "q02", "");
	assert_non_null(strstr(f->sent[1].payload, "\"officer\":\"cb0456\""));
	/* A head's other site is not theirs. */
	run(f, &f->head, HTTP_POST, "/quay/ca", "site=" B "&counter=q02", &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
}

/* ---- Danh mục ------------------------------------------------------------------------------------ */

static char *multipart(const char *officers, const char *procedures)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	assert_non_null(m);
	if (officers)
		fprintf(m,
			"--" BOUNDARY
			"\r\nContent-Disposition: form-data; name=\"officers\"; filename=\"officers.csv\"\r\n"
			"Content-Type: text/csv\r\n\r\n%s\r\n",
			officers);
	if (procedures)
		fprintf(m,
			"--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"procedures\"; "
			"filename=\"C:\\\\Users\\\\x\\\\procedures.csv\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n",
			procedures);
	fprintf(m, "--" BOUNDARY "--\r\n");
	assert_int_equal(fclose(m), 0);
	return out;
}

static void upload(struct fixture *f, const struct who *w, const char *body, struct http_response *rs)
{
	char path[200];

	snprintf(path, sizeof path, "/danh-muc/nhap?csrf=%s", w->csrf);
	request(f, w, HTTP_POST, path, NULL, false, body, rs);
}

static size_t officers_of(struct fixture *f, const char *site)
{
	struct roster *r;
	size_t n;

	assert_int_equal(store_roster_load(f->s, site, &r), HL_OK);
	n = r->n[ROSTER_OFFICER];
	roster_free(r);
	return n;
}

static void a_faulty_upload_lists_its_faults_and_stores_nothing(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	char *body = multipart("site,code,name\n" A ",cb1,Một\n" A ",bad code,Hai\nSCT,cb3,Ba\n" A ",cb1,Bốn\n",
			       "code,name\n1.1,Thủ tục\n2.2,\n");

	upload(f, &f->admin, body, &rs);
	assert_int_equal(rs.status, 422);
	assert_true(has(&rs, "id=\"roster-faults\""));
	assert_true(has(&rs, "officers.csv:3: code &#39;bad code&#39; must match"));
	assert_true(has(&rs, "officers.csv:4: site &#39;SCT&#39;"));
	assert_true(has(&rs, "officers.csv:5: officer &#39;cb1&#39; of site &#39;" A "&#39; is also on line 2"));
	assert_true(has(&rs, "procedures.csv:3: name is empty"));
	assert_true(has(&rs, "chưa lưu gì"));
	http_response_free(&rs);
	free(body);
	assert_int_equal(officers_of(f, A), 2);
	assert_int_equal(f->nsent, 0);

	/* A file missing, and not a multipart form at all. */
	body = multipart("site,code,name\n" A ",cb1,Một\n", NULL);
	upload(f, &f->admin, body, &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>procedures</code>"));
	http_response_free(&rs);
	free(body);
	run(f, &f->admin, HTTP_POST, "/danh-muc/nhap", "officers=x", &rs);
	assert_int_equal(rs.status, 400);
	http_response_free(&rs);
	/* Without the CSRF token in the address: refused by the router. */
	body = multipart("site,code,name\n" A ",cb1,Một\n", "code,name\n1.1,Thủ tục\n");
	request(f, &f->admin, HTTP_POST, "/danh-muc/nhap", NULL, false, body, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	/* A head may read the roster but not replace it. */
	upload(f, &f->head, body, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	free(body);
	assert_int_equal(officers_of(f, A), 2);
}

static void a_good_upload_replaces_audits_and_publishes(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct roster *r;
	char *want;
	size_t wlen;
	char *body = multipart("site,code,name\r\n" A ",cb0123,Nguyễn Văn An\r\n" A ",cb0789,Phạm Thu Hà\r\n" B
			       ",cb0999,Lê Văn Cường\r\nsct-new,cb0001,Võ Minh\r\n",
			       "code,name\r\n1.001234,Cấp giấy phép xây dựng\r\n4.000004,Cấp lại CMND\r\n");

	upload(f, &f->admin, body, &rs);
	if (rs.status != 200)
		fprintf(stderr, "%s\n", rs.body.p);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "Đã nhập danh mục"));
	assert_true(has(&rs, "Phạm Thu Hà"));
	assert_false(has(&rs, "Trần Thị")); /* replaced as a whole */
	free(body);
	http_response_free(&rs);

	assert_int_equal(store_roster_load(f->s, A, &r), HL_OK);
	assert_int_equal(r->n[ROSTER_OFFICER], 2);
	assert_non_null(roster_name(r, ROSTER_OFFICER, "cb0789"));
	assert_null(roster_name(r, ROSTER_OFFICER, "cb0456"));
	assert_non_null(roster_name(r, ROSTER_PROCEDURE, "4.000004"));
	assert_int_equal(roster_pub_encode(r, &want, &wlen), HL_OK);
	roster_free(r);

	struct web_fixture_audit a = audit_of(f, "roster.import");
	assert_string_equal(a.who, "quantri");
	assert_non_null(strstr(a.detail, "4 officers of 3 sites, 2 procedures"));
	assert_non_null(strstr(a.detail, "procedures.csv")); /* the name without the browser's folders */
	assert_string_equal(audit_of(f, "roster.publish").who, "quantri");

	/* Published per site, retained, the bytes roster publish sends. */
	assert_int_equal(f->nsent, 3);
	assert_string_equal(f->sent[0].topic, "hailong/v1/" A "/roster");
	assert_true(f->sent[0].retain);
	assert_int_equal(f->sent[0].len, wlen);
	assert_memory_equal(f->sent[0].payload, want, wlen);
	assert_string_equal(f->sent[1].topic, "hailong/v1/sct-new/roster");
	assert_string_equal(f->sent[2].topic, "hailong/v1/" B "/roster");
	free(want);

	/* Publishing again by hand; without a broker it says so. */
	run(f, &f->admin, HTTP_POST, "/danh-muc/xuat-ban", "site=" B, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "hailong/v1/" B "/roster"));
	http_response_free(&rs);
	assert_int_equal(f->nsent, 4);
	assert_string_equal(f->sent[3].topic, "hailong/v1/" B "/roster");
	f->no_broker = true;
	run(f, &f->admin, HTTP_POST, "/danh-muc/xuat-ban", "", &rs);
	assert_int_equal(rs.status, 503);
	http_response_free(&rs);
	f->no_broker = false;
	f->publish_rc = HL_ERR_NET;
	run(f, &f->admin, HTTP_POST, "/danh-muc/xuat-ban", "", &rs);
	assert_int_equal(rs.status, 503);
	assert_true(has(&rs, "connection refused"));
	http_response_free(&rs);
	run(f, &f->head, HTTP_POST, "/danh-muc/xuat-ban", "", &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
}

static void a_head_reads_and_searches_the_roster(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;

	run(f, &f->head, HTTP_GET, "/danh-muc", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "id=\"roster-officers\""));
	assert_true(has(&rs, "Nguyễn Văn An"));
	assert_true(has(&rs, "Trần Thị &lt;b&gt;Bình&lt;/b&gt;"));
	assert_false(has(&rs, "Lê Văn Cường")); /* site B's */
	assert_true(has(&rs, "Cấp giấy phép xây dựng"));
	assert_false(has(&rs, "roster-upload"));
	http_response_free(&rs);
	run(f, &f->head, HTTP_GET, "/danh-muc?q=kinh", NULL, &rs);
	assert_true(has(&rs, "Đăng ký kinh doanh"));
	assert_false(has(&rs, "Cấp giấy phép xây dựng"));
	assert_false(has(&rs, "Nguyễn Văn An"));
	http_response_free(&rs);
	run(f, &f->head, HTTP_GET, "/danh-muc?site=" B, NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	run(f, &f->officer, HTTP_GET, "/danh-muc", NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);

	/* The admin sees every site and the upload form, whose address carries the CSRF token. */
	run(f, &f->admin, HTTP_GET, "/danh-muc?site=" B, NULL, &rs);
	assert_true(has(&rs, "Lê Văn Cường"));
	assert_true(has(&rs, "id=\"roster-sites\""));
	assert_true(has(&rs, "enctype=\"multipart/form-data\""));
	char action[160];
	snprintf(action, sizeof action, "action=\"/danh-muc/nhap?csrf=%s\"", f->admin.csrf);
	assert_true(has(&rs, action));
	http_response_free(&rs);
}

/* ---- Quản trị ------------------------------------------------------------------------------------ */

static void admin_manages_users_tokens_and_reads_the_audit(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_user u;
	const char *p, *e;
	char secret[80], auth[120];

	run(f, &f->admin, HTTP_GET, "/quan-tri", NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "id=\"users\""));
	assert_true(has(&rs, "data-user=\"canbo\""));
	assert_true(has(&rs, "data-user=\"lanhdao\""));
	assert_true(has(&rs, "cb0123"));
	assert_true(has(&rs, "id=\"audit\""));
	http_response_free(&rs);
	run(f, &f->head, HTTP_GET, "/quan-tri", NULL, &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);
	run(f, &f->officer, HTTP_POST, "/quan-tri/nguoi-dung", "name=x&role=quan-tri&password=0123456789", &rs);
	assert_int_equal(rs.status, 403);
	http_response_free(&rs);

	/* Adding a user: checks, then stored with an argon2id hash, audited. */
	run(f, &f->admin, HTTP_POST, "/quan-tri/nguoi-dung",
	    "name=canbo2&role=can-bo&sites=" A "&officer=cb0456&password=short", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>password</code>"));
	assert_true(has(&rs, "value=\"canbo2\"")); /* what was typed is kept */
	http_response_free(&rs);
	run(f, &f->admin, HTTP_POST, "/quan-tri/nguoi-dung", "name=Can+Bo&role=can-bo&password=0123456789", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>name</code>"));
	http_response_free(&rs);
	run(f, &f->admin, HTTP_POST, "/quan-tri/nguoi-dung",
	    "name=canbo&role=can-bo&sites=" A "&officer=cb0456&password=0123456789", &rs);
	assert_int_equal(rs.status, 409);
	http_response_free(&rs);
	run(f, &f->admin, HTTP_POST, "/quan-tri/nguoi-dung", "name=canbo2&role=can-bo&password=0123456789", &rs);
	assert_int_equal(rs.status, 422); /* an officer needs a site and a code */
	http_response_free(&rs);
	expect_redirect(f, &f->admin, "/quan-tri/nguoi-dung",
			"name=canbo2&role=can-bo&sites=" A "&officer=cb0456&password=m%E1%BA%ADt+kh%E1%BA%A9u+d%C3%A0i",
			"/quan-tri#users-section");
	assert_int_equal(store_user_get(f->s, "canbo2", &u), HL_OK);
	assert_int_equal(u.role, ROLE_OFFICER);
	assert_string_equal(u.sites[0], A);
	assert_string_equal(u.officer, "cb0456");
	assert_true(credential_check_password("mật khẩu dài", u.hash));
	struct web_fixture_audit a = audit_of(f, "user.add");
	assert_string_equal(a.who, "quantri");
	assert_non_null(strstr(a.detail, "canbo2"));

	/* Disable and enable; never oneself. */
	expect_redirect(f, &f->admin, "/quan-tri/nguoi-dung/canbo2/khoa", NULL, "/quan-tri#users-section");
	assert_int_equal(store_user_get(f->s, "canbo2", &u), HL_OK);
	assert_true(u.disabled);
	assert_string_equal(audit_of(f, "").action, "user.disable");
	/* The audit table says what each step did, in the page's language, with its code. */
	run(f, &f->admin, HTTP_GET, "/quan-tri", NULL, &rs);
	assert_true(has(&rs, "Khoá người dùng<br><code class=\"muted\">user.disable</code>"));
	assert_true(has(&rs, "Thêm người dùng<br><code class=\"muted\">user.add</code>"));
	http_response_free(&rs);
	expect_redirect(f, &f->admin, "/quan-tri/nguoi-dung/canbo2/mo-khoa", NULL, "/quan-tri#users-section");
	assert_int_equal(store_user_get(f->s, "canbo2", &u), HL_OK);
	assert_false(u.disabled);
	run(f, &f->admin, HTTP_POST, "/quan-tri/nguoi-dung/quantri/khoa", NULL, &rs);
	assert_int_equal(rs.status, 409);
	http_response_free(&rs);
	run(f, &f->admin, HTTP_POST, "/quan-tri/nguoi-dung/nobody/khoa", NULL, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);

	/* A token: shown once on the answer, and it opens the API for its site. */
	run(f, &f->admin, HTTP_POST, "/quan-tri/ma-truy-cap", "name=motcua&sites=" A, &rs);
	assert_int_equal(rs.status, 200);
	assert_string_equal(header(&rs, "Cache-Control"), "no-store");
	assert_non_null(p = strstr(rs.body.p, "<code id=\"new-token\">"));
	p += strlen("<code id=\"new-token\">");
	assert_non_null(e = strchr(p, '<'));
	snprintf(secret, sizeof secret, "%.*s", (int)(e - p), p);
	assert_int_equal(strncmp(secret, "hl_", 3), 0);
	assert_true(has(&rs, "data-token=\"motcua\""));
	http_response_free(&rs);
	assert_string_equal(audit_of(f, "").action, "token.add");
	run(f, &f->admin, HTTP_GET, "/quan-tri", NULL, &rs);
	assert_false(has(&rs, secret));
	http_response_free(&rs);
	run(f, &f->admin, HTTP_POST, "/quan-tri/ma-truy-cap", "name=motcua&sites=" A, &rs);
	assert_int_equal(rs.status, 409);
	http_response_free(&rs);
	run(f, &f->admin, HTTP_POST, "/quan-tri/ma-truy-cap", "name=other", &rs);
	assert_int_equal(rs.status, 400);
	assert_true(has(&rs, "<code>sites</code>"));
	http_response_free(&rs);

	struct http_request rq = { .method = HTTP_GET, .path = "/api/v1/sites/" A "/terminals", .now = f->now };
	snprintf(auth, sizeof auth, "Bearer %s", secret);
	rq.authorization = auth;
	memset(&f->c, 0, sizeof f->c);
	f->c.store = f->s;
	f->c.conf = &f->conf;
	memset(&rs, 0, sizeof rs);
	web_dispatch(&f->c, &rq, &rs);
	assert_int_equal(rs.status, 200);
	http_response_free(&rs);

	expect_redirect(f, &f->admin, "/quan-tri/ma-truy-cap/motcua/thu-hoi", NULL, "/quan-tri#tokens-section");
	assert_string_equal(audit_of(f, "").action, "token.revoke");
	memset(&rs, 0, sizeof rs);
	web_dispatch(&f->c, &rq, &rs);
	assert_int_equal(rs.status, 401);
	http_response_free(&rs);
	run(f, &f->admin, HTTP_POST, "/quan-tri/ma-truy-cap/motcua/thu-hoi", NULL, &rs);
	assert_int_equal(rs.status, 404);
	http_response_free(&rs);

	/* The audit, newest first, by site, paged. */
	for (int i = 0; i < 60; i++)
		assert_int_equal(store_audit_add(f->s, f->now, "cli:root", "test.step", i % 2 ? A : B, "<i>step</i>"),
				 HL_OK);
	run(f, &f->admin, HTTP_GET, "/quan-tri", NULL, &rs);
	assert_true(has(&rs, "&lt;i&gt;step&lt;/i&gt;"));
	assert_true(has(&rs, "rel=\"next\""));
	assert_false(has(&rs, "token.revoke")); /* beyond the first page */
	p = strstr(rs.body.p, "/quan-tri?before=");
	assert_non_null(p);
	char next[80];
	snprintf(next, sizeof next, "%.*s", (int)strcspn(p, "#\""), p);
	http_response_free(&rs);
	run(f, &f->admin, HTTP_GET, next, NULL, &rs);
	assert_int_equal(rs.status, 200);
	assert_true(has(&rs, "token.revoke"));
	http_response_free(&rs);
	run(f, &f->admin, HTTP_GET, "/quan-tri?site=" A, NULL, &rs);
	assert_non_null(p = strstr(rs.body.p, "<table id=\"audit\">"));
	assert_null(strstr(p, "<td>" B "</td>"));
	assert_non_null(strstr(p, "<td>" A "</td>"));
	http_response_free(&rs);
	run(f, &f->admin, HTTP_GET, "/quan-tri?before=x", NULL, &rs);
	assert_int_equal(rs.status, 400);
	http_response_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(officer_shift_invite_and_close, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(the_transaction_shows_until_it_expires, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(shifts_tell_the_terminal_who_is_on_duty, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_transaction_the_terminal_never_got_is_not_kept, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(officers_stay_at_their_site_and_forms_carry_csrf, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(errors_are_said_on_the_page, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_head_names_the_officer, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_faulty_upload_lists_its_faults_and_stores_nothing, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_good_upload_replaces_audits_and_publishes, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(a_head_reads_and_searches_the_roster, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(admin_manages_users_tokens_and_reads_the_audit, setup, web_fixture_teardown),
	};
	if (credential_init() != HL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
