/* SPDX-License-Identifier: MIT
 * terminal_fixture.h — for the integration tests that run the real terminal binary (it_terminal,
 * it_screens): a broker + aggregator stack (harness.h), the terminal's config, spool, input script
 * and log in the stack's folder, retained messages published as the one-stop software would, and a
 * PNG's size read back. */
#ifndef HL_TERMINAL_FIXTURE_H
#define HL_TERMINAL_FIXTURE_H

#include "harness.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct env {
	struct stack s;
	char spool[300], conf[300], script[300], tlog[300];
};

/* cmocka setup/teardown: the stack up, the paths named; everything stopped and freed. */
int terminal_env_setup(void **state);
int terminal_env_teardown(void **state);
/* The terminal's config for sct-bentre/q05 at 800×480 with officer cb0100 on duty, then extra (later
 * keys win). */
void terminal_write_conf(const struct env *e, const char *extra);
/* Starts the terminal with the config and the input script; returns its PID. */
pid_t terminal_start(const struct env *e, const char *script);
/* Publishes body (len bytes) retained on topic and waits until the broker has it. */
void terminal_publish_retained(const struct env *e, const char *topic, const void *body, size_t len);
/* Width and height from a PNG's IHDR; false when the file is not a PNG. */
bool terminal_png_size(const char *path, int *w, int *h);
long terminal_file_size(const char *path);

#endif
