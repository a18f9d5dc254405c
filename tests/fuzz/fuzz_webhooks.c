/* SPDX-License-Identifier: MIT
 * fuzz_webhooks.c — libFuzzer harness for hailong-notify's webhooks file (notify/hooks.h): the CSV
 * `name,url,secret_file,sites` an admin edits by hand. The input is the file's text. Reading never
 * fails but with HL_ERR_INVALID (a reason naming the file, a line and, for a field, its column) or
 * HL_ERR_NOMEM; a file read leaves nothing on failure; every webhook kept has a name that can be a
 * recipient, an http(s) address without blanks or control characters, a secret file inside the
 * file's folder when relative, and site codes; no name twice. */
#include "fuzz.h"

#include "hl.h"
#include "hooks.h"
#include "topic.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hooks h; /* 190 KB: not on the stack */
	char *text = fuzz_dup(data, size), why[256];
	int rc = hooks_parse(text, size, "/etc/hailong/webhooks.csv", &h, why, sizeof why);

	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_INVALID || rc == HL_ERR_NOMEM);
	if (rc != HL_OK) {
		FUZZ_CHECK(h.n == 0);
		FUZZ_CHECK(strncmp(why, "/etc/hailong/webhooks.csv:", 26) == 0);
	}
	FUZZ_CHECK(h.n <= HOOKS_MAX);
	for (size_t i = 0; i < h.n; i++) {
		const struct hook_conf *c = &h.v[i];
		FUZZ_CHECK(c->name[0] && strlen(c->name) <= 64);
		for (const char *p = c->name; *p; p++)
			FUZZ_CHECK((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-');
		FUZZ_CHECK(strncmp(c->url, "http://", 7) == 0 || strncmp(c->url, "https://", 8) == 0);
		for (const unsigned char *p = (const unsigned char *)c->url; *p; p++)
			FUZZ_CHECK(*p > 0x20 && *p < 0x7f);
		FUZZ_CHECK(c->secret_file[0] == '/');
		FUZZ_CHECK(c->secret_len == 0);
		FUZZ_CHECK(c->nsites <= HOOKS_SITES_MAX);
		for (size_t k = 0; k < c->nsites; k++)
			FUZZ_CHECK(topic_id_valid(c->sites[k]));
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(h.v[j].name, c->name) != 0);
	}
	free(text);
	return 0;
}
