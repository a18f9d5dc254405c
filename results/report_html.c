/* SPDX-License-Identifier: MIT
 * report_html.c — the HTML report (report_html.h): one self-contained page, no scripts and no
 * outside resources (its CSP allows inline style only), with the open flags at the top, summary
 * cards, inline SVG charts (ranked indices with their intervals, the weekly trend, the reasons) and
 * the detailed table. Every string from the database goes through html() below. It owns nothing:
 * the report is borrowed and the stream is the caller's; the privacy rule and the ranking come from
 * report.c (report_shown, report_order), so the page and the other formats cannot disagree. */
#include "report_html.h"

#include "flags.h"
#include "hl.h"
#include "report_chart.h"
#include "i18n.h"
#include "numfmt.h"
#include "roster.h"
#include "survey.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- HTML -------------------------------------------------------------------------------------- */

static void html(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

static const char *report_html_style =
	"body{font-family:'Inter','DejaVu Sans',Arial,sans-serif;margin:0;background:#f3f5f8;color:#1f2933}"
	"header{background:#0b4f8a;color:#fff;padding:20px 32px}header h1{margin:0 0 6px;font-size:26px}"
	"header p{margin:0;opacity:.9}main{padding:20px 32px;max-width:1280px}"
	"section{background:#fff;border:1px solid #d9e0e7;border-radius:10px;padding:16px 20px;margin:0 0 18px}"
	"h2{font-size:19px;margin:0 0 12px;color:#0b4f8a}table{border-collapse:collapse;width:100%;font-size:14px}"
	"th,td{border-bottom:1px solid #e4e9ee;padding:6px 8px;text-align:left;vertical-align:top}"
	"th{background:#f7f9fb;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".cards{display:flex;gap:14px;flex-wrap:wrap;margin:0 0 18px}.card{flex:1 1 200px;background:#fff;border:1px solid #d9e0e7;"
	"border-radius:10px;padding:14px 18px}.card .v{font-size:30px;font-weight:700;color:#0b4f8a}"
	".card .l{color:#52606d;font-size:14px}.flag-open{color:#c62828;font-weight:600}.muted{color:#52606d}"
	".small{font-size:13px}.ok{color:#2e7d32}svg text{font-family:inherit}"
	/* A site's name in the table keeps a few words to a line, not one. */
	"td.site{min-width:9em}td.site span{white-space:nowrap}"
	/* A phone: less padding, and a table too wide for it scrolls inside its section, not the page. */
	"@media screen and (max-width:760px){header{padding:14px 12px}header h1{font-size:21px}main{padding:10px}"
	"section{padding:12px 10px}table{display:block;overflow-x:auto}}"
	/* A4: no backgrounds to waste ink on, smaller tables that wrap, headings kept with what follows. */
	"@media print{@page{size:A4;margin:12mm}body{background:#fff;font-size:10pt}"
	"header{background:#fff;color:#1f2933;padding:0 0 6px;border-bottom:2px solid #1f2933}header h1{font-size:17pt}"
	"main{padding:8px 0 0;max-width:none}section{border:none;border-radius:0;padding:0;margin:0 0 12px}"
	"h2{font-size:13pt;break-after:avoid;page-break-after:avoid}.cards{gap:8px}.card{padding:6px 10px;"
	"break-inside:avoid}.card .v{font-size:18pt}table{font-size:8pt}th,td{padding:2px 4px}"
	"th{overflow-wrap:break-word}tr{break-inside:avoid;page-break-inside:avoid}}"
	/* On a phone the flags' table becomes one block per flag, each cell under its column's name. */
	"@media (max-width:640px){table.flags tr:first-child{display:none}table.flags tr{display:block;"
	"border-bottom:1px solid #d9e0e7;padding:6px 0}table.flags td{display:block;border:0;padding:2px 0}"
	"table.flags td::before{content:attr(data-label) \": \";color:#52606d;font-weight:600}"
	"table.flags td.n{text-align:left}}";

void report_html_text(FILE *out, const char *s)
{
	html(out, s);
}

void report_html_begin(FILE *out, const char *title, const char *extra_css)
{
	fputs("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
	      "<title>", out);
	html(out, title);
	fputs("</title><style>", out);
	fputs(report_html_style, out);
	if (extra_css)
		fputs(extra_css, out);
	fputs("</style></head><body>\n", out);
}


static void report_html_flags(FILE *out, const struct report *r)
{
	fputs("<section><h2>Cảnh báo cần xử lý", out);
	fprintf(out, " (%zu)</h2>", r->nflags);
	if (!r->nflags) {
		fputs("<p class=\"ok\">Không có cảnh báo đang mở.</p></section>\n", out);
		return;
	}
	/* By day, never by minute (DESIGN §8): with the queue's log a time would tell who complained. */
	fputs("<table class=\"flags\"><tr><th>#</th><th>Loại</th><th>Trạng thái</th><th>Đối tượng</th><th>Ngày mở</th>"
	      "<th>Nội dung</th></tr>\n", out);
	for (size_t i = 0; i < r->nflags; i++) {
		const struct report_flag *f = &r->flags[i];
		const char *kind = flag_kind_label(f->kind, I18N_VI), *state = flag_state_label(f->state, I18N_VI),
			   *type = flag_subject_label(f->subject_type, I18N_VI);
		char day[16];
		numfmt_day(day, sizeof day, I18N_VI, numfmt_day_of(f->opened, r->utc_offset));
		fprintf(out, "<tr><td class=\"n\" data-label=\"Số\">%lld</td><td class=\"flag-open\" data-label=\"Loại\">",
			(long long)f->id);
		html(out, kind ? kind : "?");
		fputs("</td><td data-label=\"Trạng thái\">", out);
		html(out, state ? state : "?");
		fputs("</td><td data-label=\"Đối tượng\">", out);
		html(out, type ? type : "?");
		fputs(" ", out);
		html(out, f->subject);
		if (f->subject_name && f->subject_name[0]) {
			fputs(" — ", out);
			html(out, f->subject_name);
		}
		fputs(" (", out);
		html(out, f->site_name ? f->site_name : f->site);
		fprintf(out, ")</td><td class=\"day\" data-label=\"Ngày mở\">%s</td><td data-label=\"Nội dung\">", day);
		html(out, f->summary);
		fputs("</td></tr>\n", out);
	}
	fputs("</table></section>\n", out);
}

static void report_html_card(FILE *out, const char *label, const char *value, const char *note)
{
	fputs("<div class=\"card\"><div class=\"v\">", out);
	html(out, value);
	fputs("</div><div class=\"l\">", out);
	html(out, label);
	fputs("</div>", out);
	if (note) {
		fputs("<div class=\"l small\">", out);
		html(out, note);
		fputs("</div>", out);
	}
	fputs("</div>\n", out);
}

static void report_html_cards(FILE *out, const struct report *r)
{
	char v[32], note[96];

	fputs("<div class=\"cards\">\n", out);
	snprintf(v, sizeof v, "%lld", (long long)r->total.ratings);
	report_html_card(out, "Số lượt đánh giá", v, NULL);
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		const struct index_q *x = &r->total.q[q];
		char lo[16], hi[16];
		if (!report_question_asked(r, q))
			continue;
		report_num(v, sizeof v, x->satisfaction);
		if (!isnan(x->satisfaction))
			strcat(v, " %");
		snprintf(note, sizeof note, "95 %%: %s–%s %% · n = %lld", numfmt_num(lo, sizeof lo, I18N_VI, isnan(x->sat_lo) ? 0 : x->sat_lo, 1),
			 numfmt_num(hi, sizeof hi, I18N_VI, isnan(x->sat_hi) ? 0 : x->sat_hi, 1), (long long)x->n);
		report_html_card(out, report_question_title(q, true), v, note);
	}
	report_num(v, sizeof v, r->total.rate766);
	if (!isnan(r->total.rate766))
		strcat(v, " %");
	report_html_card(out, "Không có ý kiến chưa hài lòng (QĐ 766)", v, NULL);
	fputs("</div>\n", out);
}

static void report_html_table(FILE *out, const struct report *r, const size_t *order)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);
	static const char *const dim_vi[ROLLUP_DIM_COUNT] = { "Quầy", "Công chức", "Thủ tục", "Đơn vị" };

	bool by_site = r->dim == ROLLUP_SITE; /* a site has no code or name of its own */
	/* A report of one site names it in its header: its rows' cells keep the code. */
	bool names = by_site || !r->site;

	fputs("<table><tr><th>Hạng</th><th>Đơn vị</th>", out);
	if (!by_site)
		fprintf(out, "<th>%s</th><th>Tên</th>", dim_vi[r->dim]);
	for (int i = 0; i < nq; i++)
		fprintf(out, "<th>n</th><th>%s</th><th>Khoảng tin cậy 95%%</th><th>Chưa hài lòng</th><th>Điểm TB (0–100)</th>",
			report_question_title(qs[i], true));
	fputs("<th>QĐ 766</th></tr>\n", out);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[order[k]];
		bool shown = report_shown(r, row);
		fputs("<tr><td class=\"n\">", out);
		if (row->g.q[qs[0]].rankable && shown)
			fprintf(out, "%zu", k + 1);
		else
			fputs("<span class=\"muted\">—</span>", out);
		fputs("</td><td class=\"site\">", out);
		if (names && row->site_name) {
			html(out, row->site_name);
			fputs(" <span class=\"muted small\">", out);
			html(out, row->site);
			fputs("</span>", out);
		} else {
			html(out, row->site);
		}
		if (!by_site) {
			fputs("</td><td>", out);
			html(out, row->code[0] ? row->code : "(không rõ)");
			fputs("</td><td>", out);
			html(out, row->name ? row->name : "");
		}
		fputs("</td>", out);
		for (int i = 0; i < nq; i++) {
			const struct index_q *x = &row->g.q[qs[i]];
			char v[16], lo[16], hi[16], d[16], m[16];
			if (!shown) {
				fputs("<td class=\"n\">&lt; 5</td><td></td><td></td><td></td><td></td>", out);
				continue;
			}
			report_num(v, sizeof v, x->satisfaction);
			report_num(lo, sizeof lo, x->sat_lo);
			report_num(hi, sizeof hi, x->sat_hi);
			report_num(d, sizeof d, x->dissatisfaction);
			report_num(m, sizeof m, x->mean100);
			fprintf(out, "<td class=\"n\">%lld%s</td><td class=\"n\">%s</td><td class=\"n\">%s–%s</td>"
				     "<td class=\"n\">%s</td><td class=\"n\">%s</td>",
				(long long)x->n, x->n && !x->rankable ? "*" : "", v, lo, hi, d, m);
		}
		char rate[16];
		report_num(rate, sizeof rate, shown ? row->g.rate766 : NAN);
		fprintf(out, "<td class=\"n\">%s</td></tr>\n", rate);
	}
	fputs("</table>\n", out);
}

int report_html_write(FILE *out, const struct report *r)
{
	static const char *const title_vi[ROLLUP_DIM_COUNT] = { "theo quầy", "theo công chức", "theo thủ tục hành chính",
								"theo đơn vị" };
	int qs[SURVEY_Q_COUNT];
	size_t *order = report_order(r);
	char period[64], gen[40];

	if (!order)
		return HL_ERR_NOMEM;
	report_questions(r, qs);
	report_period(r, period, sizeof period, I18N_VI);
	numfmt_time(gen, sizeof gen, I18N_VI, r->generated, r->utc_offset, false);

	report_html_begin(out, "Hài Lòng — Báo cáo mức độ hài lòng", report_chart_css);
	fprintf(out, "<header><h1>Báo cáo mức độ hài lòng %s", title_vi[r->dim]);
	if (report_subject(r)) {
		fputs(r->officer ? " của công chức " : " của thủ tục ", out);
		html(out, report_subject(r));
		if (r->subject_name) {
			fputs(" — ", out);
			html(out, r->subject_name);
		}
	}
	fputs("</h1><p>Kỳ báo cáo: ", out);
	html(out, period);
	char site[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
	fputs(" · Đơn vị: ", out);
	html(out, r->site ? report_site_label(r->site, r->site_name, site, sizeof site) : "tất cả");
	fprintf(out, " · Lập lúc %s</p></header>\n<main>\n", gen);
	report_html_flags(out, r);
	/* One officer's drill-down over fewer than five answers: no whole-table figures, no reasons. */
	bool total_shown = report_total_shown(r, &r->total);
	if (total_shown)
		report_html_cards(out, r);
	fputs("<section><h2>", out);
	fprintf(out, "Chỉ số hài lòng %s", title_vi[r->dim]);
	if (qs[0] == SURVEY_Q_PROCEDURE)
		fputs(" (câu hỏi về thủ tục và kết quả)", out);
	else
		fputs(" (câu hỏi về thái độ, hướng dẫn của công chức)", out);
	fputs("</h2>\n", out);
	if (r->nrows)
		report_chart_bars(out, r, qs[0], order);
	else
		fputs("<p class=\"muted\">Chưa có đánh giá trong kỳ.</p>\n", out);
	fputs("<p class=\"small muted\">Thanh: tỷ lệ hài lòng, kèm n (số câu trả lời). Xếp hạng theo cận dưới của khoảng "
	      "tin cậy; nhóm có dưới 30 câu trả lời (thanh nhạt viền đứt, “ít”) chưa đủ để xếp hạng.</p>"
	      "</section>\n", out);
	fputs("<section><h2>Xu hướng theo tuần</h2>\n", out);
	report_chart_trend(out, r);
	fputs("</section>\n<section><h2>Lý do chưa hài lòng</h2>\n", out);
	if (total_shown)
		report_chart_reasons(out, r);
	else
		fputs("<p class=\"muted\">&lt; 5 lượt đánh giá.</p>\n", out);
	fputs("</section>\n<section><h2>Bảng chi tiết</h2>\n", out);
	report_html_table(out, r, order);
	fprintf(out, "<p class=\"small muted\">Chỉ số hài lòng = số câu trả lời hài lòng ÷ tổng số câu trả lời × 100, kèm "
		     "khoảng tin cậy 95 %% (Wilson) và n. Chưa hài lòng = số câu trả lời chưa hài lòng ÷ tổng × 100. Điểm TB "
		     "(0–100) = (mức trung bình − 1) ÷ (số mức − 1) × 100. QĐ 766 = số lượt không có câu trả lời chưa hài "
		     "lòng và không có lý do phản ánh ÷ tổng số lượt × 100. Chỉ số về công chức chỉ dùng câu hỏi về công "
		     "chức; chỉ số về thủ tục chỉ dùng câu hỏi về thủ tục. * dưới %d câu trả lời. Công chức có dưới %d "
		     "lượt đánh giá chỉ hiện “&lt; 5”. Báo cáo không liệt kê từng lượt đánh giá.</p>\n",
		INDEX_MIN_RANK, REPORT_MIN_SHOWN);
	fputs("</section>\n</main></body></html>\n", out);
	free(order);
	return HL_OK;
}
