/* SPDX-License-Identifier: MIT
 * terminal_fixture.c — the pieces it_terminal and it_screens share; see the header. */
#include "terminal_fixture.h"

#include "hl.h"
#include "link.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

int terminal_env_setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	stack_up(&e->s);
	snprintf(e->spool, sizeof e->spool, "%s/spool.db", e->s.dir);
	snprintf(e->conf, sizeof e->conf, "%s/terminal.conf", e->s.dir);
	snprintf(e->script, sizeof e->script, "%s/citizen.script", e->s.dir);
	snprintf(e->tlog, sizeof e->tlog, "%s/terminal.log", e->s.dir);
	*state = e;
	return 0;
}

int terminal_env_teardown(void **state)
{
	struct env *e = *state;

	stack_down(&e->s);
	free(e);
	return 0;
}

void terminal_write_conf(const struct env *e, const char *extra)
{
	harness_write_file(e->conf,
			   "# test terminal\nbroker = %s\nsite = sct-bentre\ncounter = q05\nspool = %s\nwindow = 800x480\n"
			   "officer = cb0100\nmin_interval = 0\nthanks_time = 1\nresend = 2\n%s",
			   e->s.broker.url, e->spool, extra);
}

pid_t terminal_start(const struct env *e, const char *script)
{
	static char bin[PATH_MAX + 32];

	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	char *argv[] = { bin, "-c", (char *)e->conf, "--input-script", (char *)script, NULL };
	return harness_spawn(e->tlog, argv);
}

void terminal_publish_retained(const struct env *e, const char *topic, const void *body, size_t len)
{
	struct link *l = harness_client(e->s.broker.port, NULL);

	assert_non_null(l);
	assert_int_equal(link_publish(l, topic, body, len, 1, true), HL_OK);
	assert_int_equal(link_flush(l, 5000), HL_OK);
	link_stop(l, NULL);
}

bool terminal_png_size(const char *path, int *w, int *h)
{
	unsigned char b[24];
	FILE *f = fopen(path, "rb");
	bool ok = f && fread(b, 1, sizeof b, f) == sizeof b && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0 &&
		  memcmp(b + 12, "IHDR", 4) == 0;

	if (f)
		fclose(f);
	if (ok) {
		*w = b[16] << 24 | b[17] << 16 | b[18] << 8 | b[19];
		*h = b[20] << 24 | b[21] << 16 | b[22] << 8 | b[23];
	}
	return ok;
}

long terminal_file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

