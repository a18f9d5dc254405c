/* SPDX-License-Identifier: MIT
 * route.h — from a parsed request to a handler: the language, who is asking (a login session's
 * cookie, or an API bearer token), which route the path and method name, whether that person may
 * use it, and, for every request that changes something, the CSRF token and the Origin. Then the
 * handler runs. What it decides is answered here too: 404, 405, 401 (a redirect to the login page
 * for pages), 403. The matching and the role rule are pure and exposed for the tests. */
#ifndef HL_ROUTE_H
#define HL_ROUTE_H

#include "web.h"

#define WEB_COOKIE_SESSION "hl_session"
#define WEB_COOKIE_LANG "hl_lang"

/* Whether path matches pattern; the :name segments' values (pointers into a copy kept in scratch,
 * scap bytes) go to args. */
bool route_match(const char *pattern, const char *path, const char *args[HTTP_ARGS_MAX], char *scratch,
		 size_t scap);
/* Whether a route open to `who` lets in a user of role (-1: nobody logged in), or a token. */
bool route_allows(unsigned who, int role, bool token);
/* The route table: every page family's routes. */
const struct web_route *const *route_tables(void);

/* Answers rq into rs. c has store, conf, publish, now and utc_offset set; the rest is set here. */
void web_dispatch(struct web_ctx *c, struct http_request *rq, struct http_response *rs);

#endif
