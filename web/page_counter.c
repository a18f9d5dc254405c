/* SPDX-License-Identifier: MIT
 * page_counter.c — Quầy, the counter console (DESIGN §12), for the officer on their PC or phone: start
 * a shift at a counter of their site, and for each citizen one big button, "Mời đánh giá", with the
 * procedure (searchable by code or name from the roster, the officer's recent ones first), which
 * opens the counter's transaction on its terminal; "Kết thúc giao dịch" clears it. It ends by itself
 * when the citizen has rated (the terminal says so to itself) or when it expires, so the page shows
 * an open transaction only until it expires — and never anything of the answer. A head may work the
 * console naming an officer of their site. This file is the page and its routes; the forms' answers
 * are page_counter_act.c's (page_counter.h), which writes the page again with what went wrong.
 * Shifts and transactions are read through the store (store_users.h). Owns nothing beyond one
 * request. */
#include "page_counter.h"

#include "flash.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "roster.h"
#include "store_flags.h"
#include "store_roster.h"
#include "store_users.h"
#include "topic.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RECENT_MAX 8  /* recent procedures offered first */
#define SEARCH_MAX 30 /* procedures listed for a search */

/* The console's state for this user: the site, the shift, the counter's open transaction. */
struct counter_view {
	const char *site; /* NULL: this user has no site to work at */
	bool on_shift;
	struct store_shift shift;
	bool txn_open;
	struct store_txn txn;
	struct roster *roster; /* the site's; may be NULL */
};

static bool is_head(const struct web_ctx *c)
{
	return c->user->role == ROLE_HEAD;
}

/* The user's open shift (a shift at a site the user no longer has counts as none), and the site the
 * console works at: the shift's, an officer's own (sites[0]), or a head's chosen one. */
static void view_load(struct web_ctx *c, const struct http_request *rq, struct counter_view *v)
{
	memset(v, 0, sizeof *v);
	if (store_shift_current(c->store, c->user->id, &v->shift) == HL_OK && web_site_allowed(c, v->shift.site))
		v->on_shift = true;
	if (v->on_shift) {
		v->site = v->shift.site;
	} else if (c->user->nsites) {
		const char *want = http_param(&rq->query, "site");
		v->site = c->user->sites[0];
		if (is_head(c) && want && topic_id_valid(want) && web_site_allowed(c, want))
			for (size_t i = 0; i < c->user->nsites; i++)
				if (strcmp(c->user->sites[i], want) == 0)
					v->site = c->user->sites[i];
	}
	if (v->on_shift && store_txn_latest(c->store, v->shift.site, v->shift.counter, &v->txn) == HL_OK)
		v->txn_open = v->txn.closed == 0 && (v->txn.expires == 0 || c->now < v->txn.expires);
	if (v->site && store_roster_load(c->store, v->site, &v->roster) != HL_OK)
		v->roster = NULL;
}

static void view_free(struct counter_view *v)
{
	roster_free(v->roster);
	v->roster = NULL;
}

/* ---- pieces of the page -------------------------------------------------------------------------- */

/* t as HH:MM when it is today, else with its day. */
static void when_short(const struct web_ctx *c, int64_t t, char *out, size_t cap)
{
	char full[32], *clock;
	size_t n;

	layout_time(c, t, full, sizeof full);
	/* Today: the clock alone ("03:51"); the page's footer says the zone. */
	clock = strchr(full, ' ');
	if (clock && period_day_of(t, c->utc_offset) == period_day_of(c->now, c->utc_offset)) {
		n = strcspn(clock + 1, " ");
		snprintf(out, cap, "%.*s", (int)n, clock + 1);
		return;
	}
	snprintf(out, cap, "%s", full);
}

/* The counters offered at site: its terminals'. */
struct counters_walk {
	struct buf *b;
	const char *site;
};

static int counter_option(void *ud, const struct store_terminal *t)
{
	struct counters_walk *w = ud;

	if (strcmp(t->site, w->site) != 0)
		return 0;
	html_raw(w->b, "<option value=\"");
	html_attr(w->b, t->counter);
	html_raw(w->b, "\"></option>");
	return 0;
}

static void shift_form(struct web_ctx *c, struct buf *b, const struct counter_view *v, const struct http_request *rq)
{
	char label[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
	struct counters_walk w = { .b = b, .site = v->site };
	const char *counter = http_param(&rq->form, "counter");

	html_raw(b, "<section class=\"card\" id=\"shift\"><h2>");
	html_txt(b, L(c, "Bắt đầu ca làm việc", "Start a shift"));
	html_raw(b, "</h2><form method=\"post\" action=\"/quay/ca\" id=\"shift-start\">");
	layout_csrf(c, b);
	html_raw(b, "<p><label>");
	html_txt(b, L(c, "Đơn vị", "Site"));
	html_raw(b, " ");
	if (is_head(c) && c->user->nsites > 1) {
		html_raw(b, "<select name=\"site\">");
		for (size_t i = 0; i < c->user->nsites; i++) {
			html_raw(b, strcmp(c->user->sites[i], v->site) == 0 ? "<option selected value=\""
									    : "<option value=\"");
			html_attr(b, c->user->sites[i]);
			html_raw(b, "\">");
			html_txt(b, layout_site_label(c, c->user->sites[i], label, sizeof label));
			html_raw(b, "</option>");
		}
		html_raw(b, "</select>");
	} else {
		html_raw(b, "<input type=\"hidden\" name=\"site\" value=\"");
		html_attr(b, v->site);
		html_raw(b, "\"><strong>");
		html_txt(b, layout_site_label(c, v->site, label, sizeof label));
		html_raw(b, "</strong>");
	}
	html_raw(b, "</label></p><p><label>");
	html_txt(b, L(c, "Quầy", "Counter"));
	html_raw(b,
		 " <input name=\"counter\" list=\"counters\" required maxlength=\"32\" pattern=\"[a-z0-9\\-]{1,32}\" "
		 "autocomplete=\"off\" value=\"");
	html_attr(b, counter ? counter : "");
	html_raw(b, "\"></label><datalist id=\"counters\">");
	store_flags_terminals(c->store, counter_option, &w);
	html_raw(b, "</datalist></p><p class=\"note\">");
	html_txt(b, L(c, "Chọn quầy có thiết bị đánh giá, hoặc gõ mã quầy (chữ thường a-z, số, dấu -).",
		      "Pick a counter with a rating terminal, or type its code (a-z, digits, -)."));
	html_raw(b, "</p><p><button type=\"submit\">");
	html_txt(b, L(c, "Bắt đầu ca", "Start shift"));
	html_raw(b, "</button></p></form></section>");
}

/* The procedures datalist: the officer's recent ones first, then the rest of the roster. */
struct recent {
	char code[RECENT_MAX][HL_CODE_MAX + 1];
	size_t n;
};

static int recent_add(void *ud, const char *code)
{
	struct recent *r = ud;

	if (r->n < RECENT_MAX)
		snprintf(r->code[r->n++], sizeof r->code[0], "%s", code);
	return 0;
}

static bool recent_has(const struct recent *r, const char *code)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->code[i], code) == 0)
			return true;
	return false;
}

static void entry_option(struct buf *b, const char *code, const char *name)
{
	html_raw(b, "<option value=\"");
	html_attr(b, code);
	html_raw(b, "\">");
	html_txt(b, name ? name : "");
	html_raw(b, "</option>");
}

const char *page_counter_officer(const struct web_ctx *c, const struct http_request *rq)
{
	if (is_head(c)) {
		const char *o = http_param(&rq->form, "officer");
		return o ? o : http_param(&rq->query, "officer");
	}
	return c->user->officer;
}

/* A case-insensitive search of code or name (ASCII letters fold; Vietnamese letters match as typed). */
static bool entry_matches(const struct roster_entry *e, const char *q)
{
	return strcasestr(e->code, q) || strcasestr(e->name, q);
}

static void hidden_field(struct buf *b, const char *name, const char *value)
{
	html_raw(b, "<input type=\"hidden\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, value);
	html_raw(b, "\">");
}

/* One click inviting for a procedure (a recent one, or one the search found): "CODE — name",
 * for a head with the officer they named. */
static void procedure_button(struct web_ctx *c, struct buf *b, const char *officer, const char *code,
			     const char *name)
{
	html_raw(b, "<li><form method=\"post\" action=\"/quay/moi\" class=\"inline\">");
	layout_csrf(c, b);
	if (is_head(c) && officer)
		hidden_field(b, "officer", officer);
	hidden_field(b, "procedure", code);
	html_raw(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, code);
	html_raw(b, " — ");
	html_txt(b, name);
	html_raw(b, "</button></form></li>");
}

static void invite_form(struct web_ctx *c, struct buf *b, const struct counter_view *v, const struct http_request *rq)
{
	const struct roster *r = v->roster;
	const char *officer = page_counter_officer(c, rq), *q = http_param(&rq->query, "q");
	const char *proc = http_param(&rq->form, "procedure");
	struct recent rec = { 0 };

	if (officer && *officer)
		store_txn_recent_procedures(c->store, officer, RECENT_MAX, recent_add, &rec);
	html_raw(b, "<section class=\"card\" id=\"invite\"><h2>");
	html_txt(b, v->txn_open ? L(c, "Công dân tiếp theo", "Next citizen")
				: L(c, "Mời công dân đánh giá", "Invite the citizen to rate"));
	html_raw(b, "</h2><form method=\"post\" action=\"/quay/moi\" id=\"invite-form\">");
	layout_csrf(c, b);
	if (is_head(c)) {
		html_raw(b, "<p><label>");
		html_txt(b, L(c, "Cán bộ", "Officer"));
		html_raw(b, " <input name=\"officer\" list=\"officers\" required maxlength=\"32\" autocomplete=\"off\" "
			    "value=\"");
		html_attr(b, officer ? officer : "");
		html_raw(b, "\"></label><datalist id=\"officers\">");
		for (size_t i = 0; r && i < r->n[ROSTER_OFFICER]; i++)
			entry_option(b, r->e[ROSTER_OFFICER][i].code, r->e[ROSTER_OFFICER][i].name);
		html_raw(b, "</datalist></p>");
	}
	html_raw(b, "<p><label>");
	html_txt(b, L(c, "Thủ tục (tìm theo mã hoặc tên)", "Procedure (search by code or name)"));
	html_raw(b, " <input name=\"procedure\" list=\"procedures\" required maxlength=\"220\" autocomplete=\"off\" "
		    "value=\"");
	html_attr(b, proc ? proc : "");
	html_raw(b, "\"></label><datalist id=\"procedures\">");
	for (size_t i = 0; i < rec.n; i++)
		entry_option(b, rec.code[i], r ? roster_name(r, ROSTER_PROCEDURE, rec.code[i]) : NULL);
	for (size_t i = 0; r && i < r->n[ROSTER_PROCEDURE]; i++)
		if (!recent_has(&rec, r->e[ROSTER_PROCEDURE][i].code))
			entry_option(b, r->e[ROSTER_PROCEDURE][i].code, r->e[ROSTER_PROCEDURE][i].name);
	html_raw(b, "</datalist></p><p><button type=\"submit\" class=\"big\" id=\"invite-button\">");
	html_txt(b, L(c, "Mời đánh giá", "Invite to rate"));
	html_raw(b, "</button></p></form>");

	/* The recent ones as one-click buttons, and a search that works without the datalist (some
	 * phone browsers do not offer one). */
	if (rec.n) {
		html_raw(b, "<h3>");
		html_txt(b, L(c, "Thủ tục gần đây", "Recent procedures"));
		html_raw(b, "</h3><ul class=\"recent\" id=\"recent\">");
		for (size_t i = 0; i < rec.n; i++) {
			const char *name = r ? roster_name(r, ROSTER_PROCEDURE, rec.code[i]) : NULL;
			if (!name)
				continue;
			procedure_button(c, b, officer, rec.code[i], name);
		}
		html_raw(b, "</ul>");
	}
	html_raw(b, "<form method=\"get\" action=\"/quay\" class=\"filters\" id=\"procedure-search\"><label>");
	html_txt(b, L(c, "Tìm thủ tục", "Find a procedure"));
	html_raw(b, " <input type=\"search\" name=\"q\" maxlength=\"100\" value=\"");
	html_attr(b, q ? q : "");
	html_raw(b, "\"></label>");
	if (is_head(c) && officer && *officer)
		hidden_field(b, "officer", officer);
	html_raw(b, " <button type=\"submit\" class=\"secondary\">");
	html_txt(b, L(c, "Tìm", "Search"));
	html_raw(b, "</button></form>");
	if (q && *q && r) {
		size_t shown = 0;
		html_raw(b, "<ul class=\"search-results\" id=\"search-results\">");
		for (size_t i = 0; i < r->n[ROSTER_PROCEDURE] && shown < SEARCH_MAX; i++) {
			const struct roster_entry *e = &r->e[ROSTER_PROCEDURE][i];
			if (!entry_matches(e, q))
				continue;
			shown++;
			procedure_button(c, b, officer, e->code, e->name);
		}
		html_raw(b, "</ul>");
		if (!shown) {
			html_raw(b, "<p class=\"muted\">");
			html_txt(b, L(c, "Không có thủ tục nào khớp.", "No procedure matches."));
			html_raw(b, "</p>");
		}
	}
	html_raw(b, "</section>");
}

static void txn_card(struct web_ctx *c, struct buf *b, const struct counter_view *v)
{
	const char *pname = v->roster ? roster_name(v->roster, ROSTER_PROCEDURE, v->txn.procedure) : NULL;
	const char *oname = v->roster ? roster_name(v->roster, ROSTER_OFFICER, v->txn.officer) : NULL;
	char until[32];

	html_raw(b, "<section class=\"card live\" id=\"txn-open\"><h2>");
	html_txt(b, L(c, "Đang chờ công dân đánh giá", "Waiting for the citizen's rating"));
	html_raw(b, "</h2><p class=\"big\">");
	html_txt(b, L(c, "Thủ tục ", "Procedure "));
	html_raw(b, "<strong>");
	html_txt(b, v->txn.procedure);
	html_raw(b, "</strong>");
	if (pname) {
		html_raw(b, " — ");
		html_txt(b, pname);
	}
	html_raw(b, ", ");
	if (v->txn.expires) {
		when_short(c, v->txn.expires, until, sizeof until);
		html_txt(b, L(c, "đến ", "until "));
		html_raw(b, "<time>");
		html_txt(b, until);
		html_raw(b, "</time>");
	} else {
		html_txt(b, L(c, "đến khi kết thúc", "until ended"));
	}
	html_raw(b, "</p><p class=\"muted\">");
	html_txt(b, L(c, "Cán bộ ", "Officer "));
	html_txt(b, v->txn.officer);
	if (oname) {
		html_raw(b, " — ");
		html_txt(b, oname);
	}
	html_raw(b, ". ");
	html_txt(b, L(c, "Giao dịch tự kết thúc khi công dân đã đánh giá hoặc khi hết giờ.",
		      "The transaction ends by itself once the citizen has rated, or when it expires."));
	html_raw(b, "</p><form method=\"post\" action=\"/quay/dong\" id=\"txn-close\">");
	layout_csrf(c, b);
	html_raw(b, "<button type=\"submit\" class=\"danger\">");
	html_txt(b, L(c, "Kết thúc giao dịch", "End the transaction"));
	html_raw(b, "</button></form></section>");
}

int page_counter_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs,
		      const struct page_counter_err *err)
{
	struct counter_view v;
	struct buf *b = &rs->body;
	char since[32];

	view_load(c, rq, &v);
	buf_reset(b);
	rs->status = err ? err->status : 200;
	layout_begin(c, rs, L(c, "Quầy", "Counter"), NAV_COUNTER);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Quầy giao dịch", "Counter console"));
	html_raw(b, "</h1>");
	if (err)
		flash_error(c, b, "counter-error", err->param, err->vi, err->en, err->detail);
	if (!v.site) {
		html_raw(b, "<p class=\"flash error\">");
		html_txt(b, L(c, "Tài khoản chưa được gắn đơn vị; xin quản trị sửa tài khoản (trang Quản trị).",
			      "This account has no site; ask the admin to set one (Admin page)."));
		html_raw(b, "</p>");
		goto done;
	}
	if (c->user->role == ROLE_OFFICER && !c->user->officer[0]) {
		html_raw(b, "<p class=\"flash error\">");
		html_txt(b, L(c, "Tài khoản chưa được gắn mã cán bộ; xin quản trị sửa tài khoản.",
			      "This account has no officer code; ask the admin to set one."));
		html_raw(b, "</p>");
	} else if (c->user->role == ROLE_OFFICER) {
		const char *name = v.roster ? roster_name(v.roster, ROSTER_OFFICER, c->user->officer) : NULL;
		html_raw(b, "<p class=\"muted\" id=\"officer\">");
		html_txt(b, L(c, "Cán bộ ", "Officer "));
		html_txt(b, c->user->officer);
		if (name) {
			html_raw(b, " — ");
			html_txt(b, name);
		}
		html_raw(b, "</p>");
	}
	if (!v.on_shift) {
		shift_form(c, b, &v, rq);
		goto done;
	}
	layout_time(c, v.shift.started, since, sizeof since);
	html_raw(b, "<section class=\"card\" id=\"shift\" data-site=\"");
	html_attr(b, v.shift.site);
	html_raw(b, "\" data-counter=\"");
	html_attr(b, v.shift.counter);
	html_raw(b, "\"><p>");
	html_txt(b, L(c, "Đang trong ca tại quầy ", "On shift at counter "));
	html_raw(b, "<strong>");
	html_txt(b, v.shift.counter);
	html_raw(b, "</strong>");
	html_txt(b, L(c, ", đơn vị ", ", site "));
	html_txt(b, v.shift.site);
	html_txt(b, L(c, ", từ ", ", since "));
	html_txt(b, since);
	html_raw(b, "</p><form method=\"post\" action=\"/quay/ket-thuc\" class=\"inline\" id=\"shift-end\">");
	layout_csrf(c, b);
	html_raw(b, "<button type=\"submit\" class=\"secondary\">");
	html_txt(b, L(c, "Kết thúc ca", "End shift"));
	html_raw(b, "</button></form></section>");
	if (v.txn_open)
		txn_card(c, b, &v);
	if (!c->publish) {
		html_raw(b, "<p class=\"flash error\" id=\"no-broker\">");
		html_txt(b, L(c, "Chưa cấu hình máy chủ MQTT (broker): không mở được giao dịch. Xin báo quản trị.",
			      "No broker is configured: transactions cannot be opened. Tell the admin."));
		html_raw(b, "</p>");
	}
	if (!v.roster || !v.roster->n[ROSTER_PROCEDURE]) {
		html_raw(b, "<p class=\"flash error\">");
		html_txt(b, L(c, "Danh mục thủ tục đang trống; xin quản trị nhập danh mục (trang Danh mục).",
			      "The procedure roster is empty; ask the admin to import it (Roster page)."));
		html_raw(b, "</p>");
	}
	if (c->user->role != ROLE_OFFICER || c->user->officer[0])
		invite_form(c, b, &v, rq);
done:
	layout_end(c, rs);
	view_free(&v);
	return rs->status;
}

static int counter_get(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return page_counter_page(c, rq, rs, NULL);
}

const struct web_route page_counter_routes[] = {
	{ HTTP_GET, "/quay", WEB_R_OFFICER | WEB_R_HEAD, counter_get },
	{ HTTP_POST, "/quay/ca", WEB_R_OFFICER | WEB_R_HEAD, page_counter_shift_start },
	{ HTTP_POST, "/quay/ket-thuc", WEB_R_OFFICER | WEB_R_HEAD, page_counter_shift_end },
	{ HTTP_POST, "/quay/moi", WEB_R_OFFICER | WEB_R_HEAD, page_counter_invite },
	{ HTTP_POST, "/quay/dong", WEB_R_OFFICER | WEB_R_HEAD, page_counter_txn_close },
	{ 0 },
};
