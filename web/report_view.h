/* SPDX-License-Identifier: MIT
 * report_view.h — what the report pages share (Tổng quan, Báo cáo, Xuất dữ liệu's print view): the
 * query they take (period or all stored, site, question, sorting, an officer or procedure filter)
 * checked once with the answer for a bad value, a report for a site and period loaded through
 * report_load together with the period before it and the weekly trend (the site's, one officer's
 * or procedure's from their day roll-ups, or a drill-down's from its pair roll-ups, through
 * report_weeks), and the report table written through html.h with the privacy rules of report.h
 * (report_shown: "< 5"; n < INDEX_MIN_RANK not ranked). No SQL and no figure of its own: every
 * number comes from report.h/index.h. report_view.c loads; report_table.c writes the table and the
 * trend. */
#ifndef HL_REPORT_VIEW_H
#define HL_REPORT_VIEW_H

#include "layout.h"
#include "report.h"
#include "report_load.h"
#include "web.h"

#include <stdbool.h>
#include <stddef.h>

/* The URL segment of a dimension ("quay", "can-bo", "thu-tuc", "don-vi") and back (-1). */
const char *report_view_slug(int dim);
int report_view_slug_parse(const char *slug);
/* A dimension's name for people: "Cán bộ" / "Officers" …; singular: "cán bộ" / "officer" …. */
const char *report_view_dim_label(const struct web_ctx *c, int dim);
const char *report_view_dim_one(const struct web_ctx *c, int dim);
/* A question's name for people ("Thái độ, hướng dẫn của công chức" …), and in a word or two
 * ("Công chức" …) for narrow tables. */
const char *report_view_question_label(const struct web_ctx *c, int q);
const char *report_view_question_short(const struct web_ctx *c, int q);

/* v (a percentage) with one decimal in the context's language ("92,3" in Vietnamese, "92.3" in
 * English), "—" when NaN, into out (cap bytes). */
void report_view_pct(const struct web_ctx *c, double v, char *out, size_t cap);

enum report_view_sort { RV_SORT_RANK, RV_SORT_INDEX, RV_SORT_N, RV_SORT_NAME };

/* What a report page was asked. Strings are borrowed from the request. */
struct report_view_query {
	struct layout_period period; /* kind "all" and no prev when all_time */
	bool all_time;               /* all=1 or kind=all (the download routes only) */
	const char *site;            /* NULL: every site the user may see (admin, province) */
	int q;                       /* the question shown and ranked (enum survey_question) */
	int sort;                    /* enum report_view_sort; "low" and the default are RV_SORT_RANK */
	bool desc;                   /* dir=desc (the default but for names) */
	const char *officer, *procedure; /* the filters; NULL when not given */
};

/* Parses and checks rq's query for a report of dimension dim: the period (layout_period, or all=1
 * when allow_all), site (layout_site: 400 for a malformed code, 403 for a site the user may not
 * see), officer and procedure (codes; an officer user's officer is their own code unless the query
 * names another, which the page then refuses), q (officer|procedure; for officers and procedures
 * only their own question, but both in a drill-down — report_view_drill_dim — whose default is its
 * subject's), sort (index|n|name|low), dir (asc|desc). Which filters go with dim is the page's to
 * check. Returns 0, or the status of the answer (web_fail) already written into rs. */
int report_view_query(struct web_ctx *c, const struct http_request *rq, struct http_response *rs, int dim,
		      bool allow_all, struct report_view_query *out);
/* The period part of the query ("month=2026-11", "from=…&to=…", "all=1") appended to b,
 * URL-encoded, '&' between pairs (escape the whole with html_attr when it goes into an href). */
void report_view_period_query(struct buf *b, const struct report_view_query *q);
/* The previous period in words ("Tháng 10/2026") into out; "" when all stored. */
void report_view_prev_label(const struct web_ctx *c, const struct report_view_query *q, char *out, size_t cap);

/* A report, the period before it and a trend. */
struct report_view {
	struct report r;    /* the period's (site, days, dim as asked) */
	struct report prev; /* the period before; nrows 0 when not loaded or all stored */
	struct report_buffers *bufs, *prev_bufs;
	size_t *prev_sorted;          /* prev.rows' indexes in (site, code) order, for report_view_prev */
	struct report_week *weeks;    /* the trend (report_view_trend_load); NULL until loaded */
	size_t nweeks;
	bool trend_officer;           /* the trend is one officer's: weeks under 5 answers are hidden */
};

/* Whether q asks a report of dimension dim for a drill-down: an officer's procedures or counters
 * (returns ROLLUP_OFFICER), a procedure's counters (ROLLUP_PROCEDURE), with *subject its code;
 * else -1 and NULL (also when q names both an officer and a procedure). */
int report_view_drill_dim(int dim, const struct report_view_query *q, const char **subject);
/* Loads dimension dim for q's period and site (and with_prev, the period before) through
 * report_load, generated = c->now. HL_ERR_* (store_errmsg says why); v is to be freed either way.
 * report_view_load ignores q's officer and procedure; report_view_load_drill narrows both periods
 * to the drill-down of officer or procedure (struct report's filter: HL_ERR_INVALID for one dim
 * cannot take). */
int report_view_load(struct web_ctx *c, struct report_view *v, int dim, const struct report_view_query *q,
		     bool with_prev);
int report_view_load_drill(struct web_ctx *c, struct report_view *v, int dim, const struct report_view_query *q,
			   const char *officer, const char *procedure, bool with_prev);
/* Loads the weekly trend over the report's period (all stored: the last 26 weeks): the site's (or
 * every site's) when code is NULL, else that officer's or procedure's (dim ROLLUP_OFFICER or
 * ROLLUP_PROCEDURE), summed from the day roll-ups by report_weeks. For a drill-down (v loaded by
 * report_view_load_drill with a subject) the subject's, from the same pair dimension's day rows
 * (code NULL), or one row's (code: the procedure or counter). */
int report_view_trend_load(struct web_ctx *c, struct report_view *v, int dim, const char *code);
void report_view_free(struct report_view *v); /* safe on a zeroed view */

/* The row of (site, code) in r, or NULL. */
const struct report_row *report_view_find(const struct report *r, const char *site, const char *code);
/* The previous period's row for row, or NULL. */
const struct report_row *report_view_prev(const struct report_view *v, const struct report_row *row);

/* How a table is written. */
struct report_view_table {
	const char *id;        /* the <table> id ("report") */
	const char *only_code; /* only rows of this code (an officer's own row), NULL: all */
	bool rank;             /* the rank column */
	bool links;            /* drill-down links and index bars (not in print) */
	bool print;            /* the print view: the narrowest set of columns */
};
/* The table of v's rows per q (question, sorting) with the previous period beside each figure and
 * the target line (conf->target_percent: rows below it get class below-target). Officers with fewer
 * than 5 answers show "< 5" only; groups with n < 30 are marked too small to rank. */
void report_view_table(struct web_ctx *c, struct buf *b, const struct report_view *v,
		       const struct report_view_query *q, const struct report_view_table *t);
/* One group's index for question qn as HTML: "92,3 % (88,1–95,2)" and under it "n = 140"; "< 5"
 * when not shown, "—" without answers. */
void report_view_index_html(const struct web_ctx *c, struct buf *b, const struct index_group *g, int qn,
			    bool shown);
/* The index bar (svg.h) of one figure with the target line. */
void report_view_bar(struct web_ctx *c, struct buf *b, const struct index_q *x);
/* The trend (svg.h) of the loaded weeks for question qn, with a note on what it covers; nothing
 * when no trend is loaded. */
void report_view_trend(struct web_ctx *c, struct buf *b, const struct report_view *v, int qn);
/* A <select name="site"> of the sites the user may see (the roster's sites and v's rows' for admin
 * and province, with "every site" when allow_all; a head's own), selected preselected. */
void report_view_site_select(struct web_ctx *c, struct buf *b, const struct report_view *v, const char *selected,
			     bool allow_all);

#endif
