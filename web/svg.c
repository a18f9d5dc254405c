/* SPDX-License-Identifier: MIT
 * svg.c — the two charts of svg.h. Coordinates are the charts' own user units (the viewBox), so a
 * chart is as wide as its container on a phone or on A4; text sizes come from console.css
 * (svg.chart text), which wins over attributes, so spacing is worked out for 11-unit text. Every
 * number and label is written through html.h's escaping writers. */
#include "svg.h"

#include "html.h"
#include "numfmt.h"

#include <math.h>
#include <stdio.h>

#define TREND_W_MIN 360.0 /* a month's 5 or 6 weeks: text stays readable on a phone */
#define TREND_W_MAX 960.0
#define TREND_WEEK 52.0   /* units per week up to TREND_W_MAX */
#define TREND_H 214.0
#define TREND_LEFT 34.0
#define TREND_RIGHT 14.0
#define TREND_TOP 10.0
#define TREND_BOTTOM 160.0 /* y of 0 % */
#define TREND_LABEL_Y 178.0
#define TREND_N_Y 196.0

#define COLOR_LINE "#0b5cad"
#define COLOR_TARGET "#b3261e"
#define COLOR_GRID "#d8dde6"
#define COLOR_WARN "#b3261e"
#define COLOR_TRACK "#e7ebf1"
#define COLOR_CI "#1d2330"
/* The rest of a small group's bar: pale, in a dashed outline that the stretched box does not scale. */
#define SMALL_BAR "\" fill-opacity=\".2\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\" vector-effect=\"non-scaling-stroke\"/>"

static void num(struct buf *b, double v)
{
	html_txtf(b, "%.1f", v);
}

/* A <line> from (x1, y1) to (x2, y2); dash NULL for a solid one. */
static void line(struct buf *b, double x1, double y1, double x2, double y2, const char *color, double width,
		 const char *dash)
{
	html_raw(b, "<line x1=\"");
	num(b, x1);
	html_raw(b, "\" y1=\"");
	num(b, y1);
	html_raw(b, "\" x2=\"");
	num(b, x2);
	html_raw(b, "\" y2=\"");
	num(b, y2);
	html_raw(b, "\" stroke=\"");
	html_attr(b, color);
	html_raw(b, "\" stroke-width=\"");
	num(b, width);
	if (dash) {
		html_raw(b, "\" stroke-dasharray=\"");
		html_attr(b, dash);
	}
	html_raw(b, "\"/>");
}

/* <text> at (x, y), anchored "start", "middle" or "end". */
static void text(struct buf *b, double x, double y, const char *anchor, const char *s)
{
	html_raw(b, "<text x=\"");
	num(b, x);
	html_raw(b, "\" y=\"");
	num(b, y);
	html_raw(b, "\" text-anchor=\"");
	html_attr(b, anchor);
	html_raw(b, "\">");
	html_txt(b, s);
	html_raw(b, "</text>");
}

static double trend_y(double v)
{
	if (v < 0)
		v = 0;
	if (v > 100)
		v = 100;
	return TREND_BOTTOM - v / 100.0 * (TREND_BOTTOM - TREND_TOP);
}

void svg_trend(struct buf *b, const struct svg_point *pts, size_t n, double target, const char *title,
	       const char *n_prefix, const char *hidden_text, const char *small_text, int lang)
{
	double step, x, w;
	size_t every;
	char t[48];

	if (n == 0)
		return;
	/* The chart is as wide as its weeks need, within bounds: it is scaled to its container, so a
	 * narrow viewBox keeps the text large on a phone, and a year's weeks still get room. */
	w = TREND_LEFT + TREND_RIGHT + TREND_WEEK * (double)n;
	w = w < TREND_W_MIN ? TREND_W_MIN : w > TREND_W_MAX ? TREND_W_MAX : w;
	step = (w - TREND_LEFT - TREND_RIGHT) / (double)n;
	/* A week label is ~5 characters, an n up to ~7 with its prefix: 11-unit text needs ~36 units;
	 * when weeks are closer, only every `every`-th is labelled (every point keeps its <title>). */
	every = step >= 36 ? 1 : (size_t)ceil(36.0 / step);
	html_raw(b, "<svg class=\"chart trend\" role=\"img\" viewBox=\"0 0 ");
	num(b, w);
	html_raw(b, " ");
	num(b, TREND_H);
	html_raw(b, "\" preserveAspectRatio=\"xMidYMid meet\" aria-label=\"");
	html_attr(b, title);
	html_raw(b, "\"><title>");
	html_txt(b, title);
	html_raw(b, "</title>");
	/* The scale: 0, 25, 50, 75, 100 %. */
	for (int g = 0; g <= 100; g += 25) {
		line(b, TREND_LEFT, trend_y(g), w - TREND_RIGHT, trend_y(g), COLOR_GRID, 1, NULL);
		snprintf(t, sizeof t, "%d", g);
		text(b, TREND_LEFT - 4, trend_y(g) + 4, "end", t);
	}
	if (target >= 0 && target <= 100) {
		line(b, TREND_LEFT, trend_y(target), w - TREND_RIGHT, trend_y(target), COLOR_TARGET, 1.5, "6 4");
	}
	/* The line, broken where a week has nothing to show, dotted to and from a week of too few answers. */
	for (size_t i = 0; i + 1 < n; i++) {
		const struct svg_point *p = &pts[i], *q = &pts[i + 1];
		if (p->hidden || isnan(p->value) || q->hidden || isnan(q->value))
			continue;
		x = TREND_LEFT + step * ((double)i + 0.5);
		line(b, x, trend_y(p->value), x + step, trend_y(q->value), COLOR_LINE, p->small || q->small ? 1.5 : 2,
		     p->small || q->small ? "2 3" : NULL);
	}
	for (size_t i = 0; i < n; i++) {
		const struct svg_point *p = &pts[i];
		x = TREND_LEFT + step * ((double)i + 0.5);
		html_raw(b, "<g>");
		if (!p->hidden && !isnan(p->value)) {
			html_raw(b, "<circle cx=\"");
			num(b, x);
			html_raw(b, "\" cy=\"");
			num(b, trend_y(p->value));
			html_raw(b, p->small ? "\" r=\"4\" class=\"small-n\" fill=\"#fff\" stroke=\"" COLOR_LINE
					      "\" stroke-width=\"2\"><title>"
					    : "\" r=\"3.5\" fill=\"" COLOR_LINE "\"><title>");
			html_txt(b, p->label);
			char v[16];
			html_txtf(b, ": %s %% · %s%lld%s", numfmt_num(v, sizeof v, lang, p->value, 1), n_prefix,
				  (long long)p->n, p->small ? small_text : "");
			html_raw(b, "</title></circle>");
		}
		if (i % every == 0) {
			text(b, x, TREND_LABEL_Y, "middle", p->label);
			if (p->hidden)
				snprintf(t, sizeof t, "%s", hidden_text);
			else
				snprintf(t, sizeof t, "%s%lld", n_prefix, (long long)p->n);
			text(b, x, TREND_N_Y, "middle", t);
		}
		html_raw(b, "</g>");
	}
	html_raw(b, "</svg>");
}

#define BAR_H 14.0

void svg_index_bar(struct buf *b, double value, double lo, double hi, double target, bool small, const char *label)
{
	html_raw(b, small ? "<svg class=\"ibar small-n\" role=\"img\" width=\"84\" height=\"12\" viewBox=\"0 0 100 14\" "
			    "preserveAspectRatio=\"none\" aria-label=\""
			  : "<svg class=\"ibar\" role=\"img\" width=\"84\" height=\"12\" viewBox=\"0 0 100 14\" "
			    "preserveAspectRatio=\"none\" aria-label=\"");
	html_attr(b, label);
	html_raw(b, "\"><rect x=\"0\" y=\"3\" width=\"100\" height=\"8\" fill=\"" COLOR_TRACK "\"/>");
	if (!isnan(value)) {
		double v = value < 0 ? 0 : value > 100 ? 100 : value;
		bool below = target >= 0 && value < target;
		html_raw(b, "<rect x=\"0\" y=\"3\" height=\"8\" width=\"");
		num(b, v);
		/* Too few answers: a pale bar in a dashed outline (non-scaling, as the box is stretched). */
		if (small)
			html_raw(b, below ? "\" fill=\"" COLOR_WARN "\" stroke=\"" COLOR_WARN SMALL_BAR
					  : "\" fill=\"" COLOR_LINE "\" stroke=\"" COLOR_LINE SMALL_BAR);
		else
			html_raw(b, below ? "\" fill=\"" COLOR_WARN "\"/>" : "\" fill=\"" COLOR_LINE "\"/>");
		if (!isnan(lo) && !isnan(hi)) {
			line(b, lo, 7, hi, 7, COLOR_CI, 1.5, NULL);
			line(b, lo, 4, lo, 10, COLOR_CI, 1.5, NULL);
			line(b, hi, 4, hi, 10, COLOR_CI, 1.5, NULL);
		}
	}
	if (target >= 0 && target <= 100)
		line(b, target, 0, target, BAR_H, COLOR_TARGET, 2, NULL);
	html_raw(b, "</svg>");
}
