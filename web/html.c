/* SPDX-License-Identifier: MIT
 * html.c — the escaping writers of html.h. Every byte a page sends passes through one of them. */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_raw(struct buf *b, const char *markup)
{
	buf_puts(b, markup);
}

static void escape(struct buf *b, const char *s, bool attr)
{
	const char *run = s;

	if (!s)
		return;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\r': rep = attr ? "&#13;" : NULL; break;
		default: break;
		}
		if (!rep)
			continue;
		buf_put(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_put(b, run, (size_t)(s - run));
}

void html_txt(struct buf *b, const char *text)
{
	escape(b, text, false);
}

void html_attr(struct buf *b, const char *value)
{
	escape(b, value, true);
}

void html_txtf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256], *p = small;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof small) {
		if (!(p = malloc((size_t)n + 1))) {
			b->failed = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	escape(b, p, false);
	if (p != small)
		free(p);
}

void html_url(struct buf *b, const char *component)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)component;

	if (!s)
		return;
	for (; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-' || *s == '.' || *s == '_' || *s == '~') {
			buf_put(b, s, 1);
		} else {
			char e[3] = { '%', hex[*s >> 4], hex[*s & 15] };
			buf_put(b, e, 3);
		}
	}
}
