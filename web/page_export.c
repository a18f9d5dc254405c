/* SPDX-License-Identifier: MIT
 * page_export.c — Xuất dữ liệu: the form (/xuat-du-lieu), the report downloads (report.csv,
 * report.json: the very bytes `hailong-aggregator report DIM --site S --month M --format csv|json`
 * writes, through the same report_load and report_write), the SIPAS export (sipas.csv, sipas.json:
 * sipas_write with the weights parsed by sipas_weights_parse, as the aggregator's) and the print
 * view (/xuat-du-lieu/in: the report as a clean A4 page). A province user or an admin exports every
 * site, a head only their own (403 otherwise, also for the files). Output goes through html.h, or is
 * the report module's own file format. */
#include "conf.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "i18n.h"
#include "report.h"
#include "roster.h"
#include "sipas.h"
#include "report_load.h"
#include "report_view.h"
#include "store.h"
#include "store_roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- files ------------------------------------------------------------------------------------- */

/* The dim parameter: "officers", "procedures", "counters" or "sites" (report_dim_parse). -1 after
 * answering 400. */
static int want_dim(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *d = http_param(&rq->query, "dim");
	int dim = d ? report_dim_parse(d) : -1;

	if (dim < 0)
		web_fail(c, rq, rs, 400, "dim", "phải là officers, procedures, counters hoặc sites",
			 "must be officers, procedures, counters or sites");
	return dim;
}

/* The file's name part for the period: "2026-11", "2026-Q4", "2026", "2026-11-01_2026-11-15", "all". */
static void period_name(const struct report_view_query *q, char *out, size_t cap)
{
	if (q->all_time) {
		snprintf(out, cap, "all");
	} else if (strcmp(q->period.kind, "range") == 0) {
		char a[11], z[11];
		period_format_day(q->period.days.from, a);
		period_format_day(q->period.days.to, z);
		snprintf(out, cap, "%s_%s", a, z);
	} else {
		snprintf(out, cap, "%s", q->period.value);
	}
}

/* Hands the bytes of a memstream to the response as a download named name. */
static int send_file(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int rc, char *data,
		     size_t len, bool json, const char *name)
{
	char disp[200];

	if (rc != HL_OK || !data) {
		free(data);
		return web_fail(c, rq, rs, 500, NULL, "Không lập được tệp.", "The file could not be made.");
	}
	buf_reset(&rs->body);
	buf_put(&rs->body, data, len);
	free(data);
	rs->download = true;
	rs->type = json ? "application/json" : "text/csv; charset=utf-8";
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
	http_header_add(rs, "Content-Disposition", disp);
	rs->status = 200;
	return 200;
}

static int report_file(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool json)
{
	struct report_view_query q;
	struct report_buffers *bufs = NULL;
	char *data = NULL, name[160], per[40];
	size_t len = 0;
	int dim, st, rc;
	FILE *f;

	if ((dim = want_dim(c, rq, rs)) < 0)
		return 400;
	if ((st = report_view_query(c, rq, rs, dim, true, &q)) != 0)
		return st;
	/* As cmd_report: the report as asked, loaded without the HTML parts, written by report_write. */
	struct report r = { .dim = dim, .days = q.period.days, .all_time = q.all_time, .site = q.site,
			    .generated = c->now, .utc_offset = c->utc_offset, .officer = q.officer,
			    .procedure = q.procedure };
	/* A drill-down's file: the same filter as `report DIM --site S --officer X` (or --procedure P). */
	if (q.officer && !q.site)
		return web_fail(c, rq, rs, 400, "site", "mã cán bộ thuộc từng đơn vị: cần chọn đơn vị",
				"an officer code belongs to one site: give the site");
	if (report_load_pair_dim(&r) == -2)
		return web_fail(c, rq, rs, 400, q.officer ? "officer" : "procedure",
				"không có bảng chi tiết này (cán bộ → thủ tục hoặc quầy; thủ tục → quầy)",
				"no such breakdown (an officer's procedures or counters; a procedure's counters)");
	rc = report_load(c->store, &r, false, &bufs);
	if (rc == HL_OK) {
		if (!(f = open_memstream(&data, &len)))
			rc = HL_ERR_NOMEM;
		else {
			rc = report_write(f, json ? REPORT_JSON : REPORT_CSV, &r);
			if (fclose(f) != 0 && rc == HL_OK)
				rc = HL_ERR_IO;
		}
	}
	report_load_free(bufs);
	period_name(&q, per, sizeof per);
	const char *subject = q.officer ? q.officer : q.procedure;
	snprintf(name, sizeof name, "hailong-%s%s%s%s%s-%s.%s", report_dim_name(dim), q.site ? "-" : "", q.site ? q.site : "",
		 subject ? "-" : "", subject ? subject : "", per, json ? "json" : "csv");
	return send_file(c, rq, rs, rc, data, len, json, name);
}

static int report_csv(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return report_file(c, rq, rs, false);
}

static int report_json(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return report_file(c, rq, rs, true);
}

static int sipas_file(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool json)
{
	const char *year = http_param(&rq->query, "year"), *site = NULL;
	struct sipas_export x = { 0 };
	char why[160];
	struct period_range span;
	struct rollup_list rows = { 0 };
	struct report_row *sites = NULL;
	struct roster *names = NULL;
	struct index_group total;
	char *data = NULL, name[160];
	size_t len = 0;
	int rc;
	FILE *f;

	if (!year || strlen(year) != 4 || period_parse(year, &span) != HL_OK)
		return web_fail(c, rq, rs, 400, "year", "phải là năm dạng YYYY", "must be a year, YYYY");
	rc = layout_site(c, rq, &site);
	if (rc == HL_ERR_INVALID)
		return web_fail(c, rq, rs, 400, "site", "mã đơn vị không hợp lệ (chữ thường, số, dấu gạch ngang)",
				"not a site code (lowercase letters, digits, hyphens)");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không được xuất dữ liệu của đơn vị này.",
				"You may not export this site.");
	if (sipas_weights_parse(c->conf->sipas_weights, x.weights, why, sizeof why) != HL_OK)
		return web_fail(c, rq, rs, 500, "sipas_weights", "Trọng số SIPAS trong cấu hình không hợp lệ.",
				"The configured SIPAS weights are not valid.");
	x.year = atoi(year);
	x.generated = c->now;
	/* As cmd_export: the sites' roll-ups over the year, grouped, then sipas_write. */
	rc = store_query(c->store, ROLLUP_SITE, span, site, rollup_list_push, &rows);
	if (rc == HL_OK)
		rc = report_group(rows.v, rows.n, &sites, &x.nsites, &total);
	if (rc == HL_OK)
		rc = store_roster_site_names(c->store, site, &names);
	if (rc == HL_OK) {
		report_site_names(sites, x.nsites, true, names);
		x.sites = sites;
		if (!(f = open_memstream(&data, &len)))
			rc = HL_ERR_NOMEM;
		else {
			rc = sipas_write(f, json ? REPORT_JSON : REPORT_CSV, &x);
			if (fflush(f) != 0 && rc == HL_OK)
				rc = HL_ERR_IO;
			if (fclose(f) != 0 && rc == HL_OK)
				rc = HL_ERR_IO;
		}
	}
	free(sites);
	roster_free(names);
	rollup_list_free(&rows);
	snprintf(name, sizeof name, "hailong-sipas%s%s-%s.%s", site ? "-" : "", site ? site : "", year, json ? "json" : "csv");
	return send_file(c, rq, rs, rc, data, len, json, name);
}

static int sipas_csv(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return sipas_file(c, rq, rs, false);
}

static int sipas_json(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return sipas_file(c, rq, rs, true);
}

/* ---- the print view ---------------------------------------------------------------------------- */

static int print_view(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct buf *b = &rs->body;
	struct report_view_query q;
	struct report_view v;
	char title[160], when[32], period[64];
	int dim, st, rc;

	if ((dim = want_dim(c, rq, rs)) < 0)
		return 400;
	if ((st = report_view_query(c, rq, rs, dim, true, &q)) != 0)
		return st;
	rc = report_view_load(c, &v, dim, &q, true);
	if (rc == HL_OK)
		rc = report_view_trend_load(c, &v, dim, NULL);
	if (rc != HL_OK) {
		report_view_free(&v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được số liệu.", "The figures could not be read.");
	}
	snprintf(title, sizeof title, "%s %s", L(c, "Chỉ số hài lòng theo", "Satisfaction by"),
		 report_view_dim_one(c, dim));
	layout_begin(c, rs, title, NAV_EXPORT);
	html_raw(b, "<article class=\"print-view\" id=\"print-view\"><h1>");
	html_txt(b, title);
	html_raw(b, "</h1><p class=\"meta\">");
	html_txt(b, q.period.label);
	if (!q.all_time) {
		char from[16], to[16];
		layout_day(c, v.r.days.from, from, sizeof from);
		layout_day(c, v.r.days.to, to, sizeof to);
		snprintf(period, sizeof period, "%s – %s", from, to);
		html_txtf(b, " (%s)", period);
	}
	html_txt(b, " · ");
	html_txt(b, q.site ? q.site : L(c, "tất cả đơn vị", "every site"));
	layout_time(c, c->now, when, sizeof when);
	html_txt(b, L(c, " · lập lúc ", " · made at "));
	html_txt(b, when);
	html_txtf(b, L(c, " · %lld lượt đánh giá", " · %lld ratings"), (long long)v.r.total.ratings);
	html_raw(b, "</p><p class=\"no-print note\">");
	html_txt(b, L(c, "Dùng lệnh In của trình duyệt (Ctrl+P), khổ A4 dọc. ", "Use the browser's Print (Ctrl+P), A4 portrait. "));
	html_raw(b, "<a href=\"/xuat-du-lieu\">");
	html_txt(b, L(c, "Về trang Xuất dữ liệu", "Back to Export"));
	html_raw(b, "</a></p>");
	report_view_table(c, b, &v, &q, &(struct report_view_table){ .id = "report", .rank = true, .print = true });
	report_view_trend(c, b, &v, q.q);
	html_raw(b, "<p class=\"note\">");
	html_txtf(b, L(c, "Chỉ số hài lòng = số câu trả lời hài lòng ÷ tổng số câu trả lời × 100, khoảng tin cậy 95 %% "
			  "(Wilson); xếp hạng theo cận dưới của khoảng; n < %d: chưa đủ để xếp hạng; cán bộ dưới %d câu "
			  "trả lời: “< 5”; mục tiêu %d %%.",
		       "Satisfaction index = satisfied answers ÷ all answers × 100, 95 %% (Wilson) interval; ranked by "
		       "the interval's lower bound; n < %d: too few to rank; officers under %d answers: “< 5”; target "
		       "%d %%."),
		  INDEX_MIN_RANK, REPORT_MIN_SHOWN, c->conf->target_percent);
	html_raw(b, "</p></article>");
	layout_end(c, rs);
	report_view_free(&v);
	return 200;
}

/* ---- the form ---------------------------------------------------------------------------------- */

static void option(struct buf *b, const char *value, const char *label, bool selected)
{
	html_raw(b, selected ? "<option selected value=\"" : "<option value=\"");
	html_attr(b, value);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</option>");
}

static void button(struct buf *b, const char *action, const char *label, bool secondary)
{
	html_raw(b, secondary ? "<button type=\"submit\" class=\"secondary\" formaction=\""
			      : "<button type=\"submit\" formaction=\"");
	html_attr(b, action);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</button> ");
}

/* The period fields of the report form (the names layout_period reads, plus kind=all). */
static void period_fields(struct web_ctx *c, struct buf *b)
{
	int y, m, d;
	char v[32];

	period_civil_from_day(period_day_of(c->now, c->utc_offset), &y, &m, &d);
	html_raw(b, "<fieldset><legend>");
	html_txt(b, L(c, "Kỳ", "Period"));
	html_raw(b, "</legend><label>");
	html_txt(b, L(c, "Loại kỳ", "Kind"));
	html_raw(b, " <select name=\"kind\">");
	option(b, "month", L(c, "Tháng", "Month"), true);
	option(b, "quarter", L(c, "Quý", "Quarter"), false);
	option(b, "year", L(c, "Năm", "Year"), false);
	option(b, "range", L(c, "Từ ngày – đến ngày", "From – to"), false);
	option(b, "all", L(c, "Toàn bộ dữ liệu", "All stored data"), false);
	html_raw(b, "</select></label> <label>");
	html_txt(b, L(c, "Tháng", "Month"));
	snprintf(v, sizeof v, "%04d-%02d", y, m);
	html_raw(b, " <input type=\"month\" name=\"month\" value=\"");
	html_attr(b, v);
	html_raw(b, "\"></label> <label>");
	html_txt(b, L(c, "Quý", "Quarter"));
	html_raw(b, " <select name=\"quarter\">");
	for (int i = 0; i < 8; i++) {
		int qn = (m - 1) / 3 + 1 - i, qy = y;
		while (qn < 1) {
			qn += 4;
			qy--;
		}
		snprintf(v, sizeof v, "%04d-Q%d", qy, qn);
		option(b, v, v, i == 0);
	}
	html_raw(b, "</select></label> <label>");
	html_txt(b, L(c, "Năm", "Year"));
	html_raw(b, " <select name=\"year\">");
	for (int i = 0; i < 6; i++) {
		snprintf(v, sizeof v, "%04d", y - i);
		option(b, v, v, i == 0);
	}
	html_raw(b, "</select></label> <label>");
	html_txt(b, L(c, "Từ", "From"));
	html_raw(b, " <input type=\"date\" name=\"from\"></label> <label>");
	html_txt(b, L(c, "Đến", "To"));
	html_raw(b, " <input type=\"date\" name=\"to\"></label></fieldset>");
}

static int export_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct buf *b = &rs->body;
	const char *site = NULL;
	double w[SIPAS_EL_COUNT];
	int y, m, d;
	char v[16], why[160];

	if (layout_site(c, rq, &site) != HL_OK)
		site = NULL;
	period_civil_from_day(period_day_of(c->now, c->utc_offset), &y, &m, &d);
	layout_begin(c, rs, L(c, "Xuất dữ liệu", "Export"), NAV_EXPORT);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Xuất dữ liệu", "Export"));
	html_raw(b, "</h1><section id=\"export-report\"><h2>");
	html_txt(b, L(c, "Báo cáo chỉ số hài lòng", "Satisfaction reports"));
	html_raw(b, "</h2><p class=\"note\">");
	html_txt(b, L(c, "Tệp CSV và JSON giống hệt từng byte tệp mà lệnh “hailong-aggregator report … --format csv|json” "
			 "tạo ra. Khi điền nhiều kỳ, mục “Loại kỳ” quyết định kỳ nào được dùng.",
		      "The CSV and JSON files are byte for byte what “hailong-aggregator report … --format csv|json” "
		      "writes. When several periods are filled in, “Kind” decides which one counts."));
	html_raw(b, "</p><form method=\"get\" action=\"/xuat-du-lieu/report.csv\" class=\"filters\" id=\"export-form\">"
		    "<label>");
	html_txt(b, L(c, "Báo cáo", "Report"));
	html_raw(b, " <select name=\"dim\">");
	option(b, "officers", L(c, "Theo cán bộ", "By officer"), true);
	option(b, "procedures", L(c, "Theo thủ tục", "By procedure"), false);
	option(b, "counters", L(c, "Theo quầy", "By counter"), false);
	option(b, "sites", L(c, "Theo đơn vị", "By site"), false);
	html_raw(b, "</select></label>");
	report_view_site_select(c, b, NULL, site, true);
	period_fields(c, b);
	html_raw(b, "<div>");
	button(b, "/xuat-du-lieu/report.csv", L(c, "Tải CSV", "Download CSV"), false);
	button(b, "/xuat-du-lieu/report.json", L(c, "Tải JSON", "Download JSON"), false);
	button(b, "/xuat-du-lieu/in", L(c, "Xem bản in (A4)", "Print view (A4)"), true);
	html_raw(b, "</div></form></section>");

	sipas_weights_parse(c->conf->sipas_weights, w, why, sizeof why); /* checked when the config loaded */
	html_raw(b, "<section id=\"export-sipas\"><h2>");
	html_txt(b, L(c, "Xuất cho SIPAS", "SIPAS export"));
	html_raw(b, "</h2><p class=\"note\">");
	html_txt(b, L(c, "Mỗi đơn vị: chỉ số từng yếu tố SIPAS (QĐ 1001/QĐ-BNV năm 2023) kèm n, mỗi câu hỏi trên thiết bị "
			 "chỉ tính cho một yếu tố; yếu tố không có câu hỏi ghi “chưa có dữ liệu”, không ghi 0. Chỉ số chung "
			 "= Σ wₑ·Iₑ ÷ Σ wₑ trên các yếu tố có dữ liệu (trọng số: sipas_weights). Công thức ghi kèm trong tệp.",
		      "Per site: one index per SIPAS element (QĐ 1001/QĐ-BNV, 2023) with n; each terminal question feeds "
		      "one element, and an element no question feeds is “no data”, never 0. Overall = Σ wₑ·Iₑ ÷ Σ wₑ over "
		      "the elements with data (weights: sipas_weights). The formula is in the file."));
	html_raw(b, "</p><table class=\"sipas-map\"><thead><tr><th scope=\"col\">");
	html_txt(b, L(c, "Yếu tố SIPAS", "SIPAS element"));
	html_raw(b, "</th><th scope=\"col\">");
	html_txt(b, L(c, "Câu hỏi trên thiết bị", "Terminal question"));
	html_raw(b, "</th><th scope=\"col\" class=\"num\">");
	html_txt(b, L(c, "Trọng số", "Weight"));
	html_raw(b, "</th></tr></thead><tbody>");
	for (int e = 0; e < SIPAS_EL_COUNT; e++) {
		int q = sipas_element_question(e);
		html_raw(b, "<tr><td>");
		html_txt(b, sipas_element_name(e, c->lang));
		html_raw(b, "</td><td>");
		if (q >= 0)
			html_txt(b, i18n_question(c->lang, q));
		else
			html_txt(b, L(c, "không có — chưa có dữ liệu", "none — no data"));
		html_raw(b, "</td><td class=\"num\">");
		html_txtf(b, "%g", w[e]);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table><p class=\"note\">");
	html_txt(b, L(c, "Yếu tố kết quả dịch vụ có dữ liệu khi thiết bị hỏi thêm câu “Kết quả giải quyết” "
			 "(questions = all trong cấu hình thiết bị).",
		      "The result element has data where terminals also ask “Kết quả giải quyết” (questions = all in the "
		      "terminal's config)."));
	html_raw(b, "</p><form method=\"get\" action=\"/xuat-du-lieu/sipas.csv\" class=\"filters\" id=\"sipas-form\"><label>");
	html_txt(b, L(c, "Năm", "Year"));
	html_raw(b, " <select name=\"year\">");
	for (int i = 0; i < 6; i++) {
		snprintf(v, sizeof v, "%04d", y - i);
		option(b, v, v, i == 0);
	}
	html_raw(b, "</select></label>");
	report_view_site_select(c, b, NULL, site, true);
	html_raw(b, "<div>");
	button(b, "/xuat-du-lieu/sipas.csv", L(c, "Tải CSV", "Download CSV"), false);
	button(b, "/xuat-du-lieu/sipas.json", L(c, "Tải JSON", "Download JSON"), false);
	html_raw(b, "</div></form></section>");
	layout_end(c, rs);
	return 200;
}

#define WHO_EXPORT (WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE)

const struct web_route page_export_routes[] = {
	{ HTTP_GET, "/xuat-du-lieu", WHO_EXPORT, export_page },
	{ HTTP_GET, "/xuat-du-lieu/report.csv", WHO_EXPORT, report_csv },
	{ HTTP_GET, "/xuat-du-lieu/report.json", WHO_EXPORT, report_json },
	{ HTTP_GET, "/xuat-du-lieu/sipas.csv", WHO_EXPORT, sipas_csv },
	{ HTTP_GET, "/xuat-du-lieu/sipas.json", WHO_EXPORT, sipas_json },
	{ HTTP_GET, "/xuat-du-lieu/in", WHO_EXPORT, print_view },
	{ 0 },
};
