/* SPDX-License-Identifier: MIT
 * roster_pub.c — the roster message of roster_pub.h, through cJSON. Owns nothing beyond one call. */
#include "roster_pub.h"

#include "hl.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const char *const roster_pub_keys[ROSTER_WIRE_KINDS] = { "officers", "procedures", "counters" };

/* One entry; an officer's title and photo from x (NULL: none). */
static bool roster_json_entry(cJSON *o, const struct roster_entry *e, const struct roster_officer *x)
{
	if (!cJSON_AddStringToObject(o, "code", e->code) || !cJSON_AddStringToObject(o, "name", e->name))
		return false;
	return !x || ((!x->title[0] || cJSON_AddStringToObject(o, "title", x->title)) &&
		      (!x->photo[0] || cJSON_AddStringToObject(o, "photo", x->photo)));
}

static cJSON *roster_json_list(const struct roster_entry *e, const struct roster_officer *x, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
		/* Once in the array, o goes with it. */
		if (!o || !roster_json_entry(o, &e[i], x ? &x[i] : NULL)) {
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

int roster_pub_encode(const struct roster *r, char **body, size_t *len)
{
	cJSON *root = cJSON_CreateObject();
	bool ok = root != NULL;
	int rc = HL_ERR_NOMEM;

	*body = NULL;
	*len = 0;
	/* Sites' names (ROSTER_SITE) are not sent: terminals refuse a key they do not know. */
	for (int k = 0; ok && k < ROSTER_WIRE_KINDS; k++) {
		cJSON *list;
		/* Officers and procedures always (terminals expect both); counters only when there are some. */
		if (k == ROSTER_COUNTER && r->n[k] == 0)
			continue;
		list = roster_json_list(r->e[k], k == ROSTER_OFFICER ? r->officer : NULL, r->n[k]);
		if (list && !cJSON_AddItemToObject(root, roster_pub_keys[k], list)) {
			cJSON_Delete(list);
			list = NULL;
		}
		ok = list != NULL;
	}
	if (ok && (*body = cJSON_PrintUnformatted(root)) != NULL) {
		*len = strlen(*body);
		rc = HL_OK;
		if (*len > ROSTER_BODY_MAX) {
			free(*body);
			*body = NULL;
			rc = HL_ERR_RANGE;
		}
	}
	cJSON_Delete(root);
	return rc;
}
