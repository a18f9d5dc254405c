/* SPDX-License-Identifier: MIT
 * flag_terminals.c — the flag engine's table of followed terminals (part of the flag engine; see
 * flag_engine_int.h): finding a terminal by site/counter, letting the least recently seen go when the
 * table is full, the bounds on terminals and flags of sites the roster does not know, and each
 * terminal's status bookkeeping (state, since, seen, spooled, fault). It owns the terminals
 * (FLAG_TERMINALS_MAX at most, in a fixed-size open addressing table) and frees their windows with
 * them; what a window holds is flag_window.c's, what a flag says is flag_engine.c's. It must not
 * touch SQLite, MQTT or the clock.
 *
 * The table is bounded: when it is full (or the share of terminals of sites the roster does not know
 * is), the least recently seen terminal of those gives its place — first an unknown one — so a flood
 * of made-up terminals can never stop the engine from following a real new one. Deleting from the
 * open addressing table shifts the entries behind back into the hole, so no tombstones build up. */
#include "flag_engine_int.h"

#include "flag_status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void flag_terminals_free(struct flag_engine *e)
{
	for (size_t i = 0; i < FLAG_SLOTS; i++)
		if (e->slots[i]) {
			free(e->slots[i]->win);
			free(e->slots[i]);
			e->slots[i] = NULL;
		}
}

/* Removes the terminal in slot j and shifts the entries of its probe run back into the hole. */
static void flag_terminals_remove(struct flag_engine *e, size_t j)
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
static void flag_terminals_make_room(struct flag_engine *e, bool unknown)
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
		flag_terminals_remove(e, lru_unknown);
	else if (e->nterms == FLAG_TERMINALS_MAX && lru != SIZE_MAX)
		flag_terminals_remove(e, lru_unknown != SIZE_MAX ? lru_unknown : lru);
}

struct flag_term *flag_terminals_get(struct flag_engine *e, const char *site, const char *counter,
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
	flag_terminals_make_room(e, !t->known);
	for (j = h & (FLAG_SLOTS - 1); e->slots[j]; j = (j + 1) & (FLAG_SLOTS - 1))
		;
	e->slots[j] = t;
	e->nterms++;
	if (!t->known)
		e->nunknown++;
	return t;
}

void flag_terminals_budget(struct flag_engine *e, const struct flag_term *t, int64_t now,
			   struct flag_list *out, size_t from)
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

struct flag_term *flag_terminals_rating(struct flag_engine *e, const struct rating *r, int64_t received,
					bool *nomem)
{
	struct flag_term *t = flag_terminals_get(e, r->site, r->counter, true, nomem);

	if (t && t->state == TERM_NONE) {
		t->state = TERM_UNKNOWN;
		t->since = received;
		t->down_flagged = false;
	}
	if (t && received > t->seen)
		t->seen = received;
	return t;
}

int flag_terminals_status(struct flag_engine *e, const struct flag_status *st, int64_t now, int64_t *since,
			  struct flag_term **pt, bool *fault_new)
{
	bool nomem = false;
	struct flag_term *t = flag_terminals_get(e, st->site, st->counter, true, &nomem);
	int state = st->cleared ? TERM_NONE : st->online ? TERM_ONLINE : TERM_OFFLINE;

	*pt = t;
	*fault_new = false;
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
	*fault_new = !st->cleared && st->fault[0] && strcmp(t->fault, st->fault) != 0;
	snprintf(t->fault, sizeof t->fault, "%s", st->cleared ? "" : st->fault);
	return HL_OK;
}

int flag_engine_terminal(struct flag_engine *e, const char *site, const char *counter, bool online,
			 int64_t spooled, int64_t since, int64_t seen)
{
	bool nomem = false;
	struct flag_term *t = flag_terminals_get(e, site, counter, true, &nomem);

	if (!t)
		return nomem ? HL_ERR_NOMEM : HL_OK;
	t->state = online ? TERM_ONLINE : TERM_OFFLINE;
	t->since = since;
	t->seen = seen;
	t->spooled = spooled;
	t->down_flagged = false;
	return HL_OK;
}

void flag_terminals_recheck(struct flag_engine *e, struct flag_term *t)
{
	if (!t->known && e->known && e->known(e->known_ud, t->site)) {
		t->known = true;
		e->nunknown--;
	}
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
