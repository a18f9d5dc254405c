/* SPDX-License-Identifier: MIT
 * Integration: nothing is lost and nothing is stored twice when a process dies. 5 000 ratings stream
 * from four simulated terminals that resend until receipted; the aggregator is killed with SIGKILL
 * mid-stream and restarted, or the broker is killed and restarted on the same port. The database
 * must end with exactly the 5 000 ratings, and roll-ups that count each once. */
#include "harness.h"

#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#define RATINGS 5000

struct env {
	struct stack s;
	char lglog[300];
	pid_t lg;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	stack_up(&e->s);
	snprintf(e->lglog, sizeof e->lglog, "%s/loadgen.log", e->s.dir);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	if (e->lg > 0)
		harness_kill(e->lg, SIGKILL, 5000);
	stack_down(&e->s);
	free(e);
	return 0;
}

static void start_stream(struct env *e)
{
	static char bin[PATH_MAX + 32];

	snprintf(bin, sizeof bin, "%s/hailong-loadgen", harness_bindir());
	char *argv[] = { bin, "publish", "--broker", e->s.broker.url, "--site", "crash", "--terminals", "4",
			 "--ratings", "5000", "--window", "20", "--resend-ms", "1500", "--timeout", "150", NULL };
	e->lg = harness_spawn(e->lglog, argv);
}

static void finish_stream(struct env *e)
{
	int status = harness_wait(e->lg, 170000);

	e->lg = 0;
	assert_true(status != -1 && WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(harness_file_has(e->lglog, "5000 receipted"));
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating"), RATINGS);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(DISTINCT id) FROM rating"), RATINGS);
	for (int dim = 0; dim < 4; dim++) /* counter, officer, procedure, site */
		for (int grain = 0; grain < 2; grain++) {
			char sql[128];
			snprintf(sql, sizeof sql, "SELECT sum(n) FROM rollup WHERE dim = %d AND grain = %d", dim, grain);
			assert_int_equal(harness_sql(e->s.db, sql), RATINGS);
		}
}

static void aggregator_killed_mid_stream(void **state)
{
	struct env *e = *state;
	int64_t seen;

	start_stream(e);
	seen = harness_sql_wait(e->s.db, "SELECT count(*) >= 1000 FROM rating", 1, 60000);
	assert_int_equal(seen, 1);
	harness_kill(e->s.agg, SIGKILL, 5000);
	seen = harness_sql(e->s.db, "SELECT count(*) FROM rating");
	assert_true(seen >= 1000 && seen < RATINGS);
	harness_sleep_ms(500);
	e->s.agg = aggregator_start(e->s.broker.url, e->s.db, e->s.agglog);
	finish_stream(e);
}

static void broker_killed_mid_stream(void **state)
{
	struct env *e = *state;
	int64_t seen;

	start_stream(e);
	seen = harness_sql_wait(e->s.db, "SELECT count(*) >= 1000 FROM rating", 1, 60000);
	assert_int_equal(seen, 1);
	broker_stop(&e->s.broker, SIGKILL);
	seen = harness_sql(e->s.db, "SELECT count(*) FROM rating");
	assert_true(seen < RATINGS);
	harness_sleep_ms(1000);
	broker_start(&e->s.broker, e->s.dir, e->s.broker.port);
	finish_stream(e);
	/* The aggregator reconnected by itself and kept running throughout. */
	assert_int_equal(harness_wait(e->s.agg, 0), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(aggregator_killed_mid_stream, setup, teardown),
		cmocka_unit_test_setup_teardown(broker_killed_mid_stream, setup, teardown),
	};
	return cmocka_run_group_tests_name("it_crash", tests, NULL, NULL);
}
