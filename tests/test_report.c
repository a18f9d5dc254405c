/* SPDX-License-Identifier: MIT
 * test_report.c — what a department head, a spreadsheet user and the province read from a report
 * built by hand (roll-up rows grouped by report_group, roster names set, weeks from report_weeks, two
 * complaint flags) and written to memory in each format: the table's heading, ranking by the
 * interval's lower bound and total line; the CSV's BOM, CRLF lines, documented header and numbers in
 * their columns, read back with the project's strict RFC 4180 reader so hostile and Vietnamese names
 * come back byte for byte (a formula only defused with an apostrophe); the JSON's documented keys,
 * per-level arrays as long as the scale, null where nothing can be computed; the HTML as one
 * self-contained page where nothing from the roster or the flags is markup, with the flags above the
 * charts and the privacy note; the officer with fewer than five answers shown as "< 5" everywhere;
 * Monday weeks; the SIPAS export's element and overall indices for two sets of weights; a failing
 * output reported; and the strict parsing of format and report names. Drill-downs: one officer's
 * procedures written in every format with the subject named, both questions, and the officer rule
 * on each row (fewer than five officer answers, or 1–4 answers to a question shown: "< 5") and on the
 * whole; one procedure's counters without it; and report_load's filter over a real store — the pair
 * roll-ups' rows, the subject's name and trend, and the filters no roll-up keeps refused. */
#include "csv.h"
#include "hl.h"
#include "i18n.h"
#include "flags.h"
#include "index.h"
#include "period.h"
#include "report.h"
#include "sipas.h"
#include "report_load.h"
#include "rollup.h"
#include "store.h"
#include "store_roster.h"
#include "survey.h"
#include "uuid.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VI_NAME "Nguyễn Thị Ấu Ngọc Trâm" /* NFC, as the roster keeps it */
#define HOSTILE_NAME "Lê Văn \"Tèo\", <script>alert(1)</script>" /* a comma, quotes, markup */
#define FORMULA_NAME "=SUM(A1:A9)"
#define PLAIN_NAME "Võ Thị Ba"

#define JULY_FROM 20635 /* 2026-07-01, a Wednesday */
#define JULY_TO 20665   /* 2026-07-31, a Friday */
#define GENERATED 1785551400 /* 2026-08-01 02:30 UTC = 09:30 in Vietnam */
#define VN_OFFSET (7 * 3600)

static void assert_near(double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("got %.6f, want %.6f (± %g)", got, want, tol);
}

static void assert_has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("missing: %s", needle);
}

static void assert_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle))
		fail_msg("should not contain: %s", needle);
}

/* ---- the data: officers of two sites in July 2026 ------------------------------------------------ */

static struct rollup_row row(int dim, const char *site, const char *code, int scale, int64_t n, int64_t clean,
			     const int64_t *officer, const int64_t *procedure)
{
	struct rollup_row r;

	memset(&r, 0, sizeof r);
	r.key.dim = dim;
	r.key.grain = -1;
	r.key.scale = scale;
	snprintf(r.key.site, sizeof r.key.site, "%s", site);
	snprintf(r.key.code, sizeof r.key.code, "%s", code);
	r.c.n = n;
	r.c.clean = clean;
	for (int l = 0; l < scale; l++) {
		r.c.level[SURVEY_Q_OFFICER][l] = officer ? officer[l] : 0;
		r.c.level[SURVEY_Q_PROCEDURE][l] = procedure ? procedure[l] : 0;
	}
	return r;
}

#define NOFFICER_ROWS 6

/* As store_query gives them: by site, code, scale. cb002 answered on two scales; cb003 only 3 times.
 *   sct-bentre cb001  scale 5   40 ratings, officer 2,2,4,12,20 → 32 satisfied (80 %), 4 dissatisfied
 *   sct-bentre cb002  scales 3+5 20 ratings, 8 + 7 satisfied (75 %), not rankable, no mean level
 *   sct-bentre cb003  scale 5    3 ratings → "< 5"
 *   sct-bentre cb004  scale 5  300 ratings, 270 satisfied (90 %), lower bound 86.08 → rank 1
 *   sxd        cb001  scale 4   35 ratings, 25 satisfied (71.43 %), lower bound 54.95 → rank 3 */
static void officer_rows(struct rollup_row rows[NOFFICER_ROWS])
{
	rows[0] = row(ROLLUP_OFFICER, "sct-bentre", "cb001", 5, 40, 30, (int64_t[]){ 2, 2, 4, 12, 20 },
		      (int64_t[]){ 1, 1, 2, 10, 16 });
	rows[0].c.reason[SURVEY_R_TRE_HEN] = 2;
	rows[0].c.reason[SURVEY_R_THAI_DO] = 2;
	rows[1] = row(ROLLUP_OFFICER, "sct-bentre", "cb002", 3, 10, 8, (int64_t[]){ 2, 3, 5 }, NULL);
	rows[2] = row(ROLLUP_OFFICER, "sct-bentre", "cb002", 5, 10, 7, (int64_t[]){ 1, 1, 1, 3, 4 }, NULL);
	rows[2].c.reason[SURVEY_R_THU_TIEN_KHONG_PHIEU] = 2;
	rows[3] = row(ROLLUP_OFFICER, "sct-bentre", "cb003", 5, 3, 3, (int64_t[]){ 0, 0, 0, 1, 2 }, NULL);
	rows[4] = row(ROLLUP_OFFICER, "sct-bentre", "cb004", 5, 300, 240, (int64_t[]){ 10, 5, 15, 70, 200 }, NULL);
	rows[4].c.reason[SURVEY_R_CHO_LAU] = 9;
	rows[5] = row(ROLLUP_OFFICER, "sxd", "cb001", 4, 35, 20, (int64_t[]){ 5, 5, 10, 15 }, NULL);
}

/* Site day rows for the weekly trend: two outside July, the rest on a Wednesday, a Sunday, a Monday
 * and the last Friday. */
#define NDAY_ROWS 6
static void day_rows(struct rollup_row d[NDAY_ROWS])
{
	d[0] = row(ROLLUP_SITE, "sct-bentre", "", 5, 100, 100, (int64_t[]){ 0, 0, 0, 0, 100 }, NULL);
	d[0].key.period = JULY_FROM - 1; /* Tuesday 30 June: outside */
	d[1] = row(ROLLUP_SITE, "sct-bentre", "", 5, 4, 4, (int64_t[]){ 0, 0, 0, 1, 3 }, NULL);
	d[1].key.period = JULY_FROM; /* Wednesday 1 July */
	d[2] = row(ROLLUP_SITE, "sct-bentre", "", 5, 6, 5, (int64_t[]){ 0, 1, 0, 2, 3 }, NULL);
	d[2].key.period = JULY_FROM + 4; /* Sunday 5 July: same week */
	d[3] = row(ROLLUP_SITE, "sct-bentre", "", 5, 5, 0, (int64_t[]){ 5, 0, 0, 0, 0 }, NULL);
	d[3].key.period = JULY_FROM + 5; /* Monday 6 July: the next week */
	d[4] = row(ROLLUP_SITE, "sxd", "", 4, 2, 2, (int64_t[]){ 0, 0, 0, 2 }, NULL);
	d[4].key.period = JULY_TO; /* Friday 31 July */
	d[5] = row(ROLLUP_SITE, "sxd", "", 4, 50, 0, (int64_t[]){ 50, 0, 0, 0 }, NULL);
	d[5].key.period = JULY_TO + 1; /* Saturday 1 August: outside */
}

static const struct report_flag sample_flags[2] = {
	{ .id = 7, .kind = FLAG_SERIOUS, .state = FLAG_OPEN, .site = "sct-bentre", .subject_type = FLAG_SUBJ_OFFICER,
	  .subject = "cb002", .subject_name = HOSTILE_NAME,
	  .summary = "Chọn lý do \"Thu tiền không có phiếu\" <b>2 lần</b> & chờ xử lý",
	  .opened = 1785226500 },
	{ .id = 9, .kind = FLAG_BURST, .state = FLAG_ACKNOWLEDGED, .site = "sct-bentre", .subject_type = FLAG_SUBJ_COUNTER,
	  .subject = "q05", .subject_name = NULL, .summary = "4/6 chưa hài lòng trong 15 phút",
	  .opened = 1785226500 },
};

/* Everything a struct report points to. */
struct fixture {
	struct rollup_row rows[NOFFICER_ROWS], days[NDAY_ROWS];
	struct report_row *groups;
	struct report_week *weeks;
	struct report r;
};

static int setup_officers(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	static const char *const names[] = { VI_NAME, HOSTILE_NAME, PLAIN_NAME, FORMULA_NAME, NULL };

	if (!f)
		return -1;
	officer_rows(f->rows);
	day_rows(f->days);
	f->r.dim = ROLLUP_OFFICER;
	f->r.days = (struct period_range){ JULY_FROM, JULY_TO };
	f->r.generated = GENERATED;
	f->r.utc_offset = VN_OFFSET;
	if (report_group(f->rows, NOFFICER_ROWS, &f->groups, &f->r.nrows, &f->r.total) != HL_OK || f->r.nrows != 5)
		return -1;
	for (size_t i = 0; i < f->r.nrows; i++)
		f->groups[i].name = names[i];
	f->r.rows = f->groups;
	if (report_weeks(f->days, NDAY_ROWS, f->r.days, &f->weeks, &f->r.nweeks) != HL_OK)
		return -1;
	f->r.weeks = f->weeks;
	f->r.flags = sample_flags;
	f->r.nflags = 2;
	*state = f;
	return 0;
}

static int teardown_officers(void **state)
{
	struct fixture *f = *state;

	free(f->groups);
	free(f->weeks);
	free(f);
	return 0;
}

/* Writes a report into memory; the caller frees. */
static char *render(const struct report *r, enum report_format fmt, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);

	assert_non_null(out);
	assert_int_equal(report_write(out, fmt, r), HL_OK);
	assert_int_equal(fclose(out), 0);
	assert_non_null(buf);
	assert_int_equal(strlen(buf), n); /* no NUL inside */
	if (len)
		*len = n;
	return buf;
}

static char *render_sipas(const struct sipas_export *s, enum report_format fmt, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);

	assert_non_null(out);
	assert_int_equal(sipas_write(out, fmt, s), HL_OK);
	assert_int_equal(fclose(out), 0);
	assert_non_null(buf);
	*len = n;
	return buf;
}

/* ---- reading CSV back with the project's RFC 4180 reader ----------------------------------------- */

#define SHEET_ROWS 32
#define SHEET_COLS 64

struct sheet {
	size_t nrows, ncols[SHEET_ROWS];
	char *cell[SHEET_ROWS][SHEET_COLS];
};

static int sheet_add(void *ud, const struct csv_record *rec)
{
	struct sheet *s = ud;

	if (s->nrows >= SHEET_ROWS || rec->nfields > SHEET_COLS)
		return 1;
	for (size_t i = 0; i < rec->nfields; i++)
		s->cell[s->nrows][i] = strdup(rec->fields[i]);
	s->ncols[s->nrows++] = rec->nfields;
	return 0;
}

static struct sheet *sheet_read(const char *text, size_t len)
{
	struct sheet *s = calloc(1, sizeof *s);
	struct csv_error err;

	assert_non_null(s);
	if (csv_read(text, len, sheet_add, s, &err) != HL_OK)
		fail_msg("CSV does not read back: line %zu: %s", err.line, err.msg);
	return s;
}

static void sheet_free(struct sheet *s)
{
	for (size_t r = 0; r < s->nrows; r++)
		for (size_t c = 0; c < s->ncols[r]; c++)
			free(s->cell[r][c]);
	free(s);
}

/* The cell of data row r (0 = the first after the header) under the header named col. */
static const char *sheet_get(const struct sheet *s, size_t r, const char *col)
{
	for (size_t c = 0; c < s->ncols[0]; c++)
		if (strcmp(s->cell[0][c], col) == 0) {
			assert_true(r + 1 < s->nrows);
			assert_true(c < s->ncols[r + 1]);
			return s->cell[r + 1][c];
		}
	fail_msg("no column %s", col);
	return NULL;
}

/* The data row whose first two cells are site and code. */
static size_t sheet_find(const struct sheet *s, const char *site, const char *code)
{
	for (size_t r = 1; r < s->nrows; r++)
		if (strcmp(s->cell[r][0], site) == 0 && strcmp(s->cell[r][1], code) == 0)
			return r - 1;
	fail_msg("no row %s/%s", site, code);
	return 0;
}

static void assert_crlf_only(const char *text, size_t len)
{
	assert_true(len >= 2);
	assert_memory_equal(text + len - 2, "\r\n", 2);
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))
			fail_msg("bare LF at byte %zu", i);
}

/* ---- table --------------------------------------------------------------------------------------- */

/* A copy of the table's line naming site and code as its second and third words (the first is the
 * rank, copied to rank); its line number in *lineno. The caller frees. */
static char *table_line(const char *text, const char *site, const char *code, char rank[8], size_t *lineno)
{
	size_t n = 0;

	for (const char *p = text; *p; n++) {
		const char *end = strchr(p, '\n');
		char *line = strndup(p, end ? (size_t)(end - p) : strlen(p)), a[8], b[64], c[64];
		assert_non_null(line);
		if (sscanf(line, "%7s %63s %63s", a, b, c) == 3 && strcmp(b, site) == 0 && strcmp(c, code) == 0) {
			memcpy(rank, a, sizeof a);
			*lineno = n;
			return line;
		}
		free(line);
		if (!end)
			break;
		p = end + 1;
	}
	fail_msg("no table line for %s/%s", site, code);
	return NULL;
}

static void test_table_ranked_with_total(void **state)
{
	struct fixture *f = *state;
	char *t, rank[8];
	size_t l4, l1, lsxd, l2, l3;

	f->r.lang = I18N_EN;
	t = render(&f->r, REPORT_TABLE, NULL);
	assert_int_equal(strncmp(t, "Satisfaction per officer, 2026-07-01 to 2026-07-31\n", 51), 0);
	assert_has(t, "Wilson");
	assert_has(t, "rank");
	assert_has(t, "officer index [CI]");
	/* Officers rank on the officer question only. */
	assert_lacks(t, "procedure index");

	char *line = table_line(t, "sct-bentre", "cb004", rank, &l4);
	assert_string_equal(rank, "1");
	assert_has(line, "300");
	assert_has(line, "90.0 [86.1-92.9]");
	assert_has(line, FORMULA_NAME);
	assert_has(line, "80.0"); /* QĐ 766: 240 of 300 */
	free(line);

	line = table_line(t, "sct-bentre", "cb001", rank, &l1);
	assert_string_equal(rank, "2");
	assert_has(line, "80.0 [65.2-89.5]");
	assert_has(line, VI_NAME);
	free(line);

	line = table_line(t, "sxd", "cb001", rank, &lsxd);
	assert_string_equal(rank, "3");
	assert_has(line, "71.4 [54.9-83.7]");
	free(line);

	/* Too small to rank: no rank, marked with *. */
	line = table_line(t, "sct-bentre", "cb002", rank, &l2);
	assert_string_equal(rank, "-");
	assert_has(line, "75.0 [53.1-88.8] *");
	free(line);

	/* Three answers: "< 5" instead of any number (100 % of 3 would identify the raters). */
	line = table_line(t, "sct-bentre", "cb003", rank, &l3);
	assert_string_equal(rank, "-");
	assert_has(line, "< 5");
	assert_has(line, PLAIN_NAME);
	assert_lacks(line, "100.0");
	assert_lacks(line, "[");
	free(line);

	assert_true(l4 < l1 && l1 < lsxd && lsxd < l2 && l2 < l3);
	assert_has(t, "\n5 officers, 398 ratings (* too small to rank)\n");
	free(t);
}

/* The same table for a Vietnamese reader: words from its table, the decimal comma, dd/mm/yyyy, no
 * plural; the columns stay aligned by what the eye sees, not by bytes. */
/* Display columns of s, counted here independently of text.h: a code point is one, a combining mark
 * (U+0300–U+036F, two bytes CC 80 … CD AF) none. */
static int cols(const char *s, size_t n)
{
	int c = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		if ((b & 0xC0) == 0x80)
			continue;
		if ((b == 0xCC || (b == 0xCD && i + 1 < n && (unsigned char)s[i + 1] <= 0xAF)))
			continue;
		c++;
	}
	return c;
}

/* A name longer than the name column was, and one typed with combining marks: every line of the
 * table is as wide as the header, so the figures stay under their headings. */
static void test_table_aligned_with_long_names(void **state)
{
	struct fixture *f = *state;
	static const char *const long_name = "Tôn Nữ Thị Hoàng Phương Thảo Nguyên Bảo Ngọc Châu";
	static const char *const decomposed = "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Ba\xcc\x80"; /* Nguyễn Văn Bà */

	f->groups[0].name = long_name;
	f->groups[2].name = decomposed;
	for (int lang = 0; lang < 2; lang++) {
		f->r.lang = lang;
		char *t = render(&f->r, REPORT_TABLE, NULL);
		const char *head = strstr(t, lang ? "rank  site" : "hạng  đơn vị");
		assert_non_null(head);
		const char *end = strstr(head, "\n\n");
		assert_non_null(end);
		int want = -1, lines = 0;
		for (const char *p = head; p < end;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			int w = cols(p, n);
			if (want < 0)
				want = w;
			else if (w != want)
				fail_msg("line %d is %d columns wide, the header %d: %.*s", lines, w, want, (int)n, p);
			lines++;
			p += n + 1;
		}
		assert_int_equal(lines, 1 + 5);
		assert_has(t, long_name);
		free(t);
	}
}

static void test_table_in_vietnamese(void **state)
{
	struct fixture *f = *state;
	char *t = render(&f->r, REPORT_TABLE, NULL), rank[8];
	size_t l4;

	assert_int_equal(f->r.lang, I18N_VI); /* the default */
	assert_has(t, "Mức độ hài lòng theo công chức, 01/07/2026 đến 31/07/2026\n");
	assert_has(t, "khoảng tin cậy 95 % Wilson");
	assert_has(t, "chỉ số công chức [KTC]");
	assert_lacks(t, "Satisfaction");
	assert_lacks(t, "officer");
	char *line = table_line(t, "sct-bentre", "cb004", rank, &l4);
	assert_string_equal(rank, "1");
	assert_has(line, "90,0 [86,1-92,9]");
	assert_has(line, "80,0");
	assert_lacks(line, "90.0");
	free(line);
	line = table_line(t, "sct-bentre", "cb003", rank, &l4);
	assert_has(line, "< 5");
	free(line);
	assert_has(t, "\n5 công chức, 398 lượt đánh giá (* chưa đủ để xếp hạng)\n");
	/* The header's columns start where the rows' do: "hạng" is four columns as "rank" was. */
	const char *head = strstr(t, "hạng  đơn vị");
	assert_non_null(head);
	free(t);

	/* One site: "1 site" in English, never "1 sites". */
	struct report one = f->r;
	struct report_row site = { .site = "sct-bentre" };
	site.g = f->r.total;
	one.dim = ROLLUP_SITE;
	one.rows = &site;
	one.nrows = 1;
	one.lang = I18N_EN;
	t = render(&one, REPORT_TABLE, NULL);
	assert_has(t, "\n1 site, 398 ratings");
	assert_lacks(t, "1 sites");
	free(t);
	one.lang = I18N_VI;
	t = render(&one, REPORT_TABLE, NULL);
	assert_has(t, "\n1 đơn vị, 398 lượt đánh giá");
	free(t);
	/* The sites page names the site, never "(không rõ) · sct-bentre". */
	one.site = NULL;
	one.nflags = 0;
	t = render(&one, REPORT_HTML, NULL);
	assert_lacks(t, "(không rõ)");
	assert_has(t, ">sct-bentre</tspan></text>");
	free(t);
}

/* ---- CSV ----------------------------------------------------------------------------------------- */

static const char officer_csv_header[] =
	"site,officer,name,ratings,rate766,officer_n,officer_satisfaction,officer_satisfaction_lo,"
	"officer_satisfaction_hi,officer_dissatisfaction,officer_mean,officer_mean100,officer_rankable,"
	"officer_level_1,officer_level_2,officer_level_3,officer_level_4,officer_level_5,NHUNG_NHIEU,"
	"THU_TIEN_KHONG_PHIEU,GIAY_TO_NGOAI_QD,THAI_DO,HUONG_DAN_KHONG_RO,TRE_HEN,HEN_NHIEU_LAN,CHO_LAU,"
	"CO_SO_VAT_CHAT,site_name\r\n";

static void test_csv_for_spreadsheets(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *t = render(&f->r, REPORT_CSV, &len);

	/* A BOM so spreadsheets read UTF-8, then the documented header, CRLF line ends. */
	assert_memory_equal(t, "\xEF\xBB\xBF", 3);
	assert_int_equal(strncmp(t + 3, officer_csv_header, strlen(officer_csv_header)), 0);
	assert_crlf_only(t, len);
	/* The formula is defused: the cell starts with an apostrophe, inside quotes. */
	assert_has(t, ",\"'" FORMULA_NAME "\",");

	struct sheet *s = sheet_read(t, len);
	assert_int_equal(s->nrows, 1 + 5);
	for (size_t r = 0; r < s->nrows; r++)
		assert_int_equal(s->ncols[r], 28); /* site_name last */

	/* Numbers in their columns. */
	size_t r = sheet_find(s, "sct-bentre", "cb001");
	assert_string_equal(sheet_get(s, r, "name"), VI_NAME);
	assert_string_equal(sheet_get(s, r, "ratings"), "40");
	assert_string_equal(sheet_get(s, r, "rate766"), "75.00");
	assert_string_equal(sheet_get(s, r, "officer_n"), "40");
	assert_string_equal(sheet_get(s, r, "officer_satisfaction"), "80.00");
	assert_string_equal(sheet_get(s, r, "officer_satisfaction_lo"), "65.24");
	assert_string_equal(sheet_get(s, r, "officer_satisfaction_hi"), "89.50");
	assert_string_equal(sheet_get(s, r, "officer_dissatisfaction"), "10.00");
	assert_string_equal(sheet_get(s, r, "officer_mean"), "4.15");   /* 166 / 40 */
	assert_string_equal(sheet_get(s, r, "officer_mean100"), "78.75");
	assert_string_equal(sheet_get(s, r, "officer_rankable"), "yes");
	assert_string_equal(sheet_get(s, r, "officer_level_1"), "2");
	assert_string_equal(sheet_get(s, r, "officer_level_4"), "12");
	assert_string_equal(sheet_get(s, r, "officer_level_5"), "20");
	assert_string_equal(sheet_get(s, r, "TRE_HEN"), "2");
	assert_string_equal(sheet_get(s, r, "THAI_DO"), "2");
	assert_string_equal(sheet_get(s, r, "CHO_LAU"), "0");

	/* Two scales: no mean level and no per-level counts, but a 0–100 mean (1350 / 20). */
	r = sheet_find(s, "sct-bentre", "cb002");
	assert_string_equal(sheet_get(s, r, "name"), HOSTILE_NAME);
	assert_string_equal(sheet_get(s, r, "officer_satisfaction"), "75.00");
	assert_string_equal(sheet_get(s, r, "officer_mean"), "");
	assert_string_equal(sheet_get(s, r, "officer_mean100"), "67.50");
	assert_string_equal(sheet_get(s, r, "officer_rankable"), "no");
	assert_string_equal(sheet_get(s, r, "officer_level_1"), "");
	assert_string_equal(sheet_get(s, r, "THU_TIEN_KHONG_PHIEU"), "2");

	/* Fewer than five answers: "< 5" and nothing else; the reasons' counts are "< 5" too. */
	r = sheet_find(s, "sct-bentre", "cb003");
	assert_string_equal(sheet_get(s, r, "name"), PLAIN_NAME);
	assert_string_equal(sheet_get(s, r, "ratings"), "< 5");
	assert_string_equal(sheet_get(s, r, "officer_n"), "< 5");
	static const char *const hidden[] = { "rate766", "officer_satisfaction", "officer_satisfaction_lo",
					      "officer_satisfaction_hi", "officer_dissatisfaction", "officer_mean",
					      "officer_mean100", "officer_rankable", "officer_level_4",
					      "officer_level_5" };
	for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
		assert_string_equal(sheet_get(s, r, hidden[i]), "");
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		assert_string_equal(sheet_get(s, r, survey_reason_code(i)), "< 5");

	r = sheet_find(s, "sct-bentre", "cb004");
	assert_string_equal(sheet_get(s, r, "name"), "'" FORMULA_NAME);
	assert_string_equal(sheet_get(s, r, "officer_satisfaction"), "90.00");
	assert_string_equal(sheet_get(s, r, "officer_satisfaction_lo"), "86.08");
	assert_string_equal(sheet_get(s, r, "CHO_LAU"), "9");

	/* Scale 4: four level counts, the fifth empty; no roster name: empty. */
	r = sheet_find(s, "sxd", "cb001");
	assert_string_equal(sheet_get(s, r, "name"), "");
	assert_string_equal(sheet_get(s, r, "officer_level_4"), "15");
	assert_string_equal(sheet_get(s, r, "officer_level_5"), "");
	assert_string_equal(sheet_get(s, r, "officer_mean"), "3.00");
	assert_string_equal(sheet_get(s, r, "officer_mean100"), "66.67");
	sheet_free(s);
	free(t);
}

/* ---- JSON ---------------------------------------------------------------------------------------- */

static const cJSON *get(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v)
		fail_msg("no key %s", key);
	return v;
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);

	assert_true(cJSON_IsNumber(v));
	return v->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = get(o, key);

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

/* The row of rows[] with that site and code under key col. */
static const cJSON *json_row(const cJSON *rows, const char *col, const char *site, const char *code)
{
	const cJSON *o;

	cJSON_ArrayForEach(o, rows)
		if (strcmp(str(o, "site"), site) == 0 && strcmp(str(o, col), code) == 0)
			return o;
	fail_msg("no JSON row %s/%s", site, code);
	return NULL;
}

static void test_json_documented_keys(void **state)
{
	struct fixture *f = *state;
	char *t = render(&f->r, REPORT_JSON, NULL);
	cJSON *root = cJSON_Parse(t);

	assert_non_null(root);
	assert_string_equal(str(root, "report"), "officers");
	assert_int_equal((int)num(root, "version"), 1);
	assert_string_equal(str(root, "from"), "2026-07-01");
	assert_string_equal(str(root, "to"), "2026-07-31");
	assert_true(cJSON_IsNull(get(root, "site")));
	assert_string_equal(str(root, "generated"), "2026-08-01 09:30 +07"); /* local time, its zone said */
	assert_has(str(root, "formula"), "Wilson");
	assert_has(str(root, "formula"), "< 5");

	/* The total mixes scales 3, 4, 5: no scale, no levels, no mean level (null, not 0). */
	const cJSON *total = get(root, "total");
	assert_int_equal((int)num(total, "ratings"), 398);
	const cJSON *tq = get(get(total, "questions"), "officer");
	assert_int_equal((int)num(tq, "n"), 398);
	assert_true(cJSON_IsNull(get(tq, "scale")));
	assert_true(cJSON_IsNull(get(tq, "levels")));
	assert_true(cJSON_IsNull(get(tq, "mean")));
	assert_true(cJSON_IsNumber(get(tq, "mean100")));
	/* An officers report is about the officer question only. */
	assert_null(cJSON_GetObjectItemCaseSensitive(get(total, "questions"), "procedure"));

	const cJSON *rows = get(root, "rows");
	assert_true(cJSON_IsArray(rows));
	assert_int_equal(cJSON_GetArraySize(rows), 5);

	const cJSON *o = json_row(rows, "officer", "sct-bentre", "cb001");
	assert_string_equal(str(o, "name"), VI_NAME); /* byte for byte */
	assert_int_equal((int)num(o, "ratings"), 40);
	assert_near(num(o, "rate766"), 75.0, 1e-9);
	const cJSON *q = get(get(o, "questions"), "officer");
	assert_int_equal((int)num(q, "n"), 40);
	assert_int_equal((int)num(q, "satisfied"), 32);
	assert_int_equal((int)num(q, "dissatisfied"), 4);
	assert_near(num(q, "satisfaction"), 80.0, 1e-9);
	assert_near(num(q, "satisfaction_lo"), 65.24, 1e-9);
	assert_near(num(q, "satisfaction_hi"), 89.5, 1e-9);
	assert_near(num(q, "mean"), 4.15, 1e-9);
	assert_true(cJSON_IsTrue(get(q, "rankable")));
	assert_int_equal((int)num(q, "scale"), 5);
	const cJSON *lv = get(q, "levels");
	assert_int_equal(cJSON_GetArraySize(lv), 5);
	static const int want_levels[5] = { 2, 2, 4, 12, 20 };
	for (int l = 0; l < 5; l++)
		assert_int_equal((int)cJSON_GetArrayItem(lv, l)->valuedouble, want_levels[l]);
	const cJSON *reasons = get(o, "reasons");
	assert_int_equal(cJSON_GetArraySize(reasons), SURVEY_R_COUNT);
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		assert_true(cJSON_IsNumber(get(reasons, survey_reason_code(i))));
	assert_int_equal((int)num(reasons, "TRE_HEN"), 2);

	/* Scale 4: four levels; no roster name: null. */
	o = json_row(rows, "officer", "sxd", "cb001");
	assert_true(cJSON_IsNull(get(o, "name")));
	q = get(get(o, "questions"), "officer");
	assert_int_equal(cJSON_GetArraySize(get(q, "levels")), 4);
	assert_int_equal((int)num(q, "scale"), 4);

	/* Two scales: null scale, levels and mean. */
	o = json_row(rows, "officer", "sct-bentre", "cb002");
	assert_string_equal(str(o, "name"), HOSTILE_NAME);
	q = get(get(o, "questions"), "officer");
	assert_true(cJSON_IsNull(get(q, "mean")));
	assert_true(cJSON_IsNull(get(q, "levels")));
	assert_near(num(q, "mean100"), 67.5, 1e-9);
	assert_true(cJSON_IsFalse(get(q, "rankable")));

	/* Three answers: "< 5" and no figures at all. */
	o = json_row(rows, "officer", "sct-bentre", "cb003");
	assert_string_equal(str(o, "ratings"), "< 5");
	assert_string_equal(str(o, "name"), PLAIN_NAME);
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "questions"));
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "rate766"));
	/* The reasons keep their keys, each "< 5": no count of them either. */
	const cJSON *why = get(o, "reasons");
	assert_int_equal(cJSON_GetArraySize(why), SURVEY_R_COUNT);
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		assert_string_equal(str(why, survey_reason_code(i)), "< 5");

	o = json_row(rows, "officer", "sct-bentre", "cb004");
	assert_string_equal(str(o, "name"), FORMULA_NAME); /* JSON needs no defusing */
	cJSON_Delete(root);
	free(t);
}

/* A counters report for one site: both questions, a counter nobody answered the procedure question
 * at (null, not 0), and no "< 5" rule for counters. */
static void test_json_counters_both_questions_and_null(void **state)
{
	struct rollup_row in[2] = {
		row(ROLLUP_COUNTER, "sct-bentre", "q01", 5, 12, 9, (int64_t[]){ 1, 0, 2, 4, 5 }, (int64_t[]){ 0, 0, 1, 3, 6 }),
		row(ROLLUP_COUNTER, "sct-bentre", "q02", 5, 3, 3, (int64_t[]){ 0, 0, 0, 1, 2 }, NULL),
	};
	struct report r = { .dim = ROLLUP_COUNTER, .days = { JULY_FROM, JULY_TO }, .site = "sct-bentre",
			    .generated = GENERATED, .utc_offset = VN_OFFSET };
	struct report_row *groups;

	(void)state;
	assert_int_equal(report_group(in, 2, &groups, &r.nrows, &r.total), HL_OK);
	assert_int_equal(r.nrows, 2);
	r.rows = groups;
	char *t = render(&r, REPORT_JSON, NULL);
	cJSON *root = cJSON_Parse(t);
	assert_non_null(root);
	assert_string_equal(str(root, "report"), "counters");
	assert_string_equal(str(root, "site"), "sct-bentre");
	assert_int_equal((int)num(get(root, "total"), "ratings"), 15);
	const cJSON *rows = get(root, "rows");
	const cJSON *o = json_row(rows, "counter", "sct-bentre", "q01");
	assert_true(cJSON_IsNull(get(o, "name")));
	const cJSON *qs = get(o, "questions");
	assert_near(num(get(qs, "officer"), "satisfaction"), 75.0, 1e-9);
	assert_near(num(get(qs, "procedure"), "satisfaction"), 90.0, 1e-9);
	o = json_row(rows, "counter", "sct-bentre", "q02");
	assert_int_equal((int)num(o, "ratings"), 3);
	const cJSON *p = get(get(o, "questions"), "procedure");
	assert_int_equal((int)num(p, "n"), 0);
	assert_true(cJSON_IsNull(get(p, "satisfaction")));
	assert_true(cJSON_IsNull(get(p, "satisfaction_lo")));
	assert_true(cJSON_IsNull(get(p, "satisfaction_hi")));
	assert_true(cJSON_IsNull(get(p, "mean")));
	assert_true(cJSON_IsNull(get(p, "mean100")));
	cJSON_Delete(root);
	free(t);

	/* The CSV of the same: both questions' columns, the empty index empty. */
	size_t len;
	t = render(&r, REPORT_CSV, &len);
	struct sheet *s = sheet_read(t, len);
	assert_int_equal(s->nrows, 3);
	assert_string_equal(s->cell[0][1], "counter");
	size_t k = sheet_find(s, "sct-bentre", "q02");
	assert_string_equal(sheet_get(s, k, "officer_n"), "3");
	assert_string_equal(sheet_get(s, k, "procedure_n"), "0");
	assert_string_equal(sheet_get(s, k, "procedure_satisfaction"), "");
	assert_string_equal(sheet_get(s, k, "procedure_mean100"), "");
	sheet_free(s);
	free(t);
	free(groups);
}

/* A sites report: a row's code is "", and its one "site" key names the site (a second, empty "site"
 * key would win in most JSON readers). */
static void test_json_sites_one_site_key(void **state)
{
	struct rollup_row in[2] = {
		row(ROLLUP_SITE, "sct-bentre", "", 5, 12, 9, (int64_t[]){ 1, 0, 2, 4, 5 }, NULL),
		row(ROLLUP_SITE, "sxd", "", 5, 3, 3, (int64_t[]){ 0, 0, 0, 1, 2 }, NULL),
	};
	struct report r = { .dim = ROLLUP_SITE, .all_time = true, .days = { 0, 0 }, .generated = GENERATED,
			    .utc_offset = VN_OFFSET };
	struct report_row *groups;
	const cJSON *o, *c;

	(void)state;
	assert_int_equal(report_group(in, 2, &groups, &r.nrows, &r.total), HL_OK);
	r.rows = groups;
	char *t = render(&r, REPORT_JSON, NULL);
	cJSON *root = cJSON_Parse(t);
	assert_non_null(root);
	assert_string_equal(str(root, "report"), "sites");
	assert_true(cJSON_IsNull(get(root, "from"))); /* all stored data */
	assert_true(cJSON_IsNull(get(root, "to")));
	const cJSON *rows = get(root, "rows");
	assert_int_equal(cJSON_GetArraySize(rows), 2);
	static const char *const want[2] = { "sct-bentre", "sxd" };
	int i = 0;
	cJSON_ArrayForEach(o, rows) {
		int keys = 0;
		cJSON_ArrayForEach(c, o)
			keys += strcmp(c->string, "site") == 0;
		assert_int_equal(keys, 1);
		assert_string_equal(str(o, "site"), want[i++]);
	}
	cJSON_Delete(root);
	free(t);
	free(groups);
}

/* ---- HTML ---------------------------------------------------------------------------------------- */

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(text, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_html_self_contained_and_escaped(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *t = render(&f->r, REPORT_HTML, &len);

	/* One document. */
	assert_int_equal(strncmp(t, "<!DOCTYPE html>", 15), 0);
	assert_int_equal(count(t, "<html"), 1);
	assert_int_equal(count(t, "</html>"), 1);
	assert_string_equal(t + len - 8, "</html>\n");
	assert_has(t, "<meta charset=\"utf-8\">");
	/* Nothing loaded from elsewhere, nothing run. */
	assert_lacks(t, "http://");
	assert_lacks(t, "https://");
	assert_lacks(t, "src=");
	assert_lacks(t, "<script");
	assert_lacks(t, "<link");
	assert_lacks(t, "@import");
	assert_lacks(t, "url(");
	/* The hostile name only as text. */
	assert_true(count(t, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 1);
	assert_has(t, "Lê Văn &quot;Tèo&quot;, &lt;script&gt;");
	assert_has(t, VI_NAME);

	/* The Vietnamese title and charts. */
	assert_has(t, "Báo cáo mức độ hài lòng theo công chức");
	const char *svg = strstr(t, "<svg");
	assert_non_null(svg);
	assert_true(count(t, "<svg") >= 3); /* index bars, weekly trend, reasons */
	assert_has(t, "<circle class=\"pt q0"); /* the trend's weeks */

	/* The flags at the top, before the first chart, with their text escaped. */
	const char *flags = strstr(t, "Cảnh báo cần xử lý (2)");
	assert_non_null(flags);
	assert_true(flags < svg);
	const char *f1 = strstr(t, "Chọn lý do &quot;Thu tiền không có phiếu&quot; &lt;b&gt;2 lần&lt;/b&gt; &amp; chờ xử lý");
	const char *f2 = strstr(t, "4/6 chưa hài lòng trong 15 phút");
	assert_non_null(f1);
	assert_non_null(f2);
	assert_true(f1 < svg && f2 < svg);
	assert_lacks(t, "<b>");
	assert_has(t, "Đã xác nhận"); /* the state, in Vietnamese */
	assert_has(t, "Nghiêm trọng"); /* the kind */
	assert_has(t, "Ngày mở");
	assert_has(t, "28/07/2026"); /* opened: its local day, never the minute */
	assert_lacks(t, "15:15");
	assert_lacks(t, "Mở lúc");
	/* Made at: local time with its zone; figures with the decimal comma. */
	assert_has(t, "Lập lúc 01/08/2026 09:30 +07");
	assert_has(t, "<td class=\"n\">90,0</td>");
	assert_lacks(t, "<td class=\"n\">90.0</td>");

	/* Privacy: the small officer shows "< 5" and no figure; the note says so. */
	assert_has(t, "&lt; 5");
	assert_lacks(t, "n=3 (");
	assert_lacks(t, "n=3<");
	assert_has(t, "Công chức có dưới 5 lượt đánh giá chỉ hiện “&lt; 5”");
	assert_has(t, "Báo cáo không liệt kê từng lượt đánh giá");
	free(t);
}

static void test_html_without_flags_says_so(void **state)
{
	struct fixture *f = *state;
	struct report r = f->r;

	r.nflags = 0;
	r.flags = NULL;
	char *t = render(&r, REPORT_HTML, NULL);
	assert_has(t, "Cảnh báo cần xử lý (0)");
	assert_has(t, "Không có cảnh báo đang mở");
	assert_lacks(t, "Đã xác nhận");
	free(t);
}

/* ---- weeks --------------------------------------------------------------------------------------- */

static void test_weeks_start_on_monday(void **state)
{
	struct fixture *f = *state;
	static const char *const mondays[5] = { "2026-06-29", "2026-07-06", "2026-07-13", "2026-07-20", "2026-07-27" };
	char d[11];

	/* July 2026 begins on a Wednesday: its weeks are those of Mondays 29 June … 27 July. */
	assert_int_equal(f->r.nweeks, 5);
	for (size_t i = 0; i < 5; i++) {
		period_format_day(f->weeks[i].monday, d);
		assert_string_equal(d, mondays[i]);
	}
	/* Wednesday 1 and Sunday 5 July in the first; 30 June (before the range) not counted. */
	const struct index_q *o = &f->weeks[0].g.q[SURVEY_Q_OFFICER];
	assert_int_equal(f->weeks[0].g.ratings, 10);
	assert_int_equal(o->n, 10);
	assert_near(o->satisfaction, 90.0, 1e-9);
	/* Monday 6 July starts the second. */
	assert_int_equal(f->weeks[1].g.ratings, 5);
	assert_near(f->weeks[1].g.q[SURVEY_Q_OFFICER].satisfaction, 0.0, 1e-9);
	/* No ratings: no index. */
	assert_int_equal(f->weeks[2].g.ratings, 0);
	assert_true(isnan(f->weeks[2].g.q[SURVEY_Q_OFFICER].satisfaction));
	/* Friday 31 July in the last; 1 August not counted. */
	assert_int_equal(f->weeks[4].g.ratings, 2);
	assert_near(f->weeks[4].g.q[SURVEY_Q_OFFICER].satisfaction, 100.0, 1e-9);

	/* A range starting on a Monday starts its first week there; one day is one week. */
	struct report_week *w;
	size_t n;
	assert_int_equal(report_weeks(f->days, NDAY_ROWS, (struct period_range){ JULY_FROM + 5, JULY_FROM + 5 }, &w, &n),
			 HL_OK);
	assert_int_equal(n, 1);
	assert_int_equal(w[0].monday, JULY_FROM + 5);
	assert_int_equal(w[0].g.ratings, 5);
	free(w);
}

/* ---- SIPAS --------------------------------------------------------------------------------------- */

/* Two sites for 2026: sct-bentre with officer 80 of 100 satisfied, procedure 60 of 80 and — its
 * terminals ask the result too — result 30 of 50; sxd with officer 30 of 60 and nobody answering the
 * procedure or result question. */
static void sipas_sites(struct report_row **sites, size_t *n)
{
	struct rollup_row in[2] = {
		row(ROLLUP_SITE, "sct-bentre", "", 5, 100, 50, (int64_t[]){ 5, 5, 10, 30, 50 },
		    (int64_t[]){ 4, 4, 12, 20, 40 }),
		row(ROLLUP_SITE, "sxd", "", 5, 60, 20, (int64_t[]){ 10, 10, 10, 10, 20 }, NULL),
	};
	const int64_t result[5] = { 5, 5, 10, 10, 20 };
	struct index_group total;

	for (int l = 0; l < 5; l++)
		in[0].c.level[SURVEY_Q_RESULT][l] = result[l];
	assert_int_equal(report_group(in, 2, sites, n, &total), HL_OK);
	assert_int_equal(*n, 2);
}

static const char sipas_header[] =
	"site,year,element,element_name,source,index,ci_lo,ci_hi,n,weight,formula,site_name";

static struct sipas_export sipas_of(const struct report_row *sites, size_t n)
{
	struct sipas_export x = { .year = 2026, .generated = GENERATED, .sites = sites, .nsites = n };

	sipas_weights_default(x.weights);
	return x;
}

/* Each terminal question feeds one element, so the procedure question is counted once; the two
 * elements no question feeds are no data, not 0; the overall index is over the elements with data. */
static void test_sipas_csv(void **state)
{
	struct report_row *sites;
	size_t len, n;

	(void)state;
	sipas_sites(&sites, &n);
	struct sipas_export x = sipas_of(sites, n);
	char *t = render_sipas(&x, REPORT_CSV, &len);
	assert_memory_equal(t, "\xEF\xBB\xBF", 3);
	assert_crlf_only(t, len);
	struct sheet *s = sheet_read(t, len);
	assert_int_equal(s->nrows, 1 + 2 * 6); /* per site: five elements and the overall index */
	for (size_t r = 0; r < s->nrows; r++)
		assert_int_equal(s->ncols[r], 12);
	char header[sizeof sipas_header];
	snprintf(header, sizeof header, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s", s->cell[0][0], s->cell[0][1],
		 s->cell[0][2], s->cell[0][3], s->cell[0][4], s->cell[0][5], s->cell[0][6], s->cell[0][7],
		 s->cell[0][8], s->cell[0][9], s->cell[0][10], s->cell[0][11]);
	assert_string_equal(header, sipas_header);

	static const struct {
		const char *site, *element, *name, *source, *index, *lo, *hi, *n, *weight;
	} want[12] = {
		{ "sct-bentre", "tiep_can_dich_vu", "Tiếp cận dịch vụ", "none", "", "", "", "0", "1" },
		{ "sct-bentre", "thu_tuc_hanh_chinh", "Thủ tục hành chính", "procedure", "75.00", "64.52", "83.19", "80", "1" },
		{ "sct-bentre", "cong_chuc", "Công chức", "officer", "80.00", "71.12", "86.66", "100", "1" },
		{ "sct-bentre", "ket_qua_dich_vu", "Kết quả dịch vụ", "result", "60.00", "46.18", "72.39", "50", "1" },
		{ "sct-bentre", "tiep_nhan_gop_y", NULL, "none", "", "", "", "0", "1" },
		/* (75 + 80 + 60) / 3: three elements with data, each once */
		{ "sct-bentre", "overall", "Chỉ số chung", "elements", "71.67", "", "", "100", "" },
		{ "sxd", "tiep_can_dich_vu", NULL, "none", "", "", "", "0", "1" },
		{ "sxd", "thu_tuc_hanh_chinh", NULL, "procedure", "", "", "", "0", "1" },
		{ "sxd", "cong_chuc", NULL, "officer", "50.00", "37.74", "62.26", "60", "1" },
		{ "sxd", "ket_qua_dich_vu", NULL, "result", "", "", "", "0", "1" },
		{ "sxd", "tiep_nhan_gop_y", NULL, "none", "", "", "", "0", "1" },
		/* only the element with answers counts */
		{ "sxd", "overall", NULL, "elements", "50.00", "", "", "60", "" },
	};
	for (size_t i = 0; i < 12; i++) {
		char *const *c = s->cell[i + 1];
		assert_string_equal(c[0], want[i].site);
		assert_string_equal(c[1], "2026");
		assert_string_equal(c[2], want[i].element);
		if (want[i].name)
			assert_string_equal(c[3], want[i].name);
		assert_string_equal(c[4], want[i].source);
		assert_string_equal(c[5], want[i].index);
		assert_string_equal(c[6], want[i].lo);
		assert_string_equal(c[7], want[i].hi);
		assert_string_equal(c[8], want[i].n);
		assert_string_equal(c[9], want[i].weight);
	}
	/* The mapping and the formula beside the numbers. */
	assert_has(s->cell[6][10], "sum(w_e x I_e) / sum(w_e)");
	assert_has(s->cell[6][10], "cong_chuc <- the officer question");
	assert_has(s->cell[6][10], "thu_tuc_hanh_chinh <- the procedure question");
	sheet_free(s);
	free(t);

	/* cong_chuc weighs 2: (75 + 2·80 + 60) / 4 = 73.75; sxd still 50. */
	char why[160];
	assert_int_equal(sipas_weights_parse("cong_chuc=2", x.weights, why, sizeof why), HL_OK);
	t = render_sipas(&x, REPORT_CSV, &len);
	s = sheet_read(t, len);
	assert_string_equal(s->cell[3][9], "2");
	assert_string_equal(s->cell[6][5], "73.75");
	assert_string_equal(s->cell[12][5], "50.00");
	sheet_free(s);
	free(t);
	free(sites);
}

static void test_sipas_json(void **state)
{
	struct report_row *sites;
	size_t len, n;

	(void)state;
	sipas_sites(&sites, &n);
	struct sipas_export x = sipas_of(sites, n);
	char *t = render_sipas(&x, REPORT_JSON, &len);
	cJSON *root = cJSON_Parse(t);
	assert_non_null(root);
	assert_string_equal(str(root, "export"), "sipas");
	assert_int_equal((int)num(root, "year"), 2026);
	assert_has(str(root, "formula"), "sum(w_e x I_e) / sum(w_e)");
	assert_near(num(get(root, "weights"), "cong_chuc"), 1, 1e-9);
	assert_string_equal(str(get(root, "sources"), "thu_tuc_hanh_chinh"), "procedure");
	assert_string_equal(str(get(root, "sources"), "ket_qua_dich_vu"), "result");
	assert_true(cJSON_IsNull(get(get(root, "sources"), "tiep_can_dich_vu")));
	const cJSON *arr = get(root, "sites");
	assert_int_equal(cJSON_GetArraySize(arr), 2);

	const cJSON *b = cJSON_GetArrayItem(arr, 0);
	assert_string_equal(str(b, "site"), "sct-bentre");
	assert_int_equal((int)num(b, "ratings"), 100);
	const cJSON *els = get(b, "elements");
	assert_int_equal(cJSON_GetArraySize(els), 5);
	assert_near(num(get(els, "cong_chuc"), "index"), 80.0, 1e-9);
	assert_int_equal((int)num(get(els, "cong_chuc"), "n"), 100);
	assert_near(num(get(els, "cong_chuc"), "ci_lo"), 71.12, 1e-9);
	assert_near(num(get(els, "thu_tuc_hanh_chinh"), "index"), 75.0, 1e-9);
	assert_int_equal((int)num(get(els, "thu_tuc_hanh_chinh"), "n"), 80);
	assert_near(num(get(els, "ket_qua_dich_vu"), "index"), 60.0, 1e-9);
	assert_string_equal(str(get(els, "ket_qua_dich_vu"), "name"), "Kết quả dịch vụ");
	assert_true(cJSON_IsNull(get(get(els, "tiep_nhan_gop_y"), "index")));
	assert_near(num(b, "overall"), 71.67, 1e-9);

	const cJSON *sx = cJSON_GetArrayItem(arr, 1);
	assert_string_equal(str(sx, "site"), "sxd");
	els = get(sx, "elements");
	assert_true(cJSON_IsNull(get(get(els, "thu_tuc_hanh_chinh"), "index")));
	assert_int_equal((int)num(get(els, "thu_tuc_hanh_chinh"), "n"), 0);
	assert_near(num(sx, "overall"), 50.0, 1e-9);
	cJSON_Delete(root);
	free(t);

	/* The table, for people: Vietnamese, decimal comma, the mapping, no data said as such. */
	t = render_sipas(&x, REPORT_TABLE, &len);
	assert_has(t, "Đầu vào SIPAS năm 2026, 2 đơn vị");
	assert_has(t, "câu hỏi về thủ tục");
	assert_has(t, "71,7");
	assert_has(t, "chưa có dữ liệu");
	assert_lacks(t, "71.7");
	free(t);

	FILE *out = fopen("/dev/null", "w");
	assert_non_null(out);
	assert_int_equal(sipas_write(out, REPORT_HTML, &x), HL_ERR_INVALID);
	fclose(out);
	free(sites);
}

/* The result question is shown where it was answered — beside the procedure's in the procedures
 * report, with the others for sites — in every format, and nowhere when no terminal asks it. */
static void test_result_question_shown(void **state)
{
	struct rollup_row in[2] = {
		row(ROLLUP_PROCEDURE, "sct-bentre", "1.001", 5, 60, 30, NULL, (int64_t[]){ 2, 2, 6, 20, 30 }),
		row(ROLLUP_PROCEDURE, "sct-bentre", "1.002", 5, 40, 30, NULL, (int64_t[]){ 1, 1, 8, 10, 20 }),
	};
	struct report r = { .dim = ROLLUP_PROCEDURE, .all_time = true, .generated = GENERATED, .utc_offset = VN_OFFSET };
	struct report_row *rows;
	size_t len;
	char *t;

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			for (int l = 0; l < 5; l++)
				in[0].c.level[SURVEY_Q_RESULT][l] = (int64_t[]){ 10, 10, 10, 10, 10 }[l];
		assert_int_equal(report_group(in, 2, &rows, &r.nrows, &r.total), HL_OK);
		r.rows = rows;
		int qs[SURVEY_Q_COUNT];
		assert_int_equal(report_questions(&r, qs), pass ? 2 : 1);
		assert_int_equal(qs[0], SURVEY_Q_PROCEDURE);
		t = render(&r, REPORT_TABLE, &len);
		(pass ? assert_has : assert_lacks)(t, "chỉ số kết quả [KTC]");
		assert_has(t, "chỉ số thủ tục [KTC]");
		if (pass) {
			assert_has(t, "40,0 [27,6-53,8]"); /* 20 of 50 satisfied with the result */
			assert_lacks(t, "[—-—]"); /* 1.002 was not asked the result: no figure, no interval */
		}
		free(t);
		t = render(&r, REPORT_CSV, &len);
		(pass ? assert_has : assert_lacks)(t, "result_satisfaction");
		free(t);
		t = render(&r, REPORT_JSON, &len);
		(pass ? assert_has : assert_lacks)(t, "\"result\"");
		free(t);
		t = render(&r, REPORT_HTML, &len);
		(pass ? assert_has : assert_lacks)(t, "Hài lòng về kết quả giải quyết");
		free(t);
		/* The officers report speaks of officers only, whatever else was answered. */
		r.dim = ROLLUP_OFFICER;
		assert_int_equal(report_questions(&r, qs), 1);
		r.dim = ROLLUP_SITE;
		assert_int_equal(report_questions(&r, qs), pass ? 3 : 2);
		r.dim = ROLLUP_PROCEDURE;
		free(rows);
	}
}

/* The weights: element names, the older three numbers, and clear faults. */
static void test_sipas_weights(void **state)
{
	double w[SIPAS_EL_COUNT];
	char why[160];

	(void)state;
	assert_int_equal(sipas_weights_parse("cong_chuc=1,thu_tuc_hanh_chinh=1,ket_qua_dich_vu=1", w, why, sizeof why), HL_OK);
	assert_int_equal(sipas_weights_parse("2,1,0.5", w, why, sizeof why), HL_OK); /* công chức, thủ tục, kết quả */
	assert_near(w[SIPAS_CONG_CHUC], 2, 0);
	assert_near(w[SIPAS_THU_TUC], 1, 0);
	assert_near(w[SIPAS_KET_QUA], 0.5, 0);
	assert_near(w[SIPAS_TIEP_CAN], 1, 0);
	assert_int_equal(sipas_weights_parse("ket_qua_dich_vu=3", w, why, sizeof why), HL_OK);
	assert_near(w[SIPAS_KET_QUA], 3, 0);
	assert_near(w[SIPAS_CONG_CHUC], 1, 0);
	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "1,1", "three numbers" },
		{ "1,1,1,1", "three numbers" },
		{ "cong_chuc=x", "a weight is a number from 0 to 100" },
		{ "cong_chuc=-1", "a weight is a number from 0 to 100" },
		{ "cong_chuc=1,cong_chuc=2", "cong_chuc is weighted twice" },
		{ "officer=1", "is not ELEMENT=WEIGHT" },
		{ "cong_chuc=0,thu_tuc_hanh_chinh=0,ket_qua_dich_vu=0", "weigh 0 together" },
		{ "", "a weight is a number" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		w[0] = 42;
		assert_int_equal(sipas_weights_parse(bad[i].text, w, why, sizeof why), HL_ERR_INVALID);
		assert_has(why, bad[i].why);
		assert_near(w[0], 42, 0); /* untouched */
	}
}

/* ---- failures and names -------------------------------------------------------------------------- */

/* ---- drill-downs --------------------------------------------------------------------------------- */

/* cb001's procedures at sct-bentre in July (as store_query_pair gives them: second codes alone):
 *   1.001234  20 ratings, officer 18 of 20 satisfied, procedure 18 of 20 → shown
 *   1.002000   4 ratings, 4 officer answers                         → "< 5" (the officer rule)
 *   2.000512  10 ratings, 10 officer answers, 3 procedure answers    → "< 5" (a question shown on 3)
 *   3.000001   8 ratings, 8 officer answers, no procedure answer     → shown, the procedure index null */
#define NDRILL_ROWS 4
static void drill_rows(struct rollup_row in[NDRILL_ROWS])
{
	in[0] = row(ROLLUP_OFFICER_PROCEDURE, "sct-bentre", "1.001234", 5, 20, 16, (int64_t[]){ 0, 1, 1, 6, 12 },
		    (int64_t[]){ 0, 0, 2, 8, 10 });
	in[0].c.reason[SURVEY_R_TRE_HEN] = 1;
	in[1] = row(ROLLUP_OFFICER_PROCEDURE, "sct-bentre", "1.002000", 5, 4, 4, (int64_t[]){ 0, 0, 0, 1, 3 }, NULL);
	in[1].c.reason[SURVEY_R_THAI_DO] = 1;
	in[2] = row(ROLLUP_OFFICER_PROCEDURE, "sct-bentre", "2.000512", 5, 10, 10, (int64_t[]){ 0, 0, 0, 5, 5 },
		    (int64_t[]){ 0, 0, 0, 1, 2 });
	in[3] = row(ROLLUP_OFFICER_PROCEDURE, "sct-bentre", "3.000001", 5, 8, 8, (int64_t[]){ 0, 0, 0, 0, 8 }, NULL);
}

static void test_drill_down_officer(void **state)
{
	struct rollup_row in[NDRILL_ROWS];
	struct report r = { .dim = ROLLUP_PROCEDURE, .days = { JULY_FROM, JULY_TO }, .site = "sct-bentre",
			    .officer = "cb001", .subject_name = VI_NAME, .generated = GENERATED, .utc_offset = VN_OFFSET,
			    .lang = I18N_EN };
	struct report_row *groups;
	int qs[SURVEY_Q_COUNT];

	(void)state;
	drill_rows(in);
	assert_int_equal(report_group(in, NDRILL_ROWS, &groups, &r.nrows, &r.total), HL_OK);
	assert_int_equal(r.nrows, 4);
	groups[0].name = PLAIN_NAME;
	groups[1].name = HOSTILE_NAME;
	r.rows = groups;
	assert_int_equal(report_subject_dim(&r), ROLLUP_OFFICER);
	assert_string_equal(report_subject(&r), "cb001");
	/* Both questions, the officer's first (it ranks). */
	assert_int_equal(report_questions(&r, qs), 2);
	assert_int_equal(qs[0], SURVEY_Q_OFFICER);
	assert_int_equal(qs[1], SURVEY_Q_PROCEDURE);
	assert_true(report_shown(&r, &groups[0]));
	assert_false(report_shown(&r, &groups[1]));
	assert_false(report_shown(&r, &groups[2]));
	assert_true(report_shown(&r, &groups[3]));
	assert_true(report_total_shown(&r, &r.total));
	/* The same rows outside a drill-down (a procedures report) show all. */
	struct report plain = r;
	plain.officer = NULL;
	for (size_t i = 0; i < r.nrows; i++)
		assert_true(report_shown(&plain, &groups[i]));
	assert_true(report_total_shown(&plain, &plain.total));

	/* The table names the subject; hidden rows show "< 5" only. */
	char *t = render(&r, REPORT_TABLE, NULL), rank[8];
	size_t line;
	assert_has(t, "Satisfaction per procedure of officer cb001 (" VI_NAME "), 2026-07-01 to 2026-07-31, site sct-bentre\n");
	assert_has(t, "officer index [CI]");
	assert_has(t, "procedure index [CI]");
	char *l = table_line(t, "sct-bentre", "1.002000", rank, &line);
	assert_has(l, "< 5");
	assert_lacks(l, "100.0");
	assert_string_equal(rank, "-");
	free(l);
	l = table_line(t, "sct-bentre", "2.000512", rank, &line);
	assert_has(l, "< 5");
	assert_lacks(l, "100.0");
	free(l);
	l = table_line(t, "sct-bentre", "1.001234", rank, &line);
	assert_has(l, "90.0");
	free(l);
	assert_has(t, "4 procedures, 42 ratings");
	free(t);

	/* CSV: the subject in a column of its own after the site, both questions' columns. */
	size_t len;
	t = render(&r, REPORT_CSV, &len);
	assert_crlf_only(t, len);
	struct sheet *sh = sheet_read(t, len);
	assert_int_equal(sh->nrows, 5);
	assert_string_equal(sh->cell[0][0], "site"); /* the reader drops the BOM */
	assert_string_equal(sh->cell[0][1], "officer");
	assert_string_equal(sh->cell[0][2], "procedure");
	assert_string_equal(sh->cell[0][3], "name");
	for (size_t k = 1; k < sh->nrows; k++) {
		assert_string_equal(sh->cell[k][0], "sct-bentre");
		assert_string_equal(sh->cell[k][1], "cb001");
		const char *code = sh->cell[k][2];
		const char *n = sheet_get(sh, k - 1, "officer_n");
		if (strcmp(code, "1.002000") == 0 || strcmp(code, "2.000512") == 0) {
			assert_string_equal(sheet_get(sh, k - 1, "ratings"), "< 5");
			assert_string_equal(n, "< 5");
			assert_string_equal(sheet_get(sh, k - 1, "officer_satisfaction"), "");
			assert_string_equal(sheet_get(sh, k - 1, "procedure_n"), "< 5");
			assert_string_equal(sheet_get(sh, k - 1, "THAI_DO"), "< 5");
		} else if (strcmp(code, "1.001234") == 0) {
			assert_string_equal(n, "20");
			assert_string_equal(sheet_get(sh, k - 1, "procedure_satisfaction"), "90.00");
			assert_string_equal(sheet_get(sh, k - 1, "TRE_HEN"), "1");
		} else {
			assert_string_equal(code, "3.000001");
			assert_string_equal(sheet_get(sh, k - 1, "procedure_n"), "0");
		}
	}
	/* The hostile name stays data. */
	for (size_t k = 1; k < sh->nrows; k++)
		if (strcmp(sh->cell[k][2], "1.002000") == 0)
			assert_string_equal(sh->cell[k][3], HOSTILE_NAME);
	sheet_free(sh);
	free(t);

	/* JSON: "officer" and its name at the top, each row's "procedure", "< 5" rows. */
	t = render(&r, REPORT_JSON, NULL);
	cJSON *root = cJSON_Parse(t);
	assert_non_null(root);
	assert_string_equal(str(root, "report"), "procedures");
	assert_string_equal(str(root, "officer"), "cb001");
	assert_string_equal(str(root, "officer_name"), VI_NAME);
	assert_has(str(root, "formula"), "drill-down");
	assert_int_equal((int)num(get(root, "total"), "ratings"), 42);
	const cJSON *rows = get(root, "rows");
	assert_int_equal(cJSON_GetArraySize(rows), 4);
	const cJSON *o = json_row(rows, "procedure", "sct-bentre", "1.002000");
	assert_string_equal(str(o, "ratings"), "< 5");
	assert_null(cJSON_GetObjectItemCaseSensitive(o, "questions"));
	assert_string_equal(str(get(o, "reasons"), "THAI_DO"), "< 5");
	o = json_row(rows, "procedure", "sct-bentre", "1.001234");
	assert_near(num(get(get(o, "questions"), "officer"), "satisfaction"), 90.0, 1e-9);
	assert_near(num(get(get(o, "questions"), "procedure"), "satisfaction"), 90.0, 1e-9);
	o = json_row(rows, "procedure", "sct-bentre", "3.000001");
	assert_true(cJSON_IsNull(get(get(get(o, "questions"), "procedure"), "satisfaction")));
	cJSON_Delete(root);
	free(t);

	/* HTML: the subject in the title, escaped; the cards and reasons of the whole. */
	t = render(&r, REPORT_HTML, NULL);
	assert_has(t, "theo thủ tục hành chính của công chức cb001 — " VI_NAME "</h1>");
	assert_lacks(t, "<script>alert");
	assert_has(t, "Số lượt đánh giá");
	free(t);

	/* An officer's drill-down over fewer than five answers in all: the whole is "< 5" too. */
	struct report small = r;
	small.rows = &groups[1];
	small.nrows = 1;
	small.total = groups[1].g;
	assert_false(report_total_shown(&small, &small.total));
	t = render(&small, REPORT_JSON, NULL);
	root = cJSON_Parse(t);
	assert_string_equal(str(get(root, "total"), "ratings"), "< 5");
	cJSON_Delete(root);
	free(t);
	t = render(&small, REPORT_TABLE, NULL);
	assert_has(t, "1 procedure, < 5 ratings");
	assert_lacks(t, "4 ratings");
	free(t);
	t = render(&small, REPORT_HTML, NULL);
	assert_lacks(t, "Số lượt đánh giá");
	assert_lacks(t, "Trễ hẹn");
	free(t);
	free(groups);
}

/* One procedure's counters: both questions, the procedure's first; no officer rule (a counter's
 * figure is no one officer's), so three ratings show. */
static void test_drill_down_procedure(void **state)
{
	struct rollup_row in[2] = {
		row(ROLLUP_PROCEDURE_COUNTER, "sct-bentre", "q01", 5, 3, 3, (int64_t[]){ 0, 0, 0, 1, 2 }, (int64_t[]){ 0, 0, 0, 0, 3 }),
		row(ROLLUP_PROCEDURE_COUNTER, "sxd", "q01", 5, 30, 20, (int64_t[]){ 0, 0, 10, 10, 10 }, NULL),
	};
	struct report r = { .dim = ROLLUP_COUNTER, .days = { JULY_FROM, JULY_TO }, .procedure = "1.001234",
			    .generated = GENERATED, .utc_offset = VN_OFFSET };
	struct report_row *groups;
	int qs[SURVEY_Q_COUNT];

	(void)state;
	assert_int_equal(report_group(in, 2, &groups, &r.nrows, &r.total), HL_OK);
	r.rows = groups;
	assert_int_equal(report_questions(&r, qs), 2);
	assert_int_equal(qs[0], SURVEY_Q_PROCEDURE);
	assert_true(report_shown(&r, &groups[0]));
	char *t = render(&r, REPORT_JSON, NULL);
	cJSON *root = cJSON_Parse(t);
	assert_string_equal(str(root, "procedure"), "1.001234");
	assert_true(cJSON_IsNull(get(root, "procedure_name")));
	assert_true(cJSON_IsNull(get(root, "site")));
	const cJSON *o = json_row(get(root, "rows"), "counter", "sct-bentre", "q01");
	assert_int_equal((int)num(o, "ratings"), 3);
	o = json_row(get(root, "rows"), "counter", "sxd", "q01");
	assert_int_equal((int)num(o, "ratings"), 30);
	cJSON_Delete(root);
	free(t);
	size_t len;
	t = render(&r, REPORT_CSV, &len);
	static const char head[] = "\xEF\xBB\xBFsite,procedure,counter,name,ratings,rate766,procedure_n,";
	if (strncmp(t, head, sizeof head - 1) != 0)
		fail_msg("CSV header: %.80s", t);
	free(t);
	free(groups);
}

/* ---- report_load's filter over a real store ------------------------------------------------------ */

static void save(struct store *s, const char *site, const char *counter, const char *officer,
		 const char *procedure, int count, int sat, int64_t t0)
{
	for (int i = 0; i < count; i++) {
		struct rating r = { .scale = 5, .clock_ok = true, .ts = t0 + i * 60 };
		size_t stored = 0;
		assert_int_equal(uuid_new(r.id), HL_OK);
		snprintf(r.site, sizeof r.site, "%s", site);
		snprintf(r.counter, sizeof r.counter, "%s", counter);
		snprintf(r.officer, sizeof r.officer, "%s", officer);
		snprintf(r.procedure, sizeof r.procedure, "%s", procedure);
		r.answers[SURVEY_Q_OFFICER] = i < sat ? 5 : 1;
		r.answers[SURVEY_Q_PROCEDURE] = 4;
		struct ingest_batch b = { .ratings = &r, .nratings = 1, .cap_ratings = 1 };
		assert_int_equal(store_save(s, &b, r.ts + 30, &stored), HL_OK);
		assert_int_equal(stored, 1);
	}
}

static void test_report_load_filter(void **state)
{
	struct store *s = NULL;
	char err[256];
	struct report_buffers *bufs = NULL;
	const int64_t july = (int64_t)JULY_FROM * 86400 - VN_OFFSET + 9 * 3600; /* 2026-07-01 09:00 local */

	(void)state;
	assert_int_equal(store_open(":memory:", VN_OFFSET, &s, err, sizeof err), HL_OK);
	struct store_officer off[] = { { "sct-bentre", { "cb001", VI_NAME } }, { "sxd", { "cb001", PLAIN_NAME } } };
	struct roster_entry proc[] = { { "1.001234", "Đăng ký kinh doanh" }, { "2.000512", "Cấp phép" } };
	assert_int_equal(store_roster_replace(s, off, 2, proc, 2), HL_OK);
	save(s, "sct-bentre", "q01", "cb001", "1.001234", 20, 18, july);
	save(s, "sct-bentre", "q02", "cb001", "2.000512", 6, 6, july + 8 * 86400);
	save(s, "sct-bentre", "q02", "cb002", "1.001234", 10, 5, july + 86400);
	save(s, "sxd", "q01", "cb001", "1.001234", 7, 7, july + 2 * 86400); /* another site's cb001 */
	save(s, "sct-bentre", "q03", "cb001", "", 2, 2, july + 3 * 86400);

	/* cb001 of sct-bentre: their procedures, each row the procedure alone, named. */
	struct report r = { .dim = ROLLUP_PROCEDURE, .days = { JULY_FROM, JULY_TO }, .site = "sct-bentre",
			    .officer = "cb001", .generated = GENERATED, .utc_offset = VN_OFFSET };
	assert_int_equal(report_load_pair_dim(&r), ROLLUP_OFFICER_PROCEDURE);
	assert_int_equal(report_load(s, &r, true, &bufs), HL_OK);
	assert_string_equal(r.subject_name, VI_NAME);
	assert_int_equal(r.nrows, 3);
	assert_string_equal(r.rows[0].code, "");
	assert_int_equal(r.rows[0].g.ratings, 2);
	assert_false(report_shown(&r, &r.rows[0]));
	assert_string_equal(r.rows[1].code, "1.001234");
	assert_string_equal(r.rows[1].name, "Đăng ký kinh doanh");
	assert_int_equal(r.rows[1].g.ratings, 20);
	assert_int_equal(r.rows[1].g.q[SURVEY_Q_OFFICER].satisfied, 18);
	assert_string_equal(r.rows[2].code, "2.000512");
	assert_int_equal(r.rows[2].g.ratings, 6);
	assert_int_equal(r.total.ratings, 28);
	/* The trend is cb001's, from the same pair dimension's day rows: 28 over July's weeks. */
	int64_t weekly = 0;
	for (size_t i = 0; i < r.nweeks; i++)
		weekly += r.weeks[i].g.ratings;
	assert_int_equal(weekly, 28);
	assert_true(r.nweeks >= 5);
	report_load_free(bufs);

	/* Their counters. */
	r.dim = ROLLUP_COUNTER;
	assert_int_equal(report_load(s, &r, false, &bufs), HL_OK);
	assert_int_equal(r.nrows, 3);
	assert_string_equal(r.rows[0].code, "q01");
	assert_int_equal(r.rows[0].g.ratings, 20);
	assert_null(r.rows[0].name);
	assert_string_equal(r.rows[1].code, "q02");
	assert_int_equal(r.rows[1].g.ratings, 6);
	assert_string_equal(r.rows[2].code, "q03");
	report_load_free(bufs);

	/* A procedure's counters over every site: sct-bentre's q01 (cb001) and q02 (cb002), sxd's q01. */
	struct report p = { .dim = ROLLUP_COUNTER, .days = { JULY_FROM, JULY_TO }, .procedure = "1.001234",
			    .generated = GENERATED, .utc_offset = VN_OFFSET };
	assert_int_equal(report_load_pair_dim(&p), ROLLUP_PROCEDURE_COUNTER);
	assert_int_equal(report_load(s, &p, true, &bufs), HL_OK);
	assert_string_equal(p.subject_name, "Đăng ký kinh doanh");
	assert_int_equal(p.nrows, 3);
	assert_string_equal(p.rows[0].site, "sct-bentre");
	assert_string_equal(p.rows[0].code, "q01");
	assert_int_equal(p.rows[0].g.ratings, 20);
	assert_string_equal(p.rows[1].code, "q02");
	assert_int_equal(p.rows[1].g.ratings, 10);
	assert_string_equal(p.rows[2].site, "sxd");
	assert_int_equal(p.rows[2].g.ratings, 7);
	assert_int_equal(p.total.ratings, 37);
	report_load_free(bufs);
	p.site = "sxd";
	assert_int_equal(report_load(s, &p, false, &bufs), HL_OK);
	assert_int_equal(p.nrows, 1);
	assert_int_equal(p.total.ratings, 7);
	report_load_free(bufs);

	/* Without a filter nothing changes: the officers report, no subject. */
	struct report o = { .dim = ROLLUP_OFFICER, .days = { JULY_FROM, JULY_TO }, .site = "sct-bentre",
			    .generated = GENERATED, .utc_offset = VN_OFFSET };
	assert_int_equal(report_load_pair_dim(&o), -1);
	assert_int_equal(report_load(s, &o, false, &bufs), HL_OK);
	assert_null(o.subject_name);
	assert_int_equal(o.nrows, 2);
	assert_int_equal(o.total.ratings, 38);
	report_load_free(bufs);

	/* Filters no roll-up keeps: refused before reading. */
	const struct report bad[] = {
		{ .dim = ROLLUP_PROCEDURE, .officer = "cb001" },                       /* no site */
		{ .dim = ROLLUP_OFFICER, .officer = "cb001", .site = "sct-bentre" },   /* officers of an officer */
		{ .dim = ROLLUP_SITE, .officer = "cb001", .site = "sct-bentre" },
		{ .dim = ROLLUP_PROCEDURE, .procedure = "1.001234" },
		{ .dim = ROLLUP_OFFICER, .procedure = "1.001234" },
		{ .dim = ROLLUP_COUNTER, .officer = "cb001", .procedure = "1.001234", .site = "sct-bentre" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct report x = bad[i];
		x.days = (struct period_range){ JULY_FROM, JULY_TO };
		assert_int_equal(report_load_pair_dim(&x), -2);
		assert_int_equal(report_load(s, &x, false, &bufs), HL_ERR_INVALID);
		assert_int_equal(x.nrows, 0);
		report_load_free(bufs);
	}
	store_close(s);
}

static void test_failing_output_is_reported(void **state)
{
	struct fixture *f = *state;
	static const enum report_format fmts[] = { REPORT_TABLE, REPORT_CSV, REPORT_JSON, REPORT_HTML };

	for (size_t i = 0; i < 4; i++) {
		FILE *out = fopen("/dev/full", "w");
		if (!out)
			skip();
		assert_int_equal(report_write(out, fmts[i], &f->r), HL_ERR_IO);
		fclose(out);
	}
}

static void test_names_parse_strictly(void **state)
{
	(void)state;
	assert_int_equal(report_format_parse("table"), REPORT_TABLE);
	assert_int_equal(report_format_parse("csv"), REPORT_CSV);
	assert_int_equal(report_format_parse("json"), REPORT_JSON);
	assert_int_equal(report_format_parse("html"), REPORT_HTML);
	assert_int_equal(report_format_parse("HTML"), -1);
	assert_int_equal(report_format_parse("xml"), -1);
	assert_int_equal(report_format_parse(""), -1);
	assert_int_equal(report_format_parse("csv "), -1);

	assert_int_equal(report_dim_parse("counters"), ROLLUP_COUNTER);
	assert_int_equal(report_dim_parse("officers"), ROLLUP_OFFICER);
	assert_int_equal(report_dim_parse("procedures"), ROLLUP_PROCEDURE);
	assert_int_equal(report_dim_parse("sites"), ROLLUP_SITE);
	assert_int_equal(report_dim_parse("Officers"), -1);
	assert_int_equal(report_dim_parse("staff"), -1);
	assert_int_equal(report_dim_parse(""), -1);
	for (int d = 0; d < ROLLUP_DIM_COUNT; d++)
		assert_int_equal(report_dim_parse(report_dim_name(d)), d);
	assert_string_equal(report_dim_column(ROLLUP_OFFICER), "officer");
	assert_string_equal(report_dim_column(ROLLUP_PROCEDURE), "procedure");
	assert_string_equal(report_dim_column(ROLLUP_COUNTER), "counter");
	assert_string_equal(report_dim_column(ROLLUP_SITE), "site");

	assert_int_equal(report_dim_question(ROLLUP_OFFICER), SURVEY_Q_OFFICER);
	assert_int_equal(report_dim_question(ROLLUP_PROCEDURE), SURVEY_Q_PROCEDURE);
	assert_int_equal(report_dim_question(ROLLUP_COUNTER), -1);
	assert_int_equal(report_dim_question(ROLLUP_SITE), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table_ranked_with_total, setup_officers, teardown_officers),
		cmocka_unit_test_setup_teardown(test_table_in_vietnamese, setup_officers, teardown_officers),
		cmocka_unit_test_setup_teardown(test_table_aligned_with_long_names, setup_officers, teardown_officers),
		cmocka_unit_test_setup_teardown(test_csv_for_spreadsheets, setup_officers, teardown_officers),
		cmocka_unit_test_setup_teardown(test_json_documented_keys, setup_officers, teardown_officers),
		cmocka_unit_test(test_json_counters_both_questions_and_null),
		cmocka_unit_test(test_json_sites_one_site_key),
		cmocka_unit_test_setup_teardown(test_html_self_contained_and_escaped, setup_officers, teardown_officers),
		cmocka_unit_test_setup_teardown(test_html_without_flags_says_so, setup_officers, teardown_officers),
		cmocka_unit_test_setup_teardown(test_weeks_start_on_monday, setup_officers, teardown_officers),
		cmocka_unit_test(test_sipas_csv),
		cmocka_unit_test(test_sipas_json),
		cmocka_unit_test(test_sipas_weights),
		cmocka_unit_test(test_result_question_shown),
		cmocka_unit_test_setup_teardown(test_failing_output_is_reported, setup_officers, teardown_officers),
		cmocka_unit_test(test_names_parse_strictly),
		cmocka_unit_test(test_drill_down_officer),
		cmocka_unit_test(test_drill_down_procedure),
		cmocka_unit_test(test_report_load_filter),
	};
	return cmocka_run_group_tests_name("test_report", tests, NULL, NULL);
}
