/* SPDX-License-Identifier: MIT
 * test_kiosk.c — the terminal's screen state machine driven with a clock the test sets: two taps
 * make a full rating; dissatisfied answers ask "Vì sao?"; reasons toggle; confirm, skip and back
 * follow the rules of DESIGN §5; each timeout (question, reasons, thanks) does what it should; a
 * finished rating is taken exactly once with the right officer, procedure, scale, answers and
 * reasons, and nothing of it stays in the state the screen is drawn from (§8); the minimum interval,
 * one rating per session and session expiry gate the idle screen; `version` moves exactly when what
 * is shown moves; kiosk_next_deadline names the next moment something is due. */
#include "hl.h"
#include "kiosk.h"
#include "survey.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#define T0 ((int64_t)1000000)  /* any monotonic start; not 0, which means "never" for deadlines */
#define Q_MS 20000             /* question timeout */
#define R_MS 30000             /* reasons timeout */
#define THANKS_MS 4000
#define GAP_MS 10000           /* minimum interval between ratings */
#define OFFICER "cb0123"

enum { QO = SURVEY_Q_OFFICER, QP = SURVEY_Q_PROCEDURE };

/* ---- helpers ----------------------------------------------------------------------------------- */

static struct kiosk_config config(int scale, bool ask_officer, bool ask_procedure)
{
	struct kiosk_config c;

	memset(&c, 0, sizeof c);
	c.scale = scale;
	c.ask[QO] = ask_officer;
	c.ask[QP] = ask_procedure;
	c.question_timeout_ms = Q_MS;
	c.reasons_timeout_ms = R_MS;
	c.thanks_ms = THANKS_MS;
	c.min_interval_ms = GAP_MS;
	strcpy(c.officer, OFFICER);
	return c;
}

static void start(struct kiosk *k, int scale, bool ask_officer, bool ask_procedure)
{
	struct kiosk_config c = config(scale, ask_officer, ask_procedure);

	assert_int_equal(kiosk_init(k, &c, T0), HL_OK);
}

/* Takes the waiting rating, which must exist, into *r (pre-filled with junk to see what is zeroed);
 * a second take must find nothing. */
static void take_one(struct kiosk *k, struct rating *r)
{
	struct rating again;

	memset(r, 0x5A, sizeof *r);
	assert_true(kiosk_take(k, r));
	assert_false(kiosk_take(k, &again));
	/* id, site, counter, ts, clock_ok are the caller's: zeroed here. */
	assert_string_equal(r->id, "");
	assert_string_equal(r->site, "");
	assert_string_equal(r->counter, "");
	assert_true(r->ts == 0);
	assert_false(r->clock_ok);
}

static void expect_rating(struct kiosk *k, const char *officer, const char *procedure, int scale, int a_officer,
			  int a_procedure, uint32_t reasons)
{
	struct rating r;

	take_one(k, &r);
	assert_string_equal(r.officer, officer);
	assert_string_equal(r.procedure, procedure);
	assert_int_equal(r.scale, scale);
	assert_int_equal(r.answers[QO], a_officer);
	assert_int_equal(r.answers[QP], a_procedure);
	assert_int_equal(r.reasons, reasons);
}

static void expect_nothing_to_take(struct kiosk *k)
{
	struct rating r;

	assert_false(kiosk_take(k, &r));
}

/* Nothing of a citizen's choices is left in what the screen is drawn from. */
static void expect_clean(const struct kiosk *k)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		assert_int_equal(k->answers[q], 0);
	assert_int_equal(k->reasons, 0);
}

/* Gives a full satisfied rating at now (two taps on the default config) and leaves THANKS. */
static void rate_satisfied(struct kiosk *k, int64_t now)
{
	assert_true(kiosk_level(k, 5, now));
	assert_true(kiosk_level(k, 4, now + 1000));
	assert_int_equal(k->screen, KIOSK_THANKS);
}

/* ---- init -------------------------------------------------------------------------------------- */

static void test_init_fresh(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_equal(kiosk_gate(&k, T0), KIOSK_OPEN);
	assert_true(kiosk_next_deadline(&k) == 0);
	assert_string_equal(kiosk_current_officer(&k), OFFICER);
	assert_string_equal(kiosk_current_procedure(&k), "");
	expect_clean(&k);
	expect_nothing_to_take(&k);
	/* Time passing on a fresh idle kiosk changes nothing. */
	unsigned v = k.version;
	kiosk_tick(&k, T0 + 3600000);
	assert_int_equal(k.version, v);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_true(kiosk_next_deadline(&k) == 0);
}

static void test_init_rejects_bad_config(void **state)
{
	struct kiosk k;
	struct kiosk_config c;

	(void)state;
	for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++) {
		c = config(scale, true, true);
		assert_int_equal(kiosk_init(&k, &c, T0), HL_OK);
		assert_int_equal(k.cfg.scale, scale);
	}
	c = config(2, true, true);
	assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	c = config(6, true, true);
	assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	c = config(0, true, true);
	assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	c = config(5, false, false);
	assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	for (int bad = -1; bad <= 0; bad++) {
		c = config(5, true, true);
		c.question_timeout_ms = bad;
		assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
		c = config(5, true, true);
		c.reasons_timeout_ms = bad;
		assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
		c = config(5, true, true);
		c.thanks_ms = bad;
		assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	}
	c = config(5, true, true);
	c.min_interval_ms = -1;
	assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	/* No minimum interval at all is a valid choice. */
	c = config(5, true, true);
	c.min_interval_ms = 0;
	assert_int_equal(kiosk_init(&k, &c, T0), HL_OK);
	rate_satisfied(&k, T0);
	assert_int_equal(kiosk_gate(&k, T0 + 1000), KIOSK_OPEN);
}

/* ---- the happy path ---------------------------------------------------------------------------- */

static void test_two_taps_full_rating(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	/* A level on the idle screen answers the first question at once. */
	assert_true(kiosk_level(&k, 5, T0));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QP);
	assert_int_equal(k.answers[QO], 5);
	assert_int_equal(k.answers[QP], 0);
	expect_nothing_to_take(&k);
	/* The second tap finishes a satisfied rating: no "Vì sao?". */
	assert_true(kiosk_level(&k, 4, T0 + 1500));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);
}

/* Which answers lead to "Vì sao?": on 5 levels 1–2, on 4 levels 1–2, on 3 level 1, on either
 * question; a satisfied or neutral pair goes straight to THANKS. */
static void test_dissatisfied_asks_why(void **state)
{
	(void)state;
	for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++) {
		for (int q = 0; q < SURVEY_Q_COUNT; q++) {
			for (int level = 1; level <= scale; level++) {
				struct kiosk k;
				int a[SURVEY_Q_COUNT] = { scale, scale };
				bool why = scale == 3 ? level == 1 : level <= 2;

				a[q] = level;
				start(&k, scale, true, true);
				assert_true(kiosk_level(&k, a[QO], T0));
				assert_int_equal(k.screen, KIOSK_QUESTION);
				assert_true(kiosk_level(&k, a[QP], T0 + 1000));
				if (k.screen != (why ? KIOSK_REASONS : KIOSK_THANKS))
					fail_msg("scale %d, answers %d/%d: screen %d", scale, a[QO], a[QP], k.screen);
				if (why) {
					expect_nothing_to_take(&k);
					assert_true(kiosk_confirm(&k, T0 + 2000));
				}
				assert_int_equal(k.screen, KIOSK_THANKS);
				expect_rating(&k, OFFICER, "", scale, a[QO], a[QP], 0);
			}
		}
	}
}

/* ---- reasons ----------------------------------------------------------------------------------- */

static void test_reasons_toggle_only_on_reasons(void **state)
{
	struct kiosk k;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	/* Refused on IDLE and on a question, and nothing changes. */
	v = k.version;
	assert_false(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0));
	assert_int_equal(k.reasons, 0);
	assert_int_equal(k.version, v);
	assert_true(kiosk_level(&k, 1, T0));
	v = k.version;
	assert_false(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 100));
	assert_int_equal(k.reasons, 0);
	assert_int_equal(k.version, v);
	assert_true(kiosk_level(&k, 2, T0 + 200));
	assert_int_equal(k.screen, KIOSK_REASONS);

	/* On, on, off; each toggle is visible. */
	v = k.version;
	assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, T0 + 300));
	assert_int_equal(k.reasons, 1u << SURVEY_R_TRE_HEN);
	assert_int_not_equal(k.version, v);
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, T0 + 400));
	assert_int_equal(k.reasons, 1u << SURVEY_R_TRE_HEN | 1u << SURVEY_R_NHUNG_NHIEU);
	v = k.version;
	assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, T0 + 500));
	assert_int_equal(k.reasons, 1u << SURVEY_R_NHUNG_NHIEU);
	assert_int_not_equal(k.version, v);
	/* Out of range: refused, nothing changes. */
	v = k.version;
	assert_false(kiosk_reason(&k, -1, T0 + 600));
	assert_false(kiosk_reason(&k, SURVEY_R_COUNT, T0 + 600));
	assert_false(kiosk_reason(&k, 31, T0 + 600));
	assert_int_equal(k.reasons, 1u << SURVEY_R_NHUNG_NHIEU);
	assert_int_equal(k.version, v);
	/* A level tapped here is not taken either. */
	assert_false(kiosk_level(&k, 5, T0 + 700));
	assert_int_equal(k.screen, KIOSK_REASONS);

	/* Confirm on REASONS sends what was chosen. */
	assert_true(kiosk_confirm(&k, T0 + 800));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 1, 2, 1u << SURVEY_R_NHUNG_NHIEU);
	/* And on THANKS reasons are refused again. */
	assert_false(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 900));
	assert_int_equal(k.reasons, 0);
}

static void test_send_all_reasons(void **state)
{
	struct kiosk k;
	uint32_t all = 0;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 1, T0 + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	for (int r = 0; r < SURVEY_R_COUNT; r++) {
		assert_true(kiosk_reason(&k, r, T0 + 200 + r));
		all |= 1u << r;
	}
	assert_int_equal(k.reasons, all);
	assert_true(kiosk_confirm(&k, T0 + 1000));
	expect_rating(&k, OFFICER, "", 5, 5, 1, all);
}

/* Left alone on "Vì sao?", what was chosen is sent; each toggle restarts the wait. */
static void test_reasons_timeout_sends_choice(void **state)
{
	struct kiosk k;
	int64_t t;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 2, T0));
	assert_true(kiosk_level(&k, 5, T0 + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_next_deadline(&k) == T0 + 100 + R_MS);
	t = T0 + 100 + R_MS - 5000;
	assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, t));
	assert_true(kiosk_next_deadline(&k) == t + R_MS);
	kiosk_tick(&k, t + R_MS - 1);
	assert_int_equal(k.screen, KIOSK_REASONS);
	expect_nothing_to_take(&k);
	/* Another touch on the screen (not a chip) also keeps it. */
	kiosk_activity(&k, t + R_MS - 1);
	t = t + R_MS - 1;
	assert_true(kiosk_next_deadline(&k) == t + R_MS);
	kiosk_tick(&k, t + R_MS - 1);
	assert_int_equal(k.screen, KIOSK_REASONS);
	unsigned v = k.version;
	kiosk_tick(&k, t + R_MS);
	assert_int_equal(k.screen, KIOSK_THANKS);
	assert_int_not_equal(k.version, v);
	expect_rating(&k, OFFICER, "", 5, 2, 5, 1u << SURVEY_R_CHO_LAU);
}

/* A reasons screen left without any choice still sends the answers. */
static void test_reasons_timeout_without_choice(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 3, true, true);
	assert_true(kiosk_level(&k, 1, T0));
	assert_true(kiosk_level(&k, 1, T0 + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	kiosk_tick(&k, T0 + 100 + R_MS);
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 3, 1, 1, 0);
}

/* ---- question timeouts ------------------------------------------------------------------------- */

/* DESIGN §5: a second question left unanswered times out and the first answer is still sent. */
static void test_question_timeout_sends_first_answer(void **state)
{
	struct kiosk k;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 4, T0));
	assert_true(kiosk_next_deadline(&k) == T0 + Q_MS);
	kiosk_tick(&k, T0 + Q_MS - 1);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	expect_nothing_to_take(&k);
	v = k.version;
	kiosk_tick(&k, T0 + Q_MS);
	assert_int_not_equal(k.version, v);
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 4, 0, 0);
	expect_clean(&k);
}

/* Also when that first answer was dissatisfied: the timeout does not hold the rating back. */
static void test_question_timeout_after_dissatisfied(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 1, T0));
	kiosk_tick(&k, T0 + Q_MS);
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 1, 0, 0);
}

/* A question opened but never answered sends nothing and does not count as a rating. */
static void test_question_timeout_nothing_answered(void **state)
{
	struct kiosk k;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_confirm(&k, T0)); /* a tap on the idle screen outside the faces */
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QO);
	/* Activity keeps the question up. */
	kiosk_activity(&k, T0 + Q_MS - 1);
	kiosk_tick(&k, T0 + Q_MS);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	v = k.version;
	kiosk_tick(&k, T0 + 2 * Q_MS - 1);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_not_equal(k.version, v);
	expect_nothing_to_take(&k);
	expect_clean(&k);
	assert_true(kiosk_next_deadline(&k) == 0);
	/* No rating was made, so there is no minimum interval to wait. */
	assert_int_equal(kiosk_gate(&k, T0 + 2 * Q_MS), KIOSK_OPEN);
	assert_true(kiosk_level(&k, 3, T0 + 2 * Q_MS));
}

/* ---- back, confirm, skip ----------------------------------------------------------------------- */

static void test_back(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	assert_false(kiosk_back(&k, T0)); /* nothing before the idle screen */
	assert_int_equal(k.screen, KIOSK_IDLE);

	assert_true(kiosk_level(&k, 2, T0));
	assert_int_equal(k.question, QP);
	/* Back from question 2 to 1: the first answer is kept, so it shows as selected. */
	assert_true(kiosk_back(&k, T0 + 100));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QO);
	assert_int_equal(k.answers[QO], 2);
	/* The citizen changes their mind. */
	assert_true(kiosk_level(&k, 4, T0 + 200));
	assert_int_equal(k.question, QP);
	assert_int_equal(k.answers[QO], 4);
	/* Back twice: from question 1 to idle discards everything. */
	assert_true(kiosk_back(&k, T0 + 300));
	assert_true(kiosk_back(&k, T0 + 400));
	assert_int_equal(k.screen, KIOSK_IDLE);
	expect_clean(&k);
	expect_nothing_to_take(&k);
	assert_true(kiosk_next_deadline(&k) == 0);
	assert_int_equal(kiosk_gate(&k, T0 + 500), KIOSK_OPEN);
	/* Nothing was sent, so nothing happens when the old deadline passes. */
	kiosk_tick(&k, T0 + 400 + Q_MS);
	expect_nothing_to_take(&k);
	assert_int_equal(k.screen, KIOSK_IDLE);
}

/* Back from "Vì sao?" returns to the last question with both answers and the chosen reasons. */
static void test_back_from_reasons(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 2, T0 + 100));
	assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, T0 + 200));
	assert_true(kiosk_back(&k, T0 + 300));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QP);
	assert_int_equal(k.answers[QO], 5);
	assert_int_equal(k.answers[QP], 2);
	/* Now satisfied with the procedure after all: straight to THANKS, and no reason is sent with it. */
	assert_true(kiosk_level(&k, 4, T0 + 400));
	assert_int_equal(k.screen, KIOSK_THANKS);
	struct rating r;
	take_one(&k, &r);
	assert_int_equal(r.answers[QO], 5);
	assert_int_equal(r.answers[QP], 4);
}

static void test_confirm_and_skip_rules(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	/* The first question cannot be skipped. */
	assert_true(kiosk_confirm(&k, T0));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QO);
	unsigned v = k.version;
	assert_false(kiosk_confirm(&k, T0 + 100));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QO);
	assert_int_equal(k.version, v);
	/* Once it is answered, the second can be skipped: a satisfied answer goes to THANKS. */
	assert_true(kiosk_level(&k, 5, T0 + 200));
	assert_true(kiosk_confirm(&k, T0 + 300));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 5, 0, 0);

	/* A dissatisfied first answer and a skip ask "Vì sao?". */
	kiosk_tick(&k, T0 + 300 + GAP_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_true(kiosk_level(&k, 1, T0 + 300 + GAP_MS));
	assert_true(kiosk_confirm(&k, T0 + 400 + GAP_MS));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_confirm(&k, T0 + 500 + GAP_MS));
	expect_rating(&k, OFFICER, "", 5, 1, 0, 0);
}

/* Confirm on a question already answered (after going back) goes on with that answer. */
static void test_confirm_keeps_answer_after_back(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 3, T0));
	assert_true(kiosk_back(&k, T0 + 100));
	assert_true(kiosk_confirm(&k, T0 + 200));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QP);
	assert_int_equal(k.answers[QO], 3);
	assert_true(kiosk_level(&k, 5, T0 + 300));
	expect_rating(&k, OFFICER, "", 5, 3, 5, 0);
}

static void test_bad_levels_refused(void **state)
{
	static const int scales[] = { 3, 4, 5 };

	(void)state;
	for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
		struct kiosk k;
		int scale = scales[i];
		unsigned v;

		start(&k, scale, true, true);
		v = k.version;
		assert_false(kiosk_level(&k, 0, T0));
		assert_false(kiosk_level(&k, -1, T0));
		assert_false(kiosk_level(&k, scale + 1, T0));
		assert_int_equal(k.screen, KIOSK_IDLE);
		assert_int_equal(k.version, v);
		assert_true(kiosk_level(&k, scale, T0));
		assert_false(kiosk_level(&k, scale + 1, T0 + 100));
		assert_int_equal(k.screen, KIOSK_QUESTION);
		assert_int_equal(k.question, QP);
		assert_int_equal(k.answers[QP], 0);
	}
}

/* ---- thanks and what stays ---------------------------------------------------------------------- */

static void test_thanks_returns_to_idle(void **state)
{
	struct kiosk k;
	int64_t t = T0 + 1000; /* when the rating finishes */
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	rate_satisfied(&k, T0);
	assert_true(kiosk_next_deadline(&k) == t + THANKS_MS);
	kiosk_tick(&k, t + THANKS_MS - 1);
	assert_int_equal(k.screen, KIOSK_THANKS);
	v = k.version;
	kiosk_tick(&k, t + THANKS_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_not_equal(k.version, v);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);

	/* Confirm (a tap) and back dismiss THANKS at once. */
	kiosk_tick(&k, t + 2 * GAP_MS);
	rate_satisfied(&k, t + 2 * GAP_MS);
	assert_true(kiosk_confirm(&k, t + 2 * GAP_MS + 1500));
	assert_int_equal(k.screen, KIOSK_IDLE);
	rate_satisfied(&k, t + 4 * GAP_MS);
	assert_true(kiosk_back(&k, t + 4 * GAP_MS + 1500));
	assert_int_equal(k.screen, KIOSK_IDLE);
}

/* DESIGN §8: nothing on the screen reveals the previous rating. The answers and reasons are gone on
 * THANKS already, and the next citizen starts from empty. */
static void test_nothing_of_previous_citizen_remains(void **state)
{
	struct kiosk k;
	int64_t t;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 1, T0));
	assert_true(kiosk_level(&k, 2, T0 + 100));
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, T0 + 200));
	assert_true(kiosk_reason(&k, SURVEY_R_THAI_DO, T0 + 300));
	assert_true(kiosk_confirm(&k, T0 + 400));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_clean(&k);
	t = T0 + 400 + THANKS_MS;
	kiosk_tick(&k, t);
	assert_int_equal(k.screen, KIOSK_IDLE);
	expect_clean(&k);
	/* The rating is still delivered to the spool even though the view shows none of it. */
	expect_rating(&k, OFFICER, "", 5, 1, 2, 1u << SURVEY_R_NHUNG_NHIEU | 1u << SURVEY_R_THAI_DO);

	/* The next citizen: question 2 has no answer pre-selected, "Vì sao?" no chip pre-chosen. */
	t = T0 + 400 + GAP_MS;
	assert_true(kiosk_level(&k, 2, t));
	assert_int_equal(k.answers[QP], 0);
	assert_true(kiosk_level(&k, 2, t + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_int_equal(k.reasons, 0);
	/* And a timeout clears as well as a send does. */
	kiosk_tick(&k, t + 100 + R_MS);
	expect_clean(&k);
	expect_rating(&k, OFFICER, "", 5, 2, 2, 0);
}

/* ---- anti-spam --------------------------------------------------------------------------------- */

static void test_minimum_interval(void **state)
{
	struct kiosk k;
	int64_t t = T0 + 1000; /* the rating ends here */
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	rate_satisfied(&k, T0);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_WAIT);
	kiosk_tick(&k, t + THANKS_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_equal(kiosk_gate(&k, t + THANKS_MS), KIOSK_WAIT);
	assert_true(kiosk_next_deadline(&k) == t + GAP_MS);
	/* A level or a tap on idle is refused while the interval runs, and changes nothing. */
	v = k.version;
	assert_false(kiosk_level(&k, 5, t + THANKS_MS + 1));
	assert_false(kiosk_confirm(&k, t + GAP_MS - 1));
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_equal(k.version, v);
	expect_nothing_to_take(&k);
	assert_int_equal(kiosk_gate(&k, t + GAP_MS - 1), KIOSK_WAIT);
	/* The end of the interval is a visible change seen by kiosk_tick. */
	kiosk_tick(&k, t + GAP_MS - 1);
	assert_int_equal(k.version, v);
	kiosk_tick(&k, t + GAP_MS);
	assert_int_not_equal(k.version, v);
	assert_int_equal(kiosk_gate(&k, t + GAP_MS), KIOSK_OPEN);
	assert_int_equal(k.gate, KIOSK_OPEN);
	assert_true(kiosk_level(&k, 3, t + GAP_MS));
	assert_int_equal(k.screen, KIOSK_QUESTION);
}

/* The interval runs from the end of a rating: a long thanks screen may use it all up. */
static void test_interval_shorter_than_thanks(void **state)
{
	struct kiosk k;
	struct kiosk_config c = config(5, true, true);

	(void)state;
	c.min_interval_ms = 1000;
	assert_int_equal(kiosk_init(&k, &c, T0), HL_OK);
	rate_satisfied(&k, T0);
	kiosk_tick(&k, T0 + 1000 + THANKS_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_equal(kiosk_gate(&k, T0 + 1000 + THANKS_MS), KIOSK_OPEN);
	assert_true(kiosk_level(&k, 4, T0 + 1000 + THANKS_MS));
}

/* ---- sessions ---------------------------------------------------------------------------------- */

static void test_without_session_uses_config(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, "cb0999", "1.001234", 1, -1, T0);
	assert_string_equal(kiosk_current_officer(&k), "cb0999");
	assert_string_equal(kiosk_current_procedure(&k), "1.001234");
	kiosk_clear_session(&k);
	assert_string_equal(kiosk_current_officer(&k), OFFICER);
	assert_string_equal(kiosk_current_procedure(&k), "");
	rate_satisfied(&k, T0);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);
}

static void test_session_captured_at_start(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, "cb0001", "1.000001", 111, -1, T0);
	assert_string_equal(kiosk_current_officer(&k), "cb0001");
	assert_true(kiosk_level(&k, 5, T0 + 100));
	/* The one-stop software moves on while the citizen is still answering. */
	kiosk_set_session(&k, "cb0002", "2.000002", 222, -1, T0 + 200);
	assert_string_equal(kiosk_current_officer(&k), "cb0002");
	assert_true(kiosk_level(&k, 5, T0 + 300));
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 5, 0);

	/* Same with the session cleared mid-rating. */
	kiosk_tick(&k, T0 + 300 + GAP_MS);
	kiosk_set_session(&k, "cb0003", "3.000003", 333, -1, T0 + 300 + GAP_MS);
	assert_true(kiosk_level(&k, 4, T0 + 400 + GAP_MS));
	kiosk_clear_session(&k);
	assert_true(kiosk_level(&k, 4, T0 + 500 + GAP_MS));
	expect_rating(&k, "cb0003", "3.000003", 5, 4, 4, 0);
}

static void test_one_rating_per_session(void **state)
{
	struct kiosk k;
	int64_t t = T0;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, "cb0001", "1.000001", 111, -1, t);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	/* Rated, and it stays rated after the minimum interval. */
	t += 1000;
	assert_int_equal(kiosk_gate(&k, t), KIOSK_RATED);
	assert_int_equal(kiosk_gate(&k, t + 10 * GAP_MS), KIOSK_RATED);
	kiosk_tick(&k, t + 10 * GAP_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_equal(k.gate, KIOSK_RATED);
	t += 10 * GAP_MS;
	assert_false(kiosk_level(&k, 5, t));
	assert_false(kiosk_confirm(&k, t));
	assert_int_equal(k.screen, KIOSK_IDLE);

	/* The same session delivered again (a retained message after a reconnect) keeps it rated. */
	v = k.version;
	kiosk_set_session(&k, "cb0001", "1.000001", 111, -1, t);
	assert_int_equal(k.version, v);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_RATED);
	assert_false(kiosk_level(&k, 5, t));

	/* A new token for the same officer and procedure: the next citizen may rate. */
	kiosk_set_session(&k, "cb0001", "1.000001", 112, -1, t);
	assert_int_not_equal(k.version, v);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	t += 1000 + GAP_MS;
	assert_int_equal(kiosk_gate(&k, t), KIOSK_RATED);

	/* Another officer, same procedure and token. */
	kiosk_set_session(&k, "cb0002", "1.000001", 112, -1, t);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0002", "1.000001", 5, 5, 4, 0);
	t += 1000 + GAP_MS;
	assert_int_equal(kiosk_gate(&k, t), KIOSK_RATED);

	/* Same officer, another procedure. */
	kiosk_set_session(&k, "cb0002", "1.000002", 112, -1, t);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0002", "1.000002", 5, 5, 4, 0);

	/* A new session within the minimum interval still waits for it. */
	kiosk_set_session(&k, "cb0002", "1.000003", 113, -1, t + 1000);
	assert_int_equal(kiosk_gate(&k, t + 1000), KIOSK_WAIT);
	assert_int_equal(kiosk_gate(&k, t + 1000 + GAP_MS), KIOSK_OPEN);
}

/* An unrated session does not close the gate; only a rating in it does. */
static void test_session_open_until_rated(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, "cb0001", "1.000001", 111, -1, T0);
	/* A question opened and abandoned is not a rating. */
	assert_true(kiosk_confirm(&k, T0));
	kiosk_tick(&k, T0 + Q_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	expect_nothing_to_take(&k);
	assert_int_equal(kiosk_gate(&k, T0 + Q_MS), KIOSK_OPEN);
	/* A half rating (first answer, then timeout) is one. */
	assert_true(kiosk_level(&k, 3, T0 + Q_MS));
	kiosk_tick(&k, T0 + 2 * Q_MS);
	expect_rating(&k, "cb0001", "1.000001", 5, 3, 0, 0);
	assert_int_equal(kiosk_gate(&k, T0 + 2 * Q_MS + GAP_MS), KIOSK_RATED);
}

static void test_session_expiry(void **state)
{
	struct kiosk k;
	int64_t end = T0 + 60000;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, "cb0001", "1.000001", 111, 60000, T0);
	assert_true(kiosk_next_deadline(&k) == end);
	kiosk_tick(&k, end - 1);
	assert_string_equal(kiosk_current_officer(&k), "cb0001");
	v = k.version;
	kiosk_tick(&k, end);
	assert_int_not_equal(k.version, v);
	assert_string_equal(kiosk_current_officer(&k), OFFICER);
	assert_string_equal(kiosk_current_procedure(&k), "");
	assert_true(kiosk_next_deadline(&k) == 0);
	rate_satisfied(&k, end);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);
}

/* A rated session ends: the gate opens again (once the minimum interval has also passed). */
static void test_rated_session_expires(void **state)
{
	struct kiosk k;
	int64_t end = T0 + 5 * GAP_MS;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, "cb0001", "1.000001", 111, end - T0, T0);
	rate_satisfied(&k, T0);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	kiosk_tick(&k, T0 + 1000 + THANKS_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	/* The session ends before the interval would: the expiry is the next thing due. */
	assert_true(kiosk_next_deadline(&k) <= end);
	kiosk_tick(&k, end - 1);
	assert_int_equal(kiosk_gate(&k, end - 1), KIOSK_RATED);
	assert_int_equal(k.gate, KIOSK_RATED);
	unsigned v = k.version;
	kiosk_tick(&k, end);
	assert_int_not_equal(k.version, v);
	assert_int_equal(kiosk_gate(&k, end), KIOSK_OPEN);
	assert_int_equal(k.gate, KIOSK_OPEN);
	assert_true(kiosk_level(&k, 5, end));
	assert_true(kiosk_level(&k, 5, end + 100));
	expect_rating(&k, OFFICER, "", 5, 5, 5, 0);
}

/* A session refreshed with a later expiry moves the deadline. */
static void test_session_expiry_refreshed(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, "cb0001", "1.000001", 111, 1000, T0);
	assert_true(kiosk_next_deadline(&k) == T0 + 1000);
	kiosk_set_session(&k, "cb0001", "1.000001", 111, 5000, T0 + 500);
	assert_true(kiosk_next_deadline(&k) == T0 + 5500);
	kiosk_tick(&k, T0 + 1000);
	assert_string_equal(kiosk_current_officer(&k), "cb0001");
	/* No expiry at all. */
	kiosk_set_session(&k, "cb0001", "1.000001", 111, -1, T0 + 600);
	assert_true(kiosk_next_deadline(&k) == 0);
	kiosk_tick(&k, T0 + 3600000);
	assert_string_equal(kiosk_current_officer(&k), "cb0001");
}

/* ---- other configurations ---------------------------------------------------------------------- */

static void test_officer_question_only(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, false);
	assert_true(kiosk_level(&k, 4, T0));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 4, 0, 0);
	kiosk_tick(&k, T0 + GAP_MS);
	assert_true(kiosk_level(&k, 2, T0 + GAP_MS));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_back(&k, T0 + GAP_MS + 100));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QO);
	assert_int_equal(k.answers[QO], 2);
	assert_true(kiosk_back(&k, T0 + GAP_MS + 200));
	assert_int_equal(k.screen, KIOSK_IDLE);
	expect_nothing_to_take(&k);
	/* Confirm on the only question without an answer is refused: it cannot be skipped. */
	assert_true(kiosk_confirm(&k, T0 + GAP_MS + 300));
	assert_false(kiosk_confirm(&k, T0 + GAP_MS + 400));
	assert_int_equal(k.screen, KIOSK_QUESTION);
}

static void test_procedure_question_only(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, false, true);
	assert_true(kiosk_confirm(&k, T0));
	assert_int_equal(k.question, QP);
	assert_true(kiosk_level(&k, 5, T0 + 100));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 0, 5, 0);
	kiosk_tick(&k, T0 + GAP_MS + 100);
	assert_true(kiosk_level(&k, 1, T0 + GAP_MS + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + GAP_MS + 200));
	assert_true(kiosk_confirm(&k, T0 + GAP_MS + 300));
	expect_rating(&k, OFFICER, "", 5, 0, 1, 1u << SURVEY_R_CHO_LAU);
}

static void test_scales_3_and_4(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 3, true, true);
	assert_false(kiosk_level(&k, 4, T0));
	assert_true(kiosk_level(&k, 3, T0));
	assert_true(kiosk_level(&k, 2, T0 + 100));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 3, 3, 2, 0);

	start(&k, 4, true, true);
	assert_false(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 3, T0));
	assert_true(kiosk_level(&k, 2, T0 + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_reason(&k, SURVEY_R_HEN_NHIEU_LAN, T0 + 200));
	assert_true(kiosk_confirm(&k, T0 + 300));
	expect_rating(&k, OFFICER, "", 4, 3, 2, 1u << SURVEY_R_HEN_NHIEU_LAN);
}

/* ---- version and deadlines ---------------------------------------------------------------------- */

/* The view redraws only when `version` moves: it must move on every visible change and stay put
 * when nothing visible happens. */
static void test_version(void **state)
{
	struct kiosk k;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
#define CHANGED(stmt)                                                                              \
	do {                                                                                       \
		v = k.version;                                                                     \
		stmt;                                                                              \
		if (k.version == v)                                                                \
			fail_msg("version did not change: %s", #stmt);                             \
	} while (0)
#define SAME(stmt)                                                                                 \
	do {                                                                                       \
		v = k.version;                                                                     \
		stmt;                                                                              \
		if (k.version != v)                                                                \
			fail_msg("version changed: %s", #stmt);                                    \
	} while (0)
	SAME(kiosk_tick(&k, T0 + 1));
	SAME(kiosk_activity(&k, T0 + 2));
	SAME(kiosk_back(&k, T0 + 3));
	CHANGED(kiosk_level(&k, 1, T0 + 10));           /* idle → question 2 */
	SAME(kiosk_activity(&k, T0 + 20));              /* only the deadline moves */
	SAME(kiosk_tick(&k, T0 + 30));
	CHANGED(kiosk_back(&k, T0 + 40));               /* → question 1 */
	CHANGED(kiosk_level(&k, 2, T0 + 50));           /* → question 2 */
	CHANGED(kiosk_level(&k, 1, T0 + 60));           /* → reasons */
	CHANGED(kiosk_reason(&k, 0, T0 + 70));          /* chip on */
	CHANGED(kiosk_reason(&k, 0, T0 + 80));          /* chip off */
	SAME(kiosk_reason(&k, SURVEY_R_COUNT, T0 + 90));
	CHANGED(kiosk_tick(&k, T0 + 80 + R_MS));        /* reasons timeout → thanks */
	kiosk_tick(&k, T0 + 81 + R_MS);                 /* may note the interval starting, once */
	SAME(kiosk_tick(&k, T0 + 82 + R_MS));
	SAME(kiosk_take(&k, &(struct rating){ 0 }));    /* the spool is not on screen */
	CHANGED(kiosk_tick(&k, T0 + 80 + R_MS + THANKS_MS)); /* thanks → idle */
	SAME(kiosk_level(&k, 3, T0 + 80 + R_MS + THANKS_MS + 1)); /* refused: waiting */
	CHANGED(kiosk_tick(&k, T0 + 80 + R_MS + GAP_MS)); /* the wait ends */
	SAME(kiosk_tick(&k, T0 + 81 + R_MS + GAP_MS));
	CHANGED(kiosk_set_session(&k, "cb0001", "1.000001", 7, 1000, T0 + 100 + R_MS + GAP_MS));
	SAME(kiosk_set_session(&k, "cb0001", "1.000001", 7, 1000, T0 + 100 + R_MS + GAP_MS));
	CHANGED(kiosk_tick(&k, T0 + 1100 + R_MS + GAP_MS)); /* the session expires */
	SAME(kiosk_clear_session(&k));
	CHANGED(kiosk_confirm(&k, T0 + 2000 + R_MS + GAP_MS)); /* idle → question 1 */
	SAME(kiosk_confirm(&k, T0 + 2001 + R_MS + GAP_MS));    /* refused: no answer */
	CHANGED(kiosk_tick(&k, T0 + 2000 + R_MS + GAP_MS + Q_MS)); /* question timeout → idle */
#undef CHANGED
#undef SAME
}

static void test_next_deadline(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_next_deadline(&k) == 0);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_next_deadline(&k) == T0 + Q_MS);
	kiosk_activity(&k, T0 + 5000);
	assert_true(kiosk_next_deadline(&k) == T0 + 5000 + Q_MS);
	assert_true(kiosk_back(&k, T0 + 6000));
	assert_true(kiosk_next_deadline(&k) == T0 + 6000 + Q_MS);
	assert_true(kiosk_level(&k, 1, T0 + 7000));
	assert_true(kiosk_level(&k, 1, T0 + 8000));
	assert_true(kiosk_next_deadline(&k) == T0 + 8000 + R_MS);
	assert_true(kiosk_confirm(&k, T0 + 9000));
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + THANKS_MS);
	/* A session expiring sooner than the screen's timeout comes first. */
	kiosk_set_session(&k, "cb0001", "1.000001", 1, 1000, T0 + 9500);
	assert_true(kiosk_next_deadline(&k) == T0 + 10500);
	kiosk_tick(&k, T0 + 10500);
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + THANKS_MS);
	kiosk_tick(&k, T0 + 9000 + THANKS_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	/* On idle during the minimum interval: its end. */
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + GAP_MS);
}

/* ---- regressions: an idle loop must not spin; a session begun mid-rating is the next citizen's ---- */

static void start_default(struct kiosk *k)
{
	struct kiosk_config c;

	memset(&c, 0, sizeof c);
	c.scale = 5;
	c.ask[SURVEY_Q_OFFICER] = c.ask[SURVEY_Q_PROCEDURE] = true;
	c.question_timeout_ms = 20000;
	c.reasons_timeout_ms = 30000;
	c.thanks_ms = 4000;
	c.min_interval_ms = 10000;
	strcpy(c.officer, "cb0123");
	assert_int_equal(kiosk_init(k, &c, T0), HL_OK);
}

static void test_deadline_after_interval_ended(void **state)
{
	struct kiosk k;
	struct rating r;

	(void)state;
	start_default(&k);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 5, T0 + 1000));
	assert_true(kiosk_take(&k, &r));
	kiosk_tick(&k, T0 + 5000);
	assert_true(kiosk_next_deadline(&k) == T0 + 11000);
	kiosk_tick(&k, T0 + 11000);
	assert_int_equal(k.gate, KIOSK_OPEN);
	/* Nothing is pending any more: 0, not a moment in the past. */
	assert_true(kiosk_next_deadline(&k) == 0);
}

static void test_deadline_rated_session_without_expiry(void **state)
{
	struct kiosk k;
	struct rating r;

	(void)state;
	start_default(&k);
	kiosk_set_session(&k, "cb0001", "1.000001", 1, -1, T0);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 5, T0 + 1000));
	assert_true(kiosk_take(&k, &r));
	kiosk_tick(&k, T0 + 5000);
	kiosk_tick(&k, T0 + 11000);
	assert_int_equal(k.gate, KIOSK_RATED);
	int64_t next = kiosk_next_deadline(&k);
	assert_true(next == 0 || next > T0 + 11000);
}

static void test_new_session_mid_rating_stays_open(void **state)
{
	struct kiosk k;
	struct rating r;

	(void)state;
	start_default(&k);
	kiosk_set_session(&k, "cb0001", "1.000001", 1, -1, T0);
	assert_true(kiosk_level(&k, 5, T0));
	/* The next citizen's session begins while the first is on question 2. */
	kiosk_set_session(&k, "cb0001", "1.000002", 2, -1, T0 + 500);
	assert_true(kiosk_level(&k, 5, T0 + 1000));
	assert_true(kiosk_take(&k, &r));
	assert_string_equal(r.procedure, "1.000001");
	/* That citizen has not rated: after the minimum interval the gate is open for them. */
	assert_int_equal(kiosk_gate(&k, T0 + 1000 + 10000), KIOSK_OPEN);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_fresh),
		cmocka_unit_test(test_init_rejects_bad_config),
		cmocka_unit_test(test_two_taps_full_rating),
		cmocka_unit_test(test_dissatisfied_asks_why),
		cmocka_unit_test(test_reasons_toggle_only_on_reasons),
		cmocka_unit_test(test_send_all_reasons),
		cmocka_unit_test(test_reasons_timeout_sends_choice),
		cmocka_unit_test(test_reasons_timeout_without_choice),
		cmocka_unit_test(test_question_timeout_sends_first_answer),
		cmocka_unit_test(test_question_timeout_after_dissatisfied),
		cmocka_unit_test(test_question_timeout_nothing_answered),
		cmocka_unit_test(test_back),
		cmocka_unit_test(test_back_from_reasons),
		cmocka_unit_test(test_confirm_and_skip_rules),
		cmocka_unit_test(test_confirm_keeps_answer_after_back),
		cmocka_unit_test(test_bad_levels_refused),
		cmocka_unit_test(test_thanks_returns_to_idle),
		cmocka_unit_test(test_nothing_of_previous_citizen_remains),
		cmocka_unit_test(test_minimum_interval),
		cmocka_unit_test(test_interval_shorter_than_thanks),
		cmocka_unit_test(test_without_session_uses_config),
		cmocka_unit_test(test_session_captured_at_start),
		cmocka_unit_test(test_one_rating_per_session),
		cmocka_unit_test(test_session_open_until_rated),
		cmocka_unit_test(test_session_expiry),
		cmocka_unit_test(test_rated_session_expires),
		cmocka_unit_test(test_session_expiry_refreshed),
		cmocka_unit_test(test_officer_question_only),
		cmocka_unit_test(test_procedure_question_only),
		cmocka_unit_test(test_scales_3_and_4),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_next_deadline),
		cmocka_unit_test(test_deadline_after_interval_ended),
		cmocka_unit_test(test_deadline_rated_session_without_expiry),
		cmocka_unit_test(test_new_session_mid_rating_stays_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
