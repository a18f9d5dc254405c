/* SPDX-License-Identifier: MIT
 * dossier.c — reading the one-stop system's dossier counts the way a person fixing the file needs
 * it read (every fault noted with its line and column, and the reading goes on), and the QĐ 766
 * estimate from them (dossier.h). Counts are checked for what a spreadsheet gets wrong: a thousands
 * separator ("1.250" is one thousand two hundred and fifty to a Vietnamese reader, and 1.25 to a
 * program), a minus sign, a decimal, an empty cell. It owns the rows and faults of a sheet and
 * nothing else: which sites and procedures are known is the caller's to say (dossier_rules), and
 * storing the rows is the store's. */
#include "dossier.h"

#include "csv.h"
#include "period.h"
#include "text.h"
#include "topic.h"
#include "wire.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const dossier_cols[DOSSIER_COLS] = { "site",     "procedure", "month",     "received",
							"resolved", "overdue",   "complaints" };
const char dossier_header[] = "site,procedure,month,received,resolved,overdue,complaints";

const char *dossier_col_name(int col)
{
	return col >= 0 && col < DOSSIER_COLS ? dossier_cols[col] : NULL;
}

bool dossier_counts_valid(const struct dossier_counts *c)
{
	const int64_t v[4] = { c->received, c->resolved, c->overdue, c->complaints };

	for (int i = 0; i < 4; i++)
		if (v[i] < 0 || v[i] > DOSSIER_COUNT_MAX)
			return false;
	return c->overdue <= c->resolved && c->complaints <= c->resolved;
}

bool dossier_month_valid(int32_t month)
{
	return month / 100 >= 1970 && month / 100 <= 9999 && month % 100 >= 1 && month % 100 <= 12;
}

/* ---- one row ------------------------------------------------------------------------------------ */

/* A field as it can be shown in a message (controls and bidi characters escaped, long texts cut). */
static const char *shown(const char *text, char *buf, size_t cap)
{
	return text_shown(text, 40, buf, cap);
}

static void row_fault(dossier_fault_fn fn, void *ud, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void row_fault(dossier_fault_fn fn, void *ud, int col, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fn(ud, col, msg);
}

/* A count: digits only, at most DOSSIER_COUNT_MAX. False after the fault. */
static bool read_count(const char *text, int col, int64_t *out, dossier_fault_fn fn, void *ud)
{
	const char *name = dossier_cols[col];
	char b[200];
	int64_t v = 0;
	bool digits = text[0] != '\0', separators = false;

	for (const char *p = text; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (v <= DOSSIER_COUNT_MAX)
				v = v * 10 + (*p - '0');
		} else {
			/* "1.250", "1,250", "1 250": a number with a thousands separator. */
			separators |= (*p == '.' || *p == ',' || *p == ' ') && p != text && p[1] >= '0' && p[1] <= '9';
			digits = false;
		}
	}
	if (!text[0]) {
		row_fault(fn, ud, col, "%s is empty; write 0 when there were none", name);
		return false;
	}
	if (!digits) {
		row_fault(fn, ud, col, "%s '%s' is not a whole number >= 0%s", name, shown(text, b, sizeof b),
			  separators ? " (write it without a thousands separator, e.g. 1250)" : "");
		return false;
	}
	if (v > DOSSIER_COUNT_MAX) {
		row_fault(fn, ud, col, "%s %s is more than %d (one procedure of one site in one month)", name,
			  shown(text, b, sizeof b), DOSSIER_COUNT_MAX);
		return false;
	}
	*out = v;
	return true;
}

static bool read_month(const char *text, const struct dossier_rules *rules, int32_t *out, dossier_fault_fn fn,
		       void *ud)
{
	struct period_range r;
	char b[200], why[160];

	if (strlen(text) != 7 || text[4] != '-' || period_parse(text, &r) != HL_OK) {
		period_why(text, PERIOD_MONTH, why, sizeof why);
		row_fault(fn, ud, DOSSIER_MONTH, "month '%s' is not a month YYYY-MM: %s", shown(text, b, sizeof b),
			  why[0] ? why : "write it as 2026-11");
		return false;
	}
	*out = period_month_of_day(r.from);
	if (rules && rules->last_month && *out > rules->last_month) {
		row_fault(fn, ud, DOSSIER_MONTH, "month %s has not begun (this is %04d-%02d)", text,
			  (int)(rules->last_month / 100), (int)(rules->last_month % 100));
		return false;
	}
	return true;
}

size_t dossier_row_read(const char *const fields[DOSSIER_COLS], const struct dossier_rules *rules,
			struct dossier_row *out, dossier_fault_fn fn, void *ud)
{
	const char *site = fields[DOSSIER_SITE], *proc = fields[DOSSIER_PROCEDURE];
	char b[200];
	size_t faults = 0;
	int64_t *counts[4] = { &out->c.received, &out->c.resolved, &out->c.overdue, &out->c.complaints };

	memset(out, 0, sizeof *out);
	if (!site[0]) {
		row_fault(fn, ud, DOSSIER_SITE, "site is empty");
		faults++;
	} else if (!topic_id_valid(site)) {
		row_fault(fn, ud, DOSSIER_SITE, "site '%s' must match [a-z0-9-]{1,32}", shown(site, b, sizeof b));
		faults++;
	} else if (rules && rules->site_known && !rules->site_known(rules->ud, site)) {
		row_fault(fn, ud, DOSSIER_SITE,
			  "site '%s' is not known: the database has no ratings and no roster for it (check the code, "
			  "or import the roster first)", site);
		faults++;
	} else {
		snprintf(out->site, sizeof out->site, "%s", site);
	}
	if (!proc[0]) {
		row_fault(fn, ud, DOSSIER_PROCEDURE, "procedure is empty");
		faults++;
	} else if (!wire_code_valid(proc)) {
		row_fault(fn, ud, DOSSIER_PROCEDURE, "procedure '%s' must match [A-Za-z0-9._-]{1,32}",
			  shown(proc, b, sizeof b));
		faults++;
	} else if (rules && rules->procedure_known && !rules->procedure_known(rules->ud, proc)) {
		row_fault(fn, ud, DOSSIER_PROCEDURE,
			  "procedure '%s' is not one of the roster's procedures (add it to the procedures file and "
			  "import the roster again, or leave its rows out)", proc);
		faults++;
	} else {
		snprintf(out->procedure, sizeof out->procedure, "%s", proc);
	}
	faults += !read_month(fields[DOSSIER_MONTH], rules, &out->month, fn, ud);
	bool counted = true;
	for (int i = 0; i < 4; i++)
		if (!read_count(fields[DOSSIER_RECEIVED + i], DOSSIER_RECEIVED + i, counts[i], fn, ud)) {
			faults++;
			counted = false;
		}
	/* What the one-stop system's figures mean: overdue and complaints are among the resolved. */
	if (counted && out->c.overdue > out->c.resolved) {
		row_fault(fn, ud, DOSSIER_OVERDUE,
			  "overdue %lld is more than resolved %lld (overdue counts the resolved dossiers that were "
			  "resolved late)", (long long)out->c.overdue, (long long)out->c.resolved);
		faults++;
	}
	if (counted && out->c.complaints > out->c.resolved) {
		row_fault(fn, ud, DOSSIER_COMPLAINTS,
			  "complaints %lld is more than resolved %lld (complaints counts the resolved dossiers with a "
			  "complaint or petition)", (long long)out->c.complaints, (long long)out->c.resolved);
		faults++;
	}
	return faults;
}

/* ---- a whole file ------------------------------------------------------------------------------- */

static void sheet_fault(struct dossier_sheet *sh, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void sheet_fault(struct dossier_sheet *sh, size_t line, const char *fmt, ...)
{
	va_list ap;

	sh->faults_total++;
	if (sh->nfaults == DOSSIER_FAULTS_KEPT ||
	    hl_grow((void **)&sh->faults, &sh->capfaults, sh->nfaults + 1, sizeof *sh->faults) != HL_OK)
		return;
	struct dossier_fault *f = &sh->faults[sh->nfaults++];
	f->line = line;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
}

/* A copy of text without the ASCII spaces around it into buf (cap bytes; cut when longer). */
static void trim_into(const char *text, char *buf, size_t cap)
{
	size_t n;

	while (*text == ' ')
		text++;
	n = strlen(text);
	while (n && text[n - 1] == ' ')
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(buf, text, n);
	buf[n] = '\0';
}

/* Reads the header into sh->col. False after noting the fault (the file is then not read on). */
static bool sheet_header(struct dossier_sheet *sh, const struct csv_record *rec)
{
	char name[200], why[200] = "", hdr[300] = "", b[400];
	unsigned seen = 0;
	size_t n = 0;

	for (int c = 0; c < DOSSIER_COLS; c++)
		sh->col[c] = -1;
	sh->ncols = rec->nfields;
	for (size_t i = 0; i < rec->nfields; i++) {
		int c = -1;
		trim_into(rec->fields[i], name, sizeof name);
		n += (size_t)snprintf(hdr + n, n < sizeof hdr ? sizeof hdr - n : 0, "%s%s", i ? "," : "", name);
		if (n >= sizeof hdr)
			n = sizeof hdr - 1;
		for (int k = 0; k < DOSSIER_COLS && c < 0; k++)
			if (strcasecmp(name, dossier_cols[k]) == 0)
				c = k;
		if (c < 0 && !why[0])
			snprintf(why, sizeof why, ": column '%s' is not one of them", shown(name, b, sizeof b));
		else if (c >= 0 && (seen & 1u << c) && !why[0])
			snprintf(why, sizeof why, ": '%s' is given twice", dossier_cols[c]);
		else if (c >= 0)
			sh->col[c] = (int)i;
		if (c >= 0)
			seen |= 1u << c;
	}
	for (int c = 0; c < DOSSIER_COLS && !why[0]; c++)
		if (!(seen & 1u << c))
			snprintf(why, sizeof why, ": '%s' is missing", dossier_cols[c]);
	if (!why[0])
		return true;
	sheet_fault(sh, rec->line, "the header must be '%s' (in any order), not '%s'%s", dossier_header,
		    shown(hdr, b, sizeof b), why);
	return false;
}

struct row_ctx {
	struct dossier_sheet *sh;
	size_t line;
};

static void row_fault_noted(void *ud, int col, const char *msg)
{
	struct row_ctx *k = ud;

	(void)col;
	sheet_fault(k->sh, k->line, "%s", msg);
}

enum { SHEET_STOP = 1000 }; /* a callback's "stop reading": the fault is already noted */

static int sheet_record(void *ud, const struct csv_record *rec)
{
	struct dossier_sheet *sh = ud;
	char text[DOSSIER_COLS][200];
	const char *fields[DOSSIER_COLS];
	struct dossier_row row;
	struct row_ctx k = { sh, rec->line };

	if (!sh->header_done) {
		sh->header_done = true;
		return sheet_header(sh, rec) ? 0 : SHEET_STOP;
	}
	if (rec->nfields != sh->ncols) {
		sheet_fault(sh, rec->line, "%zu field%s, expected %zu (%s)", rec->nfields, rec->nfields == 1 ? "" : "s",
			    sh->ncols, dossier_header);
		return 0;
	}
	for (int c = 0; c < DOSSIER_COLS; c++) {
		trim_into(rec->fields[sh->col[c]], text[c], sizeof text[c]);
		fields[c] = text[c];
	}
	if (dossier_row_read(fields, sh->rules, &row, row_fault_noted, &k) != 0)
		return 0;
	row.line = rec->line;
	if (hl_grow((void **)&sh->rows, &sh->caprows, sh->nrows + 1, sizeof *sh->rows) != HL_OK)
		return HL_ERR_NOMEM;
	sh->rows[sh->nrows++] = row;
	return 0;
}

/* The rows' order for finding repeats: site, procedure, month, then line. */
static int row_key_cmp(const void *a, const void *b)
{
	const struct dossier_row *x = *(const struct dossier_row *const *)a, *y = *(const struct dossier_row *const *)b;
	int c = strcmp(x->site, y->site);

	if (!c)
		c = strcmp(x->procedure, y->procedure);
	if (!c)
		c = (x->month > y->month) - (x->month < y->month);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

int dossier_sheet_read(struct dossier_sheet *sh, const char *text, size_t len, const struct dossier_rules *rules)
{
	struct csv_error err;
	int rc;

	sh->rules = rules;
	if (len > DOSSIER_FILE_MAX) {
		sheet_fault(sh, 0, "larger than %d MiB; is this a dossiers file?", DOSSIER_FILE_MAX >> 20);
		return HL_OK;
	}
	rc = csv_read(text, len, sheet_record, sh, &err);
	if (rc == HL_ERR_NOMEM)
		return rc;
	if (rc == HL_ERR_INVALID)
		sheet_fault(sh, err.line, "%s", err.msg);
	if (rc == SHEET_STOP)
		return HL_OK;
	if (!sh->header_done) {
		sheet_fault(sh, 0, "the file is empty; its first line must be the header '%s'", dossier_header);
		return HL_OK;
	}
	if (sh->nrows == 0 && sh->faults_total == 0) {
		sheet_fault(sh, 0, "no rows after the header: nothing to import");
		return HL_OK;
	}
	/* The same site, procedure and month twice is a fault of the later line. */
	const struct dossier_row **by_key = malloc((sh->nrows ? sh->nrows : 1) * sizeof *by_key);
	if (!by_key)
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < sh->nrows; i++)
		by_key[i] = &sh->rows[i];
	qsort(by_key, sh->nrows, sizeof *by_key, row_key_cmp);
	for (size_t i = 1, first = 0; i < sh->nrows; i++) {
		const struct dossier_row *a = by_key[first], *b = by_key[i];
		if (strcmp(a->site, b->site) || strcmp(a->procedure, b->procedure) || a->month != b->month) {
			first = i;
			continue;
		}
		sheet_fault(sh, b->line, "site %s, procedure %s, month %04d-%02d is also on line %zu", b->site,
			    b->procedure, (int)(b->month / 100), (int)(b->month % 100), a->line);
	}
	free(by_key);
	return HL_OK;
}

size_t dossier_sheet_faults(struct dossier_sheet *sh, size_t max, dossier_sheet_fault_fn fn, void *ud)
{
	/* Insertion order is finding order; a stable sort by line keeps a line's faults in column order. */
	for (size_t i = 1; i < sh->nfaults; i++) {
		struct dossier_fault f = sh->faults[i];
		size_t j = i;
		while (j > 0 && sh->faults[j - 1].line > f.line) {
			sh->faults[j] = sh->faults[j - 1];
			j--;
		}
		sh->faults[j] = f;
	}
	for (size_t i = 0; i < sh->nfaults && (max == 0 || i < max); i++)
		fn(ud, sh->faults[i].line, sh->faults[i].msg);
	return sh->faults_total;
}

void dossier_sheet_free(struct dossier_sheet *sh)
{
	free(sh->rows);
	free(sh->faults);
	sh->rows = NULL;
	sh->faults = NULL;
	sh->nrows = sh->caprows = sh->nfaults = sh->capfaults = 0;
}

/* ---- sums and the estimate ---------------------------------------------------------------------- */

int dossier_month_index(int32_t from, int32_t to)
{
	return (int)((to / 100 - from / 100) * 12 + (to % 100 - from % 100));
}

void dossier_sum_add(struct dossier_sum *s, const struct dossier_counts *c, int i)
{
	s->c.received += c->received;
	s->c.resolved += c->resolved;
	s->c.overdue += c->overdue;
	s->c.complaints += c->complaints;
	if (i >= 0 && i < DOSSIER_MONTHS_MAX)
		s->months |= UINT64_C(1) << i;
}

int dossier_sum_months(const struct dossier_sum *s)
{
	return __builtin_popcountll(s->months);
}

double dossier_round2(double v)
{
	return isnan(v) ? v : round(v * 100.0) / 100.0;
}

double dossier_points(double rate, double max_points)
{
	if (isnan(rate))
		return NAN;
	return dossier_round2(rate >= DOSSIER_FULL_RATE ? max_points : rate * max_points / DOSSIER_FULL_RATE);
}

void dossier_estimate(const struct dossier_counts *c, int64_t ratings, double rate766, double max_points,
		      struct dossier_estimate *out)
{
	bool resolved = c && c->resolved > 0;

	out->overdue_pct = resolved ? 100.0 * (double)c->overdue / (double)c->resolved : NAN;
	out->complaint_pct = resolved ? 100.0 * (double)c->complaints / (double)c->resolved : NAN;
	/* The terminal's share is the complement of its QĐ 766-style rate (index.c), not counted again. */
	out->dissatisfied_pct = ratings > 0 && !isnan(rate766) ? 100.0 - rate766 : NAN;
	double rate = 100.0 - (out->overdue_pct + out->complaint_pct + out->dissatisfied_pct);
	if (!isnan(rate))
		rate = rate < 0 ? 0 : rate > 100 ? 100 : rate;
	/* Rounded first, so that the points agree with the rate as printed (89.996 % is 90.00 %). */
	out->rate = dossier_round2(rate);
	out->points = dossier_points(out->rate, max_points);
}

int dossier_max_points_parse(const char *text, double *out)
{
	int dots = 0, digits = 0;

	for (const char *p = text; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p >= '0' && *p <= '9')
			digits++;
		else
			return HL_ERR_INVALID;
	}
	if (!digits || dots > 1 || strlen(text) > 12)
		return HL_ERR_INVALID;
	double v = strtod(text, NULL);
	if (!(v > 0) || v > 100)
		return HL_ERR_INVALID;
	*out = v;
	return HL_OK;
}

const char *dossier_formula(int lang)
{
	if (lang == I18N_VI)
		return "Tỷ lệ (ước tính) = 100 % − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có phản ánh, kiến nghị + tỷ lệ "
		       "lượt đánh giá không hài lòng). Tỷ lệ hồ sơ quá hạn = số hồ sơ giải quyết quá hạn ÷ số hồ sơ đã "
		       "giải quyết × 100; tỷ lệ hồ sơ có phản ánh, kiến nghị = số hồ sơ có phản ánh, kiến nghị ÷ số hồ "
		       "sơ đã giải quyết × 100 (số liệu của Hệ thống thông tin giải quyết thủ tục hành chính); tỷ lệ "
		       "lượt đánh giá không hài lòng = số lượt đánh giá tại thiết bị có câu trả lời không hài lòng hoặc "
		       "có lý do phản ánh ÷ tổng số lượt đánh giá × 100 (= 100 % − tỷ lệ QĐ 766 của thiết bị). Tỷ lệ "
		       "giữ trong 0–100 % và làm tròn đến 0,01. Điểm = điểm tối đa khi tỷ lệ ≥ 90 %, nếu không thì = "
		       "tỷ lệ × điểm tối đa ÷ 90 %. Là ước tính: lượt đánh giá không gắn với số hồ sơ, nên tỷ lệ lượt "
		       "không hài lòng được dùng thay cho tỷ lệ hồ sơ bị đánh giá không hài lòng, và một hồ sơ vừa có "
		       "phản ánh vừa bị đánh giá không hài lòng được tính hai lần (ước tính thấp).";
	return "estimated rate = 100% - (overdue% + complaint% + dissatisfied%); overdue% = overdue / resolved x 100 "
	       "and complaint% = complaints / resolved x 100 (the one-stop system's dossiers); dissatisfied% = the "
	       "terminal's ratings with a dissatisfied answer or a complaint reason / all its ratings x 100 (= 100 - "
	       "its rate766); the rate is kept within 0..100 and rounded to 0.01; points = max if rate >= 90, else "
	       "rate x max / 90. An estimate: ratings carry no dossier number, so the share of dissatisfied ratings "
	       "stands for the share of dossiers rated dissatisfied, and a dossier with both a complaint and a "
	       "dissatisfied rating counts twice (on the low side).";
}
