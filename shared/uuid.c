/* SPDX-License-Identifier: MIT
 * uuid.c — getrandom never returns short for 16 bytes once the pool is ready; a short read is
 * still treated as failure rather than a weaker id. */
#include "uuid.h"

#include "hl.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

int uuid_new(char out[37])
{
	uint8_t b[16];

	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
		return HL_ERR_IO;
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	uuid_from_bytes(b, out);
	return HL_OK;
}

static bool uuid_dash_at(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

bool uuid_valid(const char *text)
{
	size_t i;

	for (i = 0; text[i] && i < 36; i++) {
		if (uuid_dash_at(i) ? text[i] != '-' : !isxdigit((unsigned char)text[i]))
			return false;
	}
	return i == 36 && text[36] == '\0';
}

static int uuid_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return (tolower((unsigned char)c) - 'a') + 10;
}

int uuid_to_bytes(const char *text, uint8_t out[16])
{
	if (!uuid_valid(text))
		return HL_ERR_INVALID;
	for (size_t i = 0, o = 0; i < 36; i++) {
		if (uuid_dash_at(i))
			continue;
		out[o++] = (uint8_t)(uuid_hex(text[i]) << 4 | uuid_hex(text[i + 1]));
		i++;
	}
	return HL_OK;
}

void uuid_from_bytes(const uint8_t in[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[in[i] >> 4];
		out[o++] = hex[in[i] & 15];
	}
	out[o] = '\0';
}
