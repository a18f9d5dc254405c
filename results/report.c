/* SPDX-License-Identifier: MIT
 * report.c — one data model, four writers. This file holds the model's names, the grouping, the
 * pieces every writer shares and report_write; the table, CSV and JSON writers are
 * in report_text.c, the HTML page in report_html.c. JSON goes through cJSON, CSV and HTML through
 * the escapers (report_csv_field below, html in report_html.c); nothing from the database reaches the
 * output unescaped. Numbers that cannot be computed (no answers) are "—" in tables and HTML, empty in
 * CSV and null in JSON. */
#include "report.h"

#include "csv.h"
#include "hl.h"
#include "i18n.h"
#include "numfmt.h"
#include "report_html.h"
#include "report_text.h"
#include "roster.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const report_dims[ROLLUP_DIM_COUNT] = { "counters", "officers", "procedures", "sites" };
static const char *const report_cols[ROLLUP_DIM_COUNT] = { "counter", "officer", "procedure", "site" };

int report_format_parse(const char *name)
{
	static const char *const names[] = { "table", "csv", "json", "html" };

	for (int i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

const char *report_dim_name(int dim)
{
	return dim >= 0 && dim < ROLLUP_DIM_COUNT ? report_dims[dim] : "?";
}

const char *report_dim_column(int dim)
{
	return dim >= 0 && dim < ROLLUP_DIM_COUNT ? report_cols[dim] : "?";
}

int report_dim_parse(const char *name)
{
	for (int i = 0; i < ROLLUP_DIM_COUNT; i++)
		if (strcmp(name, report_dims[i]) == 0)
			return i;
	return -1;
}

int report_dim_question(int dim)
{
	return dim == ROLLUP_OFFICER ? SURVEY_Q_OFFICER : dim == ROLLUP_PROCEDURE ? SURVEY_Q_PROCEDURE : -1;
}

/* ---- grouping ---------------------------------------------------------------------------------- */

int report_group(const struct rollup_row *in, size_t n, struct report_row **rows, size_t *nrows,
		 struct index_group *total)
{
	struct report_row *out = calloc(n ? n : 1, sizeof *out);
	struct index_acc acc = { 0 }, all = { 0 };
	size_t k = 0;

	*rows = NULL;
	*nrows = 0;
	if (!out)
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		index_add(&acc, &in[i].c, in[i].key.scale);
		index_add(&all, &in[i].c, in[i].key.scale);
		bool last = i + 1 == n || strcmp(in[i].key.site, in[i + 1].key.site) ||
			    strcmp(in[i].key.code, in[i + 1].key.code);
		if (!last)
			continue;
		snprintf(out[k].site, sizeof out[k].site, "%s", in[i].key.site);
		/* A pair code ("FIRST/SECOND") is cut: a drill-down's rows come with the second code alone
		 * (store_query_pair). */
		snprintf(out[k].code, sizeof out[k].code, "%.*s", HL_CODE_MAX, in[i].key.code);
		index_finish(&acc, &out[k].g);
		memset(&acc, 0, sizeof acc);
		k++;
	}
	index_finish(&all, total);
	*rows = out;
	*nrows = k;
	return HL_OK;
}

int report_weeks(const struct rollup_row *days, size_t n, struct period_range r, struct report_week **weeks,
		 size_t *nweeks)
{
	/* Day 0 (1970-01-01) was a Thursday: Monday-based weeks start at day ≡ 4 (mod 7). */
	int32_t first = r.from - (((r.from - 4) % 7) + 7) % 7;
	size_t count = r.to < r.from ? 0 : (size_t)((r.to - first) / 7 + 1);
	struct index_acc *acc = calloc(count ? count : 1, sizeof *acc);
	struct report_week *w = calloc(count ? count : 1, sizeof *w);

	*weeks = NULL;
	*nweeks = 0;
	if (!acc || !w) {
		free(acc);
		free(w);
		return HL_ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		int32_t d = days[i].key.period;
		if (d < r.from || d > r.to)
			continue;
		index_add(&acc[(d - first) / 7], &days[i].c, days[i].key.scale);
	}
	for (size_t i = 0; i < count; i++) {
		w[i].monday = first + (int32_t)i * 7;
		index_finish(&acc[i], &w[i].g);
	}
	free(acc);
	*weeks = w;
	*nweeks = count;
	return HL_OK;
}

size_t report_weeks_span(const struct report_week *w, size_t n, bool all_time, size_t *first)
{
	size_t a = 0, z = n;

	*first = 0;
	if (!all_time)
		return n;
	while (a < z && w[a].g.ratings == 0)
		a++;
	while (z > a && w[z - 1].g.ratings == 0)
		z--;
	*first = a;
	return z - a;
}

/* ---- shared helpers ---------------------------------------------------------------------------- */

/* Whether a group's counts may be shown (the officer privacy rule). A row of one officer's
 * drill-down is that officer's figure: the rule of the officers report holds for it, and since its
 * figures may be of the procedure question too, no figure shown may rest on 1–4 answers. */
static bool report_group_shown(const struct report *r, const struct index_group *g)
{
	int qs[SURVEY_Q_COUNT], nq;

	if (r->dim == ROLLUP_OFFICER && !r->officer)
		return g->q[SURVEY_Q_OFFICER].n >= REPORT_MIN_SHOWN;
	if (!r->officer)
		return true;
	if (g->q[SURVEY_Q_OFFICER].n < REPORT_MIN_SHOWN)
		return false;
	nq = report_questions(r, qs);
	for (int i = 0; i < nq; i++)
		if (g->q[qs[i]].n > 0 && g->q[qs[i]].n < REPORT_MIN_SHOWN)
			return false;
	return true;
}

const struct report_row *report_prev_row(const struct report *r, const struct report_row *row)
{
	size_t lo = 0, hi = r->prev_rows ? r->nprev : 0;

	while (lo < hi) { /* prev_rows are in (site, code) order */
		size_t mid = lo + (hi - lo) / 2;
		const struct report_row *m = &r->prev_rows[mid];
		int k = strcmp(m->site, row->site);
		if (!k)
			k = strcmp(m->code, row->code);
		if (!k)
			return m;
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

bool report_shown(const struct report *r, const struct report_row *row)
{
	return report_group_shown(r, &row->g);
}

bool report_total_shown(const struct report *r, const struct index_group *g)
{
	/* One officer's figure: in a drill-down, or the officers report kept to one officer. */
	bool one_officer = r->officer || (r->only && r->dim == ROLLUP_OFFICER);

	return !one_officer || report_group_shown(r, g);
}

int report_subject_dim(const struct report *r)
{
	return r->officer ? ROLLUP_OFFICER : r->procedure ? ROLLUP_PROCEDURE : -1;
}

const char *report_subject(const struct report *r)
{
	return r->officer ? r->officer : r->procedure;
}

void report_period(const struct report *r, char *buf, size_t cap, int lang)
{
	char from[16], to[16];
	bool en = lang == I18N_EN;

	if (r->all_time) {
		snprintf(buf, cap, "%s", en ? "all stored" : "toàn bộ dữ liệu");
		return;
	}
	numfmt_day(from, sizeof from, lang, r->days.from);
	numfmt_day(to, sizeof to, lang, r->days.to);
	snprintf(buf, cap, "%s %s %s", from, en ? "to" : "đến", to);
}

const char *report_row_label(const struct report *r, const struct report_row *row, int lang)
{
	if (r->dim == ROLLUP_SITE)
		return row->name ? row->name : row->site;
	if (row->name)
		return row->name;
	if (row->code[0])
		return row->code;
	return lang == I18N_EN ? "(unknown)" : "(không rõ)";
}

const char *report_site_label(const char *site, const char *name, char *buf, size_t cap)
{
	if (name && name[0])
		snprintf(buf, cap, "%s (%s)", name, site);
	else
		snprintf(buf, cap, "%s", site);
	return buf;
}

void report_site_names(struct report_row *rows, size_t n, bool site_rows, const struct roster *names)
{
	for (size_t i = 0; names && i < n; i++) {
		rows[i].site_name = roster_name(names, ROSTER_SITE, rows[i].site);
		if (site_rows)
			rows[i].name = rows[i].site_name;
	}
}

/* The questions a report shows: its dimension's one, or both — a drill-down's rows are pairs, and
 * both questions speak of them: its subject's question first (the ranking's). */
int report_questions(const struct report *r, int qs[SURVEY_Q_COUNT])
{
	int q = report_subject_dim(r) >= 0 ? report_dim_question(report_subject_dim(r)) : report_dim_question(r->dim);
	int n = 0;

	if (q >= 0)
		qs[n++] = q;
	for (int i = 0; i < SURVEY_Q_COUNT; i++) {
		/* The officers report speaks of officers only; the result question follows the procedure's. */
		bool one = report_subject_dim(r) < 0 && q >= 0;
		if (i == q || !report_question_asked(r, i) || (one && (q == SURVEY_Q_OFFICER || i != SURVEY_Q_RESULT)))
			continue;
		qs[n++] = i;
	}
	return n;
}

bool report_question_asked(const struct report *r, int q)
{
	return q != SURVEY_Q_RESULT || r->total.q[SURVEY_Q_RESULT].n > 0;
}

const char *report_question_title(int q, bool vi)
{
	static const char *const title[2][SURVEY_Q_COUNT] = {
		{ "officer index", "procedure index", "result index" },
		{ "Hài lòng về công chức", "Hài lòng về thủ tục", "Hài lòng về kết quả giải quyết" },
	};

	return q >= 0 && q < SURVEY_Q_COUNT ? title[vi][q] : "";
}

void report_num(char *buf, size_t cap, double v)
{
	numfmt_num(buf, cap, I18N_VI, v, 1);
}

/* The rows' ranking on the dimension's question (the officer question for counters and sites), as
 * indexes into r->rows; NULL when out of memory. The caller frees it. */
size_t *report_order(const struct report *r)
{
	int qs[SURVEY_Q_COUNT];
	size_t *order = malloc((r->nrows ? r->nrows : 1) * sizeof *order);
	struct index_group *gs = malloc((r->nrows ? r->nrows : 1) * sizeof *gs);

	if (order && gs) {
		report_questions(r, qs);
		for (size_t i = 0; i < r->nrows; i++)
			gs[i] = r->rows[i].g;
		index_rank(gs, r->nrows, qs[0], order);
	} else {
		free(order);
		order = NULL;
	}
	free(gs);
	return order;
}

/* ---- CSV and JSON fields (shared by the CSV, JSON and SIPAS writers) --------------------------- */

/* A text field: quoted as needed; a leading = + - @ cannot run as a spreadsheet formula. */
void report_csv_field(FILE *out, const char *s)
{
	csv_write_field(out, s, CSV_PROTECT_FORMULA);
}

void report_csv_num(FILE *out, double v)
{
	fputc(',', out);
	if (!isnan(v))
		fprintf(out, "%.2f", v);
}

void report_json_num(cJSON *o, const char *key, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, round(v * 100) / 100);
}

int report_json_print(FILE *out, cJSON *root)
{
	char *text = cJSON_Print(root);
	int rc = HL_ERR_NOMEM;

	if (text) {
		rc = fputs(text, out) < 0 || fputc('\n', out) < 0 ? HL_ERR_IO : HL_OK;
		free(text);
	}
	cJSON_Delete(root);
	return rc;
}

int report_write(FILE *out, enum report_format fmt, const struct report *r)
{
	int rc;

	switch (fmt) {
	case REPORT_TABLE: rc = report_text_table(out, r); break;
	case REPORT_CSV: rc = report_text_csv(out, r); break;
	case REPORT_JSON: rc = report_text_json(out, r); break;
	case REPORT_HTML: rc = report_html_write(out, r); break;
	default: return HL_ERR_INVALID;
	}
	if (rc == HL_OK && (fflush(out) != 0 || ferror(out)))
		rc = HL_ERR_IO;
	return rc;
}
