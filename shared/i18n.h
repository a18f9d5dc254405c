/* SPDX-License-Identifier: MIT
 * i18n.h — every string shown to people, one table per language (Vietnamese first, English second),
 * UTF-8 in NFC (precomposed letters only). Pure tables; pointers are static and never NULL. */
#ifndef HL_I18N_H
#define HL_I18N_H

#include <stdbool.h>

enum i18n_lang { I18N_VI, I18N_EN, I18N_LANG_COUNT };

enum i18n_key {
	I18N_BRAND,          /* the place: Bộ phận Một cửa */
	I18N_COUNTER,        /* "Quầy" */
	I18N_OFFICER,        /* "Công chức" */
	I18N_PROCEDURE,      /* "Thủ tục" */
	I18N_INVITE,         /* the idle screen's invitation */
	I18N_QUESTION_OF,    /* "Câu %d/%d": printf format with two ints */
	I18N_REASONS_TITLE,  /* "Vì sao?" */
	I18N_REASONS_HINT,
	I18N_SEND,
	I18N_BACK,
	I18N_SKIP,
	I18N_THANKS,
	I18N_THANKS_NOTE,
	I18N_NOT_RECORDED,      /* the rating could not be written to the spool */
	I18N_NOT_RECORDED_NOTE, /* ... please tell the staff */
	I18N_WAIT,           /* shown while the minimum interval runs */
	I18N_ANONYMOUS,
	I18N_OTHER_LANG,     /* the toggle's label: the other language's name */
	I18N_SERIOUS_TITLE,  /* the reasons screen's heading above the three serious reasons */
	I18N_OTHER_REASONS,  /* ... and above the others */
	I18N_CONFIRM_Q,      /* "Ông/Bà xác nhận phản ánh: %s?" — printf format with one string */
	I18N_CONFIRM_NOTE,   /* what confirming means */
	I18N_CONFIRM_YES,
	I18N_CONFIRM_NO,
	I18N_COMPLAINT_THANKS, /* the thanks after a serious complaint */
	I18N_COMPLAINT_NEXT,   /* ... what happens next */
	I18N_HOTLINE,        /* "Đường dây nóng: %s" — printf format with one string */
	I18N_FOLLOW_UP,      /* "Theo dõi phản ánh: %s" — printf format with one string */
	I18N_NO_TXN,         /* ratings only within a transaction, and none is open */
	I18N_SPEAK,          /* the speaker button */
	I18N_LARGE_TEXT,     /* the large-text button */
	I18N_SERVED_BY,      /* the idle screen's line above the officer's name */
	I18N_NO_OFFICER,     /* nobody known to serve here, and only the officer question is asked */
	I18N_KEY_COUNT
};

/* Parses "vi" or "en"; -1 otherwise. */
int i18n_lang_parse(const char *code);
const char *i18n_text(int lang, int key);
/* The question's short text (survey question index), as asked where the result is not asked on
 * its own (the procedure question then covers both); i18n_question_asked: as asked alongside the
 * questions `asked` marks (the procedure question is "Thủ tục hành chính" beside the result's). */
const char *i18n_question(int lang, int q);
const char *i18n_question_asked(int lang, int q, const bool asked[]);
/* A level's label on a scale of 3, 4 or 5 (level 1..scale); "" when out of range. */
const char *i18n_level(int lang, int scale, int level);
/* A reason's label (survey reason index). */
const char *i18n_reason(int lang, int reason);

#endif
