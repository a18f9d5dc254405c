/* SPDX-License-Identifier: MIT
 * prompt.h — the spoken prompts: one clip per screen (and one per serious reason's confirmation),
 * each with a file name and a text composed from shared/i18n's tables, so that what is spoken is what
 * is shown. tools/prompts.c prints them for the build, which turns them into WAV files with
 * espeak-ng; terminal/speech.c plays them. Pure: no SDL, no files. */
#ifndef HL_PROMPT_H
#define HL_PROMPT_H

#include <stddef.h>

enum prompt_clip {
	PROMPT_IDLE,              /* the invitation and the officer question (the first one asked) */
	PROMPT_IDLE_PROCEDURE,    /* the invitation and the procedure question (asked first or alone) */
	PROMPT_OFFICER,           /* the officer question */
	PROMPT_PROCEDURE,         /* the procedure question */
	PROMPT_REASONS,           /* "Vì sao?" and its hint */
	PROMPT_CONFIRM_HARASSMENT, /* the serious reasons' confirmations, in survey reason order */
	PROMPT_CONFIRM_FEES,
	PROMPT_CONFIRM_PAPERS,
	PROMPT_THANKS,            /* thanks, the opinion is recorded */
	PROMPT_COMPLAINT_THANKS,  /* thanks after a serious complaint, and what happens next */
	/* Where terminals also ask the result (questions = all): the procedure question then asks
	 * about the procedure alone (i18n_question_asked). */
	PROMPT_IDLE_PROCEDURE_ALONE, /* the invitation and the procedure question, the result asked too */
	PROMPT_IDLE_RESULT,       /* the invitation and the result question (asked alone) */
	PROMPT_PROCEDURE_ALONE,   /* the procedure question beside the result question */
	PROMPT_RESULT,            /* the result question */
	PROMPT_CLIP_COUNT
};

/* The clip's file name without language and extension ("idle", "confirm-fees"); NULL when out of
 * range. */
const char *prompt_name(int clip);

/* "vi" or "en" for an i18n language; NULL when out of range. */
const char *prompt_lang_code(int lang);

/* Writes "LANG-NAME.wav" (e.g. "vi-idle.wav") into buf. HL_OK, HL_ERR_INVALID for a clip or
 * language out of range, HL_ERR_RANGE when cap is too small. */
int prompt_file(int lang, int clip, char *buf, size_t cap);

/* Writes the clip's spoken text in lang into buf (UTF-8, NFC). Same codes as prompt_file. */
int prompt_text(int lang, int clip, char *buf, size_t cap);

/* The confirmation clip of a serious survey reason, or -1 for a reason that is not serious. */
int prompt_confirm_clip(int reason);

#endif
