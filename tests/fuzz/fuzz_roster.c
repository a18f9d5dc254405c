/* SPDX-License-Identifier: MIT
 * fuzz_roster.c — libFuzzer harness for roster_decode (shared/roster.h): the retained roster JSON the
 * terminals show names from. The input is the payload. A refused roster gives no roster; an accepted
 * one holds only valid codes and UTF-8 names that fit (counters' codes are topic ids), officers'
 * titles that fit and photo hashes of 16 hex digits, and roster_name finds a name for each code. */
#include "fuzz.h"

#include "hl.h"
#include "roster.h"
#include "topic.h"
#include "wire.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *payload = fuzz_dup(data, size);
	struct roster *r = (struct roster *)&payload; /* any non-NULL value: decode must reset it */
	int rc = roster_decode(payload, size, &r);

	free(payload);
	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_INVALID || rc == HL_ERR_NOMEM);
	if (rc != HL_OK) {
		FUZZ_CHECK(r == NULL);
		return 0;
	}
	FUZZ_CHECK(r != NULL);
	for (int k = 0; k < ROSTER_KIND_COUNT; k++) {
		for (size_t i = 0; i < r->n[k]; i++) {
			const struct roster_entry *e = &r->e[k][i];
			const char *name;
			FUZZ_CHECK(e->code[0] && wire_code_valid(e->code));
			FUZZ_CHECK(k != ROSTER_COUNTER || topic_id_valid(e->code));
			FUZZ_CHECK(wire_text_valid(e->name, ROSTER_NAME_MAX));
			name = roster_name(r, k, e->code);
			FUZZ_CHECK(name != NULL);
			if (k == ROSTER_OFFICER) {
				const char *title = roster_title(r, e->code), *photo = roster_photo(r, e->code);
				FUZZ_CHECK(!title || (title[0] && wire_text_valid(title, ROSTER_TITLE_MAX)));
				FUZZ_CHECK(!photo || roster_photo_hash_valid(photo));
			}
		}
	}
	FUZZ_CHECK(roster_name(r, ROSTER_OFFICER, "") == NULL);
	roster_free(r);
	return 0;
}
