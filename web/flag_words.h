/* SPDX-License-Identifier: MIT
 * flag_words.h — for flag_view.c alone (pages call flag_view.h): the summary of a flag as plain text
 * in the reader's language, composed by flag_words.c from its table of wordings, and the few readers
 * of a flag's evidence object that the summary and the evidence items (flag_view.c) both use. The
 * readers are static inline: each parse is the caller's, freed with cJSON_Delete. */
#ifndef HL_FLAG_WORDS_H
#define HL_FLAG_WORDS_H

#include "buf.h"
#include "i18n.h"
#include "roster.h"
#include "store_flags.h"
#include "web.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* The summary of f as plain UTF-8 into t (appended), in c's language: composed from its kind,
 * subject and evidence with names (the roster of f's site, or NULL: codes alone); for a kind the
 * table cannot tell, the engine's stored line, else the kind's label. t->failed on no memory. */
void flag_words_summary(const struct web_ctx *c, const struct store_flag *f, const struct roster *names,
			struct buf *t);

/* The i18n.h language of c. */
static inline int flag_words_lang(const struct web_ctx *c)
{
	return c->lang == WEB_EN ? I18N_EN : I18N_VI;
}

/* f's evidence as a JSON object (the caller's, cJSON_Delete), or NULL when it has none or it is
 * not an object. */
static inline cJSON *flag_words_evidence(const struct store_flag *f)
{
	cJSON *root = f->evidence && *f->evidence ? cJSON_Parse(f->evidence) : NULL;

	if (root && !cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return NULL;
	}
	return root;
}

/* A non-empty string member of ev (may be NULL), or NULL. */
static inline const char *flag_words_str(const cJSON *ev, const char *key)
{
	const cJSON *it = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;
	return cJSON_IsString(it) && it->valuestring[0] ? it->valuestring : NULL;
}

/* A number member of ev (may be NULL) into *v; false when there is none. */
static inline bool flag_words_num(const cJSON *ev, const char *key, double *v)
{
	const cJSON *it = ev ? cJSON_GetObjectItemCaseSensitive(ev, key) : NULL;
	if (!cJSON_IsNumber(it))
		return false;
	*v = it->valuedouble;
	return true;
}

/* The roster's name of an officer or procedure (kind ROSTER_*), or NULL (no roster, no code, or
 * the roster does not know it). Borrowed from names. */
static inline const char *flag_words_name(const struct roster *names, int kind, const char *code)
{
	return names && code && code[0] ? roster_name(names, kind, code) : NULL;
}

#endif
