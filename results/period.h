/* SPDX-License-Identifier: MIT
 * period.h — calendar maths for reports and roll-ups, in the site's local time (Vietnam has one fixed
 * offset and no daylight saving, so a day is a plain count). A "day" is days since 1970-01-01 local;
 * a "month" is YYYYMM. Pure: no clock is read here. */
#ifndef HL_PERIOD_H
#define HL_PERIOD_H

#include <stddef.h>
#include <stdint.h>

/* The local day of Unix time ts at utc_offset seconds east of UTC. */
int32_t period_day_of(int64_t ts, int utc_offset);
/* Day number of a civil date, and back. */
int32_t period_day_from_civil(int y, int m, int d);
void period_civil_from_day(int32_t day, int *y, int *m, int *d);
/* YYYYMM of a day. */
int32_t period_month_of_day(int32_t day);

/* A closed range of days, [from, to]. */
struct period_range {
	int32_t from, to;
};

/* Parses what people type: "2026-07-14" (a day), "2026-07" (a month), "2026-Q3" (a quarter), "2026"
 * (a year). HL_ERR_INVALID for anything else, including impossible dates. */
int period_parse(const char *text, struct period_range *out);

/* What a period option asks for, to say why a text is not one. */
enum period_kind { PERIOD_DAY, PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
/* Why text is not a period of that kind, for people, into out (cap bytes): the fault ("2026-02 has 28
 * days", "there is no month 13", "before 1970") or the shape wanted, with the text rewritten when it
 * was a Vietnamese-style date ("01/11/2026" → "write it 2026-11-01"). "" when text is one. */
void period_why(const char *text, enum period_kind kind, char *out, size_t cap);

/* A report over a range reads whole months from month roll-ups and the rest from day roll-ups. */
struct period_cover {
	struct period_range head_days; /* empty when from > to */
	int32_t month_from, month_to;  /* YYYYMM; empty when month_from > month_to */
	struct period_range tail_days;
};
void period_cover(struct period_range r, struct period_cover *out);

/* The period before r, to compare with: as many whole months before when r is whole months (a
 * month, a quarter, a year: the one before), else as many days before. */
struct period_range period_previous(struct period_range r);

/* The Monday of the week (ISO: Monday to Sunday) of a day, and the day's ISO 8601 week: *year the
 * ISO year (the year of the week's Thursday, so 2026-12-28 … 2027-01-03 is 2026-W53), *week 1..53. */
int32_t period_monday_of(int32_t day);
void period_iso_week(int32_t day, int *year, int *week);
/* The days of month YYYYMM. */
struct period_range period_month_range(int32_t month);

/* Writes the day as YYYY-MM-DD into out (11 bytes). */
void period_format_day(int32_t day, char out[11]);

#endif
