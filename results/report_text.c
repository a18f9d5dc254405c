/* SPDX-License-Identifier: MIT
 * report_text.c — the table, CSV and JSON writers of a report (report_text.h). It owns nothing: the
 * report is borrowed, the stream is the caller's, and flushing and checking it is report_write's job.
 * Text fields reach CSV only through report_csv_field (report.c), JSON only through cJSON; the
 * officer privacy rule is report_shown's, never decided here. */
#include "report_text.h"

#include "hl.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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

int report_text_table(FILE *out, const struct report *r)
{
	int qs[SURVEY_Q_COUNT], nq = report_questions(r, qs);
	size_t *order = report_order(r);
	char period[64];

	if (!order)
		return HL_ERR_NOMEM;
	report_period(r, period, sizeof period, false);
	fprintf(out, "Satisfaction per %s", report_dim_column(r->dim));
	if (report_subject(r)) {
		fprintf(out, " of %s %s", report_dim_column(report_subject_dim(r)), report_subject(r));
		if (r->subject_name)
			fprintf(out, " (%s)", r->subject_name);
	}
	fprintf(out, ", %s%s%s\n", period, r->site ? ", site " : "", r->site ? r->site : "");
	fprintf(out, "index = satisfied answers / all answers x 100, [95%% Wilson interval]; ranked by the "
		     "interval's lower bound; n < %d: too small to rank\n\n", INDEX_MIN_RANK);

	bool by_site = r->dim == ROLLUP_SITE; /* a site has no code or name of its own */
	fprintf(out, "%4s  ", "rank");
	report_pad(out, "site", 12);
	if (!by_site) {
		report_pad(out, report_dim_column(r->dim), 12);
		report_pad(out, "name", 34);
	}
	for (int i = 0; i < nq; i++) {
		char head[40];
		snprintf(head, sizeof head, "%s [CI]", report_question_title(qs[i], false));
		fprintf(out, "%7s %-22s %6s", "n", head,
			"dis%");
	}
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
	if (report_total_shown(r, &r->total))
		fprintf(out, "\n%zu %s, %lld ratings (* too small to rank)\n", r->nrows, report_dim_name(r->dim),
			(long long)r->total.ratings);
	else /* one officer's drill-down over fewer than five answers: "< 5" for the whole too */
		fprintf(out, "\n%zu %s, < 5 ratings\n", r->nrows, report_dim_name(r->dim));
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
	fputs("\r\n", out);
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

int report_text_json(FILE *out, const struct report *r)
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
