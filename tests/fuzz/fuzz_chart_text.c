/* SPDX-License-Identifier: MIT
 * fuzz_chart_text.c — libFuzzer harness for the charts' text wrapping (results/chart_text.h), which
 * takes roster names and figures as they are. The first byte chooses the box's width (its low 7
 * bits, 0 to 127 ems / 4) and the separator (its high bit: " · " for figures, else " " for words);
 * the rest is the text. The lines must be slices of the text, in order and apart, with only
 * separator bytes between and around them (nothing lost, nothing added); each line no wider than
 * the box unless it is one character, or the last when there were more lines than kept; widths are
 * never negative and add up over a split between characters. */
#include "fuzz.h"

#include "chart_text.h"

#include <stdlib.h>
#include <string.h>

static bool only_sep(const char *a, const char *z, const char *sep)
{
	for (const char *p = a; p < z; p++)
		if (!strchr(sep, *p) || !*p)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *sep = data[0] & 0x80 ? " \xc2\xb7 " : " ";
	double size_px = 13, width = (double)(data[0] & 0x7f) * size_px / 4;
	char *text = fuzz_str(data + 1, size - 1);
	size_t len = strlen(text);
	struct chart_text_lines l;

	chart_text_wrap(text, sep, width, size_px, &l);
	FUZZ_CHECK(l.n <= CHART_TEXT_LINES);
	FUZZ_CHECK(len == 0 || l.n >= 1);
	const char *at = text;
	for (size_t i = 0; i < l.n; i++) {
		FUZZ_CHECK(l.s[i] >= at && l.s[i] + l.len[i] <= text + len);
		FUZZ_CHECK(only_sep(at, l.s[i], sep));
		double w = chart_text_width(l.s[i], l.len[i], size_px);
		FUZZ_CHECK(w >= 0);
		/* A line over its box is one character (an unbreakable first one), or the last of a full set. */
		if (w > width + 1e-9 && !(l.n == CHART_TEXT_LINES && i == l.n - 1)) {
			size_t k = 1;
			while (k < l.len[i] && ((unsigned char)l.s[i][k] & 0xc0) == 0x80)
				k++;
			FUZZ_CHECK(k >= l.len[i] || chart_text_width(l.s[i], k, size_px) > width);
		}
		at = l.s[i] + l.len[i];
	}
	FUZZ_CHECK(only_sep(at, text + len, sep));
	/* Widths add up: the text's is its two halves' when split between characters (not inside one). */
	size_t half = len / 2;
	while (half > 0 && half < len && ((unsigned char)text[half] & 0xc0) == 0x80)
		half--;
	double all = chart_text_width(text, len, size_px), a = chart_text_width(text, half, size_px);
	double b = chart_text_width(text + half, len - half, size_px);
	FUZZ_CHECK(all >= 0 && a >= 0 && b >= 0);
	FUZZ_CHECK(all - (a + b) < 1e-6 && (a + b) - all < 1e-6);
	free(text);
	return 0;
}
