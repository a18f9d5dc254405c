/* SPDX-License-Identifier: MIT
 * test_schedule.c — when a scheduled report is due (notify/schedule.h), in Vietnam's UTC+7: a
 * Sunday 23:30 local is still the old week (and a Monday 00:30 local, still Sunday in UTC, the new
 * one); with reports at 07:00 a Monday 06:59 is not yet due and 07:00 is; ISO weeks 53 and 1 across
 * a year end, named by the year of their Thursday; months of 28, 29 and 31 days with the month
 * before to compare; the labels people read, Vietnamese and English; and "once per week": three
 * weeks walked hour by hour through a sink that answers has from what it was given give exactly
 * three weekly topics, none twice, and a new sink over the same records (a restart) adds nothing. */
#include "digest.h"
#include "hl.h"
#include "i18n.h"
#include "period.h"
#include "schedule.h"
#include "store_prefs.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define VN 25200 /* UTC+7 */

/* Unix seconds of a local time in UTC+7. */
static int64_t local(int y, int m, int d, int h, int min)
{
	return (int64_t)period_day_from_civil(y, m, d) * 86400 - VN + h * 3600 + min * 60;
}

static struct schedule_period due(int choice, int64_t now, int hour, int lang)
{
	struct schedule_period p;

	assert_int_equal(schedule_due(choice, now, VN, hour, lang, &p), HL_OK);
	return p;
}

static void assert_days(struct period_range r, int y, int m, int d, int y2, int m2, int d2)
{
	assert_int_equal(r.from, period_day_from_civil(y, m, d));
	assert_int_equal(r.to, period_day_from_civil(y2, m2, d2));
}

static void test_week_boundaries(void **state)
{
	(void)state;
	/* Sunday 29/11/2026 23:30 local (16:30 UTC): week 48 is not over, week 47 is the due one. */
	struct schedule_period p = due(PREF_REPORTS_WEEKLY, local(2026, 11, 29, 23, 30), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W47");
	assert_days(p.days, 2026, 11, 16, 2026, 11, 22);
	/* Monday 30/11 06:59: not yet. */
	p = due(PREF_REPORTS_WEEKLY, local(2026, 11, 30, 6, 59), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W47");
	/* 07:00: week 48, from that very second. */
	p = due(PREF_REPORTS_WEEKLY, local(2026, 11, 30, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W48");
	assert_days(p.days, 2026, 11, 23, 2026, 11, 29);
	assert_days(p.prev, 2026, 11, 16, 2026, 11, 22);
	assert_int_equal(p.due_at, local(2026, 11, 30, 7, 0));
	assert_string_equal(p.label, "tuần 48/2026 (23/11–29/11/2026)");
	/* Monday 00:30 local is Sunday 17:30 UTC: with reports at midnight the local week decides. */
	p = due(PREF_REPORTS_WEEKLY, local(2026, 11, 30, 0, 30), 0, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W48");
	p = due(PREF_REPORTS_WEEKLY, local(2026, 11, 29, 23, 59), 0, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W47");
	/* A whole week later it is still week 49 until the next Monday's hour. */
	p = due(PREF_REPORTS_WEEKLY, local(2026, 12, 7, 6, 0), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W48");
	p = due(PREF_REPORTS_WEEKLY, local(2026, 12, 7, 7, 0), 7, I18N_EN);
	assert_string_equal(p.key, "weekly:2026-W49");
	assert_string_equal(p.label, "week 49 of 2026 (2026-11-30 to 2026-12-06)");
}

static void test_day_boundaries(void **state)
{
	(void)state;
	struct schedule_period p = due(PREF_REPORTS_DAILY, local(2026, 12, 1, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "daily:2026-11-30");
	assert_string_equal(p.label, "ngày 30/11/2026");
	assert_days(p.prev, 2026, 11, 29, 2026, 11, 29);
	p = due(PREF_REPORTS_DAILY, local(2026, 12, 1, 6, 59), 7, I18N_VI);
	assert_string_equal(p.key, "daily:2026-11-29");
	/* Across a month's and a year's end. */
	p = due(PREF_REPORTS_DAILY, local(2027, 1, 1, 8, 0), 7, I18N_EN);
	assert_string_equal(p.key, "daily:2026-12-31");
	assert_string_equal(p.label, "day 2026-12-31");
}

static void test_iso_year_end(void **state)
{
	(void)state;
	/* 2026 has 53 ISO weeks (31/12/2026 is a Thursday): week 53 runs into 2027. */
	struct schedule_period p = due(PREF_REPORTS_WEEKLY, local(2027, 1, 4, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W53");
	assert_days(p.days, 2026, 12, 28, 2027, 1, 3);
	assert_string_equal(p.label, "tuần 53/2026 (28/12/2026–03/01/2027)");
	p = due(PREF_REPORTS_WEEKLY, local(2027, 1, 11, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2027-W01");
	assert_string_equal(p.label, "tuần 1/2027 (04/01–10/01/2027)");
	/* 2026's week 1 begins in 2025 (01/01/2026 is a Thursday). */
	p = due(PREF_REPORTS_WEEKLY, local(2026, 1, 5, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2026-W01");
	assert_days(p.days, 2025, 12, 29, 2026, 1, 4);
	assert_string_equal(p.label, "tuần 1/2026 (29/12/2025–04/01/2026)");
	/* 2025 has 52 weeks: the week before is 2025-W52. */
	p = due(PREF_REPORTS_WEEKLY, local(2025, 12, 29, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "weekly:2025-W52");
	int y, wk;
	period_iso_week(period_day_from_civil(2021, 1, 3), &y, &wk);
	assert_int_equal(y, 2020);
	assert_int_equal(wk, 53);
	period_iso_week(period_day_from_civil(2024, 12, 30), &y, &wk);
	assert_int_equal(y, 2025);
	assert_int_equal(wk, 1);
}

static void test_months(void **state)
{
	(void)state;
	struct schedule_period p = due(PREF_REPORTS_MONTHLY, local(2026, 3, 1, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "monthly:2026-02");
	assert_int_equal(p.days.to - p.days.from + 1, 28);
	assert_days(p.prev, 2026, 1, 1, 2026, 1, 31);
	assert_string_equal(p.label, "tháng 02/2026");
	p = due(PREF_REPORTS_MONTHLY, local(2028, 3, 1, 7, 0), 7, I18N_VI);
	assert_string_equal(p.key, "monthly:2028-02");
	assert_int_equal(p.days.to - p.days.from + 1, 29);
	p = due(PREF_REPORTS_MONTHLY, local(2026, 2, 1, 7, 0), 7, I18N_EN);
	assert_string_equal(p.key, "monthly:2026-01");
	assert_int_equal(p.days.to - p.days.from + 1, 31);
	assert_days(p.prev, 2025, 12, 1, 2025, 12, 31);
	assert_string_equal(p.label, "month 2026-01");
	/* Before the hour on the first: still the month before last. */
	p = due(PREF_REPORTS_MONTHLY, local(2026, 3, 1, 6, 59), 7, I18N_VI);
	assert_string_equal(p.key, "monthly:2026-01");
	/* The province's SIPAS month. */
	assert_int_equal(schedule_sipas(local(2026, 12, 1, 7, 0), VN, 7, I18N_VI, &p), HL_OK);
	assert_string_equal(p.key, "2026-11");
	assert_string_equal(p.label, "tháng 11/2026");
	assert_days(p.days, 2026, 11, 1, 2026, 11, 30);
	/* No choice, no hour. */
	assert_int_equal(schedule_due(PREF_REPORTS_NONE, local(2026, 3, 1, 7, 0), VN, 7, I18N_VI, &p), HL_ERR_INVALID);
	assert_int_equal(schedule_due(PREF_REPORTS_WEEKLY, local(2026, 3, 1, 7, 0), VN, 24, I18N_VI, &p), HL_ERR_INVALID);
}

/* ---- once per week ------------------------------------------------------------------------------ */

#define MAX_RECORDS 64

/* What a delivery queue keeps: topic and recipient. */
struct records {
	char topic[MAX_RECORDS][MESSAGE_TOPIC_MAX];
	size_t n;
};

struct fake_sink {
	struct records *rec; /* shared by the sinks: the database across a restart */
	int adds;
};

static int fake_has(void *ud, const char *topic, const char *recipient, bool *yes)
{
	struct fake_sink *f = ud;

	(void)recipient;
	*yes = false;
	for (size_t i = 0; i < f->rec->n; i++)
		if (strcmp(f->rec->topic[i], topic) == 0)
			*yes = true;
	return HL_OK;
}

static int fake_add(void *ud, const struct message *m)
{
	struct fake_sink *f = ud;

	assert_true(f->rec->n < MAX_RECORDS);
	snprintf(f->rec->topic[f->rec->n++], MESSAGE_TOPIC_MAX, "%s", m->topic);
	f->adds++;
	return HL_OK;
}

/* What a planner does each hour: the due period; queued unless the sink has it. */
static void plan_hour(const struct digest_sink *sink, int64_t now)
{
	struct schedule_period p = due(PREF_REPORTS_WEEKLY, now, 7, I18N_VI);
	struct message m = { 0 };
	bool yes;

	snprintf(m.topic, sizeof m.topic, "report:%s", p.key);
	snprintf(m.recipient, sizeof m.recipient, "user:lanhdao");
	assert_int_equal(sink->has(sink->ud, m.topic, m.recipient, &yes), HL_OK);
	if (!yes)
		assert_int_equal(sink->add(sink->ud, &m), HL_OK);
}

static void test_once_per_week(void **state)
{
	static struct records rec;
	struct fake_sink f = { &rec, 0 }, g = { &rec, 0 };
	struct digest_sink sink = { fake_has, fake_add, &f }, again = { fake_has, fake_add, &g };
	/* Monday 02/11/2026 07:00, when week 44's report is due, for three weeks: weeks 44, 45, 46. */
	const int64_t start = local(2026, 11, 2, 7, 0);

	(void)state;
	for (int64_t t = start; t < start + 21 * 86400; t += 3600)
		plan_hour(&sink, t);
	assert_int_equal(f.adds, 3);
	assert_int_equal(rec.n, 3);
	assert_string_equal(rec.topic[0], "report:weekly:2026-W44");
	assert_string_equal(rec.topic[1], "report:weekly:2026-W45");
	assert_string_equal(rec.topic[2], "report:weekly:2026-W46");
	for (size_t i = 0; i < rec.n; i++)
		for (size_t j = i + 1; j < rec.n; j++)
			assert_string_not_equal(rec.topic[i], rec.topic[j]);
	/* A restart: a new sink over the same records, the same hours again: nothing. */
	for (int64_t t = start; t < start + 21 * 86400; t += 3600)
		plan_hour(&again, t);
	assert_int_equal(g.adds, 0);
	assert_int_equal(rec.n, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week_boundaries),
		cmocka_unit_test(test_day_boundaries),
		cmocka_unit_test(test_iso_year_end),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_once_per_week),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
