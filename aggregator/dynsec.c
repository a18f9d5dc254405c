/* SPDX-License-Identifier: MIT
 * dynsec.c — the plugin's messages and what its answers mean. Every command carries the caller's
 * correlationData because every admin subscribed to the response topic sees every answer. Passwords
 * pass through cJSON trees and printed text: both are wiped before they are freed. The rules an
 * account's role gets come from account.c. */
#include "dynsec.h"

#include "hl.h"
#include "secret.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the commands ------------------------------------------------------------------------------- */

/* A message under construction: root {"commands":[...]}. Failed steps are remembered, not checked
 * one by one. */
struct msg {
	cJSON *root, *cmds;
	const char *corr;
	cJSON *secret; /* the password item, wiped before the tree is freed */
	bool nomem;
};

static void msg_init(struct msg *m, const char *corr)
{
	memset(m, 0, sizeof *m);
	m->corr = corr;
	m->root = cJSON_CreateObject();
	m->cmds = cJSON_AddArrayToObject(m->root, "commands");
	m->nomem = !m->root || !m->cmds;
}

static cJSON *msg_command(struct msg *m, const char *name)
{
	cJSON *c = m->nomem ? NULL : cJSON_CreateObject();

	if (c && !cJSON_AddItemToArray(m->cmds, c)) {
		cJSON_Delete(c);
		c = NULL;
	}
	if (!c || !cJSON_AddStringToObject(c, "command", name)) {
		m->nomem = true;
		return NULL;
	}
	return c;
}

static void msg_str(struct msg *m, cJSON *obj, const char *key, const char *value)
{
	if (!obj || !cJSON_AddStringToObject(obj, key, value))
		m->nomem = true;
}

static void msg_password(struct msg *m, cJSON *obj, const char *password)
{
	cJSON *item = obj ? cJSON_AddStringToObject(obj, "password", password) : NULL;

	if (!item)
		m->nomem = true;
	m->secret = item;
}

/* The command's correlationData: added last so the keys read in the plugin's documented order. */
static void msg_corr(struct msg *m, cJSON *obj)
{
	msg_str(m, obj, "correlationData", m->corr);
}

static cJSON *msg_acls(struct msg *m, cJSON *cmd, const struct account *a, int *rc)
{
	struct account_acl acl[ACCOUNT_ACLS_MAX];
	size_t n;
	cJSON *arr;

	if ((*rc = account_acls(a, acl, ACCOUNT_ACLS_MAX, &n)) != HL_OK)
		return NULL;
	arr = cmd ? cJSON_AddArrayToObject(cmd, "acls") : NULL;
	for (size_t i = 0; arr && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
		if (!o || !cJSON_AddStringToObject(o, "acltype", acl[i].acltype) ||
		    !cJSON_AddStringToObject(o, "topic", acl[i].topic) || !cJSON_AddNumberToObject(o, "priority", 0) ||
		    !cJSON_AddTrueToObject(o, "allow"))
			arr = NULL;
	}
	if (!arr)
		m->nomem = true;
	return arr;
}

static void wipe_string(char *s)
{
	if (s)
		secret_wipe(s, strlen(s));
}

/* Prints and frees the message. rc: an earlier failure to pass on. */
static int msg_finish(struct msg *m, int rc, char **json)
{
	*json = NULL;
	if (rc == HL_OK && m->nomem)
		rc = HL_ERR_NOMEM;
	if (rc == HL_OK && !(*json = cJSON_PrintUnformatted(m->root)))
		rc = HL_ERR_NOMEM;
	if (m->secret)
		wipe_string(m->secret->valuestring);
	cJSON_Delete(m->root);
	return rc;
}

int dynsec_add(const struct account *a, const char *password, const char *corr, char **json)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	struct msg m;
	cJSON *c, *roles, *role;
	int rc = account_username(a, user, sizeof user);

	*json = NULL;
	if (rc != HL_OK)
		return HL_ERR_INVALID;
	msg_init(&m, corr);
	c = msg_command(&m, "createRole");
	msg_str(&m, c, "rolename", user);
	msg_acls(&m, c, a, &rc);
	msg_corr(&m, c);
	c = msg_command(&m, "createClient");
	msg_str(&m, c, "username", user);
	msg_password(&m, c, password);
	roles = c ? cJSON_AddArrayToObject(c, "roles") : NULL;
	role = roles ? cJSON_CreateObject() : NULL;
	if (role && !cJSON_AddItemToArray(roles, role)) {
		cJSON_Delete(role);
		role = NULL;
	}
	if (!role)
		m.nomem = true;
	msg_str(&m, role, "rolename", user);
	msg_corr(&m, c);
	return msg_finish(&m, rc, json);
}

int dynsec_fix_role(const struct account *a, const char *corr, char **json)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	struct msg m;
	cJSON *c;
	int rc = account_username(a, user, sizeof user);

	*json = NULL;
	if (rc != HL_OK)
		return HL_ERR_INVALID;
	msg_init(&m, corr);
	c = msg_command(&m, "modifyRole");
	msg_str(&m, c, "rolename", user);
	msg_acls(&m, c, a, &rc);
	msg_corr(&m, c);
	return msg_finish(&m, rc, json);
}

int dynsec_remove(const struct account *a, const char *corr, char **json)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	struct msg m;
	cJSON *c;

	*json = NULL;
	if (account_username(a, user, sizeof user) != HL_OK)
		return HL_ERR_INVALID;
	msg_init(&m, corr);
	c = msg_command(&m, "deleteClient");
	msg_str(&m, c, "username", user);
	msg_corr(&m, c);
	c = msg_command(&m, "deleteRole");
	msg_str(&m, c, "rolename", user);
	msg_corr(&m, c);
	return msg_finish(&m, HL_OK, json);
}

int dynsec_passwd(const struct account *a, const char *password, const char *corr, char **json)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	struct msg m;
	cJSON *c;

	*json = NULL;
	if (account_username(a, user, sizeof user) != HL_OK)
		return HL_ERR_INVALID;
	msg_init(&m, corr);
	c = msg_command(&m, "setClientPassword");
	msg_str(&m, c, "username", user);
	msg_password(&m, c, password);
	msg_corr(&m, c);
	return msg_finish(&m, HL_OK, json);
}

int dynsec_list(const char *corr, char **json)
{
	struct msg m;
	cJSON *c;

	msg_init(&m, corr);
	c = msg_command(&m, "listClients");
	if (c && (!cJSON_AddFalseToObject(c, "verbose") || !cJSON_AddNumberToObject(c, "count", -1) ||
		  !cJSON_AddNumberToObject(c, "offset", 0)))
		m.nomem = true;
	msg_corr(&m, c);
	return msg_finish(&m, HL_OK, json);
}

int dynsec_probe(const char *corr, char **json)
{
	struct msg m;
	cJSON *c;

	msg_init(&m, corr);
	c = msg_command(&m, "getDefaultACLAccess");
	msg_corr(&m, c);
	return msg_finish(&m, HL_OK, json);
}

void dynsec_free(char *json)
{
	wipe_string(json);
	free(json);
}

/* ---- the answers -------------------------------------------------------------------------------- */

void dynsec_outcome_free(struct dynsec_outcome *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nusernames; i++)
		free(o->usernames[i]);
	free(o->usernames);
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

int dynsec_judge(enum dynsec_op op, const struct account *a, const char *corr, const char *body, size_t len,
		 struct dynsec_outcome *out, char *msg, size_t cap)
{
	static const char *const want_add[] = { "createRole", "createClient" };
	static const char *const want_fix[] = { "modifyRole" };
	static const char *const want_remove[] = { "deleteClient", "deleteRole" };
	static const char *const want_passwd[] = { "setClientPassword" };
	static const char *const want_list[] = { "listClients" };
	static const char *const want_probe[] = { "getDefaultACLAccess" };
	static const struct {
		const char *const *v;
		size_t n;
	} want[] = { [DYNSEC_OP_ADD] = { want_add, 2 },       [DYNSEC_OP_FIX_ROLE] = { want_fix, 1 },
		     [DYNSEC_OP_REMOVE] = { want_remove, 2 }, [DYNSEC_OP_PASSWD] = { want_passwd, 1 },
		     [DYNSEC_OP_LIST] = { want_list, 1 },     [DYNSEC_OP_PROBE] = { want_probe, 1 } };
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
	}
	cJSON_Delete(ans.root);
	if (rc != HL_OK)
		dynsec_outcome_free(out);
	return rc;
}
