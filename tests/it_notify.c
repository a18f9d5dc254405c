/* SPDX-License-Identifier: MIT
 * Integration: hailong-notify with the real programs on 127.0.0.1 — a real mosquitto, the real
 * aggregator (alert_hold_seconds = 0) with the sample roster imported and a head of sct-bentre who
 * chose serious alerts (her address and choice written as the console would, in notify_pref), a
 * local mail server (tests/notify/smtp_server.py: Debian's aiosmtpd, STARTTLS with a certificate
 * made here by openssl, AUTH required) and a local webhook receiver (tests/notify/hook_server.py).
 * A serious rating becomes exactly one e-mail (To, a Vietnamese Subject with the day, a body with the
 * day and no time) and one signed webhook call (the signature checked here) within seconds. With the
 * mail server down the delivery waits (`deliveries` shows it, delivery_log has the failures); the
 * notifier is killed (SIGKILL) and started again; when the server is back the e-mail arrives once. A
 * webhook answering 500 is tried again with backoff and delivered once. The restarted notifier runs
 * under valgrind (not in the ASan build): it plans and sends one more flag, reloads on SIGHUP and
 * ends with 0 on SIGTERM, with no memory error and no leak. */
#include "harness.h"
#include "hl.h"
#include "hook.h"
#include "mail_read.h"
#include "link.h"
#include "topic.h"
#include "uuid.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#define SECRET "it-notify-hook-secret"
#define VALGRIND "/usr/bin/valgrind"
#define HEAD_MAIL "lanhdao@bentre.gov.vn"

static struct env {
	char dir[256], db[300], aggconf[300], agglog[300], conf[300], log[300], out[300];
	char maildir[300], hookdir[300], cert[300], key[300], smtplog[300], hooklog[300], vlog[300];
	bool valgrind; /* the notifier runs under memcheck */
	struct broker broker;
	pid_t agg, notify, smtp, hook;
	int smtp_port, hook_port;
	struct link *term;
} E;

static const char *src_file(const char *rel)

{
	const char *p = harness_source(rel);

	if (!p)
		fail_msg("%s not found", rel);
	return p;
}

static int agg(char *const args[])
{
	char *argv[32], bin[PATH_MAX];
	size_t n = 0;

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	argv[n++] = bin;
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	return harness_run(E.out, argv, 60000);
}

static void smtp_start(void)
{
	char pw[320], *argv[10];

	snprintf(pw, sizeof pw, "%s/smtp.password", E.dir);
	char port[16];
	snprintf(port, sizeof port, "%d", E.smtp_port);
	argv[0] = "/usr/bin/python3";
	argv[1] = (char *)src_file("tests/notify/smtp_server.py");
	argv[2] = port;
	argv[3] = E.maildir;
	argv[4] = E.cert;
	argv[5] = E.key;
	argv[6] = "hailong";
	argv[7] = pw;
	argv[8] = NULL;
	E.smtp = harness_spawn(E.smtplog, argv);
	if (!harness_port_open(E.smtp_port, 10000))
		fail_msg("the mail server did not listen, see %s", E.smtplog);
}

static void smtp_stop(void)
{
	if (E.smtp > 0)
		harness_kill(E.smtp, SIGTERM, 5000);
	E.smtp = 0;
}

/* Starts `hailong-notify serve`; under valgrind's memcheck (its report in E.vlog) when vg and
 * valgrind is there (never in the ASan build: they do not mix). */
static void notify_start(bool vg)
{
	char bin[PATH_MAX], vopt[340];

	snprintf(bin, sizeof bin, "%s/hailong-notify", harness_bindir());
	snprintf(vopt, sizeof vopt, "--log-file=%s", E.vlog);
#ifdef HL_NO_VALGRIND
	vg = false;
#endif
	vg = vg && access(VALGRIND, X_OK) == 0;
	char *plain[] = { bin, "serve", "-c", E.conf, NULL };
	char *under[] = { VALGRIND, "--leak-check=full", "--errors-for-leak-kinds=definite,indirect", vopt, bin, "serve",
			  "-c", E.conf, NULL };
	int before = harness_count_lines(E.log, "serving ");
	E.notify = harness_spawn(E.log, vg ? under : plain);
	E.valgrind = vg;
	if (!harness_wait_lines(E.log, "serving ", before + 1, vg ? 60000 : 10000))
		fail_msg("hailong-notify did not start, see %s", E.log);
}

/* The count of files in folder whose name ends with suffix. */
static int count_files(const char *folder, const char *suffix)
{
	DIR *d = opendir(folder);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t a = strlen(e->d_name), b = strlen(suffix);
		n += a > b && strcmp(e->d_name + a - b, suffix) == 0;
	}
	closedir(d);
	return n;
}

static bool wait_files(const char *folder, const char *suffix, int want, int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms;

	while (count_files(folder, suffix) < want && harness_now_ms() < deadline)
		harness_sleep_ms(50);
	return count_files(folder, suffix) >= want;
}

/* The n-th saved file (1-based) of folder, with suffix, in new memory. */
static char *saved(const char *folder, int n, const char *suffix)
{
	char path[400];

	snprintf(path, sizeof path, "%s/%d%s", folder, n, suffix);
	return harness_slurp(path, NULL);
}



/* The Subject of a saved mail, its encoded-words decoded. */
static void mail_subject(const char *eml, char *out)
{
	const char *p = strstr(eml, "\r\nSubject:");

	assert_non_null(p);
	mail_words(p + 2, out);
}

static bool has_time(const char *s)
{
	for (const char *p = s; *p; p++)
		if (p[0] >= '0' && p[0] <= '9' && p[1] == ':' && p[2] >= '0' && p[2] <= '9')
			return true;
	return false;
}

/* Publishes, as a terminal whose clock is set, a rating of counter at ts (Unix seconds) for officer:
 * a serious complaint (the lowest level and Nhũng nhiễu), or a satisfied rating. */
static void send_rating(const char *counter, const char *officer, bool serious, int64_t ts)
{
	struct rating r;
	char topic[HL_TOPIC_MAX], body[1024];
	size_t len;

	memset(&r, 0, sizeof r);
	assert_int_equal(uuid_new(r.id), HL_OK);
	strcpy(r.site, "sct-bentre");
	snprintf(r.counter, sizeof r.counter, "%s", counter);
	snprintf(r.officer, sizeof r.officer, "%s", officer);
	strcpy(r.procedure, "1.001234");
	r.scale = 5;
	r.answers[SURVEY_Q_OFFICER] = serious ? 1 : 5;
	if (serious)
		r.reasons = 1u << SURVEY_R_NHUNG_NHIEU;
	else
		r.answers[SURVEY_Q_PROCEDURE] = 4;
	r.ts = ts;
	r.clock_ok = true;
	assert_int_equal(wire_rating_encode(&r, body, sizeof body, &len), HL_OK);
	assert_int_equal(topic_counter(topic, sizeof topic, r.site, r.counter, "rating"), HL_OK);
	assert_int_equal(link_publish(E.term, topic, body, len, 1, false), HL_OK);
}

static void send_serious(const char *officer)
{
	send_rating("q01", officer, true, (int64_t)time(NULL));
}


static void exec_sql(const char *sql)
{
	sqlite3 *h = NULL;
	char *err = NULL;

	assert_int_equal(sqlite3_open(E.db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(h);
}

static int group_setup(void **state)
{
	char path[400], cmd[1200];

	(void)state;
	memset(&E, 0, sizeof E);
	harness_tmpdir(E.dir);
	snprintf(E.db, sizeof E.db, "%s/aggregator.db", E.dir);
	snprintf(E.aggconf, sizeof E.aggconf, "%s/aggregator.conf", E.dir);
	snprintf(E.agglog, sizeof E.agglog, "%s/aggregator.log", E.dir);
	snprintf(E.conf, sizeof E.conf, "%s/notify.conf", E.dir);
	snprintf(E.log, sizeof E.log, "%s/notify.log", E.dir);
	snprintf(E.out, sizeof E.out, "%s/cmd.out", E.dir);
	snprintf(E.maildir, sizeof E.maildir, "%s/mail", E.dir);
	snprintf(E.hookdir, sizeof E.hookdir, "%s/hooks", E.dir);
	snprintf(E.cert, sizeof E.cert, "%s/smtp-cert.pem", E.dir);
	snprintf(E.key, sizeof E.key, "%s/smtp-key.pem", E.dir);
	snprintf(E.smtplog, sizeof E.smtplog, "%s/smtp.log", E.dir);
	snprintf(E.hooklog, sizeof E.hooklog, "%s/hook.log", E.dir);
	snprintf(E.vlog, sizeof E.vlog, "%s/valgrind-notify.log", E.dir);
	mkdir(E.maildir, 0700);
	mkdir(E.hookdir, 0700);
	broker_start(&E.broker, E.dir, 0);

	/* The aggregator, the roster, a head with an address who chose serious alerts. */
	harness_write_file(E.aggconf, "broker = %s\ndb = %s\nclient_id = it-notify\nalert_hold_seconds = 0\n",
			   E.broker.url, E.db);
	char bin[PATH_MAX];
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *aargv[] = { bin, "serve", "-c", E.aggconf, NULL };
	E.agg = harness_spawn_connected(E.agglog, aargv, 8000);
	assert_true(harness_log_says(E.agglog, "connected to the broker", 1000));
	char *imp[] = { "roster", "import", "--db", E.db, "--sites", (char *)src_file("assets/roster/sites.csv"),
			(char *)src_file("assets/roster/officers.csv"), (char *)src_file("assets/roster/procedures.csv"),
			(char *)src_file("assets/roster/counters.csv"), NULL };
	if (agg(imp) != 0)
		fail_msg("roster import failed, see %s", E.out);
	snprintf(path, sizeof path, "%s/user.password", E.dir);
	harness_write_file(path, "mat-khau-dai-cua-lanh-dao\n");
	char *add[] = { "user", "add", "lanhdao", "--role", "lanh-dao", "--site", "sct-bentre", "--db", E.db,
			"--password-file", path, NULL };
	if (agg(add) != 0)
		fail_msg("user add failed, see %s", E.out);
	/* Her choice, as the IT admin sets it before she first logs in (the console's page writes the same). */
	char *pref[] = { "user", "notify", "lanhdao", "--email", HEAD_MAIL, "--alerts", "serious", "--db", E.db, NULL };
	if (agg(pref) != 0)
		fail_msg("user notify failed, see %s", E.out);

	/* The mail server: a certificate for 127.0.0.1, a login. */
	snprintf(cmd, sizeof cmd,
		 "openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 2 -subj /CN=127.0.0.1"
		 " -addext subjectAltName=IP:127.0.0.1 2>/dev/null",
		 E.key, E.cert);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof path, "%s/smtp.password", E.dir);
	harness_write_file(path, "mat-khau-smtp\n");
	chmod(path, 0600);
	E.smtp_port = harness_free_port();
	smtp_start();

	/* The webhook receiver, its secret, the webhooks file. */
	E.hook_port = harness_free_port();
	char port[16];
	snprintf(port, sizeof port, "%d", E.hook_port);
	char *hargv[] = { "/usr/bin/python3", (char *)src_file("tests/notify/hook_server.py"), port, E.hookdir, NULL };
	E.hook = harness_spawn(E.hooklog, hargv);
	if (!harness_port_open(E.hook_port, 10000))
		fail_msg("the webhook receiver did not listen, see %s", E.hooklog);
	snprintf(path, sizeof path, "%s/chat.secret", E.dir);
	harness_write_file(path, SECRET "\n");
	chmod(path, 0600);
	snprintf(path, sizeof path, "%s/webhooks.csv", E.dir);
	harness_write_file(path, "name,url,secret_file,sites\nchat,http://127.0.0.1:%d/hailong,chat.secret,sct-bentre\n",
			   E.hook_port);

	harness_write_file(E.conf,
			   "# it_notify\ndb = %s\nsmtp_url = smtp://127.0.0.1:%d\nsmtp_username = hailong\n"
			   "smtp_password_file = smtp.password\nsmtp_cafile = smtp-cert.pem\nmail_from = hailong@so-tp.gov.vn\n"
			   "webhooks_file = webhooks.csv\nalert_hold_seconds = 0\nretry_first_seconds = 1\n"
			   "retry_max_seconds = 2\ntimeout_seconds = 10\nconsole_url = https://hailong.example.gov.vn\n"
			   "log_level = debug\n",
			   E.db, E.smtp_port);
	notify_start(false);
	E.term = harness_client(E.broker.port, NULL);
	assert_non_null(E.term);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (E.term)
		link_stop(E.term, NULL);
	if (E.notify > 0)
		harness_kill(E.notify, SIGTERM, 10000);
	smtp_stop();
	if (E.hook > 0)
		harness_kill(E.hook, SIGTERM, 5000);
	if (E.agg > 0)
		harness_kill(E.agg, SIGTERM, 10000);
	broker_stop(&E.broker, SIGTERM);
	harness_rmdir(E.dir);
	return 0;
}

/* The flag id of officer's serious flag, waited for. */
static int64_t flag_of(const char *officer)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM flag WHERE kind = 'serious' AND subject = '%s'", officer);
	assert_int_equal(harness_sql_wait(E.db, sql, 1, 10000), 1);
	snprintf(sql, sizeof sql, "SELECT id FROM flag WHERE kind = 'serious' AND subject = '%s'", officer);
	return harness_sql(E.db, sql);
}

/* Checks the webhook call saved as n: signed for its body with the secret, about flag id. Returns
 * the status it was answered with. */
static int check_hook(int n, int64_t flag)
{
	char *text = saved(E.hookdir, n, ".json"), sig[HOOK_SIG_MAX], want[64];
	cJSON *j = cJSON_Parse(text);

	assert_non_null(j);
	const cJSON *h = cJSON_GetObjectItemCaseSensitive(j, "headers");
	const char *body = cJSON_GetObjectItemCaseSensitive(j, "body")->valuestring;
	const char *got = cJSON_GetObjectItemCaseSensitive(h, "X-HaiLong-Signature")->valuestring;
	assert_non_null(cJSON_GetObjectItemCaseSensitive(h, "X-HaiLong-Delivery"));
	long long t = 0;
	assert_int_equal(sscanf(got, "t=%lld,", &t), 1);
	assert_true(llabs(t - (long long)time(NULL)) < 120);
	assert_int_equal(hook_sign((const unsigned char *)SECRET, strlen(SECRET), t, body, strlen(body), sig, sizeof sig),
			 HL_OK);
	assert_string_equal(got, sig);
	cJSON *b = cJSON_Parse(body);
	assert_non_null(b);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "event")->valuestring, "flag.opened");
	snprintf(want, sizeof want, "flag:%lld", (long long)flag);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(b, "topic")->valuestring, want);
	const cJSON *fl = cJSON_GetObjectItemCaseSensitive(b, "flag");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fl, "kind")->valuestring, "serious");
	assert_int_equal(strlen(cJSON_GetObjectItemCaseSensitive(fl, "day")->valuestring), 10);
	assert_false(has_time(body));
	int status = cJSON_GetObjectItemCaseSensitive(j, "status")->valueint;
	cJSON_Delete(b);
	cJSON_Delete(j);
	free(text);
	return status;
}

/* How many saved mails hold text. */
static int mails_with(const char *text)
{
	int n = 0, k = count_files(E.maildir, ".eml");

	for (int i = 1; i <= k; i++) {
		char *t = saved(E.maildir, i, ".eml");
		n += strstr(t, text) != NULL;
		free(t);
	}
	return n;
}

static void serious_rating_is_one_mail_and_one_webhook_call(void **state)
{
	char subject[1024], day[16], body[8192];
	struct tm tm;
	time_t now = time(NULL) + 7 * 3600;

	(void)state;
	int64_t t0 = harness_now_ms();
	send_serious("cb001");
	int64_t flag = flag_of("cb001");
	assert_true(wait_files(E.maildir, ".eml", 1, 15000));
	assert_true(wait_files(E.hookdir, ".json", 1, 15000));
	print_message("mail and webhook call %.1f s after the rating\n", (double)(harness_now_ms() - t0) / 1000);
	harness_sleep_ms(3000); /* and no second one */
	assert_int_equal(count_files(E.maildir, ".eml"), 1);
	assert_int_equal(count_files(E.hookdir, ".json"), 1);

	char *eml = saved(E.maildir, 1, ".eml"), *rcpt = saved(E.maildir, 1, ".rcpt");
	assert_string_equal(rcpt, HEAD_MAIL "\n");
	assert_non_null(strstr(eml, "\r\nTo: <" HEAD_MAIL ">\r\n"));
	gmtime_r(&now, &tm);
	strftime(day, sizeof day, "%d/%m/%Y", &tm);
	mail_subject(eml, subject);
	assert_non_null(strstr(subject, "Cảnh báo: Nghiêm trọng"));
	assert_non_null(strstr(subject, "Sở Công Thương tỉnh Bến Tre"));
	assert_non_null(strstr(subject, day));
	assert_false(has_time(subject));
	mail_unb64(strstr(eml, "\r\n\r\n") + 4, SIZE_MAX, body);
	assert_non_null(strstr(body, day));
	assert_non_null(strstr(body, "Trần Văn Bình"));
	assert_non_null(strstr(body, "https://hailong.example.gov.vn/canh-bao"));
	assert_false(has_time(body));
	free(eml);
	free(rcpt);
	assert_int_equal(check_hook(1, flag), 200);
	assert_int_equal(harness_sql(E.db, "SELECT count(*) FROM delivery WHERE status = 1"), 2);
	assert_int_equal(harness_sql(E.db, "SELECT count(*) FROM delivery_log WHERE ok = 1"), 2);
}

static void mail_server_down_then_back_delivers_once_across_a_kill(void **state)
{
	char sql[300], status[340], mid[64];
	char bin[PATH_MAX];

	(void)state;
	smtp_stop();
	snprintf(status, sizeof status, "%s/status", E.hookdir);
	harness_write_file(status, "500\n");
	int hooks_before = count_files(E.hookdir, ".json");
	send_serious("cb002");
	int64_t flag = flag_of("cb002");
	snprintf(sql, sizeof sql,
		 "SELECT count(*) >= 2 FROM delivery_log WHERE ok = 0 AND delivery = (SELECT id FROM delivery WHERE"
		 " topic = 'flag:%lld' AND channel = 0)",
		 (long long)flag);
	assert_int_equal(harness_sql_wait(E.db, sql, 1, 20000), 1);
	/* The webhook: answered 500 at least twice, with backoff. */
	assert_true(wait_files(E.hookdir, ".json", hooks_before + 2, 20000));
	/* A person asks: it waits. */
	snprintf(bin, sizeof bin, "%s/hailong-notify", harness_bindir());
	char *list[] = { bin, "deliveries", "-c", E.conf, "--status", "waiting", NULL };
	unlink(E.out);
	assert_int_equal(harness_run(E.out, list, 10000), 0);
	char topic[32];
	snprintf(topic, sizeof topic, "flag:%lld", (long long)flag);
	assert_true(harness_file_has(E.out, topic));
	assert_true(harness_file_has(E.out, "Đang chờ"));
	assert_true(harness_file_has(E.out, "user:lanhdao"));
	assert_true(harness_file_has(E.out, "Trạng thái"));
	char *bad[] = { bin, "deliveries", "-c", E.conf, "--status", "nope", NULL };
	assert_int_equal(harness_run(E.out, bad, 10000), 2);

	/* Killed without warning, started again (under valgrind, for the rest of its life). */
	kill(E.notify, SIGKILL);
	harness_wait(E.notify, 5000);
	notify_start(true);
	harness_sleep_ms(1500);
	unlink(status); /* the receiver is well again */
	smtp_start();
	snprintf(sql, sizeof sql, "SELECT count(*) FROM delivery WHERE topic = 'flag:%lld' AND status = 1", (long long)flag);
	assert_int_equal(harness_sql_wait(E.db, sql, 2, E.valgrind ? 60000 : 20000), 2);
	harness_sleep_ms(3000);
	snprintf(sql, sizeof sql, "SELECT id FROM delivery WHERE topic = 'flag:%lld' AND channel = 0", (long long)flag);
	snprintf(mid, sizeof mid, "<hailong.%lld.", (long long)harness_sql(E.db, sql));
	assert_int_equal(mails_with(mid), 1);
	assert_int_equal(count_files(E.maildir, ".eml"), 2);
	/* The webhook: exactly one call answered 200 for this flag, after the failures. */
	int ok = 0, failed = 0, k = count_files(E.hookdir, ".json");
	for (int i = hooks_before + 1; i <= k; i++) {
		int st = check_hook(i, flag);
		ok += st == 200;
		failed += st == 500;
	}
	assert_int_equal(ok, 1);
	assert_true(failed >= 2);
	snprintf(sql, sizeof sql,
		 "SELECT attempts FROM delivery WHERE topic = 'flag:%lld' AND channel = 1", (long long)flag);
	assert_true(harness_sql(E.db, sql) >= 3);
}

/* The restarted notifier (under valgrind where it runs) plans and sends one more flag, reloads on
 * SIGHUP, ends with 0 on SIGTERM — with no memory error and nothing lost. */
static void sighup_reloads_and_sigterm_exits_zero(void **state)
{
	char sql[200];

	(void)state;
	int mails = count_files(E.maildir, ".eml");
	send_serious("cb003");
	int64_t flag = flag_of("cb003");
	snprintf(sql, sizeof sql, "SELECT count(*) FROM delivery WHERE topic = 'flag:%lld' AND status = 1", (long long)flag);
	assert_int_equal(harness_sql_wait(E.db, sql, 2, E.valgrind ? 60000 : 20000), 2);
	assert_int_equal(count_files(E.maildir, ".eml"), mails + 1);
	kill(E.notify, SIGHUP);
	assert_true(harness_log_says(E.log, "configuration reloaded (1 webhooks)", E.valgrind ? 30000 : 5000));
	int st = harness_kill(E.notify, SIGTERM, 60000);
	E.notify = 0;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	if (E.valgrind) {
		if (!harness_file_has(E.vlog, "ERROR SUMMARY: 0 errors"))
			fail_msg("valgrind found errors, see %s", E.vlog);
		if (!harness_file_has(E.vlog, "All heap blocks were freed") &&
		    !(harness_file_has(E.vlog, "definitely lost: 0 bytes") && harness_file_has(E.vlog, "indirectly lost: 0 bytes")))
			fail_msg("valgrind found leaks, see %s", E.vlog);
	}
}

/* How many saved mails have a Subject holding text. */
static int subjects_with(const char *text)
{
	char subject[1024];
	int n = 0, k = count_files(E.maildir, ".eml");

	for (int i = 1; i <= k; i++) {
		char *t = saved(E.maildir, i, ".eml");
		mail_subject(t, subject);
		n += strstr(subject, text) != NULL;
		free(t);
	}
	return n;
}

/* A head who chose weekly reports (a month ago) gets last week's once, with the HTML report attached
 * (and the PDF where Chromium is installed): the notifier killed and started again plans nothing more. */
static void weekly_report_once_across_restarts(void **state)
{
	char bin[PATH_MAX];
	int64_t now = (int64_t)time(NULL);

	(void)state;
	if (E.notify > 0)
		harness_kill(E.notify, SIGTERM, 10000);
	E.notify = 0;
	char *pref[] = { "user", "notify", "lanhdao", "--reports", "weekly", "--db", E.db, NULL };
	if (agg(pref) != 0)
		fail_msg("user notify failed, see %s", E.out);
	assert_true(harness_file_has(E.out, "weekly (hằng tuần)"));
	exec_sql("UPDATE notify_pref SET reports_since = reports_since - 30 * 86400");
	/* Ratings a week and two weeks ago: the week whose report is due has some, whatever the day. */
	int64_t stored = harness_sql(E.db, "SELECT count(*) FROM rating");
	for (int i = 0; i < 6; i++)
		send_rating("q02", "cb002", false, now - (i < 3 ? 7 : 14) * 86400 - i * 60);
	assert_int_equal(harness_sql_wait(E.db, "SELECT count(*) - 6 FROM rating", stored, 10000), stored);
	int mails = count_files(E.maildir, ".eml");
	notify_start(false);
	assert_true(wait_files(E.maildir, ".eml", mails + 1, 60000));
	assert_int_equal(subjects_with("báo cáo tuần"), 1);
	char *eml = saved(E.maildir, mails + 1, ".eml");
	assert_non_null(strstr(eml, "Content-Type: text/html; charset=utf-8"));
	assert_non_null(strstr(eml, "filename=\"bao-cao-sct-bentre-"));
	if (access("/usr/bin/chromium", X_OK) == 0)
		assert_non_null(strstr(eml, "Content-Type: application/pdf"));
	free(eml);
	/* Killed and started again: the week is queued already, nothing is composed or sent again. */
	kill(E.notify, SIGKILL);
	harness_wait(E.notify, 5000);
	notify_start(false);
	harness_sleep_ms(4000);
	assert_int_equal(count_files(E.maildir, ".eml"), mails + 1);
	assert_int_equal(subjects_with("báo cáo tuần"), 1);
	assert_int_equal(harness_sql(E.db, "SELECT count(*) FROM delivery WHERE topic LIKE 'report:weekly:%'"), 1);
	snprintf(bin, sizeof bin, "%s/hailong-notify", harness_bindir());
	char *list[] = { bin, "deliveries", "-c", E.conf, "--status", "sent", NULL };
	unlink(E.out);
	assert_int_equal(harness_run(E.out, list, 10000), 0);
	assert_true(harness_file_has(E.out, "report:weekly:"));
	/* The IT admin's check: test-report sends it once more at once, outside the queue. */
	char *test[] = { bin, "test-report", "lanhdao", "-c", E.conf, NULL };
	unlink(E.out);
	assert_int_equal(harness_run(E.out, test, 60000), 0);
	assert_true(harness_file_has(E.out, "Đã gửi \"Hài Lòng — báo cáo tuần"));
	assert_true(wait_files(E.maildir, ".eml", mails + 2, 10000));
	assert_int_equal(harness_sql(E.db, "SELECT count(*) FROM delivery WHERE topic LIKE 'report:weekly:%'"), 1);
	char *nobody[] = { bin, "test-report", "nobody", "-c", E.conf, NULL };
	assert_int_equal(harness_run(E.out, nobody, 10000), 1);
	assert_true(harness_file_has(E.out, "no user 'nobody'"));
	char *none[] = { bin, "test-report", "-c", E.conf, NULL };
	assert_int_equal(harness_run(E.out, none, 10000), 2);
	assert_true(harness_file_has(E.out, "test-report needs the USER"));
	/* test-mail: the server's answer said, the mail there; with the server away, why not. */
	int before = count_files(E.maildir, ".eml");
	char *tm[] = { bin, "test-mail", "it@so-tp.gov.vn", "-c", E.conf, NULL };
	unlink(E.out);
	assert_int_equal(harness_run(E.out, tm, 30000), 0);
	assert_true(harness_file_has(E.out, "Máy chủ thư trả lời: 250"));
	assert_true(wait_files(E.maildir, ".eml", before + 1, 10000));
	assert_int_equal(subjects_with("Hài Lòng: thư thử"), 1);
	smtp_stop();
	unlink(E.out);
	assert_int_equal(harness_run(E.out, tm, 30000), 1);
	assert_true(harness_file_has(E.out, "chưa gửi được đến it@so-tp.gov.vn"));
	smtp_start();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(serious_rating_is_one_mail_and_one_webhook_call),
		cmocka_unit_test(mail_server_down_then_back_delivers_once_across_a_kill),
		cmocka_unit_test(sighup_reloads_and_sigterm_exits_zero),
		cmocka_unit_test(weekly_report_once_across_restarts),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
