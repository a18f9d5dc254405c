/* SPDX-License-Identifier: MIT
 * svg.h — the console's two small charts, written as inline SVG through html.h (so a label can
 * never break out of its element): the weekly trend of an index with the answers behind each week
 * written under it, and one index as a horizontal bar with its 95 % interval and the target line.
 * Both have a viewBox, so they scale with the page, and presentation attributes only (the console's
 * Content-Security-Policy allows no inline style). Pure: numbers in, markup out; nothing is read
 * from a store and nothing is computed that index.h computes. */
#ifndef HL_SVG_H
#define HL_SVG_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One point of the trend: a week's index (NAN when it has no answers) and its n. hidden: the
 * figure may not be shown (an officer's week with fewer than 5 answers): no point is drawn and
 * "< 5" is written instead of n. small: too few answers to rank (index.h): the point is hollow
 * (class "small-n") and the line to it dotted. label (e.g. "03/11"): borrowed, shown as element
 * text. */
struct svg_point {
	const char *label;
	double value;
	int64_t n;
	bool hidden, small;
};

/* The trend of pts[0..n) on a 0–100 scale, with a dashed line at target (percent; < 0: none).
 * title names the chart for screen readers (borrowed); hidden_text is what a hidden week shows
 * ("< 5"), n_prefix what precedes each n ("n="), small_text what follows a small week's figure in
 * its title; lang (i18n.h) writes the figures ("70,7" in Vietnamese). Nothing is written when n is 0. */
void svg_trend(struct buf *b, const struct svg_point *pts, size_t n, double target, const char *title,
	       const char *n_prefix, const char *hidden_text, const char *small_text, int lang);

/* One index (percent) as a bar from 0 to value, its interval [lo, hi] as a whisker and target as a
 * vertical mark (< 0: none); the bar is drawn in the warning colour when value < target. small: too
 * few answers to rank: the bar pale in a dashed outline (class "small-n"). label is the text a screen reader reads for it (borrowed). value NAN: an empty track only. */
void svg_index_bar(struct buf *b, double value, double lo, double hi, double target, bool small, const char *label);

#endif
