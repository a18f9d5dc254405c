/* SPDX-License-Identifier: MIT
 * speech.h — plays the spoken prompts (prompt.h) through SDL audio: one WAV file per clip and
 * language in a voice folder (the build makes them with espeak-ng; recorded files may replace them),
 * each read once on first use and kept. Saying a clip stops the one playing. Off by default: the
 * terminal opens it only when `speech = on` or the speaker button is pressed. The only file besides
 * view.c that includes SDL's audio. */
#ifndef HL_SPEECH_H
#define HL_SPEECH_H

#include <stdbool.h>
#include <stddef.h>

struct speech;

/* Opens an audio device for the WAV files in dir (borrowed during the call; a copy is kept).
 * HL_OK with *out set; HL_ERR_NOTFOUND when dir is not a readable folder, HL_ERR_IO when no audio
 * device opens — err (cap bytes) says why and names dir. *out is NULL on failure. */
int speech_open(const char *dir, struct speech **out, char *err, size_t cap);

/* Stops what is playing and starts clip (enum prompt_clip) in lang (enum i18n_lang). Returns at
 * once; the sound plays on SDL's audio thread. s NULL: does nothing, HL_OK (speech is off).
 * HL_ERR_INVALID for a clip or language out of range, HL_ERR_NOTFOUND when its file is missing,
 * HL_ERR_IO when it cannot be read or queued; speech_error then says which file and why. */
int speech_say(struct speech *s, int lang, int clip);

/* Stops what is playing (e.g. when the speaker button turns speech off). s NULL: nothing. */
void speech_stop(struct speech *s);

/* Whether sound is still queued for the device. false for NULL. */
bool speech_playing(const struct speech *s);

/* The last error of speech_say, "" when none; owned by s, valid until the next call. */
const char *speech_error(const struct speech *s);

/* Stops, closes the device, frees the clips. NULL is safe. */
void speech_close(struct speech *s);

#endif
