/* SPDX-License-Identifier: MIT
 * script.c — strict on purpose: a test script with a typo must fail loudly, not skip a step. */
#include "script.h"

#include "hl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int script_num(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int script_line(char *line, struct script_cmd *c, const char **why)
{
	char *words[4] = { "" };
	int n = 0;

	for (char *tok = strtok(line, " \t\r"); tok && n < 4; tok = strtok(NULL, " \t\r"))
		words[n++] = tok;
	*why = NULL;
	if (strcmp(words[0], "key") == 0) {
		c->op = SCRIPT_KEY;
		if (n != 2 || strlen(words[1]) >= sizeof c->arg)
			*why = "key needs one key name (e.g. key 5, key Return)";
		else
			strcpy(c->arg, words[1]);
	} else if (strcmp(words[0], "tap") == 0) {
		c->op = SCRIPT_TAP;
		if (n != 3 || script_num(words[1], 0, 100000, &c->x) || script_num(words[2], 0, 100000, &c->y))
			*why = "tap needs two pixel coordinates";
	} else if (strcmp(words[0], "wait") == 0) {
		c->op = SCRIPT_WAIT;
		if (n != 2 || script_num(words[1], 0, 3600000, &c->ms))
			*why = "wait needs milliseconds (0..3600000)";
	} else if (strcmp(words[0], "shot") == 0) {
		c->op = SCRIPT_SHOT;
		if (n != 2 || strlen(words[1]) >= sizeof c->arg)
			*why = "shot needs one file path";
		else
			strcpy(c->arg, words[1]);
	} else if (strcmp(words[0], "quit") == 0) {
		c->op = SCRIPT_QUIT;
		if (n != 1)
			*why = "quit takes nothing after it";
	} else {
		*why = "expected 'key K', 'tap X Y', 'wait MS', 'shot PATH' or 'quit'";
	}
	return *why ? HL_ERR_INVALID : HL_OK;
}

int script_parse(const char *text, const char *name, struct script *out, char *err, size_t cap)
{
	size_t cap_cmds = 0;
	int lineno = 0;

	out->cmds = NULL;
	out->n = 0;
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);
		char buf[512], *s = buf;
		const char *why;
		lineno++;
		if (len >= sizeof buf) {
			snprintf(err, cap, "%s:%d: line too long", name, lineno);
			goto fail;
		}
		memcpy(buf, text, len);
		buf[len] = '\0';
		text += len + (nl ? 1 : 0);
		/* '\r' is a blank like the separators script_line splits on, not the end of the line. */
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (*s == '\0' || *s == '#')
			continue;
		if (out->n == cap_cmds) {
			size_t ncap = cap_cmds ? cap_cmds * 2 : 32;
			struct script_cmd *p = realloc(out->cmds, ncap * sizeof *p);
			if (!p) {
				snprintf(err, cap, "%s: out of memory", name);
				script_free(out);
				return HL_ERR_NOMEM;
			}
			out->cmds = p;
			cap_cmds = ncap;
		}
		struct script_cmd *c = &out->cmds[out->n];
		memset(c, 0, sizeof *c);
		c->line = lineno;
		if (script_line(s, c, &why) != HL_OK) {
			snprintf(err, cap, "%s:%d: %s", name, lineno, why);
			goto fail;
		}
		out->n++;
	}
	return HL_OK;
fail:
	script_free(out);
	return HL_ERR_INVALID;
}

int script_load(const char *path, struct script *out, char *err, size_t cap)
{
	enum { MAX = 1 << 20 };
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	int rc;

	out->cmds = NULL;
	out->n = 0;
	if (!f) {
		snprintf(err, cap, "%s: cannot open: %s", path, strerror(errno));
		return HL_ERR_IO;
	}
	text = malloc(MAX + 1);
	if (!text) {
		snprintf(err, cap, "%s: out of memory", path);
		fclose(f);
		return HL_ERR_NOMEM;
	}
	n = fread(text, 1, MAX + 1, f);
	/* fopen succeeds on a directory; only the read fails. */
	if (ferror(f)) {
		snprintf(err, cap, "%s: cannot read: %s", path, strerror(errno));
		fclose(f);
		free(text);
		return HL_ERR_IO;
	}
	fclose(f);
	/* A NUL would end the text early and silently drop the rest of the script. */
	const char *nul = memchr(text, '\0', n);
	if (nul) {
		int line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		snprintf(err, cap, "%s:%d: NUL byte", path, line);
		free(text);
		return HL_ERR_INVALID;
	}
	if (n > MAX) {
		snprintf(err, cap, "%s: larger than 1 MiB", path);
		free(text);
		return HL_ERR_IO;
	}
	text[n] = '\0';
	rc = script_parse(text, path, out, err, cap);
	free(text);
	return rc;
}

void script_free(struct script *s)
{
	if (!s)
		return;
	free(s->cmds);
	s->cmds = NULL;
	s->n = 0;
}
