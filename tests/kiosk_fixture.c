/* SPDX-License-Identifier: MIT
 * kiosk_fixture.c — the kiosk tests' shared configuration, session messages and rating checks
 * (kiosk_fixture.h). Owns nothing: every kiosk lives in its test. */
#include "kiosk_fixture.h"

#include "hl.h"
#include "i18n.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

struct kiosk_config config(int scale, bool ask_officer, bool ask_procedure)
{
	struct kiosk_config c;

	memset(&c, 0, sizeof c);
	c.scale = scale;
	c.ask[QO] = ask_officer;
	c.ask[QP] = ask_procedure;
	c.question_timeout_ms = Q_MS;
	c.answer_timeout_ms = A_MS;
	c.reasons_timeout_ms = R_MS;
	c.thanks_ms = THANKS_MS;
	c.min_interval_ms = GAP_MS;
	c.lang = I18N_VI;
	strcpy(c.officer, OFFICER);
	return c;
}

void start(struct kiosk *k, int scale, bool ask_officer, bool ask_procedure)
{
	struct kiosk_config c = config(scale, ask_officer, ask_procedure);

	start_with(k, &c);
}

void start_with(struct kiosk *k, const struct kiosk_config *c)
{
	assert_int_equal(kiosk_init(k, c, T0), HL_OK);
}

struct kiosk_session txn_msg(const char *txn, const char *officer, const char *procedure, const char *duty,
			     int64_t expires_in_ms)
{
	struct kiosk_session s;

	memset(&s, 0, sizeof s);
	s.transaction = true;
	snprintf(s.txn, sizeof s.txn, "%s", txn);
	snprintf(s.officer, sizeof s.officer, "%s", officer);
	snprintf(s.procedure, sizeof s.procedure, "%s", procedure);
	snprintf(s.duty, sizeof s.duty, "%s", duty);
	s.expires_in_ms = expires_in_ms;
	return s;
}

void open_txn(struct kiosk *k, const char *txn, const char *officer, const char *procedure, const char *duty,
	      int64_t now)
{
	struct kiosk_session s = txn_msg(txn, officer, procedure, duty, -1);

	kiosk_set_session(k, &s, now);
}

void open_legacy(struct kiosk *k, const char *officer, const char *procedure, int64_t token, int64_t expires_in_ms,
		 int64_t now)
{
	struct kiosk_session s = txn_msg("", officer, procedure, "", expires_in_ms);

	s.token = token;
	kiosk_set_session(k, &s, now);
}

void set_duty(struct kiosk *k, const char *duty, int64_t now)
{
	struct kiosk_session s;

	memset(&s, 0, sizeof s);
	snprintf(s.duty, sizeof s.duty, "%s", duty);
	s.expires_in_ms = -1;
	kiosk_set_session(k, &s, now);
}

void take_one(struct kiosk *k, struct rating *r)
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

void expect_rating(struct kiosk *k, const char *officer, const char *procedure, int scale, int a_officer,
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

void expect_nothing_to_take(struct kiosk *k)
{
	struct rating r;

	assert_false(kiosk_take(k, &r));
}

void expect_clean(const struct kiosk *k)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		assert_int_equal(k->answers[q], 0);
	assert_int_equal(k->reasons, 0);
}

void rate_satisfied(struct kiosk *k, int64_t now)
{
	assert_true(kiosk_level(k, 5, now));
	assert_true(kiosk_level(k, 4, now + 1000));
	assert_int_equal(k->screen, KIOSK_THANKS);
}

void expect_fresh_turn(const struct kiosk *k)
{
	assert_int_equal(k->screen, KIOSK_IDLE);
	expect_clean(k);
	assert_false(k->complaint);
	assert_int_equal(k->lang, k->cfg.lang);
	assert_int_equal(k->large, k->cfg.large);
	assert_int_equal(k->speak, k->cfg.speak);
}
