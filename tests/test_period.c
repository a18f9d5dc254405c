/* SPDX-License-Identifier: MIT
 * test_period.c — the calendar maths reports and roll-ups rest on: day numbers and civil dates agree
 * with an independent day-by-day walk from 1970 to 2100 and with known dates; Unix times fall on the
 * right local day in Vietnam (UTC+7), before 1970 too; what people type as a period parses to the
 * right days and impossible or sloppy input is refused; a range is covered by whole months plus the
 * days before and after them; days format as YYYY-MM-DD; the period before one is the month,
 * quarter or year before, or as many days before. */
#include "hl.h"
#include "period.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define VN_OFFSET 25200 /* UTC+7 */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int32_t civil(int y, int m, int d)
{
	return period_day_from_civil(y, m, d);
}

/* ---- day numbers ------------------------------------------------------------------------------- */

static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(civil(1970, 1, 1), 0);
	assert_int_equal(civil(1970, 1, 2), 1);
	assert_int_equal(civil(1969, 12, 31), -1);
	assert_int_equal(civil(2000, 3, 1), 11017);
	assert_int_equal(civil(2000, 2, 29), 11016);
	assert_int_equal(civil(2024, 2, 29), 19782);
	assert_int_equal(civil(2024, 3, 1), 19783);
	assert_int_equal(civil(2026, 11, 22), 20779);
	assert_int_equal(civil(2100, 12, 31), 47846);
	/* 2100 is not a leap year: 28 Feb is followed by 1 Mar. */
	assert_int_equal(civil(2100, 3, 1) - civil(2100, 2, 28), 1);

	int y, m, d;
	period_civil_from_day(19782, &y, &m, &d);
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	period_civil_from_day(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
}

/* Walks every date from 1970-01-01 to 2100-12-31 by hand and checks both directions on each. */
static void test_every_day_1970_2100(void **state)
{
	int32_t day = 0;
	long checked = 0;

	(void)state;
	for (int y = 1970; y <= 2100; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= month_days(y, m); d++, day++) {
				int yy, mm, dd;
				if (civil(y, m, d) != day)
					fail_msg("%04d-%02d-%02d gave day %d, expected %d", y, m, d,
						 (int)civil(y, m, d), (int)day);
				period_civil_from_day(day, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("day %d gave %04d-%02d-%02d, expected %04d-%02d-%02d", (int)day,
						 yy, mm, dd, y, m, d);
				if (period_month_of_day(day) != y * 100 + m)
					fail_msg("day %d: month %d", (int)day, (int)period_month_of_day(day));
				checked++;
			}
		}
	}
	assert_int_equal(day, 47847);
	assert_int_equal(checked, 47847);
}

static void test_day_of_vietnam(void **state)
{
	/* 2026-11-21T17:00:00Z is midnight of 2026-11-22 in Vietnam. */
	int64_t midnight = (int64_t)civil(2026, 11, 21) * 86400 + 17 * 3600;

	(void)state;
	assert_int_equal(period_day_of(midnight, VN_OFFSET), civil(2026, 11, 22));
	assert_int_equal(period_day_of(midnight - 1, VN_OFFSET), civil(2026, 11, 21));
	assert_int_equal(period_day_of(midnight + 86399, VN_OFFSET), civil(2026, 11, 22));
	assert_int_equal(period_day_of(midnight + 86400, VN_OFFSET), civil(2026, 11, 23));
	/* In UTC the same instants are both still on the 21st. */
	assert_int_equal(period_day_of(midnight, 0), civil(2026, 11, 21));
	assert_int_equal(period_day_of(midnight - 1, 0), civil(2026, 11, 21));
	/* The example rating of DESIGN §4. */
	assert_int_equal(period_day_of(1763700000, VN_OFFSET), civil(2025, 11, 21));
}

static void test_day_of_negative(void **state)
{
	(void)state;
	assert_int_equal(period_day_of(0, 0), 0);
	assert_int_equal(period_day_of(-1, 0), -1);
	assert_int_equal(period_day_of(-86400, 0), -1);
	assert_int_equal(period_day_of(-86401, 0), -2);
	assert_int_equal(period_day_of(-25200, VN_OFFSET), 0);
	assert_int_equal(period_day_of(-25201, VN_OFFSET), -1);
	/* West of UTC: the first seconds of 1970 UTC are still 1969 locally. */
	assert_int_equal(period_day_of(3600, -7200), -1);
}

static void test_month_of_day(void **state)
{
	(void)state;
	assert_int_equal(period_month_of_day(0), 197001);
	assert_int_equal(period_month_of_day(civil(2024, 2, 29)), 202402);
	assert_int_equal(period_month_of_day(civil(2026, 12, 31)), 202612);
	assert_int_equal(period_month_of_day(civil(2027, 1, 1)), 202701);
}

static void test_format_day(void **state)
{
	char buf[11];

	(void)state;
	period_format_day(0, buf);
	assert_string_equal(buf, "1970-01-01");
	period_format_day(civil(2026, 11, 22), buf);
	assert_string_equal(buf, "2026-11-22");
	period_format_day(civil(2024, 2, 29), buf);
	assert_string_equal(buf, "2024-02-29");
	period_format_day(civil(2100, 12, 31), buf);
	assert_string_equal(buf, "2100-12-31");
	period_format_day(-1, buf);
	assert_string_equal(buf, "1969-12-31");
}

/* ---- parsing ----------------------------------------------------------------------------------- */

static void check_parse(const char *text, int32_t from, int32_t to)
{
	struct period_range r = { -123, -456 };

	if (period_parse(text, &r) != HL_OK)
		fail_msg("\"%s\" was refused", text);
	if (r.from != from || r.to != to)
		fail_msg("\"%s\" gave %d..%d, expected %d..%d", text, (int)r.from, (int)r.to, (int)from,
			 (int)to);
}

static void test_parse_valid(void **state)
{
	(void)state;
	check_parse("2026-07-14", civil(2026, 7, 14), civil(2026, 7, 14));
	check_parse("2024-02-29", civil(2024, 2, 29), civil(2024, 2, 29));
	check_parse("1970-01-01", 0, 0);
	check_parse("2026-07", civil(2026, 7, 1), civil(2026, 7, 31));
	check_parse("2026-12", civil(2026, 12, 1), civil(2026, 12, 31));
	check_parse("2024-02", civil(2024, 2, 1), civil(2024, 2, 29));
	check_parse("2026-02", civil(2026, 2, 1), civil(2026, 2, 28));
	check_parse("2026-Q1", civil(2026, 1, 1), civil(2026, 3, 31));
	check_parse("2026-Q3", civil(2026, 7, 1), civil(2026, 9, 30));
	check_parse("2026-Q4", civil(2026, 10, 1), civil(2026, 12, 31));
	check_parse("2024", civil(2024, 1, 1), civil(2024, 12, 31));
	check_parse("2026", civil(2026, 1, 1), civil(2026, 12, 31));

	struct period_range r;
	assert_int_equal(period_parse("2024", &r), HL_OK);
	assert_int_equal(r.to - r.from + 1, 366);
	assert_int_equal(period_parse("2025", &r), HL_OK);
	assert_int_equal(r.to - r.from + 1, 365);
	assert_int_equal(period_parse("2024-02", &r), HL_OK);
	assert_int_equal(r.to - r.from + 1, 29);
	assert_int_equal(period_parse("2026-Q3", &r), HL_OK);
	assert_int_equal(r.to - r.from + 1, 92);
}

static void test_parse_invalid(void **state)
{
	static const char *const bad[] = {
		"2026-13", "2026-00", "2026-02-30", "2025-02-29", "2026-04-31", "2026-07-00",
		"2026-Q5", "2026-Q0", "2026-q3", "26-07", "2026-7", "2026-7-14", "abcd", "",
		"2026-07-14x", "2026-07x", "2026x", " 2026", "2026 ", "-2026", "1969", "1969-12-31",
		"2026/07/14", "2026-07-14T00", "Q3-2026",
	};
	struct period_range r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (period_parse(bad[i], &r) != HL_ERR_INVALID)
			fail_msg("\"%s\" was accepted as %d..%d", bad[i], (int)r.from, (int)r.to);
}

/* sscanf's %d skips blanks and takes a sign: a two-digit field must be two digits. */
static void test_parse_refuses_spaces_and_signs(void **state)
{
	static const char *const bad[] = {
		"2026- 7", "2026-+7", "2026-07- 1", "2026-07-+1", "2026- 7-14", "2026-+7-14", "+202-07",
	};
	struct period_range r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (period_parse(bad[i], &r) != HL_ERR_INVALID)
			fail_msg("\"%s\" was accepted as %d..%d", bad[i], (int)r.from, (int)r.to);
}

/* ---- covering a range with months and days ----------------------------------------------------- */

static void assert_empty_days(struct period_range r)
{
	assert_true(r.from > r.to);
}

static void test_cover_quarter(void **state)
{
	struct period_cover c;

	(void)state;
	period_cover((struct period_range){ civil(2026, 7, 1), civil(2026, 9, 30) }, &c);
	assert_empty_days(c.head_days);
	assert_empty_days(c.tail_days);
	assert_int_equal(c.month_from, 202607);
	assert_int_equal(c.month_to, 202609);
}

static void test_cover_head_and_tail(void **state)
{
	struct period_cover c;

	(void)state;
	period_cover((struct period_range){ civil(2026, 7, 15), civil(2026, 9, 10) }, &c);
	assert_int_equal(c.head_days.from, civil(2026, 7, 15));
	assert_int_equal(c.head_days.to, civil(2026, 7, 31));
	assert_int_equal(c.month_from, 202608);
	assert_int_equal(c.month_to, 202608);
	assert_int_equal(c.tail_days.from, civil(2026, 9, 1));
	assert_int_equal(c.tail_days.to, civil(2026, 9, 10));

	/* Only a tail: starts on the first of a month. */
	period_cover((struct period_range){ civil(2026, 8, 1), civil(2026, 9, 10) }, &c);
	assert_empty_days(c.head_days);
	assert_int_equal(c.month_from, 202608);
	assert_int_equal(c.month_to, 202608);
	assert_int_equal(c.tail_days.from, civil(2026, 9, 1));
	assert_int_equal(c.tail_days.to, civil(2026, 9, 10));

	/* Only a head: ends on the last of a month (February of a leap year). */
	period_cover((struct period_range){ civil(2024, 1, 20), civil(2024, 2, 29) }, &c);
	assert_int_equal(c.head_days.from, civil(2024, 1, 20));
	assert_int_equal(c.head_days.to, civil(2024, 1, 31));
	assert_int_equal(c.month_from, 202402);
	assert_int_equal(c.month_to, 202402);
	assert_empty_days(c.tail_days);
}

static void test_cover_inside_month(void **state)
{
	struct period_cover c;

	(void)state;
	period_cover((struct period_range){ civil(2026, 7, 3), civil(2026, 7, 20) }, &c);
	assert_int_equal(c.head_days.from, civil(2026, 7, 3));
	assert_int_equal(c.head_days.to, civil(2026, 7, 20));
	assert_true(c.month_from > c.month_to);
	assert_empty_days(c.tail_days);

	/* One day. */
	period_cover((struct period_range){ civil(2026, 7, 14), civil(2026, 7, 14) }, &c);
	assert_int_equal(c.head_days.from, civil(2026, 7, 14));
	assert_int_equal(c.head_days.to, civil(2026, 7, 14));
	assert_true(c.month_from > c.month_to);
	assert_empty_days(c.tail_days);

	/* Across one month boundary but with no whole month: all days. */
	period_cover((struct period_range){ civil(2026, 7, 20), civil(2026, 8, 10) }, &c);
	assert_int_equal(c.head_days.from, civil(2026, 7, 20));
	assert_int_equal(c.head_days.to, civil(2026, 8, 10));
	assert_true(c.month_from > c.month_to);
	assert_empty_days(c.tail_days);

	/* A whole single month. */
	period_cover((struct period_range){ civil(2026, 2, 1), civil(2026, 2, 28) }, &c);
	assert_empty_days(c.head_days);
	assert_int_equal(c.month_from, 202602);
	assert_int_equal(c.month_to, 202602);
	assert_empty_days(c.tail_days);
}

static void test_cover_year_boundary(void **state)
{
	struct period_cover c;

	(void)state;
	period_cover((struct period_range){ civil(2025, 11, 15), civil(2026, 2, 10) }, &c);
	assert_int_equal(c.head_days.from, civil(2025, 11, 15));
	assert_int_equal(c.head_days.to, civil(2025, 11, 30));
	assert_int_equal(c.month_from, 202512);
	assert_int_equal(c.month_to, 202601);
	assert_int_equal(c.tail_days.from, civil(2026, 2, 1));
	assert_int_equal(c.tail_days.to, civil(2026, 2, 10));

	/* Whole years. */
	period_cover((struct period_range){ civil(2025, 1, 1), civil(2026, 12, 31) }, &c);
	assert_empty_days(c.head_days);
	assert_int_equal(c.month_from, 202501);
	assert_int_equal(c.month_to, 202612);
	assert_empty_days(c.tail_days);
}

static void test_cover_empty(void **state)
{
	struct period_cover c;

	(void)state;
	period_cover((struct period_range){ civil(2026, 7, 2), civil(2026, 7, 1) }, &c);
	assert_empty_days(c.head_days);
	assert_true(c.month_from > c.month_to);
	assert_empty_days(c.tail_days);
}

/* Every range of a dense sample is covered exactly once: each day in exactly one of head, a whole
 * month or tail, and nothing outside the range. */
static void test_cover_partitions(void **state)
{
	const int32_t lo = civil(2023, 11, 20), hi = civil(2024, 4, 10);

	(void)state;
	for (int32_t from = lo; from <= hi; from += 3) {
		for (int32_t to = from - 1; to <= hi; to += 5) {
			struct period_cover c;
			period_cover((struct period_range){ from, to }, &c);
			if (c.head_days.from <= c.head_days.to && c.tail_days.from <= c.tail_days.to)
				assert_true(c.head_days.to < c.tail_days.from);
			for (int32_t day = from - 40; day <= to + 40; day++) {
				int32_t month = period_month_of_day(day);
				int hits = (day >= c.head_days.from && day <= c.head_days.to) +
					   (month >= c.month_from && month <= c.month_to) +
					   (day >= c.tail_days.from && day <= c.tail_days.to);
				int want = day >= from && day <= to;
				if (hits != want)
					fail_msg("range %d..%d: day %d covered %d times", (int)from, (int)to,
						 (int)day, hits);
			}
		}
	}
}

/* Why a text is not the period asked for, as a person needs it: the fault, or the shape wanted, and a
 * Vietnamese-style date rewritten. */
static void test_why(void **state)
{
	static const struct {
		const char *text;
		enum period_kind kind;
		const char *want;
	} cases[] = {
		{ "2026-02-30", PERIOD_DAY, "2026-02 has 28 days" },
		{ "2028-02-30", PERIOD_DAY, "2028-02 has 29 days" },
		{ "2026-13-01", PERIOD_DAY, "there is no month 13" },
		{ "1969-12-31", PERIOD_DAY, "ratings start in 1970" },
		{ "01/11/2026", PERIOD_DAY, "write it 2026-11-01 (YYYY-MM-DD)" },
		{ "31/02/2026", PERIOD_DAY, "write a day as YYYY-MM-DD, e.g. 2026-11-01 (2026-02 has 28 days)" },
		{ "2026-11", PERIOD_DAY, "write a day as YYYY-MM-DD, e.g. 2026-11-01" },
		{ "2026-13", PERIOD_MONTH, "there is no month 13" },
		{ "11/2026", PERIOD_MONTH, "write it 2026-11 (YYYY-MM)" },
		{ "2026-Q5", PERIOD_QUARTER, "a year has quarters Q1 to Q4" },
		{ "2026-3", PERIOD_QUARTER, "write a quarter as YYYY-QN with N from 1 to 4, e.g. 2026-Q3" },
		{ "26", PERIOD_YEAR, "write a year as YYYY, e.g. 2026" },
		{ "2026-11-01", PERIOD_DAY, "" },
		{ "2026-Q4", PERIOD_QUARTER, "" },
	};
	char why[160];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		period_why(cases[i].text, cases[i].kind, why, sizeof why);
		if (strcmp(why, cases[i].want) != 0)
			fail_msg("'%s': \"%s\", not \"%s\"", cases[i].text, why, cases[i].want);
	}
	period_why("2026-02-30", PERIOD_DAY, why, 8); /* cut, never overrun */
	assert_int_equal(strlen(why), 7);
}

/* ---- the period before, for the charts to compare with ------------------------------------------ */

static void assert_range(struct period_range r, int y1, int m1, int d1, int y2, int m2, int d2)
{
	assert_int_equal(r.from, civil(y1, m1, d1));
	assert_int_equal(r.to, civil(y2, m2, d2));
}

static void test_previous(void **state)
{
	struct period_range r;

	(void)state;
	/* A month: the month before, whatever its length (March's is February, 28 days in 2026). */
	assert_int_equal(period_parse("2026-03", &r), HL_OK);
	assert_range(period_previous(r), 2026, 2, 1, 2026, 2, 28);
	assert_int_equal(period_parse("2024-03", &r), HL_OK);
	assert_range(period_previous(r), 2024, 2, 1, 2024, 2, 29);
	/* January's is December of the year before; a quarter's the quarter before; a year's the year. */
	assert_int_equal(period_parse("2026-01", &r), HL_OK);
	assert_range(period_previous(r), 2025, 12, 1, 2025, 12, 31);
	assert_int_equal(period_parse("2026-Q1", &r), HL_OK);
	assert_range(period_previous(r), 2025, 10, 1, 2025, 12, 31);
	assert_int_equal(period_parse("2026-Q3", &r), HL_OK);
	assert_range(period_previous(r), 2026, 4, 1, 2026, 6, 30);
	assert_int_equal(period_parse("2026", &r), HL_OK);
	assert_range(period_previous(r), 2025, 1, 1, 2025, 12, 31);
	/* Two whole months from the 1st: the two before. */
	r = (struct period_range){ civil(2026, 1, 1), civil(2026, 2, 28) };
	assert_range(period_previous(r), 2025, 11, 1, 2025, 12, 31);
	/* Any other range: as many days, just before. Two weeks from a Monday; one day; a month's end. */
	r = (struct period_range){ civil(2026, 11, 23), civil(2026, 12, 6) };
	assert_range(period_previous(r), 2026, 11, 9, 2026, 11, 22);
	r = (struct period_range){ civil(2026, 3, 1), civil(2026, 3, 1) };
	assert_range(period_previous(r), 2026, 2, 28, 2026, 2, 28);
	r = (struct period_range){ civil(2026, 3, 15), civil(2026, 4, 14) };
	assert_range(period_previous(r), 2026, 2, 12, 2026, 3, 14);
	/* An empty range stays empty. */
	r = (struct period_range){ 5, 4 };
	struct period_range p = period_previous(r);
	assert_true(p.from > p.to);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_days),
		cmocka_unit_test(test_every_day_1970_2100),
		cmocka_unit_test(test_day_of_vietnam),
		cmocka_unit_test(test_day_of_negative),
		cmocka_unit_test(test_month_of_day),
		cmocka_unit_test(test_format_day),
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_refuses_spaces_and_signs),
		cmocka_unit_test(test_cover_quarter),
		cmocka_unit_test(test_cover_head_and_tail),
		cmocka_unit_test(test_cover_inside_month),
		cmocka_unit_test(test_cover_year_boundary),
		cmocka_unit_test(test_cover_empty),
		cmocka_unit_test(test_cover_partitions),
		cmocka_unit_test(test_why),
		cmocka_unit_test(test_previous),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
