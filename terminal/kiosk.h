/* SPDX-License-Identifier: MIT
 * kiosk.h — the terminal's screen state machine, pure: no SDL, no clock, no I/O. Input comes in
 * through functions (a level, a reason, confirm, back, the passing of time as now_ms from a monotonic
 * clock); out come the screen to show and, once per citizen, a finished rating to spool.
 *
 * Flow: IDLE (invitation; a level tapped here already answers the first question) → one QUESTION per
 * asked question → REASONS when an answer is dissatisfied → THANKS → IDLE by itself. A question left
 * alone times out: what was answered is sent, or nothing when nothing was. One rating per session, a
 * minimum interval between ratings, and nothing of a finished rating stays on screen. */
#ifndef HL_KIOSK_H
#define HL_KIOSK_H

#include "hl.h"
#include "survey.h"
#include "wire.h"

#include <stdbool.h>
#include <stdint.h>

/* KIOSK_NOT_RECORDED replaces THANKS when the finished rating could not be made durable: the citizen
 * is told so, never thanked for a rating that may be lost (DESIGN §3). */
enum kiosk_screen { KIOSK_IDLE, KIOSK_QUESTION, KIOSK_REASONS, KIOSK_THANKS, KIOSK_NOT_RECORDED };

/* Whether a citizen may start a rating now (shown on the idle screen). */
enum kiosk_gate { KIOSK_OPEN, KIOSK_WAIT, KIOSK_RATED };

struct kiosk_config {
	int scale;                  /* 3, 4 or 5 */
	bool ask[SURVEY_Q_COUNT];   /* which questions are asked; at least one */
	int question_timeout_ms;
	int reasons_timeout_ms;
	int thanks_ms;
	int min_interval_ms;        /* between the end of one rating and the start of the next */
	char officer[HL_CODE_MAX + 1]; /* on duty when no session names one */
};

/* Plain state: read it freely, change it only through the functions below. */
struct kiosk {
	struct kiosk_config cfg;
	int screen;       /* enum kiosk_screen */
	int question;     /* survey question shown on KIOSK_QUESTION */
	int answers[SURVEY_Q_COUNT];
	uint32_t reasons;
	int64_t deadline_ms; /* when the current screen times out; 0: never */
	int64_t last_rating_ms;
	bool rated_once;  /* last_rating_ms is meaningful */
	/* The session from the one-stop software (retained topic). */
	bool has_session, session_rated;
	char session_officer[HL_CODE_MAX + 1], session_procedure[HL_CODE_MAX + 1];
	int64_t session_end_ms; /* 0: no expiry */
	int64_t session_token;  /* tells two sessions of the same officer and procedure apart */
	int gate;               /* enum kiosk_gate as last seen by kiosk_tick */
	/* Who and what the rating in progress is about, fixed when it starts. */
	char officer[HL_CODE_MAX + 1], procedure[HL_CODE_MAX + 1];
	bool rating_in_session;     /* it started while a session was live ... */
	int64_t rating_token;       /* ... with this token */
	bool ready;                 /* a finished rating waits in `result` */
	bool took_session;          /* finishing it marked the session rated */
	struct rating result;
	unsigned version;           /* changes whenever what is shown changes */
};

/* cfg is copied. HL_ERR_INVALID for a bad scale or no question asked. */
int kiosk_init(struct kiosk *k, const struct kiosk_config *cfg, int64_t now_ms);

/* A level (1..scale) was tapped or typed. Returns true when it was taken. */
bool kiosk_level(struct kiosk *k, int level, int64_t now_ms);
/* A reason chip was toggled (REASONS only). */
bool kiosk_reason(struct kiosk *k, int reason, int64_t now_ms);
/* Enter / the send button / a tap on the idle screen: start, go on, skip, send, dismiss. */
bool kiosk_confirm(struct kiosk *k, int64_t now_ms);
/* Esc / the back button. */
bool kiosk_back(struct kiosk *k, int64_t now_ms);
/* Any other touch: keeps the current screen from timing out. */
void kiosk_activity(struct kiosk *k, int64_t now_ms);
/* Applies timeouts due at now_ms. */
void kiosk_tick(struct kiosk *k, int64_t now_ms);
/* The next moment kiosk_tick has something to do (0: nothing pending). */
int64_t kiosk_next_deadline(const struct kiosk *k);

/* A session names who serves and which procedure; token tells one session from the next with the
 * same officer and procedure (the session message's `expires`); expires_in_ms < 0: no expiry. The
 * same session again (a retained message after a reconnect) changes nothing; a new one may be rated
 * once. */
void kiosk_set_session(struct kiosk *k, const char *officer, const char *procedure, int64_t token,
		       int64_t expires_in_ms, int64_t now_ms);
void kiosk_clear_session(struct kiosk *k);

enum kiosk_gate kiosk_gate(const struct kiosk *k, int64_t now_ms);
/* The officer and procedure the idle screen names (session, else the configured officer). */
const char *kiosk_current_officer(const struct kiosk *k);
const char *kiosk_current_procedure(const struct kiosk *k);

/* Takes the finished rating once: fills officer, procedure, scale, answers and reasons of *out and
 * zeroes the rest (id, site, counter, ts are the caller's). False when none is waiting. */
bool kiosk_take(struct kiosk *k, struct rating *out);

/* The rating just taken could not be written to the spool: shows KIOSK_NOT_RECORDED instead of the
 * thanks (for three times the thanks' time, or until a tap) and gives the session back, since it was
 * not rated after all. Does nothing unless the thanks screen is up. */
void kiosk_not_recorded(struct kiosk *k, int64_t now_ms);

#endif
