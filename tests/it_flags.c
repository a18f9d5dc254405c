/* SPDX-License-Identifier: MIT
 * Integration: complaint flags with the real aggregator (started here with its own config file, for
 * short thresholds) behind a real mosquitto on 127.0.0.1, writing a real SQLite file, fed by MQTT
 * clients acting as terminals. A serious reason becomes a flag within seconds and an alert on
 * hailong/v1/SITE/alerts that a subscriber receives, once; a burst of dissatisfied ratings at one
 * counter becomes one burst flag, not two; the `flags` command lists, shows, acknowledges and resolves
 * it with the exit codes and sentences a person would check; a terminal's retained offline status,
 * also one published before the aggregator started, becomes an offline flag after offline_max; a
 * burst in progress survives an aggregator restart. A burst of 300 ratings dated 100 days back is
 * stuffing and counts on the day received; a time of 2^40 counts when received, with a clock flag;
 * a clock flag already open does not hide stuffing; a status with fault "spool" opens a fault flag,
 * once; 50 000 junk messages leave the rejected table at its bound, the rest counted per reason.
 * A serious complaint's alert is held to the next whole window (alert_hold_seconds, 8 s here), also
 * across a restart, and says the day, never the time; the command line tells flags by day in
 * Vietnamese (or --lang en) with the summary and the reasons in words and the ratings counted,
 * never listed. */
#include "harness.h"
#include "link.h"
#include "topic.h"
#include "uuid.h"
#include "wire.h"

#include <cjson/cJSON.h>
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
#include <unistd.h>
#include <cmocka.h>

struct env {
	char dir[256], db[300], conf[300], agglog[300], out[300];
	struct broker broker;
	pid_t agg;
};

/* Writes the aggregator's config file (with extra lines) and starts `serve -c` on it; waits until its
 * log says it is connected. */
static void agg_start(struct env *e, const char *extra)
{
	char bin[PATH_MAX + 32], line[512];
	FILE *f = fopen(e->conf, "w");
	int before = 0, now = 0;
	int64_t deadline;

	assert_non_null(f);
	fprintf(f, "# it_flags\nbroker = %s\ndb = %s\nclient_id = it-flags\nlog_level = debug\n%s", e->broker.url,
		e->db, extra ? extra : "");
	fclose(f);
	if ((f = fopen(e->agglog, "r"))) {
		while (fgets(line, sizeof line, f))
			before += strstr(line, "connected to the broker") != NULL;
		fclose(f);
	}
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *argv[] = { bin, "serve", "-c", e->conf, NULL };
	e->agg = harness_spawn(e->agglog, argv);
	for (deadline = harness_now_ms() + 5000; now <= before && harness_now_ms() < deadline;) {
		harness_sleep_ms(20);
		now = 0;
		if ((f = fopen(e->agglog, "r"))) {
			while (fgets(line, sizeof line, f))
				now += strstr(line, "connected to the broker") != NULL;
			fclose(f);
		}
	}
	assert_true(now > before);
}

static void agg_stop(struct env *e)
{
	int status;

	if (e->agg <= 0)
		return;
	status = harness_kill(e->agg, SIGTERM, 10000);
	e->agg = 0;
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	harness_tmpdir(e->dir);
	snprintf(e->db, sizeof e->db, "%s/aggregator.db", e->dir);
	snprintf(e->conf, sizeof e->conf, "%s/aggregator.conf", e->dir);
	snprintf(e->agglog, sizeof e->agglog, "%s/aggregator.log", e->dir);
	snprintf(e->out, sizeof e->out, "%s/cli.out", e->dir);
	broker_start(&e->broker, e->dir, 0);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;

	if (e->agg > 0)
		harness_kill(e->agg, SIGTERM, 10000);
	broker_stop(&e->broker, SIGTERM);
	harness_rmdir(e->dir);
	free(e);
	return 0;
}

static struct link *client(const struct env *e, const char *sub)
{
	struct link *l = harness_client(e->broker.port, sub);

	assert_non_null(l);
	return l;
}

/* Publishes one rating from counter `counter`, dated ts by a clock synchronised or not; returns it. */
static struct rating send_rating_at(struct link *l, const char *counter, const char *officer, int level,
				    uint32_t reasons, int64_t ts, bool clock_ok)
{
	struct rating r;
	char topic[HL_TOPIC_MAX], body[1024];
	size_t len;

	memset(&r, 0, sizeof r);
	assert_int_equal(uuid_new(r.id), HL_OK);
	strcpy(r.site, "sct-bentre");
	snprintf(r.counter, sizeof r.counter, "%s", counter);
	snprintf(r.officer, sizeof r.officer, "%s", officer);
	strcpy(r.procedure, "1.001234");
	r.scale = 5;
	r.answers[SURVEY_Q_OFFICER] = level;
	r.reasons = reasons;
	r.ts = ts;
	r.clock_ok = clock_ok;
	assert_int_equal(wire_rating_encode(&r, body, sizeof body, &len), HL_OK);
	assert_int_equal(topic_counter(topic, sizeof topic, r.site, r.counter, "rating"), HL_OK);
	assert_int_equal(link_publish(l, topic, body, len, 1, false), HL_OK);
	return r;
}

/* Publishes one rating from counter `counter`, given now by a synchronised clock. */
static struct rating send_rating(struct link *l, const char *counter, const char *officer, int level,
				 uint32_t reasons)
{
	return send_rating_at(l, counter, officer, level, reasons, (int64_t)time(NULL), true);
}

/* Runs `hailong-aggregator ARGS...` with its output in e->out (emptied first); returns the exit code. */
static int flags_cli(struct env *e, char **args)
{
	char bin[PATH_MAX + 32];
	char *argv[20] = { bin, "flags" };
	int i = 0;

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	while (args[i] && i < 16) {
		argv[i + 2] = args[i];
		i++;
	}
	argv[i + 2] = NULL;
	unlink(e->out);
	return harness_run(e->out, argv, 20000);
}

/* Waits up to timeout_ms for messages on l; returns their number and the last one's payload parsed
 * into *last (NULL when none; the caller frees it). */
static int take_messages(struct link *l, int want, int timeout_ms, cJSON **last)
{
	int64_t deadline = harness_now_ms() + timeout_ms;
	int got = 0;

	*last = NULL;
	while (got < want && harness_now_ms() < deadline) {
		struct link_msg *msgs;
		size_t n;
		link_take(l, 50, SIZE_MAX, &msgs, &n);
		for (struct link_msg *m = msgs; m; m = m->next) {
			got++;
			cJSON_Delete(*last);
			*last = cJSON_ParseWithLength(m->payload, m->len);
			assert_non_null(*last);
		}
		link_msgs_free(msgs);
	}
	return got;
}

static const char *json_str(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	assert_true(cJSON_IsString(it));
	return it->valuestring;
}

static int64_t json_int(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	assert_true(cJSON_IsNumber(it));
	return (int64_t)it->valuedouble;
}

/* Whether text holds a time of day ("15:33"): two digits, a colon, two digits. */
static bool has_clock(const char *text)
{
	for (const char *p = text; *p; p++)
		if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] == ':' && p[3] >= '0' &&
		    p[3] <= '9' && p[4] >= '0' && p[4] <= '9')
			return true;
	return false;
}

static bool file_has_clock(const char *path)
{
	char buf[65536];

	return harness_read_file(path, buf, sizeof buf) && has_clock(buf);
}

/* Unix time t's local day (UTC+7, the default) as dd/mm/yyyy (vi) or YYYY-MM-DD. */
static void day_text(int64_t t, bool vi, char out[16])
{
	time_t x = (time_t)(t + 7 * 3600);
	struct tm tm;

	gmtime_r(&x, &tm);
	strftime(out, 16, vi ? "%d/%m/%Y" : "%Y-%m-%d", &tm);
}

/* ---- serious ----------------------------------------------------------------------------------- */

static void serious_reason_opens_a_flag_and_an_alert_once(void **state)
{
	struct env *e = *state;
	struct link *sub, *term;
	cJSON *alert;
	char sql[512], body[1024];
	size_t len;

	/* No hold here (alert_hold_seconds = 0): the alert goes at once; the hold has its own test. */
	agg_start(e, "alert_hold_seconds = 0\n");
	sub = client(e, "hailong/v1/sct-bentre/alerts");
	term = client(e, "hailong/v1/sct-bentre/q05/receipt");
	int64_t t0 = harness_now_ms();
	struct rating r = send_rating(term, "q05", "cb0123", 1, 1u << SURVEY_R_THU_TIEN_KHONG_PHIEU | 1u << SURVEY_R_CHO_LAU);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'serious' AND state = 'open'"
				      " AND site = 'sct-bentre' AND subject_type = 'officer' AND subject = 'cb0123'", 1, 5000), 1);
	assert_int_equal(take_messages(sub, 1, 5000, &alert), 1);
	assert_true(harness_now_ms() - t0 < 5000);
	int64_t id = harness_sql(e->db, "SELECT id FROM flag WHERE kind = 'serious'");
	assert_int_equal(json_int(alert, "id"), id);
	assert_string_equal(json_str(alert, "kind"), "serious");
	assert_string_equal(json_str(alert, "site"), "sct-bentre");
	assert_string_equal(json_str(alert, "subject_type"), "officer");
	assert_string_equal(json_str(alert, "subject"), "cb0123");
	/* The summary in Vietnamese (the default lang), the serious reason by its name, never its code. */
	assert_string_equal(json_str(alert, "summary"), "Phản ánh nghiêm trọng về cán bộ cb0123 tại quầy q05: Thu tiền "
							"ngoài quy định, không biên lai");
	/* The day it opened, never the time. */
	char day[16];
	day_text(harness_sql(e->db, "SELECT opened FROM flag WHERE kind = 'serious'"), false, day);
	assert_string_equal(json_str(alert, "day"), day);
	assert_null(cJSON_GetObjectItemCaseSensitive(alert, "opened"));
	char *text = cJSON_PrintUnformatted(alert);
	assert_false(has_clock(text));
	free(text);
	cJSON_Delete(alert);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag_alert"), 0); /* sent: it waits no more */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM flag WHERE evidence LIKE '%%%s%%'", r.id);
	assert_int_equal(harness_sql(e->db, sql), 1);

	/* The same rating again (a resend) and a second serious complaint about the same officer while
	 * the flag is open: no second flag, no second alert. */
	assert_int_equal(wire_rating_encode(&r, body, sizeof body, &len), HL_OK);
	assert_int_equal(link_publish(term, "hailong/v1/sct-bentre/q05/rating", body, len, 1, false), HL_OK);
	send_rating(term, "q05", "cb0123", 2, 1u << SURVEY_R_NHUNG_NHIEU);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating", 2, 5000), 2);
	assert_int_equal(take_messages(sub, 1, 1500, &alert), 0);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind = 'serious'"), 1);
	/* Another officer: another flag, another alert. */
	send_rating(term, "q06", "cb0456", 1, 1u << SURVEY_R_GIAY_TO_NGOAI_QD);
	assert_int_equal(take_messages(sub, 1, 5000, &alert), 1);
	assert_string_equal(json_str(alert, "subject"), "cb0456");
	cJSON_Delete(alert);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind = 'serious'"), 2);
	/* flags list --officer: that officer's flags only. */
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--officer", "cb0456", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "cb0456"));
	assert_false(harness_file_has(e->out, "cb0123"));
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--procedure", "1.001234", "--db", e->db, NULL }), 0);
	assert_false(harness_file_has(e->out, "cb0"));
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--officer", "cb0456", "--procedure", "x", "--db", e->db, NULL }), 2);
	link_stop(sub, NULL);
	link_stop(term, NULL);
	agg_stop(e);
	assert_true(harness_file_has(e->agglog, "2 flags opened, 2 alerts sent"));
}

/* ---- the alert's hold -------------------------------------------------------------------------- */

/* The wall clock in milliseconds (the hold's windows are of the wall clock; harness_now_ms is
 * monotonic). */
static int64_t wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until the wall clock is between lo_ms and hi_ms past a whole multiple of hold_s seconds
 * (local time at +07 is a whole number of hours off UTC, so the multiples fall on the same
 * instants); returns that multiple's Unix time. */
static int64_t wait_into_window(int hold_s, int lo_ms, int hi_ms)
{
	for (;;) {
		int64_t now = wall_ms(), into = now % (hold_s * 1000);
		if (into >= lo_ms && into <= hi_ms)
			return (now - into) / 1000;
		harness_sleep_ms(into < lo_ms ? (int)(lo_ms - into) : (int)(hold_s * 1000 - into + lo_ms));
	}
}

/* A serious complaint's alert is held to the next whole window of alert_hold_seconds (an hour by
 * default; 8 s here): nothing reaches the subscriber before it, the alert at it. Held, it waits in
 * the store: an aggregator stopped before the window ends and started after publishes it then,
 * once; and the alert says the day, never the time. */
static void serious_alert_is_held_to_the_window_and_survives_a_restart(void **state)
{
	enum { HOLD = 8 };
	struct env *e = *state;
	struct link *sub, *term;
	cJSON *alert;
	char day[16];

	agg_start(e, "alert_hold_seconds = 8\n");
	sub = client(e, "hailong/v1/sct-bentre/alerts");
	term = client(e, NULL);
	/* Just after a window starts: the flag opens at once, its alert waits for the next one. */
	int64_t start = wait_into_window(HOLD, 200, 1200), due = start + HOLD;
	send_rating(term, "q05", "cb0123", 1, 1u << SURVEY_R_NHUNG_NHIEU);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'serious' AND subject = 'cb0123'",
					  1, 3000), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag_alert"), 1);
	/* Stopped before the window ends: nothing has gone. */
	int64_t quiet = due * 1000 - 2500 - wall_ms();
	assert_true(quiet > 1000);
	assert_int_equal(take_messages(sub, 1, (int)quiet, &alert), 0);
	agg_stop(e);
	/* The window ends while it is down; still nothing, the alert waits in the store. */
	while (wall_ms() < due * 1000 + 500)
		harness_sleep_ms(100);
	assert_int_equal(take_messages(sub, 1, 300, &alert), 0);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag_alert"), 1);
	/* Started again: it is due, it goes, once. */
	agg_start(e, "alert_hold_seconds = 8\n");
	assert_int_equal(take_messages(sub, 1, 5000, &alert), 1);
	assert_string_equal(json_str(alert, "subject"), "cb0123");
	assert_string_equal(json_str(alert, "summary"),
			    "Phản ánh nghiêm trọng về cán bộ cb0123 tại quầy q05: Sách nhiễu, gây phiền hà");
	day_text(harness_sql(e->db, "SELECT opened FROM flag WHERE subject = 'cb0123'"), false, day);
	assert_string_equal(json_str(alert, "day"), day);
	char *text = cJSON_PrintUnformatted(alert);
	assert_false(has_clock(text));
	free(text);
	cJSON_Delete(alert);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag_alert", 0, 3000), 0);
	agg_stop(e);
	agg_start(e, "alert_hold_seconds = 8\n");
	assert_int_equal(take_messages(sub, 1, 1500, &alert), 0); /* never twice */

	/* Running all along: no alert before the window's end, the alert at it. */
	start = wait_into_window(HOLD, 200, 1200);
	due = start + HOLD;
	send_rating(term, "q06", "cb0456", 1, 1u << SURVEY_R_GIAY_TO_NGOAI_QD);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE subject = 'cb0456'", 1, 3000), 1);
	assert_int_equal(take_messages(sub, 1, (int)(due * 1000 - 300 - wall_ms()), &alert), 0);
	assert_int_equal(take_messages(sub, 1, 3000, &alert), 1);
	int64_t got = wall_ms();
	assert_true(got >= due * 1000 - 300);
	assert_true(got <= due * 1000 + 2500);
	assert_string_equal(json_str(alert, "subject"), "cb0456");
	cJSON_Delete(alert);
	link_stop(sub, NULL);
	link_stop(term, NULL);
	agg_stop(e);
	assert_true(harness_file_has(e->agglog, "alert published"));
}

/* Settings a person mistypes are refused with the file, the line and the key. */
static void bad_hold_and_lang_are_refused_with_file_and_line(void **state)
{
	struct env *e = *state;
	char bin[PATH_MAX + 32], want[400];

	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	harness_write_file(e->conf, "# it_flags\ndb = %s\nalert_hold_seconds = -5\n", e->db);
	char *argv[] = { bin, "serve", "-c", e->conf, NULL };
	unlink(e->out);
	assert_int_equal(harness_run(e->out, argv, 10000), 1);
	snprintf(want, sizeof want, "%s:3: key 'alert_hold_seconds': -5 is outside 0..86400", e->conf);
	assert_true(harness_file_has(e->out, want));
	harness_write_file(e->conf, "# it_flags\ndb = %s\nlang = fr\n", e->db);
	char *list[] = { bin, "flags", "list", "-c", e->conf, NULL };
	unlink(e->out);
	assert_int_equal(harness_run(e->out, list, 10000), 1);
	snprintf(want, sizeof want, "%s:3: key 'lang': 'fr' is not vi or en", e->conf);
	assert_true(harness_file_has(e->out, want));
}

/* ---- burst and the command line ---------------------------------------------------------------- */

static void burst_is_one_flag_and_the_cli_moves_it_along(void **state)
{
	struct env *e = *state;
	struct link *term;
	struct rating rs[6];
	char id[32], sql[512], big[32];

	agg_start(e, NULL);
	term = client(e, NULL);
	/* Six ratings at counter q07 within seconds, four of them dissatisfied (no serious reason). */
	for (int i = 0; i < 6; i++) {
		rs[i] = send_rating(term, "q07", "cb0777", i % 3 == 2 ? 5 : 2, i % 3 == 2 ? 0 : 1u << SURVEY_R_CHO_LAU);
		harness_sleep_ms(150);
	}
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating", 6, 5000), 6);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'burst'", 1, 5000), 1);
	harness_sleep_ms(500);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind = 'burst'"), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind = 'burst' AND subject_type = 'counter'"
				     " AND subject = 'q07' AND state = 'open' AND summary LIKE '% ratings dissatisfied within 15 min at counter q07'"), 1);
	/* Six ratings in about a second are also faster than people can give them. */
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind = 'stuffing' AND subject = 'q07'"
				     " AND evidence LIKE '%\"rule\":\"stuffing\"%'"), 1);
	int64_t fid = harness_sql(e->db, "SELECT id FROM flag WHERE kind = 'burst'");
	snprintf(id, sizeof id, "%lld", (long long)fid);

	/* list: the table in Vietnamese (the default), the flag by its day, never a time of day. */
	char today[16], today_iso[16];
	day_text(harness_sql(e->db, "SELECT opened FROM flag WHERE kind = 'burst'"), true, today);
	day_text(harness_sql(e->db, "SELECT opened FROM flag WHERE kind = 'burst'"), false, today_iso);
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "Nhiều ý kiến chưa hài lòng"));
	assert_true(harness_file_has(e->out, "Quầy q07"));
	assert_true(harness_file_has(e->out, "Ngày mở"));
	assert_true(harness_file_has(e->out, "Quầy q07: "));
	assert_true(harness_file_has(e->out, " đánh giá không hài lòng trong 15 phút"));
	assert_true(harness_file_has(e->out, today));
	assert_false(file_has_clock(e->out));
	assert_false(harness_file_has(e->out, "ratings dissatisfied")); /* not the engine's English */
	/* --lang en: the English table, the codes --kind takes, ISO days. */
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--lang", "en", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "burst"));
	assert_true(harness_file_has(e->out, "counter q07"));
	assert_true(harness_file_has(e->out, "opened on"));
	assert_true(harness_file_has(e->out, " ratings dissatisfied within 15 min"));
	assert_true(harness_file_has(e->out, "Counter q07: "));
	assert_true(harness_file_has(e->out, today_iso));
	assert_false(file_has_clock(e->out));
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--lang", "fr", "--db", e->db, NULL }), 2);
	assert_true(harness_file_has(e->out, "unknown --lang 'fr' (vi or en)"));
	/* show: the evidence in words, the ratings concerned counted, never listed, never a time. */
	assert_int_equal(flags_cli(e, (char *[]){ "show", id, "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "Số đánh giá liên quan: "));
	assert_true(harness_file_has(e->out, "Trong vòng: 15 phút"));
	for (int i = 0; i < 6; i++)
		assert_false(harness_file_has(e->out, rs[i].id));
	snprintf(big, sizeof big, "%lld", (long long)rs[0].ts);
	assert_false(harness_file_has(e->out, big));
	assert_false(file_has_clock(e->out));
	/* show --format json: days as YYYY-MM-DD, the count in place of the ids. */
	assert_int_equal(flags_cli(e, (char *[]){ "show", id, "--format", "json", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "\"opened_day\":\t\""));
	assert_true(harness_file_has(e->out, today_iso));
	assert_true(harness_file_has(e->out, "\"ratings_concerned\":\t"));
	assert_false(harness_file_has(e->out, "rating_ids"));
	assert_false(harness_file_has(e->out, rs[0].id));
	assert_false(harness_file_has(e->out, "\"opened\":"));
	assert_false(file_has_clock(e->out));
	/* ack, twice */
	assert_int_equal(flags_cli(e, (char *[]){ "ack", id, "--by", "Trưởng phòng Hoa", "--note", "xem lại quầy 7",
						 "--db", e->db, NULL }), 0);
	char said[128];
	snprintf(said, sizeof said, "Đã xác nhận cảnh báo số %s (Trưởng phòng Hoa).", id);
	assert_true(harness_file_has(e->out, said));
	assert_int_equal(flags_cli(e, (char *[]){ "ack", id, "--by", "Ai đó", "--db", e->db, NULL }), 1);
	char refusal[128];
	snprintf(refusal, sizeof refusal, "is already acknowledged (by Trưởng phòng Hoa on %s)", today_iso);
	assert_true(harness_file_has(e->out, refusal));
	assert_true(harness_file_has(e->out, "only an open flag can be acknowledged"));
	/* resolve without a note is bad usage; with one it resolves; twice is refused. */
	assert_int_equal(flags_cli(e, (char *[]){ "resolve", id, "--by", "Hoa", "--db", e->db, NULL }), 2);
	assert_true(harness_file_has(e->out, "--note TEXT is required"));
	assert_true(harness_file_has(e->out, "see 'hailong-aggregator flags --help'"));
	assert_false(harness_file_has(e->out, "Usage:")); /* the error, not the whole usage */
	assert_int_equal(flags_cli(e, (char *[]){ "resolve", id, "--by", "Hoa", "--note", "đã nhắc nhở công chức",
						 "--lang", "en", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "resolved by Hoa"));
	/* The steps are dated by day too. */
	assert_int_equal(flags_cli(e, (char *[]){ "show", id, "--db", e->db, NULL }), 0);
	snprintf(said, sizeof said, "Trưởng phòng Hoa, ngày %s", today);
	assert_true(harness_file_has(e->out, said));
	snprintf(said, sizeof said, "Hoa, ngày %s", today);
	assert_true(harness_file_has(e->out, said));
	assert_false(file_has_clock(e->out));
	assert_int_equal(flags_cli(e, (char *[]){ "resolve", id, "--by", "Hoa", "--note", "again", "--db", e->db, NULL }), 1);
	assert_true(harness_file_has(e->out, "is already resolved (by Hoa"));
	snprintf(sql, sizeof sql, "SELECT count(*) FROM flag WHERE id = %s AND state = 'resolved' AND ack_by = 'Trưởng phòng Hoa'"
		 " AND ack_note = 'xem lại quầy 7' AND resolved_by = 'Hoa' AND resolve_note = 'đã nhắc nhở công chức'"
		 " AND ack_at >= opened AND resolved_at >= ack_at", id);
	assert_int_equal(harness_sql(e->db, sql), 1);
	/* The default list is the unresolved flags; --state resolved and json find it. */
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--db", e->db, NULL }), 0);
	assert_false(harness_file_has(e->out, "burst"));
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--state", "resolved", "--format", "json", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "\"kind\":\t\"burst\""));
	assert_true(harness_file_has(e->out, "\"note\":\t\"đã nhắc nhở công chức\""));
	assert_false(file_has_clock(e->out));
	/* Errors people make. */
	assert_int_equal(flags_cli(e, (char *[]){ "show", "99999", "--db", e->db, NULL }), 1);
	assert_true(harness_file_has(e->out, "no flag #99999"));
	assert_int_equal(flags_cli(e, (char *[]){ "ack", "99999", "--by", "Hoa", "--db", e->db, NULL }), 1);
	assert_true(harness_file_has(e->out, "no flag #99999"));
	assert_int_equal(flags_cli(e, (char *[]){ "ack", id, "--db", e->db, NULL }), 2);
	assert_true(harness_file_has(e->out, "--by NAME is required"));
	assert_int_equal(flags_cli(e, (char *[]){ "show", "x7", "--db", e->db, NULL }), 2);
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--state", "closed", "--db", e->db, NULL }), 2);
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--state", "all", "--site", "elsewhere", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "Chưa có cảnh báo nào."));
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--state", "all", "--site", "elsewhere", "--lang", "en", "--db",
						 e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "No stored flags."));
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--state", "all", "--site", "sct-bentre", "--db", e->db, NULL }), 0);
	assert_true(harness_file_has(e->out, "Quầy q07"));
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--site", "Bad Site", "--db", e->db, NULL }), 2);
	assert_int_equal(flags_cli(e, (char *[]){ "frobnicate", "--db", e->db, NULL }), 2);
	assert_int_equal(flags_cli(e, (char *[]){ "--db", e->db, NULL }), 2);
	assert_int_equal(flags_cli(e, (char *[]){ "--help", NULL }), 0);
	assert_true(harness_file_has(e->out, "flags resolve ID --by NAME --note TEXT"));
	char missing[320];
	snprintf(missing, sizeof missing, "%s/nothing-here.db", e->dir);
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--db", missing, NULL }), 1);
	assert_true(harness_file_has(e->out, "no database at"));
	assert_int_not_equal(access(missing, F_OK), 0);
	link_stop(term, NULL);
}

/* ---- integrity: offline terminals -------------------------------------------------------------- */

static void offline_terminal_is_flagged_after_offline_max(void **state)
{
	struct env *e = *state;
	struct link *t9, *t10;
	char body[256];
	size_t len;

	/* q09's last will (retained "offline") is on the broker before the aggregator starts. */
	t9 = client(e, NULL);
	assert_int_equal(wire_status_encode(false, 0, 0, NULL, body, sizeof body, &len), HL_OK);
	assert_int_equal(link_publish(t9, "hailong/v1/sct-bentre/q09/status", body, len, 1, true), HL_OK);
	assert_int_equal(link_flush(t9, 3000), HL_OK);
	link_stop(t9, NULL);

	agg_start(e, "offline_max = 2\n");
	/* q10 is online and says so. */
	t10 = client(e, NULL);
	assert_int_equal(wire_status_encode(true, 0, (int64_t)time(NULL), NULL, body, sizeof body, &len), HL_OK);
	assert_int_equal(link_publish(t10, "hailong/v1/sct-bentre/q10/status", body, len, 1, true), HL_OK);

	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM terminal_status WHERE counter = 'q09' AND online = 0", 1,
					  5000), 1);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'offline' AND subject_type = 'terminal'"
				      " AND subject = 'q09' AND summary LIKE 'terminal q09 offline for %'", 1, 10000), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM terminal_status WHERE counter = 'q10' AND online = 1"), 1);
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)harness_sql(e->db, "SELECT id FROM flag WHERE subject = 'q09'"));
	assert_int_equal(flags_cli(e, (char *[]){ "show", id, "-c", e->conf, NULL }), 0);
	assert_true(harness_file_has(e->out, "Thiết bị tại quầy q09"));
	assert_true(harness_file_has(e->out, "Ngưỡng: 2 giây"));
	assert_false(harness_file_has(e->out, "rule")); /* the engine's bookkeeping is not said */
	assert_false(file_has_clock(e->out));           /* "since" as its day */
	harness_sleep_ms(3000);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE subject = 'q10'"), 0);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE subject = 'q09'"), 1);

	/* A restart remembers since when q09 is offline and does not open a second flag. */
	int64_t since = harness_sql(e->db, "SELECT since FROM terminal_status WHERE counter = 'q09'");
	agg_stop(e);
	agg_start(e, "offline_max = 2\n");
	harness_sleep_ms(3000);
	assert_int_equal(harness_sql(e->db, "SELECT since FROM terminal_status WHERE counter = 'q09'"), since);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE subject = 'q09'"), 1);
	/* A bad status is kept among the rejects with its reason. */
	assert_int_equal(link_publish(t10, "hailong/v1/sct-bentre/q10/status", "{\"state\":\"sleepy\"}", 18, 1, false), HL_OK);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rejected WHERE topic = 'hailong/v1/sct-bentre/q10/status'"
				      " AND reason LIKE 'status: state must be%'", 1, 5000), 1);
	link_stop(t10, NULL);
}

/* ---- a restart in the middle of a burst -------------------------------------------------------- */

static void burst_in_progress_survives_a_restart(void **state)
{
	struct env *e = *state;
	struct link *term;

	/* Slow ratings (no stuffing), a long stuffing window off the table. */
	agg_start(e, "stuffing_max = 100\n");
	term = client(e, NULL);
	for (int i = 0; i < 3; i++)
		send_rating(term, "q03", "cb0333", 1, 1u << SURVEY_R_HUONG_DAN_KHONG_RO);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating", 3, 5000), 3);
	agg_stop(e);
	agg_start(e, "stuffing_max = 100\n");
	assert_true(harness_file_has(e->agglog, "3 recent ratings in windows"));
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind = 'burst'"), 0);
	send_rating(term, "q03", "cb0333", 5, 0);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'burst' AND subject = 'q03'"
				      " AND summary = '3 of 4 ratings dissatisfied within 15 min at counter q03'", 1, 5000), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind IN ('integrity', 'stuffing', 'clock')"), 0);
	link_stop(term, NULL);
}

/* ---- terminal clocks ------------------------------------------------------------------------------ */

/* The local day (UTC+7, the default) of Unix time t, as the store numbers days. */
static int64_t local_day(int64_t t)
{
	return (t + 7 * 3600) / 86400;
}

static void backdated_burst_is_stuffing_counted_on_the_day_received(void **state)
{
	struct env *e = *state;
	struct link *term;
	char sql[512];
	int64_t now = (int64_t)time(NULL);

	agg_start(e, NULL);
	term = client(e, NULL);
	/* 300 ratings within milliseconds, dated one minute apart from 100 days back, clock "ok". */
	for (int i = 0; i < 300; i++)
		send_rating_at(term, "q30", "cb0300", 5, 0, now - 100 * 86400 + i * 60, true);
	assert_int_equal(link_flush(term, 5000), HL_OK);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rating WHERE counter = 'q30'", 300, 10000), 300);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'stuffing' AND subject = 'q30'"
				      " AND state = 'open'", 1, 5000), 1);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'clock' AND subject = 'q30'"
				      " AND summary LIKE 'terminal q30 sent a rating dated 100 days before it arrived%'", 1, 5000),
			 1);
	/* What the terminal said is kept; each counts on the day it was received, none 100 days back. */
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rating WHERE counter = 'q30' AND counted = received"
				     " AND day = (received + 25200) / 86400 AND ts < received - 90 * 86400"), 300);
	snprintf(sql, sizeof sql, "SELECT coalesce(sum(n), 0) FROM rollup WHERE dim = 0 AND grain = 0 AND code = 'q30'"
		 " AND period < %lld", (long long)local_day(now) - 1);
	assert_int_equal(harness_sql(e->db, sql), 0);
	/* The report of the quarter 100 days back has none of them. */
	char bin[PATH_MAX + 32], from[16], to[16];
	time_t back = (time_t)(now - 100 * 86400 + 7 * 3600);
	struct tm tm;
	gmtime_r(&back, &tm);
	strftime(from, sizeof from, "%Y-%m-%d", &tm);
	back += 300 * 60;
	gmtime_r(&back, &tm);
	strftime(to, sizeof to, "%Y-%m-%d", &tm);
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *argv[] = { bin, "report", "counters", "--db", e->db, "--from", from, "--to", to, "--format", "json", NULL };
	unlink(e->out);
	assert_int_equal(harness_run(e->out, argv, 20000), 0);
	assert_false(harness_file_has(e->out, "q30"));

	/* A time of 2^40: counted when received, and another terminal's clock flagged. */
	struct rating far = send_rating_at(term, "q31", "cb0301", 4, 0, INT64_C(1) << 40, true);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM rating WHERE counter = 'q31' AND ts = %lld AND counted = received"
		 " AND day = (received + 25200) / 86400", (long long)(INT64_C(1) << 40));
	assert_int_equal(harness_sql_wait(e->db, sql, 1, 5000), 1);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'clock' AND subject = 'q31'"
				      " AND evidence LIKE '%\"clock\":\"ahead\"%'", 1, 5000), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM flag WHERE subject = 'q31' AND evidence LIKE '%%%s%%'", far.id);
	assert_int_equal(harness_sql(e->db, sql), 1);
	/* flags list --kind takes the new names. */
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--kind", "clock", "-c", e->conf, NULL }), 0);
	assert_true(harness_file_has(e->out, "Thiết bị tại quầy q30"));
	assert_true(harness_file_has(e->out, "Thiết bị tại quầy q31"));
	assert_true(harness_file_has(e->out, "Thiết bị quầy q30 gửi đánh giá ghi ngày sớm hơn lúc nhận 100 ngày"));
	assert_false(harness_file_has(e->out, "Đánh giá nhanh bất thường")); /* stuffing */
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--kind", "bogus", "-c", e->conf, NULL }), 2);
	link_stop(term, NULL);
	agg_stop(e);
}

static void open_clock_flag_does_not_hide_stuffing(void **state)
{
	struct env *e = *state;
	struct link *term;
	int64_t now = (int64_t)time(NULL);

	agg_start(e, NULL);
	term = client(e, NULL);
	/* A terminal whose clock is not synchronised: a clock flag opens... */
	send_rating_at(term, "q32", "cb0302", 5, 0, now, false);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'clock' AND subject = 'q32'"
				      " AND state = 'open'", 1, 5000), 1);
	/* ...and while it is open, the same terminal stuffs ratings: a stuffing flag opens beside it. */
	for (int i = 0; i < 6; i++)
		send_rating_at(term, "q32", "cb0302", 5, 0, now, false);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'stuffing' AND subject = 'q32'"
				      " AND state = 'open'", 1, 5000), 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE subject = 'q32' AND state = 'open'"), 2);
	link_stop(term, NULL);
	agg_stop(e);
}

/* ---- terminal faults ------------------------------------------------------------------------------ */

static void spool_fault_in_a_status_opens_a_fault_flag_once(void **state)
{
	struct env *e = *state;
	struct link *t;
	char body[256];
	size_t len;

	agg_start(e, NULL);
	t = client(e, NULL);
	assert_int_equal(wire_status_encode(true, 3, (int64_t)time(NULL), WIRE_FAULT_SPOOL, body, sizeof body, &len),
			 HL_OK);
	assert_int_equal(link_publish(t, "hailong/v1/sct-bentre/q33/status", body, len, 1, true), HL_OK);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM flag WHERE kind = 'fault' AND subject_type = 'terminal'"
				      " AND subject = 'q33' AND summary = 'terminal q33 could not record ratings (spool)'", 1, 5000),
			 1);
	/* The same status again: still one flag. */
	assert_int_equal(link_publish(t, "hailong/v1/sct-bentre/q33/status", body, len, 1, true), HL_OK);
	harness_sleep_ms(1000);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM flag WHERE kind = 'fault'"), 1);
	assert_int_equal(flags_cli(e, (char *[]){ "list", "--kind", "fault", "-c", e->conf, NULL }), 0);
	assert_true(harness_file_has(e->out, "Thiết bị tại quầy q33"));
	assert_true(harness_file_has(e->out, "Thiết bị quầy q33 không ghi được đánh giá (lỗi bộ nhớ)"));
	/* A status too large is refused by its size before it is parsed. */
	char big[2000];
	memset(big, ' ', sizeof big);
	memcpy(big, "{\"state\":\"online\"}", 18);
	assert_int_equal(link_publish(t, "hailong/v1/sct-bentre/q34/status", big, sizeof big, 1, false), HL_OK);
	assert_int_equal(harness_sql_wait(e->db, "SELECT count(*) FROM rejected WHERE reason = 'status too large (2000 bytes;"
				      " limit 1024)'", 1, 5000), 1);
	assert_int_equal(link_publish(t, "hailong/v1/sct-bentre/q33/status", "", 0, 1, true), HL_OK);
	assert_int_equal(link_flush(t, 3000), HL_OK);
	link_stop(t, NULL);
	agg_stop(e);
}

/* ---- rejected messages stay bounded --------------------------------------------------------------- */

static void junk_leaves_rejected_at_its_bound_counted_per_reason(void **state)
{
	enum { JUNK = 50000, BOUND = 10000 };
	struct env *e = *state;
	struct link *t;
	static char big[5000], topic[60030];
	int64_t t0 = harness_now_ms();
	int sent[3] = { 0, 0, 0 };

	agg_start(e, NULL);
	t = client(e, NULL);
	memset(big, 'x', sizeof big);
	big[0] = '{';
	/* One topic of 60 KB that still matches hailong/v1/+/+/rating. */
	memcpy(topic, "hailong/v1/", 11);
	memset(topic + 11, 's', 60000);
	memcpy(topic + 60011, "/q1/rating", 11);
	assert_int_equal(link_publish(t, topic, "{", 1, 1, false), HL_OK);
	for (int i = 0; i < JUNK - 1; i++) {
		int k = i % 3;
		if (k == 0)
			link_publish(t, "hailong/v1/sct-bentre/q50/rating", "{\"v\":1,", 7, 1, false);
		else if (k == 1)
			link_publish(t, "hailong/v1/sct-bentre/q50/rating", "{\"junk\":1}", 10, 1, false);
		else
			link_publish(t, "hailong/v1/sct-bentre/q50/rating", big, sizeof big, 1, false);
		sent[k]++;
		if (i % 5000 == 4999)
			assert_int_equal(link_flush(t, 10000), HL_OK);
	}
	assert_int_equal(link_flush(t, 10000), HL_OK);
	assert_int_equal(harness_sql_wait(e->db, "SELECT (SELECT count(*) FROM rejected) +"
				      " (SELECT coalesce(sum(count), 0) FROM rejected_dropped)", JUNK, 15000), JUNK);
	assert_true(harness_sql(e->db, "SELECT count(*) FROM rejected") <= BOUND);
	/* Per reason: kept + counted = sent. */
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rejected WHERE reason = 'malformed JSON'") +
				 harness_sql(e->db, "SELECT coalesce(sum(count), 0) FROM rejected_dropped WHERE reason = 'malformed JSON'"),
			 sent[0]);
	/* The 60 KB topic (the link cuts it short already, and so would the store) is kept bounded. */
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rejected WHERE topic LIKE 'hailong/v1/sss%'") +
				 harness_sql(e->db, "SELECT coalesce(sum(count), 0) FROM rejected_dropped"
					     " WHERE reason NOT IN ('malformed JSON', 'payload too large (N bytes; limit N)')"
					     " AND reason NOT LIKE 'unknown field%'"),
			 1);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rejected WHERE reason LIKE 'unknown field%'") +
				 harness_sql(e->db, "SELECT coalesce(sum(count), 0) FROM rejected_dropped WHERE reason LIKE 'unknown field%'"),
			 sent[1]);
	assert_int_equal(harness_sql(e->db, "SELECT count(*) FROM rejected WHERE reason = 'payload too large (5000 bytes; limit 4096)'") +
				 harness_sql(e->db, "SELECT coalesce(sum(count), 0) FROM rejected_dropped"
					     " WHERE reason = 'payload too large (N bytes; limit N)'"),
			 sent[2]);
	assert_true(harness_sql(e->db, "SELECT max(length(topic)) FROM rejected") <= 256);
	/* The command says what is no longer kept. */
	char bin[PATH_MAX + 32], line[128];
	snprintf(bin, sizeof bin, "%s/hailong-aggregator", harness_bindir());
	char *argv[] = { bin, "rejected", "--db", e->db, "--limit", "1", NULL };
	unlink(e->out);
	assert_int_equal(harness_run(e->out, argv, 20000), 0);
	snprintf(line, sizeof line, "%lld more rejected for unknown field \"\xE2\x80\xA6\", not kept",
		 (long long)harness_sql(e->db, "SELECT count FROM rejected_dropped WHERE reason LIKE 'unknown field%'"));
	assert_true(harness_file_has(e->out, line));
	assert_true(harness_file_has(e->out, "more rejected for payload too large (N bytes; limit N), not kept"));
	assert_true(harness_now_ms() - t0 < 20000);
	link_stop(t, NULL);
	agg_stop(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(serious_reason_opens_a_flag_and_an_alert_once, setup, teardown),
		cmocka_unit_test_setup_teardown(serious_alert_is_held_to_the_window_and_survives_a_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_hold_and_lang_are_refused_with_file_and_line, setup, teardown),
		cmocka_unit_test_setup_teardown(burst_is_one_flag_and_the_cli_moves_it_along, setup, teardown),
		cmocka_unit_test_setup_teardown(offline_terminal_is_flagged_after_offline_max, setup, teardown),
		cmocka_unit_test_setup_teardown(burst_in_progress_survives_a_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(backdated_burst_is_stuffing_counted_on_the_day_received, setup, teardown),
		cmocka_unit_test_setup_teardown(open_clock_flag_does_not_hide_stuffing, setup, teardown),
		cmocka_unit_test_setup_teardown(spool_fault_in_a_status_opens_a_fault_flag_once, setup, teardown),
		cmocka_unit_test_setup_teardown(junk_leaves_rejected_at_its_bound_counted_per_reason, setup, teardown),
	};
	return cmocka_run_group_tests_name("it_flags", tests, NULL, NULL);
}
