/* SPDX-License-Identifier: MIT
 * test_report.c — what a person or a spreadsheet reads from a report: the CSV opens with a UTF-8 BOM,
 * has the documented header and CRLF lines with each number in its column; the JSON parses and has
 * the period, the site and one object per row with per-level arrays as long as the row's scale and
 * every reason code; the table names the period and ends with the total; a failing output is
 * reported; format and dimension names are parsed strictly. */
#include "hl.h"
#include "period.h"
#include "report.h"
#include "rollup.h"
#include "survey.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NROWS 3

/* Three rows as store_query gives them: two counters of one site (scales 5 and 3) and, on another
 * site, ratings whose code is unknown (scale 4). */
static void sample_rows(struct rollup_row rows[NROWS])
{
	memset(rows, 0, NROWS * sizeof *rows);
	for (int i = 0; i < NROWS; i++) {
		rows[i].key.dim = ROLLUP_COUNTER;
		rows[i].key.grain = -1;
	}
	strcpy(rows[0].key.site, "sct-bentre");
	strcpy(rows[0].key.code, "q05");
	rows[0].key.scale = 5;
	rows[0].c.n = 10;
	rows[0].c.clean = 6;
	memcpy(rows[0].c.level[SURVEY_Q_OFFICER], (int64_t[]){ 1, 0, 2, 3, 4 }, 5 * sizeof(int64_t));
	memcpy(rows[0].c.level[SURVEY_Q_PROCEDURE], (int64_t[]){ 0, 1, 1, 4, 3 }, 5 * sizeof(int64_t));
	rows[0].c.reason[SURVEY_R_TRE_HEN] = 2;
	rows[0].c.reason[SURVEY_R_NHUNG_NHIEU] = 1;

	strcpy(rows[1].key.site, "sct-bentre");
	strcpy(rows[1].key.code, "q06");
	rows[1].key.scale = 3;
	rows[1].c.n = 4;
	rows[1].c.clean = 3;
	memcpy(rows[1].c.level[SURVEY_Q_OFFICER], (int64_t[]){ 1, 1, 2 }, 3 * sizeof(int64_t));
	memcpy(rows[1].c.level[SURVEY_Q_PROCEDURE], (int64_t[]){ 0, 2, 2 }, 3 * sizeof(int64_t));
	rows[1].c.reason[SURVEY_R_CHO_LAU] = 1;

	strcpy(rows[2].key.site, "sxd");
	rows[2].key.code[0] = '\0';
	rows[2].key.scale = 4;
	rows[2].c.n = 1;
	rows[2].c.clean = 1;
	rows[2].c.level[SURVEY_Q_OFFICER][3] = 1;
}

static const struct report_meta quarter_meta = {
	.dim = ROLLUP_COUNTER,
	.days = { 20635, 20726 }, /* 2026-07-01 .. 2026-09-30 */
	.site = NULL,
};

/* Writes a report into a memory buffer the caller frees; its length in *len. */
static char *render(enum report_format fmt, const struct report_meta *meta, const struct rollup_row *rows,
		    size_t n, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(report_write(f, fmt, meta, rows, n), HL_OK);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	assert_int_equal(strlen(buf), *len);
	return buf;
}

/* ---- CSV --------------------------------------------------------------------------------------- */

/* Splits text (modified) into CRLF-terminated lines; fails on a bare LF or CR or a missing final CRLF. */
static size_t crlf_lines(char *text, char **lines, size_t max)
{
	size_t n = 0;
	char *p = text;

	while (*p) {
		char *end = strstr(p, "\r\n");
		assert_non_null(end);
		*end = '\0';
		assert_null(strchr(p, '\n'));
		assert_null(strchr(p, '\r'));
		assert_true(n < max);
		lines[n++] = p;
		p = end + 2;
	}
	return n;
}

static size_t split_commas(char *line, char **fields, size_t max)
{
	size_t n = 0;

	for (char *p = line;; p++) {
		assert_true(n < max);
		fields[n++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p = '\0';
	}
	return n;
}

static void test_csv(void **state)
{
	struct rollup_row rows[NROWS];
	size_t len;
	char *lines[16], *cols[64], *fields[64];
	char want_header[1024];

	(void)state;
	sample_rows(rows);
	char *csv = render(REPORT_CSV, &quarter_meta, rows, NROWS, &len);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);

	snprintf(want_header, sizeof want_header,
		 "site,counter,scale,ratings,clean,"
		 "officer_1,officer_2,officer_3,officer_4,officer_5,"
		 "procedure_1,procedure_2,procedure_3,procedure_4,procedure_5,"
		 "NHUNG_NHIEU,THU_TIEN_KHONG_PHIEU,GIAY_TO_NGOAI_QD,THAI_DO,HUONG_DAN_KHONG_RO,"
		 "TRE_HEN,HEN_NHIEU_LAN,CHO_LAU,CO_SO_VAT_CHAT");
	size_t n = crlf_lines(csv + 3, lines, 16);
	assert_int_equal(n, 1 + NROWS);
	assert_string_equal(lines[0], want_header);
	size_t ncols = split_commas(lines[0], cols, 64);
	assert_int_equal(ncols, 5 + 2 * SURVEY_SCALE_MAX + SURVEY_R_COUNT);

	/* Each row has as many fields as the header, and each number sits under its heading. */
	for (size_t i = 0; i < NROWS; i++) {
		const struct rollup_row *row = &rows[i];
		assert_int_equal(split_commas(lines[1 + i], fields, 64), ncols);
		for (size_t k = 0; k < ncols; k++) {
			char want[64];
			int q, l;
			if (strcmp(cols[k], "site") == 0)
				snprintf(want, sizeof want, "%s", row->key.site);
			else if (strcmp(cols[k], "counter") == 0)
				snprintf(want, sizeof want, "%s", row->key.code);
			else if (strcmp(cols[k], "scale") == 0)
				snprintf(want, sizeof want, "%d", row->key.scale);
			else if (strcmp(cols[k], "ratings") == 0)
				snprintf(want, sizeof want, "%lld", (long long)row->c.n);
			else if (strcmp(cols[k], "clean") == 0)
				snprintf(want, sizeof want, "%lld", (long long)row->c.clean);
			else if (sscanf(cols[k], "officer_%d", &l) == 1 || sscanf(cols[k], "procedure_%d", &l) == 1) {
				q = cols[k][0] == 'o' ? SURVEY_Q_OFFICER : SURVEY_Q_PROCEDURE;
				snprintf(want, sizeof want, "%lld", (long long)row->c.level[q][l - 1]);
			} else {
				int r = survey_reason_from_code(cols[k]);
				assert_true(r >= 0);
				snprintf(want, sizeof want, "%lld", (long long)row->c.reason[r]);
			}
			if (strcmp(fields[k], want) != 0)
				fail_msg("row %zu column %s: \"%s\", expected \"%s\"", i, cols[k], fields[k], want);
		}
	}
	free(csv);

	/* No rows: the BOM and the header only. */
	csv = render(REPORT_CSV, &quarter_meta, rows, 0, &len);
	assert_int_equal(crlf_lines(csv + 3, lines, 16), 1);
	free(csv);
}

static void test_csv_officers(void **state)
{
	struct rollup_row rows[NROWS];
	struct report_meta meta = quarter_meta;
	size_t len;

	(void)state;
	sample_rows(rows);
	meta.dim = ROLLUP_OFFICER;
	char *csv = render(REPORT_CSV, &meta, rows, 1, &len);
	assert_true(strncmp(csv, "\xEF\xBB\xBFsite,officer,scale,ratings,clean,", 36) == 0);
	assert_non_null(strstr(csv, "\r\nsct-bentre,q05,5,10,6,1,0,2,3,4,0,1,1,4,3,1,0,0,0,0,2,0,0,0\r\n"));
	free(csv);
}

/* ---- JSON -------------------------------------------------------------------------------------- */

static double num(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(it))
		fail_msg("\"%s\" is not a number", key);
	return it->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsString(it))
		fail_msg("\"%s\" is not a string", key);
	return it->valuestring;
}

static void test_json(void **state)
{
	struct rollup_row rows[NROWS];
	struct report_meta meta = quarter_meta;
	size_t len;

	(void)state;
	sample_rows(rows);
	meta.site = "sct-bentre";
	char *text = render(REPORT_JSON, &meta, rows, NROWS, &len);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	assert_string_equal(str(root, "report"), "counters");
	assert_string_equal(str(root, "from"), "2026-07-01");
	assert_string_equal(str(root, "to"), "2026-09-30");
	assert_string_equal(str(root, "site"), "sct-bentre");
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "rows");
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), NROWS);

	for (int i = 0; i < NROWS; i++) {
		const struct rollup_row *row = &rows[i];
		const cJSON *o = cJSON_GetArrayItem(arr, i);
		assert_true(cJSON_IsObject(o));
		assert_string_equal(str(o, "site"), row->key.site);
		assert_string_equal(str(o, "counter"), row->key.code);
		assert_int_equal((int)num(o, "scale"), row->key.scale);
		assert_int_equal((int64_t)num(o, "ratings"), row->c.n);
		assert_int_equal((int64_t)num(o, "clean"), row->c.clean);
		const cJSON *answers = cJSON_GetObjectItemCaseSensitive(o, "answers");
		assert_true(cJSON_IsObject(answers));
		assert_int_equal(cJSON_GetArraySize(answers), SURVEY_Q_COUNT);
		for (int q = 0; q < SURVEY_Q_COUNT; q++) {
			const cJSON *levels = cJSON_GetObjectItemCaseSensitive(answers, survey_question_key(q));
			assert_true(cJSON_IsArray(levels));
			assert_int_equal(cJSON_GetArraySize(levels), row->key.scale);
			for (int l = 0; l < row->key.scale; l++)
				assert_int_equal((int64_t)cJSON_GetArrayItem(levels, l)->valuedouble,
						 row->c.level[q][l]);
		}
		const cJSON *reasons = cJSON_GetObjectItemCaseSensitive(o, "reasons");
		assert_true(cJSON_IsObject(reasons));
		assert_int_equal(cJSON_GetArraySize(reasons), SURVEY_R_COUNT);
		for (int r = 0; r < SURVEY_R_COUNT; r++)
			assert_int_equal((int64_t)num(reasons, survey_reason_code(r)), row->c.reason[r]);
	}
	cJSON_Delete(root);
	free(text);
}

static void test_json_all_sites_no_rows(void **state)
{
	struct report_meta meta = quarter_meta;
	size_t len;

	(void)state;
	meta.dim = ROLLUP_PROCEDURE;
	meta.days = (struct period_range){ 20648, 20648 }; /* 2026-07-14 */
	char *text = render(REPORT_JSON, &meta, NULL, 0, &len);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	assert_string_equal(str(root, "report"), "procedures");
	assert_string_equal(str(root, "from"), "2026-07-14");
	assert_string_equal(str(root, "to"), "2026-07-14");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "site")));
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "rows");
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), 0);
	cJSON_Delete(root);
	free(text);
}

static void test_json_officer_key(void **state)
{
	struct rollup_row rows[NROWS];
	struct report_meta meta = quarter_meta;
	size_t len;

	(void)state;
	sample_rows(rows);
	meta.dim = ROLLUP_OFFICER;
	char *text = render(REPORT_JSON, &meta, rows, 1, &len);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	assert_string_equal(str(root, "report"), "officers");
	const cJSON *o = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "rows"), 0);
	assert_string_equal(str(o, "officer"), "q05");
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "counter"));
	cJSON_Delete(root);
	free(text);
}

/* ---- table ------------------------------------------------------------------------------------- */

static void test_table(void **state)
{
	struct rollup_row rows[NROWS];
	struct report_meta meta = quarter_meta;
	size_t len;

	(void)state;
	sample_rows(rows);
	char *text = render(REPORT_TABLE, &meta, rows, NROWS, &len);
	assert_true(strncmp(text, "Ratings per counter, 2026-07-01 to 2026-09-30\n", 46) == 0);
	assert_non_null(strstr(text, "\n3 rows, 15 ratings\n"));
	/* The line of each row carries its site, code and count; an unknown code shows as (none). */
	const char *q05 = strstr(text, "\nsct-bentre");
	assert_non_null(q05);
	assert_non_null(strstr(q05, " q05 "));
	assert_non_null(strstr(text, "(none)"));
	/* Per-level counts on the row's own scale. */
	assert_non_null(strstr(text, "1 0 2 3 4"));
	assert_non_null(strstr(text, "0 1 1 4 3"));
	assert_non_null(strstr(text, "1 1 2 "));
	free(text);

	meta.site = "sct-bentre";
	meta.dim = ROLLUP_OFFICER;
	text = render(REPORT_TABLE, &meta, rows, 1, &len);
	assert_true(strncmp(text, "Ratings per officer, 2026-07-01 to 2026-09-30, site sct-bentre\n", 63) == 0);
	assert_non_null(strstr(text, "\n1 row, 10 ratings\n"));
	free(text);

	text = render(REPORT_TABLE, &meta, rows, 0, &len);
	assert_non_null(strstr(text, "\n0 rows, 0 ratings\n"));
	free(text);

	rows[0].c.n = 1;
	text = render(REPORT_TABLE, &meta, rows, 1, &len);
	assert_non_null(strstr(text, "\n1 row, 1 rating\n"));
	free(text);
}

/* A report asked for no period says "all stored" rather than inventing dates. */
static void test_all_time(void **state)
{
	struct rollup_row rows[NROWS];
	struct report_meta meta = quarter_meta;
	size_t len;

	(void)state;
	sample_rows(rows);
	meta.all_time = true;
	meta.site = "sxd";
	char *text = render(REPORT_TABLE, &meta, rows, NROWS, &len);
	assert_true(strncmp(text, "Ratings per counter, all stored, site sxd\n", 42) == 0);
	assert_null(strstr(text, "2026-07-01"));
	free(text);

	text = render(REPORT_JSON, &meta, rows, NROWS, &len);
	cJSON *root = cJSON_Parse(text);
	assert_non_null(root);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "from")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "to")));
	assert_string_equal(str(root, "site"), "sxd");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "rows")), NROWS);
	cJSON_Delete(root);
	free(text);
}

/* ---- errors and names -------------------------------------------------------------------------- */

static void test_write_errors(void **state)
{
	struct rollup_row rows[NROWS];
	const enum report_format fmts[] = { REPORT_TABLE, REPORT_CSV, REPORT_JSON };

	(void)state;
	sample_rows(rows);
	for (size_t i = 0; i < 3; i++) {
		/* A stream opened for reading refuses every write. */
		FILE *f = fopen("/dev/null", "r");
		assert_non_null(f);
		assert_int_equal(report_write(f, fmts[i], &quarter_meta, rows, NROWS), HL_ERR_IO);
		fclose(f);
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(report_write(f, (enum report_format)7, &quarter_meta, rows, NROWS), HL_ERR_INVALID);
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
}

static void test_names(void **state)
{
	(void)state;
	assert_int_equal(report_format_parse("table"), REPORT_TABLE);
	assert_int_equal(report_format_parse("csv"), REPORT_CSV);
	assert_int_equal(report_format_parse("json"), REPORT_JSON);
	static const char *const bad_fmt[] = { "", "CSV", "Json", "tab", "csv ", "jsonl", "html" };
	for (size_t i = 0; i < sizeof bad_fmt / sizeof bad_fmt[0]; i++)
		assert_int_equal(report_format_parse(bad_fmt[i]), -1);

	assert_int_equal(report_dim_parse("counters"), ROLLUP_COUNTER);
	assert_int_equal(report_dim_parse("officers"), ROLLUP_OFFICER);
	assert_int_equal(report_dim_parse("procedures"), ROLLUP_PROCEDURE);
	static const char *const bad_dim[] = { "", "counter", "Officers", "procedure", "sites", "officers " };
	for (size_t i = 0; i < sizeof bad_dim / sizeof bad_dim[0]; i++)
		assert_int_equal(report_dim_parse(bad_dim[i]), -1);

	for (int d = 0; d < ROLLUP_DIM_COUNT; d++)
		assert_int_equal(report_dim_parse(report_dim_name(d)), d);
	assert_string_equal(report_dim_column(ROLLUP_COUNTER), "counter");
	assert_string_equal(report_dim_column(ROLLUP_OFFICER), "officer");
	assert_string_equal(report_dim_column(ROLLUP_PROCEDURE), "procedure");
	assert_string_equal(report_dim_name(-1), "?");
	assert_string_equal(report_dim_name(ROLLUP_DIM_COUNT), "?");
	assert_string_equal(report_dim_column(ROLLUP_DIM_COUNT), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_csv_officers),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_all_sites_no_rows),
		cmocka_unit_test(test_json_officer_key),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_all_time),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
