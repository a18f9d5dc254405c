/* SPDX-License-Identifier: MIT
 * period.c — civil-date conversions use the well-known era/day-of-era arithmetic, which is exact for
 * every date in the proleptic Gregorian calendar and needs no tables. */
#include "period.h"

#include "hl.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int64_t period_floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int32_t period_day_of(int64_t ts, int utc_offset)
{
	return (int32_t)period_floordiv(ts + utc_offset, 86400);
}

int32_t period_day_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = period_floordiv(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void period_civil_from_day(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = period_floordiv(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int32_t period_month_of_day(int32_t day)
{
	int y, m, d;

	period_civil_from_day(day, &y, &m, &d);
	return y * 100 + m;
}

static int period_days_in_month(int y, int m)
{
	int next = m == 12 ? period_day_from_civil(y + 1, 1, 1) : period_day_from_civil(y, m + 1, 1);
	return next - period_day_from_civil(y, m, 1);
}

/* True when text has exactly the shape of pattern, where '9' stands for one ASCII digit. sscanf alone
 * would also take " 7" or "+7" for a two-digit field. */
static bool period_shape(const char *text, const char *pattern)
{
	for (; *pattern; text++, pattern++)
		if (*pattern == '9' ? *text < '0' || *text > '9' : *text != *pattern)
			return false;
	return *text == '\0';
}

int period_parse(const char *text, struct period_range *out)
{
	int y, m, d, q, n = 0;

	if (period_shape(text, "9999-99-99") && sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10) {
		if (m < 1 || m > 12 || d < 1 || d > period_days_in_month(y, m))
			return HL_ERR_INVALID;
		out->from = out->to = period_day_from_civil(y, m, d);
	} else if (period_shape(text, "9999-Q9") && sscanf(text, "%4d-Q%1d%n", &y, &q, &n) == 2 && n == 7) {
		if (q < 1 || q > 4)
			return HL_ERR_INVALID;
		out->from = period_day_from_civil(y, 3 * q - 2, 1);
		out->to = (q == 4 ? period_day_from_civil(y + 1, 1, 1) : period_day_from_civil(y, 3 * q + 1, 1)) - 1;
	} else if (period_shape(text, "9999-99") && sscanf(text, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7) {
		if (m < 1 || m > 12)
			return HL_ERR_INVALID;
		out->from = period_day_from_civil(y, m, 1);
		out->to = out->from + period_days_in_month(y, m) - 1;
	} else if (period_shape(text, "9999") && sscanf(text, "%4d%n", &y, &n) == 1 && n == 4) {
		out->from = period_day_from_civil(y, 1, 1);
		out->to = period_day_from_civil(y + 1, 1, 1) - 1;
	} else {
		return HL_ERR_INVALID;
	}
	if (y < 1970)
		return HL_ERR_INVALID;
	return HL_OK;
}

/* The fault in a date of y-m-d (d 0: a month), or NULL when there is none. */
static const char *period_date_fault(int y, int m, int d, char *buf, size_t cap)
{
	if (y < 1970)
		return "ratings start in 1970";
	if (m < 1 || m > 12) {
		snprintf(buf, cap, "there is no month %d", m);
		return buf;
	}
	if (d && (d < 1 || d > period_days_in_month(y, m))) {
		snprintf(buf, cap, "%04d-%02d has %d days", y, m, period_days_in_month(y, m));
		return buf;
	}
	return NULL;
}

void period_why(const char *text, enum period_kind kind, char *out, size_t cap)
{
	static const char *const shape[] = { [PERIOD_DAY] = "write a day as YYYY-MM-DD, e.g. 2026-11-01",
					     [PERIOD_MONTH] = "write a month as YYYY-MM, e.g. 2026-11",
					     [PERIOD_QUARTER] = "write a quarter as YYYY-QN with N from 1 to 4, e.g. 2026-Q3",
					     [PERIOD_YEAR] = "write a year as YYYY, e.g. 2026" };
	char buf[64];
	const char *fault;
	int y = 0, m = 0, d = 0, q = 0, n = 0;
	struct period_range r;

	if (cap == 0)
		return;
	out[0] = '\0';
	if ((int)kind < PERIOD_DAY || kind > PERIOD_YEAR)
		return;
	/* Vietnamese habits: dd/mm/yyyy and mm/yyyy. */
	if (kind == PERIOD_DAY && sscanf(text, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && n == (int)strlen(text)) {
		if ((fault = period_date_fault(y, m, d, buf, sizeof buf)))
			snprintf(out, cap, "%s (%s)", shape[kind], fault);
		else
			snprintf(out, cap, "write it %04d-%02d-%02d (YYYY-MM-DD)", y, m, d);
		return;
	}
	if (kind == PERIOD_MONTH && sscanf(text, "%2d/%4d%n", &m, &y, &n) == 2 && n == (int)strlen(text)) {
		if ((fault = period_date_fault(y, m, 0, buf, sizeof buf)))
			snprintf(out, cap, "%s (%s)", shape[kind], fault);
		else
			snprintf(out, cap, "write it %04d-%02d (YYYY-MM)", y, m);
		return;
	}
	bool day = period_shape(text, "9999-99-99"), month = period_shape(text, "9999-99");
	bool quarter = period_shape(text, "9999-Q9"), year = period_shape(text, "9999");
	if ((kind == PERIOD_DAY && day) || (kind == PERIOD_MONTH && month) || (kind == PERIOD_QUARTER && quarter) ||
	    (kind == PERIOD_YEAR && year)) {
		if (period_parse(text, &r) == HL_OK)
			return;
		sscanf(text, "%4d", &y);
		if (quarter)
			fault = sscanf(text + 5, "Q%1d", &q) == 1 && (q < 1 || q > 4) ? "a year has quarters Q1 to Q4"
										   : period_date_fault(y, 1, 0, buf, sizeof buf);
		else if (day || month)
			fault = sscanf(text + 5, "%2d-%2d", &m, &d) >= 1 ? period_date_fault(y, m, day ? d : 0, buf, sizeof buf)
									 : NULL;
		else
			fault = period_date_fault(y, 1, 0, buf, sizeof buf);
		snprintf(out, cap, "%s", fault ? fault : shape[kind]);
		return;
	}
	snprintf(out, cap, "%s", shape[kind]);
}

void period_cover(struct period_range r, struct period_cover *out)
{
	int y, m, d;
	int32_t first_full, last_full; /* first day of the first whole month, last day of the last one */

	out->head_days = (struct period_range){ 1, 0 };
	out->tail_days = (struct period_range){ 1, 0 };
	out->month_from = 1;
	out->month_to = 0;
	if (r.from > r.to)
		return;
	period_civil_from_day(r.from, &y, &m, &d);
	first_full = d == 1 ? r.from : r.from - d + 1 + period_days_in_month(y, m);
	period_civil_from_day(r.to + 1, &y, &m, &d);
	last_full = r.to + 1 - (d - 1) - 1;
	if (first_full > last_full) {
		out->head_days = r;
		return;
	}
	if (r.from < first_full)
		out->head_days = (struct period_range){ r.from, first_full - 1 };
	out->month_from = period_month_of_day(first_full);
	out->month_to = period_month_of_day(last_full);
	if (last_full < r.to)
		out->tail_days = (struct period_range){ last_full + 1, r.to };
}

void period_format_day(int32_t day, char out[11])
{
	int y, m, d;

	period_civil_from_day(day, &y, &m, &d);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

struct period_range period_previous(struct period_range r)
{
	int y, m, d, y2, m2, d2;
	int32_t len = r.to - r.from + 1;

	if (r.from > r.to)
		return r;
	period_civil_from_day(r.from, &y, &m, &d);
	period_civil_from_day(r.to + 1, &y2, &m2, &d2);
	if (d == 1 && d2 == 1) { /* whole months: as many whole months before */
		int months = (y2 - y) * 12 + (m2 - m), py = y, pm = m - months;
		while (pm < 1) {
			pm += 12;
			py--;
		}
		return (struct period_range){ period_day_from_civil(py, pm, 1), r.from - 1 };
	}
	return (struct period_range){ r.from - len, r.from - 1 };
}

int32_t period_monday_of(int32_t day)
{
	/* Day 0, 1970-01-01, was a Thursday: (day + 3) mod 7 is 0 on a Monday. */
	return day - (int32_t)(((int64_t)day + 3) - period_floordiv((int64_t)day + 3, 7) * 7);
}

void period_iso_week(int32_t day, int *year, int *week)
{
	int32_t thursday = period_monday_of(day) + 3;
	int m, d;

	period_civil_from_day(thursday, year, &m, &d);
	*week = (thursday - period_day_from_civil(*year, 1, 1)) / 7 + 1;
}

struct period_range period_month_range(int32_t month)
{
	int y = month / 100, m = month % 100;
	int32_t from = period_day_from_civil(y, m, 1);

	return (struct period_range){ from, from + period_days_in_month(y, m) - 1 };
}
