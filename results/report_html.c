/* SPDX-License-Identifier: MIT
 * report_html.c — the HTML report (report_html.h): one self-contained page, no scripts and no
 * outside resources (its CSP allows inline style only), with the open flags at the top, summary
 * cards, inline SVG charts (ranked indices with their intervals, the weekly trend, the reasons) and
 * the detailed table. Every string from the database goes through html() below. It owns nothing:
 * the report is borrowed and the stream is the caller's; the privacy rule and the ranking come from
 * report.c (report_shown, report_order), so the page and the other formats cannot disagree. */
#include "report_html.h"

#include "hl.h"
#include "i18n.h"
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
	".small{font-size:13px}.ok{color:#2e7d32}svg text{font-family:inherit}";

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

/* Vietnamese for the flag words stored in English (kinds — as flag_kind_label says them, flags.c —
 * states, subjects); the word itself when it has no entry. */
static const char *report_vi(const char *word)
{
	static const char *const map[][2] = {
		{ "serious", "Nghiêm trọng" },   { "burst", "Nhiều ý kiến chưa hài lòng" },
		{ "trend", "Xu hướng xấu" },      { "integrity", "Bất thường thiết bị" },
		{ "stuffing", "Đánh giá nhanh bất thường" }, { "clock", "Đồng hồ thiết bị sai" },
		{ "offline", "Thiết bị mất kết nối" },      { "fault", "Lỗi thiết bị" },
		{ "open", "Đang mở" },            { "acknowledged", "Đã tiếp nhận" },
		{ "resolved", "Đã xử lý" },       { "officer", "Công chức" },
		{ "procedure", "Thủ tục" },       { "counter", "Quầy" },
		{ "terminal", "Thiết bị" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(word, map[i][0]) == 0)
			return map[i][1];
	return word;
}

static void report_html_flags(FILE *out, const struct report *r)
{
	fputs("<section><h2>Cảnh báo cần xử lý", out);
	fprintf(out, " (%zu)</h2>", r->nflags);
	if (!r->nflags) {
		fputs("<p class=\"ok\">Không có cảnh báo đang mở.</p></section>\n", out);
		return;
	}
	fputs("<table><tr><th>#</th><th>Loại</th><th>Trạng thái</th><th>Đối tượng</th><th>Mở lúc</th>"
	      "<th>Nội dung</th></tr>\n", out);
	for (size_t i = 0; i < r->nflags; i++) {
		const struct report_flag *f = &r->flags[i];
		char when[32];
		report_time(f->opened, r->utc_offset, when, sizeof when);
		fprintf(out, "<tr><td class=\"n\">%lld</td><td class=\"flag-open\">", (long long)f->id);
		html(out, report_vi(f->kind));
		fputs("</td><td>", out);
		html(out, report_vi(f->state));
		fputs("</td><td>", out);
		html(out, report_vi(f->subject_type));
		fputs(" ", out);
		html(out, f->subject);
		if (f->subject_name && f->subject_name[0]) {
			fputs(" — ", out);
			html(out, f->subject_name);
		}
		fputs(" (", out);
		html(out, f->site);
		fprintf(out, ")</td><td>%s</td><td>", when);
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
		if (!report_question_asked(r, q))
			continue;
		report_num(v, sizeof v, x->satisfaction);
		if (!isnan(x->satisfaction))
			strcat(v, " %");
		snprintf(note, sizeof note, "95%%: %.1f–%.1f %% · n = %lld", isnan(x->sat_lo) ? 0 : x->sat_lo,
			 isnan(x->sat_hi) ? 0 : x->sat_hi, (long long)x->n);
		report_html_card(out, report_question_title(q, true), v, note);
	}
	report_num(v, sizeof v, r->total.rate766);
	if (!isnan(r->total.rate766))
		strcat(v, " %");
	report_html_card(out, "Không có ý kiến chưa hài lòng (QĐ 766)", v, NULL);
	fputs("</div>\n", out);
}

/* Index per group with its interval as a whisker, ranked; the small groups greyed at the end. */
static void report_html_bars(FILE *out, const struct report *r, int q, const size_t *order)
{
	enum { ROW = 24, LABEL = 330, WIDTH = 1000, MAXROWS = 60 };
	size_t n = r->nrows < MAXROWS ? r->nrows : MAXROWS;
	int plot = WIDTH - LABEL - 170, h = (int)n * ROW + 34; /* room right of a bar for its figures */

	fprintf(out, "<svg role=\"img\" aria-label=\"chỉ số hài lòng\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		WIDTH, h, WIDTH, h);
	for (int t = 0; t <= 100; t += 20) {
		int x = LABEL + plot * t / 100;
		fprintf(out, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#e4e9ee\"/>"
			     "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#52606d\" text-anchor=\"middle\">%d</text>\n",
			x, x, h - 24, x, h - 8, t);
	}
	for (size_t k = 0; k < n; k++) {
		const struct report_row *row = &r->rows[order[k]];
		const struct index_q *x = &row->g.q[q];
		int y = (int)k * ROW;
		bool shown = report_shown(r, row) && x->n > 0;
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" fill=\"%s\">", LABEL - 8, y + 16,
			x->rankable ? "#1f2933" : "#8a96a3");
		html(out, row->name ? row->name : row->code[0] ? row->code : "(không rõ)");
		if (!r->site) {
			fputs(" · ", out);
			html(out, row->site);
		}
		fputs("</text>\n", out);
		if (!shown) {
			fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#8a96a3\">&lt; 5 lượt</text>\n", LABEL + 4,
				y + 16);
			continue;
		}
		int w = (int)(plot * x->satisfaction / 100.0);
		int lo = LABEL + (int)(plot * x->sat_lo / 100.0), hi = LABEL + (int)(plot * x->sat_hi / 100.0);
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" rx=\"3\" fill=\"%s\"/>\n", LABEL, y + 5, w,
			x->rankable ? "#2e7d32" : "#b8c4cf");
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f2933\" stroke-width=\"1.5\"/>"
			     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f2933\"/>"
			     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f2933\"/>\n",
			lo, y + 12, hi, y + 12, lo, y + 7, lo, y + 17, hi, y + 7, hi, y + 17);
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\">%.1f %% · n=%lld%s</text>\n", hi + 6,
			y + 16, x->satisfaction, (long long)x->n, x->rankable ? "" : " (ít)");
	}
	fputs("</svg>\n", out);
	if (r->nrows > n)
		fprintf(out, "<p class=\"muted small\">%zu nhóm đầu theo xếp hạng; tất cả có trong bảng dưới.</p>\n", n);
}

static void report_html_trend(FILE *out, const struct report *r)
{
	enum { W = 1000, H = 260, L = 50, B = 40, T = 10 };
	static const char *const colors[SURVEY_Q_COUNT] = { "#0b4f8a", "#f57c00", "#6a1b9a" };
	size_t n = r->nweeks;
	int pw = W - L - 20, ph = H - B - T;

	if (n == 0) {
		fputs("<p class=\"muted\">Không có dữ liệu theo tuần.</p>\n", out);
		return;
	}
	fprintf(out, "<svg role=\"img\" aria-label=\"xu hướng theo tuần\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", W,
		H, W, H);
	for (int t = 0; t <= 100; t += 25) {
		int y = T + ph - ph * t / 100;
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e4e9ee\"/>"
			     "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#52606d\" text-anchor=\"end\">%d</text>\n",
			L, y, W - 20, y, L - 6, y + 4, t);
	}
	for (size_t i = 0; i < n; i++) {
		char d[11];
		int x = L + (n == 1 ? pw / 2 : (int)((double)pw * (double)i / (double)(n - 1)));
		if (n <= 14 || i % ((n + 13) / 14) == 0) {
			period_format_day(r->weeks[i].monday, d);
			fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#52606d\" text-anchor=\"middle\">%.5s</text>\n", x,
				H - B + 18, d + 5);
		}
	}
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		if (!report_question_asked(r, q))
			continue;
		fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" points=\"", colors[q]);
		for (size_t i = 0; i < n; i++) {
			const struct index_q *x = &r->weeks[i].g.q[q];
			if (isnan(x->satisfaction) || !report_total_shown(r, &r->weeks[i].g))
				continue;
			int px = L + (n == 1 ? pw / 2 : (int)((double)pw * (double)i / (double)(n - 1)));
			fprintf(out, "%d,%d ", px, T + ph - (int)(ph * x->satisfaction / 100.0));
		}
		fputs("\"/>\n", out);
		for (size_t i = 0; i < n; i++) {
			const struct index_q *x = &r->weeks[i].g.q[q];
			/* A week of one officer's drill-down over fewer than five answers is left out. */
			if (isnan(x->satisfaction) || !report_total_shown(r, &r->weeks[i].g))
				continue;
			int px = L + (n == 1 ? pw / 2 : (int)((double)pw * (double)i / (double)(n - 1)));
			fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"><title>%.1f %% (n=%lld)</title></circle>\n",
				px, T + ph - (int)(ph * x->satisfaction / 100.0), colors[q], x->satisfaction, (long long)x->n);
		}
	}
	fputs("</svg>\n<p class=\"small\"><span style=\"color:#0b4f8a\">■</span> Thái độ, hướng dẫn của công chức "
	      "&nbsp; <span style=\"color:#f57c00\">■</span> Thủ tục và kết quả giải quyết ", out);
	if (report_question_asked(r, SURVEY_Q_RESULT))
		fputs("&nbsp; <span style=\"color:#6a1b9a\">■</span> Kết quả giải quyết ", out);
	fputs("<span class=\"muted\">(tỷ lệ hài lòng theo tuần, bắt đầu từ thứ Hai)</span></p>\n", out);
}

static void report_html_reasons(FILE *out, const struct report *r)
{
	enum { ROW = 26, LABEL = 360, W = 1000 };
	int64_t max = 0;

	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (r->total.reason[i] > max)
			max = r->total.reason[i];
	if (max == 0) {
		fputs("<p class=\"ok\">Không có lý do chưa hài lòng nào được chọn.</p>\n", out);
		return;
	}
	int h = SURVEY_R_COUNT * ROW + 6, plot = W - LABEL - 80;
	fprintf(out, "<svg role=\"img\" aria-label=\"lý do chưa hài lòng\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		W, h, W, h);
	for (int i = 0; i < SURVEY_R_COUNT; i++) {
		int y = i * ROW, w = (int)((double)plot * (double)r->total.reason[i] / (double)max);
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" fill=\"#1f2933\">", LABEL - 8, y + 17);
		html(out, i18n_reason(I18N_VI, i));
		fprintf(out, "%s</text>\n", survey_reason_serious(i) ? " ⚠" : "");
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" rx=\"3\" fill=\"%s\"/>"
			     "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\">%lld</text>\n",
			LABEL, y + 5, w, survey_reason_serious(i) ? "#c62828" : "#f57c00", LABEL + w + 6, y + 17,
			(long long)r->total.reason[i]);
	}
	fputs("</svg>\n<p class=\"small muted\">⚠ lý do nghiêm trọng: mở cảnh báo ngay khi được chọn.</p>\n", out);
}

static void report_html_table(FILE *out, const struct report *r, const size_t *order)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);
	static const char *const dim_vi[ROLLUP_DIM_COUNT] = { "Quầy", "Công chức", "Thủ tục", "Đơn vị" };

	fprintf(out, "<table><tr><th>Hạng</th><th>Đơn vị</th><th>%s</th><th>Tên</th>", dim_vi[r->dim]);
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
		fputs("</td><td>", out);
		html(out, row->site);
		fputs("</td><td>", out);
		html(out, row->code[0] ? row->code : "(không rõ)");
		fputs("</td><td>", out);
		html(out, row->name ? row->name : "");
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
	char period[64], gen[32];

	if (!order)
		return HL_ERR_NOMEM;
	report_questions(r, qs);
	report_period(r, period, sizeof period, true);
	report_time(r->generated, r->utc_offset, gen, sizeof gen);

	report_html_begin(out, "Hài Lòng — Báo cáo mức độ hài lòng", NULL);
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
	fputs(" · Đơn vị: ", out);
	html(out, r->site ? r->site : "tất cả");
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
		report_html_bars(out, r, qs[0], order);
	else
		fputs("<p class=\"muted\">Chưa có đánh giá trong kỳ.</p>\n", out);
	fputs("<p class=\"small muted\">Thanh: tỷ lệ hài lòng; gạch ngang: khoảng tin cậy 95 % (Wilson). Xếp hạng theo "
	      "cận dưới của khoảng tin cậy; nhóm có dưới 30 câu trả lời (màu xám, “ít”) chưa đủ để xếp hạng.</p>"
	      "</section>\n", out);
	fputs("<section><h2>Xu hướng theo tuần</h2>\n", out);
	report_html_trend(out, r);
	fputs("</section>\n<section><h2>Lý do chưa hài lòng</h2>\n", out);
	if (total_shown)
		report_html_reasons(out, r);
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
