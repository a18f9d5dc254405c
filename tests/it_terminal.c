/* SPDX-License-Identifier: MIT
 * Integration: the real terminal binary (SDL dummy video driver, software rendering) with a real
 * mosquitto, the real aggregator and real SQLite files. An input script's keys become stored ratings
 * with the right officer, procedure, levels and reasons; ratings given while the broker is down are
 * all stored once when it is back; a terminal killed with SIGKILL while ratings wait in its spool
 * delivers them all, once, after a restart (the screens themselves: it_screens.c). */
#include "terminal_fixture.h"
#include "link.h"
#include "wire.h"

#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

static void write_conf(const struct env *e, const char *extra)
{
	terminal_write_conf(e, extra);
}

static void publish_retained(const struct env *e, const char *topic, const char *body)
{
	terminal_publish_retained(e, topic, body, strlen(body));
}

static void keys_become_stored_ratings(void **state)
{
	struct env *e = *state;

	/* Under a session: two taps, satisfied. */
	publish_retained(e, "hailong/v1/sct-bentre/q05/session",
			 "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\",\"expires\":4102444800}");
	write_conf(e, "officer = cb0999\n");
	harness_write_file(e->script, "wait 300\nkey 5\nkey 4\nwait 2000\nquit\n");
	assert_int_equal(harness_finish(terminal_start(e, e->script), 30000), 0);
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) FROM rating", 1, 5000), 1);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE officer = 'cb0123' AND"
				     " procedure = '1.001234' AND a_officer = 5 AND a_procedure = 4 AND reasons = 0"
				     " AND site = 'sct-bentre' AND counter = 'q05' AND scale = 5"), 1);

	/* The session is closed: the configured officer, no procedure; unhappy with reasons 1 and 4. */
	publish_retained(e, "hailong/v1/sct-bentre/q05/session", "");
	harness_write_file(e->script, "wait 300\nkey 2\nkey 1\nkey 1\nkey Return\nkey 4\nkey 9\nkey 9\nkey Return\nwait 2000\nquit\n");
	assert_int_equal(harness_finish(terminal_start(e, e->script), 30000), 0);
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) FROM rating", 2, 5000), 2);
	assert_int_equal(harness_sql(e->s.db, "SELECT reasons FROM rating WHERE officer = 'cb0999' AND"
				     " procedure = '' AND a_officer = 2 AND a_procedure = 1"),
			 (1 << SURVEY_R_NHUNG_NHIEU) | (1 << SURVEY_R_THAI_DO));
	/* Only the first question, then Esc... and a timeout would send it; here: answer, skip. */
	harness_write_file(e->script, "wait 300\nkey 4\nkey Return\nwait 2000\nquit\n");
	assert_int_equal(harness_finish(terminal_start(e, e->script), 30000), 0);
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) FROM rating", 3, 5000), 3);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE a_officer = 4 AND a_procedure IS NULL"), 1);
	/* Every receipt arrived: the spool is empty. */
	assert_int_equal(harness_sql(e->spool, "SELECT count(*) FROM spool"), 0);
	assert_true(harness_file_has(e->tlog, "connected to the broker"));
}

/* questions = all: the real terminal asks the result third, and its answer is stored as its own. */
static void the_result_question_is_stored(void **state)
{
	struct env *e = *state;

	write_conf(e, "questions = all\n");
	harness_write_file(e->script, "wait 300\nkey 5\nkey 4\nkey 3\nwait 2000\nquit\n");
	assert_int_equal(harness_finish(terminal_start(e, e->script), 30000), 0);
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) FROM rating", 1, 5000), 1);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE a_officer = 5 AND a_procedure = 4"
				     " AND a_result = 3 AND reasons = 0"), 1);
	assert_int_equal(harness_sql(e->s.db, "SELECT sum(k3) FROM rollup WHERE dim = 3 AND grain = 0"), 1);
	/* A value the terminal does not know stops it with file, line and key. */
	char bin[PATH_MAX + 32], out[300], want[400];
	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	snprintf(out, sizeof out, "%s/questions.out", e->s.dir);
	harness_write_file(e->conf, "site = sct-bentre\ncounter = q05\nquestions = officer,kết quả\n");
	char *bad_conf[] = { bin, "-c", e->conf, NULL };
	assert_int_equal(harness_run(out, bad_conf, 20000), 1);
	snprintf(want, sizeof want, "%s:3: key 'questions'", e->conf);
	assert_true(harness_file_has(out, want));
	assert_true(harness_file_has(out, "a list of officer, procedure, result"));
}

static void ratings_survive_a_broker_outage(void **state)
{
	struct env *e = *state;
	FILE *f;

	write_conf(e, "");
	f = fopen(e->script, "w");
	assert_non_null(f);
	fprintf(f, "wait 300\n");
	for (int i = 0; i < 50; i++)
		fprintf(f, "key %d\nkey 5\nkey Return\nwait 60\n", 3 + i % 3);
	fprintf(f, "wait 20000\nquit\n");
	fclose(f);
	pid_t t = terminal_start(e, e->script);
	/* Stop the broker once a few ratings are through, start it again a moment later. */
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) >= 5 FROM rating", 1, 20000), 1);
	broker_stop(&e->s.broker, SIGTERM);
	harness_sleep_ms(2000);
	broker_start(&e->s.broker, e->s.dir, e->s.broker.port);
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) FROM rating", 50, 40000), 50);
	assert_int_equal(harness_sql_wait(e->spool, "SELECT count(*) FROM spool", 0, 20000), 0);
	harness_kill(t, SIGTERM, 10000);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(DISTINCT id) FROM rating"), 50);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(*) FROM rating WHERE a_procedure = 5"), 50);
}

static void spooled_ratings_survive_kill_9(void **state)
{
	struct env *e = *state;
	FILE *f;

	/* No aggregator: ratings stay in the spool. */
	harness_kill(e->s.agg, SIGTERM, 10000);
	e->s.agg = 0;
	write_conf(e, "");
	f = fopen(e->script, "w");
	assert_non_null(f);
	fprintf(f, "wait 300\n");
	for (int i = 0; i < 10; i++)
		fprintf(f, "key 1\nkey 2\nkey %d\nkey Return\nkey Return\nkey Escape\nwait 50\n", 1 + i % 9);
	fprintf(f, "wait 60000\nquit\n");
	fclose(f);
	pid_t t = terminal_start(e, e->script);
	assert_int_equal(harness_sql_wait(e->spool, "SELECT count(*) FROM spool", 10, 20000), 10);
	harness_kill(t, SIGKILL, 5000);

	e->s.agg = aggregator_start(e->s.broker.url, e->s.db, e->s.agglog);
	harness_write_file(e->script, "wait 8000\nquit\n");
	t = terminal_start(e, e->script);
	assert_int_equal(harness_sql_wait(e->s.db, "SELECT count(*) FROM rating", 10, 20000), 10);
	assert_int_equal(harness_sql_wait(e->spool, "SELECT count(*) FROM spool", 0, 20000), 0);
	harness_kill(t, SIGTERM, 10000);
	assert_int_equal(harness_sql(e->s.db, "SELECT count(DISTINCT id) FROM rating WHERE a_officer = 1"
				     " AND a_procedure = 2 AND reasons != 0"), 10);
}

/* The retained status a dashboard reads: "offline" after a clean stop, and the last will says the
 * same when the terminal dies. */
static void status_is_retained(void **state)
{
	struct env *e = *state;
	const char *subs[] = { "hailong/v1/sct-bentre/q05/status", NULL };
	struct link_options lo = { .host = "127.0.0.1", .port = e->s.broker.port, .subscriptions = subs };
	struct link *l;
	struct link_msg *m;
	size_t n = 0;

	write_conf(e, "");
	harness_write_file(e->script, "wait 300\nkey 5\nkey 5\nwait 1500\nquit\n");
	assert_int_equal(harness_finish(terminal_start(e, e->script), 30000), 0);
	assert_int_equal(link_start(&lo, &l), HL_OK);
	link_take(l, 5000, 1, &m, &n);
	assert_int_equal(n, 1);
	assert_true(m->retain);
	assert_non_null(strstr(m->payload, "\"state\":\"offline\""));
	link_msgs_free(m);
	link_stop(l, NULL);

	/* Killed: the broker publishes the will. First see it online with its spool count. */
	harness_write_file(e->script, "wait 60000\nquit\n");
	pid_t t = terminal_start(e, e->script);
	assert_int_equal(link_start(&lo, &l), HL_OK);
	int64_t deadline = harness_now_ms() + 10000;
	bool online = false;
	while (!online && harness_now_ms() < deadline) {
		link_take(l, 200, SIZE_MAX, &m, &n);
		for (struct link_msg *i = m; i; i = i->next)
			online |= strstr(i->payload, "\"state\":\"online\"") && strstr(i->payload, "\"spooled\":0");
		link_msgs_free(m);
	}
	assert_true(online);
	harness_kill(t, SIGKILL, 5000);
	bool offline = false;
	deadline = harness_now_ms() + 60000; /* the broker notices within 1.5 keepalives */
	while (!offline && harness_now_ms() < deadline) {
		link_take(l, 200, SIZE_MAX, &m, &n);
		for (struct link_msg *i = m; i; i = i->next)
			offline |= strstr(i->payload, "\"state\":\"offline\"") != NULL;
		link_msgs_free(m);
	}
	link_stop(l, NULL);
	assert_true(offline);
}

static void bad_setup_is_reported_clearly(void **state)
{
	struct env *e = *state;
	char bin[PATH_MAX + 32], out[300], want[400];

	snprintf(bin, sizeof bin, "%s/hailong-terminal", harness_bindir());
	snprintf(out, sizeof out, "%s/cli.out", e->s.dir);
	harness_write_file(e->conf, "site = sct-bentre\ncounter = q05\nscale = 7\n");
	char *bad_conf[] = { bin, "-c", e->conf, NULL };
	assert_int_equal(harness_run(out, bad_conf, 20000), 1);
	snprintf(want, sizeof want, "%s:3: key 'scale': 7 is outside 3..5", e->conf);
	assert_true(harness_file_has(out, want));
	char *bad_opt[] = { bin, "--frobnicate", NULL };
	assert_int_equal(harness_run(out, bad_opt, 20000), 2);
	assert_true(harness_file_has(out, "Usage:"));
	write_conf(e, "");
	harness_write_file(e->script, "wait 10\nkey NoSuchKey\n");
	char *bad_script[] = { bin, "-c", e->conf, "--input-script", e->script, NULL };
	assert_int_equal(harness_run(out, bad_script, 20000), 2);
	snprintf(want, sizeof want, "%s:2: unknown key 'NoSuchKey'", e->script);
	assert_true(harness_file_has(out, want));
	harness_write_file(e->script, "wait 10\ntap 5\n");
	assert_int_equal(harness_run(out, bad_script, 20000), 2);
	snprintf(want, sizeof want, "%s:2: tap needs two pixel coordinates", e->script);
	assert_true(harness_file_has(out, want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(keys_become_stored_ratings, terminal_env_setup, terminal_env_teardown),
		cmocka_unit_test_setup_teardown(the_result_question_is_stored, terminal_env_setup, terminal_env_teardown),
		cmocka_unit_test_setup_teardown(ratings_survive_a_broker_outage, terminal_env_setup, terminal_env_teardown),
		cmocka_unit_test_setup_teardown(spooled_ratings_survive_kill_9, terminal_env_setup, terminal_env_teardown),
		cmocka_unit_test_setup_teardown(status_is_retained, terminal_env_setup, terminal_env_teardown),
		cmocka_unit_test_setup_teardown(bad_setup_is_reported_clearly, terminal_env_setup, terminal_env_teardown),
	};
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_RENDER_DRIVER", "software", 1);
	return cmocka_run_group_tests_name("it_terminal", tests, NULL, NULL);
}
