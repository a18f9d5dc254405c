/* SPDX-License-Identifier: MIT
 * test_kiosk_txn.c — whom and what a rating is about, from the counter's session messages (DESIGN
 * §12): one rating per transaction, carrying its officer and procedure; after it the officer on duty
 * with no procedure; a retained repeat of the same transaction changes nothing, a new one may be
 * rated once, older messages without an id are told apart by their token; a restart keeps a rated
 * transaction rated; a rating that could not be recorded gives its transaction back; ratings only
 * within a transaction when so configured; a transaction's expiry; a transaction begun while a
 * citizen is still answering is the next citizen's; with nobody known to serve, no officer question. */
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

#define DUTY "cb0009"

/* The idle screen names this officer and procedure. */
static void expect_named(const struct kiosk *k, const char *officer, const char *procedure)
{
	assert_int_equal(k->screen, KIOSK_IDLE);
	assert_string_equal(kiosk_current_officer(k), officer);
	assert_string_equal(kiosk_current_procedure(k), procedure);
}

static void test_no_session_uses_config(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	expect_named(&k, OFFICER, "");
	open_txn(&k, "w1", "cb0999", "1.001234", "", T0);
	expect_named(&k, "cb0999", "1.001234");
	/* The empty message: no transaction, the configured officer on duty. */
	kiosk_clear_session(&k);
	expect_named(&k, OFFICER, "");
	rate_satisfied(&k, T0);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);
}

/* The one-stop software moves on while the citizen is still answering: their rating stays theirs. */
static void test_txn_captured_at_start(void **state)
{
	struct kiosk k;
	int64_t t = T0;

	(void)state;
	start(&k, 5, true, true);
	open_txn(&k, "w1", "cb0001", "1.000001", DUTY, t);
	assert_true(kiosk_level(&k, 5, t + 100));
	open_txn(&k, "w2", "cb0002", "2.000002", DUTY, t + 200);
	/* The question still names whom it is about. */
	assert_string_equal(kiosk_current_officer(&k), "cb0001");
	assert_true(kiosk_level(&k, 5, t + 300));
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 5, 0);
	/* The transaction begun meanwhile is the next citizen's, whole. */
	kiosk_tick(&k, t + 300 + THANKS_MS);
	expect_named(&k, "cb0002", "2.000002");
	t += 300 + GAP_MS;
	assert_int_equal(kiosk_gate(&k, t), KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0002", "2.000002", 5, 5, 4, 0);

	/* Same with the transaction withdrawn mid-rating (the empty message). */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	open_txn(&k, "w3", "cb0003", "3.000003", "", t);
	assert_true(kiosk_level(&k, 4, t + 100));
	kiosk_clear_session(&k);
	assert_true(kiosk_level(&k, 4, t + 200));
	expect_rating(&k, "cb0003", "3.000003", 5, 4, 4, 0);
	kiosk_tick(&k, t + 200 + THANKS_MS);
	expect_named(&k, OFFICER, "");
}

static void test_one_rating_per_transaction(void **state)
{
	struct kiosk k;
	int64_t t = T0;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	open_txn(&k, "w1", "cb0001", "1.000001", DUTY, t);
	expect_named(&k, "cb0001", "1.000001");
	assert_int_equal(kiosk_gate(&k, t), KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	assert_string_not_equal(kiosk_rated_txn(&k), "");

	/* Rated: the terminal returns to the officer on duty, and the next citizen may rate them once
	 * the minimum interval has passed — no "already rated" that blocks everyone after. */
	t += 1000;
	kiosk_tick(&k, t + THANKS_MS);
	expect_named(&k, DUTY, "");
	assert_int_equal(kiosk_gate(&k, t + THANKS_MS), KIOSK_WAIT);
	t += GAP_MS;
	kiosk_tick(&k, t);
	assert_int_equal(k.gate, KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, DUTY, "", 5, 5, 4, 0);

	/* The same transaction again (a retained message after a reconnect) changes nothing. */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	v = k.version;
	open_txn(&k, "w1", "cb0001", "1.000001", DUTY, t);
	assert_int_equal(k.version, v);
	expect_named(&k, DUTY, "");
	rate_satisfied(&k, t);
	expect_rating(&k, DUTY, "", 5, 5, 4, 0);

	/* A new transaction, even for the same officer and procedure, may be rated once. */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	open_txn(&k, "w2", "cb0001", "1.000001", DUTY, t);
	assert_int_not_equal(k.version, v);
	expect_named(&k, "cb0001", "1.000001");
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	expect_named(&k, DUTY, "");

	/* A new transaction within the minimum interval still waits for it. */
	rate_satisfied(&k, t);
	expect_rating(&k, DUTY, "", 5, 5, 4, 0);
	open_txn(&k, "w3", "cb0002", "1.000003", DUTY, t + 1500);
	assert_int_equal(kiosk_gate(&k, t + 1500), KIOSK_WAIT);
	assert_int_equal(kiosk_gate(&k, t + 1000 + GAP_MS), KIOSK_OPEN);
}

/* Messages older than transaction ids: {officer, procedure, expires}, told apart by their token. */
static void test_legacy_messages_by_token(void **state)
{
	struct kiosk k;
	int64_t t = T0;
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	open_legacy(&k, "cb0001", "1.000001", 111, -1, t);
	expect_named(&k, "cb0001", "1.000001");
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	expect_named(&k, OFFICER, "");

	/* Delivered again: the same one, still rated. */
	v = k.version;
	open_legacy(&k, "cb0001", "1.000001", 111, -1, t);
	assert_int_equal(k.version, v);
	expect_named(&k, OFFICER, "");

	/* A new token: the next citizen's transaction. */
	open_legacy(&k, "cb0001", "1.000001", 112, -1, t);
	expect_named(&k, "cb0001", "1.000001");
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);

	/* Another officer with the same token is another transaction too. */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	open_legacy(&k, "cb0002", "1.000001", 112, -1, t);
	expect_named(&k, "cb0002", "1.000001");
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0002", "1.000001", 5, 5, 4, 0);
}

/* Opening a question and walking away without an answer is no rating: the transaction stays open. A
 * first answer left alone is one. */
static void test_txn_open_until_rated(void **state)
{
	struct kiosk k;

	(void)state;
	start(&k, 5, true, true);
	open_txn(&k, "w1", "cb0001", "1.000001", DUTY, T0);
	assert_true(kiosk_confirm(&k, T0));
	kiosk_tick(&k, T0 + Q_MS);
	expect_named(&k, "cb0001", "1.000001");
	expect_nothing_to_take(&k);
	assert_int_equal(kiosk_gate(&k, T0 + Q_MS), KIOSK_OPEN);
	assert_true(kiosk_level(&k, 3, T0 + Q_MS));
	kiosk_tick(&k, T0 + Q_MS + A_MS);
	expect_rating(&k, "cb0001", "1.000001", 5, 3, 0, 0);
	expect_named(&k, DUTY, "");
}

static void test_txn_expiry(void **state)
{
	struct kiosk k;
	int64_t end = T0 + 60000;
	struct kiosk_session s = txn_msg("w1", "cb0001", "1.000001", "", 60000);
	unsigned v;

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, &s, T0);
	assert_true(kiosk_next_deadline(&k) == end);
	kiosk_tick(&k, end - 1);
	expect_named(&k, "cb0001", "1.000001");
	v = k.version;
	kiosk_tick(&k, end);
	assert_int_not_equal(k.version, v);
	expect_named(&k, OFFICER, "");
	assert_true(kiosk_next_deadline(&k) == 0);
	rate_satisfied(&k, end);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);
}

/* A rated transaction that then expires: the officer on duty before and after, ratings open. */
static void test_rated_txn_expires(void **state)
{
	struct kiosk k;
	int64_t end = T0 + 5 * GAP_MS;
	struct kiosk_session s = txn_msg("w1", "cb0001", "1.000001", DUTY, end - T0);

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, &s, T0);
	rate_satisfied(&k, T0);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	kiosk_tick(&k, T0 + 1000 + GAP_MS);
	expect_named(&k, DUTY, "");
	assert_int_equal(k.gate, KIOSK_OPEN);
	assert_true(kiosk_next_deadline(&k) == end);
	kiosk_tick(&k, end);
	expect_named(&k, DUTY, "");
	assert_int_equal(kiosk_gate(&k, end), KIOSK_OPEN);
	assert_true(kiosk_next_deadline(&k) == 0);
	assert_true(kiosk_level(&k, 5, end));
	assert_true(kiosk_level(&k, 5, end + 100));
	expect_rating(&k, DUTY, "", 5, 5, 5, 0);
}

/* The same transaction again with a later expiry moves the deadline; without one, none. */
static void test_txn_expiry_refreshed(void **state)
{
	struct kiosk k;
	struct kiosk_session s = txn_msg("w1", "cb0001", "1.000001", "", 1000);

	(void)state;
	start(&k, 5, true, true);
	kiosk_set_session(&k, &s, T0);
	assert_true(kiosk_next_deadline(&k) == T0 + 1000);
	s.expires_in_ms = 5000;
	kiosk_set_session(&k, &s, T0 + 500);
	assert_true(kiosk_next_deadline(&k) == T0 + 5500);
	kiosk_tick(&k, T0 + 1000);
	expect_named(&k, "cb0001", "1.000001");
	s.expires_in_ms = -1;
	kiosk_set_session(&k, &s, T0 + 600);
	assert_true(kiosk_next_deadline(&k) == 0);
	kiosk_tick(&k, T0 + 3600000);
	expect_named(&k, "cb0001", "1.000001");
}

/* A rated transaction without expiry leaves nothing due once the interval is over (no busy loop). */
static void test_deadline_rated_txn_without_expiry(void **state)
{
	struct kiosk k;
	struct rating r;

	(void)state;
	start(&k, 5, true, true);
	open_txn(&k, "w1", "cb0001", "1.000001", "", T0);
	assert_true(kiosk_level(&k, 5, T0));
	assert_true(kiosk_level(&k, 5, T0 + 1000));
	assert_true(kiosk_take(&k, &r));
	kiosk_tick(&k, T0 + 5000);
	kiosk_tick(&k, T0 + 11000);
	assert_int_equal(k.gate, KIOSK_OPEN);
	assert_true(kiosk_next_deadline(&k) == 0);
}

static void test_new_txn_mid_rating_stays_open(void **state)
{
	struct kiosk k;
	struct rating r;

	(void)state;
	start(&k, 5, true, true);
	open_txn(&k, "w1", "cb0001", "1.000001", "", T0);
	assert_true(kiosk_level(&k, 5, T0));
	open_txn(&k, "w2", "cb0001", "1.000002", "", T0 + 500);
	assert_true(kiosk_level(&k, 5, T0 + 1000));
	assert_true(kiosk_take(&k, &r));
	assert_string_equal(r.procedure, "1.000001");
	assert_int_equal(kiosk_gate(&k, T0 + 1000 + GAP_MS), KIOSK_OPEN);
	kiosk_tick(&k, T0 + 1000 + GAP_MS);
	expect_named(&k, "cb0001", "1.000002");
}

/* Configured "only within a transaction": between transactions the idle screen says so. */
static void test_only_in_txn(void **state)
{
	struct kiosk k;
	struct kiosk_config c = config(5, true, true);
	struct kiosk_session s = txn_msg("w2", "cb0002", "1.000002", DUTY, 60000);
	int64_t t = T0;

	(void)state;
	c.only_in_txn = true;
	start_with(&k, &c);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_NO_TXN);
	assert_false(kiosk_level(&k, 5, t));
	assert_false(kiosk_confirm(&k, t));
	assert_int_equal(k.screen, KIOSK_IDLE);
	/* An officer on duty is no transaction. */
	set_duty(&k, DUTY, t);
	assert_int_equal(kiosk_gate(&k, t), KIOSK_NO_TXN);
	assert_false(kiosk_level(&k, 5, t));

	open_txn(&k, "w1", "cb0001", "1.000001", DUTY, t);
	kiosk_tick(&k, t);
	assert_int_equal(k.gate, KIOSK_OPEN);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	/* Rated: closed again, for good, not only for the interval. */
	t += 1000;
	assert_int_equal(kiosk_gate(&k, t + 10 * GAP_MS), KIOSK_NO_TXN);
	kiosk_tick(&k, t + 10 * GAP_MS);
	assert_int_equal(k.gate, KIOSK_NO_TXN);
	assert_false(kiosk_level(&k, 5, t + 10 * GAP_MS));
	expect_nothing_to_take(&k);

	/* The next transaction opens it; one that expires unrated closes it. */
	t += 10 * GAP_MS;
	kiosk_set_session(&k, &s, t);
	kiosk_tick(&k, t);
	assert_int_equal(k.gate, KIOSK_OPEN);
	unsigned v = k.version;
	kiosk_tick(&k, t + 60000);
	assert_int_not_equal(k.version, v);
	assert_int_equal(k.gate, KIOSK_NO_TXN);
}

/* Who is on duty comes from the session message, kept between transactions. */
static void test_duty(void **state)
{
	struct kiosk k;
	int64_t t = T0;

	(void)state;
	start(&k, 5, true, true);
	set_duty(&k, "cb0042", t);
	expect_named(&k, "cb0042", "");
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0042", "", 5, 5, 4, 0);

	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	open_txn(&k, "w1", "cb0001", "1.000001", "cb0042", t);
	expect_named(&k, "cb0001", "1.000001");
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	kiosk_tick(&k, t + 1000 + THANKS_MS);
	expect_named(&k, "cb0042", "");

	/* A duty-only message while a transaction is open ends it (the console closed it). */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	open_txn(&k, "w2", "cb0001", "1.000002", "cb0042", t);
	expect_named(&k, "cb0001", "1.000002");
	set_duty(&k, "cb0043", t);
	expect_named(&k, "cb0043", "");
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0043", "", 5, 5, 4, 0);

	/* The empty message: nobody on duty but the configured officer. */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	kiosk_clear_session(&k);
	expect_named(&k, OFFICER, "");
	rate_satisfied(&k, t);
	expect_rating(&k, OFFICER, "", 5, 5, 4, 0);

	/* A transaction that names no officer (the API allows it) is served by whoever is on duty. */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	open_txn(&k, "w3", "", "1.000003", "cb0044", t);
	expect_named(&k, "cb0044", "1.000003");
	assert_true(kiosk_asks(&k, QO));
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0044", "1.000003", 5, 5, 4, 0);
}

/* After a restart the retained transaction arrives again: kept rated through kiosk_restore_rated, in
 * either order. */
static void test_restore_rated(void **state)
{
	struct kiosk before, after;
	char key[KIOSK_TXN_KEY_MAX];

	(void)state;
	start(&before, 5, true, true);
	assert_string_equal(kiosk_rated_txn(&before), "");
	open_txn(&before, "w7", "cb0001", "1.000001", DUTY, T0);
	rate_satisfied(&before, T0);
	expect_rating(&before, "cb0001", "1.000001", 5, 5, 4, 0);
	snprintf(key, sizeof key, "%s", kiosk_rated_txn(&before));
	assert_string_not_equal(key, "");

	/* Restored first, then the retained message. */
	start(&after, 5, true, true);
	kiosk_restore_rated(&after, key);
	open_txn(&after, "w7", "cb0001", "1.000001", DUTY, T0);
	expect_named(&after, DUTY, "");
	rate_satisfied(&after, T0);
	expect_rating(&after, DUTY, "", 5, 5, 4, 0);

	/* The retained message first, then restored. */
	start(&after, 5, true, true);
	open_txn(&after, "w7", "cb0001", "1.000001", DUTY, T0);
	expect_named(&after, "cb0001", "1.000001");
	kiosk_restore_rated(&after, key);
	expect_named(&after, DUTY, "");

	/* Another transaction is not the one rated; nothing restored, nothing rated. */
	start(&after, 5, true, true);
	kiosk_restore_rated(&after, key);
	open_txn(&after, "w8", "cb0001", "1.000001", DUTY, T0);
	expect_named(&after, "cb0001", "1.000001");
	start(&after, 5, true, true);
	kiosk_restore_rated(&after, NULL);
	kiosk_restore_rated(&after, "");
	open_txn(&after, "w7", "cb0001", "1.000001", DUTY, T0);
	expect_named(&after, "cb0001", "1.000001");

	/* An older id-less message too. */
	start(&before, 5, true, true);
	open_legacy(&before, "cb0001", "1.000001", 111, -1, T0);
	rate_satisfied(&before, T0);
	expect_rating(&before, "cb0001", "1.000001", 5, 5, 4, 0);
	snprintf(key, sizeof key, "%s", kiosk_rated_txn(&before));
	start(&after, 5, true, true);
	kiosk_restore_rated(&after, key);
	open_legacy(&after, "cb0001", "1.000001", 111, -1, T0);
	expect_named(&after, OFFICER, "");
}

/* A rating the spool refused was not recorded: the citizen is told so, and the transaction can be
 * rated again. */
static void test_not_recorded_gives_txn_back(void **state)
{
	struct kiosk k;
	int64_t t = T0;

	(void)state;
	start(&k, 5, true, true);
	open_txn(&k, "w1", "cb0001", "1.000001", DUTY, t);
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	kiosk_not_recorded(&k, t + 1000);
	assert_int_equal(k.screen, KIOSK_NOT_RECORDED);
	assert_string_equal(kiosk_rated_txn(&k), "");
	assert_true(kiosk_next_deadline(&k) == t + 1000 + 3 * THANKS_MS);
	kiosk_tick(&k, t + 1000 + 3 * THANKS_MS - 1);
	assert_int_equal(k.screen, KIOSK_NOT_RECORDED);
	kiosk_tick(&k, t + 1000 + 3 * THANKS_MS);
	expect_fresh_turn(&k);
	expect_named(&k, "cb0001", "1.000001");
	t += 1000 + 3 * THANKS_MS;
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	/* A tap dismisses the notice at once. */
	kiosk_not_recorded(&k, t + 1000);
	assert_true(kiosk_confirm(&k, t + 1500));
	expect_fresh_turn(&k);

	/* An abandoned rating refused by the spool: nobody watches, the screen stays idle, and the
	 * transaction is open again. */
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	expect_named(&k, "cb0001", "1.000001");
	assert_true(kiosk_level(&k, 4, t));
	kiosk_tick(&k, t + A_MS);
	expect_rating(&k, "cb0001", "1.000001", 5, 4, 0, 0);
	expect_named(&k, DUTY, "");
	kiosk_not_recorded(&k, t + A_MS);
	expect_fresh_turn(&k);
	expect_named(&k, "cb0001", "1.000001");

	/* A rating between transactions given back touches no transaction. */
	t += A_MS + GAP_MS;
	rate_satisfied(&k, t);
	expect_rating(&k, "cb0001", "1.000001", 5, 5, 4, 0);
	t += 1000 + GAP_MS;
	kiosk_tick(&k, t);
	rate_satisfied(&k, t);
	expect_rating(&k, DUTY, "", 5, 5, 4, 0);
	kiosk_not_recorded(&k, t + 1000);
	kiosk_tick(&k, t + 1000 + 3 * THANKS_MS);
	expect_named(&k, DUTY, "");
	assert_string_not_equal(kiosk_rated_txn(&k), "");
}

/* Nobody known to serve here (no duty, no configured officer): the officer question is not asked, so
 * that no rating is credited to nobody; with only that question configured, no rating at all. */
static void test_no_officer_no_officer_question(void **state)
{
	struct kiosk k;
	struct kiosk_config c = config(5, true, true);
	struct rating r;

	(void)state;
	c.officer[0] = '\0';
	start_with(&k, &c);
	expect_named(&k, "", "");
	assert_false(kiosk_asks(&k, QO));
	assert_true(kiosk_asks(&k, QP));
	assert_int_equal(kiosk_gate(&k, T0), KIOSK_OPEN);
	/* A level on idle answers the procedure question, and that is the whole rating. */
	assert_true(kiosk_level(&k, 4, T0));
	assert_int_equal(k.screen, KIOSK_THANKS);
	take_one(&k, &r);
	assert_string_equal(r.officer, "");
	assert_int_equal(r.answers[QO], 0);
	assert_int_equal(r.answers[QP], 4);

	/* An officer on duty brings the question back; a transaction's officer too. */
	set_duty(&k, DUTY, T0 + GAP_MS);
	assert_true(kiosk_asks(&k, QO));
	set_duty(&k, "", T0 + GAP_MS);
	assert_false(kiosk_asks(&k, QO));
	open_txn(&k, "w1", "cb0001", "1.000001", "", T0 + GAP_MS);
	assert_true(kiosk_asks(&k, QO));
	kiosk_clear_session(&k);

	/* A rating that started without an officer stays so when one comes on duty meanwhile. */
	kiosk_tick(&k, T0 + GAP_MS);
	assert_true(kiosk_confirm(&k, T0 + GAP_MS));
	assert_int_equal(k.question, QP);
	set_duty(&k, DUTY, T0 + GAP_MS + 100);
	assert_false(kiosk_asks(&k, QO));
	assert_true(kiosk_level(&k, 2, T0 + GAP_MS + 200));
	assert_int_equal(k.screen, KIOSK_REASONS);
	assert_true(kiosk_back(&k, T0 + GAP_MS + 300));
	assert_int_equal(k.question, QP);
	assert_true(kiosk_confirm(&k, T0 + GAP_MS + 400));
	assert_true(kiosk_confirm(&k, T0 + GAP_MS + 500));
	expect_rating(&k, "", "", 5, 0, 2, 0);

	/* Only the officer question configured, and nobody to ask it about: closed, and says why. */
	c.ask[QP] = false;
	start_with(&k, &c);
	assert_false(kiosk_asks(&k, QO));
	assert_int_equal(kiosk_gate(&k, T0), KIOSK_NO_OFFICER);
	assert_false(kiosk_level(&k, 5, T0));
	assert_false(kiosk_confirm(&k, T0));
	assert_int_equal(k.screen, KIOSK_IDLE);
	set_duty(&k, DUTY, T0);
	assert_int_equal(kiosk_gate(&k, T0), KIOSK_OPEN);
	assert_true(kiosk_level(&k, 5, T0));
	expect_rating(&k, DUTY, "", 5, 5, 0, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_session_uses_config),
		cmocka_unit_test(test_txn_captured_at_start),
		cmocka_unit_test(test_one_rating_per_transaction),
		cmocka_unit_test(test_legacy_messages_by_token),
		cmocka_unit_test(test_txn_open_until_rated),
		cmocka_unit_test(test_txn_expiry),
		cmocka_unit_test(test_rated_txn_expires),
		cmocka_unit_test(test_txn_expiry_refreshed),
		cmocka_unit_test(test_deadline_rated_txn_without_expiry),
		cmocka_unit_test(test_new_txn_mid_rating_stays_open),
		cmocka_unit_test(test_only_in_txn),
		cmocka_unit_test(test_duty),
		cmocka_unit_test(test_restore_rated),
		cmocka_unit_test(test_not_recorded_gives_txn_back),
		cmocka_unit_test(test_no_officer_no_officer_question),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
