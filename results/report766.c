/* SPDX-License-Identifier: MIT
 * report766.c — the `report 766` model (report766.h): the union of the groups with dossier data and
 * those with ratings, each site's total, the total of all; and its table, CSV and JSON writers (the
 * HTML page is report766_html.c). Every figure comes from dossier.c (the estimate) and index.c (the
 * terminal's QĐ 766-style rate, through report_group): nothing is computed twice. Text fields reach
 * CSV only through report_csv_field and JSON only through cJSON. */
#include "report766.h"

#include "hl.h"
#include "i18n.h"
#include "index.h"
#include "numfmt.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool report766_period_ok(struct period_range days)
{
	int fy, fm, fd, ty, tm, td;

	if (days.from > days.to)
		return false;
	period_civil_from_day(days.from, &fy, &fm, &fd);
	period_civil_from_day(days.to + 1, &ty, &tm, &td);
	int months = (ty - fy) * 12 + (tm - fm);
	/* From a month's first day to the day before another month's first day: one, three or twelve
	 * months, a quarter starting on a quarter and a year on January. */
	return fd == 1 && td == 1 &&
	       (months == 1 || (months == 3 && (fm - 1) % 3 == 0) || (months == 12 && fm == 1));
}

void report766_period_label(const struct report766 *r, char *buf, size_t cap, bool vi)
{
	static const char *const roman[4] = { "I", "II", "III", "IV" };
	int y = r->month_from / 100, m = r->month_from % 100, n = dossier_month_index(r->month_from, r->month_to) + 1;

	if (n == 12 && vi)
		snprintf(buf, cap, "Năm %d", y);
	else if (n == 12)
		snprintf(buf, cap, "%d", y);
	else if (n == 3 && vi)
		snprintf(buf, cap, "Quý %s/%d", roman[(m - 1) / 3 % 4], y);
	else if (n == 3)
		snprintf(buf, cap, "%d-Q%d", y, (m - 1) / 3 + 1);
	else if (vi)
		snprintf(buf, cap, "Tháng %02d/%d", m, y);
	else
		snprintf(buf, cap, "%d-%02d", y, m);
}

/* ---- the model ---------------------------------------------------------------------------------- */

struct key {
	const char *site, *procedure;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->site, y->site);

	return c ? c : strcmp(x->procedure, y->procedure);
}

/* The grouped row of (site, code) in rows (sorted by site, code), or NULL. */
static const struct report_row *find_group(const struct report_row *rows, size_t n, const char *site, const char *code)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(rows[mid].site, site);
		if (!c)
			c = strcmp(rows[mid].code, code);
		if (!c)
			return &rows[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void finish_row(const struct report766 *r, struct report766_row *row, const struct index_group *g)
{
	row->ratings = g ? g->ratings : 0;
	row->rate766 = g ? g->rate766 : NAN;
	dossier_estimate(dossier_sum_months(&row->d) ? &row->d.c : NULL, row->ratings, row->rate766, r->max_points,
			 &row->e);
}

int report766_build(struct report766 *r, const struct dossier_row *drows, size_t nd, const struct report_row *procs,
		    size_t np, const struct report_row *sites, size_t ns, const struct index_group *total,
		    const struct roster *roster)
{
	struct key *keys = malloc((nd + np + 1) * sizeof *keys);
	size_t nk = 0, k = 0, out = 0, nsites = 0;
	struct dossier_sum all = { 0 };

	r->rows = NULL;
	r->nrows = r->nsites = 0;
	r->dossiers = nd > 0;
	r->site_name = roster && r->site ? roster_name(roster, ROSTER_SITE, r->site) : NULL;
	r->month_from = period_month_of_day(r->days.from);
	r->month_to = period_month_of_day(r->days.to);
	if (!keys)
		return HL_ERR_NOMEM;
	for (size_t i = 0; i < nd; i++)
		if (i == 0 || strcmp(drows[i].site, drows[i - 1].site) || strcmp(drows[i].procedure, drows[i - 1].procedure))
			keys[nk++] = (struct key){ drows[i].site, drows[i].procedure };
	for (size_t i = 0; i < np; i++)
		keys[nk++] = (struct key){ procs[i].site, procs[i].code };
	qsort(keys, nk, sizeof *keys, key_cmp);
	size_t uniq = 0;
	for (size_t i = 0; i < nk; i++)
		if (uniq == 0 || key_cmp(&keys[uniq - 1], &keys[i]) != 0)
			keys[uniq++] = keys[i];
	nk = uniq;
	for (size_t i = 0; i < nk; i++)
		nsites += i == 0 || strcmp(keys[i].site, keys[i - 1].site) != 0;
	if (!(r->rows = calloc(nk + nsites + 1, sizeof *r->rows))) {
		free(keys);
		return HL_ERR_NOMEM;
	}
	size_t d = 0; /* next dossier row: both lists walk in (site, procedure) order */
	for (size_t i = 0; i < nk;) {
		const char *site = keys[i].site;
		struct dossier_sum site_sum = { 0 };
		for (; i < nk && strcmp(keys[i].site, site) == 0; i++) {
			struct report766_row *row = &r->rows[out++];
			row->kind = REPORT766_PROCEDURE;
			snprintf(row->site, sizeof row->site, "%s", site);
			snprintf(row->procedure, sizeof row->procedure, "%s", keys[i].procedure);
			row->name = roster && row->procedure[0] ? roster_name(roster, ROSTER_PROCEDURE, row->procedure) : NULL;
			row->site_name = roster ? roster_name(roster, ROSTER_SITE, site) : NULL;
			for (; d < nd && strcmp(drows[d].site, site) == 0 && strcmp(drows[d].procedure, keys[i].procedure) == 0; d++) {
				int m = dossier_month_index(r->month_from, drows[d].month);
				dossier_sum_add(&row->d, &drows[d].c, m);
				dossier_sum_add(&site_sum, &drows[d].c, m);
				dossier_sum_add(&all, &drows[d].c, m);
			}
			const struct report_row *g = find_group(procs, np, site, keys[i].procedure);
			finish_row(r, row, g ? &g->g : NULL);
		}
		struct report766_row *row = &r->rows[out++];
		row->kind = REPORT766_SITE;
		snprintf(row->site, sizeof row->site, "%s", site);
		row->site_name = roster ? roster_name(roster, ROSTER_SITE, site) : NULL;
		row->d = site_sum;
		const struct report_row *g = find_group(sites, ns, site, "");
		finish_row(r, row, g ? &g->g : NULL);
		k++;
	}
	if (k > 1) {
		struct report766_row *row = &r->rows[out++];
		row->kind = REPORT766_ALL;
		row->d = all;
		finish_row(r, row, total && total->ratings ? total : NULL);
	}
	r->nrows = out;
	r->nsites = k;
	free(keys);
	return HL_OK;
}

void report766_free(struct report766 *r)
{
	free(r->rows);
	r->rows = NULL;
	r->nrows = 0;
}

/* ---- table --------------------------------------------------------------------------------------- */

/* s in width columns (text.h: by display width), left- or right-aligned. */
static void cell(FILE *out, const char *s, int width, bool left)
{
	text_pad(out, s, width, !left);
}

static void fmt_num(char *buf, size_t cap, int lang, double v, int decimals)
{
	numfmt_num(buf, cap, lang, v, decimals);
}

static void fmt_count(char *buf, size_t cap, const struct report766_row *row, int64_t v)
{
	if (dossier_sum_months(&row->d))
		snprintf(buf, cap, "%lld", (long long)v);
	else
		snprintf(buf, cap, "—");
}

/* text in lines of at most width bytes, broken at spaces (or, in a word longer than a line, at a
 * character's first byte). */
static void wrapped(FILE *out, const char *text, size_t width)
{
	while (*text) {
		size_t n = strlen(text), cut = n;
		if (n > width) {
			for (cut = width; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				for (cut = width; cut > 1 && ((unsigned char)text[cut] & 0xC0) == 0x80; cut--)
					;
		}
		fprintf(out, "%.*s\n", (int)cut, text);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

static int report766_table(FILE *out, const struct report766 *r)
{
	/* Vietnamese first (STYLE 13); the table follows --lang, the figures its decimal mark. */
	static const char *const heads[2][11] = {
		{ "số tháng", "tiếp nhận", "đã giải quyết", "quá hạn", "phản ánh", "% quá hạn", "% p.ánh", "lượt ĐG",
		  "% chưa HL", "tỷ lệ %", "điểm" },
		{ "months", "received", "resolved", "overdue", "complaints", "overdue%", "compl%", "ratings", "dis%",
		  "rate%", "points" },
	};
	static const char *const words[2][9] = {
		{ "Tiêu chí mức độ hài lòng theo QĐ 766, ước tính, %s (%s đến %s)%s%s\n", ", đơn vị ",
		  "điểm tối đa %s; * dưới %d lượt đánh giá; — không có số liệu\n\n", "đơn vị", "thủ tục", "tên", "tất cả",
		  "(cộng)", "\n%zu đơn vị" },
		{ "QĐ 766 satisfaction criterion, estimate (ước tính), %s (%s to %s)%s%s\n", ", site ",
		  "max points %s; * fewer than %d ratings; — no data\n\n", "site", "procedure", "name", "all", "(total)",
		  "\n%zu site" },
	};
	int en = r->lang == I18N_EN, lang = en ? I18N_EN : I18N_VI;
	int widths[11];
	char period[40], from[16], to[16], mx[16];
	int ws = text_width(words[en][3]), wp = text_width(words[en][4]);
	int nmonths = dossier_month_index(r->month_from, r->month_to) + 1;

	for (int c = 0; c < 11; c++)
		widths[c] = text_width_max(c == 0 ? 7 : 6, heads[en][c]);
	report766_period_label(r, period, sizeof period, !en);
	numfmt_day(from, sizeof from, lang, r->days.from);
	numfmt_day(to, sizeof to, lang, r->days.to);
	char site[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
	fprintf(out, words[en][0], period, from, to, r->site ? words[en][1] : "",
		r->site ? report_site_label(r->site, r->site_name, site, sizeof site) : "");
	wrapped(out, dossier_formula(lang), 100);
	fprintf(out, words[en][2], numfmt_num(mx, sizeof mx, lang, r->max_points, r->max_points == floor(r->max_points) ? 0 : 2),
		INDEX_MIN_RANK);
	for (size_t i = 0; i < r->nrows; i++) {
		ws = text_width_max(ws, r->rows[i].site);
		wp = text_width_max(wp, r->rows[i].procedure);
	}
	cell(out, words[en][3], ws, true);
	fputs("  ", out);
	cell(out, words[en][4], wp, true);
	for (size_t i = 0; i < 11; i++) {
		fputc(' ', out);
		cell(out, heads[en][i], widths[i], false);
	}
	fprintf(out, "  %s\n", words[en][5]);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report766_row *row = &r->rows[i];
		char v[11][32];
		snprintf(v[0], sizeof v[0], "%d/%d", dossier_sum_months(&row->d), nmonths);
		fmt_count(v[1], sizeof v[1], row, row->d.c.received);
		fmt_count(v[2], sizeof v[2], row, row->d.c.resolved);
		fmt_count(v[3], sizeof v[3], row, row->d.c.overdue);
		fmt_count(v[4], sizeof v[4], row, row->d.c.complaints);
		fmt_num(v[5], sizeof v[5], lang, row->e.overdue_pct, 1);
		fmt_num(v[6], sizeof v[6], lang, row->e.complaint_pct, 1);
		snprintf(v[7], sizeof v[7], "%lld%s", (long long)row->ratings,
			 row->ratings && row->ratings < INDEX_MIN_RANK ? "*" : "");
		fmt_num(v[8], sizeof v[8], lang, row->e.dissatisfied_pct, 1);
		fmt_num(v[9], sizeof v[9], lang, row->e.rate, 2);
		fmt_num(v[10], sizeof v[10], lang, row->e.points, 2);
		cell(out, row->kind == REPORT766_ALL ? words[en][6] : row->site, ws, true);
		fputs("  ", out);
		cell(out, row->kind != REPORT766_PROCEDURE ? words[en][7] : row->procedure[0] ? row->procedure : "(—)", wp,
		     true);
		for (int c = 0; c < 11; c++) {
			fputc(' ', out);
			cell(out, v[c], widths[c], false);
		}
		if (row->kind == REPORT766_PROCEDURE && row->name)
			fprintf(out, "  %s", row->name);
		else if (row->kind == REPORT766_SITE && row->site_name) /* a site's total: the site's name */
			fprintf(out, "  %s", row->site_name);
		fputc('\n', out);
	}
	fprintf(out, words[en][8], r->nsites);
	if (en && r->nsites != 1)
		fputc('s', out);
	if (!r->dossiers)
		fputs(en ? "; no dossier data for this period: import the one-stop system's counts with "
			   "'hailong-aggregator import dossiers'"
			 : "; kỳ này chưa có số liệu hồ sơ: nhập số liệu của Hệ thống thông tin giải quyết TTHC bằng "
			   "'hailong-aggregator import dossiers'",
		      out);
	fputc('\n', out);
	return HL_OK;
}

/* ---- CSV ----------------------------------------------------------------------------------------- */

static const char *const kind_names[] = { "procedure", "site_total", "total" };

static int report766_csv(FILE *out, const struct report766 *r)
{
	char period[32], from[11], to[11];
	int nmonths = dossier_month_index(r->month_from, r->month_to) + 1;

	report766_period_label(r, period, sizeof period, false);
	period_format_day(r->days.from, from);
	period_format_day(r->days.to, to);
	fputs("\xEF\xBB\xBF", out);
	fputs("period,from,to,site,procedure,name,row,months,months_in_period,received,resolved,overdue,complaints,"
	      "overdue_pct,complaint_pct,ratings,dissatisfied_pct,rate,points,max_points,estimate,formula,site_name\r\n", out);
	for (size_t i = 0; i < r->nrows; i++) {
		const struct report766_row *row = &r->rows[i];
		int months = dossier_sum_months(&row->d);
		fprintf(out, "%s,%s,%s,", period, from, to);
		report_csv_field(out, row->site);
		fputc(',', out);
		report_csv_field(out, row->procedure);
		fputc(',', out);
		report_csv_field(out, row->name ? row->name : "");
		fprintf(out, ",%s,%d,%d", kind_names[row->kind], months, nmonths);
		if (months)
			fprintf(out, ",%lld,%lld,%lld,%lld", (long long)row->d.c.received, (long long)row->d.c.resolved,
				(long long)row->d.c.overdue, (long long)row->d.c.complaints);
		else
			fputs(",,,,", out);
		report_csv_num(out, row->e.overdue_pct);
		report_csv_num(out, row->e.complaint_pct);
		fprintf(out, ",%lld", (long long)row->ratings);
		report_csv_num(out, row->e.dissatisfied_pct);
		report_csv_num(out, row->e.rate);
		report_csv_num(out, row->e.points);
		fprintf(out, ",%g,ước tính,", r->max_points);
		report_csv_field(out, dossier_formula(I18N_EN));
		fputc(',', out); /* site_name last: the columns before it keep their places */
		report_csv_field(out, row->site_name ? row->site_name : "");
		fputs("\r\n", out);
	}
	return HL_OK;
}

/* ---- JSON ---------------------------------------------------------------------------------------- */

static cJSON *json_row(const struct report766_row *row)
{
	cJSON *o = cJSON_CreateObject(), *d;

	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "months", dossier_sum_months(&row->d));
	if (dossier_sum_months(&row->d) && (d = cJSON_AddObjectToObject(o, "dossiers"))) {
		cJSON_AddNumberToObject(d, "received", (double)row->d.c.received);
		cJSON_AddNumberToObject(d, "resolved", (double)row->d.c.resolved);
		cJSON_AddNumberToObject(d, "overdue", (double)row->d.c.overdue);
		cJSON_AddNumberToObject(d, "complaints", (double)row->d.c.complaints);
	} else {
		cJSON_AddNullToObject(o, "dossiers");
	}
	cJSON_AddNumberToObject(o, "ratings", (double)row->ratings);
	report_json_num(o, "overdue_pct", row->e.overdue_pct);
	report_json_num(o, "complaint_pct", row->e.complaint_pct);
	report_json_num(o, "dissatisfied_pct", row->e.dissatisfied_pct);
	report_json_num(o, "rate", row->e.rate);
	report_json_num(o, "points", row->e.points);
	return o;
}

static int report766_json(FILE *out, const struct report766 *r)
{
	char period[32], from[11], to[11], gen[40];
	cJSON *root = cJSON_CreateObject(), *sites, *site = NULL, *procs = NULL;
	int rc = HL_ERR_NOMEM;

	if (!root)
		return HL_ERR_NOMEM;
	report766_period_label(r, period, sizeof period, false);
	period_format_day(r->days.from, from);
	period_format_day(r->days.to, to);
	numfmt_time(gen, sizeof gen, I18N_EN, r->generated, r->utc_offset, false);
	cJSON_AddStringToObject(root, "report", "766");
	cJSON_AddNumberToObject(root, "version", 1);
	cJSON_AddBoolToObject(root, "estimate", true);
	cJSON_AddStringToObject(root, "note", "ước tính (estimate)");
	cJSON_AddStringToObject(root, "period", period);
	cJSON_AddStringToObject(root, "from", from);
	cJSON_AddStringToObject(root, "to", to);
	cJSON_AddNumberToObject(root, "months_in_period", dossier_month_index(r->month_from, r->month_to) + 1);
	if (r->site)
		cJSON_AddStringToObject(root, "site", r->site);
	else
		cJSON_AddNullToObject(root, "site");
	cJSON_AddItemToObject(root, "site_name", r->site_name ? cJSON_CreateString(r->site_name) : cJSON_CreateNull());
	cJSON_AddStringToObject(root, "generated", gen);
	cJSON_AddNumberToObject(root, "max_points", r->max_points);
	cJSON_AddNumberToObject(root, "full_rate", DOSSIER_FULL_RATE);
	cJSON_AddStringToObject(root, "formula", dossier_formula(I18N_EN));
	cJSON_AddStringToObject(root, "formula_vi", dossier_formula(I18N_VI));
	sites = cJSON_AddArrayToObject(root, "sites");
	for (size_t i = 0; sites && i < r->nrows; i++) {
		const struct report766_row *row = &r->rows[i];
		cJSON *o = json_row(row);
		if (!o)
			goto out;
		if (row->kind == REPORT766_ALL) {
			cJSON_AddItemToObject(root, "total", o);
			continue;
		}
		if (!site) {
			if (!(site = cJSON_CreateObject()))
				goto out;
			cJSON_AddItemToArray(sites, site);
			cJSON_AddStringToObject(site, "site", row->site);
			cJSON_AddItemToObject(site, "site_name",
					      row->site_name ? cJSON_CreateString(row->site_name) : cJSON_CreateNull());
			procs = cJSON_AddArrayToObject(site, "procedures");
		}
		if (row->kind == REPORT766_SITE) {
			cJSON_AddItemToObject(site, "total", o);
			site = NULL;
			continue;
		}
		cJSON_AddItemToObject(o, "procedure", cJSON_CreateString(row->procedure));
		cJSON_AddItemToObject(o, "name", row->name ? cJSON_CreateString(row->name) : cJSON_CreateNull());
		if (procs)
			cJSON_AddItemToArray(procs, o);
		else
			cJSON_Delete(o);
	}
	return report_json_print(out, root);
out:
	cJSON_Delete(root);
	return rc;
}

int report766_write(FILE *out, enum report_format fmt, const struct report766 *r)
{
	int rc;

	switch (fmt) {
	case REPORT_TABLE: rc = report766_table(out, r); break;
	case REPORT_CSV: rc = report766_csv(out, r); break;
	case REPORT_JSON: rc = report766_json(out, r); break;
	case REPORT_HTML: rc = report766_html_write(out, r); break;
	default: return HL_ERR_INVALID;
	}
	if (rc == HL_OK && (fflush(out) != 0 || ferror(out)))
		rc = HL_ERR_IO;
	return rc;
}
