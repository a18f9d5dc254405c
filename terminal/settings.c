/* SPDX-License-Identifier: MIT
 * settings.c — the terminal's option table. Fonts default to Inter from Debian's fonts-inter, whose
 * stacked Vietnamese marks (Ấ Ầ Ẩ Ẫ Ậ) render unclipped; DejaVu Sans is the fallback. */
#include "settings.h"

#include "hl.h"
#include "i18n.h"
#include "log.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Where `make install` puts the spoken prompts (the Makefile passes $(PREFIX)'s). */
#ifndef HL_VOICE_DIR
#define HL_VOICE_DIR "/usr/local/share/hailong/voice"
#endif

#define OPT_STR(k, f, t, h) CONFIG_OPT_STR(struct tsettings, k, f, t, h)
#define OPT_INT(k, f, lo, hi, h) CONFIG_OPT_INT(struct tsettings, k, f, lo, hi, h)

bool tsettings_questions(const char *text, bool ask[SURVEY_Q_COUNT])
{
	char list[64], *save = NULL;
	bool any = false;

	memset(ask, 0, SURVEY_Q_COUNT * sizeof ask[0]);
	if (strcmp(text, "both") == 0)
		text = "officer,procedure";
	else if (strcmp(text, "all") == 0)
		text = "officer,procedure,result";
	if (snprintf(list, sizeof list, "%s", text) >= (int)sizeof list || strstr(list, ",,") || list[0] == ',' ||
	    (list[0] && list[strlen(list) - 1] == ','))
		return false;
	for (char *w = strtok_r(list, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		int q = survey_question_from_key(w);
		if (q < 0 || ask[q])
			return false;
		ask[q] = any = true;
	}
	return any;
}

static const char *tsettings_questions_check(const char *value)
{
	bool ask[SURVEY_Q_COUNT];

	return tsettings_questions(value, ask) ? NULL
					       : "must be both, all, officer, procedure, or a list of officer, procedure, "
						 "result (e.g. officer,procedure,result)";
}

static const struct config_option tsettings_table[] = {
	OPT_STR("broker", broker, CONFIG_URL, "broker address, mqtts://HOST:PORT (mqtt:// for loopback)"),
	CONFIG_OPT_SECURITY(struct tsettings, sec),
	OPT_STR("site", site, CONFIG_ID, "this agency's id, [a-z0-9-]{1,32}"),
	OPT_STR("counter", counter, CONFIG_ID, "this counter's id, [a-z0-9-]{1,32}"),
	OPT_STR("counter_name", counter_name, CONFIG_STRING, "the counter as shown (default: the roster's name)"),
	OPT_STR("spool", spool, CONFIG_STRING, "SQLite file holding ratings until receipted"),
	OPT_STR("lang", lang, CONFIG_STRING, "vi or en: the language shown first"),
	OPT_STR("window", window, CONFIG_STRING, "WxH for a window; empty for full screen"),
	OPT_INT("rotation", rotation, 0, 270, "0, 90, 180 or 270: how the panel is mounted"),
	OPT_INT("scale", scale, 3, 5, "levels per question: 3, 4 or 5 (SIPAS)"),
	CONFIG_OPT_CHECKED(struct tsettings, "questions", questions, tsettings_questions_check,
			   "both (officer, procedure), all (and the result), or a list of officer, procedure, result"),
	OPT_STR("officer", officer, CONFIG_CODE, "officer on duty when no session names one"),
	OPT_INT("min_interval", min_interval, 0, 3600, "seconds between two ratings (anti-spam)"),
	OPT_INT("question_timeout", question_timeout, 5, 600, "seconds a question waits"),
	OPT_INT("reasons_timeout", reasons_timeout, 5, 600, "seconds the reasons screen waits once touched (untouched: answer_timeout)"),
	OPT_INT("thanks_time", thanks_time, 1, 60, "seconds the thank-you screen stays"),
	OPT_INT("answer_timeout", answer_timeout, 3, 120, "seconds without a touch after an answer before it is sent"),
	OPT_STR("between_transactions", between, CONFIG_STRING, "allow or block: ratings between transactions"),
	OPT_STR("large_text", large_text, CONFIG_STRING, "yes or no: start every citizen with large text"),
	OPT_STR("speech", speech, CONFIG_STRING, "on or off: speak each screen's prompt (off by default)"),
	OPT_STR("voice_dir", voice_dir, CONFIG_STRING, "folder of the spoken prompts' WAV files"),
	OPT_STR("hotline", hotline, CONFIG_STRING, "phone number shown after a serious complaint"),
	OPT_STR("follow_up", follow_up, CONFIG_STRING, "where a complaint can be followed up (shown after it)"),
	OPT_INT("resend", resend, 1, 3600, "seconds before an unreceipted rating is sent again"),
	OPT_STR("font", font, CONFIG_STRING, "regular font file (TTF/OTF)"),
	OPT_STR("font_bold", font_bold, CONFIG_STRING, "bold font file"),
	OPT_STR("renderer", renderer, CONFIG_STRING, "software (CPU, small) or auto (SDL's choice, GPU)"),
	OPT_STR("log_level", log_level, CONFIG_STRING, "error, warn, info or debug"),
	{ 0 },
};

const struct config_option *tsettings_options(void)
{
	return tsettings_table;
}

static void tsettings_font(char *dst, size_t cap, const char *inter, const char *dejavu)
{
	snprintf(dst, cap, "%s", access(inter, R_OK) == 0 ? inter : dejavu);
}

void tsettings_defaults(struct tsettings *st)
{
	memset(st, 0, sizeof *st);
	strcpy(st->broker, "mqtt://127.0.0.1:1883");
	strcpy(st->spool, "/var/lib/hailong/spool.db");
	strcpy(st->lang, "vi");
	st->scale = 5;
	strcpy(st->questions, "both");
	st->min_interval = 10;
	st->question_timeout = 30;
	st->reasons_timeout = 30;
	st->answer_timeout = 10;
	strcpy(st->between, "allow");
	strcpy(st->large_text, "no");
	strcpy(st->speech, "off");
	snprintf(st->voice_dir, sizeof st->voice_dir, "%s", HL_VOICE_DIR);
	st->thanks_time = 4;
	st->resend = 10;
	tsettings_font(st->font, sizeof st->font, "/usr/share/fonts/opentype/inter/Inter-Regular.otf",
		       "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
	tsettings_font(st->font_bold, sizeof st->font_bold, "/usr/share/fonts/opentype/inter/Inter-SemiBold.otf",
		       "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
	strcpy(st->renderer, "software");
	strcpy(st->log_level, "info");
}


static int tsettings_fail(struct config_error *err, const char *path, const char *key, const char *msg)
{
	memset(err, 0, sizeof *err);
	snprintf(err->file, sizeof err->file, "%s", path ? path : "");
	snprintf(err->key, sizeof err->key, "%s", key);
	snprintf(err->msg, sizeof err->msg, "%s", msg);
	return HL_ERR_INVALID;
}

void tsettings_window(const struct tsettings *st, int *w, int *h)
{
	*w = *h = 0;
	if (st->window[0] && sscanf(st->window, "%dx%d", w, h) != 2)
		*w = *h = 0;
}

int tsettings_load(struct tsettings *st, const char *path, const struct tsettings_override *ov, size_t nov,
		   struct config_error *err)
{
	struct tsettings t;
	int rc, w, h, n = 0;

	tsettings_defaults(&t);
	if (path && (rc = config_load_file(tsettings_table, &t, path, err)) != HL_OK)
		return rc;
	for (size_t i = 0; i < nov; i++)
		if ((rc = config_set(tsettings_table, &t, ov[i].key, ov[i].value, err)) != HL_OK)
			return rc;
	if (!t.site[0])
		return tsettings_fail(err, path, "site", "is required (e.g. site = sct-bentre)");
	if (!t.counter[0])
		return tsettings_fail(err, path, "counter", "is required (e.g. counter = q05)");
	if (i18n_lang_parse(t.lang) < 0)
		return tsettings_fail(err, path, "lang", "must be vi or en");
	if (t.window[0] && (sscanf(t.window, "%dx%d%n", &w, &h, &n) != 2 || (size_t)n != strlen(t.window) ||
			    w < 320 || h < 240 || w > 7680 || h > 4320))
		return tsettings_fail(err, path, "window", "must be WxH, e.g. 800x480");
	if (t.rotation % 90)
		return tsettings_fail(err, path, "rotation", "must be 0, 90, 180 or 270");
	if (strcmp(t.renderer, "software") && strcmp(t.renderer, "auto"))
		return tsettings_fail(err, path, "renderer", "must be software or auto");
	if (strcmp(t.between, "allow") && strcmp(t.between, "block"))
		return tsettings_fail(err, path, "between_transactions", "must be allow or block");
	if (strcmp(t.large_text, "yes") && strcmp(t.large_text, "no"))
		return tsettings_fail(err, path, "large_text", "must be yes or no");
	if (strcmp(t.speech, "on") && strcmp(t.speech, "off"))
		return tsettings_fail(err, path, "speech", "must be on or off");
	if (log_level_parse(t.log_level) < 0)
		return tsettings_fail(err, path, "log_level", "must be error, warn, info or debug");
	struct broker_url u;
	const char *bad;
	char why[sizeof err->msg];
	url_parse(t.broker, &u); /* CONFIG_URL checked it */
	if (broker_security_check(&u, &t.sec, &bad, why, sizeof why) != HL_OK)
		return tsettings_fail(err, path, bad, why);
	*st = t;
	return HL_OK;
}

void tsettings_kiosk(const struct tsettings *st, struct kiosk_config *kc)
{
	memset(kc, 0, sizeof *kc);
	kc->scale = st->scale;
	tsettings_questions(st->questions, kc->ask); /* checked when the settings loaded */
	kc->question_timeout_ms = st->question_timeout * 1000;
	kc->answer_timeout_ms = st->answer_timeout * 1000;
	kc->only_in_txn = strcmp(st->between, "block") == 0;
	kc->lang = i18n_lang_parse(st->lang) < 0 ? I18N_VI : i18n_lang_parse(st->lang);
	kc->large = strcmp(st->large_text, "yes") == 0;
	kc->speak = strcmp(st->speech, "on") == 0;
	kc->reasons_timeout_ms = st->reasons_timeout * 1000;
	kc->thanks_ms = st->thanks_time * 1000;
	kc->min_interval_ms = st->min_interval * 1000;
	snprintf(kc->officer, sizeof kc->officer, "%s", st->officer);
}
