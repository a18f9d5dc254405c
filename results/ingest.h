/* SPDX-License-Identifier: MIT
 * ingest.h — the aggregator's pure ingest core: turns a batch of raw messages into ratings to store
 * and rejects to record, and groups the stored ratings' ids into receipts per counter. No MQTT, no
 * SQLite: the serve loop feeds it messages and hands its output to the store and the link. */
#ifndef HL_INGEST_H
#define HL_INGEST_H

#include "hl.h"
#include "wire.h"

#include <stddef.h>
#include <stdint.h>

/* ---- whose clock a rating is counted by ---------------------------------------------------------
 *
 * A terminal's own time (ts) is believed only when its clock was synchronised (clock_ok) and ts lies
 * within a window around the time the aggregator received the rating:
 *
 *     received - max_age <= ts <= received + INGEST_CLOCK_SKEW
 *
 * Then the rating counts at min(ts, received) (a rating cannot have been given after it arrived);
 * otherwise it counts at received and its terminal gets a clock flag. max_age is the config's
 * clock_max_age_days (INGEST_CLOCK_MAX_AGE by default, 35 days): a terminal keeps every rating in its
 * spool until receipted, so after an outage it delivers ratings as old as the outage, and they must
 * still count on the day they were given. 35 days covers a month-long outage (the longest a site's
 * WAN or a box has been seen down, a Tết holiday included) and the broker's queue for the aggregator
 * (session_expiry, at most 30 days), so nothing a working system delivers late is moved; a rating
 * older than that, or dated in the future, has a clock that cannot be believed. The skew allows a
 * synchronised clock a few minutes ahead of the aggregator's. A period's figures are therefore final
 * max_age after it ends. */
#define INGEST_CLOCK_SKEW 300              /* seconds a believed ts may lie after received */
#define INGEST_CLOCK_MAX_AGE (35 * 86400)  /* default max_age, seconds */

enum ingest_clock {
	INGEST_CLOCK_TRUSTED,  /* counted at min(ts, received) */
	INGEST_CLOCK_UNSYNCED, /* clock_ok false */
	INGEST_CLOCK_TOO_OLD,  /* ts before received - max_age */
	INGEST_CLOCK_AHEAD,    /* ts after received + INGEST_CLOCK_SKEW */
};

/* The rule above: returns enum ingest_clock and sets *counted (may be NULL) to the time the rating
 * counts at. */
int ingest_clock(const struct rating *r, int64_t received, int64_t max_age, int64_t *counted);
/* "trusted", "not_synchronised", "too_old", "ahead"; NULL when out of range. */
const char *ingest_clock_name(int verdict);

struct ingest_reject {
	const char *topic;   /* borrowed from the message, valid while the caller keeps it */
	const void *payload; /* borrowed likewise */
	size_t len;
	char why[160];
};

/* One batch; reuse it with ingest_batch_clear. Owns its arrays, not the messages. */
struct ingest_batch {
	struct rating *ratings;
	size_t nratings, cap_ratings;
	struct ingest_reject *rejects;
	size_t nrejects, cap_rejects;
};

void ingest_batch_init(struct ingest_batch *b);
void ingest_batch_clear(struct ingest_batch *b);
void ingest_batch_free(struct ingest_batch *b);

/* Decodes one message into the batch: a valid rating goes to ratings, anything else to rejects with
 * its reason. topic and payload must stay valid until the batch is cleared. HL_ERR_NOMEM only. */
int ingest_add(struct ingest_batch *b, const char *topic, const void *payload, size_t len);
/* Files one message under the batch's rejects with the reason why (copied, cut to fit), for messages
 * that are refused before any rating decode (a bad status, an oversize stub). Borrowing as above.
 * HL_ERR_NOMEM only. */
int ingest_reject(struct ingest_batch *b, const char *topic, const void *payload, size_t len, const char *why);

/* Called once per receipt message: ids of one site/counter, 1..WIRE_RECEIPT_MAX_IDS of them, all
 * borrowed for the call. A non-zero return stops the walk and is returned. */
typedef int (*ingest_receipt_fn)(void *ud, const char *site, const char *counter,
				 const char (*ids)[HL_ID_LEN + 1], size_t n);

/* Groups the ids of ratings r[0..n) by site and counter, in order of first appearance per counter,
 * and calls fn per receipt. HL_ERR_NOMEM, or fn's code. */
int ingest_receipts(const struct rating *r, size_t n, ingest_receipt_fn fn, void *ud);

#endif
