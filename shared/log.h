/* SPDX-License-Identifier: MIT
 * log.h — one log call for the programs (not the cores): a line per event on stderr, where journald
 * collects it. The level filter is process-wide. */
#ifndef HL_LOG_H
#define HL_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

/* Name shown before each line, e.g. "hailong-aggregator". Borrowed: must outlive all logging. */
void log_init(const char *program, enum log_level max_level);
void log_set_level(enum log_level max_level);
/* Parses "error", "warn", "info" or "debug"; returns -1 when it is none of them. */
int log_level_parse(const char *name);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
