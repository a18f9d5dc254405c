/* SPDX-License-Identifier: MIT
 * roster.c — names and titles are checked here, once, so screens and reports can trust them: UTF-8
 * text without the controls, bidi controls and invisible characters text_name_valid refuses (a
 * right-to-left override in a retained roster would reverse a terminal's labels). They are still
 * escaped wherever they are written (HTML, CSV, JSON). Also the small pure pieces of officers'
 * photos every side shares: the magic-byte check, the content hash and the photo topic. */
#include "roster.h"

#include "hl.h"
#include "text.h"
#include "topic.h"
#include "wire.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The message's lists; ROSTER_SITE has none (a site's name is not sent to its terminals). */
static const char *const roster_keys[ROSTER_WIRE_KINDS] = { "officers", "procedures", "counters" };
static const char *const roster_nouns[ROSTER_WIRE_KINDS] = { "officer", "procedure", "counter" };

static bool roster_code_ok(int kind, const char *code)
{
	if (kind == ROSTER_COUNTER || kind == ROSTER_SITE)
		return topic_id_valid(code);
	return code[0] && strlen(code) <= HL_CODE_MAX && wire_code_valid(code);
}

/* A name or title of at most max bytes that screens may show. */
static bool roster_text_ok(const char *text, size_t max, struct text_fault *tf)
{
	/* wire_text_valid as well, so a name free text would refuse is never let in here. */
	return text_name_valid(text, max, tf) && wire_text_valid(text, max);
}

/* Checks one entry of kind and copies it into e (and an officer's title and photo into x). */
static int roster_item(const cJSON *item, int kind, size_t nth, struct roster_entry *e, struct roster_officer *x,
		       char *why, size_t cap)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(item, "code");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
	const cJSON *title = kind == ROSTER_OFFICER ? cJSON_GetObjectItemCaseSensitive(item, "title") : NULL;
	const cJSON *photo = kind == ROSTER_OFFICER ? cJSON_GetObjectItemCaseSensitive(item, "photo") : NULL;
	int fields = 2 + (title != NULL) + (photo != NULL);
	struct text_fault tf;
	char d[160];

	if (!cJSON_IsObject(item) || cJSON_GetArraySize(item) != fields || !cJSON_IsString(code) ||
	    !cJSON_IsString(name) || !roster_code_ok(kind, code->valuestring)) {
		snprintf(why, cap, "%s %zu: not {\"code\":C,\"name\":N%s} with a valid code", roster_nouns[kind], nth,
			 kind == ROSTER_OFFICER ? "[,\"title\":T][,\"photo\":H]" : "");
		return HL_ERR_INVALID;
	}
	if (!roster_text_ok(name->valuestring, ROSTER_NAME_MAX, &tf)) {
		snprintf(why, cap, "%s %zu (code %s): name has %s", roster_nouns[kind], nth, code->valuestring,
			 text_fault_describe(&tf, d, sizeof d));
		return HL_ERR_INVALID;
	}
	if (title && (!cJSON_IsString(title) || !roster_text_ok(title->valuestring, ROSTER_TITLE_MAX, &tf))) {
		if (!cJSON_IsString(title))
			snprintf(why, cap, "%s %zu (code %s): title is not a string", roster_nouns[kind], nth,
				 code->valuestring);
		else
			snprintf(why, cap, "%s %zu (code %s): title has %s", roster_nouns[kind], nth,
				 code->valuestring, text_fault_describe(&tf, d, sizeof d));
		return HL_ERR_INVALID;
	}
	if (photo && (!cJSON_IsString(photo) || !roster_photo_hash_valid(photo->valuestring))) {
		snprintf(why, cap, "%s %zu (code %s): photo is not %d lowercase hex digits", roster_nouns[kind], nth,
			 code->valuestring, ROSTER_PHOTO_HASH_LEN);
		return HL_ERR_INVALID;
	}
	memset(e, 0, sizeof *e);
	strcpy(e->code, code->valuestring);
	strcpy(e->name, name->valuestring);
	if (title)
		strcpy(x->title, title->valuestring);
	if (photo)
		strcpy(x->photo, photo->valuestring);
	return HL_OK;
}

static int roster_list(const cJSON *arr, struct roster *r, int kind, char *why, size_t cap)
{
	const cJSON *item;
	int n = cJSON_GetArraySize(arr);

	if (!cJSON_IsArray(arr) || n > 100000) {
		snprintf(why, cap, "%s is not a list of at most 100000", roster_keys[kind]);
		return HL_ERR_INVALID;
	}
	r->e[kind] = calloc((size_t)(n ? n : 1), sizeof *r->e[kind]);
	if (!r->e[kind] || (kind == ROSTER_OFFICER && !(r->officer = calloc((size_t)(n ? n : 1), sizeof *r->officer))))
		return HL_ERR_NOMEM;
	cJSON_ArrayForEach(item, arr) {
		struct roster_officer *x = kind == ROSTER_OFFICER ? &r->officer[r->n[kind]] : NULL;
		int rc = roster_item(item, kind, r->n[kind] + 1, &r->e[kind][r->n[kind]], x, why, cap);
		if (rc != HL_OK)
			return rc;
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
		int kind = -1;
		for (int k = 0; k < ROSTER_WIRE_KINDS && kind < 0; k++)
			if (strcmp(it->string, roster_keys[k]) == 0)
				kind = k;
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

const struct roster_entry *roster_find(const struct roster *r, int kind, const char *code)
{
	if (!r || kind < 0 || kind >= ROSTER_KIND_COUNT || !code || !code[0])
		return NULL;
	for (size_t i = 0; i < r->n[kind]; i++)
		if (strcmp(r->e[kind][i].code, code) == 0)
			return &r->e[kind][i];
	return NULL;
}

const char *roster_name(const struct roster *r, int kind, const char *code)
{
	const struct roster_entry *e = roster_find(r, kind, code);

	return e ? e->name : NULL;
}

/* The officer's title and photo of code, or NULL. */
static const struct roster_officer *roster_officer_of(const struct roster *r, const char *code)
{
	const struct roster_entry *e = roster_find(r, ROSTER_OFFICER, code);

	return e && r->officer ? &r->officer[e - r->e[ROSTER_OFFICER]] : NULL;
}

const char *roster_title(const struct roster *r, const char *code)
{
	const struct roster_officer *x = roster_officer_of(r, code);

	return x && x->title[0] ? x->title : NULL;
}

const char *roster_photo(const struct roster *r, const char *code)
{
	const struct roster_officer *x = roster_officer_of(r, code);

	return x && x->photo[0] ? x->photo : NULL;
}

void roster_free(struct roster *r)
{
	if (!r)
		return;
	for (int k = 0; k < ROSTER_KIND_COUNT; k++)
		free(r->e[k]);
	free(r->officer);
	free(r);
}

/* ---- photos ------------------------------------------------------------------------------------ */

const char *roster_photo_type(const void *bytes, size_t len)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	const unsigned char *b = bytes;

	/* PNG: the signature, then the IHDR chunk; JPEG: SOI and the first marker's 0xFF. */
	if (len >= 8 + 8 + 13 && memcmp(b, png, sizeof png) == 0 && memcmp(b + 12, "IHDR", 4) == 0)
		return "image/png";
	if (len >= 4 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

void roster_photo_hash(const void *bytes, size_t len, char out[ROSTER_PHOTO_HASH_LEN + 1])
{
	const unsigned char *b = bytes;
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < len; i++) {
		h ^= b[i];
		h *= 0x100000001b3u;
	}
	snprintf(out, ROSTER_PHOTO_HASH_LEN + 1, "%016llx", (unsigned long long)h);
}

bool roster_photo_hash_valid(const char *hash)
{
	size_t n = 0;

	for (; hash[n]; n++)
		if (n >= ROSTER_PHOTO_HASH_LEN || !((hash[n] >= '0' && hash[n] <= '9') || (hash[n] >= 'a' && hash[n] <= 'f')))
			return false;
	return n == ROSTER_PHOTO_HASH_LEN;
}

int roster_photo_topic(char *buf, size_t cap, const char *site, const char *code)
{
	int n;

	if (cap)
		buf[0] = '\0';
	if (!topic_id_valid(site) || (strcmp(code, "+") != 0 && !roster_code_ok(ROSTER_OFFICER, code)))
		return HL_ERR_INVALID;
	n = snprintf(buf, cap, TOPIC_PREFIX "%s/photo/%s", site, code);
	if (n < 0 || (size_t)n >= cap) {
		if (cap)
			buf[0] = '\0';
		return HL_ERR_RANGE;
	}
	return HL_OK;
}

const char *roster_photo_code(const char *topic, const char *site)
{
	size_t pl = strlen(TOPIC_PREFIX), sl = strlen(site);
	const char *code;

	if (!topic_id_valid(site) || strncmp(topic, TOPIC_PREFIX, pl) != 0 || strncmp(topic + pl, site, sl) != 0 ||
	    strncmp(topic + pl + sl, "/photo/", 7) != 0)
		return NULL;
	code = topic + pl + sl + 7;
	return roster_code_ok(ROSTER_OFFICER, code) ? code : NULL;
}
