/* SPDX-License-Identifier: MIT
 * test_kiosk_turn.c — one citizen's turn at the terminal and what the next one meets: the first
 * question left untouched times out with nothing sent; a citizen who walks away after an answer has
 * what they answered sent a short while later and the screen goes straight back to idle, with
 * nothing of theirs left for the next citizen to see or change; the language, large text and spoken
 * prompts a citizen chose last for their turn only; a serious reason counts only once confirmed, and
 * after it the thanks say what happens next for longer; `version` moves exactly when what is shown
 * moves; kiosk_next_deadline names the next moment something is due. */
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

/* ---- timeouts ---------------------------------------------------------------------------------- */

/* A question opened but never answered sends nothing and does not count as a rating. */
static void test_first_question_untouched(void **state)
{
	struct kiosk k;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_confirm(&k, T0)); /* a tap on the idle screen outside the faces */
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QO);
	assert_true(kiosk_next_deadline(&k) == T0 + Q_MS);
	/* Activity keeps the question up: a citizen reading it is not hurried. */
	kiosk_activity(&k, T0 + Q_MS - 1);
	kiosk_tick(&k, T0 + Q_MS);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	v = k.version;
	kiosk_tick(&k, T0 + 2 * Q_MS - 1);
	assert_int_not_equal(k.version, v);
	expect_fresh_turn(&k);
	expect_nothing_to_take(&k);
	assert_true(kiosk_next_deadline(&k) == 0);
	/* No rating was made, so there is no minimum interval to wait. */
	assert_int_equal(kiosk_gate(&k, T0 + 2 * Q_MS), KIOSK_OPEN);
	assert_true(kiosk_level(&k, 3, T0 + 2 * Q_MS));
}

/* DESIGN §5: a second question left unanswered times out and the first answer is still sent — after
 * the short wait for an answered screen, straight to idle: nobody is there to be thanked. */
static void test_second_question_left_sends_first_answer(void **state)
{
	struct kiosk k;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 4, T0));
	assert_true(kiosk_next_deadline(&k) == T0 + A_MS);
	kiosk_tick(&k, T0 + A_MS - 1);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	expect_nothing_to_take(&k);
	v = k.version;
	kiosk_tick(&k, T0 + A_MS);
	assert_int_not_equal(k.version, v);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 4, 0, 0);

	/* Also when that first answer was dissatisfied: the timeout does not hold the rating back. */
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 1, T0));
	kiosk_tick(&k, T0 + A_MS);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 1, 0, 0);
}

/* Left alone on "Vì sao?", what was chosen is sent; untouched it waits only as long as a question
 * after an answer (it says the citizen before was unhappy), once touched the longer reasons wait,
 * and each toggle and touch restarts it. */
static void test_reasons_left_sends_choice(void **state)
{
	struct kiosk k;
	int64_t t;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 2, T0));
	assert_true(kiosk_level(&k, 5, T0 + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_next_deadline(&k) == T0 + 100 + A_MS);
	t = T0 + 100 + A_MS - 1000;
	assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, t));
	assert_true(kiosk_next_deadline(&k) == t + R_MS);
	kiosk_tick(&k, t + R_MS - 1);
	assert_int_equal(k.screen, KIOSK_REASONS);
	expect_nothing_to_take(&k);
	kiosk_activity(&k, t + R_MS - 1);
	t = t + R_MS - 1;
	assert_true(kiosk_next_deadline(&k) == t + R_MS);
	kiosk_tick(&k, t + R_MS - 1);
	assert_int_equal(k.screen, KIOSK_REASONS);
	unsigned v = k.version;
	kiosk_tick(&k, t + R_MS);
	assert_int_not_equal(k.version, v);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 2, 5, 1u << SURVEY_R_CHO_LAU);

	/* Without any choice the answers are still sent. */
	start(&k, 3, true, true);
	assert_true(kiosk_level(&k, 1, T0));
	assert_true(kiosk_level(&k, 1, T0 + 100));
	assert_int_equal(k.screen, KIOSK_REASONS);
	kiosk_tick(&k, T0 + 100 + A_MS - 1);
	assert_int_equal(k.screen, KIOSK_REASONS);
	kiosk_tick(&k, T0 + 100 + A_MS);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 3, 1, 1, 0);
}

/* ---- abandonment ------------------------------------------------------------------------------- */

/* Issue 10, 1: a citizen answers the first question and walks away. Until the short wait is over it
 * is still their turn ("back" shows their answer); after it their rating is sent and the next
 * citizen can neither see nor change it. */
static void test_abandonment(void **state)
{
	struct kiosk k;
	int64_t t, left;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 4, T0));
	assert_int_equal(k.question, QP);
	/* Same citizen, before the timeout: back shows the answer, outlined to be changed. */
	assert_true(kiosk_back(&k, T0 + A_MS - 1));
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.question, QO);
	assert_int_equal(k.answers[QO], 4);
	assert_true(kiosk_confirm(&k, T0 + A_MS));
	assert_int_equal(k.question, QP);
	left = T0 + A_MS; /* the last touch */
	kiosk_tick(&k, left + A_MS - 1);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	expect_nothing_to_take(&k);

	/* Walked away: the rating with the first answer is taken, the screen is idle, no thanks. */
	kiosk_tick(&k, left + A_MS);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 4, 0, 0);
	/* Nothing to go back to. */
	assert_false(kiosk_back(&k, left + A_MS + 1));
	expect_fresh_turn(&k);

	/* The next citizen, once the minimum interval is over: a new rating, nothing selected. */
	t = left + A_MS + GAP_MS;
	assert_false(kiosk_level(&k, 2, t - 1));
	assert_true(kiosk_confirm(&k, t));
	assert_int_equal(k.question, QO);
	expect_clean(&k);
	assert_true(kiosk_level(&k, 2, t + 100));
	assert_int_equal(k.answers[QP], 0);
	assert_true(kiosk_back(&k, t + 200));
	assert_int_equal(k.answers[QO], 2); /* their own, not the 4 before */
	assert_true(kiosk_level(&k, 3, t + 300));
	assert_true(kiosk_level(&k, 5, t + 400));
	expect_rating(&k, OFFICER, "", 5, 3, 5, 0);

	/* Walking away from question 1 after coming back to it also sends what was answered. */
	t += 400 + GAP_MS;
	kiosk_tick(&k, t);
	assert_true(kiosk_level(&k, 1, t));
	assert_true(kiosk_back(&k, t + 100));
	assert_int_equal(k.question, QO);
	assert_true(kiosk_next_deadline(&k) == t + 100 + A_MS);
	kiosk_tick(&k, t + 100 + A_MS);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 1, 0, 0);

	/* The wait after an answer is configurable. */
	struct kiosk_config c = config(5, true, true);
	c.answer_timeout_ms = 2500;
	start_with(&k, &c);
	assert_true(kiosk_level(&k, 5, T0));
	kiosk_tick(&k, T0 + 2499);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	kiosk_tick(&k, T0 + 2500);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 5, 0, 0);
}

/* ---- the citizen's own choices ----------------------------------------------------------------- */

/* Issue 10, 2: the language, large text and sound a citizen chose last for their turn; the next
 * citizen starts in the configured ones — after the thanks, after walking away, and when they only
 * changed them on the idle screen and left. */
static void test_choices_reset_for_next_citizen(void **state)
{
	struct kiosk k;
	int64_t t = T0;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	assert_int_equal(k.lang, I18N_VI);

	/* After the thanks. */
	kiosk_toggle_lang(&k, t);
	kiosk_toggle_large(&k, t);
	kiosk_toggle_speak(&k, t);
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_int_equal(k.lang, I18N_EN);
	assert_true(k.large && k.speak);
	rate_satisfied(&k, t + 100);
	assert_int_equal(k.lang, I18N_EN); /* the thanks are theirs too */
	assert_true(k.large && k.speak);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);
	kiosk_tick(&k, t + 1100 + THANKS_MS);
	expect_fresh_turn(&k);
	assert_int_equal(k.lang, I18N_VI);
	assert_false(k.large || k.speak);

	/* After walking away mid-rating; the toggle kept the question up meanwhile. */
	t += 1100 + GAP_MS;
	assert_true(kiosk_level(&k, 5, t));
	kiosk_toggle_lang(&k, t + A_MS - 1);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	assert_int_equal(k.lang, I18N_EN);
	kiosk_tick(&k, t + A_MS);
	assert_int_equal(k.screen, KIOSK_QUESTION);
	kiosk_tick(&k, t + 2 * A_MS - 1);
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 5, 0, 0);

	/* On the idle screen, nobody starting: the choice lasts a short while after the last touch. */
	t += 2 * A_MS + GAP_MS;
	kiosk_toggle_lang(&k, t);
	kiosk_toggle_large(&k, t);
	assert_true(kiosk_next_deadline(&k) == t + A_MS);
	kiosk_activity(&k, t + A_MS - 1);
	kiosk_tick(&k, t + 2 * A_MS - 2);
	assert_int_equal(k.lang, I18N_EN);
	assert_true(k.large);
	v = k.version;
	kiosk_tick(&k, t + 2 * A_MS - 1);
	assert_int_not_equal(k.version, v);
	expect_fresh_turn(&k);
	expect_nothing_to_take(&k);
	assert_true(kiosk_next_deadline(&k) == 0);

	/* Chosen, started, gone back to idle: still this citizen's for a short while. */
	t += 2 * A_MS;
	kiosk_toggle_speak(&k, t);
	assert_true(kiosk_confirm(&k, t + 100));
	assert_true(k.speak);
	assert_true(kiosk_back(&k, t + 200));
	assert_int_equal(k.screen, KIOSK_IDLE);
	assert_true(k.speak);
	kiosk_tick(&k, t + 200 + A_MS);
	expect_fresh_turn(&k);

	/* A tap dismissing the thanks ends the turn as well. */
	t += 200 + A_MS;
	kiosk_toggle_lang(&k, t);
	rate_satisfied(&k, t);
	assert_true(kiosk_confirm(&k, t + 1500));
	expect_fresh_turn(&k);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);

	/* Toggled twice is back where it was; the configured language need not be Vietnamese. */
	struct kiosk_config c = config(5, true, true);
	c.lang = I18N_EN;
	c.large = true;
	start_with(&k, &c);
	assert_int_equal(k.lang, I18N_EN);
	assert_true(k.large);
	kiosk_toggle_lang(&k, T0);
	kiosk_toggle_large(&k, T0);
	assert_int_equal(k.lang, I18N_VI);
	assert_false(k.large);
	kiosk_toggle_lang(&k, T0 + 1);
	assert_int_equal(k.lang, I18N_EN);
	kiosk_toggle_lang(&k, T0 + 2);
	rate_satisfied(&k, T0 + 100);
	kiosk_tick(&k, T0 + 1100 + THANKS_MS);
	expect_fresh_turn(&k);
	assert_int_equal(k.lang, I18N_EN);
	assert_true(k.large);
}

/* ---- serious reasons --------------------------------------------------------------------------- */

static void to_reasons(struct kiosk *k, int64_t now)
{
	assert_true(kiosk_level(k, 5, now));
	assert_true(kiosk_level(k, 1, now + 100));
	assert_int_equal(k->screen, KIOSK_REASONS);
}

/* Issue 10, 6: one stray tap must not flag an officer. */
static void test_serious_reason_confirmation(void **state)
{
	struct kiosk k;
	int64_t t = T0 + 200;
	uint32_t want = 0;

	(void)state;
	start(&k, 5, true, true);
	to_reasons(&k, T0);
	for (int r = 0; r < SURVEY_R_COUNT; r++) {
		if (!survey_reason_serious(r))
			continue;
		/* Tapped: asked, not set. */
		assert_true(kiosk_reason(&k, r, t++));
		assert_int_equal(k.screen, KIOSK_CONFIRM);
		assert_int_equal(k.confirm_reason, r);
		assert_int_equal(k.reasons, want);
		/* Nothing else can be chosen meanwhile. */
		assert_false(kiosk_reason(&k, SURVEY_R_CHO_LAU, t++));
		assert_false(kiosk_level(&k, 5, t++));
		assert_int_equal(k.screen, KIOSK_CONFIRM);
		/* "No": back to the reasons, still not set. */
		assert_true(kiosk_back(&k, t++));
		assert_int_equal(k.screen, KIOSK_REASONS);
		assert_int_equal(k.reasons, want);
		/* Asked again and confirmed: set. */
		assert_true(kiosk_reason(&k, r, t++));
		assert_true(kiosk_confirm(&k, t++));
		assert_int_equal(k.screen, KIOSK_REASONS);
		want |= 1u << r;
		assert_int_equal(k.reasons, want);
	}
	/* An ordinary reason toggles at once. */
	assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, t++));
	assert_int_equal(k.screen, KIOSK_REASONS);
	want |= 1u << SURVEY_R_CHO_LAU;
	assert_int_equal(k.reasons, want);
	/* Turning a serious reason off needs no confirmation. */
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, t++));
	assert_int_equal(k.screen, KIOSK_REASONS);
	want &= ~(1u << SURVEY_R_NHUNG_NHIEU);
	assert_int_equal(k.reasons, want);
	assert_true(kiosk_confirm(&k, t));
	assert_int_equal(k.screen, KIOSK_THANKS);
	expect_rating(&k, OFFICER, "", 5, 5, 1, want);

	/* Left on the confirmation: sent without the reason never confirmed, straight to idle. */
	start(&k, 5, true, true);
	to_reasons(&k, T0);
	assert_true(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 200));
	assert_true(kiosk_reason(&k, SURVEY_R_THU_TIEN_KHONG_PHIEU, T0 + 300));
	assert_int_equal(k.screen, KIOSK_CONFIRM);
	assert_true(kiosk_next_deadline(&k) == T0 + 300 + R_MS);
	kiosk_tick(&k, T0 + 300 + R_MS - 1);
	assert_int_equal(k.screen, KIOSK_CONFIRM);
	kiosk_tick(&k, T0 + 300 + R_MS);
	expect_fresh_turn(&k);
	assert_int_equal(k.confirm_reason, -1);
	expect_rating(&k, OFFICER, "", 5, 5, 1, 1u << SURVEY_R_CHO_LAU);
}

/* Issue 10, 7: after a serious complaint the thanks say what happens next, and stay three times as
 * long; not after ordinary reasons; the next citizen gets the plain thanks. */
static void test_complaint_thanks(void **state)
{
	struct kiosk k;
	int64_t t;

	(void)state;
	start(&k, 5, true, true);
	to_reasons(&k, T0);
	assert_true(kiosk_reason(&k, SURVEY_R_GIAY_TO_NGOAI_QD, T0 + 200));
	assert_true(kiosk_confirm(&k, T0 + 300));
	assert_true(kiosk_confirm(&k, T0 + 400));
	assert_int_equal(k.screen, KIOSK_THANKS);
	assert_true(k.complaint);
	expect_clean(&k);
	expect_rating(&k, OFFICER, "", 5, 5, 1, 1u << SURVEY_R_GIAY_TO_NGOAI_QD);
	t = T0 + 400;
	assert_true(kiosk_next_deadline(&k) == t + 3 * THANKS_MS);
	kiosk_tick(&k, t + 3 * THANKS_MS - 1);
	assert_int_equal(k.screen, KIOSK_THANKS);
	assert_true(k.complaint);
	kiosk_tick(&k, t + 3 * THANKS_MS);
	expect_fresh_turn(&k);

	/* The next citizen, satisfied: the plain thanks, for the plain time. */
	t += 3 * THANKS_MS;
	rate_satisfied(&k, t);
	assert_false(k.complaint);
	assert_true(kiosk_next_deadline(&k) == t + 1000 + THANKS_MS);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);

	/* Ordinary reasons: no complaint. */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	to_reasons(&k, t);
	assert_true(kiosk_reason(&k, SURVEY_R_TRE_HEN, t + 200));
	assert_true(kiosk_reason(&k, SURVEY_R_THAI_DO, t + 300));
	assert_true(kiosk_confirm(&k, t + 400));
	assert_int_equal(k.screen, KIOSK_THANKS);
	assert_false(k.complaint);
	assert_true(kiosk_next_deadline(&k) == t + 400 + THANKS_MS);
	expect_rating(&k, OFFICER, "", 5, 5, 1, 1u << SURVEY_R_TRE_HEN | 1u << SURVEY_R_THAI_DO);

	/* Confirmed, then turned off again before sending: no complaint either. */
	t += 400 + GAP_MS;
	kiosk_tick(&k, t);
	to_reasons(&k, t);
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, t + 200));
	assert_true(kiosk_confirm(&k, t + 300));
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, t + 400));
	assert_true(kiosk_confirm(&k, t + 500));
	assert_int_equal(k.screen, KIOSK_THANKS);
	assert_false(k.complaint);
	expect_rating(&k, OFFICER, "", 5, 5, 1, 0);

	/* A complaint that could not be recorded is not thanked for. */
	t += 500 + GAP_MS;
	kiosk_tick(&k, t);
	to_reasons(&k, t);
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, t + 200));
	assert_true(kiosk_confirm(&k, t + 300));
	assert_true(kiosk_confirm(&k, t + 400));
	assert_true(k.complaint);
	expect_rating(&k, OFFICER, "", 5, 5, 1, 1u << SURVEY_R_NHUNG_NHIEU);
	kiosk_not_recorded(&k, t + 400);
	assert_int_equal(k.screen, KIOSK_NOT_RECORDED);
	assert_false(k.complaint);
	assert_true(kiosk_next_deadline(&k) == t + 400 + 3 * THANKS_MS);
	assert_true(kiosk_confirm(&k, t + 500));
	expect_fresh_turn(&k);

	/* A tap dismisses the complaint thanks, and nothing of it is left. */
	t += 400 + GAP_MS;
	kiosk_tick(&k, t);
	to_reasons(&k, t);
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, t + 200));
	assert_true(kiosk_confirm(&k, t + 300));
	assert_true(kiosk_confirm(&k, t + 400));
	assert_true(k.complaint);
	assert_true(kiosk_confirm(&k, t + 500));
	expect_fresh_turn(&k);
}

/* ---- version and deadlines --------------------------------------------------------------------- */

/* The view redraws only when `version` moves: it must move on every visible change and stay put
 * when nothing visible happens. */
static void test_version(void **state)
{
	struct kiosk k;
	struct kiosk_session s = txn_msg("w1", "cb0001", "1.000001", "", 1000);
	int64_t t;

	(void)state;
	start(&k, 5, true, true);
#define CHANGED(stmt) EXPECT_VERSION(k, stmt, true)
#define SAME(stmt) EXPECT_VERSION(k, stmt, false)
	SAME(kiosk_tick(&k, T0 + 1));
	SAME(kiosk_activity(&k, T0 + 2));
	SAME(kiosk_back(&k, T0 + 3));
	CHANGED(kiosk_level(&k, 1, T0 + 10));                    /* idle → question 2 */
	SAME(kiosk_activity(&k, T0 + 20));                       /* only the deadline moves */
	SAME(kiosk_tick(&k, T0 + 30));
	CHANGED(kiosk_back(&k, T0 + 40));                        /* → question 1 */
	CHANGED(kiosk_level(&k, 2, T0 + 50));                    /* → question 2 */
	CHANGED(kiosk_level(&k, 1, T0 + 60));                    /* → reasons */
	CHANGED(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 70));    /* chip on */
	CHANGED(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 80));    /* chip off */
	SAME(kiosk_reason(&k, SURVEY_R_COUNT, T0 + 90));
	CHANGED(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, T0 + 100)); /* → confirmation */
	SAME(kiosk_reason(&k, SURVEY_R_CHO_LAU, T0 + 110));      /* refused there */
	CHANGED(kiosk_back(&k, T0 + 120));                       /* "no" → reasons */
	CHANGED(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, T0 + 130));
	CHANGED(kiosk_confirm(&k, T0 + 140));                    /* "yes" → reasons, chip on */
	CHANGED(kiosk_toggle_lang(&k, T0 + 150));
	t = T0 + 150 + R_MS;
	CHANGED(kiosk_tick(&k, t));                              /* walked away → idle */
	kiosk_tick(&k, t + 1);                                   /* may note the interval starting, once */
	SAME(kiosk_tick(&k, t + 2));
	SAME(kiosk_take(&k, &(struct rating){ 0 }));             /* the spool is not on screen */
	SAME(kiosk_level(&k, 3, t + 3));                         /* refused: waiting */
	CHANGED(kiosk_tick(&k, t + GAP_MS));                     /* the wait ends */
	SAME(kiosk_tick(&k, t + GAP_MS + 1));
	t += GAP_MS;
	CHANGED(kiosk_set_session(&k, &s, t));
	SAME(kiosk_set_session(&k, &s, t));
	CHANGED(kiosk_tick(&k, t + 1000));                       /* the transaction expires */
	SAME(kiosk_clear_session(&k));
	CHANGED(set_duty(&k, "cb0042", t + 1000));
	SAME(set_duty(&k, "cb0042", t + 1000));
	CHANGED(kiosk_clear_session(&k));
	t += 2000;
	CHANGED(kiosk_confirm(&k, t));                           /* idle → question 1 */
	SAME(kiosk_confirm(&k, t + 1));                          /* refused: no answer */
	CHANGED(kiosk_tick(&k, t + Q_MS));                       /* question timeout → idle */
	t += Q_MS;
	CHANGED(kiosk_toggle_large(&k, t));
	SAME(kiosk_tick(&k, t + A_MS - 1));
	CHANGED(kiosk_tick(&k, t + A_MS));                       /* back to the configured size */
	SAME(kiosk_tick(&k, t + A_MS + 1));
	CHANGED(kiosk_toggle_speak(&k, t + A_MS + 2));
#undef CHANGED
#undef SAME
}

static void test_next_deadline(void **state)
{
	struct kiosk k;
	struct kiosk_session s = txn_msg("w1", "cb0001", "1.000001", "", 1000);

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_next_deadline(&k) == 0);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_next_deadline(&k) == T0 + A_MS);
	kiosk_activity(&k, T0 + 5000);
	assert_true(kiosk_next_deadline(&k) == T0 + 5000 + A_MS);
	assert_true(kiosk_back(&k, T0 + 6000));
	assert_true(kiosk_next_deadline(&k) == T0 + 6000 + A_MS);
	assert_true(kiosk_level(&k, 1, T0 + 7000));
	assert_true(kiosk_level(&k, 1, T0 + 8000));
	assert_true(kiosk_next_deadline(&k) == T0 + 8000 + A_MS);
	assert_true(kiosk_reason(&k, SURVEY_R_NHUNG_NHIEU, T0 + 8500));
	assert_true(kiosk_next_deadline(&k) == T0 + 8500 + R_MS);
	assert_true(kiosk_back(&k, T0 + 8600));
	assert_true(kiosk_next_deadline(&k) == T0 + 8600 + R_MS);
	assert_true(kiosk_confirm(&k, T0 + 9000));
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + THANKS_MS);
	/* A transaction expiring sooner than the screen's timeout comes first. */
	kiosk_set_session(&k, &s, T0 + 9500);
	assert_true(kiosk_next_deadline(&k) == T0 + 10500);
	kiosk_tick(&k, T0 + 10500);
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + THANKS_MS);
	kiosk_tick(&k, T0 + 9000 + THANKS_MS);
	assert_int_equal(k.screen, KIOSK_IDLE);
	/* On idle during the minimum interval: its end, or the end of a citizen's choices if sooner. */
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + GAP_MS);
	kiosk_toggle_lang(&k, T0 + 9000 + GAP_MS - A_MS - 1);
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + GAP_MS - 1);
	kiosk_tick(&k, T0 + 9000 + GAP_MS - 1);
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + GAP_MS);
	/* The first question, untouched: the long wait. */
	assert_true(kiosk_confirm(&k, T0 + 9000 + GAP_MS));
	assert_true(kiosk_next_deadline(&k) == T0 + 9000 + GAP_MS + Q_MS);
}

/* An idle loop must not spin: once the interval is over nothing is due, not a moment in the past. */
static void test_deadline_after_interval_ended(void **state)
{
	struct kiosk k;
	struct rating r;

	(void)state;
	start(&k, 5, true, true);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 5, T0 + 1000));
	assert_true(kiosk_take(&k, &r));
	kiosk_tick(&k, T0 + 5000);
	assert_true(kiosk_next_deadline(&k) == T0 + 1000 + GAP_MS);
	kiosk_tick(&k, T0 + 1000 + GAP_MS);
	assert_int_equal(k.gate, KIOSK_OPEN);
	assert_true(kiosk_next_deadline(&k) == 0);
	/* The same after an abandoned rating. */
	assert_true(kiosk_level(&k, 5, T0 + 1000 + GAP_MS));
	kiosk_tick(&k, T0 + 1000 + GAP_MS + A_MS);
	assert_true(kiosk_take(&k, &r));
	kiosk_tick(&k, T0 + 1000 + GAP_MS + A_MS + 1);
	assert_true(kiosk_next_deadline(&k) == T0 + 1000 + 2 * GAP_MS + A_MS);
	kiosk_tick(&k, T0 + 1000 + 2 * GAP_MS + A_MS);
	assert_true(kiosk_next_deadline(&k) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_question_untouched),
		cmocka_unit_test(test_second_question_left_sends_first_answer),
		cmocka_unit_test(test_reasons_left_sends_choice),
		cmocka_unit_test(test_abandonment),
		cmocka_unit_test(test_choices_reset_for_next_citizen),
		cmocka_unit_test(test_serious_reason_confirmation),
		cmocka_unit_test(test_complaint_thanks),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_next_deadline),
		cmocka_unit_test(test_deadline_after_interval_ended),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
