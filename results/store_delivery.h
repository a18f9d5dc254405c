/* SPDX-License-Identifier: MIT
 * store_delivery.h — the delivery queue of hailong-notify (schema v15: delivery, delivery_part,
 * delivery_log, notify_flag, notify_state). A planned e-mail or webhook call (struct message) is
 * kept once per (topic, recipient) — the key that makes it go once however often it is planned —,
 * waits until it is due, and is tried until it is delivered, given up (failed: the receiver refused
 * it for good) or expired; every attempt leaves a log row. Which flags were planned is kept too, in
 * the same transaction as their deliveries, so a restart plans nothing twice. Same store handle and
 * thread rule as store.h; all times Unix seconds, given by the caller. */
#ifndef HL_STORE_DELIVERY_H
#define HL_STORE_DELIVERY_H

#include "message.h"
#include "store.h"
#include "store_flags.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The status column. */
enum delivery_status { DELIVERY_WAITING, DELIVERY_SENT, DELIVERY_EXPIRED, DELIVERY_FAILED, DELIVERY_STATUS_COUNT };

#define DELIVERY_ERROR_MAX 512 /* bytes of an error or a server's answer kept */
#define DELIVERY_SITES_MAX 16  /* sites of one filter (as many as a user has: USER_SITES_MAX) */

/* "waiting", "sent", "expired", "failed" ↔ enum delivery_status; NULL / -1 for anything else. */
const char *delivery_status_name(int status);
int delivery_status_parse(const char *name);

/* A delivery taken from the queue to send: the message as planned, with its parts. */
struct delivery {
	int64_t id;
	int attempts; /* made so far */
	int64_t created;
	struct message m; /* owned (message_free) */
};

/* Queues m (borrowed) at now, with its parts, in one transaction. *added (may be NULL) says whether
 * it is new: a (topic, recipient) already queued changes nothing, whatever its status. HL_ERR_INVALID
 * for an empty topic, recipient or address, a channel out of range, or no body; HL_ERR_DB. */
int store_delivery_add(struct store *s, const struct message *m, int64_t now, bool *added);
/* Whether (topic, recipient) is queued, in any status. */
int store_delivery_has(struct store *s, const char *topic, const char *recipient, bool *yes);

/* The waiting deliveries due at now (next_at <= now), oldest due first, at most limit (1 … 1000), into
 * *out (new memory, *n of them; free with store_delivery_free). Expired ones are not among them once
 * store_delivery_expire ran. */
int store_delivery_due(struct store *s, int64_t now, size_t limit, struct delivery **out, size_t *n);
void store_delivery_free(struct delivery *v, size_t n);

/* The outcome of one attempt, each with its log row, in one transaction; a delivery that is no longer
 * waiting is left as it is (HL_ERR_NOTFOUND): a delivered row is never sent again. detail is the
 * server's answer or the error (cut to DELIVERY_ERROR_MAX bytes).
 *   sent:   status sent, done_at now.
 *   failed: attempts + 1, next_at, last_error; permanent: status failed (done_at now) instead. */
int store_delivery_sent(struct store *s, int64_t id, int64_t now, const char *detail);
int store_delivery_failed(struct store *s, int64_t id, int64_t now, int64_t next_at, bool permanent,
			  const char *detail);
/* Every waiting delivery whose expires <= now becomes expired (done_at now), each with a log row.
 * *n (may be NULL) gets how many. */
int store_delivery_expire(struct store *s, int64_t now, size_t *n);

/* A delivery for the list; strings borrowed for the callback. */
struct store_delivery_row {
	int64_t id;
	const char *topic, *recipient, *address, *site, *subject, *last_error;
	int channel, status, attempts;
	int64_t created, next_at, expires, done_at;
};
typedef int (*store_delivery_fn)(void *ud, const struct store_delivery_row *r);
/* The deliveries of one status (enum delivery_status; -1: all), newest first, at most limit (0: no
 * limit). A non-zero return of fn stops and is returned. */
int store_delivery_list(struct store *s, int status, int limit, store_delivery_fn fn, void *ud);

/* Which deliveries store_delivery_find walks (the web console's Thư và webhook): every field
 * narrows, 0 / NULL / -1 does not. */
struct store_delivery_filter {
	int status;                           /* enum delivery_status; -1: every status */
	const char (*sites)[HL_CODE_MAX + 1]; /* NULL: every delivery (those of site "" too); else only
					       * those of these nsites sites (none when nsites is 0;
					       * at most DELIVERY_SITES_MAX) */
	size_t nsites;
	int64_t id;     /* 0, or this delivery only */
	int64_t before; /* 0, or ids below it only (the next page of a newest-first list) */
	int limit;      /* 0: no limit */
};
/* The row as store_delivery_list gives it, plus last_try: when the last attempt was made (the first
 * log row of its attempt number; 0 before any). */
struct store_delivery_seen {
	struct store_delivery_row r;
	int64_t last_try;
};
typedef int (*store_delivery_seen_fn)(void *ud, const struct store_delivery_seen *d);
/* The deliveries f names, newest first. A non-zero return of fn stops and is returned. */
int store_delivery_find(struct store *s, const struct store_delivery_filter *f, store_delivery_seen_fn fn,
			void *ud);
/* How many deliveries of each status f names (f's status, id, before and limit are not used). */
int store_delivery_count(struct store *s, const struct store_delivery_filter *f,
			 int64_t counts[DELIVERY_STATUS_COUNT]);
/* A waiting delivery is made due at now (next_at = now: hailong-notify tries it on its next round);
 * HL_ERR_NOTFOUND when id is not waiting. No log row: nothing was attempted. */
int store_delivery_retry(struct store *s, int64_t id, int64_t now);

/* One log row; strings borrowed for the callback. */
struct store_delivery_log {
	int64_t delivery, at;
	int attempt;
	bool ok;
	const char *detail;
};
typedef int (*store_delivery_log_fn)(void *ud, const struct store_delivery_log *l);
/* The log of delivery id (0: every delivery), oldest first. */
int store_delivery_log_list(struct store *s, int64_t id, store_delivery_log_fn fn, void *ud);

/* When the notifier first ran: notify_state 'since', set to now by the first call (so that a new
 * install does not mail years of old flags). */
int store_delivery_since(struct store *s, int64_t now, int64_t *since);
/* The flags to plan: opened at or after since and before `before`, not yet planned (notify_flag),
 * in any state, oldest first, at most limit (0: no limit). */
int store_delivery_flags(struct store *s, int64_t since, int64_t before, int limit, store_flag_fn fn, void *ud);
/* Queues m[0..n) (borrowed; as store_delivery_add, each once per key) and marks flag planned, in one
 * transaction: either both or neither. *added (may be NULL) gets how many were new. */
int store_delivery_plan_flag(struct store *s, int64_t flag, const struct message *m, size_t n, int64_t now,
			     size_t *added);

#endif
