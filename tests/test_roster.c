/* SPDX-License-Identifier: MIT
 * test_roster.c — the roster (hailong/v1/SITE/roster) as a screen or a report uses it: a roster with
 * Vietnamese names decodes and roster_name finds each officer and procedure by its code, and nothing
 * for an unknown, empty or foreign code; every malformed roster (wrong shape, unknown or repeated
 * keys, extra fields, bad codes, names that are not UTF-8 text or are too long, empty or oversized
 * bodies) is refused with HL_ERR_INVALID and no roster. Names holding a control, a bidi control or an
 * invisible character are refused both by the decoder and by the CSV import (results/sheet.c), whose
 * error names the file, line, column and code point; Vietnamese names with every diacritic still
 * pass. Officers' titles and photo hashes and the counters' list decode and are found by code, and
 * what the encoder makes of them decodes to the same (a roster without them is the bytes it always
 * was); bad titles, hashes and counter codes are refused. The CSV import reads title and photo
 * columns in any order, the photo from its file beside the CSV (checked for being a JPEG or PNG of at
 * most 256 KiB), and a counters' file; every fault names its line. The photo helpers: magic bytes,
 * the content hash, the photo topic and back. */
#include "hl.h"
#include "roster.h"
#include "roster_pub.h"
#include "sheet.h"
#include "text.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	expect_invalid("{\"officers\":[],\"counter\":[]}");
	expect_invalid("{\"officers\":[],\"photos\":[]}");
	expect_invalid("{\"counters\":[],\"counters\":[]}");
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
	assert_int_equal(sheet_check_sizes(&off, procs, 1, NULL, 0, size_seen, &seen), 1);
	assert_int_equal(seen.n, 1);
	assert_string_equal(seen.site, "big");
	assert_int_equal(seen.rc, HL_ERR_RANGE);
	assert_true(seen.len > ROSTER_BODY_MAX);
	off.nrows = 2; /* two officers of one site fit */
	memset(&seen, 0, sizeof seen);
	assert_int_equal(sheet_check_sizes(&off, procs, 1, NULL, 0, size_seen, &seen), 0);
	assert_int_equal(seen.n, 0);
	/* Titles and photo hashes count, and so do the site's counters (another site's do not). */
	off.nrows = 6000;
	for (size_t i = 0; i < 6000; i++)
		snprintf(off.rows[i].o.e.name, sizeof off.rows[i].o.e.name, "A");
	memset(&seen, 0, sizeof seen);
	assert_int_equal(sheet_check_sizes(&off, procs, 1, NULL, 0, size_seen, &seen), 0);
	for (size_t i = 0; i < 6000; i++) {
		memset(off.rows[i].info.title, 'T', ROSTER_TITLE_MAX);
		roster_photo_hash(&i, sizeof i, off.rows[i].info.photo);
	}
	assert_int_equal(sheet_check_sizes(&off, procs, 1, NULL, 0, size_seen, &seen), 1);
	assert_string_equal(seen.site, "big");
	for (size_t i = 0; i < 6000; i++)
		memset(off.rows[i].info.title, 0, sizeof off.rows[i].info.title);
	size_t nc = 4000;
	struct store_officer *ctr = calloc(nc, sizeof *ctr);
	assert_non_null(ctr);
	for (size_t i = 0; i < nc; i++) {
		snprintf(ctr[i].site, sizeof ctr[i].site, "%s", i < 2 ? "big" : "other");
		snprintf(ctr[i].e.code, sizeof ctr[i].e.code, "q%zu", i);
		memset(ctr[i].e.name, 'c', ROSTER_NAME_MAX);
	}
	memset(&seen, 0, sizeof seen);
	assert_int_equal(sheet_check_sizes(&off, procs, 1, ctr, nc, size_seen, &seen), 0);
	for (size_t i = 0; i < nc; i++)
		snprintf(ctr[i].site, sizeof ctr[i].site, "big");
	assert_int_equal(sheet_check_sizes(&off, procs, 1, ctr, nc, size_seen, &seen), 1);
	assert_string_equal(seen.site, "big");
	free(ctr);
	free(off.rows);
}

/* ---- titles, photos, counters ------------------------------------------------------------------ */

#define TITLE_PTP "Ph\xC3\xB3 Tr\xC6\xB0\xE1\xBB\x9Fng ph\xC3\xB2ng" /* Phó Trưởng phòng */
#define TITLE_CV "Chuy\xC3\xAAn vi\xC3\xAAn"                         /* Chuyên viên */
#define COUNTER_5 "Qu\xE1\xBA\xA7y 5 \xE2\x80\x93 \xC4\x90\xC4\x83ng k\xC3\xBD kinh doanh" /* Quầy 5 – Đăng ký kinh doanh */

static void test_titles_photos_counters(void **state)
{
	static const char json[] =
		"{\"officers\":[{\"code\":\"cb001\",\"name\":\"" NAME_BINH "\",\"title\":\"" TITLE_PTP "\","
		"\"photo\":\"0123456789abcdef\"},{\"photo\":\"fedcba9876543210\",\"code\":\"cb002\",\"name\":\"" NAME_TRAM "\"},"
		"{\"code\":\"cb003\",\"name\":\"B\",\"title\":\"\"}],"
		"\"procedures\":[{\"code\":\"2.000528\",\"name\":\"" PROC_KHAI "\"}],"
		"\"counters\":[{\"code\":\"q05\",\"name\":\"" COUNTER_5 "\"},{\"code\":\"q-01\",\"name\":\"Q1\"}]}";
	struct roster *r, *back;
	char *body;
	size_t len;

	(void)state;
	assert_int_equal(decode_str(json, &r), HL_OK);
	assert_string_equal(roster_name(r, ROSTER_OFFICER, "cb001"), NAME_BINH);
	assert_string_equal(roster_title(r, "cb001"), TITLE_PTP);
	assert_string_equal(roster_photo(r, "cb001"), "0123456789abcdef");
	assert_null(roster_title(r, "cb002"));
	assert_string_equal(roster_photo(r, "cb002"), "fedcba9876543210");
	assert_null(roster_title(r, "cb003")); /* an empty title is none */
	assert_null(roster_photo(r, "cb003"));
	assert_null(roster_title(r, "cb404"));
	assert_null(roster_photo(r, "cb404"));
	assert_null(roster_title(NULL, "cb001"));
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q05"), COUNTER_5);
	assert_string_equal(roster_name(r, ROSTER_COUNTER, "q-01"), "Q1");
	assert_null(roster_name(r, ROSTER_COUNTER, "cb001"));
	assert_non_null(roster_find(r, ROSTER_PROCEDURE, "2.000528"));
	/* What the publishers send of it is the same roster. */
	assert_int_equal(roster_pub_encode(r, &body, &len), HL_OK);
	assert_int_equal(roster_decode(body, len, &back), HL_OK);
	assert_string_equal(roster_title(back, "cb001"), TITLE_PTP);
	assert_string_equal(roster_photo(back, "cb002"), "fedcba9876543210");
	assert_string_equal(roster_name(back, ROSTER_COUNTER, "q05"), COUNTER_5);
	assert_null(strstr(body, "\"title\":\"\"")); /* nothing empty is sent */
	free(body);
	roster_free(back);
	roster_free(r);

	/* A roster without titles, photos or counters is the message terminals have always had. */
	assert_int_equal(decode_str("{\"officers\":[{\"code\":\"a\",\"name\":\"A\"}],\"procedures\":[]}", &r), HL_OK);
	assert_int_equal(roster_pub_encode(r, &body, &len), HL_OK);
	assert_string_equal(body, "{\"officers\":[{\"code\":\"a\",\"name\":\"A\"}],\"procedures\":[]}");
	free(body);
	roster_free(r);
}

static void test_bad_titles_photos_counters(void **state)
{
	char json[600], title[ROSTER_TITLE_MAX + 2];

	(void)state;
	/* The photo is 16 lowercase hex digits. */
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"photo\":\"0123456789ABCDEF\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"photo\":\"0123456789abcde\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"photo\":\"0123456789abcdef0\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"photo\":\"photos/a.jpg\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"photo\":\"\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"photo\":12}]}");
	/* A title is text a screen may show, of at most 120 bytes. */
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"title\":\"Tr\xE2\x80\xAE" "an\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"title\":\"a\\nb\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"title\":null}]}");
	memset(title, 'x', ROSTER_TITLE_MAX + 1);
	title[ROSTER_TITLE_MAX + 1] = '\0';
	snprintf(json, sizeof json, "{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"title\":\"%s\"}]}", title);
	expect_invalid(json);
	title[ROSTER_TITLE_MAX] = '\0';
	snprintf(json, sizeof json, "{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"title\":\"%s\"}]}", title);
	struct roster *r;
	assert_int_equal(decode_str(json, &r), HL_OK);
	roster_free(r);
	/* Titles and photos are officers' only; a fifth field is one too many. */
	expect_invalid("{\"procedures\":[{\"code\":\"1.1\",\"name\":\"A\",\"title\":\"T\"}]}");
	expect_invalid("{\"counters\":[{\"code\":\"q1\",\"name\":\"A\",\"photo\":\"0123456789abcdef\"}]}");
	expect_invalid("{\"officers\":[{\"code\":\"a\",\"name\":\"A\",\"title\":\"T\",\"photo\":\"0123456789abcdef\","
		       "\"x\":1}]}");
	/* A counter's code is a topic id. */
	expect_invalid("{\"counters\":[{\"code\":\"Q05\",\"name\":\"A\"}]}");
	expect_invalid("{\"counters\":[{\"code\":\"q.5\",\"name\":\"A\"}]}");
	expect_invalid("{\"counters\":[{\"code\":\"\",\"name\":\"A\"}]}");
	expect_invalid("{\"counters\":[{\"code\":\"q5\",\"name\":\"\xE2\x80\x8B\"}]}");
}

static void test_photo_helpers(void **state)
{
	static const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
					     0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89 };
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F' };
	char h[ROSTER_PHOTO_HASH_LEN + 1], topic[HL_TOPIC_MAX];

	(void)state;
	assert_string_equal(roster_photo_type(png, sizeof png), "image/png");
	assert_string_equal(roster_photo_type(jpeg, sizeof jpeg), "image/jpeg");
	assert_null(roster_photo_type(png, 12));
	assert_null(roster_photo_type("GIF89a..................................", 40));
	assert_null(roster_photo_type("<svg xmlns='http://www.w3.org/2000/svg'/>", 40));
	assert_null(roster_photo_type("", 0));
	/* FNV-1a, 64 bits: the published test values. */
	roster_photo_hash("", 0, h);
	assert_string_equal(h, "cbf29ce484222325");
	roster_photo_hash("a", 1, h);
	assert_string_equal(h, "af63dc4c8601ec8c");
	assert_true(roster_photo_hash_valid(h));
	assert_false(roster_photo_hash_valid("af63dc4c8601ec8"));
	assert_false(roster_photo_hash_valid("AF63DC4C8601EC8C"));
	assert_false(roster_photo_hash_valid(""));
	/* The topic and back. */
	assert_int_equal(roster_photo_topic(topic, sizeof topic, "sct-bentre", "cb-07_x.Y"), HL_OK);
	assert_string_equal(topic, "hailong/v1/sct-bentre/photo/cb-07_x.Y");
	assert_string_equal(roster_photo_code(topic, "sct-bentre"), "cb-07_x.Y");
	assert_null(roster_photo_code(topic, "sct-bentr"));
	assert_null(roster_photo_code(topic, "sct-vinhlong"));
	assert_null(roster_photo_code("hailong/v1/sct-bentre/photo/", "sct-bentre"));
	assert_null(roster_photo_code("hailong/v1/sct-bentre/photo/a/b", "sct-bentre"));
	assert_null(roster_photo_code("hailong/v1/sct-bentre/roster", "sct-bentre"));
	assert_null(roster_photo_code("hailong/v1/sct-bentre/q05/photo/cb1", "sct-bentre"));
	assert_int_equal(roster_photo_topic(topic, sizeof topic, "sct-bentre", "+"), HL_OK);
	assert_string_equal(topic, "hailong/v1/sct-bentre/photo/+");
	assert_int_equal(roster_photo_topic(topic, sizeof topic, "SCT", "cb1"), HL_ERR_INVALID);
	assert_int_equal(roster_photo_topic(topic, sizeof topic, "sct", "cb/1"), HL_ERR_INVALID);
	assert_int_equal(roster_photo_topic(topic, 10, "sct", "cb1"), HL_ERR_RANGE);
	assert_string_equal(topic, "");
}

/* Writes bytes[0..len) to dir/name under the test folder. */
static void write_bytes(const char *name, const void *bytes, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A sheet read from text written to the test folder as name. */
static void read_sheet(struct sheet *sh, int kind, const char *name, const char *text, char *path, size_t cap)
{
	memset(sh, 0, sizeof *sh);
	snprintf(path, cap, "%s/%s", tmpdir, name);
	write_text(path, text);
	sh->path = path;
	sh->kind = kind;
	assert_int_equal(sheet_read(sh), HL_OK);
}

struct faults_seen {
	char text[4096];
};

static void fault_seen(void *ud, size_t line, const char *msg)
{
	struct faults_seen *f = ud;
	size_t n = strlen(f->text);

	snprintf(f->text + n, sizeof f->text - n, "%zu: %s\n", line, msg);
}

static const char *faults_of(struct sheet *sh, struct faults_seen *f)
{
	f->text[0] = '\0';
	sheet_faults(sh, 0, fault_seen, f);
	return f->text;
}

static const struct sheet_row *row_of(const struct sheet *sh, const char *code)
{
	for (size_t i = 0; i < sh->nrows; i++)
		if (strcmp(sh->rows[i].o.e.code, code) == 0)
			return &sh->rows[i];
	fail_msg("no row %s", code);
	return NULL;
}

static void test_csv_titles_and_photos(void **state)
{
	unsigned char *a = fake_png(2000, 7), *big = fake_png(ROSTER_PHOTO_MAX + 1, 8);
	static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xDB, 0, 0x43, 0 };
	char path[256], hash[ROSTER_PHOTO_HASH_LEN + 1];
	struct faults_seen f;
	struct sheet sh;

	(void)state;
	char dir[128];
	snprintf(dir, sizeof dir, "%s/photos", tmpdir);
	mkdir(dir, 0755);
	write_bytes("photos/cb001.png", a, 2000);
	write_bytes("cb002.jpg", jpeg, sizeof jpeg);
	write_bytes("big.png", big, ROSTER_PHOTO_MAX + 1);
	write_bytes("empty.png", "", 0);
	write_bytes("photo.gif", "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff", 16);
	roster_photo_hash(a, 2000, hash);

	/* Columns in any order, names any case; photos beside the CSV file, titles trimmed. */
	read_sheet(&sh, ROSTER_OFFICER, "titled.csv",
		   "Photo,site,code,name,Title\n"
		   "photos/cb001.png,sct-bentre,cb001," NAME_BINH ", " TITLE_PTP " \n"
		   "cb002.jpg,sct-bentre,cb002," NAME_TRAM "," TITLE_CV "\n"
		   ",sct-bentre,cb003,B,\n",
		   path, sizeof path);
	assert_string_equal(faults_of(&sh, &f), "");
	assert_int_equal(sh.nrows, 3);
	const struct sheet_row *r1 = row_of(&sh, "cb001");
	assert_string_equal(r1->info.title, TITLE_PTP);
	assert_string_equal(r1->info.photo_file, "photos/cb001.png");
	assert_string_equal(r1->info.photo, hash);
	assert_int_equal(r1->info.len, 2000);
	assert_memory_equal(r1->info.bytes, a, 2000);
	assert_int_equal(row_of(&sh, "cb002")->info.len, sizeof jpeg);
	assert_null(row_of(&sh, "cb003")->info.bytes);
	assert_string_equal(row_of(&sh, "cb003")->info.title, "");
	sheet_free(&sh);

	/* The old three columns still do. */
	read_sheet(&sh, ROSTER_OFFICER, "plain.csv", "site,code,name\nsct-bentre,cb001,A\n", path, sizeof path);
	assert_string_equal(faults_of(&sh, &f), "");
	assert_string_equal(sh.rows[0].info.title, "");
	sheet_free(&sh);

	/* Each photo fault on its line; the good rows are still read. */
	read_sheet(&sh, ROSTER_OFFICER, "bad-photos.csv",
		   "site,code,name,title,photo\n"
		   "sct-bentre,cb001,A,,photos/cb001.png\n"
		   "sct-bentre,cb002,B,,missing.jpg\n"
		   "sct-bentre,cb003,C,,big.png\n"
		   "sct-bentre,cb004,D,,empty.png\n"
		   "sct-bentre,cb005,E,,photo.gif\n"
		   "sct-bentre,cb006,F,,/etc/passwd\n"
		   "sct-bentre,cb007,G,Chuye\xCC\x82n vie\xCC\x82n,\n"
		   "sct-bentre,cb008,H,Tr\xE2\x80\xAE" "an,\n"
		   "sct-bentre,cb009,I,,photos\n"
		   "sct-bentre,cb010,J,,/dev/null\n"
		   "sct-bentre,cb011,K,,../../../../../../../dev/zero\n",
		   path, sizeof path);
	const char *t = faults_of(&sh, &f);
	expect_has(t, "3: photo 'missing.jpg' cannot be opened: No such file or directory (it is looked for in the folder of ");
	expect_has(t, "4: photo 'big.png' is larger than 256 KiB");
	expect_has(t, "5: photo 'empty.png' is not a JPEG or PNG image (the file is empty)");
	expect_has(t, "6: photo 'photo.gif' is not a JPEG or PNG image\n");
	expect_has(t, "7: photo '/etc/passwd' must be named relative to the folder of the CSV file");
	expect_has(t, "8: title 'Chuye\xCC\x82n vie\xCC\x82n' is decomposed Vietnamese (NFD)");
	expect_has(t, "9: title 'Tr<U+202E>an' (column 4) has U+202E");
	/* A folder, a device: not files (a FIFO would hang the import; a device may never end). */
	expect_has(t, "10: photo 'photos' is not a file");
	expect_has(t, "11: photo '/dev/null' must be named relative");
	expect_has(t, "12: photo '../../../../../../../dev/zero' is not a file");
	assert_int_equal(sh.nrows, 1);
	assert_int_equal(sh.faults_total, 10);
	sheet_free(&sh);

	/* Headers: an unknown column, a column twice, a required one missing. */
	static const char *const headers[] = { "site,code,name,phone", "site,code,name,title,title", "site,code,title",
					       "site,code,name," };
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++) {
		char text[200];
		snprintf(text, sizeof text, "%s\nsct-bentre,cb001,A,B\n", headers[i]);
		read_sheet(&sh, ROSTER_OFFICER, "hdr.csv", text, path, sizeof path);
		expect_has(faults_of(&sh, &f), "1: the header must be 'site,code,name' (title and photo may follow), not '");
		assert_int_equal(sh.nrows, 0);
		sheet_free(&sh);
	}
	/* Procedures take no title. */
	read_sheet(&sh, ROSTER_PROCEDURE, "proc.csv", "code,name,title\n1.1,A,B\n", path, sizeof path);
	expect_has(faults_of(&sh, &f), "1: the header must be 'code,name', not 'code,name,title'");
	sheet_free(&sh);
	/* A row with a field missing names the columns as the header gave them. */
	read_sheet(&sh, ROSTER_OFFICER, "short.csv", "code,site,name,title\ncb001,sct-bentre,A\n", path, sizeof path);
	expect_has(faults_of(&sh, &f), "2: 3 fields, expected 4 (code,site,name,title)");
	sheet_free(&sh);
	free(a);
	free(big);
}

static void test_csv_photos_per_site(void **state)
{
	unsigned char *a = fake_png(40, 9);
	size_t cap = 64 * 300;
	char *text = malloc(cap), path[256];
	struct faults_seen f;
	struct sheet sh;
	size_t n;

	(void)state;
	write_bytes("p.png", a, 40);
	n = (size_t)snprintf(text, cap, "site,code,name,photo\n");
	for (int i = 0; i < ROSTER_PHOTOS_MAX + 1; i++)
		n += (size_t)snprintf(text + n, cap - n, "sct-bentre,cb%03d,A,p.png\n", i);
	n += (size_t)snprintf(text + n, cap - n, "sct-other,cb001,A,p.png\n");
	read_sheet(&sh, ROSTER_OFFICER, "many.csv", text, path, sizeof path);
	char want[100];
	snprintf(want, sizeof want, "%d: site 'sct-bentre' has more than 256 officers with a photo; a terminal keeps 256",
		 ROSTER_PHOTOS_MAX + 2);
	expect_has(faults_of(&sh, &f), want);
	assert_int_equal(sh.faults_total, 1);
	sheet_free(&sh);
	free(text);
	free(a);
}

static void test_csv_counters(void **state)
{
	char path[256];
	struct faults_seen f;
	struct sheet sh;

	(void)state;
	read_sheet(&sh, ROSTER_COUNTER, "counters.csv",
		   "site,code,name\nsct-bentre,q05," COUNTER_5 "\nsct-bentre,q01,\"Quầy 1, tiếp nhận\"\n", path, sizeof path);
	assert_string_equal(faults_of(&sh, &f), "");
	assert_int_equal(sh.nrows, 2);
	assert_string_equal(sh.rows[0].o.e.code, "q01"); /* sorted */
	assert_string_equal(sh.rows[1].o.e.name, COUNTER_5);
	sheet_free(&sh);
	/* Counter ids are topic ids; a counter twice; the file of only a header is no fault (none named). */
	read_sheet(&sh, ROSTER_COUNTER, "bad-counters.csv",
		   "site,code,name\nsct-bentre,Q05,A\nsct-bentre,q.5,B\nsct-bentre,q06,C\nsct-bentre,q06,D\n", path,
		   sizeof path);
	const char *t = faults_of(&sh, &f);
	expect_has(t, "2: code 'Q05' must match [a-z0-9-]{1,32} (a counter's id, as in its topics)");
	expect_has(t, "3: code 'q.5' must match [a-z0-9-]{1,32}");
	expect_has(t, "5: counter 'q06' of site 'sct-bentre' is also on line 4");
	sheet_free(&sh);
	read_sheet(&sh, ROSTER_COUNTER, "no-counters.csv", "site,code,name\n", path, sizeof path);
	assert_string_equal(faults_of(&sh, &f), "");
	sheet_free(&sh);
	read_sheet(&sh, ROSTER_COUNTER, "wrong.csv", "code,name\nq1,A\n", path, sizeof path);
	expect_has(faults_of(&sh, &f), "1: the header must be 'site,code,name', not 'code,name'");
	sheet_free(&sh);
}

/* The console's upload: photos are not read; a photo column keeps what the store has from that file. */
static bool keep_cb001(void *ud, const char *site, const char *code, const char *file,
		       char hash[ROSTER_PHOTO_HASH_LEN + 1])
{
	int *calls = ud;

	++*calls;
	if (strcmp(site, "sct-bentre") || strcmp(code, "cb001") || strcmp(file, "photos/cb001.png"))
		return false;
	strcpy(hash, "0123456789abcdef");
	return true;
}

static void test_upload_keeps_stored_photos(void **state)
{
	static const char text[] = "site,code,name,photo\n"
				   "sct-bentre,cb001,A,photos/cb001.png\n"
				   "sct-bentre,cb002,B,photos/new.png\n"
				   "sct-bentre,cb003,C,\n";
	struct faults_seen f;
	struct sheet sh = { .path = "officers.csv", .kind = ROSTER_OFFICER };
	int calls = 0;

	(void)state;
	assert_int_equal(sheet_read_text(&sh, text, strlen(text)), HL_OK);
	assert_string_equal(faults_of(&sh, &f), ""); /* no file was looked for */
	assert_null(row_of(&sh, "cb001")->info.bytes);
	assert_int_equal(sheet_keep_photos(&sh, keep_cb001, &calls), 1);
	assert_int_equal(calls, 2);
	assert_string_equal(row_of(&sh, "cb001")->info.photo, "0123456789abcdef");
	assert_string_equal(row_of(&sh, "cb002")->info.photo, "");
	assert_string_equal(row_of(&sh, "cb003")->info.photo, "");
	expect_has(faults_of(&sh, &f), "3: photo 'photos/new.png' is not the photo stored for officer 'cb002' of site "
				       "'sct-bentre': photos are read from their files by 'hailong-aggregator roster "
				       "import' on the server");
	sheet_free(&sh);
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
		cmocka_unit_test(test_titles_photos_counters),
		cmocka_unit_test(test_bad_titles_photos_counters),
		cmocka_unit_test(test_photo_helpers),
		cmocka_unit_test(test_csv_titles_and_photos),
		cmocka_unit_test(test_csv_photos_per_site),
		cmocka_unit_test(test_csv_counters),
		cmocka_unit_test(test_upload_keeps_stored_photos),
	};

	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
