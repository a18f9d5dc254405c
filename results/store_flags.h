/* SPDX-License-Identifier: MIT
 * store_flags.h — the store's complaint flags and terminal statuses (tables `flag` and
 * `terminal_status` of schema v3), the alerts waiting to be published (`flag_alert`, v13), and the
 * recent ratings that seed the flag engine at start-up. The
 * SQL is in store_flags.c; the rules that decide a flag are in flags.c. Same store handle, same
 * thread rule as store.h. */
#ifndef HL_STORE_FLAGS_H
#define HL_STORE_FLAGS_H

#include "flags.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Opens a flag for each candidate c[0..n), opened at now, in one transaction (BEGIN IMMEDIATE).
 * ids[i] gets the new flag's id, or 0 when an unresolved flag of that kind already exists for that
 * subject (nothing is written for it then). A new flag of a kind that alerts (flag_kind_alerts) gets
 * its alert queued in the same transaction (store_flags_alerts). On error nothing is kept and every
 * ids[i] is 0. */
int store_flags_open(struct store *s, const struct flag_candidate *c, size_t n, int64_t now, int64_t *ids);

/* One stored flag; every pointer borrowed for the duration of the callback. */
struct store_flag {
	int64_t id;
	int kind;         /* enum flag_kind */
	int state;        /* enum flag_state */
	int subject_type; /* enum flag_subject */
	const char *site, *subject, *summary, *evidence;
	int64_t opened;
	const char *ack_by, *ack_note;         /* NULL until acknowledged; the note may stay NULL */
	int64_t ack_at;                        /* 0 until acknowledged */
	const char *resolved_by, *resolve_note; /* NULL until resolved */
	int64_t resolved_at;                   /* 0 until resolved */
};
/* Called per flag. A non-zero return stops the walk and is returned. */
typedef int (*store_flag_fn)(void *ud, const struct store_flag *f);

/* The flags in state `state` (enum flag_state), or every unresolved one (-1), or all (-2), of one
 * site (NULL: every site), newest first, at most limit (0: no limit). */
#define STORE_FLAGS_UNRESOLVED (-1)
#define STORE_FLAGS_ALL (-2)
int store_flags_list(struct store *s, int state, const char *site, int limit, store_flag_fn fn, void *ud);
/* The same, only flags of one kind (enum flag_kind; -1: every kind). HL_ERR_INVALID for a kind out
 * of range. */
int store_flags_list_kind(struct store *s, int state, int kind, const char *site, int limit, store_flag_fn fn,
			  void *ud);
/* The flag with that id; HL_ERR_NOTFOUND when there is none. */
int store_flags_get(struct store *s, int64_t id, store_flag_fn fn, void *ud);

/* The flags whose alert waits to be published (queued by store_flags_open, table flag_alert) and
 * that opened before `before` (flag_alert_cutoff), oldest first, at most limit (0: no limit). An alert
 * waits until store_flags_alert_sent, across restarts: it is never lost and never sent twice. */
int store_flags_alerts(struct store *s, int64_t before, int limit, store_flag_fn fn, void *ud);
/* The alert of flag id is published: it waits no more. */
int store_flags_alert_sent(struct store *s, int64_t id);

/* Acknowledges an open flag: by (not empty) and note (NULL or "": none) at now. Resolves an open or
 * acknowledged flag: by and note both required. HL_ERR_NOTFOUND for an unknown id; HL_ERR_INVALID
 * when the flag is not in a state that allows the step, or by/note are missing. *state (may be NULL)
 * gets the flag's state after the call, or -1 when there is no such flag. */
int store_flags_ack(struct store *s, int64_t id, const char *by, const char *note, int64_t now, int *state);
int store_flags_resolve(struct store *s, int64_t id, const char *by, const char *note, int64_t now,
			int *state);

#define STORE_CLOCK_SKEW 120 /* seconds a status's ts may differ from when it is received */

/* What a terminal last said of itself. */
struct store_terminal {
	const char *site, *counter; /* borrowed for the callback */
	bool online;
	int64_t spooled;
	int64_t since; /* when its state (online/offline) last changed */
	int64_t seen;  /* its last status message */
	const char *version, *fault; /* as it last said ("" when never said; fault "" when all is well);
				      * borrowed for the callback */
	bool clock_ok;       /* its last status with a time (ts) was received within STORE_CLOCK_SKEW
			      * seconds of it; true while none has said its time */
	int64_t last_rating; /* when the last rating from that counter was stored; 0: none since */
};
typedef int (*store_terminal_fn)(void *ud, const struct store_terminal *t);

/* Records statuses st[0..n), all received at now, in one transaction: online/offline and spooled as
 * said, seen = now, since = now only when the state changed (or the terminal is new); its version
 * (kept when a status does not say it) and fault as said; clock_ok from a status that says its ts
 * (kept from the last one otherwise). A cleared
 * status (st->cleared) removes the terminal's row. The table stays bounded: at most
 * STORE_TERMINALS_UNKNOWN terminals of sites not in the roster (when a roster is loaded) and
 * STORE_TERMINALS_MAX in all; the least recently seen rows beyond are removed. */
int store_flags_status(struct store *s, const struct flag_status *st, size_t n, int64_t now);
/* Every terminal's status, by site and counter. */
int store_flags_terminals(struct store *s, store_terminal_fn fn, void *ud);

/* Called per rating with the time it was received; both borrowed for the call. */
typedef int (*store_recent_fn)(void *ud, const struct rating *r, int64_t received);
/* The ratings received at or after since, oldest first (to seed the flag engine). */
int store_flags_recent(struct store *s, int64_t since, store_recent_fn fn, void *ud);

#endif
