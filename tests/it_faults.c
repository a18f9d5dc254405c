/* SPDX-License-Identifier: MIT
 * it_faults.c — faults as the fault campaign found them, with the real programs, a real mosquitto on
 * 127.0.0.1 and real SQLite files:
 *  - a full spool disk (the terminal's file size limit set to one byte with prlimit while it runs):
 *    the citizen is told the rating was not recorded, never thanked; the retained status carries the
 *    fault; the log says it once; when the disk has room again the next rating is stored and the
 *    status is clean;
 *  - a full database disk under a load generator that keeps resending: a handful of log lines with
 *    the count of those held back, not thousands, and every rating stored once when room returns;
 *  - SIGTERM before serve has run a single line of its own: drained, exit 0;
 *  - a 16 MiB receipt retained on a terminal's topic: the terminal stays small and keeps working;
 *  - the link bounds its queue by bytes: with nobody taking, at most the bound is held, and nothing
 *    is lost once the reader takes again. */
#include "harness.h"
#include "hl.h"
#include "link.h"
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

/* The soft file size limit of pid (the hard one stays, so anyone may raise it again). */
static void set_fsize(pid_t pid, rlim_t bytes)
{
	struct rlimit rl;

	assert_int_equal(prlimit(pid, RLIMIT_FSIZE, NULL, &rl), 0);
	rl.rlim_cur = bytes;
	assert_int_equal(prlimit(pid, RLIMIT_FSIZE, &rl, NULL), 0);
}

/* Resident set of pid in KiB, or -1. */
static long rss_kib(pid_t pid)
{
	char path[64], buf[4096];
	long kib = -1;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if (!harness_read_file(path, buf, sizeof buf))
		return -1;
	const char *p = strstr(buf, "VmRSS:");
	if (p)
		kib = strtol(p + 6, NULL, 10);
	return kib;
}

/* A child's log through a FIFO and a copying thread: the file size limit that stands in for a full
 * disk applies to regular files only, so the child can still say what happens. */
struct piped_log {
	char fifo[320], path[300];
	pthread_t thread;
};

static void *piped_copy(void *arg)
{
	struct piped_log *p = arg;
	char buf[4096];
	int in = open(p->fifo, O_RDONLY), out = open(p->path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	ssize_t n;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return NULL;
}

/* Starts argv with its output going to p->path through a FIFO; waits (bounded) for its first
 * "connected to the broker". */
static pid_t spawn_piped(struct piped_log *p, const char *path, char *const argv[])
{
	snprintf(p->path, sizeof p->path, "%s", path);
	snprintf(p->fifo, sizeof p->fifo, "%s.fifo", path);
	assert_int_equal(mkfifo(p->fifo, 0600), 0);
	assert_int_equal(pthread_create(&p->thread, NULL, piped_copy, p), 0);
	pid_t pid = harness_spawn(p->fifo, argv);
	harness_log_says(p->path, "connected to the broker", 15000);
	return pid;
}

/* After the child has ended: the copy is complete. */
static void piped_end(struct piped_log *p)
{
	pthread_join(p->thread, NULL);
	unlink(p->fifo);
}

static pid_t terminal_start(const char *conf, const char *script, const char *log)
{
	static char bin[PATH_MAX + 32];

	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	char *argv[] = { bin, "-c", (char *)conf, "--input-script", (char *)script, NULL };
	return harness_spawn_connected(log, argv, 15000);
}

/* Waits up to timeout_ms for a message on l whose payload holds text. */
static bool wait_payload(struct link *l, const char *text, int timeout_ms)
{
	int64_t end = harness_now_ms() + timeout_ms;
	bool seen = false;

	while (!seen && harness_now_ms() < end) {
		struct link_msg *m;
		size_t n;
		link_take(l, 200, 100, &m, &n);
		for (struct link_msg *i = m; i; i = i->next)
			seen |= strstr(i->payload, text) != NULL;
		link_msgs_free(m);
	}
	return seen;
}

static void full_spool_disk_is_told_not_thanked(void **state)
{
	struct stack *s = *state;
	char conf[300], script[300], tlog[300], spool[300];

	snprintf(conf, sizeof conf, "%s/terminal.conf", s->dir);
	snprintf(script, sizeof script, "%s/citizen.script", s->dir);
	snprintf(tlog, sizeof tlog, "%s/terminal.log", s->dir);
	snprintf(spool, sizeof spool, "%s/spool.db", s->dir);
	harness_write_file(conf, "broker = %s\nsite = sct-bentre\ncounter = q05\nspool = %s\nwindow = 800x480\n"
			   "min_interval = 0\nthanks_time = 1\nresend = 2\n", s->broker.url, spool);
	/* Three citizens while the disk is full, then one after it has room again. */
	harness_write_file(script, "wait 3000\nkey 5\nkey 4\nwait 200\nkey Return\nkey 4\nkey 4\nwait 200\n"
			   "key Return\nkey 3\nkey 5\nwait 200\nkey Return\nwait 6000\nkey 5\nkey 5\nwait 3000\nquit\n");
	struct link *watch = harness_client(s->broker.port, "hailong/v1/sct-bentre/q05/status");
	assert_non_null(watch);
	static char bin[PATH_MAX + 32];
	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	char *argv[] = { bin, "-c", conf, "--input-script", script, NULL };
	struct piped_log pl;
	pid_t t = spawn_piped(&pl, tlog, argv);
	set_fsize(t, 1); /* from now on no file of the terminal may grow: the spool cannot commit */

	assert_true(harness_wait_lines(tlog, " not recorded", 3, 10000));
	assert_true(wait_payload(watch, "\"fault\":\"spool\"", 5000));
	assert_int_equal(harness_count_lines(tlog, "spool: cannot store ratings"), 1);
	assert_int_equal(harness_count_lines(tlog, "spooled"), 0);
	assert_int_equal(harness_sql(s->db, "SELECT count(*) FROM rating"), 0);

	set_fsize(t, RLIM_INFINITY);
	assert_true(harness_log_says(tlog, "writing again; 3 ratings were not recorded", 10000));
	assert_true(wait_payload(watch, "\"state\":\"online\"", 5000));
	assert_int_equal(harness_sql_wait(s->db, "SELECT count(*) FROM rating", 1, 10000), 1);
	assert_int_equal(harness_finish(t, 20000), 0);
	piped_end(&pl);
	link_stop(watch, NULL);
	/* The aggregator opened a fault flag for the terminal. */
	assert_int_equal(harness_sql_wait(s->db, "SELECT count(*) FROM flag WHERE kind = 'fault'", 1, 5000), 1);
}

/* The screen a citizen sees when the spool's disk is really full: a small tmpfs, filled. Needs root
 * for the mount; skipped (and said) otherwise. */
static void full_spool_disk_screenshots(void **state)
{
	struct stack *s = *state;
	char mnt[300], conf[300], script[300], tlog[300], cmd[700], shots[PATH_MAX];

	if (geteuid() != 0) {
		print_message("not root: no tmpfs to fill, no screenshot of the not-recorded screen\n");
		skip();
	}
	snprintf(mnt, sizeof mnt, "%s/spooldisk", s->dir);
	snprintf(conf, sizeof conf, "%s/terminal.conf", s->dir);
	snprintf(script, sizeof script, "%s/citizen.script", s->dir);
	snprintf(tlog, sizeof tlog, "%s/terminal.log", s->dir);
	snprintf(shots, sizeof shots, "%s/screenshots", harness_bindir());
	mkdir(shots, 0755);
	mkdir(mnt, 0700);
	snprintf(cmd, sizeof cmd, "mount -t tmpfs -o size=256k tmpfs '%s'", mnt);
	assert_int_equal(system(cmd), 0);
	static const struct {
		const char *lang;
		int w, h;
	} v[] = { { "vi", 800, 480 }, { "en", 480, 800 }, { "vi", 1920, 1080 } };
	bool ok = true;
	for (size_t i = 0; i < sizeof v / sizeof v[0] && ok; i++) {
		harness_write_file(conf, "broker = %s\nsite = sct-bentre\ncounter = q05\nspool = %s/spool.db\n"
				   "window = %dx%d\nlang = %s\nmin_interval = 0\nthanks_time = 5\n", s->broker.url, mnt,
				   v[i].w, v[i].h, v[i].lang);
		harness_write_file(script, "wait 6000\nkey 5\nkey 4\nwait 300\nshot %s/%s-%dx%d-not-recorded.png\nquit\n",
				   shots, v[i].lang, v[i].w, v[i].h);
		snprintf(cmd, sizeof cmd, "%s/hailong-terminal", harness_bindir());
		char *argv[] = { cmd, "-c", conf, "--input-script", script, NULL };
		pid_t t = harness_spawn_connected(tlog, argv, 15000);
		/* Fill what is left of the disk once the spool is open (the script waits 6 s for it). */
		char fill[700];
		snprintf(fill, sizeof fill, "dd if=/dev/zero of='%s/filler' bs=4k 2>/dev/null; sync", mnt);
		ok = system(fill) >= 0;
		ok = ok && harness_finish(t, 20000) == 0;
		char png[PATH_MAX + 64];
		struct stat st;
		snprintf(png, sizeof png, "%s/%s-%dx%d-not-recorded.png", shots, v[i].lang, v[i].w, v[i].h);
		ok = ok && stat(png, &st) == 0 && st.st_size > 2000;
		snprintf(fill, sizeof fill, "rm -f '%s/filler' '%s'/spool.db*", mnt, mnt);
		ok = system(fill) == 0 && ok;
	}
	snprintf(cmd, sizeof cmd, "umount '%s'", mnt);
	int unmounted = system(cmd);
	assert_int_equal(unmounted, 0);
	assert_true(ok);
	assert_int_equal(harness_count_lines(tlog, "spool: cannot store ratings"), 3);
	assert_int_equal(harness_count_lines(tlog, " spooled"), 0); /* each shot is of the fault screen */
}

static void full_database_disk_is_quiet_and_loses_nothing(void **state)
{
	struct stack *s = *state;
	char lglog[300], bin[PATH_MAX + 32], abin[PATH_MAX + 32], alog[300], idfile[300];
	struct piped_log pl;

	/* An aggregator of our own, whose log survives the limit. */
	harness_kill(s->agg, SIGTERM, 10000);
	s->agg = 0;
	snprintf(alog, sizeof alog, "%s/aggregator-full.log", s->dir);
	snprintf(abin, sizeof abin, "%s/hailong-aggregator", harness_bindir());
	char *aargv[] = { abin, "serve", "--broker", s->broker.url, "--db", s->db, NULL };
	pid_t agg = spawn_piped(&pl, alog, aargv);
	snprintf(lglog, sizeof lglog, "%s/loadgen.log", s->dir);
	snprintf(bin, sizeof bin, "%s/hailong-loadgen", harness_bindir());
	set_fsize(agg, 1);
	snprintf(idfile, sizeof idfile, "%s/loadgen.ids", s->dir);
	char *argv[] = { bin, "publish", "--broker", s->broker.url, "--terminals", "20", "--ratings", "400",
			 "--window", "20", "--resend-ms", "300", "--timeout", "60", "--quiet", "--ids", idfile, NULL };
	pid_t lg = harness_spawn(lglog, argv);
	harness_sleep_ms(15000); /* 15 s of a full disk, terminals resending every 0.3 s */
	int errors = harness_count_lines(alog, "error:"), warns = harness_count_lines(alog, "warn:");
	print_message("full disk, 15 s: %d error lines, %d warnings\n", errors, warns);
	assert_true(errors >= 1);
	assert_true(errors <= 12);
	assert_true(warns <= 24);
	assert_int_equal(harness_sql(s->db, "SELECT count(*) FROM rating"), 0);

	set_fsize(agg, RLIM_INFINITY);
	assert_int_equal(harness_finish(lg, 60000), 0);
	assert_int_equal(harness_sql(s->db, "SELECT count(*) FROM rating"), 400);
	/* Each one of them, by id. */
	FILE *ids = fopen(idfile, "r");
	char id[64], sql[160];
	int n = 0;
	assert_non_null(ids);
	while (fscanf(ids, "%63s", id) == 1) {
		char hex[33], *h = hex;
		for (const char *c = id; *c && h < hex + 32; c++)
			if (*c != '-')
				*h++ = *c;
		*h = '\0';
		snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE lower(hex(id)) = '%s'", hex);
		if (harness_sql(s->db, sql) != 1)
			fail_msg("rating %s was not stored once", id);
		n++;
	}
	fclose(ids);
	assert_int_equal(n, 400);
	assert_true(harness_log_says(alog, "the database takes writes again", 100));
	assert_int_equal(harness_kill(agg, SIGTERM, 10000), 0);
	piped_end(&pl);
}

static void sigterm_before_serve_runs_drains(void **state)
{
	char dir[256], db[300], log[300], bin[PATH_MAX + 32];
	struct broker b;
	sigset_t term, old;

	(void)state;
	harness_tmpdir(dir);
	broker_start(&b, dir, 0);
	snprintf(db, sizeof db, "%s/aggregator.db", dir);
	snprintf(log, sizeof log, "%s/aggregator.log", dir);
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	/* The child starts with SIGTERM blocked and pending: it arrives at the first moment serve lets
	 * it, however early, which no timing could make sure of. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &old);
	char *argv[] = { bin, "serve", "--broker", b.url, "--db", db, NULL };
	pid_t agg = harness_spawn(log, argv);
	kill(agg, SIGTERM);
	sigprocmask(SIG_SETMASK, &old, NULL);
	int st = harness_wait(agg, 15000);
	if (st == -1)
		harness_kill(agg, SIGKILL, 1000);
	assert_int_not_equal(st, -1);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_true(harness_log_says(log, "stopped:", 100));
	broker_stop(&b, SIGTERM);
	harness_rmdir(dir);
}

static void huge_receipt_leaves_terminal_small(void **state)
{
	struct stack *s = *state;
	char conf[300], script[300], tlog[300], spool[300];
	size_t big = 16u << 20;

	snprintf(conf, sizeof conf, "%s/terminal.conf", s->dir);
	snprintf(script, sizeof script, "%s/citizen.script", s->dir);
	snprintf(tlog, sizeof tlog, "%s/terminal.log", s->dir);
	snprintf(spool, sizeof spool, "%s/spool.db", s->dir);
	harness_write_file(conf, "broker = %s\nsite = sct-bentre\ncounter = q05\nspool = %s\nwindow = 800x480\n"
			   "min_interval = 0\nthanks_time = 1\nresend = 2\n", s->broker.url, spool);
	harness_write_file(script, "wait 7000\nkey 5\nkey 5\nwait 3000\nquit\n");
	pid_t t = terminal_start(conf, script, tlog);
	harness_sleep_ms(2500); /* first frames drawn, fonts loaded: what it needs at rest */
	long before = rss_kib(t);

	/* {"ids":["…","…",…]} of 16 MiB, retained, as an intruder with the broker's door open would. */
	char *body = malloc(big + 64), *p = body;
	assert_non_null(body);
	p += sprintf(p, "{\"ids\":[");
	while ((size_t)(p - body) < big - 64) {
		char id[HL_ID_LEN + 1];
		uuid_new(id);
		p += sprintf(p, "\"%s\",", id);
	}
	p[-1] = ']';
	*p++ = '}';
	struct link *l = harness_client(s->broker.port, NULL);
	assert_non_null(l);
	assert_int_equal(link_publish(l, "hailong/v1/sct-bentre/q05/receipt", body, (size_t)(p - body), 1, true),
			 HL_OK);
	assert_int_equal(link_flush(l, 10000), HL_OK);
	free(body);
	harness_sleep_ms(2000);
	long after = rss_kib(t);
	print_message("terminal resident: %ld KiB before, %ld KiB after a 16 MiB receipt\n", before, after);
	assert_true(before > 0 && after > 0);
	assert_true(after - before < 8 * 1024);
	/* It still takes and delivers a rating. */
	assert_int_equal(harness_sql_wait(s->db, "SELECT count(*) FROM rating", 1, 15000), 1);
	assert_int_equal(harness_finish(t, 20000), 0);
	assert_int_equal(link_publish(l, "hailong/v1/sct-bentre/q05/receipt", "", 0, 1, true), HL_OK);
	link_flush(l, 5000);
	link_stop(l, NULL);
}

static void link_queue_is_bounded_by_bytes(void **state)
{
	struct stack *s = *state;
	static char body[4000];
	const char *const subs[] = { "flood/#", NULL };
	struct link_options o = { .host = "127.0.0.1", .port = s->broker.port, .subscriptions = subs,
				  .queue_bytes_max = 64 * 1024, .client_id = "flood-reader" };
	struct link *reader, *w = harness_client(s->broker.port, NULL);
	struct link_msg *m;
	size_t n, total = 0;

	assert_non_null(w);
	assert_int_equal(link_start(&o, &reader), HL_OK);
	for (int i = 0; i < 50 && !link_connected(reader); i++)
		harness_sleep_ms(100);
	harness_sleep_ms(300); /* the SUBACK */
	memset(body, 'x', sizeof body);
	for (int i = 0; i < 200; i++)
		assert_int_equal(link_publish(w, "flood/a", body, sizeof body, 1, false), HL_OK);
	assert_int_equal(link_flush(w, 10000), HL_OK);
	harness_sleep_ms(1000);
	link_take(reader, 0, SIZE_MAX, &m, &n);
	link_msgs_free(m);
	print_message("held with nobody taking: %zu messages of 4 000 bytes (bound 64 KiB)\n", n);
	assert_true(n >= 1);
	assert_true(n <= 64 * 1024 / sizeof body + 1);
	for (total = n; total < 200;) {
		link_take(reader, 2000, SIZE_MAX, &m, &n);
		link_msgs_free(m);
		if (n == 0)
			break;
		total += n;
	}
	assert_int_equal(total, 200);
	link_stop(reader, NULL);
	link_stop(w, NULL);
}

/* A rating of 20 000 bytes (the limit is 4 KiB) is not copied by serve's link but still named in
 * `rejected`: its size and why, nothing of its body. */
static void oversize_rating_is_rejected_by_size(void **state)
{
	struct stack *s = *state;
	static char body[20000];
	struct link *l = harness_client(s->broker.port, NULL);

	assert_non_null(l);
	memset(body, 'x', sizeof body);
	assert_int_equal(link_publish(l, "hailong/v1/sct-bentre/q05/rating", body, sizeof body, 1, false), HL_OK);
	assert_int_equal(link_flush(l, 5000), HL_OK);
	link_stop(l, NULL);
	assert_int_equal(harness_sql_wait(s->db,
					  "SELECT count(*) FROM rejected WHERE reason LIKE 'message too large (20000 bytes;%'"
					  " AND length(payload) = 0", 1, 10000), 1);
	assert_int_equal(harness_sql(s->db, "SELECT count(*) FROM rating"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(full_spool_disk_is_told_not_thanked, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(full_spool_disk_screenshots, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(full_database_disk_is_quiet_and_loses_nothing, stack_setup,
						stack_teardown),
		cmocka_unit_test(sigterm_before_serve_runs_drains),
		cmocka_unit_test_setup_teardown(huge_receipt_leaves_terminal_small, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(link_queue_is_bounded_by_bytes, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(oversize_rating_is_rejected_by_size, stack_setup, stack_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
