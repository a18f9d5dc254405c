/* SPDX-License-Identifier: MIT
 * kiosk.c — every transition bumps `version` so the view redraws only when something changed, and
 * every exit from a rating clears answers and reasons so the next citizen never sees them. */
#include "kiosk.h"

#include <stdio.h>
#include <string.h>

static void kiosk_changed(struct kiosk *k)
{
	k->version++;
}

static void kiosk_reset(struct kiosk *k)
{
	k->screen = KIOSK_IDLE;
	k->question = 0;
	memset(k->answers, 0, sizeof k->answers);
	k->reasons = 0;
	k->deadline_ms = 0;
	kiosk_changed(k);
}

int kiosk_init(struct kiosk *k, const struct kiosk_config *cfg, int64_t now_ms)
{
	bool any = false;

	(void)now_ms;
	memset(k, 0, sizeof *k);
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		any |= cfg->ask[q];
	if (!survey_scale_valid(cfg->scale) || !any || cfg->question_timeout_ms <= 0 ||
	    cfg->reasons_timeout_ms <= 0 || cfg->thanks_ms <= 0 || cfg->min_interval_ms < 0)
		return HL_ERR_INVALID;
	k->cfg = *cfg;
	kiosk_reset(k);
	return HL_OK;
}

static bool kiosk_session_live(const struct kiosk *k, int64_t now_ms)
{
	return k->has_session && (k->session_end_ms == 0 || now_ms < k->session_end_ms);
}

const char *kiosk_current_officer(const struct kiosk *k)
{
	return k->has_session ? k->session_officer : k->cfg.officer;
}

const char *kiosk_current_procedure(const struct kiosk *k)
{
	return k->has_session ? k->session_procedure : "";
}

enum kiosk_gate kiosk_gate(const struct kiosk *k, int64_t now_ms)
{
	if (kiosk_session_live(k, now_ms) && k->session_rated)
		return KIOSK_RATED;
	if (k->rated_once && now_ms - k->last_rating_ms < k->cfg.min_interval_ms)
		return KIOSK_WAIT;
	return KIOSK_OPEN;
}

/* The first asked question after q (q = -1: the first of all), or -1. */
static int kiosk_next_question(const struct kiosk *k, int q)
{
	for (int i = q + 1; i < SURVEY_Q_COUNT; i++)
		if (k->cfg.ask[i])
			return i;
	return -1;
}

static int kiosk_prev_question(const struct kiosk *k, int q)
{
	for (int i = q - 1; i >= 0; i--)
		if (k->cfg.ask[i])
			return i;
	return -1;
}

static bool kiosk_any_answer(const struct kiosk *k)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		if (k->answers[q])
			return true;
	return false;
}

static bool kiosk_any_dissatisfied(const struct kiosk *k)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		if (survey_level_dissatisfied(k->cfg.scale, k->answers[q]))
			return true;
	return false;
}

static void kiosk_show_question(struct kiosk *k, int q, int64_t now_ms)
{
	k->screen = KIOSK_QUESTION;
	k->question = q;
	k->deadline_ms = now_ms + k->cfg.question_timeout_ms;
	kiosk_changed(k);
}

static void kiosk_finish(struct kiosk *k, int64_t now_ms)
{
	memset(&k->result, 0, sizeof k->result);
	strcpy(k->result.officer, k->officer);
	strcpy(k->result.procedure, k->procedure);
	k->result.scale = k->cfg.scale;
	memcpy(k->result.answers, k->answers, sizeof k->answers);
	k->result.reasons = k->reasons;
	k->ready = true;
	k->last_rating_ms = now_ms;
	k->rated_once = true;
	/* Only the session the rating started in counts as rated: a session that began while this
	 * citizen was still answering belongs to the next citizen. */
	if (k->rating_in_session && kiosk_session_live(k, now_ms) && k->session_token == k->rating_token &&
	    strcmp(k->session_officer, k->officer) == 0 && strcmp(k->session_procedure, k->procedure) == 0) {
		k->took_session = !k->session_rated;
		k->session_rated = true;
	} else {
		k->took_session = false;
	}
	memset(k->answers, 0, sizeof k->answers);
	k->reasons = 0;
	k->screen = KIOSK_THANKS;
	k->deadline_ms = now_ms + k->cfg.thanks_ms;
	kiosk_changed(k);
}

/* After question q is answered or skipped: the next question, the reasons, or the end. */
static void kiosk_advance(struct kiosk *k, int q, int64_t now_ms)
{
	int next = kiosk_next_question(k, q);

	if (next >= 0) {
		kiosk_show_question(k, next, now_ms);
	} else if (kiosk_any_dissatisfied(k)) {
		k->screen = KIOSK_REASONS;
		k->deadline_ms = now_ms + k->cfg.reasons_timeout_ms;
		kiosk_changed(k);
	} else if (kiosk_any_answer(k)) {
		kiosk_finish(k, now_ms);
	} else {
		kiosk_reset(k);
	}
}

/* Leaves IDLE for the first question; false when the gate is closed. */
static bool kiosk_start(struct kiosk *k, int64_t now_ms)
{
	if (kiosk_gate(k, now_ms) != KIOSK_OPEN)
		return false;
	strcpy(k->officer, kiosk_current_officer(k));
	strcpy(k->procedure, kiosk_current_procedure(k));
	k->rating_in_session = kiosk_session_live(k, now_ms);
	k->rating_token = k->session_token;
	kiosk_show_question(k, kiosk_next_question(k, -1), now_ms);
	return true;
}

bool kiosk_level(struct kiosk *k, int level, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	if (level < 1 || level > k->cfg.scale)
		return false;
	if (k->screen == KIOSK_IDLE && !kiosk_start(k, now_ms))
		return false;
	if (k->screen != KIOSK_QUESTION)
		return false;
	k->answers[k->question] = level;
	kiosk_advance(k, k->question, now_ms);
	return true;
}

bool kiosk_reason(struct kiosk *k, int reason, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	if (k->screen != KIOSK_REASONS || reason < 0 || reason >= SURVEY_R_COUNT)
		return false;
	k->reasons ^= 1u << reason;
	k->deadline_ms = now_ms + k->cfg.reasons_timeout_ms;
	kiosk_changed(k);
	return true;
}

bool kiosk_confirm(struct kiosk *k, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	switch (k->screen) {
	case KIOSK_IDLE:
		return kiosk_start(k, now_ms);
	case KIOSK_QUESTION:
		/* Skipping is allowed after the first answer; the first question must be answered. */
		if (!k->answers[k->question] && !kiosk_any_answer(k))
			return false;
		kiosk_advance(k, k->question, now_ms);
		return true;
	case KIOSK_REASONS:
		kiosk_finish(k, now_ms);
		return true;
	case KIOSK_THANKS:
	case KIOSK_NOT_RECORDED:
		kiosk_reset(k);
		return true;
	}
	return false;
}

bool kiosk_back(struct kiosk *k, int64_t now_ms)
{
	int prev;

	kiosk_tick(k, now_ms);
	switch (k->screen) {
	case KIOSK_QUESTION:
		prev = kiosk_prev_question(k, k->question);
		if (prev < 0)
			kiosk_reset(k);
		else
			kiosk_show_question(k, prev, now_ms);
		return true;
	case KIOSK_REASONS:
		kiosk_show_question(k, kiosk_prev_question(k, SURVEY_Q_COUNT), now_ms);
		return true;
	case KIOSK_THANKS:
	case KIOSK_NOT_RECORDED:
		kiosk_reset(k);
		return true;
	}
	return false;
}

void kiosk_activity(struct kiosk *k, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	if (k->screen == KIOSK_QUESTION)
		k->deadline_ms = now_ms + k->cfg.question_timeout_ms;
	else if (k->screen == KIOSK_REASONS)
		k->deadline_ms = now_ms + k->cfg.reasons_timeout_ms;
}

void kiosk_tick(struct kiosk *k, int64_t now_ms)
{
	enum kiosk_gate gate;

	if (k->has_session && k->session_end_ms && now_ms >= k->session_end_ms)
		kiosk_clear_session(k);
	/* The idle screen changes by itself when the minimum interval ends. */
	gate = kiosk_gate(k, now_ms);
	if ((int)gate != k->gate) {
		k->gate = (int)gate;
		kiosk_changed(k);
	}
	if (k->deadline_ms == 0 || now_ms < k->deadline_ms)
		return;
	switch (k->screen) {
	case KIOSK_QUESTION:
		/* A half-finished rating is still sent; an untouched one is dropped. */
		if (kiosk_any_answer(k))
			kiosk_finish(k, now_ms);
		else
			kiosk_reset(k);
		break;
	case KIOSK_REASONS:
		kiosk_finish(k, now_ms);
		break;
	case KIOSK_THANKS:
	case KIOSK_NOT_RECORDED:
		kiosk_reset(k);
		break;
	default:
		k->deadline_ms = 0;
		break;
	}
}

int64_t kiosk_next_deadline(const struct kiosk *k)
{
	int64_t next = k->deadline_ms;
	/* The interval's end matters only while kiosk_tick last saw it running; once passed it would
	 * name a moment in the past for ever. */
	int64_t gate_end = k->gate == KIOSK_WAIT ? k->last_rating_ms + k->cfg.min_interval_ms : 0;

	if (k->screen == KIOSK_IDLE && gate_end && (!next || gate_end < next))
		next = gate_end;
	if (k->has_session && k->session_end_ms && (!next || k->session_end_ms < next))
		next = k->session_end_ms;
	return next;
}

void kiosk_set_session(struct kiosk *k, const char *officer, const char *procedure, int64_t token,
		       int64_t expires_in_ms, int64_t now_ms)
{
	int64_t end = expires_in_ms < 0 ? 0 : now_ms + expires_in_ms;

	if (k->has_session && strcmp(k->session_officer, officer) == 0 &&
	    strcmp(k->session_procedure, procedure) == 0 && k->session_token == token) {
		k->session_end_ms = end; /* the same session again: keep its "rated" mark */
		return;
	}
	k->has_session = true;
	k->session_rated = false;
	snprintf(k->session_officer, sizeof k->session_officer, "%s", officer);
	snprintf(k->session_procedure, sizeof k->session_procedure, "%s", procedure);
	k->session_end_ms = end;
	k->session_token = token;
	kiosk_changed(k);
}

void kiosk_clear_session(struct kiosk *k)
{
	if (!k->has_session)
		return;
	k->has_session = false;
	k->session_rated = false;
	k->session_officer[0] = k->session_procedure[0] = '\0';
	k->session_end_ms = 0;
	kiosk_changed(k);
}

bool kiosk_take(struct kiosk *k, struct rating *out)
{
	if (!k->ready)
		return false;
	*out = k->result;
	memset(&k->result, 0, sizeof k->result); /* nothing of this citizen stays in the drawn state */
	k->ready = false;
	return true;
}

void kiosk_not_recorded(struct kiosk *k, int64_t now_ms)
{
	if (k->screen != KIOSK_THANKS)
		return;
	if (k->took_session)
		k->session_rated = false;
	k->took_session = false;
	k->screen = KIOSK_NOT_RECORDED;
	k->deadline_ms = now_ms + 3 * (int64_t)k->cfg.thanks_ms;
	kiosk_changed(k);
}
