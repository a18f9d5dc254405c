/* SPDX-License-Identifier: MIT
 * mime.c — builds an e-mail's text (mime.h). Everything that comes from outside — addresses,
 * names, the subject — is either refused (an address with a blank, a control character or angle
 * brackets) or encoded (encoded-words, base64), so no text can add a header or end the message.
 * The multipart boundary "=_hailong_ID" cannot occur inside base64 (no '_' in its alphabet). */
#include "mime.h"

#include "hl.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct mbuf {
	char *p;
	size_t n, cap;
	int rc;
};

static void mb_add(struct mbuf *b, const char *s, size_t n)
{
	if (b->rc != HL_OK)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->rc = HL_ERR_NOMEM;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void mb_str(struct mbuf *b, const char *s)
{
	mb_add(b, s, strlen(s));
}

static void mb_fmt(struct mbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mb_fmt(struct mbuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof tmp) {
		b->rc = b->rc ? b->rc : HL_ERR_RANGE;
		return;
	}
	mb_add(b, tmp, (size_t)k);
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t mime_base64(const unsigned char *s, size_t n, char *out, size_t cap)
{
	size_t need = (n + 2) / 3 * 4, k = 0;

	if (cap < need + 1)
		return 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < n ? (unsigned)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
		out[k++] = b64[v >> 18 & 63];
		out[k++] = b64[v >> 12 & 63];
		out[k++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[k++] = i + 2 < n ? b64[v & 63] : '=';
	}
	out[k] = '\0';
	return k;
}

/* bytes in base64, 76 characters a line, each ended by CRLF. */
static void mb_base64(struct mbuf *b, const unsigned char *s, size_t n)
{
	char line[80];

	for (size_t i = 0; i < n; i += 57) {
		size_t k = mime_base64(s + i, n - i < 57 ? n - i : 57, line, sizeof line);
		mb_add(b, line, k);
		mb_add(b, "\r\n", 2);
	}
}

/* The body text with every line end made CRLF, then in base64. */
static void mb_text(struct mbuf *b, const char *text)
{
	struct mbuf t = { 0 };

	for (const char *p = text; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n')
			mb_add(&t, "\r\n", 2);
		else
			mb_add(&t, p, 1);
	}
	if (t.rc != HL_OK) {
		b->rc = t.rc;
		free(t.p);
		return;
	}
	mb_base64(b, (const unsigned char *)(t.p ? t.p : ""), t.n);
	free(t.p);
}

static bool mime_plain(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e || (*p == '=' && p[1] == '?'))
			return false;
	return true;
}

/* The length of the UTF-8 character starting with byte c (1 for a stray byte). */
static size_t mime_charlen(unsigned char c)
{
	return c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

int mime_header(const char *name, const char *text, char *out, size_t cap)
{
	size_t used, len = strlen(text);
	int k = snprintf(out, cap, "%s:", name);

	if (k < 0 || (size_t)k >= cap)
		return HL_ERR_RANGE;
	used = (size_t)k;
	if (mime_plain(text) && used + 1 + len + 2 <= MIME_LINE_MAX) {
		k = snprintf(out + used, cap - used, " %s\r\n", text);
		return k < 0 || (size_t)k >= cap - used ? HL_ERR_RANGE : HL_OK;
	}
	/* Encoded-words of at most 39 bytes (52 base64 characters: 64 with "=?UTF-8?B?" and "?="), one a
	 * line, cut between characters so each decodes alone (RFC 2047 §5). */
	for (size_t i = 0; i < len || i == 0;) {
		size_t j = i;
		while (j < len) {
			size_t c = mime_charlen((unsigned char)text[j]);
			if (j + c - i > 39 || j + c > len)
				break;
			j += c;
		}
		if (j == i && i < len)
			j = i + 1; /* a stray byte that is longer than what is left */
		char enc[64];
		mime_base64((const unsigned char *)text + i, j - i, enc, sizeof enc);
		k = snprintf(out + used, cap - used, " =?UTF-8?B?%s?=\r\n", enc);
		if (k < 0 || (size_t)k >= cap - used)
			return HL_ERR_RANGE;
		used += (size_t)k;
		i = j;
		if (i >= len)
			break;
		/* fold: the CRLF written above is followed by the next word's leading blank */
	}
	return HL_OK;
}

static bool mime_address_ok(const char *a)
{
	const char *at;

	if (!a || !a[0] || strlen(a) > 254 || !(at = strchr(a, '@')) || at == a || !at[1])
		return false;
	for (const unsigned char *p = (const unsigned char *)a; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || *p == '<' || *p == '>' || *p == '"' || *p == ',' || *p == ';' ||
		    *p == '(' || *p == ')' || *p == '\\')
			return false;
	return true;
}

int mime_message_id(const struct mime_mail *m, char *out, size_t cap)
{
	const char *at = m->from ? strrchr(m->from, '@') : NULL;
	int k;

	if (!at || !mime_address_ok(m->from))
		return HL_ERR_INVALID;
	k = snprintf(out, cap, "hailong.%lld.%lld@%s", (long long)m->id, (long long)m->created, at + 1);
	return k < 0 || (size_t)k >= cap ? HL_ERR_RANGE : HL_OK;
}

/* A header parameter's value kept to what needs no quoting rules: printable ASCII but '"', '\\',
 * ';' (for a mime type: the parameters it has are kept). */
static void mime_safe(const char *in, char *out, size_t cap, bool keep_semicolon)
{
	size_t k = 0;

	for (const unsigned char *p = (const unsigned char *)in; *p && k + 1 < cap; p++)
		out[k++] = *p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\' || (*p == ';' && !keep_semicolon) ? '_' : (char)*p;
	out[k] = '\0';
}

int mime_build(const struct mime_mail *m, char **out, size_t *len)
{
	struct mbuf b = { 0 };
	char hdr[2048], mid[400], date[64], boundary[64];
	struct tm tm;
	time_t t;
	int off, rc;

	*out = NULL;
	*len = 0;
	if (!mime_address_ok(m->from) || !mime_address_ok(m->to))
		return HL_ERR_INVALID;
	if ((rc = mime_message_id(m, mid, sizeof mid)) != HL_OK)
		return rc;
	t = (time_t)(m->date + m->utc_offset);
	gmtime_r(&t, &tm);
	off = m->utc_offset / 60;
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S", &tm); /* C locale: the daemon never sets one */
	if (m->from_name && m->from_name[0]) {
		if ((rc = mime_header("From", m->from_name, hdr, sizeof hdr)) != HL_OK)
			return rc;
		mb_str(&b, hdr);
		mb_fmt(&b, " <%s>\r\n", m->from);
	} else {
		mb_fmt(&b, "From: <%s>\r\n", m->from);
	}
	mb_fmt(&b, "To: <%s>\r\n", m->to);
	if ((rc = mime_header("Subject", m->subject ? m->subject : "", hdr, sizeof hdr)) != HL_OK) {
		free(b.p);
		return rc;
	}
	mb_str(&b, hdr);
	mb_fmt(&b, "Date: %s %c%02d%02d\r\n", date, off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
	mb_fmt(&b, "Message-ID: <%s>\r\n", mid);
	mb_str(&b, "MIME-Version: 1.0\r\n");
	snprintf(boundary, sizeof boundary, "=_hailong_%lld", (long long)m->id);
	if (m->nparts) {
		mb_fmt(&b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
		mb_str(&b, "This is a message in MIME format.\r\n");
		mb_fmt(&b, "--%s\r\n", boundary);
	}
	mb_str(&b, "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n");
	mb_text(&b, m->body ? m->body : "");
	for (size_t i = 0; i < m->nparts && i < MESSAGE_PARTS_MAX; i++) {
		char name[61], mime[64];
		mime_safe(m->parts[i].name[0] ? m->parts[i].name : "attachment", name, sizeof name, false);
		mime_safe(m->parts[i].mime[0] ? m->parts[i].mime : "application/octet-stream", mime, sizeof mime, true);
		mb_fmt(&b, "--%s\r\nContent-Type: %s;\r\n name=\"%s\"\r\n", boundary, mime, name);
		mb_fmt(&b, "Content-Disposition: attachment;\r\n filename=\"%s\"\r\n", name);
		mb_str(&b, "Content-Transfer-Encoding: base64\r\n\r\n");
		mb_base64(&b, m->parts[i].bytes ? m->parts[i].bytes : (const unsigned char *)"", m->parts[i].len);
	}
	if (m->nparts)
		mb_fmt(&b, "--%s--\r\n", boundary);
	if (b.rc != HL_OK) {
		free(b.p);
		return b.rc;
	}
	*out = b.p;
	*len = b.n;
	return HL_OK;
}
