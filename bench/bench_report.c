/* SPDX-License-Identifier: MIT
 * bench-report — how fast a quarter's report is over ten million stored ratings, from the roll-ups
 * (what `report` does) and, as the baseline in the same process, from the single ratings through a
 * covering index; and whether both give the same numbers.
 *
 * The database is generated once through the store's own ingest path (store_save: ratings and
 * roll-ups in the same transactions) into BENCH_DIR and reused while it has the expected count. The
 * data are a province-sized department: 3 sites, 300 counters, 500 officers each handling 10 of 150
 * procedures, two years of ratings. Start reading main(). */
#include "ingest.h"
#include "report.h"
#include "report_load.h"
#include "store_roster.h"
#include "period.h"
#include "rollup.h"
#include "store.h"
#include "uuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_RATINGS 10000000L
#define N_COUNTERS 300
#define N_OFFICERS 500
#define N_PROCEDURES 150
#define RUNS 21

static const char *const sites[3] = { "sct", "sxd", "sgtvt" };

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static void fake_rating(struct rating *r, int32_t first_day, int days)
{
	uint8_t id[16];
	uint64_t a = rng(), b = rng();
	int officer = (int)(rng() % N_OFFICERS), counter = officer % N_COUNTERS;
	static const int dist[10] = { 5, 5, 5, 5, 4, 4, 4, 3, 2, 1 };

	memcpy(id, &a, 8);
	memcpy(id + 8, &b, 8);
	id[6] = (uint8_t)((id[6] & 0x0f) | 0x40);
	id[8] = (uint8_t)((id[8] & 0x3f) | 0x80);
	memset(r, 0, sizeof *r);
	uuid_from_bytes(id, r->id);
	snprintf(r->site, sizeof r->site, "%s", sites[counter % 3]);
	snprintf(r->counter, sizeof r->counter, "q%03d", counter);
	snprintf(r->officer, sizeof r->officer, "cb%04d", officer);
	snprintf(r->procedure, sizeof r->procedure, "1.%06d", (officer * 7 + (int)(rng() % 10)) % N_PROCEDURES);
	r->scale = 5;
	r->answers[SURVEY_Q_OFFICER] = dist[rng() % 10];
	r->answers[SURVEY_Q_PROCEDURE] = rng() % 8 ? dist[rng() % 10] : 0;
	if (r->answers[SURVEY_Q_OFFICER] <= 2)
		r->reasons = 1u << (rng() % SURVEY_R_COUNT);
	/* Local office hours 07:30–17:00 on a day of the span, as Unix time at UTC+7. */
	int32_t day = first_day + (int32_t)(rng() % (uint64_t)days);
	r->ts = (int64_t)day * 86400 + 27000 + (int64_t)(rng() % 34200) - 7 * 3600;
	r->clock_ok = true;
}

#define BENCH_RECEIVED 1798761600 /* 2027-01-01, after every generated rating */

static int generate(struct store *s)
{
	enum { BATCH = 50000 };
	struct ingest_batch b;
	int32_t first = period_day_from_civil(2025, 1, 1);
	int days = period_day_from_civil(2027, 1, 1) - first;
	double t0 = now_ms();

	ingest_batch_init(&b);
	b.ratings = malloc(BATCH * sizeof *b.ratings);
	if (!b.ratings)
		return 1;
	b.cap_ratings = BATCH;
	for (long done = 0; done < N_RATINGS; done += BATCH) {
		size_t stored;
		b.nratings = BATCH;
		for (size_t i = 0; i < BATCH; i++)
			fake_rating(&b.ratings[i], first, days);
		/* Received at the end of the span, from terminals whose clocks are believed over all of it
		 * (the policy set in main): each rating counts on its own day. */
		if (store_save(s, &b, BENCH_RECEIVED, &stored) != HL_OK) {
			fprintf(stderr, "bench-report: store_save failed: %s\n", store_errmsg(s));
			ingest_batch_free(&b);
			return 1;
		}
		if ((done / BATCH) % 20 == 19)
			fprintf(stderr, "  generated %ld of %ld ratings (%.0f s)\n", done + BATCH, N_RATINGS,
				(now_ms() - t0) / 1e3);
	}
	ingest_batch_free(&b);
	printf("generated %ld ratings through store_save in %.1f s (%.0f ratings/s)\n", N_RATINGS,
	       (now_ms() - t0) / 1e3, (double)N_RATINGS / ((now_ms() - t0) / 1e3));
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

typedef int (*query_fn)(struct store *, struct period_range, struct rollup_list *);

static int q_rollup(struct store *s, struct period_range r, struct rollup_list *out)
{
	return store_query(s, ROLLUP_COUNTER, r, NULL, rollup_list_push, out);
}

static int q_raw(struct store *s, struct period_range r, struct rollup_list *out)
{
	return store_query_raw_counters(s, r, NULL, rollup_list_push, out);
}

/* Median wall time of runs calls of q; the last result is left in *out. */
static double time_query(struct store *s, query_fn q, struct period_range r, int runs, struct rollup_list *out)
{
	double t[RUNS];

	for (int i = 0; i < runs; i++) {
		out->n = 0;
		double t0 = now_ms();
		if (q(s, r, out) != HL_OK) {
			fprintf(stderr, "bench-report: query failed: %s\n", store_errmsg(s));
			exit(1);
		}
		t[i] = now_ms() - t0;
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp_double);
	return t[runs / 2];
}

static bool same_rows(const struct rollup_list *a, const struct rollup_list *b, int64_t *total)
{
	*total = 0;
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].key.site, b->v[i].key.site) || strcmp(a->v[i].key.code, b->v[i].key.code) ||
		    a->v[i].key.scale != b->v[i].key.scale || memcmp(&a->v[i].c, &b->v[i].c, sizeof a->v[i].c))
			return false;
		*total += a->v[i].c.n;
	}
	return true;
}

/* A roster for the generated codes: Vietnamese names from common family, middle and given names. */
static int bench_roster(struct store *s)
{
	static const char *const fam[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi" };
	static const char *const mid[] = { "Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh" };
	static const char *const giv[] = { "Ấu", "Bình", "Cường", "Dũng", "Hằng", "Khánh", "Lộc", "Mỹ", "Ngữ", "Phượng", "Quỳnh", "Tuấn" };
	static struct store_officer off[N_OFFICERS];
	static struct roster_entry pro[N_PROCEDURES];

	for (int i = 0; i < N_OFFICERS; i++) {
		snprintf(off[i].site, sizeof off[i].site, "%s", sites[(i % N_COUNTERS) % 3]);
		snprintf(off[i].e.code, sizeof off[i].e.code, "cb%04d", i);
		snprintf(off[i].e.name, sizeof off[i].e.name, "%s %s %s", fam[i % 8], mid[i / 8 % 6], giv[i / 48 % 12]);
	}
	for (int i = 0; i < N_PROCEDURES; i++) {
		snprintf(pro[i].code, sizeof pro[i].code, "1.%06d", i);
		snprintf(pro[i].name, sizeof pro[i].name, "Thủ tục hành chính số %d về thương mại, công nghiệp", i + 1);
	}
	return store_roster_replace(s, off, N_OFFICERS, pro, N_PROCEDURES);
}

/* Median time of a whole report (load from the store + write) in each format, to /dev/null. */
static void bench_formats(struct store *s, int32_t from, int32_t to)
{
	static const char *const fmts[] = { "table", "csv", "json", "html" };
	static const int dims[] = { ROLLUP_OFFICER, ROLLUP_PROCEDURE, ROLLUP_COUNTER, ROLLUP_SITE };
	FILE *null = fopen("/dev/null", "w");
	double worst = 0;

	if (!null)
		return;
	printf("\nfull quarter report 2026-Q2 (names from the roster; median of %d runs, written to /dev/null)\n", RUNS);
	printf("%-12s %6s %9s %9s %9s %9s\n", "report", "groups", "table ms", "csv ms", "json ms", "html ms");
	for (size_t d = 0; d < sizeof dims / sizeof dims[0]; d++) {
		size_t groups = 0;
		printf("%-12s", report_dim_name(dims[d]));
		double t[4];
		for (int f = 0; f < 4; f++) {
			double runs[RUNS];
			for (int i = 0; i < RUNS; i++) {
				struct report r = { .dim = dims[d], .days = { from, to }, .generated = 1767200000, .utc_offset = 7 * 3600 };
				struct report_buffers *b = NULL;
				double t0 = now_ms();
				if (report_load(s, &r, f == REPORT_HTML, &b) != HL_OK || report_write(null, (enum report_format)f, &r) != HL_OK) {
					fprintf(stderr, "bench-report: report failed: %s\n", store_errmsg(s));
					exit(1);
				}
				runs[i] = now_ms() - t0;
				groups = r.nrows;
				report_load_free(b);
			}
			qsort(runs, RUNS, sizeof runs[0], cmp_double);
			t[f] = runs[RUNS / 2];
			if (t[f] > worst)
				worst = t[f];
		}
		printf(" %6zu %9.2f %9.2f %9.2f %9.2f\n", groups, t[0], t[1], t[2], t[3]);
	}
	printf("  goal: each <= 50 ms; slowest %.2f ms: %s\n", worst, worst <= 50 ? "met" : "NOT MET");
	(void)fmts;
	fclose(null);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "build/bench/ratings-10M.db";
	struct store *s;
	struct rollup_list a = { 0 }, b = { 0 };
	char err[512];
	int64_t nrat, nrej, total;
	int rc = 1;

	if (store_open(path, 7 * 3600, &s, err, sizeof err) != HL_OK) {
		fprintf(stderr, "bench-report: %s\n", err);
		return 1;
	}
	struct store_policy policy;
	store_policy_default(&policy);
	policy.clock_max_age = 3 * 366 * 86400;
	store_set_policy(s, &policy);
	if (store_count(s, &nrat, &nrej) != HL_OK)
		goto out;
	if (nrat != N_RATINGS) {
		if (nrat != 0) {
			fprintf(stderr, "bench-report: %s holds %lld ratings, not %ld; delete it to regenerate\n", path,
				(long long)nrat, N_RATINGS);
			goto out;
		}
		fprintf(stderr, "bench-report: generating %ld ratings into %s (once; reused afterwards)\n",
			N_RATINGS, path);
		if (generate(s) || store_count(s, &nrat, &nrej) != HL_OK)
			goto out;
	}
	if (store_index_raw(s) != HL_OK)
		goto out;
	struct roster *ros = NULL;
	if (store_roster_load(s, NULL, &ros) != HL_OK)
		goto out;
	if (ros->n[ROSTER_OFFICER] == 0 && bench_roster(s) != HL_OK)
		goto out;
	roster_free(ros);

	struct {
		const char *name;
		struct period_range r;
	} cases[3];
	period_parse("2026-Q2", &cases[0].r);
	cases[0].name = "quarter 2026-Q2";
	cases[1].name = "2026-04-15..2026-06-20";
	cases[1].r = (struct period_range){ period_day_from_civil(2026, 4, 15), period_day_from_civil(2026, 6, 20) };
	period_parse("2026", &cases[2].r);
	cases[2].name = "year 2026";

	printf("report per counter over %lld stored ratings (median of %d runs each)\n", (long long)nrat, RUNS);
	printf("%-24s %10s %12s %14s %8s %7s\n", "period", "ratings", "roll-ups ms", "raw+index ms", "ratio",
	       "agree");
	rc = 0;
	for (int i = 0; i < 3; i++) {
		double tr = time_query(s, q_rollup, cases[i].r, RUNS, &a);
		double tw = time_query(s, q_raw, cases[i].r, i == 0 ? 5 : 3, &b);
		bool agree = same_rows(&a, &b, &total);
		printf("%-24s %10lld %12.2f %14.1f %7.0fx %7s\n", cases[i].name, (long long)total, tr, tw, tw / tr,
		       agree ? "yes" : "NO");
		if (!agree)
			rc = 1;
		if (i == 0)
			printf("  goal for the quarter from roll-ups: <= 20 ms: %s\n", tr <= 20.0 ? "met" : "NOT MET");
	}
	if (rc == 0)
		bench_formats(s, cases[0].r.from, cases[0].r.to);
out:
	if (rc)
		fprintf(stderr, "bench-report: failed%s%s\n", s ? ": " : "", s ? store_errmsg(s) : "");
	rollup_list_free(&a);
	rollup_list_free(&b);
	store_close(s);
	return rc;
}
