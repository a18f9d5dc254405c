/* SPDX-License-Identifier: MIT
 * page_roster.c — Danh mục, the roster: each site's officers (with their titles, and whether a photo
 * is stored), counters and the procedures every site shares, with a search (?q=, filtered here on
 * the server), for admins and heads; and for admins the forms that upload the CSV files and publish
 * each site's roster to its terminals, and the site's Bảng công khai card (page_board.h: its state,
 * its link, its switch). This file is the
 * page and its routes; the forms' answers (import, publish) are page_roster_act.c's. Owns nothing
 * beyond one request; the SQL is in store_roster.c. */
#include "page_roster.h"

#include "page_board.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "report.h"
#include "roster.h"
#include "store_roster.h"
#include "store_users.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- sites --------------------------------------------------------------------------------------- */


/* ---- the page ------------------------------------------------------------------------------------ */

static bool matches(const struct roster_entry *e, const struct roster_officer *x, const char *q)
{
	return !q || !*q || strcasestr(e->code, q) || strcasestr(e->name, q) || (x && strcasestr(x->title, q));
}

/* A table of list kind of r; officers' add their title and whether a photo is stored. */
static void entry_table(struct web_ctx *c, struct buf *b, const char *id, const char *title, const struct roster *r,
			int kind, const char *q)
{
	const struct roster_entry *e = r->e[kind];
	const struct roster_officer *xs = kind == ROSTER_OFFICER ? r->officer : NULL;
	size_t n = r->n[kind];
	bool officers = kind == ROSTER_OFFICER;
	size_t shown = 0;

	for (size_t i = 0; i < n; i++)
		shown += matches(&e[i], xs ? &xs[i] : NULL, q);
	html_raw(b, "<h2>");
	html_txt(b, title);
	html_raw(b, " <span class=\"badge\">");
	if (q && *q)
		html_txtf(b, "%zu / %zu", shown, n);
	else
		html_txtf(b, "%zu", n);
	html_raw(b, "</span></h2><div class=\"table-wrap\"><table id=\"");
	html_attr(b, id);
	html_raw(b, "\"><thead><tr><th>");
	html_txt(b, L(c, "Mã", "Code"));
	html_raw(b, "</th><th>");
	html_txt(b, L(c, "Tên", "Name"));
	if (officers) {
		html_raw(b, "</th><th>");
		html_txt(b, L(c, "Chức danh", "Title"));
		html_raw(b, "</th><th>");
		html_txt(b, L(c, "Ảnh", "Photo"));
	}
	html_raw(b, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		if (!matches(&e[i], xs ? &xs[i] : NULL, q))
			continue;
		html_raw(b, "<tr data-code=\"");
		html_attr(b, e[i].code);
		html_raw(b, "\"><td><code>");
		html_txt(b, e[i].code);
		html_raw(b, "</code></td><td>");
		html_txt(b, e[i].name);
		if (officers) {
			html_raw(b, "</td><td>");
			html_txt(b, xs ? xs[i].title : "");
			html_raw(b, "</td><td>");
			if (xs && xs[i].photo[0]) {
				/* The hash names the stored picture; the terminals get the same one. */
				html_raw(b, "<span class=\"badge\" title=\"");
				html_attr(b, xs[i].photo);
				html_raw(b, "\">");
				html_txt(b, L(c, "có ảnh", "photo"));
				html_raw(b, "</span>");
			}
		}
		html_raw(b, "</td></tr>");
	}
	if (!shown) {
		html_raw(b, officers ? "<tr><td colspan=\"4\" class=\"muted\">" : "<tr><td colspan=\"2\" class=\"muted\">");
		html_txt(b, q && *q ? L(c, "Không có dòng nào khớp.", "No row matches.") : L(c, "Trống.", "Empty."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static void admin_forms(struct web_ctx *c, struct buf *b, const struct site_list *sites)
{
	html_raw(b, "<section class=\"card no-print\" id=\"roster-import\"><h2>");
	html_txt(b, L(c, "Nhập danh mục từ tệp CSV", "Import the roster from CSV files"));
	html_raw(b, "</h2><p class=\"note\">");
	html_txt(b, L(c,
		      "Tệp CSV UTF-8, dòng đầu là tiêu đề: cán bộ “site,code,name” (mỗi dòng một cán bộ của một "
		      "đơn vị; thêm cột “title” cho chức danh), thủ tục “code,name” (dùng chung cho mọi đơn vị) và, "
		      "nếu muốn, tên quầy “site,code,name” và tên đơn vị “code,name” (mã đơn vị như trong tệp cán "
		      "bộ). Các tệp thay toàn bộ danh mục đang lưu (không gửi tệp quầy, tệp đơn vị thì giữ tên quầy, "
		      "tên đơn vị cũ); có lỗi ở bất kỳ dòng nào thì không lưu gì. Ảnh cán bộ được nhập "
		      "bằng “hailong-aggregator roster import” trên máy chủ (cột “photo” là tên tệp ảnh); ở đây cột "
		      "“photo” chỉ giữ ảnh đã lưu từ đúng tệp đó, để trống thì gỡ ảnh.",
		      "UTF-8 CSV files with a header line: officers “site,code,name” (one row per officer of a site; "
		      "add a “title” column for their titles), procedures “code,name” (shared by every site) and, if "
		      "wanted, counters' names “site,code,name” and sites' names “code,name” (the site codes of the "
		      "officers file). They replace the whole stored roster (without a counters or sites file the "
		      "stored counters' or sites' names stay); with a fault on any line nothing is stored. "
		      "Officers' photos are imported with “hailong-aggregator roster import” on the server (the "
		      "“photo” column names the image file); here a “photo” column only keeps a photo stored from "
		      "that very file, and an empty cell removes it."));
	html_raw(b, "</p><form method=\"post\" enctype=\"multipart/form-data\" id=\"roster-upload\" "
		    "action=\"/danh-muc/nhap?csrf=");
	html_url(b, c->csrf);
	html_raw(b, "\"><p><label>");
	html_txt(b, L(c, "Tệp cán bộ (officers.csv)", "Officers file (officers.csv)"));
	html_raw(b, " <input type=\"file\" name=\"officers\" accept=\".csv,text/csv\" required></label></p><p><label>");
	html_txt(b, L(c, "Tệp thủ tục (procedures.csv)", "Procedures file (procedures.csv)"));
	html_raw(b, " <input type=\"file\" name=\"procedures\" accept=\".csv,text/csv\" required></label></p><p><label>");
	html_txt(b, L(c, "Tệp tên quầy (counters.csv, không bắt buộc)", "Counters file (counters.csv, optional)"));
	html_raw(b, " <input type=\"file\" name=\"counters\" accept=\".csv,text/csv\"></label></p><p><label>");
	html_txt(b, L(c, "Tệp tên đơn vị (sites.csv, không bắt buộc)", "Sites file (sites.csv, optional)"));
	html_raw(b, " <input type=\"file\" name=\"sites\" accept=\".csv,text/csv\"></label></p><p>"
		    "<button type=\"submit\">");
	html_txt(b, L(c, "Kiểm tra và nhập", "Check and import"));
	html_raw(b, "</button></p></form></section>");

	html_raw(b, "<section class=\"card no-print\" id=\"roster-publish\"><h2>");
	html_txt(b, L(c, "Xuất bản danh mục tới thiết bị", "Publish the roster to the terminals"));
	html_raw(b, "</h2><form method=\"post\" action=\"/danh-muc/xuat-ban\">");
	layout_csrf(c, b);
	html_raw(b, "<label>");
	html_txt(b, L(c, "Đơn vị", "Site"));
	html_raw(b, " <select name=\"site\"><option value=\"\">");
	html_txt(b, L(c, "Mọi đơn vị", "Every site"));
	html_raw(b, "</option>");
	for (size_t i = 0; i < sites->n; i++) {
		char label[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
		html_raw(b, "<option value=\"");
		html_attr(b, sites->v[i]);
		html_raw(b, "\">");
		html_txt(b, layout_site_label(c, sites->v[i], label, sizeof label));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label> <button type=\"submit\">");
	html_txt(b, L(c, "Xuất bản", "Publish"));
	html_raw(b, "</button></form></section>");
}

int page_roster_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		     const struct buf *notice)
{
	struct buf *b = &rs->body;
	struct site_list all = { 0 }, tabs = { 0 };
	struct roster *r = NULL;
	const char *site = NULL, *q = http_param(&rq->query, "q");
	int rc = layout_site(c, rq, &site);

	if (rc == HL_ERR_INVALID)
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "The site code is not valid.");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không xem được đơn vị này.",
				"You may not see this site.");
	if (store_roster_sites(c->store, site_list_add, &all) != HL_OK) {
		free(all.v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh mục.", "The roster cannot be read.");
	}
	for (size_t i = 0; i < all.n; i++)
		if (web_site_allowed(c, all.v[i]))
			site_list_add(&tabs, all.v[i]);
	if (c->user->role == ROLE_HEAD)
		for (size_t i = 0; i < c->user->nsites; i++)
			site_list_add(&tabs, c->user->sites[i]);
	site_list_sort(&tabs);
	if (!site && tabs.n)
		site = tabs.v[0];
	if (store_roster_load(c->store, site, &r) != HL_OK) {
		free(all.v);
		free(tabs.v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh mục.", "The roster cannot be read.");
	}

	buf_reset(b);
	rs->status = status;
	layout_begin(c, rs, L(c, "Danh mục", "Roster"), NAV_ROSTER);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Danh mục cán bộ và thủ tục", "Officers and procedures"));
	html_raw(b, "</h1>");
	if (notice && notice->p)
		buf_put(b, notice->p, notice->len);
	if (tabs.n > 1) {
		html_raw(b, "<nav class=\"tabs no-print\" id=\"roster-sites\">");
		for (size_t i = 0; i < tabs.n; i++) {
			html_raw(b, site && strcmp(site, tabs.v[i]) == 0
					    ? "<a aria-current=\"page\" href=\"/danh-muc?site="
					    : "<a href=\"/danh-muc?site=");
			char label[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
			html_url(b, tabs.v[i]);
			html_raw(b, "\">");
			html_txt(b, layout_site_label(c, tabs.v[i], label, sizeof label));
			html_raw(b, "</a>");
		}
		html_raw(b, "</nav>");
	}
	html_raw(b, "<form method=\"get\" action=\"/danh-muc\" class=\"filters no-print\" id=\"roster-search\">");
	if (site) {
		html_raw(b, "<input type=\"hidden\" name=\"site\" value=\"");
		html_attr(b, site);
		html_raw(b, "\">");
	}
	html_raw(b, "<label>");
	html_txt(b, L(c, "Tìm theo mã hoặc tên", "Search by code or name"));
	html_raw(b, " <input type=\"search\" name=\"q\" maxlength=\"100\" value=\"");
	html_attr(b, q ? q : "");
	html_raw(b, "\"></label> <button type=\"submit\">");
	html_txt(b, L(c, "Tìm", "Search"));
	html_raw(b, "</button></form>");

	if (site) {
		/* "Cán bộ của Sở Công Thương tỉnh Bến Tre (sct-bentre)", or "… của đơn vị sct-bentre". */
		const char *name = roster_name(r, ROSTER_SITE, site);
		char title[HL_CODE_MAX + ROSTER_NAME_MAX + 64], label[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
		report_site_label(site, name, label, sizeof label);
		snprintf(title, sizeof title, "%s %s",
			 name ? L(c, "Cán bộ của", "Officers of") : L(c, "Cán bộ của đơn vị", "Officers of site"), label);
		entry_table(c, b, "roster-officers", title, r, ROSTER_OFFICER, q);
		if (r->n[ROSTER_COUNTER]) {
			snprintf(title, sizeof title, "%s %s",
				 name ? L(c, "Quầy của", "Counters of") : L(c, "Quầy của đơn vị", "Counters of site"), label);
			entry_table(c, b, "roster-counters", title, r, ROSTER_COUNTER, q);
		}
		page_board_card(c, rq, b, site);
	} else {
		html_raw(b, "<p class=\"muted\">");
		html_txt(b, L(c, "Chưa có cán bộ nào trong danh mục.", "The roster has no officers yet."));
		html_raw(b, "</p>");
	}
	entry_table(c, b, "roster-procedures", L(c, "Thủ tục", "Procedures"), r, ROSTER_PROCEDURE, q);
	if (c->user->role == ROLE_ADMIN)
		admin_forms(c, b, &all);
	layout_end(c, rs);
	roster_free(r);
	free(all.v);
	free(tabs.v);
	return status;
}

static int roster_get(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return page_roster_page(c, rq, rs, 200, NULL);
}

const struct web_route page_roster_routes[] = {
	{ HTTP_GET, "/danh-muc", WEB_R_ADMIN | WEB_R_HEAD, roster_get },
	{ HTTP_POST, "/danh-muc/nhap", WEB_R_ADMIN, page_roster_import },
	{ HTTP_POST, "/danh-muc/xuat-ban", WEB_R_ADMIN, page_roster_publish },
	{ 0 },
};
