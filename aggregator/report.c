/* SPDX-License-Identifier: MIT
 * report.c — one data model, four writers. JSON goes through cJSON, CSV and HTML through the
 * escapers below; nothing from the database reaches the output unescaped. Numbers that cannot be
 * computed (no answers) are "—" in tables and HTML, empty in CSV and null in JSON. */
#include "report.h"

#include "csv.h"
#include "hl.h"
#include "i18n.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
		strcpy(out[k].site, in[i].key.site);
		strcpy(out[k].code, in[i].key.code);
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

/* ---- shared helpers ---------------------------------------------------------------------------- */

/* Whether a row's counts may be shown (the officer privacy rule). */
static bool report_shown(const struct report *r, const struct report_row *row)
{
	return r->dim != ROLLUP_OFFICER || row->g.q[SURVEY_Q_OFFICER].n >= REPORT_MIN_SHOWN;
}

static void report_period(const struct report *r, char *buf, size_t cap, bool vi)
{
	char from[11], to[11];

	if (r->all_time) {
		snprintf(buf, cap, "%s", vi ? "toàn bộ dữ liệu" : "all stored");
		return;
	}
	period_format_day(r->days.from, from);
	period_format_day(r->days.to, to);
	snprintf(buf, cap, "%s %s %s", from, vi ? "đến" : "to", to);
}

static void report_time(int64_t t, int utc_offset, char *buf, size_t cap)
{
	time_t local = (time_t)(t + utc_offset);
	struct tm tm;

	gmtime_r(&local, &tm);
	strftime(buf, cap, "%Y-%m-%d %H:%M", &tm);
}

/* The questions a report shows: its dimension's one, or both. */
static int report_questions(const struct report *r, int qs[SURVEY_Q_COUNT])
{
	int q = report_dim_question(r->dim);

	if (q >= 0) {
		qs[0] = q;
		return 1;
	}
	for (int i = 0; i < SURVEY_Q_COUNT; i++)
		qs[i] = i;
	return SURVEY_Q_COUNT;
}

static void report_num(char *buf, size_t cap, double v)
{
	if (isnan(v))
		snprintf(buf, cap, "—");
	else
		snprintf(buf, cap, "%.1f", v);
}

/* The rows' ranking on the dimension's question (the officer question for counters and sites), as
 * indexes into r->rows; NULL when out of memory. The caller frees it. */
static size_t *report_order(const struct report *r)
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

/* ---- table ------------------------------------------------------------------------------------- */

/* Prints s padded to width columns (UTF-8 aware: NFC Vietnamese is one column a code point). */
static void report_pad(FILE *out, const char *s, int width)
{
	int cols = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		cols += (*p & 0xC0) != 0x80;
	fputs(s, out);
	for (; cols < width; cols++)
		fputc(' ', out);
}

static int report_table(FILE *out, const struct report *r)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);
	size_t *order = report_order(r);
	char period[64];

	if (!order)
		return HL_ERR_NOMEM;
	report_period(r, period, sizeof period, false);
	fprintf(out, "Satisfaction per %s, %s%s%s\n", report_dim_column(r->dim), period, r->site ? ", site " : "",
		r->site ? r->site : "");
	fprintf(out, "index = satisfied answers / all answers x 100, [95%% Wilson interval]; ranked by the "
		     "interval's lower bound; n < %d: too small to rank\n\n", INDEX_MIN_RANK);

	bool by_site = r->dim == ROLLUP_SITE; /* a site has no code or name of its own */
	fprintf(out, "%4s  ", "rank");
	report_pad(out, "site", 12);
	if (!by_site) {
		report_pad(out, report_dim_column(r->dim), 12);
		report_pad(out, "name", 34);
	}
	for (int i = 0; i < nq; i++)
		fprintf(out, "%7s %-22s %6s", "n", qs[i] == SURVEY_Q_OFFICER ? "officer index [CI]" : "procedure index [CI]",
			"dis%");
	fprintf(out, " %6s\n", "766%");
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[order[k]];
		bool shown = report_shown(r, row);
		char rank[24];
		if (row->g.q[qs[0]].rankable && shown)
			snprintf(rank, sizeof rank, "%zu", k + 1);
		else
			snprintf(rank, sizeof rank, "-");
		fprintf(out, "%4s  ", rank);
		report_pad(out, row->site, 12);
		if (!by_site) {
			report_pad(out, row->code[0] ? row->code : "(none)", 12);
			report_pad(out, row->name ? row->name : "", 34);
		}
		for (int i = 0; i < nq; i++) {
			const struct index_q *x = &row->g.q[qs[i]];
			char n[24], v[16], lo[16], hi[16], d[16], ci[64];
			if (!shown) {
				fprintf(out, "%7s %-22s %6s", "< 5", "", "");
				continue;
			}
			snprintf(n, sizeof n, "%lld", (long long)x->n);
			report_num(v, sizeof v, x->satisfaction);
			report_num(lo, sizeof lo, x->sat_lo);
			report_num(hi, sizeof hi, x->sat_hi);
			report_num(d, sizeof d, x->dissatisfaction);
			snprintf(ci, sizeof ci, "%s [%s-%s]%s", v, lo, hi, x->n && !x->rankable ? " *" : "");
			fprintf(out, "%7s %-22s %6s", n, ci, d);
		}
		char rate[16];
		report_num(rate, sizeof rate, shown ? row->g.rate766 : NAN);
		fprintf(out, " %6s\n", rate);
	}
	fprintf(out, "\n%zu %s, %lld ratings (* too small to rank)\n", r->nrows, report_dim_name(r->dim),
		(long long)r->total.ratings);
	free(order);
	return HL_OK;
}

/* ---- CSV --------------------------------------------------------------------------------------- */

/* A text field: quoted as needed; a leading = + - @ cannot run as a spreadsheet formula. */
static void report_csv_field(FILE *out, const char *s)
{
	csv_write_field(out, s, CSV_PROTECT_FORMULA);
}

static void report_csv_num(FILE *out, double v)
{
	fputc(',', out);
	if (!isnan(v))
		fprintf(out, "%.2f", v);
}

static int report_csv(FILE *out, const struct report *r)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);

	fputs("\xEF\xBB\xBF", out);
	bool by_site = r->dim == ROLLUP_SITE;
	if (by_site)
		fputs("site,ratings,rate766", out);
	else
		fprintf(out, "site,%s,name,ratings,rate766", report_dim_column(r->dim));
	for (int i = 0; i < nq; i++) {
		const char *k = survey_question_key(qs[i]);
		fprintf(out, ",%s_n,%s_satisfaction,%s_satisfaction_lo,%s_satisfaction_hi,%s_dissatisfaction,%s_mean,"
			     "%s_mean100,%s_rankable", k, k, k, k, k, k, k, k);
		for (int l = 1; l <= SURVEY_SCALE_MAX; l++)
			fprintf(out, ",%s_level_%d", k, l);
	}
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		fprintf(out, ",%s", survey_reason_code(i));
	fputs("\r\n", out);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		bool shown = report_shown(r, row);
		report_csv_field(out, row->site);
		if (!by_site) {
			fputc(',', out);
			report_csv_field(out, row->code);
			fputc(',', out);
			report_csv_field(out, row->name ? row->name : "");
		}
		if (!shown) {
			/* Fewer than five answers: the counts stay hidden, whatever the column. */
			fputs(",< 5,", out);
			for (int i = 0; i < nq; i++)
				fputs(",< 5,,,,,,,,,,,,", out);
			for (int i = 0; i < SURVEY_R_COUNT; i++)
				fputc(',', out);
			fputs("\r\n", out);
			continue;
		}
		fprintf(out, ",%lld", (long long)row->g.ratings);
		report_csv_num(out, row->g.rate766);
		for (int i = 0; i < nq; i++) {
			const struct index_q *x = &row->g.q[qs[i]];
			fprintf(out, ",%lld", (long long)x->n);
			report_csv_num(out, x->satisfaction);
			report_csv_num(out, x->sat_lo);
			report_csv_num(out, x->sat_hi);
			report_csv_num(out, x->dissatisfaction);
			report_csv_num(out, x->mean);
			report_csv_num(out, x->mean100);
			fprintf(out, ",%s", x->rankable ? "yes" : "no");
			for (int l = 0; l < SURVEY_SCALE_MAX; l++) {
				if (x->scale > 0 && l < x->scale)
					fprintf(out, ",%lld", (long long)x->level[l]);
				else
					fputc(',', out);
			}
		}
		for (int i = 0; i < SURVEY_R_COUNT; i++)
			fprintf(out, ",%lld", (long long)row->g.reason[i]);
		fputs("\r\n", out);
	}
	return HL_OK;
}

/* ---- JSON -------------------------------------------------------------------------------------- */

static void report_json_num(cJSON *o, const char *key, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, key);
	else
		cJSON_AddNumberToObject(o, key, round(v * 100) / 100);
}

static cJSON *report_json_q(const struct index_q *x)
{
	cJSON *o = cJSON_CreateObject(), *lv;

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "n", (double)x->n);
	cJSON_AddNumberToObject(o, "satisfied", (double)x->satisfied);
	cJSON_AddNumberToObject(o, "dissatisfied", (double)x->dissatisfied);
	report_json_num(o, "satisfaction", x->satisfaction);
	report_json_num(o, "satisfaction_lo", x->sat_lo);
	report_json_num(o, "satisfaction_hi", x->sat_hi);
	report_json_num(o, "dissatisfaction", x->dissatisfaction);
	report_json_num(o, "mean", x->mean);
	report_json_num(o, "mean100", x->mean100);
	cJSON_AddBoolToObject(o, "rankable", x->rankable);
	if (x->scale > 0) {
		cJSON_AddNumberToObject(o, "scale", x->scale);
		lv = cJSON_AddArrayToObject(o, "levels");
		for (int l = 0; lv && l < x->scale; l++)
			cJSON_AddItemToArray(lv, cJSON_CreateNumber((double)x->level[l]));
	} else {
		cJSON_AddNullToObject(o, "scale");
		cJSON_AddNullToObject(o, "levels");
	}
	return o;
}

static cJSON *report_json_group(const struct report *r, const struct index_group *g, bool shown)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);
	cJSON *o = cJSON_CreateObject(), *qo, *reasons;

	if (!o)
		return NULL;
	if (!shown) {
		cJSON_AddStringToObject(o, "ratings", "< 5");
		return o;
	}
	cJSON_AddNumberToObject(o, "ratings", (double)g->ratings);
	report_json_num(o, "rate766", g->rate766);
	qo = cJSON_AddObjectToObject(o, "questions");
	for (int i = 0; qo && i < nq; i++)
		cJSON_AddItemToObject(qo, survey_question_key(qs[i]), report_json_q(&g->q[qs[i]]));
	reasons = cJSON_AddObjectToObject(o, "reasons");
	for (int i = 0; reasons && i < SURVEY_R_COUNT; i++)
		cJSON_AddNumberToObject(reasons, survey_reason_code(i), (double)g->reason[i]);
	return o;
}

static int report_json(FILE *out, const struct report *r)
{
	char from[11], to[11], gen[32];
	cJSON *root = cJSON_CreateObject(), *rows;
	char *text;
	int rc = HL_ERR_NOMEM;

	if (!root)
		return HL_ERR_NOMEM;
	period_format_day(r->days.from, from);
	period_format_day(r->days.to, to);
	report_time(r->generated, r->utc_offset, gen, sizeof gen);
	cJSON_AddStringToObject(root, "report", report_dim_name(r->dim));
	cJSON_AddNumberToObject(root, "version", 1);
	if (r->all_time) {
		cJSON_AddNullToObject(root, "from");
		cJSON_AddNullToObject(root, "to");
	} else {
		cJSON_AddStringToObject(root, "from", from);
		cJSON_AddStringToObject(root, "to", to);
	}
	if (r->site)
		cJSON_AddStringToObject(root, "site", r->site);
	else
		cJSON_AddNullToObject(root, "site");
	cJSON_AddStringToObject(root, "generated", gen);
	cJSON_AddStringToObject(root, "formula",
				"satisfaction = satisfied answers / all answers * 100 with a 95% Wilson interval; "
				"dissatisfaction likewise; mean100 = (mean level - 1) / (scale - 1) * 100; rate766 = "
				"ratings with no dissatisfied answer and no reason / all ratings * 100; groups with n < 30 "
				"are not rankable; officer figures use only the officer question, procedure figures only "
				"the procedure question; an officer with fewer than 5 answers shows \"< 5\"");
	cJSON_AddItemToObject(root, "total", report_json_group(r, &r->total, true));
	rows = cJSON_AddArrayToObject(root, "rows");
	for (size_t k = 0; rows && k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		cJSON *o = report_json_group(r, &row->g, report_shown(r, row));
		if (!o)
			goto out;
		cJSON_AddItemToObject(o, "site", cJSON_CreateString(row->site));
		if (r->dim != ROLLUP_SITE) /* a site row's code is "": a second "site" key would shadow the first */
			cJSON_AddItemToObject(o, report_dim_column(r->dim), cJSON_CreateString(row->code));
		if (row->name)
			cJSON_AddItemToObject(o, "name", cJSON_CreateString(row->name));
		else
			cJSON_AddItemToObject(o, "name", cJSON_CreateNull());
		cJSON_AddItemToArray(rows, o);
	}
	text = cJSON_Print(root);
	if (text) {
		rc = fputs(text, out) < 0 || fputc('\n', out) < 0 ? HL_ERR_IO : HL_OK;
		free(text);
	}
out:
	cJSON_Delete(root);
	return rc;
}

/* ---- HTML -------------------------------------------------------------------------------------- */

static void html(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

static const char *report_html_style =
	"body{font-family:'Inter','DejaVu Sans',Arial,sans-serif;margin:0;background:#f3f5f8;color:#1f2933}"
	"header{background:#0b4f8a;color:#fff;padding:20px 32px}header h1{margin:0 0 6px;font-size:26px}"
	"header p{margin:0;opacity:.9}main{padding:20px 32px;max-width:1280px}"
	"section{background:#fff;border:1px solid #d9e0e7;border-radius:10px;padding:16px 20px;margin:0 0 18px}"
	"h2{font-size:19px;margin:0 0 12px;color:#0b4f8a}table{border-collapse:collapse;width:100%;font-size:14px}"
	"th,td{border-bottom:1px solid #e4e9ee;padding:6px 8px;text-align:left;vertical-align:top}"
	"th{background:#f7f9fb;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".cards{display:flex;gap:14px;flex-wrap:wrap;margin:0 0 18px}.card{flex:1 1 200px;background:#fff;border:1px solid #d9e0e7;"
	"border-radius:10px;padding:14px 18px}.card .v{font-size:30px;font-weight:700;color:#0b4f8a}"
	".card .l{color:#52606d;font-size:14px}.flag-open{color:#c62828;font-weight:600}.muted{color:#52606d}"
	".small{font-size:13px}.ok{color:#2e7d32}svg text{font-family:inherit}";

/* Vietnamese for the flag words stored in English (kinds, states, subjects); the word itself when
 * it has no entry. */
static const char *report_vi(const char *word)
{
	static const char *const map[][2] = {
		{ "serious", "Nghiêm trọng" },   { "burst", "Nhiều ý kiến chưa hài lòng" },
		{ "trend", "Xu hướng xấu" },      { "integrity", "Bất thường thiết bị" },
		{ "open", "Đang mở" },            { "acknowledged", "Đã tiếp nhận" },
		{ "resolved", "Đã xử lý" },       { "officer", "Công chức" },
		{ "procedure", "Thủ tục" },       { "counter", "Quầy" },
		{ "terminal", "Thiết bị" },
	};

	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(word, map[i][0]) == 0)
			return map[i][1];
	return word;
}

static void report_html_flags(FILE *out, const struct report *r)
{
	fputs("<section><h2>Cảnh báo cần xử lý", out);
	fprintf(out, " (%zu)</h2>", r->nflags);
	if (!r->nflags) {
		fputs("<p class=\"ok\">Không có cảnh báo đang mở.</p></section>\n", out);
		return;
	}
	fputs("<table><tr><th>#</th><th>Loại</th><th>Trạng thái</th><th>Đối tượng</th><th>Mở lúc</th>"
	      "<th>Nội dung</th></tr>\n", out);
	for (size_t i = 0; i < r->nflags; i++) {
		const struct report_flag *f = &r->flags[i];
		char when[32];
		report_time(f->opened, r->utc_offset, when, sizeof when);
		fprintf(out, "<tr><td class=\"n\">%lld</td><td class=\"flag-open\">", (long long)f->id);
		html(out, report_vi(f->kind));
		fputs("</td><td>", out);
		html(out, report_vi(f->state));
		fputs("</td><td>", out);
		html(out, report_vi(f->subject_type));
		fputs(" ", out);
		html(out, f->subject);
		if (f->subject_name && f->subject_name[0]) {
			fputs(" — ", out);
			html(out, f->subject_name);
		}
		fputs(" (", out);
		html(out, f->site);
		fprintf(out, ")</td><td>%s</td><td>", when);
		html(out, f->summary);
		fputs("</td></tr>\n", out);
	}
	fputs("</table></section>\n", out);
}

static void report_html_card(FILE *out, const char *label, const char *value, const char *note)
{
	fputs("<div class=\"card\"><div class=\"v\">", out);
	html(out, value);
	fputs("</div><div class=\"l\">", out);
	html(out, label);
	fputs("</div>", out);
	if (note) {
		fputs("<div class=\"l small\">", out);
		html(out, note);
		fputs("</div>", out);
	}
	fputs("</div>\n", out);
}

static void report_html_cards(FILE *out, const struct report *r)
{
	char v[32], note[96];

	fputs("<div class=\"cards\">\n", out);
	snprintf(v, sizeof v, "%lld", (long long)r->total.ratings);
	report_html_card(out, "Số lượt đánh giá", v, NULL);
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		const struct index_q *x = &r->total.q[q];
		report_num(v, sizeof v, x->satisfaction);
		if (!isnan(x->satisfaction))
			strcat(v, " %");
		snprintf(note, sizeof note, "95%%: %.1f–%.1f %% · n = %lld", isnan(x->sat_lo) ? 0 : x->sat_lo,
			 isnan(x->sat_hi) ? 0 : x->sat_hi, (long long)x->n);
		report_html_card(out, q == SURVEY_Q_OFFICER ? "Hài lòng về công chức" : "Hài lòng về thủ tục, kết quả", v,
				 note);
	}
	report_num(v, sizeof v, r->total.rate766);
	if (!isnan(r->total.rate766))
		strcat(v, " %");
	report_html_card(out, "Không có ý kiến chưa hài lòng (QĐ 766)", v, NULL);
	fputs("</div>\n", out);
}

/* Index per group with its interval as a whisker, ranked; the small groups greyed at the end. */
static void report_html_bars(FILE *out, const struct report *r, int q, const size_t *order)
{
	enum { ROW = 24, LABEL = 330, WIDTH = 1000, MAXROWS = 60 };
	size_t n = r->nrows < MAXROWS ? r->nrows : MAXROWS;
	int plot = WIDTH - LABEL - 170, h = (int)n * ROW + 34; /* room right of a bar for its figures */

	fprintf(out, "<svg role=\"img\" aria-label=\"chỉ số hài lòng\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		WIDTH, h, WIDTH, h);
	for (int t = 0; t <= 100; t += 20) {
		int x = LABEL + plot * t / 100;
		fprintf(out, "<line x1=\"%d\" y1=\"0\" x2=\"%d\" y2=\"%d\" stroke=\"#e4e9ee\"/>"
			     "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#52606d\" text-anchor=\"middle\">%d</text>\n",
			x, x, h - 24, x, h - 8, t);
	}
	for (size_t k = 0; k < n; k++) {
		const struct report_row *row = &r->rows[order[k]];
		const struct index_q *x = &row->g.q[q];
		int y = (int)k * ROW;
		bool shown = report_shown(r, row) && x->n > 0;
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" fill=\"%s\">", LABEL - 8, y + 16,
			x->rankable ? "#1f2933" : "#8a96a3");
		html(out, row->name ? row->name : row->code[0] ? row->code : "(không rõ)");
		if (!r->site) {
			fputs(" · ", out);
			html(out, row->site);
		}
		fputs("</text>\n", out);
		if (!shown) {
			fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#8a96a3\">&lt; 5 lượt</text>\n", LABEL + 4,
				y + 16);
			continue;
		}
		int w = (int)(plot * x->satisfaction / 100.0);
		int lo = LABEL + (int)(plot * x->sat_lo / 100.0), hi = LABEL + (int)(plot * x->sat_hi / 100.0);
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" rx=\"3\" fill=\"%s\"/>\n", LABEL, y + 5, w,
			x->rankable ? "#2e7d32" : "#b8c4cf");
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f2933\" stroke-width=\"1.5\"/>"
			     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f2933\"/>"
			     "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1f2933\"/>\n",
			lo, y + 12, hi, y + 12, lo, y + 7, lo, y + 17, hi, y + 7, hi, y + 17);
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\">%.1f %% · n=%lld%s</text>\n", hi + 6,
			y + 16, x->satisfaction, (long long)x->n, x->rankable ? "" : " (ít)");
	}
	fputs("</svg>\n", out);
	if (r->nrows > n)
		fprintf(out, "<p class=\"muted small\">%zu nhóm đầu theo xếp hạng; tất cả có trong bảng dưới.</p>\n", n);
}

static void report_html_trend(FILE *out, const struct report *r)
{
	enum { W = 1000, H = 260, L = 50, B = 40, T = 10 };
	static const char *const colors[SURVEY_Q_COUNT] = { "#0b4f8a", "#f57c00" };
	size_t n = r->nweeks;
	int pw = W - L - 20, ph = H - B - T;

	if (n == 0) {
		fputs("<p class=\"muted\">Không có dữ liệu theo tuần.</p>\n", out);
		return;
	}
	fprintf(out, "<svg role=\"img\" aria-label=\"xu hướng theo tuần\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", W,
		H, W, H);
	for (int t = 0; t <= 100; t += 25) {
		int y = T + ph - ph * t / 100;
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e4e9ee\"/>"
			     "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#52606d\" text-anchor=\"end\">%d</text>\n",
			L, y, W - 20, y, L - 6, y + 4, t);
	}
	for (size_t i = 0; i < n; i++) {
		char d[11];
		int x = L + (n == 1 ? pw / 2 : (int)((double)pw * (double)i / (double)(n - 1)));
		if (n <= 14 || i % ((n + 13) / 14) == 0) {
			period_format_day(r->weeks[i].monday, d);
			fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#52606d\" text-anchor=\"middle\">%.5s</text>\n", x,
				H - B + 18, d + 5);
		}
	}
	for (int q = 0; q < SURVEY_Q_COUNT; q++) {
		fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" points=\"", colors[q]);
		for (size_t i = 0; i < n; i++) {
			const struct index_q *x = &r->weeks[i].g.q[q];
			if (isnan(x->satisfaction))
				continue;
			int px = L + (n == 1 ? pw / 2 : (int)((double)pw * (double)i / (double)(n - 1)));
			fprintf(out, "%d,%d ", px, T + ph - (int)(ph * x->satisfaction / 100.0));
		}
		fputs("\"/>\n", out);
		for (size_t i = 0; i < n; i++) {
			const struct index_q *x = &r->weeks[i].g.q[q];
			if (isnan(x->satisfaction))
				continue;
			int px = L + (n == 1 ? pw / 2 : (int)((double)pw * (double)i / (double)(n - 1)));
			fprintf(out, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"><title>%.1f %% (n=%lld)</title></circle>\n",
				px, T + ph - (int)(ph * x->satisfaction / 100.0), colors[q], x->satisfaction, (long long)x->n);
		}
	}
	fputs("</svg>\n<p class=\"small\"><span style=\"color:#0b4f8a\">■</span> Thái độ, hướng dẫn của công chức "
	      "&nbsp; <span style=\"color:#f57c00\">■</span> Thủ tục và kết quả giải quyết "
	      "<span class=\"muted\">(tỷ lệ hài lòng theo tuần, bắt đầu từ thứ Hai)</span></p>\n", out);
}

static void report_html_reasons(FILE *out, const struct report *r)
{
	enum { ROW = 26, LABEL = 360, W = 1000 };
	int64_t max = 0;

	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (r->total.reason[i] > max)
			max = r->total.reason[i];
	if (max == 0) {
		fputs("<p class=\"ok\">Không có lý do chưa hài lòng nào được chọn.</p>\n", out);
		return;
	}
	int h = SURVEY_R_COUNT * ROW + 6, plot = W - LABEL - 80;
	fprintf(out, "<svg role=\"img\" aria-label=\"lý do chưa hài lòng\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
		W, h, W, h);
	for (int i = 0; i < SURVEY_R_COUNT; i++) {
		int y = i * ROW, w = (int)((double)plot * (double)r->total.reason[i] / (double)max);
		fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\" fill=\"#1f2933\">", LABEL - 8, y + 17);
		html(out, i18n_reason(I18N_VI, i));
		fprintf(out, "%s</text>\n", survey_reason_serious(i) ? " ⚠" : "");
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" rx=\"3\" fill=\"%s\"/>"
			     "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#1f2933\">%lld</text>\n",
			LABEL, y + 5, w, survey_reason_serious(i) ? "#c62828" : "#f57c00", LABEL + w + 6, y + 17,
			(long long)r->total.reason[i]);
	}
	fputs("</svg>\n<p class=\"small muted\">⚠ lý do nghiêm trọng: mở cảnh báo ngay khi được chọn.</p>\n", out);
}

static void report_html_table(FILE *out, const struct report *r, const size_t *order)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);
	static const char *const dim_vi[ROLLUP_DIM_COUNT] = { "Quầy", "Công chức", "Thủ tục", "Đơn vị" };

	fprintf(out, "<table><tr><th>Hạng</th><th>Đơn vị</th><th>%s</th><th>Tên</th>", dim_vi[r->dim]);
	for (int i = 0; i < nq; i++)
		fprintf(out, "<th>n</th><th>%s</th><th>Khoảng tin cậy 95%%</th><th>Chưa hài lòng</th><th>Điểm TB (0–100)</th>",
			qs[i] == SURVEY_Q_OFFICER ? "Hài lòng về công chức" : "Hài lòng về thủ tục");
	fputs("<th>QĐ 766</th></tr>\n", out);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[order[k]];
		bool shown = report_shown(r, row);
		fputs("<tr><td class=\"n\">", out);
		if (row->g.q[qs[0]].rankable && shown)
			fprintf(out, "%zu", k + 1);
		else
			fputs("<span class=\"muted\">—</span>", out);
		fputs("</td><td>", out);
		html(out, row->site);
		fputs("</td><td>", out);
		html(out, row->code[0] ? row->code : "(không rõ)");
		fputs("</td><td>", out);
		html(out, row->name ? row->name : "");
		fputs("</td>", out);
		for (int i = 0; i < nq; i++) {
			const struct index_q *x = &row->g.q[qs[i]];
			char v[16], lo[16], hi[16], d[16], m[16];
			if (!shown) {
				fputs("<td class=\"n\">&lt; 5</td><td></td><td></td><td></td><td></td>", out);
				continue;
			}
			report_num(v, sizeof v, x->satisfaction);
			report_num(lo, sizeof lo, x->sat_lo);
			report_num(hi, sizeof hi, x->sat_hi);
			report_num(d, sizeof d, x->dissatisfaction);
			report_num(m, sizeof m, x->mean100);
			fprintf(out, "<td class=\"n\">%lld%s</td><td class=\"n\">%s</td><td class=\"n\">%s–%s</td>"
				     "<td class=\"n\">%s</td><td class=\"n\">%s</td>",
				(long long)x->n, x->n && !x->rankable ? "*" : "", v, lo, hi, d, m);
		}
		char rate[16];
		report_num(rate, sizeof rate, shown ? row->g.rate766 : NAN);
		fprintf(out, "<td class=\"n\">%s</td></tr>\n", rate);
	}
	fputs("</table>\n", out);
}

static int report_html(FILE *out, const struct report *r)
{
	static const char *const title_vi[ROLLUP_DIM_COUNT] = { "theo quầy", "theo công chức", "theo thủ tục hành chính",
								"theo đơn vị" };
	int qs[SURVEY_Q_COUNT];
	size_t *order = report_order(r);
	char period[64], gen[32];

	if (!order)
		return HL_ERR_NOMEM;
	report_questions(r, qs);
	report_period(r, period, sizeof period, true);
	report_time(r->generated, r->utc_offset, gen, sizeof gen);

	fputs("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
	      "<title>Hài Lòng — Báo cáo mức độ hài lòng</title><style>", out);
	fputs(report_html_style, out);
	fprintf(out, "</style></head><body>\n<header><h1>Báo cáo mức độ hài lòng %s</h1><p>Kỳ báo cáo: ", title_vi[r->dim]);
	html(out, period);
	fputs(" · Đơn vị: ", out);
	html(out, r->site ? r->site : "tất cả");
	fprintf(out, " · Lập lúc %s</p></header>\n<main>\n", gen);
	report_html_flags(out, r);
	report_html_cards(out, r);
	fputs("<section><h2>", out);
	fprintf(out, "Chỉ số hài lòng %s", title_vi[r->dim]);
	if (qs[0] == SURVEY_Q_PROCEDURE)
		fputs(" (câu hỏi về thủ tục và kết quả)", out);
	else
		fputs(" (câu hỏi về thái độ, hướng dẫn của công chức)", out);
	fputs("</h2>\n", out);
	if (r->nrows)
		report_html_bars(out, r, qs[0], order);
	else
		fputs("<p class=\"muted\">Chưa có đánh giá trong kỳ.</p>\n", out);
	fputs("<p class=\"small muted\">Thanh: tỷ lệ hài lòng; gạch ngang: khoảng tin cậy 95 % (Wilson). Xếp hạng theo "
	      "cận dưới của khoảng tin cậy; nhóm có dưới 30 câu trả lời (màu xám, “ít”) chưa đủ để xếp hạng.</p>"
	      "</section>\n", out);
	fputs("<section><h2>Xu hướng theo tuần</h2>\n", out);
	report_html_trend(out, r);
	fputs("</section>\n<section><h2>Lý do chưa hài lòng</h2>\n", out);
	report_html_reasons(out, r);
	fputs("</section>\n<section><h2>Bảng chi tiết</h2>\n", out);
	report_html_table(out, r, order);
	fprintf(out, "<p class=\"small muted\">Chỉ số hài lòng = số câu trả lời hài lòng ÷ tổng số câu trả lời × 100, kèm "
		     "khoảng tin cậy 95 %% (Wilson) và n. Chưa hài lòng = số câu trả lời chưa hài lòng ÷ tổng × 100. Điểm TB "
		     "(0–100) = (mức trung bình − 1) ÷ (số mức − 1) × 100. QĐ 766 = số lượt không có câu trả lời chưa hài "
		     "lòng và không có lý do phản ánh ÷ tổng số lượt × 100. Chỉ số về công chức chỉ dùng câu hỏi về công "
		     "chức; chỉ số về thủ tục chỉ dùng câu hỏi về thủ tục. * dưới %d câu trả lời. Công chức có dưới %d "
		     "lượt đánh giá chỉ hiện “&lt; 5”. Báo cáo không liệt kê từng lượt đánh giá.</p>\n",
		INDEX_MIN_RANK, REPORT_MIN_SHOWN);
	fputs("</section>\n</main></body></html>\n", out);
	free(order);
	return HL_OK;
}

int report_write(FILE *out, enum report_format fmt, const struct report *r)
{
	int rc;

	switch (fmt) {
	case REPORT_TABLE: rc = report_table(out, r); break;
	case REPORT_CSV: rc = report_csv(out, r); break;
	case REPORT_JSON: rc = report_json(out, r); break;
	case REPORT_HTML: rc = report_html(out, r); break;
	default: return HL_ERR_INVALID;
	}
	if (rc == HL_OK && (fflush(out) != 0 || ferror(out)))
		rc = HL_ERR_IO;
	return rc;
}

/* ---- SIPAS ------------------------------------------------------------------------------------- */

static const char *const report_el_keys[REPORT_EL_COUNT] = { "cong_chuc", "thu_tuc_hanh_chinh", "ket_qua_giai_quyet" };
static const char *const report_el_names[REPORT_EL_COUNT] = { "Công chức", "Thủ tục hành chính", "Kết quả giải quyết" };
static const int report_el_q[REPORT_EL_COUNT] = { SURVEY_Q_OFFICER, SURVEY_Q_PROCEDURE, SURVEY_Q_PROCEDURE };

static const char report_sipas_formula[] =
	"element index I_e = satisfied answers / all answers x 100 for the question covering the element "
	"(cong_chuc: the officer question; thu_tuc_hanh_chinh and ket_qua_giai_quyet: the procedure question); "
	"overall = sum(w_e x I_e) / sum(w_e) over the elements with answers; n = answers behind each index";

/* The overall index of a site: the weighted mean of the element indices that have answers. */
static double report_sipas_overall(const struct report_sipas *s, const struct index_group *g)
{
	double num = 0, den = 0;

	for (int e = 0; e < REPORT_EL_COUNT; e++) {
		const struct index_q *x = &g->q[report_el_q[e]];
		if (x->n == 0 || s->weights[e] <= 0)
			continue;
		num += s->weights[e] * x->satisfaction;
		den += s->weights[e];
	}
	return den > 0 ? num / den : NAN;
}

int report_sipas_write(FILE *out, enum report_format fmt, const struct report_sipas *s)
{
	if (fmt == REPORT_CSV) {
		fputs("\xEF\xBB\xBF", out);
		fputs("site,year,element,element_name,index,ci_lo,ci_hi,n,weight,formula\r\n", out);
		for (size_t i = 0; i < s->nsites; i++) {
			const struct report_row *row = &s->sites[i];
			for (int e = 0; e < REPORT_EL_COUNT; e++) {
				const struct index_q *x = &row->g.q[report_el_q[e]];
				report_csv_field(out, row->site);
				fprintf(out, ",%d,%s,%s", s->year, report_el_keys[e], report_el_names[e]);
				report_csv_num(out, x->satisfaction);
				report_csv_num(out, x->sat_lo);
				report_csv_num(out, x->sat_hi);
				fprintf(out, ",%lld,%g,\r\n", (long long)x->n, s->weights[e]);
			}
			report_csv_field(out, row->site);
			fprintf(out, ",%d,overall,Chỉ số chung", s->year);
			report_csv_num(out, report_sipas_overall(s, &row->g));
			fprintf(out, ",,,%lld,,", (long long)row->g.ratings);
			report_csv_field(out, report_sipas_formula);
			fputs("\r\n", out);
		}
	} else if (fmt == REPORT_JSON) {
		cJSON *root = cJSON_CreateObject(), *arr, *w;
		char *text;
		int rc = HL_ERR_NOMEM;
		if (!root)
			return HL_ERR_NOMEM;
		cJSON_AddStringToObject(root, "export", "sipas");
		cJSON_AddNumberToObject(root, "version", 1);
		cJSON_AddNumberToObject(root, "year", s->year);
		cJSON_AddStringToObject(root, "formula", report_sipas_formula);
		w = cJSON_AddObjectToObject(root, "weights");
		for (int e = 0; w && e < REPORT_EL_COUNT; e++)
			cJSON_AddNumberToObject(w, report_el_keys[e], s->weights[e]);
		arr = cJSON_AddArrayToObject(root, "sites");
		for (size_t i = 0; arr && i < s->nsites; i++) {
			const struct report_row *row = &s->sites[i];
			cJSON *o = cJSON_CreateObject(), *els = o ? cJSON_AddObjectToObject(o, "elements") : NULL;
			if (!els) {
				cJSON_Delete(o);
				goto json_out;
			}
			cJSON_AddStringToObject(o, "site", row->site);
			cJSON_AddNumberToObject(o, "ratings", (double)row->g.ratings);
			for (int e = 0; e < REPORT_EL_COUNT; e++) {
				const struct index_q *x = &row->g.q[report_el_q[e]];
				cJSON *eo = cJSON_AddObjectToObject(els, report_el_keys[e]);
				if (!eo)
					continue;
				cJSON_AddStringToObject(eo, "name", report_el_names[e]);
				report_json_num(eo, "index", x->satisfaction);
				report_json_num(eo, "ci_lo", x->sat_lo);
				report_json_num(eo, "ci_hi", x->sat_hi);
				cJSON_AddNumberToObject(eo, "n", (double)x->n);
			}
			report_json_num(o, "overall", report_sipas_overall(s, &row->g));
			cJSON_AddItemToArray(arr, o);
		}
		text = cJSON_Print(root);
		if (text) {
			rc = fputs(text, out) < 0 || fputc('\n', out) < 0 ? HL_ERR_IO : HL_OK;
			free(text);
		}
json_out:
		cJSON_Delete(root);
		if (rc != HL_OK)
			return rc;
	} else {
		return HL_ERR_INVALID;
	}
	return fflush(out) != 0 || ferror(out) ? HL_ERR_IO : HL_OK;
}
