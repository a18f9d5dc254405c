/* SPDX-License-Identifier: MIT
 * roster.c — names are checked here, once, so screens and reports can trust them: UTF-8 text without
 * the controls, bidi controls and invisible characters text_name_valid refuses (a right-to-left
 * override in a retained roster would reverse a terminal's labels). They are still escaped wherever
 * they are written (HTML, CSV, JSON). */
#include "roster.h"

#include "hl.h"
#include "text.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const roster_keys[ROSTER_KIND_COUNT] = { "officers", "procedures" };
static const char *const roster_nouns[ROSTER_KIND_COUNT] = { "officer", "procedure" };

static int roster_list(const cJSON *arr, struct roster *r, int kind, char *why, size_t cap)
{
	const cJSON *item;
	int n = cJSON_GetArraySize(arr);

	if (!cJSON_IsArray(arr) || n > 100000) {
		snprintf(why, cap, "%s is not a list of at most 100000", roster_keys[kind]);
		return HL_ERR_INVALID;
	}
	r->e[kind] = calloc((size_t)(n ? n : 1), sizeof *r->e[kind]);
	if (!r->e[kind])
		return HL_ERR_NOMEM;
	cJSON_ArrayForEach(item, arr) {
		const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
		struct roster_entry *e = &r->e[kind][r->n[kind]];
		struct text_fault tf;
		char d[160];
		if (!cJSON_IsObject(item) || cJSON_GetArraySize(item) != 2 || !cJSON_IsString(code) ||
		    !cJSON_IsString(name) || strlen(code->valuestring) > 32 || !code->valuestring[0] ||
		    !wire_code_valid(code->valuestring)) {
			snprintf(why, cap, "%s %zu: not {\"code\":C,\"name\":N} with a valid code",
				 roster_nouns[kind], r->n[kind] + 1);
			return HL_ERR_INVALID;
		}
		/* wire_text_valid as well, so a name free text would refuse is never let in here. */
		if (!text_name_valid(name->valuestring, ROSTER_NAME_MAX, &tf) ||
		    !wire_text_valid(name->valuestring, ROSTER_NAME_MAX)) {
			snprintf(why, cap, "%s %zu (code %s): name has %s", roster_nouns[kind], r->n[kind] + 1,
				 code->valuestring, text_fault_describe(&tf, d, sizeof d));
			return HL_ERR_INVALID;
		}
		strcpy(e->code, code->valuestring);
		strcpy(e->name, name->valuestring);
		r->n[kind]++;
	}
	return HL_OK;
}

int roster_decode(const void *payload, size_t len, struct roster **out)
{
	return roster_decode_why(payload, len, out, NULL, 0);
}

int roster_decode_why(const void *payload, size_t len, struct roster **out, char *why, size_t cap)
{
	struct roster *r;
	cJSON *root;
	const char *pwhy;
	char scratch[8];
	int rc = HL_ERR_INVALID;

	*out = NULL;
	if (!why) {
		why = scratch;
		cap = sizeof scratch;
	}
	why[0] = '\0';
	if (len == 0 || len > ROSTER_BODY_MAX) {
		snprintf(why, cap, "%zu bytes; a roster is 1 to %d", len, ROSTER_BODY_MAX);
		return HL_ERR_INVALID;
	}
	/* The same strict parse as every wire message: no trailing data, no \u0000 cutting a name short. */
	if (wire_parse_object(payload, len, &root, &pwhy) != HL_OK) {
		snprintf(why, cap, "%s", pwhy ? pwhy : "not a JSON object");
		return HL_ERR_INVALID;
	}
	r = calloc(1, sizeof *r);
	if (!r) {
		cJSON_Delete(root);
		return HL_ERR_NOMEM;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, root) {
		int kind = strcmp(it->string, roster_keys[0]) == 0 ? 0 : strcmp(it->string, roster_keys[1]) == 0 ? 1 : -1;
		if (kind < 0 || r->e[kind]) {
			char k[200];
			snprintf(why, cap, "%s key '%s'", kind < 0 ? "unknown" : "repeated",
				 text_shown(it->string, 40, k, sizeof k));
			rc = HL_ERR_INVALID;
			goto out;
		}
		if ((rc = roster_list(it, r, kind, why, cap)) != HL_OK)
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
