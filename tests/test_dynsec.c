/* SPDX-License-Identifier: MIT
 * test_dynsec.c — broker accounts as the dynamic security plugin sees them (aggregator/account.c and
 * aggregator/dynsec.c): usernames can be read one way only (sct+bentre-q05 and sct-bentre+q05 differ)
 * and read back; each kind of account gets exactly the rules DESIGN §9 gives it, no more; the command
 * messages have the plugin's shape with our correlationData on every command; answers are judged as a
 * person needs them — an existing terminal says to use `terminal passwd`, a missing one says there is
 * none — and answers to other admins, malformed answers and lists are told apart. An update reads a
 * role back: an old terminal role lacks exactly the photo rule, a rule written by hand is not taken
 * for ours, a web account's sites are read back as they were given (never widened), and logging a
 * login out to resubscribe says how to undo it if it left the login disabled. */
#include "account.h"
#include "dynsec.h"
#include "hl.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID32 "abcdefghijklmnopqrstuvwxyz012345"
#define CORR "hl-test-1"

/* ---- helpers ------------------------------------------------------------------------------------ */

static struct account terminal(const char *site, const char *counter)
{
	struct account a = { .kind = ACCOUNT_TERMINAL };

	snprintf(a.site, sizeof a.site, "%s", site);
	snprintf(a.counter, sizeof a.counter, "%s", counter);
	return a;
}

static struct account named(enum account_kind kind, const char *name)
{
	struct account a = { .kind = kind };

	snprintf(a.name, sizeof a.name, "%s", name);
	return a;
}

static struct account bridge(const char *site)
{
	struct account a = { .kind = ACCOUNT_BRIDGE };

	snprintf(a.site, sizeof a.site, "%s", site);
	return a;
}

static void add_site(struct account *a, const char *site)
{
	snprintf(a->sites[a->nsites++], sizeof a->sites[0], "%s", site);
}

static const char *username(const struct account *a)
{
	static char buf[ACCOUNT_USERNAME_MAX + 1];

	assert_int_equal(account_username(a, buf, sizeof buf), HL_OK);
	return buf;
}

/* The rules of a as "TYPE TOPIC\n" lines. */
static const char *acl_text(const struct account *a)
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
static char msg[512];
static struct dynsec_outcome outcome;

static int judge(enum dynsec_op op, const struct account *a, const char *body)
{
	dynsec_outcome_free(&outcome);
	return dynsec_judge(op, a, CORR, body, strlen(body), &outcome, msg, sizeof msg);
}

static int teardown(void **state)
{
	(void)state;
	dynsec_outcome_free(&outcome);
	return 0;
}

/* ---- names -------------------------------------------------------------------------------------- */

static void test_usernames(void **state)
{
	(void)state;
	struct account a = terminal("sct-bentre", "q05");
	assert_string_equal(username(&a), "terminal.sct-bentre.q05");
	a = named(ACCOUNT_AGGREGATOR, "province");
	assert_string_equal(username(&a), "aggregator.province");
	a = named(ACCOUNT_WEB, "console");
	assert_string_equal(username(&a), "web.console");
	a = named(ACCOUNT_ONESTOP, "mot-cua");
	assert_string_equal(username(&a), "onestop.mot-cua");
	a = bridge("sct-bentre");
	assert_string_equal(username(&a), "bridge.sct-bentre");
	a = terminal(ID32, ID32);
	assert_string_equal(username(&a), "terminal." ID32 "." ID32);
	assert_true(strlen(username(&a)) <= ACCOUNT_USERNAME_MAX);
}

static void test_usernames_unambiguous(void **state)
{
	(void)state;
	/* Site "sct" + counter "bentre-q05" and site "sct-bentre" + counter "q05": two accounts. */
	struct account x = terminal("sct", "bentre-q05"), y = terminal("sct-bentre", "q05"), back;
	char ux[ACCOUNT_USERNAME_MAX + 1], uy[ACCOUNT_USERNAME_MAX + 1];

	assert_int_equal(account_username(&x, ux, sizeof ux), HL_OK);
	assert_int_equal(account_username(&y, uy, sizeof uy), HL_OK);
	assert_string_not_equal(ux, uy);
	assert_int_equal(account_parse_username(ux, &back), HL_OK);
	assert_int_equal(back.kind, ACCOUNT_TERMINAL);
	assert_string_equal(back.site, "sct");
	assert_string_equal(back.counter, "bentre-q05");
	assert_int_equal(account_parse_username(uy, &back), HL_OK);
	assert_string_equal(back.site, "sct-bentre");
	assert_string_equal(back.counter, "q05");
	/* Their rules are disjoint too. */
	char ax[1024];
	snprintf(ax, sizeof ax, "%s", acl_text(&x));
	assert_string_not_equal(ax, acl_text(&y));
	assert_non_null(strstr(acl_text(&x), "hailong/v1/sct/bentre-q05/rating"));
	assert_non_null(strstr(acl_text(&y), "hailong/v1/sct-bentre/q05/rating"));
	/* A web console and a one-stop integration of the same name are two accounts. */
	struct account w = named(ACCOUNT_WEB, "a"), o = named(ACCOUNT_ONESTOP, "a");
	assert_int_equal(account_username(&w, ux, sizeof ux), HL_OK);
	assert_int_equal(account_username(&o, uy, sizeof uy), HL_OK);
	assert_string_not_equal(ux, uy);
}

static void test_parse_usernames(void **state)
{
	struct account a;

	(void)state;
	assert_int_equal(account_parse_username("aggregator.province", &a), HL_OK);
	assert_int_equal(a.kind, ACCOUNT_AGGREGATOR);
	assert_string_equal(a.name, "province");
	assert_int_equal(account_parse_username("bridge.sct-bentre", &a), HL_OK);
	assert_int_equal(a.kind, ACCOUNT_BRIDGE);
	assert_string_equal(a.site, "sct-bentre");
	assert_int_equal(account_parse_username("onestop.x", &a), HL_OK);
	assert_int_equal(a.kind, ACCOUNT_ONESTOP);
	assert_int_equal(account_parse_username("web.x", &a), HL_OK);
	assert_int_equal(a.kind, ACCOUNT_WEB);
	static const char *const bad[] = {
		"admin", "aggregator.admin.x", "terminal.a", "terminal.a.b.c", "terminal..b", "terminal.a.",
		"terminal.A.b", "bridge.a.b", "web.", ".web", "web", "printer.x", "", "terminal.a.b.",
		"aggregator." ID32 "6", "terminal.a b.c",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&a, 0x5A, sizeof a);
		if (account_parse_username(bad[i], &a) != HL_ERR_INVALID)
			fail_msg("accepted username '%s'", bad[i]);
		assert_int_equal(a.kind, 0);
		assert_string_equal(a.site, "");
	}
}

static void test_check(void **state)
{
	char why[200], buf[ACCOUNT_USERNAME_MAX + 1];
	struct account a;

	(void)state;
	a = terminal("sct-bentre", "");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	assert_non_null(strstr(why, "--counter"));
	assert_int_equal(account_username(&a, buf, sizeof buf), HL_ERR_INVALID);
	assert_string_equal(buf, "");
	a = terminal("SCT", "q05");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	assert_non_null(strstr(why, "'SCT'"));
	a = terminal("sct", "q.05");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	a = terminal("sct", "q05");
	snprintf(a.name, sizeof a.name, "x");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	a = named(ACCOUNT_AGGREGATOR, "");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	assert_non_null(strstr(why, "NAME"));
	a = named(ACCOUNT_AGGREGATOR, "p");
	add_site(&a, "x");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	a = named(ACCOUNT_WEB, "p");
	add_site(&a, "x");
	add_site(&a, "x");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	assert_non_null(strstr(why, "twice"));
	a = bridge("");
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	a = (struct account){ .kind = ACCOUNT_KIND_COUNT };
	assert_int_equal(account_check(&a, why, sizeof why), HL_ERR_INVALID);
	/* Too small a buffer is a range error, not a truncated name. */
	a = terminal("sct-bentre", "q05");
	assert_int_equal(account_username(&a, buf, 10), HL_ERR_RANGE);
	assert_string_equal(buf, "");
}

static void test_kinds(void **state)
{
	enum account_kind k;

	(void)state;
	for (int i = 0; i < ACCOUNT_KIND_COUNT; i++) {
		assert_int_equal(account_kind_parse(account_kind_name((enum account_kind)i), &k), HL_OK);
		assert_int_equal(k, i);
	}
	assert_int_equal(account_kind_parse("Terminal", &k), HL_ERR_INVALID);
	assert_int_equal(account_kind_parse("admin", &k), HL_ERR_INVALID);
}

/* ---- rules -------------------------------------------------------------------------------------- */

static void test_acls_terminal(void **state)
{
	(void)state;
	struct account a = terminal("sct-bentre", "q05");
	assert_string_equal(acl_text(&a), "publishClientSend hailong/v1/sct-bentre/q05/rating\n"
					  "publishClientSend hailong/v1/sct-bentre/q05/status\n"
					  "subscribeLiteral hailong/v1/sct-bentre/q05/session\n"
					  "subscribeLiteral hailong/v1/sct-bentre/q05/receipt\n"
					  "subscribeLiteral hailong/v1/sct-bentre/roster\n"
					  "subscribeLiteral hailong/v1/sct-bentre/photo/+\n");
}

static void test_acls_aggregator(void **state)
{
	(void)state;
	struct account a = named(ACCOUNT_AGGREGATOR, "province");
	assert_string_equal(acl_text(&a), "subscribeLiteral hailong/v1/+/+/rating\n"
					  "subscribeLiteral hailong/v1/+/+/status\n"
					  "publishClientSend hailong/v1/+/+/receipt\n"
					  "publishClientSend hailong/v1/+/roster\n"
					  "publishClientSend hailong/v1/+/photo/+\n"
					  "publishClientSend hailong/v1/+/alerts\n"
					  "publishClientSend hailong/v1/+/+/session\n");
}

static void test_acls_web_onestop(void **state)
{
	(void)state;
	struct account w = named(ACCOUNT_WEB, "console");
	assert_string_equal(acl_text(&w), "publishClientSend hailong/v1/+/+/session\n"
					  "publishClientSend hailong/v1/+/roster\n"
					  "publishClientSend hailong/v1/+/photo/+\n"
					  "subscribeLiteral hailong/v1/+/+/status\n"
					  "subscribeLiteral hailong/v1/+/alerts\n");
	add_site(&w, "sct-bentre");
	add_site(&w, "stp-vinh");
	assert_string_equal(acl_text(&w), "publishClientSend hailong/v1/sct-bentre/+/session\n"
					  "publishClientSend hailong/v1/sct-bentre/roster\n"
					  "publishClientSend hailong/v1/sct-bentre/photo/+\n"
					  "subscribeLiteral hailong/v1/sct-bentre/+/status\n"
					  "subscribeLiteral hailong/v1/sct-bentre/alerts\n"
					  "publishClientSend hailong/v1/stp-vinh/+/session\n"
					  "publishClientSend hailong/v1/stp-vinh/roster\n"
					  "publishClientSend hailong/v1/stp-vinh/photo/+\n"
					  "subscribeLiteral hailong/v1/stp-vinh/+/status\n"
					  "subscribeLiteral hailong/v1/stp-vinh/alerts\n");
	struct account o = named(ACCOUNT_ONESTOP, "mot-cua");
	assert_string_equal(acl_text(&o), "publishClientSend hailong/v1/+/+/session\n");
	add_site(&o, "sct-bentre");
	assert_string_equal(acl_text(&o), "publishClientSend hailong/v1/sct-bentre/+/session\n");
	/* The most sites there can be fit. */
	struct account many = named(ACCOUNT_WEB, "all");
	for (int i = 0; i < ACCOUNT_SITES_MAX; i++) {
		char s[33];
		snprintf(s, sizeof s, "%s-%d", ID32 + 20, i);
		add_site(&many, s);
	}
	struct account_acl acl[ACCOUNT_ACLS_MAX];
	size_t n;
	assert_int_equal(account_acls(&many, acl, ACCOUNT_ACLS_MAX, &n), HL_OK);
	assert_int_equal(n, 5 * ACCOUNT_SITES_MAX);
	assert_int_equal(account_acls(&many, acl, 5, &n), HL_ERR_RANGE);
	assert_int_equal(n, 0);
}

static void test_acls_bridge(void **state)
{
	(void)state;
	struct account a = bridge("sct-bentre");
	assert_string_equal(acl_text(&a), "publishClientSend hailong/v1/sct-bentre/+/rating\n"
					  "publishClientSend hailong/v1/sct-bentre/+/status\n"
					  "subscribeLiteral hailong/v1/sct-bentre/+/receipt\n"
					  "subscribeLiteral hailong/v1/sct-bentre/+/session\n"
					  "subscribeLiteral hailong/v1/sct-bentre/roster\n"
					  "subscribeLiteral hailong/v1/sct-bentre/photo/+\n"
					  "subscribeLiteral hailong/v1/sct-bentre/alerts\n");
}

static void test_acls_invalid(void **state)
{
	struct account_acl acl[ACCOUNT_ACLS_MAX];
	size_t n = 99;

	(void)state;
	struct account a = terminal("sct/bentre", "q05");
	assert_int_equal(account_acls(&a, acl, ACCOUNT_ACLS_MAX, &n), HL_ERR_INVALID);
	assert_int_equal(n, 0);
	a = terminal("+", "q05");
	assert_int_equal(account_acls(&a, acl, ACCOUNT_ACLS_MAX, &n), HL_ERR_INVALID);
	a = terminal("#", "q05");
	assert_int_equal(account_acls(&a, acl, ACCOUNT_ACLS_MAX, &n), HL_ERR_INVALID);
}

/* ---- commands ----------------------------------------------------------------------------------- */

static cJSON *commands_of(const char *json, int want)
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

static const char *str_at(cJSON *root, int cmd, const char *key)
{
	cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "commands"), cmd);
	cJSON *v = cJSON_GetObjectItemCaseSensitive(c, key);

	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static void test_add_json(void **state)
{
	struct account a = terminal("sct-bentre", "q05");
	char *json;

	(void)state;
	assert_int_equal(dynsec_add(&a, "s3cret-pw", CORR, &json), HL_OK);
	cJSON *root = commands_of(json, 2);
	assert_string_equal(str_at(root, 0, "command"), "createRole");
	assert_string_equal(str_at(root, 0, "rolename"), "terminal.sct-bentre.q05");
	cJSON *acls = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "commands"), 0), "acls");
	assert_int_equal(cJSON_GetArraySize(acls), 6);
	cJSON *first = cJSON_GetArrayItem(acls, 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "acltype")->valuestring, "publishClientSend");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(first, "topic")->valuestring,
			    "hailong/v1/sct-bentre/q05/rating");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(first, "allow")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(first, "priority")->valueint, 0);
	assert_string_equal(str_at(root, 1, "command"), "createClient");
	assert_string_equal(str_at(root, 1, "username"), "terminal.sct-bentre.q05");
	assert_string_equal(str_at(root, 1, "password"), "s3cret-pw");
	cJSON *roles = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "commands"), 1), "roles");
	assert_int_equal(cJSON_GetArraySize(roles), 1);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(roles, 0), "rolename")->valuestring,
			    "terminal.sct-bentre.q05");
	cJSON_Delete(root);
	dynsec_free(json);
	/* A password with JSON's special characters stays one string. */
	assert_int_equal(dynsec_add(&a, "a\"b\\c", CORR, &json), HL_OK);
	root = commands_of(json, 2);
	assert_string_equal(str_at(root, 1, "password"), "a\"b\\c");
	cJSON_Delete(root);
	dynsec_free(json);
}

static void test_other_json(void **state)
{
	struct account a = bridge("sct-bentre");
	char *json;
	cJSON *root;

	(void)state;
	assert_int_equal(dynsec_remove(&a, CORR, &json), HL_OK);
	root = commands_of(json, 2);
	assert_string_equal(str_at(root, 0, "command"), "deleteClient");
	assert_string_equal(str_at(root, 0, "username"), "bridge.sct-bentre");
	assert_string_equal(str_at(root, 1, "command"), "deleteRole");
	assert_string_equal(str_at(root, 1, "rolename"), "bridge.sct-bentre");
	cJSON_Delete(root);
	dynsec_free(json);

	assert_int_equal(dynsec_passwd(&a, "n3w", CORR, &json), HL_OK);
	root = commands_of(json, 1);
	assert_string_equal(str_at(root, 0, "command"), "setClientPassword");
	assert_string_equal(str_at(root, 0, "username"), "bridge.sct-bentre");
	assert_string_equal(str_at(root, 0, "password"), "n3w");
	cJSON_Delete(root);
	dynsec_free(json);

	assert_int_equal(dynsec_fix_role(&a, CORR, &json), HL_OK);
	root = commands_of(json, 1);
	assert_string_equal(str_at(root, 0, "command"), "modifyRole");
	assert_string_equal(str_at(root, 0, "rolename"), "bridge.sct-bentre");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
				 cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "commands"), 0), "acls")),
			 7);
	cJSON_Delete(root);
	dynsec_free(json);

	assert_int_equal(dynsec_list(CORR, &json), HL_OK);
	root = commands_of(json, 1);
	assert_string_equal(str_at(root, 0, "command"), "listClients");
	cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "commands"), 0);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(c, "verbose")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "count")->valueint, -1);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(c, "offset")->valueint, 0);
	cJSON_Delete(root);
	dynsec_free(json);

	assert_int_equal(dynsec_probe(CORR, &json), HL_OK);
	root = commands_of(json, 1);
	assert_string_equal(str_at(root, 0, "command"), "getDefaultACLAccess");
	cJSON_Delete(root);
	dynsec_free(json);

	struct account bad = terminal("sct", "");
	json = (char *)"x";
	assert_int_equal(dynsec_add(&bad, "pw", CORR, &json), HL_ERR_INVALID);
	assert_null(json);
	assert_int_equal(dynsec_remove(&bad, CORR, &json), HL_ERR_INVALID);
	assert_int_equal(dynsec_passwd(&bad, "pw", CORR, &json), HL_ERR_INVALID);
	assert_int_equal(dynsec_fix_role(&bad, CORR, &json), HL_ERR_INVALID);
	dynsec_free(NULL);
}

/* ---- answers ------------------------------------------------------------------------------------ */

#define R(cmd, extra) "{\"command\":\"" cmd "\"" extra ",\"correlationData\":\"" CORR "\"}"
#define ANSWER(x) "{\"responses\":[" x "]}"
#define ANSWER2(x, y) "{\"responses\":[" x "," y "]}"

static void test_judge_add(void **state)
{
	struct account t = terminal("sct-bentre", "q05");

	(void)state;
	assert_int_equal(judge(DYNSEC_OP_ADD, &t, ANSWER2(R("createRole", ""), R("createClient", ""))), HL_OK);
	assert_false(outcome.fix_role);
	/* A role left over from before: the client is made, and the rules must be set again. */
	assert_int_equal(judge(DYNSEC_OP_ADD, &t,
			       ANSWER2(R("createRole", ",\"error\":\"Role already exists\""), R("createClient", ""))),
			 HL_OK);
	assert_true(outcome.fix_role);
	/* An existing terminal: a clear refusal that names the way out. */
	assert_int_equal(judge(DYNSEC_OP_ADD, &t,
			       ANSWER2(R("createRole", ",\"error\":\"Role already exists\""),
				      R("createClient", ",\"error\":\"Client already exists\""))),
			 HL_ERR_INVALID);
	assert_false(outcome.fix_role);
	assert_non_null(strstr(msg, "terminal.sct-bentre.q05 already exists"));
	assert_non_null(strstr(msg, "'terminal passwd --site sct-bentre --counter q05 --out DIR'"));
	assert_non_null(strstr(msg, "'terminal remove --site sct-bentre --counter q05'"));
	struct account g = named(ACCOUNT_AGGREGATOR, "province");
	assert_int_equal(judge(DYNSEC_OP_ADD, &g,
			       ANSWER2(R("createRole", ""), R("createClient", ",\"error\":\"Client already exists\""))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "'account passwd aggregator province --out DIR'"));
	/* Another refusal is passed on in the plugin's words. */
	assert_int_equal(judge(DYNSEC_OP_ADD, &t,
			       ANSWER2(R("createRole", ",\"error\":\"Invalid/missing acltype\""),
				      R("createClient", ",\"error\":\"Role not found\""))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "Invalid/missing acltype"));
}

static void test_judge_remove_passwd(void **state)
{
	struct account t = terminal("sct-bentre", "q05");

	(void)state;
	assert_int_equal(judge(DYNSEC_OP_REMOVE, &t, ANSWER2(R("deleteClient", ""), R("deleteRole", ""))), HL_OK);
	/* A client whose role went earlier is still removed. */
	assert_int_equal(judge(DYNSEC_OP_REMOVE, &t,
			       ANSWER2(R("deleteClient", ""), R("deleteRole", ",\"error\":\"Role not found\""))),
			 HL_OK);
	assert_int_equal(judge(DYNSEC_OP_REMOVE, &t,
			       ANSWER2(R("deleteClient", ",\"error\":\"Client not found\""),
				      R("deleteRole", ",\"error\":\"Role not found\""))),
			 HL_ERR_RANGE);
	assert_string_equal(msg, "there is no account terminal.sct-bentre.q05 on the broker");
	assert_int_equal(judge(DYNSEC_OP_REMOVE, &t,
			       ANSWER2(R("deleteClient", ""), R("deleteRole", ",\"error\":\"Internal error\""))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "Internal error"));

	assert_int_equal(judge(DYNSEC_OP_PASSWD, &t, ANSWER(R("setClientPassword", ""))), HL_OK);
	assert_int_equal(judge(DYNSEC_OP_PASSWD, &t, ANSWER(R("setClientPassword", ",\"error\":\"Client not found\""))),
			 HL_ERR_RANGE);
	assert_non_null(strstr(msg, "no account terminal.sct-bentre.q05"));
	assert_non_null(strstr(msg, "'terminal add --site sct-bentre --counter q05 --out DIR'"));
	assert_int_equal(judge(DYNSEC_OP_FIX_ROLE, &t, ANSWER(R("modifyRole", ""))), HL_OK);
	assert_int_equal(judge(DYNSEC_OP_FIX_ROLE, &t, ANSWER(R("modifyRole", ",\"error\":\"Role not found\""))),
			 HL_ERR_INVALID);
}

static void test_judge_list(void **state)
{
	(void)state;
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL,
			       ANSWER(R("listClients", ",\"data\":{\"totalCount\":3,\"clients\":"
						       "[\"terminal.b.q1\",\"admin\",\"terminal.a.q2\"]}"))),
			 HL_OK);
	assert_int_equal(outcome.nusernames, 3);
	assert_string_equal(outcome.usernames[0], "admin");
	assert_string_equal(outcome.usernames[1], "terminal.a.q2");
	assert_string_equal(outcome.usernames[2], "terminal.b.q1");
	/* The verbose shape reads the same. */
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL,
			       ANSWER(R("listClients", ",\"data\":{\"totalCount\":1,\"clients\":"
						       "[{\"username\":\"web.x\",\"roles\":[],\"groups\":[]}]}"))),
			 HL_OK);
	assert_int_equal(outcome.nusernames, 1);
	assert_string_equal(outcome.usernames[0], "web.x");
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL,
			       ANSWER(R("listClients", ",\"data\":{\"totalCount\":0,\"clients\":[]}"))),
			 HL_OK);
	assert_int_equal(outcome.nusernames, 0);
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL, ANSWER(R("listClients", ",\"data\":{\"clients\":[1]}"))),
			 HL_ERR_IO);
	assert_null(outcome.usernames);
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL, ANSWER(R("listClients", ",\"data\":{}"))), HL_ERR_IO);
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL, ANSWER(R("listClients", ",\"error\":\"Permission denied\""))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "Permission denied"));
}

static void test_judge_probe(void **state)
{
	(void)state;
	assert_int_equal(judge(DYNSEC_OP_PROBE, NULL,
			       ANSWER(R("getDefaultACLAccess",
					",\"data\":{\"acls\":[{\"acltype\":\"publishClientSend\",\"allow\":false},"
					"{\"acltype\":\"publishClientReceive\",\"allow\":true},"
					"{\"acltype\":\"subscribe\",\"allow\":false},"
					"{\"acltype\":\"unsubscribe\",\"allow\":true}]}"))),
			 HL_OK);
	assert_false(outcome.open_access);
	assert_int_equal(judge(DYNSEC_OP_PROBE, NULL,
			       ANSWER(R("getDefaultACLAccess",
					",\"data\":{\"acls\":[{\"acltype\":\"subscribe\",\"allow\":true}]}"))),
			 HL_OK);
	assert_true(outcome.open_access);
	assert_int_equal(judge(DYNSEC_OP_PROBE, NULL,
			       ANSWER(R("getDefaultACLAccess", ",\"data\":{\"acls\":[{\"allow\":true}]}"))),
			 HL_ERR_IO);
}

static void test_judge_not_ours(void **state)
{
	struct account t = terminal("sct-bentre", "q05");

	(void)state;
	/* Another admin's answers, with other correlation data or none at all. */
	assert_int_equal(judge(DYNSEC_OP_ADD, &t,
			       "{\"responses\":[{\"command\":\"createRole\",\"correlationData\":\"other\"},"
			       "{\"command\":\"createClient\",\"correlationData\":\"other\"}]}"),
			 HL_ERR_NOTFOUND);
	assert_int_equal(judge(DYNSEC_OP_ADD, &t,
			       "{\"responses\":[{\"command\":\"createRole\"},{\"command\":\"createClient\"}]}"),
			 HL_ERR_NOTFOUND);
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL, "{\"responses\":[]}"), HL_ERR_NOTFOUND);
	assert_int_equal(judge(DYNSEC_OP_LIST, NULL,
			       "{\"responses\":[{\"command\":\"Unknown command\",\"error\":\"Payload not valid JSON\"}]}"),
			 HL_ERR_NOTFOUND);
}

static void test_judge_malformed(void **state)
{
	struct account t = terminal("sct-bentre", "q05");
	static const char *const bad[] = {
		"",
		"not json",
		"[]",
		"{}",
		"{\"responses\":{}}",
		"{\"responses\":[" R("createRole", "") "]}",                                       /* one of two */
		"{\"responses\":[" R("createRole", "") "," R("createClient", "") "," R("x", "") "]}", /* three */
		"{\"responses\":[" R("createClient", "") "," R("createRole", "") "]}",             /* order */
		"{\"responses\":[" R("createRole", "") ",{\"command\":\"createClient\"}]}",        /* corr */
		"{\"responses\":[" R("createRole", "") "," R("createClient", ",\"error\":42") "]}",
		"{\"responses\":[" R("createRole", "") ",\"createClient\"]}",
		"{\"responses\":[" R("createRole", "") "," R("createClient", "") "]",
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		msg[0] = '\0';
		if (judge(DYNSEC_OP_ADD, &t, bad[i]) != HL_ERR_IO)
			fail_msg("not judged malformed: %s", bad[i]);
		assert_non_null(strstr(msg, "not one of the dynamic security plugin's"));
		assert_false(outcome.fix_role);
	}
	/* An answer to the probe is not an answer to an add. */
	assert_int_equal(judge(DYNSEC_OP_ADD, &t, ANSWER(R("getDefaultACLAccess", ""))), HL_ERR_IO);
	/* Without an account there is nothing to judge. */
	assert_int_equal(judge(DYNSEC_OP_ADD, NULL, ANSWER2(R("createRole", ""), R("createClient", ""))),
			 HL_ERR_INVALID);
}

/* ---- reading a role back (update) ---------------------------------------------------------------- */

#define RULE(type, topic, prio, allow) \
	"{\"acltype\":\"" type "\",\"topic\":\"" topic "\",\"priority\":" #prio ",\"allow\":" #allow "}"
#define CLIENT(user, roles) \
	R("getClient", ",\"data\":{\"client\":{\"username\":\"" user "\",\"roles\":[" roles "],\"groups\":[]}}")
#define ROLE(user, acls) R("getRole", ",\"data\":{\"role\":{\"rolename\":\"" user "\",\"acls\":[" acls "]}}")
#define T "terminal.sct-bentre.q05"
#define TP "hailong/v1/sct-bentre/"

static void test_show_json(void **state)
{
	struct account a = terminal("sct-bentre", "q05"), bad = terminal("sct", "");
	char *json;

	(void)state;
	assert_int_equal(dynsec_show(&a, CORR, &json), HL_OK);
	cJSON *root = commands_of(json, 2);
	assert_string_equal(str_at(root, 0, "command"), "getClient");
	assert_string_equal(str_at(root, 0, "username"), T);
	assert_string_equal(str_at(root, 1, "command"), "getRole");
	assert_string_equal(str_at(root, 1, "rolename"), T);
	cJSON_Delete(root);
	dynsec_free(json);
	json = (char *)"x";
	assert_int_equal(dynsec_show(&bad, CORR, &json), HL_ERR_INVALID);
	assert_null(json);
	/* Logged out once, in one message: disabled and enabled again, the password untouched. */
	assert_int_equal(dynsec_reconnect(&a, CORR, &json), HL_OK);
	root = commands_of(json, 2);
	assert_string_equal(str_at(root, 0, "command"), "disableClient");
	assert_string_equal(str_at(root, 0, "username"), T);
	assert_string_equal(str_at(root, 1, "command"), "enableClient");
	assert_string_equal(str_at(root, 1, "username"), T);
	assert_null(strstr(json, "password"));
	cJSON_Delete(root);
	dynsec_free(json);
	assert_int_equal(dynsec_reconnect(&bad, CORR, &json), HL_ERR_INVALID);
}

static void test_judge_reconnect(void **state)
{
	struct account t = terminal("sct-bentre", "q05");

	(void)state;
	assert_int_equal(judge(DYNSEC_OP_RECONNECT, &t, ANSWER2(R("disableClient", ""), R("enableClient", ""))), HL_OK);
	assert_int_equal(judge(DYNSEC_OP_RECONNECT, &t,
			       ANSWER2(R("disableClient", ",\"error\":\"Client not found\""),
				      R("enableClient", ",\"error\":\"Client not found\""))),
			 HL_ERR_RANGE);
	assert_non_null(strstr(msg, "there is no account " T));
	assert_int_equal(judge(DYNSEC_OP_RECONNECT, &t,
			       ANSWER2(R("disableClient", ",\"error\":\"Internal error\""), R("enableClient", ""))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "refused to disconnect " T));
	/* Disabled but not enabled again: the one way to leave harm, and how to undo it. */
	assert_int_equal(judge(DYNSEC_OP_RECONNECT, &t,
			       ANSWER2(R("disableClient", ""), R("enableClient", ",\"error\":\"Internal error\""))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "may be left disabled"));
	assert_non_null(strstr(msg, "'mosquitto_ctrl dynsec enableClient " T "'"));
}

/* The rules of a terminal role made before officers' photos, as the plugin lists them. */
#define OLD_TERMINAL_ACLS                                                                                       \
	RULE("publishClientSend", TP "q05/rating", 0, true) "," RULE("publishClientSend", TP "q05/status", 0, true) \
	"," RULE("subscribeLiteral", TP "q05/session", 0, true) "," RULE("subscribeLiteral", TP "q05/receipt", 0, true) \
	"," RULE("subscribeLiteral", TP "roster", 0, true)

static void test_judge_show(void **state)
{
	struct account t = terminal("sct-bentre", "q05");
	struct account_acl acl[ACCOUNT_ACLS_MAX];
	size_t n, missing = 0;

	(void)state;
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t, ANSWER2(CLIENT(T, "{\"rolename\":\"" T "\"}"), ROLE(T, OLD_TERMINAL_ACLS))),
			 HL_OK);
	assert_int_equal(outcome.nrules, 5);
	assert_string_equal(outcome.rules[4].acltype, "subscribeLiteral");
	assert_string_equal(outcome.rules[4].topic, TP "roster");
	assert_true(outcome.rules[4].allow);
	/* Today's rules that role lacks: the photos, and nothing else. */
	assert_int_equal(account_acls(&t, acl, ACCOUNT_ACLS_MAX, &n), HL_OK);
	for (size_t i = 0; i < n; i++) {
		bool held = false;
		for (size_t j = 0; j < outcome.nrules; j++)
			held |= dynsec_rule_is(&outcome.rules[j], &acl[i]);
		if (!held) {
			missing++;
			assert_string_equal(acl[i].topic, TP "photo/+");
		}
	}
	assert_int_equal(missing, 1);

	/* Not there: named, with the command that makes it. */
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t,
			       ANSWER2(R("getClient", ",\"error\":\"Client not found\""),
				      R("getRole", ",\"error\":\"Role not found\""))),
			 HL_ERR_RANGE);
	assert_non_null(strstr(msg, "there is no account " T " on the broker"));
	assert_non_null(strstr(msg, "'terminal add --site sct-bentre --counter q05 --out DIR'"));
	assert_null(outcome.rules);
	/* There, but its role gone, or not given to it: nothing to update, and the way out. */
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t,
			       ANSWER2(CLIENT(T, ""), R("getRole", ",\"error\":\"Role not found\""))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "its role is gone"));
	assert_non_null(strstr(msg, "'terminal remove --site sct-bentre --counter q05'"));
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t,
			       ANSWER2(CLIENT(T, "{\"rolename\":\"spy\"}"), ROLE(T, OLD_TERMINAL_ACLS))),
			 HL_ERR_INVALID);
	assert_non_null(strstr(msg, "without its role"));
	assert_null(outcome.rules);
	/* Rules the plugin would not write. */
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t,
			       ANSWER2(CLIENT(T, "{\"rolename\":\"" T "\"}"),
				      ROLE(T, "{\"acltype\":\"subscribeLiteral\",\"allow\":true}"))),
			 HL_ERR_IO);
	assert_null(outcome.rules);
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t, ANSWER2(CLIENT(T, "{\"rolename\":\"" T "\"}"), R("getRole", ""))),
			 HL_ERR_IO);
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t, ANSWER(R("getClient", ""))), HL_ERR_IO);
}

static void test_rule_is(void **state)
{
	struct account_acl photo = { ACCOUNT_ACL_SUBSCRIBE, TP "photo/+" };
	struct dynsec_rule r = { "subscribeLiteral", TP "photo/+", 0, true, false };

	(void)state;
	assert_true(dynsec_rule_is(&r, &photo));
	/* Written by hand: a deny, another priority, a pattern, another topic, or cut short. */
	r.allow = false;
	assert_false(dynsec_rule_is(&r, &photo));
	r.allow = true;
	r.priority = 5;
	assert_false(dynsec_rule_is(&r, &photo));
	r.priority = 0;
	snprintf(r.acltype, sizeof r.acltype, "subscribePattern");
	assert_false(dynsec_rule_is(&r, &photo));
	snprintf(r.acltype, sizeof r.acltype, "subscribeLiteral");
	snprintf(r.topic, sizeof r.topic, TP "photo/#");
	assert_false(dynsec_rule_is(&r, &photo));
	snprintf(r.topic, sizeof r.topic, TP "photo/+");
	r.cut = true;
	assert_false(dynsec_rule_is(&r, &photo));
	/* A topic too long for us is kept cut short, and never taken for ours. */
	char body[1024];
	char longtopic[300];
	memset(longtopic, 'x', sizeof longtopic - 1);
	longtopic[sizeof longtopic - 1] = '\0';
	struct account t = terminal("sct-bentre", "q05");
	snprintf(body, sizeof body,
		 ANSWER2(CLIENT(T, "{\"rolename\":\"" T "\"}"), ROLE(T, RULE("subscribeLiteral", "%s", 0, true))),
		 longtopic);
	assert_int_equal(judge(DYNSEC_OP_SHOW, &t, body), HL_OK);
	assert_int_equal(outcome.nrules, 1);
	assert_true(outcome.rules[0].cut);
	assert_int_equal(strlen(outcome.rules[0].topic), sizeof outcome.rules[0].topic - 1);
}

/* The rules account_acls gives a, as the plugin would list them. */
static size_t rules_of(const struct account *a, struct dynsec_rule *r, size_t cap)
{
	struct account_acl acl[ACCOUNT_ACLS_MAX];
	size_t n;

	assert_int_equal(account_acls(a, acl, ACCOUNT_ACLS_MAX, &n), HL_OK);
	assert_true(n <= cap);
	for (size_t i = 0; i < n; i++) {
		memset(&r[i], 0, sizeof r[i]);
		snprintf(r[i].acltype, sizeof r[i].acltype, "%s", acl[i].acltype);
		snprintf(r[i].topic, sizeof r[i].topic, "%s", acl[i].topic);
		r[i].allow = true;
	}
	return n;
}

static void test_rules_sites(void **state)
{
	static struct dynsec_rule r[ACCOUNT_ACLS_MAX];
	struct account w = named(ACCOUNT_WEB, "console"), back;
	size_t n;

	(void)state;
	/* Read back as given, each once. */
	add_site(&w, "sct-bentre");
	add_site(&w, "sct-vinhlong");
	n = rules_of(&w, r, ACCOUNT_ACLS_MAX);
	back = named(ACCOUNT_WEB, "console");
	add_site(&back, "stale");
	assert_int_equal(dynsec_rules_sites(r, n, &back), HL_OK);
	assert_int_equal(back.nsites, 2);
	assert_string_equal(back.sites[0], "sct-bentre");
	assert_string_equal(back.sites[1], "sct-vinhlong");
	assert_string_equal(acl_text(&back), acl_text(&w));
	/* Every site stays every site. */
	struct account all = named(ACCOUNT_ONESTOP, "mot-cua");
	n = rules_of(&all, r, ACCOUNT_ACLS_MAX);
	back = named(ACCOUNT_ONESTOP, "mot-cua");
	add_site(&back, "stale");
	assert_int_equal(dynsec_rules_sites(r, n, &back), HL_OK);
	assert_int_equal(back.nsites, 0);
	/* No session rule we wrote (a deny, a subscription, an odd site): the sites cannot be told, and
	 * every site is never assumed. */
	struct dynsec_rule odd[] = {
		{ "publishClientSend", "hailong/v1/sct-bentre/+/session", 0, false, false },
		{ "subscribeLiteral", "hailong/v1/sct-bentre/+/session", 0, true, false },
		{ "publishClientSend", "hailong/v1/SCT/+/session", 0, true, false },
		{ "publishClientSend", "hailong/v1/sct-bentre/roster", 0, true, false },
		{ "publishClientSend", "hailong/v1//+/session", 0, true, false },
	};
	back = named(ACCOUNT_WEB, "console");
	add_site(&back, "kept");
	assert_int_equal(dynsec_rules_sites(odd, sizeof odd / sizeof odd[0], &back), HL_ERR_NOTFOUND);
	assert_int_equal(back.nsites, 1);
	assert_int_equal(dynsec_rules_sites(NULL, 0, &back), HL_ERR_NOTFOUND);
	struct account t = terminal("sct-bentre", "q05");
	assert_int_equal(dynsec_rules_sites(r, n, &t), HL_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usernames),
		cmocka_unit_test(test_usernames_unambiguous),
		cmocka_unit_test(test_parse_usernames),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_acls_terminal),
		cmocka_unit_test(test_acls_aggregator),
		cmocka_unit_test(test_acls_web_onestop),
		cmocka_unit_test(test_acls_bridge),
		cmocka_unit_test(test_acls_invalid),
		cmocka_unit_test(test_add_json),
		cmocka_unit_test(test_other_json),
		cmocka_unit_test_teardown(test_judge_add, teardown),
		cmocka_unit_test_teardown(test_judge_remove_passwd, teardown),
		cmocka_unit_test_teardown(test_judge_list, teardown),
		cmocka_unit_test_teardown(test_judge_probe, teardown),
		cmocka_unit_test_teardown(test_judge_not_ours, teardown),
		cmocka_unit_test_teardown(test_judge_malformed, teardown),
		cmocka_unit_test(test_show_json),
		cmocka_unit_test_teardown(test_judge_show, teardown),
		cmocka_unit_test_teardown(test_judge_reconnect, teardown),
		cmocka_unit_test_teardown(test_rule_is, teardown),
		cmocka_unit_test(test_rules_sites),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
