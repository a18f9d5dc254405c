/* SPDX-License-Identifier: MIT
 * textfit.c — line breaking for the kiosk's texts. textfit_break is a small dynamic programme over
 * the words: for each number of lines from one up, the split whose lines each fit and whose sum of
 * squared line widths is least (for a fixed total that is the most even split), with a bonus for a
 * break after a comma, and without lines of one word. textfit_cut is the fallback when even that does
 * not fit: fill greedily, cut the last line with "…". Owns nothing; the text and out are the caller's. */
#include "textfit.h"

#include "hl.h"

#include <limits.h>
#include <string.h>

#define TF_ELLIPSIS "\xE2\x80\xA6" /* U+2026 */
#define TF_INF (LLONG_MAX / 4)

struct tf_words {
	size_t start[TEXTFIT_MAX_WORDS], end[TEXTFIT_MAX_WORDS];
	int n;
};

static bool tf_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits text into words; HL_ERR_RANGE past TEXTFIT_MAX_WORDS. */
static int tf_split(const char *text, struct tf_words *w)
{
	size_t i = 0;

	w->n = 0;
	while (text[i]) {
		while (text[i] && tf_space(text[i]))
			i++;
		if (!text[i])
			break;
		if (w->n == TEXTFIT_MAX_WORDS)
			return HL_ERR_RANGE;
		w->start[w->n] = i;
		while (text[i] && !tf_space(text[i]))
			i++;
		w->end[w->n++] = i;
	}
	return HL_OK;
}

/* A break after this word reads well: it ends a clause, or it is a dash between two parts. */
static bool tf_good_break(const char *text, size_t start, size_t end)
{
	char last = text[end - 1];

	if (last == ',' || last == ';' || last == ':' || last == '.')
		return true;
	return (end - start == 1 && last == '-') || (end - start == 3 && memcmp(text + start, "\xE2\x80\x93", 3) == 0);
}

static void tf_clear(char *out, size_t cap, struct textfit_result *res)
{
	if (cap)
		out[0] = '\0';
	if (res)
		*res = (struct textfit_result){ 0 };
}

/* Appends len bytes; false when out would overflow. */
static bool tf_put(char *out, size_t cap, size_t *used, const char *s, size_t len)
{
	if (*used + len + 1 > cap)
		return false;
	memcpy(out + *used, s, len);
	*used += len;
	out[*used] = '\0';
	return true;
}

/* The width of every line that fits: wt[i][j] for words i … j-1, for j up to last[i]. */
struct tf_table {
	int wt[TEXTFIT_MAX_WORDS][TEXTFIT_MAX_WORDS + 1];
	int last[TEXTFIT_MAX_WORDS];
	long long total; /* the words' widths added up */
};

/* Fills t. Exact: every candidate line measured, which costs as many measures as lines and grows
 * with their length. Otherwise each word is measured once, and a line is its words plus what joining
 * two words adds (the space, less the side bearings counted twice): a font's rounding and kerning
 * make that a few pixels off, so lines pass up to 3 px + 1 px a word over width and the caller checks
 * the split it picks. false when a word alone is wider than width. */
static bool tf_table(const char *text, const struct tf_words *w, int width, bool exact, textfit_measure measure,
		     void *ud, struct tf_table *t)
{
	int ww[TEXTFIT_MAX_WORDS], join = 0;

	t->total = 0;
	for (int i = 0; i < w->n; i++) {
		ww[i] = measure(ud, text + w->start[i], w->end[i] - w->start[i]);
		if (ww[i] > width)
			return false; /* a word wider than the box: only a cut shows it */
		t->total += ww[i];
	}
	/* What a join adds, on average over the whole text (one long measure): exact for a font whose
	 * widths add up, side bearings included; a real font's rounding then wanders a pixel either way. */
	if (!exact && w->n > 1) {
		long long whole = measure(ud, text + w->start[0], w->end[w->n - 1] - w->start[0]);
		long long extra = whole - t->total, n1 = w->n - 1;
		join = (int)((extra >= 0 ? extra + n1 / 2 : extra - n1 / 2) / n1);
	}
	for (int i = 0; i < w->n; i++) {
		t->wt[i][i + 1] = ww[i];
		t->last[i] = i + 1;
		/* Widths grow with each word added, so measuring stops at the first that does not fit. */
		for (int j = i + 2; j <= w->n; j++) {
			int px = exact ? measure(ud, text + w->start[i], w->end[j - 1] - w->start[i])
				       : t->wt[i][j - 1] + join + ww[j - 1];
			if (px > width + (exact ? 0 : 3 + (j - i)))
				break;
			t->wt[i][j] = px;
			t->last[i] = j;
		}
	}
	return true;
}

/* The split of the words into exactly `lines` lines, each within t, of least cost: ends[0 … lines]
 * the first word of each line and then w->n. false when there is none. */
static bool tf_solve(const char *text, const struct tf_words *w, const struct tf_table *t, int lines, bool lone_ok,
		     int *ends)
{
	long long cost[TEXTFIT_MAX_LINES + 1][TEXTFIT_MAX_WORDS + 1];
	int prev[TEXTFIT_MAX_LINES + 1][TEXTFIT_MAX_WORDS + 1];
	/* Moving a break by d px from the even split costs about 2·d²: a break after a comma is worth half
	 * a line's length of unevenness (lines up to about 1:2 rather than a compound word cut apart). */
	long long half = t->total / (2 * lines), bonus = 2 * half * half;

	for (int k = 0; k <= lines; k++)
		for (int j = 0; j <= w->n; j++)
			cost[k][j] = TF_INF;
	cost[0][0] = 0;
	for (int k = 1; k <= lines; k++) {
		for (int j = 1; j <= w->n; j++) {
			for (int i = j - 1; i >= 0 && t->last[i] >= j; i--) {
				if (cost[k - 1][i] >= TF_INF || (!lone_ok && j - i == 1))
					continue;
				long long c = cost[k - 1][i] + (long long)t->wt[i][j] * t->wt[i][j];
				if (j < w->n && tf_good_break(text, w->start[j - 1], w->end[j - 1]))
					c -= bonus;
				if (c < cost[k][j]) {
					cost[k][j] = c;
					prev[k][j] = i;
				}
			}
		}
	}
	if (cost[lines][w->n] >= TF_INF)
		return false;
	ends[lines] = w->n;
	for (int k = lines; k > 0; k--)
		ends[k - 1] = prev[k][ends[k]];
	return true;
}

int textfit_break(const char *text, int width, int max_lines, unsigned flags, textfit_measure measure, void *ud,
		  char *out, size_t cap, struct textfit_result *res)
{
	struct tf_words w;
	struct tf_table t;
	bool lone_ok = (flags & TEXTFIT_LONE_OK) != 0;

	tf_clear(out, cap, res);
	if (tf_split(text, &w) != HL_OK || cap == 0)
		return HL_ERR_RANGE;
	if (w.n == 0)
		return HL_OK;
	if (max_lines < 1)
		max_lines = 1;
	if (max_lines > TEXTFIT_MAX_LINES)
		max_lines = TEXTFIT_MAX_LINES;
	if (w.n == 1)
		lone_ok = true;
	/* First by words measured once; only when the split that picks has a line that is over in truth,
	 * once more measuring every line. When no split passes by the sums, none fits (their tolerance
	 * covers the fonts' error). */
	for (int exact = 0; exact < 2; exact++) {
		bool over = false;
		if (!tf_table(text, &w, width, exact, measure, ud, &t))
			return HL_ERR_RANGE;
		for (int lines = 1; lines <= max_lines && lines <= w.n && !over; lines++) {
			int ends[TEXTFIT_MAX_LINES + 1], widest = 0;
			size_t used = 0;
			if (!tf_solve(text, &w, &t, lines, lone_ok, ends))
				continue;
			for (int k = 0; k < lines; k++) {
				int a = ends[k], b = ends[k + 1];
				int px = exact || b - a == 1 ? t.wt[a][b]
							     : measure(ud, text + w.start[a], w.end[b - 1] - w.start[a]);
				over |= px > width;
				widest = px > widest ? px : widest;
			}
			for (int k = 0; k < lines && !over; k++) {
				int a = ends[k], b = ends[k + 1];
				if ((k > 0 && !tf_put(out, cap, &used, "\n", 1)) ||
				    !tf_put(out, cap, &used, text + w.start[a], w.end[b - 1] - w.start[a])) {
					tf_clear(out, cap, res);
					return HL_ERR_RANGE;
				}
			}
			if (!over) {
				if (res)
					*res = (struct textfit_result){ .lines = lines, .width = widest, .cut = false };
				return HL_OK;
			}
		}
		if (!over)
			break;
	}
	return HL_ERR_RANGE;
}

/* ---- the cut ----------------------------------------------------------------------------------- */

/* A character may be cut before p: p starts a UTF-8 sequence that is not a combining mark
 * (U+0300–U+036F, the accents of a decomposed Vietnamese letter). */
static bool tf_boundary(const char *s, size_t p)
{
	unsigned char c = (unsigned char)s[p], d = c ? (unsigned char)s[p + 1] : 0;

	if ((c & 0xC0) == 0x80)
		return false;
	if (c == 0xCC && (d & 0xC0) == 0x80)
		return false;
	return !(c == 0xCD && d >= 0x80 && d <= 0xAF);
}

/* The end of the longest run of whole words from pos (at a word) that fits in width, pos when not even
 * the first does; *px its width. */
static size_t tf_fill(const char *text, size_t pos, int width, textfit_measure measure, void *ud, int *px)
{
	size_t end = pos, q = pos;

	*px = 0;
	while (text[q]) {
		while (text[q] && !tf_space(text[q]))
			q++;
		int w = measure(ud, text + pos, q - pos);
		if (w > width)
			break;
		end = q;
		*px = w;
		while (text[q] && tf_space(text[q]))
			q++;
	}
	return end;
}

static size_t tf_skip_space(const char *text, size_t p)
{
	while (text[p] && tf_space(text[p]))
		p++;
	return p;
}

int textfit_cut(const char *text, int width, int max_lines, textfit_measure measure, void *ud, char *out,
		size_t cap, struct textfit_result *res)
{
	struct textfit_result r = { 0 };
	size_t pos = tf_skip_space(text, 0), used = 0;

	tf_clear(out, cap, res);
	if (cap == 0)
		return HL_ERR_RANGE;
	if (max_lines < 1)
		max_lines = 1;
	if (max_lines > TEXTFIT_MAX_LINES)
		max_lines = TEXTFIT_MAX_LINES;
	while (text[pos] && r.lines < max_lines) {
		int px;
		size_t end = tf_fill(text, pos, width, measure, ud, &px);
		bool more = text[tf_skip_space(text, end)] != '\0';
		if (r.lines > 0 && !tf_put(out, cap, &used, "\n", 1))
			goto range;
		if (end > pos && (!more || r.lines + 1 < max_lines)) {
			/* A whole line: the text's end, or not yet the last line. */
			if (!tf_put(out, cap, &used, text + pos, end - pos))
				goto range;
			r.lines++;
			r.width = px > r.width ? px : r.width;
			pos = tf_skip_space(text, end);
			continue;
		}
		/* The last line: as many words as leave room for "…", or as many characters of the first. */
		int ell = measure(ud, TF_ELLIPSIS, strlen(TF_ELLIPSIS));
		end = tf_fill(text, pos, width - ell, measure, ud, &px);
		if (end == pos) {
			px = 0;
			for (size_t q = pos + 1; text[q - 1] && !tf_space(text[q - 1]); q++) {
				if (!tf_boundary(text, q))
					continue;
				int w = measure(ud, text + pos, q - pos);
				if (w > width - ell)
					break;
				end = q;
				px = w;
			}
		}
		if (!tf_put(out, cap, &used, text + pos, end - pos) ||
		    !tf_put(out, cap, &used, TF_ELLIPSIS, strlen(TF_ELLIPSIS)))
			goto range;
		r.lines++;
		r.width = px + ell > r.width ? px + ell : r.width;
		r.cut = true;
		break;
	}
	if (res)
		*res = r;
	return HL_OK;
range:
	tf_clear(out, cap, res);
	return HL_ERR_RANGE;
}
