/* SPDX-License-Identifier: MIT
 * Integration: sites joined by Mosquitto bridges (DESIGN §10), with real parts only. A province
 * broker and two site brokers, each secure as shipped (harness_tls.h: TLS from one department CA,
 * dynamic security, logins); the province holds the aggregator's logins and one bridge login per
 * site, made by `hailong-aggregator account add`, and each site broker runs the `connection` block
 * that `account add bridge` wrote. Each site broker holds its own terminals' logins, made by
 * `terminal add` against that broker. `serve` runs against the province only; at each site the real
 * terminal binary rates and `hailong-loadgen publish` plays more terminals. While they rate the
 * bridges are cut — the province broker stopped for a few seconds, then one site broker killed as in
 * a crash — and afterwards every rating tapped is stored exactly once, every terminal's spool is
 * empty and loadgen has had every receipt. Down the bridge come the receipts, the roster (imported
 * at the province, retained at the site) and a session opened with `session open` at the province,
 * so that a site-2 terminal's rating carries that officer and procedure. */
#include "harness.h"
#include "harness_tls.h"
#include "hl.h"
#include "link.h"
#include "roster.h"

#include <limits.h>
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
#include <cmocka.h>

enum {
	SITES = 2,
	RATINGS = 6,        /* taps of each real terminal per test */
	LOADGEN_TERMS = 3,  /* q01..q03 at each site */
	WAIT_MS = 30000,    /* the bound on every wait for an outcome */
};

#define OFFICER "cb0123"
#define OFFICER_NAME "Tr\u1ea7n Th\u1ecb Mai" /* NFC: precomposed */
#define PROCEDURE "1.001234"

struct site {
	const char *id;
	struct sbroker b;
	char dir[300], admin_conf[320], accounts[320];
	char bridge[8192]; /* the connection block, as the site broker's extra config */
};

/* A real terminal from the folder `terminal add` wrote. */
struct term {
	const struct site *site;
	const char *counter;
	char dir[340], conf[400], spool[400], log[400], script[400];
	pid_t pid;
};

struct env {
	char dir[256], certs[300], cmdlog[300];
	struct sbroker prov;
	char prov_cert[320], admin_conf[300], agg_conf[300], agglog[300], db[300];
	struct site site[SITES];
	pid_t agg;
	struct term t[3];  /* k1 at s1, k2 and k3 (the session's counter) at s2 */
	pid_t lg[SITES];   /* loadgen per site, 0 when not running */
	char lglog[SITES][300];
	int run;           /* tells one test's spools and logs from the next */
};

/* ---- helpers ---------------------------------------------------------------------------------- */

/* snprintf into out by way of a copy: out may be a member of the struct that the arguments are in. */
static void path_set(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void path_set(char *out, size_t cap, const char *fmt, ...)
{
	char tmp[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < cap);
	memcpy(out, tmp, (size_t)n + 1);
}

static const char *bin(const char *name)
{
	static char path[PATH_MAX + 32];

	snprintf(path, sizeof path, "%s/%s", harness_bindir(), name);
	return path;
}

/* Runs `hailong-aggregator ARGS...` (NULL-terminated), output appended to e->cmdlog; its exit code. */
static int agg_cmd(const struct env *e, ...)
{
	char *argv[32];
	int n = 0;
	va_list ap;

	argv[n++] = (char *)bin("hailong-aggregator");
	va_start(ap, e);
	for (char *a; (a = va_arg(ap, char *)) != NULL && n < 31;)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	return harness_run(e->cmdlog, argv, 20000);
}

/* The number of the first line of path holding text (from 1), or 0 when none does. */
static int line_of(const char *path, const char *text)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	int n = 0, at = 0;

	while (f && !at && fgets(line, sizeof line, f)) {
		n++;
		if (strstr(line, text))
			at = n;
	}
	if (f)
		fclose(f);
	return at;
}

/* Ratings stored for site and counter (a LIKE pattern). */
static int64_t stored(const struct env *e, const char *site, const char *counter)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE site = '%s' AND counter LIKE '%s'", site,
		 counter);
	return harness_sql(e->db, sql);
}

/* Waits until stored(site, counter) == want; returns the last count. */
static int64_t stored_wait(const struct env *e, const char *site, const char *counter, int64_t want)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE site = '%s' AND counter LIKE '%s'", site,
		 counter);
	return harness_sql_wait(e->db, sql, want, WAIT_MS);
}

/* Waits until stored(site, counter) >= least, up to ms. */
static bool stored_at_least(const struct env *e, const char *site, const char *counter, int64_t least, int ms)
{
	int64_t deadline = harness_now_ms() + ms;

	while (stored(e, site, counter) < least && harness_now_ms() < deadline)
		harness_sleep_ms(50);
	return stored(e, site, counter) >= least;
}

static int64_t spooled(const struct term *t)
{
	return harness_sql(t->spool, "SELECT count(*) FROM spool");
}

/* ---- the parts -------------------------------------------------------------------------------- */

/* `terminal add` for counter on site's broker, into site->accounts/COUNTER/. */
static void terminal_add(const struct env *e, const struct site *s, const char *counter)
{
	char out[400];

	snprintf(out, sizeof out, "%s/%s", s->accounts, counter);
	assert_int_equal(agg_cmd(e, "terminal", "add", "-c", s->admin_conf, "--site", s->id, "--counter", counter,
				 "--out", out, NULL),
			 0);
}

/* `account add bridge` on the province for site s; its connection block, as written but for the CA
 * (the copy written beside it, not /etc's) and a reconnect within a second or two, goes to s->bridge. */
static void bridge_add(struct env *e, struct site *s)
{
	char out[400], path[500], text[8192], line[1024];
	size_t used = 0;
	FILE *f;

	snprintf(out, sizeof out, "%s/bridge-%s", e->dir, s->id);
	assert_int_equal(agg_cmd(e, "account", "add", "bridge", "-c", e->admin_conf, "--site", s->id, "--out", out,
				 "--province-broker", e->prov.url, NULL),
			 0);
	snprintf(path, sizeof path, "%s/hailong-bridge-%s.conf", out, s->id);
	assert_true(harness_read_file(path, text, sizeof text));
	assert_non_null(strstr(text, "\naddress 127.0.0.1:"));
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		int n;
		if (strncmp(line, "bridge_cafile ", 14) == 0)
			n = snprintf(s->bridge + used, sizeof s->bridge - used, "bridge_cafile %s/ca.crt\n", out);
		else if (strncmp(line, "restart_timeout ", 16) == 0)
			n = snprintf(s->bridge + used, sizeof s->bridge - used, "restart_timeout 1 2\n");
		else
			n = snprintf(s->bridge + used, sizeof s->bridge - used, "%s", line);
		assert_true(n > 0 && (size_t)n < sizeof s->bridge - used);
		used += (size_t)n;
	}
	fclose(f);
}

/* Starts (or restarts: same folder, port and bridge) site s's broker and waits until its bridge is
 * logged in on the province. */
static void site_start(struct env *e, struct site *s)
{
	char cert[400], as[64];
	int before;

	snprintf(cert, sizeof cert, "%s/%s", e->certs, s->id);
	snprintf(as, sizeof as, " as bridge.%s ", s->id);
	before = harness_count_lines(e->prov.log, as);
	sbroker_start(&s->b, s->dir, s->b.port, cert, s->bridge);
	assert_true(harness_wait_lines(e->prov.log, as, before + 1, 10000));
}

static void province_start(struct env *e)
{
	sbroker_start(&e->prov, e->prov.dir, e->prov.port, e->prov_cert, NULL);
}

/* A terminal at site s for counter, with this test's spool and log and the test's timings added to a
 * copy of the config `terminal add` wrote. */
static void term_prepare(struct env *e, struct term *t, const struct site *s, const char *counter)
{
	char written[400], text[4096];

	memset(t, 0, sizeof *t);
	t->site = s;
	t->counter = counter;
	snprintf(t->dir, sizeof t->dir, "%s/%s", s->accounts, counter);
	snprintf(written, sizeof written, "%s/terminal.conf", t->dir);
	snprintf(t->conf, sizeof t->conf, "%s/test-%d.conf", t->dir, e->run);
	snprintf(t->spool, sizeof t->spool, "%s/spool-%d.db", t->dir, e->run);
	snprintf(t->log, sizeof t->log, "%s/terminal-%d.log", t->dir, e->run);
	snprintf(t->script, sizeof t->script, "%s/citizen-%d.script", t->dir, e->run);
	assert_true(harness_read_file(written, text, sizeof text));
	harness_write_file(t->conf, "%s\nspool = %s\nwindow = 800x480\nmin_interval = 0\nthanks_time = 1\nresend = 2\n", text,
			   t->spool);
}

/* Starts t with a script: first_ms, then `ratings` satisfied ratings 1.5 s apart, then it idles (it
 * is ended once its spool is empty). */
static void term_start(struct term *t, int first_ms, int ratings)
{
	char body[1024];
	size_t used = (size_t)snprintf(body, sizeof body, "wait %d\n", first_ms);

	for (int i = 0; i < ratings; i++)
		used += (size_t)snprintf(body + used, sizeof body - used, "key 5\nkey 4\nwait 1500\n");
	harness_write_file(t->script, "%swait 120000\nquit\n", body);
	char *argv[] = { (char *)bin("hailong-terminal"), "-c", t->conf, "--input-script", t->script, NULL };
	t->pid = harness_spawn(t->log, argv);
}

/* Ends t like a power cut (SIGKILL): what its spool holds on disk is what counts. (Not SIGTERM: a
 * connected, idle terminal notices it only when its event wait ends, up to a minute later.) */
static void term_kill(struct term *t)
{
	if (t->pid > 0)
		harness_kill(t->pid, SIGKILL, 5000);
	t->pid = 0;
}

/* `hailong-loadgen publish` at site i: LOADGEN_TERMS terminals logged in with their own accounts. */
static void loadgen_start(struct env *e, int i, int ratings, int window)
{
	const struct site *s = &e->site[i];
	char site_ratings[16], win[16], user[64], pw[400];

	snprintf(site_ratings, sizeof site_ratings, "%d", ratings);
	snprintf(win, sizeof win, "%d", window);
	snprintf(user, sizeof user, "terminal.%s.%%c", s->id);
	snprintf(pw, sizeof pw, "%s/%%c/terminal.password", s->accounts);
	path_set(e->lglog[i], sizeof e->lglog[i], "%s/loadgen-%s-%d.log", e->dir, s->id, e->run);
	char *argv[] = { (char *)bin("hailong-loadgen"), "publish", "--broker", (char *)s->b.url, "--site",
			 (char *)s->id, "--terminals", "3", "--ratings", site_ratings, "--window", win,
			 "--resend-ms", "2000", "--timeout", "45", "--cafile", (char *)s->b.cafile, "--username", user,
			 "--password-file", pw, NULL };
	e->lg[i] = harness_spawn(e->lglog[i], argv);
}

static bool loadgen_running(const struct env *e, int i)
{
	int status = harness_wait(e->lg[i], 0);

	if (status == -1)
		return true;
	fprintf(stderr, "loadgen at %s ended early with status %d (see %s)\n", e->site[i].id, status, e->lglog[i]);
	return false;
}

/* Waits for loadgen at site i to end; its exit code (0: every rating receipted). */
static int loadgen_finish(struct env *e, int i)
{
	int rc = harness_finish(e->lg[i], 50000);

	e->lg[i] = 0;
	return rc;
}

/* What a client newly subscribing to site s's roster on s's broker gets, retained: the roster the
 * province published, come down the bridge. Logs in as s's terminal `reader` (an account of its own,
 * so that no running terminal is pushed off). NULL when none arrived within 10 s. */
static struct roster *site_roster(const struct site *s, const char *reader)
{
	char topic[128], user[96], pwfile[400];
	const char *subs[] = { topic, NULL };
	struct roster *r = NULL;
	int64_t deadline = harness_now_ms() + 10000;

	snprintf(topic, sizeof topic, "hailong/v1/%s/roster", s->id);
	snprintf(user, sizeof user, "terminal.%s.%s", s->id, reader);
	snprintf(pwfile, sizeof pwfile, "%s/%s/terminal.password", s->accounts, reader);
	/* Until the province's message has reached the site broker, a new subscriber gets nothing
	 * retained: ask again with a fresh subscription. */
	while (!r && harness_now_ms() < deadline) {
		struct link_options lo = { .host = "127.0.0.1", .port = s->b.port, .tls = true, .cafile = s->b.cafile,
					   .username = user, .password_file = pwfile, .subscriptions = subs,
					   .refusal = LINK_RETRY_NONE };
		struct link *l;
		struct link_msg *m = NULL;
		size_t n = 0;
		int64_t until = harness_now_ms() + 1000;

		assert_int_equal(link_start(&lo, &l), HL_OK);
		while (!m && harness_now_ms() < until) {
			link_take(l, 100, 1, &m, &n);
			if (m && !m->retain) {
				link_msgs_free(m);
				m = NULL;
			}
		}
		if (m)
			assert_int_equal(roster_decode(m->payload, m->len, &r), HL_OK);
		link_msgs_free(m);
		link_stop(l, NULL);
	}
	return r;
}

/* ---- setup ------------------------------------------------------------------------------------ */

static int group_setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);
	char pdir[300], aggdir[300], clidir[300];

	if (!e)
		return -1;
	*state = e;
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_RENDER_DRIVER", "software", 1);
	harness_tmpdir(e->dir);
	chmod(e->dir, 0755); /* the brokers may drop to the mosquitto user */
	snprintf(e->cmdlog, sizeof e->cmdlog, "%s/commands.log", e->dir);
	snprintf(e->db, sizeof e->db, "%s/aggregator.db", e->dir);
	snprintf(e->agglog, sizeof e->agglog, "%s/aggregator.log", e->dir);

	/* One department CA, a certificate per broker. */
	snprintf(e->certs, sizeof e->certs, "%s/certs", e->dir);
	assert_int_equal(mkdir(e->certs, 0755), 0);
	tls_certs_make(e->certs, "province", NULL);
	tls_certs_make(e->certs, "s1", NULL);
	tls_certs_make(e->certs, "s2", NULL);

	/* The province: the aggregator's logins (one for serve, one for the commands) and the bridges'. */
	snprintf(pdir, sizeof pdir, "%s/province", e->dir);
	assert_int_equal(mkdir(pdir, 0755), 0);
	snprintf(e->prov_cert, sizeof e->prov_cert, "%s/province", e->certs);
	sbroker_start(&e->prov, pdir, 0, e->prov_cert, NULL);
	snprintf(e->admin_conf, sizeof e->admin_conf, "%s/province-admin.conf", e->dir);
	sbroker_admin_conf(&e->prov, e->admin_conf, NULL);
	snprintf(aggdir, sizeof aggdir, "%s/agg", e->dir);
	snprintf(clidir, sizeof clidir, "%s/agg-cli", e->dir);
	assert_int_equal(agg_cmd(e, "account", "add", "aggregator", "main", "-c", e->admin_conf, "--out", aggdir, NULL), 0);
	assert_int_equal(agg_cmd(e, "account", "add", "aggregator", "main-cli", "-c", e->admin_conf, "--out", clidir,
				 NULL),
			 0);
	snprintf(e->agg_conf, sizeof e->agg_conf, "%s/aggregator.conf", e->dir);
	harness_write_file(e->agg_conf,
			   "broker = %s\ncafile = %s\nusername = aggregator.main\npassword_file = %s/aggregator.password\n"
			   "db = %s\ncli_username = aggregator.main-cli\ncli_password_file = %s/aggregator.password\n",
			   e->prov.url, e->prov.cafile, aggdir, e->db, clidir);

	/* The sites: the bridge block from the province, the terminals' logins on the site's broker. */
	for (int i = 0; i < SITES; i++) {
		struct site *s = &e->site[i];
		s->id = i == 0 ? "s1" : "s2";
		path_set(s->dir, sizeof s->dir, "%s/site-%s", e->dir, s->id);
		path_set(s->accounts, sizeof s->accounts, "%s/accounts", s->dir);
		assert_int_equal(mkdir(s->dir, 0755), 0);
		bridge_add(e, s);
		site_start(e, s);
		path_set(s->admin_conf, sizeof s->admin_conf, "%s/admin.conf", s->dir);
		sbroker_admin_conf(&s->b, s->admin_conf, NULL);
		terminal_add(e, s, i == 0 ? "k1" : "k2");
		if (i == 1) {
			terminal_add(e, s, "k3");
			terminal_add(e, s, "reader");
		}
		for (int q = 1; q <= LOADGEN_TERMS; q++) {
			char counter[16];
			snprintf(counter, sizeof counter, "q%02d", q);
			terminal_add(e, s, counter);
		}
	}
	e->agg = aggregator_start_conf(e->agg_conf, e->agglog);
	assert_true(harness_file_has(e->agglog, "connected to the broker"));
	return 0;
}

static int group_teardown(void **state)
{
	struct env *e = *state;

	if (!e)
		return 0;
	if (e->agg > 0)
		harness_kill(e->agg, SIGTERM, 10000);
	for (int i = 0; i < SITES; i++)
		sbroker_stop(&e->site[i].b, SIGTERM);
	sbroker_stop(&e->prov, SIGTERM);
	harness_rmdir(e->dir);
	free(e);
	return 0;
}

/* After each test: end what a failed assertion left running, bring back a broker it left down. */
static int test_teardown(void **state)
{
	struct env *e = *state;

	for (size_t i = 0; i < sizeof e->t / sizeof e->t[0]; i++)
		if (e->t[i].pid > 0)
			term_kill(&e->t[i]);
	for (int i = 0; i < SITES; i++)
		if (e->lg[i] > 0) {
			harness_kill(e->lg[i], SIGKILL, 5000);
			e->lg[i] = 0;
		}
	if (e->prov.pid == 0)
		province_start(e);
	for (int i = 0; i < SITES; i++)
		if (e->site[i].b.pid == 0)
			site_start(e, &e->site[i]);
	e->run++;
	return 0;
}

/* ---- the checks ------------------------------------------------------------------------------- */

/* Every rating stored once: each counter holds exactly what was tapped there, no id twice, nothing
 * rejected; every spool ends empty; every loadgen had all its receipts. */
static void assert_all_stored_once(struct env *e, struct term *const *terms, size_t nterms,
				   const int64_t *term_before, const int64_t *lg_before, int lg_ratings)
{
	for (int i = 0; i < SITES; i++) {
		int rc = loadgen_finish(e, i);
		if (rc != 0)
			fail_msg("loadgen at %s exited %d (see %s)", e->site[i].id, rc, e->lglog[i]);
		assert_int_equal(stored_wait(e, e->site[i].id, "q%", lg_before[i] + lg_ratings), lg_before[i] + lg_ratings);
	}
	for (size_t i = 0; i < nterms; i++) {
		struct term *t = terms[i];
		int64_t want = term_before[i] + (strcmp(t->counter, "k3") == 0 ? 1 : RATINGS);
		int64_t got = stored_wait(e, t->site->id, t->counter, want);
		if (got != want)
			fail_msg("%s/%s: %lld ratings stored, %lld tapped (see %s)", t->site->id, t->counter,
				 (long long)got, (long long)want, t->log);
		got = harness_sql_wait(t->spool, "SELECT count(*) FROM spool", 0, WAIT_MS);
		if (got != 0)
			fail_msg("%s/%s: %lld ratings left in the spool (see %s)", t->site->id, t->counter, (long long)got,
				 t->log);
		term_kill(t);
		assert_int_equal(spooled(t), 0);
	}
	assert_int_equal(harness_sql(e->db, "SELECT count(*) - count(DISTINCT id) FROM rating"), 0);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rejected"), 0);
	/* Nothing arrives late: the counts hold once everything is quiet. */
	for (size_t i = 0; i < nterms; i++)
		assert_int_equal(stored(e, terms[i]->site->id, terms[i]->counter),
				 term_before[i] + (strcmp(terms[i]->counter, "k3") == 0 ? 1 : RATINGS));
}

/* ---- tests ------------------------------------------------------------------------------------ */

/* The province broker stops (SIGTERM) for a few seconds while both sites rate and loadgen publishes:
 * everything waits at the sites and is stored once when the province is back. Before the cut a
 * session opened at the province reaches a site-2 counter, and that counter's rating (tapped during
 * the cut) carries its officer and procedure. */
static void province_outage_only_delays(void **state)
{
	struct env *e = *state;
	struct term *k1 = &e->t[0], *k2 = &e->t[1], *k3 = &e->t[2];
	struct term *terms[] = { k1, k2, k3 };
	int64_t before[3], lg_before[SITES], k1_cut = -1, k2_cut = -1;
	const int lg_ratings = 60;
	char officers[300], procedures[300];
	struct roster *r;

	term_prepare(e, k1, &e->site[0], "k1");
	term_prepare(e, k2, &e->site[1], "k2");
	term_prepare(e, k3, &e->site[1], "k3");
	for (size_t i = 0; i < 3; i++)
		before[i] = stored(e, terms[i]->site->id, terms[i]->counter);
	for (int i = 0; i < SITES; i++)
		lg_before[i] = stored(e, e->site[i].id, "q%");
	/* k3 rates once, a few seconds in: by then it holds the session (checked at the end). */
	term_start(k3, 5000, 1);

	/* The roster, imported and published at the province, is retained at site 2. */
	snprintf(officers, sizeof officers, "%s/officers.csv", e->dir);
	snprintf(procedures, sizeof procedures, "%s/procedures.csv", e->dir);
	harness_write_file(officers, "site,code,name\ns2,%s,%s\n", OFFICER, OFFICER_NAME);
	harness_write_file(procedures, "code,name\n%s,Cấp phiếu lý lịch tư pháp\n", PROCEDURE);
	assert_int_equal(agg_cmd(e, "roster", "import", "-c", e->agg_conf, officers, procedures, NULL), 0);
	r = site_roster(&e->site[1], "reader");
	assert_non_null(r);
	assert_non_null(roster_name(r, ROSTER_OFFICER, OFFICER));
	assert_string_equal(roster_name(r, ROSTER_OFFICER, OFFICER), OFFICER_NAME);
	roster_free(r);

	/* A session opened at the province (its officer checked against the stored roster) reaches k3. */
	assert_true(harness_log_says(k3->log, "connected to the broker", 10000));
	assert_int_equal(agg_cmd(e, "session", "open", "-c", e->agg_conf, "--db", e->db, "--site", "s2", "--counter",
				 "k3", "--officer", OFFICER, "--procedure", PROCEDURE, NULL),
			 0);
	assert_true(harness_log_says(k3->log, "session: officer '" OFFICER "', procedure '" PROCEDURE "'", 10000));

	/* The whole way works before the cut. */
	term_start(k1, 300, RATINGS);
	term_start(k2, 300, RATINGS);
	assert_true(stored_at_least(e, "s1", "k1", before[0] + 1, 10000));
	assert_true(stored_at_least(e, "s2", "k2", before[1] + 1, 10000));

	sbroker_stop(&e->prov, SIGTERM);
	int64_t cut = harness_now_ms();
	for (int i = 0; i < SITES; i++)
		loadgen_start(e, i, lg_ratings, 5);
	/* The cut lasts 4 s at least, and until each rating terminal has tapped twice into its spool.
	 * A second in, what the aggregator had taken before the cut is surely stored: count from there. */
	int64_t deadline = cut + 15000;
	while ((harness_now_ms() - cut < 4000 || spooled(k1) < 2 || spooled(k2) < 2) && harness_now_ms() < deadline) {
		if (k1_cut < 0 && harness_now_ms() - cut >= 1000) {
			k1_cut = stored(e, "s1", "k1");
			k2_cut = stored(e, "s2", "k2");
		}
		harness_sleep_ms(50);
	}
	assert_true(spooled(k1) >= 2);
	assert_true(spooled(k2) >= 2);
	/* Nothing got through while the province was away, and loadgen still waits for receipts. */
	assert_int_equal(stored(e, "s1", "k1"), k1_cut);
	assert_int_equal(stored(e, "s2", "k2"), k2_cut);
	for (int i = 0; i < SITES; i++) {
		assert_int_equal(stored(e, e->site[i].id, "q%"), lg_before[i]);
		assert_true(loadgen_running(e, i));
	}
	province_start(e);
	int64_t back = harness_now_ms();

	assert_all_stored_once(e, terms, 3, before, lg_before, lg_ratings);
	fprintf(stderr, "province away %.1f s; all stored and receipted %.1f s after it was back\n",
		(double)(back - cut) / 1000.0, (double)(harness_now_ms() - back) / 1000.0);
	/* The session came down the bridge before the rating, which carries it. */
	assert_true(line_of(k3->log, "spooled") > line_of(k3->log, "session: officer"));
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rating WHERE site = 's2' AND counter = 'k3'"
				     " AND officer = '" OFFICER "' AND procedure = '" PROCEDURE "'"),
			 1);
	assert_int_equal(agg_cmd(e, "session", "close", "-c", e->agg_conf, "--site", "s2", "--counter", "k3", NULL), 0);
}

/* Site 2's broker crashes (SIGKILL) while both sites rate and loadgen publishes, and comes back a
 * few seconds later: what it had taken but not passed on is resent by the terminals, site 1 goes on
 * meanwhile, and every rating is stored once. */
static void site_broker_crash_only_delays(void **state)
{
	struct env *e = *state;
	struct term *k1 = &e->t[0], *k2 = &e->t[1];
	struct term *terms[] = { k1, k2 };
	int64_t before[2], lg_before[SITES];
	const int lg_ratings = 600;
	struct site *s2 = &e->site[1];

	term_prepare(e, k1, &e->site[0], "k1");
	term_prepare(e, k2, s2, "k2");
	for (size_t i = 0; i < 2; i++)
		before[i] = stored(e, terms[i]->site->id, terms[i]->counter);
	for (int i = 0; i < SITES; i++)
		lg_before[i] = stored(e, e->site[i].id, "q%");
	term_start(k1, 300, RATINGS);
	term_start(k2, 300, RATINGS);
	assert_true(stored_at_least(e, "s1", "k1", before[0] + 1, 10000));
	assert_true(stored_at_least(e, "s2", "k2", before[1] + 1, 10000));
	for (int i = 0; i < SITES; i++)
		loadgen_start(e, i, lg_ratings, 2);
	/* Crash in the middle of loadgen's run. */
	assert_true(stored_at_least(e, "s2", "q%", lg_before[1] + 30, 10000));
	assert_true(loadgen_running(e, 1));

	sbroker_stop(&s2->b, SIGKILL);
	int64_t cut = harness_now_ms();
	int64_t k1_cut = stored(e, "s1", "k1");
	/* Down for 3 s at least, until site 2's terminal has spooled two taps and site 1 was heard. */
	int64_t deadline = cut + 15000;
	while ((harness_now_ms() - cut < 3000 || spooled(k2) < 2 || stored(e, "s1", "k1") <= k1_cut) &&
	       harness_now_ms() < deadline)
		harness_sleep_ms(50);
	assert_true(spooled(k2) >= 2);
	assert_true(stored(e, "s1", "k1") > k1_cut);
	assert_true(loadgen_running(e, 1));
	site_start(e, s2);
	int64_t back = harness_now_ms();

	assert_all_stored_once(e, terms, 2, before, lg_before, lg_ratings);
	fprintf(stderr, "site s2 down %.1f s; all stored and receipted %.1f s after it was back\n",
		(double)(back - cut) / 1000.0, (double)(harness_now_ms() - back) / 1000.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(province_outage_only_delays, test_teardown),
		cmocka_unit_test_teardown(site_broker_crash_only_delays, test_teardown),
	};

	return cmocka_run_group_tests_name("it_bridge", tests, group_setup, group_teardown);
}
