/* SPDX-License-Identifier: MIT
 * sipas.c — the SIPAS export (sipas.h): the one table of elements and the question feeding each, the
 * weights, the overall index and the three writers. The mapping is written into every output beside
 * the numbers, so a reader at the province sees which answers make which index; an element no
 * question feeds is written as no data (empty in CSV, null in JSON, "—" in the table), never as 0. */
#include "sipas.h"

#include "hl.h"
#include "i18n.h"
#include "numfmt.h"
#include "roster.h"
#include "text.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key;
	const char *name[I18N_LANG_COUNT];
	int question; /* survey question, -1: none */
} sipas_elements[SIPAS_EL_COUNT] = {
	[SIPAS_TIEP_CAN] = { "tiep_can_dich_vu", { "Tiếp cận dịch vụ", "Access to the service" }, -1 },
	[SIPAS_THU_TUC] = { "thu_tuc_hanh_chinh", { "Thủ tục hành chính", "Administrative procedure" },
			    SURVEY_Q_PROCEDURE },
	[SIPAS_CONG_CHUC] = { "cong_chuc", { "Công chức", "Officers" }, SURVEY_Q_OFFICER },
	[SIPAS_KET_QUA] = { "ket_qua_dich_vu", { "Kết quả dịch vụ", "Result of the service" }, SURVEY_Q_RESULT },
	[SIPAS_GOP_Y] = { "tiep_nhan_gop_y",
			  { "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "Handling of feedback and complaints" }, -1 },
};

/* Where the numbers come from, in the files' own words (English in CSV and JSON, which machines and
 * the province's analysts read; Vietnamese in the table). */
static const char sipas_formula[] =
	"each terminal question feeds one SIPAS element: thu_tuc_hanh_chinh <- the procedure question, "
	"cong_chuc <- the officer question, ket_qua_dich_vu <- the result question (asked where a terminal is set "
	"to); tiep_can_dich_vu and tiep_nhan_gop_y: no question, no data; "
	"element index I_e = satisfied answers / all answers x 100; "
	"overall = sum(w_e x I_e) / sum(w_e) over the elements with answers; n = answers behind each index";

static const char sipas_formula_vi[] =
	"Mỗi câu hỏi trên thiết bị chỉ tính cho một yếu tố SIPAS. Chỉ số yếu tố Iₑ = số câu trả lời hài lòng ÷ "
	"tổng số câu trả lời × 100. Chỉ số chung = Σ wₑ·Iₑ ÷ Σ wₑ, chỉ tính các yếu tố có dữ liệu.";

const char *sipas_element_key(int e)
{
	return e >= 0 && e < SIPAS_EL_COUNT ? sipas_elements[e].key : NULL;
}

const char *sipas_element_name(int e, int lang)
{
	if (e < 0 || e >= SIPAS_EL_COUNT)
		return "";
	return sipas_elements[e].name[lang == I18N_EN ? I18N_EN : I18N_VI];
}

int sipas_element_question(int e)
{
	return e >= 0 && e < SIPAS_EL_COUNT ? sipas_elements[e].question : -1;
}

void sipas_weights_default(double w[SIPAS_EL_COUNT])
{
	for (int e = 0; e < SIPAS_EL_COUNT; e++)
		w[e] = 1;
}

/* A weight: a plain decimal number from 0 to 100, the whole of [s, end). */
static bool sipas_weight(const char *s, const char *end, double *w)
{
	char buf[32], *stop;

	if (end - s <= 0 || end - s >= (long)sizeof buf || strspn(s, "0123456789.") < (size_t)(end - s))
		return false;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = '\0';
	*w = strtod(buf, &stop);
	return *stop == '\0' && *w >= 0 && *w <= 100;
}

int sipas_weights_parse(const char *text, double w[SIPAS_EL_COUNT], char *why, size_t cap)
{
	double v[SIPAS_EL_COUNT];
	bool named = strchr(text, '=') != NULL, seen[SIPAS_EL_COUNT] = { false };
	const char *p = text;
	double sum = 0;
	int i = 0;

	sipas_weights_default(v);
	for (;; i++) {
		const char *end = p + strcspn(p, ","), *eq = named ? memchr(p, '=', (size_t)(end - p)) : NULL;
		double x;
		int e = -1;
		if (named) {
			for (int k = 0; eq && k < SIPAS_EL_COUNT; k++)
				if ((size_t)(eq - p) == strlen(sipas_elements[k].key) &&
				    memcmp(p, sipas_elements[k].key, (size_t)(eq - p)) == 0)
					e = k;
			if (e < 0) {
				snprintf(why, cap, "'%.*s' is not ELEMENT=WEIGHT with an element of tiep_can_dich_vu, "
					 "thu_tuc_hanh_chinh, cong_chuc, ket_qua_dich_vu, tiep_nhan_gop_y", (int)(end - p), p);
				return HL_ERR_INVALID;
			}
			if (seen[e]) {
				snprintf(why, cap, "%s is weighted twice", sipas_elements[e].key);
				return HL_ERR_INVALID;
			}
			seen[e] = true;
		} else {
			/* the older form: công chức, thủ tục hành chính, kết quả */
			static const int old[3] = { SIPAS_CONG_CHUC, SIPAS_THU_TUC, SIPAS_KET_QUA };
			if (i >= 3) {
				snprintf(why, cap, "%s", "three numbers (W_CONG_CHUC,W_THU_TUC,W_KET_QUA) or ELEMENT=WEIGHT pairs");
				return HL_ERR_INVALID;
			}
			e = old[i];
		}
		if (!sipas_weight(named ? eq + 1 : p, end, &x)) {
			snprintf(why, cap, "'%.*s': a weight is a number from 0 to 100", (int)(end - p), p);
			return HL_ERR_INVALID;
		}
		v[e] = x;
		if (!*end)
			break;
		p = end + 1;
	}
	if (!named && i != 2) {
		snprintf(why, cap, "%s", "three numbers (W_CONG_CHUC,W_THU_TUC,W_KET_QUA) or ELEMENT=WEIGHT pairs");
		return HL_ERR_INVALID;
	}
	for (int e = 0; e < SIPAS_EL_COUNT; e++)
		sum += sipas_elements[e].question >= 0 ? v[e] : 0;
	if (sum <= 0) {
		snprintf(why, cap, "%s", "the elements with data (thu_tuc_hanh_chinh, cong_chuc, ket_qua_dich_vu) weigh 0 together");
		return HL_ERR_INVALID;
	}
	memcpy(w, v, sizeof v);
	return HL_OK;
}

/* The answers behind element e of g; NULL when no question feeds it. */
static const struct index_q *sipas_q(const struct index_group *g, int e)
{
	int q = sipas_elements[e].question;

	return q >= 0 ? &g->q[q] : NULL;
}

double sipas_overall(const double w[SIPAS_EL_COUNT], const struct index_group *g)
{
	double num = 0, den = 0;

	for (int e = 0; e < SIPAS_EL_COUNT; e++) {
		const struct index_q *x = sipas_q(g, e);
		if (!x || x->n == 0 || w[e] <= 0)
			continue;
		num += w[e] * x->satisfaction;
		den += w[e];
	}
	return den > 0 ? num / den : NAN;
}

/* ---- CSV --------------------------------------------------------------------------------------- */

static void sipas_csv(FILE *out, const struct sipas_export *x)
{
	char when[16]; /* "2026", or "2026-11" for a month */

	if (x->month)
		snprintf(when, sizeof when, "%04d-%02d", x->year % 10000, x->month % 100);
	else
		snprintf(when, sizeof when, "%d", x->year);
	fputs("\xEF\xBB\xBF", out);
	/* site_name last, so that the columns before it keep their places. */
	fprintf(out, "site,%s,element,element_name,source,index,ci_lo,ci_hi,n,weight,formula,site_name\r\n",
		x->month ? "month" : "year");
	for (size_t i = 0; i < x->nsites; i++) {
		const struct report_row *row = &x->sites[i];
		for (int e = 0; e < SIPAS_EL_COUNT; e++) {
			const struct index_q *q = sipas_q(&row->g, e);
			bool data = q && q->n > 0;
			report_csv_field(out, row->site);
			fprintf(out, ",%s,%s,", when, sipas_elements[e].key);
			report_csv_field(out, sipas_elements[e].name[I18N_VI]);
			fprintf(out, ",%s", q ? survey_question_key(sipas_elements[e].question) : "none");
			report_csv_num(out, data ? q->satisfaction : NAN);
			report_csv_num(out, data ? q->sat_lo : NAN);
			report_csv_num(out, data ? q->sat_hi : NAN);
			fprintf(out, ",%lld,%g,,", (long long)(q ? q->n : 0), x->weights[e]);
			report_csv_field(out, row->name ? row->name : "");
			fputs("\r\n", out);
		}
		report_csv_field(out, row->site);
		fprintf(out, ",%s,overall,Chỉ số chung,elements", when);
		report_csv_num(out, sipas_overall(x->weights, &row->g));
		fprintf(out, ",,,%lld,,", (long long)row->g.ratings);
		report_csv_field(out, sipas_formula);
		fputc(',', out);
		report_csv_field(out, row->name ? row->name : "");
		fputs("\r\n", out);
	}
}

/* ---- JSON -------------------------------------------------------------------------------------- */

static int sipas_json(FILE *out, const struct sipas_export *x)
{
	cJSON *root = cJSON_CreateObject(), *arr, *w, *map;
	int rc = HL_ERR_NOMEM;

	if (!root)
		return HL_ERR_NOMEM;
	cJSON_AddStringToObject(root, "export", "sipas");
	cJSON_AddNumberToObject(root, "version", 2);
	cJSON_AddNumberToObject(root, "year", x->year);
	if (x->month) {
		char month[16];
		snprintf(month, sizeof month, "%04d-%02d", x->year % 10000, x->month % 100);
		cJSON_AddStringToObject(root, "month", month);
	}
	cJSON_AddStringToObject(root, "formula", sipas_formula);
	map = cJSON_AddObjectToObject(root, "sources");
	for (int e = 0; map && e < SIPAS_EL_COUNT; e++) {
		if (sipas_elements[e].question >= 0)
			cJSON_AddStringToObject(map, sipas_elements[e].key, survey_question_key(sipas_elements[e].question));
		else
			cJSON_AddNullToObject(map, sipas_elements[e].key);
	}
	w = cJSON_AddObjectToObject(root, "weights");
	for (int e = 0; w && e < SIPAS_EL_COUNT; e++)
		cJSON_AddNumberToObject(w, sipas_elements[e].key, x->weights[e]);
	arr = cJSON_AddArrayToObject(root, "sites");
	for (size_t i = 0; arr && i < x->nsites; i++) {
		const struct report_row *row = &x->sites[i];
		cJSON *o = cJSON_CreateObject(), *els = o ? cJSON_AddObjectToObject(o, "elements") : NULL;
		if (!els) {
			cJSON_Delete(o);
			goto out;
		}
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, "site", row->site);
		cJSON_AddItemToObject(o, "site_name", row->name ? cJSON_CreateString(row->name) : cJSON_CreateNull());
		cJSON_AddNumberToObject(o, "ratings", (double)row->g.ratings);
		for (int e = 0; e < SIPAS_EL_COUNT; e++) {
			const struct index_q *q = sipas_q(&row->g, e);
			bool data = q && q->n > 0;
			cJSON *eo = cJSON_AddObjectToObject(els, sipas_elements[e].key);
			if (!eo)
				goto out;
			cJSON_AddStringToObject(eo, "name", sipas_elements[e].name[I18N_VI]);
			report_json_num(eo, "index", data ? q->satisfaction : NAN);
			report_json_num(eo, "ci_lo", data ? q->sat_lo : NAN);
			report_json_num(eo, "ci_hi", data ? q->sat_hi : NAN);
			cJSON_AddNumberToObject(eo, "n", (double)(q ? q->n : 0));
		}
		report_json_num(o, "overall", sipas_overall(x->weights, &row->g));
	}
	if (!arr)
		goto out;
	return report_json_print(out, root);
out:
	cJSON_Delete(root);
	return rc;
}

/* ---- table (Vietnamese, for people) ------------------------------------------------------------ */

/* v with one decimal and the decimal comma; "—" when NaN. */
static void sipas_num(char *buf, size_t cap, double v)
{
	numfmt_num(buf, cap, I18N_VI, v, 1);
}

/* The question feeding e, in Vietnamese words. */
static const char *sipas_source_vi(int e)
{
	switch (sipas_elements[e].question) {
	case SURVEY_Q_OFFICER: return "câu hỏi về công chức";
	case SURVEY_Q_PROCEDURE: return "câu hỏi về thủ tục";
	case SURVEY_Q_RESULT: return "câu hỏi về kết quả giải quyết";
	}
	return "không có câu hỏi";
}

static void sipas_table(FILE *out, const struct sipas_export *x)
{
	int wname = 0, wsrc = 0;

	for (int e = 0; e < SIPAS_EL_COUNT; e++) {
		wname = text_width_max(wname, sipas_elements[e].name[I18N_VI]);
		wsrc = text_width_max(wsrc, sipas_source_vi(e));
	}
	if (x->month)
		fprintf(out, "Đầu vào SIPAS tháng %02d/%d, %zu đơn vị\n%s\n", x->month, x->year, x->nsites, sipas_formula_vi);
	else
		fprintf(out, "Đầu vào SIPAS năm %d, %zu đơn vị\n%s\n", x->year, x->nsites, sipas_formula_vi);
	for (size_t i = 0; i < x->nsites; i++) {
		const struct report_row *row = &x->sites[i];
		char v[32], lo[32], hi[32], site[HL_CODE_MAX + ROSTER_NAME_MAX + 8];
		fprintf(out, "\nĐơn vị %s — %lld lượt đánh giá\n", report_site_label(row->site, row->name, site, sizeof site),
			(long long)row->g.ratings);
		text_pad(out, "Yếu tố", wname, false);
		fputs("  ", out);
		text_pad(out, "Nguồn dữ liệu", wsrc, false);
		fputs("  Chỉ số  KTC 95%          n  Trọng số\n", out);
		for (int e = 0; e < SIPAS_EL_COUNT; e++) {
			const struct index_q *q = sipas_q(&row->g, e);
			bool data = q && q->n > 0;
			char ci[80] = "", n[24], wt[24];
			sipas_num(v, sizeof v, data ? q->satisfaction : NAN);
			if (data) {
				sipas_num(lo, sizeof lo, q->sat_lo);
				sipas_num(hi, sizeof hi, q->sat_hi);
				snprintf(ci, sizeof ci, "%s–%s", lo, hi);
			} else {
				snprintf(ci, sizeof ci, "%s", "chưa có dữ liệu");
			}
			snprintf(n, sizeof n, "%lld", (long long)(q ? q->n : 0));
			snprintf(wt, sizeof wt, "%g", x->weights[e]);
			text_pad(out, sipas_elements[e].name[I18N_VI], wname, false);
			fputs("  ", out);
			text_pad(out, sipas_source_vi(e), wsrc, false);
			fputs("  ", out);
			text_pad(out, v, 6, true);
			fputs("  ", out);
			text_pad(out, ci, 15, false);
			text_pad(out, n, 7, true);
			fputs("  ", out);
			text_pad(out, wt, 8, true);
			fputc('\n', out);
		}
		sipas_num(v, sizeof v, sipas_overall(x->weights, &row->g));
		text_pad(out, "Chỉ số chung", wname + 2 + wsrc, false);
		fputs("  ", out);
		text_pad(out, v, 6, true);
		fputc('\n', out);
	}
}

int sipas_write(FILE *out, enum report_format fmt, const struct sipas_export *x)
{
	int rc = HL_OK;

	if (fmt == REPORT_CSV)
		sipas_csv(out, x);
	else if (fmt == REPORT_JSON)
		rc = sipas_json(out, x);
	else if (fmt == REPORT_TABLE)
		sipas_table(out, x);
	else
		return HL_ERR_INVALID;
	if (rc != HL_OK)
		return rc;
	return fflush(out) != 0 || ferror(out) ? HL_ERR_IO : HL_OK;
}
