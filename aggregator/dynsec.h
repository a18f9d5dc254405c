/* SPDX-License-Identifier: MIT
 * dynsec.h — broker accounts in the words of Mosquitto's dynamic security plugin (DESIGN §9), as a
 * pure core: who an account is (struct account) and its login name, exactly which topics its role may
 * publish and subscribe to, the JSON commands that create, remove, re-key and list accounts, and what
 * the plugin's answers mean, one line for people. It sends nothing: cmd_account.c publishes the text
 * on DYNSEC_TOPIC and hands the answer from DYNSEC_RESPONSE_TOPIC back here. No MQTT, no files. */
#ifndef HL_DYNSEC_H
#define HL_DYNSEC_H

#include <stdbool.h>
#include <stddef.h>

#define DYNSEC_TOPIC "$CONTROL/dynamic-security/v1"
#define DYNSEC_RESPONSE_TOPIC "$CONTROL/dynamic-security/v1/response"

enum account_kind {
	ACCOUNT_TERMINAL,   /* terminal.SITE.COUNTER: one counter's terminal */
	ACCOUNT_AGGREGATOR, /* aggregator.NAME: `hailong-aggregator serve` */
	ACCOUNT_WEB,        /* web.NAME: the web console */
	ACCOUNT_ONESTOP,    /* onestop.NAME: one-stop software that opens sessions */
	ACCOUNT_BRIDGE,     /* bridge.SITE: a site broker's bridge, on the province broker */
	ACCOUNT_KIND_COUNT,
};

#define ACCOUNT_SITES_MAX 64    /* --site options of one web or onestop account */
#define ACCOUNT_USERNAME_MAX 80 /* "terminal." + 32 + "." + 32, and a NUL */
#define DYNSEC_ACLS_MAX (3 * ACCOUNT_SITES_MAX + 8)

/* One account. Which fields count depends on kind: terminal site+counter; aggregator name; web and
 * onestop name and sites (none: every site); bridge site. Ids are [a-z0-9-]{1,32}, so the dots of a
 * username can never be read two ways. */
struct account {
	enum account_kind kind;
	char site[33], counter[33], name[33];
	char sites[ACCOUNT_SITES_MAX][33];
	size_t nsites;
};

/* "terminal", "aggregator", "web", "onestop", "bridge". */
const char *account_kind_name(enum account_kind kind);
/* The kind called name. HL_ERR_INVALID when there is none. */
int account_kind_parse(const char *name, enum account_kind *out);

/* HL_OK when a has what its kind needs, all of it valid and nothing else; HL_ERR_INVALID otherwise
 * with why (cap bytes) naming the field, e.g. "a terminal needs --site and --counter". */
int account_check(const struct account *a, char *why, size_t cap);

/* The login (and role, and, with use_username_as_clientid, client id) of a: "terminal.SITE.COUNTER",
 * "aggregator.NAME", "web.NAME", "onestop.NAME" or "bridge.SITE". HL_ERR_INVALID when a is not
 * valid (account_check), HL_ERR_RANGE when cap is too small. */
int account_username(const struct account *a, char *buf, size_t cap);
/* The account a username names (sites empty). HL_ERR_INVALID for any other name, e.g. the plugin's
 * admin. */
int account_parse_username(const char *username, struct account *out);

/* One access rule of a role: acltype is "publishClientSend" or "subscribeLiteral" (a static string);
 * everything not allowed is denied by the plugin's default access. */
struct dynsec_acl {
	const char *acltype;
	char topic[128];
};

/* The rules of a's role, in a fixed order (out has cap entries). HL_ERR_INVALID for an invalid a,
 * HL_ERR_RANGE when cap is too small. */
int dynsec_acls(const struct account *a, struct dynsec_acl *out, size_t cap, size_t *n);

/* The command messages, {"commands":[...]}, each command carrying corr as its correlationData (so the
 * answer can be told from other admins' answers). *json is new memory: free it with dynsec_free,
 * which wipes it, as it may hold a password. HL_ERR_INVALID for an invalid account, HL_ERR_NOMEM.
 *   add:      createRole (the rules above) and createClient with that role and password
 *   fix_role: modifyRole setting the rules again (an add that found the role already there)
 *   remove:   deleteClient and deleteRole
 *   passwd:   setClientPassword
 *   list:     listClients, all of them, names only
 *   probe:    getDefaultACLAccess, which changes nothing */
int dynsec_add(const struct account *a, const char *password, const char *corr, char **json);
int dynsec_fix_role(const struct account *a, const char *corr, char **json);
int dynsec_remove(const struct account *a, const char *corr, char **json);
int dynsec_passwd(const struct account *a, const char *password, const char *corr, char **json);
int dynsec_list(const char *corr, char **json);
int dynsec_probe(const char *corr, char **json);
void dynsec_free(char *json);

/* What the plugin answered to one message. */
enum dynsec_op { DYNSEC_OP_ADD, DYNSEC_OP_FIX_ROLE, DYNSEC_OP_REMOVE, DYNSEC_OP_PASSWD, DYNSEC_OP_LIST, DYNSEC_OP_PROBE };

struct dynsec_outcome {
	bool fix_role;    /* add: the account is new but its role was there before; send fix_role */
	bool open_access; /* probe: publishing or subscribing is allowed where no rule says so */
	char **usernames; /* list: every client's username, sorted; free with dynsec_outcome_free */
	size_t nusernames;
};

/* Judges the answer body (len bytes, from DYNSEC_RESPONSE_TOPIC) to the message of op built for a
 * (NULL for list and probe) with corr.
 *   HL_OK            done; out filled
 *   HL_ERR_NOTFOUND  the answer is to someone else's message (no correlationData corr): keep waiting
 *   HL_ERR_INVALID   the plugin refused: msg says what and what to do ("terminal.x.y already
 *                    exists on the broker; for a new password use 'terminal passwd ...'")
 *   HL_ERR_RANGE     the account does not exist (remove, passwd); msg says so
 *   HL_ERR_IO        the answer is not what the plugin answers (not JSON, wrong commands); msg says so
 *   HL_ERR_NOMEM
 * out is zeroed on every path but HL_OK. */
int dynsec_judge(enum dynsec_op op, const struct account *a, const char *corr, const char *body, size_t len,
		 struct dynsec_outcome *out, char *msg, size_t cap);
void dynsec_outcome_free(struct dynsec_outcome *o);

#endif
