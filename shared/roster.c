/* SPDX-License-Identifier: MIT
 * roster.c — names are checked as UTF-8 text here, once, so screens and reports can trust them; they
 * are still escaped wherever they are written (HTML, CSV, JSON). */
#include "roster.h"

#include "hl.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const roster_keys[ROSTER_KIND_COUNT] = { "officers", "procedures" };

static int roster_list(const cJSON *arr, struct roster *r, int kind)
{
	const cJSON *item;
	int n = cJSON_GetArraySize(arr);

	if (!cJSON_IsArray(arr) || n > 100000)
		return HL_ERR_INVALID;
	r->e[kind] = calloc((size_t)(n ? n : 1), sizeof *r->e[kind]);
	if (!r->e[kind])
		return HL_ERR_NOMEM;
	cJSON_ArrayForEach(item, arr) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
		struct roster_entry *e = &r->e[kind][r->n[kind]];
		if (!cJSON_IsObject(item) || cJSON_GetArraySize(item) != 2 || !cJSON_IsString(code) ||
		    !cJSON_IsString(name) || strlen(code->valuestring) > 32 || !code->valuestring[0] ||
		    !wire_code_valid(code->valuestring) || !wire_text_valid(name->valuestring, ROSTER_NAME_MAX))
			return HL_ERR_INVALID;
		strcpy(e->code, code->valuestring);
		strcpy(e->name, name->valuestring);
		r->n[kind]++;
	}
	return HL_OK;
}

int roster_decode(const void *payload, size_t len, struct roster **out)
{
	struct roster *r;
	cJSON *root;
	const char *why;
	int rc = HL_ERR_INVALID;

	*out = NULL;
	if (len == 0 || len > ROSTER_BODY_MAX)
		return HL_ERR_INVALID;
	/* The same strict parse as every wire message: no trailing data, no \u0000 cutting a name short. */
	if (wire_parse_object(payload, len, &root, &why) != HL_OK)
		return HL_ERR_INVALID;
	r = calloc(1, sizeof *r);
	if (!r) {
		cJSON_Delete(root);
		return HL_ERR_NOMEM;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, root) {
		int kind = strcmp(it->string, roster_keys[0]) == 0 ? 0 : strcmp(it->string, roster_keys[1]) == 0 ? 1 : -1;
		if (kind < 0 || r->e[kind]) {
			rc = HL_ERR_INVALID;
			goto out;
		}
		if ((rc = roster_list(it, r, kind)) != HL_OK)
			goto out;
	}
	rc = HL_OK;
out:
	cJSON_Delete(root);
	if (rc != HL_OK)
		roster_free(r);
	else
		*out = r;
	return rc;
}

const char *roster_name(const struct roster *r, int kind, const char *code)
{
	if (!r || kind < 0 || kind >= ROSTER_KIND_COUNT || !code[0])
		return NULL;
	for (size_t i = 0; i < r->n[kind]; i++)
		if (strcmp(r->e[kind][i].code, code) == 0)
			return r->e[kind][i].name;
	return NULL;
}

void roster_free(struct roster *r)
{
	if (!r)
		return;
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		free(r->e[k]);
	free(r);
}
