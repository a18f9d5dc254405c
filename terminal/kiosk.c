/* SPDX-License-Identifier: MIT
 * kiosk.c — every transition bumps `version` so the view redraws only when something changed, and
 * every exit from a rating clears answers and reasons so the next citizen never sees them. A
 * citizen's turn ends at the thanks, or when they walk away; then the language, text size and sound
 * go back to the configured ones, so a citizen never inherits the previous one's choices. */
#include "kiosk.h"

#include "i18n.h"

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
	k->confirm_reason = -1;
	k->deadline_ms = 0;
	kiosk_changed(k);
}

/* The next citizen starts afresh: the configured language, text size and sound. */
static void kiosk_end_turn(struct kiosk *k)
{
	kiosk_reset(k);
	k->lang = k->cfg.lang;
	k->large = k->cfg.large;
	k->speak = k->cfg.speak;
	k->prefs_deadline_ms = 0;
	k->complaint = false;
}

int kiosk_init(struct kiosk *k, const struct kiosk_config *cfg, int64_t now_ms)
{
	bool any = false;

	(void)now_ms;
	memset(k, 0, sizeof *k);
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		any |= cfg->ask[q];
	if (!survey_scale_valid(cfg->scale) || !any || cfg->question_timeout_ms <= 0 || cfg->answer_timeout_ms <= 0 ||
	    cfg->reasons_timeout_ms <= 0 || cfg->thanks_ms <= 0 || cfg->min_interval_ms < 0 || cfg->lang < 0 ||
	    cfg->lang >= I18N_LANG_COUNT)
		return HL_ERR_INVALID;
	k->cfg = *cfg;
	kiosk_end_turn(k);
	return HL_OK;
}

static bool kiosk_txn_live(const struct kiosk *k, int64_t now_ms)
{
	return k->has_txn && (k->txn_end_ms == 0 || now_ms < k->txn_end_ms);
}

/* An open transaction not yet rated: the idle screen names its officer and procedure. */
static bool kiosk_txn_open(const struct kiosk *k)
{
	return k->has_txn && !k->txn_rated;
}

static bool kiosk_rating(const struct kiosk *k)
{
	return k->screen == KIOSK_QUESTION || k->screen == KIOSK_REASONS || k->screen == KIOSK_CONFIRM;
}

static const char *kiosk_duty(const struct kiosk *k)
{
	return k->duty[0] ? k->duty : k->cfg.officer;
}

const char *kiosk_current_officer(const struct kiosk *k)
{
	if (kiosk_rating(k))
		return k->officer;
	/* A transaction that names nobody is served by whoever is on duty. */
	return kiosk_txn_open(k) && k->txn_officer[0] ? k->txn_officer : kiosk_duty(k);
}

const char *kiosk_current_procedure(const struct kiosk *k)
{
	if (kiosk_rating(k))
		return k->procedure;
	return kiosk_txn_open(k) ? k->txn_procedure : "";
}

bool kiosk_asks(const struct kiosk *k, int q)
{
	if (q < 0 || q >= SURVEY_Q_COUNT)
		return false;
	if (kiosk_rating(k))
		return k->asking[q];
	/* Nobody known to serve: no officer question, so that no rating is credited to nobody. */
	return k->cfg.ask[q] && (q != SURVEY_Q_OFFICER || kiosk_current_officer(k)[0]);
}

static bool kiosk_any_asked(const struct kiosk *k)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		if (kiosk_asks(k, q))
			return true;
	return false;
}

enum kiosk_gate kiosk_gate(const struct kiosk *k, int64_t now_ms)
{
	bool in_txn = kiosk_txn_live(k, now_ms) && !k->txn_rated;

	if (k->cfg.only_in_txn && !in_txn)
		return KIOSK_NO_TXN;
	if (!kiosk_rating(k) && !kiosk_any_asked(k))
		return KIOSK_NO_OFFICER;
	if (k->rated_once && now_ms - k->last_rating_ms < k->cfg.min_interval_ms)
		return KIOSK_WAIT;
	return KIOSK_OPEN;
}

/* The first asked question after q (q = -1: the first of all), or -1. */
static int kiosk_next_question(const struct kiosk *k, int q)
{
	for (int i = q + 1; i < SURVEY_Q_COUNT; i++)
		if (k->asking[i])
			return i;
	return -1;
}

static int kiosk_prev_question(const struct kiosk *k, int q)
{
	for (int i = q - 1; i >= 0; i--)
		if (k->asking[i])
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

/* How long the current rating screen waits for a touch: after an answer only a short while, since
 * a citizen who walked away must not leave their answer for the next one to see. */
static int64_t kiosk_wait_ms(const struct kiosk *k)
{
	if (k->screen == KIOSK_REASONS || k->screen == KIOSK_CONFIRM)
		return k->reasons_touched ? k->cfg.reasons_timeout_ms : k->cfg.answer_timeout_ms;
	return kiosk_any_answer(k) ? k->cfg.answer_timeout_ms : k->cfg.question_timeout_ms;
}

static void kiosk_show_question(struct kiosk *k, int q, int64_t now_ms)
{
	k->screen = KIOSK_QUESTION;
	k->question = q;
	k->deadline_ms = now_ms + kiosk_wait_ms(k);
	kiosk_changed(k);
}

static bool kiosk_serious_chosen(uint32_t reasons)
{
	for (int r = 0; r < SURVEY_R_COUNT; r++)
		if ((reasons & (1u << r)) && survey_reason_serious(r))
			return true;
	return false;
}

/* The rating is done: it waits in `result` for kiosk_take. thanks: the citizen is here to see the
 * thanks; else (they walked away) the screen goes back to idle for the next citizen. */
static void kiosk_finish(struct kiosk *k, int64_t now_ms, bool thanks)
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
	/* Only the transaction the rating started in counts as rated: one that began while this
	 * citizen was still answering belongs to the next citizen. */
	k->took_txn = false;
	if (k->rating_in_txn && kiosk_txn_live(k, now_ms) && strcmp(k->txn_key, k->rating_key) == 0 &&
	    !k->txn_rated) {
		k->took_txn = true;
		k->txn_rated = true;
		snprintf(k->rated_key, sizeof k->rated_key, "%s", k->txn_key);
	}
	bool complaint = kiosk_serious_chosen(k->reasons);
	if (!thanks) {
		kiosk_end_turn(k);
		return;
	}
	memset(k->answers, 0, sizeof k->answers);
	k->reasons = 0;
	k->confirm_reason = -1;
	k->complaint = complaint;
	k->screen = KIOSK_THANKS;
	/* What happens next after a complaint takes longer to read than a thank-you. */
	k->deadline_ms = now_ms + (complaint ? 3 : 1) * (int64_t)k->cfg.thanks_ms;
	kiosk_changed(k);
}

/* After question q is answered or skipped: the next question, the reasons, or the end. */
static void kiosk_advance(struct kiosk *k, int q, int64_t now_ms)
{
	int next = kiosk_next_question(k, q);

	if (next >= 0) {
		kiosk_show_question(k, next, now_ms);
	} else if (kiosk_any_dissatisfied(k)) {
		/* Reached by the answer's tap: until the citizen touches it, it waits as briefly as a
		 * question does, since it says an earlier citizen was unhappy. */
		k->screen = KIOSK_REASONS;
		k->reasons_touched = false;
		k->deadline_ms = now_ms + k->cfg.answer_timeout_ms;
		kiosk_changed(k);
	} else if (kiosk_any_answer(k)) {
		kiosk_finish(k, now_ms, true);
	} else {
		kiosk_reset(k);
	}
}

/* Leaves IDLE for the first question; false when the gate is closed. */
static bool kiosk_start(struct kiosk *k, int64_t now_ms)
{
	if (kiosk_gate(k, now_ms) != KIOSK_OPEN)
		return false;
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		k->asking[q] = kiosk_asks(k, q);
	char officer[HL_CODE_MAX + 1], procedure[HL_CODE_MAX + 1];
	snprintf(officer, sizeof officer, "%s", kiosk_current_officer(k));
	snprintf(procedure, sizeof procedure, "%s", kiosk_current_procedure(k));
	memcpy(k->officer, officer, sizeof officer);
	memcpy(k->procedure, procedure, sizeof procedure);
	k->rating_in_txn = kiosk_txn_live(k, now_ms) && !k->txn_rated;
	snprintf(k->rating_key, sizeof k->rating_key, "%s", k->rating_in_txn ? k->txn_key : "");
	k->complaint = false;
	k->prefs_deadline_ms = 0;
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
	k->reasons_touched = true;
	k->deadline_ms = now_ms + k->cfg.reasons_timeout_ms;
	if (survey_reason_serious(reason) && !(k->reasons & (1u << reason))) {
		/* One stray tap must not flag an officer: ask first. */
		k->screen = KIOSK_CONFIRM;
		k->confirm_reason = reason;
	} else {
		k->reasons ^= 1u << reason;
	}
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
		kiosk_finish(k, now_ms, true);
		return true;
	case KIOSK_CONFIRM:
		k->reasons |= 1u << k->confirm_reason;
		k->confirm_reason = -1;
		k->screen = KIOSK_REASONS;
		k->deadline_ms = now_ms + k->cfg.reasons_timeout_ms;
		kiosk_changed(k);
		return true;
	case KIOSK_THANKS:
	case KIOSK_NOT_RECORDED:
		kiosk_end_turn(k);
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
		if (prev < 0) {
			kiosk_reset(k);
			k->prefs_deadline_ms = now_ms + k->cfg.answer_timeout_ms;
		} else {
			kiosk_show_question(k, prev, now_ms);
		}
		return true;
	case KIOSK_REASONS:
		kiosk_show_question(k, kiosk_prev_question(k, SURVEY_Q_COUNT), now_ms);
		return true;
	case KIOSK_CONFIRM:
		k->confirm_reason = -1;
		k->screen = KIOSK_REASONS;
		k->deadline_ms = now_ms + k->cfg.reasons_timeout_ms;
		kiosk_changed(k);
		return true;
	case KIOSK_THANKS:
	case KIOSK_NOT_RECORDED:
		kiosk_end_turn(k);
		return true;
	}
	return false;
}

void kiosk_activity(struct kiosk *k, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	if (k->screen == KIOSK_REASONS || k->screen == KIOSK_CONFIRM)
		k->reasons_touched = true;
	if (kiosk_rating(k))
		k->deadline_ms = now_ms + kiosk_wait_ms(k);
	else if (k->screen == KIOSK_IDLE && k->prefs_deadline_ms)
		k->prefs_deadline_ms = now_ms + k->cfg.answer_timeout_ms;
}

/* A choice of the citizen's own: on the idle screen it lasts until they start or walk away. */
static void kiosk_pref_changed(struct kiosk *k, int64_t now_ms)
{
	kiosk_changed(k);
	kiosk_activity(k, now_ms);
	if (k->screen == KIOSK_IDLE)
		k->prefs_deadline_ms = now_ms + k->cfg.answer_timeout_ms;
}

void kiosk_toggle_lang(struct kiosk *k, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	k->lang = (k->lang + 1) % I18N_LANG_COUNT;
	kiosk_pref_changed(k, now_ms);
}

void kiosk_toggle_large(struct kiosk *k, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	k->large = !k->large;
	kiosk_pref_changed(k, now_ms);
}

void kiosk_toggle_speak(struct kiosk *k, int64_t now_ms)
{
	kiosk_tick(k, now_ms);
	k->speak = !k->speak;
	kiosk_pref_changed(k, now_ms);
}

/* The idle screen changes by itself when the gate does (the minimum interval ends, say). */
static void kiosk_gate_seen(struct kiosk *k, int64_t now_ms)
{
	enum kiosk_gate gate = kiosk_gate(k, now_ms);

	if ((int)gate != k->gate) {
		k->gate = (int)gate;
		kiosk_changed(k);
	}
}

/* No transaction any more (expired, or the message says none is open). */
static void kiosk_txn_end(struct kiosk *k)
{
	if (!k->has_txn)
		return;
	k->has_txn = k->txn_rated = false;
	k->txn_officer[0] = k->txn_procedure[0] = k->txn_key[0] = '\0';
	k->txn_end_ms = 0;
	kiosk_changed(k);
}

void kiosk_tick(struct kiosk *k, int64_t now_ms)
{
	if (k->has_txn && k->txn_end_ms && now_ms >= k->txn_end_ms)
		kiosk_txn_end(k); /* it expired: the officer on duty again */
	if (k->screen == KIOSK_IDLE && k->prefs_deadline_ms && now_ms >= k->prefs_deadline_ms)
		kiosk_end_turn(k);
	if (k->deadline_ms == 0 || now_ms < k->deadline_ms) {
		kiosk_gate_seen(k, now_ms);
		return;
	}
	switch (k->screen) {
	case KIOSK_QUESTION:
	case KIOSK_REASONS:
	case KIOSK_CONFIRM:
		/* Walked away: a half-finished rating is still sent (a serious reason only if confirmed),
		 * an untouched one is dropped, and the screen is the next citizen's. */
		if (kiosk_any_answer(k))
			kiosk_finish(k, now_ms, false);
		else
			kiosk_end_turn(k);
		break;
	case KIOSK_THANKS:
	case KIOSK_NOT_RECORDED:
		kiosk_end_turn(k);
		break;
	default:
		k->deadline_ms = 0;
		break;
	}
	kiosk_gate_seen(k, now_ms); /* a rating just sent starts the minimum interval */
}

int64_t kiosk_next_deadline(const struct kiosk *k)
{
	int64_t next = k->deadline_ms;
	/* The interval's end matters only while kiosk_tick last saw it running; once passed it would
	 * name a moment in the past for ever. */
	int64_t gate_end = k->gate == KIOSK_WAIT ? k->last_rating_ms + k->cfg.min_interval_ms : 0;

	if (k->screen == KIOSK_IDLE && gate_end && (!next || gate_end < next))
		next = gate_end;
	if (k->screen == KIOSK_IDLE && k->prefs_deadline_ms && (!next || k->prefs_deadline_ms < next))
		next = k->prefs_deadline_ms;
	if (k->has_txn && k->txn_end_ms && (!next || k->txn_end_ms < next))
		next = k->txn_end_ms;
	return next;
}

void kiosk_set_session(struct kiosk *k, const struct kiosk_session *s, int64_t now_ms)
{
	char key[KIOSK_TXN_KEY_MAX];
	int64_t end = s->expires_in_ms < 0 ? 0 : now_ms + s->expires_in_ms;

	if (strcmp(k->duty, s->duty) != 0) {
		snprintf(k->duty, sizeof k->duty, "%s", s->duty);
		kiosk_changed(k);
	}
	if (!s->transaction) {
		kiosk_txn_end(k);
		return;
	}
	/* A transaction's identity: its id, or for an older message without one, everything it says. */
	if (s->txn[0])
		snprintf(key, sizeof key, "t:%s", s->txn);
	else
		snprintf(key, sizeof key, "s:%lld:%s:%s", (long long)s->token, s->officer, s->procedure);
	if (k->has_txn && strcmp(k->txn_key, key) == 0) {
		k->txn_end_ms = end; /* the same transaction again: keep its "rated" mark */
		return;
	}
	k->has_txn = true;
	k->txn_rated = strcmp(k->rated_key, key) == 0; /* rated before a restart */
	snprintf(k->txn_officer, sizeof k->txn_officer, "%s", s->officer);
	snprintf(k->txn_procedure, sizeof k->txn_procedure, "%s", s->procedure);
	snprintf(k->txn_key, sizeof k->txn_key, "%s", key);
	k->txn_end_ms = end;
	kiosk_changed(k);
}

void kiosk_clear_session(struct kiosk *k)
{
	struct kiosk_session none;

	memset(&none, 0, sizeof none);
	kiosk_set_session(k, &none, 0);
}

const char *kiosk_rated_txn(const struct kiosk *k)
{
	return k->rated_key;
}

void kiosk_restore_rated(struct kiosk *k, const char *key)
{
	snprintf(k->rated_key, sizeof k->rated_key, "%s", key ? key : "");
	if (k->has_txn && strcmp(k->txn_key, k->rated_key) == 0 && !k->txn_rated) {
		k->txn_rated = true;
		kiosk_changed(k);
	}
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
	if (k->took_txn) {
		k->txn_rated = false;
		k->rated_key[0] = '\0';
	}
	k->took_txn = false;
	if (k->screen != KIOSK_THANKS)
		return;
	k->screen = KIOSK_NOT_RECORDED;
	k->complaint = false;
	k->deadline_ms = now_ms + 3 * (int64_t)k->cfg.thanks_ms;
	kiosk_changed(k);
}
