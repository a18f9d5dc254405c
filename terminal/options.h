/* SPDX-License-Identifier: MIT
 * options.h — the terminal's command line: the usage text, the table of long options, and the
 * parse of argv into a config file, setting overrides (keys of the settings table) and the
 * test/benchmark options. Prints usage and errors itself; returns exit codes and never exits. */
#ifndef HL_TERMINAL_OPTIONS_H
#define HL_TERMINAL_OPTIONS_H

#include "settings.h"

#include <stddef.h>
#include <stdio.h>

#define OPTIONS_PROG "hailong-terminal"

/* One command line. Every string is borrowed from argv. */
struct options {
	const char *config, *script_path, *shot, *stats_path;
	struct tsettings_override ov[24];
	size_t nov;
};

/* Prints the usage and the config file keys to f. */
void options_usage(FILE *f);
/* Parses argv into *o (cleared first). Returns -1 when the program goes on, otherwise the status
 * main returns at once: 0 after --help or --version (printed to stdout), 2 for a usage error
 * (explained on stderr). */
int options_parse(int argc, char **argv, struct options *o);

#endif
