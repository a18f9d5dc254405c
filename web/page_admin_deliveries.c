/* SPDX-License-Identifier: MIT
 * page_admin_deliveries.c — Thư và webhook, GET /thu-webhook: the e-mails and webhook calls that
 * hailong-notify queued (flag alerts, scheduled reports, the SIPAS export), newest first, 100 a page
 * (?before=ID the next), filtered by status (?status=dang-cho|da-gui|het-han|loi, with the count of
 * each) and by site (?site=). An IT admin (quản trị) and the province see every delivery, a head
 * (lãnh đạo) those of their sites only (a delivery of site "", the SIPAS export, is not theirs);
 * officers none (the router answers 403). Each row says what (the topic in words: "Cảnh báo #17",
 * "Báo cáo tuần 48/2026"), to whom (the user and the address, or the webhook's name — never its URL's
 * path or query, where a bridge's secret may sit), the status, the attempts, the times (numfmt, with
 * the zone) and the last error in words beside the server's own; GET /thu-webhook/ID shows every
 * attempt of one (404 for one the user may not see). An admin may make a waiting delivery due now
 * (POST /thu-webhook/ID/gui-lai; the router checks the role and the CSRF token; audited
 * "delivery.retry"). Reached from Quản trị's tabs and from Tài khoản; Quản trị's file family since
 * it is the IT staff's view first. A delivery's cells are delivery_view.c's, the SQL store_delivery.c's;
 * owns nothing beyond a request. */
#include "page_admin.h"

#include "delivery_view.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "store_delivery.h"
#include "store_users.h"
#include "topic.h"
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DELIVERY_PAGE 100 /* rows per page */

/* ---- the filter: who may see which ------------------------------------------------------------------ */

struct deliveries_query {
	struct store_delivery_filter f;
	const char *site;   /* ?site=, NULL for every site the user may see */
	char one[1][HL_CODE_MAX + 1];
};

/* The sites the user may see into q (admin and province: every delivery, a head their sites'),
 * narrowed to site when given. */
static void query_sites(const struct web_ctx *c, struct deliveries_query *q, const char *site)
{
	q->site = site;
	if (site) {
		snprintf(q->one[0], sizeof q->one[0], "%s", site);
		q->f.sites = (const char(*)[HL_CODE_MAX + 1])q->one;
		q->f.nsites = 1;
	} else if (c->user->role == ROLE_ADMIN || c->user->role == ROLE_PROVINCE) {
		q->f.sites = NULL;
	} else {
		q->f.sites = c->user->sites;
		q->f.nsites = c->user->nsites;
	}
}

/* ---- the list ----------------------------------------------------------------------------------------- */

struct list_walk {
	struct web_ctx *c;
	struct buf *b;
	int n;
	int64_t last_id;
	bool more;
};

static void td(struct buf *b, const char *cls, const char *label)
{
	html_raw(b, "<td class=\"");
	html_attr(b, cls);
	html_raw(b, "\" data-label=\"");
	html_attr(b, label);
	html_raw(b, "\">");
}

static int list_row(void *ud, const struct store_delivery_seen *d)
{
	struct list_walk *l = ud;
	struct web_ctx *c = l->c;
	struct buf *b = l->b;
	const struct store_delivery_row *r = &d->r;
	char what[160];

	if (l->n == DELIVERY_PAGE) {
		l->more = true;
		return 1;
	}
	html_raw(b, "<tr data-delivery=\"");
	html_txtf(b, "%lld", (long long)r->id);
	html_raw(b, "\" data-status=\"");
	html_raw(b, delivery_view_badge_class(r->status));
	html_raw(b, "\">");
	td(b, "d-what", L(c, "Nội dung", "What"));
	html_raw(b, "<a href=\"/thu-webhook/");
	html_txtf(b, "%lld", (long long)r->id);
	html_raw(b, "\">");
	html_txt(b, delivery_view_topic(c, r->topic, what, sizeof what));
	html_raw(b, "</a> <span class=\"muted\">#");
	html_txtf(b, "%lld", (long long)r->id);
	html_raw(b, "</span>");
	if (r->channel == MESSAGE_MAIL && *r->subject) {
		html_raw(b, "<br><span class=\"muted\">");
		html_txt(b, r->subject);
		html_raw(b, "</span>");
	}
	html_raw(b, "</td>");
	td(b, "d-to", L(c, "Người nhận", "To"));
	delivery_view_recipient(c, b, r);
	html_raw(b, "</td>");
	td(b, "d-site", L(c, "Đơn vị", "Site"));
	delivery_view_site(c, b, r->site);
	html_raw(b, "</td>");
	td(b, "d-status", L(c, "Trạng thái", "Status"));
	delivery_view_badge(c, b, r->status);
	html_raw(b, "</td>");
	td(b, "num d-tries", L(c, "Số lần thử", "Attempts"));
	html_txtf(b, "%d", r->attempts);
	html_raw(b, "</td>");
	td(b, "d-times", L(c, "Thời gian", "Times"));
	delivery_view_times(c, b, d);
	html_raw(b, "</td>");
	td(b, "d-error", L(c, "Lỗi gần nhất", "Last error"));
	delivery_view_error_html(c, b, r->last_error, r->channel == MESSAGE_MAIL);
	html_raw(b, "</td></tr>");
	l->n++;
	l->last_id = r->id;
	return 0;
}

/* "/thu-webhook?status=…&site=…" (those given) into b, escaped for an attribute. */
static void list_href(struct buf *b, int status, const char *site, int64_t before)
{
	const char *sep = "?";

	html_raw(b, "/thu-webhook");
	if (status >= 0) {
		html_raw(b, "?status=");
		html_raw(b, delivery_view_slug(status));
		sep = "&amp;";
	}
	if (site) {
		html_raw(b, sep);
		html_raw(b, "site=");
		html_url(b, site);
		sep = "&amp;";
	}
	if (before) {
		html_raw(b, sep);
		html_txtf(b, "before=%lld", (long long)before);
	}
}

/* The status tabs with their counts. */
static void status_tabs(struct web_ctx *c, struct buf *b, const struct deliveries_query *q)
{
	int64_t counts[DELIVERY_STATUS_COUNT], all = 0;

	store_delivery_count(c->store, &q->f, counts);
	for (int i = 0; i < DELIVERY_STATUS_COUNT; i++)
		all += counts[i];
	html_raw(b, "<nav class=\"tabs no-print\" id=\"delivery-status\" aria-label=\"");
	html_attr(b, L(c, "Trạng thái", "Status"));
	html_raw(b, "\">");
	for (int i = -1; i < DELIVERY_STATUS_COUNT; i++) {
		html_raw(b, q->f.status == i ? "<a aria-current=\"page\" href=\"" : "<a href=\"");
		list_href(b, i, q->site, 0);
		html_raw(b, "\">");
		html_txt(b, i < 0 ? L(c, "Tất cả", "All") : delivery_view_status(c, i));
		html_txtf(b, " (%lld)", (long long)(i < 0 ? all : counts[i]));
		html_raw(b, "</a>");
	}
	html_raw(b, "</nav>");
}

static void site_form(struct web_ctx *c, struct buf *b, const struct deliveries_query *q)
{
	if (c->user->role == ROLE_HEAD && c->user->nsites < 2)
		return;
	html_raw(b, "<form method=\"get\" action=\"/thu-webhook\" class=\"filters no-print\" id=\"delivery-filter\">");
	if (q->f.status >= 0) {
		html_raw(b, "<input type=\"hidden\" name=\"status\" value=\"");
		html_raw(b, delivery_view_slug(q->f.status));
		html_raw(b, "\">");
	}
	html_raw(b, "<label>");
	html_txt(b, L(c, "Đơn vị", "Site"));
	html_raw(b, " <select name=\"site\">");
	layout_site_options(c, b, q->site);
	html_raw(b, "</select></label> <button type=\"submit\">");
	html_txt(b, L(c, "Lọc", "Filter"));
	html_raw(b, "</button></form>");
}

/* A page's frame: the title, Quản trị's place for an admin, Tài khoản's for the others. */
static void page_begin(struct web_ctx *c, struct http_response *rs, const char *title)
{
	layout_begin(c, rs, title, c->user->role == ROLE_ADMIN ? NAV_ADMIN : NAV_ACCOUNT);
	html_raw(&rs->body, "<p class=\"no-print crumbs\"><a href=\"");
	html_raw(&rs->body, c->user->role == ROLE_ADMIN ? "/quan-tri\">" : "/tai-khoan\">");
	html_txt(&rs->body, c->user->role == ROLE_ADMIN ? L(c, "« Quản trị", "« Admin") : L(c, "« Tài khoản", "« Account"));
	html_raw(&rs->body, "</a></p>");
}

int page_admin_deliveries(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *status_s = http_param(&rq->query, "status"), *site = http_param(&rq->query, "site");
	const char *before_s = http_param(&rq->query, "before");
	struct deliveries_query q = { .f = { .limit = DELIVERY_PAGE + 1 } };
	struct buf *b = &rs->body;
	struct list_walk l = { .c = c, .b = b };

	if ((q.f.status = delivery_view_status_param(status_s)) == -2)
		return web_fail(c, rq, rs, 400, "status",
				"Trạng thái phải là dang-cho (đang chờ), da-gui (đã gửi), het-han (hết hạn) hoặc loi (lỗi).",
				"The status must be dang-cho (waiting), da-gui (sent), het-han (expired) or loi (failed).");
	if (site && !*site)
		site = NULL;
	if (site && !topic_id_valid(site))
		return web_fail(c, rq, rs, 400, "site", "Mã đơn vị không hợp lệ.", "The site code is not valid.");
	if (site && !web_site_allowed(c, site))
		return web_fail(c, rq, rs, 403, "site", "Đơn vị này không thuộc quyền xem của Ông/Bà.",
				"This site is not one of yours.");
	if (before_s && *before_s) {
		char *end;
		long long v = strtoll(before_s, &end, 10);
		if (*end || v <= 0)
			return web_fail(c, rq, rs, 400, "before", "Phải là số thứ tự dương của một thư hoặc webhook.",
					"must be a positive delivery id");
		q.f.before = v;
	}
	query_sites(c, &q, site);

	buf_reset(b);
	rs->status = 200;
	page_begin(c, rs, L(c, "Thư và webhook", "E-mails and webhooks"));
	html_raw(b, "<h1>");
	html_txt(b, L(c, "Thư và webhook", "E-mails and webhooks"));
	html_raw(b, "</h1><p class=\"muted\" id=\"deliveries-about\">");
	html_txt(b, c->user->role == ROLE_HEAD
			    ? L(c, "Thư điện tử và webhook hệ thống gửi về các đơn vị của Ông/Bà: cảnh báo và báo cáo định kỳ. "
				   "Thư chưa gửi được thì tự gửi lại cho tới khi gửi được hoặc hết hạn.",
				"The e-mails and webhook calls sent about your sites: flag alerts and scheduled reports. "
				"One not delivered is tried again until it is, or expires.")
			    : L(c, "Mọi thư điện tử và webhook do hailong-notify gửi: cảnh báo, báo cáo định kỳ, bản xuất SIPAS. "
				   "Thư chưa gửi được thì tự gửi lại cho tới khi gửi được hoặc hết hạn.",
				"Every e-mail and webhook call hailong-notify sends: flag alerts, scheduled reports, the "
				"SIPAS export. One not delivered is tried again until it is, or expires."));
	html_raw(b, "</p>");
	status_tabs(c, b, &q);
	site_form(c, b, &q);
	html_raw(b, "<section id=\"deliveries-section\"><h2>");
	if (q.f.status >= 0) {
		html_txt(b, delivery_view_status(c, q.f.status));
		html_raw(b, " · ");
	}
	html_txt(b, L(c, "Mới nhất trước", "Newest first"));
	html_txtf(b, L(c, ", %d mục mỗi trang", ", %d a page"), DELIVERY_PAGE);
	html_raw(b, "</h2><div class=\"table-wrap\"><table id=\"deliveries\" class=\"deliveries\"><thead><tr>");
	page_admin_th(b, L(c, "Nội dung", "What"));
	page_admin_th(b, L(c, "Người nhận", "To"));
	page_admin_th(b, L(c, "Đơn vị", "Site"));
	page_admin_th(b, L(c, "Trạng thái", "Status"));
	html_raw(b, "<th class=\"num\">");
	html_txt(b, L(c, "Số lần thử", "Attempts"));
	html_raw(b, "</th>");
	page_admin_th(b, L(c, "Thời gian", "Times"));
	page_admin_th(b, L(c, "Lỗi gần nhất", "Last error"));
	html_raw(b, "</tr></thead><tbody>");
	if (store_delivery_find(c->store, &q.f, list_row, &l) < 0)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được hàng đợi thư.", "The delivery queue cannot be read.");
	if (!l.n) {
		html_raw(b, "<tr class=\"empty\"><td colspan=\"7\" class=\"muted\">");
		html_txt(b, L(c, "Chưa có thư hay webhook nào.", "No e-mail or webhook call yet."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	if (l.more || q.f.before) {
		html_raw(b, "<p class=\"no-print\" id=\"delivery-pages\">");
		if (q.f.before) {
			html_raw(b, "<a href=\"");
			list_href(b, q.f.status, q.site, 0);
			html_raw(b, "\">");
			html_txt(b, L(c, "« Mới nhất", "« Newest"));
			html_raw(b, "</a> ");
		}
		if (l.more) {
			html_raw(b, "<a rel=\"next\" href=\"");
			list_href(b, q.f.status, q.site, l.last_id);
			html_raw(b, "\">");
			html_txt(b, L(c, "Cũ hơn »", "Older »"));
			html_raw(b, "</a>");
		}
		html_raw(b, "</p>");
	}
	html_raw(b, "</section>");
	layout_end(c, rs);
	return 200;
}

/* ---- one delivery ------------------------------------------------------------------------------------- */

struct one {
	struct web_ctx *c;
	struct buf *b;
	bool found, mail;
	int status;
};

static void fact(struct buf *b, const char *label)
{
	html_raw(b, "<dt>");
	html_txt(b, label);
	html_raw(b, "</dt><dd>");
}

static int one_row(void *ud, const struct store_delivery_seen *d)
{
	struct one *o = ud;
	struct web_ctx *c = o->c;
	struct buf *b = o->b;
	const struct store_delivery_row *r = &d->r;
	char what[160];

	o->found = true;
	o->mail = r->channel == MESSAGE_MAIL;
	o->status = r->status;
	html_raw(b, "<h1>");
	html_txt(b, delivery_view_topic(c, r->topic, what, sizeof what));
	html_raw(b, "</h1><section class=\"card\" id=\"delivery\" data-delivery=\"");
	html_txtf(b, "%lld", (long long)r->id);
	html_raw(b, "\"><dl class=\"facts\">");
	fact(b, L(c, "Số thứ tự", "Id"));
	html_txtf(b, "#%lld", (long long)r->id);
	html_raw(b, "</dd>");
	if (o->mail && *r->subject) {
		fact(b, L(c, "Tiêu đề thư", "Subject"));
		html_txt(b, r->subject);
		html_raw(b, "</dd>");
	}
	fact(b, L(c, "Kênh", "Channel"));
	html_txt(b, o->mail ? L(c, "Thư điện tử", "E-mail") : "Webhook");
	html_raw(b, "</dd>");
	fact(b, L(c, "Người nhận", "To"));
	delivery_view_recipient(c, b, r);
	html_raw(b, "</dd>");
	fact(b, L(c, "Đơn vị", "Site"));
	delivery_view_site(c, b, r->site);
	html_raw(b, "</dd>");
	fact(b, L(c, "Trạng thái", "Status"));
	delivery_view_badge(c, b, r->status);
	html_raw(b, "</dd>");
	fact(b, L(c, "Số lần thử", "Attempts"));
	html_txtf(b, "%d", r->attempts);
	html_raw(b, "</dd>");
	fact(b, L(c, "Thời gian", "Times"));
	delivery_view_times(c, b, d);
	html_raw(b, "</dd>");
	if (*r->last_error) {
		fact(b, L(c, "Lỗi gần nhất", "Last error"));
		delivery_view_error_html(c, b, r->last_error, o->mail);
		html_raw(b, "</dd>");
	}
	html_raw(b, "</dl></section>");
	return 0;
}

static int log_row(void *ud, const struct store_delivery_log *l)
{
	struct one *o = ud;
	struct web_ctx *c = o->c;
	struct buf *b = o->b;
	char when[40];

	layout_time(c, l->at, when, sizeof when);
	html_raw(b, "<tr>");
	td(b, "num", L(c, "Lần", "Attempt"));
	html_txtf(b, "%d", l->attempt);
	html_raw(b, "</td>");
	td(b, "", L(c, "Lúc", "When"));
	html_txt(b, when);
	html_raw(b, "</td>");
	td(b, "", L(c, "Kết quả", "Outcome"));
	html_raw(b, l->ok ? "<span class=\"badge sent\">" : "<span class=\"badge failed\">");
	html_txt(b, l->ok ? L(c, "Thành công", "Delivered") : L(c, "Không thành công", "Not delivered"));
	html_raw(b, "</span></td>");
	td(b, "", L(c, "Chi tiết", "Detail"));
	if (l->ok)
		html_txt(b, l->detail);
	else
		delivery_view_error_html(c, b, l->detail, o->mail);
	html_raw(b, "</td></tr>");
	return 0;
}

/* The id of the route's :id, or 0 when it is none. */
static int64_t path_id(const struct http_request *rq)
{
	char *end;
	long long v = rq->args[0] ? strtoll(rq->args[0], &end, 10) : 0;

	return v > 0 && !*end ? v : 0;
}

int page_admin_delivery(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	struct deliveries_query q = { .f = { .status = -1 } };
	struct buf *b = &rs->body;
	struct one o = { .c = c, .b = b };
	const char *done = http_param(&rq->query, "done");

	if (!(q.f.id = path_id(rq)))
		return web_fail(c, rq, rs, 404, "id", "Không có thư hoặc webhook này.", "There is no such delivery.");
	query_sites(c, &q, NULL);
	buf_reset(b);
	rs->status = 200;
	page_begin(c, rs, L(c, "Thư và webhook", "E-mails and webhooks"));
	if (done && !strcmp(done, "1")) {
		html_raw(b, "<p class=\"flash\" role=\"status\" id=\"retry-done\">");
		html_txt(b, L(c, "Đã đặt gửi lại ngay: hailong-notify thử ở vòng kế tiếp.",
			      "Set to go now: hailong-notify tries it on its next round."));
		html_raw(b, "</p>");
	}
	if (store_delivery_find(c->store, &q.f, one_row, &o) < 0)
		return web_fail(c, rq, rs, 500, NULL, "Không đọc được hàng đợi thư.", "The delivery queue cannot be read.");
	if (!o.found)
		return web_fail(c, rq, rs, 404, "id", "Không có thư hoặc webhook này trong các đơn vị của Ông/Bà.",
				"There is no such delivery among your sites'.");
	if (o.status == DELIVERY_WAITING && c->user->role == ROLE_ADMIN) {
		html_raw(b, "<form method=\"post\" class=\"no-print\" id=\"delivery-retry\" action=\"/thu-webhook/");
		html_txtf(b, "%lld", (long long)q.f.id);
		html_raw(b, "/gui-lai\">");
		layout_csrf(c, b);
		html_raw(b, "<button type=\"submit\">");
		html_txt(b, L(c, "Gửi lại ngay", "Try again now"));
		html_raw(b, "</button> <span class=\"note\">");
		html_txt(b, L(c, "Không gửi hai lần: thư đã gửi được thì không gửi lại.",
			      "Never twice: a delivered one is not sent again."));
		html_raw(b, "</span></form>");
	}
	html_raw(b, "<section id=\"attempts-section\"><h2>");
	html_txt(b, L(c, "Các lần thử", "Attempts"));
	html_raw(b, "</h2><div class=\"table-wrap\"><table id=\"attempts\" class=\"deliveries\"><thead><tr>");
	html_raw(b, "<th class=\"num\">");
	html_txt(b, L(c, "Lần", "Attempt"));
	html_raw(b, "</th>");
	page_admin_th(b, L(c, "Lúc", "When"));
	page_admin_th(b, L(c, "Kết quả", "Outcome"));
	page_admin_th(b, L(c, "Chi tiết", "Detail"));
	html_raw(b, "</tr></thead><tbody>");
	size_t mark = b->len;
	store_delivery_log_list(c->store, q.f.id, log_row, &o);
	if (b->len == mark) {
		html_raw(b, "<tr class=\"empty\"><td colspan=\"4\" class=\"muted\">");
		html_txt(b, L(c, "Chưa thử lần nào.", "Not tried yet."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div></section><p class=\"no-print\"><a href=\"/thu-webhook\">");
	html_txt(b, L(c, "« Mọi thư và webhook", "« Every delivery"));
	html_raw(b, "</a></p>");
	layout_end(c, rs);
	return 200;
}

int page_admin_delivery_retry(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	int64_t id = path_id(rq);
	char detail[120], loc[64];
	int rc;

	if (!id)
		return web_fail(c, rq, rs, 404, "id", "Không có thư hoặc webhook này.", "There is no such delivery.");
	rc = store_delivery_retry(c->store, id, c->now);
	if (rc == HL_ERR_NOTFOUND)
		return web_fail(c, rq, rs, 409, "id", "Chỉ gửi lại được thư hoặc webhook đang chờ.",
				"Only a waiting delivery can be tried again.");
	if (rc != HL_OK)
		return web_fail(c, rq, rs, 500, NULL, "Không lưu được.", "It could not be stored.");
	snprintf(detail, sizeof detail, "delivery %lld: due now", (long long)id);
	store_audit_add(c->store, c->now, c->user->name, "delivery.retry", NULL, detail);
	snprintf(loc, sizeof loc, "/thu-webhook/%lld?done=1", (long long)id);
	http_redirect(rs, loc);
	return 303;
}
