/* SPDX-License-Identifier: MIT
 * chart_text.h — text in the report's charts: its estimated width, and its lines when it must wrap
 * into a box. An SVG <text> does not wrap, and a label longer than its box is cut off at the chart's
 * edge; these let a chart break it on words beforehand. Pure: the text is borrowed. */
#ifndef HL_CHART_TEXT_H
#define HL_CHART_TEXT_H

#include <stddef.h>

#define CHART_TEXT_LINES 8

/* Lines of a text: slices s[i][0..len[i]) of the text given to chart_text_wrap (borrowed from it). */
struct chart_text_lines {
	size_t n;
	const char *s[CHART_TEXT_LINES];
	size_t len[CHART_TEXT_LINES];
};

/* The advance width of s[0..len) (UTF-8, stopping at a NUL) at font size size, in the same units:
 * an upper estimate of DejaVu Sans per character (a Vietnamese letter as its widest, an unknown
 * symbol a full em). */
double chart_text_width(const char *s, size_t len, double size);

/* text (NUL-terminated) cut into lines no wider than width at size, between the units that sep
 * separates (" " between a label's words, " · " between a figure's parts); a unit wider than a line
 * alone is cut between characters. At most CHART_TEXT_LINES lines: the last takes what is left. */
void chart_text_wrap(const char *text, const char *sep, double width, double size, struct chart_text_lines *l);

#endif
