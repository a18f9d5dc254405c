/* SPDX-License-Identifier: MIT
 * chart_text.c — how wide text is drawn, and where to break it (chart_text.h). The widths are DejaVu
 * Sans's, the widest of the fonts the report asks for (Inter, DejaVu Sans, Arial): a line measured
 * here fits whichever of them the reader's browser has. A line is a slice of the text, so nothing
 * is copied and nothing lost. */
#include "chart_text.h"

#include <string.h>

/* DejaVu Sans advance widths of ASCII 32..126, in thousandths of an em. */
static const unsigned short chart_ascii_w[95] = {
	318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, /*  !"#$%&'()*+,-./ */
	636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, /* 0-9 :;<=>? */
	1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, /* @A-O */
	603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, /* P-Z [\]^_ */
	500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, /* `a-o */
	635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,      /* p-z {|}~ */
};

/* The code point at s (len bytes left) and its length in bytes. A byte that starts no whole sequence
 * counts as one character of its own, so that a text measured in parts measures the same. */
static unsigned chart_cp(const unsigned char *s, size_t len, size_t *bytes)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 1;
	unsigned c = s[0] & (0x7f >> (n == 1 ? 0 : n));

	if (n > len)
		n = 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			n = 1;
	if (n == 1)
		c = s[0];
	for (size_t i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3f);
	*bytes = n;
	return c;
}

static double chart_cp_width(unsigned c)
{
	if (c >= 32 && c < 127)
		return chart_ascii_w[c - 32] / 1000.0;
	if (c == 0xa0 || c == 0xb7)
		return 0.318;
	if (c >= 0x300 && c < 0x370) /* combining marks */
		return 0;
	/* Latin letters with marks: about their base letter's width, a capital's at most 0.8 em and a
	 * small letter's 0.66 (ơ, ư with their horns). Vietnamese's small letters are told apart (in
	 * Latin Extended Additional the odd code points); any other counts as a capital. */
	if (c >= 0xc0 && c < 0x100)
		return c < 0xdf ? 0.8 : 0.66;
	if (c == 0x103 || c == 0x111 || c == 0x129 || c == 0x169 || c == 0x1a1 || c == 0x1b0)
		return 0.66; /* ă đ ĩ ũ ơ ư */
	if (c >= 0x1ea0 && c < 0x1f00)
		return c % 2 ? 0.66 : 0.8;
	if ((c >= 0x100 && c < 0x250) || (c >= 0x1e00 && c < 0x1ea0))
		return 0.8;
	if (c == 0x2013)
		return 0.5;
	return 1.0; /* dashes, arrows, symbols: a full em */
}

double chart_text_width(const char *s, size_t len, double size)
{
	double w = 0;
	size_t k;

	for (size_t i = 0; i < len && s[i]; i += k)
		w += chart_cp_width(chart_cp((const unsigned char *)s + i, len - i, &k));
	return w * size;
}

static void chart_text_add(struct chart_text_lines *l, const char *s, size_t len)
{
	if (l->n < CHART_TEXT_LINES) {
		l->s[l->n] = s;
		l->len[l->n++] = len;
	} else { /* cannot happen with the bounded names; the last line takes the rest rather than lose it */
		l->len[CHART_TEXT_LINES - 1] = (size_t)(s + len - l->s[CHART_TEXT_LINES - 1]);
	}
}

void chart_text_wrap(const char *text, const char *sep, double width, double size, struct chart_text_lines *l)
{
	size_t seplen = strlen(sep), k;
	const char *line = NULL, *end = NULL, *p = text;
	double seen = 0, sepw = chart_text_width(sep, seplen, size);

	l->n = 0;
	while (*p) {
		const char *q = strstr(p, sep);
		size_t ulen = q ? (size_t)(q - p) : strlen(p);
		double uw = chart_text_width(p, ulen, size);
		if (line && seen + sepw + uw <= width) {
			seen += sepw + uw;
			end = p + ulen;
		} else {
			if (line)
				chart_text_add(l, line, (size_t)(end - line));
			line = p;
			end = p + ulen;
			seen = uw;
			while (seen > width) { /* one unit wider than a line: cut it between characters */
				const char *c = line;
				double w = 0;
				while (c < end) {
					double cw = chart_cp_width(chart_cp((const unsigned char *)c, (size_t)(end - c), &k)) * size;
					if (c != line && w + cw > width)
						break;
					w += cw;
					c += k;
				}
				if (c >= end)
					break;
				chart_text_add(l, line, (size_t)(c - line));
				line = c;
				seen = chart_text_width(line, (size_t)(end - line), size);
			}
		}
		p = q ? q + seplen : p + ulen;
	}
	if (line)
		chart_text_add(l, line, (size_t)(end - line));
}
