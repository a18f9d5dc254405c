/* SPDX-License-Identifier: MIT
 * sipas.h — the SIPAS inputs for the province. SIPAS (the index of satisfaction with public
 * administrative services, QĐ 1001/QĐ-BNV of 2023) measures five service elements; each terminal
 * question feeds exactly one of them, so no answer counts twice:
 *
 *   tiếp cận dịch vụ            — no question (no data)
 *   thủ tục hành chính          — the procedure question
 *   công chức                   — the officer question
 *   kết quả dịch vụ             — the result question ("Kết quả giải quyết"), where a terminal asks it
 *   tiếp nhận và xử lý góp ý    — no question (no data)
 *
 * Per site: one index per element with n (an element without answers is "no data", never 0), and
 * the overall index = Σ wₑ·Iₑ ÷ Σ wₑ over the elements with data, with the mapping and the formula
 * written beside the numbers. Pure: site rows come in (report.h), text goes out to a FILE the caller
 * owns. */
#ifndef HL_SIPAS_H
#define HL_SIPAS_H

#include "report.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The elements in SIPAS's order. */
enum sipas_element {
	SIPAS_TIEP_CAN,  /* tiếp cận dịch vụ */
	SIPAS_THU_TUC,   /* thủ tục hành chính */
	SIPAS_CONG_CHUC, /* công chức */
	SIPAS_KET_QUA,   /* kết quả dịch vụ */
	SIPAS_GOP_Y,     /* tiếp nhận và xử lý góp ý, phản ánh, kiến nghị */
	SIPAS_EL_COUNT
};

/* The element's stable key ("thu_tuc_hanh_chinh"), its name (lang: i18n.h), and the survey question
 * that feeds it (-1: none). NULL / "" / -1 when e is out of range. */
const char *sipas_element_key(int e);
const char *sipas_element_name(int e, int lang);
int sipas_element_question(int e);

struct sipas_export {
	int year;
	int month; /* 0: the whole year; 1–12: that month of year only (the province's monthly export:
		    * the CSV's second column is then "month" with "2026-11", JSON has "month" too) */
	double weights[SIPAS_EL_COUNT]; /* relative; sipas_weights_default gives 1 each */
	const struct report_row *sites; /* ROLLUP_SITE rows for the year, each named (name: the site's
					 * roster name, report_site_names; NULL when unknown) */
	size_t nsites;
	int64_t generated;
};

void sipas_weights_default(double w[SIPAS_EL_COUNT]);
/* Parses the weights into w: "KEY=W,KEY=W…" with element keys (those not named weigh 1), or the three
 * numbers "W_CONG_CHUC,W_THU_TUC,W_KET_QUA" of older configs. Weights are numbers from 0 to 100,
 * not all 0. HL_ERR_INVALID with why (cap bytes) saying what is wrong. The aggregator's settings and
 * the console both read sipas_weights through this. */
int sipas_weights_parse(const char *text, double w[SIPAS_EL_COUNT], char *why, size_t cap);

/* The overall index of g: Σ wₑ·Iₑ ÷ Σ wₑ over the elements with answers and weight > 0; NaN when
 * none has. */
double sipas_overall(const double w[SIPAS_EL_COUNT], const struct index_group *g);

/* Writes the export: REPORT_CSV, REPORT_JSON or REPORT_TABLE (Vietnamese, for people). HL_ERR_IO when
 * out fails, HL_ERR_INVALID for another format. */
int sipas_write(FILE *out, enum report_format fmt, const struct sipas_export *x);

#endif
