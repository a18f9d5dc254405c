/* SPDX-License-Identifier: MIT
 * http.c — parsing the parts of a request that come as text (query strings, urlencoded forms,
 * cookies, one multipart file) and the small response helpers of http.h. Every decoded value is
 * checked to be UTF-8 without control characters before a handler sees it. */
#include "http.h"

#include "hl.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes s[0..n) (+ as space, %XX) into a new string; NULL on a bad escape (*bad_escape) or no
 * memory. */
static char *decode(const char *s, size_t n, bool *bad_escape)
{
	char *out = malloc(n + 1), *o = out;

	*bad_escape = false;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int a = i + 1 < n ? hexval(s[i + 1]) : -1, b = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (a < 0 || b < 0 || (a == 0 && b == 0)) {
				free(out);
				*bad_escape = true;
				return NULL;
			}
			*o++ = (char)(a * 16 + b);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* UTF-8 without control characters; in values tab, CR and LF are allowed (notes). */
static bool clean(const char *s, bool value)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);

	while (n) {
		uint32_t cp;
		size_t k = text_utf8_decode(p, n, &cp);
		if (!k)
			return false;
		if ((cp < 0x20 && !(value && (cp == '\t' || cp == '\r' || cp == '\n'))) || cp == 0x7f ||
		    (cp >= 0x80 && cp < 0xa0))
			return false;
		p += k;
		n -= k;
	}
	return true;
}

static _Thread_local char bad_name[40];

static void note_bad(const char **bad, const char *name, size_t n)
{
	if (!bad)
		return;
	if (n >= sizeof bad_name)
		n = sizeof bad_name - 1;
	memcpy(bad_name, name, n);
	bad_name[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)bad_name[i] < 0x20 || (unsigned char)bad_name[i] >= 0x7f)
			bad_name[i] = '?';
	*bad = bad_name[0] ? bad_name : "?";
}

int http_params_parse(struct http_params *p, const char *s, size_t len, const char **bad)
{
	size_t i = 0;

	if (bad)
		*bad = NULL;
	while (i < len) {
		size_t end = i, eq;
		bool esc;
		char *name, *value;

		while (end < len && s[end] != '&')
			end++;
		if (end == i) { /* "a=1&&b=2": an empty pair is skipped */
			i++;
			continue;
		}
		for (eq = i; eq < end && s[eq] != '='; eq++)
			;
		if (eq == i) {
			note_bad(bad, "?", 1);
			return HL_ERR_INVALID;
		}
		if (p->n >= HTTP_PARAMS_MAX) {
			note_bad(bad, s + i, eq - i);
			return HL_ERR_RANGE;
		}
		name = decode(s + i, eq - i, &esc);
		if (!name) {
			note_bad(bad, s + i, eq - i);
			return esc ? HL_ERR_INVALID : HL_ERR_NOMEM;
		}
		value = eq < end ? decode(s + eq + 1, end - eq - 1, &esc) : strdup("");
		if (!value || !clean(name, false) || !clean(value, true)) {
			int rc = value || esc ? HL_ERR_INVALID : HL_ERR_NOMEM;
			note_bad(bad, name, strlen(name));
			free(name);
			free(value);
			return rc;
		}
		p->v[p->n].name = name;
		p->v[p->n].value = value;
		p->n++;
		i = end + 1;
	}
	return HL_OK;
}

int http_params_add(struct http_params *p, const char *name, const char *value)
{
	char *n, *v;

	if (!name[0] || !clean(name, false) || !clean(value, true))
		return HL_ERR_INVALID;
	if (p->n >= HTTP_PARAMS_MAX)
		return HL_ERR_RANGE;
	n = strdup(name);
	v = strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return HL_ERR_NOMEM;
	}
	p->v[p->n].name = n;
	p->v[p->n].value = v;
	p->n++;
	return HL_OK;
}

const char *http_param(const struct http_params *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value;
	return NULL;
}

void http_params_free(struct http_params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].name);
		free(p->v[i].value);
	}
	p->n = 0;
}

bool http_cookie(const char *header, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	const char *s = header;

	if (!s)
		return false;
	while (*s) {
		while (*s == ' ' || *s == ';')
			s++;
		const char *end = strchr(s, ';');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		if (n > nl && strncmp(s, name, nl) == 0 && s[nl] == '=') {
			size_t vl = n - nl - 1;
			if (vl >= cap)
				return false;
			memcpy(out, s + nl + 1, vl);
			out[vl] = '\0';
			return true;
		}
		if (!end)
			break;
		s = end + 1;
	}
	return false;
}

static const char *memfind(const char *h, size_t hn, const char *n, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	for (size_t i = 0; i + nn <= hn; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nn) == 0)
			return h + i;
	return NULL;
}

int http_multipart_file(const char *content_type, const char *body, size_t len, const char *field,
			const char **data, size_t *dlen, char *filename, size_t fcap)
{
	char delim[90], want[120];
	const char *b, *p, *end = body + len;
	size_t bl, dl;

	*data = NULL;
	*dlen = 0;
	if (fcap)
		filename[0] = '\0';
	if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0 ||
	    !(b = strstr(content_type, "boundary=")))
		return HL_ERR_INVALID;
	b += 9;
	if (*b == '"')
		b++;
	for (bl = 0; b[bl] && b[bl] != '"' && b[bl] != ';' && b[bl] != ' '; bl++)
		;
	if (bl == 0 || bl > 70)
		return HL_ERR_INVALID;
	dl = (size_t)snprintf(delim, sizeof delim, "--%.*s", (int)bl, b);
	snprintf(want, sizeof want, "name=\"%s\"", field);
	p = body;
	while ((p = memfind(p, (size_t)(end - p), delim, dl))) {
		const char *hdr = p + dl, *hend, *part, *next;
		if (end - hdr >= 2 && hdr[0] == '-' && hdr[1] == '-')
			break;
		if (!(hend = memfind(hdr, (size_t)(end - hdr), "\r\n\r\n", 4)))
			return HL_ERR_INVALID;
		part = hend + 4;
		if (!(next = memfind(part, (size_t)(end - part), delim, dl)))
			return HL_ERR_INVALID;
		if (memfind(hdr, (size_t)(hend - hdr), want, strlen(want))) {
			const char *fn = memfind(hdr, (size_t)(hend - hdr), "filename=\"", 10);
			if (fn && fcap) {
				size_t k = 0;
				fn += 10;
				while (fn < hend && *fn != '"' && k + 1 < fcap)
					filename[k++] = *fn++;
				filename[k] = '\0';
			}
			*data = part;
			*dlen = (size_t)(next - part);
			if (*dlen >= 2 && next[-2] == '\r' && next[-1] == '\n')
				*dlen -= 2;
			return HL_OK;
		}
		p = next;
	}
	return HL_ERR_NOTFOUND;
}

bool http_header_add(struct http_response *rs, const char *name, const char *value)
{
	struct http_header *h;

	if (rs->nheaders >= HTTP_HEADERS_MAX || strpbrk(value, "\r\n") || strpbrk(name, "\r\n:"))
		return false;
	h = &rs->headers[rs->nheaders++];
	snprintf(h->name, sizeof h->name, "%s", name);
	snprintf(h->value, sizeof h->value, "%s", value);
	return true;
}

void http_redirect(struct http_response *rs, const char *location)
{
	rs->status = 303;
	http_header_add(rs, "Location", location);
}

void http_response_free(struct http_response *rs)
{
	buf_free(&rs->body);
}

void http_request_free(struct http_request *rq)
{
	http_params_free(&rq->query);
	http_params_free(&rq->form);
}

const char *http_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "";
	}
}

int http_method_parse(const char *name)
{
	static const char *const names[] = { [HTTP_GET] = "GET", [HTTP_HEAD] = "HEAD", [HTTP_POST] = "POST",
					      [HTTP_PUT] = "PUT", [HTTP_DELETE] = "DELETE" };
	for (int i = 0; i < HTTP_OTHER; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return HTTP_OTHER;
}
