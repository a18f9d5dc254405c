/* SPDX-License-Identifier: MIT
 * test_png.c — png_write as a PNG reader sees its file: the signature, an IHDR saying w×h, 8-bit
 * RGBA, every chunk's CRC right (zlib's crc32), IDAT data that inflates to h rows of filter byte 0
 * and exactly the pixels given (also when rows are padded, pitch > w*4), and IEND last. Bad sizes are
 * refused with HL_ERR_INVALID, an unwritable path with HL_ERR_IO, and neither leaves a file. Files
 * go to a private directory under /tmp that is removed afterwards. */
#include "hl.h"
#include "png.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char png_dir[64];

/* dir/name into out. */
static void png_path(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", png_dir, name);
}

static int setup_dir(void **state)
{
	(void)state;
	snprintf(png_dir, sizeof png_dir, "/tmp/test_png-XXXXXX");
	return mkdtemp(png_dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	static const char *const names[] = { "img.png", "big.png", "bad.png", "again.png" };
	char path[128];

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		png_path(path, sizeof path, names[i]);
		unlink(path);
	}
	return rmdir(png_dir);
}

static bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The whole file at path in a new buffer (the caller frees); *len gets its size. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads the PNG at path the way a decoder would and checks it holds exactly the w×h RGBA pixels
 * given (rows pitch bytes apart). */
static void check_png(const char *path, const uint8_t *pixels, int w, int h, size_t pitch)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t len, pos = 8, idat_len = 0, nchunks = 0;
	size_t row = (size_t)w * 4 + 1, raw_len = row * (size_t)h;
	uint8_t *file = slurp(path, &len), *idat = NULL, *raw;
	bool seen_ihdr = false, seen_iend = false;
	uLongf out_len;

	assert_true(len >= 8 + 25 + 12 + 12);
	assert_memory_equal(file, sig, 8);
	while (pos < len) {
		uint32_t clen, crc;
		const uint8_t *type, *data;

		assert_false(seen_iend); /* nothing after IEND */
		assert_true(len - pos >= 12);
		clen = be32(file + pos);
		assert_true(clen <= len - pos - 12);
		type = file + pos + 4;
		data = type + 4;
		crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), type, 4 + clen);
		if (crc != be32(data + clen))
			fail_msg("chunk %.4s: CRC %08x, expected %08x", (const char *)type, be32(data + clen), crc);
		if (nchunks == 0) {
			assert_memory_equal(type, "IHDR", 4);
			assert_int_equal(clen, 13);
			assert_int_equal(be32(data), (uint32_t)w);
			assert_int_equal(be32(data + 4), (uint32_t)h);
			assert_int_equal(data[8], 8);  /* bit depth */
			assert_int_equal(data[9], 6);  /* colour type: RGBA */
			assert_int_equal(data[10], 0); /* compression: deflate */
			assert_int_equal(data[11], 0); /* filter method */
			assert_int_equal(data[12], 0); /* no interlace */
			seen_ihdr = true;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			idat = realloc(idat, idat_len + clen + 1);
			assert_non_null(idat);
			memcpy(idat + idat_len, data, clen);
			idat_len += clen;
		} else if (memcmp(type, "IEND", 4) == 0) {
			assert_int_equal(clen, 0);
			seen_iend = true;
		} else {
			/* Any other chunk must be ancillary (lower-case first letter). */
			assert_true(type[0] >= 'a' && type[0] <= 'z');
		}
		nchunks++;
		pos += 12 + clen;
	}
	assert_true(seen_ihdr);
	assert_true(seen_iend);
	assert_int_equal(pos, len);
	assert_true(idat_len > 0);

	/* One byte more than needed, so a stream that inflates to too much is noticed. */
	raw = malloc(raw_len + 1);
	assert_non_null(raw);
	out_len = (uLongf)raw_len + 1;
	assert_int_equal(uncompress(raw, &out_len, idat, (uLong)idat_len), Z_OK);
	assert_int_equal(out_len, raw_len);
	for (int y = 0; y < h; y++) {
		const uint8_t *r = raw + (size_t)y * row;
		if (r[0] != 0)
			fail_msg("row %d: filter type %u, expected 0", y, r[0]);
		assert_memory_equal(r + 1, pixels + (size_t)y * pitch, (size_t)w * 4);
	}
	free(raw);
	free(idat);
	free(file);
}

/* w×h pixels with rows pitch bytes apart; every pixel distinct, alpha varies; padding bytes 0xEE. */
static uint8_t *make_pixels(int w, int h, size_t pitch)
{
	uint8_t *px = malloc(pitch * (size_t)h);

	assert_non_null(px);
	memset(px, 0xEE, pitch * (size_t)h);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *p = px + (size_t)y * pitch + (size_t)x * 4;
			p[0] = (uint8_t)(x * 30 + 1);          /* R */
			p[1] = (uint8_t)(y * 40 + 2);          /* G */
			p[2] = (uint8_t)(x * 7 + y * 11 + 3);  /* B */
			p[3] = (uint8_t)(255 - (x + y * w) * 7); /* A: 0..255 over the image */
		}
	return px;
}

/* ---- tests ------------------------------------------------------------------------------------- */

static void test_small_image(void **state)
{
	char path[128];
	uint8_t *px = make_pixels(7, 5, 7 * 4);

	(void)state;
	png_path(path, sizeof path, "img.png");
	assert_int_equal(png_write(path, px, 7, 5, 7 * 4), HL_OK);
	check_png(path, px, 7, 5, 7 * 4);
	assert_int_equal(unlink(path), 0);
	free(px);
}

/* Rows padded to a larger pitch: the padding is not part of the image. */
static void test_padded_pitch(void **state)
{
	char path[128];
	size_t pitch = 7 * 4 + 12;
	uint8_t *px = make_pixels(7, 5, pitch);

	(void)state;
	png_path(path, sizeof path, "img.png");
	assert_int_equal(png_write(path, px, 7, 5, pitch), HL_OK);
	check_png(path, px, 7, 5, pitch);
	assert_int_equal(unlink(path), 0);
	free(px);
}

static void test_one_pixel(void **state)
{
	char path[128];
	const uint8_t px[4] = { 0xDA, 0x25, 0x1D, 0x80 };

	(void)state;
	png_path(path, sizeof path, "img.png");
	assert_int_equal(png_write(path, px, 1, 1, 4), HL_OK);
	check_png(path, px, 1, 1, 4);
	assert_int_equal(unlink(path), 0);
}

/* A screen-sized image of noise, which deflate cannot shrink. */
static void test_screen_of_noise(void **state)
{
	enum { W = 800, H = 480 };
	char path[128];
	uint8_t *px = malloc((size_t)W * H * 4);
	uint32_t seed = 12345;

	(void)state;
	assert_non_null(px);
	for (size_t i = 0; i < (size_t)W * H * 4; i++) {
		seed = seed * 1103515245u + 12345u;
		px[i] = (uint8_t)(seed >> 23);
	}
	png_path(path, sizeof path, "big.png");
	assert_int_equal(png_write(path, px, W, H, (size_t)W * 4), HL_OK);
	check_png(path, px, W, H, (size_t)W * 4);
	assert_int_equal(unlink(path), 0);
	free(px);
}

/* Writing over an older, larger file leaves only the new image. */
static void test_overwrite(void **state)
{
	char path[128];
	uint8_t *big = make_pixels(40, 30, 40 * 4), *small = make_pixels(3, 2, 3 * 4);

	(void)state;
	png_path(path, sizeof path, "again.png");
	assert_int_equal(png_write(path, big, 40, 30, 40 * 4), HL_OK);
	assert_int_equal(png_write(path, small, 3, 2, 3 * 4), HL_OK);
	check_png(path, small, 3, 2, 3 * 4);
	assert_int_equal(unlink(path), 0);
	free(big);
	free(small);
}

static void test_bad_sizes(void **state)
{
	char path[128];
	uint8_t *px = make_pixels(7, 5, 7 * 4);

	(void)state;
	png_path(path, sizeof path, "bad.png");
	assert_int_equal(png_write(path, px, 0, 5, 7 * 4), HL_ERR_INVALID);
	assert_int_equal(png_write(path, px, 7, 0, 7 * 4), HL_ERR_INVALID);
	assert_int_equal(png_write(path, px, -1, 5, 7 * 4), HL_ERR_INVALID);
	assert_int_equal(png_write(path, px, 7, -5, 7 * 4), HL_ERR_INVALID);
	assert_int_equal(png_write(path, px, 7, 5, 7 * 4 - 1), HL_ERR_INVALID);
	assert_int_equal(png_write(path, px, 7, 5, 0), HL_ERR_INVALID);
	assert_false(file_exists(path));
	free(px);
}

static void test_unwritable_path(void **state)
{
	uint8_t *px = make_pixels(7, 5, 7 * 4);
	char path[128];

	(void)state;
	assert_int_equal(png_write("/nonexistent/x.png", px, 7, 5, 7 * 4), HL_ERR_IO);
	assert_false(file_exists("/nonexistent/x.png"));
	/* A directory is not a file to write. */
	assert_int_equal(png_write(png_dir, px, 7, 5, 7 * 4), HL_ERR_IO);
	png_path(path, sizeof path, "no-such-dir/x.png");
	assert_int_equal(png_write(path, px, 7, 5, 7 * 4), HL_ERR_IO);
	assert_false(file_exists(path));
	free(px);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_image),
		cmocka_unit_test(test_padded_pitch),
		cmocka_unit_test(test_one_pixel),
		cmocka_unit_test(test_screen_of_noise),
		cmocka_unit_test(test_overwrite),
		cmocka_unit_test(test_bad_sizes),
		cmocka_unit_test(test_unwritable_path),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
