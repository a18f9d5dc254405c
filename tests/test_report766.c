/* SPDX-License-Identifier: MIT
 * test_report766.c — the `report 766` model and its four writers (results/report766.h). The rows are
 * the union of the groups with dossier data and those with ratings, each site's procedures in code
 * order then its total, and a total of all only over several sites; a group with ratings and no
 * dossiers, or dossiers and no ratings, has no rate and no points (shown "—", empty, null), never 0;
 * a site's total counts the months any of its procedures had data; the figures are dossier.c's and
 * the ratings' QĐ 766-style rate (index.c) — 88.89 % and 1.98 points for 1 overdue of 9 with every
 * rating clean. Only whole months are a period. Every format says it is an estimate and prints the
 * formula; the table keeps its columns; the CSV is machine-readable (decimal point, ISO dates); the
 * JSON has nulls where there is no data; the HTML page is Vietnamese (lang, decimal comma, dd/mm/yyyy,
 * "Quý IV/2026"), escapes names, and has the phone and print rules. */
#include "dossier.h"
#include "hl.h"
#include "i18n.h"
#include "period.h"
#include "report.h"
#include "report766.h"
#include "rollup.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define SITE_A "sct-bentre"
#define SITE_B "ubnd-xa-an-hoi"
#define P1 "1.001234"
#define P2 "2.000204"
#define P3 "2.000512"
#define NAME_P1 "Đăng ký thực hiện khuyến mại <b>"

/* ---- fixture ------------------------------------------------------------------------------------ */

static struct dossier_row drow(const char *site, const char *proc, int32_t month, int64_t resolved, int64_t overdue,
			       int64_t complaints)
{
	struct dossier_row r = { .month = month, .c = { resolved + 1, resolved, overdue, complaints } };

	snprintf(r.site, sizeof r.site, "%s", site);
	snprintf(r.procedure, sizeof r.procedure, "%s", proc);
	return r;
}

/* A roll-up row of n ratings (scale 5) of which clean have no dissatisfied answer and no reason. */
static struct rollup_row rrow(const char *site, const char *code, int64_t n, int64_t clean)
{
	struct rollup_row r = { .key = { .dim = ROLLUP_PROCEDURE, .grain = -1, .scale = 5 } };

	snprintf(r.key.site, sizeof r.key.site, "%s", site);
	snprintf(r.key.code, sizeof r.key.code, "%s", code);
	r.c.n = n;
	r.c.clean = clean;
	r.c.level[SURVEY_Q_OFFICER][4] = clean;
	r.c.level[SURVEY_Q_OFFICER][0] = n - clean;
	return r;
}

struct fixture {
	struct report766 r;
	struct report_row *procs, *sites;
	size_t np, ns;
	struct index_group ptotal, total;
	struct roster roster;
	struct roster_entry proc_names[1];
};

/* Site A: P1 (Oct, Nov; 1 of 9 overdue in all, every rating clean), P2 (Oct, no ratings), P3
 * (ratings, no dossiers), ratings without a procedure. Site B: P1 in Dec, no ratings at all. */
static void build(struct fixture *f, const char *site)
{
	struct dossier_row d[] = {
		drow(SITE_A, P1, 202610, 5, 1, 0), drow(SITE_A, P1, 202611, 4, 0, 0), drow(SITE_A, P2, 202610, 10, 2, 1),
		drow(SITE_B, P1, 202612, 20, 0, 0),
	};
	struct rollup_row p[] = { rrow(SITE_A, "", 4, 2), rrow(SITE_A, P1, 10, 10), rrow(SITE_A, P3, 40, 30) };
	struct rollup_row s[] = { rrow(SITE_A, "", 54, 42) };
	size_t nd = site && strcmp(site, SITE_A) == 0 ? 3 : 4;

	memset(f, 0, sizeof *f);
	f->r.days = (struct period_range){ period_day_from_civil(2026, 10, 1), period_day_from_civil(2026, 12, 31) };
	f->r.site = site;
	f->r.max_points = 2.0;
	f->r.generated = 1795000000; /* 2026-11-18 */
	f->r.utc_offset = 25200;
	snprintf(f->proc_names[0].code, sizeof f->proc_names[0].code, "%s", P1);
	snprintf(f->proc_names[0].name, sizeof f->proc_names[0].name, "%s", NAME_P1);
	f->roster.e[ROSTER_PROCEDURE] = f->proc_names;
	f->roster.n[ROSTER_PROCEDURE] = 1;
	assert_int_equal(report_group(p, 3, &f->procs, &f->np, &f->ptotal), HL_OK);
	assert_int_equal(report_group(s, 1, &f->sites, &f->ns, &f->total), HL_OK);
	assert_int_equal(report766_build(&f->r, d, nd, f->procs, f->np, f->sites, f->ns, &f->total, &f->roster), HL_OK);
}

static void done(struct fixture *f)
{
	report766_free(&f->r);
	free(f->procs);
	free(f->sites);
}

static char *written(const struct report766 *r, enum report_format fmt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(report766_write(f, fmt, r), HL_OK);
	fclose(f);
	return text;
}

#define assert_has(text, needle)                                                                     \
	do {                                                                                          \
		if (!strstr((text), (needle)))                                                        \
			fail_msg("missing '%s' in:\n%s", (needle), (text));                          \
	} while (0)
#define assert_lacks(text, needle)                                                                   \
	do {                                                                                          \
		if (strstr((text), (needle)))                                                         \
			fail_msg("should not hold '%s':\n%s", (needle), (text));                     \
	} while (0)

/* ---- the model ---------------------------------------------------------------------------------- */

static void test_rows_are_the_union_with_totals(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, NULL);
	const struct { int kind; const char *site, *proc; } want[] = {
		{ REPORT766_PROCEDURE, SITE_A, "" }, { REPORT766_PROCEDURE, SITE_A, P1 }, { REPORT766_PROCEDURE, SITE_A, P2 },
		{ REPORT766_PROCEDURE, SITE_A, P3 }, { REPORT766_SITE, SITE_A, "" },      { REPORT766_PROCEDURE, SITE_B, P1 },
		{ REPORT766_SITE, SITE_B, "" },      { REPORT766_ALL, "", "" },
	};
	assert_int_equal(f.r.nrows, 8);
	assert_int_equal(f.r.nsites, 2);
	assert_true(f.r.dossiers);
	assert_int_equal(f.r.month_from, 202610);
	assert_int_equal(f.r.month_to, 202612);
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(f.r.rows[i].kind, want[i].kind);
		assert_string_equal(f.r.rows[i].site, want[i].site);
		assert_string_equal(f.r.rows[i].procedure, want[i].proc);
	}
	/* A/P1: 1 of 9 overdue, every rating clean: 88.89 %, 1.98 points; its roster name. */
	const struct report766_row *p1 = &f.r.rows[1];
	assert_int_equal(dossier_sum_months(&p1->d), 2);
	assert_int_equal(p1->d.c.resolved, 9);
	assert_int_equal(p1->ratings, 10);
	assert_true(fabs(p1->e.dissatisfied_pct) < 1e-9);
	assert_true(fabs(p1->e.rate - 88.89) < 1e-9);
	assert_true(fabs(p1->e.points - 1.98) < 1e-9);
	assert_string_equal(p1->name, NAME_P1);
	/* A/P2: dossiers, no ratings; A/P3: ratings, no dossiers: no rate either way. */
	assert_int_equal(f.r.rows[2].ratings, 0);
	assert_true(isnan(f.r.rows[2].e.rate) && isnan(f.r.rows[2].e.points));
	assert_true(!isnan(f.r.rows[2].e.overdue_pct));
	assert_int_equal(dossier_sum_months(&f.r.rows[3].d), 0);
	assert_true(fabs(f.r.rows[3].e.dissatisfied_pct - 25.0) < 1e-9);
	assert_true(isnan(f.r.rows[3].e.rate));
	/* A's total: two months with data, 19 resolved, 3 overdue, 1 complaint; the site's 54 ratings. */
	const struct report766_row *ta = &f.r.rows[4];
	assert_int_equal(dossier_sum_months(&ta->d), 2);
	assert_int_equal(ta->d.c.resolved, 19);
	assert_int_equal(ta->d.c.overdue, 3);
	assert_int_equal(ta->d.c.complaints, 1);
	assert_int_equal(ta->ratings, 54);
	double want_rate = 100 - (300.0 / 19 + 100.0 / 19 + 100.0 * 12 / 54);
	assert_true(fabs(ta->e.rate - round(want_rate * 100) / 100) < 1e-9);
	/* B has dossiers and no ratings at all: its total has no rate. */
	assert_true(isnan(f.r.rows[6].e.rate));
	/* All: every month of the quarter had a row somewhere. */
	assert_int_equal(dossier_sum_months(&f.r.rows[7].d), 3);
	assert_int_equal(f.r.rows[7].d.c.resolved, 39);
	assert_int_equal(f.r.rows[7].ratings, 54);
	done(&f);
}

static void test_one_site_has_no_total_of_all(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, SITE_A);
	assert_int_equal(f.r.nsites, 1);
	assert_int_equal(f.r.nrows, 5);
	assert_int_equal(f.r.rows[4].kind, REPORT766_SITE);
	done(&f);
}

static void test_nothing_at_all(void **state)
{
	struct report766 r = { .days = { period_day_from_civil(2026, 1, 1), period_day_from_civil(2026, 12, 31) },
			       .max_points = 2, .lang = I18N_EN };
	struct index_group none = { .rate766 = NAN };

	(void)state;
	assert_int_equal(report766_build(&r, NULL, 0, NULL, 0, NULL, 0, &none, NULL), HL_OK);
	assert_int_equal(r.nrows, 0);
	assert_false(r.dossiers);
	char *t = written(&r, REPORT_TABLE);
	assert_has(t, "no dossier data for this period");
	free(t);
	t = written(&r, REPORT_HTML);
	assert_has(t, "Chưa có số liệu hồ sơ của kỳ này");
	assert_has(t, "Năm 2026");
	free(t);
	report766_free(&r);
}

static void test_whole_months_only(void **state)
{
	(void)state;
	assert_true(report766_period_ok((struct period_range){ period_day_from_civil(2026, 11, 1), period_day_from_civil(2026, 11, 30) }));
	assert_true(report766_period_ok((struct period_range){ period_day_from_civil(2026, 10, 1), period_day_from_civil(2026, 12, 31) }));
	assert_true(report766_period_ok((struct period_range){ period_day_from_civil(2026, 1, 1), period_day_from_civil(2026, 12, 31) }));
	assert_false(report766_period_ok((struct period_range){ period_day_from_civil(2026, 11, 2), period_day_from_civil(2026, 11, 30) }));
	assert_false(report766_period_ok((struct period_range){ period_day_from_civil(2026, 11, 1), period_day_from_civil(2026, 12, 15) }));
	assert_false(report766_period_ok((struct period_range){ period_day_from_civil(2026, 11, 1), period_day_from_civil(2027, 1, 31) }));
}

/* ---- the writers -------------------------------------------------------------------------------- */

static void test_table_says_estimate_and_no_data(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, NULL);
	/* In Vietnamese (the default): the words, the decimal comma, dd/mm/yyyy. */
	char *t = written(&f.r, REPORT_TABLE);
	assert_has(t, "Tiêu chí mức độ hài lòng theo QĐ 766, ước tính, Quý IV/2026 (01/10/2026 đến 31/12/2026)");
	assert_has(t, "điểm tối đa 2; * dưới 30 lượt đánh giá");
	assert_has(t, "88,89");
	assert_has(t, "\ntất cả          (cộng)");
	assert_has(t, "2 đơn vị\n");
	assert_lacks(t, "88.89");
	free(t);
	f.r.lang = I18N_EN;
	t = written(&f.r, REPORT_TABLE);
	assert_has(t, "QĐ 766 satisfaction criterion, estimate (ước tính), 2026-Q4 (2026-10-01 to 2026-12-31)");
	assert_has(t, "estimated rate = 100% - (overdue% + complaint% + dissatisfied%)");
	assert_has(t, "max points 2;");
	/* Every data line has the same columns up to the name: the points end at one column. */
	char *line = strstr(t, "\nsct-bentre      1.001234");
	assert_non_null(line);
	assert_has(line, "2/3");
	assert_has(line, "88.89");
	assert_has(line, "1.98  " NAME_P1);
	char *p2 = strstr(t, "\nsct-bentre      2.000204");
	assert_non_null(p2);
	assert_true(strstr(p2, "—") < strchr(p2 + 1, '\n'));
	assert_has(t, "\nall             (total)"); /* the site column as wide as its longest */
	assert_has(t, "2 sites\n");
	free(t);
	done(&f);
}

static void test_csv_is_machine_readable(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, NULL);
	char *t = written(&f.r, REPORT_CSV);
	assert_memory_equal(t, "\xEF\xBB\xBF" "period,from,to,site,procedure,name,row,months,", 49);
	assert_has(t, "2026-Q4,2026-10-01,2026-12-31,sct-bentre,1.001234,Đăng ký thực hiện khuyến mại <b>,procedure,2,3,11,9,1,0,"
		      "11.11,0.00,10,0.00,88.89,1.98,2,ước tính,");
	/* No ratings: dissatisfied, rate and points empty, not 0. */
	assert_has(t, "sct-bentre,2.000204,,procedure,1,3,11,10,2,1,20.00,10.00,0,,,,2,ước tính,");
	assert_has(t, ",site_total,");
	assert_has(t, ",,,,total,3,3,");
	assert_has(t, "\r\n");
	free(t);
	done(&f);
}

static void test_json_has_nulls_for_no_data(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, NULL);
	char *t = written(&f.r, REPORT_JSON);
	cJSON *root = cJSON_Parse(t);
	assert_non_null(root);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(root, "estimate")));
	assert_string_equal(cJSON_GetObjectItem(root, "period")->valuestring, "2026-Q4");
	assert_non_null(strstr(cJSON_GetObjectItem(root, "formula_vi")->valuestring, "ước tính"));
	cJSON *sites = cJSON_GetObjectItem(root, "sites");
	assert_int_equal(cJSON_GetArraySize(sites), 2);
	cJSON *a = cJSON_GetArrayItem(sites, 0);
	assert_string_equal(cJSON_GetObjectItem(a, "site")->valuestring, SITE_A);
	cJSON *procs = cJSON_GetObjectItem(a, "procedures");
	assert_int_equal(cJSON_GetArraySize(procs), 4);
	cJSON *p1 = cJSON_GetArrayItem(procs, 1);
	assert_string_equal(cJSON_GetObjectItem(p1, "procedure")->valuestring, P1);
	assert_true(fabs(cJSON_GetObjectItem(p1, "rate")->valuedouble - 88.89) < 1e-9);
	assert_true(fabs(cJSON_GetObjectItem(p1, "points")->valuedouble - 1.98) < 1e-9);
	cJSON *p3 = cJSON_GetArrayItem(procs, 3);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(p3, "dossiers")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(p3, "rate")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(p3, "points")));
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "total"), "months")->valueint, 2);
	assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "total"), "ratings")->valueint, 54);
	cJSON_Delete(root);
	free(t);
	done(&f);
}

static void test_html_is_vietnamese_escaped_and_fits(void **state)
{
	struct fixture f;

	(void)state;
	build(&f, NULL);
	char *t = written(&f.r, REPORT_HTML);
	assert_has(t, "<html lang=\"vi\">");
	assert_has(t, "default-src 'none'");
	assert_has(t, "<span class=\"badge\">ước tính</span>");
	assert_has(t, "Quý IV/2026 (01/10/2026 – 31/12/2026)");
	assert_has(t, "Lập lúc 18/11/2026");
	assert_has(t, "Tỷ lệ (ước tính) = 100 % − (tỷ lệ hồ sơ quá hạn");
	assert_has(t, "88,89 %");
	assert_has(t, "1,98 / 2");
	assert_has(t, "11,1 %");
	assert_has(t, "Đăng ký thực hiện khuyến mại &lt;b&gt;");
	assert_false(strstr(t, "khuyến mại <b>"));
	assert_has(t, "data-label=\"Tỷ lệ ước tính\"");
	assert_has(t, "title=\"không có số liệu\">—");
	assert_has(t, "Tổng cộng các đơn vị");
	assert_has(t, "@media screen and (max-width:600px)");
	assert_has(t, "@media print{@page{size:A4");
	/* No decimal point in a Vietnamese figure. */
	assert_false(strstr(t, "88.89"));
	free(t);
	done(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_are_the_union_with_totals),
		cmocka_unit_test(test_one_site_has_no_total_of_all),
		cmocka_unit_test(test_nothing_at_all),
		cmocka_unit_test(test_whole_months_only),
		cmocka_unit_test(test_table_says_estimate_and_no_data),
		cmocka_unit_test(test_csv_is_machine_readable),
		cmocka_unit_test(test_json_has_nulls_for_no_data),
		cmocka_unit_test(test_html_is_vietnamese_escaped_and_fits),
	};
	return cmocka_run_group_tests_name("test_report766", tests, NULL, NULL);
}
