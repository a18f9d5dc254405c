/* SPDX-License-Identifier: MIT
 * kiosk.h — the terminal's screen state machine, pure: no SDL, no clock, no I/O. Input comes in
 * through functions (a level, a reason, confirm, back, the passing of time as now_ms from a monotonic
 * clock); out come the screen to show and, once per citizen, a finished rating to spool.
 *
 * Flow: IDLE (invitation; a level tapped here already answers the first question) → one QUESTION per
 * asked question → REASONS when an answer is dissatisfied (→ CONFIRM for a serious reason) → THANKS →
 * IDLE by itself. A citizen who walks away is not waited for: a short while after an answer with no
 * touch, what was answered is sent and the screen goes back to IDLE, and the next citizen starts in
 * the configured language, text size and sound. One rating per transaction (DESIGN §12), then the
 * officer on duty; a minimum interval between ratings; nothing of a finished rating stays on screen. */
#ifndef HL_KIOSK_H
#define HL_KIOSK_H

#include "hl.h"
#include "survey.h"
#include "wire.h"

#include <stdbool.h>
#include <stdint.h>

/* KIOSK_NOT_RECORDED replaces THANKS when the finished rating could not be made durable: the citizen
 * is told so, never thanked for a rating that may be lost (DESIGN §3). KIOSK_CONFIRM asks whether a
 * serious reason (one that flags the officer at once) was meant. */
enum kiosk_screen { KIOSK_IDLE, KIOSK_QUESTION, KIOSK_REASONS, KIOSK_CONFIRM, KIOSK_THANKS, KIOSK_NOT_RECORDED };

/* Whether a citizen may start a rating now (shown on the idle screen): open; the minimum interval
 * runs; ratings are taken only within a transaction and none is open; nobody is known to serve here
 * and only the officer question is asked. */
enum kiosk_gate { KIOSK_OPEN, KIOSK_WAIT, KIOSK_NO_TXN, KIOSK_NO_OFFICER };

#define KIOSK_TXN_KEY_MAX 96

struct kiosk_config {
	int scale;                  /* 3, 4 or 5 */
	bool ask[SURVEY_Q_COUNT];   /* which questions are asked; at least one */
	int question_timeout_ms;    /* the first question, untouched */
	int answer_timeout_ms;      /* no touch after an answer: what was answered is sent (abandonment) */
	int reasons_timeout_ms;     /* the reasons screen once touched (untouched: answer_timeout_ms) */
	int thanks_ms;
	int min_interval_ms;        /* between the end of one rating and the start of the next */
	bool only_in_txn;           /* ratings only within a transaction (else also between them) */
	int lang;                   /* the language each citizen starts in */
	bool large, speak;          /* large text and spoken prompts at the start of each citizen's turn */
	char officer[HL_CODE_MAX + 1]; /* on duty when no session message names one */
};

/* What a session message says (DESIGN §12), in the kiosk's terms. */
struct kiosk_session {
	bool transaction;             /* a citizen's transaction; else only who is on duty */
	char officer[HL_CODE_MAX + 1], procedure[HL_CODE_MAX + 1];
	char txn[40];                 /* the transaction's id; "" in messages older than ids */
	int64_t token;                /* tells two id-less transactions apart (their `expires`) */
	char duty[HL_CODE_MAX + 1];   /* the officer on duty; "" for the configured one */
	int64_t expires_in_ms;        /* < 0: no expiry */
};

/* Plain state: read it freely, change it only through the functions below. */
struct kiosk {
	struct kiosk_config cfg;
	int screen;       /* enum kiosk_screen */
	int question;     /* survey question shown on KIOSK_QUESTION */
	int answers[SURVEY_Q_COUNT];
	uint32_t reasons;
	int confirm_reason; /* the serious reason KIOSK_CONFIRM asks about */
	bool reasons_touched; /* a touch on the reasons screen: the citizen is there, reading */
	int64_t deadline_ms; /* when the current screen times out; 0: never */
	int64_t last_rating_ms;
	bool rated_once;  /* last_rating_ms is meaningful */
	/* The citizen's own choices for their turn; back to the configured ones for the next. */
	int lang;
	bool large, speak;
	int64_t prefs_deadline_ms; /* on the idle screen: choices changed and nobody went on */
	/* From the counter's session message. */
	char duty[HL_CODE_MAX + 1];
	bool has_txn, txn_rated;
	char txn_officer[HL_CODE_MAX + 1], txn_procedure[HL_CODE_MAX + 1];
	char txn_key[KIOSK_TXN_KEY_MAX]; /* the transaction's identity */
	int64_t txn_end_ms;     /* 0: no expiry */
	char rated_key[KIOSK_TXN_KEY_MAX]; /* the last transaction rated here */
	int gate;               /* enum kiosk_gate as last seen by kiosk_tick */
	/* Who and what the rating in progress is about, fixed when it starts. */
	char officer[HL_CODE_MAX + 1], procedure[HL_CODE_MAX + 1];
	bool asking[SURVEY_Q_COUNT]; /* the questions this rating asks */
	bool rating_in_txn;          /* it started within a transaction ... */
	char rating_key[KIOSK_TXN_KEY_MAX]; /* ... with this identity */
	bool ready;                 /* a finished rating waits in `result` */
	bool took_txn;              /* finishing it marked the transaction rated */
	bool complaint;             /* the rating just finished has a serious reason (THANKS says what next) */
	struct rating result;
	unsigned version;           /* changes whenever what is shown changes */
};

/* cfg is copied. HL_ERR_INVALID for a bad scale, language or no question asked. */
int kiosk_init(struct kiosk *k, const struct kiosk_config *cfg, int64_t now_ms);

/* A level (1..scale) was tapped or typed. Returns true when it was taken. */
bool kiosk_level(struct kiosk *k, int level, int64_t now_ms);
/* A reason chip was toggled (REASONS only). Turning a serious reason on asks first (KIOSK_CONFIRM). */
bool kiosk_reason(struct kiosk *k, int reason, int64_t now_ms);
/* Enter / the send button / a tap on the idle screen: start, go on, skip, send, confirm, dismiss. */
bool kiosk_confirm(struct kiosk *k, int64_t now_ms);
/* Esc / the back button; on KIOSK_CONFIRM: "no". */
bool kiosk_back(struct kiosk *k, int64_t now_ms);
/* Any other touch: keeps the current screen from timing out. */
void kiosk_activity(struct kiosk *k, int64_t now_ms);
/* The citizen's buttons: the other language, large text, spoken prompts. Each keeps the screen. */
void kiosk_toggle_lang(struct kiosk *k, int64_t now_ms);
void kiosk_toggle_large(struct kiosk *k, int64_t now_ms);
void kiosk_toggle_speak(struct kiosk *k, int64_t now_ms);
/* Applies timeouts due at now_ms. */
void kiosk_tick(struct kiosk *k, int64_t now_ms);
/* The next moment kiosk_tick has something to do (0: nothing pending). */
int64_t kiosk_next_deadline(const struct kiosk *k);

/* A session message arrived. A transaction allows one rating, bound to its officer and procedure;
 * the same transaction again (a retained message after a reconnect) changes nothing, a new one may be
 * rated once. `duty` is kept whatever else the message says. */
void kiosk_set_session(struct kiosk *k, const struct kiosk_session *s, int64_t now_ms);
/* The empty session message: no transaction, and the configured officer on duty. */
void kiosk_clear_session(struct kiosk *k);
/* The transaction last rated here, for the caller to keep across restarts ("" when none), and giving
 * it back after a restart so that a retained transaction is not rated twice. */
const char *kiosk_rated_txn(const struct kiosk *k);
void kiosk_restore_rated(struct kiosk *k, const char *key);

enum kiosk_gate kiosk_gate(const struct kiosk *k, int64_t now_ms);
/* The officer and procedure the idle screen names: an open transaction's, else the officer on duty
 * and no procedure. During a rating: the rating's. */
const char *kiosk_current_officer(const struct kiosk *k);
const char *kiosk_current_procedure(const struct kiosk *k);
/* Whether question q is asked: during a rating, as fixed at its start; on the idle screen, for the
 * rating a tap would start (no officer known: no officer question). */
bool kiosk_asks(const struct kiosk *k, int q);

/* Takes the finished rating once: fills officer, procedure, scale, answers and reasons of *out and
 * zeroes the rest (id, site, counter, ts are the caller's). False when none is waiting. */
bool kiosk_take(struct kiosk *k, struct rating *out);

/* The rating just taken could not be written to the spool: shows KIOSK_NOT_RECORDED instead of the
 * thanks (for three times the thanks' time, or until a tap) and gives the transaction back, since it
 * was not rated after all. The screen is not changed when it is not the thanks (an abandoned rating,
 * sent while nobody watches), but the transaction is still given back. */
void kiosk_not_recorded(struct kiosk *k, int64_t now_ms);

#endif
