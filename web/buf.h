/* SPDX-License-Identifier: MIT
 * buf.h — a growing byte buffer that every page and API answer is written into. A failed allocation
 * is remembered (failed) rather than returned from each call, so page code writes on and the server
 * answers 500 once at the end. Plain data: the owner frees with buf_free. */
#ifndef HL_BUF_H
#define HL_BUF_H

#include <stdbool.h>
#include <stddef.h>

#define BUF_MAX (64u * 1024 * 1024) /* a buffer grows no further: failed is set */

struct buf {
	char *p;     /* NUL-terminated while not failed; NULL until the first write */
	size_t len, cap;
	bool failed;
};

void buf_put(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b); /* len 0, keeps the memory, clears failed */
void buf_free(struct buf *b);  /* back to {0}; safe on {0} */
/* Takes the bytes out: *len gets their length; the buffer is left empty. NULL when failed. */
char *buf_take(struct buf *b, size_t *len);

#endif
