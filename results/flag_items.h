/* SPDX-License-Identifier: MIT
 * flag_items.h — a complaint flag's evidence as labelled items for people ("Lý do: Sách nhiễu, gây
 * phiền hà", "Số đánh giá liên quan: 1"), in the reader's language, shared by `flags show` and the
 * web console, which each lay the items out in their own way. Privacy (DESIGN §8): the ratings
 * concerned are counted, never listed — a rating's id, with the store's times, dates it —, a time
 * in the evidence (a terminal's "since") is said as its day, and the engine's own bookkeeping (the
 * rule's name) is not said. Pure: no store, no HTML. Written in flag_items.c. */
#ifndef HL_FLAG_ITEMS_H
#define HL_FLAG_ITEMS_H

#include "flag_words.h"

/* One item: its label and its value as plain UTF-8, borrowed for the call. */
typedef void (*flag_items_fn)(void *ud, const char *label, const char *value);

/* Calls fn for each item of f's evidence in lang (enum i18n_lang): the keys the rules write in one
 * fixed order, then any other key as it comes. names: the roster of the flag's site (NULL: codes
 * alone); utc_offset: seconds east of UTC, for days. Returns the number of items. */
int flag_items(int lang, const struct flag_words_flag *f, const struct roster *names, int utc_offset,
	       flag_items_fn fn, void *ud);

#endif
