/* SPDX-License-Identifier: MIT
 * hailong-webload — an HTTP/1.1 load client for the web console's benchmark (bench/web.sh).
 *
 * Each of N clients is a thread with one keep-alive TCP connection to 127.0.0.1 (no other host is
 * ever contacted: the benchmark must not reach beyond loopback). It asks for the given URLs in turn,
 * reads each whole response (Content-Length, chunked, or up to the close), counts anything but a
 * 200 as an error, and records the time from the request's first byte sent to its last byte read
 * on the monotonic clock. When the server closes a connection the client opens another; a request
 * that found a kept-alive connection already closed is sent once more on a fresh one (as browsers
 * do), its time counted from the first try. The run ends at --seconds or once --max-requests were
 * made, whichever comes first; then one line per URL gives the count, errors, p50, p99, maximum
 * (over the 200 answers) and the rate. --login logs in through POST /dang-nhap first and sends the
 * session cookie it got. This file is the program: options, threads, statistics and the report;
 * the HTTP client over one connection is webload_http.c. Links only libc and pthread. Start reading
 * main(). */
#include "webload_http.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PROG "hailong-webload"
#define URLS_MAX 16
#define PATH_MAX_LEN 1024
#define REQ_MAX (PATH_MAX_LEN + WL_COOKIE_MAX + 256)

struct target {
	const char *url; /* as given, for the report */
	char path[PATH_MAX_LEN];
};

struct opts {
	struct target urls[URLS_MAX];
	int nurls, port, clients, seconds, timeout_ms;
	long max_requests;
	char cookie[WL_COOKIE_MAX]; /* "hl_session=…", or empty */
	const char *login, *password_file, *save_cookie, *cookie_file;
};

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* ---- the clients ----------------------------------------------------------------------------------- */

struct samples {
	uint32_t *us; /* latencies of the 200 answers, microseconds */
	size_t n, cap;
	long requests, errors;
	int first_status; /* of the first non-200 answer, 0 when none; -1 for an I/O error */
};

struct client {
	pthread_t th;
	int index;
	const struct opts *o;
	struct samples s[URLS_MAX];
	bool nomem;
};

/* The start line: every client connects, says it is ready, and waits for the go, so the run times
 * requests and not connects, and all clients begin together. */
static pthread_mutex_t start_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t start_cv = PTHREAD_COND_INITIALIZER;
static int start_ready;
static bool start_go;
static int64_t run_deadline; /* monotonic ns; set before the go */
static atomic_long issued;   /* requests started, over every client */
static volatile sig_atomic_t stop_now; /* SIGINT or SIGTERM: end the run early, still report */

static void on_stop(int sig)
{
	(void)sig;
	stop_now = 1;
}

static void start_line_wait(void)
{
	pthread_mutex_lock(&start_mu);
	start_ready++;
	pthread_cond_broadcast(&start_cv);
	while (!start_go)
		pthread_cond_wait(&start_cv, &start_mu);
	pthread_mutex_unlock(&start_mu);
}

/* Waits (bounded) until n clients are ready, then lets them go for seconds. */
static void start_line_open(int n, int seconds)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 30;
	pthread_mutex_lock(&start_mu);
	while (start_ready < n && pthread_cond_timedwait(&start_cv, &start_mu, &until) == 0)
		;
	run_deadline = wl_now_ns() + (int64_t)seconds * 1000000000;
	start_go = true;
	pthread_cond_broadcast(&start_cv);
	pthread_mutex_unlock(&start_mu);
}

static int samples_add(struct samples *s, uint32_t us)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint32_t *p = realloc(s->us, cap * sizeof *p);
		if (!p)
			return WL_ERR_NOMEM;
		s->us = p;
		s->cap = cap;
	}
	s->us[s->n++] = us;
	return WL_OK;
}

static size_t build_request(char *out, size_t cap, const struct opts *o, const char *path)
{
	int n = snprintf(out, cap,
			 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: " PROG "\r\nAccept: text/html\r\n"
			 "%s%s%sConnection: keep-alive\r\n\r\n",
			 path, o->port, o->cookie[0] ? "Cookie: " : "", o->cookie, o->cookie[0] ? "\r\n" : "");
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

static void *client_run(void *arg)
{
	struct client *cl = arg;
	const struct opts *o = cl->o;
	struct wl_conn *c = wl_conn_new();
	char (*reqs)[REQ_MAX] = calloc((size_t)o->nurls, REQ_MAX);
	size_t lens[URLS_MAX];
	struct wl_response r;

	if (c)
		wl_conn_open(c, o->port); /* a failure here is retried, and counted, in the run */
	start_line_wait();
	if (!c || !reqs) {
		cl->nomem = true;
		goto out;
	}
	for (int u = 0; u < o->nurls; u++)
		lens[u] = build_request(reqs[u], REQ_MAX, o, o->urls[u].path);
	/* Each client starts at a different URL, so every URL sees every level of concurrency. */
	for (long k = cl->index; !stop_now && wl_now_ns() < run_deadline; k++) {
		if (atomic_fetch_add(&issued, 1) >= o->max_requests)
			break;
		int u = (int)(k % o->nurls);
		struct samples *s = &cl->s[u];
		int64_t t0 = wl_now_ns();
		int rc = wl_exchange(c, o->port, reqs[u], lens[u], o->timeout_ms, &r);
		int64_t dt = wl_now_ns() - t0;
		s->requests++;
		if (rc == WL_OK && r.status == 200) {
			uint64_t us = (uint64_t)(dt / 1000);
			if (samples_add(s, us > UINT32_MAX ? UINT32_MAX : (uint32_t)us) != WL_OK) {
				cl->nomem = true;
				break;
			}
			continue;
		}
		s->errors++;
		if (!s->first_status)
			s->first_status = rc == WL_OK ? r.status : -1;
		if (rc != WL_OK && !wl_conn_is_open(c))
			sleep_ms(10); /* the server is not answering: do not spin on connect */
	}
out:
	wl_conn_free(c);
	free(reqs);
	return NULL;
}

/* ---- logging in --------------------------------------------------------------------------------- */

static void form_escape(char *out, size_t cap, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;

	for (; *s && n + 4 < cap; s++) {
		unsigned char ch = (unsigned char)*s;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    strchr("-._~", ch)) {
			out[n++] = (char)ch;
		} else {
			out[n++] = '%';
			out[n++] = hex[ch >> 4];
			out[n++] = hex[ch & 15];
		}
	}
	out[n] = '\0';
}

/* The file's first line (without its line end) into out. */
static int read_first_line(const char *path, char *out, size_t cap)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return WL_ERR_IO;
	if (!fgets(out, (int)cap, f))
		out[0] = '\0';
	fclose(f);
	out[strcspn(out, "\r\n")] = '\0';
	return out[0] ? WL_OK : WL_ERR_PROTO;
}

/* POST /dang-nhap; on a 303 with the session cookie, o->cookie holds it. */
static int do_login(struct opts *o, char *why, size_t whycap)
{
	char pw[1100], ename[256], epw[3400], body[3800], req[4200];
	struct wl_conn *c = wl_conn_new();
	struct wl_response r;
	int rc = WL_ERR_IO;

	if (!c) {
		snprintf(why, whycap, "out of memory");
		return WL_ERR_NOMEM;
	}
	if (read_first_line(o->password_file, pw, sizeof pw) != WL_OK) {
		snprintf(why, whycap, "cannot read a password from %s", o->password_file);
		goto out;
	}
	form_escape(ename, sizeof ename, o->login);
	form_escape(epw, sizeof epw, pw);
	memset(pw, 0, sizeof pw);
	int blen = snprintf(body, sizeof body, "name=%s&password=%s&next=%%2F", ename, epw);
	int rlen = snprintf(req, sizeof req,
			    "POST /dang-nhap HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: " PROG "\r\n"
			    "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n"
			    "Connection: close\r\n\r\n%s",
			    o->port, blen, body);
	memset(epw, 0, sizeof epw);
	memset(body, 0, sizeof body);
	rc = wl_exchange(c, o->port, req, (size_t)rlen, 30000, &r); /* a password hash takes its time */
	memset(req, 0, sizeof req);
	if (rc != WL_OK) {
		snprintf(why, whycap, "POST /dang-nhap on 127.0.0.1:%d: no answer", o->port);
		goto out;
	}
	if (r.status != 303 || !r.session[0] || strlen(r.session) <= strlen("hl_session=")) {
		snprintf(why, whycap, "POST /dang-nhap answered %d%s (wrong name or password?)", r.status,
			 r.session[0] ? "" : " without a session cookie");
		rc = WL_ERR_PROTO;
		goto out;
	}
	snprintf(o->cookie, sizeof o->cookie, "%s", r.session);
	rc = WL_OK;
out:
	wl_conn_free(c);
	return rc;
}

/* The cookie alone on a line, readable only by its owner. */
static int save_cookie(const char *path, const char *cookie)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f) {
		if (fd >= 0)
			close(fd);
		return WL_ERR_IO;
	}
	fprintf(f, "%s\n", cookie);
	return fclose(f) == 0 ? WL_OK : WL_ERR_IO;
}

/* ---- the report ------------------------------------------------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least q of them at or below it. */
static double pct_ms(const uint32_t *v, size_t n, double q)
{
	if (n == 0)
		return 0;
	size_t k = (size_t)(q * (double)n + 0.999999);
	if (k < 1)
		k = 1;
	if (k > n)
		k = n;
	return v[k - 1] / 1000.0;
}

static int report(const struct opts *o, struct client *cl, double secs)
{
	int errors = 0;

	for (int u = 0; u < o->nurls; u++) {
		size_t n = 0;
		long requests = 0, errs = 0;
		int first = 0;
		for (int i = 0; i < o->clients; i++) {
			n += cl[i].s[u].n;
			requests += cl[i].s[u].requests;
			errs += cl[i].s[u].errors;
			if (!first)
				first = cl[i].s[u].first_status;
		}
		uint32_t *all = malloc((n ? n : 1) * sizeof *all);
		if (!all)
			return -1;
		size_t k = 0;
		for (int i = 0; i < o->clients; i++) {
			if (cl[i].s[u].n)
				memcpy(all + k, cl[i].s[u].us, cl[i].s[u].n * sizeof *all);
			k += cl[i].s[u].n;
		}
		qsort(all, n, sizeof *all, cmp_u32);
		printf("url=%s clients=%d requests=%ld errors=%ld p50_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f\n",
		       o->urls[u].url, o->clients, requests, errs, pct_ms(all, n, 0.50), pct_ms(all, n, 0.99),
		       n ? all[n - 1] / 1000.0 : 0.0, secs > 0 ? (double)requests / secs : 0.0);
		if (errs) {
			if (first > 0)
				fprintf(stderr, PROG ": %s: %ld errors, the first a %d answer\n", o->urls[u].url, errs, first);
			else
				fprintf(stderr, PROG ": %s: %ld errors, the first no whole answer (connection or timeout)\n",
					o->urls[u].url, errs);
			errors++;
		}
		free(all);
	}
	fflush(stdout);
	return errors;
}

/* ---- the command line ------------------------------------------------------------------------------ */

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " --url http://127.0.0.1:PORT/PATH [--url …]… --clients N --seconds S\n"
		"                       [--cookie 'hl_session=…' | --cookie-file F |\n"
		"                        --login NAME --password-file F [--save-cookie F]]\n"
		"                       [--max-requests N] [--timeout-ms MS]\n"
		"       " PROG " --login NAME --password-file F --save-cookie F --url http://127.0.0.1:PORT/\n"
		"\n"
		"N clients, each a thread with one keep-alive connection, ask for the URLs in turn for S\n"
		"seconds or until N requests in all (--max-requests, default 1000000) were made. Only\n"
		"127.0.0.1 is served; every URL names the same port. An answer other than 200, or none within\n"
		"--timeout-ms (default 10000), is an error. --login logs in with POST /dang-nhap (the\n"
		"password is the file's first line) and sends the session cookie it gets; --save-cookie\n"
		"writes that cookie to a file (mode 600) for later runs' --cookie-file, and without\n"
		"--clients and --seconds only logs in. SIGINT or SIGTERM ends a run early, with its report.\n"
		"Prints one line per URL:\n"
		"  url=… clients=N requests=… errors=… p50_ms=… p99_ms=… max_ms=… rps=…\n"
		"(latencies over the 200 answers). Exits 0 when every request got a 200, 1 when some did\n"
		"not or the login failed, 2 on a bad command line.\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(" PROG " --help for the options)\n");
	return 2;
}

static int arg_long(const char *s, long lo, long hi, long *out)
{
	char *end;

	errno = 0;
	long v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* "http://127.0.0.1:PORT/PATH": the port and the path (with its query); only loopback. */
static int parse_url(const char *url, int *port, char *path, size_t cap, const char **why)
{
	static const char scheme[] = "http://127.0.0.1:";
	long p = 0;
	const char *s;

	if (strncmp(url, "http://", 7) != 0) {
		*why = "only http:// URLs";
		return -1;
	}
	if (strncmp(url, scheme, sizeof scheme - 1) != 0) {
		*why = "only the host 127.0.0.1, with a port (no network beyond loopback)";
		return -1;
	}
	for (s = url + sizeof scheme - 1; *s >= '0' && *s <= '9' && p <= 65535; s++)
		p = p * 10 + (*s - '0');
	if (s == url + sizeof scheme - 1 || p < 1 || p > 65535 || (*s && *s != '/')) {
		*why = "a port 1-65535, then the path";
		return -1;
	}
	if (!*s)
		s = "/";
	if (strlen(s) >= cap || strpbrk(s, " \t\r\n#")) {
		*why = "a path without spaces, line ends or '#', under 1024 bytes";
		return -1;
	}
	for (const char *q = s; *q; q++)
		if ((unsigned char)*q < 0x21 || (unsigned char)*q == 0x7f) {
			*why = "a path of printable ASCII (percent-encode the rest)";
			return -1;
		}
	*port = (int)p;
	snprintf(path, cap, "%s", s);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },      { "clients", required_argument, NULL, 'c' },
		{ "seconds", required_argument, NULL, 's' },  { "cookie", required_argument, NULL, 'k' },
		{ "login", required_argument, NULL, 'l' },    { "password-file", required_argument, NULL, 'p' },
		{ "max-requests", required_argument, NULL, 'm' }, { "timeout-ms", required_argument, NULL, 't' },
		{ "save-cookie", required_argument, NULL, 'S' }, { "cookie-file", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },           { 0 },
	};
	static struct opts o = { .max_requests = 1000000, .timeout_ms = 10000 };
	struct client *cl;
	char why[300];
	const char *bad;
	long v;
	int opt, port;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'u':
			if (o.nurls == URLS_MAX)
				return usage_error("at most 16 --url, not '%s'", optarg);
			if (parse_url(optarg, &port, o.urls[o.nurls].path, sizeof o.urls[o.nurls].path, &bad) != 0) {
				fprintf(stderr, PROG ": --url '%s': %s\n", optarg, bad);
				return usage_error("%s", "bad --url");
			}
			if (o.port && port != o.port)
				return usage_error("--url '%s': every URL names the same port", optarg);
			o.port = port;
			o.urls[o.nurls++].url = optarg;
			break;
		case 'c':
			if (arg_long(optarg, 1, 1000, &v))
				return usage_error("--clients '%s': 1 to 1000", optarg);
			o.clients = (int)v;
			break;
		case 's':
			if (arg_long(optarg, 1, 3600, &v))
				return usage_error("--seconds '%s': 1 to 3600", optarg);
			o.seconds = (int)v;
			break;
		case 'm':
			if (arg_long(optarg, 1, 100000000, &v))
				return usage_error("--max-requests '%s': 1 to 100000000", optarg);
			o.max_requests = v;
			break;
		case 't':
			if (arg_long(optarg, 10, 600000, &v))
				return usage_error("--timeout-ms '%s': 10 to 600000", optarg);
			o.timeout_ms = (int)v;
			break;
		case 'k':
			if (strlen(optarg) >= sizeof o.cookie || strpbrk(optarg, "\r\n"))
				return usage_error("--cookie: one line under 512 bytes, not '%s'", optarg);
			snprintf(o.cookie, sizeof o.cookie, "%s", optarg);
			break;
		case 'S': o.save_cookie = optarg; break;
		case 'K': o.cookie_file = optarg; break;
		case 'l': o.login = optarg; break;
		case 'p': o.password_file = optarg; break;
		case 'h': usage(stdout); return 0;
		case ':': return usage_error("option %s needs a value", argv[optind - 1]);
		default: return usage_error("unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	bool login_only = o.save_cookie && o.clients == 0 && o.seconds == 0;
	if (o.nurls == 0 || (!login_only && (o.clients == 0 || o.seconds == 0)))
		return usage_error("%s", "--url, --clients and --seconds are required");
	if (!o.login != !o.password_file)
		return usage_error("%s", "--login and --password-file go together");
	if (o.save_cookie && !o.login)
		return usage_error("%s", "--save-cookie needs --login");
	if ((o.login != NULL) + (o.cookie[0] != '\0') + (o.cookie_file != NULL) > 1)
		return usage_error("%s", "one of --cookie, --cookie-file and --login");
	if (o.cookie_file && read_first_line(o.cookie_file, o.cookie, sizeof o.cookie) != WL_OK) {
		fprintf(stderr, PROG ": cannot read a cookie from %s\n", o.cookie_file);
		return 1;
	}

	if (o.login && do_login(&o, why, sizeof why) != WL_OK) {
		fprintf(stderr, PROG ": login as '%s' failed: %s\n", o.login, why);
		return 1;
	}
	if (o.save_cookie && save_cookie(o.save_cookie, o.cookie) != WL_OK) {
		fprintf(stderr, PROG ": cannot write %s\n", o.save_cookie);
		return 1;
	}
	if (login_only)
		return 0;
	struct sigaction sa = { .sa_handler = on_stop };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cl = calloc((size_t)o.clients, sizeof *cl);
	if (!cl) {
		fprintf(stderr, PROG ": out of memory\n");
		return 1;
	}
	int started = 0;
	for (; started < o.clients; started++) {
		cl[started].index = started;
		cl[started].o = &o;
		if (pthread_create(&cl[started].th, NULL, client_run, &cl[started]) != 0)
			break;
	}
	if (started < o.clients) {
		fprintf(stderr, PROG ": could start only %d of %d client threads\n", started, o.clients);
		atomic_store(&issued, o.max_requests); /* those that started make no request */
	}
	start_line_open(started, o.seconds);
	int64_t run_start = wl_now_ns();
	bool nomem = false;
	for (int i = 0; i < started; i++) {
		pthread_join(cl[i].th, NULL);
		nomem |= cl[i].nomem;
	}
	if (started < o.clients) {
		free(cl);
		return 1;
	}
	double secs = (double)(wl_now_ns() - run_start) / 1e9;
	int bad_urls = report(&o, cl, secs);
	if (nomem)
		fprintf(stderr, PROG ": out of memory during the run: figures are partial\n");
	for (int i = 0; i < o.clients; i++)
		for (int u = 0; u < o.nurls; u++)
			free(cl[i].s[u].us);
	free(cl);
	return bad_urls != 0 || nomem ? 1 : 0;
}
