/* SPDX-License-Identifier: MIT
 * test_textfit.c — the kiosk's line breaks as a citizen reads them, with a fake font of 10 px per
 * character: the three breaks that left a syllable alone ("phiền / hà", "hài / lòng", "đúng / mực")
 * now break in balanced places with no word alone; a break after a comma is preferred; a text that
 * fits one line stays on one; the longest real procedure name fits three lines without "…", and only a
 * narrower box cuts it, with every line within the box and the shown part a prefix of the name; cuts
 * never split a UTF-8 sequence nor part a letter from its combining accent; a too small out buffer is
 * refused, not overrun. With fonts whose widths do not add up (side bearings, kerning, rounding), the
 * lines still fit and the fewest lines a search over every split finds are the lines chosen. */
#include "hl.h"
#include "textfit.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define LONG_NAME                                                                                      \
	"Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm " \
	"do Sở Công Thương thực hiện"
#define ELLIPSIS "\xE2\x80\xA6"

static int calls;

/* Code points in s[0 … len-1]. */
static int cps(const char *s, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

/* The fake font: 10 px per code point, spaces and accents included. */
static int measure10(void *ud, const char *s, size_t len)
{
	(void)ud;
	calls++;
	return 10 * cps(s, len);
}

/* The lines of out, split at '\n', into lines[] (each NUL-terminated); returns the count. */
static int lines_of(const char *out, char lines[][256], int max)
{
	int n = 0;
	const char *p = out;

	while (*p && n < max) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		assert_true(len < 256);
		memcpy(lines[n], p, len);
		lines[n++][len] = '\0';
		p = nl ? nl + 1 : p + len;
	}
	return n;
}

/* A well-formed UTF-8 string (no truncated or stray sequence). */
static bool utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int more = *p < 0x80 ? 0 : (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : -1;
		if (more < 0)
			return false;
		p++;
		for (int i = 0; i < more; i++, p++)
			if ((*p & 0xC0) != 0x80)
				return false;
	}
	return true;
}

/* Every line of out holds at least two words and is at most width px of the fake font. */
static void assert_no_lone_word(const char *out, int width)
{
	char lines[TEXTFIT_MAX_LINES][256];
	int n = lines_of(out, lines, TEXTFIT_MAX_LINES);

	for (int i = 0; i < n; i++) {
		if (!strchr(lines[i], ' '))
			fail_msg("line %d \"%s\" of \"%s\" is one word alone", i + 1, lines[i], out);
		assert_true(measure10(NULL, lines[i], strlen(lines[i])) <= width);
	}
}

static void fits(const char *text, int width, int max_lines, const char *want)
{
	char out[512];
	struct textfit_result r;

	assert_int_equal(textfit_break(text, width, max_lines, 0, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, want);
	assert_false(r.cut);
	assert_no_lone_word(out, width);
}

/* Today's faults: a greedy wrap leaves the last syllable alone. */
static void test_no_syllable_alone(void **state)
{
	(void)state;
	/* Greedy at 220 px: "Sách nhiễu, gây phiền / hà". */
	fits("Sách nhiễu, gây phiền hà", 220, 3, "Sách nhiễu,\ngây phiền hà");
	/* Greedy at 150 px: "Rất không hài / lòng". */
	fits("Rất không hài lòng", 150, 3, "Rất không\nhài lòng");
	/* Greedy at 190 px: "Thái độ không đúng / mực". */
	fits("Thái độ không đúng mực", 190, 3, "Thái độ không\nđúng mực");
}

static void test_one_line_when_it_fits(void **state)
{
	struct textfit_result r;
	char out[128];

	(void)state;
	assert_int_equal(textfit_break("  Rất không hài lòng ", 180, 3, 0, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Rất không hài lòng");
	assert_int_equal(r.lines, 1);
	assert_int_equal(r.width, 180);
	/* One line at most: it does not fit, and the caller shrinks or cuts. */
	assert_int_equal(textfit_break("Rất không hài lòng", 170, 1, 0, measure10, NULL, out, sizeof out, &r),
			 HL_ERR_RANGE);
	assert_string_equal(out, "");
	assert_int_equal(r.lines, 0);
}

/* The comma's break is uneven (10 and 19 characters), the even one cuts "đúng hẹn" apart. */
static void test_prefers_the_comma(void **state)
{
	(void)state;
	fits("Nhanh gọn, đúng hẹn và rõ ràng", 200, 3, "Nhanh gọn,\nđúng hẹn và rõ ràng");
	/* Far from even, the comma gives way: "Chờ lâu," alone above 23 characters would look wrong. */
	fits("Chờ lâu, thủ tục rườm rà quá mức", 240, 2, "Chờ lâu, thủ tục\nrườm rà quá mức");
}

/* Two words that only fit one a line: not allowed by default, the last resort with TEXTFIT_LONE_OK. */
static void test_lone_words_only_when_asked(void **state)
{
	char out[64];
	struct textfit_result r;

	(void)state;
	assert_int_equal(textfit_break("Chờ lâu", 50, 3, 0, measure10, NULL, out, sizeof out, &r), HL_ERR_RANGE);
	assert_int_equal(textfit_break("Chờ lâu", 50, 3, TEXTFIT_LONE_OK, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Chờ\nlâu");
	assert_int_equal(r.lines, 2);
	/* A single word is never "alone": it fits or it does not. */
	assert_int_equal(textfit_break("Chờ", 50, 3, 0, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Chờ");
	assert_int_equal(textfit_break("Nguyễn", 50, 3, TEXTFIT_LONE_OK, measure10, NULL, out, sizeof out, &r),
			 HL_ERR_RANGE);
}

/* The real procedure name (123 characters) on three balanced lines; no "…" while three lines hold it. */
static void test_long_procedure_name(void **state)
{
	char out[512], lines[TEXTFIT_MAX_LINES][256];
	struct textfit_result r;

	(void)state;
	for (int width = 430; width <= 700; width += 15) {
		calls = 0;
		assert_int_equal(textfit_break(LONG_NAME, width, 3, 0, measure10, NULL, out, sizeof out, &r), HL_OK);
		assert_null(strstr(out, ELLIPSIS));
		assert_no_lone_word(out, width);
		int n = lines_of(out, lines, TEXTFIT_MAX_LINES), lo = 1000, hi = 0;
		assert_int_equal(n, r.lines);
		assert_true(n >= 2 && n <= 3);
		for (int i = 0; i < n; i++) {
			int w = measure10(NULL, lines[i], strlen(lines[i]));
			lo = w < lo ? w : lo;
			hi = w > hi ? w : hi;
		}
		assert_int_equal(r.width, hi);
		/* Balanced: no line much shorter than the longest (a greedy fill leaves a short tail). */
		if (hi - lo > 150)
			fail_msg("at %d px the lines run from %d to %d px:\n%s", width, lo, hi, out);
		/* Measured a bounded number of times, not once per split. */
		assert_true(calls < 27 * 16);
	}
	/* 420 px holds 42 characters a line: the words do not go on three lines, so only now is it cut. */
	assert_int_equal(textfit_break(LONG_NAME, 420, 3, 0, measure10, NULL, out, sizeof out, &r), HL_ERR_RANGE);
	assert_int_equal(textfit_break(LONG_NAME, 420, 3, TEXTFIT_LONE_OK, measure10, NULL, out, sizeof out, &r),
			 HL_ERR_RANGE);
	assert_int_equal(textfit_cut(LONG_NAME, 420, 3, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_true(r.cut);
	assert_int_equal(r.lines, 3);
	assert_true(utf8_ok(out));
	int n = lines_of(out, lines, TEXTFIT_MAX_LINES);
	assert_int_equal(n, 3);
	size_t shown = 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);
		assert_true(measure10(NULL, lines[i], len) <= 420);
		if (i == n - 1) {
			assert_true(len > 3 && strcmp(lines[i] + len - 3, ELLIPSIS) == 0);
			len -= 3;
		}
		/* The shown text is the name's beginning, word for word. */
		assert_memory_equal(lines[i], LONG_NAME + shown, len);
		shown += len + 1;
	}
	assert_true(shown > 100);
}

static void test_cut_keeps_whole_text_when_it_fits(void **state)
{
	char out[128];
	struct textfit_result r;

	(void)state;
	assert_int_equal(textfit_cut("Rất không hài lòng", 100, 3, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Rất không\nhài lòng");
	assert_false(r.cut);
	assert_int_equal(r.lines, 2);
	assert_int_equal(textfit_cut("Rất không hài lòng", 100, 1, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Rất không" ELLIPSIS);
	assert_true(r.cut);
	assert_int_equal(r.width, 100);
}

/* A word wider than the box is cut between characters, never inside one, never before an accent. */
static void test_cut_multibyte(void **state)
{
	char out[128];
	struct textfit_result r;

	(void)state;
	/* 60 px: five characters and "…". */
	assert_int_equal(textfit_cut("Nguyễn Thị Ấu Ngọc Trâm", 60, 1, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Nguyễ" ELLIPSIS);
	assert_true(utf8_ok(out));
	assert_int_equal(textfit_cut("ẤuẤuẤuẤu", 40, 1, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "ẤuẤ" ELLIPSIS);
	/* Decomposed "ễ" (e, U+0302, U+0303): the cut goes before the e, not between it and its accents. */
	assert_int_equal(textfit_cut("Nguye\xCC\x82\xCC\x83n", 60, 1, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Nguy" ELLIPSIS);
	/* On the second line, after a whole first one. */
	assert_int_equal(textfit_cut("Bà Nguyễnthịấungọctrâm", 60, 2, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Bà\nNguyễ" ELLIPSIS);
	assert_true(utf8_ok(out));
	/* No room even for one character: the ellipsis alone says something is there. */
	assert_int_equal(textfit_cut("Trâm", 10, 1, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, ELLIPSIS);
	/* Breaks never cut characters: every result of the break is whole UTF-8. */
	assert_int_equal(textfit_break("Nguyễn Thị Ấu Ngọc Trâm", 120, 3, 0, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_true(utf8_ok(out));
	assert_no_lone_word(out, 120);
}

static void test_small_buffer_and_empty(void **state)
{
	char out[8];
	struct textfit_result r;

	(void)state;
	assert_int_equal(textfit_break("Rất không hài lòng", 500, 3, 0, measure10, NULL, out, sizeof out, &r),
			 HL_ERR_RANGE);
	assert_string_equal(out, "");
	assert_int_equal(textfit_cut("Rất không hài lòng", 500, 3, measure10, NULL, out, sizeof out, &r), HL_ERR_RANGE);
	assert_string_equal(out, "");
	assert_int_equal(textfit_break("   ", 500, 3, 0, measure10, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "");
	assert_int_equal(r.lines, 0);
	assert_int_equal(textfit_cut("", 500, 3, measure10, NULL, out, sizeof out, NULL), HL_OK);
	assert_string_equal(out, "");
}

/* A font with side bearings: every measure 3 px wider than its characters. */
static int measure_bearing(void *ud, const char *s, size_t len)
{
	(void)ud;
	return 10 * cps(s, len) + 3;
}

/* A font whose widths wobble by a pixel with the bytes measured, as rounding and kerning do. */
static int measure_wobbly(void *ud, const char *s, size_t len)
{
	unsigned h = 0;

	(void)ud;
	for (size_t i = 0; i < len; i++)
		h = h * 31 + (unsigned char)s[i];
	return 10 * cps(s, len) + (int)(h % 3) - 1;
}

/* The fewest lines (≤ 3) of at least two words each within width that any split gives; 0: none. */
static int fewest_lines(const char *text, int width, textfit_measure m)
{
	const char *word[16];
	size_t len[16];
	int n = 0;

	for (const char *p = text; *p && n < 16;) {
		const char *e = strchr(p, ' ');
		word[n] = p;
		len[n++] = e ? (size_t)(e - p) : strlen(p);
		p = e ? e + 1 : p + strlen(p);
	}
	for (int lines = 1; lines <= 3; lines++) {
		/* Breaks before words a and b (a < b < n, unused ones at n). */
		for (int a = lines > 1 ? 1 : n; a <= n; a++) {
			for (int b = lines > 2 ? a + 1 : n; b <= n; b++) {
				int starts[4] = { 0, a, b, n }, k = 0, ok = 1;
				if ((lines == 2 && (a >= n || b != n)) || (lines == 3 && b >= n) || (lines == 1 && a != n))
					continue;
				for (k = 0; k < 3 && ok; k++) {
					int s0 = starts[k], s1 = starts[k + 1];
					if (s0 == s1)
						continue;
					size_t bytes = (size_t)(word[s1 - 1] + len[s1 - 1] - word[s0]);
					ok = (n == 1 || s1 - s0 >= 2) && m(NULL, word[s0], bytes) <= width;
				}
				if (ok)
					return lines;
			}
		}
	}
	return 0;
}

static void test_fonts_that_do_not_add_up(void **state)
{
	static const char *const texts[] = { "Thái độ không đúng mực", "Sách nhiễu, gây phiền hà",
					     "Nguyễn Thị Ấu Ngọc Trâm", "Hướng dẫn chưa rõ ràng, phải đi lại nhiều lần",
					     "Rất không hài lòng" };
	static const textfit_measure fonts[] = { measure_bearing, measure_wobbly };
	char out[256], lines[TEXTFIT_MAX_LINES][256];
	struct textfit_result r;

	(void)state;
	/* Bearings are no error: the one line that is exactly as wide as the box is found. */
	assert_int_equal(textfit_break("Rất không hài lòng", 183, 3, 0, measure_bearing, NULL, out, sizeof out, &r), HL_OK);
	assert_string_equal(out, "Rất không hài lòng");
	assert_int_equal(r.width, 183);
	for (size_t f = 0; f < 2; f++) {
		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
			for (int width = 60; width <= 480; width += 7) {
				int want = fewest_lines(texts[t], width, fonts[f]);
				int rc = textfit_break(texts[t], width, 3, 0, fonts[f], NULL, out, sizeof out, &r);
				if (want == 0) {
					assert_int_equal(rc, HL_ERR_RANGE);
					continue;
				}
				if (rc != HL_OK || r.lines != want)
					fail_msg("\"%s\" at %d px: %d lines, want %d", texts[t], width, r.lines, want);
				int n = lines_of(out, lines, TEXTFIT_MAX_LINES), widest = 0;
				for (int i = 0; i < n; i++) {
					int w = fonts[f](NULL, lines[i], strlen(lines[i]));
					assert_true(w <= width);
					assert_true(n == 1 || strchr(lines[i], ' '));
					widest = w > widest ? w : widest;
				}
				assert_int_equal(r.width, widest);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_syllable_alone),
		cmocka_unit_test(test_one_line_when_it_fits),
		cmocka_unit_test(test_prefers_the_comma),
		cmocka_unit_test(test_lone_words_only_when_asked),
		cmocka_unit_test(test_long_procedure_name),
		cmocka_unit_test(test_cut_keeps_whole_text_when_it_fits),
		cmocka_unit_test(test_cut_multibyte),
		cmocka_unit_test(test_small_buffer_and_empty),
		cmocka_unit_test(test_fonts_that_do_not_add_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
