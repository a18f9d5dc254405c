/* SPDX-License-Identifier: MIT
 * test_photos.c — the terminal's cache of officers' photos (terminal/photos.c) as the screen uses it:
 * a photo received is found by its officer's code with the very bytes sent (a copy: the message's
 * buffer may go), a new one replaces it and an empty message removes it, each change moving the
 * version the view keys its decoded pictures by, while the same bytes again (a retained message on
 * reconnecting) change nothing; what is not a JPEG or PNG, is larger than 256 KiB or comes for a bad
 * code is refused and changes nothing; at most 256 photos are kept, a 257th code is refused until one
 * is removed, and one already kept can still be replaced; the lookup has the view's callback shape. */
#include "hl.h"
#include "photos.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char JPEG[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0 };

static void expect_photo(const struct photos *p, const char *code, const void *want, size_t len)
{
	const void *b;
	size_t n;

	assert_true(photos_has(p, code));
	assert_true(photos_get(p, code, &b, &n));
	assert_int_equal(n, len);
	assert_memory_equal(b, want, len);
}

static void expect_none(const struct photos *p, const char *code)
{
	const void *b = &b;
	size_t n = 99;

	assert_false(photos_has(p, code));
	assert_false(photos_get(p, code, &b, &n));
	assert_null(b);
	assert_int_equal(n, 0);
}

static void received_then_found_by_code(void **state)
{
	struct photos *p = photos_new();
	unsigned char *a = fake_png(100, 0xA1);
	unsigned char keep[100];

	(void)state;
	assert_non_null(p);
	assert_int_equal(photos_version(p), 0);
	expect_none(p, "cb001");
	assert_int_equal(photos_put(p, "cb001", a, 100), HL_OK);
	assert_int_equal(photos_put(p, "cb-07_x.Y", JPEG, sizeof JPEG), HL_OK);
	assert_int_equal(photos_count(p), 2);
	assert_int_equal(photos_version(p), 2);
	/* A copy: the message's buffer may be reused at once. */
	memcpy(keep, a, sizeof keep);
	memset(a, 0, 100);
	expect_photo(p, "cb001", keep, 100);
	expect_photo(p, "cb-07_x.Y", JPEG, sizeof JPEG);
	/* Codes are exact. */
	expect_none(p, "CB001");
	expect_none(p, "cb00");
	expect_none(p, "");
	/* The view's callback shape. */
	const void *b;
	size_t n;
	assert_true(photos_lookup(p, "cb001", &b, &n));
	assert_int_equal(n, 100);
	assert_false(photos_lookup(p, "cb999", &b, &n));
	assert_false(photos_get(NULL, "cb001", &b, &n));
	free(a);
	photos_free(p);
	photos_free(NULL);
}

static void replaced_removed_and_versioned(void **state)
{
	struct photos *p = photos_new();
	unsigned char *a = fake_png(64, 1), *b = fake_png(80, 2);
	unsigned v;

	(void)state;
	assert_int_equal(photos_put(p, "cb001", a, 64), HL_OK);
	v = photos_version(p);
	/* The same bytes again, as a retained message after a reconnect: nothing to redraw. */
	assert_int_equal(photos_put(p, "cb001", a, 64), HL_OK);
	assert_int_equal(photos_version(p), v);
	/* New bytes replace the old ones. */
	assert_int_equal(photos_put(p, "cb001", b, 80), HL_OK);
	assert_int_equal(photos_version(p), v + 1);
	assert_int_equal(photos_count(p), 1);
	expect_photo(p, "cb001", b, 80);
	/* The empty retained message removes it. */
	assert_int_equal(photos_put(p, "cb001", "", 0), HL_OK);
	assert_int_equal(photos_version(p), v + 2);
	expect_none(p, "cb001");
	assert_int_equal(photos_count(p), 0);
	/* Removing what is not there changes nothing. */
	assert_int_equal(photos_put(p, "cb001", NULL, 0), HL_OK);
	assert_false(photos_remove(p, "cb001"));
	assert_int_equal(photos_version(p), v + 2);
	assert_int_equal(photos_put(p, "cb002", a, 64), HL_OK);
	assert_true(photos_remove(p, "cb002"));
	expect_none(p, "cb002");
	free(a);
	free(b);
	photos_free(p);
}

static void what_is_not_a_photo_changes_nothing(void **state)
{
	struct photos *p = photos_new();
	unsigned char *a = fake_png(64, 3), *big = fake_png(PHOTO_BYTES_MAX + 1, 4);
	static const char gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04";
	static const char html[] = "<html><body>not a photo</body></html>";

	(void)state;
	assert_int_equal(photos_put(p, "cb001", a, 64), HL_OK);
	unsigned v = photos_version(p);
	assert_int_equal(photos_put(p, "cb001", gif, sizeof gif - 1), HL_ERR_INVALID);
	assert_int_equal(photos_put(p, "cb001", html, sizeof html - 1), HL_ERR_INVALID);
	assert_int_equal(photos_put(p, "cb001", a, 8), HL_ERR_INVALID); /* a PNG cut short */
	assert_int_equal(photos_put(p, "cb001", big, PHOTO_BYTES_MAX + 1), HL_ERR_RANGE);
	expect_photo(p, "cb001", a, 64);
	/* Bad codes: what a topic level could carry but a roster never names. */
	assert_int_equal(photos_put(p, "", a, 64), HL_ERR_INVALID);
	assert_int_equal(photos_put(p, "cb 1", a, 64), HL_ERR_INVALID);
	assert_int_equal(photos_put(p, "cb+1", a, 64), HL_ERR_INVALID);
	assert_int_equal(photos_put(p, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", a, 64), HL_ERR_INVALID); /* 33 */
	assert_int_equal(photos_version(p), v);
	assert_int_equal(photos_count(p), 1);
	/* The largest photo is taken. */
	assert_int_equal(photos_put(p, "cb002", big, PHOTO_BYTES_MAX), HL_OK);
	expect_photo(p, "cb002", big, PHOTO_BYTES_MAX);
	free(a);
	free(big);
	photos_free(p);
}

static void at_most_256_kept(void **state)
{
	struct photos *p = photos_new();
	unsigned char *a = fake_png(40, 5), *b = fake_png(48, 6);
	char code[16];

	(void)state;
	for (int i = 0; i < PHOTOS_MAX; i++) {
		snprintf(code, sizeof code, "cb%03d", i);
		assert_int_equal(photos_put(p, code, a, 40), HL_OK);
	}
	assert_int_equal(photos_count(p), 256);
	unsigned v = photos_version(p);
	assert_int_equal(photos_put(p, "cb999", a, 40), HL_ERR_RANGE);
	expect_none(p, "cb999");
	assert_int_equal(photos_version(p), v);
	/* One already kept can still change. */
	assert_int_equal(photos_put(p, "cb255", b, 48), HL_OK);
	expect_photo(p, "cb255", b, 48);
	/* Once one goes, a new one fits, and every other is still found. */
	assert_int_equal(photos_put(p, "cb100", NULL, 0), HL_OK);
	assert_int_equal(photos_put(p, "cb999", a, 40), HL_OK);
	for (int i = 0; i < PHOTOS_MAX; i++) {
		snprintf(code, sizeof code, "cb%03d", i);
		if (i == 100)
			expect_none(p, code);
		else
			expect_photo(p, code, i == 255 ? b : a, i == 255 ? 48 : 40);
	}
	free(a);
	free(b);
	photos_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(received_then_found_by_code),
		cmocka_unit_test(replaced_removed_and_versioned),
		cmocka_unit_test(what_is_not_a_photo_changes_nothing),
		cmocka_unit_test(at_most_256_kept),
	};
	return cmocka_run_group_tests_name("photos", tests, NULL, NULL);
}
