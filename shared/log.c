/* SPDX-License-Identifier: MIT
 * log.c — writes one whole line per call with a single write, so lines from threads never interleave.
 * Timestamps are left to journald. Messages carry outside text (topics, names, reasons), so each
 * formatted message passes escape_text before it is written: no newline or escape sequence from a
 * message can forge a journal line or reach an operator's terminal. Errors and warnings are limited
 * per call site (the format string): a full disk or a flood of junk must not write thousands of lines
 * a minute; what was held back is counted and said. */
#include "log.h"

#include "escape.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *log_program = "hailong";
static volatile enum log_level log_max = LOG_INFO;
static const char *const log_names[] = { "error", "warn", "info", "debug" };

/* Rate limit: per call site, LOG_BURST lines per LOG_WINDOW seconds. */
enum { LOG_SITES = 64, LOG_BURST = 5, LOG_WINDOW = 10 };
struct log_site {
	const char *fmt;
	enum log_level level;
	int64_t window; /* start of the current window, monotonic seconds */
	unsigned lines; /* written in it */
	unsigned held;  /* held back in it */
};
static struct log_site log_sites[LOG_SITES];
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int (*log_clock)(int64_t *now_s);

void log_init(const char *program, enum log_level max_level)
{
	log_program = program;
	log_max = max_level;
}

void log_set_level(enum log_level max_level)
{
	log_max = max_level;
}

int log_level_parse(const char *name)
{
	for (int i = 0; i <= LOG_DEBUG; i++)
		if (strcmp(name, log_names[i]) == 0)
			return i;
	return -1;
}

void log_set_clock(int (*clock_fn)(int64_t *now_s))
{
	log_clock = clock_fn;
}

static int64_t log_now(void)
{
	struct timespec ts;
	int64_t s;

	if (log_clock && log_clock(&s) == 0)
		return s;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

static void log_write(enum log_level level, const char *msg, size_t n, const char *tail)
{
	char line[1200];
	int h = snprintf(line, sizeof line, "%s: %s: ", log_program, log_names[level]);

	if (h < 0)
		return;
	size_t len = (size_t)h + escape_text(line + h, sizeof line - (size_t)h - 64, msg, n);
	if (tail)
		len += (size_t)snprintf(line + len, sizeof line - len - 1, "%s", tail);
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}

/* Says, once its window is over, how many lines of a call site were held back. Under log_mu. */
static void log_report_held(struct log_site *s)
{
	char msg[160], fmt[64];

	snprintf(fmt, sizeof fmt, "%s", s->fmt);
	snprintf(msg, sizeof msg, "%u more like \"%s%s\" held back in %d s", s->held, fmt,
		 strlen(s->fmt) >= sizeof fmt ? "…" : "", LOG_WINDOW);
	log_write(s->level, msg, strlen(msg), NULL);
	s->held = 0;
}

/* Whether a line of this call site may be written now; counts it when not. */
static bool log_admit(enum log_level level, const char *fmt, char *tail, size_t cap)
{
	int64_t now = log_now();
	struct log_site *free_slot = NULL, *s = NULL;
	bool ok = true;

	tail[0] = '\0';
	pthread_mutex_lock(&log_mu);
	for (size_t i = 0; i < LOG_SITES; i++) {
		struct log_site *e = &log_sites[i];
		if (e->fmt && e->held && now - e->window >= LOG_WINDOW && e->fmt != fmt)
			log_report_held(e);
		if (e->fmt == fmt)
			s = e;
		else if (!e->fmt && !free_slot)
			free_slot = e;
	}
	if (!s && free_slot) {
		s = free_slot;
		*s = (struct log_site){ .fmt = fmt, .level = level, .window = now };
	}
	if (s) {
		if (now - s->window >= LOG_WINDOW) {
			if (s->held)
				snprintf(tail, cap, " (and %u more like it held back in %d s)", s->held, LOG_WINDOW);
			s->window = now;
			s->lines = 0;
			s->held = 0;
		}
		if (s->lines >= LOG_BURST) {
			s->held++;
			ok = false;
		} else {
			s->lines++;
		}
	}
	pthread_mutex_unlock(&log_mu);
	return ok;
}

void log_flush_held(void)
{
	pthread_mutex_lock(&log_mu);
	for (size_t i = 0; i < LOG_SITES; i++)
		if (log_sites[i].fmt && log_sites[i].held)
			log_report_held(&log_sites[i]);
	pthread_mutex_unlock(&log_mu);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char msg[1024], tail[96] = "";
	va_list ap;

	if (level > log_max)
		return;
	if (level <= LOG_WARN && !log_admit(level, fmt, tail, sizeof tail))
		return;
	va_start(ap, fmt);
	int m = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	log_write(level, msg, (size_t)m < sizeof msg ? (size_t)m : sizeof msg - 1, tail[0] ? tail : NULL);
}
