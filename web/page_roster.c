/* SPDX-License-Identifier: MIT
 * page_roster.c — Danh mục, the roster: each site's officers and the procedures every site shares,
 * with a search (?q=, filtered here on the server), for admins and heads; and for admins the upload
 * of the two CSV files and the publishing of each site's roster to its terminals. An upload runs the
 * checks of `hailong-aggregator roster import` (sheet.c: every fault listed by file and line, and
 * nothing stored while there is one), then replaces the stored roster in one transaction and, with a
 * broker, publishes it as `roster import -c` does; the message is roster_pub.c's, the same bytes the
 * command sends. Owns nothing beyond one request; the SQL is in store_roster.c. */
#include "web.h"

#include "hl.h"
#include "html.h"
#include "layout.h"
#include "roster.h"
#include "roster_pub.h"
#include "sheet.h"
#include "store_roster.h"
#include "store_users.h"
#include "topic.h"
#include "wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FAULTS_SHOWN 100 /* faults listed per file; the rest counted */

/* ---- sites --------------------------------------------------------------------------------------- */

struct sites {
	char (*v)[HL_CODE_MAX + 1];
	size_t n, cap;
};

static int sites_add(void *ud, const char *site)
{
	struct sites *l = ud;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], site) == 0)
			return HL_OK;
	if (strlen(site) > HL_CODE_MAX)
		return HL_ERR_INVALID;
	if (hl_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) != HL_OK)
		return HL_ERR_NOMEM;
	snprintf(l->v[l->n++], sizeof l->v[0], "%s", site);
	return HL_OK;
}

static int sites_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* ---- the page ------------------------------------------------------------------------------------ */

static bool matches(const struct roster_entry *e, const char *q)
{
	return !q || !*q || strcasestr(e->code, q) || strcasestr(e->name, q);
}

static void entry_table(struct web_ctx *c, struct buf *b, const char *id, const char *title,
			const struct roster_entry *e, size_t n, const char *q)
{
	size_t shown = 0;

	for (size_t i = 0; i < n; i++)
		shown += matches(&e[i], q);
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
	html_raw(b, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		if (!matches(&e[i], q))
			continue;
		html_raw(b, "<tr data-code=\"");
		html_attr(b, e[i].code);
		html_raw(b, "\"><td><code>");
		html_txt(b, e[i].code);
		html_raw(b, "</code></td><td>");
		html_txt(b, e[i].name);
		html_raw(b, "</td></tr>");
	}
	if (!shown) {
		html_raw(b, "<tr><td colspan=\"2\" class=\"muted\">");
		html_txt(b, q && *q ? L(c, "Không có dòng nào khớp.", "No row matches.") : L(c, "Trống.", "Empty."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static void admin_forms(struct web_ctx *c, struct buf *b, const struct sites *sites)
{
	html_raw(b, "<section class=\"card no-print\" id=\"roster-import\"><h2>");
	html_txt(b, L(c, "Nhập danh mục từ tệp CSV", "Import the roster from CSV files"));
	html_raw(b, "</h2><p class=\"note\">");
	html_txt(b, L(c,
		      "Hai tệp CSV UTF-8, dòng đầu là tiêu đề: cán bộ “site,code,name” (mỗi dòng một cán bộ của "
		      "một đơn vị) và thủ tục “code,name” (dùng chung cho mọi đơn vị). Hai tệp thay toàn bộ danh "
		      "mục đang lưu; có lỗi ở bất kỳ dòng nào thì không lưu gì.",
		      "Two UTF-8 CSV files with a header line: officers “site,code,name” (one row per officer of a "
		      "site) and procedures “code,name” (shared by every site). Together they replace the whole "
		      "stored roster; with a fault on any line nothing is stored."));
	html_raw(b, "</p><form method=\"post\" enctype=\"multipart/form-data\" id=\"roster-upload\" "
		    "action=\"/danh-muc/nhap?csrf=");
	html_url(b, c->csrf);
	html_raw(b, "\"><p><label>");
	html_txt(b, L(c, "Tệp cán bộ (officers.csv)", "Officers file (officers.csv)"));
	html_raw(b, " <input type=\"file\" name=\"officers\" accept=\".csv,text/csv\" required></label></p><p><label>");
	html_txt(b, L(c, "Tệp thủ tục (procedures.csv)", "Procedures file (procedures.csv)"));
	html_raw(b, " <input type=\"file\" name=\"procedures\" accept=\".csv,text/csv\" required></label></p><p>"
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
		html_raw(b, "<option value=\"");
		html_attr(b, sites->v[i]);
		html_raw(b, "\">");
		html_txt(b, sites->v[i]);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label> <button type=\"submit\">");
	html_txt(b, L(c, "Xuất bản", "Publish"));
	html_raw(b, "</button></form></section>");
}

/* The roster page with notice (HTML written through html.h, may be NULL) at the top, answered with
 * status. */
static int roster_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		       const struct buf *notice)
{
	struct buf *b = &rs->body;
	struct sites all = { 0 }, tabs = { 0 };
	struct roster *r = NULL;
	const char *site = NULL, *q = http_param(&rq->query, "q");
	int rc = layout_site(c, rq, &site);

	if (rc == HL_ERR_INVALID)
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "The site code is not valid.");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 403, "site", "Ông/Bà không xem được đơn vị này.",
				"You may not see this site.");
	if (store_roster_sites(c->store, sites_add, &all) != HL_OK) {
		free(all.v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh mục.", "The roster cannot be read.");
	}
	for (size_t i = 0; i < all.n; i++)
		if (web_site_allowed(c, all.v[i]))
			sites_add(&tabs, all.v[i]);
	if (c->user->role == ROLE_HEAD)
		for (size_t i = 0; i < c->user->nsites; i++)
			sites_add(&tabs, c->user->sites[i]);
	if (tabs.n)
		qsort(tabs.v, tabs.n, sizeof *tabs.v, sites_cmp);
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
			html_url(b, tabs.v[i]);
			html_raw(b, "\">");
			html_txt(b, tabs.v[i]);
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
		char title[120];
		snprintf(title, sizeof title, "%s %s", L(c, "Cán bộ của đơn vị", "Officers of site"), site);
		entry_table(c, b, "roster-officers", title, r->e[ROSTER_OFFICER], r->n[ROSTER_OFFICER], q);
	} else {
		html_raw(b, "<p class=\"muted\">");
		html_txt(b, L(c, "Chưa có cán bộ nào trong danh mục.", "The roster has no officers yet."));
		html_raw(b, "</p>");
	}
	entry_table(c, b, "roster-procedures", L(c, "Thủ tục", "Procedures"), r->e[ROSTER_PROCEDURE],
		    r->n[ROSTER_PROCEDURE], q);
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
	return roster_page(c, rq, rs, 200, NULL);
}

/* A notice box: class "flash" or "flash error", a heading, then the caller's list. */
static void notice_open(struct buf *n, bool error, const char *id, const char *title)
{
	html_raw(n, error ? "<section class=\"flash error\" role=\"alert\" id=\"" : "<section class=\"flash\" id=\"");
	html_attr(n, id);
	html_raw(n, "\"><h2>");
	html_txt(n, title);
	html_raw(n, "</h2>");
}

/* ---- publishing ---------------------------------------------------------------------------------- */

/* Publishes the stored roster of each site, retained, and lists what happened into n. Returns
 * how many sites failed (the first failure stops the rest, as the command does). */
static size_t publish_sites(struct web_ctx *c, const struct sites *sites, struct buf *n)
{
	html_raw(n, "<ul id=\"roster-published\">");
	for (size_t i = 0; i < sites->n; i++) {
		const char *site = sites->v[i];
		struct roster *r = NULL, *check = NULL;
		char topic[HL_TOPIC_MAX], why[300] = "", *body = NULL;
		size_t len = 0;
		int rc = store_roster_load(c->store, site, &r);

		html_raw(n, "<li>");
		if (rc != HL_OK) {
			html_txtf(n, "%s: %s", site, L(c, "không đọc được danh mục", "the roster cannot be read"));
		} else if ((rc = roster_pub_encode(r, &body, &len)) == HL_ERR_RANGE) {
			html_txtf(n,
				  L(c, "%s: danh mục %zu byte, quá %d byte thiết bị nhận được",
				    "%s: the roster is %zu bytes, more than the %d a terminal accepts"),
				  site, len, ROSTER_BODY_MAX);
		} else if (rc == HL_OK && (rc = roster_decode(body, len, &check)) != HL_OK) {
			/* The terminals' own decoder is the judge of what we send them. */
			html_txtf(n, "%s: %s", site, L(c, "danh mục không giải mã được", "the roster does not decode"));
		} else if (rc != HL_OK) {
			html_txtf(n, "%s: %s", site, hl_strerror(rc));
		} else {
			snprintf(topic, sizeof topic, TOPIC_PREFIX "%s/roster", site);
			rc = c->publish(c->publish_ud, topic, body, len, true, why, sizeof why);
			if (rc != HL_OK)
				html_txtf(n, L(c, "%s: không gửi được (%s)", "%s: not published (%s)"), topic,
					  why[0] ? why : hl_strerror(rc));
			else
				html_txtf(n,
					  L(c, "%s: %zu cán bộ, %zu thủ tục (%zu byte)",
					    "%s: %zu officers, %zu procedures (%zu bytes)"),
					  topic, r->n[ROSTER_OFFICER], r->n[ROSTER_PROCEDURE], len);
		}
		html_raw(n, "</li>");
		roster_free(check);
		roster_free(r);
		free(body);
		if (rc != HL_OK) {
			html_raw(n, "</ul>");
			return sites->n - i;
		}
	}
	html_raw(n, "</ul>");
	return 0;
}

static void audit_publish(struct web_ctx *c, const struct sites *sites, size_t failed)
{
	char detail[400];
	size_t used;

	used = (size_t)snprintf(detail, sizeof detail, "%s", failed ? "failed; sites" : "sites");
	for (size_t i = 0; i < sites->n && used < sizeof detail; i++)
		used += (size_t)snprintf(detail + used, sizeof detail - used, " %s", sites->v[i]);
	store_audit_add(c->store, c->now, c->user->name, "roster.publish", sites->n == 1 ? sites->v[0] : NULL, detail);
}

static int roster_publish(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *site = http_param(&rq->form, "site");
	struct sites sites = { 0 };
	struct buf n = { 0 };
	size_t failed;
	int status;

	if (!c->publish) {
		notice_open(&n, true, "roster-notice", L(c, "Chưa xuất bản", "Not published"));
		html_raw(&n, "<p>");
		html_txt(&n, L(c,
			       "Chưa cấu hình máy chủ MQTT (broker) nên không gửi được danh mục tới thiết bị; đặt "
			       "broker trong web.conf, hoặc chạy “hailong-aggregator roster publish” trên máy chủ.",
			       "No broker is configured, so the roster cannot reach the terminals; set broker in "
			       "web.conf, or run “hailong-aggregator roster publish” on the server."));
		html_raw(&n, "</p></section>");
		status = roster_page(c, rq, rs, 503, &n);
		buf_free(&n);
		return status;
	}
	if (site && *site) {
		if (!topic_id_valid(site))
			return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.",
					"The site code is not valid.");
		sites_add(&sites, site); /* a named site is published even without officers: that empties it */
	} else if (store_roster_sites(c->store, sites_add, &sites) != HL_OK) {
		free(sites.v);
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được danh mục.", "The roster cannot be read.");
	}
	if (!sites.n) {
		notice_open(&n, false, "roster-notice", L(c, "Không có gì để xuất bản", "Nothing to publish"));
		html_raw(&n, "<p>");
		html_txt(&n, L(c, "Chưa đơn vị nào có cán bộ trong danh mục.", "No site has officers in the roster."));
		html_raw(&n, "</p></section>");
		status = roster_page(c, rq, rs, 200, &n);
		buf_free(&n);
		free(sites.v);
		return status;
	}
	struct buf list = { 0 };
	failed = publish_sites(c, &sites, &list);
	audit_publish(c, &sites, failed);
	notice_open(&n, failed != 0, "roster-notice",
		    failed ? L(c, "Xuất bản chưa xong", "Publishing did not finish")
			   : L(c, "Đã xuất bản", "Published"));
	if (list.p)
		buf_put(&n, list.p, list.len);
	if (failed) {
		html_raw(&n, "<p>");
		html_txt(&n, L(c, "Kiểm tra kết nối tới broker rồi bấm Xuất bản lần nữa.",
			       "Check the broker connection, then press Publish again."));
		html_raw(&n, "</p>");
	}
	html_raw(&n, "</section>");
	status = roster_page(c, rq, rs, failed ? 503 : 200, &n);
	buf_free(&list);
	buf_free(&n);
	free(sites.v);
	return status;
}

/* ---- import -------------------------------------------------------------------------------------- */

struct fault_list {
	struct web_ctx *c;
	struct buf *b;
	const char *path;
};

static void fault_item(void *ud, size_t line, const char *msg)
{
	struct fault_list *f = ud;

	html_raw(f->b, "<li>");
	if (line)
		html_txtf(f->b, "%s:%zu: %s", f->path, line, msg);
	else
		html_txtf(f->b, "%s: %s", f->path, msg);
	html_raw(f->b, "</li>");
}

/* The file's name as the browser gave it (its last path component), else fallback. */
static void upload_name(const char *given, const char *fallback, char *out, size_t cap)
{
	const char *base = given;

	for (const char *p = given; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	/* It lands in the audit too, which takes one line of text. */
	snprintf(out, cap, "%s", *base && wire_text_valid(base, 120) ? base : fallback);
}

/* Each site's roster message must fit what a terminal accepts; a site that does not is one more
 * fault of the officers' file. Returns how many sites do not. */
static size_t check_sizes(struct web_ctx *c, const struct sheet *off, const struct roster_entry *procs, size_t nprocs,
			  struct buf *b)
{
	struct roster_entry *site_off = malloc((off->nrows ? off->nrows : 1) * sizeof *site_off);
	size_t bad = 0;

	if (!site_off)
		return 1;
	for (size_t i = 0; i < off->nrows;) {
		size_t j = i, len;
		char *body;
		while (j < off->nrows && strcmp(off->rows[j].o.site, off->rows[i].o.site) == 0) {
			site_off[j - i] = off->rows[j].o.e;
			j++;
		}
		struct roster r = { .e = { site_off, (struct roster_entry *)procs }, .n = { j - i, nprocs } };
		int rc = roster_pub_encode(&r, &body, &len);
		free(body);
		if (rc != HL_OK) {
			html_raw(b, "<li>");
			if (rc == HL_ERR_RANGE)
				html_txtf(b,
					  L(c,
					    "%s: danh mục của đơn vị %s sẽ là %zu byte, quá %d byte thiết bị nhận được",
					    "%s: the roster of site %s would be %zu bytes, more than the %d a terminal "
					    "accepts"),
					  off->path, off->rows[i].o.site, len, ROSTER_BODY_MAX);
			else
				html_txtf(b, "%s: %s", off->path, hl_strerror(rc));
			html_raw(b, "</li>");
			bad++;
		}
		i = j;
	}
	free(site_off);
	return bad;
}

static int roster_import(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	static const char *const fields[ROSTER_KIND_COUNT] = { "officers", "procedures" };
	struct sheet sh[ROSTER_KIND_COUNT] = { { .kind = ROSTER_OFFICER }, { .kind = ROSTER_PROCEDURE } };
	char names[ROSTER_KIND_COUNT][200];
	struct store_officer *officers = NULL;
	struct roster_entry *procs = NULL;
	struct sites sites = { 0 };
	struct buf n = { 0 }, list = { 0 };
	size_t nfaults = 0;
	int status = 500;

	for (int k = 0; k < ROSTER_KIND_COUNT; k++) {
		const char *data;
		size_t len;
		char given[200];
		int rc = http_multipart_file(rq->content_type, rq->body, rq->body_len, fields[k], &data, &len, given,
					     sizeof given);
		if (rc == HL_ERR_INVALID) {
			status = web_fail(c, rq, rs, 400, NULL, "Biểu mẫu phải gửi dạng multipart/form-data.",
					  "The form must be sent as multipart/form-data.");
			goto out;
		}
		if (rc != HL_OK || (len == 0 && !given[0])) {
			status = web_fail(c, rq, rs, 400, fields[k], "Chưa chọn tệp.", "No file was chosen.");
			goto out;
		}
		upload_name(given, k == ROSTER_OFFICER ? "officers.csv" : "procedures.csv", names[k], sizeof names[k]);
		sh[k].path = names[k];
		if (sheet_read_text(&sh[k], data, len) != HL_OK) {
			status = web_fail(c, rq, rs, 500, NULL, "Hết bộ nhớ.", "Out of memory.");
			goto out;
		}
	}
	html_raw(&list, "<ul id=\"roster-faults\">");
	for (int k = 0; k < ROSTER_KIND_COUNT; k++) {
		struct fault_list fl = { .c = c, .b = &list, .path = sh[k].path };
		size_t total = sheet_faults(&sh[k], FAULTS_SHOWN, fault_item, &fl);
		size_t shown = sh[k].nfaults < FAULTS_SHOWN ? sh[k].nfaults : FAULTS_SHOWN;
		if (total > shown) {
			html_raw(&list, "<li>");
			html_txtf(&list, L(c, "%s: còn %zu lỗi nữa không liệt kê", "%s: %zu more errors not shown"),
				  sh[k].path, total - shown);
			html_raw(&list, "</li>");
		}
		nfaults += total;
	}
	if (!nfaults) {
		officers = malloc((sh[0].nrows ? sh[0].nrows : 1) * sizeof *officers);
		procs = malloc((sh[1].nrows ? sh[1].nrows : 1) * sizeof *procs);
		if (!officers || !procs) {
			status = web_fail(c, rq, rs, 500, NULL, "Hết bộ nhớ.", "Out of memory.");
			goto out;
		}
		for (size_t i = 0; i < sh[0].nrows; i++)
			officers[i] = sh[0].rows[i].o;
		for (size_t i = 0; i < sh[1].nrows; i++)
			procs[i] = sh[1].rows[i].o.e;
		nfaults += check_sizes(c, &sh[0], procs, sh[1].nrows, &list);
	}
	html_raw(&list, "</ul>");
	if (nfaults) {
		notice_open(&n, true, "roster-notice",
			    L(c, "Chưa nhập: tệp có lỗi", "Not imported: the files have faults"));
		html_raw(&n, "<p>");
		html_txtf(&n,
			  L(c,
			    "%zu lỗi; chưa lưu gì. Sửa các dòng dưới đây trong bảng tính, lưu dạng CSV UTF-8 rồi "
			    "tải lên lại.",
			    "%zu error(s); nothing was stored. Fix these lines in the spreadsheet, save as CSV UTF-8 "
			    "and upload again."),
			  nfaults);
		html_raw(&n, "</p>");
		buf_put(&n, list.p, list.len);
		html_raw(&n, "</section>");
		status = roster_page(c, rq, rs, 422, &n);
		goto out;
	}

	/* Sites that lose all their officers still get a message, so their terminals forget them. */
	int rc = store_roster_sites(c->store, sites_add, &sites);
	if (rc == HL_OK)
		rc = store_roster_replace(c->store, officers, sh[0].nrows, procs, sh[1].nrows);
	if (rc == HL_OK)
		rc = store_roster_sites(c->store, sites_add, &sites);
	if (rc != HL_OK) {
		notice_open(&n, true, "roster-notice", L(c, "Chưa nhập", "Not imported"));
		html_raw(&n, "<p>");
		html_txt(&n, L(c, "Cơ sở dữ liệu không nhận danh mục; chưa lưu gì: ",
			       "The database refused the roster; nothing "
			       "was stored: "));
		html_txt(&n, store_errmsg(c->store));
		html_raw(&n, "</p></section>");
		status = roster_page(c, rq, rs, rc == HL_ERR_INVALID ? 422 : 500, &n);
		goto out;
	}
	if (sites.n)
		qsort(sites.v, sites.n, sizeof *sites.v, sites_cmp);
	{
		char detail[400];
		size_t nsites = 0;
		for (size_t i = 0; i < sh[0].nrows; i++)
			nsites += i == 0 || strcmp(sh[0].rows[i].o.site, sh[0].rows[i - 1].o.site) != 0;
		snprintf(detail, sizeof detail, "%zu officers of %zu sites, %zu procedures (%s, %s)", sh[0].nrows,
			 nsites, sh[1].nrows, sh[0].path, sh[1].path);
		store_audit_add(c->store, c->now, c->user->name, "roster.import", NULL, detail);
	}
	notice_open(&n, false, "roster-notice", L(c, "Đã nhập danh mục", "Roster imported"));
	html_raw(&n, "<p>");
	html_txtf(&n,
		  L(c, "Đã lưu %zu cán bộ và %zu thủ tục; danh mục cũ được thay toàn bộ.",
		    "Stored %zu officers and %zu procedures; the old roster was replaced as a whole."),
		  sh[0].nrows, sh[1].nrows);
	html_raw(&n, "</p>");
	status = 200;
	if (!c->publish) {
		html_raw(&n, "<p>");
		html_txt(&n, L(c,
			       "Chưa xuất bản: chưa cấu hình máy chủ MQTT (broker). Chạy “hailong-aggregator roster "
			       "publish” trên máy chủ để thiết bị nhận danh mục mới.",
			       "Not published: no broker is configured. Run “hailong-aggregator roster publish” on the "
			       "server so the terminals get the new roster."));
		html_raw(&n, "</p>");
	} else if (sites.n) {
		struct buf pl = { 0 };
		size_t failed = publish_sites(c, &sites, &pl);
		audit_publish(c, &sites, failed);
		if (pl.p)
			buf_put(&n, pl.p, pl.len);
		if (failed) {
			html_raw(&n, "<p>");
			html_txt(&n,
				 L(c,
				   "Danh mục đã nhập nhưng chưa xuất bản hết; bấm Xuất bản khi broker hoạt động lại.",
				   "The roster is imported but not published everywhere; press Publish once the "
				   "broker is back."));
			html_raw(&n, "</p>");
		}
		buf_free(&pl);
	}
	html_raw(&n, "</section>");
	status = roster_page(c, rq, rs, status, &n);
out:
	buf_free(&n);
	buf_free(&list);
	free(sites.v);
	free(officers);
	free(procs);
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		sheet_free(&sh[k]);
	return status;
}

const struct web_route page_roster_routes[] = {
	{ HTTP_GET, "/danh-muc", WEB_R_ADMIN | WEB_R_HEAD, roster_get },
	{ HTTP_POST, "/danh-muc/nhap", WEB_R_ADMIN, roster_import },
	{ HTTP_POST, "/danh-muc/xuat-ban", WEB_R_ADMIN, roster_publish },
	{ 0 },
};
