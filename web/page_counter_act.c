/* SPDX-License-Identifier: MIT
 * page_counter_act.c — Quầy's actions (DESIGN §12): start a shift at a counter of the user's site
 * (an officer their own site only) and end it, each telling the counter's terminal who is on duty
 * now; invite the citizen to rate — the procedure found in the site's roster from a code, "CODE —
 * name" or a name — and end the transaction; each audited as the logged-in user. Each answers 303
 * back to /quay, or the page again with what went wrong (page_counter_page: the field, why, the
 * store's or the broker's words). Sessions go through session_pub.c (the API's code too); shifts are
 * the store's (store_users.h). Owns nothing beyond one request. */
#include "page_counter.h"

#include "conf.h"
#include "hl.h"
#include "roster.h"
#include "session_pub.h"
#include "store_roster.h"
#include "store_users.h"
#include "topic.h"
#include "web.h"

#include <stdio.h>
#include <string.h>

/* The page again with what was wrong: param (may be NULL) and why. */
static int page_error(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		      const char *param, const char *vi, const char *en)
{
	struct page_counter_err e = { .status = status, .param = param, .vi = vi, .en = en };

	return page_counter_page(c, rq, rs, &e);
}

/* The page again after the store refused, with its words. */
static int store_error(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct page_counter_err e = { .status = 500,
				      .vi = "Không ghi được vào cơ sở dữ liệu; xin thử lại hoặc báo quản trị.",
				      .en = "The database did not take it; try again or tell the admin." };

	snprintf(e.detail, sizeof e.detail, "%s", store_errmsg(c->store));
	return page_counter_page(c, rq, rs, &e);
}

/* The page again after session_pub could not open or close the transaction, as it said. */
static int pub_error(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
		     const struct session_pub_fail *f)
{
	struct page_counter_err e = { .status = f->status, .param = f->param, .vi = f->why_vi, .en = f->why_en };

	snprintf(e.detail, sizeof e.detail, "%s", f->detail);
	return page_counter_page(c, rq, rs, &e);
}

int page_counter_shift_start(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = http_param(&rq->form, "site"), *counter = http_param(&rq->form, "counter");
	struct store_shift before;
	struct session_pub_fail f;
	char detail[64];

	if (!c->user->nsites)
		return web_fail(c, rq, rs, 403, "site", "Tài khoản chưa được gắn đơn vị.", "This account has no site.");
	if (!site || !*site)
		site = c->user->sites[0];
	if (!topic_id_valid(site))
		return page_error(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "The site code is not valid.");
	/* An officer works at their own site only; a head at any of theirs. */
	if ((c->user->role == ROLE_OFFICER && strcmp(site, c->user->sites[0]) != 0) || !web_site_allowed(c, site))
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà chỉ được làm việc tại quầy của đơn vị mình.",
				"You may work only at a counter of your own site.");
	if (!counter || !*counter)
		return page_error(c, rq, rs, 400, "counter",
				  "Chưa nhập mã quầy; chọn quầy trong danh sách hoặc gõ mã quầy.",
				  "No counter given; pick one from the list or type its code.");
	if (!topic_id_valid(counter))
		return page_error(c, rq, rs, 400, "counter",
				  "Mã quầy chỉ gồm chữ thường a-z, số và dấu -, tối đa 32 ký tự (ví dụ quay-1).",
				  "A counter code is a-z, digits and -, at most 32 characters (for example quay-1).");
	snprintf(detail, sizeof detail, "counter %s", counter);
	/* A shift still open elsewhere ends here: that counter's terminal is told too. */
	bool moved = store_shift_current(c->store, c->user->id, &before) == HL_OK &&
		     (strcmp(before.site, site) != 0 || strcmp(before.counter, counter) != 0);
	if (store_shift_start(c->store, c->user->id, site, counter, c->now) != HL_OK ||
	    store_audit_add(c->store, c->now, c->user->name, "shift.start", site, detail) != HL_OK)
		return store_error(c, rq, rs);
	if (session_pub_duty(c, site, counter, &f) != HL_OK ||
	    (moved && session_pub_duty(c, before.site, before.counter, &f) != HL_OK))
		return pub_error(c, rq, rs, &f);
	http_redirect(rs, "/quay");
	return 303;
}

/* The user's open shift for the actions that need one; 0, or the status answered. */
static int need_shift(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
		      struct store_shift *sh)
{
	if (store_shift_current(c->store, c->user->id, sh) != HL_OK)
		return page_error(c, rq, rs, 409, NULL, "Ông/Bà chưa bắt đầu ca; chọn quầy và bấm Bắt đầu ca trước.",
				  "You are not on shift; pick a counter and press Start shift first.");
	if (!web_site_allowed(c, sh->site))
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không còn thuộc đơn vị của ca này.",
				"You no longer belong to this shift's site.");
	return 0;
}

int page_counter_shift_end(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct store_shift sh;
	struct session_pub_fail f;
	char detail[64];

	if (store_shift_current(c->store, c->user->id, &sh) == HL_OK) {
		snprintf(detail, sizeof detail, "counter %s", sh.counter);
		if (store_shift_end(c->store, c->user->id, c->now) != HL_OK ||
		    store_audit_add(c->store, c->now, c->user->name, "shift.end", sh.site, detail) != HL_OK)
			return store_error(c, rq, rs);
		/* The terminal stops naming this officer (or names whoever is still on shift there). */
		if (session_pub_duty(c, sh.site, sh.counter, &f) != HL_OK)
			return pub_error(c, rq, rs, &f);
	}
	http_redirect(rs, "/quay");
	return 303;
}

/* The procedure's code from what was typed: a code, "CODE — name" (a datalist's text pasted), or
 * a procedure's exact name. into gets it; false when the roster has no such procedure. */
static bool procedure_code(const struct roster *r, const char *typed, char *into, size_t cap)
{
	char buf[ROSTER_NAME_MAX + 40];
	size_t n;
	const char *p = typed;

	while (*p == ' ')
		p++;
	snprintf(buf, sizeof buf, "%s", p);
	n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	snprintf(into, cap, "%s", buf);
	if (!r || roster_name(r, ROSTER_PROCEDURE, buf))
		return r != NULL;
	char *sp = strchr(buf, ' ');
	if (sp) {
		*sp = '\0';
		if (roster_name(r, ROSTER_PROCEDURE, buf)) {
			snprintf(into, cap, "%s", buf);
			return true;
		}
		*sp = ' ';
	}
	for (size_t i = 0; i < r->n[ROSTER_PROCEDURE]; i++)
		if (strcmp(r->e[ROSTER_PROCEDURE][i].name, buf) == 0) {
			snprintf(into, cap, "%s", r->e[ROSTER_PROCEDURE][i].code);
			return true;
		}
	return false;
}

int page_counter_invite(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *typed = http_param(&rq->form, "procedure"), *officer = page_counter_officer(c, rq);
	struct store_shift sh;
	struct session_pub_fail f;
	struct roster *r = NULL;
	char code[ROSTER_NAME_MAX + 40];
	int64_t expires = c->conf->txn_expires_minutes ? c->now + (int64_t)c->conf->txn_expires_minutes * 60 : 0;
	int st;

	if ((st = need_shift(c, rq, rs, &sh)))
		return st;
	if (c->user->role == ROLE_OFFICER && !c->user->officer[0])
		return page_error(c, rq, rs, 409, NULL,
				  "Tài khoản chưa được gắn mã cán bộ; xin quản trị sửa tài khoản.",
				  "This account has no officer code; ask the admin to set one.");
	if (!officer || !*officer)
		return page_error(c, rq, rs, 422, "officer", "Chưa chọn cán bộ phục vụ; chọn trong danh sách.",
				  "No officer chosen; pick one from the list.");
	if (!typed || !*typed)
		return page_error(c, rq, rs, 422, "procedure", "Chưa chọn thủ tục; tìm theo mã hoặc tên rồi chọn.",
				  "No procedure chosen; search by code or name and pick one.");
	if (store_roster_load(c->store, sh.site, &r) != HL_OK)
		return store_error(c, rq, rs);
	bool found = procedure_code(r, typed, code, sizeof code);
	roster_free(r);
	if (!found)
		return page_error(
			c, rq, rs, 422, "procedure",
			"Thủ tục này không có trong danh mục; chọn một thủ tục từ danh sách (tìm theo mã hoặc tên).",
			"This procedure is not in the roster; pick one from the list (search by code or name).");
	if (session_pub_open(c, sh.site, sh.counter, officer, code, expires, c->user->name, NULL, &f) != HL_OK)
		return pub_error(c, rq, rs, &f);
	http_redirect(rs, "/quay");
	return 303;
}

int page_counter_txn_close(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct store_shift sh;
	struct session_pub_fail f;
	int st;

	if ((st = need_shift(c, rq, rs, &sh)))
		return st;
	if (session_pub_close(c, sh.site, sh.counter, c->user->name, &f) != HL_OK)
		return pub_error(c, rq, rs, &f);
	http_redirect(rs, "/quay");
	return 303;
}
