/* SPDX-License-Identifier: MIT
 * account.c — the rules are written out topic by topic rather than with patterns (%u, #), so what an
 * account may do can be read here and is tested exactly; the plugin's default access denies the rest.
 * Pure: it owns no state and knows nothing of MQTT or JSON. */
#include "account.h"

#include "hl.h"
#include "topic.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const account_kinds[ACCOUNT_KIND_COUNT] = {
	[ACCOUNT_TERMINAL] = "terminal", [ACCOUNT_AGGREGATOR] = "aggregator", [ACCOUNT_WEB] = "web",
	[ACCOUNT_ONESTOP] = "onestop",   [ACCOUNT_BRIDGE] = "bridge",
};

const char *account_kind_name(enum account_kind kind)
{
	return (unsigned)kind < ACCOUNT_KIND_COUNT ? account_kinds[kind] : "?";
}

int account_kind_parse(const char *name, enum account_kind *out)
{
	for (int k = 0; k < ACCOUNT_KIND_COUNT; k++)
		if (strcmp(name, account_kinds[k]) == 0) {
			*out = (enum account_kind)k;
			return HL_OK;
		}
	return HL_ERR_INVALID;
}

static int account_fail(char *why, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int account_fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (why && cap) {
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return HL_ERR_INVALID;
}

/* Checks one id field: required (must be valid) or not (must be empty). */
static int account_field(const char *value, bool needed, const char *kind, const char *what, char *why,
			 size_t cap)
{
	if (needed && !value[0])
		return account_fail(why, cap, "a %s account needs %s", kind, what);
	if (needed && !topic_id_valid(value))
		return account_fail(why, cap, "%s '%s' must match [a-z0-9-]{1,32}", what, value);
	if (!needed && value[0])
		return account_fail(why, cap, "a %s account takes no %s", kind, what);
	return HL_OK;
}

int account_check(const struct account *a, char *why, size_t cap)
{
	if ((unsigned)a->kind >= ACCOUNT_KIND_COUNT)
		return account_fail(why, cap, "unknown account kind");
	const char *k = account_kinds[a->kind];
	bool site = a->kind == ACCOUNT_TERMINAL || a->kind == ACCOUNT_BRIDGE;
	bool counter = a->kind == ACCOUNT_TERMINAL;
	bool name = a->kind == ACCOUNT_AGGREGATOR || a->kind == ACCOUNT_WEB || a->kind == ACCOUNT_ONESTOP;
	bool sites = a->kind == ACCOUNT_WEB || a->kind == ACCOUNT_ONESTOP;

	if (account_field(a->site, site, k, "a site (--site)", why, cap) ||
	    account_field(a->counter, counter, k, "a counter (--counter)", why, cap) ||
	    account_field(a->name, name, k, "a NAME", why, cap))
		return HL_ERR_INVALID;
	if (a->nsites > ACCOUNT_SITES_MAX)
		return account_fail(why, cap, "more than %d sites", ACCOUNT_SITES_MAX);
	if (a->nsites && !sites)
		return account_fail(why, cap, "a %s account takes no list of sites", k);
	for (size_t i = 0; i < a->nsites; i++) {
		if (!topic_id_valid(a->sites[i]))
			return account_fail(why, cap, "site '%s' must match [a-z0-9-]{1,32}", a->sites[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(a->sites[i], a->sites[j]) == 0)
				return account_fail(why, cap, "site '%s' is given twice", a->sites[i]);
	}
	return HL_OK;
}

int account_username(const struct account *a, char *buf, size_t cap)
{
	int n;

	if (cap)
		buf[0] = '\0';
	if (account_check(a, NULL, 0) != HL_OK)
		return HL_ERR_INVALID;
	if (a->kind == ACCOUNT_TERMINAL)
		n = snprintf(buf, cap, "terminal.%s.%s", a->site, a->counter);
	else if (a->kind == ACCOUNT_BRIDGE)
		n = snprintf(buf, cap, "bridge.%s", a->site);
	else
		n = snprintf(buf, cap, "%s.%s", account_kinds[a->kind], a->name);
	if (n < 0 || (size_t)n >= cap) {
		if (cap)
			buf[0] = '\0';
		return HL_ERR_RANGE;
	}
	return HL_OK;
}

int account_parse_username(const char *username, struct account *out)
{
	char copy[ACCOUNT_USERNAME_MAX + 1], *part[4];
	size_t n = 0, len = strlen(username);
	struct account a = { 0 };

	memset(out, 0, sizeof *out);
	if (len > ACCOUNT_USERNAME_MAX)
		return HL_ERR_INVALID;
	memcpy(copy, username, len + 1);
	for (char *p = copy, *dot; n < 4; p = dot + 1) {
		part[n++] = p;
		if (!(dot = strchr(p, '.')))
			break;
		*dot = '\0';
	}
	if (n < 2 || n > 3 || account_kind_parse(part[0], &a.kind) != HL_OK)
		return HL_ERR_INVALID;
	if ((a.kind == ACCOUNT_TERMINAL) != (n == 3))
		return HL_ERR_INVALID;
	for (size_t i = 1; i < n; i++)
		if (!topic_id_valid(part[i]))
			return HL_ERR_INVALID;
	if (a.kind == ACCOUNT_TERMINAL) {
		snprintf(a.site, sizeof a.site, "%s", part[1]);
		snprintf(a.counter, sizeof a.counter, "%s", part[2]);
	} else if (a.kind == ACCOUNT_BRIDGE) {
		snprintf(a.site, sizeof a.site, "%s", part[1]);
	} else {
		snprintf(a.name, sizeof a.name, "%s", part[1]);
	}
	*out = a;
	return HL_OK;
}

/* ---- the rules ---------------------------------------------------------------------------------- */

struct acl_list {
	struct account_acl *v;
	size_t n, cap;
	int rc;
};

static void acl_add(struct acl_list *l, const char *type, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void acl_add(struct acl_list *l, const char *type, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (l->rc != HL_OK)
		return;
	if (l->n == l->cap) {
		l->rc = HL_ERR_RANGE;
		return;
	}
	struct account_acl *e = &l->v[l->n];
	e->acltype = type;
	va_start(ap, fmt);
	len = vsnprintf(e->topic, sizeof e->topic, fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof e->topic) {
		l->rc = HL_ERR_RANGE;
		return;
	}
	l->n++;
}

int account_acls(const struct account *a, struct account_acl *out, size_t cap, size_t *n)
{
	struct acl_list l = { out, 0, cap, HL_OK };
	const char *s = a->site, *c = a->counter;

	*n = 0;
	if (account_check(a, NULL, 0) != HL_OK)
		return HL_ERR_INVALID;
	switch (a->kind) {
	case ACCOUNT_TERMINAL:
		/* Its own rating and status (and last will) out; its own session and receipts and its
		 * site's roster and officers' photos in. */
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "%s/%s/rating", s, c);
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "%s/%s/status", s, c);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/%s/session", s, c);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/%s/receipt", s, c);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/roster", s);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/photo/+", s);
		break;
	case ACCOUNT_AGGREGATOR:
		/* The filters serve subscribes to, literally; what serve, roster and session publish. */
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "+/+/rating");
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "+/+/status");
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "+/+/receipt");
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "+/roster");
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "+/photo/+");
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "+/alerts");
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "+/+/session");
		break;
	case ACCOUNT_WEB:
	case ACCOUNT_ONESTOP:
		for (size_t i = 0; i < (a->nsites ? a->nsites : 1); i++) {
			const char *site = a->nsites ? a->sites[i] : "+";
			acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "%s/+/session", site);
			if (a->kind == ACCOUNT_WEB) {
				/* The console's Danh mục page publishes the roster it imported, and its photos. */
				acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "%s/roster", site);
				acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "%s/photo/+", site);
				acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/+/status", site);
				acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/alerts", site);
			}
		}
		break;
	case ACCOUNT_BRIDGE:
		/* The filters of the bridge's "topic ... out" (publish) and "topic ... in" (subscribe)
		 * lines, as it sends them to the province broker. */
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "%s/+/rating", s);
		acl_add(&l, ACCOUNT_ACL_PUBLISH, TOPIC_PREFIX "%s/+/status", s);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/+/receipt", s);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/+/session", s);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/roster", s);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/photo/+", s);
		acl_add(&l, ACCOUNT_ACL_SUBSCRIBE, TOPIC_PREFIX "%s/alerts", s);
		break;
	default:
		return HL_ERR_INVALID;
	}
	if (l.rc != HL_OK)
		return l.rc;
	*n = l.n;
	return HL_OK;
}
