/* SPDX-License-Identifier: MIT
 * roster.h — officers and procedures with their display names, as published retained on
 * hailong/v1/SITE/roster: {"officers":[{"code":C,"name":N},…],"procedures":[{"code":C,"name":N},…]}.
 * Ratings carry codes only; names are for screens and reports. Pure. */
#ifndef HL_ROSTER_H
#define HL_ROSTER_H

#include <stddef.h>

#define ROSTER_NAME_MAX 200 /* bytes of UTF-8 */
#define ROSTER_BODY_MAX (1024 * 1024)

enum roster_kind { ROSTER_OFFICER, ROSTER_PROCEDURE, ROSTER_KIND_COUNT };

struct roster_entry {
	char code[33];
	char name[ROSTER_NAME_MAX + 1];
};

/* Owns its entries; roster_free(NULL) is safe. */
struct roster {
	struct roster_entry *e[ROSTER_KIND_COUNT];
	size_t n[ROSTER_KIND_COUNT];
};

/* Decodes a roster message into a new roster. HL_ERR_INVALID for anything malformed (bad codes,
 * names that are not UTF-8 text or hold a character text_name_valid refuses — controls, bidi
 * controls, invisible characters —, unknown fields), HL_ERR_NOMEM. */
int roster_decode(const void *payload, size_t len, struct roster **out);
/* roster_decode, and on HL_ERR_INVALID a reason for people in why (cap > 0; "" when there is no more
 * to say than "malformed"), e.g. "officer 2 (code cb7): name has U+202E (right-to-left override) at
 * byte 7". why may be NULL. */
int roster_decode_why(const void *payload, size_t len, struct roster **out, char *why, size_t cap);
/* The name for a code, or NULL when the roster does not know it; borrowed until the roster is freed. */
const char *roster_name(const struct roster *r, int kind, const char *code);
void roster_free(struct roster *r);

#endif
