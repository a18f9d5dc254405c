/* SPDX-License-Identifier: MIT
 * ingest.h — the aggregator's pure ingest core: turns a batch of raw messages into ratings to store
 * and rejects to record, and groups the stored ratings' ids into receipts per counter. No MQTT, no
 * SQLite: the serve loop feeds it messages and hands its output to the store and the link. */
#ifndef HL_INGEST_H
#define HL_INGEST_H

#include "hl.h"
#include "wire.h"

#include <stddef.h>

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

/* Called once per receipt message: ids of one site/counter, 1..WIRE_RECEIPT_MAX_IDS of them, all
 * borrowed for the call. A non-zero return stops the walk and is returned. */
typedef int (*ingest_receipt_fn)(void *ud, const char *site, const char *counter,
				 const char (*ids)[HL_ID_LEN + 1], size_t n);

/* Groups the ids of ratings r[0..n) by site and counter, in order of first appearance per counter,
 * and calls fn per receipt. HL_ERR_NOMEM, or fn's code. */
int ingest_receipts(const struct rating *r, size_t n, ingest_receipt_fn fn, void *ud);

#endif
