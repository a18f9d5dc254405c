/* SPDX-License-Identifier: MIT
 * flag_engine.c — the complaint-flag rules of flag_engine.h. It owns the engine's memory: a
 * fixed-size open addressing table of terminals (FLAG_TERMINALS_MAX), and per terminal a small array
 * of its recent ratings sorted by time (at most FLAG_WINDOW_MAX), so memory stays bounded whatever
 * arrives. It must not touch SQLite, MQTT or the clock; evidence JSON is built with cJSON (through
 * flag_evidence.h).
 *
 * The table of terminals is bounded: when it is full (or the share of terminals of sites the roster
 * does not know is), the least recently seen terminal of those gives its place — first an unknown
 * one — so a flood of made-up terminals can never stop the engine from following a real new one.
 * Deleting from the open addressing table shifts the entries behind back into the hole, so no
 * tombstones build up.
 *
 * The windows are kept sorted because a rating may arrive late (from a terminal's spool) with an
 * earlier time than ratings already seen; such a rating can complete a window that ends at a later
 * rating, so the windows ending at it and at every later rating within reach are looked at. Rules
 * are level-triggered — a window over the threshold proposes a flag at every rating — and the store
 * keeps only one unresolved flag per kind and subject; only the offline rule fires once per episode,
 * so a flag someone resolved is not reopened every minute while the terminal is still away. */
#include "flag_engine.h"

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

enum { TERM_NONE, TERM_UNKNOWN, TERM_ONLINE, TERM_OFFLINE };

struct flag_recent {
	int64_t t;         /* the rating's time for the windows */
	bool dissatisfied; /* some answer was dissatisfied */
	char id[HL_ID_LEN + 1];
};

struct flag_term {
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1];
	uint64_t hash;      /* of site/counter: its home slot */
	bool known;         /* its site is the roster's (or there is no roster) */
	char fault[33];     /* the fault its status last reported, "" for none */
	int state;          /* TERM_* */
	int64_t since;      /* when it entered state (TERM_UNKNOWN: its first rating) */
	int64_t seen, spooled;
	bool down_flagged;  /* the offline rule fired for this episode */
	struct flag_recent *win; /* sorted by t, then by arrival */
	size_t n, cap;
	int64_t newest;     /* the latest t ever added */
};

#define FLAG_SLOTS (2 * FLAG_TERMINALS_MAX) /* a power of two, at most half full */

struct flag_engine {
	struct flag_params p;
	size_t nterms, nunknown, not_followed;
	flag_known_fn known;
	void *known_ud;
	int64_t budget_hour;  /* the hour (Unix time / 3600) budget_used counts in */
	int budget_used;      /* flags for unknown sites' subjects proposed in that hour */
	size_t suppressed;    /* candidates dropped past the budget */
	struct flag_term *slots[FLAG_SLOTS];
};

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
	for (size_t i = 0; i < FLAG_SLOTS; i++)
		if (e->slots[i]) {
			free(e->slots[i]->win);
			free(e->slots[i]);
		}
	free(e);
}

void flag_engine_set_params(struct flag_engine *e, const struct flag_params *p)
{
	e->p = *p;
}

static int64_t flag_longest(const struct flag_params *p)
{
	return p->burst_window > p->stuffing_window ? p->burst_window : p->stuffing_window;
}

/* Removes the terminal in slot j and shifts the entries of its probe run back into the hole. */
static void flag_term_remove(struct flag_engine *e, size_t j)
{
	const size_t mask = FLAG_SLOTS - 1;
	struct flag_term *t = e->slots[j];

	if (!t->known)
		e->nunknown--;
	e->nterms--;
	e->not_followed++;
	free(t->win);
	free(t);
	e->slots[j] = NULL;
	for (size_t i = (j + 1) & mask; e->slots[i]; i = (i + 1) & mask) {
		size_t home = e->slots[i]->hash & mask;
		/* The entry may move into the hole when the hole lies on its probe path. */
		if (((i - home) & mask) >= ((i - j) & mask)) {
			e->slots[j] = e->slots[i];
			e->slots[i] = NULL;
			j = i;
		}
	}
}

/* Makes room for one more terminal (unknown says of which kind): the least recently seen unknown
 * terminal goes when unknown ones are at their share or the table is full, else the least recently
 * seen of all when the table is full. */
static void flag_make_room(struct flag_engine *e, bool unknown)
{
	size_t lru_unknown = SIZE_MAX, lru = SIZE_MAX;

	if (e->nterms < FLAG_TERMINALS_MAX && !(unknown && e->nunknown >= FLAG_UNKNOWN_MAX))
		return;
	for (size_t i = 0; i < FLAG_SLOTS; i++) {
		const struct flag_term *t = e->slots[i];
		if (!t)
			continue;
		if (!t->known && (lru_unknown == SIZE_MAX || t->seen < e->slots[lru_unknown]->seen))
			lru_unknown = i;
		if (lru == SIZE_MAX || t->seen < e->slots[lru]->seen)
			lru = i;
	}
	if (unknown && e->nunknown >= FLAG_UNKNOWN_MAX && lru_unknown != SIZE_MAX)
		flag_term_remove(e, lru_unknown);
	else if (e->nterms == FLAG_TERMINALS_MAX && lru != SIZE_MAX)
		flag_term_remove(e, lru_unknown != SIZE_MAX ? lru_unknown : lru);
}

/* The terminal site/counter; created (state TERM_NONE) when create is set, making room by letting
 * the least recently seen go (flag_make_room). NULL when absent, or when memory ran out (*nomem
 * set). */
static struct flag_term *flag_term(struct flag_engine *e, const char *site, const char *counter,
				   bool create, bool *nomem)
{
	uint64_t h = 1469598103934665603u;
	size_t j;

	for (const char *p = site; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ '/') * 1099511628211u;
	for (const char *p = counter; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	for (j = h & (FLAG_SLOTS - 1); e->slots[j]; j = (j + 1) & (FLAG_SLOTS - 1))
		if (strcmp(e->slots[j]->counter, counter) == 0 && strcmp(e->slots[j]->site, site) == 0)
			return e->slots[j];
	if (!create)
		return NULL;
	struct flag_term *t = calloc(1, sizeof *t);
	if (!t) {
		*nomem = true;
		return NULL;
	}
	snprintf(t->site, sizeof t->site, "%s", site);
	snprintf(t->counter, sizeof t->counter, "%s", counter);
	t->hash = h;
	t->known = !e->known || e->known(e->known_ud, site);
	flag_make_room(e, !t->known);
	for (j = h & (FLAG_SLOTS - 1); e->slots[j]; j = (j + 1) & (FLAG_SLOTS - 1))
		;
	e->slots[j] = t;
	e->nterms++;
	if (!t->known)
		e->nunknown++;
	return t;
}

/* Keeps the candidates out[from..] about terminal t's site while the hour's budget for sites the
 * roster does not know lasts (always, for a known site); drops the rest, counted. */
static void flag_budget(struct flag_engine *e, const struct flag_term *t, int64_t now, struct flag_list *out,
			size_t from)
{
	size_t k = from;

	if (t->known)
		return;
	if (now / 3600 != e->budget_hour) {
		e->budget_hour = now / 3600;
		e->budget_used = 0;
	}
	for (size_t i = from; i < out->n; i++) {
		if (e->budget_used >= FLAG_UNKNOWN_PER_HOUR) {
			e->suppressed++;
			continue;
		}
		e->budget_used++;
		out->v[k++] = out->v[i];
	}
	out->n = k;
}

/* Drops the ratings at or before cutoff. */
static void flag_evict(struct flag_term *t, int64_t cutoff)
{
	size_t k = 0;

	while (k < t->n && t->win[k].t <= cutoff)
		k++;
	if (k) {
		memmove(t->win, t->win + k, (t->n - k) * sizeof *t->win);
		t->n -= k;
	}
}

static bool flag_dissatisfied(const struct rating *r)
{
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		if (r->answers[q] && survey_level_dissatisfied(r->scale, r->answers[q]))
			return true;
	return false;
}

/* A rating's time for the windows: the time it is counted at (see flags.h, ingest.h). */
static int64_t flag_rating_time(const struct flag_engine *e, const struct rating *r, int64_t received)
{
	int64_t t;

	ingest_clock(r, received, e->p.clock_max_age, &t);
	return t;
}

/* Adds a rating to its terminal's window, in time order. *at gets its index, or stays SIZE_MAX when
 * it is too old for every window (or older than a full window's oldest). */
static int flag_window_add(struct flag_engine *e, struct flag_term *t, const struct rating *r, int64_t time,
			   size_t *at)
{
	int64_t longest = flag_longest(&e->p);
	size_t k;

	*at = SIZE_MAX;
	if (t->n && time <= t->newest - longest)
		return HL_OK;
	if (!t->n || time > t->newest)
		t->newest = time;
	flag_evict(t, t->newest - longest);
	if (t->n == FLAG_WINDOW_MAX) {
		if (time < t->win[0].t)
			return HL_OK;
		memmove(t->win, t->win + 1, (t->n - 1) * sizeof *t->win);
		t->n--;
	}
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 8;
		struct flag_recent *w;
		if (ncap > FLAG_WINDOW_MAX)
			ncap = FLAG_WINDOW_MAX;
		if (!(w = realloc(t->win, ncap * sizeof *w)))
			return HL_ERR_NOMEM;
		t->win = w;
		t->cap = ncap;
	}
	for (k = t->n; k > 0 && t->win[k - 1].t > time; k--)
		;
	memmove(t->win + k + 1, t->win + k, (t->n - k) * sizeof *t->win);
	t->win[k].t = time;
	t->win[k].dissatisfied = flag_dissatisfied(r);
	memcpy(t->win[k].id, r->id, sizeof t->win[k].id);
	t->n++;
	*at = k;
	return HL_OK;
}

/* Walks the windows of length w that end at the new rating (index k) or at later ones it can reach:
 * each is win[lo..hi]. Calls test until it returns true; returns that, with *plo and *phi set. */
static bool flag_windows(const struct flag_term *t, size_t k, int64_t w, const struct flag_params *p,
			 bool (*test)(const struct flag_term *, size_t, size_t, const struct flag_params *),
			 size_t *plo, size_t *phi)
{
	int64_t reach = t->win[k].t + w;

	for (size_t hi = k; hi < t->n && t->win[hi].t < reach; hi++) {
		size_t lo = hi;
		if (hi + 1 < t->n && t->win[hi + 1].t == t->win[hi].t)
			continue; /* the window ends after the last rating of that second */
		while (lo > 0 && t->win[lo - 1].t > t->win[hi].t - w)
			lo--;
		if (test(t, lo, hi, p)) {
			*plo = lo;
			*phi = hi;
			return true;
		}
	}
	return false;
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

/* The terminal a rating came from, made known (TERM_UNKNOWN: no status yet) when new. */
static struct flag_term *flag_rating_term(struct flag_engine *e, const struct rating *r, int64_t received,
					  bool *nomem)
{
	struct flag_term *t = flag_term(e, r->site, r->counter, true, nomem);

	if (t && t->state == TERM_NONE) {
		t->state = TERM_UNKNOWN;
		t->since = received;
		t->down_flagged = false;
	}
	if (t && received > t->seen)
		t->seen = received;
	return t;
}

int flag_engine_seed(struct flag_engine *e, const struct rating *r, int64_t received)
{
	bool nomem = false;
	struct flag_term *t = flag_rating_term(e, r, received, &nomem);
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

	if (!(t = flag_rating_term(e, r, received, &nomem)))
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
	    flag_windows(t, at, e->p.stuffing_window, &e->p, flag_test_stuffing, &lo, &hi) &&
	    (rc = flag_stuffing(e, t, lo, hi, out)) != HL_OK)
		goto out;
	if (!flag_pending(out, from, FLAG_BURST, t->site, FLAG_SUBJ_COUNTER, t->counter) &&
	    flag_windows(t, at, e->p.burst_window, &e->p, flag_test_burst, &lo, &hi) &&
	    (rc = flag_burst(e, t, lo, hi, out)) != HL_OK)
		goto out;
	rc = HL_OK;
out:
	flag_budget(e, t, received, out, before);
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
	bool nomem = false;
	struct flag_term *t = flag_term(e, st->site, st->counter, true, &nomem);
	int state = st->cleared ? TERM_NONE : st->online ? TERM_ONLINE : TERM_OFFLINE;
	int rc = HL_OK;

	if (since)
		*since = now;
	if (!t)
		return nomem ? HL_ERR_NOMEM : HL_OK;
	if (t->state != state) {
		t->state = state;
		t->since = now;
		t->down_flagged = false;
	}
	t->spooled = st->cleared ? 0 : st->spooled;
	if (now > t->seen)
		t->seen = now;
	if (since)
		*since = t->since;
	/* A fault opens a flag when it starts (or changes), not at every status that repeats it. */
	if (out && !st->cleared && st->fault[0] && strcmp(t->fault, st->fault) != 0) {
		size_t before = out->n;
		rc = flag_fault(t, st, out);
		flag_budget(e, t, now, out, before);
	}
	snprintf(t->fault, sizeof t->fault, "%s", st->cleared ? "" : st->fault);
	return rc;
}

int flag_engine_terminal(struct flag_engine *e, const char *site, const char *counter, bool online,
			 int64_t spooled, int64_t since, int64_t seen)
{
	bool nomem = false;
	struct flag_term *t = flag_term(e, site, counter, true, &nomem);

	if (!t)
		return nomem ? HL_ERR_NOMEM : HL_OK;
	t->state = online ? TERM_ONLINE : TERM_OFFLINE;
	t->since = since;
	t->seen = seen;
	t->spooled = spooled;
	t->down_flagged = false;
	return HL_OK;
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
	int64_t longest = flag_longest(&e->p);

	for (size_t i = 0; i < FLAG_SLOTS; i++) {
		struct flag_term *t = e->slots[i];
		if (!t)
			continue;
		/* A site the roster did not know may have been imported since. */
		if (!t->known && e->known && e->known(e->known_ud, t->site)) {
			t->known = true;
			e->nunknown--;
		}
		flag_evict(t, now - longest);
		if (t->n == 0 && t->win) {
			free(t->win);
			t->win = NULL;
			t->cap = 0;
		}
		if ((t->state == TERM_OFFLINE || t->state == TERM_UNKNOWN) && !t->down_flagged &&
		    now - t->since > e->p.offline_max) {
			size_t before = out->n;
			int rc = flag_offline(e, t, now, out);
			if (rc != HL_OK)
				return rc;
			flag_budget(e, t, now, out, before);
			t->down_flagged = true;
		}
	}
	return HL_OK;
}

void flag_engine_stats(const struct flag_engine *e, struct flag_engine_stats *out)
{
	memset(out, 0, sizeof *out);
	out->terminals = e->nterms;
	out->unknown = e->nunknown;
	out->not_followed = e->not_followed;
	out->suppressed = e->suppressed;
	for (size_t i = 0; i < FLAG_SLOTS; i++) {
		const struct flag_term *t = e->slots[i];
		if (!t)
			continue;
		out->ratings += t->n;
		if (t->n > out->max_window)
			out->max_window = t->n;
	}
}
