/* SPDX-License-Identifier: MIT
 * hook.c — the webhook's body and signature (hook.h). The JSON is cJSON's (every string escaped);
 * the HMAC is libsodium's crypto_auth_hmacsha256 with the secret as its key, whatever its length. */
#include "hook.h"

#include "flags.h"
#include "hl.h"
#include "period.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

int hook_sign(const unsigned char *secret, size_t secret_len, int64_t t, const char *body, size_t len, char *out,
	      size_t cap)
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char ts[24], hex[2 * sizeof mac + 1];
	int k;

	if (cap)
		out[0] = '\0';
	if (!secret || secret_len == 0)
		return HL_ERR_INVALID;
	k = snprintf(ts, sizeof ts, "%lld", (long long)t);
	crypto_auth_hmacsha256_init(&st, secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)k);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
	sodium_memzero(&st, sizeof st);
	k = snprintf(out, cap, "t=%s,sha256=%s", ts, hex);
	return k < 0 || (size_t)k >= cap ? HL_ERR_RANGE : HL_OK;
}

int hook_flag_json(const struct hook_flag *f, char **out)
{
	const char *kind = flag_kind_name(f->kind), *type = flag_subject_name(f->subject_type);
	cJSON *root, *flag, *subj, *site;
	char day[16];
	int y, m, d;

	*out = NULL;
	if (!kind || !type)
		return HL_ERR_INVALID;
	period_civil_from_day(f->day, &y, &m, &d);
	snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
	if (!(root = cJSON_CreateObject()))
		return HL_ERR_NOMEM;
	cJSON_AddStringToObject(root, "event", "flag.opened");
	cJSON_AddStringToObject(root, "topic", f->topic ? f->topic : "");
	flag = cJSON_AddObjectToObject(root, "flag");
	if (flag) {
		cJSON_AddNumberToObject(flag, "id", (double)f->id);
		cJSON_AddStringToObject(flag, "kind", kind);
		if ((subj = cJSON_AddObjectToObject(flag, "subject"))) {
			cJSON_AddStringToObject(subj, "type", type);
			cJSON_AddStringToObject(subj, "code", f->subject ? f->subject : "");
			cJSON_AddStringToObject(subj, "name", f->subject_name ? f->subject_name : "");
		}
		if ((site = cJSON_AddObjectToObject(flag, "site"))) {
			cJSON_AddStringToObject(site, "code", f->site ? f->site : "");
			cJSON_AddStringToObject(site, "name", f->site_name ? f->site_name : "");
		}
		cJSON_AddStringToObject(flag, "day", day);
		cJSON_AddStringToObject(flag, "summary", f->summary ? f->summary : "");
		cJSON_AddStringToObject(flag, "url", f->url ? f->url : "");
	}
	*out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return *out ? HL_OK : HL_ERR_NOMEM;
}
