/* SPDX-License-Identifier: MIT
 * http.h — an HTTP request as the console's handlers see it and the response they fill, with the
 * parsing of query strings, urlencoded forms and cookies. Pure: the libmicrohttpd adapter (server.c)
 * builds a request from a connection and sends the response; tests build both by hand. */
#ifndef HL_HTTP_H
#define HL_HTTP_H

#include "buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_DELETE, HTTP_OTHER };

#define HTTP_PARAMS_MAX 64      /* more parameters than this: the request is refused (400) */
#define HTTP_BODY_MAX (1u << 20) /* a larger body is refused (413): roster files are far smaller */
#define HTTP_ARGS_MAX 4          /* :name segments of a route */

struct http_param {
	char *name, *value; /* decoded, NUL-terminated, owned by the list */
};
struct http_params {
	struct http_param v[HTTP_PARAMS_MAX];
	size_t n;
};

/* Parses application/x-www-form-urlencoded text (a query string or a form body) of len bytes into p,
 * appending. HL_ERR_INVALID for a bad %-escape, a name or value that is not UTF-8 or holds a control
 * character (tab, CR and LF allowed in values), or an empty name; HL_ERR_RANGE past
 * HTTP_PARAMS_MAX; HL_ERR_NOMEM. *bad (may be NULL) gets the name (or "?") of the offending
 * parameter, borrowed from a static buffer until the next call in this thread. */
int http_params_parse(struct http_params *p, const char *s, size_t len, const char **bad);
/* Appends one already decoded pair, with the checks of http_params_parse. */
int http_params_add(struct http_params *p, const char *name, const char *value);
/* The first value of name, or NULL. Borrowed from p. */
const char *http_param(const struct http_params *p, const char *name);
void http_params_free(struct http_params *p);

/* The value of cookie name in a Cookie header into out (cap bytes); false when absent or too long. */
bool http_cookie(const char *header, const char *name, char *out, size_t cap);

/* A multipart/form-data body's file part named field: its bytes are borrowed from body. HL_OK,
 * HL_ERR_NOTFOUND (no such part), HL_ERR_INVALID (not multipart, or no boundary). */
int http_multipart_file(const char *content_type, const char *body, size_t len, const char *field,
			const char **data, size_t *dlen, char *filename, size_t fcap);

struct http_request {
	int method;          /* enum http_method */
	const char *path;    /* decoded path, without the query */
	struct http_params query, form; /* form: urlencoded POST bodies only */
	const char *body;    /* the raw body (JSON for the API, multipart for uploads); may be NULL */
	size_t body_len;
	const char *content_type; /* NULL when none */
	const char *cookie;       /* the Cookie header, NULL when none */
	const char *authorization; /* the Authorization header */
	const char *accept;       /* the Accept header */
	const char *origin;       /* the Origin header (checked on changes) */
	const char *host;         /* the Host header */
	const char *remote;       /* the client's address, as text */
	bool https;
	int64_t now;              /* Unix seconds when it arrived */
	const char *args[HTTP_ARGS_MAX]; /* the route's :name segments, set by the router */
};

#define HTTP_HEADERS_MAX 8

struct http_header {
	char name[32];
	char value[512];
};

/* What a handler answers. A streamed answer (Server-Sent Events) sets stream instead of a body. */
struct http_response {
	int status;            /* 0 is taken as 200 */
	const char *type;      /* content type; NULL: text/html; charset=utf-8 */
	struct buf body;
	struct http_header headers[HTTP_HEADERS_MAX];
	size_t nheaders;
	bool download;         /* the body is a file to save: no-store is kept, caching is never allowed */
	int stream;            /* 0, or a WEB_STREAM_* the server streams (web.h) */
	int delay_ms;          /* the server holds the answer this long, after giving back what the
				* request borrowed (its store connection): a failed login's delay */
	char stream_site[33];  /* the stream's site filter ("" all the user's sites) */
};

/* Adds a header (name and value copied, cut to fit). Values must not hold CR or LF: such a header is
 * not added and false is returned. */
bool http_header_add(struct http_response *rs, const char *name, const char *value);
/* Sends the client to location (a path on this server) with 303 See Other. */
void http_redirect(struct http_response *rs, const char *location);
void http_response_free(struct http_response *rs);
void http_request_free(struct http_request *rq); /* the params; the strings are the server's */

const char *http_status_text(int status);
int http_method_parse(const char *name); /* "GET" → HTTP_GET …, HTTP_OTHER */

#endif
