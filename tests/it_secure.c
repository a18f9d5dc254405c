/* SPDX-License-Identifier: MIT
 * Integration: the wire as an attacker on the counter's LAN meets it. A real mosquitto configured
 * from systemd/mosquitto-hailong.conf (TLS with certificates made by openssl now, dynamic security,
 * no anonymous clients, the username as client id), accounts made by `hailong-aggregator terminal
 * add` and `account add`, the real aggregator and the real terminal binary. Checked as a user would:
 * ratings flow over TLS with logins and receipts empty the spool; with terminal A's login nothing can
 * be said for terminal B or by the aggregator (each publish is refused by the broker and never
 * reaches anyone) and nothing of B's can be read; taking B's or the aggregator's client id disturbs
 * neither; a wrong CA, a wrong password, an expired certificate and a wrong host name each give
 * their own log line, and a terminal let in later delivers what it spooled by itself; a removed
 * terminal is refused; no password appears on a command line or in a log. */
#include "harness.h"
#include "harness_tls.h"
#include "hl.h"
#include "link.h"
#include "secret.h"
#include "uuid.h"
#include "wire.h"

#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
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

#define SITE "sct-bentre"

struct env {
	char dir[256];
	struct sbroker b;
	char admin_conf[300], agg_conf[300], agglog[300], db[300], spy_pw[300];
	pid_t agg;
};

static const char *agg_bin(void)
{
	static char bin[PATH_MAX + 32];

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	return bin;
}

/* Runs the aggregator with args (NULL-terminated, after the program name); returns its exit code. */
static int agg(const struct env *e, const char *log, const char *const *args)
{
	char *argv[32];
	size_t n = 0;

	argv[n++] = (char *)agg_bin();
	while (*args && n < 31)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	(void)e;
	return harness_run(log, argv, 20000);
}

/* `terminal add` for counter into e->dir/COUNTER/; returns that folder (static). */
static const char *terminal_add(const struct env *e, const char *counter)
{
	static char out[300];
	char log[300];

	snprintf(out, sizeof out, "%s/%s", e->dir, counter);
	snprintf(log, sizeof log, "%s/accounts.log", e->dir);
	const char *args[] = { "terminal", "add", "-c", e->admin_conf, "--site", SITE, "--counter", counter,
			       "--out", out, NULL };
	assert_int_equal(agg(e, log, args), 0);
	return out;
}

/* The password in dir/terminal.password (for link clients acting as that terminal). */
static void terminal_pwfile(const char *dir, char *out, size_t cap)
{
	snprintf(out, cap, "%.250s/terminal.password", dir);
}

/* A TLS client logged in as user (password in pwfile; NULL: no login), with client id cid (NULL:
 * random), subscribed to subs (NULL-terminated, may be NULL); NULL when it did not connect within 5 s. */
static struct link *client_subs(const struct env *e, const char *user, const char *pwfile, const char *cid,
				const char *const *subs)
{
	struct link_options lo = { .host = "127.0.0.1", .port = e->b.port, .tls = true, .cafile = e->b.cafile,
				   .username = user, .password_file = pwfile, .client_id = cid,
				   .subscriptions = subs, .refusal = LINK_RETRY_NONE };
	struct link *l;
	int64_t deadline = harness_now_ms() + 5000;

	if (link_start(&lo, &l) != HL_OK)
		return NULL;
	while (!link_connected(l) && !link_failed(l, NULL, 0) && harness_now_ms() < deadline)
		harness_sleep_ms(10);
	if (!link_connected(l)) {
		link_stop(l, NULL);
		return NULL;
	}
	harness_sleep_ms(150); /* let the SUBACK arrive */
	return l;
}

static struct link *client(const struct env *e, const char *user, const char *pwfile, const char *cid,
			   const char *sub)
{
	const char *subs[] = { sub, NULL };

	return client_subs(e, user, pwfile, cid, sub ? subs : NULL);
}

/* The spy may read everything: the observer that proves a refused publish reached nobody. */
static struct link *spy(const struct env *e)
{
	return client(e, "spy", e->spy_pw, NULL, "hailong/v1/#");
}

/* Messages that arrive on l within ms; their topics are appended to seen (cap bytes) when not NULL. */
static size_t drain(struct link *l, int ms, char *seen, size_t cap)
{
	int64_t deadline = harness_now_ms() + ms;
	size_t total = 0;

	if (seen)
		seen[0] = '\0';
	while (harness_now_ms() < deadline) {
		struct link_msg *m;
		size_t n;
		link_take(l, 50, 100, &m, &n);
		for (struct link_msg *p = m; p && seen; p = p->next)
			if (strlen(seen) + strlen(p->topic) + 2 < cap)
				strcat(strcat(seen, p->topic), " ");
		total += n;
		link_msgs_free(m);
	}
	return total;
}

static void rating_body(const char *counter, char *buf, size_t cap, size_t *len)
{
	struct rating r = { .scale = 5, .answers = { 5, 4 }, .ts = (int64_t)time(NULL), .clock_ok = true };

	assert_int_equal(uuid_new(r.id), HL_OK);
	snprintf(r.site, sizeof r.site, SITE);
	snprintf(r.counter, sizeof r.counter, "%s", counter);
	assert_int_equal(wire_rating_encode(&r, buf, cap, len), HL_OK);
}

static int64_t stored(const struct env *e, const char *counter)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE counter = '%s'", counter);
	return harness_sql(e->db, sql);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	char pwdir[300], log[300];

	if (!e)
		return -1;
	harness_tmpdir(e->dir);
	chmod(e->dir, 0755); /* the broker drops to the mosquitto user */
	sbroker_start(&e->b, e->dir, 0, NULL, NULL);
	snprintf(e->db, sizeof e->db, "%s/aggregator.db", e->dir);
	snprintf(e->agglog, sizeof e->agglog, "%s/aggregator.log", e->dir);
	snprintf(e->admin_conf, sizeof e->admin_conf, "%s/admin.conf", e->dir);
	snprintf(e->agg_conf, sizeof e->agg_conf, "%s/aggregator.conf", e->dir);
	snprintf(log, sizeof log, "%s/accounts.log", e->dir);
	sbroker_admin_conf(&e->b, e->admin_conf, e->db);
	/* The aggregator's own account, made the way an admin makes it. */
	snprintf(pwdir, sizeof pwdir, "%s/agg", e->dir);
	const char *args[] = { "account", "add", "aggregator", "main", "-c", e->admin_conf, "--out", pwdir, NULL };
	assert_int_equal(agg(e, log, args), 0);
	/* And one for the commands, which must not push serve off by logging in as it. */
	char clidir[300];
	snprintf(clidir, sizeof clidir, "%s/agg-cli", e->dir);
	const char *args2[] = { "account", "add", "aggregator", "main-cli", "-c", e->admin_conf, "--out", clidir, NULL };
	assert_int_equal(agg(e, log, args2), 0);
	harness_write_file(e->agg_conf,
			   "broker = %s\ncafile = %s\nusername = aggregator.main\npassword_file = %s/aggregator.password\n"
			   "db = %s\ncli_username = aggregator.main-cli\ncli_password_file = %s/aggregator.password\n",
			   e->b.url, e->b.cafile, pwdir, e->db, clidir);
	snprintf(e->spy_pw, sizeof e->spy_pw, "%s/spy.password", e->dir);
	assert_int_equal(secret_write(e->spy_pw, "spy-password-for-tests"), HL_OK);
	assert_int_equal(sbroker_dynsec(&e->b, "createRole spy"), 0);
	assert_int_equal(sbroker_dynsec(&e->b, "addRoleACL spy subscribePattern hailong/v1/# allow"), 0);
	assert_int_equal(sbroker_dynsec(&e->b, "createClient spy -p spy-password-for-tests"), 0);
	assert_int_equal(sbroker_dynsec(&e->b, "addClientRole spy spy"), 0);
	e->agg = aggregator_start_conf(e->agg_conf, e->agglog);
	assert_true(harness_file_has(e->agglog, "connected to the broker"));
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	if (e->agg > 0)
		harness_kill(e->agg, SIGTERM, 10000);
	sbroker_stop(&e->b, SIGTERM);
	harness_rmdir(e->dir);
	free(e);
	return 0;
}

/* ---- the real terminal ---------------------------------------------------------------------- */

struct term {
	char dir[300], conf[300], spool[300], log[300], script[300];
	pid_t pid;
};

/* A terminal from `terminal add`'s folder, with the test's own spool, window and timings added to a
 * copy of the config it wrote (the written lines are used as they are). */
static void term_prepare(struct term *t, const char *dir, const char *extra)
{
	char written[300], text[4096];

	snprintf(t->dir, sizeof t->dir, "%s", dir);
	snprintf(written, sizeof written, "%s/terminal.conf", dir);
	snprintf(t->conf, sizeof t->conf, "%s/test-terminal.conf", dir);
	snprintf(t->spool, sizeof t->spool, "%s/spool.db", dir);
	snprintf(t->log, sizeof t->log, "%s/terminal.log", dir);
	snprintf(t->script, sizeof t->script, "%s/citizen.script", dir);
	assert_true(harness_read_file(written, text, sizeof text));
	harness_write_file(t->conf, "%s\nspool = %s\nwindow = 800x480\nmin_interval = 0\nthanks_time = 1\nresend = 2\n%s",
			   text, t->spool, extra ? extra : "");
}

/* Starts it with a script: a satisfied rating after 300 ms, then waits wait_ms and quits. */
static void term_start(struct term *t, int ratings, int wait_ms)
{
	static char bin[PATH_MAX + 32];
	char body[512] = "";

	for (int i = 0; i < ratings; i++)
		strcat(body, "wait 300\nkey 5\nkey 4\nwait 1200\n");
	harness_write_file(t->script, "%swait %d\nquit\n", body, wait_ms);
	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	char *argv[] = { bin, "-c", t->conf, "--input-script", t->script, NULL };
	t->pid = harness_spawn(t->log, argv);
}

static int term_finish(struct term *t, int timeout_ms)
{
	int rc = harness_finish(t->pid, timeout_ms);

	t->pid = 0;
	return rc;
}

static int64_t spooled(const struct term *t)
{
	return harness_sql(t->spool, "SELECT count(*) FROM spool");
}

/* ---- tests ------------------------------------------------------------------------------------ */

/* A terminal made by `terminal add`, its config used as written: ratings over TLS with a login are
 * stored once and receipted (the spool ends empty); the password is on no command line and in no log. */
static void ratings_flow_over_tls_with_logins(void **state)
{
	struct env *e = *state;
	struct term t;
	char pw[SECRET_MAX + 1], why[256], pwfile[300], cmdline[4096], path[64];

	term_prepare(&t, terminal_add(e, "q05"), NULL);
	term_start(&t, 2, 3000);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating WHERE counter = 'q05'", 2, 15000), 2);
	/* While it runs: its command line holds paths only. */
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)t.pid);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(cmdline, 1, sizeof cmdline - 1, f) : 0;
	if (f)
		fclose(f);
	cmdline[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (!cmdline[i])
			cmdline[i] = ' ';
	assert_int_equal(term_finish(&t, 20000), 0);
	assert_int_equal(spooled(&t), 0);
	assert_true(harness_file_has(t.log, "connected to the broker"));
	terminal_pwfile(t.dir, pwfile, sizeof pwfile);
	assert_int_equal(secret_read(pwfile, pw, sizeof pw, why, sizeof why), HL_OK);
	assert_true(n > 0);
	assert_null(strstr(cmdline, pw));
	assert_false(harness_file_has(t.log, pw));
	assert_false(harness_file_has(e->agglog, pw));
	/* The broker saw a TLS client named by its username. */
	assert_true(harness_file_has(e->b.log, "as terminal." SITE ".q05"));
}

/* systemd stops a connected, idle terminal with SIGTERM: it says goodbye and exits 0 at once, not
 * when its next timer would have woken it. */
static void idle_terminal_stops_on_sigterm(void **state)
{
	struct env *e = *state;
	struct term t;

	term_prepare(&t, terminal_add(e, "q06"), NULL);
	term_start(&t, 0, 60000);
	assert_true(harness_log_says(t.log, "connected to the broker", 10000));
	harness_sleep_ms(1500); /* idle: nothing due */
	int64_t t0 = harness_now_ms();
	kill(t.pid, SIGTERM);
	int status = harness_wait(t.pid, 3000);
	if (status == -1)
		fail_msg("the terminal did not exit within 3 s of SIGTERM");
	t.pid = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(harness_now_ms() - t0 < 3000);
}

/* With A's login every attempt to speak for B, or as the aggregator, is refused by the broker and
 * reaches nobody; A's own rating goes through (so the refusals are not a dead connection). */
static void terminal_a_cannot_speak_for_b(void **state)
{
	struct env *e = *state;
	char pwa[300], body[1024], seen[2048];
	size_t len;
	const char *dira = terminal_add(e, "qa");
	terminal_pwfile(dira, pwa, sizeof pwa);
	terminal_add(e, "qb");
	struct link *s = spy(e), *a = client(e, "terminal." SITE ".qa", pwa, NULL, NULL);

	assert_non_null(s);
	assert_non_null(a);
	drain(s, 300, NULL, 0); /* what is retained from earlier tests */
	static const struct {
		const char *topic, *body;
		bool retain;
	} forged[] = {
		{ "hailong/v1/" SITE "/qb/rating", NULL, false },
		{ "hailong/v1/" SITE "/qa/receipt", "{\"ids\":[\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c11\"]}", false },
		{ "hailong/v1/" SITE "/qb/receipt", "{\"ids\":[\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c11\"]}", false },
		{ "hailong/v1/" SITE "/qb/session", "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":4102444800}", true },
		{ "hailong/v1/" SITE "/qa/session", "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":4102444800}", true },
		{ "hailong/v1/" SITE "/roster", "{\"officers\":[],\"procedures\":[]}", true },
		{ "hailong/v1/" SITE "/qb/status", "{\"online\":false}", true },
		{ "hailong/v1/" SITE "/alerts", "{}", false },
	};
	for (size_t i = 0; i < sizeof forged / sizeof forged[0]; i++) {
		const char *b = forged[i].body;
		len = b ? strlen(b) : 0;
		if (!b) {
			rating_body("qb", body, sizeof body, &len);
			b = body;
		}
		assert_int_equal(link_publish(a, forged[i].topic, b, len, 1, forged[i].retain), HL_OK);
		if (link_flush(a, 5000) != HL_ERR_INVALID)
			fail_msg("the broker accepted A's publish on %s", forged[i].topic);
	}
	if (drain(s, 800, seen, sizeof seen) != 0)
		fail_msg("the spy saw forged messages: %s", seen);
	assert_int_equal(stored(e, "qb"), 0);
	/* Control: A's own rating is accepted, reaches the spy, and is stored (a new connection: the
	 * refusals above stay counted on the old one). */
	link_stop(a, NULL);
	a = client(e, "terminal." SITE ".qa", pwa, NULL, NULL);
	assert_non_null(a);
	rating_body("qa", body, sizeof body, &len);
	assert_int_equal(link_publish(a, "hailong/v1/" SITE "/qa/rating", body, len, 1, false), HL_OK);
	assert_int_equal(link_flush(a, 5000), HL_OK);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating WHERE counter = 'qa'", 1, 5000), 1);
	assert_true(drain(s, 500, seen, sizeof seen) >= 1);
	assert_non_null(strstr(seen, "/qa/rating"));
	link_stop(a, NULL);
	link_stop(s, NULL);
}

/* A subscribes to B's receipt and session: the broker refuses, and when B's session is opened and
 * B's rating receipted, A gets nothing while B gets both. */
static void terminal_a_cannot_read_b(void **state)
{
	struct env *e = *state;
	char pwa[300], pwb[300], body[1024], seen[1024], log[300];
	size_t len;
	const char *dira = terminal_add(e, "ra"), *dirb;

	terminal_pwfile(dira, pwa, sizeof pwa);
	dirb = terminal_add(e, "rb");
	terminal_pwfile(dirb, pwb, sizeof pwb);
	snprintf(log, sizeof log, "%s/session.log", e->dir);
	static const char *const wanted[] = { "hailong/v1/" SITE "/rb/receipt", "hailong/v1/" SITE "/rb/session",
					      "hailong/v1/" SITE "/+/receipt", "hailong/v1/" SITE "/+/session",
					      "hailong/v1/#", "#", NULL };
	struct link *a1 = client_subs(e, "terminal." SITE ".ra", pwa, NULL, wanted);
	struct link *b = client(e, "terminal." SITE ".rb", pwb, NULL, "hailong/v1/" SITE "/rb/#");

	assert_non_null(a1);
	assert_non_null(b);
	/* B may not subscribe with a wildcard either: it subscribes to its own topics one by one. */
	link_stop(b, NULL);
	static const char *const own[] = { "hailong/v1/" SITE "/rb/receipt", "hailong/v1/" SITE "/rb/session", NULL };
	b = client_subs(e, "terminal." SITE ".rb", pwb, NULL, own);
	assert_non_null(b);
	const char *open[] = { "session", "open", "-c", e->agg_conf, "--site", SITE, "--counter", "rb",
			       "--officer", "cb0123", "--procedure", "1.001234", NULL };
	assert_int_equal(agg(e, log, open), 0);
	rating_body("rb", body, sizeof body, &len);
	assert_int_equal(link_publish(b, "hailong/v1/" SITE "/rb/rating", body, len, 1, false), HL_OK);
	if (drain(b, 1500, seen, sizeof seen) < 2)
		fail_msg("B got only: %s (%lld stored)", seen, (long long)stored(e, "rb"));
	assert_non_null(strstr(seen, "/rb/session"));
	assert_non_null(strstr(seen, "/rb/receipt"));
	assert_int_equal(drain(a1, 300, seen, sizeof seen), 0);
	link_stop(a1, NULL);
	link_stop(b, NULL);
}

/* With use_username_as_clientid, connecting with B's client id or the aggregator's (and a clean
 * session) takes nothing over: B stays connected, and ratings queued for the stopped aggregator are
 * all delivered when it is back. */
static void client_ids_cannot_be_taken_over(void **state)
{
	struct env *e = *state;
	char pwa[300], pwb[300], body[1024];
	size_t len;
	const char *dira = terminal_add(e, "ta"), *dirb;

	terminal_pwfile(dira, pwa, sizeof pwa);
	dirb = terminal_add(e, "tb");
	terminal_pwfile(dirb, pwb, sizeof pwb);
	struct link *b = client(e, "terminal." SITE ".tb", pwb, NULL, "hailong/v1/" SITE "/tb/receipt");
	assert_non_null(b);

	/* The aggregator is away; B's ratings wait in its persistent session at the broker. */
	assert_int_not_equal(harness_kill(e->agg, SIGTERM, 10000), -1);
	e->agg = 0;
	for (int i = 0; i < 5; i++) {
		rating_body("tb", body, sizeof body, &len);
		assert_int_equal(link_publish(b, "hailong/v1/" SITE "/tb/rating", body, len, 1, false), HL_OK);
	}
	assert_int_equal(link_flush(b, 5000), HL_OK);

	static const char *const ids[] = { "terminal." SITE ".tb", "aggregator.main", "hailong-aggregator" };
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		struct link *a = client(e, "terminal." SITE ".ta", pwa, ids[i], NULL);
		assert_non_null(a);
		harness_sleep_ms(300);
		link_stop(a, NULL);
		if (!link_connected(b))
			fail_msg("connecting as A with client id %s kicked B", ids[i]);
	}
	e->agg = aggregator_start_conf(e->agg_conf, e->agglog);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating WHERE counter = 'tb'", 5, 10000), 5);
	assert_true(link_connected(b));
	link_stop(b, NULL);
}

/* Each refusal has its own words in the terminal's log; a terminal refused for its password spools
 * the citizen's rating and, once the password file is right, connects by itself and delivers it. */
static void refusals_are_named_and_heal(void **state)
{
	struct env *e = *state;
	struct term t;
	char pwfile[300], good[SECRET_MAX + 1], why[256], extra[700];
	const char *dir = terminal_add(e, "q07");

	terminal_pwfile(dir, pwfile, sizeof pwfile);
	assert_int_equal(secret_read(pwfile, good, sizeof good, why, sizeof why), HL_OK);
	assert_int_equal(secret_write(pwfile, "not-the-password"), HL_OK);
	term_prepare(&t, dir, NULL);
	term_start(&t, 1, 20000);
	assert_true(harness_log_says(t.log, "bad username or password for 'terminal." SITE ".q07'", 8000));
	assert_true(harness_log_says(t.log, "retrying", 1000));
	assert_int_equal(harness_sql_wait(t.spool, "SELECT count(*) FROM spool", 1, 5000), 1);
	assert_int_equal(stored(e, "q07"), 0);
	/* The admin puts the right password in place: no restart. */
	assert_int_equal(secret_write(pwfile, good), HL_OK);
	assert_true(harness_log_says(t.log, "connected to the broker", 10000));
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating WHERE counter = 'q07'", 1, 10000), 1);
	assert_int_equal(harness_sql_wait(t.spool, "SELECT count(*) FROM spool", 0, 10000), 0);
	harness_kill(t.pid, SIGTERM, 10000);

	/* A password file others can read: the terminal does not start, and names the file. */
	chmod(pwfile, 0644);
	char bin[PATH_MAX + 32], errlog[300];
	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	snprintf(errlog, sizeof errlog, "%s/open-password.log", dir);
	char *argv[] = { bin, "-c", t.conf, "--screenshot", "/dev/null", NULL };
	assert_int_equal(harness_run(errlog, argv, 10000), 1);
	assert_true(harness_file_has(errlog, "key 'password_file'"));
	assert_true(harness_file_has(errlog, pwfile));
	assert_true(harness_file_has(errlog, "can be read by others"));
	chmod(pwfile, 0600);

	/* The wrong CA, an expired certificate and a wrong host name: brokers that show them. */
	struct {
		void (*make)(const char *dir, const char *prefix);
		const char *prefix, *words;
	} cases[] = {
		{ tls_certs_other_ca, "other", "unknown CA: the broker's certificate is not signed by the CA in" },
		{ tls_certs_expired, "expired", "the broker's certificate has expired" },
		{ tls_certs_wrong_host, "wrong", "host name mismatch: the broker's certificate is not for '127.0.0.1'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sbroker bad;
		char bdir[300];
		snprintf(bdir, sizeof bdir, "%s/broker-%s", e->dir, cases[i].prefix);
		mkdir(bdir, 0755);
		cases[i].make(e->dir, cases[i].prefix);
		char prefix[300];
		snprintf(prefix, sizeof prefix, "%s/%s", e->dir, cases[i].prefix);
		sbroker_start(&bad, bdir, 0, prefix, NULL);
		snprintf(extra, sizeof extra, "broker = mqtts://127.0.0.1:%d\n", bad.port);
		term_prepare(&t, dir, extra);
		unlink(t.log);
		term_start(&t, 0, 6000);
		bool said = harness_log_says(t.log, cases[i].words, 8000);
		term_finish(&t, 15000);
		sbroker_stop(&bad, SIGTERM);
		if (!said)
			fail_msg("the terminal's log does not say \"%s\"", cases[i].words);
	}
}

/* `terminal remove`: the broker drops the terminal at once and refuses it from then on; `terminal
 * passwd`: the old password stops working and the new one works. */
static void removed_and_rotated_accounts(void **state)
{
	struct env *e = *state;
	char pw[300], log[300], old[SECRET_MAX + 1], why[256];
	const char *dir = terminal_add(e, "q09");
	struct link *l;

	snprintf(log, sizeof log, "%s/accounts.log", e->dir);
	terminal_pwfile(dir, pw, sizeof pw);
	assert_int_equal(secret_read(pw, old, sizeof old, why, sizeof why), HL_OK);
	const char *rotate[] = { "terminal", "passwd", "-c", e->admin_conf, "--site", SITE, "--counter", "q09",
				 "--out", dir, NULL };
	assert_int_equal(agg(e, log, rotate), 0);
	char oldfile[300];
	snprintf(oldfile, sizeof oldfile, "%s/old.password", e->dir);
	assert_int_equal(secret_write(oldfile, old), HL_OK);
	assert_null(client(e, "terminal." SITE ".q09", oldfile, NULL, NULL));
	l = client(e, "terminal." SITE ".q09", pw, NULL, NULL);
	assert_non_null(l);

	const char *rm[] = { "terminal", "remove", "-c", e->admin_conf, "--site", SITE, "--counter", "q09", NULL };
	assert_int_equal(agg(e, log, rm), 0);
	int64_t deadline = harness_now_ms() + 5000;
	while (link_connected(l) && harness_now_ms() < deadline)
		harness_sleep_ms(20);
	assert_false(link_connected(l)); /* dynamic security drops a removed client at once */
	link_stop(l, NULL);
	assert_null(client(e, "terminal." SITE ".q09", pw, NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ratings_flow_over_tls_with_logins),
		cmocka_unit_test(idle_terminal_stops_on_sigterm),
		cmocka_unit_test(terminal_a_cannot_speak_for_b),
		cmocka_unit_test(terminal_a_cannot_read_b),
		cmocka_unit_test(client_ids_cannot_be_taken_over),
		cmocka_unit_test(refusals_are_named_and_heal),
		cmocka_unit_test(removed_and_rotated_accounts),
	};
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_RENDER_DRIVER", "software", 1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
