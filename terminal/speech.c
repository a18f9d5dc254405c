/* SPDX-License-Identifier: MIT
 * speech.c — the SDL audio adapter for the spoken prompts (see speech.h). The device is opened once
 * in one fixed format (22050 Hz, signed 16-bit, mono: what espeak-ng writes); a WAV in another
 * format is converted to it with SDL_AudioCVT when it is loaded. Playing is SDL_QueueAudio on a
 * device that runs from the first clip on, and stopping is SDL_ClearQueuedAudio, so nothing here
 * runs on the audio thread. Owns the device and the loaded clips. */
#include "speech.h"

#include "hl.h"
#include "i18n.h"
#include "prompt.h"

#include <SDL.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct speech_clip {
	Uint8 *buf; /* in the device's format; SDL_malloc'd (SDL_LoadWAV or SDL_AudioCVT) */
	Uint32 len;
	int tried;  /* loaded, or failed once: not read again */
};

struct speech {
	SDL_AudioDeviceID dev;
	SDL_AudioSpec spec;
	char dir[512];
	char err[640];
	struct speech_clip clips[I18N_LANG_COUNT][PROMPT_CLIP_COUNT];
};

int speech_open(const char *dir, struct speech **out, char *err, size_t cap)
{
	struct stat st;
	struct speech *s;
	SDL_AudioSpec want;

	*out = NULL;
	if (!dir || !dir[0]) {
		snprintf(err, cap, "no voice folder given (voice_dir)");
		return HL_ERR_NOTFOUND;
	}
	if (stat(dir, &st) != 0 || access(dir, R_OK | X_OK) != 0) {
		snprintf(err, cap, "voice folder %s: %s", dir, strerror(errno));
		return HL_ERR_NOTFOUND;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, cap, "voice folder %s: not a folder", dir);
		return HL_ERR_NOTFOUND;
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return HL_ERR_NOMEM;
	snprintf(s->dir, sizeof s->dir, "%s", dir);
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		snprintf(err, cap, "no audio for the voice folder %s: %s", dir, SDL_GetError());
		goto fail_free;
	}
	SDL_zero(want);
	want.freq = 22050;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024;
	/* No changes allowed: SDL converts to the hardware, and every clip is converted to this. */
	s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &s->spec, 0);
	if (s->dev == 0) {
		snprintf(err, cap, "no audio device for the voice folder %s: %s", dir, SDL_GetError());
		goto fail_audio;
	}
	*out = s;
	return HL_OK;

fail_audio:
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
fail_free:
	free(s);
	return HL_ERR_IO;
}

/* Reads clip's file once and converts it to the device's format. */
static int speech_load(struct speech *s, int lang, int clip)
{
	struct speech_clip *c = &s->clips[lang][clip];
	char name[64], path[600];
	SDL_AudioSpec ws;
	Uint8 *buf;
	Uint32 len;

	if (c->tried)
		return c->buf ? HL_OK : HL_ERR_NOTFOUND;
	c->tried = 1;
	if (prompt_file(lang, clip, name, sizeof name) != HL_OK)
		return HL_ERR_INVALID;
	snprintf(path, sizeof path, "%s/%s", s->dir, name);
	if (access(path, R_OK) != 0) {
		snprintf(s->err, sizeof s->err, "%s: %s", path, strerror(errno));
		return HL_ERR_NOTFOUND;
	}
	if (!SDL_LoadWAV(path, &ws, &buf, &len)) {
		snprintf(s->err, sizeof s->err, "%s: %s", path, SDL_GetError());
		return HL_ERR_IO;
	}
	SDL_AudioCVT cvt;
	int need = SDL_BuildAudioCVT(&cvt, ws.format, ws.channels, ws.freq, s->spec.format, s->spec.channels,
				     s->spec.freq);
	if (need < 0) {
		snprintf(s->err, sizeof s->err, "%s: cannot convert: %s", path, SDL_GetError());
		SDL_FreeWAV(buf);
		return HL_ERR_IO;
	}
	if (need > 0) {
		cvt.len = (int)len;
		cvt.buf = SDL_malloc((size_t)len * (size_t)cvt.len_mult);
		if (!cvt.buf) {
			SDL_FreeWAV(buf);
			return HL_ERR_NOMEM;
		}
		memcpy(cvt.buf, buf, len);
		SDL_FreeWAV(buf);
		if (SDL_ConvertAudio(&cvt) != 0) {
			snprintf(s->err, sizeof s->err, "%s: cannot convert: %s", path, SDL_GetError());
			SDL_free(cvt.buf);
			return HL_ERR_IO;
		}
		buf = cvt.buf;
		len = (Uint32)cvt.len_cvt;
	}
	c->buf = buf; /* SDL_FreeWAV is SDL_free, so either way SDL_free releases it */
	c->len = len;
	return HL_OK;
}

int speech_say(struct speech *s, int lang, int clip)
{
	int rc;

	if (!s)
		return HL_OK;
	s->err[0] = '\0';
	if (lang < 0 || lang >= I18N_LANG_COUNT || clip < 0 || clip >= PROMPT_CLIP_COUNT) {
		snprintf(s->err, sizeof s->err, "no clip %d in language %d", clip, lang);
		return HL_ERR_INVALID;
	}
	SDL_ClearQueuedAudio(s->dev);
	if ((rc = speech_load(s, lang, clip)) != HL_OK) {
		if (!s->err[0])
			snprintf(s->err, sizeof s->err, "%s/%s-%s.wav could not be read before", s->dir,
				 prompt_lang_code(lang), prompt_name(clip));
		return rc;
	}
	if (SDL_QueueAudio(s->dev, s->clips[lang][clip].buf, s->clips[lang][clip].len) != 0) {
		snprintf(s->err, sizeof s->err, "cannot play %s-%s.wav: %s", prompt_lang_code(lang), prompt_name(clip),
			 SDL_GetError());
		return HL_ERR_IO;
	}
	SDL_PauseAudioDevice(s->dev, 0);
	return HL_OK;
}

void speech_stop(struct speech *s)
{
	if (s)
		SDL_ClearQueuedAudio(s->dev);
}

bool speech_playing(const struct speech *s)
{
	return s && SDL_GetQueuedAudioSize(s->dev) > 0;
}

const char *speech_error(const struct speech *s)
{
	return s ? s->err : "";
}

void speech_close(struct speech *s)
{
	if (!s)
		return;
	SDL_CloseAudioDevice(s->dev);
	for (int l = 0; l < I18N_LANG_COUNT; l++)
		for (int c = 0; c < PROMPT_CLIP_COUNT; c++)
			SDL_free(s->clips[l][c].buf);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(s);
}
