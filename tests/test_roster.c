/* SPDX-License-Identifier: MIT
 * test_roster.c — the roster (hailong/v1/SITE/roster) as a screen or a report uses it: a roster with
 * Vietnamese names decodes and roster_name finds each officer and procedure by its code, and nothing
 * for an unknown, empty or foreign code; every malformed roster (wrong shape, unknown or repeated
 * keys, extra fields, bad codes, names that are not UTF-8 text or are too long, empty or oversized
 * bodies) is refused with HL_ERR_INVALID and no roster. */
#include "hl.h"
#include "roster.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Nguyễn Thị Ấu Ngọc Trâm", "Trần Văn Bình", "Cấp Giấy phép bán lẻ xăng dầu" and "Đăng ký khai
 * sinh" as NFC UTF-8, spelled out in bytes so no editor can renormalise them. */
#define NAME_TRAM "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xE1\xBA\xA4u Ng\xE1\xBB\x8D" "c Tr\xC3\xA2m"
#define NAME_BINH "Tr\xE1\xBA\xA7n V\xC4\x83n B\xC3\xACnh"
#define PROC_XANG "C\xE1\xBA\xA5p Gi\xE1\xBA\xA5y ph\xC3\xA9p b\xC3\xA1n l\xE1\xBA\xBB x\xC4\x83ng d\xE1\xBA\xA7u"
#define PROC_KHAI "\xC4\x90\xC4\x83ng k\xC3\xBD khai sinh"

static const char ROSTER[] =
	"{\"officers\":[{\"code\":\"cb0123\",\"name\":\"" NAME_TRAM "\"},"
	"{\"code\":\"cb-07_x.Y\",\"name\":\"" NAME_BINH "\"}],"
	"\"procedures\":[{\"code\":\"1.001234\",\"name\":\"" PROC_XANG "\"},"
	"{\"name\":\"" PROC_KHAI "\",\"code\":\"2.000528\"}]}";

/* ---- helpers ----------------------------------------------------------------------------------- */

static int decode_str(const char *json, struct roster **out)
{
	return roster_decode(json, strlen(json), out);
}

static void expect_invalid(const char *json)
{
	struct roster *r = (struct roster *)&r; /* any non-NULL value: it must be reset */

	if (decode_str(json, &r) != HL_ERR_INVALID)
		fail_msg("accepted: %s", json);
	assert_null(r);
}

/* A one-officer roster whose name is name (raw bytes, put between the quotes as they are). */
static void expect_name_invalid(const char *name)
{
	char json[1024];

	snprintf(json, sizeof json, "{\"officers\":[{\"code\":\"cb1\",\"name\":\"%s\"}]}", name);
	expect_invalid(json);
}

/* A one-officer roster whose code is code. */
static void expect_code_invalid(const char *code)
{
	char json[256];

	snprintf(json, sizeof json, "{\"officers\":[{\"code\":\"%s\",\"name\":\"A\"}]}", code);
	expect_invalid(json);
}

/* ---- decoding and looking up ------------------------------------------------------------------- */

static void test_decode_and_lookup(void **state)
{
	struct roster *r = NULL;

	(void)state;
	assert_int_equal(decode_str(ROSTER, &r), HL_OK);
	assert_non_null(r);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb0123"), NAME_TRAM);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb-07_x.Y"), NAME_BINH);
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "1.001234"), PROC_XANG);
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "2.000528"), PROC_KHAI);
	roster_free(r);
}

static void test_lookup_misses(void **state)
{
	struct roster *r = NULL;

	(void)state;
	assert_int_equal(decode_str(ROSTER, &r), HL_OK);
	assert_null(roster_name(r, ROSTER_OFFICER, "cb9999"));
	assert_null(roster_name(r, ROSTER_OFFICER, "CB0123"));  /* codes are case-sensitive */
	assert_null(roster_name(r, ROSTER_OFFICER, "cb012"));   /* no prefix match */
	assert_null(roster_name(r, ROSTER_OFFICER, "cb01234"));
	assert_null(roster_name(r, ROSTER_OFFICER, ""));
	assert_null(roster_name(r, ROSTER_PROCEDURE, ""));
	/* Officers and procedures are separate lists. */
	assert_null(roster_name(r, ROSTER_PROCEDURE, "cb0123"));
	assert_null(roster_name(r, ROSTER_OFFICER, "1.001234"));
	/* Kinds outside the enum find nothing. */
	assert_null(roster_name(r, -1, "cb0123"));
	assert_null(roster_name(r, ROSTER_KIND_COUNT, "cb0123"));
	assert_null(roster_name(NULL, ROSTER_OFFICER, "cb0123"));
	roster_free(r);
}

static void test_partial_and_empty_lists(void **state)
{
	struct roster *r = NULL;

	(void)state;
	assert_int_equal(decode_str("{\"officers\":[{\"code\":\"cb0123\",\"name\":\"" NAME_TRAM "\"}]}", &r),
			 HL_OK);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb0123"), NAME_TRAM);
	assert_null(roster_name(r, ROSTER_PROCEDURE, "1.001234"));
	roster_free(r);

	assert_int_equal(decode_str("{\"procedures\":[{\"code\":\"1.001234\",\"name\":\"" PROC_XANG "\"}]}",
				    &r), HL_OK);
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "1.001234"), PROC_XANG);
	assert_null(roster_name(r, ROSTER_OFFICER, "cb0123"));
	roster_free(r);

	assert_int_equal(decode_str(" { \"officers\" : [ ] , \"procedures\" : [ ] }\n", &r), HL_OK);
	assert_null(roster_name(r, ROSTER_OFFICER, "cb0123"));
	roster_free(r);

	assert_int_equal(decode_str("{}", &r), HL_OK);
	assert_null(roster_name(r, ROSTER_OFFICER, "cb0123"));
	roster_free(r);
}

/* The payload need not be NUL-terminated and nothing past len is read. */
static void test_not_nul_terminated(void **state)
{
	size_t len = strlen(ROSTER);
	char *buf = malloc(len);
	struct roster *r = NULL;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, ROSTER, len);
	assert_int_equal(roster_decode(buf, len, &r), HL_OK);
	free(buf);
	assert_string_equal(roster_name(r, ROSTER_PROCEDURE, "1.001234"), PROC_XANG);
	roster_free(r);
}

/* Codes at the limits: 1 and 32 characters; names of exactly ROSTER_NAME_MAX bytes. */
static void test_limits_accepted(void **state)
{
	char name[ROSTER_NAME_MAX + 1], json[512];
	struct roster *r = NULL;
	size_t n = 0;

	(void)state;
	/* 2-byte letters ("ư") up to the limit: a multibyte name at exactly ROSTER_NAME_MAX bytes. */
	while (n + 2 <= ROSTER_NAME_MAX) {
		name[n++] = '\xC6';
		name[n++] = '\xB0';
	}
	if (n < ROSTER_NAME_MAX)
		name[n++] = 'a';
	name[n] = '\0';
	assert_int_equal(strlen(name), ROSTER_NAME_MAX);
	snprintf(json, sizeof json,
		 "{\"officers\":[{\"code\":\"x\",\"name\":\"%s\"},"
		 "{\"code\":\"abcdefghijklmnopqrstuvwxyz012345\",\"name\":\"B\"}]}", name);
	assert_int_equal(decode_str(json, &r), HL_OK);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "x"), name);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "abcdefghijklmnopqrstuvwxyz012345"), "B");
	roster_free(r);
}

/* JSON escapes are decoded: "\u00e2" is "â". */
static void test_escaped_name(void **state)
{
	struct roster *r = NULL;

	(void)state;
	assert_int_equal(decode_str("{\"officers\":[{\"code\":\"cb1\",\"name\":\"Tr\\u00e2m \\\"T\\\"\"}]}", &r),
			 HL_OK);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb1"), "Tr\xC3\xA2m \"T\"");
	roster_free(r);
}

/* ---- refused rosters --------------------------------------------------------------------------- */

static void test_wrong_shape(void **state)
{
	(void)state;
	expect_invalid("[]");
	expect_invalid("[{\"officers\":[]}]");
	expect_invalid("\"officers\"");
	expect_invalid("42");
	expect_invalid("null");
	expect_invalid("{");
	expect_invalid("{\"officers\":[}");
	expect_invalid("not json");
	expect_invalid("{\"officers\":{}}");
	expect_invalid("{\"officers\":null}");
	expect_invalid("{\"officers\":\"cb0123\"}");
	expect_invalid("{\"officers\":[\"cb0123\"]}");
	expect_invalid("{\"officers\":[[\"cb0123\",\"A\"]]}");
	expect_invalid("{\"officers\":[null]}");
}

static void test_unknown_and_duplicate_keys(void **state)
{
	(void)state;
	expect_invalid("{\"officers\":[],\"counters\":[]}");
	expect_invalid("{\"Officers\":[]}");
	expect_invalid("{\"officer\":[]}");
	expect_invalid("{\"officers\":[],\"officers\":[]}");
	expect_invalid("{\"procedures\":[{\"code\":\"1\",\"name\":\"A\"}],\"officers\":[],"
		       "\"procedures\":[]}");
}

static void test_bad_entries(void **state)
{
	(void)state;
	/* An extra field. */
	expect_invalid("{\"officers\":[{\"code\":\"cb1\",\"name\":\"A\",\"phone\":\"0909\"}]}");
	/* A missing name or code. */
	expect_invalid("{\"officers\":[{\"code\":\"cb1\"}]}");
	expect_invalid("{\"officers\":[{\"name\":\"A\"}]}");
	expect_invalid("{\"officers\":[{}]}");
	/* The right number of fields, but not the right ones. */
	expect_invalid("{\"officers\":[{\"code\":\"cb1\",\"title\":\"A\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"cb1\",\"code\":\"cb2\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"cb1\",\"name\":\"A\",\"name\":\"B\"}]}");
	/* Values of the wrong type. */
	expect_invalid("{\"officers\":[{\"code\":123,\"name\":\"A\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"cb1\",\"name\":null}]}");
	expect_invalid("{\"officers\":[{\"code\":\"cb1\",\"name\":[\"A\"]}]}");
	/* One bad entry spoils the roster, even after good ones. */
	expect_invalid("{\"officers\":[{\"code\":\"cb1\",\"name\":\"A\"}],"
		       "\"procedures\":[{\"code\":\"1.1\",\"name\":\"B\"},{\"code\":\"1 2\",\"name\":\"C\"}]}");
}

static void test_bad_codes(void **state)
{
	(void)state;
	expect_code_invalid("");
	expect_code_invalid("cb 0123");
	expect_code_invalid("abcdefghijklmnopqrstuvwxyz0123456"); /* 33 characters */
	expect_code_invalid("cb/0123");
	expect_code_invalid("cb0123\\n");
	expect_code_invalid("c\xC3\xA1n"); /* not ASCII */
	expect_code_invalid("<b>");
}

static void test_invalid_utf8_names(void **state)
{
	(void)state;
	expect_name_invalid("\xC3\x28");           /* a lead byte without its continuation */
	expect_name_invalid("ab\xC3");              /* cut short at the end */
	expect_name_invalid("\xC0\xAF");            /* overlong '/' */
	expect_name_invalid("\xE0\x80\xAF");        /* overlong, 3 bytes */
	expect_name_invalid("\xF0\x80\x80\xAF");    /* overlong, 4 bytes */
	expect_name_invalid("\xED\xA0\x80");        /* a UTF-16 surrogate */
	expect_name_invalid("\xED\xBF\xBF");        /* the last surrogate */
	expect_name_invalid("\xF4\x90\x80\x80");    /* beyond U+10FFFF */
	expect_name_invalid("\xF8\x88\x80\x80\x80"); /* 5-byte form */
	expect_name_invalid("\x80");                /* a lone continuation byte */
	expect_name_invalid("Tr\xE1\xBA");          /* a letter cut in half */
	expect_name_invalid("\xFF");
}

static void test_control_chars_in_names(void **state)
{
	(void)state;
	expect_name_invalid("Tr\\u00e2m\\nB");  /* \n as a JSON escape */
	expect_name_invalid("A\\tB");
	expect_name_invalid("A\\u001bB");       /* ESC */
	expect_name_invalid("A\x7F" "B");        /* DEL */
	expect_name_invalid("A\\u007fB");
	expect_name_invalid("A\xC2\x85" "B");    /* C1 NEL */
	expect_name_invalid("A\\u0085B");
	expect_name_invalid("A\xC2\x9F" "B");    /* last C1 */
}

static void test_name_too_long(void **state)
{
	char name[ROSTER_NAME_MAX + 3];

	(void)state;
	memset(name, 'a', ROSTER_NAME_MAX + 1);
	name[ROSTER_NAME_MAX + 1] = '\0';
	expect_name_invalid(name);
	/* Multibyte: ROSTER_NAME_MAX/2 + 1 two-byte letters. */
	for (size_t i = 0; i < ROSTER_NAME_MAX / 2 + 1; i++) {
		name[2 * i] = '\xC3';
		name[2 * i + 1] = '\xA2';
	}
	name[ROSTER_NAME_MAX / 2 * 2 + 2] = '\0';
	expect_name_invalid(name);
}

static void test_body_size(void **state)
{
	size_t big = (size_t)ROSTER_BODY_MAX + 1;
	char *buf = malloc(big);
	struct roster *r = (struct roster *)&r;
	const char head[] = "{\"officers\":[],\"procedures\":[]}";

	(void)state;
	assert_int_equal(roster_decode("", 0, &r), HL_ERR_INVALID);
	assert_null(r);
	assert_int_equal(roster_decode(ROSTER, 0, &r), HL_ERR_INVALID);
	assert_null(r);

	/* A valid roster padded with blanks to one byte past the limit, and to the limit exactly. */
	assert_non_null(buf);
	memset(buf, ' ', big);
	memcpy(buf, head, sizeof head - 1);
	r = (struct roster *)&r;
	assert_int_equal(roster_decode(buf, big, &r), HL_ERR_INVALID);
	assert_null(r);
	assert_int_equal(roster_decode(buf, big - 1, &r), HL_OK);
	assert_non_null(r);
	roster_free(r);
	free(buf);
}

static void test_free_null(void **state)
{
	(void)state;
	roster_free(NULL);
}

/* ---- regressions ---- */

static void expect_invalid_bug(const char *json)
{
	struct roster *r = (struct roster *)&r;

	if (roster_decode(json, strlen(json), &r) != HL_ERR_INVALID)
		fail_msg("accepted: %s", json);
	assert_null(r);
}

static void test_trailing_data(void **state)
{
	(void)state;
	expect_invalid_bug("{\"officers\":[]} trailing");
	expect_invalid_bug("{\"officers\":[]}{\"procedures\":[]}");
	expect_invalid_bug("{\"officers\":[]},");
}

static void test_leading_control_byte(void **state)
{
	(void)state;
	expect_invalid_bug("\x01{\"officers\":[]}");
}

static void test_nul_escapes(void **state)
{
	(void)state;
	expect_invalid_bug("{\"officers\":[{\"code\":\"cb1\",\"name\":\"A\\u0000<script>\"}]}");
	expect_invalid_bug("{\"officers\":[{\"code\":\"cb1\\u0000 bad\",\"name\":\"A\"}]}");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_and_lookup),
		cmocka_unit_test(test_lookup_misses),
		cmocka_unit_test(test_partial_and_empty_lists),
		cmocka_unit_test(test_not_nul_terminated),
		cmocka_unit_test(test_limits_accepted),
		cmocka_unit_test(test_escaped_name),
		cmocka_unit_test(test_wrong_shape),
		cmocka_unit_test(test_unknown_and_duplicate_keys),
		cmocka_unit_test(test_bad_entries),
		cmocka_unit_test(test_bad_codes),
		cmocka_unit_test(test_invalid_utf8_names),
		cmocka_unit_test(test_control_chars_in_names),
		cmocka_unit_test(test_name_too_long),
		cmocka_unit_test(test_body_size),
		cmocka_unit_test(test_free_null),
		cmocka_unit_test(test_trailing_data),
		cmocka_unit_test(test_leading_control_byte),
		cmocka_unit_test(test_nul_escapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
