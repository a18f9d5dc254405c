/* SPDX-License-Identifier: MIT
 * roster.h — officers, procedures and counters with their display names, as published retained on
 * hailong/v1/SITE/roster:
 *   {"officers":[{"code":C,"name":N[,"title":T][,"photo":H]},…],"procedures":[{"code":C,"name":N},…],
 *    "counters":[{"code":C,"name":N},…]}
 * every list optional. An officer's photo itself travels apart, as a retained binary message (JPEG or
 * PNG bytes) on hailong/v1/SITE/photo/CODE; H is a short hash of its bytes (roster_photo_hash), so a
 * screen can tell which picture the roster means. Sites' display names ("Sở Công Thương tỉnh Bến
 * Tre", ROSTER_SITE) live in the same struct for the aggregator's store and reports but are no part
 * of the message, which terminals decode refusing unknown keys. Ratings carry codes only; names are
 * for screens and reports. Pure. */
#ifndef HL_ROSTER_H
#define HL_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#define ROSTER_NAME_MAX 200  /* bytes of UTF-8 */
#define ROSTER_TITLE_MAX 120 /* bytes of UTF-8: "Phó Trưởng phòng Quản lý thương mại" */
#define ROSTER_BODY_MAX (1024 * 1024)
#define ROSTER_PHOTO_HASH_LEN 16         /* hex digits of roster_photo_hash */
#define ROSTER_PHOTO_MAX (256 * 1024)    /* largest photo, bytes */
#define ROSTER_PHOTOS_MAX 256            /* photos of one site a terminal keeps */

/* The kinds of entries. The first ROSTER_WIRE_KINDS travel in the roster message; ROSTER_SITE (a
 * site's code and display name) is the store's and the reports' only. */
enum roster_kind { ROSTER_OFFICER, ROSTER_PROCEDURE, ROSTER_COUNTER, ROSTER_SITE, ROSTER_KIND_COUNT };
#define ROSTER_WIRE_KINDS 3

/* One entry of any kind. Officers' codes are [A-Za-z0-9._-]{1,32}, like procedures'; counters' and
 * sites' codes are topic ids, [a-z0-9-]{1,32}. */
struct roster_entry {
	char code[33];
	char name[ROSTER_NAME_MAX + 1];
};

/* What an officer has beyond code and name; "" when the roster gives none. */
struct roster_officer {
	char title[ROSTER_TITLE_MAX + 1];
	char photo[ROSTER_PHOTO_HASH_LEN + 1]; /* roster_photo_hash of the officer's photo */
};

/* Owns its entries; roster_free(NULL) is safe. officer, when not NULL, holds n[ROSTER_OFFICER]
 * entries beside e[ROSTER_OFFICER] (the same index is the same officer); NULL: no titles, no
 * photos. */
struct roster {
	struct roster_entry *e[ROSTER_KIND_COUNT];
	size_t n[ROSTER_KIND_COUNT];
	struct roster_officer *officer;
};

/* Decodes a roster message into a new roster. HL_ERR_INVALID for anything malformed (bad codes,
 * names or titles that are not UTF-8 text or hold a character text_name_valid refuses — controls,
 * bidi controls, invisible characters —, a photo that is not 16 lowercase hex digits, unknown
 * fields), HL_ERR_NOMEM. */
int roster_decode(const void *payload, size_t len, struct roster **out);
/* roster_decode, and on HL_ERR_INVALID a reason for people in why (cap > 0; "" when there is no more
 * to say than "malformed"), e.g. "officer 2 (code cb7): name has U+202E (right-to-left override) at
 * byte 7". why may be NULL. */
int roster_decode_why(const void *payload, size_t len, struct roster **out, char *why, size_t cap);
/* The entry of kind for code, or NULL when the roster does not know it; borrowed until the roster is
 * freed. */
const struct roster_entry *roster_find(const struct roster *r, int kind, const char *code);
/* The name for a code, or NULL when the roster does not know it; borrowed until the roster is freed. */
const char *roster_name(const struct roster *r, int kind, const char *code);
/* An officer's title ("Chuyên viên"), or NULL when the roster does not know the officer or gives no
 * title; borrowed like roster_name. */
const char *roster_title(const struct roster *r, const char *code);
/* The hash of an officer's photo, or NULL when the roster names none for the officer; borrowed like
 * roster_name. The picture is the one retained on roster_photo_topic(site, code). */
const char *roster_photo(const struct roster *r, const char *code);
void roster_free(struct roster *r);

/* ---- photos ---- */

/* "image/png" or "image/jpeg" when bytes[0..len) start as a PNG or a JPEG file does, else NULL. A
 * check of the magic bytes only: the picture may still fail to decode. */
const char *roster_photo_type(const void *bytes, size_t len);
/* Writes the photo's content hash as 16 lowercase hex digits and a NUL into out: 64-bit FNV-1a of the
 * bytes. It names a version of a picture, so that screens and the console can tell one from another;
 * it guards nothing (anyone may make two pictures with the same hash). */
void roster_photo_hash(const void *bytes, size_t len, char out[ROSTER_PHOTO_HASH_LEN + 1]);
/* True when hash is 16 lowercase hex digits. */
bool roster_photo_hash_valid(const char *hash);
/* Writes "hailong/v1/SITE/photo/CODE" into buf. HL_ERR_INVALID for a bad site or officer code,
 * HL_ERR_RANGE when cap is too small. With code "+": the filter of every photo of the site. */
int roster_photo_topic(char *buf, size_t cap, const char *site, const char *code);
/* The officer's code of a photo topic of site ("hailong/v1/SITE/photo/CODE"), pointing into topic,
 * or NULL when topic is not one (another site, another kind, a bad code). */
const char *roster_photo_code(const char *topic, const char *site);

#endif
