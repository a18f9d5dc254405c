/* SPDX-License-Identifier: MIT
 * latency.h — the figures --stats writes at exit for the benchmarks (bench/terminal.sh reads them by
 * key): tap to thank-you frame, rating spooled to its receipt, spool commit, and the wall-clock time
 * of the first frame. Pure: no SDL, no clock — every time comes in as an argument, in microseconds
 * from one monotonic clock (the first frame in nanoseconds of the real-time clock). Does not log. */
#ifndef HL_LATENCY_H
#define HL_LATENCY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many samples of each kind are kept; later ones are dropped. */
#define LATENCY_MAX 100000

/* Owns its sample arrays (a few MB): allocate it only when --stats is given. */
struct latency;

/* A new empty record, or NULL when out of memory. Free it with latency_free. */
struct latency *latency_new(void);
/* latency_free(NULL) is safe. */
void latency_free(struct latency *l);

/* Every recording function below does nothing when l is NULL, so callers need not check --stats. */

/* The thank-you frame was presented us microseconds after the tap that finished the rating. */
void latency_tap_to_thanks(struct latency *l, int64_t us);
/* Putting a rating into the spool took us microseconds. */
void latency_spool_commit(struct latency *l, int64_t us);
/* Rating id (borrowed, copied) waits for its receipt since t0_us, when its last input arrived. At
 * most 256 ratings wait at once; more are not timed. A t0_us of 0 means "not timed". */
void latency_sent(struct latency *l, const char *id, int64_t t0_us);
/* The receipt for id arrived at now_us: records the round trip of every waiting entry with that id. */
void latency_receipt(struct latency *l, const char *id, int64_t now_us);
/* The first frame was presented at realtime_ns (CLOCK_REALTIME); later calls change nothing. */
void latency_first_frame(struct latency *l, int64_t realtime_ns);
/* True until latency_first_frame has been given a non-zero time (false when l is NULL). */
bool latency_wants_first_frame(const struct latency *l);

/* The p-th percentile (0 <= p <= 1) of the n microsecond values v, in milliseconds; 0 when n is 0.
 * Sorts v in place. */
double latency_pct(int64_t *v, size_t n, double p);

/* Writes the "key value" lines to path (replacing it): first_frame_realtime_ns, tap_to_thanks_n,
 * tap_to_thanks_p50_ms, tap_to_thanks_p99_ms, round_trip_n, round_trip_p50_ms, round_trip_p99_ms,
 * spool_commit_p50_ms, spool_commit_p99_ms. Sorts the samples. HL_OK, or HL_ERR_IO when path cannot
 * be opened. */
int latency_write(struct latency *l, const char *path);

#endif
