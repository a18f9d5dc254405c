/* SPDX-License-Identifier: MIT
 * dynsec.c — the plugin's messages (what its answers mean is dynsec_answer.c's). Every command
 * carries the caller's correlationData because every admin subscribed to the response topic sees
 * every answer. Passwords pass through cJSON trees and printed text: both are wiped before they are
 * freed. The rules an account's role gets come from account.c. */
#include "dynsec.h"

#include "hl.h"
#include "secret.h"

#include <cjson/cJSON.h>
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

/* A message of two commands about a's login, each naming it by key1 / key2 ("username" or
 * "rolename": the role has the login's name). */
static int dynsec_pair(const struct account *a, const char *corr, char **json, const char *cmd1, const char *key1,
		       const char *cmd2, const char *key2)
{
	char user[ACCOUNT_USERNAME_MAX + 1];
	struct msg m;
	cJSON *c;

	*json = NULL;
	if (account_username(a, user, sizeof user) != HL_OK)
		return HL_ERR_INVALID;
	msg_init(&m, corr);
	c = msg_command(&m, cmd1);
	msg_str(&m, c, key1, user);
	msg_corr(&m, c);
	c = msg_command(&m, cmd2);
	msg_str(&m, c, key2, user);
	msg_corr(&m, c);
	return msg_finish(&m, HL_OK, json);
}

int dynsec_remove(const struct account *a, const char *corr, char **json)
{
	return dynsec_pair(a, corr, json, "deleteClient", "username", "deleteRole", "rolename");
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

int dynsec_show(const struct account *a, const char *corr, char **json)
{
	return dynsec_pair(a, corr, json, "getClient", "username", "getRole", "rolename");
}

int dynsec_reconnect(const struct account *a, const char *corr, char **json)
{
	/* One message: the plugin runs both before it reads anything else, so no login falls between. */
	return dynsec_pair(a, corr, json, "disableClient", "username", "enableClient", "username");
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
