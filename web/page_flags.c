/* SPDX-License-Identifier: MIT
 * page_flags.c — Cảnh báo: the complaint flags with their evidence and their life (open →
 * acknowledged → resolved), filtered by kind, state, site and officer (the filters are parsed here
 * for page_flags_act.c too: page_flags.h); the table with the acknowledge and resolve forms, whose
 * answers page_flags_act.c gives; and /su-kien, the Server-Sent Events stream that brings a new flag
 * onto an open page (events.h; the script asks the page again with partial=1 for the table alone —
 * Tổng quan's list of flags listens to it too). Privacy (DESIGN §8): a flag is shown by the day it
 * opened and the days it was acted on, never the minute, and its evidence by counts, never a
 * rating's time or id. A flag told for people (its heading, summary in the reader's language,
 * evidence and life) is flag_view.c's, shared with the overview and the API; this file is the page:
 * routes, filters, forms, the table. It reads through store_flags.h and store_roster.h only: no SQL
 * here. */
#include "page_flags.h"

#include "cache.h"
#include "conf.h"
#include "events.h"
#include "flag_view.h"
#include "flags.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "page_cache.h"
#include "store_flags.h"
#include "store_roster.h"
#include "web.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAGS_ROWS_MAX 500 /* rows on one page; the newest are shown, a note says there are more */
#define WALK_STOP 1000      /* a callback's value that ends a walk early (no HL_ERR_* has it) */

/* ---- the filters ------------------------------------------------------------------------------- */

static const struct page_flags_state states[] = {
	{ "unresolved", "Chưa xử lý xong", "Not yet resolved", STORE_FLAGS_UNRESOLVED },
	{ "open", "Mới mở", "Open", FLAG_OPEN },
	{ "acknowledged", "Đã xác nhận", "Acknowledged", FLAG_ACKNOWLEDGED },
	{ "resolved", "Đã xử lý xong", "Resolved", FLAG_RESOLVED },
	{ "all", "Tất cả", "All", STORE_FLAGS_ALL },
};
#define NSTATES (sizeof states / sizeof states[0])

static const char *param(const struct http_params *p, const char *name)
{
	const char *v = http_param(p, name);
	return v && *v ? v : NULL;
}

void page_flags_filters_init(struct page_flags_filters *f)
{
	memset(f, 0, sizeof *f);
	f->kind = -1;
	f->state = &states[0];
}

int page_flags_filters_parse(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			     const struct http_params *p, struct page_flags_filters *f)
{
	const char *v;

	page_flags_filters_init(f);
	if ((v = param(p, "kind")) && strcmp(v, "all") != 0) {
		f->kind = flag_kind_parse(v);
		if (f->kind < 0)
			return web_fail(c, rq, rs, 400, "kind", "Không có loại cảnh báo này.",
					"There is no such kind of flag.");
	}
	if ((v = param(p, "state"))) {
		f->state = NULL;
		for (size_t i = 0; i < NSTATES; i++)
			if (strcmp(states[i].name, v) == 0)
				f->state = &states[i];
		if (!f->state)
			return web_fail(c, rq, rs, 400, "state",
					"Trạng thái phải là open, acknowledged, resolved, unresolved hoặc all.",
					"The state must be open, acknowledged, resolved, unresolved or all.");
	}
	if ((v = param(p, "site"))) {
		if (!wire_code_valid(v))
			return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "That is not a site code.");
		if (!web_site_allowed(c, v))
			return web_fail(c, rq, rs, 403, "site", "Ông/Bà không được xem đơn vị này.",
					"You may not see this site.");
		f->site = v;
	}
	if ((v = param(p, "officer"))) {
		if (!wire_code_valid(v))
			return web_fail(c, rq, rs, 400, "officer", "Mã cán bộ không hợp lệ.",
					"That is not an officer code.");
		f->officer = v;
	}
	v = param(p, "partial");
	f->partial = v && strcmp(v, "1") == 0;
	return 0;
}

/* The filters that are not the defaults, as (name, value) pairs in the query's order. */
struct filter_pair {
	const char *name, *value;
};
#define FILTER_PAIRS 4

static size_t filter_pairs(const struct page_flags_filters *f, struct filter_pair v[FILTER_PAIRS])
{
	size_t n = 0;

	if (f->kind >= 0)
		v[n++] = (struct filter_pair){ "kind", flag_kind_name(f->kind) };
	if (f->state != &states[0])
		v[n++] = (struct filter_pair){ "state", f->state->name };
	if (f->site)
		v[n++] = (struct filter_pair){ "site", f->site };
	if (f->officer)
		v[n++] = (struct filter_pair){ "officer", f->officer };
	return n;
}

void page_flags_url(struct buf *b, const struct page_flags_filters *f, const char *extra)
{
	struct filter_pair v[FILTER_PAIRS];
	size_t n = filter_pairs(f, v);
	const char *sep = "?";

	buf_puts(b, "/canh-bao");
	if (extra && *extra) {
		buf_puts(b, "?");
		buf_puts(b, extra);
		sep = "&";
	}
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, sep);
		buf_puts(b, v[i].name);
		buf_puts(b, "=");
		html_url(b, v[i].value);
		sep = "&";
	}
}

/* ---- the table ------------------------------------------------------------------------------------ */

/* The table's column names: its header, and each cell's data-label. */
static const char *col_what(const struct web_ctx *c)
{
	return L(c, "Cảnh báo", "Flag");
}

static const char *col_body(const struct web_ctx *c)
{
	return L(c, "Nội dung và bằng chứng", "What and the evidence");
}

static const char *col_life(const struct web_ctx *c)
{
	return L(c, "Trạng thái", "State");
}

struct walk {
	struct web_ctx *c;
	struct buf *b;
	const struct page_flags_filters *f;
	bool forms;  /* the user may act on flags */
	struct flag_view_names names; /* each site's roster, for officers' and procedures' names */
	int shown;
	bool more;
};

/* The filters as hidden fields, so that a form's answer comes back to the same list. */
static void hidden_filters(struct buf *b, const struct page_flags_filters *f)
{
	struct filter_pair v[FILTER_PAIRS];
	size_t n = filter_pairs(f, v);

	for (size_t i = 0; i < n; i++) {
		html_raw(b, "<input type=\"hidden\" name=\"");
		html_attr(b, v[i].name);
		html_raw(b, "\" value=\"");
		html_attr(b, v[i].value);
		html_raw(b, "\">");
	}
}

/* One step's form, POST /canh-bao/ID/STEP (class flag-STEP): the note (required to resolve), the
 * filters, the button. */
static void step_form(struct walk *w, const char *id, const char *step, bool note_required, const char *note_vi,
		      const char *note_en, const char *button_vi, const char *button_en)
{
	struct web_ctx *c = w->c;
	struct buf *b = w->b;

	html_raw(b, "<form method=\"post\" class=\"flag-");
	html_attr(b, step);
	html_raw(b, "\" action=\"/canh-bao/");
	html_attr(b, id);
	html_raw(b, "/");
	html_attr(b, step);
	html_raw(b, "\">");
	layout_csrf(c, b);
	hidden_filters(b, w->f);
	html_raw(b, "<label>");
	html_txt(b, L(c, note_vi, note_en));
	html_raw(b, note_required ? "<textarea name=\"note\" rows=\"2\" maxlength=\"1000\" required></textarea>"
				  : "<textarea name=\"note\" rows=\"2\" maxlength=\"1000\"></textarea>");
	html_raw(b, "</label> <button type=\"submit\">");
	html_txt(b, L(c, button_vi, button_en));
	html_raw(b, "</button></form>");
}

static void flag_forms(struct walk *w, const struct store_flag *fl)
{
	struct web_ctx *c = w->c;
	struct buf *b = w->b;
	char id[24];

	snprintf(id, sizeof id, "%lld", (long long)fl->id);
	html_raw(b, "<details class=\"flag-act\"><summary>");
	html_txt(b, L(c, "Xử lý", "Act"));
	html_raw(b, "</summary>");
	if (fl->state == FLAG_OPEN)
		step_form(w, id, "ack", false, "Ghi chú (không bắt buộc)", "Note (optional)", "Xác nhận đã biết",
			  "Acknowledge");
	step_form(w, id, "resolve", true, "Cách đã xử lý (bắt buộc)", "How it was resolved (required)",
		  "Đã xử lý xong", "Resolve");
	html_raw(b, "</details>");
}

static int flag_row(void *ud, const struct store_flag *fl)
{
	struct walk *w = ud;
	struct web_ctx *c = w->c;
	struct buf *b = w->b;
	const struct roster *names;

	if (!web_site_allowed(c, fl->site))
		return HL_OK; /* a head's other sites' flags: never shown */
	if (w->f->officer && (fl->subject_type != FLAG_SUBJ_OFFICER || strcmp(fl->subject, w->f->officer) != 0))
		return HL_OK;
	if (w->shown == FLAGS_ROWS_MAX) {
		w->more = true;
		return WALK_STOP;
	}
	w->shown++;
	names = flag_view_roster(&w->names, fl->site);
	/* Three columns, so that a phone shows a flag without scrolling far: what and whom, the
	 * summary with its evidence, and its life with the forms. Each cell carries its column's name
	 * (data-label), which a narrow screen shows when the rows are stacked as cards. */
	flag_view_tr(b, fl, "live");
	flag_view_td(b, "flag-what", col_what(c));
	flag_view_what(c, fl, b);
	html_raw(b, "</td>");
	flag_view_td(b, "flag-body", col_body(c));
	html_raw(b, "<span class=\"summary\">");
	flag_view_summary(c, fl, names, b);
	html_raw(b, "</span>");
	flag_view_evidence(c, fl, names, b);
	html_raw(b, "</td>");
	flag_view_td(b, "flag-life", col_life(c));
	flag_view_life(c, fl, b);
	if (w->forms && fl->state != FLAG_RESOLVED) {
		html_raw(b, "<div class=\"no-print\">");
		flag_forms(w, fl);
		html_raw(b, "</div>");
	}
	html_raw(b, "</td>");
	html_raw(b, "</tr>");
	return HL_OK;
}

static bool may_act(const struct web_ctx *c)
{
	return c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_HEAD);
}

/* <table id="flags">…</table>: what the page shows and what partial=1 answers. HL_OK or the
 * store's error. */
static int flags_table(struct web_ctx *c, struct buf *b, const struct page_flags_filters *f)
{
	struct buf rows = { 0 };
	struct walk w = { .c = c, .b = &rows, .f = f, .forms = may_act(c) };
	const char *site = f->site;
	int rc;

	flag_view_names_init(&w.names, c->store);

	/* A head of one site: ask for that site alone (the rows are filtered whatever is asked). */
	if (!site && c->user && c->user->role == ROLE_HEAD && c->user->nsites == 1)
		site = c->user->sites[0];
	rc = store_flags_list_kind(c->store, f->state->state, f->kind, site, 0, flag_row, &w);
	if (rc == WALK_STOP)
		rc = HL_OK;
	flag_view_names_free(&w.names);
	if (rows.failed)
		b->failed = true;

	html_raw(b, "<table id=\"flags\" class=\"flags\"><caption class=\"muted\" id=\"flags-count\">");
	if (w.more)
		html_txtf(b, L(c, "%d cảnh báo mới nhất (còn nữa: thu hẹp bộ lọc để xem)",
			       "the newest %d flags (there are more: narrow the filters)"), w.shown);
	else
		html_txtf(b, L(c, "%d cảnh báo", "%d flags"), w.shown);
	html_txt(b, " · ");
	html_txt(b, L(c, f->state->vi, f->state->en));
	html_raw(b, "</caption><thead><tr><th scope=\"col\">");
	html_txt(b, col_what(c));
	html_raw(b, "</th><th scope=\"col\">");
	html_txt(b, col_body(c));
	html_raw(b, "</th><th scope=\"col\">");
	html_txt(b, col_life(c));
	html_raw(b, "</th>");
	html_raw(b, "</tr></thead><tbody>");
	if (rows.p)
		buf_put(b, rows.p, rows.len);
	if (w.shown == 0) {
		html_raw(b, "<tr class=\"empty\"><td colspan=\"3\">");
		html_txt(b, L(c, "Không có cảnh báo nào khớp bộ lọc.", "No flag matches the filters."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
	buf_free(&rows);
	return rc;
}

/* ---- the page ------------------------------------------------------------------------------------- */

static void select_open(struct web_ctx *c, struct buf *b, const char *name, const char *vi, const char *en)
{
	html_raw(b, "<label>");
	html_txt(b, L(c, vi, en));
	html_raw(b, "<select name=\"");
	html_attr(b, name);
	html_raw(b, "\">");
}

static void filters_form(struct web_ctx *c, struct buf *b, const struct page_flags_filters *f)
{
	html_raw(b, "<form method=\"get\" action=\"/canh-bao\" class=\"filters\" id=\"flag-filters\">");
	select_open(c, b, "kind", "Loại", "Kind");
	html_raw(b, "<option value=\"\">");
	html_txt(b, L(c, "Tất cả", "All"));
	html_raw(b, "</option>");
	for (int k = 0; k < FLAG_KIND_COUNT; k++) {
		html_raw(b, k == f->kind ? "<option selected value=\"" : "<option value=\"");
		html_attr(b, flag_kind_name(k));
		html_raw(b, "\">");
		html_txt(b, flag_kind_label(k, c->lang == WEB_EN ? 1 : 0));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label>");

	select_open(c, b, "state", "Trạng thái", "State");
	for (size_t i = 0; i < NSTATES; i++) {
		html_raw(b, &states[i] == f->state ? "<option selected value=\"" : "<option value=\"");
		html_attr(b, states[i].name);
		html_raw(b, "\">");
		html_txt(b, L(c, states[i].vi, states[i].en));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label>");

	select_open(c, b, "site", "Đơn vị", "Site");
	layout_site_options(c, b, f->site);
	html_raw(b, "</select></label>");

	html_raw(b, "<label>");
	html_txt(b, L(c, "Mã cán bộ", "Officer code"));
	html_raw(b, "<input type=\"text\" name=\"officer\" size=\"10\" maxlength=\"32\" value=\"");
	html_attr(b, f->officer ? f->officer : "");
	html_raw(b, "\"></label><button type=\"submit\">");
	html_txt(b, L(c, "Lọc", "Filter"));
	html_raw(b, "</button></form>");
}

static void flash(struct web_ctx *c, struct buf *b, const struct http_request *rq)
{
	const char *done = http_param(&rq->query, "done"), *id = http_param(&rq->query, "id");
	char *end;
	long long n;

	if (!done || !id)
		return;
	n = strtoll(id, &end, 10);
	if (*id < '0' || *id > '9' || *end || n <= 0)
		return;
	html_raw(b, "<p class=\"flash\" role=\"status\">");
	if (strcmp(done, "ack") == 0)
		html_txtf(b, L(c, "Đã xác nhận cảnh báo số %lld.", "Flag %lld acknowledged."), n);
	else if (strcmp(done, "resolve") == 0)
		html_txtf(b, L(c, "Đã ghi nhận cảnh báo số %lld là đã xử lý xong.", "Flag %lld resolved."), n);
	html_raw(b, "</p>");
}

static int flags_content(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			 const struct page_flags_filters *fp);

static int flags_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct page_flags_filters f;
	struct buf *b = &rs->body;
	int rc;

	if ((rc = page_flags_filters_parse(c, rq, rs, &rq->query, &f)))
		return rc;
	/* The list is kept for cache_seconds for the same view and made again at once when a flag
	 * opens or changes (the flags' version is in the key); its forms' CSRF token is the session's,
	 * written over a placeholder on the way out. */
	struct buf key = { 0 };
	int64_t now_ms = cache_now_ms();
	int ttl = c->conf->cache_seconds * 1000;
	char keep[65];
	size_t mark;
	page_cache_key(&key, c, rq, "flags", true);
	rs->status = 200;
	if (f.partial) {
		http_header_add(rs, "Cache-Control", "no-store");
		if (key.failed || !cache_get(cache_global(), key.p, now_ms, ttl, b)) {
			page_cache_mask(c, keep);
			rc = flags_table(c, b, &f);
			page_cache_unmask(c, keep);
			if (rc != HL_OK) {
				buf_free(&key);
				return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh sách cảnh báo.",
						"The flags could not be read.");
			}
			if (!key.failed && !b->failed)
				cache_put(cache_global(), key.p, b->p, b->len, now_ms);
		}
		buf_free(&key);
		page_cache_fill(b, 0, c->csrf);
		return 200;
	}
	layout_begin(c, rs, L(c, "Cảnh báo", "Flags"), NAV_FLAGS);
	mark = b->len;
	if (!key.failed && cache_get(cache_global(), key.p, now_ms, ttl, b)) {
		buf_free(&key);
		page_cache_fill(b, mark, c->csrf);
		layout_end(c, rs);
		return 200;
	}
	page_cache_mask(c, keep);
	rc = flags_content(c, rq, rs, &f);
	page_cache_unmask(c, keep);
	if (rc != 200) {
		buf_free(&key);
		return rc;
	}
	if (!key.failed && !b->failed)
		cache_put(cache_global(), key.p, b->p + mark, b->len - mark, now_ms);
	buf_free(&key);
	page_cache_fill(b, mark, c->csrf);
	layout_end(c, rs);
	return 200;
}

/* The page's content (all but the shell), into rs->body. */
static int flags_content(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
			 const struct page_flags_filters *fp)
{
	struct page_flags_filters f = *fp;
	struct buf *b = &rs->body;
	int rc;

	html_raw(b, "<h1>");
	html_txt(b, L(c, "Cảnh báo", "Flags"));
	html_raw(b, "</h1>");
	flash(c, b, rq);
	filters_form(c, b, &f);

	/* The live part: the script opens the stream named here and asks for the table again. */
	flag_view_live(c, b, "flags", f.site);

	html_raw(b, "<section><div class=\"table-wrap\">");
	rc = flags_table(c, b, &f);
	html_raw(b, "</div>");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh sách cảnh báo.",
				"The flags could not be read.");
	html_raw(b, "<p class=\"note\">");
	html_txt(b, L(c,
		      "Cảnh báo được ghi theo ngày, không theo giờ phút, để không thể đối chiếu với sổ xếp hàng. "
		      "Trang tự cập nhật khi có cảnh báo mới; nếu trình duyệt tắt JavaScript, hãy tải lại trang.",
		      "Flags are shown by day, never by the minute, so they cannot be matched against the queue log. "
		      "The page updates itself when a flag opens; without JavaScript, reload it."));
	html_raw(b, " <a class=\"no-print\" href=\"");
	{
		struct buf u = { 0 };
		page_flags_url(&u, &f, NULL);
		html_attr(b, u.p && !u.failed ? u.p : "/canh-bao");
		buf_free(&u);
	}
	html_raw(b, "\">");
	html_txt(b, L(c, "Tải lại", "Reload"));
	html_raw(b, "</a></p></section>");
	return 200;
}

/* ---- the stream -------------------------------------------------------------------------------------- */

static int flag_stream(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = param(&rq->query, "site");

	if (site && !wire_code_valid(site))
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "That is not a site code.");
	if (site && !web_site_allowed(c, site))
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không được xem đơn vị này.",
				"You may not see this site.");
	if (!events_global())
		return web_fail(c, rq, rs, 503, NULL, "Cập nhật trực tiếp chưa chạy.", "Live updates are not running.");
	rs->status = 200;
	rs->type = "text/event-stream";
	rs->stream = WEB_STREAM_FLAGS;
	snprintf(rs->stream_site, sizeof rs->stream_site, "%s", site ? site : "");
	http_header_add(rs, "Cache-Control", "no-store");
	return 200;
}

#define FLAG_READERS (WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE)
#define FLAG_ACTORS (WEB_R_ADMIN | WEB_R_HEAD)

const struct web_route page_flags_routes[] = {
	{ HTTP_GET, "/canh-bao", FLAG_READERS, flags_page },
	{ HTTP_POST, "/canh-bao/:id/ack", FLAG_ACTORS, page_flags_ack },
	{ HTTP_POST, "/canh-bao/:id/resolve", FLAG_ACTORS, page_flags_resolve },
	{ HTTP_GET, "/su-kien", FLAG_READERS, flag_stream },
	{ 0 },
};
