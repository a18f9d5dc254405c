/* SPDX-License-Identifier: MIT
 * schedule.c — the due period of schedule.h. Today's local day decides the last period that has
 * ended (yesterday, last week, last month); when its report time has not come yet, the one before it
 * is the due one (report_hour is below 24, so one step back is enough). Weeks are ISO weeks, Monday
 * to Sunday, numbered by the year of their Thursday. */
#include "schedule.h"

#include "hl.h"
#include "i18n.h"
#include "numfmt.h"
#include "store_prefs.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The period of choice that ends last before day `today` (today excluded). */
static struct period_range schedule_ended(int choice, int32_t today)
{
	if (choice == PREF_REPORTS_DAILY)
		return (struct period_range){ today - 1, today - 1 };
	if (choice == PREF_REPORTS_WEEKLY) {
		int32_t monday = period_monday_of(today);
		return (struct period_range){ monday - 7, monday - 1 };
	}
	return period_month_range(period_month_of_day(period_month_range(period_month_of_day(today)).from - 1));
}

void schedule_label(int choice, struct period_range days, int lang, char *out, size_t cap)
{
	char a[16], b[16];
	int y, m, d, wy, wn;
	bool vi = lang != I18N_EN;

	period_civil_from_day(days.from, &y, &m, &d);
	if (choice == PREF_REPORTS_DAILY) {
		snprintf(out, cap, vi ? "ngày %s" : "day %s", numfmt_day(a, sizeof a, lang, days.from));
	} else if (choice == PREF_REPORTS_WEEKLY) {
		int y2, m2, d2;
		period_iso_week(days.from, &wy, &wn);
		period_civil_from_day(days.to, &y2, &m2, &d2);
		numfmt_day(a, sizeof a, lang, days.from);
		numfmt_day(b, sizeof b, lang, days.to);
		if (!vi)
			snprintf(out, cap, "week %d of %d (%s to %s)", wn, wy, a, b);
		else if (y == y2) /* "23/11–29/11/2026": the year once */
			snprintf(out, cap, "tuần %d/%d (%.5s–%s)", wn, wy, a, b);
		else
			snprintf(out, cap, "tuần %d/%d (%s–%s)", wn, wy, a, b);
	} else {
		snprintf(out, cap, vi ? "tháng %02d/%04d" : "month %04d-%02d", vi ? m : y, vi ? y : m);
	}
}

int schedule_due(int choice, int64_t now, int utc_offset, int report_hour, int lang, struct schedule_period *out)
{
	int32_t today = period_day_of(now, utc_offset);
	int y, m, d, wy, wn;

	memset(out, 0, sizeof *out);
	if ((choice != PREF_REPORTS_DAILY && choice != PREF_REPORTS_WEEKLY && choice != PREF_REPORTS_MONTHLY) ||
	    report_hour < 0 || report_hour > 23)
		return HL_ERR_INVALID;
	struct period_range p = schedule_ended(choice, today);
	int64_t due = ((int64_t)p.to + 1) * 86400 - utc_offset + (int64_t)report_hour * 3600;
	if (now < due) {
		p = schedule_ended(choice, p.from);
		due = ((int64_t)p.to + 1) * 86400 - utc_offset + (int64_t)report_hour * 3600;
	}
	out->choice = choice;
	out->days = p;
	out->prev = period_previous(p);
	out->due_at = due;
	period_civil_from_day(p.from, &y, &m, &d);
	if (choice == PREF_REPORTS_DAILY) {
		snprintf(out->key, sizeof out->key, "daily:%04d-%02d-%02d", y, m, d);
	} else if (choice == PREF_REPORTS_WEEKLY) {
		period_iso_week(p.from, &wy, &wn);
		snprintf(out->key, sizeof out->key, "weekly:%04d-W%02d", wy, wn);
	} else {
		snprintf(out->key, sizeof out->key, "monthly:%04d-%02d", y, m);
	}
	schedule_label(choice, p, lang, out->label, sizeof out->label);
	return HL_OK;
}

int schedule_sipas(int64_t now, int utc_offset, int report_hour, int lang, struct schedule_period *out)
{
	int rc = schedule_due(PREF_REPORTS_MONTHLY, now, utc_offset, report_hour, lang, out);

	if (rc == HL_OK) /* "monthly:2026-11" → "2026-11" */
		memmove(out->key, out->key + strlen("monthly:"), strlen(out->key) - strlen("monthly:") + 1);
	return rc;
}
