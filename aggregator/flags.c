/* SPDX-License-Identifier: MIT
 * flags.c — the complaint-flag rules of flags.h. It owns the engine's memory: a fixed-size open
 * addressing table of terminals (FLAG_TERMINALS_MAX), and per terminal a small array of its recent
 * ratings sorted by time (at most FLAG_WINDOW_MAX), so memory stays bounded whatever arrives. It must
 * not touch SQLite, MQTT or the clock; evidence JSON is built with cJSON.
 *
 * The windows are kept sorted because a rating may arrive late (from a terminal's spool) with an
 * earlier time than ratings already seen; such a rating can complete a window that ends at a later
 * rating, so the windows ending at it and at every later rating within reach are looked at. Rules
 * are level-triggered — a window over the threshold proposes a flag at every rating — and the store
 * keeps only one unresolved flag per kind and subject; only the offline rule fires once per episode,
 * so a flag someone resolved is not reopened every minute while the terminal is still away. */
#include "flags.h"

#include "index.h"
#include "survey.h"
#include "topic.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ------------------------------------------------------------------------------------- */

static const char *const flag_kinds[FLAG_KIND_COUNT] = { "serious", "burst", "trend", "integrity" };
static const char *const flag_subjects[FLAG_SUBJ_COUNT] = { "officer", "procedure", "counter", "terminal" };
static const char *const flag_states[FLAG_STATE_COUNT] = { "open", "acknowledged", "resolved" };

static int flag_find(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *flag_kind_name(int kind)
{
	return kind >= 0 && kind < FLAG_KIND_COUNT ? flag_kinds[kind] : NULL;
}

const char *flag_subject_name(int subject_type)
{
	return subject_type >= 0 && subject_type < FLAG_SUBJ_COUNT ? flag_subjects[subject_type] : NULL;
}

const char *flag_state_name(int state)
{
	return state >= 0 && state < FLAG_STATE_COUNT ? flag_states[state] : NULL;
}

int flag_kind_parse(const char *name)
{
	return flag_find(flag_kinds, FLAG_KIND_COUNT, name);
}

int flag_subject_parse(const char *name)
{
	return flag_find(flag_subjects, FLAG_SUBJ_COUNT, name);
}

int flag_state_parse(const char *name)
{
	return flag_find(flag_states, FLAG_STATE_COUNT, name);
}

void flag_params_default(struct flag_params *p)
{
	p->burst_window = 15 * 60;
	p->burst_min_ratings = 4;
	p->burst_share = 50;
	p->stuffing_window = 20;
	p->stuffing_max = 3;
	p->offline_max = 30 * 60;
	p->trend_min_n = 30;
	p->trend_days = 30;
}

/* ---- candidate lists --------------------------------------------------------------------------- */

int flag_list_push(struct flag_list *l, const struct flag_candidate *c)
{
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK)
		return HL_ERR_NOMEM;
	l->v[l->n++] = *c;
	return HL_OK;
}

void flag_list_clear(struct flag_list *l)
{
	l->n = 0;
}

void flag_list_free(struct flag_list *l)
{
	if (!l)
		return;
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

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

static void flag_start(struct flag_candidate *c, int kind, const char *site, int subject_type,
		       const char *subject)
{
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->subject_type = subject_type;
	snprintf(c->site, sizeof c->site, "%s", site);
	snprintf(c->subject, sizeof c->subject, "%s", subject);
}

/* Prints the evidence object into c and frees it; pushes c onto out. A root that failed to build
 * (NULL, or a member that could not be added) is out of memory. */
static int flag_finish(struct flag_candidate *c, cJSON *root, bool built, struct flag_list *out)
{
	bool ok = root && built &&
		  cJSON_PrintPreallocated(root, c->evidence, (int)sizeof c->evidence, 0);

	cJSON_Delete(root);
	if (!ok)
		return HL_ERR_NOMEM;
	return flag_list_push(out, c);
}

/* "20 s", "15 min", "5 h", "3 days": how long, for summaries. */
static void flag_duration(char *buf, size_t cap, int64_t s)
{
	if (s < 120)
		snprintf(buf, cap, "%lld s", (long long)s);
	else if (s < 2 * 3600)
		snprintf(buf, cap, "%lld min", (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(buf, cap, "%lld h", (long long)(s / 3600));
	else
		snprintf(buf, cap, "%lld days", (long long)(s / 86400));
}

static bool flag_add_int(cJSON *o, const char *key, int64_t v)
{
	return cJSON_AddNumberToObject(o, key, (double)v) != NULL;
}

static bool flag_add_str(cJSON *o, const char *key, const char *v)
{
	return cJSON_AddStringToObject(o, key, v) != NULL;
}

int flag_alert_encode(const struct flag_candidate *c, int64_t id, int64_t opened, char *buf, size_t cap,
		      size_t *len)
{
	cJSON *root = cJSON_CreateObject();
	const char *kind = flag_kind_name(c->kind), *type = flag_subject_name(c->subject_type);
	int rc = HL_ERR_NOMEM;

	*len = 0;
	if (!kind || !type) {
		cJSON_Delete(root);
		return HL_ERR_INVALID;
	}
	if (root && flag_add_int(root, "id", id) && flag_add_str(root, "kind", kind) &&
	    flag_add_str(root, "site", c->site) && flag_add_str(root, "subject_type", type) &&
	    flag_add_str(root, "subject", c->subject) && flag_add_str(root, "summary", c->summary) &&
	    flag_add_int(root, "opened", opened)) {
		rc = HL_ERR_RANGE;
		if (cap <= INT32_MAX && cJSON_PrintPreallocated(root, buf, (int)cap, 0)) {
			*len = strlen(buf);
			rc = HL_OK;
		}
	}
	cJSON_Delete(root);
	return rc;
}

/* ---- status messages --------------------------------------------------------------------------- */

static int flag_fail(char *why, size_t cap, const char *text)
{
	if (cap)
		snprintf(why, cap, "%s", text);
	return HL_ERR_INVALID;
}

static bool flag_json_int(const cJSON *it, double lo, double hi, int64_t *out)
{
	if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) || it->valuedouble != floor(it->valuedouble) ||
	    it->valuedouble < lo || it->valuedouble > hi)
		return false;
	*out = (int64_t)it->valuedouble;
	return true;
}

static bool flag_printable(const char *s, size_t max)
{
	size_t n = 0;

	for (; s[n]; n++)
		if ((unsigned char)s[n] < 0x20 || (unsigned char)s[n] > 0x7e || n >= max)
			return false;
	return true;
}

static int flag_status_fields(const cJSON *root, struct flag_status *out, char *why, size_t cap)
{
	enum { S_STATE = 1, S_SPOOLED = 2, S_VERSION = 4, S_TS = 8 };
	unsigned seen = 0;
	const cJSON *it;

	cJSON_ArrayForEach(it, root) {
		unsigned f = strcmp(it->string, "state") == 0	 ? S_STATE
			     : strcmp(it->string, "spooled") == 0 ? S_SPOOLED
			     : strcmp(it->string, "version") == 0 ? S_VERSION
			     : strcmp(it->string, "ts") == 0	  ? S_TS
								  : 0;
		if (!f)
			return flag_fail(why, cap, "status: unknown field");
		if (seen & f)
			return flag_fail(why, cap, "status: duplicate field");
		seen |= f;
		switch (f) {
		case S_STATE:
			if (!cJSON_IsString(it) ||
			    (strcmp(it->valuestring, "online") && strcmp(it->valuestring, "offline")))
				return flag_fail(why, cap, "status: state must be \"online\" or \"offline\"");
			out->online = strcmp(it->valuestring, "online") == 0;
			break;
		case S_SPOOLED:
			if (!flag_json_int(it, 0, 1e9, &out->spooled))
				return flag_fail(why, cap, "status: spooled must be a count");
			break;
		case S_VERSION:
			if (!cJSON_IsString(it) || !flag_printable(it->valuestring, HL_CODE_MAX))
				return flag_fail(why, cap, "status: version must be printable ASCII, at most 32 bytes");
			strcpy(out->version, it->valuestring);
			break;
		case S_TS:
			if (!flag_json_int(it, 0, (double)(INT64_C(1) << 40), &out->ts))
				return flag_fail(why, cap, "status: ts must be Unix seconds");
			break;
		}
	}
	if (!(seen & S_STATE))
		return flag_fail(why, cap, "status: missing field \"state\"");
	return HL_OK;
}

int flag_status_decode(const char *topic, const void *payload, size_t len, struct flag_status *out,
		       char *why, size_t cap)
{
	char kind[16];
	const char *fault;
	cJSON *root = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (cap)
		why[0] = '\0';
	if (topic_parse_counter(topic, out->site, out->counter, kind) != HL_OK || strcmp(kind, "status") != 0) {
		memset(out, 0, sizeof *out);
		return flag_fail(why, cap, "topic is not hailong/v1/SITE/COUNTER/status");
	}
	if (len == 0) {
		out->cleared = true;
		return HL_OK;
	}
	if (len > HL_BODY_MAX)
		rc = flag_fail(why, cap, "status: payload too large");
	else if (wire_parse_object(payload, len, &root, &fault) != HL_OK)
		rc = flag_fail(why, cap, fault);
	else
		rc = flag_status_fields(root, out, why, cap);
	cJSON_Delete(root);
	if (rc != HL_OK)
		memset(out, 0, sizeof *out);
	return rc;
}

/* ---- the engine -------------------------------------------------------------------------------- */

enum { TERM_NONE, TERM_UNKNOWN, TERM_ONLINE, TERM_OFFLINE };

struct flag_recent {
	int64_t t;         /* the rating's time for the windows */
	bool dissatisfied; /* some answer was dissatisfied */
	char id[HL_ID_LEN + 1];
};

struct flag_term {
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1];
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
	size_t nterms, not_followed;
	struct flag_term *slots[FLAG_SLOTS];
};

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

/* The terminal site/counter; created (state TERM_NONE) when create is set and there is room. NULL
 * when absent, or when the table is full (counted) or memory ran out (*nomem set). */
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
	if (e->nterms == FLAG_TERMINALS_MAX) {
		e->not_followed++;
		return NULL;
	}
	struct flag_term *t = calloc(1, sizeof *t);
	if (!t) {
		*nomem = true;
		return NULL;
	}
	snprintf(t->site, sizeof t->site, "%s", site);
	snprintf(t->counter, sizeof t->counter, "%s", counter);
	e->slots[j] = t;
	e->nterms++;
	return t;
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

/* A rating's time for the windows (see flags.h). */
static int64_t flag_rating_time(const struct rating *r, int64_t received)
{
	return r->clock_ok && r->ts < received ? r->ts : received;
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
	return !left || flag_add_int(root, "rating_ids_not_listed", (int64_t)left);
}

static int flag_stuffing(const struct flag_engine *e, const struct flag_term *t, size_t lo, size_t hi,
			 struct flag_list *out)
{
	struct flag_candidate c;
	char win[32];
	cJSON *root = cJSON_CreateObject();
	size_t n = hi - lo + 1;

	flag_start(&c, FLAG_INTEGRITY, t->site, FLAG_SUBJ_TERMINAL, t->counter);
	flag_duration(win, sizeof win, e->p.stuffing_window);
	snprintf(c.summary, sizeof c.summary,
		 "%zu ratings within %s at terminal %s, faster than people can give them (at most %d expected)",
		 n, win, t->counter, e->p.stuffing_max);
	bool ok = root && flag_add_str(root, "rule", "stuffing") &&
		  flag_add_int(root, "window_s", e->p.stuffing_window) && flag_add_int(root, "ratings", (int64_t)n) &&
		  flag_add_int(root, "max", e->p.stuffing_max) && flag_add_ids(root, t, lo, hi, false);
	return flag_finish(&c, root, ok, out);
}

static int flag_burst(const struct flag_engine *e, const struct flag_term *t, size_t lo, size_t hi,
		      struct flag_list *out)
{
	struct flag_candidate c;
	char win[32];
	cJSON *root = cJSON_CreateObject();
	size_t n = hi - lo + 1, d = flag_count_dis(t, lo, hi);

	flag_start(&c, FLAG_BURST, t->site, FLAG_SUBJ_COUNTER, t->counter);
	flag_duration(win, sizeof win, e->p.burst_window);
	snprintf(c.summary, sizeof c.summary, "%zu of %zu ratings dissatisfied within %s at counter %s", d, n,
		 win, t->counter);
	bool ok = root && flag_add_str(root, "rule", "burst") && flag_add_int(root, "window_s", e->p.burst_window) &&
		  flag_add_int(root, "ratings", (int64_t)n) && flag_add_int(root, "dissatisfied", (int64_t)d) &&
		  flag_add_int(root, "min_ratings", e->p.burst_min_ratings) &&
		  flag_add_int(root, "share_pct", e->p.burst_share) && flag_add_ids(root, t, lo, hi, true);
	return flag_finish(&c, root, ok, out);
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
	flag_start(&c, FLAG_SERIOUS, r->site, type, subject);
	root = cJSON_CreateObject();
	ok = root && flag_add_str(root, "rule", "serious") && flag_add_str(root, "counter", r->counter) &&
	     flag_add_str(root, "officer", r->officer) && flag_add_str(root, "procedure", r->procedure) &&
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
	return flag_finish(&c, root, ok, out);
}

static int flag_clock(const struct rating *r, int64_t received, struct flag_list *out)
{
	struct flag_candidate c;
	cJSON *root = cJSON_CreateObject(), *ids = NULL;
	cJSON *s = cJSON_CreateString(r->id);

	flag_start(&c, FLAG_INTEGRITY, r->site, FLAG_SUBJ_TERMINAL, r->counter);
	snprintf(c.summary, sizeof c.summary, "terminal %s sends ratings with its clock not synchronised",
		 r->counter);
	bool ok = root && s && flag_add_str(root, "rule", "clock") &&
		  flag_add_int(root, "clock_skew_s", r->ts - received) &&
		  (ids = cJSON_AddArrayToObject(root, "rating_ids")) != NULL;
	if (ok) {
		cJSON_AddItemToArray(ids, s);
		s = NULL;
	}
	cJSON_Delete(s);
	return flag_finish(&c, root, ok, out);
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
	return flag_window_add(e, t, r, flag_rating_time(r, received), &at);
}

static int flag_one(struct flag_engine *e, const struct rating *r, int64_t received, struct flag_list *out,
		    size_t from)
{
	uint32_t serious = 0;
	bool nomem = false;
	struct flag_term *t;
	size_t at, lo, hi;
	int rc;

	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (survey_reason_serious(i))
			serious |= 1u << i;
	if ((r->reasons & serious) && (rc = flag_serious(r, out, from)) != HL_OK)
		return rc;
	if (!r->clock_ok && !flag_pending(out, from, FLAG_INTEGRITY, r->site, FLAG_SUBJ_TERMINAL, r->counter) &&
	    (rc = flag_clock(r, received, out)) != HL_OK)
		return rc;
	if (!(t = flag_rating_term(e, r, received, &nomem)))
		return nomem ? HL_ERR_NOMEM : HL_OK;
	if ((rc = flag_window_add(e, t, r, flag_rating_time(r, received), &at)) != HL_OK || at == SIZE_MAX)
		return rc;
	if (!flag_pending(out, from, FLAG_INTEGRITY, t->site, FLAG_SUBJ_TERMINAL, t->counter) &&
	    flag_windows(t, at, e->p.stuffing_window, &e->p, flag_test_stuffing, &lo, &hi) &&
	    (rc = flag_stuffing(e, t, lo, hi, out)) != HL_OK)
		return rc;
	if (!flag_pending(out, from, FLAG_BURST, t->site, FLAG_SUBJ_COUNTER, t->counter) &&
	    flag_windows(t, at, e->p.burst_window, &e->p, flag_test_burst, &lo, &hi) &&
	    (rc = flag_burst(e, t, lo, hi, out)) != HL_OK)
		return rc;
	return HL_OK;
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

int flag_engine_status(struct flag_engine *e, const struct flag_status *st, int64_t now, int64_t *since)
{
	bool nomem = false;
	struct flag_term *t = flag_term(e, st->site, st->counter, true, &nomem);
	int state = st->cleared ? TERM_NONE : st->online ? TERM_ONLINE : TERM_OFFLINE;

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
	return HL_OK;
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

	flag_start(&c, FLAG_INTEGRITY, t->site, FLAG_SUBJ_TERMINAL, t->counter);
	flag_duration(away, sizeof away, now - t->since);
	flag_duration(limit, sizeof limit, e->p.offline_max);
	if (unknown)
		snprintf(c.summary, sizeof c.summary,
			 "terminal %s has sent ratings but no status for %s (limit %s)", t->counter, away, limit);
	else
		snprintf(c.summary, sizeof c.summary, "terminal %s offline for %s (limit %s, %lld ratings spooled)",
			 t->counter, away, limit, (long long)t->spooled);
	bool ok = root && flag_add_str(root, "rule", unknown ? "no_status" : "offline") &&
		  flag_add_int(root, "since", t->since) && flag_add_int(root, "away_s", now - t->since) &&
		  flag_add_int(root, "limit_s", e->p.offline_max) &&
		  (unknown || flag_add_int(root, "spooled", t->spooled));
	return flag_finish(&c, root, ok, out);
}

int flag_engine_check(struct flag_engine *e, int64_t now, struct flag_list *out)
{
	int64_t longest = flag_longest(&e->p);

	for (size_t i = 0; i < FLAG_SLOTS; i++) {
		struct flag_term *t = e->slots[i];
		if (!t)
			continue;
		flag_evict(t, now - longest);
		if (t->n == 0 && t->win) {
			free(t->win);
			t->win = NULL;
			t->cap = 0;
		}
		if ((t->state == TERM_OFFLINE || t->state == TERM_UNKNOWN) && !t->down_flagged &&
		    now - t->since > e->p.offline_max) {
			int rc = flag_offline(e, t, now, out);
			if (rc != HL_OK)
				return rc;
			t->down_flagged = true;
		}
	}
	return HL_OK;
}

void flag_engine_stats(const struct flag_engine *e, struct flag_engine_stats *out)
{
	memset(out, 0, sizeof *out);
	out->terminals = e->nterms;
	out->not_followed = e->not_followed;
	for (size_t i = 0; i < FLAG_SLOTS; i++) {
		const struct flag_term *t = e->slots[i];
		if (!t)
			continue;
		out->ratings += t->n;
		if (t->n > out->max_window)
			out->max_window = t->n;
	}
}

/* ---- trend ------------------------------------------------------------------------------------- */

static double flag_pct(double x)
{
	return round(x * 1000.0) / 10.0;
}

static bool flag_add_group(cJSON *root, const char *key, int64_t n, int64_t k, double lo, double hi)
{
	cJSON *o = cJSON_AddObjectToObject(root, key);

	return o && flag_add_int(o, "answers", n) && flag_add_int(o, "dissatisfied", k) &&
	       cJSON_AddNumberToObject(o, "pct", n ? flag_pct((double)k / (double)n) : 0) &&
	       cJSON_AddNumberToObject(o, "lo_pct", flag_pct(lo)) && cJSON_AddNumberToObject(o, "hi_pct", flag_pct(hi));
}

int flag_trend(const struct flag_params *p, const struct flag_trend_count *site,
	       const struct flag_trend_count *o, size_t n, struct flag_list *out)
{
	double slo, shi;

	index_wilson(site->dissatisfied, site->n, &slo, &shi);
	for (size_t i = 0; i < n; i++) {
		double lo, hi;
		if (!o[i].officer[0] || strcmp(o[i].site, site->site) != 0 || o[i].n < p->trend_min_n ||
		    o[i].n <= 0)
			continue;
		index_wilson(o[i].dissatisfied, o[i].n, &lo, &hi);
		if (!(lo > shi))
			continue;
		struct flag_candidate c;
		cJSON *root = cJSON_CreateObject();
		flag_start(&c, FLAG_TREND, site->site, FLAG_SUBJ_OFFICER, o[i].officer);
		snprintf(c.summary, sizeof c.summary,
			 "officer %s: %lld of %lld answers dissatisfied over %d days (%.1f %%, 95 %% interval "
			 "%.1f-%.1f %%), above the site's %.1f %% (%.1f-%.1f %%)",
			 o[i].officer, (long long)o[i].dissatisfied, (long long)o[i].n, p->trend_days,
			 flag_pct((double)o[i].dissatisfied / (double)o[i].n), flag_pct(lo), flag_pct(hi),
			 site->n ? flag_pct((double)site->dissatisfied / (double)site->n) : 0.0, flag_pct(slo),
			 flag_pct(shi));
		bool ok = root && flag_add_str(root, "rule", "trend") && flag_add_str(root, "question", "officer") &&
			  flag_add_int(root, "days", p->trend_days) && flag_add_int(root, "min_n", p->trend_min_n) &&
			  flag_add_group(root, "officer", o[i].n, o[i].dissatisfied, lo, hi) &&
			  flag_add_group(root, "site", site->n, site->dissatisfied, slo, shi);
		int rc = flag_finish(&c, root, ok, out);
		if (rc != HL_OK)
			return rc;
	}
	return HL_OK;
}

static int flag_count_cmp(const void *a, const void *b)
{
	const struct flag_trend_count *x = a, *y = b;
	int c = strcmp(x->site, y->site);

	return c ? c : strcmp(x->officer, y->officer);
}

int flag_trend_rows(const struct flag_params *p, const struct rollup_row *rows, size_t n,
		    struct flag_list *out)
{
	struct flag_trend_count *v = malloc((n ? n : 1) * sizeof *v);
	size_t m = 0;
	int rc = HL_OK;

	if (!v)
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct rollup_row *r = &rows[i];
		struct flag_trend_count *c = &v[m++];
		memset(c, 0, sizeof *c);
		snprintf(c->site, sizeof c->site, "%s", r->key.site);
		snprintf(c->officer, sizeof c->officer, "%s", r->key.code);
		for (int l = 1; survey_scale_valid(r->key.scale) && l <= r->key.scale; l++) {
			int64_t k = r->c.level[SURVEY_Q_OFFICER][l - 1];
			c->n += k;
			c->dissatisfied += survey_level_dissatisfied(r->key.scale, l) ? k : 0;
		}
	}
	qsort(v, m, sizeof *v, flag_count_cmp);
	/* Merge the scales of one officer. */
	size_t w = 0;
	for (size_t i = 0; i < m; i++) {
		if (w && flag_count_cmp(&v[w - 1], &v[i]) == 0) {
			v[w - 1].n += v[i].n;
			v[w - 1].dissatisfied += v[i].dissatisfied;
		} else {
			v[w++] = v[i];
		}
	}
	for (size_t i = 0; i < w && rc == HL_OK;) {
		struct flag_trend_count site = { .n = 0 };
		size_t j = i;
		snprintf(site.site, sizeof site.site, "%s", v[i].site);
		for (; j < w && strcmp(v[j].site, site.site) == 0; j++) {
			site.n += v[j].n;
			site.dissatisfied += v[j].dissatisfied;
		}
		rc = flag_trend(p, &site, v + i, j - i, out);
		i = j;
	}
	free(v);
	return rc;
}
