/* SPDX-License-Identifier: MIT
 * escape.c — one walk over the bytes decodes UTF-8 by hand (text.c, no locale), so the result is the
 * same on every machine; a sequence that is overlong, a surrogate or cut short is escaped byte by
 * byte. Which characters are escaped is text.c's list of those names may not hold. */
#include "escape.h"

#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The characters names may not hold (text.h) are the ones a reader must not be shown raw. */
static bool escape_hidden(uint32_t cp)
{
	return text_refused(cp) != NULL;
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
		size_t k = text_utf8_decode(s + i, n - i, &cp), w;
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
		size_t k = text_utf8_decode(s + i, n - i, &cp);
		if (k == 0 || cp == '\\' || escape_hidden(cp))
			return false;
		i += k;
	}
	return true;
}
