/* SPDX-License-Identifier: MIT
 * store_roster.h — the roster in the aggregator's database: each site's officers (with their titles
 * and photos) and counters, and the procedures every site shares, with their display names (schema
 * v3: roster_officer, roster_procedure; v10: titles, photos in roster_photo by content hash,
 * roster_counter, and roster_photo_sent, the photo topics published retained; v14: roster_site, each
 * site's display name). The roster is replaced
 * as a whole, never edited row by row, so what is stored is always one file's truth. Reports read it
 * to put names beside codes; `roster publish` and the console read it for the terminals. */
#ifndef HL_STORE_ROSTER_H
#define HL_STORE_ROSTER_H

#include "hl.h"
#include "roster.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>

#define STORE_PHOTO_FILE_MAX 255 /* bytes of the photo's file name as the officers' CSV gave it */

/* One officer (or counter) of one site. Plain data. */
struct store_officer {
	char site[HL_CODE_MAX + 1];
	struct roster_entry e; /* code and display name */
};

/* What an officer has beyond site, code and name, beside its struct store_officer. Plain data. */
struct store_officer_info {
	char title[ROSTER_TITLE_MAX + 1]; /* "" none */
	char photo[ROSTER_PHOTO_HASH_LEN + 1]; /* the photo's hash, "" none */
	/* The photo on the way in: its bytes (JPEG or PNG, at most ROSTER_PHOTO_MAX), borrowed for the
	 * call; NULL for none, or — with photo set — to keep the stored photo of that hash. */
	const void *bytes;
	size_t len;
	char photo_file[STORE_PHOTO_FILE_MAX + 1]; /* the photo's file as the CSV named it, "" none */
};

/* What a replace stores. Arrays are borrowed for the call; any may be empty (n 0, pointer NULL). */
struct store_roster_in {
	const struct store_officer *officers;
	const struct store_officer_info *info; /* nofficers of them beside officers, or NULL: none */
	size_t nofficers;
	const struct roster_entry *procedures;
	size_t nprocedures;
	const struct store_officer *counters; /* site, code ([a-z0-9-]{1,32}) and name of each */
	size_t ncounters;
	bool counters_given; /* false: the stored counters stay as they are */
	const struct roster_entry *sites; /* each site's code ([a-z0-9-]{1,32}) and display name */
	size_t nsites;
	bool sites_given; /* false: the stored site names stay as they are */
};

/* Replaces the whole roster — every site's officers, all procedures and, when in->counters_given,
 * every site's counters, when in->sites_given every site's name — in one transaction (BEGIN
 * IMMEDIATE … COMMIT): afterwards the store holds exactly these rows, and the photos of these
 * officers only. An officer's photo is stored under roster_photo_hash of its bytes (info.photo is
 * then ignored), or kept by info.photo when bytes is NULL.
 * HL_ERR_INVALID (nothing changed, store_errmsg says why) when a site is not [a-z0-9-]{1,32}, a code
 * is empty or not [A-Za-z0-9._-]{1,32} (a counter's or a site's not [a-z0-9-]{1,32}), a name is
 * empty or not UTF-8 text of at most ROSTER_NAME_MAX bytes, a title is not text of at most
 * ROSTER_TITLE_MAX bytes, a photo is empty, larger than ROSTER_PHOTO_MAX or not a JPEG or PNG, a
 * kept photo is not stored, or two different photos have one hash; HL_ERR_DB (nothing changed,
 * store_errmsg says why) when the database refuses, e.g. for a code given twice. */
int store_roster_put(struct store *s, const struct store_roster_in *in);
/* store_roster_put of officers and procedures, the stored counters and site names kept. */
int store_roster_replace(struct store *s, const struct store_officer *officers, size_t nofficers,
			 const struct roster_entry *procedures, size_t nprocedures);

/* Loads a roster: the officers and counters of site — of every site when site is NULL (a code used
 * by two sites then appears twice, and roster_name finds the first site's name in site order) —,
 * all procedures, and the name of site (of every site when NULL) as r->e[ROSTER_SITE] (roster_name
 * of ROSTER_SITE finds it), each list sorted by code. On HL_OK *out is a new roster the caller frees with
 * roster_free; otherwise *out is NULL (HL_ERR_DB, HL_ERR_NOMEM). A site without officers gives an
 * empty officer list, not an error. */
int store_roster_load(struct store *s, const char *site, struct roster **out);

/* One stored officer of site into *out and its title, photo hash and photo's file name into *info
 * (bytes NULL). HL_OK, HL_ERR_NOTFOUND (both zeroed) or HL_ERR_DB. */
int store_roster_officer(struct store *s, const char *site, const char *code, struct store_officer *out,
			 struct store_officer_info *info);
/* A roster of the sites' names only — site's, or every site's when site is NULL — as
 * r->e[ROSTER_SITE], sorted by code (roster_name of ROSTER_SITE finds one), the other lists empty:
 * for what names sites without their officers. *out as store_roster_load's. */
int store_roster_site_names(struct store *s, const char *site, struct roster **out);
/* The stored display name of site into name (cap bytes; "" but on HL_OK): HL_OK, HL_ERR_NOTFOUND
 * (no name stored for site), HL_ERR_INVALID (it does not fit cap), HL_ERR_DB. */
int store_roster_site_name(struct store *s, const char *site, char *name, size_t cap);
/* Every stored counter of every site, sorted by site and code: *out is a new array the caller frees
 * with free() (NULL when there are none). HL_OK, HL_ERR_DB or HL_ERR_NOMEM. */
int store_roster_counters(struct store *s, struct store_officer **out, size_t *n);
/* The stored photo of hash: *bytes is a new buffer of *len bytes the caller frees with free().
 * HL_OK, HL_ERR_NOTFOUND, HL_ERR_DB or HL_ERR_NOMEM; *bytes is NULL but on HL_OK. */
int store_roster_photo(struct store *s, const char *hash, void **bytes, size_t *len);

/* Called per site; site is borrowed for the call. A non-zero return stops and is returned. */
typedef int (*store_site_fn)(void *ud, const char *site);

/* Calls fn for every site that has officers, in order. HL_OK, HL_ERR_DB or fn's value. */
int store_roster_sites(struct store *s, store_site_fn fn, void *ud);

/* The officers' codes whose photo topic of site may hold a retained photo, as recorded below, in
 * order: fn(ud, code) for each, code borrowed for the call; a non-zero return stops and is returned.
 * HL_OK, HL_ERR_DB or fn's value. */
int store_roster_photos_sent(struct store *s, const char *site, store_site_fn fn, void *ud);
/* Records that a photo was (sent true) — or no longer is (false) — retained on site's photo topic
 * for code, so that a later publish can clear it. HL_OK or HL_ERR_DB. */
int store_roster_photo_sent(struct store *s, const char *site, const char *code, bool sent);

#endif
