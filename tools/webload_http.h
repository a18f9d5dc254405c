/* SPDX-License-Identifier: MIT
 * webload_http.h — hailong-webload's HTTP/1.1 client: one keep-alive TCP connection to 127.0.0.1
 * (never another host), a request sent on it and its whole answer read (Content-Length, chunked,
 * or up to the close) within a deadline, and a fresh connection when the server let the old one go.
 * The program around it (options, threads, statistics, the report) is webload.c. Links only libc. */
#ifndef HL_WEBLOAD_HTTP_H
#define HL_WEBLOAD_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The tool's return codes. */
enum { WL_OK = 0, WL_ERR_IO, WL_ERR_TIMEOUT, WL_ERR_PROTO, WL_ERR_NOMEM };

#define WL_COOKIE_MAX 512 /* "hl_session=…" with its terminating NUL */

/* What was learnt of one answer; the body itself is read and dropped. */
struct wl_response {
	int status;
	bool close;                  /* the server closes after it */
	bool none;                   /* nothing at all was read (a kept-alive connection found closed) */
	char session[WL_COOKIE_MAX]; /* "hl_session=…" from a Set-Cookie, or empty */
};

/* One connection with its read buffer; used by one thread at a time. */
struct wl_conn;

/* The monotonic clock in nanoseconds, which every deadline and latency is measured on. */
int64_t wl_now_ns(void);

/* A connection not yet open, or NULL when out of memory. The caller frees it with wl_conn_free. */
struct wl_conn *wl_conn_new(void);
/* Closes c if open and frees it; NULL is safe. */
void wl_conn_free(struct wl_conn *c);
/* (Re)connects c to 127.0.0.1:port: WL_OK or WL_ERR_IO (c then not open). */
int wl_conn_open(struct wl_conn *c, int port);
/* Whether c holds a connection (a failed exchange leaves it closed). */
bool wl_conn_is_open(const struct wl_conn *c);

/* Sends the len bytes of req on c (connecting to 127.0.0.1:port when it is not open) and reads the
 * whole answer within timeout_ms; r is set on every path. A kept-alive connection the server had
 * closed gets one more try on a new one. Closes c after an answer that ends the connection and after
 * any failure. WL_OK (whatever the status), WL_ERR_IO, WL_ERR_TIMEOUT or WL_ERR_PROTO. req is
 * borrowed for the call. */
int wl_exchange(struct wl_conn *c, int port, const char *req, size_t len, int timeout_ms, struct wl_response *r);

#endif
