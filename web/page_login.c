/* SPDX-License-Identifier: MIT
 * page_login.c — /dang-nhap (log in), /dang-xuat (log out) and /ngon-ngu (the language switch).
 * A login answers the same whatever was wrong (no such user, wrong password, disabled), takes as
 * long either way (a dummy argon2id check for unknown names), and each failure makes the next
 * answer for that user and for that address wait longer. The cookie holds 256 random bits; the
 * database only their hash. */
#include "conf.h"
#include "credential.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "log.h"
#include "route.h"
#include "store_users.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define DELAY_BASE_MS 250
#define DELAY_MAX_MS 8000

/* An argon2id check takes 64 MiB for its moment (libsodium's interactive limits): at most this
 * many run at once, the rest wait their turn, so a burst of logins — or of an attacker's attempts
 * from many addresses — cannot take the server's memory. */
#define CHECKS_AT_ONCE 2

static pthread_mutex_t checks_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t checks_cv = PTHREAD_COND_INITIALIZER;
static int checks_running;

static bool check_password(const char *password, const char *stored)
{
	bool ok;

	pthread_mutex_lock(&checks_mu);
	while (checks_running >= CHECKS_AT_ONCE)
		pthread_cond_wait(&checks_cv, &checks_mu);
	checks_running++;
	pthread_mutex_unlock(&checks_mu);
	ok = credential_check_password(password, stored);
	pthread_mutex_lock(&checks_mu);
	checks_running--;
	pthread_cond_signal(&checks_cv);
	pthread_mutex_unlock(&checks_mu);
	return ok;
}

/* Only a path on this server, never "//host" or a scheme. */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strpbrk(next, "\r\n"))
		return "/";
	return next;
}

static void login_form(struct web_ctx *c, struct http_response *rs, const char *name, const char *next, bool failed)
{
	struct buf *b = &rs->body;

	layout_begin(c, rs, L(c, "Đăng nhập", "Log in"), NAV_NONE);
	html_raw(b, "<section class=\"login\"><h1>");
	html_txt(b, L(c, "Đăng nhập", "Log in"));
	html_raw(b, "</h1>");
	if (failed) {
		html_raw(b, "<p class=\"flash error\" role=\"alert\" id=\"login-error\">");
		html_txt(b, L(c, "Tên đăng nhập hoặc mật khẩu không đúng.", "The user name or the password is wrong."));
		html_raw(b, "</p>");
	}
	html_raw(b, "<form method=\"post\" action=\"/dang-nhap\"><label>");
	html_txt(b, L(c, "Tên đăng nhập", "User name"));
	html_raw(b, "<input name=\"name\" id=\"name\" autocomplete=\"username\" autocapitalize=\"none\" required "
		    "maxlength=\"64\" value=\"");
	html_attr(b, name ? name : "");
	html_raw(b, "\"></label><label>");
	html_txt(b, L(c, "Mật khẩu", "Password"));
	html_raw(b, "<input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" "
		    "required maxlength=\"256\"></label><input type=\"hidden\" name=\"next\" value=\"");
	html_attr(b, safe_next(next));
	html_raw(b, "\"><button type=\"submit\" id=\"login\">");
	html_txt(b, L(c, "Đăng nhập", "Log in"));
	html_raw(b, "</button></form><p class=\"note\">");
	html_txt(b, L(c, "Tài khoản do bộ phận CNTT cấp. Quên mật khẩu: liên hệ quản trị viên.",
		      "Accounts are made by the IT staff. Forgotten password: ask them."));
	html_raw(b, "</p></section>");
	layout_end(c, rs);
}

static int get_login(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *next = http_param(&rq->query, "next");

	if (c->user) {
		http_redirect(rs, safe_next(next));
		return 303;
	}
	login_form(c, rs, NULL, next, false);
	return 200;
}

/* The delay before the answer: doubling per failure counted for the user and for the address. The
 * server applies it after the request has given its store connection back, so waiting logins never
 * hold the pool. */
static int64_t delay_for(int64_t failures)
{
	int64_t d = DELAY_BASE_MS;

	if (failures <= 0)
		return 0;
	for (int64_t i = 1; i < failures && d < DELAY_MAX_MS; i++)
		d *= 2;
	return d < DELAY_MAX_MS ? d : DELAY_MAX_MS;
}

static int post_login(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *name = http_param(&rq->form, "name"), *pw = http_param(&rq->form, "password");
	const char *next = safe_next(http_param(&rq->form, "next"));
	char ukey[USER_NAME_MAX + 8], akey[80], token[CREDENTIAL_TOKEN_LEN + 8], hash[CREDENTIAL_HASH_HEX + 1];
	int64_t fu = 0, fa = 0;
	struct store_user u;
	bool ok;

	if (!name)
		name = "";
	if (!pw)
		pw = "";
	snprintf(ukey, sizeof ukey, "user:%.64s", name);
	snprintf(akey, sizeof akey, "addr:%.64s", rq->remote ? rq->remote : "?");
	store_login_failures(c->store, ukey, c->now, &fu);
	store_login_failures(c->store, akey, c->now, &fa);
	rs->delay_ms = (int)delay_for(fu > fa ? fu : fa);

	ok = user_name_valid(name) && store_user_get(c->store, name, &u) == HL_OK;
	/* Check a password either way, so an unknown name takes as long as a wrong password. */
	ok = check_password(pw, ok ? u.hash : credential_dummy_hash()) && ok && !u.disabled;
	if (!ok) {
		store_login_failed(c->store, ukey, c->now, &fu);
		store_login_failed(c->store, akey, c->now, &fa);
		log_msg(LOG_INFO, "login refused for '%s' from %s (%lld failures in a row)", user_name_valid(name) ? name : "?",
			rq->remote ? rq->remote : "?", (long long)(fu > fa ? fu : fa));
		login_form(c, rs, name, next, true);
		rs->status = 200;
		return 200;
	}
	store_login_cleared(c->store, ukey);
	store_login_cleared(c->store, akey);
	if (credential_token(NULL, token, sizeof token) != HL_OK) {
		return web_fail(c, rq, rs, 500, NULL, "Không tạo được phiên đăng nhập.", "Could not make a login session.");
	}
	credential_token_hash(token, hash);
	if (store_login_add(c->store, hash, u.id, c->now) != HL_OK)
		return web_fail(c, rq, rs, 503, NULL, "Cơ sở dữ liệu đang bận; xin thử lại.",
				"The database is busy; try again.");
	char cookie[160];
	snprintf(cookie, sizeof cookie, WEB_COOKIE_SESSION "=%s; Path=/; HttpOnly; SameSite=Strict%s", token,
		 rq->https ? "; Secure" : "");
	http_header_add(rs, "Set-Cookie", cookie);
	log_msg(LOG_INFO, "login: %s from %s", u.name, rq->remote ? rq->remote : "?");
	http_redirect(rs, next);
	return 303;
}

static int post_logout(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	char token[CREDENTIAL_TOKEN_LEN + 8], hash[CREDENTIAL_HASH_HEX + 1];

	if (http_cookie(rq->cookie, WEB_COOKIE_SESSION, token, sizeof token)) {
		credential_token_hash(token, hash);
		store_login_end(c->store, hash);
	}
	http_header_add(rs, "Set-Cookie", WEB_COOKIE_SESSION "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	http_redirect(rs, "/dang-nhap");
	return 303;
}

static int get_lang(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *lang = http_param(&rq->query, "lang");

	if (!lang || (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0))
		return web_fail(c, rq, rs, 400, "lang", "phải là vi hoặc en", "must be vi or en");
	http_header_add(rs, "Set-Cookie",
			strcmp(lang, "en") == 0 ? WEB_COOKIE_LANG "=en; Path=/; SameSite=Lax; Max-Age=31536000"
						: WEB_COOKIE_LANG "=vi; Path=/; SameSite=Lax; Max-Age=31536000");
	http_redirect(rs, safe_next(http_param(&rq->query, "next")));
	return 303;
}

const struct web_route page_login_routes[] = {
	{ HTTP_GET, "/dang-nhap", WEB_PUBLIC, get_login },
	{ HTTP_POST, "/dang-nhap", WEB_PUBLIC, post_login },
	{ HTTP_POST, "/dang-xuat", WEB_R_ANY, post_logout },
	{ HTTP_GET, "/ngon-ngu", WEB_PUBLIC, get_lang },
	{ 0 },
};
