/* SPDX-License-Identifier: MIT
 * dossier.h — the one-stop system's monthly dossier counts (hồ sơ) and the satisfaction criterion of
 * QĐ 766/QĐ-TTg estimated from them and the terminal's ratings. A dossiers file is UTF-8 CSV (RFC
 * 4180, first line the header) with the columns site,procedure,month,received,resolved,overdue,
 * complaints in any order, one row per site, procedure and month (YYYY-MM):
 *   received    dossiers received (tiếp nhận) in the month;
 *   resolved    dossiers resolved (đã giải quyết) in the month, whenever they were received;
 *   overdue     of the resolved, those resolved after their due date (quá hạn): at most resolved;
 *   complaints  of the resolved, those with a complaint or petition (phản ánh, kiến nghị) about their
 *               handling: at most resolved.
 * Received and resolved are not compared: a month may resolve what earlier months received.
 * The estimate, per group of dossiers and ratings over whole months:
 *   overdue %      = overdue ÷ resolved × 100
 *   complaint %    = complaints ÷ resolved × 100
 *   dissatisfied % = the terminal's ratings with a dissatisfied answer or a complaint reason ÷ all its
 *                    ratings × 100, that is 100 − the QĐ 766-style rate of index.h (not counted again)
 *   rate           = 100 − (overdue % + complaint % + dissatisfied %), kept within 0..100 and rounded
 *                    to 0.01
 *   points         = max when rate ≥ 90, else rate × max ÷ 90, rounded to 0.01.
 * The terminal's share stands in for the dossiers rated "không hài lòng" (ratings are anonymous and
 * carry no dossier number), and a dossier with a complaint whose citizen also rated it dissatisfied
 * counts twice: an estimate, on the low side. Pure: text in, rows and faults out; counts in, figures
 * out. No file, no clock, no SQLite. */
#ifndef HL_DOSSIER_H
#define HL_DOSSIER_H

#include "hl.h"
#include "i18n.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOSSIER_COUNT_MAX 10000000 /* a count of one site, procedure and month; more is a typing error */
#define DOSSIER_FILE_MAX (16 * 1024 * 1024) /* largest dossiers file read */
#define DOSSIER_FULL_RATE 90.0       /* a rate at or above it earns the full points */
#define DOSSIER_MAX_POINTS_DEFAULT 2.0 /* the criterion's points when the config does not say */
#define DOSSIER_MONTHS_MAX 64        /* months one sum can tell apart (a report spans at most a year) */

/* The columns, in the order the header names them in this project's files. */
enum dossier_col {
	DOSSIER_SITE,
	DOSSIER_PROCEDURE,
	DOSSIER_MONTH,
	DOSSIER_RECEIVED,
	DOSSIER_RESOLVED,
	DOSSIER_OVERDUE,
	DOSSIER_COMPLAINTS,
	DOSSIER_COLS
};
/* "site" … "complaints"; NULL out of range. */
const char *dossier_col_name(int col);
/* "site,procedure,month,received,resolved,overdue,complaints". */
extern const char dossier_header[];

struct dossier_counts {
	int64_t received, resolved, overdue, complaints;
};

/* One site's counts of one procedure in one month. Plain data. */
struct dossier_row {
	char site[HL_CODE_MAX + 1];      /* [a-z0-9-]{1,32} */
	char procedure[HL_CODE_MAX + 1]; /* [A-Za-z0-9._-]{1,32} */
	int32_t month;                   /* YYYYMM */
	struct dossier_counts c;
	size_t line; /* of the file it was read from; 0 when not read from one */
};

/* Whether c can be stored: every count 0..DOSSIER_COUNT_MAX, overdue and complaints at most
 * resolved. */
bool dossier_counts_valid(const struct dossier_counts *c);
/* Whether month is a YYYYMM of a real month (1970-01 … 9999-12). */
bool dossier_month_valid(int32_t month);

/* What a row must also satisfy beyond its own shape. Every member may be zero. */
struct dossier_rules {
	/* Whether the database knows the site / the procedure; NULL: every valid code is known. */
	bool (*site_known)(void *ud, const char *site);
	bool (*procedure_known)(void *ud, const char *procedure);
	void *ud;
	int32_t last_month; /* YYYYMM: a later month has not begun and is a fault; 0: no limit */
};

/* A fault of one column of a row; msg is borrowed for the call and names the column. */
typedef void (*dossier_fault_fn)(void *ud, int col, const char *msg);

/* Checks the seven fields of one row, given in enum dossier_col order (text, spaces around each
 * trimmed), into *out (line left 0): calls fn for each column at fault, with a message for people
 * that names the column and shows the value ("resolved '1.5' is not a whole number >= 0", "overdue
 * 7 is more than resolved 5 (…)", "site 'x' is not known …"). Returns how many faults there were;
 * 0 means *out is a row dossier_counts_valid accepts. */
size_t dossier_row_read(const char *const fields[DOSSIER_COLS], const struct dossier_rules *rules,
			struct dossier_row *out, dossier_fault_fn fn, void *ud);

/* ---- a whole file -------------------------------------------------------------------------------- */

struct dossier_fault {
	size_t line; /* 0: the file as a whole */
	char msg[320];
};

/* A file read: zero it, then dossier_sheet_read; free with dossier_sheet_free. Owns rows and faults. */
struct dossier_sheet {
	struct dossier_row *rows; /* valid rows, in file order */
	size_t nrows, caprows;
	struct dossier_fault *faults; /* the first DOSSIER_FAULTS_KEPT, in the order found */
	size_t nfaults, capfaults;
	size_t faults_total; /* faults found, kept or not */
	/* reading state */
	bool header_done;
	int col[DOSSIER_COLS]; /* the field of each column (from the header) */
	size_t ncols;
	const struct dossier_rules *rules;
};
#define DOSSIER_FAULTS_KEPT 10000

/* Reads text[0..len) (need not end in NUL) as a dossiers file with rules (may be NULL): every valid
 * row into sh->rows, every fault by line into sh->faults — the header (the seven columns, each once,
 * in any order, names trimmed and in any case), a row's number of fields, each column
 * (dossier_row_read), the CSV itself ("unterminated quote"), a (site, procedure, month) given twice
 * (a fault of the later line, naming the earlier), an empty file or one with no rows, a text larger
 * than DOSSIER_FILE_MAX. The file is clean when sh->faults_total is 0. Returns HL_OK, or
 * HL_ERR_NOMEM; faults are not a failure here. */
int dossier_sheet_read(struct dossier_sheet *sh, const char *text, size_t len, const struct dossier_rules *rules);
/* Sorts the kept faults by line (stable) and calls fn for the first max of them (0: all); returns
 * faults_total. */
typedef void (*dossier_sheet_fault_fn)(void *ud, size_t line, const char *msg);
size_t dossier_sheet_faults(struct dossier_sheet *sh, size_t max, dossier_sheet_fault_fn fn, void *ud);
/* Frees rows and faults (not sh); safe on a zeroed sheet. */
void dossier_sheet_free(struct dossier_sheet *sh);

/* ---- sums and the estimate --------------------------------------------------------------------- */

/* Counts of any number of rows, and which months of a period they came from. Zero it to start. */
struct dossier_sum {
	struct dossier_counts c;
	uint64_t months; /* bit i: the i-th month of the period had a row */
};
/* The number of months from YYYYMM from to YYYYMM to (to − from, so 0 for the same month). */
int dossier_month_index(int32_t from, int32_t to);
/* Adds c, which is of month index i (0 … DOSSIER_MONTHS_MAX − 1; another i adds counts only). */
void dossier_sum_add(struct dossier_sum *s, const struct dossier_counts *c, int i);
/* The months with data. */
int dossier_sum_months(const struct dossier_sum *s);

/* The estimate of one group. Percentages 0..100; NAN where the data is missing (see each). */
struct dossier_estimate {
	double overdue_pct;      /* NAN when no dossier data or nothing resolved */
	double complaint_pct;    /* likewise */
	double dissatisfied_pct; /* NAN when no ratings */
	double rate;             /* NAN when either side is NAN */
	double points;           /* NAN when rate is */
};
/* The estimate for dossier counts c (NULL: no dossier data in the period) beside ratings terminal
 * ratings whose QĐ 766-style rate (index.h) is rate766 (NAN or ratings 0: no ratings), with max
 * points for the criterion. */
void dossier_estimate(const struct dossier_counts *c, int64_t ratings, double rate766, double max_points,
		      struct dossier_estimate *out);
/* The points a rate earns: max_points at DOSSIER_FULL_RATE or more, else rate × max ÷ 90; rounded to
 * 0.01; NAN for NAN. */
double dossier_points(double rate, double max_points);
/* v rounded half away from zero to 0.01 (NAN stays NAN). */
double dossier_round2(double v);
/* Parses a number of points: a decimal number (digits, at most one '.'), greater than 0 and at most
 * 100. HL_ERR_INVALID otherwise. */
int dossier_max_points_parse(const char *text, double *out);
/* The formula in words for people, in lang (I18N_VI or I18N_EN), with the notes that make it an
 * estimate. Static. */
const char *dossier_formula(int lang);

#endif
