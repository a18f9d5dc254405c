/* SPDX-License-Identifier: MIT
 * dynsec.h — broker accounts (account.h) in the words of Mosquitto's dynamic security plugin (DESIGN
 * §9), as a pure core: the JSON commands that create, remove, re-key, show and list accounts
 * (dynsec.c), and what the plugin's answers mean, one line for people (dynsec_answer.c). It sends
 * nothing: admin.c publishes the text on DYNSEC_TOPIC and hands the answer from
 * DYNSEC_RESPONSE_TOPIC back here. No MQTT, no files. */
#ifndef HL_DYNSEC_H
#define HL_DYNSEC_H

#include "account.h"

#include <stdbool.h>
#include <stddef.h>

#define DYNSEC_TOPIC "$CONTROL/dynamic-security/v1"
#define DYNSEC_RESPONSE_TOPIC "$CONTROL/dynamic-security/v1/response"

/* The command messages, {"commands":[...]}, each command carrying corr as its correlationData (so the
 * answer can be told from other admins' answers). *json is new memory: free it with dynsec_free,
 * which wipes it, as it may hold a password. HL_ERR_INVALID for an invalid account, HL_ERR_NOMEM.
 *   add:      createRole (the rules of account_acls) and createClient with that role and password
 *   fix_role: modifyRole setting the rules again (an add that found the role already there, an update)
 *   remove:   deleteClient and deleteRole
 *   passwd:   setClientPassword
 *   list:     listClients, all of them, names only
 *   probe:    getDefaultACLAccess, which changes nothing
 *   show:     getClient and getRole: that the account is there with its role, and the role's rules
 *   reconnect: disableClient and at once enableClient: the plugin disconnects the account's clients,
 *             which log in again (same password) and subscribe again under the role's rules now;
 *             the broker checks a subscription only when it is made */
int dynsec_add(const struct account *a, const char *password, const char *corr, char **json);
int dynsec_fix_role(const struct account *a, const char *corr, char **json);
int dynsec_remove(const struct account *a, const char *corr, char **json);
int dynsec_passwd(const struct account *a, const char *password, const char *corr, char **json);
int dynsec_list(const char *corr, char **json);
int dynsec_probe(const char *corr, char **json);
int dynsec_show(const struct account *a, const char *corr, char **json);
int dynsec_reconnect(const struct account *a, const char *corr, char **json);
void dynsec_free(char *json);

/* What the plugin answered to one message. */
enum dynsec_op {
	DYNSEC_OP_ADD, DYNSEC_OP_FIX_ROLE, DYNSEC_OP_REMOVE, DYNSEC_OP_PASSWD, DYNSEC_OP_LIST, DYNSEC_OP_PROBE,
	DYNSEC_OP_SHOW, DYNSEC_OP_RECONNECT,
};

/* One rule a role holds on the broker, as the plugin lists it (any admin may have put it there). */
struct dynsec_rule {
	char acltype[32];
	char topic[128];
	int priority;
	bool allow;
	bool cut; /* acltype or topic did not fit: shown cut short, and never one of ours */
};

struct dynsec_outcome {
	bool fix_role;    /* add: the account is new but its role was there before; send fix_role */
	bool open_access; /* probe: publishing or subscribing is allowed where no rule says so */
	char **usernames; /* list: every client's username, sorted; free with dynsec_outcome_free */
	size_t nusernames;
	struct dynsec_rule *rules; /* show: the rules the account's role holds now, in the plugin's order */
	size_t nrules;
};

/* Judges the answer body (len bytes, from DYNSEC_RESPONSE_TOPIC) to the message of op built for a
 * (NULL for list and probe) with corr.
 *   HL_OK            done; out filled
 *   HL_ERR_NOTFOUND  the answer is to someone else's message (no correlationData corr): keep waiting
 *   HL_ERR_INVALID   the plugin refused: msg says what and what to do ("terminal.x.y already
 *                    exists on the broker; for a new password use 'terminal passwd ...'")
 *   HL_ERR_RANGE     the account does not exist (remove, passwd, show); msg says so
 *                    (show: HL_ERR_INVALID when the account is there without its role;
 *                    reconnect: HL_ERR_INVALID, msg saying how to enable it, when it was left disabled)
 *   HL_ERR_IO        the answer is not what the plugin answers (not JSON, wrong commands); msg says so
 *   HL_ERR_NOMEM
 * out is zeroed on every path but HL_OK. */
int dynsec_judge(enum dynsec_op op, const struct account *a, const char *corr, const char *body, size_t len,
		 struct dynsec_outcome *out, char *msg, size_t cap);
void dynsec_outcome_free(struct dynsec_outcome *o);

/* True when r is acl exactly as dynsec_add writes it: allowed, priority 0, same type and topic. */
bool dynsec_rule_is(const struct dynsec_rule *r, const struct account_acl *acl);

/* The sites of a web or onestop account read back from the rules its role holds (r, n), so an update
 * keeps them: each allowed publishClientSend on hailong/v1/SITE/+/session names SITE, and
 * hailong/v1/+/+/session every site (a->nsites 0). Sets a->sites and a->nsites on HL_OK only.
 * HL_ERR_NOTFOUND when no rule is on sessions (not a role we made), HL_ERR_RANGE for more than
 * ACCOUNT_SITES_MAX sites, HL_ERR_INVALID for another kind of account. */
int dynsec_rules_sites(const struct dynsec_rule *r, size_t n, struct account *a);

#endif
