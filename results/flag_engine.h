/* SPDX-License-Identifier: MIT
 * flag_engine.h — the flag engine (part of the flags API of flags.h): the serious, burst, stuffing,
 * clock and offline rules over each terminal's recent ratings and last status, with the thresholds
 * of struct flag_params. An opaque handle that owns its memory; times come in as arguments.
 * Implemented by flag_engine.c (the rules), flag_terminals.c (the table of terminals) and
 * flag_window.c (the windows of recent ratings), which share flag_engine_int.h. */
#ifndef HL_FLAG_ENGINE_H
#define HL_FLAG_ENGINE_H

#include "flags.h"
#include "wire.h"

struct flag_status; /* flag_status.h; declared here too, as flags.h may bring this header in first */

/* ---- the engine: rules over recent ratings and terminal states -------------------------------- */

/* Keeps, per terminal (site/counter), the ratings within the longest window (at most
 * FLAG_WINDOW_MAX of them) and what its status last said. Owns its memory; used from one thread. */
struct flag_engine;

/* Whether a site is known (the roster's); ud is the caller's. Asked when a terminal is first seen,
 * and again at each flag_engine_check for terminals that were unknown. */
typedef bool (*flag_known_fn)(void *ud, const char *site);

/* HL_ERR_NOMEM; *out is NULL then. p is copied. Every site is known until flag_engine_set_known. */
int flag_engine_new(const struct flag_params *p, struct flag_engine **out);
void flag_engine_free(struct flag_engine *e);
/* How to tell a known site; fn NULL: every site is. fn and ud are borrowed while e lives. */
void flag_engine_set_known(struct flag_engine *e, flag_known_fn fn, void *ud);
/* New thresholds (a reload); windows apply from the next rating. */
void flag_engine_set_params(struct flag_engine *e, const struct flag_params *p);

/* Feeds ratings r[0..n) that were newly stored, all received at `received`; when fresh is not NULL
 * only those r[i] with fresh[i] count (the others were duplicates). Appends to out the candidates of
 * the serious, burst, stuffing and clock rules, at most one per kind and subject in one call (and,
 * for sites the roster does not know, within FLAG_UNKNOWN_PER_HOUR).
 * HL_ERR_NOMEM (what was appended stays). */
int flag_engine_feed(struct flag_engine *e, const struct rating *r, size_t n, const bool *fresh,
		     int64_t received, struct flag_list *out);
/* Adds one rating stored earlier (received at `received`) to the windows without proposing anything:
 * seeds the state at start-up. Feed them oldest first. HL_ERR_NOMEM. */
int flag_engine_seed(struct flag_engine *e, const struct rating *r, int64_t received);

/* A status message received at now. *since (may be NULL) gets the time the terminal entered its
 * current state: now when the state changed, the earlier time otherwise. A cleared status stops the
 * offline rule for that terminal. A status reporting a fault the terminal's previous status did not
 * report appends a fault candidate to out (when out is not NULL): once per episode — the same fault
 * again proposes nothing until a status without it came between. HL_ERR_NOMEM. */
int flag_engine_status(struct flag_engine *e, const struct flag_status *st, int64_t now, int64_t *since,
		       struct flag_list *out);
/* Seeds a terminal's state as stored: online or not, since when, last seen. HL_ERR_NOMEM. */
int flag_engine_terminal(struct flag_engine *e, const char *site, const char *counter, bool online,
			 int64_t spooled, int64_t since, int64_t seen);

/* Periodic check at now: proposes an offline flag for each terminal offline (or without any status
 * since its first rating) for longer than offline_max — once per such episode — and drops ratings
 * that left every window. HL_ERR_NOMEM. */
int flag_engine_check(struct flag_engine *e, int64_t now, struct flag_list *out);

/* What the engine holds, to show that it stays bounded. */
struct flag_engine_stats {
	size_t terminals;   /* followed */
	size_t unknown;     /* of which of sites the roster does not know */
	size_t ratings;     /* in windows, over all terminals */
	size_t max_window;  /* the most in one terminal's window */
	size_t not_followed; /* terminals let go to make room for others */
	size_t suppressed;  /* candidates about unknown sites dropped past FLAG_UNKNOWN_PER_HOUR */
};
void flag_engine_stats(const struct flag_engine *e, struct flag_engine_stats *out);

#endif
