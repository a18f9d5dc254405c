/* SPDX-License-Identifier: MIT
 * fuzz_dynsec.c — libFuzzer harness for dynsec_judge (aggregator/dynsec.h): the answers of the
 * broker's dynamic security plugin, which `terminal add|remove|passwd|update|list` and `account ...`
 * read off a topic every admin can publish on. The input's first byte picks the command answered
 * (and the account it was for); the rest is the answer body. The judgement is the same with and
 * without a message buffer; on anything but HL_OK the outcome is zeroed; a list comes back sorted;
 * a role's rules (show) are always NUL-ended within their fields. */
#include "fuzz.h"

#include "account.h"
#include "dynsec.h"
#include "hl.h"

#include <stdlib.h>
#include <string.h>

#define CORR "fz-7c1e"

static const char *const usernames[] = { "terminal.sct-bentre.q05", "aggregator.main", "web.ops",
					 "onestop.dvc", "bridge.sct-bentre" };

static bool zeroed(const struct dynsec_outcome *o)
{
	return !o->fix_role && !o->open_access && !o->usernames && !o->nusernames && !o->rules && !o->nrules;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum dynsec_op op;
	struct account a;
	struct dynsec_outcome out, quiet;
	char msg[300], *body;
	size_t len;
	int rc, rc_quiet;

	if (size == 0)
		return 0;
	op = (enum dynsec_op)(data[0] % 8);
	FUZZ_CHECK(account_parse_username(usernames[(data[0] / 8) % 5], &a) == HL_OK);
	len = size - 1;
	body = fuzz_dup(data + 1, len);
	rc = dynsec_judge(op, &a, CORR, body, len, &out, msg, sizeof msg);
	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_NOTFOUND || rc == HL_ERR_INVALID || rc == HL_ERR_RANGE ||
		   rc == HL_ERR_IO || rc == HL_ERR_NOMEM);
	FUZZ_CHECK(memchr(msg, '\0', sizeof msg));
	if (rc == HL_ERR_INVALID || rc == HL_ERR_RANGE || rc == HL_ERR_IO)
		FUZZ_CHECK(msg[0]);
	if (rc != HL_OK)
		FUZZ_CHECK(zeroed(&out));
	for (size_t i = 0; i < out.nusernames; i++) {
		FUZZ_CHECK(out.usernames[i] != NULL);
		FUZZ_CHECK(i == 0 || strcmp(out.usernames[i - 1], out.usernames[i]) <= 0);
	}
	FUZZ_CHECK(op == DYNSEC_OP_LIST || !out.nusernames);
	FUZZ_CHECK(op == DYNSEC_OP_SHOW || !out.nrules);
	for (size_t i = 0; i < out.nrules; i++) /* broker text, always ended within its field */
		FUZZ_CHECK(memchr(out.rules[i].topic, '\0', sizeof out.rules[i].topic) &&
			   memchr(out.rules[i].acltype, '\0', sizeof out.rules[i].acltype));
	rc_quiet = dynsec_judge(op, &a, CORR, body, len, &quiet, NULL, 0);
	FUZZ_CHECK(rc_quiet == rc);
	FUZZ_CHECK(quiet.nusernames == out.nusernames && quiet.fix_role == out.fix_role &&
		   quiet.open_access == out.open_access && quiet.nrules == out.nrules);
	dynsec_outcome_free(&quiet);
	dynsec_outcome_free(&out);
	/* list and probe are for no account: theirs must judge the same without one. */
	if (op == DYNSEC_OP_LIST || op == DYNSEC_OP_PROBE) {
		FUZZ_CHECK(dynsec_judge(op, NULL, CORR, body, len, &quiet, msg, sizeof msg) == rc);
		dynsec_outcome_free(&quiet);
	} else {
		FUZZ_CHECK(dynsec_judge(op, NULL, CORR, body, len, &quiet, msg, sizeof msg) == HL_ERR_INVALID);
		FUZZ_CHECK(zeroed(&quiet));
	}
	free(body);
	return 0;
}
