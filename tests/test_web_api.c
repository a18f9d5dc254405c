/* SPDX-License-Identifier: MIT
 * test_web_api.c — the HTTP API under /api/v1/ through web_dispatch over a real store, as the
 * one-stop software would call it with its bearer token: PUT …/session publishes the retained
 * transaction on the counter's topic (through a fake publisher that records what it is given) named
 * "w" and its record's id, which the answer gives as txn, with the officer on shift there as duty,
 * records the transaction and audits it as "token:NAME"; DELETE ends it, leaving the officer on duty
 * named ({"duty"}) or, with nobody on shift, an empty retained message; an
 * officer or procedure the roster does not have is a 422 naming the field, bad JSON a 400, a site
 * outside the token a 403, no token or an unknown one a 401, no broker or a broker that refuses a
 * 503 — and nothing is recorded then; a report is byte for byte what report_write writes for the
 * same period; flags are listed by site and state, by day, and taken a step with by and note
 * (404, 409, 422 otherwise); the terminals' status is the site's only. */
#include "conf.h"
#include "credential.h"
#include "flags.h"
#include "hl.h"
#include "http.h"
#include "report.h"
#include "report_load.h"
#include "store.h"
#include "store_flags.h"
#include "survey.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"
#include "web_fixture.h"
#include "wire.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0      1780000000 /* 2026-05-29 03:26 in Vietnam */
#define VN      25200
#define A       "sct-bentre"
#define B       "sct-travinh"
#define TOKEN   "hl_test-token-of-the-one-stop-software-0001"
#define TOKEN_B "hl_test-token-of-the-other-site-000000000002"

struct fixture {
	WEB_FIXTURE;
	struct who head, officer;
};

/* One rating: officer_answer for the officer, 4 for the procedure, given 2 s before it was received. */
static void rating(struct fixture *f, const char *site, const char *counter, const char *officer, const char *proc,
		   int officer_answer, int64_t received)
{
	web_fixture_rating(&f->wf, site, counter, officer, proc, officer_answer, 4, received - 2, received);
}

static int64_t open_flag(struct fixture *f, int kind, int type, const char *site, const char *subject, int64_t at)
{
	return web_fixture_flag(f->s, kind, type, site, subject, "{\"rule\":\"serious\"}", at,
				"serious complaint about officer %s", subject);
}

static int setup(void **state)
{
	struct fixture *f = web_fixture_new(sizeof *f, NULL, VN);
	static const struct store_officer officers[] = {
		{ .site = A, .e = { .code = "cb0123", .name = "Nguyễn Văn An" } },
		{ .site = A, .e = { .code = "cb0456", .name = "Trần Thị Bình" } },
		{ .site = B, .e = { .code = "cb0999", .name = "Lê Văn Cường" } },
	};
	static const struct roster_entry procs[] = {
		{ .code = "1.001234", .name = "Cấp giấy phép xây dựng" },
		{ .code = "2.000001", .name = "Đăng ký kinh doanh" },
	};

	if (!f)
		return -1;
	f->now = T0 + 600;
	assert_int_equal(store_roster_replace(f->s, officers, 3, procs, 2), HL_OK);
	web_fixture_token(&f->wf, "motcua", A, TOKEN, T0);
	web_fixture_token(&f->wf, "motcua-b", B, TOKEN_B, T0);
	web_fixture_user(&f->wf, "lanhdao", ROLE_HEAD, A, NULL, T0, &f->head);
	web_fixture_user(&f->wf, "canbo", ROLE_OFFICER, A, "cb0123", T0, &f->officer);
	*state = f;
	return 0;
}

/* One API call: method, path (with its query), a JSON body or NULL, the bearer token or NULL; cookie
 * for a login session instead (NULL: none). */
static void call_as(struct fixture *f, int method, const char *path, const char *body, const char *token,
		    const char *cookie, struct http_response *rs)
{
	web_fixture_run(&f->wf,
			&(struct web_fixture_req){ .method = method,
						   .path = path,
						   .cookie = cookie,
						   .body = body,
						   .content_type = "application/json",
						   .bearer = token,
						   .remote = "10.0.0.9" },
			rs);
}

static void call(struct fixture *f, int method, const char *path, const char *body, const char *token,
		 struct http_response *rs)
{
	call_as(f, method, path, body, token, NULL, rs);
}

/* The error answer's status and parameter. */
static void assert_error(const struct http_response *rs, int status, const char *param)
{
	cJSON *o;

	assert_int_equal(rs->status, status);
	assert_string_equal(rs->type, "application/json");
	o = json_of(rs);
	assert_int_equal((int)jnum(o, "status"), status);
	assert_non_null(jstr(o, "error"));
	if (param)
		assert_string_equal(jstr(o, "parameter"), param);
	cJSON_Delete(o);
}

/* The newest audit entry. */
static struct web_fixture_audit newest_audit(struct fixture *f)
{
	return web_fixture_audit(&f->wf, "");
}

/* ---- sessions ------------------------------------------------------------------------------------ */

static void session_put_publishes_records_and_audits(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_txn t;
	struct wire_session ws = { .officer = "cb0123", .procedure = "1.001234", .expires = T0 + 600 + 15 * 60,
				   .txn = "w1", .transaction = true };
	char want[HL_BODY_MAX];
	size_t wlen;
	cJSON *o;

	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session",
	     "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}", TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	assert_string_equal(rs.type, "application/json");
	o = json_of(&rs);
	assert_string_equal(jstr(o, "site"), A);
	assert_string_equal(jstr(o, "counter"), "q01");
	assert_string_equal(jstr(o, "officer"), "cb0123");
	assert_string_equal(jstr(o, "procedure"), "1.001234");
	assert_int_equal((int64_t)jnum(o, "expires"), ws.expires);
	assert_string_equal(jstr(o, "txn"), "w1");
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "duty")); /* nobody on shift at q01 */
	cJSON_Delete(o);
	http_response_free(&rs);

	/* The retained session on the counter's topic, as the terminal decodes it. */
	assert_int_equal(f->nsent, 1);
	assert_string_equal(f->sent[0].topic, "hailong/v1/" A "/q01/session");
	assert_true(f->sent[0].retain);
	assert_int_equal(wire_session_encode(&ws, want, sizeof want, &wlen), HL_OK);
	assert_int_equal(f->sent[0].len, wlen);
	assert_memory_equal(f->sent[0].payload, want, wlen);

	/* Recorded and audited as the token. */
	assert_int_equal(store_txn_latest(f->s, A, "q01", &t), HL_OK);
	assert_int_equal(t.id, 1);
	assert_string_equal(t.officer, "cb0123");
	assert_string_equal(t.procedure, "1.001234");
	assert_int_equal(t.opened, f->now);
	assert_int_equal(t.expires, ws.expires);
	assert_int_equal(t.closed, 0);
	assert_string_equal(t.by, "token:motcua");
	struct web_fixture_audit a = newest_audit(f);
	assert_string_equal(a.who, "token:motcua");
	assert_string_equal(a.action, "session.open");
	assert_string_equal(a.site, A);
	assert_non_null(strstr(a.detail, "cb0123"));

	/* expires given: kept as given; 0: until closed. */
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q02/session",
	     "{\"officer\":\"cb0456\",\"procedure\":\"2.000001\",\"expires\":1780009999}", TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	assert_non_null(strstr(f->sent[1].payload, "\"expires\":1780009999"));
	http_response_free(&rs);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q02/session",
	     "{\"officer\":\"cb0456\",\"procedure\":\"2.000001\","
	     "\"expires\":100}",
	     TOKEN, &rs);
	assert_error(&rs, 422, "expires");
	http_response_free(&rs);
	assert_int_equal(f->nsent, 2);

	/* The officer on shift at the counter is on duty: in the message and in the answer; a txn in the
	 * body is not the caller's to give (the console names its transactions) and changes nothing. */
	assert_int_equal(store_shift_start(f->s, f->officer.id, A, "q03", f->now), HL_OK);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q03/session",
	     "{\"officer\":\"cb0456\",\"procedure\":\"2.000001\",\"expires\":0,\"txn\":\"HS-000123\"}", TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	o = json_of(&rs);
	assert_string_equal(jstr(o, "txn"), "w3");
	assert_string_equal(jstr(o, "duty"), "cb0123");
	cJSON_Delete(o);
	http_response_free(&rs);
	assert_string_equal(f->sent[2].payload,
			    "{\"txn\":\"w3\",\"officer\":\"cb0456\",\"procedure\":\"2.000001\",\"duty\":\"cb0123\"}");
}

static void session_codes_not_in_the_roster_are_422(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_txn t;

	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session",
	     "{\"officer\":\"cb9999\",\"procedure\":\"1.001234\"}", TOKEN, &rs);
	assert_error(&rs, 422, "officer");
	http_response_free(&rs);
	/* An officer of another site is not this site's. */
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session",
	     "{\"officer\":\"cb0999\",\"procedure\":\"1.001234\"}", TOKEN, &rs);
	assert_error(&rs, 422, "officer");
	http_response_free(&rs);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session",
	     "{\"officer\":\"cb0123\",\"procedure\":\"9.999\"}", TOKEN, &rs);
	assert_error(&rs, 422, "procedure");
	http_response_free(&rs);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", "{\"procedure\":\"1.001234\"}", TOKEN, &rs);
	assert_error(&rs, 422, "officer");
	http_response_free(&rs);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", "{\"officer\":7,\"procedure\":\"1.001234\"}",
	     TOKEN, &rs);
	assert_error(&rs, 422, "officer");
	http_response_free(&rs);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/Q_1/session",
	     "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}", TOKEN, &rs);
	assert_error(&rs, 400, "counter");
	http_response_free(&rs);
	/* Bad JSON. */
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", "{\"officer\":", TOKEN, &rs);
	assert_error(&rs, 400, NULL);
	http_response_free(&rs);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", "[1]", TOKEN, &rs);
	assert_error(&rs, 400, NULL);
	http_response_free(&rs);
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", NULL, TOKEN, &rs);
	assert_error(&rs, 400, NULL);
	http_response_free(&rs);

	assert_int_equal(f->nsent, 0);
	assert_int_equal(store_txn_latest(f->s, A, "q01", &t), HL_ERR_NOTFOUND);
}

static void tokens_sites_and_logins(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	const char *body = "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}";

	/* A site outside the token. */
	call(f, HTTP_PUT, "/api/v1/sites/" B "/counters/q01/session", body, TOKEN, &rs);
	assert_error(&rs, 403, "site");
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/flags", NULL, TOKEN_B, &rs);
	assert_error(&rs, 403, "site");
	http_response_free(&rs);
	/* No token, an unknown one, a malformed header. */
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", body, NULL, &rs);
	assert_error(&rs, 401, NULL);
	assert_string_equal(header(&rs, "WWW-Authenticate"), "Bearer");
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/terminals", NULL, "hl_not-a-token", &rs);
	assert_error(&rs, 401, NULL);
	http_response_free(&rs);
	/* A revoked token is unknown. */
	assert_int_equal(store_token_revoke(f->s, "motcua-b", f->now), HL_OK);
	call(f, HTTP_GET, "/api/v1/sites/" B "/flags", NULL, TOKEN_B, &rs);
	assert_error(&rs, 401, NULL);
	http_response_free(&rs);
	assert_int_equal(f->nsent, 0);

	/* A head logged in reads their site's API too; an officer's role is not let in. */
	call_as(f, HTTP_GET, "/api/v1/sites/" A "/flags", NULL, NULL, f->head.cookie, &rs);
	assert_int_equal(rs.status, 200);
	http_response_free(&rs);
	call_as(f, HTTP_GET, "/api/v1/sites/" B "/flags", NULL, NULL, f->head.cookie, &rs);
	assert_error(&rs, 403, "site");
	http_response_free(&rs);
	call_as(f, HTTP_GET, "/api/v1/sites/" A "/flags", NULL, NULL, f->officer.cookie, &rs);
	assert_error(&rs, 403, NULL);
	http_response_free(&rs);
	/* A login session's change without the CSRF token is refused by the router. */
	call_as(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", body, NULL, f->head.cookie, &rs);
	assert_error(&rs, 403, "csrf");
	http_response_free(&rs);
	/* Unknown paths and methods. */
	call(f, HTTP_GET, "/api/v1/sites/" A "/counters/q01/session", NULL, TOKEN, &rs);
	assert_error(&rs, 405, NULL);
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/nothing", NULL, TOKEN, &rs);
	assert_error(&rs, 404, NULL);
	http_response_free(&rs);
}

static void no_broker_or_a_refusing_one_is_503(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_txn t;
	const char *body = "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}";
	cJSON *o;

	f->no_broker = true;
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", body, TOKEN, &rs);
	assert_error(&rs, 503, NULL);
	o = json_of(&rs);
	assert_non_null(strstr(jstr(o, "error"), "no broker configured"));
	cJSON_Delete(o);
	http_response_free(&rs);
	call(f, HTTP_DELETE, "/api/v1/sites/" A "/counters/q01/session", NULL, TOKEN, &rs);
	assert_error(&rs, 503, NULL);
	http_response_free(&rs);

	f->no_broker = false;
	f->publish_rc = HL_ERR_NET;
	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session", body, TOKEN, &rs);
	assert_error(&rs, 503, NULL);
	o = json_of(&rs);
	assert_non_null(strstr(jstr(o, "error"), "connection refused"));
	cJSON_Delete(o);
	http_response_free(&rs);
	assert_int_equal(store_txn_latest(f->s, A, "q01", &t), HL_ERR_NOTFOUND);
}

static void session_delete_clears_with_an_empty_retained_message(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct store_txn t;

	call(f, HTTP_PUT, "/api/v1/sites/" A "/counters/q01/session",
	     "{\"officer\":\"cb0123\",\"procedure\":\"1.001234\"}", TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	http_response_free(&rs);
	f->now += 60;
	call(f, HTTP_DELETE, "/api/v1/sites/" A "/counters/q01/session", NULL, TOKEN, &rs);
	assert_int_equal(rs.status, 204);
	assert_int_equal(rs.body.len, 0);
	http_response_free(&rs);
	assert_int_equal(f->nsent, 2);
	assert_string_equal(f->sent[1].topic, "hailong/v1/" A "/q01/session");
	assert_int_equal(f->sent[1].len, 0);
	assert_true(f->sent[1].retain);
	assert_int_equal(store_txn_latest(f->s, A, "q01", &t), HL_OK);
	assert_int_equal(t.closed, f->now);
	struct web_fixture_audit a = newest_audit(f);
	assert_string_equal(a.action, "session.close");
	assert_string_equal(a.who, "token:motcua");

	/* With an officer on shift there, the transaction ends and they stay named on duty. */
	assert_int_equal(store_shift_start(f->s, f->officer.id, A, "q01", f->now), HL_OK);
	call(f, HTTP_DELETE, "/api/v1/sites/" A "/counters/q01/session", NULL, TOKEN, &rs);
	assert_int_equal(rs.status, 204);
	http_response_free(&rs);
	assert_int_equal(f->nsent, 3);
	assert_string_equal(f->sent[2].topic, "hailong/v1/" A "/q01/session");
	assert_string_equal(f->sent[2].payload, "{\"duty\":\"cb0123\"}");
	assert_true(f->sent[2].retain);

	call(f, HTTP_DELETE, "/api/v1/sites/" B "/counters/q01/session", NULL, TOKEN, &rs);
	assert_error(&rs, 403, "site");
	http_response_free(&rs);
}

/* ---- reports ------------------------------------------------------------------------------------- */

/* What report_write gives for the same report, as the CLI would write it. */
static char *expected_report(struct fixture *f, int dim, struct period_range days, bool all_time, size_t *len)
{
	struct report r = {
		.dim = dim, .days = days, .all_time = all_time, .site = A, .generated = f->now, .utc_offset = VN
	};
	struct report_buffers *bufs = NULL;
	char *text = NULL;
	FILE *out;

	assert_int_equal(report_load(f->s, &r, false, &bufs), HL_OK);
	assert_non_null(out = open_memstream(&text, len));
	assert_int_equal(report_write(out, REPORT_JSON, &r), HL_OK);
	assert_int_equal(fclose(out), 0);
	report_load_free(bufs);
	return text;
}

static void report_is_the_same_document(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	struct period_range q2;
	char *want;
	size_t wlen;

	for (int i = 0; i < 12; i++)
		rating(f, A, "q01", i % 2 ? "cb0123" : "cb0456", "1.001234", 3 + i % 3, T0 - 86400 * i);
	rating(f, B, "q01", "cb0999", "2.000001", 1, T0);
	/* An officer with two ratings: counts only as "< 5", reasons included. */
	rating(f, A, "q02", "cb0777", "1.001234", 1, T0);
	rating(f, A, "q02", "cb0777", "1.001234", 2, T0);

	assert_int_equal(period_parse("2026-Q2", &q2), HL_OK);
	static const char *const dims[] = { "officers", "procedures", "counters" };
	for (size_t d = 0; d < 3; d++) {
		char path[160];
		int dim = report_dim_parse(dims[d]);
		want = expected_report(f, dim, q2, false, &wlen);
		snprintf(path, sizeof path, "/api/v1/sites/" A "/reports/%s?quarter=2026-Q2", dims[d]);
		call(f, HTTP_GET, path, NULL, TOKEN, &rs);
		assert_int_equal(rs.status, 200);
		assert_string_equal(rs.type, "application/json");
		assert_int_equal(rs.body.len, wlen);
		assert_memory_equal(rs.body.p, want, wlen);
		if (d == 0) {
			assert_non_null(strstr(rs.body.p, "cb0123"));
			assert_null(strstr(rs.body.p, "cb0999")); /* the other site's */
			cJSON *doc = json_of(&rs), *row;
			bool small = false;
			cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(doc, "rows")) {
				if (strcmp(jstr(row, "officer"), "cb0777") != 0)
					continue;
				small = true;
				assert_string_equal(jstr(row, "ratings"), "< 5");
				const cJSON *why = cJSON_GetObjectItemCaseSensitive(row, "reasons");
				assert_int_equal(cJSON_GetArraySize(why), SURVEY_R_COUNT);
				assert_string_equal(jstr(why, "NHUNG_NHIEU"), "< 5");
				assert_string_equal(jstr(why, "CHO_LAU"), "< 5");
			}
			assert_true(small);
			cJSON_Delete(doc);
		}
		free(want);
		http_response_free(&rs);
	}

	/* Without a period: everything stored, as the command without one. */
	struct period_range all = { period_day_from_civil(2000, 1, 1), period_day_from_civil(2099, 12, 31) };
	want = expected_report(f, report_dim_parse("officers"), all, true, &wlen);
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/officers", NULL, TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	assert_int_equal(rs.body.len, wlen);
	assert_memory_equal(rs.body.p, want, wlen);
	free(want);
	http_response_free(&rs);

	/* A month and a range. */
	struct period_range may = { period_day_from_civil(2026, 5, 1), period_day_from_civil(2026, 5, 31) };
	want = expected_report(f, report_dim_parse("counters"), may, false, &wlen);
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/counters?month=2026-05", NULL, TOKEN, &rs);
	assert_int_equal(rs.body.len, wlen);
	assert_memory_equal(rs.body.p, want, wlen);
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/counters?from=2026-05-01&to=2026-05-31", NULL, TOKEN, &rs);
	assert_int_equal(rs.body.len, wlen);
	assert_memory_equal(rs.body.p, want, wlen);
	free(want);
	http_response_free(&rs);

	/* Bad periods name their parameter; unknown reports are not found. */
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/officers?quarter=2026-Q5", NULL, TOKEN, &rs);
	assert_error(&rs, 400, "quarter");
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/officers?from=2026-05-01", NULL, TOKEN, &rs);
	assert_error(&rs, 400, "to");
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/officers?year=26", NULL, TOKEN, &rs);
	assert_error(&rs, 400, "year");
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/ratings", NULL, TOKEN, &rs);
	assert_error(&rs, 404, "dim");
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/reports/sites", NULL, TOKEN, &rs);
	assert_error(&rs, 404, "dim");
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" B "/reports/officers", NULL, TOKEN, &rs);
	assert_error(&rs, 403, "site");
	http_response_free(&rs);
}

/* ---- flags --------------------------------------------------------------------------------------- */

static void flags_listed_and_taken_a_step(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	int64_t a1 = open_flag(f, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, A, "cb0123", T0);
	int64_t b1 = open_flag(f, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, B, "cb0999", T0 + 5);
	char path[120];
	cJSON *o, *list, *fl;

	call(f, HTTP_GET, "/api/v1/sites/" A "/flags?state=open", NULL, TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	o = json_of(&rs);
	list = cJSON_GetObjectItemCaseSensitive(o, "flags");
	assert_int_equal(cJSON_GetArraySize(list), 1);
	fl = cJSON_GetArrayItem(list, 0);
	assert_int_equal((int64_t)jnum(fl, "id"), a1);
	assert_string_equal(jstr(fl, "kind"), "serious");
	assert_string_equal(jstr(fl, "state"), "open");
	assert_string_equal(jstr(fl, "subject_type"), "officer");
	assert_string_equal(jstr(fl, "subject"), "cb0123");
	assert_string_equal(jstr(fl, "opened_day"), "2026-05-29");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(fl, "ack_by")));
	assert_null(cJSON_GetObjectItemCaseSensitive(fl, "opened")); /* by day, never the minute */
	/* The summary in words, in Vietnamese by default, not the engine's English line. */
	assert_string_equal(jstr(fl, "summary"), "Phản ánh nghiêm trọng về cán bộ Nguyễn Văn An (cb0123)");
	cJSON_Delete(o);
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/flags?state=maybe", NULL, TOKEN, &rs);
	assert_error(&rs, 400, "state");
	http_response_free(&rs);

	/* Acknowledge: by is required; the note is not. */
	snprintf(path, sizeof path, "/api/v1/flags/%lld/ack", (long long)a1);
	call(f, HTTP_POST, path, "{\"note\":\"x\"}", TOKEN, &rs);
	assert_error(&rs, 422, "by");
	http_response_free(&rs);
	call(f, HTTP_POST, path, "{\"by\":\"Phạm Thu\",\"note\":\"đã gọi điện cho công dân\"}", TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	o = json_of(&rs);
	assert_string_equal(jstr(o, "state"), "acknowledged");
	assert_string_equal(jstr(o, "ack_by"), "Phạm Thu");
	assert_string_equal(jstr(o, "ack_note"), "đã gọi điện cho công dân");
	assert_string_equal(jstr(o, "ack_day"), "2026-05-29");
	cJSON_Delete(o);
	http_response_free(&rs);
	struct web_fixture_audit a = newest_audit(f);
	assert_string_equal(a.who, "token:motcua");
	assert_string_equal(a.action, "flag.ack");
	assert_string_equal(a.site, A);
	call(f, HTTP_POST, path, "{\"by\":\"Phạm Thu\"}", TOKEN, &rs);
	assert_error(&rs, 409, NULL);
	http_response_free(&rs);

	/* Resolve: a note is required. */
	snprintf(path, sizeof path, "/api/v1/flags/%lld/resolve", (long long)a1);
	call(f, HTTP_POST, path, "{\"by\":\"Phạm Thu\"}", TOKEN, &rs);
	assert_error(&rs, 422, "note");
	http_response_free(&rs);
	call(f, HTTP_POST, path, "{\"by\":\"Phạm Thu\",\"note\":\"đã nhắc nhở cán bộ\"}", TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	o = json_of(&rs);
	assert_string_equal(jstr(o, "state"), "resolved");
	assert_string_equal(jstr(o, "resolved_by"), "Phạm Thu");
	assert_string_equal(jstr(o, "resolve_note"), "đã nhắc nhở cán bộ");
	cJSON_Delete(o);
	http_response_free(&rs);
	assert_string_equal(newest_audit(f).action, "flag.resolve");
	call(f, HTTP_POST, path, "{\"by\":\"Phạm Thu\",\"note\":\"lần nữa\"}", TOKEN, &rs);
	assert_error(&rs, 409, NULL);
	http_response_free(&rs);
	call(f, HTTP_POST, path, "{\"by\":", TOKEN, &rs);
	assert_error(&rs, 400, NULL);
	http_response_free(&rs);

	/* Listed by state. */
	call(f, HTTP_GET, "/api/v1/sites/" A "/flags?state=resolved", NULL, TOKEN, &rs);
	o = json_of(&rs);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "flags")), 1);
	cJSON_Delete(o);
	http_response_free(&rs);
	call(f, HTTP_GET, "/api/v1/sites/" A "/flags", NULL, TOKEN, &rs);
	o = json_of(&rs);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "flags")), 0);
	cJSON_Delete(o);
	http_response_free(&rs);

	/* Another site's flag; one that does not exist. */
	snprintf(path, sizeof path, "/api/v1/flags/%lld/ack", (long long)b1);
	call(f, HTTP_POST, path, "{\"by\":\"x\"}", TOKEN, &rs);
	assert_error(&rs, 403, NULL);
	http_response_free(&rs);
	call(f, HTTP_POST, "/api/v1/flags/99999/ack", "{\"by\":\"x\"}", TOKEN, &rs);
	assert_error(&rs, 404, NULL);
	http_response_free(&rs);
	call(f, HTTP_POST, "/api/v1/flags/abc/resolve", "{\"by\":\"x\",\"note\":\"y\"}", TOKEN, &rs);
	assert_error(&rs, 404, NULL);
	http_response_free(&rs);
}

/* ---- terminals ----------------------------------------------------------------------------------- */

static void status(struct fixture *f, const char *site, const char *counter, bool online, int64_t spooled, int64_t at)
{
	web_fixture_status(&f->wf, site, counter, online, spooled, "", at);
}

static void terminals_of_the_site(void **state)
{
	struct fixture *f = *state;
	struct http_response rs;
	cJSON *o, *list, *t;

	status(f, A, "q01", true, 0, T0);
	status(f, A, "q02", false, 4, T0 + 10);
	status(f, B, "q09", true, 0, T0);
	call(f, HTTP_GET, "/api/v1/sites/" A "/terminals", NULL, TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	o = json_of(&rs);
	assert_string_equal(jstr(o, "site"), A);
	list = cJSON_GetObjectItemCaseSensitive(o, "terminals");
	assert_int_equal(cJSON_GetArraySize(list), 2);
	t = cJSON_GetArrayItem(list, 1);
	assert_string_equal(jstr(t, "counter"), "q02");
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(t, "online")));
	assert_int_equal((int)jnum(t, "spooled"), 4);
	assert_string_equal(jstr(t, "version"), "0.1.0");
	assert_null(strstr(rs.body.p, "q09"));
	cJSON_Delete(o);
	http_response_free(&rs);
	/* HEAD answers as GET. */
	call(f, HTTP_HEAD, "/api/v1/sites/" A "/terminals", NULL, TOKEN, &rs);
	assert_int_equal(rs.status, 200);
	http_response_free(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(session_put_publishes_records_and_audits, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(session_codes_not_in_the_roster_are_422, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(tokens_sites_and_logins, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(no_broker_or_a_refusing_one_is_503, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(session_delete_clears_with_an_empty_retained_message, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(report_is_the_same_document, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(flags_listed_and_taken_a_step, setup, web_fixture_teardown),
		cmocka_unit_test_setup_teardown(terminals_of_the_site, setup, web_fixture_teardown),
	};
	if (credential_init() != HL_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
