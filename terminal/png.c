/* SPDX-License-Identifier: MIT
 * png.c — the smallest correct PNG: signature, IHDR (8-bit RGBA), one IDAT holding the zlib stream of
 * filter-0 rows, IEND; chunk CRCs from zlib's crc32. Screens are a few MB raw, compressed in memory
 * once. */
#include "png.h"

#include "hl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static void png_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static int png_chunk(FILE *f, const char type[4], const uint8_t *data, uint32_t len)
{
	uint8_t head[8], tail[4];
	uLong crc = crc32(0L, (const Bytef *)type, 4);

	png_be32(head, len);
	memcpy(head + 4, type, 4);
	if (len)
		crc = crc32(crc, data, len);
	png_be32(tail, (uint32_t)crc);
	if (fwrite(head, 1, 8, f) != 8 || (len && fwrite(data, 1, len, f) != len) || fwrite(tail, 1, 4, f) != 4)
		return HL_ERR_IO;
	return HL_OK;
}

int png_write(const char *path, const uint8_t *pixels, int w, int h, size_t pitch)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t row = (size_t)w * 4 + 1, raw_len = row * (size_t)h;
	uint8_t ihdr[13], *raw = NULL, *z = NULL;
	uLongf zlen;
	FILE *f = NULL;
	int rc = HL_ERR_NOMEM;

	if (w <= 0 || h <= 0 || pitch < (size_t)w * 4)
		return HL_ERR_INVALID;
	raw = malloc(raw_len);
	zlen = compressBound((uLong)raw_len);
	z = malloc(zlen);
	if (!raw || !z)
		goto out;
	for (int y = 0; y < h; y++) {
		raw[(size_t)y * row] = 0; /* filter: none */
		memcpy(raw + (size_t)y * row + 1, pixels + (size_t)y * pitch, (size_t)w * 4);
	}
	if (compress2(z, &zlen, raw, (uLong)raw_len, 6) != Z_OK)
		goto out;
	png_be32(ihdr, (uint32_t)w);
	png_be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;  /* bit depth */
	ihdr[9] = 6;  /* colour type: RGBA */
	ihdr[10] = 0; /* deflate */
	ihdr[11] = 0; /* adaptive filtering */
	ihdr[12] = 0; /* no interlace */
	rc = HL_ERR_IO;
	f = fopen(path, "wb");
	if (!f)
		goto out;
	if (fwrite(sig, 1, 8, f) == 8 && png_chunk(f, "IHDR", ihdr, 13) == HL_OK &&
	    png_chunk(f, "IDAT", z, (uint32_t)zlen) == HL_OK && png_chunk(f, "IEND", NULL, 0) == HL_OK)
		rc = HL_OK;
	if (fclose(f) != 0)
		rc = HL_ERR_IO;
	if (rc != HL_OK)
		remove(path);
out:
	free(raw);
	free(z);
	return rc;
}
