/* SPDX-License-Identifier: MIT
 * harness_http.c — the integration tests' HTTP client (harness_http.h). Plain sockets: the tests
 * must see exactly the bytes hailong-web sends. */
#include "harness_http.h"

#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define REPLY_MAX (4u << 20)

static int dial(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
		if (k <= 0)
			return false;
		p += k;
		n -= (size_t)k;
	}
	return true;
}

static bool send_request(int fd, int port, const char *method, const char *path, const char *headers,
			 const char *body, size_t blen, bool keep)
{
	char head[4096];
	int n = snprintf(head, sizeof head,
			 "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%sContent-Length: %zu\r\nConnection: %s\r\n\r\n", method,
			 path, port, headers ? headers : "", blen, keep ? "keep-alive" : "close");
	return n > 0 && (size_t)n < sizeof head && send_all(fd, head, (size_t)n) && (!blen || send_all(fd, body, blen));
}

/* Undoes chunked transfer coding in place; returns the new length. */
static size_t dechunk(char *p, size_t n)
{
	size_t in = 0, out = 0;

	while (in < n) {
		char *end;
		unsigned long sz = strtoul(p + in, &end, 16);
		char *crlf = strstr(p + in, "\r\n");
		if (!crlf || end == p + in)
			break;
		in = (size_t)(crlf - p) + 2;
		if (sz == 0 || in + sz > n)
			break;
		memmove(p + out, p + in, sz);
		out += sz;
		in += sz + 2;
	}
	p[out] = '\0';
	return out;
}

void http_call(int port, const char *method, const char *path, const char *headers, const char *body, size_t blen,
	       int timeout_ms, struct reply *out)
{
	int64_t until = harness_now_ms() + timeout_ms;
	char *buf = malloc(REPLY_MAX + 1), *sep;
	size_t len = 0;
	int fd;

	memset(out, 0, sizeof *out);
	if (!buf)
		return;
	if ((fd = dial(port)) < 0 || !send_request(fd, port, method, path, headers, body, blen, false)) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return;
	}
	while (len < REPLY_MAX) {
		struct pollfd pf = { fd, POLLIN, 0 };
		int64_t left = until - harness_now_ms();
		if (left <= 0 || poll(&pf, 1, (int)left) <= 0)
			break;
		ssize_t k = recv(fd, buf + len, REPLY_MAX - len, 0);
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	close(fd);
	buf[len] = '\0';
	if (sscanf(buf, "HTTP/1.%*d %d", &out->status) != 1 || !(sep = strstr(buf, "\r\n\r\n"))) {
		out->status = 0;
		free(buf);
		return;
	}
	*sep = '\0';
	out->headers = strdup(buf);
	size_t blen2 = len - (size_t)(sep + 4 - buf);
	out->body = malloc(blen2 + 1);
	memcpy(out->body, sep + 4, blen2);
	out->body[blen2] = '\0';
	out->len = blen2;
	char te[64];
	if (reply_header(out, "Transfer-Encoding", te, sizeof te) && strcasecmp(te, "chunked") == 0)
		out->len = dechunk(out->body, out->len);
	free(buf);
}

void reply_free(struct reply *r)
{
	free(r->headers);
	free(r->body);
	memset(r, 0, sizeof *r);
}

bool reply_header(const struct reply *r, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);

	for (const char *p = r->headers; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (n > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(out, cap, "%.*s", (int)(n - (size_t)(v - p)), v);
			return true;
		}
		if (!eol)
			break;
		p = eol + 2;
	}
	return false;
}

bool http_login(int port, const char *name, const char *password, char *out, size_t cap)
{
	char body[512], cookie[256];
	struct reply r;
	int n = snprintf(body, sizeof body, "name=%s&password=%s", name, password);
	bool ok;

	http_call(port, "POST", "/dang-nhap", "Content-Type: application/x-www-form-urlencoded\r\n", body, (size_t)n,
		  10000, &r);
	ok = r.status == 303 && reply_header(&r, "Set-Cookie", cookie, sizeof cookie);
	if (ok)
		snprintf(out, cap, "%.*s", (int)strcspn(cookie, ";"), cookie);
	reply_free(&r);
	return ok;
}

bool reply_csrf(const struct reply *r, char *out, size_t cap)
{
	const char *p = r->body ? strstr(r->body, "name=\"csrf\" value=\"") : NULL;

	if (!p)
		return false;
	p += strlen("name=\"csrf\" value=\"");
	snprintf(out, cap, "%.*s", (int)strcspn(p, "\""), p);
	return true;
}

bool sse_open(struct sse *s, int port, const char *path, const char *cookie)
{
	char hdr[512];

	memset(s, 0, sizeof *s);
	snprintf(hdr, sizeof hdr, "Cookie: %s\r\nAccept: text/event-stream\r\n", cookie);
	if ((s->fd = dial(port)) < 0)
		return false;
	if (!send_request(s->fd, port, "GET", path, hdr, NULL, 0, true))
		return false;
	if (!sse_wait(s, "\r\n\r\n", 5000))
		return false;
	return strncmp(s->buf, "HTTP/1.1 200", 12) == 0 && strstr(s->buf, "text/event-stream");
}

bool sse_wait(struct sse *s, const char *text, int timeout_ms)
{
	int64_t until = harness_now_ms() + timeout_ms;

	while (!strstr(s->buf, text)) {
		struct pollfd pf = { s->fd, POLLIN, 0 };
		int64_t left = until - harness_now_ms();
		if (left <= 0 || s->len + 1 >= sizeof s->buf || poll(&pf, 1, (int)left) <= 0)
			return false;
		ssize_t k = recv(s->fd, s->buf + s->len, sizeof s->buf - 1 - s->len, 0);
		if (k <= 0)
			return false;
		s->len += (size_t)k;
		s->buf[s->len] = '\0';
	}
	return true;
}

void sse_close(struct sse *s)
{
	if (s->fd > 0)
		close(s->fd);
	s->fd = -1;
}
