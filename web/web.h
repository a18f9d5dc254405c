/* SPDX-License-Identifier: MIT
 * web.h — what every page and API handler of the console is given and may call: the request's
 * context (the logged-in user, a store connection of this thread, the settings, the publisher of
 * sessions and rosters, the language), the route table's shape, and the shared answers (error pages
 * and JSON errors that say which parameter was wrong and why). A handler takes a parsed request and
 * fills a response; it never touches a socket and holds no SQL (the store modules do). */
#ifndef HL_WEB_H
#define HL_WEB_H

#include "http.h"
#include "store_users.h"

#include <stdbool.h>
#include <stdint.h>

struct store;
struct web_conf;

enum web_lang { WEB_VI, WEB_EN };

/* Streams the server runs instead of a body (http_response.stream). */
enum web_stream { WEB_STREAM_NONE, WEB_STREAM_FLAGS };

/* Publishes one MQTT message (QoS 1) and waits for the broker's acknowledgement: HL_OK, HL_ERR_NET
 * (no broker), HL_ERR_INVALID (the broker refused it). why (cap bytes) says what failed. */
typedef int (*web_publish_fn)(void *ud, const char *topic, const void *payload, size_t len, bool retain,
			      char *why, size_t cap);

struct web_ctx {
	struct store *store;            /* this request's connection; borrowed */
	const struct web_conf *conf;    /* borrowed */
	web_publish_fn publish;         /* NULL: no broker configured (the pages say so) */
	void *publish_ud;
	const struct store_user *user;  /* NULL before login (and for API calls) */
	const struct store_token *token; /* the API token of an API call, else NULL */
	char csrf[65];                  /* the login session's CSRF token, "" without one */
	int lang;                       /* enum web_lang */
	int64_t now;
	int utc_offset;                 /* seconds east of UTC */
	const char *path;               /* the request's path (the language switch comes back to it) */
};

/* The text for the context's language: vi first, en beside it (each pair is one string in two
 * languages, so they cannot drift apart). */
static inline const char *L(const struct web_ctx *c, const char *vi, const char *en)
{
	return c->lang == WEB_EN ? en : vi;
}

typedef int (*web_handler)(struct web_ctx *c, const struct http_request *rq, struct http_response *rs);

/* Role bits of a route. */
#define WEB_R_ADMIN (1u << ROLE_ADMIN)
#define WEB_R_HEAD (1u << ROLE_HEAD)
#define WEB_R_OFFICER (1u << ROLE_OFFICER)
#define WEB_R_PROVINCE (1u << ROLE_PROVINCE)
#define WEB_R_ANY (WEB_R_ADMIN | WEB_R_HEAD | WEB_R_OFFICER | WEB_R_PROVINCE)
#define WEB_PUBLIC 0u   /* no login needed */
#define WEB_TOKEN (1u << 8) /* an API route: a bearer token, or a login session of a role below */

struct web_route {
	int method;           /* enum http_method; GET routes answer HEAD too */
	const char *pattern;  /* "/bao-cao/:dim": a :name segment matches one non-empty segment */
	unsigned who;         /* WEB_PUBLIC, or role bits (| WEB_TOKEN for the API) */
	web_handler fn;
};

/* ---- the shared answers -------------------------------------------------------------------------- */

/* An error page (or, for /api/ paths, {"error":…, "parameter":…}) with status: what was wrong
 * (param: the parameter's name, or NULL) and why, in the context's language. Returns status. */
int web_fail(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int status,
	     const char *param, const char *why_vi, const char *why_en);
/* Whether the context's user (or token) may see site: admin and province every site, the others
 * their own. */
bool web_site_allowed(const struct web_ctx *c, const char *site);
/* Whether an API path is being answered (JSON errors). */
bool web_is_api(const struct http_request *rq);

/* ---- the pages (one file each: page_*.c) --------------------------------------------------------- */

/* Each page family lists its routes in a table ending with a {0} entry. */
extern const struct web_route page_login_routes[];     /* page_login.c: /dang-nhap, /dang-xuat, /ngon-ngu */
extern const struct web_route page_overview_routes[];  /* page_overview.c: / */
extern const struct web_route page_reports_routes[];   /* page_reports.c: /bao-cao/:dim */
extern const struct web_route page_flags_routes[];     /* page_flags.c: /canh-bao, /su-kien */
extern const struct web_route page_counter_routes[];   /* page_counter.c: /quay */
extern const struct web_route page_terminals_routes[]; /* page_terminals.c: /thiet-bi */
extern const struct web_route page_roster_routes[];    /* page_roster.c: /danh-muc */
extern const struct web_route page_export_routes[];    /* page_export.c: /xuat-du-lieu */
extern const struct web_route page_admin_routes[];     /* page_admin.c: /quan-tri (users, tokens, audit) */
extern const struct web_route page_account_routes[];  /* page_account.c: /tai-khoan (Nhận thông báo) */
extern const struct web_route page_board_routes[];    /* page_board.c: /cong-khai/:site, public; its switch */
extern const struct web_route api_routes[];            /* api.c: /api/v1/… */
extern const struct web_route static_routes[];         /* static.c: /static/… */

#endif
