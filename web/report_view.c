/* SPDX-License-Identifier: MIT
 * report_view.c — the report pages' shared part (report_view.h): their query, a report loaded with
 * the period before it and its trend, and the table. It reads only through report_load,
 * store_query_days and store_roster_sites; every figure is index.h's, every privacy decision
 * report.h's (report_shown), every ranking index_rank's. Everything written goes through html.h. */
#include "report_view.h"

#include "conf.h"
#include "hl.h"
#include "html.h"
#include "store_roster.h"
#include "svg.h"
#include "wire.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------------------------- */

static const char *const slugs[ROLLUP_DIM_COUNT] = { "quay", "can-bo", "thu-tuc", "don-vi" };
static const char *const labels_vi[ROLLUP_DIM_COUNT] = { "Quầy", "Cán bộ", "Thủ tục", "Đơn vị" };
static const char *const labels_en[ROLLUP_DIM_COUNT] = { "Counters", "Officers", "Procedures", "Sites" };
static const char *const one_vi[ROLLUP_DIM_COUNT] = { "quầy", "cán bộ", "thủ tục", "đơn vị" };
static const char *const one_en[ROLLUP_DIM_COUNT] = { "counter", "officer", "procedure", "site" };

const char *report_view_slug(int dim)
{
	return dim >= 0 && dim < ROLLUP_DIM_COUNT ? slugs[dim] : NULL;
}

int report_view_slug_parse(const char *slug)
{
	for (int i = 0; slug && i < ROLLUP_DIM_COUNT; i++)
		if (strcmp(slug, slugs[i]) == 0)
			return i;
	return -1;
}

const char *report_view_dim_label(const struct web_ctx *c, int dim)
{
	if (dim < 0 || dim >= ROLLUP_DIM_COUNT)
		return "?";
	return L(c, labels_vi[dim], labels_en[dim]);
}

const char *report_view_dim_one(const struct web_ctx *c, int dim)
{
	if (dim < 0 || dim >= ROLLUP_DIM_COUNT)
		return "?";
	return L(c, one_vi[dim], one_en[dim]);
}

const char *report_view_question_short(const struct web_ctx *c, int q)
{
	return q == SURVEY_Q_OFFICER ? L(c, "Công chức", "Officer") : L(c, "Thủ tục, kết quả", "Procedure, outcome");
}

const char *report_view_question_label(const struct web_ctx *c, int q)
{
	return q == SURVEY_Q_OFFICER ? L(c, "Thái độ, hướng dẫn của công chức", "The officer's manner and guidance")
				     : L(c, "Thủ tục và kết quả giải quyết", "The procedure and its outcome");
}

void report_view_pct(const struct web_ctx *c, double v, char *out, size_t cap)
{
	if (isnan(v)) {
		snprintf(out, cap, "—");
		return;
	}
	snprintf(out, cap, "%.1f", v);
	if (c->lang != WEB_EN)
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
}

/* ---- the query --------------------------------------------------------------------------------- */

static bool given(const struct http_request *rq, const char *name)
{
	const char *v = http_param(&rq->query, name);
	return v && *v;
}

int report_view_query(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int dim,
		      bool allow_all, struct report_view_query *out)
{
	const char *kind = http_param(&rq->query, "kind"), *all = http_param(&rq->query, "all");
	const char *v, *bad, *why_vi, *why_en;
	int rc;

	memset(out, 0, sizeof *out);
	if (all && *all && strcmp(all, "1") != 0)
		return web_fail(c, rq, rs, 400, "all", "chỉ nhận giá trị 1 (toàn bộ dữ liệu)", "must be 1 (all stored data)");
	if ((all && *all) || (kind && strcmp(kind, "all") == 0)) {
		if (!allow_all)
			return web_fail(c, rq, rs, 400, "all", "trang này cần một kỳ (tháng, quý, năm hoặc từ ngày – đến ngày)",
					"this page needs a period (month, quarter, year or from–to)");
		if (kind && *kind && strcmp(kind, "all") != 0)
			return web_fail(c, rq, rs, 400, "all", "không dùng cùng với một kỳ khác",
					"cannot be given together with another period");
		if (!kind && (given(rq, "month") || given(rq, "quarter") || given(rq, "year") || given(rq, "from") ||
			      given(rq, "to")))
			return web_fail(c, rq, rs, 400, "all", "không dùng cùng với một kỳ khác",
					"cannot be given together with another period");
		out->all_time = true;
		/* The span the command line reads for "everything stored" (cli_period_finish). */
		out->period.days.from = period_day_from_civil(2000, 1, 1);
		out->period.days.to = period_day_from_civil(2099, 12, 31);
		out->period.prev = (struct period_range){ 1, 0 };
		snprintf(out->period.kind, sizeof out->period.kind, "all");
		snprintf(out->period.label, sizeof out->period.label, "%s", L(c, "Toàn bộ dữ liệu", "All stored data"));
	} else if (layout_period(c, rq, &out->period, &bad, &why_vi, &why_en) != HL_OK) {
		return web_fail(c, rq, rs, 400, bad, why_vi, why_en);
	}

	rc = layout_site(c, rq, &out->site);
	if (rc == HL_ERR_INVALID)
		return web_fail(c, rq, rs, 400, "site", "mã đơn vị không hợp lệ (chữ thường, số, dấu gạch ngang)",
				"not a site code (lowercase letters, digits, hyphens)");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không được xem đơn vị này.", "You may not see this site.");

	int fixed = report_dim_question(dim);
	out->q = fixed >= 0 ? fixed : SURVEY_Q_OFFICER;
	if ((v = http_param(&rq->query, "q")) && *v) {
		int q = survey_question_from_key(v);
		if (q < 0)
			return web_fail(c, rq, rs, 400, "q", "phải là officer hoặc procedure", "must be officer or procedure");
		if (fixed >= 0 && q != fixed)
			return web_fail(c, rq, rs, 400, "q", "báo cáo này chỉ dùng câu hỏi của chính nó",
					"this report uses its own question only");
		out->q = q;
	}

	out->sort = RV_SORT_RANK;
	if ((v = http_param(&rq->query, "sort")) && *v) {
		if (strcmp(v, "low") == 0)
			out->sort = RV_SORT_RANK;
		else if (strcmp(v, "index") == 0)
			out->sort = RV_SORT_INDEX;
		else if (strcmp(v, "n") == 0)
			out->sort = RV_SORT_N;
		else if (strcmp(v, "name") == 0)
			out->sort = RV_SORT_NAME;
		else
			return web_fail(c, rq, rs, 400, "sort", "phải là index, n, name hoặc low",
					"must be index, n, name or low");
	}
	out->desc = out->sort != RV_SORT_NAME;
	if ((v = http_param(&rq->query, "dir")) && *v) {
		if (strcmp(v, "asc") == 0)
			out->desc = false;
		else if (strcmp(v, "desc") == 0)
			out->desc = true;
		else
			return web_fail(c, rq, rs, 400, "dir", "phải là asc hoặc desc", "must be asc or desc");
	}

	if ((v = http_param(&rq->query, "officer")) && *v) {
		if (!wire_code_valid(v))
			return web_fail(c, rq, rs, 400, "officer", "mã cán bộ không hợp lệ (tối đa 32 ký tự A–Z, a–z, 0–9, . _ -)",
					"not an officer code (up to 32 of A–Z, a–z, 0–9, . _ -)");
		out->officer = v;
	}
	if ((v = http_param(&rq->query, "procedure")) && *v) {
		if (!wire_code_valid(v))
			return web_fail(c, rq, rs, 400, "procedure", "mã thủ tục không hợp lệ (tối đa 32 ký tự A–Z, a–z, 0–9, . _ -)",
					"not a procedure code (up to 32 of A–Z, a–z, 0–9, . _ -)");
		out->procedure = v;
	}
	return 0;
}

void report_view_period_query(struct buf *b, const struct report_view_query *q)
{
	const struct layout_period *p = &q->period;

	if (q->all_time) {
		buf_puts(b, "all=1");
	} else if (strcmp(p->kind, "range") == 0) {
		char from[11], to[11];
		period_format_day(p->days.from, from);
		period_format_day(p->days.to, to);
		buf_puts(b, "from=");
		html_url(b, from);
		buf_puts(b, "&to=");
		html_url(b, to);
	} else {
		buf_puts(b, p->kind);
		buf_puts(b, "=");
		html_url(b, p->value);
	}
}

void report_view_prev_label(const struct web_ctx *c, const struct report_view_query *q, char *out, size_t cap)
{
	const struct layout_period *p = &q->period;
	int y, m, d;

	out[0] = '\0';
	if (q->all_time || p->prev.from > p->prev.to)
		return;
	period_civil_from_day(p->prev.from, &y, &m, &d);
	if (strcmp(p->kind, "month") == 0) {
		if (c->lang == WEB_EN)
			snprintf(out, cap, "%04d-%02d", y, m);
		else
			snprintf(out, cap, "Tháng %02d/%04d", m, y);
	} else if (strcmp(p->kind, "quarter") == 0) {
		if (c->lang == WEB_EN)
			snprintf(out, cap, "%04d Q%d", y, (m - 1) / 3 + 1);
		else
			snprintf(out, cap, "Quý %d/%04d", (m - 1) / 3 + 1, y);
	} else if (strcmp(p->kind, "year") == 0) {
		snprintf(out, cap, c->lang == WEB_EN ? "%04d" : "Năm %04d", y);
	} else {
		char a[16], z[16];
		layout_day(c, p->prev.from, a, sizeof a);
		layout_day(c, p->prev.to, z, sizeof z);
		snprintf(out, cap, "%s – %s", a, z);
	}
}

/* ---- loading ----------------------------------------------------------------------------------- */

static int row_key_cmp(const struct report_row *a, const char *site, const char *code)
{
	int k = strcmp(a->site, site);
	return k ? k : strcmp(a->code, code);
}

static int prev_cmp(const void *x, const void *y, void *ud)
{
	const struct report *r = ud;
	const struct report_row *a = &r->rows[*(const size_t *)x], *b = &r->rows[*(const size_t *)y];
	return row_key_cmp(a, b->site, b->code);
}

int report_view_load(struct web_ctx *c, struct report_view *v, int dim, const struct report_view_query *q,
		     bool with_prev)
{
	int rc;

	memset(v, 0, sizeof *v);
	v->r = (struct report){ .dim = dim, .days = q->period.days, .all_time = q->all_time, .site = q->site,
				.generated = c->now, .utc_offset = c->utc_offset };
	if ((rc = report_load(c->store, &v->r, false, &v->bufs)) != HL_OK)
		return rc;
	v->prev = (struct report){ .dim = dim, .days = q->period.prev, .site = q->site, .generated = c->now,
				   .utc_offset = c->utc_offset };
	if (!with_prev || q->all_time || q->period.prev.from > q->period.prev.to)
		return HL_OK;
	if ((rc = report_load(c->store, &v->prev, false, &v->prev_bufs)) != HL_OK)
		return rc;
	if (!(v->prev_sorted = malloc((v->prev.nrows ? v->prev.nrows : 1) * sizeof *v->prev_sorted)))
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < v->prev.nrows; i++)
		v->prev_sorted[i] = i;
	qsort_r(v->prev_sorted, v->prev.nrows, sizeof *v->prev_sorted, prev_cmp, &v->prev);
	return HL_OK;
}

struct day_filter {
	struct rollup_list *list;
	const char *code; /* NULL: every row */
};

static int day_push(void *ud, const struct rollup_row *row)
{
	struct day_filter *f = ud;

	if (f->code && strcmp(row->key.code, f->code) != 0)
		return HL_OK;
	return rollup_list_push(f->list, row);
}

int report_view_trend_load(struct web_ctx *c, struct report_view *v, int dim, const char *code)
{
	struct rollup_list days = { 0 };
	struct day_filter f = { &days, code };
	struct period_range tr = v->r.days;
	int rc;

	if (v->r.all_time) { /* as report_load: the last 26 weeks */
		tr.to = period_day_of(v->r.generated, v->r.utc_offset);
		tr.from = tr.to - 26 * 7 + 1;
	}
	free(v->weeks);
	v->weeks = NULL;
	v->nweeks = 0;
	v->trend_officer = code && dim == ROLLUP_OFFICER;
	rc = store_query_days(c->store, code ? dim : ROLLUP_SITE, tr, v->r.site, day_push, &f);
	if (rc == HL_OK)
		rc = report_weeks(days.v, days.n, tr, &v->weeks, &v->nweeks);
	rollup_list_free(&days);
	return rc;
}

void report_view_free(struct report_view *v)
{
	report_load_free(v->bufs);
	report_load_free(v->prev_bufs);
	free(v->prev_sorted);
	free(v->weeks);
	memset(v, 0, sizeof *v);
}

const struct report_row *report_view_find(const struct report *r, const char *site, const char *code)
{
	for (size_t i = 0; i < r->nrows; i++)
		if ((!site || strcmp(r->rows[i].site, site) == 0) && strcmp(r->rows[i].code, code) == 0)
			return &r->rows[i];
	return NULL;
}

const struct report_row *report_view_prev(const struct report_view *v, const struct report_row *row)
{
	size_t lo = 0, hi = v->prev_sorted ? v->prev.nrows : 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct report_row *m = &v->prev.rows[v->prev_sorted[mid]];
		int k = row_key_cmp(m, row->site, row->code);
		if (k == 0)
			return m;
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
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
	svg_index_bar(b, x->n ? x->satisfaction : NAN, x->sat_lo, x->sat_hi, c->conf->target_percent, label);
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
	if (t->links && (r->dim != ROLLUP_COUNTER))
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
			cell(b, "site", row->site);
		if (!by_site)
			cell(b, named ? "code hide-narrow" : "code", row->code[0] ? row->code : L(c, "(không rõ)", "(unknown)"));
		if (named)
			cell(b, "name", row->name ? row->name : "");
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
		if (t->links && r->dim != ROLLUP_COUNTER) {
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
	pts = calloc(v->nweeks, sizeof *pts);
	labels = calloc(v->nweeks, sizeof *labels);
	if (!pts || !labels) {
		b->failed = true;
		goto out;
	}
	for (size_t i = 0; i < v->nweeks; i++) {
		const struct index_q *x = &v->weeks[i].g.q[qn];
		int y, m, d;
		period_civil_from_day(v->weeks[i].monday, &y, &m, &d);
		snprintf(labels[i], sizeof labels[i], c->lang == WEB_EN ? "%02d-%02d" : "%02d/%02d", c->lang == WEB_EN ? m : d,
			 c->lang == WEB_EN ? d : m);
		pts[i].label = labels[i];
		pts[i].n = x->n;
		pts[i].value = x->n ? x->satisfaction : NAN;
		/* One officer's week over fewer than five answers is "< 5", as in the tables. */
		pts[i].hidden = v->trend_officer && v->weeks[i].g.q[SURVEY_Q_OFFICER].n < REPORT_MIN_SHOWN;
	}
	snprintf(title, sizeof title, "%s — %s", L(c, "Chỉ số hài lòng theo tuần", "Satisfaction index by week"),
		 report_view_question_label(c, qn));
	/* A div, not a figure: a figure's default side margins would take a fifth of a phone's width. */
	html_raw(b, "<div class=\"trend\" id=\"trend\"><h3>");
	html_txt(b, title);
	html_raw(b, "</h3>");
	svg_trend(b, pts, v->nweeks, c->conf->target_percent, title, "n=", "< 5");
	html_raw(b, "<p class=\"note\">");
	html_txtf(b, L(c, "Mỗi điểm là một tuần (từ thứ Hai); n là số câu trả lời của tuần đó. Đường đỏ: mục tiêu %d %%.",
		       "Each point is a week (from Monday); n is that week's answers. Red line: the %d %% target."),
		  c->conf->target_percent);
	if (v->trend_officer)
		html_txt(b, L(c, " Tuần có dưới 5 câu trả lời chỉ ghi “< 5”.", " Weeks under 5 answers show “< 5” only."));
	html_raw(b, "</p></div>");
out:
	free(pts);
	free(labels);
}

/* ---- the site picker --------------------------------------------------------------------------- */

struct site_list {
	char (*v)[HL_CODE_MAX + 1];
	size_t n, cap;
	bool failed;
};

static int site_add(void *ud, const char *site)
{
	struct site_list *l = ud;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], site) == 0)
			return HL_OK;
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK) {
		l->failed = true;
		return HL_OK;
	}
	snprintf(l->v[l->n++], sizeof l->v[0], "%s", site);
	return HL_OK;
}

static int site_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

void report_view_site_select(struct web_ctx *c, struct buf *b, const struct report_view *v, const char *selected,
			     bool allow_all)
{
	struct site_list l = { 0 };
	bool every = c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_PROVINCE);

	if (every) {
		store_roster_sites(c->store, site_add, &l);
		for (size_t i = 0; v && i < v->r.nrows; i++)
			site_add(&l, v->r.rows[i].site);
	} else if (c->user) {
		for (size_t i = 0; i < c->user->nsites; i++)
			site_add(&l, c->user->sites[i]);
	}
	if (selected)
		site_add(&l, selected);
	if (l.failed)
		b->failed = true;
	qsort(l.v, l.n, sizeof *l.v, site_cmp);
	html_raw(b, "<label>");
	html_txt(b, L(c, "Đơn vị", "Site"));
	html_raw(b, " <select name=\"site\">");
	if (every && allow_all) {
		html_raw(b, selected ? "<option value=\"\">" : "<option selected value=\"\">");
		html_txt(b, L(c, "Tất cả đơn vị", "Every site"));
		html_raw(b, "</option>");
	}
	for (size_t i = 0; i < l.n; i++) {
		html_raw(b, selected && strcmp(selected, l.v[i]) == 0 ? "<option selected value=\"" : "<option value=\"");
		html_attr(b, l.v[i]);
		html_raw(b, "\">");
		html_txt(b, l.v[i]);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label>");
	free(l.v);
}
