/* SPDX-License-Identifier: MIT
 * page_terminals.c — Thiết bị: the fleet of rating terminals as each last said of itself (the
 * retained status the aggregator stores, store_flags_terminals): online or offline and since when,
 * the ratings waiting in its spool, its version, the last rating received from it, whether its clock
 * is synchronised, and a fault it reports. The offline ones come first, since they are what IT has to
 * act on. A head sees their own sites' terminals only. The last rating's time is a time an IT admin
 * needs to find a silent terminal; for a head it is shown by day only (DESIGN §8: reports for heads
 * never hold a rating's time). A counter that sent ratings in the last 30 days but never a status is
 * listed as such (from the counter roll-ups), not left out. Reads through store_flags.h and
 * store.h; no SQL here. */
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "period.h"
#include "rollup.h"
#include "store.h"
#include "store_flags.h"
#include "store_roster.h"
#include "web.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct term {
	char site[HL_CODE_MAX + 1], counter[HL_CODE_MAX + 1];
	char version[HL_CODE_MAX + 1], fault[33];
	bool online, clock_ok;
	bool nostatus; /* rated in the last 30 days, but never told its status */
	int64_t spooled, since, seen, last_rating;
	int64_t rated30; /* nostatus: its ratings in those 30 days */
};

struct fleet {
	const struct web_ctx *c;
	const char *site; /* NULL: every site the user may see */
	struct term *v;
	size_t n, cap;
	bool nomem;
};

static int term_add(void *ud, const struct store_terminal *t)
{
	struct fleet *f = ud;

	if (!web_site_allowed(f->c, t->site) || (f->site && strcmp(f->site, t->site) != 0))
		return HL_OK;
	if (hl_grow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v) != HL_OK) {
		f->nomem = true;
		return HL_ERR_NOMEM;
	}
	struct term *x = &f->v[f->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->site, sizeof x->site, "%s", t->site ? t->site : "");
	snprintf(x->counter, sizeof x->counter, "%s", t->counter ? t->counter : "");
	snprintf(x->version, sizeof x->version, "%s", t->version ? t->version : "");
	snprintf(x->fault, sizeof x->fault, "%s", t->fault ? t->fault : "");
	x->online = t->online;
	x->clock_ok = t->clock_ok;
	x->spooled = t->spooled;
	x->since = t->since;
	x->seen = t->seen;
	x->last_rating = t->last_rating;
	return HL_OK;
}

/* A counter with ratings in the last 30 days (the counter roll-ups) that has no status row: a
 * terminal that never said how it is (an old version, or its status refused) is listed too, not
 * left out. */
static int rated_add(void *ud, const struct rollup_row *row)
{
	struct fleet *f = ud;

	if (!web_site_allowed(f->c, row->key.site) || (f->site && strcmp(f->site, row->key.site) != 0) ||
	    !row->key.code[0])
		return HL_OK;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].site, row->key.site) == 0 && strcmp(f->v[i].counter, row->key.code) == 0) {
			if (f->v[i].nostatus)
				f->v[i].rated30 += row->c.n; /* another scale of the same counter */
			return HL_OK;
		}
	if (hl_grow((void **)&f->v, &f->cap, f->n + 1, sizeof *f->v) != HL_OK) {
		f->nomem = true;
		return HL_ERR_NOMEM;
	}
	struct term *x = &f->v[f->n++];
	memset(x, 0, sizeof *x);
	snprintf(x->site, sizeof x->site, "%s", row->key.site);
	snprintf(x->counter, sizeof x->counter, "%.*s", HL_CODE_MAX, row->key.code);
	x->nostatus = true;
	x->rated30 = row->c.n;
	return HL_OK;
}

/* Offline first; then by site and counter (the store's order). */
static int term_cmp(const void *pa, const void *pb)
{
	const struct term *a = pa, *b = pb;
	int r;

	if (a->online != b->online)
		return a->online ? 1 : -1;
	if ((r = strcmp(a->site, b->site)))
		return r;
	return strcmp(a->counter, b->counter);
}

static const char *fault_label(const struct web_ctx *c, const char *fault)
{
	if (strcmp(fault, "spool") == 0)
		return L(c, "Không ghi được đánh giá vào bộ nhớ của máy", "Could not write a rating to its spool");
	return NULL;
}

/* The last rating received: its time for an admin; for anyone else the day, with "hôm nay" /
 * "hôm qua" when it is that recent. */
static void last_rating(const struct web_ctx *c, struct buf *b, int64_t t)
{
	char s[32];

	if (t <= 0) {
		html_raw(b, "<span class=\"muted\">");
		html_txt(b, L(c, "chưa có", "none yet"));
		html_raw(b, "</span>");
		return;
	}
	if (c->user && c->user->role == ROLE_ADMIN) {
		layout_time(c, t, s, sizeof s);
		html_txt(b, s);
		return;
	}
	int32_t day = period_day_of(t, c->utc_offset), today = period_day_of(c->now, c->utc_offset);
	layout_day(c, day, s, sizeof s);
	html_txt(b, s);
	if (day == today)
		html_txt(b, L(c, " (hôm nay)", " (today)"));
	else if (day == today - 1)
		html_txt(b, L(c, " (hôm qua)", " (yesterday)"));
}

static void site_form(struct web_ctx *c, struct buf *b, const char *chosen)
{
	html_raw(b, "<form method=\"get\" action=\"/thiet-bi\" class=\"filters\" id=\"terminal-filters\"><label>");
	html_txt(b, L(c, "Đơn vị", "Site"));
	html_raw(b, "<select name=\"site\">");
	layout_site_options(c, b, chosen);
	html_raw(b, "</select></label><button type=\"submit\">");
	html_txt(b, L(c, "Xem", "Show"));
	html_raw(b, "</button></form>");
}

static void term_row(struct web_ctx *c, struct buf *b, const struct term *t)
{
	char s[32];
	const char *fl;

	if (t->nostatus) {
		html_raw(b, "<tr class=\"nostatus\" data-state=\"nostatus\" data-site=\"");
		html_attr(b, t->site);
		html_raw(b, "\" data-counter=\"");
		html_attr(b, t->counter);
		html_raw(b, "\"><td><strong class=\"counter\">");
		html_txt(b, t->counter);
		html_raw(b, "</strong><br><span class=\"muted\">");
		layout_site_html(c, b, t->site);
		html_raw(b, "</span></td><td><span class=\"badge offline\">");
		html_txt(b, L(c, "Chưa báo trạng thái", "No status"));
		html_raw(b, "</span></td><td class=\"num spooled\">—</td><td class=\"last-rating\" colspan=\"5\">");
		html_txtf(b, L(c, "%lld đánh giá trong 30 ngày qua, nhưng thiết bị chưa từng gửi trạng thái: "
				  "phiên bản cũ, hoặc trạng thái bị từ chối (CNTT: hailong-aggregator rejected).",
			       "%lld ratings in the last 30 days, but the terminal has never sent its status: an old "
			       "version, or its status refused (IT: hailong-aggregator rejected)."),
			  (long long)t->rated30);
		html_raw(b, "</td></tr>");
		return;
	}
	html_raw(b, t->online ? "<tr class=\"online\" data-state=\"online\" data-site=\""
			      : "<tr class=\"offline\" data-state=\"offline\" data-site=\"");
	html_attr(b, t->site);
	html_raw(b, "\" data-counter=\"");
	html_attr(b, t->counter);
	html_raw(b, "\"><td><strong class=\"counter\">");
	html_txt(b, t->counter);
	html_raw(b, "</strong><br><span class=\"muted\">");
	layout_site_html(c, b, t->site);
	html_raw(b, "</span></td><td>");
	html_raw(b, t->online ? "<span class=\"badge online\">" : "<span class=\"badge offline\">");
	html_txt(b, t->online ? L(c, "Trực tuyến", "Online") : L(c, "Mất kết nối", "Offline"));
	html_raw(b, "</span><br><span class=\"note since\">");
	layout_time(c, t->since, s, sizeof s);
	html_txt(b, L(c, "từ ", "since "));
	html_txt(b, s);
	html_raw(b, "</span></td><td class=\"num spooled\">");
	if (t->spooled > 0)
		html_raw(b, "<strong class=\"warn\">");
	html_txtf(b, "%lld", (long long)t->spooled);
	if (t->spooled > 0)
		html_raw(b, "</strong>");
	html_raw(b, "</td><td class=\"last-rating\">");
	last_rating(c, b, t->last_rating);
	html_raw(b, "</td><td class=\"clock\">");
	html_raw(b, t->clock_ok ? "<span class=\"good\">" : "<span class=\"bad\">");
	html_txt(b, t->clock_ok ? L(c, "Đã đồng bộ", "Synchronised") : L(c, "Chưa đồng bộ", "Not synchronised"));
	html_raw(b, "</span></td><td class=\"fault\">");
	if (t->fault[0]) {
		html_raw(b, "<span class=\"badge offline\">");
		html_txt(b, t->fault);
		html_raw(b, "</span>");
		if ((fl = fault_label(c, t->fault))) {
			html_raw(b, " ");
			html_txt(b, fl);
		}
	} else {
		html_raw(b, "<span class=\"muted\">");
		html_txt(b, L(c, "không", "none"));
		html_raw(b, "</span>");
	}
	html_raw(b, "</td><td class=\"hide-narrow version\">");
	html_txt(b, t->version[0] ? t->version : "—");
	html_raw(b, "</td><td class=\"hide-narrow seen\">");
	layout_time(c, t->seen, s, sizeof s);
	html_txt(b, s);
	html_raw(b, "</td></tr>");
}

static void th(struct web_ctx *c, struct buf *b, const char *cls, const char *vi, const char *en)
{
	if (cls) {
		html_raw(b, "<th class=\"");
		html_attr(b, cls);
		html_raw(b, "\">");
	} else {
		html_raw(b, "<th>");
	}
	html_txt(b, L(c, vi, en));
	html_raw(b, "</th>");
}

static int terminals_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct fleet f = { .c = c };
	struct buf *b = &rs->body;
	const char *site = http_param(&rq->query, "site");
	size_t online = 0, offline = 0, waiting = 0, faults = 0;
	int rc;

	if (site && !*site)
		site = NULL;
	if (site && !wire_code_valid(site))
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "That is not a site code.");
	if (site && !web_site_allowed(c, site))
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không được xem đơn vị này.",
				"You may not see this site.");
	f.site = site;
	rc = store_flags_terminals(c->store, term_add, &f);
	if (rc != HL_OK) {
		free(f.v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được trạng thái thiết bị.",
				"The terminals' statuses could not be read.");
	}
	struct period_range last30 = { .to = period_day_of(c->now, c->utc_offset) };
	last30.from = last30.to - 29;
	if (rc == HL_OK)
		rc = store_query(c->store, ROLLUP_COUNTER, last30, site, rated_add, &f);
	if (rc != HL_OK) {
		free(f.v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được số liệu của các quầy.",
				"The counters' figures could not be read.");
	}
	if (f.n > 1)
		qsort(f.v, f.n, sizeof *f.v, term_cmp);
	size_t nostatus = 0;
	for (size_t i = 0; i < f.n; i++) {
		if (f.v[i].nostatus)
			nostatus++;
		else if (f.v[i].online)
			online++;
		else
			offline++;
		if (f.v[i].spooled > 0)
			waiting++;
		if (f.v[i].fault[0])
			faults++;
	}

	rs->status = 200;
	layout_begin(c, rs, L(c, "Thiết bị", "Terminals"), NAV_TERMINALS);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Thiết bị đánh giá", "Rating terminals"));
	html_raw(b, "</h1>");
	site_form(c, b, site);
	html_raw(b, "<p class=\"summary\" id=\"terminals-summary\"><span class=\"badge online\">");
	html_txtf(b, L(c, "%zu trực tuyến", "%zu online"), online);
	html_raw(b, "</span> <span class=\"badge offline\">");
	html_txtf(b, L(c, "%zu mất kết nối", "%zu offline"), offline);
	html_raw(b, "</span> <span class=\"badge\">");
	html_txtf(b, L(c, "%zu có đánh giá chờ gửi", "%zu with ratings waiting"), waiting);
	html_raw(b, "</span>");
	if (nostatus) {
		html_raw(b, " <span class=\"badge offline\">");
		html_txtf(b, L(c, "%zu chưa báo trạng thái", "%zu without a status"), nostatus);
		html_raw(b, "</span>");
	}
	if (faults) {
		html_raw(b, " <span class=\"badge offline\">");
		html_txtf(b, L(c, "%zu báo lỗi", "%zu reporting a fault"), faults);
		html_raw(b, "</span>");
	}
	html_raw(b, "</p>");

	html_raw(b, "<section><div class=\"table-wrap\"><table id=\"terminals\"><thead><tr>");
	th(c, b, NULL, "Quầy", "Counter");
	th(c, b, NULL, "Kết nối", "Connection");
	th(c, b, "num", "Chờ gửi", "Waiting");
	th(c, b, NULL, "Đánh giá gần nhất", "Last rating received");
	th(c, b, NULL, "Đồng hồ", "Clock");
	th(c, b, NULL, "Lỗi", "Fault");
	th(c, b, "hide-narrow", "Phiên bản", "Version");
	th(c, b, "hide-narrow", "Liên lạc lần cuối", "Last heard");
	html_raw(b, "</tr></thead><tbody>");
	for (size_t i = 0; i < f.n; i++)
		term_row(c, b, &f.v[i]);
	if (f.n == 0) {
		html_raw(b, "<tr class=\"empty\"><td colspan=\"8\">");
		html_txt(b, L(c, "Chưa có thiết bị nào báo trạng thái.", "No terminal has reported its status yet."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div><p class=\"note\">");
	html_txt(b, L(c,
		      "“Chờ gửi”: số đánh giá còn nằm trong bộ nhớ của máy, sẽ được gửi khi có kết nối. "
		      "“Chưa đồng bộ”: giờ của máy lệch so với máy chủ; đánh giá khi đó được tính theo ngày nhận.",
		      "“Waiting”: ratings still held on the terminal, sent once it is connected. "
		      "“Not synchronised”: the terminal's clock is off; its ratings then count on the day received."));
	html_raw(b, "</p></section>");
	layout_end(c, rs);
	free(f.v);
	return 200;
}

const struct web_route page_terminals_routes[] = {
	{ HTTP_GET, "/thiet-bi", WEB_R_ADMIN | WEB_R_HEAD, terminals_page },
	{ 0 },
};
