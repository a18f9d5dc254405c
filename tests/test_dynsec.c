/* SPDX-License-Identifier: MIT
 * test_dynsec.c — broker accounts as the dynamic security plugin sees them (aggregator/account.c and
 * aggregator/dynsec.c): usernames can be read one way only (sct+bentre-q05 and sct-bentre+q05 differ)
 * and read back; each kind of account gets exactly the rules DESIGN §9 gives it, no more; the command
 * messages have the plugin's shape with our correlationData on every command; answers are judged as a
 * person needs them — an existing terminal says to use `terminal passwd`, a missing one says there is
 * none — and answers to other admins, malformed answers and lists are told apart (updates:
 * test_dynsec_update.c). */
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

#include "dynsec_fixture.h"

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
