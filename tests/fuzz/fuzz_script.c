/* SPDX-License-Identifier: MIT
 * fuzz_script.c — libFuzzer harness for the terminal's input script (terminal/script.h), which the
 * demo and the tests feed to hailong-terminal. The input is parsed as a text (up to its first NUL)
 * and loaded as a file (script_load on an in-memory file, which refuses NULs). An accepted script
 * holds only known commands with values in range and line numbers that grow; a refused one holds
 * nothing and says where. */
#include "fuzz.h"

#include "hl.h"
#include "script.h"

#include <stdlib.h>
#include <string.h>

static void check(int rc, const struct script *s, const char *err, size_t cap)
{
	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_INVALID || rc == HL_ERR_IO || rc == HL_ERR_NOMEM);
	FUZZ_CHECK(memchr(err, '\0', cap));
	if (rc != HL_OK) {
		FUZZ_CHECK(s->cmds == NULL && s->n == 0);
		FUZZ_CHECK(err[0]);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct script_cmd *c = &s->cmds[i];
		FUZZ_CHECK(c->op >= SCRIPT_KEY && c->op <= SCRIPT_QUIT);
		FUZZ_CHECK(i == 0 || c->line > s->cmds[i - 1].line);
		FUZZ_CHECK(memchr(c->arg, '\0', sizeof c->arg));
		if (c->op == SCRIPT_KEY || c->op == SCRIPT_SHOT)
			FUZZ_CHECK(c->arg[0] && !strpbrk(c->arg, " \t\r\n"));
		if (c->op == SCRIPT_TAP)
			FUZZ_CHECK(c->x >= 0 && c->x <= 100000 && c->y >= 0 && c->y <= 100000);
		if (c->op == SCRIPT_WAIT)
			FUZZ_CHECK(c->ms >= 0 && c->ms <= 3600000);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size);
	struct script s;
	char err[128];
	int rc = script_parse(text, "citizen.script", &s, err, sizeof err);

	check(rc, &s, err, sizeof err);
	script_free(&s);
	free(text);
	rc = script_load(fuzz_file(data, size), &s, err, sizeof err);
	check(rc, &s, err, sizeof err);
	FUZZ_CHECK(rc != HL_OK || !memchr(data, '\0', size));
	script_free(&s);
	script_free(NULL);
	return 0;
}
