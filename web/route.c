/* SPDX-License-Identifier: MIT
 * route.c — who is asking, which handler answers, and whether they may: see route.h. The checks run
 * in a fixed order for every request — the language, the login session or bearer token, the route,
 * the role, then (for changes) the Origin and the CSRF token — so no page can skip one. */
#include "route.h"

#include "conf.h"
#include "credential.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "store_users.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct web_route *const tables[] = {
	page_login_routes,     page_overview_routes, page_reports_routes, page_flags_routes,
	page_counter_routes,   page_terminals_routes, page_roster_routes, page_export_routes,
	page_admin_routes,     page_account_routes,  page_board_routes,   api_routes,
	static_routes,         NULL,
};

const struct web_route *const *route_tables(void)
{
	return tables;
}

bool route_match(const char *pattern, const char *path, const char *args[HTTP_ARGS_MAX], char *scratch,
		 size_t scap)
{
	size_t used = 0, na = 0;
	const char *p = pattern, *s = path;

	for (size_t i = 0; i < HTTP_ARGS_MAX; i++)
		args[i] = NULL;
	while (*p && *s) {
		if (*p == ':') {
			const char *pe = strchr(p, '/'), *se = strchr(s, '/');
			size_t n = se ? (size_t)(se - s) : strlen(s);
			if (n == 0 || na >= HTTP_ARGS_MAX || used + n + 1 > scap)
				return false;
			memcpy(scratch + used, s, n);
			scratch[used + n] = '\0';
			args[na++] = scratch + used;
			used += n + 1;
			p = pe ? pe : p + strlen(p);
			s += n;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

bool route_allows(unsigned who, int role, bool token)
{
	if (who == WEB_PUBLIC)
		return true;
	if (token)
		return (who & WEB_TOKEN) != 0;
	return role >= 0 && role < ROLE_COUNT && (who & (1u << role));
}

bool web_is_api(const struct http_request *rq)
{
	return strncmp(rq->path, "/api/", 5) == 0;
}

bool web_site_allowed(const struct web_ctx *c, const char *site)
{
	const char(*sites)[HL_CODE_MAX + 1];
	size_t n;

	if (!site)
		return false;
	if (c->token) {
		sites = c->token->sites;
		n = c->token->nsites;
	} else if (c->user) {
		if (c->user->role == ROLE_ADMIN || c->user->role == ROLE_PROVINCE)
			return true;
		sites = c->user->sites;
		n = c->user->nsites;
	} else {
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(sites[i], site) == 0)
			return true;
	return false;
}

/* The status line's words in Vietnamese, for the error pages' titles. */
static const char *status_vi(int status)
{
	switch (status) {
	case 400: return "Yêu cầu không hợp lệ";
	case 401: return "Cần đăng nhập";
	case 403: return "Không được phép";
	case 404: return "Không tìm thấy";
	case 405: return "Phương thức không được dùng";
	case 409: return "Xung đột trạng thái";
	case 413: return "Nội dung quá lớn";
	case 422: return "Dữ liệu không hợp lệ";
	case 429: return "Quá nhiều yêu cầu";
	case 500: return "Lỗi máy chủ";
	case 503: return "Dịch vụ tạm thời không sẵn sàng";
	default: return http_status_text(status);
	}
}

int web_fail(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
	     const char *param, const char *why_vi, const char *why_en)
{
	buf_reset(&rs->body);
	rs->status = status;
	rs->stream = WEB_STREAM_NONE;
	if (web_is_api(rq)) {
		cJSON *o = cJSON_CreateObject();
		char *text;
		cJSON_AddStringToObject(o, "error", why_en);
		if (param)
			cJSON_AddStringToObject(o, "parameter", param);
		cJSON_AddNumberToObject(o, "status", status);
		if ((text = cJSON_PrintUnformatted(o))) {
			buf_puts(&rs->body, text);
			buf_puts(&rs->body, "\n");
			cJSON_free(text);
		} else {
			rs->body.failed = true;
		}
		cJSON_Delete(o);
		rs->type = "application/json";
		return status;
	}
	char title[96];
	snprintf(title, sizeof title, "%d %s", status, c->lang == WEB_EN ? http_status_text(status) : status_vi(status));
	rs->type = NULL;
	layout_begin(c, rs, title, NAV_NONE);
	html_raw(&rs->body, "<section class=\"error\"><h1>");
	html_txt(&rs->body, title);
	html_raw(&rs->body, "</h1><p>");
	if (param) {
		html_txt(&rs->body, L(c, "Tham số ", "Parameter "));
		html_raw(&rs->body, "<code>");
		html_txt(&rs->body, param);
		html_raw(&rs->body, "</code>: ");
	}
	html_txt(&rs->body, L(c, why_vi, why_en));
	html_raw(&rs->body, "</p><p><a href=\"/\">");
	html_txt(&rs->body, L(c, "Về trang Tổng quan", "Back to the overview"));
	html_raw(&rs->body, "</a></p></section>");
	layout_end(c, rs);
	return status;
}

/* ---- who is asking ------------------------------------------------------------------------------ */

static _Thread_local struct store_user th_user;
static _Thread_local struct store_token th_token;

static void find_user(struct web_ctx *c, const struct http_request *rq)
{
	char token[CREDENTIAL_TOKEN_LEN + 8], hash[CREDENTIAL_HASH_HEX + 1];

	if (!http_cookie(rq->cookie, WEB_COOKIE_SESSION, token, sizeof token))
		return;
	credential_token_hash(token, hash);
	if (store_login_get(c->store, hash, rq->now, (int64_t)c->conf->session_idle_minutes * 60,
			    (int64_t)c->conf->session_max_hours * 3600, &th_user, NULL) != HL_OK)
		return;
	c->user = &th_user;
	credential_csrf(token, c->csrf);
}

/* "Bearer TOKEN": HL_OK (c->token set), HL_ERR_NOTFOUND (no such header), HL_ERR_INVALID. */
static int find_token(struct web_ctx *c, const struct http_request *rq)
{
	char hash[CREDENTIAL_HASH_HEX + 1];
	const char *a = rq->authorization;

	if (!a)
		return HL_ERR_NOTFOUND;
	if (strncasecmp(a, "Bearer ", 7) != 0 || strlen(a + 7) > 128)
		return HL_ERR_INVALID;
	credential_token_hash(a + 7, hash);
	if (store_token_find(c->store, hash, rq->now, &th_token) != HL_OK)
		return HL_ERR_INVALID;
	c->token = &th_token;
	return HL_OK;
}

static int find_lang(const struct http_request *rq)
{
	char v[8];

	if (http_cookie(rq->cookie, WEB_COOKIE_LANG, v, sizeof v) && strcmp(v, "en") == 0)
		return WEB_EN;
	return WEB_VI;
}

/* A change must come from this console's own pages: the Origin (when the browser sends one) names
 * this host. */
static bool origin_ok(const struct web_ctx *c, const struct http_request *rq)
{
	const char *o = rq->origin, *h;

	if (!o || !*o)
		return true;
	if (c->conf->public_url[0] && strcmp(o, c->conf->public_url) == 0)
		return true;
	h = strstr(o, "://");
	if (!h || !rq->host)
		return false;
	return strcmp(h + 3, rq->host) == 0;
}

static bool changes(int method)
{
	return method == HTTP_POST || method == HTTP_PUT || method == HTTP_DELETE;
}

void web_dispatch(struct web_ctx *c, struct http_request *rq, struct http_response *rs)
{
	const struct web_route *hit = NULL;
	bool path_known = false;
	static _Thread_local char scratch[512];
	const char *args[HTTP_ARGS_MAX];
	int tok;

	c->user = NULL;
	c->token = NULL;
	c->csrf[0] = '\0';
	c->lang = find_lang(rq);
	c->now = rq->now;
	c->path = rq->path;

	for (const struct web_route *const *t = tables; *t && !hit; t++)
		for (const struct web_route *r = *t; r->pattern && !hit; r++) {
			if (!route_match(r->pattern, rq->path, args, scratch, sizeof scratch))
				continue;
			path_known = true;
			if (r->method == rq->method || (r->method == HTTP_GET && rq->method == HTTP_HEAD))
				hit = r;
		}
	if (!hit) {
		if (path_known) {
			web_fail(c, rq, rs, 405, NULL, "Phương thức này không dùng được ở địa chỉ này.",
				 "This method is not allowed here.");
			return;
		}
		find_user(c, rq);
		web_fail(c, rq, rs, 404, NULL, "Không có trang này.", "There is no such page.");
		return;
	}
	memcpy(rq->args, args, sizeof args);

	tok = (hit->who & WEB_TOKEN) ? find_token(c, rq) : HL_ERR_NOTFOUND;
	if (tok == HL_ERR_INVALID) {
		http_header_add(rs, "WWW-Authenticate", "Bearer");
		web_fail(c, rq, rs, 401, NULL, "Mã truy cập không hợp lệ hoặc đã bị thu hồi.",
			 "the bearer token is unknown or revoked");
		return;
	}
	if (!c->token)
		find_user(c, rq);
	if (!route_allows(hit->who, c->user ? c->user->role : -1, c->token != NULL)) {
		if (!c->user && !c->token) {
			if (web_is_api(rq)) {
				http_header_add(rs, "WWW-Authenticate", "Bearer");
				web_fail(c, rq, rs, 401, NULL, "Cần đăng nhập.", "a bearer token is required");
				return;
			}
			struct buf next = { 0 };
			buf_puts(&next, "/dang-nhap?next=");
			html_url(&next, rq->path);
			http_redirect(rs, next.p ? next.p : "/dang-nhap");
			buf_free(&next);
			return;
		}
		web_fail(c, rq, rs, 403, NULL, "Vai trò của Ông/Bà không được dùng trang này.",
			 "Your role may not use this page.");
		return;
	}
	if (changes(rq->method)) {
		if (!origin_ok(c, rq)) {
			web_fail(c, rq, rs, 403, NULL, "Yêu cầu không đến từ trang của hệ thống.",
				 "The request did not come from this console's pages (Origin).");
			return;
		}
		/* A login session's changes carry its CSRF token (a form field, or a header from the
		 * page's script); a bearer token is not sent by browsers on their own, so needs none. */
		if (c->user && !c->token) {
			const char *t = http_param(&rq->form, "csrf");
			if (!t)
				t = http_param(&rq->query, "csrf");
			if (!t || !credential_equal(t, c->csrf)) {
				web_fail(c, rq, rs, 403, "csrf",
					 "Biểu mẫu đã hết hạn hoặc không hợp lệ; xin tải lại trang và thử lại.",
					 "The form has expired or is not valid; reload the page and try again.");
				return;
			}
		}
	}
	hit->fn(c, rq, rs);
}
