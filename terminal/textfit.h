/* SPDX-License-Identifier: MIT
 * textfit.h — where a text's lines break in a box: at spaces, in balanced places (the lines about as
 * long as each other), never leaving one word (a Vietnamese syllable) alone on a line when the text
 * has more than one, after a comma when that is about as balanced; and, when nothing fits, the text
 * cut with "…" at a character boundary. Pure: no SDL, no fonts, no allocation; widths come from a
 * measure callback, so the view passes TTF_SizeUTF8 at one size and tests pass a fake. */
#ifndef HL_TEXTFIT_H
#define HL_TEXTFIT_H

#include <stdbool.h>
#include <stddef.h>

#define TEXTFIT_MAX_LINES 8  /* max_lines above this is taken as this */
#define TEXTFIT_MAX_WORDS 64 /* textfit_break refuses longer texts (HL_ERR_RANGE); textfit_cut does not */

/* The width in pixels of the len bytes at s (not NUL-terminated; always whole UTF-8 characters). */
typedef int (*textfit_measure)(void *ud, const char *s, size_t len);

struct textfit_result {
	int lines; /* how many lines out holds (0 for an empty text) */
	int width; /* the widest line, px */
	bool cut;  /* the text did not fit: its last line ends with "…" */
};

enum textfit_flags {
	TEXTFIT_LONE_OK = 1, /* a line may hold a single word (the last resort before cutting) */
};

/* Breaks text (UTF-8, words separated by spaces, tabs or newlines) into the fewest lines, at most
 * max_lines, each at most width px, and among those splits the most balanced one. Writes the lines,
 * each as the text has it between its first and last word, joined by '\n', NUL-terminated, into
 * out[cap]. HL_OK when it fits; HL_ERR_RANGE when no split fits (or the text has more than
 * TEXTFIT_MAX_WORDS words, or out is too small): out is then "" and *res zero. res may be NULL. */
int textfit_break(const char *text, int width, int max_lines, unsigned flags, textfit_measure measure, void *ud,
		  char *out, size_t cap, struct textfit_result *res);

/* The text on at most max_lines lines of at most width px, filled greedily, the last line cut after
 * the last word that fits with "…" (inside a word only when its first word does not fit; never inside
 * a UTF-8 sequence or before a combining mark). res->cut is false when the whole text fitted after
 * all. HL_OK, or HL_ERR_RANGE when out is too small (out is then ""). res may be NULL. */
int textfit_cut(const char *text, int width, int max_lines, textfit_measure measure, void *ud, char *out,
		size_t cap, struct textfit_result *res);

#endif
