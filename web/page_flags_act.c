/* SPDX-License-Identifier: MIT
 * page_flags_act.c — Cảnh báo's two actions, POST /canh-bao/:id/ack and /canh-bao/:id/resolve: the
 * flag is found and its site checked against the logged-in user's, the note cleaned (required to
 * resolve), the step taken as that user through store_flags.h — when someone was first, the answer
 * says who — written to the audit (store_users.h) and told to open pages at once (events_poke);
 * then back, 303, to the list as it was filtered (page_flags.h). The forms themselves are
 * page_flags.c's. No SQL here; owns nothing beyond one request. */
#include "page_flags.h"

#include "events.h"
#include "flags.h"
#include "hl.h"
#include "log.h"
#include "store_flags.h"
#include "store_users.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAGS_NOTE_MAX 1000 /* bytes of a note */

struct got {
	bool found;
	int state;
	char site[HL_CODE_MAX + 1];
	char by[USER_NAME_MAX + 8];
};

static int got_flag(void *ud, const struct store_flag *f)
{
	struct got *g = ud;

	g->found = true;
	g->state = f->state;
	snprintf(g->site, sizeof g->site, "%s", f->site ? f->site : "");
	snprintf(g->by, sizeof g->by, "%s",
		 f->state == FLAG_RESOLVED && f->resolved_by ? f->resolved_by : f->ack_by ? f->ack_by : "");
	return HL_OK;
}

/* The note without surrounding blanks, into out (cap bytes); its newlines as spaces in line (for
 * the audit, which keeps one line). */
static void note_clean(const char *in, char *out, size_t cap, char *line, size_t lcap)
{
	size_t a = 0, z;

	if (!in)
		in = "";
	while (in[a] == ' ' || in[a] == '\t' || in[a] == '\r' || in[a] == '\n')
		a++;
	z = strlen(in);
	while (z > a && (in[z - 1] == ' ' || in[z - 1] == '\t' || in[z - 1] == '\r' || in[z - 1] == '\n'))
		z--;
	snprintf(out, cap, "%.*s", (int)(z - a), in + a);
	snprintf(line, lcap, "%s", out);
	for (char *p = line; *p; p++)
		if (*p == '\r' || *p == '\n' || *p == '\t')
			*p = ' ';
}

static int flag_step(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool resolve)
{
	const char *arg = rq->args[0];
	char note[FLAGS_NOTE_MAX + 1], line[FLAGS_NOTE_MAX + 1], detail[FLAGS_NOTE_MAX + 64];
	struct got g = { 0 };
	struct page_flags_filters f;
	char *end;
	long long id;
	int rc, state = -1;

	id = arg && *arg >= '0' && *arg <= '9' ? strtoll(arg, &end, 10) : 0;
	if (id <= 0 || *end)
		return web_fail(c, rq, rs, 404, NULL, "Không có cảnh báo này.", "There is no such flag.");
	rc = store_flags_get(c->store, id, got_flag, &g);
	if (rc == HL_ERR_NOTFOUND || (rc == HL_OK && !g.found))
		return web_fail(c, rq, rs, 404, NULL, "Không có cảnh báo này.", "There is no such flag.");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được cảnh báo.", "The flag could not be read.");
	if (!web_site_allowed(c, g.site))
		return web_fail(c, rq, rs, 403, NULL, "Cảnh báo này thuộc đơn vị Ông/Bà không phụ trách.",
				"This flag belongs to a site that is not yours.");
	/* Where to come back to: the list as it was filtered (a bad filter is simply dropped). */
	if (page_flags_filters_parse(c, rq, rs, &rq->form, &f)) {
		buf_reset(&rs->body);
		rs->status = 0;
		page_flags_filters_init(&f);
	}
	const char *raw = http_param(&rq->form, "note");
	if (raw && strlen(raw) > FLAGS_NOTE_MAX)
		return web_fail(c, rq, rs, 400, "note", "Ghi chú dài quá 1000 byte.",
				"The note is longer than 1000 bytes.");
	note_clean(raw, note, sizeof note, line, sizeof line);
	if (resolve && !note[0])
		return web_fail(c, rq, rs, 400, "note", "Cần ghi rõ đã xử lý thế nào.",
				"Say how it was resolved: a note is required.");

	rc = resolve ? store_flags_resolve(c->store, id, c->user->name, note, c->now, &state)
		     : store_flags_ack(c->store, id, c->user->name, note[0] ? note : NULL, c->now, &state);
	if (rc == HL_ERR_NOTFOUND)
		return web_fail(c, rq, rs, 404, NULL, "Không có cảnh báo này.", "There is no such flag.");
	if (rc == HL_ERR_INVALID) {
		char vi[320], en[320];
		if (state < 0)
			state = g.state;
		/* Whoever did it first is said: the two heads can talk. */
		store_flags_get(c->store, id, got_flag, &g);
		if (state == FLAG_RESOLVED) {
			snprintf(vi, sizeof vi, "Cảnh báo số %lld đã được xử lý xong%s%s.", id, g.by[0] ? " bởi " : "",
				 g.by);
			snprintf(en, sizeof en, "Flag %lld is already resolved%s%s.", id, g.by[0] ? " by " : "", g.by);
		} else {
			snprintf(vi, sizeof vi,
				 "Cảnh báo số %lld đã được xác nhận%s%s; bây giờ có thể ghi là đã xử lý xong.", id,
				 g.by[0] ? " bởi " : "", g.by);
			snprintf(en, sizeof en, "Flag %lld is already acknowledged%s%s; it can be resolved now.", id,
				 g.by[0] ? " by " : "", g.by);
		}
		return web_fail(c, rq, rs, 409, NULL, vi, en);
	}
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không ghi được; xin thử lại.",
				"It could not be saved; try again.");

	snprintf(detail, sizeof detail, line[0] ? "flag %lld: %s" : "flag %lld", id, line);
	if (store_audit_add(c->store, c->now, c->user->name, resolve ? "flag.resolve" : "flag.ack", g.site, detail) !=
	    HL_OK)
		log_msg(LOG_ERROR, "audit: flag %lld %s by %s not recorded: %s", id, resolve ? "resolve" : "ack",
			c->user->name, store_errmsg(c->store));
	events_poke(events_global());

	struct buf to = { 0 };
	char done[48];
	snprintf(done, sizeof done, "done=%s&id=%lld", resolve ? "resolve" : "ack", id);
	page_flags_url(&to, &f, done);
	http_redirect(rs, to.p && !to.failed ? to.p : "/canh-bao");
	buf_free(&to);
	return 303;
}

int page_flags_ack(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return flag_step(c, rq, rs, false);
}

int page_flags_resolve(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return flag_step(c, rq, rs, true);
}
