/* SPDX-License-Identifier: MIT
 * it_web.c — the real hailong-web on 127.0.0.1 over a database the real aggregator fills through a
 * real mosquitto: pages send a visitor to the login page and carry the console's security headers;
 * a login sets an HttpOnly, SameSite=Strict cookie and a wrong one answers the same page for a
 * wrong password and an unknown user; a rating with a serious reason reaches an open event stream
 * as a flag within seconds; a one-stop token opens a counter's transaction, which a subscriber to
 * that counter's session topic receives retained; bad requests get a page or JSON that names what
 * was wrong; a bad config stops with file, line and key, bad CLI use exits 2; over HTTPS (a
 * certificate made by openssl here) the cookie is Secure and HSTS is sent; SIGTERM with a stream
 * open exits 0 at once. */
#include "harness.h"
#include "harness_http.h"
#include "harness_tls.h"
#include "hl.h"
#include "link.h"
#include "survey.h"
#include "topic.h"
#include "uuid.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PASSWORD "mat-khau-cua-demo"

struct env {
	struct stack st;
	int port;
	pid_t web;
	char weblog[300], out[300], token[128];
};

static struct env E;

/* `hailong-aggregator ARGS…` with its output in E.out; the exit code. */
static int agg(char *const args[])
{
	char *argv[32];
	char bin[PATH_MAX];
	size_t n = 0;

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	argv[n++] = bin;
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return harness_run(E.out, argv, 60000);
}

static const char *sample(const char *name)

{
	return harness_sample(name);
}

static void add_user(const char *name, const char *role, const char *site, const char *officer)
{
	char pw[320];

	snprintf(pw, sizeof pw, "%s/password", E.st.dir);
	harness_write_file(pw, "%s\n", PASSWORD);
	char *args[16] = { "user", "add", (char *)name, "--role", (char *)role, "--db", E.st.db, "--password-file", pw };
	size_t n = 9;
	if (site) {
		args[n++] = "--site";
		args[n++] = (char *)site;
	}
	if (officer) {
		args[n++] = "--officer";
		args[n++] = (char *)officer;
	}
	args[n] = NULL;
	if (agg(args) != 0)
		fail_msg("user add %s failed, see %s", name, E.out);
}

static pid_t web_start(void)
{
	char bin[PATH_MAX], listen[32];
	pid_t pid;

	snprintf(bin, sizeof bin, "%s/hailong-web", harness_bindir());
	snprintf(listen, sizeof listen, "127.0.0.1:%d", E.port);
	char *argv[] = { bin, "--listen", listen, "--db", E.st.db, "--broker", E.st.broker.url, NULL };
	pid = harness_spawn(E.weblog, argv);
	if (!harness_port_open(E.port, 8000))
		fail_msg("hailong-web did not listen on %d, see %s", E.port, E.weblog);
	return pid;
}

static int group_setup(void **state)
{
	(void)state;
	memset(&E, 0, sizeof E);
	stack_up(&E.st);
	snprintf(E.out, sizeof E.out, "%s/cmd.log", E.st.dir);
	snprintf(E.weblog, sizeof E.weblog, "%s/web.log", E.st.dir);
	char *imp[] = { "roster", "import", "--db", E.st.db, (char *)sample("officers.csv"),
			(char *)sample("procedures.csv"), NULL };
	if (agg(imp) != 0)
		fail_msg("roster import failed, see %s", E.out);
	add_user("lanhdao", "lanh-dao", "sct-bentre", NULL);
	add_user("khac", "lanh-dao", "stp-vinh", NULL);
	char *tok[] = { "token", "add", "--site", "sct-bentre", "--name", "mot-cua", "--db", E.st.db, NULL };
	static char text[65536];
	if (agg(tok) != 0 || !harness_read_file(E.out, text, sizeof text))
		fail_msg("token add failed, see %s", E.out);
	/* The token is the last line that starts with hl_ (the command log is appended to). */
	char *t = NULL;
	for (char *p = strstr(text, "\nhl_"); p; p = strstr(p + 1, "\nhl_"))
		t = p + 1;
	if (!t && strncmp(text, "hl_", 3) == 0)
		t = text;
	if (!t)
		fail_msg("no token printed: %s", text);
	snprintf(E.token, sizeof E.token, "%.*s", (int)strcspn(t, "\r\n"), t);
	E.port = harness_free_port();
	E.web = web_start();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (E.web)
		harness_kill(E.web, SIGTERM, 5000);
	stack_down(&E.st);
	return 0;
}

static void get(const char *path, const char *cookie, struct reply *r)
{
	char hdr[300] = "";

	if (cookie)
		snprintf(hdr, sizeof hdr, "Cookie: %s\r\n", cookie);
	http_call(E.port, "GET", path, hdr, NULL, 0, 10000, r);
}

static void expect_header(const struct reply *r, const char *name, const char *part)
{
	char v[1024];

	if (!reply_header(r, name, v, sizeof v))
		fail_msg("no %s header", name);
	if (!strstr(v, part))
		fail_msg("%s: '%s' lacks '%s'", name, v, part);
}

static void test_pages_need_login(void **state)
{
	struct reply r;

	(void)state;
	get("/", NULL, &r);
	assert_int_equal(r.status, 303);
	expect_header(&r, "Location", "/dang-nhap?next=%2F");
	reply_free(&r);
	get("/dang-nhap", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Đăng nhập"));
	assert_non_null(strstr(r.body, "<html lang=\"vi\">"));
	expect_header(&r, "Content-Security-Policy", "script-src 'self'");
	expect_header(&r, "Content-Security-Policy", "frame-ancestors 'none'");
	expect_header(&r, "X-Content-Type-Options", "nosniff");
	expect_header(&r, "Referrer-Policy", "same-origin");
	expect_header(&r, "Cache-Control", "no-store");
	expect_header(&r, "Content-Type", "text/html; charset=utf-8");
	/* No inline script anywhere: the one script is a file of this server. */
	assert_null(strstr(r.body, "<script>"));
	assert_non_null(strstr(r.body, "<script src=\"/static/console.js\""));
	reply_free(&r);
	get("/static/console.css", NULL, &r);
	assert_int_equal(r.status, 200);
	expect_header(&r, "Content-Type", "text/css");
	assert_non_null(strstr(r.body, "@media print"));
	reply_free(&r);
}

static void test_login(void **state)
{
	struct reply a, b, r;
	char cookie[256], v[512];
	const char *form = "Content-Type: application/x-www-form-urlencoded\r\n";

	(void)state;
	http_call(E.port, "POST", "/dang-nhap", form, "name=lanhdao&password=sai-mat-khau", 34, 15000, &a);
	http_call(E.port, "POST", "/dang-nhap", form, "name=khongco&password=sai-mat-khau", 34, 15000, &b);
	assert_int_equal(a.status, 200);
	assert_int_equal(b.status, 200);
	assert_false(reply_header(&a, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(a.body, "Tên đăng nhập hoặc mật khẩu không đúng."));
	assert_int_equal(a.len - strlen("lanhdao"), b.len - strlen("khongco"));
	reply_free(&a);
	reply_free(&b);

	http_call(E.port, "POST", "/dang-nhap", form, "name=lanhdao&password=" PASSWORD "&next=/thiet-bi",
		  strlen("name=lanhdao&password=" PASSWORD "&next=/thiet-bi"), 15000, &r);
	assert_int_equal(r.status, 303);
	expect_header(&r, "Location", "/thiet-bi");
	expect_header(&r, "Set-Cookie", "HttpOnly");
	expect_header(&r, "Set-Cookie", "SameSite=Strict");
	reply_header(&r, "Set-Cookie", v, sizeof v);
	snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(v, ";"), v);
	reply_free(&r);
	/* The database holds the cookie's hash, never the cookie. */
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM web_login WHERE token_hash LIKE '%%%s%%'", strchr(cookie, '=') + 1);
	assert_int_equal(harness_sql(E.st.db, sql), 0);
	assert_true(harness_sql(E.st.db, "SELECT count(*) FROM web_login") >= 1);

	/* Logged in: the page shows who; logging out needs the page's CSRF token. */
	get("/dang-nhap?next=/", cookie, &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	get("/khong-co-trang-nay", cookie, &r);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "lanhdao"));
	char csrf[80], body[160], hdr[400];
	assert_true(reply_csrf(&r, csrf, sizeof csrf));
	reply_free(&r);
	snprintf(hdr, sizeof hdr, "Cookie: %s\r\n%s", cookie, form);
	http_call(E.port, "POST", "/dang-xuat", hdr, "csrf=wrong", 10, 10000, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	int n = snprintf(body, sizeof body, "csrf=%s", csrf);
	http_call(E.port, "POST", "/dang-xuat", hdr, body, (size_t)n, 10000, &r);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	get("/", cookie, &r);
	assert_int_equal(r.status, 303); /* the session is over */
	reply_free(&r);
}

static void send_serious(const char *counter)
{
	struct link *l = harness_client(E.st.broker.port, NULL);
	struct rating rt;
	char topic[HL_TOPIC_MAX], body[1024];
	size_t len;

	assert_non_null(l);
	memset(&rt, 0, sizeof rt);
	assert_int_equal(uuid_new(rt.id), HL_OK);
	strcpy(rt.site, "sct-bentre");
	snprintf(rt.counter, sizeof rt.counter, "%s", counter);
	strcpy(rt.officer, "cb002");
	strcpy(rt.procedure, "1.001234");
	rt.scale = 5;
	rt.answers[SURVEY_Q_OFFICER] = 1;
	rt.reasons = 1u << SURVEY_R_NHUNG_NHIEU;
	rt.ts = (int64_t)time(NULL);
	rt.clock_ok = true;
	assert_int_equal(wire_rating_encode(&rt, body, sizeof body, &len), HL_OK);
	assert_int_equal(topic_counter(topic, sizeof topic, rt.site, rt.counter, "rating"), HL_OK);
	assert_int_equal(link_publish(l, topic, body, len, 1, false), HL_OK);
	assert_int_equal(link_flush(l, 5000), HL_OK);
	link_stop(l, NULL);
}

static void test_live_flag(void **state)
{
	char cookie[256];
	struct sse s, other;
	int64_t t0;

	(void)state;
	assert_true(http_login(E.port, "lanhdao", PASSWORD, cookie, sizeof cookie));
	if (!sse_open(&s, E.port, "/su-kien?site=sct-bentre", cookie))
		fail_msg("no event stream: %s", s.buf);
	char cookie2[256];
	assert_true(http_login(E.port, "khac", PASSWORD, cookie2, sizeof cookie2));
	assert_true(sse_open(&other, E.port, "/su-kien", cookie2));
	t0 = harness_now_ms();
	send_serious("q03");
	if (!sse_wait(&s, "event: flag", 10000))
		fail_msg("no flag event within 10 s: %s", s.buf);
	fprintf(stderr, "flag reached the open page's stream %lld ms after the rating was published\n",
		(long long)(harness_now_ms() - t0));
	assert_non_null(strstr(s.buf, "\"site\":\"sct-bentre\""));
	assert_non_null(strstr(s.buf, "\"kind\":\"serious\""));
	/* The head of another site is not told. */
	assert_false(sse_wait(&other, "event: flag", 1500));
	sse_close(&s);
	sse_close(&other);

	/* Another site's stream is refused outright. */
	struct reply r;
	get("/su-kien?site=stp-vinh", cookie, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
}

static void test_api_opens_transaction(void **state)
{
	struct link *sub = harness_client(E.st.broker.port, "hailong/v1/sct-bentre/q05/session");
	struct link_msg *m = NULL;
	struct reply r;
	char hdr[300];
	size_t n = 0;
	const char *body = "{\"officer\":\"cb002\",\"procedure\":\"1.001234\"}";

	(void)state;
	assert_non_null(sub);
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n", E.token);
	http_call(E.port, "PUT", "/api/v1/sites/sct-bentre/counters/q05/session", hdr, body, strlen(body), 15000, &r);
	if (r.status != 200)
		fail_msg("PUT session: %d %s", r.status, r.body ? r.body : "");
	assert_non_null(strstr(r.body, "\"officer\":\"cb002\""));
	reply_free(&r);
	link_take(sub, 5000, 10, &m, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(m->payload, "\"officer\":\"cb002\""));
	assert_non_null(strstr(m->payload, "\"procedure\":\"1.001234\""));
	link_msgs_free(m);
	link_stop(sub, NULL);
	/* A late subscriber (the terminal after a reboot) gets it too: it is retained. */
	sub = harness_client(E.st.broker.port, "hailong/v1/sct-bentre/q05/session");
	link_take(sub, 5000, 10, &m, &n);
	assert_int_equal(n, 1);
	assert_true(m->retain);
	link_msgs_free(m);
	link_stop(sub, NULL);

	/* An officer the roster does not have: 422 naming the field; another site: 403; no token: 401. */
	const char *badofficer = "{\"officer\":\"cb999\",\"procedure\":\"1.001234\"}";
	http_call(E.port, "PUT", "/api/v1/sites/sct-bentre/counters/q05/session", hdr, badofficer, strlen(badofficer),
		  10000, &r);
	assert_int_equal(r.status, 422);
	assert_non_null(strstr(r.body, "\"parameter\":\"officer\""));
	reply_free(&r);
	http_call(E.port, "PUT", "/api/v1/sites/stp-vinh/counters/q05/session", hdr, body, strlen(body), 10000, &r);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	http_call(E.port, "GET", "/api/v1/sites/sct-bentre/terminals", NULL, NULL, 0, 10000, &r);
	assert_int_equal(r.status, 401);
	expect_header(&r, "WWW-Authenticate", "Bearer");
	expect_header(&r, "Content-Type", "application/json");
	reply_free(&r);
	/* The change is audited as the token. */
	assert_true(harness_sql(E.st.db, "SELECT count(*) FROM audit WHERE who = 'token:mot-cua'") >= 1);
}

static void test_bad_requests(void **state)
{
	char cookie[256], hdr[400];
	struct reply r;

	(void)state;
	assert_true(http_login(E.port, "lanhdao", PASSWORD, cookie, sizeof cookie));
	get("/bao-cao/can-bo?quarter=%FF", cookie, &r);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "<code>quarter</code>"));
	reply_free(&r);
	/* A body over 1 MiB is refused before anything reads it. */
	size_t big = (1u << 20) + 10;
	char *b = malloc(big);
	memset(b, 'a', big);
	snprintf(hdr, sizeof hdr, "Cookie: %s\r\nContent-Type: application/x-www-form-urlencoded\r\n", cookie);
	http_call(E.port, "POST", "/dang-xuat", hdr, b, big, 15000, &r);
	free(b);
	assert_int_equal(r.status, 413);
	reply_free(&r);
	/* The API answers in JSON. */
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n", E.token);
	http_call(E.port, "PUT", "/api/v1/sites/sct-bentre/counters/q05/session", hdr, "{\"officer\":", 11, 10000, &r);
	assert_int_equal(r.status, 400);
	expect_header(&r, "Content-Type", "application/json");
	reply_free(&r);
	/* The web log shows no crash and the server still answers. */
	get("/dang-nhap", NULL, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void test_bad_config_and_cli(void **state)
{
	char bin[PATH_MAX], conf[320], log[320], text[4096];

	(void)state;
	snprintf(bin, sizeof bin, "%s/hailong-web", harness_bindir());
	snprintf(conf, sizeof conf, "%s/web.conf", E.st.dir);
	snprintf(log, sizeof log, "%s/web-bad.log", E.st.dir);
	harness_write_file(conf, "# console\nlisten = 127.0.0.1:8080\nsession_idle_minutes = forever\n");
	assert_int_equal(harness_run(log, (char *[]){ bin, "-c", conf, NULL }, 10000), 1);
	assert_true(harness_read_file(log, text, sizeof text));
	assert_non_null(strstr(text, "web.conf:3"));
	assert_non_null(strstr(text, "session_idle_minutes"));
	harness_write_file(conf, "listen = 127.0.0.1:8080\ncolour = blue\n");
	assert_int_equal(harness_run(log, (char *[]){ bin, "-c", conf, NULL }, 10000), 1);
	assert_true(harness_read_file(log, text, sizeof text));
	assert_non_null(strstr(text, "web.conf:2"));
	assert_non_null(strstr(text, "colour"));
	assert_int_equal(harness_run(log, (char *[]){ bin, "--colour", "blue", NULL }, 10000), 2);
	assert_true(harness_read_file(log, text, sizeof text));
	assert_non_null(strstr(text, "--colour"));
	assert_int_equal(harness_run(log, (char *[]){ bin, NULL }, 10000), 2);
	assert_int_equal(harness_run(log, (char *[]){ bin, "--listen", "127.0.0.1:1", "--db", "/nonexistent/x.db", NULL }, 10000), 1);
	assert_true(harness_read_file(log, text, sizeof text));
	assert_non_null(strstr(text, "/nonexistent/x.db"));
}

/* hailong-web with tls_cert and tls_key, checked with curl against the test's CA. */
static void test_https(void **state)
{
	char certs[320], conf[320], log[320], out[320], bin[PATH_MAX], url[96], text[16384];
	int port = harness_free_port();

	(void)state;
	snprintf(certs, sizeof certs, "%s/certs", E.st.dir);
	tls_certs_make(certs, "web", NULL);
	snprintf(conf, sizeof conf, "%s/web-tls.conf", E.st.dir);
	harness_write_file(conf, "listen = 127.0.0.1:%d\ndb = %s\ntls_cert = %s/web.crt\ntls_key = %s/web.key\n", port,
			   E.st.db, certs, certs);
	snprintf(log, sizeof log, "%s/web-tls.log", E.st.dir);
	snprintf(out, sizeof out, "%s/curl.out", E.st.dir);
	snprintf(bin, sizeof bin, "%s/hailong-web", harness_bindir());
	pid_t pid = harness_spawn(log, (char *[]){ bin, "-c", conf, NULL });
	assert_true(harness_port_open(port, 8000));
	assert_true(harness_log_says(log, "listening on https://127.0.0.1:", 5000));
	snprintf(url, sizeof url, "https://127.0.0.1:%d/dang-nhap", port);
	char cafile[340];
	snprintf(cafile, sizeof cafile, "%s/ca.crt", certs);
	char *curl[] = { "/usr/bin/curl", "-sS", "-i", "--cacert", cafile, "-d", "name=lanhdao&password=" PASSWORD, url, NULL };
	assert_int_equal(harness_run(out, curl, 20000), 0);
	assert_true(harness_read_file(out, text, sizeof text));
	if (!strstr(text, "HTTP/1.1 303"))
		fail_msg("no 303 over HTTPS: %s", text);
	assert_non_null(strstr(text, "; Secure"));
	assert_non_null(strstr(text, "Strict-Transport-Security: max-age="));
	/* Plain HTTP to the HTTPS port gets nothing useful. */
	struct reply r;
	http_call(port, "GET", "/dang-nhap", NULL, NULL, 0, 3000, &r);
	assert_int_not_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(harness_kill(pid, SIGTERM, 5000), 0);
}

static void test_sigterm_with_stream_open(void **state)
{
	char cookie[256];
	struct sse s;
	int64_t t0;

	(void)state;
	assert_true(http_login(E.port, "lanhdao", PASSWORD, cookie, sizeof cookie));
	assert_true(sse_open(&s, E.port, "/su-kien", cookie));
	t0 = harness_now_ms();
	kill(E.web, SIGTERM);
	assert_int_equal(harness_finish(E.web, 5000), 0);
	E.web = 0;
	assert_true(harness_now_ms() - t0 < 2000);
	sse_close(&s);
	assert_true(harness_file_has(E.weblog, "stopping"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_need_login),
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_live_flag),
		cmocka_unit_test(test_api_opens_transaction),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(test_bad_config_and_cli),
		cmocka_unit_test(test_https),
		cmocka_unit_test(test_sigterm_with_stream_open),
	};
	return cmocka_run_group_tests_name("it_web", tests, group_setup, group_teardown);
}
