/* SPDX-License-Identifier: MIT
 * report_view.c — the report pages' shared part (report_view.h): names, their query, a report loaded
 * with the period before it (a drill-down's too, from the pair roll-ups) and its trend, and the site
 * picker; the table and the trend chart are written by report_table.c. It reads only through
 * report_load, store_query_days, store_query_pair_days and store_roster_sites; every figure is
 * index.h's, every privacy decision report.h's. Everything written goes through html.h. */
#include "report_view.h"

#include "i18n.h"
#include "numfmt.h"
#include "sites.h"

#include "conf.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "roster.h"
#include "store_roster.h"
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
	if (q == SURVEY_Q_RESULT)
		return L(c, "Kết quả", "Result");
	return q == SURVEY_Q_OFFICER ? L(c, "Công chức", "Officer") : L(c, "Thủ tục, kết quả", "Procedure, outcome");
}

const char *report_view_question_label(const struct web_ctx *c, int q)
{
	if (q == SURVEY_Q_RESULT)
		return L(c, "Kết quả giải quyết", "The result of the case");
	return q == SURVEY_Q_OFFICER ? L(c, "Thái độ, hướng dẫn của công chức", "The officer's manner and guidance")
				     : L(c, "Thủ tục và kết quả giải quyết", "The procedure and its outcome");
}

void report_view_pct(const struct web_ctx *c, double v, char *out, size_t cap)
{
	numfmt_num(out, cap, c->lang == WEB_EN ? I18N_EN : I18N_VI, v, 1);
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
	/* An officer's reports are their own: their code, unless they ask for another's (which the page
	 * refuses). */
	if (!out->officer && c->user && c->user->role == ROLE_OFFICER && c->user->officer[0])
		out->officer = c->user->officer;
	/* A drill-down shows both questions: the subject's is the default. */
	const char *subject = NULL;
	int sdim = report_view_drill_dim(dim, out, &subject);
	int fixed = sdim >= 0 ? -1 : report_dim_question(dim);
	out->q = fixed >= 0 ? fixed : sdim >= 0 ? report_dim_question(sdim) : SURVEY_Q_OFFICER;
	if ((v = http_param(&rq->query, "q")) && *v) {
		int q = survey_question_from_key(v);
		if (q < 0)
			return web_fail(c, rq, rs, 400, "q", "phải là officer, procedure hoặc result",
					"must be officer, procedure or result");
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

int report_view_drill_dim(int dim, const struct report_view_query *q, const char **subject)
{
	*subject = NULL;
	if (q->officer && q->procedure)
		return -1;
	if (q->officer && (dim == ROLLUP_PROCEDURE || dim == ROLLUP_COUNTER)) {
		*subject = q->officer;
		return ROLLUP_OFFICER;
	}
	if (q->procedure && dim == ROLLUP_COUNTER) {
		*subject = q->procedure;
		return ROLLUP_PROCEDURE;
	}
	return -1;
}

int report_view_load_drill(struct web_ctx *c, struct report_view *v, int dim, const struct report_view_query *q,
			   const char *officer, const char *procedure, bool with_prev)
{
	int rc;

	memset(v, 0, sizeof *v);
	v->r = (struct report){ .dim = dim, .days = q->period.days, .all_time = q->all_time, .site = q->site,
				.officer = officer, .procedure = procedure, .generated = c->now,
				.utc_offset = c->utc_offset };
	if ((rc = report_load(c->store, &v->r, false, &v->bufs)) != HL_OK)
		return rc;
	v->prev = (struct report){ .dim = dim, .days = q->period.prev, .site = q->site, .officer = officer,
				   .procedure = procedure, .generated = c->now, .utc_offset = c->utc_offset };
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

int report_view_load(struct web_ctx *c, struct report_view *v, int dim, const struct report_view_query *q,
		     bool with_prev)
{
	return report_view_load_drill(c, v, dim, q, NULL, NULL, with_prev);
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
	const char *subject = report_subject(&v->r);
	int rc;

	int32_t today = period_day_of(c->now, c->utc_offset);
	if (v->r.all_time) { /* as report_load: the last 26 weeks */
		tr.to = period_day_of(v->r.generated, v->r.utc_offset);
		tr.from = tr.to - 26 * 7 + 1;
	} else if (tr.to > today && tr.from <= today) {
		tr.to = today; /* this month's trend stops at this week: later weeks have no data yet */
	}
	free(v->weeks);
	v->weeks = NULL;
	v->nweeks = 0;
	v->trend_officer = (code && dim == ROLLUP_OFFICER) || v->r.officer;
	if (subject) /* a drill-down's: the same pair dimension's day rows, as report_load reads them */
		rc = store_query_pair_days(c->store, report_load_pair_dim(&v->r), subject, tr, v->r.site, day_push, &f);
	else
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

/* ---- the site picker --------------------------------------------------------------------------- */

void report_view_site_select(struct web_ctx *c, struct buf *b, const struct report_view *v, const char *selected,
			     bool allow_all)
{
	struct site_list l = { 0 };
	bool every = c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_PROVINCE);

	if (every) {
		store_roster_sites(c->store, site_list_add, &l);
		for (size_t i = 0; v && i < v->r.nrows; i++)
			site_list_add(&l, v->r.rows[i].site);
	} else if (c->user) {
		for (size_t i = 0; i < c->user->nsites; i++)
			site_list_add(&l, c->user->sites[i]);
	}
	if (selected)
		site_list_add(&l, selected);
	if (l.failed)
		b->failed = true;
	site_list_sort(&l);
	html_raw(b, "<label>");
	html_txt(b, L(c, "Đơn vị", "Site"));
	html_raw(b, " <select name=\"site\">");
	if (every && allow_all) {
		html_raw(b, selected ? "<option value=\"\">" : "<option selected value=\"\">");
		html_txt(b, L(c, "Tất cả đơn vị", "Every site"));
		html_raw(b, "</option>");
	}
	for (size_t i = 0; i < l.n; i++) {
		char label[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
		html_raw(b, selected && strcmp(selected, l.v[i]) == 0 ? "<option selected value=\"" : "<option value=\"");
		html_attr(b, l.v[i]);
		html_raw(b, "\">");
		html_txt(b, layout_site_label(c, l.v[i], label, sizeof label));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label>");
	site_list_free(&l);
}
