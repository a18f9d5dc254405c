/* SPDX-License-Identifier: MIT
 * test_flags.c — the complaint-flag rules (results/flags.c) with a controlled clock: each rule
 * proposes a flag exactly when its threshold is crossed and not one rating before; windows slide;
 * one call never proposes two flags of a kind for one subject; ratings delivered late from a spool are
 * placed at their own time; the offline rule fires once per episode; the state stays bounded; a
 * seeded engine remembers the window; the trend rule follows the Wilson bounds; status messages are
 * decoded strictly; evidence is JSON without any rating time. */
#include "flag_words.h"
#include "flags.h"
#include "i18n.h"
#include "period.h"
#include "hl.h"
#include "index.h"
#include "rollup.h"
#include "survey.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1780000000

static unsigned seq;

/* A rating at counter q (site sct-bentre), officer o, officer answer level (5-point scale), its
 * terminal time equal to ts, clock synchronised. */
static struct rating rating(const char *counter, const char *officer, int level, int64_t ts)
{
	struct rating r;

	memset(&r, 0, sizeof r);
	seq++;
	snprintf(r.id, sizeof r.id, "00000000-0000-4000-8000-%012u", seq);
	strcpy(r.site, "sct-bentre");
	snprintf(r.counter, sizeof r.counter, "%s", counter);
	snprintf(r.officer, sizeof r.officer, "%s", officer);
	strcpy(r.procedure, "1.001234");
	r.scale = 5;
	r.answers[SURVEY_Q_OFFICER] = level;
	r.answers[SURVEY_Q_PROCEDURE] = 4;
	if (level <= 2)
		r.reasons = 1u << SURVEY_R_CHO_LAU;
	r.ts = ts;
	r.clock_ok = true;
	return r;
}

static struct flag_engine *engine(const struct flag_params *p)
{
	struct flag_params d;
	struct flag_engine *e = NULL;

	if (!p) {
		flag_params_default(&d);
		p = &d;
	}
	assert_int_equal(flag_engine_new(p, &e), HL_OK);
	assert_non_null(e);
	return e;
}

/* Feeds one rating received at its own time; returns the number of candidates it produced. */
static size_t feed1(struct flag_engine *e, const struct rating *r, struct flag_list *out)
{
	size_t before = out->n;

	assert_int_equal(flag_engine_feed(e, r, 1, NULL, r->ts, out), HL_OK);
	return out->n - before;
}

static size_t count_kind(const struct flag_list *l, int kind)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].kind == kind;
	return n;
}

/* The evidence parsed; checks it is a JSON object without any time of a rating. */
static cJSON *evidence(const struct flag_candidate *c)
{
	cJSON *root = cJSON_Parse(c->evidence);

	assert_non_null(root);
	assert_true(cJSON_IsObject(root));
	assert_null(cJSON_GetObjectItemCaseSensitive(root, "ts"));
	assert_null(cJSON_GetObjectItemCaseSensitive(root, "received"));
	return root;
}

static const char *ev_str(const cJSON *root, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, key);

	assert_true(cJSON_IsString(it));
	return it->valuestring;
}

static int64_t ev_int(const cJSON *root, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, key);

	assert_true(cJSON_IsNumber(it));
	return (int64_t)it->valuedouble;
}

static bool ev_has_id(const cJSON *root, const char *id)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "rating_ids"), *e;

	assert_true(cJSON_IsArray(arr));
	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsString(e) && strcmp(e->valuestring, id) == 0)
			return true;
	return false;
}

/* ---- names ------------------------------------------------------------------------------------- */

static void names_round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < FLAG_KIND_COUNT; k++)
		assert_int_equal(flag_kind_parse(flag_kind_name(k)), k);
	for (int t = 0; t < FLAG_SUBJ_COUNT; t++)
		assert_int_equal(flag_subject_parse(flag_subject_name(t)), t);
	for (int s = 0; s < FLAG_STATE_COUNT; s++)
		assert_int_equal(flag_state_parse(flag_state_name(s)), s);
	assert_string_equal(flag_kind_name(FLAG_INTEGRITY), "integrity");
	assert_string_equal(flag_kind_name(FLAG_STUFFING), "stuffing");
	assert_string_equal(flag_kind_name(FLAG_CLOCK), "clock");
	assert_string_equal(flag_kind_name(FLAG_OFFLINE), "offline");
	assert_string_equal(flag_kind_name(FLAG_FAULT), "fault");
	assert_string_equal(flag_kind_label(FLAG_FAULT, 0), "Lỗi thiết bị");
	assert_string_equal(flag_kind_label(FLAG_FAULT, 1), "terminal fault");
	for (int k = 0; k < FLAG_KIND_COUNT; k++)
		assert_true(flag_kind_label(k, 0) && flag_kind_label(k, 1));
	assert_null(flag_kind_label(FLAG_KIND_COUNT, 0));
	assert_null(flag_kind_label(0, 2));
	assert_string_equal(flag_state_name(FLAG_ACKNOWLEDGED), "acknowledged");
	assert_null(flag_kind_name(FLAG_KIND_COUNT));
	assert_int_equal(flag_kind_parse("Serious"), -1);
	assert_int_equal(flag_state_parse(NULL), -1);
}

/* ---- serious ----------------------------------------------------------------------------------- */

static void serious_reason_flags_the_officer_at_once(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating r = rating("q05", "cb0123", 1, T0);

	(void)state;
	/* A dissatisfied rating with an ordinary reason: nothing. */
	assert_int_equal(feed1(e, &r, &out), 0);
	r = rating("q05", "cb0123", 2, T0 + 600);
	r.reasons = 1u << SURVEY_R_THU_TIEN_KHONG_PHIEU | 1u << SURVEY_R_TRE_HEN;
	assert_int_equal(feed1(e, &r, &out), 1);
	const struct flag_candidate *c = &out.v[0];
	assert_int_equal(c->kind, FLAG_SERIOUS);
	assert_int_equal(c->subject_type, FLAG_SUBJ_OFFICER);
	assert_string_equal(c->subject, "cb0123");
	assert_string_equal(c->site, "sct-bentre");
	assert_string_equal(c->summary, "serious complaint about officer cb0123 at counter q05: THU_TIEN_KHONG_PHIEU");
	cJSON *ev = evidence(c);
	assert_string_equal(ev_str(ev, "rule"), "serious");
	assert_string_equal(ev_str(ev, "counter"), "q05");
	assert_true(ev_has_id(ev, r.id));
	const cJSON *reasons = cJSON_GetObjectItemCaseSensitive(ev, "reasons");
	assert_int_equal(cJSON_GetArraySize(reasons), 2);
	assert_string_equal(cJSON_GetArrayItem(reasons, 0)->valuestring, "THU_TIEN_KHONG_PHIEU");
	assert_string_equal(cJSON_GetArrayItem(reasons, 1)->valuestring, "TRE_HEN");
	cJSON_Delete(ev);

	/* Every serious reason counts; the officer unknown: the counter is the subject. */
	for (int reason = 0; reason < SURVEY_R_COUNT; reason++) {
		flag_list_clear(&out);
		r = rating("q06", reason % 2 ? "" : "cb0200", 1, T0 + 10000 + reason * 1000);
		r.reasons = 1u << reason;
		feed1(e, &r, &out);
		assert_int_equal(count_kind(&out, FLAG_SERIOUS), survey_reason_serious(reason) ? 1 : 0);
		if (survey_reason_serious(reason) && reason % 2) {
			assert_int_equal(out.v[0].subject_type, FLAG_SUBJ_COUNTER);
			assert_string_equal(out.v[0].subject, "q06");
			assert_non_null(strstr(out.v[0].summary, "officer unknown"));
		}
	}
	flag_list_free(&out);
	flag_engine_free(e);
}

static void one_candidate_per_subject_in_one_call_and_duplicates_ignored(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating rs[4];
	bool fresh[4] = { true, true, true, false };

	(void)state;
	for (int i = 0; i < 4; i++) {
		rs[i] = rating(i == 2 ? "q02" : "q01", i == 2 ? "cb0002" : "cb0001", 5, T0 + i * 100);
		rs[i].reasons = 1u << SURVEY_R_NHUNG_NHIEU;
	}
	assert_int_equal(flag_engine_feed(e, rs, 4, fresh, T0 + 400, &out), HL_OK);
	assert_int_equal(out.n, 2); /* cb0001 once, cb0002 once */
	assert_string_equal(out.v[0].subject, "cb0001");
	assert_string_equal(out.v[1].subject, "cb0002");
	/* Only duplicates: nothing at all. */
	flag_list_clear(&out);
	bool none[4] = { false, false, false, false };
	assert_int_equal(flag_engine_feed(e, rs, 4, none, T0 + 500, &out), HL_OK);
	assert_int_equal(out.n, 0);
	/* A later call proposes again: the store is what refuses a second open flag. */
	assert_int_equal(flag_engine_feed(e, rs, 1, NULL, T0 + 600, &out), HL_OK);
	assert_int_equal(out.n, 1);
	flag_list_free(&out);
	flag_engine_free(e);
}

/* ---- burst ------------------------------------------------------------------------------------- */

static void burst_fires_when_half_of_four_are_dissatisfied(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating a = rating("q05", "cb1", 1, T0), b = rating("q05", "cb1", 5, T0 + 60),
		      c = rating("q05", "cb2", 2, T0 + 120), d = rating("q05", "cb2", 4, T0 + 180);

	(void)state;
	assert_int_equal(feed1(e, &a, &out), 0);
	assert_int_equal(feed1(e, &b, &out), 0);
	assert_int_equal(feed1(e, &c, &out), 0); /* 2 of 3: too few ratings */
	assert_int_equal(feed1(e, &d, &out), 1); /* 2 of 4 = 50 % */
	const struct flag_candidate *f = &out.v[0];
	assert_int_equal(f->kind, FLAG_BURST);
	assert_int_equal(f->subject_type, FLAG_SUBJ_COUNTER);
	assert_string_equal(f->subject, "q05");
	assert_string_equal(f->summary, "2 of 4 ratings dissatisfied within 15 min at counter q05");
	cJSON *ev = evidence(f);
	assert_string_equal(ev_str(ev, "rule"), "burst");
	assert_int_equal(ev_int(ev, "window_s"), 900);
	assert_int_equal(ev_int(ev, "ratings"), 4);
	assert_int_equal(ev_int(ev, "dissatisfied"), 2);
	assert_true(ev_has_id(ev, a.id));
	assert_true(ev_has_id(ev, c.id));
	assert_false(ev_has_id(ev, b.id)); /* the ids of the dissatisfied ones */
	cJSON_Delete(ev);
	/* Another counter's ratings are another window. */
	flag_list_clear(&out);
	struct rating x = rating("q06", "cb1", 1, T0 + 200);
	assert_int_equal(feed1(e, &x, &out), 0);
	flag_list_free(&out);
	flag_engine_free(e);
}

static void burst_needs_the_share(void **state)
{
	struct flag_params p;
	struct flag_engine *e;
	struct flag_list out = { 0 };

	(void)state;
	flag_params_default(&p);
	p.burst_share = 60;
	e = engine(&p);
	/* 1 dissatisfied, then satisfied ones: never 60 %. Then dissatisfied ones until 3 of 5. */
	int levels[] = { 1, 5, 5, 2, 1 };
	for (int i = 0; i < 5; i++) {
		struct rating r = rating("q01", "cb1", levels[i], T0 + i * 30);
		size_t got = feed1(e, &r, &out);
		assert_int_equal(got, i == 4 ? 1 : 0); /* 1/1 (too few), 1/2, 1/3, 2/4 = 50 %, 3/5 = 60 % */
	}
	assert_string_equal(out.v[0].summary, "3 of 5 ratings dissatisfied within 15 min at counter q01");
	flag_list_free(&out);
	flag_engine_free(e);
}

static void burst_window_slides(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating old = rating("q05", "cb1", 1, T0), d1 = rating("q05", "cb1", 1, T0 + 100),
		      s1 = rating("q05", "cb1", 5, T0 + 901), s2 = rating("q05", "cb1", 5, T0 + 902),
		      d2 = rating("q05", "cb1", 2, T0 + 903);

	(void)state;
	assert_int_equal(feed1(e, &old, &out), 0);
	assert_int_equal(feed1(e, &d1, &out), 0);
	assert_int_equal(feed1(e, &s1, &out), 0); /* old has left the window: 3 ratings */
	assert_int_equal(feed1(e, &s2, &out), 0); /* d1, s1, s2 */
	assert_int_equal(feed1(e, &d2, &out), 1); /* d1, s1, s2, d2: 2 of 4 */
	cJSON *ev = evidence(&out.v[0]);
	assert_int_equal(ev_int(ev, "ratings"), 4);
	assert_true(ev_has_id(ev, d1.id) && ev_has_id(ev, d2.id));
	assert_false(ev_has_id(ev, old.id));
	cJSON_Delete(ev);
	/* Exactly 15 min after d1 it has left as well: d1's window is (t - 900, t]. */
	flag_list_clear(&out);
	struct rating s3 = rating("q05", "cb1", 5, T0 + 1000);
	assert_int_equal(feed1(e, &s3, &out), 0); /* d1 gone: s1, s2, d2, s3 = 1 of 4 */
	flag_list_free(&out);
	flag_engine_free(e);
}

/* ---- integrity --------------------------------------------------------------------------------- */

static void stuffing_fires_at_the_fourth_rating_within_twenty_seconds(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	int64_t at[] = { 0, 5, 10, 20, 21 };
	struct rating rs[5];

	(void)state;
	for (int i = 0; i < 5; i++) {
		rs[i] = rating("q07", "cb1", 5, T0 + at[i]);
		/* 0, 5, 10: three; 20: (0, 20] holds 5, 10, 20; 21: (1, 21] holds four. */
		assert_int_equal(feed1(e, &rs[i], &out), i == 4 ? 1 : 0);
	}
	const struct flag_candidate *c = &out.v[0];
	assert_int_equal(c->kind, FLAG_STUFFING);
	assert_int_equal(c->subject_type, FLAG_SUBJ_TERMINAL);
	assert_string_equal(c->subject, "q07");
	assert_string_equal(c->summary, "4 ratings within 20 s at terminal q07, faster than people can give them "
					"(at most 3 expected)");
	cJSON *ev = evidence(c);
	assert_string_equal(ev_str(ev, "rule"), "stuffing");
	assert_int_equal(ev_int(ev, "ratings"), 4);
	assert_false(ev_has_id(ev, rs[0].id));
	assert_true(ev_has_id(ev, rs[1].id) && ev_has_id(ev, rs[4].id));
	cJSON_Delete(ev);
	flag_list_free(&out);
	flag_engine_free(e);
}

static void stuffing_in_one_batch_is_one_candidate(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating rs[10];

	(void)state;
	for (int i = 0; i < 10; i++) {
		rs[i] = rating("q08", "cb1", 5, T0 + 50);
		rs[i].clock_ok = false; /* times by reception: all the same second */
	}
	assert_int_equal(flag_engine_feed(e, rs, 3, NULL, T0 + 50, &out), HL_OK);
	/* Three ratings: only the clock rule (once for the whole call). */
	assert_int_equal(out.n, 1);
	cJSON *ev = evidence(&out.v[0]);
	assert_string_equal(ev_str(ev, "rule"), "clock");
	cJSON_Delete(ev);
	assert_string_equal(out.v[0].summary, "terminal q08 sends ratings with its clock not synchronised");
	flag_list_clear(&out);
	for (int i = 3; i < 10; i++)
		rs[i].clock_ok = true;
	assert_int_equal(flag_engine_feed(e, rs + 3, 7, NULL, T0 + 50, &out), HL_OK);
	assert_int_equal(out.n, 1); /* ten within one second: one stuffing candidate, no burst */
	assert_int_equal(out.v[0].kind, FLAG_STUFFING);
	flag_list_free(&out);
	flag_engine_free(e);
}

static void spooled_ratings_keep_their_own_time(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating rs[8];

	(void)state;
	/* An hour offline: eight ratings taken 90 s apart, all dissatisfied, delivered in one batch.
	 * No stuffing; and never more than the ratings of one 15-minute window in a burst. */
	for (int i = 0; i < 8; i++)
		rs[i] = rating("q09", "cb1", 1, T0 + i * 90);
	assert_int_equal(flag_engine_feed(e, rs, 8, NULL, T0 + 3600, &out), HL_OK);
	assert_int_equal(count_kind(&out, FLAG_STUFFING), 0);
	assert_int_equal(count_kind(&out, FLAG_BURST), 1);
	/* A clock that claims a time after reception is not believed: these count as received. */
	flag_list_clear(&out);
	for (int i = 0; i < 4; i++)
		rs[i] = rating("q10", "cb1", 5, T0 + 999999 + i * 100);
	assert_int_equal(flag_engine_feed(e, rs, 4, NULL, T0 + 4000, &out), HL_OK);
	assert_int_equal(count_kind(&out, FLAG_STUFFING), 1);
	assert_int_equal(count_kind(&out, FLAG_CLOCK), 1); /* and its clock is flagged */
	flag_list_free(&out);
	flag_engine_free(e);
}

static void a_late_rating_completes_a_window_that_ends_later(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating a = rating("q11", "cb1", 1, T0), b = rating("q11", "cb1", 1, T0 + 200),
		      c = rating("q11", "cb1", 5, T0 + 400), late = rating("q11", "cb1", 5, T0 + 100);

	(void)state;
	assert_int_equal(feed1(e, &a, &out), 0);
	assert_int_equal(feed1(e, &b, &out), 0);
	assert_int_equal(feed1(e, &c, &out), 0);
	/* Taken at T0 + 100, received at T0 + 500: the window ending at c now holds four. */
	assert_int_equal(flag_engine_feed(e, &late, 1, NULL, T0 + 500, &out), HL_OK);
	assert_int_equal(count_kind(&out, FLAG_BURST), 1);
	flag_list_free(&out);
	flag_engine_free(e);
}

static struct flag_status status(const char *counter, bool online, bool cleared)
{
	struct flag_status st;

	memset(&st, 0, sizeof st);
	strcpy(st.site, "sct-bentre");
	snprintf(st.counter, sizeof st.counter, "%s", counter);
	st.online = online;
	st.cleared = cleared;
	st.spooled = online ? 0 : 3;
	return st;
}

static void offline_terminal_flagged_once_per_episode(void **state)
{
	struct flag_engine *e = engine(NULL); /* offline_max 1800 */
	struct flag_list out = { 0 };
	struct flag_status off = status("q05", false, false), on = status("q05", true, false);
	int64_t since = 0;

	(void)state;
	assert_int_equal(flag_engine_status(e, &on, T0, &since, NULL), HL_OK);
	assert_int_equal(since, T0);
	assert_int_equal(flag_engine_status(e, &off, T0 + 100, &since, NULL), HL_OK);
	assert_int_equal(since, T0 + 100);
	/* The retained status again (a reconnect): the episode keeps its start. */
	assert_int_equal(flag_engine_status(e, &off, T0 + 500, &since, NULL), HL_OK);
	assert_int_equal(since, T0 + 100);
	assert_int_equal(flag_engine_check(e, T0 + 1900, &out), HL_OK);
	assert_int_equal(out.n, 0); /* exactly 30 min: not longer */
	assert_int_equal(flag_engine_check(e, T0 + 1901, &out), HL_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].kind, FLAG_OFFLINE);
	assert_int_equal(out.v[0].subject_type, FLAG_SUBJ_TERMINAL);
	assert_string_equal(out.v[0].subject, "q05");
	assert_string_equal(out.v[0].summary, "terminal q05 offline for 30 min (limit 30 min, 3 ratings spooled)");
	cJSON *ev = evidence(&out.v[0]);
	assert_string_equal(ev_str(ev, "rule"), "offline");
	assert_int_equal(ev_int(ev, "away_s"), 1801);
	cJSON_Delete(ev);
	/* Still offline: not again. */
	assert_int_equal(flag_engine_check(e, T0 + 5000, &out), HL_OK);
	assert_int_equal(out.n, 1);
	/* Back online, then offline again: a new episode. */
	flag_engine_status(e, &on, T0 + 6000, NULL, NULL);
	assert_int_equal(flag_engine_check(e, T0 + 9000, &out), HL_OK);
	assert_int_equal(out.n, 1);
	flag_engine_status(e, &off, T0 + 9000, NULL, NULL);
	assert_int_equal(flag_engine_check(e, T0 + 10800, &out), HL_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(flag_engine_check(e, T0 + 10801, &out), HL_OK);
	assert_int_equal(out.n, 2);
	flag_list_free(&out);
	flag_engine_free(e);
}

static void terminal_without_status_and_cleared_status(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating r = rating("q20", "cb1", 5, T0);
	struct flag_status cleared = status("q21", false, true), off = status("q21", false, false);

	(void)state;
	assert_int_equal(feed1(e, &r, &out), 0);
	assert_int_equal(flag_engine_check(e, T0 + 1800, &out), HL_OK);
	assert_int_equal(out.n, 0);
	assert_int_equal(flag_engine_check(e, T0 + 1801, &out), HL_OK);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].subject, "q20");
	assert_string_equal(out.v[0].summary, "terminal q20 has sent ratings but no status for 30 min (limit 30 min)");
	cJSON *ev = evidence(&out.v[0]);
	assert_string_equal(ev_str(ev, "rule"), "no_status");
	cJSON_Delete(ev);
	/* A terminal whose status was cleared (taken out of service) is not watched. */
	flag_list_clear(&out);
	flag_engine_status(e, &off, T0, NULL, NULL);
	flag_engine_status(e, &cleared, T0 + 10, NULL, NULL);
	assert_int_equal(flag_engine_check(e, T0 + 100000, &out), HL_OK);
	assert_int_equal(out.n, 0);
	flag_list_free(&out);
	flag_engine_free(e);
}

static void seeded_state_counts_but_proposes_nothing(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct flag_engine_stats st;

	(void)state;
	for (int i = 0; i < 3; i++) {
		struct rating r = rating("q05", "cb1", 1, T0 + i * 60);
		r.reasons |= 1u << SURVEY_R_NHUNG_NHIEU; /* serious, but already flagged when it came */
		assert_int_equal(flag_engine_seed(e, &r, T0 + i * 60), HL_OK);
	}
	assert_int_equal(flag_engine_terminal(e, "sct-bentre", "q09", false, 2, T0 - 4000, T0 - 4000), HL_OK);
	flag_engine_stats(e, &st);
	assert_int_equal(st.terminals, 2);
	assert_int_equal(st.ratings, 3);
	struct rating r = rating("q05", "cb1", 5, T0 + 300);
	assert_int_equal(feed1(e, &r, &out), 1); /* the fourth, after a restart: 3 of 4 */
	assert_int_equal(out.v[0].kind, FLAG_BURST);
	/* The seeded offline terminal is flagged at the first check. */
	assert_int_equal(flag_engine_check(e, T0 + 301, &out), HL_OK);
	assert_int_equal(out.n, 2);
	assert_string_equal(out.v[1].subject, "q09");
	flag_list_free(&out);
	flag_engine_free(e);
}

static void state_stays_bounded(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct flag_engine_stats st;

	(void)state;
	/* Ten thousand ratings at one counter within the window. */
	for (int i = 0; i < 10000; i++) {
		struct rating r = rating("q01", "cb1", 5, T0 + i / 20);
		assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
		flag_list_clear(&out);
	}
	flag_engine_stats(e, &st);
	assert_true(st.max_window <= FLAG_WINDOW_MAX);
	assert_int_equal(st.max_window, FLAG_WINDOW_MAX);
	/* More terminals than the table holds. */
	for (int i = 0; i < FLAG_TERMINALS_MAX + 100; i++) {
		char counter[16];
		snprintf(counter, sizeof counter, "t%d", i);
		struct rating r = rating(counter, "cb1", 5, T0 + 600);
		assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
	}
	flag_engine_stats(e, &st);
	assert_int_equal(st.terminals, FLAG_TERMINALS_MAX);
	/* The least recently seen let go for the newest: q01 first, then the first t's. */
	assert_int_equal(st.not_followed, 101);
	/* Once every window has passed, no rating is held. */
	assert_int_equal(flag_engine_check(e, T0 + 600 + 901, &out), HL_OK);
	flag_engine_stats(e, &st);
	assert_int_equal(st.ratings, 0);
	flag_list_free(&out);
	flag_engine_free(e);
}


/* ---- clock, kinds of their own, faults, made-up terminals ------------------------------------ */

static void backdated_burst_is_stuffing_and_a_clock_flag(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating rs[300];

	(void)state;
	/* 300 ratings arriving together, dated one minute apart from 100 days back, "clock_ok": the
	 * terminal's time is not believed, so they are 300 ratings in one second. */
	for (int i = 0; i < 300; i++)
		rs[i] = rating("q30", "cb1", 5, T0 - 100 * 86400 + i * 60);
	assert_int_equal(flag_engine_feed(e, rs, 300, NULL, T0, &out), HL_OK);
	assert_int_equal(count_kind(&out, FLAG_STUFFING), 1);
	assert_int_equal(count_kind(&out, FLAG_CLOCK), 1);
	for (size_t i = 0; i < out.n; i++) {
		if (out.v[i].kind != FLAG_CLOCK)
			continue;
		assert_string_equal(out.v[i].summary, "terminal q30 sent a rating dated 100 days before it arrived"
						      " (more than 35 days): counted on the day received");
		cJSON *ev = evidence(&out.v[i]);
		assert_string_equal(ev_str(ev, "rule"), "clock");
		assert_string_equal(ev_str(ev, "clock"), "too_old");
		cJSON_Delete(ev);
	}
	/* The same from a spool after a 10-day outage is believed: no flag at all. */
	flag_list_clear(&out);
	for (int i = 0; i < 300; i++)
		rs[i] = rating("q31", "cb1", 5, T0 - 10 * 86400 + i * 60);
	assert_int_equal(flag_engine_feed(e, rs, 300, NULL, T0, &out), HL_OK);
	assert_int_equal(out.n, 0);
	/* A time of 2^40: counted when received, and its clock flagged. */
	struct rating far = rating("q32", "cb1", 5, INT64_C(1) << 40);
	assert_int_equal(flag_engine_feed(e, &far, 1, NULL, T0, &out), HL_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].kind, FLAG_CLOCK);
	cJSON *ev = evidence(&out.v[0]);
	assert_string_equal(ev_str(ev, "clock"), "ahead");
	cJSON_Delete(ev);
	flag_list_free(&out);
	flag_engine_free(e);
}

static void clock_flag_does_not_hide_stuffing(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating rs[6];

	(void)state;
	/* A terminal with its clock unset sends six ratings in one second: both rules speak. */
	for (int i = 0; i < 6; i++) {
		rs[i] = rating("q33", "cb1", 5, T0);
		rs[i].clock_ok = false;
	}
	assert_int_equal(flag_engine_feed(e, rs, 6, NULL, T0, &out), HL_OK);
	assert_int_equal(count_kind(&out, FLAG_CLOCK), 1);
	assert_int_equal(count_kind(&out, FLAG_STUFFING), 1);
	assert_int_equal(count_kind(&out, FLAG_INTEGRITY), 0);
	flag_list_free(&out);
	flag_engine_free(e);
}

static struct flag_status fault_status(const char *counter, const char *fault)
{
	struct flag_status st;

	memset(&st, 0, sizeof st);
	strcpy(st.site, "sct-bentre");
	snprintf(st.counter, sizeof st.counter, "%s", counter);
	st.online = true;
	snprintf(st.fault, sizeof st.fault, "%s", fault);
	return st;
}

static void fault_flagged_once_per_episode(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct flag_status bad = fault_status("q05", "spool"), good = fault_status("q05", "");

	(void)state;
	assert_int_equal(flag_engine_status(e, &good, T0, NULL, &out), HL_OK);
	assert_int_equal(out.n, 0);
	assert_int_equal(flag_engine_status(e, &bad, T0 + 10, NULL, &out), HL_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].kind, FLAG_FAULT);
	assert_int_equal(out.v[0].subject_type, FLAG_SUBJ_TERMINAL);
	assert_string_equal(out.v[0].subject, "q05");
	assert_string_equal(out.v[0].summary, "terminal q05 could not record ratings (spool)");
	cJSON *ev = evidence(&out.v[0]);
	assert_string_equal(ev_str(ev, "rule"), "fault");
	assert_string_equal(ev_str(ev, "fault"), "spool");
	cJSON_Delete(ev);
	/* The same fault repeated (a reconnect, a new spooled count): nothing new. */
	assert_int_equal(flag_engine_status(e, &bad, T0 + 20, NULL, &out), HL_OK);
	assert_int_equal(out.n, 1);
	/* It clears and comes back: a new episode. */
	assert_int_equal(flag_engine_status(e, &good, T0 + 30, NULL, &out), HL_OK);
	assert_int_equal(flag_engine_status(e, &bad, T0 + 40, NULL, &out), HL_OK);
	assert_int_equal(out.n, 2);
	/* A code this program does not know yet still says what it is. */
	struct flag_status other = fault_status("q06", "screen_dead");
	assert_int_equal(flag_engine_status(e, &other, T0 + 50, NULL, &out), HL_OK);
	assert_int_equal(out.n, 3);
	assert_string_equal(out.v[2].summary, "terminal q06 reports a fault (screen_dead)");
	/* Without a list (seeding), nothing is proposed. */
	struct flag_status third = fault_status("q07", "spool");
	assert_int_equal(flag_engine_status(e, &third, T0 + 60, NULL, NULL), HL_OK);
	flag_list_free(&out);
	flag_engine_free(e);
}

static bool bentre_only(void *ud, const char *site)
{
	(void)ud;
	return strcmp(site, "sct-bentre") == 0;
}

static void made_up_terminals_do_not_push_out_real_ones(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct flag_engine_stats st;

	(void)state;
	/* No roster: more made-up terminals than the table holds, each with one rating... */
	for (int i = 0; i < FLAG_TERMINALS_MAX + 500; i++) {
		char counter[16];
		snprintf(counter, sizeof counter, "x%d", i);
		struct rating r = rating(counter, "cb1", 5, T0 + i / 100);
		assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
	}
	assert_int_equal(out.n, 0);
	/* ...then a real new terminal stuffs ratings: it is followed, and flagged. */
	for (int i = 0; i < 4; i++) {
		struct rating r = rating("q40", "cb1", 5, T0 + 100);
		assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
	}
	assert_int_equal(count_kind(&out, FLAG_STUFFING), 1);
	assert_string_equal(out.v[0].subject, "q40");
	flag_engine_stats(e, &st);
	assert_int_equal(st.terminals, FLAG_TERMINALS_MAX);
	flag_engine_free(e);

	/* With a roster: 20 000 ratings from made-up sites, each a serious complaint with the clock
	 * unset, open at most FLAG_UNKNOWN_PER_HOUR flags and hold at most FLAG_UNKNOWN_MAX places. */
	e = engine(NULL);
	flag_engine_set_known(e, bentre_only, NULL);
	flag_list_clear(&out);
	for (int i = 0; i < 20000; i++) {
		struct rating r = rating("q01", "cb1", 1, T0 + i / 10);
		snprintf(r.site, sizeof r.site, "fake-%d", i);
		r.reasons |= 1u << SURVEY_R_NHUNG_NHIEU;
		r.clock_ok = i % 2;
		assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
	}
	assert_true(out.n <= FLAG_UNKNOWN_PER_HOUR);
	flag_engine_stats(e, &st);
	assert_true(st.unknown <= FLAG_UNKNOWN_MAX);
	assert_true(st.suppressed > 19000);
	/* A real terminal of the roster's site is still followed and flagged at once. */
	size_t before = out.n;
	for (int i = 0; i < 4; i++) {
		struct rating r = rating("q41", "cb1", 5, T0 + 1999);
		assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
	}
	assert_int_equal(out.n, before + 1);
	assert_int_equal(out.v[before].kind, FLAG_STUFFING);
	/* The made-up sites' budget comes back the next hour, still bounded. */
	flag_list_clear(&out);
	struct rating r = rating("q01", "cb1", 1, T0 + 7200);
	strcpy(r.site, "fake-x");
	r.reasons |= 1u << SURVEY_R_NHUNG_NHIEU;
	assert_int_equal(flag_engine_feed(e, &r, 1, NULL, r.ts, &out), HL_OK);
	assert_int_equal(count_kind(&out, FLAG_SERIOUS), 1);
	flag_list_free(&out);
	flag_engine_free(e);
}

/* ---- trend ------------------------------------------------------------------------------------- */

static struct flag_trend_count count(const char *officer, int64_t n, int64_t k)
{
	struct flag_trend_count c;

	memset(&c, 0, sizeof c);
	strcpy(c.site, "sct-bentre");
	snprintf(c.officer, sizeof c.officer, "%s", officer);
	c.n = n;
	c.dissatisfied = k;
	return c;
}

static void trend_follows_the_wilson_bounds(void **state)
{
	struct flag_params p;
	struct flag_list out = { 0 };
	struct flag_trend_count site = count("", 2000, 100); /* 5 % */
	double slo, shi, lo, hi;
	int64_t k;

	(void)state;
	flag_params_default(&p);
	index_wilson(100, 2000, &slo, &shi);
	/* The fewest dissatisfied answers out of 40 whose lower bound clears the site's upper bound. */
	for (k = 0; k <= 40; k++) {
		index_wilson(k, 40, &lo, &hi);
		if (lo > shi)
			break;
	}
	assert_true(k > 2 && k < 40);
	struct flag_trend_count below = count("cb0001", 40, k - 1), at = count("cb0002", 40, k);
	assert_int_equal(flag_trend(&p, &site, &below, 1, &out), HL_OK);
	assert_int_equal(out.n, 0);
	assert_int_equal(flag_trend(&p, &site, &at, 1, &out), HL_OK);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].kind, FLAG_TREND);
	assert_int_equal(out.v[0].subject_type, FLAG_SUBJ_OFFICER);
	assert_string_equal(out.v[0].subject, "cb0002");
	assert_non_null(strstr(out.v[0].summary, "answers dissatisfied over 30 days"));
	cJSON *ev = evidence(&out.v[0]);
	assert_string_equal(ev_str(ev, "rule"), "trend");
	assert_null(cJSON_GetObjectItemCaseSensitive(ev, "rating_ids"));
	assert_int_equal(ev_int(cJSON_GetObjectItemCaseSensitive(ev, "officer"), "answers"), 40);
	assert_int_equal(ev_int(cJSON_GetObjectItemCaseSensitive(ev, "site"), "dissatisfied"), 100);
	cJSON_Delete(ev);
	/* All dissatisfied but fewer than trend_min_n answers; an unknown officer; another site. */
	flag_list_clear(&out);
	struct flag_trend_count others[3] = { count("cb0003", 29, 29), count("", 100, 100), count("cb0004", 100, 100) };
	strcpy(others[2].site, "other");
	assert_int_equal(flag_trend(&p, &site, others, 3, &out), HL_OK);
	assert_int_equal(out.n, 0);
	others[0].n = others[0].dissatisfied = 30;
	assert_int_equal(flag_trend(&p, &site, others, 1, &out), HL_OK);
	assert_int_equal(out.n, 1);
	flag_list_free(&out);
}

static void trend_from_rollup_rows(void **state)
{
	struct flag_params p;
	struct flag_list out = { 0 };
	struct rollup_row rows[4];

	(void)state;
	flag_params_default(&p);
	memset(rows, 0, sizeof rows);
	/* cb1 on two scales: 5-point 20 answers (10 at level 1), 3-point 20 answers (10 at level 1);
	 * cb2: 500 answers, 5 dissatisfied; "" (unknown): 500, 5. Site: 1040 answers, 30 dissatisfied. */
	const char *codes[4] = { "cb1", "cb1", "cb2", "" };
	int scales[4] = { 5, 3, 5, 5 };
	for (int i = 0; i < 4; i++) {
		rows[i].key.dim = ROLLUP_OFFICER;
		rows[i].key.scale = scales[i];
		strcpy(rows[i].key.site, "sct-bentre");
		strcpy(rows[i].key.code, codes[i]);
	}
	rows[0].c.level[SURVEY_Q_OFFICER][0] = 10;
	rows[0].c.level[SURVEY_Q_OFFICER][4] = 10;
	rows[0].c.level[SURVEY_Q_PROCEDURE][0] = 1000; /* the procedure question never counts */
	rows[1].c.level[SURVEY_Q_OFFICER][0] = 10;
	rows[1].c.level[SURVEY_Q_OFFICER][2] = 10;
	rows[2].c.level[SURVEY_Q_OFFICER][1] = 5;
	rows[2].c.level[SURVEY_Q_OFFICER][3] = 495;
	rows[3].c.level[SURVEY_Q_OFFICER][0] = 5;
	rows[3].c.level[SURVEY_Q_OFFICER][4] = 495;
	assert_int_equal(flag_trend_rows(&p, rows, 4, &out), HL_OK);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].subject, "cb1");
	assert_non_null(strstr(out.v[0].summary, "officer cb1: 20 of 40 answers dissatisfied"));
	cJSON *ev = evidence(&out.v[0]);
	assert_int_equal(ev_int(cJSON_GetObjectItemCaseSensitive(ev, "site"), "answers"), 1040);
	assert_int_equal(ev_int(cJSON_GetObjectItemCaseSensitive(ev, "site"), "dissatisfied"), 30);
	cJSON_Delete(ev);
	/* With only 20 answers on each scale and trend_min_n 30, merging the scales is what flags it. */
	flag_list_clear(&out);
	assert_int_equal(flag_trend_rows(&p, rows + 1, 3, &out), HL_OK);
	assert_int_equal(out.n, 0);
	flag_list_free(&out);
}

/* ---- status messages and alerts ---------------------------------------------------------------- */

static void status_messages_decoded_strictly(void **state)
{
	struct flag_status st;
	char body[256], why[160];
	size_t len;
	const char *topic = "hailong/v1/sct-bentre/q05/status";

	(void)state;
	/* What the terminal publishes, online and as its last will. */
	assert_int_equal(wire_status_encode(true, 7, T0, NULL, body, sizeof body, &len), HL_OK);
	assert_int_equal(flag_status_decode(topic, body, len, &st, why, sizeof why), HL_OK);
	assert_true(st.online && !st.cleared);
	assert_int_equal(st.spooled, 7);
	assert_int_equal(st.ts, T0);
	assert_string_equal(st.site, "sct-bentre");
	assert_string_equal(st.counter, "q05");
	assert_string_equal(st.version, HL_VERSION);
	assert_int_equal(wire_status_encode(false, 0, 0, NULL, body, sizeof body, &len), HL_OK);
	assert_int_equal(flag_status_decode(topic, body, len, &st, why, sizeof why), HL_OK);
	assert_false(st.online);
	assert_int_equal(flag_status_decode(topic, "", 0, &st, why, sizeof why), HL_OK);
	assert_true(st.cleared);
	/* A fault: any code of [a-z_]{1,32}, so newer terminals' codes are taken too; "" is none. */
	static const char with_fault[] = "{\"state\":\"online\",\"spooled\":2,\"fault\":\"spool\"}";
	assert_int_equal(flag_status_decode(topic, with_fault, strlen(with_fault), &st, why, sizeof why), HL_OK);
	assert_string_equal(st.fault, "spool");
	static const char newer[] = "{\"state\":\"online\",\"fault\":\"printer_jam_with_a_long_name_xy\"}";
	assert_int_equal(flag_status_decode(topic, newer, strlen(newer), &st, why, sizeof why), HL_OK);
	assert_string_equal(st.fault, "printer_jam_with_a_long_name_xy");
	static const char none[] = "{\"state\":\"online\",\"fault\":\"\"}";
	assert_int_equal(flag_status_decode(topic, none, strlen(none), &st, why, sizeof why), HL_OK);
	assert_string_equal(st.fault, "");
	/* Bounded by bytes before it is parsed. */
	char big[1100];
	memset(big, ' ', sizeof big);
	memcpy(big, "{\"state\":\"online\"}", 18);
	assert_int_equal(flag_status_decode(topic, big, 1025, &st, why, sizeof why), HL_ERR_INVALID);
	assert_string_equal(why, "status too large (1025 bytes; limit 1024)");
	assert_int_equal(flag_status_decode(topic, big, 1024, &st, why, sizeof why), HL_OK);

	static const struct {
		const char *topic, *body, *why;
	} bad[] = {
		{ "hailong/v1/sct-bentre/q05/rating", "{\"state\":\"online\"}", "topic" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"up\"}", "state must be" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"spooled\":3}", "missing field" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"state\":\"offline\"}", "duplicate" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"phone\":\"0909\"}", "unknown field" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"spooled\":-1}", "spooled" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"spooled\":1.5}", "spooled" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"ts\":\"now\"}", "ts" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"version\":\"1\\n2\"}", "version" },
		{ "hailong/v1/sct-bentre/q05/status", "[1]", "not a JSON object" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"fault\":\"Spool\"}", "fault" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":\"online\",\"fault\":1}", "fault" },
		{ "hailong/v1/sct-bentre/q05/status",
		  "{\"state\":\"online\",\"fault\":\"abcdefghijklmnopqrstuvwxyz_abcdefg\"}", "fault" },
		{ "hailong/v1/sct-bentre/q05/status", "{\"state\":", "malformed" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(flag_status_decode(bad[i].topic, bad[i].body, strlen(bad[i].body), &st, why, sizeof why),
				 HL_ERR_INVALID);
		if (!strstr(why, bad[i].why))
			fail_msg("case %zu: '%s' does not say '%s'", i, why, bad[i].why);
		assert_string_equal(st.site, "");
	}
}

static void alert_carries_the_flag_by_day(void **state)
{
	struct flag_engine *e = engine(NULL);
	struct flag_list out = { 0 };
	struct rating r = rating("q05", "cb0123", 1, T0);
	char body[1024], summary[FLAG_WORDS_MAX];
	size_t len;

	(void)state;
	r.reasons = 1u << SURVEY_R_GIAY_TO_NGOAI_QD;
	assert_int_equal(feed1(e, &r, &out), 1);
	assert_true(flag_kind_alerts(out.v[0].kind));
	struct flag_words_flag w = { out.v[0].kind, out.v[0].subject_type, out.v[0].subject, out.v[0].summary,
				     out.v[0].evidence };
	flag_words_summary(I18N_VI, &w, NULL, summary, sizeof summary);
	/* T0 + 1 is 2026-05-28 20:26:41 UTC, 2026-05-29 03:26:41 at +07: the day is the local one. */
	struct flag_alert al = { 42, out.v[0].kind, out.v[0].subject_type, out.v[0].site, out.v[0].subject, summary,
				 period_day_of(T0 + 1, 7 * 3600) };
	assert_int_equal(flag_alert_encode(&al, body, sizeof body, &len), HL_OK);
	assert_int_equal(len, strlen(body));
	cJSON *a = cJSON_Parse(body);
	assert_non_null(a);
	assert_int_equal(cJSON_GetArraySize(a), 7);
	assert_int_equal(ev_int(a, "id"), 42);
	assert_string_equal(ev_str(a, "kind"), "serious");
	assert_string_equal(ev_str(a, "site"), "sct-bentre");
	assert_string_equal(ev_str(a, "subject_type"), "officer");
	assert_string_equal(ev_str(a, "subject"), "cb0123");
	assert_string_equal(ev_str(a, "summary"),
			    "Phản ánh nghiêm trọng về cán bộ cb0123 tại quầy q05: Yêu cầu giấy tờ ngoài quy định");
	assert_string_equal(ev_str(a, "day"), "2026-05-29");
	/* No time at all: neither the Unix time nor a time of day. */
	assert_null(cJSON_GetObjectItemCaseSensitive(a, "opened"));
	assert_null(strstr(body, "03:26"));
	assert_null(strstr(body, "1780000001"));
	cJSON_Delete(a);
	assert_int_equal(flag_alert_encode(&al, body, 20, &len), HL_ERR_RANGE);
	al.kind = FLAG_KIND_COUNT;
	assert_int_equal(flag_alert_encode(&al, body, sizeof body, &len), HL_ERR_INVALID);
	assert_false(flag_kind_alerts(FLAG_BURST));
	flag_list_free(&out);
	flag_engine_free(e);
}

/* The hold: an alert goes at the next whole hour of local time, all of one hour's at once. */
static void alert_is_held_to_the_next_whole_hour(void **state)
{
	/* 2026-05-29 03:26:41 at +07 (T0 + 1). */
	const int vn = 7 * 3600, india = 330 * 60;
	const int64_t t = T0 + 1, hour = t - 26 * 60 - 41; /* 03:00:00 local */

	(void)state;
	assert_int_equal(flag_alert_due(t, 3600, vn), hour + 3600);
	assert_int_equal(flag_alert_due(hour, 3600, vn), hour + 3600); /* on the hour: the next one */
	assert_int_equal(flag_alert_due(hour + 3599, 3600, vn), hour + 3600);
	/* Nothing of this hour is due before 04:00; everything of it is at 04:00. */
	assert_true(t >= flag_alert_cutoff(hour + 3599, 3600, vn));
	assert_true(t < flag_alert_cutoff(hour + 3600, 3600, vn));
	assert_true(hour + 3599 < flag_alert_cutoff(hour + 3600, 3600, vn));   /* 03:59:59 goes at 04:00 */
	assert_true(hour + 3600 >= flag_alert_cutoff(hour + 3600, 3600, vn));  /* 04:00:00 waits for 05:00 */
	/* At +05:30 the whole hours of local time fall on the half hour of UTC. */
	assert_int_equal((flag_alert_due(t, 3600, india) + india) % 3600, 0);
	assert_true(flag_alert_due(t, 3600, india) > t && flag_alert_due(t, 3600, india) <= t + 3600);
	/* Without a hold, at once. */
	assert_int_equal(flag_alert_due(t, 0, vn), t);
	assert_true(t < flag_alert_cutoff(t, 0, vn));
	/* Shorter windows (tests use them) and a day. */
	assert_int_equal(flag_alert_due(t, 10, vn), t + 9);
	assert_int_equal((flag_alert_due(t, 86400, vn) + vn) % 86400, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(serious_reason_flags_the_officer_at_once),
		cmocka_unit_test(one_candidate_per_subject_in_one_call_and_duplicates_ignored),
		cmocka_unit_test(burst_fires_when_half_of_four_are_dissatisfied),
		cmocka_unit_test(burst_needs_the_share),
		cmocka_unit_test(burst_window_slides),
		cmocka_unit_test(stuffing_fires_at_the_fourth_rating_within_twenty_seconds),
		cmocka_unit_test(stuffing_in_one_batch_is_one_candidate),
		cmocka_unit_test(spooled_ratings_keep_their_own_time),
		cmocka_unit_test(a_late_rating_completes_a_window_that_ends_later),
		cmocka_unit_test(offline_terminal_flagged_once_per_episode),
		cmocka_unit_test(terminal_without_status_and_cleared_status),
		cmocka_unit_test(seeded_state_counts_but_proposes_nothing),
		cmocka_unit_test(state_stays_bounded),
		cmocka_unit_test(backdated_burst_is_stuffing_and_a_clock_flag),
		cmocka_unit_test(clock_flag_does_not_hide_stuffing),
		cmocka_unit_test(fault_flagged_once_per_episode),
		cmocka_unit_test(made_up_terminals_do_not_push_out_real_ones),
		cmocka_unit_test(trend_follows_the_wilson_bounds),
		cmocka_unit_test(trend_from_rollup_rows),
		cmocka_unit_test(status_messages_decoded_strictly),
		cmocka_unit_test(alert_carries_the_flag_by_day),
		cmocka_unit_test(alert_is_held_to_the_next_whole_hour),
	};
	return cmocka_run_group_tests_name("test_flags", tests, NULL, NULL);
}
