/* SPDX-License-Identifier: MIT
 * log.c — writes one whole line per call with a single write, so lines from threads never interleave.
 * Timestamps are left to journald. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *log_program = "hailong";
static volatile enum log_level log_max = LOG_INFO;
static const char *const log_names[] = { "error", "warn", "info", "debug" };

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

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[1024];
	int n;
	va_list ap;

	if (level > log_max)
		return;
	n = snprintf(line, sizeof line, "%s: %s: ", log_program, log_names[level]);
	if (n < 0)
		return;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	size_t len = (size_t)n + (size_t)m;
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}
