/* SPDX-License-Identifier: MIT
 * survey.h — what is asked and how answers are read: the questions (two, and an optional third), the rating scales (3, 4 or
 * the 5 SIPAS levels) with which levels count as satisfied or dissatisfied, and the stable reason codes
 * of DESIGN §5. Pure tables; the strings shown to people live in i18n. */
#ifndef HL_SURVEY_H
#define HL_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

enum survey_question {
	SURVEY_Q_OFFICER,   /* "Thái độ, hướng dẫn của công chức" — SIPAS element: công chức */
	SURVEY_Q_PROCEDURE, /* "Thủ tục và kết quả giải quyết" ("Thủ tục hành chính" when the result is
			     * asked on its own) — SIPAS element: thủ tục hành chính */
	SURVEY_Q_RESULT,    /* "Kết quả giải quyết", asked only where a terminal is set to — SIPAS
			     * element: kết quả dịch vụ */
	SURVEY_Q_COUNT
};

#define SURVEY_SCALE_MIN 3
#define SURVEY_SCALE_MAX 5

enum survey_reason {
	SURVEY_R_NHUNG_NHIEU,
	SURVEY_R_THU_TIEN_KHONG_PHIEU,
	SURVEY_R_GIAY_TO_NGOAI_QD,
	SURVEY_R_THAI_DO,
	SURVEY_R_HUONG_DAN_KHONG_RO,
	SURVEY_R_TRE_HEN,
	SURVEY_R_HEN_NHIEU_LAN,
	SURVEY_R_CHO_LAU,
	SURVEY_R_CO_SO_VAT_CHAT,
	SURVEY_R_COUNT
};

/* Wire key of a question ("officer", "procedure", "result"); NULL when q is out of range. */
const char *survey_question_key(int q);
/* Question index for a wire key, or -1. */
int survey_question_from_key(const char *key);

bool survey_scale_valid(int scale);
/* Whether level (1..scale) counts as satisfied / dissatisfied on that scale. 5: 4–5 satisfied, 1–2
 * dissatisfied; 4: 3–4 and 1–2; 3: 2–3 and 1. False for anything out of range. */
bool survey_level_satisfied(int scale, int level);
bool survey_level_dissatisfied(int scale, int level);

/* Stable code of a reason ("TRE_HEN"); NULL when out of range. */
const char *survey_reason_code(int reason);
/* Reason index for a code, or -1. */
int survey_reason_from_code(const char *code);
/* Serious reasons open a complaint flag at once (the first three). */
bool survey_reason_serious(int reason);

#endif
