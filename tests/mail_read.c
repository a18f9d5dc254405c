/* SPDX-License-Identifier: MIT
 * mail_read.c — base64 and encoded-words read back, for the tests (mail_read.h). */
#include "mail_read.h"

#include <string.h>

static int mail_b64val(char c)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = c ? strchr(a, c) : NULL;

	return p ? (int)(p - a) : -1;
}

size_t mail_unb64(const char *s, size_t n, char *out)
{
	unsigned v = 0;
	int bits = 0;
	size_t k = 0;

	for (size_t i = 0; i < n && s[i]; i++) {
		int d = mail_b64val(s[i]);
		if (d < 0)
			continue;
		v = v << 6 | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[k++] = (char)(v >> bits & 0xff);
		}
	}
	out[k] = '\0';
	return k;
}

size_t mail_words(const char *h, char *out)
{
	const char *end = strstr(h, "\r\n");
	size_t longest = 0;

	while (end && end[2] == ' ') /* folded: the header goes on */
		end = strstr(end + 2, "\r\n");
	out[0] = '\0';
	for (const char *w = h; (w = strstr(w, "=?UTF-8?B?")) && (!end || w < end);) {
		const char *e = strstr(w + 10, "?=");
		if (!e)
			break;
		if ((size_t)(e + 2 - w) > longest)
			longest = (size_t)(e + 2 - w);
		mail_unb64(w + 10, (size_t)(e - w - 10), out + strlen(out));
		w = e + 2;
	}
	return longest;
}
