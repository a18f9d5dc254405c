/* SPDX-License-Identifier: MIT
 * report_table.c — the report pages' table and trend (report_view.h, the part that writes): the
 * table of a report's rows with the previous period, the change, the target line, n, the badges for
 * groups too small to rank and the drill-down links; one figure's index and bar; the weekly trend.
 * Every privacy decision is report.h's (report_shown, report_total_shown), every ranking
 * index_rank's; everything written goes through html.h. Loading and the query are report_view.c's. */
#include "report_view.h"

#include "conf.h"
#include "hl.h"
#include "html.h"
#include "i18n.h"
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int row_key_cmp(const struct report_row *a, const char *site, const char *code)
{
	int k = strcmp(a->site, site);
	return k ? k : strcmp(a->code, code);
}
/* ---- the table --------------------------------------------------------------------------------- */

void report_view_index_html(const struct web_ctx *c, struct buf *b, const struct index_group *g, int qn, bool shown)
{
	const struct index_q *x = &g->q[qn];
	char v[16], lo[16], hi[16];

	if (!shown || x->n == 0) {
		html_txt(b, shown ? "—" : "< 5");
		return;
	}
	report_view_pct(c, x->satisfaction, v, sizeof v);
	report_view_pct(c, x->sat_lo, lo, sizeof lo);
	report_view_pct(c, x->sat_hi, hi, sizeof hi);
	html_raw(b, "<span class=\"v\">");
	html_txtf(b, "%s %%", v);
	html_raw(b, "</span> <small class=\"ci\">");
	html_txtf(b, "(%s–%s)", lo, hi);
	html_raw(b, "</small><br><span class=\"n\">");
	html_txtf(b, "n = %lld", (long long)x->n);
	html_raw(b, "</span>");
}

void report_view_bar(struct web_ctx *c, struct buf *b, const struct index_q *x)
{
	char v[16], lo[16], hi[16], label[160];

	report_view_pct(c, x->satisfaction, v, sizeof v);
	report_view_pct(c, x->sat_lo, lo, sizeof lo);
	report_view_pct(c, x->sat_hi, hi, sizeof hi);
	snprintf(label, sizeof label, c->lang == WEB_EN ? "%s %%, 95 %% interval %s–%s, target %d %%"
						    : "%s %%, khoảng tin cậy 95 %% %s–%s, mục tiêu %d %%",
		 v, lo, hi, c->conf->target_percent);
	svg_index_bar(b, x->n ? x->satisfaction : NAN, x->sat_lo, x->sat_hi, c->conf->target_percent,
		      x->n > 0 && !x->rankable, label);
}

struct sort_ctx {
	const struct report *r;
	const size_t *pos; /* each row's place in the ranking */
	int q, sort;
	bool desc;
};

static const char *row_label(const struct report_row *row)
{
	return row->name && row->name[0] ? row->name : row->code[0] ? row->code : row->site;
}

static int sort_cmp(const void *x, const void *y, void *ud)
{
	const struct sort_ctx *s = ud;
	size_t ia = *(const size_t *)x, ib = *(const size_t *)y;
	const struct report_row *a = &s->r->rows[ia], *b = &s->r->rows[ib];
	bool sa = report_shown(s->r, a), sb = report_shown(s->r, b);
	const struct index_q *qa = &a->g.q[s->q], *qb = &b->g.q[s->q];
	int k = 0;

	/* Rows whose figures are hidden come last whatever the order, so that no order of the table
	 * tells anything about them. */
	if (sa != sb)
		return sa ? -1 : 1;
	if (!sa)
		return strcmp(row_label(a), row_label(b));
	switch (s->sort) {
	case RV_SORT_RANK:
		/* Ascending: the rankable ones from the lowest lower bound; the too-small ones after. */
		if (qa->rankable != qb->rankable)
			return qa->rankable ? -1 : 1;
		k = s->pos[ia] < s->pos[ib] ? -1 : s->pos[ia] > s->pos[ib];
		return qa->rankable && !s->desc ? -k : k;
	case RV_SORT_INDEX:
		if (isnan(qa->satisfaction) != isnan(qb->satisfaction))
			return isnan(qa->satisfaction) ? 1 : -1;
		if (!isnan(qa->satisfaction) && qa->satisfaction != qb->satisfaction)
			k = qa->satisfaction < qb->satisfaction ? -1 : 1;
		else
			k = qa->n < qb->n ? -1 : qa->n > qb->n;
		break;
	case RV_SORT_N:
		k = qa->n < qb->n ? -1 : qa->n > qb->n;
		break;
	default:
		k = strcmp(row_label(a), row_label(b));
		if (!k)
			k = strcmp(a->site, b->site);
		break;
	}
	if (!k)
		k = row_key_cmp(a, b->site, b->code);
	return s->desc ? -k : k;
}

/* Appends ?…&… to an href under construction: "/path?" then pairs. */
static void link_pair(struct buf *u, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_puts(u, u->len && u->p[u->len - 1] != '?' ? "&" : "");
	buf_puts(u, name);
	buf_puts(u, "=");
	html_url(u, value);
}

static void drill_link(struct buf *b, const struct report_view_query *q, int to_dim,
		       const char *filter, const char *code, const char *site, const char *text)
{
	struct buf u = { 0 };

	buf_puts(&u, "/bao-cao/");
	buf_puts(&u, report_view_slug(to_dim));
	buf_puts(&u, "?");
	if (filter)
		link_pair(&u, filter, code);
	link_pair(&u, "site", site);
	buf_puts(&u, u.p[u.len - 1] == '?' ? "" : "&");
	report_view_period_query(&u, q);
	html_raw(b, "<a class=\"drill\" href=\"");
	html_attr(b, u.p);
	html_raw(b, "\">");
	html_txt(b, text);
	html_raw(b, "</a> ");
	if (u.failed)
		b->failed = true;
	buf_free(&u);
}

static void cell(struct buf *b, const char *cls, const char *text)
{
	html_raw(b, "<td class=\"");
	html_attr(b, cls);
	html_raw(b, "\">");
	html_txt(b, text);
	html_raw(b, "</td>");
}

/* A row's site: its name (which may wrap) with the code beside it, or the code alone (which never
 * breaks) when the roster names none. */
static void site_cell(struct buf *b, const struct report_row *row)
{
	if (row->site_name) {
		html_raw(b, "<td class=\"site-name\">");
		html_txt(b, row->site_name);
		html_raw(b, " <span class=\"muted code\">");
	} else {
		html_raw(b, "<td class=\"site\">");
	}
	html_txt(b, row->site);
	html_raw(b, row->site_name ? "</span></td>" : "</td>");
}

static void th(struct buf *b, const char *cls, const char *text)
{
	html_raw(b, "<th scope=\"col\" class=\"");
	html_attr(b, cls);
	html_raw(b, "\">");
	html_txt(b, text);
	html_raw(b, "</th>");
}

/* The mean level: on the answers' scale ("4,2/5"), or rescaled to 0–100 when scales are mixed. */
static void mean_text(const struct web_ctx *c, const struct index_q *x, char *out, size_t cap)
{
	char v[16];

	if (x->n == 0) {
		snprintf(out, cap, "—");
	} else if (x->scale > 0) {
		report_view_pct(c, x->mean, v, sizeof v);
		snprintf(out, cap, "%s/%d", v, x->scale);
	} else {
		report_view_pct(c, x->mean100, v, sizeof v);
		snprintf(out, cap, "%s/100", v);
	}
}

void report_view_table(struct web_ctx *c, struct buf *b, const struct report_view *v,
		       const struct report_view_query *q, const struct report_view_table *t)
{
	const struct report *r = &v->r;
	const int qn = q->q;
	const bool by_site = r->dim == ROLLUP_SITE, site_col = by_site || !r->site;
	const bool named = r->dim == ROLLUP_OFFICER || r->dim == ROLLUP_PROCEDURE;
	const bool with_prev = v->prev_sorted != NULL;
	/* A drill-down's rows are the subject's: their own breakdowns are no subject's (no links). */
	const bool links = t->links && r->dim != ROLLUP_COUNTER && !report_subject(r);
	const double target = c->conf->target_percent;
	size_t *rank = NULL, *pos = NULL, *order = NULL, n = 0;
	char prev_label[64], s[96];
	struct index_group *gs = NULL;

	if (!(rank = malloc((r->nrows ? r->nrows : 1) * sizeof *rank)) ||
	    !(pos = malloc((r->nrows ? r->nrows : 1) * sizeof *pos)) ||
	    !(order = malloc((r->nrows ? r->nrows : 1) * sizeof *order)) ||
	    !(gs = malloc((r->nrows ? r->nrows : 1) * sizeof *gs))) {
		b->failed = true;
		goto out;
	}
	/* The ranking: index_rank on the question shown — report_order's for the report's own question. */
	for (size_t i = 0; i < r->nrows; i++)
		gs[i] = r->rows[i].g;
	index_rank(gs, r->nrows, qn, rank);
	for (size_t k = 0; k < r->nrows; k++)
		pos[rank[k]] = k;
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];
		if (t->only_code && strcmp(row->code, t->only_code) != 0)
			continue;
		order[n++] = i;
	}
	struct sort_ctx sc = { r, pos, qn, q->sort, q->desc };
	qsort_r(order, n, sizeof *order, sort_cmp, &sc);
	report_view_prev_label(c, q, prev_label, sizeof prev_label);

	/* What the table measures, above it (a caption would be centred over the scrolled width). */
	html_raw(b, "<p class=\"note table-about\">");
	html_txt(b, L(c, "Câu hỏi: ", "Question: "));
	html_txt(b, report_view_question_label(c, qn));
	html_txtf(b, L(c, " · mục tiêu %d %%", " · target %d %%"), c->conf->target_percent);
	html_raw(b, "</p><div class=\"table-wrap\"><table class=\"report\" id=\"");
	html_attr(b, t->id ? t->id : "report");
	html_raw(b, "\" data-dim=\"");
	html_attr(b, report_dim_name(r->dim));
	if (report_subject(r)) { /* data-officer="cb0123" or data-procedure="1.001234" */
		html_raw(b, "\" data-");
		html_raw(b, report_dim_column(report_subject_dim(r)));
		html_raw(b, "=\"");
		html_attr(b, report_subject(r));
	}
	html_raw(b, "\"><thead><tr>");
	/* On a phone the name, the index and n come first; rank, code and the two secondary figures are
	 * left out (.hide-narrow), and come back in print. */
	if (t->rank)
		th(b, "num hide-narrow", L(c, "Hạng", "Rank"));
	if (site_col)
		th(b, "", L(c, "Đơn vị", "Site"));
	if (!by_site)
		th(b, named ? "hide-narrow" : "", L(c, "Mã", "Code"));
	if (named)
		th(b, "", L(c, "Tên", "Name"));
	th(b, "idx", L(c, "Chỉ số hài lòng", "Satisfaction index"));
	th(b, "num", "n");
	if (with_prev) {
		/* Two lines: a header cell does not wrap (console.css). */
		html_raw(b, "<th scope=\"col\" class=\"num prev\">");
		html_txt(b, L(c, "Kỳ trước", "Previous"));
		html_raw(b, "<br><small>");
		html_txt(b, prev_label);
		html_raw(b, "</small></th>");
		th(b, "num", L(c, "Thay đổi", "Change"));
	}
	th(b, "num hide-narrow", L(c, "Chưa hài lòng", "Dissatisfied"));
	th(b, "num hide-narrow", L(c, "Mức trung bình", "Mean level"));
	if (links)
		th(b, "no-print", L(c, "Chi tiết", "Details"));
	html_raw(b, "</tr></thead><tbody>");

	for (size_t k = 0; k < n; k++) {
		const struct report_row *row = &r->rows[order[k]];
		const struct index_q *x = &row->g.q[qn];
		const bool shown = report_shown(r, row);
		const bool below = shown && x->n > 0 && !isnan(x->satisfaction) && x->satisfaction < target;
		html_raw(b, below ? "<tr class=\"below-target\" data-site=\"" : "<tr data-site=\"");
		html_attr(b, row->site);
		html_raw(b, "\" data-code=\"");
		html_attr(b, row->code);
		html_raw(b, "\">");
		if (t->rank) {
			if (shown && x->rankable)
				snprintf(s, sizeof s, "%zu", pos[order[k]] + 1);
			else
				snprintf(s, sizeof s, "—");
			cell(b, "num hide-narrow", s);
		}
		if (site_col)
			site_cell(b, row);
		if (!by_site)
			cell(b, named ? "code hide-narrow" : "code", row->code[0] ? row->code : L(c, "(không rõ)", "(unknown)"));
		if (named)
			cell(b, "name", row->name ? row->name : row->code[0] ? "" : L(c, "(không rõ)", "(unknown)"));
		if (!shown) {
			/* Fewer than five answers: "< 5" and nothing else (report_shown). */
			cell(b, "idx", "< 5");
			cell(b, "num n", "< 5");
			if (with_prev) {
				cell(b, "num prev", "");
				cell(b, "num", "");
			}
			cell(b, "num hide-narrow", "");
			cell(b, "num hide-narrow", "");
		} else {
			char val[16], lo[16], hi[16];
			report_view_pct(c, x->satisfaction, val, sizeof val);
			report_view_pct(c, x->sat_lo, lo, sizeof lo);
			report_view_pct(c, x->sat_hi, hi, sizeof hi);
			html_raw(b, "<td class=\"idx\"><span class=\"v\">");
			html_txt(b, val);
			if (x->n)
				html_txt(b, " %");
			html_raw(b, "</span>");
			if (t->links && !t->print) {
				html_raw(b, " <span class=\"no-print\">");
				report_view_bar(c, b, x);
				html_raw(b, "</span>");
			}
			if (x->n) {
				html_raw(b, "<br><small class=\"ci\">");
				html_txtf(b, "(%s–%s)", lo, hi);
				html_raw(b, "</small>");
			}
			if ((x->n && !x->rankable) || below)
				html_raw(b, "<br>");
			if (x->n && !x->rankable) {
				html_raw(b, "<span class=\"badge too-few\">");
				html_txt(b, L(c, "chưa đủ để xếp hạng", "too few to rank"));
				html_raw(b, "</span>");
			}
			if (below) {
				html_raw(b, " <span class=\"badge below\">");
				html_txt(b, L(c, "dưới mục tiêu", "below target"));
				html_raw(b, "</span>");
			}
			html_raw(b, "</td>");
			snprintf(s, sizeof s, "%lld", (long long)x->n);
			cell(b, "num n", s);
			if (with_prev) {
				const struct report_row *p = report_view_prev(v, row);
				const struct index_q *px = p ? &p->g.q[qn] : NULL;
				bool pshown = p && report_shown(&v->prev, p);
				if (!p || (pshown && px->n == 0)) {
					cell(b, "num prev", "—");
					cell(b, "num", "");
				} else if (!pshown) {
					cell(b, "num prev", "< 5");
					cell(b, "num", "");
				} else {
					report_view_pct(c, px->satisfaction, val, sizeof val);
					html_raw(b, "<td class=\"num prev\">");
					html_txtf(b, "%s %%", val);
					html_raw(b, "<br><small>");
					html_txtf(b, "n = %lld", (long long)px->n);
					html_raw(b, "</small></td>");
					if (x->n && !isnan(x->satisfaction)) {
						double d = x->satisfaction - px->satisfaction;
						report_view_pct(c, fabs(d), val, sizeof val);
						snprintf(s, sizeof s, "%s%s", d > 0.05 ? "▲ +" : d < -0.05 ? "▼ −" : "", val);
						cell(b, d > 0.05 ? "num good" : d < -0.05 ? "num bad" : "num", s);
					} else {
						cell(b, "num", "");
					}
				}
			}
			report_view_pct(c, x->dissatisfaction, val, sizeof val);
			snprintf(s, sizeof s, "%s%s", val, x->n ? " %" : "");
			cell(b, "num hide-narrow", s);
			mean_text(c, x, s, sizeof s);
			cell(b, "num hide-narrow", s);
		}
		if (links) {
			html_raw(b, "<td class=\"no-print links\">");
			if (r->dim == ROLLUP_OFFICER) {
				drill_link(b, q, ROLLUP_PROCEDURE, "officer", row->code, row->site,
					   L(c, "Thủ tục", "Procedures"));
				drill_link(b, q, ROLLUP_COUNTER, "officer", row->code, row->site, L(c, "Quầy", "Counters"));
			} else if (r->dim == ROLLUP_PROCEDURE) {
				drill_link(b, q, ROLLUP_COUNTER, "procedure", row->code, r->site, L(c, "Quầy", "Counters"));
			} else if (r->dim == ROLLUP_SITE) {
				drill_link(b, q, ROLLUP_OFFICER, NULL, NULL, row->site, L(c, "Cán bộ", "Officers"));
				drill_link(b, q, ROLLUP_COUNTER, NULL, NULL, row->site, L(c, "Quầy", "Counters"));
			}
			html_raw(b, "</td>");
		}
		html_raw(b, "</tr>");
	}
	if (n == 0) {
		html_raw(b, "<tr><td colspan=\"12\" class=\"muted\">");
		html_txt(b, L(c, "Chưa có đánh giá nào trong kỳ này.", "No ratings in this period."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
out:
	free(rank);
	free(pos);
	free(order);
	free(gs);
}

/* ---- the trend --------------------------------------------------------------------------------- */

void report_view_trend(struct web_ctx *c, struct buf *b, const struct report_view *v, int qn)
{
	struct svg_point *pts;
	char (*labels)[8];
	char title[160];

	bool any = false;
	for (size_t i = 0; v->weeks && i < v->nweeks; i++)
		any |= v->weeks[i].g.q[qn].n > 0;
	if (!any) /* nothing to draw: the table already says there are no ratings */
		return;
	/* Over all stored data, from the first week with ratings to the last (not half a year back). */
	size_t first, nw = report_weeks_span(v->weeks, v->nweeks, v->r.all_time, &first);
	const struct report_week *weeks = v->weeks + first;
	pts = calloc(nw, sizeof *pts);
	labels = calloc(nw, sizeof *labels);
	if (!pts || !labels) {
		b->failed = true;
		goto out;
	}
	for (size_t i = 0; i < nw; i++) {
		const struct index_q *x = &weeks[i].g.q[qn];
		int y, m, d;
		period_civil_from_day(weeks[i].monday, &y, &m, &d);
		snprintf(labels[i], sizeof labels[i], c->lang == WEB_EN ? "%02d-%02d" : "%02d/%02d", c->lang == WEB_EN ? m : d,
			 c->lang == WEB_EN ? d : m);
		pts[i].label = labels[i];
		pts[i].n = x->n;
		pts[i].value = x->n ? x->satisfaction : NAN;
		pts[i].small = x->n > 0 && !x->rankable;
		/* One officer's week over fewer than five answers is "< 5", as in the tables. */
		/* (A week without ratings says n=0: it hides no one.) */
		pts[i].hidden = v->trend_officer && weeks[i].g.ratings > 0 &&
				(v->r.officer ? !report_total_shown(&v->r, &weeks[i].g)
					      : weeks[i].g.q[SURVEY_Q_OFFICER].n < REPORT_MIN_SHOWN);
	}
	snprintf(title, sizeof title, "%s — %s", L(c, "Chỉ số hài lòng theo tuần", "Satisfaction index by week"),
		 report_view_question_label(c, qn));
	/* A div, not a figure: a figure's default side margins would take a fifth of a phone's width. */
	html_raw(b, "<div class=\"trend\" id=\"trend\"><h3>");
	html_txt(b, title);
	html_raw(b, "</h3>");
	svg_trend(b, pts, nw, c->conf->target_percent, title, "n=",
		  "< 5", L(c, " (ít, chưa đủ tin cậy)", " (too few to trust)"), c->lang == WEB_EN ? I18N_EN : I18N_VI);
	html_raw(b, "<p class=\"note\">");
	html_txtf(b, L(c, "Mỗi điểm là một tuần (từ thứ Hai); n là số câu trả lời của tuần đó. Điểm rỗng, nét chấm: tuần "
			  "dưới %d câu trả lời, chưa đủ tin cậy. Đường đỏ: mục tiêu %d %%.",
		       "Each point is a week (from Monday); n is that week's answers. Hollow points, dotted lines: weeks "
		       "under %d answers, too few to trust. Red line: the %d %% target."),
		  INDEX_MIN_RANK, c->conf->target_percent);
	if (v->trend_officer)
		html_txt(b, L(c, " Tuần có dưới 5 câu trả lời chỉ ghi “< 5”.", " Weeks under 5 answers show “< 5” only."));
	html_raw(b, "</p></div>");
out:
	free(pts);
	free(labels);
}

