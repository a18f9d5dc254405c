/* SPDX-License-Identifier: MIT
 * fake_png.c — see the header. */
#include "fake_png.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

void fake_png_fill(unsigned char *b, size_t len, unsigned char fill)
{
	static const unsigned char head[FAKE_PNG_HEAD] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
							   'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };

	assert_true(len >= sizeof head);
	memset(b, fill, len);
	memcpy(b, head, sizeof head);
}

unsigned char *fake_png(size_t len, unsigned char fill)
{
	unsigned char *b = malloc(len);

	assert_non_null(b);
	fake_png_fill(b, len, fill);
	return b;
}
