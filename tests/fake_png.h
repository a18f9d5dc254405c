/* SPDX-License-Identifier: MIT
 * fake_png.h — for tests: bytes that look like a PNG file to a check of the first bytes (signature and
 * IHDR, then filler), as the roster import, the store, the console and the terminal's photo cache
 * test them. Not a decodable picture. */
#ifndef HL_FAKE_PNG_H
#define HL_FAKE_PNG_H

#include <stddef.h>

#define FAKE_PNG_HEAD 29 /* bytes of signature and IHDR written */

/* Fills b[0..len) (len >= FAKE_PNG_HEAD) with the PNG head, then fill. */
void fake_png_fill(unsigned char *b, size_t len, unsigned char fill);
/* A new buffer of len bytes made by fake_png_fill; the caller frees it. Fails the test on no memory. */
unsigned char *fake_png(size_t len, unsigned char fill);

#endif
