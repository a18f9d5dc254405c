/* SPDX-License-Identifier: MIT
 * Integration: broker logins made by `hailong-aggregator terminal|account` on the secure broker a
 * site runs (harness_tls.h: TLS, dynamic security, no anonymous clients), used by the real programs.
 * An aggregator login made with `account add` serves; a terminal folder made with `terminal add` is
 * all the real terminal needs to connect over TLS and have its rating stored; adding it again fails
 * and says to use `terminal passwd`; `terminal list` lists it; after `terminal passwd` the old
 * password is refused and the new one works; after `terminal remove` the connected terminal is
 * dropped and refused; a wrong admin password is one clear line and exit 1; bad usage exits 2; the
 * bridge file of `account add bridge` links a site broker to the province both ways. Roles made
 * before officers' photos (their photo rule taken away here) are brought up to date by `terminal
 * update` and `account update`: the running terminal, refused the photos before, gets them after,
 * with the password it always had. */
#include "harness.h"
#include "harness_tls.h"

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

#include "hl.h"
#include "link.h"

#define SITE "sct-bentre"
#define COUNTER "q05"
#define USER "terminal." SITE "." COUNTER
#define TOPIC_PHOTOS "hailong/v1/" SITE "/photo/+"

struct env {
	struct sbroker b;
	char dir[256];
	char aggconf[300], serveconf[300], db[300], agglog[300];
	char tdir[300], tconf[512], tpw[512], spool[300], script[300], tlog[300];
	char out[300], err[300]; /* the last command's stdout and stderr */
	pid_t agg;
};

/* Runs `hailong-aggregator ARGS... -c aggconf` (conf: NULL for none); stdout into e->out, stderr into
 * e->err (files, replaced). Returns the exit code. */
static int agg_cmd(struct env *e, const char *conf, ...)
{
	char bin[PATH_MAX + 32];
	char *argv[32];
	int n = 0;
	va_list ap;

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	argv[n++] = bin;
	va_start(ap, conf);
	for (char *a; (a = va_arg(ap, char *)) != NULL && n < 28;)
		argv[n++] = a;
	va_end(ap);
	if (conf) {
		argv[n++] = "-c";
		argv[n++] = (char *)conf;
	}
	argv[n] = NULL;
	/* stdout and stderr apart: the harness sends both to one file, so wrap in a shell. */
	char cmd[4096] = "";
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += (size_t)snprintf(cmd + len, sizeof cmd - len, "'%s' ", argv[i]);
	snprintf(cmd + len, sizeof cmd - len, ">'%s' 2>'%s'", e->out, e->err);
	char *sh[] = { "/bin/sh", "-c", cmd, NULL };
	return harness_run(NULL, sh, 30000);
}

static bool has(const char *path, const char *text)
{
	return harness_file_has(path, text);
}

static pid_t terminal_start(struct env *e, const char *conf, const char *script)
{
	static char bin[PATH_MAX + 32];

	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	harness_write_file(e->script, "%s", script);
	char *argv[] = { bin, "-c", (char *)conf, "--spool", e->spool, "--window", "800x480", "--min-interval", "0",
			 "--officer", "cb001", "--input-script", e->script, NULL };
	return harness_spawn(e->tlog, argv);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	if (!e)
		return -1;
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_RENDER_DRIVER", "software", 1);
	harness_tmpdir(e->dir);
	sbroker_start(&e->b, e->dir, 0, NULL, NULL);
	snprintf(e->aggconf, sizeof e->aggconf, "%s/admin.conf", e->dir);
	snprintf(e->serveconf, sizeof e->serveconf, "%s/serve.conf", e->dir);
	snprintf(e->db, sizeof e->db, "%s/aggregator.db", e->dir);
	snprintf(e->agglog, sizeof e->agglog, "%s/aggregator.log", e->dir);
	snprintf(e->tdir, sizeof e->tdir, "%s/out/terminal-" COUNTER, e->dir);
	snprintf(e->tconf, sizeof e->tconf, "%s/terminal.conf", e->tdir);
	snprintf(e->tpw, sizeof e->tpw, "%s/terminal.password", e->tdir);
	snprintf(e->spool, sizeof e->spool, "%s/spool.db", e->dir);
	snprintf(e->script, sizeof e->script, "%s/citizen.script", e->dir);
	snprintf(e->tlog, sizeof e->tlog, "%s/terminal.log", e->dir);
	snprintf(e->out, sizeof e->out, "%s/cmd.out", e->dir);
	snprintf(e->err, sizeof e->err, "%s/cmd.err", e->dir);
	/* The admin's config: the broker and its CA, the dynsec admin, and the database. */
	sbroker_admin_conf(&e->b, e->aggconf, e->db);
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

/* `account add aggregator` and `serve` logged in with it. */
static void serve_with_own_login(struct env *e)
{
	char line[1024], agg_out[300], bin[PATH_MAX + 32];

	snprintf(agg_out, sizeof agg_out, "%s/out/aggregator", e->dir);
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "add", "aggregator", "province", "--out", agg_out, NULL), 0);
	assert_true(has(e->out, "username = aggregator.province"));
	assert_true(has(e->out, "password_file = "));
	/* The printed config lines are what serve's config gets. */
	FILE *f = fopen(e->out, "r");
	assert_non_null(f);
	FILE *w = fopen(e->serveconf, "w");
	assert_non_null(w);
	fprintf(w, "broker = %s\ncafile = %s\ndb = %s\n", e->b.url, e->b.cafile, e->db);
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "  username = ", 13) == 0 || strncmp(line, "  password_file = ", 18) == 0)
			fputs(line + 2, w);
	fclose(f);
	fclose(w);
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *argv[] = { bin, "serve", "-c", e->serveconf, NULL };
	e->agg = harness_spawn(e->agglog, argv);
	assert_true(harness_wait_lines(e->agglog, "connected to the broker", 1, 10000));
}

static void terminal_lifecycle(void **state)
{
	struct env *e = *state;
	struct stat sb;
	char a[4096], b[4096], oldpw[512], oldconf[512];

	serve_with_own_login(e);

	/* add: a self-contained folder. */
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "add", "--site", SITE, "--counter", COUNTER, "--out",
				 e->tdir, NULL),
			 0);
	assert_true(has(e->out, "wrote "));
	assert_true(has(e->out, "terminal.conf"));
	assert_true(has(e->out, "/etc/hailong/"));
	assert_int_equal(stat(e->tdir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(e->tpw, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(has(e->tconf, "username = " USER "\n"));
	assert_true(has(e->tconf, "password_file = terminal.password\n"));
	assert_true(has(e->tconf, "cafile = ca.crt\n"));
	assert_true(has(e->tconf, "site = " SITE "\n"));
	assert_true(has(e->tconf, e->b.url));
	snprintf(oldpw, sizeof oldpw, "%s/ca.crt", e->tdir);
	harness_read_file(oldpw, a, sizeof a);
	harness_read_file(e->b.cafile, b, sizeof b);
	assert_true(a[0]);
	assert_string_equal(a, b);
	/* No password on stdout or stderr. */
	harness_read_file(e->tpw, a, sizeof a);
	a[strcspn(a, "\n")] = '\0';
	assert_int_equal(strlen(a), 32);
	assert_false(has(e->out, a));
	assert_false(has(e->err, a));

	/* The real terminal connects over TLS with it, and its rating is stored. */
	assert_int_equal(harness_finish(terminal_start(e, e->tconf, "wait 500\nkey 5\nkey 4\nwait 2500\nquit\n"),
					 30000),
			 0);
	/* Its role lets it read everything it subscribes to: the session, receipts, roster and photos. */
	assert_false(has(e->tlog, "refused the subscription"));
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating WHERE site = '" SITE "' AND counter = '"
				     COUNTER "' AND a_officer = 5", 1, 10000), 1);
	assert_true(has(e->tlog, "connected to the broker"));

	/* add again: refused, and the way out named. */
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "add", "--site", SITE, "--counter", COUNTER, "--out",
				 e->tdir, NULL),
			 1);
	assert_true(has(e->err, "already exists"));
	assert_true(has(e->err, "terminal passwd"));
	/* ... and the working password file is untouched. */
	harness_read_file(e->tpw, b, sizeof b);
	b[strcspn(b, "\n")] = '\0';
	assert_string_equal(a, b);

	/* list */
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "list", NULL), 0);
	assert_true(has(e->out, USER));
	assert_true(has(e->out, "1 terminal on"));
	assert_false(has(e->out, "aggregator.province"));
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "list", NULL), 0);
	assert_true(has(e->out, "aggregator.province"));
	assert_true(has(e->out, USER));

	/* passwd: keep the old password beside the new one, in a config of its own. */
	snprintf(oldpw, sizeof oldpw, "%s/old.password", e->tdir);
	snprintf(oldconf, sizeof oldconf, "%s/old.conf", e->tdir);
	harness_write_file(oldpw, "%s\n", a);
	chmod(oldpw, 0600);
	harness_read_file(e->tconf, b, sizeof b);
	harness_write_file(oldconf, "%s", b);
	FILE *f = fopen(oldconf, "a");
	assert_non_null(f);
	fprintf(f, "password_file = old.password\n");
	fclose(f);
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "passwd", "--site", SITE, "--counter", COUNTER, "--out",
				 e->tdir, NULL),
			 0);
	harness_read_file(e->tpw, b, sizeof b);
	b[strcspn(b, "\n")] = '\0';
	assert_int_equal(strlen(b), 32);
	assert_string_not_equal(a, b);
	int refusals = harness_count_lines(e->tlog, "bad username or password");
	assert_int_equal(harness_finish(terminal_start(e, oldconf, "wait 3000\nquit\n"), 30000), 0);
	assert_true(harness_count_lines(e->tlog, "bad username or password") > refusals);
	int connects = harness_count_lines(e->tlog, "connected to the broker");
	assert_int_equal(harness_finish(terminal_start(e, e->tconf, "wait 500\nkey 3\nkey 3\nwait 2500\nquit\n"),
					 30000),
			 0);
	assert_true(harness_count_lines(e->tlog, "connected to the broker") > connects);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating", 2, 10000), 2);

	/* remove: the connected terminal is dropped, and refused when it tries again. */
	connects = harness_count_lines(e->tlog, "connected to the broker");
	refusals = harness_count_lines(e->tlog, "bad username or password");
	pid_t t = terminal_start(e, e->tconf, "wait 15000\nquit\n");
	assert_true(harness_wait_lines(e->tlog, "connected to the broker", connects + 1, 10000));
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "remove", "--site", SITE, "--counter", COUNTER, NULL), 0);
	assert_true(has(e->out, "removed " USER));
	assert_true(harness_wait_lines(e->tlog, "bad username or password", refusals + 1, 10000));
	harness_kill(t, SIGTERM, 10000);
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "list", NULL), 0);
	assert_false(has(e->out, USER));
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "remove", "--site", SITE, "--counter", COUNTER, NULL), 1);
	assert_true(has(e->err, "there is no account " USER));
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "passwd", "--site", SITE, "--counter", COUNTER, "--out",
				 e->tdir, NULL),
			 1);
	assert_true(has(e->err, "terminal add"));
	/* The refused passwd left the last good password file alone. */
	harness_read_file(e->tpw, a, sizeof a);
	a[strcspn(a, "\n")] = '\0';
	assert_string_equal(a, b);
}

static void bad_admin_and_usage(void **state)
{
	struct env *e = *state;
	char conf[300], pw[300];

	/* A wrong admin password: one line, at once. */
	snprintf(pw, sizeof pw, "%s/wrong.pw", e->dir);
	snprintf(conf, sizeof conf, "%s/wrong.conf", e->dir);
	harness_write_file(pw, "not-the-password\n");
	chmod(pw, 0600);
	harness_write_file(conf, "broker = %s\ncafile = %s\nadmin_username = %s\nadmin_password_file = %s\n", e->b.url,
			   e->b.cafile, e->b.admin_user, pw);
	int64_t t0 = harness_now_ms();
	assert_int_equal(agg_cmd(e, conf, "terminal", "list", NULL), 1);
	assert_true(harness_now_ms() - t0 < 4000);
	assert_true(has(e->err, "refused the admin login"));
	assert_int_equal(harness_count_lines(e->err, ""), 1);
	/* An account that is not the admin cannot use the plugin. */
	char agg_out[300];
	snprintf(agg_out, sizeof agg_out, "%s/out/onestop", e->dir);
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "add", "onestop", "mot-cua", "--site", SITE, "--out", agg_out,
				 NULL),
			 0);
	harness_write_file(conf, "broker = %s\ncafile = %s\nadmin_username = onestop.mot-cua\nadmin_password_file = %s/onestop.password\n",
			   e->b.url, e->b.cafile, agg_out);
	assert_int_equal(agg_cmd(e, conf, "account", "list", NULL), 1);
	assert_true(has(e->err, "does not let 'onestop.mot-cua' use the dynamic security plugin"));
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "remove", "onestop", "mot-cua", NULL), 0);

	/* Bad usage: exit 2 with the reason. */
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "add", "--site", "SCT", "--counter", COUNTER, "--out", agg_out,
				 NULL),
			 2);
	assert_true(has(e->err, "must match"));
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "add", "--site", SITE, "--counter", COUNTER, NULL), 2);
	assert_true(has(e->err, "needs --out"));
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "add", "bridge", "--site", SITE, "--out", agg_out, NULL), 2);
	assert_true(has(e->err, "--province-broker"));
	assert_int_equal(agg_cmd(e, NULL, "terminal", "--help", NULL), 0);
	assert_true(has(e->out, "terminal add"));
}

/* `account add bridge`'s file, as written, bridges a site broker to the province: a terminal made
 * with `terminal add` on the site broker has its rating stored by the province's aggregator, and the
 * receipt comes back down (its spool empties). */
static void bridge_end_to_end(void **state)
{
	struct env *e = *state;
	struct sbroker site = { 0 };
	struct stat sb;
	char bdir[300], bconf[400], text[8192], fixed[8192], sitedir[300], siteadmin[300], line[1024];

	serve_with_own_login(e);
	snprintf(bdir, sizeof bdir, "%s/out/bridge", e->dir);
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "add", "bridge", "--site", "s1", "--out", bdir,
				 "--province-broker", e->b.url, NULL),
			 0);
	assert_true(has(e->out, "readable by the mosquitto user"));
	snprintf(bconf, sizeof bconf, "%s/hailong-bridge-s1.conf", bdir);
	assert_int_equal(stat(bconf, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_true(has(bconf, "remote_username bridge.s1\n"));
	assert_true(has(bconf, "topic hailong/v1/s1/+/rating out 1\n"));
	assert_true(has(bconf, "topic hailong/v1/s1/roster in 1\n"));
	/* Only the CA's place differs on a test machine; quicker reconnects too. */
	FILE *f = fopen(bconf, "r");
	size_t used = 0;
	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "bridge_cafile ", 14) == 0)
			used += (size_t)snprintf(fixed + used, sizeof fixed - used, "bridge_cafile %s\n", e->b.cafile);
		else if (strncmp(line, "restart_timeout ", 16) == 0)
			used += (size_t)snprintf(fixed + used, sizeof fixed - used, "restart_timeout 1 2\n");
		else
			used += (size_t)snprintf(fixed + used, sizeof fixed - used, "%s", line);
	}
	fclose(f);
	(void)text;
	snprintf(sitedir, sizeof sitedir, "%s/site", e->dir);
	assert_int_equal(mkdir(sitedir, 0700), 0);
	sbroker_start(&site, sitedir, 0, NULL, fixed);
	assert_true(harness_wait_lines(e->b.log, " as bridge.s1", 1, 10000));

	/* A terminal of site s1 on the site broker, made by the same command against that broker. */
	snprintf(siteadmin, sizeof siteadmin, "%s/site-admin.conf", e->dir);
	sbroker_admin_conf(&site, siteadmin, NULL);
	snprintf(e->tdir, sizeof e->tdir, "%s/out/terminal-s1", e->dir);
	snprintf(e->tconf, sizeof e->tconf, "%s/terminal.conf", e->tdir);
	assert_int_equal(agg_cmd(e, siteadmin, "terminal", "add", "--site", "s1", "--counter", "c1", "--out", e->tdir,
				 NULL),
			 0);
	pid_t t = terminal_start(e, e->tconf, "wait 500\nkey 2\nkey 5\nkey Return\nwait 15000\nquit\n");
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating WHERE site = 's1' AND counter = 'c1'", 1,
					  15000),
			 1);
	assert_int_equal(harness_sql_wait(e->spool, "SELECT count(*) FROM spool", 0, 15000), 0);
	harness_kill(t, SIGTERM, 10000);
	sbroker_stop(&site, SIGTERM);
}

/* Publishes a retained payload on topic as user (password in pwfile) over TLS, and waits until the
 * broker took it. */
static void publish_as(struct env *e, const char *user, const char *pwfile, const char *topic, const char *payload)
{
	struct link_options lo = { .host = "127.0.0.1", .port = e->b.port, .tls = true, .cafile = e->b.cafile,
				   .username = user, .password_file = pwfile, .refusal = LINK_RETRY_NONE };
	struct link *l;
	int64_t deadline = harness_now_ms() + 10000;

	assert_int_equal(link_start(&lo, &l), HL_OK);
	while (!link_connected(l) && !link_failed(l, NULL, 0) && harness_now_ms() < deadline)
		harness_sleep_ms(10);
	assert_true(link_connected(l));
	assert_int_equal(link_publish(l, topic, payload, strlen(payload), 1, true), HL_OK);
	assert_int_equal(link_flush(l, 5000), HL_OK);
	link_stop(l, NULL);
}

/* An upgrade: roles made before officers' photos (here: today's roles with the photo rule taken
 * away, as the plugin's admin would with mosquitto_ctrl) are brought up to date in place. */
static void update_old_roles(void **state)
{
	struct env *e = *state;
	char aggdir[300], aggpw[400], webdir[300], pw_before[256], pw_after[256];

	snprintf(aggdir, sizeof aggdir, "%s/out/aggregator", e->dir);
	snprintf(aggpw, sizeof aggpw, "%s/aggregator.password", aggdir);
	snprintf(webdir, sizeof webdir, "%s/out/web", e->dir);
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "add", "aggregator", "photos", "--out", aggdir, NULL), 0);
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "add", "web", "console", "--site", SITE, "--out", webdir,
				 NULL),
			 0);
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "add", "--site", SITE, "--counter", COUNTER, "--out",
				 e->tdir, NULL),
			 0);
	assert_int_equal(sbroker_dynsec(&e->b, "removeRoleACL " USER " subscribeLiteral " TOPIC_PHOTOS), 0);
	assert_int_equal(sbroker_dynsec(&e->b, "removeRoleACL web.console publishClientSend " TOPIC_PHOTOS), 0);
	/* An officer's photo waits on the broker (bytes the terminal will say it ignored: proof it came). */
	publish_as(e, "aggregator.photos", aggpw, "hailong/v1/" SITE "/photo/cb001", "not a picture");
	harness_read_file(e->tpw, pw_before, sizeof pw_before);

	/* The old role: the running terminal is refused the photos. */
	pid_t t = terminal_start(e, e->tconf, "wait 20000\nquit\n");
	assert_true(harness_wait_lines(e->tlog, "refused the subscription to " TOPIC_PHOTOS, 1, 10000));
	assert_false(has(e->tlog, "ignored the photo of officer 'cb001'"));
	int connects = harness_count_lines(e->tlog, "connected to the broker");

	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "update", "--site", SITE, "--counter", COUNTER, NULL), 0);
	assert_true(has(e->out, "rules of " USER " brought up to date on the broker at "));
	assert_true(has(e->out, e->b.url));
	assert_true(has(e->out, "added    subscribeLiteral " TOPIC_PHOTOS "\n"));
	assert_true(has(e->out, "password is unchanged"));
	assert_int_equal(harness_count_lines(e->out, "added "), 1);
	assert_false(has(e->out, "dropped"));
	/* The same password file, and the same password logs in: the terminal, still running, is let
	 * back in with the new rules and gets the photo. */
	harness_read_file(e->tpw, pw_after, sizeof pw_after);
	assert_string_equal(pw_before, pw_after);
	assert_true(harness_wait_lines(e->tlog, "ignored the photo of officer 'cb001'", 1, 15000));
	assert_true(harness_count_lines(e->tlog, "connected to the broker") > connects);
	assert_int_equal(harness_count_lines(e->tlog, "refused the subscription"), 1);
	assert_false(has(e->tlog, "bad username or password"));
	harness_kill(t, SIGTERM, 10000);
	/* Again: nothing to do. */
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "update", "--site", SITE, "--counter", COUNTER, NULL), 0);
	assert_true(has(e->out, "rules of " USER " on the broker at "));
	assert_true(has(e->out, "already up to date"));

	/* A web login keeps the sites it was given, and its password file. */
	char webpw[400], web_before[256], web_after[256];
	snprintf(webpw, sizeof webpw, "%s/web.password", webdir);
	harness_read_file(webpw, web_before, sizeof web_before);
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "update", "web", "console", NULL), 0);
	assert_true(has(e->out, "rules of web.console brought up to date"));
	assert_true(has(e->out, "added    publishClientSend " TOPIC_PHOTOS "\n"));
	assert_true(has(e->out, "sites    " SITE ", as before"));
	assert_false(has(e->out, "hailong/v1/+/"));
	harness_read_file(webpw, web_after, sizeof web_after);
	assert_string_equal(web_before, web_after);

	/* A rule added by hand goes; every terminal of a site at once; every account at once. */
	assert_int_equal(sbroker_dynsec(&e->b, "addRoleACL " USER " subscribePattern hailong/v1/# allow"), 0);
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "update", "--site", SITE, NULL), 0);
	assert_true(has(e->out, "dropped  subscribePattern hailong/v1/#\n"));
	assert_true(has(e->out, "1 terminal on the broker at "));
	assert_true(has(e->out, ": 1 brought up to date, 0 already were"));
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "update", "--all", NULL), 0);
	assert_true(has(e->out, "3 accounts on the broker at "));
	assert_true(has(e->out, ": 0 brought up to date, 3 already were"));
	assert_false(has(e->out, e->b.admin_user));

	/* Not there: named, exit 1. Bad use: exit 2. */
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "update", "--site", SITE, "--counter", "q99", NULL), 1);
	assert_true(has(e->err, "there is no account terminal." SITE ".q99 on the broker"));
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "update", "--site", "nowhere", NULL), 1);
	assert_true(has(e->err, "there is no terminal of site nowhere"));
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "update", "onestop", "nobody", NULL), 1);
	assert_true(has(e->err, "there is no account onestop.nobody"));
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "update", NULL), 2);
	assert_true(has(e->err, "--all"));
	assert_int_equal(agg_cmd(e, e->aggconf, "terminal", "update", "--site", SITE, "--out", e->tdir, NULL), 2);
	assert_true(has(e->err, "--out does not apply"));
	assert_int_equal(agg_cmd(e, e->aggconf, "account", "update", "web", NULL), 2);
	assert_true(has(e->err, "needs a NAME"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(terminal_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_admin_and_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(bridge_end_to_end, setup, teardown),
		cmocka_unit_test_setup_teardown(update_old_roles, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
