/* SPDX-License-Identifier: MIT
 * report_text.c — the table, CSV and JSON writers of a report (report_text.h). It owns nothing: the
 * report is borrowed, the stream is the caller's, and flushing and checking it is report_write's job.
 * Text fields reach CSV only through report_csv_field (report.c), JSON only through cJSON; the
 * officer privacy rule is report_shown's, never decided here. */
#include "report_text.h"

#include "hl.h"
#include "i18n.h"
#include "numfmt.h"
#include "roster.h"
#include "survey.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- table ------------------------------------------------------------------------------------- */

/* What the table says, Vietnamese first (STYLE 13). */
enum { T_TITLE, T_OF, T_SITE, T_FORMULA, T_RANK, T_SITE_COL, T_NAME, T_OFFICER_INDEX, T_PROCEDURE_INDEX,
       T_RESULT_INDEX, T_DIS, T_766, T_NONE, T_TOTAL, T_TOTAL_HIDDEN, T_SITES, T_COUNT };

static const char *const report_words[T_COUNT][2] = {
	[T_TITLE] = { "Mức độ hài lòng theo %s", "Satisfaction per %s" },
	[T_OF] = { " của %s %s", " of %s %s" },
	[T_SITE] = { ", đơn vị ", ", site " },
	[T_FORMULA] = { "chỉ số = số câu trả lời hài lòng / tổng số câu trả lời x 100, [khoảng tin cậy 95 %% Wilson]; "
			"xếp hạng theo cận dưới của khoảng tin cậy; n < %d: chưa đủ để xếp hạng",
			"index = satisfied answers / all answers x 100, [95%% Wilson interval]; ranked by the interval's "
			"lower bound; n < %d: too small to rank" },
	[T_RANK] = { "hạng", "rank" },
	[T_SITE_COL] = { "đơn vị", "site" },
	[T_NAME] = { "tên", "name" },
	[T_OFFICER_INDEX] = { "chỉ số công chức [KTC]", "officer index [CI]" },
	[T_PROCEDURE_INDEX] = { "chỉ số thủ tục [KTC]", "procedure index [CI]" },
	[T_RESULT_INDEX] = { "chỉ số kết quả [KTC]", "result index [CI]" }, /* T_OFFICER_INDEX + survey question */
	[T_DIS] = { "% chưa HL", "dis%" },
	[T_766] = { "QĐ 766", "766%" },
	[T_NONE] = { "(không rõ)", "(none)" },
	[T_TOTAL] = { "%zu %s, %lld lượt đánh giá (* chưa đủ để xếp hạng)", "%zu %s, %lld %s (* too small to rank)" },
	[T_TOTAL_HIDDEN] = { "%zu %s, < 5 lượt đánh giá", "%zu %s, < 5 ratings" },
	[T_SITES] = { "Đơn vị:", "Sites:" },
};
/* A dimension's group in words: Vietnamese has no plural; English has one and many. */
static const char *const report_dims_vi[ROLLUP_DIM_COUNT] = { "quầy", "công chức", "thủ tục", "đơn vị" };
static const char *const report_dims_en[ROLLUP_DIM_COUNT][2] = {
	{ "counter", "counters" }, { "officer", "officers" }, { "procedure", "procedures" }, { "site", "sites" }
};

static const char *report_word(const struct report *r, int w)
{
	return report_words[w][r->lang == I18N_EN];
}

/* The dimension in words: Vietnamese whatever n, English one or many. */
static const char *report_dim_words(const struct report *r, int dim, long long n)
{
	if (dim < 0 || dim >= ROLLUP_DIM_COUNT)
		return "?";
	return r->lang == I18N_EN ? report_dims_en[dim][n != 1] : report_dims_vi[dim];
}

/* Prints s padded to width display columns (text_width), on the left (left) or the right. */
static void report_pad_to(FILE *out, const char *s, int width, bool left)
{
	text_pad(out, s, width, !left);
}

static void report_pad(FILE *out, const char *s, int width)
{
	report_pad_to(out, s, width, true);
}

/* A figure of the table in its language: "70,7" in Vietnamese, "70.7" in English, "—" for none. */
static const char *report_fig(const struct report *r, double v, char *buf, size_t cap)
{
	return numfmt_num(buf, cap, r->lang, v, 1);
}

/* Over several sites, the rows' site column holds codes: the names of those sites follow the table,
 * one per line ("  sct-bentre  Sở Công Thương tỉnh Bến Tre"), each site once (rows come in site
 * order). Nothing when no row's site has a name, or for the sites report, whose rows name them. */
static void report_text_sites(FILE *out, const struct report *r)
{
	bool any = false;
	int w = 0;

	if (r->site || r->dim == ROLLUP_SITE)
		return;
	for (size_t k = 0; k < r->nrows; k++)
		if (r->rows[k].site_name) {
			any = true;
			w = text_width_max(w, r->rows[k].site);
		}
	if (!any)
		return;
	fprintf(out, "\n%s\n", report_word(r, T_SITES));
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		if (!row->site_name || (k && strcmp(row->site, r->rows[k - 1].site) == 0))
			continue;
		fputs("  ", out);
		report_pad(out, row->site, w + 2);
		fprintf(out, "%s\n", row->site_name);
	}
}

int report_text_table(FILE *out, const struct report *r)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);
	size_t *order = report_order(r);
	char period[96];

	if (!order)
		return HL_ERR_NOMEM;
	report_period(r, period, sizeof period, r->lang);
	fprintf(out, report_word(r, T_TITLE), report_dim_words(r, r->dim, 1));
	if (report_subject(r)) {
		fprintf(out, report_word(r, T_OF), report_dim_words(r, report_subject_dim(r), 1), report_subject(r));
		if (r->subject_name)
			fprintf(out, " (%s)", r->subject_name);
	}
	char site[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
	fprintf(out, ", %s%s%s\n", period, r->site ? report_word(r, T_SITE) : "",
		r->site ? report_site_label(r->site, r->site_name, site, sizeof site) : "");
	fprintf(out, report_word(r, T_FORMULA), INDEX_MIN_RANK);
	fputs("\n\n", out);

	bool by_site = r->dim == ROLLUP_SITE; /* a site row: its site, and the site's name */
	/* Columns as wide as their widest cell (display columns: a long Vietnamese name keeps the
	 * figures after it in line), and a blank after each. */
	int wsite = text_width(report_word(r, T_SITE_COL)), wcode = text_width(report_dim_words(r, r->dim, 1));
	int wname = text_width(report_word(r, T_NAME));
	for (size_t k = 0; k < r->nrows; k++) {
		wsite = text_width_max(wsite, r->rows[k].site);
		wcode = text_width_max(wcode, r->rows[k].code[0] ? r->rows[k].code : report_word(r, T_NONE));
		wname = text_width_max(wname, r->rows[k].name ? r->rows[k].name : "");
	}
	wsite += 2, wcode += 2, wname += 2;
	report_pad_to(out, report_word(r, T_RANK), 4, false);
	fputs("  ", out);
	report_pad(out, report_word(r, T_SITE_COL), wsite);
	if (!by_site)
		report_pad(out, report_dim_words(r, r->dim, 1), wcode);
	report_pad(out, report_word(r, T_NAME), wname);
	for (int i = 0; i < nq; i++) {
		report_pad_to(out, "n", 7, false);
		fputc(' ', out);
		report_pad(out, report_word(r, T_OFFICER_INDEX + qs[i]), 22);
		report_pad_to(out, report_word(r, T_DIS), 10, false);
	}
	fputc(' ', out);
	report_pad_to(out, report_word(r, T_766), 6, false);
	fputc('\n', out);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[order[k]];
		bool shown = report_shown(r, row);
		char rank[24];
		if (row->g.q[qs[0]].rankable && shown)
			snprintf(rank, sizeof rank, "%zu", k + 1);
		else
			snprintf(rank, sizeof rank, "-");
		report_pad_to(out, rank, 4, false);
		fputs("  ", out);
		report_pad(out, row->site, wsite);
		if (!by_site)
			report_pad(out, row->code[0] ? row->code : report_word(r, T_NONE), wcode);
		report_pad(out, row->name ? row->name : "", wname);
		for (int i = 0; i < nq; i++) {
			const struct index_q *x = &row->g.q[qs[i]];
			char n[24], v[16], lo[16], hi[16], d[16], ci[64];
			if (!shown) {
				report_pad_to(out, "< 5", 7, false);
				fprintf(out, " %-22s %9s", "", "");
				continue;
			}
			snprintf(n, sizeof n, "%lld", (long long)x->n);
			if (x->n == 0) /* not asked there: no figure, no interval */
				snprintf(ci, sizeof ci, "—");
			else
				snprintf(ci, sizeof ci, "%s [%s-%s]%s", report_fig(r, x->satisfaction, v, sizeof v),
					 report_fig(r, x->sat_lo, lo, sizeof lo), report_fig(r, x->sat_hi, hi, sizeof hi),
					 !x->rankable ? " *" : "");
			report_pad_to(out, n, 7, false);
			fputc(' ', out);
			report_pad(out, ci, 22);
			report_pad_to(out, report_fig(r, x->dissatisfaction, d, sizeof d), 10, false);
		}
		char rate[16];
		fputc(' ', out);
		report_pad_to(out, report_fig(r, shown ? row->g.rate766 : NAN, rate, sizeof rate), 6, false);
		fputc('\n', out);
	}
	fputc('\n', out);
	if (report_total_shown(r, &r->total)) {
		long long ratings = (long long)r->total.ratings;
		fprintf(out, report_word(r, T_TOTAL), r->nrows, report_dim_words(r, r->dim, (long long)r->nrows), ratings,
			ratings == 1 ? "rating" : "ratings");
	} else { /* one officer's drill-down over fewer than five answers: "< 5" for the whole too */
		fprintf(out, report_word(r, T_TOTAL_HIDDEN), r->nrows, report_dim_words(r, r->dim, (long long)r->nrows));
	}
	fputc('\n', out);
	report_text_sites(out, r);
	free(order);
	return HL_OK;
}

/* ---- CSV --------------------------------------------------------------------------------------- */

int report_text_csv(FILE *out, const struct report *r)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);

	fputs("\xEF\xBB\xBF", out);
	bool by_site = r->dim == ROLLUP_SITE;
	/* A drill-down's rows name their subject in a column of their own after the site, so a file
	 * read alone still says whose figures these are. */
	const char *subject = report_subject(r);
	if (by_site)
		fputs("site,ratings,rate766", out);
	else if (subject)
		fprintf(out, "site,%s,%s,name,ratings,rate766", report_dim_column(report_subject_dim(r)),
			report_dim_column(r->dim));
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
	/* Last, so that the columns before it keep their places. */
	fputs(",site_name\r\n", out);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		bool shown = report_shown(r, row);
		report_csv_field(out, row->site);
		if (subject) {
			fputc(',', out);
			report_csv_field(out, subject);
		}
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
				fputs(",< 5", out); /* reasons included (DESIGN §8) */
			fputc(',', out);
			report_csv_field(out, row->site_name ? row->site_name : "");
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
		fputc(',', out);
		report_csv_field(out, row->site_name ? row->site_name : "");
		fputs("\r\n", out);
	}
	return HL_OK;
}

/* ---- JSON -------------------------------------------------------------------------------------- */

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
		/* Counts only as "< 5", reasons included (DESIGN §8): the keys stay, the numbers go. */
		cJSON_AddStringToObject(o, "ratings", "< 5");
		reasons = cJSON_AddObjectToObject(o, "reasons");
		for (int i = 0; reasons && i < SURVEY_R_COUNT; i++)
			cJSON_AddStringToObject(reasons, survey_reason_code(i), "< 5");
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

int report_text_json(FILE *out, const struct report *r)
{
	char from[11], to[11], gen[40];
	cJSON *root = cJSON_CreateObject(), *rows;
	int rc = HL_ERR_NOMEM;

	if (!root)
		return HL_ERR_NOMEM;
	period_format_day(r->days.from, from);
	period_format_day(r->days.to, to);
	numfmt_time(gen, sizeof gen, I18N_EN, r->generated, r->utc_offset, false);
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
	if (r->site_name)
		cJSON_AddStringToObject(root, "site_name", r->site_name);
	else
		cJSON_AddNullToObject(root, "site_name");
	if (report_subject(r)) {
		/* A drill-down: "officer": "cb0123" (or "procedure") and the subject's name. */
		char key[32];
		cJSON_AddStringToObject(root, report_dim_column(report_subject_dim(r)), report_subject(r));
		snprintf(key, sizeof key, "%s_name", report_dim_column(report_subject_dim(r)));
		if (r->subject_name)
			cJSON_AddStringToObject(root, key, r->subject_name);
		else
			cJSON_AddNullToObject(root, key);
	}
	cJSON_AddStringToObject(root, "generated", gen);
	cJSON_AddStringToObject(root, "formula",
				report_subject(r)
					? "satisfaction = satisfied answers / all answers * 100 with a 95% Wilson interval; "
					  "dissatisfaction likewise; mean100 = (mean level - 1) / (scale - 1) * 100; rate766 = "
					  "ratings with no dissatisfied answer and no reason / all ratings * 100; groups with n < "
					  "30 are not rankable; a drill-down's rows show both questions, ranked on its subject's; "
					  "one officer's rows with fewer than 5 answers to a question shown (or to the officer "
					  "question) show \"< 5\""
					: "satisfaction = satisfied answers / all answers * 100 with a 95% Wilson interval; "
					  "dissatisfaction likewise; mean100 = (mean level - 1) / (scale - 1) * 100; rate766 = "
					  "ratings with no dissatisfied answer and no reason / all ratings * 100; groups with n < "
					  "30 are not rankable; officer figures use only the officer question, procedure figures "
					  "only the procedure question; an officer with fewer than 5 answers shows \"< 5\"");
	cJSON_AddItemToObject(root, "total", report_json_group(r, &r->total, report_total_shown(r, &r->total)));
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
		cJSON_AddItemToObject(o, "site_name", row->site_name ? cJSON_CreateString(row->site_name) : cJSON_CreateNull());
		cJSON_AddItemToArray(rows, o);
	}
	return report_json_print(out, root);
out:
	cJSON_Delete(root);
	return rc;
}
