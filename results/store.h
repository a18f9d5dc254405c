/* SPDX-License-Identifier: MIT
 * store.h — the ratings database: ratings keyed by their UUID, rejected messages, and the daily and
 * monthly roll-ups that reports read. The aggregator writes it; the web console reads it on
 * connections of its own and writes only its own tables. All SQL of both programs lives in the
 * store's files (store*.c). A store handle is used from one thread at a time. */
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

#define STORE_SCHEMA_VERSION 15
#define STORE_REJECT_KEEP 4096     /* bytes of a rejected payload kept */
#define STORE_TOPIC_KEEP 256       /* bytes of a rejected topic kept; a longer one ends in "…" */
#define STORE_REJECT_REASONS 256   /* reasons counted apart in rejected_dropped; more go to "other" */
#define STORE_TERMINALS_MAX 4096   /* rows of terminal_status at most */
#define STORE_TERMINALS_UNKNOWN 64 /* of which at most this many of sites not in the roster */

struct store;

/* Opens (creating if needed) the database at path — ":memory:" for a private one — in WAL mode with
 * synchronous=FULL, and migrates it to STORE_SCHEMA_VERSION. utc_offset (seconds east of UTC) decides
 * which local day a rating counts for. On failure *out is NULL and err (cap bytes) says why. */
int store_open(const char *path, int utc_offset, struct store **out, char *err, size_t cap);
/* For a program that opens many stores, one per thread (the web console): SQLite without its
 * per-connection mutexes and allocation statistics. Call once before the first store_open;
 * HL_ERR_INVALID when it is too late. */
int store_init_shared(void);
/* The page cache of this connection, in KiB (each opens with 64 MiB). */
int store_set_cache(struct store *s, int kib);
/* Closes; store_close(NULL) is safe. */
void store_close(struct store *s);
/* The message of the last database error, borrowed until the next call. */
const char *store_errmsg(struct store *s);

/* What the store keeps and how it counts, beyond the schema: set once after opening (the defaults
 * are store_policy_default's). */
struct store_policy {
	int64_t clock_max_age;    /* seconds; the max_age of ingest_clock (ingest.h) */
	int64_t rejected_max;     /* rows of `rejected` kept at most (oldest dropped first) */
	int64_t rejected_max_age; /* seconds a rejected row is kept at most */
};
/* 35 days, 10 000 rows, 30 days. */
void store_policy_default(struct store_policy *p);
void store_set_policy(struct store *s, const struct store_policy *p);

/* Saves, in one transaction (BEGIN IMMEDIATE … COMMIT), the ratings and the rejects of a batch and
 * the roll-up counts of every rating not stored before. A rating whose id is already stored changes
 * nothing. *stored gets the number newly stored. On error nothing of the batch is kept. */
int store_save(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored);
/* The same; when fresh is not NULL (b->nratings entries, the caller's), fresh[i] tells whether
 * b->ratings[i] was newly stored — all false on error. */
int store_save_marked(struct store *s, const struct ingest_batch *b, int64_t received, size_t *stored,
		      bool *fresh);

/* The local day a rating counts for: the day of the time ingest_clock (ingest.h) counts it at, with
 * the store's clock_max_age — its own time when its clock is believed, otherwise the time received. */
int32_t store_rating_day(const struct store *s, const struct rating *r, int64_t received);

/* Recomputes every roll-up row from the stored ratings, in one transaction (the pairs by day only:
 * month pair rows a database held from before are dropped). */
int store_rebuild_rollups(struct store *s);

/* Called per result row; the row is borrowed for the call. Non-zero stops and is returned. */
typedef int (*store_row_fn)(void *ud, const struct rollup_row *row);

/* Sums the roll-ups of dimension dim over the days of r (whole months from month rows, the rest from
 * day rows; a pair dimension, kept by day only, from its day rows), for one site or all (site NULL),
 * and calls fn per (site, code, scale) in that order. The rows' key has grain -1 and period 0. For a
 * pair dimension each code is "FIRST/SECOND". */
int store_query(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		void *ud);
/* The day rows of dimension dim over r (key.period = the day), for one site or all, in (day, site,
 * code, scale) order: trends by day or week. */
int store_query_days(struct store *s, int dim, struct period_range r, const char *site, store_row_fn fn,
		     void *ud);
/* Drill-downs: the pair dimension dim (ROLLUP_OFFICER_PROCEDURE, ROLLUP_OFFICER_COUNTER,
 * ROLLUP_PROCEDURE_COUNTER) narrowed to the rows whose first code is `first` (an officer's, or a
 * procedure's), summed as store_query sums (from the day rows: pairs are kept by day only), or as
 * store_query_days gives the day rows. Each row's key.code is the second code alone (the procedure
 * or counter), so rows come in (site, code, scale) — for days (day, site, code, scale) — order as
 * the single dimensions' do. HL_ERR_INVALID when dim is not a pair dimension. */
int store_query_pair(struct store *s, int dim, const char *first, struct period_range r, const char *site,
		     store_row_fn fn, void *ud);
int store_query_pair_days(struct store *s, int dim, const char *first, struct period_range r, const char *site,
			  store_row_fn fn, void *ud);
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

/* Whether site is one of the roster's (it has officers in roster_officer), or no roster is loaded
 * at all (every site is then taken as known). s is a struct store *, untyped so that it can be the
 * ud of flag_engine_set_known. A database error answers true. */
bool store_site_known(void *s, const char *site);

/* Number of stored ratings, and of rejected messages kept. */
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

/* Rejected messages no longer kept (beyond rejected_max or older than rejected_max_age), counted per
 * reason: the reason with its figures and quoted parts blanked ("payload too large (N bytes; limit
 * N)", "unknown field \"…\""), first and last received. */
struct store_reject_total {
	const char *reason; /* borrowed for the callback */
	int64_t count, first, last;
};
typedef int (*store_reject_total_fn)(void *ud, const struct store_reject_total *t);
/* Every reason's total, the largest first. */
int store_rejected_dropped(struct store *s, store_reject_total_fn fn, void *ud);
/* The reason as counted in the totals into out (cap bytes). */
void store_reason_key(const char *why, char *out, size_t cap);

#endif
