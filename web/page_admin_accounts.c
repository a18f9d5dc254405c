/* SPDX-License-Identifier: MIT
 * page_admin_accounts.c — Quản trị's accounts (page_admin.h): the console's users (add one, disable,
 * enable) and the API tokens of the one-stop software (add one — its secret shown once, on the answer
 * to the form, and never again — and revoke): their tables, their forms, and what the forms do, each
 * change audited as the logged-in admin. Passwords are hashed (argon2id) and tokens kept as hashes by
 * credential.c before the store sees them; the SQL is in the store modules. The page around them and
 * the audit list are page_admin.c's. Owns nothing beyond one request. */
#include "page_admin.h"

#include "credential.h"
#include "hl.h"
#include "html.h"
#include "layout.h"
#include "store_users.h"
#include "text.h"
#include "topic.h"
#include "web.h"
#include "wire.h"

#include <stdio.h>
#include <string.h>

/* ---- sites typed into a form --------------------------------------------------------------------- */

/* Splits "a, b c" into codes. HL_OK, HL_ERR_INVALID (a bad code: *bad points at it in tmp),
 * HL_ERR_RANGE (too many). Codes given twice are kept once. */
static int parse_sites(const char *text, char (*sites)[HL_CODE_MAX + 1], size_t *n, char *tmp, size_t cap,
		       const char **bad)
{
	char *save = NULL;

	*n = 0;
	*bad = NULL;
	snprintf(tmp, cap, "%s", text ? text : "");
	for (char *t = strtok_r(tmp, ", \t\r\n", &save); t; t = strtok_r(NULL, ", \t\r\n", &save)) {
		bool dup = false;
		if (!topic_id_valid(t)) {
			*bad = t;
			return HL_ERR_INVALID;
		}
		for (size_t i = 0; i < *n; i++)
			dup = dup || strcmp(sites[i], t) == 0;
		if (dup)
			continue;
		if (*n == USER_SITES_MAX)
			return HL_ERR_RANGE;
		snprintf(sites[(*n)++], HL_CODE_MAX + 1, "%s", t);
	}
	return HL_OK;
}

static void sites_text(char (*sites)[HL_CODE_MAX + 1], size_t n, char *out, size_t cap)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < cap; i++)
		used += (size_t)snprintf(out + used, cap - used, "%s%s", i ? " " : "", sites[i]);
}

/* Characters (not bytes) of a UTF-8 text. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* ---- the tables and the forms ------------------------------------------------------------------- */

struct list_ctx {
	struct web_ctx *c;
	struct buf *b;
	int n;
};

/* A list of sites as element text, ", " between them. */
static void sites_cell(struct buf *b, const char (*sites)[HL_CODE_MAX + 1], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			html_raw(b, ", ");
		html_txt(b, sites[i]);
	}
}

static void post_button(struct web_ctx *c, struct buf *b, const char *action_prefix, const char *name,
			const char *suffix, const char *label, const char *cls)
{
	html_raw(b, "<form method=\"post\" class=\"inline\" action=\"");
	html_attr(b, action_prefix);
	html_url(b, name);
	html_attr(b, suffix);
	html_raw(b, "\">");
	layout_csrf(c, b);
	html_raw(b, "<button type=\"submit\" class=\"");
	html_attr(b, cls);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</button></form>");
}

static int user_row(void *ud, const struct store_user *u)
{
	struct list_ctx *l = ud;
	struct web_ctx *c = l->c;
	struct buf *b = l->b;

	html_raw(b, "<tr data-user=\"");
	html_attr(b, u->name);
	html_raw(b, "\"><td>");
	html_txt(b, u->name);
	html_raw(b, "</td><td>");
	html_txt(b, user_role_label(u->role, c->lang == WEB_VI));
	html_raw(b, "</td><td>");
	sites_cell(b, u->sites, u->nsites);
	if (!u->nsites)
		html_txt(b, L(c, "mọi đơn vị", "every site"));
	html_raw(b, "</td><td>");
	html_txt(b, u->officer);
	html_raw(b, "</td><td>");
	html_raw(b, u->disabled ? "<span class=\"badge offline\">" : "<span class=\"badge online\">");
	html_txt(b, u->disabled ? L(c, "Đã khoá", "Disabled") : L(c, "Đang dùng", "Active"));
	html_raw(b, "</span></td><td class=\"no-print\">");
	if (strcmp(u->name, c->user->name) != 0) {
		if (u->disabled)
			post_button(c, b, "/quan-tri/nguoi-dung/", u->name, "/mo-khoa", L(c, "Mở khoá", "Enable"),
				    "secondary");
		else
			post_button(c, b, "/quan-tri/nguoi-dung/", u->name, "/khoa", L(c, "Khoá", "Disable"), "danger");
	}
	html_raw(b, "</td></tr>");
	l->n++;
	return 0;
}

static int token_row(void *ud, const struct store_token *t)
{
	struct list_ctx *l = ud;
	struct web_ctx *c = l->c;
	struct buf *b = l->b;
	char when[32];

	html_raw(b, "<tr data-token=\"");
	html_attr(b, t->name);
	html_raw(b, "\"><td>");
	html_txt(b, t->name);
	html_raw(b, "</td><td>");
	sites_cell(b, t->sites, t->nsites);
	layout_time(c, t->created, when, sizeof when);
	html_raw(b, "</td><td>");
	html_txt(b, when);
	html_raw(b, "</td><td>");
	if (t->last_used) {
		layout_time(c, t->last_used, when, sizeof when);
		html_txt(b, when);
	} else {
		html_txt(b, L(c, "chưa dùng", "never"));
	}
	html_raw(b, "</td><td>");
	if (t->revoked) {
		layout_time(c, t->revoked, when, sizeof when);
		html_raw(b, "<span class=\"badge offline\">");
		html_txt(b, L(c, "Đã thu hồi ", "Revoked "));
		html_txt(b, when);
		html_raw(b, "</span></td><td class=\"no-print\">");
	} else {
		html_raw(b, "<span class=\"badge online\">");
		html_txt(b, L(c, "Đang dùng", "Valid"));
		html_raw(b, "</span></td><td class=\"no-print\">");
		post_button(c, b, "/quan-tri/ma-truy-cap/", t->name, "/thu-hoi", L(c, "Thu hồi", "Revoke"), "danger");
	}
	html_raw(b, "</td></tr>");
	l->n++;
	return 0;
}

static void text_input(struct buf *b, const char *label, const char *name, const char *value, const char *extra)
{
	html_raw(b, "<label>");
	html_txt(b, label);
	html_raw(b, " <input name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, value ? value : "");
	html_raw(b, "\"");
	html_raw(b, extra);
	html_raw(b, "></label> ");
}

static void user_form(struct web_ctx *c, struct buf *b, const struct http_request *rq)
{
	const char *role = rq->method == HTTP_POST ? http_param(&rq->form, "role") : NULL;
	bool keep = rq->method == HTTP_POST && strcmp(rq->path, "/quan-tri/nguoi-dung") == 0;

	html_raw(b, "<h3 class=\"no-print\">");
	html_txt(b, L(c, "Thêm người dùng", "Add a user"));
	html_raw(b, "</h3><form method=\"post\" action=\"/quan-tri/nguoi-dung\" class=\"filters no-print\" "
		    "id=\"user-add\">");
	layout_csrf(c, b);
	text_input(b, L(c, "Tên đăng nhập", "User name"), "name", keep ? http_param(&rq->form, "name") : NULL,
		   " required maxlength=\"64\" pattern=\"[a-z0-9._\\-]{1,64}\" autocomplete=\"off\"");
	html_raw(b, "<label>");
	html_txt(b, L(c, "Vai trò", "Role"));
	html_raw(b, " <select name=\"role\">");
	for (int r = 0; r < ROLE_COUNT; r++) {
		bool sel = keep && role && user_role_parse(role) == r;
		html_raw(b, sel ? "<option selected value=\"" : "<option value=\"");
		html_attr(b, user_role_name(r));
		html_raw(b, "\">");
		html_txt(b, user_role_label(r, c->lang == WEB_VI));
		html_raw(b, "</option>");
	}
	html_raw(b, "</select></label> ");
	text_input(b, L(c, "Đơn vị (cách nhau bởi dấu phẩy)", "Sites (comma-separated)"), "sites",
		   keep ? http_param(&rq->form, "sites") : NULL, " maxlength=\"600\"");
	text_input(b, L(c, "Mã cán bộ (vai trò cán bộ)", "Officer code (officer role)"), "officer",
		   keep ? http_param(&rq->form, "officer") : NULL, " maxlength=\"32\"");
	html_raw(b, "<label>");
	html_txt(b, L(c, "Mật khẩu", "Password"));
	html_raw(b, " <input type=\"password\" name=\"password\" required autocomplete=\"new-password\" minlength=\"");
	html_txtf(b, "%d", CREDENTIAL_PASSWORD_MIN);
	html_raw(b, "\"></label> <button type=\"submit\">");
	html_txt(b, L(c, "Thêm", "Add"));
	html_raw(b, "</button><p class=\"note\">");
	html_txtf(b,
		  L(c,
		    "Mật khẩu ít nhất %d ký tự. Cán bộ cần một đơn vị và mã cán bộ; lãnh đạo cần ít nhất một "
		    "đơn vị; quản trị và tỉnh xem mọi đơn vị.",
		    "A password has at least %d characters. An officer needs one site and an officer code; a head "
		    "at least one site; admins and the province see every site."),
		  CREDENTIAL_PASSWORD_MIN);
	html_raw(b, "</p></form>");
}

static void token_form(struct web_ctx *c, struct buf *b)
{
	html_raw(b, "<h3 class=\"no-print\">");
	html_txt(b, L(c, "Tạo mã truy cập API", "Add an API token"));
	html_raw(b, "</h3><form method=\"post\" action=\"/quan-tri/ma-truy-cap\" class=\"filters no-print\" "
		    "id=\"token-add\">");
	layout_csrf(c, b);
	text_input(b, L(c, "Tên (phần mềm dùng mã)", "Name (the software using it)"), "name", NULL,
		   " required maxlength=\"64\" pattern=\"[a-z0-9._\\-]{1,64}\" autocomplete=\"off\"");
	text_input(b, L(c, "Đơn vị (cách nhau bởi dấu phẩy)", "Sites (comma-separated)"), "sites", NULL,
		   " required maxlength=\"600\"");
	html_raw(b, "<button type=\"submit\">");
	html_txt(b, L(c, "Tạo mã", "Add token"));
	html_raw(b, "</button></form>");
}

/* A section (id section) opened with its heading and its table's head (id table): the five columns,
 * then an empty one for the buttons. */
static void table_head(struct buf *b, const char *section, const char *title, const char *table,
		       const char *const cols[5])
{
	html_raw(b, "<section id=\"");
	html_attr(b, section);
	html_raw(b, "\"><h2>");
	html_txt(b, title);
	html_raw(b, "</h2><div class=\"table-wrap\"><table id=\"");
	html_attr(b, table);
	html_raw(b, "\"><thead><tr>");
	for (size_t i = 0; i < 5; i++)
		page_admin_th(b, cols[i]);
	html_raw(b, "<th class=\"no-print\"></th></tr></thead><tbody>");
}

void page_admin_accounts(struct web_ctx *c, struct buf *b, const struct http_request *rq)
{
	struct list_ctx l = { .c = c, .b = b };

	const char *users[] = { L(c, "Tên", "Name"), L(c, "Vai trò", "Role"), L(c, "Đơn vị", "Sites"),
				L(c, "Mã cán bộ", "Officer"), L(c, "Trạng thái", "State") };
	const char *tokens[] = { L(c, "Tên", "Name"), L(c, "Đơn vị", "Sites"), L(c, "Tạo lúc", "Created"),
				 L(c, "Dùng lần cuối", "Last used"), L(c, "Trạng thái", "State") };

	table_head(b, "users-section", L(c, "Người dùng", "Users"), "users", users);
	store_user_list(c->store, user_row, &l);
	html_raw(b, "</tbody></table></div>");
	user_form(c, b, rq);
	html_raw(b, "</section>");

	l.n = 0;
	table_head(b, "tokens-section", L(c, "Mã truy cập API", "API tokens"), "tokens", tokens);
	store_token_list(c->store, token_row, &l);
	if (!l.n) {
		html_raw(b, "<tr><td colspan=\"6\" class=\"muted\">");
		html_txt(b, L(c, "Chưa có mã nào.", "No token yet."));
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
	token_form(c, b);
	html_raw(b, "</section>");
}

/* ---- users --------------------------------------------------------------------------------------- */

int page_admin_user_add(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *name = http_param(&rq->form, "name"), *role = http_param(&rq->form, "role");
	const char *sites = http_param(&rq->form, "sites"), *officer = http_param(&rq->form, "officer");
	const char *password = http_param(&rq->form, "password"), *bad;
	struct store_user u = { 0 };
	char tmp[700], detail[800], list[600];
	int rc;

	if (!name || !user_name_valid(name))
		return page_admin_error(c, rq, rs, 400, "name",
					"Tên đăng nhập gồm 1–64 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang.",
					"A user name is 1–64 characters of a-z, 0-9, dot, underscore, hyphen.", NULL);
	if (!role || (u.role = user_role_parse(role)) < 0)
		return page_admin_error(c, rq, rs, 400, "role", "Chọn một vai trò trong danh sách.",
					"Pick a role from the list.", NULL);
	rc = parse_sites(sites, u.sites, &u.nsites, tmp, sizeof tmp, &bad);
	if (rc == HL_ERR_INVALID)
		return page_admin_error(c, rq, rs, 400, "sites", "Mã đơn vị gồm 1–32 ký tự a-z, 0-9 hoặc -.",
					"A site code is 1–32 characters of a-z, 0-9 or -.", bad);
	if (rc != HL_OK)
		return page_admin_error(c, rq, rs, 400, "sites", "Quá nhiều đơn vị (tối đa 16).",
					"Too many sites (16 at most).", NULL);
	if (officer && *officer) {
		if (!wire_code_valid(officer))
			return page_admin_error(c, rq, rs, 400, "officer", "Mã cán bộ gồm 1–32 ký tự A-Z, a-z, 0-9, . _ -.",
						"An officer code is 1–32 characters of A-Z, a-z, 0-9, . _ -.", NULL);
		snprintf(u.officer, sizeof u.officer, "%s", officer);
	}
	if (!password || chars(password) < CREDENTIAL_PASSWORD_MIN)
		return page_admin_error(c, rq, rs, 400, "password", "Mật khẩu quá ngắn.", "The password is too short.",
					NULL);
	snprintf(u.name, sizeof u.name, "%s", name);
	if (credential_hash_password(password, u.hash, sizeof u.hash) != HL_OK)
		return page_admin_error(c, rq, rs, 503, NULL, "Máy chủ đang bận, không tính được mật khẩu; xin thử lại.",
					"The server could not hash the password now; try again.", NULL);
	rc = store_user_add(c->store, &u, c->now);
	if (rc == HL_ERR_RANGE)
		return page_admin_error(c, rq, rs, 409, "name", "Tên đăng nhập này đã có người dùng.",
					"This user name is taken.", NULL);
	if (rc == HL_ERR_INVALID)
		return page_admin_error(c, rq, rs, 422, NULL, "Vai trò, đơn vị và mã cán bộ không khớp nhau.",
					"The role, sites and officer code do not go together.", store_errmsg(c->store));
	if (rc != HL_OK)
		return page_admin_error(c, rq, rs, 500, NULL, "Không lưu được.", "It could not be stored.",
					store_errmsg(c->store));
	sites_text(u.sites, u.nsites, list, sizeof list);
	snprintf(detail, sizeof detail, "user %s: role %s, sites %s, officer %s", u.name, user_role_name(u.role),
		 u.nsites ? list : "all", u.officer[0] ? u.officer : "-");
	store_audit_add(c->store, c->now, c->user->name, "user.add", u.nsites == 1 ? u.sites[0] : NULL, detail);
	http_redirect(rs, "/quan-tri#users-section");
	return 303;
}

static int user_state(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, bool disable)
{
	const char *name = rq->args[0];
	char detail[100];
	int rc;

	if (!user_name_valid(name))
		return web_fail(c, rq, rs, 404, "name", "Không có người dùng này.", "There is no such user.");
	if (disable && strcmp(name, c->user->name) == 0)
		return page_admin_error(c, rq, rs, 409, "name", "Không thể tự khoá tài khoản của mình.",
					"You cannot disable your own account.", NULL);
	rc = store_user_set_disabled(c->store, name, disable);
	if (rc == HL_ERR_NOTFOUND)
		return web_fail(c, rq, rs, 404, "name", "Không có người dùng này.", "There is no such user.");
	if (rc != HL_OK)
		return page_admin_error(c, rq, rs, 500, NULL, "Không lưu được.", "It could not be stored.",
					store_errmsg(c->store));
	snprintf(detail, sizeof detail, "user %s", name);
	store_audit_add(c->store, c->now, c->user->name, disable ? "user.disable" : "user.enable", NULL, detail);
	http_redirect(rs, "/quan-tri#users-section");
	return 303;
}

int page_admin_user_disable(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return user_state(c, rq, rs, true);
}

int page_admin_user_enable(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	return user_state(c, rq, rs, false);
}

/* ---- tokens -------------------------------------------------------------------------------------- */

int page_admin_token_add(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *name = http_param(&rq->form, "name"), *sites = http_param(&rq->form, "sites"), *bad;
	struct store_token t = { 0 };
	char tmp[700], secret[CREDENTIAL_TOKEN_LEN + 8], hash[CREDENTIAL_HASH_HEX + 1], list[600], detail[800];
	struct buf n = { 0 };
	int rc;

	if (!name || !user_name_valid(name))
		return page_admin_error(c, rq, rs, 400, "name",
					"Tên gồm 1–64 ký tự a-z, 0-9, dấu chấm, gạch dưới, gạch ngang.",
					"A name is 1–64 characters of a-z, 0-9, dot, underscore, hyphen.", NULL);
	rc = parse_sites(sites, t.sites, &t.nsites, tmp, sizeof tmp, &bad);
	if (rc == HL_ERR_INVALID)
		return page_admin_error(c, rq, rs, 400, "sites", "Mã đơn vị gồm 1–32 ký tự a-z, 0-9 hoặc -.",
					"A site code is 1–32 characters of a-z, 0-9 or -.", bad);
	if (rc != HL_OK || t.nsites == 0)
		return page_admin_error(c, rq, rs, 400, "sites", "Mã truy cập cần từ 1 đến 16 đơn vị.",
					"A token needs 1 to 16 sites.", NULL);
	snprintf(t.name, sizeof t.name, "%s", name);
	if (credential_token("hl_", secret, sizeof secret) != HL_OK)
		return page_admin_error(c, rq, rs, 500, NULL, "Không tạo được mã.", "No token could be made.", NULL);
	credential_token_hash(secret, hash);
	rc = store_token_add(c->store, &t, hash, c->now);
	if (rc == HL_ERR_RANGE)
		return page_admin_error(c, rq, rs, 409, "name",
					"Đã có mã đang dùng với tên này; thu hồi mã cũ hoặc chọn tên khác.",
					"A valid token has this name; revoke it or pick another name.", NULL);
	if (rc != HL_OK)
		return page_admin_error(c, rq, rs, rc == HL_ERR_INVALID ? 422 : 500, NULL, "Không lưu được mã.",
					"The token could not be stored.", store_errmsg(c->store));
	sites_text(t.sites, t.nsites, list, sizeof list);
	snprintf(detail, sizeof detail, "token %s: sites %s", t.name, list);
	store_audit_add(c->store, c->now, c->user->name, "token.add", t.nsites == 1 ? t.sites[0] : NULL, detail);

	html_raw(&n, "<section class=\"flash\" id=\"token-new\"><h2>");
	html_txt(&n, L(c, "Mã truy cập mới", "The new API token"));
	html_raw(&n, "</h2><p>");
	html_txt(&n, L(c,
		       "Sao chép mã này ngay và đưa cho phần mềm một cửa; mã chỉ hiện một lần, hệ thống chỉ giữ bản "
		       "băm. Gửi kèm mỗi yêu cầu: Authorization: Bearer <mã>.",
		       "Copy this token now and give it to the one-stop software: it is shown once only, the console "
		       "keeps just its hash. Send it with each request: Authorization: Bearer <token>."));
	html_raw(&n, "</p><p><code id=\"new-token\">");
	html_txt(&n, secret);
	html_raw(&n, "</code></p><p class=\"muted\">");
	html_txt(&n, t.name);
	html_raw(&n, " · ");
	html_txt(&n, list);
	html_raw(&n, "</p></section>");
	http_header_add(rs, "Cache-Control", "no-store");
	rc = page_admin_page(c, rq, rs, 200, &n);
	buf_free(&n);
	return rc;
}

int page_admin_token_revoke(struct web_ctx *c, const struct http_request *rq, struct http_response *rs)
{
	const char *name = rq->args[0];
	char detail[100];
	int rc;

	if (!user_name_valid(name))
		return web_fail(c, rq, rs, 404, "name", "Không có mã đang dùng với tên này.",
				"There is no valid token of this name.");
	rc = store_token_revoke(c->store, name, c->now);
	if (rc == HL_ERR_NOTFOUND)
		return web_fail(c, rq, rs, 404, "name", "Không có mã đang dùng với tên này.",
				"There is no valid token of this name.");
	if (rc != HL_OK)
		return page_admin_error(c, rq, rs, 500, NULL, "Không lưu được.", "It could not be stored.",
					store_errmsg(c->store));
	snprintf(detail, sizeof detail, "token %s", name);
	store_audit_add(c->store, c->now, c->user->name, "token.revoke", NULL, detail);
	http_redirect(rs, "/quan-tri#tokens-section");
	return 303;
}
