/* SPDX-License-Identifier: MIT
 * api.c — the HTTP API under /api/v1/ for the one-stop or queue software (web/openapi.yaml describes
 * every path, parameter and answer): open and clear a counter's transaction, read a report as the
 * same JSON document `hailong-aggregator report … --format json` writes, list flags and take them a
 * step (acknowledge, resolve), and read the fleet's status. The router has checked the bearer token
 * (or a login session of a role the route lets in) before a handler runs; each handler checks the
 * site in its path against the token's sites. Errors are JSON through web_fail. No SQL here: the
 * store modules answer, session_pub.c opens and clears sessions for this file and the Quầy page. */
#include "web.h"

#include "conf.h"
#include "flag_view.h"
#include "flag_words.h"
#include "flags.h"
#include "events.h"
#include "hl.h"
#include "layout.h"
#include "period.h"
#include "report.h"
#include "report_load.h"
#include "session_pub.h"
#include "store_flags.h"
#include "store_users.h"
#include "topic.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_FLAGS_LIMIT 200  /* flags listed when ?limit= is not given */
#define API_FLAGS_MAX   1000 /* and at most */
#define API_BY_MAX      64   /* bytes of a flag step's "by" */
#define API_NOTE_MAX    1000 /* bytes of its note */

/* ---- answers ------------------------------------------------------------------------------------- */

/* Answers the JSON value o (taken: deleted here) with status. */
static int reply(struct http_response *rs, int status, cJSON *o)
{
	char *text = o ? cJSON_PrintUnformatted(o) : NULL;

	buf_reset(&rs->body);
	rs->status = status;
	rs->type = "application/json";
	if (text) {
		buf_puts(&rs->body, text);
		buf_puts(&rs->body, "\n");
		cJSON_free(text);
	} else {
		rs->body.failed = true;
	}
	cJSON_Delete(o);
	return status;
}

static int nomem(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return web_fail(c, rq, rs, 500, NULL, "Hết bộ nhớ.", "out of memory");
}

static int store_failed(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return web_fail(c, rq, rs, 500, NULL, "Lỗi cơ sở dữ liệu.", "the database could not answer");
}

/* The site in the path: well formed (400) and one the caller may see (403). */
static int check_site(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, const char *site)
{
	if (!site || !topic_id_valid(site))
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.",
				"the site must match [a-z0-9-]{1,32}");
	if (!web_site_allowed(c, site))
		return web_fail(c, rq, rs, 403, "site", "Mã truy cập này không được dùng cho đơn vị này.",
				"this site is outside the token's sites");
	return 0;
}

/* Who did it, as the audit and the transaction record it: "token:NAME" or the user's name. */
static void who_of(const struct web_ctx *c, char *out, size_t cap)
{
	if (c->token)
		snprintf(out, cap, "token:%s", c->token->name);
	else if (c->user)
		snprintf(out, cap, "%s", c->user->name);
	else
		snprintf(out, cap, "?");
}

/* The request's body as a JSON object: 0 with *root set, or the status of the answer given. */
static int parse_body(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, cJSON **root)
{
	const char *why;

	*root = NULL;
	if (!rq->body || rq->body_len == 0)
		return web_fail(c, rq, rs, 400, NULL, "Cần thân yêu cầu dạng JSON.",
				"a JSON object is required as the body");
	if (wire_parse_object(rq->body, rq->body_len, root, &why) != HL_OK)
		return web_fail(c, rq, rs, 400, NULL, "Thân yêu cầu không phải JSON hợp lệ.", why);
	return 0;
}

/* o[key] as a string: NULL when absent; *bad when present but not a string. */
static const char *json_str(const cJSON *o, const char *key, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*bad = false;
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		*bad = true;
		return NULL;
	}
	return v->valuestring;
}

/* ---- sessions ------------------------------------------------------------------------------------ */

static int session_failed(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			  const struct session_pub_fail *f)
{
	char en[400];

	if (f->detail[0] && f->status >= 500)
		snprintf(en, sizeof en, "%s (%s)", f->why_en, f->detail);
	else
		snprintf(en, sizeof en, "%s", f->why_en);
	return web_fail(c, rq, rs, f->status, f->param, f->why_vi, en);
}

static int api_session_put(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = rq->args[0], *counter = rq->args[1], *officer, *procedure;
	struct session_pub_fail f;
	struct wire_session sent;
	char by[USER_NAME_MAX + 8];
	cJSON *root, *o;
	int64_t expires = c->conf->txn_expires_minutes ? c->now + (int64_t)c->conf->txn_expires_minutes * 60 : 0;
	bool bad;
	int st;

	if ((st = check_site(c, rq, rs, site)))
		return st;
	if ((st = parse_body(c, rq, rs, &root)))
		return st;
	officer = json_str(root, "officer", &bad);
	if (bad) {
		cJSON_Delete(root);
		return web_fail(c, rq, rs, 422, "officer", "Mã cán bộ phải là chuỗi.", "officer must be a string");
	}
	procedure = json_str(root, "procedure", &bad);
	if (bad) {
		cJSON_Delete(root);
		return web_fail(c, rq, rs, 422, "procedure", "Mã thủ tục phải là chuỗi.", "procedure must be a string");
	}
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(root, "expires");
	if (ex && !cJSON_IsNull(ex)) {
		double d = cJSON_IsNumber(ex) ? ex->valuedouble : -1;
		if (!cJSON_IsNumber(ex) || d != (double)(int64_t)d || d < 0 || d > 4102444800.0) {
			cJSON_Delete(root);
			return web_fail(c, rq, rs, 422, "expires", "Thời điểm hết hạn phải là số giây Unix.",
					"expires must be a whole number of Unix seconds (0: until closed)");
		}
		expires = (int64_t)d;
	}
	who_of(c, by, sizeof by);
	if (session_pub_open(c, site, counter, officer, procedure, expires, by, &sent, &f) != HL_OK) {
		cJSON_Delete(root);
		return session_failed(c, rq, rs, &f);
	}
	if (!(o = cJSON_CreateObject())) {
		cJSON_Delete(root);
		return nomem(c, rq, rs);
	}
	cJSON_AddStringToObject(o, "site", site);
	cJSON_AddStringToObject(o, "counter", counter);
	cJSON_AddStringToObject(o, "txn", sent.txn);
	cJSON_AddStringToObject(o, "officer", officer);
	cJSON_AddStringToObject(o, "procedure", procedure);
	cJSON_AddNumberToObject(o, "expires", (double)expires);
	if (sent.duty[0])
		cJSON_AddStringToObject(o, "duty", sent.duty);
	cJSON_Delete(root);
	return reply(rs, 200, o);
}

static int api_session_delete(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct session_pub_fail f;
	char by[USER_NAME_MAX + 8];
	int st;

	if ((st = check_site(c, rq, rs, rq->args[0])))
		return st;
	who_of(c, by, sizeof by);
	if (session_pub_close(c, rq->args[0], rq->args[1], by, &f) != HL_OK)
		return session_failed(c, rq, rs, &f);
	buf_reset(&rs->body);
	rs->status = 204;
	rs->type = "application/json";
	return 204;
}

/* ---- reports ------------------------------------------------------------------------------------- */

/* Whether the query names a period; without one the report covers everything stored, as the
 * command's does. */
static bool period_given(const struct http_request *rq)
{
	static const char *const names[] = { "month", "quarter", "year", "from", "to", "kind" };

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = http_param(&rq->query, names[i]);
		if (v && *v)
			return true;
	}
	return false;
}

static int api_report(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = rq->args[0], *dimname = rq->args[1], *bad, *why_vi, *why_en;
	struct report r = { 0 };
	struct report_buffers *bufs = NULL;
	struct layout_period p;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int st, rc;

	if ((st = check_site(c, rq, rs, site)))
		return st;
	r.dim = report_dim_parse(dimname);
	if (r.dim < 0 || strcmp(dimname, "sites") == 0)
		return web_fail(c, rq, rs, 404, "dim", "Không có báo cáo này.",
				"no such report: officers, procedures or counters");
	if (period_given(rq)) {
		if (layout_period(c, rq, &p, &bad, &why_vi, &why_en) != HL_OK)
			return web_fail(c, rq, rs, 400, bad, why_vi, why_en);
		r.days = p.days;
	} else {
		r.days.from = period_day_from_civil(2000, 1, 1);
		r.days.to = period_day_from_civil(2099, 12, 31);
		r.all_time = true;
	}
	r.site = site;
	r.generated = c->now;
	r.utc_offset = c->utc_offset;
	if (report_load(c->store, &r, false, &bufs) != HL_OK) {
		report_load_free(bufs);
		return store_failed(c, rq, rs);
	}
	if (!(f = open_memstream(&text, &len))) {
		report_load_free(bufs);
		return nomem(c, rq, rs);
	}
	rc = report_write(f, REPORT_JSON, &r);
	if (fclose(f) != 0 && rc == HL_OK)
		rc = HL_ERR_NOMEM;
	report_load_free(bufs);
	if (rc != HL_OK) {
		free(text);
		return nomem(c, rq, rs);
	}
	buf_reset(&rs->body);
	buf_put(&rs->body, text, len);
	free(text);
	rs->status = 200;
	rs->type = "application/json";
	return 200;
}

/* ---- flags --------------------------------------------------------------------------------------- */

/* A local day as YYYY-MM-DD, or JSON null for 0 (never): flags are shown by day (DESIGN §8). */
static void add_day(const struct web_ctx *c, cJSON *o, const char *key, int64_t t)
{
	char day[11];

	if (!t) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	period_format_day(period_day_of(t, c->utc_offset), day);
	cJSON_AddStringToObject(o, key, day);
}

static void add_text(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* One flag as the API shows it, its summary in words in the request's language with the site's
 * roster names (names: the walk's cache). NULL when out of memory. */
static cJSON *flag_json(const struct web_ctx *c, const struct store_flag *f, struct flag_view_names *names)
{
	cJSON *o = cJSON_CreateObject();
	char summary[FLAG_WORDS_MAX];

	if (!o)
		return NULL;
	flag_view_summary_text(c, f, flag_view_roster(names, f->site), summary, sizeof summary);
	cJSON_AddNumberToObject(o, "id", (double)f->id);
	add_text(o, "kind", flag_kind_name(f->kind));
	add_text(o, "state", flag_state_name(f->state));
	add_text(o, "site", f->site);
	add_text(o, "subject_type", flag_subject_name(f->subject_type));
	add_text(o, "subject", f->subject);
	add_text(o, "summary", summary);
	add_day(c, o, "opened_day", f->opened);
	add_text(o, "ack_by", f->ack_by);
	add_text(o, "ack_note", f->ack_note);
	add_day(c, o, "ack_day", f->ack_at);
	add_text(o, "resolved_by", f->resolved_by);
	add_text(o, "resolve_note", f->resolve_note);
	add_day(c, o, "resolved_day", f->resolved_at);
	return o;
}

struct flag_walk {
	const struct web_ctx *c;
	struct flag_view_names names; /* flag_view_names_free when done */
	cJSON *arr; /* the list, or NULL when one flag is wanted */
	cJSON *one; /* that flag */
	char site[HL_CODE_MAX + 1];
	int state;
	bool failed;
};

static int flag_collect(void *ud, const struct store_flag *f)
{
	struct flag_walk *w = ud;
	cJSON *o = flag_json(w->c, f, &w->names);

	if (!o) {
		w->failed = true;
		return HL_ERR_NOMEM;
	}
	if (w->arr) {
		cJSON_AddItemToArray(w->arr, o);
		return 0;
	}
	cJSON_Delete(w->one);
	w->one = o;
	snprintf(w->site, sizeof w->site, "%s", f->site ? f->site : "");
	w->state = f->state;
	return 0;
}

static int api_flags(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = rq->args[0], *sv = http_param(&rq->query, "state"), *lv = http_param(&rq->query, "limit");
	struct flag_walk w = { .c = c };
	int st, rc, state = STORE_FLAGS_UNRESOLVED;
	long limit = API_FLAGS_LIMIT;
	cJSON *o;

	if ((st = check_site(c, rq, rs, site)))
		return st;
	if (sv && *sv) {
		if (strcmp(sv, "unresolved") == 0)
			state = STORE_FLAGS_UNRESOLVED;
		else if (strcmp(sv, "all") == 0)
			state = STORE_FLAGS_ALL;
		else if ((state = flag_state_parse(sv)) < 0)
			return web_fail(c, rq, rs, 400, "state", "Trạng thái không hợp lệ.",
					"state must be open, acknowledged, resolved, unresolved or all");
	}
	if (lv && *lv) {
		char *end;
		limit = strtol(lv, &end, 10);
		if (*end || end == lv || limit < 1 || limit > API_FLAGS_MAX)
			return web_fail(c, rq, rs, 400, "limit", "Số dòng phải từ 1 đến 1000.",
					"limit must be a whole number from 1 to 1000");
	}
	if (!(o = cJSON_CreateObject()) || !(w.arr = cJSON_AddArrayToObject(o, "flags"))) {
		cJSON_Delete(o);
		return nomem(c, rq, rs);
	}
	cJSON_AddStringToObject(o, "site", site);
	flag_view_names_init(&w.names, c->store);
	rc = store_flags_list(c->store, state, site, (int)limit, flag_collect, &w);
	flag_view_names_free(&w.names);
	if (rc != HL_OK) {
		cJSON_Delete(o);
		return w.failed ? nomem(c, rq, rs) : store_failed(c, rq, rs);
	}
	return reply(rs, 200, o);
}

/* A one-line text of at most max bytes (by, note). */
static bool line_ok(const char *s, size_t max)
{
	return strlen(s) <= max && wire_text_valid(s, max);
}

static int flag_step_in(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool resolve,
			struct flag_walk *w);

static int flag_step(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool resolve)
{
	struct flag_walk w = { .c = c };
	int st;

	flag_view_names_init(&w.names, c->store);
	st = flag_step_in(c, rq, rs, resolve, &w);
	flag_view_names_free(&w.names);
	return st;
}

/* The step itself, with the walk (and its names) of flag_step. */
static int flag_step_in(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool resolve,
			struct flag_walk *w)
{
	const char *by, *note;
	char *end, who[USER_NAME_MAX + 8], detail[API_NOTE_MAX + 200];
	long long id;
	bool bad;
	cJSON *root;
	int st, rc, after;

	id = strtoll(rq->args[0], &end, 10);
	if (*end || id <= 0 || rq->args[0][0] == '+' || rq->args[0][0] == '0')
		return web_fail(c, rq, rs, 404, "id", "Không có cảnh báo này.", "no flag has this id");
	rc = store_flags_get(c->store, id, flag_collect, w);
	if (rc == HL_ERR_NOTFOUND || (rc == HL_OK && !w->one))
		return web_fail(c, rq, rs, 404, "id", "Không có cảnh báo này.", "no flag has this id");
	if (rc != HL_OK)
		return w->failed ? nomem(c, rq, rs) : store_failed(c, rq, rs);
	cJSON_Delete(w->one);
	w->one = NULL;
	if (!web_site_allowed(c, w->site))
		return web_fail(c, rq, rs, 403, "id", "Cảnh báo này thuộc đơn vị khác.",
				"this flag is of a site outside the token's sites");
	if ((st = parse_body(c, rq, rs, &root)))
		return st;
	by = json_str(root, "by", &bad);
	if (bad || !by || !*by || !line_ok(by, API_BY_MAX)) {
		cJSON_Delete(root);
		return web_fail(c, rq, rs, 422, "by", "Cần tên người xử lý (một dòng, tối đa 64 byte).",
				"by is required: who took the step, one line of at most 64 bytes");
	}
	note = json_str(root, "note", &bad);
	if (bad || (note && !line_ok(note, API_NOTE_MAX)) || (resolve && (!note || !*note))) {
		cJSON_Delete(root);
		return web_fail(
			c, rq, rs, 422, "note",
			resolve ? "Cần ghi chú cách đã xử lý (một dòng, tối đa 1000 byte)."
				: "Ghi chú phải là một dòng, tối đa 1000 byte.",
			resolve ? "note is required to resolve: how it was dealt with, one line of at most 1000 bytes"
				: "note must be one line of at most 1000 bytes");
	}
	rc = resolve ? store_flags_resolve(c->store, id, by, note, c->now, &after)
		     : store_flags_ack(c->store, id, by, note, c->now, &after);
	if (rc == HL_ERR_NOTFOUND) {
		cJSON_Delete(root);
		return web_fail(c, rq, rs, 404, "id", "Không có cảnh báo này.", "no flag has this id");
	}
	if (rc == HL_ERR_INVALID) {
		cJSON_Delete(root);
		return web_fail(c, rq, rs, 409, NULL,
				resolve ? "Cảnh báo này đã được xử lý xong." : "Chỉ xác nhận được cảnh báo đang mở.",
				resolve ? "the flag is resolved already" : "only an open flag can be acknowledged");
	}
	if (rc != HL_OK) {
		cJSON_Delete(root);
		return store_failed(c, rq, rs);
	}
	who_of(c, who, sizeof who);
	snprintf(detail, sizeof detail, "flag %lld by %s%s%s", id, by, note && *note ? ": " : "", note ? note : "");
	if (store_audit_add(c->store, c->now, who, resolve ? "flag.resolve" : "flag.ack", w->site, detail) != HL_OK) {
		cJSON_Delete(root);
		return store_failed(c, rq, rs);
	}
	cJSON_Delete(root);
	events_poke(events_global()); /* open Cảnh báo pages show the step at once */
	if (store_flags_get(c->store, id, flag_collect, w) != HL_OK || !w->one) {
		cJSON_Delete(w->one);
		return w->failed ? nomem(c, rq, rs) : store_failed(c, rq, rs);
	}
	return reply(rs, 200, w->one);
}

static int api_flag_ack(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return flag_step(c, rq, rs, false);
}

static int api_flag_resolve(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return flag_step(c, rq, rs, true);
}

/* ---- terminals ----------------------------------------------------------------------------------- */

struct terminal_walk {
	const struct web_ctx *c;
	const char *site;
	cJSON *arr;
	bool failed;
};

static int terminal_collect(void *ud, const struct store_terminal *t)
{
	struct terminal_walk *w = ud;
	cJSON *o;

	if (strcmp(t->site, w->site) != 0)
		return 0;
	if (!(o = cJSON_CreateObject())) {
		w->failed = true;
		return HL_ERR_NOMEM;
	}
	cJSON_AddStringToObject(o, "counter", t->counter);
	cJSON_AddBoolToObject(o, "online", t->online);
	cJSON_AddNumberToObject(o, "spooled", (double)t->spooled);
	cJSON_AddNumberToObject(o, "since", (double)t->since);
	cJSON_AddNumberToObject(o, "seen", (double)t->seen);
	add_text(o, "version", t->version && *t->version ? t->version : NULL);
	add_text(o, "fault", t->fault && *t->fault ? t->fault : NULL);
	cJSON_AddBoolToObject(o, "clock_ok", t->clock_ok);
	/* By day only: the minute of a counter's last rating could be matched against a queue log. */
	add_day(w->c, o, "last_rating_day", t->last_rating);
	cJSON_AddItemToArray(w->arr, o);
	return 0;
}

static int api_terminals(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct terminal_walk w = { .c = c, .site = rq->args[0] };
	cJSON *o;
	int st;

	if ((st = check_site(c, rq, rs, w.site)))
		return st;
	if (!(o = cJSON_CreateObject()) || !(w.arr = cJSON_AddArrayToObject(o, "terminals"))) {
		cJSON_Delete(o);
		return nomem(c, rq, rs);
	}
	cJSON_AddStringToObject(o, "site", w.site);
	if (store_flags_terminals(c->store, terminal_collect, &w) != HL_OK) {
		cJSON_Delete(o);
		return w.failed ? nomem(c, rq, rs) : store_failed(c, rq, rs);
	}
	return reply(rs, 200, o);
}

/* ---- the routes ---------------------------------------------------------------------------------- */

#define API_READ (WEB_TOKEN | WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE)
#define API_ACT  (WEB_TOKEN | WEB_R_ADMIN | WEB_R_HEAD)

const struct web_route api_routes[] = {
	{ HTTP_PUT, "/api/v1/sites/:site/counters/:counter/session", API_ACT, api_session_put },
	{ HTTP_DELETE, "/api/v1/sites/:site/counters/:counter/session", API_ACT, api_session_delete },
	{ HTTP_GET, "/api/v1/sites/:site/reports/:dim", API_READ, api_report },
	{ HTTP_GET, "/api/v1/sites/:site/flags", API_READ, api_flags },
	{ HTTP_POST, "/api/v1/flags/:id/ack", API_ACT, api_flag_ack },
	{ HTTP_POST, "/api/v1/flags/:id/resolve", API_ACT, api_flag_resolve },
	{ HTTP_GET, "/api/v1/sites/:site/terminals", WEB_TOKEN | WEB_R_ADMIN | WEB_R_HEAD, api_terminals },
	{ 0 },
};
