/* SPDX-License-Identifier: MIT
 * dynsec_answer.c — what the plugin's answers to dynsec.c's messages mean (dynsec.h), one line for
 * people, and what a role on the broker holds compared with the rules account.c gives it. The
 * answer is checked to be to our message (its correlationData) before anything in it is believed;
 * text from the broker is copied, never kept. Pure: no MQTT, no files. */
#include "dynsec.h"

#include "hl.h"
#include "topic.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the answers -------------------------------------------------------------------------------- */

void dynsec_outcome_free(struct dynsec_outcome *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nusernames; i++)
		free(o->usernames[i]);
	free(o->usernames);
	free(o->rules);
	memset(o, 0, sizeof *o);
}

static int judge_say(char *msg, size_t cap, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int judge_say(char *msg, size_t cap, int rc, const char *fmt, ...)
{
	va_list ap;

	if (msg && cap) {
		va_start(ap, fmt);
		vsnprintf(msg, cap, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* The command line that does verb ("passwd", "remove", "add") for a, for hints in messages. */
static void judge_hint(const struct account *a, const char *verb, char *buf, size_t cap)
{
	switch (a->kind) {
	case ACCOUNT_TERMINAL:
		snprintf(buf, cap, "terminal %s --site %s --counter %s%s", verb, a->site, a->counter,
			 strcmp(verb, "remove") ? " --out DIR" : "");
		break;
	case ACCOUNT_BRIDGE:
		snprintf(buf, cap, "account %s bridge --site %s%s", verb, a->site,
			 strcmp(verb, "remove") ? " --out DIR --province-broker URL" : "");
		break;
	default:
		snprintf(buf, cap, "account %s %s %s%s", verb, account_kind_name(a->kind), a->name,
			 strcmp(verb, "remove") ? " --out DIR" : "");
		break;
	}
}

/* The responses of one answer, checked against the commands that were sent. */
struct answer {
	cJSON *root;
	cJSON *resp[4];
	const char *error[4]; /* NULL when the command succeeded */
	size_t n;
};

/* Parses body into ans and checks it answers want[0..nwant-1] with corr. HL_OK, HL_ERR_NOTFOUND (not
 * ours), HL_ERR_IO (msg filled) or HL_ERR_NOMEM. Free ans->root on HL_OK. */
static int answer_parse(const char *body, size_t len, const char *corr, const char *const *want, size_t nwant,
			struct answer *ans, char *msg, size_t cap)
{
	static const char bad[] = "the broker's answer is not one of the dynamic security plugin's";
	cJSON *responses, *first, *cd;
	int rc = HL_ERR_IO;

	memset(ans, 0, sizeof *ans);
	ans->root = cJSON_ParseWithLength(body, len);
	if (!ans->root) {
		/* cJSON cannot tell an allocation failure from bad text; bad text is far likelier. */
		return judge_say(msg, cap, HL_ERR_IO, "%s (not JSON)", bad);
	}
	responses = cJSON_GetObjectItemCaseSensitive(ans->root, "responses");
	if (!cJSON_IsObject(ans->root) || !cJSON_IsArray(responses)) {
		judge_say(msg, cap, rc, "%s (no \"responses\" list)", bad);
		goto fail;
	}
	/* Whose answer it is comes first: another admin's odd message is no fault of ours. */
	first = cJSON_GetArrayItem(responses, 0);
	cd = cJSON_IsObject(first) ? cJSON_GetObjectItemCaseSensitive(first, "correlationData") : NULL;
	if (!cJSON_IsString(cd) || strcmp(cd->valuestring, corr) != 0) {
		rc = HL_ERR_NOTFOUND;
		goto fail;
	}
	if ((size_t)cJSON_GetArraySize(responses) != nwant) {
		judge_say(msg, cap, rc, "%s (%d answers to %zu commands)", bad, cJSON_GetArraySize(responses), nwant);
		goto fail;
	}
	for (size_t i = 0; i < nwant; i++) {
		cJSON *r = cJSON_GetArrayItem(responses, (int)i);
		cJSON *cmd = cJSON_GetObjectItemCaseSensitive(r, "command");
		cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "error");
		cd = cJSON_GetObjectItemCaseSensitive(r, "correlationData");
		if (!cJSON_IsObject(r) || !cJSON_IsString(cmd) || strcmp(cmd->valuestring, want[i]) != 0 ||
		    !cJSON_IsString(cd) || strcmp(cd->valuestring, corr) != 0) {
			judge_say(msg, cap, rc, "%s (answer %zu is not to %s)", bad, i + 1, want[i]);
			goto fail;
		}
		if (err && !cJSON_IsString(err)) {
			judge_say(msg, cap, rc, "%s (the error of %s is not text)", bad, want[i]);
			goto fail;
		}
		ans->resp[i] = r;
		ans->error[i] = err ? err->valuestring : NULL;
	}
	ans->n = nwant;
	return HL_OK;
fail:
	cJSON_Delete(ans->root);
	ans->root = NULL;
	return rc;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* listClients data: {"totalCount":N,"clients":["name",...]} or, verbose, [{"username":...},...]. */
static int judge_list(cJSON *resp, struct dynsec_outcome *out, char *msg, size_t cap)
{
	cJSON *data = cJSON_GetObjectItemCaseSensitive(resp, "data");
	cJSON *clients = cJSON_GetObjectItemCaseSensitive(data, "clients"), *c;
	size_t n = 0, cap_n = (size_t)cJSON_GetArraySize(clients);

	if (!cJSON_IsObject(data) || !cJSON_IsArray(clients))
		return judge_say(msg, cap, HL_ERR_IO, "the broker's list of clients has no \"clients\"");
	out->usernames = calloc(cap_n ? cap_n : 1, sizeof *out->usernames);
	if (!out->usernames)
		return HL_ERR_NOMEM;
	cJSON_ArrayForEach(c, clients)
	{
		const char *name = cJSON_IsString(c) ? c->valuestring : NULL;
		cJSON *u = cJSON_IsObject(c) ? cJSON_GetObjectItemCaseSensitive(c, "username") : NULL;
		if (cJSON_IsString(u))
			name = u->valuestring;
		if (!name || n == cap_n) {
			out->nusernames = n;
			return judge_say(msg, cap, HL_ERR_IO, "the broker's list of clients holds something not a name");
		}
		if (!(out->usernames[n] = strdup(name))) {
			out->nusernames = n;
			return HL_ERR_NOMEM;
		}
		n++;
	}
	out->nusernames = n;
	if (n)
		qsort(out->usernames, n, sizeof *out->usernames, cmp_str);
	return HL_OK;
}

/* getDefaultACLAccess data: {"acls":[{"acltype":...,"allow":bool},...]}. */
static int judge_probe(cJSON *resp, struct dynsec_outcome *out, char *msg, size_t cap)
{
	cJSON *acls = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(resp, "data"), "acls"), *e;

	if (!cJSON_IsArray(acls))
		return judge_say(msg, cap, HL_ERR_IO, "the broker's default access answer has no \"acls\"");
	cJSON_ArrayForEach(e, acls)
	{
		cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "acltype");
		cJSON *allow = cJSON_GetObjectItemCaseSensitive(e, "allow");
		if (!cJSON_IsString(type) || !cJSON_IsBool(allow))
			return judge_say(msg, cap, HL_ERR_IO, "the broker's default access answer is not understood");
		if (cJSON_IsTrue(allow) &&
		    (strcmp(type->valuestring, ACCOUNT_ACL_PUBLISH) == 0 || strcmp(type->valuestring, "subscribe") == 0))
			out->open_access = true;
	}
	return HL_OK;
}

/* getClient data {"client":{"username":..,"roles":[{"rolename":..},...]}} must list the role of its
 * name; getRole data {"role":{"rolename":..,"acls":[{"acltype","topic","priority","allow"},...]}}. */
static int judge_show(cJSON *client, cJSON *role, const char *user, struct dynsec_outcome *out, char *msg, size_t cap)
{
	static const char bad[] = "the broker's account %s is not understood (%s)";
	cJSON *roles = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(client, "data"), "client"), "roles");
	cJSON *acls = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(role, "data"), "role"), "acls");
	cJSON *e;
	bool has_role = false;
	size_t n = 0, cap_n = (size_t)cJSON_GetArraySize(acls);

	if (!cJSON_IsArray(roles))
		return judge_say(msg, cap, HL_ERR_IO, bad, user, "no list of roles");
	cJSON_ArrayForEach(e, roles)
	{
		cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "rolename");
		has_role |= cJSON_IsString(name) && strcmp(name->valuestring, user) == 0;
	}
	if (!has_role)
		return judge_say(msg, cap, HL_ERR_INVALID,
				 "%s is on the broker without its role %s (changed by hand?); give it back with "
				 "'mosquitto_ctrl dynsec addClientRole %s %s', or remove the account and add it again",
				 user, user, user, user);
	if (!cJSON_IsArray(acls))
		return judge_say(msg, cap, HL_ERR_IO, bad, user, "its role has no list of rules");
	if (!(out->rules = calloc(cap_n ? cap_n : 1, sizeof *out->rules)))
		return HL_ERR_NOMEM;
	cJSON_ArrayForEach(e, acls)
	{
		cJSON *type = cJSON_GetObjectItemCaseSensitive(e, "acltype");
		cJSON *topic = cJSON_GetObjectItemCaseSensitive(e, "topic");
		cJSON *prio = cJSON_GetObjectItemCaseSensitive(e, "priority");
		cJSON *allow = cJSON_GetObjectItemCaseSensitive(e, "allow");
		if (n == cap_n || !cJSON_IsString(type) || !cJSON_IsString(topic) || (prio && !cJSON_IsNumber(prio)) ||
		    !cJSON_IsBool(allow)) {
			out->nrules = n;
			return judge_say(msg, cap, HL_ERR_IO, bad, user, "a rule of its role");
		}
		struct dynsec_rule *r = &out->rules[n++];
		r->cut = snprintf(r->acltype, sizeof r->acltype, "%s", type->valuestring) >= (int)sizeof r->acltype ||
			 snprintf(r->topic, sizeof r->topic, "%s", topic->valuestring) >= (int)sizeof r->topic;
		r->priority = prio ? prio->valueint : 0;
		r->allow = cJSON_IsTrue(allow);
	}
	out->nrules = n;
	return HL_OK;
}

int dynsec_judge(enum dynsec_op op, const struct account *a, const char *corr, const char *body, size_t len,
		 struct dynsec_outcome *out, char *msg, size_t cap)
{
	static const char *const want_add[] = { "createRole", "createClient" };
	static const char *const want_fix[] = { "modifyRole" };
	static const char *const want_remove[] = { "deleteClient", "deleteRole" };
	static const char *const want_passwd[] = { "setClientPassword" };
	static const char *const want_list[] = { "listClients" };
	static const char *const want_probe[] = { "getDefaultACLAccess" };
	static const char *const want_show[] = { "getClient", "getRole" };
	static const char *const want_reconnect[] = { "disableClient", "enableClient" };
	static const struct {
		const char *const *v;
		size_t n;
	} want[] = { [DYNSEC_OP_ADD] = { want_add, 2 },       [DYNSEC_OP_FIX_ROLE] = { want_fix, 1 },
		     [DYNSEC_OP_REMOVE] = { want_remove, 2 }, [DYNSEC_OP_PASSWD] = { want_passwd, 1 },
		     [DYNSEC_OP_LIST] = { want_list, 1 },     [DYNSEC_OP_PROBE] = { want_probe, 1 },
		     [DYNSEC_OP_SHOW] = { want_show, 2 },     [DYNSEC_OP_RECONNECT] = { want_reconnect, 2 } };
	char user[ACCOUNT_USERNAME_MAX + 1] = "", hint[160] = "", hint2[160] = "";
	struct answer ans;
	const char *const *e;
	int rc;

	memset(out, 0, sizeof *out);
	if (msg && cap)
		msg[0] = '\0';
	if ((unsigned)op >= sizeof want / sizeof want[0])
		return HL_ERR_INVALID;
	bool needs_account = op != DYNSEC_OP_LIST && op != DYNSEC_OP_PROBE;
	if (needs_account && (!a || account_username(a, user, sizeof user) != HL_OK))
		return judge_say(msg, cap, HL_ERR_INVALID, "not a valid account");
	if ((rc = answer_parse(body, len, corr, want[op].v, want[op].n, &ans, msg, cap)) != HL_OK)
		return rc;
	e = ans.error;
	switch (op) {
	case DYNSEC_OP_ADD:
		if (!e[1]) {
			/* The client is new. A role of its name left from an earlier, half-finished remove
			 * may hold other rules: the caller sets ours again. */
			out->fix_role = e[0] != NULL;
			rc = HL_OK;
		} else if (strcmp(e[1], "Client already exists") == 0) {
			judge_hint(a, "passwd", hint, sizeof hint);
			judge_hint(a, "remove", hint2, sizeof hint2);
			rc = judge_say(msg, cap, HL_ERR_INVALID,
				       "%s already exists on the broker; for a new password use '%s', or remove it first with '%s'",
				       user, hint, hint2);
		} else if (e[0]) {
			rc = judge_say(msg, cap, HL_ERR_INVALID, "the broker refused to create %s: %s (role), %s", user,
				       e[0], e[1]);
		} else {
			rc = judge_say(msg, cap, HL_ERR_INVALID, "the broker refused to create %s: %s", user, e[1]);
		}
		break;
	case DYNSEC_OP_FIX_ROLE:
		rc = e[0] ? judge_say(msg, cap, HL_ERR_INVALID, "the broker refused to set the rules of %s: %s", user, e[0])
			  : HL_OK;
		break;
	case DYNSEC_OP_REMOVE:
		if (e[0] && strcmp(e[0], "Client not found") == 0)
			rc = judge_say(msg, cap, HL_ERR_RANGE, "there is no account %s on the broker", user);
		else if (e[0])
			rc = judge_say(msg, cap, HL_ERR_INVALID, "the broker refused to remove %s: %s", user, e[0]);
		else if (e[1] && strcmp(e[1], "Role not found") != 0)
			rc = judge_say(msg, cap, HL_ERR_INVALID, "%s is removed, but its role could not be: %s", user, e[1]);
		else
			rc = HL_OK;
		break;
	case DYNSEC_OP_PASSWD:
		if (e[0] && strcmp(e[0], "Client not found") == 0) {
			judge_hint(a, "add", hint, sizeof hint);
			rc = judge_say(msg, cap, HL_ERR_RANGE, "there is no account %s on the broker; make it with '%s'",
				       user, hint);
		} else if (e[0]) {
			rc = judge_say(msg, cap, HL_ERR_INVALID, "the broker refused the new password of %s: %s", user, e[0]);
		} else {
			rc = HL_OK;
		}
		break;
	case DYNSEC_OP_LIST:
		rc = e[0] ? judge_say(msg, cap, HL_ERR_INVALID, "the broker refused to list its clients: %s", e[0])
			  : judge_list(ans.resp[0], out, msg, cap);
		break;
	case DYNSEC_OP_PROBE:
		rc = e[0] ? judge_say(msg, cap, HL_ERR_INVALID, "the dynamic security plugin refused us: %s", e[0])
			  : judge_probe(ans.resp[0], out, msg, cap);
		break;
	case DYNSEC_OP_SHOW:
		if (e[0] && strcmp(e[0], "Client not found") == 0) {
			judge_hint(a, "add", hint, sizeof hint);
			rc = judge_say(msg, cap, HL_ERR_RANGE, "there is no account %s on the broker; make it with '%s'",
				       user, hint);
		} else if (e[0] || (e[1] && strcmp(e[1], "Role not found") != 0)) {
			rc = judge_say(msg, cap, HL_ERR_INVALID, "the broker refused to show %s: %s", user, e[0] ? e[0] : e[1]);
		} else if (e[1]) {
			judge_hint(a, "remove", hint, sizeof hint);
			rc = judge_say(msg, cap, HL_ERR_INVALID,
				       "%s is on the broker, but its role is gone; remove it with '%s' and add it again", user,
				       hint);
		} else {
			rc = judge_show(ans.resp[0], ans.resp[1], user, out, msg, cap);
		}
		break;
	case DYNSEC_OP_RECONNECT:
		if (e[0] && strcmp(e[0], "Client not found") == 0)
			rc = judge_say(msg, cap, HL_ERR_RANGE, "there is no account %s on the broker", user);
		else if (e[0])
			rc = judge_say(msg, cap, HL_ERR_INVALID, "the broker refused to disconnect %s: %s", user, e[0]);
		else if (e[1])
			/* The one failure that leaves harm behind: say exactly how to undo it. */
			rc = judge_say(msg, cap, HL_ERR_INVALID,
				       "%s may be left disabled on the broker (%s); enable it with 'mosquitto_ctrl dynsec "
				       "enableClient %s'", user, e[1], user);
		else
			rc = HL_OK;
		break;
	}
	cJSON_Delete(ans.root);
	if (rc != HL_OK)
		dynsec_outcome_free(out);
	return rc;
}

/* ---- the rules a role holds ------------------------------------------------------------------- */

bool dynsec_rule_is(const struct dynsec_rule *r, const struct account_acl *acl)
{
	return r->allow && !r->cut && r->priority == 0 && strcmp(r->acltype, acl->acltype) == 0 &&
	       strcmp(r->topic, acl->topic) == 0;
}

int dynsec_rules_sites(const struct dynsec_rule *r, size_t n, struct account *a)
{
	static const char suffix[] = "/+/session";
	const size_t plen = strlen(TOPIC_PREFIX), slen = sizeof suffix - 1;
	struct account b = *a;
	bool any = false, every = false;

	if (a->kind != ACCOUNT_WEB && a->kind != ACCOUNT_ONESTOP)
		return HL_ERR_INVALID;
	b.nsites = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = r[i].topic;
		size_t len = strlen(t);
		char site[sizeof b.sites[0]];
		if (!r[i].allow || r[i].cut || strcmp(r[i].acltype, ACCOUNT_ACL_PUBLISH) != 0 || len <= plen + slen ||
		    strncmp(t, TOPIC_PREFIX, plen) != 0 || strcmp(t + len - slen, suffix) != 0 ||
		    len - plen - slen >= sizeof site)
			continue;
		memcpy(site, t + plen, len - plen - slen);
		site[len - plen - slen] = '\0';
		if (strcmp(site, "+") == 0) {
			any = every = true;
			continue;
		}
		if (!topic_id_valid(site))
			continue;
		any = true;
		bool dup = false;
		for (size_t j = 0; j < b.nsites && !dup; j++)
			dup = strcmp(b.sites[j], site) == 0;
		if (dup)
			continue;
		if (b.nsites == ACCOUNT_SITES_MAX)
			return HL_ERR_RANGE;
		memcpy(b.sites[b.nsites++], site, strlen(site) + 1);
	}
	if (!any)
		return HL_ERR_NOTFOUND;
	/* A role that may open sessions at every site keeps every site: narrowing it is another task. */
	if (every)
		b.nsites = 0;
	*a = b;
	return HL_OK;
}
