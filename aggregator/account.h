/* SPDX-License-Identifier: MIT
 * account.h — broker accounts (DESIGN §9) as a pure core: who an account is (struct account), its
 * login name and exactly which topics its role may publish and subscribe to, written in the words of
 * Mosquitto's dynamic security plugin. dynsec.h turns an account into the plugin's messages. No MQTT,
 * no JSON, no files. */
#ifndef HL_ACCOUNT_H
#define HL_ACCOUNT_H

#include <stddef.h>

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
#define ACCOUNT_ACLS_MAX (5 * ACCOUNT_SITES_MAX + 8)

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

/* The plugin's names of the two kinds of rule a role is given. */
#define ACCOUNT_ACL_PUBLISH "publishClientSend"
#define ACCOUNT_ACL_SUBSCRIBE "subscribeLiteral"

/* One access rule of a role: acltype is ACCOUNT_ACL_PUBLISH or ACCOUNT_ACL_SUBSCRIBE (a static
 * string); everything not allowed is denied by the plugin's default access. */
struct account_acl {
	const char *acltype;
	char topic[128];
};

/* The rules of a's role, in a fixed order (out has cap entries). HL_ERR_INVALID for an invalid a,
 * HL_ERR_RANGE when cap is too small. */
int account_acls(const struct account *a, struct account_acl *out, size_t cap, size_t *n);

#endif
