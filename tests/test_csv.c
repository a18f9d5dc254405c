/* SPDX-License-Identifier: MIT
 * test_csv.c — the RFC 4180 reader and writer as a roster file or a report meets them: plain and
 * quoted fields, doubled quotes, commas and line breaks inside quotes, LF, CRLF and mixed line ends,
 * a UTF-8 BOM, empty lines and empty fields, and the 1-based line where each record starts (also
 * after a field that spans lines); every malformed input stops with the line of its fault; the
 * callback can stop reading. The writer quotes only when it must, doubles quotes, keeps Vietnamese
 * bytes as they are, reports what it needs when the buffer is small, defuses formulas on request,
 * and round-trips through the reader. */
#include "csv.h"
#include "hl.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "Nguyễn Thị Ấu" and "Đăng ký thực hiện khuyến mại" in NFC UTF-8. */
#define NAME_AU "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xE1\xBA\xA4u"
#define PROC_KM "\xC4\x90\xC4\x83ng k\xC3\xBD th\xE1\xBB\xB1" "c hi\xE1\xBB\x87n khuy\xE1\xBA\xBFn m\xE1\xBA\xA1i"

/* ---- helpers ----------------------------------------------------------------------------------- */

/* Every record read, flattened to "LINE:field|field|..." lines for easy comparison. */
struct got {
	char text[4096];
	size_t records;
	size_t stop_after; /* return 77 from this record on (0: never) */
};

static int collect(void *ud, const struct csv_record *rec)
{
	struct got *g = ud;
	size_t n = strlen(g->text);

	n += (size_t)snprintf(g->text + n, sizeof g->text - n, "%zu:", rec->line);
	for (size_t i = 0; i < rec->nfields; i++)
		n += (size_t)snprintf(g->text + n, sizeof g->text - n, "%s%s", i ? "|" : "", rec->fields[i]);
	snprintf(g->text + n, sizeof g->text - n, "\n");
	g->records++;
	return g->stop_after && g->records >= g->stop_after ? 77 : 0;
}

static void expect_records(const char *csv, size_t len, const char *want)
{
	struct got g = { .text = "" };
	struct csv_error err;

	if (csv_read(csv, len, collect, &g, &err) != HL_OK)
		fail_msg("refused (line %zu: %s): %s", err.line, err.msg, csv);
	assert_string_equal(g.text, want);
}

#define READS(csv, want) expect_records(csv, sizeof csv - 1, want)

static void expect_fault(const char *csv, size_t line, const char *msg)
{
	struct got g = { .text = "" };
	struct csv_error err;

	assert_int_equal(csv_read(csv, strlen(csv), collect, &g, &err), HL_ERR_INVALID);
	assert_string_equal(err.msg, msg);
	assert_int_equal(err.line, line);
}

static void expect_quote(const char *field, unsigned flags, const char *want)
{
	char buf[256];
	size_t n = csv_quote(buf, sizeof buf, field, flags);

	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

/* ---- reading ----------------------------------------------------------------------------------- */

static void plain_fields_and_lines(void **state)
{
	(void)state;
	READS("site,code,name\nsct-bentre,cb001," NAME_AU "\n",
	      "1:site|code|name\n2:sct-bentre|cb001|" NAME_AU "\n");
	/* No line end after the last record. */
	READS("a,b\nc,d", "1:a|b\n2:c|d\n");
	/* A single field, and empty fields anywhere. */
	READS("x\n,\n,,\na,\n,b\n", "1:x\n2:|\n3:||\n4:a|\n5:|b\n");
	/* Blanks are data: only the caller may trim. */
	READS(" a , b \n", "1: a | b \n");
	/* Nothing at all is no record. */
	READS("", "");
}

static void quoted_fields(void **state)
{
	(void)state;
	READS("\"a\",\"b,c\",\"say \"\"hi\"\"\"\n", "1:a|b,c|say \"hi\"\n");
	READS("1.001235,\"\xC4\x90\xC4\x83ng k\xC3\xBD s\xE1\xBB\xAD" "a \xC4\x91\xE1\xBB\x95i, b\xE1\xBB\x95 sung\"\n",
	      "1:1.001235|\xC4\x90\xC4\x83ng k\xC3\xBD s\xE1\xBB\xAD" "a \xC4\x91\xE1\xBB\x95i, b\xE1\xBB\x95 sung\n");
	/* An empty quoted field, a quote alone, a quoted field that is only a doubled quote. */
	READS("\"\"\n", "1:\n");
	READS("\"\",x,\"\"\"\"\n", "1:|x|\"\n");
	/* The last field quoted, no line end after it. */
	READS("a,\"b\"", "1:a|b\n");
}

static void crlf_lf_and_bom(void **state)
{
	(void)state;
	READS("a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n");
	READS("a,b\r\nc,d\ne,f\r\n", "1:a|b\n2:c|d\n3:e|f\n");
	READS("\xEF\xBB\xBF" "code,name\r\n2.000204,x\r\n", "1:code|name\n2:2.000204|x\n");
	/* A BOM anywhere else is data. */
	READS("a\n\xEF\xBB\xBF" "b\n", "1:a\n2:\xEF\xBB\xBF" "b\n");
	/* Only a BOM: no record. */
	READS("\xEF\xBB\xBF", "");
}

static void line_numbers_count_breaks_inside_quotes(void **state)
{
	(void)state;
	/* Record 2 starts on line 2 and spans 3 lines; record 3 starts on line 5. */
	READS("h1,h2\nx,\"one\ntwo\nthree\"\ny,z\n", "1:h1|h2\n2:x|one\ntwo\nthree\n5:y|z\n");
	/* CRLF inside quotes is data and one line. */
	READS("\"a\r\nb\",c\r\nd,e\r\n", "1:a\r\nb|c\n3:d|e\n");
	/* Empty lines are skipped but counted. */
	READS("a\n\n\r\nb\n\n", "1:a\n4:b\n");
}

static void malformed_input_names_its_line(void **state)
{
	(void)state;
	expect_fault("a,b\nc,\"unterminated\n", 2, "unterminated quote");
	/* The line where the quote opened, not the end of the file. */
	expect_fault("a\nb\n\"x\ny\nz\n", 3, "unterminated quote");
	expect_fault("a,b\n\"c\"d,e\n", 2, "text after closing quote");
	expect_fault("a\n\"b\nc\" d\n", 3, "text after closing quote");
	expect_fault("a\nb\"c\n", 2, "quote inside an unquoted field");
	expect_fault("a\n \"b\"\n", 2, "quote inside an unquoted field");
	expect_fault("a\rb\n", 1, "carriage return without line feed");
	expect_fault("a\nb\r", 2, "carriage return without line feed");

	static const char nul[] = "a\nb\0c\n";
	struct got g = { .text = "" };
	struct csv_error err;
	assert_int_equal(csv_read(nul, sizeof nul - 1, collect, &g, &err), HL_ERR_INVALID);
	assert_string_equal(err.msg, "NUL byte");
	assert_int_equal(err.line, 2);
	/* Records before the fault were delivered. */
	assert_string_equal(g.text, "1:a\n");
}

static void too_many_fields(void **state)
{
	char *csv = malloc(2 * (CSV_FIELDS_MAX + 1) + 8);
	size_t n = 0;
	struct got g = { .text = "" };
	struct csv_error err;

	(void)state;
	assert_non_null(csv);
	n += (size_t)sprintf(csv, "ok\n");
	for (int i = 0; i <= CSV_FIELDS_MAX; i++)
		n += (size_t)sprintf(csv + n, "%sx", i ? "," : "");
	assert_int_equal(csv_read(csv, n, collect, &g, &err), HL_ERR_INVALID);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "more than 1024 fields");
	free(csv);
}

static void callback_can_stop(void **state)
{
	struct got g = { .text = "", .stop_after = 2 };
	struct csv_error err;

	(void)state;
	assert_int_equal(csv_read("a\nb\n\"c\nc\"\nd\n", 13, collect, &g, &err), 77);
	assert_int_equal(g.records, 2);
	assert_int_equal(err.line, 2);
	g = (struct got){ .text = "", .stop_after = 3 };
	assert_int_equal(csv_read("a\nb\n\"c\nc\"\nd\n", 13, collect, &g, NULL), 77);
	assert_string_equal(g.text, "1:a\n2:b\n3:c\nc\n");
}

/* ---- writing ----------------------------------------------------------------------------------- */

static void writer_quotes_only_when_needed(void **state)
{
	(void)state;
	expect_quote("cb001", 0, "cb001");
	expect_quote(NAME_AU, 0, NAME_AU);
	expect_quote("", 0, "");
	expect_quote("0,4 kV", 0, "\"0,4 kV\"");
	expect_quote("say \"hi\"", 0, "\"say \"\"hi\"\"\"");
	expect_quote("\"", 0, "\"\"\"\"");
	expect_quote("two\nlines", 0, "\"two\nlines\"");
	expect_quote("cr\rhere", 0, "\"cr\rhere\"");
	expect_quote(" lead", 0, "\" lead\"");
	expect_quote("trail ", 0, "\"trail \"");
	expect_quote("in side", 0, "in side");
}

static void writer_defuses_formulas(void **state)
{
	(void)state;
	expect_quote("=HYPERLINK(\"http://x\")", CSV_PROTECT_FORMULA, "\"'=HYPERLINK(\"\"http://x\"\")\"");
	expect_quote("=1+2", CSV_PROTECT_FORMULA, "\"'=1+2\"");
	expect_quote("+84 909", CSV_PROTECT_FORMULA, "\"'+84 909\"");
	expect_quote("-3", CSV_PROTECT_FORMULA, "\"'-3\"");
	expect_quote("@SUM(A1)", CSV_PROTECT_FORMULA, "\"'@SUM(A1)\"");
	expect_quote("\tx", CSV_PROTECT_FORMULA, "\"'\tx\"");
	expect_quote("\rx", CSV_PROTECT_FORMULA, "\"'\rx\"");
	/* A defused field is always quoted. */
	expect_quote("=x ", CSV_PROTECT_FORMULA, "\"'=x \"");
	/* Only the first character matters, and without the flag nothing changes. */
	expect_quote("a=b", CSV_PROTECT_FORMULA, "a=b");
	expect_quote(NAME_AU, CSV_PROTECT_FORMULA, NAME_AU);
	expect_quote("=1+2", 0, "=1+2");
}

static void writer_reports_the_length_it_needs(void **state)
{
	char buf[6];

	(void)state;
	assert_int_equal(csv_quote(buf, sizeof buf, "a,bcdefgh", 0), 11);
	assert_string_equal(buf, "\"a,bc");
	assert_int_equal(csv_quote(NULL, 0, "say \"hi\"", 0), 12);
	assert_int_equal(csv_quote(buf, 1, "abc", 0), 3);
	assert_string_equal(buf, "");
}

static void writer_records_round_trip(void **state)
{
	const char *fields[] = { "1.001235", "\xC4\x90\xC4\x83ng k\xC3\xBD, \"s\xE1\xBB\xAD" "a\"\n2", NULL, " x ", "=cmd" };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct got g = { .text = "" };

	(void)state;
	assert_non_null(f);
	assert_int_equal(csv_write_record(f, fields, 5, 0), HL_OK);
	assert_int_equal(csv_write_record(f, (const char *[]){ PROC_KM, "=1" }, 2, CSV_PROTECT_FORMULA), HL_OK);
	assert_int_equal(csv_write_field(f, "end,", 0), HL_OK);
	fclose(f);
	assert_string_equal(text, "1.001235,\"\xC4\x90\xC4\x83ng k\xC3\xBD, \"\"s\xE1\xBB\xAD" "a\"\"\n2\",,\" x \",=cmd\r\n"
				  PROC_KM ",\"'=1\"\r\n\"end,\"");
	assert_int_equal(csv_read(text, len, collect, &g, NULL), HL_OK);
	assert_string_equal(g.text, "1:1.001235|\xC4\x90\xC4\x83ng k\xC3\xBD, \"s\xE1\xBB\xAD" "a\"\n2|| x |=cmd\n"
				    "3:" PROC_KM "|'=1\n4:end,\n");
	free(text);
}

/* A record of one empty field (a blank cell exported alone) survives being read back: written as
 * "" rather than as an empty line, which readers skip. */
static void writer_keeps_a_lone_empty_field(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct got g = { .text = "" };

	(void)state;
	assert_non_null(f);
	assert_int_equal(csv_write_record(f, (const char *[]){ "a" }, 1, 0), HL_OK);
	assert_int_equal(csv_write_record(f, (const char *[]){ "" }, 1, 0), HL_OK);
	assert_int_equal(csv_write_record(f, (const char *[]){ "b" }, 1, 0), HL_OK);
	fclose(f);
	assert_int_equal(csv_read(text, len, collect, &g, NULL), HL_OK);
	assert_string_equal(g.text, "1:a\n2:\n3:b\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_fields_and_lines),
		cmocka_unit_test(quoted_fields),
		cmocka_unit_test(crlf_lf_and_bom),
		cmocka_unit_test(line_numbers_count_breaks_inside_quotes),
		cmocka_unit_test(malformed_input_names_its_line),
		cmocka_unit_test(too_many_fields),
		cmocka_unit_test(callback_can_stop),
		cmocka_unit_test(writer_quotes_only_when_needed),
		cmocka_unit_test(writer_defuses_formulas),
		cmocka_unit_test(writer_reports_the_length_it_needs),
		cmocka_unit_test(writer_records_round_trip),
		cmocka_unit_test(writer_keeps_a_lone_empty_field),
	};
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
