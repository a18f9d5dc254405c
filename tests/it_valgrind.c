/* SPDX-License-Identifier: MIT
 * Integration under valgrind: the aggregator daemon runs a whole life — connect, store and receipt
 * ratings from several terminals, reject malformed input, reload on SIGHUP, drain on SIGTERM — and the
 * report and rejected commands read the result, and the terminal (headless) gives ratings and gets
 * their receipts, all under memcheck. Then the same over TLS with logins: `terminal add` and
 * `account add` talk to the broker's dynamic security, serve and the terminal log in, the terminal is
 * first refused (wrong password, then a CA it does not trust, which runs the TLS probe) and heals.
 * Each must exit as a user expects, with no memory error and nothing definitely or indirectly lost. */
#include "harness.h"
#include "harness_tls.h"
#include "hl.h"
#include "secret.h"

#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "harness_http.h"

#define VALGRIND "/usr/bin/valgrind"

/* Asserts that a valgrind log reports no errors and no definite or indirect leaks. */
static void assert_clean(const char *log)
{
	if (!harness_file_has(log, "ERROR SUMMARY: 0 errors"))
		fail_msg("valgrind found errors, see %s", log);
	if (!harness_file_has(log, "All heap blocks were freed") &&
	    !(harness_file_has(log, "definitely lost: 0 bytes") && harness_file_has(log, "indirectly lost: 0 bytes")))
		fail_msg("valgrind found leaks, see %s", log);
}

static void daemon_and_commands_are_clean(void **state)
{
	char dir[256], db[300], log[300], vlog[300], out[300], vopt[340], lg[PATH_MAX + 32], agg[PATH_MAX + 32];
	struct broker b;
	int status;

	(void)state;
	harness_tmpdir(dir);
	snprintf(db, sizeof db, "%s/agg.db", dir);
	snprintf(log, sizeof log, "%s/agg.log", dir);
	snprintf(vlog, sizeof vlog, "%s/valgrind-serve.log", dir);
	snprintf(out, sizeof out, "%s/out.txt", dir);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	snprintf(agg, sizeof agg, "%s/hailong-aggregator", harness_bindir());
	snprintf(lg, sizeof lg, "%s/hailong-loadgen", harness_bindir());
	broker_start(&b, dir, 0);

	char *serve[] = { VALGRIND, "--leak-check=full", "--errors-for-leak-kinds=definite,indirect", vopt,
			  agg, "serve", "--broker", b.url, "--db", db, NULL };
	pid_t apid = harness_spawn(log, serve);
	assert_true(harness_log_says(log, "connected to the broker", 30000));

	char *pub[] = { lg, "publish", "--broker", b.url, "--site", "vg", "--terminals", "3", "--ratings", "300",
			"--window", "20", "--timeout", "120", NULL };
	assert_int_equal(harness_run(out, pub, 150000), 0);
	char *bad[] = { "/usr/bin/mosquitto_pub", "-h", "127.0.0.1", "-p", b.url + strlen("mqtt://127.0.0.1:"),
			"-q", "1", "-t", "hailong/v1/vg/q01/rating", "-m", "{\"v\":1,\"oops\":true}", NULL };
	assert_int_equal(harness_run(NULL, bad, 20000), 0);
	assert_int_equal(harness_sql_wait(db, "SELECT count(*) FROM rejected", 1, 20000), 1);

	kill(apid, SIGHUP);
	assert_true(harness_log_says(log, "settings reloaded", 20000));

	status = harness_kill(apid, SIGTERM, 60000);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_clean(vlog);
	assert_int_equal(harness_sql(db, "SELECT count(*) FROM rating"), 300);

	snprintf(vlog, sizeof vlog, "%s/valgrind-report.log", dir);
	char *report[] = { VALGRIND, "--leak-check=full", vopt, agg, "report", "counters", "--db", db, "--format",
			   "json", NULL };
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	assert_int_equal(harness_run(out, report, 120000), 0);
	assert_clean(vlog);

	snprintf(vlog, sizeof vlog, "%s/valgrind-rejected.log", dir);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	char *rejected[] = { VALGRIND, "--leak-check=full", vopt, agg, "rejected", "--db", db, NULL };
	assert_int_equal(harness_run(out, rejected, 120000), 0);
	assert_clean(vlog);
	assert_true(harness_file_has(out, "unknown field \"oops\""));

	/* The terminal (headless) gives two ratings, gets their receipts, and quits. */
	char term[PATH_MAX + 32], conf[300], script[300];
	snprintf(term, sizeof term, "%s/hailong-terminal", harness_bindir());
	snprintf(conf, sizeof conf, "%s/terminal.conf", dir);
	snprintf(script, sizeof script, "%s/citizen.script", dir);
	FILE *f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "broker = %s\nsite = vg\ncounter = q09\nofficer = cb001\nspool = %s/spool.db\nwindow = 800x480\n"
		"min_interval = 0\n", b.url, dir);
	fclose(f);
	f = fopen(script, "w");
	assert_non_null(f);
	fputs("wait 1500\nkey 5\nkey 4\nkey Return\nkey 1\nkey 2\nkey 3\nkey Return\nkey Return\nwait 4000\nquit\n", f);
	fclose(f);
	char *serve2[] = { agg, "serve", "--broker", b.url, "--db", db, NULL };
	apid = harness_spawn(log, serve2);
	snprintf(vlog, sizeof vlog, "%s/valgrind-terminal.log", dir);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	char *terminal[] = { VALGRIND, "--leak-check=full", vopt, term, "-c", conf, "--input-script", script, NULL };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	assert_int_equal(harness_run(out, terminal, 120000), 0);
	assert_clean(vlog);
	assert_int_equal(harness_sql_wait(db, "SELECT count(*) FROM rating WHERE site = 'vg' AND counter = 'q09'", 2, 10000), 2);
	harness_kill(apid, SIGTERM, 10000);

	broker_stop(&b, SIGTERM);
	harness_rmdir(dir);
}

/* Runs the aggregator command args under memcheck with its log in dir/valgrind-NAME.log, asserts exit
 * 0 and a clean log. */
static void vg_agg(const char *dir, const char *name, const char *out, char **args)
{
	char vlog[300], vopt[340], agg[PATH_MAX + 32];
	char *argv[24] = { VALGRIND, "--leak-check=full", "--errors-for-leak-kinds=definite,indirect", vopt, agg };
	size_t n = 5;

	snprintf(vlog, sizeof vlog, "%s/valgrind-%s.log", dir, name);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	snprintf(agg, sizeof agg, "%s/hailong-aggregator", harness_bindir());
	while (*args && n < 23)
		argv[n++] = *args++;
	argv[n] = NULL;
	assert_int_equal(harness_run(out, argv, 120000), 0);
	assert_clean(vlog);
}

static void secure_daemons_are_clean(void **state)
{
	char dir[256], db[300], log[300], vlog[300], vopt[340], out[300], admin[300], conf[300], acc[300];
	char tdir[260], tconf[300], script[300], term[PATH_MAX + 32], agg[PATH_MAX + 32], pw[300];
	char good[SECRET_MAX + 1], why[256], other[300];
	struct sbroker b;

	(void)state;
	harness_tmpdir(dir);
	snprintf(db, sizeof db, "%s/agg.db", dir);
	snprintf(log, sizeof log, "%s/agg.log", dir);
	snprintf(out, sizeof out, "%s/out.txt", dir);
	snprintf(admin, sizeof admin, "%s/admin.conf", dir);
	snprintf(conf, sizeof conf, "%s/agg.conf", dir);
	snprintf(acc, sizeof acc, "%s/acc", dir);
	snprintf(tdir, sizeof tdir, "%.250s/q05", dir);
	sbroker_start(&b, dir, 0, NULL, NULL);
	sbroker_admin_conf(&b, admin, db);
	vg_agg(dir, "account", out, (char *[]){ "account", "add", "aggregator", "main", "-c", admin, "--out", acc, NULL });
	vg_agg(dir, "terminal", out,
	       (char *[]){ "terminal", "add", "-c", admin, "--site", "vg", "--counter", "q05", "--out", tdir, NULL });
	vg_agg(dir, "list", out, (char *[]){ "terminal", "list", "-c", admin, NULL });
	assert_true(harness_file_has(out, "terminal.vg.q05"));
	harness_write_file(conf,
			   "broker = %s\ncafile = %s\nusername = aggregator.main\npassword_file = %s/aggregator.password\n"
			   "db = %s\n",
			   b.url, b.cafile, acc, db);

	char svlog[300], svopt[340];
	snprintf(svlog, sizeof svlog, "%s/valgrind-serve-tls.log", dir);
	snprintf(svopt, sizeof svopt, "--log-file=%s", svlog);
	snprintf(agg, sizeof agg, "%s/hailong-aggregator", harness_bindir());
	char *serve[] = { VALGRIND, "--leak-check=full", "--errors-for-leak-kinds=definite,indirect", svopt, agg,
			  "serve", "-c", conf, NULL };
	pid_t apid = harness_spawn_connected(log, serve, 30000);
	assert_true(harness_file_has(log, "connected to the broker"));

	/* The terminal, refused (wrong password) and stopped, then let in: two runs under memcheck. Healing
	 * within one run is it_secure's job: under valgrind a reconnect right after a refusal can sit ~30 s
	 * in libmosquitto's TLS connect, which says nothing about memory. */
	snprintf(pw, sizeof pw, "%s/terminal.password", tdir);
	assert_int_equal(secret_read(pw, good, sizeof good, why, sizeof why), HL_OK);
	assert_int_equal(secret_write(pw, "wrong"), HL_OK);
	tls_certs_other_ca(dir, "other");
	snprintf(other, sizeof other, "%s/other-ca/ca.crt", dir);
	snprintf(tconf, sizeof tconf, "%s/vg.conf", tdir);
	snprintf(script, sizeof script, "%s/citizen.script", tdir);
	harness_write_file(tconf,
			   "broker = %s\nsite = vg\ncounter = q05\nusername = terminal.vg.q05\npassword_file = %s\n"
			   "cafile = %s\nofficer = cb001\nspool = %s/spool.db\nwindow = 800x480\nmin_interval = 0\nresend = 2\n",
			   b.url, pw, b.cafile, tdir);
	harness_write_file(script, "wait 1500\nkey 5\nkey 4\nwait 60000\nquit\n");
	snprintf(term, sizeof term, "%s/hailong-terminal", harness_bindir());
	snprintf(vlog, sizeof vlog, "%s/valgrind-terminal-refused.log", dir);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	char tlog[300];
	snprintf(tlog, sizeof tlog, "%s/terminal.log", tdir);
	char *terminal[] = { VALGRIND, "--leak-check=full", vopt, term, "-c", tconf, "--input-script", script, NULL };
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	pid_t tpid = harness_spawn(tlog, terminal);
	assert_true(harness_log_says(tlog, "bad username or password", 30000));
	assert_true(harness_log_says(tlog, "spooled", 30000)); /* the citizen's rating waits in the spool */
	int status = harness_kill(tpid, SIGTERM, 60000);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_clean(vlog);
	assert_int_equal(harness_sql(db, "SELECT count(*) FROM rating WHERE counter = 'q05'"), 0);

	/* Let in: the spooled rating is delivered and receipted. */
	assert_int_equal(secret_write(pw, good), HL_OK);
	harness_write_file(script, "wait 20000\nquit\n");
	snprintf(vlog, sizeof vlog, "%s/valgrind-terminal-tls.log", dir);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	tpid = harness_spawn(tlog, terminal);
	assert_int_equal(harness_sql_wait(db, "SELECT count(*) FROM rating WHERE counter = 'q05'", 1, 60000), 1);
	status = harness_wait(tpid, 90000);
	assert_true(status != -1 && WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_clean(vlog);

	/* A client that does not trust the broker's CA: the probe explains, under memcheck. */
	char lg[PATH_MAX + 32];
	snprintf(lg, sizeof lg, "%s/hailong-loadgen", harness_bindir());
	snprintf(vlog, sizeof vlog, "%s/valgrind-loadgen-ca.log", dir);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	char *count[] = { VALGRIND, "--leak-check=full", vopt, lg, "count", "--broker", b.url, "--cafile", other,
			  "--username", "terminal.vg.q05", "--password-file", pw, "--topic", "x", "--expect", "1",
			  "--timeout", "4", NULL };
	assert_int_equal(harness_run(out, count, 60000), 1);
	assert_true(harness_file_has(out, "unknown CA"));
	assert_clean(vlog);

	status = harness_kill(apid, SIGTERM, 60000);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_clean(svlog);
	sbroker_stop(&b, SIGTERM);
	harness_rmdir(dir);
}

/* hailong-web's whole life under memcheck: logins (a wrong one too), every page (the account, the
 * deliveries and the public board too), a download, the
 * API (a transaction opened and closed, a report, a bad body), an event stream left open, then
 * SIGTERM: exit 0, no errors, no leaks. */
static void web_console_is_clean(void **state)
{
	char dir[256], db[300], log[300], alog[300], vlog[300], out[300], pw[300], vopt[340], agg[PATH_MAX + 32],
		web[PATH_MAX + 32], lg[PATH_MAX + 32], listen[32], cookie[256], hdr[400], token[128];
	struct broker b;
	struct reply r;
	int status, port = harness_free_port();

	(void)state;
	harness_tmpdir(dir);
	snprintf(db, sizeof db, "%s/agg.db", dir);
	snprintf(log, sizeof log, "%s/web.log", dir);
	snprintf(alog, sizeof alog, "%s/agg.log", dir);
	snprintf(vlog, sizeof vlog, "%s/valgrind-web.log", dir);
	snprintf(out, sizeof out, "%s/out.txt", dir);
	snprintf(pw, sizeof pw, "%s/pw", dir);
	snprintf(vopt, sizeof vopt, "--log-file=%s", vlog);
	snprintf(agg, sizeof agg, "%s/hailong-aggregator", harness_bindir());
	snprintf(web, sizeof web, "%s/hailong-web", harness_bindir());
	snprintf(lg, sizeof lg, "%s/hailong-loadgen", harness_bindir());
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	broker_start(&b, dir, 0);
	pid_t apid = aggregator_start(b.url, db, alog);
	char *pub[] = { lg, "publish", "--broker", b.url, "--site", "vg", "--terminals", "3", "--ratings", "120",
			"--days", "20", "--timeout", "60", NULL };
	assert_int_equal(harness_run(out, pub, 90000), 0);
	harness_write_file(pw, "mat-khau-valgrind\n");
	assert_int_equal(harness_run(out, (char *[]){ agg, "user", "add", "head", "--role", "lanh-dao", "--site", "vg",
						     "--password-file", pw, "--db", db, NULL }, 60000), 0);
	assert_int_equal(harness_run(out, (char *[]){ agg, "user", "notify", "head", "--email", "head@vg.gov.vn", "--alerts",
						     "all", "--reports", "weekly", "--db", db, NULL }, 60000), 0);
	assert_int_equal(harness_run(out, (char *[]){ agg, "board", "on", "vg", "--db", db, NULL }, 60000), 0);
	assert_int_equal(harness_run(out, (char *[]){ agg, "token", "add", "--site", "vg", "--name", "q", "--db", db, NULL },
				     60000), 0);
	char text[4096], *t;
	assert_true(harness_read_file(out, text, sizeof text));
	assert_non_null(t = strstr(text, "hl_"));
	snprintf(token, sizeof token, "%.*s", (int)strcspn(t, "\r\n"), t);

	char *argv[] = { VALGRIND, "--leak-check=full", "--errors-for-leak-kinds=definite,indirect", vopt, web,
			 "--listen", listen, "--db", db, "--broker", b.url, NULL };
	pid_t wpid = harness_spawn(log, argv);
	assert_true(harness_log_says(log, "listening on", 60000));
	assert_true(harness_port_open(port, 30000));

	assert_false(http_login(port, "head", "wrong-password", cookie, sizeof cookie));
	assert_true(http_login(port, "head", "mat-khau-valgrind", cookie, sizeof cookie));
	snprintf(hdr, sizeof hdr, "Cookie: %s\r\n", cookie);
	static const char *const pages[] = {
		"/", "/bao-cao/can-bo", "/bao-cao/thu-tuc?kind=quarter&quarter=2026-Q4", "/bao-cao/quay", "/bao-cao/don-vi",
		"/canh-bao", "/canh-bao?partial=1", "/thiet-bi", "/danh-muc", "/xuat-du-lieu", "/xuat-du-lieu/report.csv?dim=officers",
		"/xuat-du-lieu/in?dim=counters", "/quay", "/bao-cao/can-bo?quarter=2026-Q9", "/khong-co",
		"/tai-khoan", "/thu-webhook", "/thu-webhook?status=da-gui", "/thu-webhook?status=sai", "/cong-khai/vg",
		"/cong-khai/khong-co",
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		http_call(port, "GET", pages[i], hdr, NULL, 0, 60000, &r);
		assert_true(r.status >= 200 && r.status < 500);
		reply_free(&r);
	}
	snprintf(hdr, sizeof hdr, "Authorization: Bearer %s\r\nContent-Type: application/json\r\n", token);
	http_call(port, "GET", "/api/v1/sites/vg/reports/counters?year=2026", hdr, NULL, 0, 60000, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	http_call(port, "PUT", "/api/v1/sites/vg/counters/q01/session", hdr, "{\"officer\":", 11, 60000, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	http_call(port, "GET", "/api/v1/sites/vg/flags?state=open", hdr, NULL, 0, 60000, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	struct sse s;
	assert_true(sse_open(&s, port, "/su-kien", cookie));

	status = harness_kill(wpid, SIGTERM, 60000);
	sse_close(&s);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_clean(vlog);
	harness_kill(apid, SIGTERM, 20000);
	broker_stop(&b, SIGTERM);
	harness_rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(daemon_and_commands_are_clean),
		cmocka_unit_test(secure_daemons_are_clean),
		cmocka_unit_test(web_console_is_clean),
	};
	return cmocka_run_group_tests_name("it_valgrind", tests, NULL, NULL);
}
