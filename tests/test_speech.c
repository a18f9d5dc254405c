/* SPDX-License-Identifier: MIT
 * test_speech.c — the spoken prompts as a listener and an installer meet them: every screen's clip
 * has a text in Vietnamese and English taken from the screens' own strings, and a file name of its
 * own; a clip said is heard (SDL's "disk" audio driver writes what the device plays to a file in a
 * private temporary folder: silence until the clip, then its samples), also when the WAV is in
 * another format; saying another clip or stopping cuts the first; a missing voice folder or clip
 * gives an error naming it; speech that is off (NULL) is silent and harmless; the two settings
 * (speech off by default, voice_dir the installed folder). */
#include "hl.h"
#include "i18n.h"
#include "prompt.h"
#include "../terminal/settings.h" /* aggregator/ has a settings.h too, earlier on the path */
#include "speech.h"
#include "survey.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmp[64];
static char built_voice[512]; /* BUILD/voice beside BUILD/tests, when the build made it */

static void put16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xFF), f);
	fputc((int)((v >> 8) & 0xFF), f);
}

static void put32(FILE *f, uint32_t v)
{
	put16(f, v & 0xFFFF);
	put16(f, v >> 16);
}

/* Writes a WAV of a 440 Hz tone, ms long, 16-bit PCM. */
static void write_tone(const char *name, int rate, int channels, int ms)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", tmp, name);
	FILE *f = fopen(path, "wb");
	uint32_t frames = (uint32_t)(rate * ms / 1000), bytes = frames * (uint32_t)channels * 2;

	assert_non_null(f);
	fwrite("RIFF", 1, 4, f), put32(f, 36 + bytes), fwrite("WAVEfmt ", 1, 8, f);
	put32(f, 16), put16(f, 1), put16(f, (unsigned)channels), put32(f, (uint32_t)rate);
	put32(f, (uint32_t)rate * (uint32_t)channels * 2), put16(f, (unsigned)channels * 2), put16(f, 16);
	fwrite("data", 1, 4, f), put32(f, bytes);
	for (uint32_t i = 0; i < frames; i++) {
		int v = (int)(12000 * sin(2 * M_PI * 440 * (double)i / rate));
		for (int c = 0; c < channels; c++)
			put16(f, (unsigned)(uint16_t)(int16_t)v);
	}
	assert_int_equal(fclose(f), 0);
}

/* The disk driver's output: how many bytes so far, and whether any sample is not silence. */
static long played(const char *out, int *sound)
{
	FILE *f = fopen(out, "rb");
	long n = 0;
	int c;

	*sound = 0;
	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF) {
		n++;
		*sound |= c != 0;
	}
	fclose(f);
	return n;
}

/* Waits (at most 3 s) until the device has played some sound. */
static int heard(const char *out)
{
	int sound = 0;
	for (int i = 0; i < 150 && !sound; i++) {
		SDL_Delay(20);
		played(out, &sound);
	}
	return sound;
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof tmp, "/tmp/hailong-test-speech-XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	setenv("SDL_AUDIODRIVER", "disk", 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

/* Opens speech on tmp with the disk driver writing to tmp/name. */
static struct speech *open_on(const char *name, char *out, size_t cap)
{
	struct speech *s = NULL;
	char err[256];

	snprintf(out, cap, "%s/%s", tmp, name);
	setenv("SDL_DISKAUDIOFILE", out, 1);
	int rc = speech_open(tmp, &s, err, sizeof err);
	if (rc != HL_OK)
		fprintf(stderr, "speech_open: %s\n", err);
	assert_int_equal(rc, HL_OK);
	assert_non_null(s);
	return s;
}

static void test_a_clip_is_heard(void **state)
{
	char out[128];
	int sound;
	(void)state;
	write_tone("vi-idle.wav", 22050, 1, 400);
	struct speech *s = open_on("out-idle.raw", out, sizeof out);

	SDL_Delay(100);
	played(out, &sound);
	assert_false(sound); /* nothing said yet: silence at most */
	assert_int_equal(speech_say(s, I18N_VI, PROMPT_IDLE), HL_OK);
	assert_true(heard(out));
	long before = played(out, &sound);
	SDL_Delay(200);
	assert_true(played(out, &sound) > before); /* the device keeps playing */
	speech_close(s);
}

static void test_other_formats_are_converted(void **state)
{
	char out[128];
	(void)state;
	write_tone("en-thanks.wav", 44100, 2, 300); /* a recorded file: CD rate, stereo */
	struct speech *s = open_on("out-thanks.raw", out, sizeof out);

	assert_int_equal(speech_say(s, I18N_EN, PROMPT_THANKS), HL_OK);
	assert_true(speech_playing(s));
	assert_true(heard(out));
	speech_close(s);
}

static void test_stop_and_cut(void **state)
{
	char out[128];
	(void)state;
	write_tone("vi-reasons.wav", 22050, 1, 3000);
	write_tone("vi-thanks.wav", 22050, 1, 200);
	struct speech *s = open_on("out-stop.raw", out, sizeof out);

	assert_int_equal(speech_say(s, I18N_VI, PROMPT_REASONS), HL_OK);
	assert_true(speech_playing(s));
	speech_stop(s); /* the speaker button turned off */
	assert_false(speech_playing(s));
	/* A long clip, then the next screen's short one: the long one is not finished first. */
	assert_int_equal(speech_say(s, I18N_VI, PROMPT_REASONS), HL_OK);
	assert_int_equal(speech_say(s, I18N_VI, PROMPT_THANKS), HL_OK);
	int left = 1;
	for (int i = 0; i < 100 && left; i++) { /* 200 ms of sound: gone well within 2 s, not 3 */
		SDL_Delay(20);
		left = speech_playing(s);
	}
	assert_false(left);
	speech_close(s);
}

static void test_missing_things_are_named(void **state)
{
	struct speech *s = (struct speech *)1;
	char err[256], dir[128], out[128];
	(void)state;

	snprintf(dir, sizeof dir, "%s/no-such-voice", tmp);
	assert_int_equal(speech_open(dir, &s, err, sizeof err), HL_ERR_NOTFOUND);
	assert_null(s);
	assert_non_null(strstr(err, dir));
	assert_int_equal(speech_open("", &s, err, sizeof err), HL_ERR_NOTFOUND);
	assert_non_null(strstr(err, "voice_dir"));

	s = open_on("out-missing.raw", out, sizeof out);
	assert_int_equal(speech_say(s, I18N_EN, PROMPT_COMPLAINT_THANKS), HL_ERR_NOTFOUND);
	assert_non_null(strstr(speech_error(s), "en-complaint-thanks.wav"));
	assert_int_equal(speech_say(s, I18N_EN, PROMPT_COMPLAINT_THANKS), HL_ERR_NOTFOUND); /* asked again */
	assert_int_equal(speech_say(s, I18N_EN, PROMPT_CLIP_COUNT), HL_ERR_INVALID);
	assert_int_equal(speech_say(s, 7, PROMPT_IDLE), HL_ERR_INVALID);
	speech_close(s);

	/* Speech off: every call is harmless. */
	assert_int_equal(speech_say(NULL, I18N_VI, PROMPT_IDLE), HL_OK);
	speech_stop(NULL);
	assert_false(speech_playing(NULL));
	speech_close(NULL);
}

static void test_prompt_texts(void **state)
{
	char text[1024], file[64];
	(void)state;
	for (int c = 0; c < PROMPT_CLIP_COUNT; c++) {
		char vi[1024];
		assert_int_equal(prompt_text(I18N_VI, c, vi, sizeof vi), HL_OK);
		assert_int_equal(prompt_text(I18N_EN, c, text, sizeof text), HL_OK);
		assert_true(strlen(vi) > 5 && strlen(text) > 5);
		assert_string_not_equal(vi, text);
		for (int d = 0; d < c; d++)
			assert_string_not_equal(prompt_name(c), prompt_name(d));
	}
	/* What is spoken is what the screen shows. */
	prompt_text(I18N_VI, PROMPT_IDLE, text, sizeof text);
	assert_string_equal(text, "Mời Ông/Bà đánh giá mức độ hài lòng. Thái độ, hướng dẫn của công chức");
	prompt_text(I18N_VI, PROMPT_IDLE_PROCEDURE, text, sizeof text);
	assert_non_null(strstr(text, i18n_question(I18N_VI, SURVEY_Q_PROCEDURE)));
	prompt_text(I18N_VI, PROMPT_REASONS, text, sizeof text);
	assert_string_equal(text, "Vì sao? Ông/Bà chưa hài lòng điều gì? Chọn một hoặc nhiều ý.");
	prompt_text(I18N_VI, PROMPT_COMPLAINT_THANKS, text, sizeof text);
	assert_non_null(strstr(text, i18n_text(I18N_VI, I18N_COMPLAINT_NEXT)));
	for (int r = 0; r < SURVEY_R_COUNT; r++) {
		int c = prompt_confirm_clip(r);
		assert_int_equal(c >= 0, survey_reason_serious(r));
		if (c < 0)
			continue;
		prompt_text(I18N_VI, c, text, sizeof text);
		assert_non_null(strstr(text, i18n_reason(I18N_VI, r)));
		assert_non_null(strstr(text, i18n_text(I18N_VI, I18N_CONFIRM_NOTE)));
	}
	assert_int_equal(prompt_file(I18N_VI, PROMPT_CONFIRM_FEES, file, sizeof file), HL_OK);
	assert_string_equal(file, "vi-confirm-fees.wav");
	assert_int_equal(prompt_file(I18N_EN, PROMPT_IDLE, file, 8), HL_ERR_RANGE);
	assert_int_equal(prompt_text(I18N_VI, PROMPT_IDLE, text, 10), HL_ERR_RANGE);
	assert_int_equal(prompt_text(I18N_VI, -1, text, sizeof text), HL_ERR_INVALID);
	assert_null(prompt_name(PROMPT_CLIP_COUNT));
}

/* Every clip the build made with espeak-ng, in both languages, loads and plays. */
static void test_built_voice(void **state)
{
	char out[128], err[256];
	struct speech *s = NULL;
	(void)state;
	if (access(built_voice, R_OK) != 0) {
		printf("  no %s (espeak-ng not installed): skipped\n", built_voice);
		return;
	}
	snprintf(out, sizeof out, "%s/out-built.raw", tmp);
	setenv("SDL_DISKAUDIOFILE", out, 1);
	assert_int_equal(speech_open(built_voice, &s, err, sizeof err), HL_OK);
	for (int lang = 0; lang < I18N_LANG_COUNT; lang++)
		for (int c = 0; c < PROMPT_CLIP_COUNT; c++) {
			int rc = speech_say(s, lang, c);
			if (rc != HL_OK)
				fprintf(stderr, "%s\n", speech_error(s));
			assert_int_equal(rc, HL_OK);
		}
	assert_true(heard(out));
	speech_close(s);
}

/* The two settings: off unless asked for, the installed folder unless another is named. */
static void test_settings(void **state)
{
	struct tsettings st;
	struct config_error err;
	struct tsettings_override ov[4] = { { "site", "sct-bentre" }, { "counter", "q05" } };
	(void)state;

	struct kiosk_config kc;
	assert_int_equal(tsettings_load(&st, NULL, ov, 2, &err), HL_OK);
	assert_string_equal(st.speech, "off");
	assert_non_null(strstr(st.voice_dir, "/share/hailong/voice"));
	tsettings_kiosk(&st, &kc);
	assert_false(kc.speak); /* each citizen starts without sound */
	ov[2] = (struct tsettings_override){ "speech", "on" };
	ov[3] = (struct tsettings_override){ "voice_dir", "build/voice" };
	assert_int_equal(tsettings_load(&st, NULL, ov, 4, &err), HL_OK);
	assert_string_equal(st.speech, "on");
	assert_string_equal(st.voice_dir, "build/voice");
	tsettings_kiosk(&st, &kc);
	assert_true(kc.speak);
	ov[2].value = "loud";
	assert_int_equal(tsettings_load(&st, NULL, ov, 4, &err), HL_ERR_INVALID);
	assert_string_equal(err.key, "speech");
}

/* questions: both, all, one, or a list of question keys; anything else names the key. */
static void test_questions_setting(void **state)
{
	static const struct {
		const char *value;
		bool ok, officer, procedure, result;
	} cases[] = {
		{ "both", true, true, true, false },
		{ "all", true, true, true, true },
		{ "officer", true, true, false, false },
		{ "procedure", true, false, true, false },
		{ "officer,procedure,result", true, true, true, true },
		{ "procedure,result", true, false, true, true },
		{ "result", true, false, false, true },
		{ "officer,officer", false, false, false, false },
		{ "officer,", false, false, false, false },
		{ "", false, false, false, false },
		{ "kết quả", false, false, false, false },
	};
	struct tsettings st;
	struct config_error err;
	struct kiosk_config kc;
	(void)state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct tsettings_override ov[3] = { { "site", "sct-bentre" }, { "counter", "q05" }, { "questions", cases[i].value } };
		int rc = tsettings_load(&st, NULL, ov, 3, &err);
		if (!cases[i].ok) {
			assert_int_equal(rc, HL_ERR_INVALID);
			assert_string_equal(err.key, "questions");
			assert_non_null(strstr(err.msg, "officer, procedure, result"));
			continue;
		}
		assert_int_equal(rc, HL_OK);
		tsettings_kiosk(&st, &kc);
		assert_int_equal(kc.ask[SURVEY_Q_OFFICER], cases[i].officer);
		assert_int_equal(kc.ask[SURVEY_Q_PROCEDURE], cases[i].procedure);
		assert_int_equal(kc.ask[SURVEY_Q_RESULT], cases[i].result);
	}
	/* The spoken prompts say what the screens show. */
	char text[512];
	assert_int_equal(prompt_text(I18N_VI, PROMPT_RESULT, text, sizeof text), HL_OK);
	assert_string_equal(text, "Kết quả giải quyết");
	assert_int_equal(prompt_text(I18N_VI, PROMPT_PROCEDURE_ALONE, text, sizeof text), HL_OK);
	assert_string_equal(text, "Thủ tục hành chính");
	assert_string_equal(prompt_name(PROMPT_IDLE_RESULT), "idle-result");
}

int main(int argc, char **argv)
{
	(void)argc;
	const char *slash = strrchr(argv[0], '/');
	snprintf(built_voice, sizeof built_voice, "%.*s/../voice", slash ? (int)(slash - argv[0]) : 1,
		 slash ? argv[0] : ".");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_questions_setting),
		cmocka_unit_test(test_built_voice),
		cmocka_unit_test(test_prompt_texts),
		cmocka_unit_test(test_a_clip_is_heard),
		cmocka_unit_test(test_other_formats_are_converted),
		cmocka_unit_test(test_stop_and_cut),
		cmocka_unit_test(test_missing_things_are_named),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
