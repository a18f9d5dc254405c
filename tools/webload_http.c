/* SPDX-License-Identifier: MIT
 * webload_http.c — hailong-webload's HTTP/1.1 client over one keep-alive connection to 127.0.0.1:
 * connect, send a request, read one whole response (status line, the headers it cares about —
 * Content-Length, Transfer-Encoding, Connection, the hl_session cookie — and the body, dropped:
 * by its length, chunked, or up to the close), all within the request's deadline on the monotonic
 * clock; and the one retry on a fresh connection for a request that found its kept-alive connection
 * already closed. Owns each connection's socket and read buffer; knows nothing of options, threads
 * or statistics (webload.c). */
#include "webload_http.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define LINE_MAX_LEN 8192 /* a status or header line; longer is a bad response */

int64_t wl_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- one connection with a read buffer ---------------------------------------------------------- */

struct wl_conn {
	int fd;          /* -1: not connected */
	int served;      /* responses read on this connection */
	int64_t until;   /* the current request's deadline (monotonic ns) */
	size_t pos, len; /* unread bytes are buf[pos..len) */
	char buf[16384];
};

static void conn_close(struct wl_conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->served = 0;
	c->pos = c->len = 0;
}

struct wl_conn *wl_conn_new(void)
{
	struct wl_conn *c = malloc(sizeof *c);

	if (c) {
		c->fd = -1;
		conn_close(c);
	}
	return c;
}

void wl_conn_free(struct wl_conn *c)
{
	if (c)
		conn_close(c);
	free(c);
}

bool wl_conn_is_open(const struct wl_conn *c)
{
	return c->fd >= 0;
}

int wl_conn_open(struct wl_conn *c, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1;

	conn_close(c);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return WL_ERR_IO;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(c->fd, (struct sockaddr *)&a, sizeof a) != 0) {
		conn_close(c);
		return WL_ERR_IO;
	}
	return WL_OK;
}

/* Waits until fd is ready for events or the request's deadline passes. */
static int conn_wait(const struct wl_conn *c, short events)
{
	for (;;) {
		int64_t left = (c->until - wl_now_ns()) / 1000000;
		struct pollfd p = { .fd = c->fd, .events = events };
		if (left <= 0)
			return WL_ERR_TIMEOUT;
		int r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return WL_OK;
		if (r < 0 && errno != EINTR)
			return WL_ERR_IO;
	}
}

static int conn_send(struct wl_conn *c, const char *p, size_t n)
{
	while (n > 0) {
		int rc = conn_wait(c, POLLOUT);
		if (rc != WL_OK)
			return rc;
		ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (w <= 0)
			return WL_ERR_IO;
		p += w;
		n -= (size_t)w;
	}
	return WL_OK;
}

/* Reads more into the buffer (compacting it first). WL_OK, WL_ERR_IO (also at end of stream, with
 * *eof set) or WL_ERR_TIMEOUT. */
static int conn_fill(struct wl_conn *c, bool *eof)
{
	*eof = false;
	if (c->pos > 0) {
		memmove(c->buf, c->buf + c->pos, c->len - c->pos);
		c->len -= c->pos;
		c->pos = 0;
	}
	if (c->len == sizeof c->buf)
		return WL_ERR_PROTO;
	for (;;) {
		int rc = conn_wait(c, POLLIN);
		if (rc != WL_OK)
			return rc;
		ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, MSG_DONTWAIT);
		if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (r == 0)
			*eof = true;
		if (r <= 0)
			return WL_ERR_IO;
		c->len += (size_t)r;
		return WL_OK;
	}
}

/* One line without its CRLF (or LF) into out. */
static int conn_line(struct wl_conn *c, char *out, size_t cap, bool *eof)
{
	for (;;) {
		char *nl = memchr(c->buf + c->pos, '\n', c->len - c->pos);
		if (nl) {
			size_t n = (size_t)(nl - (c->buf + c->pos));
			if (n > 0 && nl[-1] == '\r')
				n--;
			if (n >= cap)
				return WL_ERR_PROTO;
			memcpy(out, c->buf + c->pos, n);
			out[n] = '\0';
			c->pos = (size_t)(nl - c->buf) + 1;
			return WL_OK;
		}
		if (c->len - c->pos >= cap)
			return WL_ERR_PROTO;
		int rc = conn_fill(c, eof);
		if (rc != WL_OK)
			return rc;
	}
}

/* Reads and drops n body bytes. */
static int conn_skip(struct wl_conn *c, uint64_t n)
{
	bool eof;

	while (n > 0) {
		if (c->pos == c->len) {
			int rc = conn_fill(c, &eof);
			if (rc != WL_OK)
				return rc;
		}
		size_t have = c->len - c->pos;
		size_t take = n < have ? (size_t)n : have;
		c->pos += take;
		n -= take;
	}
	return WL_OK;
}

/* ---- one response --------------------------------------------------------------------------------- */

static bool starts_with_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static const char *header_value(const char *line)
{
	const char *v = strchr(line, ':');

	if (!v)
		return NULL;
	for (v++; *v == ' ' || *v == '\t'; v++)
		;
	return v;
}

static int read_chunked(struct wl_conn *c)
{
	char line[LINE_MAX_LEN];
	bool eof;
	int rc;

	for (;;) {
		char *end;
		if ((rc = conn_line(c, line, sizeof line, &eof)) != WL_OK)
			return rc;
		errno = 0;
		unsigned long long n = strtoull(line, &end, 16);
		if (end == line || errno)
			return WL_ERR_PROTO;
		if (n == 0)
			break;
		if ((rc = conn_skip(c, n)) != WL_OK || (rc = conn_line(c, line, sizeof line, &eof)) != WL_OK)
			return rc;
		if (line[0])
			return WL_ERR_PROTO;
	}
	do { /* trailers, up to the empty line */
		if ((rc = conn_line(c, line, sizeof line, &eof)) != WL_OK)
			return rc;
	} while (line[0]);
	return WL_OK;
}

/* Reads one whole response; r is set on every path. A response without length or chunking runs to
 * the close. */
static int read_response(struct wl_conn *c, struct wl_response *r)
{
	char line[LINE_MAX_LEN];
	bool eof = false, chunked, have_len;
	uint64_t clen;
	int rc;

	memset(r, 0, sizeof *r);
	r->close = true;
	do { /* 1xx answers come before the real one */
		bool first = r->status == 0;
		rc = conn_line(c, line, sizeof line, &eof);
		if (rc != WL_OK) {
			/* Closed (or reset) before a byte of the answer: the server had let it go. */
			r->none = first && c->len == c->pos && rc == WL_ERR_IO;
			return rc;
		}
		int major, minor;
		if (sscanf(line, "HTTP/%d.%d %d", &major, &minor, &r->status) != 3)
			return WL_ERR_PROTO;
		r->close = major < 1 || (major == 1 && minor == 0);
		chunked = have_len = false;
		clen = 0;
		for (;;) {
			if ((rc = conn_line(c, line, sizeof line, &eof)) != WL_OK)
				return rc;
			if (!line[0])
				break;
			const char *v = header_value(line);
			if (!v)
				return WL_ERR_PROTO;
			if (starts_with_ci(line, "Content-Length:")) {
				char *end;
				errno = 0;
				clen = strtoull(v, &end, 10);
				if (end == v || errno)
					return WL_ERR_PROTO;
				have_len = true;
			} else if (starts_with_ci(line, "Transfer-Encoding:")) {
				chunked = strcasestr(v, "chunked") != NULL;
			} else if (starts_with_ci(line, "Connection:")) {
				if (strcasestr(v, "close"))
					r->close = true;
				else if (strcasestr(v, "keep-alive"))
					r->close = false;
			} else if (starts_with_ci(line, "Set-Cookie:") && starts_with_ci(v, "hl_session=")) {
				size_t n = strcspn(v, ";");
				if (n < sizeof r->session)
					snprintf(r->session, sizeof r->session, "%.*s", (int)n, v);
			}
		}
	} while (r->status >= 100 && r->status < 200);
	if (r->status == 204 || r->status == 304)
		return WL_OK;
	if (chunked)
		return read_chunked(c);
	if (have_len)
		return conn_skip(c, clen);
	r->close = true;
	for (;;) { /* to the end of the stream */
		c->pos = c->len;
		rc = conn_fill(c, &eof);
		if (eof)
			return WL_OK;
		if (rc != WL_OK)
			return rc;
	}
}

/* One retry, and only for a request sent on a reused connection that got not a byte back (and not
 * for a timeout): that is the server having closed an idle connection, which browsers also retry. */
int wl_exchange(struct wl_conn *c, int port, const char *req, size_t len, int timeout_ms, struct wl_response *r)
{
	int rc = WL_ERR_IO;

	memset(r, 0, sizeof *r);
	c->until = wl_now_ns() + (int64_t)timeout_ms * 1000000;
	for (int attempt = 0; attempt < 2; attempt++) {
		bool reused = c->fd >= 0 && c->served > 0;
		if (c->fd < 0 && (rc = wl_conn_open(c, port)) != WL_OK)
			return rc;
		rc = conn_send(c, req, len);
		if (rc == WL_OK)
			rc = read_response(c, r);
		else
			r->none = true;
		if (rc == WL_OK) {
			c->served++;
			if (r->close)
				conn_close(c);
			return WL_OK;
		}
		conn_close(c);
		if (!(reused && r->none && rc != WL_ERR_TIMEOUT))
			break;
	}
	return rc;
}

