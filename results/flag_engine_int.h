/* SPDX-License-Identifier: MIT
 * flag_engine_int.h — the flag engine's insides, shared only by the engine's own files (flag_engine.c:
 * the handle and the rules; flag_terminals.c: the bounded table of followed terminals, the budget for
 * sites the roster does not know, and status bookkeeping; flag_window.c: each terminal's window of
 * recent ratings). Nothing outside those three files includes this. Pure: no SQLite, MQTT or clock. */
#ifndef HL_FLAG_ENGINE_INT_H
#define HL_FLAG_ENGINE_INT_H

#include "flag_engine.h"

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
	struct flag_term *slots[FLAG_SLOTS]; /* owned, with each terminal's window */
};

/* ---- flag_terminals.c: the table of followed terminals ---------------------------------------- */

/* Frees every terminal of e (and its window); the table is left empty of them. */
void flag_terminals_free(struct flag_engine *e);
/* The terminal site/counter; created (state TERM_NONE) when create is set, making room by letting
 * the least recently seen go (flag_terminals_make_room). NULL when absent, or when memory ran out (*nomem set). The terminal
 * belongs to e: valid until the next call that may create a terminal. */
struct flag_term *flag_terminals_get(struct flag_engine *e, const char *site, const char *counter,
				     bool create, bool *nomem);
/* The terminal a rating came from (as flag_terminals_get), made known (TERM_UNKNOWN: no status yet)
 * when new, its last seen moved on to received. */
struct flag_term *flag_terminals_rating(struct flag_engine *e, const struct rating *r, int64_t received,
					bool *nomem);
/* Keeps the candidates out[from..] about terminal t's site while the hour's budget (at now) for sites
 * the roster does not know lasts (always, for a known site); drops the rest, counted. */
void flag_terminals_budget(struct flag_engine *e, const struct flag_term *t, int64_t now,
			   struct flag_list *out, size_t from);
/* Records status st received at now in its terminal's state. *since as for flag_engine_status. *pt
 * gets the terminal (NULL when memory ran out: HL_ERR_NOMEM); *fault_new whether st reports a fault
 * that the terminal's previous status did not (the start of a fault episode). */
int flag_terminals_status(struct flag_engine *e, const struct flag_status *st, int64_t now, int64_t *since,
			  struct flag_term **pt, bool *fault_new);
/* Asks again whether t's site, unknown so far, is the roster's now. */
void flag_terminals_recheck(struct flag_engine *e, struct flag_term *t);

/* ---- flag_window.c: a terminal's recent ratings, sorted by time ------------------------------- */

/* The longest window of p: how far back ratings are kept. */
int64_t flag_window_longest(const struct flag_params *p);
/* Drops t's ratings at or before cutoff; frees the window when it is left empty. */
void flag_window_trim(struct flag_term *t, int64_t cutoff);
/* Adds rating r, counted at time, to t's window in time order (windows of e->p). *at gets its index,
 * or stays SIZE_MAX when it is too old for every window (or older than a full window's oldest).
 * HL_ERR_NOMEM. */
int flag_window_add(const struct flag_engine *e, struct flag_term *t, const struct rating *r, int64_t time,
		    size_t *at);
/* Walks the windows of length w that end at the new rating (index k) or at later ones it can reach:
 * each is win[lo..hi]. Calls test until it returns true; returns that, with *plo and *phi set. */
bool flag_window_walk(const struct flag_term *t, size_t k, int64_t w, const struct flag_params *p,
		      bool (*test)(const struct flag_term *, size_t, size_t, const struct flag_params *),
		      size_t *plo, size_t *phi);

#endif
