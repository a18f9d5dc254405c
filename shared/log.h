/* SPDX-License-Identifier: MIT
 * log.h — one log call for the programs (not the cores): a line per event on stderr, where journald
 * collects it. The level filter is process-wide. Outside text in a message is escaped (escape.h), and
 * errors and warnings are rate-limited per call site: at most 5 lines of one format in 10 s, then the
 * number held back is said (on that site's next line, or on any later line once its 10 s are over,
 * or by log_flush_held). */
#ifndef HL_LOG_H
#define HL_LOG_H

#include <stdint.h>

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Name shown before each line, e.g. "hailong-aggregator". Borrowed: must outlive all logging. */
void log_init(const char *program, enum log_level max_level);
void log_set_level(enum log_level max_level);
/* Parses "error", "warn", "info" or "debug"; returns -1 when it is none of them. */
int log_level_parse(const char *name);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Says now how many lines are held back, e.g. before exiting. */
void log_flush_held(void);
/* Tests: the clock of the rate limit, in seconds (returns 0 on success); NULL: CLOCK_MONOTONIC. */
void log_set_clock(int (*clock_fn)(int64_t *now_s));

#endif
