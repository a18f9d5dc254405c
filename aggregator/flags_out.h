/* SPDX-License-Identifier: MIT
 * flags_out.h — what `hailong-aggregator flags` prints, for cmd_flags.c alone: the table of
 * `flags list`, the text of `flags show` and the JSON of both, in the reader's language (enum
 * i18n_lang), each flag dated by its local day. Written in flags_out.c. */
#ifndef HL_FLAGS_OUT_H
#define HL_FLAGS_OUT_H

#include "flag_words.h"
#include "hl.h"
#include "roster.h"
#include "store_flags.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

/* The words `flags` says (flags_out_word). */
enum flags_word { W_ID, W_KIND, W_STATE, W_SITE, W_SUBJECT, W_OPENED, W_SUMMARY, W_EVIDENCE, W_ACKED, W_RESOLVED,
		  W_FLAG, W_ON, W_NONE_ALL, W_NONE_UNRESOLVED, W_NONE_OPEN, W_NONE_ACKED, W_NONE_RESOLVED,
		  W_DID_ACK, W_DID_RESOLVE, W_COUNT };

/* One of those words in lang; a static string. */
const char *flags_out_word(int lang, int w);
/* s, or dflt when s is NULL. */
const char *flags_out_or(const char *s, const char *dflt);
/* The local day of t in lang's form ("02/12/2026", "2026-12-02"), into out. */
const char *flags_out_day(int lang, int64_t t, int utc_offset, char out[16]);

#define FLAGS_SITES 16 /* rosters held at once */

/* How to print: the store (borrowed), the language and the sites' time, each site's roster (loaded
 * the first time one of its flags asks; NULL: it could not be, codes alone then; freed by
 * flags_out_free) and, for json, the array being built (the caller's). */
struct flags_out {
	struct store *store;
	int lang, utc_offset;
	struct {
		char site[HL_CODE_MAX + 1];
		struct roster *r;
	} v[FLAGS_SITES];
	size_t n;
	cJSON *arr; /* json: the list being built */
};
void flags_out_free(struct flags_out *o);

/* The rows of a table: o borrowed, v owned (the caller frees it). */
struct flags_row {
	int64_t id;
	char kind[64], state[32], subject[HL_CODE_MAX + 32], day[16];
	char site[HL_CODE_MAX + ROSTER_NAME_MAX + 8]; /* "Sở Công Thương tỉnh Bến Tre (sct-bentre)", or the code */
	char summary[FLAG_WORDS_MAX];
};
struct flags_rows {
	struct flags_out *o;
	struct flags_row *v;
	size_t n, cap;
};
/* A store_flag_fn (ud: struct flags_rows) adding one row. HL_ERR_NOMEM. */
int flags_out_collect(void *ud, const struct store_flag *f);
/* Prints the rows, aligned; when there are none, that there are no flags of the state asked
 * (enum flag_state, STORE_FLAGS_UNRESOLVED or STORE_FLAGS_ALL). */
void flags_out_table(const struct flags_rows *rows, int lang, int which);
/* A store_flag_fn (ud: struct flags_out with arr set) adding the flag to o->arr as JSON. */
int flags_out_json(void *ud, const struct store_flag *f);
/* Prints item and frees it. HL_ERR_NOMEM. */
int flags_out_print_json(cJSON *item);
/* A store_flag_fn (ud: struct flags_out) printing the flag as `show` does. */
int flags_out_show(void *ud, const struct store_flag *f);

#endif
