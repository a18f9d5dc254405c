/* SPDX-License-Identifier: MIT
 * latency.c — the --stats bookkeeping: fixed arrays of samples, a small table of ratings waiting for
 * their receipt, and the percentiles written at exit. Owns only its own memory; reads no clock, so the
 * terminal's loop passes every time in. */
#include "latency.h"

#include "hl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Latencies for --stats, in microseconds. */
struct latency {
	int64_t tap_to_thanks[LATENCY_MAX];
	size_t n_thanks;
	int64_t round_trip[LATENCY_MAX];
	size_t n_rt;
	int64_t spool_commit[LATENCY_MAX];
	size_t n_spool;
	struct {
		char id[HL_ID_LEN + 1];
		int64_t t0;
	} open[256];
	int64_t first_frame_realtime_ns;
};

struct latency *latency_new(void)
{
	return calloc(1, sizeof(struct latency));
}

void latency_free(struct latency *l)
{
	free(l);
}

void latency_tap_to_thanks(struct latency *l, int64_t us)
{
	if (l && l->n_thanks < LATENCY_MAX)
		l->tap_to_thanks[l->n_thanks++] = us;
}

void latency_spool_commit(struct latency *l, int64_t us)
{
	if (l && l->n_spool < LATENCY_MAX)
		l->spool_commit[l->n_spool++] = us;
}

void latency_sent(struct latency *l, const char *id, int64_t t0_us)
{
	if (!l)
		return;
	for (size_t i = 0; i < sizeof l->open / sizeof l->open[0]; i++) {
		if (!l->open[i].t0) {
			snprintf(l->open[i].id, sizeof l->open[i].id, "%s", id);
			l->open[i].t0 = t0_us;
			break;
		}
	}
}

void latency_receipt(struct latency *l, const char *id, int64_t now_us)
{
	if (!l)
		return;
	for (size_t i = 0; i < sizeof l->open / sizeof l->open[0]; i++) {
		if (l->open[i].t0 && strcmp(l->open[i].id, id) == 0) {
			if (l->n_rt < LATENCY_MAX)
				l->round_trip[l->n_rt++] = now_us - l->open[i].t0;
			l->open[i].t0 = 0;
		}
	}
}

void latency_first_frame(struct latency *l, int64_t realtime_ns)
{
	if (l && !l->first_frame_realtime_ns)
		l->first_frame_realtime_ns = realtime_ns;
}

bool latency_wants_first_frame(const struct latency *l)
{
	return l && !l->first_frame_realtime_ns;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

double latency_pct(int64_t *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_i64);
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return (double)v[i] / 1000.0;
}

int latency_write(struct latency *l, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return HL_ERR_IO;
	fprintf(f, "first_frame_realtime_ns %lld\n", (long long)l->first_frame_realtime_ns);
	fprintf(f, "tap_to_thanks_n %zu\ntap_to_thanks_p50_ms %.3f\ntap_to_thanks_p99_ms %.3f\n", l->n_thanks,
		latency_pct(l->tap_to_thanks, l->n_thanks, 0.5), latency_pct(l->tap_to_thanks, l->n_thanks, 0.99));
	fprintf(f, "round_trip_n %zu\nround_trip_p50_ms %.3f\nround_trip_p99_ms %.3f\n", l->n_rt,
		latency_pct(l->round_trip, l->n_rt, 0.5), latency_pct(l->round_trip, l->n_rt, 0.99));
	fprintf(f, "spool_commit_p50_ms %.3f\nspool_commit_p99_ms %.3f\n", latency_pct(l->spool_commit, l->n_spool, 0.5),
		latency_pct(l->spool_commit, l->n_spool, 0.99));
	fclose(f);
	return HL_OK;
}
