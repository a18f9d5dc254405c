/* SPDX-License-Identifier: MIT
 * fuzz_roster_csv.c — libFuzzer harness for the roster import (results/sheet.h): the officers,
 * procedures, counters and sites CSV files people make in spreadsheets and give to `roster import`. The input
 * is the file, put in an in-memory file (fuzz_file) and read as each kind of file. Every row kept must
 * be one the store accepts — valid site and code, a UTF-8 name and title that fit, a photo that is a
 * JPEG or PNG of at most 256 KiB, a site's code a topic id — and the rows come back sorted; reading never fails but for memory
 * (and never blocks: a photo column may name /proc/self/fd/0). */
#include "fuzz.h"

#include "hl.h"
#include "roster.h"
#include "sheet.h"
#include "topic.h"
#include "wire.h"

#include <stdint.h>
#include <string.h>

static void one(const char *path, int kind)
{
	struct sheet sh = { .path = path, .kind = kind };
	int rc = sheet_read(&sh);

	FUZZ_CHECK(rc == HL_OK || rc == HL_ERR_NOMEM);
	FUZZ_CHECK(sh.nfaults <= sh.faults_total);
	for (size_t i = 0; i < sh.nrows; i++) {
		const struct sheet_row *r = &sh.rows[i];
		FUZZ_CHECK(r->line >= 2); /* the header is line 1 or later, never a row */
		bool sited = kind == ROSTER_OFFICER || kind == ROSTER_COUNTER;
		FUZZ_CHECK(sited ? topic_id_valid(r->o.site) : r->o.site[0] == '\0');
		FUZZ_CHECK(r->o.e.code[0] && wire_code_valid(r->o.e.code));
		FUZZ_CHECK((kind != ROSTER_COUNTER && kind != ROSTER_SITE) || topic_id_valid(r->o.e.code));
		FUZZ_CHECK(kind == ROSTER_OFFICER || (!r->info.bytes && !r->info.title[0]));
		FUZZ_CHECK(wire_text_valid(r->info.title, ROSTER_TITLE_MAX));
		FUZZ_CHECK(!r->info.bytes || (r->info.len <= ROSTER_PHOTO_MAX && roster_photo_type(r->info.bytes, r->info.len) &&
					      roster_photo_hash_valid(r->info.photo)));
		FUZZ_CHECK(r->o.e.name[0] && wire_text_valid(r->o.e.name, ROSTER_NAME_MAX));
		FUZZ_CHECK(r->o.e.name[0] != ' ' && r->o.e.name[strlen(r->o.e.name) - 1] != ' ');
		if (i) {
			const struct sheet_row *p = &sh.rows[i - 1];
			int c = strcmp(p->o.site, r->o.site);
			FUZZ_CHECK(c < 0 || (c == 0 && strcmp(p->o.e.code, r->o.e.code) <= 0));
		}
	}
	/* A clean file is one the import would store: no code twice in a site. */
	if (sh.faults_total == 0)
		for (size_t i = 1; i < sh.nrows; i++)
			FUZZ_CHECK(strcmp(sh.rows[i - 1].o.site, sh.rows[i].o.site) ||
				   strcmp(sh.rows[i - 1].o.e.code, sh.rows[i].o.e.code));
	sheet_free(&sh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file(data, size);

	one(path, ROSTER_OFFICER);
	one(path, ROSTER_PROCEDURE);
	one(path, ROSTER_COUNTER);
	one(path, ROSTER_SITE);
	return 0;
}
