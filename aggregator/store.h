/* SPDX-License-Identifier: MIT
 * store.h — the aggregator's SQLite database: ratings keyed by their UUID, rejected messages, and the
 * daily and monthly roll-ups that reports read. All SQL of the aggregator lives in the store's files
 * (store*.c). A store is used from one thread at a time. */
#ifndef HL_STORE_H
#define HL_STORE_H

#include "hl.h"
#include "ingest.h"
#include "period.h"
#include "rollup.h"
#include "wire.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_SCHEMA_VERSION 4
#define STORE_REJECT_KEEP 4096 /* bytes of a rejected payload kept */

struct store;

/* Opens (creating if needed) the database at path — ":memory:" for a private one — in WAL mode with
 * synchronous=FULL, and migrates it to STORE_SCHEMA_VERSION. utc_offset (seconds east of UTC) decides
 * which local day a rating counts for. On failure *out is NULL and err (cap bytes) says why. */
int store_open(const char *path, int utc_offset, struct store **out, char *err, size_t cap);
/* Closes; store_close(NULL) is safe. */
void store_close(struct store *s);
/* The message of the last database error, borrowed until the next call. */
const char *store_errmsg(struct store *s);

/* Saves, in one transaction (BEGIN IMMEDIATE … COMMIT), the ratings and the rejects of a batch and
 * the roll-up counts of every rating not stored before. A rating whose id is already stored changes
 * nothing. *stored gets the number newly stored. On error nothing of the batch is kept. */
int store_save(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored);
/* The same; when fresh is not NULL (b->nratings entries, the caller's), fresh[i] tells whether
 * b->ratings[i] was newly stored — all false on error. */
int store_save_marked(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored,
		      bool *fresh);

/* The local day a rating counts for: its own time when the terminal's clock was synchronised,
 * otherwise the time it was received. */
int32_t store_rating_day(const struct store *s, const struct rating *r, int64_t received);

/* Recomputes every roll-up row from the stored ratings, in one transaction. */
int store_rebuild_rollups(struct store *s);

/* Called per result row; the row is borrowed for the call. Non-zero stops and is returned. */
typedef int (*store_row_fn)(void *ud, const struct rollup_row *row);

/* Sums the roll-ups of dimension dim over the days of r (whole months from month rows, the rest from
 * day rows), for one site or all (site NULL), and calls fn per (site, code, scale) in that order.
 * The rows' key has grain -1 and period 0. */
int store_query(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		void *ud);
/* The day rows of dimension dim over r (key.period = the day), for one site or all, in (day, site,
 * code, scale) order: trends by day or week. */
int store_query_days(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		     void *ud);
/* The same for dimension ROLLUP_COUNTER computed from the single ratings (for checks and benchmarks). */
int store_query_raw_counters(struct store *s, struct period_range r, const char *site, store_row_fn fn,
			     void *ud);

/* Creates, if missing, the covering index that makes store_query_raw_counters as fast as the single
 * ratings allow. Not part of the schema (reports read roll-ups); for checks and benchmarks. */
int store_index_raw(struct store *s);

/* Copies the whole database, consistently, into a new file at path (which must not exist) while
 * the daemon may keep writing; the copy is a normal database file. err (cap bytes) says why on
 * failure. */
int store_backup(struct store *s, const char *path, char *err, size_t cap);

/* Number of stored ratings, and of rejected messages. */
int store_count(struct store *s, int64_t *ratings, int64_t *rejected);

struct store_reject_row {
	int64_t id;
	int64_t received;
	const char *topic;
	const void *payload; /* the first `kept` bytes of the message */
	size_t kept, size;   /* bytes kept, bytes received */
	const char *reason;
};
typedef int (*store_reject_fn)(void *ud, const struct store_reject_row *row);
/* The newest `limit` rejected messages, oldest first. */
int store_rejected(struct store *s, int limit, store_reject_fn fn, void *ud);

#endif
