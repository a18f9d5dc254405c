/* SPDX-License-Identifier: MIT
 * test_dynsec_update.c — `terminal update` / `account update` as the dynamic security plugin sees
 * them: an update reads a role back; an old terminal role lacks exactly the photo rule, a rule
 * written by hand is not taken for ours, a web account's sites are read back as they were given
 * (never widened), and logging a login out to resubscribe says how to undo it if it left the login
 * disabled. */
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
		cmocka_unit_test(test_show_json),
		cmocka_unit_test_teardown(test_judge_show, teardown),
		cmocka_unit_test_teardown(test_judge_reconnect, teardown),
		cmocka_unit_test_teardown(test_rule_is, teardown),
		cmocka_unit_test(test_rules_sites),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
