/* SPDX-License-Identifier: MIT
 * text.h — is a string fit to be shown as a name? Valid UTF-8 with none of the characters that change
 * how the text around them is drawn or that draw nothing: control characters (C0, DEL, C1), bidi
 * controls (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), zero-width and other invisible
 * characters (U+00AD, U+034F, U+115F–U+1160, U+17B4–U+17B5, U+180B–U+180F, U+200B–U+200D,
 * U+2060–U+2065, U+206A–U+206F, U+3164, U+FE00–U+FE0F, U+FEFF, U+FFA0, U+FFF9–U+FFFB,
 * U+1D173–U+1D17A, tags U+E0000–U+E007F, U+E0100–U+E01EF), line and paragraph separators
 * (U+2028–U+2029) and noncharacters. A right-to-left override in an officer's name reverses the
 * figures after it in a report; a zero-width space makes two names that look the same differ.
 * Pure: no allocation, no state. */
#ifndef HL_TEXT_H
#define HL_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum text_fault_kind {
	TEXT_FAULT_NONE,
	TEXT_FAULT_BYTE,      /* a byte that does not start or continue UTF-8 there (incl. overlong forms, surrogates) */
	TEXT_FAULT_CHARACTER, /* a well-formed character that names may not hold */
	TEXT_FAULT_LENGTH,    /* more bytes than allowed */
};

/* What text_name_valid found first. */
struct text_fault {
	enum text_fault_kind kind;
	size_t byte;      /* 1-based offset of the offending byte or of the character's first byte; for
			   * TEXT_FAULT_LENGTH, the length */
	uint32_t cp;      /* TEXT_FAULT_CHARACTER: the code point; TEXT_FAULT_BYTE: the byte */
	const char *what; /* static English name of the character ("right-to-left override"), or of the
			   * fault; never NULL */
};

/* True when s (NUL-terminated) is at most max_bytes of UTF-8 holding none of the characters listed
 * above. Otherwise false with *fault (if not NULL) describing the first fault; *fault is set on every
 * path. The empty string is valid: whether a name may be empty is the caller's rule. */
bool text_name_valid(const char *s, size_t max_bytes, struct text_fault *fault);

/* The English name of a code point that names may not hold ("right-to-left override"), or NULL when
 * they may. The one list of such characters: escape.c shows the same ones as escapes. */
const char *text_refused(uint32_t cp);

/* Decodes the UTF-8 character at p (n bytes readable) into *cp. Returns its length (1–4), or 0 when
 * the bytes are not well-formed UTF-8 (overlong, surrogate, cut short). */
size_t text_utf8_decode(const unsigned char *p, size_t n, uint32_t *cp);

/* Writes fault for people into buf (cap > 0, always NUL-terminated, cut to fit), e.g.
 * "U+202E (right-to-left override) at byte 7" or "byte 0xE1 that is not UTF-8 at byte 3".
 * Returns buf. */
char *text_fault_describe(const struct text_fault *fault, char *buf, size_t cap);

/* Writes s into buf as it can safely be printed: the characters text_name_valid refuses as <U+XXXX>,
 * bytes that are not UTF-8 as \xNN, and more than max_chars characters cut with "...".
 * buf (cap > 0) is always NUL-terminated and cut at a character boundary. Returns buf. */
char *text_shown(const char *s, size_t max_chars, char *buf, size_t cap);

/* The columns s takes in a terminal: one per character, none for a combining mark (U+0300–U+036F,
 * U+1AB0–U+1AFF, U+1DC0–U+1DFF, U+20D0–U+20FF, U+FE20–U+FE2F: a name typed in decomposed form),
 * two for a wide East Asian character (U+1100–U+115F, U+2E80–U+A4CF, U+AC00–U+D7A3, U+F900–U+FAFF,
 * U+FE30–U+FE4F, U+FF00–U+FF60, U+FFE0–U+FFE6, U+20000–U+3FFFD); a byte that is not UTF-8 counts one. */
int text_width(const char *s);
/* The wider of w and text_width(s): a column's width over its cells. */
int text_width_max(int w, const char *s);
/* Writes s to out (a FILE *, as void * so that this header needs no stdio) and pads it with spaces to
 * width columns; right: the spaces go first. */
void text_pad(void *out, const char *s, int width, bool right);

#endif
