/* SPDX-License-Identifier: MIT
 * kiosk_fixture.h — what the kiosk's unit tests (test_kiosk.c, test_kiosk_txn.c, test_kiosk_turn.c)
 * share, written once: one configuration with known timeouts, a kiosk started on it, the session
 * messages a counter receives (a transaction with an id, an older message without one, the officer
 * on duty alone), and the checks a citizen's rating is held to — taken exactly once, with the right
 * officer, procedure, scale, answers and reasons, and nothing of it left in the state the screen is
 * drawn from. Every helper asserts with cmocka, so a setup that fails fails the case. */
#ifndef HL_KIOSK_FIXTURE_H
#define HL_KIOSK_FIXTURE_H

#include "kiosk.h"
#include "survey.h"

#include <stdbool.h>
#include <stdint.h>

#define T0 ((int64_t)1000000) /* any monotonic start; not 0, which means "never" for deadlines */
#define Q_MS 20000            /* the first question, untouched */
#define A_MS 7000             /* no touch after an answer: the rating is sent (abandonment) */
#define R_MS 30000            /* reasons and the serious reason's confirmation */
#define THANKS_MS 4000
#define GAP_MS 10000          /* minimum interval between ratings */
#define OFFICER "cb0123"      /* the configured officer */

enum { QO = SURVEY_Q_OFFICER, QP = SURVEY_Q_PROCEDURE };

/* The tests' configuration: Vietnamese, normal text, no sound, ratings also between transactions. */
struct kiosk_config config(int scale, bool ask_officer, bool ask_procedure);
void start(struct kiosk *k, int scale, bool ask_officer, bool ask_procedure);
void start_with(struct kiosk *k, const struct kiosk_config *c);

/* Session messages as the app hands them over (expires_in_ms < 0: no expiry). */
struct kiosk_session txn_msg(const char *txn, const char *officer, const char *procedure, const char *duty,
			     int64_t expires_in_ms);
void open_txn(struct kiosk *k, const char *txn, const char *officer, const char *procedure, const char *duty,
	      int64_t now);
/* An older message without txn nor duty: a transaction told apart by its token (its `expires`). */
void open_legacy(struct kiosk *k, const char *officer, const char *procedure, int64_t token, int64_t expires_in_ms,
		 int64_t now);
/* A message with only `duty`: no transaction, this officer on duty. */
void set_duty(struct kiosk *k, const char *duty, int64_t now);

/* Takes the waiting rating, which must exist, into *r (pre-filled with junk to see what is zeroed);
 * a second take must find nothing. */
void take_one(struct kiosk *k, struct rating *r);
void expect_rating(struct kiosk *k, const char *officer, const char *procedure, int scale, int a_officer,
		   int a_procedure, uint32_t reasons);
void expect_nothing_to_take(struct kiosk *k);
/* Nothing of a citizen's choices is left in what the screen is drawn from. */
void expect_clean(const struct kiosk *k);
/* A full satisfied rating at now (5 then 4, one second apart, on both questions): ends on THANKS. */
void rate_satisfied(struct kiosk *k, int64_t now);
/* The screen is the one the next citizen meets: IDLE, nothing chosen, the configured language, text
 * size and sound. */
void expect_fresh_turn(const struct kiosk *k);

/* Runs stmt and fails unless the kiosk k's `version` moved (changed) or stayed (!changed): the view
 * redraws exactly when it moves. */
#define EXPECT_VERSION(k, stmt, changed)                                                          \
	do {                                                                                       \
		unsigned version_before_ = (k).version;                                            \
		stmt;                                                                              \
		if (((k).version != version_before_) != (changed))                                 \
			fail_msg("version %s: %s", (changed) ? "did not change" : "changed", #stmt); \
	} while (0)

#endif
