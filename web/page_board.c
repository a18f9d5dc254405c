/* SPDX-License-Identifier: MIT
 * page_board.c — Bảng công khai, GET /cong-khai/SITE: a page without login for the screen in a
 * site's hall, with this month's satisfaction index per question for the whole site and for each
 * counter (the roster's counter names — never an officer's), each with its n, in type readable from
 * a few metres, reloading itself (meta refresh, board_refresh_seconds) and saying when it was made.
 * The thresholds of the reports: under REPORT_MIN_SHOWN answers no figure ("chưa đủ 5 lượt đánh
 * giá"), under INDEX_MIN_RANK the figure marked "ít lượt" (a word and a dashed frame, not a colour
 * alone). Every figure comes from report_view_load (report_load, index.h) over the counters
 * dimension, the same as Báo cáo theo quầy; the site's is that report's total.
 *
 * Public, so cheap and inert: a site whose board is off (the default) or that does not exist
 * answers the same 404; the content is kept in the console's answer cache (cache.h) for
 * cache_seconds under a key of the site, the language and the day, whatever the query says; no
 * cookie is set, nothing on it changes anything, every name is escaped (html.h). The switch, POST
 * /danh-muc/bang-cong-khai, is for admins (any site) and heads (their own sites), audited as
 * board.on / board.off; its card on Danh mục is page_board_card. The SQL is in store_prefs.c. */
#include "page_board.h"

#include "cache.h"
#include "conf.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "report_view.h"
#include "roster.h"
#include "store_prefs.h"
#include "store_roster.h"
#include "topic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the figures --------------------------------------------------------------------------------- */

/* One question's figure of a group: the index, or why there is none, and n. */
static void figure(struct web_ctx *c, struct buf *b, const struct index_q *x, int q, bool site)
{
	char pct[32];
	bool none = x->n < REPORT_MIN_SHOWN, few = !none && !x->rankable;

	html_raw(b, none ? "<div class=\"fig none\"" : few ? "<div class=\"fig few\"" : "<div class=\"fig\"");
	html_raw(b, " data-q=\"");
	html_txtf(b, "%d", q);
	html_raw(b, "\"><span class=\"q\">");
	html_txt(b, site ? report_view_question_label(c, q) : report_view_question_short(c, q));
	html_raw(b, "</span>");
	if (none) {
		html_raw(b, "<span class=\"wait\">");
		html_txtf(b, L(c, "chưa đủ %d lượt đánh giá", "fewer than %d answers"), REPORT_MIN_SHOWN);
		html_raw(b, "</span><span class=\"n\">");
		html_txtf(b, "n < %d", REPORT_MIN_SHOWN);
		html_raw(b, "</span></div>");
		return;
	}
	report_view_pct(c, x->satisfaction, pct, sizeof pct);
	html_raw(b, "<span class=\"pct\">");
	html_txt(b, pct);
	html_raw(b, "<small>\u00a0%</small></span><span class=\"n\">");
	html_txtf(b, "n = %lld", (long long)x->n);
	if (few) {
		html_raw(b, " <span class=\"few-tag\">");
		html_txt(b, L(c, "ít lượt", "few answers"));
		html_raw(b, "</span>");
	}
	html_raw(b, "</span></div>");
}

/* The questions the board shows: those the month's report shows (the result question only with
 * answers). */
static int questions(const struct report *r, int qs[SURVEY_Q_COUNT])
{
	int n = 0;

	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		if (report_question_asked(r, q))
			qs[n++] = q;
	return n;
}

static const struct index_group *no_answers(void)
{
	static struct index_group g; /* n = 0 everywhere: "chưa đủ 5 lượt" */
	return &g;
}

static void counter_card(struct web_ctx *c, struct buf *b, const char *code, const char *name,
			 const struct index_group *g, const int *qs, int nq)
{
	html_raw(b, "<li class=\"counter\" data-code=\"");
	html_attr(b, code);
	html_raw(b, "\"><h3>");
	if (name && *name) {
		html_txt(b, name);
	} else {
		html_txt(b, L(c, "Quầy ", "Counter "));
		html_txt(b, code);
	}
	html_raw(b, "</h3><div class=\"figs\">");
	for (int i = 0; i < nq; i++)
		figure(c, b, &g->q[qs[i]], qs[i], false);
	html_raw(b, "</div></li>");
}

/* The board's content (what the cache keeps): the site's figures and each counter's. */
static int board_content(struct web_ctx *c, struct buf *b, const char *site, const char *site_name,
			 const struct report_view_query *q)
{
	struct report_view v;
	struct store_officer *counters = NULL;
	size_t ncounters = 0;
	int qs[SURVEY_Q_COUNT], nq, rc;

	if ((rc = report_view_load(c, &v, ROLLUP_COUNTER, q, false)) != HL_OK ||
	    (rc = store_roster_counters(c->store, &counters, &ncounters)) != HL_OK) {
		report_view_free(&v);
		free(counters);
		return rc;
	}
	nq = questions(&v.r, qs);
	html_raw(b, "<header class=\"board-head\"><p class=\"kicker\">");
	html_txt(b, L(c, "Bảng công khai · Chỉ số hài lòng", "Public board · Satisfaction index"));
	html_raw(b, "</p><h1>");
	html_txt(b, site_name ? site_name : site);
	html_raw(b, "</h1><p class=\"month\" id=\"board-month\">");
	html_txt(b, q->period.label);
	html_raw(b, "</p></header><section class=\"board-site\" id=\"board-site\" aria-label=\"");
	html_attr(b, L(c, "Toàn đơn vị", "The whole site"));
	html_raw(b, "\"><h2>");
	html_txt(b, L(c, "Toàn đơn vị", "The whole site"));
	html_raw(b, "</h2><div class=\"figs\">");
	for (int i = 0; i < nq; i++)
		figure(c, b, &v.r.total.q[qs[i]], qs[i], true);
	html_raw(b, "</div></section><section class=\"board-counters\"><h2>");
	html_txt(b, L(c, "Theo quầy", "By counter"));
	html_raw(b, "</h2><ul class=\"counters\" id=\"board-counters\">");
	/* The roster's counters and the report's rows, both in code order, merged: a counter without
	 * ratings this month shows too (no figure), and one rated but not in the roster by its code. */
	size_t i = 0, j = 0;
	while (i < v.r.nrows || j < ncounters) {
		const struct report_row *row = i < v.r.nrows ? &v.r.rows[i] : NULL;
		while (j < ncounters && strcmp(counters[j].site, site) != 0)
			j++;
		const struct store_officer *k = j < ncounters ? &counters[j] : NULL;
		int cmp = !row ? 1 : !k ? -1 : strcmp(row->code, k->e.code);
		if (!row && !k)
			break;
		if (cmp <= 0) {
			/* The report names officers and procedures; a counter's name is the roster's. */
			counter_card(c, b, row->code, row->name ? row->name : cmp == 0 ? k->e.name : NULL, &row->g, qs, nq);
			i++;
			j += cmp == 0;
		} else {
			counter_card(c, b, k->e.code, k->e.name, no_answers(), qs, nq);
			j++;
		}
	}
	if (!v.r.nrows && !ncounters) {
		html_raw(b, "<li class=\"muted\">");
		html_txt(b, L(c, "Chưa có đánh giá nào trong tháng.", "No ratings this month yet."));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul></section><p class=\"rule\">");
	html_txtf(b,
		  L(c, "Chỉ số hài lòng = số câu trả lời hài lòng ÷ tổng số câu trả lời × 100; n là số câu trả lời. "
		       "Dưới %d câu trả lời chưa công bố chỉ số; dưới %d câu trả lời ghi “ít lượt”.",
		    "Satisfaction index = satisfied answers ÷ all answers × 100; n is the number of answers. Under %d "
		    "answers no index is shown; under %d it is marked “few answers”."),
		  REPORT_MIN_SHOWN, INDEX_MIN_RANK);
	html_raw(b, "</p>");
	report_view_free(&v);
	free(counters);
	return HL_OK;
}

/* ---- the page ------------------------------------------------------------------------------------ */

static int board_off(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return web_fail(c, rq, rs, 404, NULL,
			"Bảng công khai của đơn vị này chưa được bật (hoặc không có đơn vị này). Lãnh đạo đơn vị "
			"hoặc quản trị bật bảng ở trang Danh mục.",
			"This site's public board is not on (or there is no such site). A head of the site or an "
			"IT admin turns it on under Roster.");
}

static int board_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	static const struct http_request no_query; /* this month, whatever the query says */
	const char *site = rq->args[0], *bad, *why_vi, *why_en;
	char name[ROSTER_NAME_MAX + 1], hhmm[8];
	const char *site_name;
	struct report_view_query q = { .site = site, .q = SURVEY_Q_OFFICER, .sort = RV_SORT_NAME };
	struct buf *b = &rs->body, key = { 0 };
	bool on = false;
	int64_t now_ms = cache_now_ms(), local;
	size_t mark;
	int rc;

	if (!topic_id_valid(site) || store_board_get(c->store, site, &on) != HL_OK || !on)
		return board_off(c, rq, rs);
	if (layout_period(c, &no_query, &q.period, &bad, &why_vi, &why_en) != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không tính được tháng này.", "This month cannot be worked out.");
	site_name = layout_site_name(c, site, name, sizeof name);
	local = c->now + c->utc_offset;
	snprintf(hhmm, sizeof hhmm, "%02d:%02d", (int)((local % 86400 + 86400) % 86400 / 3600),
		 (int)((local % 3600 + 3600) % 3600 / 60));

	rs->status = 200;
	html_raw(b, c->lang == WEB_EN ? "<!doctype html>\n<html lang=\"en\">" : "<!doctype html>\n<html lang=\"vi\">");
	html_raw(b, "<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\"><meta http-equiv=\"refresh\" content=\"");
	html_txtf(b, "%d", c->conf->board_refresh_seconds);
	html_raw(b, "\"><meta name=\"robots\" content=\"noindex\"><title>");
	html_txt(b, L(c, "Bảng công khai", "Public board"));
	html_raw(b, " · ");
	html_txt(b, site_name ? site_name : site);
	html_raw(b, "</title><link rel=\"stylesheet\" href=\"/static/board.css\"></head><body class=\"board\"><main>");
	mark = b->len;
	buf_printf(&key, "board|%s|%d|%d|%d", site, c->lang, (int)period_day_of(c->now, c->utc_offset),
		   q.period.days.from);
	if (key.failed || !cache_get(cache_global(), key.p, now_ms, c->conf->cache_seconds * 1000, b)) {
		if ((rc = board_content(c, b, site, site_name, &q)) != HL_OK) {
			buf_free(&key);
			return web_fail(c, rq, rs, 500, NULL, "Không đọc được số liệu.", "The figures could not be read.");
		}
		if (!key.failed && !b->failed)
			cache_put(cache_global(), key.p, b->p + mark, b->len - mark, now_ms);
	}
	buf_free(&key);
	html_raw(b, "</main><footer class=\"board-foot\"><span id=\"board-updated\">");
	html_txt(b, L(c, "Cập nhật lúc ", "Updated at "));
	html_txt(b, hhmm);
	html_raw(b, "</span><span>");
	html_txtf(b, L(c, "tự làm mới sau %d giây", "reloads every %d s"), c->conf->board_refresh_seconds);
	html_raw(b, "</span><span>Hài Lòng</span></footer></body></html>\n");
	return 200;
}

/* ---- the switch ---------------------------------------------------------------------------------- */

/* The board's address for the hall's screen into b (escaped for an attribute and text alike). */
static void board_url(struct web_ctx *c, const struct http_request *rq, struct buf *b, const char *site)
{
	const char *base = c->conf->public_url;
	size_t n = strlen(base);

	if (n) {
		char tmp[sizeof c->conf->public_url];
		while (n && base[n - 1] == '/')
			n--;
		snprintf(tmp, sizeof tmp, "%.*s", (int)n, base);
		html_attr(b, tmp);
	} else if (rq && rq->host) {
		html_raw(b, c->conf->tls_cert[0] ? "https://" : "http://");
		html_attr(b, rq->host);
	}
	html_raw(b, "/cong-khai/");
	html_url(b, site);
}

static bool may_switch(const struct web_ctx *c, const char *site)
{
	return c->user && (c->user->role == ROLE_ADMIN || (c->user->role == ROLE_HEAD && web_site_allowed(c, site)));
}

void page_board_card(struct web_ctx *c, const struct http_request *rq, struct buf *b, const char *site)
{
	const char *done = rq ? http_param(&rq->query, "board") : NULL;
	bool on = false;

	if (!site || store_board_get(c->store, site, &on) != HL_OK)
		return;
	html_raw(b, "<section class=\"card no-print\" id=\"board-switch\"><h2>");
	html_txt(b, L(c, "Bảng công khai", "Public board"));
	html_raw(b, "</h2>");
	if (done && (!strcmp(done, "on") || !strcmp(done, "off")) && (!strcmp(done, "on")) == on) {
		html_raw(b, "<p class=\"flash\" role=\"status\" id=\"board-done\">");
		html_txt(b, on ? L(c, "Đã bật bảng công khai.", "The public board is on.")
			       : L(c, "Đã tắt bảng công khai.", "The public board is off."));
		html_raw(b, "</p>");
	}
	html_raw(b, "<p>");
	html_txt(b, L(c, "Trang không cần đăng nhập, cho màn hình ở sảnh: chỉ số hài lòng tháng này của đơn vị và "
			 "từng quầy (tên quầy, không có tên cán bộ), tự làm mới.",
		      "A page without login for the screen in the hall: this month's satisfaction index of the site "
		      "and of each counter (counter names, no officer's name), reloading itself."));
	html_raw(b, "</p><p>");
	html_raw(b, on ? "<span class=\"badge online\" id=\"board-state\">" : "<span class=\"badge\" id=\"board-state\">");
	html_txt(b, on ? L(c, "Đang bật", "On") : L(c, "Đang tắt", "Off"));
	html_raw(b, "</span> ");
	if (on) {
		html_txt(b, L(c, "Mở trên màn hình ở sảnh: ", "Open on the hall's screen: "));
		html_raw(b, "<a id=\"board-link\" target=\"_blank\" rel=\"noopener\" href=\"");
		board_url(c, rq, b, site);
		html_raw(b, "\">");
		board_url(c, rq, b, site);
		html_raw(b, "</a>");
	} else {
		html_txt(b, L(c, "Khi bật, bảng ở địa chỉ ", "When on, the board is at "));
		html_raw(b, "<code>");
		board_url(c, rq, b, site);
		html_raw(b, "</code>");
	}
	html_raw(b, "</p>");
	if (may_switch(c, site)) {
		html_raw(b, "<form method=\"post\" action=\"/danh-muc/bang-cong-khai\" id=\"board-form\">");
		layout_csrf(c, b);
		html_raw(b, "<input type=\"hidden\" name=\"site\" value=\"");
		html_attr(b, site);
		html_raw(b, on ? "\"><input type=\"hidden\" name=\"on\" value=\"0\"><button type=\"submit\" class=\"secondary\">"
			       : "\"><input type=\"hidden\" name=\"on\" value=\"1\"><button type=\"submit\">");
		html_txt(b, on ? L(c, "Tắt bảng công khai", "Turn the board off") : L(c, "Bật bảng công khai", "Turn the board on"));
		html_raw(b, "</button></form>");
	}
	html_raw(b, "</section>");
}

static int board_switch(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = http_param(&rq->form, "site"), *on = http_param(&rq->form, "on");
	struct buf to = { 0 };
	char detail[160];
	bool enable;

	if (!site || !topic_id_valid(site))
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "The site code is not valid.");
	if (!may_switch(c, site))
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà chỉ bật, tắt bảng công khai của đơn vị mình.",
				"You may switch the public board of your own sites only.");
	if (!on || (strcmp(on, "1") && strcmp(on, "0")))
		return web_fail(c, rq, rs, 400, "on", "phải là 1 (bật) hoặc 0 (tắt).", "must be 1 (on) or 0 (off).");
	enable = on[0] == '1';
	if (store_board_set(c->store, site, enable, c->now) != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không lưu được.", "It could not be saved.");
	snprintf(detail, sizeof detail, "public board of %s %s", site, enable ? "on" : "off");
	store_audit_add(c->store, c->now, c->user->name, enable ? "board.on" : "board.off", site, detail);
	buf_puts(&to, "/danh-muc?site=");
	html_url(&to, site);
	buf_puts(&to, enable ? "&board=on#board-switch" : "&board=off#board-switch");
	http_redirect(rs, to.p && !to.failed ? to.p : "/danh-muc");
	buf_free(&to);
	return 303;
}

const struct web_route page_board_routes[] = {
	{ HTTP_GET, "/cong-khai/:site", WEB_PUBLIC, board_page },
	{ HTTP_POST, "/danh-muc/bang-cong-khai", WEB_R_ADMIN | WEB_R_HEAD, board_switch },
	{ 0 },
};
