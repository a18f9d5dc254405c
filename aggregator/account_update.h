/* SPDX-License-Identifier: MIT
 * account_update.h — `terminal update` and `account update`: the rules of accounts that already
 * exist on the broker set again to today's (account_acls), for roles made by an older version (say,
 * before officers' photos), without touching any password, so no password file needs to be handed
 * out again. An adapter: it talks to the broker through admin.h and prints what it did and why
 * things fail, for people. */
#ifndef HL_ACCOUNT_UPDATE_H
#define HL_ACCOUNT_UPDATE_H

#include "account.h"

#include <stdbool.h>

struct settings;

/* Which accounts to update: one, or every account of ours the broker lists (terminals only, or the
 * terminals of one site). Borrowed for the call. */
struct account_update_pick {
	const struct account *one; /* valid; NULL: the accounts the broker lists, as below */
	bool terminals;            /* with one NULL: terminals only */
	const char *site;          /* with one NULL: only the terminals of this site (terminals true) */
};

/* Logs in to st's broker as the plugin's admin (timeout_s as admin_connect) and, for each picked
 * account, reads what it and its role hold, and where the role's rules differ from today's sets
 * them again (the plugin's modifyRole), printing one line per account and each rule added or
 * dropped; when subscribe rules changed, its connected clients are disconnected once so they
 * subscribe again under them. A web or onestop account keeps the sites its role names now. Returns the exit code: 0
 * when every picked account is up to date, 1 after printing why not (an account not on the
 * broker is named; for a site with no terminals that is said too). */
int account_update_run(const struct settings *st, int timeout_s, const struct account_update_pick *pick);

#endif
