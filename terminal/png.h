/* SPDX-License-Identifier: MIT
 * png.h — writes an RGBA image as a PNG file (zlib from Debian does the deflate), so screenshots open
 * in any viewer. No SDL here: the view hands over pixels. */
#ifndef HL_PNG_H
#define HL_PNG_H

#include <stddef.h>
#include <stdint.h>

/* pixels: h rows of `pitch` bytes, each row w pixels of R, G, B, A bytes in that order; borrowed.
 * HL_ERR_IO when the file cannot be written, HL_ERR_NOMEM, HL_ERR_INVALID for a bad size. */
int png_write(const char *path, const uint8_t *pixels, int w, int h, size_t pitch);

#endif
