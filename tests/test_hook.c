/* SPDX-License-Identifier: MIT
 * Unit tests of the webhook's signature and body (notify/hook.c): the HMAC-SHA256 of "T.BODY" as a
 * receiver computes it (vectors from Python's hmac module, a short and a 100-byte key), refused
 * without a secret; the flag's JSON says the day, never a time, with names and the summary. */
#include "flags.h"
#include "hl.h"
#include "hook.h"
#include "period.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static void signature_matches_a_known_vector(void **state)
{
	const char *body = "{\"event\":\"flag.opened\"}";
	unsigned char key[100];
	char sig[HOOK_SIG_MAX];

	(void)state;
	assert_int_equal(hook_sign((const unsigned char *)"Jefe", 4, 1780000000, body, strlen(body), sig, sizeof sig), HL_OK);
	assert_string_equal(sig, "t=1780000000,sha256=c3f7be28e3cdb38de43e714da13b9590f5cefefb4cf95ca9d3fd6eecd0a3cdb9");
	memset(key, 'k', sizeof key); /* longer than the hash's block: hashed first, as HMAC says */
	assert_int_equal(hook_sign(key, sizeof key, 0, "", 0, sig, sizeof sig), HL_OK);
	assert_string_equal(sig, "t=0,sha256=243c2f8200e1d4ee892e7a7ded377a65e2beb1c64b997c54b8b0f516216d4b0f");
	/* Another time or another body: another signature. */
	char other[HOOK_SIG_MAX];
	assert_int_equal(hook_sign((const unsigned char *)"Jefe", 4, 1780000001, body, strlen(body), other, sizeof other), HL_OK);
	assert_string_not_equal(strchr(other, ','), strchr("t=1780000000,sha256=c3f7be28e3cdb38de43e714da13b9590f5cefefb4cf95ca9d3fd6eecd0a3cdb9", ','));
	assert_int_equal(hook_sign(NULL, 0, 1, body, strlen(body), sig, sizeof sig), HL_ERR_INVALID);
	assert_int_equal(hook_sign((const unsigned char *)"Jefe", 4, 1, body, strlen(body), sig, 20), HL_ERR_RANGE);
}

static const char *str(const cJSON *o, const char *path0, const char *path1)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, path0);

	if (path1)
		it = cJSON_GetObjectItemCaseSensitive(it, path1);
	assert_true(cJSON_IsString(it));
	return it->valuestring;
}

static void flag_json_has_the_day_and_names(void **state)
{
	struct hook_flag f = { "flag:17", 17, FLAG_SERIOUS, FLAG_SUBJ_OFFICER, "cb0123", "Nguyễn Văn An",
			       "sct-bentre", "Trung tâm Phục vụ hành chính công", period_day_from_civil(2026, 12, 1),
			       "Ý kiến nghiêm trọng: Nhũng nhiễu", "https://hailong.example/canh-bao" };
	char *out = NULL;

	(void)state;
	assert_int_equal(hook_flag_json(&f, &out), HL_OK);
	cJSON *j = cJSON_Parse(out);
	assert_non_null(j);
	assert_string_equal(str(j, "event", NULL), "flag.opened");
	assert_string_equal(str(j, "topic", NULL), "flag:17");
	const cJSON *flag = cJSON_GetObjectItemCaseSensitive(j, "flag");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(flag, "id")->valuedouble, 17);
	assert_string_equal(str(flag, "kind", NULL), "serious");
	assert_string_equal(str(flag, "subject", "type"), "officer");
	assert_string_equal(str(flag, "subject", "code"), "cb0123");
	assert_string_equal(str(flag, "subject", "name"), "Nguyễn Văn An");
	assert_string_equal(str(flag, "site", "code"), "sct-bentre");
	assert_string_equal(str(flag, "day", NULL), "2026-12-01");
	assert_string_equal(str(flag, "summary", NULL), "Ý kiến nghiêm trọng: Nhũng nhiễu");
	/* No time anywhere: no "T", no "opened", no hh:mm. */
	assert_null(strstr(out, "\"opened\""));
	assert_null(strstr(out, ":00"));
	cJSON_Delete(j);
	free(out);
	f.kind = FLAG_KIND_COUNT;
	assert_int_equal(hook_flag_json(&f, &out), HL_ERR_INVALID);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signature_matches_a_known_vector),
		cmocka_unit_test(flag_json_has_the_day_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
