/* SPDX-License-Identifier: MIT
 * harness.c — children are started with fork/exec and tracked in a small table; an atexit handler
 * ends any that a failed test left running, so no run leaves processes behind. Every wait is a loop
 * bounded by a deadline. */
#include "harness.h"

#include "file.h"
#include "hl.h"
#include "link.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { HARNESS_MAX_CHILDREN = 64 };
static pid_t harness_children[HARNESS_MAX_CHILDREN];
static bool harness_atexit_set;

int64_t harness_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void harness_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

void harness_tmpdir(char out[256])
{
	snprintf(out, 256, "/tmp/hailong-test-XXXXXX");
	if (!mkdtemp(out)) {
		perror("mkdtemp");
		abort();
	}
}

static int harness_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void harness_rmdir(const char *path)
{
	if (getenv("HL_KEEP_TMP")) {
		fprintf(stderr, "kept %s\n", path);
		return;
	}
	if (strncmp(path, "/tmp/hailong-test-", 18) == 0)
		nftw(path, harness_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int harness_free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

bool harness_port_open(int port, int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms;

	do {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
		if (fd >= 0)
			close(fd);
		if (ok)
			return true;
		harness_sleep_ms(20);
	} while (harness_now_ms() < deadline);
	return false;
}

const char *harness_bindir(void)
{
	static char dir[PATH_MAX];

	if (!dir[0]) {
		ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
		if (n <= 0)
			abort();
		dir[n] = '\0';
		for (int i = 0; i < 2; i++) {
			char *slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
		}
	}
	return dir;
}

#define HARNESS_SOURCES 32 /* files of the source tree a test binary may ask for */

const char *harness_source(const char *rel)
{
	static struct {
		char rel[256], path[PATH_MAX + 300];
	} found[HARNESS_SOURCES];
	static size_t n;
	const char *bases[] = { ".", "%s/..", "%s/../.." };

	for (size_t i = 0; i < n; i++)
		if (strcmp(found[i].rel, rel) == 0)
			return found[i].path;
	if (n == HARNESS_SOURCES || strlen(rel) >= sizeof found[0].rel)
		abort(); /* a test asking for too many: a programmer's mistake */
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		char base[PATH_MAX + 16];
		snprintf(base, sizeof base, bases[i], harness_bindir());
		snprintf(found[n].path, sizeof found[n].path, "%s/%s", base, rel);
		if (access(found[n].path, R_OK) == 0) {
			snprintf(found[n].rel, sizeof found[n].rel, "%s", rel);
			return found[n++].path;
		}
	}
	return NULL;
}

const char *harness_sample(const char *name)
{
	char rel[256];
	const char *p;

	snprintf(rel, sizeof rel, "assets/roster/%s", name);
	if (!(p = harness_source(rel))) {
		fprintf(stderr, "%s not found from . or %s\n", rel, harness_bindir());
		abort(); /* cmocka reports the case as failed */
	}
	return p;
}

static void harness_end_children(void)
{
	for (int i = 0; i < HARNESS_MAX_CHILDREN; i++) {
		if (harness_children[i] > 0) {
			kill(harness_children[i], SIGKILL);
			waitpid(harness_children[i], NULL, 0);
			harness_children[i] = 0;
		}
	}
}

static void harness_forget(pid_t pid)
{
	for (int i = 0; i < HARNESS_MAX_CHILDREN; i++)
		if (harness_children[i] == pid)
			harness_children[i] = 0;
}

pid_t harness_spawn(const char *log_path, char *const argv[])
{
	pid_t pid;

	if (!harness_atexit_set) {
		atexit(harness_end_children);
		harness_atexit_set = true;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		abort();
	}
	if (pid == 0) {
		int fd = open(log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0644);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execv(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	for (int i = 0; i < HARNESS_MAX_CHILDREN; i++)
		if (harness_children[i] == 0) {
			harness_children[i] = pid;
			break;
		}
	return pid;
}

int harness_wait(pid_t pid, int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms;
	int status;

	do {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			harness_forget(pid);
			return status;
		}
		if (r < 0 && errno != EINTR)
			return -1;
		harness_sleep_ms(10);
	} while (harness_now_ms() < deadline);
	return -1;
}

int harness_kill(pid_t pid, int sig, int timeout_ms)
{
	int status;

	kill(pid, sig);
	status = harness_wait(pid, timeout_ms);
	if (status == -1) {
		kill(pid, SIGKILL);
		status = harness_wait(pid, 5000);
	}
	return status;
}

int harness_run(const char *log_path, char *const argv[], int timeout_ms)
{
	int status = harness_wait(harness_spawn(log_path, argv), timeout_ms);

	return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void broker_start(struct broker *b, const char *dir, int port)
{
	char conf[300];
	FILE *f;

	memset(b, 0, sizeof *b);
	b->port = port ? port : harness_free_port();
	snprintf(b->dir, sizeof b->dir, "%s", dir);
	snprintf(b->url, sizeof b->url, "mqtt://127.0.0.1:%d", b->port);
	snprintf(conf, sizeof conf, "%s/mosquitto.conf", dir);
	f = fopen(conf, "w");
	if (!f)
		abort();
	fprintf(f,
		"listener %d 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location %s/\n"
		"autosave_interval 1\nmax_queued_messages 100000\nset_tcp_nodelay true\n",
		b->port, dir);
	fclose(f);
	char log[300];
	snprintf(log, sizeof log, "%s/mosquitto.log", dir);
	char *argv[] = { "/usr/sbin/mosquitto", "-c", conf, NULL };
	b->pid = harness_spawn(log, argv);
	if (!harness_port_open(b->port, 5000)) {
		fprintf(stderr, "mosquitto did not start on port %d (see %s)\n", b->port, log);
		abort();
	}
}

void broker_stop(struct broker *b, int sig)
{
	if (b->pid > 0)
		harness_kill(b->pid, sig, 5000);
	b->pid = 0;
}

pid_t harness_spawn_connected(const char *log_path, char *const argv[], int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms;
	/* Count "connected" lines before and after, so a restart waits for its own. */
	int before = harness_count_lines(log_path, "connected to the broker");
	pid_t pid = harness_spawn(log_path, argv);

	while (harness_now_ms() < deadline && harness_count_lines(log_path, "connected to the broker") <= before)
		harness_sleep_ms(20);
	return pid;
}

pid_t aggregator_start(const char *url, const char *db, const char *log_path)
{
	char bin[PATH_MAX + 32];

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *argv[] = { bin, "serve", "--broker", (char *)url, "--db", (char *)db, NULL };
	return harness_spawn_connected(log_path, argv, 5000);
}

pid_t aggregator_start_conf(const char *conf, const char *log_path)
{
	char bin[PATH_MAX + 32];

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *argv[] = { bin, "serve", "-c", (char *)conf, NULL };
	return harness_spawn_connected(log_path, argv, 8000);
}

void stack_up(struct stack *s)
{
	memset(s, 0, sizeof *s);
	harness_tmpdir(s->dir);
	snprintf(s->db, sizeof s->db, "%s/aggregator.db", s->dir);
	snprintf(s->agglog, sizeof s->agglog, "%s/aggregator.log", s->dir);
	broker_start(&s->broker, s->dir, 0);
	s->agg = aggregator_start(s->broker.url, s->db, s->agglog);
}

void stack_down(struct stack *s)
{
	if (s->agg > 0)
		harness_kill(s->agg, SIGTERM, 10000);
	s->agg = 0;
	broker_stop(&s->broker, SIGTERM);
	harness_rmdir(s->dir);
}

int stack_setup(void **state)
{
	struct stack *s = calloc(1, sizeof *s);

	if (!s)
		return -1;
	stack_up(s);
	*state = s;
	return 0;
}

int stack_teardown(void **state)
{
	stack_down(*state);
	free(*state);
	return 0;
}

struct link *harness_client(int port, const char *sub)
{
	const char *subs[] = { sub, NULL };
	struct link_options lo = { .host = "127.0.0.1", .port = port, .subscriptions = sub ? subs : NULL };
	struct link *l;
	int64_t deadline = harness_now_ms() + 5000;

	if (link_start(&lo, &l) != HL_OK)
		return NULL;
	while (!link_connected(l) && harness_now_ms() < deadline)
		harness_sleep_ms(10);
	if (!link_connected(l)) {
		link_stop(l, NULL);
		return NULL;
	}
	harness_sleep_ms(100); /* let the SUBACK arrive */
	return l;
}

int64_t harness_sql(const char *db, const char *sql)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(h, 2000);
		if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

int64_t harness_sql_wait(const char *db, const char *sql, int64_t want, int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms, v;

	while ((v = harness_sql(db, sql)) != want && harness_now_ms() < deadline)
		harness_sleep_ms(50);
	return v;
}

bool harness_file_has(const char *path, const char *text)
{
	FILE *f = fopen(path, "r");
	char buf[65536];
	size_t n;
	bool found = false;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	found = strstr(buf, text) != NULL;
	fclose(f);
	return found;
}

void harness_write_file(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "w");
	va_list ap;

	if (!f) {
		perror(path);
		abort();
	}
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

char *harness_slurp(const char *path, size_t *len)
{
	char *text, why[160];
	size_t n;

	if (file_read_bounded(path, (size_t)1 << 30, &text, &n, why, sizeof why) != HL_OK) {
		fprintf(stderr, "harness: %s: %s\n", path, why);
		abort(); /* cmocka reports the case as failed */
	}
	if (len)
		*len = n;
	return text;
}

bool harness_read_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;
	bool ok = f != NULL;

	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return ok;
}

int harness_count_lines(const char *path, const char *text)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	int n = 0;

	while (f && fgets(line, sizeof line, f))
		n += strstr(line, text) != NULL;
	if (f)
		fclose(f);
	return n;
}

bool harness_wait_lines(const char *path, const char *text, int want, int timeout_ms)
{
	int64_t deadline = harness_now_ms() + timeout_ms;

	while (harness_count_lines(path, text) < want && harness_now_ms() < deadline)
		harness_sleep_ms(20);
	return harness_count_lines(path, text) >= want;
}

bool harness_log_says(const char *path, const char *text, int timeout_ms)
{
	return harness_wait_lines(path, text, 1, timeout_ms);
}

int harness_finish(pid_t pid, int timeout_ms)
{
	int status = harness_wait(pid, timeout_ms);

	if (status == -1)
		status = harness_kill(pid, SIGKILL, 5000);
	return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
