/* SPDX-License-Identifier: MIT
 * test_numfmt.c — numbers, days and times as people read them: the decimal comma in Vietnamese and
 * the point in English, rounding, "—" for no figure and no "-0,0"; days dd/mm/yyyy and YYYY-MM-DD,
 * also before 1970 and on 29 February; the local day of a time near midnight; the zone written as
 * "+07", "+05:30", "-03"; a time in local time with its zone, whatever the machine's TZ says; and a
 * buffer too small is cut, never overrun. */
#include "i18n.h"
#include "numfmt.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VN (7 * 3600)

static void numbers_in_each_language(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(numfmt_num(b, sizeof b, I18N_VI, 70.66, 1), "70,7");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_EN, 70.66, 1), "70.7");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_VI, 100, 1), "100,0");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_VI, 12.345, 2), "12,35");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_VI, 42, 0), "42");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_VI, NAN, 1), "—");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_EN, NAN, 1), "—");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_VI, -0.01, 1), "0,0");
	assert_string_equal(numfmt_num(b, sizeof b, I18N_VI, -2.5, 1), "-2,5");
	/* An unknown language is Vietnamese, the default. */
	assert_string_equal(numfmt_num(b, sizeof b, 7, 1.5, 1), "1,5");
	/* Cut, never overrun. */
	assert_string_equal(numfmt_num(b, 3, I18N_VI, 70.66, 1), "70");
}

static void days_in_each_language(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(numfmt_day(b, sizeof b, I18N_VI, 20424), "02/12/2025");
	assert_string_equal(numfmt_day(b, sizeof b, I18N_EN, 20424), "2025-12-02");
	assert_string_equal(numfmt_day(b, sizeof b, I18N_VI, 0), "01/01/1970");
	assert_string_equal(numfmt_day(b, sizeof b, I18N_EN, -1), "1969-12-31");
	assert_string_equal(numfmt_day(b, sizeof b, I18N_VI, 20513), "01/03/2026");
	assert_string_equal(numfmt_day(b, sizeof b, I18N_EN, 22339), "2031-03-01");
	assert_string_equal(numfmt_day(b, sizeof b, I18N_VI, 22338), "28/02/2031");
	assert_string_equal(numfmt_day(b, sizeof b, I18N_VI, 19782), "29/02/2024");
}

static void local_day_and_zone(void **state)
{
	char b[16];

	(void)state;
	/* 2025-12-01 17:00:00 UTC is midnight of 2 December at +07. */
	assert_int_equal(numfmt_day_of(1764608400, VN), 20424);
	assert_int_equal(numfmt_day_of(1764608399, VN), 20423);
	assert_int_equal(numfmt_day_of(1764608400, 0), 20423);
	assert_int_equal(numfmt_day_of(-1, 0), -1);
	assert_string_equal(numfmt_zone(b, sizeof b, VN), "+07");
	assert_string_equal(numfmt_zone(b, sizeof b, 330 * 60), "+05:30");
	assert_string_equal(numfmt_zone(b, sizeof b, -3 * 3600), "-03");
	assert_string_equal(numfmt_zone(b, sizeof b, -210 * 60), "-03:30");
	assert_string_equal(numfmt_zone(b, sizeof b, 0), "+00");
}

static void times_with_their_zone_whatever_tz_says(void **state)
{
	char b[48];

	(void)state;
	/* The machine's zone must not matter: the sites' is the configured one. */
	setenv("TZ", "America/New_York", 1);
	tzset();
	/* 2025-12-01 18:06:09 UTC. */
	assert_string_equal(numfmt_time(b, sizeof b, I18N_VI, 1764612369, VN, false), "02/12/2025 01:06 +07");
	assert_string_equal(numfmt_time(b, sizeof b, I18N_EN, 1764612369, VN, false), "2025-12-02 01:06 +07");
	assert_string_equal(numfmt_time(b, sizeof b, I18N_EN, 1764612369, VN, true), "2025-12-02 01:06:09 +07");
	assert_string_equal(numfmt_time(b, sizeof b, I18N_EN, 1764612369, 0, false), "2025-12-01 18:06 +00");
	assert_string_equal(numfmt_time(b, sizeof b, I18N_EN, 1764612369, 330 * 60, false), "2025-12-01 23:36 +05:30");
	unsetenv("TZ");
	tzset();
	assert_string_equal(numfmt_time(b, 6, I18N_EN, 1764612369, VN, false), "2025-");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_in_each_language),
		cmocka_unit_test(days_in_each_language),
		cmocka_unit_test(local_day_and_zone),
		cmocka_unit_test(times_with_their_zone_whatever_tz_says),
	};
	return cmocka_run_group_tests_name("test_numfmt", tests, NULL, NULL);
}
