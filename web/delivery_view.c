/* SPDX-License-Identifier: MIT
 * delivery_view.c — a delivery of hailong-notify's queue as the console shows it (delivery_view.h):
 * its status in the URL and in words, its topic in words, an attempt's error in words (from
 * hailong-notify's and libcurl's texts), the recipient (never a webhook URL's path or query) and
 * the times, written through html.h. No SQL; holds nothing. */
#include "delivery_view.h"

#include "html.h"
#include "layout.h"
#include "period.h"

#include <stdio.h>
#include <string.h>

/* The status in the URL and in words, by enum delivery_status. */
static const struct {
	const char *slug, *vi, *en, *badge;
} states[DELIVERY_STATUS_COUNT] = {
	{ "dang-cho", "Đang chờ", "Waiting", "waiting" },
	{ "da-gui", "Đã gửi", "Sent", "sent" },
	{ "het-han", "Hết hạn", "Expired", "expired" },
	{ "loi", "Lỗi", "Failed", "failed" },
};

const char *delivery_view_slug(int status)
{
	return status >= 0 && status < DELIVERY_STATUS_COUNT ? states[status].slug : "";
}

const char *delivery_view_badge_class(int status)
{
	return status >= 0 && status < DELIVERY_STATUS_COUNT ? states[status].badge : "";
}

const char *delivery_view_status(const struct web_ctx *c, int status)
{
	return status >= 0 && status < DELIVERY_STATUS_COUNT ? L(c, states[status].vi, states[status].en) : "?";
}


/* ?status=: the slug or the queue's own name ("waiting" …); -1 for none, -2 for anything else. */
int delivery_view_status_param(const char *v)
{
	if (!v || !*v)
		return -1;
	for (int i = 0; i < DELIVERY_STATUS_COUNT; i++)
		if (strcmp(v, states[i].slug) == 0)
			return i;
	int k = delivery_status_parse(v);
	return k >= 0 ? k : -2;
}

/* The topic in words into out: "Cảnh báo #17", "Báo cáo tuần 48/2026", "SIPAS tháng 11/2026"; the
 * topic itself when it is of no known shape. */
const char *delivery_view_topic(const struct web_ctx *c, const char *topic, char *out, size_t cap)
{
	long long id;
	int y, m, d, n = 0;
	char kind[16];

	if (sscanf(topic, "flag:%lld%n", &id, &n) == 1 && !topic[n])
		snprintf(out, cap, L(c, "Cảnh báo #%lld", "Flag #%lld"), id);
	else if (sscanf(topic, "sipas:%d-%d%n", &y, &m, &n) == 2 && !topic[n])
		snprintf(out, cap, c->lang == WEB_EN ? "SIPAS export %04d-%02d" : "SIPAS tháng %02d/%04d",
			 c->lang == WEB_EN ? y : m, c->lang == WEB_EN ? m : y);
	else if (sscanf(topic, "report:%15[a-z]:%n", kind, &n) == 1 && n) {
		const char *p = topic + n;
		if (!strcmp(kind, "daily") && sscanf(p, "%d-%d-%d", &y, &m, &d) == 3) {
			char day[24];
			layout_day(c, period_day_from_civil(y, m, d), day, sizeof day);
			snprintf(out, cap, L(c, "Báo cáo ngày %s", "Daily report %s"), day);
		} else if (!strcmp(kind, "weekly") && sscanf(p, "%d-W%d", &y, &m) == 2)
			snprintf(out, cap, L(c, "Báo cáo tuần %d/%d", "Weekly report, week %d of %d"), m, y);
		else if (!strcmp(kind, "monthly") && sscanf(p, "%d-%d", &y, &m) == 2)
			snprintf(out, cap, c->lang == WEB_EN ? "Monthly report %04d-%02d" : "Báo cáo tháng %02d/%04d",
				 c->lang == WEB_EN ? y : m, c->lang == WEB_EN ? m : y);
		else
			snprintf(out, cap, "%s", topic);
	} else
		snprintf(out, cap, "%s", topic);
	return out;
}

static bool has(const char *s, const char *part)
{
	return strcasestr(s, part) != NULL;
}

/* What an attempt's detail (hailong-notify's words, or the server's) means, for people; NULL when
 * it needs none (empty, or a success). mail: an e-mail (else a webhook). */
const char *delivery_view_error(const struct web_ctx *c, const char *e, bool mail, char *out, size_t cap)
{
	int n = 0;
	long code;

	if (!e || !*e)
		return NULL;
	if (sscanf(e, "expired after %d", &n) == 1)
		snprintf(out, cap, L(c, "Hết hạn sau %d lần thử không thành công.", "Expired after %d failed attempts."), n);
	else if (has(e, "no smtp_url"))
		snprintf(out, cap, "%s", L(c, "Chưa đặt máy chủ thư (smtp_url) trong cấu hình: thư chờ.",
					   "No mail server (smtp_url) is configured: the e-mail waits."));
	else if (has(e, "no longer in the webhooks file"))
		snprintf(out, cap, "%s", L(c, "Webhook này không còn trong tệp webhook của cấu hình.",
					   "This webhook is no longer in the webhooks file."));
	else if (sscanf(e, "http: the receiver answered %ld", &code) == 1)
		snprintf(out, cap, L(c, "Nơi nhận webhook trả lời mã %ld (không nhận).", "The webhook's receiver answered %ld."),
			 code);
	else if (has(e, "resolve"))
		snprintf(out, cap, "%s", L(c, "Không tìm thấy tên máy chủ (DNS).", "The server's name was not found (DNS)."));
	else if (has(e, "connect") || has(e, "refused"))
		snprintf(out, cap, "%s", mail ? L(c, "Không kết nối được tới máy chủ thư.", "Could not connect to the mail server.")
					      : L(c, "Không kết nối được tới nơi nhận webhook.",
						  "Could not connect to the webhook's receiver."));
	else if (has(e, "timeout") || has(e, "timed out"))
		snprintf(out, cap, "%s", L(c, "Máy chủ không trả lời kịp (quá thời gian chờ).", "The server did not answer in time."));
	else if (has(e, "login") || has(e, "auth") || has(e, " 535"))
		snprintf(out, cap, "%s", L(c, "Máy chủ thư từ chối đăng nhập (tên hoặc mật khẩu).",
					   "The mail server refused the login (user name or password)."));
	else if (has(e, "ssl") || has(e, "tls") || has(e, "certificate"))
		snprintf(out, cap, "%s", L(c, "Lỗi kết nối bảo mật (TLS, chứng chỉ).", "A secure connection (TLS) error."));
	else if (has(e, "rcpt") || has(e, "recipient") || has(e, " 550") || has(e, " 553"))
		snprintf(out, cap, "%s", L(c, "Máy chủ thư từ chối địa chỉ người nhận.", "The mail server refused the address."));
	else if (has(e, "cannot be built") || has(e, "cannot start"))
		snprintf(out, cap, "%s", L(c, "Không chuẩn bị được việc gửi.", "The sending could not be prepared."));
	else
		snprintf(out, cap, "%s", mail ? L(c, "Máy chủ thư báo lỗi.", "The mail server reported an error.")
					      : L(c, "Nơi nhận webhook báo lỗi.", "The webhook's receiver reported an error."));
	return out;
}

/* The error in words, then hailong-notify's or the server's own text, into b. */
void delivery_view_error_html(const struct web_ctx *c, struct buf *b, const char *e, bool mail)
{
	char w[200];

	if (!delivery_view_error(c, e, mail, w, sizeof w))
		return;
	html_txt(b, w);
	html_raw(b, "<br><span class=\"muted raw\">");
	html_txt(b, e);
	html_raw(b, "</span>");
}

/* A webhook URL's host (no user, password, path or query: a bridge's secret may be in them). */
const char *delivery_view_host(const char *url, char *out, size_t cap)
{
	const char *p = strstr(url, "://"), *end, *at;
	size_t n;

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	while (at && memchr(at + 1, '@', (size_t)(end - at - 1)))
		at = memchr(at + 1, '@', (size_t)(end - at - 1));
	if (at)
		p = at + 1;
	n = (size_t)(end - p) < cap ? (size_t)(end - p) : cap - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

/* To whom, into b: the user's name and address, or "Webhook NAME" (and, for an admin, its host). */
void delivery_view_recipient(const struct web_ctx *c, struct buf *b, const struct store_delivery_row *r)
{
	const char *who = strchr(r->recipient, ':');

	who = who ? who + 1 : r->recipient;
	if (r->channel == MESSAGE_HOOK) {
		char host[128];
		html_raw(b, "<span class=\"badge\">Webhook</span> ");
		html_txt(b, who);
		if (c->user->role == ROLE_ADMIN) {
			html_raw(b, "<br><span class=\"muted\">");
			html_txt(b, delivery_view_host(r->address, host, sizeof host));
			html_raw(b, "</span>");
		}
		return;
	}
	html_txt(b, who);
	html_raw(b, "<br><span class=\"muted addr\">");
	html_txt(b, r->address);
	html_raw(b, "</span>");
}

void delivery_view_site(const struct web_ctx *c, struct buf *b, const char *site)
{
	if (*site)
		layout_site_html(c, b, site);
	else
		html_txt(b, L(c, "Mọi đơn vị", "Every site"));
}

void delivery_view_badge(const struct web_ctx *c, struct buf *b, int status)
{
	if (status < 0 || status >= DELIVERY_STATUS_COUNT) {
		html_txtf(b, "%d", status);
		return;
	}
	html_raw(b, "<span class=\"badge ");
	html_raw(b, states[status].badge);
	html_raw(b, "\">");
	html_txt(b, L(c, states[status].vi, states[status].en));
	html_raw(b, "</span>");
}

/* One "label: time" line of the times cell (nothing for t 0). */
static void time_line(const struct web_ctx *c, struct buf *b, const char *label, int64_t t)
{
	char when[40];

	if (!t)
		return;
	layout_time(c, t, when, sizeof when);
	html_raw(b, "<span class=\"when\"><span class=\"muted\">");
	html_txt(b, label);
	html_raw(b, "</span> ");
	html_txt(b, when);
	html_raw(b, "</span>");
}

void delivery_view_times(const struct web_ctx *c, struct buf *b, const struct store_delivery_seen *d)
{
	const struct store_delivery_row *r = &d->r;

	time_line(c, b, L(c, "Tạo:", "Created:"), r->created);
	time_line(c, b, L(c, "Thử lần cuối:", "Last try:"), d->last_try);
	if (r->status == DELIVERY_SENT)
		time_line(c, b, L(c, "Đã gửi:", "Delivered:"), r->done_at);
	else if (r->status == DELIVERY_WAITING) {
		time_line(c, b, L(c, "Thử tiếp:", "Next try:"), r->next_at);
		time_line(c, b, L(c, "Hết hạn lúc:", "Expires:"), r->expires);
	} else if (r->status == DELIVERY_EXPIRED)
		time_line(c, b, L(c, "Hết hạn:", "Expired:"), r->done_at);
	else
		time_line(c, b, L(c, "Dừng (bị từ chối):", "Given up:"), r->done_at);
}
