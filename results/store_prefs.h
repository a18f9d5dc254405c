/* SPDX-License-Identifier: MIT
 * store_prefs.h — what people chose to receive, and which sites show their public board (schema v15:
 * notify_pref, site_board). The console writes both (a user their own choices, a head or an admin a
 * site's board); hailong-notify reads the choices to plan its deliveries, the public board page reads
 * whether it may show a site. Same store handle and thread rule as store.h. */
#ifndef HL_STORE_PREFS_H
#define HL_STORE_PREFS_H

#include "store.h"
#include "store_users.h"

#include <stdbool.h>
#include <stdint.h>

enum pref_alerts { PREF_ALERTS_NONE, PREF_ALERTS_SERIOUS, PREF_ALERTS_ALL };
enum pref_reports { PREF_REPORTS_NONE, PREF_REPORTS_DAILY, PREF_REPORTS_WEEKLY, PREF_REPORTS_MONTHLY };

#define PREF_EMAIL_MAX 254 /* RFC 5321's limit on an address */

struct store_pref {
	int64_t user_id;
	char email[PREF_EMAIL_MAX + 1]; /* "" until the user gives one */
	int alerts;                     /* enum pref_alerts */
	int reports;                    /* enum pref_reports */
	bool sipas;                     /* the province's monthly SIPAS export */
	int64_t changed;                /* Unix seconds; 0 for a user who never chose */
	/* When reports and sipas last took their present values (set by the store): a period whose
	 * report was due before is not sent, so a head who opts in on a Sunday gets Monday's report
	 * and not last week's as well, while a new address alone changes nothing. */
	int64_t reports_since, sipas_since;
};

/* True for an address a mail server will take: one '@', a local part and a domain of printable
 * ASCII without blanks, quotes, angle brackets, commas or semicolons (no header can be smuggled in),
 * at most PREF_EMAIL_MAX bytes. "" is valid (no address). */
bool pref_email_valid(const char *email);
/* "khong"/"none", "nghiem-trong"/"serious", "tat-ca"/"all" → enum pref_alerts; -1. And the names. */
int pref_alerts_parse(const char *name);
const char *pref_alerts_name(int alerts);
/* "khong"/"none", "ngay"/"daily", "tuan"/"weekly", "thang"/"monthly" → enum pref_reports; -1. */
int pref_reports_parse(const char *name);
const char *pref_reports_name(int reports);

/* The choices of user_id; a user who never chose gets all-off with changed 0 (HL_OK). */
int store_pref_get(struct store *s, int64_t user_id, struct store_pref *out);
/* Sets p (changed = now) in one transaction. HL_ERR_INVALID (store_errmsg says why) for a bad
 * address, a value out of range, alerts or reports without an address, alerts or reports for
 * anyone but a head, the SIPAS export for anyone but the province, or a user that is not there;
 * HL_ERR_DB. */
int store_pref_set(struct store *s, const struct store_pref *p, int64_t now);

/* Each enabled user with an address and at least one choice on, with their user record (sites
 * filled), by user name; both borrowed for the call. A non-zero return stops and is returned. */
typedef int (*store_pref_fn)(void *ud, const struct store_user *u, const struct store_pref *p);
int store_pref_list(struct store *s, store_pref_fn fn, void *ud);

/* Whether site's public board is on (false for a site never set). */
int store_board_get(struct store *s, const char *site, bool *enabled);
/* Each site ever switched, by code, with whether its board is on now (borrowed for the call). */
typedef int (*store_board_fn)(void *ud, const char *site, bool enabled);
int store_board_list(struct store *s, store_board_fn fn, void *ud);
/* Turns it on or off. HL_ERR_INVALID for a bad site code. */
int store_board_set(struct store *s, const char *site, bool enabled, int64_t now);

#endif
