/* SPDX-License-Identifier: MIT
 * flag_engine.c — the complaint-flag rules of flag_engine.h (the serious, burst, stuffing, clock, fault
 * and offline rules) and the engine's handle. It owns the handle and what each rule proposes; the
 * table of terminals is flag_terminals.c's and the windows of recent ratings are flag_window.c's
 * (shared through flag_engine_int.h). It must not touch SQLite, MQTT or the clock; evidence JSON is
 * built with cJSON (through flag_evidence.h).
 *
 * Rules are level-triggered — a window over the threshold proposes a flag at every rating — and the
 * store keeps only one unresolved flag per kind and subject; only the offline rule fires once per
 * episode, so a flag someone resolved is not reopened every minute while the terminal is still away. */
#include "flag_engine_int.h"

#include "flag_evidence.h"
#include "ingest.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the engine -------------------------------------------------------------------------------- */

/* True when out[from..] already holds a candidate of that kind for that subject. */
static bool flag_pending(const struct flag_list *out, size_t from, int kind, const char *site,
			 int subject_type, const char *subject)
{
	for (size_t i = from; i < out->n; i++) {
		const struct flag_candidate *c = &out->v[i];
		if (c->kind == kind && c->subject_type == subject_type && strcmp(c->site, site) == 0 &&
		    strcmp(c->subject, subject) == 0)
			return true;
	}
	return false;
}

void flag_engine_set_known(struct flag_engine *e, flag_known_fn fn, void *ud)
{
	e->known = fn;
	e->known_ud = ud;
}

int flag_engine_new(const struct flag_params *p, struct flag_engine **out)
{
	struct flag_engine *e = calloc(1, sizeof *e);

	*out = NULL;
	if (!e)
		return HL_ERR_NOMEM;
	e->p = *p;
	*out = e;
	return HL_OK;
}

void flag_engine_free(struct flag_engine *e)
{
	if (!e)
		return;
	flag_terminals_free(e);
	free(e);
}

void flag_engine_set_params(struct flag_engine *e, const struct flag_params *p)
{
	e->p = *p;
}

/* A rating's time for the windows: the time it is counted at (see flags.h, ingest.h). */
static int64_t flag_rating_time(const struct flag_engine *e, const struct rating *r, int64_t received)
{
	int64_t t;

	ingest_clock(r, received, e->p.clock_max_age, &t);
	return t;
}

static size_t flag_count_dis(const struct flag_term *t, size_t lo, size_t hi)
{
	size_t d = 0;

	for (size_t i = lo; i <= hi; i++)
		d += t->win[i].dissatisfied;
	return d;
}

static bool flag_test_stuffing(const struct flag_term *t, size_t lo, size_t hi, const struct flag_params *p)
{
	(void)t;
	return hi - lo + 1 > (size_t)p->stuffing_max;
}

static bool flag_test_burst(const struct flag_term *t, size_t lo, size_t hi, const struct flag_params *p)
{
	size_t n = hi - lo + 1;

	return n >= (size_t)p->burst_min_ratings && flag_count_dis(t, lo, hi) * 100 >= (size_t)p->burst_share * n;
}

/* Adds up to FLAG_EVIDENCE_IDS ids of win[lo..hi] (only dissatisfied ones when only_dis), the latest
 * ones, as "rating_ids"; says how many were left out. */
static bool flag_add_ids(cJSON *root, const struct flag_term *t, size_t lo, size_t hi, bool only_dis)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "rating_ids");
	size_t listed = 0, left = 0;

	if (!arr)
		return false;
	for (size_t i = hi + 1; i-- > lo;) {
		if (only_dis && !t->win[i].dissatisfied)
			continue;
		if (listed == FLAG_EVIDENCE_IDS) {
			left++;
			continue;
		}
		cJSON *s = cJSON_CreateString(t->win[i].id);
		if (!s)
			return false;
		cJSON_AddItemToArray(arr, s);
		listed++;
	}
	return !left || flag_evidence_int(root, "rating_ids_not_listed", (int64_t)left);
}

static int flag_stuffing(const struct flag_engine *e, const struct flag_term *t, size_t lo, size_t hi,
			 struct flag_list *out)
{
	struct flag_candidate c;
	char win[32];
	cJSON *root = cJSON_CreateObject();
	size_t n = hi - lo + 1;

	flag_evidence_start(&c, FLAG_STUFFING, t->site, FLAG_SUBJ_TERMINAL, t->counter);
	flag_evidence_duration(win, sizeof win, e->p.stuffing_window);
	snprintf(c.summary, sizeof c.summary,
		 "%zu ratings within %s at terminal %s, faster than people can give them (at most %d expected)",
		 n, win, t->counter, e->p.stuffing_max);
	bool ok = root && flag_evidence_str(root, "rule", "stuffing") &&
		  flag_evidence_int(root, "window_s", e->p.stuffing_window) &&
		  flag_evidence_int(root, "ratings", (int64_t)n) &&
		  flag_evidence_int(root, "max", e->p.stuffing_max) && flag_add_ids(root, t, lo, hi, false);
	return flag_evidence_finish(&c, root, ok, out);
}

static int flag_burst(const struct flag_engine *e, const struct flag_term *t, size_t lo, size_t hi,
		      struct flag_list *out)
{
	struct flag_candidate c;
	char win[32];
	cJSON *root = cJSON_CreateObject();
	size_t n = hi - lo + 1, d = flag_count_dis(t, lo, hi);

	flag_evidence_start(&c, FLAG_BURST, t->site, FLAG_SUBJ_COUNTER, t->counter);
	flag_evidence_duration(win, sizeof win, e->p.burst_window);
	snprintf(c.summary, sizeof c.summary, "%zu of %zu ratings dissatisfied within %s at counter %s", d, n,
		 win, t->counter);
	bool ok = root && flag_evidence_str(root, "rule", "burst") &&
		  flag_evidence_int(root, "window_s", e->p.burst_window) &&
		  flag_evidence_int(root, "ratings", (int64_t)n) &&
		  flag_evidence_int(root, "dissatisfied", (int64_t)d) &&
		  flag_evidence_int(root, "min_ratings", e->p.burst_min_ratings) &&
		  flag_evidence_int(root, "share_pct", e->p.burst_share) && flag_add_ids(root, t, lo, hi, true);
	return flag_evidence_finish(&c, root, ok, out);
}

static int flag_serious(const struct rating *r, struct flag_list *out, size_t from)
{
	bool officer = r->officer[0] != '\0';
	const char *subject = officer ? r->officer : r->counter;
	int type = officer ? FLAG_SUBJ_OFFICER : FLAG_SUBJ_COUNTER;
	struct flag_candidate c;
	char codes[96] = "";
	size_t len = 0;
	cJSON *root, *arr = NULL, *ids = NULL;
	bool ok;

	if (flag_pending(out, from, FLAG_SERIOUS, r->site, type, subject))
		return HL_OK;
	flag_evidence_start(&c, FLAG_SERIOUS, r->site, type, subject);
	root = cJSON_CreateObject();
	ok = root && flag_evidence_str(root, "rule", "serious") &&
	     flag_evidence_str(root, "counter", r->counter) && flag_evidence_str(root, "officer", r->officer) &&
	     flag_evidence_str(root, "procedure", r->procedure) &&
	     (arr = cJSON_AddArrayToObject(root, "reasons")) != NULL &&
	     (ids = cJSON_AddArrayToObject(root, "rating_ids")) != NULL;
	for (int i = 0; ok && i < SURVEY_R_COUNT; i++) {
		if (!(r->reasons & (1u << i)))
			continue;
		cJSON *s = cJSON_CreateString(survey_reason_code(i));
		ok = s != NULL;
		if (ok)
			cJSON_AddItemToArray(arr, s);
		if (ok && survey_reason_serious(i))
			len += (size_t)snprintf(codes + len, len < sizeof codes ? sizeof codes - len : 0, "%s%s",
						len ? ", " : "", survey_reason_code(i));
	}
	if (ok) {
		cJSON *s = cJSON_CreateString(r->id);
		ok = s != NULL;
		if (ok)
			cJSON_AddItemToArray(ids, s);
	}
	if (officer)
		snprintf(c.summary, sizeof c.summary, "serious complaint about officer %s at counter %s: %s",
			 r->officer, r->counter, codes);
	else
		snprintf(c.summary, sizeof c.summary, "serious complaint at counter %s (officer unknown): %s",
			 r->counter, codes);
	return flag_evidence_finish(&c, root, ok, out);
}

static int flag_clock(const struct flag_engine *e, const struct rating *r, int64_t received, int verdict,
		      struct flag_list *out)
{
	struct flag_candidate c;
	cJSON *root = cJSON_CreateObject(), *ids = NULL;
	cJSON *s = cJSON_CreateString(r->id);
	char off[32], limit[32];

	flag_evidence_start(&c, FLAG_CLOCK, r->site, FLAG_SUBJ_TERMINAL, r->counter);
	flag_evidence_duration(off, sizeof off, r->ts > received ? r->ts - received : received - r->ts);
	flag_evidence_duration(limit, sizeof limit, e->p.clock_max_age);
	if (verdict == INGEST_CLOCK_TOO_OLD)
		snprintf(c.summary, sizeof c.summary,
			 "terminal %s sent a rating dated %s before it arrived (more than %s): counted on the day"
			 " received", r->counter, off, limit);
	else if (verdict == INGEST_CLOCK_AHEAD)
		snprintf(c.summary, sizeof c.summary,
			 "terminal %s sent a rating dated %s after it arrived: counted on the day received",
			 r->counter, off);
	else
		snprintf(c.summary, sizeof c.summary, "terminal %s sends ratings with its clock not synchronised",
			 r->counter);
	bool ok = root && s && flag_evidence_str(root, "rule", "clock") &&
		  flag_evidence_str(root, "clock", ingest_clock_name(verdict)) &&
		  flag_evidence_int(root, "clock_skew_s", r->ts - received) &&
		  (ids = cJSON_AddArrayToObject(root, "rating_ids")) != NULL;
	if (ok) {
		cJSON_AddItemToArray(ids, s);
		s = NULL;
	}
	cJSON_Delete(s);
	return flag_evidence_finish(&c, root, ok, out);
}

int flag_engine_seed(struct flag_engine *e, const struct rating *r, int64_t received)
{
	bool nomem = false;
	struct flag_term *t = flag_terminals_rating(e, r, received, &nomem);
	size_t at;

	if (!t)
		return nomem ? HL_ERR_NOMEM : HL_OK;
	return flag_window_add(e, t, r, flag_rating_time(e, r, received), &at);
}

static int flag_one(struct flag_engine *e, const struct rating *r, int64_t received, struct flag_list *out,
		    size_t from)
{
	uint32_t serious = 0;
	bool nomem = false;
	struct flag_term *t;
	size_t at, lo, hi, before = out->n;
	int64_t counted;
	int rc, verdict = ingest_clock(r, received, e->p.clock_max_age, &counted);

	if (!(t = flag_terminals_rating(e, r, received, &nomem)))
		return nomem ? HL_ERR_NOMEM : HL_OK;
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (survey_reason_serious(i))
			serious |= 1u << i;
	if ((r->reasons & serious) && (rc = flag_serious(r, out, from)) != HL_OK)
		goto out;
	if (verdict != INGEST_CLOCK_TRUSTED &&
	    !flag_pending(out, from, FLAG_CLOCK, r->site, FLAG_SUBJ_TERMINAL, r->counter) &&
	    (rc = flag_clock(e, r, received, verdict, out)) != HL_OK)
		goto out;
	if ((rc = flag_window_add(e, t, r, counted, &at)) != HL_OK || at == SIZE_MAX)
		goto out;
	if (!flag_pending(out, from, FLAG_STUFFING, t->site, FLAG_SUBJ_TERMINAL, t->counter) &&
	    flag_window_walk(t, at, e->p.stuffing_window, &e->p, flag_test_stuffing, &lo, &hi) &&
	    (rc = flag_stuffing(e, t, lo, hi, out)) != HL_OK)
		goto out;
	if (!flag_pending(out, from, FLAG_BURST, t->site, FLAG_SUBJ_COUNTER, t->counter) &&
	    flag_window_walk(t, at, e->p.burst_window, &e->p, flag_test_burst, &lo, &hi) &&
	    (rc = flag_burst(e, t, lo, hi, out)) != HL_OK)
		goto out;
	rc = HL_OK;
out:
	flag_terminals_budget(e, t, received, out, before);
	return rc;
}

int flag_engine_feed(struct flag_engine *e, const struct rating *r, size_t n, const bool *fresh,
		     int64_t received, struct flag_list *out)
{
	size_t from = out->n;

	for (size_t i = 0; i < n; i++) {
		if (fresh && !fresh[i])
			continue;
		int rc = flag_one(e, &r[i], received, out, from);
		if (rc != HL_OK)
			return rc;
	}
	return HL_OK;
}

static int flag_fault(const struct flag_term *t, const struct flag_status *st, struct flag_list *out)
{
	struct flag_candidate c;
	cJSON *root = cJSON_CreateObject();

	flag_evidence_start(&c, FLAG_FAULT, t->site, FLAG_SUBJ_TERMINAL, t->counter);
	if (strcmp(st->fault, "spool") == 0)
		snprintf(c.summary, sizeof c.summary, "terminal %s could not record ratings (spool)", t->counter);
	else
		snprintf(c.summary, sizeof c.summary, "terminal %s reports a fault (%s)", t->counter, st->fault);
	bool ok = root && flag_evidence_str(root, "rule", "fault") && flag_evidence_str(root, "fault", st->fault) &&
		  flag_evidence_str(root, "state", st->online ? "online" : "offline") &&
		  flag_evidence_int(root, "spooled", st->spooled) &&
		  (!st->version[0] || flag_evidence_str(root, "version", st->version));
	return flag_evidence_finish(&c, root, ok, out);
}

int flag_engine_status(struct flag_engine *e, const struct flag_status *st, int64_t now, int64_t *since,
		       struct flag_list *out)
{
	struct flag_term *t;
	bool fault_new;
	int rc = flag_terminals_status(e, st, now, since, &t, &fault_new);

	if (rc != HL_OK || !out || !fault_new)
		return rc;
	size_t before = out->n;
	rc = flag_fault(t, st, out);
	flag_terminals_budget(e, t, now, out, before);
	return rc;
}

static int flag_offline(const struct flag_engine *e, const struct flag_term *t, int64_t now,
			struct flag_list *out)
{
	struct flag_candidate c;
	char away[32], limit[32];
	cJSON *root = cJSON_CreateObject();
	bool unknown = t->state == TERM_UNKNOWN;

	flag_evidence_start(&c, FLAG_OFFLINE, t->site, FLAG_SUBJ_TERMINAL, t->counter);
	flag_evidence_duration(away, sizeof away, now - t->since);
	flag_evidence_duration(limit, sizeof limit, e->p.offline_max);
	if (unknown)
		snprintf(c.summary, sizeof c.summary,
			 "terminal %s has sent ratings but no status for %s (limit %s)", t->counter, away, limit);
	else
		snprintf(c.summary, sizeof c.summary, "terminal %s offline for %s (limit %s, %lld ratings spooled)",
			 t->counter, away, limit, (long long)t->spooled);
	bool ok = root && flag_evidence_str(root, "rule", unknown ? "no_status" : "offline") &&
		  flag_evidence_int(root, "since", t->since) &&
		  flag_evidence_int(root, "away_s", now - t->since) &&
		  flag_evidence_int(root, "limit_s", e->p.offline_max) &&
		  (unknown || flag_evidence_int(root, "spooled", t->spooled));
	return flag_evidence_finish(&c, root, ok, out);
}

int flag_engine_check(struct flag_engine *e, int64_t now, struct flag_list *out)
{
	int64_t longest = flag_window_longest(&e->p);

	for (size_t i = 0; i < FLAG_SLOTS; i++) {
		struct flag_term *t = e->slots[i];
		if (!t)
			continue;
		/* A site the roster did not know may have been imported since. */
		flag_terminals_recheck(e, t);
		flag_window_trim(t, now - longest);
		if ((t->state == TERM_OFFLINE || t->state == TERM_UNKNOWN) && !t->down_flagged &&
		    now - t->since > e->p.offline_max) {
			size_t before = out->n;
			int rc = flag_offline(e, t, now, out);
			if (rc != HL_OK)
				return rc;
			flag_terminals_budget(e, t, now, out, before);
			t->down_flagged = true;
		}
	}
	return HL_OK;
}
