/* SPDX-License-Identifier: MIT
 * report766_html.c — `report 766 --format html`: one self-contained Vietnamese page (the reports'
 * head and style sheet from report_html.c, no scripts, no outside resources) with the period, the
 * formula and the word "ước tính" at the top, the estimate for all sites, then per site its total
 * and a table of its procedures. Numbers in the Vietnamese way (decimal comma, "." between thousands),
 * dates dd/mm/yyyy. On a phone (390 px) each table row becomes a card of labelled figures; printed,
 * the table fits A4. Every text from the database goes through report_html_text. It owns nothing:
 * the model is report766.c's, the figures dossier.c's and index.c's. */
#include "report766.h"

#include "hl.h"
#include "i18n.h"
#include "index.h"
#include "numfmt.h"
#include "report_html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char report766_css[] =
	".badge{display:inline-block;background:#fff4d6;color:#6b4500;border:1px solid #e8c66a;border-radius:6px;"
	"padding:2px 10px;font-size:14px;font-weight:700;margin-left:6px;vertical-align:middle}"
	".formula{font-size:14px;line-height:1.55;margin:0 0 8px}.warn{color:#8a4b00;font-weight:600}"
	"table.t766 td.proc{min-width:200px}table.t766 td.proc b{font-variant-numeric:tabular-nums}"
	"table.t766 tr.total td{font-weight:700;background:#f7f9fb;border-top:2px solid #d9e0e7}"
	"table.t766 th{font-size:13px}table.t766 td.n{white-space:nowrap}.na{color:#8a96a3}.full{color:#2e7d32}"
	".short{color:#c62828}"
	"@media screen and (max-width:600px){header{padding:14px 16px}header h1{font-size:20px}"
	"main{padding:12px}section{padding:12px 14px}.cards{gap:8px}.card{flex:1 1 130px;padding:10px 12px}"
	".card .v{font-size:22px}"
	"table.t766 thead{display:none}table.t766,table.t766 tbody,table.t766 tr,table.t766 td{display:block;width:auto}"
	"table.t766 tr{border:1px solid #d9e0e7;border-radius:8px;margin:0 0 10px;padding:6px 10px}"
	"table.t766 tr.total td{border-top:0}table.t766 td{border:0;padding:3px 0;text-align:right}"
	"table.t766 td::before{content:attr(data-label);float:left;color:#52606d;font-weight:400;padding-right:10px;"
	"text-align:left}table.t766 td.proc{text-align:left;min-width:0;padding-bottom:6px;border-bottom:1px solid #e4e9ee}"
	"table.t766 td.proc::before{content:none}}"
	"@media print{@page{size:A4;margin:12mm}body{background:#fff;font-size:9pt}"
	"header{background:none;color:#000;padding:0 0 6px;border-bottom:2px solid #0b4f8a}"
	"header h1{font-size:15pt;color:#0b4f8a}main{padding:8px 0 0;max-width:none}"
	"section{border:0;border-radius:0;padding:0;margin:0 0 12px}.cards{margin:0 0 10px;gap:8px;flex-wrap:nowrap}"
	".card{flex:1 1 0;min-width:0;padding:6px 10px}.card .v{font-size:16pt}.card .l{font-size:8pt}.formula{font-size:8.5pt}"
	".small{font-size:7.5pt}"
	"table.t766{font-size:7.5pt}table.t766 th{font-size:7.5pt}table.t766 th,table.t766 td{padding:2px 3px}"
	"table.t766 td.proc{min-width:0}table.t766 tr{break-inside:avoid}}";

/* The table's columns, in order, as each cell's data-label for the phone layout. */
static const char *const report766_heads[] = {
	"Thủ tục",         "Số tháng có số liệu", "Tiếp nhận",     "Đã giải quyết", "Quá hạn",
	"Có phản ánh, kiến nghị", "Tỷ lệ quá hạn", "Tỷ lệ phản ánh", "Lượt đánh giá", "Tỷ lệ không hài lòng",
	"Tỷ lệ ước tính",  "Điểm ước tính",
};
#define NHEADS (sizeof report766_heads / sizeof report766_heads[0])

/* v with the given decimals and a decimal comma ("83,45"), into buf; "" for NaN. */
static void vi_num(char *buf, size_t cap, double v, int decimals)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		numfmt_num(buf, cap, I18N_VI, v, decimals);
}

/* A count with "." between thousands ("1.250"). */
static void vi_count(char *buf, size_t cap, int64_t v)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%lld", (long long)v), k = 0;

	for (int i = 0; i < n && (size_t)k + 2 < cap; i++) {
		if (i && (n - i) % 3 == 0 && digits[0] != '-')
			buf[k++] = '.';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
}

/* A day as dd/mm/yyyy. */
static void vi_day(int32_t day, char out[16])
{
	numfmt_day(out, 16, I18N_VI, day);
}

/* One cell: its label for the phone layout, then text (already safe) or "—" when text is "". */
static void td(FILE *out, size_t col, const char *cls, const char *text)
{
	fprintf(out, "<td class=\"%s\" data-label=\"%s\">", cls, report766_heads[col]);
	if (text[0])
		fputs(text, out);
	else
		fputs("<span class=\"na\" title=\"không có số liệu\">—</span>", out);
	fputs("</td>", out);
}

static void td_count(FILE *out, size_t col, const struct report766_row *row, int64_t v)
{
	char b[32] = "";

	if (dossier_sum_months(&row->d))
		vi_count(b, sizeof b, v);
	td(out, col, "n", b);
}

static void td_pct(FILE *out, size_t col, double v, int decimals, const char *extra)
{
	char b[48] = "";

	if (!isnan(v)) {
		vi_num(b, sizeof b - 8, v, decimals);
		strcat(b, " %");
	}
	fprintf(out, "<td class=\"n%s\" data-label=\"%s\">", extra, report766_heads[col]);
	fputs(b[0] ? b : "<span class=\"na\" title=\"không có số liệu\">—</span>", out);
	fputs("</td>", out);
}

static void row_html(FILE *out, const struct report766 *r, const struct report766_row *row)
{
	char b[64];
	int nmonths = dossier_month_index(r->month_from, r->month_to) + 1;

	fprintf(out, "<tr%s><td class=\"proc\">", row->kind == REPORT766_PROCEDURE ? "" : " class=\"total\"");
	if (row->kind == REPORT766_ALL) {
		fputs("Tổng cộng các đơn vị", out);
	} else if (row->kind == REPORT766_SITE) {
		fputs("Cộng đơn vị ", out);
		report_html_text(out, row->site_name ? row->site_name : row->site);
	} else if (!row->procedure[0]) {
		fputs("(không rõ thủ tục)", out);
	} else {
		fputs("<b>", out);
		report_html_text(out, row->procedure);
		fputs("</b>", out);
		if (row->name) {
			fputs(" ", out);
			report_html_text(out, row->name);
		}
	}
	fputs("</td>", out);
	snprintf(b, sizeof b, "%d/%d", dossier_sum_months(&row->d), nmonths);
	td(out, 1, "n", b);
	td_count(out, 2, row, row->d.c.received);
	td_count(out, 3, row, row->d.c.resolved);
	td_count(out, 4, row, row->d.c.overdue);
	td_count(out, 5, row, row->d.c.complaints);
	td_pct(out, 6, row->e.overdue_pct, 1, "");
	td_pct(out, 7, row->e.complaint_pct, 1, "");
	vi_count(b, sizeof b - 2, row->ratings);
	if (row->ratings && row->ratings < INDEX_MIN_RANK)
		strcat(b, "*");
	td(out, 8, "n", b);
	td_pct(out, 9, row->e.dissatisfied_pct, 1, "");
	td_pct(out, 10, row->e.rate, 2, isnan(row->e.rate) ? "" : row->e.rate >= DOSSIER_FULL_RATE ? " full" : " short");
	b[0] = '\0';
	if (!isnan(row->e.points)) {
		char mx[16];
		vi_num(b, 24, row->e.points, 2);
		vi_num(mx, sizeof mx, r->max_points, r->max_points == floor(r->max_points) ? 0 : 2);
		strcat(b, " / ");
		strcat(b, mx);
	}
	td(out, 11, "n", b);
	fputs("</tr>\n", out);
}

/* The cards of one total row: the rate, the points, the dossiers resolved, the ratings. */
static void cards(FILE *out, const struct report766 *r, const struct report766_row *row)
{
	char v[64], mx[16];

	fputs("<div class=\"cards\">", out);
	vi_num(v, sizeof v - 4, row->e.rate, 2);
	fprintf(out, "<div class=\"card\"><div class=\"v\">%s%s</div><div class=\"l\">Tỷ lệ ước tính</div></div>",
		v[0] ? v : "—", v[0] ? " %" : "");
	vi_num(v, sizeof v, row->e.points, 2);
	vi_num(mx, sizeof mx, r->max_points, r->max_points == floor(r->max_points) ? 0 : 2);
	fprintf(out, "<div class=\"card\"><div class=\"v\">%s</div><div class=\"l\">Điểm ước tính (tối đa %s)</div></div>",
		v[0] ? v : "—", mx);
	if (dossier_sum_months(&row->d))
		vi_count(v, sizeof v, row->d.c.resolved);
	else
		strcpy(v, "—");
	fprintf(out, "<div class=\"card\"><div class=\"v\">%s</div><div class=\"l\">Hồ sơ đã giải quyết</div></div>", v);
	vi_count(v, sizeof v, row->ratings);
	fprintf(out, "<div class=\"card\"><div class=\"v\">%s</div><div class=\"l\">Lượt đánh giá tại thiết bị</div></div>",
		v);
	fputs("</div>\n", out);
}

static void table_head(FILE *out)
{
	fputs("<table class=\"t766\"><thead><tr>", out);
	for (size_t i = 0; i < NHEADS; i++)
		fprintf(out, "<th>%s</th>", report766_heads[i]);
	fputs("</tr></thead><tbody>\n", out);
}

int report766_html_write(FILE *out, const struct report766 *r)
{
	char period[40], from[16], to[16], gen[40], mx[16];

	report766_period_label(r, period, sizeof period, true);
	vi_day(r->days.from, from);
	vi_day(r->days.to, to);
	numfmt_time(gen, sizeof gen, I18N_VI, r->generated, r->utc_offset, false);
	vi_num(mx, sizeof mx, r->max_points, r->max_points == floor(r->max_points) ? 0 : 2);

	report_html_begin(out, "Hài Lòng — Ước tính tiêu chí hài lòng theo QĐ 766", report766_css);
	fputs("<header><h1>Tiêu chí mức độ hài lòng theo QĐ 766/QĐ-TTg <span class=\"badge\">ước tính</span></h1><p>Kỳ: ",
	      out);
	char site[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
	fprintf(out, "%s (%s – %s) · Đơn vị: ", period, from, to);
	report_html_text(out, r->site ? report_site_label(r->site, r->site_name, site, sizeof site) : "tất cả");
	fprintf(out, " · Điểm tối đa: %s · Lập lúc %s</p></header>\n<main>\n", mx, gen);

	fputs("<section><h2>Cách tính</h2><p class=\"formula\">", out);
	report_html_text(out, dossier_formula(I18N_VI));
	fputs("</p><p class=\"small muted\">Số liệu hồ sơ: nhập từ Hệ thống thông tin giải quyết thủ tục hành chính "
	      "theo tháng (lệnh <code>hailong-aggregator import dossiers</code>); lượt đánh giá: của thiết bị tại "
	      "quầy trong cùng kỳ. — : không có số liệu (không phải 0). * dưới 30 lượt đánh giá: ước tính kém tin "
	      "cậy.</p>", out);
	if (!r->dossiers)
		fputs("<p class=\"warn\">Chưa có số liệu hồ sơ của kỳ này, nên chưa ước tính được tỷ lệ.</p>", out);
	fputs("</section>\n", out);

	const struct report766_row *all = r->nrows && r->rows[r->nrows - 1].kind == REPORT766_ALL ? &r->rows[r->nrows - 1] : NULL;
	if (all) {
		fputs("<section><h2>Tổng cộng các đơn vị</h2>\n", out);
		cards(out, r, all);
		fputs("</section>\n", out);
	}
	for (size_t i = 0; i < r->nrows;) {
		if (r->rows[i].kind == REPORT766_ALL) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < r->nrows && r->rows[j].kind == REPORT766_PROCEDURE)
			j++;
		/* rows[i..j) are one site's procedures, rows[j] its total. */
		const struct report766_row *total = j < r->nrows ? &r->rows[j] : NULL;
		/* The site by its name, its code beside it; "Đơn vị CODE" when it has none. */
		fputs("<section><h2>", out);
		if (r->rows[i].site_name) {
			report_html_text(out, r->rows[i].site_name);
			fputs(" <span class=\"muted small\">", out);
			report_html_text(out, r->rows[i].site);
			fputs("</span>", out);
		} else {
			fputs("Đơn vị ", out);
			report_html_text(out, r->rows[i].site);
		}
		fputs("</h2>\n", out);
		if (total)
			cards(out, r, total);
		table_head(out);
		for (size_t k = i; k <= j && k < r->nrows; k++)
			row_html(out, r, &r->rows[k]);
		fputs("</tbody></table></section>\n", out);
		i = j + 1;
	}
	if (!r->nrows)
		fputs("<section><p class=\"muted\">Không có số liệu hồ sơ và lượt đánh giá nào trong kỳ.</p></section>\n", out);
	fputs("</main></body></html>\n", out);
	return HL_OK;
}
