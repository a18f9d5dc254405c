/* SPDX-License-Identifier: MIT
 * web_fixture.c — the web console's test fixture (web_fixture.h): a real store and the request
 * context, accounts and their sessions, ratings, flags and terminals written through the store's own
 * functions, requests through web_dispatch as the server would make them, and a publisher that keeps
 * what it is given instead of sending it. It asserts rather than returns errors: it serves tests. */
#include "web_fixture.h"

#include "credential.h"
#include "flags.h"
#include "route.h"
#include "store_flags.h"
#include "survey.h"
#include "uuid.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *web_fixture_new(size_t size, const char *db, int utc_offset)
{
	struct web_fixture *wf;
	char err[256];

	assert_true(size >= sizeof *wf);
	wf = calloc(1, size);
	assert_non_null(wf);
	if (store_open(db ? db : ":memory:", utc_offset, &wf->s, err, sizeof err) != HL_OK) {
		free(wf);
		return NULL;
	}
	web_conf_defaults(&wf->conf);
	wf->utc_offset = utc_offset;
	return wf;
}

void web_fixture_free(void *fixture)
{
	struct web_fixture *wf = fixture;

	if (!wf)
		return;
	for (int i = 0; i < wf->nsent; i++)
		free(wf->sent[i].payload);
	store_close(wf->s);
	free(wf);
}

int web_fixture_teardown(void **state)
{
	web_fixture_free(*state);
	return 0;
}

static int fake_publish(void *ud, const char *topic, const void *payload, size_t len, bool retain, char *why,
			size_t cap)
{
	struct web_fixture *wf = ud;
	struct web_fixture_sent *s;

	if (wf->publish_rc != HL_OK) {
		snprintf(why, cap, "connection refused");
		return wf->publish_rc;
	}
	assert_true(wf->nsent < WEB_FIXTURE_SENT_MAX);
	s = &wf->sent[wf->nsent++];
	snprintf(s->topic, sizeof s->topic, "%s", topic);
	s->payload = malloc(len + 1);
	assert_non_null(s->payload);
	memcpy(s->payload, payload, len);
	s->payload[len] = '\0';
	s->len = len;
	s->retain = retain;
	return HL_OK;
}

void web_fixture_ctx(struct web_fixture *wf)
{
	memset(&wf->c, 0, sizeof wf->c);
	wf->c.store = wf->s;
	wf->c.conf = &wf->conf;
	wf->c.utc_offset = wf->utc_offset;
	if (!wf->no_broker) {
		wf->c.publish = fake_publish;
		wf->c.publish_ud = wf;
	}
}

/* ---- accounts ------------------------------------------------------------------------------------- */

void web_fixture_user(struct web_fixture *wf, const char *name, int role, const char *site, const char *officer,
		      int64_t added, struct who *w)
{
	struct store_user u;

	memset(&u, 0, sizeof u);
	snprintf(u.name, sizeof u.name, "%s", name);
	u.role = role;
	if (site) {
		snprintf(u.sites[0], sizeof u.sites[0], "%s", site);
		u.nsites = 1;
	}
	if (officer)
		snprintf(u.officer, sizeof u.officer, "%s", officer);
	snprintf(u.hash, sizeof u.hash, "%s", credential_dummy_hash());
	assert_int_equal(store_user_add(wf->s, &u, added), HL_OK);
	if (w)
		web_fixture_login(wf, name, added, w);
}

void web_fixture_login(struct web_fixture *wf, const char *name, int64_t at, struct who *w)
{
	struct store_user u;
	char tok[CREDENTIAL_TOKEN_LEN + 8], hash[CREDENTIAL_HASH_HEX + 1];

	assert_int_equal(store_user_get(wf->s, name, &u), HL_OK);
	assert_int_equal(credential_token(NULL, tok, sizeof tok), HL_OK);
	credential_token_hash(tok, hash);
	assert_int_equal(store_login_add(wf->s, hash, u.id, at), HL_OK);
	snprintf(w->name, sizeof w->name, "%s", name);
	snprintf(w->cookie, sizeof w->cookie, "hl_session=%s", tok);
	credential_csrf(tok, w->csrf);
	w->id = u.id;
}

void web_fixture_token(struct web_fixture *wf, const char *name, const char *site, const char *secret, int64_t at)
{
	struct store_token t;
	char hash[CREDENTIAL_HASH_HEX + 1];

	memset(&t, 0, sizeof t);
	snprintf(t.name, sizeof t.name, "%s", name);
	snprintf(t.sites[0], sizeof t.sites[0], "%s", site);
	t.nsites = 1;
	credential_token_hash(secret, hash);
	assert_int_equal(store_token_add(wf->s, &t, hash, at), HL_OK);
}

/* ---- what the aggregator would have stored ---------------------------------------------------------- */

void web_fixture_rating(struct web_fixture *wf, const char *site, const char *counter, const char *officer,
			const char *procedure, int officer_answer, int procedure_answer, int64_t ts, int64_t received)
{
	struct rating one;
	struct ingest_batch b = { .ratings = &one, .nratings = 1, .cap_ratings = 1 };
	size_t stored = 0;

	memset(&one, 0, sizeof one);
	assert_int_equal(uuid_new(one.id), HL_OK);
	snprintf(one.site, sizeof one.site, "%s", site);
	snprintf(one.counter, sizeof one.counter, "%s", counter);
	snprintf(one.officer, sizeof one.officer, "%s", officer);
	snprintf(one.procedure, sizeof one.procedure, "%s", procedure);
	one.scale = 5;
	one.answers[SURVEY_Q_OFFICER] = officer_answer;
	one.answers[SURVEY_Q_PROCEDURE] = procedure_answer;
	one.ts = ts;
	one.clock_ok = true;
	assert_int_equal(store_save(wf->s, &b, received, &stored), HL_OK);
	assert_int_equal(stored, 1);
}

int64_t web_fixture_flag(struct store *s, int kind, int type, const char *site, const char *subject,
			 const char *evidence, int64_t at, const char *summary_fmt, ...)
{
	struct flag_candidate c;
	int64_t id = 0;
	va_list ap;

	memset(&c, 0, sizeof c);
	c.kind = kind;
	c.subject_type = type;
	snprintf(c.site, sizeof c.site, "%s", site);
	snprintf(c.subject, sizeof c.subject, "%s", subject);
	va_start(ap, summary_fmt);
	vsnprintf(c.summary, sizeof c.summary, summary_fmt, ap);
	va_end(ap);
	snprintf(c.evidence, sizeof c.evidence, "%s", evidence);
	assert_int_equal(store_flags_open(s, &c, 1, at, &id), HL_OK);
	assert_true(id > 0);
	return id;
}

void web_fixture_status(struct web_fixture *wf, const char *site, const char *counter, bool online, int64_t spooled,
			const char *fault, int64_t at)
{
	struct flag_status st;

	memset(&st, 0, sizeof st);
	snprintf(st.site, sizeof st.site, "%s", site);
	snprintf(st.counter, sizeof st.counter, "%s", counter);
	st.online = online;
	st.spooled = spooled;
	snprintf(st.version, sizeof st.version, "0.1.0");
	snprintf(st.fault, sizeof st.fault, "%s", fault ? fault : "");
	st.ts = at;
	assert_int_equal(store_flags_status(wf->s, &st, 1, at), HL_OK);
}

/* ---- requests --------------------------------------------------------------------------------------- */

void web_fixture_run(struct web_fixture *wf, const struct web_fixture_req *rq, struct http_response *rs)
{
	struct http_request q = { .method = rq->method,
				  .path = rq->path,
				  .now = wf->now,
				  .remote = rq->remote ? rq->remote : "10.0.0.7",
				  .cookie = rq->who ? rq->who->cookie : rq->cookie,
				  .host = "127.0.0.1:8080" };
	const char *mark = strchr(rq->path, '?'), *bad;
	char path[256], auth[200];

	if (mark) {
		snprintf(path, sizeof path, "%.*s", (int)(mark - rq->path), rq->path);
		q.path = path;
		assert_int_equal(http_params_parse(&q.query, mark + 1, strlen(mark + 1), &bad), HL_OK);
	}
	if (rq->bearer) {
		snprintf(auth, sizeof auth, "Bearer %s", rq->bearer);
		q.authorization = auth;
	}
	if (rq->body) {
		q.body = rq->body;
		q.body_len = strlen(rq->body);
		q.content_type = rq->content_type;
	}
	if (rq->method == HTTP_POST && rq->form && *rq->form)
		assert_int_equal(http_params_parse(&q.form, rq->form, strlen(rq->form), &bad), HL_OK);
	if (rq->method == HTTP_POST && rq->csrf && rq->who)
		assert_int_equal(http_params_add(&q.form, "csrf", rq->who->csrf), HL_OK);
	web_fixture_ctx(wf);
	memset(rs, 0, sizeof *rs);
	web_dispatch(&wf->c, &q, rs);
	if (!rs->status)
		rs->status = 200;
	if (!rs->body.p)
		buf_puts(&rs->body, "");
	http_request_free(&q);
}

/* ---- the audit ---------------------------------------------------------------------------------------- */

static int audit_copy(void *ud, const struct store_audit *a)
{
	struct web_fixture_audit *c = ud;

	if (c->n == 0 && (!c->action[0] || strcmp(a->action, c->action) == 0)) {
		snprintf(c->who, sizeof c->who, "%s", a->who);
		snprintf(c->action, sizeof c->action, "%s", a->action);
		snprintf(c->site, sizeof c->site, "%s", a->site ? a->site : "");
		snprintf(c->detail, sizeof c->detail, "%s", a->detail ? a->detail : "");
		c->n = 1;
	}
	return 0;
}

struct web_fixture_audit web_fixture_audit(struct web_fixture *wf, const char *action)
{
	struct web_fixture_audit c = { 0 };

	if (!*action) {
		assert_int_equal(store_audit_list(wf->s, NULL, 0, 1, audit_copy, &c), HL_OK);
		return c;
	}
	snprintf(c.action, sizeof c.action, "%s", action);
	assert_int_equal(store_audit_list(wf->s, NULL, 0, 0, audit_copy, &c), HL_OK);
	assert_int_equal(c.n, 1);
	return c;
}

/* ---- a database file ------------------------------------------------------------------------------------ */

void web_fixture_tmpdb(const char *name, char *dir, size_t dir_cap, char *db, size_t db_cap)
{
	assert_true((size_t)snprintf(dir, dir_cap, "/tmp/hailong-test-%s-XXXXXX", name) < dir_cap);
	assert_non_null(mkdtemp(dir));
	assert_true((size_t)snprintf(db, db_cap, "%s/hl.db", dir) < db_cap);
}

void web_fixture_rmdb(const char *dir, const char *db)
{
	char side[1024];

	unlink(db);
	snprintf(side, sizeof side, "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", db);
	unlink(side);
	if (dir)
		rmdir(dir);
}

/* ---- readers ------------------------------------------------------------------------------------------- */

const char *header(const struct http_response *rs, const char *name)
{
	for (size_t i = 0; i < rs->nheaders; i++)
		if (strcmp(rs->headers[i].name, name) == 0)
			return rs->headers[i].value;
	return NULL;
}

bool has(const struct http_response *rs, const char *text)
{
	return rs->body.p && strstr(rs->body.p, text) != NULL;
}

cJSON *json_of(const struct http_response *rs)
{
	cJSON *o = cJSON_Parse(rs->body.p);

	assert_non_null(o);
	return o;
}

const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double jnum(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	assert_true(cJSON_IsNumber(v));
	return v->valuedouble;
}

void web_fixture_roster_upload(struct web_fixture *wf, const struct who *admin, const char *const names[3],
			       const char *const texts[3], struct http_response *rs)
{
	static const char boundary[] = "----hailongtestboundary9";
	char *body = NULL, path[200], type[96];
	size_t len = 0;
	FILE *m = open_memstream(&body, &len);

	assert_non_null(m);
	for (int i = 0; i < 3; i++)
		if (texts[i])
			fprintf(m,
				"--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s.csv\"\r\n"
				"Content-Type: text/csv\r\n\r\n%s\r\n",
				boundary, names[i], names[i], texts[i]);
	fprintf(m, "--%s--\r\n", boundary);
	assert_int_equal(fclose(m), 0);
	snprintf(path, sizeof path, "/danh-muc/nhap?csrf=%s", admin->csrf);
	snprintf(type, sizeof type, "multipart/form-data; boundary=%s", boundary);
	web_fixture_run(wf,
			&(struct web_fixture_req){ .method = HTTP_POST, .path = path, .who = admin, .body = body,
						   .content_type = type },
			rs);
	free(body);
}
