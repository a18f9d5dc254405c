/* SPDX-License-Identifier: MIT
 * report.h — what department heads and the province read, from summed roll-ups: satisfaction
 * indices per officer, procedure, counter or site (index.h), as an aligned table, CSV (UTF-8 with a
 * BOM so spreadsheets keep Vietnamese intact), stable JSON, or one self-contained HTML page with
 * inline SVG charts and the open complaint flags at the top. The SIPAS export is sipas.h's.
 * Pure: data comes in, text goes out to a FILE the caller owns; every name is escaped for its format.
 *
 * A report may be a drill-down: one officer's procedures or counters, or one procedure's counters,
 * from the pair roll-ups (rollup.h).
 *
 * Privacy (DESIGN §8): no report lists single ratings; an officer with fewer than REPORT_MIN_SHOWN
 * answers shows "< 5" instead of counts and indices, and so does every row of one officer's
 * drill-down, which is that officer's figure (report_shown). */
#ifndef HL_REPORT_H
#define HL_REPORT_H

#include "index.h"
#include "period.h"
#include "rollup.h"
#include "survey.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define REPORT_MIN_SHOWN 5

enum report_format { REPORT_TABLE, REPORT_CSV, REPORT_JSON, REPORT_HTML };

/* "table", "csv", "json", "html" → the format; -1 otherwise. */
int report_format_parse(const char *name);
/* "counters", "officers", "procedures", "sites" for a dimension, its singular, and back (-1). */
const char *report_dim_name(int dim);
const char *report_dim_column(int dim);
int report_dim_parse(const char *name);
/* The question a dimension's ranking uses: the officer question for officers, the procedure
 * question for procedures; -1 (both shown) for counters and sites. */
int report_dim_question(int dim);

/* One group: a site's officer, procedure or counter, or a whole site. */
struct report_row {
	char site[HL_CODE_MAX + 1];
	char code[HL_CODE_MAX + 1];
	const char *name; /* from the roster (a site row's: its site's name); NULL when unknown. Borrowed. */
	const char *site_name; /* the site's name from the roster; NULL when unknown. Borrowed. */
	struct index_group g;
};

/* An open (or acknowledged) complaint flag, for the top of the HTML page. Strings borrowed. */
struct report_flag {
	int64_t id;
	int kind, state, subject_type; /* enum flag_kind, flag_state, flag_subject */
	const char *site, *subject, *subject_name;
	const char *site_name; /* the site's roster name; NULL when unknown */
	const char *summary; /* in words, in Vietnamese, with names and reasons (flag_words.h) */
	int64_t opened;      /* Unix seconds; the page shows its local day, never the time */
};

/* One week's site-wide figures for the trend (monday: its first local day). */
struct report_week {
	int32_t monday;
	struct index_group g;
};

struct report {
	int dim;
	struct period_range days;
	bool all_time;
	const char *site;      /* NULL: all sites */
	const char *site_name; /* site's roster name (report_load sets it); NULL when unknown or no site */
	/* The subject of a drill-down, NULL when none: officer (with site; dim ROLLUP_PROCEDURE or
	 * ROLLUP_COUNTER) — that officer's procedures or counters; procedure (dim ROLLUP_COUNTER) — that
	 * procedure's counters. Not both. Then rows, total and weeks are the subject's only. */
	const char *officer, *procedure;
	/* A filter, NULL when none: the one officer (dim ROLLUP_OFFICER) or procedure (dim
	 * ROLLUP_PROCEDURE) to show, at every site of the report. Rows, total and weeks are its only; the
	 * report stays one of its dimension (not a drill-down). */
	const char *only;
	const char *subject_name; /* the subject's roster name (report_load sets it); NULL when unknown */
	int64_t generated;     /* Unix seconds */
	int utc_offset;        /* for showing times */
	int lang;              /* the table's language (enum i18n_lang; 0: Vietnamese); the HTML page is
				* Vietnamese, CSV and JSON machine-readable whatever it says */
	struct report_row *rows;   /* in (site, code) order */
	size_t nrows;
	struct index_group total;  /* everything in the report */
	const struct report_week *weeks;
	size_t nweeks;
	const struct report_flag *flags;
	size_t nflags;
	/* For the HTML charts (report_chart.h). target: the index to reach, in percent (1–100; 0: none)
	 * — bars below it are drawn in the warning colour. prev_rows: the same report over prev_days
	 * (period_previous of days), in (site, code) order, drawn beside each bar; none (NULL, 0) over
	 * all stored data. report_load sets prev_*, the caller target. */
	int target;
	struct period_range prev_days;
	const struct report_row *prev_rows;
	size_t nprev;
};

/* Groups roll-up rows (sorted by site, code, scale, as store_query gives them) into report rows,
 * summing scales. *rows is allocated (free it); names are left NULL. */
int report_group(const struct rollup_row *in, size_t n, struct report_row **rows, size_t *nrows,
		 struct index_group *total);
/* Sums day rows (any order) into weeks starting on Monday over r. *weeks is allocated. */
int report_weeks(const struct rollup_row *days, size_t n, struct period_range r, struct report_week **weeks,
		 size_t *nweeks);

/* The weeks a trend draws: w[*first .. *first + count). Over a period (all_time false) all n of
 * them; over all stored data from the first to the last with ratings (count 0 when none has). */
size_t report_weeks_span(const struct report_week *w, size_t n, bool all_time, size_t *first);

/* Writes the report. HL_ERR_IO when out fails, HL_ERR_NOMEM. */
int report_write(FILE *out, enum report_format fmt, const struct report *r);

/* ---- shared by the writers (report_text.c, report_html.c) and the SIPAS export (sipas.c) -------- */

struct cJSON;

/* Whether a row's counts may be shown (the officer privacy rule, REPORT_MIN_SHOWN): in the officers
 * report when the officer question has at least REPORT_MIN_SHOWN answers; in one officer's
 * drill-down (r->officer) when it has too, and no question the report shows (report_questions) has
 * 1 to REPORT_MIN_SHOWN - 1 answers; always otherwise. */
bool report_shown(const struct report *r, const struct report_row *row);
/* The row of the period before with row's site and code (r->prev_rows), or NULL: none there, or no
 * previous period loaded. */
const struct report_row *report_prev_row(const struct report *r, const struct report_row *row);
/* Whether a figure over r's rows (its total, a week of its trend) may be shown: always, but in one
 * officer's drill-down, where it is that officer's figure, by report_shown's rule. */
bool report_total_shown(const struct report *r, const struct index_group *g);
/* The dimension of r's drill-down subject (ROLLUP_OFFICER, ROLLUP_PROCEDURE) and its code; -1 and
 * NULL when r is no drill-down. */
int report_subject_dim(const struct report *r);
const char *report_subject(const struct report *r);
/* The report's period in words into buf, in lang: "01/07/2026 đến 31/07/2026" or "toàn bộ dữ
 * liệu" (Vietnamese), "2026-07-01 to 2026-07-31" or "all stored" (English). */
void report_period(const struct report *r, char *buf, size_t cap, int lang);
/* What a row is called for people, in lang: its roster name, else its code; a row of the sites
 * report, its site's name, else its site; a row without a code (ratings with no officer or no procedure) "(không rõ)",
 * "(unknown)". Borrowed (from row or static). */
const char *report_row_label(const struct report *r, const struct report_row *row, int lang);
/* A site for people into buf, and returned: "Sở Công Thương tỉnh Bến Tre (sct-bentre)" when it has
 * a name, else its code. */
const char *report_site_label(const char *site, const char *name, char *buf, size_t cap);
struct roster;
/* Puts the names of names' ROSTER_SITE list (store_roster_load) on rows: each row's site_name, and
 * with site_rows (rows of the sites report or the SIPAS export) its name too. names may be NULL
 * (nothing set); the names stay names's. */
void report_site_names(struct report_row *rows, size_t n, bool site_rows, const struct roster *names);
/* The questions a report shows into qs: its dimension's one (procedures: and the result question),
 * or all (counters, sites, and every drill-down: its subject's question first); returns how many.
 * The first is the ranking's. The result question, which terminals ask only where they are set to,
 * is shown only when r->total has answers to it (report_question_asked). */
int report_questions(const struct report *r, int qs[SURVEY_Q_COUNT]);
/* Whether r shows question q at all: always, but the result question only with answers. */
bool report_question_asked(const struct report *r, int q);
/* A question's index in a heading: "Hài lòng về công chức" … (vi), "officer index" … (en). */
const char *report_question_title(int q, bool vi);
/* v with one decimal into buf, "—" when NaN, with the decimal comma: the HTML page's numbers
 * (numfmt_num of numfmt.h in Vietnamese; a chart calls either). */
void report_num(char *buf, size_t cap, double v);
/* The rows' ranking (index_rank on the first of report_questions) as indexes into r->rows; NULL
 * when out of memory. Allocated: the caller frees it. */
size_t *report_order(const struct report *r);
/* A CSV text field, quoted as needed and protected against running as a formula. */
void report_csv_field(FILE *out, const char *s);
/* A CSV number field: "," then v with two decimals, nothing after the comma when NaN. */
void report_csv_num(FILE *out, double v);
/* o[key] = v rounded to two decimals, null when NaN. */
void report_json_num(struct cJSON *o, const char *key, double v);
/* Prints root as indented JSON and a newline to out, then deletes it (owned from here). HL_OK,
 * HL_ERR_IO when out fails, HL_ERR_NOMEM. */
int report_json_print(FILE *out, struct cJSON *root);

#endif
