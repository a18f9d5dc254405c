/* SPDX-License-Identifier: MIT
 * report_chart.c — the charts of report_chart.h. Every chart is measured first (each row's label
 * and figures wrapped into lines, so the row's height is known) and then drawn, once per layout; no
 * memory is allocated. Colours are a colour-blind-safe pair, blue for a target met and dark orange
 * for one missed, both dark enough for text on white, and never the only cue: a missed target has
 * "▼" before its figure, a small group is hollow and says "ít", and the legend says what each means.
 * Numbers have the decimal comma and dates are dd/mm, as the page is Vietnamese. Every string from
 * the database goes through chart_esc. */
#include "report_chart.h"

#include "chart_text.h"
#include "i18n.h"
#include "numfmt.h"
#include "index.h"
#include "roster.h"
#include "survey.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define C_MET "#2166ac"   /* target met (or no target) */
#define C_BELOW "#b35806" /* below the target */
#define C_INK "#1f2933"
#define C_MUTED "#52606d"
#define C_GRID "#e4e9ee"
#define C_TRACK "#eef1f4"
#define C_SERIOUS "#b71c1c"
#define C_REASON "#52606d" /* not the target's orange: a count has no target */

#define NBSP "\xc2\xa0"
#define MAX_ROWS 60
#define LINE 17.0     /* label line height */
#define FIG_FONT 13.0 /* figures beside or under a bar */
#define FIG_LINE 16.0
#define TICK_FONT 12.0

const char report_chart_css[] =
	".chart>svg{display:block;width:100%;height:auto}.chart>svg.wide{max-width:900px}"
	".chart>svg.narrow{display:none;max-width:560px}"
	".legend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;"
	"color:#52606d}.legend li{display:flex;align-items:center;gap:6px}.legend svg{flex:none}"
	"@media screen and (max-width:760px){.chart>svg.wide{display:none}.chart>svg.narrow{display:block}}"
	"@media print{.chart{break-inside:avoid;page-break-inside:avoid}.legend{font-size:9pt}}";

/* ---- text -------------------------------------------------------------------------------------- */

static void chart_esc(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len && s[i]; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(s[i], out);
		}
	}
}

/* <text> of lines at (x, y), one <tspan> per line, lh apart. */
static void chart_lines_out(FILE *out, const struct chart_text_lines *l, double x, double y, double lh, const char *anchor,
			    double size, const char *fill, const char *cls)
{
	fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"%s\" text-anchor=\"%s\">", cls, x,
		y, size, fill, anchor);
	for (size_t i = 0; i < l->n; i++) {
		fprintf(out, "<tspan x=\"%.1f\" dy=\"%.0f\">", x, i ? lh : 0);
		chart_esc(out, l->s[i], l->len[i]);
		fputs("</tspan>", out);
	}
	fputs("</text>\n", out);
}

/* v with one decimal and the decimal comma ("83,5"), "—" when NaN. */
static void chart_num(char *buf, size_t cap, double v)
{
	numfmt_num(buf, cap, I18N_VI, v, 1);
}

static void chart_day(int32_t day, bool year, char *buf, size_t cap)
{
	int y, m, d;

	period_civil_from_day(day, &y, &m, &d);
	if (year)
		snprintf(buf, cap, "%02d/%02d/%04d", d % 100, m % 100, y % 10000);
	else
		snprintf(buf, cap, "%02d/%02d", d % 100, m % 100);
}

/* ---- the bars ---------------------------------------------------------------------------------- */

/* A layout: the viewBox width and whether labels go above the bars. */
struct chart_layout {
	const char *cls;
	double w;
	bool stacked;
};

static const struct chart_layout chart_layouts[2] = {
	{ "wide", REPORT_CHART_WIDE, false },
	{ "narrow", REPORT_CHART_NARROW, true },
};

/* Wide: label box [LABEL_X - LABEL_BOX, LABEL_X], plot [PLOT_X, PLOT_X + PLOT_W], figures after. */
#define WIDE_LABEL_X 290.0
#define WIDE_PLOT_X 300.0
#define WIDE_PLOT_W 400.0
#define WIDE_FIG_X 712.0
#define WIDE_TOP 24.0
#define NARROW_PLOT_X 7.0 /* room for a previous period's diamond at 0 and 100 % */
#define NARROW_PLOT_W (REPORT_CHART_NARROW - 14.0)

/* One row of a bar chart, as drawn. */
struct chart_bar {
	char label[2 * ROSTER_NAME_MAX + 16]; /* a row's name · its site's name */
	char fig[192];  /* "▼ 62,0 % · n = 12 (ít) · kỳ trước 70,1 %" */
	char title[2 * ROSTER_NAME_MAX + 16 + 192 + 4]; /* label: fig */
	bool bar, small, below, prev_small;
	double v, lo, hi, prev; /* prev NaN when none */
	struct chart_text_lines ll, fl;
	double h;
};

static void chart_bar_prep(const struct report *r, const struct report_row *row, int q,
			   const struct chart_layout *lay, struct chart_bar *b)
{
	const struct index_q *x = &row->g.q[q];
	char v[16], lo[16], hi[16], pv[16], prev[64] = "";
	size_t k;

	bool by_site = r->site || r->dim == ROLLUP_SITE; /* a site's row is its site already */
	snprintf(b->label, sizeof b->label, "%s%s%s", report_row_label(r, row, I18N_VI), by_site ? "" : " · ",
		 by_site ? "" : row->site_name ? row->site_name : row->site);
	b->bar = report_shown(r, row) && x->n > 0;
	b->small = b->bar && !x->rankable;
	b->below = b->bar && r->target > 0 && x->satisfaction < r->target;
	b->v = x->satisfaction;
	b->lo = x->sat_lo;
	b->hi = x->sat_hi;
	b->prev = NAN;
	if (r->prev_rows && r->nprev) { /* a previous period without ratings is said once, in the legend */
		const struct report_row *p = report_prev_row(r, row);
		if (p && report_shown(r, p) && p->g.q[q].n > 0) {
			b->prev = p->g.q[q].satisfaction;
			b->prev_small = !p->g.q[q].rankable;
			chart_num(pv, sizeof pv, b->prev);
			snprintf(prev, sizeof prev, "kỳ trước %s" NBSP "%% (n" NBSP "=" NBSP "%lld)", pv, (long long)p->g.q[q].n);
		} else {
			snprintf(prev, sizeof prev, "kỳ trước %s", p && !report_shown(r, p) ? "< 5" : "—");
		}
	}
	chart_num(v, sizeof v, x->satisfaction);
	chart_num(lo, sizeof lo, x->sat_lo);
	chart_num(hi, sizeof hi, x->sat_hi);
	if (!report_shown(r, row))
		snprintf(b->fig, sizeof b->fig, "< 5 lượt");
	else if (!x->n)
		snprintf(b->fig, sizeof b->fig, "chưa có câu trả lời");
	else
		snprintf(b->fig, sizeof b->fig, "%s%s" NBSP "%% · n" NBSP "=" NBSP "%lld%s", b->below ? "▼" NBSP : "", v,
			 (long long)x->n, b->small ? NBSP "(ít)" : "");
	if (prev[0] && report_shown(r, row)) {
		k = strlen(b->fig);
		snprintf(b->fig + k, sizeof b->fig - k, " · %s", prev);
	}
	snprintf(b->title, sizeof b->title, "%s: %s", b->label, b->fig);
	if (b->bar) {
		k = strlen(b->title);
		snprintf(b->title + k, sizeof b->title - k, "; khoảng tin cậy 95 %%: %s–%s %%%s%s", lo, hi,
			 b->small ? "; dưới 30 câu trả lời, chưa đủ để xếp hạng" : "",
			 b->below ? "; dưới mục tiêu" : "");
	}
	if (lay->stacked) {
		chart_text_wrap(b->label, " ", lay->w - 4, REPORT_CHART_FONT, &b->ll);
		chart_text_wrap(b->fig, " · ", lay->w - 4, FIG_FONT, &b->fl);
		b->h = (double)b->ll.n * LINE + 21 + (double)b->fl.n * FIG_LINE + 8;
	} else {
		chart_text_wrap(b->label, " ", REPORT_CHART_LABEL_BOX, REPORT_CHART_FONT, &b->ll);
		chart_text_wrap(b->fig, " · ", lay->w - WIDE_FIG_X - 4, FIG_FONT, &b->fl);
		double lh = (double)b->ll.n * LINE, fh = (double)b->fl.n * FIG_LINE;
		b->h = (lh > fh ? lh : fh) + 8;
	}
}

static void chart_bar_draw(FILE *out, const struct report *r, const struct chart_bar *b, const struct chart_layout *lay,
			   double y, int64_t n)
{
	double px = lay->stacked ? NARROW_PLOT_X : WIDE_PLOT_X, pw = lay->stacked ? NARROW_PLOT_W : WIDE_PLOT_W;
	double yb = lay->stacked ? y + (double)b->ll.n * LINE + 3 : y + 4; /* the bar's top; it is 14 high */
	const char *c = b->below ? C_BELOW : C_MET;

	fprintf(out, "<g class=\"row%s%s\" data-n=\"%lld\"><title>", b->small ? " small-n" : "",
		!b->bar ? " hidden" : b->below ? " below" : " met", (long long)n);
	chart_esc(out, b->title, sizeof b->title);
	fputs("</title>\n", out);
	if (lay->stacked)
		chart_lines_out(out, &b->ll, 2, y + 14, LINE, "start", REPORT_CHART_FONT, C_INK, "label");
	else
		chart_lines_out(out, &b->ll, WIDE_LABEL_X, y + 15, LINE, "end", REPORT_CHART_FONT, C_INK, "label");
	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"" C_TRACK "\"/>\n", px, yb, pw);
	if (b->bar) {
		double w = pw * (b->v < 0 ? 0 : b->v > 100 ? 100 : b->v) / 100.0;
		double lo = px + pw * b->lo / 100.0, hi = px + pw * b->hi / 100.0, cy = yb + 7;
		if (b->small) /* too few answers to rank: a pale bar in a dashed outline, not a solid one */
			fprintf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"12.5\" fill=\"%s\" "
				     "fill-opacity=\".18\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n",
				px + .75, yb + .75, w > 1.5 ? w - 1.5 : 0, c, c);
		else
			fprintf(out, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>\n", px,
				yb, w, c);
		fprintf(out, "<path class=\"ci\" d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" stroke=\"" C_INK
			     "\" stroke-width=\"1.5\" fill=\"none\"/>\n",
			lo, cy, hi, lo, cy - 5, cy + 5, hi, cy - 5, cy + 5);
		if (!isnan(b->prev)) { /* the previous period: a diamond at its index, hollow on few answers */
			double dx = px + pw * b->prev / 100.0;
			fprintf(out, "<path class=\"prev%s\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" fill=\"%s\" stroke=\"%s\" "
				     "stroke-width=\"1.5\"/>\n",
				b->prev_small ? " small-n" : "", dx, cy - 6, b->prev_small ? "#fff" : C_INK,
				b->prev_small ? C_INK : "#fff");
		}
	}
	if (lay->stacked && r->target > 0) {
		double tx = px + pw * r->target / 100.0;
		fprintf(out, "<path class=\"target\" d=\"M%.1f %.1fV%.1f\" stroke=\"" C_INK "\" stroke-width=\"1.5\" "
			     "stroke-dasharray=\"3 2\"/>\n", tx, yb - 3, yb + 17);
	}
	if (lay->stacked)
		chart_lines_out(out, &b->fl, 2, yb + 29, FIG_LINE, "start", FIG_FONT, C_INK, "fig");
	else
		chart_lines_out(out, &b->fl, WIDE_FIG_X, y + 15, FIG_LINE, "start", FIG_FONT, C_INK, "fig");
	fputs("</g>\n", out);
}

static void chart_bars_svg(FILE *out, const struct report *r, int q, const size_t *order, size_t n,
			   const struct chart_layout *lay)
{
	struct chart_bar b;
	double top = lay->stacked ? 4 : WIDE_TOP, h = top;

	for (size_t k = 0; k < n; k++) {
		chart_bar_prep(r, &r->rows[order[k]], q, lay, &b);
		h += b.h;
	}
	double rows_end = h;
	h += lay->stacked ? 4 : 24;
	fprintf(out, "<svg class=\"%s\" role=\"img\" aria-label=\"chỉ số hài lòng\" viewBox=\"0 0 %.0f %.0f\">\n", lay->cls,
		lay->w, h);
	if (!lay->stacked) {
		for (int t = 0; t <= 100; t += 20) {
			double x = WIDE_PLOT_X + WIDE_PLOT_W * t / 100.0;
			fprintf(out, "<path d=\"M%.1f %.1fV%.1f\" stroke=\"" C_GRID "\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
				     "fill=\"" C_MUTED "\" text-anchor=\"middle\">%d" NBSP "%%</text>\n",
				x, top - 4, rows_end, x, rows_end + 16, TICK_FONT, t);
		}
	}
	double y = top;
	for (size_t k = 0; k < n; k++) {
		const struct report_row *row = &r->rows[order[k]];
		chart_bar_prep(r, row, q, lay, &b);
		chart_bar_draw(out, r, &b, lay, y, row->g.q[q].n);
		y += b.h;
	}
	if (!lay->stacked && r->target > 0) { /* the target across every row, named above them */
		double tx = WIDE_PLOT_X + WIDE_PLOT_W * r->target / 100.0;
		fprintf(out, "<path class=\"target\" d=\"M%.1f %.1fV%.1f\" stroke=\"" C_INK "\" stroke-width=\"1.5\" "
			     "stroke-dasharray=\"5 4\"/><text x=\"%.1f\" y=\"13\" font-size=\"%.0f\" fill=\"" C_INK "\" "
			     "text-anchor=\"middle\">mục tiêu %d" NBSP "%%</text>\n",
			tx, top - 6, rows_end, tx, TICK_FONT, r->target);
	}
	fputs("</svg>\n", out);
}

/* A legend entry: an icon (SVG content in a 14×14 box) and its words. */
static void chart_key(FILE *out, const char *icon, const char *words)
{
	fprintf(out, "<li><svg width=\"22\" height=\"14\" viewBox=\"0 0 22 14\" aria-hidden=\"true\">%s</svg>%s</li>", icon,
		words);
}

void report_chart_bars(FILE *out, const struct report *r, int q, const size_t *order)
{
	size_t n = r->nrows < MAX_ROWS ? r->nrows : MAX_ROWS;
	char words[160], a[16], z[16];

	fputs("<div class=\"chart bars\">\n", out);
	for (int i = 0; i < 2; i++)
		chart_bars_svg(out, r, q, order, n, &chart_layouts[i]);
	fputs("<ul class=\"legend\">", out);
	if (r->target > 0) {
		snprintf(words, sizeof words, "đạt mục tiêu (từ %d" NBSP "%%)", r->target);
		chart_key(out, "<rect x=\"1\" y=\"2\" width=\"20\" height=\"10\" fill=\"" C_MET "\"/>", words);
		chart_key(out, "<rect x=\"1\" y=\"2\" width=\"20\" height=\"10\" fill=\"" C_BELOW "\"/>", "▼ dưới mục tiêu");
		snprintf(words, sizeof words, "mục tiêu %d" NBSP "%%", r->target);
		chart_key(out, "<path d=\"M11 0V14\" stroke=\"" C_INK "\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>", words);
	}
	chart_key(out, "<rect x=\"1.5\" y=\"2.5\" width=\"19\" height=\"9\" fill=\"" C_MET "\" fill-opacity=\".18\" stroke=\""
		       C_MET "\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
		  "nhạt, viền đứt, “ít”: dưới 30 câu trả lời, chưa đủ để xếp hạng — chỉ để tham khảo");
	chart_key(out, "<path d=\"M2 7H20M2 2V12M20 2V12\" stroke=\"" C_INK "\" stroke-width=\"1.5\" fill=\"none\"/>",
		  "khoảng tin cậy 95" NBSP "% (Wilson)");
	if (r->prev_rows) {
		chart_day(r->prev_days.from, true, a, sizeof a);
		chart_day(r->prev_days.to, true, z, sizeof z);
		snprintf(words, sizeof words, r->nprev ? "kỳ trước (%s–%s; rỗng: dưới 30 câu trả lời)"
						       : "kỳ trước (%s–%s): không có đánh giá", a, z);
		chart_key(out, "<path d=\"M6 1l5 6l-5 6l-5 -6zM16 1.5l4.5 5.5l-4.5 5.5l-4.5 -5.5z\" fill=\"" C_INK "\"/>"
			       "<path d=\"M16 1.5l4.5 5.5l-4.5 5.5l-4.5 -5.5z\" fill=\"#fff\" stroke=\"" C_INK "\" stroke-width=\"1.5\"/>",
			  words);
	}
	fputs("</ul>\n</div>\n", out);
	if (r->nrows > n)
		fprintf(out, "<p class=\"muted small\">%zu nhóm đầu theo xếp hạng; tất cả có trong bảng dưới.</p>\n", n);
}

/* ---- the trend --------------------------------------------------------------------------------- */

#define TR_H 244.0
#define TR_L 46.0
#define TR_R 16.0
#define TR_T 10.0
#define TR_B 192.0 /* y of 0 % */
#define TR_DATE_Y 212.0
#define TR_N_Y 229.0

static const char *const chart_q_color[SURVEY_Q_COUNT] = { "#0b4f8a", "#c75b12", "#6a1b9a" };
static const char *const chart_q_name[SURVEY_Q_COUNT] = { "Thái độ, hướng dẫn của công chức",
							   "Thủ tục và kết quả giải quyết", "Kết quả giải quyết" };

static double chart_ty(double v)
{
	return TR_B - (v < 0 ? 0 : v > 100 ? 100 : v) / 100.0 * (TR_B - TR_T);
}

/* Whether week w's index of question q is drawn (it has answers and may be shown). */
static bool chart_week_drawn(const struct report *r, const struct report_week *w, int q)
{
	return w->g.q[q].n > 0 && !isnan(w->g.q[q].satisfaction) && report_total_shown(r, &w->g);
}

/* The n written under week w: "n=106", both questions' when they differ ("n=106/104"), "< 5". The
 * result question's n is in each point's title. */
static void chart_week_n(const struct report *r, const struct report_week *w, char *buf, size_t cap)
{
	int64_t a = w->g.q[SURVEY_Q_OFFICER].n, b = w->g.q[SURVEY_Q_PROCEDURE].n;

	if (!report_total_shown(r, &w->g))
		snprintf(buf, cap, "< 5");
	else if (a == b)
		snprintf(buf, cap, "n=%lld", (long long)a);
	else
		snprintf(buf, cap, "n=%lld/%lld", (long long)a, (long long)b);
}

static void chart_point(FILE *out, int q, double x, double y, bool small, const char *title, int64_t n)
{
	const char *c = chart_q_color[q];

	/* Each question its own shape, so they read without colour: circle, square, diamond. */
	if (q == SURVEY_Q_OFFICER)
		fprintf(out, "<circle class=\"pt q%d%s\" data-n=\"%lld\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" ", q,
			small ? " small-n" : "", (long long)n, x, y);
	else if (q == SURVEY_Q_RESULT)
		fprintf(out, "<path class=\"pt q%d%s\" data-n=\"%lld\" d=\"M%.1f %.1fl5 5l-5 5l-5 -5z\" ", q,
			small ? " small-n" : "", (long long)n, x, y - 5);
	else
		fprintf(out, "<rect class=\"pt q%d%s\" data-n=\"%lld\" x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" ", q,
			small ? " small-n" : "", (long long)n, x - 4, y - 4);
	if (small) /* too few answers to trust: hollow */
		fprintf(out, "fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\">", c);
	else
		fprintf(out, "fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\">", c);
	fputs("<title>", out);
	chart_esc(out, title, strlen(title));
	fputs(q == SURVEY_Q_OFFICER ? "</title></circle>\n" : q == SURVEY_Q_RESULT ? "</title></path>\n" : "</title></rect>\n",
	      out);
}

static void chart_trend_svg(FILE *out, const struct report *r, size_t first, size_t n, const struct chart_layout *lay)
{
	double step = (lay->w - TR_L - TR_R) / (double)n, labw = 0;
	char t[160], d[8], nb[32], v[16];
	size_t every = 1;

	/* The widest label under a week decides how many weeks are labelled (every point keeps its title). */
	for (size_t i = first; i < first + n; i++) {
		chart_week_n(r, &r->weeks[i], nb, sizeof nb);
		double w = chart_text_width(nb, strlen(nb), TICK_FONT);
		labw = w > labw ? w : labw;
	}
	labw = labw > 36 ? labw : 36; /* "dd/mm" */
	while (step * (double)every < labw + 4)
		every++;
	fprintf(out, "<svg class=\"%s\" role=\"img\" aria-label=\"xu hướng theo tuần\" viewBox=\"0 0 %.0f %.0f\">\n", lay->cls,
		lay->w, TR_H);
	for (int g = 0; g <= 100; g += 25)
		fprintf(out, "<path d=\"M%.1f %.1fH%.1f\" stroke=\"" C_GRID "\"/><text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
			     "fill=\"" C_MUTED "\" text-anchor=\"end\">%d" NBSP "%%</text>\n",
			TR_L, chart_ty(g), lay->w - TR_R, TR_L - 6, chart_ty(g) + 4, TICK_FONT, g);
	if (r->target > 0)
		fprintf(out, "<path class=\"target\" d=\"M%.1f %.1fH%.1f\" stroke=\"" C_INK "\" stroke-width=\"1.5\" "
			     "stroke-dasharray=\"5 4\"/>\n", TR_L, chart_ty(r->target), lay->w - TR_R);
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		/* Consecutive weeks joined; dotted where either end rests on too few answers. */
		for (size_t i = first; i + 1 < first + n; i++) {
			const struct report_week *a = &r->weeks[i], *b = &r->weeks[i + 1];
			if (!chart_week_drawn(r, a, q) || !chart_week_drawn(r, b, q))
				continue;
			bool weak = !a->g.q[q].rankable || !b->g.q[q].rankable;
			double xa = TR_L + step * ((double)(i - first) + .5);
			fprintf(out, "<path class=\"seg%s\" d=\"M%.1f %.1fL%.1f %.1f\" stroke=\"%s\" stroke-width=\"%s\"%s fill=\"none\"/>\n",
				weak ? " weak" : "", xa, chart_ty(a->g.q[q].satisfaction), xa + step,
				chart_ty(b->g.q[q].satisfaction), chart_q_color[q], weak ? "1.5" : "2.5",
				weak ? " stroke-dasharray=\"2 3\"" : "");
		}
	}
	for (size_t i = first; i < first + n; i++) {
		const struct report_week *w = &r->weeks[i];
		double x = TR_L + step * ((double)(i - first) + .5);
		chart_day(w->monday, false, d, sizeof d);
		for (int q = 0; q < SURVEY_Q_COUNT; q++) {
			const struct index_q *x_ = &w->g.q[q];
			if (!chart_week_drawn(r, w, q))
				continue;
			chart_num(v, sizeof v, x_->satisfaction);
			snprintf(t, sizeof t, "Tuần từ %s — %s: %s %% · n = %lld%s", d, chart_q_name[q], v, (long long)x_->n,
				 x_->rankable ? "" : " (ít, chưa đủ tin cậy)");
			chart_point(out, q, x, chart_ty(x_->satisfaction), !x_->rankable, t, x_->n);
		}
		if ((i - first) % every == 0) {
			chart_week_n(r, w, nb, sizeof nb);
			fprintf(out, "<text class=\"date\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"" C_MUTED
				     "\" text-anchor=\"middle\">%s</text><text class=\"n\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
				     "fill=\"" C_INK "\" text-anchor=\"middle\">",
				x, TR_DATE_Y, TICK_FONT, d, x, TR_N_Y, TICK_FONT);
			chart_esc(out, nb, sizeof nb);
			fputs("</text>\n", out);
		}
	}
	fputs("</svg>\n", out);
}

void report_chart_trend(FILE *out, const struct report *r)
{
	size_t first, n = report_weeks_span(r->weeks, r->nweeks, r->all_time, &first);
	bool any = false;
	char words[96];

	for (size_t i = first; i < first + n; i++)
		any |= r->weeks[i].g.ratings > 0;
	if (!any) {
		fputs("<p class=\"muted\">Không có dữ liệu theo tuần.</p>\n", out);
		return;
	}
	fputs("<div class=\"chart trend\">\n", out);
	for (int i = 0; i < 2; i++)
		chart_trend_svg(out, r, first, n, &chart_layouts[i]);
	fputs("<ul class=\"legend\">", out);
	chart_key(out, "<path d=\"M1 7H21\" stroke=\"#0b4f8a\" stroke-width=\"2.5\"/><circle cx=\"11\" cy=\"7\" r=\"4.5\" "
		       "fill=\"#0b4f8a\"/>", chart_q_name[SURVEY_Q_OFFICER]);
	chart_key(out, "<path d=\"M1 7H21\" stroke=\"#c75b12\" stroke-width=\"2.5\"/><rect x=\"7\" y=\"3\" width=\"8\" "
		       "height=\"8\" fill=\"#c75b12\"/>", chart_q_name[SURVEY_Q_PROCEDURE]);
	if (report_question_asked(r, SURVEY_Q_RESULT))
		chart_key(out, "<path d=\"M1 7H21\" stroke=\"#6a1b9a\" stroke-width=\"2.5\"/><path d=\"M11 2l5 5l-5 5l-5 -5z\" "
			       "fill=\"#6a1b9a\"/>", chart_q_name[SURVEY_Q_RESULT]);
	chart_key(out, "<circle cx=\"6\" cy=\"7\" r=\"4.5\" fill=\"#fff\" stroke=\"#0b4f8a\" stroke-width=\"2\"/><rect x=\"13\" "
		       "y=\"3\" width=\"8\" height=\"8\" fill=\"#fff\" stroke=\"#c75b12\" stroke-width=\"2\"/>",
		  "tuần dưới 30 câu trả lời: chưa đủ tin cậy, nối bằng nét chấm");
	if (r->target > 0) {
		snprintf(words, sizeof words, "mục tiêu %d" NBSP "%%", r->target);
		chart_key(out, "<path d=\"M1 7H21\" stroke=\"" C_INK "\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>", words);
	}
	fputs("</ul>\n<p class=\"small muted\">Tỷ lệ hài lòng theo tuần, từ thứ Hai (ngày ghi dưới mỗi tuần); n: số câu "
	      "trả lời của tuần (công chức/thủ tục khi khác nhau).</p>\n</div>\n", out);
}

/* ---- the reasons ------------------------------------------------------------------------------- */

/* Wide: the reasons' names are longer than most groups' and need no figures column. */
#define REASON_LABEL_X 360.0
#define REASON_PLOT_W 460.0

static void chart_reasons_svg(FILE *out, const struct report *r, int64_t max, const struct chart_layout *lay)
{
	struct chart_text_lines ll[SURVEY_R_COUNT];
	char label[SURVEY_R_COUNT][160];
	double h = 4, pw = lay->stacked ? NARROW_PLOT_W - 50 : REASON_PLOT_W;

	for (int i = 0; i < SURVEY_R_COUNT; i++) {
		snprintf(label[i], sizeof label[i], "%s%s", i18n_reason(I18N_VI, i), survey_reason_serious(i) ? NBSP "⚠" : "");
		chart_text_wrap(label[i], " ", lay->stacked ? lay->w - 4 : REASON_LABEL_X - 10, REPORT_CHART_FONT, &ll[i]);
		h += lay->stacked ? (double)ll[i].n * LINE + 26 : (double)ll[i].n * LINE + 10;
	}
	fprintf(out, "<svg class=\"%s\" role=\"img\" aria-label=\"lý do chưa hài lòng\" viewBox=\"0 0 %.0f %.0f\">\n", lay->cls,
		lay->w, h);
	double y = 4;
	for (int i = 0; i < SURVEY_R_COUNT; i++) {
		double px = lay->stacked ? NARROW_PLOT_X : REASON_LABEL_X + 10;
		double yb = lay->stacked ? y + (double)ll[i].n * LINE + 3 : y + 4;
		double w = pw * (double)r->total.reason[i] / (double)max;
		fprintf(out, "<g class=\"row\" data-n=\"%lld\">", (long long)r->total.reason[i]);
		if (lay->stacked)
			chart_lines_out(out, &ll[i], 2, y + 14, LINE, "start", REPORT_CHART_FONT, C_INK, "label");
		else
			chart_lines_out(out, &ll[i], REASON_LABEL_X, y + 15, LINE, "end", REPORT_CHART_FONT, C_INK, "label");
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"/><text class=\"fig\" x=\"%.1f\" "
			     "y=\"%.1f\" font-size=\"%.0f\" fill=\"" C_INK "\">%lld</text></g>\n",
			px, yb, w, survey_reason_serious(i) ? C_SERIOUS : C_REASON, px + w + 6, yb + 12, FIG_FONT,
			(long long)r->total.reason[i]);
		y += lay->stacked ? (double)ll[i].n * LINE + 26 : (double)ll[i].n * LINE + 10;
	}
	fputs("</svg>\n", out);
}

void report_chart_reasons(FILE *out, const struct report *r)
{
	int64_t max = 0;

	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (r->total.reason[i] > max)
			max = r->total.reason[i];
	if (max == 0) {
		fputs("<p class=\"ok\">Không có lý do chưa hài lòng nào được chọn.</p>\n", out);
		return;
	}
	fputs("<div class=\"chart reasons\">\n", out);
	for (int i = 0; i < 2; i++)
		chart_reasons_svg(out, r, max, &chart_layouts[i]);
	fputs("<p class=\"small muted\">Số lần mỗi lý do được chọn. ⚠ lý do nghiêm trọng: mở cảnh báo ngay khi được "
	      "chọn.</p>\n</div>\n", out);
}
