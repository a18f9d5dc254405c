/* SPDX-License-Identifier: MIT
 * flags.c — the plain data of flags.h: the names of kinds, subjects and states, the default
 * thresholds, the growing candidate list, and the alert a serious flag is published as. It owns only
 * a list's array; the rules live in flag_engine.c and flag_trend.c, status messages in flag_status.c.
 * It must not touch SQLite, MQTT or the clock; the alert JSON is built with cJSON. */
#include "flags.h"

#include "flag_evidence.h"
#include "ingest.h"

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

int flag_alert_encode(const struct flag_candidate *c, int64_t id, int64_t opened, char *buf, size_t cap,
		      size_t *len)
{
	cJSON *root = cJSON_CreateObject();
	const char *kind = flag_kind_name(c->kind), *type = flag_subject_name(c->subject_type);
	int rc = HL_ERR_NOMEM;

	*len = 0;
	if (!kind || !type) {
		cJSON_Delete(root);
		return HL_ERR_INVALID;
	}
	if (root && flag_evidence_int(root, "id", id) && flag_evidence_str(root, "kind", kind) &&
	    flag_evidence_str(root, "site", c->site) && flag_evidence_str(root, "subject_type", type) &&
	    flag_evidence_str(root, "subject", c->subject) && flag_evidence_str(root, "summary", c->summary) &&
	    flag_evidence_int(root, "opened", opened)) {
		rc = HL_ERR_RANGE;
		if (cap <= INT32_MAX && cJSON_PrintPreallocated(root, buf, (int)cap, 0)) {
			*len = strlen(buf);
			rc = HL_OK;
		}
	}
	cJSON_Delete(root);
	return rc;
}
