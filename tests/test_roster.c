/* SPDX-License-Identifier: MIT
 * test_roster.c — the roster (hailong/v1/SITE/roster) as a screen or a report uses it: a roster with
 * Vietnamese names decodes and roster_name finds each officer and procedure by its code, and nothing
 * for an unknown, empty or foreign code; every malformed roster (wrong shape, unknown or repeated
 * keys, extra fields, bad codes, names that are not UTF-8 text or are too long, empty or oversized
 * bodies) is refused with HL_ERR_INVALID and no roster. Names holding a control, a bidi control or an
 * invisible character are refused both by the decoder and by the CSV import (results/sheet.c), whose
 * error names the file, line, column and code point; Vietnamese names with every diacritic still
 * pass. */
#include "hl.h"
#include "roster.h"
#include "sheet.h"
#include "text.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ---- characters a name may not hold (bidi controls, invisible characters, controls) ------------ */

/* A refused character in a name, spelled as bytes, and the code point the error must name. */
struct bad_char {
	const char *bytes;
	const char *cp; /* "U+202E" */
};

/* "Nguyễn Thị Ngọc Ánh", "Cấp Giấy chứng nhận đủ điều kiện an toàn thực phẩm" and every precomposed
 * Vietnamese letter (12 vowels × 6 tones, and đ), lower and upper case, all NFC. */
#define NAME_ANH "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B Ng\xE1\xBB\x8D" "c \xC3\x81nh"
#define PROC_ATTP "C\xE1\xBA\xA5p Gi\xE1\xBA\xA5y ch\xE1\xBB\xA9ng nh\xE1\xBA\xADn \xC4\x91\xE1\xBB\xA7 " \
	"\xC4\x91i\xE1\xBB\x81u ki\xE1\xBB\x87n an to\xC3\xA0n th\xE1\xBB\xB1" "c ph\xE1\xBA\xA9m"
#define VI_LOWER "a\xC3\xA1\xC3\xA0\xE1\xBA\xA3\xC3\xA3\xE1\xBA\xA1\xC4\x83\xE1\xBA\xAF\xE1\xBA\xB1\xE1\xBA\xB3" \
	"\xE1\xBA\xB5\xE1\xBA\xB7\xC3\xA2\xE1\xBA\xA5\xE1\xBA\xA7\xE1\xBA\xA9\xE1\xBA\xAB\xE1\xBA\xAD" "e\xC3\xA9" \
	"\xC3\xA8\xE1\xBA\xBB\xE1\xBA\xBD\xE1\xBA\xB9\xC3\xAA\xE1\xBA\xBF\xE1\xBB\x81\xE1\xBB\x83\xE1\xBB\x85" \
	"\xE1\xBB\x87i\xC3\xAD\xC3\xAC\xE1\xBB\x89\xC4\xA9\xE1\xBB\x8Bo\xC3\xB3\xC3\xB2\xE1\xBB\x8F\xC3\xB5" \
	"\xE1\xBB\x8D\xC3\xB4\xE1\xBB\x91\xE1\xBB\x93\xE1\xBB\x95\xE1\xBB\x97\xE1\xBB\x99\xC6\xA1\xE1\xBB\x9B" \
	"\xE1\xBB\x9D\xE1\xBB\x9F\xE1\xBB\xA1\xE1\xBB\xA3u\xC3\xBA\xC3\xB9\xE1\xBB\xA7\xC5\xA9\xE1\xBB\xA5\xC6\xB0" \
	"\xE1\xBB\xA9\xE1\xBB\xAB\xE1\xBB\xAD\xE1\xBB\xAF\xE1\xBB\xB1y\xC3\xBD\xE1\xBB\xB3\xE1\xBB\xB7\xE1\xBB\xB9" \
	"\xE1\xBB\xB5\xC4\x91"
#define VI_UPPER "A\xC3\x81\xC3\x80\xE1\xBA\xA2\xC3\x83\xE1\xBA\xA0\xC4\x82\xE1\xBA\xAE\xE1\xBA\xB0\xE1\xBA\xB2" \
	"\xE1\xBA\xB4\xE1\xBA\xB6\xC3\x82\xE1\xBA\xA4\xE1\xBA\xA6\xE1\xBA\xA8\xE1\xBA\xAA\xE1\xBA\xAC" "E\xC3\x89" \
	"\xC3\x88\xE1\xBA\xBA\xE1\xBA\xBC\xE1\xBA\xB8\xC3\x8A\xE1\xBA\xBE\xE1\xBB\x80\xE1\xBB\x82\xE1\xBB\x84" \
	"\xE1\xBB\x86I\xC3\x8D\xC3\x8C\xE1\xBB\x88\xC4\xA8\xE1\xBB\x8AO\xC3\x93\xC3\x92\xE1\xBB\x8E\xC3\x95" \
	"\xE1\xBB\x8C\xC3\x94\xE1\xBB\x90\xE1\xBB\x92\xE1\xBB\x94\xE1\xBB\x96\xE1\xBB\x98\xC6\xA0\xE1\xBB\x9A" \
	"\xE1\xBB\x9C\xE1\xBB\x9E\xE1\xBB\xA0\xE1\xBB\xA2U\xC3\x9A\xC3\x99\xE1\xBB\xA6\xC5\xA8\xE1\xBB\xA4\xC6\xAF" \
	"\xE1\xBB\xA8\xE1\xBB\xAA\xE1\xBB\xAC\xE1\xBB\xAE\xE1\xBB\xB0Y\xC3\x9D\xE1\xBB\xB2\xE1\xBB\xB6\xE1\xBB\xB8" \
	"\xE1\xBB\xB4\xC4\x90"

static char tmpdir[64];

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_roster.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

/* Reads and reports the roster file text (as kind) the way `roster import` does; returns what it
 * printed (free it) and the rows it let in through *nrows. */
static char *import_csv(int kind, const char *text, char *path, size_t cap, size_t *nrows)
{
	static int seq;
	struct sheet sh = { 0 };
	char out[128];
	int saved;
	FILE *f;
	long len;
	char *printed;

	snprintf(path, cap, "%s/%d-%s.csv", tmpdir, seq++, kind == ROSTER_OFFICER ? "officers" : "procedures");
	write_text(path, text);
	snprintf(out, sizeof out, "%s/report.txt", tmpdir);
	sh.path = path;
	sh.kind = kind;
	assert_int_equal(sheet_read(&sh), HL_OK);
	*nrows = sh.nrows;
	/* sheet_report prints to stderr, which is where a person running the import reads it. */
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(saved >= 0);
	assert_non_null(freopen(out, "w", stderr));
	sheet_report(&sh);
	fflush(stderr);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	sheet_free(&sh);
	f = fopen(out, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	printed = calloc(1, (size_t)len + 1);
	assert_non_null(printed);
	assert_int_equal(fread(printed, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return printed;
}

static void expect_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("'%s' not in '%s'", want, text);
}

/* Each character refused in a name: by the CSV import of both files, naming file:line, column and
 * code point, with the good rows still read; and by the roster decoder, raw and as a \u escape. */
static void expect_chars_refused(const struct bad_char *bad, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char name[64], text[512], path[128], want[256], json[512], why[256];
		size_t rows;
		struct roster *r = (struct roster *)&r;
		char *printed;

		/* "Tr" X "an": the character is at byte 3 of the name. */
		snprintf(name, sizeof name, "Tr%san", bad[i].bytes);
		snprintf(text, sizeof text, "site,code,name\nsct-bentre,cb001," NAME_ANH "\nsct-bentre,cb002,%s\n", name);
		printed = import_csv(ROSTER_OFFICER, text, path, sizeof path, &rows);
		snprintf(want, sizeof want, "%s:3: name 'Tr<%s>an' (column 3) has %s (", path, bad[i].cp, bad[i].cp);
		expect_has(printed, want);
		expect_has(printed, ") at byte 3 of the name");
		assert_int_equal(rows, 1);
		free(printed);

		snprintf(text, sizeof text, "code,name\n1.001234,%s\n2.000528," PROC_ATTP "\n", name);
		printed = import_csv(ROSTER_PROCEDURE, text, path, sizeof path, &rows);
		snprintf(want, sizeof want, "%s:2: name 'Tr<%s>an' (column 2) has %s (", path, bad[i].cp, bad[i].cp);
		expect_has(printed, want);
		assert_int_equal(rows, 1);
		free(printed);

		snprintf(json, sizeof json, "{\"officers\":[{\"code\":\"cb1\",\"name\":\"A\"},{\"code\":\"cb7\",\"name\":\"%s\"}]}",
			 name);
		if (roster_decode_why(json, strlen(json), &r, why, sizeof why) != HL_ERR_INVALID)
			fail_msg("decoded a roster with %s", bad[i].cp);
		assert_null(r);
		snprintf(want, sizeof want, "officer 2 (code cb7): name has %s (", bad[i].cp);
		expect_has(why, want);
		expect_has(why, ") at byte 3");
		/* The terminals' entry point refuses it too. */
		expect_name_invalid(name);
		/* Spelled as a JSON escape, it is the same character once decoded. */
		snprintf(json, sizeof json, "{\"procedures\":[{\"code\":\"1.1\",\"name\":\"Tr\\u%s an\"}]}", bad[i].cp + 2);
		if (strlen(bad[i].cp) == 6) {
			if (roster_decode_why(json, strlen(json), &r, why, sizeof why) != HL_ERR_INVALID)
				fail_msg("decoded a roster with \\u%s", bad[i].cp + 2);
			expect_has(why, bad[i].cp);
		}
	}
}

static void test_refuses_bidi_overrides_and_embeddings(void **state)
{
	static const struct bad_char bad[] = {
		{ "\xE2\x80\xAE", "U+202E" }, { "\xE2\x80\xAD", "U+202D" }, { "\xE2\x80\xAA", "U+202A" },
		{ "\xE2\x80\xAB", "U+202B" }, { "\xE2\x80\xAC", "U+202C" },
	};
	char why[256];
	struct roster *r;
	const char *json = "{\"officers\":[{\"code\":\"cb1\",\"name\":\"Tr\xE1\xBA\xA7n \xE2\x80\xAE" "0123\"}]}";

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
	/* The whole phrase, as a person reads it. */
	assert_int_equal(roster_decode_why(json, strlen(json), &r, why, sizeof why), HL_ERR_INVALID);
	assert_string_equal(why, "officer 1 (code cb1): name has U+202E (right-to-left override) at byte 8");
}

static void test_refuses_bidi_isolates(void **state)
{
	static const struct bad_char bad[] = {
		{ "\xE2\x81\xA6", "U+2066" }, { "\xE2\x81\xA7", "U+2067" },
		{ "\xE2\x81\xA8", "U+2068" }, { "\xE2\x81\xA9", "U+2069" },
	};

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
}

static void test_refuses_bidi_marks(void **state)
{
	static const struct bad_char bad[] = {
		{ "\xE2\x80\x8E", "U+200E" }, { "\xE2\x80\x8F", "U+200F" }, { "\xD8\x9C", "U+061C" },
	};

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
}

static void test_refuses_zero_width(void **state)
{
	static const struct bad_char bad[] = {
		{ "\xE2\x80\x8B", "U+200B" }, { "\xE2\x80\x8C", "U+200C" }, { "\xE2\x80\x8D", "U+200D" },
		{ "\xE2\x81\xA0", "U+2060" }, { "\xEF\xBB\xBF", "U+FEFF" },
	};

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
}

static void test_refuses_line_and_paragraph_separators(void **state)
{
	static const struct bad_char bad[] = { { "\xE2\x80\xA8", "U+2028" }, { "\xE2\x80\xA9", "U+2029" } };

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
}

static void test_refuses_other_invisible(void **state)
{
	static const struct bad_char bad[] = {
		{ "\xC2\xAD", "U+00AD" },	  /* soft hyphen */
		{ "\xCD\x8F", "U+034F" },	  /* combining grapheme joiner */
		{ "\xE2\x81\xA2", "U+2062" },	  /* invisible times */
		{ "\xE2\x81\xAA", "U+206A" },	  /* deprecated format character */
		{ "\xE3\x85\xA4", "U+3164" },	  /* Hangul filler */
		{ "\xEF\xB8\x8F", "U+FE0F" },	  /* variation selector */
		{ "\xF3\xA0\x81\x81", "U+E0041" }, /* tag latin capital letter A */
	};

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
}

static void test_refuses_controls(void **state)
{
	static const struct bad_char bad[] = {
		{ "\x01", "U+0001" },	  { "\t", "U+0009" },	   { "\x1B", "U+001B" },
		{ "\x7F", "U+007F" },	  { "\xC2\x85", "U+0085" }, { "\xC2\x9B", "U+009B" },
	};

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
}

static void test_refuses_noncharacters(void **state)
{
	static const struct bad_char bad[] = {
		{ "\xEF\xBF\xBE", "U+FFFE" }, { "\xEF\xB7\x90", "U+FDD0" }, { "\xF4\x8F\xBF\xBF", "U+10FFFF" },
	};

	(void)state;
	expect_chars_refused(bad, sizeof bad / sizeof bad[0]);
}

/* Vietnamese in NFC, every diacritic, still imports and decodes; so do a file's leading BOM (as
 * Excel writes it) and a no-break space. */
static void test_vietnamese_names_still_import(void **state)
{
	static const char *const names[] = { NAME_ANH, PROC_ATTP, VI_LOWER, VI_UPPER, NAME_TRAM, "A\xC2\xA0" "B" };
	char text[2048], path[128], json[1024], why[256];
	struct roster *r;
	size_t rows;
	char *printed;
	struct text_fault tf;

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!text_name_valid(names[i], ROSTER_NAME_MAX, &tf))
			fail_msg("name %zu refused: %s", i, text_fault_describe(&tf, why, sizeof why));
		snprintf(json, sizeof json, "{\"officers\":[{\"code\":\"cb1\",\"name\":\"%s\"}]}", names[i]);
		assert_int_equal(roster_decode_why(json, strlen(json), &r, why, sizeof why), HL_OK);
		assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb1"), names[i]);
		roster_free(r);
	}
	snprintf(text, sizeof text,
		 "\xEF\xBB\xBFsite,code,name\r\nsct-bentre,cb001," NAME_ANH "\r\nsct-bentre,cb002," VI_LOWER
		 "\r\nsct-bentre,cb003," VI_UPPER "\r\n");
	printed = import_csv(ROSTER_OFFICER, text, path, sizeof path, &rows);
	assert_string_equal(printed, "");
	assert_int_equal(rows, 3);
	free(printed);
	printed = import_csv(ROSTER_PROCEDURE, "code,name\n1.001234," PROC_ATTP "\n2.000528," PROC_XANG "\n", path,
			     sizeof path, &rows);
	assert_string_equal(printed, "");
	assert_int_equal(rows, 2);
	free(printed);
}

/* The reason and the name as shown never carry the character itself, so the message cannot be
 * reordered by what it reports. */
static void test_fault_text(void **state)
{
	struct text_fault tf;
	char d[160], shown[64];

	(void)state;
	assert_false(text_name_valid("ab\xE2\x81\xA7" "cd", 100, &tf));
	assert_int_equal(tf.kind, TEXT_FAULT_CHARACTER);
	assert_int_equal(tf.byte, 3);
	assert_int_equal(tf.cp, 0x2067);
	assert_string_equal(text_fault_describe(&tf, d, sizeof d), "U+2067 (right-to-left isolate) at byte 3");
	assert_false(text_name_valid("Tr\xE1\xBA n", 100, &tf));
	assert_string_equal(text_fault_describe(&tf, d, sizeof d), "byte 0xE1 that is not UTF-8 at byte 3");
	assert_false(text_name_valid("abcd", 3, &tf));
	assert_int_equal(tf.kind, TEXT_FAULT_LENGTH);
	assert_true(text_name_valid("", 0, &tf));
	assert_int_equal(tf.kind, TEXT_FAULT_NONE);
	assert_string_equal(text_shown("\xE2\x80\xAE" "12\xE2\x80\x8B\t\xE1" "x", 60, shown, sizeof shown),
			    "<U+202E>12<U+200B><U+0009>\\xE1x");
	assert_string_equal(text_shown(NAME_BINH, 4, shown, sizeof shown), "Tr\xE1\xBA\xA7n...");
	assert_string_equal(text_shown("abcdef", 60, shown, 4), "abc");
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

struct size_seen {
	char site[40];
	size_t len;
	int rc, n;
};

static void size_seen(void *ud, const char *site, size_t len, int rc)
{
	struct size_seen *s = ud;

	snprintf(s->site, sizeof s->site, "%s", site);
	s->len = len;
	s->rc = rc;
	s->n++;
}

/* A site whose roster message would be larger than a terminal takes is named with its size; a small
 * site beside it is not (the check roster import and the console's upload share). */
static void test_check_sizes(void **state)
{
	struct sheet off = { .kind = ROSTER_OFFICER };
	struct roster_entry procs[1] = { { "1.000001", "Đăng ký khai sinh" } };
	struct size_seen seen = { 0 };
	size_t n = 6002;

	(void)state;
	off.rows = calloc(n, sizeof *off.rows);
	assert_non_null(off.rows);
	off.nrows = n;
	for (size_t i = 0; i < n; i++) {
		struct store_officer *o = &off.rows[i].o;
		snprintf(o->site, sizeof o->site, "%s", i < 6000 ? "big" : "small");
		snprintf(o->e.code, sizeof o->e.code, "cb%05zu", i);
		memset(o->e.name, 'a', ROSTER_NAME_MAX - 10);
	}
	assert_int_equal(sheet_check_sizes(&off, procs, 1, size_seen, &seen), 1);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.site, "big");
	assert_int_equal(seen.rc, HL_ERR_RANGE);
	assert_true(seen.len > ROSTER_BODY_MAX);
	off.nrows = 2; /* two officers of one site fit */
	memset(&seen, 0, sizeof seen);
	assert_int_equal(sheet_check_sizes(&off, procs, 1, size_seen, &seen), 0);
	assert_int_equal(seen.n, 0);
	free(off.rows);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_sizes),
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
		cmocka_unit_test(test_refuses_bidi_overrides_and_embeddings),
		cmocka_unit_test(test_refuses_bidi_isolates),
		cmocka_unit_test(test_refuses_bidi_marks),
		cmocka_unit_test(test_refuses_zero_width),
		cmocka_unit_test(test_refuses_line_and_paragraph_separators),
		cmocka_unit_test(test_refuses_other_invisible),
		cmocka_unit_test(test_refuses_controls),
		cmocka_unit_test(test_refuses_noncharacters),
		cmocka_unit_test(test_vietnamese_names_still_import),
		cmocka_unit_test(test_fault_text),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
