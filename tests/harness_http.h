/* SPDX-License-Identifier: MIT
 * harness_http.h — a small HTTP/1.1 client for the integration tests of hailong-web: one request
 * per connection to 127.0.0.1 only, every read bounded in time, the answer's status, headers and
 * body kept whole (up to 4 MiB); and a reader for Server-Sent Events streams. */
#ifndef HL_HARNESS_HTTP_H
#define HL_HARNESS_HTTP_H

#include <stdbool.h>
#include <stddef.h>

struct reply {
	int status;     /* 0 when no answer came */
	char *headers;  /* the header block, NUL-terminated */
	char *body;     /* NUL-terminated; len bytes */
	size_t len;
};

/* Sends method path with extra header lines (each ending "\r\n"; may be NULL) and body (may be NULL)
 * to 127.0.0.1:port; waits up to timeout_ms for the whole answer. */
void http_call(int port, const char *method, const char *path, const char *headers, const char *body, size_t blen,
	       int timeout_ms, struct reply *out);
void reply_free(struct reply *r);
/* The value of header name (case-insensitive) into out (cap bytes); false when absent. */
bool reply_header(const struct reply *r, const char *name, char *out, size_t cap);

/* Logs in through POST /dang-nhap; the cookie ("hl_session=…") into out. False when refused. */
bool http_login(int port, const char *name, const char *password, char *out, size_t cap);
/* The CSRF token of a page's first form (value of the hidden csrf field) into out. */
bool reply_csrf(const struct reply *r, char *out, size_t cap);

/* An open event stream: the socket and what arrived so far. */
struct sse {
	int fd;
	char buf[65536];
	size_t len;
};
/* Opens GET path with the cookie as an event stream; false when the answer is not 200. */
bool sse_open(struct sse *s, int port, const char *path, const char *cookie);
/* Reads until text appears in the stream (true) or timeout_ms passes (false). */
bool sse_wait(struct sse *s, const char *text, int timeout_ms);
void sse_close(struct sse *s);

#endif
