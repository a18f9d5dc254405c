/* SPDX-License-Identifier: MIT
 * numfmt.c — the writers of numfmt.h. Civil dates come from gmtime_r on a shifted time (UTC has no
 * zone rules, so the machine's TZ and locale never matter); the decimal separator is put in by hand
 * rather than through setlocale, which would change it for the whole process. It owns nothing. */
#include "numfmt.h"

#include "i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *numfmt_num(char *out, size_t cap, int lang, double v, int decimals)
{
	if (!cap)
		return out;
	if (isnan(v)) {
		snprintf(out, cap, "—");
		return out;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	snprintf(out, cap, "%.*f", decimals, v);
	/* "-0,0" for a tiny negative number says nothing a reader wants. */
	if (out[0] == '-' && strspn(out + 1, "0.") == strlen(out + 1))
		memmove(out, out + 1, strlen(out));
	if (lang != I18N_EN)
		for (char *p = out; *p; p++)
			if (*p == '.')
				*p = ',';
	return out;
}

static bool civil(int64_t local, struct tm *tm)
{
	time_t x = (time_t)local;

	return gmtime_r(&x, tm) != NULL;
}

const char *numfmt_day(char *out, size_t cap, int lang, int32_t day)
{
	struct tm tm;

	if (!cap)
		return out;
	if (!civil((int64_t)day * 86400, &tm))
		snprintf(out, cap, "?");
	else if (lang == I18N_EN)
		snprintf(out, cap, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	else
		snprintf(out, cap, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
	return out;
}

int32_t numfmt_day_of(int64_t t, int utc_offset)
{
	int64_t local = t + utc_offset;

	/* Floor division: a time before 1970 belongs to the day before. */
	return (int32_t)(local >= 0 ? local / 86400 : -((-local + 86399) / 86400));
}

const char *numfmt_zone(char *out, size_t cap, int utc_offset)
{
	int a = utc_offset < 0 ? -utc_offset : utc_offset;
	char sign = utc_offset < 0 ? '-' : '+';

	if (!cap)
		return out;
	if (a % 3600 / 60)
		snprintf(out, cap, "%c%02d:%02d", sign, a / 3600, a % 3600 / 60);
	else
		snprintf(out, cap, "%c%02d", sign, a / 3600);
	return out;
}

const char *numfmt_time(char *out, size_t cap, int lang, int64_t t, int utc_offset, bool seconds)
{
	char day[16], zone[8], clock[12];
	struct tm tm;

	if (!cap)
		return out;
	if (!civil(t + utc_offset, &tm)) {
		snprintf(out, cap, "%lld", (long long)t);
		return out;
	}
	numfmt_day(day, sizeof day, lang, numfmt_day_of(t, utc_offset));
	numfmt_zone(zone, sizeof zone, utc_offset);
	if (seconds)
		snprintf(clock, sizeof clock, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(clock, sizeof clock, "%02d:%02d", tm.tm_hour, tm.tm_min);
	snprintf(out, cap, "%s %s %s", day, clock, zone);
	return out;
}
