/* SPDX-License-Identifier: MIT
 * settings.h — the terminal's configuration: one table of keys (settings.c), read from the config
 * file and then overridden from the command line; errors name file, line and key. */
#ifndef HL_TERMINAL_SETTINGS_H
#define HL_TERMINAL_SETTINGS_H

#include "config.h"
#include "kiosk.h"
#include "url.h"

#include <stddef.h>

struct tsettings {
	char broker[300];
	struct broker_security sec;
	char site[33], counter[33];
	char counter_name[64];   /* the header's name; empty: the roster's, else "Quầy" and the id */
	char spool[512];
	char lang[8];            /* vi or en: the language shown first */
	char window[32];         /* WxH, or empty for full screen */
	int rotation;
	int scale;
	char questions[40];      /* both, officer or procedure */
	char officer[33];        /* on duty when no session names one */
	int min_interval;        /* seconds between ratings */
	int question_timeout, reasons_timeout, thanks_time; /* seconds */
	int answer_timeout;      /* seconds without a touch after an answer: sent, back to idle */
	char between[8];         /* allow or block: ratings between transactions */
	char large_text[4];      /* yes or no: every citizen starts with large text */
	char speech[4];          /* on or off: spoken prompts from the start (the speaker button toggles) */
	char voice_dir[512];     /* the prompts' WAV files (LANG-CLIP.wav, prompt.h) */
	char hotline[64];        /* shown after a serious complaint, e.g. 0275 3822 111 */
	char follow_up[128];     /* where to follow a complaint up, e.g. a web address */
	int resend;              /* seconds before an unreceipted rating is sent again */
	char font[512], font_bold[512];
	char renderer[16];       /* software or auto (SDL picks, usually OpenGL) */
	char log_level[16];
};

struct tsettings_override {
	const char *key, *value;
};

void tsettings_defaults(struct tsettings *st);
/* Defaults, then path (when not NULL), then the overrides, then checks across keys (site and counter
 * given, window shape, rotation, questions). HL_ERR_* with err filled. */
int tsettings_load(struct tsettings *st, const char *path, const struct tsettings_override *ov, size_t nov,
		   struct config_error *err);
const struct config_option *tsettings_options(void);
/* The kiosk's part of the settings. */
void tsettings_kiosk(const struct tsettings *st, struct kiosk_config *kc);
/* Which questions `questions` asks, into ask: "both" (officer, procedure), "all" (and the result),
 * or a comma list of question keys, each once. False when text is none of these. */
bool tsettings_questions(const char *text, bool ask[SURVEY_Q_COUNT]);
/* Parses st->window: 0×0 when empty (full screen). */
void tsettings_window(const struct tsettings *st, int *w, int *h);

#endif
