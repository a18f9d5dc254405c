/* SPDX-License-Identifier: MIT
 * flags.c — the plain data of flags.h: the names of kinds, subjects and states, the default
 * thresholds, the growing candidate list, and the alert a serious flag is published as, with the hour
 * it is held to (flag_alert_due: the time comes in as an argument, like every time here). It owns only
 * a list's array; the rules live in flag_engine.c and flag_trend.c, status messages in flag_status.c.
 * It must not touch SQLite, MQTT or the clock; the alert JSON is built with cJSON. */
#include "flags.h"

#include "flag_evidence.h"
#include "ingest.h"
#include "period.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------------------------- */

static const char *const flag_kinds[FLAG_KIND_COUNT] = { "serious", "burst",	 "trend", "integrity",
							 "stuffing", "clock", "offline", "fault" };
/* Vietnamese first, English second (STYLE 13), NFC. */
static const char *const flag_labels[FLAG_KIND_COUNT][2] = {
	{ "Nghiêm trọng", "serious complaint" },
	{ "Nhiều ý kiến chưa hài lòng", "burst of dissatisfaction" },
	{ "Xu hướng xấu", "worsening trend" },
	{ "Bất thường thiết bị", "terminal integrity" },
	{ "Đánh giá nhanh bất thường", "rating stuffing" },
	{ "Đồng hồ thiết bị sai", "terminal clock" },
	{ "Thiết bị mất kết nối", "terminal offline" },
	{ "Lỗi thiết bị", "terminal fault" },
};
static const char *const flag_state_labels[FLAG_STATE_COUNT][2] = {
	{ "Mới mở", "Open" },
	{ "Đã xác nhận", "Acknowledged" },
	{ "Đã xử lý xong", "Resolved" },
};
static const char *const flag_subject_labels[FLAG_SUBJ_COUNT][2] = {
	{ "Cán bộ", "Officer" },
	{ "Thủ tục", "Procedure" },
	{ "Quầy", "Counter" },
	{ "Thiết bị tại quầy", "Terminal at counter" },
};
static const char *const flag_subjects[FLAG_SUBJ_COUNT] = { "officer", "procedure", "counter", "terminal" };
static const char *const flag_states[FLAG_STATE_COUNT] = { "open", "acknowledged", "resolved" };

static int flag_find(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *flag_kind_name(int kind)
{
	return kind >= 0 && kind < FLAG_KIND_COUNT ? flag_kinds[kind] : NULL;
}

const char *flag_kind_label(int kind, int lang)
{
	return kind >= 0 && kind < FLAG_KIND_COUNT && lang >= 0 && lang < 2 ? flag_labels[kind][lang] : NULL;
}

const char *flag_state_label(int state, int lang)
{
	return state >= 0 && state < FLAG_STATE_COUNT && lang >= 0 && lang < 2 ? flag_state_labels[state][lang] : NULL;
}

const char *flag_subject_label(int subject_type, int lang)
{
	return subject_type >= 0 && subject_type < FLAG_SUBJ_COUNT && lang >= 0 && lang < 2
		       ? flag_subject_labels[subject_type][lang]
		       : NULL;
}

const char *flag_subject_name(int subject_type)
{
	return subject_type >= 0 && subject_type < FLAG_SUBJ_COUNT ? flag_subjects[subject_type] : NULL;
}

const char *flag_state_name(int state)
{
	return state >= 0 && state < FLAG_STATE_COUNT ? flag_states[state] : NULL;
}

int flag_kind_parse(const char *name)
{
	return flag_find(flag_kinds, FLAG_KIND_COUNT, name);
}

int flag_subject_parse(const char *name)
{
	return flag_find(flag_subjects, FLAG_SUBJ_COUNT, name);
}

int flag_state_parse(const char *name)
{
	return flag_find(flag_states, FLAG_STATE_COUNT, name);
}

void flag_params_default(struct flag_params *p)
{
	p->burst_window = 15 * 60;
	p->burst_min_ratings = 4;
	p->burst_share = 50;
	p->stuffing_window = 20;
	p->stuffing_max = 3;
	p->offline_max = 30 * 60;
	p->trend_min_n = 30;
	p->trend_days = 30;
	p->clock_max_age = INGEST_CLOCK_MAX_AGE;
}

/* ---- candidate lists --------------------------------------------------------------------------- */

int flag_list_push(struct flag_list *l, const struct flag_candidate *c)
{
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK)
		return HL_ERR_NOMEM;
	l->v[l->n++] = *c;
	return HL_OK;
}

void flag_list_clear(struct flag_list *l)
{
	l->n = 0;
}

void flag_list_free(struct flag_list *l)
{
	if (!l)
		return;
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* ---- alerts ------------------------------------------------------------------------------------- */

bool flag_kind_alerts(int kind)
{
	return kind == FLAG_SERIOUS;
}

int flag_alert_encode(const struct flag_alert *a, char *buf, size_t cap, size_t *len)
{
	const char *kind = flag_kind_name(a->kind), *type = flag_subject_name(a->subject_type);
	cJSON *root;
	char day[11];
	int rc = HL_ERR_NOMEM;

	*len = 0;
	if (!kind || !type)
		return HL_ERR_INVALID;
	period_format_day(a->day, day);
	root = cJSON_CreateObject();
	if (root && flag_evidence_int(root, "id", a->id) && flag_evidence_str(root, "kind", kind) &&
	    flag_evidence_str(root, "site", a->site ? a->site : "") && flag_evidence_str(root, "subject_type", type) &&
	    flag_evidence_str(root, "subject", a->subject ? a->subject : "") &&
	    flag_evidence_str(root, "summary", a->summary ? a->summary : "") && flag_evidence_str(root, "day", day)) {
		rc = HL_ERR_RANGE;
		if (cap <= INT32_MAX && cJSON_PrintPreallocated(root, buf, (int)cap, 0)) {
			*len = strlen(buf);
			rc = HL_OK;
		}
	}
	cJSON_Delete(root);
	return rc;
}

/* The start of the hold window holding t: a whole multiple of hold seconds of local time. */
static int64_t flag_hold_start(int64_t t, int hold, int utc_offset)
{
	int64_t local = t + utc_offset, q = local / hold;

	if (local % hold < 0)
		q--; /* floor, for times before 1970 */
	return q * hold - utc_offset;
}

int64_t flag_alert_due(int64_t opened, int hold, int utc_offset)
{
	return hold > 0 ? flag_hold_start(opened, hold, utc_offset) + hold : opened;
}

int64_t flag_alert_cutoff(int64_t now, int hold, int utc_offset)
{
	return hold > 0 ? flag_hold_start(now, hold, utc_offset) : now + 1;
}
