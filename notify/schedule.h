/* SPDX-License-Identifier: MIT
 * schedule.h — when a scheduled report is due (DESIGN §13): for a choice of daily, weekly or monthly
 * reports (enum pref_reports), the last complete period of the sites' local days whose report time
 * has come — the local midnight after the period plus report_hour hours — with its key for the
 * queue's topic and its label for people. Only the most recent such period is ever due: a head who
 * opts in gets last week's report, not a backlog. Also the province's monthly SIPAS period. Pure:
 * the time comes in as an argument; the calendar is period.h's. */
#ifndef HL_SCHEDULE_H
#define HL_SCHEDULE_H

#include "period.h"

#include <stddef.h>
#include <stdint.h>

#define SCHEDULE_KEY_MAX 32
#define SCHEDULE_LABEL_MAX 96

struct schedule_period {
	int choice;                   /* enum pref_reports (daily, weekly or monthly) */
	struct period_range days;     /* the period's local days */
	struct period_range prev;     /* the one before, as long (period_previous): to compare with */
	char key[SCHEDULE_KEY_MAX];   /* "daily:2026-11-30", "weekly:2026-W48", "monthly:2026-11" */
	char label[SCHEDULE_LABEL_MAX]; /* "ngày 30/11/2026", "tuần 48/2026 (23/11–29/11/2026)",
					 * "tháng 11/2026" (lang: enum i18n_lang) */
	int64_t due_at;               /* Unix seconds from which its report goes */
};

/* The period of choice due at now (Unix seconds) in utc_offset (seconds east of UTC) with reports
 * at report_hour (0–23) local. HL_OK; HL_ERR_INVALID for a choice that is none or no choice, or an
 * hour out of range. */
int schedule_due(int choice, int64_t now, int utc_offset, int report_hour, int lang, struct schedule_period *out);

/* The province's SIPAS month due at now: the monthly period, its key "2026-11" (the topic is
 * "sipas:2026-11"). Same returns. */
int schedule_sipas(int64_t now, int utc_offset, int report_hour, int lang, struct schedule_period *out);

/* The label of a period of choice over days, in lang, into out. */
void schedule_label(int choice, struct period_range days, int lang, char *out, size_t cap);

#endif
