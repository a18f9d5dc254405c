/* SPDX-License-Identifier: MIT
 * dynsec_fixture.c — see the header. */
#include "dynsec_fixture.h"

#include "hl.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct account terminal(const char *site, const char *counter)
{
	struct account a = { .kind = ACCOUNT_TERMINAL };

	snprintf(a.site, sizeof a.site, "%s", site);
	snprintf(a.counter, sizeof a.counter, "%s", counter);
	return a;
}

struct account named(enum account_kind kind, const char *name)
{
	struct account a = { .kind = kind };

	snprintf(a.name, sizeof a.name, "%s", name);
	return a;
}

struct account bridge(const char *site)
{
	struct account a = { .kind = ACCOUNT_BRIDGE };

	snprintf(a.site, sizeof a.site, "%s", site);
	return a;
}

void add_site(struct account *a, const char *site)
{
	snprintf(a->sites[a->nsites++], sizeof a->sites[0], "%s", site);
}

const char *username(const struct account *a)
{
	static char buf[ACCOUNT_USERNAME_MAX + 1];

	assert_int_equal(account_username(a, buf, sizeof buf), HL_OK);
	return buf;
}

/* The rules of a as "TYPE TOPIC\n" lines. */
const char *acl_text(const struct account *a)
{
	static char buf[16384];
	struct account_acl acl[ACCOUNT_ACLS_MAX];
	size_t n, len = 0;

	assert_int_equal(account_acls(a, acl, ACCOUNT_ACLS_MAX, &n), HL_OK);
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s %s\n", acl[i].acltype, acl[i].topic);
	return buf;
}

/* Judges body as the answer to op for a; returns the code, leaves the message in msg. */
char msg[512];
struct dynsec_outcome outcome;

int judge(enum dynsec_op op, const struct account *a, const char *body)
{
	dynsec_outcome_free(&outcome);
	return dynsec_judge(op, a, CORR, body, strlen(body), &outcome, msg, sizeof msg);
}

int teardown(void **state)
{
	(void)state;
	dynsec_outcome_free(&outcome);
	return 0;
}

cJSON *commands_of(const char *json, int want)
{
	cJSON *root = cJSON_Parse(json), *cmds = cJSON_GetObjectItemCaseSensitive(root, "commands"), *c;

	assert_non_null(root);
	assert_int_equal(cJSON_GetArraySize(root), 1); /* nothing but "commands" */
	assert_true(cJSON_IsArray(cmds));
	assert_int_equal(cJSON_GetArraySize(cmds), want);
	cJSON_ArrayForEach(c, cmds)
	{
		cJSON *cd = cJSON_GetObjectItemCaseSensitive(c, "correlationData");
		assert_true(cJSON_IsString(cd));
		assert_string_equal(cd->valuestring, CORR);
	}
	return root;
}

const char *str_at(cJSON *root, int cmd, const char *key)
{
	cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "commands"), cmd);
	cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}
