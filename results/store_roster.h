/* SPDX-License-Identifier: MIT
 * store_roster.h — the roster in the aggregator's database: each site's officers and the procedures
 * every site shares, with their display names (schema v3: roster_officer, roster_procedure). The
 * roster is replaced as a whole, never edited row by row, so what is stored is always one file's
 * truth. Reports read it to put names beside codes; `roster publish` reads it for the terminals. */
#ifndef HL_STORE_ROSTER_H
#define HL_STORE_ROSTER_H

#include "hl.h"
#include "roster.h"
#include "store.h"

#include <stddef.h>

/* One officer of one site. Plain data. */
struct store_officer {
	char site[HL_CODE_MAX + 1];
	struct roster_entry e; /* code and display name */
};

/* Replaces the whole roster — every site's officers and all procedures — in one transaction
 * (BEGIN IMMEDIATE … COMMIT): afterwards the store holds exactly these rows. Arrays are borrowed for
 * the call; either may be empty (n 0, pointer may be NULL). HL_ERR_INVALID (nothing changed) when a
 * site is not [a-z0-9-]{1,32}, a code is empty or not [A-Za-z0-9._-]{1,32}, a name is empty or not
 * UTF-8 text of at most ROSTER_NAME_MAX bytes; HL_ERR_DB (nothing changed, store_errmsg says why)
 * when the database refuses, e.g. for a code given twice. */
int store_roster_replace(struct store *s, const struct store_officer *officers, size_t nofficers,
			 const struct roster_entry *procedures, size_t nprocedures);

/* Loads a roster: the officers of site — of every site when site is NULL (a code used by two sites
 * then appears twice, and roster_name finds the first site's name in site order) — and all
 * procedures, each list sorted by code. On HL_OK *out is a new roster the caller frees with
 * roster_free; otherwise *out is NULL (HL_ERR_DB, HL_ERR_NOMEM). A site without officers gives an
 * empty officer list, not an error. */
int store_roster_load(struct store *s, const char *site, struct roster **out);

/* Called per site; site is borrowed for the call. A non-zero return stops and is returned. */
typedef int (*store_site_fn)(void *ud, const char *site);

/* Calls fn for every site that has officers, in order. HL_OK, HL_ERR_DB or fn's value. */
int store_roster_sites(struct store *s, store_site_fn fn, void *ud);

#endif
