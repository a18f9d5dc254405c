/* SPDX-License-Identifier: MIT
 * test_kiosk.c — the terminal's screen state machine through one citizen's rating, with a clock the
 * test sets: two taps make a full rating; dissatisfied answers ask "Vì sao?"; reasons toggle;
 * confirm, skip and back follow the rules of DESIGN §5; the thanks go back to idle; a finished rating
 * is taken exactly once with the right officer, procedure, scale, answers and reasons, and nothing of
 * it stays in the state the screen is drawn from (§8); the minimum interval gates the idle screen;
 * scales of 3 and 4 and a single question work alike. Transactions and the officer on duty are in
 * test_kiosk_txn.c; timeouts, abandonment, the citizen's own choices and the serious reasons in
 * test_kiosk_turn.c; the shared helpers in kiosk_fixture.c. */
#include "hl.h"
#include "i18n.h"
#include "kiosk.h"
#include "kiosk_fixture.h"
#include "survey.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

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
	expect_fresh_turn(&k);
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
		c = config(5, true, true);
		c.answer_timeout_ms = bad;
		assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	}
	/* A language the terminal has no table for. */
	c = config(5, true, true);
	c.lang = -1;
	assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	c.lang = I18N_LANG_COUNT;
	assert_int_equal(kiosk_init(&k, &c, T0), HL_ERR_INVALID);
	/* English as the configured language: the first citizen meets it. */
	c.lang = I18N_EN;
	assert_int_equal(kiosk_init(&k, &c, T0), HL_OK);
	assert_int_equal(k.lang, I18N_EN);
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

/* Where a terminal also asks the result (questions = all): three questions in order, each answer in
 * its own place, "Vì sao?" after a dissatisfied result, and a walk-away after two answers still
 * sends both. */
static void test_three_questions(void **state)
{
	struct kiosk_config c = config(5, true, true);
	struct kiosk k;
	struct rating r;

	(void)state;
	c.ask[SURVEY_Q_RESULT] = true;
	start_with(&k, &c);
	assert_true(kiosk_level(&k, 5, T0));
	assert_int_equal(k.question, QP);
	assert_true(kiosk_level(&k, 4, T0 + 1000));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, SURVEY_Q_RESULT);
	expect_nothing_to_take(&k);
	assert_true(kiosk_level(&k, 2, T0 + 2000));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, T0 + 3000));
	assert_true(kiosk_confirm(&k, T0 + 4000));
	assert_int_equal(k.screen, KIOSK_THANKS);
	take_one(&k, &r);
	assert_int_equal(r.answers[QO], 5);
	assert_int_equal(r.answers[QP], 4);
	assert_int_equal(r.answers[SURVEY_Q_RESULT], 2);
	assert_int_equal(r.reasons, 1u << SURVEY_R_TRE_HEN);

	/* The next citizen answers two and walks away: both are sent, the result is left unanswered. */
	int64_t t = T0 + GAP_MS + 10000;
	kiosk_tick(&k, t);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_true(kiosk_level(&k, 4, t));
	assert_true(kiosk_level(&k, 5, t + 1000));
	assert_int_equal(k.question, SURVEY_Q_RESULT);
	kiosk_tick(&k, t + 1000 + A_MS + 1);
	assert_int_equal(k.screen, KIOSK_IDLE);
	take_one(&k, &r);
	assert_int_equal(r.answers[QO], 4);
	assert_int_equal(r.answers[QP], 5);
	assert_int_equal(r.answers[SURVEY_Q_RESULT], 0);
}

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
		for (int q = QO; q <= QP; q++) { /* the two questions start() asks */
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
	assert_true(kiosk_reason(&k, SURVEY_R_THAI_DO, T0 + 400));
	assert_int_equal(k.reasons, 1u << SURVEY_R_TRE_HEN | 1u << SURVEY_R_THAI_DO);
	v = k.version;
	assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, T0 + 500));
	assert_int_equal(k.reasons, 1u << SURVEY_R_THAI_DO);
	assert_int_not_equal(k.version, v);
	/* Out of range: refused, nothing changes. */
	v = k.version;
	assert_false(kiosk_reason(&k, -1, T0 + 600));
	assert_false(kiosk_reason(&k, SURVEY_R_COUNT, T0 + 600));
	assert_false(kiosk_reason(&k, 31, T0 + 600));
	assert_int_equal(k.reasons, 1u << SURVEY_R_THAI_DO);
	assert_int_equal(k.version, v);
	/* A level tapped here is not taken either. */
	assert_false(kiosk_level(&k, 5, T0 + 700));
	assert_int_equal(k.screen, KIOSK_REASONS);

	/* Confirm on REASONS sends what was chosen. */
	assert_true(kiosk_confirm(&k, T0 + 800));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 1, 2, 1u << SURVEY_R_THAI_DO);
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
		assert_true(kiosk_reason(&k, r, T0 + 200 + 2 * r));
		if (survey_reason_serious(r)) {
			assert_int_equal(k.screen, KIOSK_CONFIRM);
			assert_true(kiosk_confirm(&k, T0 + 201 + 2 * r));
		}
		assert_int_equal(k.screen, KIOSK_REASONS);
		all |= 1u << r;
	}
	assert_int_equal(k.reasons, all);
	assert_true(kiosk_confirm(&k, T0 + 1000));
	expect_rating(&k, OFFICER, "", 5, 5, 1, all);
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
	assert_int_equal(kiosk_gate(&k, T0 + 500), KIOSK_OPEN);
	/* The only thing due is the end of this citizen's turn on the idle screen, and nothing was
	 * sent, so nothing is when it passes. */
	assert_true(kiosk_next_deadline(&k) == T0 + 400 + A_MS);
	kiosk_tick(&k, T0 + 400 + A_MS);
	expect_nothing_to_take(&k);
	expect_fresh_turn(&k);
	assert_true(kiosk_next_deadline(&k) == 0);
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
	assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 200));
	assert_true(kiosk_reason(&k, SURVEY_R_THAI_DO, T0 + 300));
	assert_true(kiosk_confirm(&k, T0 + 400));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_clean(&k);
	t = T0 + 400 + THANKS_MS;
	kiosk_tick(&k, t);
	assert_int_equal(k.screen, KIOSK_IDLE);
	expect_clean(&k);
	/* The rating is still delivered to the spool even though the view shows none of it. */
	expect_rating(&k, OFFICER, "", 5, 1, 2, 1u << SURVEY_R_CHO_LAU | 1u << SURVEY_R_THAI_DO);

	/* The next citizen: question 2 has no answer pre-selected, "Vì sao?" no chip pre-chosen. */
	t = T0 + 400 + GAP_MS;
	assert_true(kiosk_level(&k, 2, t));
	assert_int_equal(k.answers[QP], 0);
	assert_true(kiosk_level(&k, 2, t + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_int_equal(k.reasons, 0);
	/* And a timeout clears as well as a send does. */
	kiosk_tick(&k, t + 100 + R_MS);
	expect_fresh_turn(&k);
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


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_fresh),
		cmocka_unit_test(test_init_rejects_bad_config),
		cmocka_unit_test(test_two_taps_full_rating),
		cmocka_unit_test(test_three_questions),
		cmocka_unit_test(test_dissatisfied_asks_why),
		cmocka_unit_test(test_reasons_toggle_only_on_reasons),
		cmocka_unit_test(test_send_all_reasons),
		cmocka_unit_test(test_back),
		cmocka_unit_test(test_back_from_reasons),
		cmocka_unit_test(test_confirm_and_skip_rules),
		cmocka_unit_test(test_confirm_keeps_answer_after_back),
		cmocka_unit_test(test_bad_levels_refused),
		cmocka_unit_test(test_thanks_returns_to_idle),
		cmocka_unit_test(test_nothing_of_previous_citizen_remains),
		cmocka_unit_test(test_minimum_interval),
		cmocka_unit_test(test_interval_shorter_than_thanks),
		cmocka_unit_test(test_officer_question_only),
		cmocka_unit_test(test_procedure_question_only),
		cmocka_unit_test(test_scales_3_and_4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
