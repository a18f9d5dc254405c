/* SPDX-License-Identifier: MIT
 * escape.c — one walk over the bytes decodes UTF-8 by hand (no locale), so the result is the same on
 * every machine; a sequence that is overlong, a surrogate or cut short is escaped byte by byte. */
#include "escape.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the UTF-8 sequence at s (n bytes left) and its code point, or 0 when it is not one. */
static size_t escape_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t more;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		more = 1;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		more = 2;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		more = 3;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (more >= n)
		return 0;
	for (size_t i = 1; i <= more; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((more == 2 && c < 0x800) || (more == 3 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return more + 1;
}

static bool escape_hidden(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2069) ||
	       cp == 0xfeff;
}

size_t escape_text(char *dst, size_t cap, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0;

	if (cap == 0)
		return 0;
	for (size_t i = 0; i < n;) {
		char tmp[16];
		uint32_t cp = 0;
		size_t k = escape_utf8(s + i, n - i, &cp), w;
		const char *out = tmp;
		if (k == 0) {
			w = (size_t)snprintf(tmp, sizeof tmp, "\\x%02X", s[i]);
			k = 1;
		} else if (cp == '\n' || cp == '\t' || cp == '\r' || cp == '\\') {
			tmp[0] = '\\';
			tmp[1] = cp == '\n' ? 'n' : cp == '\t' ? 't' : cp == '\r' ? 'r' : '\\';
			w = 2;
		} else if (escape_hidden(cp)) {
			w = cp < 0x80 ? (size_t)snprintf(tmp, sizeof tmp, "\\x%02X", (unsigned)cp)
				      : (size_t)snprintf(tmp, sizeof tmp, "\\u{%04X}", (unsigned)cp);
		} else {
			out = (const char *)s + i;
			w = k;
		}
		if (o + w >= cap)
			break;
		memcpy(dst + o, out, w);
		o += w;
		i += k;
	}
	dst[o] = '\0';
	return o;
}

bool escape_clean(const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = escape_utf8(s + i, n - i, &cp);
		if (k == 0 || cp == '\\' || escape_hidden(cp))
			return false;
		i += k;
	}
	return true;
}
