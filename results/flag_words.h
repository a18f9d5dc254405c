/* SPDX-License-Identifier: MIT
 * flag_words.h — a complaint flag's summary in the reader's language, the one wording every output
 * shares: `flags list` and `flags show`, the HTML report's flags section, the alert on
 * hailong/v1/SITE/alerts and the web console (its pages and its API). The sentence is composed from
 * the flag's kind, subject and evidence, with the roster's names for officers and procedures and the
 * reasons by their i18n labels, never their codes; the engine's stored summary (an English line with
 * codes) is said only for a kind the table cannot tell. Also the readers of an evidence object that
 * the console's evidence items use, and durations in words.
 *
 * Pure: no store, no clock, no HTML. Privacy (DESIGN §8): nothing said here names a rating's id or
 * time. Written in flag_words.c. lang is enum i18n_lang (I18N_VI, I18N_EN). */
#ifndef HL_FLAG_WORDS_H
#define HL_FLAG_WORDS_H

#include "roster.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FLAG_WORDS_MAX 1024 /* bytes a summary takes at most, with its NUL */

/* What the wording reads of a flag. Strings borrowed for the call; any may be NULL. */
struct flag_words_flag {
	int kind;            /* enum flag_kind */
	int subject_type;    /* enum flag_subject */
	const char *subject; /* the officer, procedure or counter code */
	const char *summary; /* the engine's stored line */
	const char *evidence; /* the evidence object as JSON text */
};

/* The summary of f in lang as plain UTF-8 into out (cap > 0 bytes; always NUL-terminated, cut at a
 * character boundary when it does not fit). names: the roster of the flag's site (officers' and
 * procedures' names), or NULL: codes alone. Returns the length written. */
size_t flag_words_summary(int lang, const struct flag_words_flag *f, const struct roster *names, char *out,
			  size_t cap);

/* "20 giây", "15 phút", "5 giờ", "3 ngày" (English "20 s", "15 min", "5 h", "3 days") for s seconds
 * (its sign ignored), into out. */
void flag_words_duration(int lang, int64_t s, char *out, size_t cap);

/* ---- reading an evidence object ---------------------------------------------------------------- */

/* The evidence text parsed as an object (the caller's: cJSON_Delete), or NULL when it is empty, not
 * JSON or not an object. */
cJSON *flag_words_evidence(const char *evidence);
/* A non-empty string member of ev (may be NULL), or NULL. */
const char *flag_words_str(const cJSON *ev, const char *key);
/* A number member of ev (may be NULL) into *v; false when there is none. */
bool flag_words_num(const cJSON *ev, const char *key, double *v);
/* The roster's name of an officer or procedure (kind ROSTER_*), or NULL (no roster, no code, or the
 * roster does not know it). Borrowed from names. */
const char *flag_words_name(const struct roster *names, int kind, const char *code);
/* How many ratings the evidence concerns (its rating_ids and those not listed); -1 when it names
 * none. The ids themselves are never shown to people: with the store's times they date a rating. */
int flag_words_ratings(const cJSON *ev);

#endif
