/* SPDX-License-Identifier: MIT
 * text.c — the one list of characters a name may not hold, with the name people know each by, so an
 * error can say which character it found and where. It decodes UTF-8 itself (strictly: no overlong
 * forms, no surrogates, nothing past U+10FFFF) because it must tell the offset of what it refuses;
 * wire_text_valid stays the check for free text, which this one is stricter than. */
#include "text.h"

#include <stdio.h>
#include <string.h>

/* A range of refused code points and the name shown for each of them. */
struct text_refused {
	uint32_t lo, hi;
	const char *what;
};

/* A single code point comes before the range that holds it, so the first match gives its own name.
 * Noncharacters are checked apart (they repeat in every plane). */
static const struct text_refused refused[] = {
	{ 0x0009, 0x0009, "tab, a control character" },
	{ 0x000A, 0x000A, "line feed, a control character" },
	{ 0x000D, 0x000D, "carriage return, a control character" },
	{ 0x0001, 0x001F, "control character" },
	{ 0x007F, 0x007F, "delete, a control character" },
	{ 0x0085, 0x0085, "next line, a C1 control character" },
	{ 0x0080, 0x009F, "C1 control character" },
	{ 0x00AD, 0x00AD, "soft hyphen, invisible" },
	{ 0x034F, 0x034F, "combining grapheme joiner, invisible" },
	{ 0x061C, 0x061C, "Arabic letter mark, a bidi control" },
	{ 0x115F, 0x1160, "Hangul filler, invisible" },
	{ 0x17B4, 0x17B5, "Khmer inherent vowel, invisible" },
	{ 0x180E, 0x180E, "Mongolian vowel separator, invisible" },
	{ 0x180B, 0x180F, "Mongolian variation selector, invisible" },
	{ 0x200B, 0x200B, "zero width space" },
	{ 0x200C, 0x200C, "zero width non-joiner" },
	{ 0x200D, 0x200D, "zero width joiner" },
	{ 0x200E, 0x200E, "left-to-right mark" },
	{ 0x200F, 0x200F, "right-to-left mark" },
	{ 0x2028, 0x2028, "line separator" },
	{ 0x2029, 0x2029, "paragraph separator" },
	{ 0x202A, 0x202A, "left-to-right embedding" },
	{ 0x202B, 0x202B, "right-to-left embedding" },
	{ 0x202C, 0x202C, "pop directional formatting" },
	{ 0x202D, 0x202D, "left-to-right override" },
	{ 0x202E, 0x202E, "right-to-left override" },
	{ 0x2060, 0x2060, "word joiner, invisible" },
	{ 0x2061, 0x2064, "invisible operator" },
	{ 0x2065, 0x2065, "unassigned format character, invisible" },
	{ 0x2066, 0x2066, "left-to-right isolate" },
	{ 0x2067, 0x2067, "right-to-left isolate" },
	{ 0x2068, 0x2068, "first strong isolate" },
	{ 0x2069, 0x2069, "pop directional isolate" },
	{ 0x206A, 0x206F, "deprecated format character, invisible" },
	{ 0x3164, 0x3164, "Hangul filler, invisible" },
	{ 0xFE00, 0xFE0F, "variation selector, invisible" },
	{ 0xFEFF, 0xFEFF, "zero width no-break space (byte order mark)" },
	{ 0xFFA0, 0xFFA0, "halfwidth Hangul filler, invisible" },
	{ 0xFFF9, 0xFFFB, "interlinear annotation character" },
	{ 0x1D173, 0x1D17A, "musical format character, invisible" },
	{ 0xE0000, 0xE007F, "tag character, invisible" },
	{ 0xE0100, 0xE01EF, "variation selector, invisible" },
};

const char *text_refused(uint32_t cp)
{
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return "noncharacter";
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (cp >= refused[i].lo && cp <= refused[i].hi)
			return refused[i].what;
	return NULL;
}

size_t text_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t more;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		more = 1;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		more = 2;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		more = 3;
		c = p[0] & 0x07;
	} else {
		return 0;
	}
	if (more >= n)
		return 0;
	for (size_t i = 1; i <= more; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((more == 2 && c < 0x800) || (more == 3 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return more + 1;
}

bool text_name_valid(const char *s, size_t max_bytes, struct text_fault *fault)
{
	const unsigned char *p = (const unsigned char *)s;
	struct text_fault f = { .kind = TEXT_FAULT_NONE, .what = "none" };
	size_t n = 0;

	while (p[n]) {
		uint32_t cp;
		size_t len = text_utf8_decode(p + n, SIZE_MAX - n, &cp); /* NUL-terminated: a NUL never continues UTF-8 */
		const char *what;
		if (len == 0) {
			f = (struct text_fault){ TEXT_FAULT_BYTE, n + 1, p[n], "byte that is not UTF-8" };
			break;
		}
		if ((what = text_refused(cp))) {
			f = (struct text_fault){ TEXT_FAULT_CHARACTER, n + 1, cp, what };
			break;
		}
		n += len;
	}
	if (f.kind == TEXT_FAULT_NONE && n > max_bytes)
		f = (struct text_fault){ TEXT_FAULT_LENGTH, n, 0, "too long" };
	if (fault)
		*fault = f;
	return f.kind == TEXT_FAULT_NONE;
}

char *text_fault_describe(const struct text_fault *fault, char *buf, size_t cap)
{
	switch (fault->kind) {
	case TEXT_FAULT_BYTE:
		snprintf(buf, cap, "byte 0x%02X that is not UTF-8 at byte %zu", (unsigned)fault->cp, fault->byte);
		break;
	case TEXT_FAULT_CHARACTER:
		snprintf(buf, cap, "U+%04X (%s) at byte %zu", (unsigned)fault->cp, fault->what, fault->byte);
		break;
	case TEXT_FAULT_LENGTH:
		snprintf(buf, cap, "%zu bytes long", fault->byte);
		break;
	default:
		snprintf(buf, cap, "no fault");
		break;
	}
	return buf;
}

char *text_shown(const char *s, size_t max_chars, char *buf, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, chars = 0;

	buf[0] = '\0';
	while (*p) {
		char piece[16];
		size_t plen, len;
		uint32_t cp;
		if (chars == max_chars) {
			snprintf(piece, sizeof piece, "...");
			plen = 3;
			len = strlen((const char *)p);
		} else if ((len = text_utf8_decode(p, SIZE_MAX, &cp)) == 0) {
			plen = (size_t)snprintf(piece, sizeof piece, "\\x%02X", *p);
			len = 1;
		} else if (text_refused(cp)) {
			plen = (size_t)snprintf(piece, sizeof piece, "<U+%04X>", (unsigned)cp);
		} else {
			memcpy(piece, p, len);
			plen = len;
		}
		if (n + plen >= cap)
			break;
		memcpy(buf + n, piece, plen);
		n += plen;
		buf[n] = '\0';
		p += len;
		chars++;
	}
	return buf;
}

/* ---- display width ----------------------------------------------------------------------------- */

static bool text_combining(uint32_t cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

static bool text_wide(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int cols = 0;

	while (p && *p) {
		uint32_t cp;
		size_t len = text_utf8_decode(p, SIZE_MAX, &cp); /* NUL-terminated: a NUL never continues UTF-8 */
		if (len == 0) {
			cols++;
			p++;
			continue;
		}
		cols += text_combining(cp) ? 0 : text_wide(cp) ? 2 : 1;
		p += len;
	}
	return cols;
}

int text_width_max(int w, const char *s)
{
	int n = text_width(s);

	return n > w ? n : w;
}

void text_pad(void *out, const char *s, int width, bool right)
{
	FILE *f = out;
	int pad = width - text_width(s);

	if (!right)
		fputs(s, f);
	for (; pad > 0; pad--)
		fputc(' ', f);
	if (right)
		fputs(s, f);
}
