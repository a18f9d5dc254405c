/* SPDX-License-Identifier: MIT
 * script.h — the input script (--input-script): one command a line, played through the same event
 * path as the touch screen and the keyboard:
 *   key K       press key K (an SDL key name: 5, Return, Escape)
 *   tap X Y     touch the screen at pixel X, Y
 *   wait MS     let MS milliseconds pass
 *   shot PATH   save a screenshot of what is shown
 *   quit        end the program (exit 0)
 * Blank lines and lines starting with '#' are skipped. Pure: parsing only. */
#ifndef HL_SCRIPT_H
#define HL_SCRIPT_H

#include <stddef.h>

enum script_op { SCRIPT_KEY, SCRIPT_TAP, SCRIPT_WAIT, SCRIPT_SHOT, SCRIPT_QUIT };

struct script_cmd {
	int op;         /* enum script_op */
	int x, y, ms;
	char arg[256];  /* key name or screenshot path */
	int line;
};

struct script {
	struct script_cmd *cmds;
	size_t n;
};

/* Parses text; name is used in errors. On HL_ERR_INVALID, err (cap bytes) reads "NAME:LINE: why". */
int script_parse(const char *text, const char *name, struct script *out, char *err, size_t cap);
/* Reads the file at path (at most 1 MiB) and parses it. */
int script_load(const char *path, struct script *out, char *err, size_t cap);
void script_free(struct script *s);

#endif
