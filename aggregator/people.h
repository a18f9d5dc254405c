/* SPDX-License-Identifier: MIT
 * people.h — what `user` (cmd_user.c) and `token` (cmd_token.c) share: opening the store for them,
 * the audit entry of a change made from the command line ("cli:" and the login name of whoever ran
 * it), and the table cells they print (times in the sites' local time, lists of sites, padding by
 * characters, since role labels are Vietnamese). Owns nothing. */
#ifndef HL_PEOPLE_H
#define HL_PEOPLE_H

#include "cli.h"
#include "hl.h"
#include "store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PEOPLE_SITES_TEXT (16 * (HL_CODE_MAX + 2) + 16) /* bytes of a list of sites */

/* Opens the store: with create, a missing database becomes a new one (a first user or token before
 * the daemon's first run); otherwise it must exist. 0, or 1 after saying why not. */
int people_open(struct cli_common *c, bool create, struct settings *st, struct store **s);
/* Writes the audit entry of a change already made, at the current time; 0, or 1 after saying the
 * change is made but not audited. site may be "" (none). */
int people_audit(struct store *s, const char *action, const char *site, const char *detail);
/* The audit's site of a change to something of these sites: the one site, or "" for none or many. */
const char *people_audit_site(char (*sites)[HL_CODE_MAX + 1], size_t n);

/* "2026-11-22 14:03" of t in local time (utc_offset seconds east of UTC); "-" for 0. */
void people_time(int64_t t, int utc_offset, char out[32]);
/* sites[0..n) joined by ", " into out (cap bytes); none when n is 0. */
void people_sites(char (*sites)[HL_CODE_MAX + 1], size_t n, const char *none, char *out, size_t cap);
/* Characters (UTF-8 code points) of s. */
int people_chars(const char *s);

#endif
