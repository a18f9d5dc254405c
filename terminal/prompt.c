/* SPDX-License-Identifier: MIT
 * prompt.c — the spoken prompts' names and texts (see prompt.h). The texts are joined from the
 * strings the screens show, a full stop between a heading and what follows, so that a listener hears
 * the screen in the order it is read. Pure; owns nothing. */
#include "prompt.h"

#include "hl.h"
#include "i18n.h"
#include "survey.h"

#include <stdio.h>
#include <string.h>

static const char *const prompt_names[PROMPT_CLIP_COUNT] = {
	[PROMPT_IDLE] = "idle",
	[PROMPT_IDLE_PROCEDURE] = "idle-procedure",
	[PROMPT_OFFICER] = "officer",
	[PROMPT_PROCEDURE] = "procedure",
	[PROMPT_REASONS] = "reasons",
	[PROMPT_CONFIRM_HARASSMENT] = "confirm-harassment",
	[PROMPT_CONFIRM_FEES] = "confirm-fees",
	[PROMPT_CONFIRM_PAPERS] = "confirm-papers",
	[PROMPT_THANKS] = "thanks",
	[PROMPT_COMPLAINT_THANKS] = "complaint-thanks",
	[PROMPT_IDLE_PROCEDURE_ALONE] = "idle-procedure-alone",
	[PROMPT_IDLE_RESULT] = "idle-result",
	[PROMPT_PROCEDURE_ALONE] = "procedure-alone",
	[PROMPT_RESULT] = "result",
};

/* The serious reason each confirmation clip names. */
static const int prompt_confirm_reason[3] = { SURVEY_R_NHUNG_NHIEU, SURVEY_R_THU_TIEN_KHONG_PHIEU,
					      SURVEY_R_GIAY_TO_NGOAI_QD };

const char *prompt_name(int clip)
{
	return clip >= 0 && clip < PROMPT_CLIP_COUNT ? prompt_names[clip] : NULL;
}

const char *prompt_lang_code(int lang)
{
	return lang == I18N_VI ? "vi" : lang == I18N_EN ? "en" : NULL;
}

static int prompt_put(size_t cap, int n)
{
	return n >= 0 && (size_t)n < cap ? HL_OK : HL_ERR_RANGE;
}

int prompt_file(int lang, int clip, char *buf, size_t cap)
{
	if (!prompt_name(clip) || !prompt_lang_code(lang))
		return HL_ERR_INVALID;
	return prompt_put(cap, snprintf(buf, cap, "%s-%s.wav", prompt_lang_code(lang), prompt_name(clip)));
}

/* "A. B": two strings joined as sentences; no second full stop when a ends with ? or !. */
static int prompt_join(char *buf, size_t cap, const char *a, const char *b)
{
	size_t n = strlen(a);
	const char *sep = n && strchr("?!.", a[n - 1]) ? " " : ". ";
	return prompt_put(cap, snprintf(buf, cap, "%s%s%s", a, sep, b));
}

int prompt_text(int lang, int clip, char *buf, size_t cap)
{
	static const bool with_result[SURVEY_Q_COUNT] = { [SURVEY_Q_RESULT] = true };
	char q[512];

	if (!prompt_name(clip) || !prompt_lang_code(lang))
		return HL_ERR_INVALID;
	switch (clip) {
	case PROMPT_IDLE:
	case PROMPT_IDLE_PROCEDURE:
		return prompt_join(buf, cap, i18n_text(lang, I18N_INVITE),
				   i18n_question(lang, clip == PROMPT_IDLE ? SURVEY_Q_OFFICER : SURVEY_Q_PROCEDURE));
	case PROMPT_OFFICER:
		return prompt_put(cap, snprintf(buf, cap, "%s", i18n_question(lang, SURVEY_Q_OFFICER)));
	case PROMPT_PROCEDURE:
		return prompt_put(cap, snprintf(buf, cap, "%s", i18n_question(lang, SURVEY_Q_PROCEDURE)));
	case PROMPT_IDLE_PROCEDURE_ALONE:
		return prompt_join(buf, cap, i18n_text(lang, I18N_INVITE),
				   i18n_question_asked(lang, SURVEY_Q_PROCEDURE, with_result));
	case PROMPT_IDLE_RESULT:
		return prompt_join(buf, cap, i18n_text(lang, I18N_INVITE), i18n_question(lang, SURVEY_Q_RESULT));
	case PROMPT_PROCEDURE_ALONE:
		return prompt_put(cap, snprintf(buf, cap, "%s", i18n_question_asked(lang, SURVEY_Q_PROCEDURE, with_result)));
	case PROMPT_RESULT:
		return prompt_put(cap, snprintf(buf, cap, "%s", i18n_question(lang, SURVEY_Q_RESULT)));
	case PROMPT_REASONS:
		return prompt_join(buf, cap, i18n_text(lang, I18N_REASONS_TITLE), i18n_text(lang, I18N_REASONS_HINT));
	case PROMPT_THANKS:
		return prompt_join(buf, cap, i18n_text(lang, I18N_THANKS), i18n_text(lang, I18N_THANKS_NOTE));
	case PROMPT_COMPLAINT_THANKS:
		return prompt_join(buf, cap, i18n_text(lang, I18N_COMPLAINT_THANKS), i18n_text(lang, I18N_COMPLAINT_NEXT));
	default: /* a confirmation: the question with the reason filled in, then what confirming does */
		snprintf(q, sizeof q, i18n_text(lang, I18N_CONFIRM_Q),
			 i18n_reason(lang, prompt_confirm_reason[clip - PROMPT_CONFIRM_HARASSMENT]));
		return prompt_join(buf, cap, q, i18n_text(lang, I18N_CONFIRM_NOTE));
	}
}

int prompt_confirm_clip(int reason)
{
	for (int i = 0; i < 3; i++)
		if (prompt_confirm_reason[i] == reason)
			return PROMPT_CONFIRM_HARASSMENT + i;
	return -1;
}
