/* SPDX-License-Identifier: MIT
 * test_latency.c — the --stats figures as bench/terminal.sh reads them: percentiles of microsecond
 * samples in milliseconds (nearest rank, the input order does not matter, 0 for no samples), a round
 * trip timed from the tap to the receipt of that rating only, the first frame kept once, and the
 * file holding every key the benchmark greps for. NULL records ignore every call. Files go to a
 * private directory under /tmp that is removed afterwards. */
#include "hl.h"
#include "latency.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ID_A "0b7d6a64-3f0e-4c1a-9d2e-1f2a3b4c5d6e"
#define ID_B "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
#define ID_C "5c4b3a29-1807-4f6e-9d5c-4b3a29180706"

/* The number after "key " in the stats file at path; fails the test when the key is missing. */
static double stat_of(const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char name[64];
	double v;
	int found = 0;

	assert_non_null(f);
	while (fscanf(f, "%63s %lf", name, &v) == 2) {
		if (strcmp(name, key) == 0) {
			found = 1;
			break;
		}
	}
	fclose(f);
	assert_true(found);
	return v;
}

static void test_pct_empty(void **state)
{
	(void)state;
	assert_true(latency_pct(NULL, 0, 0.5) == 0.0);
}

static void test_pct_ms_any_order(void **state)
{
	int64_t v[100];

	(void)state;
	/* 1..100 ms, shuffled by a stride prime to 100 */
	for (size_t i = 0; i < 100; i++)
		v[i] = (int64_t)((i * 37) % 100 + 1) * 1000;
	assert_float_equal(latency_pct(v, 100, 0.5), 51.0, 1e-9); /* index round(0.5 * 99) = 50 */
	assert_float_equal(latency_pct(v, 100, 0.99), 99.0, 1e-9);
	assert_float_equal(latency_pct(v, 100, 0.0), 1.0, 1e-9);
	assert_float_equal(latency_pct(v, 100, 1.0), 100.0, 1e-9);
	for (size_t i = 1; i < 100; i++)
		assert_true(v[i - 1] <= v[i]); /* sorted in place */
}

static void test_pct_one_and_fraction(void **state)
{
	int64_t one[] = { 1234 };
	int64_t three[] = { 3000, 1500, 2250 };

	(void)state;
	assert_float_equal(latency_pct(one, 1, 0.5), 1.234, 1e-9);
	assert_float_equal(latency_pct(one, 1, 0.99), 1.234, 1e-9);
	assert_float_equal(latency_pct(three, 3, 0.5), 2.25, 1e-9);
	assert_float_equal(latency_pct(three, 3, 0.99), 3.0, 1e-9);
}

static void test_file(void **state)
{
	static const char *const keys[] = {
		"first_frame_realtime_ns", "tap_to_thanks_n",  "tap_to_thanks_p50_ms", "tap_to_thanks_p99_ms",
		"round_trip_n",            "round_trip_p50_ms", "round_trip_p99_ms",   "spool_commit_p50_ms",
		"spool_commit_p99_ms",
	};
	char dir[64], path[96];
	struct latency *l = latency_new();

	(void)state;
	assert_non_null(l);
	snprintf(dir, sizeof dir, "/tmp/test_latency-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/stats", dir);

	assert_true(latency_wants_first_frame(l));
	latency_first_frame(l, 1700000000123456789);
	assert_false(latency_wants_first_frame(l));
	latency_first_frame(l, 1800000000000000000); /* only the first frame counts */

	latency_tap_to_thanks(l, 4000);
	latency_tap_to_thanks(l, 2000);
	latency_spool_commit(l, 500);

	latency_sent(l, ID_A, 1000000);
	latency_sent(l, ID_B, 1000500);
	latency_receipt(l, ID_B, 1010500);           /* 10 ms */
	latency_receipt(l, ID_B, 1020500);           /* a second receipt is not a second round trip */
	latency_receipt(l, "not-a-waiting-id", 2000000);
	latency_sent(l, ID_C, 0);                    /* 0: not timed */

	assert_int_equal(latency_write(l, path), HL_OK);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		stat_of(path, keys[i]);
	assert_true(stat_of(path, "first_frame_realtime_ns") == 1700000000123456789.0);
	assert_float_equal(stat_of(path, "tap_to_thanks_n"), 2, 1e-9);
	assert_float_equal(stat_of(path, "tap_to_thanks_p50_ms"), 4.0, 1e-9);
	assert_float_equal(stat_of(path, "round_trip_n"), 1, 1e-9);
	assert_float_equal(stat_of(path, "round_trip_p50_ms"), 10.0, 1e-9);
	assert_float_equal(stat_of(path, "spool_commit_p99_ms"), 0.5, 1e-9);

	latency_receipt(l, ID_A, 1003000);           /* 3 ms: A was still waiting */
	latency_receipt(l, ID_C, 1004000);
	assert_int_equal(latency_write(l, path), HL_OK);
	assert_float_equal(stat_of(path, "round_trip_n"), 2, 1e-9);
	assert_float_equal(stat_of(path, "round_trip_p50_ms"), 10.0, 1e-9);

	unlink(path);
	assert_int_equal(rmdir(dir), 0);
	snprintf(path, sizeof path, "%s/stats", dir); /* the directory is gone now */
	assert_int_equal(latency_write(l, path), HL_ERR_IO);
	latency_free(l);
}

static void test_null(void **state)
{
	(void)state;
	latency_tap_to_thanks(NULL, 1);
	latency_spool_commit(NULL, 1);
	latency_sent(NULL, ID_A, 1);
	latency_receipt(NULL, ID_A, 2);
	latency_first_frame(NULL, 1);
	assert_false(latency_wants_first_frame(NULL));
	latency_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct_empty),
		cmocka_unit_test(test_pct_ms_any_order),
		cmocka_unit_test(test_pct_one_and_fraction),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
