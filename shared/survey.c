/* SPDX-License-Identifier: MIT
 * survey.c — the tables behind survey.h. The order of the reasons is part of the storage format
 * (roll-up columns and bit masks use it): append new codes, never reorder. */
#include "survey.h"

#include <string.h>

static const char *const survey_qkeys[SURVEY_Q_COUNT] = { "officer", "procedure", "result" };

static const char *const survey_rcodes[SURVEY_R_COUNT] = {
	"NHUNG_NHIEU", "THU_TIEN_KHONG_PHIEU", "GIAY_TO_NGOAI_QD", "THAI_DO", "HUONG_DAN_KHONG_RO",
	"TRE_HEN", "HEN_NHIEU_LAN", "CHO_LAU", "CO_SO_VAT_CHAT",
};

const char *survey_question_key(int q)
{
	return q >= 0 && q < SURVEY_Q_COUNT ? survey_qkeys[q] : NULL;
}

int survey_question_from_key(const char *key)
{
	for (int i = 0; i < SURVEY_Q_COUNT; i++)
		if (strcmp(key, survey_qkeys[i]) == 0)
			return i;
	return -1;
}

bool survey_scale_valid(int scale)
{
	return scale >= SURVEY_SCALE_MIN && scale <= SURVEY_SCALE_MAX;
}

bool survey_level_satisfied(int scale, int level)
{
	if (!survey_scale_valid(scale) || level < 1 || level > scale)
		return false;
	return scale == 3 ? level >= 2 : level >= scale - 1;
}

bool survey_level_dissatisfied(int scale, int level)
{
	if (!survey_scale_valid(scale) || level < 1 || level > scale)
		return false;
	return scale == 3 ? level == 1 : level <= 2;
}

const char *survey_reason_code(int reason)
{
	return reason >= 0 && reason < SURVEY_R_COUNT ? survey_rcodes[reason] : NULL;
}

int survey_reason_from_code(const char *code)
{
	for (int i = 0; i < SURVEY_R_COUNT; i++)
		if (strcmp(code, survey_rcodes[i]) == 0)
			return i;
	return -1;
}

bool survey_reason_serious(int reason)
{
	return reason >= SURVEY_R_NHUNG_NHIEU && reason <= SURVEY_R_GIAY_TO_NGOAI_QD;
}
