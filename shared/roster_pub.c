/* SPDX-License-Identifier: MIT
 * roster_pub.c — the roster message of roster_pub.h, through cJSON. Owns nothing beyond one call. */
#include "roster_pub.h"

#include "hl.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static cJSON *roster_json_list(const struct roster_entry *e, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (o && !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			o = NULL;
		}
		/* Once in the array, o goes with it. */
		if (!o || !cJSON_AddStringToObject(o, "code", e[i].code) ||
		    !cJSON_AddStringToObject(o, "name", e[i].name)) {
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

int roster_pub_encode(const struct roster *r, char **body, size_t *len)
{
	cJSON *root = cJSON_CreateObject(), *off, *proc;
	int rc = HL_ERR_NOMEM;

	*body = NULL;
	*len = 0;
	off = root ? roster_json_list(r->e[ROSTER_OFFICER], r->n[ROSTER_OFFICER]) : NULL;
	if (off && !cJSON_AddItemToObject(root, "officers", off)) {
		cJSON_Delete(off);
		off = NULL;
	}
	proc = off ? roster_json_list(r->e[ROSTER_PROCEDURE], r->n[ROSTER_PROCEDURE]) : NULL;
	if (proc && !cJSON_AddItemToObject(root, "procedures", proc)) {
		cJSON_Delete(proc);
		proc = NULL;
	}
	if (proc && (*body = cJSON_PrintUnformatted(root)) != NULL) {
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
