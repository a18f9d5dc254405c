/* SPDX-License-Identifier: MIT
 * page_admin.c — Quản trị, for admins only: the page with its tabs — the console's users and the API
 * tokens of the one-stop software (page_admin_accounts.c: their tables, forms and actions) — and the
 * audit of every change, newest first, paged by id and filtered by site, and a tab to Thư và webhook
 * (page_admin_deliveries.c); and the routes. Each change
 * made here is audited as the logged-in admin by the action that makes it. The SQL is in the store
 * modules (store_users.h). Owns nothing beyond one request. */
#include "page_admin.h"

#include "flash.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "store_users.h"
#include "topic.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUDIT_PAGE 50 /* audit rows per page */

/* The audit table's walk: rows written, the last id (the next page starts below it), whether there
 * are more. */
struct audit_walk {
	struct web_ctx *c;
	struct buf *b;
	int n;
	int64_t last_id;
	bool more;
};

/* What an audited action did, in words (the code stays beside it for searching the log). */
static const char *action_label(const struct web_ctx *c, const char *action)
{
	static const struct {
		const char *code, *vi, *en;
	} labels[] = {
		{ "flag.ack", "Xác nhận cảnh báo", "Flag acknowledged" },
		{ "flag.resolve", "Xử lý xong cảnh báo", "Flag resolved" },
		{ "roster.import", "Nhập danh mục", "Roster imported" },
		{ "roster.publish", "Gửi danh mục tới thiết bị", "Roster published" },
		{ "session.open", "Mở giao dịch tại quầy", "Transaction opened" },
		{ "session.close", "Kết thúc giao dịch", "Transaction closed" },
		{ "shift.start", "Bắt đầu ca", "Shift started" },
		{ "shift.end", "Kết thúc ca", "Shift ended" },
		{ "user.add", "Thêm người dùng", "User added" },
		{ "user.disable", "Khoá người dùng", "User disabled" },
		{ "user.enable", "Mở khoá người dùng", "User enabled" },
		{ "user.passwd", "Đổi mật khẩu", "Password changed" },
		{ "token.add", "Tạo mã truy cập API", "API token made" },
		{ "token.revoke", "Thu hồi mã truy cập API", "API token revoked" },
		{ "delivery.retry", "Gửi lại ngay thư hoặc webhook", "Delivery set to go now" },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].code, action) == 0)
			return L(c, labels[i].vi, labels[i].en);
	return NULL;
}

static int audit_row(void *ud, const struct store_audit *a)
{
	struct audit_walk *l = ud;
	struct buf *b = l->b;
	char when[32];

	if (l->n == AUDIT_PAGE) {
		l->more = true;
		return 1;
	}
	layout_time(l->c, a->at, when, sizeof when);
	html_raw(b, "<tr data-audit-id=\"");
	html_txtf(b, "%lld", (long long)a->id);
	html_raw(b, "\"><td class=\"num\">");
	html_txtf(b, "%lld", (long long)a->id);
	html_raw(b, "</td><td>");
	html_txt(b, when);
	html_raw(b, "</td><td>");
	html_txt(b, a->who);
	html_raw(b, "</td><td>");
	const char *label = action_label(l->c, a->action);
	if (label) {
		html_txt(b, label);
		html_raw(b, "<br>");
	}
	html_raw(b, "<code class=\"muted\">");
	html_txt(b, a->action);
	html_raw(b, "</code></td><td>");
	html_txt(b, a->site);
	html_raw(b, "</td><td>");
	html_txt(b, a->detail);
	html_raw(b, "</td></tr>");
	l->n++;
	l->last_id = a->id;
	return 0;
}

void page_admin_th(struct buf *b, const char *text)
{
	html_raw(b, "<th>");
	html_txt(b, text);
	html_raw(b, "</th>");
}

int page_admin_page(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		    const struct buf *notice)
{
	const char *site = http_param(&rq->query, "site"), *before_s = http_param(&rq->query, "before");
	struct buf *b = &rs->body;
	struct audit_walk l = { .c = c, .b = b };
	long long before = 0;

	if (rq->method != HTTP_GET && rq->method != HTTP_HEAD)
		site = before_s = NULL; /* an answer to a form shows the newest entries */
	if (site && *site && !topic_id_valid(site))
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "The site code is not valid.");
	if (site && !*site)
		site = NULL;
	if (before_s && *before_s) {
		char *end;
		before = strtoll(before_s, &end, 10);
		if (*end || before <= 0)
			return web_fail(c, rq, rs, 400, "before", "Phải là số thứ tự dương của một dòng nhật ký.",
					"must be a positive audit entry id");
	}

	buf_reset(b);
	rs->status = status;
	layout_begin(c, rs, L(c, "Quản trị", "Admin"), NAV_ADMIN);
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Quản trị", "Administration"));
	html_raw(b, "</h1>");
	if (notice && notice->p)
		buf_put(b, notice->p, notice->len);
	html_raw(b, "<nav class=\"tabs no-print\"><a href=\"#users-section\">");
	html_txt(b, L(c, "Người dùng", "Users"));
	html_raw(b, "</a><a href=\"#tokens-section\">");
	html_txt(b, L(c, "Mã truy cập API", "API tokens"));
	html_raw(b, "</a><a href=\"#audit-section\">");
	html_txt(b, L(c, "Nhật ký thay đổi", "Audit"));
	html_raw(b, "</a><a href=\"/thu-webhook\" id=\"deliveries-link\">");
	html_txt(b, L(c, "Thư và webhook", "E-mails and webhooks"));
	html_raw(b, "</a></nav>");

	page_admin_accounts(c, b, rq);

	/* Audit. */
	html_raw(b, "<section id=\"audit-section\"><h2>");
	html_txt(b, L(c, "Nhật ký thay đổi", "Audit"));
	html_raw(b, "</h2><form method=\"get\" action=\"/quan-tri\" class=\"filters no-print\" "
		    "id=\"audit-filter\"><label>");
	html_txt(b, L(c, "Đơn vị", "Site"));
	html_raw(b, " <input name=\"site\" maxlength=\"32\" value=\"");
	html_attr(b, site ? site : "");
	html_raw(b, "\"></label> <button type=\"submit\">");
	html_txt(b, L(c, "Lọc", "Filter"));
	html_raw(b,
		 "</button></form><div class=\"table-wrap\"><table id=\"audit\"><thead><tr><th class=\"num\">#</th>");
	page_admin_th(b, L(c, "Lúc", "When"));
	page_admin_th(b, L(c, "Ai", "Who"));
	page_admin_th(b, L(c, "Việc", "Action"));
	page_admin_th(b, L(c, "Đơn vị", "Site"));
	page_admin_th(b, L(c, "Chi tiết", "Detail"));
	html_raw(b, "</tr></thead><tbody>");
	store_audit_list(c->store, site, before, AUDIT_PAGE + 1, audit_row, &l);
	if (!l.n) {
		html_raw(b, "<tr><td colspan=\"6\" class=\"muted\">");
		html_txt(b, L(c, "Không có dòng nào.", "No entries."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	if (l.more || before) {
		html_raw(b, "<p class=\"no-print\" id=\"audit-pages\">");
		if (before) {
			html_raw(b, "<a href=\"/quan-tri");
			if (site) {
				html_raw(b, "?site=");
				html_url(b, site);
			}
			html_raw(b, "#audit-section\">");
			html_txt(b, L(c, "« Mới nhất", "« Newest"));
			html_raw(b, "</a> ");
		}
		if (l.more) {
			html_raw(b, "<a rel=\"next\" href=\"/quan-tri?before=");
			html_txtf(b, "%lld", (long long)l.last_id);
			if (site) {
				html_raw(b, "&amp;site=");
				html_url(b, site);
			}
			html_raw(b, "#audit-section\">");
			html_txt(b, L(c, "Cũ hơn »", "Older »"));
			html_raw(b, "</a>");
		}
		html_raw(b, "</p>");
	}
	html_raw(b, "</section>");
	layout_end(c, rs);
	return status;
}

static int admin_get(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return page_admin_page(c, rq, rs, 200, NULL);
}

int page_admin_error(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
		     const char *param, const char *vi, const char *en, const char *detail)
{
	struct buf n = { 0 };
	int rc;

	flash_error(c, &n, "admin-error", param, vi, en, detail);
	rc = page_admin_page(c, rq, rs, status, &n);
	buf_free(&n);
	return rc;
}

const struct web_route page_admin_routes[] = {
	{ HTTP_GET, "/quan-tri", WEB_R_ADMIN, admin_get },
	{ HTTP_POST, "/quan-tri/nguoi-dung", WEB_R_ADMIN, page_admin_user_add },
	{ HTTP_POST, "/quan-tri/nguoi-dung/:name/khoa", WEB_R_ADMIN, page_admin_user_disable },
	{ HTTP_POST, "/quan-tri/nguoi-dung/:name/mo-khoa", WEB_R_ADMIN, page_admin_user_enable },
	{ HTTP_POST, "/quan-tri/ma-truy-cap", WEB_R_ADMIN, page_admin_token_add },
	{ HTTP_POST, "/quan-tri/ma-truy-cap/:name/thu-hoi", WEB_R_ADMIN, page_admin_token_revoke },
	{ HTTP_GET, "/thu-webhook", WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE, page_admin_deliveries },
	{ HTTP_GET, "/thu-webhook/:id", WEB_R_ADMIN | WEB_R_HEAD | WEB_R_PROVINCE, page_admin_delivery },
	{ HTTP_POST, "/thu-webhook/:id/gui-lai", WEB_R_ADMIN, page_admin_delivery_retry },
	{ 0 },
};
