/* SPDX-License-Identifier: MIT
 * test_i18n.c — the strings people read on the terminal, in both languages: every entry of every
 * table (texts, questions, the levels of scales 3/4/5, reasons) is present, non-empty, valid UTF-8
 * without control characters and precomposed (NFC: no combining marks); the Vietnamese wording of
 * DESIGN §5 is exact (SIPAS levels, the 3-level scale, the two questions) and the reason labels sit
 * in the order of the stored reason codes; "Câu %d/%d" takes exactly two ints; language codes parse;
 * out-of-range lookups give "" and never NULL. */
#include "i18n.h"
#include "survey.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------------------------------- */

/* Decodes one code point at s into *cp; returns its length in bytes, or 0 when the bytes at s are
 * not well-formed UTF-8 (overlong forms, surrogates and values past U+10FFFF included). */
static int utf8_decode(const unsigned char *s, uint32_t *cp)
{
	int len;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3, c = s[0] & 0x0F, min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static bool is_combining(uint32_t c)
{
	return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF);
}

/* Fails the test with where (which table entry) when s is not a string fit to show. */
static void check_shown_string(const char *where, const char *s)
{
	const unsigned char *p;

	if (!s)
		fail_msg("%s: NULL", where);
	if (!s[0])
		fail_msg("%s: empty", where);
	p = (const unsigned char *)s;
	while (*p) {
		uint32_t c;
		int n = utf8_decode(p, &c);

		if (!n)
			fail_msg("%s: invalid UTF-8 at byte %d of \"%s\"", where,
				 (int)(p - (const unsigned char *)s), s);
		if (is_combining(c))
			fail_msg("%s: combining mark U+%04X (not NFC) in \"%s\"", where, (unsigned)c, s);
		if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
			fail_msg("%s: control character U+%04X in \"%s\"", where, (unsigned)c, s);
		p += n;
	}
}

static const char *lang_name(int lang)
{
	return lang == I18N_VI ? "vi" : "en";
}

/* ---- tests ------------------------------------------------------------------------------------- */

/* The checker itself: it must refuse what it is there to refuse, or the table test proves nothing. */
static void test_checker_catches_bad_strings(void **state)
{
	uint32_t c;

	(void)state;
	/* "à" precomposed (U+00E0) is fine; "a" + U+0300 is the decomposed form. */
	assert_int_equal(utf8_decode((const unsigned char *)"\xC3\xA0", &c), 2);
	assert_int_equal(c, 0xE0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xCC\x80", &c), 2);
	assert_true(is_combining(c));
	assert_true(is_combining(0x1DC0) && is_combining(0x20D0) && is_combining(0x036F));
	assert_false(is_combining(0x00E0) || is_combining(0x1EA1) || is_combining(0x2026));
	/* Overlong '/', a lone continuation byte, a truncated sequence, a surrogate, past U+10FFFF. */
	assert_int_equal(utf8_decode((const unsigned char *)"\xC0\xAF", &c), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\x80", &c), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xE1\xBA", &c), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xED\xA0\x80", &c), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", &c), 0);
	assert_int_equal(utf8_decode((const unsigned char *)"\xE1\xBA\xA1", &c), 3); /* ạ */
	assert_int_equal(c, 0x1EA1);
}

static void test_every_string_valid(void **state)
{
	char where[64];

	(void)state;
	for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
		for (int key = 0; key < I18N_KEY_COUNT; key++) {
			snprintf(where, sizeof where, "%s text %d", lang_name(lang), key);
			check_shown_string(where, i18n_text(lang, key));
		}
		for (int q = 0; q < SURVEY_Q_COUNT; q++) {
			snprintf(where, sizeof where, "%s question %d", lang_name(lang), q);
			check_shown_string(where, i18n_question(lang, q));
		}
		for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++) {
			for (int level = 1; level <= scale; level++) {
				snprintf(where, sizeof where, "%s scale %d level %d", lang_name(lang), scale, level);
				check_shown_string(where, i18n_level(lang, scale, level));
			}
		}
		for (int r = 0; r < SURVEY_R_COUNT; r++) {
			snprintf(where, sizeof where, "%s reason %d", lang_name(lang), r);
			check_shown_string(where, i18n_reason(lang, r));
		}
	}
}

/* DESIGN §5: the SIPAS wording, word for word. */
static void test_vietnamese_levels_exact(void **state)
{
	static const char *const sipas[5] = { "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng",
					      "Rất hài lòng" };
	static const char *const three[3] = { "Không hài lòng", "Hài lòng", "Rất hài lòng" };

	(void)state;
	for (int level = 1; level <= 5; level++)
		assert_string_equal(i18n_level(I18N_VI, 5, level), sipas[level - 1]);
	for (int level = 1; level <= 3; level++)
		assert_string_equal(i18n_level(I18N_VI, 3, level), three[level - 1]);
	/* The 4-level scale is the SIPAS scale without its middle: SIPAS words, in rising order. */
	int from = 0;
	for (int level = 1; level <= 4; level++) {
		const char *s = i18n_level(I18N_VI, 4, level);
		int at = -1;

		for (int i = from; i < 5 && at < 0; i++)
			if (strcmp(s, sipas[i]) == 0)
				at = i;
		if (at < 0 || at == 2)
			fail_msg("scale 4 level %d \"%s\" is not a SIPAS word after the previous one", level, s);
		from = at + 1;
	}
}

static void test_vietnamese_questions_exact(void **state)
{
	(void)state;
	assert_string_equal(i18n_question(I18N_VI, SURVEY_Q_OFFICER), "Thái độ, hướng dẫn của công chức");
	assert_string_equal(i18n_question(I18N_VI, SURVEY_Q_PROCEDURE), "Thủ tục và kết quả giải quyết");
	assert_string_equal(i18n_question(I18N_VI, SURVEY_Q_RESULT), "Kết quả giải quyết");
	{
		/* Beside the result question the procedure question speaks of the procedure alone. */
		const bool two[SURVEY_Q_COUNT] = { true, true, false }, three[SURVEY_Q_COUNT] = { true, true, true };
		assert_string_equal(i18n_question_asked(I18N_VI, SURVEY_Q_PROCEDURE, two), "Thủ tục và kết quả giải quyết");
		assert_string_equal(i18n_question_asked(I18N_VI, SURVEY_Q_PROCEDURE, three), "Thủ tục hành chính");
		assert_string_equal(i18n_question_asked(I18N_EN, SURVEY_Q_PROCEDURE, three), "The administrative procedure");
		assert_string_equal(i18n_question_asked(I18N_VI, SURVEY_Q_OFFICER, three), "Thái độ, hướng dẫn của công chức");
	}
	assert_string_equal(i18n_text(I18N_VI, I18N_REASONS_TITLE), "Vì sao?");
	assert_string_equal(i18n_text(I18N_VI, I18N_INVITE), "Mời Ông/Bà đánh giá mức độ hài lòng");
	assert_string_equal(i18n_text(I18N_VI, I18N_THANKS), "Cảm ơn Ông/Bà!");
}

/* The labels are stored by index and sent as codes: label i must describe reason code i (DESIGN §5),
 * or a citizen's complaint is filed under the wrong reason. */
static void test_reason_labels_match_codes(void **state)
{
	static const struct {
		int reason;
		const char *code;
		const char *vi; /* DESIGN §5 wording, as the label starts (first letter in either case) */
		const char *en; /* a word the English label must contain */
	} want[] = {
		{ SURVEY_R_NHUNG_NHIEU, "NHUNG_NHIEU", "sách nhiễu, gây phiền hà", "arass" },
		{ SURVEY_R_THU_TIEN_KHONG_PHIEU, "THU_TIEN_KHONG_PHIEU", "thu tiền ngoài quy định", "receipt" },
		{ SURVEY_R_GIAY_TO_NGOAI_QD, "GIAY_TO_NGOAI_QD", "yêu cầu giấy tờ ngoài quy định", "apers" },
		{ SURVEY_R_THAI_DO, "THAI_DO", "thái độ không đúng mực", "ttitude" },
		{ SURVEY_R_HUONG_DAN_KHONG_RO, "HUONG_DAN_KHONG_RO", "hướng dẫn không rõ, phải đi lại nhiều lần",
		  "uidance" },
		{ SURVEY_R_TRE_HEN, "TRE_HEN", "trễ hẹn", "promised" },
		{ SURVEY_R_HEN_NHIEU_LAN, "HEN_NHIEU_LAN", "hẹn đi hẹn lại", "again" },
		{ SURVEY_R_CHO_LAU, "CHO_LAU", "chờ lâu", "Long wait" },
		{ SURVEY_R_CO_SO_VAT_CHAT, "CO_SO_VAT_CHAT", "nơi chờ, chỗ ngồi", "seat" },
	};

	(void)state;
	assert_int_equal(sizeof want / sizeof want[0], SURVEY_R_COUNT);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const char *vi = i18n_reason(I18N_VI, want[i].reason);
		const char *en = i18n_reason(I18N_EN, want[i].reason);
		size_t n = strlen(want[i].vi);

		assert_string_equal(survey_reason_code(want[i].reason), want[i].code);
		if (strlen(vi) < n || tolower((unsigned char)vi[0]) != want[i].vi[0] ||
		    memcmp(vi + 1, want[i].vi + 1, n - 1))
			fail_msg("reason %s: \"%s\" does not start with \"%s\"", want[i].code, vi, want[i].vi);
		if (!strstr(en, want[i].en))
			fail_msg("reason %s: \"%s\" does not mention \"%s\"", want[i].code, en, want[i].en);
	}
}

/* A citizen tells levels, reasons and questions apart by their labels. */
static void test_labels_distinct(void **state)
{
	(void)state;
	for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
		for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++)
			for (int a = 1; a <= scale; a++)
				for (int b = a + 1; b <= scale; b++)
					if (strcmp(i18n_level(lang, scale, a), i18n_level(lang, scale, b)) == 0)
						fail_msg("%s scale %d: levels %d and %d read the same",
							 lang_name(lang), scale, a, b);
		for (int a = 0; a < SURVEY_R_COUNT; a++)
			for (int b = a + 1; b < SURVEY_R_COUNT; b++)
				assert_string_not_equal(i18n_reason(lang, a), i18n_reason(lang, b));
		assert_string_not_equal(i18n_question(lang, SURVEY_Q_OFFICER), i18n_question(lang, SURVEY_Q_PROCEDURE));
	}
}

/* The toggle changes what is shown: the English table is not a copy of the Vietnamese one, and the
 * toggle's label names the other language. */
static void test_languages_differ(void **state)
{
	(void)state;
	for (int key = 0; key < I18N_KEY_COUNT; key++)
		if (strcmp(i18n_text(I18N_VI, key), i18n_text(I18N_EN, key)) == 0)
			fail_msg("text %d is the same in both languages: \"%s\"", key, i18n_text(I18N_VI, key));
	assert_string_equal(i18n_text(I18N_VI, I18N_OTHER_LANG), "English");
	assert_string_equal(i18n_text(I18N_EN, I18N_OTHER_LANG), "Tiếng Việt");
	assert_string_equal(i18n_text(I18N_EN, I18N_THANKS), "Thank you!");
	assert_string_equal(i18n_text(I18N_EN, I18N_REASONS_TITLE), "Why?");
	assert_string_equal(i18n_level(I18N_EN, 5, 1), "Very dissatisfied");
	assert_string_equal(i18n_level(I18N_EN, 5, 5), "Very satisfied");
}

static void test_lang_parse(void **state)
{
	(void)state;
	assert_int_equal(i18n_lang_parse("vi"), I18N_VI);
	assert_int_equal(i18n_lang_parse("en"), I18N_EN);
	assert_int_equal(i18n_lang_parse(""), -1);
	assert_int_equal(i18n_lang_parse("VI"), -1);
	assert_int_equal(i18n_lang_parse("vi "), -1);
	assert_int_equal(i18n_lang_parse("vie"), -1);
	assert_int_equal(i18n_lang_parse("en-US"), -1);
	assert_int_equal(i18n_lang_parse("fr"), -1);
}

/* Out-of-range lookups never hand the view a NULL to draw: "" for a bad key, question, level or
 * reason; a bad language falls back to Vietnamese. */
static void test_out_of_range(void **state)
{
	static const int bad_lang[] = { -1, I18N_LANG_COUNT, 1000 };

	(void)state;
	for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
		assert_string_equal(i18n_text(lang, -1), "");
		assert_string_equal(i18n_text(lang, I18N_KEY_COUNT), "");
		assert_string_equal(i18n_question(lang, -1), "");
		assert_string_equal(i18n_question(lang, SURVEY_Q_COUNT), "");
		assert_string_equal(i18n_reason(lang, -1), "");
		assert_string_equal(i18n_reason(lang, SURVEY_R_COUNT), "");
		for (int scale = SURVEY_SCALE_MIN; scale <= SURVEY_SCALE_MAX; scale++) {
			assert_string_equal(i18n_level(lang, scale, 0), "");
			assert_string_equal(i18n_level(lang, scale, scale + 1), "");
			assert_string_equal(i18n_level(lang, scale, -1), "");
		}
		assert_string_equal(i18n_level(lang, 2, 1), "");
		assert_string_equal(i18n_level(lang, 6, 1), "");
		assert_string_equal(i18n_level(lang, 0, 0), "");
	}
	for (size_t i = 0; i < sizeof bad_lang / sizeof bad_lang[0]; i++) {
		int lang = bad_lang[i];

		assert_non_null(i18n_text(lang, I18N_THANKS));
		assert_string_equal(i18n_text(lang, I18N_THANKS), i18n_text(I18N_VI, I18N_THANKS));
		assert_string_equal(i18n_question(lang, SURVEY_Q_OFFICER), i18n_question(I18N_VI, SURVEY_Q_OFFICER));
		assert_string_equal(i18n_level(lang, 5, 3), i18n_level(I18N_VI, 5, 3));
		assert_string_equal(i18n_reason(lang, SURVEY_R_CHO_LAU), i18n_reason(I18N_VI, SURVEY_R_CHO_LAU));
		assert_string_equal(i18n_text(lang, I18N_KEY_COUNT), "");
		assert_string_equal(i18n_level(lang, 5, 6), "");
	}
}

/* ui.c hands I18N_QUESTION_OF to printf with (index, count): any other conversion would read
 * arguments that are not there. */
static void test_question_of_format(void **state)
{
	char buf[64];

	(void)state;
	for (int lang = 0; lang < I18N_LANG_COUNT; lang++) {
		const char *f = i18n_text(lang, I18N_QUESTION_OF);
		int ints = 0;

		for (const char *p = f; *p; p++) {
			if (*p != '%')
				continue;
			p++;
			if (*p == 'd')
				ints++;
			else if (*p != '%')
				fail_msg("%s: \"%s\" has a conversion other than %%d", lang_name(lang), f);
		}
		if (ints != 2)
			fail_msg("%s: \"%s\" has %d %%d, want 2", lang_name(lang), f, ints);
	}
	snprintf(buf, sizeof buf, i18n_text(I18N_VI, I18N_QUESTION_OF), 1, 2);
	assert_string_equal(buf, "Câu 1/2");
	snprintf(buf, sizeof buf, i18n_text(I18N_EN, I18N_QUESTION_OF), 2, 2);
	assert_string_equal(buf, "Question 2 of 2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checker_catches_bad_strings),
		cmocka_unit_test(test_every_string_valid),
		cmocka_unit_test(test_vietnamese_levels_exact),
		cmocka_unit_test(test_vietnamese_questions_exact),
		cmocka_unit_test(test_reason_labels_match_codes),
		cmocka_unit_test(test_labels_distinct),
		cmocka_unit_test(test_languages_differ),
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_out_of_range),
		cmocka_unit_test(test_question_of_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
