/* SPDX-License-Identifier: MIT
 * escape.h — outside text made safe for a log line or an operator's terminal: control characters
 * (C0, DEL, C1), bytes that are not UTF-8, and the invisible or direction-changing characters that
 * can forge or reverse what a reader sees (text.h's list: bidi controls, zero-width characters, line
 * separators, noncharacters...) are written as escapes: \n, \t, \r, \\, \xNN for bytes, \u{XXXX} for
 * characters. Everything else (Vietnamese letters included) passes unchanged. Pure. */
#ifndef HL_ESCAPE_H
#define HL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the escaped form of src[0..n) into dst (cap bytes, always NUL-terminated when cap > 0),
 * cutting it at a whole escape when it does not fit. Returns the length written. */
size_t escape_text(char *dst, size_t cap, const char *src, size_t n);

/* True when src[0..n) would pass escape_text unchanged. */
bool escape_clean(const char *src, size_t n);

#endif
