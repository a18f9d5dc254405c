/* SPDX-License-Identifier: MIT
 * test_dossier.c — the dossiers file and the QĐ 766 estimate (results/dossier.h). A good file reads
 * whole whatever its column order, header case, BOM, CRLF or spaces around fields; every bad row is a
 * fault of its own line that names the column and shows the value (a decimal, a thousands separator,
 * a minus, an empty cell, an impossible or a future month, a bad or unknown site or procedure,
 * overdue or complaints above resolved, too many or too few fields, a broken quote), and every fault
 * of a file is found in one reading; a header that lacks, repeats or adds a column, an empty file and
 * one of only the header are faults; the same site, procedure and month twice is a fault of the later
 * line naming the earlier. The maths: the rate is 100 − (overdue % + complaint % + dissatisfied %),
 * dissatisfied % the complement of the ratings' QĐ 766-style rate; full points at 90 % and above,
 * rate × max ÷ 90 below; the rate is rounded to 0.01 before the points (89.996 % earns full points,
 * 1/9 overdue is 88.89 % and 1.98 points); a rate below 0 is 0; no dossier data, nothing resolved,
 * no ratings each give no rate (NaN), never 0; the points of other maxima; sums tell months apart. */
#include "dossier.h"
#include "hl.h"
#include "i18n.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define HEADER "site,procedure,month,received,resolved,overdue,complaints\n"

/* ---- helpers ------------------------------------------------------------------------------------ */

static void read_text(struct dossier_sheet *sh, const char *text, const struct dossier_rules *rules)
{
	memset(sh, 0, sizeof *sh);
	assert_int_equal(dossier_sheet_read(sh, text, strlen(text), rules), HL_OK);
}

struct seen {
	size_t n;
	size_t line[64];
	char msg[64][320];
};

static void collect(void *ud, size_t line, const char *msg)
{
	struct seen *s = ud;

	if (s->n < 64) {
		s->line[s->n] = line;
		snprintf(s->msg[s->n], sizeof s->msg[0], "%s", msg);
		s->n++;
	}
}

/* The faults of text, in line order. */
static void faults_of(const char *text, const struct dossier_rules *rules, struct seen *s)
{
	struct dossier_sheet sh;

	memset(s, 0, sizeof *s);
	read_text(&sh, text, rules);
	size_t total = dossier_sheet_faults(&sh, 0, collect, s);
	assert_int_equal(total, s->n);
	dossier_sheet_free(&sh);
}

/* Asserts fault i is on line and its message holds text. */
static void expect_fault(const struct seen *s, size_t i, size_t line, const char *text)
{
	if (i >= s->n)
		fail_msg("fault %zu missing (%zu faults); wanted line %zu: %s", i, s->n, line, text);
	if (s->line[i] != line || !strstr(s->msg[i], text))
		fail_msg("fault %zu is line %zu: '%s'; wanted line %zu with '%s'", i, s->line[i], s->msg[i], line, text);
}

static const char *known_sites[] = { "sct-bentre", "ubnd-xa-an-hoi", NULL };
static const char *known_procs[] = { "1.001234", "2.000204", NULL };

static bool in_list(const char *const *list, const char *v)
{
	for (; *list; list++)
		if (strcmp(*list, v) == 0)
			return true;
	return false;
}

static bool site_known(void *ud, const char *site)
{
	(void)ud;
	return in_list(known_sites, site);
}

static bool proc_known(void *ud, const char *p)
{
	(void)ud;
	return in_list(known_procs, p);
}

static struct dossier_estimate est(int64_t resolved, int64_t overdue, int64_t complaints, int64_t ratings, double rate766,
				   double max)
{
	struct dossier_counts c = { resolved, resolved, overdue, complaints };
	struct dossier_estimate e;

	dossier_estimate(&c, ratings, rate766, max, &e);
	return e;
}

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

/* ---- reading ------------------------------------------------------------------------------------ */

static void test_good_file_any_order(void **state)
{
	struct dossier_sheet sh;

	(void)state;
	/* Excel's "CSV UTF-8": a BOM, CRLF, the columns in its own order and case, spaces around. */
	read_text(&sh,
		  "\xEF\xBB\xBF" "Month, Site ,procedure,RECEIVED,resolved,overdue,complaints\r\n"
		  "2026-10,sct-bentre, 1.001234 ,48,47,3,1\r\n"
		  "2026-11,sct-bentre,1.001234,0,0,0,0\r\n"
		  "\r\n"
		  "2026-11,ubnd-xa-an-hoi,2.000204, 12 ,15,15,0\r\n",
		  NULL);
	assert_int_equal(sh.faults_total, 0);
	assert_int_equal(sh.nrows, 3);
	assert_string_equal(sh.rows[0].site, "sct-bentre");
	assert_string_equal(sh.rows[0].procedure, "1.001234");
	assert_int_equal(sh.rows[0].month, 202610);
	assert_int_equal(sh.rows[0].c.received, 48);
	assert_int_equal(sh.rows[0].c.resolved, 47);
	assert_int_equal(sh.rows[0].c.overdue, 3);
	assert_int_equal(sh.rows[0].c.complaints, 1);
	assert_int_equal(sh.rows[0].line, 2);
	assert_int_equal(sh.rows[1].c.resolved, 0);
	/* Received and resolved are not compared: a month resolves what earlier months received. */
	assert_int_equal(sh.rows[2].c.received, 12);
	assert_int_equal(sh.rows[2].c.resolved, 15);
	assert_int_equal(sh.rows[2].line, 5);
	dossier_sheet_free(&sh);
}

static void test_row_faults_name_line_and_column(void **state)
{
	struct seen s;

	(void)state;
	faults_of(HEADER
		  "sct-bentre,1.001234,2026-10,48,47,3,1\n"          /* 2: good */
		  "sct-bentre,1.001234,2026-11,10,1.5,0,0\n"         /* 3 */
		  "sct-bentre,1.001234,2026-12,1.250,5,0,0\n"        /* 4 */
		  "sct-bentre,2.000204,2026-10,-3,5,0,\n"            /* 5: two faults */
		  "sct-bentre,2.000204,2026-11,5,5,7,0\n"            /* 6 */
		  "sct-bentre,2.000204,2026-12,5,5,0,6\n"            /* 7 */
		  "sct-bentre,1.004471,2026-13,5,5,0,0\n"            /* 8 */
		  "sct-bentre,1.004471,11/2026,5,5,0,0\n"            /* 9 */
		  "SCT Bến Tre,1.004471,2026-10,5,5,0,0\n"           /* 10 */
		  "sct-bentre,thủ tục,2026-10,5,5,0,0\n"             /* 11 */
		  "sct-bentre,1.004471,2026-10,99999999999,5,0,0\n"  /* 12 */
		  "sct-bentre,1.004471,2026-10,5,5\n"                /* 13 */
		  "sct-bentre,,2026-10,5,5,0,0\n",                   /* 14 */
		  NULL, &s);
	expect_fault(&s, 0, 3, "resolved '1.5' is not a whole number >= 0");
	expect_fault(&s, 1, 4, "received '1.250' is not a whole number >= 0 (write it without a thousands separator");
	expect_fault(&s, 2, 5, "received '-3' is not a whole number >= 0");
	expect_fault(&s, 3, 5, "complaints is empty; write 0");
	expect_fault(&s, 4, 6, "overdue 7 is more than resolved 5");
	expect_fault(&s, 5, 7, "complaints 6 is more than resolved 5");
	expect_fault(&s, 6, 8, "month '2026-13' is not a month YYYY-MM: there is no month 13");
	expect_fault(&s, 7, 9, "month '11/2026' is not a month YYYY-MM");
	expect_fault(&s, 8, 10, "site 'SCT Bến Tre' must match [a-z0-9-]{1,32}");
	expect_fault(&s, 9, 11, "procedure 'thủ tục' must match [A-Za-z0-9._-]{1,32}");
	expect_fault(&s, 10, 12, "received 99999999999 is more than 10000000");
	expect_fault(&s, 11, 13, "5 fields, expected 7");
	expect_fault(&s, 12, 14, "procedure is empty");
	assert_int_equal(s.n, 13);
}

static void test_rules_known_site_procedure_and_month(void **state)
{
	struct dossier_rules rules = { site_known, proc_known, NULL, 202612 };
	struct seen s;

	(void)state;
	faults_of(HEADER
		  "sct-bentre,1.001234,2026-12,1,1,0,0\n"  /* the current month: allowed */
		  "sct-hanoi,1.001234,2026-10,1,1,0,0\n"
		  "sct-bentre,9.999999,2026-10,1,1,0,0\n"
		  "sct-bentre,2.000204,2027-01,1,1,0,0\n",
		  &rules, &s);
	assert_int_equal(s.n, 3);
	expect_fault(&s, 0, 3, "site 'sct-hanoi' is not known");
	expect_fault(&s, 1, 4, "procedure '9.999999' is not one of the roster's procedures");
	expect_fault(&s, 2, 5, "month 2027-01 has not begun (this is 2026-12)");
}

static void test_header_faults(void **state)
{
	struct seen s;

	(void)state;
	faults_of("site,procedure,month,received,resolved,overdue\nsct-bentre,1.001234,2026-10,1,1,0\n", NULL, &s);
	assert_int_equal(s.n, 1);
	expect_fault(&s, 0, 1, "the header must be 'site,procedure,month,received,resolved,overdue,complaints' (in any order)");
	expect_fault(&s, 0, 1, "'complaints' is missing");
	faults_of("site,procedure,month,received,resolved,overdue,complaints,note\n", NULL, &s);
	expect_fault(&s, 0, 1, "column 'note' is not one of them");
	faults_of("site,procedure,month,received,resolved,resolved,complaints\n", NULL, &s);
	expect_fault(&s, 0, 1, "'resolved' is given twice");
	faults_of("", NULL, &s);
	expect_fault(&s, 0, 0, "the file is empty");
	faults_of(HEADER, NULL, &s);
	expect_fault(&s, 0, 0, "no rows after the header");
	/* A broken quote is the CSV's fault, with the line it opened on. */
	faults_of(HEADER "sct-bentre,1.001234,2026-10,1,1,0,0\n\"sct-bentre,1.001234,2026-11,1,1,0,0\n", NULL, &s);
	expect_fault(&s, 0, 3, "unterminated quote");
}

static void test_repeated_row_is_a_fault_of_the_later_line(void **state)
{
	struct seen s;

	(void)state;
	faults_of(HEADER
		  "sct-bentre,1.001234,2026-10,1,1,0,0\n"
		  "sct-bentre,1.001234,2026-11,1,1,0,0\n"
		  "ubnd-xa-an-hoi,1.001234,2026-10,1,1,0,0\n"
		  "sct-bentre,1.001234,2026-10,2,2,0,0\n"
		  "sct-bentre,1.001234,2026-10,3,3,0,0\n",
		  NULL, &s);
	assert_int_equal(s.n, 2);
	expect_fault(&s, 0, 5, "site sct-bentre, procedure 1.001234, month 2026-10 is also on line 2");
	expect_fault(&s, 1, 6, "site sct-bentre, procedure 1.001234, month 2026-10 is also on line 2");
}

static void test_many_faults_are_counted_beyond_those_kept(void **state)
{
	size_t n = DOSSIER_FAULTS_KEPT + 50, len = strlen(HEADER);
	char *text = malloc(len + n * 40 + 1);
	struct dossier_sheet sh;

	(void)state;
	assert_non_null(text);
	memcpy(text, HEADER, len);
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(text + len, "sct-bentre,1.001234,2026-10,x,1,0,0\n");
	read_text(&sh, text, NULL);
	assert_int_equal(sh.faults_total, n);
	assert_int_equal(sh.nfaults, DOSSIER_FAULTS_KEPT);
	assert_int_equal(sh.nrows, 0);
	dossier_sheet_free(&sh);
	free(text);
}

static void test_counts_and_months_valid(void **state)
{
	(void)state;
	assert_true(dossier_counts_valid(&(struct dossier_counts){ 0, 0, 0, 0 }));
	assert_true(dossier_counts_valid(&(struct dossier_counts){ 3, 10, 10, 10 }));
	assert_false(dossier_counts_valid(&(struct dossier_counts){ -1, 0, 0, 0 }));
	assert_false(dossier_counts_valid(&(struct dossier_counts){ 0, 1, 2, 0 }));
	assert_false(dossier_counts_valid(&(struct dossier_counts){ 0, 1, 0, 2 }));
	assert_false(dossier_counts_valid(&(struct dossier_counts){ DOSSIER_COUNT_MAX + 1, 0, 0, 0 }));
	assert_true(dossier_month_valid(202612));
	assert_false(dossier_month_valid(202613));
	assert_false(dossier_month_valid(202600));
	assert_false(dossier_month_valid(196912));
}

/* ---- the estimate ------------------------------------------------------------------------------- */

static void test_rate_is_100_minus_the_three_shares(void **state)
{
	(void)state;
	/* 4 of 200 overdue (2 %), 2 complaints (1 %), 95 % of 100 ratings clean (5 % dissatisfied). */
	struct dossier_estimate e = est(200, 4, 2, 100, 95.0, 2.0);
	assert_near(e.overdue_pct, 2.0);
	assert_near(e.complaint_pct, 1.0);
	assert_near(e.dissatisfied_pct, 5.0);
	assert_near(e.rate, 92.0);
	assert_near(e.points, 2.0); /* at or above 90 %: full points */
}

static void test_points_below_and_at_ninety(void **state)
{
	(void)state;
	/* 9 of 90 overdue (10 %), 1 % dissatisfied: 89 % → 89 × 2 ÷ 90 = 1.977… → 1.98. */
	struct dossier_estimate e = est(90, 9, 0, 100, 99.0, 2.0);
	assert_near(e.rate, 89.0);
	assert_near(e.points, 1.98);
	/* Exactly 90 %: full points. */
	e = est(100, 10, 0, 10, 100.0, 2.0);
	assert_near(e.rate, 90.0);
	assert_near(e.points, 2.0);
	/* Another maximum: 45 % of 18 points is half of them. */
	e = est(100, 55, 0, 10, 100.0, 18.0);
	assert_near(e.rate, 45.0);
	assert_near(e.points, 9.0);
	assert_near(dossier_points(100.0, 18.0), 18.0);
	assert_true(isnan(dossier_points(NAN, 2.0)));
}

static void test_rounding_before_the_points(void **state)
{
	(void)state;
	/* 1 of 9 overdue: 11.111… % → 88.888… % → 88.89 %, whose points are 88.89 × 2 ÷ 90 = 1.9753 → 1.98. */
	struct dossier_estimate e = est(9, 1, 0, 10, 100.0, 2.0);
	assert_near(e.rate, 88.89);
	assert_near(e.points, 1.98);
	/* 10.004 % dissatisfied: 89.996 % is printed 90.00 % and earns what 90.00 % earns. */
	e = est(100, 0, 0, 1000, 89.996, 2.0);
	assert_near(e.rate, 90.0);
	assert_near(e.points, 2.0);
	assert_near(dossier_round2(1.005 + 1e-9), 1.01);
	assert_near(dossier_round2(2.344), 2.34);
}

static void test_rate_never_below_zero(void **state)
{
	(void)state;
	struct dossier_estimate e = est(10, 5, 4, 10, 70.0, 2.0);
	assert_near(e.overdue_pct + e.complaint_pct + e.dissatisfied_pct, 120.0);
	assert_near(e.rate, 0.0);
	assert_near(e.points, 0.0);
}

static void test_no_data_is_not_zero(void **state)
{
	struct dossier_estimate e;
	struct dossier_counts none_resolved = { 5, 0, 0, 0 };

	(void)state;
	/* No dossier data: the terminal's share alone, no rate. */
	dossier_estimate(NULL, 50, 90.0, 2.0, &e);
	assert_true(isnan(e.overdue_pct) && isnan(e.complaint_pct));
	assert_near(e.dissatisfied_pct, 10.0);
	assert_true(isnan(e.rate) && isnan(e.points));
	/* Dossiers received but none resolved: no shares to take. */
	dossier_estimate(&none_resolved, 50, 90.0, 2.0, &e);
	assert_true(isnan(e.overdue_pct) && isnan(e.rate) && isnan(e.points));
	/* No ratings: no dissatisfied share, no rate — not 100 %. */
	e = est(100, 0, 0, 0, NAN, 2.0);
	assert_near(e.overdue_pct, 0.0);
	assert_true(isnan(e.dissatisfied_pct) && isnan(e.rate) && isnan(e.points));
	e = est(100, 0, 0, 0, 100.0, 2.0);
	assert_true(isnan(e.dissatisfied_pct) && isnan(e.rate));
}

static void test_max_points_parse(void **state)
{
	double v = 0;

	(void)state;
	assert_int_equal(dossier_max_points_parse("2", &v), HL_OK);
	assert_near(v, 2.0);
	assert_int_equal(dossier_max_points_parse("1.5", &v), HL_OK);
	assert_near(v, 1.5);
	assert_int_equal(dossier_max_points_parse("100", &v), HL_OK);
	const char *bad[] = { "", "0", "0.0", "-1", "101", "1.2.3", "2 ", "abc", "1e2", "1,5", NULL };
	for (int i = 0; bad[i]; i++)
		if (dossier_max_points_parse(bad[i], &v) != HL_ERR_INVALID)
			fail_msg("'%s' was taken as points", bad[i]);
}

static void test_sums_tell_months_apart(void **state)
{
	struct dossier_sum s = { 0 };
	struct dossier_counts a = { 10, 8, 1, 0 }, b = { 5, 6, 0, 2 };

	(void)state;
	assert_int_equal(dossier_month_index(202610, 202610), 0);
	assert_int_equal(dossier_month_index(202610, 202612), 2);
	assert_int_equal(dossier_month_index(202611, 202702), 3);
	dossier_sum_add(&s, &a, 0);
	dossier_sum_add(&s, &b, 0);
	dossier_sum_add(&s, &a, 2);
	assert_int_equal(dossier_sum_months(&s), 2);
	assert_int_equal(s.c.received, 25);
	assert_int_equal(s.c.resolved, 22);
	assert_int_equal(s.c.overdue, 2);
	assert_int_equal(s.c.complaints, 2);
}

static void test_formula_says_estimate_in_both_languages(void **state)
{
	(void)state;
	assert_non_null(strstr(dossier_formula(I18N_VI), "ước tính"));
	assert_non_null(strstr(dossier_formula(I18N_VI), "≥ 90 %"));
	assert_non_null(strstr(dossier_formula(I18N_EN), "estimate"));
	assert_non_null(strstr(dossier_formula(I18N_EN), "100% - (overdue% + complaint% + dissatisfied%)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_file_any_order),
		cmocka_unit_test(test_row_faults_name_line_and_column),
		cmocka_unit_test(test_rules_known_site_procedure_and_month),
		cmocka_unit_test(test_header_faults),
		cmocka_unit_test(test_repeated_row_is_a_fault_of_the_later_line),
		cmocka_unit_test(test_many_faults_are_counted_beyond_those_kept),
		cmocka_unit_test(test_counts_and_months_valid),
		cmocka_unit_test(test_rate_is_100_minus_the_three_shares),
		cmocka_unit_test(test_points_below_and_at_ninety),
		cmocka_unit_test(test_rounding_before_the_points),
		cmocka_unit_test(test_rate_never_below_zero),
		cmocka_unit_test(test_no_data_is_not_zero),
		cmocka_unit_test(test_max_points_parse),
		cmocka_unit_test(test_sums_tell_months_apart),
		cmocka_unit_test(test_formula_says_estimate_in_both_languages),
	};
	return cmocka_run_group_tests_name("test_dossier", tests, NULL, NULL);
}
