/* SPDX-License-Identifier: MIT
 * test_store.c — the aggregator's SQLite store on a real database, in memory and in files under a
 * temporary folder: a new file gets schema version 2 in WAL mode; saving is idempotent by rating id,
 * within a batch, across batches and across a reopen, and a failed batch keeps nothing; roll-up
 * reports equal counts taken from the single ratings and a brute-force count in C, for whole months,
 * ragged ranges, one day, all time and one site; rebuilt roll-ups equal incremental ones; rejects are
 * kept with their reason and a truncated payload and topic, bounded in rows and age with the dropped
 * ones counted per reason; a terminal time outside the clock window counts on the day received; a
 * version-1 and a version-4 database are migrated with their ratings counted; a database from a
 * newer program is refused. */
#include "raw_db.h"
#include "hl.h"
#include "period.h"
#include "rollup.h"
#include "store.h"
#include "survey.h"
#include "uuid.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VN_OFFSET 25200 /* UTC+7 */
#define DAY 86400

static char tmpdir[64];

/* ---- helpers ----------------------------------------------------------------------------------- */

static const char *path_in(const char *name, char buf[256])
{
	snprintf(buf, 256, "%s/%s", tmpdir, name);
	return buf;
}

static struct store *open_store(const char *path)
{
	struct store *s = NULL;
	char err[256] = "";

	if (store_open(path, VN_OFFSET, &s, err, sizeof err) != HL_OK)
		fail_msg("store_open(%s): %s", path, err);
	assert_non_null(s);
	return s;
}

static void count(struct store *s, int64_t want_ratings, int64_t want_rejected)
{
	int64_t ratings = -1, rejected = -1;

	assert_int_equal(store_count(s, &ratings, &rejected), HL_OK);
	assert_int_equal(ratings, want_ratings);
	assert_int_equal(rejected, want_rejected);
}

/* A small deterministic generator (xorshift64*), so a failure can be reproduced. */
static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717u) >> 33) % n;
}

/* A version-4 UUID that is distinct for every seq. */
static void make_id(uint32_t seq, char out[HL_ID_LEN + 1])
{
	uint8_t b[16];

	for (int i = 0; i < 16; i++)
		b[i] = (uint8_t)rnd(256);
	b[0] = (uint8_t)(seq >> 24);
	b[1] = (uint8_t)(seq >> 16);
	b[2] = (uint8_t)(seq >> 8);
	b[3] = (uint8_t)seq;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	uuid_from_bytes(b, out);
}

/* A rating with every field chosen at random among a few sites, counters, officers and procedures. */
static bool ask_result = true; /* whether random ratings may answer the result question */

static struct rating random_rating(uint32_t seq)
{
	static const int scales[3] = { 3, 4, 5 };
	struct rating r = { .scale = scales[rnd(3)] };
	unsigned officer = rnd(13), procedure = rnd(9);

	make_id(seq, r.id);
	snprintf(r.site, sizeof r.site, "site-%u", rnd(3));
	/* The same counter codes on every site: a report must keep them apart. */
	snprintf(r.counter, sizeof r.counter, "q%02u", rnd(6));
	if (officer)
		snprintf(r.officer, sizeof r.officer, "cb%04u", officer);
	if (procedure)
		snprintf(r.procedure, sizeof r.procedure, "1.00%04u", procedure);
	r.answers[SURVEY_Q_OFFICER] = (int)rnd((uint32_t)r.scale + 1);
	r.answers[SURVEY_Q_PROCEDURE] = (int)rnd((uint32_t)r.scale + 1);
	if (!r.answers[SURVEY_Q_OFFICER] && !r.answers[SURVEY_Q_PROCEDURE])
		r.answers[SURVEY_Q_PROCEDURE] = 1 + (int)rnd((uint32_t)r.scale);
	if (ask_result && rnd(3) == 0) /* a terminal that asks the result too */
		r.answers[SURVEY_Q_RESULT] = 1 + (int)rnd((uint32_t)r.scale);
	if (rnd(4) == 0)
		r.reasons = rnd(1u << SURVEY_R_COUNT);
	return r;
}

/* A rating with the local day it must count for, worked out here independently of the store. */
struct sample {
	struct rating r;
	int64_t received;
	int32_t day;
};

static int32_t local_day(int64_t t)
{
	return (int32_t)((t + VN_OFFSET) / DAY); /* t > 0 here */
}

static struct ingest_batch batch_of(struct rating *r, size_t n)
{
	return (struct ingest_batch){ .ratings = r, .nratings = n, .cap_ratings = n };
}

/* Saves n random ratings into s in batches of 40, received one after another over about 120 days
 * from 2026-06-15 (local). Most terminals have a synchronised clock and deliver up to five days late;
 * the others have a wrong clock, 10 days behind, so their ratings count on the day received.
 * Returns the samples (the caller frees). */
static struct sample *fill(struct store *s, size_t n, uint64_t seed)
{
	enum { PER_BATCH = 40 };
	struct sample *xs = calloc(n, sizeof *xs);
	struct rating r[PER_BATCH];
	const int64_t start = (int64_t)period_day_from_civil(2026, 6, 15) * DAY - VN_OFFSET;
	const int64_t step = 120 * (int64_t)DAY / (int64_t)(n / PER_BATCH);

	assert_non_null(xs);
	rng_state = seed;
	for (size_t i = 0; i < n; i += PER_BATCH) {
		int64_t received = start + (int64_t)(i / PER_BATCH) * step + rnd(3600);
		size_t k = n - i < PER_BATCH ? n - i : PER_BATCH;
		for (size_t j = 0; j < k; j++) {
			struct sample *x = &xs[i + j];
			x->r = random_rating((uint32_t)(i + j));
			x->received = received;
			x->r.clock_ok = rnd(7) != 0;
			if (x->r.clock_ok)
				x->r.ts = received - 5 * DAY + rnd(5 * DAY);
			else
				x->r.ts = received - 10 * DAY - rnd(DAY);
			x->day = local_day(x->r.clock_ok ? x->r.ts : received);
			r[j] = x->r;
		}
		struct ingest_batch b = batch_of(r, k);
		size_t stored = 0;
		assert_int_equal(store_save(s, &b, received, &stored), HL_OK);
		assert_int_equal(stored, k);
	}
	return xs;
}

/* ---- result rows ------------------------------------------------------------------------------- */

struct rows {
	struct rollup_row *v;
	size_t n, cap;
};

static struct rollup_row *rows_push(struct rows *rs, const struct rollup_row *row)
{
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->v = realloc(rs->v, rs->cap * sizeof *rs->v);
		assert_non_null(rs->v);
	}
	rs->v[rs->n] = *row;
	return &rs->v[rs->n++];
}

static void rows_free(struct rows *rs)
{
	free(rs->v);
	*rs = (struct rows){ 0 };
}

static int collect(void *ud, const struct rollup_row *row)
{
	rows_push(ud, row);
	return 0;
}

static struct rows query(struct store *s, int dim, struct period_range r, const char *site)
{
	struct rows rs = { 0 };

	assert_int_equal(store_query(s, dim, r, site, collect, &rs), HL_OK);
	for (size_t i = 0; i < rs.n; i++) {
		assert_int_equal(rs.v[i].key.dim, dim);
		assert_int_equal(rs.v[i].key.grain, -1);
		assert_int_equal(rs.v[i].key.period, 0);
	}
	return rs;
}

static struct rows query_raw(struct store *s, struct period_range r, const char *site)
{
	struct rows rs = { 0 };

	assert_int_equal(store_query_raw_counters(s, r, site, collect, &rs), HL_OK);
	return rs;
}

static int row_cmp(const void *a, const void *b)
{
	const struct rollup_row *x = a, *y = b;
	int c = strcmp(x->key.site, y->key.site);

	if (!c)
		c = strcmp(x->key.code, y->key.code);
	return c ? c : x->key.scale - y->key.scale;
}

/* The rows a report must show, counted here one sample at a time, in (site, code, scale) order. */
static struct rows expect(const struct sample *xs, size_t n, int dim, struct period_range r,
			  const char *site)
{
	struct rows rs = { 0 };

	for (size_t i = 0; i < n; i++) {
		const struct rating *x = &xs[i].r;
		const char *code = dim == ROLLUP_SITE ? "" : dim == ROLLUP_COUNTER ? x->counter
						 : dim == ROLLUP_OFFICER ? x->officer : x->procedure;
		struct rollup_row *row = NULL;
		if (xs[i].day < r.from || xs[i].day > r.to || (site && strcmp(site, x->site) != 0))
			continue;
		for (size_t k = 0; k < rs.n && !row; k++)
			if (strcmp(rs.v[k].key.site, x->site) == 0 && strcmp(rs.v[k].key.code, code) == 0 &&
			    rs.v[k].key.scale == x->scale)
				row = &rs.v[k];
		if (!row) {
			struct rollup_row z = { .key = { .dim = dim, .grain = -1, .scale = x->scale } };
			strcpy(z.key.site, x->site);
			strcpy(z.key.code, code);
			row = rows_push(&rs, &z);
		}
		bool dissatisfied = false;
		row->c.n++;
		for (int q = 0; q < SURVEY_Q_COUNT; q++) {
			int l = x->answers[q];
			if (!l)
				continue;
			row->c.level[q][l - 1]++;
			dissatisfied |= x->scale == 3 ? l == 1 : l <= 2;
		}
		for (int k = 0; k < SURVEY_R_COUNT; k++)
			row->c.reason[k] += (x->reasons >> k) & 1;
		row->c.clean += !dissatisfied && !x->reasons;
	}
	if (rs.n)
		qsort(rs.v, rs.n, sizeof *rs.v, row_cmp);
	return rs;
}

static bool counts_equal(const struct rollup_counts *a, const struct rollup_counts *b)
{
	if (a->n != b->n || a->clean != b->clean)
		return false;
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		for (int l = 0; l < SURVEY_SCALE_MAX; l++)
			if (a->level[q][l] != b->level[q][l])
				return false;
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (a->reason[i] != b->reason[i])
			return false;
	return true;
}

static void assert_rows_equal(const struct rows *got, const struct rows *want, const char *what)
{
	if (got->n != want->n)
		fail_msg("%s: %zu rows, expected %zu", what, got->n, want->n);
	for (size_t i = 0; i < got->n; i++) {
		const struct rollup_row *g = &got->v[i], *w = &want->v[i];
		if (strcmp(g->key.site, w->key.site) || strcmp(g->key.code, w->key.code) ||
		    g->key.scale != w->key.scale)
			fail_msg("%s: row %zu is %s/%s/%d, expected %s/%s/%d", what, i, g->key.site, g->key.code,
				 g->key.scale, w->key.site, w->key.code, w->key.scale);
		if (!counts_equal(&g->c, &w->c))
			fail_msg("%s: row %zu (%s/%s/%d) counts differ: n %lld clean %lld, expected n %lld clean %lld",
				 what, i, g->key.site, g->key.code, g->key.scale, (long long)g->c.n,
				 (long long)g->c.clean, (long long)w->c.n, (long long)w->c.clean);
	}
}

static int64_t total(const struct rows *rs)
{
	int64_t n = 0;

	for (size_t i = 0; i < rs->n; i++)
		n += rs->v[i].c.n;
	return n;
}

static const struct period_range all_time = { 0, 47846 }; /* 1970-01-01 .. 2100-12-31 */

static int64_t total_query(struct store *s, int dim)
{
	struct rows rs = query(s, dim, all_time, NULL);
	int64_t n = total(&rs);

	rows_free(&rs);
	return n;
}

/* ---- fixtures ---------------------------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/hl-test-store-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;
	char path[512];

	(void)state;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
		unlink(path);
	}
	closedir(d);
	return rmdir(tmpdir);
}

/* ---- opening ----------------------------------------------------------------------------------- */

static void test_open_file_schema(void **state)
{
	char path[256];
	struct store *s;
	sqlite3 *db;

	(void)state;
	path_in("schema.db", path);
	s = open_store(path);
	count(s, 0, 0);
	store_close(s);

	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(STORE_SCHEMA_VERSION, 15);
	/* Each site's display name in roster_site (version 14). */
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'roster_site'"), 1);
	/* The alerts of serious flags wait in flag_alert (version 13). */
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'flag_alert'"), 1);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
				     " ('rating', 'rejected', 'rollup')"),
			 3);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND"
				     " name = 'rating_day'"),
			 1);
	sqlite3_close(db);

	/* Opening it again finds the schema in place. */
	s = open_store(path);
	count(s, 0, 0);
	store_close(s);
}

static void test_open_memory_and_errors(void **state)
{
	struct store *s;
	char err[256] = "";
	struct rows rs;

	(void)state;
	s = open_store(":memory:");
	count(s, 0, 0);
	rs = query(s, ROLLUP_COUNTER, all_time, NULL);
	assert_int_equal(rs.n, 0);
	rows_free(&rs);
	rs = query_raw(s, all_time, NULL);
	assert_int_equal(rs.n, 0);
	rows_free(&rs);
	store_close(s);
	store_close(NULL);

	s = (struct store *)1;
	assert_int_not_equal(store_open("/nonexistent-dir/x/y.db", VN_OFFSET, &s, err, sizeof err), HL_OK);
	assert_null(s);
	assert_non_null(strstr(err, "/nonexistent-dir/x/y.db"));
}

static void test_rating_day(void **state)
{
	struct store *s = open_store(":memory:");
	/* 2026-11-21T17:00:00Z is the first second of 2026-11-22 in Vietnam. */
	const int64_t midnight = (int64_t)period_day_from_civil(2026, 11, 21) * DAY + 17 * 3600;
	struct rating r = { .ts = midnight, .clock_ok = true };

	(void)state;
	assert_int_equal(store_rating_day(s, &r, midnight + 30 * DAY), period_day_from_civil(2026, 11, 22));
	r.ts = midnight - 1;
	assert_int_equal(store_rating_day(s, &r, midnight + 30 * DAY), period_day_from_civil(2026, 11, 21));
	/* A terminal whose clock is not set: the time the aggregator received it decides. */
	r.clock_ok = false;
	assert_int_equal(store_rating_day(s, &r, midnight + 30 * DAY), period_day_from_civil(2026, 12, 22));
	assert_int_equal(store_rating_day(s, &r, midnight - 1), period_day_from_civil(2026, 11, 21));
	store_close(s);
}


/* ---- idempotency ------------------------------------------------------------------------------- */

static void test_idempotent(void **state)
{
	struct store *s = open_store(":memory:");
	struct rating r[100], twice[3];
	struct ingest_batch b;
	size_t stored = 99;
	const int64_t received = (int64_t)period_day_from_civil(2026, 7, 14) * DAY;

	(void)state;
	rng_state = 42;
	for (uint32_t i = 0; i < 100; i++) {
		r[i] = random_rating(i);
		r[i].ts = received - rnd(3 * DAY);
		r[i].clock_ok = true;
	}
	b = batch_of(r, 100);
	assert_int_equal(store_save(s, &b, received, &stored), HL_OK);
	assert_int_equal(stored, 100);
	count(s, 100, 0);

	/* The same batch again: a terminal that did not get its receipt resends. */
	assert_int_equal(store_save(s, &b, received + 60, &stored), HL_OK);
	assert_int_equal(stored, 0);
	count(s, 100, 0);
	for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++)
		assert_int_equal(total_query(s, dim), 100);

	/* One new rating twice in a batch, with one already stored: stored once. */
	twice[0] = random_rating(1000);
	twice[0].ts = received;
	twice[0].clock_ok = true;
	twice[1] = r[7];
	twice[2] = twice[0];
	b = batch_of(twice, 3);
	assert_int_equal(store_save(s, &b, received, &stored), HL_OK);
	assert_int_equal(stored, 1);
	count(s, 101, 0);
	for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++)
		assert_int_equal(total_query(s, dim), 101);

	/* Same id with different content (a replay): the first one stands. */
	twice[0].answers[SURVEY_Q_OFFICER] = 1;
	twice[0].answers[SURVEY_Q_PROCEDURE] = 1;
	b = batch_of(twice, 1);
	assert_int_equal(store_save(s, &b, received, &stored), HL_OK);
	assert_int_equal(stored, 0);

	/* Roll-ups and the single ratings agree. */
	struct rows got = query(s, ROLLUP_COUNTER, all_time, NULL), raw = query_raw(s, all_time, NULL);
	assert_rows_equal(&got, &raw, "idempotent: roll-ups vs ratings");
	assert_int_equal(total(&raw), 101);
	rows_free(&got);
	rows_free(&raw);
	store_close(s);
}

/* A batch with a rating the database refuses keeps nothing, not even its good ratings or rejects. */
static void test_failed_batch_keeps_nothing(void **state)
{
	struct store *s = open_store(":memory:");
	struct rating r[3];
	struct ingest_reject j = { .topic = "hailong/v1/sct-bentre/q05/rating", .payload = "x", .len = 1,
				   .why = "malformed JSON" };
	struct ingest_batch b;
	size_t stored = 7;
	const int64_t received = 1780000000;

	(void)state;
	rng_state = 7;
	for (uint32_t i = 0; i < 3; i++) {
		r[i] = random_rating(i);
		r[i].ts = received;
		r[i].clock_ok = true;
	}
	strcpy(r[1].id, "not-a-uuid");
	b = batch_of(r, 3);
	b.rejects = &j;
	b.nrejects = b.cap_rejects = 1;
	assert_int_not_equal(store_save(s, &b, received, &stored), HL_OK);
	assert_int_equal(stored, 0);
	count(s, 0, 0);
	for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++)
		assert_int_equal(total_query(s, dim), 0);

	/* The good ratings were not half-stored: saving them now stores both. */
	r[1] = r[2];
	b = batch_of(r, 2);
	assert_int_equal(store_save(s, &b, received, &stored), HL_OK);
	assert_int_equal(stored, 2);
	count(s, 2, 0);
	assert_int_equal(total_query(s, ROLLUP_OFFICER), 2);
	store_close(s);
}

static void test_reopen_keeps_ids(void **state)
{
	char path[256];
	struct rating r[10];
	struct ingest_batch b = batch_of(r, 10);
	size_t stored;
	struct store *s;

	(void)state;
	path_in("reopen.db", path);
	rng_state = 99;
	for (uint32_t i = 0; i < 10; i++) {
		r[i] = random_rating(i);
		r[i].ts = 1780000000;
		r[i].clock_ok = true;
	}
	s = open_store(path);
	assert_int_equal(store_save(s, &b, 1780000100, &stored), HL_OK);
	assert_int_equal(stored, 10);
	store_close(s);

	s = open_store(path);
	count(s, 10, 0);
	assert_int_equal(store_save(s, &b, 1780000200, &stored), HL_OK);
	assert_int_equal(stored, 0);
	count(s, 10, 0);
	assert_int_equal(total_query(s, ROLLUP_COUNTER), 10);
	store_close(s);
}

/* ---- roll-ups against the single ratings ------------------------------------------------------- */

enum { N_FILL = 5000 };

struct range_case {
	const char *name;
	struct period_range r;
	const char *site;
};

static void ranges(struct range_case out[7])
{
	out[0] = (struct range_case){ "2026-Q3", { period_day_from_civil(2026, 7, 1),
						   period_day_from_civil(2026, 9, 30) }, NULL };
	out[1] = (struct range_case){ "06-20..09-10", { period_day_from_civil(2026, 6, 20),
							period_day_from_civil(2026, 9, 10) }, NULL };
	out[2] = (struct range_case){ "08-15", { period_day_from_civil(2026, 8, 15),
						 period_day_from_civil(2026, 8, 15) }, NULL };
	out[3] = (struct range_case){ "all time", all_time, NULL };
	out[4] = (struct range_case){ "2026-Q3 site-1", out[0].r, "site-1" };
	out[5] = (struct range_case){ "07-31..08-01 site-2", { period_day_from_civil(2026, 7, 31),
							       period_day_from_civil(2026, 8, 1) }, "site-2" };
	out[6] = (struct range_case){ "2025 (no data)", { period_day_from_civil(2025, 1, 1),
							  period_day_from_civil(2025, 12, 31) }, NULL };
}

/* Every report of every dimension over every range equals the brute-force count, and the counter
 * report also equals the count taken in SQL from the single ratings. */
static void check_against_samples(struct store *s, const struct sample *xs, size_t n)
{
	struct range_case rc[7];
	char what[128];

	ranges(rc);
	for (int i = 0; i < 7; i++) {
		for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++) {
			struct rows got = query(s, dim, rc[i].r, rc[i].site);
			struct rows want = expect(xs, n, dim, rc[i].r, rc[i].site);
			snprintf(what, sizeof what, "%s, dim %d: roll-ups vs brute force", rc[i].name, dim);
			assert_rows_equal(&got, &want, what);
			if (dim == ROLLUP_COUNTER) {
				struct rows raw = query_raw(s, rc[i].r, rc[i].site);
				snprintf(what, sizeof what, "%s: roll-ups vs single ratings", rc[i].name);
				assert_rows_equal(&got, &raw, what);
				rows_free(&raw);
			}
			if (i == 3 && !rc[i].site)
				assert_int_equal(total(&got), (int64_t)n);
			if (i == 6)
				assert_int_equal(got.n, 0);
			else
				assert_true(got.n > 0);
			rows_free(&got);
			rows_free(&want);
		}
	}
}

/* ---- pair dimensions (drill-downs) ------------------------------------------------------------- */

/* The code of x on one side of a single dimension. */
static const char *side_code(const struct rating *x, int dim)
{
	return dim == ROLLUP_COUNTER ? x->counter : dim == ROLLUP_OFFICER ? x->officer : x->procedure;
}

static const int pair_parts[][2] = { { ROLLUP_OFFICER, ROLLUP_PROCEDURE },
				     { ROLLUP_OFFICER, ROLLUP_COUNTER },
				     { ROLLUP_PROCEDURE, ROLLUP_COUNTER } };

/* The rows a drill-down of pair dimension pd on `first` must show (each keyed by its second code),
 * counted here one sample at a time; with day_rows, one row per day (key.period) as well. */
static struct rows expect_pair(const struct sample *xs, size_t n, int pd, const char *first,
			       struct period_range r, const char *site, bool day_rows)
{
	struct rows rs = { 0 };
	const int *parts = pair_parts[pd - ROLLUP_DIM_COUNT];

	for (size_t i = 0; i < n; i++) {
		const struct rating *x = &xs[i].r;
		struct rollup_row *row = NULL;
		int32_t period = day_rows ? xs[i].day : 0;
		if (xs[i].day < r.from || xs[i].day > r.to || (site && strcmp(site, x->site) != 0) ||
		    strcmp(side_code(x, parts[0]), first) != 0)
			continue;
		const char *code = side_code(x, parts[1]);
		for (size_t k = 0; k < rs.n && !row; k++)
			if (rs.v[k].key.period == period && strcmp(rs.v[k].key.site, x->site) == 0 &&
			    strcmp(rs.v[k].key.code, code) == 0 && rs.v[k].key.scale == x->scale)
				row = &rs.v[k];
		if (!row) {
			struct rollup_row z = { .key = { .dim = pd, .grain = day_rows ? ROLLUP_DAY : -1,
							 .period = period, .scale = x->scale } };
			strcpy(z.key.site, x->site);
			strcpy(z.key.code, code);
			row = rows_push(&rs, &z);
		}
		struct rollup_counts one = { 0 };
		rollup_count(&one, x);
		rollup_sum(&row->c, &one);
	}
	return rs;
}

static int row_day_cmp(const void *a, const void *b)
{
	const struct rollup_row *x = a, *y = b;

	return x->key.period != y->key.period ? (x->key.period < y->key.period ? -1 : 1) : row_cmp(a, b);
}

/* Every drill-down of every pair dimension over every range — each first code the samples hold,
 * "" (unknown) included — equals the brute-force count; so do its day rows over one range; and each
 * pair dimension, summed whole, holds every rating once. */
static void check_pairs_against_samples(struct store *s, const struct sample *xs, size_t n)
{
	struct range_case rc[7];
	char what[160];
	const char *firsts[] = { "", "cb0001", "cb0007", "cb0012", "1.000001", "1.000008", "cb9999" };

	ranges(rc);
	for (int pd = ROLLUP_DIM_COUNT; pd < ROLLUP_DIM_ALL; pd++) {
		assert_int_equal(total_query(s, pd), (int64_t)n);
		for (size_t f = 0; f < sizeof firsts / sizeof firsts[0]; f++) {
			bool officer_first = pair_parts[pd - ROLLUP_DIM_COUNT][0] == ROLLUP_OFFICER;
			if (firsts[f][0] && (firsts[f][0] == 'c') != officer_first)
				continue;
			for (int i = 0; i < 7; i++) {
				struct rows got = { 0 };
				assert_int_equal(store_query_pair(s, pd, firsts[f], rc[i].r, rc[i].site, collect, &got), HL_OK);
				struct rows want = expect_pair(xs, n, pd, firsts[f], rc[i].r, rc[i].site, false);
				if (want.n)
					qsort(want.v, want.n, sizeof *want.v, row_cmp);
				snprintf(what, sizeof what, "%s, pair dim %d of '%s'", rc[i].name, pd, firsts[f]);
				assert_rows_equal(&got, &want, what);
				for (size_t k = 0; k < got.n; k++) {
					assert_int_equal(got.v[k].key.dim, pd);
					assert_null(strchr(got.v[k].key.code, '/'));
				}
				/* cb9999 holds nothing; the others something over the whole time. */
				if (i == 3 && !rc[i].site)
					assert_true(strcmp(firsts[f], "cb9999") == 0 ? got.n == 0 : got.n > 0);
				rows_free(&got);
				rows_free(&want);
			}
			/* Day rows, as a drill-down's trend reads them. */
			struct rows got = { 0 };
			assert_int_equal(store_query_pair_days(s, pd, firsts[f], rc[1].r, NULL, collect, &got), HL_OK);
			struct rows want = expect_pair(xs, n, pd, firsts[f], rc[1].r, NULL, true);
			if (want.n)
				qsort(want.v, want.n, sizeof *want.v, row_day_cmp);
			snprintf(what, sizeof what, "%s, pair dim %d of '%s', days", rc[1].name, pd, firsts[f]);
			assert_rows_equal(&got, &want, what);
			for (size_t k = 0; k < got.n && k < want.n; k++)
				assert_int_equal(got.v[k].key.period, want.v[k].key.period);
			rows_free(&got);
			rows_free(&want);
		}
	}
	/* Only pair dimensions drill down, and a first code is one code. */
	struct rows none = { 0 };
	assert_int_equal(store_query_pair(s, ROLLUP_OFFICER, "cb0001", all_time, NULL, collect, &none), HL_ERR_INVALID);
	assert_int_equal(store_query_pair(s, ROLLUP_OFFICER_COUNTER, "cb/1", all_time, NULL, collect, &none),
			 HL_ERR_INVALID);
	assert_int_equal(store_query_pair_days(s, ROLLUP_SITE, "", all_time, NULL, collect, &none), HL_ERR_INVALID);
	assert_int_equal(store_query_pair(s, ROLLUP_DIM_ALL, "x", all_time, NULL, collect, &none), HL_ERR_INVALID);
	assert_int_equal(none.n, 0);
}

static void test_rollups_equal_raw(void **state)
{
	struct store *s = open_store(":memory:");
	struct sample *xs = fill(s, N_FILL, 0x5eed5eed5eedull);
	size_t wrong_clock = 0, moved = 0;

	(void)state;
	count(s, N_FILL, 0);
	/* The data really exercises the received-time rule. */
	for (size_t i = 0; i < N_FILL; i++) {
		wrong_clock += !xs[i].r.clock_ok;
		moved += xs[i].r.clock_ok && local_day(xs[i].r.ts) != local_day(xs[i].received);
	}
	assert_true(wrong_clock > 300);
	assert_true(moved > 1000);
	check_against_samples(s, xs, N_FILL);
	check_pairs_against_samples(s, xs, N_FILL);
	/* The index for checks and benchmarks changes no result, and creating it twice is harmless. */
	assert_int_equal(store_index_raw(s), HL_OK);
	assert_int_equal(store_index_raw(s), HL_OK);
	check_against_samples(s, xs, N_FILL);
	free(xs);
	store_close(s);
}

static void test_rebuild(void **state)
{
	char path[256];
	struct range_case rc[7];
	struct rows before[7][ROLLUP_DIM_COUNT];
	struct store *s;
	struct sample *xs;
	sqlite3 *db;

	(void)state;
	path_in("rebuild.db", path);
	s = open_store(path);
	xs = fill(s, N_FILL, 0xabcdef12345ull);
	ranges(rc);
	for (int i = 0; i < 7; i++)
		for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++)
			before[i][dim] = query(s, dim, rc[i].r, rc[i].site);

	/* Damage the roll-ups behind the store's back. */
	db = open_raw(path);
	exec_raw(db, "DELETE FROM rollup WHERE dim = 1;"
		     " DELETE FROM rollup WHERE grain = 0 AND period % 3 = 0;"
		     " UPDATE rollup SET n = n + 7 WHERE dim = 2");
	sqlite3_close(db);
	struct rows damaged = query(s, ROLLUP_OFFICER, all_time, NULL);
	assert_int_equal(damaged.n, 0);
	rows_free(&damaged);

	assert_int_equal(store_rebuild_rollups(s), HL_OK);
	for (int i = 0; i < 7; i++) {
		for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++) {
			struct rows after = query(s, dim, rc[i].r, rc[i].site);
			char what[128];
			snprintf(what, sizeof what, "%s, dim %d: rebuilt vs incremental", rc[i].name, dim);
			assert_rows_equal(&after, &before[i][dim], what);
			rows_free(&after);
			rows_free(&before[i][dim]);
		}
	}
	check_against_samples(s, xs, N_FILL);
	check_pairs_against_samples(s, xs, N_FILL);

	/* A rebuild of correct roll-ups changes nothing, and new ratings add on top of it. */
	assert_int_equal(store_rebuild_rollups(s), HL_OK);
	struct rating r = random_rating(N_FILL + 1);
	r.clock_ok = true;
	r.ts = xs[0].r.ts;
	struct ingest_batch b = batch_of(&r, 1);
	size_t stored;
	assert_int_equal(store_save(s, &b, xs[0].received, &stored), HL_OK);
	assert_int_equal(stored, 1);
	for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++)
		assert_int_equal(total_query(s, dim), N_FILL + 1);
	free(xs);
	store_close(s);
}

/* A version-8 database (before the pair dimensions): its roll-ups hold the single dimensions only.
 * Opening it fills the pairs' day rows (pairs have no month rows) from the stored ratings, in the
 * migration's one transaction, equal to what the ratings add up to and to what ingest would have
 * counted; the single rows stay as they were, and new ratings add to both. */
static void test_migrate_from_v8(void **state)
{
	char path[256];
	struct range_case rc[7];
	struct rows before[7][ROLLUP_DIM_ALL];
	struct store *s;
	struct sample *xs;
	sqlite3 *db;

	(void)state;
	path_in("v8.db", path);
	s = open_store(path);
	xs = fill(s, N_FILL, 0x8badf00dull);
	ranges(rc);
	for (int i = 0; i < 7; i++)
		for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++)
			before[i][dim] = query(s, dim, rc[i].r, rc[i].site);
	store_close(s);

	db = open_raw(path);
	exec_raw(db, "DELETE FROM rollup WHERE dim >= 4; PRAGMA user_version = 8");
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rollup WHERE dim >= 4"), 0);
	int64_t singles = int_raw(db, "SELECT count(*) FROM rollup");
	sqlite3_close(db);

	s = open_store(path);
	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rollup WHERE dim < 4"), singles);
	for (int pd = ROLLUP_DIM_COUNT; pd < ROLLUP_DIM_ALL; pd++) {
		char sql[640];
		/* Each pair dimension's day rows hold every rating once: the single ones' sums; no month
		 * row. */
		snprintf(sql, sizeof sql, "SELECT sum(n) FROM rollup WHERE dim = %d AND grain = 0", pd);
		assert_int_equal(int_raw(db, sql), N_FILL);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM rollup WHERE dim = %d AND grain <> 0", pd);
		assert_int_equal(int_raw(db, sql), 0);
		/* Summed over its second side, a pair dimension is its first side's single one. */
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM (SELECT grain, period, site, substr(code, 1, instr(code, '/') - 1) AS c,"
			 " scale, sum(n) AS n, sum(o1) AS o1, sum(p5) AS p5, sum(r1) AS r1, sum(clean) AS k FROM rollup"
			 " WHERE dim = %d GROUP BY 1, 2, 3, 4, 5) AS a JOIN rollup AS b ON b.dim = %d AND"
			 " b.grain = a.grain AND b.period = a.period AND b.site = a.site AND b.code = a.c AND"
			 " b.scale = a.scale AND b.n = a.n AND b.o1 = a.o1 AND b.p5 = a.p5 AND b.r1 = a.r1 AND"
			 " b.clean = a.k", pd, pair_parts[pd - ROLLUP_DIM_COUNT][0]);
		int64_t matched = int_raw(db, sql);
		snprintf(sql, sizeof sql, "SELECT count(*) FROM rollup WHERE dim = %d AND grain = 0",
			 pair_parts[pd - ROLLUP_DIM_COUNT][0]);
		assert_int_equal(matched, int_raw(db, sql));
	}
	sqlite3_close(db);
	for (int i = 0; i < 7; i++) {
		for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++) {
			struct rows after = query(s, dim, rc[i].r, rc[i].site);
			char what[128];
			snprintf(what, sizeof what, "%s, dim %d: migrated vs incremental", rc[i].name, dim);
			assert_rows_equal(&after, &before[i][dim], what);
			rows_free(&after);
			rows_free(&before[i][dim]);
		}
	}
	check_against_samples(s, xs, N_FILL);
	check_pairs_against_samples(s, xs, N_FILL);

	struct rating r = random_rating(N_FILL + 1);
	r.clock_ok = true;
	r.ts = xs[0].r.ts;
	struct ingest_batch b = batch_of(&r, 1);
	size_t stored;
	assert_int_equal(store_save(s, &b, xs[0].received, &stored), HL_OK);
	for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++)
		assert_int_equal(total_query(s, dim), N_FILL + 1);
	free(xs);
	store_close(s);
	unlink(path);
}

/* A pair drill-down over several months, per (site, second code, scale): its n, levels and reasons
 * equal the count taken in SQL from the single ratings (db: a connection of the raw file). */
static void check_pair_months_against_ratings(struct store *s, sqlite3 *db)
{
	static const char *const cols[] = { "counter", "officer", "procedure" };
	const struct period_range r = { period_day_from_civil(2026, 6, 20), period_day_from_civil(2026, 9, 10) };
	const char *firsts[] = { "cb0001", "cb0007", "1.000001" };

	for (int pd = ROLLUP_DIM_COUNT; pd < ROLLUP_DIM_ALL; pd++) {
		const int *parts = pair_parts[pd - ROLLUP_DIM_COUNT];
		const char *first = firsts[parts[0] == ROLLUP_OFFICER ? pd - ROLLUP_DIM_COUNT : 2];
		struct rows got = { 0 };
		char sql[1024];
		sqlite3_stmt *st = NULL;
		size_t k = 0;

		assert_int_equal(store_query_pair(s, pd, first, r, NULL, collect, &got), HL_OK);
		assert_true(got.n > 0);
		snprintf(sql, sizeof sql,
			 "SELECT site, %s, scale, count(*), sum(reasons & 1), sum(a_officer = 1), sum(a_officer = 5),"
			 " sum(a_procedure = 1), sum(a_procedure = 5)"
			 " FROM rating WHERE %s = ?1 AND day BETWEEN ?2 AND ?3 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
			 cols[parts[1]], cols[parts[0]]);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_text(st, 1, first, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, r.from);
		sqlite3_bind_int(st, 3, r.to);
		for (; sqlite3_step(st) == SQLITE_ROW; k++) {
			assert_true(k < got.n);
			const struct rollup_row *g = &got.v[k];
			assert_string_equal(g->key.site, (const char *)sqlite3_column_text(st, 0));
			assert_string_equal(g->key.code, (const char *)sqlite3_column_text(st, 1));
			assert_int_equal(g->key.scale, sqlite3_column_int(st, 2));
			assert_int_equal(g->c.n, sqlite3_column_int64(st, 3));
			assert_int_equal(g->c.reason[0], sqlite3_column_int64(st, 4));
			assert_int_equal(g->c.level[SURVEY_Q_OFFICER][0], sqlite3_column_int64(st, 5));
			assert_int_equal(g->c.level[SURVEY_Q_OFFICER][4], sqlite3_column_int64(st, 6));
			assert_int_equal(g->c.level[SURVEY_Q_PROCEDURE][0], sqlite3_column_int64(st, 7));
			assert_int_equal(g->c.level[SURVEY_Q_PROCEDURE][4], sqlite3_column_int64(st, 8));
		}
		assert_int_equal(k, got.n);
		sqlite3_finalize(st);
		rows_free(&got);
	}
}

/* Pairs are kept by day only. A database already at version 9 from when they were kept by month as
 * well still holds month pair rows, which nothing updates any more: no read takes them (here they
 * are made wrong on purpose), new ratings add to day rows only, and a rebuild drops them. */
static void test_v9_month_pair_rows_ignored(void **state)
{
	char path[256];
	struct store *s;
	struct sample *xs;
	sqlite3 *db;

	(void)state;
	path_in("v9-months.db", path);
	s = open_store(path);
	xs = fill(s, N_FILL, 0x9a1bull);
	db = open_raw(path);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rollup WHERE dim >= 4 AND grain <> 0"), 0);
	exec_raw(db, "INSERT INTO rollup(dim, grain, period, site, code, scale, n, clean, o5, p1)"
		     " SELECT dim, 1, CAST(strftime('%Y%m', period * 86400, 'unixepoch') AS INTEGER), site, code,"
		     " scale, sum(n) + 1000, sum(clean) + 7, sum(o5) + 3, sum(p1) + 2 FROM rollup"
		     " WHERE dim >= 4 AND grain = 0 GROUP BY 1, 2, 3, 4, 5, 6");
	assert_true(int_raw(db, "SELECT count(*) FROM rollup WHERE dim >= 4 AND grain = 1") > 0);
	sqlite3_close(db);

	check_pairs_against_samples(s, xs, N_FILL);
	db = open_raw(path);
	check_pair_months_against_ratings(s, db);
	sqlite3_close(db);

	struct rating r = random_rating(N_FILL + 1);
	r.clock_ok = true;
	r.ts = xs[0].r.ts;
	struct ingest_batch b = batch_of(&r, 1);
	size_t stored;
	db = open_raw(path);
	int64_t months = int_raw(db, "SELECT sum(n) FROM rollup WHERE dim >= 4 AND grain = 1");
	assert_int_equal(store_save(s, &b, xs[0].received, &stored), HL_OK);
	assert_int_equal(stored, 1);
	assert_int_equal(int_raw(db, "SELECT sum(n) FROM rollup WHERE dim >= 4 AND grain = 1"), months);
	for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++)
		assert_int_equal(total_query(s, dim), N_FILL + 1);

	assert_int_equal(store_rebuild_rollups(s), HL_OK);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rollup WHERE dim >= 4 AND grain <> 0"), 0);
	for (int dim = 0; dim < ROLLUP_DIM_ALL; dim++)
		assert_int_equal(total_query(s, dim), N_FILL + 1);
	sqlite3_close(db);
	free(xs);
	store_close(s);
	unlink(path);
}

/* The version-9 step is one transaction: when it cannot finish (here a trigger refuses the pair
 * rows half-way), the database stays at version 8 with no pair row, and opens once the fault is
 * gone. */
static void test_migrate_v9_all_or_nothing(void **state)
{
	char path[256], err[512];
	struct store *s;
	struct sample *xs;
	sqlite3 *db;

	(void)state;
	path_in("v8-fail.db", path);
	s = open_store(path);
	xs = fill(s, 400, 0x77ull);
	store_close(s);
	db = open_raw(path);
	exec_raw(db, "DELETE FROM rollup WHERE dim >= 4; PRAGMA user_version = 8;"
		     "CREATE TRIGGER no_pairs BEFORE INSERT ON rollup WHEN NEW.dim = 6"
		     " BEGIN SELECT RAISE(ABORT, 'refused'); END;");
	sqlite3_close(db);
	assert_int_equal(store_open(path, VN_OFFSET, &s, err, sizeof err), HL_ERR_DB);
	assert_null(s);
	assert_non_null(strstr(err, "version 9"));
	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), 8);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rollup WHERE dim >= 4"), 0);
	exec_raw(db, "DROP TRIGGER no_pairs");
	sqlite3_close(db);
	s = open_store(path);
	assert_int_equal(total_query(s, ROLLUP_PROCEDURE_COUNTER), 400);
	check_pairs_against_samples(s, xs, 400);
	free(xs);
	store_close(s);
	unlink(path);
}

/* ---- rejects ----------------------------------------------------------------------------------- */

struct rejects {
	struct store_reject_row row[8];
	unsigned char *payload[8];
	char topic[8][128], reason[8][160];
	size_t n;
	int stop_code;
};

static int on_reject(void *ud, const struct store_reject_row *row)
{
	struct rejects *rj = ud;

	assert_true(rj->n < 8);
	rj->row[rj->n] = *row;
	snprintf(rj->topic[rj->n], 128, "%s", row->topic);
	snprintf(rj->reason[rj->n], 160, "%s", row->reason);
	rj->payload[rj->n] = malloc(row->kept ? row->kept : 1);
	assert_non_null(rj->payload[rj->n]);
	if (row->kept)
		memcpy(rj->payload[rj->n], row->payload, row->kept);
	rj->n++;
	return rj->stop_code;
}

static void rejects_free(struct rejects *rj)
{
	for (size_t i = 0; i < rj->n; i++)
		free(rj->payload[i]);
	*rj = (struct rejects){ .n = 0 };
}

static void test_rejects(void **state)
{
	enum { BIG = 10000 };
	struct store *s = open_store(":memory:");
	unsigned char *big = malloc(BIG);
	struct ingest_reject j[3] = {
		{ .topic = "hailong/v1/sct-bentre/q05/rating", .len = BIG,
		  .why = "payload too large (10000 bytes; limit 4096)" },
		{ .topic = "hailong/v1/sct-bentre/q06/rating", .payload = "{\"v\":1,", .len = 7,
		  .why = "malformed JSON" },
		{ .topic = "hailong/v1/sxd/q01/rating", .payload = "", .len = 0, .why = "empty payload" },
	};
	struct rating r;
	struct ingest_batch b;
	struct rejects rj = { .n = 0 };
	size_t stored;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < BIG; i++)
		big[i] = (unsigned char)(i * 7 + i / 256); /* includes NUL bytes */
	j[0].payload = big;
	rng_state = 3;
	r = random_rating(1);
	r.ts = 1780000000;
	r.clock_ok = true;
	b = batch_of(&r, 1);
	b.rejects = j;
	b.nrejects = b.cap_rejects = 3;
	assert_int_equal(store_save(s, &b, 1780000123, &stored), HL_OK);
	assert_int_equal(stored, 1);
	count(s, 1, 3);

	assert_int_equal(store_rejected(s, 10, on_reject, &rj), HL_OK);
	assert_int_equal(rj.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(rj.topic[i], j[i].topic);
		assert_string_equal(rj.reason[i], j[i].why);
		assert_int_equal(rj.row[i].size, j[i].len);
		assert_int_equal(rj.row[i].received, 1780000123);
		size_t keep = j[i].len < STORE_REJECT_KEEP ? j[i].len : STORE_REJECT_KEEP;
		assert_int_equal(rj.row[i].kept, keep);
		if (keep)
			assert_memory_equal(rj.payload[i], j[i].payload, keep);
		if (i)
			assert_true(rj.row[i].id > rj.row[i - 1].id);
	}
	assert_int_equal(rj.row[0].kept, STORE_REJECT_KEEP);
	rejects_free(&rj);

	/* The newest `limit`, oldest first. */
	assert_int_equal(store_rejected(s, 2, on_reject, &rj), HL_OK);
	assert_int_equal(rj.n, 2);
	assert_string_equal(rj.reason[0], "malformed JSON");
	assert_string_equal(rj.reason[1], "empty payload");
	rejects_free(&rj);

	/* A rejected message sent again is recorded again: rejects have no id to deduplicate on. */
	b = batch_of(&r, 0);
	b.rejects = &j[1];
	b.nrejects = 1;
	assert_int_equal(store_save(s, &b, 1780000200, &stored), HL_OK);
	assert_int_equal(stored, 0);
	count(s, 1, 4);
	assert_int_equal(store_rejected(s, 1, on_reject, &rj), HL_OK);
	assert_int_equal(rj.n, 1);
	assert_int_equal(rj.row[0].received, 1780000200);
	rejects_free(&rj);

	/* The callback's code stops the walk. */
	rj.stop_code = 5;
	assert_int_equal(store_rejected(s, 10, on_reject, &rj), 5);
	assert_int_equal(rj.n, 1);
	rejects_free(&rj);
	free(big);
	store_close(s);
}

static void test_rating_day_clock_window(void **state)
{
	struct store *s = open_store(":memory:");
	const int64_t R = (int64_t)period_day_from_civil(2026, 11, 21) * DAY + 17 * 3600 + 3600; /* 01:00 local */
	const int32_t today = period_day_from_civil(2026, 11, 22);
	struct rating rs[4];
	size_t stored;

	(void)state;
	rng_state = 17;
	for (int i = 0; i < 4; i++) {
		rs[i] = random_rating(i);
		rs[i].clock_ok = true;
	}
	rs[0].ts = R - 30 * DAY;           /* a spool after a month's outage: its own day */
	rs[1].ts = R - 100 * DAY;          /* 100 days back: not believed */
	rs[2].ts = INT64_C(1) << 40;       /* far in the future: not believed */
	rs[3].ts = R + 120;                /* two minutes ahead: believed, but not after it arrived */
	assert_int_equal(store_rating_day(s, &rs[0], R), today - 30);
	assert_int_equal(store_rating_day(s, &rs[1], R), today);
	assert_int_equal(store_rating_day(s, &rs[2], R), today);
	assert_int_equal(store_rating_day(s, &rs[3], R), today);
	struct ingest_batch b = batch_of(rs, 4);
	assert_int_equal(store_save(s, &b, R, &stored), HL_OK);
	assert_int_equal(stored, 4);
	/* Reports (roll-ups) count them on those days; a closed quarter gets none of them. */
	struct rows got = query(s, ROLLUP_COUNTER, (struct period_range){ today, today }, NULL);
	assert_int_equal(total(&got), 3);
	rows_free(&got);
	got = query(s, ROLLUP_COUNTER, (struct period_range){ today - 200, today - 31 }, NULL);
	assert_int_equal(total(&got), 0);
	rows_free(&got);
	/* A shorter window from the config. */
	struct store_policy p;
	store_policy_default(&p);
	assert_int_equal(p.clock_max_age, 35 * DAY);
	p.clock_max_age = 7 * DAY;
	store_set_policy(s, &p);
	assert_int_equal(store_rating_day(s, &rs[0], R), today);
	store_close(s);
}

static void test_rating_keeps_what_the_terminal_said(void **state)
{
	char path[256];
	struct store *s;
	sqlite3 *db;
	const int64_t R = 1780000000;
	struct rating r;
	size_t stored;

	(void)state;
	path_in("counted.db", path);
	s = open_store(path);
	rng_state = 19;
	r = random_rating(1);
	r.clock_ok = true;
	r.ts = R - 100 * DAY;
	struct ingest_batch b = batch_of(&r, 1);
	assert_int_equal(store_save(s, &b, R, &stored), HL_OK);
	store_close(s);
	db = open_raw(path);
	assert_int_equal(int_raw(db, "SELECT ts FROM rating"), R - 100 * DAY);
	assert_int_equal(int_raw(db, "SELECT clock_ok FROM rating"), 1);
	assert_int_equal(int_raw(db, "SELECT counted FROM rating"), R);
	assert_int_equal(int_raw(db, "SELECT day FROM rating"), (R + VN_OFFSET) / DAY);
	sqlite3_close(db);
	unlink(path);
}

struct totals {
	int64_t n, sum;
	char reason[8][160];
	int64_t count[8];
};

static int on_total(void *ud, const struct store_reject_total *t)
{
	struct totals *x = ud;

	if (x->n < 8) {
		snprintf(x->reason[x->n], 160, "%s", t->reason);
		x->count[x->n] = t->count;
	}
	x->n++;
	x->sum += t->count;
	return HL_OK;
}

/* The newest reject's topic and sizes, copied. */
struct kept {
	char topic[STORE_TOPIC_KEEP + 8];
	size_t kept, size;
};

static int on_kept(void *ud, const struct store_reject_row *row)
{
	struct kept *k = ud;

	snprintf(k->topic, sizeof k->topic, "%s", row->topic);
	k->kept = row->kept;
	k->size = row->size;
	return HL_OK;
}

static void test_rejects_bounded(void **state)
{
	enum { BATCHES = 30, PER = 50, KEEP = 200 };
	struct store *s = open_store(":memory:");
	struct store_policy p;
	struct ingest_reject j[PER];
	char *long_topic = malloc(60001);
	char whys[PER][160];
	struct rating none;
	size_t stored;

	(void)state;
	assert_non_null(long_topic);
	memset(long_topic, 'a', 60000);
	long_topic[60000] = '\0';
	memcpy(long_topic, "hailong/v1/\xE1\xBA\xA1", 14); /* a multi-byte character early on */
	for (size_t k = 300; k < 60000; k += 3)
		memcpy(long_topic + k - 2, "\xE1\xBA\xA1", 3);
	store_policy_default(&p);
	assert_int_equal(p.rejected_max, 10000);
	assert_int_equal(p.rejected_max_age, 30 * DAY);
	p.rejected_max = KEEP;
	store_set_policy(s, &p);
	for (int bt = 0; bt < BATCHES; bt++) {
		for (int i = 0; i < PER; i++) {
			j[i] = (struct ingest_reject){ .topic = "hailong/v1/x/y/rating", .payload = "{", .len = 1 };
			/* Two reasons, one of them with a figure that differs every time. */
			if (i % 5 == 0)
				snprintf(whys[i], sizeof whys[i], "payload too large (%d bytes; limit 4096)", 5000 + bt * PER + i);
			else
				snprintf(whys[i], sizeof whys[i], "malformed JSON");
			memcpy(j[i].why, whys[i], sizeof j[i].why);
		}
		if (bt == 0) {
			j[0].topic = long_topic;
			j[0].len = 60000;
			j[0].payload = long_topic;
		}
		struct ingest_batch b = batch_of(&none, 0);
		b.rejects = j;
		b.nrejects = PER;
		assert_int_equal(store_save(s, &b, 1780000000 + bt, &stored), HL_OK);
	}
	/* Never more than the bound; the rest counted per reason. */
	count(s, 0, KEEP);
	struct totals t = { 0 };
	assert_int_equal(store_rejected_dropped(s, on_total, &t), HL_OK);
	assert_int_equal(t.sum, BATCHES * PER - KEEP);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.reason[0], "malformed JSON");
	assert_string_equal(t.reason[1], "payload too large (N bytes; limit N)");
	assert_int_equal(t.count[0] + t.count[1], BATCHES * PER - KEEP);
	assert_int_equal(t.count[1], (BATCHES * PER - KEEP) / 5);

	/* A 60 KB topic is kept cut to STORE_TOPIC_KEEP bytes at a character, with a mark. */
	struct store *f = open_store(":memory:");
	struct ingest_reject one = { .topic = long_topic, .payload = long_topic, .len = 60000 };
	snprintf(one.why, sizeof one.why, "topic is not hailong/v1/SITE/COUNTER/rating");
	struct ingest_batch b = batch_of(&none, 0);
	b.rejects = &one;
	b.nrejects = 1;
	assert_int_equal(store_save(f, &b, 1780000000, &stored), HL_OK);
	struct kept k = { 0 };
	assert_int_equal(store_rejected(f, 1, on_kept, &k), HL_OK);
	assert_int_equal(k.kept, STORE_REJECT_KEEP);
	assert_int_equal(k.size, 60000);
	size_t tl = strlen(k.topic);
	assert_true(tl <= STORE_TOPIC_KEEP);
	assert_true(tl > STORE_TOPIC_KEEP - 8);
	assert_string_equal(k.topic + tl - 3, "\xE2\x80\xA6");
	assert_memory_equal(k.topic, long_topic, tl - 3);
	assert_true(((unsigned char)long_topic[tl - 3] & 0xC0) != 0x80); /* cut before a character */

	/* Older than rejected_max_age: aged out when the next reject arrives. */
	p.rejected_max_age = DAY;
	store_set_policy(f, &p);
	one.topic = "hailong/v1/a/b/rating";
	snprintf(one.why, sizeof one.why, "empty payload");
	one.len = 0;
	assert_int_equal(store_save(f, &b, 1780000000 + 2 * DAY, &stored), HL_OK);
	count(f, 0, 1);
	t = (struct totals){ 0 };
	assert_int_equal(store_rejected_dropped(f, on_total, &t), HL_OK);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.reason[0], "topic is not hailong/v1/SITE/COUNTER/rating");
	assert_int_equal(t.count[0], 1);
	store_close(f);
	store_close(s);
	free(long_topic);
}

static void test_reason_key(void **state)
{
	char k[160];

	(void)state;
	store_reason_key("unknown field \"phone\"", k, sizeof k);
	assert_string_equal(k, "unknown field \"\xE2\x80\xA6\"");
	store_reason_key("answers.officer: level 9 out of range", k, sizeof k);
	assert_string_equal(k, "answers.officer: level N out of range");
	store_reason_key("status too large (70000 bytes; limit 1024)", k, sizeof k);
	assert_string_equal(k, "status too large (N bytes; limit N)");
	store_reason_key(NULL, k, sizeof k);
	assert_string_equal(k, "");
	store_reason_key("malformed JSON", k, 6);
	assert_true(strlen(k) < 6);
}

/* What version 8 added (the people's side, terminal_status's fleet columns), dropped again. */
static const char take_back_v8[] =
	"DROP TABLE web_login; DROP TABLE web_login_failure; DROP TABLE web_user_site; DROP TABLE counter_shift;"
	"DROP TABLE web_user; DROP TABLE api_token_site; DROP TABLE api_token; DROP TABLE audit;"
	"DROP TABLE counter_txn; ALTER TABLE terminal_status DROP COLUMN version;"
	"ALTER TABLE terminal_status DROP COLUMN fault; ALTER TABLE terminal_status DROP COLUMN clock_ok;"
	"ALTER TABLE terminal_status DROP COLUMN last_rating;";

/* A version-4 database, as the program before the clock rule and the split flag kinds left it:
 * made here by taking a current one back (no `counted`, no `rejected_dropped`, integrity flags). */
static void test_migrate_from_v4(void **state)
{
	char path[256];
	struct store *s;
	sqlite3 *db;
	const int64_t R = 1780000000;
	struct rating rs[3];
	size_t stored;

	(void)state;
	path_in("v4.db", path);
	s = open_store(path);
	rng_state = 23;
	for (int i = 0; i < 3; i++) {
		rs[i] = random_rating(i);
		rs[i].clock_ok = true;
		strcpy(rs[i].site, "site-0");
		strcpy(rs[i].counter, "q01");
	}
	rs[0].ts = R - 2 * DAY;
	rs[1].ts = R - 100 * DAY;
	rs[2].ts = R - 3 * DAY;
	struct ingest_batch b = batch_of(rs, 3);
	assert_int_equal(store_save(s, &b, R, &stored), HL_OK);
	store_close(s);
	db = open_raw(path);
	char sql[512];
	/* The old rule: a synchronised terminal was believed whatever it said. */
	snprintf(sql, sizeof sql, "UPDATE rating SET day = (ts + %d) / 86400", VN_OFFSET);
	exec_raw(db, sql);
	exec_raw(db, take_back_v8);
	exec_raw(db, "ALTER TABLE rating DROP COLUMN counted; DROP TABLE rejected_dropped;"
		     "INSERT INTO flag(kind, site, subject_type, subject, state, opened, summary, evidence) VALUES"
		     " ('integrity', 'site-0', 'terminal', 'q01', 'open', 1, 's', '{\"rule\":\"clock\"}'),"
		     " ('integrity', 'site-0', 'terminal', 'q02', 'open', 1, 's', '{\"rule\":\"stuffing\"}'),"
		     " ('integrity', 'site-0', 'terminal', 'q03', 'acknowledged', 1, 's', '{\"rule\":\"no_status\"}'),"
		     " ('integrity', 'site-0', 'terminal', 'q04', 'resolved', 1, 's', '{\"rule\":\"offline\"}'),"
		     " ('integrity', 'site-0', 'terminal', 'q05', 'open', 1, 's', 'not json'),"
		     " ('serious', 'site-0', 'officer', 'cb1', 'open', 1, 's', '{\"rule\":\"serious\"}');"
		     "PRAGMA user_version = 4");
	sqlite3_close(db);
	/* The old database's roll-ups were rebuilt from its days (as version 4 kept them). */
	s = open_store(path);
	store_close(s);

	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	/* The 100-day-old rating moved to the day received, the others kept their own day. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE day = %lld AND counted = %lld",
		 (long long)((R + VN_OFFSET) / DAY), (long long)R);
	assert_int_equal(int_raw(db, sql), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE counted = ts AND day = (ts + %d) / 86400",
		 VN_OFFSET);
	assert_int_equal(int_raw(db, sql), 2);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rating WHERE ts = counted"), 2);
	/* Roll-ups recounted: the counter's day rows hold it on the day received. */
	snprintf(sql, sizeof sql, "SELECT sum(n) FROM rollup WHERE dim = %d AND grain = 0 AND period = %lld",
		 ROLLUP_COUNTER, (long long)((R + VN_OFFSET) / DAY));
	assert_int_equal(int_raw(db, sql), 1);
	snprintf(sql, sizeof sql, "SELECT sum(n) FROM rollup WHERE dim = %d AND grain = 0", ROLLUP_COUNTER);
	assert_int_equal(int_raw(db, sql), 3);
	/* Integrity flags got their own kinds back; one that cannot be told stays as it was. */
	assert_int_equal(int_raw(db, "SELECT count(*) FROM flag WHERE subject = 'q01' AND kind = 'clock'"), 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM flag WHERE subject = 'q02' AND kind = 'stuffing'"), 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM flag WHERE subject = 'q03' AND kind = 'offline'"), 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM flag WHERE subject = 'q04' AND kind = 'offline'"), 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM flag WHERE subject = 'q05' AND kind = 'integrity'"), 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM flag WHERE kind = 'serious'"), 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rejected_dropped"), 0);
	sqlite3_close(db);
	unlink(path);
}


/* ---- migrations -------------------------------------------------------------------------------- */

/* A database of version 10 (two questions) gains the result question: its ratings and roll-ups
 * stay as they were, a new rating's result answer is stored and counted, and a rebuild counts it. */
static void test_migrate_from_v10(void **state)
{
	enum { N = 400 };
	char path[256];
	struct store *s;
	struct sample *xs;
	sqlite3 *db;

	(void)state;
	path_in("v10.db", path);
	s = open_store(path);
	ask_result = false; /* version 10 knew two questions */
	xs = fill(s, N, 0x10aull);
	ask_result = true;
	store_close(s);
	db = open_raw(path);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rating WHERE a_result IS NOT NULL"), 0);
	/* As version 10 left it: no result column anywhere. */
	exec_raw(db, "DROP INDEX IF EXISTS rating_raw_counters; ALTER TABLE rating DROP COLUMN a_result;"
		     "ALTER TABLE rollup DROP COLUMN k1; ALTER TABLE rollup DROP COLUMN k2;"
		     "ALTER TABLE rollup DROP COLUMN k3; ALTER TABLE rollup DROP COLUMN k4;"
		     "ALTER TABLE rollup DROP COLUMN k5; PRAGMA user_version = 10");
	sqlite3_close(db);

	s = open_store(path);
	count(s, N, 0);
	for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++) {
		struct rows got = query(s, dim, all_time, NULL);
		struct rows want = expect(xs, N, dim, all_time, NULL);
		assert_rows_equal(&got, &want, "version 10 migrated: roll-ups vs brute force");
		rows_free(&got);
		rows_free(&want);
	}
	struct rating r = random_rating(N + 7);
	r.ts = xs[3].r.ts;
	r.clock_ok = true;
	r.answers[SURVEY_Q_RESULT] = 2;
	struct ingest_batch b = batch_of(&r, 1);
	size_t stored;
	assert_int_equal(store_save(s, &b, xs[3].received, &stored), HL_OK);
	assert_int_equal(stored, 1);
	struct rows got = query(s, ROLLUP_SITE, all_time, NULL);
	int64_t result = 0;
	for (size_t i = 0; i < got.n; i++)
		for (int l = 0; l < SURVEY_SCALE_MAX; l++)
			result += got.v[i].c.level[SURVEY_Q_RESULT][l];
	rows_free(&got);
	store_close(s);
	assert_int_equal(result, 1);

	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rating WHERE a_result = 2"), 1);
	assert_int_equal(int_raw(db, "SELECT sum(k2) FROM rollup WHERE dim = 3 AND grain = 0"), 1); /* its day */
	assert_int_equal(int_raw(db, "SELECT sum(k2) FROM rollup WHERE dim = 3 AND grain = 1"), 1); /* its month */
	sqlite3_close(db);
	free(xs);
	unlink(path);
}

/* Schema version 1 as the first release wrote it: ratings and rejects, no roll-ups. */
static const char schema_v1[] =
	"CREATE TABLE rating("
	" id BLOB NOT NULL UNIQUE CHECK(length(id) = 16),"
	" site TEXT NOT NULL, counter TEXT NOT NULL, officer TEXT NOT NULL, procedure TEXT NOT NULL,"
	" scale INTEGER NOT NULL, a_officer INTEGER, a_procedure INTEGER, reasons INTEGER NOT NULL,"
	" ts INTEGER NOT NULL, clock_ok INTEGER NOT NULL, received INTEGER NOT NULL, day INTEGER NOT NULL);"
	"CREATE INDEX rating_day ON rating(day);"
	"CREATE TABLE rejected("
	" id INTEGER PRIMARY KEY, received INTEGER NOT NULL, topic TEXT NOT NULL,"
	" payload BLOB NOT NULL, size INTEGER NOT NULL, reason TEXT NOT NULL);"
	"PRAGMA user_version = 1;";

static void test_migrate_from_v1(void **state)
{
	enum { N = 300 };
	char path[256];
	struct sample *xs = calloc(N, sizeof *xs);
	sqlite3 *db;
	sqlite3_stmt *ins;
	struct store *s;

	(void)state;
	assert_non_null(xs);
	path_in("v1.db", path);
	db = open_raw(path);
	exec_raw(db, schema_v1);
	exec_raw(db, "INSERT INTO rejected(received, topic, payload, size, reason)"
		     " VALUES(1780000000, 'hailong/v1/a/b/rating', x'7b', 1, 'malformed JSON')");
	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO rating(id, site, counter, officer, procedure, scale,"
					    " a_officer, a_procedure, reasons, ts, clock_ok, received, day)"
					    " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					    -1, &ins, NULL),
			 SQLITE_OK);
	rng_state = 11;
	exec_raw(db, "BEGIN");
	for (uint32_t i = 0; i < N; i++) {
		struct sample *x = &xs[i];
		uint8_t id[16];
		x->r = random_rating(i);
		x->r.answers[SURVEY_Q_RESULT] = 0; /* version 1 knew two questions */
		x->received = (int64_t)period_day_from_civil(2025, 11, 20) * DAY + rnd(90 * DAY);
		x->r.clock_ok = rnd(5) != 0;
		x->r.ts = x->r.clock_ok ? x->received - rnd(2 * DAY) : 1000000000;
		x->day = local_day(x->r.clock_ok ? x->r.ts : x->received);
		assert_int_equal(uuid_to_bytes(x->r.id, id), HL_OK);
		sqlite3_bind_blob(ins, 1, id, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, x->r.site, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, x->r.counter, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 4, x->r.officer, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 5, x->r.procedure, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins, 6, x->r.scale);
		for (int q = SURVEY_Q_OFFICER; q <= SURVEY_Q_PROCEDURE; q++) {
			if (x->r.answers[q])
				sqlite3_bind_int(ins, 7 + q, x->r.answers[q]);
			else
				sqlite3_bind_null(ins, 7 + q);
		}
		sqlite3_bind_int64(ins, 9, x->r.reasons);
		sqlite3_bind_int64(ins, 10, x->r.ts);
		sqlite3_bind_int(ins, 11, x->r.clock_ok);
		sqlite3_bind_int64(ins, 12, x->received);
		sqlite3_bind_int(ins, 13, x->day);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
	}
	exec_raw(db, "COMMIT");
	sqlite3_finalize(ins);
	sqlite3_close(db);

	s = open_store(path);
	count(s, N, 1);
	/* A range across the new year with head days, two whole months and tail days, and all time. */
	const struct period_range ranges2[2] = {
		{ period_day_from_civil(2025, 11, 25), period_day_from_civil(2026, 2, 10) },
		all_time,
	};
	for (int i = 0; i < 2; i++) {
		for (int dim = 0; dim < ROLLUP_DIM_COUNT; dim++) {
			struct rows got = query(s, dim, ranges2[i], NULL);
			struct rows want = expect(xs, N, dim, ranges2[i], NULL);
			assert_true(got.n > 0);
			assert_rows_equal(&got, &want, "migrated: roll-ups vs brute force");
			if (dim == ROLLUP_COUNTER) {
				struct rows raw = query_raw(s, ranges2[i], NULL);
				assert_rows_equal(&got, &raw, "migrated: roll-ups vs single ratings");
				rows_free(&raw);
			}
			if (i == 1)
				assert_int_equal(total(&got), N);
			rows_free(&got);
			rows_free(&want);
		}
	}
	/* A migrated rating is still known by its id; new ratings add to the migrated roll-ups. */
	struct rating again[2] = { xs[5].r, random_rating(N + 1) };
	again[1].ts = xs[5].r.ts;
	again[1].clock_ok = true;
	struct ingest_batch b = batch_of(again, 2);
	size_t stored;
	assert_int_equal(store_save(s, &b, xs[5].received, &stored), HL_OK);
	assert_int_equal(stored, 1);
	assert_int_equal(total_query(s, ROLLUP_PROCEDURE), N + 1);
	store_close(s);

	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
				     " name = 'rollup'"),
			 1);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM rating"), N + 1);
	sqlite3_close(db);
	free(xs);
}

static void test_newer_schema_refused(void **state)
{
	char path[256], err[256] = "";
	struct store *s = (struct store *)1;
	sqlite3 *db;

	(void)state;
	path_in("v99.db", path);
	db = open_raw(path);
	exec_raw(db, "CREATE TABLE future(x); PRAGMA user_version = 99");
	sqlite3_close(db);

	assert_int_not_equal(store_open(path, VN_OFFSET, &s, err, sizeof err), HL_OK);
	assert_null(s);
	if (!strstr(err, "newer"))
		fail_msg("error \"%s\" does not say the database is newer", err);

	db = open_raw(path);
	assert_int_equal(int_raw(db, "PRAGMA user_version"), 99);
	assert_int_equal(int_raw(db, "SELECT count(*) FROM sqlite_master WHERE name IN ('rating', 'rollup')"),
			 0);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_file_schema),
		cmocka_unit_test(test_open_memory_and_errors),
		cmocka_unit_test(test_rating_day),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_failed_batch_keeps_nothing),
		cmocka_unit_test(test_reopen_keeps_ids),
		cmocka_unit_test(test_rollups_equal_raw),
		cmocka_unit_test(test_rebuild),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_migrate_from_v1),
		cmocka_unit_test(test_migrate_from_v10),
		cmocka_unit_test(test_newer_schema_refused),
		cmocka_unit_test(test_rating_day_clock_window),
		cmocka_unit_test(test_rating_keeps_what_the_terminal_said),
		cmocka_unit_test(test_rejects_bounded),
		cmocka_unit_test(test_reason_key),
		cmocka_unit_test(test_migrate_from_v4),
		cmocka_unit_test(test_migrate_from_v8),
		cmocka_unit_test(test_migrate_v9_all_or_nothing),
		cmocka_unit_test(test_v9_month_pair_rows_ignored),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
