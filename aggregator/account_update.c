/* SPDX-License-Identifier: MIT
 * account_update.c — bringing existing accounts' rules up to date. The role is read first (getClient
 * and getRole), so the admin learns exactly which rules were added or dropped, an account already up
 * to date is left alone, and a web or onestop account keeps its sites: they are only written in its
 * role, and guessing would widen it to every site. Nothing here knows a password or asks for one;
 * the plugin's modifyRole replaces the role's rules and nothing else. The broker checks a
 * subscription only when it is made, so a terminal that stays connected would go on without the
 * photos it was refused (and keep a subscription a dropped rule allowed): when subscribe rules
 * change, the account's clients are disconnected once (disableClient, enableClient) and log in
 * again with the password they have. Broker text (rules someone made by hand) is shown escaped. */
#include "account_update.h"

#include "admin.h"
#include "cli.h"
#include "dynsec.h"
#include "escape.h"
#include "hl.h"
#include "settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG CLI_PROG

enum update_result { UPDATE_ALREADY, UPDATE_DONE, UPDATE_FAILED, UPDATE_STOP };

/* Rules the broker checks only at SUBSCRIBE time. */
static bool on_subscribe(const char *acltype)
{
	return strncmp(acltype, "subscribe", 9) == 0;
}

static bool rule_wanted(const struct dynsec_rule *r, const struct account_acl *want, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (dynsec_rule_is(r, &want[i]))
			return true;
	return false;
}

static bool acl_held(const struct account_acl *acl, const struct dynsec_outcome *have)
{
	for (size_t i = 0; i < have->nrules; i++)
		if (dynsec_rule_is(&have->rules[i], acl))
			return true;
	return false;
}

/* "  dropped  TYPE TOPIC (deny, priority P)" for a rule someone else may have written. */
static void say_dropped(const struct dynsec_rule *r)
{
	char type[4 * sizeof r->acltype], topic[4 * sizeof r->topic];

	escape_text(type, sizeof type, r->acltype, strlen(r->acltype));
	escape_text(topic, sizeof topic, r->topic, strlen(r->topic));
	printf("  dropped  %s %s%s", type, topic, r->cut ? "..." : "");
	if (!r->allow || r->priority)
		printf(" (%s, priority %d)", r->allow ? "allow" : "deny", r->priority);
	printf("\n");
}

/* The sites a web or onestop account keeps, for the line that says it. */
static void say_sites(const struct account *a)
{
	if (a->kind != ACCOUNT_WEB && a->kind != ACCOUNT_ONESTOP)
		return;
	if (!a->nsites) {
		printf("  sites    every site, as before\n");
		return;
	}
	printf("  sites    ");
	for (size_t i = 0; i < a->nsites; i++)
		printf("%s%s", i ? ", " : "", a->sites[i]);
	printf(", as before\n");
}

/* Reads given's role and sets today's rules where they differ. */
static enum update_result update_one(struct admin *ad, const struct account *given, const char *url)
{
	static struct account_acl want[ACCOUNT_ACLS_MAX]; /* 40 KiB: not on the stack */
	struct dynsec_outcome have, fixed;
	struct account a = *given;
	char user[ACCOUNT_USERNAME_MAX + 1];
	size_t nwant, missing = 0, extra = 0;
	bool resubscribe = false;
	enum update_result res = UPDATE_FAILED;
	int rc;

	account_username(&a, user, sizeof user);
	if ((rc = admin_do(ad, DYNSEC_OP_SHOW, &a, NULL, &have)) != HL_OK)
		return rc == HL_ERR_NET ? UPDATE_STOP : UPDATE_FAILED;
	if (a.kind == ACCOUNT_WEB || a.kind == ACCOUNT_ONESTOP) {
		rc = dynsec_rules_sites(have.rules, have.nrules, &a);
		if (rc == HL_ERR_NOTFOUND) {
			fprintf(stderr, PROG ": the role of %s on the broker names no sessions, so its sites cannot be told; "
					"remove it and add it again with its --site options\n", user);
			goto out;
		}
		if (rc != HL_OK) {
			fprintf(stderr, PROG ": the role of %s on the broker names more than %d sites\n", user,
				ACCOUNT_SITES_MAX);
			goto out;
		}
	}
	if (account_acls(&a, want, ACCOUNT_ACLS_MAX, &nwant) != HL_OK) {
		fprintf(stderr, PROG ": the rules of %s do not fit\n", user);
		goto out;
	}
	for (size_t i = 0; i < nwant; i++)
		if (!acl_held(&want[i], &have)) {
			missing++;
			resubscribe |= on_subscribe(want[i].acltype);
		}
	for (size_t i = 0; i < have.nrules; i++)
		if (!rule_wanted(&have.rules[i], want, nwant)) {
			extra++;
			resubscribe |= on_subscribe(have.rules[i].acltype);
		}
	if (!missing && !extra) {
		printf("rules of %s on the broker at %s are already up to date (%zu rules)\n", user, url, nwant);
		res = UPDATE_ALREADY;
		goto out;
	}
	if ((rc = admin_do(ad, DYNSEC_OP_FIX_ROLE, &a, NULL, &fixed)) != HL_OK) {
		res = rc == HL_ERR_NET ? UPDATE_STOP : UPDATE_FAILED;
		goto out;
	}
	dynsec_outcome_free(&fixed);
	printf("rules of %s brought up to date on the broker at %s; its password is unchanged\n", user, url);
	for (size_t i = 0; i < nwant; i++)
		if (!acl_held(&want[i], &have))
			printf("  added    %s %s\n", want[i].acltype, want[i].topic);
	for (size_t i = 0; i < have.nrules; i++)
		if (!rule_wanted(&have.rules[i], want, nwant))
			say_dropped(&have.rules[i]);
	say_sites(&a);
	res = UPDATE_DONE;
	if (!resubscribe)
		goto out;
	if ((rc = admin_do(ad, DYNSEC_OP_RECONNECT, &a, NULL, &fixed)) != HL_OK) {
		fprintf(stderr, PROG ": %s has today's rules, but a client of it that is connected now keeps its old "
				"subscriptions until it reconnects\n", user);
		res = rc == HL_ERR_NET ? UPDATE_STOP : UPDATE_FAILED;
		goto out;
	}
	dynsec_outcome_free(&fixed);
	printf("  logged out once, to subscribe again under these rules; it logs back in with its password as "
	       "before\n");
out:
	dynsec_outcome_free(&have);
	return res;
}

/* Every account of ours the broker lists that pick chooses, one after the other. */
static int update_listed(struct admin *ad, const char *url, const struct account_update_pick *pick)
{
	struct dynsec_outcome list;
	size_t counts[4] = { 0 }, picked = 0;
	enum update_result r = UPDATE_ALREADY;

	if (admin_do(ad, DYNSEC_OP_LIST, NULL, NULL, &list) != HL_OK)
		return 1;
	for (size_t i = 0; i < list.nusernames && r != UPDATE_STOP; i++) {
		struct account a;
		if (account_parse_username(list.usernames[i], &a) != HL_OK)
			continue; /* the plugin's admin, or someone else's login: not ours to change */
		if ((pick->terminals || pick->site) && a.kind != ACCOUNT_TERMINAL)
			continue;
		if (pick->site && strcmp(a.site, pick->site) != 0)
			continue;
		picked++;
		r = update_one(ad, &a, url);
		counts[r]++;
	}
	dynsec_outcome_free(&list);
	if (r == UPDATE_STOP) {
		fprintf(stderr, PROG ": stopped after %zu of the accounts; run the command again\n", picked);
		return 1;
	}
	if (!picked && pick->site) {
		fprintf(stderr, PROG ": there is no terminal of site %s on the broker at %s\n", pick->site, url);
		return 1;
	}
	printf("%zu %s%s on the broker at %s: %zu brought up to date, %zu already were", picked,
	       pick->terminals || pick->site ? "terminal" : "account", picked == 1 ? "" : "s", url,
	       counts[UPDATE_DONE], counts[UPDATE_ALREADY]);
	if (counts[UPDATE_FAILED])
		printf(", %zu failed (said above)", counts[UPDATE_FAILED]);
	printf("\n");
	return counts[UPDATE_FAILED] ? 1 : 0;
}

int account_update_run(const struct settings *st, int timeout_s, const struct account_update_pick *pick)
{
	struct admin *ad;
	int exit_code;

	if (admin_connect(st, timeout_s, &ad))
		return 1;
	if (pick->one) {
		enum update_result r = update_one(ad, pick->one, st->broker);
		exit_code = r == UPDATE_ALREADY || r == UPDATE_DONE ? 0 : 1;
	} else {
		exit_code = update_listed(ad, st->broker, pick);
	}
	admin_close(ad);
	return exit_code;
}
