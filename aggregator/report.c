/* SPDX-License-Identifier: MIT
 * report.c — counts per level are printed on the row's own scale (a counter that changed scale shows
 * one row per scale), because levels of different scales do not mean the same thing. JSON goes
 * through cJSON so every string is escaped by a library, not by hand. */
#include "report.h"

#include "hl.h"
#include "survey.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const report_dims[ROLLUP_DIM_COUNT] = { "counters", "officers", "procedures", "sites" };
static const char *const report_cols[ROLLUP_DIM_COUNT] = { "counter", "officer", "procedure", "site" };

int report_format_parse(const char *name)
{
	static const char *const names[] = { "table", "csv", "json" };

	for (int i = 0; i < 3; i++)
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

static void report_levels(char *buf, size_t cap, const struct rollup_row *row, int q, char sep)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int l = 0; l < row->key.scale && len < cap; l++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%lld", l ? (char[]){ sep, 0 } : "",
					(long long)row->c.level[q][l]);
}

static int report_table(FILE *out, const struct report_meta *meta, const struct rollup_row *rows,
			size_t n)
{
	char from[11], to[11];
	int64_t total = 0;

	period_format_day(meta->days.from, from);
	period_format_day(meta->days.to, to);
	if (meta->all_time)
		fprintf(out, "Ratings per %s, all stored", report_dim_column(meta->dim));
	else
		fprintf(out, "Ratings per %s, %s to %s", report_dim_column(meta->dim), from, to);
	fprintf(out, "%s%s\n", meta->site ? ", site " : "", meta->site ? meta->site : "");
	fprintf(out, "Levels are counted 1..scale (1 = least satisfied).\n\n");
	fprintf(out, "%-20s %-12s %5s %9s  %-34s %-34s\n", "site", report_dim_column(meta->dim), "scale",
		"ratings", "officer question, per level", "procedure question, per level");
	for (size_t i = 0; i < n; i++) {
		char o[64], p[64];
		report_levels(o, sizeof o, &rows[i], SURVEY_Q_OFFICER, ' ');
		report_levels(p, sizeof p, &rows[i], SURVEY_Q_PROCEDURE, ' ');
		fprintf(out, "%-20s %-12s %5d %9lld  %-34s %-34s\n", rows[i].key.site,
			rows[i].key.code[0] ? rows[i].key.code : "(none)", rows[i].key.scale,
			(long long)rows[i].c.n, o, p);
		total += rows[i].c.n;
	}
	fprintf(out, "\n%zu row%s, %lld rating%s\n", n, n == 1 ? "" : "s", (long long)total,
		total == 1 ? "" : "s");
	return HL_OK;
}

static int report_csv(FILE *out, const struct report_meta *meta, const struct rollup_row *rows, size_t n)
{
	fputs("\xEF\xBB\xBF", out);
	fprintf(out, "site,%s,scale,ratings,clean", report_dim_column(meta->dim));
	for (int q = 0; q < SURVEY_Q_COUNT; q++)
		for (int l = 1; l <= SURVEY_SCALE_MAX; l++)
			fprintf(out, ",%s_%d", survey_question_key(q), l);
	for (int r = 0; r < SURVEY_R_COUNT; r++)
		fprintf(out, ",%s", survey_reason_code(r));
	fputs("\r\n", out);
	for (size_t i = 0; i < n; i++) {
		const struct rollup_row *row = &rows[i];
		/* Codes are [A-Za-z0-9._-] by validation: nothing in them needs quoting. */
		fprintf(out, "%s,%s,%d,%lld,%lld", row->key.site, row->key.code, row->key.scale,
			(long long)row->c.n, (long long)row->c.clean);
		for (int q = 0; q < SURVEY_Q_COUNT; q++)
			for (int l = 0; l < SURVEY_SCALE_MAX; l++)
				fprintf(out, ",%lld", (long long)row->c.level[q][l]);
		for (int r = 0; r < SURVEY_R_COUNT; r++)
			fprintf(out, ",%lld", (long long)row->c.reason[r]);
		fputs("\r\n", out);
	}
	return HL_OK;
}

static cJSON *report_json_row(const struct rollup_row *row, int dim)
{
	cJSON *o = cJSON_CreateObject(), *answers, *reasons;

	if (!o)
		return NULL;
	cJSON_AddStringToObject(o, "site", row->key.site);
	cJSON_AddStringToObject(o, report_dim_column(dim), row->key.code);
	cJSON_AddNumberToObject(o, "scale", row->key.scale);
	cJSON_AddNumberToObject(o, "ratings", (double)row->c.n);
	cJSON_AddNumberToObject(o, "clean", (double)row->c.clean);
	answers = cJSON_AddObjectToObject(o, "answers");
	for (int q = 0; answers && q < SURVEY_Q_COUNT; q++) {
		cJSON *arr = cJSON_AddArrayToObject(answers, survey_question_key(q));
		for (int l = 0; arr && l < row->key.scale; l++)
			cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)row->c.level[q][l]));
	}
	reasons = cJSON_AddObjectToObject(o, "reasons");
	for (int r = 0; reasons && r < SURVEY_R_COUNT; r++)
		cJSON_AddNumberToObject(reasons, survey_reason_code(r), (double)row->c.reason[r]);
	return o;
}

static int report_json(FILE *out, const struct report_meta *meta, const struct rollup_row *rows, size_t n)
{
	char from[11], to[11];
	cJSON *root = cJSON_CreateObject(), *arr;
	char *text;
	int rc = HL_ERR_NOMEM;

	if (!root)
		return HL_ERR_NOMEM;
	period_format_day(meta->days.from, from);
	period_format_day(meta->days.to, to);
	cJSON_AddStringToObject(root, "report", report_dim_name(meta->dim));
	if (meta->all_time) {
		cJSON_AddNullToObject(root, "from");
		cJSON_AddNullToObject(root, "to");
	} else {
		cJSON_AddStringToObject(root, "from", from);
		cJSON_AddStringToObject(root, "to", to);
	}
	if (meta->site)
		cJSON_AddStringToObject(root, "site", meta->site);
	else
		cJSON_AddNullToObject(root, "site");
	arr = cJSON_AddArrayToObject(root, "rows");
	for (size_t i = 0; arr && i < n; i++) {
		cJSON *o = report_json_row(&rows[i], meta->dim);
		if (!o)
			goto out;
		cJSON_AddItemToArray(arr, o);
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

int report_write(FILE *out, enum report_format fmt, const struct report_meta *meta,
		 const struct rollup_row *rows, size_t n)
{
	int rc;

	switch (fmt) {
	case REPORT_TABLE:
		rc = report_table(out, meta, rows, n);
		break;
	case REPORT_CSV:
		rc = report_csv(out, meta, rows, n);
		break;
	case REPORT_JSON:
		rc = report_json(out, meta, rows, n);
		break;
	default:
		return HL_ERR_INVALID;
	}
	if (rc == HL_OK && (fflush(out) != 0 || ferror(out)))
		rc = HL_ERR_IO;
	return rc;
}
