/* SPDX-License-Identifier: MIT
 * page_reports.c — Báo cáo, /bao-cao/:dim (can-bo, thu-tuc, quay, don-vi): the report tables with
 * the period picker, the site, question and sorting filters, the previous period beside each
 * figure, the target line, the drill-downs and the weekly trend; links to download the same table
 * (Xuất dữ liệu). An officer sees their own row and their own drill-downs only.
 *
 * Drill-downs read the pair roll-ups (rollup.h) through report_load's filter: ?officer=X on
 * thu-tuc or quay is that officer's procedures or counters (with the site: officer codes are each
 * site's own), ?procedure=P on quay that procedure's counters; ?officer=X on can-bo and
 * ?procedure=P on thu-tuc are the subject's own row. Each shows the subject's own figures, tabs to
 * its other breakdowns, the breakdown's table (previous period, target line, n) and the subject's
 * weekly trend; an officer's rows follow the officer rule (report_shown). Other combinations are
 * not kept and are refused (400). All loading and the table are report_view.h's; all output goes
 * through html.h. */
#include "cache.h"
#include "conf.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "page_cache.h"
#include "report_view.h"
#include "roster.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

/* The dimensions in the order of the tabs. */
static const int tab_dims[] = { ROLLUP_OFFICER, ROLLUP_PROCEDURE, ROLLUP_COUNTER, ROLLUP_SITE };

static bool is_officer(const struct web_ctx *c)
{
	return c->user && c->user->role == ROLE_OFFICER;
}

/* "/bao-cao/SLUG?site=…&period" into u (raw '&'). */
static void page_url(struct buf *u, const char *base, int dim, const struct report_view_query *q, bool keep_q)
{
	buf_puts(u, base);
	if (dim >= 0)
		buf_puts(u, report_view_slug(dim));
	buf_puts(u, "?");
	if (q->site) {
		buf_puts(u, "site=");
		html_url(u, q->site);
		buf_puts(u, "&");
	}
	if (keep_q && report_dim_question(dim) < 0 && q->q != SURVEY_Q_OFFICER)
		buf_puts(u, "q=procedure&");
	report_view_period_query(u, q);
}

static void tabs(struct web_ctx *c, struct buf *b, int dim, const struct report_view_query *q)
{
	html_raw(b, "<ul class=\"tabs no-print\" id=\"report-tabs\">");
	for (size_t i = 0; i < sizeof tab_dims / sizeof tab_dims[0]; i++) {
		struct buf u = { 0 };
		if (is_officer(c) && tab_dims[i] == ROLLUP_SITE)
			continue;
		page_url(&u, "/bao-cao/", tab_dims[i], q, false);
		html_raw(b, tab_dims[i] == dim ? "<li><a aria-current=\"page\" href=\"" : "<li><a href=\"");
		html_attr(b, u.p);
		html_raw(b, "\">");
		html_txt(b, report_view_dim_label(c, tab_dims[i]));
		html_raw(b, "</a></li>");
		buf_free(&u);
	}
	html_raw(b, "</ul>");
}

static void hidden(struct buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	html_raw(b, "<input type=\"hidden\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, value);
	html_raw(b, "\">");
}

/* The period as hidden fields, so that the filter form keeps it. */
static void period_hidden(struct buf *b, const struct report_view_query *q)
{
	const struct layout_period *p = &q->period;

	if (strcmp(p->kind, "range") == 0) {
		char from[11], to[11];
		period_format_day(p->days.from, from);
		period_format_day(p->days.to, to);
		hidden(b, "kind", "range");
		hidden(b, "from", from);
		hidden(b, "to", to);
	} else {
		hidden(b, "kind", p->kind);
		hidden(b, p->kind, p->value);
	}
}

static void option(struct buf *b, const char *value, const char *label, bool selected)
{
	html_raw(b, selected ? "<option selected value=\"" : "<option value=\"");
	html_attr(b, value);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</option>");
}

static void filters(struct web_ctx *c, struct buf *b, const struct report_view_query *q,
		    const struct report_view *v, bool both_q)
{
	static const char *const sorts[] = { "low", "index", "n", "name" };
	const char *sort_labels[] = { L(c, "Xếp hạng (cận dưới khoảng tin cậy)", "Ranking (the interval's lower bound)"),
				      L(c, "Chỉ số", "Index"), L(c, "Số câu trả lời (n)", "Answers (n)"),
				      L(c, "Tên", "Name") };

	html_raw(b, "<form method=\"get\" class=\"filters\" id=\"report-filters\">");
	if (!is_officer(c))
		report_view_site_select(c, b, v, q->site, true);
	if (both_q) {
		html_raw(b, "<label>");
		html_txt(b, L(c, "Câu hỏi", "Question"));
		html_raw(b, " <select name=\"q\">");
		option(b, "officer", report_view_question_label(c, SURVEY_Q_OFFICER), q->q == SURVEY_Q_OFFICER);
		option(b, "procedure", report_view_question_label(c, SURVEY_Q_PROCEDURE), q->q == SURVEY_Q_PROCEDURE);
		if (report_question_asked(&v->r, SURVEY_Q_RESULT) || q->q == SURVEY_Q_RESULT)
			option(b, "result", report_view_question_label(c, SURVEY_Q_RESULT), q->q == SURVEY_Q_RESULT);
		html_raw(b, "</select></label>");
	}
	html_raw(b, "<label>");
	html_txt(b, L(c, "Sắp xếp", "Sort by"));
	html_raw(b, " <select name=\"sort\">");
	for (int i = 0; i < 4; i++)
		option(b, sorts[i], sort_labels[i], q->sort == i);
	html_raw(b, "</select></label><label>");
	html_txt(b, L(c, "Thứ tự", "Order"));
	html_raw(b, " <select name=\"dir\">");
	option(b, "desc", L(c, "Giảm dần (cao trước)", "Descending"), q->desc);
	option(b, "asc", L(c, "Tăng dần (thấp trước)", "Ascending"), !q->desc);
	html_raw(b, "</select></label>");
	period_hidden(b, q);
	if (!is_officer(c))
		hidden(b, "officer", q->officer);
	hidden(b, "procedure", q->procedure);
	html_raw(b, " <button type=\"submit\">");
	html_txt(b, L(c, "Lọc", "Apply"));
	html_raw(b, "</button></form>");
}

/* Links to the same table as files (Xuất dữ liệu), for the roles that may export. */
static void downloads(struct web_ctx *c, struct buf *b, int dim, const struct report_view_query *q)
{
	static const char *const what[][3] = {
		{ "/xuat-du-lieu/report.csv", "Tải CSV", "Download CSV" },
		{ "/xuat-du-lieu/report.json", "Tải JSON", "Download JSON" },
		{ "/xuat-du-lieu/in", "Bản in (A4)", "Print view (A4)" },
	};

	if (is_officer(c))
		return;
	html_raw(b, "<p class=\"downloads no-print\" id=\"report-downloads\">");
	for (size_t i = 0; i < 3; i++) {
		struct buf u = { 0 };
		buf_puts(&u, what[i][0]);
		buf_puts(&u, "?dim=");
		buf_puts(&u, report_dim_name(dim));
		buf_puts(&u, "&");
		if (q->site) {
			buf_puts(&u, "site=");
			html_url(&u, q->site);
			buf_puts(&u, "&");
		}
		/* A drill-down's files are the drill-down's (the CLI's --officer / --procedure). */
		const char *subject = NULL;
		int sdim = report_view_drill_dim(dim, q, &subject);
		if (sdim >= 0) {
			buf_puts(&u, sdim == ROLLUP_OFFICER ? "officer=" : "procedure=");
			html_url(&u, subject);
			buf_puts(&u, "&");
		}
		if (i == 2 && (report_dim_question(dim) < 0 || sdim >= 0) && q->q != report_dim_question(sdim >= 0 ? sdim : ROLLUP_OFFICER))
			buf_printf(&u, "q=%s&", survey_question_key(q->q));
		report_view_period_query(&u, q);
		html_raw(b, "<a class=\"button secondary\" href=\"");
		html_attr(b, u.p);
		html_raw(b, "\">");
		html_txt(b, L(c, what[i][1], what[i][2]));
		html_raw(b, "</a> ");
		buf_free(&u);
	}
	html_raw(b, "</p>");
}

/* The whole table's figures above it. */
static void summary(struct web_ctx *c, struct buf *b, const struct report_view *v, int qn)
{
	const struct index_q *x = &v->r.total.q[qn];
	char t[160];

	html_raw(b, "<div class=\"cards\" id=\"report-summary\"><div class=\"card\"><div class=\"muted\">");
	html_txt(b, L(c, "Toàn bảng", "Whole table"));
	html_raw(b, "</div><div class=\"big\">");
	report_view_pct(c, x->satisfaction, t, sizeof t);
	html_txt(b, t);
	if (x->n)
		html_txt(b, " %");
	html_raw(b, "</div><div>");
	if (x->n) { /* the interval and n under the big figure, not the figure again */
		char lo[32], hi[32];
		report_view_pct(c, x->sat_lo, lo, sizeof lo);
		report_view_pct(c, x->sat_hi, hi, sizeof hi);
		html_txt(b, L(c, "khoảng tin cậy 95 %: ", "95 % interval: "));
		html_txtf(b, "%s–%s · n = %lld", lo, hi, (long long)x->n);
	}
	html_raw(b, "</div>");
	report_view_bar(c, b, x);
	html_raw(b, "<div class=\"muted\">");
	html_txtf(b, L(c, "%lld lượt đánh giá · %zu %s", "%lld ratings · %zu %s"), (long long)v->r.total.ratings,
		  v->r.nrows, report_view_dim_one(c, v->r.dim));
	html_raw(b, "</div></div></div>");
}

static void legend(struct web_ctx *c, struct buf *b, bool officer_drill)
{
	html_raw(b, "<p class=\"note\" id=\"report-legend\">");
	html_txtf(b, L(c, "Chỉ số hài lòng = số câu trả lời hài lòng ÷ tổng số câu trả lời × 100, kèm khoảng tin cậy 95 %% "
			  "(Wilson) và n. Xếp hạng theo cận dưới của khoảng. Nhóm có n < %d: chưa đủ để xếp hạng. Cán bộ "
			  "có dưới %d câu trả lời chỉ ghi “< 5”. Dòng tô đỏ: dưới mục tiêu %d %%.",
		       "Satisfaction index = satisfied answers ÷ all answers × 100, with its 95 %% (Wilson) interval and "
		       "n. Ranked by the interval's lower bound. Groups with n < %d: too few to rank. Officers with "
		       "fewer than %d answers show “< 5” only. Rows in red: below the %d %% target."),
		  INDEX_MIN_RANK, REPORT_MIN_SHOWN, c->conf->target_percent);
	if (officer_drill)
		html_txtf(b, L(c, " Mỗi dòng ở đây là số liệu của riêng cán bộ này: dòng có dưới %d câu trả lời cho câu hỏi "
				  "về công chức, hoặc cho một câu hỏi được hiển thị, chỉ ghi “< 5”.",
			       " Each row here is this officer's own figure: a row under %d answers to the officer question, "
			       "or to a question shown, shows “< 5” only."),
			  REPORT_MIN_SHOWN);
	html_raw(b, "</p>");
}

/* The tabs of a drill-down subject: its own figures and each breakdown the roll-ups keep. */
static void drill_tabs(struct web_ctx *c, struct buf *b, int dim, int subject_dim, const char *subject,
		       const struct report_view_query *q)
{
	static const int officer_tabs[] = { ROLLUP_OFFICER, ROLLUP_PROCEDURE, ROLLUP_COUNTER };
	static const int procedure_tabs[] = { ROLLUP_PROCEDURE, ROLLUP_COUNTER };
	const int *tabs_of = subject_dim == ROLLUP_OFFICER ? officer_tabs : procedure_tabs;
	size_t n = subject_dim == ROLLUP_OFFICER ? 3 : 2;

	html_raw(b, "<ul class=\"tabs no-print\" id=\"drill-tabs\">");
	for (size_t i = 0; i < n; i++) {
		struct buf u = { 0 };
		buf_puts(&u, "/bao-cao/");
		buf_puts(&u, report_view_slug(tabs_of[i]));
		buf_puts(&u, subject_dim == ROLLUP_OFFICER ? "?officer=" : "?procedure=");
		html_url(&u, subject);
		buf_puts(&u, "&");
		if (q->site) {
			buf_puts(&u, "site=");
			html_url(&u, q->site);
			buf_puts(&u, "&");
		}
		report_view_period_query(&u, q);
		html_raw(b, tabs_of[i] == dim ? "<li><a aria-current=\"page\" href=\"" : "<li><a href=\"");
		html_attr(b, u.p);
		html_raw(b, "\" data-drill=\"");
		html_attr(b, report_dim_name(tabs_of[i]));
		html_raw(b, "\">");
		if (tabs_of[i] == subject_dim)
			html_txt(b, L(c, "Số liệu chung", "Overall"));
		else
			html_txt(b, report_view_dim_label(c, tabs_of[i]));
		html_raw(b, "</a></li>");
		if (u.failed)
			b->failed = true;
		buf_free(&u);
	}
	html_raw(b, "</ul>");
}

/* Refuses a filter the report of dim cannot take; 0 when it can. */
static int check_filters(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int dim,
			 const struct report_view_query *q)
{
	if (q->officer && q->procedure)
		return web_fail(c, rq, rs, 400, "procedure",
				"chỉ chọn một cán bộ hoặc một thủ tục (không có số liệu theo cả hai cùng lúc)",
				"give an officer or a procedure, not both (no figures are kept by both at once)");
	if (q->officer && dim == ROLLUP_SITE)
		return web_fail(c, rq, rs, 400, "officer", "báo cáo theo đơn vị không lọc theo cán bộ",
				"the sites report has no officer filter");
	if (q->procedure && (dim == ROLLUP_SITE || dim == ROLLUP_OFFICER))
		return web_fail(c, rq, rs, 400, "procedure",
				"thủ tục chỉ xem được theo quầy (không có số liệu cán bộ × thủ tục theo thủ tục)",
				"a procedure breaks down by counter only");
	if (q->officer && !q->site)
		return web_fail(c, rq, rs, 400, "site", "cần chọn một đơn vị để xem một cán bộ (mã cán bộ là của từng đơn vị)",
				"choose a site to see one officer (officer codes are each site's own)");
	return 0;
}

/* Loads the figures and writes the page's content (all but the shell) into rs->body. */
static int write_report(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int dim,
			struct report_view_query *qp, int subject_dim, const char *subject, bool breakdown)
{
	struct buf *b = &rs->body;
	struct report_view_query q = *qp;
	struct report_view v = { 0 }, sv = { 0 };
	int rc = HL_OK;

	if (subject) {
		/* The subject's own figures, from its own dimension's table (with the period before). */
		struct report_view_query sq = q;
		sq.q = report_dim_question(subject_dim);
		if ((rc = report_view_load(c, &sv, subject_dim, &sq, true)) == HL_OK)
			rc = report_view_trend_load(c, &sv, subject_dim, subject);
		if (rc == HL_OK && breakdown &&
		    (rc = report_view_load_drill(c, &v, dim, &q, q.officer, q.procedure, true)) == HL_OK)
			rc = report_view_trend_load(c, &v, dim, NULL);
	} else if ((rc = report_view_load(c, &v, dim, &q, true)) == HL_OK) {
		rc = report_view_trend_load(c, &v, dim, NULL);
	}
	if (rc != HL_OK) {
		report_view_free(&v);
		report_view_free(&sv);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được số liệu.", "The figures could not be read.");
	}

	html_raw(b, "<h1>");
	html_txt(b, L(c, "Báo cáo: ", "Report: "));
	html_txt(b, report_view_dim_label(c, dim));
	html_raw(b, " <span class=\"muted\">");
	html_txt(b, q.period.label);
	if (q.site) {
		char site[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
		html_txt(b, " · ");
		html_txt(b, layout_site_label(c, q.site, site, sizeof site));
	} else {
		html_txt(b, L(c, " · tất cả đơn vị", " · every site"));
	}
	html_raw(b, "</span></h1>");
	tabs(c, b, dim, &q);
	const bool both_q = report_dim_question(dim) < 0 || breakdown;
	{
		const char *keep[] = { "site", q.site, "q", both_q && q.q != report_dim_question(breakdown ? subject_dim : ROLLUP_OFFICER)
								? survey_question_key(q.q) : NULL,
				       "officer", is_officer(c) ? NULL : q.officer, "procedure", q.procedure, NULL, NULL };
		/* layout_period_picker stops at the first NULL name: drop empty pairs first. */
		const char *h[12];
		size_t nh = 0;
		for (size_t i = 0; keep[i]; i += 2)
			if (keep[i + 1]) {
				h[nh++] = keep[i];
				h[nh++] = keep[i + 1];
			}
		h[nh] = NULL;
		h[nh + 1] = NULL;
		layout_period_picker(c, b, &q.period, h);
	}
	/* The site, question and order of a table: not for an officer, who sees their own rows only. */
	if (!is_officer(c))
		filters(c, b, &q, subject ? &sv : &v, both_q);
	else if (breakdown)
		filters(c, b, &q, &v, both_q);

	if (subject) {
		const struct report_row *srow = report_view_find(&sv.r, q.site, subject);
		struct report_view_query sq = q;
		sq.q = report_dim_question(subject_dim);
		sq.sort = RV_SORT_RANK;
		sq.desc = true;
		html_raw(b, "<section id=\"drill\" data-subject=\"");
		html_attr(b, report_dim_column(subject_dim));
		html_raw(b, "\"><h2>");
		html_txtf(b, "%s %s ", L(c, "Số liệu của", "Figures of"), report_view_dim_one(c, subject_dim));
		html_txt(b, subject);
		if (srow && srow->name) {
			html_txt(b, " — ");
			html_txt(b, srow->name);
		}
		html_raw(b, "</h2>");
		report_view_table(c, b, &sv, &sq,
				  &(struct report_view_table){ .id = "drill-subject", .only_code = subject, .links = false });
		drill_tabs(c, b, dim, subject_dim, subject, &q);
		if (breakdown) {
			html_raw(b, "<h3 id=\"drill-title\">");
			html_txt(b, report_view_dim_label(c, dim));
			html_txt(b, L(c, " của ", " of this "));
			html_txt(b, report_view_dim_one(c, subject_dim));
			html_txt(b, L(c, " này", ""));
			html_raw(b, "</h3>");
			report_view_table(c, b, &v, &q,
					  &(struct report_view_table){ .id = "report", .rank = true, .links = true });
			report_view_trend(c, b, &v, q.q);
		} else {
			report_view_trend(c, b, &sv, sq.q);
		}
		html_raw(b, "</section>");
	} else {
		html_raw(b, "<section id=\"report-section\">");
		if (v.r.total.ratings)
			summary(c, b, &v, q.q);
		report_view_table(c, b, &v, &q,
				  &(struct report_view_table){ .id = "report", .rank = true, .links = true });
		report_view_trend(c, b, &v, q.q);
		html_raw(b, "</section>");
	}
	if (!subject || breakdown)
		downloads(c, b, dim, &q);
	legend(c, b, breakdown && q.officer);
	report_view_free(&v);
	report_view_free(&sv);
	return 200;
}

static int reports_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct buf *b = &rs->body;
	struct report_view_query q;
	int dim = report_view_slug_parse(rq->args[0]), st;
	int subject_dim = -1;
	const char *subject = NULL;
	char title[128];

	if (dim < 0)
		return web_fail(c, rq, rs, 404, "dim", "không có báo cáo này (can-bo, thu-tuc, quay hoặc don-vi)",
				"no such report (can-bo, thu-tuc, quay or don-vi)");
	if ((st = report_view_query(c, rq, rs, dim, false, &q)) != 0)
		return st;
	if (is_officer(c)) {
		/* An officer: their own figures only — no site-wide table, no colleague's drill-down. */
		if (dim == ROLLUP_SITE)
			return web_fail(c, rq, rs, 403, NULL, "Cán bộ chỉ xem được số liệu của chính mình.",
					"An officer sees their own figures only.");
		if (!q.site || !c->user->officer[0])
			return web_fail(c, rq, rs, 403, NULL, "Tài khoản cán bộ chưa gắn với đơn vị và mã cán bộ.",
					"This officer account has no site or officer code.");
		if (strcmp(q.officer, c->user->officer) != 0)
			return web_fail(c, rq, rs, 403, "officer", "Cán bộ chỉ xem được số liệu của chính mình.",
					"An officer sees their own figures only.");
		if (q.procedure)
			return web_fail(c, rq, rs, 403, "procedure", "Cán bộ chỉ xem được số liệu của chính mình.",
					"An officer sees their own figures only.");
	}
	if ((st = check_filters(c, rq, rs, dim, &q)) != 0)
		return st;
	if (q.officer) {
		subject_dim = ROLLUP_OFFICER;
		subject = q.officer;
	} else if (q.procedure) {
		subject_dim = ROLLUP_PROCEDURE;
		subject = q.procedure;
	}
	/* A drill-down proper (the subject's breakdown) or the subject's own row (dim is its own). */
	const bool breakdown = subject && dim != subject_dim;

	snprintf(title, sizeof title, "%s · %s", L(c, "Báo cáo", "Reports"), report_view_dim_label(c, dim));
	layout_begin(c, rs, title, NAV_REPORTS);
	/* Many people ask for the same table within seconds: its content is kept for cache_seconds
	 * (the shell, with the user's name and CSRF token, is made for each). */
	struct buf key = { 0 };
	int64_t now_ms = cache_now_ms();
	size_t mark = b->len;
	int ttl = c->conf->cache_seconds * 1000;
	page_cache_key(&key, c, rq, "report", false);
	if (key.failed || !cache_get(cache_global(), key.p, now_ms, ttl, b)) {
		if ((st = write_report(c, rq, rs, dim, &q, subject_dim, subject, breakdown)) != 200) {
			buf_free(&key);
			return st;
		}
		if (!key.failed && !b->failed)
			cache_put(cache_global(), key.p, b->p + mark, b->len - mark, now_ms);
	}
	buf_free(&key);
	layout_end(c, rs);
	return 200;
}

static int reports_index(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	(void)c;
	(void)rq;
	http_redirect(rs, "/bao-cao/can-bo");
	return 303;
}

const struct web_route page_reports_routes[] = {
	{ HTTP_GET, "/bao-cao", WEB_R_ANY, reports_index },
	{ HTTP_GET, "/bao-cao/:dim", WEB_R_ANY, reports_page },
	{ 0 },
};
