/* SPDX-License-Identifier: MIT
 * Integration: the real aggregator behind a real mosquitto on 127.0.0.1, writing a real SQLite file.
 * Valid ratings are stored once and receipted (also when sent twice); every kind of invalid message
 * lands in `rejected` with its reason and gets no receipt; ratings published while the aggregator is
 * down are held by the broker for its persistent session; and the command line answers bad usage
 * with exit code 2 and bad config with the file, line and key. */
#include "harness.h"
#include "link.h"
#include "topic.h"
#include "uuid.h"
#include "wire.h"

#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <cmocka.h>


static struct link *client(const struct stack *e, const char *sub)
{
	struct link *l = harness_client(e->broker.port, sub);

	assert_non_null(l);
	return l;
}

/* Counts receipts naming id that arrive on l within timeout_ms, stopping at want. */
static int receipts_for(struct link *l, const char *id, int want, int timeout_ms)
{
	static char ids[WIRE_RECEIPT_MAX_IDS][HL_ID_LEN + 1];
	int64_t deadline = harness_now_ms() + timeout_ms;
	int got = 0;

	while (got < want && harness_now_ms() < deadline) {
		struct link_msg *msgs;
		size_t n, nids;
		link_take(l, 50, SIZE_MAX, &msgs, &n);
		for (struct link_msg *m = msgs; m; m = m->next) {
			assert_int_equal(wire_receipt_decode(m->payload, m->len, ids, WIRE_RECEIPT_MAX_IDS, &nids), HL_OK);
			for (size_t i = 0; i < nids; i++)
				got += !id || strcmp(ids[i], id) == 0;
		}
		link_msgs_free(msgs);
	}
	return got;
}

static void sample(struct rating *r, const char *counter)
{
	memset(r, 0, sizeof *r);
	assert_int_equal(uuid_new(r->id), HL_OK);
	strcpy(r->site, "sct-bentre");
	strcpy(r->counter, counter);
	strcpy(r->officer, "cb0123");
	strcpy(r->procedure, "1.001234");
	r->scale = 5;
	r->answers[SURVEY_Q_OFFICER] = 2;
	r->answers[SURVEY_Q_PROCEDURE] = 4;
	r->reasons = 1u << SURVEY_R_TRE_HEN | 1u << SURVEY_R_THAI_DO;
	r->ts = 1763700000;
	r->clock_ok = true;
}

static void valid_rating_stored_once_and_receipted_twice(void **state)
{
	struct stack *e = *state;
	struct link *l = client(e, "hailong/v1/sct-bentre/q05/receipt");
	struct rating r;
	char body[1024], sql[512];
	size_t len;

	sample(&r, "q05");
	assert_int_equal(wire_rating_encode(&r, body, sizeof body, &len), HL_OK);
	assert_int_equal(link_publish(l, "hailong/v1/sct-bentre/q05/rating", body, len, 1, false), HL_OK);
	assert_int_equal(receipts_for(l, r.id, 1, 5000), 1);
	/* The same rating again, as a terminal that missed the receipt would send it: receipted, not stored. */
	assert_int_equal(link_publish(l, "hailong/v1/sct-bentre/q05/rating", body, len, 1, false), HL_OK);
	assert_int_equal(receipts_for(l, r.id, 1, 5000), 1);
	link_stop(l, NULL);

	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rating"), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE hex(id) = upper(replace('%s', '-', ''))"
		 " AND site = 'sct-bentre' AND counter = 'q05' AND officer = 'cb0123' AND procedure = '1.001234'"
		 " AND scale = 5 AND a_officer = 2 AND a_procedure = 4 AND ts = 1763700000 AND clock_ok = 1", r.id);
	assert_int_equal(harness_sql(e->db, sql), 1);
	snprintf(sql, sizeof sql, "SELECT reasons FROM rating");
	assert_int_equal(harness_sql(e->db, sql), (1 << SURVEY_R_TRE_HEN) | (1 << SURVEY_R_THAI_DO));
	/* Roll-ups counted it once: one rating in each dimension's day row. */
	assert_int_equal(harness_sql(e->db, "SELECT sum(n) FROM rollup WHERE grain = 0 AND dim < 4"), 4); /* counter, officer, procedure, site */
	assert_int_equal(harness_sql(e->db, "SELECT sum(n) FROM rollup WHERE grain = 0 AND dim >= 4"), 3); /* and the three pairs */
	assert_int_equal(harness_sql(e->db, "SELECT sum(o2) FROM rollup WHERE dim = 0 AND grain = 1"), 1);
}

static void many_terminals_all_receipted_and_stored(void **state)
{
	struct stack *e = *state;
	char bin[PATH_MAX + 32], log[300];

	snprintf(bin, sizeof bin, "%s/hailong-loadgen", harness_bindir());
	snprintf(log, sizeof log, "%s/loadgen.log", e->dir);
	char *argv[] = { bin, "publish", "--broker", e->broker.url, "--site", "lg", "--terminals", "4",
			 "--ratings", "400", "--window", "5", "--timeout", "60", NULL };
	assert_int_equal(harness_run(log, argv, 90000), 0);
	assert_true(harness_file_has(log, "400 receipted"));
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rating WHERE site = 'lg'"), 400);
	assert_int_equal(harness_sql(e->db, "SELECT count(DISTINCT counter) FROM rating WHERE site = 'lg'"), 4);
	assert_int_equal(harness_sql(e->db, "SELECT sum(n) FROM rollup WHERE dim = 0 AND grain = 1 AND site = 'lg'"), 400);
}

static void invalid_messages_rejected_with_reason_and_never_receipted(void **state)
{
	struct stack *e = *state;
	struct link *l = client(e, "hailong/v1/+/+/receipt");
	struct rating r;
	char good[1024], big[5000];
	size_t len;
	static const struct {
		const char *topic, *body, *reason;
	} cases[] = {
		{ "hailong/v1/sct-bentre/q09/rating", "{not json", "malformed JSON" },
		{ "hailong/v1/sct-bentre/q09/rating", "[1,2,3]", "not a JSON object" },
		{ "hailong/v1/sct-bentre/q09/rating",
		  "{\"v\":1,\"id\":\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c11\",\"site\":\"sct-bentre\",\"counter\":\"q09\","
		  "\"scale\":\"5\",\"answers\":{\"officer\":5},\"ts\":1763700000}", "scale must be" },
		{ "hailong/v1/sct-bentre/q09/rating",
		  "{\"v\":1,\"id\":\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c12\",\"site\":\"sct-bentre\",\"counter\":\"q09\","
		  "\"scale\":5,\"answers\":{\"officer\":7},\"ts\":1763700000}", "level 7" },
		{ "hailong/v1/sct-bentre/q09/rating",
		  "{\"v\":1,\"id\":\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c13\",\"site\":\"sct-bentre\",\"counter\":\"q09\","
		  "\"scale\":3,\"answers\":{\"officer\":4},\"ts\":1763700000}", "outside 1..scale" },
		{ "hailong/v1/sct-bentre/q09/rating",
		  "{\"v\":1,\"id\":\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c14\",\"site\":\"sct-bentre\",\"counter\":\"q09\","
		  "\"scale\":5,\"answers\":{\"officer\":5},\"ts\":1763700000,\"phone\":\"0909\"}", "unknown field" },
		{ "hailong/v1/sct-bentre/q09/rating",
		  "{\"v\":2,\"id\":\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c15\",\"site\":\"sct-bentre\",\"counter\":\"q09\","
		  "\"scale\":5,\"answers\":{\"officer\":5},\"ts\":1763700000}", "unsupported version 2" },
		{ "hailong/v1/sct-bentre/q08/rating",
		  "{\"v\":1,\"id\":\"0d9f8e0c-4a7b-4c55-9a57-3f6f3bde0c16\",\"site\":\"sct-bentre\",\"counter\":\"q09\","
		  "\"scale\":5,\"answers\":{\"officer\":5},\"ts\":1763700000}", "does not match" },
	};
	size_t ncases = sizeof cases / sizeof cases[0];

	for (size_t i = 0; i < ncases; i++)
		assert_int_equal(link_publish(l, cases[i].topic, cases[i].body, strlen(cases[i].body), 1, false), HL_OK);
	/* An oversize payload: a valid rating padded with blanks past 4 KiB. */
	sample(&r, "q09");
	assert_int_equal(wire_rating_encode(&r, good, sizeof good, &len), HL_OK);
	memset(big, ' ', sizeof big);
	memcpy(big, good, len);
	assert_int_equal(link_publish(l, "hailong/v1/sct-bentre/q09/rating", big, sizeof big, 1, false), HL_OK);

	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rejected", (int64_t)ncases + 1, 10000),
			 (int64_t)ncases + 1);
	for (size_t i = 0; i < ncases; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM rejected WHERE reason LIKE '%%%s%%' AND topic = '%s'",
			 cases[i].reason, cases[i].topic);
		assert_int_equal(harness_sql(e->db, sql), 1);
	}
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rejected WHERE reason LIKE 'payload too large%'"
				     " AND size = 5000 AND length(payload) = 4096"), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rating"), 0);
	assert_int_equal(receipts_for(l, NULL, 1, 1000), 0);
	assert_true(harness_file_has(e->agglog, "rejected 9 bytes on hailong/v1/sct-bentre/q09/rating: malformed JSON"));

	/* `rejected` says when, in the sites' local time (+07 by default) with the zone — the same clock
	 * `flags` and `session` read — whatever the machine's own zone is. */
	int64_t id = harness_sql(e->db, "SELECT max(id) FROM rejected");
	char sql[128], bin[PATH_MAX + 32], out[300], want[80], when[40];
	snprintf(sql, sizeof sql, "SELECT received FROM rejected WHERE id = %lld", (long long)id);
	time_t local = (time_t)(harness_sql(e->db, sql) + 7 * 3600);
	struct tm tm;
	gmtime_r(&local, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S +07", &tm);
	snprintf(want, sizeof want, "#%lld  %s  ", (long long)id, when);
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	snprintf(out, sizeof out, "%s/rejected.out", e->dir);
	setenv("TZ", "America/New_York", 1);
	char *argv[] = { bin, "rejected", "--db", e->db, "--limit", "1", NULL };
	assert_int_equal(harness_run(out, argv, 20000), 0);
	unsetenv("TZ");
	assert_true(harness_file_has(out, want));
	link_stop(l, NULL);
}

static void broker_holds_ratings_while_aggregator_is_down(void **state)
{
	struct stack *e = *state;
	char bin[PATH_MAX + 32], log[300];
	int status;

	status = harness_kill(e->agg, SIGTERM, 10000);
	e->agg = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(harness_file_has(e->agglog, "stopped:"));

	/* No resend within the test: only the broker's queue for our session can deliver these. */
	snprintf(bin, sizeof bin, "%s/hailong-loadgen", harness_bindir());
	snprintf(log, sizeof log, "%s/loadgen.log", e->dir);
	char *argv[] = { bin, "publish", "--broker", e->broker.url, "--site", "held", "--terminals", "2",
			 "--ratings", "50", "--window", "50", "--resend-ms", "600000", "--timeout", "60", NULL };
	pid_t lg = harness_spawn(log, argv);
	harness_sleep_ms(1000);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rating"), 0);
	e->agg = aggregator_start(e->broker.url, e->db, e->agglog);
	status = harness_wait(lg, 30000);
	assert_true(status != -1 && WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(harness_file_has(log, "50 receipted"));
	assert_true(harness_file_has(log, "0 resent"));
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rating WHERE site = 'held'"), 50);
}

static int run_agg(const struct stack *e, const char *out, char **args)
{
	char bin[PATH_MAX + 32];
	char *argv[16] = { bin };
	int i = 0;

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	while (args[i] && i < 14) {
		argv[i + 1] = args[i];
		i++;
	}
	argv[i + 1] = NULL;
	(void)e;
	return harness_run(out, argv, 20000);
}

static void command_line_errors_are_clear(void **state)
{
	struct stack *e = *state;
	char out[300], conf[300];
	FILE *f;

	snprintf(out, sizeof out, "%s/cli.out", e->dir);
	assert_int_equal(run_agg(e, out, (char *[]){ NULL }), 2);
	assert_true(harness_file_has(out, "Usage:"));
	assert_int_equal(run_agg(e, out, (char *[]){ "frobnicate", NULL }), 2);
	assert_true(harness_file_has(out, "unknown command 'frobnicate'"));
	assert_int_equal(run_agg(e, out, (char *[]){ "serve", "--bogus", NULL }), 2);
	assert_int_equal(run_agg(e, out, (char *[]){ "report", "--db", e->db, NULL }), 2);
	unlink(out); /* the log is appended to: from here on, only what follows */
	assert_int_equal(run_agg(e, out, (char *[]){ "report", "counters", "--db", e->db, "--month", "2026-13", NULL }), 2);
	assert_true(harness_file_has(out, "bad period '2026-13' for --month: there is no month 13"));
	assert_true(harness_file_has(out, "see 'hailong-aggregator report --help'"));
	assert_false(harness_file_has(out, "Usage:"));
	/* A reason for each bad period, and the way to write a Vietnamese-style date. */
	assert_int_equal(run_agg(e, out, (char *[]){ "report", "counters", "--db", e->db, "--from", "2026-02-30", "--to",
						   "2026-03-31", NULL }), 2);
	assert_true(harness_file_has(out, "bad period '2026-02-30' for --from: 2026-02 has 28 days"));
	assert_int_equal(run_agg(e, out, (char *[]){ "report", "counters", "--db", e->db, "--from", "01/11/2026", "--to",
						   "2026-11-30", NULL }), 2);
	assert_true(harness_file_has(out, "bad period '01/11/2026' for --from: write it 2026-11-01 (YYYY-MM-DD)"));
	assert_int_equal(run_agg(e, out, (char *[]){ "report", "counters", "--db", e->db, "--format", "xml", NULL }), 2);
	/* A mistyped --db is an error for the commands that read; none of them leaves an empty database. */
	char missing[320];
	snprintf(missing, sizeof missing, "%s/mistyped.db", e->dir);
	const char *readers[][3] = { { "rejected", NULL, NULL }, { "roster", "show", NULL }, { "flags", "list", NULL },
				     { "report", "counters", NULL }, { "roster", "publish", NULL } };
	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		char *args[8] = { (char *)readers[i][0] };
		int n = 1;
		if (readers[i][1])
			args[n++] = (char *)readers[i][1];
		args[n++] = "--db";
		args[n++] = missing;
		unlink(out);
		assert_int_equal(run_agg(e, out, args), 1);
		assert_true(harness_file_has(out, "no database at "));
		assert_int_equal(access(missing, F_OK), -1);
	}
	assert_int_equal(run_agg(e, out, (char *[]){ "serve", "--help", NULL }), 0);
	assert_true(harness_file_has(out, "session_expiry"));

	snprintf(conf, sizeof conf, "%s/bad.conf", e->dir);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs("# aggregator\nbroker = http://example\n", f);
	fclose(f);
	assert_int_equal(run_agg(e, out, (char *[]){ "serve", "-c", conf, NULL }), 1);
	char want[400];
	snprintf(want, sizeof want, "%s:2: key 'broker': 'http://example' is not mqtt://HOST:PORT or mqtts://HOST:PORT", conf);
	assert_true(harness_file_has(out, want));
	assert_int_equal(run_agg(e, out, (char *[]){ "serve", "-c", "/nonexistent/agg.conf", NULL }), 1);
	assert_true(harness_file_has(out, "/nonexistent/agg.conf: cannot open: No such file or directory"));
}

static void report_shows_what_was_stored(void **state)
{
	struct stack *e = *state;
	char bin[PATH_MAX + 32], log[300], out[300];

	snprintf(bin, sizeof bin, "%s/hailong-loadgen", harness_bindir());
	snprintf(log, sizeof log, "%s/loadgen.log", e->dir);
	snprintf(out, sizeof out, "%s/report.json", e->dir);
	char *argv[] = { bin, "publish", "--broker", e->broker.url, "--site", "rp", "--terminals", "3",
			 "--ratings", "90", "--window", "10", "--timeout", "60", NULL };
	assert_int_equal(harness_run(log, argv, 90000), 0);
	assert_int_equal(run_agg(e, out, (char *[]){ "report", "counters", "--db", e->db, "--site", "rp",
						     "--format", "json", NULL }), 0);
	assert_true(harness_file_has(out, "\"counter\":\t\"q01\""));
	assert_true(harness_file_has(out, "\"counter\":\t\"q03\""));
	assert_true(harness_file_has(out, "\"ratings\":\t30"));
	assert_false(harness_file_has(out, "\"counter\":\t\"q04\""));

	/* A backup taken while serve runs is a whole database with the same ratings. */
	char copy[300];
	snprintf(copy, sizeof copy, "%s/backup.db", e->dir);
	assert_int_equal(run_agg(e, out, (char *[]){ "backup", "--db", e->db, "-o", copy, NULL }), 0);
	assert_int_equal(harness_sql(copy, "SELECT count(*) FROM rating WHERE site = 'rp'"), 90);
	assert_int_equal(harness_sql(copy, "SELECT sum(n) FROM rollup WHERE dim = 3 AND grain = 1 AND site = 'rp'"), 90);
	assert_int_equal(run_agg(e, out, (char *[]){ "backup", "--db", e->db, "-o", copy, NULL }), 1);
	assert_true(harness_file_has(out, "exists already"));
}

/* A broker that refuses us for good (no anonymous clients): serve says why and exits 1, so systemd
 * restarts it instead of it waiting silently. */
static void refused_connection_exits_non_zero(void **state)
{
	struct stack *e = *state;
	char conf[300], log[300], db[300], bin[PATH_MAX + 32], url[64];
	int port = harness_free_port();
	FILE *f;

	snprintf(conf, sizeof conf, "%s/closed.conf", e->dir);
	snprintf(log, sizeof log, "%s/closed-aggregator.log", e->dir);
	snprintf(db, sizeof db, "%s/closed.db", e->dir);
	snprintf(url, sizeof url, "mqtt://127.0.0.1:%d", port);
	f = fopen(conf, "w");
	assert_non_null(f);
	fprintf(f, "listener %d 127.0.0.1\nallow_anonymous false\n", port);
	fclose(f);
	char *mq[] = { "/usr/sbin/mosquitto", "-c", conf, NULL };
	pid_t broker = harness_spawn(NULL, mq);
	assert_true(harness_port_open(port, 5000));
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *serve[] = { bin, "serve", "--broker", url, "--db", db, NULL };
	int status = harness_wait(harness_spawn(log, serve), 20000);
	harness_kill(broker, SIGTERM, 5000);
	assert_true(status != -1 && WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_true(harness_file_has(log, "broker refused the connection"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(valid_rating_stored_once_and_receipted_twice, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(many_terminals_all_receipted_and_stored, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(invalid_messages_rejected_with_reason_and_never_receipted, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(broker_holds_ratings_while_aggregator_is_down, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(command_line_errors_are_clear, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(report_shows_what_was_stored, stack_setup, stack_teardown),
		cmocka_unit_test_setup_teardown(refused_connection_exits_non_zero, stack_setup, stack_teardown),
	};
	return cmocka_run_group_tests_name("it_ingest", tests, NULL, NULL);
}
