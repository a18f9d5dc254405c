/* SPDX-License-Identifier: MIT
 * test_report_chart.c — the HTML report's charts as a department head reads them, from a report
 * built by hand like the demo's data: five weeks of ratings, one week of only two, at the end of a
 * 26-week trend over all stored data; procedures at 83 % and 62 % against an 80 % target, one rated
 * once with the roster's longest name, one with 12 answers; the month before beside them. Asserted
 * on the SVG written: the trend's axis starts at the first week with data (over a period, at the
 * period's first week); every point and bar carries its n; a week or group under 30 answers is
 * drawn hollow (class small-n) and says "ít"; a bar's colour, class and "▼" follow the target and
 * change with it; labels are wrapped into tspan lines no wider than their box (an unbroken word cut
 * between characters), never shortened; the previous period's diamond and figure beside each bar,
 * named in the legend; charts sized by viewBox only, with the phone and print rules. */
#include "chart_text.h"
#include "hl.h"
#include "index.h"
#include "period.h"
#include "report.h"
#include "report_chart.h"
#include "rollup.h"
#include "survey.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBSP "\xc2\xa0"
#define LONG_NAME "Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực " \
		  "phẩm do Sở Công Thương thực hiện"
#define C_MET "#2166ac"
#define C_BELOW "#b35806"

static void assert_has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("missing: %s", needle);
}

static void assert_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle))
		fail_msg("should not contain: %s", needle);
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---- the data ------------------------------------------------------------------------------------ */

/* A roll-up row of scale 5 whose procedure answers are `sat` satisfied (level 5) and n - sat
 * dissatisfied (level 1), the officer's the same. */
static struct rollup_row row(int dim, const char *code, int32_t day, int64_t n, int64_t sat)
{
	struct rollup_row r;

	memset(&r, 0, sizeof r);
	r.key.dim = dim;
	r.key.grain = -1;
	r.key.scale = 5;
	r.key.period = day;
	snprintf(r.key.site, sizeof r.key.site, "sct-bentre");
	snprintf(r.key.code, sizeof r.key.code, "%s", code);
	r.c.n = n;
	r.c.clean = sat;
	for (int q = SURVEY_Q_OFFICER; q <= SURVEY_Q_PROCEDURE; q++) { /* terminals asking two questions */
		r.c.level[q][4] = sat;
		r.c.level[q][0] = n - sat;
	}
	return r;
}

#define GEN_DAY 20789 /* Wednesday 2 December 2026 */
#define MON5 20787    /* Monday 30 November 2026: the last of the five weeks */
#define MON1 (MON5 - 28)
static const int64_t week_n[5] = { 150, 2, 130, 140, 110 };

struct fixture {
	struct report_row *rows, *prev;
	struct report_week *weeks;
	struct report r;
	char *html; /* the last render */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct rollup_row in[4], prev[2], days[5];
	struct index_group total;
	size_t np;
	static const char *const names[4] = { "Đăng ký thực hiện khuyến mại", "Cấp Giấy phép bán lẻ xăng dầu", LONG_NAME,
					      "Cấp Giấy phép kinh doanh bán lẻ sản phẩm rượu" };

	if (!f)
		return -1;
	/* In (site, code) order, as store_query gives them. */
	in[0] = row(ROLLUP_PROCEDURE, "1.001234", 0, 100, 83); /* 83 %: meets an 80 % target */
	in[1] = row(ROLLUP_PROCEDURE, "2.000204", 0, 50, 31);  /* 62 %: misses it */
	in[1].c.reason[SURVEY_R_CHO_LAU] = 5;
	in[2] = row(ROLLUP_PROCEDURE, "2.001190", 0, 1, 1);    /* one answer: 100 % that means nothing */
	in[3] = row(ROLLUP_PROCEDURE, "2.000512", 0, 12, 9);   /* 12 answers: too few to rank */
	/* Sorted by code: 1.001234, 2.000204, 2.000512, 2.001190. */
	struct rollup_row sorted[4] = { in[0], in[1], in[3], in[2] };
	if (report_group(sorted, 4, &f->rows, &f->r.nrows, &f->r.total) != HL_OK || f->r.nrows != 4)
		return -1;
	f->rows[0].name = names[0];
	f->rows[1].name = names[1];
	f->rows[2].name = names[3];
	f->rows[3].name = names[2];
	prev[0] = row(ROLLUP_PROCEDURE, "1.001234", 0, 90, 63); /* 70 % the month before */
	prev[1] = row(ROLLUP_PROCEDURE, "2.000204", 0, 40, 30); /* 75 % */
	if (report_group(prev, 2, &f->prev, &np, &total) != HL_OK)
		return -1;
	/* Site day rows: one day in each of the five weeks. */
	for (int i = 0; i < 5; i++)
		days[i] = row(ROLLUP_SITE, "", MON1 + 7 * i + 2, week_n[i], week_n[i] * 4 / 5);
	/* Over all stored data report_load reads the last 26 weeks up to the day the report is made. */
	struct period_range tr = { GEN_DAY - 26 * 7 + 1, GEN_DAY };
	if (report_weeks(days, 5, tr, &f->weeks, &f->r.nweeks) != HL_OK || f->r.nweeks < 26)
		return -1;
	f->r.dim = ROLLUP_PROCEDURE;
	f->r.all_time = true;
	f->r.days = (struct period_range){ period_day_from_civil(2000, 1, 1), period_day_from_civil(2099, 12, 31) };
	f->r.generated = (int64_t)GEN_DAY * 86400;
	f->r.utc_offset = 7 * 3600;
	f->r.rows = f->rows;
	f->r.weeks = f->weeks;
	f->r.target = 80;
	*state = f;
	(void)np;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->rows);
	free(f->prev);
	free(f->weeks);
	free(f->html);
	free(f);
	return 0;
}

/* The page of f->r (kept in f->html) and, when asked, the markup of one layout of one chart. */
static const char *render(struct fixture *f)
{
	size_t n = 0;
	FILE *out;

	free(f->html);
	f->html = NULL;
	out = open_memstream(&f->html, &n);
	assert_non_null(out);
	assert_int_equal(report_write(out, REPORT_HTML, &f->r), HL_OK);
	assert_int_equal(fclose(out), 0);
	return f->html;
}

/* A copy of the svg of class cls inside the chart div of class chart ("bars", "trend"). */
static char *svg_of(const char *html, const char *chart, const char *cls)
{
	char open[64], want[64];

	snprintf(open, sizeof open, "<div class=\"chart %s\">", chart);
	snprintf(want, sizeof want, "<svg class=\"%s\"", cls);
	const char *div = strstr(html, open);
	assert_non_null(div);
	const char *s = strstr(div, want);
	assert_non_null(s);
	const char *e = strstr(s, "</svg>");
	assert_non_null(e);
	return strndup(s, (size_t)(e - s) + 6);
}

/* The rows (<g class="row…">…</g>) of a bar chart's svg, each a copy; returns how many. */
static size_t rows_of(const char *svg, char *rows[8])
{
	size_t n = 0;

	for (const char *p = strstr(svg, "<g class=\"row"); p && n < 8; p = strstr(p + 1, "<g class=\"row")) {
		const char *e = strstr(p, "</g>");
		assert_non_null(e);
		rows[n++] = strndup(p, (size_t)(e - p));
	}
	return n;
}

static void free_rows(char *rows[], size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i]);
}

/* The row of the bar chart svg whose data-n is n. */
static char *row_with_n(char *rows[], size_t nrows, int64_t n)
{
	char want[32];

	snprintf(want, sizeof want, "data-n=\"%lld\"", (long long)n);
	for (size_t i = 0; i < nrows; i++)
		if (strstr(rows[i], want))
			return rows[i];
	fail_msg("no row with %s", want);
	return NULL;
}

/* The tspans of the first <text class="cls"> in markup, unescaped of nothing (the names have no
 * markup characters): lines[] copies, returns how many. */
static size_t tspans(const char *markup, const char *cls, char *lines[12])
{
	char want[48];
	size_t n = 0;

	snprintf(want, sizeof want, "<text class=\"%s\"", cls);
	const char *t = strstr(markup, want);
	assert_non_null(t);
	const char *end = strstr(t, "</text>");
	for (const char *p = strstr(t, "<tspan"); p && p < end && n < 12; p = strstr(p + 1, "<tspan")) {
		const char *a = strchr(p, '>') + 1, *z = strstr(a, "</tspan>");
		lines[n++] = strndup(a, (size_t)(z - a));
	}
	return n;
}

/* The lines joined with spaces, as a reader reads them. */
static char *joined(char *lines[], size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	char *s = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, lines[i]);
	}
	return s;
}

/* ---- the trend ----------------------------------------------------------------------------------- */

static void date_labels(const char *svg, char out[30][8], size_t *n)
{
	*n = 0;
	for (const char *p = strstr(svg, "<text class=\"date\""); p && *n < 30; p = strstr(p + 1, "<text class=\"date\"")) {
		const char *a = strchr(p, '>') + 1;
		snprintf(out[*n], sizeof out[0], "%.*s", (int)(strstr(a, "<") - a), a);
		(*n)++;
	}
}

static void test_trend_axis_spans_the_data(void **state)
{
	struct fixture *f = *state;
	char d[30][8];
	size_t n;

	/* Over all stored data: 26 weeks read, the axis from the first week with data (02/11), five weeks. */
	char *svg = svg_of(render(f), "trend", "wide");
	date_labels(svg, d, &n);
	assert_int_equal(n, 5);
	assert_string_equal(d[0], "02/11");
	assert_string_equal(d[1], "09/11");
	assert_string_equal(d[4], "30/11");
	assert_lacks(svg, ">26/10<");
	assert_lacks(svg, ">08/06<"); /* the first of the 26 weeks */
	free(svg);
	/* The phone's layout spans the same weeks. */
	svg = svg_of(f->html, "trend", "narrow");
	date_labels(svg, d, &n);
	assert_true(n >= 3);
	assert_string_equal(d[0], "02/11");
	free(svg);

	/* Over a period, the period's weeks, empty ones too: from 26/10 to 30/11. */
	struct report r = f->r;
	r.all_time = false;
	r.days = (struct period_range){ MON1 - 7, GEN_DAY };
	r.weeks = f->weeks + (f->r.nweeks - 6);
	r.nweeks = 6;
	f->r = r;
	svg = svg_of(render(f), "trend", "wide");
	date_labels(svg, d, &n);
	assert_int_equal(n, 6);
	assert_string_equal(d[0], "26/10");
	assert_string_equal(d[5], "30/11");
	free(svg);
}

static void test_trend_points_carry_n_small_week_hollow(void **state)
{
	struct fixture *f = *state;
	char *svg = svg_of(render(f), "trend", "wide"), want[64];

	/* Two questions × five weeks, each point with its week's n in data-n and its title. */
	assert_int_equal(count(svg, "class=\"pt "), 10);
	for (int i = 0; i < 5; i++) {
		snprintf(want, sizeof want, "data-n=\"%lld\"", (long long)week_n[i]);
		assert_int_equal(count(svg, want), 2);
		snprintf(want, sizeof want, "· n = %lld", (long long)week_n[i]);
		assert_true(count(svg, want) >= 2);
		snprintf(want, sizeof want, ">n=%lld<", (long long)week_n[i]); /* under the week, on the axis */
		assert_int_equal(count(svg, want), 1);
	}
	/* The week of two answers, and only it, hollow; the lines to and from it dotted. */
	assert_int_equal(count(svg, "small-n\" data-n=\"2\""), 2);
	assert_int_equal(count(svg, "small-n"), 2);
	const char *p = strstr(svg, "small-n\" data-n=\"2\"");
	assert_non_null(strstr(p, "fill=\"#fff\""));
	assert_true(strstr(p, "fill=\"#fff\"") < strstr(p, "</title>"));
	assert_int_equal(count(svg, "class=\"seg weak\""), 2 * 2);
	assert_int_equal(count(svg, "class=\"seg\""), 2 * 2);
	assert_has(svg, "(ít, chưa đủ tin cậy)");
	assert_has(f->html, "tuần dưới 30 câu trả lời");
	/* The figures in Vietnamese: the decimal comma. */
	assert_has(svg, ": 80,0 % · n = 150");
	free(svg);
}

/* ---- the bars ------------------------------------------------------------------------------------ */

static void test_bars_carry_n_and_small_groups_stand_out(void **state)
{
	struct fixture *f = *state;
	char *svg = svg_of(render(f), "bars", "wide"), *rows[8], want[64];
	size_t n = rows_of(svg, rows);
	static const int64_t ns[4] = { 100, 50, 1, 12 };

	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++) {
		char *r = row_with_n(rows, n, ns[i]);
		snprintf(want, sizeof want, "n" NBSP "=" NBSP "%lld", (long long)ns[i]);
		assert_has(r, want);
	}
	/* One answer: not a real 100 % — pale, in a dashed outline, "(ít)", its interval drawn. */
	char *once = row_with_n(rows, n, 1);
	assert_has(once, "class=\"row small-n");
	assert_has(once, "stroke-dasharray=\"4 3\"");
	assert_has(once, "fill-opacity=\".18\"");
	assert_has(once, "100,0" NBSP "% · n" NBSP "=" NBSP "1" NBSP "(ít)");
	assert_has(once, "class=\"ci\"");
	assert_has(once, "chưa đủ để xếp hạng");
	/* Twelve answers: the same; a hundred: a solid bar. */
	assert_has(row_with_n(rows, n, 12), "class=\"row small-n");
	char *big = row_with_n(rows, n, 100);
	assert_lacks(big, "small-n");
	assert_lacks(big, "stroke-dasharray=\"4 3\"");
	assert_lacks(big, "(ít)");
	/* The legend says what the pale bars mean. */
	assert_has(f->html, "“ít”: dưới 30 câu trả lời, chưa đủ để xếp hạng");
	free_rows(rows, n);
	free(svg);
}

static void test_bar_colour_follows_the_target(void **state)
{
	struct fixture *f = *state;
	char *rows[8];

	/* 80 %: 83 % meets it (blue), 62 % misses it (orange, ▼), both said in the legend. */
	char *svg = svg_of(render(f), "bars", "wide");
	size_t n = rows_of(svg, rows);
	char *met = row_with_n(rows, n, 100), *below = row_with_n(rows, n, 50);
	assert_has(met, "class=\"row met\"");
	assert_has(met, "class=\"bar\" x=\"300.0\" y=\"");
	assert_has(met, "fill=\"" C_MET "\"/>");
	assert_lacks(met, "▼");
	assert_has(below, "class=\"row below\"");
	assert_has(below, "fill=\"" C_BELOW "\"/>");
	assert_has(below, ">▼" NBSP "62,0" NBSP "%");
	assert_has(below, "dưới mục tiêu");
	assert_has(svg, "mục tiêu 80" NBSP "%");
	assert_has(svg, "class=\"target\"");
	assert_has(f->html, "đạt mục tiêu (từ 80" NBSP "%)");
	assert_has(f->html, "▼ dưới mục tiêu");
	free_rows(rows, n);
	free(svg);

	/* 60 %: the 62 % bar turns blue; 90 %: the 83 % one turns orange. */
	f->r.target = 60;
	svg = svg_of(render(f), "bars", "wide");
	n = rows_of(svg, rows);
	assert_has(row_with_n(rows, n, 50), "class=\"row met\"");
	assert_has(row_with_n(rows, n, 50), "fill=\"" C_MET "\"/>");
	free_rows(rows, n);
	free(svg);
	f->r.target = 90;
	svg = svg_of(render(f), "bars", "narrow");
	n = rows_of(svg, rows);
	assert_has(row_with_n(rows, n, 100), "class=\"row below\"");
	assert_has(row_with_n(rows, n, 100), "fill=\"" C_BELOW "\"/>");
	free_rows(rows, n);
	free(svg);

	/* No target (0): no bar below it, no target line, nothing in the legend about one. */
	f->r.target = 0;
	svg = svg_of(render(f), "bars", "wide");
	assert_lacks(svg, "row below");
	assert_lacks(svg, C_BELOW);
	assert_lacks(svg, "class=\"target\"");
	assert_lacks(f->html, "mục tiêu");
	free(svg);
}

/* ---- labels -------------------------------------------------------------------------------------- */

static void assert_lines_fit(char *lines[], size_t n, double box)
{
	for (size_t i = 0; i < n; i++) {
		double w = chart_text_width(lines[i], strlen(lines[i]), REPORT_CHART_FONT);
		if (w > box)
			fail_msg("line \"%s\" is %.1f wide, its box %.1f", lines[i], w, box);
	}
}

static void test_labels_wrap_never_cut(void **state)
{
	struct fixture *f = *state;
	char *lines[12], *rows[8];
	const char *full = LONG_NAME " · sct-bentre";

	/* Beside the bar: several lines, each within the label box, together the whole name. */
	char *svg = svg_of(render(f), "bars", "wide");
	size_t nr = rows_of(svg, rows);
	size_t n = tspans(row_with_n(rows, nr, 1), "label", lines);
	assert_true(n >= 2);
	assert_lines_fit(lines, n, REPORT_CHART_LABEL_BOX);
	char *all = joined(lines, n);
	assert_string_equal(all, full);
	free(all);
	free_rows(lines, n);
	free_rows(rows, nr);
	free(svg);

	/* Above the bar on a phone: lines within its width, the whole name again. */
	svg = svg_of(f->html, "bars", "narrow");
	nr = rows_of(svg, rows);
	n = tspans(row_with_n(rows, nr, 1), "label", lines);
	assert_true(n >= 2);
	assert_lines_fit(lines, n, REPORT_CHART_NARROW - 4);
	all = joined(lines, n);
	assert_string_equal(all, full);
	free(all);
	free_rows(lines, n);
	free_rows(rows, nr);
	free(svg);

	/* A name that is one long word is cut between characters, none lost. */
	char word[128];
	memset(word, 'W', 60);
	word[60] = '\0';
	f->rows[0].name = word;
	svg = svg_of(render(f), "bars", "wide");
	nr = rows_of(svg, rows);
	n = tspans(row_with_n(rows, nr, 100), "label", lines);
	assert_true(n >= 3);
	assert_lines_fit(lines, n, REPORT_CHART_LABEL_BOX);
	size_t ws = 0;
	for (size_t i = 0; i < n; i++)
		ws += strspn(lines[i], "W");
	assert_int_equal(ws, 60);
	free_rows(lines, n);
	free_rows(rows, nr);
	free(svg);

	/* The estimate is of the wide font: a capital W is wider than an i, Vietnamese letters count
	 * once however they are encoded, and nothing is narrower than DejaVu Sans draws it. */
	assert_true(chart_text_width("W", 1, 10) > chart_text_width("i", 1, 10) * 3);
	assert_true(chart_text_width("Ấu", strlen("Ấu"), 10) < chart_text_width("WWW", 3, 10));
	assert_true(chart_text_width("Nguyễn", strlen("Nguyễn"), 14) >= 6 * 0.55 * 14);
}

/* ---- the previous period ------------------------------------------------------------------------- */

static void test_previous_period_beside_each_bar(void **state)
{
	struct fixture *f = *state;
	char *rows[8];

	/* Over all stored data there is none. */
	char *svg = svg_of(render(f), "bars", "wide");
	assert_lacks(svg, "class=\"prev");
	assert_lacks(f->html, "kỳ trước");
	free(svg);

	/* November, with October beside it: a diamond at October's index, its figure, "—" for a
	 * procedure October had no answers for; the legend names October. */
	f->r.all_time = false;
	f->r.days = (struct period_range){ period_day_from_civil(2026, 11, 1), period_day_from_civil(2026, 11, 30) };
	f->r.prev_days = period_previous(f->r.days);
	f->r.prev_rows = f->prev;
	f->r.nprev = 2;
	svg = svg_of(render(f), "bars", "wide");
	size_t n = rows_of(svg, rows);
	char *a = row_with_n(rows, n, 100), *b = row_with_n(rows, n, 50), *c = row_with_n(rows, n, 1);
	assert_has(a, "class=\"prev\"");
	assert_has(a, "kỳ trước 70,0" NBSP "% (n" NBSP "=" NBSP "90)");
	/* The diamond at 70 % of the 400-unit plot from x = 300. */
	assert_has(a, "d=\"M580.0 ");
	assert_has(b, "kỳ trước 75,0" NBSP "% (n" NBSP "=" NBSP "40)");
	assert_lacks(c, "class=\"prev");
	assert_has(c, "kỳ trước —");
	assert_has(f->html, "kỳ trước (01/10/2026–31/10/2026");
	free_rows(rows, n);
	free(svg);
	/* On a phone too. */
	svg = svg_of(f->html, "bars", "narrow");
	assert_int_equal(count(svg, "class=\"prev\""), 2);
	free(svg);
	/* A previous period without ratings is said once, not as "—" on every bar. */
	f->r.nprev = 0;
	svg = svg_of(render(f), "bars", "wide");
	assert_lacks(svg, "kỳ trước");
	assert_has(f->html, "kỳ trước (01/10/2026–31/10/2026): không có đánh giá");
	free(svg);
}

/* ---- size ---------------------------------------------------------------------------------------- */

static void test_charts_scale_to_their_box(void **state)
{
	struct fixture *f = *state;
	const char *t = render(f);

	/* Every chart as wide as its box: a viewBox, no width or height of its own. */
	assert_int_equal(count(t, "<div class=\"chart "), 3);
	for (const char *p = strstr(t, "<svg class=\""); p; p = strstr(p + 1, "<svg class=\"")) {
		const char *e = strchr(p, '>');
		char *tag = strndup(p, (size_t)(e - p));
		assert_has(tag, "viewBox=\"0 0 ");
		assert_lacks(tag, "width=");
		assert_lacks(tag, "height=");
		free(tag);
	}
	assert_lacks(t, "width=\"1000\"");
	/* Both layouts of each chart, the phone's shown at narrow widths, and the print rules. */
	assert_int_equal(count(t, "<svg class=\"wide\""), 3);
	assert_int_equal(count(t, "<svg class=\"narrow\""), 3);
	assert_has(t, ".chart>svg{display:block;width:100%;height:auto}");
	assert_has(t, "@media screen and (max-width:760px){.chart>svg.wide{display:none}.chart>svg.narrow{display:block}}");
	assert_has(t, "@media print{@page{size:A4;");
	assert_has(t, ".chart{break-inside:avoid");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_trend_axis_spans_the_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trend_points_carry_n_small_week_hollow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bars_carry_n_and_small_groups_stand_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bar_colour_follows_the_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_labels_wrap_never_cut, setup, teardown),
		cmocka_unit_test_setup_teardown(test_previous_period_beside_each_bar, setup, teardown),
		cmocka_unit_test_setup_teardown(test_charts_scale_to_their_box, setup, teardown),
	};
	return cmocka_run_group_tests_name("test_report_chart", tests, NULL, NULL);
}
