/* SPDX-License-Identifier: MIT
 * static.h — the console's stylesheet and script, built into the program from web/static/ by
 * scripts/embed.sh, and served under /static/ with their content type. */
#ifndef HL_STATIC_H
#define HL_STATIC_H

#include <stddef.h>

struct static_file {
	const char *name, *type;
	const unsigned char *data;
	size_t len;
};
extern const struct static_file static_files[]; /* ends with a NULL name */

#endif
